//! Credentials, given once at construction, and their placement on requests.
//!
//! A client holds named credential slots (`token`, `api_key`, `user` and
//! `pass`...). Where each slot goes is declared per operation in the spec and
//! generated as [`Placement`]s: a header, the query, a path segment, a field
//! of the JSON or form body.
//!
//! Every value is a [`SecretString`], so no `Debug` output shows one. URLs
//! that carry a secret (a query parameter, a path segment) are redacted
//! before they reach a log line or an error message.

use std::fmt;
use std::sync::OnceLock;

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::scrub::Scrubber;

/// What every redacted secret is replaced by.
pub const REDACTED: &str = "[REDACTED]";

/// Where one credential goes on a request, as the spec declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `Authorization: Bearer <slot>`.
    Bearer { slot: &'static str },
    /// HTTP Basic auth from two slots.
    Basic { username: &'static str, password: &'static str },
    /// A header.
    Header { name: &'static str, slot: &'static str },
    /// A query parameter.
    Query { name: &'static str, slot: &'static str },
    /// A segment of the path, which the request puts in place.
    Path { slot: &'static str },
    /// A top-level field of the JSON (or form) body.
    BodyField { name: &'static str, slot: &'static str },
    /// A field of an object in the JSON body, e.g. `auth.user`.
    BodyObjectField { object: &'static str, name: &'static str, slot: &'static str },
}

impl Placement {
    /// Whether the credential goes into the body, which is then encoded
    /// only once it is in place.
    pub(crate) fn goes_in_body(&self) -> bool {
        matches!(self, Placement::BodyField { .. } | Placement::BodyObjectField { .. })
    }
}

/// The slot of a base URL's password (`user:password@`, a proxy's, say),
/// which the client sends as Basic auth: a secret like the others, rather
/// than part of the URL that the client's `Debug` shows.
const BASE_URL_PASSWORD: &str = "base_url_password";

/// The credential slots of one client.
#[derive(Clone, Default)]
pub struct Credentials {
    slots: Vec<(&'static str, SecretString)>,
    /// The base URL's user name, sent with [`BASE_URL_PASSWORD`]. A name is
    /// no secret, and scrubbing one as short as `api` would hide every word
    /// it is part of.
    base_url_user: Option<String>,
    /// Built at the first error that shows server text: most clients never
    /// need it.
    scrubber: OnceLock<Scrubber>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = f.debug_map();
        for (name, _) in &self.slots {
            shown.entry(name, &REDACTED);
        }
        shown.finish()
    }
}

impl Credentials {
    pub fn new() -> Self {
        Credentials::default()
    }

    /// Set slot `name`.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.slots.retain(|(n, _)| *n != name);
        self.slots.push((name, SecretString::from(value.into())));
        self.scrubber = OnceLock::new();
        self
    }

    /// `base_url` without its `user:password@`, and these credentials with
    /// them, decoded, as the slots that send them.
    pub(crate) fn with_base_url_userinfo(mut self, base_url: &str) -> (Self, String) {
        let Ok(mut url) = reqwest::Url::parse(base_url) else { return (self, base_url.to_string()) };
        if url.username().is_empty() && url.password().is_none() {
            return (self, base_url.to_string());
        }
        self.base_url_user = Some(decode(url.username()));
        if let Some(password) = url.password() {
            self = self.with(BASE_URL_PASSWORD, decode(password));
        }
        let _ = url.set_username("");
        let _ = url.set_password(None);
        // The builder trims the trailing `/` that `Url` puts back on a bare
        // host; a request extends the base path segment by segment.
        (self, url.as_str().trim_end_matches('/').to_string())
    }

    fn slot(&self, name: &str) -> Option<&str> {
        self.slots.iter().find(|(n, _)| *n == name).map(|(_, v)| v.expose_secret())
    }

    /// What removes every form of these secrets from text a server sent.
    pub(crate) fn scrubber(&self) -> &Scrubber {
        self.scrubber.get_or_init(|| Scrubber::new(self.slots.iter().map(|(_, v)| v.expose_secret())))
    }

    fn get(&self, slot: &str) -> Result<&str, String> {
        self.slot(slot)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| format!("this operation needs the `{slot}` credential, which the client was not given"))
    }

    /// Put the credentials that go in headers and the query on `request`.
    pub(crate) fn place_outside_body(&self, request: &mut reqwest::Request, placements: &[Placement]) -> Result<(), String> {
        // As reqwest would send a URL's userinfo: first, so that a credential
        // the spec puts in `Authorization` replaces it.
        if let Some(user) = &self.base_url_user {
            let password = self.slot(BASE_URL_PASSWORD).unwrap_or_default();
            request.headers_mut().insert(AUTHORIZATION, basic(user, password)?);
        }
        for placement in placements {
            match *placement {
                Placement::Bearer { slot } => {
                    let value = sensitive(&format!("Bearer {}", self.get(slot)?))?;
                    request.headers_mut().insert(AUTHORIZATION, value);
                }
                Placement::Basic { username, password } => {
                    request.headers_mut().insert(AUTHORIZATION, basic(self.get(username)?, self.get(password)?)?);
                }
                Placement::Header { name, slot } => {
                    let header = HeaderName::from_static(name);
                    request.headers_mut().insert(header, sensitive(self.get(slot)?)?);
                }
                Placement::Query { name, slot } => {
                    let value = self.get(slot)?;
                    request.url_mut().query_pairs_mut().append_pair(name, value);
                }
                Placement::Path { .. } | Placement::BodyField { .. } | Placement::BodyObjectField { .. } => {}
            }
        }
        Ok(())
    }

    /// The credential of `slot` as one path segment.
    pub(crate) fn path_segment(&self, slot: &str) -> Result<&str, String> {
        path_segment(slot, self.get(slot)?)
    }

    /// Put the credentials that go in the body into `body`, a JSON object.
    pub(crate) fn place_in_body(&self, body: &mut Value, placements: &[Placement]) -> Result<(), String> {
        for placement in placements {
            let (object, name, slot) = match *placement {
                Placement::BodyField { name, slot } => (None, name, slot),
                Placement::BodyObjectField { object, name, slot } => (Some(object), name, slot),
                _ => continue,
            };
            let value = self.get(slot)?;
            let Value::Object(map) = &mut *body else {
                return Err("credentials go into a JSON object body, and this body is not one".to_string());
            };
            let target = match object {
                None => map,
                Some(object) => map
                    .entry(object)
                    .or_insert_with(|| Value::Object(Default::default()))
                    .as_object_mut()
                    .ok_or_else(|| format!("the body field `{object}` is not an object"))?,
            };
            target.insert(name.to_string(), Value::String(value.to_string()));
        }
        Ok(())
    }

    /// `url` as it may be shown: query parameters named in `placements` and
    /// every path segment or query value equal to a credential are replaced
    /// by [`REDACTED`], and so is any userinfo.
    pub fn redact(&self, url: &reqwest::Url, placements: &[Placement]) -> String {
        let secret = |text: &str| self.slots.iter().any(|(_, v)| !v.expose_secret().is_empty() && v.expose_secret() == text);
        let query_names: Vec<&str> = placements
            .iter()
            .filter_map(|p| match p {
                Placement::Query { name, .. } => Some(*name),
                _ => None,
            })
            .collect();
        let mut shown = url.clone();
        let _ = shown.set_password(None);
        let _ = shown.set_username("");
        if let Some(segments) = url.path_segments() {
            let segments: Vec<String> = segments.map(|s| if secret(&decode(s)) { "REDACTED".to_string() } else { decode(s) }).collect();
            if let Ok(mut path) = shown.path_segments_mut() {
                path.clear().extend(segments);
            }
        }
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let hidden = query_names.contains(&k.as_ref()) || secret(&v);
                (k.into_owned(), if hidden { "REDACTED".to_string() } else { v.into_owned() })
            })
            .collect();
        if !pairs.is_empty() {
            shown.query_pairs_mut().clear().extend_pairs(pairs);
        }
        shown.to_string().replace("REDACTED", REDACTED)
    }
}

