//! Every vendor's client against hostile servers on loopback, with a unique
//! canary credential in every slot: cross-origin redirects with every 3xx,
//! redirect loops, the request echoed into bodies, messages, headers and
//! `Location`, stalls, endless bodies, resets. Asserted: what reached each
//! server, and that no output shows any form of any canary: no `Display`,
//! `Debug`, `{:#?}`, `source()`, client or builder `Debug`, and no log line
//! (tracing's, and the `log` crate's through the bridge) at TRACE.
//!
//! Memory under huge bodies is measured in `hostile_memory.rs`, which needs
//! a counting allocator of its own.

#[path = "support/hostile_server.rs"]
mod hostile_server;
#[path = "support/logs.rs"]
mod logs;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use botapis::runtime::{ClientBuilder, Error, GeneratedClient, RateLimit, RedirectRefused, RetryPolicy, VendorError};
use hostile_server::{Answer, Seen, Server};

/// What one call showed of itself, and what it was.
struct Shown {
    /// (where, text) for every output a user or a log could see.
    outputs: Vec<(String, String)>,
    variant: &'static str,
    status: Option<u16>,
    redirect: Option<RedirectRefused>,
    location: Option<String>,
    url: Option<String>,
    /// The body as the server sent it, through the explicit accessor.
    raw: Option<Vec<u8>>,
    truncated: Option<bool>,
    retry_after: Option<Duration>,
}

fn shown<T, V: VendorError>(result: Result<T, Error<V>>) -> Shown {
    let Err(err) = result else {
        return Shown {
            outputs: vec![],
            variant: "Ok",
            status: None,
            redirect: None,
            location: None,
            url: None,
            raw: None,
            truncated: None,
            retry_after: None,
        };
    };
    let mut outputs = vec![
        ("Display".to_string(), err.to_string()),
        ("Debug".to_string(), format!("{err:?}")),
        ("{:#?}".to_string(), format!("{err:#?}")),
    ];
    if let Some(message) = err.vendor_message() {
        outputs.push(("vendor_message".to_string(), message.to_string()));
    }
    if let Some(body) = err.body() {
        outputs.push(("body()".to_string(), String::from_utf8_lossy(body).into_owned()));
    }
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        outputs.push(("source".to_string(), format!("{s} {s:?}")));
        source = s.source();
    }
    let (variant, redirect, location, url) = match &err {
        Error::InvalidRequest(_) => ("InvalidRequest", None, None, None),
        Error::Transport { url, .. } => ("Transport", None, None, Some(url.clone())),
        Error::Timeout { url, .. } => ("Timeout", None, None, Some(url.clone())),
        Error::RateLimited { .. } => ("RateLimited", None, None, None),
        Error::Status { .. } => ("Status", None, None, None),
        Error::Vendor { .. } => ("Vendor", None, None, None),
        Error::Decode { .. } => ("Decode", None, None, None),
        Error::BodyTooLarge { url, .. } => ("BodyTooLarge", None, None, Some(url.clone())),
        Error::Redirect { reason, location, .. } => ("Redirect", Some(*reason), location.clone(), None),
        _ => ("other", None, None, None),
    };
    Shown {
        outputs,
        variant,
        status: err.status().map(|s| s.as_u16()),
        redirect,
        location,
        url,
        raw: err.body().map(|b| b.expose_raw().to_vec()),
        truncated: err.body().map(|b| b.is_truncated()),
        retry_after: err.retry_after(),
    }
}

/// How a test configures the client besides its base URL.
#[derive(Clone)]
struct Settings {
    timeout: Duration,
    retry: RetryPolicy,
    max_response_size: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            timeout: Duration::from_secs(5),
            retry: RetryPolicy { max_retries: 2, initial_backoff: Duration::from_millis(1), ..RetryPolicy::default() },
            max_response_size: 1024 * 1024,
        }
    }
}

type Call = Pin<Box<dyn Future<Output = Shown>>>;
/// (where, text): an output a user or a log could see.
type Outputs = Vec<(String, String)>;

