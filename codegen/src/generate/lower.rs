//! Lower a spec to what the engine takes, keeping the spec itself true to
//! the vendor's wire format (validators and mock servers read it).
//!
//! For the types ([`lower_types`], what the generator uses):
//! - every inline schema the model names is lifted into the components;
//! - credential body properties (`x-botapis-credential`) are removed: the
//!   client fills them from its credentials;
//! - the integer enums with `x-enum-varnames` are listed for our layer to
//!   write (the engine makes no Rust enum of them), open to codes added
//!   later, and the engine is told to use ours in their place;
//! - a `oneOf` of `$ref`s with properties beside it gives those properties
//!   to its members, so the engine names the variants after them;
//! - a string enum written inline in a component's properties is lifted
//!   under the engine's own name for it, and the string enums of the
//!   components are listed for our layer to write, open to values added
//!   later (the engine is told to use ours in their place).
//!
//! The operations stay as written: our emitter sends them. For
//! progenitor-impl alone, the baseline the benchmarks measure against,
//! [`for_engine_alone`] rewrites what the engine refuses outright: a
//! multipart body as JSON, a free-form query object left out.

use heck::ToUpperCamelCase;
use serde_json::{Map, Value, json};

use crate::load::Spec;
use crate::load::positions::escape;
use crate::model::{self, Api, Encoding};

/// An integer enum our layer generates.
pub struct IntEnum {
    pub name: String,
    pub doc: Option<String>,
    /// (variant, code, description)
    pub variants: Vec<(String, i64, Option<String>)>,
}

/// A string enum our layer generates, open to values added later.
pub struct TextEnum {
    pub name: String,
    pub doc: Option<String>,
    /// (variant, value)
    pub variants: Vec<(String, String)>,
}

/// The engine's input, and what our layer adds for it.
pub struct Lowered {
    pub spec: Spec,
    pub int_enums: Vec<IntEnum>,
    pub text_enums: Vec<TextEnum>,
}

/// What the engine is given when it makes the types alone: the operations
/// keep their paths, parameters and bodies as written (our emitter sends
/// them), and only what shapes the types is lowered.
pub fn lower_types(spec: &Spec, api: &Api) -> Lowered {
    let mut tree = spec.tree.clone();
    lift_inline_schemas(&mut tree, &api.lifted);
    answer_choices(&mut tree, api);
    for op in &api.operations {
        remove_credential_properties(&mut tree, &op.pointer);
    }
    merge_choice_bases(&mut tree);
    strip_engine_pagination(&mut tree);
    let int_enums = int_enums(&tree);
    lift_property_enums(&mut tree);
    let text_enums = text_enums(&tree);
    inline_rust_types(&mut tree);
    link_bare_urls_in(&mut tree);
    Lowered { spec: spec.with_tree(tree), int_enums, text_enums }
}

/// Move each inline schema the model names into `components/schemas` under
/// that name, leaving a `$ref` in its place: the engine then names every
/// type as the model does. A parameter's description becomes its type's
/// when the schema has none.
fn lift_inline_schemas(tree: &mut Value, lifted: &[crate::model::Lifted]) {
    for crate::model::Lifted { pointer, name } in lifted {
        let reference = json!({"$ref": format!("#/components/schemas/{name}")});
        let Some(node) = tree.pointer_mut(pointer) else { continue };
        let mut schema = std::mem::replace(node, reference);
        let described_by = pointer
            .strip_suffix("/schema")
            .and_then(|parent| tree.pointer(parent))
            .filter(|parent| parent.get("in").is_some())
            .and_then(|parameter| parameter.get("description"))
            .cloned();
        if let (Some(description), Some(map)) = (described_by, schema.as_object_mut()) {
            map.entry("description").or_insert(description);
        }
        add_component(tree, name, schema);
    }
}

/// Put `schema` in `components/schemas` as `name`, making both if needed.
fn add_component(tree: &mut Value, name: &str, schema: Value) {
    let Some(root) = tree.as_object_mut() else { return };
    let components = root.entry("components").or_insert_with(|| json!({}));
    let Some(components) = components.as_object_mut() else { return };
    let schemas = components.entry("schemas").or_insert_with(|| json!({}));
    if let Some(schemas) = schemas.as_object_mut() {
        schemas.insert(name.to_string(), schema);
    }
}

