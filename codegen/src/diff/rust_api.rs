//! What a spec change does to the generated Rust API, read from the
//! generated code itself: both versions are generated and their public
//! items compared with syn.

use std::collections::BTreeMap;

use quote::ToTokens;
use serde::Serialize;
use syn::{ImplItem, Item, Visibility};

/// One public item and its signature.
pub type Surface = BTreeMap<String, String>;

/// How one public item changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ItemChange {
    Removed { item: String, was: String },
    Added { item: String, now: String },
    Changed { item: String, was: String, now: String },
}

impl ItemChange {
    pub fn item(&self) -> &str {
        match self {
            ItemChange::Removed { item, .. } | ItemChange::Added { item, .. } | ItemChange::Changed { item, .. } => item,
        }
    }

    /// Whether code that compiled against the old API may not compile now.
    /// Removing or changing an item breaks; so does adding a public field to
    /// a struct (struct literals must name every field) or a variant to an
    /// enum (exhaustive matches), which the generated types have.
    pub fn breaking(&self) -> bool {
        match self {
            ItemChange::Removed { .. } | ItemChange::Changed { .. } => true,
            ItemChange::Added { item, now } => now.starts_with("field:") || now.starts_with("variant") && !item.ends_with("::Unknown"),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            ItemChange::Removed { item, was } => format!("`{item}` removed ({was})"),
            ItemChange::Added { item, now } if self.breaking() => {
                format!("`{item}` added ({now}); breaks struct literals or exhaustive matches")
            }
            ItemChange::Added { item, now } => format!("`{item}` added ({now})"),
            ItemChange::Changed { item, was, now } => format!("`{item}` changed from `{was}` to `{now}`"),
        }
    }
}

/// The public items of a generated module's source.
#[cfg(test)]
fn surface(source: &str) -> Result<Surface, String> {
    let file = syn::parse_file(source).map_err(|e| format!("the generated code does not parse: {e}"))?;
    Ok(surface_of(&file))
}

/// The public items of a generated module.
pub fn surface_of(file: &syn::File) -> Surface {
    let mut out = Surface::new();
    items(&file.items, "", &mut out);
    out
}

fn public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// A type as rustfmt would write it.
fn tokens<T: ToTokens>(t: &T) -> String {
    let ts = t.to_token_stream();
    match syn::parse2::<syn::Type>(ts.clone()) {
        Ok(ty) => {
            let file: syn::File = syn::parse_quote!(type T = #ty;);
            one_line(&prettyplease::unparse(&file)).trim_start_matches("type T = ").trim_end_matches(';').to_string()
        }
        Err(_) => one_line(&ts.to_string()),
    }
}

/// On one line, as a reader writes it: `Option<String>`, not
/// `::std::option::Option<::std::string::String>`, and no line-break commas.
fn one_line(text: &str) -> String {
    let mut out = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (from, to) in [("( ", "("), ("< ", "<"), (", >", ">"), (" >", ">"), (", )", ")"), (",)", ")")] {
        out = out.replace(from, to);
    }
    let out = out.trim_end_matches(',').to_string();
    without_std_paths(&out)
}

/// `::std::fmt::Display` → `Display`, `std::convert::TryInto` → `TryInto`:
/// the standard library's paths say nothing a reader needs.
fn without_std_paths(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("std::") {
        let start = if rest[..at].ends_with("::") { at - 2 } else { at };
        // Only a path that starts here: not `my_std::` or `x::std::`.
        let before = rest[..start].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            out.push_str(&rest[..at + 5]);
            rest = &rest[at + 5..];
            continue;
        }
        out.push_str(&rest[..start]);
        // Skip `std::module::` segments up to the item's own name.
        let mut path = &rest[at + 5..];
        while let Some(end) = path.find("::") {
            let segment = &path[..end];
            if segment.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') && !segment.is_empty() {
                path = &path[end + 2..];
            } else {
                break;
            }
        }
        rest = path;
    }
    out.push_str(rest);
    out
}

