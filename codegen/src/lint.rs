//! Stage 2: reject, with a located message, every spec the engine would panic
//! on or silently get wrong.
//!
//! Lint reads the raw tree rather than the typed model so that every finding
//! has a JSON pointer, hence a line and column. Rules are listed in
//! [`Rule`]; each one is grounded in a behaviour of progenitor-impl 0.15.1
//! that is named in its `help`.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::positions::escape;
use crate::load::{METHODS, Spec};
use crate::model::Api;

const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// Media types a request body can have: the engine's, and multipart forms,
/// which the generator lowers to JSON and the runtime re-encodes.
const BODY_MEDIA_TYPES: [&str; 6] = [
    "application/json",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "text/plain",
    "text/x-markdown",
];

/// Check `spec`, and read its model once it passes; all findings at once,
/// in source order.
pub fn lint(spec: &Spec) -> Result<Api, Diagnostics> {
    let mut linter = Linter { spec, found: Vec::new(), api: None };
    linter.run();
    let mut found: Vec<Diagnostic> = linter.found.into_iter().map(|f| f.diagnostic).collect();
    if found.is_empty() {
        // `run` reads the model last, and a model it could not read is a
        // finding.
        return linter.api.ok_or_else(|| {
            spec.diagnostic("", "lint passed a spec it did not read", "this is a generator bug; report it with this spec").into()
        });
    }
    found.sort_by_key(|d| d.location);
    found.dedup();
    Err(Diagnostics(found))
}

/// One thing lint found, with the node it is about when it has one.
pub struct Finding {
    pub pointer: Option<String>,
    pub diagnostic: Diagnostic,
}

/// The `$ref`s of `spec` that no stage can follow: not a string, to another
/// file or URL, to nothing, or round a loop of bare `$ref`s. In source
/// order.
pub fn references(spec: &Spec) -> Vec<Diagnostic> {
    let mut linter = Linter { spec, found: Vec::new(), api: None };
    linter.refs(&mut String::new(), &spec.tree);
    let mut found: Vec<Diagnostic> = linter.found.into_iter().map(|f| f.diagnostic).collect();
    found.sort_by_key(|d| d.location);
    found
}

/// Everything lint finds in `spec`, unsorted.
pub fn findings(spec: &Spec) -> Vec<Finding> {
    let mut linter = Linter { spec, found: Vec::new(), api: None };
    linter.run();
    linter.found
}

struct Linter<'a> {
    spec: &'a Spec,
    found: Vec<Finding>,
    /// The model, once read.
    api: Option<Api>,
}

/// One operation of `paths`, with where it stands.
struct Operation<'a> {
    pointer: String,
    path: &'a str,
    method: &'a str,
    op: &'a Map<String, Value>,
    path_item: &'a Map<String, Value>,
    path_item_pointer: String,
}

impl<'a> Linter<'a> {
    fn report(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        let diagnostic = self.spec.diagnostic(pointer, message, help);
        self.found.push(Finding { pointer: Some(pointer.to_string()), diagnostic });
    }

    fn run(&mut self) {
        if !self.version() {
            // Nothing else is meaningful in a document of another format.
            return;
        }
        self.refs(&mut String::new(), &self.spec.tree);
        let operations = self.operations();
        self.operation_ids(&operations);
        for op in &operations {
            self.path_parameters(op);
            self.request_body(op);
            self.responses(op);
        }
        self.schemas();
        self.schema_cycles();
        match crate::model::read_located(self.spec) {
            Ok(api) => self.api = Some(api),
            Err(problems) => self.found.extend(problems.into_iter().map(|(pointer, diagnostic)| Finding { pointer, diagnostic })),
        }
    }

    // -- document -----------------------------------------------------------

    fn version(&mut self) -> bool {
        let tree = &self.spec.tree;
        if let Some(v) = tree.get("swagger") {
            self.report(
                "/swagger",
                format!("Swagger {} is not supported", show(v)),
                "convert the document to OpenAPI 3.0 (`openapi: 3.0.3`)",
            );
            return false;
        }
        match tree.get("openapi") {
            Some(Value::String(v)) if v.trim().starts_with("3.0.") => true,
            Some(v) => {
                self.report(
                    "/openapi",
                    format!("OpenAPI version {} is not supported", show(v)),
                    "the generator reads OpenAPI 3.0.x, and 3.1 lowered to 3.0; write `openapi: 3.0.3` and use 3.0 syntax (`nullable: true`, not `type: [.., \"null\"]`)",
                );
                false
            }
            None => {
                self.report("", "the `openapi` version field is missing", "add `openapi: 3.0.3` at the top of the file");
                false
            }
        }
    }

