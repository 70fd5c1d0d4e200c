//! `botapis-codegen diff` as users run it: golden output in each format,
//! exit codes, `--git`, and a real edit of a vendor spec.

use std::path::Path;
use std::process::{Command, Output};

fn diff(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_botapis-codegen")).arg("diff").args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap()
}

const BEFORE: &str = "tests/diff/okeybot_before.yaml";
const AFTER: &str = "tests/diff/okeybot_after.yaml";

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn text_output() {
    let out = diff(&[BEFORE, AFTER]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "no colour codes when not on a terminal");
    insta::assert_snapshot!("okeybot_edit_text", text);
}

#[test]
fn markdown_output() {
    insta::assert_snapshot!("okeybot_edit_markdown", stdout(&diff(&[BEFORE, AFTER, "--format", "markdown"])));
}

#[test]
fn json_output() {
    let json = stdout(&diff(&[BEFORE, AFTER, "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["schema_version"], 1);
    insta::assert_snapshot!("okeybot_edit_json", json);
}

#[test]
fn removing_a_parameter_of_okeybot_is_the_expected_rule_and_a_major_bump() {
    let json: serde_json::Value = serde_json::from_slice(&diff(&[BEFORE, AFTER, "--format", "json"]).stdout).unwrap();
    let removed = json["changes"].as_array().unwrap().iter().find(|c| c["id"] == "request-parameter-removed").unwrap();
    assert_eq!(removed["operation_id"], "get_contacts_by_custom_field");
    assert_eq!(removed["level"], "warning");
    let rust: Vec<&str> = removed["rust"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert!(rust.iter().any(|r| r.starts_with("`request::GetContactsByCustomField::page` removed")), "{rust:?}");
    assert_eq!(json["semver"], "major");
}

#[test]
fn fail_on_sets_the_exit_code() {
    // The edit has a breaking change (a tighter request limit) and a warning.
    assert_eq!(diff(&[BEFORE, AFTER, "--fail-on", "error", "--no-rust"]).status.code(), Some(1));
    assert_eq!(diff(&[BEFORE, AFTER, "--fail-on", "warning", "--no-rust"]).status.code(), Some(1));
    assert_eq!(diff(&[BEFORE, BEFORE, "--fail-on", "warning", "--no-rust"]).status.code(), Some(0));
}

#[test]
fn an_additive_change_is_a_minor_bump_and_no_change_a_patch() {
    let dir = tempfile::tempdir().unwrap();
    let spec = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(BEFORE)).unwrap();
    let added = spec.replace(
        "  /contact/:\n",
        "  /ping:\n    get:\n      operationId: ping\n      responses:\n        \"200\": {description: ok}\n  /contact/:\n",
    );
    std::fs::write(dir.path().join("added.yaml"), added).unwrap();
    let added = dir.path().join("added.yaml");
    let json: serde_json::Value = serde_json::from_slice(&diff(&[BEFORE, added.to_str().unwrap(), "--format", "json"]).stdout).unwrap();
    assert_eq!(json["changes"][0]["id"], "endpoint-added");
    assert_eq!(json["semver"], "minor");
    let same: serde_json::Value = serde_json::from_slice(&diff(&[BEFORE, BEFORE, "--format", "json"]).stdout).unwrap();
    assert_eq!(same["semver"], "patch");
}

#[test]
fn git_compares_a_spec_with_its_version_at_a_revision() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let ok = Command::new("git").args(args).current_dir(dir.path()).output().unwrap();
        assert!(ok.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&ok.stderr));
    };
    git(&["init", "-q"]);
    git(&["config", "user.email", "t@example.com"]);
    git(&["config", "user.name", "t"]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir(dir.path().join("specs")).unwrap();
    std::fs::copy(root.join(BEFORE), dir.path().join("specs/okeybot.yaml")).unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "before"]);
    std::fs::copy(root.join(AFTER), dir.path().join("specs/okeybot.yaml")).unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_botapis-codegen"))
        .args(["diff", "--git", "HEAD", "specs/okeybot.yaml", "--format", "json", "--no-rust"])
        .current_dir(dir.path())
        .output()
        .unwrap();

    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["old"], "specs/okeybot.yaml@HEAD");
    assert!(json["changes"].as_array().unwrap().iter().any(|c| c["id"] == "request-parameter-removed"));

    let missing = Command::new(env!("CARGO_BIN_EXE_botapis-codegen"))
        .args(["diff", "--git", "no-such-rev", "specs/okeybot.yaml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).starts_with("specs/okeybot.yaml:1:1: cannot read the spec at `no-such-rev`"));
}

#[test]
fn invalid_input_exits_2_with_a_located_error() {
    let out = diff(&["tests/diff/okeybot_before.yaml", "tests/broken-specs/invalid_yaml.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("tests/broken-specs/invalid_yaml.yaml:6:1: invalid YAML"));
    let usage = diff(&["only-one.yaml"]);
    assert_eq!(usage.status.code(), Some(2), "clap usage error");
}

#[test]
fn a_byte_order_mark_is_read_and_a_nul_byte_refused_on_either_side() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(BEFORE)).unwrap();
    let bom = dir.path().join("bom.yaml");
    std::fs::write(&bom, format!("\u{feff}{text}")).unwrap();
    let out = diff(&[BEFORE, bom.to_str().unwrap(), "--format", "json", "--no-rust"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["changes"], serde_json::json!([]), "a byte order mark changes nothing");

    let padded = dir.path().join("padded.yaml");
    std::fs::write(&padded, format!("{text}\0\0")).unwrap();
    let line = text.lines().count() + 1;
    for (old, new) in [(BEFORE, padded.to_str().unwrap()), (padded.to_str().unwrap(), BEFORE)] {
        let out = diff(&[old, new, "--fail-on", "error"]);
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with(&format!("{}:{line}:1: the file has a NUL byte", padded.display())), "{stderr}");
    }
}

/// A small valid spec whose `A` is legitimately recursive (through a
/// property), with `{schema}` the 200 response's schema and `{more}` more
/// component schemas.
fn small_spec(schema: &str, more: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{child: {{$ref: '#/components/schemas/A'}}}}}}\n{more}"
    )
}

