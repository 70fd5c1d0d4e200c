//! What a call answers besides its value: the status and headers, and,
//! for an answer whose shape rests on one source, what did not match.
//!
//! `send().await` answers the value alone; `send().with_response().await`
//! answers a [`Response`] with the rest, the way Stainless SDKs keep a raw response
//! one call away.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::DecodeError;

/// A success answer: its status, its headers and its decoded value.
///
/// ```no_run
/// # #[cfg(feature = "watbot")]
/// # async fn f(client: botapis::watbot::Client) -> Result<(), botapis::watbot::Error> {
/// let response = client.get_me().send().with_response().await?;
/// println!("{} {:?}", response.status(), response.headers().get("x-ratelimit-remaining"));
/// if let Some(mismatch) = response.mismatch() {
///     // The answer did not match its type: what decoded is the value, the
///     // body is here as it came.
///     eprintln!("{mismatch}: {}", String::from_utf8_lossy(mismatch.body()));
/// }
/// let account = response.into_inner();
/// # let _ = account; Ok(()) }
/// ```
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    value: T,
    mismatch: Option<Mismatch>,
}

impl<T> Response<T> {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, value: T, mismatch: Option<Mismatch>) -> Self {
        Response { status, headers, value, mismatch }
    }

    /// The answer's HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The answer's headers, as the server sent them.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded value, what `send()` answers.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The same answer with its value mapped by `f` (generated code reads
    /// one of several success shapes and makes it the operation's answer).
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response { status: self.status, headers: self.headers, value: f(self.value), mismatch: self.mismatch }
    }

    /// Where the body did not match the answer's type, and the body as it
    /// came. Only an answer whose shape rests on one source (its
    /// operation's doc says so) is decoded this way; any other answer that
    /// does not match fails the call with `Error::Decode`.
    pub fn mismatch(&self) -> Option<&Mismatch> {
        self.mismatch.as_ref()
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// Header values may echo what a server was sent, so only their names are
/// shown.
impl<T: std::fmt::Debug> std::fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("value", &self.value)
            .field("mismatch", &self.mismatch)
            .finish()
    }
}

/// A success answer that did not match its type: the first place it did
/// not (redacted like every error), and the body as it came.
pub struct Mismatch {
    error: DecodeError,
    body: Bytes,
}

impl Mismatch {
    /// The first place the body did not match.
    pub fn error(&self) -> &DecodeError {
        &self.error
    }

    /// The body as the server sent it. It is the vendor's data, not
    /// redacted.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the answer did not match its type: {}", self.error)
    }
}

/// The body is the vendor's data and may echo a secret: its length only.
impl std::fmt::Debug for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mismatch").field("error", &self.error).field("body_len", &self.body.len()).finish()
    }
}

/// How many values that do not match are dropped before the answer is
/// read as an empty object: each try decodes the whole body again.
const MAX_DROPPED: usize = 64;

/// The largest body whose values are dropped one by one; a larger one that
/// does not match is read as an empty object, so that a hostile answer
/// costs no more than a few decodes of a small one.
const MAX_SALVAGED: usize = 256 * 1024;

/// What of `body` decodes as `T`: the body with every value that does not
/// match dropped (an optional field left out, an item of a list left out),
/// or, when the body is not an object, is large, or no such value is
/// found, an empty object. `None` when the body is not JSON at all (an
/// HTML page from a proxy is no answer), or when not even an empty object
/// decodes (`T` has a required field).
pub(crate) fn what_decodes<T: DeserializeOwned>(body: &[u8], error: DecodeError) -> Option<(T, Mismatch)> {
    let mismatch = Mismatch { error, body: Bytes::copy_from_slice(body) };
    let empty = || T::deserialize(&Value::Object(Default::default())).ok();
    if body.len() > MAX_SALVAGED {
        // Still JSON? Checked without building it.
        serde_json::from_slice::<serde::de::IgnoredAny>(body).ok()?;
        return empty().map(|decoded| (decoded, mismatch));
    }
    let mut value: Value = serde_json::from_slice(body).ok()?;
    for _ in 0..MAX_DROPPED {
        match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(decoded) => return Some((decoded, mismatch)),
            Err(error) => {
                if !drop_at(&mut value, error.path()) {
                    break;
                }
            }
        }
    }
    empty().map(|decoded| (decoded, mismatch))
}

