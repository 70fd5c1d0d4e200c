//! The call into progenitor-impl, guarded so that no input can crash us.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use openapiv3::{self as openapi, OpenAPI, ReferenceOr};
use proc_macro2::TokenStream;
use progenitor_impl::{CrateVers, GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use quote::quote;

use crate::load::Spec;
use crate::load::positions::escape;

/// Why the engine made nothing, with what it could not take when that is
/// known.
pub struct Failure {
    pub diagnostics: crate::diagnostic::Diagnostics,
    pub culprit: Option<Culprit>,
}

/// What the engine cannot take.
#[derive(Debug, Clone, PartialEq)]
pub enum Culprit {
    /// The schemas at these pointers (components, or a property of one),
    /// each the subject of one of the failure's diagnostics, in order.
    Schemas(Vec<String>),
}

impl From<crate::diagnostic::Diagnostics> for Failure {
    fn from(diagnostics: crate::diagnostic::Diagnostics) -> Self {
        Failure { diagnostics, culprit: None }
    }
}

impl From<crate::diagnostic::Diagnostic> for Failure {
    fn from(diagnostic: crate::diagnostic::Diagnostic) -> Self {
        Failure { diagnostics: diagnostic.into(), culprit: None }
    }
}

impl From<Failure> for crate::diagnostic::Diagnostics {
    fn from(failure: Failure) -> Self {
        failure.diagnostics
    }
}

/// Run the engine on the components of `openapi` alone: its type space,
/// which our emitter reads, and the types as tokens, the types named in
/// `ours` left to our layer. A failure is located at the component (or its
/// property) the engine cannot take, when one can be found.
pub fn types(
    spec: &Spec,
    openapi: &OpenAPI,
    ours: &[String],
    in_spec: impl Fn(String) -> String,
) -> Result<(Generator, TokenStream), Failure> {
    let shell = OpenAPI { paths: openapi::Paths::default(), ..openapi.clone() };
    let outcome = quietly(|| {
        let mut generator = Generator::new(&types_settings(ours));
        generator.generate_tokens(&shell).map(|_| {
            let types = generator.get_type_space().to_stream();
            (generator, types)
        })
    });
    let whole = match outcome {
        Ok(Ok(done)) => return Ok(done),
        Ok(Err(e)) => first_line(&e.to_string()).trim_end_matches([' ', '{']).to_string(),
        Err(panic) => panic,
    };
    let culprit = schema_culprit(&shell).map(|pointer| Culprit::Schemas(vec![in_spec(pointer)]));
    let pointer = match &culprit {
        Some(Culprit::Schemas(pointers)) => pointers.first().cloned().unwrap_or_default(),
        _ => String::new(),
    };
    let diagnostic = spec.diagnostic(
        &pointer,
        format!("the engine (progenitor-impl 0.15.1) failed: {whole}"),
        "this construct is not supported by the generator; simplify it, \
         or report it with this spec so lint can catch it",
    );
    Err(Failure { diagnostics: diagnostic.into(), culprit })
}

/// The engine's settings when it makes the types: plain structs and enums,
/// with no builder of their own (a request's setters build its body), and
/// ours in place of the types named in `ours`: they are written in `types`
/// and named from it and from the modules beside it (never from the
/// engine's `defaults` within it: none of them has a default).
fn types_settings(ours: &[String]) -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    for name in ours {
        let impls = [progenitor_impl::TypeImpl::Display, progenitor_impl::TypeImpl::FromStr];
        settings.with_replacement(name, format!("super::types::{name}"), impls.into_iter());
    }
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_map_type("::std::collections::BTreeMap")
        // Specs point schemas at runtime types (`x-rust-type`) where the
        // engine's own would be wrong: tolerant scalars, integer enums.
        .with_crate("botapis", CrateVers::Any, None);
    settings
}

/// progenitor-impl's settings when it makes a whole client alone: the
/// baseline the benchmarks measure the generator against.
pub fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        // Credentials, retries and rate limits live in the runtime; the
        // generated `Client` carries them as its inner value and our layer
        // implements the hooks that use them.
        .with_inner_type(quote!(crate::runtime::Inner))
        .with_hooks(HooksMode::Expected)
        .with_map_type("::std::collections::BTreeMap")
        // Specs point schemas at runtime types (`x-rust-type`) where the
        // engine's own would be wrong: tolerant scalars, integer enums.
        .with_crate("botapis", CrateVers::Any, None);
    settings
}

/// Whether the engine fails on `openapi`, by an error or a panic.
fn engine_fails(openapi: &OpenAPI) -> bool {
    !matches!(quietly(|| Generator::new(&types_settings(&[])).generate_tokens(openapi).is_ok()), Ok(true))
}

