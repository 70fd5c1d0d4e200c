//! Every operation of every spec is exercised on the wire: each vendor's
//! wire test calls each of its client's methods.

mod support;

#[test]
fn every_operation_is_called_in_its_vendors_wire_test() {
    let mut missing = Vec::new();
    for vendor in ["imbachat", "okeybot", "salebot", "smsgold", "watbot"] {
        let spec = support::load(&format!("specs/{vendor}.yaml"));
        let test = std::fs::read_to_string(format!("tests/{vendor}_wire.rs")).unwrap();
        let mut count = 0;
        for item in spec["paths"].as_object().unwrap().values() {
            for op in item.as_object().unwrap().values() {
                let Some(id) = op.get("operationId").and_then(|v| v.as_str()) else { continue };
                count += 1;
                if !test.contains(&format!(".{id}()")) {
                    missing.push(format!("{vendor}::{id}"));
                }
            }
        }
        assert!(count > 0, "{vendor} has no operations");
    }
    assert!(missing.is_empty(), "never called on the wire: {missing:?}");
}
