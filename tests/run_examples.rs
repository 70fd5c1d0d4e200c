//! Every example runs to success: each is a task a user would write, made
//! against loopback mocks, and checks its own outcome. `cargo test` has
//! built them (with `--all-features`, every one) before this test runs.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// The examples of `examples/`, by file name.
fn examples() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// `target/<profile>/examples/`, beside this test's own `deps/`.
fn built_examples() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(|deps| deps.parent()).unwrap().join("examples")
}

#[test]
fn every_example_runs_to_success() {
    let dir = built_examples();
    let mut failures = Vec::new();
    for name in examples() {
        let binary = dir.join(&name);
        if !binary.exists() {
            failures.push(format!("{name}: not built (run the tests with --all-features)"));
            continue;
        }
        let started = Instant::now();
        let output = Command::new(&binary).output().unwrap();
        if !output.status.success() {
            failures.push(format!(
                "{name}: {}\n{}{}",
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        assert!(started.elapsed() < Duration::from_secs(60), "{name} took {:?}", started.elapsed());
    }
    assert!(!examples().is_empty(), "examples/ is empty");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
