//! The third-party corpus (`../shared/corpus`), beside the repository as CI
//! has it, and the harness of the tests that read it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The corpus folder, if it is there.
fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    dir.is_dir().then_some(dir)
}

/// One test of the corpus: its name, whether it runs only on demand
/// (`--ignored`), and what it checks.
pub type Test = (&'static str, bool, fn(&Path));

/// Run `tests` with the arguments `cargo test` gives. Without the corpus
/// each is reported as ignored, saying why (the built-in harness cannot
/// ignore a test at run time, and one that returns early counts as
/// passed); under `CI=true` its absence fails the run.
pub fn run(tests: &[Test]) -> ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let corpus = corpus();
    if corpus.is_none() {
        let missing = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
        if std::env::var_os("CI").is_some() {
            eprintln!("the corpus is missing at {}", missing.display());
            return ExitCode::FAILURE;
        }
        eprintln!("every corpus test ignored: no corpus at {}", missing.display());
    }
    let trials = tests
        .iter()
        .map(|&(name, on_demand, test)| {
            let dir = corpus.clone();
            libtest_mimic::Trial::test(name, move || {
                let dir = dir.ok_or("no corpus")?;
                test(&dir);
                Ok(())
            })
            .with_ignored_flag(on_demand || corpus.is_none())
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}
