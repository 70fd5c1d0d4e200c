//! `botapis-codegen`: regenerate, check, or lint the vendor specs.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// glibc's allocator makes a large generation superlinear: freeing a
/// multi-gigabyte heap of small token and syntax nodes spends its time
/// consolidating chunks. mimalloc keeps it linear (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "botapis-codegen", version, about = "Generate botapis clients from OpenAPI specs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate SPECs (by default, every spec of SPECS_DIR) into OUT_DIR,
    /// side by side, writing only the files that change.
    Generate {
        /// The specs to regenerate; the others are left as they are.
        specs: Vec<PathBuf>,
        /// Write nothing; exit 1 naming every generated file that is stale.
        #[arg(long)]
        check: bool,
        /// Where the specs are, when none is named.
        #[arg(long, default_value = "specs", conflicts_with = "specs")]
        specs_dir: PathBuf,
        #[arg(long, default_value = "generated")]
        out_dir: PathBuf,
        /// Skip, with a warning, each operation the generator cannot take,
        /// read a schema the type engine cannot take as free-form JSON, and
        /// repair common defects of published specs.
        #[arg(long)]
        allow_skips: bool,
    },
    /// Everything `generate` does to each spec, writing nothing: a spec
    /// that passes here generates.
    Check {
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// As `generate --allow-skips` reads them.
        #[arg(long)]
        allow_skips: bool,
    },
    /// What changed between two versions of a spec, for API clients and for
    /// the generated Rust API. Exit status: 0, or 1 when `--fail-on` is met,
    /// or 2 when an input is invalid.
    Diff {
        /// The older spec (omit with `--git`).
        #[arg(required_unless_present = "git")]
        old: Option<PathBuf>,
        /// The newer spec.
        #[arg(required_unless_present = "git")]
        new: Option<PathBuf>,
        /// Compare SPEC with its version at git revision REV.
        #[arg(long, num_args = 2, value_names = ["REV", "SPEC"], conflicts_with_all = ["old", "new"])]
        git: Option<Vec<String>>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit 1 when a change at this level or above is found.
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// Skip generating both versions to compare their Rust API.
        #[arg(long)]
        no_rust: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    Error,
    Warning,
}

/// Transparent huge pages make a large generation superlinear in wall-clock
/// time: the kernel compacts memory to fault in each 2 MB page, and the cost
/// per page grows with the heap (1k against 10k operations: 1.6x the linear
/// time, against 1.1x without them; docs/benchmarks.md). The run is short and
/// its heap is written once, so small pages lose nothing. mimalloc's
/// `MIMALLOC_ALLOW_THP=0` does the same, but only from the environment.
#[cfg(target_os = "linux")]
fn without_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE sets one flag of this process's memory
    // map and reads no memory; a kernel without it fails and changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn without_huge_pages() {}

fn main() -> ExitCode {
    without_huge_pages();
    match Cli::parse().command {
        Command::Generate { specs, check, specs_dir, out_dir, allow_skips } => generate(specs, check, specs_dir, out_dir, allow_skips),
        Command::Diff { old, new, git, format, fail_on, no_rust } => diff(old, new, git, format, fail_on, no_rust),
        Command::Check { specs, allow_skips } => {
            let mut failed = false;
            for spec in specs {
                match botapis_codegen::check_with(&spec, botapis_codegen::Options { allow_skips }) {
                    Ok(warnings) => {
                        for w in &warnings {
                            eprintln!("warning: {w}");
                        }
                        println!("{}: ok", spec.display());
                    }
                    Err(d) => {
                        eprintln!("{d}");
                        failed = true;
                    }
                }
            }
            if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }
    }
}

fn generate(specs: Vec<PathBuf>, check: bool, specs_dir: PathBuf, out_dir: PathBuf, allow_skips: bool) -> ExitCode {
    let mut config = botapis_codegen::Config::new();
    if specs.is_empty() {
        config.specs_dir(specs_dir);
    }
    for spec in specs {
        config.spec(spec);
    }
    config.out_dir(out_dir).allow_skips(allow_skips);
    if check {
        return match config.stale() {
            Ok(stale) if stale.is_empty() => {
                println!("generated/ is up to date");
                ExitCode::SUCCESS
            }
            Ok(stale) => {
                for o in &stale {
                    eprintln!(
                        "{} is stale: regenerate it from {} with `cargo run -p botapis-codegen -- generate`",
                        o.target.display(),
                        o.spec.display()
                    );
                }
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        };
    }
    match config.generate() {
        Ok(written) => {
            println!("{:<28} {:>10} {:>6} {:>7} {:>9}  status", "spec", "operations", "types", "lines", "time");
            for w in &written {
                let o = &w.output;
                println!(
                    "{:<28} {:>10} {:>6} {:>7} {:>7.1}ms  {}",
                    o.spec.display(),
                    o.operations,
                    o.types,
                    o.lines(),
                    o.elapsed.as_secs_f64() * 1000.0,
                    if w.changed { format!("wrote {}", o.target.display()) } else { "unchanged".into() }
                );
            }
            for w in written.iter().flat_map(|w| &w.output.warnings) {
                eprintln!("warning: {w}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn diff(
    old: Option<PathBuf>,
    new: Option<PathBuf>,
    git: Option<Vec<String>>,
    format: Format,
    fail_on: Option<FailOn>,
    no_rust: bool,
) -> ExitCode {
    use botapis_codegen::diff::{self, Level, Options};
    let options = Options { rust: !no_rust };
    let report = match (old, new, git.as_deref()) {
        (_, _, Some([rev, spec])) => {
            let spec = PathBuf::from(spec);
            diff::at_revision(rev, &spec)
                .and_then(|old| Ok((old, botapis_codegen::Spec::load(&spec)?)))
                .and_then(|(old, new)| diff::diff(&old, &new, options))
        }
        (Some(old), Some(new), _) => diff::diff_files(&old, &new, options),
        _ => unreachable!("clap requires OLD and NEW, or --git REV SPEC"),
    };
    let report = match report {
        Ok(r) => r,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(2);
        }
    };
    let shown = match format {
        Format::Text => diff::format::text(&report),
        Format::Markdown => diff::format::markdown(&report),
        Format::Json => diff::format::json(&report),
    };
    // anstream drops the colours when stdout is not a terminal.
    let mut out = anstream::stdout();
    let _ = std::io::Write::write_all(&mut out, shown.as_bytes());
    let threshold = fail_on.map(|f| match f {
        FailOn::Error => Level::Error,
        FailOn::Warning => Level::Warning,
    });
    match threshold {
        Some(level) if report.fails(level) => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    }
}
