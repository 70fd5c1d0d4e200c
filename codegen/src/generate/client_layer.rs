//! What we add on top of the engine's client: credentials given once at
//! construction, the vendor's servers, its documented rate limit, and the
//! hooks that hand every request to the runtime.
//!
//! Everything here is driven by the spec (securitySchemes, servers and our
//! `x-botapis-*` extensions, listed in `specs/README.md`), so a new spec gets
//! it by declaring it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::diagnostic::Diagnostics;
use crate::load::Spec;
use crate::load::positions::escape;

/// How the vendor authenticates, as read from `components.securitySchemes`.
#[derive(Debug, Clone, PartialEq)]
enum Auth {
    None,
    Bearer,
    Basic,
    Header { name: String, argument: String },
    Query { name: String, argument: String },
}

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

struct Server {
    url: String,
    name: String,
    description: Option<String>,
}

/// The tokens of our layer for `spec`.
pub fn tokens(spec: &Spec) -> Result<TokenStream, Diagnostics> {
    let auth = auth(spec)?;
    let servers = servers(spec)?;
    let rate_limit = rate_limit(spec)?;

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

    let rate_limit_const = match rate_limit {
        Some((requests, per_seconds)) => {
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

fn auth(spec: &Spec) -> Result<Auth, Diagnostics> {
    let Some(schemes) = spec
        .tree
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
    else {
        return Ok(Auth::None);
    };
    let mut found = schemes.iter();
    let Some((name, scheme)) = found.next() else {
        return Ok(Auth::None);
    };
    let pointer = format!("/components/securitySchemes/{}", escape(name));
    if found.next().is_some() {
        return Err(spec
            .diagnostic(
                "/components/securitySchemes",
                "more than one security scheme is declared",
                "declare the one scheme the vendor uses; credentials are given once, at construction",
            )
            .into());
    }
    let field = |k: &str| scheme.get(k).and_then(Value::as_str).unwrap_or_default();
    let argument = || {
        scheme
            .get("x-botapis-argument")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| snake(field("name")))
    };
    let auth = match (field("type"), field("scheme").to_ascii_lowercase().as_str(), field("in")) {
        ("http", "bearer", _) => Auth::Bearer,
        ("http", "basic", _) => Auth::Basic,
        ("apiKey", _, "header") => Auth::Header {
            name: field("name").to_string(),
            argument: argument(),
        },
        ("apiKey", _, "query") => Auth::Query {
            name: field("name").to_string(),
            argument: argument(),
        },
        (kind, _, _) => {
            return Err(spec
                .diagnostic(
                    &pointer,
                    format!("security scheme `{name}` of type `{kind}` is not supported"),
                    "use `http` (bearer or basic) or `apiKey` (in header or query)",
                )
                .into());
        }
    };
    if let Auth::Header { argument, .. } | Auth::Query { argument, .. } = &auth {
        if syn::parse_str::<syn::Ident>(argument).is_err() || argument.is_empty() {
            return Err(spec
                .diagnostic(
                    &pointer,
                    format!("the credential name `{argument}` is not a Rust identifier"),
                    "set `x-botapis-argument: snake_case_name` on the scheme",
                )
                .into());
        }
    }
    Ok(auth)
}

fn servers(spec: &Spec) -> Result<Vec<Server>, Diagnostics> {
    let Some(list) = spec.tree.get("servers").and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    let mut out: Vec<Server> = Vec::new();
    for (i, s) in list.iter().enumerate() {
        let pointer = format!("/servers/{i}");
        let Some(url) = s.get("url").and_then(Value::as_str) else {
            return Err(spec
                .diagnostic(&pointer, "a server has no `url`", "add `url: https://host/base/path`")
                .into());
        };
        if url.contains('{') {
            return Err(spec
                .diagnostic(
                    &format!("{pointer}/url"),
                    format!("server URL `{url}` has variables"),
                    "write each concrete URL as its own server",
                )
                .into());
        }
        let name = s
            .get("x-botapis-name")
            .and_then(Value::as_str)
            .map(|n| n.to_ascii_uppercase())
            .unwrap_or_else(|| format!("SERVER_{i}"));
        if syn::parse_str::<syn::Ident>(&name).is_err() || out.iter().any(|o| o.name == name) {
            return Err(spec
                .diagnostic(
                    &format!("{pointer}/x-botapis-name"),
                    format!("server name `{name}` is not a unique Rust identifier"),
                    "set `x-botapis-name` to a distinct snake_case name",
                )
                .into());
        }
        out.push(Server {
            url: url.trim_end_matches('/').to_string(),
            name,
            description: s.get("description").and_then(Value::as_str).map(str::to_string),
        });
    }
    Ok(out)
}

fn rate_limit(spec: &Spec) -> Result<Option<(u32, u32)>, Diagnostics> {
    let Some(limit) = spec.tree.get("x-botapis-rate-limit") else {
        return Ok(None);
    };
    let number = |k: &str| {
        limit
            .get(k)
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n > 0)
    };
    match (number("requests"), number("per-seconds")) {
        (Some(r), Some(s)) => Ok(Some((r, s))),
        _ => Err(spec
            .diagnostic(
                "/x-botapis-rate-limit",
                "`x-botapis-rate-limit` needs positive whole `requests` and `per-seconds`",
                "write e.g. `x-botapis-rate-limit: {requests: 100, per-seconds: 60}`",
            )
            .into()),
    }
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}
