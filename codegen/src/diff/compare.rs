//! Compare two OpenAPI documents for what changed for API clients.
//!
//! Works on the raw trees, so any OpenAPI 3 document can be compared, even
//! one the generator cannot take. Every `$ref` is followed and compared by
//! content: moving an inline schema into `components` is not a change, and
//! neither is renaming a path parameter (`/a/{id}` and `/a/{a_id}` are the
//! same operation).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::Value;

use super::Change;
use super::rules::rule;
use crate::load::METHODS;

/// How deep a schema is followed; real schemas are far shallower, and a
/// recursive one stops at its first repetition anyway.
const MAX_DEPTH: usize = 48;

/// Which way data flows, which decides how a change is judged.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
}

struct Doc<'a> {
    tree: &'a Value,
}

impl<'a> Doc<'a> {
    fn get(&self, reference: &str) -> Option<&'a Value> {
        self.tree.pointer(reference.strip_prefix('#')?)
    }

    /// Follow `$ref` chains; returns the node and the last component schema
    /// name passed through.
    fn resolve(&self, mut value: &'a Value) -> (&'a Value, Option<String>) {
        let mut name = None;
        for _ in 0..16 {
            match value.get("$ref").and_then(Value::as_str) {
                Some(r) => {
                    if let Some(n) = r.strip_prefix("#/components/schemas/") {
                        name = Some(unescape(n));
                    }
                    match self.get(r) {
                        Some(target) => value = target,
                        None => return (&Value::Null, name),
                    }
                }
                None => return (value, name),
            }
        }
        (&Value::Null, name)
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Where in an operation a change is, for the report.
#[derive(Clone)]
struct Site {
    operation: Option<String>,
    operation_id: Option<String>,
    schema: Option<String>,
    location: String,
}

struct Comparer<'a> {
    old: Doc<'a>,
    new: Doc<'a>,
    /// Component schemas whose definition and every schema they reach are
    /// byte-identical on both sides: comparing them finds nothing.
    unchanged: HashSet<String>,
    changes: Vec<Change>,
    /// (old, new) schema pairs being compared, to stop at recursion.
    stack: Vec<(*const Value, *const Value)>,
}

/// Every change from `old` to `new`, in a stable order.
pub fn compare(old: &Value, new: &Value) -> Vec<Change> {
    let mut c = Comparer {
        old: Doc { tree: old },
        new: Doc { tree: new },
        unchanged: unchanged_components(old, new),
        changes: Vec::new(),
        stack: Vec::new(),
    };
    c.servers();
    c.security_schemes();
    c.global_security();
    c.operations();
    c.changes
}

impl<'a> Comparer<'a> {
    fn push(&mut self, id: &'static str, site: &Site, message: String) {
        let rule = rule(id);
        self.changes.push(Change {
            id: rule.id,
            level: rule.level,
            operation: site.operation.clone(),
            operation_id: site.operation_id.clone(),
            schema: site.schema.clone(),
            location: site.location.clone(),
            message,
            rust: Vec::new(),
        });
    }

    fn document_site() -> Site {
        Site {
            operation: None,
            operation_id: None,
            schema: None,
            location: String::new(),
        }
    }

    // -- document ------------------------------------------------------------

    fn servers(&mut self) {
        let urls = |d: &Doc| -> BTreeSet<String> {
            d.tree
                .get("servers")
                .and_then(Value::as_array)
                .map(|s| s.iter().filter_map(|s| s.get("url")?.as_str()).map(str::to_string).collect())
                .unwrap_or_default()
        };
        let (old, new) = (urls(&self.old), urls(&self.new));
        let site = Self::document_site();
        for url in old.difference(&new) {
            self.push("api-server-removed", &site, format!("server `{url}` was removed"));
        }
        for url in new.difference(&old) {
            self.push("api-server-added", &site, format!("server `{url}` was added"));
        }
    }

