//! A Watbot "HTTP-запрос" block's server with axum. The block posts the
//! contact and the variables the bot has gathered to your server, and shows
//! the contact the text you answer; this one looks up an order by the
//! number the contact typed and tells its status, through the API.
//!
//! Run as it is, it plays every part on loopback and checks the outcome:
//! Watbot's API is a mock, and "Watbot" posts the documented request.
//!
//! ```sh
//! cargo run --example watbot_http_block_bot --features watbot,axum
//! ```
//!
//! Against the real API: `Client::from_env()` (with `WATBOT_API_TOKEN`
//! set), serve `block(client)` on a public address with
//! `botapis::runtime::serve_webhooks`, and enter that address, with its
//! hard-to-guess path, as the block's URL. Watbot waits 3 seconds.

use botapis::watbot::{Client, types, webhooks};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The block has no signature, so the path is the secret.
const BLOCK_PATH: &str = "/watbot/9b1e6c2d";

/// The text the contact sees: its order's status, read from a list.
async fn answer(api: &Client, request: types::HttpBlockRequest) -> String {
    let order = request.variables.iter().find(|v| v.name == "order").map(|v| v.value.clone());
    let name = request.contact.and_then(|c| c.name).unwrap_or_else(|| "друг".to_string());
    let Some(order) = order else {
        return format!("{name}, напишите номер заказа.");
    };
    let filters = serde_json::Map::from_iter([("number".to_string(), json!(order))]);
    match api.get_list_items("orders-list").filters(filters).send().await {
        Ok(page) => match page.data.first().and_then(|item| item.extra.get("status").cloned()) {
            Some(status) => format!("{name}, заказ {order}: *{}*", status.as_str().unwrap_or("?")),
            None => format!("{name}, заказа {order} нет."),
        },
        // The contact sees this text; the error goes to your logs.
        Err(e) => {
            eprintln!("getListItems failed: {e}");
            "Не получилось проверить заказ, попробуйте позже.".to_string()
        }
    }
}

/// The block's server, as an axum router: mount it in your own server.
fn block(api: Client) -> axum::Router {
    webhooks::http_block_router(BLOCK_PATH, move |request| {
        let api = api.clone();
        async move { answer(&api, request).await }
    })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Watbot's API, on loopback: the orders list has order 1042, shipped.
    let watbot = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/getListItems"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{"id": "5dee4a10c2cc5a38ec797240", "contact_id": 42, "number": "1042", "status": "отправлен"}],
            "meta": {"current_page": 1, "last_page": 1, "total": 1, "per_page": 10}
        })))
        .expect(1)
        .mount(&watbot)
        .await;
    let api = Client::with_base_url(&watbot.uri(), "my-api-token");

    // The block's server, on loopback, with read timeouts.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(botapis::runtime::serve_webhooks(listener, block(api), Default::default()));

    // "Watbot" runs the block for a contact who typed order 1042.
    let request = json!({
        "variables": [{"name": "order", "value": "1042"}],
        "contact": {"name": "Дмитрий", "messenger": "whatsapp", "phone": "79999999999"}
    });
    let shown = reqwest::Client::new()
        .post(format!("http://{address}{BLOCK_PATH}"))
        .json(&request)
        .send()
        .await?
        .error_for_status()?
        .text()
        .await?;
    println!("the contact sees: {shown}");
    if shown != "Дмитрий, заказ 1042: *отправлен*" {
        return Err(format!("unexpected answer: {shown}").into());
    }
    Ok(())
}
