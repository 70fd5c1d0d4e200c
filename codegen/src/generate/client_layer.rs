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
use crate::extensions::{self, Auth, RateLimit};
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
    let (auth, servers) = (vendor.auth, vendor.servers);

    let server_consts = servers.iter().map(|s| {
        let ident = format_ident!("{}", s.name);
        let url = &s.url;
        let doc = s.description.clone().unwrap_or_else(|| format!("`{url}`"));
        quote! {
            #[doc = #doc]
            pub const #ident: &str = #url;
        }
    });
    let servers_mod = quote! {
        /// The servers this API is documented at; the first is the default.
        pub mod servers {
            #(#server_consts)*
        }
    };

    let rate_limit_const = match vendor.rate_limit {
        Some(RateLimit {
            requests,
            per_seconds,
        }) => {
            let doc = format!("The vendor's documented limit: {requests} requests per {per_seconds} s.");
            quote! {
                #[doc = #doc]
                pub const RATE_LIMIT: Option<crate::runtime::RateLimit> =
                    Some(crate::runtime::RateLimit { requests: #requests, per_seconds: #per_seconds });
            }
        }
        None => quote! {
            /// The vendor documents no rate limit.
            pub const RATE_LIMIT: Option<crate::runtime::RateLimit> = None;
        },
    };

    let args = auth.arguments();
    let credentials = auth.credentials();
    let constructor = auth.constructor();
    let auth_doc = auth.describe();
    let default_ctor = servers.first().map(|first| {
        let ident = format_ident!("{}", first.name);
        let doc = format!(
            "A client for the default server, [`servers::{}`] (`{}`).\n\n{auth_doc}",
            first.name, first.url
        );
        quote! {
            #[doc = #doc]
            pub fn #constructor(#(#args: impl Into<String>),*) -> Self {
                Self::with_base_url(servers::#ident, #(#args),*)
            }
        }
    });
    let base_url_doc = format!(
        "A client for another base URL: an alternative server from [`servers`], \
         a proxy, or a mock server in tests. A trailing `/` is ignored.\n\n{auth_doc}"
    );

    Ok(quote! {
        #servers_mod

        #rate_limit_const

        impl Client {
            #default_ctor

            #[doc = #base_url_doc]
            pub fn with_base_url(base_url: &str, #(#args: impl Into<String>),*) -> Self {
                Self::new_with_client(
                    base_url.trim_end_matches('/'),
                    crate::runtime::http_client(),
                    crate::runtime::Inner::new(#credentials),
                )
            }
        }

        impl ClientHooks<crate::runtime::Inner> for Client {
            async fn pre<E>(
                &self,
                request: &mut reqwest::Request,
                _info: &OperationInfo,
            ) -> std::result::Result<(), Error<E>> {
                self.inner.authorize(request).map_err(Error::Custom)
            }
        }
    })
}