    fn security_schemes(&mut self) {
        let schemes = |d: &Doc<'a>| -> BTreeMap<String, &'a Value> {
            d.tree
                .pointer("/components/securitySchemes")
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v)).collect())
                .unwrap_or_default()
        };
        let (old, new) = (schemes(&self.old), schemes(&self.new));
        for (name, o) in &old {
            let Some(n) = new.get(name) else { continue };
            let shape = |v: &Value| ["type", "in", "name", "scheme"].map(|k| v.get(k).cloned().unwrap_or(Value::Null));
            if shape(o) != shape(n) {
                let site = Self::document_site();
                self.push("security-scheme-changed", &site, format!("security scheme `{name}` changed how credentials are sent"));
            }
        }
    }

    fn global_security(&mut self) {
        let (old, new) = (requirements(self.old.tree.get("security")), requirements(self.new.tree.get("security")));
        let site = Self::document_site();
        for name in new.difference(&old) {
            self.push("api-global-security-added", &site, format!("every operation now requires `{name}`"));
        }
        for name in old.difference(&new) {
            self.push("api-global-security-removed", &site, format!("operations no longer require `{name}`"));
        }
    }

    // -- operations ----------------------------------------------------------

    fn operations(&mut self) {
        let (old, new) = (operations(&self.old), operations(&self.new));
        for (key, o) in &old {
            if !new.contains_key(key) {
                let site = o.site();
                if o.op.get("deprecated") == Some(&Value::Bool(true)) {
                    self.push("api-removed-after-deprecation", &site, format!("deprecated operation `{}` was removed", o.display()));
                } else {
                    self.push("api-removed-without-deprecation", &site, format!("operation `{}` was removed", o.display()));
                }
            }
        }
        for (key, n) in &new {
            match old.get(key) {
                None => {
                    let site = n.site();
                    self.push("endpoint-added", &site, format!("operation `{}` was added", n.display()));
                }
                Some(o) => self.operation(o, n),
            }
        }
    }

    fn operation(&mut self, o: &Operation<'a>, n: &Operation<'a>) {
        let site = n.site();
        let deprecated = |op: &Value| op.get("deprecated") == Some(&Value::Bool(true));
        match (deprecated(o.op), deprecated(n.op)) {
            (false, true) => self.push("api-deprecated", &site, format!("operation `{}` was deprecated", n.display())),
            (true, false) => self.push("api-reactivated", &site, format!("operation `{}` is no longer deprecated", n.display())),
            _ => {}
        }
        let id = |op: &Value| op.get("operationId").and_then(Value::as_str).map(str::to_string);
        if let (Some(a), Some(b)) = (id(o.op), id(n.op)) {
            if a != b {
                self.push("api-operation-id-changed", &site, format!("operationId `{a}` became `{b}`"));
            }
        }
        if o.op.get("security").is_some() || n.op.get("security").is_some() {
            let effective = |op: &Value, doc: &Doc| requirements(op.get("security").or_else(|| doc.tree.get("security")));
            let (a, b) = (effective(o.op, &self.old), effective(n.op, &self.new));
            for name in b.difference(&a) {
                self.push("api-security-added", &site, format!("now requires `{name}`"));
            }
            for name in a.difference(&b) {
                self.push("api-security-removed", &site, format!("no longer requires `{name}`"));
            }
        }
        self.parameters(o, n, &site);
        self.request_body(o, n, &site);
        self.responses(o, n, &site);
    }

    fn parameters(&mut self, o: &Operation<'a>, n: &Operation<'a>, site: &Site) {
        let (old, new) = (o.parameters(&self.old), n.parameters(&self.new));
        for (key, (op_name, op_in, _)) in &old {
            if new.contains_key(key) {
                continue;
            }
            // Same name elsewhere: it moved rather than went.
            if let Some((_, (_, new_in, _))) = new.iter().find(|(_, (name, _, _))| name == op_name) {
                let s = Site { location: format!("{op_in} parameter `{op_name}`"), ..site.clone() };
                self.push("request-parameter-location-changed", &s, format!("parameter `{op_name}` moved from {op_in} to {new_in}"));
                continue;
            }
            let s = Site { location: format!("{op_in} parameter `{op_name}`"), ..site.clone() };
            self.push("request-parameter-removed", &s, format!("{op_in} parameter `{op_name}` was removed"));
        }
        for (key, (name, place, p)) in &new {
            let s = Site { location: format!("{place} parameter `{name}`"), ..site.clone() };
            let required = |v: &Value| v.get("required") == Some(&Value::Bool(true));
            match old.get(key) {
                None => {
                    if old.values().any(|(n, _, _)| n == name) {
                        continue; // reported as a location change
                    }
                    if required(p) {
                        self.push("new-required-request-parameter", &s, format!("required {place} parameter `{name}` was added"));
                    } else {
                        self.push("new-optional-request-parameter", &s, format!("optional {place} parameter `{name}` was added"));
                    }
                }
                Some((_, _, op)) => {
                    match (required(op), required(p)) {
                        (false, true) => self.push("request-parameter-became-required", &s, format!("{place} parameter `{name}` became required")),
                        (true, false) => self.push("request-parameter-became-optional", &s, format!("{place} parameter `{name}` became optional")),
                        _ => {}
                    }
                    if op.get("deprecated") != Some(&Value::Bool(true)) && p.get("deprecated") == Some(&Value::Bool(true)) {
                        self.push("request-parameter-deprecated", &s, format!("{place} parameter `{name}` was deprecated"));
                    }
                    if let (Some(a), Some(b)) = (op.get("schema"), p.get("schema")) {
                        self.schema(a, b, Direction::Request, &s, name, 0);
                    }
                }
            }
        }
    }

    fn request_body(&mut self, o: &Operation<'a>, n: &Operation<'a>, site: &Site) {
        let body = |op: &'a Value, doc: &Doc<'a>| op.get("requestBody").map(|b| doc.resolve(b).0);
        let s = Site { location: "request body".to_string(), ..site.clone() };
        let required = |b: &Value| b.get("required") == Some(&Value::Bool(true));
        match (body(o.op, &self.old), body(n.op, &self.new)) {
            (None, None) => {}
            (Some(_), None) => self.push("request-body-removed", &s, "the request body was removed".into()),
            (None, Some(b)) => {
                if required(b) {
                    self.push("request-body-added-required", &s, "a required request body was added".into());
                } else {
                    self.push("request-body-added-optional", &s, "an optional request body was added".into());
                }
            }
            (Some(a), Some(b)) => {
                match (required(a), required(b)) {
                    (false, true) => self.push("request-body-became-required", &s, "the request body became required".into()),
                    (true, false) => self.push("request-body-became-optional", &s, "the request body became optional".into()),
                    _ => {}
                }
                self.content(a, b, Direction::Request, &s);
            }
        }
    }

    fn responses(&mut self, o: &Operation<'a>, n: &Operation<'a>, site: &Site) {
        let statuses = |op: &'a Value| -> BTreeMap<String, &'a Value> {
            op.get("responses")
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v)).collect())
                .unwrap_or_default()
        };
        let (old, new) = (statuses(o.op), statuses(n.op));
        let success = |s: &str| s.starts_with('2');
        for (status, _) in old.iter().filter(|(s, _)| !new.contains_key(*s)) {
            let s = Site { location: format!("response {status}"), ..site.clone() };
            let id = if success(status) { "response-success-status-removed" } else { "response-non-success-status-removed" };
            self.push(id, &s, format!("response `{status}` was removed"));
        }
        for (status, b) in &new {
            let s = Site { location: format!("response {status}"), ..site.clone() };
            match old.get(status) {
                None => {
                    let id = if success(status) { "response-success-status-added" } else { "response-non-success-status-added" };
                    self.push(id, &s, format!("response `{status}` was added"));
                }
                Some(a) => {
                    let (a, b) = (self.old.resolve(a).0, self.new.resolve(b).0);
                    self.content(a, b, Direction::Response, &s);
                }
            }
        }
    }

    fn content(&mut self, a: &'a Value, b: &'a Value, dir: Direction, site: &Site) {
        let media = |v: &'a Value| -> BTreeMap<String, &'a Value> {
            v.get("content")
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v)).collect())
                .unwrap_or_default()
        };
        let (old, new) = (media(a), media(b));
        let (added, removed) = match dir {
            Direction::Request => ("request-body-media-type-added", "request-body-media-type-removed"),
            Direction::Response => ("response-media-type-added", "response-media-type-removed"),
        };
        for m in old.keys().filter(|m| !new.contains_key(*m)) {
            self.push(removed, site, format!("media type `{m}` was removed"));
        }
        for (m, nb) in &new {
            match old.get(m) {
                None => self.push(added, site, format!("media type `{m}` was added")),
                Some(ob) => {
                    if let (Some(x), Some(y)) = (ob.get("schema"), nb.get("schema")) {
                        self.schema(x, y, dir, site, "", 0);
                    }
                }
            }
        }
    }

    // -- schemas -------------------------------------------------------------

    /// Compare two schemas at `path` (a JSON path inside the body, or the
    /// parameter's name).
    fn schema(&mut self, a: &'a Value, b: &'a Value, dir: Direction, site: &Site, path: &str, depth: usize) {
        if depth > MAX_DEPTH || self.same(a, b) {
            return;
        }
        let (a, a_name) = self.old.resolve(a);
        let (b, b_name) = self.new.resolve(b);
        let key = (a as *const Value, b as *const Value);
        if self.stack.contains(&key) {
            return;
        }
        self.stack.push(key);
        let site = &Site {
            schema: b_name.or(a_name).or(site.schema.clone()),
            ..site.clone()
        };
        self.schema_resolved(a, b, dir, site, path, depth);
        self.stack.pop();
    }

    fn schema_resolved(&mut self, a: &'a Value, b: &'a Value, dir: Direction, site: &Site, path: &str, depth: usize) {
        let at = |p: &str| if p.is_empty() { "the body".to_string() } else { format!("`{p}`") };
        let prefix = match dir {
            Direction::Request => "request",
            Direction::Response => "response",
        };
        let id = |what: &str| -> &'static str { rule(&format!("{prefix}-property-{what}")).id };

        // Type and format.
        let (ta, tb) = (type_of(a), type_of(b));
        if ta.is_some() && tb.is_some() && ta != tb {
            self.push(id("type-changed"), site, format!("{} changed type from {} to {}", at(path), show_type(&ta), show_type(&tb)));
            return;
        }
        let (fa, fb) = (a.get("format"), b.get("format"));
        if fa != fb && fa.is_some() && fb.is_some() {
            self.push(id("type-changed"), site, format!("{} changed format from {} to {}", at(path), show(fa), show(fb)));
        }

        // Nullability.
        match (nullable(a), nullable(b)) {
            (false, true) => self.push(id("became-nullable"), site, format!("{} may now be null", at(path))),
            (true, false) => self.push(id("became-not-nullable"), site, format!("{} may no longer be null", at(path))),
            _ => {}
        }

        // Enums.
        let values = |v: &Value| -> Option<BTreeSet<String>> {
            v.get("enum").and_then(Value::as_array).map(|a| a.iter().map(|x| x.to_string()).collect())
        };
        if let (Some(ea), Some(eb)) = (values(a), values(b)) {
            for v in ea.difference(&eb) {
                self.push(id("enum-value-removed"), site, format!("{} no longer has the value {v}", at(path)));
            }
            for v in eb.difference(&ea) {
                self.push(id("enum-value-added"), site, format!("{} has the new value {v}", at(path)));
            }
        }

        // Bounds: a larger maximum or smaller minimum widens what is valid.
        for (key, upper) in [
            ("maxLength", true),
            ("maxItems", true),
            ("maximum", true),
            ("maxProperties", true),
            ("minLength", false),
            ("minItems", false),
            ("minimum", false),
            ("minProperties", false),
        ] {
            let (x, y) = (a.get(key).and_then(Value::as_f64), b.get(key).and_then(Value::as_f64));
            let tightened = match (x, y) {
                (None, Some(_)) => Some(true),
                (Some(_), None) => Some(false),
                (Some(x), Some(y)) if x != y => Some((y < x) == upper),
                _ => None,
            };
            if let Some(tightened) = tightened {
                let what = if tightened { "constraint-tightened" } else { "constraint-relaxed" };
                self.push(id(what), site, format!("{} `{key}` changed from {} to {}", at(path), show_num(x), show_num(y)));
            }
        }
        match (a.get("pattern"), b.get("pattern")) {
            (x, Some(y)) if x != Some(y) => {
                self.push(id("constraint-tightened"), site, format!("{} must now match `{}`", at(path), y.as_str().unwrap_or_default()))
            }
            (Some(x), None) => {
                self.push(id("constraint-relaxed"), site, format!("{} no longer has to match `{}`", at(path), x.as_str().unwrap_or_default()))
            }
            _ => {}
        }

        // Properties, with allOf merged.
        let (pa, pb) = (self.properties(&self.old, a), self.properties(&self.new, b));
        let (ra, rb) = (required_of(&self.old, a), required_of(&self.new, b));
        for (name, _) in pa.iter().filter(|(n, _)| !pb.contains_key(*n)) {
            let p = join(path, name);
            match dir {
                Direction::Request => self.push("request-property-removed", site, format!("{} was removed", at(&p))),
                Direction::Response if ra.contains(name) => {
                    self.push("response-required-property-removed", site, format!("required {} was removed", at(&p)))
                }
                Direction::Response => self.push("response-optional-property-removed", site, format!("optional {} was removed", at(&p))),
            }
        }
        for (name, nb) in &pb {
            let p = join(path, name);
            match pa.get(name) {
                None => match dir {
                    Direction::Request if rb.contains(name) => {
                        self.push("new-required-request-property", site, format!("required {} was added", at(&p)))
                    }
                    Direction::Request => self.push("new-optional-request-property", site, format!("optional {} was added", at(&p))),
                    Direction::Response => self.push("response-property-added", site, format!("{} was added", at(&p))),
                },
                Some(na) => {
                    match (ra.contains(name), rb.contains(name)) {
                        (false, true) => self.push(id("became-required"), site, format!("{} became required", at(&p))),
                        (true, false) => self.push(id("became-optional"), site, format!("{} became optional", at(&p))),
                        _ => {}
                    }
                    let deprecated = |v: &Value| v.get("deprecated") == Some(&Value::Bool(true));
                    if !deprecated(na) && deprecated(nb) {
                        self.push(id("deprecated"), site, format!("{} was deprecated", at(&p)));
                    }
                    self.schema(na, nb, dir, site, &p, depth + 1);
                }
            }
        }

        // Arrays and maps.
        if let (Some(x), Some(y)) = (a.get("items"), b.get("items")) {
            self.schema(x, y, dir, site, &format!("{path}[]"), depth + 1);
        }
        if let (Some(x @ Value::Object(_)), Some(y @ Value::Object(_))) = (a.get("additionalProperties"), b.get("additionalProperties")) {
            self.schema(x, y, dir, site, &join(path, "*"), depth + 1);
        }

        // Alternatives.
        for key in ["oneOf", "anyOf"] {
            let (Some(xa), Some(xb)) = (a.get(key).and_then(Value::as_array), b.get(key).and_then(Value::as_array)) else {
                continue;
            };
            if xb.len() > xa.len() {
                self.push(id("one-of-added"), site, format!("{} gained {} `{key}` alternative(s)", at(path), xb.len() - xa.len()));
            } else if xb.len() < xa.len() {
                self.push(id("one-of-removed"), site, format!("{} lost {} `{key}` alternative(s)", at(path), xa.len() - xb.len()));
            }
            for (x, y) in xa.iter().zip(xb) {
                self.schema(x, y, dir, site, path, depth + 1);
            }
        }
    }

    /// Properties of a schema, its `allOf` parts' merged in.
    fn properties(&self, doc: &Doc<'a>, schema: &'a Value) -> BTreeMap<String, &'a Value> {
        let mut out = BTreeMap::new();
        let mut pending = vec![schema];
        let mut seen = 0;
        while let Some(s) = pending.pop() {
            seen += 1;
            if seen > 64 {
                break;
            }
            let s = doc.resolve(s).0;
            if let Some(props) = s.get("properties").and_then(Value::as_object) {
                for (k, v) in props {
                    out.entry(k.clone()).or_insert(v);
                }
            }
            if let Some(parts) = s.get("allOf").and_then(Value::as_array) {
                pending.extend(parts.iter());
            }
        }
        out
    }

    /// Both sides are the same text and reach only unchanged components.
    fn same(&self, a: &Value, b: &Value) -> bool {
        a == b && refs(a).iter().all(|r| self.unchanged.contains(r))
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() { name.to_string() } else { format!("{path}.{name}") }
}

