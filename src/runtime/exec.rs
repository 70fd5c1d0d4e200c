//! Sending one call: pacing, redirects, retries, bounded reading, tracing,
//! and turning the engine's outcome into the client's [`Error`].
//!
//! The generated `ClientHooks::exec` hands every request to [`execute`]; the
//! generated `send` wraps the engine's call in [`finish`]. Between the two,
//! a task-local record carries what the engine's own errors forget: the
//! status and the start of the body of the last response, the URL, a
//! redirect not followed, and the credentials that redact all of it.

use std::cell::RefCell;
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http_body_util::BodyExt;
use progenitor_client::{OperationInfo, ResponseValue};
use reqwest::header::{CONTENT_LENGTH, HeaderMap};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::answer::{self, Mismatch, Response};
use super::error::{DecodeError, ERROR_BODY_LIMIT, ErrorBody, RedirectRefused, TransportError};
use super::redirect::{self, Step, same_origin};
use super::retry::{self, Next};
use super::{Credentials, Error, Inner, Placement};

tokio::task_local! {
    static CALL: RefCell<CallRecord>;
}

/// What the current call went through. Not `Debug`: it is never shown, and
/// nothing in it is redacted until an error needs it.
#[derive(Default)]
struct CallRecord {
    /// The client's credentials and where this operation puts them: what
    /// redacts the URL and scrubs server text when an error shows them.
    credentials: Option<Arc<Credentials>>,
    placements: &'static [Placement],
    /// The request's URL, as sent.
    url: Option<reqwest::Url>,
    /// A success status whose body is the vendor's error shape.
    vendor_error: bool,
    status: Option<StatusCode>,
    headers: HeaderMap,
    /// The body of an error status (its first [`ERROR_BODY_LIMIT`] bytes),
    /// or of a success that the vendor's error-in-body rule inspects.
    body: Bytes,
    truncated: bool,
    /// The client's maximum success body size, and whether this one was
    /// over it.
    max_response_size: u64,
    too_large: bool,
    /// Whether a success body that does not decode is salvaged
    /// ([`finish_lenient`]), which needs the answer's headers kept.
    salvages: bool,
    /// A redirect that was not followed, and its `Location`.
    redirect: Option<(RedirectRefused, Option<String>)>,
    /// When the call must be over, and the deadline it came from: set when
    /// the request is prepared, watched by `finish`.
    deadline: Option<(tokio::time::Instant, std::time::Duration)>,
}

/// Start the current call's deadline, counted from now.
pub(crate) fn start_deadline(deadline: std::time::Duration) {
    record(|r| {
        r.deadline.get_or_insert((tokio::time::Instant::now() + deadline, deadline));
    });
}

fn record(f: impl FnOnce(&mut CallRecord)) {
    // Outside `finish` (a caller using the engine directly) there is no
    // record to keep, and nothing is lost.
    let _ = CALL.try_with(|c| f(&mut c.borrow_mut()));
}

/// Send `request`, pacing it, following the redirects that are safe to
/// follow and retrying it as the client's policy allows. Error bodies are
/// read here (their start only) so that errors can keep them; a success
/// body is left to the engine, capped at the client's maximum size.
pub async fn execute(
    http: &reqwest::Client,
    inner: &Inner,
    request: reqwest::Request,
    info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    let url = request.url().clone();
    let idempotent = inner.vendor().idempotent(info.operation_id, request.method());
    // The URL is redacted only if a subscriber records the span.
    let shown = Redacted { inner, url: &url, operation: info.operation_id };
    let span = tracing::info_span!(
        "botapis.request",
        vendor = inner.vendor().name,
        operation = info.operation_id,
        method = %request.method(),
        url = %shown,
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let rule = inner.vendor().error_in_body.as_ref();
    let envelope_only = rule.is_some_and(|r| r.envelope_only(info.operation_id));
    let reads_successes = rule.is_some() || !inner.vendor().text_answers.is_empty();
    // Recorded first: a deadline may end the call while it waits.
    let placements = inner.vendor().operation(info.operation_id).credentials;
    record(|r| {
        r.credentials = Some(Arc::clone(&inner.credentials));
        r.placements = placements;
        r.url = Some(url.clone());
        r.max_response_size = inner.max_response_size();
    });
    let response = attempts(http, inner, request, &url, idempotent, reads_successes).instrument(span).await?;
    if let Some(rule) = rule
        && response.status().is_success()
    {
        record(|r| r.vendor_error = is_vendor_error(&r.body, rule, envelope_only));
    }
    Ok(response)
}

/// A URL shown with its secrets redacted, computed when formatted.
struct Redacted<'a> {
    inner: &'a Inner,
    url: &'a reqwest::Url,
    operation: &'a str,
}

