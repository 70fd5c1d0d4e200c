//! Stage 1½: read a published spec the way a capable generator would.
//!
//! Vendors publish specs that are valid OpenAPI but more than the engine
//! takes. Each repair here rewrites one such construct in place (nodes keep
//! their JSON pointers, so every later diagnostic still points into the
//! file) into what lint and the engine accept, and says so in a warning
//! located at the construct. Nothing here guesses what a spec means: a
//! construct that has more than one reading is left for lint to reject.
//!
//! - An operation without `operationId` is named from its method and path.
//! - A request body with several media types keeps its JSON one.
//! - `additionalProperties: true` keeps the extra keys as a map, as
//!   `additionalProperties: {}` does.
//! - An operation whose error responses have different bodies keeps its
//!   errors untyped: the runtime reports every error status with the raw body
//!   and its JSON, whatever the engine would have decoded.
//! - `default` next to a success response is an error response.
//! - An `oauth2` or `openIdConnect` scheme is a bearer token the caller
//!   obtains.
//! - `encoding` on a media type is dropped: the engine does not apply it.
//! - `format` on an object, array or boolean is dropped: OpenAPI gives it
//!   no meaning.
//! - A `oneOf`/`anyOf` member listed twice is read once.
//! - With `allow_skips`, a `required` name that is no property but has a
//!   property's Rust name (`api-key` beside `api_key`) is read as it; an
//!   optional parameter the engine cannot send (`style: deepObject`) is left
//!   out rather than its operation; and a path parameter named unlike the
//!   one `{name}` of its path that no parameter declares is read as it.
//!
//! The project's own specs need none of this: a test keeps them free of
//! warnings.

use std::borrow::Cow;
use std::collections::BTreeSet;

use heck::ToSnakeCase;
use serde_json::{Map, Value, json};

use crate::diagnostic::Diagnostic;
use crate::load::positions::escape;
use crate::load::{METHODS, Spec};

/// `spec` repaired, and a warning per repair. `lenient` also repairs the
/// common defects of published specs (see [`Repairs::defects`]); only with
/// `allow_skips`, since they change what the spec says.
pub fn repair(spec: &Spec, lenient: bool) -> (Cow<'_, Spec>, Vec<Diagnostic>) {
    let mut repairs = Repairs { spec, tree: spec.tree.clone(), warnings: Vec::new() };
    repairs.openapi_3_1();
    if lenient {
        repairs.defects();
    }
    repairs.operation_ids();
    repairs.operations();
    repairs.security_schemes();
    repairs.unnameable_enums();
    repairs.colliding_titles();
    repairs.colliding_property_types();
    repairs.defaults_that_do_not_fit();
    repairs.formats_without_meaning();
    repairs.repeated_members();
    if lenient {
        repairs.required_names_like_properties();
        repairs.parameters_the_engine_cannot_send();
        repairs.misnamed_path_parameters();
    }
    additional_properties_true(&mut repairs.tree);
    if repairs.warnings.is_empty() && repairs.tree == spec.tree {
        return (Cow::Borrowed(spec), Vec::new());
    }
    let Repairs { tree, warnings, .. } = repairs;
    (Cow::Owned(spec.with_tree(tree)), warnings)
}

struct Repairs<'a> {
    spec: &'a Spec,
    tree: Value,
    warnings: Vec<Diagnostic>,
}

