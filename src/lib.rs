//! Typed async clients for chatbot and messaging platforms.
//!
//! Each vendor is a module behind a feature of the same name, generated from
//! the hand-written OpenAPI spec in `specs/` by `botapis-codegen`:
//!
//! ```no_run
//! # #[cfg(feature = "okeybot")]
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use botapis::okeybot::{Client, types};
//!
//! let client = Client::with_token("channel-token");
//! let page = client
//!     .get_contacts_by_custom_field("firstName", "Mahin")
//!     .send()
//!     .await?;
//! for contact in &page.data {
//!     println!("{} {:?}", contact.id, contact.tags);
//! }
//! # Ok(())
//! # }
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
