//! What the spec declares for the runtime, beyond what the engine reads:
//! the security scheme, the servers, and our `x-botapis-*` extensions
//! (documented in `specs/README.md`).
//!
//! Lint reports the problems found here; the client layer emits code from
//! the result. Reading them in one place keeps the two in agreement.

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::load::Spec;
use crate::load::positions::escape;

/// Where one credential slot goes on a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    Bearer { slot: String },
    Basic { username: String, password: String },
    Header { name: String, slot: String },
    Query { name: String, slot: String },
    /// A path segment, which the engine sees as the literal `placeholder`.
    Path { placeholder: String, slot: String },
    BodyField { name: String, slot: String },
    BodyObjectField { object: String, name: String, slot: String },
}

impl Placement {
    /// The slots it fills from.
    pub fn slots(&self) -> Vec<&str> {
        match self {
            Placement::Basic { username, password } => vec![username, password],
            Placement::Bearer { slot }
            | Placement::Header { slot, .. }
            | Placement::Query { slot, .. }
            | Placement::Path { slot, .. }
            | Placement::BodyField { slot, .. }
            | Placement::BodyObjectField { slot, .. } => vec![slot],
        }
    }

    /// The same placement with each slot named by `rename`.
    pub fn renamed(&self, rename: impl Fn(&str) -> String) -> Placement {
        let mut out = self.clone();
        match &mut out {
            Placement::Basic { username, password } => {
                *username = rename(username);
                *password = rename(password);
            }
            Placement::Bearer { slot }
            | Placement::Header { slot, .. }
            | Placement::Query { slot, .. }
            | Placement::Path { slot, .. }
            | Placement::BodyField { slot, .. }
            | Placement::BodyObjectField { slot, .. } => *slot = rename(slot),
        }
        out
    }

    /// `` `token` as a bearer token ``, for messages.
    pub fn describe(&self) -> String {
        match self {
            Placement::Bearer { slot } => format!("`{slot}` as a bearer token"),
            Placement::Basic { username, password } => format!("`{username}` and `{password}` as basic auth"),
            Placement::Header { name, slot } => format!("`{slot}` in header `{name}`"),
            Placement::Query { name, slot } => format!("`{slot}` in query parameter `{name}`"),
            Placement::Path { placeholder, slot } => format!("`{slot}` in the path (as `{placeholder}`)"),
            Placement::BodyField { name, slot } => format!("`{slot}` in body field `{name}`"),
            Placement::BodyObjectField { object, name, slot } => format!("`{slot}` in body field `{object}.{name}`"),
        }
    }
}

/// How an operation's body goes on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum Encoding {
    AsBuilt,
    Multipart,
    /// A free-form query object, which the engine sees as a JSON body.
    QueryObject { parameter: String },
}

/// What the runtime and the adapt pass need to know about one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub id: String,
    pub pointer: String,
    /// The path as the engine formats it (`/contact/{contact_id}`), a
    /// credential's segment already its placeholder: what the runtime checks
    /// the built URL against, so no value can move the call to another
    /// endpoint.
    pub path: String,
    /// The header parameters it declares, lower-case: what the runtime
    /// leaves of the headers the engine adds on its own.
    pub headers: Vec<String>,
    pub idempotent: Option<bool>,
    pub body: Encoding,
    pub placements: Vec<Placement>,
    /// `x-botapis-require-one-of`: query parameters of which at least one
    /// must be given.
    pub require_one_of: Vec<String>,
    /// `x-botapis-requires`: optional parameters that, when given, need
    /// others given too (a recipient by external id needs its bot).
    pub requires: Vec<Requires>,
    /// Numeric parameters with bounds, which the engine does not enforce
    /// (it drops `maximum` on integers).
    pub bounds: Vec<Bound>,
    /// False when the operation's `x-botapis-error-in-body: false` says its
    /// success answer is data (a flat map of a client's variables, say):
    /// only an answer that is nothing but the envelope is then an error.
    pub error_in_body: bool,
}

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