    /// Every `$ref` must point at a node of this document.
    ///
    /// `pointer` is one buffer for the whole walk, extended and cut back at
    /// each node: this walk visits every node of the document.
    fn refs(&mut self, pointer: &mut String, value: &Value) {
        let len = pointer.len();
        match value {
            Value::Object(map) => {
                // In `properties`, `$ref` may be a property's name (a Git
                // ref, say) whose value is its schema.
                let property = pointer.ends_with("/properties") && map.get("$ref").is_some_and(Value::is_object);
                if let Some(r) = map.get("$ref").filter(|_| !property) {
                    pointer.push_str("/$ref");
                    self.reference(pointer, r);
                    pointer.truncate(len);
                }
                for (k, v) in map {
                    // Examples, defaults, enums and extensions are data: a
                    // `$ref` key inside one is not a reference. So is an
                    // example object's `value`.
                    let data = k == "example"
                        || (k == "examples" && !pointer.ends_with("/components"))
                        || k == "default"
                        || k == "enum"
                        || k.starts_with("x-")
                        || (k == "value" && pointer.starts_with("/components/examples/"));
                    if data {
                        continue;
                    }
                    if v.is_object() || v.is_array() {
                        pointer.push('/');
                        pointer.push_str(&escape(k));
                        self.refs(pointer, v);
                        pointer.truncate(len);
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    if v.is_object() || v.is_array() {
                        use std::fmt::Write;
                        let _ = write!(pointer, "/{i}");
                        self.refs(pointer, v);
                        pointer.truncate(len);
                    }
                }
            }
            _ => {}
        }
    }

    fn reference(&mut self, pointer: &str, r: &Value) {
        let Some(target) = r.as_str() else {
            self.report(pointer, "`$ref` is not a string", "write `$ref: '#/components/schemas/Name'`");
            return;
        };
        let Some(local) = target.strip_prefix('#') else {
            self.report(
                pointer,
                format!("external reference `{target}` is not supported"),
                "copy the referenced definition into this file's `components` and refer to it as `#/components/...`",
            );
            return;
        };
        if self.spec.tree.pointer(local).is_none() {
            let names = target
                .rsplit_once('/')
                .and_then(|(parent, _)| self.spec.tree.pointer(parent.trim_start_matches('#')))
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            let help = if names.is_empty() {
                "define the target or correct the reference".to_string()
            } else {
                format!("define the target or refer to one that exists: {names}")
            };
            self.report(pointer, format!("`$ref` to `{target}` points at nothing"), help);
            return;
        }
        if let Some(chain) = self.loop_through(pointer.trim_end_matches("/$ref"), local) {
            self.report(
                pointer,
                format!("`$ref` chain loops back to itself: {chain}"),
                "point one of these references at a definition instead of another `$ref`",
            );
        }
    }

    /// When following `$ref` from the node at `from` (to `target`, and on
    /// through any `$ref` found there) comes back to `from`, the chain as
    /// text. Every stage that resolves references would otherwise loop.
    fn loop_through(&self, from: &str, target: &str) -> Option<String> {
        let mut seen = vec![from.to_string()];
        let mut target = target.to_string();
        loop {
            if target == from {
                // Reported once, at the member that sorts first.
                if seen.iter().any(|p| p.as_str() < from) {
                    return None;
                }
                seen.push(target);
                return Some(seen.iter().map(|p| format!("`#{p}`")).collect::<Vec<_>>().join(" → "));
            }
            if seen.contains(&target) {
                // A loop the chain runs into but `from` is not part of:
                // reported at the references that form it.
                return None;
            }
            let next = self.spec.tree.pointer(&target)?.get("$ref")?.as_str()?.strip_prefix('#')?.to_string();
            seen.push(std::mem::replace(&mut target, next));
        }
    }

    /// Follow a local `$ref` (chains included) to the node it names.
    /// `None` only for a reference that `refs` reports.
    fn resolve(&self, value: &'a Value) -> Option<&'a Value> {
        crate::load::follow(&self.spec.tree, value)
    }

    // -- operations ---------------------------------------------------------

    fn operations(&mut self) -> Vec<Operation<'a>> {
        let tree: &'a Value = &self.spec.tree;
        let mut out = Vec::new();
        let Some(paths) = tree.get("paths").and_then(Value::as_object) else {
            self.report("", "the `paths` object is missing", "add `paths:` with at least one operation");
            return out;
        };
        for (path, item) in paths {
            let item_pointer = format!("/paths/{}", escape(path));
            if item.get("$ref").is_some() {
                self.report(
                    &item_pointer,
                    format!("path item `{path}` is a `$ref`"),
                    "the engine cannot follow path-item references; write the operations inline",
                );
                continue;
            }
            let Some(item_map) = item.as_object() else { continue };
            for method in METHODS {
                if let Some(Value::Object(op)) = item_map.get(method) {
                    out.push(Operation {
                        pointer: format!("{item_pointer}/{method}"),
                        path,
                        method,
                        op,
                        path_item: item_map,
                        path_item_pointer: item_pointer.clone(),
                    });
                }
            }
        }
        out
    }

    fn operation_ids(&mut self, operations: &[Operation<'_>]) {
        let mut seen: HashMap<&str, &Operation<'_>> = HashMap::new();
        for op in operations {
            match op.op.get("operationId").and_then(Value::as_str) {
                None => self.report(
                    &op.pointer,
                    format!("operation `{} {}` has no operationId", op.method.to_uppercase(), op.path),
                    "add `operationId: snake_case_name`; it names the client method",
                ),
                Some(id) if !id.chars().any(char::is_alphanumeric) => self.report(
                    &format!("{}/operationId", op.pointer),
                    format!("operationId `{id}` has no letter or digit"),
                    "it names the client method; write a name such as `get_contact`",
                ),
                Some(id) => {
                    if let Some(first) = seen.get(id) {
                        let at = self.spec.locate(&format!("{}/operationId", first.pointer));
                        self.report(
                            &format!("{}/operationId", op.pointer),
                            format!("operationId `{id}` is used twice (first at line {})", at.line),
                            "give every operation its own operationId",
                        );
                    } else {
                        seen.insert(id, op);
                    }
                }
            }
        }
    }

    fn path_parameters(&mut self, op: &Operation<'_>) {
        // Parameters of the path item apply to the operation too; the
        // operation's own override them by (name, in).
        let mut declared: BTreeMap<(String, String), (String, &Value)> = BTreeMap::new();
        for (base, list) in [(&op.path_item_pointer, op.path_item.get("parameters")), (&op.pointer, op.op.get("parameters"))] {
            let Some(Value::Array(list)) = list else { continue };
            for (i, p) in list.iter().enumerate() {
                let pointer = format!("{base}/parameters/{i}");
                let Some(p) = self.resolve(p) else { continue };
                let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
                let place = p.get("in").and_then(Value::as_str).unwrap_or_default();
                if p.get("style").and_then(Value::as_str) == Some("deepObject") {
                    self.report(
                        &format!("{pointer}/style"),
                        format!("parameter `{name}` has `style: deepObject`, which the engine cannot send"),
                        "send the object's fields as separate parameters, or as a JSON body",
                    );
                }
                if place == "cookie" && p.get("x-botapis-credential").is_none() {
                    self.report(
                        &format!("{pointer}/in"),
                        format!("parameter `{name}` goes in a cookie, which the generator does not send"),
                        "send it as a header or query parameter if the API takes one there",
                    );
                }
                let schema = p.get("schema").and_then(|s| self.resolve(s));
                let kind = schema.and_then(|s| s.get("type")).and_then(Value::as_str);
                if place == "header" && matches!(kind, Some("array" | "object")) {
                    self.report(
                        &format!("{pointer}/schema"),
                        format!("header `{name}` is of type `{}`, which the engine cannot send", kind.unwrap_or_default()),
                        "declare the header as a string (a comma-separated list, as it goes on the wire)",
                    );
                }
                declared.insert((name.to_string(), place.to_string()), (pointer, p));
            }
        }
        let template: Vec<&str> = op.path.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name)).collect();
        for ((name, place), (pointer, p)) in &declared {
            if place != "path" {
                continue;
            }
            if p.get("required") != Some(&Value::Bool(true)) {
                self.report(
                    pointer,
                    format!("path parameter `{name}` is not marked required"),
                    "add `required: true`; a path parameter is always required",
                );
            }
            if !template.contains(&name.as_str()) {
                self.report(
                    pointer,
                    format!("path parameter `{name}` does not appear in the path `{}`", op.path),
                    format!("add `{{{name}}}` to the path or remove the parameter"),
                );
            }
        }
        for name in template {
            if !declared.contains_key(&(name.to_string(), "path".to_string())) {
                self.report(
                    &op.pointer,
                    format!("`{{{name}}}` in the path of `{} {}` is not declared", op.method.to_uppercase(), op.path),
                    format!("add a parameter `name: {name}`, `in: path`, `required: true` with a schema"),
                );
            }
        }
    }

