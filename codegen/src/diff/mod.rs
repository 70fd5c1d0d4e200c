//! `botapis-codegen diff`: what changed between two versions of a spec, how
//! each change affects API clients, and what it does to the generated Rust
//! API, with the semver verdict for the botapis crate.

mod compare;
pub mod format;
mod parts;
mod rules;
mod rust_api;

use std::path::Path;

use heck::ToUpperCamelCase;
use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::load::Spec;
pub use compare::MAX_DEPTH as MAX_SCHEMA_DEPTH;
pub use rules::{Level, RULES, Rule};
pub use rust_api::ItemChange;

/// One change between the two specs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The rule's stable id (see [`RULES`]).
    pub id: &'static str,
    pub level: Level,
    /// `GET /contact/{contact_id}`, for changes inside an operation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// The component schema the change is in, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Where in the operation: `query parameter \`page\``, `response 200`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub location: String,
    pub message: String,
    /// What it does to the generated Rust API.
    pub rust: Vec<String>,
}

/// The semver bump the botapis crate needs for the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    Patch,
    Minor,
    Major,
}

impl Semver {
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

/// The generated Rust API of both versions, compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum RustImpact {
    Compared {
        changes: Vec<ItemChange>,
    },
    /// Not generated: `--no-rust`, or a side the generator cannot take.
    Unavailable {
        reason: String,
    },
}

/// Everything `diff` found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The version of this JSON layout; a new field keeps it, a renamed or
    /// removed one bumps it.
    pub schema_version: u32,
    pub old: String,
    pub new: String,
    pub changes: Vec<Change>,
    pub rust: RustImpact,
    /// None when the Rust API could not be compared.
    pub semver: Option<Semver>,
}

impl Report {
    pub fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level == level).count()
    }

    /// Whether a change at `threshold` or above was found.
    pub fn fails(&self, threshold: Level) -> bool {
        self.changes.iter().any(|c| c.level >= threshold)
    }
}

/// Options of a diff.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Generate both versions and compare their Rust API.
    pub rust: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { rust: true }
    }
}

/// Diff two spec files.
pub fn diff_files(old: &Path, new: &Path, options: Options) -> Result<Report, Diagnostics> {
    let old = Spec::load(old)?;
    let new = Spec::load(new)?;
    diff(&old, &new, options)
}

/// Diff two loaded specs.
pub fn diff(old: &Spec, new: &Spec, options: Options) -> Result<Report, Diagnostics> {
    let mut problems: Vec<Diagnostic> = [old, new].into_iter().filter_map(openapi_3).collect();
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    // Comparing by content follows every `$ref`: one that leads nowhere
    // (or to another file, which diff does not read) would compare as
    // nothing, and a loop would never end.
    problems.extend([old, new].into_iter().flat_map(crate::lint::references));
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    // Slots are read as the generator reads them, defaults included; a side
    // it cannot read is compared by its `x-botapis-credentials` as written.
    let credentials = match (crate::model::read(old), crate::model::read(new)) {
        (Ok(a), Ok(b)) => {
            let placements = |v: &crate::model::Api| v.operations.iter().map(|o| (o.id.clone(), o.placements.clone())).collect();
            Some(compare::Credentials {
                old_placements: placements(&a),
                new_placements: placements(&b),
                old: a.slots,
                new: b.slots,
                module: crate::generate::module_of(new),
            })
        }
        _ => None,
    };
    let mut changes = compare::compare(&old.tree, &new.tree, credentials.as_ref());
    let rust = if options.rust { rust_impact(old, new) } else { RustImpact::Unavailable { reason: "not compared (--no-rust)".into() } };
    let semver = match &rust {
        RustImpact::Compared { changes: items } => {
            for change in &mut changes {
                change.rust = related(change, items).map(ItemChange::describe).collect();
            }
            // A behaviour break is a break the compiler does not see.
            let behaviour = changes.iter().any(|c| c.id == "botapis-behaviour-changed");
            Some(if behaviour { Semver::Major } else { verdict(items) })
        }
        RustImpact::Unavailable { .. } => None,
    };
    Ok(Report { schema_version: 1, old: old.path.display().to_string(), new: new.path.display().to_string(), changes, rust, semver })
}

