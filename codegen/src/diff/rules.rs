//! The catalog of changes `diff` reports: a stable id, a level, and what
//! the change means for an API client. Ids follow oasdiff's where oasdiff
//! has the same check, so findings read the same in both tools.
//!
//! Levels are judged for API clients, by direction: a request is what the
//! client sends (so narrowing what is accepted breaks it), a response is
//! what it reads (so widening what may come back can break it).

use serde::Serialize;

/// How a change affects API clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Nothing that worked stops working.
    Info,
    /// Some clients may break, depending on how they use the API.
    Warning,
    /// Clients that worked can break.
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// One rule of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub level: Level,
    pub summary: &'static str,
}

macro_rules! catalog {
    ($($id:literal => $level:ident, $summary:literal;)*) => {
        /// Every rule, in the order the catalog documents them.
        pub const RULES: &[Rule] = &[$(Rule { id: $id, level: Level::$level, summary: $summary },)*];
    };
}

catalog! {
    // Paths and operations.
    "endpoint-added" => Info, "An operation was added.";
    "api-removed-without-deprecation" => Error, "An operation was removed without being deprecated first.";
    "api-removed-with-deprecation" => Info, "A deprecated operation was removed, with no sunset date still ahead.";
    "api-removed-before-sunset" => Error, "A deprecated operation was removed before its sunset date (`x-sunset`).";
    "api-deprecated" => Info, "An operation was deprecated.";
    "api-reactivated" => Info, "An operation is no longer deprecated.";
    "api-sunset-deleted" => Error, "A deprecated operation lost its sunset date (`x-sunset`): clients planning by it are misled.";
    "api-sunset-parse" => Error, "A deprecated operation's sunset date (`x-sunset`) is not a date where it matters: it changed to or from one that is not, or the operation was removed under one.";
    "api-deprecated-sunset-parse" => Error, "An operation was deprecated with a sunset date (`x-sunset`) that is not a date.";
    "api-stability-decreased" => Error, "An operation's stability level (`x-stability-level`: draft, alpha, beta, stable) decreased.";
    "api-operation-id-changed" => Info, "An operation's operationId changed: the wire is the same (a generated client's method is renamed, which the Rust API comparison reports).";
    "api-security-added" => Info, "An operation accepts credentials it did not (a new alternative security requirement).";
    "api-security-removed" => Info, "An operation no longer asks for credentials it did, and every client's still suffice.";
    "api-security-narrowed" => Error, "Credentials an operation accepted no longer suffice (a security requirement was added, or an alternative removed).";
    "api-global-security-added" => Info, "The document accepts credentials it did not (a new alternative security requirement).";
    "api-global-security-removed" => Info, "The document no longer asks for credentials it did, and every client's still suffice.";
    "api-global-security-narrowed" => Error, "Credentials the document accepted no longer suffice.";
    "api-security-scope-added" => Error, "An operation's security requirement needs an OAuth scope it did not.";
    "security-scheme-changed" => Error, "A security scheme's type, location or name changed.";
    "api-security-component-oauth-url-changed" => Warning, "An OAuth flow's authorization URL changed.";
    "api-security-component-oauth-token-url-changed" => Warning, "An OAuth flow's token URL changed.";
    "api-security-component-oauth-refresh-url-changed" => Warning, "An OAuth flow's refresh URL changed.";
    "api-security-component-oauth-scope-added" => Warning, "An OAuth flow defines a scope it did not.";
    "api-security-component-open-id-connect-url-changed" => Warning, "An OpenID Connect scheme's discovery URL changed.";
    "api-security-component-bearer-format-changed" => Warning, "An HTTP bearer scheme's token format changed.";
    "schema-too-deep-to-compare" => Error, "A schema differs more levels deep than the comparison follows (48 schemas, through properties, items and `$ref`s): what differs there is not judged, so it may break clients.";
    "botapis-behaviour-changed" => Warning, "A botapis extension changed what the generated client does (pacing, retries, error decoding, paging, a credential slot renamed, the credentials' order or where a call sends them), not its API: semver major, a behaviour break.";
    "api-server-added" => Info, "A server was added.";
    "api-server-removed" => Info, "A server was removed. Servers are deployment metadata, not the operations' contract (oasdiff's view).";
    // Parameters.
    "new-required-request-parameter" => Error, "A required parameter was added.";
    "new-optional-request-parameter" => Info, "An optional parameter was added.";
    "request-parameter-removed" => Warning, "A parameter was removed; servers may reject or ignore it.";
    "request-parameter-removed-with-deprecation" => Info, "A deprecated parameter was removed, with no sunset date still ahead.";
    "request-parameter-removed-before-sunset" => Error, "A deprecated parameter was removed before its sunset date (`x-sunset`).";
    "request-parameter-sunset-deleted" => Error, "A deprecated parameter lost its sunset date (`x-sunset`).";
    "request-parameter-sunset-parse" => Error, "A deprecated parameter's sunset date (`x-sunset`) is not a date where it matters: it changed to or from one that is not, or the parameter was removed under one.";
    "request-parameter-deprecated-sunset-parse" => Error, "A parameter was deprecated with a sunset date (`x-sunset`) that is not a date.";
    "request-parameter-style-changed" => Error, "A parameter's serialization `style` changed: what clients send no longer reads the same.";
    "request-parameter-explode-changed" => Error, "A parameter's `explode` changed: arrays and objects are sent another way.";
    "request-parameter-allow-empty-value-removed" => Error, "A parameter no longer allows an empty value.";
    "request-parameter-default-value-added" => Error, "A parameter gained a default: clients that omit it now send that value.";
    "request-parameter-default-value-changed" => Error, "A parameter's default changed: clients that omit it now send another value.";
    "request-parameter-default-value-removed" => Error, "A parameter lost its default: clients that omit it no longer mean that value.";
    "request-parameter-location-changed" => Error, "A parameter moved (query, path, header or cookie).";
    "request-parameter-became-required" => Error, "An optional parameter became required.";
    "request-parameter-became-optional" => Info, "A required parameter became optional.";
    "request-parameter-deprecated" => Info, "A parameter was deprecated.";
    // Request bodies.
    "request-body-added-required" => Error, "A required request body was added.";
    "request-body-added-optional" => Info, "An optional request body was added.";
    "request-body-removed" => Warning, "The request body was removed.";
    "request-body-became-required" => Error, "The request body became required.";
    "request-body-became-optional" => Info, "The request body became optional.";
    "request-body-media-type-added" => Info, "The request body accepts a new media type.";
    "request-body-media-type-removed" => Error, "The request body no longer accepts a media type.";
    "request-body-media-type-schema-added" => Error, "A request media type that took anything now has a schema.";
    "request-body-media-type-schema-removed" => Info, "A request media type no longer has a schema: it takes anything.";
    // Responses.
    "response-success-status-added" => Info, "A success status was added.";
    "response-success-status-removed" => Error, "A success status was removed.";
    "response-non-success-status-added" => Info, "An error status was added.";
    "response-non-success-status-removed" => Warning, "An error status was removed.";
    "response-media-type-added" => Info, "A response has a new media type.";
    "response-media-type-removed" => Error, "A response no longer has a media type.";
    "response-body-media-type-schema-added" => Info, "A response media type that could hold anything now has a schema.";
    "response-body-media-type-schema-removed" => Warning, "A response media type no longer has a schema: it may hold anything.";
    "required-response-header-removed" => Error, "A required response header was removed.";
    "optional-response-header-removed" => Warning, "An optional response header was removed.";
    "response-header-became-optional" => Error, "A response header is no longer always present.";
    "response-header-became-required" => Info, "A response header is now always present.";
    "response-header-explode-changed" => Warning, "A response header's `explode` changed: its value is written another way.";
    "response-header-added" => Info, "A response header was added.";
    // Request schemas (parameters and bodies): what the client sends.
    "new-required-request-property" => Error, "A required request property was added.";
    "new-optional-request-property" => Info, "An optional request property was added.";
    "request-property-removed" => Warning, "A request property was removed.";
    "request-property-became-required" => Error, "A request property became required.";
    "request-property-became-optional" => Info, "A request property became optional.";
    "request-property-type-changed" => Error, "A request value's type or format changed.";
    "request-property-became-not-nullable" => Error, "A request value may no longer be null.";
    "request-property-became-nullable" => Info, "A request value may now be null.";
    "request-property-enum-value-removed" => Error, "A request value lost an allowed enum value.";
    "request-property-enum-value-added" => Info, "A request value gained an allowed enum value.";
    "request-property-became-enum" => Error, "A request value is now limited to an enum.";
    "request-property-x-extensible-enum-value-removed" => Error, "A request value lost an `x-extensible-enum` value.";
    "request-property-pattern-added" => Error, "A request value must now match a pattern.";
    "request-property-pattern-changed" => Warning, "A request value's pattern changed.";
    "request-property-pattern-generalized" => Info, "A request value's pattern became `.*`.";
    "request-property-pattern-removed" => Info, "A request value no longer has to match a pattern.";
    "request-property-all-of-added" => Error, "A request value must now also match another schema (`allOf`).";
    "request-property-all-of-removed" => Warning, "A request value no longer has to match one of its `allOf` schemas.";
    "request-property-any-of-added" => Info, "A request value gained an `anyOf` alternative.";
    "request-property-any-of-removed" => Error, "A request value lost an `anyOf` alternative.";
    "request-property-discriminator-property-name-changed" => Error, "A request value's discriminator property changed: a generated client tags its variants by another name.";
    "response-required-property-became-not-write-only" => Warning, "A required property that responses left out (`writeOnly`) now comes back.";
    "request-property-constraint-tightened" => Error, "A request value's bound narrowed (maximum, maxLength, maxItems, exclusiveMaximum...).";
    "request-property-constraint-relaxed" => Info, "A request value's bound widened or was removed.";
    "request-property-one-of-added" => Info, "A request value gained a `oneOf` alternative.";
    "request-property-one-of-removed" => Error, "A request value lost a `oneOf` alternative.";
    "request-property-schema-replaced" => Info, "A request value is another named schema (what differs between the two is reported beside; a generated client takes the other type).";
    "request-property-deprecated" => Info, "A request property was deprecated.";
    "request-property-deprecated-sunset-parse" => Error, "A request property was deprecated with a sunset date (`x-sunset`) that is not a date.";
    "request-required-property-became-read-only" => Info, "A required request property became read-only: clients no longer send it.";
    // Response schemas: what the client reads.
    "response-property-added" => Info, "A response property was added.";
    "response-required-property-removed" => Error, "A required response property was removed.";
    "response-optional-property-removed" => Warning, "An optional response property was removed.";
    "response-property-became-optional" => Error, "A response property is no longer always present.";
    "response-property-became-required" => Info, "A response property is now always present.";
    "response-property-type-changed" => Error, "A response value's type or format changed.";
    "response-property-became-nullable" => Error, "A response value may now be null.";
    "response-property-became-not-nullable" => Info, "A response value may no longer be null.";
    "response-property-enum-value-added" => Warning, "A response value may have a new enum value.";
    "response-property-enum-value-removed" => Info, "A response value lost an enum value.";
    "response-property-became-enum" => Info, "A response value is now limited to an enum.";
    "response-property-pattern-added" => Info, "A response value now matches a pattern.";
    "response-property-pattern-changed" => Info, "A response value's pattern changed.";
    "response-property-pattern-generalized" => Info, "A response value's pattern became `.*`.";
    "response-property-pattern-removed" => Info, "A response value no longer matches a pattern.";
    "response-property-all-of-added" => Info, "A response value also matches another schema (`allOf`).";
    "response-property-all-of-removed" => Info, "A response value no longer matches one of its `allOf` schemas.";
    "response-property-any-of-added" => Error, "A response value gained an `anyOf` alternative clients may not read.";
    "response-property-any-of-removed" => Info, "A response value lost an `anyOf` alternative.";
    "response-property-discriminator-property-name-changed" => Error, "A response value's discriminator property changed: a generated client reads its variants by another name.";
    "response-property-constraint-relaxed" => Warning, "A response value's bound widened or was removed.";
    "response-property-constraint-tightened" => Info, "A response value's bound narrowed.";
    "response-property-exclusive-bound-changed" => Info, "A response value's `exclusiveMaximum` or `exclusiveMinimum` flag changed: only the bound itself comes back or stops coming back.";
    "response-property-one-of-added" => Error, "A response value gained a `oneOf` alternative clients may not read.";
    "response-property-one-of-removed" => Info, "A response value lost a `oneOf` alternative.";
    "response-property-schema-replaced" => Info, "A response value is another named schema (what differs between the two is reported beside; a generated client returns the other type).";
    "response-property-deprecated" => Info, "A response property was deprecated.";
    "response-property-deprecated-sunset-parse" => Error, "A response property was deprecated with a sunset date (`x-sunset`) that is not a date.";
    "response-required-property-became-write-only" => Info, "A required response property became write-only: responses no longer carry it.";
}

/// The rule with this id. Every id the comparator uses is in the catalog
/// (a test checks it), so this never fails for them.
pub fn rule(id: &str) -> Rule {
    RULES.iter().copied().find(|r| r.id == id).unwrap_or(Rule {
        id: "unknown",
        level: Level::Warning,
        summary: "A change the catalog does not describe.",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "duplicate rule ids");
        assert!(RULES.iter().all(|r| r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
    }
}