    fn request_body(&mut self, op: &Operation<'_>) {
        let Some(body) = op.op.get("requestBody") else { return };
        let pointer = format!("{}/requestBody", op.pointer);
        let Some(body) = self.resolve(body) else { return };
        let Some(content) = body.get("content").and_then(Value::as_object) else {
            return;
        };
        if content.len() > 1 {
            let types: Vec<&str> = content.keys().map(String::as_str).collect();
            self.report(
                &format!("{pointer}/content"),
                format!("the request body has {} media types: {}", content.len(), types.join(", ")),
                "keep one media type per request body; the engine cannot choose between them",
            );
            return;
        }
        for (media, mt) in content {
            let mt_pointer = format!("{pointer}/content/{}", escape(media));
            let essence = media.split(';').next().unwrap_or_default().trim();
            if !BODY_MEDIA_TYPES.contains(&essence) {
                self.report(
                    &mt_pointer,
                    format!("request body media type `{media}` is not supported"),
                    format!("use one of: {}", BODY_MEDIA_TYPES.join(", ")),
                );
                continue;
            }
            if mt.get("schema").is_none() {
                self.report(
                    &mt_pointer,
                    format!("the `{media}` request body has no schema"),
                    "add `schema:` (a `$ref` to components/schemas, or an inline schema)",
                );
            }
            self.no_encoding(&mt_pointer, mt);
        }
    }

