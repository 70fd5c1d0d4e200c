//! Shared by the wire tests: the spec's examples, exact matchers, and a
//! mock server that refuses what the vendor does not document.

#![allow(dead_code)]

pub mod sent;

use serde_json::Value;
use wiremock::{Match, Request};

/// The JSON example of response `status` of `verb path` in the spec at
/// `spec`, following a `$ref` to `components/responses`.
pub fn example(spec: &str, path: &str, verb: &str, status: &str) -> Value {
    let doc = load(spec);
    let mut response = &doc["paths"][path][verb]["responses"][status];
    if let Some(r) = response.get("$ref").and_then(Value::as_str) {
        response = doc.pointer(r.trim_start_matches('#')).expect("dangling $ref");
    }
    let example = &response["content"]["application/json"]["example"];
    assert!(!example.is_null(), "{spec}: no example for {verb} {path} {status}");
    example.clone()
}

/// Every (path, verb, status) of the spec whose response has a JSON example.
pub fn examples(spec: &str) -> Vec<(String, String, String)> {
    let doc = load(spec);
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (verb, op) in item.as_object().unwrap() {
            let Some(responses) = op.get("responses").and_then(Value::as_object) else { continue };
            for status in responses.keys() {
                out.push((path.clone(), verb.clone(), status.clone()));
            }
        }
    }
    out
}

pub fn load(spec: &str) -> Value {
    serde_yaml::from_str(&std::fs::read_to_string(spec).unwrap()).unwrap()
}

/// Matches when the query string decodes to exactly these pairs: no
/// parameter missing, none extra, none repeated. Order is not compared; it
/// carries no meaning in a query.
pub struct ExactQuery(Vec<(String, String)>);

impl ExactQuery {
    pub fn new(pairs: &[(&str, &str)]) -> Self {
        let mut pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        pairs.sort();
        ExactQuery(pairs)
    }
}

impl Match for ExactQuery {
    fn matches(&self, request: &Request) -> bool {
        let mut got: Vec<(String, String)> = request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        got.sort();
        got == self.0
    }
}

/// The JSON example of the request body of `verb path`.
pub fn request_example(spec: &str, path: &str, verb: &str) -> Value {
    let doc = load(spec);
    let example = &doc["paths"][path][verb]["requestBody"]["content"]["application/json"]["example"];
    assert!(!example.is_null(), "{spec}: no request example for {verb} {path}");
    example.clone()
}

/// The media type and example of the request body of `verb path`, whatever
/// its media type (JSON or a form).
pub fn request_body(spec: &str, path: &str, verb: &str) -> (String, Value) {
    let doc = load(spec);
    let content = doc["paths"][path][verb]["requestBody"]["content"].as_object().expect("no request body").clone();
    let (media, body) = content.into_iter().next().expect("a request body has a media type");
    assert!(!body["example"].is_null(), "{spec}: no request example for {verb} {path}");
    (media, body["example"].clone())
}

/// The component schema name a response of the spec decodes into.
pub fn response_schema(spec: &str, path: &str, verb: &str, status: &str) -> String {
    let doc = load(spec);
    let mut response = &doc["paths"][path][verb]["responses"][status];
    if let Some(r) = response.get("$ref").and_then(Value::as_str) {
        response = doc.pointer(r.trim_start_matches('#')).unwrap();
    }
    let r = response["content"]["application/json"]["schema"]["$ref"].as_str().unwrap();
    r.rsplit('/').next().unwrap().to_string()
}

/// Matches a `multipart/form-data` body with exactly these text fields (in
/// any order: form field order carries no meaning).
pub struct FormFields(Vec<(String, String)>);

impl FormFields {
    pub fn new(fields: &[(&str, &str)]) -> Self {
        let mut fields: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        fields.sort();
        FormFields(fields)
    }
}

