//! What every generated client shares: credentials, the HTTP client, retries,
//! rate limiting, tracing, errors and pagination.
//!
//! Generated code calls into this module; users meet it through
//! `Client::builder(...)`, the vendor's `Error`, and `stream()` on paginated
//! operations.
//!
#![doc = include_str!("../../docs/runtime.md")]

mod answer;
mod builder;
mod call;
mod client;
mod credentials;
mod empty_default;
mod error;
#[doc(hidden)]
pub use crate::empty_default;
pub use crate::generated_client;
mod text_enum;
pub use text_enum::UnknownValue;
pub mod lenient;
#[doc(hidden)]
pub mod paginate;
mod rate_limit;
mod redirect;
mod request;
mod retry;
mod scrub;
mod sending;
mod webhook;

use std::sync::Arc;

pub use builder::{
    BaseUrl, BuildError, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_TIMEOUT, GeneratedClient, USER_AGENT,
};
pub use credentials::REDACTED;
// What generated code calls the runtime with: public because the vendor
// modules are generated code in this crate's tree, hidden because no user
// calls it.
pub use answer::{Mismatch, Response};
#[doc(hidden)]
pub use call::{Answer, Failed};
#[doc(hidden)]
pub use credentials::{Credentials, Placement};
#[doc(hidden)]
pub use error::{DecodeError, ERROR_BODY_LIMIT, Error, ErrorBody, RedirectRefused, TransportError, VendorError};
pub use rate_limit::RateLimit;
#[doc(hidden)]
pub use rate_limit::{Limiter, Permit};
pub use redirect::MAX_REDIRECTS;
pub use request::IntoChecked;
#[doc(hidden)]
pub use request::{Given, Request, given, path_segment, within};
#[doc(hidden)]
pub use reqwest::Method;
pub use retry::{RetryPolicy, retry_after};
pub use sending::Sending;
#[doc(hidden)]
pub use webhook::decode as decode_webhook;
#[cfg(feature = "axum")]
#[doc(hidden)]
pub use webhook::router as webhook_router;
pub use webhook::{WEBHOOK_BODY_LIMIT, WebhookError};
#[cfg(feature = "axum")]
pub use webhook::{WebhookTimeouts, serve_webhooks};

#[doc(hidden)]
/// What a spec says about its vendor that the runtime needs, generated as a
/// `static` in each vendor module.
#[derive(Debug)]
pub struct VendorInfo {
    pub name: &'static str,
    /// The spec's first server.
    pub default_base_url: &'static str,
    /// `x-botapis-rate-limit`.
    pub rate_limit: Option<RateLimit>,
    /// `x-botapis-error-in-body`: a success status whose JSON object has this
    /// field with a value not in the list is the vendor's error.
    pub error_in_body: Option<ErrorInBody>,
    /// `x-botapis-text-answers`: a success body that is this text (the
    /// vendor's plain `ok`, say) is read as this JSON.
    pub text_answers: &'static [(&'static str, &'static str)],
    pub operations: &'static [Operation],
}

#[doc(hidden)]
/// A vendor that answers errors with a success status.
#[derive(Debug)]
pub struct ErrorInBody {
    pub field: &'static str,
    pub success: &'static [&'static str],
    /// Operations whose success answer is data, not the envelope
    /// (`x-botapis-error-in-body: false`): a field of the same name there is
    /// data, and only an answer that is nothing but the envelope (the field,
    /// and at most a `message`) is the vendor's error.
    pub not_for: &'static [&'static str],
}

impl ErrorInBody {
    /// Whether `operation` answers data, where only a bare envelope is an
    /// error.
    pub fn envelope_only(&self, operation: &str) -> bool {
        self.not_for.contains(&operation)
    }
}

#[doc(hidden)]
/// What the runtime needs to know about one operation.
#[derive(Debug)]
pub struct Operation {
    pub id: &'static str,
    /// `x-botapis-idempotent`, when the spec states it; otherwise the HTTP
    /// method decides.
    pub idempotent: Option<bool>,
    pub credentials: &'static [Placement],
    /// Whether a success answers JSON: the request then says it accepts it.
    pub accepts_json: bool,
}

impl Operation {
    /// An operation: its id, whether it may be sent twice when the spec
    /// says, and where its credentials go.
    pub const fn new(id: &'static str, idempotent: Option<bool>, credentials: &'static [Placement]) -> Self {
        Operation { id, idempotent, credentials, accepts_json: false }
    }

    /// The operation, answering JSON on success.
    pub const fn answering_json(self) -> Self {
        Operation { accepts_json: true, ..self }
    }

    /// Whether sending this operation twice, as `method`, does no harm.
    pub fn idempotent_with(&self, method: &reqwest::Method) -> bool {
        self.idempotent.unwrap_or_else(|| call::idempotent_method(method))
    }
}

#[doc(hidden)]
/// The state a generated `Client` carries besides its base URL and
/// `reqwest::Client`. Clones share the rate limiter.
#[derive(Clone, Debug)]
pub struct Inner {
    /// Shared with each call's record, which redacts its errors with them.
    credentials: Arc<Credentials>,
    vendor: &'static VendorInfo,
    retry: RetryPolicy,
    limiter: Option<Arc<Limiter>>,
    max_response_size: u64,
    /// Replaces the HTTP client's timeout of each attempt (`with_timeout`).
    timeout: Option<std::time::Duration>,
    /// The whole time a call may take (`deadline`, `with_deadline`).
    deadline: Option<std::time::Duration>,
}

impl Inner {
    /// The same client state with another timeout for each attempt.
    pub fn with_timeout(&self, timeout: std::time::Duration) -> Inner {
        Inner { timeout: Some(timeout), ..self.clone() }
    }

    /// The same client state with another deadline for each call.
    pub fn with_deadline(&self, deadline: std::time::Duration) -> Inner {
        Inner { deadline: Some(deadline), ..self.clone() }
    }

    /// The same client state with another retry policy.
    pub fn with_retry(&self, retry: RetryPolicy) -> Inner {
        Inner { retry, ..self.clone() }
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

    /// The largest success body a call reads, in bytes.
    pub fn max_response_size(&self) -> u64 {
        self.max_response_size
    }
}
