//! The client runtime against loopback mock servers: retries, Retry-After,
//! idempotency, timeouts, decode failures, rate limiting and pagination.

mod support;

use std::time::Duration;

use botapis::okeybot::{Client, Error, types};
use botapis::runtime::{Limiter, RateLimit, RetryPolicy};
use futures::TryStreamExt;
use serde_json::json;
use support::{ExactQuery, example};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SPEC: &str = "specs/okeybot.yaml";
const TOKEN: &str = "runtime-test-token";

/// Quick retries, so tests spend milliseconds, not seconds, backing off.
fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        ..RetryPolicy::default()
    }
}

fn client(server: &MockServer, retry: RetryPolicy) -> Client {
    Client::builder(TOKEN).base_url(server.uri()).retry(retry).no_rate_limit().build().unwrap()
}

fn contact() -> serde_json::Value {
    example(SPEC, "/contact/{contact_id}", "get", "200")
}

fn tags() -> [&'static str; 1] {
    ["VIP"]
}

/// Answer `first` once, then `then` for ever.
async fn first_then(server: &MockServer, verb: &str, first: ResponseTemplate, then: ResponseTemplate) {
    Mock::given(method(verb)).respond_with(first).up_to_n_times(1).with_priority(1).mount(server).await;
    Mock::given(method(verb)).respond_with(then).with_priority(2).mount(server).await;
}

#[tokio::test]
async fn a_429_with_retry_after_succeeds_after_the_wait() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429)
        .insert_header("retry-after", "1")
        .set_body_json(json!({"status": "error", "message": "Too many requests", "data": []}));
    first_then(&server, "GET", limited, ResponseTemplate::new(200).set_body_json(contact())).await;

    let started = std::time::Instant::now();
    let got = client(&server, fast_retries()).get_contact("1").send().await.unwrap();

    assert_eq!(got.data.id, "1776025372480910");
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_500_on_a_get_is_retried() {
    let server = MockServer::start().await;
    first_then(&server, "GET", ResponseTemplate::new(500), ResponseTemplate::new(200).set_body_json(contact())).await;

    client(&server, fast_retries()).get_contact("1").send().await.unwrap();

    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_500_on_a_post_is_not_retried() {
    let server = MockServer::start().await;
    first_then(&server, "POST", ResponseTemplate::new(500), ResponseTemplate::new(200)).await;

    let err = client(&server, fast_retries()).add_tags("1", tags()).send().await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "a POST must not be sent twice");
}

#[tokio::test]
async fn a_503_on_a_post_is_not_retried_even_with_retry_after() {
    let server = MockServer::start().await;
    first_then(&server, "POST", ResponseTemplate::new(503).insert_header("retry-after", "0"), ResponseTemplate::new(200)).await;

    let err = client(&server, fast_retries()).add_tags("1", tags()).send().await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_429_on_a_post_is_returned_with_its_wait_not_sent_again() {
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_json(example(SPEC, "/contact/{contact_id}/tags", "post", "200"));
    first_then(&server, "POST", ResponseTemplate::new(429).insert_header("retry-after", "2"), ok).await;

    let err = client(&server, fast_retries()).add_tags("1", tags()).send().await.unwrap_err();

    assert_eq!(err.retry_after(), Some(Duration::from_secs(2)));
    assert!(!err.maybe_delivered(), "the vendor refused it: sending it again is the caller's safe choice");
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "a POST that reached a server is never sent twice");
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_is_returned_with_the_wait() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600")).mount(&server).await;

    let err = client(&server, fast_retries()).get_contact("1").send().await.unwrap_err();

    match err {
        Error::RateLimited { retry_after, .. } => assert_eq!(retry_after, Some(Duration::from_secs(3600))),
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn retries_can_be_turned_off_and_are_bounded() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(502)).mount(&server).await;

    client(&server, RetryPolicy::none()).get_contact("1").send().await.unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    client(&server, fast_retries()).get_contact("1").send().await.unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1 + 3, "first attempt and two retries");
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(contact()).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client =
        Client::builder(TOKEN).base_url(server.uri()).timeout(Duration::from_millis(200)).retry(RetryPolicy::none()).build().unwrap();

    let err = client.get_contact("1").send().await.unwrap_err();

    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(err.to_string().contains("/contact/1"), "{err}");
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_that_never_reached_the_vendor() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder(TOKEN).base_url(format!("http://127.0.0.1:{port}")).retry(fast_retries()).build().unwrap();

    let err = client.create_contact(Vec::<types::CustomField>::new()).send().await.unwrap_err();

    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(!err.maybe_delivered());
}

