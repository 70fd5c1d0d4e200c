//! The request of one operation, as generated code builds it: the path
//! piece by piece, each parameter exactly one segment; the query; headers;
//! the body in its encoding; and the client's credentials put where the
//! operation's placements say while the request is built, so nothing is
//! swapped or parsed again once it is.

use std::fmt::Display;

use bytes::Bytes;
use http_body_util::BodyExt;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::call::{self, Answer, Failed};
use super::{Error, GeneratedClient, Inner, Operation, Placement, Response};

/// What an out-of-range operation number stands for: a request that
/// fails before it is sent.
static UNKNOWN: Operation = Operation { id: "unknown operation", idempotent: Some(false), credentials: &[], accepts_json: false };

/// An input of a generated request as it was given: its value, or why it
/// was refused, which fails `send()` before anything is sent.
#[doc(hidden)]
pub type Given<T> = Result<T, String>;

/// A value an input of a request takes, converted as it is given: an `i64`
/// for an `i32` input, a `&str` for a constrained string. A value the
/// input's type refuses fails `send()`, naming the input, before anything
/// is sent.
///
/// ```
/// fn takes(value: impl botapis::runtime::IntoChecked<std::num::NonZeroU64>) -> String {
///     match value.try_into() {
///         Ok(n) => n.to_string(),
///         Err(e) => e.to_string(),
///     }
/// }
/// assert_eq!(takes(5u64), "5");
/// assert_eq!(takes(0u64), "out of range integral type conversion attempted");
/// ```
pub trait IntoChecked<T>: TryInto<T, Error: Display> {}

impl<T, V: TryInto<T, Error: Display>> IntoChecked<T> for V {}

/// An input as [`Given`]: its value, or why `name` refused it.
#[doc(hidden)]
pub fn given<T, E: Display>(name: &str, value: Result<T, E>) -> Given<T> {
    value.map_err(|e| format!("`{name}` is not valid: {e}"))
}

/// Whether `name`, when given, is a number from `lo` to `hi`, as the spec
/// bounds it; why not, else.
#[doc(hidden)]
pub fn within(name: &str, value: Option<&impl Display>, lo: f64, hi: f64) -> Result<(), String> {
    let Some(value) = value else { return Ok(()) };
    let number: f64 = value.to_string().parse().unwrap_or(f64::NAN);
    match (lo..=hi).contains(&number) {
        true => Ok(()),
        false => Err(format!("`{name}` must be from {lo} to {hi}, not {value}; the request was not sent")),
    }
}

/// How a body goes on the wire.
enum Body {
    None,
    /// JSON, encoded as it was given: no credential goes into it.
    Json(Bytes),
    /// JSON, encoded once the credentials that go into it are in place.
    JsonWithCredentials(Value),
    /// `application/x-www-form-urlencoded`.
    Form(Value),
    /// `multipart/form-data`, arrays as `name[0]` and objects as
    /// `name[key]`, the PHP convention the vendors read.
    Multipart(Value),
}

/// A request being built. The first invalid input is kept and fails
/// [`send`](Request::send) before anything is sent.
#[must_use = "a request does nothing until it is sent"]
pub struct Request<'c> {
    http: &'c reqwest::Client,
    inner: &'c Inner,
    operation: &'static Operation,
    method: Method,
    url: Result<Url, String>,
    headers: HeaderMap,
    body: Body,
}

impl<'c> Request<'c> {
    /// A `method` request of the client's operation number `operation`
    /// (its place in the vendor's `VendorInfo::operations`), to the
    /// client's base URL, which the path pieces that follow extend.
    pub fn new<C: GeneratedClient>(client: &'c C, operation: usize, method: Method) -> Self {
        let (http, base_url, inner) = client.parts();
        let url = base_url.url();
        let (operation, url) = match C::VENDOR.operations.get(operation) {
            Some(known) => (known, url),
            None => (&UNKNOWN, Err(format!("the client has no operation {operation}"))),
        };
        let mut headers = HeaderMap::new();
        if operation.accepts_json {
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        }
        Request { http, inner, operation, method, url, headers, body: Body::None }
    }

