//! The one error type of every client, generic over the vendor's error
//! envelope (`okeybot::Error` is `Error<okeybot::types::ErrorEnvelope>`).
//!
//! No variant shows a secret: URLs are redacted by the credentials that put
//! secrets in them, transport errors have their URL removed, and any text
//! the server sent (a body, a vendor message, a `Location`, a decoder's
//! complaint about a value) has every form of every credential of the
//! client replaced by [`REDACTED`](super::REDACTED) before it is kept for
//! display. [`ErrorBody::expose_raw`] is the one way to the bytes as sent.

use std::fmt;
use std::ops::Deref;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;

/// The most of an error response's body that an error keeps. The rest is
/// never read.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

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
    #[non_exhaustive]
    Transport {
        /// The request's URL, with secrets redacted.
        url: String,
        source: TransportError,
    },
    /// No complete answer within one attempt's timeout
    /// ([`ClientBuilder::timeout`](super::ClientBuilder::timeout)), or the
    /// call's deadline passed
    /// ([`ClientBuilder::deadline`](super::ClientBuilder::deadline)).
    #[non_exhaustive]
    Timeout {
        /// The request's URL, with secrets redacted (empty when the
        /// deadline passed before the request was built).
        url: String,
        /// The call's deadline, when that is what passed; `None` when an
        /// attempt's timeout did (after any retries).
        deadline: Option<Duration>,
    },
    /// HTTP 429: the vendor's rate limit, after any retries.
    #[non_exhaustive]
    RateLimited {
        /// How long the vendor asked to wait (`Retry-After`), if it said.
        retry_after: Option<Duration>,
        envelope: Option<V>,
        body: ErrorBody,
    },
    /// An error status (4xx, 5xx) other than 429, or a status the spec does
    /// not document.
    #[non_exhaustive]
    Status {
        status: StatusCode,
        /// How long the vendor asked to wait (`Retry-After` on a 503), if it
        /// said.
        retry_after: Option<Duration>,
        /// The vendor's error envelope, when the body is one.
        envelope: Option<V>,
        /// The start of the body, whatever it is (an HTML error page, say).
        body: ErrorBody,
    },
    /// A success status whose body is the vendor's error shape (vendors that
    /// answer `200 {"status": "fail", ...}`).
    #[non_exhaustive]
    Vendor { status: StatusCode, envelope: V, body: ErrorBody },
    /// A success status whose body is not the documented shape.
    #[non_exhaustive]
    Decode { status: StatusCode, body: ErrorBody, source: DecodeError },
    /// A success whose body is larger than the client's maximum response
    /// size (`ClientBuilder::max_response_size`). Reading stopped there.
    #[non_exhaustive]
    BodyTooLarge {
        status: StatusCode,
        /// The maximum, in bytes.
        limit: u64,
        /// The request's URL, with secrets redacted.
        url: String,
    },
    /// The server answered with a redirect that the client did not follow
    /// (see [`RedirectRefused`] for when it follows one).
    #[non_exhaustive]
    Redirect {
        status: StatusCode,
        /// Where the server pointed, with secrets redacted.
        location: Option<String>,
        reason: RedirectRefused,
    },
}

/// Why a redirect was not followed. The client follows a redirect only to
/// the origin (scheme, host and port) of its base URL, only for requests
/// that are safe to send twice (or a `303` after a `POST`, which asks for a
/// `GET` of the result), and at most [`MAX_REDIRECTS`](super::MAX_REDIRECTS)
/// times in a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectRefused {
    /// It leads to another origin than the base URL's: following it would
    /// send the request, and the credentials on it, to a party the client
    /// was not configured to talk to.
    OtherOrigin,
    /// The request may not be sent twice (a message send, say): following
    /// would send it again.
    NotIdempotent,
    /// Too many redirects in a row, or a loop.
    TooMany,
    /// No `Location`, or one that is not a URL.
    NoLocation,
    /// The `reqwest::Client` given to `ClientBuilder::http_client` follows
    /// redirects itself, and followed this one to another origin: the
    /// request may have reached it. Build that client with
    /// `redirect(reqwest::redirect::Policy::none())`.
    FollowedByHttpClient,
}

