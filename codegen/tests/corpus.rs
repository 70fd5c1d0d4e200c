//! Robustness on third-party documents (`../shared/corpus`): `diff` never
//! panics on any spec pair of the oasdiff and openapi-diff suites, nor on a
//! real API against itself or a modified copy; the generator never panics
//! on any of them either (it generates or gives a located diagnostic).
//!
//! The corpus sits beside the repository, as CI has it. Without it these
//! tests are reported as ignored, saying why, and fail under `CI=true`.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

#[path = "support/corpus.rs"]
mod corpus_dir;

use botapis_codegen::Spec;

#[path = "support/compile.rs"]
mod compile;
use botapis_codegen::Options as Reading;
use botapis_codegen::diff::{self, Options};

fn specs_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "licenses") {
                    pending.push(path);
                }
            } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Pairs as the suites use them: files of one folder whose names share
/// their first three words (`request_property_became_nullable_base` and
/// `..._revision`), each with each.
fn suite_pairs(root: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut families: BTreeMap<(PathBuf, String), Vec<PathBuf>> = BTreeMap::new();
    for spec in specs_in(root) {
        let stem = spec.file_stem().unwrap().to_string_lossy().to_string();
        let family: Vec<&str> = stem.split(['_', '-']).take(3).collect();
        families.entry((spec.parent().unwrap().to_path_buf(), family.join("_"))).or_default().push(spec);
    }
    let mut pairs = Vec::new();
    for members in families.values() {
        for a in members {
            for b in members {
                pairs.push((a.clone(), b.clone()));
            }
        }
    }
    pairs
}

/// Run `f`, turning a panic into its message.
fn no_panic<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
        let message = p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned()).unwrap_or_default();
        format!("{what}: panicked: {message}")
    })
}

fn diff_pair(old: &Path, new: &Path, options: Options) -> Result<(), String> {
    let what = format!("{} -> {}", old.display(), new.display());
    no_panic(&what, || {
        let (Ok(old), Ok(new)) = (Spec::load(old), Spec::load(new)) else { return };
        let _ = diff::diff(&old, &new, options);
    })
}

fn diff_never_panics_on_the_diff_suites(corpus: &Path) {
    let mut pairs = suite_pairs(&corpus.join("oasdiff"));
    pairs.extend(suite_pairs(&corpus.join("openapi-diff")));
    assert!(pairs.len() > 300, "expected hundreds of pairs, found {}", pairs.len());
    let failures: Vec<String> =
        pairs.iter().filter_map(|(a, b)| diff_pair(a, b, Options { rust: a == b || pairs.len() < 1000 }).err()).collect();
    assert!(failures.is_empty(), "{} of {} pairs:\n{}", failures.len(), pairs.len(), failures.join("\n"));
}

