//! Forward compatibility of generated types: a value or a field the vendor
//! adds later must not break decoding. Checked on a fixture spec whose
//! generated module is committed beside it and compiled here.

/// The generated module refers to `crate::runtime`, as it does inside botapis.
mod runtime {
    pub use botapis::runtime::*;
}

// A private module here: what the generated file exports for users (the
// prelude's re-exports, most items) goes unused in this test.
#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
#[path = "fixtures/open_enums.rs"]
mod open_enums;

use open_enums::types::{Kind, Thing};

#[test]
fn an_unknown_enum_value_decodes_into_the_catch_all() {
    let thing: Thing = serde_json::from_str(r#"{"kind": "carousel", "level": 1}"#).unwrap();
    assert_eq!(thing.kind, Some(Kind::Unknown));
    assert_eq!(Kind::Unknown.to_string(), "(unknown)");
}

#[test]
fn known_values_still_decode_and_encode_exactly() {
    let thing: Thing = serde_json::from_str(r#"{"kind": "call-back"}"#).unwrap();
    assert_eq!(thing.kind, Some(Kind::CallBack));
    assert_eq!(serde_json::to_string(&Kind::CallBack).unwrap(), "\"call-back\"");
}

#[test]
fn the_catch_all_is_never_sent() {
    assert!(serde_json::to_string(&Kind::Unknown).is_err());
}

#[test]
fn unknown_fields_are_ignored() {
    let thing: Thing = serde_json::from_str(r#"{"kind": "url", "added_in_v2": {"x": [1]}}"#).unwrap();
    assert_eq!(thing.kind, Some(Kind::Url));
}

#[test]
fn a_value_parses_from_its_text_and_an_unknown_one_is_named() {
    assert_eq!("call-back".parse::<Kind>(), Ok(Kind::CallBack));
    let e = "carousel".parse::<Kind>().unwrap_err();
    assert_eq!(e.to_string(), "`carousel` is not a value of `Kind`");
}

#[test]
fn an_enum_written_inline_in_a_property_is_open_too() {
    use open_enums::types::ThingMoodsItem;
    let thing: Thing = serde_json::from_str(r#"{"moods": ["busy", "sleepy"]}"#).unwrap();
    assert_eq!(thing.moods, [ThingMoodsItem::Busy, ThingMoodsItem::Unknown]);
}
