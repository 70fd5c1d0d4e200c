//! Build times, each against its baseline in the same run:
//!
//! - a clean build of botapis as a consumer gets it (default features: every
//!   vendor) against one that also builds the generator's library, which the
//!   `regenerate` default feature used to put into every consumer's build;
//! - a clean build of one vendor (`default-features = false`) against the
//!   default.
//!
//! Builds go to `target/build-times`, so the workspace's own target is not
//! touched. Clean builds take minutes: run it on demand.
//!
//! `cargo bench --bench build_times`

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

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

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` asks for a list; there is none.
    }
    let default = ["build", "-p", "botapis"];
    let with_generator = ["build", "-p", "botapis", "-p", "botapis-codegen", "--lib"];
    let one_vendor = ["build", "-p", "botapis", "--no-default-features", "--features", "okeybot"];
    let clean = |args: &[&str]| {
        cargo(&["clean"]);
        cargo(args)
    };
    let consumer = clean(&default);
    let old_default = clean(&with_generator);
    let slim = clean(&one_vendor);
    println!(
        "clean build: default {:.1} s, with the generator {:.1} s, ratio {:.2}",
        consumer.as_secs_f64(),
        old_default.as_secs_f64(),
        consumer.as_secs_f64() / old_default.as_secs_f64()
    );
    println!(
        "clean build: okeybot alone {:.1} s, default {:.1} s, ratio {:.2}",
        slim.as_secs_f64(),
        consumer.as_secs_f64(),
        slim.as_secs_f64() / consumer.as_secs_f64()
    );
}
