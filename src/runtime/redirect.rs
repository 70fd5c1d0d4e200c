//! Which redirects a client follows, and the request it then sends.
//!
//! reqwest's own policy follows any redirect anywhere: it re-posts a body
//! on a 307 or 308 to whatever origin the server names, sends the whole
//! original URL (secrets in its path or query) as `Referer`, and follows a
//! loop ten times. The client turns that off (`Policy::none()`) and decides
//! here, where it knows what reqwest does not: whether the request may be
//! sent twice.
//!
//! A redirect is followed only when all of these hold:
//! - it leads to the origin (scheme, host, port) of the request the client
//!   built from its base URL: no credential ever goes anywhere else;
//! - the request is safe to send twice, or the status is 303 after a
//!   request other than a `GET` (the server acted, and asks for a `GET` of
//!   the result: nothing is sent again);
//! - fewer than [`MAX_REDIRECTS`] were followed for this call.

use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION};
use reqwest::{Method, StatusCode, Url};

use super::error::RedirectRefused;

/// The most redirects followed for one call.
pub const MAX_REDIRECTS: u32 = 5;

/// What to do with a response.
pub(crate) enum Step {
    /// Not a redirect: the answer.
    Done,
    /// Send this request next.
    Follow(Box<reqwest::Request>),
    /// A redirect that is not followed; `location` as the server gave it.
    Refuse { reason: RedirectRefused, location: Option<String> },
}

/// Decide after `response` to `sent` (a copy of the request just sent, when
/// its body could be copied). `first` is the URL the client built from its
/// base URL.
pub(crate) fn step(response: &reqwest::Response, sent: Option<&reqwest::Request>, first: &Url, idempotent: bool, followed: u32) -> Step {
    let status = response.status();
    if !matches!(
        status,
        StatusCode::MOVED_PERMANENTLY
            | StatusCode::FOUND
            | StatusCode::SEE_OTHER
            | StatusCode::TEMPORARY_REDIRECT
            | StatusCode::PERMANENT_REDIRECT
    ) {
        return Step::Done;
    }
    let given = response.headers().get(LOCATION).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let refuse = |reason| Step::Refuse { reason, location: given.clone() };
    let Some(target) = given.as_deref().and_then(|l| response.url().join(l).ok()) else {
        return refuse(RedirectRefused::NoLocation);
    };
    if !same_origin(&target, first) {
        return refuse(RedirectRefused::OtherOrigin);
    }
    // A 303 answers a request the server acted on with where to `GET` the
    // result; that sends nothing again unless the request was a GET itself.
    let fetches_result = status == StatusCode::SEE_OTHER && sent.is_some_and(|r| !matches!(*r.method(), Method::GET | Method::HEAD));
    if !idempotent && !fetches_result {
        return refuse(RedirectRefused::NotIdempotent);
    }
    if followed >= MAX_REDIRECTS {
        return refuse(RedirectRefused::TooMany);
    }
    // A body that could not be copied was a stream; the generated clients
    // never send one, and it could not be sent again anyway.
    let Some(sent) = sent.and_then(reqwest::Request::try_clone) else {
        return refuse(RedirectRefused::NotIdempotent);
    };
    Step::Follow(Box::new(next_request(sent, status, target)))
}

/// Same scheme, host and port (`Url::origin` without its allocations).
pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme() && a.host() == b.host() && a.port_or_known_default() == b.port_or_known_default()
}

/// The request a followed redirect sends: a 303 (and a 301 or 302 after a
/// POST, as every HTTP client does) becomes a `GET` without the body.
fn next_request(mut request: reqwest::Request, status: StatusCode, target: Url) -> reqwest::Request {
    let method = request.method().clone();
    let to_get = match status {
        StatusCode::SEE_OTHER => method != Method::HEAD,
        StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND => method == Method::POST,
        _ => false,
    };
    if to_get {
        *request.method_mut() = Method::GET;
        *request.body_mut() = None;
        request.headers_mut().remove(CONTENT_TYPE);
        request.headers_mut().remove(CONTENT_LENGTH);
    }
    *request.url_mut() = target;
    request
}
