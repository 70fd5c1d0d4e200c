//! The `mock` feature: typed httpmock mocks of each vendor, so users can
//! test their own code offline.

use botapis::imbachat;
use botapis::okeybot;
use botapis::salebot;

#[tokio::test]
async fn an_okeybot_mock_answers_a_typed_call() {
    use okeybot::mock::MockServerExt;
    let server = httpmock::MockServer::start_async().await;
    let contact: okeybot::types::ContactEnvelope = serde_json::from_value(serde_json::json!({
        "data": {"id": "42", "custom_fields": {}, "tags": ["VIP"]}
    }))
    .unwrap();
    let mock = server.get_contact(|when, then| {
        when.contact_id("42");
        then.ok(&contact);
    });
    let client = okeybot::Client::with_base_url(&server.base_url(), "token");

    let got = client.get_contact("42").send().await.unwrap();

    assert_eq!(got.data.tags, ["VIP"]);
    mock.assert();
}

#[tokio::test]
async fn a_salebot_mock_matches_whatever_key_the_client_was_given() {
    use salebot::mock::MockServerExt;
    let server = httpmock::MockServer::start_async().await;
    let mock = server.get_current_order_id(|when, then| {
        when.client_id(5);
        then.ok(&salebot::types::OrderIdAnswer { status: "success".into(), order_id: Some(40632) });
    });
    let client = salebot::Client::with_base_url(&server.base_url(), "any-project-key");

    let got = client.get_current_order_id(5).send().await.unwrap();

    assert_eq!(got.order_id, Some(40632));
    mock.assert();
}

#[tokio::test]
async fn an_unmatched_request_is_not_answered_by_the_mock() {
    use okeybot::mock::MockServerExt;
    let server = httpmock::MockServer::start_async().await;
    let mock = server.get_contact(|when, then| {
        when.contact_id("42");
        then.ok(&serde_json::from_value(serde_json::json!({"data": {"id": "42"}})).unwrap());
    });
    let client =
        okeybot::Client::builder("token").base_url(server.base_url()).retry(botapis::runtime::RetryPolicy::none()).build().unwrap();

    let err = client.get_contact("7").send().await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    mock.assert_calls(0);
}

fn sent_message() -> imbachat::types::SentMessage {
    serde_json::from_value(serde_json::json!({
        "success": "true",
        "message": {"id": 4543, "message": "api message"}
    }))
    .unwrap()
}

#[tokio::test]
async fn a_multipart_body_is_matched_field_by_field() {
    use imbachat::mock::MockServerExt;
    let server = httpmock::MockServer::start_async().await;
    let mock = server.send_msg(|when, then| {
        when.user_id(1).room_id(1536).message("api message");
        then.ok(&sent_message());
    });
    let client = imbachat::Client::builder("627", "", "", "secret_key")
        .base_url(server.base_url())
        .retry(botapis::runtime::RetryPolicy::none())
        .build()
        .unwrap();

    let sent = client.send_msg("1", 1536, "api message").send().await.unwrap();

    assert_eq!(sent.message.id, 4543);
    mock.assert();
}

#[tokio::test]
async fn a_multipart_field_of_another_value_does_not_match() {
    use imbachat::mock::MockServerExt;
    let server = httpmock::MockServer::start_async().await;
    let mock = server.send_msg(|when, then| {
        when.message("another message");
        then.ok(&sent_message());
    });
    let client = imbachat::Client::builder("627", "", "", "secret_key")
        .base_url(server.base_url())
        .retry(botapis::runtime::RetryPolicy::none())
        .build()
        .unwrap();

    let err = client.send_msg("1", 1536, "api message").send().await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    mock.assert_calls(0);
}

#[tokio::test]
async fn a_path_parameter_matches_its_own_segment_only() {
    use imbachat::mock::MockServerExt;
    let server = httpmock::MockServer::start_async().await;
    // The widget id is a credential in the path: any value matches it, and
    // a matcher for another parameter does not pin it.
    let mock = server.send_msg(|_, then| {
        then.ok(&sent_message());
    });
    let client = imbachat::Client::builder("999", "", "", "secret_key")
        .base_url(server.base_url())
        .retry(botapis::runtime::RetryPolicy::none())
        .build()
        .unwrap();

    client.send_msg("1", 1536, "api message").send().await.unwrap();

    mock.assert();
}
