//! The client-side rate limiter: governor's GCRA, run on tokio's clock.
//!
//! Tokio's clock rather than governor's default one, so that waiting costs
//! no thread and a test with a paused clock can measure the pacing exactly.

use std::fmt;
use std::num::NonZeroU32;
use std::ops::Add;
use std::time::Duration;

use governor::clock::{Clock, Reference};
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};

/// A rate: `requests` per `per_seconds` seconds. The vendors' documented
/// limits come from the spec's `x-botapis-rate-limit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub per_seconds: u32,
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} requests per {} s", self.requests, self.per_seconds)
    }
}

/// Paces requests to a [`RateLimit`]. A burst of up to `requests` goes out
/// at once; after that, one request per `per_seconds / requests`.
pub struct Limiter {
    limit: RateLimit,
    gcra: RateLimiter<NotKeyed, InMemoryState, TokioClock, NoOpMiddleware<TokioInstant>>,
}

impl fmt::Debug for Limiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Limiter").field("limit", &self.limit).finish()
    }
}

impl Limiter {
    /// None when the limit is zero requests or zero seconds, which paces
    /// nothing.
    pub fn new(limit: RateLimit) -> Option<Limiter> {
        let burst = NonZeroU32::new(limit.requests)?;
        let period = Duration::from_secs(u64::from(limit.per_seconds)) / limit.requests;
        let quota = Quota::with_period(period)?.allow_burst(burst);
        Some(Limiter {
            limit,
            gcra: RateLimiter::direct_with_clock(quota, TokioClock),
        })
    }

    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Wait until one more request is allowed.
    pub async fn until_ready(&self) {
        while let Err(not_until) = self.gcra.check() {
            tokio::time::sleep(not_until.wait_time_from(TokioClock.now())).await;
        }
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct TokioClock;

impl Clock for TokioClock {
    type Instant = TokioInstant;

    fn now(&self) -> TokioInstant {
        TokioInstant(tokio::time::Instant::now())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct TokioInstant(tokio::time::Instant);

impl Add<Nanos> for TokioInstant {
    type Output = TokioInstant;

    fn add(self, other: Nanos) -> TokioInstant {
        TokioInstant(self.0 + Duration::from(other))
    }
}

impl Reference for TokioInstant {
    fn duration_since(&self, earlier: Self) -> Nanos {
        self.0.saturating_duration_since(earlier.0).into()
    }

    fn saturating_sub(&self, duration: Nanos) -> Self {
        TokioInstant(self.0.checked_sub(duration.into()).unwrap_or(self.0))
    }
}