    fn no_encoding(&mut self, pointer: &str, media_type: &Value) {
        if media_type.get("encoding").and_then(Value::as_object).is_some_and(|e| !e.is_empty()) {
            self.report(
                &format!("{pointer}/encoding"),
                "`encoding` is not supported on this media type",
                "remove `encoding`; the engine does not apply it",
            );
        }
    }

    fn responses(&mut self, op: &Operation<'_>) {
        let Some(responses) = op.op.get("responses").and_then(Value::as_object) else {
            self.report(
                &op.pointer,
                format!("operation `{} {}` has no responses", op.method.to_uppercase(), op.path),
                "add `responses:` with at least the success response",
            );
            return;
        };
        // (status pointer, body identity) per class. `default` belongs to
        // both, as it does in the engine.
        let mut success: Vec<(String, String)> = Vec::new();
        let mut error: Vec<(String, String)> = Vec::new();
        for (status, response) in responses {
            let pointer = format!("{}/responses/{}", op.pointer, escape(status));
            let class = match status.as_str() {
                "default" => None,
                s if s.len() == 3 && s.ends_with("XX") && s.starts_with(['1', '2', '3', '4', '5']) => Some(s.starts_with('2')),
                s if s.len() == 3 && s.parse::<u16>().is_ok_and(|c| (100..600).contains(&c)) => Some(s.starts_with('2') || s == "101"),
                _ => {
                    self.report(
                        &pointer,
                        format!("`{status}` is not an HTTP status code"),
                        "use a code from 100 to 599, a range such as `4XX`, or `default`",
                    );
                    continue;
                }
            };
            let Some(response) = self.resolve(response) else { continue };
            let identity = self.body_identity(&pointer, response);
            match class {
                Some(true) => success.push((pointer, identity)),
                Some(false) => error.push((pointer, identity)),
                None => {
                    success.push((pointer.clone(), identity.clone()));
                    error.push((pointer, identity));
                }
            }
        }
        // Success statuses answering different JSON schemas answer one of
        // them: the model names the choice (`model::lift`); one beside them
        // without a body makes the answer optional.
        let one_of_schemas = success.iter().all(|(pointer, id)| {
            let status = pointer.rsplit('/').next().unwrap_or_default();
            let two_hundreds = status == "2XX" || status.parse::<u16>().is_ok_and(|c| (200..300).contains(&c));
            two_hundreds && (id.starts_with('`') || id.starts_with("an inline schema") || id == "no body")
        });
        for (class, list) in [("success", &success), ("error", &error)] {
            let Some((_, first)) = list.first() else { continue };
            if class == "success" && one_of_schemas {
                continue;
            }
            if let Some((pointer, other)) = list.iter().find(|(_, id)| id != first) {
                self.report(
                    pointer,
                    format!("operation `{}` has different {class} bodies: {first} and {other}", op_name(op)),
                    format!(
                        "give every {class} response of one operation the same schema (a shared `$ref`), \
                         or declare the alternatives with `x-botapis-*` extensions"
                    ),
                );
            }
        }
    }

