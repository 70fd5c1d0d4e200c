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
    "api-removed-after-deprecation" => Warning, "A deprecated operation was removed.";
    "api-deprecated" => Info, "An operation was deprecated.";
    "api-reactivated" => Info, "An operation is no longer deprecated.";
    "api-operation-id-changed" => Warning, "An operation's operationId changed (generated SDKs rename the method).";
    "api-security-added" => Error, "An operation now requires a security scheme it did not.";
    "api-security-removed" => Info, "An operation no longer requires a security scheme.";
    "api-global-security-added" => Error, "The document now requires a security scheme it did not.";
    "api-global-security-removed" => Info, "The document no longer requires a security scheme.";
    "security-scheme-changed" => Error, "A security scheme's type, location or name changed.";
    "api-server-added" => Info, "A server was added.";
    "api-server-removed" => Warning, "A server was removed; clients configured with it stop reaching the API.";
    // Parameters.
    "new-required-request-parameter" => Error, "A required parameter was added.";
    "new-optional-request-parameter" => Info, "An optional parameter was added.";
    "request-parameter-removed" => Warning, "A parameter was removed; servers may reject or ignore it.";
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
    // Responses.
    "response-success-status-added" => Info, "A success status was added.";
    "response-success-status-removed" => Error, "A success status was removed.";
    "response-non-success-status-added" => Info, "An error status was added.";
    "response-non-success-status-removed" => Warning, "An error status was removed.";
    "response-media-type-added" => Info, "A response has a new media type.";
    "response-media-type-removed" => Error, "A response no longer has a media type.";
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
    "request-property-constraint-tightened" => Error, "A request value's bound narrowed (maximum, maxLength, maxItems... or a new pattern).";
    "request-property-constraint-relaxed" => Info, "A request value's bound widened or was removed.";
    "request-property-one-of-added" => Info, "A request value gained an alternative.";
    "request-property-one-of-removed" => Error, "A request value lost an alternative.";
    "request-property-deprecated" => Info, "A request property was deprecated.";
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
    "response-property-constraint-relaxed" => Warning, "A response value's bound widened or was removed.";
    "response-property-constraint-tightened" => Info, "A response value's bound narrowed.";
    "response-property-one-of-added" => Warning, "A response value gained an alternative.";
    "response-property-one-of-removed" => Info, "A response value lost an alternative.";
    "response-property-deprecated" => Info, "A response property was deprecated.";
}

/// The rule with this id. Every id the comparator uses is in the catalog
/// (a test checks it), so this never fails for them.
pub fn rule(id: &str) -> Rule {
    RULES
        .iter()
        .copied()
        .find(|r| r.id == id)
        .unwrap_or(Rule {
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
