//! The runtime's request of one operation (`runtime::Request`), which the
//! emitted operation layer builds, and its answers (`runtime::Answer`),
//! against a loopback server: credentials where the operation's placements
//! say, built in place; each path parameter one segment; every body
//! encoding; and answers decoded or failed as the vendor's `Error`.

use botapis::runtime::{BaseUrl, ClientBuilder, Credentials, Error, GeneratedClient, Inner, Operation, Placement, Request, VendorInfo};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use wiremock::matchers::{body_json, body_string, body_string_contains, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "request-test-key/with slash";
const TOKEN: &str = "request-test-token";

static OPERATIONS: [Operation; 4] = [
    Operation {
        id: "send_message",
        idempotent: Some(false),
        credentials: &[
            Placement::Path { slot: "api_key" },
            Placement::Bearer { slot: "token" },
            Placement::BodyField { name: "token", slot: "token" },
            Placement::Query { name: "key", slot: "token" },
        ],
        accepts_json: false,
    },
    Operation { id: "plain", idempotent: None, credentials: &[Placement::Header { name: "x-token", slot: "token" }], accepts_json: false },
    Operation {
        id: "form_with_key",
        idempotent: None,
        credentials: &[Placement::BodyObjectField { object: "auth", name: "key", slot: "api_key" }],
        accepts_json: false,
    },
    Operation::new("get_sent", None, &[]).answering_json(),
];

static VENDOR: VendorInfo = VendorInfo {
    name: "test vendor",
    default_base_url: "http://127.0.0.1:9",
    rate_limit: None,
    error_in_body: None,
    text_answers: &[],
    operations: &OPERATIONS,
};

/// The parts a generated client keeps.
struct TestClient {
    base_url: BaseUrl,
    http: reqwest::Client,
    inner: Inner,
}

impl GeneratedClient for TestClient {
    const VENDOR: &'static VendorInfo = &VENDOR;

    fn assemble(base_url: &str, http: reqwest::Client, inner: Inner) -> Self {
        TestClient { base_url: BaseUrl::new(base_url), http, inner }
    }

    fn parts(&self) -> (&reqwest::Client, &BaseUrl, &Inner) {
        (&self.http, &self.base_url, &self.inner)
    }
}

impl TestClient {
    fn request(&self, operation: usize, method: Method) -> Request<'_> {
        Request::new(self, operation, method)
    }
}

#[derive(Debug, Deserialize, PartialEq)]
struct Envelope {
    message: String,
}

impl botapis::runtime::VendorError for Envelope {
    fn message(&self) -> Option<&str> {
        Some(&self.message)
    }
}

#[derive(Debug, Deserialize, PartialEq)]
struct Sent {
    id: u64,
}

#[derive(Serialize)]
struct Message<'a> {
    text: &'a str,
    buttons: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

fn client(server: &MockServer) -> TestClient {
    let credentials = Credentials::new().with("api_key", KEY).with("token", TOKEN);
    ClientBuilder::<TestClient>::new(credentials).base_url(format!("{}/api", server.uri())).no_rate_limit().build().unwrap()
}

#[tokio::test]
async fn credentials_go_where_the_operation_places_them_as_the_request_is_built() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/request-test-key%2Fwith%20slash/contact/42"))
        .and(query_param("key", TOKEN))
        .and(query_param("tag", "a b"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("x-request", "7"))
        .and(body_json(serde_json::json!({"text": "hi", "buttons": ["Yes"], "token": TOKEN})))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 5})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let answer = client
        .request(0, Method::POST)
        .credential_segment("api_key")
        .segment("contact")
        .param("contact_id", 42)
        .query("tag", "a b")
        .header("x-request", 7)
        .json(&Message { text: "hi", buttons: vec!["Yes"], note: None })
        .send()
        .await
        .map_err(|f| f.into_error::<Envelope>())
        .unwrap();
    assert_eq!(answer.status(), 200);
    let sent = answer.json::<Sent, Envelope>().unwrap();
    assert_eq!(sent.into_inner(), Sent { id: 5 });
}

