//! Build times, each against its baseline in the same run:
//!
//! - a no-op `cargo build` of botapis with the `regenerate` feature against
//!   one without it (does the build script cost anything when no spec
//!   changed?);
//! - a clean build of botapis with `default-features = false` (every vendor,
//!   no generator) against the default (which builds the generator).
//!
//! Builds go to `target/build-times`, so the workspace's own target is not
//! touched. Clean builds take minutes: run it on demand.
//!
//! `cargo bench --bench build_times`

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const ALL_VENDORS: &str = "imbachat,okeybot,salebot,smsgold,watbot";

fn cargo(args: &[&str]) -> Duration {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let started = Instant::now();
    let status = Command::new(env!("CARGO"))
        .args(args)
        .arg("--quiet")
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target/build-times"))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo {args:?} failed");
    started.elapsed()
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` asks for a list; there is none.
    }
    let with_generator = ["build", "-p", "botapis"];
    let without: [&str; 5] = ["build", "-p", "botapis", "--no-default-features", "--features"];

    // No-op builds: build once, then time builds with nothing changed.
    cargo(&with_generator);
    let regen = median((0..7).map(|_| cargo(&with_generator)).collect());
    cargo(&[&without[..], &[ALL_VENDORS]].concat());
    let plain = median((0..7).map(|_| cargo(&[&without[..], &[ALL_VENDORS]].concat())).collect());
    println!(
        "no-op build: regenerate {:.3} s, without {:.3} s, ratio {:.2}",
        regen.as_secs_f64(),
        plain.as_secs_f64(),
        regen.as_secs_f64() / plain.as_secs_f64()
    );

    // Clean builds.
    let clean = |args: &[&str]| {
        cargo(&["clean"]);
        cargo(args)
    };
    let default = clean(&with_generator);
    let slim = clean(&[&without[..], &[ALL_VENDORS]].concat());
    println!(
        "clean build: default {:.1} s, default-features = false {:.1} s, ratio {:.2}",
        default.as_secs_f64(),
        slim.as_secs_f64(),
        slim.as_secs_f64() / default.as_secs_f64()
    );
}
