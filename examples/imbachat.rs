//! Every ImbaChat call, made against a loopback mock server. Run it with
//! `cargo run --example imbachat`.
//!
//! Against the real API: `Client::with_credentials(imba_id, login,
//! password, secret_key)`.

use botapis::imbachat::Client;
use botapis::imbachat::types::{self, RoomType};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await;
    for (route, body) in [
        ("/v1/widget/imba_rooms", json!({"code": 200, "message": "Success", "data": [{"success": true, "roomId": 613, "room_id": 613}]})),
        ("/v2/627/get_users", json!({"success": "true", "code": 200, "data": [{"id": 2046, "login": "NULL", "status": "admin"}]})),
        (
            "/v2/627/get_rooms",
            json!({"success": "true", "code": 200, "data": [{"id": 1853, "name": "Technical support", "type": 3, "is_public": 0}]}),
        ),
        ("/v2/627/get_messages", json!({"success": "true", "data": []})),
    ] {
        Mock::given(method("POST")).and(path(route)).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    }
    let client = Client::with_base_url(&server.uri(), "627", "admin", "admin-password", "widget-secret");

    let created = client
        .imba_rooms()
        .room_title("Support chat")
        .room_type(RoomType::Conference)
        .room_is_public(true)
        .users_ids([3, 4])
        .send()
        .await?;
    println!("created room {:?}", created.data[0].room_id);

    client.imba_rooms().room_id(613).users_ids([5]).send().await?;
    println!("added user 5 to room 613");

    let users = client.get_users().status(types::UserStatus::Admin).send().await?;
    for user in &users.data {
        println!("user {:?}: login {:?}, {:?}", user.id, user.login.as_ref().and_then(|l| l.as_deref()), user.status);
    }

    let rooms = client.get_rooms().room_type(RoomType::Support).send().await?;
    for room in &rooms.data {
        println!("room {:?} {:?}: {:?}", room.id, room.name, room.type_);
    }

    // get_messages' URL is not in the vendor's documentation (see its rustdoc).
    let messages = client.get_messages().send().await?;
    println!("messages: {}", serde_json::to_string(&messages)?);
    Ok(())
}
