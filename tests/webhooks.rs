//! Salebot's documented webhook, received by the generated axum router on
//! loopback: the documented payload reaches the handler typed; a body that
//! is not one, or one too large to read, is refused and never reaches it.

mod support;

use std::sync::{Arc, Mutex};

use botapis::salebot::{types, webhooks};

#[tokio::test]
async fn the_router_hands_the_documented_payload_to_the_handler_and_refuses_the_rest() {
    let seen: Arc<Mutex<Vec<types::WebhookMessage>>> = Arc::default();
    let record = seen.clone();
    let router = webhooks::message_router("/hook", move |event| {
        let record = record.clone();
        async move { record.lock().unwrap().push(event) }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let http = reqwest::Client::new();

    let documented = support::load("specs/salebot.yaml")["components"]["schemas"]["WebhookMessage"]["example"].clone();
    let status = http.post(&url).json(&documented).send().await.unwrap().status();
    assert_eq!(status, 200);

    let not_a_message = http.post(&url).body(r#"{"id": "not a number"}"#).send().await.unwrap().status();
    assert_eq!(not_a_message, 400);
    let too_large = http.post(&url).body(vec![b' '; (2 << 20) + 1]).send().await.unwrap().status();
    assert_eq!(too_large, 413);

    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1, "only the documented payload reaches the handler");
    assert_eq!(seen[0].id, Some(104500));
    assert_eq!(seen[0].message.as_deref(), Some("Hello"));
    assert_eq!(seen[0].client.as_ref().and_then(|c| c.id), Some(44483));
}

#[test]
fn decode_says_which_webhook_it_expected() {
    let err = webhooks::decode_message(b"[]").unwrap_err().to_string();
    assert!(err.contains("Salebot API `message` webhook"), "{err}");
}
