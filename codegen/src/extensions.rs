//! What the spec declares for the runtime, beyond what the engine reads:
//! the security scheme, the servers, and our `x-botapis-*` extensions
//! (documented in `specs/README.md`).
//!
//! Lint reports the problems found here; the client layer emits code from
//! the result. Reading them in one place keeps the two in agreement.

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::load::Spec;
use crate::load::positions::escape;

/// How the vendor authenticates, from `components.securitySchemes`.
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    None,
    Bearer,
    Basic,
    Header { name: String, argument: String },
    Query { name: String, argument: String },
}

/// One entry of `servers`.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub url: String,
    /// The constant's name in the generated `servers` module.
    pub name: String,
    pub description: Option<String>,
}

/// `x-botapis-rate-limit`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    pub requests: u32,
    pub per_seconds: u32,
}

/// Everything the runtime layer needs from the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Vendor {
    pub auth: Auth,
    pub servers: Vec<Server>,
    pub rate_limit: Option<RateLimit>,
}

/// Read the vendor's runtime data; every problem is reported.
pub fn read(spec: &Spec) -> Result<Vendor, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let auth = auth(spec).unwrap_or_else(|d| {
        problems.push(d);
        Auth::None
    });
    let servers = servers(spec).unwrap_or_else(|d| {
        problems.push(d);
        Vec::new()
    });
    let rate_limit = rate_limit(spec).unwrap_or_else(|d| {
        problems.push(d);
        None
    });
    if problems.is_empty() {
        Ok(Vendor {
            auth,
            servers,
            rate_limit,
        })
    } else {
        Err(problems)
    }
}

fn auth(spec: &Spec) -> Result<Auth, Diagnostic> {
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
        return Err(spec.diagnostic(
            "/components/securitySchemes",
            "more than one security scheme is declared",
            "declare the one scheme the vendor uses; credentials are given once, at construction",
        ));
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
            name: field("name").to_ascii_lowercase(),
            argument: argument(),
        },
        ("apiKey", _, "query") => Auth::Query {
            name: field("name").to_string(),
            argument: argument(),
        },
        (kind, _, _) => {
            return Err(spec.diagnostic(
                &pointer,
                format!("security scheme `{name}` of type `{kind}` is not supported"),
                "use `http` (bearer or basic) or `apiKey` (in header or query)",
            ));
        }
    };
    if let Auth::Header { argument, .. } | Auth::Query { argument, .. } = &auth {
        if argument.is_empty() || syn::parse_str::<syn::Ident>(argument).is_err() {
            return Err(spec.diagnostic(
                &pointer,
                format!("the credential name `{argument}` is not a Rust identifier"),
                "set `x-botapis-argument: snake_case_name` on the scheme",
            ));
        }
    }
    Ok(auth)
}

fn servers(spec: &Spec) -> Result<Vec<Server>, Diagnostic> {
    let Some(list) = spec.tree.get("servers").and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    let mut out: Vec<Server> = Vec::new();
    for (i, s) in list.iter().enumerate() {
        let pointer = format!("/servers/{i}");
        let Some(url) = s.get("url").and_then(Value::as_str) else {
            return Err(spec.diagnostic(&pointer, "a server has no `url`", "add `url: https://host/base/path`"));
        };
        if url.contains('{') {
            return Err(spec.diagnostic(
                &format!("{pointer}/url"),
                format!("server URL `{url}` has variables"),
                "write each concrete URL as its own server",
            ));
        }
        let name = s
            .get("x-botapis-name")
            .and_then(Value::as_str)
            .map(|n| n.to_ascii_uppercase())
            .unwrap_or_else(|| format!("SERVER_{i}"));
        if syn::parse_str::<syn::Ident>(&name).is_err() || out.iter().any(|o| o.name == name) {
            return Err(spec.diagnostic(
                &format!("{pointer}/x-botapis-name"),
                format!("server name `{name}` is not a unique Rust identifier"),
                "set `x-botapis-name` to a distinct snake_case name",
            ));
        }
        out.push(Server {
            url: url.trim_end_matches('/').to_string(),
            name,
            description: s.get("description").and_then(Value::as_str).map(str::to_string),
        });
    }
    Ok(out)
}

fn rate_limit(spec: &Spec) -> Result<Option<RateLimit>, Diagnostic> {
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
        (Some(requests), Some(per_seconds)) => Ok(Some(RateLimit {
            requests,
            per_seconds,
        })),
        _ => Err(spec.diagnostic(
            "/x-botapis-rate-limit",
            "`x-botapis-rate-limit` needs positive whole `requests` and `per-seconds`",
            "write e.g. `x-botapis-rate-limit: {requests: 100, per-seconds: 60}`",
        )),
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
