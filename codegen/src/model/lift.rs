//! The names of the types an operation's inline schemas become.
//!
//! An inline schema that defines a type (an object, an enum, a choice, a
//! constrained string) is lifted into `components/schemas` under the name
//! chosen here before the type engine sees it, so every type the client
//! uses has a name the model knows, and the emitter never guesses one:
//!
//! - a parameter's: the operation and the parameter (`GetSubscribersBotId`),
//!   or, for a parameter declared once in `components/parameters`, that
//!   component's name, one type however many operations use it;
//! - a request body's: the operation and `Body`, or the name of its
//!   `components/requestBodies` entry;
//! - a success answer's: the operation and `Response`; another status's
//!   the same and the status (`ListResponse400`); one declared in
//!   `components/responses`, that entry's name;
//! - where success statuses answer different schemas, the choice of them
//!   is `<Operation>Response` ([`Choice`]), and each inline one is named
//!   with its status;
//! - the items of a list: the list's name and `Item`.
//!
//! A name another type has already gets the kind (`Parameter`, `Body`,
//! `Response`) and then a number appended.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use serde_json::Value;

use crate::load::Spec;

use super::{Operation, SchemaRef, Shape, Status};

/// Success statuses of one operation that answer different JSON schemas:
/// the answer is one of them, a type of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The operation's pointer and id.
    pub operation: String,
    pub id: String,
    /// The type's name.
    pub name: String,
    /// The statuses, as the spec writes them (`200`, `2XX`).
    pub statuses: Vec<String>,
    /// The schemas, in the order of the statuses, each once.
    pub members: Vec<SchemaRef>,
}

/// An inline schema and the name of the type it becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lifted {
    /// Where it is written.
    pub pointer: String,
    /// Its component name, already an `UpperCamelCase` Rust identifier.
    pub name: String,
}

/// Whether an inline schema defines a type of its own; the others are a
/// standard Rust type (`String`, `i64`, `Vec<..>` of one) written in place.
fn defines_type(schema: &Value) -> bool {
    let Some(map) = schema.as_object() else {
        return false;
    };
    if map.contains_key("$ref") {
        return false;
    }
    let string_with_rules = map.get("type").and_then(Value::as_str) == Some("string")
        && ["minLength", "maxLength", "pattern"].iter().any(|k| map.contains_key(*k));
    string_with_rules
        || map.get("type").and_then(Value::as_str) == Some("object")
        || ["properties", "additionalProperties", "enum", "oneOf", "anyOf", "allOf", "not"].iter().any(|k| map.contains_key(*k))
}

/// Every inline schema of `operations` that defines a type, with its name,
/// in document order. A query object and a credential are left in place:
/// the generator sends them itself.
pub fn lifted(spec: &Spec, operations: &[Operation]) -> (Vec<Lifted>, Vec<Choice>) {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for (name, schema) in spec.tree.pointer("/components/schemas").and_then(Value::as_object).into_iter().flatten() {
        let name = name.to_upper_camel_case();
        names_within(schema, &name, &mut taken, 0);
        taken.insert(name);
    }
    let mut out: Vec<Lifted> = Vec::new();
    let mut choices: Vec<Choice> = Vec::new();
    for op in operations {
        let stem = op.id.to_upper_camel_case();
        let successes: Vec<(String, &SchemaRef)> = op
            .responses
            .iter()
            .filter_map(|r| match (&r.status, &r.shape) {
                (Status::Code(code @ 200..=299), Shape::Json(Some(schema))) => Some((code.to_string(), schema)),
                (Status::Range(2), Shape::Json(Some(schema))) => Some(("2XX".to_string(), schema)),
                _ => None,
            })
            .collect();
        let mut members: Vec<SchemaRef> = Vec::new();
        for (_, schema) in &successes {
            if !members.contains(schema) {
                members.push((*schema).clone());
            }
        }
        let several = members.len() > 1;
        if several {
            choices.push(Choice {
                operation: op.pointer.clone(),
                id: op.id.clone(),
                name: unique(format!("{stem}Response"), "Response", &mut taken),
                statuses: successes.iter().map(|(status, _)| status.clone()).collect(),
                members,
            });
        }
        let mut lift = |pointer: &str, name: String, kind: &str, out: &mut Vec<Lifted>| {
            lift_at(spec, pointer, name, kind, &mut taken, out);
        };
        for param in &op.params {
            if param.credential.is_some() || param.query_object {
                continue;
            }
            let Some(SchemaRef::Inline(pointer)) = &param.schema else {
                continue;
            };
            let name = match declared_in(pointer, "/components/parameters/") {
                Some(component) => component.to_upper_camel_case(),
                None => format!("{stem}{}", param.name.to_upper_camel_case()),
            };
            lift(pointer, name, "Parameter", &mut out);
        }
        if let Some(SchemaRef::Inline(pointer)) = op.body.as_ref().and_then(|b| b.schema.as_ref()) {
            let name = match declared_in(pointer, "/components/requestBodies/") {
                Some(component) => component.to_upper_camel_case(),
                None => format!("{stem}Body"),
            };
            lift(pointer, name, "Body", &mut out);
        }
        for response in &op.responses {
            let Shape::Json(Some(SchemaRef::Inline(pointer))) = &response.shape else {
                continue;
            };
            let name = match (declared_in(pointer, "/components/responses/"), &response.status) {
                (Some(component), _) => component.to_upper_camel_case(),
                (None, Status::Code(code)) if (200..300).contains(code) && !several => {
                    format!("{stem}Response")
                }
                (None, Status::Range(2)) if !several => format!("{stem}Response"),
                (None, Status::Code(code)) => format!("{stem}Response{code}"),
                (None, Status::Range(hundreds)) => format!("{stem}Response{hundreds}xx"),
                (None, Status::Default) => format!("{stem}ResponseDefault"),
            };
            lift(pointer, name, "Response", &mut out);
        }
    }
    (out, choices)
}

