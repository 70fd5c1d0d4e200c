//! Sending one call and reading its answer: pacing, redirects, retries,
//! the call's deadline, bounded reading and tracing, up to the answer's
//! bytes or the reason the call failed.
//!
//! [`run`] takes a request and the `static` facts of its operation and
//! answers either an [`Answer`] (a success status and its whole body) or a
//! [`Failed`]: everything that fails a call whatever its answer type is
//! decided here, once, without knowing how the answer will be decoded. A
//! [`Failed`] keeps what redacts it, and becomes the vendor's `Error` when
//! the caller knows the vendor's envelope type.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::BodyExt;
use reqwest::header::{CONTENT_LENGTH, HeaderMap};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::answer::{self, Response};
use super::error::{DecodeError, ERROR_BODY_LIMIT, ErrorBody, RedirectRefused, TransportError};
use super::redirect::{self, Step, same_origin};
use super::retry::{self, Next};
use super::{Credentials, Error, ErrorInBody, Inner, Operation, Placement};

/// What redacts and bounds one call: the client's credentials and where
/// this operation puts them, the URL as sent, the client's maximum success
/// body. Not `Debug`: nothing in it is redacted until an error shows it.
#[derive(Clone)]
pub(crate) struct Context {
    credentials: Arc<Credentials>,
    placements: &'static [Placement],
    url: reqwest::Url,
    max_response_size: u64,
}

/// A success answer, read whole: what the caller decodes.
pub struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) context: Context,
}

/// Why a call failed before its answer could be decoded, with what shows
/// it redacted. [`Failed::into_error`] makes it the vendor's `Error`.
pub struct Failed {
    context: Option<Context>,
    reason: Reason,
}

enum Reason {
    /// An error status (or a success status the caller does not take), and
    /// the start of its body.
    Status {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        truncated: bool,
    },
    /// A success whose body is the vendor's error envelope.
    Vendor {
        status: StatusCode,
        body: Bytes,
    },
    TooLarge {
        status: StatusCode,
    },
    Redirect {
        status: StatusCode,
        location: Option<String>,
        reason: RedirectRefused,
    },
    Timeout {
        deadline: Option<Duration>,
    },
    Transport(reqwest::Error),
    /// The request cannot be sent as it is.
    Invalid(String),
}

/// So generated code can `?` a failed call into the vendor's `Error`.
impl<V: DeserializeOwned> From<Failed> for Error<V> {
    fn from(failed: Failed) -> Self {
        failed.into_error()
    }
}

impl Failed {
    /// A request that cannot be sent as it is: nothing was.
    pub(crate) fn invalid(why: String) -> Self {
        Failed { context: None, reason: Reason::Invalid(why) }
    }

    /// A success status the caller has no answer type for: reported with
    /// the start of what came, like an error status.
    pub(crate) fn undocumented(answer: Answer) -> Self {
        let (body, truncated) = prefix(&answer.body);
        Failed { context: Some(answer.context), reason: Reason::Status { status: answer.status, headers: answer.headers, body, truncated } }
    }

    /// The vendor's `Error` for this failure, its envelope decoded as `V`
    /// where the body is one.
    pub fn into_error<V: DeserializeOwned>(self) -> Error<V> {
        let Failed { context, reason } = self;
        let context = context.as_ref();
        let shown_url = || context.map(Context::shown_url).unwrap_or_default();
        match reason {
            Reason::Invalid(why) => Error::InvalidRequest(why),
            Reason::Timeout { deadline } => Error::Timeout { url: shown_url(), deadline },
            Reason::TooLarge { status } => {
                Error::BodyTooLarge { status, limit: context.map_or(0, |c| c.max_response_size), url: shown_url() }
            }
            Reason::Redirect { status, location, reason } => {
                Error::Redirect { status, location: location.map(|l| scrub_text(context, &l)), reason }
            }
            Reason::Vendor { status, body } => {
                let (prefix, truncated) = prefix(&body);
                let body = error_body(context, prefix, truncated);
                match envelope(context, &body) {
                    Ok(envelope) => Error::Vendor { status, envelope, body },
                    Err(source) => Error::Decode { status, source: decode_error(context, &source), body },
                }
            }
            Reason::Status { status, headers, body, truncated } => {
                let body = error_body(context, body, truncated);
                let envelope = envelope(context, &body).ok();
                let retry_after = retry::retry_after(&headers);
                if status == StatusCode::TOO_MANY_REQUESTS {
                    Error::RateLimited { retry_after, envelope, body }
                } else {
                    Error::Status { status, retry_after, envelope, body }
                }
            }
            Reason::Transport(source) => {
                if source.is_timeout() {
                    Error::Timeout { url: shown_url(), deadline: None }
                } else if source.is_builder() {
                    Error::InvalidRequest(source.without_url().to_string())
                } else {
                    Error::Transport { url: shown_url(), source: transport_error(context, source) }
                }
            }
        }
    }
}

