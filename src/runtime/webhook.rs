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
    fn a_body_that_does_not_decode_says_what_was_expected_never_what_it_said() {
        let long = format!("{{\"id\": \"secret-{}\"}}", "x".repeat(100_000));
        let err = decode::<Event>(long.as_bytes(), "Test `event` webhook").unwrap_err().to_string();
        assert!(err.starts_with("the webhook body is not a Test `event` webhook: "), "{err}");
        assert!(!err.contains("secret"), "the error quotes the body: {err}");
        assert!(err.len() < 200, "{} bytes", err.len());
        assert_eq!(decode::<Event>(br#"{"id": 7}"#, "event").unwrap().id, 7);
    }
}
