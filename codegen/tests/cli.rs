//! The `botapis-codegen` binary as a user runs it.

use std::path::Path;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_botapis-codegen"))
}

/// A throwaway project with the Okeybot spec in `specs/`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("specs")).unwrap();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/okeybot.yaml");
    std::fs::copy(spec, dir.path().join("specs/okeybot.yaml")).unwrap();
    dir
}

#[test]
fn generate_reports_per_spec_and_writes_only_on_change() {
    let dir = project();
    let run = || bin().arg("generate").current_dir(dir.path()).output().unwrap();

    let first = run();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let stdout = String::from_utf8_lossy(&first.stdout);
    let row = stdout.lines().find(|l| l.starts_with("specs/okeybot.yaml")).expect(&stdout);
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cols[1], "7", "operations: {row}");
    assert!(cols[2].parse::<usize>().unwrap() > 5, "types: {row}");
    assert!(cols[3].parse::<usize>().unwrap() > 100, "lines: {row}");
    assert!(cols[4].ends_with("ms"), "time: {row}");
    assert!(row.ends_with("wrote generated/okeybot.rs"), "{row}");

    let target = dir.path().join("generated/okeybot.rs");
    let modified = std::fs::metadata(&target).unwrap().modified().unwrap();
    let second = run();
    assert!(String::from_utf8_lossy(&second.stdout).contains("unchanged"));
    assert_eq!(std::fs::metadata(&target).unwrap().modified().unwrap(), modified);
}

