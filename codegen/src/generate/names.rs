//! Rust names for the spec's names, made by the engine's rules (typify's
//! `sanitize`), and never a panic: `quote` refuses an empty identifier or
//! one that starts with a digit, and a spec's names can be anything.

use heck::{ToSnakeCase, ToUpperCamelCase};
use quote::format_ident;

/// A property, parameter or method name: `snake_case`, as the engine
/// names fields and setters (`type_`, `plus1`, `x1st`).
pub fn field_ident(name: &str) -> syn::Ident {
    format_ident!("{}", sanitize(name, Case::Snake))
}

/// A type or builder name: `UpperCamelCase`.
pub fn type_ident(name: &str) -> syn::Ident {
    format_ident!("{}", sanitize(name, Case::Pascal))
}

/// A name already in its case (a constant, a variant), made valid.
pub fn verbatim_ident(name: &str) -> syn::Ident {
    let mut out: String = name.chars().filter(|c| c.is_alphanumeric() || *c == '_').collect();
    if !out.starts_with(|c: char| c.is_alphabetic() || c == '_') || out == "_" {
        out.insert(0, 'X');
    }
    as_ident(out)
}

/// The property of `properties` whose field `name` would be named like,
/// when `name` is none of them (`api-key` beside `api_key`): the engine
/// would make two fields of one name.
pub fn property_named_like<'a>(properties: &'a serde_json::Map<String, serde_json::Value>, name: &str) -> Option<&'a String> {
    if properties.contains_key(name) {
        return None;
    }
    let field = sanitize(name, Case::Snake);
    properties.keys().find(|p| sanitize(p, Case::Snake) == field)
}

#[derive(Clone, Copy)]
pub enum Case {
    Snake,
    Pascal,
}

/// The engine's rule: `+1`/`-1` are `plus1`/`minus1`; anything that cannot
/// continue an identifier separates words; the result is cased, prefixed
/// with `x` if it cannot start an identifier, and suffixed with `_` if it
/// is a keyword.
pub fn sanitize(name: &str, case: Case) -> String {
    let to_case = |s: &str| match case {
        Case::Snake => s.to_snake_case(),
        Case::Pascal => s.to_upper_camel_case(),
    };
    let cased = match name {
        "+1" => "plus1".to_string(),
        "-1" => "minus1".to_string(),
        _ => to_case(&name.replace('\'', "").replace(|c: char| !(c.is_alphanumeric() || c == '_'), "-")),
    };
    let cased = match cased.chars().next() {
        None => to_case("x"),
        Some(c) if c.is_alphabetic() => cased,
        Some(_) => format!("{}{cased}", to_case("x")),
    };
    as_ident(cased).to_string()
}

fn as_ident(name: String) -> syn::Ident {
    match syn::parse_str::<syn::Ident>(&name) {
        Ok(ident) => ident,
        Err(_) => format_ident!("{}_", name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_becomes_an_identifier_as_the_engine_names_it() {
        for (name, field, ty) in [
            ("chat_id", "chat_id", "ChatId"),
            ("type", "type_", "Type"),
            ("_", "x", "X"),
            ("__", "x", "X"),
            ("-", "x", "X"),
            ("", "x", "X"),
            ("1st", "x1st", "X1st"),
            ("+1", "plus1", "plus1"),
            ("-1", "minus1", "minus1"),
            ("self", "self_", "Self_"),
        ] {
            assert_eq!(field_ident(name).to_string(), field, "{name:?}");
            assert_eq!(type_ident(name).to_string(), ty, "{name:?}");
        }
        assert_eq!(verbatim_ident("1").to_string(), "X1");
        assert_eq!(verbatim_ident("OK").to_string(), "OK");
    }
}

/// The name of the constructor a client with these credential slots gets:
/// `with_token` for one, `with_credentials` for several, `anonymous` for none.
pub fn constructor_name(slots: &[String]) -> String {
    match slots {
        [] => "anonymous".to_string(),
        [one] => sanitize(&format!("with_{one}"), Case::Snake),
        _ => "with_credentials".to_string(),
    }
}
