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
//! `cargo bench -p botapis-codegen --bench scaling`

use std::path::Path;

use botapis_codegen::Spec;

#[path = "../../benches/support/paired.rs"]
mod paired;

/// A spec with `n` operations.
fn spec_with(n: usize) -> String {
    let mut out = String::from("openapi: 3.0.3\ninfo: {title: many, version: '1'}\npaths:\n");
    for i in 0..n {
        out.push_str(&format!(
            "  /items/{i}/{{id}}:\n    get:\n      operationId: get_item_{i}\n      parameters:\n\
             \x20       - {{name: id, in: path, required: true, schema: {{type: integer}}}}\n\
             \x20       - {{name: limit, in: query, schema: {{type: integer, minimum: 1, maximum: 100}}}}\n\
             \x20     responses:\n\
             \x20       '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Item{i}'}}}}}}}}\n"
        ));
    }
    out.push_str("components:\n  schemas:\n");
    for i in 0..n {
        out.push_str(&format!("    Item{i}: {{type: object, properties: {{id: {{type: integer}}, name: {{type: string}}}}}}\n"));
    }
    out
}

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

fn main() {
    let (small, large) = (1_000, 10_000);
    let path = Path::new("many.yaml");
    let (small_text, large_text) = (spec_with(small), spec_with(large));
    let times = large / small;
    let lowered = |text: &str| botapis_codegen::generate::engine_input(&Spec::parse(path, text.to_string()).unwrap()).unwrap();
    let ((small_api, settings), (large_api, _)) = (lowered(&small_text), lowered(&large_text));

    println!("generation time of {large} operations over {times} × that of {small} (1.0 is linear)");
    let result = paired::measure(
        1,
        3,
        || (0..times).for_each(|_| ours(path, &small_text)),
        || ours(path, &large_text),
    );
    println!("botapis-codegen        {result}");
    let result = paired::measure(
        1,
        3,
        || (0..times).for_each(|_| engine(&small_api, &settings)),
        || engine(&large_api, &settings),
    );
    println!("progenitor-impl alone  {result}");
    let result = paired::measure(
        1,
        3,
        || (0..times).for_each(|_| engine_client(&small_api, &settings)),
        || engine_client(&large_api, &settings),
    );
    println!("  its client alone     {result}");
}