/// Where an operation's success statuses answer different schemas, each
/// of them answers the choice of them (a component `oneOf` under the
/// model's name): true of every one of them, and one success type for the
/// engine.
fn answer_choices(tree: &mut Value, api: &Api) {
    for choice in &api.choices {
        let members: Vec<Value> = choice
            .members
            .iter()
            .filter_map(|member| match member {
                model::SchemaRef::Component(name) => Some(json!({"$ref": format!("#/components/schemas/{}", escape(name))})),
                model::SchemaRef::Inline(pointer) => match api.lifted_name(pointer) {
                    Some(name) => Some(json!({"$ref": format!("#/components/schemas/{name}")})),
                    None => tree.pointer(pointer).cloned(),
                },
            })
            .collect();
        let description =
            format!("What `{}` answers: the shape of the status it answers with (statuses {}).", choice.id, choice.statuses.join(", "));
        let reference = json!({"$ref": format!("#/components/schemas/{}", choice.name)});
        for status in &choice.statuses {
            let at = format!("{}/responses/{}", choice.operation, escape(status));
            let Some(entry) = tree.pointer(&at) else { continue };
            let defined = match entry.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
                Some(target) => tree.pointer(target).unwrap_or(entry),
                None => entry,
            };
            let said = defined.get("description").cloned().unwrap_or_else(|| json!(""));
            let answer = json!({"description": said, "content": {"application/json": {"schema": reference.clone()}}});
            if let Some(slot) = tree.pointer_mut(&at) {
                *slot = answer;
            }
        }
        add_component(tree, &choice.name, json!({"description": description, "oneOf": members}));
    }
}

/// What progenitor-impl alone is given to make a client: the spec lowered
/// for the types, and each operation in a form the engine takes at all
/// (it refuses a multipart body and a free-form object in the query): the
/// multipart body as a JSON one, the query object left out. Only the
/// benchmarks' baseline reads this; the generator sends what the spec says.
pub fn for_engine_alone(spec: &Spec, api: &Api) -> Lowered {
    let mut lowered = lower_types(spec, api);
    let mut tree = lowered.spec.tree.clone();
    for op in &api.operations {
        let multipart = op.body.as_ref().is_some_and(|b| b.encoding == Encoding::Multipart);
        let content = tree.pointer_mut(&format!("{}/requestBody/content", op.pointer)).and_then(Value::as_object_mut);
        if let Some(content) = content.filter(|_| multipart)
            && let Some(mut media) = content.remove("multipart/form-data")
        {
            if let Some(m) = media.as_object_mut() {
                m.remove("encoding");
            }
            content.insert("application/json".to_string(), media);
        }
        if let Some(query_object) = op.query_object() {
            if let Some(Value::Array(list)) = tree.pointer_mut(&format!("{}/parameters", op.pointer)) {
                list.retain(|p| model::refs::follow(spec, p, "").0.get("name").and_then(Value::as_str) != Some(query_object.name.as_str()));
            }
        }
    }
    lowered.spec = lowered.spec.with_tree(tree);
    lowered
}

