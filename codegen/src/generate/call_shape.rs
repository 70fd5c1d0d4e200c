//! The shape of a call, as users of octocrab or teloxide expect it: an
//! operation's required inputs are arguments of its `Client` method, so a
//! call without one does not compile; optional inputs stay setters of the
//! request builder it returns.
//!
//! The engine makes every input a setter and finds a missing one only when
//! the request is sent. Here each builder's required inputs (the fields its
//! `new` starts as `Err(..)`) become arguments taking what their setter
//! takes, the method sets them, and the setters leave the public API. The
//! docs follow: the example call passes them, the argument list marks them,
//! each optional setter carries its input's description, and a credential's
//! path placeholder reads as the credential it is.
//!
//! A body built field by field (a struct with a builder) is taken apart the
//! same way: its required fields are arguments of the call, its optional
//! ones setters of the request (`client.add_tags(id, ["VIP"])`,
//! `client.send_message(client_id, "hi").buttons(..)`). A body that is one of
//! several shapes (`oneOf`) stays one argument: its type is the choice.

use std::collections::HashMap;

use syn::{Expr, GenericArgument, ImplItem, ImplItemFn, Item, PathArguments, ReturnType, Type, TypeParamBound, WherePredicate};

/// A request builder's required inputs, in the engine's order: (setter, the
/// argument's type).
type Required = Vec<(syn::Ident, Type)>;

/// What a `Client` method takes and sets: the request's own required inputs
/// and the required fields of a body taken apart.
#[derive(Default)]
struct Arguments {
    inputs: Required,
    body_fields: Required,
    /// The first paragraph of each body field's doc, for the method's.
    body_docs: Vec<String>,
    /// The body's optional fields: (name, whether the request sets it
    /// itself rather than through `body_map`, the first paragraph of its
    /// doc).
    body_optional: Vec<(String, bool, String)>,
}

/// `renamed`: builder → the name its `body` setter was given.
/// `order`: body type → its required fields in the spec's order.
pub fn required_as_arguments(file: &mut syn::File, renamed: &HashMap<String, &str>, order: &HashMap<String, Vec<String>>) -> Result<(), String> {
    let descriptions = input_descriptions(file);
    let mut required_body_fields = super::adapt::required_fields(body_builder_items(file));
    for (body, fields) in &mut required_body_fields {
        if let Some(order) = order.get(body) {
            let name = |f: &String| f.trim_start_matches("r#").trim_end_matches('_').to_string();
            fields.sort_by_key(|f| order.iter().position(|o| name(o) == name(f)).unwrap_or(usize::MAX));
        }
    }
    let body_setters = body_setters(file);
    let mut required: HashMap<String, Arguments> = HashMap::new();
    for item in &mut file.items {
        let Item::Mod(m) = item else { continue };
        if m.ident != "builder" {
            continue;
        }
        let Some((_, items)) = &mut m.content else { continue };
        let body_of = body_builders(items);
        for item in items.iter_mut() {
            let Item::Impl(imp) = item else { continue };
            let builder = super::adapt::self_name(imp);
            let mut arguments = Arguments::default();
            let mut fields = uninitialized_fields(imp);
            let body = body_of.get(&builder);
            // A body the engine starts empty but that cannot be built empty
            // (it has required fields) is required too: taken apart where
            // its fields can be arguments, whole otherwise.
            let body_needs_input = body.is_some_and(|b| required_body_fields.contains_key(b));
            let apart = match body {
                Some(body) if body_needs_input && !renamed.contains_key(&builder) => {
                    body_apart(imp, &fields, &required_body_fields[body], &body_setters[body])
                }
                _ => None,
            };
            if body_needs_input && apart.is_none() && !fields.iter().any(|f| f == "body") {
                fields.push("body".to_string());
            }
            for field in fields {
                let setter = match renamed.get(&builder) {
                    // `adapt` named the setter as the engine names fields.
                    Some(parameter) if field == "body" => unraw(&super::names::field_ident(parameter)),
                    _ => field.clone(),
                };
                let Some(f) = imp.items.iter_mut().find_map(|i| match i {
                    ImplItem::Fn(f) if unraw(&f.sig.ident) == setter => Some(f),
                    _ => None,
                }) else {
                    return Err(format!("builder `{builder}` has no setter for its required `{field}`"));
                };
                let ty = argument_type(f).ok_or_else(|| format!("the setter `{builder}::{setter}` has an unknown shape"))?;
                arguments.inputs.push((f.sig.ident.clone(), ty));
                // Set by the `Client` method only.
                f.vis = syn::parse_quote!(pub(super));
            }
            // Only the `Client` method makes a request, with its inputs.
            for item in &mut imp.items {
                if let ImplItem::Fn(f) = item {
                    if f.sig.ident == "new" {
                        f.vis = syn::parse_quote!(pub(super));
                    }
                }
            }
            let described = descriptions.get(&builder);
            document_setters(imp, &arguments.inputs, described);
            if let Some((body_fields, body_docs)) = apart {
                // The method sets the body's fields; `body_map` stays, to
                // reach a field named like one of the request's methods.
                imp.items.retain(|i| !matches!(i, ImplItem::Fn(f) if f.sig.ident == "body"));
                let optional: Vec<ImplItemFn> = body
                    .and_then(|b| body_setters.get(b))
                    .into_iter()
                    .flatten()
                    .filter(|s| !body_fields.iter().any(|(f, _)| *f == s.sig.ident))
                    .cloned()
                    .collect();
                let forwarded = forward_body_setters(imp, &optional);
                arguments.body_optional = optional
                    .iter()
                    .map(|s| (unraw(&s.sig.ident), forwarded.contains(&s.sig.ident), first_paragraph(&s.attrs)))
                    .collect();
                arguments.body_fields = body_fields;
                arguments.body_docs = body_docs;
            } else if !body_needs_input && !renamed.contains_key(&builder) {
                if let Some(setters) = body.and_then(|b| body_setters.get(b)) {
                    forward_body_setters(imp, setters);
                }
            }
            required.insert(builder, arguments);
        }
    }
    for item in &mut file.items {
        let Item::Impl(imp) = item else { continue };
        if super::adapt::self_name(imp) != "Client" || imp.trait_.is_some() {
            continue;
        }
        for item in &mut imp.items {
            let ImplItem::Fn(f) = item else { continue };
            let Some(builder) = returned_builder(f) else { continue };
            let none = Arguments::default();
            take_arguments(f, &builder, required.get(&builder).unwrap_or(&none));
        }
    }
    Ok(())
}

