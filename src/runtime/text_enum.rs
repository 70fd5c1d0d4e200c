//! What the enums generated from a spec's string `enum` share: each has an
//! `Unknown` that a value the vendor adds later decodes as, and parses
//! from text with this error.

use std::fmt;

/// A string that names no value of a text enum: what its `FromStr` fails
/// with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// The enum's name.
    pub type_name: &'static str,
    /// The string given.
    pub value: String,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a value of `{}`", self.value, self.type_name)
    }
}

impl std::error::Error for UnknownValue {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_names_the_value_and_the_type() {
        let e = UnknownValue { type_name: "Role", value: "owner".into() };
        assert_eq!(e.to_string(), "`owner` is not a value of `Role`");
    }
}
