//! Where each node of a YAML document stands in its source text.
//!
//! serde gives us values without positions, so we walk the parser's marked
//! events once and index every node by its JSON pointer. Lint and the
//! deserializer's errors both speak JSON pointers; this turns them into
//! `line:column`.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostic::Location;

/// JSON pointer → location of the node. For a mapping entry that is the
/// location of its key, which is where an editor should put the cursor.
#[derive(Debug, Default, Clone)]
pub struct Positions {
    by_pointer: HashMap<String, Location>,
    /// How many alias nodes (`*name`) the document has.
    pub aliases: usize,
    /// Where the first of them stands.
    pub first_alias: Option<Location>,
    /// How many nodes the document has as written, and with every alias
    /// replaced by a copy of what it names.
    pub nodes: u64,
    pub expanded: u64,
    /// How deeply its collections nest.
    pub depth: usize,
}

impl Positions {
    /// Index `text`. A syntax error is returned with its location.
    pub fn index(text: &str) -> Result<Positions, (Location, String)> {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        // Events are pulled one by one rather than through `Parser::load`,
        // which recurses once per level of nesting: a deep document would
        // overflow the stack before any limit is checked. The first
        // document is the spec.
        loop {
            let (event, mark) = parser.next_token().map_err(|e| (location(e.marker()), e.info().to_string()))?;
            if matches!(event, Event::DocumentEnd | Event::StreamEnd) {
                break;
            }
            builder.on_event(event, mark);
        }
        Ok(Positions {
            by_pointer: builder.by_pointer,
            aliases: builder.aliases,
            first_alias: builder.first_alias,
            nodes: builder.nodes,
            expanded: builder.sizes.total,
            depth: builder.depth,
        })
    }

    /// The location of `pointer`, or of its nearest ancestor that exists (a
    /// missing key is best reported at the object that should hold it).
    pub fn locate(&self, pointer: &str) -> Location {
        let mut p = pointer;
        loop {
            if let Some(loc) = self.by_pointer.get(p) {
                return *loc;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return Location::START,
            }
        }
    }
}

/// Escape one reference token as RFC 6901 requires.
pub fn escape(token: &str) -> std::borrow::Cow<'_, str> {
    // Pointers are built for every node lint walks; most keys need nothing.
    if token.contains(['~', '/']) { token.replace('~', "~0").replace('/', "~1").into() } else { token.into() }
}

fn location(mark: &Marker) -> Location {
    // yaml-rust2 counts lines from 1 and columns from 0.
    Location { line: mark.line().max(1), column: mark.col() + 1 }
}

enum Frame {
    Map {
        pointer: String,
        key: Option<(String, Location)>,
        /// A block mapping that is a sequence item is marked by the parser
        /// after its first key; its first key's position is where it starts.
        relocate: bool,
    },
    Seq {
        pointer: String,
        next: usize,
    },
    /// A complex mapping key: not addressable by a pointer, so its inside is
    /// not indexed.
    Opaque {
        depth: usize,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    by_pointer: HashMap<String, Location>,
    aliases: usize,
    first_alias: Option<Location>,
    depth: usize,
    nodes: u64,
    sizes: Sizes,
}

/// The expanded size of every node, counted as events arrive: an anchored
/// node's size is remembered, and an alias adds the size of what it names.
#[derive(Default)]
struct Sizes {
    open: Vec<(u64, usize)>,
    anchors: HashMap<usize, u64>,
    total: u64,
}

impl Sizes {
    fn add(&mut self, size: u64) {
        match self.open.last_mut() {
            Some((count, _)) => *count = count.saturating_add(size),
            None => self.total = self.total.saturating_add(size),
        }
    }

