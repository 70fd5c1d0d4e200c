//! Peak memory of `botapis-codegen check` and `generate` against
//! progenitor-impl alone on the same spec, and how each grows with the
//! number of operations.
//!
//! Every measurement is one child process, its peak resident memory the
//! kernel's (`wait4`): the CLI as users run it (on mimalloc), and this
//! bench's own binary run again to make progenitor-impl's client and its
//! httpmock mocks (rendered, as `benches/generate.rs` measures it) from the
//! spec lowered for it (`internals::engine_input`, written to a file by the
//! parent so the child holds nothing of ours). The specs: synthetic ones of
//! 1,000 and 10,000 operations (as `benches/scaling.rs`), and 1,000 and
//! 10,000 copies of Salebot's `message` call.
//!
//! `cargo bench -p botapis-codegen --bench peak_memory`

use std::path::{Path, PathBuf};
use std::process::Command;

use botapis_codegen::Spec;
use serde_json::Value;

#[path = "support/many.rs"]
mod many;
use many::spec_with as synthetic;

/// Set in the child that runs the engine alone: the lowered spec's path.
const ENGINE_CHILD: &str = "BOTAPIS_PEAK_MEMORY_ENGINE";

/// Salebot's spec with its `message` call alone, `n` times, each copy at a
/// path and with an operation id of its own (as JSON, which YAML reads).
fn salebot_copies(n: usize) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/salebot.yaml");
    let mut spec: Value = serde_yaml::from_str(&std::fs::read_to_string(root).unwrap()).unwrap();
    let item = spec["paths"]["/{api_key}/message"].clone();
    let mut paths = serde_json::Map::new();
    for i in 0..n {
        let mut copy = item.clone();
        copy["post"]["operationId"] = Value::String(format!("message_{i}"));
        paths.insert(format!("/{{api_key}}/message_{i}"), copy);
    }
    spec["paths"] = Value::Object(paths);
    serde_json::to_string(&spec).unwrap()
}

/// Peak resident memory of `command`, in bytes, which must succeed.
fn peak_of(mut command: Command) -> u64 {
    let child = command.stdout(std::process::Stdio::null()).spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    // SAFETY: wait4 reaps the child spawned above and writes into the two
    // values it is given.
    let (status, usage) = unsafe {
        let mut status = 0;
        let mut usage = std::mem::zeroed::<libc::rusage>();
        assert_eq!(libc::wait4(pid, &mut status, 0, &mut usage), pid);
        (status, usage)
    };
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "{command:?} failed");
    usage.ru_maxrss as u64 * 1024
}

/// What progenitor-impl alone does with the lowered spec at `path`.
fn engine_alone(path: &Path) {
    let openapi: openapiv3::OpenAPI = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let settings = botapis_codegen::internals::engine_settings();
    let client = progenitor_impl::Generator::new(&settings).generate_tokens(&openapi).unwrap();
    let mocks = progenitor_impl::Generator::new(&settings).httpmock(&openapi, "crate::api").unwrap();
    let text = prettyplease::unparse(&syn::parse2(client).unwrap()) + &prettyplease::unparse(&syn::parse2(mocks).unwrap());
    std::hint::black_box(text);
}

/// The three peaks for one spec: check, generate, the engine alone.
fn peaks(dir: &Path, name: &str, text: &str) -> [u64; 3] {
    let specs = dir.join(name);
    std::fs::create_dir_all(&specs).unwrap();
    let spec_path = specs.join(format!("{name}.yaml"));
    std::fs::write(&spec_path, text).unwrap();
    let (openapi, _) = botapis_codegen::internals::engine_input(&Spec::parse(&spec_path, text.to_string()).unwrap()).unwrap();
    let lowered: PathBuf = dir.join(format!("{name}.lowered.json"));
    std::fs::write(&lowered, serde_json::to_string(&openapi).unwrap()).unwrap();

    let cli = || Command::new(env!("CARGO_BIN_EXE_botapis-codegen"));
    let mut check = cli();
    check.arg("check").arg(&spec_path);
    let out = dir.join(format!("{name}.out"));
    std::fs::create_dir_all(&out).unwrap();
    let mut generate = cli();
    generate.arg("generate").arg("--specs-dir").arg(&specs).arg("--out-dir").arg(&out);
    let mut engine = Command::new(std::env::current_exe().unwrap());
    engine.env(ENGINE_CHILD, &lowered);
    [peak_of(check), peak_of(generate), peak_of(engine)]
}

fn main() {
    if let Some(path) = std::env::var_os(ENGINE_CHILD) {
        engine_alone(Path::new(&path));
        return;
    }
    // Criterion's flags (`--bench`) are not ours; a name filters the specs.
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let dir = tempfile::tempdir().unwrap();
    let specs: [(&str, fn(usize) -> String); 2] = [("synthetic", synthetic), ("salebot_message", salebot_copies)];
    let mb = |bytes: u64| bytes as f64 / (1 << 20) as f64;
    println!("peak memory of one run (MiB); ratio = ours / progenitor-impl alone; growth = 10k peak / 1k peak");
    for (kind, make) in specs {
        if !filters.is_empty() && !filters.iter().any(|f| kind.contains(f.as_str())) {
            continue;
        }
        let small = peaks(dir.path(), &format!("{kind}_1k"), &make(1_000));
        let large = peaks(dir.path(), &format!("{kind}_10k"), &make(10_000));
        for (n, [check, generate, engine]) in [(1_000, small), (10_000, large)] {
            println!(
                "{kind:<16} {n:>6} ops  check {:>8.1}  generate {:>8.1}  engine alone {:>8.1}  ratio check {:.2}, generate {:.2}",
                mb(check),
                mb(generate),
                mb(engine),
                check as f64 / engine as f64,
                generate as f64 / engine as f64,
            );
        }
        let growth = |i: usize| large[i] as f64 / small[i] as f64;
        println!("{kind:<16} growth     check {:.2}  generate {:.2}  engine alone {:.2}", growth(0), growth(1), growth(2));
    }
}
