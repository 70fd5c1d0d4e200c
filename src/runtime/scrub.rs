//! Removing a client's secrets from text a server sent back.
//!
//! A misconfigured proxy or a framework's default 404 page echoes the
//! request ("Cannot GET /`<key>`/get_variables"), and a hostile server can
//! echo anything: headers, the query, the body. Before an error keeps any
//! such text for display, every form in which a secret can travel is
//! replaced by [`REDACTED`]: as it is, percent-encoded (path, query, form),
//! JSON-escaped, base64 (alone, and as the `user:pass` pair of a Basic
//! header).

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use base64::Engine as _;
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};

use super::credentials::REDACTED;

/// What a URL path segment escapes (the WHATWG path-segment set).
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%');

/// Finds every known form of a set of secrets.
#[derive(Clone)]
pub(crate) struct Scrubber {
    /// None when there is nothing to find (a client without credentials).
    finder: Option<AhoCorasick>,
    patterns: Vec<String>,
}

impl Scrubber {
    /// A scrubber for `secrets`; empty ones are ignored.
    pub(crate) fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Scrubber {
        let secrets: Vec<&str> = secrets.into_iter().filter(|s| !s.is_empty()).collect();
        let mut patterns: Vec<String> = Vec::new();
        for secret in &secrets {
            patterns.extend(forms(secret));
        }
        // The Basic header carries base64("user:pass"), whose characters do
        // not line up with the base64 of either part alone.
        for user in &secrets {
            for pass in &secrets {
                patterns.extend(base64_forms(format!("{user}:{pass}").as_bytes()));
            }
        }
        patterns.retain(|p| !p.is_empty());
        patterns.sort();
        patterns.dedup();
        // Case-insensitive: a server may re-encode `%2f` as `%2F`. Hiding a
        // word that differs from a secret only in case costs nothing.
        let finder = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()
            .filter(|_| !patterns.is_empty());
        Scrubber { finder, patterns }
    }

    /// `text` cut from a longer body, with every secret replaced, and a
    /// secret cut in two at the end hidden too: a server can pad its answer
    /// so that the cut falls inside one.
    pub(crate) fn cut_bytes<'a>(&self, text: &'a [u8], truncated: bool) -> Cow<'a, [u8]> {
        let scrubbed = self.bytes(text);
        if !truncated {
            return scrubbed;
        }
        let tail = self
            .patterns
            .iter()
            .filter_map(|p| {
                (1..p.len())
                    .rev()
                    .find(|&k| scrubbed.len() >= k && scrubbed[scrubbed.len() - k..].eq_ignore_ascii_case(&p.as_bytes()[..k]))
            })
            .max();
        match tail {
            None => scrubbed,
            Some(k) => {
                let mut out = scrubbed.into_owned();
                out.truncate(out.len() - k);
                out.extend_from_slice(REDACTED.as_bytes());
                Cow::Owned(out)
            }
        }
    }

    /// `text` with every secret replaced; borrowed when it holds none.
    pub(crate) fn bytes<'a>(&self, text: &'a [u8]) -> Cow<'a, [u8]> {
        match &self.finder {
            Some(finder) if finder.is_match(text) => {
                let mut out = Vec::with_capacity(text.len());
                finder.replace_all_with_bytes(text, &mut out, |_, _, dst| {
                    dst.extend_from_slice(REDACTED.as_bytes());
                    true
                });
                Cow::Owned(out)
            }
            _ => Cow::Borrowed(text),
        }
    }

    /// `text` with every secret replaced.
    pub(crate) fn text<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match self.bytes(text.as_bytes()) {
            Cow::Borrowed(_) => Cow::Borrowed(text),
            // Secrets and REDACTED are whole UTF-8 strings, and so are the
            // parts between matches.
            Cow::Owned(bytes) => Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
        }
    }
}

/// Every form of one secret that can appear in an echoed request.
fn forms(secret: &str) -> Vec<String> {
    let mut out = vec![
        secret.to_string(),
        utf8_percent_encode(secret, PATH_SEGMENT).to_string(),
        utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string(),
        form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
    ];
    let json = serde_json::to_string(secret).unwrap_or_default();
    out.push(json.trim_matches('"').to_string());
    out.extend(base64_forms(secret.as_bytes()));
    out
}

fn base64_forms(bytes: &[u8]) -> Vec<String> {
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    // Padding differs only at the end, so the unpadded form finds both.
    vec![STANDARD_NO_PAD.encode(bytes), URL_SAFE_NO_PAD.encode(bytes)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrub(secrets: &[&str], text: &str) -> String {
        Scrubber::new(secrets.iter().copied()).text(text).into_owned()
    }

    #[test]
    fn every_form_of_a_secret_is_hidden() {
        let secret = "k3y/with space+é";
        let encoded_path = utf8_percent_encode(secret, PATH_SEGMENT).to_string();
        let form: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let b64 = base64::engine::general_purpose::STANDARD.encode(secret);
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("user-1:{secret}"));
        let text = format!(
            "raw {secret}; path /{encoded_path}/x; lower {}; query ?k={form}; b64 {b64}; basic Basic {basic}",
            encoded_path.to_lowercase()
        );
        let shown = scrub(&[secret, "user-1"], &text);
        for form in [secret, &encoded_path, &encoded_path.to_lowercase(), &form, &b64, &basic] {
            assert!(!shown.contains(form), "{form} in {shown}");
        }
        assert!(shown.starts_with("raw [REDACTED]; path /[REDACTED]/x"), "{shown}");
    }

    #[test]
    fn a_secret_cut_in_two_at_the_end_of_a_truncated_body_is_hidden() {
        let scrubber = Scrubber::new(["s3cr3t-value"]);
        assert_eq!(&scrubber.cut_bytes(b"key=s3cr3t-va", true)[..], b"key=[REDACTED]");
        assert_eq!(&scrubber.cut_bytes(b"key=s3cr3t-va", false)[..], b"key=s3cr3t-va", "whole bodies end where they end");
        assert_eq!(&scrubber.cut_bytes(b"nothing", true)[..], b"nothing");
    }

    #[test]
    fn text_without_secrets_is_borrowed_and_unchanged() {
        let scrubber = Scrubber::new(["s3cr3t"]);
        assert!(matches!(scrubber.text("nothing here"), Cow::Borrowed("nothing here")));
        assert!(matches!(Scrubber::new([""]).text("s3cr3t"), Cow::Borrowed("s3cr3t")));
    }
}
