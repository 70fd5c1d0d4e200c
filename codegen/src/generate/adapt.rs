//! Fit the engine's types to what users of a first-class SDK expect:
//!
//! - every string enum has an `Unknown` variant, so a value the vendor adds
//!   later decodes instead of failing the whole response;
//! - `oneOf` enums name their variants after the member schemas, not
//!   `Variant0`;
//! - a struct every field of which can be empty has a `Default`.
//!
//! The operation layer is ours (`emit::operations`): nothing here touches
//! it.

use proc_macro2::TokenStream;
use quote::quote;

use syn::visit_mut::VisitMut;

use syn::{ImplItem, Item, Type};

/// What the spec asks of this pass beyond what every spec gets.
#[derive(Debug, Default)]
pub struct Plan {
    /// For each `oneOf` enum, the names of its variants in order.
    pub variant_names: Vec<(String, Vec<String>)>,
}

/// Rewrite the engine's `types` module. Fails only if the engine's output
/// does not have the shape this pass was written against (an engine
/// upgrade).
pub fn adapt(engine: TokenStream, plan: &Plan) -> Result<syn::File, String> {
    let mut file: syn::File = syn::parse2(engine).map_err(|e| format!("engine output does not parse: {e}"))?;
    // A walk over every node costs a few percent of the whole generation,
    // so each fix visits only where the engine puts what it fixes.
    let renames = variant_type_renames(&file, plan);
    if !renames.is_empty() {
        VariantTypes { renames: &renames }.visit_file_mut(&mut file);
    }
    for item in &mut file.items {
        let Item::Mod(m) = item else { continue };
        if m.ident != "types" {
            continue;
        }
        let Some((_, items)) = &mut m.content else { continue };
        for (name, variants) in &plan.variant_names {
            name_variants(items, name, variants);
        }
        let open: Vec<syn::Ident> = items.iter_mut().filter_map(open_enum).collect();
        // A type the engine gives a `Default` of its own (a field
        // default) keeps that one.
        let has_default: std::collections::HashSet<String> = items
            .iter()
            .filter_map(|item| match item {
                Item::Impl(imp) if imp.trait_.as_ref().is_some_and(|(t, _)| t.segments.last().is_some_and(|s| s.ident == "Default")) => {
                    Some(self_name(imp))
                }
                _ => None,
            })
            .collect();
        for item in items.iter_mut() {
            if !matches!(item, Item::Struct(st) if has_default.contains(&st.ident.to_string())) {
                derive_default(item);
            }
        }
        for item in items.iter_mut() {
            if let Item::Impl(imp) = item {
                display_unknown(imp, &open);
            }
        }
    }
    conversion_errors_are_the_vendors(&mut file);
    Ok(file)
}

/// A constrained value that does not convert (`"".parse::<Name>()`) fails
/// with the engine's `ConversionError`; `?` turns it into the module's
/// `Error`, as an invalid request that was never sent.
fn conversion_errors_are_the_vendors(file: &mut syn::File) {
    let has_error_module = file.items.iter().any(|item| match item {
        Item::Mod(m) if m.ident == "types" => m.content.as_ref().is_some_and(|(_, items)| {
            items.iter().any(|i| matches!(i, Item::Mod(e) if e.ident == "error"))
        }),
        _ => false,
    });
    if has_error_module {
        file.items.push(syn::parse_quote! {
            impl From<types::error::ConversionError> for Error {
                fn from(e: types::error::ConversionError) -> Self {
                    Error::InvalidRequest(format!("{e}; the request was not sent"))
                }
            }
        });
    }
}

