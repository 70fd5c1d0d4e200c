//! A canary secret goes through every error path and every Debug impl of
//! each vendor's client, and must never come out: not in Display, not in
//! Debug, not in a log line.

use std::time::Duration;

use botapis::runtime::RetryPolicy;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/logs.rs"]
mod logs;

const CANARY: &str = "CANARY-5f3a9c1e-never-print-me";

/// Every way a call can go wrong, as a mock server and a client setting.
async fn servers() -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for (name, answer) in [
        (
            "4xx",
            ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"status": "error", "message": "API Token is invalid.", "data": []})),
        ),
        ("5xx", ResponseTemplate::new(502).set_body_string("bad gateway")),
        ("undecodable", ResponseTemplate::new(200).set_body_string("<html>not json</html>")),
        ("timeout", ResponseTemplate::new(200).set_delay(Duration::from_secs(5))),
        ("429", ResponseTemplate::new(429).insert_header("retry-after", "0")),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET")).respond_with(answer).mount(&server).await;
        // Servers live for the whole test: leak them rather than thread them.
        out.push((name, server.uri()));
        std::mem::forget(server);
    }
    let refused = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    out.push(("connection refused", format!("http://127.0.0.1:{refused}")));
    out.push(("invalid base URL", "::not a url::".to_string()));
    out
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(CANARY), "{what} shows the secret:\n{text}");
}

/// One vendor's canary test: build a client whose every credential is the
/// canary, run `$call` against every failing server, and look everywhere.
macro_rules! canary_test {
    ($name:ident, $vendor:ident, [$($credential:expr),+], |$client:ident| $call:expr) => {
        #[tokio::test]
        async fn $name() {
            use botapis::$vendor::Client;
            let (logs, _guard) = logs::capture();

            for (path, base_url) in servers().await {
                let builder = Client::builder($($credential),+)
                    .base_url(&base_url)
                    .timeout(Duration::from_millis(300))
                    .retry(RetryPolicy { max_retries: 1, initial_backoff: Duration::from_millis(1), ..RetryPolicy::default() });
                assert_clean("the builder's Debug", &format!("{builder:?}"));
                let $client = match builder.build() {
                    Ok(client) => client,
                    Err(e) => {
                        assert_eq!(path, "invalid base URL");
                        assert_clean("a build error", &format!("{e} {e:?}"));
                        Client::with_base_url(&base_url, $($credential),+)
                    }
                };
                assert_clean("the client's Debug", &format!("{:?}", $client));

                let err = $call.await.unwrap_err();

                assert_clean(&format!("{path}: the error's Display"), &err.to_string());
                assert_clean(&format!("{path}: the error's Debug"), &format!("{err:?}"));
                let mut source = std::error::Error::source(&err);
                while let Some(s) = source {
                    assert_clean(&format!("{path}: an error source"), &format!("{s} {s:?}"));
                    source = s.source();
                }
            }

            let logged = logs.text();
            assert!(logged.contains("botapis.request"), "requests are traced:\n{logged}");
            assert!(logged.contains("retrying"), "retries are logged:\n{logged}");
            assert_clean("the log", &logged);
        }
    };
}

canary_test!(okeybot_never_shows_its_token, okeybot, [CANARY], |client| {
    let request = client.get_contact("1");
    assert_clean("a request builder's Debug", &format!("{request:?}"));
    request.send()
});

// SMSGold sends the account in the query of its GETs: the URL in every
// error and log line must be redacted.
canary_test!(smsgold_never_shows_its_account, smsgold, [CANARY, CANARY], |client| { client.get_subscribers("12").send() });

// Watbot's token is a query parameter of every request.
canary_test!(watbot_never_shows_its_token, watbot, [CANARY], |client| { client.get_contact_tags(42).send() });

// ImbaChat puts the widget id in the path and the secret key in Basic auth.
canary_test!(imbachat_never_shows_its_credentials, imbachat, [CANARY, CANARY, CANARY, CANARY], |client| { client.get_rooms().send() });

// Salebot's key is a segment of every URL. (`get_history`'s answer is
// documented, so an answer that does not match it is an error to inspect.)
canary_test!(salebot_never_shows_its_key, salebot, [CANARY], |client| { client.get_history(85856).send() });

// An answer resting on one source that does not match its type succeeds:
// what did not match (a server echoing the key where a number goes) is
// redacted in the mismatch and its log line, like any decode error.
#[tokio::test]
async fn a_mismatched_answer_never_shows_the_key() {
    let (logs, _guard) = logs::capture();
    let server = MockServer::start().await;
    let echoed = serde_json::json!({"client_id": CANARY, "status": "success"});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(&echoed)).mount(&server).await;
    let client = botapis::salebot::Client::builder(CANARY).base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap();

    let response = client.find_client_id_by_phone("79990001122").send().with_response().await.unwrap();

    let mismatch = response.mismatch().expect("a string where the id goes does not match");
    assert!(mismatch.error().to_string().contains("invalid type"), "{mismatch}");
    assert_clean("the mismatch", &format!("{mismatch} {mismatch:?} {:?}", mismatch.error()));
    assert_clean("the response's Debug", &format!("{response:?}"));
    let logged = logs.text();
    assert!(logged.contains("did not match"), "the mismatch is logged:\n{logged}");
    assert_clean("the log", &logged);
    // The body itself is the vendor's data, kept as it came.
    assert_eq!(mismatch.json(), Some(echoed));
}
