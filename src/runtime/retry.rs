//! When to send a request again, and how long to wait first.
//!
//! The rule that matters most: a request that may have reached the vendor is
//! sent again only if sending it twice does no harm. So a message-sending
//! POST is retried only when the vendor provably never saw it (the
//! connection was refused); after a 429 it is returned, with the wait.

use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How a client retries. On by default; [`RetryPolicy::none`] turns it off.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts after the first. 0 means never retry.
    pub max_retries: usize,
    /// The first backoff; each next one doubles, with jitter.
    pub initial_backoff: Duration,
    /// The longest backoff between two attempts.
    pub max_backoff: Duration,
    /// The longest `Retry-After` that is waited for; a vendor asking for
    /// more gets its 429 or 503 returned instead, with the wait in it.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// The backoff schedule: exponential, capped, with jitter so that many
    /// clients do not retry in lockstep.
    pub(crate) fn backoffs(&self) -> impl Iterator<Item = Duration> + use<> {
        ExponentialBuilder::default()
            .with_min_delay(self.initial_backoff)
            .with_max_delay(self.max_backoff)
            .with_max_times(self.max_retries)
            .with_jitter()
            .build()
    }
}

/// What the outcome of one attempt calls for.
#[derive(Debug, PartialEq)]
pub(crate) enum Next {
    /// Return this outcome to the caller.
    Done,
    /// Wait, then send again: the vendor's own wait when it gave one.
    Retry(Option<Duration>),
}

/// Decide after a response. `idempotent`: sending the request twice does no
/// harm (GET, PUT, DELETE... unless the spec says otherwise).
pub(crate) fn after_response(status: StatusCode, headers: &HeaderMap, idempotent: bool) -> Next {
    match status {
        // A 429 says the vendor refused the request; but a request that
        // reached a server is never sent again unless sending it twice does
        // no harm. A message send comes back as `Error::RateLimited`, with
        // the wait, for the caller to send again.
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE if idempotent => Next::Retry(retry_after(headers)),
        StatusCode::INTERNAL_SERVER_ERROR | StatusCode::BAD_GATEWAY | StatusCode::GATEWAY_TIMEOUT if idempotent => Next::Retry(None),
        _ => Next::Done,
    }
}

/// Decide after a transport error.
pub(crate) fn after_error(error: &reqwest::Error, idempotent: bool) -> Next {
    if error.is_connect() {
        // Refused or unreachable: the request never left this machine.
        Next::Retry(None)
    } else if idempotent && (error.is_timeout() || error.is_request()) {
        Next::Retry(None)
    } else {
        Next::Done
    }
}

/// `Retry-After` as a wait: delta-seconds or an HTTP date. A number of
/// seconds too large to represent is the longest wait there is, so that it
/// is returned to the caller rather than ignored.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.parse::<u64>().map_or(Duration::MAX, Duration::from_secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        h
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        assert_eq!(retry_after(&headers("7")), Some(Duration::from_secs(7)));
        let in_a_minute = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(61));
        let wait = retry_after(&headers(&in_a_minute)).unwrap();
        assert!(wait > Duration::from_secs(58) && wait <= Duration::from_secs(61), "{wait:?}");
        assert_eq!(retry_after(&headers("Wed, 21 Oct 2015 07:28:00 GMT")), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("soon")), None);
        assert_eq!(retry_after(&headers("99999999999999999999999")), Some(Duration::MAX));
    }

    #[test]
    fn server_errors_are_retried_only_when_idempotent() {
        let none = HeaderMap::new();
        assert_eq!(after_response(StatusCode::INTERNAL_SERVER_ERROR, &none, true), Next::Retry(None));
        assert_eq!(after_response(StatusCode::INTERNAL_SERVER_ERROR, &none, false), Next::Done);
        assert_eq!(after_response(StatusCode::SERVICE_UNAVAILABLE, &headers("3"), false), Next::Done);
        assert_eq!(after_response(StatusCode::SERVICE_UNAVAILABLE, &headers("3"), true), Next::Retry(Some(Duration::from_secs(3))));
        assert_eq!(after_response(StatusCode::TOO_MANY_REQUESTS, &headers("2"), true), Next::Retry(Some(Duration::from_secs(2))));
        assert_eq!(after_response(StatusCode::TOO_MANY_REQUESTS, &headers("2"), false), Next::Done);
        assert_eq!(after_response(StatusCode::BAD_REQUEST, &none, true), Next::Done);
    }

    #[test]
    fn the_schedule_is_bounded_and_capped() {
        let policy = RetryPolicy {
            max_retries: 5,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(300),
            ..RetryPolicy::default()
        };
        let waits: Vec<Duration> = policy.backoffs().collect();
        assert_eq!(waits.len(), 5);
        // Jitter adds up to one more backoff on top of the capped delay.
        assert!(waits.iter().all(|w| *w <= Duration::from_millis(600)), "{waits:?}");
        assert_eq!(RetryPolicy::none().backoffs().count(), 0);
    }
}
