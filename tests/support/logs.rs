//! Every log line a test's thread writes at TRACE: tracing's, and through
//! the bridge everything written with the `log` crate (reqwest's own).

#![allow(dead_code)]

use std::io::Write;
use std::sync::{Arc, Mutex, Once};

/// What the subscriber wrote, kept for inspection.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Capture this thread's log lines until the guard is dropped. Tests that
/// use it run on a current-thread runtime, so the client logs here.
pub fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    static BRIDGE: Once = Once::new();
    // The `log` crate has one global logger; the bridge forwards to the
    // thread's subscriber. Another test binary's logger is not ours to keep.
    BRIDGE.call_once(|| {
        let _ = tracing_log::LogTracer::init();
    });
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber =
        tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_ansi(false).with_writer(move || writer.clone()).finish();
    (captured, tracing::subscriber::set_default(subscriber))
}
