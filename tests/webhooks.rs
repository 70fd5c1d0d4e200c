//! The vendors' documented webhooks, received by the generated axum routers
//! on loopback: the documented payload reaches the handler typed (and, for
//! Watbot's HTTP block, the handler's text is the answer); a body that is
//! not one, or one too large to read, is refused and never reaches it.

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

/// Send `head` then `body` on a raw connection to `address`, one chunk every
/// `pace`, and return what came back before the server closed or 10 s
/// passed (a server that never answers returns `None`).
async fn raw_exchange(address: std::net::SocketAddr, chunks: Vec<Vec<u8>>, pace: std::time::Duration) -> Option<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let (mut read, mut write) = stream.split();
    let send = async {
        for chunk in chunks {
            if write.write_all(&chunk).await.is_err() {
                break;
            }
            tokio::time::sleep(pace).await;
        }
        std::future::pending::<()>().await
    };
    let receive = async {
        let mut answer = Vec::new();
        let _ = read.read_to_end(&mut answer).await;
        String::from_utf8_lossy(&answer).into_owned()
    };
    let limit = tokio::time::sleep(std::time::Duration::from_secs(10));
    tokio::select! {
        _ = send => unreachable!(),
        answer = receive => Some(answer),
        _ = limit => None,
    }
}

fn quiet_router() -> axum::Router {
    webhooks::message_router("/hook", |_event| async {})
}

#[tokio::test]
async fn a_body_announced_past_the_limit_is_refused_at_once() {
    // 2 bytes of a body that says it is 100 GB: the router answers without
    // waiting for the rest, under `axum::serve` too.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, quiet_router()).await });
    let head = b"POST /hook HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 99999999999\r\n\r\n{}";
    let answer = raw_exchange(address, vec![head.to_vec()], std::time::Duration::from_millis(10)).await;
    let answer = answer.expect("no answer within 10 s");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

async fn serve_with(timeouts: botapis::runtime::WebhookTimeouts) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(botapis::runtime::serve_webhooks(listener, quiet_router(), timeouts));
    address
}

#[tokio::test]
async fn serve_webhooks_closes_a_connection_whose_headers_trickle_in() {
    use std::time::Duration;
    let address = serve_with(botapis::runtime::WebhookTimeouts::default().headers(Duration::from_millis(500))).await;
    // A byte every 200 ms: the whole head would take 16 s.
    let head = b"POST /hook HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}";
    let started = std::time::Instant::now();
    let answer = raw_exchange(address, head.iter().map(|b| vec![*b]).collect(), Duration::from_millis(200)).await;
    assert!(answer.is_some(), "the connection was held for 10 s");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    assert!(!answer.unwrap().contains("200 OK"));
}

#[tokio::test]
async fn serve_webhooks_answers_408_to_a_body_that_trickles_in() {
    use std::time::Duration;
    let address = serve_with(botapis::runtime::WebhookTimeouts::default().body(Duration::from_millis(500))).await;
    let mut chunks = vec![b"POST /hook HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 40\r\n\r\n".to_vec()];
    chunks.extend(std::iter::repeat_n(b" ".to_vec(), 40));
    let started = std::time::Instant::now();
    let answer = raw_exchange(address, chunks, Duration::from_millis(100)).await.expect("no answer within 10 s");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
}

#[tokio::test]
async fn serve_webhooks_hands_a_prompt_webhook_to_the_handler() {
    let seen = Arc::new(Mutex::new(0));
    let count = seen.clone();
    let router = webhooks::message_router("/hook", move |_event| {
        let count = count.clone();
        async move { *count.lock().unwrap() += 1 }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(botapis::runtime::serve_webhooks(listener, router, Default::default()));
    let documented = support::load("specs/salebot.yaml")["components"]["schemas"]["WebhookMessage"]["example"].clone();
    let http = reqwest::Client::new();
    for _ in 0..2 {
        assert_eq!(http.post(&url).json(&documented).send().await.unwrap().status(), 200);
    }
    assert_eq!(http.post(&url).body("[]").send().await.unwrap().status(), 400);
    assert_eq!(*seen.lock().unwrap(), 2);
}

#[tokio::test]
async fn watbots_http_block_gets_the_handlers_text_as_its_answer() {
    use botapis::watbot::{types as watbot, webhooks as watbot_hooks};
    let router = watbot_hooks::http_block_router("/watbot/7f3a", |request: watbot::HttpBlockRequest| async move {
        let city = request.variables.iter().find(|v| v.name == "Город").map(|v| v.value.clone()).unwrap_or_default();
        let name = request.contact.and_then(|c| c.name).unwrap_or_default();
        format!("{name}, погода в городе {city}: солнечно")
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/watbot/7f3a", listener.local_addr().unwrap());
    tokio::spawn(botapis::runtime::serve_webhooks(listener, router, Default::default()));
    let http = reqwest::Client::new();

    let documented = support::load("specs/watbot.yaml")["components"]["schemas"]["HttpBlockRequest"]["example"].clone();
    let answer = http.post(&url).json(&documented).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert!(answer.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    assert_eq!(answer.text().await.unwrap(), "Дмитрий, погода в городе Москва: солнечно");

    let not_a_request = http.post(&url).body(r#"{"variables": "Москва"}"#).send().await.unwrap();
    assert_eq!(not_a_request.status(), 400);
    assert_eq!(watbot_hooks::decode_http_block(documented.to_string().as_bytes()).unwrap().variables[0].value, "Москва");
}