/// Run `f`, turning a panic into its message's first line, printed by no
/// panic hook.
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    silence_engine_panics();
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .map(|s| format!("panic: {}", first_line(&s)))
            .unwrap_or_else(|| "panic".to_string())
    })
}

/// A component schema the engine fails on, if the components fail without
/// any operation and reading every schema as free-form JSON would not:
/// found by halving the schemas, as `culprit` halved the operations once, then
/// the properties of the one found, so that what is read as free-form JSON
/// is as small as it can be. With several, it is one of them; the caller
/// reads it as free-form JSON and asks again. Its JSON pointer.
fn schema_culprit(openapi: &OpenAPI) -> Option<String> {
    let names: Vec<&String> = openapi.components.as_ref()?.schemas.keys().collect();
    let shell = OpenAPI { paths: openapi::Paths::default(), ..openapi.clone() };
    let fails = |free: &[&String]| {
        let mut spec = shell.clone();
        if let Some(components) = spec.components.as_mut() {
            for name in free {
                components.schemas.insert((*name).clone(), ReferenceOr::Item(free_form()));
            }
        }
        engine_fails(&spec)
    };
    if names.is_empty() || !fails(&[]) || fails(&names) {
        return None;
    }
    let (free, name) = halve(names, fails);
    let component = format!("/components/schemas/{}", escape(name));
    // The same search among its properties, with the other schemas found
    // free-form as they were when it was found.
    let mut spec = shell.clone();
    let schemas = &mut spec.components.as_mut()?.schemas;
    for other in &free {
        schemas.insert((*other).clone(), ReferenceOr::Item(free_form()));
    }
    let Some(ReferenceOr::Item(openapi::Schema { schema_kind: openapi::SchemaKind::Type(openapi::Type::Object(object)), .. })) =
        schemas.get(name)
    else {
        return Some(component);
    };
    let properties: Vec<String> = object.properties.keys().cloned().collect();
    let properties: Vec<&String> = properties.iter().collect();
    let fails = |free: &[&String]| {
        let mut spec = spec.clone();
        if let Some(ReferenceOr::Item(openapi::Schema { schema_kind: openapi::SchemaKind::Type(openapi::Type::Object(object)), .. })) =
            spec.components.as_mut().and_then(|c| c.schemas.get_mut(name))
        {
            for property in free {
                object.properties.insert((*property).clone(), ReferenceOr::Item(Box::new(free_form())));
            }
        }
        engine_fails(&spec)
    };
    if properties.is_empty() || fails(&properties) {
        return Some(component);
    }
    let (_, property) = halve(properties, fails);
    Some(format!("{component}/properties/{}", escape(property)))
}

/// One of `suspects` that `fails` stops failing without, given that it
/// fails with none of them taken and not with all: (those taken on the way,
/// it).
fn halve<'a>(mut suspects: Vec<&'a String>, fails: impl Fn(&[&'a String]) -> bool) -> (Vec<&'a String>, &'a String) {
    // Held: `fails(taken)`, and not `fails(taken + suspects)`.
    let mut taken: Vec<&String> = Vec::new();
    while suspects.len() > 1 {
        let (first, second) = suspects.split_at(suspects.len() / 2);
        let with_first: Vec<&String> = taken.iter().chain(first).copied().collect();
        if fails(&with_first) {
            taken = with_first;
            suspects = second.to_vec();
        } else {
            suspects = first.to_vec();
        }
    }
    (taken, suspects[0])
}

/// A schema of any JSON value, which the engine reads as `serde_json::Value`.
pub fn free_form() -> openapi::Schema {
    openapi::Schema { schema_data: Default::default(), schema_kind: openapi::SchemaKind::Any(Default::default()) }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// The default hook prints every caught engine panic to stderr as if the
/// program had crashed; we report those as diagnostics instead. Panics
/// elsewhere still reach the previous hook.
fn silence_engine_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn an_engine_panic_becomes_a_diagnostic_at_the_property() {
        // A schema of a format the engine reaches a `todo!` on.
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Odd:\n      type: object\n      properties:\n        fine: {type: integer}\n        odd: {format: uri-map}\n";
        let spec = Spec::parse(Path::new("panics.yaml"), text.to_string()).unwrap();
        let openapi = spec.openapi().unwrap();
        let failure = types(&spec, &openapi, &[], |pointer| pointer).err().expect("the engine must fail");
        assert_eq!(failure.culprit, Some(Culprit::Schemas(vec!["/components/schemas/Odd/properties/odd".into()])));
        let d = failure.diagnostics.0[0].clone();
        assert!(d.message.starts_with("the engine (progenitor-impl 0.15.1) failed: panic: "), "{d}");
        assert_eq!((d.location.line, d.location.column), (10, 9), "located at `odd:`");
    }
}
