//! A large spec's Rust API, generated in parts.
//!
//! The generator holds the engine's token stream and syn tree of the whole
//! module at once, several hundred kilobytes per operation; `diff` needs
//! only the public items, a few hundred bytes each. So a spec with many
//! operations is generated a part at a time, each part a spec of its own:
//! some path items, the components they reach, and what every part needs
//! (the document's other fields and one operation per credential slot, so
//! each part has the same constructors). Only each part's items are kept.
//!
//! A path item goes to the part its path hashes to, so adding or removing
//! an operation moves no other one: whatever a part's boundary does to a
//! name is the same on both sides, and compares equal.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

use crate::load::Spec;

/// Operations per part, about: small enough that a part's trees are a
/// small multiple of what the spec itself takes, large enough that what
/// each part repeats (the document's other fields, the client's own
/// items) costs little.
pub const OPERATIONS_PER_PART: usize = 100;

/// How many parts a side with `operations` operations is generated in: one
/// (the whole spec as it is) up to twice [`OPERATIONS_PER_PART`].
pub fn parts_for(operations: usize) -> usize {
    if operations <= 2 * OPERATIONS_PER_PART { 1 } else { operations.div_ceil(OPERATIONS_PER_PART) }
}

pub fn operations(tree: &Value) -> usize {
    let Some(paths) = tree.get("paths").and_then(Value::as_object) else { return 0 };
    paths.values().filter_map(Value::as_object).map(|item| crate::load::METHODS.iter().filter(|m| item.contains_key(**m)).count()).sum()
}

/// The trees of the `parts` parts of `spec` (already repaired), in order.
/// Built one at a time by the caller through [`Parts::tree`].
pub struct Parts<'a> {
    tree: &'a Value,
    parts: usize,
    /// Path items every part holds: the first user of each credential slot.
    anchors: BTreeSet<String>,
    /// Components no path item and no document field reaches, by part.
    unreached: Vec<Vec<(String, String)>>,
}

