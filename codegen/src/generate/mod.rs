//! Stage 3: the types, the operation layer, and the mocks.
//!
//! Lint hands over the spec's [`model`](crate::model). `lower` lifts the
//! inline schemas the model names into the components, and the engine
//! makes the types of the components alone, shaped by its settings and by
//! what `lower` gives it (string enums, pointed at open enums our layer
//! writes). `emit` writes the operation layer and the mocks
//! from the model, reading the engine's type space for the fields of a
//! body; `client_layer` adds the constructors, the vendor's facts and the
//! module's page.

mod client_layer;
pub(crate) use client_layer::env_variable;
mod emit;
mod engine;
pub use engine::{Culprit, Failure};
mod lower;
pub(crate) mod names;

use crate::diagnostic::Diagnostics;
use crate::load::Spec;
use crate::model::{self, Api};

/// The generated module, before rendering.
pub struct Generated {
    pub file: syn::File,
    /// Items already rendered on another thread (our layer and the mocks),
    /// which follow `file`; without them, `file` is the whole module.
    pub rendered_rest: Option<String>,
    pub operations: usize,
    pub types: usize,
    /// Repairs made to read the spec, as located warnings.
    pub warnings: Vec<crate::Diagnostic>,
}

/// The module a spec generates, as a Rust identifier (`Config` requires
/// file names that already are; other callers, such as `diff` on any two
/// files, get a sanitized one).
pub(crate) fn module_of(spec: &Spec) -> String {
    let stem = spec.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() { format!("m_{name}") } else { name }
}

/// Typed mocks for `httpmock`, behind the `mock` feature, from our
/// emitter: `server.get_contact(|when, then| ...)`.
fn mocks(spec: &Spec, api: &Api) -> Result<String, Diagnostics> {
    let module: syn::ItemMod = syn::parse2(emit::mocks::module(spec, api)).map_err(|e| {
        spec.diagnostic("", format!("the generated mocks do not parse as Rust: {e}"), "this is a generator bug; report it with this spec")
    })?;
    Ok(crate::render::items(vec![syn::Item::Mod(module)]))
}

/// A document progenitor-impl alone makes a client of for `spec`, and its
/// settings: the baseline the benchmarks measure our generator against.
/// (The generator itself gives the engine the components alone.)
pub fn engine_input(spec: &Spec) -> Result<(openapiv3::OpenAPI, progenitor_impl::GenerationSettings), Diagnostics> {
    let api = model::read(spec).map_err(Diagnostics)?;
    let lowered = lower::for_engine_alone(spec, &api);
    Ok((lowered.spec.openapi()?, engine::settings()))
}

/// The settings of [`engine_input`] alone.
pub fn engine_settings() -> progenitor_impl::GenerationSettings {
    engine::settings()
}

/// Generate the client module for a linted spec and its model, with its
/// mocks.
pub fn generate(spec: &Spec, api: &Api) -> Result<Generated, Failure> {
    generate_with(spec, api, true)
}

/// Generate the client module alone: what `diff` compares.
pub fn generate_client(spec: &Spec, api: &Api) -> Result<Generated, Failure> {
    generate_with(spec, api, false)
}

/// The stack each generating thread gets. The engine recurses once or more
/// per level of a schema; `load::MAX_DEPTH` bounds the levels, and this
/// leaves room for them whatever thread the caller runs on (a test thread
/// has 2 MiB). Reserved, not committed: untouched pages cost nothing.
const STACK_SIZE: usize = 256 << 20;

