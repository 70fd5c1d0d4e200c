//! What the spec declares for the runtime beyond operations: the security
//! schemes, the servers, and the document-level `x-botapis-*` extensions,
//! and each operation's `x-botapis-pagination`.

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::load::Spec;
use crate::load::positions::escape;

use super::refs::{component, schema_name};
use super::{Encoding, In, Operation, Placement, SchemaRef, Shape, Status};

/// One entry of `servers`.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub url: String,
    /// The constant's name in the generated `servers` module.
    pub name: String,
    pub description: Option<String>,
}

/// `x-botapis-rate-limit`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    pub requests: u32,
    pub per_seconds: u32,
}

/// `x-botapis-error`: the schema the vendor answers errors with.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorEnvelope {
    pub schema: String,
    /// The property holding the human-readable message, and whether the
    /// schema requires it.
    pub message: Option<(String, bool)>,
}

/// How a paginated operation's cursor moves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CursorKind {
    /// A page number.
    Page,
    /// An offset in items.
    Offset,
}

/// `x-botapis-pagination` of one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub operation_id: String,
    pub cursor: CursorKind,
    /// The query parameter that carries the cursor.
    pub parameter: String,
    pub first: u64,
    /// The property of the success body that holds the page's items.
    pub items: String,
    /// The component schema of one item.
    pub item_schema: String,
    /// The component schema of a whole page.
    pub page_schema: String,
    /// Properties leading to a field that is null on the last page.
    pub next: Option<Vec<String>>,
    /// Items per page, for vendors that only show the end by a short page.
    pub page_size: Option<u64>,
    /// A query parameter set to `page_size` on every request.
    pub limit_parameter: Option<String>,
}

/// `x-botapis-webhooks`: a request the vendor sends to the user's server.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// Names the generated decoder and receiver (`message` →
    /// `webhooks::decode_message`, `webhooks::message_router`).
    pub name: String,
    /// The component schema of its JSON body.
    pub schema: String,
    /// How the vendor sends it, and whether it signs it.
    pub description: Option<String>,
    /// `answer: text`: the vendor shows the answer's body to the contact,
    /// so the handler returns that text.
    pub answers_text: bool,
}

/// `x-botapis-error-in-body`: (field, values that mean success).
pub(super) fn error_in_body(spec: &Spec) -> Option<(String, Vec<String>)> {
    spec.tree.get("x-botapis-error-in-body").map(|rule| {
        let field = rule.get("field").and_then(Value::as_str).unwrap_or("status").to_string();
        let success = rule
            .get("success")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        (field, success)
    })
}

/// `components.securitySchemes` as (name, placement).
pub(super) fn schemes(spec: &Spec) -> Result<Vec<(String, Placement)>, Diagnostic> {
    let Some(schemes) = spec.tree.pointer("/components/securitySchemes").and_then(Value::as_object) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (name, scheme) in schemes {
        let pointer = format!("/components/securitySchemes/{}", escape(name));
        let field = |k: &str| scheme.get(k).and_then(Value::as_str).unwrap_or_default();
        let arguments: Vec<String> = scheme
            .get("x-botapis-arguments")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        let argument =
            || scheme.get("x-botapis-argument").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| snake(field("name")));
        let placement = match (field("type"), field("scheme").to_ascii_lowercase().as_str(), field("in")) {
            ("http", "bearer", _) => {
                Placement::Bearer { slot: scheme.get("x-botapis-argument").and_then(Value::as_str).unwrap_or("token").to_string() }
            }
            ("http", "basic", _) => match arguments.as_slice() {
                [] => Placement::Basic { username: "username".into(), password: "password".into() },
                [u, p] => Placement::Basic { username: u.clone(), password: p.clone() },
                _ => {
                    return Err(spec.diagnostic(
                        &format!("{pointer}/x-botapis-arguments"),
                        "basic auth takes exactly two credential names",
                        "write `x-botapis-arguments: [user_slot, password_slot]`",
                    ));
                }
            },
            ("apiKey", _, "header") => Placement::Header { name: field("name").to_ascii_lowercase(), slot: argument() },
            ("apiKey", _, "query") => Placement::Query { name: field("name").to_string(), slot: argument() },
            (kind, _, _) => {
                return Err(spec.diagnostic(
                    &pointer,
                    format!("security scheme `{name}` of type `{kind}` is not supported"),
                    "use `http` (bearer or basic) or `apiKey` (in header or query)",
                ));
            }
        };
        out.push((name.clone(), placement));
    }
    Ok(out)
}

