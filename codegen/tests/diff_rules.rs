//! Every rule of the diff catalog, each on its own spec pair: a base spec
//! and one edit, with the exact findings it must give.

use std::collections::BTreeSet;
use std::path::Path;

use botapis_codegen::Spec;
use botapis_codegen::diff::{self, Options, RULES};
use serde_json::{Value, json};

#[path = "support/edit.rs"]
mod edit;
use edit::{at, remove, set};

fn base() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Shop", "version": "1"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "security": [{"token": []}],
        "paths": {
            "/items/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "get": {
                    "operationId": "get_item",
                    "parameters": [
                        {"name": "fields", "in": "query", "schema": {"type": "string"}},
                        {"name": "lang", "in": "header", "required": true, "schema": {"type": "string", "enum": ["en", "ru"]}}
                    ],
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
                        "404": {"description": "missing", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                    }
                },
                "delete": {
                    "operationId": "delete_item",
                    "deprecated": true,
                    "responses": {"204": {"description": "gone"}}
                }
            },
            "/items": {
                "post": {
                    "operationId": "create_item",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewItem"}}}},
                    "responses": {"201": {"description": "made", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}}
                }
            }
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "NewItem": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "maxLength": 50},
                        "tags": {"type": "array", "maxItems": 10, "items": {"type": "string"}},
                        "kind": {"type": "string", "enum": ["a", "b"]},
                        "note": {"type": "string", "nullable": true},
                        "price": {"type": "number", "minimum": 0},
                        "choice": {"oneOf": [{"type": "string"}, {"type": "integer"}]}
                    }
                },
                "Item": {
                    "type": "object",
                    "required": ["id", "name"],
                    "properties": {
                        "id": {"type": "string"},
                        "name": {"type": "string", "maxLength": 50},
                        "kind": {"type": "string", "enum": ["a", "b"]},
                        "note": {"type": "string"},
                        "count": {"type": "integer", "format": "int32", "maximum": 100},
                        "choice": {"oneOf": [{"type": "string"}, {"type": "integer"}]}
                    }
                },
                "Problem": {"type": "object", "properties": {"message": {"type": "string"}}}
            }
        }
    })
}

const NEW_ITEM: &str = "/components/schemas/NewItem/properties";
const ITEM: &str = "/components/schemas/Item/properties";
const GET: &str = "/paths/~1items~1{id}/get";

type Edit = fn(&mut Value, &mut Value);