impl Answer {
    /// The answer's status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The body decoded as `T`.
    pub fn json<T: DeserializeOwned, V>(self) -> Result<Response<T>, Error<V>> {
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(Response::new(self.status, self.headers, value, None)),
            Err(source) => Err(self.decode_failure(&source)),
        }
    }

    /// The body decoded as `T` where its shape rests on one source: what
    /// does not match is dropped where `T` allows ([`Response::mismatch`]).
    pub fn lenient<T: DeserializeOwned, V>(self) -> Result<Response<T>, Error<V>> {
        let source = match serde_json::from_slice(&self.body) {
            Ok(value) => return Ok(Response::new(self.status, self.headers, value, None)),
            Err(source) => source,
        };
        match answer::what_decodes(&self.body, self.decode_error(&source)) {
            Some((value, mismatch)) => {
                tracing::warn!(%mismatch, "an answer whose shape rests on one source did not match it");
                Ok(Response::new(self.status, self.headers, value, Some(mismatch)))
            }
            None => Err(self.decode_failure(&source)),
        }
    }

    /// The body as text, any bytes that are not UTF-8 replaced with `U+FFFD`.
    pub fn text<V>(self) -> Result<Response<String>, Error<V>> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        Ok(Response::new(self.status, self.headers, text, None))
    }

    /// An answer without a body to decode: whatever came is not read.
    pub fn empty<V>(self) -> Result<Response<()>, Error<V>> {
        Ok(Response::new(self.status, self.headers, (), None))
    }

    /// The answer read by `read` when its status is `status`, the one
    /// success the operation documents; any other is
    /// [`undocumented`](Answer::undocumented).
    pub fn at<T, V: DeserializeOwned>(
        self,
        status: u16,
        read: impl FnOnce(Answer) -> Result<Response<T>, Error<V>>,
    ) -> Result<Response<T>, Error<V>> {
        if self.status.as_u16() == status { read(self) } else { self.undocumented() }
    }

    /// A success status the operation does not document: reported with
    /// what came, not decoded.
    pub fn undocumented<T, V: DeserializeOwned>(self) -> Result<Response<T>, Error<V>> {
        Err(Failed::undocumented(self).into_error())
    }

    /// The error of a body that does not decode as the answer's type: its
    /// start kept, redacted.
    pub(crate) fn decode_failure<V>(&self, source: &serde_json::Error) -> Error<V> {
        let (prefix, truncated) = prefix(&self.body);
        Error::Decode { status: self.status, body: error_body(Some(&self.context), prefix, truncated), source: self.decode_error(source) }
    }

    /// serde's message, as it may be shown.
    pub(crate) fn decode_error(&self, source: &serde_json::Error) -> DecodeError {
        decode_error(Some(&self.context), source)
    }
}

/// Send `request` as `operation` of the client `inner`: paced, redirected
/// only where that is safe, retried as the client's policy allows, within
/// the client's deadline, and read up to its answer.
pub(crate) async fn run(
    http: &reqwest::Client,
    inner: &Inner,
    operation: &'static Operation,
    request: reqwest::Request,
) -> Result<Answer, Failed> {
    let context = Context {
        credentials: Arc::clone(&inner.credentials),
        placements: operation.credentials,
        url: request.url().clone(),
        max_response_size: inner.max_response_size(),
    };
    let idempotent = operation.idempotent_with(request.method());
    // The URL is redacted only if a subscriber records the span.
    let shown = Redacted(&context);
    let span = tracing::info_span!(
        "botapis.request",
        vendor = inner.vendor().name,
        operation = operation.id,
        method = %request.method(),
        url = %shown,
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    // A span no subscriber takes is not recorded, entered and left on every
    // poll: only `log`'s bridge would see it, and its events still reach it.
    let span = if span.is_disabled() { tracing::Span::none() } else { span };
    let call = attempts(http, inner, request, &context.url, idempotent, span.clone()).instrument(span);
    let outcome = match inner.deadline {
        Some(deadline) => match tokio::time::timeout(deadline, call).await {
            Ok(outcome) => outcome,
            Err(_) => Err(Reason::Timeout { deadline: Some(deadline) }),
        },
        None => call.await,
    };
    let (status, headers, body) = match outcome {
        Ok(read) => read,
        Err(reason) => return Err(Failed { context: Some(context), reason }),
    };
    let body = as_json(body, inner.vendor().text_answers);
    if let Some(rule) = &inner.vendor().error_in_body
        && is_vendor_error(&body, rule, rule.envelope_only(operation.id))
    {
        return Err(Failed { context: Some(context), reason: Reason::Vendor { status, body } });
    }
    Ok(Answer { status, headers, body, context })
}

/// A URL shown with its secrets redacted, computed when formatted.
struct Redacted<'a>(&'a Context);

