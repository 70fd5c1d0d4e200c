//! Peak memory of a call under large and endless bodies, against plain
//! reqwest reading the same answer from the same loopback server, measured
//! in the same run by a counting allocator.
//!
//! `cargo bench --bench memory`
//!
//! Each scenario runs on a fresh one-thread runtime with its server; the
//! number is the peak of live heap bytes above what was live before, so it
//! includes creating the HTTP client and the server's own buffers, the same
//! on both sides.

#[path = "../tests/support/counting_alloc.rs"]
mod counting_alloc;
#[path = "../tests/support/hostile_server.rs"]
mod hostile_server;

use botapis::okeybot::{Client, types};
use botapis::runtime::RetryPolicy;
use counting_alloc::Counting;
use hostile_server::{Answer, Server};

#[global_allocator]
static COUNTING: Counting = Counting;

const MIB: usize = 1024 * 1024;

fn peak_of<F: std::future::Future>(f: impl FnOnce() -> F) -> usize {
    counting_alloc::peak_of(f).1
}

fn client(server: &Server, max: usize) -> Client {
    Client::builder("token").base_url(&server.url).max_response_size(max as u64).retry(RetryPolicy::none()).no_rate_limit().build().unwrap()
}

fn row(what: &str, baseline: usize, candidate: usize) {
    println!(
        "| {what} | {:.2} MiB | {:.2} MiB | {:.3} |",
        baseline as f64 / MIB as f64,
        candidate as f64 / MIB as f64,
        candidate as f64 / baseline as f64
    );
}

fn main() {
    // `cargo bench` passes `--bench`; nothing here takes arguments.
    let max = 16 * MIB;
    println!("| scenario | plain reqwest (baseline) | botapis client | ratio |");
    println!("| --- | --- | --- | --- |");

    let huge_error = || Answer::Endless { status: 500, word: b"a b ", declared: Some(200 * MIB as u64) };
    let baseline = peak_of(|| async {
        let server = Server::start(move |_| huge_error()).await;
        let body = reqwest::Client::new().get(format!("{}/contact/1", server.url)).send().await.unwrap().bytes().await.unwrap();
        assert_eq!(body.len(), 200 * MIB);
    });
    let candidate = peak_of(|| async {
        let server = Server::start(move |_| huge_error()).await;
        let err = client(&server, max).get_contact("1").send().await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    });
    row("a 200 MiB error body, read whole by the baseline", baseline, candidate);

    let name = "x".repeat(max - 1024);
    let body = serde_json::json!({"data": {"id": "1", "custom_fields": {"name": name}, "tags": []}}).to_string();
    let answer = move || Answer::Full {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.clone().into_bytes(),
    };
    let (a, b) = (answer.clone(), answer.clone());
    let baseline = peak_of(|| async move {
        let server = Server::start(move |_| a()).await;
        let response = reqwest::Client::new().get(format!("{}/contact/1", server.url)).send().await.unwrap();
        let contact: types::ContactEnvelope = response.json().await.unwrap();
        assert_eq!(contact.data.id, "1");
    });
    let candidate = peak_of(|| async move {
        let server = Server::start(move |_| b()).await;
        let contact = client(&server, max).get_contact("1").send().await.unwrap();
        assert_eq!(contact.data.id, "1");
    });
    row("a 16 MiB success body (just under the maximum), decoded", baseline, candidate);

    let endless = || Answer::Endless { status: 200, word: b"[1,", declared: None };
    let at_max = peak_of(|| async move {
        let server = Server::start(move |_| answer()).await;
        client(&server, max).get_contact("1").send().await.unwrap();
    });
    let candidate = peak_of(|| async {
        let server = Server::start(move |_| endless()).await;
        let err = client(&server, max).get_contact("1").send().await.unwrap_err();
        assert!(err.to_string().contains("larger than the maximum"), "{err}");
    });
    row("an endless success body (baseline: the client decoding a body at the maximum)", at_max, candidate);
}