/// Generate the client module with the operation layer our emitter writes
/// from the model, the engine making the types alone (from the components,
/// every inline schema the model names lifted into them).
fn generate_with(spec: &Spec, api: &Api, with_mocks: bool) -> Result<Generated, Failure> {
    // On a fresh stack of known size, on this thread: syn's trees cannot
    // be sent back from another one.
    stacker::grow(STACK_SIZE, || {
        let module = module_of(spec);
        let lowered = lower::lower_types(spec, api);
        let openapi = lowered.spec.openapi()?;
        let ours: Vec<String> =
            lowered.text_enums.iter().map(|e| e.name.clone()).chain(lowered.int_enums.iter().map(|e| e.name.clone())).collect();
        let (generator, types) = engine::types(spec, &openapi, &ours, |pointer| written_at(api, &pointer).unwrap_or(pointer))?;
        let space = generator.get_type_space();
        let operations = emit::operations::tokens(&lowered.spec, api, &emit::operations::Types::new(space));
        let text_enums = lowered.text_enums.iter().map(emit::types::text_enum);
        let int_enums = lowered.int_enums.iter().map(emit::types::int_enum);
        let defaults = emit::types::defaults(space);
        let aliases = emit::types::aliases(&lowered.spec, api, space, &ours);
        let types = quote::quote! {
            /// The types of the API's parameters, bodies and answers.
            #[allow(clippy::all)]
            pub mod types {
                #types
                #(#text_enums)*
                #(#int_enums)*
                #defaults
                #aliases
            }
        };
        let bug = |what: &str, e: String| -> Failure {
            spec.diagnostic("", format!("{what}: {e}"), "this is a generator bug; report it with this spec").into()
        };
        let mut file: syn::File = syn::parse2(types).map_err(|e| bug("the engine's types do not parse as Rust", e.to_string()))?;
        refuse_types_named_twice(spec, api, &openapi, &file)?;
        let layer = client_layer::tokens(spec, &module, api);
        let title = spec.tree.pointer("/info/title").and_then(serde_json::Value::as_str).unwrap_or("the API");
        let constructors = client_layer::constructors(api, &module, title);
        let ours: syn::File = syn::parse2(quote::quote!(#constructors #operations #layer))
            .map_err(|e| bug("the generated operation layer does not parse as Rust", e.to_string()))?;
        // The runtime, as the root's items and the request module name it.
        file.items.insert(
            0,
            syn::parse_quote!(
                use crate::runtime as rt;
            ),
        );
        file.items.extend(ours.items);
        let first_call = emit::operations::first_call(&lowered.spec, api, &emit::operations::Types::new(space));
        let guide = client_layer::module_doc(spec, &module, api, first_call.as_deref());
        file.attrs.insert(0, syn::parse_quote!(#![doc = #guide]));
        let rest = if with_mocks { Some(mocks(spec, api).map_err(Failure::from)?) } else { None };
        Ok(Generated {
            file,
            rendered_rest: rest,
            operations: api.operations.len(),
            types: space.iter_types().count(),
            warnings: Vec::new(),
        })
    })
}

/// A located refusal of the types the engine defined twice
/// ([`types_named_twice`]), each a schema to read as free-form JSON when
/// it is a component's.
fn refuse_types_named_twice(spec: &Spec, api: &Api, openapi: &openapiv3::OpenAPI, file: &syn::File) -> Result<(), Failure> {
    let twice = types_named_twice(file);
    if !twice.is_empty() {
        let (mut diagnostics, mut components) = (Vec::new(), Vec::new());
        for name in twice {
            let component =
                openapi.components.as_ref().and_then(|c| c.schemas.keys().find(|k| names::sanitize(k, names::Case::Pascal) == name));
            let lowered = component.map(|k| format!("/components/schemas/{}", crate::load::positions::escape(k))).unwrap_or_default();
            // A choice of answers is no schema of the spec: reported at its
            // operation, and nothing to read another way.
            let written = written_at(api, &lowered);
            let component = component.filter(|_| written.is_some());
            let pointer = written.unwrap_or_else(|| {
                let choice = api.choices.iter().find(|c| lowered.ends_with(&format!("/{}", c.name)));
                choice.map(|c| c.operation.clone()).unwrap_or_default()
            });
            diagnostics.push(spec.diagnostic(
                &pointer,
                format!("the engine (progenitor-impl 0.15.1) names two types `{name}`, which cannot compile"),
                "rename the schema, give it a `title`, or move the nullable or inline schema it is made of into `components/schemas`",
            ));
            components.extend(component.is_some().then_some(pointer));
        }
        // Each name is something to read another way only when it is a
        // component's.
        let culprit = (components.len() == diagnostics.len()).then_some(Culprit::Schemas(components));
        return Err(Failure { diagnostics: Diagnostics(diagnostics), culprit });
    }
    Ok(())
}

/// The types the engine defined twice in `types`, or as a newtype of itself
/// (`struct X(Option<X>)`): both come from names that collide, and neither
/// compiles. Checked here so that what `check` passes compiles.
fn types_named_twice(file: &syn::File) -> Vec<String> {
    let types = file.items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    });
    let mut seen = std::collections::HashSet::new();
    let mut twice = Vec::new();
    for item in types.into_iter().flatten() {
        let name = match item {
            syn::Item::Struct(s) => {
                if let syn::Fields::Unnamed(fields) = &s.fields {
                    let inner = fields.unnamed.first().map(|f| quote::quote!(#f).to_string()).unwrap_or_default();
                    let own = s.ident.to_string();
                    // `X` itself, not a `path::X` of another crate.
                    let tokens: Vec<&str> = inner.split_whitespace().collect();
                    if tokens.iter().enumerate().any(|(i, t)| *t == own && (i == 0 || tokens[i - 1] != "::")) {
                        twice.push(own);
                        continue;
                    }
                }
                &s.ident
            }
            syn::Item::Enum(e) => &e.ident,
            syn::Item::Type(t) => &t.ident,
            _ => continue,
        };
        if !seen.insert(name.to_string()) && !twice.contains(&name.to_string()) {
            twice.push(name.to_string());
        }
    }
    twice
}

/// Where the schema at a pointer into the lowered spec is written in the
/// spec: a lifted one in its operation. `None` for what the lowering wrote
/// itself (a choice of answers).
fn written_at(api: &model::Api, pointer: &str) -> Option<String> {
    // What follows `/components/schemas/<name>` in `pointer`.
    let within = |name: &str| {
        let rest = pointer.strip_prefix("/components/schemas/")?.strip_prefix(name)?;
        (rest.is_empty() || rest.starts_with('/')).then_some(rest)
    };
    if let Some(written) = api.lifted.iter().find_map(|l| within(&l.name).map(|rest| format!("{}{rest}", l.pointer))) {
        return Some(written);
    }
    let chosen = api.choices.iter().any(|c| within(&c.name).is_some());
    (!chosen).then(|| pointer.to_string())
}
