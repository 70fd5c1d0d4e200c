//! What we add on top of the engine's client: credentials given once at
//! construction, the vendor's servers and documented limits, the metadata
//! the runtime works from, the hooks that hand every request to it, and
//! `stream()` on paginated operations.
//!
//! Everything here is driven by the spec (securitySchemes, servers and our
//! `x-botapis-*` extensions, listed in `specs/README.md`), so a new spec gets
//! it by declaring it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::load::Spec;
use crate::model::{Api, CursorKind, ErrorEnvelope, Pagination, Placement, RateLimit};

use super::names::{field_ident, type_ident, verbatim_ident};

/// The tokens of our layer for `spec`: servers, webhooks, the vendor's
/// facts, the error type and the streams of paged calls.
pub fn tokens(spec: &Spec, module: &str, api: &Api) -> TokenStream {
    let title = spec.tree.pointer("/info/title").and_then(|t| t.as_str()).unwrap_or("the API");
    let servers = servers(api);
    let vendor_static = vendor_info(module, api, title);
    let error = error_type(&api.error);
    let streams = api.pagination.iter().map(stream);
    let webhooks = webhooks(title, &api.webhooks);
    quote! {
        #servers
        #webhooks
        #vendor_static
        #error
        // A constrained value that does not convert (`"".parse::<Name>()`)
        // fails with the engine's `ConversionError`; `?` makes it an invalid
        // request that was never sent.
        impl From<types::error::ConversionError> for Error {
            fn from(e: types::error::ConversionError) -> Self {
                Error::InvalidRequest(format!("{e}; the request was not sent"))
            }
        }
        #(#streams)*
    }
}

/// The vendor module's page: an example (a client from the environment
/// making `first_call`, when there is one), a guide from the spec (what
/// the API is, its documentation's contradictions and the choices made,
/// from `info.description`), then how to build a client and authenticate,
/// the servers, limits, paging and errors, from what the spec declares.
pub fn module_doc(spec: &Spec, module: &str, api: &Api, first_call: Option<&str>) -> String {
    let title = spec.tree.pointer("/info/title").and_then(|t| t.as_str()).unwrap_or("the API");
    let source = spec.path.to_string_lossy().replace('\\', "/");
    let mut out = format!("# {title}\n\n");
    // A page opens with a call, compiled as a doctest where the module is
    // botapis's.
    let call = match first_call {
        Some(call) => format!("let answer = client.{call}.send().await?;\nprintln!(\"{{answer:?}}\");\n"),
        None => String::new(),
    };
    out.push_str(&format!(
        "```no_run\n\
         # async fn demo() -> Result<(), Box<dyn std::error::Error>> {{\n\
         let client = botapis::{module}::Client::from_env()?;\n\
         {call}\
         # let _ = client; Ok(()) }}\n\
         ```\n\n"
    ));
    if let Some(description) = spec.tree.pointer("/info/description").and_then(|d| d.as_str()) {
        out.push_str(&super::lower::link_bare_urls(description.trim_end()));
        out.push_str("\n\n");
    }
    let variable = |name: &str| env_variable(module, name);
    let constructor = super::names::constructor_name(&api.slots);
    let variables = api.slots.iter().map(|s| format!("`{}`", variable(s))).collect::<Vec<_>>().join(", ");
    out.push_str(&format!(
        "## Getting started\n\n\
         Build a [`Client`] once and share it: [`Client::{constructor}`] for the default \
         server, [`Client::from_env`] to read {} (and `{}`, another base URL, when set), \
         [`Client::with_base_url`] for another server or a mock, and [`Client::builder`] for \
         timeouts, retries and rate limiting. Each method of `Client` is one call of the API: its \
         required inputs (the required fields of its body among them) are its arguments, its \
         optional ones setters of the request it returns, and `.send().await` sends it and answers \
         the decoded value; `.send().with_response().await` answers it with the status and headers \
         ([`Response`](crate::runtime::Response)).\n\n{}\n\n",
        if variables.is_empty() { "nothing".to_string() } else { variables },
        variable("base_url"),
        describe(api),
    ));
    if !api.servers.is_empty() {
        out.push_str("## Servers\n\n");
        for server in &api.servers {
            let about = server.description.as_deref().map(|d| format!(": {}", super::lower::link_bare_urls(d))).unwrap_or_default();
            out.push_str(&format!("- [`servers::{}`] (`{}`){about}\n", server.name, server.url));
        }
        out.push('\n');
    }
    out.push_str("## Limits, retries and errors\n\n");
    if let Some(RateLimit { requests, per_seconds }) = &api.rate_limit {
        out.push_str(&format!(
            "The documentation allows {requests} requests per {per_seconds} s; the client paces itself to that \
             (`Client::builder(..).rate_limit(..)` or `.no_rate_limit()` changes it). "
        ));
    }
    out.push_str(
        "A call that may be repeated safely is retried when it fails on the way or the vendor is \
         busy ([`RetryPolicy`](crate::runtime::RetryPolicy)); a call that sends a message is sent \
         again only when the vendor provably never saw it. Every call fails with this module's \
         [`Error`], which names no credential.\n\n",
    );
    if !api.pagination.is_empty() {
        out.push_str("## Paging\n\nThese calls are paged: `stream()` on their request reads every item, page after page, and `pages()` every page whole:\n\n");
        for p in &api.pagination {
            out.push_str(&format!("- [`Client::{}`]\n", field_ident(&p.operation_id)));
        }
        out.push('\n');
    }
    if !api.webhooks.is_empty() {
        out.push_str("## Webhooks\n\nWhat the vendor sends to your server, decoded by [`webhooks`] (and received by its axum routers, with the `axum` feature):\n\n");
        for hook in &api.webhooks {
            out.push_str(&format!("- `{}`: [`types::{}`], [`webhooks::decode_{}`]\n", hook.name, type_ident(&hook.schema), hook.name));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "Generated from `{source}` by botapis-codegen: the spec records every choice made where the \
         vendor's documentation contradicts itself."
    ));
    out
}