fn required_of(doc: &Doc, schema: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut pending = vec![schema];
    let mut seen = 0;
    while let Some(s) = pending.pop() {
        seen += 1;
        if seen > 64 {
            break;
        }
        let s = doc.resolve(s).0;
        if let Some(r) = s.get("required").and_then(Value::as_array) {
            out.extend(r.iter().filter_map(Value::as_str).map(str::to_string));
        }
        if let Some(parts) = s.get("allOf").and_then(Value::as_array) {
            pending.extend(parts.iter());
        }
    }
    out
}

/// The schema's types, without `null` (3.1 writes nullability in `type`).
fn type_of(schema: &Value) -> Option<BTreeSet<String>> {
    match schema.get("type")? {
        Value::String(t) => Some(BTreeSet::from([t.clone()])),
        Value::Array(ts) => Some(ts.iter().filter_map(Value::as_str).filter(|t| *t != "null").map(str::to_string).collect()),
        _ => None,
    }
}

fn nullable(schema: &Value) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true))
        || schema.get("type").and_then(Value::as_array).is_some_and(|ts| ts.iter().any(|t| t == "null"))
}

fn show_type(t: &Option<BTreeSet<String>>) -> String {
    t.as_ref()
        .map(|t| format!("`{}`", t.iter().cloned().collect::<Vec<_>>().join("|")))
        .unwrap_or_else(|| "any".into())
}

