//! Every broken spec gives one exact, located diagnostic, and never a panic.

use std::path::{Path, PathBuf};

/// (fixture, the exact diagnostic it must produce).
const EXPECTED: &[(&str, &str)] = &[
    (
        "alias_bomb",
        "6:12: the document's 72 aliases expand to far more nodes than it has — aliases that repeat other aliases multiply; write the repeated part once under `components` and refer to it with `$ref`",
    ),
    (
        "cookie_parameter",
        "9:11: parameter `session` goes in a cookie, which the generator does not send — send it as a header or query parameter if the API takes one there",
    ),
    (
        "dangling_ref",
        "13:17: `$ref` to `#/components/schemas/Thingz` points at nothing — define the target or refer to one that exists: Thing",
    ),
    (
        "deep_object_query",
        "14:11: parameter `filter` has `style: deepObject`, which the engine cannot send — send the object's fields as separate parameters, or as a JSON body",
    ),
    ("duplicate_operation_id", "11:7: operationId `list` is used twice (first at line 6) — give every operation its own operationId"),
    (
        "error_in_body_without_rule",
        "7:7: `x-botapis-error-in-body: false` on an operation, but the document declares no rule to turn off — remove it, or declare the rule at the top level",
    ),
    ("exclusive_minimum_without_minimum", "8:7: `exclusiveMinimum: true` without `minimum` — add `minimum:` or remove `exclusiveMinimum`"),
    (
        "external_ref",
        "7:7: external reference `common.yaml#/Thing` is not supported — copy the referenced definition into this file's `components` and refer to it as `#/components/...`",
    ),
    (
        "field_name_collision",
        "10:9: properties `room_id` and `roomId` both become the Rust field `room_id` — keep one of them; a duplicate the vendor sends is still kept if the schema has `additionalProperties: {}`",
    ),
    (
        "invalid_yaml",
        "6:1: invalid YAML: while parsing a flow sequence, expected ',' or ']' — fix the syntax at this position (indentation, a missing quote or bracket)",
    ),
    (
        "json_body_without_schema",
        "9:11: the `application/json` request body has no schema — add `schema:` (a `$ref` to components/schemas, or an inline schema)",
    ),
    ("missing_responses", "5:5: operation `GET /things` has no responses — add `responses:` with at least the success response"),
    ("not_a_mapping", "1:1: the spec is not a YAML mapping — start the file with `openapi: 3.0.3`, `info:` and `paths:`"),
    (
        "openapi_3_2",
        "1:1: OpenAPI version `3.2.0` is not supported — the generator reads OpenAPI 3.0.x, and 3.1 lowered to 3.0; write `openapi: 3.0.3` and use 3.0 syntax (`nullable: true`, not `type: [.., \"null\"]`)",
    ),
    (
        "operation_id_without_letters",
        "6:7: operationId `__` has no letter or digit — it names the client method; write a name such as `get_contact`",
    ),
    (
        "operation_named_like_the_client",
        "6:7: operation `fromEnv` would be the client's method `from_env`, which the client has already — rename the operationId",
    ),
    (
        "pagination_cursor_required",
        "7:7: the operation has no query parameter or optional JSON body field `page` — declare the cursor as a query parameter or as an optional property of the JSON body (the stream sets it page by page)",
    ),
    (
        "path_parameter_not_required",
        "8:11: path parameter `id` is not marked required — add `required: true`; a path parameter is always required",
    ),
    (
        "path_parameter_undeclared",
        "5:5: `{id}` in the path of `GET /things/{id}` is not declared — add a parameter `name: id`, `in: path`, `required: true` with a schema",
    ),
    (
        "ref_cycle",
        "14:7: `$ref` chain loops back to itself: `#/components/parameters/Limit` → `#/components/parameters/PageSize` → `#/components/parameters/Limit` — point one of these references at a definition instead of another `$ref`",
    ),
    (
        "require_one_of_required",
        "7:34: `id` is required, so `x-botapis-require-one-of` cannot make it optional — list only optional parameters, or drop `required: true` from this one",
    ),
    (
        "require_one_of_unknown",
        "7:38: `x-botapis-require-one-of` names `nmae`, which is not a parameter of this operation — name one of: id, name",
    ),
    (
        "requires_unknown",
        "7:42: `x-botapis-requires` names `bot`, which is not a parameter of this operation — name one of: external_id, bot_id",
    ),
    (
        "schema_contains_itself",
        "15:5: schema `Thing` contains itself: Thing → Named → Thing — a schema cannot be its own `$ref`, `allOf`, `oneOf`, `anyOf` or `not` member; put the recursion under a property or `items`, where it becomes a boxed field",
    ),
    (
        "split_flow_mapping",
        "9:53: schema key `from 0.` has no value — a comma inside a flow mapping `{...}` splits a text in two; quote the text before it",
    ),
    ("swagger_2", "1:1: Swagger `2.0` is not supported — convert the document to OpenAPI 3.0 (`openapi: 3.0.3`)"),
    (
        "text_answers_not_a_mapping",
        "3:1: `x-botapis-text-answers` is not a mapping — map each text the vendor answers to the JSON it means: `ok: {status: success}`",
    ),
    (
        "too_deep",
        "12:888: the document nests deeper than 64 levels — move nested schemas into `components/schemas` and refer to them with `$ref`",
    ),
    (
        "unconfirmed_answer_not_a_boolean",
        "7:7: `x-botapis-unconfirmed-answer` is not a boolean — write `true` where the success answer's shape rests on one source (a caller, a catalogue)",
    ),
    (
        "unconfirmed_answer_without_json",
        "7:7: `x-botapis-unconfirmed-answer` on an operation whose success answer is not JSON with a schema — remove it: only a JSON answer of a type can be decoded as far as it matches",
    ),
    (
        "unknown_type",
        "10:11: unknown schema type `strin` — did you mean `string`? `type` is one of: string, number, integer, boolean, array, object",
    ),
    (
        "webhook_without_schema",
        "5:5: no schema `Mesage` in `components/schemas` — list each webhook as `{name: message, schema: WebhookMessage, description: ...}`, its schema in `components/schemas`",
    ),
    (
        "xml_body",
        "9:11: request body media type `application/xml` is not supported — use one of: application/json, multipart/form-data, application/x-www-form-urlencoded, application/octet-stream, text/plain, text/x-markdown",
    ),
];