/// (case, the edit of (old, new), the exact (rule, message) findings)
fn cases() -> Vec<(&'static str, Edit, Vec<(&'static str, &'static str)>)> {
    vec![
        (
            "endpoint added",
            |_, n| set(n, "/paths/~1health", json!({"get": {"operationId": "health", "responses": {"200": {"description": "ok"}}}})),
            vec![("endpoint-added", "operation `GET /health` was added")],
        ),
        (
            "operation removed",
            |_, n| remove(n, "/paths/~1items/post"),
            vec![("api-removed-without-deprecation", "operation `POST /items` was removed")],
        ),
        (
            "deprecated operation removed",
            |_, n| remove(n, "/paths/~1items~1{id}/delete"),
            vec![("api-removed-with-deprecation", "deprecated operation `DELETE /items/{id}` was removed")],
        ),
        (
            "operation removed before its sunset",
            |o, n| {
                set(o, "/paths/~1items~1{id}/delete/x-sunset", json!("9999-01-31"));
                remove(n, "/paths/~1items~1{id}/delete");
            },
            vec![("api-removed-before-sunset", "deprecated operation `DELETE /items/{id}` was removed before its sunset date 9999-01-31")],
        ),
        (
            "operation sunset deleted",
            |o, _| set(o, "/paths/~1items~1{id}/delete/x-sunset", json!("2030-01-31")),
            vec![("api-sunset-deleted", "operation `DELETE /items/{id}` lost its sunset date")],
        ),
        (
            "operation sunset no longer a date",
            |o, n| {
                set(o, "/paths/~1items~1{id}/delete/x-sunset", json!("2030-01-31"));
                set(n, "/paths/~1items~1{id}/delete/x-sunset", json!("soon"));
            },
            vec![("api-sunset-parse", "operation `DELETE /items/{id}`: the sunset date `soon` is not a date")],
        ),
        (
            "operation deprecated with a sunset that is no date",
            |_, n| {
                set(n, &format!("{GET}/deprecated"), json!(true));
                set(n, &format!("{GET}/x-sunset"), json!("next year"));
            },
            vec![
                ("api-deprecated", "operation `GET /items/{id}` was deprecated"),
                (
                    "api-deprecated-sunset-parse",
                    "operation `GET /items/{id}` was deprecated with the sunset date `next year`, which is not a date",
                ),
            ],
        ),
        (
            "stability decreased",
            |o, n| {
                set(o, &format!("{GET}/x-stability-level"), json!("stable"));
                set(n, &format!("{GET}/x-stability-level"), json!("beta"));
            },
            vec![("api-stability-decreased", "stability level went from stable to beta")],
        ),
        (
            "an alpha operation may change",
            |o, n| {
                set(o, &format!("{GET}/x-stability-level"), json!("alpha"));
                set(n, &format!("{GET}/x-stability-level"), json!("alpha"));
                set(n, &format!("{GET}/parameters/0/required"), json!(true));
            },
            vec![(
                "request-parameter-became-required",
                "query parameter `fields` became required (the operation was alpha: it may change)",
            )],
        ),
        (
            "operation deprecated",
            |_, n| set(n, &format!("{GET}/deprecated"), json!(true)),
            vec![("api-deprecated", "operation `GET /items/{id}` was deprecated")],
        ),
        (
            "operation reactivated",
            |_, n| remove(n, "/paths/~1items~1{id}/delete/deprecated"),
            vec![("api-reactivated", "operation `DELETE /items/{id}` is no longer deprecated")],
        ),
        (
            "operationId changed",
            |_, n| set(n, &format!("{GET}/operationId"), json!("fetch_item")),
            vec![("api-operation-id-changed", "operationId `get_item` became `fetch_item`")],
        ),
        (
            "operation security added",
            |o, n| {
                set(o, "/components/securitySchemes/key", json!({"type": "apiKey", "in": "header", "name": "X-Key"}));
                set(n, "/components/securitySchemes/key", json!({"type": "apiKey", "in": "header", "name": "X-Key"}));
                set(n, &format!("{GET}/security"), json!([{"token": [], "key": []}]));
            },
            vec![("api-security-narrowed", "`token` no longer suffices: `key` with `token` is asked for")],
        ),
        (
            "operation security alternative added",
            |o, n| {
                set(o, "/components/securitySchemes/key", json!({"type": "apiKey", "in": "header", "name": "X-Key"}));
                set(n, "/components/securitySchemes/key", json!({"type": "apiKey", "in": "header", "name": "X-Key"}));
                set(n, &format!("{GET}/security"), json!([{"token": []}, {"key": []}]));
            },
            vec![("api-security-added", "`key` is accepted")],
        ),
        (
            "operation security alternative removed",
            |o, n| {
                set(o, "/components/securitySchemes/key", json!({"type": "apiKey", "in": "header", "name": "X-Key"}));
                set(n, "/components/securitySchemes/key", json!({"type": "apiKey", "in": "header", "name": "X-Key"}));
                set(o, &format!("{GET}/security"), json!([{"token": []}, {"key": []}]));
            },
            vec![("api-security-narrowed", "`key` no longer suffices")],
        ),
        (
            "operation security scope added",
            |o, n| {
                let oauth = json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://example.com/token", "scopes": {"read": "", "write": ""}}}});
                set(o, "/components/securitySchemes/oauth", oauth.clone());
                set(n, "/components/securitySchemes/oauth", oauth);
                set(o, &format!("{GET}/security"), json!([{"oauth": ["read"]}]));
                set(n, &format!("{GET}/security"), json!([{"oauth": ["read", "write"]}]));
            },
            vec![("api-security-scope-added", "`oauth` (read) now also needs the scope(s) `oauth:write`")],
        ),
        (
            "operation security removed",
            |_, n| set(n, &format!("{GET}/security"), json!([])),
            vec![("api-security-removed", "`token` is no longer asked for")],
        ),
        (
            "global security added",
            |o, n| {
                remove(o, "/security");
                let _ = n;
            },
            vec![("api-global-security-narrowed", "anonymous access no longer suffices: `token` is asked for")],
        ),
        (
            "global security alternative added",
            |o, n| {
                set(o, "/components/securitySchemes/key", json!({"type": "apiKey", "in": "header", "name": "X-Key"}));
                set(n, "/components/securitySchemes/key", json!({"type": "apiKey", "in": "header", "name": "X-Key"}));
                set(n, "/security/-", json!({"key": []}));
            },
            vec![("api-global-security-added", "`key` is accepted")],
        ),
        ("global security removed", |_, n| remove(n, "/security"), vec![("api-global-security-removed", "`token` is no longer asked for")]),
        (
            "security scheme changed",
            |_, n| set(n, "/components/securitySchemes/token", json!({"type": "apiKey", "in": "query", "name": "token"})),
            // And each of the three calls sends the token elsewhere: a
            // behaviour break, whatever the Rust API.
            vec![
                ("security-scheme-changed", "security scheme `token` changed how credentials are sent"),
                (
                    "botapis-behaviour-changed",
                    "the call sends its credentials another way: `token` in query parameter `token`, not `token` as a bearer token",
                ),
                (
                    "botapis-behaviour-changed",
                    "the call sends its credentials another way: `token` in query parameter `token`, not `token` as a bearer token",
                ),
                (
                    "botapis-behaviour-changed",
                    "the call sends its credentials another way: `token` in query parameter `token`, not `token` as a bearer token",
                ),
            ],
        ),
        (
            "bearer format changed",
            |o, n| {
                set(o, "/components/securitySchemes/token/bearerFormat", json!("JWT"));
                set(n, "/components/securitySchemes/token/bearerFormat", json!("opaque"));
            },
            vec![(
                "api-security-component-bearer-format-changed",
                "security scheme `token`: `bearerFormat` changed from `JWT` to `opaque`",
            )],
        ),
        (
            "OpenID Connect URL changed",
            |o, n| {
                set(
                    o,
                    "/components/securitySchemes/oidc",
                    json!({"type": "openIdConnect", "openIdConnectUrl": "https://example.com/.well-known/openid-configuration"}),
                );
                set(
                    n,
                    "/components/securitySchemes/oidc",
                    json!({"type": "openIdConnect", "openIdConnectUrl": "https://id.example.com/.well-known/openid-configuration"}),
                );
            },
            vec![(
                "api-security-component-open-id-connect-url-changed",
                "security scheme `oidc`: `openIdConnectUrl` changed from `https://example.com/.well-known/openid-configuration` to `https://id.example.com/.well-known/openid-configuration`",
            )],
        ),
        (
            "OAuth URLs and scopes changed",
            |o, n| {
                set(
                    o,
                    "/components/securitySchemes/oauth",
                    json!({"type": "oauth2", "flows": {"authorizationCode": {
                "authorizationUrl": "https://example.com/auth", "tokenUrl": "https://example.com/token", "refreshUrl": "https://example.com/refresh", "scopes": {"read": ""}}}}),
                );
                set(
                    n,
                    "/components/securitySchemes/oauth",
                    json!({"type": "oauth2", "flows": {"authorizationCode": {
                "authorizationUrl": "https://example.com/v2/auth", "tokenUrl": "https://example.com/v2/token", "refreshUrl": "https://example.com/v2/refresh", "scopes": {"read": "", "admin": ""}}}}),
                );
            },
            vec![
                (
                    "api-security-component-oauth-url-changed",
                    "security scheme `oauth`, authorizationCode flow: `authorizationUrl` changed from `https://example.com/auth` to `https://example.com/v2/auth`",
                ),
                (
                    "api-security-component-oauth-token-url-changed",
                    "security scheme `oauth`, authorizationCode flow: `tokenUrl` changed from `https://example.com/token` to `https://example.com/v2/token`",
                ),
                (
                    "api-security-component-oauth-refresh-url-changed",
                    "security scheme `oauth`, authorizationCode flow: `refreshUrl` changed from `https://example.com/refresh` to `https://example.com/v2/refresh`",
                ),
                ("api-security-component-oauth-scope-added", "security scheme `oauth`, authorizationCode flow: scope `admin` was added"),
            ],
        ),
        (
            "a difference deeper than the comparison follows",
            |o, n| {
                nest(o, "deep", 60, json!({"type": "string"}));
                nest(n, "deep", 60, json!({"type": "integer"}));
            },
            vec![("schema-too-deep-to-compare", TOO_DEEP.as_str())],
        ),
        (
            "page size changed",
            |o, n| {
                set(
                    o,
                    &format!("{GET}/x-botapis-pagination"),
                    json!({"cursor": "page", "parameter": "fields", "items": "tags", "page-size": 50}),
                );
                set(
                    n,
                    &format!("{GET}/x-botapis-pagination"),
                    json!({"cursor": "page", "parameter": "fields", "items": "tags", "page-size": 100}),
                );
            },
            vec![(
                "botapis-behaviour-changed",
                "`x-botapis-pagination`'s `page-size` changed from 50 to 100: the number of items per page the client expects (and sends with `limit-parameter`) changed, so it recognises the last page differently",
            )],
        ),
        (
            "client behaviour changed",
            |_, n| set(n, "/x-botapis-rate-limit", json!({"requests": 10, "per-seconds": 1})),
            vec![(
                "botapis-behaviour-changed",
                "`x-botapis-rate-limit` was added ({\"requests\":10,\"per-seconds\":1}): the client paces its requests differently",
            )],
        ),
        (
            "call behaviour changed",
            |_, n| set(n, "/paths/~1items/post/x-botapis-idempotent", json!(true)),
            vec![("botapis-behaviour-changed", "`x-botapis-idempotent` was added (true): whether a retry may send the call twice changed")],
        ),
        (
            "call refuses other requests",
            |_, n| set(n, &format!("{GET}/x-botapis-requires"), json!({"a": ["b"]})),
            vec![(
                "botapis-behaviour-changed",
                "`x-botapis-requires` was added ({\"a\":[\"b\"]}): which requests `send()` refuses changed",
            )],
        ),
        (
            "a mismatched answer succeeds",
            |_, n| set(n, &format!("{GET}/x-botapis-unconfirmed-answer"), json!(true)),
            vec![(
                "botapis-behaviour-changed",
                "`x-botapis-unconfirmed-answer` was added (true): whether an answer that does not match its type still succeeds changed",
            )],
        ),
        (
            "server added",
            |_, n| set(n, "/servers/-", json!({"url": "https://eu.example.com/v1"})),
            vec![("api-server-added", "server `https://eu.example.com/v1` was added")],
        ),
        (
            "server removed",
            |_, n| set(n, "/servers", json!([])),
            vec![("api-server-removed", "server `https://api.example.com/v1` was removed")],
        ),
        (
            "required parameter added",
            |_, n| {
                set(
                    n,
                    &format!("{GET}/parameters/-"),
                    json!({"name": "shop", "in": "query", "required": true, "schema": {"type": "string"}}),
                )
            },
            vec![("new-required-request-parameter", "required query parameter `shop` was added")],
        ),
        (
            "optional parameter added",
            |_, n| set(n, &format!("{GET}/parameters/-"), json!({"name": "page", "in": "query", "schema": {"type": "integer"}})),
            vec![("new-optional-request-parameter", "optional query parameter `page` was added")],
        ),
        (
            "parameter removed",
            |_, n| remove(n, &format!("{GET}/parameters/0")),
            vec![("request-parameter-removed", "query parameter `fields` was removed")],
        ),
        (
            "deprecated parameter removed",
            |o, n| {
                set(o, &format!("{GET}/parameters/0/deprecated"), json!(true));
                remove(n, &format!("{GET}/parameters/0"));
            },
            vec![("request-parameter-removed-with-deprecation", "deprecated query parameter `fields` was removed")],
        ),
        (
            "parameter removed before its sunset",
            |o, n| {
                set(o, &format!("{GET}/parameters/0/deprecated"), json!(true));
                set(o, &format!("{GET}/parameters/0/x-sunset"), json!("9999-01-31"));
                remove(n, &format!("{GET}/parameters/0"));
            },
            vec![(
                "request-parameter-removed-before-sunset",
                "deprecated query parameter `fields` was removed before its sunset date 9999-01-31",
            )],
        ),
        (
            "parameter sunset deleted",
            |o, n| {
                set(o, &format!("{GET}/parameters/0/deprecated"), json!(true));
                set(o, &format!("{GET}/parameters/0/x-sunset"), json!("2030-01-31"));
                set(n, &format!("{GET}/parameters/0/deprecated"), json!(true));
            },
            vec![("request-parameter-sunset-deleted", "query parameter `fields` lost its sunset date")],
        ),
        (
            "parameter sunset no longer a date",
            |o, n| {
                set(o, &format!("{GET}/parameters/0/deprecated"), json!(true));
                set(o, &format!("{GET}/parameters/0/x-sunset"), json!("2030-01-31"));
                set(n, &format!("{GET}/parameters/0/deprecated"), json!(true));
                set(n, &format!("{GET}/parameters/0/x-sunset"), json!("2030-13-45"));
            },
            vec![("request-parameter-sunset-parse", "query parameter `fields`: the sunset date `2030-13-45` is not a date")],
        ),
        (
            "parameter deprecated with a sunset that is no date",
            |_, n| {
                set(n, &format!("{GET}/parameters/0/deprecated"), json!(true));
                set(n, &format!("{GET}/parameters/0/x-sunset"), json!("tbd"));
            },
            vec![
                ("request-parameter-deprecated", "query parameter `fields` was deprecated"),
                (
                    "request-parameter-deprecated-sunset-parse",
                    "query parameter `fields` was deprecated with the sunset date `tbd`, which is not a date",
                ),
            ],
        ),
        (
            "parameter style changed",
            |_, n| {
                set(n, &format!("{GET}/parameters/0/style"), json!("spaceDelimited"));
                set(n, &format!("{GET}/parameters/0/explode"), json!(true));
            },
            vec![("request-parameter-style-changed", "query parameter `fields`: style changed from `form` to `spaceDelimited`")],
        ),
        (
            "parameter style changed, and with it the default explode",
            |_, n| set(n, &format!("{GET}/parameters/0/style"), json!("pipeDelimited")),
            vec![
                ("request-parameter-style-changed", "query parameter `fields`: style changed from `form` to `pipeDelimited`"),
                ("request-parameter-explode-changed", "query parameter `fields`: explode changed from true to false"),
            ],
        ),
        (
            "parameter explode changed",
            |_, n| set(n, &format!("{GET}/parameters/0/explode"), json!(false)),
            vec![("request-parameter-explode-changed", "query parameter `fields`: explode changed from true to false")],
        ),
        (
            "parameter no longer allows an empty value",
            |o, _| set(o, &format!("{GET}/parameters/0/allowEmptyValue"), json!(true)),
            vec![("request-parameter-allow-empty-value-removed", "query parameter `fields` no longer allows an empty value")],
        ),
        (
            "parameter default added",
            |_, n| set(n, &format!("{GET}/parameters/0/schema/default"), json!("all")),
            vec![("request-parameter-default-value-added", "query parameter `fields` gained the default `all`")],
        ),
        (
            "parameter default changed",
            |o, n| {
                set(o, &format!("{GET}/parameters/0/schema/default"), json!("all"));
                set(n, &format!("{GET}/parameters/0/schema/default"), json!("none"));
            },
            vec![("request-parameter-default-value-changed", "query parameter `fields`: default changed from `all` to `none`")],
        ),
        (
            "parameter default removed",
            |o, _| set(o, &format!("{GET}/parameters/0/schema/default"), json!("all")),
            vec![("request-parameter-default-value-removed", "query parameter `fields` lost its default `all`")],
        ),
        (
            "parameter became an enum",
            |_, n| set(n, &format!("{GET}/parameters/0/schema/enum"), json!(["id", "name"])),
            vec![("request-property-became-enum", "`fields` is now one of \"id\", \"name\"")],
        ),
        (
            "parameter moved",
            |_, n| set(n, &format!("{GET}/parameters/0/in"), json!("header")),
            vec![("request-parameter-location-changed", "parameter `fields` moved from query to header")],
        ),
        (
            "parameter became required",
            |_, n| set(n, &format!("{GET}/parameters/0/required"), json!(true)),
            vec![("request-parameter-became-required", "query parameter `fields` became required")],
        ),
        (
            "parameter became optional",
            |_, n| set(n, &format!("{GET}/parameters/1/required"), json!(false)),
            vec![("request-parameter-became-optional", "header parameter `lang` became optional")],
        ),
        (
            "parameter deprecated",
            |_, n| set(n, &format!("{GET}/parameters/0/deprecated"), json!(true)),
            vec![("request-parameter-deprecated", "query parameter `fields` was deprecated")],
        ),
        (
            "parameter enum value removed",
            |_, n| set(n, &format!("{GET}/parameters/1/schema/enum"), json!(["en"])),
            vec![("request-property-enum-value-removed", "`lang` no longer has the value \"ru\"")],
        ),
        (
            "parameter type changed",
            |_, n| set(n, &format!("{GET}/parameters/0/schema/type"), json!("integer")),
            vec![("request-property-type-changed", "`fields` changed type from `string` to `integer`")],
        ),
        (
            "required body added",
            |_, n| {
                set(
                    n,
                    &format!("{GET}/requestBody"),
                    json!({"required": true, "content": {"application/json": {"schema": {"type": "object"}}}}),
                )
            },
            vec![("request-body-added-required", "a required request body was added")],
        ),
        (
            "optional body added",
            |_, n| set(n, &format!("{GET}/requestBody"), json!({"content": {"application/json": {"schema": {"type": "object"}}}})),
            vec![("request-body-added-optional", "an optional request body was added")],
        ),
        (
            "body removed",
            |_, n| remove(n, "/paths/~1items/post/requestBody"),
            vec![("request-body-removed", "the request body was removed")],
        ),
        (
            "body became required",
            |o, _| set(o, "/paths/~1items/post/requestBody/required", json!(false)),
            vec![("request-body-became-required", "the request body became required")],
        ),
        (
            "body became optional",
            |_, n| set(n, "/paths/~1items/post/requestBody/required", json!(false)),
            vec![("request-body-became-optional", "the request body became optional")],
        ),
        (
            "body media type added",
            |_, n| {
                set(n, "/paths/~1items/post/requestBody/content/application~1x-www-form-urlencoded", json!({"schema": {"type": "object"}}))
            },
            vec![("request-body-media-type-added", "media type `application/x-www-form-urlencoded` was added")],
        ),
        (
            "body media type removed",
            |o, _| set(o, "/paths/~1items/post/requestBody/content/text~1plain", json!({"schema": {"type": "string"}})),
            vec![("request-body-media-type-removed", "media type `text/plain` was removed")],
        ),
        (
            "body media type schema added",
            |o, n| {
                set(o, "/paths/~1items/post/requestBody/content/text~1plain", json!({}));
                set(n, "/paths/~1items/post/requestBody/content/text~1plain", json!({"schema": {"type": "string"}}));
            },
            vec![("request-body-media-type-schema-added", "media type `text/plain` has a schema now")],
        ),
        (
            "body media type schema removed",
            |o, n| {
                set(o, "/paths/~1items/post/requestBody/content/text~1plain", json!({"schema": {"type": "string"}}));
                set(n, "/paths/~1items/post/requestBody/content/text~1plain", json!({}));
            },
            vec![("request-body-media-type-schema-removed", "media type `text/plain` no longer has a schema")],
        ),
        (
            "success status added",
            |_, n| set(n, &format!("{GET}/responses/203"), json!({"description": "cached"})),
            vec![("response-success-status-added", "response `203` was added")],
        ),
        (
            "success status removed",
            |_, n| remove(n, "/paths/~1items/post/responses/201"),
            vec![("response-success-status-removed", "response `201` was removed")],
        ),
        (
            "error status added",
            |_, n| set(n, &format!("{GET}/responses/429"), json!({"description": "slow down"})),
            vec![("response-non-success-status-added", "response `429` was added")],
        ),
        (
            "error status removed",
            |_, n| remove(n, &format!("{GET}/responses/404")),
            vec![("response-non-success-status-removed", "response `404` was removed")],
        ),
        (
            "response media type added",
            |_, n| set(n, &format!("{GET}/responses/200/content/application~1xml"), json!({"schema": {"type": "string"}})),
            vec![("response-media-type-added", "media type `application/xml` was added")],
        ),
        (
            "response media type removed",
            |_, n| remove(n, &format!("{GET}/responses/404/content/application~1json")),
            vec![("response-media-type-removed", "media type `application/json` was removed")],
        ),
        (
            "response media type schema added",
            |o, n| {
                set(o, &format!("{GET}/responses/200/content/text~1csv"), json!({}));
                set(n, &format!("{GET}/responses/200/content/text~1csv"), json!({"schema": {"type": "string"}}));
            },
            vec![("response-body-media-type-schema-added", "media type `text/csv` has a schema now")],
        ),
        (
            "response media type schema removed",
            |_, n| remove(n, &format!("{GET}/responses/404/content/application~1json/schema")),
            vec![("response-body-media-type-schema-removed", "media type `application/json` no longer has a schema")],
        ),
        (
            "response headers removed",
            |o, _| {
                set(
                    o,
                    &format!("{GET}/responses/200/headers"),
                    json!({
                        "X-Rate-Limit": {"required": true, "schema": {"type": "integer"}},
                        "X-Trace": {"schema": {"type": "string"}}
                    }),
                );
            },
            vec![
                ("required-response-header-removed", "required header `x-rate-limit` was removed"),
                ("optional-response-header-removed", "optional header `x-trace` was removed"),
            ],
        ),
        (
            "response header required no more, and another now",
            |o, n| {
                set(
                    o,
                    &format!("{GET}/responses/200/headers"),
                    json!({"X-A": {"required": true, "schema": {"type": "string"}}, "X-B": {"schema": {"type": "string"}}}),
                );
                set(
                    n,
                    &format!("{GET}/responses/200/headers"),
                    json!({"X-A": {"schema": {"type": "string"}}, "X-B": {"required": true, "schema": {"type": "string"}}}),
                );
            },
            vec![
                ("response-header-became-optional", "header `x-a` is no longer always present"),
                ("response-header-became-required", "header `x-b` is now always present"),
            ],
        ),
        (
            "response header explode changed, and one added",
            |o, n| {
                set(
                    o,
                    &format!("{GET}/responses/200/headers"),
                    json!({"X-Tags": {"schema": {"type": "array", "items": {"type": "string"}}}}),
                );
                set(
                    n,
                    &format!("{GET}/responses/200/headers"),
                    json!({"X-Tags": {"explode": true, "schema": {"type": "array", "items": {"type": "string"}}}, "X-New": {"schema": {"type": "string"}}}),
                );
            },
            vec![
                ("response-header-explode-changed", "header `x-tags`: explode changed from false to true"),
                ("response-header-added", "header `x-new` was added"),
            ],
        ),
        (
            "required request property added",
            |_, n| {
                set(n, &format!("{NEW_ITEM}/sku"), json!({"type": "string"}));
                set(n, "/components/schemas/NewItem/required", json!(["name", "sku"]));
            },
            vec![("new-required-request-property", "required `sku` was added")],
        ),
        (
            "optional request property added",
            |_, n| set(n, &format!("{NEW_ITEM}/sku"), json!({"type": "string"})),
            vec![("new-optional-request-property", "optional `sku` was added")],
        ),
        (
            "request property removed",
            |_, n| remove(n, &format!("{NEW_ITEM}/tags")),
            vec![("request-property-removed", "`tags` was removed")],
        ),
        (
            "request property became required",
            |_, n| set(n, "/components/schemas/NewItem/required", json!(["name", "kind"])),
            vec![("request-property-became-required", "`kind` became required")],
        ),
        (
            "request property became optional",
            |_, n| set(n, "/components/schemas/NewItem/required", json!([])),
            vec![("request-property-became-optional", "`name` became optional")],
        ),
        (
            "request property type changed",
            |_, n| set(n, &format!("{NEW_ITEM}/price/type"), json!("string")),
            vec![("request-property-type-changed", "`price` changed type from `number` to `string`")],
        ),
        (
            "request property not nullable",
            |_, n| remove(n, &format!("{NEW_ITEM}/note/nullable")),
            vec![("request-property-became-not-nullable", "`note` may no longer be null")],
        ),
        (
            "request property nullable",
            |_, n| set(n, &format!("{NEW_ITEM}/name/nullable"), json!(true)),
            vec![("request-property-became-nullable", "`name` may now be null")],
        ),
        (
            "request enum value removed",
            |_, n| set(n, &format!("{NEW_ITEM}/kind/enum"), json!(["a"])),
            vec![("request-property-enum-value-removed", "`kind` no longer has the value \"b\"")],
        ),
        (
            "request enum value added",
            |_, n| set(n, &format!("{NEW_ITEM}/kind/enum"), json!(["a", "b", "c"])),
            vec![("request-property-enum-value-added", "`kind` has the new value \"c\"")],
        ),
        (
            "request property became an enum",
            |_, n| set(n, &format!("{NEW_ITEM}/name/enum"), json!(["x"])),
            vec![("request-property-became-enum", "`name` is now one of \"x\"")],
        ),
        (
            "request x-extensible-enum value removed",
            |o, n| {
                set(o, &format!("{NEW_ITEM}/name/x-extensible-enum"), json!(["x", "y"]));
                set(n, &format!("{NEW_ITEM}/name/x-extensible-enum"), json!(["x"]));
            },
            vec![("request-property-x-extensible-enum-value-removed", "`name` no longer takes the value \"y\"")],
        ),
        (
            "request pattern added",
            |_, n| set(n, &format!("{NEW_ITEM}/name/pattern"), json!("^[a-z]+$")),
            vec![("request-property-pattern-added", "`name` must now match `^[a-z]+$`")],
        ),
        (
            "request pattern changed",
            |o, n| {
                set(o, &format!("{NEW_ITEM}/name/pattern"), json!("^[a-z]+$"));
                set(n, &format!("{NEW_ITEM}/name/pattern"), json!("^[a-z0-9]+$"));
            },
            vec![("request-property-pattern-changed", "`name` must now match `^[a-z0-9]+$` (was `^[a-z]+$`)")],
        ),
        (
            "request pattern generalized",
            |o, n| {
                set(o, &format!("{NEW_ITEM}/name/pattern"), json!("^[a-z]+$"));
                set(n, &format!("{NEW_ITEM}/name/pattern"), json!(".*"));
            },
            vec![("request-property-pattern-generalized", "`name` must now match `.*` (was `^[a-z]+$`)")],
        ),
        (
            "request pattern removed",
            |o, _| set(o, &format!("{NEW_ITEM}/name/pattern"), json!("^[a-z]+$")),
            vec![("request-property-pattern-removed", "`name` no longer has to match `^[a-z]+$`")],
        ),
        (
            "request allOf member added and removed",
            |o, n| {
                set(o, "/components/schemas/Dated", json!({"type": "object", "properties": {"at": {"type": "string"}}}));
                set(n, "/components/schemas/Dated", json!({"type": "object", "properties": {"at": {"type": "string"}}}));
                set(o, "/components/schemas/Owned", json!({"type": "object", "properties": {"owner": {"type": "string"}}}));
                set(n, "/components/schemas/Owned", json!({"type": "object", "properties": {"owner": {"type": "string"}}}));
                set(
                    o,
                    &format!("{NEW_ITEM}/meta"),
                    json!({"allOf": [{"$ref": "#/components/schemas/Dated"}, {"title": "Tagged", "type": "object"}]}),
                );
                set(
                    n,
                    &format!("{NEW_ITEM}/meta"),
                    json!({"allOf": [{"$ref": "#/components/schemas/Owned"}, {"title": "Tagged", "type": "object"}]}),
                );
            },
            vec![
                ("request-property-removed", "`meta.at` was removed"),
                ("new-optional-request-property", "optional `meta.owner` was added"),
                ("request-property-all-of-added", "`meta` gained the `allOf` member `Owned`"),
                ("request-property-all-of-removed", "`meta` lost the `allOf` member `Dated`"),
            ],
        ),
        (
            "request anyOf member added and removed",
            |o, n| {
                set(o, &format!("{NEW_ITEM}/code"), json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}));
                set(
                    n,
                    &format!("{NEW_ITEM}/code"),
                    json!({"anyOf": [{"type": "string"}, {"title": "Code", "type": "object"}, {"type": "integer"}, {"type": "boolean"}]}),
                );
            },
            vec![("request-property-any-of-added", "`code` gained the `anyOf` members `Code`, an inline `boolean` schema")],
        ),
        (
            "request anyOf member removed",
            |o, n| {
                set(o, &format!("{NEW_ITEM}/code"), json!({"anyOf": [{"type": "string"}, {"title": "Code", "type": "integer"}]}));
                set(n, &format!("{NEW_ITEM}/code"), json!({"anyOf": [{"type": "string"}]}));
            },
            vec![("request-property-any-of-removed", "`code` lost the `anyOf` member `Code`")],
        ),
        (
            "request discriminator renamed",
            |o, n| {
                set(o, &format!("{NEW_ITEM}/choice/discriminator"), json!({"propertyName": "kind"}));
                set(n, &format!("{NEW_ITEM}/choice/discriminator"), json!({"propertyName": "type"}));
            },
            vec![("request-property-discriminator-property-name-changed", "`choice` is told apart by `type`, not `kind`")],
        ),
        (
            "read-only property became required in requests",
            |o, n| {
                set(o, &format!("{NEW_ITEM}/id"), json!({"type": "string", "readOnly": true}));
                set(n, &format!("{NEW_ITEM}/id"), json!({"type": "string", "readOnly": true}));
                set(n, "/components/schemas/NewItem/required", json!(["name", "id"]));
            },
            vec![],
        ),
        (
            "required request property became read-only",
            |_, n| set(n, &format!("{NEW_ITEM}/name/readOnly"), json!(true)),
            vec![("request-required-property-became-read-only", "required `name` became read-only: requests no longer send it")],
        ),
        (
            "a reference annotated through allOf is compared as itself",
            |o, n| {
                set(o, "/components/schemas/Kind", json!({"type": "string", "enum": ["a", "b"]}));
                set(n, "/components/schemas/Kind", json!({"type": "string", "enum": ["a"]}));
                set(o, &format!("{NEW_ITEM}/kind"), json!({"$ref": "#/components/schemas/Kind"}));
                set(
                    n,
                    &format!("{NEW_ITEM}/kind"),
                    json!({"allOf": [{"$ref": "#/components/schemas/Kind"}], "description": "The kind.", "nullable": true}),
                );
            },
            vec![
                ("request-property-became-nullable", "`kind` may now be null"),
                ("request-property-enum-value-removed", "`kind` no longer has the value \"b\""),
            ],
        ),
        (
            "an allOf member without properties is compared as itself",
            |o, n| {
                set(o, "/components/schemas/Kind", json!({"type": "string", "enum": ["a", "b"]}));
                set(n, "/components/schemas/Kind", json!({"type": "string", "enum": ["a"]}));
                let both = json!({"allOf": [{"$ref": "#/components/schemas/Kind"}, {"maxLength": 5}]});
                set(o, &format!("{NEW_ITEM}/kind"), both.clone());
                set(n, &format!("{NEW_ITEM}/kind"), both);
            },
            vec![("request-property-enum-value-removed", "`kind` no longer has the value \"b\"")],
        ),
        (
            "request schema replaced by another name",
            |o, n| {
                set(n, "/components/schemas/Draft", o.pointer("/components/schemas/NewItem").unwrap().clone());
                set(n, "/paths/~1items/post/requestBody/content/application~1json/schema", json!({"$ref": "#/components/schemas/Draft"}));
            },
            vec![("request-property-schema-replaced", "the body is `Draft` now, not `NewItem`")],
        ),
        (
            "response schema replaced by another name",
            |o, n| {
                let mut record = o.pointer("/components/schemas/Item").unwrap().clone();
                record["properties"]["sku"] = json!({"type": "string"});
                set(n, "/components/schemas/Record", record);
                set(n, &format!("{GET}/responses/200/content/application~1json/schema"), json!({"$ref": "#/components/schemas/Record"}));
            },
            vec![
                ("response-property-schema-replaced", "the body is `Record` now, not `Item`"),
                ("response-property-added", "`sku` was added"),
            ],
        ),
        (
            "request property deprecated with a sunset that is no date",
            |_, n| {
                set(n, &format!("{NEW_ITEM}/tags/deprecated"), json!(true));
                set(n, &format!("{NEW_ITEM}/tags/x-sunset"), json!("later"));
            },
            vec![("request-property-deprecated-sunset-parse", "`tags` was deprecated with the sunset date `later`, which is not a date")],
        ),
        (
            "request bound tightened",
            |_, n| set(n, &format!("{NEW_ITEM}/name/maxLength"), json!(20)),
            vec![("request-property-constraint-tightened", "`name` `maxLength` changed from 50 to 20")],
        ),
        (
            "request bound relaxed",
            |_, n| remove(n, &format!("{NEW_ITEM}/tags/maxItems")),
            vec![("request-property-constraint-relaxed", "`tags` `maxItems` changed from 10 to none")],
        ),
        (
            "request exclusive bound set",
            |o, n| {
                set(n, &format!("{NEW_ITEM}/price/exclusiveMinimum"), json!(true));
                let _ = o;
            },
            vec![("request-property-constraint-tightened", "`price` `exclusiveMinimum` was set: the minimum itself is no longer valid")],
        ),
        (
            "request alternative added",
            |_, n| set(n, &format!("{NEW_ITEM}/choice/oneOf/-"), json!({"type": "boolean"})),
            vec![("request-property-one-of-added", "`choice` gained the `oneOf` member an inline `boolean` schema")],
        ),
        (
            "request alternative removed",
            |_, n| remove(n, &format!("{NEW_ITEM}/choice/oneOf/1")),
            vec![("request-property-one-of-removed", "`choice` lost the `oneOf` member an inline `integer` schema")],
        ),
        (
            "request oneOf members reordered",
            |_, n| set(n, &format!("{NEW_ITEM}/choice/oneOf"), json!([{"type": "integer"}, {"type": "string"}])),
            vec![],
        ),
        (
            "request oneOf member changed in place beside a new one",
            |_, n| {
                set(
                    n,
                    &format!("{NEW_ITEM}/choice/oneOf"),
                    json!([{"type": "string", "maxLength": 5}, {"type": "integer"}, {"type": "boolean"}]),
                )
            },
            vec![
                ("request-property-one-of-added", "`choice` gained the `oneOf` member an inline `boolean` schema"),
                ("request-property-constraint-tightened", "`choice` `maxLength` changed from none to 5"),
            ],
        ),
        (
            "request property deprecated",
            |_, n| set(n, &format!("{NEW_ITEM}/tags/deprecated"), json!(true)),
            vec![("request-property-deprecated", "`tags` was deprecated")],
        ),
        // Item is returned by two operations: each finding is per operation.
        (
            "response property added",
            |_, n| set(n, &format!("{ITEM}/sku"), json!({"type": "string"})),
            vec![("response-property-added", "`sku` was added"); 2],
        ),
        (
            "required response property removed",
            |_, n| {
                remove(n, &format!("{ITEM}/name"));
                set(n, "/components/schemas/Item/required", json!(["id"]));
            },
            vec![("response-required-property-removed", "required `name` was removed"); 2],
        ),
        (
            "optional response property removed",
            |_, n| remove(n, &format!("{ITEM}/note")),
            vec![("response-optional-property-removed", "optional `note` was removed"); 2],
        ),
        (
            "response property became optional",
            |_, n| set(n, "/components/schemas/Item/required", json!(["id"])),
            vec![("response-property-became-optional", "`name` became optional"); 2],
        ),
        (
            "response property became required",
            |_, n| set(n, "/components/schemas/Item/required", json!(["id", "name", "kind"])),
            vec![("response-property-became-required", "`kind` became required"); 2],
        ),
        (
            "response format changed",
            |_, n| set(n, &format!("{ITEM}/count/format"), json!("int64")),
            vec![("response-property-type-changed", "`count` changed format from `int32` to `int64`"); 2],
        ),
        (
            "response property nullable",
            |_, n| set(n, &format!("{ITEM}/note/nullable"), json!(true)),
            vec![("response-property-became-nullable", "`note` may now be null"); 2],
        ),
        (
            "response property not nullable",
            |o, _| set(o, &format!("{ITEM}/note/nullable"), json!(true)),
            vec![("response-property-became-not-nullable", "`note` may no longer be null"); 2],
        ),
        (
            "response enum value added",
            |_, n| set(n, &format!("{ITEM}/kind/enum"), json!(["a", "b", "c"])),
            vec![("response-property-enum-value-added", "`kind` has the new value \"c\""); 2],
        ),
        (
            "response enum value removed",
            |_, n| set(n, &format!("{ITEM}/kind/enum"), json!(["a"])),
            vec![("response-property-enum-value-removed", "`kind` no longer has the value \"b\""); 2],
        ),
        (
            "response bound relaxed",
            |_, n| set(n, &format!("{ITEM}/count/maximum"), json!(1000)),
            vec![("response-property-constraint-relaxed", "`count` `maximum` changed from 100 to 1000"); 2],
        ),
        (
            "response bound tightened",
            |_, n| set(n, &format!("{ITEM}/name/maxLength"), json!(10)),
            vec![("response-property-constraint-tightened", "`name` `maxLength` changed from 50 to 10"); 2],
        ),
        (
            "response alternative added",
            |_, n| set(n, &format!("{ITEM}/choice/oneOf/-"), json!({"type": "boolean"})),
            vec![("response-property-one-of-added", "`choice` gained the `oneOf` member an inline `boolean` schema"); 2],
        ),
        (
            "response alternative removed",
            |_, n| remove(n, &format!("{ITEM}/choice/oneOf/1")),
            vec![("response-property-one-of-removed", "`choice` lost the `oneOf` member an inline `integer` schema"); 2],
        ),
        (
            "response anyOf member added",
            |o, n| {
                set(o, &format!("{ITEM}/code"), json!({"anyOf": [{"type": "string"}]}));
                set(n, &format!("{ITEM}/code"), json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}));
            },
            vec![("response-property-any-of-added", "`code` gained the `anyOf` member an inline `integer` schema"); 2],
        ),
        (
            "response anyOf member removed",
            |o, n| {
                set(o, &format!("{ITEM}/code"), json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}));
                set(n, &format!("{ITEM}/code"), json!({"anyOf": [{"type": "string"}]}));
            },
            vec![("response-property-any-of-removed", "`code` lost the `anyOf` member an inline `integer` schema"); 2],
        ),
        (
            "response allOf member added and removed",
            |o, n| {
                set(
                    o,
                    &format!("{ITEM}/meta"),
                    json!({"allOf": [{"title": "Dated", "type": "object"}, {"title": "Tagged", "type": "object"}]}),
                );
                set(
                    n,
                    &format!("{ITEM}/meta"),
                    json!({"allOf": [{"title": "Owned", "type": "object"}, {"title": "Tagged", "type": "object"}]}),
                );
            },
            vec![
                ("response-property-all-of-added", "`meta` gained the `allOf` member `Owned`"),
                ("response-property-all-of-removed", "`meta` lost the `allOf` member `Dated`"),
                ("response-property-all-of-added", "`meta` gained the `allOf` member `Owned`"),
                ("response-property-all-of-removed", "`meta` lost the `allOf` member `Dated`"),
            ],
        ),
        (
            "response discriminator renamed",
            |o, n| {
                set(o, &format!("{ITEM}/choice/discriminator"), json!({"propertyName": "kind"}));
                set(n, &format!("{ITEM}/choice/discriminator"), json!({"propertyName": "type"}));
            },
            vec![("response-property-discriminator-property-name-changed", "`choice` is told apart by `type`, not `kind`"); 2],
        ),
        (
            "response property became an enum",
            |_, n| set(n, &format!("{ITEM}/note/enum"), json!(["x"])),
            vec![("response-property-became-enum", "`note` is now one of \"x\""); 2],
        ),
        (
            "response pattern added, changed, generalized, removed",
            |o, n| {
                set(n, &format!("{ITEM}/id/pattern"), json!("^[0-9]+$"));
                set(o, &format!("{ITEM}/name/pattern"), json!("^[a-z]+$"));
                set(n, &format!("{ITEM}/name/pattern"), json!("^[a-z ]+$"));
                set(o, &format!("{ITEM}/note/pattern"), json!("^[a-z]+$"));
                set(n, &format!("{ITEM}/note/pattern"), json!("^.*$"));
                set(o, &format!("{ITEM}/kind/pattern"), json!("^[ab]$"));
            },
            [
                ("response-property-pattern-added", "`id` must now match `^[0-9]+$`"),
                ("response-property-pattern-removed", "`kind` no longer has to match `^[ab]$`"),
                ("response-property-pattern-changed", "`name` must now match `^[a-z ]+$` (was `^[a-z]+$`)"),
                ("response-property-pattern-generalized", "`note` must now match `^.*$` (was `^[a-z]+$`)"),
            ]
            .repeat(2),
        ),
        (
            "response exclusive bound set",
            |_, n| set(n, &format!("{ITEM}/count/exclusiveMaximum"), json!(true)),
            vec![
                ("response-property-exclusive-bound-changed", "`count` `exclusiveMaximum` was set: the maximum itself is no longer valid");
                2
            ],
        ),
        (
            "required response property became write-only, and another no longer",
            |o, n| {
                set(o, &format!("{ITEM}/id/writeOnly"), json!(true));
                set(n, &format!("{ITEM}/name/writeOnly"), json!(true));
            },
            [
                ("response-required-property-became-not-write-only", "required `id` is no longer write-only: responses now carry it"),
                ("response-required-property-became-write-only", "required `name` became write-only: responses no longer carry it"),
            ]
            .repeat(2),
        ),
        (
            "response property deprecated with a sunset that is no date",
            |_, n| {
                set(n, &format!("{ITEM}/note/deprecated"), json!(true));
                set(n, &format!("{ITEM}/note/x-sunset"), json!("31/01/2030"));
            },
            vec![
                (
                    "response-property-deprecated-sunset-parse",
                    "`note` was deprecated with the sunset date `31/01/2030`, which is not a date"
                );
                2
            ],
        ),
        (
            "response property deprecated",
            |_, n| set(n, &format!("{ITEM}/note/deprecated"), json!(true)),
            vec![("response-property-deprecated", "`note` was deprecated"); 2],
        ),
    ]
}

