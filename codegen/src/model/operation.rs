//! One operation of the model: read from its path item and its node.

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::load::Spec;
use crate::load::positions::escape;

use super::refs;
use super::{Body, Encoding, In, Method, Operation, Pagination, Param, Placement, Response, Segment, Shape, Status};

/// A numeric parameter's bounds.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub parameter: String,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// A required parameter is a plain field of the request, an optional
    /// one an `Option`.
    pub required: bool,
}

/// One entry of `x-botapis-requires`.
#[derive(Debug, Clone, PartialEq)]
pub struct Requires {
    /// The optional parameter that, when given, needs the others.
    pub given: String,
    pub needs: Vec<String>,
}

/// (pointer, operationId, node) of every operation with an id, in
/// document order.
pub(super) fn list(spec: &Spec) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    let Some(paths) = spec.tree.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            if Method::from_key(method).is_none() {
                continue;
            }
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                out.push((format!("/paths/{}/{method}", escape(path)), id.to_string(), op));
            }
        }
    }
    out
}

pub(super) fn read(spec: &Spec, pointer: &str, id: &str, op: &Value, schemes: &[(String, Placement)]) -> Result<Operation, Diagnostic> {
    let (item_pointer, method_key) = pointer.rsplit_once('/').unwrap_or((pointer, ""));
    let method = Method::from_key(method_key).unwrap_or(Method::Get);
    let template = item_pointer.strip_prefix("/paths/").unwrap_or(item_pointer).replace("~1", "/").replace("~0", "~");
    let params = parameters(spec, item_pointer, pointer, op);
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
    let unconfirmed_answer = match op.get("x-botapis-unconfirmed-answer") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(spec.diagnostic(
                &format!("{pointer}/x-botapis-unconfirmed-answer"),
                "`x-botapis-unconfirmed-answer` is not a boolean",
                "write `true` where the success answer's shape rests on one source (a caller, a catalogue)",
            ));
        }
    };
    let responses = responses(spec, pointer, op);
    let answers_json =
        responses.iter().any(|r| matches!(r.status, Status::Code(200..=299) | Status::Range(2)) && matches!(r.shape, Shape::Json(Some(_))));
    if unconfirmed_answer && !answers_json {
        return Err(spec.diagnostic(
            &format!("{pointer}/x-botapis-unconfirmed-answer"),
            "`x-botapis-unconfirmed-answer` on an operation whose success answer is not JSON with a schema",
            "remove it: only a JSON answer of a type can be decoded as far as it matches",
        ));
    }
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
    for param in &params {
        let Some(slot) = &param.credential else {
            continue;
        };
        placements.push(match param.location {
            In::Path => Placement::Path { parameter: param.name.clone(), slot: slot.clone() },
            In::Header => Placement::Header { name: param.name.to_ascii_lowercase(), slot: slot.clone() },
            In::Query | In::Cookie => Placement::Query { name: param.name.clone(), slot: slot.clone() },
        });
    }
    let body = request_body(spec, pointer, op);
    if let Some((_, schema)) = &body {
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
    if body.is_some() && params.iter().any(|p| p.query_object) {
        return Err(spec.diagnostic(
            pointer,
            "a free-form query object and a request body in one operation",
            "the generator sends a query object through the body slot; keep only one",
        ));
    }
    let require_one_of = require_one_of(spec, pointer, op, &params)?;
    let requires = requires(spec, pointer, op, &params)?;
    let bounds = bounds(spec, &params);
    let path = segments(&template, &params);
    let text = |key: &str| op.get(key).and_then(Value::as_str).map(str::to_string);
    Ok(Operation {
        id: id.to_string(),
        pointer: pointer.to_string(),
        method,
        template,
        path,
        body: body.map(|(body, _)| body),
        responses,
        summary: text("summary"),
        description: text("description"),
        params,
        idempotent,
        placements,
        require_one_of,
        requires,
        bounds,
        error_in_body,
        unconfirmed_answer,
    })
}

/// `/{api_key}/message` as segments. A segment that is more than one
/// `{name}` (`{id}.json`) stays literal: lint refuses parameters that do
/// not stand alone in a segment.
fn segments(template: &str, params: &[Param]) -> Vec<Segment> {
    let path = template.strip_prefix('/').unwrap_or(template);
    path.split('/')
        .map(|segment| {
            let name = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')).filter(|n| !n.contains(['{', '}']));
            let Some(name) = name else {
                return Segment::Literal(segment.to_string());
            };
            match params.iter().find(|p| p.location == In::Path && p.name == name) {
                Some(Param { credential: Some(slot), .. }) => Segment::Credential { parameter: name.to_string(), slot: slot.clone() },
                _ => Segment::Param(name.to_string()),
            }
        })
        .collect()
}

