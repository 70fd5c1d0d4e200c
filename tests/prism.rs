//! Conformance against Prism, a validating mock server nobody on this team
//! wrote: for each vendor, Prism serves the vendor's spec on loopback, and
//! every client operation is called with arguments from the spec's
//! examples. A request Prism rejects (it answers 422 with what is wrong) or
//! an answer the client cannot decode fails the test.
//!
//! Each vendor's test also checks that every operation of its spec was
//! sent (recorded from the requests themselves, `support::sent`).
//!
//! Prism is found at `PRISM_BIN` (`.ci/run` installs it). Without it each
//! test is reported as ignored, saying why; under `CI=true` the run fails
//! instead. (Its own harness: the built-in one cannot ignore a test at run
//! time, and a test that returns early is counted as passed.)

mod support;

use std::future::Future;
use std::net::TcpListener;
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use botapis::runtime::RetryPolicy;
use botapis::runtime::lenient::NumberOrText;
use serde_json::{Value, json};

/// A Prism serving one spec, stopped when dropped.
struct Prism {
    child: Child,
    url: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn prism(spec: &str) -> Prism {
    let bin = std::env::var("PRISM_BIN").expect("the Prism conformance test needs PRISM_BIN (.ci/run installs Prism)");
    // The vendors' tests run in parallel, each with its own Prism. A port
    // the kernel hands out, once released, may be handed out again: a port
    // is used once per process, or two Prisms race for it and one test
    // talks to the other's until that one stops.
    static TAKEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let port = loop {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut taken = TAKEN.lock().unwrap();
        if !taken.contains(&port) {
            taken.push(port);
            break port;
        }
    };
    let mut child = Command::new(bin)
        .args(["mock", spec, "--host", "127.0.0.1", "--port", &port.to_string(), "--errors"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Prism starts");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(child.try_wait().unwrap().is_none(), "Prism exited before it served {spec}");
        assert!(started.elapsed() < Duration::from_secs(60), "Prism did not start for {spec}");
        std::thread::sleep(Duration::from_millis(200));
    }
    // Whoever answered, it must be this Prism, still running.
    assert!(child.try_wait().unwrap().is_none(), "Prism for {spec} exited; port {port} is someone else's");
    Prism { child, url: format!("http://127.0.0.1:{port}") }
}

/// The request example of an operation, as the typed body.
fn body<T: serde::de::DeserializeOwned>(spec: &str, path: &str, verb: &str) -> T {
    serde_json::from_value(support::request_example(spec, path, verb)).unwrap()
}

fn named_body<T: serde::de::DeserializeOwned>(spec: &str, path: &str, verb: &str, name: &str) -> T {
    let doc = support::load(spec);
    let example = doc["paths"][path][verb]["requestBody"]["content"]["application/json"]["examples"][name]["value"].clone();
    serde_json::from_value(example).unwrap()
}

/// Call, and fail with the vendor operation's name and Prism's complaint.
macro_rules! conform {
    ($failures:ident, $name:literal, $call:expr) => {
        if let Err(e) = $call.await {
            let body = e.body().map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
            $failures.push(format!("{}: {e} {body}", $name));
        }
    };
}

async fn okeybot_conforms() {
    const SPEC: &str = "specs/okeybot.yaml";
    let prism = prism(SPEC);
    let (sent, _recording) = support::sent::record_here();
    use botapis::okeybot::{Client, types};
    let c = Client::builder("token").base_url(&prism.url).no_rate_limit().retry(RetryPolicy::none()).build().unwrap();
    let mut failures = Vec::new();
    conform!(failures, "get_contacts_by_custom_field", c.get_contacts_by_custom_field("firstName", "Muhammad Mahin").send());
    conform!(failures, "get_contact", c.get_contact("1776025372480910").send());
    let fields: types::CustomFieldValues = body(SPEC, "/contact/{contact_id}", "put");
    conform!(failures, "update_contact", c.update_contact("1776025372480910", fields.custom_fields).send());
    let tags: types::TagList = body(SPEC, "/contact/{contact_id}/tags", "post");
    conform!(failures, "add_tags", c.add_tags("1776025372480910", tags.tags.clone()).send());
    conform!(failures, "delete_tags", c.delete_tags("1776025372480910", tags.tags).send());
    let created: types::CustomFieldValues = body(SPEC, "/contact/", "post");
    conform!(failures, "create_contact", c.create_contact(created.custom_fields).send());
    let message = vec![types::Content::Text { text: "Hi there".into() }];
    conform!(failures, "send_content", c.send_content("1776025372480910", message).send());
    sent.assert_every_operation_of("okeybot");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

async fn watbot_conforms() {
    const SPEC: &str = "specs/watbot.yaml";
    let prism = prism(SPEC);
    let (sent, _recording) = support::sent::record_here();
    use botapis::watbot::{Client, types};
    let c = Client::builder("token").base_url(&prism.url).no_rate_limit().retry(RetryPolicy::none()).build().unwrap();
    let mut failures = Vec::new();
    let form = |route: &str| support::request_body(SPEC, route, "post").1;
    fn typed<T: serde::de::DeserializeOwned>(v: Value) -> T {
        serde_json::from_value(v).unwrap()
    }
    conform!(failures, "get_me", c.get_me().send());
    conform!(failures, "send_message", c.send_message().contact_id(42).text("Hi").send());
    let b: types::WhatsAppMessage = typed(form("/sendMessageToWhatsApp"));
    // The documented body whole, its optional fields among it.
    let whole = b.clone();
    conform!(failures, "send_message_to_whatsapp", c.send_message_to_whatsapp(b.bot_id, b.phone, b.text).body(whole).send());
    conform!(failures, "send_message_to_queue", c.send_message_to_queue(typed::<types::QueuedMessage>(form("/sendMessageToQueue"))).send());
    conform!(failures, "get_contacts", c.get_contacts().page(1u64).count(500u64).send());
    let b: types::ContactForm = typed(form("/createOrUpdateContact"));
    let whole = b.clone();
    conform!(failures, "create_or_update_contact", c.create_or_update_contact(b.bot_id, b.messenger, b.name).body(whole).send());
    let b: types::YsellStatus = typed(form("/setYsellStatus"));
    conform!(failures, "set_ysell_status", c.set_ysell_status(b.contact_id, b.status).send());
    conform!(failures, "get_bot_tags", c.get_bot_tags(1).send());
    conform!(failures, "get_contact_tags", c.get_contact_tags(42).send());
    conform!(failures, "attach_tag_to_contact", c.attach_tag_to_contact(typed::<types::ContactTag>(form("/attachTagToContact"))).send());
    conform!(
        failures,
        "detach_tag_from_contact",
        c.detach_tag_from_contact(typed::<types::ContactTag>(form("/detachTagFromContact"))).send()
    );
    conform!(failures, "get_contact_variables", c.get_contact_variables(42).send());
    conform!(failures, "set_contact_variable", c.set_contact_variable(42, "Город", "Москва").send());
    conform!(failures, "delete_contact_variable", c.delete_contact_variable(42).name("Город").send());
    conform!(failures, "get_referrers", c.get_referrers(42, 2u64).page(1u64).send());
    conform!(failures, "get_referrals", c.get_referrals(42).send());
    conform!(failures, "get_count_referrals", c.get_count_referrals(42).send());
    conform!(failures, "get_contact_accounts", c.get_contact_accounts(42).send());
    conform!(failures, "add_contact_account", c.add_contact_account(42, "RUB").send());
    let b: types::AccountRef = typed(form("/deleteContactAccount"));
    conform!(failures, "delete_contact_account", c.delete_contact_account(b.account_id).send());
    let b: types::AccountTransaction = typed(form("/addFundsToContactAccount"));
    conform!(failures, "add_funds_to_contact_account", c.add_funds_to_contact_account(b.account_id, b.amount, b.description).send());
    let b: types::AccountTransaction = typed(form("/withdrawFundsFromContactAccount"));
    conform!(
        failures,
        "withdraw_funds_from_contact_account",
        c.withdraw_funds_from_contact_account(b.account_id, b.amount, b.description).send()
    );
    conform!(failures, "get_list_schemas", c.get_list_schemas().send());
    conform!(failures, "get_list_schema", c.get_list_schema("5dee4800c2cc5a38ec797235").send());
    let b: types::NewListSchema = typed(form("/createListSchema"));
    let whole = b.clone();
    conform!(failures, "create_list_schema", c.create_list_schema(b.bot_id, b.name, b.fields).body(whole).send());
    let b: types::ListSchemaRef = typed(form("/deleteListSchema"));
    conform!(failures, "delete_list_schema", c.delete_list_schema(b.schema_id).send());
    let b: types::NewListSchemaField = typed(form("/addListSchemaField"));
    conform!(failures, "add_list_schema_field", c.add_list_schema_field(b.schema_id, b.field).send());
    let b: types::ListSchemaFieldRef = typed(form("/deleteListSchemaField"));
    conform!(failures, "delete_list_schema_field", c.delete_list_schema_field(b.schema_id, b.slug).send());
    let b: types::ListItemQuery = typed(form("/getListItems"));
    let whole = b.clone();
    conform!(failures, "get_list_items", c.get_list_items(b.schema_id).body(whole).send());
    let b: types::NewListItem = typed(form("/addListItem"));
    conform!(failures, "add_list_item", c.add_list_item(b.schema_id).extra(b.extra).send());
    let b: types::ListItemUpdate = typed(form("/updateListItem"));
    conform!(failures, "update_list_item", c.update_list_item(b.schema_id, b.item_id, b.data).send());
    let b: types::ListItemRef = typed(form("/deleteListItem"));
    conform!(failures, "delete_list_item", c.delete_list_item(b.item_id).send());
    let b: types::ShortLink = typed(form("/decodeShortLink"));
    conform!(failures, "decode_short_link", c.decode_short_link(b.url).send());
    sent.assert_every_operation_of("watbot");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

async fn smsgold_conforms() {
    const SPEC: &str = "specs/smsgold.yaml";
    let prism = prism(SPEC);
    let (sent, _recording) = support::sent::record_here();
    use botapis::smsgold::{Client, types};
    let c = Client::builder("XXXXX", "PASSWORD").base_url(&prism.url).no_rate_limit().retry(RetryPolicy::none()).build().unwrap();
    let mut failures = Vec::new();
    conform!(failures, "get_bots", c.get_bots().send());
    conform!(failures, "get_subscribers", c.get_subscribers("12").send());
    let message: types::SendMessage = body(SPEC, "/sendMessage/", "post");
    conform!(failures, "send_message", c.send_message(message).send());
    sent.assert_every_operation_of("smsgold");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

async fn imbachat_conforms() {
    const SPEC: &str = "specs/imbachat.yaml";
    let prism = prism(SPEC);
    let (sent, _recording) = support::sent::record_here();
    use botapis::imbachat::Client;
    use botapis::imbachat::types::{self, RoomType};
    let c = Client::builder("627", "admin", "admin", "secret_key").base_url(&prism.url).retry(RetryPolicy::none()).build().unwrap();
    let mut failures = Vec::new();
    let room = c.imba_rooms().users_ids([3, 4]).room_type(RoomType::Conference).room_title("Тестовая API группа 9").room_is_public(true);
    conform!(failures, "imba_rooms", room.send());
    conform!(failures, "get_users", c.get_users().status(types::UserStatus::User).send());
    conform!(failures, "get_rooms", c.get_rooms().room_type(RoomType::Dialog).send());
    conform!(failures, "get_messages", c.get_messages().send());
    conform!(failures, "send_msg", c.send_msg("1", 1536, "api message").send());
    sent.assert_every_operation_of("imbachat");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

async fn salebot_conforms() {
    const SPEC: &str = "specs/salebot.yaml";
    let prism = prism(SPEC);
    let (sent, _recording) = support::sent::record_here();
    use botapis::salebot::Client;
    use botapis::salebot::types::{self, OrderStatus};
    let c =
        Client::builder("b551e18c8b8e86bea6f14f38de3f5cc3c31ba1edb4d8").base_url(&prism.url).retry(RetryPolicy::none()).build().unwrap();
    let id = |s: &str| NumberOrText::from(s);
    let mut failures = Vec::new();
    conform!(failures, "callback", c.callback().body(body::<types::Callback>(SPEC, "/{api_key}/callback", "post")).send());
    conform!(failures, "vk_callback", c.vk_callback().body(body::<types::VkCallback>(SPEC, "/{api_key}/vk_callback", "post")).send());
    conform!(
        failures,
        "whatsapp_callback",
        c.whatsapp_callback()
            .body(types::WhatsappCallback { phone: Some("79990001122".into()), message: Some("hi".into()), ..Default::default() })
            .send()
    );
    conform!(
        failures,
        "ok_callback",
        c.ok_callback().body(types::OkCallback { user_id: Some(id("5")), group_id: Some(id("9")), ..Default::default() }).send()
    );
    conform!(
        failures,
        "tg_callback",
        c.tg_callback().body(types::TgCallback { user_id: Some(id("5")), group_id: Some("shop_bot".into()), ..Default::default() }).send()
    );
    let b: types::CallbackByPlatformId = body(SPEC, "/{api_key}/send_callback_by_platform_id", "post");
    conform!(failures, "send_callback_by_platform_id", c.send_callback_by_platform_id(b.platform_ids, b.callback_text).send());
    conform!(
        failures,
        "email_callback",
        c.email_callback().body(types::EmailCallback { email: Some("a@b.c".into()), ..Default::default() }).send()
    );
    let b: types::Message = named_body(SPEC, "/{api_key}/message", "post", "attachment");
    let whole = b.clone();
    conform!(failures, "message", c.message(b.client_id).body(whole).send());
    let b: types::WhatsappMessage = body(SPEC, "/{api_key}/whatsapp_message", "post");
    let whole = b.clone();
    conform!(failures, "whatsapp_message", c.whatsapp_message(b.phone).body(whole).send());
    conform!(failures, "broadcast", c.broadcast(body::<types::Broadcast>(SPEC, "/{api_key}/broadcast", "post")).send());
    conform!(failures, "get_history", c.get_history(85856).limit(100u64).send());
    conform!(failures, "clear_history", c.clear_history(85856).send());
    let b: types::AssignToUser = body(SPEC, "/{api_key}/assign_to_user", "post");
    let whole = b.clone();
    conform!(failures, "assign_to_user", c.assign_to_user(b.client_id).body(whole).send());
    conform!(failures, "load_clients", c.load_clients(body::<Vec<types::ClientToLoad>>(SPEC, "/{api_key}/load_clients", "post")).send());
    let b: types::ListMembers = body(SPEC, "/{api_key}/add_to_list", "post");
    conform!(failures, "add_to_list", c.add_to_list(b.list_id, b.clients).send());
    conform!(failures, "remove_from_list", c.remove_from_list(1170282, [411262772i64]).send());
    conform!(failures, "get_clients", c.get_clients().offset(0u64).limit(500u64).send());
    let b: types::DeleteClients = body(SPEC, "/{api_key}/delete_clients", "post");
    conform!(failures, "delete_clients", c.delete_clients(b.client_ids).send());
    let b: types::SaveVariables = named_body(SPEC, "/{api_key}/save_variables", "post", "deal");
    let whole = b.clone();
    conform!(failures, "save_variables", c.save_variables(b.variables).body(whole).send());
    conform!(failures, "get_variables", c.get_variables(85856).send());
    conform!(
        failures,
        "find_client_id_by_platform_id",
        c.find_client_id_by_platform_id([id("2568652")]).group_id(id("Salebotpro_bot")).send()
    );
    conform!(failures, "online_chat_client_id", c.online_chat_client_id("r-1").send());
    conform!(failures, "whatsapp_client_id", c.whatsapp_client_id("79990001122").send());
    conform!(failures, "find_client_id_by_phone", c.find_client_id_by_phone("79990001122").send());
    conform!(failures, "find_client_id_by_email", c.find_client_id_by_email("a@b.c").send());
    conform!(failures, "find_client_id_by_var", c.find_client_id_by_var("city", "Kazan").send());
    conform!(failures, "find_latest_client_id_by_var", c.find_latest_client_id_by_var("city", "Kazan").send());
    conform!(failures, "find_all_client_id_by_var", c.find_all_client_id_by_var("city", "Kazan").send());
    let vars = std::collections::BTreeMap::from([("variable1".to_string(), "one".to_string())]);
    conform!(failures, "find_all_client_id_by_several_vars", c.find_all_client_id_by_several_vars(vars).send());
    let b: types::FindClients = named_body(SPEC, "/{api_key}/find_clients", "post", "deals");
    let whole = b.clone();
    conform!(failures, "find_clients", c.find_clients(b.q).body(whole).send());
    conform!(failures, "get_current_order_id", c.get_current_order_id(5).send());
    conform!(failures, "get_orders", c.get_orders(5).order_status(OrderStatus::Active).send());
    conform!(failures, "move_order_to_next_state", c.move_order_to_next_state(id("5"), 40632).send());
    conform!(failures, "get_order_vars", c.get_order_vars(id("5"), 40632, ["var_name1"]).send());
    let vars: serde_json::Map<String, Value> = serde_json::from_value(json!({"var_name": "var_velue"})).unwrap();
    conform!(failures, "set_order_vars", c.set_order_vars(id("5"), 40632, vars).send());
    conform!(
        failures,
        "create_order",
        c.create_order().body(types::CreateOrder { phone: Some("79990001122".into()), ..Default::default() }).send()
    );
    conform!(failures, "set_order_state", c.set_order_state(id("5"), 37).send());
    conform!(failures, "get_order_state", c.get_order_state(5).send());
    conform!(failures, "check_whatsapp", c.check_whatsapp("79990001122").send());
    conform!(failures, "connected_channels", c.connected_channels().send());
    conform!(failures, "get_messages", c.get_messages().send());
    sent.assert_every_operation_of("salebot");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

type Conformance = fn() -> Pin<Box<dyn Future<Output = ()>>>;

fn main() -> std::process::ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let available = std::env::var_os("PRISM_BIN").is_some();
    if !available && std::env::var_os("CI").is_some() {
        eprintln!("CI must run the Prism conformance test: set PRISM_BIN (.ci/run installs Prism)");
        return std::process::ExitCode::FAILURE;
    }
    if !available {
        eprintln!("Prism conformance: every test ignored, because PRISM_BIN is not set (.ci/run installs Prism and sets it)");
    }
    let tests: [(&str, Conformance); 5] = [
        ("okeybot_conforms", || Box::pin(okeybot_conforms())),
        ("watbot_conforms", || Box::pin(watbot_conforms())),
        ("smsgold_conforms", || Box::pin(smsgold_conforms())),
        ("imbachat_conforms", || Box::pin(imbachat_conforms())),
        ("salebot_conforms", || Box::pin(salebot_conforms())),
    ];
    let trials = tests
        .into_iter()
        .map(|(name, test)| {
            libtest_mimic::Trial::test(name, move || {
                tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(test());
                Ok(())
            })
            .with_ignored_flag(!available)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}