impl Repairs<'_> {
    fn warn(&mut self, pointer: &str, message: String, help: &str) {
        self.warnings.push(self.spec.diagnostic(pointer, message, help));
    }

    /// Defects of published specs with one plain reading: `/:name` path
    /// segments (Express style) mean `{name}`; `type: date-time` and `type:
    /// date` mean a string of that format; `type: "null"` means nullable.
    fn defects(&mut self) {
        let paths: Vec<String> = match self.tree.get("paths") {
            Some(Value::Object(paths)) => paths.keys().filter(|p| p.contains("/:")).cloned().collect(),
            _ => Vec::new(),
        };
        for path in paths {
            let fixed: String = path
                .split('/')
                .map(|seg| match seg.strip_prefix(':') {
                    Some(name) if !name.is_empty() => format!("{{{name}}}"),
                    _ => seg.to_string(),
                })
                .collect::<Vec<_>>()
                .join("/");
            let Some(Value::Object(paths)) = self.tree.get_mut("paths") else { return };
            if paths.contains_key(&fixed) {
                continue;
            }
            // Kept in place, so every pointer into it still resolves for
            // diagnostics: the old key is only renamed.
            let entries: Vec<(String, Value)> = std::mem::take(paths).into_iter().collect();
            paths.extend(entries.into_iter().map(|(k, v)| if k == path { (fixed.clone(), v) } else { (k, v) }));
            self.warn(
                &format!("/paths/{}", escape(&fixed)),
                format!("path `{path}` has `:name` segments; read as `{fixed}`"),
                "write path parameters as `{name}`",
            );
        }
        let mut found = Vec::new();
        schema_types(&mut self.tree, &mut String::new(), &mut found);
        for (pointer, was) in found {
            self.warn(
                &pointer,
                format!("schema type `{was}` is not an OpenAPI 3.0 type; read as {}", reading_of(&was)),
                "write the 3.0 form",
            );
        }
    }

    /// With `allow_skips`, what would cost a whole operation when it is one
    /// optional parameter: an optional parameter the engine cannot send
    /// (`style: deepObject`, Stripe's `expand`; a free-form query object
    /// beside a request body) is left out, and the operation kept.
    fn parameters_the_engine_cannot_send(&mut self) {
        let mut found: Vec<(String, String, &'static str)> = Vec::new();
        let Some(Value::Object(paths)) = self.tree.get("paths") else { return };
        for (path, item) in paths {
            let Some(item) = item.as_object() else { continue };
            for (method, op) in item.iter().filter(|(m, _)| METHODS.contains(&m.as_str())) {
                let Some(Value::Array(list)) = op.get("parameters") else { continue };
                let has_body = op.get("requestBody").is_some();
                for (i, entry) in list.iter().enumerate() {
                    let param = crate::load::follow(&self.tree, entry).unwrap_or(entry);
                    if param.get("required") == Some(&Value::Bool(true)) {
                        continue;
                    }
                    let schema = param.get("schema").map(|s| crate::load::follow(&self.tree, s).unwrap_or(s));
                    let object = schema.and_then(|s| s.get("type")) == Some(&json!("object"));
                    let kind = schema.and_then(|s| s.get("type")).and_then(Value::as_str);
                    let why = if param.get("style") == Some(&json!("deepObject")) {
                        "`style: deepObject`, which the engine cannot send"
                    } else if param.get("in") == Some(&json!("header")) && matches!(kind, Some("array" | "object")) {
                        "a header that is a list or an object, which the engine cannot send"
                    } else if has_body && object && param.get("in") == Some(&json!("query")) {
                        "a free-form query object beside a request body, which the engine cannot send both of"
                    } else {
                        continue;
                    };
                    let name = param.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
                    found.push((format!("/paths/{}/{method}/parameters/{i}", escape(path)), name, why));
                }
            }
        }
        // Later entries first, so earlier indices stay true.
        for (at, name, why) in found.into_iter().rev() {
            let Some((list, index)) = at.rsplit_once('/') else { continue };
            let (Some(Value::Array(list)), Ok(index)) = (self.tree.pointer_mut(list), index.parse::<usize>()) else { continue };
            list.remove(index);
            self.warn(
                &at,
                format!("optional parameter `{name}` left out: {why}"),
                "send it through the inner request, or describe it as separate parameters",
            );
        }
    }

    /// With `allow_skips`, an operation whose path has one `{name}` no
    /// parameter declares, and which declares one path parameter of its
    /// own that the path does not hold, means that one (Remote's `{id}`
    /// declared as `timeoff_id`); a `{name}` no parameter declares, beside
    /// none that strays, is a required text parameter.
    fn misnamed_path_parameters(&mut self) {
        let mut found: Vec<(String, String, String)> = Vec::new();
        let mut undeclared_found: Vec<(String, String, String)> = Vec::new();
        let Some(Value::Object(paths)) = self.tree.get("paths") else { return };
        for (path, item) in paths {
            let Some(item) = item.as_object() else { continue };
            let templated: Vec<&str> = path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')).collect();
            let declared_in = |list: Option<&Value>| -> Vec<(usize, String, bool)> {
                let Some(Value::Array(list)) = list else { return Vec::new() };
                list.iter()
                    .enumerate()
                    .filter_map(|(i, entry)| {
                        let param = crate::load::follow(&self.tree, entry).unwrap_or(entry);
                        let name = param.get("name")?.as_str()?.to_string();
                        (param.get("in") == Some(&json!("path"))).then(|| (i, name, entry.get("$ref").is_none()))
                    })
                    .collect()
            };
            let shared = declared_in(item.get("parameters"));
            for (method, op) in item.iter().filter(|(m, _)| METHODS.contains(&m.as_str())) {
                let own = declared_in(op.get("parameters"));
                let declared = |name: &str| shared.iter().chain(&own).any(|(_, n, _)| n == name);
                let undeclared: Vec<&&str> = templated.iter().filter(|t| !declared(t)).collect();
                let stray: Vec<&(usize, String, bool)> = own.iter().filter(|(_, n, _)| !templated.contains(&n.as_str())).collect();
                if let ([segment], [(i, _, true)]) = (undeclared.as_slice(), stray.as_slice()) {
                    found.push((format!("/paths/{}/{method}/parameters/{i}", escape(path)), segment.to_string(), path.clone()));
                } else if stray.is_empty() {
                    let at = format!("/paths/{}/{method}", escape(path));
                    undeclared_found.extend(undeclared.iter().map(|segment| (at.clone(), segment.to_string(), path.clone())));
                }
            }
        }
        // A `{name}` no parameter declares, and none stray from the path: a
        // text segment, as every path parameter is on the wire.
        for (at, segment, path) in undeclared_found {
            let Some(Value::Object(op)) = self.tree.pointer_mut(&at) else { continue };
            let list = op.entry("parameters").or_insert_with(|| json!([]));
            let Value::Array(list) = list else { continue };
            list.push(json!({"name": segment, "in": "path", "required": true, "schema": {"type": "string"}}));
            self.warn(
                &at,
                format!("`{{{segment}}}` in the path `{path}` is not declared; read as a required text parameter"),
                "declare it: `name`, `in: path`, `required: true` and a schema",
            );
        }
        for (at, segment, path) in found {
            let Some(Value::Object(param)) = self.tree.pointer_mut(&at) else { continue };
            let was = param.insert("name".into(), json!(segment)).unwrap_or_default();
            self.warn(
                &format!("{at}/name"),
                format!(
                    "path parameter {was} is not in the path `{path}`, whose `{{{segment}}}` no parameter declares; read as `{segment}`"
                ),
                "name the parameter as the path does",
            );
        }
    }

    /// OpenAPI 3.1 lowered to 3.0.3 where the two say the same: `type: [T,
    /// "null"]` and a `{type: "null"}` member are `nullable`, `const` a
    /// one-value `enum`, a schema's `examples` list its first `example`,
    /// numeric `exclusiveMinimum`/`exclusiveMaximum` a bound with the flag;
    /// `webhooks` and `jsonSchemaDialect` are left out.
    fn openapi_3_1(&mut self) {
        let Some(Value::String(version)) = self.tree.get("openapi") else { return };
        if !version.trim().starts_with("3.1") {
            return;
        }
        let version = version.clone();
        let Value::Object(root) = &mut self.tree else { return };
        root.insert("openapi".into(), json!("3.0.3"));
        root.remove("webhooks");
        root.remove("jsonSchemaDialect");
        root.entry("paths").or_insert_with(|| json!({}));
        let mut changes = 0;
        lower_3_1(&mut self.tree, &mut changes);
        self.warn(
            "/openapi",
            format!("OpenAPI {version} is read as 3.0.3 ({changes} schema constructs lowered)"),
            "write the spec in OpenAPI 3.0 to choose each reading yourself",
        );
    }

    /// (pointer, method, path) of every operation.
    fn operation_list(&self) -> Vec<(String, &'static str, String)> {
        let Some(Value::Object(paths)) = self.tree.get("paths") else { return Vec::new() };
        let mut out = Vec::new();
        for (path, item) in paths {
            for method in METHODS {
                if item.get(method).is_some_and(Value::is_object) {
                    out.push((format!("/paths/{}/{method}", escape(path)), method, path.clone()));
                }
            }
        }
        out
    }

    fn operation_ids(&mut self) {
        let operations = self.operation_list();
        let mut taken: BTreeSet<String> = operations
            .iter()
            .filter_map(|(pointer, ..)| self.tree.pointer(pointer)?.get("operationId")?.as_str().map(str::to_string))
            .collect();
        for (pointer, method, path) in operations {
            let op = self.tree.pointer(&pointer).and_then(Value::as_object);
            if op.is_none_or(|op| op.contains_key("operationId")) {
                continue;
            }
            let words: String = path.replace(['{', '}', ':'], "");
            let base = format!("{method} {words}").to_snake_case();
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            taken.insert(name.clone());
            if let Some(Value::Object(op)) = self.tree.pointer_mut(&pointer) {
                op.insert("operationId".into(), json!(name));
            }
            self.warn(
                &pointer,
                format!("operation `{} {path}` has no operationId; its method is named `{name}`", method.to_uppercase()),
                "add `operationId:` to choose the name",
            );
        }
    }

    fn operations(&mut self) {
        for (pointer, ..) in self.operation_list() {
            self.request_media_types(&pointer);
            self.encodings(&pointer);
            self.default_response(&pointer);
            self.error_bodies(&pointer);
        }
    }

    fn request_media_types(&mut self, op: &str) {
        let at = format!("{op}/requestBody/content");
        let Some(Value::Object(content)) = self.tree.pointer(&at) else { return };
        if content.len() < 2 {
            return;
        }
        // JSON, or else the first the engine can send.
        let sendable = ["multipart/form-data", "application/x-www-form-urlencoded", "application/octet-stream", "text/plain"];
        let Some(json) = content
            .keys()
            .find(|m| is_json(m))
            .or_else(|| content.keys().find(|m| sendable.contains(&m.split(';').next().unwrap_or_default().trim())))
            .cloned()
        else {
            return;
        };
        let others: Vec<String> = content.keys().filter(|m| **m != json).cloned().collect();
        if let Some(Value::Object(content)) = self.tree.pointer_mut(&at) {
            content.retain(|m, _| *m == json);
        }
        self.warn(
            &at,
            format!("the request body has {} media types; the client sends `{json}` (not {})", others.len() + 1, others.join(", ")),
            "keep one media type to choose another",
        );
    }

    fn encodings(&mut self, op: &str) {
        let mut found = Vec::new();
        let mut media_pointers = Vec::new();
        if let Some(Value::Object(content)) = self.tree.pointer(&format!("{op}/requestBody/content")) {
            media_pointers.extend(content.keys().map(|m| format!("{op}/requestBody/content/{}", escape(m))));
        }
        if let Some(Value::Object(responses)) = self.tree.pointer(&format!("{op}/responses")) {
            for (status, response) in responses {
                if let Some(Value::Object(content)) = response.get("content") {
                    media_pointers.extend(content.keys().map(|m| format!("{op}/responses/{}/content/{}", escape(status), escape(m))));
                }
            }
        }
        for at in media_pointers {
            if let Some(Value::Object(media)) = self.tree.pointer_mut(&at) {
                if media.remove("encoding").is_some_and(|e| e.as_object().is_some_and(|e| !e.is_empty())) {
                    found.push(at);
                }
            }
        }
        for at in found {
            self.warn(
                &format!("{at}/encoding"),
                "`encoding` is ignored: each field is sent as the media type's default encoding".to_string(),
                "remove `encoding`, or check the vendor accepts the defaults",
            );
        }
    }

    /// `default` is both success and error to the engine; next to a 2xx it
    /// only ever describes errors. Next to a `101` (a WebSocket) it describes
    /// the messages, which the engine cannot type beside the upgrade.
    fn default_response(&mut self, op: &str) {
        let at = format!("{op}/responses");
        let Some(Value::Object(responses)) = self.tree.pointer(&at) else { return };
        if responses.contains_key("101") && responses.contains_key("default") {
            if let Some(Value::Object(responses)) = self.tree.pointer_mut(&at) {
                responses.remove("default");
            }
            self.warn(
                &format!("{at}/default"),
                "the WebSocket's messages (`default`) are not typed; the call returns the upgraded connection".to_string(),
                "decode the messages with the schema named there",
            );
            return;
        }
        let has_success = responses.keys().any(|s| s.starts_with('2'));
        let Some(default) = responses.get("default") else { return };
        if !has_success {
            return;
        }
        let default_body = self.body_of(default);
        let success_bodies: BTreeSet<String> = responses.iter().filter(|(s, _)| s.starts_with('2')).map(|(_, r)| self.body_of(r)).collect();
        if success_bodies.len() == 1 && success_bodies.contains(&default_body) {
            return;
        }
        if let Some(Value::Object(responses)) = self.tree.pointer_mut(&at) {
            let default = responses.remove("default").unwrap_or_default();
            responses.insert("4XX".into(), default.clone());
            responses.insert("5XX".into(), default);
        }
        self.warn(
            &format!("{at}/default"),
            "`default` next to a success response is read as the error response (4XX and 5XX)".to_string(),
            "write `4XX`/`5XX` responses to say so",
        );
    }

    fn error_bodies(&mut self, op: &str) {
        let at = format!("{op}/responses");
        let Some(Value::Object(responses)) = self.tree.pointer(&at) else { return };
        let errors: Vec<String> = responses.keys().filter(|s| is_error_status(s)).cloned().collect();
        let bodies: BTreeSet<String> = errors.iter().map(|s| self.body_of(&responses[s])).collect();
        if bodies.len() < 2 {
            return;
        }
        let Some(Value::Object(responses)) = self.tree.pointer_mut(&at) else { return };
        for status in &errors {
            let description = responses[status].get("description").cloned().unwrap_or_else(|| json!("error"));
            responses.insert(status.clone(), Value::Object(Map::from_iter([("description".to_string(), description)])));
        }
        self.warn(
            &at,
            format!("the error responses have {} different bodies; errors of this operation are untyped", bodies.len()),
            "an error keeps its status, raw body and JSON; give every error response one schema to type it",
        );
    }

    /// What a response decodes into, comparable: its JSON schema, or `none`.
    fn body_of(&self, response: &Value) -> String {
        // A reference that cannot be followed is lint's to report; read
        // as it stands, it has no body.
        let response = crate::load::follow(&self.tree, response).unwrap_or(response);
        let Some(Value::Object(content)) = response.get("content") else { return "none".into() };
        match content.iter().find(|(m, _)| is_json(m)) {
            Some((_, media)) => media.get("schema").map(Value::to_string).unwrap_or_else(|| "no schema".into()),
            None if content.is_empty() => "none".into(),
            None => "bytes".into(),
        }
    }

    /// A string enum whose values do not all become distinct Rust names
    /// (`x` and `-`; `Etc/GMT+1` and `Etc/GMT-1`) makes the engine panic.
    /// Renaming would change the values on the wire, so such an enum is
    /// read as the string it is.
    fn unnameable_enums(&mut self) {
        let mut found = Vec::new();
        for (pointer, map) in schema_nodes_where(&self.tree, |map| matches!(map.get("enum"), Some(Value::Array(_)))) {
            if let Some(Value::Array(values)) = map.get("enum") {
                let names: Vec<String> =
                    values.iter().filter_map(Value::as_str).map(|v| heck::ToUpperCamelCase::to_upper_camel_case(v)).collect();
                let distinct: BTreeSet<&String> = names.iter().collect();
                if names.len() == values.len() && (distinct.len() < names.len() || names.iter().any(|n| n.is_empty())) {
                    found.push(pointer);
                }
            }
        }
        for at in found {
            if let Some(Value::Object(schema)) = self.tree.pointer_mut(&at) {
                schema.remove("enum");
            }
            self.warn(
                &format!("{at}/enum"),
                "the enum's values do not all make distinct Rust names; read as a plain string".to_string(),
                "give each value a name that differs in more than punctuation and case",
            );
        }
    }

    /// The engine names an inline schema after its `title`, and the value
    /// inside a nullable component too; a title that is also a component's
    /// name (its own included), or another schema's, defines the type twice. Such a title is dropped: the schema is then named after
    /// where it stands. Titles are documentation; nothing on the wire changes.
    fn colliding_titles(&mut self) {
        use heck::ToUpperCamelCase;
        let components: BTreeSet<String> = match self.tree.pointer("/components/schemas") {
            Some(Value::Object(schemas)) => schemas.keys().map(|k| k.to_upper_camel_case()).collect(),
            None | Some(_) => BTreeSet::new(),
        };
        let mut titled: Vec<(String, String)> = Vec::new();
        for (pointer, map) in schema_nodes_where(&self.tree, |map| map.get("title").is_some_and(Value::is_string)) {
            let schema_like = ["type", "properties", "allOf", "oneOf", "anyOf", "items", "enum"].iter().any(|k| map.contains_key(*k));
            if let Some(Value::String(title)) = map.get("title") {
                if schema_like && pointer != "/info" {
                    titled.push((pointer, title.to_upper_camel_case()));
                }
            }
        }
        let mut seen: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for (_, title) in &titled {
            *seen.entry(title.as_str()).or_default() += 1;
        }
        let colliding: Vec<String> = titled
            .iter()
            .filter(|(_, title)| components.contains(title) || seen[title.as_str()] > 1)
            .map(|(pointer, _)| pointer.clone())
            .collect();
        for at in colliding {
            let title = match self.tree.pointer_mut(&at) {
                Some(Value::Object(schema)) => schema.remove("title"),
                _ => None,
            };
            self.warn(
                &format!("{at}/title"),
                format!("the title {} names another type too; this schema is named after where it stands", title.unwrap_or_default()),
                "give the inline schema its own title, or refer to the component with `$ref`",
            );
        }
    }

    /// The engine names a component's inline property type `{Component}
    /// {Property}`; when a component already has that name (`subscription`
    /// . `schedule` and `subscription_schedule`), the type is defined twice.
    /// Such a property's schema becomes a component of its own name.
    fn colliding_property_types(&mut self) {
        use heck::ToUpperCamelCase;
        let Some(Value::Object(schemas)) = self.tree.pointer("/components/schemas") else { return };
        let mut names: BTreeSet<String> = schemas.keys().map(|k| k.to_upper_camel_case()).collect();
        let mut found = Vec::new();
        for (component, schema) in schemas {
            let Some(Value::Object(properties)) = schema.get("properties") else { continue };
            for (property, inline) in properties {
                let defines_type = inline.get("$ref").is_none()
                    && ["properties", "enum", "oneOf", "anyOf", "allOf"].iter().any(|k| inline.get(*k).is_some());
                let derived = format!("{}{}", component.to_upper_camel_case(), property.to_upper_camel_case());
                if defines_type && inline.get("title").is_none() && names.contains(&derived) {
                    found.push((format!("/components/schemas/{}/properties/{}", escape(component), escape(property)), derived));
                }
            }
        }
        for (at, derived) in found {
            let mut title = format!("{derived}Value");
            while names.contains(&title) {
                title.push('_');
            }
            names.insert(title.clone());
            // Moved into the components under that name: the engine names
            // an inline union by where it stands, whatever its title.
            // The engine names a nullable component's inner type after the
            // component itself, so nullability stays at the property.
            let Some(node) = self.tree.pointer_mut(&at) else { continue };
            let reference = json!({"$ref": format!("#/components/schemas/{}", escape(&title))});
            let mut schema = std::mem::replace(node, reference.clone());
            if schema.as_object_mut().and_then(|s| s.remove("nullable")) == Some(json!(true)) {
                *node = json!({"allOf": [reference], "nullable": true});
            }
            if let Some(Value::Object(schemas)) = self.tree.pointer_mut("/components/schemas") {
                schemas.insert(title.clone(), schema);
            }
            self.warn(
                &at,
                format!("this property's type would be named `{derived}`, as a component already is; it is named `{title}`"),
                "give the property's schema a `title`, or move it into `components/schemas`",
            );
        }
    }

    /// A `default` that is not a value of its schema (`"eval"` for an
    /// array, a list for a string), or that is a union's (which the engine
    /// cannot check), has no reading the engine takes; it refuses the whole
    /// spec for it. It is dropped: a default is what the server
    /// assumes, so nothing on the wire changes.
    fn defaults_that_do_not_fit(&mut self) {
        let found: Vec<String> = schema_nodes_where(&self.tree, |map| map.get("default").is_some_and(|default| !fits(map, default)))
            .into_iter()
            .map(|(pointer, _)| pointer)
            .collect();
        for at in found {
            let default = match self.tree.pointer_mut(&at) {
                Some(Value::Object(schema)) => schema.remove("default").unwrap_or_default(),
                _ => continue,
            };
            self.warn(
                &format!("{at}/default"),
                format!("the default `{default}` is not a value of its schema; ignored"),
                "give a default of the schema's type (and enum)",
            );
        }
    }

    /// A `oneOf` or `anyOf` that lists one member more than once (the same
    /// `$ref` three times) means it once; the engine defines a type per
    /// listing, of one name, which cannot compile.
    fn repeated_members(&mut self) {
        let repeats = |map: &Map<String, Value>| {
            ["oneOf", "anyOf"].iter().any(|key| {
                matches!(map.get(*key), Some(Value::Array(members)) if members.iter().enumerate().any(|(i, m)| members[..i].contains(m)))
            })
        };
        let mut found: Vec<(String, usize)> = Vec::new();
        for (pointer, map) in schema_nodes_where(&self.tree, repeats) {
            for key in ["oneOf", "anyOf"] {
                let Some(Value::Array(members)) = map.get(key) else { continue };
                for (i, member) in members.iter().enumerate() {
                    if members[..i].contains(member) {
                        found.push((format!("{pointer}/{key}"), i));
                    }
                }
            }
        }
        // Later listings first, so earlier indices stay true.
        for (at, i) in found.into_iter().rev() {
            if let Some(Value::Array(members)) = self.tree.pointer_mut(&at) {
                members.remove(i);
            }
            self.warn(&format!("{at}/{i}"), "this member is listed before; read once".to_string(), "list each member once");
        }
    }

    /// A name in `required` that is no property but has a property's Rust
    /// name (`api-key` beside `api_key`, `" _id"` beside `_id`) would be a
    /// second field of that name, which cannot compile: it is read as that
    /// property.
    fn required_names_like_properties(&mut self) {
        let named_like = |map: &Map<String, Value>| match (map.get("required"), map.get("properties")) {
            (Some(Value::Array(required)), Some(Value::Object(properties))) => required
                .iter()
                .filter_map(Value::as_str)
                .any(|name| crate::generate::names::property_named_like(properties, name).is_some()),
            _ => false,
        };
        let mut found: Vec<(String, usize, String)> = Vec::new();
        for (pointer, map) in schema_nodes_where(&self.tree, named_like) {
            let (Some(Value::Array(required)), Some(Value::Object(properties))) = (map.get("required"), map.get("properties")) else {
                continue;
            };
            for (i, name) in required.iter().enumerate() {
                let Some(name) = name.as_str() else { continue };
                if let Some(property) = crate::generate::names::property_named_like(properties, name) {
                    found.push((format!("{pointer}/required"), i, property.clone()));
                }
            }
        }
        // Later entries first, so earlier indices stay true.
        for (at, i, property) in found.into_iter().rev() {
            let Some(Value::Array(required)) = self.tree.pointer_mut(&at) else { continue };
            let written =
                if required.contains(&json!(property)) { required.remove(i) } else { std::mem::replace(&mut required[i], json!(property)) };
            self.warn(
                &format!("{at}/{i}"),
                format!("required {written} is not a property; read as the property `{property}`, whose Rust name it has"),
                "name the property as it is written in `properties`",
            );
        }
    }

    /// `format` on an object, an array or a boolean (Twilio's `uri-map`)
    /// has no meaning OpenAPI defines, and the engine stops at it
    /// (`todo!`): it is dropped.
    fn formats_without_meaning(&mut self) {
        let found: Vec<String> = schema_nodes_where(&self.tree, |map| {
            map.contains_key("format") && matches!(map.get("type").and_then(Value::as_str), Some("object" | "array" | "boolean"))
        })
        .into_iter()
        .map(|(pointer, _)| pointer)
        .collect();
        for at in found {
            let format = match self.tree.pointer_mut(&at) {
                Some(Value::Object(schema)) => schema.remove("format").unwrap_or_default(),
                _ => continue,
            };
            self.warn(
                &format!("{at}/format"),
                format!("`format: {format}` on an object, array or boolean has no defined meaning; ignored"),
                "remove it",
            );
        }
    }

    fn security_schemes(&mut self) {
        let Some(Value::Object(schemes)) = self.tree.pointer("/components/securitySchemes") else { return };
        let tokens: Vec<(String, String)> = schemes
            .iter()
            .filter_map(|(name, s)| {
                let kind = s.get("type")?.as_str()?;
                matches!(kind, "oauth2" | "openIdConnect").then(|| (name.clone(), kind.to_string()))
            })
            .collect();
        for (name, kind) in tokens {
            let at = format!("/components/securitySchemes/{}", escape(&name));
            if let Some(scheme) = self.tree.pointer_mut(&at) {
                let description = scheme.get("description").cloned();
                *scheme = json!({"type": "http", "scheme": "bearer"});
                if let Some(description) = description {
                    scheme["description"] = description;
                }
            }
            self.warn(
                &at,
                format!("security scheme `{name}` ({kind}) is sent as a bearer token; obtaining the token is up to the caller"),
                "pass the access token as the client's credential",
            );
        }
    }
}

