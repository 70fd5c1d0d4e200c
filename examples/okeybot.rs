//! Every Okeybot call, made against a loopback mock server that answers with
//! the vendor's documented examples. Run it with:
//!
//! ```sh
//! cargo run --example okeybot
//! ```
//!
//! Against the real API, build the client with `Client::with_token(token)`
//! instead of pointing it at the mock.

use botapis::okeybot::{Client, Error, types};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = mock_okeybot().await;
    let client = Client::with_base_url(&server.uri(), "my-channel-token");

    let page = client.get_contacts_by_custom_field("firstName", "Muhammad Mahin").send().await?;
    println!("by custom field: {} of {} contacts", page.data.len(), page.meta.total);
    for contact in &page.data {
        println!("  {} {:?} tags={:?}", contact.id, contact.custom_fields.get("firstName"), contact.tags);
    }

    let contact = client.get_contact("1776025372480910").send().await?;
    println!("get contact: {} created at {:?}", contact.data.id, contact.data.created_at);

    // A field's name is checked when it is made: an empty one is refused.
    let field = |name: &str, value: &str| -> Result<types::CustomField, types::error::ConversionError> {
        Ok(types::CustomField { name: name.parse()?, value: value.into() })
    };

    let updated =
        client.update_contact("1776025372480910", [field("firstName", "Muhammad Mahin")?, field("lastName", "Dar")?]).send().await?;
    println!("update contact: answered id {}", updated.data.id);

    let tags = ["Blog Updates", "Platform Updates"];
    let added = client.add_tags("1776025372480910", tags).send().await?;
    println!("add tags: {} ({})", added.message, added.status);

    let removed = client.delete_tags("1776025372480910", tags).send().await?;
    println!("delete tags: {} ({})", removed.message, removed.status);

    let created = client
        .create_contact([field("phone", "03244077087")?, field("firstName", "Muhammad Mahin")?, field("lastName", "Dar")?])
        .send()
        .await?;
    println!("create contact: {}", created.data.id);

    match client.get_contact("unknown").send().await {
        Err(e @ Error::Status { .. }) => println!("error: {e}"),
        other => println!("unexpected: {other:?}"),
    }
    Ok(())
}

/// A loopback server answering like the vendor's documentation.
async fn mock_okeybot() -> MockServer {
    let server = MockServer::start().await;
    let contact = json!({
        "id": "1776025372480910",
        "custom_fields": {"firstName": "Mahin", "lastName": "Dar", "phone": "123123"},
        "tags": ["Blog Updates", "Platform Updates"],
        "created_at": 1575618542
    });
    let answers = [
        (
            "GET",
            "/contact/by_custom_field",
            200,
            json!({
                "data": [contact],
                "links": {"first": null, "last": null, "prev": null, "next": null},
                "meta": {"current_page": 1, "from": 1, "last_page": 1, "per_page": 10, "to": 1, "total": 1}
            }),
        ),
        ("GET", "/contact/unknown", 403, json!({"status": "error", "message": "Message String", "data": []})),
        ("GET", "/contact/1776025372480910", 200, json!({"data": contact})),
        ("PUT", "/contact/1776025372480910", 200, json!({"data": {"id": "cus_112233344555"}})),
        (
            "POST",
            "/contact/1776025372480910/tags",
            200,
            json!({"status": "success", "message": "Contact Tags have been added successfully.", "data": []}),
        ),
        (
            "DELETE",
            "/contact/1776025372480910/tags",
            200,
            json!({"status": "success", "message": "Contact Tags deleted successfully.", "data": []}),
        ),
        ("POST", "/contact/", 200, json!({"data": {"id": "cus_112233344555"}})),
    ];
    for (verb, route, status, body) in answers {
        Mock::given(method(verb)).and(path(route)).respond_with(ResponseTemplate::new(status).set_body_json(body)).mount(&server).await;
    }
    server
}
