//! The operation layer, written from the model: the `Client`, one method
//! per operation, the request each method returns, and how that request
//! is sent (`crate::runtime::Request`) and its answer read
//! (`crate::runtime::Answer`).
//!
//! The engine made the types; each is looked up in its type space by the
//! name the model gave it, so a body's fields are read from the struct the
//! engine defined, never from its generated text.
//!
//! The call shape is the same for every vendor: an operation's required
//! inputs (path, query and header parameters, the required fields of a
//! body that is a struct, or the whole body otherwise) are arguments of its
//! method, in the order the spec writes them; every optional input is a
//! setter of the request. An input whose type may refuse a value (a
//! constrained string, an integer of another width) converts when it is
//! given, and a refusal fails `send()` before
//! anything is sent.

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use typify::{TypeDetails, TypeId, TypeSpace};

use crate::load::Spec;
use crate::model::{Api, Encoding, In, Method, Operation, Param, SchemaRef, Segment, Shape, Status};

use super::super::lower::link_bare_urls;
use super::super::names::{Case, field_ident, sanitize, type_ident};
use super::rust_type;

/// How an input takes what it is given.
#[derive(Clone)]
enum Takes {
    /// `impl Into<T>`: nothing to refuse.
    Into,
    /// `impl rt::IntoChecked<T>`: the value may be refused.
    TryInto,
    /// Any list of items, each taken as the inner one says.
    List(Box<Takes>, TokenStream),
}

/// How a parameter's value goes on the request.
#[derive(Clone, Copy, PartialEq)]
enum Written {
    /// As its text.
    Text,
    /// A list: each item, or all of them joined by commas.
    List,
    /// An object, each field a query parameter of its own.
    Object,
    /// A type with no text of its own (a choice of a string or a list):
    /// the text of its JSON value.
    Value,
}

/// One input of a request.
struct Input {
    /// As the spec names it.
    name: String,
    /// The request's field and setter.
    ident: syn::Ident,
    ty: TokenStream,
    takes: Takes,
    required: bool,
    doc: Option<String>,
    role: Role,
}

enum Role {
    Param {
        location: In,
        written: Written,
        explode: bool,
    },
    /// A field of the body struct: its Rust name there, whether the
    /// struct's field is an `Option`, and else the spec's default for it
    /// (as JSON) when it has one (without, an absent value is its type's
    /// default); and whether the request keeps it in the body struct it
    /// holds (`self.body`), or apart until `send()` builds the body.
    BodyField {
        field: syn::Ident,
        optional_field: bool,
        default: Option<String>,
        whole: bool,
    },
    /// The whole body.
    Body,
}

/// The types the engine made, by name.
pub struct Types<'a> {
    space: &'a TypeSpace,
    named: HashMap<String, typify::Type<'a>>,
}

impl<'a> Types<'a> {
    pub fn new(space: &'a TypeSpace) -> Self {
        let named = space
            .iter_types()
            .filter(|ty| matches!(ty.details(), TypeDetails::Struct(_) | TypeDetails::Enum(_) | TypeDetails::Newtype(_)))
            .map(|ty| (ty.name(), ty))
            .collect();
        Types { space, named }
    }

    fn details(&self, name: &str) -> Option<TypeDetails<'_>> {
        self.named.get(name).map(|t| t.details())
    }

    /// Whether the engine's type `name` has a `Display`: the text a
    /// parameter of it is sent as.
    fn displays(&self, name: &str) -> bool {
        self.named.get(name).is_some_and(|t| t.has_impl(typify::TypeSpaceImpl::Display))
    }

    /// How an input of the type `id` takes its value.
    fn takes(&self, id: &TypeId) -> (TokenStream, Takes) {
        let Ok(ty) = self.space.get_type(id) else { return (quote!(::serde_json::Value), Takes::Into) };
        let ident = ty.ident();
        let takes = match ty.details() {
            TypeDetails::Option(inner) => return self.takes(&inner),
            TypeDetails::Vec(inner) => {
                let (item, takes) = self.takes(&inner);
                Takes::List(Box::new(takes), item)
            }
            TypeDetails::Newtype(_) => Takes::TryInto,
            TypeDetails::Builtin(name) if is_integer(name) => Takes::TryInto,
            _ => Takes::Into,
        };
        (ident, takes)
    }
}

fn is_integer(name: &str) -> bool {
    matches!(name, "i8" | "i16" | "i32" | "i64" | "i128" | "u8" | "u16" | "u32" | "u64" | "u128" | "isize" | "usize")
        || name.starts_with("std::num::NonZero")
        || name.starts_with("::std::num::NonZero")
}

/// The `Client`, its methods, and the `request` module.
pub fn tokens(spec: &Spec, api: &Api, types: &Types<'_>) -> TokenStream {
    let mut methods = Vec::new();
    let mut requests = Vec::new();
    for (index, op) in api.operations.iter().enumerate() {
        let (method, request) = operation(spec, api, types, op, index);
        methods.push(method);
        requests.push(request);
    }
    quote! {
        /// The requests the methods of [`Client`] return: each is sent
        /// with `send()`, and its optional inputs set before.
        pub mod request {
            #[allow(unused_imports)]
            use super::{types, Client, Error};
            use crate::runtime as rt;

            impl Client {
                #(#methods)*
            }

            #(#requests)*
        }

        /// `use` it for the client and its error.
        pub mod prelude {
            pub use super::{Client, Error};
        }
    }
}

