//! Okeybot on the wire: every request of the vendor's documentation (its curl
//! calls) made through the client against a loopback mock that asserts
//! method, path, query, the Authorization header and the JSON body exactly,
//! answered with the spec's own examples, which must decode.

use crate::support::{ExactQuery, example, examples, request_example, response_schema};
use botapis::okeybot::{Client, Error, types};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

crate::trials! {
    async: get_contacts_by_custom_field, get_contact, update_contact, add_tags, delete_tags, create_contact, send_content, documented_errors_come_back_typed_with_the_vendors_message, a_viber_base64_id_is_percent_encoded_in_the_path;
    sync: every_kind_of_content_goes_out_tagged_with_its_type, the_client_and_its_credentials_never_print_the_token, default_server_and_rate_limit_come_from_the_spec, every_response_example_of_the_spec_decodes_into_its_generated_type;
}

const SPEC: &str = "specs/okeybot.yaml";
const TOKEN: &str = "channel-token-for-tests";

async fn mock(verb: &str, route: &str, query: &[(&str, &str)], body: Option<Value>, answer: Value) -> MockServer {
    let server = crate::support::server(SPEC).await;
    let mut m =
        Mock::given(method(verb)).and(path(route)).and(ExactQuery::new(query)).and(header("authorization", format!("Bearer {TOKEN}")));
    if let Some(body) = body {
        // The body the doc's curl sends is the spec's request example too.
        assert_eq!(body, request_example(SPEC, spec_path(route), &verb.to_lowercase()));
        m = m.and(body_json(body));
    }
    m.respond_with(ResponseTemplate::new(200).set_body_json(answer)).expect(1).mount(&server).await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::with_base_url(&server.uri(), TOKEN)
}

async fn get_contacts_by_custom_field() {
    // curl -X GET 'https://app.okeybot.com/api/v1/contact/by_custom_field?name=firstName&value=Muhammad%20Mahin'
    let answer = example(SPEC, "/contact/by_custom_field", "get", "200");
    let server = mock("GET", "/contact/by_custom_field", &[("name", "firstName"), ("value", "Muhammad Mahin")], None, answer).await;

    let page = client(&server).get_contacts_by_custom_field("firstName", "Muhammad Mahin").send().await.unwrap();

    assert_eq!(page.data.len(), 1);
    let contact = &page.data[0];
    assert_eq!(contact.id, "1776025372480910");
    assert_eq!(contact.custom_fields["firstName"], json!("Mahin"));
    assert_eq!(contact.tags, ["Blog Updates", "Platform Updates"]);
    assert_eq!(contact.created_at, Some(1575618542));
    assert_eq!(page.links.next, None);
    assert_eq!(page.meta.total, 1);
    assert_eq!(page.meta.from, Some(1));
}

async fn get_contact() {
    // curl -X GET https://app.okeybot.com/api/v1/contact/1776025372480910
    let answer = example(SPEC, "/contact/{contact_id}", "get", "200");
    let server = mock("GET", "/contact/1776025372480910", &[], None, answer).await;

    let contact = client(&server).get_contact("1776025372480910").send().await.unwrap().data;

    assert_eq!(contact.id, "1776025372480910");
    assert_eq!(contact.custom_fields["email"], json!("mahin@example.com"));
}

async fn update_contact() {
    // curl -X PUT https://app.okeybot.com/api/v1/contact/1776025372480910 -d '{"custom_fields": [...]}'
    let body = json!({"custom_fields": [
        {"name": "firstName", "value": "Muhammad Mahin"},
        {"name": "lastName", "value": "Dar"}
    ]});
    let answer = example(SPEC, "/contact/{contact_id}", "put", "200");
    let server = mock("PUT", "/contact/1776025372480910", &[], Some(body), answer).await;

    let updated = client(&server)
        .update_contact("1776025372480910", [field("firstName", "Muhammad Mahin"), field("lastName", "Dar")])
        .send()
        .await
        .unwrap();

    // The vendor answers with another id than the one updated; see the spec.
    assert_eq!(updated.data.id, "cus_112233344555");
}