impl<'a> Parts<'a> {
    pub fn new(spec: &'a Spec, parts: usize) -> Parts<'a> {
        let tree = &spec.tree;
        let mut anchors = BTreeSet::new();
        if let Ok(vendor) = crate::model::read(spec) {
            let mut seen: HashSet<String> = HashSet::new();
            for op in &vendor.operations {
                let new_slot = op.placements.iter().flat_map(|p| p.slots()).any(|s| !seen.contains(s));
                if new_slot {
                    seen.extend(op.placements.iter().flat_map(|p| p.slots()).map(str::to_string));
                    // `/paths/<escaped path>/<method>`
                    if let Some((item, _)) = op.pointer.strip_prefix("/paths/").and_then(|p| p.rsplit_once('/')) {
                        anchors.insert(unescape(item));
                    }
                }
            }
        }
        let mut reached = Reach::default();
        reached.from_roots(tree);
        if let Some(paths) = tree.get("paths").and_then(Value::as_object) {
            for item in paths.values() {
                reached.walk(tree, item);
            }
        }
        let mut unreached: Vec<Vec<(String, String)>> = vec![Vec::new(); parts];
        let mut i = 0;
        if let Some(components) = tree.get("components").and_then(Value::as_object) {
            for (section, entries) in components {
                if section == "securitySchemes" {
                    continue;
                }
                for name in entries.as_object().into_iter().flat_map(|m| m.keys()) {
                    if !reached.seen.contains(&(section.clone(), name.clone())) {
                        unreached[i % parts].push((section.clone(), name.clone()));
                        i += 1;
                    }
                }
            }
        }
        Parts { tree, parts, anchors, unreached }
    }

    /// Part `index`'s tree.
    pub fn tree(&self, index: usize) -> Value {
        let mut out = Map::new();
        let mut reach = Reach::default();
        reach.from_roots(self.tree);
        let Some(root) = self.tree.as_object() else { return Value::Object(out) };
        for (key, value) in root {
            match key.as_str() {
                "paths" => {
                    let mut paths = Map::new();
                    for (path, item) in value.as_object().into_iter().flatten() {
                        if self.anchors.contains(path) || part_of(path, self.parts) == index {
                            reach.walk(self.tree, item);
                            paths.insert(path.clone(), item.clone());
                        }
                    }
                    out.insert(key.clone(), Value::Object(paths));
                }
                "components" => {}
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        for (section, name) in &self.unreached[index] {
            reach.add(self.tree, section, name);
        }
        if let Some(components) = root.get("components").and_then(Value::as_object) {
            let mut kept = Map::new();
            for (section, entries) in components {
                let Some(entries) = entries.as_object() else {
                    kept.insert(section.clone(), entries.clone());
                    continue;
                };
                let entries: Map<String, Value> = entries
                    .iter()
                    .filter(|(name, _)| section == "securitySchemes" || reach.seen.contains(&(section.clone(), (*name).clone())))
                    .map(|(name, v)| (name.clone(), v.clone()))
                    .collect();
                kept.insert(section.clone(), Value::Object(entries));
            }
            out.insert("components".to_string(), Value::Object(kept));
        }
        Value::Object(out)
    }
}

/// The part a path item goes to: a hash of its path, so that it does not
/// depend on what else the spec holds.
fn part_of(path: &str, parts: usize) -> usize {
    // FNV-1a: stable across runs and builds, unlike the standard hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in path.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % parts as u64) as usize
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The components a part reaches, as (section, name).
#[derive(Default)]
struct Reach {
    seen: HashSet<(String, String)>,
}

impl Reach {
    /// What the document's own fields reach: the schemas named by
    /// `x-botapis-error` and `x-botapis-webhooks`, and any `$ref` outside
    /// `paths` and `components`.
    fn from_roots(&mut self, tree: &Value) {
        if let Some(name) = tree.pointer("/x-botapis-error/schema").and_then(Value::as_str) {
            self.add(tree, "schemas", name);
        }
        for hook in tree.get("x-botapis-webhooks").and_then(Value::as_array).into_iter().flatten() {
            if let Some(name) = hook.get("schema").and_then(Value::as_str) {
                self.add(tree, "schemas", name);
            }
        }
        for (key, value) in tree.as_object().into_iter().flatten() {
            if key != "paths" && key != "components" {
                self.walk(tree, value);
            }
        }
    }

    fn add(&mut self, tree: &Value, section: &str, name: &str) {
        if self.seen.insert((section.to_string(), name.to_string())) {
            let pointer = format!("/components/{}/{}", section, name.replace('~', "~0").replace('/', "~1"));
            if let Some(target) = tree.pointer(&pointer) {
                self.walk(tree, target);
            }
        }
    }

    /// Every component `value` refers to, and what those refer to. A walk
    /// with its own stack; each component is walked once.
    fn walk(&mut self, tree: &Value, value: &Value) {
        let mut pending = vec![value];
        while let Some(v) = pending.pop() {
            match v {
                Value::Object(map) => {
                    if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                        if let Some((section, name)) = r.strip_prefix("#/components/").and_then(|r| r.split_once('/')) {
                            let name = unescape(name);
                            if self.seen.insert((section.to_string(), name.clone())) {
                                if let Some(target) = tree.pointer(r.trim_start_matches('#')) {
                                    pending.push(target);
                                }
                            }
                        }
                    }
                    pending.extend(map.values());
                }
                Value::Array(items) => pending.extend(items.iter()),
                _ => {}
            }
        }
    }
}

/// A part as a spec of its own, under `path` (the module both sides are
/// generated as). Without the text: a part's positions are only wanted
/// when it fails, and then [`located`] gives them.
pub fn spec_of(path: &Path, tree: Value) -> Spec {
    Spec::detached(path, tree)
}

/// The part again, with `whole`'s text, so its diagnostics are located.
pub fn located(whole: &Spec, path: &Path, tree: Value) -> Spec {
    let mut spec = whole.with_tree(tree);
    spec.path = path.to_path_buf();
    spec
}