/// A vendor: its credential slots, and its message-sending call.
struct Vendor {
    name: &'static str,
    slots: &'static [&'static str],
    send: fn(&str, &[String], &Settings, &mut Outputs) -> Call,
}

/// Configure and build a client, keeping the builder's and the client's
/// `Debug` among the outputs.
fn build<C: GeneratedClient + std::fmt::Debug>(
    builder: ClientBuilder<C>,
    base_url: &str,
    settings: &Settings,
    outputs: &mut Vec<(String, String)>,
) -> C {
    let builder = builder
        .base_url(base_url)
        .timeout(settings.timeout)
        .retry(settings.retry.clone())
        .max_response_size(settings.max_response_size)
        .no_rate_limit();
    outputs.push(("the builder's Debug".to_string(), format!("{builder:?}")));
    let client = builder.build().unwrap();
    outputs.push(("the client's Debug".to_string(), format!("{client:?}")));
    client
}

const VENDORS: &[Vendor] = &[
    Vendor {
        name: "okeybot",
        slots: &["token"],
        send: |base, c, settings, outputs| {
            let client = build(botapis::okeybot::Client::builder(&c[0]), base, settings, outputs);
            Box::pin(async move { shown(client.add_tags("1", ["VIP"]).send().await) })
        },
    },
    Vendor {
        name: "salebot",
        slots: &["api_key"],
        send: |base, c, settings, outputs| {
            let client = build(botapis::salebot::Client::builder(&c[0]), base, settings, outputs);
            Box::pin(async move {
                let client_id = botapis::runtime::lenient::NumberOrText::from(25554);
                shown(client.message(client_id).message("hi").send().await)
            })
        },
    },
    Vendor {
        name: "watbot",
        slots: &["api_token"],
        send: |base, c, settings, outputs| {
            let client = build(botapis::watbot::Client::builder(&c[0]), base, settings, outputs);
            Box::pin(async move { shown(client.send_message().contact_id(42).text("Hi there").send().await) })
        },
    },
    Vendor {
        name: "smsgold",
        slots: &["user", "pass"],
        send: |base, c, settings, outputs| {
            let client = build(botapis::smsgold::Client::builder(&c[0], &c[1]), base, settings, outputs);
            Box::pin(async move {
                let message = botapis::smsgold::types::ToSubscriber { subscriber_id: "5f0c".into(), text: "hi".into(), buttons: vec![] };
                shown(client.send_message(message).send().await)
            })
        },
    },
    Vendor {
        name: "imbachat",
        slots: &["imba_id", "login", "password", "secret_key"],
        send: |base, c, settings, outputs| {
            let client = build(botapis::imbachat::Client::builder(&c[0], &c[1], &c[2], &c[3]), base, settings, outputs);
            Box::pin(async move { shown(client.imba_rooms().users_ids([3, 4]).send().await) })
        },
    },
];

/// A canary per slot, unique to the vendor and the slot, with characters
/// that every encoding changes (`/`, `+`, space, `=`).
fn canaries(vendor: &Vendor) -> Vec<String> {
    vendor.slots.iter().map(|slot| format!("CaNaRy-{}-{slot}/x+y z=Q7", vendor.name)).collect()
}

/// Every form in which a canary could travel or be echoed, found
/// independently of the client's own scrubber.
fn forms(canaries: &[String]) -> Vec<String> {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD_NO_PAD.encode(s);
    let mut out = Vec::new();
    for c in canaries {
        out.push(c.clone());
        out.push(c.replace('/', "%2F").replace(' ', "%20"));
        out.push(utf8_percent_encode(c, NON_ALPHANUMERIC).to_string());
        out.push(form_urlencoded::byte_serialize(c.as_bytes()).collect());
        out.push(b64(c));
        // What is left of a canary when something cut it at a separator.
        out.push(c.split('/').next().unwrap().to_string());
        for other in canaries {
            out.push(b64(&format!("{c}:{other}")));
        }
    }
    out
}

