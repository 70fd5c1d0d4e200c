//! The call into progenitor-impl, guarded so that no input can crash us.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use openapiv3::{self as openapi, OpenAPI, PathItem, ReferenceOr};
use progenitor_impl::{CrateVers, GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostic::Diagnostics;
use crate::load::Spec;
use crate::load::positions::escape;

/// What the engine produced.
pub struct EngineOutput {
    pub tokens: TokenStream,
    pub types: usize,
}

/// Run the engine on `openapi`. A panic or an error inside it becomes a
/// diagnostic located at the operation that caused it.
pub fn run(spec: &Spec, openapi: &OpenAPI) -> Result<EngineOutput, Diagnostics> {
    match guarded(openapi) {
        Ok(out) => Ok(out),
        Err(whole) => Err(spec
            .diagnostic(
                &culprit(openapi).unwrap_or_default(),
                format!("the engine (progenitor-impl 0.15.1) failed: {whole}"),
                "this construct is not supported by the generator; simplify it, \
                 or report it with this spec so lint can catch it",
            )
            .into()),
    }
}

/// The engine's settings for every spec.
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

fn guarded(openapi: &OpenAPI) -> Result<EngineOutput, String> {
    let result = quietly(|| {
        let mut generator = Generator::new(&settings());
        let tokens = generator.generate_tokens(openapi);
        let types = generator.get_type_space().iter_types().count();
        tokens.map(|tokens| EngineOutput { tokens, types })
    })?;
    result.map_err(|e| first_line(&e.to_string()).trim_end_matches([' ', '{']).to_string())
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

/// The pointer of an operation that fails on its own, if any: found by
/// halving the operations, so a spec with n operations costs about two
/// engine runs over n of them, not n runs over the whole spec.
fn culprit(openapi: &OpenAPI) -> Option<String> {
    let mut suspects: Vec<(&str, &str)> = openapi
        .paths
        .paths
        .iter()
        .filter_map(|(path, item)| item.as_item().map(|item| (path, item)))
        .flat_map(|(path, item)| item.iter().map(move |(method, _)| (path.as_str(), method)))
        .collect();
    // Everything but the operations, cloned once for all the runs.
    let shell = OpenAPI { paths: openapi::Paths::default(), ..openapi.clone() };
    let fails = |ops: &[(&str, &str)]| guarded(&only(openapi, &shell, ops)).is_err();
    if suspects.is_empty() || fails(&[]) {
        // The components fail without any operation.
        return None;
    }
    while suspects.len() > 1 {
        let (first, second) = suspects.split_at(suspects.len() / 2);
        suspects = if fails(first) {
            first.to_vec()
        } else if fails(second) {
            second.to_vec()
        } else {
            // Only operations of both halves together fail.
            return None;
        };
    }
    let (path, method) = suspects[0];
    Some(format!("/paths/{}/{method}", escape(path)))
}

/// `shell` (`openapi` without paths) with only the operations `ops`
/// (path, method) of `openapi`.
fn only(openapi: &OpenAPI, shell: &OpenAPI, ops: &[(&str, &str)]) -> OpenAPI {
    let mut paths = openapi::Paths::default();
    for (path, method) in ops {
        let Some(ReferenceOr::Item(item)) = openapi.paths.paths.get(*path) else { continue };
        let entry = paths
            .paths
            .entry(path.to_string())
            .or_insert_with(|| ReferenceOr::Item(PathItem { parameters: item.parameters.clone(), ..PathItem::default() }));
        if let ReferenceOr::Item(kept) = entry {
            *slot(kept, method) = item.iter().find(|(m, _)| m == method).map(|(_, op)| op.clone());
        }
    }
    OpenAPI { paths, ..shell.clone() }
}

fn slot<'a>(item: &'a mut PathItem, method: &str) -> &'a mut Option<openapiv3::Operation> {
    match method {
        "get" => &mut item.get,
        "put" => &mut item.put,
        "post" => &mut item.post,
        "delete" => &mut item.delete,
        "options" => &mut item.options,
        "head" => &mut item.head,
        "patch" => &mut item.patch,
        _ => &mut item.trace,
    }
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
    fn an_engine_panic_becomes_a_diagnostic_at_the_operation() {
        // Lint rejects a JSON response without a schema; handed to the
        // engine anyway, it reaches a `todo!` there.
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {'200': {description: ok, content: {application/json: {}}}}\n";
        let spec = Spec::parse(Path::new("panics.yaml"), text.to_string()).unwrap();
        let openapi = spec.openapi().unwrap();
        let d = run(&spec, &openapi).err().expect("the engine must fail").0.remove(0);
        assert!(d.message.starts_with("the engine (progenitor-impl 0.15.1) failed: panic: "), "{d}");
        assert_eq!((d.location.line, d.location.column), (5, 5), "located at `get:` of /a");
    }
}
