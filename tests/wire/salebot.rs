//! Salebot on the wire: all 41 actions through the client against a
//! loopback mock that asserts method, path (the API key in it), exact query
//! and JSON body. Where the documentation shows a request (Python code, an
//! example URL or JSON), that request is the one asserted; answers are the
//! documentation's examples from the spec, which must decode.

use crate::support::{ExactQuery, example, named_example, request_example};
use botapis::runtime::RetryPolicy;
use botapis::runtime::lenient::NumberOrText;
use botapis::salebot::types::{self, OrderStatus};
use botapis::salebot::{Client, Error};
use futures::TryStreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

crate::trials! {
    async: callback_as_in_the_python_example, callback_with_a_renamed_client_id_field, callback_with_the_delimiter_modifier, vk_callback_as_in_the_python_example, the_other_callbacks_with_time_shift_and_send_time, send_callback_by_platform_id_keeps_numbers_and_strings, message_as_in_both_python_examples, message_with_the_documented_buttons, whatsapp_message_as_in_the_python_example, broadcast_to_clients_as_in_the_python_example, get_history_decodes_the_documented_answer, a_plain_text_ok_is_a_success, a_plain_text_ok_with_an_error_status_stays_an_error, clear_history_and_get_variables_as_in_the_python_examples, get_variables_of_an_unknown_client_is_still_the_vendors_error, assign_to_user_posts_to_its_own_action, load_clients_sends_a_top_level_array, lists_and_deleting_clients, get_clients_streams_every_client_500_at_a_time, get_clients_decodes_the_documented_answer, save_variables_as_in_both_documented_examples, finding_client_ids, find_clients_as_in_the_documented_examples, a_fail_status_with_http_200_is_a_typed_vendor_error, a_status_given_twice_is_an_error_if_either_is, whatsapp_client_id_answers_404_when_there_is_none, a_found_client_answer_with_other_keys_still_decodes, orders, client_not_found_is_a_typed_vendor_error, project_actions;
    sync: send_time_must_have_the_documented_format, broadcast_recipients_are_one_of_three_choices, the_webhook_payload_is_a_public_type, sending_actions_are_never_retried_and_lookups_are;
}

const SPEC: &str = "specs/salebot.yaml";
/// The key of the documentation's Python examples.
const KEY: &str = "b551e18c8b8e86bea6f14f38de3f5cc3c31ba1edb4d8";

fn client(server: &MockServer) -> Client {
    Client::builder(KEY).base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap()
}

/// Expect exactly one `verb /{KEY}/{action}?query` with `body`, answered
/// with `answer`.
async fn expect(server: &MockServer, verb: &str, action: &str, query: &[(&str, &str)], body: Option<Value>, answer: Value) {
    let mut mock = Mock::given(method(verb)).and(path(format!("/{KEY}/{action}"))).and(ExactQuery::new(query));
    if let Some(body) = body {
        mock = mock.and(body_json(body));
    }
    mock.respond_with(ResponseTemplate::new(200).set_body_json(answer)).expect(1).mount(server).await;
}

fn ok() -> Value {
    json!({"status": "success"})
}

fn id(s: &str) -> NumberOrText {
    NumberOrText::from(s)
}

async fn callback_as_in_the_python_example() {
    // params = {"message": "some_text", "client_id": "25554"}
    // requests.post(f'https://chatter.salebot.pro/api/{token}/callback', json=params)
    let server = crate::support::server(SPEC).await;
    let body = request_example(SPEC, "/{api_key}/callback", "post");
    expect(&server, "POST", "callback", &[], Some(body), ok()).await;

    let callback = types::Callback { client_id: Some(id("25554")), message: Some("some_text".into()), ..Default::default() };
    client(&server).callback().body(callback).send().await.unwrap();
}

