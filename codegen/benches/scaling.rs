//! Does generation time grow linearly with the number of operations?
//!
//! Synthetic specs of 1,000 and 10,000 operations (each with a path
//! parameter, a bounded query parameter and its own response schema) are
//! generated in paired rounds: ten runs of the 1k spec against one run of
//! the 10k spec. Linear growth gives a ratio of 1.0; the engine alone
//! (progenitor-impl on the same lowered spec: the client and its mocks, as
//! we make them, and the client alone) is measured the same way, as the
//! reference for what the engine's own growth contributes.
//!
//! The library runs in this process, on the system allocator a build script
//! would use; the CLI, as shipped (on mimalloc), runs as a child process
//! checking spec files, its CPU time taken from the kernel's count for
//! children.
//!
//! `cargo bench -p botapis-codegen --bench scaling`

use std::cell::Cell;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use botapis_codegen::Spec;

#[path = "support/many.rs"]
mod many;
#[path = "../../benches/support/paired.rs"]
mod paired;
use many::spec_with;

fn ours(path: &Path, text: &str) {
    let spec = Spec::parse(path, text.to_string()).unwrap();
    std::hint::black_box(botapis_codegen::generate_spec(&spec).unwrap_or_else(|d| panic!("{d}")));
}

/// What the engine does for the same output: the client and its httpmock
/// mocks, each rendered (as `benches/generate.rs` measures it).
fn engine(openapi: &openapiv3::OpenAPI, settings: &progenitor_impl::GenerationSettings) {
    let client = progenitor_impl::Generator::new(settings).generate_tokens(openapi).unwrap();
    let mocks = progenitor_impl::Generator::new(settings).httpmock(openapi, "crate::api").unwrap();
    std::hint::black_box(prettyplease::unparse(&syn::parse2(client).unwrap()) + &prettyplease::unparse(&syn::parse2(mocks).unwrap()));
}

/// The engine's client alone, to tell its growth from the mocks'.
fn engine_client(openapi: &openapiv3::OpenAPI, settings: &progenitor_impl::GenerationSettings) {
    let client = progenitor_impl::Generator::new(settings).generate_tokens(openapi).unwrap();
    std::hint::black_box(prettyplease::unparse(&syn::parse2(client).unwrap()));
}

/// CPU time of every child process waited for so far, in user mode and in
/// the kernel (mostly faulting in the heap's pages), its page faults, and
/// the largest peak memory of any of them, in bytes.
fn children_usage() -> ([Duration; 2], u64, u64) {
    // SAFETY: getrusage writes into the struct it is given and nothing else.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1_000);
    ([time(usage.ru_utime), time(usage.ru_stime)], usage.ru_minflt as u64, usage.ru_maxrss as u64 * 1024)
}

/// What the CLI's runs on one side of the pair used.
#[derive(Default)]
struct Usage {
    cpu: [Cell<Duration>; 2],
    faults: Cell<u64>,
    /// Peak memory of the side's first run. Each side's runs are alike, and
    /// the kernel keeps only the largest peak of all children, so the first
    /// run of the 1k side is the one run whose peak it reports alone.
    peak: Cell<u64>,
}

/// `botapis-codegen check spec`, as a user runs it, adding what it used to
/// `usage`.
fn cli_check(spec: &Path, usage: &Usage) {
    let (cpu_before, faults_before, _) = children_usage();
    let status =
        Command::new(env!("CARGO_BIN_EXE_botapis-codegen")).arg("check").arg(spec).stdout(std::process::Stdio::null()).status().unwrap();
    assert!(status.success(), "botapis-codegen check {} failed", spec.display());
    let (cpu_after, faults_after, peak) = children_usage();
    if usage.peak.get() == 0 {
        usage.peak.set(peak);
    }
    for i in 0..2 {
        usage.cpu[i].set(usage.cpu[i].get() + cpu_after[i] - cpu_before[i]);
    }
    usage.faults.set(usage.faults.get() + faults_after - faults_before);
}

fn main() {
    let (small, large) = (1_000, 10_000);
    let path = Path::new("many.yaml");
    let (small_text, large_text) = (spec_with(small), spec_with(large));
    let times = large / small;
    let lowered = |text: &str| botapis_codegen::internals::engine_input(&Spec::parse(path, text.to_string()).unwrap()).unwrap();
    let ((small_api, settings), (large_api, _)) = (lowered(&small_text), lowered(&large_text));

    println!("generation time of {large} operations over {times} × that of {small} (1.0 is linear)");
    let dir = tempfile::tempdir().unwrap();
    let (small_file, large_file) = (dir.path().join("small.yaml"), dir.path().join("large.yaml"));
    std::fs::write(&small_file, &small_text).unwrap();
    std::fs::write(&large_file, &large_text).unwrap();
    let usage: [Usage; 2] = Default::default();
    let result = paired::measure(1, 3, || (0..times).for_each(|_| cli_check(&small_file, &usage[0])), || cli_check(&large_file, &usage[1]));
    // The paired CPU ratio counts this process only; the children's is the
    // CLI's.
    let [user, total] = [1, 2].map(|kinds| {
        let sum = |side: &Usage| side.cpu[..kinds].iter().map(Cell::get).sum::<Duration>().as_secs_f64();
        sum(&usage[1]) / sum(&usage[0])
    });
    let faults = usage[1].faults.get() as f64 / usage[0].faults.get().max(1) as f64;
    println!(
        "botapis-codegen CLI    baseline {:>10.3?}  candidate {:>10.3?}  ratio {:.3} (quartiles {:.3}–{:.3})  user CPU time ratio {user:.3}, with system time {total:.3}; page faults ratio {faults:.1}; peak memory {:.2} GB vs {:.2} GB",
        result.baseline,
        result.candidate,
        result.ratio,
        result.quartiles.0,
        result.quartiles.1,
        usage[0].peak.get() as f64 / 1e9,
        usage[1].peak.get() as f64 / 1e9,
    );
    let result = paired::measure(1, 3, || (0..times).for_each(|_| ours(path, &small_text)), || ours(path, &large_text));
    println!("botapis-codegen library {result}");
    let result = paired::measure(1, 3, || (0..times).for_each(|_| engine(&small_api, &settings)), || engine(&large_api, &settings));
    println!("progenitor-impl alone  {result}");
    let result =
        paired::measure(1, 3, || (0..times).for_each(|_| engine_client(&small_api, &settings)), || engine_client(&large_api, &settings));
    println!("  its client alone     {result}");
}
