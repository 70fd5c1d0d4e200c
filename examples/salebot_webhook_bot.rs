//! A Salebot webhook bot with axum. Salebot posts every message of the
//! project to your server; this bot answers each message a client wrote
//! with a question and two buttons, and saves what the client wrote in a
//! variable.
//!
//! Run as it is, it plays every part on loopback and checks the outcome:
//! Salebot's API is a mock, and "Salebot" posts the documented webhook to
//! the bot.
//!
//! ```sh
//! cargo run --example salebot_webhook_bot --features salebot,axum
//! ```
//!
//! Against the real API: `Client::from_env()` (with `SALEBOT_API_KEY` set),
//! serve `bot(client)` on a public address
//! (`botapis::runtime::serve_webhooks(listener, bot(client), Default::default())`),
//! and enter that address, with
//! its hard-to-guess path, as the project's Webhook URL.

use botapis::salebot::{Client, Error, types, webhooks};
use serde_json::{Value, json};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Salebot signs nothing, so the path is the secret.
const HOOK_PATH: &str = "/salebot/3d0c9a41e7";

/// Answer a message the client wrote; ignore the bot's own messages.
async fn reply(api: &Client, event: types::WebhookMessage) -> Result<(), Error> {
    let wrote = event.is_input.is_some_and(bool::from);
    let (Some(client_id), Some(text)) = (event.client.and_then(|c| c.id), event.message) else {
        return Ok(());
    };
    if !wrote {
        return Ok(());
    }
    // A nested body is its type, each optional field set or left `None`.
    let button = |caption: &str| types::Button {
        text: caption.into(),
        type_: Some("reply".into()),
        index_in_line: None,
        line: None,
        extra: Default::default(),
    };
    let buttons = types::Buttons { buttons: vec![button("Yes"), button("No")], hint: Some("Reply yes or no".into()) };
    api.message(client_id).message("Thanks! Shall we call you back?").buttons(buttons).send().await?;

    let mut variables = serde_json::Map::new();
    variables.insert("last_question".to_string(), Value::String(text));
    api.save_variables(variables).client_id(client_id).send().await?;
    Ok(())
}

/// The bot, as an axum router: mount it in your own server.
fn bot(api: Client) -> axum::Router {
    webhooks::message_router(HOOK_PATH, move |event| {
        let api = api.clone();
        async move {
            if let Err(e) = reply(&api, event).await {
                eprintln!("could not answer: {e}");
            }
        }
    })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Salebot's API, on loopback.
    let salebot = MockServer::start().await;
    for action in ["message", "save_variables"] {
        Mock::given(method("POST"))
            .and(path_regex(format!("^/[^/]+/{action}$")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "success"})))
            .expect(1)
            .mount(&salebot)
            .await;
    }
    let api = Client::with_base_url(&salebot.uri(), "my-project-api-key");

    // The bot, on loopback.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    // Served with read timeouts, so a sender that trickles its headers or
    // body in cannot hold connections open (`axum::serve` sets none).
    tokio::spawn(botapis::runtime::serve_webhooks(listener, bot(api), Default::default()));

    // Salebot posts the documentation's example message, then one that is
    // not a message at all.
    let documented = json!({
        "id": 104500,
        "client": {"id": 44483, "recepient": "146467928", "client_type": 0, "name": "Ivan", "avatar": null,
                   "created_at": 1588248599, "tag": null, "group": "143414131"},
        "message": "Hello", "attachments": [], "message_id": 390, "project_id": 1,
        "is_input": 1, "delivered": 1, "error_message": null
    });
    let http = reqwest::Client::new();
    let hook = format!("http://{address}{HOOK_PATH}");
    let answered = http.post(&hook).json(&documented).send().await?.status();
    let refused = http.post(&hook).body("not json").send().await?.status();
    println!("webhook answered {answered}; a body that is not a message: {refused}");
    assert_eq!((answered.as_u16(), refused.as_u16()), (200, 400));

    // What reached Salebot's API.
    let sent = salebot.received_requests().await.unwrap_or_default();
    let body = |action: &str| -> Value {
        let request = sent.iter().find(|r| r.url.path().ends_with(action)).expect("the bot called the action");
        serde_json::from_slice(&request.body).expect("a JSON body")
    };
    let question = body("/message");
    assert_eq!(question["client_id"], 44483);
    assert_eq!(question["buttons"]["buttons"][0]["text"], "Yes");
    let saved = body("/save_variables");
    assert_eq!(saved["variables"]["last_question"], "Hello");
    println!("asked client 44483 {} and saved last_question = {}", question["message"], saved["variables"]["last_question"]);
    salebot.verify().await;
    Ok(())
}