/// Diffing needs OpenAPI 3 on both sides.
fn openapi_3(spec: &Spec) -> Option<Diagnostic> {
    match spec.tree.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.") => None,
        _ => {
            let what = match spec.tree.get("swagger") {
                Some(v) => format!("Swagger {v} is not OpenAPI 3"),
                None => "not an OpenAPI 3 document (no `openapi: 3.x` field)".to_string(),
            };
            Some(Diagnostic::new(
                &spec.path,
                spec.locate(if spec.tree.get("swagger").is_some() { "/swagger" } else { "/openapi" }),
                what,
                if spec.tree.get("swagger").is_some() {
                    "diff compares OpenAPI 3.0 and 3.1 documents. Swagger 2.0 writes bodies as `in: body` parameters, \
                     responses without media types and credentials under `securityDefinitions`, so compared as they \
                     are every body, response and scheme would read as removed and added; convert the file first \
                     (`npx swagger2openapi in.yaml -o out.yaml`) and diff the result"
                } else {
                    "diff compares OpenAPI 3.0 and 3.1 documents; add `openapi: 3.0.3` (or the version it follows) if this is one"
                },
            ))
        }
    }
}

fn rust_impact(old: &Spec, new: &Spec) -> RustImpact {
    // Both versions are generated as the same module, so that paths the
    // module name enters (`x-rust-type`) compare equal. A large spec is
    // generated in parts, the same number on both sides.
    let module = new.path.as_path();
    let parts = parts::parts_for(parts::operations(&old.tree).max(parts::operations(&new.tree)));
    let generated =
        |spec: &Spec, side: &str| surface(spec, module, parts).map_err(|d| format!("the {side} spec does not generate: {}", first(&d)));
    // The two sides are independent: generate them side by side.
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| generated(old, "old"));
        let new = generated(new, "new");
        let old = old.join().unwrap_or_else(|_| Err("the old spec made the generator fail".to_string()));
        (old, new)
    });
    match (old, new) {
        (Ok(a), Ok(b)) => RustImpact::Compared { changes: rust_api::compare(&a, &b) },
        (Err(reason), _) | (_, Err(reason)) => RustImpact::Unavailable { reason },
    }
}

/// The public items of `spec` generated as the module of `module`, in
/// `parts` parts (see `parts`).
///
/// They are read from the syntax tree the generator builds; rendering it
/// to text to parse it again would only cost time.
fn surface(spec: &Spec, module: &Path, parts: usize) -> Result<rust_api::Surface, Diagnostics> {
    let (spec, _) = crate::repair::repair(spec, false);
    let api = crate::lint::lint(&spec)?;
    if parts == 1 {
        let generated = if spec.path == module {
            crate::generate::generate_client(&spec, &api)?
        } else {
            crate::generate::generate_client(&parts::located(&spec, module, spec.tree.clone()), &api)?
        };
        return Ok(rust_api::surface_of(&generated.file));
    }
    let split = parts::Parts::new(&spec, parts);
    let mut surface = rust_api::Surface::new();
    for part in 0..parts {
        // Each part is a document of its own, with its own model.
        let part_spec = parts::spec_of(module, split.tree(part));
        let generated = crate::model::read(&part_spec)
            .map_err(Diagnostics)
            .and_then(|api| crate::generate::generate_client(&part_spec, &api).map_err(Diagnostics::from));
        match generated {
            // An item every part has (the client's own) is the same in each.
            Ok(generated) => {
                for (item, signature) in rust_api::surface_of(&generated.file) {
                    surface.entry(item).or_insert(signature);
                }
            }
            // Again with the text, for where it failed.
            Err(_) => {
                let located = parts::located(&spec, module, split.tree(part));
                let api = crate::model::read(&located).map_err(Diagnostics)?;
                crate::generate::generate_client(&located, &api)?;
                return Err(Diagnostic::new(
                    module,
                    Location::START,
                    "a part of the spec did not generate, and then did",
                    "this is a generator bug; report it with this spec",
                )
                .into());
            }
        }
    }
    Ok(surface)
}

