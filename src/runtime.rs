//! What every generated client shares: credentials, the HTTP client, and the
//! data the spec declares for the runtime (rate limits).

use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

/// Credentials of one client, given once at construction.
///
/// Their `Debug` never shows a secret: every secret is a [`SecretString`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Credentials {
    /// The API takes no credentials.
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(SecretString),
    /// HTTP Basic auth.
    Basic { username: String, password: SecretString },
    /// A secret in a request header.
    Header { name: &'static str, value: SecretString },
    /// A secret in a query parameter.
    Query { name: &'static str, value: SecretString },
}

impl Credentials {
    pub fn bearer(token: impl Into<String>) -> Self {
        Credentials::Bearer(SecretString::from(token.into()))
    }

    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials::Basic {
            username: username.into(),
            password: SecretString::from(password.into()),
        }
    }

    pub fn header(name: &'static str, value: impl Into<String>) -> Self {
        Credentials::Header {
            name,
            value: SecretString::from(value.into()),
        }
    }

    pub fn query(name: &'static str, value: impl Into<String>) -> Self {
        Credentials::Query {
            name,
            value: SecretString::from(value.into()),
        }
    }
}

/// A vendor's documented rate limit, read from the spec's
/// `x-botapis-rate-limit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub per_seconds: u32,
}

/// The state a generated `Client` carries besides its base URL and
/// `reqwest::Client`.
#[derive(Clone, Debug)]
pub struct Inner {
    credentials: Credentials,
}

impl Inner {
    pub fn new(credentials: Credentials) -> Self {
        Inner { credentials }
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Put the credentials on `request`. Header values are marked sensitive,
    /// so `reqwest` leaves them out of its own `Debug` output.
    pub fn authorize(&self, request: &mut reqwest::Request) -> Result<(), String> {
        match &self.credentials {
            Credentials::None => {}
            Credentials::Bearer(token) => {
                let value = sensitive(&format!("Bearer {}", token.expose_secret()))?;
                request.headers_mut().insert(AUTHORIZATION, value);
            }
            Credentials::Basic { username, password } => {
                use base64::Engine as _;
                let pair = format!("{username}:{}", password.expose_secret());
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                let value = sensitive(&format!("Basic {encoded}"))?;
                request.headers_mut().insert(AUTHORIZATION, value);
            }
            Credentials::Header { name, value } => {
                let header = HeaderName::from_static(name);
                request.headers_mut().insert(header, sensitive(value.expose_secret())?);
            }
            Credentials::Query { name, value } => {
                request
                    .url_mut()
                    .query_pairs_mut()
                    .append_pair(name, value.expose_secret());
            }
        }
        Ok(())
    }
}

/// A header value that `Debug` output redacts. The error names no secret.
fn sensitive(text: &str) -> Result<HeaderValue, String> {
    let mut value = HeaderValue::from_str(text).map_err(|_| {
        "the credential contains characters that cannot be sent in an HTTP header".to_string()
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// How long a request may take in all before it fails with a timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long connecting may take.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Sent as `User-Agent`.
pub const USER_AGENT: &str = concat!("botapis/", env!("CARGO_PKG_VERSION"));

/// The `reqwest::Client` the generated constructors use: rustls, the default
/// timeouts, and our user agent.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(DEFAULT_TIMEOUT)
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .user_agent(USER_AGENT)
        .build()
        // Building fails only when the TLS backend cannot start; the plain
        // client then reports the same problem on the first request rather
        // than making construction fallible.
        .unwrap_or_else(|_| reqwest::Client::new())
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} requests per {} s", self.requests, self.per_seconds)
    }
}