/// The required fields of a body as arguments (setter, type) with the
/// first paragraph of each field's doc; `None` where a field cannot be one:
/// its name is another input's or one of the request's methods', or its
/// setter has a shape this does not know.
fn body_apart(imp: &syn::ItemImpl, inputs: &[String], required: &[String], setters: &[ImplItemFn]) -> Option<(Required, Vec<String>)> {
    let methods = names_taken(imp, &["self", "client"]);
    let mut fields = Required::new();
    let mut docs = Vec::new();
    for field in required {
        let name = field.trim_start_matches("r#");
        if inputs.iter().any(|i| i == name) || methods.iter().any(|m| m == name) {
            return None;
        }
        let setter = setters.iter().find(|s| unraw(&s.sig.ident) == name)?;
        let mut ty = argument_type(setter)?;
        syn::visit_mut::VisitMut::visit_type_mut(&mut FromTypes, &mut ty);
        docs.push(first_paragraph(&setter.attrs));
        fields.push((setter.sig.ident.clone(), ty));
    }
    Some((fields, docs))
}

/// Names a body field cannot take on the request: its methods, those our
/// layer adds (`stream`, `pages`) and `extra`.
fn names_taken(imp: &syn::ItemImpl, extra: &[&str]) -> Vec<String> {
    imp.items
        .iter()
        .filter_map(|i| match i {
            ImplItem::Fn(f) => Some(unraw(&f.sig.ident)),
            _ => None,
        })
        .chain(["stream", "pages", "send", "new", "body", "body_map"].into_iter().chain(extra.iter().copied()).map(String::from))
        .collect()
}

/// The first paragraph of an item's doc, on one line.
fn first_paragraph(attrs: &[syn::Attribute]) -> String {
    let doc = doc_texts(attrs).join("\n");
    doc.trim().split("\n\n").next().unwrap_or_default().trim().replace('\n', " ")
}

/// The body builders name their types from `types::builder` (`super::X`);
/// the requests and the client name them from beside `types`.
struct FromTypes;