async fn callback_with_a_renamed_client_id_field() {
    // .../callback?value_client_id=my_client  {"my_client":49177759, "message":"Hello world"}
    let server = crate::support::server(SPEC).await;
    expect(
        &server,
        "POST",
        "callback",
        &[("value_client_id", "my_client")],
        Some(json!({"my_client": 49177759, "message": "Hello world"})),
        ok(),
    )
    .await;

    let mut extra = serde_json::Map::new();
    extra.insert("my_client".into(), json!(49177759));
    let callback = types::Callback { message: Some("Hello world".into()), extra, ..Default::default() };
    client(&server).callback().value_client_id("my_client").body(callback).send().await.unwrap();
}

async fn callback_with_the_delimiter_modifier() {
    // .../callback?delimiter=1&delimiter_value_client_id={key1}1{key2}&delimiter_value_phone={key1}1{key2}
    let server = crate::support::server(SPEC).await;
    let query = [("delimiter", "1"), ("delimiter_value_client_id", "order1client"), ("delimiter_value_phone", "order1phone")];
    expect(&server, "POST", "callback", &query, Some(json!({"order": {"client": 5, "phone": "7999"}})), ok()).await;

    let mut extra = serde_json::Map::new();
    extra.insert("order".into(), json!({"client": 5, "phone": "7999"}));
    client(&server)
        .callback()
        .delimiter("1")
        .delimiter_value_client_id("order1client")
        .delimiter_value_phone("order1phone")
        .body(types::Callback { extra, ..Default::default() })
        .send()
        .await
        .unwrap();
}

async fn vk_callback_as_in_the_python_example() {
    let server = crate::support::server(SPEC).await;
    let body = request_example(SPEC, "/{api_key}/vk_callback", "post");
    assert_eq!(body, json!({"user_id": "146467928", "group_id": "143414131", "message": "test"}));
    expect(&server, "POST", "vk_callback", &[], Some(body), ok()).await;

    let vk = types::VkCallback {
        user_id: Some(id("146467928")),
        group_id: Some(id("143414131")),
        message: Some("test".into()),
        ..Default::default()
    };
    client(&server).vk_callback().body(vk).send().await.unwrap();
}

async fn the_other_callbacks_with_time_shift_and_send_time() {
    let server = crate::support::server(SPEC).await;
    expect(
        &server,
        "POST",
        "whatsapp_callback",
        &[],
        Some(json!({"name": "Ann", "phone": "79990001122", "bot_id": 7, "message": "hi", "time_shift": 60})),
        ok(),
    )
    .await;
    expect(&server, "POST", "ok_callback", &[], Some(json!({"user_id": "5", "group_id": "9", "resume_bot": true})), ok()).await;
    expect(
        &server,
        "POST",
        "tg_callback",
        &[],
        Some(json!({"user_id": "5", "group_id": "shop_bot", "send_time": "2024-10-16 13:15:59"})),
        ok(),
    )
    .await;
    expect(&server, "POST", "email_callback", &[], Some(json!({"email": "a@b.c", "email_id_bot": "bot@b.c", "name": "Ann"})), ok()).await;
    let c = client(&server);

    c.whatsapp_callback()
        .body(types::WhatsappCallback {
            name: Some("Ann".into()),
            phone: Some("79990001122".into()),
            bot_id: Some(NumberOrText::Number(7)),
            message: Some("hi".into()),
            time_shift: Some(60),
            ..Default::default()
        })
        .send()
        .await
        .unwrap();
    c.ok_callback()
        .body(types::OkCallback { user_id: Some(id("5")), group_id: Some(id("9")), resume_bot: Some(true), ..Default::default() })
        .send()
        .await
        .unwrap();
    c.tg_callback()
        .body(types::TgCallback {
            user_id: Some(id("5")),
            group_id: Some("shop_bot".into()),
            send_time: Some("2024-10-16 13:15:59".parse().unwrap()),
            ..Default::default()
        })
        .send()
        .await
        .unwrap();
    c.email_callback()
        .body(types::EmailCallback {
            email: Some("a@b.c".into()),
            email_id_bot: Some("bot@b.c".into()),
            name: Some("Ann".into()),
            ..Default::default()
        })
        .send()
        .await
        .unwrap();
}

