//! Watbot on the wire: every operation made through the client against a
//! loopback mock that asserts method, path, the exact query (the token
//! included) and the body (a multipart form, or JSON) exactly. Requests and
//! answers are the spec's examples, transcribed from the seed page, the
//! official pages, their twins and the catalogue (each operation's
//! description says which); every answer example must decode.

use crate::support::{ExactQuery, FormFields, example, load, request_body};
use botapis::runtime::RetryPolicy;
use botapis::watbot::{Client, Error, servers, types};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

crate::trials! {
    async: get_me, answers_the_catalogue_shows_decode_typed, an_answer_resting_on_one_source_succeeds_with_what_decodes, a_documented_answer_that_does_not_match_is_a_decode_error, with_response_keeps_the_status_and_headers, send_message_by_contact_and_by_external_id, send_message_without_a_recipient_is_never_sent, send_message_by_external_id_without_its_bot_is_never_sent, send_message_to_whatsapp, send_message_to_queue_is_a_post_with_its_recipient_in_the_form, get_contacts_pages_with_typed_contacts, get_contacts_reads_the_page_meta, get_contacts_with_tags_and_variables, get_contacts_streams_every_page_of_500, create_or_update_contact_and_set_ysell_status, get_bot_tags_and_get_contact_tags, attach_and_detach_a_tag_by_name_or_by_id_are_posts, contact_variables_get_set_and_delete, delete_contact_variable_without_id_or_name_is_never_sent, get_referrers_answers_the_tree_upwards, depth_is_checked_against_1_to_10_before_sending, referrals_and_their_count_filtered_by_tag, referrals_stream_across_pages_of_500, contact_accounts, list_schemas, list_items, list_items_stream_every_page_of_100, decode_short_link, a_422_is_a_typed_validation_error;
    sync: the_white_label_hosts_and_the_documented_limit;
}

const SPEC: &str = "specs/watbot.yaml";
const TOKEN: &str = "watbot-token";

fn client(server: &MockServer) -> Client {
    Client::builder(TOKEN).base_url(server.uri()).no_rate_limit().retry(RetryPolicy::none()).build().unwrap()
}

/// A JSON object as the fields of a PHP-style form: arrays as `name[0]`,
/// objects as `name[key]`, numbers and booleans as their text.
fn form(value: &Value) -> Vec<(String, String)> {
    fn walk(name: String, value: &Value, out: &mut Vec<(String, String)>) {
        match value {
            Value::Null => {}
            Value::String(s) => out.push((name, s.clone())),
            Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| walk(format!("{name}[{i}]"), v, out)),
            Value::Object(map) => map.iter().for_each(|(k, v)| walk(format!("{name}[{k}]"), v, out)),
            other => out.push((name, other.to_string())),
        }
    }
    let mut out = Vec::new();
    for (k, v) in value.as_object().unwrap() {
        walk(k.clone(), v, &mut out);
    }
    out
}

/// Expect exactly one `verb route` with the token and `query`, and for a
/// POST with a documented body, that body (as a form or as JSON); answer
/// with the spec's 200 example, or `{"success": true}` where the answer is
/// not documented. Returns the request example, to be sent typed.
async fn expect(server: &MockServer, verb: &str, route: &str, query: &[(&str, &str)], with_body: bool) -> Value {
    expect_answering(server, verb, route, query, with_body, None).await
}

