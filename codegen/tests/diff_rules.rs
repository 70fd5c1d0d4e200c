//! Every rule of the diff catalog, each on its own spec pair: a base spec
//! and one edit, with the exact findings it must give.

use std::collections::BTreeSet;
use std::path::Path;

use botapis_codegen::Spec;
use botapis_codegen::diff::{self, Options, RULES};
use serde_json::{Value, json};

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

fn at<'a>(v: &'a mut Value, pointer: &str) -> &'a mut Value {
    v.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer}"))
}

fn remove(v: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match at(v, parent) {
        Value::Object(m) => {
            m.remove(&key.replace("~1", "/")).unwrap_or_else(|| panic!("no {pointer}"));
        }
        Value::Array(a) => {
            a.remove(key.parse().unwrap());
        }
        _ => panic!("{parent} is not a container"),
    }
}

fn set(v: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match at(v, parent) {
        Value::Object(m) => {
            m.insert(key.replace("~1", "/"), value);
        }
        Value::Array(a) => a.push(value),
        _ => panic!("{parent} is not a container"),
    }
}

const NEW_ITEM: &str = "/components/schemas/NewItem/properties";
const ITEM: &str = "/components/schemas/Item/properties";
const GET: &str = "/paths/~1items~1{id}/get";

type Edit = fn(&mut Value, &mut Value);

