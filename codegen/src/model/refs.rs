//! Following `$ref`s: the one place the model does it.
//!
//! Lint has already refused a reference that leaves the document, points
//! at nothing or loops, so a `None` here means a spec that skipped lint;
//! the model then reads the node as written, and the type engine reports
//! the rest.

use serde_json::Value;

use crate::load::Spec;
use crate::load::positions::escape;

use super::SchemaRef;

/// `value` at `pointer`, or the node its chain of local `$ref`s ends at,
/// with that node's pointer; `value` itself where the chain cannot be
/// followed.
pub fn follow<'a>(spec: &'a Spec, value: &'a Value, pointer: &str) -> (&'a Value, String) {
    crate::load::follow_to(&spec.tree, value, pointer).unwrap_or_else(|| (value, pointer.to_string()))
}

/// The component schema a `$ref` names, if it names one.
pub fn schema_name(schema: &Value) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix("#/components/schemas/")
}

/// The component schema `name`.
pub fn component<'a>(spec: &'a Spec, name: &str) -> Option<&'a Value> {
    spec.tree.pointer(&format!("/components/schemas/{}", escape(name)))
}

/// A schema, as the type engine will name it, and the node that defines it
/// (a component's own, for a `$ref`).
pub fn schema<'a>(spec: &'a Spec, schema: &'a Value, pointer: &str) -> (SchemaRef, &'a Value) {
    match schema_name(schema) {
        Some(name) => {
            let pointer = format!("/components/schemas/{}", escape(name));
            let defined = spec.tree.pointer(&pointer).map_or(schema, |node| follow(spec, node, &pointer).0);
            (SchemaRef::Component(name.to_string()), defined)
        }
        None => (SchemaRef::Inline(pointer.to_string()), schema),
    }
}
