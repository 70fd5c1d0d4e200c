//! Stage 1: read a spec, keeping where every node stands in the source.

pub mod positions;

use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
pub use positions::Positions;

/// A spec as written: its text, its tree, and the position of each node.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The path as the user named it; diagnostics print it unchanged.
    pub path: PathBuf,
    pub text: String,
    pub tree: Value,
    positions: Positions,
}

impl Spec {
    /// Read and parse the file at `path`.
    pub fn load(path: &Path) -> Result<Spec, Diagnostics> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::new(
                path,
                Location::START,
                format!("cannot read the spec: {e}"),
                "check the path and that the file is UTF-8 text",
            )
        })?;
        Spec::parse(path, text)
    }

    /// Parse `text` as the spec at `path` (which is only used in messages).
    pub fn parse(path: &Path, text: String) -> Result<Spec, Diagnostics> {
        let positions = Positions::index(&text).map_err(|(location, what)| {
            Diagnostic::new(
                path,
                location,
                format!("invalid YAML: {what}"),
                "fix the syntax at this position (indentation, a missing quote or bracket)",
            )
        })?;
        let tree: Value = serde_yaml::from_str(&text).map_err(|e| {
            let location = e
                .location()
                .map(|l| Location {
                    line: l.line(),
                    column: l.column(),
                })
                .unwrap_or(Location::START);
            Diagnostic::new(
                path,
                location,
                format!("the YAML cannot be read as JSON data: {e}"),
                "use only string keys and JSON-compatible values",
            )
        })?;
        if !tree.is_object() {
            return Err(Diagnostic::new(
                path,
                Location::START,
                "the spec is not a YAML mapping",
                "start the file with `openapi: 3.0.3`, `info:` and `paths:`",
            )
            .into());
        }
        Ok(Spec {
            path: path.to_path_buf(),
            text,
            tree,
            positions,
        })
    }

    /// This spec with another tree (a derived form for the engine); positions
    /// still point into the original text.
    pub fn with_tree(&self, tree: Value) -> Spec {
        Spec {
            tree,
            ..self.clone()
        }
    }

    /// Where the node at a JSON pointer stands (or its nearest ancestor).
    pub fn locate(&self, pointer: &str) -> Location {
        self.positions.locate(pointer)
    }

    /// A diagnostic located at the node `pointer`.
    pub fn diagnostic(
        &self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(&self.path, self.locate(pointer), message, help)
    }

    /// SHA-256 of the spec's bytes, in hex: the generated header records it
    /// so a reader can tell which spec a file came from.
    pub fn sha256(&self) -> String {
        Sha256::digest(self.text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The spec as the engine's typed model. Lint runs first, so a failure here
    /// is a shape lint does not know yet; it is still reported where it is.
    pub fn openapi(&self) -> Result<openapiv3::OpenAPI, Diagnostics> {
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