/// The call a vendor's page opens with: the first read-only operation
/// (`GET`) that takes no input. `None` when there is none.
pub fn first_call(spec: &Spec, api: &Api, types: &Types<'_>) -> Option<String> {
    let reads = api.operations.iter().filter(|op| op.method == Method::Get);
    let mut without_inputs = reads.filter(|op| inputs(spec, api, types, op).iter().all(|i| !i.required));
    without_inputs.next().map(|op| format!("{}()", field_ident(&op.id)))
}

/// The inputs of `op`, arguments first.
fn inputs(spec: &Spec, api: &Api, types: &Types<'_>, op: &Operation) -> Vec<Input> {
    let mut out: Vec<Input> = Vec::new();
    let credentials: HashSet<&str> = op
        .path
        .iter()
        .filter_map(|s| match s {
            Segment::Credential { parameter, .. } => Some(parameter.as_str()),
            _ => None,
        })
        .collect();
    // Path parameters in the path's order, then the others as written.
    let mut params: Vec<&Param> = op
        .path
        .iter()
        .filter_map(|s| match s {
            Segment::Param(name) => op.params.iter().find(|p| p.location == In::Path && &p.name == name),
            _ => None,
        })
        .collect();
    params.extend(op.params.iter().filter(|p| p.location != In::Path && p.location != In::Cookie && p.credential.is_none()));
    for p in params {
        if credentials.contains(p.name.as_str()) {
            continue;
        }
        let (ty, takes, written) = param_type(spec, api, types, p);
        out.push(Input {
            name: p.name.clone(),
            ident: field_ident(&p.name),
            ty,
            takes,
            required: p.required || p.location == In::Path,
            doc: p.description.clone(),
            role: Role::Param { location: p.location, written, explode: p.explode.unwrap_or(true) },
        });
    }
    if let Some(body) = &op.body {
        let ty = body.schema.as_ref().map_or(quote!(::serde_json::Value), |s| rust_type(spec, api, s));
        match body_struct(spec, api, types, body.schema.as_ref()) {
            Some(fields) => {
                let order: Vec<String> = body.fields.iter().map(|(name, _)| sanitize(name, Case::Snake)).collect();
                let mut fields = fields;
                fields.sort_by_key(|f| order.iter().position(|o| *o == f.name).unwrap_or(usize::MAX));
                for Field { name, ty: prop_ty, takes, required, optional_field, map, doc, default } in fields {
                    let field = format_ident!("{}", name);
                    // A map the spec does not name among the properties is
                    // where its `additionalProperties` go: none is an empty one.
                    let required = required && !(map && !order.contains(&name));
                    out.push(Input {
                        name: name.clone(),
                        ident: field.clone(),
                        ty: prop_ty,
                        takes,
                        required,
                        doc,
                        role: Role::BodyField { field, optional_field, default, whole: false },
                    });
                }
            }
            None => out.push(Input {
                name: "body".to_string(),
                ident: format_ident!("body"),
                takes: body_takes(api, types, body.schema.as_ref()),
                ty,
                required: body.required,
                doc: None,
                role: Role::Body,
            }),
        }
    }
    // Two inputs of one name (a body field beside a parameter), or one
    // named like a method of the request: the body's is renamed.
    let taken: HashSet<String> = out.iter().filter(|i| !matches!(i.role, Role::BodyField { .. })).map(|i| i.ident.to_string()).collect();
    for input in &mut out {
        let reserved = ["client", "send", "stream", "pages", "body"].contains(&input.ident.to_string().as_str());
        if matches!(input.role, Role::BodyField { .. }) && (taken.contains(&input.ident.to_string()) || reserved) {
            input.ident = format_ident!("body_{}", input.ident.to_string().trim_start_matches("r#"));
        }
    }
    if body_kept_whole(op, &out) {
        for input in &mut out {
            if let Role::BodyField { whole, .. } = &mut input.role {
                *whole = true;
            }
        }
    }
    out.sort_by_key(|i| !i.required);
    out
}

/// Whether the request can hold its body struct whole from the start:
/// when every field has a value as soon as the method is called. A field
/// that may refuse what it is given, a required one the struct leaves
/// optional (a whole body set at once may lack it), an absent one whose
/// spec default is parsed at `send()`, or an absent one that a check asks
/// about keeps the fields apart until `send()` builds the body.
fn body_kept_whole(op: &Operation, inputs: &[Input]) -> bool {
    let checked = |name: &str| {
        op.bounds.iter().any(|b| b.parameter == name)
            || op.require_one_of.iter().any(|p| p == name)
            || op.requires.iter().any(|r| r.given == name || r.needs.iter().any(|n| n == name))
    };
    inputs.iter().all(|i| match &i.role {
        Role::BodyField { optional_field, default, .. } => {
            !kept_as_given(i) && (i.required || *optional_field || (default.is_none() && !checked(&i.name)))
        }
        // The request's `body` field is the body's.
        _ => i.ident != "body",
    })
}

