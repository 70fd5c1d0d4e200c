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
/// Sent as `User-Agent` unless the builder sets another.
pub const USER_AGENT: &str = concat!("botapis/", env!("CARGO_PKG_VERSION"));

/// Implemented by every generated `Client`, so one builder serves them all.
pub trait GeneratedClient: Sized {
    /// What the spec says about the vendor.
    const VENDOR: &'static VendorInfo;

    /// Put the parts together (the engine's `new_with_client`).
    fn assemble(base_url: &str, http: reqwest::Client, inner: Inner) -> Self;
}

/// Why a client could not be built. Names no secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute http(s) URL.
    InvalidBaseUrl { url: String, reason: String },
    /// The HTTP client could not be created (its TLS backend failed).
    Http(reqwest::Error),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::InvalidBaseUrl { url, reason } => write!(f, "invalid base URL `{url}`: {reason}"),
            BuildError::Http(e) => write!(f, "cannot create the HTTP client: {e}"),
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
    connect_timeout: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
    pacing: Pacing,
    client: PhantomData<fn() -> C>,
}

impl<C: GeneratedClient> ClientBuilder<C> {
    pub fn new(credentials: Credentials) -> Self {
        ClientBuilder {
            credentials,
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: USER_AGENT.to_string(),
            http: None,
            retry: RetryPolicy::default(),
            pacing: Pacing::Documented,
            client: PhantomData,
        }
    }

    /// Another server than the spec's first: an alternative host, a proxy,
    /// or a mock server. A trailing `/` is ignored.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The whole time a request may take (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
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
    /// the configured HTTP client cannot be created, reqwest's default one
    /// is used (which reports the same TLS problem on the first call).
    pub fn connect(self) -> C {
        let http = self.http_or_new().unwrap_or_default();
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
            None => reqwest::Client::builder()
                .timeout(self.timeout)
                .connect_timeout(self.connect_timeout)
                .user_agent(self.user_agent.clone())
                .build(),
        }
    }

    fn assemble(self, http: reqwest::Client) -> C {
        let base_url = self.resolved_base_url();
        let limit = match self.pacing {
            Pacing::Documented => C::VENDOR.rate_limit,
            Pacing::Custom(limit) => Some(limit),
            Pacing::Off => None,
        };
        let inner = Inner {
            credentials: self.credentials,
            vendor: C::VENDOR,
            retry: self.retry,
            limiter: limit.and_then(Limiter::new).map(Arc::new),
        };
        C::assemble(&base_url, http, inner)
    }
}

fn check_base_url(url: &str) -> Result<(), BuildError> {
    let invalid = |reason: String| BuildError::InvalidBaseUrl {
        url: url.to_string(),
        reason,
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid(format!("the scheme `{}` is not http or https", parsed.scheme())));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("a base URL has no query or fragment".to_string()));
    }
    Ok(())
}