    /// `put` the value of an optional input, when it was given.
    pub fn optional<T>(self, value: Option<T>, put: impl FnOnce(Self, T) -> Self) -> Self {
        match value {
            Some(value) => put(self, value),
            None => self,
        }
    }

    fn edit(mut self, f: impl FnOnce(&mut Url) -> Result<(), String>) -> Self {
        if let Ok(url) = &mut self.url
            && let Err(why) = f(url)
        {
            self.url = Err(why);
        }
        self
    }

    /// Literal segments of the path the spec writes, one or several
    /// (`contact`, `contact/tags`): each piece between `/`s is a segment,
    /// and an empty last one keeps a trailing `/`.
    pub fn segment(self, literal: &'static str) -> Self {
        self.edit(|url| {
            for piece in literal.split('/') {
                push(url, piece);
            }
            Ok(())
        })
    }

    /// A path parameter, as one segment: every character that would end or
    /// escape it is percent-encoded, and a value no encoding keeps one
    /// segment (empty, `.` or `..`, which a URL parser resolves) is refused.
    pub fn param(self, name: &'static str, value: impl Display) -> Self {
        let value = value.to_string();
        let operation = self.operation.id;
        self.edit(|url| {
            let what = match value.as_str() {
                "" => "empty",
                "." | ".." => "`.` or `..`",
                _ => {
                    push(url, &value);
                    return Ok(());
                }
            };
            Err(format!(
                "the path parameter `{name}` is {what}, which would send `{operation}` to another endpoint; \
                 a path value must be one segment that is not empty, `.` or `..`"
            ))
        })
    }

    /// The client's credential of `slot` as one path segment.
    pub fn credential_segment(self, slot: &'static str) -> Self {
        let credentials = &self.inner.credentials;
        let segment = credentials.path_segment(slot).map(str::to_string);
        self.edit(|url| {
            push(url, &segment?);
            Ok(())
        })
    }

    /// A query parameter.
    pub fn query(self, name: &str, value: impl Display) -> Self {
        let value = value.to_string();
        self.edit(|url| {
            url.query_pairs_mut().append_pair(name, &value);
            Ok(())
        })
    }

    /// A query parameter given once per item (`form`, exploded).
    pub fn query_each<I: Display>(mut self, name: &str, values: impl IntoIterator<Item = I>) -> Self {
        for value in values {
            self = self.query(name, value);
        }
        self
    }

    /// A query parameter of a list, its items joined by commas (`form`,
    /// not exploded).
    pub fn query_joined<I: Display>(self, name: &str, values: impl IntoIterator<Item = I>) -> Self {
        let joined: Vec<String> = values.into_iter().map(|v| v.to_string()).collect();
        self.query(name, joined.join(","))
    }

    /// Every field of `object` as a query parameter: a free-form query
    /// (`?var1=a&var2=b`).
    pub fn query_object(self, name: &str, object: &impl Serialize) -> Self {
        let fields = serde_json::to_value(object).map(|value| fields(&value));
        self.edit(|url| {
            let fields = fields.map_err(|e| format!("`{name}` cannot be sent as query parameters: {e}"))?;
            url.query_pairs_mut().extend_pairs(fields);
            Ok(())
        })
    }

    /// A query parameter whose type has no text of its own (a choice of a
    /// string or a list, say): its JSON value's text, a list's items each a
    /// parameter of their own.
    pub fn query_value(self, name: &str, value: &impl Serialize) -> Self {
        self.with_texts(name, value, |request, texts| request.query_each(name, texts))
    }

    /// A path parameter whose type has no text of its own: its JSON
    /// value's text, a list's items joined by commas.
    pub fn param_value(self, name: &'static str, value: &impl Serialize) -> Self {
        self.with_texts(name, value, |request, texts| request.param(name, texts.join(",")))
    }