/// The text fields of a multipart request, sorted; None if it is not one.
pub fn form_fields(request: &Request) -> Option<Vec<(String, String)>> {
    let content_type = request.headers.get("content-type")?.to_str().ok()?;
    let boundary = multer::parse_boundary(content_type).ok()?;
    let body = request.body.clone();
    let stream = futures::stream::once(async move { Ok::<_, std::convert::Infallible>(bytes::Bytes::from(body)) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut fields = Vec::new();
    futures::executor::block_on(async {
        while let Some(field) = multipart.next_field().await.ok()? {
            let name = field.name()?.to_string();
            fields.push((name, field.text().await.ok()?));
        }
        Some(())
    })?;
    fields.sort();
    Some(fields)
}

impl Match for FormFields {
    fn matches(&self, request: &Request) -> bool {
        form_fields(request).is_some_and(|got| got == self.0)
    }
}

/// A named example (`examples: {name: {value: ...}}`) of a JSON response.
pub fn named_example(spec: &str, path: &str, verb: &str, status: &str, name: &str) -> Value {
    let doc = load(spec);
    let example = &doc["paths"][path][verb]["responses"][status]["content"]["application/json"]["examples"][name]["value"];
    assert!(!example.is_null(), "{spec}: no example `{name}` for {verb} {path} {status}");
    example.clone()
}

/// Every JSON response example of a spec: (where, schema name, value). The
/// schema name is the `$ref` of the response body, or `[Name]` for an
/// array of `$ref` items.
pub fn response_examples(spec: &str) -> Vec<(String, String, Value)> {
    let doc = load(spec);
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (verb, op) in item.as_object().unwrap() {
            let Some(responses) = op.get("responses").and_then(Value::as_object) else { continue };
            for (status, response) in responses {
                let response = match response.get("$ref").and_then(Value::as_str) {
                    Some(r) => doc.pointer(r.trim_start_matches('#')).unwrap(),
                    None => response,
                };
                let media = &response["content"]["application/json"];
                let schema = &media["schema"];
                let name = match (schema.get("$ref"), schema.pointer("/items/$ref")) {
                    (Some(r), _) => r.as_str().unwrap().rsplit('/').next().unwrap().to_string(),
                    (None, Some(r)) => format!("[{}]", r.as_str().unwrap().rsplit('/').next().unwrap()),
                    _ => continue,
                };
                let at = format!("{verb} {path} {status}");
                if let Some(example) = media.get("example") {
                    out.push((at.clone(), name.clone(), example.clone()));
                }
                for (label, example) in media.get("examples").and_then(Value::as_object).into_iter().flatten() {
                    out.push((format!("{at} ({label})"), name.clone(), example["value"].clone()));
                }
            }
        }
    }
    out
}

/// A mock server for the vendor of `spec` that answers `599`, naming what,
/// to a request of one of the spec's operations that carries a header or a
/// query parameter the operation does not declare (a parameter, a
/// credential's place) and HTTP itself does not need: nothing goes on the
/// wire that the spec does not document. The call then fails, and the test
/// with it.
pub async fn server(spec: &str) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    let documented = std::sync::Arc::new(Documented::of(spec));
    let shown = std::sync::Arc::clone(&documented);
    wiremock::Mock::given(Undocumented(documented))
        .respond_with(move |request: &Request| {
            let why = shown.undocumented(request).unwrap_or_default();
            wiremock::ResponseTemplate::new(599).set_body_string(why)
        })
        .with_priority(1)
        .mount(&server)
        .await;
    server
}

/// What a vendor's spec lets a request carry, operation by operation.
pub struct Documented {
    /// (method, path segments with `None` for a parameter, header names,
    /// query names or `None` when a free-form query object takes any).
    operations: Vec<(String, Vec<Option<String>>, BTreeSet<String>, Option<BTreeSet<String>>)>,
}

use std::collections::BTreeSet;