fn send_time_must_have_the_documented_format() {
    assert!("2024-10-16 13:15:59".parse::<types::SendTime>().is_ok());
    for bad in ["2024-10-16T13:15:59", "16.10.2024 13:15", "soon"] {
        assert!(bad.parse::<types::SendTime>().is_err(), "{bad}");
    }
}

async fn send_callback_by_platform_id_keeps_numbers_and_strings() {
    // {"platform_ids":[407184121, "79609879898", "2rwewefw"], "callback_text": "test_callback"}
    let server = crate::support::server(SPEC).await;
    let body = request_example(SPEC, "/{api_key}/send_callback_by_platform_id", "post");
    expect(&server, "POST", "send_callback_by_platform_id", &[], Some(body), ok()).await;

    client(&server)
        .send_callback_by_platform_id([NumberOrText::Number(407184121), id("79609879898"), id("2rwewefw")], "test_callback")
        .send()
        .await
        .unwrap();
}

async fn message_as_in_both_python_examples() {
    let server = crate::support::server(SPEC).await;
    for name in ["text", "attachment"] {
        let body =
            crate::support::load(SPEC)["paths"]["/{api_key}/message"]["post"]["requestBody"]["content"]["application/json"]["examples"]
                [name]["value"]
                .clone();
        expect(&server, "POST", "message", &[], Some(body), ok()).await;
    }
    let c = client(&server);

    c.message(id("25554")).message("some_text").send().await.unwrap();
    c.message(id("1234565"))
        .message("какое-нибудь сообщение")
        .attachment_type(types::AttachmentType::Video)
        .attachment_url("https://qwreqw")
        .send()
        .await
        .unwrap();
}

async fn message_with_the_documented_buttons() {
    let server = crate::support::server(SPEC).await;
    let buttons = crate::support::load(SPEC)["components"]["schemas"]["Buttons"]["example"].clone();
    expect(&server, "POST", "message", &[], Some(json!({"client_id": "7", "message": "Choose", "buttons": buttons.clone()})), ok()).await;

    let buttons: types::Buttons = serde_json::from_value(buttons).unwrap();
    assert_eq!(buttons.buttons.len(), 4);
    client(&server).message(id("7")).message("Choose").buttons(buttons).send().await.unwrap();
}

async fn whatsapp_message_as_in_the_python_example() {
    let server = crate::support::server(SPEC).await;
    let body = request_example(SPEC, "/{api_key}/whatsapp_message", "post");
    expect(&server, "POST", "whatsapp_message", &[], Some(body), ok()).await;

    client(&server).whatsapp_message("79875146788").message("some_text").send().await.unwrap();
}

async fn broadcast_to_clients_as_in_the_python_example() {
    // params = {"message": "some_text", "clients": ["5", "58", "110"]}
    let server = crate::support::server(SPEC).await;
    let body = request_example(SPEC, "/{api_key}/broadcast", "post");
    expect(&server, "POST", "broadcast", &[], Some(body), ok()).await;

    let broadcast = types::ToClients {
        clients: vec![id("5"), id("58"), id("110")],
        message: Some("some_text".into()),
        message_id: None,
        attachment_type: None,
        attachment_url: None,
        buttons: None,
        shift: None,
        time_shift: None,
        send_time: None,
    };
    client(&server).broadcast(broadcast).send().await.unwrap();
}

fn broadcast_recipients_are_one_of_three_choices() {
    let to_list: types::Broadcast = serde_json::from_value(json!({"list": 12, "message": "m"})).unwrap();
    assert!(matches!(to_list, types::Broadcast::List(types::ToList { list: 12, .. })));
    let to_ids: types::Broadcast = serde_json::from_value(json!({"platform_ids": [1], "group_id": "g", "message": "m"})).unwrap();
    assert!(matches!(to_ids, types::Broadcast::PlatformIds(_)));
    // platform_ids without group_id is none of the three.
    assert!(serde_json::from_value::<types::Broadcast>(json!({"platform_ids": [1], "message": "m"})).is_err());
}

