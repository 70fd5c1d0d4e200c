//! A structure-aware fuzzer: the vendor specs and a few real ones, mutated
//! the way broken specs are broken (nodes deleted, duplicated and retyped,
//! `$ref`s broken and made cyclic, names emptied, nesting deepened, text
//! truncated, aliases multiplied), through `check`, `generate` and `diff`.
//!
//! Each case must end in generated code or in located diagnostics, with no
//! panic and no disagreement between `check` and `generate`. A stack
//! overflow or an abort cannot be caught: the case being run is always
//! written to `target/fuzz/case.yaml` first, so the file left behind is the
//! crasher.
//!
//! CI runs a bounded number of cases; any number runs on demand:
//!
//! `BOTAPIS_FUZZ_CASES=5000 cargo test --release -p botapis-codegen --test fuzz`
//!
//! proptest keeps every failing case's seed in `tests/fuzz.proptest-regressions`,
//! and reruns those first; crashers found by hand are kept whole in
//! `tests/regressions/` (see `regressions.rs`).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use botapis_codegen::Spec;
use botapis_codegen::diff::{self, Options};
use botapis_codegen::internals::escape;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use serde_json::{Value, json};

/// The documents mutated: every vendor spec, and small real specs when the
/// corpus is beside the repository.
fn seeds() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("specs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    for real in ["progenitor-keeper.json", "progenitor-buildomat.json", "ably-control-v1.yaml"] {
        let path = root.join("../shared/corpus/real-specs").join(real);
        if path.exists() {
            paths.push(path);
        }
    }
    paths.sort();
    paths.into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap())).collect()
}

/// One edit of the tree. The numbers pick nodes and values; the same case
/// is the same edit on the same seed.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(u32),
    Duplicate(u32, u32),
    Retype(u32, u8),
    Rename(u32, u8),
    BreakRef(u32, u8),
    CycleRefs(u32, u32),
    Deepen(u32, u16),
    Require(u32),
}

/// An edit of the text, after the tree is written out.
#[derive(Debug, Clone)]
enum TextMutation {
    None,
    Truncate(u32),
    AliasBomb(u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<u32>().prop_map(Mutation::Delete),
        (any::<u32>(), any::<u32>()).prop_map(|(a, b)| Mutation::Duplicate(a, b)),
        (any::<u32>(), any::<u8>()).prop_map(|(a, b)| Mutation::Retype(a, b)),
        (any::<u32>(), any::<u8>()).prop_map(|(a, b)| Mutation::Rename(a, b)),
        (any::<u32>(), any::<u8>()).prop_map(|(a, b)| Mutation::BreakRef(a, b)),
        (any::<u32>(), any::<u32>()).prop_map(|(a, b)| Mutation::CycleRefs(a, b)),
        (any::<u32>(), 1..300u16).prop_map(|(a, d)| Mutation::Deepen(a, d)),
        any::<u32>().prop_map(Mutation::Require),
    ]
}

fn text_mutation() -> impl Strategy<Value = TextMutation> {
    prop_oneof![
        6 => Just(TextMutation::None),
        1 => any::<u32>().prop_map(TextMutation::Truncate),
        1 => (2..10u8).prop_map(TextMutation::AliasBomb),
    ]
}

/// Names that have broken generators: empty once sanitized, a keyword,
/// a leading digit, pointer escapes, non-ASCII.
const NAMES: &[&str] = &["", "_", "__", "-", "1st", "type", "self", "Self", "a/b", "~0", "é", "$ref", "x-", "default"];

/// Every node of the tree, as a path of keys and indices.
fn nodes(tree: &Value) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    let mut stack = vec![(tree, Vec::new())];
    while let Some((value, path)) = stack.pop() {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let mut p = path.clone();
                    p.push(Step::Key(k.clone()));
                    stack.push((v, p));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(Step::Index(i));
                    stack.push((v, p));
                }
            }
            _ => {}
        }
        out.push(path);
    }
    out.sort();
    out
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Index(usize),
}

fn get_mut<'a>(tree: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(tree, |node, step| match step {
        Step::Key(k) => node.get_mut(k.as_str()),
        Step::Index(i) => node.get_mut(*i),
    })
}

fn pick<T: Clone>(list: &[T], n: u32) -> Option<T> {
    (!list.is_empty()).then(|| list[n as usize % list.len()].clone())
}

fn pointer_of(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => format!("/{}", escape(k)),
            Step::Index(i) => format!("/{i}"),
        })
        .collect()
}

