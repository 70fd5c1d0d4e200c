//! `Client::builder(...)`: base URL, timeouts, user agent, a custom
//! `reqwest::Client`, retries and rate limiting, for any generated client.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use super::{Credentials, Inner, Limiter, RateLimit, RetryPolicy, VendorInfo};

/// How long a request may take in all before it fails with a timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long connecting may take.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest success body a call reads, unless the builder sets another:
/// 16 MiB. A larger one fails the call with `Error::BodyTooLarge`.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 16 * 1024 * 1024;
/// Sent as `User-Agent` unless the builder sets another.
pub const USER_AGENT: &str = concat!("botapis/", env!("CARGO_PKG_VERSION"));

/// Implemented by every generated `Client`, so one builder serves them all.
#[doc(hidden)]
pub trait GeneratedClient: Sized {
    /// What the spec says about the vendor.
    const VENDOR: &'static VendorInfo;

    /// Put the parts together (the generated `new_with_client`).
    fn assemble(base_url: &str, http: reqwest::Client, inner: Inner) -> Self;

    /// The parts a request is made with: the HTTP client, the base URL
    /// and the runtime's state.
    fn parts(&self) -> (&reqwest::Client, &BaseUrl, &Inner);
}

/// A client's base URL, parsed once when the client is made: each call's
/// URL starts as a copy of it. Clones share it.
#[doc(hidden)]
#[derive(Clone)]
pub struct BaseUrl(std::sync::Arc<(String, Result<reqwest::Url, String>)>);

impl BaseUrl {
    /// `text`, parsed; a text that is no base URL fails every call made
    /// from it with why (the builder refuses it up front).
    pub fn new(text: &str) -> Self {
        let parsed =
            reqwest::Url::parse(text).map_err(|e| format!("the base URL is not a URL: {e}")).and_then(|url| match url.cannot_be_a_base() {
                true => Err("the base URL cannot have a path".to_string()),
                false => Ok(url),
            });
        BaseUrl(std::sync::Arc::new((text.to_string(), parsed)))
    }

    /// The base URL as it was given.
    pub fn as_str(&self) -> &str {
        &self.0.0
    }

    /// The parsed URL a call extends, or why there is none.
    pub(crate) fn url(&self) -> Result<reqwest::Url, String> {
        self.0.1.clone()
    }
}

/// Shown as an error shows it: a base URL given to the hidden
/// `new_with_client` may still carry a user and password, or a key in its
/// query.
impl std::fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&shown_base_url(self.as_str()), f)
    }
}

