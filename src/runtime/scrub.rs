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
use serde_json::Value;

use super::credentials::REDACTED;

/// What a URL path segment escapes (the WHATWG path-segment set).
const PATH_SEGMENT: &AsciiSet =
    &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'<').add(b'>').add(b'?').add(b'`').add(b'{').add(b'}').add(b'/').add(b'%');

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
                (1..p.len()).rev().find(|&k| scrubbed.len() >= k && scrubbed[scrubbed.len() - k..].eq_ignore_ascii_case(&p.as_bytes()[..k]))
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

    /// A body as an error shows it: JSON with every string (and key)
    /// scrubbed after its escapes are read, so that `\/` or `\u0073` cannot
    /// hide a secret; other text scrubbed as it is and, if it holds
    /// percent-escapes, as it reads once they are decoded.
    pub(crate) fn display<'a>(&self, raw: &'a [u8], truncated: bool) -> Cow<'a, [u8]> {
        if self.finder.is_none() {
            return Cow::Borrowed(raw);
        }
        if !truncated && let Ok(mut value) = serde_json::from_slice::<Value>(raw) {
            return if self.json(&mut value) { Cow::Owned(serde_json::to_vec(&value).unwrap_or_default()) } else { Cow::Borrowed(raw) };
        }
        self.hide(raw, truncated)
    }

    /// `text` (cut from a longer body when `truncated`) with every secret
    /// replaced; if its percent-escapes hide one (`%73ecret`), as it reads
    /// once they are decoded.
    fn hide<'a>(&self, text: &'a [u8], truncated: bool) -> Cow<'a, [u8]> {
        let scrubbed = self.cut_bytes(text, truncated);
        for decoded in percent_decodings(&scrubbed) {
            if let Cow::Owned(hidden) = self.cut_bytes(&decoded, truncated) {
                return Cow::Owned(hidden);
            }
        }
        scrubbed
    }

    /// Scrub every string, key and number of `value`; true if any changed.
    pub(crate) fn json(&self, value: &mut Value) -> bool {
        match value {
            Value::String(text) => match self.text(text) {
                Cow::Borrowed(_) => false,
                Cow::Owned(hidden) => {
                    *text = hidden;
                    true
                }
            },
            // A numeric credential (a widget id) echoed as a number.
            Value::Number(n) => {
                let shown = n.to_string();
                let hidden = matches!(self.text(&shown), Cow::Owned(_));
                if hidden {
                    *value = Value::String(REDACTED.to_string());
                }
                hidden
            }
            Value::Array(items) => items.iter_mut().fold(false, |changed, item| self.json(item) | changed),
            Value::Object(map) => {
                let mut changed = false;
                let entries = std::mem::take(map);
                for (key, mut item) in entries {
                    changed |= self.json(&mut item);
                    let key = match self.text(&key) {
                        Cow::Borrowed(_) => key,
                        Cow::Owned(hidden) => {
                            changed = true;
                            hidden
                        }
                    };
                    map.insert(key, item);
                }
                changed
            }
            Value::Null | Value::Bool(_) => false,
        }
    }

    /// `text` with every secret replaced; if it holds percent-escapes that
    /// hide one (`%73ecret`), as it reads once they are decoded.
    pub(crate) fn text<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match self.hide(text.as_bytes(), false) {
            Cow::Borrowed(_) => Cow::Borrowed(text),
            // Secrets and REDACTED are whole UTF-8 strings, and so are the
            // parts between matches.
            Cow::Owned(bytes) => Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
        }
    }
}

/// `text` with its percent-escapes decoded, as a path reads them and as a
/// form reads them (`+` a space); none when it has no escape.
fn percent_decodings(text: &[u8]) -> Vec<Vec<u8>> {
    if !text.contains(&b'%') {
        return Vec::new();
    }
    let plain: Vec<u8> = percent_encoding::percent_decode(text).collect();
    let spaced: Vec<u8> = text.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
    vec![plain, percent_encoding::percent_decode(&spaced).collect()]
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
    out.push(php_json(secret));
    // An echo that base64-encodes a whole request encodes the secret in the
    // form it travelled in: percent-encoded in a path, say.
    let encoded: Vec<String> = out.iter().flat_map(|form| base64_forms(form.as_bytes())).collect();
    out.extend(encoded);
    out
}

