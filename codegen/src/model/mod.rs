//! The typed model of an API: what every stage after lint reads.
//!
//! Built once, from a spec that passed lint, by [`read`]: the servers, the
//! credentials and where each goes, and every operation with its method,
//! its path as segments, its parameters, its body and its answers, with
//! what our `x-botapis-*` extensions (documented in `specs/README.md`)
//! declare about it. Every `$ref` is followed in [`refs`], and nowhere
//! else; every node keeps the JSON pointer it was read at, so a later stage
//! locates what it says about it with [`Spec::locate`](crate::load::Spec::locate).
//!
//! `load`, `repair` and `lint` keep reading the raw tree: they must read
//! documents this model cannot hold. Lint reports what [`read`] refuses,
//! so both agree on what a valid spec is.

mod extensions;
mod lift;
mod operation;
pub(crate) mod refs;

use crate::diagnostic::Diagnostic;
use crate::load::Spec;

pub use extensions::{CursorKind, ErrorEnvelope, Pagination, RateLimit, Server, Webhook};
pub use lift::{Choice, Lifted};
pub use operation::{Bound, Requires};

/// The API as the client sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
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
    /// Every operation with an `operationId`, in document order.
    pub operations: Vec<Operation>,
    pub pagination: Vec<Pagination>,
    pub webhooks: Vec<Webhook>,
    /// The operations' inline schemas that define a type, each with the
    /// name of the component it is lifted into before the type engine runs.
    pub lifted: Vec<Lifted>,
    /// The operations whose success statuses answer different schemas, each
    /// with the type that is the choice of them.
    pub choices: Vec<Choice>,
}

impl Api {
    /// The name of the type the inline schema at `pointer` becomes, if it
    /// is lifted.
    pub fn lifted_name(&self, pointer: &str) -> Option<&str> {
        self.lifted.iter().find(|l| l.pointer == pointer).map(|l| l.name.as_str())
    }
}

/// An HTTP method an operation can be declared under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// The method a path item's key names (`get`), if it names one.
    pub fn from_key(key: &str) -> Option<Method> {
        Some(match key {
            "get" => Method::Get,
            "put" => Method::Put,
            "post" => Method::Post,
            "delete" => Method::Delete,
            "options" => Method::Options,
            "head" => Method::Head,
            "patch" => Method::Patch,
            "trace" => Method::Trace,
            _ => return None,
        })
    }

    /// `GET`, as it goes on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One segment of an operation's path (`/{api_key}/message/{id}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Written as is.
    Literal(String),
    /// The value of the path parameter of this name, one segment.
    Param(String),
    /// A credential the client fills in: the path parameter `parameter`
    /// marked `x-botapis-credential: slot`.
    Credential { parameter: String, slot: String },
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum In {
    Path,
    Query,
    Header,
    Cookie,
}

/// A schema as the type engine will name it: a component, or the inline
/// schema at a pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaRef {
    /// `#/components/schemas/<name>`.
    Component(String),
    /// Written in place, at this pointer.
    Inline(String),
}

/// One parameter of an operation, path-item parameters included.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub location: In,
    pub required: bool,
    pub schema: Option<SchemaRef>,
    /// `style` and `explode` as written; `None` is OpenAPI's default for
    /// the location.
    pub style: Option<String>,
    pub explode: Option<bool>,
    /// `x-botapis-credential`: the slot the client fills it from.
    pub credential: Option<String>,
    /// A free-form object whose keys are each a query parameter of their
    /// own (`style: form, explode: true` over `type: object`).
    pub query_object: bool,
    pub description: Option<String>,
    /// Where it is declared (the list entry, or the component a `$ref`
    /// names).
    pub pointer: String,
}

/// How a request body goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encoding {
    Json,
    Form,
    Multipart,
    /// Anything else (`application/octet-stream`, `text/plain`), sent as
    /// the media type it names.
    Other(String),
}

/// An operation's request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub encoding: Encoding,
    pub required: bool,
    pub schema: Option<SchemaRef>,
    /// The properties of its (object) schema, in the order written, with
    /// whether each is required.
    pub fields: Vec<(String, bool)>,
    pub pointer: String,
}

/// The status an answer is declared for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Code(u16),
    /// `2XX` and the like: the hundreds.
    Range(u16),
    Default,
}

/// What an answer's body is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// No content.
    Empty,
    /// JSON of this schema (none when the spec gives no schema).
    Json(Option<SchemaRef>),
    /// Plain text.
    Text,
    /// Bytes of another media type.
    Other(String),
}

/// One declared answer of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: Status,
    pub shape: Shape,
    pub pointer: String,
}

