//! ImbaChat on the wire: every request of the documentation (its curl and
//! PHP calls) made through the client against a loopback mock that asserts
//! method, path, Basic auth and the multipart form exactly, answered with the
//! documentation's own examples, which must decode.

use crate::support::{FormFields, example, named_example};
use botapis::imbachat::types::{self, RoomType};
use botapis::imbachat::{Client, Error};
use botapis::runtime::RetryPolicy;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

crate::trials! {
    async: create_a_room_with_members, add_members_to_an_existing_room, get_users_with_basic_auth_and_the_widget_in_the_path, get_rooms_filtered_by_type, send_msg_as_in_the_curl_example, a_new_rooms_id_goes_into_send_msg_as_it_is, get_messages_uses_the_unverified_analogous_url, a_v2_call_without_the_secret_key_is_never_sent, a_422_carries_the_vendors_message;
    sync: room_types_are_a_real_enum_with_the_documented_codes;
}

const SPEC: &str = "specs/imbachat.yaml";

/// The documentation's credentials: widget 209 for v1, widget 627 with the
/// literal `secret_key` for v2.
fn client(server: &MockServer, imba_id: &str) -> Client {
    Client::builder(imba_id, "admin", "admin", "secret_key").base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap()
}

async fn create_a_room_with_members() {
    // curl --request POST '.../v1/widget/imba_rooms' --form 'imba_id=209' --form 'login=admin'
    //   --form 'password=admin' --form 'users_ids[0]=3' --form 'room_type=1' --form 'users_ids[1]=4'
    //   --form 'room_title=Тестовая API группа 9' --form 'room_pipe=' --form 'room_is_public =1'
    let server = crate::support::server(SPEC).await;
    Mock::given(method("POST"))
        .and(path("/v1/widget/imba_rooms"))
        .and(FormFields::new(&[
            ("imba_id", "209"),
            ("login", "admin"),
            ("password", "admin"),
            ("users_ids[0]", "3"),
            ("room_type", "1"),
            ("users_ids[1]", "4"),
            ("room_title", "Тестовая API группа 9"),
            ("room_pipe", ""),
            ("room_is_public", "1"),
        ]))
        .respond_with(ResponseTemplate::new(200).set_body_json(named_example(SPEC, "/v1/widget/imba_rooms", "post", "200", "created")))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server, "209")
        .imba_rooms()
        .users_ids([3, 4])
        .room_type(RoomType::Conference)
        .room_title("Тестовая API группа 9")
        .room_pipe(String::new())
        .room_is_public(true)
        .send()
        .await
        .unwrap();

    assert_eq!(answer.data[0].room_id.as_ref().unwrap(), &"613");
    assert_eq!(answer.data[0].success.unwrap(), true);
    assert_eq!(answer.data[0].extra["roomId"], 613, "the duplicate `roomId` is kept");
}

async fn add_members_to_an_existing_room() {
    let server = crate::support::server(SPEC).await;
    Mock::given(method("POST"))
        .and(path("/v1/widget/imba_rooms"))
        .and(FormFields::new(&[
            ("imba_id", "209"),
            ("login", "admin"),
            ("password", "admin"),
            ("users_ids[0]", "1"),
            ("room_type", "1"),
            ("room_title", "Тестовая API группа 9"),
            ("room_pipe", ""),
            ("room_is_public", "1"),
            ("room_id", "613"),
        ]))
        .respond_with(ResponseTemplate::new(200).set_body_json(named_example(SPEC, "/v1/widget/imba_rooms", "post", "200", "added")))
        .expect(1)
        .mount(&server)
        .await;

    // The body's fields, set on the request itself.
    let answer = client(&server, "209")
        .imba_rooms()
        .users_ids([1])
        .room_type(RoomType::Conference)
        .room_title("Тестовая API группа 9")
        .room_pipe("")
        .room_is_public(true)
        .room_id(613)
        .send()
        .await
        .unwrap();

    // This example sends `room_id` as a string and `error: false`.
    assert_eq!(answer.data[0].room_id.as_ref().unwrap(), &"613");
    assert_eq!(answer.data[0].error.unwrap(), false);
}

async fn get_users_with_basic_auth_and_the_widget_in_the_path() {
    // curl --request POST 'http://api.imbachat.com/imbachat/v2/627/get_users' --user imba_id:secret_key
    //   --form 'imba_id="627"' --form 'status="user"'
    let server = crate::support::server(SPEC).await;
    Mock::given(method("POST"))
        .and(path("/v2/627/get_users"))
        .and(header("authorization", "Basic NjI3OnNlY3JldF9rZXk="))
        .and(FormFields::new(&[("imba_id", "627"), ("status", "user")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(SPEC, "/v2/{imba_id}/get_users", "post", "200")))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server, "627").get_users().status(types::UserStatus::User).send().await.unwrap();

    assert_eq!(answer.success.unwrap(), true, "`\"true\"` reads as true");
    let user = &answer.data[0];
    assert_eq!(user.login.as_ref().unwrap().as_deref(), None, "`\"NULL\"` reads as no login");
    assert_eq!(user.status, Some(types::UserStatus::Admin));
    assert_eq!(user.remote_user_id.as_ref().unwrap(), &"1");
}

