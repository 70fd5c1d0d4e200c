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
        let mut got: Vec<(String, String)> =
            request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
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

/// A mock server for the vendor of `spec` that answers `599`, naming the
/// header, any request carrying a header the vendor does not document:
/// nothing goes on the wire that the spec does not declare (a header
/// parameter, a credential's header) or HTTP itself needs. The call then
/// fails, and the test with it.
pub async fn server(spec: &str) -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(UndocumentedHeader(documented_headers(spec)))
        .respond_with(|request: &Request| {
            let names: Vec<&str> = request.headers.keys().map(|k| k.as_str()).collect();
            wiremock::ResponseTemplate::new(599).set_body_string(format!("a header the vendor does not document, among {names:?}"))
        })
        .with_priority(1)
        .mount(&server)
        .await;
    server
}

/// The headers a request to `spec`'s vendor may carry, lower-case.
pub fn documented_headers(spec: &str) -> std::collections::BTreeSet<String> {
    let doc = load(spec);
    // What any HTTP/1.1 request with a body carries.
    let mut names: std::collections::BTreeSet<String> =
        ["host", "user-agent", "accept", "content-type", "content-length"].map(String::from).into();
    let mut parameters: Vec<&Value> = Vec::new();
    if let Some(shared) = doc.pointer("/components/parameters").and_then(Value::as_object) {
        parameters.extend(shared.values());
    }
    for item in doc["paths"].as_object().into_iter().flat_map(|p| p.values()) {
        parameters.extend(item.get("parameters").and_then(Value::as_array).into_iter().flatten());
        for op in item.as_object().into_iter().flat_map(|o| o.values()) {
            parameters.extend(op.get("parameters").and_then(Value::as_array).into_iter().flatten());
        }
    }
    for p in parameters {
        if p.get("in").and_then(Value::as_str) == Some("header") {
            names.insert(p["name"].as_str().unwrap_or_default().to_ascii_lowercase());
        }
    }
    for scheme in doc.pointer("/components/securitySchemes").and_then(Value::as_object).into_iter().flat_map(|s| s.values()) {
        match (scheme["type"].as_str(), scheme["in"].as_str()) {
            (Some("http"), _) => {
                names.insert("authorization".into());
            }
            (Some("apiKey"), Some("header")) => {
                names.insert(scheme["name"].as_str().unwrap_or_default().to_ascii_lowercase());
            }
            _ => {}
        }
    }
    names
}

struct UndocumentedHeader(std::collections::BTreeSet<String>);

impl Match for UndocumentedHeader {
    fn matches(&self, request: &Request) -> bool {
        request.headers.keys().any(|k| !self.0.contains(k.as_str()))
    }
}