/// What a reader could make of `text`: as it is, with JSON escapes read,
/// percent- and form-decoded, and every run of base64 in it decoded.
fn readings(text: &str) -> Vec<String> {
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    let unescaped = json_unescape(text);
    let mut out = vec![text.to_string(), unescaped.clone()];
    for t in [text, unescaped.as_str()] {
        out.push(percent_encoding::percent_decode_str(t).decode_utf8_lossy().into_owned());
        out.push(form_urlencoded::parse(t.as_bytes()).map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&"));
    }
    for run in text.split(|c: char| !(c.is_ascii_alphanumeric() || "+/-_".contains(c))).filter(|r| r.len() >= 8) {
        for start in 0..4.min(run.len()) {
            let usable = &run[start..start + (run.len() - start) / 4 * 4];
            for engine in [STANDARD_NO_PAD, URL_SAFE_NO_PAD] {
                if let Ok(bytes) = engine.decode(usable) {
                    out.push(String::from_utf8_lossy(&bytes).into_owned());
                }
            }
        }
    }
    out
}

/// `\/`, `\"`, `\\` and `\uXXXX` (with surrogate pairs) read as JSON reads them.
fn json_unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    let mut pending_high: Option<u32> = None;
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let Ok(unit) = u32::from_str_radix(&hex, 16) else { continue };
                match (pending_high.take(), unit) {
                    (None, 0xD800..=0xDBFF) => pending_high = Some(unit),
                    (Some(high), 0xDC00..=0xDFFF) => {
                        out.extend(char::from_u32(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)));
                    }
                    (_, unit) => out.extend(char::from_u32(unit)),
                }
            }
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn leaked<'a>(text: &str, forms: &'a [String]) -> Option<&'a str> {
    let readings: Vec<String> = readings(text).into_iter().map(|r| r.to_ascii_lowercase()).collect();
    forms.iter().map(String::as_str).find(|f| readings.iter().any(|r| r.contains(&f.to_ascii_lowercase())))
}

fn assert_clean(vendor: &str, case: &str, outputs: &[(String, String)], forms: &[String]) {
    for (what, text) in outputs {
        if let Some(form) = leaked(text, forms) {
            panic!("{vendor}, {case}: {what} shows `{form}`:\n{text}");
        }
    }
}

/// Run every vendor's send against a server that answers as `plan` says;
/// check that no output and no log line shows a canary, then hand each
/// vendor's outcome and servers to `check`.
async fn against_every_vendor(
    case: &str,
    settings: Settings,
    plan: impl Fn(&Seen, &str) -> Answer + Send + Sync + Clone + 'static,
    check: impl Fn(&str, &Shown, &Server, &Server, &[String]),
) {
    for vendor in VENDORS {
        let (logs, _guard) = logs::capture();
        let canaries = canaries(vendor);
        let forms = forms(&canaries);
        let third_party = Server::start(|_| Answer::json(200, serde_json::json!({"stolen": true}))).await;
        let elsewhere = third_party.url.clone();
        let plan = plan.clone();
        let origin = Server::start(move |seen| plan(seen, &elsewhere)).await;

        let mut outputs = Vec::new();
        let call = (vendor.send)(&origin.url, &canaries, &settings, &mut outputs);
        let shown = call.await;
        outputs.extend(shown.outputs.iter().cloned());
        outputs.push(("the log".to_string(), logs.text()));

        assert_clean(vendor.name, case, &outputs, &forms);
        // The canaries did reach the configured server: the test can fail.
        assert!(
            leaked(&String::from_utf8_lossy(&origin.bytes()), &forms).is_some(),
            "{}, {case}: the configured server got no credential",
            vendor.name
        );
        check(vendor.name, &shown, &origin, &third_party, &canaries);
    }
}

const REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