/// Name the schema at `pointer`, or the items of the list it is; a schema
/// already named (a component's parameter used by several operations) keeps
/// its first name.
fn lift_at(spec: &Spec, pointer: &str, name: String, kind: &str, taken: &mut BTreeSet<String>, out: &mut Vec<Lifted>) {
    if out.iter().any(|l| l.pointer == pointer) {
        return;
    }
    let Some(schema) = spec.tree.pointer(pointer) else {
        return;
    };
    if defines_type(schema) {
        let name = unique(name, kind, taken);
        names_within(schema, &name, taken, 0);
        out.push(Lifted { pointer: pointer.to_string(), name });
    } else if schema.get("type").and_then(Value::as_str) == Some("array") && schema.get("items").is_some() {
        lift_at(spec, &format!("{pointer}/items"), format!("{name}Item"), kind, taken, out);
    }
}

/// The names the type engine may give the types defined inside a
/// component (`Package` with an inline `visibility` enum makes a
/// `PackageVisibility`), kept clear of: a clash would define one type
/// twice.
fn names_within(schema: &Value, name: &str, taken: &mut BTreeSet<String>, depth: usize) {
    const DEEP: usize = 8;
    let Some(map) = schema.as_object() else {
        return;
    };
    if depth > DEEP {
        return;
    }
    if let Some(title) = map.get("title").and_then(Value::as_str) {
        taken.insert(title.to_upper_camel_case());
    }
    for (property, inner) in map.get("properties").and_then(Value::as_object).into_iter().flatten() {
        let inner_name = format!("{name}{}", property.to_upper_camel_case());
        names_within(inner, &inner_name, taken, depth + 1);
        taken.insert(inner_name);
    }
    if let Some(items) = map.get("items") {
        let inner_name = format!("{name}Item");
        names_within(items, &inner_name, taken, depth + 1);
        taken.insert(inner_name);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        for inner in map.get(key).and_then(Value::as_array).into_iter().flatten() {
            names_within(inner, name, taken, depth + 1);
        }
    }
}

fn unique(name: String, kind: &str, taken: &mut BTreeSet<String>) -> String {
    // `2fa` names no Rust type.
    let name = if name.starts_with(|c: char| c.is_ascii_alphabetic()) { name } else { format!("Type{name}") };
    let mut candidate = name.clone();
    if taken.contains(&candidate) {
        candidate = format!("{name}{kind}");
    }
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{name}{kind}{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// The entry of `section` (`/components/parameters/`) that `pointer` is in.
fn declared_in<'a>(pointer: &'a str, section: &str) -> Option<&'a str> {
    let rest = pointer.strip_prefix(section)?;
    let entry = rest.split('/').next()?;
    Some(entry).filter(|e| !e.is_empty())
}