#[tokio::test]
async fn an_html_401_still_says_401_and_keeps_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string("<html><body>Unauthorized</body></html>"))
        .mount(&server)
        .await;

    let err = client(&server, RetryPolicy::none()).get_contact("1").send().await.unwrap_err();

    match &err {
        Error::Status { status, envelope: None, body, .. } => {
            assert_eq!(status.as_u16(), 401);
            assert_eq!(&body[..], b"<html><body>Unauthorized</body></html>");
        }
        other => panic!("expected Status, got {other:?}"),
    }
    assert!(err.to_string().starts_with("HTTP 401 Unauthorized: <html>"), "{err}");
}

#[tokio::test]
async fn an_undecodable_success_keeps_its_status_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_string("{\"data\": 42}")).mount(&server).await;

    let err = client(&server, RetryPolicy::none()).get_contact("1").send().await.unwrap_err();

    match err {
        Error::Decode { status, body, .. } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(&body[..], b"{\"data\": 42}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn unknown_fields_never_break_decoding() {
    let server = MockServer::start().await;
    let mut body = contact();
    body["data"]["introduced_next_year"] = json!({"nested": [1, 2]});
    body["paging"] = json!("new");
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;

    let got = client(&server, RetryPolicy::none()).get_contact("1").send().await.unwrap();

    assert_eq!(got.data.id, "1776025372480910");
}

#[tokio::test]
async fn the_builder_sets_the_user_agent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::header("user-agent", "my-bot/2.0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(contact()))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(TOKEN).base_url(server.uri()).user_agent("my-bot/2.0").build().unwrap();

    client.get_contact("1").send().await.unwrap();
}

#[tokio::test]
async fn a_base_url_password_is_sent_as_basic_auth_and_never_shown() {
    // Salebot's key goes in the path, so the base URL's `user:password@`
    // (a proxy's) is the request's only `Authorization`, as reqwest sends it.
    let server = MockServer::start().await;
    let basic = format!("Basic {}", base64::Engine::encode(&base64::engine::general_purpose::STANDARD, "proxy:pr0xy-pa55"));
    Mock::given(method("GET"))
        .and(wiremock::matchers::header("authorization", basic.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "success"})))
        .expect(1)
        .mount(&server)
        .await;
    let base = server.uri().replace("http://", "http://proxy:pr0xy-pa55@");
    let client = botapis::salebot::Client::builder("key").base_url(&base).build().unwrap();
    let shown = format!("{client:?} {client:#?}");
    assert!(!shown.contains("pr0xy-pa55"), "{shown}");
    let _ = client.get_variables(7).send().await;
    let okeybot = Client::with_base_url(&base, TOKEN);
    assert!(!format!("{okeybot:?}").contains("pr0xy-pa55"));
    assert_eq!(okeybot.baseurl(), &server.uri());
}

#[tokio::test]
async fn no_request_carries_a_header_the_vendor_does_not_document() {
    // The engine adds `api-version: <info.version>` (Okeybot `1.0`, Watbot
    // `1`); neither vendor documents such a header.
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(contact())).mount(&server).await;
    let _ = client(&server, RetryPolicy::none()).get_contact("1").send().await;
    let _ = botapis::watbot::Client::with_base_url(&server.uri(), "t").get_me().send().await;
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for request in requests {
        let names: Vec<&str> = request.headers.keys().map(|k| k.as_str()).collect();
        assert!(!names.contains(&"api-version"), "{} {names:?}", request.url);
    }
}

#[test]
fn an_invalid_base_url_is_refused_by_the_builder() {
    // The URL is shown without what may be a secret in it: a user and
    // password, a query; text that is no URL at all is not shown.
    for (url, shown) in [
        ("not a url", "(9 characters that are not a URL)"),
        ("ftp://example.com", "ftp://example.com/"),
        ("https://proxy-user:proxy-pass@example.com/api?key=k3y", "https://example.com/api?[REDACTED]"),
    ] {
        let err = Client::builder(TOKEN).base_url(url).build().unwrap_err();
        assert!(err.to_string().starts_with(&format!("invalid base URL `{shown}`")), "{err}");
        let all = format!("{err} {err:?}");
        assert!(!all.contains("proxy-pass") && !all.contains("k3y") && !all.contains("proxy-user"), "{all}");
    }
}

#[tokio::test(start_paused = true)]
async fn the_limiter_lets_the_limit_out_at_once_then_waits_a_whole_window() {
    // 2 per second: two at once, then the next two one second later.
    let limiter = Limiter::new(RateLimit { requests: 2, per_seconds: 1 }).unwrap();
    let start = tokio::time::Instant::now();
    let mut at = Vec::new();
    for _ in 0..6 {
        limiter.until_ready().await;
        at.push(start.elapsed().as_millis());
    }
    assert_eq!(at, [0, 0, 1000, 1000, 2000, 2000]);
}