impl fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RedirectRefused::OtherOrigin => "it leads to another origin than the base URL",
            RedirectRefused::NotIdempotent => "the request must not be sent twice",
            RedirectRefused::TooMany => "too many redirects",
            RedirectRefused::NoLocation => "it has no usable Location",
            RedirectRefused::FollowedByHttpClient => {
                "the reqwest::Client given to http_client() followed it to another origin; \
                 build that client with redirect::Policy::none()"
            }
        })
    }
}

impl<V> Error<V> {
    /// The HTTP status the vendor answered with, if it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::RateLimited { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            Error::Status { status, .. }
            | Error::Vendor { status, .. }
            | Error::Decode { status, .. }
            | Error::BodyTooLarge { status, .. }
            | Error::Redirect { status, .. } => Some(*status),
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

    /// The start of the response body (secrets redacted), if there was one.
    pub fn body(&self) -> Option<&ErrorBody> {
        match self {
            Error::RateLimited { body, .. } | Error::Status { body, .. } | Error::Vendor { body, .. } | Error::Decode { body, .. } => {
                Some(body)
            }
            _ => None,
        }
    }

    /// How long the vendor asked to wait before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } | Error::Status { retry_after, .. } => *retry_after,
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
    /// The vendor's message, if its envelope had one (secrets redacted).
    pub fn vendor_message(&self) -> Option<&str> {
        self.envelope().and_then(VendorError::message)
    }
}

impl<V: VendorError> fmt::Display for Error<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.vendor_message();
        let said = |body: &ErrorBody| OneLine(message.map_or(&body.shown[..], str::as_bytes)).to_string();
        match self {
            Error::InvalidRequest(why) => write!(f, "invalid request: {why}"),
            Error::Transport { url, source } => write!(f, "could not reach {url}: {source}"),
            Error::Timeout { url, deadline: None } => write!(f, "no answer from {url} within the timeout"),
            Error::Timeout { url, deadline: Some(d) } => {
                write!(f, "the call to {url} did not finish within its deadline of {} s", d.as_secs_f64())
            }
            Error::RateLimited { retry_after, body, .. } => {
                write!(f, "rate limited by the vendor (HTTP 429)")?;
                if let Some(wait) = retry_after {
                    write!(f, ", retry after {} s", wait.as_secs_f64())?;
                }
                write!(f, ": {}", said(body))
            }
            Error::Status { status, retry_after, body, .. } => {
                write!(f, "HTTP {status}")?;
                if let Some(wait) = retry_after {
                    write!(f, ", retry after {} s", wait.as_secs_f64())?;
                }
                write!(f, ": {}", said(body))
            }
            Error::Vendor { status, body, .. } => {
                write!(f, "the vendor reported an error (HTTP {status}): {}", said(body))
            }
            Error::Decode { status, source, .. } => {
                write!(f, "HTTP {status}: the body is not the documented shape: {source}")
            }
            Error::BodyTooLarge { status, limit, url } => {
                write!(f, "HTTP {status} from {url}: the body is larger than the maximum of {limit} bytes")
            }
            Error::Redirect { status, location, reason } => {
                write!(f, "HTTP {status}: redirect ")?;
                if let Some(location) = location {
                    write!(f, "to {location} ")?;
                }
                write!(f, "not followed: {reason}")
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

/// The start of a response body, as an error keeps it: at most
/// [`ERROR_BODY_LIMIT`] bytes, with every secret of the client redacted.
///
/// It dereferences to the redacted bytes, which are what `Debug` shows.
/// [`expose_raw`](ErrorBody::expose_raw) gives the bytes as the server sent
/// them: a server that echoes requests puts the client's credentials there.
#[derive(Clone, Default)]
pub struct ErrorBody {
    shown: Bytes,
    raw: Bytes,
    truncated: bool,
}

impl ErrorBody {
    /// `raw` (at most the limit), shown as `shown`.
    pub(crate) fn new(raw: Bytes, shown: Bytes, truncated: bool) -> ErrorBody {
        ErrorBody { shown, raw, truncated }
    }

    /// The redacted bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.shown
    }

    /// The redacted text, with invalid UTF-8 replaced.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.shown)
    }

    /// Whether the server sent more than was kept.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// The bytes as the server sent them, secrets and all. Never log them:
    /// a server that echoes requests puts the client's credentials here.
    pub fn expose_raw(&self) -> &Bytes {
        &self.raw
    }
}

