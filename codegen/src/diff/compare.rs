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
use super::rules::{Level, rule};
use crate::load::METHODS;
use crate::model::Placement;

/// Top-level botapis extensions that change what every call does, and how.
/// (`x-botapis-credentials` is compared as the credential slots it orders,
/// [`Credentials`], when both sides declare them readably.)
const BEHAVIOUR_OF_THE_CLIENT: [(&str, &str); 4] = [
    ("x-botapis-rate-limit", "the client paces its requests differently"),
    ("x-botapis-error", "error bodies are decoded differently"),
    ("x-botapis-error-in-body", "which successful answers are the vendor's errors changed"),
    ("x-botapis-text-answers", "which plain-text answers succeed changed"),
];

/// An operation's botapis extensions that change what its call does.
const BEHAVIOUR_OF_A_CALL: [(&str, &str); 5] = [
    ("x-botapis-idempotent", "whether a retry may send the call twice changed"),
    ("x-botapis-error-in-body", "which of its successful answers are the vendor's errors changed"),
    ("x-botapis-require-one-of", "which requests `send()` refuses changed"),
    ("x-botapis-requires", "which requests `send()` refuses changed"),
    ("x-botapis-unconfirmed-answer", "whether an answer that does not match its type still succeeds changed"),
];

const CREDENTIAL_ORDER: [(&str, &str); 1] = [("x-botapis-credentials", "the order of the constructors' credentials changed")];

/// The fields of `x-botapis-pagination`, each with what `stream()` and
/// `pages()` then do differently. Every one of them is read by the
/// generated paging code.
const PAGINATION: [(&str, &str); 7] = [
    ("cursor", "the cursor moves another way (by page or by offset)"),
    ("parameter", "the cursor is sent in another query parameter or body field"),
    ("first", "paging starts at another page or offset"),
    ("items", "the items are read from another property of the page"),
    ("next", "the last page is recognised another way"),
    (
        "page-size",
        "the number of items per page the client expects (and sends with `limit-parameter`) changed, so it recognises the last page differently",
    ),
    ("limit-parameter", "the page size is sent in another query parameter, or no longer sent"),
];

/// The credential slots of both sides (in constructor order), where both
/// could be read, and the module the Rust API is generated as: a slot is an
/// argument of the constructor and the variable `from_env` reads.
pub struct Credentials {
    pub old: Vec<String>,
    pub new: Vec<String>,
    pub module: String,
    /// Where each operation (by operationId) puts which slot.
    pub old_placements: BTreeMap<String, Vec<Placement>>,
    pub new_placements: BTreeMap<String, Vec<Placement>>,
}

impl Credentials {
    /// Old slots renamed in place (same position, neither name on the
    /// other side), as (old, new).
    fn renamed(&self) -> Vec<(&String, &String)> {
        if self.old.len() != self.new.len() {
            return Vec::new();
        }
        self.old.iter().zip(&self.new).filter(|(a, b)| a != b && !self.new.contains(a) && !self.old.contains(b)).collect()
    }
}

/// How many schemas deep a comparison goes (each property, item, map value
/// or member a level, whether inline or through a `$ref`), which bounds the
/// recursion. A recursive schema stops at its first repetition anyway;
/// past this depth, what still differs is reported
/// (`schema-too-deep-to-compare`), never passed over.
pub const MAX_DEPTH: usize = 48;

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

    /// Follow `$ref` chains, however long; returns the node and the last
    /// component schema name passed through. `diff` refuses a document
    /// with a reference that cannot be followed before comparing
    /// (`lint::references`), so every chain ends at a node; the guard
    /// against a loop only keeps a direct caller from hanging.
    fn resolve(&self, mut value: &'a Value) -> (&'a Value, Option<String>) {
        let mut name = None;
        let mut passed: Vec<*const Value> = Vec::new();
        while let Some(r) = value.get("$ref").and_then(Value::as_str) {
            if passed.contains(&(value as *const Value)) {
                return (&Value::Null, name);
            }
            passed.push(value);
            if let Some(n) = r.strip_prefix("#/components/schemas/") {
                name = Some(unescape(n));
            }
            match self.get(r) {
                Some(target) => value = target,
                None => return (&Value::Null, name),
            }
        }
        (value, name)
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
    credentials: Option<&'a Credentials>,
}

