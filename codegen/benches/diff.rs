//! How long `diff` takes: each vendor spec against a modified copy (with
//! and without comparing the generated Rust API), and the largest real
//! spec of the corpus against itself and a modified copy.
//!
//! The baseline, measured in the same run, is generating the same spec
//! once: the full diff generates both versions, so its ratio to the
//! baseline says what the comparison itself costs.
//!
//! `cargo bench -p botapis-codegen --bench diff`

use std::path::Path;

use botapis_codegen::Spec;
use botapis_codegen::diff::{self, Options};
use criterion::{Criterion, criterion_group, criterion_main};

fn modified(spec: &Spec) -> Spec {
    let mut tree = spec.tree.clone();
    if let Some(paths) = tree.get_mut("paths").and_then(|p| p.as_object_mut()) {
        if let Some(first) = paths.keys().next().cloned() {
            paths.remove(&first);
        }
    }
    spec.with_tree(tree)
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn vendor_specs(c: &mut Criterion) {
    for vendor in ["okeybot", "salebot", "watbot", "smsgold", "imbachat"] {
        let spec = Spec::load(&root().join(format!("specs/{vendor}.yaml"))).unwrap();
        let copy = modified(&spec);
        let mut group = c.benchmark_group(format!("diff/{vendor}"));
        group.bench_function("baseline: generate once", |b| b.iter(|| botapis_codegen::generate_spec(&spec).unwrap()));
        group.bench_function("diff with Rust API", |b| b.iter(|| diff::diff(&spec, &copy, Options::default()).unwrap()));
        group.bench_function("diff without Rust API", |b| b.iter(|| diff::diff(&spec, &copy, Options { rust: false }).unwrap()));
        group.finish();
    }
}

fn largest_real_spec(c: &mut Criterion) {
    let corpus = root().join("../shared/corpus/real-specs");
    let Some(largest) = std::fs::read_dir(&corpus)
        .ok()
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .max_by_key(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
    else {
        eprintln!("SKIPPED: no corpus at {}", corpus.display());
        return;
    };
    let spec = Spec::load(&largest.path()).unwrap();
    let copy = modified(&spec);
    let name = largest.file_name().to_string_lossy().into_owned();
    let mut group = c.benchmark_group(format!("diff/{name}"));
    group.sample_size(10);
    group.bench_function("baseline: load once", |b| b.iter(|| Spec::load(&largest.path()).unwrap()));
    group.bench_function("against itself", |b| b.iter(|| diff::diff(&spec, &spec, Options::default()).unwrap()));
    group.bench_function("against a modified copy", |b| b.iter(|| diff::diff(&spec, &copy, Options::default()).unwrap()));
    group.finish();
}

criterion_group!(benches, vendor_specs, largest_real_spec);
criterion_main!(benches);
