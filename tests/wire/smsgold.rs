//! SMSGold on the wire: every request of the vendor's documentation made
//! through the client against a loopback mock that asserts method, path,
//! query and JSON body exactly.

use crate::support::{ExactQuery, request_example};
use botapis::smsgold::{Client, types};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

crate::trials! {
    async: get_bots_sends_the_account_in_the_query, get_subscribers_of_a_bot, send_message_to_a_subscriber_sends_the_documented_json, send_message_to_a_phone_through_a_bot;
    sync: a_number_with_a_plus_or_letters_is_refused_before_sending, the_recipient_is_one_choice_never_both, send_message_is_never_retried;
}

const SPEC: &str = "specs/smsgold.yaml";

/// The doc's example account.
fn client(server: &MockServer) -> Client {
    Client::with_base_url(&server.uri(), "XXXXX", "PASSWORD")
}

async fn get_bots_sends_the_account_in_the_query() {
    let server = crate::support::server(SPEC).await;
    Mock::given(method("GET"))
        .and(path("/bots/"))
        .and(ExactQuery::new(&[("user", "XXXXX"), ("pass", "PASSWORD")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": "12", "name": "my_bot"}])))
        .expect(1)
        .mount(&server)
        .await;

    let bots = client(&server).get_bots().send().await.unwrap();

    assert_eq!(bots[0]["id"], "12");
}

async fn get_subscribers_of_a_bot() {
    let server = crate::support::server(SPEC).await;
    Mock::given(method("GET"))
        .and(path("/subscribers/"))
        .and(ExactQuery::new(&[("user", "XXXXX"), ("pass", "PASSWORD"), ("botId", "12")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": "s1"}])))
        .expect(1)
        .mount(&server)
        .await;

    client(&server).get_subscribers("12").send().await.unwrap();
}

async fn send_message_to_a_subscriber_sends_the_documented_json() {
    // The documentation's one example, `auth` block included: the client
    // fills `auth` from the credentials given at construction.
    let documented = request_example(SPEC, "/sendMessage/", "post");
    assert_eq!(documented["auth"], json!({"user": "XXXXX", "pass": "PASSWORD"}));
    let server = crate::support::server(SPEC).await;
    Mock::given(method("POST"))
        .and(path("/sendMessage/"))
        .and(ExactQuery::new(&[]))
        .and(body_json(&documented))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "ok"})))
        .expect(1)
        .mount(&server)
        .await;

    let message = types::ToSubscriber {
        subscriber_id: "XXXXXXXXXXXXXXXXXXXXXXXX".into(),
        text: "Текст Вашего сообщения".into(),
        buttons: vec![
            types::Button { text: "Текст на кнопке 1".into(), url: "https:// ссылка для кнопки 1".into() },
            types::Button { text: "Текст на кнопке 2".into(), url: "https:// ссылка для кнопки 2".into() },
        ],
    };
    client(&server).send_message(message).send().await.unwrap();
}

async fn send_message_to_a_phone_through_a_bot() {
    let server = crate::support::server(SPEC).await;
    Mock::given(method("POST"))
        .and(path("/sendMessage/"))
        .and(body_json(json!({
            "botId": "12", "number": "79991234567", "text": "hi",
            "auth": {"user": "XXXXX", "pass": "PASSWORD"}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let message = types::ToPhone { bot_id: "12".into(), number: "79991234567".parse().unwrap(), text: "hi".into(), buttons: vec![] };
    client(&server).send_message(message).send().await.unwrap();
}

fn a_number_with_a_plus_or_letters_is_refused_before_sending() {
    for bad in ["+79991234567", "7999abc", "12"] {
        assert!(bad.parse::<types::ToPhoneNumber>().is_err(), "{bad}");
    }
}

fn the_recipient_is_one_choice_never_both() {
    // The type has no value with both `subscriberId` and `botId`: decoding
    // the three-field form the doc warns about picks one variant only.
    let both = json!({"subscriberId": "s", "botId": "b", "number": "79991234567", "text": "t"});
    let decoded: types::SendMessage = serde_json::from_value(both).unwrap();
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert!(encoded.get("subscriberId").is_some() != encoded.get("botId").is_some(), "{encoded}");
}

fn send_message_is_never_retried() {
    assert!(!crate::support::idempotent(&botapis::smsgold::VENDOR, "send_message", &reqwest::Method::POST));
}
