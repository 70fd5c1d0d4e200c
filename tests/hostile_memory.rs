//! Memory under hostile bodies, measured by a counting allocator: a huge
//! error body, endless success bodies, and a body at the maximum that
//! decodes. Each test runs alone (they share the process's allocator) on a
//! one-thread runtime, server included.

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
#[path = "support/hostile_server.rs"]
mod hostile_server;

use std::sync::Mutex;
use std::sync::atomic::Ordering;

use botapis::runtime::{ERROR_BODY_LIMIT, Error, RetryPolicy};
use counting_alloc::{ALLOCATED, Counting, peak_of};
use hostile_server::{Answer, Server};

#[global_allocator]
static COUNTING: Counting = Counting;

static ALONE: Mutex<()> = Mutex::new(());

const MIB: usize = 1024 * 1024;

/// Held for the whole of each test: another test's allocations would
/// count as this one's.
fn alone() -> std::sync::MutexGuard<'static, ()> {
    ALONE.lock().unwrap_or_else(|e| e.into_inner())
}

fn okeybot(server: &Server, max: usize) -> botapis::okeybot::Client {
    botapis::okeybot::Client::builder("token")
        .base_url(&server.url)
        .max_response_size(max as u64)
        .retry(RetryPolicy::none())
        .no_rate_limit()
        .build()
        .unwrap()
}

#[test]
fn a_200_mib_error_body_costs_its_first_64_kib_and_formats_cheaply() {
    let _alone = alone();
    let (err, peak) = peak_of(|| async {
        let server = Server::start(|_| Answer::Endless { status: 500, word: b"a b ", declared: Some(200 * MIB as u64) }).await;
        okeybot(&server, 16 * MIB).get_contact("1").send().await.unwrap_err()
    });
    assert!(matches!(err, Error::Status { .. }), "{err:?}");
    assert_eq!(err.body().unwrap().len(), ERROR_BODY_LIMIT);
    assert!(peak < 2 * MIB, "reading the error took {peak} bytes at its peak");

    let before = ALLOCATED.load(Ordering::Relaxed);
    let shown = format!("{err} {err:?} {err:#?}");
    let formatting = ALLOCATED.load(Ordering::Relaxed) - before;
    assert!(shown.contains("a b a b"), "{shown}");
    assert!(formatting < 64 * 1024, "formatting the error allocated {formatting} bytes");
}

#[test]
fn an_endless_success_body_stops_at_the_maximum() {
    let _alone = alone();
    let max = 4 * MIB;
    let (err, peak) = peak_of(|| async {
        let server = Server::start(|_| Answer::Endless { status: 200, word: b"[1,", declared: None }).await;
        okeybot(&server, max).get_contact("1").send().await.unwrap_err()
    });
    assert!(matches!(err, Error::BodyTooLarge { .. }), "{err:?}");
    assert!(peak < 3 * max, "an endless body took {peak} bytes at its peak, the maximum is {max}");
}

/// Salebot's error-in-body rule reads whole success bodies first.
#[test]
fn an_endless_success_body_of_a_vendor_that_hides_errors_in_successes_stops_too() {
    let _alone = alone();
    let max = 4 * MIB;
    let (err, peak) = peak_of(|| async {
        let server = Server::start(|_| Answer::Endless { status: 200, word: b"{\"a\":1},", declared: None }).await;
        let client = botapis::salebot::Client::builder("key")
            .base_url(&server.url)
            .max_response_size(max as u64)
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        client.get_current_order_id(1).send().await.unwrap_err()
    });
    assert!(matches!(err, Error::BodyTooLarge { .. }), "{err:?}");
    assert!(peak < 3 * max, "an endless body took {peak} bytes at its peak, the maximum is {max}");
}

/// A body just under the maximum that decodes: its bytes, and what they
/// decode into, and no more.
#[test]
fn a_body_at_the_maximum_decodes_within_a_small_multiple_of_it() {
    let _alone = alone();
    let max = 4 * MIB;
    let name = "x".repeat(max - 1024);
    let body = serde_json::json!({"data": {"id": "1", "custom_fields": {"name": name}, "tags": []}}).to_string();
    assert!(body.len() < max);
    let (got, peak) = peak_of(move || async move {
        let server = Server::start(move |_| Answer::Full {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.clone().into_bytes(),
        })
        .await;
        okeybot(&server, max).get_contact("1").send().await.unwrap()
    });
    assert_eq!(got.data.id, "1");
    // The server's copy of the body, the bytes read and the decoded
    // string: about 2.1 times the body.
    assert!(peak < 3 * max, "a {max}-byte body took {peak} bytes at its peak");
}

/// Whatever the error, formatting it reads only a bounded start of what
/// the server sent: here a decode error quoting a 1 MiB value and a
/// vendor error whose message is 1 MiB.
#[test]
fn formatting_decode_and_vendor_errors_is_cheap() {
    let _alone = alone();
    let long = "v".repeat(MIB);
    let (errors, _) = peak_of(move || async move {
        let okeybot_body = serde_json::json!({"data": long.clone()});
        let salebot_body = serde_json::json!({"status": long.clone(), "message": long});
        let decode = Server::start(move |_| Answer::json(200, okeybot_body.clone())).await;
        let vendor = Server::start(move |_| Answer::json(200, salebot_body.clone())).await;
        let salebot = botapis::salebot::Client::builder("key").base_url(&vendor.url).retry(RetryPolicy::none()).build().unwrap();
        (okeybot(&decode, 16 * MIB).get_contact("1").send().await.unwrap_err(), salebot.get_current_order_id(1).send().await.unwrap_err())
    });
    let (decode, vendor) = errors;
    assert!(matches!(decode, Error::Decode { .. }), "{decode:?}");
    let before = ALLOCATED.load(Ordering::Relaxed);
    let texts = [format!("{decode} {decode:?} {decode:#?}"), format!("{vendor} {vendor:?} {vendor:#?}")];
    let formatting = ALLOCATED.load(Ordering::Relaxed) - before;
    assert!(formatting < 256 * 1024, "formatting the two errors allocated {formatting} bytes");
    assert!(texts.iter().all(|t| t.len() < 16 * 1024), "{:?}", texts.iter().map(String::len).collect::<Vec<_>>());
}
