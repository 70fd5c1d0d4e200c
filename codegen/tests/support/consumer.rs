//! A consumer of a generated client that uses every public item the way a
//! user's code can: it builds every struct with all its fields, reads each
//! field as its type, matches every enum exhaustively, and calls every
//! method with arguments of the types it takes, reading what it returns as
//! its type. Compiled against another version of the client, it fails
//! exactly where that version breaks a user.
//!
//! Each module's consumer is a child module `__consumer` of the module it
//! uses, so the types of its signatures (`super::Client`, `types::X`) mean
//! there what they mean in the module: they are written with one more
//! `super`, and the module's own items and imports come in through
//! `use super::*`. The code is never run.

use std::fmt::Write as _;

use quote::ToTokens;
use syn::visit_mut::VisitMut;
use syn::{FnArg, GenericArgument, ImplItem, Item, PathArguments, ReturnType, Type, TypeParamBound, Visibility, WherePredicate};

/// What a consumer of one module uses.
pub struct Uses {
    /// `(module path, the consumer's code)`, one per module with public items.
    pub modules: Vec<(Vec<String>, String)>,
    /// How many public items (types, fields, variants, methods, constants) it uses.
    pub used: usize,
    /// Public items it could not use, each with why.
    pub skipped: Vec<String>,
}

/// The consumer of the generated module `file`.
pub fn uses(file: &syn::File) -> Uses {
    let mut out = Uses { modules: Vec::new(), used: 0, skipped: Vec::new() };
    module(&file.items, &mut Vec::new(), &mut out);
    out
}

/// Put each consumer into `file` (another version of the module) as the
/// child `__consumer` of the module it uses. Returns the modules `file`
/// lacks.
pub fn inject(file: &mut syn::File, uses: &Uses) -> Vec<String> {
    let mut missing = Vec::new();
    for (path, code) in &uses.modules {
        let item: syn::Item = syn::parse_str(code).unwrap_or_else(|e| panic!("consumer of {path:?} does not parse: {e}\n{code}"));
        match module_items(&mut file.items, path) {
            Some(items) => items.push(item),
            None => missing.push(path.join("::")),
        }
    }
    missing
}

fn module_items<'a>(items: &'a mut Vec<Item>, path: &[String]) -> Option<&'a mut Vec<Item>> {
    let Some((first, rest)) = path.split_first() else { return Some(items) };
    let m = items.iter_mut().find_map(|i| match i {
        Item::Mod(m) if m.ident == first => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })?;
    module_items(m, rest)
}

/// `#[doc(hidden)]`: not part of the API users see.
fn hidden(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| matches!(&a.meta, syn::Meta::List(l) if l.path.is_ident("doc") && l.tokens.to_string() == "hidden"))
}

/// Behind a `#[cfg(..)]` (a Cargo feature the scratch crate does not turn
/// on): recorded as skipped, with its name.
fn gated(attrs: &[syn::Attribute], name: &dyn std::fmt::Display, out: &mut Uses) -> bool {
    let cfg = attrs.iter().any(|a| a.path().is_ident("cfg"));
    if cfg {
        out.skipped.push(format!("{name}: behind a cfg"));
    }
    cfg
}