/// Whether `input` lives in the body struct the request holds.
fn in_whole_body(input: &Input) -> bool {
    matches!(input.role, Role::BodyField { whole: true, .. })
}

/// A field of a body struct the engine made.
struct Field {
    /// Its Rust name.
    name: String,
    ty: TokenStream,
    takes: Takes,
    required: bool,
    /// Whether the struct's field is an `Option`.
    optional_field: bool,
    /// Whether it is a map.
    map: bool,
    doc: Option<String>,
    /// The spec's default, as JSON.
    default: Option<String>,
}

/// The fields of a body that is a struct of the engine's.
fn body_struct(spec: &Spec, api: &Api, types: &Types<'_>, schema: Option<&SchemaRef>) -> Option<Vec<Field>> {
    let component = match schema? {
        SchemaRef::Component(name) => Some(name.as_str()),
        SchemaRef::Inline(pointer) => api.lifted_name(pointer),
    };
    let properties =
        component.and_then(|c| crate::model::refs::component(spec, c)).and_then(|c| c.get("properties")).and_then(Value::as_object);
    let default_of = |field: &str| {
        let (_, property) = properties?.iter().find(|(key, _)| sanitize(key, Case::Snake) == field)?;
        let property = crate::model::refs::schema_name(property).and_then(|n| crate::model::refs::component(spec, n)).unwrap_or(property);
        property.get("default").map(Value::to_string)
    };
    let name = type_name(api, schema?)?;
    let TypeDetails::Struct(s) = types.details(&name)? else { return None };
    let fields = s
        .properties_info()
        .map(|prop| {
            let ty = types.space.get_type(&prop.type_id);
            let optional_field = ty.as_ref().is_ok_and(|t| matches!(t.details(), TypeDetails::Option(_)));
            let map = ty.as_ref().is_ok_and(|t| matches!(t.details(), TypeDetails::Map(..)));
            let (ty, takes) = types.takes(&prop.type_id);
            let ty = if optional_field { ty_of_option_inner(types, &prop.type_id).unwrap_or(ty) } else { ty };
            Field {
                name: prop.name.to_string(),
                ty,
                takes,
                required: prop.required,
                optional_field,
                map,
                doc: prop.description.map(str::to_string),
                default: default_of(prop.name),
            }
        })
        .collect();
    Some(fields)
}

/// `T` of the type `Option<T>` `id` names.
fn ty_of_option_inner(types: &Types<'_>, id: &TypeId) -> Option<TokenStream> {
    let TypeDetails::Option(inner) = types.space.get_type(id).ok()?.details() else { return None };
    types.space.get_type(&inner).ok().map(|t| t.ident())
}

/// The engine's name of a schema the model refers to.
fn type_name(api: &Api, schema: &SchemaRef) -> Option<String> {
    let name = match schema {
        SchemaRef::Component(name) => name.as_str(),
        SchemaRef::Inline(pointer) => api.lifted_name(pointer)?,
    };
    Some(sanitize(name, Case::Pascal))
}

fn body_takes(api: &Api, types: &Types<'_>, schema: Option<&SchemaRef>) -> Takes {
    match schema.and_then(|s| type_name(api, s)).and_then(|name| types.details(&name)) {
        Some(TypeDetails::Newtype(_)) => Takes::TryInto,
        _ => Takes::Into,
    }
}