/// `see https://x.example/page.` → `see <https://x.example/page>.`: rustdoc
/// warns about bare URLs (and `-D warnings` fails on them), and vendors'
/// descriptions have them. A URL already in `<..>`, `(..)`, quotes or
/// code, or inside a fenced block, is left alone.
pub fn link_bare_urls(text: &str) -> String {
    if !text.contains("://") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut fenced = false;
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if fenced {
            out.push_str(line);
            continue;
        }
        // One pass over the line's bytes: a scheme starts with ASCII `h` and
        // a URL ends at an ASCII byte, so every cut is a char boundary.
        let bytes = line.as_bytes();
        let (mut i, mut copied, mut in_code) = (0, 0, false);
        while i < bytes.len() {
            if bytes[i] == b'`' {
                in_code = !in_code;
                i += 1;
                continue;
            }
            let scheme = if bytes[i..].starts_with(b"https://") {
                8
            } else if bytes[i..].starts_with(b"http://") {
                7
            } else {
                0
            };
            // `i` is a char boundary only where a scheme starts.
            if scheme == 0 || in_code || line[..i].chars().next_back().is_some_and(|c| matches!(c, '<' | '(' | '[' | '"' | '\'' | '=')) {
                i += 1;
                continue;
            }
            let mut end = i + scheme;
            while end < bytes.len() && !bytes[end].is_ascii_whitespace() && !matches!(bytes[end], b'<' | b'>' | b'"' | b'`') {
                end += 1;
            }
            while end > i + scheme && matches!(bytes[end - 1], b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']') {
                end -= 1;
            }
            if end > i + scheme {
                out.push_str(&line[copied..i]);
                out.push('<');
                out.push_str(&line[i..end]);
                out.push('>');
                copied = end;
            }
            i = end.max(i + 1);
        }
        out.push_str(&line[copied..]);
    }
    out
}

/// Every `description` and `summary` of the tree, with bare URLs linked.
fn link_bare_urls_in(node: &mut Value) {
    match node {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(text) if key == "description" || key == "summary" => *text = link_bare_urls(text),
                    // Data, sent or compared as it is.
                    _ if matches!(key.as_str(), "example" | "examples" | "default" | "enum") => {}
                    _ => link_bare_urls_in(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(link_bare_urls_in),
        _ => {}
    }
}

fn remove_credential_properties(tree: &mut Value, op_pointer: &str) {
    let Some(media) =
        tree.pointer(&format!("{op_pointer}/requestBody/content")).and_then(Value::as_object).and_then(|c| c.keys().next().cloned())
    else {
        return;
    };
    let schema_pointer = format!("{op_pointer}/requestBody/content/{}/schema", escape(&media));
    let target = match tree.pointer(&schema_pointer).and_then(model::refs::schema_name) {
        Some(name) => format!("/components/schemas/{}", escape(name)),
        None => schema_pointer,
    };
    let Some(schema) = tree.pointer_mut(&target).and_then(Value::as_object_mut) else { return };
    let credentials: Vec<String> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| props.iter().filter(|(_, p)| p.get("x-botapis-credential").is_some()).map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    if let Some(Value::Object(props)) = schema.get_mut("properties") {
        props.retain(|k, _| !credentials.contains(k));
    }
    if let Some(Value::Array(required)) = schema.get_mut("required") {
        required.retain(|r| !r.as_str().is_some_and(|r| credentials.iter().any(|c| c == r)));
        if required.is_empty() {
            schema.remove("required");
        }
    }
}

/// Whether `names` make the variants of an enum of ours: at least one,
/// each distinct, and none the `Unknown` it adds.
fn open_variants<'a>(mut names: impl Iterator<Item = &'a str>) -> bool {
    let mut distinct = std::collections::HashSet::new();
    names.all(|name| name != "Unknown" && distinct.insert(name)) && !distinct.is_empty()
}

/// The integer enums with `x-enum-varnames` among the components, which
/// our layer writes in `types` (the engine makes no Rust enum of them) and
/// the engine is told to use in their place. One a default refers to is
/// left to the engine, as a string enum is.
fn int_enums(tree: &Value) -> Vec<IntEnum> {
    use super::names::{Case, sanitize};
    let mut out = Vec::new();
    let Some(schemas) = tree.pointer("/components/schemas").and_then(Value::as_object) else {
        return out;
    };
    let mut defaulted = std::collections::HashSet::new();
    referenced_under_defaults(tree, false, &mut defaulted);
    for (name, schema) in schemas {
        let Some(obj) = schema.as_object() else { continue };
        if defaulted.contains(name.as_str()) || obj.contains_key("x-rust-type") {
            continue;
        }
        let codes: Option<Vec<i64>> = obj.get("enum").and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_i64).collect());
        let names: Option<Vec<String>> = obj
            .get("x-enum-varnames")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_upper_camel_case).collect());
        let descriptions: Vec<Option<String>> = obj
            .get("x-enum-descriptions")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|d| d.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        let (Some(codes), Some(names)) = (codes, names) else { continue };
        if obj.get("type").and_then(Value::as_str) != Some("integer") || codes.len() != names.len() {
            continue;
        }
        if !open_variants(names.iter().map(String::as_str)) {
            continue;
        }
        out.push(IntEnum {
            name: sanitize(name, Case::Pascal),
            doc: obj.get("description").and_then(Value::as_str).map(str::to_string),
            variants: names.into_iter().zip(codes).enumerate().map(|(i, (n, c))| (n, c, descriptions.get(i).cloned().flatten())).collect(),
        });
    }
    out
}

