//! Stage 1: read a spec, keeping where every node stands in the source.

pub mod positions;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
pub use positions::Positions;

/// The methods a path item can hold an operation under, in OpenAPI's order.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How deeply a spec's mappings and lists may nest. The deepest of the
/// sixteen real specs in the corpus nests 23 levels; every later stage walks
/// the tree recursively, and this bound keeps them far from the stack's end.
pub const MAX_DEPTH: usize = 64;

const TOO_DEEP_HELP: &str = "move nested schemas into `components/schemas` and refer to them with `$ref`";

/// A spec as written: its text, its tree, and the position of each node.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The path as the user named it; diagnostics print it unchanged.
    pub path: PathBuf,
    pub text: String,
    pub tree: Value,
    /// Built on first use: only a diagnostic needs it, and it costs a second
    /// parse of the text.
    positions: OnceLock<Positions>,
}

impl Spec {
    /// Read and parse the file at `path`.
    pub fn load(path: &Path) -> Result<Spec, Diagnostics> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::new(path, Location::START, format!("cannot read the spec: {e}"), "check the path and that the file is UTF-8 text")
        })?;
        Spec::parse(path, text)
    }

    /// Parse `text` as the spec at `path` (which is only used in messages).
    ///
    /// A leading UTF-8 byte order mark (what Windows editors save) is read
    /// as nothing; it stays in [`Spec::text`], whose digest is the file's.
    pub fn parse(path: &Path, text: String) -> Result<Spec, Diagnostics> {
        let source = without_bom(&text);
        if let Some(location) = first_nul(source) {
            // YAML forbids NUL, and a parser that stops at one would read a
            // truncated or padded download as a shorter, valid spec.
            return Err(Diagnostic::new(
                path,
                location,
                "the file has a NUL byte, which a YAML or JSON text cannot hold",
                "the file is cut from a download, padded, or saved as UTF-16; save it again as UTF-8 text without NUL bytes",
            )
            .into());
        }
        let syntax = |text: &str| {
            Positions::index(text).map_err(|(location, what)| {
                // yaml-rust2 bounds flow nesting itself.
                if what.starts_with("recursion limit exceeded") {
                    return Diagnostic::new(path, location, format!("the document nests deeper than {MAX_DEPTH} levels"), TOO_DEEP_HELP);
                }
                Diagnostic::new(
                    path,
                    location,
                    format!("invalid YAML: {what}"),
                    "fix the syntax at this position (indentation, a missing quote or bracket)",
                )
            })
        };
        let invalid = |location: Location, what: String| {
            Diagnostic::new(
                path,
                location,
                format!("the YAML cannot be read as JSON data: {what}"),
                "use only scalar keys and JSON-compatible values",
            )
        };
        // JSON is read as JSON: YAML readers refuse some of it (a character
        // outside the BMP escaped as a surrogate pair, `"\ud83d\udc4d"`).
        // A JSON text that is not valid JSON is read as YAML, which locates
        // what is wrong.
        let json = source.trim_start().starts_with('{').then(|| serde_json::from_str::<Value>(source).ok()).flatten();
        let tree = match json.map_or_else(|| serde_yaml::from_str::<serde_yaml::Value>(source).map(Err), |tree| Ok(Ok(tree))) {
            Ok(Ok(tree)) => tree,
            Ok(Err(yaml)) => json_of(yaml).map_err(|what| invalid(Location::START, what))?,
            Err(first) => {
                // A syntax error is reported by yaml-rust2, whose messages and
                // positions are the more precise.
                let positions = syntax(source)?;
                let location = first.location().map(|l| Location { line: l.line(), column: l.column() }).unwrap_or(Location::START);
                if let Some((message, help, at)) = limit_of(&first.to_string(), &positions) {
                    return Err(Diagnostic::new(path, at.unwrap_or(location), message, help).into());
                }
                // Otherwise serde_yaml refused an integer past 64 bits, which
                // real specs write as bounds; yaml-rust2 reads those as reals.
                // Its loader copies every alias in full, so it only reads
                // documents whose aliases do not multiply their size.
                if positions.expanded > MAX_EXPANSION.max(4 * positions.nodes) {
                    let (message, help) = too_many_aliases(&positions);
                    return Err(Diagnostic::new(path, positions.first_alias.unwrap_or(location), message, help).into());
                }
                let docs = yaml_rust2::YamlLoader::load_from_str(source).map_err(|_| invalid(location, first.to_string()))?;
                let root = docs.into_iter().next().unwrap_or(yaml_rust2::Yaml::Null);
                json_of_yaml_rust(root).map_err(|_| invalid(location, first.to_string()))?
            }
        };
        if let Some(pointer) = deeper_than(&tree, MAX_DEPTH) {
            let positions = Positions::index(source).unwrap_or_default();
            return Err(Diagnostic::new(
                path,
                positions.locate(&pointer),
                format!("the document nests deeper than {MAX_DEPTH} levels"),
                TOO_DEEP_HELP,
            )
            .into());
        }
        if !tree.is_object() {
            return Err(Diagnostic::new(
                path,
                Location::START,
                "the spec is not a YAML mapping",
                "start the file with `openapi: 3.0.3`, `info:` and `paths:`",
            )
            .into());
        }
        Ok(Spec { path: path.to_path_buf(), text, tree, positions: OnceLock::new() })
    }

    /// This spec with another tree (a derived form for the engine); positions
    /// still point into the original text.
    pub fn with_tree(&self, tree: Value) -> Spec {
        Spec { path: self.path.clone(), text: self.text.clone(), tree, positions: self.positions.clone() }
    }

    /// A spec of `tree` alone, under `path`, without a text: every
    /// diagnostic of it stands at the start. For a derived spec that is
    /// only read when all goes well (a part of a large one), which would
    /// otherwise copy the whole text.
    pub(crate) fn detached(path: &Path, tree: Value) -> Spec {
        Spec { path: path.to_path_buf(), text: String::new(), tree, positions: OnceLock::new() }
    }

    /// Where the node at a JSON pointer stands (or its nearest ancestor).
    pub fn locate(&self, pointer: &str) -> Location {
        self.positions.get_or_init(|| Positions::index(&without_surrogates(without_bom(&self.text))).unwrap_or_default()).locate(pointer)
    }

    /// A diagnostic located at the node `pointer`.
    pub fn diagnostic(&self, pointer: &str, message: impl Into<String>, help: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&self.path, self.locate(pointer), message, help)
    }

    /// SHA-256 of the spec's bytes, in hex: the generated header records it
    /// so a reader can tell which spec a file came from.
    pub fn sha256(&self) -> String {
        Sha256::digest(self.text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The spec as the engine's typed model. Lint runs first, so a failure here
    /// is a shape lint does not know yet; it is still reported where it is.
    pub fn openapi(&self) -> Result<openapiv3::OpenAPI, Diagnostics> {
        use serde::Deserialize;
        // Tracking the path costs on every node; only a failure needs it.
        if let Ok(openapi) = openapiv3::OpenAPI::deserialize(&self.tree) {
            return Ok(openapi);
        }
        serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&self.tree).map_err(|e| {
            let pointer = pointer_of(e.path());
            self.diagnostic(
                &pointer,
                format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
                "compare this node with the OpenAPI 3.0.3 specification",
            )
            .into()
        })
    }
}