/// (case, the edit of (old, new), the exact (rule, message) findings)
fn cases() -> Vec<(&'static str, Edit, Vec<(&'static str, &'static str)>)> {
    vec![
        ("endpoint added", |_, n| set(n, "/paths/~1health", json!({"get": {"operationId": "health", "responses": {"200": {"description": "ok"}}}})),
            vec![("endpoint-added", "operation `GET /health` was added")]),
        ("operation removed", |_, n| remove(n, "/paths/~1items/post"),
            vec![("api-removed-without-deprecation", "operation `POST /items` was removed")]),
        ("deprecated operation removed", |_, n| remove(n, "/paths/~1items~1{id}/delete"),
            vec![("api-removed-after-deprecation", "deprecated operation `DELETE /items/{id}` was removed")]),
        ("operation deprecated", |_, n| set(n, &format!("{GET}/deprecated"), json!(true)),
            vec![("api-deprecated", "operation `GET /items/{id}` was deprecated")]),
        ("operation reactivated", |_, n| remove(n, "/paths/~1items~1{id}/delete/deprecated"),
            vec![("api-reactivated", "operation `DELETE /items/{id}` is no longer deprecated")]),
        ("operationId changed", |_, n| set(n, &format!("{GET}/operationId"), json!("fetch_item")),
            vec![("api-operation-id-changed", "operationId `get_item` became `fetch_item`")]),
        ("operation security added", |o, n| {
            set(o, "/components/securitySchemes/key", json!({"type": "apiKey", "in": "header", "name": "X-Key"}));
            set(n, "/components/securitySchemes/key", json!({"type": "apiKey", "in": "header", "name": "X-Key"}));
            set(n, &format!("{GET}/security"), json!([{"token": [], "key": []}]));
        }, vec![("api-security-added", "now requires `key`")]),
        ("operation security removed", |_, n| set(n, &format!("{GET}/security"), json!([])),
            vec![("api-security-removed", "no longer requires `token`")]),
        ("global security added", |o, n| { remove(o, "/security"); let _ = n; },
            vec![("api-global-security-added", "every operation now requires `token`")]),
        ("global security removed", |_, n| remove(n, "/security"),
            vec![("api-global-security-removed", "operations no longer require `token`")]),
        ("security scheme changed", |_, n| set(n, "/components/securitySchemes/token", json!({"type": "apiKey", "in": "query", "name": "token"})),
            vec![("security-scheme-changed", "security scheme `token` changed how credentials are sent")]),
        ("server added", |_, n| set(n, "/servers/-", json!({"url": "https://eu.example.com/v1"})),
            vec![("api-server-added", "server `https://eu.example.com/v1` was added")]),
        ("server removed", |_, n| set(n, "/servers", json!([])),
            vec![("api-server-removed", "server `https://api.example.com/v1` was removed")]),
        ("required parameter added", |_, n| set(n, &format!("{GET}/parameters/-"), json!({"name": "shop", "in": "query", "required": true, "schema": {"type": "string"}})),
            vec![("new-required-request-parameter", "required query parameter `shop` was added")]),
        ("optional parameter added", |_, n| set(n, &format!("{GET}/parameters/-"), json!({"name": "page", "in": "query", "schema": {"type": "integer"}})),
            vec![("new-optional-request-parameter", "optional query parameter `page` was added")]),
        ("parameter removed", |_, n| remove(n, &format!("{GET}/parameters/0")),
            vec![("request-parameter-removed", "query parameter `fields` was removed")]),
        ("parameter moved", |_, n| set(n, &format!("{GET}/parameters/0/in"), json!("header")),
            vec![("request-parameter-location-changed", "parameter `fields` moved from query to header")]),
        ("parameter became required", |_, n| set(n, &format!("{GET}/parameters/0/required"), json!(true)),
            vec![("request-parameter-became-required", "query parameter `fields` became required")]),
        ("parameter became optional", |_, n| set(n, &format!("{GET}/parameters/1/required"), json!(false)),
            vec![("request-parameter-became-optional", "header parameter `lang` became optional")]),
        ("parameter deprecated", |_, n| set(n, &format!("{GET}/parameters/0/deprecated"), json!(true)),
            vec![("request-parameter-deprecated", "query parameter `fields` was deprecated")]),
        ("parameter enum value removed", |_, n| set(n, &format!("{GET}/parameters/1/schema/enum"), json!(["en"])),
            vec![("request-property-enum-value-removed", "`lang` no longer has the value \"ru\"")]),
        ("parameter type changed", |_, n| set(n, &format!("{GET}/parameters/0/schema/type"), json!("integer")),
            vec![("request-property-type-changed", "`fields` changed type from `string` to `integer`")]),
        ("required body added", |_, n| set(n, &format!("{GET}/requestBody"), json!({"required": true, "content": {"application/json": {"schema": {"type": "object"}}}})),
            vec![("request-body-added-required", "a required request body was added")]),
        ("optional body added", |_, n| set(n, &format!("{GET}/requestBody"), json!({"content": {"application/json": {"schema": {"type": "object"}}}})),
            vec![("request-body-added-optional", "an optional request body was added")]),
        ("body removed", |_, n| remove(n, "/paths/~1items/post/requestBody"),
            vec![("request-body-removed", "the request body was removed")]),
        ("body became required", |o, _| set(o, "/paths/~1items/post/requestBody/required", json!(false)),
            vec![("request-body-became-required", "the request body became required")]),
        ("body became optional", |_, n| set(n, "/paths/~1items/post/requestBody/required", json!(false)),
            vec![("request-body-became-optional", "the request body became optional")]),
        ("body media type added", |_, n| set(n, "/paths/~1items/post/requestBody/content/application~1x-www-form-urlencoded", json!({"schema": {"type": "object"}})),
            vec![("request-body-media-type-added", "media type `application/x-www-form-urlencoded` was added")]),
        ("body media type removed", |o, _| set(o, "/paths/~1items/post/requestBody/content/text~1plain", json!({"schema": {"type": "string"}})),
            vec![("request-body-media-type-removed", "media type `text/plain` was removed")]),
        ("success status added", |_, n| set(n, &format!("{GET}/responses/203"), json!({"description": "cached"})),
            vec![("response-success-status-added", "response `203` was added")]),
        ("success status removed", |_, n| remove(n, "/paths/~1items/post/responses/201"),
            vec![("response-success-status-removed", "response `201` was removed")]),
        ("error status added", |_, n| set(n, &format!("{GET}/responses/429"), json!({"description": "slow down"})),
            vec![("response-non-success-status-added", "response `429` was added")]),
        ("error status removed", |_, n| remove(n, &format!("{GET}/responses/404")),
            vec![("response-non-success-status-removed", "response `404` was removed")]),
        ("response media type added", |_, n| set(n, &format!("{GET}/responses/200/content/application~1xml"), json!({"schema": {"type": "string"}})),
            vec![("response-media-type-added", "media type `application/xml` was added")]),
        ("response media type removed", |_, n| remove(n, &format!("{GET}/responses/404/content/application~1json")),
            vec![("response-media-type-removed", "media type `application/json` was removed")]),
        ("required request property added", |_, n| {
            set(n, &format!("{NEW_ITEM}/sku"), json!({"type": "string"}));
            set(n, "/components/schemas/NewItem/required", json!(["name", "sku"]));
        }, vec![("new-required-request-property", "required `sku` was added")]),
        ("optional request property added", |_, n| set(n, &format!("{NEW_ITEM}/sku"), json!({"type": "string"})),
            vec![("new-optional-request-property", "optional `sku` was added")]),
        ("request property removed", |_, n| remove(n, &format!("{NEW_ITEM}/tags")),
            vec![("request-property-removed", "`tags` was removed")]),
        ("request property became required", |_, n| set(n, "/components/schemas/NewItem/required", json!(["name", "kind"])),
            vec![("request-property-became-required", "`kind` became required")]),
        ("request property became optional", |_, n| set(n, "/components/schemas/NewItem/required", json!([])),
            vec![("request-property-became-optional", "`name` became optional")]),
        ("request property type changed", |_, n| set(n, &format!("{NEW_ITEM}/price/type"), json!("string")),
            vec![("request-property-type-changed", "`price` changed type from `number` to `string`")]),
        ("request property not nullable", |_, n| remove(n, &format!("{NEW_ITEM}/note/nullable")),
            vec![("request-property-became-not-nullable", "`note` may no longer be null")]),
        ("request property nullable", |_, n| set(n, &format!("{NEW_ITEM}/name/nullable"), json!(true)),
            vec![("request-property-became-nullable", "`name` may now be null")]),
        ("request enum value removed", |_, n| set(n, &format!("{NEW_ITEM}/kind/enum"), json!(["a"])),
            vec![("request-property-enum-value-removed", "`kind` no longer has the value \"b\"")]),
        ("request enum value added", |_, n| set(n, &format!("{NEW_ITEM}/kind/enum"), json!(["a", "b", "c"])),
            vec![("request-property-enum-value-added", "`kind` has the new value \"c\"")]),
        ("request bound tightened", |_, n| set(n, &format!("{NEW_ITEM}/name/maxLength"), json!(20)),
            vec![("request-property-constraint-tightened", "`name` `maxLength` changed from 50 to 20")]),
        ("request bound relaxed", |_, n| remove(n, &format!("{NEW_ITEM}/tags/maxItems")),
            vec![("request-property-constraint-relaxed", "`tags` `maxItems` changed from 10 to none")]),
        ("request alternative added", |_, n| set(n, &format!("{NEW_ITEM}/choice/oneOf/-"), json!({"type": "boolean"})),
            vec![("request-property-one-of-added", "`choice` gained 1 `oneOf` alternative(s)")]),
        ("request alternative removed", |_, n| remove(n, &format!("{NEW_ITEM}/choice/oneOf/1")),
            vec![("request-property-one-of-removed", "`choice` lost 1 `oneOf` alternative(s)")]),
        ("request property deprecated", |_, n| set(n, &format!("{NEW_ITEM}/tags/deprecated"), json!(true)),
            vec![("request-property-deprecated", "`tags` was deprecated")]),
        // Item is returned by two operations: each finding is per operation.
        ("response property added", |_, n| set(n, &format!("{ITEM}/sku"), json!({"type": "string"})),
            vec![("response-property-added", "`sku` was added"); 2]),
        ("required response property removed", |_, n| {
            remove(n, &format!("{ITEM}/name"));
            set(n, "/components/schemas/Item/required", json!(["id"]));
        }, vec![("response-required-property-removed", "required `name` was removed"); 2]),
        ("optional response property removed", |_, n| remove(n, &format!("{ITEM}/note")),
            vec![("response-optional-property-removed", "optional `note` was removed"); 2]),
        ("response property became optional", |_, n| set(n, "/components/schemas/Item/required", json!(["id"])),
            vec![("response-property-became-optional", "`name` became optional"); 2]),
        ("response property became required", |_, n| set(n, "/components/schemas/Item/required", json!(["id", "name", "kind"])),
            vec![("response-property-became-required", "`kind` became required"); 2]),
        ("response format changed", |_, n| set(n, &format!("{ITEM}/count/format"), json!("int64")),
            vec![("response-property-type-changed", "`count` changed format from `int32` to `int64`"); 2]),
        ("response property nullable", |_, n| set(n, &format!("{ITEM}/note/nullable"), json!(true)),
            vec![("response-property-became-nullable", "`note` may now be null"); 2]),
        ("response property not nullable", |o, _| set(o, &format!("{ITEM}/note/nullable"), json!(true)),
            vec![("response-property-became-not-nullable", "`note` may no longer be null"); 2]),
        ("response enum value added", |_, n| set(n, &format!("{ITEM}/kind/enum"), json!(["a", "b", "c"])),
            vec![("response-property-enum-value-added", "`kind` has the new value \"c\""); 2]),
        ("response enum value removed", |_, n| set(n, &format!("{ITEM}/kind/enum"), json!(["a"])),
            vec![("response-property-enum-value-removed", "`kind` no longer has the value \"b\""); 2]),
        ("response bound relaxed", |_, n| set(n, &format!("{ITEM}/count/maximum"), json!(1000)),
            vec![("response-property-constraint-relaxed", "`count` `maximum` changed from 100 to 1000"); 2]),
        ("response bound tightened", |_, n| set(n, &format!("{ITEM}/name/maxLength"), json!(10)),
            vec![("response-property-constraint-tightened", "`name` `maxLength` changed from 50 to 10"); 2]),
        ("response alternative added", |_, n| set(n, &format!("{ITEM}/choice/oneOf/-"), json!({"type": "boolean"})),
            vec![("response-property-one-of-added", "`choice` gained 1 `oneOf` alternative(s)"); 2]),
        ("response alternative removed", |_, n| remove(n, &format!("{ITEM}/choice/oneOf/1")),
            vec![("response-property-one-of-removed", "`choice` lost 1 `oneOf` alternative(s)"); 2]),
        ("response property deprecated", |_, n| set(n, &format!("{ITEM}/note/deprecated"), json!(true)),
            vec![("response-property-deprecated", "`note` was deprecated"); 2]),
    ]
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
    assert_eq!(
        err.to_string(),
        "old.yaml:1:1: Swagger \"2.0\" is not OpenAPI 3 — diff compares OpenAPI 3.0 or 3.1 documents; convert the file first"
    );
}

#[test]
fn docs_list_every_rule_with_its_level() {
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/diff.md")).unwrap();
    for rule in RULES {
        let row = format!("| `{}` | {} |", rule.id, rule.level.as_str());
        assert!(docs.contains(&row), "docs/diff.md lacks {row}");
    }
}
