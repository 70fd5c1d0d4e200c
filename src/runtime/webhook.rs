//! Receiving what a vendor sends to your server: each vendor module with
//! documented webhooks has a `webhooks` module that decodes them into the
//! spec's types, and, with the `axum` feature, a router that receives them.

use std::fmt;

use serde::de::DeserializeOwned;

/// A webhook body that is not what the vendor documents.
#[derive(Debug)]
pub struct WebhookError {
    expected: &'static str,
    reason: String,
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the webhook body is not a {}: {}", self.expected, self.reason)
    }
}

impl std::error::Error for WebhookError {}

/// Decode a webhook's JSON body as `T`; `expected` names `T` in the error.
#[doc(hidden)]
pub fn decode<T: DeserializeOwned>(body: &[u8], expected: &'static str) -> Result<T, WebhookError> {
    // serde's message quotes the body ("invalid type: string \"...\""), and
    // a webhook body may hold whatever the sender put in it: the error says
    // what kind of problem and where, never what the body said.
    serde_json::from_slice(body).map_err(|e| {
        let kind = match e.classify() {
            serde_json::error::Category::Io => "it could not be read",
            serde_json::error::Category::Syntax => "it is not valid JSON",
            serde_json::error::Category::Data => "its JSON does not have the documented shape",
            serde_json::error::Category::Eof => "it ends too soon",
        };
        WebhookError { expected, reason: format!("{kind} (line {}, column {})", e.line(), e.column()) }
    })
}

/// The largest webhook body the router reads (2 MiB); a larger one gets
/// `413 Payload Too Large`, at once when its `Content-Length` says so.
pub const WEBHOOK_BODY_LIMIT: usize = 2 << 20;

/// An axum router that receives the webhook at `path` (a POST with a JSON
/// body), decodes it as `T` and awaits `handler` with it, answering what it
/// returns: `()` is an empty `200 OK`, a `String` a `200 OK` with that text
/// (`text/plain; charset=utf-8`). A body that does not decode gets `400 Bad Request` and is
/// logged (at `WARN`, without the body); a body over
/// [`WEBHOOK_BODY_LIMIT`] gets `413` (without being read, when its
/// `Content-Length` announces it); one that [`serve_webhooks`] stopped
/// waiting for gets `408`.
#[cfg(feature = "axum")]
#[doc(hidden)]
pub fn router<T, H, Fut, R>(path: &str, expected: &'static str, handler: H) -> axum::Router
where
    T: DeserializeOwned + Send + 'static,
    H: Fn(T) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = R> + Send + 'static,
    R: axum::response::IntoResponse,
{
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};
    let receive = move |request: axum::extract::Request| {
        let handler = handler.clone();
        async move {
            let declared = request.headers().get(axum::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
            if declared.is_some_and(|n| n > WEBHOOK_BODY_LIMIT as u64) {
                return StatusCode::PAYLOAD_TOO_LARGE.into_response();
            }
            let refused = |status: StatusCode| -> Response { status.into_response() };
            let body = match axum::body::to_bytes(request.into_body(), WEBHOOK_BODY_LIMIT).await {
                Ok(body) => body,
                Err(e) if caused_by::<http_body_util::LengthLimitError>(&e) => return refused(StatusCode::PAYLOAD_TOO_LARGE),
                Err(e) if caused_by::<serve::BodyTimedOut>(&e) => return refused(StatusCode::REQUEST_TIMEOUT),
                Err(_) => return refused(StatusCode::BAD_REQUEST),
            };
            match decode::<T>(&body, expected) {
                Ok(event) => handler(event).await.into_response(),
                Err(e) => {
                    tracing::warn!(error = %e, "webhook refused");
                    refused(StatusCode::BAD_REQUEST)
                }
            }
        }
    };
    axum::Router::new().route(path, axum::routing::post(receive))
}

#[cfg(feature = "axum")]
fn caused_by<E: std::error::Error + 'static>(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(e) = cause {
        if e.is::<E>() {
            return true;
        }
        cause = e.source();
    }
    false
}

#[cfg(feature = "axum")]
pub use serve::{WebhookTimeouts, serve_webhooks};

