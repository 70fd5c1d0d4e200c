//! Generation time of our whole pipeline (load, lint, lower, engine,
//! adapt, our layer, render), from the spec's text, against what a build
//! script using progenitor-impl directly does for the same output: parse
//! the spec text (the lowered spec, as YAML), generate the client and its
//! httpmock mocks with the same settings, and render both with syn and
//! prettyplease. The ratio is our overhead.
//!
//! `cargo bench -p botapis-codegen --bench generate`

use std::path::Path;

use botapis_codegen::Spec;
use criterion::{Criterion, criterion_group, criterion_main};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The same output from progenitor-impl directly: the client and its
/// httpmock mocks, each rendered.
fn progenitor_directly(spec_text: &str, settings: &progenitor_impl::GenerationSettings) -> String {
    let openapi: openapiv3::OpenAPI = serde_yaml::from_str(spec_text).unwrap();
    let client = progenitor_impl::Generator::new(settings).generate_tokens(&openapi).unwrap();
    let mocks = progenitor_impl::Generator::new(settings).httpmock(&openapi, "crate::api").unwrap();
    prettyplease::unparse(&syn::parse2(client).unwrap()) + &prettyplease::unparse(&syn::parse2(mocks).unwrap())
}

fn compare(c: &mut Criterion, name: &str, path: &Path, samples: usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let spec = Spec::parse(path, text.clone()).unwrap();
    let (openapi, settings) = botapis_codegen::generate::engine_input(&spec).unwrap();
    let lowered_text = serde_yaml::to_string(&openapi).unwrap();
    let mut group = c.benchmark_group(format!("generate/{name}"));
    group.sample_size(samples);
    group.bench_function("baseline: progenitor-impl directly", |b| b.iter(|| progenitor_directly(&lowered_text, &settings)));
    group.bench_function("botapis-codegen", |b| {
        b.iter(|| {
            let spec = Spec::parse(path, text.clone()).unwrap();
            botapis_codegen::generate_spec(&spec).unwrap_or_else(|d| panic!("{d}"))
        })
    });
    group.finish();
}

fn vendor_specs(c: &mut Criterion) {
    for vendor in ["okeybot", "salebot", "watbot", "smsgold", "imbachat"] {
        compare(c, vendor, &root().join(format!("specs/{vendor}.yaml")), 20);
    }
}

/// The largest corpus spec the generator takes (most large real APIs use
/// constructs lint rejects; docs/corpus.md lists them).
fn largest_corpus_spec(c: &mut Criterion) {
    let path = root().join("../shared/corpus/real-specs/kittycad-oxide.json");
    if !path.exists() {
        eprintln!("SKIPPED: no corpus at {}", path.display());
        return;
    }
    compare(c, "kittycad-oxide.json", &path, 10);
}

criterion_group!(benches, vendor_specs, largest_corpus_spec);
criterion_main!(benches);
