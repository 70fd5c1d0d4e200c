//! Our emitter: code written from the [model](crate::model) with `quote!`,
//! top to bottom, instead of the engine's output reshaped afterwards.
//!
//! The engine keeps the types; a schema the model names is turned into
//! the Rust type the engine makes of it by [`rust_type`].

pub mod mocks;
pub mod operations;
pub mod types;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::load::Spec;
use crate::model::{Api, SchemaRef};

use super::names::type_ident;

/// The Rust type of a schema, as seen from a module beside `types` that
/// imports it and adds no names of the standard prelude. A
/// component is the type the engine defines for it (typify names a
/// component by its name in `UpperCamelCase`), and so is an inline schema
/// the model lifts into one; any other inline schema is a standard type,
/// and free-form JSON where only the engine could name it.
pub fn rust_type(spec: &Spec, api: &Api, schema: &SchemaRef) -> TokenStream {
    match schema {
        SchemaRef::Component(name) => component_type(name),
        SchemaRef::Inline(pointer) => inline_type(
            spec,
            api,
            spec.tree.pointer(pointer).unwrap_or(&Value::Null),
            pointer,
        ),
    }
}

/// [`rust_type`] of a value that is present: a parameter, where `null`
/// and leaving it out are one (an optional parameter is already an
/// `Option`).
pub fn present_type(spec: &Spec, api: &Api, schema: &SchemaRef) -> TokenStream {
    match schema {
        SchemaRef::Inline(pointer) => inline_present_type(spec, api, spec.tree.pointer(pointer).unwrap_or(&Value::Null), pointer),
        SchemaRef::Component(_) => rust_type(spec, api, schema),
    }
}

fn component_type(name: &str) -> TokenStream {
    let ident = type_ident(name);
    quote!(types::#ident)
}

pub(super) fn inline_type(spec: &Spec, api: &Api, schema: &Value, pointer: &str) -> TokenStream {
    let ty = inline_present_type(spec, api, schema, pointer);
    let named = api.lifted_name(pointer).is_some() || crate::model::refs::schema_name(schema).is_some();
    if !named && schema.get("nullable") == Some(&Value::Bool(true)) {
        quote!(Option<#ty>)
    } else {
        ty
    }
}

/// [`inline_type`] without the `Option` of a nullable schema.
fn inline_present_type(spec: &Spec, api: &Api, schema: &Value, pointer: &str) -> TokenStream {
    if let Some(name) = api.lifted_name(pointer) {
        return component_type(name);
    }
    if let Some(name) = crate::model::refs::schema_name(schema) {
        return component_type(name);
    }
    let enumerated = schema.get("enum").is_some();
    match schema.get("type").and_then(Value::as_str) {
        _ if enumerated => quote!(::serde_json::Value),
        Some("string") => quote!(String),
        Some("integer") => quote!(i64),
        Some("number") => quote!(f64),
        Some("boolean") => quote!(bool),
        Some("object") if schema.get("properties").is_none() => match schema.get("additionalProperties") {
            Some(values @ Value::Object(_)) => {
                let inner = inline_type(spec, api, values, &format!("{pointer}/additionalProperties"));
                quote!(::std::collections::BTreeMap<String, #inner>)
            }
            _ => quote!(::serde_json::Map<String, ::serde_json::Value>),
        },
        Some("array") => {
            let items = schema.get("items").unwrap_or(&Value::Null);
            let inner = inline_type(spec, api, items, &format!("{pointer}/items"));
            quote!(Vec<#inner>)
        }
        _ => quote!(::serde_json::Value),
    }
}