/// Every change from `old` to `new`, in a stable order.
pub fn compare<'a>(old: &'a Value, new: &'a Value, credentials: Option<&'a Credentials>) -> Vec<Change> {
    let mut c = Comparer {
        old: Doc { tree: old },
        new: Doc { tree: new },
        unchanged: unchanged_components(old, new),
        changes: Vec::new(),
        stack: Vec::new(),
        credentials,
    };
    c.servers();
    c.behaviour(old, new, &Comparer::document_site(), &BEHAVIOUR_OF_THE_CLIENT);
    match credentials {
        Some(credentials) => c.credentials(credentials),
        None => c.behaviour(old, new, &Comparer::document_site(), &CREDENTIAL_ORDER),
    }
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
        Site { operation: None, operation_id: None, schema: None, location: String::new() }
    }

    // -- document ------------------------------------------------------------

    /// botapis extensions that change what the generated client does, not
    /// its API: the Rust comparison cannot see them.
    fn behaviour(&mut self, old: &Value, new: &Value, site: &Site, extensions: &[(&str, &str)]) {
        for (key, what) in extensions {
            if old.get(key) != new.get(key) {
                let change = match (old.get(key), new.get(key)) {
                    (None, Some(v)) => format!("`{key}` was added ({v})"),
                    (Some(v), None) => format!("`{key}` was removed (was {v})"),
                    (Some(a), Some(b)) => format!("`{key}` changed from {a} to {b}"),
                    (None, None) => continue,
                };
                self.push("botapis-behaviour-changed", site, format!("{change}: {what}"));
            }
        }
    }

    /// Credential slots renamed or reordered: what the constructors take
    /// and what `from_env` reads. A slot renamed keeps its place and its
    /// type, so the compiler sees no break; its environment variable is
    /// another one. Reordered, two arguments of one type swap meanings.
    fn credentials(&mut self, c: &Credentials) {
        let site = Self::document_site();
        let variable = |slot: &str| format!("`{}`", crate::generate::env_variable(&c.module, slot));
        let renamed = c.renamed();
        for (was, is) in &renamed {
            self.push(
                "botapis-behaviour-changed",
                &site,
                format!("credential `{was}` was renamed `{is}`: `from_env` reads {} instead of {}", variable(is), variable(was)),
            );
        }
        // A slot added or removed changes the constructors' arguments,
        // which the Rust comparison reports.
        // The order of the slots both sides have, a rename read as its new name.
        let kept_old: Vec<&String> = c
            .old
            .iter()
            .map(|s| renamed.iter().find(|(was, _)| *was == s).map_or(s, |(_, is)| *is))
            .filter(|s| c.new.contains(s))
            .collect();
        let kept_new: Vec<&String> = c.new.iter().filter(|s| kept_old.contains(s)).collect();
        if kept_old != kept_new {
            let show = |slots: &[&String]| slots.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
            self.push(
                "botapis-behaviour-changed",
                &site,
                format!(
                    "the order of the constructors' credentials changed from {} to {}: arguments of one type take each other's places",
                    show(&kept_old),
                    show(&kept_new)
                ),
            );
        }
    }

    /// Where an operation puts its credentials, a renamed slot read as its
    /// new name. Only for an operation that uses the same slots under the
    /// same security requirements on both sides: one that needs others
    /// changed its requirements, which are reported as such.
    fn placements(&mut self, id: &str, site: &Site) {
        let Some(c) = self.credentials else { return };
        let (Some(old), Some(new)) = (c.old_placements.get(id), c.new_placements.get(id)) else { return };
        let renamed = c.renamed();
        let rename = |slot: &str| renamed.iter().find(|(was, _)| *was == slot).map_or(slot.to_string(), |(_, is)| is.to_string());
        let old: Vec<Placement> = old.iter().map(|p| p.renamed(rename)).collect();
        let slots = |ps: &[Placement]| -> BTreeSet<String> { ps.iter().flat_map(|p| p.slots()).map(str::to_string).collect() };
        if old == *new || slots(&old) != slots(new) {
            return;
        }
        let show = |ps: &[Placement]| ps.iter().map(Placement::describe).collect::<Vec<_>>().join(", ");
        self.push(
            "botapis-behaviour-changed",
            site,
            format!("the call sends its credentials another way: {}, not {}", show(new), show(&old)),
        );
    }

    /// `x-botapis-pagination` on both sides: each field `stream()` and
    /// `pages()` read. Added or removed, it adds or removes those methods,
    /// which the Rust comparison reports.
    fn pagination(&mut self, o: &Value, n: &Value, site: &Site) {
        let (Some(a), Some(b)) = (o.get("x-botapis-pagination"), n.get("x-botapis-pagination")) else { return };
        if a == b {
            return;
        }
        // `first` defaults by the cursor's kind, as the generator reads it.
        let field = |p: &Value, key: &str| -> Option<Value> {
            match (p.get(key), key) {
                (None, "first") => match p.get("cursor").and_then(Value::as_str) {
                    Some("page") => Some(Value::from(1)),
                    Some("offset") => Some(Value::from(0)),
                    _ => None,
                },
                (v, _) => v.cloned(),
            }
        };
        let mut keys: BTreeSet<&str> = PAGINATION.iter().map(|(k, _)| *k).collect();
        for p in [a, b] {
            keys.extend(p.as_object().into_iter().flat_map(|m| m.keys().map(String::as_str)));
        }
        for key in keys {
            let (x, y) = (field(a, key), field(b, key));
            if x == y {
                continue;
            }
            let what = PAGINATION.iter().find(|(k, _)| *k == key).map_or("`stream()` and `pages()` page differently", |(_, w)| *w);
            let change = match (&x, &y) {
                (None, Some(v)) => format!("`x-botapis-pagination` gained `{key}: {v}`"),
                (Some(v), None) => format!("`x-botapis-pagination` lost `{key}` (was {v})"),
                (Some(v), Some(w)) => format!("`x-botapis-pagination`'s `{key}` changed from {v} to {w}"),
                (None, None) => continue,
            };
            self.push("botapis-behaviour-changed", site, format!("{change}: {what}"));
        }
        if !a.is_object() || !b.is_object() {
            self.push(
                "botapis-behaviour-changed",
                site,
                format!("`x-botapis-pagination` changed from {a} to {b}: `stream()` and `pages()` page differently"),
            );
        }
    }

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
        let site = Self::document_site();
        for (name, o) in &old {
            let Some(n) = new.get(name) else { continue };
            let shape = |v: &Value| ["type", "in", "name", "scheme"].map(|k| v.get(k).cloned().unwrap_or(Value::Null));
            if shape(o) != shape(n) {
                self.push("security-scheme-changed", &site, format!("security scheme `{name}` changed how credentials are sent"));
                continue;
            }
            for (key, id) in [
                ("bearerFormat", "api-security-component-bearer-format-changed"),
                ("openIdConnectUrl", "api-security-component-open-id-connect-url-changed"),
            ] {
                if o.get(key) != n.get(key) {
                    self.push(
                        id,
                        &site,
                        format!("security scheme `{name}`: `{key}` changed from {} to {}", show(o.get(key)), show(n.get(key))),
                    );
                }
            }
            let flows = |v: &'a Value| v.get("flows").and_then(Value::as_object);
            let (Some(old_flows), Some(new_flows)) = (flows(o), flows(n)) else { continue };
            for (flow, of) in old_flows {
                let Some(nf) = new_flows.get(flow) else { continue };
                for (key, id) in [
                    ("authorizationUrl", "api-security-component-oauth-url-changed"),
                    ("tokenUrl", "api-security-component-oauth-token-url-changed"),
                    ("refreshUrl", "api-security-component-oauth-refresh-url-changed"),
                ] {
                    if of.get(key) != nf.get(key) {
                        self.push(
                            id,
                            &site,
                            format!(
                                "security scheme `{name}`, {flow} flow: `{key}` changed from {} to {}",
                                show(of.get(key)),
                                show(nf.get(key))
                            ),
                        );
                    }
                }
                let scopes = |f: &Value| -> BTreeSet<String> {
                    f.get("scopes").and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default()
                };
                for scope in scopes(nf).difference(&scopes(of)) {
                    self.push(
                        "api-security-component-oauth-scope-added",
                        &site,
                        format!("security scheme `{name}`, {flow} flow: scope `{scope}` was added"),
                    );
                }
            }
        }
    }

    fn global_security(&mut self) {
        let (old, new) = (alternatives(self.old.tree.get("security")), alternatives(self.new.tree.get("security")));
        let site = Self::document_site();
        self.security(&old, &new, &site, ["api-global-security-added", "api-global-security-removed", "api-global-security-narrowed"]);
    }

    /// Requirements are alternatives: a client that satisfied one of the
    /// old ones breaks unless a new one asks no more of it.
    fn security(&mut self, old: &[Requirement], new: &[Requirement], site: &Site, [added, removed, narrowed]: [&'static str; 3]) {
        // New requirements that ask more of an old one's clients: named in
        // that finding, not as accepted alternatives.
        let mut explained: Vec<&Requirement> = Vec::new();
        for a in old {
            if new.contains(a) {
                continue;
            }
            let asks_no_more = |b: &Requirement| b.iter().all(|(scheme, scopes)| a.get(scheme).is_some_and(|had| scopes.is_subset(had)));
            if new.iter().any(asks_no_more) {
                self.push(removed, site, format!("{} is no longer asked for", show_requirement(a)));
                continue;
            }
            let asks_more: Vec<&Requirement> =
                new.iter().filter(|b| a.iter().all(|(scheme, scopes)| b.get(scheme).is_some_and(|has| scopes.is_subset(has)))).collect();
            explained.extend(&asks_more);
            match asks_more.iter().find(|b| b.keys().eq(a.keys())) {
                Some(b) if narrowed == "api-security-narrowed" => {
                    let more: Vec<String> = b
                        .iter()
                        .flat_map(|(scheme, scopes)| scopes.difference(&a[scheme]).map(move |s| format!("`{scheme}:{s}`")))
                        .collect();
                    self.push(
                        "api-security-scope-added",
                        site,
                        format!("{} now also needs the scope(s) {}", show_requirement(a), more.join(", ")),
                    );
                }
                _ => {
                    let instead: Vec<String> = asks_more.iter().map(|b| show_requirement(b)).collect();
                    let instead = if instead.is_empty() { String::new() } else { format!(": {} is asked for", instead.join(" or ")) };
                    self.push(narrowed, site, format!("{} no longer suffices{instead}", show_requirement(a)));
                }
            }
        }
        for b in new.iter().filter(|b| !old.contains(b) && !explained.contains(b)) {
            if !b.is_empty() {
                self.push(added, site, format!("{} is accepted", show_requirement(b)));
            }
        }
    }

    // -- operations ----------------------------------------------------------

    fn operations(&mut self) {
        let (old, new) = (operations(&self.old), operations(&self.new));
        for (key, o) in &old {
            if !new.contains_key(key) {
                let site = o.site();
                if flag(o.op, "deprecated") {
                    match sunset(o.op) {
                        Some(Ok(date)) if date > today() => self.push(
                            "api-removed-before-sunset",
                            &site,
                            format!("deprecated operation `{}` was removed before its sunset date {date}", o.display()),
                        ),
                        Some(Err(text)) => self.push(
                            "api-sunset-parse",
                            &site,
                            format!("deprecated operation `{}` was removed, and its sunset date `{text}` is not a date", o.display()),
                        ),
                        _ => {
                            self.push("api-removed-with-deprecation", &site, format!("deprecated operation `{}` was removed", o.display()))
                        }
                    }
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
        if let (Some(was), Some(is)) = (stability(o.op), stability(n.op)) {
            if is < was {
                self.push("api-stability-decreased", &site, format!("stability level went from {} to {}", STABILITY[was], STABILITY[is]));
            }
        }
        // A draft or alpha operation may change in any way: what follows
        // is reported, as information.
        let first_free_change = self.changes.len();
        match (flag(o.op, "deprecated"), flag(n.op, "deprecated")) {
            (false, true) => self.push("api-deprecated", &site, format!("operation `{}` was deprecated", n.display())),
            (true, false) => self.push("api-reactivated", &site, format!("operation `{}` is no longer deprecated", n.display())),
            _ => {}
        }
        self.sunset(
            o.op,
            n.op,
            &site,
            &format!("operation `{}`", n.display()),
            ["api-sunset-deleted", "api-sunset-parse", "api-deprecated-sunset-parse"],
        );
        self.behaviour(o.op, n.op, &site, &BEHAVIOUR_OF_A_CALL);
        self.pagination(o.op, n.op, &site);
        // A change of the security requirements is judged by the rules
        // for them; under the same ones, where the credentials go is the
        // schemes' and the slots'.
        let effective = |op: &Value, doc: &Doc| alternatives(op.get("security").or_else(|| doc.tree.get("security")));
        if let (Some(id), true) =
            (n.op.get("operationId").and_then(Value::as_str), effective(o.op, &self.old) == effective(n.op, &self.new))
        {
            self.placements(id, &site);
        }
        let id = |op: &Value| op.get("operationId").and_then(Value::as_str).map(str::to_string);
        if let (Some(a), Some(b)) = (id(o.op), id(n.op)) {
            if a != b {
                self.push("api-operation-id-changed", &site, format!("operationId `{a}` became `{b}`"));
            }
        }
        if o.op.get("security").is_some() || n.op.get("security").is_some() {
            let effective = |op: &Value, doc: &Doc| alternatives(op.get("security").or_else(|| doc.tree.get("security")));
            let (a, b) = (effective(o.op, &self.old), effective(n.op, &self.new));
            self.security(&a, &b, &site, ["api-security-added", "api-security-removed", "api-security-narrowed"]);
        }
        self.parameters(o, n, &site);
        self.request_body(o, n, &site);
        self.responses(o, n, &site);
        if let Some(level) = stability(o.op).filter(|level| *level <= ALPHA) {
            for change in &mut self.changes[first_free_change..] {
                if change.level > Level::Info {
                    change.level = Level::Info;
                    change.message.push_str(&format!(" (the operation was {}: it may change)", STABILITY[level]));
                }
            }
        }
    }

    /// The sunset date (`x-sunset`) of something deprecated on both sides,
    /// or newly deprecated: `ids` are for a sunset deleted, a changed one
    /// of which one side is not a date, and a new deprecation's that is
    /// not a date.
    fn sunset(&mut self, o: &Value, n: &Value, site: &Site, what: &str, [deleted, parse, deprecated_parse]: [&'static str; 3]) {
        match (flag(o, "deprecated"), flag(n, "deprecated"), sunset(o), sunset(n)) {
            (true, true, Some(_), None) => self.push(deleted, site, format!("{what} lost its sunset date")),
            (true, true, Some(a), Some(b)) if a != b => {
                if let Some(text) = [a, b].into_iter().find_map(Result::err) {
                    self.push(parse, site, format!("{what}: the sunset date `{text}` is not a date"));
                }
            }
            (false, true, _, Some(Err(text))) => {
                self.push(deprecated_parse, site, format!("{what} was deprecated with the sunset date `{text}`, which is not a date"))
            }
            _ => {}
        }
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
            let p = old[key].2;
            match (flag(p, "deprecated"), sunset(p)) {
                (true, Some(Ok(date))) if date > today() => self.push(
                    "request-parameter-removed-before-sunset",
                    &s,
                    format!("deprecated {op_in} parameter `{op_name}` was removed before its sunset date {date}"),
                ),
                (true, Some(Err(text))) => self.push(
                    "request-parameter-sunset-parse",
                    &s,
                    format!("deprecated {op_in} parameter `{op_name}` was removed, and its sunset date `{text}` is not a date"),
                ),
                (true, _) => self.push(
                    "request-parameter-removed-with-deprecation",
                    &s,
                    format!("deprecated {op_in} parameter `{op_name}` was removed"),
                ),
                (false, _) => self.push("request-parameter-removed", &s, format!("{op_in} parameter `{op_name}` was removed")),
            }
        }
        for (key, (name, place, p)) in &new {
            let s = Site { location: format!("{place} parameter `{name}`"), ..site.clone() };
            match old.get(key) {
                None => {
                    if old.values().any(|(n, _, _)| n == name) {
                        continue; // reported as a location change
                    }
                    if flag(p, "required") {
                        self.push("new-required-request-parameter", &s, format!("required {place} parameter `{name}` was added"));
                    } else {
                        self.push("new-optional-request-parameter", &s, format!("optional {place} parameter `{name}` was added"));
                    }
                }
                Some((_, _, op)) => {
                    match (flag(op, "required"), flag(p, "required")) {
                        (false, true) => {
                            self.push("request-parameter-became-required", &s, format!("{place} parameter `{name}` became required"))
                        }
                        (true, false) => {
                            self.push("request-parameter-became-optional", &s, format!("{place} parameter `{name}` became optional"))
                        }
                        _ => {}
                    }
                    if !flag(op, "deprecated") && flag(p, "deprecated") {
                        self.push("request-parameter-deprecated", &s, format!("{place} parameter `{name}` was deprecated"));
                    }
                    let what = format!("{place} parameter `{name}`");
                    self.sunset(
                        op,
                        p,
                        &s,
                        &what,
                        ["request-parameter-sunset-deleted", "request-parameter-sunset-parse", "request-parameter-deprecated-sunset-parse"],
                    );
                    self.serialization(op, p, place, &s, &what);
                    self.parameter_default(op, p, &s, &what);
                    if let (Some(a), Some(b)) = (op.get("schema"), p.get("schema")) {
                        self.schema(a, b, Direction::Request, &s, name, 0);
                    }
                }
            }
        }
    }

    /// How a parameter is written: `style`, `explode` (each with its
    /// default for the parameter's location) and `allowEmptyValue`.
    fn serialization(&mut self, o: &'a Value, n: &'a Value, place: &str, site: &Site, what: &str) {
        let style = |p: &'a Value| {
            p.get("style").and_then(Value::as_str).unwrap_or(if matches!(place, "query" | "cookie") { "form" } else { "simple" })
        };
        let explode = |p: &'a Value| p.get("explode").and_then(Value::as_bool).unwrap_or(style(p) == "form");
        if style(o) != style(n) {
            self.push("request-parameter-style-changed", site, format!("{what}: style changed from `{}` to `{}`", style(o), style(n)));
        }
        if explode(o) != explode(n) {
            self.push("request-parameter-explode-changed", site, format!("{what}: explode changed from {} to {}", explode(o), explode(n)));
        }
        if flag(o, "allowEmptyValue") && !flag(n, "allowEmptyValue") {
            self.push("request-parameter-allow-empty-value-removed", site, format!("{what} no longer allows an empty value"));
        }
    }

    /// A parameter's default is what a client that omits it asks for.
    fn parameter_default(&mut self, o: &'a Value, n: &'a Value, site: &Site, what: &str) {
        let default = |p: &'a Value, doc: &Doc<'a>| p.get("schema").map(|s| doc.resolve(s).0).and_then(|s| s.get("default"));
        match (default(o, &self.old), default(n, &self.new)) {
            (None, Some(b)) => {
                self.push("request-parameter-default-value-added", site, format!("{what} gained the default {}", show(Some(b))))
            }
            (Some(a), None) => {
                self.push("request-parameter-default-value-removed", site, format!("{what} lost its default {}", show(Some(a))))
            }
            (Some(a), Some(b)) if a != b => self.push(
                "request-parameter-default-value-changed",
                site,
                format!("{what}: default changed from {} to {}", show(Some(a)), show(Some(b))),
            ),
            _ => {}
        }
    }

    fn request_body(&mut self, o: &Operation<'a>, n: &Operation<'a>, site: &Site) {
        let body = |op: &'a Value, doc: &Doc<'a>| op.get("requestBody").map(|b| doc.resolve(b).0);
        let s = Site { location: "request body".to_string(), ..site.clone() };
        match (body(o.op, &self.old), body(n.op, &self.new)) {
            (None, None) => {}
            (Some(_), None) => self.push("request-body-removed", &s, "the request body was removed".into()),
            (None, Some(b)) => {
                if flag(b, "required") {
                    self.push("request-body-added-required", &s, "a required request body was added".into());
                } else {
                    self.push("request-body-added-optional", &s, "an optional request body was added".into());
                }
            }
            (Some(a), Some(b)) => {
                match (flag(a, "required"), flag(b, "required")) {
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
            op.get("responses").and_then(Value::as_object).map(|m| m.iter().map(|(k, v)| (k.clone(), v)).collect()).unwrap_or_default()
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
                    self.headers(a, b, &s);
                    self.content(a, b, Direction::Response, &s);
                }
            }
        }
    }

    /// A response's headers: what a client reads besides the body.
    fn headers(&mut self, a: &'a Value, b: &'a Value, site: &Site) {
        let headers = |v: &'a Value, doc: &Doc<'a>| -> BTreeMap<String, &'a Value> {
            v.get("headers")
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(k, h)| (k.to_ascii_lowercase(), doc.resolve(h).0)).collect())
                .unwrap_or_default()
        };
        let (old, new) = (headers(a, &self.old), headers(b, &self.new));
        for (name, h) in &old {
            let s = Site { location: format!("{} header `{name}`", site.location), ..site.clone() };
            let Some(n) = new.get(name) else {
                if flag(h, "required") {
                    self.push("required-response-header-removed", &s, format!("required header `{name}` was removed"));
                } else {
                    self.push("optional-response-header-removed", &s, format!("optional header `{name}` was removed"));
                }
                continue;
            };
            match (flag(h, "required"), flag(n, "required")) {
                (true, false) => self.push("response-header-became-optional", &s, format!("header `{name}` is no longer always present")),
                (false, true) => self.push("response-header-became-required", &s, format!("header `{name}` is now always present")),
                _ => {}
            }
            // A header is written `simple`: explode decides how an object's
            // keys are.
            let explode = |h: &Value| h.get("explode").and_then(Value::as_bool).unwrap_or(false);
            if explode(h) != explode(n) {
                self.push(
                    "response-header-explode-changed",
                    &s,
                    format!("header `{name}`: explode changed from {} to {}", explode(h), explode(n)),
                );
            }
            if let (Some(x), Some(y)) = (h.get("schema"), n.get("schema")) {
                self.schema(x, y, Direction::Response, &s, name, 0);
            }
        }
        for name in new.keys().filter(|name| !old.contains_key(*name)) {
            let s = Site { location: format!("{} header `{name}`", site.location), ..site.clone() };
            self.push("response-header-added", &s, format!("header `{name}` was added"));
        }
    }

    fn content(&mut self, a: &'a Value, b: &'a Value, dir: Direction, site: &Site) {
        let media = |v: &'a Value| -> BTreeMap<String, &'a Value> {
            v.get("content").and_then(Value::as_object).map(|m| m.iter().map(|(k, v)| (k.clone(), v)).collect()).unwrap_or_default()
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
                Some(ob) => match (ob.get("schema"), nb.get("schema"), dir) {
                    (Some(x), Some(y), _) => self.schema(x, y, dir, site, "", 0),
                    (None, Some(_), Direction::Request) => {
                        self.push("request-body-media-type-schema-added", site, format!("media type `{m}` has a schema now"))
                    }
                    (None, Some(_), Direction::Response) => {
                        self.push("response-body-media-type-schema-added", site, format!("media type `{m}` has a schema now"))
                    }
                    (Some(_), None, Direction::Request) => {
                        self.push("request-body-media-type-schema-removed", site, format!("media type `{m}` no longer has a schema"))
                    }
                    (Some(_), None, Direction::Response) => {
                        self.push("response-body-media-type-schema-removed", site, format!("media type `{m}` no longer has a schema"))
                    }
                    (None, None, _) => {}
                },
            }
        }
    }

    // -- schemas -------------------------------------------------------------

    /// Compare two schemas at `path` (a JSON path inside the body, or the
    /// parameter's name).
    fn schema(&mut self, a: &'a Value, b: &'a Value, dir: Direction, site: &Site, path: &str, depth: usize) {
        if self.same(a, b) {
            return;
        }
        if depth > MAX_DEPTH {
            let at = if path.is_empty() { "the body".to_string() } else { format!("`{path}`") };
            self.push(
                "schema-too-deep-to-compare",
                site,
                format!("{at} is nested more than {MAX_DEPTH} schemas deep and differs there: not compared further, so a breaking change may be in it"),
            );
            return;
        }
        let (a, a_name) = self.old.resolve(a);
        let (b, b_name) = self.new.resolve(b);
        let key = (a as *const Value, b as *const Value);
        if self.stack.contains(&key) {
            return;
        }
        self.stack.push(key);
        // Another named schema in the same place: a generated client's type
        // there is another one, whatever the two have in common.
        if let (Some(was), Some(is)) = (&a_name, &b_name) {
            if was != is {
                let (id, at) = match dir {
                    Direction::Request => ("request-property-schema-replaced", path),
                    Direction::Response => ("response-property-schema-replaced", path),
                };
                let at = if at.is_empty() { "the body".to_string() } else { format!("`{at}`") };
                self.push(id, site, format!("{at} is `{is}` now, not `{was}`"));
            }
        }
        let site = &Site { schema: b_name.or(a_name).or(site.schema.clone()), ..site.clone() };
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

        // `{allOf: [X], description: ..}` is how OpenAPI 3.0 annotates a
        // reference: it is X, compared as such (its own `nullable` aside).
        let wrapped = |v: &'a Value| -> Option<&'a Value> {
            let members = v.get("allOf")?.as_array()?;
            (members.len() == 1 && v.get("properties").is_none() && v.get("type").is_none()).then(|| &members[0])
        };
        let (x, y) = (wrapped(a), wrapped(b));
        if x.is_some() || y.is_some() {
            match (flag(a, "nullable"), flag(b, "nullable")) {
                (false, true) => self.push(id("became-nullable"), site, format!("{} may now be null", at(path))),
                (true, false) => self.push(id("became-not-nullable"), site, format!("{} may no longer be null", at(path))),
                _ => {}
            }
            return self.schema(x.unwrap_or(a), y.unwrap_or(b), dir, site, path, depth + 1);
        }

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
        match (values(a), values(b)) {
            (Some(ea), Some(eb)) => {
                for v in ea.difference(&eb) {
                    self.push(id("enum-value-removed"), site, format!("{} no longer has the value {v}", at(path)));
                }
                for v in eb.difference(&ea) {
                    self.push(id("enum-value-added"), site, format!("{} has the new value {v}", at(path)));
                }
            }
            (None, Some(eb)) => {
                let shown: Vec<String> = eb.into_iter().collect();
                self.push(id("became-enum"), site, format!("{} is now one of {}", at(path), shown.join(", ")));
            }
            _ => {}
        }
        let extensible = |v: &Value| -> Option<BTreeSet<String>> {
            v.get("x-extensible-enum").and_then(Value::as_array).map(|a| a.iter().map(|x| x.to_string()).collect())
        };
        if let (Some(ea), Some(eb), Direction::Request) = (extensible(a), extensible(b), dir) {
            for v in ea.difference(&eb) {
                self.push("request-property-x-extensible-enum-value-removed", site, format!("{} no longer takes the value {v}", at(path)));
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
            // OpenAPI 3.1 writes exclusive bounds as numbers.
            ("exclusiveMaximum", true),
            ("exclusiveMinimum", false),
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
        // OpenAPI 3.0 writes them as flags on `maximum` and `minimum`.
        // In a response, the one value it adds or takes away is the bound
        // the range already names.
        for (key, bound) in [("exclusiveMaximum", "maximum"), ("exclusiveMinimum", "minimum")] {
            let flag = |v: &Value| v.get(key).and_then(Value::as_bool).unwrap_or(false);
            let (tightened, relaxed) = match dir {
                Direction::Request => ("request-property-constraint-tightened", "request-property-constraint-relaxed"),
                Direction::Response => ("response-property-exclusive-bound-changed", "response-property-exclusive-bound-changed"),
            };
            match (flag(a), flag(b)) {
                (false, true) => self.push(tightened, site, format!("{} `{key}` was set: the {bound} itself is no longer valid", at(path))),
                (true, false) => self.push(relaxed, site, format!("{} `{key}` was unset: the {bound} itself is valid", at(path))),
                _ => {}
            }
        }
        // An empty pattern matches anything, as no pattern does.
        let pattern = |v: &'a Value| v.get("pattern").and_then(Value::as_str).filter(|p| !p.is_empty());
        match (pattern(a), pattern(b)) {
            (None, Some(y)) => self.push(id("pattern-added"), site, format!("{} must now match `{y}`", at(path))),
            (Some(x), Some(y)) if x != y => {
                let what = if matches!(y, ".*" | "^.*$" | "^.*") { "pattern-generalized" } else { "pattern-changed" };
                self.push(id(what), site, format!("{} must now match `{y}` (was `{x}`)", at(path)))
            }
            (Some(x), None) => self.push(id("pattern-removed"), site, format!("{} no longer has to match `{x}`", at(path))),
            _ => {}
        }

        // Properties, with allOf merged. A read-only property is not sent
        // and a write-only one not received: neither is required there.
        let (pa, pb) = (self.properties(&self.old, a), self.properties(&self.new, b));
        let hidden_flag = match dir {
            Direction::Request => "readOnly",
            Direction::Response => "writeOnly",
        };
        let hidden = |doc: &Doc<'a>, p: Option<&&'a Value>| p.is_some_and(|p| flag(doc.resolve(p).0, hidden_flag));
        let (ra, rb) = (required_of(&self.old, a), required_of(&self.new, b));
        let (ra, rb): (BTreeSet<String>, BTreeSet<String>) = (
            ra.into_iter().filter(|n| !hidden(&self.old, pa.get(n))).collect(),
            rb.iter().filter(|n| !hidden(&self.new, pb.get(*n))).cloned().collect(),
        );
        let became_visible: BTreeSet<&String> = pb
            .keys()
            .filter(|name| dir == Direction::Response && hidden(&self.old, pa.get(*name)) && !hidden(&self.new, pb.get(*name)))
            .collect();
        let became_hidden: BTreeSet<&String> =
            pb.keys().filter(|name| !hidden(&self.old, pa.get(*name)) && hidden(&self.new, pb.get(*name))).collect();
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
                        (false, true) if became_visible.contains(name) => self.push(
                            "response-required-property-became-not-write-only",
                            site,
                            format!("required {} is no longer write-only: responses now carry it", at(&p)),
                        ),
                        (false, true) => self.push(id("became-required"), site, format!("{} became required", at(&p))),
                        (true, false) if became_hidden.contains(name) => {
                            let (id, what) = match dir {
                                Direction::Request => {
                                    ("request-required-property-became-read-only", "read-only: requests no longer send it")
                                }
                                Direction::Response => {
                                    ("response-required-property-became-write-only", "write-only: responses no longer carry it")
                                }
                            };
                            self.push(id, site, format!("required {} became {what}", at(&p)))
                        }
                        (true, false) => self.push(id("became-optional"), site, format!("{} became optional", at(&p))),
                        _ => {}
                    }
                    let (na_, nb_) = (self.old.resolve(na).0, self.new.resolve(nb).0);
                    if !flag(na_, "deprecated") && flag(nb_, "deprecated") {
                        match sunset(nb_) {
                            Some(Err(text)) => self.push(
                                id("deprecated-sunset-parse"),
                                site,
                                format!("{} was deprecated with the sunset date `{text}`, which is not a date", at(&p)),
                            ),
                            _ => self.push(id("deprecated"), site, format!("{} was deprecated", at(&p))),
                        }
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

        // Composition: members are matched by reference (or title), in
        // any order; inline members changed in place are compared as such.
        for (key, kind) in [("oneOf", "one-of"), ("anyOf", "any-of"), ("allOf", "all-of")] {
            let members = |v: &'a Value| v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            let (xa, xb) = (members(a), members(b));
            // Starting or ending an `allOf` rewrites a schema's layout; its
            // merged properties above say what changed.
            if (xa.is_empty() && xb.is_empty()) || (key == "allOf" && (xa.is_empty() || xb.is_empty())) {
                continue;
            }
            let (matched, removed, added) = match_members(xa, xb);
            if !added.is_empty() {
                let names: Vec<String> = added.iter().map(|m| show_member(m)).collect();
                let members = if names.len() == 1 { "member" } else { "members" };
                self.push(id(&format!("{kind}-added")), site, format!("{} gained the `{key}` {members} {}", at(path), names.join(", ")));
            }
            if !removed.is_empty() {
                let names: Vec<String> = removed.iter().map(|m| show_member(m)).collect();
                let members = if names.len() == 1 { "member" } else { "members" };
                self.push(id(&format!("{kind}-removed")), site, format!("{} lost the `{key}` {members} {}", at(path), names.join(", ")));
            }
            for (x, y) in matched {
                // An `allOf` member's properties are compared merged above;
                // one without any (an enum, a bounded string) is compared
                // as itself.
                let has_properties = |v: &'a Value, doc: &Doc<'a>| doc.resolve(v).0.get("properties").is_some();
                if key != "allOf" || !(has_properties(x, &self.old) || has_properties(y, &self.new)) {
                    self.schema(x, y, dir, site, path, depth + 1);
                }
            }
        }
        let tag = |v: &'a Value| v.pointer("/discriminator/propertyName").and_then(Value::as_str);
        if let (Some(x), Some(y)) = (tag(a), tag(b)) {
            if x != y {
                self.push(id("discriminator-property-name-changed"), site, format!("{} is told apart by `{y}`, not `{x}`", at(path)));
            }
        }
    }

    /// Properties of a schema, its `allOf` parts' merged in.
    fn properties(&self, doc: &Doc<'a>, schema: &'a Value) -> BTreeMap<String, &'a Value> {
        let mut out = BTreeMap::new();
        let mut pending = vec![schema];
        // Each part once: an `allOf` may reach a part twice, or itself.
        let mut seen: HashSet<*const Value> = HashSet::new();
        while let Some(s) = pending.pop() {
            let s = doc.resolve(s).0;
            if !seen.insert(s) {
                continue;
            }
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
    let mut seen: HashSet<*const Value> = HashSet::new();
    while let Some(s) = pending.pop() {
        let s = doc.resolve(s).0;
        if !seen.insert(s) {
            continue;
        }
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
    flag(schema, "nullable") || schema.get("type").and_then(Value::as_array).is_some_and(|ts| ts.iter().any(|t| t == "null"))
}

fn show_type(t: &Option<BTreeSet<String>>) -> String {
    t.as_ref().map(|t| format!("`{}`", t.iter().cloned().collect::<Vec<_>>().join("|"))).unwrap_or_else(|| "any".into())
}

fn show(v: Option<&Value>) -> String {
    v.map(|v| format!("`{}`", v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))).unwrap_or_else(|| "none".into())
}

fn show_num(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "none".into())
}

/// One security requirement: the schemes it needs together, each with its
/// scopes. Empty: anonymous access.
type Requirement = BTreeMap<String, BTreeSet<String>>;

/// A security requirement list, as alternatives; none (or `[]`) is one
/// alternative that asks for nothing.
fn alternatives(security: Option<&Value>) -> Vec<Requirement> {
    let list: Vec<Requirement> = security
        .and_then(Value::as_array)
        .map(|alts| {
            alts.iter()
                .filter_map(Value::as_object)
                .map(|m| {
                    m.iter()
                        .map(|(scheme, scopes)| {
                            let scopes = scopes
                                .as_array()
                                .map(|s| s.iter().filter_map(Value::as_str).map(str::to_string).collect())
                                .unwrap_or_default();
                            (scheme.clone(), scopes)
                        })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    if list.is_empty() { vec![Requirement::new()] } else { list }
}

fn show_requirement(r: &Requirement) -> String {
    if r.is_empty() {
        return "anonymous access".to_string();
    }
    let schemes: Vec<String> = r
        .iter()
        .map(|(scheme, scopes)| {
            if scopes.is_empty() {
                format!("`{scheme}`")
            } else {
                format!("`{scheme}` ({})", scopes.iter().cloned().collect::<Vec<_>>().join(", "))
            }
        })
        .collect();
    schemes.join(" with ")
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
                out.insert((normalized.clone(), method), Operation { method, path: path.clone(), item, op });
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

/// A boolean keyword that is `true` (`required`, `deprecated`, ...).
fn flag(v: &Value, key: &str) -> bool {
    v.get(key) == Some(&Value::Bool(true))
}

/// `x-sunset`: a date (`2025-01-31`, or an RFC 3339 time), or the text
/// that is not one.
fn sunset(v: &Value) -> Option<Result<jiff::civil::Date, String>> {
    let text = match v.get("x-sunset")? {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let date = text
        .parse::<jiff::civil::Date>()
        .ok()
        .or_else(|| text.parse::<jiff::Timestamp>().ok().map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date()));
    Some(date.ok_or(text))
}

fn today() -> jiff::civil::Date {
    jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// `x-stability-level`, from least to most stable.
const STABILITY: [&str; 4] = ["draft", "alpha", "beta", "stable"];
const ALPHA: usize = 1;

fn stability(v: &Value) -> Option<usize> {
    let level = v.get("x-stability-level")?.as_str()?;
    STABILITY.iter().position(|s| *s == level)
}

/// A composition member's identity: its reference, else its title, else
/// its whole text.
fn member_key(v: &Value) -> String {
    v.get("$ref")
        .and_then(Value::as_str)
        .or_else(|| v.get("title").and_then(Value::as_str))
        .map(str::to_string)
        .unwrap_or_else(|| v.to_string())
}

fn show_member(v: &Value) -> String {
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        return format!("`{}`", unescape(r.rsplit('/').next().unwrap_or(r)));
    }
    if let Some(title) = v.get("title").and_then(Value::as_str) {
        return format!("`{title}`");
    }
    match type_of(v) {
        Some(_) => format!("an inline {} schema", show_type(&type_of(v))),
        None => "an inline schema".to_string(),
    }
}

/// (pairs to compare, members only the old side has, members only the new
/// side has). A member is the same if its reference (or title) is: a
/// referenced schema renamed is one member removed and another added, as
/// oasdiff sees it (and a generated client's variant is renamed). Inline
/// members left over in equal numbers on both sides are the same members,
/// changed: paired in order; in unequal numbers, paired by type.
fn match_members<'a>(old: &'a [Value], new: &'a [Value]) -> (Vec<(&'a Value, &'a Value)>, Vec<&'a Value>, Vec<&'a Value>) {
    let mut left: Vec<&'a Value> = new.iter().collect();
    let mut matched = Vec::new();
    let mut removed = Vec::new();
    for x in old {
        match left.iter().position(|y| member_key(y) == member_key(x)) {
            Some(i) => matched.push((x, left.remove(i))),
            None => removed.push(x),
        }
    }
    let inline = |v: &&Value| v.get("$ref").is_none() && v.get("title").is_none();
    if removed.len() == left.len() && removed.iter().all(inline) && left.iter().all(inline) {
        matched.extend(removed.drain(..).zip(left.drain(..)));
    }
    // Otherwise an inline member changed in place is the one of its type.
    let mut unmatched = Vec::new();
    for x in removed {
        let same_type = left.iter().position(|y| inline(&x) && inline(y) && type_of(x).is_some() && type_of(x) == type_of(y));
        match same_type {
            Some(i) => matched.push((x, left.remove(i))),
            None => unmatched.push(x),
        }
    }
    (matched, unmatched, left)
}
