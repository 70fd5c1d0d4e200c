//! Salebot calls against a loopback mock server: callbacks, messages, a
//! broadcast, clients, variables and deals, a vendor error, and a webhook
//! payload decoded as a handler would. Run it with `cargo run --example salebot`.
//!
//! Against the real API: `Client::with_api_key(key)`.

use botapis::runtime::lenient::NumberOrText;
use botapis::salebot::types::{self, OrderStatus};
use botapis::salebot::{Client, Error};
use futures::TryStreamExt;
use serde_json::json;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await;
    for (verb, action, body) in [
        ("POST", "callback", json!({"status": "success"})),
        ("POST", "message", json!({"status": "success"})),
        ("POST", "broadcast", json!({"status": "success"})),
        ("POST", "save_variables", json!({"status": "success"})),
        ("GET", "get_clients", json!({"status": "success", "clients": [{"id": 44483, "name": "Ivan"}, {"id": 44484, "name": null}]})),
        ("GET", "get_orders", json!({"status": "success", "order_id": [40338, 40340]})),
        ("GET", "get_current_order_id", json!({"status": "client_not_found"})),
        ("GET", "connected_channels", json!({"project_id": 1, "telegram": [{"id": 23, "name": "shop_bot", "group_id": "shop_bot"}]})),
    ] {
        Mock::given(method(verb))
            .and(path_regex(format!("^/[^/]+/{action}$")))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    // The key is a segment of every URL; it is given once, here.
    let client = Client::with_base_url(&server.uri(), "my-project-api-key");

    let callback = types::Callback {
        client_id: Some(NumberOrText::from("25554")),
        message: Some("paid".into()),
        time_shift: Some(60),
        ..Default::default()
    };
    client.callback().body(callback).send().await?;
    println!("callback sent, to fire in 60 s");

    client.message("25554").message("Your order has shipped").send_time("2024-10-16 13:15:59").send().await?;
    println!("message scheduled");

    // The recipients of a broadcast are one of three choices, by type.
    let broadcast = types::ToList {
        list: 12,
        message: Some("Sale starts today".into()),
        message_id: None,
        attachment_type: None,
        attachment_url: None,
        buttons: None,
        shift: Some(0.5),
        time_shift: None,
        send_time: None,
    };
    client.broadcast(broadcast).send().await?;
    println!("broadcast to list 12 started");

    let variables = serde_json::Map::from_iter([("client.phone".to_string(), json!("79990001122"))]);
    client.save_variables(variables).client_id(25554).send().await?;
    println!("variables saved");

    let clients: Vec<types::ClientRecord> = client.get_clients().stream().try_collect().await?;
    println!("clients (every page): {:?}", clients.iter().map(|c| c.id).collect::<Vec<_>>());

    let orders = client.get_orders(25554).order_status(OrderStatus::Active).send().await?;
    println!("active deals: {:?}", orders.order_id);

    // A `200 {"status": "client_not_found"}` is an error, not a success.
    match client.get_current_order_id(1).send().await {
        Err(Error::Vendor { envelope, .. }) => println!("vendor error: {}", envelope.status),
        other => println!("unexpected: {other:?}"),
    }

    let channels = client.connected_channels().send().await?;
    println!("telegram bots: {:?}", channels.telegram.iter().map(|c| c.group_id.clone()).collect::<Vec<_>>());

    // In your webhook handler: the JSON Salebot posts to your URL.
    let posted =
        r#"{"id": 1, "client": {"id": 44483, "recepient": 146467928, "client_type": 1}, "message": "Hi", "is_input": 1, "delivered": 1}"#;
    let incoming: types::WebhookMessage = serde_json::from_str(posted)?;
    println!("webhook: {:?} from client {:?}", incoming.message, incoming.client.and_then(|c| c.id));
    Ok(())
}