/// As [`expect`], answering `answer` where the spec types the answer but
/// the documentation gives no example of it.
async fn expect_answering(
    server: &MockServer,
    verb: &str,
    route: &str,
    query: &[(&str, &str)],
    with_body: bool,
    answer: Option<Value>,
) -> Value {
    let mut full = vec![("api_token", TOKEN)];
    full.extend_from_slice(query);
    // The official "Основы" page: every request says it accepts JSON (else
    // Laravel answers a validation failure with a redirect).
    let mut mock = Mock::given(method(verb)).and(path(route)).and(ExactQuery::new(&full)).and(header("accept", "application/json"));
    let mut sent = Value::Null;
    if with_body {
        let (media, body) = request_body(SPEC, route, "post");
        mock = if media == "multipart/form-data" {
            let fields = form(&body);
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            mock.and(FormFields::new(&fields))
        } else {
            mock.and(body_json(&body))
        };
        sent = body;
    }
    let documented = load(SPEC)["paths"][route][verb.to_lowercase()]["responses"]["200"]["content"]["application/json"]["example"].clone();
    let answer = match (answer, documented) {
        (Some(answer), _) => answer,
        (None, Value::Null) => json!({"success": true}),
        (None, documented) => documented,
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(answer)).expect(1).mount(server).await;
    sent
}

/// The request example of `route` as the typed body `T`.
fn typed<T: serde::de::DeserializeOwned>(example: Value) -> T {
    serde_json::from_value(example).unwrap()
}

async fn get_me() {
    let server = crate::support::server(SPEC).await;
    expect(&server, "GET", "/getMe", &[], false).await;
    client(&server).get_me().send().await.unwrap();
}

async fn answers_the_catalogue_shows_decode_typed() {
    // The catalogue's shapes, the only source of these answers: typed, each
    // field optional, any other key kept.
    let server = crate::support::server(SPEC).await;
    expect_answering(&server, "GET", "/getMe", &[], false, Some(json!({
        "data": {"id": 7, "name": "Ann", "email": "ann@example.com", "phone": "79990001122", "created_at": "2019-05-10T10:38:28+00:00", "plan": "pro"}
    }))).await;
    expect_answering(&server, "GET", "/getContactAccounts", &[("contact_id", "42")], false, Some(json!({
        "data": [{"id": 3, "amount": 150.5, "amount_note": null, "currency": "RUB", "created_at": "2020-01-01T00:00:00+00:00", "updated_at": "2020-01-02T00:00:00+00:00"}]
    }))).await;
    expect_answering(&server, "POST", "/sendMessage", &[("contact_id", "42"), ("text", "Hi")], false, Some(json!({"success": true}))).await;
    let c = client(&server);

    let me = c.get_me().send().await.unwrap().data.unwrap();
    assert_eq!((me.id, me.name.as_deref()), (Some(7), Some("Ann")));
    assert_eq!(me.extra["plan"], "pro");
    let accounts = c.get_contact_accounts(42).send().await.unwrap().data;
    assert_eq!((accounts[0].amount, accounts[0].currency.as_deref()), (Some(150.5), Some("RUB")));
    let sent = c.send_message().contact_id(42).text("Hi").send().await.unwrap();
    assert_eq!(sent.success, Some(true));
}

async fn an_answer_resting_on_one_source_succeeds_with_what_decodes() {
    // `getMe`'s shape is the catalogue's alone: an `id` that is text, or an
    // answer that is no object at all, is what a server may really send.
    let server = crate::support::server(SPEC).await;
    let mismatched = json!({"data": {"id": "seven", "name": "Ann", "plan": "pro"}});
    expect_answering(&server, "GET", "/getMe", &[], false, Some(mismatched.clone())).await;
    let c = client(&server);

    let response = c.get_me().send().with_response().await.unwrap();
    let mismatch = response.mismatch().expect("the answer did not match, and says so");
    assert_eq!(mismatch.json().unwrap(), mismatched);
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert!(mismatch.to_string().contains("did not match"), "{mismatch}");
    let me = response.into_inner().data.unwrap();
    assert_eq!((me.id, me.name.as_deref()), (None, Some("Ann")));
    assert_eq!(me.extra["plan"], "pro");

    let server = crate::support::server(SPEC).await;
    expect_answering(&server, "GET", "/getMe", &[], false, Some(json!(["not", "an", "object"]))).await;
    let me = client(&server).get_me().send().await.unwrap();
    assert!(me.data.is_none());
}

