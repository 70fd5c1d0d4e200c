//! Request throughput of a generated client (Okeybot's `get_contact`)
//! against plain reqwest making the same request to the same loopback
//! server and decoding the same type, measured in the same run. The ratio
//! of their times is the client's throughput relative to reqwest.
//!
//! Criterion reports each side's time; the ratio comes from a paired run
//! printed at the end (see `benches/support/paired.rs`).
//!
//! `cargo bench --bench throughput`

use botapis::okeybot::{Client, types};
use botapis::runtime::RetryPolicy;
use criterion::{Criterion, criterion_group};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/paired.rs"]
mod paired;

/// Requests per measured iteration, one after another.
const BATCH: usize = 50;

fn throughput(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        let body = serde_json::json!({"data": {"id": "1776025372480910", "custom_fields": {"firstName": "Mahin"}, "tags": ["VIP"], "created_at": 1575618542}});
        Mock::given(method("GET")).and(path("/contact/1")).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
        server
    });
    let base_url = server.uri();
    // The same requests: the same timeouts and User-Agent as the client's
    // defaults, so the comparison is of the client layer, not of settings;
    // and per call, what a hand-written call does: the URL from the base
    // and the id, the token, and the headers the client sends (`Accept`;
    // not the engine's `api-version`, which the client no longer sends).
    let plain = reqwest::Client::builder()
        .timeout(botapis::runtime::DEFAULT_TIMEOUT)
        .connect_timeout(botapis::runtime::DEFAULT_CONNECT_TIMEOUT)
        .user_agent(botapis::runtime::USER_AGENT)
        .build()
        .unwrap();
    let client = Client::builder("token").base_url(server.uri()).no_rate_limit().retry(RetryPolicy::default()).build().unwrap();

    let baseline = || async {
        for _ in 0..BATCH {
            let response = plain
                .get(format!("{base_url}/contact/{}", "1"))
                .bearer_auth("token")
                .header("accept", "application/json")
                .send()
                .await
                .unwrap();
            let _: types::ContactEnvelope = response.json().await.unwrap();
        }
    };
    let candidate = || async {
        for _ in 0..BATCH {
            client.get_contact("1").send().await.unwrap();
        }
    };
    let mut group = c.benchmark_group("throughput/okeybot get_contact x50");
    group.bench_function("baseline: plain reqwest", |b| b.to_async(&rt).iter(baseline));
    group.bench_function("botapis client", |b| b.to_async(&rt).iter(candidate));
    group.finish();

    let result = paired::measure(20, 400, || rt.block_on(baseline()), || rt.block_on(candidate()));
    // Throughput is requests per second: the inverse of the time ratio.
    println!("\npaired: botapis client over plain reqwest, {BATCH} requests a round");
    println!("throughput/okeybot get_contact {result}");
    println!("throughput ratio (client / reqwest): {:.3}", 1.0 / result.ratio);
}

criterion_group!(benches, throughput);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