/// The operation's parameters, path-item ones first; one of the operation's
/// own replaces a path-item one of the same name and location.
fn parameters(spec: &Spec, item_pointer: &str, op_pointer: &str, op: &Value) -> Vec<Param> {
    let item = spec.tree.pointer(item_pointer);
    let mut out: Vec<Param> = Vec::new();
    for (base, list) in [(item_pointer, item.and_then(|i| i.get("parameters"))), (op_pointer, op.get("parameters"))] {
        let Some(Value::Array(list)) = list else {
            continue;
        };
        for (i, entry) in list.iter().enumerate() {
            let (node, pointer) = refs::follow(spec, entry, &format!("{base}/parameters/{i}"));
            let param = parameter(spec, node, pointer);
            match out.iter_mut().find(|p| p.name == param.name && p.location == param.location) {
                Some(earlier) => *earlier = param,
                None => out.push(param),
            }
        }
    }
    out
}

fn parameter(spec: &Spec, node: &Value, pointer: String) -> Param {
    let text = |key: &str| node.get(key).and_then(Value::as_str).map(str::to_string);
    let location = match node.get("in").and_then(Value::as_str) {
        Some("path") => In::Path,
        Some("header") => In::Header,
        Some("cookie") => In::Cookie,
        _ => In::Query,
    };
    let schema = node.get("schema").map(|s| refs::schema(spec, s, &format!("{pointer}/schema")));
    let query_object =
        location == In::Query && schema.as_ref().is_some_and(|(_, defined)| defined.get("type").and_then(Value::as_str) == Some("object"));
    Param {
        name: text("name").unwrap_or_default(),
        location,
        required: node.get("required") == Some(&Value::Bool(true)),
        schema: schema.map(|(r, _)| r),
        style: text("style"),
        explode: node.get("explode").and_then(Value::as_bool),
        credential: text("x-botapis-credential"),
        query_object,
        description: text("description"),
        pointer,
    }
}

/// The request body, with the schema that defines it.
fn request_body<'a>(spec: &'a Spec, op_pointer: &str, op: &'a Value) -> Option<(Body, &'a Value)> {
    let (body, pointer) = refs::follow(spec, op.get("requestBody")?, &format!("{op_pointer}/requestBody"));
    let (media, content) = body.get("content")?.as_object()?.iter().next()?;
    let encoding = match media.as_str() {
        "multipart/form-data" => Encoding::Multipart,
        "application/x-www-form-urlencoded" => Encoding::Form,
        m if m == "application/json" || m.ends_with("+json") => Encoding::Json,
        m => Encoding::Other(m.to_string()),
    };
    let schema_pointer = format!("{pointer}/content/{}/schema", escape(media));
    let schema = content.get("schema").map(|s| refs::schema(spec, s, &schema_pointer));
    let defined = schema.as_ref().map_or(&Value::Null, |(_, d)| *d);
    let required: Vec<&str> = defined.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let fields = defined
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, _)| (name.clone(), required.contains(&name.as_str())))
        .collect();
    Some((
        Body { encoding, required: body.get("required") == Some(&Value::Bool(true)), schema: schema.map(|(r, _)| r), fields, pointer },
        defined,
    ))
}

/// Every declared answer, in the order written.
fn responses(spec: &Spec, op_pointer: &str, op: &Value) -> Vec<Response> {
    let Some(map) = op.get("responses").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, response) in map {
        let status = match key.as_str() {
            "default" => Status::Default,
            k if k.len() == 3 && k.ends_with("XX") => match k[..1].parse() {
                Ok(hundreds) => Status::Range(hundreds),
                Err(_) => continue,
            },
            k => match k.parse() {
                Ok(code) => Status::Code(code),
                Err(_) => continue,
            },
        };
        let (response, pointer) = refs::follow(spec, response, &format!("{op_pointer}/responses/{}", escape(key)));
        let content = response.get("content").and_then(Value::as_object);
        let json = content.and_then(|c| {
            c.iter().find(|(m, _)| m.as_str() == "application/json" || m.starts_with("application/json;") || m.ends_with("+json"))
        });
        let shape = match (content.and_then(|c| c.iter().next()), json) {
            (None, _) => Shape::Empty,
            (_, Some((media, media_type))) => {
                let at = format!("{pointer}/content/{}/schema", escape(media));
                Shape::Json(media_type.get("schema").map(|s| refs::schema(spec, s, &at).0))
            }
            (Some((media, _)), None) if media.starts_with("text/") => Shape::Text,
            (Some((media, _)), None) => Shape::Other(media.clone()),
        };
        out.push(Response { status, shape, pointer });
    }
    out
}

fn bounds(spec: &Spec, params: &[Param]) -> Vec<Bound> {
    params
        .iter()
        .filter(|p| p.credential.is_none())
        .filter_map(|p| {
            let node = spec.tree.pointer(&p.pointer)?;
            let (_, schema) = refs::schema(spec, node.get("schema")?, "");
            let bound = |k: &str| schema.get(k).and_then(Value::as_f64);
            let numeric = matches!(schema.get("type").and_then(Value::as_str), Some("integer" | "number"));
            let (minimum, maximum) = (bound("minimum"), bound("maximum"));
            (numeric && (minimum.is_some() || maximum.is_some())).then(|| Bound {
                parameter: p.name.clone(),
                minimum,
                maximum,
                required: p.required,
            })
        })
        .collect()
}