async fn a_documented_answer_that_does_not_match_is_a_decode_error() {
    // `getContactVariables`' answer is the official page's: a mismatch is
    // the vendor's API changing, reported, not papered over.
    let server = crate::support::server(SPEC).await;
    expect_answering(&server, "GET", "/getContactVariables", &[("contact_id", "42")], false, Some(json!({"data": "none"}))).await;
    match client(&server).get_contact_variables(42).send().await {
        Err(Error::Decode { status, .. }) => assert_eq!(status.as_u16(), 200),
        other => panic!("expected Decode, got {other:?}"),
    }
}

async fn with_response_keeps_the_status_and_headers() {
    let server = crate::support::server(SPEC).await;
    Mock::given(method("GET"))
        .and(path("/getBotTags"))
        .and(ExactQuery::new(&[("api_token", TOKEN), ("bot_id", "1")]))
        .respond_with(ResponseTemplate::new(200).insert_header("x-ratelimit-remaining", "59").set_body_json(json!({"data": ["VIP"]})))
        .expect(2)
        .mount(&server)
        .await;

    let response = client(&server).get_bot_tags(1).send().with_response().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["x-ratelimit-remaining"], "59");
    assert!(response.mismatch().is_none());
    assert_eq!(response.data, vec!["VIP".to_string()]);
    // A call owns what it needs: it runs on a task of its own, and one
    // never awaited sends nothing (the server expects two requests).
    let spawned = tokio::spawn(client(&server).get_bot_tags(1).send());
    assert_eq!(spawned.await.unwrap().unwrap().data, vec!["VIP".to_string()]);
    drop(client(&server).get_bot_tags(1).send());
}

async fn send_message_by_contact_and_by_external_id() {
    let server = crate::support::server(SPEC).await;
    expect(&server, "POST", "/sendMessage", &[("contact_id", "42"), ("text", "Hello!")], false).await;
    expect(
        &server,
        "POST",
        "/sendMessage",
        &[("contact_external_id", "79991234567"), ("bot_id", "1"), ("messenger", "whatsapp"), ("image", "https://example.com/a.png")],
        false,
    )
    .await;
    let c = client(&server);
    c.send_message().contact_id(42).text("Hello!").send().await.unwrap();
    c.send_message()
        .contact_external_id("79991234567")
        .bot_id(1)
        .messenger(types::Messenger::Whatsapp)
        .image("https://example.com/a.png")
        .send()
        .await
        .unwrap();
}

async fn send_message_without_a_recipient_is_never_sent() {
    let server = crate::support::server(SPEC).await;
    let err = client(&server).send_message().text("Hi").send().await.unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest(why) if why.contains("`contact_id`")), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

async fn send_message_by_external_id_without_its_bot_is_never_sent() {
    // The catalogue's by-external-id variant requires `bot_id` and `messenger`.
    let server = crate::support::server(SPEC).await;
    let c = client(&server);
    let err =
        c.send_message().contact_external_id("79991234567").messenger(types::Messenger::Whatsapp).text("Hi").send().await.unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest(why) if why.contains("`contact_external_id` needs `bot_id`")), "{err:?}");
    let err = c.send_message().contact_external_id("79991234567").bot_id(1).text("Hi").send().await.unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest(why) if why.contains("needs `messenger`")), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

async fn send_message_to_whatsapp() {
    let server = crate::support::server(SPEC).await;
    let body = expect(&server, "POST", "/sendMessageToWhatsApp", &[], true).await;
    let b: types::WhatsAppMessage = typed(body);
    let c = client(&server);
    let mut request = c.send_message_to_whatsapp(b.bot_id, b.phone, b.text);
    if let Some(name) = b.name {
        request = request.name(name);
    }
    request.send().await.unwrap();
}