/// Give a decodable enum of unit variants a catch-all. Returns its name.
fn open_enum(item: &mut Item) -> Option<syn::Ident> {
    let Item::Enum(e) = item else { return None };
    let decodable = e.attrs.iter().any(|a| a.path().is_ident("derive") && quote!(#a).to_string().contains("Deserialize"));
    let units = e.variants.iter().all(|v| matches!(v.fields, syn::Fields::Unit));
    let untagged = e.attrs.iter().any(|a| quote!(#a).to_string().contains("untagged"));
    if !decodable || !units || untagged || e.variants.iter().any(|v| v.ident == "Unknown") {
        return None;
    }
    e.variants.push(syn::parse_quote! {
        /// A value this version of the client does not know: the vendor
        /// added it after the spec was written. It cannot be sent back.
        #[serde(other, skip_serializing)]
        Unknown
    });
    Some(e.ident.clone())
}

/// The `Display` of an opened enum must cover `Unknown` too.
fn display_unknown(imp: &mut syn::ItemImpl, open: &[syn::Ident]) {
    let is_display = imp
        .trait_
        .as_ref()
        .is_some_and(|(path, _)| path.segments.last().is_some_and(|s| s.ident == "Display"));
    let Type::Path(self_ty) = &*imp.self_ty else { return };
    let Some(name) = self_ty.path.segments.last().map(|s| s.ident.clone()) else { return };
    if !is_display || !open.contains(&name) {
        return;
    }
    struct AddArm;
    impl VisitMut for AddArm {
        fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
            m.arms.push(syn::parse_quote!(Self::Unknown => f.write_str("(unknown)"),));
        }
    }
    for item in &mut imp.items {
        if let ImplItem::Fn(f) = item {
            AddArm.visit_block_mut(&mut f.block);
        }
    }
}

pub(super) fn self_name(imp: &syn::ItemImpl) -> String {
    match &*imp.self_ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        _ => String::new(),
    }
}

/// Rename the enum `name`'s `VariantN`s, there and in its impls.
fn name_variants(items: &mut [Item], name: &str, variants: &[String]) {
    struct Rename<'a>(&'a [String]);
    impl VisitMut for Rename<'_> {
        fn visit_ident_mut(&mut self, ident: &mut syn::Ident) {
            if let Some(n) = ident.to_string().strip_prefix("Variant").and_then(|n| n.parse::<usize>().ok()) {
                if let Some(new) = self.0.get(n) {
                    *ident = syn::Ident::new(new, ident.span());
                }
            }
        }
    }
    for item in items.iter_mut() {
        let ours = match item {
            Item::Enum(e) => e.ident == name,
            Item::Impl(imp) => self_name(imp) == name,
            _ => false,
        };
        if ours {
            Rename(variants).visit_item_mut(item);
        }
    }
}

/// Types named after a `oneOf` variant (`SendMessageVariant1Number`)
/// follow the variant's new name (`SendMessageToPhoneNumber`), wherever
/// they are named.
struct VariantTypes<'a> {
    /// (old, new) type names.
    renames: &'a [(String, String)],
}

impl VisitMut for VariantTypes<'_> {
    fn visit_ident_mut(&mut self, ident: &mut syn::Ident) {
        if let Some((_, new)) = self.renames.iter().find(|(old, _)| ident == old) {
            *ident = syn::Ident::new(new, ident.span());
        }
    }
}


/// Types named after a `oneOf` variant, with their new names: read from the
/// `types` module's item names, so the walk compares exact names only.
fn variant_type_renames(file: &syn::File, plan: &Plan) -> Vec<(String, String)> {
    if plan.variant_names.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for item in &file.items {
        let Item::Mod(m) = item else { continue };
        let Some((_, items)) = &m.content else { continue };
        if m.ident != "types" {
            continue;
        }
        for item in items {
            let name = match item {
                Item::Struct(s) => s.ident.to_string(),
                Item::Enum(e) => e.ident.to_string(),
                Item::Type(t) => t.ident.to_string(),
                _ => continue,
            };
            for (enum_name, variants) in &plan.variant_names {
                let Some(rest) = name.strip_prefix(enum_name.as_str()).and_then(|r| r.strip_prefix("Variant")) else { continue };
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                let tail = &rest[digits.len()..];
                if tail.is_empty() || !tail.starts_with(|c: char| c.is_ascii_uppercase()) {
                    continue;
                }
                if let Some(variant) = digits.parse::<usize>().ok().and_then(|n| variants.get(n)) {
                    out.push((name.clone(), format!("{enum_name}{variant}{tail}")));
                }
            }
        }
    }
    out
}

/// The engine derives no `Default` for a struct with a flattened map of
/// extra fields, though every field can be empty; such structs get one.
fn derive_default(item: &mut Item) {
    let Item::Struct(st) = item else { return };
    let syn::Fields::Named(fields) = &st.fields else { return };
    let emptiable = |ty: &Type| match ty {
        Type::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| ["Option", "Vec", "Map", "BTreeMap", "HashMap"].contains(&s.ident.to_string().as_str())),
        _ => false,
    };
    if fields.named.is_empty() || !fields.named.iter().all(|f| emptiable(&f.ty)) {
        return;
    }
    for attr in &mut st.attrs {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let Ok(mut derives) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        if derives.iter().any(|d| d.segments.last().is_some_and(|s| s.ident == "Default")) {
            return;
        }
        derives.push(syn::parse_quote!(Default));
        *attr = syn::parse_quote!(#[derive(#derives)]);
        return;
    }
}