fn fixture(name: &str) -> PathBuf {
    Path::new("tests/broken-specs").join(format!("{name}.yaml"))
}

#[test]
fn each_broken_spec_gives_its_exact_located_diagnostic() {
    let mut wrong = Vec::new();
    for (name, expected) in EXPECTED {
        let path = fixture(name);
        let expected = format!("{}:{expected}", path.display());
        match botapis_codegen::generate_source(&path) {
            Ok(_) => wrong.push(format!("{name}: generated, expected\n  {expected}")),
            Err(d) => {
                let got = d.to_string();
                if got != expected {
                    wrong.push(format!("{name}:\n  got      {got}\n  expected {expected}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn the_table_covers_every_fixture() {
    let mut on_disk: Vec<String> = std::fs::read_dir("tests/broken-specs")
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let listed: Vec<String> = EXPECTED.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(on_disk, listed, "every fixture needs its expected diagnostic");
}

#[test]
fn check_reports_lint_findings_without_generating() {
    let d = botapis_codegen::check(&fixture("duplicate_operation_id")).unwrap_err();
    assert_eq!(d.0.len(), 1);
    assert_eq!(d.0[0].location, botapis_codegen::Location { line: 11, column: 7 });
}

#[test]
fn one_broken_spec_means_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    let out = dir.path().join("generated");
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::copy("../specs/okeybot.yaml", specs.join("okeybot.yaml")).unwrap();
    std::fs::copy(fixture("dangling_ref"), specs.join("zz_broken.yaml")).unwrap();

    let err = botapis_codegen::Config::new().specs_dir(&specs).out_dir(&out).generate().unwrap_err();

    assert!(err.to_string().contains("zz_broken.yaml:13:17"), "{err}");
    assert!(!out.exists(), "a failed run must not write the specs that did generate");
}

#[test]
fn lint_reports_every_problem_of_a_file_at_once() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: _\n      responses: {'200': {description: ok}}\n  /b:\n    get:\n      operationId: __\n      responses: {'200': {description: ok}}\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.yaml");
    std::fs::write(&path, text).unwrap();
    let d = botapis_codegen::check(&path).unwrap_err();
    let lines: Vec<usize> = d.iter().map(|d| d.location.line).collect();
    assert_eq!(lines, vec![6, 10]);
}
