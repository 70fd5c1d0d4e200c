//! Which operations the clients actually sent and got an answer to: the
//! runtime opens a `botapis.request` span for each request, with the vendor
//! and the operation, and records its `status` when the answer comes; this
//! records the operations whose requests were answered. Coverage checks compare that with the
//! operations the specs declare, so a call that is only written down (in a
//! comment, or in code that never runs) does not count.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use tracing_subscriber::layer::SubscriberExt;

/// (vendor, operation) pairs, as the spec names them: the vendor is the
/// spec's file name, which is also the module's.
pub type Operations = BTreeSet<(String, String)>;

/// What was sent since recording began.
#[derive(Clone, Default)]
pub struct Sent(Arc<Mutex<Operations>>);

impl Sent {
    pub fn operations(&self) -> Operations {
        self.0.lock().unwrap().clone()
    }

    /// Fails, naming them, when an operation `vendor`'s spec declares was
    /// never sent.
    pub fn assert_every_operation_of(&self, vendor: &str) {
        let sent = self.operations();
        let never: Vec<String> =
            declared().into_iter().filter(|(v, op)| v == vendor && !sent.contains(&(v.clone(), op.clone()))).map(|(_, op)| op).collect();
        assert!(never.is_empty(), "{vendor}: never sent: {never:?}");
    }
}

/// Record every request sent from any thread, for the rest of the process.
pub fn record_globally() -> Sent {
    let sent = Sent::default();
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(sent.clone())).unwrap();
    sent
}

/// Record the requests sent from this thread until the guard is dropped
/// (a `#[tokio::test]` runs its client on its own thread).
pub fn record_here() -> (Sent, tracing::subscriber::DefaultGuard) {
    let sent = Sent::default();
    let guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(sent.clone()));
    (sent, guard)
}

/// Every (vendor, operation) the specs in `specs/` declare.
pub fn declared() -> Operations {
    let mut out = Operations::new();
    for entry in std::fs::read_dir("specs").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let vendor = path.file_stem().unwrap().to_string_lossy().into_owned();
        let spec = super::load(&path.to_string_lossy());
        for item in spec["paths"].as_object().unwrap().values() {
            for op in item.as_object().unwrap().values() {
                if let Some(id) = op.get("operationId").and_then(|v| v.as_str()) {
                    out.insert((vendor.clone(), id.to_string()));
                }
            }
        }
    }
    assert!(!out.is_empty(), "specs/ declares no operation");
    out
}

/// The vendor and operation of one `botapis.request` span.
#[derive(Default)]
struct Request(Option<String>, Option<String>);

impl tracing::field::Visit for Request {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        match field.name() {
            "vendor" => self.0 = Some(value.to_string()),
            "operation" => self.1 = Some(value.to_string()),
            _ => {}
        }
    }
    fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
}

/// Whether a record sets the span's `status`: the vendor (or the mock)
/// answered.
struct Answered(bool);

impl tracing::field::Visit for Answered {
    fn record_debug(&mut self, field: &tracing::field::Field, _: &dyn std::fmt::Debug) {
        self.0 |= field.name() == "status";
    }
}

/// An operation counts once a request of it got an answer: a request that
/// could not connect, or a span that opened for nothing, does not.
impl<S> tracing_subscriber::Layer<S> for Sent
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &tracing::span::Attributes<'_>, id: &tracing::span::Id, ctx: tracing_subscriber::layer::Context<'_, S>) {
        if attrs.metadata().name() != "botapis.request" {
            return;
        }
        let mut request = Request::default();
        attrs.record(&mut request);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(request);
        }
    }

    fn on_record(&self, id: &tracing::span::Id, values: &tracing::span::Record<'_>, ctx: tracing_subscriber::layer::Context<'_, S>) {
        let mut answered = Answered(false);
        values.record(&mut answered);
        if !answered.0 {
            return;
        }
        let Some(span) = ctx.span(id) else { return };
        if let Some(Request(Some(vendor), Some(operation))) = span.extensions().get::<Request>() {
            self.0.lock().unwrap().insert((vendor.clone(), operation.clone()));
        }
    }
}