fn show(v: Option<&Value>) -> String {
    v.map(|v| format!("`{}`", v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))).unwrap_or_else(|| "none".into())
}

fn show_num(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "none".into())
}

/// The scheme names of a security requirement list.
fn requirements(security: Option<&Value>) -> BTreeSet<String> {
    security
        .and_then(Value::as_array)
        .map(|alts| alts.iter().filter_map(Value::as_object).flat_map(|m| m.keys().cloned()).collect())
        .unwrap_or_default()
}

/// Component schema names a subtree refers to.
fn refs(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = vec![value];
    while let Some(v) = pending.pop() {
        match v {
            Value::Object(map) => {
                if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                    out.push(r.to_string());
                }
                pending.extend(map.values());
            }
            Value::Array(items) => pending.extend(items.iter()),
            _ => {}
        }
    }
    out
}

/// `#/components/...` references whose targets, and everything those reach,
/// are identical on both sides.
fn unchanged_components(old: &Value, new: &Value) -> HashSet<String> {
    let mut candidates: HashSet<String> = HashSet::new();
    let mut reach: Vec<(String, Vec<String>)> = Vec::new();
    for section in ["schemas", "parameters", "responses", "requestBodies", "headers"] {
        let (Some(a), Some(b)) = (
            old.pointer(&format!("/components/{section}")).and_then(Value::as_object),
            new.pointer(&format!("/components/{section}")).and_then(Value::as_object),
        ) else {
            continue;
        };
        for (name, va) in a {
            if b.get(name) == Some(va) {
                let r = format!("#/components/{section}/{}", name.replace('~', "~0").replace('/', "~1"));
                candidates.insert(r.clone());
                reach.push((r, refs(va)));
            }
        }
    }
    loop {
        let before = candidates.len();
        for (r, targets) in &reach {
            if candidates.contains(r) && !targets.iter().all(|t| candidates.contains(t)) {
                candidates.remove(r);
            }
        }
        if candidates.len() == before {
            return candidates;
        }
    }
}

