//! Which operations the clients actually sent: the runtime opens a
//! `botapis.request` span for each request it sends, with the vendor and
//! the operation; this records them. Coverage checks compare that with the
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

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Sent {
    fn on_new_span(&self, attrs: &tracing::span::Attributes<'_>, _: &tracing::span::Id, _: tracing_subscriber::layer::Context<'_, S>) {
        if attrs.metadata().name() != "botapis.request" {
            return;
        }
        #[derive(Default)]
        struct Fields(Option<String>, Option<String>);
        impl tracing::field::Visit for Fields {
            fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
                match field.name() {
                    "vendor" => self.0 = Some(value.to_string()),
                    "operation" => self.1 = Some(value.to_string()),
                    _ => {}
                }
            }
            fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
        }
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        if let Fields(Some(vendor), Some(operation)) = fields {
            self.0.lock().unwrap().insert((vendor, operation));
        }
    }
}