/// `webhooks`: for each webhook the spec declares, a decoder and (with the
/// `axum` feature) a router that receives it.
fn webhooks(title: &str, hooks: &[crate::model::Webhook]) -> TokenStream {
    if hooks.is_empty() {
        return TokenStream::new();
    }
    let items = hooks.iter().map(|hook| {
        let ty = type_ident(&hook.schema);
        let decode = format_ident!("decode_{}", hook.name);
        let router = format_ident!("{}_router", hook.name);
        let about = hook.description.as_deref().map(|d| format!("\n\n{}", super::lower::link_bare_urls(d.trim_end()))).unwrap_or_default();
        let expected = format!("{} `{}` webhook", title, hook.name);
        let decode_doc =
            format!("Decode the body of the `{}` webhook as a [`super::types::{ty}`], in a handler of your own.{about}", hook.name);
        let (answer, answer_doc) = if hook.answers_text {
            (quote!(::std::string::String), "answering `200 OK` with the text it returns (the vendor shows it to the contact)")
        } else {
            (quote!(()), "answering `200 OK`")
        };
        let router_doc = format!(
            "An axum router that receives the `{}` webhook at `path` (a POST with a JSON body), decodes \
             it as a [`super::types::{ty}`] and awaits `handler` with it before {answer_doc}. \
             A body that does not decode gets `400 Bad Request` (logged at `WARN`, without the body); a \
             body over 2 MiB gets `413`. Serve it with [`crate::runtime::serve_webhooks`], which bounds how \
             long a sender may take.{about}",
            hook.name
        );
        quote! {
            #[doc = #decode_doc]
            pub fn #decode(body: &[u8]) -> Result<super::types::#ty, crate::runtime::WebhookError> {
                crate::runtime::decode_webhook(body, #expected)
            }

            #[doc = #router_doc]
            #[cfg(feature = "axum")]
            #[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
            pub fn #router<H, Fut>(path: &str, handler: H) -> ::axum::Router
            where
                H: Fn(super::types::#ty) -> Fut + Clone + Send + Sync + 'static,
                Fut: std::future::Future<Output = #answer> + Send + 'static,
            {
                crate::runtime::webhook_router::<super::types::#ty, H, Fut, #answer>(path, #expected, handler)
            }
        }
    });
    let doc = format!("What {title} sends to your server: each webhook's decoder, and its axum receiver.");
    quote! {
        #[doc = #doc]
        pub mod webhooks {
            #(#items)*
        }
    }
}

fn servers(api: &Api) -> TokenStream {
    let consts = api.servers.iter().map(|s| {
        let ident = verbatim_ident(&s.name);
        let url = &s.url;
        let doc = s.description.clone().unwrap_or_else(|| format!("`{url}`"));
        quote! {
            #[doc = #doc]
            pub const #ident: &str = #url;
        }
    });
    quote! {
        /// The servers this API is documented at; the first is the default.
        pub mod servers {
            #(#consts)*
        }
    }
}

fn placement(p: &Placement) -> TokenStream {
    match p {
        Placement::Bearer { slot } => quote!(rt::Placement::Bearer { slot: #slot }),
        Placement::Basic { username, password } => {
            quote!(rt::Placement::Basic { username: #username, password: #password })
        }
        Placement::Header { name, slot } => quote!(rt::Placement::Header { name: #name, slot: #slot }),
        Placement::Query { name, slot } => quote!(rt::Placement::Query { name: #name, slot: #slot }),
        Placement::Path { slot, .. } => quote!(rt::Placement::Path { slot: #slot }),
        Placement::BodyField { name, slot } => quote!(rt::Placement::BodyField { name: #name, slot: #slot }),
        Placement::BodyObjectField { object, name, slot } => {
            quote!(rt::Placement::BodyObjectField { object: #object, name: #name, slot: #slot })
        }
    }
}

fn vendor_info(name: &str, api: &Api, title: &str) -> TokenStream {
    let default_base_url = api.servers.first().map(|s| s.url.as_str()).unwrap_or_default();
    let (rate_limit, rate_doc) = match api.rate_limit {
        Some(RateLimit { requests, per_seconds }) => (
            quote!(Some(rt::RateLimit { requests: #requests, per_seconds: #per_seconds })),
            format!("The vendor's documented limit: {requests} requests per {per_seconds} s."),
        ),
        None => (quote!(None), "The vendor documents no rate limit.".to_string()),
    };
    let error_in_body = match &api.error_in_body {
        Some((field, success)) => {
            let not_for = api.operations.iter().filter(|op| !op.error_in_body).map(|op| &op.id);
            quote!(Some(rt::ErrorInBody {
                field: #field,
                success: &[#(#success),*],
                not_for: &[#(#not_for),*],
            }))
        }
        None => quote!(None),
    };
    let text_answers = api.text_answers.iter().map(|(text, json)| quote!((#text, #json)));
    // Most operations of an API put their credentials alike: each set is
    // written once.
    let mut sets: Vec<String> = Vec::new();
    let mut set_tokens: Vec<TokenStream> = Vec::new();
    let operations: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| {
            let id = &op.id;
            let idempotent = match op.idempotent {
                Some(b) => quote!(Some(#b)),
                None => quote!(None),
            };
            let answering_json = op.answers_json().then(|| quote!(.answering_json()));
            if op.placements.is_empty() {
                return quote!(rt::Operation::new(#id, #idempotent, &[]) #answering_json);
            }
            let placements = op.placements.iter().map(placement);
            let set = quote!(&[#(#placements),*]);
            let at = match sets.iter().position(|s| *s == set.to_string()) {
                Some(at) => at,
                None => {
                    sets.push(set.to_string());
                    set_tokens.push(set);
                    sets.len() - 1
                }
            };
            quote!(rt::Operation::new(#id, #idempotent, PLACEMENTS[#at]) #answering_json)
        })
        .collect();
    let placements = (!set_tokens.is_empty()).then(|| {
        quote! {
            /// Where the operations' credentials go: each set once.
            const PLACEMENTS: &[&[rt::Placement]] = &[#(#set_tokens),*];
        }
    });
    let doc = format!("What the spec says about {title} that the runtime uses.");
    quote! {
        #[doc = #doc]
        #[doc(hidden)]
        pub static VENDOR: rt::VendorInfo = rt::VendorInfo {
            name: #name,
            default_base_url: #default_base_url,
            rate_limit: RATE_LIMIT,
            error_in_body: #error_in_body,
            text_answers: &[#(#text_answers),*],
            operations: &[#(#operations),*],
        };

        #placements

        #[doc = #rate_doc]
        pub const RATE_LIMIT: Option<rt::RateLimit> = #rate_limit;
    }
}

fn error_type(envelope: &Option<ErrorEnvelope>) -> TokenStream {
    let Some(envelope) = envelope else {
        return quote! {
            /// Why a call failed. The vendor documents no error envelope, so
            /// error bodies are kept as JSON.
            pub type Error = rt::Error<serde_json::Value>;
        };
    };
    let ty = type_ident(&envelope.schema);
    let message = match &envelope.message {
        Some((field, true)) => {
            let f = field_ident(field);
            quote!(Some(self.#f.as_str()))
        }
        Some((field, false)) => {
            let f = field_ident(field);
            quote!(self.#f.as_deref())
        }
        None => quote!(None),
    };
    let doc = format!("Why a call failed. The vendor's error bodies are decoded as [`types::{ty}`].");
    quote! {
        #[doc = #doc]
        pub type Error = rt::Error<types::#ty>;

        impl rt::VendorError for types::#ty {
            fn message(&self) -> Option<&str> {
                #message
            }
        }
    }
}

/// How each credential travels, for the constructors' docs.
fn describe(api: &Api) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut push = |line: String| {
        if !lines.contains(&line) {
            lines.push(line);
        }
    };
    for op in &api.operations {
        for p in &op.placements {
            push(match p {
                Placement::Bearer { slot } => format!("- `{slot}` is sent as `Authorization: Bearer <{slot}>`."),
                Placement::Basic { username, password } => {
                    format!("- `{username}` and `{password}` are sent as HTTP Basic auth.")
                }
                Placement::Header { name, slot } => format!("- `{slot}` is sent in the `{name}` header."),
                Placement::Query { name, slot } => format!("- `{slot}` is sent as the `{name}` query parameter."),
                Placement::Path { slot, .. } => format!("- `{slot}` is a segment of the request path."),
                Placement::BodyField { name, slot } => format!("- `{slot}` is sent as the body field `{name}`."),
                Placement::BodyObjectField { object, name, slot } => {
                    format!("- `{slot}` is sent as `{object}.{name}` in the JSON body.")
                }
            });
        }
    }
    if lines.is_empty() {
        "The API takes no credentials.".to_string()
    } else {
        format!(
            "Credentials are given once and placed on every request that needs them; none of them \
             ever appears in `Debug` output, errors or logs.\n\n{}",
            lines.join("\n")
        )
    }
}

/// The environment variable `from_env` reads `name` from: `OKEYBOT_TOKEN`.
pub(crate) fn env_variable(module: &str, name: &str) -> String {
    format!("{module}_{name}").to_uppercase()
}

/// `impl Client { with_token, from_env, with_base_url, builder }`, then
/// `Client` itself with what every client has (`runtime::generated_client!`):
/// placed first, so that its page opens with them, before the operations.
pub fn constructors(api: &Api, module: &str, title: &str) -> TokenStream {
    let client_doc = format!(
        "A client of {title}: one method per call of the API. Cheap to clone, and clones share \
         their connections and rate limit."
    );
    let args: Vec<syn::Ident> = api.slots.iter().map(|s| field_ident(s)).collect();
    let names = &api.slots;
    let credentials = quote!(rt::Credentials::new() #(.with(#names, #args))*);
    let constructor = format_ident!("{}", super::names::constructor_name(&api.slots));
    // Where each credential goes is said once, on the module's page.
    let auth_doc = match api.slots.is_empty() {
        true => String::new(),
        false => "\n\nEach credential goes where [the module's page](self) says.".to_string(),
    };
    let default_ctor = api.servers.first().map(|first| {
        let doc = format!(
            "A client for the default server, [`servers::{}`] (`{}`), with the default \
             timeouts, retries and rate limit. Use [`Client::builder`] to change them.{auth_doc}",
            first.name, first.url
        );
        quote! {
            #[doc = #doc]
            pub fn #constructor(#(#args: impl Into<String>),*) -> Self {
                rt::ClientBuilder::new(#credentials).connect()
            }
        }
    });
    let base_url_doc = format!(
        "A client for another base URL: an alternative server from [`servers`], \
         a proxy, or a mock server in tests. A trailing `/` is ignored; an invalid URL \
         fails each call with `Error::InvalidRequest` (the builder checks it up front).{auth_doc}"
    );
    let variables: Vec<String> = api.slots.iter().map(|s| env_variable(module, s)).collect();
    let base_url_variable = env_variable(module, "base_url");
    let listed: Vec<String> = api.slots.iter().zip(&variables).map(|(slot, var)| format!("- `{var}`: `{slot}`")).collect();
    let from_env_doc = format!(
        "A client configured from the environment, for the default server unless \
         `{base_url_variable}` names another{}\n\nFails with `BuildError::Environment`, \
         naming the variable (never its value), when one is unset, empty or not UTF-8; \
         and with `BuildError::InvalidBaseUrl` when `{base_url_variable}` is not an http(s) URL.{auth_doc}",
        if listed.is_empty() { ".".to_string() } else { format!(":\n\n{}", listed.join("\n")) }
    );
    let builder_doc = format!(
        "Configure a client: base URL, timeouts, user agent, a custom `reqwest::Client`, \
         retries and rate limiting.{auth_doc}"
    );
    quote! {
        impl Client {
            #default_ctor

            #[doc = #base_url_doc]
            pub fn with_base_url(base_url: &str, #(#args: impl Into<String>),*) -> Self {
                rt::ClientBuilder::new(#credentials).base_url(base_url).connect()
            }

            #[doc = #from_env_doc]
            pub fn from_env() -> Result<Self, rt::BuildError> {
                rt::ClientBuilder::from_env(&[#((#names, #variables)),*], #base_url_variable)?.build()
            }

            #[doc = #builder_doc]
            pub fn builder(#(#args: impl Into<String>),*) -> rt::ClientBuilder<Self> {
                rt::ClientBuilder::new(#credentials)
            }
        }

        crate::runtime::generated_client!(#[doc = #client_doc] Client, VENDOR);
    }
}

fn stream(p: &Pagination) -> TokenStream {
    let builder = super::emit::operations::request_ident(&p.operation_id);
    let item = type_ident(&p.item_schema);
    let items = field_ident(&p.items);
    let set_cursor = field_ident(&p.parameter);
    let first = p.first;
    let (start, variant) = match p.cursor {
        CursorKind::Page => (quote!(rt::paginate::Cursor::Page(#first)), quote!(Page)),
        CursorKind::Offset => (quote!(rt::paginate::Cursor::Offset(#first)), quote!(Offset)),
    };
    let set_limit = match (&p.limit_parameter, p.page_size) {
        (Some(limit), Some(size)) => {
            let limit = field_ident(limit);
            quote!(.#limit(#size))
        }
        _ => quote!(),
    };
    let (next, end) = match (&p.next, p.page_size) {
        (Some(path), _) => {
            let fields = path.iter().map(|f| field_ident(f));
            let step = match p.cursor {
                CursorKind::Page => quote!(n + 1),
                CursorKind::Offset => quote!(n + got as u64),
            };
            (
                quote! {
                    let next = page #(.#fields)* .is_some().then(|| rt::paginate::Cursor::#variant(#step));
                },
                format!("`{}` is null", path.join(".")),
            )
        }
        (None, Some(size)) => (
            quote! {
                let next = rt::paginate::after(cursor, got, #size);
            },
            format!("a page has fewer than {size} items"),
        ),
        (None, None) => unreachable!("model::read requires `next` or `page-size`"),
    };
    let doc = format!(
        "Every [`types::{item}`] of every page, in order: pages are requested one at a time \
         (setting `{}` from {first}) as the stream is read, until {end}. An error ends the stream.",
        p.parameter
    );
    let page_type = type_ident(&p.page_schema);
    let pages_doc = format!(
        "Every page, whole, in order (a [`types::{page_type}`] each, with what the vendor says \
         besides the items): pages are requested one at a time (setting `{}` from {first}) as the \
         stream is read, until {end}. An error ends the stream. [`Self::stream`] gives the items alone.",
        p.parameter
    );
    // A page that did not match its type may have lost items: where the
    // next page starts, and whether this was the last, go by the items the
    // vendor sent.
    let items_key = &p.items;
    let counts = p.next.is_none() || matches!(p.cursor, CursorKind::Offset);
    let read_page = if counts {
        quote! {
            let response = request.#set_cursor(n) #set_limit .send().with_response().await?;
            let sent = response
                .mismatch()
                .and_then(|m| m.json())
                .and_then(|v| v.get(#items_key).and_then(|items| items.as_array()).map(Vec::len));
            let page = response.into_inner();
            let got = sent.unwrap_or(page.#items.len());
        }
    } else {
        quote! {
            let page = request.#set_cursor(n) #set_limit .send().await?;
        }
    };
    // A request owns its client: its streams are `'static`.
    quote! {
        impl request::#builder {
            #[doc = #pages_doc]
            pub fn pages(self) -> rt::paginate::Paged<types::#page_type, Error> {
                rt::paginate::pages(#start, move |cursor| {
                    let request = self.clone();
                    async move {
                        let n = cursor.position();
                        #read_page
                        #next
                        Ok((page, next))
                    }
                })
            }

            #[doc = #doc]
            pub fn stream(self) -> rt::paginate::Paged<types::#item, Error> {
                rt::paginate::flatten(self.pages(), |page| page.#items)
            }
        }
    }
}