/// Where one credential slot goes on a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    Bearer {
        slot: String,
    },
    Basic {
        username: String,
        password: String,
    },
    Header {
        name: String,
        slot: String,
    },
    Query {
        name: String,
        slot: String,
    },
    /// The path segment of the path parameter `parameter`.
    Path {
        parameter: String,
        slot: String,
    },
    BodyField {
        name: String,
        slot: String,
    },
    BodyObjectField {
        object: String,
        name: String,
        slot: String,
    },
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
            Placement::Basic { username, password } => {
                format!("`{username}` and `{password}` as basic auth")
            }
            Placement::Header { name, slot } => format!("`{slot}` in header `{name}`"),
            Placement::Query { name, slot } => format!("`{slot}` in query parameter `{name}`"),
            Placement::Path { parameter, slot } => {
                format!("`{slot}` in the path (as `{{{parameter}}}`)")
            }
            Placement::BodyField { name, slot } => format!("`{slot}` in body field `{name}`"),
            Placement::BodyObjectField { object, name, slot } => {
                format!("`{slot}` in body field `{object}.{name}`")
            }
        }
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub id: String,
    /// `/paths/<path>/<method>`.
    pub pointer: String,
    pub method: Method,
    /// The path as written (`/{api_key}/message`).
    pub template: String,
    pub path: Vec<Segment>,
    /// Path-item parameters first, then the operation's own.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// `x-botapis-idempotent`, when given.
    pub idempotent: Option<bool>,
    /// Where each credential it needs goes: its security requirement's
    /// first alternative, then its credential parameters and body fields.
    pub placements: Vec<Placement>,
    /// `x-botapis-require-one-of`: query parameters of which at least one
    /// must be given.
    pub require_one_of: Vec<String>,
    /// `x-botapis-requires`: optional parameters that, when given, need
    /// others given too (a recipient by external id needs its bot).
    pub requires: Vec<Requires>,
    /// Numeric parameters with bounds, which the type engine does not
    /// enforce (it drops `maximum` on integers).
    pub bounds: Vec<Bound>,
    /// False when the operation's `x-botapis-error-in-body: false` says its
    /// success answer is data (a flat map of a client's variables, say):
    /// only an answer that is nothing but the envelope is then an error.
    pub error_in_body: bool,
    /// `x-botapis-unconfirmed-answer`: the success answer's shape rests on
    /// one source, so an answer that does not match it still succeeds with
    /// what of it decodes.
    pub unconfirmed_answer: bool,
}

impl Operation {
    /// The parameter `name`.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// The free-form query object among its parameters, whose keys each go
    /// in the query.
    pub fn query_object(&self) -> Option<&Param> {
        self.params.iter().find(|p| p.query_object)
    }

    /// Whether a success answers JSON.
    pub fn answers_json(&self) -> bool {
        self.responses.iter().any(|r| matches!(r.status, Status::Code(200..=299) | Status::Range(2)) && matches!(r.shape, Shape::Json(_)))
    }
}

/// Read the model of a spec; every problem is reported.
pub fn read(spec: &Spec) -> Result<Api, Vec<Diagnostic>> {
    read_located(spec).map_err(|problems| problems.into_iter().map(|(_, d)| d).collect())
}

/// [`read`], with the operation each problem is about, if it is about one.
pub fn read_located(spec: &Spec) -> Result<Api, Vec<(Option<String>, Diagnostic)>> {
    let mut problems: Vec<(Option<String>, Diagnostic)> = Vec::new();
    let schemes = or_report(extensions::schemes(spec), &mut problems);
    let servers = or_report(extensions::servers(spec), &mut problems);
    let rate_limit = or_report(extensions::rate_limit(spec), &mut problems);
    let error = or_report(extensions::error_envelope(spec), &mut problems);
    let text_answers = or_report(extensions::text_answers(spec), &mut problems);
    let webhooks = or_report(extensions::webhooks(spec), &mut problems);
    let error_in_body = extensions::error_in_body(spec);
    let mut operations = Vec::new();
    let mut pagination = Vec::new();
    for (pointer, id, op) in operation::list(spec) {
        match operation::read(spec, &pointer, &id, op, &schemes) {
            Ok(o) => {
                if op.get("x-botapis-pagination").is_some() {
                    match extensions::pagination(spec, &o, op) {
                        Ok(p) => pagination.push(p),
                        Err(d) => problems.push((Some(pointer.clone()), d)),
                    }
                }
                operations.push(o);
            }
            Err(d) => problems.push((Some(pointer.clone()), d)),
        }
    }
    let slots = extensions::slots(spec, &operations).unwrap_or_else(|d| {
        problems.push((None, d));
        Vec::new()
    });
    problems.extend(operation::names_the_client_keeps(spec, &slots, &operations, &pagination));
    if problems.is_empty() {
        let (lifted, choices) = lift::lifted(spec, &operations);
        Ok(Api { lifted, choices, slots, servers, rate_limit, error, error_in_body, text_answers, operations, pagination, webhooks })
    } else {
        Err(problems)
    }
}

/// What a document-level reader found, or its default with the problem
/// kept: every problem of a spec is reported at once.
fn or_report<T: Default>(read: Result<T, Diagnostic>, problems: &mut Vec<(Option<String>, Diagnostic)>) -> T {
    read.unwrap_or_else(|d| {
        problems.push((None, d));
        T::default()
    })
}

#[cfg(test)]
pub(crate) mod tests;
