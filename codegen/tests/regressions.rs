//! Every spec that ever crashed the generator, or passed `check` and then
//! failed to generate or to compile, kept whole in `tests/regressions/`.
//!
//! Each file's first line says what it must do now: `# expect: diagnostic`
//! (located diagnostics from both `check` and `generate`) or
//! `# expect: compiles` (both pass, and the generated module compiles).
//! Found a new crasher with the fuzzer? Add it here with its expectation.

use std::path::{Path, PathBuf};

#[path = "support/compile.rs"]
mod compile;

#[derive(Debug, PartialEq)]
enum Expect {
    Diagnostic,
    Compiles,
}

fn cases() -> Vec<(PathBuf, Expect)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut out: Vec<(PathBuf, Expect)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let expect = match text.lines().next() {
                Some("# expect: diagnostic") => Expect::Diagnostic,
                Some("# expect: compiles") => Expect::Compiles,
                other => panic!("{}: the first line must be `# expect: diagnostic` or `# expect: compiles`, not {other:?}", path.display()),
            };
            (path, expect)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_regression_ends_as_expected_and_what_generates_compiles() {
    let cases = cases();
    assert!(cases.len() >= 10, "the regressions are missing: {}", cases.len());
    let mut wrong = Vec::new();
    let mut modules = Vec::new();
    for (path, expect) in &cases {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let checked = botapis_codegen::check(path);
        let generated = botapis_codegen::generate_source(path);
        match (expect, checked, generated) {
            (Expect::Diagnostic, Err(c), Err(g)) => {
                for d in c.0.iter().chain(&g.0) {
                    if d.file != *path || d.location.line < 1 || d.message.is_empty() {
                        wrong.push(format!("{name}: not a located diagnostic: {d}"));
                    }
                }
            }
            (Expect::Compiles, Ok(_), Ok((source, _))) => modules.push((name, source)),
            (expect, checked, generated) => wrong.push(format!(
                "{name}: expected {expect:?}; check: {:?}; generate: {:?}",
                checked.map_err(|d| d.to_string()),
                generated.map(|_| "generated").map_err(|d| d.to_string())
            )),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let (broken, errors) = compile::check("regressions-check", &modules);
    assert!(broken.is_empty(), "generated code that does not compile: {broken:?}\n{errors}");
}

/// Each operation answers one type: the choice of its success shapes,
/// its variants named after them.
#[test]
fn several_success_shapes_are_one_answer_type() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions/several_success_shapes.yaml");
    let (source, _) = botapis_codegen::generate_source(&path).unwrap();
    for expected in [
        "pub enum CreateResponse",
        "Thing(Thing)",
        "Created(Created)",
        "pub struct ListResponse ",
        "pub struct ListResponse400",
        "pub enum PutThingResponse",
        "pub struct PutThingResponse200",
        "rt::Sending<types::CreateResponse, Error>",
    ] {
        assert!(source.contains(expected), "no `{expected}` in:\n{source}");
    }
}