/// Constructor arguments: `x-botapis-credentials` when given, else every
/// slot in the order it first appears.
pub(super) fn slots(spec: &Spec, operations: &[Operation]) -> Result<Vec<String>, Diagnostic> {
    let mut used: Vec<String> = Vec::new();
    for op in operations {
        for p in &op.placements {
            let names: Vec<&String> = match p {
                Placement::Basic { username, password } => vec![username, password],
                Placement::Bearer { slot }
                | Placement::Header { slot, .. }
                | Placement::Query { slot, .. }
                | Placement::Path { slot, .. }
                | Placement::BodyField { slot, .. }
                | Placement::BodyObjectField { slot, .. } => vec![slot],
            };
            for n in names {
                if !used.contains(n) {
                    used.push(n.clone());
                }
            }
        }
    }
    for slot in &used {
        if syn::parse_str::<syn::Ident>(slot).is_err() {
            return Err(spec.diagnostic(
                "/components/securitySchemes",
                format!("the credential name `{slot}` is not a Rust identifier"),
                "name credentials in snake_case (`x-botapis-argument`, `x-botapis-credential`)",
            ));
        }
    }
    let Some(order) = spec.tree.get("x-botapis-credentials").and_then(Value::as_array) else {
        return Ok(used);
    };
    let order: Vec<String> = order.iter().filter_map(Value::as_str).map(str::to_string).collect();
    let mut sorted = order.clone();
    sorted.sort();
    let mut expected = used.clone();
    expected.sort();
    if sorted != expected {
        return Err(spec.diagnostic(
            "/x-botapis-credentials",
            format!("`x-botapis-credentials` lists {order:?}, but the operations use {used:?}"),
            "list every credential the operations use, each once",
        ));
    }
    Ok(order)
}

pub(super) fn servers(spec: &Spec) -> Result<Vec<Server>, Diagnostic> {
    let Some(list) = spec.tree.get("servers").and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    let mut out: Vec<Server> = Vec::new();
    for (i, s) in list.iter().enumerate() {
        let pointer = format!("/servers/{i}");
        let Some(url) = s.get("url").and_then(Value::as_str) else {
            return Err(spec.diagnostic(&pointer, "a server has no `url`", "add `url: https://host/base/path`"));
        };
        if url.contains('{') {
            return Err(spec.diagnostic(
                &format!("{pointer}/url"),
                format!("server URL `{url}` has variables"),
                "write each concrete URL as its own server",
            ));
        }
        let name = s.get("x-botapis-name").and_then(Value::as_str).map(|n| n.to_ascii_uppercase()).unwrap_or_else(|| format!("SERVER_{i}"));
        if syn::parse_str::<syn::Ident>(&name).is_err() || out.iter().any(|o| o.name == name) {
            return Err(spec.diagnostic(
                &format!("{pointer}/x-botapis-name"),
                format!("server name `{name}` is not a unique Rust identifier"),
                "set `x-botapis-name` to a distinct snake_case name",
            ));
        }
        out.push(Server {
            url: url.trim_end_matches('/').to_string(),
            name,
            description: s.get("description").and_then(Value::as_str).map(str::to_string),
        });
    }
    Ok(out)
}

pub(super) fn rate_limit(spec: &Spec) -> Result<Option<RateLimit>, Diagnostic> {
    let Some(limit) = spec.tree.get("x-botapis-rate-limit") else {
        return Ok(None);
    };
    let number = |k: &str| limit.get(k).and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 0);
    match (number("requests"), number("per-seconds")) {
        (Some(requests), Some(per_seconds)) => Ok(Some(RateLimit { requests, per_seconds })),
        _ => Err(spec.diagnostic(
            "/x-botapis-rate-limit",
            "`x-botapis-rate-limit` needs positive whole `requests` and `per-seconds`",
            "write e.g. `x-botapis-rate-limit: {requests: 100, per-seconds: 60}`",
        )),
    }
}

fn required(schema: &Value, property: &str) -> bool {
    schema.get("required").and_then(Value::as_array).is_some_and(|r| r.iter().any(|p| p == property))
}