/// Keys whose values are data, not schemas: a walk over schemas skips them.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum") || key.starts_with("x-")
}

/// Every mapping of `tree` outside data, with its pointer.
/// The mappings of `tree` outside data that `wanted` picks, with their
/// pointers. A walk without pointers comes first: most specs hold none,
/// and building a pointer for every node is most of a walk's cost.
fn schema_nodes_where(tree: &Value, wanted: impl Fn(&Map<String, Value>) -> bool) -> Vec<(String, &Map<String, Value>)> {
    let mut pending: Vec<&Value> = vec![tree];
    let mut any = false;
    while let Some(node) = pending.pop() {
        match node {
            Value::Object(map) => {
                if wanted(map) {
                    any = true;
                    break;
                }
                pending.extend(map.iter().filter(|(k, _)| !is_data(k)).map(|(_, v)| v));
            }
            Value::Array(items) => pending.extend(items.iter()),
            _ => {}
        }
    }
    if !any {
        return Vec::new();
    }
    schema_nodes(tree).into_iter().filter(|(_, map)| wanted(map)).collect()
}

fn schema_nodes(tree: &Value) -> Vec<(String, &Map<String, Value>)> {
    let mut out = Vec::new();
    let mut pending: Vec<(String, &Value)> = vec![(String::new(), tree)];
    while let Some((pointer, node)) = pending.pop() {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    if !is_data(key) {
                        pending.push((format!("{pointer}/{}", escape(key)), child));
                    }
                }
                out.push((pointer, map));
            }
            Value::Array(items) => pending.extend(items.iter().enumerate().map(|(i, v)| (format!("{pointer}/{i}"), v))),
            _ => {}
        }
    }
    out
}

