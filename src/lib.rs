//! Typed async clients for chatbot and messaging platforms.
//!
//! Each vendor is a module behind a feature of the same name, generated from
//! the hand-written OpenAPI spec in `specs/` by `botapis-codegen`. Each
//! vendor's page is its guide: what the API is, how to authenticate, its
//! servers, limits and paging, and where its documentation contradicts
//! itself. The [`runtime`] they share is below all of them.
//!
//! # A call
//!
//! A method per call of the API. Its required inputs are the method's
//! arguments, its optional ones setters of the request it returns, and
//! `.send().await` answers the decoded value.
//!
//! ```no_run
//! # #[cfg(feature = "okeybot")]
//! # async fn demo() -> Result<(), botapis::okeybot::Error> {
//! use botapis::okeybot::Client;
//!
//! // The channel token is given once; every request carries it.
//! let client = Client::with_token("channel-token");
//! let page = client.get_contacts_by_custom_field("firstName", "Mahin").send().await?;
//! for contact in &page.data {
//!     println!("{} {:?}", contact.id, contact.tags);
//! }
//! // The status and headers too:
//! let response = client.get_contact("1776025372480910").send().with_response().await?;
//! println!("{} {:?}", response.status(), response.headers().get("x-ratelimit-remaining"));
//! # Ok(()) }
//! ```
//!
//! # An error
//!
//! Every call fails with its module's `Error`
//! ([`runtime::Error`] over the vendor's error envelope): the vendor's
//! documented errors typed, and no credential in any of it, whatever a
//! server answers.
//!
//! ```no_run
//! # #[cfg(feature = "okeybot")]
//! # async fn demo(client: botapis::okeybot::Client) {
//! use botapis::okeybot::Error;
//!
//! match client.add_tags("1776025372480910", ["VIP"]).send().await {
//!     Ok(status) => println!("{}", status.message),
//!     Err(e @ Error::RateLimited { .. }) => eprintln!("slow down for {:?}", e.retry_after()),
//!     Err(e @ Error::Status { .. }) => eprintln!("{e} ({:?})", e.vendor_message()),
//!     // A message-sending call that failed on the way says whether the
//!     // vendor may have seen it; it is never sent twice by a retry.
//!     Err(e) => eprintln!("{e}; maybe delivered: {}", e.maybe_delivered()),
//! }
//! # }
//! ```
//!
//! # Retries and limits
//!
//! A call that may be repeated safely is retried when it fails on the way or
//! the vendor is busy ([`runtime::RetryPolicy`]), and each client paces
//! itself to the vendor's documented rate limit; both can be changed, for
//! the client or for one call.
//!
//! ```no_run
//! # #[cfg(feature = "okeybot")]
//! # fn demo() -> Result<(), botapis::runtime::BuildError> {
//! use std::time::Duration;
//! use botapis::okeybot::Client;
//! use botapis::runtime::{RateLimit, RetryPolicy};
//!
//! let mut retry = RetryPolicy::default();
//! retry.max_retries = 4;
//! let client = Client::builder("channel-token")
//!     .timeout(Duration::from_secs(10))
//!     .retry(retry)
//!     .rate_limit(RateLimit { requests: 50, per_seconds: 60 })
//!     .build()?;
//! // One call (or a few) without retries, sharing the client's connections and limit.
//! let once = client.with_retry(RetryPolicy::none());
//! # let _ = once; Ok(()) }
//! ```
//!
//! # Paging
//!
//! A paged call's request has `stream()`, every item across the pages, and
//! `pages()`, every page whole. Both own a clone of the client: they are
//! `Send + 'static`, for a spawned task or an axum handler.
//!
//! ```no_run
//! # #[cfg(feature = "okeybot")]
//! # async fn demo(client: botapis::okeybot::Client) -> Result<(), botapis::okeybot::Error> {
//! use futures::TryStreamExt;
//!
//! let mut contacts = client.get_contacts_by_custom_field("tier", "gold").stream();
//! while let Some(contact) = contacts.try_next().await? {
//!     println!("{}", contact.id);
//! }
//! # Ok(()) }
//! ```
//!
//! # A mock
//!
//! With the `mock` feature, each vendor module has typed mocks for
//! [`httpmock`](https://docs.rs/httpmock), a method per operation, so code
//! that uses a client is tested offline.
//!
//! ```no_run
//! # #[cfg(all(feature = "okeybot", feature = "mock"))]
//! # async fn demo() {
//! use botapis::okeybot::{self, mock::MockServerExt};
//!
//! let server = httpmock::MockServer::start_async().await;
//! let contact = serde_json::from_value(serde_json::json!({"data": {"id": "42", "tags": ["VIP"]}})).unwrap();
//! let mock = server.get_contact(|when, then| {
//!     when.contact_id("42");
//!     then.ok(&contact);
//! });
//! let client = okeybot::Client::with_base_url(&server.base_url(), "token");
//! assert_eq!(client.get_contact("42").send().await.unwrap().data.tags, ["VIP"]);
//! mock.assert();
//! # }
//! ```
//!
//! # A webhook
//!
//! A vendor that posts to your server has a `webhooks` module: a decoder,
//! and with the `axum` feature a router. Serve it with
//! [`runtime::serve_webhooks`], which bounds how long a sender may take.
//!
//! ```no_run
//! # #[cfg(all(feature = "salebot", feature = "axum"))]
//! # async fn demo() -> std::io::Result<()> {
//! use botapis::runtime::{WebhookTimeouts, serve_webhooks};
//!
//! let router = botapis::salebot::webhooks::message_router("/salebot/3d0c9a41e7", |message| async move {
//!     println!("{:?} wrote {:?}", message.client.and_then(|c| c.id), message.message);
//! });
//! let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
//! serve_webhooks(listener, router, WebhookTimeouts::default()).await;
//! # Ok(()) }
//! ```

// On docs.rs (`--cfg docsrs`), each vendor module carries the badge of the
// feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

// Generated code names runtime types as `::botapis::runtime::...` where a
// spec points a schema at one (typify's `x-rust-type`); inside this crate
// that path needs the crate's own name.
extern crate self as botapis;

pub mod runtime;

#[cfg(feature = "imbachat")]
#[cfg_attr(docsrs, doc(cfg(feature = "imbachat")))]
#[rustfmt::skip]
#[path = "../generated/imbachat.rs"]
pub mod imbachat;

#[cfg(feature = "okeybot")]
#[cfg_attr(docsrs, doc(cfg(feature = "okeybot")))]
#[rustfmt::skip]
#[path = "../generated/okeybot.rs"]
pub mod okeybot;

#[cfg(feature = "salebot")]
#[cfg_attr(docsrs, doc(cfg(feature = "salebot")))]
#[rustfmt::skip]
#[path = "../generated/salebot.rs"]
pub mod salebot;

#[cfg(feature = "smsgold")]
#[cfg_attr(docsrs, doc(cfg(feature = "smsgold")))]
#[rustfmt::skip]
#[path = "../generated/smsgold.rs"]
pub mod smsgold;

#[cfg(feature = "watbot")]
#[cfg_attr(docsrs, doc(cfg(feature = "watbot")))]
#[rustfmt::skip]
#[path = "../generated/watbot.rs"]
pub mod watbot;

/// The README's code samples, compiled as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