#[tokio::test]
async fn no_redirect_to_another_origin_is_followed_whatever_its_status() {
    for status in REDIRECTS {
        against_every_vendor(
            &format!("{status} to another origin"),
            Settings::default(),
            move |_, elsewhere| Answer::redirect(status, &format!("{elsewhere}/collect")),
            |vendor, shown, origin, third_party, _| {
                assert_eq!(third_party.connections(), 0, "{vendor}: {status} reached the other origin");
                assert_eq!(origin.requests().len(), 1, "{vendor}: {status}");
                assert_eq!(shown.variant, "Redirect", "{vendor}: {status}");
                assert_eq!(shown.status, Some(status));
                assert_eq!(shown.redirect, Some(RedirectRefused::OtherOrigin), "{vendor}: {status}");
                assert!(shown.location.as_deref().unwrap().ends_with("/collect"), "{vendor}: {:?}", shown.location);
            },
        )
        .await;
    }
}

#[tokio::test]
async fn a_redirect_loop_never_sends_a_message_twice() {
    for status in REDIRECTS {
        against_every_vendor(
            &format!("{status} loop"),
            Settings::default(),
            // Back to the very URL, query and all.
            move |seen, _| Answer::redirect(status, &seen.target),
            |vendor, shown, origin, _, _| {
                let requests = origin.requests();
                let sent = |s: &Seen| (s.method.clone(), s.target.clone());
                let copies = requests.iter().filter(|s| sent(s) == sent(&requests[0])).count();
                assert_eq!(copies, 1, "{vendor}: a {status} loop re-sent the message");
                assert_eq!(shown.variant, "Redirect", "{vendor}: {status}");
            },
        )
        .await;
    }
}

#[tokio::test]
async fn a_location_that_echoes_the_credentials_is_shown_redacted() {
    against_every_vendor(
        "Location echoing the request's URL",
        Settings::default(),
        |seen, elsewhere| Answer::redirect(307, &format!("{elsewhere}{}", seen.target)),
        |vendor, shown, origin, third_party, canaries| {
            assert_eq!(third_party.connections(), 0, "{vendor}");
            let location = shown.location.as_deref().unwrap();
            if leaked(&origin.requests()[0].target, &forms(canaries)).is_some() {
                assert!(location.contains("[REDACTED]"), "{vendor}: {location}");
            }
        },
    )
    .await;
}

/// The request echoed, as text and inside a vendor-shaped JSON envelope.
type Plan = Box<dyn Fn(&Seen) -> Answer + Send + Sync>;