fn items(list: &[Item], prefix: &str, out: &mut Surface) {
    let path = |name: &str| if prefix.is_empty() { name.to_string() } else { format!("{prefix}::{name}") };
    for item in list {
        match item {
            // The `mock` module mirrors the client one for one; listing it
            // would repeat every change.
            Item::Mod(m) if public(&m.vis) && m.ident != "mock" => {
                if let Some((_, inner)) = &m.content {
                    items(inner, &path(&m.ident.to_string()), out);
                }
            }
            Item::Struct(s) if public(&s.vis) => {
                let name = path(&s.ident.to_string());
                out.insert(name.clone(), format!("struct{}", tokens(&s.generics)));
                for (i, f) in s.fields.iter().enumerate() {
                    if public(&f.vis) {
                        let field = f.ident.as_ref().map(|i| i.to_string()).unwrap_or_else(|| i.to_string());
                        out.insert(format!("{name}.{field}"), format!("field: {}", tokens(&f.ty)));
                    }
                }
            }
            Item::Enum(e) if public(&e.vis) => enum_items(e, &path(&e.ident.to_string()), out),
            Item::Type(t) if public(&t.vis) => {
                out.insert(path(&t.ident.to_string()), format!("type = {}", tokens(&t.ty)));
            }
            Item::Const(c) if public(&c.vis) => {
                out.insert(path(&c.ident.to_string()), format!("const: {}", tokens(&c.ty)));
            }
            Item::Static(s) if public(&s.vis) => {
                out.insert(path(&s.ident.to_string()), format!("static: {}", tokens(&s.ty)));
            }
            Item::Fn(f) if public(&f.vis) => {
                out.insert(path(&f.sig.ident.to_string()), signature(&f.sig));
            }
            Item::Impl(imp) if imp.trait_.is_none() => {
                let Some(owner) = self_path(&imp.self_ty) else { continue };
                for it in &imp.items {
                    if let ImplItem::Fn(f) = it {
                        if public(&f.vis) {
                            out.insert(format!("{}::{}", path(&owner), f.sig.ident), signature(&f.sig));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// An enum and each of its variants: `variant`, `variant (String)`,
/// `variant { a: i64 }` or `variant = 3`.
fn enum_items(e: &syn::ItemEnum, name: &str, out: &mut Surface) {
    out.insert(name.to_string(), "enum".to_string());
    for v in &e.variants {
        let types = |fields: &syn::punctuated::Punctuated<syn::Field, syn::Token![,]>| {
            fields
                .iter()
                .map(|f| match &f.ident {
                    Some(field) => format!("{field}: {}", tokens(&f.ty)),
                    None => tokens(&f.ty),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut shown = match &v.fields {
            syn::Fields::Unit => "variant".to_string(),
            syn::Fields::Unnamed(f) => format!("variant ({})", types(&f.unnamed)),
            syn::Fields::Named(f) => format!("variant {{ {} }}", types(&f.named)),
        };
        if let Some((_, value)) = &v.discriminant {
            shown.push_str(&format!(" = {}", one_line(&value.to_token_stream().to_string())));
        }
        out.insert(format!("{name}::{}", v.ident), shown);
    }
}

/// `request::Op` for `impl request::Op<'a>`, without generic arguments.
fn self_path(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => Some(p.path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::")),
        _ => None,
    }
}

/// A signature as rustfmt would write it, on one line, without the name:
/// `fn(&self) -> u8`, `async fn<T>(&self, x: T)`.
fn signature(sig: &syn::Signature) -> String {
    let mut sig = sig.clone();
    sig.ident = syn::Ident::new("f", sig.ident.span());
    let file: syn::File = syn::parse_quote!(#sig {});
    let text = one_line(&prettyplease::unparse(&file));
    text.trim_end_matches("{}").trim().trim_end_matches(',').replacen("fn f", "fn", 1)
}

/// Every difference between two surfaces, in item order.
pub fn compare(old: &Surface, new: &Surface) -> Vec<ItemChange> {
    let mut out = Vec::new();
    for (item, was) in old {
        match new.get(item) {
            None => {
                // A removed struct or enum lists once, not with every field.
                let parent_gone = parent(item).is_some_and(|p| old.contains_key(p) && !new.contains_key(p));
                if !parent_gone {
                    out.push(ItemChange::Removed { item: item.clone(), was: was.clone() });
                }
            }
            Some(now) if now != was => out.push(ItemChange::Changed { item: item.clone(), was: was.clone(), now: now.clone() }),
            _ => {}
        }
    }
    for (item, now) in new {
        if !old.contains_key(item) {
            let parent_new = parent(item).is_some_and(|p| new.contains_key(p) && !old.contains_key(p));
            if !parent_new {
                out.push(ItemChange::Added { item: item.clone(), now: now.clone() });
            }
        }
    }
    out.sort_by(|a, b| a.item().cmp(b.item()));
    out
}

/// `types::A.field` → `types::A`; `types::E::V` → `types::E`.
fn parent(item: &str) -> Option<&str> {
    if let Some((p, _)) = item.rsplit_once('.') {
        return Some(p);
    }
    item.rsplit_once("::").map(|(p, _)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_paths_are_left_out() {
        assert_eq!(
            without_std_paths(
                "fn<T>(value: T) where T: ::std::convert::TryInto<::std::option::Option<::std::string::String>>, T::Error: std::fmt::Display"
            ),
            "fn<T>(value: T) where T: TryInto<Option<String>>, T::Error: Display"
        );
        assert_eq!(without_std_paths("my_std::x, a::std::b"), "my_std::x, a::std::b");
        assert_eq!(one_line("Pin<\n    Box<dyn Stream + 'a>,\n>,"), "Pin<Box<dyn Stream + 'a>>");
    }

    #[test]
    fn async_methods_and_variants_read_as_written() {
        let old = surface(
            "pub struct C; impl C { pub async fn go(&self, x: u8) -> u8 { x } } \
             pub enum E { #[serde(rename = \"t\")] T(#[doc = \"x\"] String), N { a: i64 } } \
             pub enum K { #[doc = \"a\"] A, B, Unknown(i64) }",
        )
        .unwrap();
        assert_eq!(old["C::go"], "async fn(&self, x: u8) -> u8");
        assert_eq!(old["E::T"], "variant (String)");
        assert_eq!(old["E::N"], "variant { a: i64 }");
        assert_eq!(old["K::A"], "variant");
        let new = surface("pub enum K { Renamed, B, Unknown(i64) }").unwrap();
        let shown: Vec<String> = compare(&old, &new).iter().filter(|c| c.item().starts_with('K')).map(ItemChange::describe).collect();
        assert_eq!(shown, ["`K::A` removed (variant)", "`K::Renamed` added (variant); breaks struct literals or exhaustive matches"]);
    }

    #[test]
    fn fields_variants_and_methods_are_items() {
        let old = surface("pub mod types { pub struct A { pub x: i64, y: u8 } pub enum E { One } } pub struct Client; impl Client { pub fn go(&self) -> u8 { 0 } fn hidden(&self) {} }").unwrap();
        let new =
            surface("pub mod types { pub struct A { pub x: String, pub z: bool } pub enum E { One, Two } } pub struct Client;").unwrap();
        let changes = compare(&old, &new);
        let shown: Vec<String> = changes.iter().map(ItemChange::describe).collect();
        assert_eq!(
            shown,
            [
                "`Client::go` removed (fn(&self) -> u8)",
                "`types::A.x` changed from `field: i64` to `field: String`",
                "`types::A.z` added (field: bool); breaks struct literals or exhaustive matches",
                "`types::E::Two` added (variant); breaks struct literals or exhaustive matches",
            ]
        );
        assert!(changes.iter().all(ItemChange::breaking));
    }
}