async fn send_message_to_queue_is_a_post_with_its_recipient_in_the_form() {
    let server = crate::support::server(SPEC).await;
    let body = expect(&server, "POST", "/sendMessageToQueue", &[], true).await;
    let message: types::QueuedMessage = typed(body);
    assert!(matches!(message, types::QueuedMessage::Phone(_)), "{message:?}");
    client(&server).send_message_to_queue(message).send().await.unwrap();

    // By contact and by Bitrix contact, `message_id` as text.
    for (recipient, value) in [("contact_id", json!(42)), ("bitrix_contact_id", json!(1001))] {
        let server = crate::support::server(SPEC).await;
        Mock::given(method("POST"))
            .and(path("/sendMessageToQueue"))
            .and(ExactQuery::new(&[("api_token", TOKEN)]))
            .and(FormFields::new(&[("message_id", "7"), ("text", "Hi there"), (recipient, &value.to_string())]))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true})))
            .expect(1)
            .mount(&server)
            .await;
        let message: types::QueuedMessage = typed(json!({"message_id": "7", "text": "Hi there", recipient: value}));
        client(&server).send_message_to_queue(message).send().await.unwrap();
    }
}

async fn get_contacts_pages_with_typed_contacts() {
    let server = crate::support::server(SPEC).await;
    expect(&server, "GET", "/getContacts", &[("page", "1"), ("count", "500"), ("bot_id", "1"), ("date_from", "1557484708")], false).await;

    let page = client(&server).get_contacts().page(1u64).count(500u64).bot_id(1).date_from(1557484708).send().await.unwrap();

    let first = &page.data[0];
    assert_eq!(first.id, 1);
    assert_eq!(first.name.as_deref(), Some("Иван Иванов"));
    assert_eq!(first.phone.as_deref(), Some("79991234567"));
    assert_eq!(first.messenger, Some(types::Messenger::Whatsapp));
    assert_eq!(page.data.len(), 2);
    for contact in &page.data {
        assert!(contact.extra.is_empty(), "every documented field is typed: {:?}", contact.extra);
    }
}