async fn get_history_decodes_the_documented_answer() {
    let server = crate::support::server(SPEC).await;
    let answer = example(SPEC, "/{api_key}/get_history", "get", "200");
    expect(
        &server,
        "GET",
        "get_history",
        &[("client_id", "85856"), ("limit", "100"), ("start_date", "01.10.2024"), ("stop_date", "16.10.2024")],
        None,
        answer,
    )
    .await;

    let history = client(&server).get_history(85856).limit(100u64).start_date("01.10.2024").stop_date("16.10.2024").send().await.unwrap();

    assert_eq!(history.result[0].text.as_deref(), Some("Пышь тышь"));
    assert_eq!(history.result[0].manager_email.as_deref(), Some("example@mail.com"));
}

/// Salebot answers some calls with the plain text `ok`: a message that was
/// sent must not come back as an error, which a user would retry by hand.
async fn a_plain_text_ok_is_a_success() {
    let server = crate::support::server(SPEC).await;
    Mock::given(method("POST"))
        .and(path(format!("/{KEY}/message")))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok\n").insert_header("content-type", "text/html"))
        .expect(1)
        .mount(&server)
        .await;

    let answer = client(&server).message(id("25554")).message("hi").send().await.unwrap();

    assert_eq!(answer.0, json!({"status": "success"}));
}

async fn a_plain_text_ok_with_an_error_status_stays_an_error() {
    let server = crate::support::server(SPEC).await;
    Mock::given(method("POST"))
        .and(path(format!("/{KEY}/message")))
        .respond_with(ResponseTemplate::new(500).set_body_string("ok"))
        .mount(&server)
        .await;

    let err = client(&server).message(id("25554")).message("hi").send().await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(err.body().map(|b| b.as_bytes()), Some(&b"ok"[..]));
}

async fn clear_history_and_get_variables_as_in_the_python_examples() {
    // requests.get(f'.../{token}/clear_history?client_id=85856')
    let server = crate::support::server(SPEC).await;
    expect(&server, "GET", "clear_history", &[("client_id", "85856")], None, ok()).await;
    let answer = example(SPEC, "/{api_key}/get_variables", "get", "200");
    expect(&server, "GET", "get_variables", &[("client_id", "85856")], None, answer).await;
    let c = client(&server);

    c.clear_history(85856).send().await.unwrap();
    let variables = c.get_variables(85856).send().await.unwrap();
    assert_eq!(variables["name"], "Ann");
    // A variable named `status` is data here, not Salebot's error.
    assert_eq!(variables["status"], "vip");
}

async fn get_variables_of_an_unknown_client_is_still_the_vendors_error() {
    let server = crate::support::server(SPEC).await;
    expect(&server, "GET", "get_variables", &[("client_id", "404")], None, json!({"status": "client_not_found"})).await;

    let err = client(&server).get_variables(404).send().await.unwrap_err();

    assert_eq!(err.envelope().map(|e| e.status.as_str()), Some("client_not_found"));
}

async fn assign_to_user_posts_to_its_own_action() {
    // The documentation's example posts to /broadcast by mistake.
    let server = crate::support::server(SPEC).await;
    let body = request_example(SPEC, "/{api_key}/assign_to_user", "post");
    expect(&server, "POST", "assign_to_user", &[], Some(body), ok()).await;

    client(&server).assign_to_user(id("49177759")).email("xxxxx@mail.ru").send().await.unwrap();
}

async fn load_clients_sends_a_top_level_array() {
    let server = crate::support::server(SPEC).await;
    let body = request_example(SPEC, "/{api_key}/load_clients", "post");
    let answer = example(SPEC, "/{api_key}/load_clients", "post", "200");
    expect(&server, "POST", "load_clients", &[], Some(body), answer).await;

    let clients = vec![
        types::ClientToLoad { platform_id: NumberOrText::Number(274827917), group_id: NumberOrText::Number(169166236), client_type: 0 },
        types::ClientToLoad { platform_id: id("79538550785@s.whatsapp.net"), group_id: id("1hwF7lwEjv4SKYIGFhQnBw=="), client_type: 6 },
    ];
    let loaded = client(&server).load_clients(clients).send().await.unwrap();

    assert_eq!(loaded.items[0].id, Some(1469409));
}