/// Follow a chain of local `$ref`s from `value` to the node it ends at:
/// `None` when a reference is not a local one, points at nothing, or the
/// chain comes back on itself. There is no bound on its length: a chain
/// that does not loop ends within the document, and each stage that
/// follows chains reports (lint) or refuses (diff) the loops.
pub fn follow<'a>(tree: &'a Value, value: &'a Value) -> Option<&'a Value> {
    follow_to(tree, value, "").map(|(node, _)| node)
}

/// [`follow`], with the pointer of the node the chain ends at (`pointer`,
/// that of `value`, when it is no `$ref`).
pub fn follow_to<'a>(tree: &'a Value, mut value: &'a Value, pointer: &str) -> Option<(&'a Value, String)> {
    let mut at = pointer.to_string();
    let mut passed: Vec<*const Value> = Vec::new();
    while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        if passed.contains(&(value as *const Value)) {
            return None;
        }
        passed.push(value);
        let target = reference.strip_prefix('#')?;
        value = tree.pointer(target)?;
        at = target.to_string();
    }
    Some((value, at))
}

/// `text` without a leading UTF-8 byte order mark: it is no character of
/// the document, and an editor shows the first line without it.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// `text` with each escaped UTF-16 surrogate (`\ud83d`) written as a
/// space (`\u0020`) of the same length: where nodes stand is all the
/// positions need, and the YAML reader behind them refuses a surrogate.
fn without_surrogates(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let surrogate_at = |i: usize| {
        bytes.get(i..i + 6).is_some_and(|b| {
            b[0] == b'\\'
                && b[1] == b'u'
                && matches!(b[2], b'd' | b'D')
                && matches!(b[3], b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
                && b[4..].iter().all(u8::is_ascii_hexdigit)
        })
    };
    if !(0..bytes.len()).any(surrogate_at) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if surrogate_at(i) && (i == 0 || bytes[i - 1] != b'\\') {
            out.push_str("\\u0020");
            i += 6;
        } else {
            let c = text[i..].chars().next().unwrap_or_default();
            out.push(c);
            i += c.len_utf8().max(1);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Where the first NUL character of `text` stands, as an editor counts.
fn first_nul(text: &str) -> Option<Location> {
    let at = text.find('\0')?;
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Some(Location { line: before.matches('\n').count() + 1, column: before[line_start..].chars().count() + 1 })
}

/// The first node nested deeper than `limit`, as a JSON pointer. A walk with
/// its own stack: this runs before anything has bounded the depth.
fn deeper_than(tree: &Value, limit: usize) -> Option<String> {
    // Pointers are only built once the answer is known to be yes.
    let mut stack: Vec<(&Value, usize)> = vec![(tree, 0)];
    let mut deepest = 0;
    while let Some((value, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        match value {
            Value::Object(map) => stack.extend(map.values().map(|v| (v, depth + 1))),
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    if deepest <= limit {
        return None;
    }
    let mut stack: Vec<(&Value, usize, String)> = vec![(tree, 0, String::new())];
    while let Some((value, depth, pointer)) = stack.pop() {
        let children: Box<dyn Iterator<Item = (String, &Value)>> = match value {
            Value::Object(map) => Box::new(map.iter().map(|(k, v)| (positions::escape(k).into_owned(), v))),
            Value::Array(items) => Box::new(items.iter().enumerate().map(|(i, v)| (i.to_string(), v))),
            _ => continue,
        };
        if depth == limit {
            return Some(pointer);
        }
        for (key, child) in children {
            if child.is_object() || child.is_array() {
                stack.push((child, depth + 1, format!("{pointer}/{key}")));
            }
        }
    }
    None
}

/// The diagnostic for a document that parses but exceeds one of serde_yaml's
/// limits (nesting, or aliases expanding past the document's own size).
fn limit_of(error: &str, positions: &Positions) -> Option<(String, &'static str, Option<Location>)> {
    if error.starts_with("recursion limit exceeded") || positions.depth > MAX_DEPTH {
        return Some((format!("the document nests deeper than {MAX_DEPTH} levels"), TOO_DEEP_HELP, None));
    }
    if error.starts_with("repetition limit exceeded") {
        let (message, help) = too_many_aliases(positions);
        return Some((message, help, positions.first_alias));
    }
    None
}

/// Nodes that aliases may add, whatever the document's size.
const MAX_EXPANSION: u64 = 100_000;

fn too_many_aliases(positions: &Positions) -> (String, &'static str) {
    (
        format!("the document's {} aliases expand to far more nodes than it has", positions.aliases),
        "aliases that repeat other aliases multiply; write the repeated part once under `components` and refer to it with `$ref`",
    )
}

/// YAML to JSON data. Integers past 64 bits (real specs write
/// `minimum: -9223372036854775809`) become floats rather than an error, and
/// scalar keys (`200:`) become strings.
fn json_of(yaml: serde_yaml::Value) -> Result<Value, String> {
    use serde_yaml::Value as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64().and_then(serde_json::Number::from_f64).map(Value::Number).unwrap_or(Value::Null)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(json_of).collect::<Result<_, _>>()?),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_string(),
                    other => return Err(format!("a mapping key is not a scalar: {other:?}")),
                };
                out.insert(key, json_of(v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => json_of(tagged.value)?,
    })
}

fn json_of_yaml_rust(yaml: yaml_rust2::Yaml) -> Result<Value, String> {
    use yaml_rust2::Yaml as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Boolean(b) => Value::Bool(b),
        Y::Integer(i) => Value::from(i),
        Y::Real(r) => r.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number).unwrap_or(Value::Null),
        Y::String(s) => Value::String(s),
        Y::Array(items) => Value::Array(items.into_iter().map(json_of_yaml_rust).collect::<Result<_, _>>()?),
        Y::Hash(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) | Y::Real(s) => s,
                    Y::Integer(i) => i.to_string(),
                    Y::Boolean(b) => b.to_string(),
                    Y::Null => "null".to_string(),
                    other => return Err(format!("a mapping key is not a scalar: {other:?}")),
                };
                out.insert(key, json_of_yaml_rust(v)?);
            }
            Value::Object(out)
        }
        Y::Alias(_) | Y::BadValue => return Err("an unresolved alias or a bad value".to_string()),
    })
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&positions::escape(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Spec, Diagnostics> {
        Spec::parse(Path::new("t.yaml"), text.to_string())
    }

    #[test]
    fn a_byte_order_mark_is_read_as_nothing_and_positions_stay_true() {
        let spec = parse("\u{feff}openapi: 3.0.3\ninfo:\n  title: t\n").unwrap();
        assert_eq!(spec.tree["openapi"], "3.0.3");
        assert_eq!(spec.locate("/openapi"), Location { line: 1, column: 1 });
        assert_eq!(spec.locate("/info/title"), Location { line: 3, column: 3 });
        assert!(spec.text.starts_with('\u{feff}'), "the digest stays the file's");
        let broken = parse("\u{feff}openapi: [3\n").err().expect("refused").0.remove(0);
        assert!(broken.message.starts_with("invalid YAML"), "{broken}");
        assert_eq!(broken.location.line, 2, "{broken}");
    }

    #[test]
    fn json_with_an_escaped_surrogate_pair_is_read_as_json_and_located() {
        let text = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"\\ud83d\\udc4d t\", \"version\": \"1\"},\n  \"paths\": {}\n}\n";
        let spec = Spec::parse(Path::new("t.json"), text.to_string()).unwrap();
        assert_eq!(spec.tree["info"]["title"], "\u{1f44d} t");
        assert_eq!(spec.locate("/paths"), Location { line: 4, column: 3 });
        assert_eq!(spec.locate("/info/version"), Location { line: 3, column: 39 });
        // Not JSON after all: read as YAML, which says where.
        let broken = Spec::parse(Path::new("t.json"), "{\"openapi\": [3\n".to_string()).err().expect("refused").0.remove(0);
        assert!(broken.message.starts_with("invalid YAML"), "{broken}");
    }

    #[test]
    fn a_nul_byte_anywhere_is_refused_where_it_stands() {
        for (text, line, column) in [
            ("openapi: 3.0.3\ninfo: {title: t}\n\0\0\0", 3, 1),
            ("\u{feff}openapi: 3.0.3\ninfo: {title: \"é\0\"}\n", 2, 17),
            ("\0openapi: 3.0.3\n", 1, 1),
        ] {
            let d = parse(text).err().expect("refused").0.remove(0);
            assert!(d.message.contains("NUL byte"), "{d}");
            assert_eq!((d.location.line, d.location.column), (line, column), "{text:?}: {d}");
        }
    }

    #[test]
    fn aliases_that_do_not_multiply_are_read_even_past_a_wide_integer() {
        // serde_yaml refuses the integer; the fallback must still read the
        // aliases, as real specs (OpenAI's) use them next to such bounds.
        let spec = parse("openapi: 3.0.3\na: &req [id, name]\nb: *req\nc: *req\nmin: -99999999999999999999\n").unwrap();
        assert_eq!(spec.tree["c"], serde_json::json!(["id", "name"]));
    }

    #[test]
    fn aliases_that_multiply_are_refused_at_the_first_alias() {
        let mut text = String::from("openapi: 3.0.3\nmin: -99999999999999999999\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            text.push_str(&format!("l{i}: &l{i} [{}]\n", vec![format!("*l{}", i - 1); 10].join(", ")));
        }
        let d = parse(&text).err().expect("refused").0.remove(0);
        assert!(d.message.contains("aliases expand to far more nodes"), "{d}");
        assert_eq!((d.location.line, d.location.column), (4, 10), "{d}");
    }

    #[test]
    fn nesting_past_the_limit_is_located_in_any_style() {
        let flow = format!("openapi: 3.0.3\nx: {}1{}\n", "[".repeat(MAX_DEPTH + 5), "]".repeat(MAX_DEPTH + 5));
        let block: String =
            (0..MAX_DEPTH + 5).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect::<String>() + &"  ".repeat(MAX_DEPTH + 5) + "v: 1\n";
        for text in [flow, format!("openapi: 3.0.3\n{block}")] {
            let d = parse(&text).err().expect("refused").0.remove(0);
            assert!(d.message.contains(&format!("deeper than {MAX_DEPTH} levels")), "{d}");
            assert!(d.location.line >= 2, "{d}");
        }
    }
}
