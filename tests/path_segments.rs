//! A path value is one segment of its operation's path, whatever it is: the
//! values a URL parser or a server reads as another path (`.`, `..`, their
//! percent-encoded forms, an empty one) go through every path parameter
//! and every path credential of every vendor, and the request line at a
//! loopback server is asserted. Each is either refused with
//! `Error::InvalidRequest` before anything is sent (`.`, `..`, empty), or
//! sent percent-encoded as the one segment it is (`%2e` arrives as `%2e`).

#[path = "support/hostile_server.rs"]
mod hostile_server;

use std::future::Future;
use std::pin::Pin;

use botapis::runtime::Error;
use hostile_server::{Answer, Server};

/// What the tests send, and whether each must be refused.
const VALUES: [(&str, bool); 6] = [(".", true), ("..", true), ("", true), ("%2e", false), (".%2E", false), ("%2e%2e", false)];

type Outcome = Pin<Box<dyn Future<Output = Result<(), String>>>>;

/// Whether the call failed as `InvalidRequest`, and the error shown.
fn invalid<T, V: std::fmt::Debug + botapis::runtime::VendorError>(outcome: Result<T, Error<V>>) -> Result<(), String> {
    match outcome {
        Ok(_) => Err("sent and answered".to_string()),
        Err(Error::InvalidRequest(_)) => Ok(()),
        Err(e) => Err(format!("{e}")),
    }
}

/// One path value through one call: `call(base_url, value)` makes the call,
/// `expected(value)` is the path it must reach when it is sent.
async fn check(what: &str, call: impl Fn(String, &'static str) -> Outcome, expected: impl Fn(&str) -> String) {
    for (value, refused) in VALUES {
        let server = Server::start(|_| Answer::json(200, serde_json::json!({"status": "success"}))).await;
        let outcome = call(server.url.clone(), value).await;
        let seen = server.requests();
        if refused {
            assert_eq!(outcome, Ok(()), "{what} with {value:?}: not refused as InvalidRequest");
            assert!(seen.is_empty(), "{what} with {value:?} reached the server: {:?}", seen[0].target);
        } else {
            assert_eq!(seen.len(), 1, "{what} with {value:?} was not sent once: {outcome:?}");
            let path = seen[0].target.split('?').next().unwrap().to_string();
            assert_eq!(path, expected(value), "{what} with {value:?}");
        }
    }
}

/// `value` as the one segment it is on the wire.
fn segment(value: &str) -> String {
    value.replace('%', "%25")
}

fn okeybot(base: &str) -> botapis::okeybot::Client {
    botapis::okeybot::Client::builder("token").base_url(base).no_rate_limit().build().unwrap()
}

#[tokio::test]
async fn okeybot_contact_id_in_every_operation() {
    use botapis::okeybot::types;
    let content = || vec![types::Content::Text { text: "hi".into() }];
    let field = || types::CustomField { name: "firstName".parse().unwrap(), value: "A".into() };
    check(
        "get_contact",
        |base, v| Box::pin(async move { invalid(okeybot(&base).get_contact(v).send().await) }),
        |v| format!("/contact/{}", segment(v)),
    )
    .await;
    check(
        "update_contact",
        move |base, v| Box::pin(async move { invalid(okeybot(&base).update_contact(v, [field()]).send().await) }),
        |v| format!("/contact/{}", segment(v)),
    )
    .await;
    check(
        "add_tags",
        |base, v| Box::pin(async move { invalid(okeybot(&base).add_tags(v, ["VIP"]).send().await) }),
        |v| format!("/contact/{}/tags", segment(v)),
    )
    .await;
    check(
        "delete_tags",
        |base, v| Box::pin(async move { invalid(okeybot(&base).delete_tags(v, ["VIP"]).send().await) }),
        |v| format!("/contact/{}/tags", segment(v)),
    )
    .await;
    check(
        "send_content",
        move |base, v| Box::pin(async move { invalid(okeybot(&base).send_content(v, content()).send().await) }),
        |v| format!("/message/sendContent/{}", segment(v)),
    )
    .await;
}

#[tokio::test]
async fn salebot_api_key_in_the_path() {
    let client = |base: &str, key: &str| botapis::salebot::Client::builder(key).base_url(base).no_rate_limit().build().unwrap();
    check(
        "salebot get_variables",
        move |base, v| Box::pin(async move { invalid(client(&base, v).get_variables(7).send().await) }),
        |v| format!("/{}/get_variables", segment(v)),
    )
    .await;
    check(
        "salebot message",
        move |base, v| Box::pin(async move { invalid(client(&base, v).message(7).message("hi").send().await) }),
        |v| format!("/{}/message", segment(v)),
    )
    .await;
}

#[tokio::test]
async fn imbachat_imba_id_in_the_path() {
    let client = |base: &str, id: &str| {
        botapis::imbachat::Client::builder(id, "login", "password", "secret").base_url(base).no_rate_limit().build().unwrap()
    };
    check(
        "imbachat get_users",
        move |base, v| Box::pin(async move { invalid(client(&base, v).get_users().send().await) }),
        |v| format!("/v2/{}/get_users", segment(v)),
    )
    .await;
    check(
        "imbachat send_msg",
        move |base, v| Box::pin(async move { invalid(client(&base, v).send_msg("1", 2, "hi").send().await) }),
        |v| format!("/v2/{}/send_msg", segment(v)),
    )
    .await;
}

#[tokio::test]
async fn a_path_credential_with_a_line_break_is_refused_as_a_header_one_is() {
    let server = Server::start(|_| Answer::json(200, serde_json::json!({}))).await;
    let client = botapis::salebot::Client::builder("key\r\nX-Injected: 1").base_url(&server.url).build().unwrap();
    let err = client.get_variables(7).send().await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err}");
    assert!(err.to_string().contains("control characters"), "{err}");
    assert!(!err.to_string().contains("Injected"), "{err}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn the_refusal_names_the_parameter_and_the_call() {
    let server = Server::start(|_| Answer::json(200, serde_json::json!({}))).await;
    let err = okeybot(&server.url).delete_tags("..", ["VIP"]).send().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request: the path parameter `contact_id` is `.` or `..`, which would send `delete_tags` \
         to another endpoint; a path value must be one segment that is not empty, `.` or `..`"
    );
}