fn first(d: &Diagnostics) -> String {
    d.0.first().map(|d| d.to_string()).unwrap_or_default()
}

/// The Rust items a spec change touches: the types of the schema it is in;
/// else the setter of the parameter it is about; else everything of its
/// operation (its method, request and inline types).
fn related<'a>(change: &Change, items: &'a [ItemChange]) -> impl Iterator<Item = &'a ItemChange> {
    use heck::ToSnakeCase;
    let mut exact: Vec<String> = Vec::new();
    let mut prefixes: Vec<String> = Vec::new();
    let parameter = change.location.strip_suffix('`').and_then(|l| l.split_once(" parameter `")).map(|(_, name)| name.to_string());
    match (&change.schema, &change.operation_id, parameter) {
        (Some(schema), _, _) => {
            let pascal = schema.to_upper_camel_case();
            prefixes.push(format!("types::{pascal}"));
        }
        (None, Some(op), Some(parameter)) => {
            let pascal = op.to_upper_camel_case();
            exact.push(format!("request::{pascal}::{}", parameter.to_snake_case()));
            prefixes.push(format!("types::{pascal}{}", parameter.to_upper_camel_case()));
        }
        (None, Some(op), None) => {
            let pascal = op.to_upper_camel_case();
            exact.push(format!("Client::{op}"));
            prefixes.push(format!("request::{pascal}"));
            prefixes.push(format!("types::{pascal}"));
        }
        (None, None, _) => {}
    }
    items.iter().filter(move |i| {
        let item = i.item();
        exact.iter().any(|e| e == item)
            || prefixes.iter().any(|p| {
                item.strip_prefix(p.as_str()).is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with(['.', ':']) || rest.starts_with(|c: char| c.is_ascii_uppercase())
                })
            })
    })
}

fn verdict(items: &[ItemChange]) -> Semver {
    if items.iter().any(ItemChange::breaking) {
        Semver::Major
    } else if items.is_empty() {
        Semver::Patch
    } else {
        Semver::Minor
    }
}

/// Read `spec` as it was at git revision `rev`.
pub fn at_revision(rev: &str, spec: &Path) -> Result<Spec, Diagnostics> {
    let fail = |what: String| {
        Diagnostics::single(Diagnostic::new(spec, Location::START, what, "check the revision and that the file is tracked there"))
    };
    let dir = spec.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = spec.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .arg("show")
        .arg(format!("{rev}:./{name}"))
        .output()
        .map_err(|e| fail(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(fail(format!("cannot read the spec at `{rev}`: {why}")));
    }
    let text = String::from_utf8(output.stdout).map_err(|_| fail(format!("the spec at `{rev}` is not UTF-8")))?;
    // Labelled `spec@rev` in messages; the Rust comparison generates both
    // sides as the module of the newer one.
    let label = std::path::PathBuf::from(format!("{}@{rev}", spec.display()));
    Spec::parse(&label, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Generated in parts, a spec has the public items it has generated
    /// whole: each vendor's (credentials in the path, the query, a body
    /// and basic auth; pagination; error envelopes; webhooks).
    #[test]
    fn a_spec_generated_in_parts_has_the_items_it_has_whole() {
        for vendor in ["okeybot", "salebot", "watbot", "smsgold", "imbachat"] {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../specs/{vendor}.yaml"));
            let spec = Spec::load(&path).unwrap();
            let whole = surface(&spec, &path, 1).unwrap();
            assert!(whole.len() > 20, "{vendor}: {}", whole.len());
            // Many parts leave some with no operation of their own.
            for parts in [3, 16] {
                let parted = surface(&spec, &path, parts).unwrap();
                assert_eq!(rust_api::compare(&whole, &parted), [], "{vendor} in {parts} parts");
            }
        }
    }
}