#[tokio::test(start_paused = true)]
async fn a_slot_frees_one_window_after_its_answer_not_after_its_send() {
    let limiter = Limiter::new(RateLimit { requests: 1, per_seconds: 1 }).unwrap();
    let start = tokio::time::Instant::now();
    let slow = limiter.acquire().await;
    // The answer takes 300 ms: the server may have seen the request as late
    // as that, so the next one waits a whole window after it.
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(slow);
    limiter.until_ready().await;
    assert_eq!(start.elapsed(), Duration::from_millis(1300));
}

#[tokio::test(start_paused = true)]
async fn okeybots_documented_limit_is_100_in_any_minute() {
    let limiter = Limiter::new(botapis::okeybot::RATE_LIMIT.unwrap()).unwrap();
    let start = tokio::time::Instant::now();
    let mut at = Vec::new();
    for _ in 0..250 {
        limiter.until_ready().await;
        at.push(start.elapsed());
    }
    // The first 100 go at once, the next 100 a minute later, and so on;
    // so no minute holds 101.
    assert_eq!(at[99], Duration::ZERO);
    assert_eq!(at[100], Duration::from_secs(60));
    assert_eq!(at[249], Duration::from_secs(120));
    for (i, sent) in at.iter().enumerate().skip(100) {
        assert!(*sent >= at[i - 100] + Duration::from_secs(60), "request {i} is the 101st within a minute");
    }
}

#[test]
fn clones_of_a_client_share_one_limiter() {
    let a = Client::with_token(TOKEN);
    let b = a.clone();
    let other = Client::with_token(TOKEN);
    let limiter = |c: &Client| c.inner().limiter().unwrap() as *const Limiter;
    assert_eq!(limiter(&a), limiter(&b));
    assert_ne!(limiter(&a), limiter(&other));
    assert!(Client::builder(TOKEN).no_rate_limit().build().unwrap().inner().limiter().is_none());
}

/// Three pages of two contacts, each page requested exactly once.
async fn three_pages(server: &MockServer) {
    for page in 1..=3u32 {
        let next = (page < 3).then(|| format!("{}/contact/by_custom_field?page={}", server.uri(), page + 1));
        let items: Vec<serde_json::Value> = (0..2).map(|i| json!({"id": format!("{page}-{i}"), "custom_fields": {}, "tags": []})).collect();
        let body = json!({
            "data": items,
            "links": {"first": null, "last": null, "prev": null, "next": next},
            "meta": {"current_page": page, "last_page": 3, "per_page": 2, "total": 6, "from": null, "to": null}
        });
        let page_text = page.to_string();
        Mock::given(method("GET"))
            .and(path("/contact/by_custom_field"))
            .and(ExactQuery::new(&[("name", "tier"), ("page", &page_text), ("value", "gold")]))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn a_three_page_listing_streams_in_order_with_the_exact_page_requests() {
    let server = MockServer::start().await;
    three_pages(&server).await;

    let ids: Vec<String> = client(&server, RetryPolicy::none())
        .get_contacts_by_custom_field("tier", "gold")
        .stream()
        .map_ok(|c| c.id)
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids, ["1-0", "1-1", "2-0", "2-1", "3-0", "3-1"]);
}

#[tokio::test]
async fn pages_come_whole_with_what_the_vendor_says_besides_the_items() {
    let server = MockServer::start().await;
    three_pages(&server).await;

    let pages: Vec<types::ContactPage> =
        client(&server, RetryPolicy::none()).get_contacts_by_custom_field("tier", "gold").pages().try_collect().await.unwrap();

    let numbers: Vec<_> = pages.iter().map(|p| (p.meta.current_page, p.data.len())).collect();
    assert_eq!(numbers, [(1, 2), (2, 2), (3, 2)]);
    assert_eq!(pages[2].meta.total, 6);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_items_before_it() {
    let server = MockServer::start().await;
    let first = json!({
        "data": [{"id": "a"}],
        "links": {"next": "more"},
        "meta": {"current_page": 1, "last_page": 2, "per_page": 1, "total": 2}
    });
    first_then(&server, "GET", ResponseTemplate::new(200).set_body_json(first), ResponseTemplate::new(403)).await;

    let client = client(&server, RetryPolicy::none());
    let mut stream = client.get_contacts_by_custom_field("n", "v").stream();

    assert_eq!(stream.try_next().await.unwrap().unwrap().id, "a");
    assert_eq!(stream.try_next().await.unwrap_err().status().map(|s| s.as_u16()), Some(403));
}

#[tokio::test]
async fn an_undocumented_status_keeps_its_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(202).set_body_string("accepted, later")).mount(&server).await;

    let err = client(&server, RetryPolicy::none()).get_contact("1").send().await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(202));
    assert_eq!(err.body().map(|b| &b[..]), Some(&b"accepted, later"[..]));
}