/// Lift each string enum written inline in a component's properties (at any
/// depth of inline objects and lists) into the components, named as the
/// engine would name its type (`Message` + `status` = `MessageStatus`,
/// a list's items `…Item`), so that it is one of ours and open too. A name
/// another component has already leaves the enum where it is.
fn lift_property_enums(tree: &mut Value) {
    use super::names::{Case, sanitize};
    fn is_text_enum(schema: &Value) -> bool {
        schema.get("type").and_then(Value::as_str) == Some("string")
            && schema.get("enum").and_then(Value::as_array).is_some_and(|values| values.iter().all(Value::is_string))
            && schema.get("nullable") != Some(&Value::Bool(true))
            && schema.get("x-rust-type").is_none()
            // The engine names a default's type from its `defaults`
            // module, where ours are not in reach.
            && schema.get("default").is_none()
    }
    /// The inline enums under `schema` (a component named `name`), as
    /// (pointer within it, name).
    fn found(schema: &Value, pointer: String, name: &str, depth: usize, out: &mut Vec<(String, String)>) {
        if depth > 32 {
            return;
        }
        if schema.get("default").is_some() {
            return;
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (key, property) in properties {
                let within = format!("{pointer}/properties/{}", escape(key));
                let named = format!("{name}{}", sanitize(key, Case::Pascal));
                if is_text_enum(property) {
                    out.push((within, named));
                } else {
                    found(property, within, &named, depth + 1, out);
                }
            }
        }
        if let Some(items) = schema.get("items") {
            let within = format!("{pointer}/items");
            let named = format!("{name}Item");
            if is_text_enum(items) {
                out.push((within, named));
            } else {
                found(items, within, &named, depth + 1, out);
            }
        }
    }
    let Some(schemas) = tree.pointer("/components/schemas").and_then(Value::as_object) else { return };
    let mut taken: std::collections::HashSet<String> = schemas.keys().map(|k| sanitize(k, Case::Pascal)).collect();
    let mut lifts = Vec::new();
    for (name, schema) in schemas {
        found(schema, format!("/components/schemas/{}", escape(name)), &sanitize(name, Case::Pascal), 0, &mut lifts);
    }
    for (pointer, name) in lifts {
        if !taken.insert(name.clone()) {
            continue;
        }
        let mut reference = json!({"$ref": format!("#/components/schemas/{name}")});
        let Some(node) = tree.pointer_mut(&pointer) else { continue };
        // The field keeps its doc: OpenAPI 3.0 drops what stands beside a
        // `$ref`, so the reference is the one member of an `allOf`.
        if let Some(description) = node.get("description") {
            reference = json!({"description": description, "allOf": [reference]});
        }
        let schema = std::mem::replace(node, reference);
        add_component(tree, &name, schema);
    }
}

/// How many `$ref`s name each component schema, anywhere in the document.
fn count_references(node: &Value, uses: &mut std::collections::HashMap<String, usize>) {
    match node {
        Value::Object(map) => {
            if let Some(name) = model::refs::schema_name(node) {
                *uses.entry(name.to_string()).or_default() += 1;
            }
            map.values().for_each(|value| count_references(value, uses));
        }
        Value::Array(items) => items.iter().for_each(|item| count_references(item, uses)),
        _ => {}
    }
}