/// `NewItem.{property}` nests `levels` component schemas deep, each the
/// `next` of the one before, down to `leaf`.
fn nest(v: &mut Value, property: &str, levels: usize, leaf: Value) {
    for i in 0..levels {
        let next = json!({"$ref": format!("#/components/schemas/Level{}", i + 1)});
        set(v, &format!("/components/schemas/Level{i}"), json!({"type": "object", "properties": {"next": next}}));
    }
    set(v, &format!("/components/schemas/Level{levels}"), json!({"type": "object", "properties": {"leaf": leaf}}));
    set(v, &format!("{NEW_ITEM}/{property}"), json!({"$ref": "#/components/schemas/Level0"}));
}

/// The finding at the depth the comparison stops at: `deep` is one level,
/// each `next` another.
static TOO_DEEP: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let max = botapis_codegen::diff::MAX_SCHEMA_DEPTH;
    format!(
        "`deep{}` is nested more than {max} schemas deep and differs there: not compared further, so a breaking change may be in it",
        ".next".repeat(max)
    )
});

#[test]
fn a_difference_within_the_depth_is_found_however_many_refs_lead_to_it() {
    let (mut old, mut new) = (base(), base());
    nest(&mut old, "deep", 40, json!({"type": "string"}));
    nest(&mut new, "deep", 40, json!({"type": "integer"}));
    let report = diff::diff(&spec("old.yaml", &old), &spec("new.yaml", &new), Options { rust: false }).unwrap();
    let ids: Vec<&str> = report.changes.iter().map(|c| c.id).collect();
    assert_eq!(ids, ["request-property-type-changed"], "{:?}", report.changes);
}