    /// What a response decodes into, as a comparable string.
    fn body_identity(&mut self, pointer: &str, response: &Value) -> String {
        let Some(content) = response.get("content").and_then(Value::as_object) else {
            return "no body".to_string();
        };
        let json = content.iter().find(|(media, _)| *media == "application/json" || media.starts_with("application/json;"));
        let Some((media, mt)) = json else {
            return if content.is_empty() { "no body" } else { "raw bytes" }.to_string();
        };
        let mt_pointer = format!("{pointer}/content/{}", escape(media));
        self.no_encoding(&mt_pointer, mt);
        match mt.get("schema") {
            None => {
                self.report(
                    &mt_pointer,
                    "the JSON response has no schema",
                    "add `schema:`; the engine cannot decode a JSON body without one",
                );
                "no schema".to_string()
            }
            Some(schema) => match schema.get("$ref").and_then(Value::as_str) {
                Some(r) => format!("`{r}`"),
                None => {
                    let schema_pointer = format!("{mt_pointer}/schema");
                    format!("an inline schema at line {}", self.spec.locate(&schema_pointer).line)
                }
            },
        }
    }

    // -- schemas ------------------------------------------------------------

    /// Visit every schema of the document: components, parameters, bodies,
    /// responses, and everything nested inside them.
    fn schemas(&mut self) {
        let tree: &'a Value = &self.spec.tree;
        let mut roots: Vec<(String, &'a Value)> = Vec::new();
        if let Some(Value::Object(schemas)) = tree.pointer("/components/schemas") {
            for (name, s) in schemas {
                if !name.chars().any(char::is_alphanumeric) {
                    self.report(
                        &format!("/components/schemas/{}", escape(name)),
                        format!("schema name `{name}` has no letter or digit"),
                        "it names the Rust type; write a name such as `Contact`",
                    );
                }
                roots.push((format!("/components/schemas/{}", escape(name)), s));
            }
        }
        collect_schema_roots(&mut String::new(), tree, &mut roots);
        for (pointer, schema) in roots {
            self.schema(&pointer, schema);
        }
    }

    /// A schema that is itself one of its own `allOf`/`oneOf`/`anyOf`/`not`
    /// members, directly or through others, has no finite Rust type: the
    /// engine recurses until the stack ends. (Through a property, an array
    /// or a map it is a recursive type, which the engine boxes.) Followed
    /// through any `$ref`, wherever it points.
    fn schema_cycles(&mut self) {
        let tree = &self.spec.tree;
        let Some(Value::Object(schemas)) = tree.pointer("/components/schemas") else { return };
        // Depth-first over (node, whether it was reached by `$ref`), with
        // the path kept: a member already on the path closes a loop.
        let mut done: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut cycles: Vec<Vec<(String, bool)>> = Vec::new();
        for name in schemas.keys() {
            let root = format!("/components/schemas/{}", escape(name));
            if done.contains(&root) {
                continue;
            }
            let mut path: Vec<(String, bool, Vec<(String, bool)>)> = vec![(root.clone(), false, members(tree, &root))];
            while let Some((_, _, pending)) = path.last_mut() {
                let Some((next, by_ref)) = pending.pop() else {
                    let (finished, ..) = path.pop().unwrap();
                    done.insert(finished);
                    continue;
                };
                if let Some(at) = path.iter().position(|(p, ..)| *p == next) {
                    let mut cycle: Vec<(String, bool)> = path[at..].iter().map(|(p, r, _)| (p.clone(), *r)).collect();
                    cycle.push((next, by_ref));
                    cycles.push(cycle);
                    continue;
                }
                if done.contains(&next) {
                    continue;
                }
                let children = members(tree, &next);
                path.push((next, by_ref, children));
            }
        }
        for cycle in cycles {
            // A loop of bare `$ref`s is reported as a `$ref` chain.
            if cycle[1..].iter().all(|(_, by_ref)| *by_ref) {
                continue;
            }
            // Inline members are steps of the walk, not names a reader knows.
            let shown: Vec<String> =
                cycle.iter().enumerate().filter(|(i, (_, by_ref))| *i == 0 || *by_ref).map(|(_, (p, _))| shown_schema(p)).collect();
            let first = &cycle[0].0;
            self.report(
                first,
                format!("schema `{}` contains itself: {}", shown[0], shown.join(" → ")),
                "a schema cannot be its own `$ref`, `allOf`, `oneOf`, `anyOf` or `not` member; \
                 put the recursion under a property or `items`, where it becomes a boxed field",
            );
        }
    }

    fn schema(&mut self, pointer: &str, schema: &Value) {
        let Some(map) = schema.as_object() else { return };
        if map.contains_key("$ref") {
            return;
        }
        match map.get("type") {
            None => {}
            Some(Value::String(t)) if TYPES.contains(&t.as_str()) => {}
            Some(t) => {
                let hint = t
                    .as_str()
                    .and_then(|t| TYPES.iter().find(|known| near(t, known)))
                    .map(|known| format!("did you mean `{known}`? "))
                    .unwrap_or_default();
                self.report(
                    &format!("{pointer}/type"),
                    format!("unknown schema type {}", show(t)),
                    format!("{hint}`type` is one of: {}", TYPES.join(", ")),
                );
            }
        }
        if let (Some(Value::Array(required)), Some(Value::Object(properties))) = (map.get("required"), map.get("properties")) {
            for (i, name) in required.iter().enumerate() {
                let Some(name) = name.as_str() else { continue };
                if let Some(property) = crate::generate::names::property_named_like(properties, name) {
                    self.report(
                        &format!("{pointer}/required/{i}"),
                        format!("required `{name}` is not a property, and would be a second field named like the property `{property}`"),
                        format!("write `{property}` if it is meant, or declare `{name}` among the properties (`--allow-skips` reads it as `{property}`)"),
                    );
                }
            }
        }
        for (key, value) in map {
            // An extension's value is the extension's business.
            let data = matches!(key.as_str(), "default" | "example" | "const" | "enum") || key.starts_with("x-");
            if value.is_null() && !data {
                let help = if self.spec.path.extension().is_some_and(|e| e == "json") {
                    "give it a value or remove the key"
                } else {
                    "a comma inside a flow mapping `{...}` splits a text in two; quote the text before it"
                };
                self.report(&format!("{pointer}/{}", escape(key)), format!("schema key `{key}` has no value"), help);
            }
        }
        if map.get("additionalProperties") == Some(&Value::Bool(true)) {
            self.report(
                &format!("{pointer}/additionalProperties"),
                "`additionalProperties: true` drops the extra keys in the generated type",
                "write `additionalProperties: {}` to keep them as a map",
            );
        }
        for (flag, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            if map.get(flag) == Some(&Value::Bool(true)) && !map.contains_key(bound) {
                self.report(
                    &format!("{pointer}/{flag}"),
                    format!("`{flag}: true` without `{bound}`"),
                    format!("add `{bound}:` or remove `{flag}`"),
                );
            }
        }
        for key in ["items", "not", "additionalProperties"] {
            if let Some(child) = map.get(key) {
                self.schema(&format!("{pointer}/{key}"), child);
            }
        }
        if let Some(Value::Object(props)) = map.get("properties") {
            let mut fields: HashMap<String, &str> = HashMap::new();
            for (name, child) in props {
                let field = crate::generate::names::sanitize(name, crate::generate::names::Case::Snake);
                if let Some(first) = fields.get(&field) {
                    self.report(
                        &format!("{pointer}/properties/{}", escape(name)),
                        format!("properties `{first}` and `{name}` both become the Rust field `{field}`"),
                        "keep one of them; a duplicate the vendor sends is still kept if the schema has `additionalProperties: {}`",
                    );
                }
                fields.insert(field, name);
                self.schema(&format!("{pointer}/properties/{}", escape(name)), child);
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(list)) = map.get(key) {
                for (i, child) in list.iter().enumerate() {
                    self.schema(&format!("{pointer}/{key}/{i}"), child);
                }
            }
        }
    }
}

/// Schemas outside `components/schemas`: under any `schema` key of
/// parameters and media types.
fn collect_schema_roots<'v>(pointer: &mut String, value: &'v Value, out: &mut Vec<(String, &'v Value)>) {
    // One buffer for the whole walk, as in `refs`.
    let len = pointer.len();
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let descend = k == "schema"
                    || (v.is_object() || v.is_array())
                        && !(k == "schemas" && pointer == "/components")
                        && k != "example"
                        && k != "examples";
                if !descend {
                    continue;
                }
                pointer.push('/');
                pointer.push_str(&escape(k));
                if k == "schema" {
                    out.push((pointer.clone(), v));
                } else {
                    collect_schema_roots(pointer, v, out);
                }
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                if v.is_object() || v.is_array() {
                    use std::fmt::Write;
                    let _ = write!(pointer, "/{i}");
                    collect_schema_roots(pointer, v, out);
                    pointer.truncate(len);
                }
            }
        }
        _ => {}
    }
}

