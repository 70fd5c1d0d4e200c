//! The synthetic specs the scaling and memory benches generate.

/// A spec with `n` operations, each with a path parameter, a bounded
/// query parameter and its own response schema.
pub fn spec_with(n: usize) -> String {
    let mut out = String::from("openapi: 3.0.3\ninfo: {title: many, version: '1'}\npaths:\n");
    for i in 0..n {
        out.push_str(&format!(
            "  /items/{i}/{{id}}:\n    get:\n      operationId: get_item_{i}\n      parameters:\n\
             \x20       - {{name: id, in: path, required: true, schema: {{type: integer}}}}\n\
             \x20       - {{name: limit, in: query, schema: {{type: integer, minimum: 1, maximum: 100}}}}\n\
             \x20     responses:\n\
             \x20       '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Item{i}'}}}}}}}}\n"
        ));
    }
    out.push_str("components:\n  schemas:\n");
    for i in 0..n {
        out.push_str(&format!("    Item{i}: {{type: object, properties: {{id: {{type: integer}}, name: {{type: string}}}}}}\n"));
    }
    out
}