/// Everything the runtime layer needs from the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Vendor {
    /// The credential slots, in the order the constructor takes them.
    pub slots: Vec<String>,
    pub servers: Vec<Server>,
    pub rate_limit: Option<RateLimit>,
    pub error: Option<ErrorEnvelope>,
    /// `x-botapis-error-in-body`: (field, values that mean success).
    pub error_in_body: Option<(String, Vec<String>)>,
    /// `x-botapis-text-answers`: (a success body that is this text, the
    /// JSON it means, as text).
    pub text_answers: Vec<(String, String)>,
    pub operations: Vec<Operation>,
    pub pagination: Vec<Pagination>,
    pub webhooks: Vec<Webhook>,
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

/// Read the vendor's runtime data; every problem is reported.
pub fn read(spec: &Spec) -> Result<Vendor, Vec<Diagnostic>> {
    read_located(spec).map_err(|problems| problems.into_iter().map(|(_, d)| d).collect())
}

/// [`read`], with the operation each problem is about, if it is about one.
pub fn read_located(spec: &Spec) -> Result<Vendor, Vec<(Option<String>, Diagnostic)>> {
    let mut problems: Vec<(Option<String>, Diagnostic)> = Vec::new();
    let schemes = schemes(spec).unwrap_or_else(|d| {
        problems.push((None, d));
        Vec::new()
    });
    let servers = servers(spec).unwrap_or_else(|d| {
        problems.push((None, d));
        Vec::new()
    });
    let rate_limit = rate_limit(spec).unwrap_or_else(|d| {
        problems.push((None, d));
        None
    });
    let error = error_envelope(spec).unwrap_or_else(|d| {
        problems.push((None, d));
        None
    });
    let error_in_body = spec.tree.get("x-botapis-error-in-body").map(|rule| {
        let field = rule.get("field").and_then(Value::as_str).unwrap_or("status").to_string();
        let success = rule
            .get("success")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        (field, success)
    });
    let text_answers = text_answers(spec).unwrap_or_else(|d| {
        problems.push((None, d));
        Vec::new()
    });
    let webhooks = webhooks(spec).unwrap_or_else(|d| {
        problems.push((None, d));
        Vec::new()
    });
    let mut operations = Vec::new();
    let mut pagination = Vec::new();
    for (pointer, id, op) in self::operations(spec) {
        match operation(spec, &pointer, &id, op, &schemes) {
            Ok(o) => operations.push(o),
            Err(d) => problems.push((Some(pointer.clone()), d)),
        }
        if op.get("x-botapis-pagination").is_some() {
            match pagination_of(spec, &pointer, &id, op) {
                Ok(p) => pagination.push(p),
                Err(d) => problems.push((Some(pointer.clone()), d)),
            }
        }
    }
    let slots = slots(spec, &operations).unwrap_or_else(|d| {
        problems.push((None, d));
        Vec::new()
    });
    problems.extend(names_the_client_keeps(spec, &slots, &pagination));
    if problems.is_empty() {
        Ok(Vendor {
            slots,
            servers,
            rate_limit,
            error,
            error_in_body,
            text_answers,
            operations,
            pagination,
            webhooks,
        })
    } else {
        Err(problems)
    }
}

