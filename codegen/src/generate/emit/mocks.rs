//! Typed mocks for `httpmock`, from the model: one `When` and one `Then`
//! per operation, and a method per operation on `httpmock::MockServer`.
//!
//! A `When` matches what the client sends, as it sends it: the method and
//! the path (a credential's segment matching any value, since the client
//! fills it in), each parameter as text, a JSON body by inclusion (the
//! client may add a credential field to it), and a form or multipart body
//! field by field. A `Then` answers with each status the spec declares.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::generate::names::{Case, field_ident, sanitize};
use crate::load::Spec;
use crate::model::{Api, Encoding, In, Operation, Placement, Response, Segment, Shape, Status};

use super::rust_type;

/// The `mock` module.
pub fn module(spec: &Spec, api: &Api) -> TokenStream {
    let operations: Vec<&Operation> = api.operations.iter().collect();
    let wrappers = operations.iter().map(|op| wrappers(spec, api, op));
    let declarations = operations.iter().map(|op| {
        let (method, when, then) = names(op);
        let doc = format!(" Mock `{}` (`{} {}`).", op.id, op.method.as_str(), op.template);
        quote! {
            #[doc = #doc]
            fn #method<F>(&self, config: F) -> ::httpmock::Mock<'_>
            where
                F: FnOnce(#when, #then);
        }
    });
    let definitions = operations.iter().map(|op| {
        let (method, when, then) = names(op);
        quote! {
            fn #method<F>(&self, config: F) -> ::httpmock::Mock<'_>
            where
                F: FnOnce(#when, #then),
            {
                self.mock(|when, then| config(#when::new(when), #then::new(then)))
            }
        }
    });
    quote! {
        /// Typed mocks of this API for `httpmock`, to test code that uses
        /// the client without the network: one method per operation on
        /// `httpmock::MockServer` (bring [`mock::MockServerExt`] into scope).
        ///
        /// A request matches when its method and path are the operation's
        /// (a credential in the path matching any value) and it carries what
        /// the `When` was told: parameters as the client writes them, a JSON
        /// body that includes the value given, form and multipart fields one
        /// by one. Anything else can be matched on the inner `httpmock::When`
        /// (`into_inner`).
        #[cfg(feature = "mock")]
        #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
        pub mod mock {
            #[allow(unused_imports)]
            use super::types;

            #(#wrappers)*

            /// A method per operation on [`httpmock::MockServer`], the
            /// equivalent of a type-checked [`mock()`](httpmock::MockServer::mock).
            pub trait MockServerExt {
                #(#declarations)*
            }

            impl MockServerExt for ::httpmock::MockServer {
                #(#definitions)*
            }
        }
    }
}

/// (server method, `When` type, `Then` type) of an operation.
fn names(op: &Operation) -> (syn::Ident, syn::Ident, syn::Ident) {
    let ty = sanitize(&op.id, Case::Pascal);
    (field_ident(&op.id), format_ident!("{ty}When"), format_ident!("{ty}Then"))
}

fn wrappers(spec: &Spec, api: &Api, op: &Operation) -> TokenStream {
    let (_, when, then) = names(op);
    let method = format_ident!("{}", op.method.as_str());
    let path = regex(op, None);
    let query = written_query(op).into_iter().map(|(k, v)| quote!(.query_param(#k, #v)));
    let matchers = matchers(spec, api, op);
    let answers = op.responses.iter().map(|r| answer(spec, api, r));
    let when_doc = format!(" What a request to `{}` must carry to match.", op.id);
    let then_doc = format!(" How the mock answers `{}`.", op.id);
    quote! {
        #[doc = #when_doc]
        pub struct #when(::httpmock::When);

        impl #when {
            /// Matches the operation's method and path.
            pub fn new(inner: ::httpmock::When) -> Self {
                Self(inner.method(::httpmock::Method::#method).path_matches(::regex::Regex::new(#path).expect("an escaped path")) #(#query)*)
            }

            /// The `httpmock::When` inside, to match anything else.
            pub fn into_inner(self) -> ::httpmock::When {
                self.0
            }

            #(#matchers)*
        }

        #[doc = #then_doc]
        pub struct #then(::httpmock::Then);

        impl #then {
            /// Answers nothing yet.
            pub fn new(inner: ::httpmock::Then) -> Self {
                Self(inner)
            }

            /// The `httpmock::Then` inside, to answer anything else.
            pub fn into_inner(self) -> ::httpmock::Then {
                self.0
            }

            #(#answers)*
        }
    }
}

/// The path as a regular expression: each literal part escaped, the
/// parameter `fixed` (when given) as the pattern of its value, any other
/// parameter or credential one segment. A path written with a query
/// (`/responses/{id}?beta=true`) ends at its `?`.
fn regex(op: &Operation, fixed: Option<&str>) -> String {
    let mut out = String::from("^");
    'segments: for segment in &op.path {
        out.push('/');
        match segment {
            Segment::Literal(text) => {
                // A segment that holds a parameter among other text
                // (`{id}.json`) is literal in the model.
                let mut rest = text.as_str();
                while !rest.is_empty() {
                    if let Some(at) = rest.find('?') {
                        if !rest[..at].contains('{') {
                            out.push_str(&escape(&rest[..at]));
                            break 'segments;
                        }
                    }
                    match rest.find('{').and_then(|open| Some((open, open + rest[open..].find('}')?))) {
                        Some((open, close)) => {
                            out.push_str(&escape(&rest[..open]));
                            let name = &rest[open + 1..close];
                            out.push_str(if Some(name) == fixed { "{}" } else { "[^/]+" });
                            rest = &rest[close + 1..];
                        }
                        None => {
                            out.push_str(&escape(rest));
                            rest = "";
                        }
                    }
                }
            }
            Segment::Param(name) if Some(name.as_str()) == fixed => out.push_str("{}"),
            Segment::Param(_) | Segment::Credential { .. } => out.push_str("[^/]+"),
        }
    }
    out.push('$');
    out
}

/// The query a path is written with (`beta=true` of
/// `/responses/{id}?beta=true`), as pairs.
fn written_query(op: &Operation) -> Vec<(String, String)> {
    let Some((_, query)) = op.template.split_once('?') else {
        return Vec::new();
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k.to_string(), v.to_string())
        })
        .collect()
}

/// `text` as a regular expression that matches it alone, `{`/`}` doubled
/// for `format!`.
fn escape(text: &str) -> String {
    regex_syntax::escape(text).replace('{', "{{").replace('}', "}}")
}

/// A setter per parameter and body field the caller gives.
fn matchers(spec: &Spec, api: &Api, op: &Operation) -> Vec<TokenStream> {
    let mut taken: Vec<String> = ["new", "into_inner"].map(String::from).to_vec();
    let mut unique = |name: &str, prefix: &str| {
        let mut setter = sanitize(name, Case::Snake);
        if taken.contains(&setter) {
            setter = sanitize(&format!("{prefix}_{name}"), Case::Snake);
        }
        taken.push(setter.clone());
        format_ident!("{setter}")
    };
    let mut out = Vec::new();
    for param in op.params.iter().filter(|p| p.credential.is_none()) {
        let name = &param.name;
        let doc = format!(
            " Matches a request whose {} `{name}` is `value`.",
            match param.location {
                In::Path => "path parameter",
                In::Query => "query parameter",
                In::Header => "header",
                In::Cookie => "cookie",
            }
        );
        let setter = unique(name, "param");
        out.push(match param.location {
            In::Path => {
                let pattern = regex(op, Some(name));
                if !pattern.contains("{}") {
                    // Not in the path as written; nothing to match it by.
                    continue;
                }
                quote! {
                    #[doc = #doc]
                    pub fn #setter(self, value: impl ::std::fmt::Display) -> Self {
                        let value = crate::runtime::path_segment(&value.to_string());
                        let pattern = format!(#pattern, ::regex::escape(&value));
                        Self(self.0.path_matches(::regex::Regex::new(&pattern).expect("an escaped path")))
                    }
                }
            }
            In::Query if param.query_object => {
                let doc = format!(" Matches a request whose query holds `key=value`, one entry of the free-form `{name}`.");
                quote! {
                    #[doc = #doc]
                    pub fn #setter(self, key: impl Into<String>, value: impl ::std::fmt::Display) -> Self {
                        Self(self.0.query_param(key, value.to_string()))
                    }
                }
            }
            In::Query => quote! {
                #[doc = #doc]
                pub fn #setter(self, value: impl ::std::fmt::Display) -> Self {
                    Self(self.0.query_param(#name, value.to_string()))
                }
            },
            In::Header | In::Cookie => {
                let header = if param.location == In::Cookie { "cookie".to_string() } else { name.to_ascii_lowercase() };
                let value = if param.location == In::Cookie { quote!(format!("{}={}", #name, value)) } else { quote!(value.to_string()) };
                quote! {
                    #[doc = #doc]
                    pub fn #setter(self, value: impl ::std::fmt::Display) -> Self {
                        Self(self.0.header(#header, #value))
                    }
                }
            }
        });
    }
    let Some(body) = &op.body else { return out };
    let filled: Vec<&str> = op
        .placements
        .iter()
        .filter_map(|p| match p {
            Placement::BodyField { name, .. } | Placement::BodyObjectField { object: name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let fields = body.fields.iter().map(|(f, _)| f).filter(|f| !filled.contains(&f.as_str()));
    match &body.encoding {
        Encoding::Json => {
            let ty = body.schema.as_ref().map_or(quote!(::serde_json::Value), |s| rust_type(spec, api, s));
            out.push(quote! {
                /// Matches a request whose JSON body includes `value`: every
                /// field it sets, with the same value (a body may hold more,
                /// such as a credential the client adds).
                pub fn body(self, value: &#ty) -> Self {
                    let value = ::serde_json::to_string(value).expect("a body serializes");
                    Self(self.0.json_body_includes(value))
                }
            });
        }
        Encoding::Form => {
            for field in fields {
                let setter = unique(field, "field");
                let doc = format!(" Matches a request whose form body holds the field `{field}` with `value`.");
                out.push(quote! {
                    #[doc = #doc]
                    pub fn #setter(self, value: impl ::std::fmt::Display) -> Self {
                        Self(self.0.form_urlencoded_tuple(#field, value.to_string()))
                    }
                });
            }
        }
        Encoding::Multipart => {
            for field in fields {
                let setter = unique(field, "field");
                let doc = format!(" Matches a request whose multipart body holds the text field `{field}` with `value`.");
                let part = format!("name=\"{field}\"\r\n\r\n{{}}\r\n");
                out.push(quote! {
                    #[doc = #doc]
                    pub fn #setter(self, value: impl ::std::fmt::Display) -> Self {
                        Self(self.0.body_includes(format!(#part, value)))
                    }
                });
            }
        }
        Encoding::Other(_) => out.push(quote! {
            /// Matches a request whose body is `value`.
            pub fn body(self, value: impl Into<String>) -> Self {
                Self(self.0.body(value))
            }
        }),
    }
    out
}

/// The answer for one declared status.
fn answer(spec: &Spec, api: &Api, response: &Response) -> TokenStream {
    let (name, status, status_arg, what) = match response.status {
        Status::Code(code) => {
            let reason = http::StatusCode::from_u16(code).ok().and_then(|s| s.canonical_reason()).map(|r| sanitize(r, Case::Snake));
            let name = reason.unwrap_or_else(|| format!("status_{code}"));
            (format_ident!("{name}"), quote!(#code), quote!(), format!("`{code}`"))
        }
        Status::Range(hundreds) => {
            let name = match hundreds {
                1 => "informational",
                2 => "success",
                3 => "redirect",
                4 => "client_error",
                _ => "server_error",
            };
            (format_ident!("{name}"), quote!(status), quote!(status: u16,), format!("a `{hundreds}XX` status"))
        }
        Status::Default => (format_ident!("default_response"), quote!(status), quote!(status: u16,), "any status".to_string()),
    };
    match &response.shape {
        Shape::Empty => {
            let doc = format!(" Answers {what} without a body.");
            quote! {
                #[doc = #doc]
                pub fn #name(self, #status_arg) -> Self {
                    Self(self.0.status(#status))
                }
            }
        }
        Shape::Json(schema) => {
            let ty = schema.as_ref().map_or(quote!(::serde_json::Value), |s| rust_type(spec, api, s));
            let doc = format!(" Answers {what} with `value` as JSON.");
            quote! {
                #[doc = #doc]
                pub fn #name(self, #status_arg value: &#ty) -> Self {
                    Self(self.0.status(#status).header("content-type", "application/json").json_body_obj(value))
                }
            }
        }
        Shape::Text => {
            let doc = format!(" Answers {what} with `value` as plain text.");
            quote! {
                #[doc = #doc]
                pub fn #name(self, #status_arg value: &str) -> Self {
                    Self(self.0.status(#status).header("content-type", "text/plain").body(value))
                }
            }
        }
        Shape::Other(media) => {
            let doc = format!(" Answers {what} with `value` as `{media}`.");
            quote! {
                #[doc = #doc]
                pub fn #name(self, #status_arg value: &[u8]) -> Self {
                    Self(self.0.status(#status).header("content-type", #media).body(value))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_escaped_and_its_parameters_are_one_segment() {
        let op = |path: Vec<Segment>| Operation { path, ..crate::model::tests::operation() };
        let op = op(vec![
            Segment::Credential { parameter: "key".into(), slot: "key".into() },
            Segment::Literal("v1.0+x".into()),
            Segment::Param("id".into()),
        ]);
        assert_eq!(regex(&op, None), r"^/[^/]+/v1\.0\+x/[^/]+$");
        assert_eq!(regex(&op, Some("id")), r"^/[^/]+/v1\.0\+x/{}$");
    }

    #[test]
    fn a_parameter_among_text_and_a_written_query_are_matched_as_sent() {
        let op = Operation {
            template: "/responses/{id}.json?beta=true".into(),
            path: vec![Segment::Literal("responses".into()), Segment::Literal("{id}.json?beta=true".into())],
            ..crate::model::tests::operation()
        };
        assert_eq!(regex(&op, None), r"^/responses/[^/]+\.json$");
        assert_eq!(regex(&op, Some("id")), r"^/responses/{}\.json$");
        assert_eq!(written_query(&op), [("beta".to_string(), "true".to_string())]);
    }
}