#[test]
fn a_long_chain_of_bare_refs_is_followed_to_its_end() {
    let (mut old, mut new) = (base(), base());
    for (v, leaf) in [(&mut old, "string"), (&mut new, "integer")] {
        for i in 0..30 {
            set(v, &format!("/components/schemas/Alias{i}"), json!({"$ref": format!("#/components/schemas/Alias{}", i + 1)}));
        }
        set(v, "/components/schemas/Alias30", json!({"type": leaf}));
        set(v, &format!("{NEW_ITEM}/aliased"), json!({"$ref": "#/components/schemas/Alias0"}));
    }
    let report = diff::diff(&spec("old.yaml", &old), &spec("new.yaml", &new), Options { rust: false }).unwrap();
    let got: Vec<(&str, &str)> = report.changes.iter().map(|c| (c.id, c.message.as_str())).collect();
    assert_eq!(got, [("request-property-type-changed", "`aliased` changed type from `string` to `integer`")]);
}

#[test]
fn every_part_of_a_long_all_of_is_compared() {
    let (mut old, mut new) = (base(), base());
    for (v, first) in [(&mut old, "string"), (&mut new, "integer")] {
        let parts: Vec<Value> = (0..70)
            .map(|i| json!({"type": "object", "properties": {format!("p{i}"): {"type": if i == 0 { first } else { "string" }}}}))
            .collect();
        set(v, &format!("{NEW_ITEM}/merged"), json!({"allOf": parts}));
    }
    let report = diff::diff(&spec("old.yaml", &old), &spec("new.yaml", &new), Options { rust: false }).unwrap();
    let got: Vec<(&str, &str)> = report.changes.iter().map(|c| (c.id, c.message.as_str())).collect();
    assert_eq!(got, [("request-property-type-changed", "`merged.p0` changed type from `string` to `integer`")]);
}