/// The components named by a `$ref` within a schema that has a default:
/// the engine writes that default's value in its `defaults` module, where
/// a type of ours is not in reach. The walk is bounded by the document's
/// depth, which `load` bounds.
fn referenced_under_defaults<'a>(node: &'a Value, within: bool, out: &mut std::collections::HashSet<&'a str>) {
    match node {
        Value::Object(map) => {
            let within = within || map.contains_key("default");
            if within && let Some(name) = model::refs::schema_name(node) {
                out.insert(name);
            }
            for value in map.values() {
                referenced_under_defaults(value, within, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| referenced_under_defaults(item, within, out)),
        _ => {}
    }
}

/// The string enums of the components our layer generates in `types`, with
/// an `Unknown` the engine's enums lack; the engine is told to use them in
/// their place. One whose values do not each make a distinct variant name
/// is left to the engine.
fn text_enums(tree: &Value) -> Vec<TextEnum> {
    use super::names::{Case, sanitize};
    let mut out = Vec::new();
    let Some(schemas) = tree.pointer("/components/schemas").and_then(Value::as_object) else {
        return out;
    };
    let mut defaulted = std::collections::HashSet::new();
    referenced_under_defaults(tree, false, &mut defaulted);
    for (name, schema) in schemas {
        if defaulted.contains(name.as_str()) {
            continue;
        }
        let Some(obj) = schema.as_object() else { continue };
        if obj.get("type").and_then(Value::as_str) != Some("string")
            || obj.contains_key("x-rust-type")
            || obj.contains_key("default")
            || obj.get("nullable") == Some(&Value::Bool(true))
        {
            continue;
        }
        let Some(values) = obj
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_string)).collect::<Option<Vec<_>>>())
        else {
            continue;
        };
        let variants: Vec<(String, String)> = values.into_iter().map(|v| (sanitize(&v, Case::Pascal), v)).collect();
        if !open_variants(variants.iter().map(|(v, _)| v.as_str())) {
            continue;
        }
        out.push(TextEnum {
            name: sanitize(name, Case::Pascal),
            doc: obj.get("description").and_then(Value::as_str).map(str::to_string),
            variants,
        });
    }
    out
}

/// The engine's own pagination (`x-dropshot-pagination`) makes streams of
/// the engine's error type; ours (`x-botapis-pagination`) is the one that
/// returns the client's `Error`, so the engine's is turned off.
fn strip_engine_pagination(tree: &mut Value) {
    let Some(paths) = tree.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for op in item.values_mut() {
            if let Some(op) = op.as_object_mut() {
                op.remove("x-dropshot-pagination");
            }
        }
    }
}

/// A component that only names a Rust type (`x-rust-type`) would become a
/// newtype around it; put its schema at each `$ref` instead, so fields have
/// the type itself.
fn inline_rust_types(tree: &mut Value) {
    let Some(schemas) = tree.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else {
        return;
    };
    let named: Map<String, Value> = schemas
        .iter()
        .filter(|(_, s)| s.get("x-rust-type").is_some())
        .map(|(k, v)| (format!("#/components/schemas/{}", escape(k)), v.clone()))
        .collect();
    if named.is_empty() {
        return;
    }
    schemas.retain(|k, _| !named.contains_key(&format!("#/components/schemas/{}", escape(k))));
    fn walk(value: &mut Value, named: &Map<String, Value>) {
        match value {
            Value::Object(map) => {
                if let Some(target) = map.get("$ref").and_then(Value::as_str).and_then(|r| named.get(r)) {
                    *value = target.clone();
                    return;
                }
                map.values_mut().for_each(|v| walk(v, named));
            }
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, named)),
            _ => {}
        }
    }
    walk(tree, &named);
}