impl syn::visit_mut::VisitMut for FromTypes {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.leading_colon.is_none() && path.segments.len() >= 2 && path.segments[0].ident == "super" {
            path.segments[0].ident = syn::Ident::new("types", path.segments[0].ident.span());
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}

fn unraw(ident: &syn::Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_string()
}

/// Builder → (input → description), from the engine's `Arguments:` list in
/// the docs of the `Client` method that returns the builder.
fn input_descriptions(file: &syn::File) -> HashMap<String, HashMap<String, String>> {
    let mut out = HashMap::new();
    for item in &file.items {
        let Item::Impl(imp) = item else { continue };
        if super::adapt::self_name(imp) != "Client" || imp.trait_.is_some() {
            continue;
        }
        for item in &imp.items {
            let ImplItem::Fn(f) = item else { continue };
            let Some(builder) = returned_builder(f) else { continue };
            let text: String = doc_texts(&f.attrs).join("\n");
            out.insert(builder, arguments_of(&text));
        }
    }
    out
}

/// The `- `name`: description` items after `Arguments:`.
fn arguments_of(doc: &str) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    let Some((_, list)) = doc[engine_part(doc)..].split_once("\nArguments:\n") else { return out };
    let mut current: Option<String> = None;
    for line in list.lines() {
        if line.starts_with("```") {
            break;
        }
        if let Some((name, description)) = line.strip_prefix("- `").and_then(|l| l.split_once("`: ")) {
            out.insert(name.to_string(), description.trim().to_string());
            current = Some(name.to_string());
        } else if line.trim().is_empty() {
            current = None;
        } else if let Some(text) = current.as_ref().and_then(|name| out.get_mut(name)) {
            text.push('\n');
            text.push_str(line.trim());
        }
    }
    out
}