fn public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// A type as written in the module, as the consumer (one module deeper)
/// writes it: `super::X` → `super::super::X`, `self::X` → `super::X`, and
/// lifetimes `'static` (a value that lives forever can be any of them).
fn from_child(ty: &Type) -> Type {
    struct Deeper;
    impl VisitMut for Deeper {
        fn visit_path_mut(&mut self, path: &mut syn::Path) {
            if path.leading_colon.is_none() {
                if let Some(first) = path.segments.first_mut() {
                    if first.ident == "super" {
                        path.segments.insert(0, syn::parse_quote!(super));
                    } else if first.ident == "self" {
                        first.ident = syn::Ident::new("super", first.ident.span());
                    }
                }
            }
            syn::visit_mut::visit_path_mut(self, path);
        }
        fn visit_lifetime_mut(&mut self, lifetime: &mut syn::Lifetime) {
            *lifetime = syn::parse_quote!('static);
        }
        fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
            r.lifetime = Some(syn::parse_quote!('static));
            syn::visit_mut::visit_type_reference_mut(self, r);
        }
    }
    let mut ty = ty.clone();
    Deeper.visit_type_mut(&mut ty);
    ty
}

fn show(ty: &Type) -> String {
    ty.to_token_stream().to_string()
}

fn module(items: &[Item], path: &mut Vec<String>, out: &mut Uses) {
    let mut code = String::new();
    for item in items {
        match item {
            Item::Mod(m) if public(&m.vis) && !hidden(&m.attrs) && m.ident != "mock" && !gated(&m.attrs, &m.ident, out) => {
                if let Some((_, inner)) = &m.content {
                    path.push(m.ident.to_string());
                    module(inner, path, out);
                    path.pop();
                }
            }
            Item::Struct(s) if public(&s.vis) && !hidden(&s.attrs) && !gated(&s.attrs, &s.ident, out) => {
                out.used += 1;
                structure(s, &mut code, out);
            }
            Item::Enum(e) if public(&e.vis) && !hidden(&e.attrs) && !gated(&e.attrs, &e.ident, out) => {
                out.used += 1;
                enumeration(e, &mut code, out);
            }
            Item::Type(t) if public(&t.vis) && !hidden(&t.attrs) && t.generics.params.is_empty() => {
                out.used += 1;
                let _ = writeln!(code, "{{ let _: {} = any::<{}>(); }}", t.ident, show(&from_child(&t.ty)));
            }
            Item::Const(c) if public(&c.vis) && !hidden(&c.attrs) => {
                out.used += 1;
                let _ = writeln!(code, "{{ let _: {} = {}; }}", show(&from_child(&c.ty)), c.ident);
            }
            Item::Static(s) if public(&s.vis) && !hidden(&s.attrs) => {
                out.used += 1;
                let _ = writeln!(code, "{{ let _: &{} = &{}; }}", show(&from_child(&s.ty)), s.ident);
            }
            Item::Fn(f) if public(&f.vis) && !hidden(&f.attrs) && !gated(&f.attrs, &f.sig.ident, out) => {
                method(None, &f.sig, &mut code, out);
            }
            Item::Impl(imp) if imp.trait_.is_none() && !hidden(&imp.attrs) && !gated(&imp.attrs, &"an impl", out) => {
                let owner = from_child(&imp.self_ty);
                for it in &imp.items {
                    if let ImplItem::Fn(f) = it {
                        if public(&f.vis) && !hidden(&f.attrs) && !gated(&f.attrs, &f.sig.ident, out) {
                            method(Some(&owner), &f.sig, &mut code, out);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if !code.is_empty() {
        // One function a use: an error in one body hides nothing in another
        // (a match is checked for exhaustiveness only in a body that types).
        let uses: String = code.lines().enumerate().map(|(i, line)| format!("pub async fn use_{i}() {line}\n")).collect();
        let module =
            format!("#[allow(warnings, clippy::all)] mod __consumer {{ use super::*; fn any<T>() -> T {{ unimplemented!() }} {uses} }}");
        out.modules.push((path.clone(), module));
    }
}

/// Builds the struct with every field (where all are public) and reads
/// each field as its type.
fn structure(s: &syn::ItemStruct, code: &mut String, out: &mut Uses) {
    if s.generics.type_params().next().is_some() || s.generics.const_params().next().is_some() {
        out.skipped.push(format!("struct {}: generic", s.ident));
        return;
    }
    // Lifetimes are `'static`: a value that lives forever can be any of them.
    let lifetimes = s.generics.lifetimes().count();
    let name = if lifetimes == 0 { s.ident.to_string() } else { format!("{}<{}>", s.ident, vec!["'static"; lifetimes].join(", ")) };
    let all_public = s.fields.iter().all(|f| public(&f.vis));
    match &s.fields {
        syn::Fields::Named(fields) if all_public => {
            let init: Vec<String> = fields.named.iter().map(|f| format!("{}: any()", f.ident.as_ref().unwrap())).collect();
            let _ = write!(code, "{{ let v = {name} {{ {} }};", init.join(", "));
            for f in &fields.named {
                out.used += 1;
                let _ = write!(code, " let _: {} = v.{};", show(&from_child(&f.ty)), f.ident.as_ref().unwrap());
            }
            let _ = writeln!(code, " }}");
        }
        syn::Fields::Unnamed(fields) if all_public => {
            let init: Vec<&str> = fields.unnamed.iter().map(|_| "any()").collect();
            let _ = write!(code, "{{ let v = {name}({});", init.join(", "));
            for (i, f) in fields.unnamed.iter().enumerate() {
                out.used += 1;
                let _ = write!(code, " let _: {} = v.{i};", show(&from_child(&f.ty)));
            }
            let _ = writeln!(code, " }}");
        }
        syn::Fields::Unit => {
            let _ = writeln!(code, "{{ let _: {name} = {name}; }}");
        }
        // Some private fields: users cannot build it, but read its public ones.
        _ => {
            let _ = write!(code, "{{ let v = any::<{name}>();");
            for (i, f) in s.fields.iter().enumerate().filter(|(_, f)| public(&f.vis)) {
                out.used += 1;
                let field = f.ident.as_ref().map(ToString::to_string).unwrap_or_else(|| i.to_string());
                let _ = write!(code, " let _: {} = v.{field};", show(&from_child(&f.ty)));
            }
            let _ = writeln!(code, " }}");
        }
    }
}

/// An exhaustive match that reads each variant's fields as their types.
fn enumeration(e: &syn::ItemEnum, code: &mut String, out: &mut Uses) {
    if !e.generics.params.is_empty() {
        out.skipped.push(format!("enum {}: generic", e.ident));
        return;
    }
    let name = &e.ident;
    let mut arms = Vec::new();
    for v in &e.variants {
        out.used += 1;
        let variant = &v.ident;
        let arm = match &v.fields {
            syn::Fields::Unit => format!("{name}::{variant} => {{}}"),
            syn::Fields::Unnamed(fields) => {
                let binds: Vec<String> = (0..fields.unnamed.len()).map(|i| format!("x{i}")).collect();
                let reads: Vec<String> =
                    fields.unnamed.iter().enumerate().map(|(i, f)| format!("let _: {} = x{i};", show(&from_child(&f.ty)))).collect();
                format!("{name}::{variant}({}) => {{ {} }}", binds.join(", "), reads.join(" "))
            }
            syn::Fields::Named(fields) => {
                let binds: Vec<String> = fields.named.iter().map(|f| f.ident.as_ref().unwrap().to_string()).collect();
                let reads: Vec<String> =
                    fields.named.iter().map(|f| format!("let _: {} = {};", show(&from_child(&f.ty)), f.ident.as_ref().unwrap())).collect();
                format!("{name}::{variant} {{ {} }} => {{ {} }}", binds.join(", "), reads.join(" "))
            }
        };
        arms.push(arm);
    }
    if e.attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
        arms.push("_ => {}".to_string());
    }
    let _ = writeln!(code, "{{ match any::<{name}>() {{ {} }} }}", arms.join(", "));
}

/// What a value passed as `ty` is built from: the type itself, or what an
/// `impl TryInto<T>`, `impl rt::IntoChecked<T>`, `impl Into<T>` or a list of them converts from.
fn argument(ty: &Type, generics: &syn::Generics) -> Option<String> {
    match ty {
        Type::ImplTrait(t) => from_bounds(&t.bounds.iter().cloned().collect::<Vec<_>>(), &[]),
        Type::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            let name = &p.path.segments[0].ident;
            match generics.type_params().find(|g| g.ident == *name) {
                Some(param) => {
                    let mut bounds: Vec<TypeParamBound> = param.bounds.iter().cloned().collect();
                    let mut item_bounds: Vec<TypeParamBound> = Vec::new();
                    for predicate in generics.where_clause.iter().flat_map(|w| &w.predicates) {
                        let WherePredicate::Type(pt) = predicate else { continue };
                        let Type::Path(bounded) = &pt.bounded_ty else { continue };
                        let names: Vec<String> = bounded.path.segments.iter().map(|s| s.ident.to_string()).collect();
                        if bounded.qself.is_none() && names == [name.to_string()] {
                            bounds.extend(pt.bounds.iter().cloned());
                        } else if bounded.qself.is_none() && names == [name.to_string(), "Item".to_string()] {
                            item_bounds.extend(pt.bounds.iter().cloned());
                        }
                    }
                    from_bounds(&bounds, &item_bounds)
                }
                None => Some(show(&from_child(ty))),
            }
        }
        _ => Some(show(&from_child(ty))),
    }
}

/// `TryInto<T>`/`IntoChecked<T>`/`Into<T>` → `T`; `IntoIterator` whose items are those →
/// `Vec<T>`; `FnOnce(X) -> X` (a `_map` setter) → the identity closure.
fn from_bounds(bounds: &[TypeParamBound], item_bounds: &[TypeParamBound]) -> Option<String> {
    for bound in bounds {
        let TypeParamBound::Trait(t) = bound else { continue };
        let last = t.path.segments.last()?;
        match last.ident.to_string().as_str() {
            "TryInto" | "IntoChecked" | "Into" => {
                let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
                let target = args.args.iter().find_map(|a| match a {
                    GenericArgument::Type(t) => Some(t.clone()),
                    _ => None,
                })?;
                return Some(format!("any::<{}>()", show(&from_child(&target))));
            }
            "IntoIterator" => {
                let PathArguments::AngleBracketed(args) = &last.arguments else {
                    return from_bounds(item_bounds, &[]).map(|item| format!("vec![{item}]"));
                };
                let item: Vec<TypeParamBound> = args
                    .args
                    .iter()
                    .find_map(|a| match a {
                        GenericArgument::Constraint(c) if c.ident == "Item" => Some(c.bounds.iter().cloned().collect()),
                        GenericArgument::AssocType(a) if a.ident == "Item" => match &a.ty {
                            Type::ImplTrait(t) => Some(t.bounds.iter().cloned().collect()),
                            _ => None,
                        },
                        _ => None,
                    })
                    .unwrap_or_default();
                return from_bounds(&item, &[]).map(|item| format!("vec![{item}]"));
            }
            "FnOnce" | "FnMut" | "Fn" => return Some("|x| x".to_string()),
            _ => {}
        }
    }
    None
}

/// Calls the method with arguments of its types and reads what it returns
/// as its type.
fn method(owner: Option<&Type>, sig: &syn::Signature, code: &mut String, out: &mut Uses) {
    let name = &sig.ident;
    let mut args = Vec::new();
    let mut receiver = None;
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(r) => receiver = Some(matches!(r.kind, syn::ReceiverKind::Reference(..))),
            FnArg::Typed(t) => match argument(&t.ty, &sig.generics) {
                Some(arg) if arg.starts_with("any::<") || arg.starts_with("vec![") || arg.starts_with('|') => args.push(arg),
                Some(ty) => args.push(format!("any::<{ty}>()")),
                None => {
                    out.skipped.push(format!("fn {name}: argument of type {}", show(&t.ty)));
                    return;
                }
            },
        }
    }
    out.used += 1;
    let owner_text = owner.map(show);
    let call = match (&owner_text, receiver) {
        (Some(owner), Some(true)) => format!("any::<&{owner}>().{name}({})", args.join(", ")),
        (Some(owner), Some(false)) => format!("any::<{owner}>().{name}({})", args.join(", ")),
        (Some(owner), None) => format!("<{owner}>::{name}({})", args.join(", ")),
        (None, _) => format!("{name}({})", args.join(", ")),
    };
    let call = if sig.asyncness.is_some() { format!("{call}.await") } else { call };
    let returned = match &sig.output {
        ReturnType::Default => Some("()".to_string()),
        ReturnType::Type(_, ty) if ty.to_token_stream().to_string().contains("impl ") => None,
        ReturnType::Type(_, ty) => {
            let mut ty = from_child(ty);
            if let Some(owner) = owner {
                struct SelfIs<'a>(&'a Type);
                impl VisitMut for SelfIs<'_> {
                    fn visit_type_mut(&mut self, ty: &mut Type) {
                        if matches!(ty, Type::Path(p) if p.qself.is_none() && p.path.is_ident("Self")) {
                            *ty = self.0.clone();
                        }
                        syn::visit_mut::visit_type_mut(self, ty);
                    }
                }
                SelfIs(owner).visit_type_mut(&mut ty);
            }
            Some(show(&ty))
        }
    };
    match returned {
        Some(ty) => {
            let _ = writeln!(code, "{{ let _: {ty} = {call}; }}");
        }
        None => {
            let _ = writeln!(code, "{{ let _ = {call}; }}");
        }
    }
}