async fn lists_and_deleting_clients() {
    let server = crate::support::server(SPEC).await;
    let add = request_example(SPEC, "/{api_key}/add_to_list", "post");
    expect(&server, "POST", "add_to_list", &[], Some(add), ok()).await;
    expect(&server, "POST", "remove_from_list", &[], Some(json!({"list_id": 1170282, "clients": [411262772]})), ok()).await;
    let delete = request_example(SPEC, "/{api_key}/delete_clients", "post");
    expect(&server, "POST", "delete_clients", &[], Some(delete), ok()).await;
    let c = client(&server);

    c.add_to_list(1170282, [411262772i64, 646410963]).send().await.unwrap();
    c.remove_from_list(1170282, [411262772i64]).send().await.unwrap();
    c.delete_clients([199571i64, 199707, 1935722]).send().await.unwrap();
}

async fn get_clients_streams_every_client_500_at_a_time() {
    let server = crate::support::server(SPEC).await;
    let record = |i: u64| json!({"id": i, "platform_id": "1", "client_type": 0});
    for (offset, count) in [("0", 500u64), ("500", 2)] {
        let clients: Vec<Value> = (0..count).map(record).collect();
        expect(
            &server,
            "GET",
            "get_clients",
            &[("offset", offset), ("limit", "500")],
            None,
            json!({"status": "success", "clients": clients}),
        )
        .await;
    }

    let client = client(&server);
    let all: Vec<types::ClientRecord> = client.get_clients().stream().try_collect().await.unwrap();

    assert_eq!(all.len(), 502);
}

async fn get_clients_decodes_the_documented_answer() {
    let server = crate::support::server(SPEC).await;
    let answer = example(SPEC, "/{api_key}/get_clients", "get", "200");
    expect(&server, "GET", "get_clients", &[("list", "12"), ("reverse", "true")], None, answer).await;

    let page = client(&server).get_clients().list(12).reverse(true).send().await.unwrap();

    assert_eq!(page.clients[0].group.as_deref(), Some("143414131"));
}

async fn save_variables_as_in_both_documented_examples() {
    let server = crate::support::server(SPEC).await;
    for name in ["deal", "profile"] {
        let body = crate::support::load(SPEC)["paths"]["/{api_key}/save_variables"]["post"]["requestBody"]["content"]["application/json"]["examples"][name]["value"].clone();
        expect(&server, "POST", "save_variables", &[], Some(body), ok()).await;
    }
    let c = client(&server);
    let vars = |k: &str, v: &str| serde_json::Map::from_iter([(k.to_string(), json!(v))]);

    c.save_variables(vars("var_name", "var_value")).client_id(id("25554")).send().await.unwrap();
    c.save_variables(vars("client.phone", "88888888888")).client_id(NumberOrText::Number(49177759)).send().await.unwrap();
}