async fn get_contacts_reads_the_page_meta() {
    let server = crate::support::server(SPEC).await;
    let answer = json!({
        "data": [{"id": 1, "name": "Ann", "variables": [{"name": "city", "value": "Kazan"}]}],
        "meta": {"current_page": 2, "from": 501, "last_page": 3, "total": 1234}
    });
    Mock::given(method("GET"))
        .and(path("/getContacts"))
        .and(ExactQuery::new(&[("api_token", TOKEN), ("page", "2")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server).get_contacts().page(2u64).send().await.unwrap();

    let meta = page.meta.unwrap();
    assert_eq!((meta.current_page, meta.last_page, meta.total), (Some(2), Some(3), Some(1234)));
    let variables = &page.data[0].variables;
    assert_eq!((variables[0].name.as_str(), variables[0].value.as_str()), ("city", "Kazan"));
}

async fn get_contacts_with_tags_and_variables() {
    // The Leadtex catalogue's `with=tags,variables`: each contact then
    // carries its tags' names.
    let server = crate::support::server(SPEC).await;
    let answer = json!({"data": [{"id": 1, "name": "Ann", "tags": ["VIP", "lead"], "variables": [{"name": "city", "value": "Kazan"}]}]});
    Mock::given(method("GET"))
        .and(path("/getContacts"))
        .and(ExactQuery::new(&[("api_token", TOKEN), ("with", "tags,variables")]))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;

    let page = client(&server).get_contacts().with("tags,variables").send().await.unwrap();

    assert_eq!(page.data[0].tags, ["VIP", "lead"]);
    assert!(page.data[0].extra.is_empty(), "{:?}", page.data[0].extra);
}

async fn get_contacts_streams_every_page_of_500() {
    let server = crate::support::server(SPEC).await;
    for (page, count) in [("1", 500), ("2", 3)] {
        let items: Vec<_> = (0..count).map(|i| json!({"id": i, "name": format!("c{i}")})).collect();
        Mock::given(method("GET"))
            .and(path("/getContacts"))
            .and(ExactQuery::new(&[("api_token", TOKEN), ("page", page), ("count", "500")]))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": items})))
            .expect(1)
            .mount(&server)
            .await;
    }

    use futures::TryStreamExt;
    let client = client(&server);
    // Read in a task of its own, as an axum handler or a worker would: the
    // stream is `Send`, and a clone of the client moved in makes it
    // `'static`.
    let all: Vec<types::Contact> = tokio::spawn(async move { client.get_contacts().stream().try_collect().await }).await.unwrap().unwrap();

    assert_eq!(all.len(), 503);
    assert_eq!(all[502].name.as_deref(), Some("c2"));
}

async fn create_or_update_contact_and_set_ysell_status() {
    let server = crate::support::server(SPEC).await;
    let contact = expect(&server, "POST", "/createOrUpdateContact", &[], true).await;
    let status = expect(&server, "POST", "/setYsellStatus", &[], true).await;
    let c = client(&server);
    let b: types::ContactForm = typed(contact);
    let mut request = c.create_or_update_contact(b.bot_id, b.messenger, b.name);
    if let Some(phone) = b.phone {
        request = request.phone(phone);
    }
    if let Some(email) = b.email {
        request = request.email(email);
    }
    if !b.tags.is_empty() {
        request = request.tags(b.tags);
    }
    request.send().await.unwrap();
    let b: types::YsellStatus = typed(status);
    c.set_ysell_status(b.contact_id, b.status).send().await.unwrap();
}

async fn get_bot_tags_and_get_contact_tags() {
    let server = crate::support::server(SPEC).await;
    expect(&server, "GET", "/getBotTags", &[("bot_id", "1")], false).await;
    expect(&server, "GET", "/getContactTags", &[("contact_id", "42")], false).await;
    let c = client(&server);
    let bot = c.get_bot_tags(1).send().await.unwrap();
    let contact = c.get_contact_tags(42).send().await.unwrap();
    assert!(!bot.data.is_empty() && !contact.data.is_empty());
}

async fn attach_and_detach_a_tag_by_name_or_by_id_are_posts() {
    let server = crate::support::server(SPEC).await;
    let attach = expect(&server, "POST", "/attachTagToContact", &[], true).await;
    let detach = expect(&server, "POST", "/detachTagFromContact", &[], true).await;
    let c = client(&server);
    let by_name: types::ContactTag = typed(attach);
    let by_id: types::ContactTag = typed(detach);
    assert!(matches!(by_name, types::ContactTag::Name(_)) && matches!(by_id, types::ContactTag::Id(_)));
    c.attach_tag_to_contact(by_name).send().await.unwrap();
    c.detach_tag_from_contact(by_id).send().await.unwrap();
}

async fn contact_variables_get_set_and_delete() {
    let server = crate::support::server(SPEC).await;
    expect(&server, "GET", "/getContactVariables", &[("contact_id", "42")], false).await;
    // The twin's answer example is cut off after `value`.
    let variable = json!({"data": {"name": "Город", "value": "Москва"}});
    let set = [("contact_id", "42"), ("name", "Город"), ("value", "Москва"), ("deletable", "1")];
    expect_answering(&server, "POST", "/setContactVariable", &set, false, Some(variable)).await;
    expect(&server, "POST", "/deleteContactVariable", &[("contact_id", "42"), ("name", "Город")], false).await;
    expect(&server, "POST", "/deleteContactVariable", &[("contact_id", "42"), ("id", "9")], false).await;
    let c = client(&server);

    let variables = c.get_contact_variables(42).send().await.unwrap();
    assert_eq!(variables.data.len(), 2);
    assert_eq!((variables.data[1].name.as_str(), variables.data[1].value.as_str()), ("Город", "Москва"));
    let set =
        c.set_contact_variable(42, "Город", "Москва").deletable(botapis::watbot::types::Deletable::DeleteAfterLead).send().await.unwrap();
    assert_eq!(set.data.value, "Москва");
    c.delete_contact_variable(42).name("Город").send().await.unwrap();
    c.delete_contact_variable(42).id(9).send().await.unwrap();
}

async fn delete_contact_variable_without_id_or_name_is_never_sent() {
    let server = crate::support::server(SPEC).await;
    let err = client(&server).delete_contact_variable(42).send().await.unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest(why) if why.contains("`id`, `name`")), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

async fn get_referrers_answers_the_tree_upwards() {
    let server = crate::support::server(SPEC).await;
    expect(&server, "GET", "/getReferrers", &[("contact_id", "42"), ("depth", "3")], false).await;

    let answer = client(&server).get_referrers(42, 3u64).send().await.unwrap();

    let types::Referrers::Tree(tree) = answer else { panic!("the documented answer is a tree: {answer:?}") };
    let mut names = Vec::new();
    let mut at = Some(&tree.data);
    while let Some(contact) = at {
        names.push(contact.name.clone().unwrap_or_default());
        at = contact.referrer.as_deref();
    }
    assert_eq!(names, ["Иван Иванов", "Петр Петров", "Василий Васильев"]);
}

async fn depth_is_checked_against_1_to_10_before_sending() {
    let server = crate::support::server(SPEC).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(example(SPEC, "/getReferrers", "get", "200")))
        .mount(&server)
        .await;
    let c = client(&server);
    for ok in [1u64, 10] {
        c.get_referrers(1, ok).send().await.unwrap();
    }
    for bad in [0u64, 11] {
        let err = c.get_referrers(1, bad).send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{bad}: {err:?}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "the out-of-range ones were never sent");
}

async fn referrals_and_their_count_filtered_by_tag() {
    let server = crate::support::server(SPEC).await;
    let referrals = json!({"data": [{"id": 7, "name": "Ann"}]});
    let query = [("contact_id", "42"), ("page", "2"), ("depth", "3"), ("filters[tag_name]", "Горячий")];
    expect_answering(&server, "POST", "/getReferrals", &query, false, Some(referrals)).await;
    expect(&server, "POST", "/getCountReferrals", &[("contact_id", "42"), ("filters[tag_id]", "7")], false).await;
    let c = client(&server);
    let referrals = c.get_referrals(42).page(2u64).depth(3u64).filters_tag_name("Горячий").send().await.unwrap();
    assert_eq!(referrals.data[0].name.as_deref(), Some("Ann"));
    c.get_count_referrals(42).filters_tag_id(7).send().await.unwrap();
}

async fn referrals_stream_across_pages_of_500() {
    let server = crate::support::server(SPEC).await;
    for (page, count) in [("1", 500), ("2", 3)] {
        // `getReferrals`' answer rests on one source: on the first page a
        // contact whose `id` is text is left out, and the page still
        // counts as the full 500 the vendor sent, so paging goes on.
        let items: Vec<_> = (0..count).map(|i| if page == "1" && i == 7 { json!({"id": "seven"}) } else { json!({"id": i}) }).collect();
        Mock::given(method("POST"))
            .and(path("/getReferrals"))
            .and(ExactQuery::new(&[("api_token", TOKEN), ("contact_id", "42"), ("page", page)]))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": items})))
            .expect(1)
            .mount(&server)
            .await;
    }

    use futures::TryStreamExt;
    let client = client(&server);
    let all: Vec<types::Contact> = client.get_referrals(42).stream().try_collect().await.unwrap();

    assert_eq!(all.len(), 502);
}

async fn contact_accounts() {
    let server = crate::support::server(SPEC).await;
    expect(&server, "GET", "/getContactAccounts", &[("contact_id", "42")], false).await;
    expect(&server, "POST", "/addContactAccount", &[("contact_id", "42"), ("currency", "RUB")], false).await;
    let delete = expect(&server, "POST", "/deleteContactAccount", &[], true).await;
    let add = expect(&server, "POST", "/addFundsToContactAccount", &[], true).await;
    let withdraw = expect(&server, "POST", "/withdrawFundsFromContactAccount", &[], true).await;
    let c = client(&server);
    c.get_contact_accounts(42).send().await.unwrap();
    c.add_contact_account(42, "RUB").send().await.unwrap();
    let b: types::AccountRef = typed(delete);
    c.delete_contact_account(b.account_id).send().await.unwrap();
    let b: types::AccountTransaction = typed(add);
    c.add_funds_to_contact_account(b.account_id, b.amount, b.description).send().await.unwrap();
    let b: types::AccountTransaction = typed(withdraw);
    c.withdraw_funds_from_contact_account(b.account_id, b.amount, b.description).send().await.unwrap();
}

async fn list_schemas() {
    let server = crate::support::server(SPEC).await;
    expect(&server, "GET", "/getListSchemas", &[("page", "1")], false).await;
    // POST with `{schema_id}`, as both public callers send it.
    let one = expect(&server, "POST", "/getListSchema", &[], true).await;
    let create = expect(&server, "POST", "/createListSchema", &[], true).await;
    let delete = expect(&server, "POST", "/deleteListSchema", &[], true).await;
    let add_field = expect(&server, "POST", "/addListSchemaField", &[], true).await;
    let delete_field = expect(&server, "POST", "/deleteListSchemaField", &[], true).await;
    let c = client(&server);

    let schemas = c.get_list_schemas().page(1u64).send().await.unwrap();
    assert!(!schemas.data.is_empty());
    let b: types::ListSchemaRef = typed(one);
    let schema = c.get_list_schema(b.schema_id).send().await.unwrap().data;
    assert_eq!(schema.fields["quantity"].name, "Количество");
    let b: types::NewListSchema = typed(create);
    let mut request = c.create_list_schema(b.bot_id, b.name, b.fields);
    if let Some(is_menu) = b.is_menu {
        request = request.is_menu(is_menu);
    }
    request.send().await.unwrap();
    let b: types::ListSchemaRef = typed(delete);
    c.delete_list_schema(b.schema_id).send().await.unwrap();
    let b: types::NewListSchemaField = typed(add_field);
    c.add_list_schema_field(b.schema_id, b.field).send().await.unwrap();
    let b: types::ListSchemaFieldRef = typed(delete_field);
    c.delete_list_schema_field(b.schema_id, b.slug).send().await.unwrap();
}

async fn list_items() {
    let server = crate::support::server(SPEC).await;
    let query = expect(&server, "POST", "/getListItems", &[], true).await;
    let add = expect(&server, "POST", "/addListItem", &[], true).await;
    let update = expect(&server, "POST", "/updateListItem", &[], true).await;
    let delete = expect(&server, "POST", "/deleteListItem", &[], true).await;
    let c = client(&server);
    let b: types::ListItemQuery = typed(query);
    let mut request = c.get_list_items(b.schema_id);
    if let Some(filters) = b.filters {
        request = request.filters(filters);
    }
    if let Some(order_by) = b.order_by {
        request = request.order_by(order_by);
    }
    if let Some(limit) = b.limit {
        request = request.limit(limit);
    }
    let page = request.page(1u64).send().await.unwrap();
    // Each item flat: its own keys, then the list's fields by key.
    assert_eq!(page.data[0].id, "5dee4a10c2cc5a38ec797240");
    assert_eq!(page.data[0].contact_id, Some(42));
    assert_eq!(page.data[0].extra["name"], "Пицца");
    let meta = page.meta.unwrap();
    assert_eq!((meta.current_page, meta.last_page, meta.total, meta.per_page), (Some(1), Some(68), Some(135), Some(2)));
    let b: types::NewListItem = typed(add);
    // The values go flat beside `schema_id`, as a caller's reference says.
    assert_eq!(b.extra["name"], "Пицца");
    c.add_list_item(b.schema_id).extra(b.extra).send().await.unwrap();
    let b: types::ListItemUpdate = typed(update);
    c.update_list_item(b.schema_id, b.item_id, b.data).send().await.unwrap();
    let b: types::ListItemRef = typed(delete);
    c.delete_list_item(b.item_id).send().await.unwrap();
}

async fn list_items_stream_every_page_of_100() {
    // As miniapp-sushii's fetch-watbot-list.js pages: `page` and `limit` in
    // the JSON body, until a short page.
    let server = crate::support::server(SPEC).await;
    for (page, count) in [(1, 100), (2, 3)] {
        let items: Vec<_> = (0..count).map(|i| json!({"id": format!("item-{page}-{i}"), "contact_id": 42, "name": "Пицца"})).collect();
        Mock::given(method("POST"))
            .and(path("/getListItems"))
            .and(ExactQuery::new(&[("api_token", TOKEN)]))
            .and(body_json(json!({"schema_id": "5dee4800c2cc5a38ec797235", "page": page, "limit": 100})))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "data": items,
                "meta": {"current_page": page, "last_page": 2, "total": 103, "per_page": 100}
            })))
            // Once by stream(), once by pages().
            .expect(2)
            .mount(&server)
            .await;
    }

    use futures::TryStreamExt;
    let client = client(&server);
    let all: Vec<types::ListItem> = client.get_list_items("5dee4800c2cc5a38ec797235").stream().try_collect().await.unwrap();
    assert_eq!(all.len(), 103);
    assert_eq!(all[100].id, "item-2-0");
    let pages: Vec<types::ListItemPage> = client.get_list_items("5dee4800c2cc5a38ec797235").pages().try_collect().await.unwrap();
    assert_eq!(pages.iter().map(|p| p.meta.as_ref().and_then(|m| m.current_page)).collect::<Vec<_>>(), [Some(1), Some(2)]);
}