fn spec(name: &str, tree: &Value) -> Spec {
    Spec::parse(Path::new(name), serde_yaml::to_string(tree).unwrap()).unwrap()
}

#[test]
fn each_rule_gives_its_exact_findings() {
    let mut wrong = Vec::new();
    for (case, edit, expected) in cases() {
        let (mut old, mut new) = (base(), base());
        edit(&mut old, &mut new);
        let report = diff::diff(&spec("old.yaml", &old), &spec("new.yaml", &new), Options { rust: false }).unwrap();
        let got: Vec<(&str, &str)> = report.changes.iter().map(|c| (c.id, c.message.as_str())).collect();
        if got != expected {
            wrong.push(format!("{case}:\n  got      {got:?}\n  expected {expected:?}"));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn every_rule_of_the_catalog_has_a_case() {
    let covered: BTreeSet<&str> = cases().iter().flat_map(|(_, _, e)| e.iter().map(|(id, _)| *id)).collect();
    let missing: Vec<&str> = RULES.iter().map(|r| r.id).filter(|id| !covered.contains(id)).collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
}

#[test]
fn a_spec_against_itself_has_no_changes() {
    let report = diff::diff(&spec("a.yaml", &base()), &spec("b.yaml", &base()), Options { rust: false }).unwrap();
    assert!(report.changes.is_empty(), "{:?}", report.changes);
}

#[test]
fn moving_an_inline_schema_into_components_is_not_a_change() {
    let mut inline = base();
    let item = inline["components"]["schemas"]["Item"].clone();
    set(&mut inline, &format!("{GET}/responses/200/content/application~1json/schema"), item);
    let report = diff::diff(&spec("a.yaml", &base()), &spec("b.yaml", &inline), Options { rust: false }).unwrap();
    assert!(report.changes.is_empty(), "{:?}", report.changes);
}

#[test]
fn renaming_a_path_parameter_is_not_a_change() {
    let mut renamed = base();
    let item = at(&mut renamed, "/paths").as_object_mut().unwrap().remove("/items/{id}").unwrap();
    set(&mut renamed, "/paths/~1items~1{item_id}", item);
    set(&mut renamed, "/paths/~1items~1{item_id}/parameters/0/name", json!("item_id"));
    let report = diff::diff(&spec("a.yaml", &base()), &spec("b.yaml", &renamed), Options { rust: false }).unwrap();
    assert!(report.changes.is_empty(), "{:?}", report.changes);
}

#[test]
fn changes_name_their_operation_schema_and_place() {
    let mut new = base();
    remove(&mut new, &format!("{GET}/parameters/0"));
    set(&mut new, &format!("{NEW_ITEM}/name/maxLength"), json!(20));
    let report = diff::diff(&spec("a.yaml", &base()), &spec("b.yaml", &new), Options { rust: false }).unwrap();
    let find = |id: &str| report.changes.iter().find(|c| c.id == id).unwrap();
    let parameter = find("request-parameter-removed");
    assert_eq!(parameter.operation.as_deref(), Some("GET /items/{id}"));
    assert_eq!(parameter.operation_id.as_deref(), Some("get_item"));
    assert_eq!(parameter.location, "query parameter `fields`");
    let bound = find("request-property-constraint-tightened");
    assert_eq!(bound.schema.as_deref(), Some("NewItem"));
    assert_eq!(bound.location, "request body");
}

#[test]
fn invalid_input_gets_a_located_error() {
    let swagger = Spec::parse(Path::new("old.yaml"), "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n".into()).unwrap();
    let err = diff::diff(&swagger, &spec("new.yaml", &base()), Options::default()).unwrap_err();
    let shown = err.to_string();
    assert!(shown.starts_with("old.yaml:1:1: Swagger \"2.0\" is not OpenAPI 3 — diff compares OpenAPI 3.0 and 3.1 documents."), "{shown}");
    // Why not, and what to do instead.
    assert!(shown.contains("`in: body` parameters") && shown.contains("npx swagger2openapi in.yaml -o out.yaml"), "{shown}");
}

#[test]
fn docs_list_every_rule_with_its_level() {
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/diff.md")).unwrap();
    for rule in RULES {
        let row = format!("| `{}` | {} |", rule.id, rule.level.as_str());
        assert!(docs.contains(&row), "docs/diff.md lacks {row}");
    }
}

#[test]
fn a_behaviour_change_is_a_major_version_though_the_api_is_the_same() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/okeybot.yaml");
    let old = Spec::load(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let paced = text.replacen("x-botapis-rate-limit:", "x-botapis-rate-limit-was:", 1);
    assert_ne!(paced, text, "okeybot.yaml has a rate limit to take away");
    let new = Spec::parse(&path, paced).unwrap();
    let report = diff::diff(&new, &old, Options::default()).unwrap();
    let diff::RustImpact::Compared { changes } = &report.rust else { panic!("{:?}", report.rust) };
    assert!(changes.iter().all(|c| !c.breaking()), "the Rust API does not break: {changes:?}");
    assert!(report.changes.iter().any(|c| c.id == "botapis-behaviour-changed"), "{:?}", report.changes);
    assert_eq!(report.semver, Some(diff::Semver::Major));
}

/// Each field of `x-botapis-pagination` is read by the generated paging
/// code, so a change of any one is a behaviour change, named by its field.
#[test]
fn every_pagination_field_changed_is_a_behaviour_change() {
    let paged = json!({"cursor": "page", "parameter": "fields", "items": "tags", "next": ["links", "next"], "page-size": 50, "limit-parameter": "limit", "first": 1});
    let edits = [
        ("cursor", json!("offset")),
        ("parameter", json!("lang")),
        ("items", json!("entries")),
        ("next", json!(["next"])),
        ("page-size", json!(20)),
        ("limit-parameter", json!("count")),
        ("first", json!(0)),
    ];
    for (field, value) in edits {
        let (mut old, mut new) = (base(), base());
        set(&mut old, &format!("{GET}/x-botapis-pagination"), paged.clone());
        set(&mut new, &format!("{GET}/x-botapis-pagination"), paged.clone());
        set(&mut new, &format!("{GET}/x-botapis-pagination/{field}"), value.clone());
        let report = diff::diff(&spec("old.yaml", &old), &spec("new.yaml", &new), Options { rust: false }).unwrap();
        let got: Vec<(&str, &str)> = report.changes.iter().map(|c| (c.id, c.message.as_str())).collect();
        assert_eq!(got.len(), 1, "{field}: {got:?}");
        assert_eq!(got[0].0, "botapis-behaviour-changed", "{field}");
        assert!(got[0].1.starts_with(&format!("`x-botapis-pagination`'s `{field}` changed from ")), "{field}: {}", got[0].1);
        assert_eq!(report.changes[0].operation_id.as_deref(), Some("get_item"));
    }
    // A default written out is no change: the page cursor starts at 1.
    let (mut old, mut new) = (base(), base());
    set(
        &mut old,
        &format!("{GET}/x-botapis-pagination"),
        json!({"cursor": "page", "parameter": "fields", "items": "tags", "page-size": 50}),
    );
    set(
        &mut new,
        &format!("{GET}/x-botapis-pagination"),
        json!({"cursor": "page", "parameter": "fields", "items": "tags", "page-size": 50, "first": 1}),
    );
    let report = diff::diff(&spec("old.yaml", &old), &spec("new.yaml", &new), Options { rust: false }).unwrap();
    assert!(report.changes.is_empty(), "{:?}", report.changes);
}

fn vendor_spec(name: &str) -> (std::path::PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../specs/{name}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

/// The report of issue #20: Salebot's page size changed gave no change and
/// `patch`, though `stream()` then expects other pages.
#[test]
fn a_page_size_changed_in_a_vendor_spec_is_a_major_version() {
    let (path, text) = vendor_spec("salebot");
    let edited = text.replacen("        page-size: 500\n", "        page-size: 100\n", 1);
    assert_ne!(edited, text, "salebot.yaml pages by 500");
    let report = diff::diff(&Spec::parse(&path, text).unwrap(), &Spec::parse(&path, edited).unwrap(), Options::default()).unwrap();
    let found: Vec<&str> = report.changes.iter().map(|c| c.message.as_str()).collect();
    assert!(found.iter().any(|m| m.starts_with("`x-botapis-pagination`'s `page-size` changed from 500 to 100")), "{found:?}");
    assert_eq!(report.semver, Some(diff::Semver::Major));
}

/// A credential renamed keeps its place and type in the constructor, so
/// the compiler sees nothing; `from_env` reads another variable.
#[test]
fn a_renamed_credential_says_which_variable_from_env_reads_now() {
    let (path, text) = vendor_spec("smsgold");
    let renamed = text
        .replace("x-botapis-credentials: [user, pass]", "x-botapis-credentials: [user, password]")
        .replace("x-botapis-credential: pass", "x-botapis-credential: password")
        .replace("            pass: pass\n", "            pass: password\n");
    assert_eq!(renamed.matches("password").count(), text.matches("password").count() + 3, "three places name the slot");
    let report = diff::diff(&Spec::parse(&path, text).unwrap(), &Spec::parse(&path, renamed).unwrap(), Options::default()).unwrap();
    let behaviour: Vec<&str> = report.changes.iter().filter(|c| c.id == "botapis-behaviour-changed").map(|c| c.message.as_str()).collect();
    assert_eq!(behaviour, ["credential `pass` was renamed `password`: `from_env` reads `SMSGOLD_PASSWORD` instead of `SMSGOLD_PASS`"]);
    assert_eq!(report.semver, Some(diff::Semver::Major));
}

#[test]
fn credentials_reordered_are_said_in_their_new_order() {
    let (path, text) = vendor_spec("smsgold");
    let old = Spec::parse(&path, text.clone()).unwrap();
    let reordered = Spec::parse(&path, text.replace("x-botapis-credentials: [user, pass]", "x-botapis-credentials: [pass, user]")).unwrap();
    let report = diff::diff(&old, &reordered, Options { rust: false }).unwrap();
    let messages: Vec<&str> = report.changes.iter().map(|c| c.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "the order of the constructors' credentials changed from `user`, `pass` to `pass`, `user`: arguments of one type take each other's places"
        ]
    );
}

/// Which slot fills which field is what goes on the wire, and the types
/// are the same: the compiler sees nothing.
#[test]
fn credentials_sent_in_each_other_s_place_are_a_behaviour_change() {
    let (path, text) = vendor_spec("smsgold");
    let swapped = text.replace("            user: user\n            pass: pass\n", "            user: pass\n            pass: user\n");
    assert_ne!(swapped, text, "smsgold.yaml fills `auth` from both slots");
    let report = diff::diff(&Spec::parse(&path, text).unwrap(), &Spec::parse(&path, swapped).unwrap(), Options::default()).unwrap();
    let behaviour: Vec<(Option<&str>, &str)> = report
        .changes
        .iter()
        .filter(|c| c.id == "botapis-behaviour-changed")
        .map(|c| (c.operation_id.as_deref(), c.message.as_str()))
        .collect();
    assert!(!behaviour.is_empty(), "{:?}", report.changes);
    for (operation, message) in &behaviour {
        assert!(operation.is_some(), "{message}");
        assert!(
            message.contains("`pass` in body field `auth.user`") && message.contains("not `user` in body field `auth.user`"),
            "{message}"
        );
    }
    assert_eq!(report.semver, Some(diff::Semver::Major));
}

/// A security requirement that changed is judged by the security rules;
/// the credentials it then puts elsewhere are not a second finding (two
/// bearer schemes fill the one `token` slot, so the slots are the same).
#[test]
fn a_changed_security_requirement_is_not_also_a_behaviour_change() {
    let (mut old, mut new) = (base(), base());
    for v in [&mut old, &mut new] {
        set(v, "/components/securitySchemes/other", json!({"type": "http", "scheme": "bearer"}));
    }
    set(&mut old, &format!("{GET}/security"), json!([{"token": [], "other": []}]));
    set(&mut new, &format!("{GET}/security"), json!([{"token": []}]));
    let report = diff::diff(&spec("old.yaml", &old), &spec("new.yaml", &new), Options { rust: false }).unwrap();
    let ids: Vec<&str> = report.changes.iter().map(|c| c.id).collect();
    assert_eq!(ids, ["api-security-removed", "api-security-added"], "{:?}", report.changes);
}
