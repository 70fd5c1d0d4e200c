//! Adapt the engine's output to what users of a first-class SDK expect:
//!
//! - every builder's `send` returns the vendor's single `Error` type. The
//!   engine's `send` stays, renamed `send_unmapped` and private; the new
//!   `send` runs it inside `crate::runtime::finish`, which maps the outcome.
//! - every string enum has an `Unknown` variant, so a value the vendor adds
//!   later decodes instead of failing the whole response.

use proc_macro2::TokenStream;
use quote::quote;
use syn::visit_mut::VisitMut;
use syn::{GenericArgument, ImplItem, Item, PathArguments, ReturnType, Type, UseTree};

/// Rewrite the engine's tokens. Fails only if the engine's output does not
/// have the shape this pass was written against (an engine upgrade).
pub fn adapt(engine: TokenStream) -> Result<TokenStream, String> {
    let mut file: syn::File = syn::parse2(engine).map_err(|e| format!("engine output does not parse: {e}"))?;
    for item in &mut file.items {
        match item {
            // `pub use progenitor_client::{.., Error, ..}`: the module's
            // `Error` is ours.
            Item::Use(u) => drop_error_import(&mut u.tree),
            Item::Mod(m) if m.ident == "types" => {
                let Some((_, items)) = &mut m.content else { continue };
                let open: Vec<syn::Ident> = items.iter_mut().filter_map(open_enum).collect();
                for item in items.iter_mut() {
                    if let Item::Impl(imp) = item {
                        display_unknown(imp, &open);
                    }
                }
            }
            Item::Mod(m) if m.ident == "builder" => {
                let Some((_, items)) = &mut m.content else { continue };
                for item in items.iter_mut() {
                    match item {
                        Item::Use(u) => drop_error_import(&mut u.tree),
                        Item::Impl(imp) => wrap_send(imp)?,
                        _ => {}
                    }
                }
                items.insert(0, syn::parse_quote!(use progenitor_client::Error;));
            }
            _ => {}
        }
    }
    Ok(quote!(#file))
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

fn drop_error_import(tree: &mut UseTree) {
    struct Dropper;
    impl VisitMut for Dropper {
        fn visit_use_group_mut(&mut self, group: &mut syn::UseGroup) {
            let kept: Vec<UseTree> = group
                .items
                .iter()
                .filter(|t| !matches!(t, UseTree::Name(n) if n.ident == "Error"))
                .cloned()
                .collect();
            group.items = kept.into_iter().collect();
            syn::visit_mut::visit_use_group_mut(self, group);
        }
    }
    Dropper.visit_use_tree_mut(tree);
}

fn wrap_send(imp: &mut syn::ItemImpl) -> Result<(), String> {
    let Some(position) = imp
        .items
        .iter()
        .position(|i| matches!(i, ImplItem::Fn(f) if f.sig.ident == "send"))
    else {
        return Ok(());
    };
    let ImplItem::Fn(engine_send) = &mut imp.items[position] else {
        unreachable!()
    };
    let success = success_type(&engine_send.sig.output)
        .ok_or_else(|| "a builder's `send` does not return `Result<ResponseValue<T>, Error<E>>`".to_string())?;
    let docs: Vec<syn::Attribute> = engine_send
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .cloned()
        .collect();
    engine_send.sig.ident = syn::Ident::new("send_unmapped", engine_send.sig.ident.span());
    engine_send.vis = syn::Visibility::Inherited;
    engine_send.attrs.retain(|a| !a.path().is_ident("doc"));
    let send: ImplItem = syn::parse_quote! {
        #(#docs)*
        pub async fn send(self) -> Result<ResponseValue<#success>, super::Error> {
            crate::runtime::finish(self.send_unmapped()).await
        }
    };
    imp.items.insert(position, send);
    Ok(())
}

/// `T` of `Result<ResponseValue<T>, Error<E>>`.
fn success_type(output: &ReturnType) -> Option<Type> {
    let ReturnType::Type(_, ty) = output else { return None };
    let response_value = first_generic(ty, "Result")?;
    first_generic(&response_value, "ResponseValue")
}

fn first_generic(ty: &Type, name: &str) -> Option<Type> {
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