#[test]
fn generate_with_specs_named_regenerates_only_those() {
    let dir = project();
    let smsgold = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/smsgold.yaml");
    std::fs::copy(smsgold, dir.path().join("specs/smsgold.yaml")).unwrap();

    let one = bin().args(["generate", "specs/smsgold.yaml"]).current_dir(dir.path()).output().unwrap();
    assert!(one.status.success(), "{}", String::from_utf8_lossy(&one.stderr));
    assert!(dir.path().join("generated/smsgold.rs").exists());
    assert!(!dir.path().join("generated/okeybot.rs").exists(), "a spec not named is not generated");
    let stdout = String::from_utf8_lossy(&one.stdout);
    assert!(!stdout.contains("okeybot"), "{stdout}");

    // Both, side by side: reported in the specs' order, each written once.
    std::fs::remove_file(dir.path().join("generated/smsgold.rs")).unwrap();
    let both = bin().arg("generate").current_dir(dir.path()).output().unwrap();
    assert!(both.status.success(), "{}", String::from_utf8_lossy(&both.stderr));
    let stdout = String::from_utf8_lossy(&both.stdout);
    let rows: Vec<&str> = stdout.lines().filter(|l| l.starts_with("specs/")).collect();
    assert_eq!(rows.len(), 2, "{stdout}");
    assert!(rows[0].starts_with("specs/okeybot.yaml") && rows[0].ends_with("wrote generated/okeybot.rs"), "{stdout}");
    assert!(rows[1].starts_with("specs/smsgold.yaml") && rows[1].ends_with("wrote generated/smsgold.rs"), "{stdout}");
    let side_by_side = std::fs::read_to_string(dir.path().join("generated/okeybot.rs")).unwrap();
    std::fs::remove_file(dir.path().join("generated/okeybot.rs")).unwrap();
    assert!(bin().args(["generate", "specs/okeybot.yaml"]).current_dir(dir.path()).status().unwrap().success());
    let alone = std::fs::read_to_string(dir.path().join("generated/okeybot.rs")).unwrap();
    assert!(side_by_side == alone, "a spec generated side by side with another differs from it generated alone");

    // A broken spec named among good ones fails the run, and nothing is written.
    std::fs::write(dir.path().join("specs/broken.yaml"), "openapi: 3.0.3\ninfo: {title: t}\npaths: {}\n").unwrap();
    std::fs::remove_file(dir.path().join("generated/smsgold.rs")).unwrap();
    let failed = bin().args(["generate", "specs/smsgold.yaml", "specs/broken.yaml"]).current_dir(dir.path()).output().unwrap();
    assert!(!failed.status.success());
    assert!(String::from_utf8_lossy(&failed.stderr).contains("specs/broken.yaml"), "{}", String::from_utf8_lossy(&failed.stderr));
    assert!(!dir.path().join("generated/smsgold.rs").exists(), "nothing is written when a spec fails");

    let usage = bin().args(["generate", "--specs-dir", "specs", "specs/smsgold.yaml"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(usage.status.code(), Some(2), "a spec named and a directory is a usage error");
}

#[test]
fn generate_check_names_every_stale_file_and_writes_nothing() {
    let dir = project();
    let up_to_date = bin().args(["generate", "--check"]).current_dir(dir.path()).output().unwrap();
    // Nothing generated yet: stale, and --check must not create it.
    assert_eq!(up_to_date.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&up_to_date.stderr);
    assert!(stderr.contains("generated/okeybot.rs is stale"), "{stderr}");
    assert!(!dir.path().join("generated").exists());

    assert!(bin().arg("generate").current_dir(dir.path()).status().unwrap().success());
    let fresh = bin().args(["generate", "--check"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(fresh.status.code(), Some(0), "{}", String::from_utf8_lossy(&fresh.stderr));

    std::fs::write(dir.path().join("generated/okeybot.rs"), "// edited by hand\n").unwrap();
    let edited = bin().args(["generate", "--check"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(edited.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(dir.path().join("generated/okeybot.rs")).unwrap(), "// edited by hand\n", "--check writes nothing");
}

#[test]
fn check_prints_located_errors_and_fails() {
    let dir = project();
    let broken = dir.path().join("specs/broken.yaml");
    std::fs::write(&broken, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {'200': {$ref: '#/components/responses/Gone'}}\n").unwrap();
    let out = bin().args(["check", "specs/okeybot.yaml", "specs/broken.yaml"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("specs/okeybot.yaml: ok"));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "specs/broken.yaml:7:27: `$ref` to `#/components/responses/Gone` points at nothing — define the target or correct the reference"
    );
}

#[test]
fn check_prints_what_it_repaired_as_warnings_and_passes() {
    let dir = project();
    std::fs::write(
        dir.path().join("specs/published.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n",
    )
    .unwrap();
    let out = bin().args(["check", "specs/published.yaml"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "warning: specs/published.yaml:5:5: operation `GET /a` has no operationId; its method is named `get_a` — add `operationId:` to choose the name"
    );
}

#[test]
fn allow_skips_generates_the_rest_of_a_spec_with_a_broken_operation() {
    let dir = project();
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses: {'200': {description: ok}}\n  /b:\n    get:\n      operationId: b\n      responses: {'200': {description: ok, content: {application/json: {}}}}\n";
    std::fs::write(dir.path().join("specs/published.yaml"), spec).unwrap();
    let strict = bin().args(["generate"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(strict.status.code(), Some(1), "{}", String::from_utf8_lossy(&strict.stderr));
    assert!(!dir.path().join("generated/published.rs").exists(), "nothing written on failure");
    let lenient = bin().args(["generate", "--allow-skips"]).current_dir(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&lenient.stderr);
    assert_eq!(lenient.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("warning: specs/published.yaml:11:54: operation skipped: the JSON response has no schema"), "{stderr}");
    let generated = std::fs::read_to_string(dir.path().join("generated/published.rs")).unwrap();
    assert!(generated.contains("pub fn a(&self)") && !generated.contains("pub fn b(&self)"));
}

/// What the type engine cannot take degrades, located, instead of refusing
/// the spec: a schema becomes free-form JSON (the property alone, when one
/// property is the cause), an operation's own inline schema the engine never
/// sees is free-form JSON as well, and a component the engine would name
/// twice is free-form JSON too.
#[test]
fn allow_skips_reads_what_the_engine_cannot_take_as_json_or_skips_it() {
    let dir = project();
    let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: a
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Odd'}}}}
  /b:
    get:
      operationId: b
      responses:
        '200': {description: ok, content: {application/json: {schema: {format: uri-map}}}}
components:
  schemas:
    Odd:
      type: object
      properties:
        fine: {type: integer}
        odd: {format: uri-map}
    Stop:
      nullable: true
      oneOf:
        - {type: string}
        - {type: array, items: {type: string}}
";
    std::fs::write(dir.path().join("specs/published.yaml"), spec).unwrap();
    let strict = bin().args(["check", "specs/published.yaml"]).current_dir(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert_eq!(strict.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("specs/published.yaml:20:9: the engine (progenitor-impl 0.15.1) failed: panic: not yet implemented"),
        "{stderr}"
    );

    let lenient = bin().args(["generate", "--allow-skips"]).current_dir(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&lenient.stderr);
    assert_eq!(lenient.status.code(), Some(0), "{stderr}");
    for expected in [
        "warning: specs/published.yaml:20:9: schema read as free-form JSON: the engine (progenitor-impl 0.15.1) failed",
        "warning: specs/published.yaml:21:5: schema read as free-form JSON: the engine (progenitor-impl 0.15.1) names two types `Stop`",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    let generated = std::fs::read_to_string(dir.path().join("generated/published.rs")).unwrap();
    assert!(generated.contains("pub fn a(&self)") && generated.contains("pub fn b(&self)"), "{generated}");
    assert!(generated.contains("rt::Sending<::serde_json::Value, Error>"), "`b` answers free-form JSON");
    assert!(generated.contains("pub fine: ::std::option::Option<i64>"), "the rest of the schema stays typed");
    assert!(generated.contains("pub odd: ::std::option::Option<::serde_json::Value>"), "{generated}");
}

#[test]
fn bad_arguments_are_usage_errors_not_panics() {
    let out = bin().args(["generate", "--specs-dir", "/definitely/not/here"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/definitely/not/here"));
    let out = bin().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "clap usage error");
}

/// Windows editors save a byte order mark; a cut or padded download ends in
/// NUL bytes. Both commands read the first and refuse the second, located.
#[test]
fn check_and_generate_read_a_byte_order_mark_and_refuse_a_nul_byte() {
    let dir = project();
    let okeybot = dir.path().join("specs/okeybot.yaml");
    let text = std::fs::read_to_string(&okeybot).unwrap();
    std::fs::write(&okeybot, format!("\u{feff}{text}")).unwrap();
    let check = bin().args(["check", "specs/okeybot.yaml"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stderr));
    let generate = bin().arg("generate").current_dir(dir.path()).output().unwrap();
    assert_eq!(generate.status.code(), Some(0), "{}", String::from_utf8_lossy(&generate.stderr));

    let lines = text.lines().count();
    std::fs::write(&okeybot, format!("{text}\0\0\0\0")).unwrap();
    let expected = format!("specs/okeybot.yaml:{}:1: the file has a NUL byte", lines + 1);
    let check = bin().args(["check", "specs/okeybot.yaml"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).starts_with(&expected), "{}", String::from_utf8_lossy(&check.stderr));
    let generate = bin().arg("generate").current_dir(dir.path()).output().unwrap();
    assert_eq!(generate.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&generate.stderr).contains(&expected), "{}", String::from_utf8_lossy(&generate.stderr));
}
