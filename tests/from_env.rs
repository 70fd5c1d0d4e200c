//! `Client::from_env()`: credentials from `<VENDOR>_<CREDENTIAL>`, another
//! base URL from `<VENDOR>_BASE_URL`, and errors that name the variable but
//! never its value.
//!
//! The environment is the process's: this file's one test is the only
//! code of its binary that reads or writes it, and it writes every variable
//! before it starts the mock server's threads.

use std::os::unix::ffi::OsStrExt;

use botapis::runtime::BuildError;
use botapis::smsgold::Client;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const USER: &str = "canary-user-3f9a";
const PASS: &str = "canary-pass-77c1";

fn set(name: &str, value: impl AsRef<std::ffi::OsStr>) {
    // SAFETY: no other thread of this binary reads or writes the
    // environment (one test, and the client reads it on this thread).
    unsafe { std::env::set_var(name, value) }
}

fn unset(name: &str) {
    // SAFETY: as for `set`.
    unsafe { std::env::remove_var(name) }
}

fn refused(step: &str) -> BuildError {
    match Client::from_env() {
        Ok(_) => panic!("{step}: from_env built a client"),
        Err(e) => {
            let shown = format!("{e} {e:?}");
            assert!(!shown.contains(USER) && !shown.contains(PASS), "{step}: the error shows a credential: {shown}");
            e
        }
    }
}

fn names_variable(e: &BuildError, expected: &str) -> bool {
    matches!(e, BuildError::Environment { variable, .. } if variable == expected) && e.to_string().contains(expected)
}

#[tokio::test(flavor = "current_thread")]
async fn from_env_reads_the_documented_variables() {
    unset("SMSGOLD_USER");
    unset("SMSGOLD_PASS");
    unset("SMSGOLD_BASE_URL");
    let e = refused("nothing set");
    assert!(names_variable(&e, "SMSGOLD_USER"), "{e}");

    set("SMSGOLD_USER", USER);
    set("SMSGOLD_PASS", "");
    let e = refused("an empty password");
    assert!(names_variable(&e, "SMSGOLD_PASS"), "{e}");

    set("SMSGOLD_PASS", std::ffi::OsStr::from_bytes(b"canary-pass-\xff"));
    let e = refused("a password that is not UTF-8");
    assert!(names_variable(&e, "SMSGOLD_PASS") && e.to_string().contains("UTF-8"), "{e}");

    set("SMSGOLD_PASS", PASS);
    set("SMSGOLD_BASE_URL", "not a url");
    let e = refused("an invalid base URL");
    assert!(matches!(e, BuildError::InvalidBaseUrl { .. }), "{e}");

    // The server's address is known before it starts, so the environment
    // is written before any other thread runs.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    set("SMSGOLD_BASE_URL", format!("http://{}", listener.local_addr().unwrap()));
    let server = MockServer::builder().listener(listener).start().await;
    Mock::given(method("GET"))
        .and(path("/bots/"))
        .and(query_param("user", USER))
        .and(query_param("pass", PASS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::from_env().expect("every variable is set");
    assert!(!format!("{client:?}").contains(PASS), "the client's Debug shows the password");
    client.get_bots().send().await.expect("the call goes to SMSGOLD_BASE_URL with the account from the environment");
}
