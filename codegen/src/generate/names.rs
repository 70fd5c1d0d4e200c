//! Rust names for the spec's names, as the engine makes them, and never a
//! panic: `quote` refuses an empty identifier or one that starts with a
//! digit, and a spec's names can be anything.

use heck::{ToSnakeCase, ToUpperCamelCase};
use quote::format_ident;

/// A property, parameter or method name: `snake_case`, with `_` after a
/// keyword (`type_`) as the engine writes it.
pub fn field_ident(name: &str) -> syn::Ident {
    ident(&name.to_snake_case(), "value")
}

/// A type or builder name: `UpperCamelCase`.
pub fn type_ident(name: &str) -> syn::Ident {
    ident(&name.to_upper_camel_case(), "Unnamed")
}

/// A name already in its case (a constant, a variant), made valid.
pub fn verbatim_ident(name: &str) -> syn::Ident {
    ident(name, "UNNAMED")
}

fn ident(cased: &str, if_empty: &str) -> syn::Ident {
    let mut name: String = cased.chars().filter(|c| c.is_alphanumeric() || *c == '_').collect();
    if name.is_empty() || name == "_" {
        name = if_empty.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    match syn::parse_str::<syn::Ident>(&name) {
        Ok(ident) => ident,
        Err(_) => format_ident!("{}_", name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_becomes_an_identifier() {
        for (name, field, ty) in [
            ("chat_id", "chat_id", "ChatId"),
            ("type", "type_", "Type"),
            ("_", "value", "Unnamed"),
            ("__", "value", "Unnamed"),
            ("-", "value", "Unnamed"),
            ("", "value", "Unnamed"),
            ("1st", "_1st", "_1st"),
            ("self", "self_", "Self_"),
        ] {
            assert_eq!(field_ident(name).to_string(), field, "{name:?}");
            assert_eq!(type_ident(name).to_string(), ty, "{name:?}");
        }
    }
}
