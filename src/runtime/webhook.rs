//! Receiving what a vendor sends to your server: each vendor module with
//! documented webhooks has a `webhooks` module that decodes them into the
//! spec's types, and, with the `axum` feature, a router that receives them.

use std::fmt;

use serde::de::DeserializeOwned;

/// The most of serde's complaint an error keeps: a hostile sender's body
/// cannot make an error (or a log line) large.
const SHOWN: usize = 512;

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
    serde_json::from_slice(body).map_err(|e| {
        let mut reason = e.to_string();
        if reason.len() > SHOWN {
            let cut = (0..=SHOWN).rev().find(|i| reason.is_char_boundary(*i)).unwrap_or(0);
            reason.truncate(cut);
            reason.push('…');
        }
        WebhookError { expected, reason }
    })
}

/// An axum router that receives the webhook at `path` (a POST with a JSON
/// body), decodes it as `T` and awaits `handler` with it before answering
/// `200 OK`. A body that does not decode gets `400 Bad Request` and is
/// logged (at `WARN`, without the body); a body over axum's default limit
/// (2 MB) gets `413` and is not read.
#[cfg(feature = "axum")]
#[doc(hidden)]
pub fn router<T, H, Fut>(path: &str, expected: &'static str, handler: H) -> axum::Router
where
    T: DeserializeOwned + Send + 'static,
    H: Fn(T) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let receive = move |body: axum::body::Bytes| {
        let handler = handler.clone();
        async move {
            match decode::<T>(&body, expected) {
                Ok(event) => {
                    handler(event).await;
                    axum::http::StatusCode::OK
                }
                Err(e) => {
                    tracing::warn!(error = %e, "webhook refused");
                    axum::http::StatusCode::BAD_REQUEST
                }
            }
        }
    };
    axum::Router::new().route(path, axum::routing::post(receive))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Event {
        id: i64,
    }

    #[test]
    fn a_body_that_does_not_decode_says_what_was_expected_in_a_bounded_error() {
        let long = format!("{{\"id\": \"{}\"}}", "x".repeat(100_000));
        let err = decode::<Event>(long.as_bytes(), "Test `event` webhook").unwrap_err().to_string();
        assert!(err.starts_with("the webhook body is not a Test `event` webhook: "), "{err}");
        assert!(err.len() < 700, "{} bytes", err.len());
        assert_eq!(decode::<Event>(br#"{"id": 7}"#, "event").unwrap().id, 7);
    }
}