/// `x-botapis-webhooks: [{name: message, schema: WebhookMessage}]`.
pub(super) fn webhooks(spec: &Spec) -> Result<Vec<Webhook>, Diagnostic> {
    let Some(ext) = spec.tree.get("x-botapis-webhooks") else {
        return Ok(Vec::new());
    };
    let help = "list each webhook as `{name: message, schema: WebhookMessage, description: ...}`, \
                its schema in `components/schemas`";
    let Some(list) = ext.as_array() else {
        return Err(spec.diagnostic("/x-botapis-webhooks", "`x-botapis-webhooks` is not a list", help));
    };
    let mut out: Vec<Webhook> = Vec::new();
    for (i, hook) in list.iter().enumerate() {
        let pointer = format!("/x-botapis-webhooks/{i}");
        let text = |key: &str| hook.get(key).and_then(Value::as_str).map(str::to_string);
        let (Some(name), Some(schema)) = (text("name"), text("schema")) else {
            return Err(spec.diagnostic(&pointer, "a webhook needs a `name` and a `schema`", help));
        };
        let snake = name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !snake || !name.starts_with(|c: char| c.is_ascii_lowercase()) || out.iter().any(|w| w.name == name) {
            return Err(spec.diagnostic(
                &format!("{pointer}/name"),
                format!("webhook name `{name}` is not a unique snake_case name"),
                "name it like `message` or `order_paid`: it names the generated functions",
            ));
        }
        if component(spec, &schema).is_none() {
            return Err(spec.diagnostic(&format!("{pointer}/schema"), format!("no schema `{schema}` in `components/schemas`"), help));
        }
        let answers_text = match hook.get("answer") {
            None => false,
            Some(Value::String(a)) if a == "text" => true,
            Some(_) => {
                return Err(spec.diagnostic(
                    &format!("{pointer}/answer"),
                    "a webhook's `answer` can only be `text`",
                    "write `answer: text` when the vendor shows the answer's body to the contact; leave it out when the answer is only `200 OK`",
                ));
            }
        };
        out.push(Webhook { name, schema, description: text("description"), answers_text });
    }
    Ok(out)
}

/// `x-botapis-text-answers: {ok: {status: success}}`: a vendor that answers
/// some calls with plain text instead of JSON.
pub(super) fn text_answers(spec: &Spec) -> Result<Vec<(String, String)>, Diagnostic> {
    let Some(ext) = spec.tree.get("x-botapis-text-answers") else {
        return Ok(Vec::new());
    };
    let Some(map) = ext.as_object() else {
        return Err(spec.diagnostic(
            "/x-botapis-text-answers",
            "`x-botapis-text-answers` is not a mapping",
            "map each text the vendor answers to the JSON it means: `ok: {status: success}`",
        ));
    };
    let mut out = Vec::new();
    for (text, json) in map {
        if text.trim().is_empty() || text.trim() != text || serde_json::from_str::<Value>(text).is_ok() {
            return Err(spec.diagnostic(
                &format!("/x-botapis-text-answers/{}", escape(text)),
                format!("`{text}` is not a plain-text answer"),
                "name text that is not JSON, without surrounding white space; a JSON answer needs no mapping",
            ));
        }
        out.push((text.clone(), json.to_string()));
    }
    Ok(out)
}

pub(super) fn error_envelope(spec: &Spec) -> Result<Option<ErrorEnvelope>, Diagnostic> {
    let Some(ext) = spec.tree.get("x-botapis-error") else {
        return Ok(None);
    };
    let pointer = "/x-botapis-error";
    let name = ext.get("schema").and_then(Value::as_str).unwrap_or_default();
    let Some(schema) = component(spec, name) else {
        return Err(spec.diagnostic(
            &format!("{pointer}/schema"),
            format!("`x-botapis-error` names the schema `{name}`, which is not in components/schemas"),
            "name the component schema of the vendor's error envelope",
        ));
    };
    let message = match ext.get("message").and_then(Value::as_str) {
        None => None,
        Some(prop) => {
            let ty = schema.pointer(&format!("/properties/{}/type", escape(prop)));
            if ty != Some(&Value::String("string".into())) {
                return Err(spec.diagnostic(
                    &format!("{pointer}/message"),
                    format!("`{prop}` is not a string property of `{name}`"),
                    "name the string property that holds the vendor's message",
                ));
            }
            Some((prop.to_string(), required(schema, prop)))
        }
    };
    Ok(Some(ErrorEnvelope { schema: name.to_string(), message }))
}