/// One operation, found by method and path with parameter names erased.
struct Operation<'a> {
    method: &'static str,
    path: String,
    item: &'a Value,
    op: &'a Value,
}

impl<'a> Operation<'a> {
    fn display(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }

    fn site(&self) -> Site {
        Site {
            operation: Some(self.display()),
            operation_id: self.op.get("operationId").and_then(Value::as_str).map(str::to_string),
            schema: None,
            location: String::new(),
        }
    }

    /// Parameters by key: (name, in) for most, (position, "path") for path
    /// parameters, whose names may change freely.
    fn parameters(&self, doc: &Doc<'a>) -> BTreeMap<(String, String), (String, String, &'a Value)> {
        let template: Vec<&str> = self.path.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(n, _)| n)).collect();
        let mut out = BTreeMap::new();
        for list in [self.item.get("parameters"), self.op.get("parameters")] {
            for p in list.and_then(Value::as_array).into_iter().flatten() {
                let p = doc.resolve(p).0;
                let (Some(name), Some(place)) = (p.get("name").and_then(Value::as_str), p.get("in").and_then(Value::as_str)) else {
                    continue;
                };
                let key = match (place, template.iter().position(|t| *t == name)) {
                    ("path", Some(i)) => (format!("#{i}"), "path".to_string()),
                    _ => (name.to_string(), place.to_string()),
                };
                out.insert(key, (name.to_string(), place.to_string(), p));
            }
        }
        out
    }
}

fn operations<'a>(doc: &Doc<'a>) -> BTreeMap<(String, &'static str), Operation<'a>> {
    let mut out = BTreeMap::new();
    let Some(paths) = doc.tree.get("paths").and_then(Value::as_object) else { return out };
    for (path, item) in paths {
        let item = doc.resolve(item).0;
        let normalized = erase_parameter_names(path);
        for method in METHODS {
            if let Some(op @ Value::Object(_)) = item.get(method) {
                out.insert(
                    (normalized.clone(), method),
                    Operation { method, path: path.clone(), item, op },
                );
            }
        }
    }
    out
}

fn erase_parameter_names(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}
