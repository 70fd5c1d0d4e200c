//! Every SMSGold Telegram-bot call, made against a loopback mock server.
//! Run it with `cargo run --example smsgold`.
//!
//! Against the real API, build the client with
//! `Client::with_credentials(user, pass)` instead.

use botapis::smsgold::{Client, types};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await;
    for (verb, route, body) in [
        ("GET", "/bots/", json!([{"id": "12", "name": "shop_bot"}])),
        ("GET", "/subscribers/", json!([{"id": "6421", "name": "Ivan"}])),
        ("POST", "/sendMessage/", json!({"result": "queued"})),
    ] {
        Mock::given(method(verb)).and(path(route)).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    }
    // The account is given once: the client puts it in the query of GETs
    // and in the `auth` object of the JSON body of `sendMessage`.
    let client = Client::with_base_url(&server.uri(), "12345", "my-password");

    // The vendor documents no answer shapes: answers are JSON values.
    let bots = client.get_bots().send().await?;
    println!("bots: {}", serde_json::to_string(&bots)?);

    let subscribers = client.get_subscribers("12").send().await?;
    println!("subscribers of bot 12: {}", serde_json::to_string(&subscribers)?);

    let to_subscriber = types::ToSubscriber {
        subscriber_id: "6421".into(),
        text: "Your order has shipped".into(),
        buttons: vec![types::Button { text: "Track".into(), url: "https://example.com/track".into() }],
    };
    let sent = client.send_message(to_subscriber).send().await?;
    println!("to a subscriber: {}", serde_json::to_string(&sent)?);

    let to_phone =
        types::ToPhone { bot_id: "12".into(), number: "79991234567".parse()?, text: "Your code is 1234".into(), buttons: vec![] };
    let sent = client.send_message(to_phone).send().await?;
    println!("to a phone: {}", serde_json::to_string(&sent)?);
    Ok(())
}
