//! Fit the engine's types to what users of a first-class SDK expect:
//!
//! - every string enum has an `Unknown` variant, so a value the vendor adds
//!   later decodes instead of failing the whole response;
//! - `oneOf` enums name their variants after the member schemas, not
//!   `Variant0`;
//! - a struct every field of which can be empty has a `Default`;
//! - the body builders' optional setters take the value itself.
//!
//! The operation layer is ours (`emit::operations`): nothing here touches
//! it.

use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashMap;

use syn::visit_mut::VisitMut;

use syn::{GenericArgument, ImplItem, Item, PathArguments, Type};

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
        OptionalExtra.visit_item_mod_mut(m);
        let Some((_, items)) = &mut m.content else { continue };
        let field_docs = field_docs(items);
        for item in items.iter_mut() {
            if let Item::Mod(b) = item {
                if b.ident == "builder" {
                    optional_setters_take_the_value(b);
                    document_body_setters(b, &field_docs);
                }
            }
        }
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

/// A body builder's setter of an optional field takes the value itself
/// (`.title("x")`), not an `Option` (`.title(Some("x".to_string()))`): a
/// field left unset is absent.
fn optional_setters_take_the_value(builders: &mut syn::ItemMod) {
    let Some((_, items)) = &mut builders.content else { return };
    let required = required_fields(items);
    for item in items.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        let ty = self_name(imp);
        for item in &mut imp.items {
            let ImplItem::Fn(f) = item else { continue };
            // A required field that is `Option` is nullable: `None` is a
            // value to send, so its setter keeps taking the `Option`.
            let keep_option = required.get(&ty).is_some_and(|fields| fields.iter().any(|name| f.sig.ident == name));
            let Some(where_clause) = &mut f.sig.generics.where_clause else { continue };
            let mut optional = false;
            for predicate in where_clause.predicates.iter_mut() {
                let syn::WherePredicate::Type(p) = predicate else { continue };
                for bound in p.bounds.iter_mut() {
                    let syn::TypeParamBound::Trait(t) = bound else { continue };
                    let Some(last) = t.path.segments.last_mut() else { continue };
                    if last.ident != "TryInto" {
                        continue;
                    }
                    let PathArguments::AngleBracketed(args) = &mut last.arguments else { continue };
                    if let Some(GenericArgument::Type(target)) = args.args.first_mut() {
                        if let Some(inner) = first_generic(target, "Option").filter(|_| !keep_option) {
                            *target = inner;
                            optional = true;
                        }
                    }
                }
            }
            if list_setter_takes_items(f, optional) || !optional {
                continue;
            }
            // `self.x = value.try_into().map_err(..)` → `.try_into().map(Some).map_err(..)`.
            struct WrapSome;
            impl VisitMut for WrapSome {
                fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
                    if call.method == "map_err" && matches!(&*call.receiver, syn::Expr::MethodCall(inner) if inner.method == "try_into") {
                        let receiver = &call.receiver;
                        call.receiver = Box::new(syn::parse_quote!(#receiver.map(Some)));
                        return;
                    }
                    syn::visit_mut::visit_expr_method_call_mut(self, call);
                }
            }
            WrapSome.visit_block_mut(&mut f.block);
        }
    }
}

/// Whether a builder starts a field as `Err(..)`: nothing set it yet, and
/// nothing may be sent until something does.
pub(super) fn starts_unset(init: &syn::Expr) -> bool {
    matches!(init, syn::Expr::Call(call) if matches!(&*call.func, syn::Expr::Path(p) if p.path.is_ident("Err")))
}

/// Body builder → the fields its `Default` leaves unset (required ones),
/// in the struct's order.
pub(super) fn required_fields(items: &[Item]) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for item in items {
        let Item::Impl(imp) = item else { continue };
        let is_default = imp.trait_.as_ref().is_some_and(|(path, _)| path.segments.last().is_some_and(|s| s.ident == "Default"));
        if !is_default {
            continue;
        }
        let Some(ImplItem::Fn(default)) = imp.items.first() else { continue };
        let Some(syn::Stmt::Expr(syn::Expr::Struct(init), _)) = default.block.stmts.last() else { continue };
        for field in &init.fields {
            if let (true, syn::Member::Named(name)) = (starts_unset(&field.expr), &field.member) {
                out.entry(self_name(imp)).or_default().push(name.to_string());
            }
        }
    }
    out
}

