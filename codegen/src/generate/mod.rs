//! Stage 3: the engine's client plus our layer, as one token stream.

mod adapt;
mod client_layer;
mod engine;

use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostic::Diagnostics;
use crate::load::Spec;

/// The generated module, before rendering.
pub struct Generated {
    pub tokens: TokenStream,
    pub operations: usize,
    pub types: usize,
}

/// Generate the client module for a linted spec.
pub fn generate(spec: &Spec) -> Result<Generated, Diagnostics> {
    let openapi = spec.openapi()?;
    let engine = engine::run(spec, &openapi)?;
    let layer = client_layer::tokens(spec)?;
    let operations = openapi.operations().count();
    let body = adapt::adapt(engine.tokens).map_err(|why| {
        spec.diagnostic("", format!("the engine's output has an unexpected shape: {why}"), "this is a generator bug; report it with this spec")
    })?;
    Ok(Generated {
        tokens: quote! {
            #body
            #layer
        },
        operations,
        types: engine.types,
    })
}
