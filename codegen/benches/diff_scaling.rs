//! Does `diff` with the Rust comparison grow linearly with the number of
//! operations, and in how much memory?
//!
//! Synthetic spec pairs of 1,000 and 10,000 operations (each with a path
//! parameter, a bounded query parameter and its own response schema, as
//! in `scaling.rs`); on the new side every other operation's bound is
//! tighter and every other schema has a new property, so half the
//! operations change in the spec and half in the Rust API. The CLI runs as
//! users run it (`botapis-codegen diff old new --format json`, a child
//! process), in paired rounds: ten runs of the 1k pair against one run of
//! the 10k pair, so 1.0 is linear. Each child's peak memory is taken from
//! the kernel (`wait4`), with and without `--no-rust`.
//!
//! `cargo bench -p botapis-codegen --bench diff_scaling`

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../../benches/support/paired.rs"]
mod paired;

/// A spec with `n` operations; `edited` is the new side.
fn spec_with(n: usize, edited: bool) -> String {
    let mut out = String::from("openapi: 3.0.3\ninfo: {title: many, version: '1'}\npaths:\n");
    for i in 0..n {
        let maximum = if edited && i % 2 == 0 { 50 } else { 100 };
        out.push_str(&format!(
            "  /items/{i}/{{id}}:\n    get:\n      operationId: get_item_{i}\n      parameters:\n\
             \x20       - {{name: id, in: path, required: true, schema: {{type: integer}}}}\n\
             \x20       - {{name: limit, in: query, schema: {{type: integer, minimum: 1, maximum: {maximum}}}}}\n\
             \x20     responses:\n\
             \x20       '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Item{i}'}}}}}}}}\n"
        ));
    }
    out.push_str("components:\n  schemas:\n");
    for i in 0..n {
        let tag = if edited && i % 2 == 1 { ", tag: {type: string}" } else { "" };
        out.push_str(&format!("    Item{i}: {{type: object, properties: {{id: {{type: integer}}, name: {{type: string}}{tag}}}}}\n"));
    }
    out
}

/// One `diff` run: its time, its peak memory in bytes, and how many spec
/// and Rust changes it found.
fn run(old: &Path, new: &Path, rust: bool) -> (Duration, u64, usize, usize) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_botapis-codegen"));
    command.arg("diff").arg(old).arg(new).args(["--format", "json"]);
    if !rust {
        command.arg("--no-rust");
    }
    let out = tempfile::NamedTempFile::new().unwrap();
    let start = Instant::now();
    let child = command.stdout(out.reopen().unwrap()).stderr(Stdio::inherit()).spawn().unwrap();
    // SAFETY: wait4 writes the child's status and usage into the values it
    // is given, and nothing else.
    let (status, usage) = unsafe {
        let mut status = 0;
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage);
        (status, usage)
    };
    let elapsed = start.elapsed();
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "diff {} {} failed: {status}", old.display(), new.display());
    let report: serde_json::Value = serde_json::from_reader(std::fs::File::open(out.path()).unwrap()).unwrap();
    let rust_changes = report["rust"]["changes"].as_array().map_or(0, Vec::len);
    (elapsed, usage.ru_maxrss as u64 * 1024, report["changes"].as_array().unwrap().len(), rust_changes)
}

fn main() {
    let (small, large) = (1_000, 10_000);
    let times = large / small;
    let dir = tempfile::tempdir().unwrap();
    let write = |n: usize, edited: bool| {
        let path = dir.path().join(format!("{}{n}.yaml", if edited { "new" } else { "old" }));
        std::fs::write(&path, spec_with(n, edited)).unwrap();
        path
    };
    let (small_old, small_new, large_old, large_new) = (write(small, false), write(small, true), write(large, false), write(large, true));

    // What each finds and the memory each takes, one run apiece.
    let mut peaks = Vec::new();
    for (n, old, new) in [(small, &small_old, &small_new), (large, &large_old, &large_new)] {
        for rust in [false, true] {
            let (time, peak, changes, rust_changes) = run(old, new, rust);
            println!(
                "{n:>6} operations, {:<14} {time:>10.3?}  peak memory {:>7.1} MB  {changes} spec changes, {rust_changes} Rust changes",
                if rust { "with Rust API" } else { "--no-rust" },
                peak as f64 / 1e6
            );
            peaks.push(peak);
        }
    }
    println!(
        "peak memory with the Rust API over --no-rust: {:.2} at {small}, {:.2} at {large} operations",
        peaks[1] as f64 / peaks[0] as f64,
        peaks[3] as f64 / peaks[2] as f64
    );

    println!("time of the {large}-operation pair over {times} × that of the {small}-operation pair (1.0 is linear)");
    for rust in [true, false] {
        let result = paired::measure(
            1,
            3,
            || {
                (0..times).for_each(|_| {
                    run(&small_old, &small_new, rust);
                })
            },
            || {
                run(&large_old, &large_new, rust);
            },
        );
        println!(
            "diff {:<14} baseline {:>10.3?}  candidate {:>10.3?}  ratio {:.3} (quartiles {:.3}–{:.3})",
            if rust { "with Rust API" } else { "--no-rust" },
            result.baseline,
            result.candidate,
            result.ratio,
            result.quartiles.0,
            result.quartiles.1
        );
    }
}