async fn decode_short_link() {
    let server = crate::support::server(SPEC).await;
    let link = expect(&server, "POST", "/decodeShortLink", &[], true).await;
    let b: types::ShortLink = typed(link);
    let answer = client(&server).decode_short_link(b.url).send().await.unwrap();
    let documented = example(SPEC, "/decodeShortLink", "post", "200");
    assert_eq!(answer.data.url, documented["data"]["url"].as_str().unwrap());
}

async fn a_422_is_a_typed_validation_error() {
    let server = crate::support::server(SPEC).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "message": "The given data was invalid.",
            "errors": {"contact_id": ["The contact id field is required."]}
        })))
        .mount(&server)
        .await;

    let err = client(&server).get_contact_tags(0).send().await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(422));
    assert_eq!(err.vendor_message(), Some("The given data was invalid."));
    let envelope = err.envelope().unwrap();
    assert_eq!(envelope.errors["contact_id"], ["The contact id field is required."]);
}

fn the_white_label_hosts_and_the_documented_limit() {
    assert_eq!(servers::WATBOT, "https://watbot.ru/api/v1");
    assert_eq!(servers::LEADTEH, "https://app.leadteh.ru/api/v1");
    assert_eq!(servers::CLEVERAPP, "https://app.cleverapp.pro/api/v1");
    assert_eq!(servers::JETBOT, "https://app.jetbot24.ru/api/v1");
    assert_eq!(servers::ONEBOT, "https://app.onebot.tech/api/v1");
    assert_eq!(botapis::watbot::RATE_LIMIT, Some(botapis::runtime::RateLimit { requests: 2, per_seconds: 1 }));
    for sends in ["send_message", "send_message_to_queue", "send_message_to_whatsapp", "add_funds_to_contact_account"] {
        assert!(!crate::support::idempotent(&botapis::watbot::VENDOR, sends, &reqwest::Method::POST), "{sends}");
    }
}