async fn finding_client_ids() {
    let server = crate::support::server(SPEC).await;
    let found = example(SPEC, "/{api_key}/find_client_id_by_platform_id", "post", "200");
    expect(
        &server,
        "POST",
        "find_client_id_by_platform_id",
        &[],
        Some(json!({"platform_ids": ["2568652"], "group_id": "Salebotpro_bot"})),
        found,
    )
    .await;
    let online = example(SPEC, "/{api_key}/online_chat_client_id", "get", "200");
    expect(&server, "GET", "online_chat_client_id", &[("recipient", "r-1"), ("tag", "promo")], None, online).await;
    expect(&server, "GET", "whatsapp_client_id", &[("phone", "79990001122"), ("group_id", "g")], None, json!({"client_id": 1})).await;
    expect(&server, "GET", "find_client_id_by_phone", &[("phone", "79990001122")], None, json!({"client_id": 1})).await;
    expect(&server, "GET", "find_client_id_by_email", &[("email", "a@b.c")], None, json!({"client_id": 1})).await;
    expect(
        &server,
        "GET",
        "find_client_id_by_var",
        &[("var", "city"), ("val", "Kazan"), ("search_in", "order")],
        None,
        json!({"client_id": 1}),
    )
    .await;
    expect(&server, "GET", "find_latest_client_id_by_var", &[("var", "city"), ("val", "Kazan")], None, json!({"client_id": 1})).await;
    expect(&server, "GET", "find_all_client_id_by_var", &[("var", "city"), ("val", "Kazan")], None, json!({"client_ids": [1]})).await;
    let several = example(SPEC, "/{api_key}/find_all_client_id_by_several_vars", "get", "200");
    expect(&server, "GET", "find_all_client_id_by_several_vars", &[("variable1", "one"), ("variable2", "two")], None, several).await;
    let c = client(&server);

    let clients = c.find_client_id_by_platform_id([id("2568652")]).group_id(id("Salebotpro_bot")).send().await.unwrap();
    assert_eq!(clients[0].variables["tg_username"], "@belik");
    let online = c.online_chat_client_id("r-1").tag("promo").send().await.unwrap();
    assert_eq!(online.client_id, 36553);
    // As salebot-lib and a Python caller read them: `{"client_id": N}`.
    let found = c.whatsapp_client_id("79990001122").group_id("g").send().await.unwrap();
    assert_eq!(found.client_id, Some(1));
    assert_eq!(c.find_client_id_by_phone("79990001122").send().await.unwrap().client_id, Some(1));
    assert_eq!(c.find_client_id_by_email("a@b.c").send().await.unwrap().client_id, Some(1));
    let by_var = c.find_client_id_by_var("city", "Kazan").search_in(types::SearchIn::Order).send().await.unwrap();
    assert_eq!(by_var.client_id, Some(1));
    c.find_latest_client_id_by_var("city", "Kazan").send().await.unwrap();
    assert_eq!(c.find_all_client_id_by_var("city", "Kazan").send().await.unwrap().client_ids, [1]);
    let vars =
        std::collections::BTreeMap::from([("variable1".to_string(), "one".to_string()), ("variable2".to_string(), "two".to_string())]);
    let several = c.find_all_client_id_by_several_vars(vars).send().await.unwrap();
    assert_eq!(several.client_ids, [93891114]);
}

async fn find_clients_as_in_the_documented_examples() {
    let server = crate::support::server(SPEC).await;
    for name in ["clients", "deals", "in_list"] {
        let body = crate::support::load(SPEC)["paths"]["/{api_key}/find_clients"]["post"]["requestBody"]["content"]["application/json"]["examples"][name]["value"].clone();
        let answer = named_example(SPEC, "/{api_key}/find_clients", "post", "200", "found");
        expect(&server, "POST", "find_clients", &[], Some(body), answer).await;
    }
    let c = client(&server);
    let q = |v: Value| v.as_object().unwrap().clone();

    let found = c.find_clients(q(json!({"result": "ok", "var": "60"}))).send().await.unwrap();
    assert_eq!(found.client_ids, [41203, 5622354, 785212]);
    c.find_clients(q(json!({"result": "ok", "var": "60"}))).search_in(types::SearchIn::Order).include_all(false).send().await.unwrap();
    c.find_clients(q(json!({"name": {"_in": ["Joe", "Jane", "Donald"]}}))).send().await.unwrap();
}

async fn a_fail_status_with_http_200_is_a_typed_vendor_error() {
    let server = crate::support::server(SPEC).await;
    expect(&server, "POST", "find_clients", &[], None, json!({"status": "fail", "message": "Parameter \"q\" required"})).await;

    let err = client(&server).find_clients(serde_json::Map::new()).send().await.unwrap_err();

    match &err {
        Error::Vendor { status, envelope, .. } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(envelope.status, "fail");
        }
        other => panic!("expected a vendor error, got {other:?}"),
    }
    assert_eq!(err.vendor_message(), Some("Parameter \"q\" required"));
}