async fn add_tags() {
    // curl -X POST https://app.okeybot.com/api/v1/contact/1776025372480910/tags -d '{"tags": [...]}'
    let body = json!({"tags": ["Blog Updates", "Platform Updates"]});
    let answer = example(SPEC, "/contact/{contact_id}/tags", "post", "200");
    let server = mock("POST", "/contact/1776025372480910/tags", &[], Some(body), answer).await;

    let status = client(&server).add_tags("1776025372480910", tags()).send().await.unwrap();

    assert_eq!(status.status, "success");
    assert_eq!(status.message, "Contact Tags have been added successfully.");
}

async fn delete_tags() {
    // curl -X DELETE https://app.okeybot.com/api/v1/contact/1776025372480910/tags -d '{"tags": [...]}'
    let body = json!({"tags": ["Blog Updates", "Platform Updates"]});
    let answer = example(SPEC, "/contact/{contact_id}/tags", "delete", "200");
    let server = mock("DELETE", "/contact/1776025372480910/tags", &[], Some(body), answer).await;

    let status = client(&server).delete_tags("1776025372480910", tags()).send().await.unwrap();

    assert_eq!(status.message, "Contact Tags deleted successfully.");
}

async fn create_contact() {
    // curl -X POST https://app.okeybot.com/api/v1/contact/ -d '{"custom_fields": [...]}'
    let body = json!({"custom_fields": [
        {"name": "phone", "value": "03244077087"},
        {"name": "firstName", "value": "Muhammad Mahin"},
        {"name": "lastName", "value": "Dar"}
    ]});
    let answer = example(SPEC, "/contact/", "post", "200");
    let server = mock("POST", "/contact/", &[], Some(body), answer).await;

    let created = client(&server)
        .create_contact([field("phone", "03244077087"), field("firstName", "Muhammad Mahin"), field("lastName", "Dar")])
        .send()
        .await
        .unwrap();

    assert_eq!(created.data.id, "cus_112233344555");
}

/// The Messages API's two documented requests, a text and an image, each
/// sent as the documentation's curl sends it.
async fn send_content() {
    let doc = crate::support::load(SPEC);
    let examples = &doc["paths"]["/message/sendContent/{contact_id}"]["post"]["requestBody"]["content"]["application/json"]["examples"];
    // curl -X POST https://app.okeybot.com/api/v1/message/sendContent/{contactId} -d '{"body": [{"type": "text", ...}]}'
    let text = json!({"body": [{"type": "text", "text": "Hi there"}]});
    // The image example has a stray `}`; this is its evident intent.
    let image = json!({"body": [{"type": "image", "url": "http://abc.com"}]});
    assert_eq!(examples["text"]["value"], text);
    assert_eq!(examples["image"]["value"], image);
    let answer = example(SPEC, "/message/sendContent/{contact_id}", "post", "200");

    // Not in the vendor's stored pages: as the public code that calls the API
    // sends them (hulux-api, repat/respond-io-client).
    let template = examples["whatsapp_template"]["value"].clone();
    let quick_reply = examples["quick_reply"]["value"].clone();
    let order_update = types::WhatsappTemplate {
        name: "order_update".into(),
        language_code: "en".into(),
        components: vec![types::TemplateComponent {
            type_: "body".into(),
            text: Some("Your order {{1}} has shipped".into()),
            parameters: vec![types::TemplateParameter { type_: "text".into(), text: "A-1042".into() }],
        }],
    };

    for (body, content) in [
        (text, types::Content::Text { text: "Hi there".into() }),
        (image, types::Content::Image { url: "http://abc.com".into() }),
        (template, types::Content::WhatsappTemplate { template: order_update }),
        (quick_reply, types::Content::QuickReply { title: "Shall we call you back?".into(), replies: vec!["Yes".into(), "No".into()] }),
    ] {
        let server = crate::support::server(SPEC).await;
        Mock::given(method("POST"))
            .and(path("/message/sendContent/1776025372480910"))
            .and(ExactQuery::new(&[]))
            .and(header("authorization", format!("Bearer {TOKEN}")))
            .and(body_json(body))
            .respond_with(ResponseTemplate::new(200).set_body_json(answer.clone()))
            .expect(1)
            .mount(&server)
            .await;

        let sent = client(&server).send_content("1776025372480910", vec![content]).send().await.unwrap();

        assert_eq!((sent.status.as_str(), sent.message.as_str()), ("Success", "Message Sent"));
    }
}