    /// A header parameter whose type has no text of its own, written as
    /// [`param_value`](Self::param_value) writes a path's.
    pub fn header_value(self, name: &'static str, value: &impl Serialize) -> Self {
        self.with_texts(name, value, |request, texts| request.header(name, texts.join(",")))
    }

    /// `put` the texts of `value`, or fail the request with why it has none.
    fn with_texts(mut self, name: &str, value: &impl Serialize, put: impl FnOnce(Self, Vec<String>) -> Self) -> Self {
        match texts(name, value) {
            Ok(texts) => put(self, texts),
            Err(why) => {
                self.url = self.url.and(Err(why));
                self
            }
        }
    }

    /// A header parameter.
    pub fn header(mut self, name: &'static str, value: impl Display) -> Self {
        match HeaderValue::try_from(value.to_string()) {
            Ok(value) => {
                self.headers.append(HeaderName::from_static(name), value);
            }
            Err(_) => self.url = Err(format!("the `{name}` header cannot carry this value (a line break, say)")),
        }
        self
    }

    /// The body as `encoded`, kept as `wrap` says, or the request failed
    /// with why it cannot be encoded.
    fn with_body<T>(mut self, encoded: serde_json::Result<T>, wrap: fn(T) -> Body) -> Self {
        match encoded {
            Ok(encoded) => self.body = wrap(encoded),
            Err(e) => self.url = Err(format!("the body of `{}` cannot be encoded: {e}", self.operation.id)),
        }
        self
    }

    /// A JSON body.
    pub fn json(self, body: &impl Serialize) -> Self {
        if self.operation.credentials.iter().any(Placement::goes_in_body) {
            return self.with_body(serde_json::to_value(body), Body::JsonWithCredentials);
        }
        self.with_body(serde_json::to_vec(body).map(Bytes::from), Body::Json)
    }

    /// A form body.
    pub fn form(self, body: &impl Serialize) -> Self {
        self.with_body(serde_json::to_value(body), Body::Form)
    }

    /// A multipart form body.
    pub fn multipart(self, body: &impl Serialize) -> Self {
        self.with_body(serde_json::to_value(body), Body::Multipart)
    }

    /// The request as it goes on the wire, credentials in place.
    async fn build(self) -> Result<(reqwest::Request, &'c reqwest::Client, &'c Inner, &'static Operation), String> {
        let Request { http, inner, operation, method, url, headers, body } = self;
        let placements = operation.credentials;
        let mut request = reqwest::Request::new(method, url?);
        *request.headers_mut() = headers;
        inner.credentials.place_outside_body(&mut request, placements)?;
        let in_body = |mut value: Value| inner.credentials.place_in_body(&mut value, placements).map(|()| value);
        let (content_type, bytes) = match body {
            Body::None => return Ok((request, http, inner, operation)),
            Body::Json(bytes) => (HeaderValue::from_static("application/json"), bytes),
            Body::JsonWithCredentials(value) => {
                let bytes = serde_json::to_vec(&in_body(value)?).map_err(|e| e.to_string())?;
                (HeaderValue::from_static("application/json"), Bytes::from(bytes))
            }
            Body::Form(value) => {
                let mut form = form_urlencoded::Serializer::new(String::new());
                form.extend_pairs(fields(&in_body(value)?));
                (HeaderValue::from_static("application/x-www-form-urlencoded"), Bytes::from(form.finish()))
            }
            Body::Multipart(value) => {
                let request = multipart(http, request, fields(&in_body(value)?)).await?;
                return Ok((request, http, inner, operation));
            }
        };
        request.headers_mut().insert(CONTENT_TYPE, content_type);
        *request.body_mut() = Some(bytes.into());
        Ok((request, http, inner, operation))
    }

    /// Send the request, and read its answer with `read` when its status
    /// is `status`, the one success the operation documents; any other
    /// success is [`undocumented`](Answer::undocumented).
    pub async fn send_reading<T, V: DeserializeOwned>(
        self,
        status: u16,
        read: impl FnOnce(Answer) -> Result<Response<T>, Error<V>>,
    ) -> Result<Response<T>, Error<V>> {
        self.send().await?.at(status, read)
    }

