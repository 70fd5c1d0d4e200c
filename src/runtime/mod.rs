//! What every generated client shares: credentials, the HTTP client, retries,
//! rate limiting, tracing, errors and pagination.
//!
//! Generated code calls into this module; users meet it through
//! `Client::builder(...)`, the vendor's `Error`, and `stream()` on paginated
//! operations.

mod builder;
mod credentials;
mod error;
mod exec;
pub mod paginate;
mod rate_limit;
mod retry;

use std::sync::Arc;

pub use builder::{
    BuildError, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, GeneratedClient, USER_AGENT,
};
pub use credentials::{Credentials, REDACTED};
pub use error::{Error, VendorError};
pub use exec::{execute, finish};
pub use rate_limit::{Limiter, RateLimit};
pub use retry::{RetryPolicy, retry_after};

/// What a spec says about its vendor that the runtime needs, generated as a
/// `static` in each vendor module.
#[derive(Debug)]
pub struct VendorInfo {
    pub name: &'static str,
    /// The spec's first server.
    pub default_base_url: &'static str,
    /// `x-botapis-rate-limit`.
    pub rate_limit: Option<RateLimit>,
    /// Operations marked `x-botapis-idempotent: true` (a POST that only
    /// reads, say), which may be retried whatever their method.
    pub idempotent: &'static [&'static str],
    /// Operations marked `x-botapis-idempotent: false` (a GET that sends a
    /// message, say), which are never retried once they may have arrived.
    pub not_idempotent: &'static [&'static str],
}

impl VendorInfo {
    /// Whether sending this operation twice does no harm.
    pub fn idempotent(&self, operation: &str, method: &reqwest::Method) -> bool {
        if self.idempotent.contains(&operation) {
            true
        } else if self.not_idempotent.contains(&operation) {
            false
        } else {
            exec::idempotent_method(method)
        }
    }
}

/// The state a generated `Client` carries besides its base URL and
/// `reqwest::Client`. Clones share the rate limiter.
#[derive(Clone, Debug)]
pub struct Inner {
    credentials: Credentials,
    vendor: &'static VendorInfo,
    retry: RetryPolicy,
    limiter: Option<Arc<Limiter>>,
}

impl Inner {
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    pub fn vendor(&self) -> &'static VendorInfo {
        self.vendor
    }

    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    pub fn limiter(&self) -> Option<&Limiter> {
        self.limiter.as_deref()
    }

    /// Put the credentials on `request`.
    pub fn authorize(&self, request: &mut reqwest::Request) -> Result<(), String> {
        self.credentials.authorize(request)
    }
}