/// `x-botapis-require-one-of`: names of optional parameters of the
/// operation, at least one of which a call must give.
fn require_one_of(spec: &Spec, pointer: &str, op: &Value, params: &[Param]) -> Result<Vec<String>, Diagnostic> {
    let Some(list) = op.get("x-botapis-require-one-of") else {
        return Ok(Vec::new());
    };
    let at = format!("{pointer}/x-botapis-require-one-of");
    let Some(list) = list.as_array().filter(|l| l.len() >= 2) else {
        return Err(spec.diagnostic(
            &at,
            "`x-botapis-require-one-of` is not a list of two or more parameter names",
            "write `x-botapis-require-one-of: [first, second]`",
        ));
    };
    let mut names = Vec::new();
    for (i, name) in list.iter().enumerate() {
        let at = format!("{at}/{i}");
        let Some(name) = name.as_str() else {
            return Err(spec.diagnostic(&at, "a name in `x-botapis-require-one-of` is not a string", "write the parameter's `name`"));
        };
        let Some(param) = params.iter().find(|p| p.name == name) else {
            let known: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
            return Err(spec.diagnostic(
                &at,
                format!("`x-botapis-require-one-of` names `{name}`, which is not a parameter of this operation"),
                format!("name one of: {}", known.join(", ")),
            ));
        };
        if param.required {
            return Err(spec.diagnostic(
                &at,
                format!("`{name}` is required, so `x-botapis-require-one-of` cannot make it optional"),
                "list only optional parameters, or drop `required: true` from this one",
            ));
        }
        names.push(name.to_string());
    }
    Ok(names)
}

/// `x-botapis-requires: {given: [needed, ...]}`: every name an optional
/// parameter of the operation.
fn requires(spec: &Spec, pointer: &str, op: &Value, params: &[Param]) -> Result<Vec<Requires>, Diagnostic> {
    let Some(map) = op.get("x-botapis-requires") else {
        return Ok(Vec::new());
    };
    let at = format!("{pointer}/x-botapis-requires");
    let Some(map) = map.as_object() else {
        return Err(spec.diagnostic(
            &at,
            "`x-botapis-requires` is not a mapping",
            "map each parameter to the ones it needs: `{contact_external_id: [bot_id, messenger]}`",
        ));
    };
    let optional = |at: &str, name: &str| -> Result<(), Diagnostic> {
        let Some(param) = params.iter().find(|p| p.name == name) else {
            let known: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
            return Err(spec.diagnostic(
                at,
                format!("`x-botapis-requires` names `{name}`, which is not a parameter of this operation"),
                format!("name one of: {}", known.join(", ")),
            ));
        };
        if param.required {
            return Err(spec.diagnostic(
                at,
                format!("`{name}` is required already, so `x-botapis-requires` adds nothing for it"),
                "list only optional parameters",
            ));
        }
        Ok(())
    };
    let mut out = Vec::new();
    for (given, needs) in map {
        let at = format!("{at}/{}", escape(given));
        optional(&at, given)?;
        let Some(list) = needs.as_array().filter(|l| !l.is_empty()) else {
            return Err(spec.diagnostic(
                &at,
                format!("`{given}` in `x-botapis-requires` does not list what it needs"),
                "write a list of parameter names: `[bot_id, messenger]`",
            ));
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

/// An operation named like one of `Client`'s own methods, or a parameter
/// of a paged operation named like its request's `stream`/`pages`, would
/// generate two methods of one name.
pub(super) fn names_the_client_keeps(
    spec: &Spec,
    slots: &[String],
    operations: &[Operation],
    pagination: &[Pagination],
) -> Vec<(Option<String>, Diagnostic)> {
    use crate::generate::names::{Case, constructor_name, sanitize};
    let constructor = constructor_name(slots);
    let kept = ["new", "new_with_client", "builder", "from_env", "with_base_url", "with_timeout", "with_retry", constructor.as_str()];
    let mut out = Vec::new();
    for op in operations {
        let method = sanitize(&op.id, Case::Snake);
        if kept.contains(&method.as_str()) {
            out.push((
                Some(op.pointer.clone()),
                spec.diagnostic(
                    &format!("{}/operationId", op.pointer),
                    format!("operation `{}` would be the client's method `{method}`, which the client has already", op.id),
                    "rename the operationId",
                ),
            ));
        }
        if pagination.iter().any(|p| p.operation_id == op.id) {
            for param in &op.params {
                let setter = sanitize(&param.name, Case::Snake);
                if setter == "stream" || setter == "pages" {
                    out.push((
                        Some(op.pointer.clone()),
                        spec.diagnostic(
                            &format!("{}/name", param.pointer),
                            format!(
                                "parameter `{}` of paged operation `{}` would be its request's `{setter}()`, which reads every page",
                                param.name, op.id
                            ),
                            "rename the parameter, or drop `x-botapis-pagination`",
                        ),
                    ));
                }
            }
        }
    }
    out
}
