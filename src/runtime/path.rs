//! Keeping every path parameter one segment of its operation's own path.
//!
//! The engine percent-encodes `/` and `%` in a path value, so no value adds
//! a segment. But `.` and `..` are segments a URL parser resolves
//! (`/contact/..` is `/`), an empty one is a segment servers collapse, and
//! no encoding keeps any of them one segment: the URL standard reads `%2e`
//! as a dot too. A value of a webhook or a chat command would then choose
//! the endpoint that gets the client's credentials. So a request whose path
//! is not the base URL's followed by its operation's, each parameter one
//! segment that is not empty, is refused before it is sent.

use reqwest::Url;

/// How many path segments `base` has (`https://h/api/v1`: 2), counted once
/// when a client is built. A base URL that is none has none: its calls fail
/// before this matters.
pub fn segments(base: &str) -> usize {
    match Url::parse(base) {
        Ok(base) if base.path() == "/" => 0,
        Ok(base) => base.path_segments().map_or(0, Iterator::count),
        Err(_) => 0,
    }
}

/// Check `url` against a base of `base_len` segments followed by `template`
/// (`/contact/{id}`).
pub fn check(base_len: usize, url: &Url, template: &str, operation: &str) -> Result<(), String> {
    // An operation the vendor's table does not have (a caller of the
    // engine's own API) has no template to hold the URL to.
    if template.is_empty() {
        return Ok(());
    }
    let expected: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    let got: Vec<&str> = url
        .path_segments()
        .map(Iterator::collect)
        .unwrap_or_default();
    let parameters: Vec<&str> = expected.iter().filter_map(|s| parameter(s)).collect();
    if got.len() != base_len + expected.len() {
        return Err(refused(operation, &parameters, "`.` or `..`"));
    }
    for (segment, expected) in got[base_len..].iter().zip(&expected) {
        match parameter(expected) {
            Some(name) if segment.is_empty() => return Err(refused(operation, &[name], "empty")),
            Some(_) => {}
            None if decode(segment) != *expected => {
                return Err(refused(operation, &parameters, "`.` or `..`"));
            }
            None => {}
        }
    }
    Ok(())
}

/// The name of a `{name}` segment.
fn parameter(segment: &str) -> Option<&str> {
    segment.strip_prefix('{')?.strip_suffix('}')
}

fn decode(segment: &str) -> std::borrow::Cow<'_, str> {
    percent_encoding::percent_decode_str(segment).decode_utf8_lossy()
}

fn refused(operation: &str, parameters: &[&str], what: &str) -> String {
    let names = parameters
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>();
    let subject = match names.as_slice() {
        [one] => format!("the path parameter {one} is {what}"),
        many => format!("one of the path parameters {} is {what}", many.join(", ")),
    };
    format!(
        "{subject}, which would send `{operation}` to another endpoint; \
         a path value must be one segment that is not empty, `.` or `..`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn a_value_that_stays_one_segment_passes() {
        let sent = url("https://h/api/v1/contact/a%2Fb/tags");
        assert_eq!(
            check(
                segments("https://h/api/v1"),
                &sent,
                "/contact/{contact_id}/tags",
                "add_tags"
            ),
            Ok(())
        );
        let sent = url("https://h/_botapis_api_key_/message");
        assert_eq!(
            check(
                segments("https://h"),
                &sent,
                "/_botapis_api_key_/message",
                "message"
            ),
            Ok(())
        );
    }

    #[test]
    fn a_dot_segment_that_was_resolved_is_refused_naming_the_parameter() {
        // `/api/v1/contact/../tags` as the URL parser leaves it.
        let sent = url("https://h/api/v1/contact/../tags");
        let err = check(
            segments("https://h/api/v1"),
            &sent,
            "/contact/{contact_id}/tags",
            "delete_tags",
        )
        .unwrap_err();
        assert!(
            err.starts_with("the path parameter `contact_id` is `.` or `..`"),
            "{err}"
        );
        assert!(err.contains("`delete_tags`"), "{err}");
    }

    #[test]
    fn a_trailing_dot_leaves_an_empty_segment_and_is_refused() {
        let sent = url("https://h/v1/message/sendContent/.");
        let err = check(
            segments("https://h/v1"),
            &sent,
            "/message/sendContent/{contact_id}",
            "send_content",
        )
        .unwrap_err();
        assert!(
            err.starts_with("the path parameter `contact_id` is empty"),
            "{err}"
        );
    }

    #[test]
    fn a_literal_segment_moved_by_a_dot_is_refused() {
        // Same count of segments, another endpoint: `/a/{x}/b/{y}` with
        // x = `..` and y = `b` ... reaches `/b/b` plus what follows.
        let sent = url("https://h/z/../b/y/extra");
        let err = check(segments("https://h"), &sent, "/a/{x}/b/{y}", "op").unwrap_err();
        assert!(
            err.starts_with("one of the path parameters `x`, `y` is"),
            "{err}"
        );
    }
}
