//! Watbot on the wire: every request of the documentation's PHP code made
//! through the client against a loopback mock that asserts method, path,
//! exact query (the token included) and the multipart form.

mod support;

use botapis::runtime::RetryPolicy;
use botapis::watbot::{Client, Error, servers, types};
use serde_json::json;
use support::{ExactQuery, FormFields};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "watbot-token";

fn client(server: &MockServer) -> Client {
    Client::builder(TOKEN)
        .base_url(server.uri())
        .no_rate_limit()
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

async fn expect(server: &MockServer, verb: &str, route: &str, query: &[(&str, &str)]) {
    let mut full = vec![("api_token", TOKEN)];
    full.extend_from_slice(query);
    Mock::given(method(verb))
        .and(path(route))
        .and(ExactQuery::new(&full))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": [{"id": 1, "name": "Ann"}]})))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn get_contacts() {
    // $apiUrl = 'https://watbot.ru/api/v1/getContacts?api_token=' . $token;
    let server = MockServer::start().await;
    expect(&server, "GET", "/getContacts", &[]).await;
    let contacts = client(&server).get_contacts().send().await.unwrap().into_inner();
    assert_eq!(contacts.data[0].id, Some(1));
    assert_eq!(contacts.data[0].extra["name"], "Ann", "fields the spec does not name are kept");
}

#[tokio::test]
async fn attach_tag_to_contact_is_a_get() {
    // 'attachTagToContact?api_token=' . $token . '&contact_id=' . $contact_id . '&name=' . $tag
    let server = MockServer::start().await;
    expect(&server, "GET", "/attachTagToContact", &[("contact_id", "42"), ("name", "vip")]).await;
    client(&server).attach_tag_to_contact().contact_id(42).name("vip").send().await.unwrap();
}

#[tokio::test]
async fn detach_tag_from_contact_is_a_get() {
    let server = MockServer::start().await;
    expect(&server, "GET", "/detachTagFromContact", &[("contact_id", "42"), ("name", "vip")]).await;
    client(&server).detach_tag_from_contact().contact_id(42).name("vip").send().await.unwrap();
}

#[tokio::test]
async fn get_contact_tags() {
    let server = MockServer::start().await;
    expect(&server, "GET", "/getContactTags", &[("contact_id", "42")]).await;
    client(&server).get_contact_tags().contact_id(42).send().await.unwrap();
}

#[tokio::test]
async fn get_contact_variables() {
    let server = MockServer::start().await;
    expect(&server, "GET", "/getContactVariables", &[("contact_id", "42")]).await;
    client(&server).get_contact_variables().contact_id(42).send().await.unwrap();
}

#[tokio::test]
async fn set_contact_variable_posts_a_multipart_form() {
    // curl_setopt($ch, CURLOPT_POSTFIELDS, $data); with an array: multipart.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/setContactVariable"))
        .and(ExactQuery::new(&[("api_token", TOKEN)]))
        .and(FormFields::new(&[("contact_id", "42"), ("name", "city"), ("value", "Kazan")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .set_contact_variable()
        .body(types::ContactVariable::builder().contact_id(42).name("city").value("Kazan"))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_contact_variable_sends_delete() {
    // curl_setopt($ch, CURLOPT_CUSTOMREQUEST, "DELETE");
    let server = MockServer::start().await;
    expect(&server, "DELETE", "/deleteContactVariable", &[("contact_id", "42"), ("name", "city")]).await;
    client(&server).delete_contact_variable().contact_id(42).name("city").send().await.unwrap();
}

#[tokio::test]
async fn send_message_to_queue_by_contact_or_phone() {
    let server = MockServer::start().await;
    expect(&server, "GET", "/sendMessageToQueue", &[("message_id", "7"), ("text", "Hi there"), ("contact_id", "42")]).await;
    expect(&server, "GET", "/sendMessageToQueue", &[("message_id", "7"), ("text", "Hi there"), ("phone", "79990001122")]).await;

    let c = client(&server);
    c.send_message_to_queue().message_id(7).text("Hi there").contact_id(42).send().await.unwrap();
    c.send_message_to_queue().message_id(7).text("Hi there").phone("79990001122").send().await.unwrap();
}

#[tokio::test]
async fn send_message_to_queue_without_contact_or_phone_is_never_sent() {
    let server = MockServer::start().await;
    let err = client(&server).send_message_to_queue().message_id(7).text("Hi").send().await.unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest(why) if why.contains("`contact_id`, `phone`")), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn get_referrers_and_referrals_with_page_and_depth() {
    let server = MockServer::start().await;
    expect(&server, "GET", "/getReferrers", &[("contact_id", "42")]).await;
    expect(&server, "GET", "/getReferrals", &[("contact_id", "42"), ("page", "2"), ("depth", "3")]).await;

    let c = client(&server);
    c.get_referrers().contact_id(42).send().await.unwrap();
    c.get_referrals().contact_id(42).page(2u64).depth(3u64).send().await.unwrap();
}

#[tokio::test]
async fn depth_is_checked_against_1_to_10_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []}))).mount(&server).await;
    let c = client(&server);
    for ok in [1u64, 10] {
        c.get_referrers().contact_id(1).depth(ok).send().await.unwrap();
    }
    for bad in [0u64, 11] {
        let err = c.get_referrers().contact_id(1).depth(bad).send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{bad}: {err:?}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "the out-of-range ones were never sent");
}

#[tokio::test]
async fn referrers_stream_across_pages_of_500() {
    let server = MockServer::start().await;
    for (page, count) in [("1", 500), ("2", 3)] {
        let items: Vec<_> = (0..count).map(|i| json!({"id": i})).collect();
        Mock::given(method("GET"))
            .and(path("/getReferrers"))
            .and(ExactQuery::new(&[("api_token", TOKEN), ("contact_id", "42"), ("page", page)]))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": items})))
            .expect(1)
            .mount(&server)
            .await;
    }

    use futures::TryStreamExt;
    let client = client(&server);
    let all: Vec<types::Contact> = client.get_referrers().contact_id(42).stream().try_collect().await.unwrap();

    assert_eq!(all.len(), 503);
}

#[tokio::test]
async fn a_422_is_a_typed_validation_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "message": "The given data was invalid.",
            "errors": {"contact_id": ["The contact id field is required."]}
        })))
        .mount(&server)
        .await;

    let err = client(&server).get_contact_tags().contact_id(0).send().await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(422));
    assert_eq!(err.vendor_message(), Some("The given data was invalid."));
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.errors["contact_id"], ["The contact id field is required."]);
}

#[test]
fn the_white_label_hosts_and_the_documented_limit() {
    assert_eq!(servers::WATBOT, "https://watbot.ru/api/v1");
    assert_eq!(servers::LEADTEH, "https://app.leadteh.ru/api/v1");
    assert_eq!(servers::CLEVERAPP, "https://app.cleverapp.pro/api/v1");
    assert_eq!(servers::JETBOT, "https://app.jetbot24.ru/api/v1");
    assert_eq!(servers::ONEBOT, "https://app.onebot.tech/api/v1");
    assert_eq!(botapis::watbot::RATE_LIMIT, Some(botapis::runtime::RateLimit { requests: 2, per_seconds: 1 }));
    assert!(!botapis::watbot::VENDOR.idempotent("send_message_to_queue", &reqwest::Method::GET));
}