impl std::fmt::Display for Redacted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.shown_url())
    }
}

impl Context {
    /// The URL, with every secret redacted.
    fn shown_url(&self) -> String {
        self.credentials.redact(&self.url, self.placements)
    }
}

/// Whether a success body is the vendor's error: a JSON object whose
/// `rule.field` is not one of the success values. Only that field is kept
/// while reading; the rest of the body is skipped.
///
/// Where the answer is data (`envelope_only`), a field of that name may be
/// data too, so only an answer that is nothing but the envelope (the field,
/// and at most a `message`) counts.
///
/// A field given twice is read as an error if either value is one: the
/// decoder of the answer may keep the other.
fn is_vendor_error(body: &[u8], rule: &ErrorInBody, envelope_only: bool) -> bool {
    let Some((values, others)) = field_of(body, rule.field) else { return false };
    if envelope_only && others {
        return false;
    }
    values.iter().any(|value| match value {
        serde_json::Value::String(s) => !rule.success.contains(&s.as_str()),
        _ => true,
    })
}

/// Every value of the top-level `field` of a JSON object, if the body is
/// one and has it, and whether the object has keys besides it and
/// `message`.
fn field_of(body: &[u8], field: &str) -> Option<(Vec<serde_json::Value>, bool)> {
    use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

    struct Field<'a>(&'a str);

    impl<'de> DeserializeSeed<'de> for Field<'_> {
        type Value = Option<(Vec<serde_json::Value>, bool)>;

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Field<'_> {
        type Value = Option<(Vec<serde_json::Value>, bool)>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = Vec::new();
            let mut others = false;
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if key == self.0 {
                    found.push(map.next_value::<serde_json::Value>()?);
                } else {
                    others |= key != "message";
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok((!found.is_empty()).then_some((found, others)))
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }

    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let found = Field(field).deserialize(&mut deserializer).ok().flatten();
    deserializer.end().ok().and(found)
}

/// The attempts of one call, up to a success's status, headers and whole
/// body.
async fn attempts(
    http: &reqwest::Client,
    inner: &Inner,
    request: reqwest::Request,
    first_url: &reqwest::Url,
    idempotent: bool,
    span: tracing::Span,
) -> Result<(StatusCode, HeaderMap, Bytes), Reason> {
    let started = Instant::now();
    let finished = |status: Option<StatusCode>| {
        if let Some(status) = status {
            span.record("status", status.as_u16());
        }
        span.record("duration_ms", started.elapsed().as_millis() as u64);
    };
    // Built on the first retry: most calls never need one.
    let mut backoffs = None;
    let mut next = Some(request);
    let mut attempt = 0u32;
    let mut redirects = 0u32;
    loop {
        attempt += 1;
        let Some(mut request) = next.take() else {
            unreachable!("the loop continues only with a request to send");
        };
        if let Some(timeout) = inner.timeout {
            *request.timeout_mut() = Some(timeout);
        }
        // A streaming body cannot be cloned: such a request gets one attempt.
        let spare = request.try_clone();
        let permit = match inner.limiter() {
            Some(limiter) => Some(limiter.acquire().await),
            None => None,
        };
        span.record("attempt", attempt);
        let outcome = http.execute(request).await;
        // The request was received (or never will be): its place in the
        // rate window counts from now.
        drop(permit);

        let outcome = match outcome {
            Ok(response) => {
                let step = if same_origin(response.url(), first_url) {
                    redirect::step(&response, spare.as_ref(), first_url, idempotent, redirects)
                } else {
                    // A user's `reqwest::Client` that follows redirects itself.
                    let location = Some(response.url().to_string());
                    Step::Refuse { reason: RedirectRefused::FollowedByHttpClient, location }
                };
                match step {
                    Step::Done => Ok(response),
                    Step::Follow(request) => {
                        redirects += 1;
                        tracing::debug!(status = response.status().as_u16(), "following a redirect to the same origin");
                        next = Some(*request);
                        continue;
                    }
                    Step::Refuse { reason, location } => {
                        let status = response.status();
                        tracing::warn!(status = status.as_u16(), %reason, "redirect not followed");
                        finished(Some(status));
                        return Err(Reason::Redirect { status, location, reason });
                    }
                }
            }
            Err(error) => Err(error),
        };

        let decision = match &outcome {
            Ok(response) => retry::after_response(response.status(), response.headers(), idempotent),
            Err(error) => retry::after_error(error, idempotent),
        };
        let wait = match (decision, spare.is_some()) {
            (Next::Retry(vendor_wait), true) => {
                backoffs.get_or_insert_with(|| inner.retry_policy().backoffs()).next().and_then(|backoff| {
                    let wait = vendor_wait.unwrap_or(backoff);
                    (wait <= inner.retry_policy().max_retry_after).then_some(wait)
                })
            }
            _ => None,
        };
        match (outcome, wait) {
            (outcome, Some(wait)) => {
                match &outcome {
                    Ok(response) => tracing::warn!(status = response.status().as_u16(), ?wait, "retrying"),
                    Err(error) => tracing::warn!(error = %error.without_url_ref(), ?wait, "retrying"),
                }
                drop(outcome);
                tokio::time::sleep(wait).await;
                next = spare;
            }
            (Ok(response), None) => {
                let status = response.status();
                let read =
                    if status.is_success() { read_success(response, inner.max_response_size()).await } else { read_error(response).await };
                finished(Some(status));
                tracing::debug!("response");
                return read;
            }
            (Err(error), None) => {
                finished(None);
                tracing::debug!(error = %error.without_url_ref(), "failed");
                return Err(Reason::Transport(error));
            }
        }
    }
}