/// Why a client could not be built. Names no secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute http(s) URL.
    InvalidBaseUrl { url: String, reason: String },
    /// The HTTP client could not be created (its TLS backend failed).
    Http(reqwest::Error),
    /// `from_env`: an environment variable the client needs is unset,
    /// empty, or not valid UTF-8. Names the variable, never its value.
    Environment { variable: String, reason: &'static str },
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::InvalidBaseUrl { url, reason } => write!(f, "invalid base URL `{url}`: {reason}"),
            BuildError::Http(e) => write!(f, "cannot create the HTTP client: {e}"),
            BuildError::Environment { variable, reason } => write!(f, "environment variable `{variable}` {reason}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// Which rate limit a client paces itself to.
#[derive(Clone, Debug, PartialEq)]
enum Pacing {
    Documented,
    Custom(RateLimit),
    Off,
}

/// Configures a generated client before it is built.
#[derive(Debug)]
pub struct ClientBuilder<C> {
    credentials: Credentials,
    base_url: Option<String>,
    timeout: Duration,
    deadline: Option<Duration>,
    connect_timeout: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    pacing: Pacing,
    max_response_size: u64,
    client: PhantomData<fn() -> C>,
}

impl<C: GeneratedClient> ClientBuilder<C> {
    /// What `Client::builder(..)` calls.
    #[doc(hidden)]
    pub fn new(credentials: Credentials) -> Self {
        ClientBuilder {
            credentials,
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            deadline: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: USER_AGENT.to_string(),
            http: None,
            retry: RetryPolicy::default(),
            pacing: Pacing::Documented,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            client: PhantomData,
        }
    }

    /// A builder whose credentials come from the environment: each
    /// `(credential, variable)` pair must be set and not empty;
    /// `base_url_variable`, when set and not empty, replaces the spec's
    /// first server. What the generated `Client::from_env` calls.
    #[doc(hidden)]
    pub fn from_env(credentials: &[(&'static str, &str)], base_url_variable: &str) -> Result<Self, BuildError> {
        let read = |variable: &str| -> Result<Option<String>, BuildError> {
            let fail = |reason| BuildError::Environment { variable: variable.to_string(), reason };
            match std::env::var(variable) {
                Ok(value) if value.is_empty() => Ok(None),
                Ok(value) => Ok(Some(value)),
                Err(std::env::VarError::NotPresent) => Ok(None),
                Err(std::env::VarError::NotUnicode(_)) => Err(fail("is not valid UTF-8")),
            }
        };
        let mut found = Credentials::new();
        for (credential, variable) in credentials {
            let value = read(variable)?
                .ok_or_else(|| BuildError::Environment { variable: variable.to_string(), reason: "is not set (or is empty)" })?;
            found = found.with(credential, value);
        }
        let mut builder = Self::new(found);
        builder.base_url = read(base_url_variable)?;
        Ok(builder)
    }

    /// Another server than the spec's first: an alternative host, a proxy,
    /// or a mock server. A trailing `/` is ignored.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The time one attempt may take, from sending the request to the last
    /// byte of the answer (default 30 s). A call may make several attempts
    /// (see [`retry`](Self::retry)), wait between them, and wait for the
    /// rate limit first: [`deadline`](Self::deadline) bounds all of it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The whole time a call may take (default: none): the wait for a
    /// rate-limit slot, every attempt and the backoff between them, and
    /// reading and decoding the answer. When it passes, the call ends with
    /// `Error::Timeout { deadline: Some(..), .. }`, whatever it was doing;
    /// a request it had sent may have arrived, and is never sent again.
    /// A page of `stream()` or `pages()` is one call.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The time connecting may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Use this `reqwest::Client` as it is configured: the builder's
    /// timeouts and user agent then do not apply.
    ///
    /// Build it with `redirect(reqwest::redirect::Policy::none())` and
    /// `retry(reqwest::retry::never())` (and, to keep servers' text out of
    /// its own logs, `http1_only()`). The
    /// client then decides which redirects to follow, as with its own HTTP
    /// client: only to the base URL's origin, never sending a request twice
    /// that must not be. A `reqwest::Client` that follows redirects itself
    /// does so before this client sees them, so it may carry credentials
    /// (in the URL, in a custom header, in a re-posted body) to another
    /// origin and repost a message. When its answer comes from another
    /// origin than the base URL's, the call fails with
    /// `Error::Redirect { reason: RedirectRefused::FollowedByHttpClient, .. }`,
    /// but by then the request was sent; a redirect that ends back at the
    /// base URL's origin cannot be seen at all.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// How to retry (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Pace requests to `limit` instead of the vendor's documented limit.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.pacing = Pacing::Custom(limit);
        self
    }

    /// The largest success body a call reads, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_SIZE`]). A larger body fails the call with
    /// `Error::BodyTooLarge` without being read further; error bodies are
    /// always cut to [`ERROR_BODY_LIMIT`](super::ERROR_BODY_LIMIT).
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Do not pace requests at all.
    pub fn no_rate_limit(mut self) -> Self {
        self.pacing = Pacing::Off;
        self
    }

    /// Build the client, checking the base URL and creating the HTTP client.
    pub fn build(self) -> Result<C, BuildError> {
        check_base_url(&self.resolved_base_url())?;
        let http = self.http_or_new().map_err(|e| BuildError::Http(e.without_url()))?;
        Ok(self.assemble(http))
    }

    /// Build without failing, for the infallible constructors: an invalid
    /// base URL then fails each call with `Error::InvalidRequest`, and if
    /// the configured HTTP client cannot be created (an invalid user agent,
    /// say), one with reqwest's default timeouts and user agent is used.
    pub fn connect(self) -> C {
        let http = self.http_or_new().or_else(|_| safe_http_client().build()).unwrap_or_default();
        self.assemble(http)
    }

    fn resolved_base_url(&self) -> String {
        match &self.base_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => C::VENDOR.default_base_url.to_string(),
        }
    }

    fn http_or_new(&self) -> reqwest::Result<reqwest::Client> {
        match &self.http {
            Some(http) => Ok(http.clone()),
            None => {
                safe_http_client().timeout(self.timeout).connect_timeout(self.connect_timeout).user_agent(self.user_agent.clone()).build()
            }
        }
    }

    fn assemble(self, http: reqwest::Client) -> C {
        let resolved = self.resolved_base_url();
        let (credentials, base_url) = self.credentials.with_base_url_userinfo(&resolved);
        let limit = match self.pacing {
            Pacing::Documented => C::VENDOR.rate_limit,
            Pacing::Custom(limit) => Some(limit),
            Pacing::Off => None,
        };
        let inner = Inner {
            credentials: Arc::new(credentials),
            vendor: C::VENDOR,
            retry: self.retry,
            limiter: limit.and_then(Limiter::new).map(Arc::new),
            max_response_size: self.max_response_size,
            timeout: None,
            deadline: self.deadline,
        };
        C::assemble(&base_url, http, inner)
    }
}

/// A refused base URL as an error may show it: without the user and
/// password a proxy URL may carry, and without a query (a key, say) or
/// fragment. What cannot be parsed is not shown at all.
fn shown_base_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            let hidden = parsed.query().is_some() || parsed.fragment().is_some();
            parsed.set_query(None);
            parsed.set_fragment(None);
            if hidden { format!("{parsed}?{}", super::REDACTED) } else { parsed.to_string() }
        }
        Err(_) => format!("({} characters that are not a URL)", url.chars().count()),
    }
}

/// reqwest's builder with what every client of this crate needs:
/// - no redirects, since the runtime follows the safe ones itself (see
///   `redirect.rs`);
/// - no `Referer`, which would be the whole URL, secrets included;
/// - no retries of reqwest's own: it resends any request, a message
///   included, when an HTTP/2 server says it refused the stream; the
///   runtime alone decides what may be sent twice;
/// - HTTP/1.1 only: the vendors serve it, and HTTP/2 lets a server put text
///   of its choosing (GOAWAY debug data) into transport errors and logs.
fn safe_http_client() -> reqwest::ClientBuilder {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).referer(false).retry(reqwest::retry::never()).http1_only()
}

fn check_base_url(url: &str) -> Result<(), BuildError> {
    let invalid = |reason: String| BuildError::InvalidBaseUrl { url: shown_base_url(url), reason };
    let parsed = reqwest::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid(format!("the scheme `{}` is not http or https", parsed.scheme())));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("a base URL has no query or fragment".to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::BaseUrl;

    #[test]
    fn debug_shows_no_user_password_or_query_of_the_base_url() {
        let shown = format!("{:?}", BaseUrl::new("https://bot-user:hunter2-secret@api.example.com/v1?key=query-secret#frag-secret"));
        for secret in ["bot-user", "hunter2-secret", "query-secret", "frag-secret"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("api.example.com/v1"), "{shown}");
        assert_eq!(format!("{:?}", BaseUrl::new("https://api.example.com/v1")), "\"https://api.example.com/v1\"");
    }
}
