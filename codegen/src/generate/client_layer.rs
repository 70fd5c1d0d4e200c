//! What we add on top of the engine's client: credentials given once at
//! construction, the vendor's servers, its documented rate limit, and the
//! hooks that hand every request to the runtime.
//!
//! Everything here is driven by the spec (securitySchemes, servers and our
//! `x-botapis-*` extensions, listed in `specs/README.md`), so a new spec gets
//! it by declaring it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::diagnostic::Diagnostics;
use crate::extensions::{self, Auth, CursorKind, ErrorEnvelope, Pagination, RateLimit, Vendor};
use crate::load::Spec;

impl Auth {
    fn arguments(&self) -> Vec<syn::Ident> {
        let names: Vec<&str> = match self {
            Auth::None => vec![],
            Auth::Bearer => vec!["token"],
            Auth::Basic => vec!["username", "password"],
            Auth::Header { argument, .. } | Auth::Query { argument, .. } => vec![argument.as_str()],
        };
        names.into_iter().map(|n| format_ident!("{}", n)).collect()
    }

    fn credentials(&self) -> TokenStream {
        let args = self.arguments();
        match self {
            Auth::None => quote!(crate::runtime::Credentials::None),
            Auth::Bearer => quote!(crate::runtime::Credentials::bearer(#(#args),*)),
            Auth::Basic => quote!(crate::runtime::Credentials::basic(#(#args),*)),
            Auth::Header { name, .. } => quote!(crate::runtime::Credentials::header(#name, #(#args),*)),
            Auth::Query { name, .. } => quote!(crate::runtime::Credentials::query(#name, #(#args),*)),
        }
    }

    fn constructor(&self) -> syn::Ident {
        match self {
            Auth::None => format_ident!("anonymous"),
            Auth::Bearer => format_ident!("with_token"),
            Auth::Basic => format_ident!("with_basic_auth"),
            Auth::Header { argument, .. } | Auth::Query { argument, .. } => {
                format_ident!("with_{}", argument)
            }
        }
    }

    fn describe(&self) -> String {
        match self {
            Auth::None => "The API takes no credentials.".into(),
            Auth::Bearer => "`token` is sent as `Authorization: Bearer <token>` on every request.".into(),
            Auth::Basic => "`username` and `password` are sent as HTTP Basic auth on every request.".into(),
            Auth::Header { name, argument } => {
                format!("`{argument}` is sent in the `{name}` header on every request.")
            }
            Auth::Query { name, argument } => {
                format!("`{argument}` is sent as the `{name}` query parameter on every request.")
            }
        }
    }
}

/// The tokens of our layer for `spec`.
pub fn tokens(spec: &Spec) -> Result<TokenStream, Diagnostics> {
    let vendor = extensions::read(spec).map_err(Diagnostics)?;
    let title = spec
        .tree
        .pointer("/info/title")
        .and_then(|t| t.as_str())
        .unwrap_or("the API");
    let servers = servers(&vendor);
    let vendor_static = vendor_info(spec, &vendor, title);
    let constructors = constructors(&vendor);
    let error = error_type(&vendor.error);
    let streams = vendor.pagination.iter().map(stream);
    Ok(quote! {
        #servers
        #vendor_static
        #error
        #constructors

        impl crate::runtime::GeneratedClient for Client {
            const VENDOR: &'static crate::runtime::VendorInfo = &VENDOR;

            fn assemble(base_url: &str, http: reqwest::Client, inner: crate::runtime::Inner) -> Self {
                Self::new_with_client(base_url, http, inner)
            }
        }

        impl ClientHooks<crate::runtime::Inner> for Client {
            async fn pre<E>(
                &self,
                request: &mut reqwest::Request,
                _info: &OperationInfo,
            ) -> std::result::Result<(), progenitor_client::Error<E>> {
                self.inner.authorize(request).map_err(progenitor_client::Error::Custom)
            }

            async fn exec(
                &self,
                request: reqwest::Request,
                info: &OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                crate::runtime::execute(&self.client, &self.inner, request, info).await
            }
        }

        #(#streams)*
    })
}

fn servers(vendor: &Vendor) -> TokenStream {
    let consts = vendor.servers.iter().map(|s| {
        let ident = format_ident!("{}", s.name);
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

fn vendor_info(spec: &Spec, vendor: &Vendor, title: &str) -> TokenStream {
    let name = spec
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let default_base_url = vendor.servers.first().map(|s| s.url.as_str()).unwrap_or_default();
    let rate_limit = match vendor.rate_limit {
        Some(RateLimit {
            requests,
            per_seconds,
        }) => quote!(Some(crate::runtime::RateLimit { requests: #requests, per_seconds: #per_seconds })),
        None => quote!(None),
    };
    let rate_doc = match vendor.rate_limit {
        Some(RateLimit { requests, per_seconds }) => {
            format!("The vendor's documented limit: {requests} requests per {per_seconds} s.")
        }
        None => "The vendor documents no rate limit.".to_string(),
    };
    let idempotent = &vendor.idempotent;
    let not_idempotent = &vendor.not_idempotent;
    let doc = format!("What the spec says about {title} that the runtime uses.");
    quote! {
        #[doc = #doc]
        pub static VENDOR: crate::runtime::VendorInfo = crate::runtime::VendorInfo {
            name: #name,
            default_base_url: #default_base_url,
            rate_limit: RATE_LIMIT,
            idempotent: &[#(#idempotent),*],
            not_idempotent: &[#(#not_idempotent),*],
        };

        #[doc = #rate_doc]
        pub const RATE_LIMIT: Option<crate::runtime::RateLimit> = #rate_limit;
    }
}

fn error_type(envelope: &Option<ErrorEnvelope>) -> TokenStream {
    let Some(envelope) = envelope else {
        return quote! {
            /// Why a call failed. The vendor documents no error envelope, so
            /// error bodies are kept as JSON.
            pub type Error = crate::runtime::Error<serde_json::Value>;
        };
    };
    let ty = format_ident!("{}", pascal(&envelope.schema));
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
    let doc = format!(
        "Why a call failed. The vendor's error bodies are decoded as [`types::{ty}`]."
    );
    quote! {
        #[doc = #doc]
        pub type Error = crate::runtime::Error<types::#ty>;

        impl crate::runtime::VendorError for types::#ty {
            fn message(&self) -> Option<&str> {
                #message
            }
        }
    }
}

fn constructors(vendor: &Vendor) -> TokenStream {
    let auth = &vendor.auth;
    let args = auth.arguments();
    let credentials = auth.credentials();
    let constructor = auth.constructor();
    let auth_doc = auth.describe();
    let default_ctor = vendor.servers.first().map(|first| {
        let doc = format!(
            "A client for the default server, [`servers::{}`] (`{}`), with the default \
             timeouts, retries and rate limit.\n\n{auth_doc}\n\nUse [`Client::builder`] to change them.",
            first.name, first.url
        );
        quote! {
            #[doc = #doc]
            pub fn #constructor(#(#args: impl Into<String>),*) -> Self {
                crate::runtime::ClientBuilder::new(#credentials).connect()
            }
        }
    });
    let base_url_doc = format!(
        "A client for another base URL: an alternative server from [`servers`], \
         a proxy, or a mock server in tests. A trailing `/` is ignored; an invalid URL \
         fails each call with `Error::InvalidRequest` (the builder checks it up front).\n\n{auth_doc}"
    );
    let builder_doc = format!(
        "Configure a client: base URL, timeouts, user agent, a custom `reqwest::Client`, \
         retries and rate limiting.\n\n{auth_doc}"
    );
    quote! {
        impl Client {
            #default_ctor

            #[doc = #base_url_doc]
            pub fn with_base_url(base_url: &str, #(#args: impl Into<String>),*) -> Self {
                crate::runtime::ClientBuilder::new(#credentials).base_url(base_url).connect()
            }

            #[doc = #builder_doc]
            pub fn builder(#(#args: impl Into<String>),*) -> crate::runtime::ClientBuilder<Self> {
                crate::runtime::ClientBuilder::new(#credentials)
            }
        }
    }
}

fn stream(p: &Pagination) -> TokenStream {
    let builder = format_ident!("{}", pascal(&p.operation_id));
    let item = format_ident!("{}", pascal(&p.item_schema));
    let items = field_ident(&p.items);
    let set_cursor = field_ident(&p.parameter);
    let first = p.first;
    let (start, variant) = match p.cursor {
        CursorKind::Page => (quote!(crate::runtime::paginate::Cursor::Page(#first)), quote!(Page)),
        CursorKind::Offset => (quote!(crate::runtime::paginate::Cursor::Offset(#first)), quote!(Offset)),
    };
    let set_limit = match (&p.limit_parameter, p.page_size) {
        (Some(limit), Some(size)) => {
            let limit = field_ident(limit);
            quote!(.#limit(#size))
        }
        _ => quote!(),
    };
    let next = match (&p.next, p.page_size) {
        (Some(path), _) => {
            let fields = path.iter().map(|f| field_ident(f));
            let step = match p.cursor {
                CursorKind::Page => quote!(n + 1),
                CursorKind::Offset => quote!(n + page.#items.len() as u64),
            };
            quote! {
                let next = page #(.#fields)* .is_some().then(|| crate::runtime::paginate::Cursor::#variant(#step));
            }
        }
        (None, Some(size)) => quote! {
            let next = crate::runtime::paginate::after(cursor, page.#items.len(), #size);
        },
        (None, None) => unreachable!("extensions::read requires `next` or `page-size`"),
    };
    let end = match (&p.next, p.page_size) {
        (Some(path), _) => format!("`{}` is null", path.join(".")),
        (None, Some(size)) => format!("a page has fewer than {size} items"),
        (None, None) => unreachable!(),
    };
    let doc = format!(
        "Every [`types::{item}`] of every page, in order: pages are requested one at a time \
         (setting `{}` from {first}) as the stream is read, until {end}. An error ends the stream.",
        p.parameter
    );
    quote! {
        impl<'a> builder::#builder<'a> {
            #[doc = #doc]
            pub fn stream(
                self,
            ) -> std::pin::Pin<Box<dyn futures::Stream<Item = Result<types::#item, Error>> + 'a>> {
                crate::runtime::paginate::items(#start, move |cursor| {
                    let request = self.clone();
                    async move {
                        let (crate::runtime::paginate::Cursor::Page(n) | crate::runtime::paginate::Cursor::Offset(n)) = cursor;
                        let page = request.#set_cursor(n) #set_limit .send().await?.into_inner();
                        #next
                        Ok((page.#items, next))
                    }
                })
            }
        }
    }
}

/// The Rust name of a schema or operation, as the engine names it.
fn pascal(name: &str) -> String {
    use heck::ToUpperCamelCase;
    name.to_upper_camel_case()
}

/// The Rust name of a property or parameter, as the engine names it.
fn field_ident(name: &str) -> syn::Ident {
    use heck::ToSnakeCase;
    let snake = name.to_snake_case();
    match syn::parse_str::<syn::Ident>(&snake) {
        Ok(ident) => ident,
        Err(_) => format_ident!("{}_", snake),
    }
}