pub(super) fn pagination(spec: &Spec, op: &Operation, node: &Value) -> Result<Pagination, Diagnostic> {
    let pointer = format!("{}/x-botapis-pagination", op.pointer);
    let ext = &node["x-botapis-pagination"];
    let text = |k: &str| ext.get(k).and_then(Value::as_str).map(str::to_string);
    let bad = |what: String, help: &str| spec.diagnostic(&pointer, what, help.to_string());
    let cursor = match text("cursor").as_deref() {
        Some("page") => CursorKind::Page,
        Some("offset") => CursorKind::Offset,
        _ => {
            return Err(bad("`cursor` must be `page` or `offset`".into(), "say how the cursor moves"));
        }
    };
    let parameter = text("parameter")
        .ok_or_else(|| bad("`parameter` is missing".into(), "name the query parameter or body field that carries the cursor"))?;
    // A cursor in a JSON body (a POST that reads, as Watbot's getListItems)
    // is an optional field of it: the request's setter of that name sets
    // it, as a query parameter's does.
    let carries = |name: &str| {
        op.param(name).is_some_and(|p| p.location == In::Query)
            || op.body.as_ref().is_some_and(|b| b.encoding == Encoding::Json && b.fields.iter().any(|(f, required)| f == name && !required))
    };
    if !carries(&parameter) {
        return Err(bad(
            format!("the operation has no query parameter or optional JSON body field `{parameter}`"),
            "declare the cursor as a query parameter or as an optional property of the JSON body (the stream sets it page by page)",
        ));
    }
    let limit_parameter = text("limit-parameter");
    if let Some(limit) = &limit_parameter {
        if !carries(limit) {
            return Err(bad(
                format!("the operation has no query parameter or optional JSON body field `{limit}`"),
                "declare the limit as a query parameter or as an optional property of the JSON body",
            ));
        }
    }
    let page_size = ext.get("page-size").and_then(Value::as_u64);
    let next =
        ext.get("next").and_then(Value::as_array).map(|path| path.iter().filter_map(Value::as_str).map(str::to_string).collect::<Vec<_>>());
    if next.is_none() && page_size.is_none() {
        return Err(bad(
            "the end of the pages is not declared".into(),
            "give `next: [field, ...]` (null on the last page) or `page-size: N` (a shorter page is the last)",
        ));
    }
    let items = text("items").ok_or_else(|| bad("`items` is missing".into(), "name the property that holds the page's items"))?;
    let page_schema = op.responses.iter().find(|r| r.status == Status::Code(200)).and_then(|r| match &r.shape {
        Shape::Json(Some(SchemaRef::Component(name))) => Some(name.clone()),
        _ => None,
    });
    let body = page_schema.as_deref().and_then(|name| component(spec, name)).ok_or_else(|| {
        bad(
            "a paginated operation needs a `200` JSON response that is a `$ref` to components/schemas".into(),
            "move the page schema into components",
        )
    })?;
    let item_schema = body
        .pointer(&format!("/properties/{}/items", escape(&items)))
        .and_then(schema_name)
        .ok_or_else(|| {
            bad(
                format!("`{items}` is not an array of `$ref` items in the page schema"),
                "declare the items as `type: array` with `items: {$ref: ...}`",
            )
        })?
        .to_string();
    if let Some(path) = &next {
        let mut schema = body;
        for (i, field) in path.iter().enumerate() {
            let last = i + 1 == path.len();
            if !last && !required(schema, field) {
                return Err(bad(
                    format!("`{field}` on the way to the next-page field is not required"),
                    "mark it required, or point `next` at a required path",
                ));
            }
            let child = schema
                .pointer(&format!("/properties/{}", escape(field)))
                .ok_or_else(|| bad(format!("the page schema has no property `{field}` on the path of `next`"), "fix the path"))?;
            schema = match schema_name(child) {
                Some(name) => component(spec, name).unwrap_or(child),
                None => child,
            };
        }
    }
    Ok(Pagination {
        operation_id: op.id.clone(),
        cursor,
        parameter,
        first: ext.get("first").and_then(Value::as_u64).unwrap_or(match cursor {
            CursorKind::Page => 1,
            CursorKind::Offset => 0,
        }),
        items,
        item_schema,
        page_schema: page_schema.unwrap_or_default(),
        next,
        page_size,
        limit_parameter,
    })
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}
