//! Watbot calls a script makes, against a loopback mock server: list the
//! contacts page by page, tag them, set a variable, and send each a message.
//! Run it with `cargo run --example watbot`.
//!
//! Against the real API, build the client with `Client::with_api_token(t)`,
//! or `Client::with_base_url(servers::LEADTEH, t)` (CleverApp, JetBot,
//! OneBot likewise) for the white-label hosts.

use botapis::watbot::{Client, Error, types};
use futures::TryStreamExt;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await;
    let contacts = json!({"data": [{"id": 42, "name": "Ann", "phone": "79990001122"}, {"id": 43, "name": "Bob"}]});
    for (verb, route, body) in [
        ("GET", "/getContacts", contacts),
        ("POST", "/attachTagToContact", json!({"success": true})),
        ("GET", "/getContactTags", json!({"data": ["vip"]})),
        ("POST", "/setContactVariable", json!({"data": {"name": "city", "value": "Kazan"}})),
        ("POST", "/sendMessage", json!({"success": true})),
        ("POST", "/sendMessageToQueue", json!({"success": true})),
    ] {
        Mock::given(method(verb)).and(path(route)).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    }
    let client = Client::with_base_url(&server.uri(), "my-api-token");

    // Every contact of every page (500 a page), as the stream is read.
    let contacts: Vec<types::Contact> = client.get_contacts().stream().try_collect().await?;
    for contact in &contacts {
        let id = contact.id;
        let tag: types::ContactTag = serde_json::from_value(json!({"contact_id": id, "name": "vip"}))?;
        client.attach_tag_to_contact(tag).send().await?;
        client.set_contact_variable(id, "city", "Kazan").send().await?;
        client.send_message().contact_id(id).text(format!("Hello, {}!", contact.name.as_deref().unwrap_or("friend"))).send().await?;
        println!("{}: tagged, variable set, message sent", contact.name.as_deref().unwrap_or("?"));
    }
    println!("tags of 42: {:?}", client.get_contact_tags(42).send().await?.data);

    // A broadcast message queued for a phone number.
    let queued: types::QueuedMessage = serde_json::from_value(json!({"message_id": "7", "text": "Hello!", "phone": "79990001122"}))?;
    client.send_message_to_queue(queued).send().await?;

    // A direct message without a recipient is refused before it is sent.
    match client.send_message().text("Hello!").send().await {
        Err(Error::InvalidRequest(why)) => println!("refused: {why}"),
        other => println!("unexpected: {other:?}"),
    }
    Ok(())
}
