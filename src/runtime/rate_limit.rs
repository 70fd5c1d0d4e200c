//! The client-side rate limiter: a sliding window that never lets more
//! requests into any window of the documented length than the vendor
//! allows.
//!
//! A vendor's "100 requests a minute" is a promise about every minute, not
//! an average. GCRA (governor) with a burst of the limit lets almost twice
//! the limit into one window: the burst, then the refills. So the window is
//! kept exactly: each request holds a slot from the moment it is sent until
//! one window after its answer came back. The server saw the request
//! somewhere in between, so however the network delays requests, any two
//! whose slots do not overlap arrived at least a window apart.
//!
//! It runs on tokio's clock, so that waiting costs no thread and a test with
//! a paused clock can measure the pacing exactly.

use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

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

/// Paces requests to a [`RateLimit`]: up to `requests` go out at once, and
/// no window of `per_seconds` ever holds more than `requests`. Clones of a
/// client share one.
pub struct Limiter {
    limit: RateLimit,
    window: Duration,
    slots: Mutex<Slots>,
    /// Woken when a request in flight is answered: its slot then gets an
    /// end time that a waiter can sleep until.
    answered: Notify,
}

#[derive(Default)]
struct Slots {
    /// At most `limit.requests` entries.
    held: Vec<Slot>,
    next_id: u64,
}

#[derive(Clone, Copy)]
enum Slot {
    InFlight(u64),
    /// Answered at this instant; the slot frees one window later.
    Answered(Instant),
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
        if limit.requests == 0 || limit.per_seconds == 0 {
            return None;
        }
        Some(Limiter {
            limit,
            window: Duration::from_secs(u64::from(limit.per_seconds)),
            slots: Mutex::new(Slots::default()),
            answered: Notify::new(),
        })
    }

    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// Wait until one more request may be sent, and hold its slot until the
    /// returned permit is dropped, which is when its answer came.
    pub async fn acquire(&self) -> Permit<'_> {
        loop {
            // Registered before looking, so an answer in between still wakes.
            let answered = self.answered.notified();
            let free_at = {
                let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
                let now = Instant::now();
                let window = self.window;
                slots.held.retain(|slot| !matches!(slot, Slot::Answered(at) if *at + window <= now));
                if slots.held.len() < self.limit.requests as usize {
                    let id = slots.next_id;
                    slots.next_id += 1;
                    slots.held.push(Slot::InFlight(id));
                    return Permit { limiter: self, id };
                }
                slots
                    .held
                    .iter()
                    .filter_map(|slot| match slot {
                        Slot::Answered(at) => Some(*at + window),
                        Slot::InFlight(_) => None,
                    })
                    .min()
            };
            match free_at {
                Some(at) => {
                    let freed = std::pin::pin!(tokio::time::sleep_until(at));
                    let answered = std::pin::pin!(answered);
                    futures::future::select(freed, answered).await;
                }
                // Every slot is a request still in flight.
                None => answered.await,
            }
        }
    }

    /// Wait until one more request may be sent, counting it as answered at
    /// once.
    pub async fn until_ready(&self) {
        drop(self.acquire().await);
    }

    fn answer(&self, id: u64) {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if let Some(slot) = slots.held.iter_mut().find(|s| matches!(s, Slot::InFlight(i) if *i == id)) {
            *slot = Slot::Answered(now);
        }
        drop(slots);
        self.answered.notify_waiters();
    }
}

/// One request's place in the window. Dropping it (when the answer came, or
/// the request was abandoned) starts the window after which the place frees.
#[must_use = "the slot is released when the permit is dropped"]
pub struct Permit<'a> {
    limiter: &'a Limiter,
    id: u64,
}

impl fmt::Debug for Permit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Permit").field("limit", &self.limiter.limit).finish()
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.limiter.answer(self.id);
    }
}