impl Documented {
    pub fn of(spec: &str) -> Documented {
        let doc = load(spec);
        let resolve = |p: &Value| -> Value {
            match p.get("$ref").and_then(Value::as_str) {
                Some(r) => doc.pointer(r.trim_start_matches('#')).cloned().unwrap_or(Value::Null),
                None => p.clone(),
            }
        };
        // What any request carries, and where the security schemes put
        // credentials.
        let mut headers: BTreeSet<String> = ["host", "user-agent", "accept", "content-type", "content-length"].map(String::from).into();
        let mut query: BTreeSet<String> = BTreeSet::new();
        for scheme in doc.pointer("/components/securitySchemes").and_then(Value::as_object).into_iter().flat_map(|s| s.values()) {
            match (scheme["type"].as_str(), scheme["in"].as_str(), scheme["name"].as_str()) {
                (Some("http"), _, _) => {
                    headers.insert("authorization".into());
                }
                (Some("apiKey"), Some("header"), Some(name)) => {
                    headers.insert(name.to_ascii_lowercase());
                }
                (Some("apiKey"), Some("query"), Some(name)) => {
                    query.insert(name.to_string());
                }
                _ => {}
            }
        }
        let mut operations = Vec::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            let segments: Vec<Option<String>> =
                path.trim_start_matches('/').split('/').map(|s| (!s.starts_with('{')).then(|| s.to_string())).collect();
            let shared = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            for (method, op) in item.as_object().into_iter().flatten() {
                if op.get("operationId").is_none() {
                    continue;
                }
                let (mut headers, mut query) = (headers.clone(), Some(query.clone()));
                let own = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
                for p in shared.iter().chain(&own).map(resolve) {
                    let name = p["name"].as_str().unwrap_or_default().to_string();
                    match p["in"].as_str() {
                        Some("header") => {
                            headers.insert(name.to_ascii_lowercase());
                        }
                        Some("query") => {
                            let schema = resolve(&p["schema"]);
                            if schema["type"] == "object" {
                                query = None;
                            } else if let Some(query) = &mut query {
                                query.insert(name);
                            }
                        }
                        _ => {}
                    }
                }
                operations.push((method.to_uppercase(), segments.clone(), headers, query));
            }
        }
        Documented { operations }
    }

    /// What `request` carries that its operation does not declare, if it
    /// is a request of one of the spec's operations.
    pub fn undocumented(&self, request: &Request) -> Option<String> {
        let got: Vec<&str> = request.url.path().trim_start_matches('/').split('/').collect();
        let (_, _, headers, query) = self.operations.iter().find(|(method, segments, _, _)| {
            *method == request.method.as_str()
                && segments.len() == got.len()
                && segments.iter().zip(&got).all(|(s, g)| s.as_deref().is_none_or(|s| s == *g))
        })?;
        let mut extra: Vec<String> =
            request.headers.keys().filter(|k| !headers.contains(k.as_str())).map(|k| format!("header `{k}`")).collect();
        if let Some(query) = query {
            extra.extend(
                request.url.query_pairs().filter(|(k, _)| !query.contains(k.as_ref())).map(|(k, _)| format!("query parameter `{k}`")),
            );
        }
        (!extra.is_empty()).then(|| format!("{} {}: the spec does not document {}", request.method, request.url.path(), extra.join(", ")))
    }
}

struct Undocumented(std::sync::Arc<Documented>);

impl Match for Undocumented {
    fn matches(&self, request: &Request) -> bool {
        self.0.undocumented(request).is_some()
    }
}

/// Whether the runtime may send the operation `id` of `vendor` twice, as
/// `method`.
#[allow(dead_code)]
pub fn idempotent(vendor: &botapis::runtime::VendorInfo, id: &str, method: &reqwest::Method) -> bool {
    let operation = vendor.operations.iter().find(|o| o.id == id);
    operation.unwrap_or_else(|| panic!("{} has no operation `{id}`", vendor.name)).idempotent_with(method)
}
