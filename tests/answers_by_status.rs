//! An operation that answers a different shape for each success status is
//! read as the shape of the status that came, even where the body would
//! also match another shape; one status without a body beside one with a
//! body answers an `Option`. Checked on a fixture spec whose generated
//! module is committed beside it and compiled here, against a loopback
//! server.

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The generated module refers to `crate::runtime`, as it does inside botapis.
mod runtime {
    pub use botapis::runtime::*;
}

#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
#[path = "fixtures/answers_by_status.rs"]
mod answers_by_status;

use answers_by_status::Client;
use answers_by_status::types::{CreateResponse, Created, Existing};

async fn answering(status: u16, body: serde_json::Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/things")).respond_with(ResponseTemplate::new(status).set_body_json(body)).mount(&server).await;
    let client = Client::with_base_url(&server.uri());
    (server, client)
}

#[tokio::test]
async fn a_created_answer_is_the_created_shape_though_it_matches_the_first() {
    // `{"id": 7}` matches `Existing` too (all its fields are optional), the
    // first shape an untagged choice would try.
    let (_server, client) = answering(201, serde_json::json!({"id": 7})).await;
    let answer = client.create().send().await.unwrap();
    assert!(matches!(answer, CreateResponse::Created(Created { id: Some(7) })), "{answer:?}");
}

#[tokio::test]
async fn an_ok_answer_is_the_existing_shape() {
    let (_server, client) = answering(200, serde_json::json!({"id": 7, "name": "kept"})).await;
    let answer = client.create().send().with_response().await.unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    match answer.into_inner() {
        CreateResponse::Existing(Existing { id, name }) => {
            assert_eq!((id, name.as_deref()), (Some(7), Some("kept")))
        }
        other => panic!("read as another shape: {other:?}"),
    }
}

#[tokio::test]
async fn a_status_without_a_body_beside_one_with_it_answers_none() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/things/1/archive"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": "kept"})))
        .mount(&server)
        .await;
    Mock::given(method("POST")).and(path("/things/2/archive")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::with_base_url(&server.uri());
    let archived = client.archive("1").send().await.unwrap();
    assert_eq!(archived.and_then(|e| e.name).as_deref(), Some("kept"));
    let already = client.archive("2").send().with_response().await.unwrap();
    assert_eq!(already.status().as_u16(), 204);
    assert!(already.into_inner().is_none());
}