fn reading_of(was: &str) -> &'static str {
    match was {
        "date-time" => "`type: string, format: date-time`",
        "date" => "`type: string, format: date`",
        _ => "`nullable: true`",
    }
}

/// Rewrite `type: date-time`, `type: date` and `type: "null"` (collecting
/// where), outside examples and extensions.
fn schema_types(node: &mut Value, pointer: &mut String, found: &mut Vec<(String, String)>) {
    let len = pointer.len();
    match node {
        Value::Object(map) => {
            if let Some(Value::String(t)) = map.get("type").cloned().as_ref() {
                match t.as_str() {
                    "date-time" | "date" => {
                        map.insert("type".into(), json!("string"));
                        map.insert("format".into(), json!(t));
                        found.push((format!("{pointer}/type"), t.clone()));
                    }
                    "null" => {
                        map.remove("type");
                        map.insert("nullable".into(), json!(true));
                        found.push((format!("{pointer}/type"), t.clone()));
                    }
                    _ => {}
                }
            }
            for (key, child) in map.iter_mut() {
                if is_data(key) {
                    continue;
                }
                pointer.push('/');
                pointer.push_str(&escape(key));
                schema_types(child, pointer, found);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                pointer.push_str(&format!("/{i}"));
                schema_types(child, pointer, found);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// The operations lint's `findings` are about, when every finding is about
/// one: a node inside an operation, or a path item's parameters (all of its
/// operations). None when any finding is about something else.
pub fn operations_of(tree: &Value, findings: &[crate::lint::Finding]) -> Option<BTreeSet<(String, String)>> {
    let mut out = BTreeSet::new();
    for finding in findings {
        let pointer = finding.pointer.as_deref()?;
        let mut parts = pointer.strip_prefix("/paths/")?.split('/');
        let path = parts.next()?.replace("~1", "/").replace("~0", "~");
        match parts.next()? {
            method if METHODS.contains(&method) => {
                out.insert((path, method.to_string()));
            }
            "parameters" => {
                let item = tree.get("paths")?.get(&path)?;
                out.extend(METHODS.iter().filter(|m| item.get(**m).is_some()).map(|m| (path.clone(), m.to_string())));
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The schema at `pointer` read as any JSON value, its description kept:
/// what is left of a schema the engine cannot take.
pub fn free_form_schema(tree: &mut Value, pointer: &str) {
    let Some(schema) = tree.pointer_mut(pointer) else { return };
    let mut kept = Map::new();
    if let Some(description) = schema.get("description").filter(|d| d.is_string()) {
        kept.insert("description".into(), description.clone());
    }
    *schema = Value::Object(kept);
}

/// `tree` without the operations `skipped` (path, method); a path item left
/// without operations goes too.
pub fn without_operations(tree: &mut Value, skipped: &BTreeSet<(String, String)>) {
    let Some(Value::Object(paths)) = tree.get_mut("paths") else { return };
    for (path, method) in skipped {
        if let Some(Value::Object(item)) = paths.get_mut(path) {
            item.remove(method);
            if !METHODS.iter().any(|m| item.contains_key(*m)) {
                paths.remove(path);
            }
        }
    }
}

fn lower_3_1(node: &mut Value, changes: &mut usize) {
    let mut pending = vec![node];
    while let Some(node) = pending.pop() {
        match node {
            Value::Object(map) => {
                lower_schema_3_1(map, changes);
                for (key, child) in map.iter_mut() {
                    if !is_data(key) {
                        pending.push(child);
                    }
                }
            }
            Value::Array(items) => pending.extend(items.iter_mut()),
            _ => {}
        }
    }
}

fn lower_schema_3_1(map: &mut Map<String, Value>, changes: &mut usize) {
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let null = types.iter().any(|t| t == "null");
        let rest: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        match rest.as_slice() {
            [] => {
                map.remove("type");
            }
            [one] => {
                map.insert("type".into(), one.clone());
            }
            many => {
                map.remove("type");
                map.insert("anyOf".into(), Value::Array(many.iter().map(|t| json!({"type": t})).collect()));
            }
        }
        if null {
            map.insert("nullable".into(), json!(true));
        }
        *changes += 1;
    }
    if map.get("type") == Some(&json!("null")) {
        map.remove("type");
        map.insert("nullable".into(), json!(true));
        *changes += 1;
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = map.get_mut(key) {
            let before = members.len();
            members.retain(|m| m != &json!({"type": "null"}));
            if members.len() < before {
                *changes += 1;
                let only = (members.len() == 1).then(|| members[0].clone());
                map.insert("nullable".into(), json!(true));
                match only {
                    // A lone schema written in place becomes this one: kept
                    // as a member of its own, the engine names both after
                    // the component and defines the name twice.
                    Some(Value::Object(inline))
                        if !inline.contains_key("$ref") && inline.keys().all(|k| !map.contains_key(k) || k == "description") =>
                    {
                        map.remove(key);
                        for (k, v) in inline {
                            map.entry(k).or_insert(v);
                        }
                    }
                    Some(only) => {
                        map.remove(key);
                        map.insert("allOf".into(), json!([only]));
                    }
                    None => {}
                }
            }
        }
    }
    if let Some(value) = map.remove("const") {
        map.insert("enum".into(), json!([value]));
        *changes += 1;
    }
    if let Some(Value::Array(examples)) = map.get("examples").cloned() {
        map.remove("examples");
        if let Some(first) = examples.into_iter().next() {
            map.entry("example").or_insert(first);
        }
        *changes += 1;
    }
    for (flag, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(n) = map.get(flag).filter(|v| v.is_number()).cloned() {
            map.insert(bound.into(), n);
            map.insert(flag.into(), json!(true));
            *changes += 1;
        }
    }
}

/// Whether `value` can be a value of `schema`, as far as its `type`,
/// `nullable` and `enum` say.
fn fits(schema: &Map<String, Value>, value: &Value) -> bool {
    if value.is_null() {
        return schema.get("nullable") == Some(&Value::Bool(true)) || schema.get("type").is_none();
    }
    // The engine checks a union's default against every member and refuses
    // the spec when they disagree on it (`auto` for an integer or `auto`);
    // only a plain type is checked here, so a union's default does not fit.
    if schema.contains_key("oneOf") || schema.contains_key("anyOf") {
        return false;
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        if !values.contains(value) {
            return false;
        }
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("array") => value.is_array(),
        Some("object") => value.is_object(),
        _ => true,
    }
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// As the engine and lint class them: anything but a 2xx, `101` and `default`.
fn is_error_status(status: &str) -> bool {
    !status.starts_with('2') && status != "101" && status != "default"
}

/// `additionalProperties: true` → `{}` wherever a schema says it.
fn additional_properties_true(tree: &mut Value) {
    let mut pending = vec![tree];
    while let Some(node) = pending.pop() {
        match node {
            Value::Object(map) => {
                if map.get("additionalProperties") == Some(&Value::Bool(true)) {
                    map.insert("additionalProperties".into(), json!({}));
                }
                for (key, child) in map.iter_mut() {
                    if !is_data(key) {
                        pending.push(child);
                    }
                }
            }
            Value::Array(items) => pending.extend(items.iter_mut()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn repaired(text: &str) -> (Value, Vec<String>) {
        let spec = Spec::parse(Path::new("t.yaml"), text.to_string()).unwrap();
        let (spec, warnings) = repair(&spec, false);
        (spec.into_owned().tree, warnings.iter().map(|w| w.to_string()).collect())
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    #[test]
    fn a_response_is_read_through_a_long_chain_of_references() {
        // `default` is the success response itself, reached nine `$ref`s
        // away on one side: it is not an error response.
        let chain: String = (0..9).map(|i| format!("    R{i}: {{$ref: '#/components/responses/R{}'}}\n", i + 1)).collect();
        let text = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200': {{$ref: '#/components/responses/R0'}}\n        default: {{$ref: '#/components/responses/R9'}}\ncomponents:\n  responses:\n{chain}    R9: {{description: ok, content: {{application/json: {{schema: {{type: string}}}}}}}}\n"
        );
        let (tree, warnings) = repaired(&text);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(tree.pointer("/paths/~1a/get/responses/default").is_some());
    }

    #[test]
    fn with_allow_skips_a_required_name_like_a_property_is_read_as_it() {
        let text = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Key:\n      type: object\n      required: [api-key, \" _id\", _id]\n      properties:\n        api_key: {{type: string}}\n        _id: {{type: string}}\n"
        );
        let spec = Spec::parse(Path::new("t.yaml"), text.clone()).unwrap();
        let (strict, _) = repair(&spec, false);
        assert_eq!(strict.tree.pointer("/components/schemas/Key/required").unwrap(), &json!(["api-key", " _id", "_id"]), "left for lint");
        let (lenient, warnings) = repair(&spec, true);
        assert_eq!(lenient.tree.pointer("/components/schemas/Key/required").unwrap(), &json!(["api_key", "_id"]));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[1].to_string().starts_with("t.yaml:8:18: required \"api-key\" is not a property"), "{}", warnings[1]);
    }

    #[test]
    fn with_allow_skips_an_optional_parameter_the_engine_cannot_send_is_left_out() {
        let text = format!(
            "{HEAD}paths:\n  /a/{{id}}:\n    post:\n      operationId: a\n      parameters:\n        - {{name: expand, in: query, style: deepObject, schema: {{type: array, items: {{type: string}}}}}}\n        - {{name: filter, in: query, schema: {{type: object}}}}\n        - {{name: must, in: query, required: true, style: deepObject, schema: {{type: object}}}}\n        - {{name: a_id, in: path, required: true, schema: {{type: string}}}}\n      requestBody: {{content: {{application/json: {{schema: {{type: object}}}}}}}}\n      responses: {{'200': {{description: ok}}}}\n"
        );
        let spec = Spec::parse(Path::new("t.yaml"), text).unwrap();
        let (strict, _) = repair(&spec, false);
        assert_eq!(strict.tree.pointer("/paths/~1a~1{id}/post/parameters").unwrap().as_array().unwrap().len(), 4, "left for lint");
        let (lenient, warnings) = repair(&spec, true);
        let names: Vec<&str> = lenient
            .tree
            .pointer("/paths/~1a~1{id}/post/parameters")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["must", "id"], "a required one stays, for lint to refuse");
        let warnings: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert!(
            warnings[0].starts_with("t.yaml:9:12: optional parameter `filter` left out: a free-form query object beside a request body"),
            "{warnings:?}"
        );
        assert!(warnings[1].starts_with("t.yaml:8:12: optional parameter `expand` left out: `style: deepObject`"), "{warnings:?}");
        assert!(warnings[2].contains("path parameter \"a_id\" is not in the path `/a/{id}`"), "{warnings:?}");
    }

    #[test]
    fn a_spec_that_needs_nothing_is_left_alone() {
        let text = format!("{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      responses: {{'200': {{description: ok}}}}\n");
        let (tree, warnings) = repaired(&text);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(tree["paths"]["/a"]["get"]["operationId"], "a");
    }

    #[test]
    fn operations_without_an_id_are_named_from_method_and_path_and_never_collide() {
        let text = format!(
            "{HEAD}paths:\n  /accounts/{{account_id}}/apps:\n    get:\n      responses: {{'200': {{description: ok}}}}\n    post:\n      operationId: get_accounts_account_id_apps\n      responses: {{'200': {{description: ok}}}}\n  /users/:email:\n    get:\n      responses: {{'200': {{description: ok}}}}\n"
        );
        let (tree, warnings) = repaired(&text);
        assert_eq!(tree["paths"]["/accounts/{account_id}/apps"]["get"]["operationId"], "get_accounts_account_id_apps_2");
        assert_eq!(tree["paths"]["/users/:email"]["get"]["operationId"], "get_users_email");
        assert_eq!(warnings.len(), 2);
        assert!(warnings[0].starts_with("t.yaml:5:5: operation `GET /accounts/{account_id}/apps` has no operationId"), "{}", warnings[0]);
    }

    #[test]
    fn several_media_types_keep_json_and_encoding_is_dropped() {
        let text = format!(
            "{HEAD}paths:\n  /a:\n    post:\n      operationId: a\n      requestBody:\n        content:\n          application/xml: {{schema: {{type: object}}}}\n          application/json: {{schema: {{type: object}}, encoding: {{f: {{contentType: text/plain}}}}}}\n      responses: {{'200': {{description: ok}}}}\n"
        );
        let (tree, warnings) = repaired(&text);
        let content = tree.pointer("/paths/~1a/post/requestBody/content").unwrap().as_object().unwrap();
        assert_eq!(content.keys().collect::<Vec<_>>(), ["application/json"]);
        assert!(content["application/json"].get("encoding").is_none());
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn different_error_bodies_become_untyped_and_default_beside_a_success_is_an_error() {
        let text = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: string}}}}}}}}\n        '302': {{description: moved}}\n        '404': {{description: no, content: {{application/json: {{schema: {{type: object}}}}}}}}\n        default: {{description: error, content: {{application/json: {{schema: {{type: integer}}}}}}}}\n"
        );
        let (tree, warnings) = repaired(&text);
        let responses = tree.pointer("/paths/~1a/get/responses").unwrap();
        assert!(responses.get("default").is_none(), "{responses}");
        for status in ["404", "4XX", "5XX"] {
            assert_eq!(responses[status].as_object().unwrap().keys().collect::<Vec<_>>(), ["description"], "{status}: {responses}");
        }
        assert!(responses["200"].get("content").is_some(), "the success body stays typed");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn oauth2_is_a_bearer_token_and_additional_properties_true_a_map() {
        let text = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  securitySchemes:\n    oauth: {{type: oauth2, flows: {{}}}}\n  schemas:\n    A: {{type: object, additionalProperties: true}}\n"
        );
        let (tree, warnings) = repaired(&text);
        assert_eq!(tree.pointer("/components/securitySchemes/oauth"), Some(&json!({"type": "http", "scheme": "bearer"})));
        assert_eq!(tree.pointer("/components/schemas/A/additionalProperties"), Some(&json!({})));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn a_default_that_is_not_a_value_of_its_schema_is_dropped() {
        let text = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        criteria: {{type: array, items: {{type: string}}, default: eval}}\n        mode: {{type: string, enum: [a, b], default: c}}\n        fine: {{type: string, enum: [a, b], default: a}}\n        open: {{type: object, default: null}}\n"
        );
        let (tree, warnings) = repaired(&text);
        for dropped in ["criteria", "mode", "open"] {
            assert!(tree.pointer(&format!("/components/schemas/A/properties/{dropped}/default")).is_none(), "{dropped}");
        }
        assert_eq!(tree.pointer("/components/schemas/A/properties/fine/default"), Some(&json!("a")));
        assert_eq!(warnings.len(), 3, "{warnings:?}");
    }

    #[test]
    fn openapi_3_1_is_lowered_to_3_0_where_they_say_the_same() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        name: {type: [string, 'null'], examples: [Ann]}\n        kind: {const: user}\n        size: {type: integer, exclusiveMinimum: 0}\n        owner: {anyOf: [{$ref: '#/components/schemas/A'}, {type: 'null'}]}\n";
        let (tree, warnings) = repaired(text);
        assert_eq!(tree["openapi"], "3.0.3");
        assert!(tree.get("webhooks").is_none() && tree.get("paths").is_some());
        let props = &tree["components"]["schemas"]["A"]["properties"];
        assert_eq!(props["name"], json!({"type": "string", "nullable": true, "example": "Ann"}));
        assert_eq!(props["kind"], json!({"enum": ["user"]}));
        assert_eq!(props["size"], json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}));
        assert_eq!(props["owner"], json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true}));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("OpenAPI 3.1.0 is read as 3.0.3 (5 schema constructs lowered)"), "{warnings:?}");
    }

    #[test]
    fn an_enum_whose_values_collide_as_rust_names_is_a_string() {
        let text = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Sign: {{type: string, enum: [x, '-']}}\n    Zone: {{type: string, enum: ['Etc/GMT+1', 'Etc/GMT-1']}}\n    Fine: {{type: string, enum: [a, b]}}\n"
        );
        let (tree, warnings) = repaired(&text);
        assert!(tree.pointer("/components/schemas/Sign/enum").is_none());
        assert!(tree.pointer("/components/schemas/Zone/enum").is_none());
        assert!(tree.pointer("/components/schemas/Fine/enum").is_some());
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }
}