fn echo_answers(status: u16) -> Vec<(&'static str, Plan)> {
    vec![
        ("plain text", Box::new(move |seen: &Seen| Answer::status(status, seen.raw.clone()).with_header("x-echo", &seen.target))),
        (
            "a JSON envelope",
            Box::new(move |seen: &Seen| {
                let echoed = String::from_utf8_lossy(&seen.raw).into_owned();
                Answer::json(
                    status,
                    serde_json::json!({"status": echoed, "message": echoed, "error": echoed, "description": echoed, "data": echoed}),
                )
            }),
        ),
        (
            "JSON escaped the way PHP escapes it, and more",
            Box::new(move |seen: &Seen| {
                let echoed = String::from_utf8_lossy(&seen.raw).into_owned();
                // `/` as `\/`, every `a` as `\u0061`: valid JSON that says
                // the same, with no secret spelled out.
                let escaped = serde_json::to_string(&echoed).unwrap().replace('/', "\\/").replace('a', "\\u0061");
                let body = format!(r#"{{"status": {escaped}, "message": {escaped}, "error": {escaped}, "data": {escaped}}}"#);
                Answer::Full { status, headers: vec![("content-type".into(), "application/json".into())], body: body.into_bytes() }
            }),
        ),
        (
            "base64 of the request, not aligned with the secret",
            Box::new(move |seen: &Seen| {
                let mut shifted = b"x".to_vec();
                shifted.extend_from_slice(&seen.raw);
                Answer::status(status, format!("request: {}", base64::engine::general_purpose::STANDARD.encode(shifted)))
            }),
        ),
        (
            "percent-escapes of plain letters",
            Box::new(move |seen: &Seen| Answer::status(status, String::from_utf8_lossy(&seen.raw).replace('a', "%61").replace('N', "%4E"))),
        ),
        (
            "a framework's 404 page",
            Box::new(move |seen: &Seen| {
                Answer::status(status, format!("<html><body><pre>Cannot {} {}</pre></body></html>", seen.method, seen.target))
            }),
        ),
    ]
}

#[tokio::test]
async fn errors_that_echo_the_request_show_no_secret_and_keep_it_raw() {
    for status in [200, 400, 401, 404, 405, 429, 500, 503] {
        for (shape, answer) in echo_answers(status) {
            let answer = Arc::new(answer);
            against_every_vendor(
                &format!("{status} echoing the request as {shape}"),
                Settings { retry: RetryPolicy::none(), ..Settings::default() },
                move |seen, _| answer(seen),
                |vendor, shown, _, _, canaries| {
                    if shown.variant == "Ok" {
                        // An echo can happen to have the documented shape.
                        assert_eq!(status, 200, "{vendor}: {shape}");
                        return;
                    }
                    let raw = String::from_utf8_lossy(shown.raw.as_deref().unwrap_or_default()).into_owned();
                    let echoed = leaked(&raw, &forms(canaries)).is_some();
                    if shape == "plain text" {
                        // The raw body is there for whoever asks for it.
                        assert!(echoed, "{vendor}: {status}: the raw body lost the echo: {raw}");
                    }
                    if echoed {
                        assert!(
                            shown.outputs.iter().any(|(_, text)| text.contains("[REDACTED]")),
                            "{vendor}: {status} {shape}: nothing was redacted"
                        );
                    }
                },
            )
            .await;
        }
    }
}

#[tokio::test]
async fn a_503_keeps_its_retry_after_and_a_huge_one_is_returned_not_retried() {
    against_every_vendor(
        "503 with Retry-After",
        Settings { retry: RetryPolicy::none(), ..Settings::default() },
        |_, _| Answer::status(503, "busy").with_header("retry-after", "7"),
        |vendor, shown, _, _, _| {
            assert_eq!(shown.variant, "Status", "{vendor}");
            assert_eq!(shown.retry_after, Some(Duration::from_secs(7)), "{vendor}");
            assert!(shown.outputs[0].1.contains("retry after 7 s"), "{vendor}: {}", shown.outputs[0].1);
        },
    )
    .await;
    against_every_vendor(
        "429 with a Retry-After beyond u64",
        Settings::default(),
        |_, _| Answer::status(429, "slow down").with_header("retry-after", "99999999999999999999999"),
        |vendor, shown, origin, _, _| {
            assert_eq!(shown.variant, "RateLimited", "{vendor}");
            assert_eq!(origin.requests().len(), 1, "{vendor}: retried after normal backoff");
            assert!(shown.retry_after.unwrap() > Duration::from_secs(3_000_000_000), "{vendor}: {:?}", shown.retry_after);
        },
    )
    .await;
}

#[tokio::test]
async fn a_stalled_body_is_a_timeout_that_names_the_redacted_url() {
    against_every_vendor(
        "a success body that stalls",
        Settings { timeout: Duration::from_millis(300), retry: RetryPolicy::none(), ..Settings::default() },
        |_, _| Answer::Stall { status: 200 },
        |vendor, shown, origin, _, canaries| {
            assert_eq!(shown.variant, "Timeout", "{vendor}");
            let url = shown.url.as_deref().unwrap();
            let sent = &origin.requests()[0].target;
            let path = sent.split('?').next().unwrap().rsplit('/').next().unwrap();
            assert!(url.starts_with(&origin.url) && url.contains(path), "{vendor}: the URL is `{url}`, the request `{sent}`");
            if leaked(sent, &forms(canaries)).is_some() {
                assert!(url.contains("[REDACTED]"), "{vendor}: {url}");
            }
        },
    )
    .await;
}

#[tokio::test]
async fn endless_bodies_stop_at_the_limits() {
    against_every_vendor(
        "an endless success body",
        Settings { max_response_size: 256 * 1024, ..Settings::default() },
        |_, _| Answer::Endless { status: 200, word: b"[1,", declared: None },
        |vendor, shown, _, _, _| {
            assert_eq!(shown.variant, "BodyTooLarge", "{vendor}");
            assert!(shown.outputs[0].1.contains("262144 bytes"), "{vendor}: {}", shown.outputs[0].1);
        },
    )
    .await;
    against_every_vendor(
        "a success body announced as 100 GB",
        Settings::default(),
        |_, _| Answer::Endless { status: 200, word: b"0", declared: Some(100_000_000_000) },
        |vendor, shown, _, _, _| assert_eq!(shown.variant, "BodyTooLarge", "{vendor}"),
    )
    .await;
    against_every_vendor(
        "an endless error body",
        Settings { retry: RetryPolicy::none(), ..Settings::default() },
        |_, _| Answer::Endless { status: 500, word: b"error ", declared: None },
        |vendor, shown, _, _, _| {
            assert_eq!(shown.variant, "Status", "{vendor}");
            assert_eq!(shown.truncated, Some(true), "{vendor}");
            assert_eq!(shown.raw.as_ref().unwrap().len(), botapis::runtime::ERROR_BODY_LIMIT, "{vendor}");
        },
    )
    .await;
}

#[tokio::test]
async fn a_decode_error_quoting_a_huge_echo_stays_short() {
    against_every_vendor(
        "a success whose every field is the request, a megabyte long",
        Settings::default(),
        |seen, _| {
            let echoed = String::from_utf8_lossy(&seen.raw).repeat(1 + 1024 * 1024 / seen.raw.len());
            let value = serde_json::Value::String(echoed);
            let fields = ["status", "message", "data", "success", "error", "result", "id"];
            Answer::json(200, serde_json::Value::Object(fields.iter().map(|f| (f.to_string(), value.clone())).collect()))
        },
        |vendor, shown, _, _, _| {
            if shown.variant == "Ok" {
                return;
            }
            for (what, text) in &shown.outputs {
                if what == "Display" || what == "source" {
                    assert!(text.len() < 4096, "{vendor}: {what} is {} bytes", text.len());
                }
            }
        },
    )
    .await;
}

#[tokio::test]
async fn a_reset_is_a_transport_error_and_a_message_is_not_resent() {
    against_every_vendor(
        "a reset",
        Settings::default(),
        |_, _| Answer::Reset,
        |vendor, shown, origin, _, _| {
            assert_eq!(shown.variant, "Transport", "{vendor}");
            assert_eq!(origin.requests().len(), 1, "{vendor}: the message was sent again");
        },
    )
    .await;
}

/// The same-origin redirects the client does follow: those of requests
/// that are safe to repeat, at most five in a row.
#[tokio::test]
async fn a_get_follows_same_origin_redirects_up_to_the_limit() {
    let contact = serde_json::json!({"data": {"id": "42", "custom_fields": {}, "tags": []}});
    let answer = contact.clone();
    let server = Server::start(move |seen| match seen.target.as_str() {
        "/contact/42" => Answer::redirect(301, "/contact/42/"),
        "/contact/42/" => Answer::redirect(308, "/v2/contact/42"),
        "/v2/contact/42" => Answer::json(200, answer.clone()),
        _ => Answer::redirect(302, &seen.target),
    })
    .await;
    let client = botapis::okeybot::Client::builder("t").base_url(&server.url).no_rate_limit().build().unwrap();

    let got = client.get_contact("42").send().await.unwrap();
    assert_eq!(got.data.id, "42");
    let seen: Vec<String> = server.requests().into_iter().map(|s| format!("{} {}", s.method, s.target)).collect();
    assert_eq!(seen, ["GET /contact/42", "GET /contact/42/", "GET /v2/contact/42"]);

    let err = client.get_contact("loop").send().await.unwrap_err();
    match err {
        Error::Redirect { reason, .. } => assert_eq!(reason, RedirectRefused::TooMany),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), 3 + 1 + botapis::runtime::MAX_REDIRECTS as usize);
}