fn decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

/// A credential that goes in the path, as one segment. `.` and `..` would
/// name another endpoint (the URL library drops them as segments), and a
/// control character is refused as a header refuses it rather than sent
/// altered. The error names the slot, never the value.
fn path_segment<'a>(slot: &str, value: &'a str) -> Result<&'a str, String> {
    if matches!(value, "." | "..") {
        return Err(format!("the `{slot}` credential goes in the URL's path, and `.` or `..` there would name another endpoint"));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("the `{slot}` credential contains control characters (CR, LF, TAB...), which cannot be sent in a URL's path"));
    }
    Ok(value)
}

/// `Authorization: Basic` for `user` and `password`, redacted in `Debug`.
fn basic(user: &str, password: &str) -> Result<HeaderValue, String> {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    sensitive(&format!("Basic {encoded}"))
}

/// A header value that `Debug` output redacts. The error names no secret.
fn sensitive(text: &str) -> Result<HeaderValue, String> {
    let mut value =
        HeaderValue::from_str(text).map_err(|_| "the credential contains characters that cannot be sent in an HTTP header".to_string())?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(url: &str) -> reqwest::Request {
        reqwest::Request::new(reqwest::Method::GET, reqwest::Url::parse(url).unwrap())
    }

    #[test]
    fn query_and_path_secrets_are_redacted_and_the_rest_kept() {
        let creds = Credentials::new().with("api_token", "s3cr3t").with("api_key", "k3y-value");
        let placements = [Placement::Query { name: "api_token", slot: "api_token" }];
        let url = reqwest::Url::parse("https://h/api/k3y-value/x?contact_id=7&api_token=s3cr3t").unwrap();
        assert_eq!(creds.redact(&url, &placements), "https://h/api/[REDACTED]/x?contact_id=7&api_token=[REDACTED]");
    }

    #[test]
    fn a_path_credential_that_is_a_dot_segment_or_has_control_characters_is_refused() {
        for value in [".", "..", "k\r\nX: y", "k\tey"] {
            let creds = Credentials::new().with("api_key", value);
            let err = creds.path_segment("api_key").unwrap_err();
            assert!(err.starts_with("the `api_key` credential"), "{value:?}: {err}");
            if value.len() > 2 {
                assert!(!err.contains(value), "{err}");
            }
        }
        assert_eq!(Credentials::new().with("api_key", "a/b c").path_segment("api_key"), Ok("a/b c"));
    }

    #[test]
    fn body_credentials_are_set_in_the_json_body() {
        let creds = Credentials::new().with("user", "u1").with("pass", "p1");
        let mut body = serde_json::json!({"text": "hi"});
        creds
            .place_in_body(
                &mut body,
                &[
                    Placement::BodyObjectField { object: "auth", name: "user", slot: "user" },
                    Placement::BodyObjectField { object: "auth", name: "pass", slot: "pass" },
                ],
            )
            .unwrap();
        assert_eq!(body, serde_json::json!({"text": "hi", "auth": {"user": "u1", "pass": "p1"}}));
    }

    #[test]
    fn a_missing_credential_is_named_without_its_value() {
        let creds = Credentials::new().with("login", "x");
        let err = creds.place_outside_body(&mut request("https://h/"), &[Placement::Bearer { slot: "secret_key" }]).unwrap_err();
        assert_eq!(err, "this operation needs the `secret_key` credential, which the client was not given");
    }

    #[test]
    fn a_base_url_userinfo_becomes_basic_auth_and_leaves_the_url() {
        let (creds, base) = Credentials::new().with("token", "t").with_base_url_userinfo("http://proxy%20user:p%40ss@h:8080/api");
        assert_eq!(base, "http://h:8080/api");
        let mut req = request("http://h:8080/api/x");
        creds.place_outside_body(&mut req, &[]).unwrap();
        use base64::Engine as _;
        let expected = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("proxy user:p@ss"));
        assert_eq!(req.headers()[AUTHORIZATION], expected.as_str());
        assert!(req.headers()[AUTHORIZATION].is_sensitive());
        assert!(!format!("{creds:?}").contains("p@ss"));
        let (_, bare) = Credentials::new().with_base_url_userinfo("http://u:p@h");
        assert_eq!(bare, "http://h");
    }

    #[test]
    fn debug_never_shows_a_secret() {
        let creds = Credentials::new().with("token", "s3cr3t").with("pass", "s3cr3t");
        let shown = format!("{creds:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }
}