#[tokio::test]
async fn a_path_value_is_one_segment_and_dot_segments_are_refused_unsent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/plain/a%2F..%2Fb%3Fc"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let answer = client.request(1, Method::GET).segment("plain").param("id", "a/../b?c").send().await;
    let answer = answer.map_err(|f| f.into_error::<Envelope>()).unwrap();
    assert_eq!(answer.empty::<Envelope>().unwrap().status(), 204);
    for value in ["", ".", ".."] {
        let failed = client.request(1, Method::GET).segment("plain").param("id", value).send().await;
        let Err(failed) = failed else { panic!("{value:?} was sent") };
        let err = failed.into_error::<Envelope>();
        assert!(
            matches!(&err, Error::InvalidRequest(why) if why.contains("the path parameter `id`") && why.contains("would send `plain` to another endpoint")),
            "{err:?}"
        );
    }
    // Only the request of the valid value reached the server.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn form_multipart_and_query_objects_are_encoded_with_credentials_in_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/form"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("text=hi&buttons%5B0%5D=Yes&auth%5Bkey%5D=request-test-key%2Fwith+slash"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 1})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/api/form"))
        .and(body_string_contains("name=\"buttons[1]\"\r\n\r\nNo\r\n"))
        .and(body_string_contains("name=\"auth[key]\"\r\n\r\nrequest-test-key/with slash\r\n"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 2})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/plain"))
        .and(query_param("text", "hi"))
        .and(query_param("buttons[0]", "Yes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 3})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let message = Message { text: "hi", buttons: vec!["Yes"], note: None };
    let id = |answer: Result<botapis::runtime::Answer, botapis::runtime::Failed>| async move {
        let answer = answer.map_err(|f| f.into_error::<Envelope>()).unwrap();
        answer.json::<Sent, Envelope>().unwrap().into_inner().id
    };
    assert_eq!(id(client.request(2, Method::POST).segment("form").form(&message).send().await).await, 1);
    let both = Message { text: "hi", buttons: vec!["Yes", "No"], note: Some("n") };
    assert_eq!(id(client.request(2, Method::PUT).segment("form").multipart(&both).send().await).await, 2);
    assert_eq!(id(client.request(1, Method::GET).segment("plain").query_object("filter", &message).send().await).await, 3);
}

#[tokio::test]
async fn answers_decode_or_fail_as_the_vendors_error_without_the_secrets() {
    let server = MockServer::start().await;
    let echo = format!("bad token {TOKEN}");
    Mock::given(path("/api/plain/400"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({"message": echo})))
        .mount(&server)
        .await;
    Mock::given(path("/api/plain/200"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "text", "extra": TOKEN})))
        .mount(&server)
        .await;
    let client = client(&server);
    let call = |status: &'static str| client.request(1, Method::GET).segment("plain").segment(status).send();

    let err = call("400").await.err().expect("a 400 fails").into_error::<Envelope>();
    let Error::Status { status, envelope: Some(envelope), .. } = &err else { panic!("{err:?}") };
    assert_eq!(*status, 400);
    assert!(!envelope.message.contains(TOKEN), "{envelope:?}");
    assert!(!format!("{err} {err:?}").contains(TOKEN), "{err:?}");

    let answer = || async { call("200").await.map_err(|f| f.into_error::<Envelope>()).unwrap() };
    let err = answer().await.json::<Sent, Envelope>().unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(TOKEN), "{err:?}");
    let err = answer().await.undocumented::<Sent, Envelope>().unwrap_err();
    assert!(matches!(err, Error::Status { status, .. } if status == 200), "{err:?}");

    #[derive(Debug, Deserialize)]
    struct Loose {
        #[serde(default)]
        id: Option<u64>,
    }
    let loose = answer().await.lenient::<Loose, Envelope>().unwrap();
    assert_eq!(loose.id, None);
    assert!(loose.mismatch().is_some());
}

