//! Sending one call: pacing, retries, tracing, and turning the engine's
//! outcome into the client's [`Error`].
//!
//! The generated `ClientHooks::exec` hands every request to [`execute`]; the
//! generated `send` wraps the engine's call in [`finish`]. Between the two,
//! a task-local record carries what the engine's own errors forget: the
//! status and raw body of the last response.

use std::cell::RefCell;
use std::future::Future;
use std::time::Instant;

use bytes::Bytes;
use progenitor_client::{OperationInfo, ResponseValue};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::retry::{self, Next};
use super::{Error, Inner};

tokio::task_local! {
    static CALL: RefCell<CallRecord>;
}

/// What the last attempt of the current call got back. Not `Debug`: it
/// is never shown, and nothing in it is redacted until an error needs it.
#[derive(Default)]
struct CallRecord {
    /// The request's URL, redacted; set only when the call failed without
    /// an answer (the only errors that show it).
    url: String,
    /// A success status whose body is the vendor's error shape.
    vendor_error: bool,
    status: Option<StatusCode>,
    headers: HeaderMap,
    body: Bytes,
}

fn record(f: impl FnOnce(&mut CallRecord)) {
    // Outside `finish` (a caller using the engine directly) there is no
    // record to keep, and nothing is lost.
    let _ = CALL.try_with(|c| f(&mut c.borrow_mut()));
}

/// Send `request`, pacing it and retrying it as the client's policy allows.
/// The body is read here so that errors can keep it.
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
    let outcome = attempts(http, inner, request, idempotent).instrument(span).await;
    if outcome.is_err() {
        record(|r| r.url = shown.to_string());
    }
    let response = outcome?;
    if let Some(rule) = &inner.vendor().error_in_body {
        if response.status().is_success() {
            record(|r| r.vendor_error = is_vendor_error(&r.body, rule));
        }
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

fn is_vendor_error(body: &[u8], rule: &super::ErrorInBody) -> bool {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body) else {
        return false;
    };
    match map.get(rule.field) {
        None => false,
        Some(serde_json::Value::String(s)) => !rule.success.contains(&s.as_str()),
        Some(_) => true,
    }
}

async fn attempts(
    http: &reqwest::Client,
    inner: &Inner,
    request: reqwest::Request,
    idempotent: bool,
) -> reqwest::Result<reqwest::Response> {
    let span = tracing::Span::current();
    let started = Instant::now();
    // Built on the first retry: most calls never need one.
    let mut backoffs = None;
    let mut spare = Some(request);
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        let Some(template) = spare.take() else {
            unreachable!("the loop continues only with a request to send");
        };
        // A streaming body cannot be cloned: such a request gets one attempt.
        spare = template.try_clone();
        if let Some(limiter) = inner.limiter() {
            limiter.until_ready().await;
        }
        span.record("attempt", attempt);
        let outcome = http.execute(template).await;
        let next = match &outcome {
            Ok(response) => retry::after_response(response.status(), response.headers(), idempotent),
            Err(error) => retry::after_error(error, idempotent),
        };
        let wait = match (next, spare.is_some()) {
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
                tokio::time::sleep(wait).await;
            }
            (Ok(response), None) => {
                // A success keeps its stream: if it does not decode, the
                // engine's error carries the bytes. Only an error status, or
                // a vendor that reports errors inside a success, is read
                // here so the error can keep its body.
                let response = if response.status().is_success() && inner.vendor().error_in_body.is_none() {
                    let status = response.status();
                    record(|r| r.status = Some(status));
                    response
                } else {
                    buffered(response).await?
                };
                span.record("status", response.status().as_u16());
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

/// Read the whole body, note it in the call record, and hand the engine an
/// equal response to decode. The parts move across; only an error status
/// copies its headers (for `Retry-After`).
async fn buffered(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    use http_body_util::BodyExt;
    let (parts, body) = http::Response::from(response).into_parts();
    let body = body.collect().await?.to_bytes();
    record(|r| {
        r.status = Some(parts.status);
        if !parts.status.is_success() {
            r.headers = parts.headers.clone();
        }
        r.body = body.clone();
    });
    Ok(reqwest::Response::from(http::Response::from_parts(parts, body)))
}

/// Run one call of the engine and map its outcome to the client's error.
pub async fn finish<T, E, V>(
    call: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
) -> Result<ResponseValue<T>, Error<V>>
where
    V: DeserializeOwned,
{
    let (outcome, mut record) = CALL
        .scope(RefCell::new(CallRecord::default()), async {
            let outcome = call.await;
            (outcome, CALL.with(|c| c.take()))
        })
        .await;
    // A status the spec does not document arrives unread (a success is not
    // buffered): read it here so the error keeps the body.
    let outcome = match outcome {
        Err(progenitor_client::Error::UnexpectedResponse(response)) => {
            record.status = Some(response.status());
            record.headers = response.headers().clone();
            record.body = response.bytes().await.unwrap_or_default();
            return Err(status_error(record.status.unwrap_or_default(), &record.headers, record.body));
        }
        other => other,
    };
    map(outcome, record)
}

fn map<T, E, V: DeserializeOwned>(
    outcome: Result<ResponseValue<T>, progenitor_client::Error<E>>,
    record: CallRecord,
) -> Result<ResponseValue<T>, Error<V>> {
    use progenitor_client::Error as Engine;
    if record.vendor_error {
        let status = record.status.unwrap_or(StatusCode::OK);
        return Err(match serde_json::from_slice(&record.body) {
            Ok(envelope) => Error::Vendor { status, envelope, body: record.body },
            Err(source) => Error::Decode { status, body: record.body, source },
        });
    }
    let error = match outcome {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    // Any answer with an error status is reported from the record, which
    // has the raw body even when the engine could not decode it.
    if let Some(status) = record.status.filter(|s| !s.is_success()) {
        return Err(status_error(status, &record.headers, record.body));
    }
    Err(match error {
        Engine::InvalidRequest(why) | Engine::Custom(why) => Error::InvalidRequest(why),
        Engine::CommunicationError(source)
        | Engine::ResponseBodyError(source)
        | Engine::InvalidUpgrade(source) => {
            if source.is_timeout() {
                Error::Timeout { url: record.url }
            } else if source.is_builder() {
                Error::InvalidRequest(source.without_url().to_string())
            } else {
                Error::Transport {
                    url: record.url,
                    source: source.without_url(),
                }
            }
        }
        Engine::InvalidResponsePayload(body, source) => Error::Decode {
            status: record.status.unwrap_or(StatusCode::OK),
            body,
            source,
        },
        // A status the spec does not document (a 2xx other than the one
        // documented, say): reported with what came, not decoded.
        Engine::ErrorResponse(value) => Error::Status {
            status: value.status(),
            envelope: None,
            body: record.body,
        },
        Engine::UnexpectedResponse(response) => Error::Status {
            status: response.status(),
            envelope: None,
            body: record.body,
        },
    })
}

fn status_error<V: DeserializeOwned>(status: StatusCode, headers: &HeaderMap, body: Bytes) -> Error<V> {
    let envelope = serde_json::from_slice(&body).ok();
    if status == StatusCode::TOO_MANY_REQUESTS {
        Error::RateLimited {
            retry_after: retry::retry_after(headers),
            envelope,
            body,
        }
    } else {
        Error::Status { status, envelope, body }
    }
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