    /// Send the request and read its answer. Not boxed: a generated
    /// request's [`Sending`](super::Sending) boxes the whole call once.
    pub async fn send(self) -> Result<Answer, Failed> {
        let (request, http, inner, operation) = self.build().await.map_err(Failed::invalid)?;
        call::run(http, inner, operation, request).await
    }
}

/// The text of each scalar of `value` (itself, or a list's items).
fn texts(name: &str, value: &impl Serialize) -> Result<Vec<String>, String> {
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let unsendable = || format!("`{name}` has no text to send: it is neither a scalar nor a list of scalars");
    match serde_json::to_value(value).map_err(|e| format!("`{name}` cannot be encoded: {e}"))? {
        Value::Array(items) => items.iter().map(|i| scalar(i).ok_or_else(unsendable)).collect(),
        other => scalar(&other).map(|s| vec![s]).ok_or_else(unsendable),
    }
}

/// `value` as [`Request::param`] writes it in a path: one segment,
/// percent-encoded. (Typed mocks match a path parameter by it.)
#[doc(hidden)]
pub fn path_segment(value: &str) -> String {
    let mut url = Url::parse("http://h/").expect("a literal URL");
    push(&mut url, value);
    url.path()[1..].to_string()
}

/// Append one segment to `url`'s path, percent-encoded.
fn push(url: &mut Url, segment: &str) {
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().push(segment);
    }
}

/// `request` with a multipart form of `fields` for its body, encoded by
/// reqwest and kept as bytes, so that a retry can send it again.
async fn multipart(http: &reqwest::Client, request: reqwest::Request, fields: Vec<(String, String)>) -> Result<reqwest::Request, String> {
    let form = fields.into_iter().fold(reqwest::multipart::Form::new(), |form, (name, value)| form.text(name, value));
    let mut request = reqwest::RequestBuilder::from_parts(http.clone(), request)
        .multipart(form)
        .build()
        .map_err(|e| format!("cannot encode the form: {}", e.without_url()))?;
    if let Some(body) = request.body_mut().take() {
        let bytes = body.collect().await.map_err(|e| format!("cannot encode the form: {e}"))?.to_bytes();
        *request.body_mut() = Some(bytes.into());
    }
    Ok(request)
}

/// Flatten a JSON object into `(name, text)` fields, the PHP way. Nulls are
/// left out.
pub(crate) fn fields(body: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Value::Object(map) = body {
        for (k, v) in map {
            flatten(k.clone(), v, &mut out);
        }
    }
    out
}

fn flatten(name: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::String(s) => out.push((name, s.clone())),
        Value::Bool(b) => out.push((name, b.to_string())),
        Value::Number(n) => out.push((name, n.to_string())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(format!("{name}[{i}]"), item, out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                flatten(format!("{name}[{k}]"), v, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_are_indexed_and_objects_keyed_the_php_way() {
        let body = serde_json::json!({"imba_id": 209, "users_ids": [3, 4], "room_title": "T", "f": {"a": true}, "none": null});
        let mut got = fields(&body);
        got.sort();
        assert_eq!(
            got,
            [("f[a]", "true"), ("imba_id", "209"), ("room_title", "T"), ("users_ids[0]", "3"), ("users_ids[1]", "4"),]
                .map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }
}

#[cfg(test)]
mod value_tests {
    use super::texts;

    #[test]
    fn a_value_with_no_text_of_its_own_is_sent_as_its_scalars() {
        assert_eq!(texts("id", &"a").unwrap(), ["a"]);
        assert_eq!(texts("id", &vec!["a", "b"]).unwrap(), ["a", "b"]);
        assert_eq!(texts("n", &7).unwrap(), ["7"]);
        let nested = serde_json::json!({"x": 1});
        assert_eq!(texts("meta", &nested).unwrap_err(), "`meta` has no text to send: it is neither a scalar nor a list of scalars");
    }
}