/// What the schema at `pointer` is made of without indirection, as
/// (pointer, reached by `$ref`): its `$ref` target, and its composition
/// members.
fn members(tree: &Value, pointer: &str) -> Vec<(String, bool)> {
    let Some(Value::Object(map)) = tree.pointer(pointer) else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(target) = map.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
        out.push((target.to_string(), true));
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(list)) = map.get(key) {
            out.extend((0..list.len()).map(|i| (format!("{pointer}/{key}/{i}"), false)));
        }
    }
    if map.contains_key("not") {
        out.push((format!("{pointer}/not"), false));
    }
    out
}

/// A component schema by its name, any other node by its pointer.
fn shown_schema(pointer: &str) -> String {
    match pointer.strip_prefix("/components/schemas/") {
        Some(name) if !name.contains('/') => name.replace("~1", "/").replace("~0", "~"),
        _ => format!("#{pointer}"),
    }
}

/// Whether an inline schema becomes a named Rust type in the engine.
fn op_name(op: &Operation<'_>) -> String {
    op.op
        .get("operationId")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| format!("{} {}", op.method.to_uppercase(), op.path))
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// A typo of `known`: one edit away (a letter missing, added or changed).
fn near(word: &str, known: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (word.chars().collect(), known.chars().collect());
    if a.len().abs_diff(b.len()) > 1 || a == b {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    a.len().max(b.len()) - prefix - suffix <= 1
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn found(text: &str) -> Vec<String> {
        let spec = Spec::parse(Path::new("t.yaml"), text.to_string()).unwrap();
        findings(&spec).into_iter().map(|f| f.diagnostic.to_string()).collect()
    }

    #[test]
    fn a_request_body_is_checked_through_a_long_chain_of_references() {
        let chain: String = (0..40).map(|i| format!("    B{i}: {{$ref: '#/components/requestBodies/B{}'}}\n", i + 1)).collect();
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    post:\n      operationId: a\n      requestBody: {{$ref: '#/components/requestBodies/B0'}}\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  requestBodies:\n{chain}    B40: {{content: {{application/xml: {{schema: {{type: string}}}}}}}}\n"
        );
        let found = found(&text);
        assert!(found.iter().any(|f| f.contains("request body media type `application/xml` is not supported")), "{found:?}");
    }

    #[test]
    fn a_loop_of_references_is_reported_and_ends_every_check() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      operationId: a\n      requestBody: {$ref: '#/components/requestBodies/B0'}\n      responses: {'200': {description: ok}}\ncomponents:\n  requestBodies:\n    B0: {$ref: '#/components/requestBodies/B1'}\n    B1: {$ref: '#/components/requestBodies/B0'}\n";
        let found = found(text);
        assert!(found.iter().any(|f| f.contains("`$ref` chain loops back to itself")), "{found:?}");
    }
}