#[tokio::test]
async fn an_operation_answering_json_says_it_accepts_it_and_reads_only_its_documented_status() {
    let server = MockServer::start().await;
    Mock::given(path("/api/sent/201"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 7})))
        .mount(&server)
        .await;
    Mock::given(path("/api/sent/200"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 8})))
        .mount(&server)
        .await;
    let client = &client(&server);
    let read = |status: &'static str| async move {
        let answer = client.request(3, Method::GET).segment("sent").segment(status).send().await;
        answer.map_err(|f| f.into_error::<Envelope>())?.at(201, botapis::runtime::Answer::json::<Sent, Envelope>)
    };
    let sent = read("201").await.unwrap();
    assert_eq!((sent.status().as_u16(), sent.value()), (201, &Sent { id: 7 }));
    // Another success status is not read as the documented one.
    let err = read("200").await.unwrap_err();
    assert!(matches!(err, Error::Status { status, .. } if status == 200), "{err:?}");

    // An operation that answers no JSON sends no `Accept`.
    let requests = server.received_requests().await.unwrap();
    assert!(requests.iter().all(|r| r.headers.get("accept").is_some_and(|v| v == "application/json")));
    Mock::given(path("/api/plain/none")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    client.request(1, Method::GET).segment("plain").segment("none").send().await.map_err(|f| f.into_error::<Envelope>()).unwrap();
    let requests = server.received_requests().await.unwrap();
    let last = requests.last().unwrap();
    assert_eq!(last.url.path(), "/api/plain/none");
    assert!(last.headers.get("accept").is_none_or(|v| v != "application/json"), "{:?}", last.headers);
}

#[tokio::test]
async fn a_text_answer_reads_as_text_and_a_mapped_one_keeps_its_status() {
    let server = MockServer::start().await;
    Mock::given(path("/api/plain/text"))
        .respond_with(ResponseTemplate::new(202).insert_header("x-seen", "1").set_body_bytes(b"ok \xff".to_vec()))
        .mount(&server)
        .await;
    let client = client(&server);
    let answer = client.request(1, Method::GET).segment("plain").segment("text").send().await;
    let text = answer.map_err(|f| f.into_error::<Envelope>()).unwrap().text::<Envelope>().unwrap();
    // A byte that is not UTF-8 is replaced, not a failure.
    assert_eq!(text.value(), "ok \u{FFFD}");
    let mapped = text.map(|t| t.len());
    assert_eq!((mapped.status().as_u16(), *mapped.value()), (202, 6));
    assert_eq!(mapped.headers()["x-seen"], "1");
}

#[tokio::test]
async fn lists_go_in_the_query_each_item_joined_or_as_its_json_values() {
    let server = MockServer::start().await;
    Mock::given(path("/api/plain")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = client(&server);
    async fn sent(request: Request<'_>) {
        request.send().await.map_err(|f| f.into_error::<Envelope>()).unwrap();
    }
    let plain = || client.request(1, Method::GET).segment("plain");
    sent(plain().query_each("tag", ["a", "b c"])).await;
    sent(plain().query_joined("tag", [1, 2, 3])).await;
    // A type with no text of its own: a list's items each a parameter, a
    // scalar its JSON text.
    sent(plain().query_value("tag", &serde_json::json!(["x", 2, true]))).await;
    sent(plain().query_value("tag", &serde_json::json!(7))).await;
    let queries: Vec<String> = server.received_requests().await.unwrap().iter().map(|r| r.url.query().unwrap_or("").to_string()).collect();
    assert_eq!(queries, ["tag=a&tag=b+c", "tag=1%2C2%2C3", "tag=x&tag=2&tag=true", "tag=7"]);

    // An object has no text to put in one parameter: refused, unsent.
    let failed = plain().query_value("tag", &serde_json::json!({"a": 1})).send().await;
    let Err(failed) = failed else { panic!("an object was sent as one parameter") };
    let err = failed.into_error::<Envelope>();
    assert!(matches!(&err, Error::InvalidRequest(why) if why.contains("`tag` has no text to send")), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn a_multipart_body_is_encoded_once_and_a_retry_sends_the_same_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).and(path("/api/form")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("PUT"))
        .and(path("/api/form"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 4})))
        .mount(&server)
        .await;
    let message = Message { text: "hi", buttons: vec!["Yes"], note: None };
    let answer = client(&server).request(2, Method::PUT).segment("form").multipart(&message).send().await;
    assert_eq!(answer.map_err(|f| f.into_error::<Envelope>()).unwrap().status().as_u16(), 200);
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2, "the 503 is retried once");
    let content_type = |i: usize| received[i].headers.get("content-type").unwrap().to_str().unwrap().to_string();
    assert!(content_type(0).starts_with("multipart/form-data; boundary="), "{}", content_type(0));
    assert_eq!(content_type(0), content_type(1));
    assert_eq!(received[0].body, received[1].body);
    let body = String::from_utf8_lossy(&received[0].body);
    assert!(body.contains("name=\"text\"\r\n\r\nhi\r\n") && body.contains("name=\"auth[key]\""), "{body}");
}