async fn get_rooms_filtered_by_type() {
    let server = crate::support::server(SPEC).await;
    Mock::given(method("POST"))
        .and(path("/v2/627/get_rooms"))
        .and(header("authorization", "Basic NjI3OnNlY3JldF9rZXk="))
        .and(FormFields::new(&[("imba_id", "627"), ("room_type", "0")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(SPEC, "/v2/{imba_id}/get_rooms", "post", "200")))
        .expect(1)
        .mount(&server)
        .await;

    let rooms = client(&server, "627").get_rooms().room_type(RoomType::Dialog).send().await.unwrap();

    assert_eq!(rooms.data[0].type_, Some(RoomType::Support));
    assert_eq!(rooms.data[1].type_, Some(RoomType::Dialog));
    assert_eq!(rooms.data[0].is_public.unwrap(), false);
}

async fn send_msg_as_in_the_curl_example() {
    // curl --request POST 'http://api.imbachat.com/imbachat/v2/627/send_msg' --user imba_id:secret_key
    //   --form 'user_id="1"' --form 'room_id="1536"' --form 'message="api message"'
    let server = crate::support::server(SPEC).await;
    Mock::given(method("POST"))
        .and(path("/v2/627/send_msg"))
        .and(header("authorization", "Basic NjI3OnNlY3JldF9rZXk="))
        .and(FormFields::new(&[("user_id", "1"), ("room_id", "1536"), ("message", "api message")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(SPEC, "/v2/{imba_id}/send_msg", "post", "200")))
        .expect(1)
        .mount(&server)
        .await;

    // Only the widget id and the secret key: v2 needs no site user.
    let client = Client::builder("627", "", "", "secret_key").base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap();
    let sent = client.send_msg("1", 1536, "api message").send().await.unwrap();

    assert!(sent.success.0);
    assert_eq!(sent.message.id, 4543);
    assert_eq!(sent.message.uuid.as_deref(), Some("1536-1608275827-Z6Eq1W"));
    assert_eq!(sent.message.message, "api message");
}

async fn a_new_rooms_id_goes_into_send_msg_as_it_is() {
    // The room's answer gives its id as `"613"`; send_msg takes it without
    // parsing, and sends the same text as for the number.
    let server = crate::support::server(SPEC).await;
    Mock::given(method("POST"))
        .and(path("/v1/widget/imba_rooms"))
        .respond_with(ResponseTemplate::new(200).set_body_json(named_example(SPEC, "/v1/widget/imba_rooms", "post", "200", "created")))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/209/send_msg"))
        .and(FormFields::new(&[("user_id", "1"), ("room_id", "613"), ("message", "hi")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(SPEC, "/v2/{imba_id}/send_msg", "post", "200")))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server, "209");
    let created = client.imba_rooms().users_ids([3, 4]).room_title("T").send().await.unwrap();
    let room = created.data[0].room_id.clone().unwrap();

    client.send_msg("1", room, "hi").send().await.unwrap();
    client.send_msg("1", 613, "hi").send().await.unwrap();
}

async fn get_messages_uses_the_unverified_analogous_url() {
    let server = crate::support::server(SPEC).await;
    Mock::given(method("POST"))
        .and(path("/v2/627/get_messages"))
        .and(FormFields::new(&[("imba_id", "627"), ("user_name", "admin")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": "true", "data": []})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server, "627").get_messages().user_name("admin").send().await.unwrap();
}

async fn a_v2_call_without_the_secret_key_is_never_sent() {
    let server = crate::support::server(SPEC).await;
    let client = Client::with_base_url(&server.uri(), "627", "admin", "admin", "");

    let err = client.get_rooms().send().await.unwrap_err();

    assert!(matches!(&err, Error::InvalidRequest(why) if why.contains("`secret_key`")), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

async fn a_422_carries_the_vendors_message() {
    let server = crate::support::server(SPEC).await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({"code": 422, "message": "imba_id is required"})))
        .mount(&server)
        .await;

    let err = client(&server, "209").imba_rooms().send().await.unwrap_err();

    assert_eq!(err.vendor_message(), Some("imba_id is required"));
}

fn room_types_are_a_real_enum_with_the_documented_codes() {
    assert_eq!(serde_json::to_string(&RoomType::Support).unwrap(), "3");
    assert_eq!(serde_json::from_str::<RoomType>("\"1\"").unwrap(), RoomType::Conference);
    assert_eq!(serde_json::from_str::<RoomType>("7").unwrap(), RoomType::Unknown(7));
}