/// Remove the value at `path` from its object or list; false when `path`
/// names the whole value or a place that is not there.
fn drop_at(value: &mut Value, path: &serde_path_to_error::Path) -> bool {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path.iter().collect();
    let Some((last, parents)) = segments.split_last() else {
        return false;
    };
    let mut node = value;
    for segment in parents {
        node = match (segment, node) {
            (Segment::Map { key }, Value::Object(map)) => match map.get_mut(key.as_str()) {
                Some(child) => child,
                None => return false,
            },
            (Segment::Seq { index }, Value::Array(items)) => match items.get_mut(*index) {
                Some(child) => child,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, node) {
        (Segment::Map { key }, Value::Object(map)) => map.remove(key.as_str()).is_some(),
        (Segment::Seq { index }, Value::Array(items)) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Account {
        id: Option<i64>,
        name: Option<String>,
        #[serde(default)]
        tags: Vec<Tag>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Tag {
        name: String,
    }

    #[derive(Debug, Deserialize)]
    struct Strict {
        #[allow(dead_code)]
        id: i64,
    }

    fn error() -> DecodeError {
        let source = serde_json::from_str::<i64>("x").unwrap_err();
        DecodeError::new("mismatch".into(), &source)
    }

    #[test]
    fn a_field_of_another_type_is_left_out_and_the_rest_kept() {
        let body = br#"{"id": "seven", "name": "Ann", "tags": [{"name": "vip"}, {"name": 3}, {"name": "new"}]}"#;
        let (account, mismatch) = what_decodes::<Account>(body, error()).unwrap();
        assert_eq!(account.id, None);
        assert_eq!(account.name.as_deref(), Some("Ann"));
        assert_eq!(account.tags, vec![Tag { name: "vip".into() }, Tag { name: "new".into() }]);
        assert_eq!(mismatch.body(), body);
        assert_eq!(mismatch.json().unwrap()["id"], "seven");
    }

    #[test]
    fn an_answer_that_is_no_object_decodes_as_an_empty_one() {
        for body in [&b"[]"[..], b"\"ok\"", b"true", b"null"] {
            let (account, mismatch) = what_decodes::<Account>(body, error()).unwrap();
            assert_eq!(account, Account { id: None, name: None, tags: vec![] }, "{body:?}");
            assert_eq!(mismatch.body(), body);
        }
    }

    #[test]
    fn a_body_that_is_not_json_is_no_answer() {
        // A proxy's error page with a 200 must not read as "no client".
        for body in [&b"<html>maintenance</html>"[..], b"", b"{\"id\": 1"] {
            assert!(what_decodes::<Account>(body, error()).is_none(), "{body:?}");
        }
    }

    #[test]
    fn a_large_body_is_not_taken_apart() {
        // 400 KB of items that do not match: read as an empty object at
        // once, not decoded 64 times with an item moved out each time.
        let items = vec!["1"; 200_000].join(",");
        let body = format!(r#"{{"name": "Ann", "tags": [{items}]}}"#);
        assert!(body.len() > MAX_SALVAGED);
        let (account, _) = what_decodes::<Account>(body.as_bytes(), error()).unwrap();
        assert_eq!(account, Account { id: None, name: None, tags: vec![] });
        let not_json = format!("{body}x");
        assert!(what_decodes::<Account>(not_json.as_bytes(), error()).is_none());
    }

    #[test]
    fn a_type_with_a_required_field_still_fails() {
        assert!(what_decodes::<Strict>(br#"{"id": "x"}"#, error()).is_none());
        assert!(what_decodes::<Strict>(b"[]", error()).is_none());
    }

    #[test]
    fn dropping_is_bounded() {
        // More values that do not match than are dropped: the answer is
        // read as an empty object, not decoded a thousand times.
        let tags: Vec<String> = (0..1000).map(|i| format!(r#"{{"name": {i}}}"#)).collect();
        let body = format!(r#"{{"name": "Ann", "tags": [{}]}}"#, tags.join(","));
        let (account, _) = what_decodes::<Account>(body.as_bytes(), error()).unwrap();
        assert_eq!(account, Account { id: None, name: None, tags: vec![] });
    }

    #[test]
    fn debug_shows_no_body_and_no_header_value() {
        let mut headers = HeaderMap::new();
        headers.insert("x-echo", "secret-token".parse().unwrap());
        let (value, mismatch) = what_decodes::<Account>(br#"{"id": "secret-token"}"#, error()).unwrap();
        let response = Response::new(StatusCode::OK, headers, value, Some(mismatch));
        let shown = format!("{response:?}");
        assert!(!shown.contains("secret-token"), "{shown}");
        assert!(shown.contains("x-echo"), "{shown}");
    }
}