#[test]
fn a_reference_that_cannot_be_followed_exits_2_located_on_either_side() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let good = write("good.yaml", small_spec("{$ref: '#/components/schemas/A'}", ""));
    let same = diff(&[&good, &good, "--fail-on", "error", "--no-rust"]);
    assert_eq!(same.status.code(), Some(0), "a recursive schema is valid: {}", String::from_utf8_lossy(&same.stderr));
    let bad = [
        (
            write("dangling.yaml", small_spec("{$ref: '#/components/schemas/Gone'}", "")),
            "12:24: `$ref` to `#/components/schemas/Gone` points at nothing",
        ),
        (
            write("external.yaml", small_spec("{$ref: 'other.yaml#/components/schemas/A'}", "")),
            "12:24: external reference `other.yaml#/components/schemas/A` is not supported",
        ),
        (
            write(
                "cyclic.yaml",
                small_spec(
                    "{$ref: '#/components/schemas/B'}",
                    "    B: {$ref: '#/components/schemas/C'}\n    C: {$ref: '#/components/schemas/B'}\n",
                ),
            ),
            "16:9: `$ref` chain loops back to itself: `#/components/schemas/B` → `#/components/schemas/C` → `#/components/schemas/B`",
        ),
    ];
    for (path, what) in &bad {
        for (old, new) in [(good.as_str(), path.as_str()), (path.as_str(), good.as_str())] {
            for rust in [true, false] {
                let mut args = vec![old, new, "--fail-on", "error"];
                if !rust {
                    args.push("--no-rust");
                }
                let out = diff(&args);
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
                assert!(stderr.starts_with(&format!("{path}:{what}")), "{args:?}: {stderr}");
            }
        }
    }
}