/// A parameter's type, how it takes its value and how it is written.
fn param_type(spec: &Spec, api: &Api, types: &Types<'_>, p: &Param) -> (TokenStream, Takes, Written) {
    let Some(schema) = &p.schema else { return (quote!(::std::string::String), Takes::Into, Written::Text) };
    // A schema that names a Rust type (`x-rust-type`) is that type where
    // it is used, in the spec the engine was given.
    let named = spec.tree.pointer(&format!("{}/schema/x-rust-type/path", p.pointer)).and_then(Value::as_str);
    if let Some(path) = named.and_then(|path| syn::parse_str::<syn::Path>(path).ok()) {
        return (quote!(::#path), Takes::Into, Written::Text);
    }
    let ty = super::present_type(spec, api, schema);
    let name = type_name(api, schema);
    if let Some(details) = name.as_deref().and_then(|name| types.details(name)) {
        let text = if name.as_deref().is_some_and(|name| types.displays(name)) { Written::Text } else { Written::Value };
        return match details {
            TypeDetails::Struct(_) | TypeDetails::Map(..) => (ty, Takes::Into, Written::Object),
            TypeDetails::Newtype(_) => (ty, Takes::TryInto, text),
            TypeDetails::Vec(inner) => {
                let (item, takes) = types.takes(&inner);
                (ty, Takes::List(Box::new(takes), item), Written::List)
            }
            _ => (ty, Takes::Into, text),
        };
    }
    let raw = match schema {
        SchemaRef::Inline(pointer) => spec.tree.pointer(pointer),
        SchemaRef::Component(name) => crate::model::refs::component(spec, name),
    };
    let raw = raw.unwrap_or(&Value::Null);
    let kind = raw.get("type").and_then(Value::as_str);
    if p.query_object || kind == Some("object") {
        return (ty, Takes::Into, Written::Object);
    }
    match kind {
        Some("integer") => (ty, Takes::TryInto, Written::Text),
        Some("array") => {
            let items = raw.get("items").unwrap_or(&Value::Null);
            let item_kind = items.get("type").and_then(Value::as_str);
            let item = match &ty_item(&ty) {
                Some(item) => item.clone(),
                None => quote!(::std::string::String),
            };
            let takes = if item_kind == Some("integer") { Takes::TryInto } else { Takes::Into };
            (ty, Takes::List(Box::new(takes), item), Written::List)
        }
        _ => (ty, Takes::Into, Written::Text),
    }
}

/// `T` of `::std::vec::Vec<T>`.
fn ty_item(ty: &TokenStream) -> Option<TokenStream> {
    let parsed: syn::Type = syn::parse2(ty.clone()).ok()?;
    let syn::Type::Path(path) = parsed else { return None };
    let last = path.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else { return None };
    match args.args.first()? {
        syn::GenericArgument::Type(t) => Some(quote!(#t)),
        _ => None,
    }
}

/// What an argument or setter of this input is declared as.
fn declared(takes: &Takes, ty: &TokenStream) -> TokenStream {
    match takes {
        Takes::Into => quote!(impl Into<#ty>),
        Takes::TryInto => quote!(impl rt::IntoChecked<#ty>),
        Takes::List(inner, item) => {
            let item = declared(inner, item);
            quote!(impl IntoIterator<Item = #item>)
        }
    }
}

/// Whether taking a value may refuse it: then the request keeps it as an
/// `rt::Given`, and a refusal fails `send()`.
fn fallible(takes: &Takes) -> bool {
    match takes {
        Takes::Into => false,
        Takes::TryInto => true,
        Takes::List(inner, _) => fallible(inner),
    }
}

/// The value given as `value`, converted: a `T`, or an `rt::Given<T>` when
/// the conversion may refuse it.
fn converted(takes: &Takes, value: TokenStream, name: &str) -> TokenStream {
    match takes {
        Takes::Into => quote!(#value.into()),
        Takes::TryInto => quote!(rt::given(#name, #value.try_into())),
        Takes::List(inner, _) if fallible(inner) => {
            let each = converted(inner, quote!(item), name);
            quote!(#value.into_iter().map(|item| #each).collect::<rt::Given<Vec<_>>>())
        }
        Takes::List(..) => quote!(#value.into_iter().map(Into::into).collect()),
    }
}

/// Whether the request keeps `input` as an `rt::Given`: when taking it
/// may refuse a value, or when a whole body set at once may lack it (a
/// required field the body's type leaves optional).
fn kept_as_given(input: &Input) -> bool {
    fallible(&input.takes) || (input.required && matches!(input.role, Role::BodyField { optional_field: true, .. }))
}

/// The type of the request's field for `input`.
fn stored(input: &Input) -> TokenStream {
    let ty = stored_value(input);
    let ty = if input.required { ty } else { quote!(Option<#ty>) };
    if kept_as_given(input) { quote!(rt::Given<#ty>) } else { ty }
}

fn stored_value(input: &Input) -> TokenStream {
    match &input.takes {
        Takes::List(_, item) => quote!(Vec<#item>),
        _ => input.ty.clone(),
    }
}

fn method_ident(method: Method) -> syn::Ident {
    format_ident!("{}", method.as_str())
}

/// The `Client` method of `op`, and its request.
fn operation(spec: &Spec, api: &Api, types: &Types<'_>, op: &Operation, index: usize) -> (TokenStream, TokenStream) {
    let method = field_ident(&op.id);
    let request = request_ident(&op.id);
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    let inputs = inputs(spec, api, types, op);
    let (required, optional): (Vec<&Input>, Vec<&Input>) = inputs.iter().partition(|i| i.required);

    let args = required.iter().map(|i| {
        let ident = &i.ident;
        let ty = declared(&i.takes, &stored_value_item(i));
        quote!(#ident: #ty)
    });
    let whole_type = body_type(api, types, op).filter(|_| inputs.iter().any(in_whole_body));
    let inits = inputs.iter().filter(|i| !in_whole_body(i)).map(|i| {
        let ident = &i.ident;
        match (i.required, fallible(&i.takes)) {
            (true, true) => {
                let value = converted(&i.takes, quote!(#ident), &i.name);
                quote!(#ident: #value)
            }
            (true, false) if kept_as_given(i) => {
                let value = converted(&i.takes, quote!(#ident), &i.name);
                quote!(#ident: Ok(#value))
            }
            (true, false) => {
                let value = converted(&i.takes, quote!(#ident), &i.name);
                quote!(#ident: #value)
            }
            (false, true) => quote!(#ident: Ok(None)),
            (false, false) => quote!(#ident: None),
        }
    });
    // A body held whole starts with the required fields given and every
    // other one absent.
    let body_init = whole_type.as_ref().map(|ty| {
        // The engine derives `Default` for a struct none of whose fields is
        // required or defaulted by the spec.
        let all_absent = inputs.iter().all(|i| match &i.role {
            Role::BodyField { default, .. } => !i.required && default.is_none(),
            _ => true,
        });
        if all_absent {
            return quote!(body: Default::default(),);
        }
        let values = inputs.iter().filter_map(|i| {
            let Role::BodyField { field, optional_field, whole: true, .. } = &i.role else { return None };
            let ident = &i.ident;
            let value = match (i.required, optional_field) {
                (true, _) => converted(&i.takes, quote!(#ident), &i.name),
                (false, true) => quote!(None),
                (false, false) => quote!(Default::default()),
            };
            Some(quote!(#field: #value))
        });
        quote!(body: #ty { #(#values),* },)
    });
    let fields = inputs.iter().filter(|i| !in_whole_body(i)).map(|i| {
        let ident = &i.ident;
        let ty = stored(i);
        quote!(#ident: #ty)
    });
    let body_field = whole_type.as_ref().map(|ty| quote!(body: #ty,));
    let setters = optional.iter().map(|i| {
        let ident = &i.ident;
        let ty = declared(&i.takes, &stored_value_item(i));
        let value = converted(&i.takes, quote!(value), &i.name);
        let (place, set) = match &i.role {
            Role::BodyField { field, optional_field: false, whole: true, .. } => (quote!(self.body.#field), value),
            Role::BodyField { field, whole: true, .. } => (quote!(self.body.#field), quote!(Some(#value))),
            _ if fallible(&i.takes) => (quote!(self.#ident), quote!(#value.map(Some))),
            _ => (quote!(self.#ident), quote!(Some(#value))),
        };
        let doc = i.doc.as_deref().map(|d| link_bare_urls(d.trim_end())).unwrap_or_else(|| format!("Set `{}`.", i.name));
        quote! {
            #[doc = #doc]
            pub fn #ident(mut self, value: #ty) -> Self {
                #place = #set;
                self
            }
        }
    });

    let whole_body = body_type(api, types, op).map(|ty| whole_body_setter(&ty, &inputs));
    let (answer, read) = answer(spec, api, types, op);
    let unpack = inputs.iter().filter(|i| kept_as_given(i)).map(|i| {
        let ident = &i.ident;
        quote!(let #ident = self.#ident.map_err(Error::InvalidRequest)?;)
    });
    let checks = checks(op, &inputs);
    let verb = method_ident(op.method);
    // Literal segments side by side are written as one piece: `a/b`.
    let last = op.path.len().saturating_sub(1);
    let mut path: Vec<TokenStream> = Vec::new();
    let mut literal: Vec<&str> = Vec::new();
    for (at, segment) in op.path.iter().enumerate() {
        if let Segment::Literal(text) = segment {
            // A path the spec ends with `/` keeps it: some servers route
            // `/bots/` and `/bots` apart.
            if !text.is_empty() || at == last {
                literal.push(text);
            }
            continue;
        }
        if !literal.is_empty() {
            let text = literal.join("/");
            path.push(quote!(.segment(#text)));
            literal.clear();
        }
        path.push(match segment {
            Segment::Param(name) => match inputs.iter().find(|i| &i.name == name && matches!(i.role, Role::Param { .. })) {
                Some(i @ Input { role: Role::Param { written: Written::Value, .. }, .. }) => {
                    let value = given_value(i);
                    quote!(.param_value(#name, &#value))
                }
                Some(i) => {
                    let value = given_value(i);
                    quote!(.param(#name, #value.to_string()))
                }
                None => quote!(.param(#name, "")),
            },
            Segment::Credential { slot, .. } => quote!(.credential_segment(#slot)),
            Segment::Literal(_) => continue,
        });
    }
    if !literal.is_empty() {
        let text = literal.join("/");
        path.push(quote!(.segment(#text)));
    }
    let params = inputs.iter().filter_map(|i| {
        let Role::Param { location, written, explode } = &i.role else { return None };
        if *location == In::Path {
            return None;
        }
        let name = if *location == In::Header { i.name.to_ascii_lowercase() } else { i.name.clone() };
        // `to_string()` rather than the value: a newtype of the engine's
        // has its text through `Deref`, not `Display`.
        let put = |request: TokenStream, value: TokenStream| match (location, written) {
            (In::Header, Written::Value) => quote!(#request.header_value(#name, #value)),
            (In::Header, _) => quote!(#request.header(#name, #value.to_string())),
            (_, Written::Value) => quote!(#request.query_value(#name, #value)),
            (_, Written::Object) => quote!(#request.query_object(#name, #value)),
            (_, Written::List) if *explode => quote!(#request.query_each(#name, #value.iter().map(|v| v.to_string()))),
            (_, Written::List) => quote!(#request.query_joined(#name, #value.iter().map(|v| v.to_string()))),
            (_, Written::Text) => quote!(#request.query(#name, #value.to_string())),
        };
        let value = given_value(i);
        Some(if i.required {
            let value = match written {
                Written::Value | Written::Object => quote!(&#value),
                _ => value.clone(),
            };
            put(quote!(), value)
        } else {
            let put = put(quote!(r), quote!(v));
            quote!(.optional(#value.as_ref(), |r, v| #put))
        })
    });
    let (build_body, send_body) = match &op.body {
        None => (None, None),
        Some(body) => {
            let encode = match body.encoding {
                Encoding::Form => quote!(form),
                Encoding::Multipart => quote!(multipart),
                _ => quote!(json),
            };
            match body_type(api, types, op) {
                Some(_) if whole_type.is_some() => (None, Some(quote!(.#encode(&self.body)))),
                Some(ty) => {
                    let fields = inputs.iter().filter_map(|i| {
                        let Role::BodyField { field, optional_field, default, .. } = &i.role else { return None };
                        let ident = given_value(i);
                        let value = match (i.required, optional_field, default) {
                            (true, true, _) => quote!(Some(#ident)),
                            (true, false, _) | (false, true, _) if kept_as_given(i) && *field == i.ident => return Some(quote!(#field)),
                            (true, false, _) | (false, true, _) => quote!(#ident),
                            (false, false, Some(json)) => {
                                let message = format!(
                                    "the spec's default of `{}` is not a value of its type: {{}}; the request was not sent",
                                    i.name
                                );
                                quote!(match #ident {
                                    Some(value) => value,
                                    None => ::serde_json::from_str(#json).map_err(|e| Error::InvalidRequest(format!(#message, e)))?,
                                })
                            }
                            (false, false, None) => quote!(#ident.unwrap_or_default()),
                        };
                        Some(quote!(#field: #value))
                    });
                    (Some(quote!(let body = #ty { #(#fields),* };)), Some(quote!(.#encode(&body))))
                }
                None => {
                    let whole = inputs.iter().find(|i| matches!(i.role, Role::Body)).map_or(quote!(body), given_value);
                    let send = if body.required {
                        quote!(.#encode(&#whole))
                    } else {
                        quote!(.optional(#whole.as_ref(), |r, body| r.#encode(body)))
                    };
                    (None, Some(send))
                }
            }
        }
    };

    let request_built = quote!(rt::Request::new(&self.client, #index, rt::Method::#verb) #(#path)* #(#params)* #send_body);
    let send = match read {
        Read::At(at) => quote!(#request_built.send_reading(#at).await),
        Read::ByStatus(read) => quote! {
            let answer = #request_built.send().await?;
            #read
        },
    };

    // The summary first when the spec gives one; the method and path
    // stand for it otherwise.
    let mut parts: Vec<String> = [&op.summary, &op.description].into_iter().flatten().map(|t| link_bare_urls(t.trim_end())).collect();
    parts.push(format!("`{} {}`", op.method.as_str(), op.template));
    let call: Vec<String> = required.iter().map(|i| i.ident.to_string()).collect();
    // The example shows the first few of the body's setters.
    let shown: String = optional
        .iter()
        .filter(|i| matches!(i.role, Role::BodyField { .. }))
        .take(3)
        .map(|i| format!(".{0}({0})", i.ident.to_string().trim_start_matches("r#")))
        .collect();
    parts.push(format!("```text\nlet answer = client.{method}({}){shown}.send().await?;\n```", call.join(", ")));
    let doc = parts.join("\n\n");
    let request_doc = format!("The request of [`Client::{method}`](super::Client::{method}): set its optional inputs, then `send()` it.");

    let client_method = quote! {
        #[doc = #doc]
        pub fn #method(&self, #(#args),*) -> #request {
            #request {
                client: self.clone(),
                #(#inits,)*
                #body_init
            }
        }
    };
    let request_item = quote! {
        #[doc = #request_doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #request {
            client: Client,
            #(#fields,)*
            #body_field
        }

        impl #request {
            #(#setters)*

            #whole_body

            /// Send the request: `.await` answers the decoded value, `.with_response().await` the value with the answer's status and headers.
            pub fn send(self) -> rt::Sending<#answer, Error> {
                rt::Sending::new(async move {
                    #(#unpack)*
                    #checks
                    #build_body
                    #send
                })
            }
        }
    };
    (client_method, request_item)
}

/// Where `send` reads an input as given: the request's
/// field, or the local its `rt::Given` was unpacked into.
fn given_value(input: &Input) -> TokenStream {
    let ident = &input.ident;
    match &input.role {
        Role::BodyField { field, whole: true, .. } => quote!(self.body.#field),
        _ if kept_as_given(input) => quote!(#ident),
        _ => quote!(self.#ident),
    }
}

/// The name of `op`'s request, clear of the names its module uses.
pub fn request_ident(id: &str) -> syn::Ident {
    let name = sanitize(id, Case::Pascal);
    let taken = [
        "Client",
        "Error",
        "Option",
        "Some",
        "None",
        "Result",
        "Ok",
        "Err",
        "String",
        "Vec",
        "Box",
        "Into",
        "TryInto",
        "IntoIterator",
        "Self",
    ];
    if taken.contains(&name.as_str()) { format_ident!("{}Request", name) } else { format_ident!("{}", name) }
}

/// The type of an argument or setter's items: the stored list's item.
fn stored_value_item(input: &Input) -> TokenStream {
    match &input.takes {
        Takes::List(_, item) => item.clone(),
        _ => input.ty.clone(),
    }
}

/// `body(whole)`: every field of a body struct at once, for a body made
/// elsewhere (read from a file, or a webhook's forwarded).
fn whole_body_setter(ty: &TokenStream, inputs: &[Input]) -> TokenStream {
    if inputs.iter().any(in_whole_body) {
        return quote! {
            /// Set the whole body at once, in place of the fields set before.
            pub fn body(mut self, value: impl Into<#ty>) -> Self {
                self.body = value.into();
                self
            }
        };
    }
    let set = inputs.iter().filter_map(|i| {
        let Role::BodyField { field, optional_field, .. } = &i.role else { return None };
        let missing = format!("the body has no `{}`", i.name);
        let value = match (i.required, optional_field) {
            (true, true) => quote!(body.#field.ok_or_else(|| #missing.to_string())),
            (true, false) | (false, true) => quote!(body.#field),
            (false, false) => quote!(Some(body.#field)),
        };
        let value = if kept_as_given(i) && !matches!((i.required, optional_field), (true, true)) { quote!(Ok(#value)) } else { value };
        let ident = &i.ident;
        Some(quote!(self.#ident = #value;))
    });
    quote! {
        /// Set the whole body at once, in place of every body field given
        /// before.
        pub fn body(mut self, value: impl Into<#ty>) -> Self {
            let body = value.into();
            #(#set)*
            self
        }
    }
}

/// The body struct's path, when the body is a struct taken apart.
fn body_type(api: &Api, types: &Types<'_>, op: &Operation) -> Option<TokenStream> {
    let schema = op.body.as_ref()?.schema.as_ref()?;
    let name = type_name(api, schema)?;
    matches!(types.details(&name)?, TypeDetails::Struct(_)).then(|| {
        let ident = format_ident!("{}", name);
        quote!(types::#ident)
    })
}

/// What `send()` answers, and how the answer is read into it.
fn answer(spec: &Spec, api: &Api, types: &Types<'_>, op: &Operation) -> (TokenStream, Read) {
    let decode = if op.unconfirmed_answer { quote!(lenient) } else { quote!(json) };
    let successes: Vec<(&Status, &Shape)> = op
        .responses
        .iter()
        .filter(|r| matches!(r.status, Status::Code(200..=299) | Status::Range(2)))
        .map(|r| (&r.status, &r.shape))
        .collect();
    let choice = api.choices.iter().find(|c| c.id == op.id);
    let json_type = |schema: &Option<SchemaRef>| match (choice, schema) {
        (Some(choice), _) => {
            let ident = type_ident(&choice.name);
            quote!(types::#ident)
        }
        (None, Some(schema)) => rust_type(spec, api, schema),
        (None, None) => quote!(::serde_json::Value),
    };
    let json: Option<TokenStream> = successes.iter().find_map(|(_, shape)| match shape {
        Shape::Json(schema) => Some(json_type(schema)),
        _ => None,
    });
    let pattern = |status: &Status| match status {
        Status::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(*code);
            quote!(#code)
        }
        _ => quote!(200..=299),
    };
    let mut arms: Vec<(bool, TokenStream)> = Vec::new();
    let answer_type = match &json {
        Some(ty) => {
            let some_empty = successes.iter().any(|(_, shape)| !matches!(shape, Shape::Json(_)));
            for (status, shape) in &successes {
                let at = pattern(status);
                // A choice of answers is read as the shape of the status that
                // came, not as the first shape the body happens to match.
                let member = match (choice, shape) {
                    (Some(choice), Shape::Json(Some(schema))) => choice_variant(api, types, &choice.name, schema),
                    _ => None,
                };
                let read = match (shape, some_empty, member) {
                    (Shape::Json(_), false, None) => quote!(answer.#decode()),
                    (Shape::Json(_), true, None) => quote!(answer.#decode::<#ty, _>().map(|r| r.map(Some))),
                    (Shape::Json(_), false, Some((member, variant))) => {
                        quote!(answer.#decode::<#member, _>().map(|r| r.map(#ty::#variant)))
                    }
                    (Shape::Json(_), true, Some((member, variant))) => {
                        quote!(answer.#decode::<#member, _>().map(|r| r.map(|v| Some(#ty::#variant(v)))))
                    }
                    (_, _, _) => quote!(answer.empty().map(|r| r.map(|()| None))),
                };
                arms.push((matches!(status, Status::Range(_)), quote!(#at => #read,)));
            }
            if some_empty { quote!(Option<#ty>) } else { ty.clone() }
        }
        None => {
            let text = successes.iter().any(|(_, shape)| matches!(shape, Shape::Text));
            for (status, _) in &successes {
                let at = pattern(status);
                let read = if text { quote!(answer.text()) } else { quote!(answer.empty()) };
                arms.push((matches!(status, Status::Range(_)), quote!(#at => #read,)));
            }
            if successes.is_empty() {
                arms.push((true, quote!(200..=299 => answer.empty(),)));
            }
            if text { quote!(::std::string::String) } else { quote!(()) }
        }
    };
    // One documented status read one way is read in one line.
    if let ([(Status::Code(code), _)], [(false, _)]) = (successes.as_slice(), arms.as_slice()) {
        let read = match &json {
            Some(_) if successes.iter().all(|(_, shape)| matches!(shape, Shape::Json(_))) && choice.is_none() => Some(decode.clone()),
            None if successes.iter().any(|(_, shape)| matches!(shape, Shape::Text)) => Some(quote!(text)),
            None => Some(quote!(empty)),
            _ => None,
        };
        if let Some(read) = read {
            let code = proc_macro2::Literal::u16_unsuffixed(*code);
            return (answer_type, Read::At(quote!(#code, rt::Answer::#read)));
        }
    }
    // Exact statuses before ranges, each once.
    arms.sort_by_key(|(range, _)| *range);
    let mut seen = HashSet::new();
    let arms = arms.into_iter().map(|(_, arm)| arm).filter(|arm| seen.insert(arm.to_string()));
    (
        answer_type,
        Read::ByStatus(quote! {
            match answer.status().as_u16() {
                #(#arms)*
                _ => answer.undocumented(),
            }
        }),
    )
}

/// How `send` reads the answer of an operation.
enum Read {
    /// The one documented status, read one way: `send_reading`'s arguments.
    At(TokenStream),
    /// A `match` on the status of `answer`.
    ByStatus(TokenStream),
}

/// The type of `member` and the variant of the engine's enum for the
/// choice `choice` that holds it, when the engine made one variant of it.
fn choice_variant(api: &Api, types: &Types<'_>, choice: &str, member: &SchemaRef) -> Option<(TokenStream, syn::Ident)> {
    let member_name = type_name(api, member)?;
    let TypeDetails::Enum(choice) = types.details(&sanitize(choice, Case::Pascal))? else { return None };
    let variant = choice.variants().find_map(|(variant, details)| match details {
        typify::TypeEnumVariant::Tuple(ids) if ids.len() == 1 => {
            let ty = types.space.get_type(&ids[0]).ok()?;
            (ty.name() == member_name).then(|| format_ident!("{}", variant))
        }
        _ => None,
    })?;
    let ident = type_ident(&member_name);
    Some((quote!(types::#ident), variant))
}

/// What the spec requires of the inputs beyond their types, checked before
/// anything is sent, on the inputs as given (`T`, or `Option<T>` for an
/// optional one).
fn checks(op: &Operation, inputs: &[Input]) -> TokenStream {
    let input = |name: &str| inputs.iter().find(|i| i.name == name);
    // Whether an input was given: `None` when it always is.
    let given = |name: &str| {
        let i = input(name)?;
        let value = given_value(i);
        (!i.required).then(|| quote!(#value.is_some()))
    };
    let mut out = Vec::new();
    for bound in &op.bounds {
        let Some(i) = input(&bound.parameter) else { continue };
        let param = &bound.parameter;
        let lo = bound.minimum.map_or(quote!(f64::NEG_INFINITY), |v| quote!(#v));
        let hi = bound.maximum.map_or(quote!(f64::INFINITY), |v| quote!(#v));
        let given = given_value(i);
        let value = if i.required { quote!(Some(&#given)) } else { quote!(#given.as_ref()) };
        out.push(quote!(rt::within(#param, #value, #lo, #hi).map_err(Error::InvalidRequest)?;));
    }
    if !op.require_one_of.is_empty() {
        let each: Vec<Option<TokenStream>> = op.require_one_of.iter().filter(|p| input(p).is_some()).map(|p| given(p)).collect();
        // One that is always given meets it.
        if !each.is_empty() && each.iter().all(Option::is_some) {
            let each = each.into_iter().flatten();
            let message = format!(
                "give at least one of {}; the request was not sent",
                op.require_one_of.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
            );
            out.push(quote! {
                if !(#(#each)||*) {
                    return Err(Error::InvalidRequest(#message.to_string()));
                }
            });
        }
    }
    for r in &op.requires {
        if input(&r.given).is_none() {
            continue;
        }
        for need in &r.needs {
            // A needed input that is always given is always there.
            let Some(need_input) = input(need).filter(|i| !i.required) else { continue };
            let needed = given_value(need_input);
            let message = format!("`{}` needs `{need}` given too; the request was not sent", r.given);
            let condition = match given(&r.given) {
                Some(is_given) => quote!(#is_given && #needed.is_none()),
                None => quote!(#needed.is_none()),
            };
            out.push(quote! {
                if #condition {
                    return Err(Error::InvalidRequest(#message.to_string()));
                }
            });
        }
    }
    quote!(#(#out)*)
}