#[tokio::test]
async fn a_303_after_a_message_is_fetched_with_a_get_and_the_message_is_not_resent() {
    let server = Server::start(|seen| match (seen.method.as_str(), seen.target.as_str()) {
        ("POST", _) => Answer::redirect(303, "/contact/1/tags/result"),
        _ => Answer::json(200, serde_json::json!({"status": "success", "message": "Tags added"})),
    })
    .await;
    let client = botapis::okeybot::Client::builder("t").base_url(&server.url).no_rate_limit().build().unwrap();

    client.add_tags("1", ["VIP"]).send().await.unwrap();

    let seen: Vec<String> = server.requests().into_iter().map(|s| format!("{} {}", s.method, s.target)).collect();
    assert_eq!(seen, ["POST /contact/1/tags", "GET /contact/1/tags/result"]);
    let get = &server.requests()[1];
    assert!(!String::from_utf8_lossy(&get.raw).to_ascii_lowercase().contains("content-length: 1"), "the GET has no body");
}

/// A user's own `reqwest::Client` that follows redirects: the client cannot
/// stop it, but it refuses the answer from another origin and says why.
#[tokio::test]
async fn a_users_http_client_that_follows_redirects_elsewhere_is_reported() {
    let third_party = Server::start(|_| Answer::json(200, serde_json::json!({"data": {"id": "1"}}))).await;
    let elsewhere = third_party.url.clone();
    let origin = Server::start(move |_| Answer::redirect(302, &format!("{elsewhere}/x"))).await;
    let client =
        botapis::okeybot::Client::builder("t").base_url(&origin.url).http_client(reqwest::Client::new()).no_rate_limit().build().unwrap();

    let err = client.get_contact("1").send().await.unwrap_err();

    match &err {
        Error::Redirect { reason, .. } => assert_eq!(*reason, RedirectRefused::FollowedByHttpClient),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("redirect::Policy::none()"), "{err}");
}

