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
        SchemaRef::Inline(pointer) => inline_type(spec, api, spec.tree.pointer(pointer).unwrap_or(&Value::Null), pointer),
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
    if !named && schema.get("nullable") == Some(&Value::Bool(true)) { quote!(Option<#ty>) } else { ty }
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
        Some("integer") => integer_type(schema),
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

/// The engine's type of an inline integer schema, by its `format` and
/// bounds (`u32`, `NonZeroU64` for `minimum: 1`), asked of a type space of
/// its own: such a schema names no type, so none is defined, and the
/// parameter gets the type the same schema would as a field. `i64` when
/// the engine makes nothing of it.
fn integer_type(schema: &Value) -> TokenStream {
    let fallback = quote!(i64);
    let mut kept = serde_json::Map::new();
    for key in ["type", "format", "minimum", "maximum"] {
        if let Some(value) = schema.get(key) {
            kept.insert(key.to_string(), value.clone());
        }
    }
    // OpenAPI 3.0 writes an exclusive bound as a flag beside it; JSON
    // Schema, which the engine reads, as the bound itself.
    for (flag, bound, exclusive) in
        [("exclusiveMinimum", "minimum", "exclusiveMinimum"), ("exclusiveMaximum", "maximum", "exclusiveMaximum")]
    {
        if schema.get(flag) == Some(&Value::Bool(true))
            && let Some(value) = kept.remove(bound)
        {
            kept.insert(exclusive.to_string(), value);
        }
    }
    let Ok(schema) = serde_json::from_value::<schemars::schema::Schema>(Value::Object(kept)) else { return fallback };
    let mut space = typify::TypeSpace::new(&typify::TypeSpaceSettings::default());
    let Ok(id) = space.add_type(&schema) else { return fallback };
    space.get_type(&id).map(|ty| ty.ident()).unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::integer_type;

    fn of(schema: serde_json::Value) -> String {
        integer_type(&schema).to_string().replace(' ', "")
    }

    #[test]
    fn inline_integers_are_typed_as_the_engine_types_fields() {
        assert_eq!(of(json!({"type": "integer"})), "i64");
        assert_eq!(of(json!({"type": "integer", "format": "int32"})), "i32");
        assert_eq!(of(json!({"type": "integer", "format": "uint32"})), "u32");
        assert_eq!(of(json!({"type": "integer", "minimum": 0})), "u64");
        assert_eq!(of(json!({"type": "integer", "minimum": 1})), "::std::num::NonZeroU64");
        // OpenAPI 3.0's exclusive flag: above 0 is from 1.
        assert_eq!(of(json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})), "::std::num::NonZeroU64");
    }

    #[test]
    fn what_the_engine_refuses_is_i64() {
        assert_eq!(of(json!({"type": "integer", "minimum": "one"})), "i64");
        assert_eq!(of(json!({"type": "integer", "format": "int8", "maximum": 1000})), "i64");
    }
}
