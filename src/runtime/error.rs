//! The one error type of every client, generic over the vendor's error
//! envelope (`okeybot::Error` is `Error<okeybot::types::ErrorEnvelope>`).
//!
//! No variant carries a secret: URLs are redacted by the credentials that
//! put secrets in them, and transport errors have their URL removed.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;

/// A vendor's error envelope: the JSON it answers errors with.
pub trait VendorError: fmt::Debug {
    /// The human-readable message the vendor put in the envelope.
    fn message(&self) -> Option<&str>;
}

impl VendorError for serde_json::Value {
    fn message(&self) -> Option<&str> {
        self.get("message").and_then(serde_json::Value::as_str)
    }
}

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<V> {
    /// The request could not be built: an argument is invalid, or the base
    /// URL or a credential cannot be used. Nothing was sent.
    InvalidRequest(String),
    /// Connecting or transferring failed.
    Transport {
        /// The request's URL, with secrets redacted.
        url: String,
        source: reqwest::Error,
    },
    /// No complete answer within the client's timeout.
    Timeout {
        /// The request's URL, with secrets redacted.
        url: String,
    },
    /// HTTP 429: the vendor's rate limit, after any retries.
    RateLimited {
        /// How long the vendor asked to wait (`Retry-After`), if it said.
        retry_after: Option<Duration>,
        envelope: Option<V>,
        body: Bytes,
    },
    /// An error status (4xx, 5xx) other than 429.
    Status {
        status: StatusCode,
        /// The vendor's error envelope, when the body is one.
        envelope: Option<V>,
        /// The raw body, whatever it is (an HTML error page, say).
        body: Bytes,
    },
    /// A success status whose body is the vendor's error shape (vendors that
    /// answer `200 {"status": "fail", ...}`).
    Vendor { status: StatusCode, envelope: V, body: Bytes },
    /// A success status whose body is not the documented shape.
    Decode {
        status: StatusCode,
        body: Bytes,
        source: serde_json::Error,
    },
}

impl<V> Error<V> {
    /// The HTTP status the vendor answered with, if it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::RateLimited { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            Error::Status { status, .. } | Error::Vendor { status, .. } | Error::Decode { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// The vendor's parsed error envelope, if the body was one.
    pub fn envelope(&self) -> Option<&V> {
        match self {
            Error::RateLimited { envelope, .. } | Error::Status { envelope, .. } => envelope.as_ref(),
            Error::Vendor { envelope, .. } => Some(envelope),
            _ => None,
        }
    }

    /// The raw response body, if there was a response.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            Error::RateLimited { body, .. }
            | Error::Status { body, .. }
            | Error::Vendor { body, .. }
            | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Whether the request may have reached the vendor. When false, nothing
    /// happened on the vendor's side and sending again is safe.
    pub fn maybe_delivered(&self) -> bool {
        match self {
            Error::InvalidRequest(_) => false,
            Error::Transport { source, .. } => !source.is_connect(),
            Error::RateLimited { .. } => false,
            _ => true,
        }
    }
}

impl<V: VendorError> Error<V> {
    /// The vendor's message, if its envelope had one.
    pub fn vendor_message(&self) -> Option<&str> {
        self.envelope().and_then(VendorError::message)
    }
}

impl<V: VendorError> fmt::Display for Error<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.vendor_message();
        match self {
            Error::InvalidRequest(why) => write!(f, "invalid request: {why}"),
            Error::Transport { url, source } => write!(f, "could not reach {url}: {source}"),
            Error::Timeout { url } => write!(f, "no answer from {url} within the timeout"),
            Error::RateLimited { retry_after, body, .. } => {
                write!(f, "rate limited by the vendor (HTTP 429)")?;
                if let Some(wait) = retry_after {
                    write!(f, ", retry after {} s", wait.as_secs_f64())?;
                }
                write!(f, ": {}", message.map_or_else(|| snippet(body), str::to_string))
            }
            Error::Status { status, body, .. } => {
                write!(f, "HTTP {status}: {}", message.map_or_else(|| snippet(body), str::to_string))
            }
            Error::Vendor { status, body, .. } => write!(
                f,
                "the vendor reported an error (HTTP {status}): {}",
                message.map_or_else(|| snippet(body), str::to_string)
            ),
            Error::Decode { status, source, .. } => {
                write!(f, "HTTP {status}: the body is not the documented shape: {source}")
            }
        }
    }
}

impl<V: VendorError> std::error::Error for Error<V> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            Error::Decode { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The start of a body, for messages: enough to recognise an HTML error
/// page or a plain-text answer, on one line.
fn snippet(body: &Bytes) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(body);
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.is_empty() {
        return "(empty body)".to_string();
    }
    match one_line.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}
