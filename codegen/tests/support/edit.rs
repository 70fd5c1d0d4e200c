//! Edits of a spec's tree by JSON pointer, for tests that change one thing.

use serde_json::Value;

pub fn at<'a>(v: &'a mut Value, pointer: &str) -> &'a mut Value {
    v.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer}"))
}

/// Remove the node at `pointer` (an object's key or an array's index).
pub fn remove(v: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match at(v, parent) {
        Value::Object(m) => {
            m.remove(&key.replace("~1", "/")).unwrap_or_else(|| panic!("no {pointer}"));
        }
        Value::Array(a) => {
            a.remove(key.parse().unwrap());
        }
        _ => panic!("{parent} is not a container"),
    }
}

/// Set the node at `pointer`; `/-` appends to an array.
pub fn set(v: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match at(v, parent) {
        Value::Object(m) => {
            m.insert(key.replace("~1", "/"), value);
        }
        Value::Array(a) => a.push(value),
        _ => panic!("{parent} is not a container"),
    }
}