impl std::fmt::Display for Redacted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.inner.redact(self.url, self.operation))
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
fn is_vendor_error(body: &[u8], rule: &super::ErrorInBody, envelope_only: bool) -> bool {
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

async fn attempts(
    http: &reqwest::Client,
    inner: &Inner,
    request: reqwest::Request,
    first_url: &reqwest::Url,
    idempotent: bool,
    reads_successes: bool,
) -> reqwest::Result<reqwest::Response> {
    let span = tracing::Span::current();
    let started = Instant::now();
    // Built on the first retry: most calls never need one.
    let mut backoffs = None;
    let mut next = Some(request);
    let mut attempt = 0u32;
    let mut redirects = 0u32;
    loop {
        attempt += 1;
        let Some(request) = next.take() else {
            unreachable!("the loop continues only with a request to send");
        };
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
                        tracing::warn!(status = response.status().as_u16(), %reason, "redirect not followed");
                        record(|r| r.redirect = Some((reason, location)));
                        span.record("status", response.status().as_u16());
                        span.record("duration_ms", started.elapsed().as_millis() as u64);
                        return read_error_body(response).await;
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
            (Next::Retry(vendor_wait), true) => backoffs.get_or_insert_with(|| inner.retry_policy().backoffs()).next().and_then(|backoff| {
                let wait = vendor_wait.unwrap_or(backoff);
                (wait <= inner.retry_policy().max_retry_after).then_some(wait)
            }),
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
                let response = if !status.is_success() {
                    read_error_body(response).await?
                } else if reads_successes {
                    let response = read_whole_body(response, inner.max_response_size()).await?;
                    as_json(response, inner.vendor().text_answers)
                } else {
                    // A success keeps its stream for the engine to decode;
                    // if it does not decode, the engine's error carries the
                    // bytes.
                    record(|r| {
                        r.status = Some(status);
                        // Only an answer that may not match its type needs
                        // them kept: the engine keeps them for one that does.
                        if r.salvages {
                            r.headers = response.headers().clone();
                        }
                    });
                    capped(response, inner.max_response_size())
                };
                span.record("status", status.as_u16());
                span.record("duration_ms", started.elapsed().as_millis() as u64);
                tracing::debug!("response");
                return Ok(response);
            }
            (Err(error), None) => {
                span.record("duration_ms", started.elapsed().as_millis() as u64);
                tracing::debug!(error = %error.without_url_ref(), "failed");
                return Err(error);
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

/// Keep the start of an error status's body in the call record, and hand
/// the engine an equal response with that start as its body.
async fn read_error_body(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let (parts, mut body) = http::Response::from(response).into_parts();
    let (bytes, truncated) = read_up_to(&mut body, ERROR_BODY_LIMIT, content_length(&parts.headers)).await?;
    record(|r| {
        r.status = Some(parts.status);
        r.headers = parts.headers.clone();
        r.body = bytes.clone();
        r.truncated = truncated;
    });
    Ok(reqwest::Response::from(http::Response::from_parts(parts, bytes)))
}

/// Read a whole success body, up to `max` bytes, into the call record (for
/// the vendor's error-in-body rule) and hand the engine an equal response.
/// Past `max`, the call is recorded as too large and the engine gets no
/// body.
async fn read_whole_body(response: reqwest::Response, max: u64) -> reqwest::Result<reqwest::Response> {
    let (parts, mut body) = http::Response::from(response).into_parts();
    let status = parts.status;
    let expected = content_length(&parts.headers);
    let (bytes, over) = if expected.is_some_and(|n| n > max) {
        (Bytes::new(), true)
    } else {
        let limit = usize::try_from(max).unwrap_or(usize::MAX);
        read_up_to(&mut body, limit, expected).await?
    };
    let bytes = if over { Bytes::new() } else { bytes };
    record(|r| {
        r.status = Some(status);
        if r.salvages {
            r.headers = parts.headers.clone();
        }
        r.body = bytes.clone();
        r.too_large = over;
    });
    Ok(reqwest::Response::from(http::Response::from_parts(parts, bytes)))
}

/// A success whose whole body is one of the vendor's plain-text answers
/// (`ok`), with the JSON it means as its body, so that a call that
/// succeeded is not reported as an undecodable answer.
fn as_json(response: reqwest::Response, text_answers: &'static [(&'static str, &'static str)]) -> reqwest::Response {
    let json = CALL
        .try_with(|c| {
            let record = c.borrow();
            let text = std::str::from_utf8(&record.body).ok()?.trim();
            text_answers.iter().find(|(t, _)| *t == text).map(|(_, json)| *json)
        })
        .ok()
        .flatten();
    let Some(json) = json else { return response };
    let body = Bytes::from_static(json.as_bytes());
    record(|r| r.body = body.clone());
    let (mut parts, _) = http::Response::from(response).into_parts();
    parts.headers.insert(reqwest::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
    parts.headers.remove(CONTENT_LENGTH);
    reqwest::Response::from(http::Response::from_parts(parts, body))
}

/// The response with its body cut off at `max` bytes: reading past it is
/// an error that `finish` reports as `Error::BodyTooLarge`.
fn capped(response: reqwest::Response, max: u64) -> reqwest::Response {
    if content_length(response.headers()).is_some_and(|n| n > max) {
        let status = response.status();
        record(|r| {
            r.status = Some(status);
            r.too_large = true;
        });
        let (parts, _unread) = http::Response::from(response).into_parts();
        return reqwest::Response::from(http::Response::from_parts(parts, Bytes::new()));
    }
    let (parts, body) = http::Response::from(response).into_parts();
    let limit = usize::try_from(max).unwrap_or(usize::MAX);
    let body = reqwest::Body::wrap(http_body_util::Limited::new(body, limit));
    reqwest::Response::from(http::Response::from_parts(parts, body))
}

/// Run one call of the engine and map its outcome to the client's error.
pub async fn finish<T, E, V>(
    call: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
) -> Result<Response<T>, Error<V>>
where
    V: DeserializeOwned,
{
    finish_with(call, None).await
}

/// [`finish`] for an answer whose shape rests on one source: a success
/// body that does not match `T` still succeeds, with what of it decodes
/// and the body kept ([`Response::mismatch`]).
pub async fn finish_lenient<T, E, V>(
    call: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
) -> Result<Response<T>, Error<V>>
where
    T: DeserializeOwned,
    V: DeserializeOwned,
{
    finish_with(call, Some(|body, error| answer::what_decodes(body, error))).await
}

/// What a success body that did not decode can still be: `T` and what did
/// not match, or nothing.
type Salvage<T> = fn(&[u8], DecodeError) -> Option<(T, Mismatch)>;

async fn finish_with<T, E, V>(
    call: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    salvage: Option<Salvage<T>>,
) -> Result<Response<T>, Error<V>>
where
    V: DeserializeOwned,
{
    let record = CallRecord { salvages: salvage.is_some(), ..CallRecord::default() };
    let (outcome, mut record) = CALL
        .scope(RefCell::new(record), async {
            let outcome = within_deadline(call).await;
            (outcome, CALL.with(|c| c.take()))
        })
        .await;
    let Some(outcome) = outcome else {
        let deadline = record.deadline.map(|(_, d)| d);
        return Err(Error::Timeout { url: record.shown_url(), deadline });
    };
    // A success status the spec does not document arrives unread (error
    // statuses were read in `attempts`): read the start of it so the error
    // keeps it.
    if let Err(progenitor_client::Error::UnexpectedResponse(response)) = outcome {
        let status = response.status();
        if record.status.is_none_or(|s| s.is_success()) {
            let (parts, mut body) = http::Response::from(response).into_parts();
            let (bytes, truncated) = read_up_to(&mut body, ERROR_BODY_LIMIT, None).await.unwrap_or_default();
            record.headers = parts.headers;
            record.body = bytes;
            record.truncated = truncated;
        }
        record.status = Some(status);
        return Err(record.failure().unwrap_or_else(|| record.status_error(status)));
    }
    record.into_outcome(outcome, salvage)
}

/// `call`'s output, or `None` if the deadline its request set passed first.
/// The deadline is looked for after each poll of the call, so it is armed
/// in the same poll that prepared the request.
async fn within_deadline<F: Future>(call: F) -> Option<F::Output> {
    use std::task::Poll;
    let mut call = std::pin::pin!(call);
    let mut timer: Option<std::pin::Pin<Box<tokio::time::Sleep>>> = None;
    std::future::poll_fn(|cx| {
        if let Poll::Ready(output) = call.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        if timer.is_none()
            && let Some((at, _)) = CALL.with(|c| c.borrow().deadline)
        {
            timer = Some(Box::pin(tokio::time::sleep_until(at)));
        }
        match timer.as_mut().map(|timer| timer.as_mut().poll(cx)) {
            Some(Poll::Ready(())) => Poll::Ready(None),
            _ => Poll::Pending,
        }
    })
    .await
}

impl CallRecord {
    fn into_outcome<T, E, V: DeserializeOwned>(
        self,
        outcome: Result<ResponseValue<T>, progenitor_client::Error<E>>,
        salvage: Option<Salvage<T>>,
    ) -> Result<Response<T>, Error<V>> {
        use progenitor_client::Error as Engine;
        let status = self.status.unwrap_or(StatusCode::OK);
        if let Some(failure) = self.failure() {
            return Err(failure);
        }
        let error = match outcome {
            Ok(value) => {
                let status = value.status();
                let headers = value.headers().clone();
                return Ok(Response::new(status, headers, value.into_inner(), None));
            }
            Err(error) => error,
        };
        // Any answer with an error status is reported from the record, which
        // has the raw body even when the engine could not decode it.
        if let Some(status) = self.status.filter(|s| !s.is_success()) {
            return Err(self.status_error(status));
        }
        Err(match error {
            Engine::InvalidRequest(why) | Engine::Custom(why) => Error::InvalidRequest(why),
            Engine::CommunicationError(source)
            | Engine::ResponseBodyError(source)
            | Engine::InvalidUpgrade(source) => {
                if source.is_timeout() {
                    Error::Timeout { url: self.shown_url(), deadline: None }
                } else if source.is_builder() {
                    Error::InvalidRequest(source.without_url().to_string())
                } else if is_length_limit(&source) {
                    self.too_large_error(status)
                } else {
                    Error::Transport { url: self.shown_url(), source: self.transport_error(source) }
                }
            }
            Engine::InvalidResponsePayload(body, source) => {
                if status.is_success()
                    && let Some(salvage) = salvage
                    && let Some((value, mismatch)) = salvage(&body, self.decode_error(&source))
                {
                    tracing::warn!(%mismatch, "an answer whose shape rests on one source did not match it");
                    return Ok(Response::new(status, self.headers, value, Some(mismatch)));
                }
                let (prefix, truncated) = prefix(&body);
                Error::Decode { status, body: self.error_body(prefix, truncated), source: self.decode_error(&source) }
            }
            // A status the spec does not document (a 2xx other than the one
            // documented, say): reported with what came, not decoded.
            Engine::ErrorResponse(value) => {
                let status = value.status();
                return Err(self.status_error(status));
            }
            Engine::UnexpectedResponse(response) => {
                let status = response.status();
                return Err(self.status_error(status));
            }
        })
    }

    /// What failed the call whatever the engine made of the answer: a
    /// redirect not followed, a body over the maximum, or the vendor's
    /// error inside a success.
    fn failure<V: DeserializeOwned>(&self) -> Option<Error<V>> {
        let status = self.status.unwrap_or(StatusCode::OK);
        if let Some((reason, location)) = &self.redirect {
            return Some(Error::Redirect {
                status,
                location: location.as_deref().map(|l| self.scrub_text(l)),
                reason: *reason,
            });
        }
        if self.too_large {
            return Some(self.too_large_error(status));
        }
        if self.vendor_error {
            let (prefix, truncated) = prefix(&self.body);
            let body = self.error_body(prefix, truncated);
            return Some(match self.envelope(&body) {
                Ok(envelope) => Error::Vendor { status, envelope, body },
                Err(source) => Error::Decode { status, source: self.decode_error(&source), body },
            });
        }
        None
    }

    fn status_error<V: DeserializeOwned>(&self, status: StatusCode) -> Error<V> {
        let body = self.error_body(self.body.clone(), self.truncated);
        let envelope = self.envelope(&body).ok();
        let retry_after = retry::retry_after(&self.headers);
        if status == StatusCode::TOO_MANY_REQUESTS {
            Error::RateLimited { retry_after, envelope, body }
        } else {
            Error::Status { status, retry_after, envelope, body }
        }
    }

    fn too_large_error<V>(&self, status: StatusCode) -> Error<V> {
        Error::BodyTooLarge { status, limit: self.max_response_size, url: self.shown_url() }
    }

    /// The URL, with every secret redacted.
    fn shown_url(&self) -> String {
        match (&self.url, &self.credentials) {
            (Some(url), Some(credentials)) => credentials.redact(url, self.placements),
            _ => String::new(),
        }
    }

    fn error_body(&self, raw: Bytes, truncated: bool) -> ErrorBody {
        let shown = match self.credentials.as_deref().map(|c| c.scrubber().display(&raw, truncated)) {
            Some(std::borrow::Cow::Owned(scrubbed)) => Bytes::from(scrubbed),
            _ => raw.clone(),
        };
        ErrorBody::new(raw, shown, truncated)
    }

    /// The vendor's envelope in `body`, with every string in it scrubbed
    /// after JSON has read its escapes.
    fn envelope<V: DeserializeOwned>(&self, body: &ErrorBody) -> Result<V, serde_json::Error> {
        let mut value: serde_json::Value = serde_json::from_slice(body.expose_raw())?;
        if let Some(credentials) = &self.credentials {
            credentials.scrubber().json(&mut value);
        }
        serde_json::from_value(value)
    }

    fn scrub_text(&self, text: &str) -> String {
        match &self.credentials {
            Some(credentials) => credentials.scrubber().text(text).into_owned(),
            None => text.to_string(),
        }
    }

    /// serde's message can quote a value from the body (an echoed secret,
    /// or a whole 16 MiB string): scrubbed, and cut to its start.
    fn decode_error(&self, source: &serde_json::Error) -> DecodeError {
        const SHOWN: usize = 512;
        let message = source.to_string();
        let cut = message.char_indices().nth(SHOWN).map(|(at, _)| at);
        let start = cut.map_or(message.as_str(), |at| &message[..at]);
        let shown = match &self.credentials {
            Some(credentials) => {
                String::from_utf8_lossy(&credentials.scrubber().cut_bytes(start.as_bytes(), cut.is_some())).into_owned()
            }
            None => start.to_string(),
        };
        let ellipsis = if cut.is_some() { "…" } else { "" };
        DecodeError::new(format!("{shown}{ellipsis}"), source)
    }

    /// A transport failure as it may be shown: the whole chain of causes,
    /// with any text the server sent in them (an HTTP/2 GOAWAY's debug
    /// data) scrubbed.
    fn transport_error(&self, source: reqwest::Error) -> TransportError {
        let source = source.without_url();
        let mut text = source.to_string();
        let mut cause = std::error::Error::source(&source);
        while let Some(c) = cause {
            text.push_str(": ");
            text.push_str(&c.to_string());
            cause = c.source();
        }
        TransportError::new(self.scrub_text(&text), source.is_connect())
    }
}

/// A copy of the first [`ERROR_BODY_LIMIT`] bytes, so that an error does
/// not keep a whole large body alive.
fn prefix(body: &Bytes) -> (Bytes, bool) {
    if body.len() <= ERROR_BODY_LIMIT {
        (body.clone(), false)
    } else {
        (Bytes::copy_from_slice(&body[..ERROR_BODY_LIMIT]), true)
    }
}

/// Whether reading a body failed because it passed the client's maximum.
fn is_length_limit(error: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}

/// Whether a request with this method is safe to send twice, before any
/// per-operation statement of the spec.
pub(crate) fn idempotent_method(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
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
}
