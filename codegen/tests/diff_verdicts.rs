//! `diff` against the verdicts the two established diff tools' own test
//! suites assert on their fixtures (`../shared/corpus/{oasdiff,openapi-diff}`).
//!
//! `tests/diff/verdicts/*.tsv` hold those verdicts, one spec pair a row,
//! each with the upstream test that asserts it (read from oasdiff's Go
//! checker tests and openapi-diff's Java tests, under each tool's default
//! configuration). A pair counts as flagged when `diff` reports a change at
//! warning level or above (`--fail-on warning`), as oasdiff's `breaking`
//! command reports its ERR and WARN findings.
//!
//! The corpus sits beside the repository, as CI has it; without it the
//! tests are reported as ignored, saying why, and fail under `CI=true`.

use std::path::Path;

#[path = "support/corpus.rs"]
mod corpus_dir;

use botapis_codegen::diff::{self, Level, Options};

/// One labelled pair: (old, new, whether the tool calls it breaking, the
/// test that says so).
struct Pair {
    old: String,
    new: String,
    breaking: bool,
    test: String,
}

fn pairs(table: &str, breaking: &str, compatible: &str) -> Vec<Pair> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff/verdicts").join(table)).unwrap();
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let verdict = cells[2];
            assert!([breaking, compatible, "skip"].contains(&verdict), "{table}: unknown verdict `{verdict}` in `{line}`");
            (verdict != "skip").then(|| Pair {
                old: cells[0].to_string(),
                new: cells[1].to_string(),
                breaking: verdict == breaking,
                test: cells.last().unwrap().to_string(),
            })
        })
        .collect()
}

/// How `diff` judges each pair, against the tool's verdicts: (missed
/// breaking pairs, falsely flagged compatible pairs, each with what `diff`
/// said), printed whole for whoever improves the rules.
fn judge(dir: &Path, pairs: &[Pair]) -> (Vec<String>, Vec<String>) {
    let (mut missed, mut false_alarms) = (Vec::new(), Vec::new());
    for pair in pairs {
        let report = diff::diff_files(&dir.join(&pair.old), &dir.join(&pair.new), Options { rust: false });
        let (flagged, said) = match report {
            Ok(report) => {
                let said: Vec<String> = report.changes.iter().map(|c| format!("{} {} ({})", c.level.as_str(), c.id, c.message)).collect();
                (report.fails(Level::Warning), said.join("; "))
            }
            Err(diagnostics) => (false, format!("refused: {diagnostics}")),
        };
        let line = format!("{} -> {} [{}]: {}", pair.old, pair.new, pair.test, if said.is_empty() { "no change" } else { &said });
        match (pair.breaking, flagged) {
            (true, false) => missed.push(line),
            (false, true) => false_alarms.push(line),
            _ => {}
        }
    }
    (missed, false_alarms)
}

fn show(title: &str, lines: &[String]) {
    eprintln!("{title}: {}", lines.len());
    for line in lines {
        eprintln!("  {line}");
    }
}

fn oasdiff_verdicts(corpus: &Path) {
    let pairs = pairs("oasdiff.tsv", "breaking", "non-breaking");
    let (breaking, compatible) = (pairs.iter().filter(|p| p.breaking).count(), pairs.iter().filter(|p| !p.breaking).count());
    let (missed, false_alarms) = judge(&corpus.join("oasdiff"), &pairs);
    show("breaking pairs not flagged", &missed);
    show("non-breaking pairs flagged", &false_alarms);
    eprintln!(
        "oasdiff: {} of {breaking} breaking pairs flagged, {} of {compatible} non-breaking pairs clean",
        breaking - missed.len(),
        compatible - false_alarms.len()
    );
    assert!(missed.len() <= 2, "{} of oasdiff's breaking pairs are not flagged (at most 2 may be)", missed.len());
    assert!(false_alarms.len() <= 1, "{} of oasdiff's non-breaking pairs are flagged (at most 1 may be)", false_alarms.len());
}

fn openapi_diff_verdicts(corpus: &Path) {
    let pairs = pairs("openapi-diff.tsv", "incompatible", "compatible");
    let (missed, false_alarms) = judge(&corpus.join("openapi-diff"), &pairs);
    show("incompatible pairs not flagged", &missed);
    show("compatible pairs flagged", &false_alarms);
    let agree = pairs.len() - missed.len() - false_alarms.len();
    eprintln!("openapi-diff: agrees on {agree} of {} pairs", pairs.len());
    assert!(agree * 10 >= pairs.len() * 9, "agrees with openapi-diff on {agree} of {} pairs (at least 90% must)", pairs.len());
}

fn main() -> std::process::ExitCode {
    corpus_dir::run(&[("oasdiff_verdicts", false, oasdiff_verdicts), ("openapi_diff_verdicts", false, openapi_diff_verdicts)])
}