/// (type, field) → the field's doc attributes, from the `types` structs.
fn field_docs(items: &[Item]) -> HashMap<(String, String), Vec<syn::Attribute>> {
    let mut out = HashMap::new();
    for item in items {
        let Item::Struct(s) = item else { continue };
        for field in &s.fields {
            let Some(name) = &field.ident else { continue };
            let docs: Vec<syn::Attribute> = field.attrs.iter().filter(|a| a.path().is_ident("doc")).cloned().collect();
            if !docs.is_empty() {
                out.insert((s.ident.to_string(), name.to_string()), docs);
            }
        }
    }
    out
}

/// A body builder's setter says what its field is, as the field does.
fn document_body_setters(builders: &mut syn::ItemMod, docs: &HashMap<(String, String), Vec<syn::Attribute>>) {
    let Some((_, items)) = &mut builders.content else { return };
    for item in items.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let ty = self_name(imp);
        for item in &mut imp.items {
            let ImplItem::Fn(f) = item else { continue };
            if f.attrs.iter().any(|a| a.path().is_ident("doc")) {
                continue;
            }
            if let Some(field_docs) = docs.get(&(ty.clone(), f.sig.ident.to_string())) {
                f.attrs.splice(0..0, field_docs.iter().cloned());
            }
        }
    }
}

/// A setter of a list field (`T: TryInto<Vec<X>>`) takes any list of what
/// converts into `X`: `vec!["VIP"]` for strings, and builders of `X` with no
/// `try_from` of each. Returns whether `setter` was such a setter (and is
/// rewritten whole; `optional` wraps the list in `Some`).
fn list_setter_takes_items(setter: &mut syn::ImplItemFn, optional: bool) -> bool {
    let target = setter.sig.generics.where_clause.as_ref().and_then(|w| {
        w.predicates.iter().find_map(|p| {
            let syn::WherePredicate::Type(p) = p else { return None };
            p.bounds.iter().find_map(|b| match b {
                syn::TypeParamBound::Trait(t) if t.path.segments.last().is_some_and(|s| s.ident == "TryInto") => {
                    match &t.path.segments.last()?.arguments {
                        PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
                            GenericArgument::Type(t) => Some(t.clone()),
                            _ => None,
                        }),
                        _ => None,
                    }
                }
                _ => None,
            })
        })
    });
    let Some(item) = target.as_ref().and_then(|t| first_generic(t, "Vec")) else { return false };
    // The field the engine assigns: `self.<field> = ..`.
    let field = setter.block.stmts.iter().find_map(|stmt| match stmt {
        syn::Stmt::Expr(syn::Expr::Assign(a), _) => match &*a.left {
            syn::Expr::Field(f) => Some(f.member.clone()),
            _ => None,
        },
        _ => None,
    });
    let Some(field) = field else { return false };
    let name = setter.sig.ident.to_string();
    let message = format!("error converting supplied value for {}: {{}}", name.trim_start_matches("r#"));
    let wrap = optional.then(|| quote!(.map(Some)));
    setter.sig.generics.where_clause = Some(syn::parse_quote! {
        where
            T: ::std::iter::IntoIterator,
            T::Item: ::std::convert::TryInto<#item>,
            <T::Item as ::std::convert::TryInto<#item>>::Error: ::std::fmt::Display
    });
    setter.block = syn::parse_quote!({
        self.#field = value
            .into_iter()
            .map(|v| v.try_into().map_err(|e| e.to_string()))
            .collect::<::std::result::Result<::std::vec::Vec<#item>, ::std::string::String>>()
            #wrap
            .map_err(|e| format!(#message, e));
        self
    });
    true
}

/// A body built with its builder fails to convert (`Type::try_from(builder)`)
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

/// The engine's struct builders (in `types`) make a flattened map of extra
/// fields mandatory (`Err("no value supplied for extra")`); extra fields
/// are optional, so they start empty.
struct OptionalExtra;

impl VisitMut for OptionalExtra {
    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        let is_extra = matches!(&field.member, syn::Member::Named(name) if name == "extra");
        if is_extra && quote!(#field).to_string().contains("no value supplied for extra") {
            field.expr = syn::parse_quote!(Ok(Default::default()));
        }
        syn::visit_mut::visit_field_value_mut(self, field);
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

/// `T` of a type `Name<T, ..>`.
pub(super) fn first_generic(ty: &Type, name: &str) -> Option<Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    args.args.iter().find_map(|a| match a {
        GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    })
}