fn every_kind_of_content_goes_out_tagged_with_its_type() {
    let kinds = [
        (types::Content::Video { url: "u".into() }, "video"),
        (types::Content::Audio { url: "u".into() }, "audio"),
        (types::Content::File { url: "u".into() }, "file"),
    ];
    for (content, kind) in kinds {
        assert_eq!(serde_json::to_value(content).unwrap(), json!({"type": kind, "url": "u"}));
    }
}

async fn documented_errors_come_back_typed_with_the_vendors_message() {
    let client =
        |server: &MockServer| Client::builder(TOKEN).base_url(server.uri()).retry(botapis::runtime::RetryPolicy::none()).build().unwrap();
    for (status, message) in
        [(401, "API Token is invalid."), (403, "Message String"), (405, "405 Method Not Allowed."), (429, "Too many requests")]
    {
        let answer = example(SPEC, "/contact/{contact_id}", "get", &status.to_string());
        let server = crate::support::server(SPEC).await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(status).set_body_json(answer)).expect(1).mount(&server).await;

        let err = client(&server).get_contact("1").send().await.unwrap_err();

        match &err {
            Error::Status { status: got, envelope: Some(envelope), .. } => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(envelope.status, "error");
                assert_eq!(envelope.message, message);
            }
            Error::RateLimited { envelope: Some(envelope), .. } => {
                assert_eq!(status, 429);
                assert_eq!(envelope.message, message);
            }
            other => panic!("{status}: expected a typed vendor error, got {other:?}"),
        }
        assert_eq!(err.vendor_message(), Some(message));
        assert!(err.to_string().contains(message), "{err}");
    }
}

async fn a_viber_base64_id_is_percent_encoded_in_the_path() {
    let server = crate::support::server(SPEC).await;
    Mock::given(method("GET"))
        .and(path("/contact/YW+j%2FZA=="))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(SPEC, "/contact/{contact_id}", "get", "200")))
        .expect(1)
        .mount(&server)
        .await;

    client(&server).get_contact("YW+j/ZA==").send().await.unwrap();
}

fn the_client_and_its_credentials_never_print_the_token() {
    let client = Client::with_token(TOKEN);
    let shown = format!("{client:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("REDACTED"), "{shown}");
}

fn default_server_and_rate_limit_come_from_the_spec() {
    assert_eq!(botapis::okeybot::servers::OKEYBOT, "https://app.okeybot.com/api/v1");
    assert_eq!(botapis::okeybot::servers::RESPOND_IO, "https://app.respond.io/api/v1");
    assert_eq!(botapis::okeybot::RATE_LIMIT, Some(botapis::runtime::RateLimit { requests: 100, per_seconds: 60 }));
}

/// The spec path a concrete test route belongs to.
fn spec_path(route: &str) -> &'static str {
    match route {
        "/contact/" => "/contact/",
        r if r.ends_with("/tags") => "/contact/{contact_id}/tags",
        _ => "/contact/{contact_id}",
    }
}

fn every_response_example_of_the_spec_decodes_into_its_generated_type() {
    let all = examples(SPEC);
    assert_eq!(all.len(), 35, "7 operations, each with 200, 401, 403, 405 and 429");
    for (path, verb, status) in all {
        let value = example(SPEC, &path, &verb, &status);
        let schema = response_schema(SPEC, &path, &verb, &status);
        let decoded = match schema.as_str() {
            "ContactPage" => serde_json::from_value::<types::ContactPage>(value).map(drop),
            "ContactEnvelope" => serde_json::from_value::<types::ContactEnvelope>(value).map(drop),
            "ContactIdEnvelope" => serde_json::from_value::<types::ContactIdEnvelope>(value).map(drop),
            "StatusMessage" => serde_json::from_value::<types::StatusMessage>(value).map(drop),
            "ErrorEnvelope" => serde_json::from_value::<types::ErrorEnvelope>(value).map(drop),
            other => panic!("add a decoder for the schema {other}"),
        };
        decoded.unwrap_or_else(|e| panic!("{verb} {path} {status} ({schema}): {e}"));
    }
}

fn field(name: &str, value: &str) -> types::CustomField {
    types::CustomField { name: name.parse().unwrap(), value: value.into() }
}

fn tags() -> [&'static str; 2] {
    ["Blog Updates", "Platform Updates"]
}