/// A string as PHP's `json_encode` writes it by default: `/` as `\/`, and
/// everything outside ASCII as `\uXXXX`.
fn php_json(secret: &str) -> String {
    let json = serde_json::to_string(secret).unwrap_or_default();
    let mut out = String::new();
    for c in json.trim_matches('"').chars() {
        match c {
            '/' => out.push_str("\\/"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out
}

/// The base64 characters that depend on `bytes` alone, wherever they start
/// in the encoded stream: a server that base64-encodes a whole request puts
/// a secret at any of three offsets, and the characters around it mix in
/// its neighbours' bits. Cores under four characters are left out: they
/// would hide ordinary text.
fn base64_forms(bytes: &[u8]) -> Vec<String> {
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    let mut out = Vec::new();
    for offset in 0..3usize {
        let mut padded = vec![0u8; offset];
        padded.extend_from_slice(bytes);
        // Character i holds bits 6i..6i+6; the secret holds bits
        // 8·offset..8·(offset + len).
        let start = (8 * offset).div_ceil(6);
        let end = 8 * (offset + bytes.len()) / 6;
        if end < start + 4 {
            continue;
        }
        for encoded in [STANDARD_NO_PAD.encode(&padded), URL_SAFE_NO_PAD.encode(&padded)] {
            out.push(encoded[start..end].to_string());
        }
    }
    out
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
    fn json_escapes_cannot_hide_a_secret() {
        let scrubber = Scrubber::new(["k3y/é"]);
        let body = br#"{"message": "bad key k3y\/\u00e9", "k\u0033y/\u00e9": 1}"#;
        let shown = String::from_utf8(scrubber.display(body, false).into_owned()).unwrap();
        assert_eq!(shown, r#"{"message":"bad key [REDACTED]","[REDACTED]":1}"#);
        // Cut off, so not JSON: PHP's escaping is a form of its own.
        let cut = String::from_utf8(scrubber.display(br#"{"message": "k3y\/\u00e9 and more"#, true).into_owned()).unwrap();
        assert!(!cut.contains("k3y"), "{cut}");
    }

    #[test]
    fn base64_at_any_offset_and_percent_escapes_of_plain_letters_are_found() {
        let secret = "s3cr3t-token-value";
        let scrubber = Scrubber::new([secret]);
        for prefix in ["", "a", "ab"] {
            let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{prefix}{secret}!"));
            let shown = scrubber.text(&encoded).into_owned();
            assert!(shown.contains("[REDACTED]"), "offset {}: {encoded} -> {shown}", prefix.len());
        }
        let shown = scrubber.display(b"GET /%73%33cr3t-token-value HTTP/1.1", false).into_owned();
        assert_eq!(String::from_utf8(shown).unwrap(), "GET /[REDACTED] HTTP/1.1");
    }

    #[test]
    fn a_numeric_credential_is_hidden_in_json_numbers_and_strings() {
        let scrubber = Scrubber::new(["627"]);
        let mut value = serde_json::json!({"imba_id": 627, "text": "widget 627", "other": 1});
        assert!(scrubber.json(&mut value));
        assert_eq!(value, serde_json::json!({"imba_id": "[REDACTED]", "text": "widget [REDACTED]", "other": 1}));
    }

    #[test]
    fn text_without_secrets_is_borrowed_and_unchanged() {
        let scrubber = Scrubber::new(["s3cr3t"]);
        assert!(matches!(scrubber.text("nothing here"), Cow::Borrowed("nothing here")));
        assert!(matches!(Scrubber::new([""]).text("s3cr3t"), Cow::Borrowed("s3cr3t")));
    }
}
