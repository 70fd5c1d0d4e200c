//! Credentials, given once at construction, and their placement on requests.
//!
//! Every secret is a [`SecretString`], so no `Debug` output shows one. URLs
//! that carry a secret (a query parameter, a path segment) are redacted
//! before they reach a log line or an error message.

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

/// What every redacted secret is replaced by.
pub const REDACTED: &str = "[REDACTED]";

/// Credentials of one client.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Credentials {
    /// The API takes no credentials.
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(SecretString),
    /// HTTP Basic auth.
    Basic { username: String, password: SecretString },
    /// A secret in a request header.
    Header { name: &'static str, value: SecretString },
    /// A secret in a query parameter.
    Query { name: &'static str, value: SecretString },
}

impl Credentials {
    pub fn bearer(token: impl Into<String>) -> Self {
        Credentials::Bearer(SecretString::from(token.into()))
    }

    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials::Basic {
            username: username.into(),
            password: SecretString::from(password.into()),
        }
    }

    pub fn header(name: &'static str, value: impl Into<String>) -> Self {
        Credentials::Header {
            name,
            value: SecretString::from(value.into()),
        }
    }

    pub fn query(name: &'static str, value: impl Into<String>) -> Self {
        Credentials::Query {
            name,
            value: SecretString::from(value.into()),
        }
    }

    /// Put the credentials on `request`. Header values are marked sensitive,
    /// so `reqwest` leaves them out of its own `Debug` output.
    pub fn authorize(&self, request: &mut reqwest::Request) -> Result<(), String> {
        match self {
            Credentials::None => {}
            Credentials::Bearer(token) => {
                let value = sensitive(&format!("Bearer {}", token.expose_secret()))?;
                request.headers_mut().insert(AUTHORIZATION, value);
            }
            Credentials::Basic { username, password } => {
                use base64::Engine as _;
                let pair = format!("{username}:{}", password.expose_secret());
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                request
                    .headers_mut()
                    .insert(AUTHORIZATION, sensitive(&format!("Basic {encoded}"))?);
            }
            Credentials::Header { name, value } => {
                let header = HeaderName::from_static(name);
                request
                    .headers_mut()
                    .insert(header, sensitive(value.expose_secret())?);
            }
            Credentials::Query { name, value } => {
                request
                    .url_mut()
                    .query_pairs_mut()
                    .append_pair(name, value.expose_secret());
            }
        }
        Ok(())
    }

    /// `url` as it may be shown: every secret these credentials put in it is
    /// replaced by [`REDACTED`].
    pub fn redact(&self, url: &reqwest::Url) -> String {
        let mut shown = url.clone();
        if let Credentials::Query { name, .. } = self {
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(k, v)| {
                    let v = if k == *name { REDACTED.to_string() } else { v.into_owned() };
                    (k.into_owned(), v)
                })
                .collect();
            if !pairs.is_empty() {
                shown.query_pairs_mut().clear().extend_pairs(pairs);
            }
        }
        // Userinfo never belongs in a shown URL, whoever put it there.
        let _ = shown.set_password(None);
        shown.to_string().replace("%5BREDACTED%5D", REDACTED)
    }
}

/// A header value that `Debug` output redacts. The error names no secret.
fn sensitive(text: &str) -> Result<HeaderValue, String> {
    let mut value = HeaderValue::from_str(text).map_err(|_| {
        "the credential contains characters that cannot be sent in an HTTP header".to_string()
    })?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_secrets_are_redacted_and_other_parameters_kept() {
        let creds = Credentials::query("api_token", "s3cr3t");
        let url = reqwest::Url::parse("https://h/x?contact_id=7&api_token=s3cr3t").unwrap();
        assert_eq!(creds.redact(&url), "https://h/x?contact_id=7&api_token=[REDACTED]");
    }

    #[test]
    fn debug_never_shows_a_secret() {
        for creds in [
            Credentials::bearer("s3cr3t"),
            Credentials::basic("user", "s3cr3t"),
            Credentials::header("x-key", "s3cr3t"),
            Credentials::query("key", "s3cr3t"),
        ] {
            let shown = format!("{creds:?}");
            assert!(!shown.contains("s3cr3t"), "{shown}");
        }
    }
}