/// Read at most `limit` bytes of `body`; true when there was more, which
/// is left unread.
async fn read_up_to(body: &mut reqwest::Body, limit: usize, expected: Option<u64>) -> reqwest::Result<(Bytes, bool)> {
    // What the server announces is only a hint: past 256 KiB, grow as the
    // bytes actually come.
    let capacity = expected.map_or(0, |n| n.min(limit as u64).min(256 * 1024) as usize);
    let mut kept = Vec::with_capacity(capacity);
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame?.into_data() else { continue };
        let room = limit - kept.len();
        if data.len() > room {
            kept.extend_from_slice(&data[..room]);
            return Ok((kept.into(), true));
        }
        kept.extend_from_slice(&data);
    }
    Ok((kept.into(), false))
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

/// An error status: the start of its body is all an error keeps.
async fn read_error(response: reqwest::Response) -> Result<(StatusCode, HeaderMap, Bytes), Reason> {
    let (parts, mut body) = http::Response::from(response).into_parts();
    let (body, truncated) = read_up_to(&mut body, ERROR_BODY_LIMIT, content_length(&parts.headers)).await.map_err(Reason::Transport)?;
    Err(Reason::Status { status: parts.status, headers: parts.headers, body, truncated })
}

/// A success: its whole body, up to `max` bytes. A body announced or found
/// to be longer is not read further.
async fn read_success(response: reqwest::Response, max: u64) -> Result<(StatusCode, HeaderMap, Bytes), Reason> {
    let (parts, mut body) = http::Response::from(response).into_parts();
    let status = parts.status;
    let expected = content_length(&parts.headers);
    if expected.is_some_and(|n| n > max) {
        return Err(Reason::TooLarge { status });
    }
    let limit = usize::try_from(max).unwrap_or(usize::MAX);
    let (bytes, over) = read_up_to(&mut body, limit, expected).await.map_err(Reason::Transport)?;
    if over {
        return Err(Reason::TooLarge { status });
    }
    Ok((status, parts.headers, bytes))
}

/// A success whose whole body is one of the vendor's plain-text answers
/// (`ok`) is the JSON it means, so that a call that succeeded is not
/// reported as an undecodable answer.
fn as_json(body: Bytes, text_answers: &'static [(&'static str, &'static str)]) -> Bytes {
    if text_answers.is_empty() {
        return body;
    }
    let Some(text) = std::str::from_utf8(&body).ok().map(str::trim) else { return body };
    match text_answers.iter().find(|(t, _)| *t == text) {
        Some((_, json)) => Bytes::from_static(json.as_bytes()),
        None => body,
    }
}