/// An operation named like one of `Client`'s own methods, or a parameter
/// of a paged operation named like its request's `stream`/`pages`, would
/// generate two methods of one name.
fn names_the_client_keeps(spec: &Spec, slots: &[String], pagination: &[Pagination]) -> Vec<(Option<String>, Diagnostic)> {
    use crate::generate::names::{Case, constructor_name, sanitize};
    let constructor = constructor_name(slots);
    let kept = ["new", "new_with_client", "builder", "from_env", "with_base_url", "with_timeout", "with_retry", constructor.as_str()];
    let mut out = Vec::new();
    for (pointer, id, op) in self::operations(spec) {
        let method = sanitize(&id, Case::Snake);
        if kept.contains(&method.as_str()) {
            out.push((
                Some(pointer.clone()),
                spec.diagnostic(
                    &format!("{pointer}/operationId"),
                    format!("operation `{id}` would be the client's method `{method}`, which the client has already"),
                    "rename the operationId",
                ),
            ));
        }
        if pagination.iter().any(|p| p.operation_id == id) {
            let parameters = op.get("parameters").and_then(Value::as_array).into_iter().flatten();
            for (i, parameter) in parameters.enumerate() {
                let name = parameter.get("name").and_then(Value::as_str).unwrap_or_default();
                let setter = sanitize(name, Case::Snake);
                if setter == "stream" || setter == "pages" {
                    out.push((
                        Some(pointer.clone()),
                        spec.diagnostic(
                            &format!("{pointer}/parameters/{i}/name"),
                            format!("parameter `{name}` of paged operation `{id}` would be its request's `{setter}()`, which reads every page"),
                            "rename the parameter, or drop `x-botapis-pagination`",
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// `components.securitySchemes` as (name, placement).
fn schemes(spec: &Spec) -> Result<Vec<(String, Placement)>, Diagnostic> {
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
        let argument = || {
            scheme
                .get("x-botapis-argument")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| snake(field("name")))
        };
        let placement = match (field("type"), field("scheme").to_ascii_lowercase().as_str(), field("in")) {
            ("http", "bearer", _) => Placement::Bearer {
                slot: scheme.get("x-botapis-argument").and_then(Value::as_str).unwrap_or("token").to_string(),
            },
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

fn operation(
    spec: &Spec,
    pointer: &str,
    id: &str,
    op: &Value,
    schemes: &[(String, Placement)],
) -> Result<Operation, Diagnostic> {
    let idempotent = match op.get("x-botapis-idempotent") {
        None => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            return Err(spec.diagnostic(
                &format!("{pointer}/x-botapis-idempotent"),
                "`x-botapis-idempotent` is not a boolean",
                "write `true` (safe to send twice) or `false` (never retried once it may have arrived)",
            ));
        }
    };
    let error_in_body = match op.get("x-botapis-error-in-body") {
        None => true,
        Some(Value::Bool(false)) if spec.tree.get("x-botapis-error-in-body").is_some() => false,
        Some(Value::Bool(false)) => {
            return Err(spec.diagnostic(
                &format!("{pointer}/x-botapis-error-in-body"),
                "`x-botapis-error-in-body: false` on an operation, but the document declares no rule to turn off",
                "remove it, or declare the rule at the top level",
            ));
        }
        Some(_) => {
            return Err(spec.diagnostic(
                &format!("{pointer}/x-botapis-error-in-body"),
                "an operation's `x-botapis-error-in-body` can only be `false`",
                "write `false` where the success answer is data, not the vendor's envelope; the rule itself is declared at the top level",
            ));
        }
    };
    let mut placements = Vec::new();
    // Security requirements: the operation's own, else the document's; the
    // first alternative is the one the client uses.
    let security = op.get("security").or_else(|| spec.tree.get("security"));
    if let Some(first) = security.and_then(Value::as_array).and_then(|a| a.first()).and_then(Value::as_object) {
        for name in first.keys() {
            match schemes.iter().find(|(n, _)| n == name) {
                Some((_, p)) => placements.push(p.clone()),
                None => {
                    return Err(spec.diagnostic(
                        &format!("{pointer}/security"),
                        format!("security requirement `{name}` names no security scheme"),
                        "declare it in components/securitySchemes",
                    ));
                }
            }
        }
    }
    for (param, _) in parameters(spec, pointer, op) {
        let Some(slot) = param.get("x-botapis-credential").and_then(Value::as_str) else { continue };
        let name = param.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
        placements.push(match param.get("in").and_then(Value::as_str) {
            Some("path") => Placement::Path { placeholder: placeholder(&name), slot: slot.to_string() },
            Some("header") => Placement::Header { name: name.to_ascii_lowercase(), slot: slot.to_string() },
            _ => Placement::Query { name, slot: slot.to_string() },
        });
    }
    let mut body = Encoding::AsBuilt;
    if let Some((media, schema)) = request_body(spec, op) {
        if media == "multipart/form-data" {
            body = Encoding::Multipart;
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                match prop.get("x-botapis-credential") {
                    Some(Value::String(slot)) => placements.push(Placement::BodyField { name: name.clone(), slot: slot.clone() }),
                    Some(Value::Object(fields)) => {
                        for (field, slot) in fields {
                            placements.push(Placement::BodyObjectField {
                                object: name.clone(),
                                name: field.clone(),
                                slot: slot.as_str().unwrap_or_default().to_string(),
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    for (param, _) in parameters(spec, pointer, op) {
        if param.get("in").and_then(Value::as_str) == Some("query") && query_object(spec, param) {
            if request_body(spec, op).is_some() {
                return Err(spec.diagnostic(
                    pointer,
                    "a free-form query object and a request body in one operation",
                    "the generator sends a query object through the body slot; keep only one",
                ));
            }
            body = Encoding::QueryObject { parameter: param.get("name").and_then(Value::as_str).unwrap_or_default().to_string() };
        }
    }
    let require_one_of = require_one_of(spec, pointer, op)?;
    let requires = requires(spec, pointer, op)?;
    let params = parameters(spec, pointer, op);
    let path = engine_path(pointer, &params);
    let headers = params
        .iter()
        .filter(|(p, _)| p.get("in").and_then(Value::as_str) == Some("header"))
        .filter_map(|(p, _)| Some(p.get("name")?.as_str()?.to_ascii_lowercase()))
        .collect();
    let bounds = params
        .into_iter()
        .filter(|(p, _)| p.get("x-botapis-credential").is_none())
        .filter_map(|(p, _)| {
            let schema = p.get("schema")?;
            let bound = |k: &str| schema.get(k).and_then(Value::as_f64);
            let numeric = matches!(schema.get("type").and_then(Value::as_str), Some("integer" | "number"));
            let (minimum, maximum) = (bound("minimum"), bound("maximum"));
            (numeric && (minimum.is_some() || maximum.is_some())).then(|| {
                Some(Bound {
                    parameter: p.get("name")?.as_str()?.to_string(),
                    minimum,
                    maximum,
                    required: p.get("required") == Some(&Value::Bool(true)),
                })
            })?
        })
        .collect();
    Ok(Operation {
        id: id.to_string(),
        pointer: pointer.to_string(),
        path,
        headers,
        idempotent,
        body,
        placements,
        require_one_of,
        requires,
        bounds,
        error_in_body,
    })
}

/// A numeric parameter's bounds.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub parameter: String,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// A required parameter is a plain field of the engine's builder, an
    /// optional one an `Option`.
    pub required: bool,
}

/// `x-botapis-require-one-of`: names of optional parameters of the
/// operation, at least one of which a call must give.
fn require_one_of(spec: &Spec, pointer: &str, op: &Value) -> Result<Vec<String>, Diagnostic> {
    let Some(list) = op.get("x-botapis-require-one-of") else { return Ok(Vec::new()) };
    let at = format!("{pointer}/x-botapis-require-one-of");
    let Some(list) = list.as_array().filter(|l| l.len() >= 2) else {
        return Err(spec.diagnostic(&at, "`x-botapis-require-one-of` is not a list of two or more parameter names", "write `x-botapis-require-one-of: [first, second]`"));
    };
    let params = parameters(spec, pointer, op);
    let mut names = Vec::new();
    for (i, name) in list.iter().enumerate() {
        let at = format!("{at}/{i}");
        let Some(name) = name.as_str() else {
            return Err(spec.diagnostic(&at, "a name in `x-botapis-require-one-of` is not a string", "write the parameter's `name`"));
        };
        let Some((param, _)) = params.iter().find(|(p, _)| p.get("name").and_then(Value::as_str) == Some(name)) else {
            let known: Vec<&str> = params.iter().filter_map(|(p, _)| p.get("name")?.as_str()).collect();
            return Err(spec.diagnostic(&at, format!("`x-botapis-require-one-of` names `{name}`, which is not a parameter of this operation"), format!("name one of: {}", known.join(", "))));
        };
        if param.get("required") == Some(&Value::Bool(true)) {
            return Err(spec.diagnostic(&at, format!("`{name}` is required, so `x-botapis-require-one-of` cannot make it optional"), "list only optional parameters, or drop `required: true` from this one"));
        }
        names.push(name.to_string());
    }
    Ok(names)
}

/// One entry of `x-botapis-requires`.
#[derive(Debug, Clone, PartialEq)]
pub struct Requires {
    /// The optional parameter that, when given, needs the others.
    pub given: String,
    pub needs: Vec<String>,
}

/// `x-botapis-requires: {given: [needed, ...]}`: every name an optional
/// parameter of the operation.
fn requires(spec: &Spec, pointer: &str, op: &Value) -> Result<Vec<Requires>, Diagnostic> {
    let Some(map) = op.get("x-botapis-requires") else { return Ok(Vec::new()) };
    let at = format!("{pointer}/x-botapis-requires");
    let Some(map) = map.as_object() else {
        return Err(spec.diagnostic(&at, "`x-botapis-requires` is not a mapping", "map each parameter to the ones it needs: `{contact_external_id: [bot_id, messenger]}`"));
    };
    let params = parameters(spec, pointer, op);
    let optional = |at: &str, name: &str| -> Result<(), Diagnostic> {
        let Some((param, _)) = params.iter().find(|(p, _)| p.get("name").and_then(Value::as_str) == Some(name)) else {
            let known: Vec<&str> = params.iter().filter_map(|(p, _)| p.get("name")?.as_str()).collect();
            return Err(spec.diagnostic(at, format!("`x-botapis-requires` names `{name}`, which is not a parameter of this operation"), format!("name one of: {}", known.join(", "))));
        };
        if param.get("required") == Some(&Value::Bool(true)) {
            return Err(spec.diagnostic(at, format!("`{name}` is required already, so `x-botapis-requires` adds nothing for it"), "list only optional parameters"));
        }
        Ok(())
    };
    let mut out = Vec::new();
    for (given, needs) in map {
        let at = format!("{at}/{}", escape(given));
        optional(&at, given)?;
        let Some(list) = needs.as_array().filter(|l| !l.is_empty()) else {
            return Err(spec.diagnostic(&at, format!("`{given}` in `x-botapis-requires` does not list what it needs"), "write a list of parameter names: `[bot_id, messenger]`"));
        };
        let mut names = Vec::new();
        for (i, name) in list.iter().enumerate() {
            let at = format!("{at}/{i}");
            let Some(name) = name.as_str() else {
                return Err(spec.diagnostic(&at, "a name in `x-botapis-requires` is not a string", "write the parameter's `name`"));
            };
            optional(&at, name)?;
            names.push(name.to_string());
        }
        out.push(Requires { given: given.clone(), needs: names });
    }
    Ok(out)
}

/// The operation's path, from its pointer (`/paths/<path>/<method>`), with
/// each credential parameter's `{name}` replaced by its placeholder.
fn engine_path(pointer: &str, params: &[(&Value, String)]) -> String {
    let escaped = pointer.strip_prefix("/paths/").unwrap_or(pointer);
    let escaped = &escaped[..escaped.rfind('/').unwrap_or(escaped.len())];
    let mut path = escaped.replace("~1", "/").replace("~0", "~");
    for (param, _) in params {
        if param.get("in").and_then(Value::as_str) == Some("path") && param.get("x-botapis-credential").is_some() {
            let name = param.get("name").and_then(Value::as_str).unwrap_or_default();
            path = path.replace(&format!("{{{name}}}"), &placeholder(name));
        }
    }
    path
}

/// The literal path segment the engine sees instead of a credential.
pub fn placeholder(parameter: &str) -> String {
    format!("_botapis_{parameter}_")
}

/// The operation's parameters, path-item ones first, `$ref`s followed,
/// with the pointer of each list entry.
pub fn parameters<'a>(spec: &'a Spec, op_pointer: &str, op: &'a Value) -> Vec<(&'a Value, String)> {
    let item_pointer = &op_pointer[..op_pointer.rfind('/').unwrap_or(0)];
    let item = spec.tree.pointer(item_pointer);
    let mut out = Vec::new();
    for (base, list) in [(item_pointer.to_string(), item.and_then(|i| i.get("parameters"))), (op_pointer.to_string(), op.get("parameters"))] {
        let Some(Value::Array(list)) = list else { continue };
        for (i, p) in list.iter().enumerate() {
            let resolved = p
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| spec.tree.pointer(r.trim_start_matches('#')))
                .unwrap_or(p);
            out.push((resolved, format!("{base}/parameters/{i}")));
        }
    }
    out
}

/// The request body's media type and (resolved) schema.
pub fn request_body<'a>(spec: &'a Spec, op: &'a Value) -> Option<(&'a str, &'a Value)> {
    let body = op.get("requestBody")?;
    let body = match body.get("$ref").and_then(Value::as_str) {
        Some(r) => spec.tree.pointer(r.trim_start_matches('#'))?,
        None => body,
    };
    let (media, mt) = body.get("content")?.as_object()?.iter().next()?;
    let schema = mt.get("schema")?;
    let schema = match schema_name(schema) {
        Some(name) => component(spec, name)?,
        None => schema,
    };
    Some((media.as_str(), schema))
}

/// Whether a query parameter is a free-form object (each key its own
/// parameter), which the engine cannot send.
pub fn query_object(spec: &Spec, param: &Value) -> bool {
    let Some(schema) = param.get("schema") else { return false };
    let schema = match schema_name(schema) {
        Some(name) => component(spec, name).unwrap_or(schema),
        None => schema,
    };
    schema.get("type").and_then(Value::as_str) == Some("object")
}

/// Constructor arguments: `x-botapis-credentials` when given, else every
/// slot in the order it first appears.
fn slots(spec: &Spec, operations: &[Operation]) -> Result<Vec<String>, Diagnostic> {
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

fn servers(spec: &Spec) -> Result<Vec<Server>, Diagnostic> {
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
        let name = s
            .get("x-botapis-name")
            .and_then(Value::as_str)
            .map(|n| n.to_ascii_uppercase())
            .unwrap_or_else(|| format!("SERVER_{i}"));
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

fn rate_limit(spec: &Spec) -> Result<Option<RateLimit>, Diagnostic> {
    let Some(limit) = spec.tree.get("x-botapis-rate-limit") else {
        return Ok(None);
    };
    let number = |k: &str| {
        limit
            .get(k)
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n > 0)
    };
    match (number("requests"), number("per-seconds")) {
        (Some(requests), Some(per_seconds)) => Ok(Some(RateLimit {
            requests,
            per_seconds,
        })),
        _ => Err(spec.diagnostic(
            "/x-botapis-rate-limit",
            "`x-botapis-rate-limit` needs positive whole `requests` and `per-seconds`",
            "write e.g. `x-botapis-rate-limit: {requests: 100, per-seconds: 60}`",
        )),
    }
}

/// (pointer, operationId, operation) of every operation with an id.
pub fn operations(spec: &Spec) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    let Some(paths) = spec.tree.get("paths").and_then(Value::as_object) else { return out };
    for (path, item) in paths {
        let Some(item) = item.as_object() else { continue };
        for (method, op) in item {
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                out.push((format!("/paths/{}/{method}", escape(path)), id.to_string(), op));
            }
        }
    }
    out
}

/// The component schema name a `$ref` names, if it names one.
pub fn schema_name(schema: &Value) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix("#/components/schemas/")
}

pub fn component<'a>(spec: &'a Spec, name: &str) -> Option<&'a Value> {
    spec.tree.pointer(&format!("/components/schemas/{}", escape(name)))
}

fn required(schema: &Value, property: &str) -> bool {
    schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|p| p == property))
}

/// `x-botapis-webhooks: [{name: message, schema: WebhookMessage}]`.
fn webhooks(spec: &Spec) -> Result<Vec<Webhook>, Diagnostic> {
    let Some(ext) = spec.tree.get("x-botapis-webhooks") else { return Ok(Vec::new()) };
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
fn text_answers(spec: &Spec) -> Result<Vec<(String, String)>, Diagnostic> {
    let Some(ext) = spec.tree.get("x-botapis-text-answers") else { return Ok(Vec::new()) };
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

fn error_envelope(spec: &Spec) -> Result<Option<ErrorEnvelope>, Diagnostic> {
    let Some(ext) = spec.tree.get("x-botapis-error") else { return Ok(None) };
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
    Ok(Some(ErrorEnvelope {
        schema: name.to_string(),
        message,
    }))
}

fn pagination_of(spec: &Spec, op_pointer: &str, id: &str, op: &Value) -> Result<Pagination, Diagnostic> {
    let pointer = format!("{op_pointer}/x-botapis-pagination");
    let ext = &op["x-botapis-pagination"];
    let text = |k: &str| ext.get(k).and_then(Value::as_str).map(str::to_string);
    let bad = |what: String, help: &str| spec.diagnostic(&pointer, what, help.to_string());
    let cursor = match text("cursor").as_deref() {
        Some("page") => CursorKind::Page,
        Some("offset") => CursorKind::Offset,
        _ => return Err(bad("`cursor` must be `page` or `offset`".into(), "say how the cursor moves")),
    };
    let parameter = text("parameter").ok_or_else(|| bad("`parameter` is missing".into(), "name the query parameter or body field that carries the cursor"))?;
    let has_query = |name: &str| {
        op.get("parameters").and_then(Value::as_array).is_some_and(|ps| {
            ps.iter().any(|p| {
                let p = p.get("$ref").and_then(Value::as_str).and_then(|r| spec.tree.pointer(r.trim_start_matches('#'))).unwrap_or(p);
                p.get("name").and_then(Value::as_str) == Some(name) && p.get("in").and_then(Value::as_str) == Some("query")
            })
        })
    };
    // A cursor in a JSON body (a POST that reads, as Watbot's getListItems)
    // is an optional field of it: the request's setter of that name sets
    // it, as a query parameter's does.
    let has_body_field = |name: &str| {
        request_body(spec, op).is_some_and(|(media, schema)| {
            media == "application/json"
                && schema.pointer(&format!("/properties/{}", escape(name))).is_some()
                && !required(schema, name)
        })
    };
    let carries = |name: &str| has_query(name) || has_body_field(name);
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
    let next = ext.get("next").and_then(Value::as_array).map(|path| {
        path.iter().filter_map(Value::as_str).map(str::to_string).collect::<Vec<_>>()
    });
    if next.is_none() && page_size.is_none() {
        return Err(bad(
            "the end of the pages is not declared".into(),
            "give `next: [field, ...]` (null on the last page) or `page-size: N` (a shorter page is the last)",
        ));
    }
    let items = text("items").ok_or_else(|| bad("`items` is missing".into(), "name the property that holds the page's items"))?;
    let response = op.pointer("/responses/200");
    let response = match response.and_then(|r| r.get("$ref")).and_then(Value::as_str) {
        Some(r) => spec.tree.pointer(r.trim_start_matches('#')),
        None => response,
    };
    let page_schema = response.and_then(|r| r.pointer("/content/application~1json/schema")).and_then(schema_name).map(str::to_string);
    let body = page_schema
        .as_deref()
        .and_then(|name| component(spec, name))
        .ok_or_else(|| bad(
            "a paginated operation needs a `200` JSON response that is a `$ref` to components/schemas".into(),
            "move the page schema into components",
        ))?;
    let item_schema = body
        .pointer(&format!("/properties/{}/items", escape(&items)))
        .and_then(schema_name)
        .ok_or_else(|| bad(
            format!("`{items}` is not an array of `$ref` items in the page schema"),
            "declare the items as `type: array` with `items: {$ref: ...}`",
        ))?
        .to_string();
    if let Some(path) = &next {
        let mut schema = body;
        for (i, field) in path.iter().enumerate() {
            let last = i + 1 == path.len();
            if !last && !required(schema, field) {
                return Err(bad(format!("`{field}` on the way to the next-page field is not required"), "mark it required, or point `next` at a required path"));
            }
            let child = schema.pointer(&format!("/properties/{}", escape(field))).ok_or_else(|| {
                bad(format!("the page schema has no property `{field}` on the path of `next`"), "fix the path")
            })?;
            schema = match schema_name(child) {
                Some(name) => component(spec, name).unwrap_or(child),
                None => child,
            };
        }
    }
    Ok(Pagination {
        operation_id: id.to_string(),
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
