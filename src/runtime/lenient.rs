//! Scalars that vendors send in more than one JSON type. A spec points a
//! schema at one of these with typify's `x-rust-type` extension where the
//! vendor's own examples disagree.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An identifier sent as a number in one answer and a string in another
/// (`"room_id": 613` and `"room_id": "613"`). Kept as text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(pub String);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Id {
    fn from(s: &str) -> Self {
        Id(s.to_string())
    }
}

impl From<String> for Id {
    fn from(s: String) -> Self {
        Id(s)
    }
}

impl From<i64> for Id {
    fn from(n: i64) -> Self {
        Id(n.to_string())
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an integer")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// An identifier the vendor takes and gives as a number or as text, even in
/// one list (`[407184121, "79609879898"]`). Sent back in the form it has.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NumberOrText {
    Number(i64),
    Text(String),
}

impl fmt::Display for NumberOrText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberOrText::Number(n) => write!(f, "{n}"),
            NumberOrText::Text(t) => f.write_str(t),
        }
    }
}

impl From<i64> for NumberOrText {
    fn from(n: i64) -> Self {
        NumberOrText::Number(n)
    }
}

impl From<&str> for NumberOrText {
    fn from(t: &str) -> Self {
        NumberOrText::Text(t.to_string())
    }
}

impl From<String> for NumberOrText {
    fn from(t: String) -> Self {
        NumberOrText::Text(t)
    }
}

/// A boolean sent as `true`, `"true"`, `1` or `"1"` (and their opposites).
/// Sent back as a JSON boolean.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Bool(pub bool);

/// A boolean the vendor reads as `1` / `0` (a PHP form flag). Read as
/// leniently as [`Bool`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct IntBool(pub bool);

macro_rules! lenient_bool {
    ($t:ident) => {
        impl From<bool> for $t {
            fn from(b: bool) -> Self {
                $t(b)
            }
        }

        impl From<$t> for bool {
            fn from(b: $t) -> bool {
                b.0
            }
        }

        impl PartialEq<bool> for $t {
            fn eq(&self, other: &bool) -> bool {
                self.0 == *other
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(BoolVisitor).map($t)
            }
        }
    };
}

lenient_bool!(Bool);
lenient_bool!(IntBool);

impl Serialize for Bool {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(self.0)
    }
}

impl Serialize for IntBool {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(u8::from(self.0))
    }
}

struct BoolVisitor;

impl Visitor<'_> for BoolVisitor {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, \"true\"/\"false\", or 1/0")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.visit_i64(v as i64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match v.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(true),
            "false" | "0" | "" => Ok(false),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}

/// Text where the vendor writes a missing value as the string `"NULL"` (or
/// as JSON null): both read as `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct NullableText(pub Option<String>);

impl NullableText {
    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl Serialize for NullableText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for NullableText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        Ok(NullableText(text.filter(|t| t != "NULL")))
    }
}

/// An integer code, sent as a number or as a quoted one (`3`, `"3"`): how
/// the generated integer enums decode. Some vendors quote their numbers.
#[doc(hidden)]
pub fn code<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    let id = Id::deserialize(deserializer)?;
    id.as_str().trim().parse().map_err(|_| de::Error::custom(format!("`{id}` is not an integer")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_numbers_and_strings_alike() {
        let a: Id = serde_json::from_str("613").unwrap();
        let b: Id = serde_json::from_str("\"613\"").unwrap();
        assert_eq!(a, b);
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"613\"");
    }

    #[test]
    fn booleans_read_every_spelling() {
        for (text, want) in [("true", true), ("\"true\"", true), ("1", true), ("\"0\"", false), ("false", false)] {
            let got: Bool = serde_json::from_str(text).unwrap();
            assert_eq!(got.0, want, "{text}");
        }
        assert!(serde_json::from_str::<Bool>("\"maybe\"").is_err());
        assert_eq!(serde_json::to_string(&IntBool(true)).unwrap(), "1");
    }

    #[test]
    fn number_or_text_keeps_the_form_it_was_given() {
        let ids: Vec<NumberOrText> = serde_json::from_str(r#"[407184121, "79609879898"]"#).unwrap();
        assert_eq!(ids, [NumberOrText::Number(407184121), NumberOrText::from("79609879898")]);
        assert_eq!(serde_json::to_string(&ids).unwrap(), r#"[407184121,"79609879898"]"#);
    }

    #[test]
    fn the_string_null_is_none() {
        let t: NullableText = serde_json::from_str("\"NULL\"").unwrap();
        assert_eq!(t.0, None);
        let t: NullableText = serde_json::from_str("\"admin\"").unwrap();
        assert_eq!(t.as_deref(), Some("admin"));
    }
}