fn apply(tree: &mut Value, mutation: &Mutation) {
    let all = nodes(tree);
    let refs: Vec<Vec<Step>> = all.iter().filter(|p| p.last() == Some(&Step::Key("$ref".into()))).cloned().collect();
    let components: Vec<Vec<Step>> = all.iter().filter(|p| p.len() == 3 && p[0] == Step::Key("components".into())).cloned().collect();
    match *mutation {
        Mutation::Delete(n) => {
            let Some(path) = pick(&all, n).filter(|p| !p.is_empty()) else { return };
            let (last, parent) = path.split_last().unwrap();
            match (get_mut(tree, parent), last) {
                (Some(Value::Object(map)), Step::Key(k)) => {
                    map.remove(k);
                }
                (Some(Value::Array(items)), Step::Index(i)) if *i < items.len() => {
                    items.remove(*i);
                }
                _ => {}
            }
        }
        Mutation::Duplicate(from, to) => {
            let (Some(from), Some(to)) = (pick(&all, from), pick(&all, to)) else { return };
            let Some(copy) = get_mut(tree, &from).map(|v| v.clone()) else { return };
            match get_mut(tree, &to) {
                Some(Value::Object(map)) => {
                    map.insert(format!("copy{}", map.len()), copy);
                }
                Some(Value::Array(items)) => items.push(copy),
                Some(other) => *other = copy,
                None => {}
            }
        }
        Mutation::Retype(n, kind) => {
            let Some(path) = pick(&all, n) else { return };
            let replacement = match kind % 9 {
                0 => Value::Null,
                1 => json!(true),
                2 => json!(-1),
                3 => json!(1e300),
                4 => json!(""),
                5 => json!({}),
                6 => json!([]),
                7 => json!("date-time"),
                _ => json!(["string", "null"]),
            };
            if let Some(node) = get_mut(tree, &path) {
                *node = replacement;
            }
        }
        Mutation::Rename(n, name) => {
            let Some(path) = pick(&all, n).filter(|p| matches!(p.last(), Some(Step::Key(_)))) else { return };
            let (Step::Key(old), parent) = path.split_last().unwrap() else { return };
            let new = NAMES[name as usize % NAMES.len()];
            if let Some(Value::Object(map)) = get_mut(tree, parent) {
                if let Some(v) = map.remove(old) {
                    map.insert(new.to_string(), v);
                }
            }
        }
        Mutation::BreakRef(n, how) => {
            let Some(path) = pick(&refs, n) else { return };
            let own = pointer_of(&path[..path.len() - 1]);
            let target = match how % 4 {
                0 => format!("#{own}"),
                1 => "#/components/schemas/Nowhere".to_string(),
                2 => "other.yaml#/Thing".to_string(),
                _ => "#/paths".to_string(),
            };
            if let Some(node) = get_mut(tree, &path) {
                *node = Value::String(target);
            }
        }
        Mutation::CycleRefs(a, b) => {
            let (Some(a), Some(b)) = (pick(&components, a), pick(&components, b)) else { return };
            let (pa, pb) = (pointer_of(&a), pointer_of(&b));
            if let Some(node) = get_mut(tree, &a) {
                *node = json!({"$ref": format!("#{pb}")});
            }
            if let Some(node) = get_mut(tree, &b) {
                *node = json!({"allOf": [{"$ref": format!("#{pa}")}, {"type": "object"}]});
            }
        }
        Mutation::Deepen(n, depth) => {
            let Some(path) = pick(&all, n) else { return };
            let Some(node) = get_mut(tree, &path) else { return };
            let mut deep = node.clone();
            for _ in 0..depth {
                deep = json!({"type": "object", "properties": {"inner": deep}});
            }
            *node = deep;
        }
        Mutation::Require(n) => {
            // Make an optional parameter required: the shape that once
            // generated code matching `Ok(Some(..))` on a required field.
            let params: Vec<Vec<Step>> =
                all.iter().filter(|p| p.len() >= 2 && p[p.len() - 2] == Step::Key("parameters".into())).cloned().collect();
            let Some(path) = pick(&params, n) else { return };
            if let Some(Value::Object(param)) = get_mut(tree, &path) {
                param.insert("required".into(), json!(true));
            }
        }
    }
}