fn doc_texts(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) => Some(text.value()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Body builder (`types::builder::X`) → its setters.
fn body_setters(file: &syn::File) -> HashMap<String, Vec<ImplItemFn>> {
    let mut out: HashMap<String, Vec<ImplItemFn>> = HashMap::new();
    for item in body_builder_items(file) {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let setters = imp.items.iter().filter_map(|i| match i {
            ImplItem::Fn(f) if f.sig.inputs.len() == 2 && f.sig.generics.type_params().count() == 1 => Some(f.clone()),
            _ => None,
        });
        out.entry(super::adapt::self_name(imp)).or_default().extend(setters);
    }
    out
}

/// A request whose body may be sent as it starts (no required field) also
/// sets the body's fields itself: `client.get_rooms().room_type(..)` for
/// `.body_map(|b| b.room_type(..))`. A field named like one of the
/// request's own methods (a parameter, `send`, `stream`, `pages`) is set
/// through `body_map` only.
fn forward_body_setters(imp: &mut syn::ItemImpl, setters: &[ImplItemFn]) -> Vec<syn::Ident> {
    let mut forwarded = Vec::new();
    let has_body_map = imp.items.iter().any(|i| matches!(i, ImplItem::Fn(f) if f.sig.ident == "body_map"));
    if !has_body_map {
        return forwarded;
    }
    let taken = names_taken(imp, &[]);
    for setter in setters {
        if taken.contains(&unraw(&setter.sig.ident)) {
            continue;
        }
        let name = &setter.sig.ident;
        let generics = &setter.sig.generics;
        let where_clause = &setter.sig.generics.where_clause;
        let docs = setter.attrs.iter().filter(|a| a.path().is_ident("doc"));
        let Some(syn::FnArg::Typed(value)) = setter.sig.inputs.iter().nth(1) else { continue };
        let value_ty = &value.ty;
        let mut forward: ImplItemFn = syn::parse_quote! {
            #(#docs)*
            ///
            /// A field of the body, set on the request.
            pub fn #name #generics (self, value: #value_ty) -> Self #where_clause {
                self.body_map(|body| body.#name(value))
            }
        };
        syn::visit_mut::VisitMut::visit_impl_item_fn_mut(&mut FromTypes, &mut forward);
        imp.items.push(ImplItem::Fn(forward));
        forwarded.push(name.clone());
    }
    forwarded
}

/// Request builder → the body builder its `body` field holds
/// (`body: Result<types::builder::TagList, String>` → `TagList`).
fn body_builders(items: &[Item]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for item in items {
        let Item::Struct(s) = item else { continue };
        for field in &s.fields {
            if !field.ident.as_ref().is_some_and(|i| i == "body") {
                continue;
            }
            let Some(ok) = super::adapt::first_generic(&field.ty, "Result") else { continue };
            let Type::Path(p) = &ok else { continue };
            let names: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
            if let [types, builder, name] = names.as_slice() {
                if types == "types" && builder == "builder" {
                    out.insert(s.ident.to_string(), name.clone());
                }
            }
        }
    }
    out
}

/// The items of `types::builder`: the engine's body builders.
fn body_builder_items(file: &syn::File) -> &[Item] {
    let types = file.items.iter().find_map(|item| match item {
        Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    });
    let builders = types.into_iter().flatten().find_map(|item| match item {
        Item::Mod(m) if m.ident == "builder" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    });
    builders.map(Vec::as_slice).unwrap_or_default()
}

/// Fields a builder's `new` starts as `Err("x was not initialized")`.
fn uninitialized_fields(imp: &syn::ItemImpl) -> Vec<String> {
    let Some(new) = imp.items.iter().find_map(|i| match i {
        ImplItem::Fn(f) if f.sig.ident == "new" => Some(f),
        _ => None,
    }) else {
        return Vec::new();
    };
    let Some(syn::Stmt::Expr(Expr::Struct(init), _)) = new.block.stmts.last() else { return Vec::new() };
    init.fields
        .iter()
        .filter(|f| super::adapt::starts_unset(&f.expr))
        .filter_map(|f| match &f.member {
            syn::Member::Named(name) => Some(name.to_string().trim_start_matches("r#").to_string()),
            syn::Member::Unnamed(_) => None,
        })
        .collect()
}

/// What a setter takes, as an `impl Trait` argument type:
/// `fn x<V>(self, value: V) where V: TryInto<T>, V::Error: Display` takes
/// `impl TryInto<T, Error: Display>`, and a list's `fn x<L>(self, value: L)
/// where L: IntoIterator, L::Item: TryInto<T>, <L::Item as TryInto<T>>::Error:
/// Display` takes `impl IntoIterator<Item: TryInto<T, Error: Display>>`.
fn argument_type(setter: &ImplItemFn) -> Option<Type> {
    let generic = match setter.sig.generics.type_params().collect::<Vec<_>>().as_slice() {
        [one] => one.ident.clone(),
        _ => return None,
    };
    let generic = generic.to_string();
    let mut bounds: Vec<TypeParamBound> = Vec::new();
    let mut item_bounds: Vec<TypeParamBound> = Vec::new();
    let mut error_bounds: Vec<TypeParamBound> = Vec::new();
    for predicate in &setter.sig.generics.where_clause.as_ref()?.predicates {
        let WherePredicate::Type(p) = predicate else { return None };
        let Type::Path(t) = &p.bounded_ty else { return None };
        let names: Vec<String> = t.path.segments.iter().map(|s| s.ident.to_string()).collect();
        match (&t.qself, names.as_slice()) {
            (None, [v]) if *v == generic => bounds.extend(p.bounds.iter().cloned()),
            (None, [v, item]) if *v == generic && item == "Item" => item_bounds.extend(p.bounds.iter().cloned()),
            // `V::Error: Display`, `<V as TryInto<T>>::Error: Display`, or
            // `<L::Item as ..>`.
            (None, [v, error]) if *v == generic && error == "Error" => error_bounds.extend(p.bounds.iter().cloned()),
            (Some(_), [.., error]) if error == "Error" => error_bounds.extend(p.bounds.iter().cloned()),
            _ => return None,
        }
    }
    let with_error = |bounds: &[TypeParamBound]| -> Option<Type> {
        if error_bounds.is_empty() {
            return Some(syn::parse_quote!(impl #(#bounds)+*));
        }
        let [TypeParamBound::Trait(try_into)] = bounds else { return None };
        let last = try_into.path.segments.last()?;
        let PathArguments::AngleBracketed(args) = &last.arguments else { return None };
        let [GenericArgument::Type(target)] = args.args.iter().collect::<Vec<_>>().as_slice() else { return None };
        Some(syn::parse_quote!(impl std::convert::TryInto<#target, Error: #(#error_bounds)+*>))
    };
    if item_bounds.is_empty() {
        return with_error(&bounds);
    }
    let is_iterator = matches!(bounds.as_slice(), [TypeParamBound::Trait(t)] if t.path.segments.last().is_some_and(|s| s.ident == "IntoIterator"));
    if !is_iterator {
        return None;
    }
    let Type::ImplTrait(item) = with_error(&item_bounds)? else { return None };
    let item = item.bounds;
    Some(syn::parse_quote!(impl std::iter::IntoIterator<Item: #item>))
}

/// `X` of a method returning `builder::X<'_>`.
fn returned_builder(f: &ImplItemFn) -> Option<String> {
    let ReturnType::Type(_, ty) = &f.sig.output else { return None };
    let Type::Path(p) = &**ty else { return None };
    let segments: Vec<_> = p.path.segments.iter().collect();
    match segments.as_slice() {
        [module, builder] if module.ident == "builder" => Some(builder.ident.to_string()),
        _ => None,
    }
}

/// `fn op(&self) -> builder::Op<'_> { builder::Op::new(self) }` takes the
/// required inputs and sets them; its docs say so.
fn take_arguments(f: &mut ImplItemFn, builder: &str, arguments: &Arguments) {
    let name = f.sig.ident.to_string();
    let builder_ident = syn::Ident::new(builder, proc_macro2::Span::call_site());
    let all = arguments.inputs.iter().chain(&arguments.body_fields);
    let args = all.clone().map(|(setter, ty)| -> syn::FnArg { syn::parse_quote!(#setter: #ty) });
    f.sig.inputs.extend(args);
    let setters = arguments.inputs.iter().map(|(s, _)| s);
    let fields = arguments.body_fields.iter().map(|(s, _)| s);
    let fields_again = fields.clone();
    f.block = if arguments.body_fields.is_empty() {
        syn::parse_quote!({ builder::#builder_ident::new(self) #(.#setters(#setters))* })
    } else {
        syn::parse_quote!({
            builder::#builder_ident::new(self) #(.#setters(#setters))* .body_map(|body| body #(.#fields(#fields_again))*)
        })
    };
    let names: Vec<String> = all.map(|(s, _)| unraw(s)).collect();
    let body_fields: Vec<(String, &str)> =
        arguments.body_fields.iter().map(|(s, _)| unraw(s)).zip(arguments.body_docs.iter().map(String::as_str)).collect();
    edit_docs(&mut f.attrs, |text| method_doc(text, &name, &names, &body_fields, &arguments.body_optional));
}

/// The method's doc: the example passes the required inputs, the argument
/// list marks them, and credential placeholders read as credentials.
fn method_doc(text: &str, method: &str, required: &[String], body_fields: &[(String, &str)], body_optional: &[(String, bool, String)]) -> String {
    // Only what the engine wrote, after the spec's own description: its
    // `Sends a ..` line, argument list and example.
    let (description, engine) = text.split_at(engine_part(text));
    // The engine lists no arguments for a call whose only input is its body.
    let listed;
    let engine = if !body_fields.is_empty() && !engine.contains("\n- `body`") {
        listed = engine.replacen("\n```text", "\nArguments:\n- `body`\n```text", 1);
        listed.as_str()
    } else {
        engine
    };
    let mut out = description.to_string();
    // The engine's `- `body`: ..` entry, with the lines its description
    // runs on to: replaced by the body's fields.
    let mut in_body_entry = false;
    for line in engine.lines() {
        let trimmed = line.trim_start();
        if in_body_entry {
            if trimmed.is_empty() || trimmed.starts_with("- `") || trimmed.starts_with("```") {
                in_body_entry = false;
            } else {
                continue;
            }
        }
        // The example's `.x(x)` lines, for the inputs now passed to the call.
        let taken_apart = !body_fields.is_empty();
        if (required.iter().any(|r| trimmed.starts_with(&format!(".{r}(")) && trimmed.ends_with(')')))
            || (taken_apart && trimmed == ".body(body)")
        {
            continue;
        }
        if taken_apart && trimmed.starts_with("- `body`") {
            in_body_entry = true;
            for (field, doc) in body_fields {
                let doc = if doc.is_empty() { String::new() } else { format!(": {doc}") };
                out.push_str(&format!("- `{field}` (required: an argument of this call){doc}\n"));
            }
            for (field, forwarded, doc) in body_optional {
                let how = if *forwarded { format!(".{field}(..)") } else { format!(".body_map(|b| b.{field}(..))") };
                let doc = if doc.is_empty() { String::new() } else { format!(": {doc}") };
                out.push_str(&format!("- `{field}` (optional: `{how}` on the returned request){doc}\n"));
            }
            continue;
        }
        let call = format!("client.{method}()");
        let line = if line.contains(&call) {
            line.replace(&call, &format!("client.{method}({})", required.join(", ")))
        } else if let Some(arg) = required.iter().find(|r| trimmed == format!("- `{r}`")) {
            line.replacen(&format!("- `{arg}`"), &format!("- `{arg}` (required: an argument of this call)"), 1)
        } else if let Some(arg) = required.iter().find(|r| trimmed.starts_with(&format!("- `{r}`:"))) {
            line.replacen(&format!("- `{arg}`:"), &format!("- `{arg}` (required: an argument of this call):"), 1)
        } else if let Some((arg, _)) = trimmed.strip_prefix("- `").and_then(|r| r.split_once("`:")) {
            line.replacen(&format!("- `{arg}`:"), &format!("- `{arg}` (optional: `.{arg}(..)` on the returned request):"), 1)
        } else {
            line.to_string()
        };
        out.push_str(&line);
        out.push('\n');
    }
    if !engine.is_empty() && !text.ends_with('\n') {
        out.pop();
    }
    credentials_named(&out)
}

/// Where the engine's part of a method's doc starts: its last
/// "Sends a `METHOD` request to" line (the spec's description comes first).
fn engine_part(doc: &str) -> usize {
    doc.rfind("Sends a `").map_or(doc.len(), |at| doc[..at].rfind('\n').map_or(0, |n| n + 1))
}

/// `/_botapis_api_key_/message` (the placeholder `lower` puts where a
/// credential is a path segment) → `/{api_key}/message`, with a note.
pub fn credentials_named(text: &str) -> String {
    if !text.contains("_botapis_") {
        return text.to_string();
    }
    let mut out = String::new();
    let mut names = Vec::new();
    for (i, part) in text.split("_botapis_").enumerate() {
        if i == 0 {
            out.push_str(part);
            continue;
        }
        // The name ends at the `_` that is not followed by a name character.
        let bytes = part.as_bytes();
        let end = (0..bytes.len())
            .find(|&j| bytes[j] == b'_' && !bytes.get(j + 1).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_'))
            .unwrap_or(part.len());
        let name = &part[..end];
        out.push('{');
        out.push_str(name);
        out.push('}');
        out.push_str(part.get(end + 1..).unwrap_or_default());
        if !names.contains(&name) {
            names.push(name);
        }
    }
    for name in names {
        let note = format!(" (`{{{name}}}` is the client's `{name}` credential, which it fills in)");
        if let Some(at) = out.find(&format!("{{{name}}}")).and_then(|at| out[at..].find('\n').map(|n| at + n)) {
            out.insert_str(at, &note);
        } else {
            out.push_str(&note);
        }
    }
    out
}

/// Each optional setter of a builder is documented with its input's
/// description from the method's argument list; every doc's credential
/// placeholders read as credentials.
fn document_setters(imp: &mut syn::ItemImpl, required: &[(syn::Ident, Type)], described: Option<&HashMap<String, String>>) {
    for item in &mut imp.items {
        let ImplItem::Fn(f) = item else { continue };
        edit_docs(&mut f.attrs, credentials_named);
        let name = unraw(&f.sig.ident);
        let is_setter = matches!(f.sig.inputs.first(), Some(syn::FnArg::Receiver(r)) if !quote::quote!(#r).to_string().starts_with('&'))
            && f.sig.inputs.len() == 2
            && !name.ends_with("_map");
        if !is_setter || required.iter().any(|(s, _)| *s == f.sig.ident) || f.attrs.iter().any(|a| a.path().is_ident("doc")) {
            continue;
        }
        let description = described.and_then(|d| d.get(&name)).map(|d| format!("{d}\n\n")).unwrap_or_default();
        let doc = format!("{description}Optional. A value that does not convert fails the call when it is sent.");
        f.attrs.push(syn::parse_quote!(#[doc = #doc]));
    }
}

/// Rewrite every `#[doc = ".."]` of `attrs` with `edit`.
pub(super) fn edit_docs(attrs: &mut [syn::Attribute], edit: impl Fn(&str) -> String) {
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let syn::Meta::NameValue(nv) = &mut attr.meta {
            if let Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &nv.value {
                let fixed = edit(&text.value());
                nv.value = syn::parse_quote!(#fixed);
            }
        }
    }
}