/// A `oneOf` of `$ref`s with properties beside it is, to the engine, a
/// choice of those properties merged into each member: inline schemas,
/// whose variants it can only call `Variant0`, `Variant1`. Each member the
/// choice alone names takes the shared properties itself, so the choice is
/// of the members as named and its variants are named after them.
fn merge_choice_bases(tree: &mut Value) {
    let Some(schemas) = tree.pointer("/components/schemas").and_then(Value::as_object) else { return };
    let candidates: Vec<(String, Vec<String>)> = schemas
        .iter()
        .filter(|(_, schema)| schema.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty()))
        .filter_map(|(name, schema)| {
            let members = schema.get("oneOf")?.as_array()?;
            let members = members.iter().map(|m| model::refs::schema_name(m).map(str::to_string)).collect::<Option<Vec<_>>>()?;
            let objects = members.iter().all(|m| schemas.get(m).is_some_and(|s| s.get("type").and_then(Value::as_str) == Some("object")));
            objects.then(|| (name.clone(), members))
        })
        .collect();
    if candidates.is_empty() {
        return;
    }
    // A member named anywhere else too keeps its own shape there.
    let mut uses = std::collections::HashMap::new();
    count_references(tree, &mut uses);
    let merges: Vec<(String, Vec<String>)> =
        candidates.into_iter().filter(|(_, members)| members.iter().all(|m| uses.get(m.as_str()) == Some(&1))).collect();
    let Some(schemas) = tree.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return };
    for (name, members) in merges {
        let Some(base) = schemas.get_mut(&name).and_then(Value::as_object_mut) else { continue };
        let properties = base.remove("properties");
        let required = base.remove("required");
        base.remove("type");
        for member in members {
            let Some(member) = schemas.get_mut(&member).and_then(Value::as_object_mut) else { continue };
            if let Some(Value::Object(shared)) = &properties {
                let own = member.entry("properties").or_insert_with(|| json!({}));
                if let Some(own) = own.as_object_mut() {
                    for (key, schema) in shared {
                        own.entry(key.clone()).or_insert_with(|| schema.clone());
                    }
                }
            }
            if let Some(Value::Array(shared)) = &required {
                let own = member.entry("required").or_insert_with(|| json!([]));
                if let Some(own) = own.as_array_mut() {
                    for key in shared {
                        if !own.contains(key) {
                            own.push(key.clone());
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod link_tests {
    use super::link_bare_urls;

    #[test]
    fn bare_urls_are_linked_and_nothing_else_changes() {
        assert_eq!(link_bare_urls("see https://x.example/a."), "see <https://x.example/a>.");
        assert_eq!(link_bare_urls("(https://x.example) [t](https://y) <https://z>"), "(https://x.example) [t](https://y) <https://z>");
        assert_eq!(link_bare_urls("`GET https://x.example` and http://y.example"), "`GET https://x.example` and <http://y.example>");
        assert_eq!(link_bare_urls("```\nhttps://code\n```"), "```\nhttps://code\n```");
        assert_eq!(link_bare_urls("страница https://пример.рф/путь, ок"), "страница <https://пример.рф/путь>, ок");
        assert_eq!(link_bare_urls("https://"), "https://");
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::load::Spec;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Lift, version: "1"}
paths:
  /x:
    get:
      operationId: get_x
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Thing:
      type: object
      properties:
        mood: {type: string, description: How the thing feels., enum: [calm, busy]}
        level: {$ref: "#/components/schemas/Level"}
    Level:
      type: integer
      description: How high.
      enum: [0, 1]
      x-enum-varnames: [low, high]
"##;

    #[test]
    fn a_lifted_enum_keeps_its_field_doc_and_integer_enums_are_ours() {
        let spec = Spec::parse(Path::new("lift.yaml"), SPEC.to_string()).unwrap();
        let api = crate::model::read(&spec).unwrap();
        let lowered = super::lower_types(&spec, &api);
        let mood = lowered.spec.tree.pointer("/components/schemas/Thing/properties/mood").unwrap();
        assert_eq!(mood["description"], "How the thing feels.");
        assert_eq!(mood["allOf"][0]["$ref"], "#/components/schemas/ThingMood");
        assert!(lowered.text_enums.iter().any(|e| e.name == "ThingMood"));
        let level = &lowered.int_enums[0];
        assert_eq!((level.name.as_str(), level.variants.len()), ("Level", 2));
        // Nothing points the engine at a path of this crate.
        assert!(lowered.spec.tree.pointer("/components/schemas/Level/x-rust-type").is_none());
    }
}
