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
    /// `impl TryInto<T>`: the value may be refused.
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
    Param { location: In, written: Written, explode: bool },
    /// A field of the body struct: its Rust name there, whether the
    /// struct's field is an `Option`, and else the spec's default for it
    /// (as JSON) when it has one (without, an absent value is its type's
    /// default).
    BodyField { field: syn::Ident, optional_field: bool, default: Option<String> },
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
    let title = spec.tree.pointer("/info/title").and_then(Value::as_str).unwrap_or("the API");
    let client_doc = format!("A client of {title}: one method per call of the API. Cheap to clone, and clones share their connections and rate limit.");
    let mut methods = Vec::new();
    let mut requests = Vec::new();
    for (index, op) in api.operations.iter().enumerate() {
        let (method, request) = operation(spec, api, types, op, index);
        methods.push(method);
        requests.push(request);
    }
    quote! {
        #[doc = #client_doc]
        #[derive(Clone, Debug)]
        pub struct Client {
            pub(crate) baseurl: String,
            pub(crate) client: reqwest::Client,
            pub(crate) inner: crate::runtime::Inner,
        }

        impl Client {
            /// Put a client together from its parts (how
            /// `crate::runtime::ClientBuilder` makes one).
            #[doc(hidden)]
            pub fn new_with_client(baseurl: &str, client: reqwest::Client, inner: crate::runtime::Inner) -> Self {
                Client { baseurl: baseurl.to_string(), client, inner }
            }

            /// The base URL every call's path follows.
            pub fn baseurl(&self) -> &str {
                &self.baseurl
            }

            /// The runtime's state of this client: its credentials, limits and
            /// rate limiter.
            #[doc(hidden)]
            pub fn inner(&self) -> &crate::runtime::Inner {
                &self.inner
            }
        }

        impl crate::runtime::GeneratedClient for Client {
            const VENDOR: &'static crate::runtime::VendorInfo = &VENDOR;

            fn assemble(base_url: &str, http: reqwest::Client, inner: crate::runtime::Inner) -> Self {
                Self::new_with_client(base_url, http, inner)
            }
        }

        /// The requests the methods of [`Client`] return: each is sent
        /// with `send()`, and its optional inputs set before.
        pub mod request {
            #[allow(unused_imports)]
            use super::{types, Client, Error};

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
                        role: Role::BodyField { field, optional_field, default },
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
        let reserved = ["client", "send", "send_with_response", "stream", "pages", "body"].contains(&input.ident.to_string().as_str());
        if matches!(input.role, Role::BodyField { .. }) && (taken.contains(&input.ident.to_string()) || reserved) {
            input.ident = format_ident!("body_{}", input.ident.to_string().trim_start_matches("r#"));
        }
    }
    out.sort_by_key(|i| !i.required);
    out
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
    let properties = component
        .and_then(|c| crate::model::refs::component(spec, c))
        .and_then(|c| c.get("properties"))
        .and_then(Value::as_object);
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
        Takes::Into => quote!(impl ::std::convert::Into<#ty>),
        Takes::TryInto => quote!(impl ::std::convert::TryInto<#ty, Error: ::std::fmt::Display>),
        Takes::List(inner, item) => {
            let item = declared(inner, item);
            quote!(impl ::std::iter::IntoIterator<Item = #item>)
        }
    }
}

/// The value given as `value`, converted: a `Result<T, String>`.
fn converted(takes: &Takes, value: TokenStream, name: &str) -> TokenStream {
    match takes {
        Takes::Into => quote!(crate::runtime::Given::Ok(#value.into())),
        Takes::TryInto => {
            let message = format!("`{name}` is not valid: {{}}");
            quote!(#value.try_into().map_err(|e| format!(#message, e)))
        }
        Takes::List(inner, _) => {
            let each = converted(inner, quote!(item), name);
            quote!(#value.into_iter().map(|item| #each).collect::<crate::runtime::Given<::std::vec::Vec<_>>>())
        }
    }
}

/// The type of the request's field for `input`.
fn stored(input: &Input) -> TokenStream {
    let ty = stored_value(input);
    if input.required {
        quote!(crate::runtime::Given<#ty>)
    } else {
        quote!(crate::runtime::Given<::std::option::Option<#ty>>)
    }
}

fn stored_value(input: &Input) -> TokenStream {
    match &input.takes {
        Takes::List(_, item) => quote!(::std::vec::Vec<#item>),
        _ => input.ty.clone(),
    }
}

fn method_ident(method: Method) -> syn::Ident {
    format_ident!("{}", method.as_str())
}

/// The `Client` method of `op`, and its request.
fn operation(spec: &Spec, api: &Api, types: &Types<'_>, op: &Operation, index: usize) -> (TokenStream, TokenStream) {
    let method = field_ident(&op.id);
    let request = type_ident(&op.id);
    let inputs = inputs(spec, api, types, op);
    let (required, optional): (Vec<&Input>, Vec<&Input>) = inputs.iter().partition(|i| i.required);

    let args = required.iter().map(|i| {
        let ident = &i.ident;
        let ty = declared(&i.takes, &stored_value_item(i));
        quote!(#ident: #ty)
    });
    let inits = inputs.iter().map(|i| {
        let ident = &i.ident;
        if i.required {
            let value = converted(&i.takes, quote!(#ident), &i.name);
            quote!(#ident: #value)
        } else {
            quote!(#ident: ::std::result::Result::Ok(::std::option::Option::None))
        }
    });
    let fields = inputs.iter().map(|i| {
        let ident = &i.ident;
        let ty = stored(i);
        quote!(#ident: #ty)
    });
    let setters = optional.iter().map(|i| {
        let ident = &i.ident;
        let ty = declared(&i.takes, &stored_value_item(i));
        let value = converted(&i.takes, quote!(value), &i.name);
        let doc = i.doc.as_deref().map(|d| link_bare_urls(d.trim_end())).unwrap_or_else(|| format!("Set `{}`.", i.name));
        quote! {
            #[doc = #doc]
            pub fn #ident(mut self, value: #ty) -> Self {
                self.#ident = #value.map(::std::option::Option::Some);
                self
            }
        }
    });

    let whole_body = body_type(api, types, op).map(|ty| whole_body_setter(&ty, &inputs));
    let (answer, read) = answer(spec, api, op);
    let answers_json = op.responses.iter().any(|r| matches!(r.status, Status::Code(200..=299) | Status::Range(2)) && matches!(r.shape, Shape::Json(_)));
    let accept = answers_json.then(|| quote!(.header("accept", "application/json")));
    let checks = checks(op, &inputs);
    let unpack = inputs.iter().map(|i| {
        let ident = &i.ident;
        quote!(let #ident = #ident.map_err(Error::InvalidRequest)?;)
    });
    let names = inputs.iter().map(|i| &i.ident);
    let verb = method_ident(op.method);
    let last = op.path.len().saturating_sub(1);
    let path = op.path.iter().enumerate().map(|(at, segment)| match segment {
        Segment::Literal(text) => {
            // A path the spec ends with `/` keeps it: some servers route
            // `/bots/` and `/bots` apart.
            if text.is_empty() && at != last {
                quote!()
            } else {
                quote!(.segment(#text))
            }
        }
        Segment::Param(name) => {
            match inputs.iter().find(|i| &i.name == name && matches!(i.role, Role::Param { .. })) {
                Some(Input { ident, role: Role::Param { written: Written::Value, .. }, .. }) => quote!(.param_value(#name, &#ident)),
                Some(Input { ident, .. }) => quote!(.param(#name, #ident.to_string())),
                None => quote!(.param(#name, "")),
            }
        }
        Segment::Credential { slot, .. } => quote!(.credential_segment(#slot)),
    });
    let params = inputs.iter().filter_map(|i| {
        let Role::Param { location, written, explode } = &i.role else { return None };
        if *location == In::Path {
            return None;
        }
        let name = if *location == In::Header { i.name.to_ascii_lowercase() } else { i.name.clone() };
        let ident = &i.ident;
        let put = match (location, written) {
            (In::Header, Written::Value) => quote!(request.header_value(#name, value)),
            (In::Header, _) => quote!(request.header(#name, value.to_string())),
            (_, Written::Value) => quote!(request.query_value(#name, value)),
            (_, Written::Object) => quote!(request.query_object(#name, value)),
            (_, Written::List) if *explode => quote!(request.query_each(#name, value.iter().map(|v| v.to_string()))),
            (_, Written::List) => quote!(request.query(#name, value.iter().map(|v| v.to_string()).collect::<::std::vec::Vec<_>>().join(","))),
            (_, Written::Text) => quote!(request.query(#name, value.to_string())),
        };
        Some(if i.required {
            quote!(let request = { let value = &#ident; #put };)
        } else {
            quote!(let request = match &#ident { ::std::option::Option::Some(value) => #put, ::std::option::Option::None => request };)
        })
    });
    let body = op.body.as_ref().map(|body| {
        let encode = match body.encoding {
            Encoding::Form => quote!(form),
            Encoding::Multipart => quote!(multipart),
            _ => quote!(json),
        };
        let value = match body_type(api, types, op) {
            Some(ty) => {
                let fields = inputs.iter().filter_map(|i| {
                    let Role::BodyField { field, optional_field, default } = &i.role else { return None };
                    let ident = &i.ident;
                    Some(match (i.required, optional_field, default) {
                        (true, true, _) => quote!(#field: ::std::option::Option::Some(#ident)),
                        (true, false, _) | (false, true, _) => quote!(#field: #ident),
                        (false, false, Some(json)) => {
                            let message = format!("the spec's default of `{}` is not a value of its type: {{}}; the request was not sent", i.name);
                            quote!(#field: match #ident {
                                ::std::option::Option::Some(value) => value,
                                ::std::option::Option::None => ::serde_json::from_str(#json).map_err(|e| Error::InvalidRequest(format!(#message, e)))?,
                            })
                        }
                        (false, false, None) => quote!(#field: #ident.unwrap_or_default()),
                    })
                });
                quote!(#ty { #(#fields),* })
            }
            None => quote!(body),
        };
        let wrap = if body_type(api, types, op).is_none() && !body.required {
            quote!(match &body { ::std::option::Option::Some(body) => request.#encode(body), ::std::option::Option::None => request })
        } else {
            quote!(request.#encode(&body))
        };
        quote! {
            let body = #value;
            let request = #wrap;
        }
    });

    let summary = op.summary.clone().unwrap_or_else(|| format!("`{}`", op.id));
    let mut doc = link_bare_urls(summary.trim_end());
    if let Some(description) = &op.description {
        doc.push_str("\n\n");
        doc.push_str(&link_bare_urls(description.trim_end()));
    }
    doc.push_str(&format!("\n\n`{} {}`", op.method.as_str(), op.template));
    let call: Vec<String> = required.iter().map(|i| i.ident.to_string()).collect();
    doc.push_str(&format!(
        "\n\n```text\nlet answer = client.{method}({}).send().await?;\n```",
        call.join(", ")
    ));
    let request_doc = format!(
        "The request of [`Client::{method}`](super::Client::{method}): set its optional inputs, then `send()` it."
    );
    let with_response_doc = "Send the request, and answer the value with the answer's status and headers \
         ([`Response`](crate::runtime::Response)).";

    let client_method = quote! {
        #[doc = #doc]
        pub fn #method(&self, #(#args),*) -> #request {
            #request {
                client: self.clone(),
                #(#inits,)*
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
        }

        impl #request {
            #(#setters)*

            #whole_body

            /// Send the request, and answer the decoded value.
            pub async fn send(self) -> ::std::result::Result<#answer, Error> {
                self.send_with_response().await.map(crate::runtime::Response::into_inner)
            }

            #[doc = #with_response_doc]
            pub async fn send_with_response(self) -> ::std::result::Result<crate::runtime::Response<#answer>, Error> {
                // Boxed: a caller's async fn holding a few dozen calls
                // builds each of their futures on its stack.
                ::std::boxed::Box::pin(async move {
                    #checks
                    let Self { client, #(#names),* } = self;
                    #(#unpack)*
                    let request = crate::runtime::Request::new(
                        &client.client,
                        &client.baseurl,
                        &client.inner,
                        &super::VENDOR.operations[#index],
                        ::reqwest::Method::#verb,
                    ) #(#path)* #accept;
                    #(#params)*
                    #body
                    let answer = request.send().await.map_err(crate::runtime::Failed::into_error)?;
                    #read
                })
                .await
            }
        }
    };
    (client_method, request_item)
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
    let fields: Vec<(&syn::Ident, TokenStream)> = inputs
        .iter()
        .filter_map(|i| {
            let Role::BodyField { field, optional_field, .. } = &i.role else { return None };
            let missing = format!("the body has no `{}`", i.name);
            let value = match (i.required, optional_field) {
                (true, true) => quote!(body.#field.ok_or_else(|| #missing.to_string())),
                (true, false) | (false, true) => quote!(::std::result::Result::Ok(body.#field)),
                (false, false) => quote!(::std::result::Result::Ok(::std::option::Option::Some(body.#field))),
            };
            Some((&i.ident, value))
        })
        .collect();
    let set = fields.iter().map(|(ident, value)| quote!(self.#ident = #value;));
    quote! {
        /// Set the whole body at once, in place of every body field given
        /// before.
        pub fn body(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
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
fn answer(spec: &Spec, api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
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
        Status::Code(code) => quote!(#code),
        _ => quote!(200..=299),
    };
    let mut arms: Vec<(bool, TokenStream)> = Vec::new();
    let answer_type = match &json {
        Some(ty) => {
            let some_empty = successes.iter().any(|(_, shape)| !matches!(shape, Shape::Json(_)));
            for (status, shape) in &successes {
                let at = pattern(status);
                let read = match (shape, some_empty) {
                    (Shape::Json(_), false) => quote!(answer.#decode()),
                    (Shape::Json(_), true) => quote!(answer.#decode().map(|r| r.map(::std::option::Option::Some))),
                    (_, _) => quote!(answer.empty().map(|r| r.map(|()| ::std::option::Option::None))),
                };
                arms.push((matches!(status, Status::Range(_)), quote!(#at => #read,)));
            }
            if some_empty { quote!(::std::option::Option<#ty>) } else { ty.clone() }
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
    // Exact statuses before ranges, each once.
    arms.sort_by_key(|(range, _)| *range);
    let mut seen = HashSet::new();
    let arms = arms.into_iter().map(|(_, arm)| arm).filter(|arm| seen.insert(arm.to_string()));
    (
        answer_type,
        quote! {
            match answer.status().as_u16() {
                #(#arms)*
                _ => answer.undocumented(),
            }
        },
    )
}

/// What the spec requires of the inputs beyond their types, checked before
/// anything is sent.
fn checks(op: &Operation, inputs: &[Input]) -> TokenStream {
    let field = |name: &str| inputs.iter().find(|i| i.name == name).map(|i| i.ident.clone());
    let given = |ident: &syn::Ident, required: bool| {
        if required { quote!(self.#ident.is_ok()) } else { quote!(::std::matches!(&self.#ident, ::std::result::Result::Ok(::std::option::Option::Some(_)))) }
    };
    let required = |name: &str| inputs.iter().any(|i| i.name == name && i.required);
    let mut out = Vec::new();
    for bound in &op.bounds {
        let Some(ident) = field(&bound.parameter) else { continue };
        let param = &bound.parameter;
        let lo = bound.minimum.map_or(quote!(f64::NEG_INFINITY), |v| quote!(#v));
        let hi = bound.maximum.map_or(quote!(f64::INFINITY), |v| quote!(#v));
        let message = format!("`{param}` must be from {{}} to {{}}, not {{}}; the request was not sent");
        let value = if required(param) {
            quote!(::std::result::Result::Ok(value))
        } else {
            quote!(::std::result::Result::Ok(::std::option::Option::Some(value)))
        };
        out.push(quote! {
            if let #value = &self.#ident {
                let number: f64 = value.to_string().parse().unwrap_or(f64::NAN);
                if !(#lo..=#hi).contains(&number) {
                    return ::std::result::Result::Err(Error::InvalidRequest(format!(#message, #lo, #hi, value)));
                }
            }
        });
    }
    if !op.require_one_of.is_empty() {
        let given: Vec<TokenStream> = op.require_one_of.iter().filter_map(|p| field(p).map(|i| given(&i, required(p)))).collect();
        let message = format!(
            "give at least one of {}; the request was not sent",
            op.require_one_of.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
        );
        out.push(quote! {
            if !(false #(|| #given)*) {
                return ::std::result::Result::Err(Error::InvalidRequest(#message.to_string()));
            }
        });
    }
    for r in &op.requires {
        let Some(given_ident) = field(&r.given) else { continue };
        let is_given = given(&given_ident, required(&r.given));
        for need in &r.needs {
            let Some(need_ident) = field(need) else { continue };
            let needed = given(&need_ident, required(need));
            let message = format!("`{}` needs `{need}` given too; the request was not sent", r.given);
            out.push(quote! {
                if #is_given && !#needed {
                    return ::std::result::Result::Err(Error::InvalidRequest(#message.to_string()));
                }
            });
        }
    }
    quote!(#(#out)*)
}
