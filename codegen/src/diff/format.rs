//! The report as text (for a terminal), markdown (for a pull-request
//! comment) and JSON (for tools; its layout is `Report`'s, versioned by
//! `schema_version`).

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::{Level, Report, RustImpact};

fn style(level: Level) -> Style {
    match level {
        Level::Error => AnsiColor::Red.on_default().bold(),
        Level::Warning => AnsiColor::Yellow.on_default().bold(),
        Level::Info => AnsiColor::Cyan.on_default(),
    }
}

/// What changed in the spec and, when compared, in the Rust API: the two
/// can disagree (a spec change that breaks no client, a generated item
/// renamed by a change no spec rule calls breaking), and the verdict below
/// is the Rust API's.
fn summary(report: &Report) -> String {
    let spec = format!(
        "{} spec change(s): {} breaking, {} possibly breaking, {} info",
        report.changes.len(),
        report.count(Level::Error),
        report.count(Level::Warning),
        report.count(Level::Info)
    );
    match &report.rust {
        RustImpact::Compared { changes } => {
            let breaking = changes.iter().filter(|c| c.breaking()).count();
            format!("{spec}; {} Rust API item change(s), {breaking} breaking", changes.len())
        }
        _ => spec,
    }
}

fn verdict(report: &Report) -> String {
    match (&report.semver, &report.rust) {
        (Some(semver), _) => format!("semver: {} (from the generated Rust API)", semver.as_str()),
        (None, RustImpact::Unavailable { reason }) => format!("semver: unknown ({reason})"),
        (None, _) => "semver: unknown".to_string(),
    }
}

/// Human text. Styles are ANSI codes; the binary writes through
/// `anstream`, which drops them when the output is not a terminal.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} -> {}", report.old, report.new);
    let _ = writeln!(out, "{}", summary(report));
    for c in &report.changes {
        let s = style(c.level);
        let _ = write!(out, "\n{s}{:<7}{s:#} {}", c.level.as_str(), c.id);
        if let Some(op) = &c.operation {
            let _ = write!(out, "  {op}");
        }
        if !c.location.is_empty() {
            let _ = write!(out, "  ({})", c.location);
        }
        let _ = writeln!(out, "\n        {}", c.message);
        for r in &c.rust {
            let _ = writeln!(out, "        rust: {r}");
        }
    }
    if let RustImpact::Compared { changes } = &report.rust {
        let _ = writeln!(out, "\nRust API: {} item change(s)", changes.len());
        for c in changes {
            let _ = writeln!(out, "  {}", c.describe());
        }
    }
    let _ = writeln!(out, "\n{}", verdict(report));
    out
}

/// A pull-request comment.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### API changes: `{}` → `{}`\n", report.old, report.new);
    let _ = writeln!(out, "{}. **{}**\n", summary(report), verdict(report));
    if !report.changes.is_empty() {
        let _ = writeln!(out, "| level | rule | operation | change | Rust API |");
        let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
        for c in &report.changes {
            let icon = match c.level {
                Level::Error => "🔴 error",
                Level::Warning => "🟡 warning",
                Level::Info => "🔵 info",
            };
            let op = c.operation.as_deref().map(|o| format!("`{o}`")).unwrap_or_default();
            let rust = if c.rust.is_empty() { "—".to_string() } else { c.rust.join("<br>") };
            let _ = writeln!(out, "| {icon} | `{}` | {op} | {} | {} |", c.id, cell(&c.message), cell(&rust));
        }
    }
    if let RustImpact::Compared { changes } = &report.rust {
        if !changes.is_empty() {
            let _ = writeln!(out, "\n<details><summary>Rust API: {} item change(s)</summary>\n", changes.len());
            for c in changes {
                let _ = writeln!(out, "- {}", cell(&c.describe()));
            }
            let _ = writeln!(out, "\n</details>");
        }
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Pretty JSON of the report.
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
}