fn error_body(context: Option<&Context>, raw: Bytes, truncated: bool) -> ErrorBody {
    let shown = match context.map(|c| c.credentials.scrubber().display(&raw, truncated)) {
        Some(std::borrow::Cow::Owned(scrubbed)) => Bytes::from(scrubbed),
        _ => raw.clone(),
    };
    ErrorBody::new(raw, shown, truncated)
}

/// The vendor's envelope in `body`, with every string in it scrubbed after
/// JSON has read its escapes.
fn envelope<V: DeserializeOwned>(context: Option<&Context>, body: &ErrorBody) -> Result<V, serde_json::Error> {
    let mut value: serde_json::Value = serde_json::from_slice(body.expose_raw())?;
    if let Some(context) = context {
        context.credentials.scrubber().json(&mut value);
    }
    serde_json::from_value(value)
}

fn scrub_text(context: Option<&Context>, text: &str) -> String {
    match context {
        Some(context) => context.credentials.scrubber().text(text).into_owned(),
        None => text.to_string(),
    }
}

/// serde's message can quote a value from the body (an echoed secret, or a
/// whole 16 MiB string): scrubbed, and cut to its start.
fn decode_error(context: Option<&Context>, source: &serde_json::Error) -> DecodeError {
    const SHOWN: usize = 512;
    let message = source.to_string();
    let cut = message.char_indices().nth(SHOWN).map(|(at, _)| at);
    let start = cut.map_or(message.as_str(), |at| &message[..at]);
    let shown = match context {
        Some(context) => String::from_utf8_lossy(&context.credentials.scrubber().cut_bytes(start.as_bytes(), cut.is_some())).into_owned(),
        None => start.to_string(),
    };
    let ellipsis = if cut.is_some() { "…" } else { "" };
    DecodeError::new(format!("{shown}{ellipsis}"), source)
}

/// A transport failure as it may be shown: the whole chain of causes, with
/// any text the server sent in them (an HTTP/2 GOAWAY's debug data)
/// scrubbed.
fn transport_error(context: Option<&Context>, source: reqwest::Error) -> TransportError {
    let source = source.without_url();
    let mut text = source.to_string();
    let mut cause = std::error::Error::source(&source);
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    TransportError::new(scrub_text(context, &text), source.is_connect())
}

/// A copy of the first [`ERROR_BODY_LIMIT`] bytes, so that an error does
/// not keep a whole large body alive.
fn prefix(body: &Bytes) -> (Bytes, bool) {
    if body.len() <= ERROR_BODY_LIMIT { (body.clone(), false) } else { (Bytes::copy_from_slice(&body[..ERROR_BODY_LIMIT]), true) }
}

/// Whether a request with this method is safe to send twice, before any
/// per-operation statement of the spec.
pub(crate) fn idempotent_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE)
}

/// `reqwest::Error::without_url` takes the error by value; logs only need
/// to show it.
trait WithoutUrlRef {
    fn without_url_ref(&self) -> String;
}

impl WithoutUrlRef for reqwest::Error {
    fn without_url_ref(&self) -> String {
        let mut text = self.to_string();
        if let Some(url) = self.url() {
            text = text.replace(&format!(" for url ({url})"), "").replace(url.as_str(), "[url]");
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_named_field_of_a_body_is_read() {
        assert_eq!(field_of(br#"{"a": [1, 2], "status": "fail", "b": {}}"#, "status"), Some((vec!["fail".into()], true)));
        assert_eq!(field_of(br#"{"status": 1, "message": "m"}"#, "status"), Some((vec![1.into()], false)));
        assert_eq!(
            field_of(br#"{"status": "success", "status": "error"}"#, "status"),
            Some((vec!["success".into(), "error".into()], false))
        );
        assert_eq!(field_of(br#"{"other": "x"}"#, "status"), None);
        assert_eq!(field_of(br#"[{"status": "fail"}]"#, "status"), None);
        assert_eq!(field_of(br#"{"status": "fail"} trailing"#, "status"), None);
        assert_eq!(field_of(b"ok", "status"), None);
    }

    #[test]
    fn a_plain_text_answer_reads_as_its_json() {
        static TEXTS: &[(&str, &str)] = &[("ok", r#"{"status": "ok"}"#)];
        assert_eq!(as_json(Bytes::from_static(b" ok\n"), TEXTS), r#"{"status": "ok"}"#.as_bytes());
        assert_eq!(as_json(Bytes::from_static(b"okay"), TEXTS), "okay".as_bytes());
        assert_eq!(as_json(Bytes::from_static(b"ok"), &[]), "ok".as_bytes());
    }
}