    fn on_event(&mut self, ev: &Event) {
        match *ev {
            Event::Scalar(_, _, anchor, _) => {
                if anchor > 0 {
                    self.anchors.insert(anchor, 1);
                }
                self.add(1);
            }
            Event::Alias(anchor) => {
                let size = self.anchors.get(&anchor).copied().unwrap_or(1);
                self.add(size);
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => self.open.push((1, anchor)),
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((size, anchor)) = self.open.pop() {
                    if anchor > 0 {
                        self.anchors.insert(anchor, size);
                    }
                    self.add(size);
                }
            }
            _ => {}
        }
    }
}

impl Builder {
    /// Called for each node start; returns the node's pointer, or None for a
    /// mapping key (which names the next node rather than being one).
    fn place(&mut self, scalar_key: Option<&str>, mark: Location) -> Option<String> {
        match self.stack.last_mut() {
            None => {
                self.by_pointer.insert(String::new(), mark);
                Some(String::new())
            }
            Some(Frame::Map { pointer, key, relocate }) => match key.take() {
                None => {
                    if std::mem::take(relocate) {
                        self.by_pointer.insert(pointer.clone(), mark);
                    }
                    *key = Some((scalar_key.unwrap_or("").to_string(), mark));
                    None
                }
                Some((k, key_mark)) => {
                    let p = format!("{}/{}", pointer, escape(&k));
                    self.by_pointer.insert(p.clone(), key_mark);
                    Some(p)
                }
            },
            Some(Frame::Seq { pointer, next }) => {
                let p = format!("{pointer}/{next}");
                *next += 1;
                self.by_pointer.insert(p.clone(), mark);
                Some(p)
            }
            Some(Frame::Opaque { .. }) => None,
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let loc = location(&mark);
        self.sizes.on_event(&ev);
        if matches!(ev, Event::Scalar(..) | Event::Alias(_) | Event::MappingStart(..) | Event::SequenceStart(..)) {
            self.nodes += 1;
        }
        if let Some(Frame::Opaque { depth }) = self.stack.last_mut() {
            match ev {
                Event::MappingStart(..) | Event::SequenceStart(..) => *depth += 1,
                Event::MappingEnd | Event::SequenceEnd => {
                    *depth -= 1;
                    if *depth == 0 {
                        self.stack.pop();
                        // The complex key is done; its value comes next.
                        if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                            *key = Some(("?".to_string(), loc));
                        }
                    }
                }
                _ => {}
            }
            return;
        }
        match ev {
            Event::Scalar(ref value, ..) => {
                self.place(Some(value), loc);
            }
            Event::Alias(_) => {
                self.aliases += 1;
                self.first_alias.get_or_insert(loc);
                self.place(Some("*"), loc);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(ev, Event::MappingStart(..));
                let is_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                let in_seq = matches!(self.stack.last(), Some(Frame::Seq { .. }));
                if is_key {
                    self.stack.push(Frame::Opaque { depth: 1 });
                    return;
                }
                let Some(pointer) = self.place(None, loc) else {
                    return;
                };
                self.depth = self.depth.max(self.stack.len() + 1);
                self.stack.push(if is_map { Frame::Map { pointer, key: None, relocate: in_seq } } else { Frame::Seq { pointer, next: 0 } });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_keys_and_items() {
        let text = "a:\n  b: 1\n  c:\n    - x\n    - {d: 2}\n\"e/f\": 3\n";
        let p = Positions::index(text).unwrap();
        assert_eq!(p.locate("/a/b"), Location { line: 2, column: 3 });
        assert_eq!(p.locate("/a/c/1"), Location { line: 5, column: 8 });
        assert_eq!(p.locate("/a/c/1/d"), Location { line: 5, column: 8 });
        assert_eq!(p.locate("/e~1f"), Location { line: 6, column: 1 });
        // Missing keys fall back to their nearest existing ancestor.
        assert_eq!(p.locate("/a/b/zzz"), Location { line: 2, column: 3 });
        // A block mapping as a sequence item starts at its first key.
        let p = Positions::index("list:\n  - name: id\n    in: path\n").unwrap();
        assert_eq!(p.locate("/list/0"), Location { line: 2, column: 5 });
        assert_eq!(p.locate("/list/0/in"), Location { line: 3, column: 5 });
    }

    #[test]
    fn syntax_error_is_located() {
        let (loc, msg) = Positions::index("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(loc.line >= 2, "{loc:?} {msg}");
    }
}