/// The pacing as the server sees it: no window of the documented length
/// holds more requests than documented, with clones sharing one limiter.
async fn arrivals_under(limit: Option<RateLimit>, requests: usize) -> Vec<std::time::Instant> {
    let server = Server::start(|_| Answer::json(200, serde_json::json!([]))).await;
    let mut builder = botapis::watbot::Client::builder("t").base_url(&server.url);
    if let Some(limit) = limit {
        builder = builder.rate_limit(limit);
    }
    let client = builder.build().unwrap();
    let calls = (0..requests).map(|_| {
        let client = client.clone();
        async move { client.get_contact_tags(42).send().await }
    });
    futures::future::join_all(calls).await;
    let mut at: Vec<_> = server.requests().into_iter().map(|s| s.at).collect();
    at.sort();
    assert_eq!(at.len(), requests);
    at
}

fn assert_no_window_holds_more(at: &[std::time::Instant], requests: usize, window: Duration) {
    for (i, late) in at.iter().enumerate().skip(requests) {
        let gap = *late - at[i - requests];
        assert!(gap >= window, "requests {} to {i} reached the server within {gap:?}", i - requests);
    }
}

#[tokio::test]
async fn watbots_two_a_second_hold_in_every_second_at_the_server() {
    let at = arrivals_under(None, 7).await;
    assert_no_window_holds_more(&at, 2, Duration::from_secs(1));
}

#[tokio::test]
async fn a_custom_five_a_second_hold_in_every_second_at_the_server() {
    let at = arrivals_under(Some(RateLimit { requests: 5, per_seconds: 1 }), 11).await;
    assert_no_window_holds_more(&at, 5, Duration::from_secs(1));
    // And the limit is used: the first five go at once.
    assert!(at[4] - at[0] < Duration::from_millis(500), "{:?}", at[4] - at[0]);
}