impl Deref for ErrorBody {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.shown
    }
}

impl fmt::Debug for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 1024;
        let cut = self.shown.len().min(SHOWN);
        write!(f, "{:?}", String::from_utf8_lossy(&self.shown[..cut]))?;
        if self.truncated || cut < self.shown.len() {
            write!(f, "… (first {} bytes of a longer body)", cut)?;
        }
        Ok(())
    }
}

/// Why connecting or transferring failed: reqwest's error and its causes,
/// as text, with anything the server sent in them (an HTTP/2 GOAWAY's debug
/// data) redacted.
#[derive(Clone, Debug)]
pub struct TransportError {
    message: String,
    connect: bool,
}

impl TransportError {
    pub(crate) fn new(message: String, connect: bool) -> TransportError {
        TransportError { message, connect }
    }

    /// Whether connecting failed: the request never left this machine.
    pub fn is_connect(&self) -> bool {
        self.connect
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TransportError {}

/// Why a success body did not decode into the documented type, with any
/// secret the decoder quoted from the body redacted.
#[derive(Clone, Debug)]
pub struct DecodeError {
    message: String,
    line: usize,
    column: usize,
}

impl DecodeError {
    pub(crate) fn new(message: String, source: &serde_json::Error) -> DecodeError {
        DecodeError { message, line: source.line(), column: source.column() }
    }

    /// The line of the body where decoding failed (1-based).
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column of that line (1-based).
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DecodeError {}

/// Server text on one line and at most 200 characters: enough to
/// recognise an HTML error page or a plain-text answer. Only the start of
/// the text is ever looked at, so formatting costs the same whatever the
/// body's size.
struct OneLine<'a>(&'a [u8]);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MAX_CHARS: usize = 200;
        // A character is at most 4 bytes, and runs of white space fold to
        // one: this many bytes always hold what is shown, or nearly.
        const LOOKED_AT: usize = 4 * 1024;
        let cut = self.0.len().min(LOOKED_AT);
        let text = String::from_utf8_lossy(&self.0[..cut]);
        let mut shown = 0;
        for word in text.split_whitespace() {
            if shown > 0 {
                f.write_str(" ")?;
                shown += 1;
            }
            for c in word.chars() {
                if shown == MAX_CHARS {
                    return f.write_str("…");
                }
                write!(f, "{c}")?;
                shown += 1;
            }
        }
        if shown == 0 {
            f.write_str("(empty body)")?;
        } else if cut < self.0.len() && shown < MAX_CHARS {
            f.write_str("…")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_folds_white_space_and_cuts_at_200_characters() {
        assert_eq!(OneLine(b"  <html>\n <body>Not  found</body>").to_string(), "<html> <body>Not found</body>");
        assert_eq!(OneLine(b" \n").to_string(), "(empty body)");
        let long = "é".repeat(300);
        let shown = OneLine(long.as_bytes()).to_string();
        assert_eq!(shown.chars().count(), 201, "200 characters and the ellipsis");
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn one_line_reads_only_the_start_of_a_huge_body() {
        let huge = vec![b'a'; 1].into_iter().chain(std::iter::repeat_n(b' ', 10 * 1024 * 1024)).chain(*b"tail").collect::<Vec<u8>>();
        assert_eq!(OneLine(&huge).to_string(), "a…");
    }
}