fn write_text(tree: &Value, as_json: bool, text: &TextMutation) -> String {
    let mut out = if as_json { serde_json::to_string_pretty(tree).unwrap() } else { serde_yaml::to_string(tree).unwrap() };
    match *text {
        TextMutation::None => {}
        TextMutation::Truncate(at) => {
            let mut cut = at as usize % out.len().max(1);
            while !out.is_char_boundary(cut) {
                cut -= 1;
            }
            out.truncate(cut);
        }
        TextMutation::AliasBomb(levels) => {
            if as_json {
                return out;
            }
            out.push_str("x-fuzz:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
            for i in 1..levels {
                let row = vec![format!("*l{}", i - 1); 9].join(", ");
                out.push_str(&format!("  l{i}: &l{i} [{row}]\n"));
            }
        }
    }
    out
}

fn no_panic<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
        let message = p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned());
        TestCaseError::fail(format!("{what} panicked: {}", message.unwrap_or_default()))
    })
}

/// Every diagnostic names the file and a real position, and says something.
fn located(path: &Path, d: &botapis_codegen::Diagnostics) -> Result<(), TestCaseError> {
    prop_assert!(!d.0.is_empty(), "a failure without a diagnostic");
    for one in &d.0 {
        prop_assert_eq!(&one.file, path);
        prop_assert!(one.location.line >= 1 && one.location.column >= 1, "{one}");
        prop_assert!(!one.message.is_empty() && !one.help.is_empty(), "{one}");
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("BOTAPIS_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48)
}

#[test]
fn no_mutated_spec_crashes_check_generate_or_diff() {
    let seeds = seeds();
    let scratch = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz");
    std::fs::create_dir_all(&scratch).unwrap();
    let config = Config {
        cases: cases(),
        failure_persistence: Some(Box::new(FileFailurePersistence::SourceParallel("proptest-regressions"))),
        ..Config::default()
    };
    let strategy = (0..seeds.len(), proptest::collection::vec(mutation(), 1..4), text_mutation(), any::<bool>(), any::<bool>());
    proptest!(config, |((seed, mutations, text, as_json, allow_skips) in strategy)| {
        let (seed_path, seed_text) = &seeds[seed];
        let original = Spec::parse(seed_path, seed_text.clone()).unwrap();
        let mut tree = original.tree.clone();
        for m in &mutations {
            apply(&mut tree, m);
        }
        let text = write_text(&tree, as_json, &text);
        // Written before it runs, so a crash leaves the crasher behind.
        let path = scratch.join(if as_json { "case.json" } else { "case.yaml" });
        std::fs::write(&path, &text).unwrap();

        // Both readings: strict (our specs) and `--allow-skips` (published ones).
        let options = botapis_codegen::Options { allow_skips };
        let checked = no_panic("check", || botapis_codegen::check_with(&path, options))?;
        let generated = no_panic("generate", || botapis_codegen::generate_source_with(&path, options))?;
        match (&checked, &generated) {
            (Ok(_), Ok(_)) => {}
            (Err(c), Err(g)) => {
                located(&path, c)?;
                located(&path, g)?;
            }
            (Ok(_), Err(g)) => prop_assert!(false, "check passed but generate failed: {g}"),
            (Err(c), Ok(_)) => prop_assert!(false, "check failed but generate passed: {c}"),
        }
        if let Ok(mutant) = Spec::parse(&path, text) {
            let result = no_panic("diff", || diff::diff(&original, &mutant, Options { rust: false }))?;
            if let Err(d) = result {
                prop_assert!(!d.0.is_empty(), "diff failed without a diagnostic");
            }
        }
    });
}

#[test]
fn the_mutations_reach_what_they_aim_at() {
    // A fuzzer whose edits silently do nothing tests nothing.
    let mut tree = json!({"components": {"schemas": {"A": {"type": "object"}, "B": {"$ref": "#/components/schemas/A"}}}});
    apply(&mut tree, &Mutation::CycleRefs(0, 1));
    let text = tree.to_string();
    assert!(text.contains("allOf"), "{text}");
    let mut tree = json!({"a": {"b": 1}});
    apply(&mut tree, &Mutation::Deepen(1, 3));
    assert_eq!(tree.pointer("/a/properties/inner/properties/inner/properties/inner/b"), Some(&json!(1)), "{tree}");
    let bomb = write_text(&json!({"openapi": "3.0.3"}), false, &TextMutation::AliasBomb(4));
    assert!(bomb.contains("&l3 [*l2"), "{bomb}");
    let mut tree = json!({"paths": {"/a": {"get": {"parameters": [{"name": "x", "in": "query"}]}}}});
    apply(&mut tree, &Mutation::Require(0));
    assert_eq!(tree.pointer("/paths/~1a/get/parameters/0/required"), Some(&json!(true)));
}