#[tokio::test]
async fn a_per_call_timeout_applies_to_that_call_only() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(contact()).set_delay(Duration::from_millis(600)))
        .mount(&server)
        .await;
    let client = client(&server, RetryPolicy::none());

    let err = client.with_timeout(Duration::from_millis(100)).get_contact("1").send().await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");

    // The client it came from keeps its own (30 s) timeout.
    client.get_contact("1").send().await.unwrap();
}

#[tokio::test]
async fn the_deadline_bounds_every_attempt_and_the_waits_between_them() {
    // Each attempt stays within its own 200 ms timeout, and the policy
    // allows 20 of them with backoffs: only the deadline ends the call.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(contact()).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let retry = RetryPolicy { max_retries: 20, ..fast_retries() };
    let client = Client::builder(TOKEN)
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .deadline(Duration::from_millis(700))
        .retry(retry)
        .build()
        .unwrap();

    let started = std::time::Instant::now();
    let err = client.get_contact("1").send().await.unwrap_err();
    let took = started.elapsed();

    assert!(matches!(err, Error::Timeout { deadline: Some(d), .. } if d == Duration::from_millis(700)), "{err:?}");
    assert!(err.to_string().ends_with("did not finish within its deadline of 0.7 s"), "{err}");
    assert!(err.to_string().contains("/contact/1"), "{err}");
    assert!(took >= Duration::from_millis(700) && took < Duration::from_secs(3), "{took:?}");
    let attempts = server.received_requests().await.unwrap().len();
    assert!((2..=5).contains(&attempts), "{attempts} attempts");
}

#[tokio::test]
async fn the_deadline_covers_the_wait_for_a_rate_limit_slot() {
    // One request a minute: the second call would wait 60 s for its slot,
    // which `with_timeout` does not bound and the deadline does.
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(contact())).expect(1).mount(&server).await;
    let client = Client::builder(TOKEN).base_url(server.uri()).rate_limit(RateLimit { requests: 1, per_seconds: 60 }).build().unwrap();
    client.get_contact("1").send().await.unwrap();

    let started = std::time::Instant::now();
    let err = client.with_deadline(Duration::from_millis(300)).get_contact("2").send().await.unwrap_err();

    assert!(matches!(err, Error::Timeout { deadline: Some(_), .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    // The client it came from has no deadline: its call is still waiting.
    let waiting = tokio::time::timeout(Duration::from_millis(300), client.get_contact("3").send()).await;
    assert!(waiting.is_err(), "the original client has no deadline");
}

#[tokio::test]
async fn a_call_within_its_deadline_is_untouched() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(contact()).set_delay(Duration::from_millis(50)))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server, RetryPolicy::none()).with_deadline(Duration::from_secs(10));
    assert_eq!(client.get_contact("1").send().await.unwrap().data.id, "1776025372480910");
}

#[tokio::test]
async fn a_per_call_retry_policy_applies_to_that_call_only() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(502)).mount(&server).await;
    let client = client(&server, fast_retries());

    client.with_retry(RetryPolicy::none()).get_contact("1").send().await.unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "no retry for this call");

    client.get_contact("1").send().await.unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1 + 3, "the client still retries twice");
}

#[test]
fn a_value_that_does_not_convert_is_the_vendors_error() {
    fn build() -> Result<types::CustomFieldName, Error> {
        // A custom field's name is never empty.
        Ok("".parse::<types::CustomFieldName>()?)
    }
    let err = build().unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(err.to_string().ends_with("; the request was not sent"), "{err}");
}

/// A call's future stays small (the engine's call is boxed inside it):
/// at some 20 KB each in a debug build, an async fn awaiting a few dozen
/// calls overflowed a thread's 2 MiB stack.
#[test]
fn a_call_is_a_small_future() {
    // A caller's async fn that awaits many calls holds a pointer to each,
    // not its whole state.
    let client = botapis::okeybot::Client::with_token("t");
    let send = client.get_contact("1").send();
    assert!(
        std::mem::size_of_val(&send) <= 2 * std::mem::size_of::<usize>(),
        "a `send()` future takes {} bytes",
        std::mem::size_of_val(&send)
    );
    let salebot = botapis::salebot::Client::with_api_key("k");
    let lenient = salebot.find_client_id_by_phone("1").send().with_response();
    assert!(
        std::mem::size_of_val(&lenient) <= 2 * std::mem::size_of::<usize>(),
        "a `with_response()` future takes {} bytes",
        std::mem::size_of_val(&lenient)
    );
}
