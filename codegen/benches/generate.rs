//! Generation time of our whole pipeline (load, lint, lower, engine,
//! our layer, render), from the spec's text, against what a build
//! script using progenitor-impl directly does for the same output: parse
//! the spec text (the lowered spec, as YAML), generate the client and its
//! httpmock mocks with the same settings, and render both with syn and
//! prettyplease. The ratio is our overhead.
//!
//! Criterion reports each side's time; the ratio comes from a paired run
//! printed at the end (see `benches/support/paired.rs`), since the two criterion
//! measurements are taken a minute apart on a machine whose speed drifts.
//!
//! `cargo bench -p botapis-codegen --bench generate` (a trailing
//! `okeybot` or other name runs only the matching specs)

use std::path::Path;

use botapis_codegen::Spec;
use criterion::{Criterion, criterion_group};

#[path = "../../benches/support/paired.rs"]
mod paired;

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
    let (openapi, settings) = botapis_codegen::internals::engine_input(&spec).unwrap();
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

const VENDORS: [&str; 5] = ["okeybot", "salebot", "watbot", "smsgold", "imbachat"];

fn vendor_specs(c: &mut Criterion) {
    for vendor in VENDORS {
        compare(c, vendor, &root().join(format!("specs/{vendor}.yaml")), 20);
    }
}

/// The largest corpus spec the generator takes (most large real APIs use
/// constructs lint rejects; docs/corpus.md lists them).
fn largest_corpus_spec() -> Option<std::path::PathBuf> {
    let path = root().join("../shared/corpus/real-specs/kittycad-oxide.json");
    if !path.exists() {
        eprintln!("SKIPPED: no corpus at {}", path.display());
        return None;
    }
    Some(path)
}

fn corpus_spec(c: &mut Criterion) {
    if let Some(path) = largest_corpus_spec() {
        compare(c, "kittycad-oxide.json", &path, 10);
    }
}

/// Our time over the baseline's, each spec measured in paired rounds.
fn paired_ratios(filters: &[String]) {
    let mut specs: Vec<(String, std::path::PathBuf, usize)> =
        VENDORS.iter().map(|v| (v.to_string(), root().join(format!("specs/{v}.yaml")), 60)).collect();
    if let Some(path) = largest_corpus_spec() {
        specs.push(("kittycad-oxide.json".to_string(), path, 20));
    }
    println!("\npaired: botapis-codegen over progenitor-impl directly");
    for (name, path, rounds) in specs {
        if !filters.is_empty() && !filters.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let spec = Spec::parse(&path, text.clone()).unwrap();
        let (openapi, settings) = botapis_codegen::internals::engine_input(&spec).unwrap();
        let lowered_text = serde_yaml::to_string(&openapi).unwrap();
        let result = paired::measure(
            3,
            rounds,
            || {
                std::hint::black_box(progenitor_directly(&lowered_text, &settings));
            },
            || {
                let spec = Spec::parse(&path, text.clone()).unwrap();
                std::hint::black_box(botapis_codegen::generate_spec(&spec).unwrap_or_else(|d| panic!("{d}")));
            },
        );
        println!("generate/{name:<22} {result}");
    }
}

criterion_group!(benches, vendor_specs, corpus_spec);

fn main() {
    // Criterion's name filter, if any (flag values such as `--sample-size 10`
    // are numbers, never a spec's name).
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-') && a.parse::<f64>().is_err()).collect();
    benches();
    Criterion::default().configure_from_args().final_summary();
    paired_ratios(&filters);
}
