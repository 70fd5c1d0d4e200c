//! Published specs often use constructs the engine cannot take but that
//! have one plain reading; the generator reads them so (`codegen/src/repair.rs`)
//! and says what it did in located warnings. Each fixture generates, with
//! exactly these warnings, and its output shows the reading.

use std::path::{Path, PathBuf};

/// (fixture, the exact warnings, a line the generated code must contain).
const EXPECTED: &[(&str, &[&str], &str)] = &[
    ("additional_properties_true", &[], "pub ::serde_json::Map<::std::string::String, ::serde_json::Value>"),
    (
        "body_two_media_types",
        &[
            "8:9: the request body has 2 media types; the client sends `application/json` (not application/x-www-form-urlencoded) — keep one media type to choose another",
        ],
        "pub fn create(",
    ),
    (
        "missing_operation_id",
        &["5:5: operation `GET /things` has no operationId; its method is named `get_things` — add `operationId:` to choose the name"],
        "pub fn get_things(&self)",
    ),
    (
        "openapi_3_1",
        &[
            "1:1: OpenAPI 3.1.0 is read as 3.0.3 (1 schema constructs lowered) — write the spec in OpenAPI 3.0 to choose each reading yourself",
        ],
        "pub name: ::std::option::Option<::std::string::String>,",
    ),
    (
        "unsupported_security_scheme",
        &[
            "6:5: security scheme `oauth` (oauth2) is sent as a bearer token; obtaining the token is up to the caller — pass the access token as the client's credential",
        ],
        "pub fn with_token(token: impl Into<String>) -> Self",
    ),
];

fn fixture(name: &str) -> PathBuf {
    Path::new("tests/repaired-specs").join(format!("{name}.yaml"))
}

#[test]
fn each_repaired_spec_generates_with_its_exact_warnings() {
    let mut wrong = Vec::new();
    for (name, expected, shows) in EXPECTED {
        let path = fixture(name);
        match botapis_codegen::generate_source(&path) {
            Err(d) => wrong.push(format!("{name}: refused: {d}")),
            Ok((source, generated)) => {
                let got: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
                let expected: Vec<String> = expected.iter().map(|w| format!("{}:{w}", path.display())).collect();
                if got != expected {
                    wrong.push(format!("{name}:\n  got      {got:?}\n  expected {expected:?}"));
                }
                if !source.contains(shows) {
                    wrong.push(format!("{name}: the generated code lacks `{shows}`"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn the_table_covers_every_fixture() {
    let mut on_disk: Vec<String> = std::fs::read_dir("tests/repaired-specs")
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = EXPECTED.iter().map(|(n, ..)| *n).collect();
    assert_eq!(on_disk, listed);
}

#[test]
fn the_projects_own_specs_need_no_repair() {
    // The repairs are for specs a vendor publishes; ours say what they mean.
    for entry in std::fs::read_dir("../specs").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let warnings = botapis_codegen::check(&path).unwrap_or_else(|d| panic!("{d}"));
            assert!(warnings.is_empty(), "{}: {warnings:?}", path.display());
        }
    }
}

#[test]
fn a_broken_operation_is_skipped_only_when_allowed() {
    let path = Path::new("tests/broken-specs/deep_object_query.yaml");
    let strict = botapis_codegen::generate_source(path).err().expect("strict reading refuses it");
    assert!(strict.to_string().contains("`style: deepObject`"), "{strict}");
    let options = botapis_codegen::Options { allow_skips: true };
    let (source, generated) = botapis_codegen::generate_source_with(path, options).unwrap_or_else(|d| panic!("{d}"));
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains(":14:11: operation skipped: parameter `filter` has `style: deepObject`"), "{warnings:?}");
    assert!(source.contains("pub fn list_things(&self)"), "the other operation stays");
    assert!(!source.contains("pub fn search_things(&self)"), "the broken one is left out");
}

#[test]
fn an_optional_parameter_the_engine_cannot_send_is_left_out_not_its_operation() {
    let text = std::fs::read_to_string("tests/broken-specs/deep_object_query.yaml").unwrap().replace("          required: true\n", "");
    let dir = std::env::temp_dir().join(format!("botapis-optional-deep-object-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("optional_deep_object.yaml");
    std::fs::write(&path, text).unwrap();
    let options = botapis_codegen::Options { allow_skips: true };
    let (source, generated) = botapis_codegen::generate_source_with(&path, options).unwrap_or_else(|d| panic!("{d}"));
    let _ = std::fs::remove_dir_all(&dir);
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains(":12:11: optional parameter `filter` left out: `style: deepObject`"), "{warnings:?}");
    assert!(source.contains("pub fn search_things(&self)"), "the operation stays, without the parameter");
}