#[cfg(feature = "axum")]
mod serve {
    //! Serving a webhook router so that a slow sender cannot hold a
    //! connection: `axum::serve` sets no timer, so a client that sends a
    //! header byte every few seconds, or a body that never ends, keeps its
    //! connection (and its memory) for as long as it likes.

    use std::pin::Pin;
    use std::task::{Context, Poll};
    use std::time::Duration;

    use bytes::Bytes;
    use http_body_util::BodyExt as _;
    use hyper::body::{Body, Frame, Incoming, SizeHint};
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower_service::Service as _;

    /// How long a webhook's sender may take, in [`serve_webhooks`].
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct WebhookTimeouts {
        /// From when the connection waits for a request (as it opens, or
        /// after the answer before) to the end of that request's headers;
        /// past it the connection is closed. Default 10 s.
        pub headers: Duration,
        /// From the end of the headers to the end of the body, however
        /// steadily it comes; past it the request gets `408 Request
        /// Timeout`. Default 30 s.
        pub body: Duration,
    }

    impl Default for WebhookTimeouts {
        fn default() -> Self {
            WebhookTimeouts { headers: Duration::from_secs(10), body: Duration::from_secs(30) }
        }
    }

    impl WebhookTimeouts {
        /// These timeouts with another one for the headers.
        pub fn headers(self, headers: Duration) -> Self {
            WebhookTimeouts { headers, ..self }
        }

        /// These timeouts with another one for the body.
        pub fn body(self, body: Duration) -> Self {
            WebhookTimeouts { body, ..self }
        }
    }

    /// Serve `router` (a vendor's `webhooks::message_router`, or yours with
    /// it merged in) on `listener` over HTTP/1.1, as `axum::serve` does but
    /// with `timeouts` on reading each request. Runs until the future is
    /// dropped; a failed `accept` (too many open files, say) is logged and
    /// retried.
    pub async fn serve_webhooks(listener: tokio::net::TcpListener, router: axum::Router, timeouts: WebhookTimeouts) {
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(error) => {
                    tracing::warn!(%error, "accepting a webhook connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let router = router.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                    let (parts, body) = request.into_parts();
                    let body = Deadline { body, timer: Box::pin(tokio::time::sleep(timeouts.body)) };
                    router.clone().call(hyper::Request::from_parts(parts, body.boxed_unsync()))
                });
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(timeouts.headers)
                    .serve_connection(TokioIo::new(stream), service);
                if let Err(error) = connection.await {
                    tracing::debug!(%error, "webhook connection closed");
                }
            });
        }
    }

    /// The body did not arrive whole within [`WebhookTimeouts::body`].
    #[derive(Debug)]
    pub(super) struct BodyTimedOut;

    impl std::fmt::Display for BodyTimedOut {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("the webhook body did not arrive within its timeout")
        }
    }

    impl std::error::Error for BodyTimedOut {}

    /// A request body that fails once its timer runs out.
    struct Deadline {
        body: Incoming,
        timer: Pin<Box<tokio::time::Sleep>>,
    }

    impl Body for Deadline {
        type Data = Bytes;
        type Error = Box<dyn std::error::Error + Send + Sync>;

        fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            let this = self.get_mut();
            if let Poll::Ready(frame) = Pin::new(&mut this.body).poll_frame(cx) {
                return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
            }
            match this.timer.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTimedOut)))),
                Poll::Pending => Poll::Pending,
            }
        }

        fn is_end_stream(&self) -> bool {
            self.body.is_end_stream()
        }

        fn size_hint(&self) -> SizeHint {
            self.body.size_hint()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Event {
        id: i64,
    }

    #[test]
    fn a_body_that_does_not_decode_says_what_was_expected_never_what_it_said() {
        let long = format!("{{\"id\": \"secret-{}\"}}", "x".repeat(100_000));
        let err = decode::<Event>(long.as_bytes(), "Test `event` webhook").unwrap_err().to_string();
        assert!(err.starts_with("the webhook body is not a Test `event` webhook: "), "{err}");
        assert!(!err.contains("secret"), "the error quotes the body: {err}");
        assert!(err.len() < 200, "{} bytes", err.len());
        assert_eq!(decode::<Event>(br#"{"id": 7}"#, "event").unwrap().id, 7);
    }
}