fn diff_never_panics_on_real_specs_against_themselves_and_a_modified_copy(corpus: &Path) {
    let mut failures = Vec::new();
    for path in specs_in(&corpus.join("real-specs")) {
        let Ok(spec) = Spec::load(&path) else { continue };
        let mut changed = spec.tree.clone();
        modify(&mut changed);
        let copy = spec.with_tree(changed);
        let result = no_panic(&path.display().to_string(), || {
            let same = diff::diff(&spec, &spec, Options { rust: false }).map(|r| r.changes.len());
            let other = diff::diff(&spec, &copy, Options { rust: false }).map(|r| r.changes.len());
            (same, other)
        });
        match result {
            Err(e) => failures.push(e),
            Ok((Ok(same), Ok(other))) => {
                if same != 0 {
                    failures.push(format!("{}: {same} changes against itself", path.display()));
                }
                if other == 0 {
                    failures.push(format!("{}: the modified copy shows no change", path.display()));
                }
            }
            // Documents diff refuses (Swagger 2.0) fail with a diagnostic.
            Ok(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn the_generator_never_panics_on_any_corpus_spec(corpus: &Path) {
    let mut failures = Vec::new();
    for path in specs_in(&corpus) {
        let Ok(spec) = Spec::load(&path) else { continue };
        let outcome = no_panic(&path.display().to_string(), || botapis_codegen::generate_spec(&spec));
        match outcome {
            Err(panic) => failures.push(panic),
            Ok(Err(d)) if d.0.is_empty() => failures.push(format!("{}: failed without a diagnostic", path.display())),
            Ok(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Remove the first path: a change every diff must see.
fn modify(tree: &mut serde_json::Value) {
    if let Some(paths) = tree.get_mut("paths").and_then(|p| p.as_object_mut()) {
        if let Some(first) = paths.keys().next().cloned() {
            paths.remove(&first);
        }
    }
}

/// Generate every real spec and every oasdiff fixture, check that what
/// generates compiles, and write the table to `docs/corpus.md`. Slow (it
/// compiles every generated module), so it runs on demand:
///
/// `cargo test -p botapis-codegen --test corpus -- --ignored corpus_table`
fn corpus_table(corpus: &Path) {
    let mut specs = specs_in(&corpus.join("real-specs"));
    specs.extend(specs_in(&corpus.join("oasdiff")));
    let mut rows: Vec<Row> = Vec::new();
    let mut modules = Vec::new();
    for (i, path) in specs.iter().enumerate() {
        let shown = path.strip_prefix(&corpus).unwrap().display().to_string();
        let (alone, alone_lines) = progenitor_alone(path);
        let total = operations_in(path);
        let started = std::time::Instant::now();
        let outcome = botapis_codegen::generate_source_with(path, Reading { allow_skips: true });
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        match outcome {
            Ok((source, generated)) => {
                let module = format!("m{i}");
                let size = match alone_lines {
                    Some(theirs) if theirs > 0 => format!("{:.2}×", lines_without_mocks(&source) as f64 / theirs as f64),
                    _ => "–".to_string(),
                };
                modules.push((module.clone(), source));
                let kept = kept(generated.operations, total);
                rows.push(Row { spec: shown, result: read_as(&generated.warnings), kept, alone, ms, module: Some(module), size });
            }
            Err(d) => {
                let first = d.0.first().map(|d| d.to_string()).unwrap_or_default();
                let located = first.split(": ").next().is_some_and(|at| at.matches(':').count() >= 2);
                assert!(located, "{shown}: not a located diagnostic: {first}");
                let why = first.splitn(2, ": ").nth(1).unwrap_or_default().to_string();
                let result = format!("diagnostic: {why}");
                rows.push(Row { spec: shown, result, kept: kept(0, total), alone, ms, module: None, size: "–".to_string() });
            }
        }
    }
    // The real specs one at a time (the largest alone takes gigabytes to
    // check), the small fixtures together.
    let (mut broken, mut errors) = (Vec::new(), String::new());
    let (large, small): (Vec<_>, Vec<_>) = modules.into_iter().partition(|(_, source)| source.len() > 1 << 20);
    for module in large.into_iter().map(|m| vec![m]).chain([small]) {
        let (b, e) = compile::check("corpus-check", &module);
        broken.extend(b);
        errors.push_str(&e);
    }

    let mut table = String::from(
        "# The generator on third-party specs\n\nEvery real API and every oasdiff fixture of `../shared/corpus`, through \
         `botapis-codegen generate --allow-skips` (debug build). \"compiles\" means `cargo check` of the generated \
         module passed; a diagnostic is the first `file:line:col` message the generator gave. \"skipped\" counts \
         the operations left out, each with a located warning, and \"repaired\" the constructs read the way \
         `codegen/src/repair.rs` describes. No spec made it panic.\n\n\
         \"kept\" is the share of the spec's operations that became methods; \"progenitor-impl alone\" is what \
         progenitor-impl 0.15.1 does with the same file and its default settings, typed by openapiv3 as a build \
         script would (it generates, or refuses or panics; its output is not compiled). \"size\" is the lines of our \
         module without its mocks over the lines of progenitor-impl's output, both rendered by prettyplease, where \
         progenitor-impl generates.\n\n\
         Regenerate with `cargo test -p botapis-codegen --test corpus -- --ignored corpus_table`.\n\n\
         | spec | result | kept | progenitor-impl alone | size | time (ms) |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    let mut failures = Vec::new();
    for Row { spec, result, kept, alone, ms, module, size } in &rows {
        let result = match module {
            Some(m) if broken.contains(m) => {
                failures.push(spec.clone());
                format!("{result}, DOES NOT COMPILE")
            }
            Some(_) => format!("{result}, compiles"),
            None => result.replace('|', "\\|"),
        };
        table.push_str(&format!("| `{spec}` | {result} | {kept} | {} | {size} | {ms:.1} |\n", alone.replace('|', "\\|")));
    }
    std::fs::write(compile::root().join("docs/corpus.md"), table).unwrap();
    assert!(broken.is_empty(), "generated code that does not compile: {failures:?}\n{errors}");
}

/// One spec's line of the table.
struct Row {
    spec: String,
    /// What the generator made of it.
    result: String,
    kept: String,
    /// What progenitor-impl alone made of it.
    alone: String,
    ms: f64,
    /// The module its generated code is checked as, when it generated.
    module: Option<String>,
    /// Our module's size against progenitor-impl's.
    size: String,
}

/// The operations of the spec at `path`, counted in its own text.
fn operations_in(path: &Path) -> usize {
    let Ok(spec) = Spec::load(path) else { return 0 };
    let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let paths = spec.tree.get("paths").and_then(|p| p.as_object());
    paths
        .into_iter()
        .flatten()
        .filter_map(|(_, item)| item.as_object())
        .flat_map(|item| item.keys())
        .filter(|k| methods.contains(&k.as_str()))
        .count()
}

fn kept(generated: usize, total: usize) -> String {
    if total == 0 { "–".to_string() } else { format!("{generated}/{total} ({:.0} %)", 100.0 * generated as f64 / total as f64) }
}

/// What progenitor-impl alone does with the file: "generates", or why not,
/// and the lines of its output, rendered as ours is, when it generates.
fn progenitor_alone(path: &Path) -> (String, Option<usize>) {
    let Ok(spec) = Spec::load(path) else { return ("not read".to_string(), None) };
    let openapi = match serde_json::from_value::<openapiv3::OpenAPI>(spec.tree.clone()) {
        Ok(openapi) => openapi,
        Err(e) => return (format!("refuses the document: {}", first_line(&e.to_string())), None),
    };
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        progenitor_impl::Generator::new(&progenitor_impl::GenerationSettings::default()).generate_tokens(&openapi)
    }));
    std::panic::set_hook(hook);
    match outcome {
        Ok(Ok(tokens)) => {
            let lines = syn::parse2::<syn::File>(tokens).ok().map(|file| prettyplease::unparse(&file).lines().count());
            ("generates".to_string(), lines)
        }
        Ok(Err(e)) => (format!("refuses: {}", first_line(&e.to_string())), None),
        Err(payload) => {
            let why = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            (format!("panics: {}", first_line(&why)), None)
        }
    }
}

/// The lines of a generated module without its mocks, which progenitor
/// alone does not write.
fn lines_without_mocks(source: &str) -> usize {
    source.lines().take_while(|line| *line != "#[cfg(feature = \"mock\")]").count()
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > 120 { format!("{}…", line.chars().take(120).collect::<String>()) } else { line.to_string() }
}

/// "generated", with what it took: operations skipped and constructs repaired.
fn read_as(warnings: &[botapis_codegen::Diagnostic]) -> String {
    let skipped: std::collections::BTreeSet<_> =
        warnings.iter().filter(|w| w.message.starts_with("operation skipped")).map(|w| w.location).collect();
    let free_form = warnings.iter().filter(|w| w.message.starts_with("schema read as free-form JSON")).count();
    let repaired = warnings.len() - free_form - warnings.iter().filter(|w| w.message.starts_with("operation skipped")).count();
    let parts: Vec<String> = [(skipped.len(), "skipped"), (free_form, "read as free-form JSON"), (repaired, "repaired")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    if parts.is_empty() { "generated".to_string() } else { format!("generated ({})", parts.join(", ")) }
}

/// The acceptance bar of the real specs: every one of the 16 generates
/// under `--allow-skips`, keeping at least 97 % of its operations
/// (`corpus_table` also compiles them, on demand).
fn every_real_spec_generates(corpus: &Path) {
    let specs = specs_in(&corpus.join("real-specs"));
    assert_eq!(specs.len(), 16);
    let failed: Vec<String> = specs
        .iter()
        .filter_map(|path| match botapis_codegen::generate_source_with(path, Reading { allow_skips: true }) {
            Ok((_, generated)) => {
                let total = operations_in(path);
                (generated.operations * 100 < total * 97).then(|| format!("{}: kept {}", path.display(), kept(generated.operations, total)))
            }
            Err(d) => Some(d.0[0].to_string()),
        })
        .collect();
    assert!(failed.is_empty(), "{} of 16 fail:\n{}", failed.len(), failed.join("\n"));
}

fn main() -> std::process::ExitCode {
    corpus_dir::run(&[
        ("diff_never_panics_on_the_diff_suites", false, diff_never_panics_on_the_diff_suites),
        (
            "diff_never_panics_on_real_specs_against_themselves_and_a_modified_copy",
            false,
            diff_never_panics_on_real_specs_against_themselves_and_a_modified_copy,
        ),
        ("the_generator_never_panics_on_any_corpus_spec", false, the_generator_never_panics_on_any_corpus_spec),
        ("corpus_table", true, corpus_table),
        ("every_real_spec_generates", false, every_real_spec_generates),
    ])
}