async fn a_status_given_twice_is_an_error_if_either_is() {
    // The decoder of the answer keeps the last key and the error check read
    // the first: `success` then `error` came back `Ok`.
    for body in [r#"{"status":"success","status":"error"}"#, r#"{"status":"error","status":"success"}"#] {
        let server = crate::support::server(SPEC).await;
        Mock::given(method("POST"))
            .and(path(format!("/{KEY}/message")))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .expect(1)
            .mount(&server)
            .await;
        let outcome = client(&server).message(7).message("hi").send().await;
        assert!(matches!(outcome, Err(Error::Vendor { .. })), "{body}: {outcome:?}");
    }
}

async fn orders() {
    let server = crate::support::server(SPEC).await;
    let current = example(SPEC, "/{api_key}/get_current_order_id", "get", "200");
    expect(&server, "GET", "get_current_order_id", &[("client_id", "5")], None, current).await;
    let orders = example(SPEC, "/{api_key}/get_orders", "get", "200");
    expect(&server, "GET", "get_orders", &[("client_id", "5"), ("order_status", "1")], None, orders).await;
    let moved = example(SPEC, "/{api_key}/move_order_to_next_state", "post", "200");
    expect(&server, "POST", "move_order_to_next_state", &[], Some(json!({"client_id": 5, "order_id": 40632})), moved).await;
    let vars = example(SPEC, "/{api_key}/get_order_vars", "post", "200");
    expect(
        &server,
        "POST",
        "get_order_vars",
        &[],
        Some(json!({"client_id": 5, "order_id": 40632, "variables": ["var_name1", "var_name2"]})),
        vars,
    )
    .await;
    expect(
        &server,
        "POST",
        "set_order_vars",
        &[],
        Some(json!({"client_id": 5, "order_id": 40632, "variables": {"var_name": "var_velue"}})),
        ok(),
    )
    .await;
    let created = example(SPEC, "/{api_key}/create_order", "post", "200");
    expect(
        &server,
        "POST",
        "create_order",
        &[],
        Some(json!({"phone": "79990001122", "name": "Order", "budget": 1500.5, "state_id": 3})),
        created,
    )
    .await;
    expect(&server, "POST", "set_order_state", &[], Some(json!({"client_id": 5, "state_id": 37})), ok()).await;
    let state = example(SPEC, "/{api_key}/get_order_state", "get", "200");
    expect(&server, "GET", "get_order_state", &[("client_id", "5")], None, state).await;
    let c = client(&server);
    let five = NumberOrText::Number(5);

    assert_eq!(c.get_current_order_id(5).send().await.unwrap().order_id, Some(40632));
    let ids = c.get_orders(5).order_status(OrderStatus::Successful).send().await.unwrap();
    assert_eq!(ids.order_id, [40338, 40340, 40341]);
    let moved = c.move_order_to_next_state(five.clone(), 40632).send().await.unwrap();
    assert_eq!(moved.state_id, Some(37));
    let values = c.get_order_vars(five.clone(), 40632, ["var_name1", "var_name2"]).send().await.unwrap();
    assert_eq!(values.result["var_name2"], "13.04.2023");
    let variables = serde_json::Map::from_iter([("var_name".to_string(), json!("var_velue"))]);
    c.set_order_vars(five.clone(), 40632, variables).send().await.unwrap();
    let order = types::CreateOrder {
        phone: Some("79990001122".into()),
        name: Some("Order".into()),
        budget: Some(1500.5),
        state_id: Some(3),
        ..Default::default()
    };
    assert_eq!(c.create_order().body(order).send().await.unwrap().order_id, Some(40654));
    c.set_order_state(five, 37).send().await.unwrap();
    assert_eq!(c.get_order_state(5).send().await.unwrap().state_id, Some(123456));
}

async fn client_not_found_is_a_typed_vendor_error() {
    let server = crate::support::server(SPEC).await;
    expect(&server, "GET", "get_current_order_id", &[("client_id", "404")], None, json!({"status": "client_not_found"})).await;

    let err = client(&server).get_current_order_id(404).send().await.unwrap_err();

    assert_eq!(err.envelope().map(|e| e.status.as_str()), Some("client_not_found"));
    assert!(err.to_string().contains("client_not_found"), "{err}");
}

