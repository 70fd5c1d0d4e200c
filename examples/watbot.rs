//! Every Watbot call, made against a loopback mock server. Run it with
//! `cargo run --example watbot`.
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
    let contacts = json!({"data": [{"id": 42, "name": "Ann"}, {"id": 43, "name": "Bob"}]});
    for (verb, route, body) in [
        ("GET", "/getContacts", contacts.clone()),
        ("GET", "/attachTagToContact", json!({"success": true})),
        ("GET", "/detachTagFromContact", json!({"success": true})),
        ("GET", "/getContactTags", json!(["vip"])),
        ("GET", "/getContactVariables", json!({"city": "Kazan"})),
        ("POST", "/setContactVariable", json!({"success": true})),
        ("DELETE", "/deleteContactVariable", json!({"success": true})),
        ("GET", "/sendMessageToQueue", json!({"queued": true})),
        ("GET", "/getReferrers", contacts.clone()),
        ("GET", "/getReferrals", contacts),
    ] {
        Mock::given(method(verb)).and(path(route)).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    }
    let client = Client::with_base_url(&server.uri(), "my-api-token");

    let all = client.get_contacts().send().await?;
    println!("contacts: {:?}", all.data.iter().map(|c| c.id).collect::<Vec<_>>());
    println!("attach tag: {}", json(&client.attach_tag_to_contact().contact_id(42).name("vip").send().await?.into_inner())?);
    println!("detach tag: {}", json(&client.detach_tag_from_contact().contact_id(42).name("vip").send().await?.into_inner())?);
    println!("tags: {}", json(&client.get_contact_tags().contact_id(42).send().await?.into_inner())?);
    println!("variables: {}", json(&client.get_contact_variables().contact_id(42).send().await?.into_inner())?);
    let variable = types::ContactVariable::builder().contact_id(42).name("city").value("Kazan");
    println!("set variable: {}", json(&client.set_contact_variable().body(variable).send().await?.into_inner())?);
    println!("delete variable: {}", json(&client.delete_contact_variable().contact_id(42).name("city").send().await?.into_inner())?);
    let queued = client.send_message_to_queue().message_id(7).text("Hello!").phone("79990001122").send().await?;
    println!("queued: {}", json(&queued.into_inner())?);

    // A request without contact_id or phone is refused before it is sent.
    match client.send_message_to_queue().message_id(7).text("Hello!").send().await {
        Err(Error::InvalidRequest(why)) => println!("refused: {why}"),
        other => println!("unexpected: {other:?}"),
    }

    let referrers: Vec<types::Contact> = client.get_referrers().contact_id(42).depth(2u64).stream().try_collect().await?;
    println!("referrers (all pages): {}", referrers.len());
    let referrals = client.get_referrals().contact_id(42).send().await?;
    println!("referrals (page 1): {}", referrals.data.len());
    Ok(())
}

fn json<T: serde::Serialize>(value: &T) -> serde_json::Result<String> {
    serde_json::to_string(value)
}