async fn project_actions() {
    let server = crate::support::server(SPEC).await;
    let exists = example(SPEC, "/{api_key}/check_whatsapp", "get", "200");
    expect(&server, "GET", "check_whatsapp", &[("phone", "+7 (999) 000-11-22")], None, exists).await;
    let channels = example(SPEC, "/{api_key}/connected_channels", "get", "200");
    expect(&server, "GET", "connected_channels", &[], None, channels).await;
    let blocks = example(SPEC, "/{api_key}/get_messages", "get", "200");
    expect(&server, "GET", "get_messages", &[], None, blocks).await;
    let c = client(&server);

    assert_eq!(c.check_whatsapp("+7 (999) 000-11-22").send().await.unwrap().exists, Some(true));
    let channels = c.connected_channels().send().await.unwrap();
    assert_eq!(channels.telegram[0].group_id, Some(id("bulls_vs_bears_bot")));
    assert_eq!(channels.viber[0].group_id, Some(NumberOrText::Number(11)));
    let blocks = c.get_messages().send().await.unwrap().messages;
    assert_eq!((blocks[0].id, blocks[0].condition.as_deref()), (Some(390), Some("/start")));
}

async fn whatsapp_client_id_answers_404_when_there_is_none() {
    // The Python caller: `if response.status_code == 404: ... return 'NO'`.
    let server = crate::support::server(SPEC).await;
    Mock::given(method("GET"))
        .and(path(format!("/{KEY}/whatsapp_client_id")))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"status": "client_not_found"})))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server).whatsapp_client_id("79990001122").send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.envelope().map(|e| e.status.as_str()), Some("client_not_found"));
}

async fn a_found_client_answer_with_other_keys_still_decodes() {
    // One source shows each answer: a key it does not show is kept, and a
    // missing `client_id` is `None`, never a failed call.
    let server = crate::support::server(SPEC).await;
    expect(&server, "GET", "find_client_id_by_phone", &[("phone", "1")], None, json!({"clientId": 5, "status": "success"})).await;
    let found = client(&server).find_client_id_by_phone("1").send().await.unwrap();
    assert_eq!(found.client_id, None);
    assert_eq!(found.extra["clientId"], 5);

    // A `client_id` that is text, or an answer that is a bare list: the
    // call still succeeds, with the body kept.
    for (answer, kept) in [(json!({"client_id": "93891114", "status": "success"}), true), (json!([93891114]), false)] {
        let server = crate::support::server(SPEC).await;
        expect(&server, "GET", "find_client_id_by_phone", &[("phone", "1")], None, answer.clone()).await;
        let response = client(&server).find_client_id_by_phone("1").send().with_response().await.unwrap();
        assert_eq!(response.mismatch().and_then(|m| m.json()), Some(answer));
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.client_id, None);
        assert_eq!(response.extra.contains_key("status"), kept);
    }
}

fn the_webhook_payload_is_a_public_type() {
    let payload = crate::support::load(SPEC)["components"]["schemas"]["WebhookMessage"]["example"].clone();
    let message: types::WebhookMessage = serde_json::from_value(payload).unwrap();
    assert_eq!(message.message.as_deref(), Some("Hello"));
    // The vendor's 0/1 flags read as booleans.
    assert!(message.is_input.is_some_and(bool::from));
    assert!(message.delivered.is_some_and(bool::from));
    assert_eq!(message.client.unwrap().recepient, Some(id("146467928")));
}

fn sending_actions_are_never_retried_and_lookups_are() {
    let post = reqwest::Method::POST;
    for action in ["callback", "message", "broadcast", "whatsapp_message", "create_order", "move_order_to_next_state"] {
        assert!(!crate::support::idempotent(&botapis::salebot::VENDOR, action, &post), "{action}");
    }
    for action in ["find_clients", "get_order_vars", "find_client_id_by_platform_id"] {
        assert!(crate::support::idempotent(&botapis::salebot::VENDOR, action, &post), "{action}");
    }
}
