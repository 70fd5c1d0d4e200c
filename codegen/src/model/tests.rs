//! The model of each vendor spec: what the emitter and the runtime will
//! read, checked against the spec as written.

use std::path::Path;

use super::*;

fn api(name: &str) -> (Spec, Api) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs").join(name);
    let spec = Spec::load(&path).expect("the vendor spec loads");
    let api = read(&spec).unwrap_or_else(|problems| panic!("{name}: {problems:?}"));
    (spec, api)
}

impl Api {
    fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.id == id)
    }
}

impl Operation {
    fn successes(&self) -> impl Iterator<Item = &Response> {
        self.responses.iter().filter(|r| matches!(r.status, Status::Code(200..=299) | Status::Range(2)))
    }
}

/// An operation with nothing declared, for tests to fill in.
pub(crate) fn operation() -> Operation {
    Operation {
        id: "op".into(),
        pointer: "/paths/~1op/get".into(),
        method: Method::Get,
        template: "/op".into(),
        path: vec![Segment::Literal("op".into())],
        params: Vec::new(),
        body: None,
        responses: Vec::new(),
        summary: None,
        description: None,
        idempotent: None,
        placements: Vec::new(),
        require_one_of: Vec::new(),
        requires: Vec::new(),
        bounds: Vec::new(),
        error_in_body: true,
        unconfirmed_answer: false,
    }
}

#[test]
fn a_credential_in_the_path_is_its_own_segment() {
    let (_, api) = api("salebot.yaml");
    let op = api.operation("whatsapp_client_id").expect("whatsapp_client_id");
    assert_eq!(op.method, Method::Get);
    assert_eq!(op.template, "/{api_key}/whatsapp_client_id");
    assert_eq!(
        op.path,
        vec![Segment::Credential { parameter: "api_key".into(), slot: "api_key".into() }, Segment::Literal("whatsapp_client_id".into()),]
    );
    assert!(op.placements.contains(&Placement::Path { parameter: "api_key".into(), slot: "api_key".into() }));
    let phone = op.param("phone").expect("phone");
    assert_eq!((phone.location, phone.required), (In::Query, true));
}

#[test]
fn a_path_item_parameter_reached_by_ref_is_read_where_it_is_defined() {
    let (spec, api) = api("imbachat.yaml");
    let op = api.operation("send_msg").expect("send_msg");
    let imba_id = op.param("imba_id").expect("the path item's imba_id");
    assert_eq!(imba_id.location, In::Path);
    assert!(imba_id.pointer.starts_with("/components/parameters/"), "{}", imba_id.pointer);
    assert!(spec.tree.pointer(&imba_id.pointer).is_some());
    assert_eq!(op.idempotent, Some(false));
    let body = op.body.as_ref().expect("a body");
    assert_eq!(body.encoding, Encoding::Multipart);
    assert!(body.required);
    assert!(body.fields.iter().any(|(name, required)| name == "message" && *required), "{:?}", body.fields);
}

#[test]
fn every_answer_is_read_with_its_status_and_shape() {
    let (_, api) = api("watbot.yaml");
    let op = api.operation("get_list_items").expect("get_list_items");
    assert_eq!(op.method, Method::Post);
    assert_eq!(op.body.as_ref().map(|b| &b.encoding), Some(&Encoding::Json));
    let ok = op.successes().next().expect("a success answer");
    assert_eq!(ok.status, Status::Code(200));
    let page = api.pagination.iter().find(|p| p.operation_id == "get_list_items").expect("paged");
    assert_eq!(ok.shape, Shape::Json(Some(SchemaRef::Component(page.page_schema.clone()))));
    // An answer declared through `components/responses` is located there.
    let limited = op.responses.iter().find(|r| r.status == Status::Code(429)).expect("429");
    assert!(limited.pointer.starts_with("/components/responses/"), "{}", limited.pointer);
}

#[test]
fn every_vendor_reads_and_every_node_is_located() {
    for name in ["imbachat.yaml", "okeybot.yaml", "salebot.yaml", "smsgold.yaml", "watbot.yaml"] {
        let (spec, api) = api(name);
        assert!(!api.operations.is_empty(), "{name}");
        for op in &api.operations {
            assert!(spec.tree.pointer(&op.pointer).is_some(), "{name} {}", op.id);
            assert!(!op.responses.is_empty(), "{name} {} has answers", op.id);
            for p in &op.params {
                assert!(spec.tree.pointer(&p.pointer).is_some(), "{name} {} {}", op.id, p.name);
            }
            for r in &op.responses {
                assert!(spec.tree.pointer(&r.pointer).is_some(), "{name} {} {:?}", op.id, r.status);
            }
            if let Some(body) = &op.body {
                assert!(spec.tree.pointer(&body.pointer).is_some(), "{name} {}", op.id);
            }
            // Every path parameter is a segment, and every segment one.
            let in_path = op.params.iter().filter(|p| p.location == In::Path).count();
            let segments = op.path.iter().filter(|s| !matches!(s, Segment::Literal(_))).count();
            assert_eq!(in_path, segments, "{name} {}", op.id);
        }
    }
}

#[test]
fn an_operation_parameter_replaces_the_path_items_of_its_name() {
    let text = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - {name: q, in: query, schema: {type: string}}
    get:
      operationId: get_thing
      parameters:
        - {name: q, in: query, required: true, schema: {type: integer, minimum: 1}}
      responses:
        "200": {description: ok}
        "2XX": {description: ok}
        default: {description: error, content: {text/plain: {schema: {type: string}}}}
"#;
    let spec = Spec::parse(Path::new("t.yaml"), text.to_string()).unwrap();
    let api = read(&spec).unwrap();
    let op = &api.operations[0];
    assert_eq!(op.params.len(), 2);
    let q = op.param("q").unwrap();
    assert!(q.required);
    assert_eq!(op.bounds, vec![Bound { parameter: "q".into(), minimum: Some(1.0), maximum: None, required: true }]);
    assert_eq!(op.path, vec![Segment::Literal("things".into()), Segment::Param("id".into())]);
    let statuses: Vec<Status> = op.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![Status::Code(200), Status::Range(2), Status::Default]);
    assert_eq!(op.responses[0].shape, Shape::Empty);
    assert_eq!(op.responses[2].shape, Shape::Text);
}

#[test]
fn inline_schemas_that_define_a_type_are_named_once_each() {
    let text = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things:
    get:
      operationId: list
      parameters:
        - $ref: "#/components/parameters/Delimiter"
        - {name: sort, in: query, schema: {type: string, enum: [asc, desc]}}
        - {name: tags, in: query, schema: {type: array, items: {type: string, maxLength: 8}}}
        - {name: plain, in: query, schema: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {items: {type: array, items: {type: string}}}}}}}
        "400": {description: bad, content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}}
  /other:
    post:
      operationId: other
      parameters:
        - $ref: "#/components/parameters/Delimiter"
        - $ref: "#/components/parameters/package-visibility"
      requestBody:
        content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}
      responses:
        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/ListResponse"}}}}
components:
  parameters:
    Delimiter: {name: delimiter, in: query, schema: {type: string, maxLength: 1}}
    package-visibility: {name: visibility, in: query, schema: {type: string, enum: [public, private]}}
  schemas:
    ListResponse: {type: object}
    Package: {type: object, properties: {visibility: {type: string, enum: [public, private]}}}
"##;
    let spec = Spec::parse(Path::new("t.yaml"), text.to_string()).unwrap();
    let api = read(&spec).unwrap();
    let names: Vec<(&str, &str)> = api.lifted.iter().map(|l| (l.pointer.as_str(), l.name.as_str())).collect();
    assert_eq!(
        names,
        vec![
            // One type for the parameter both operations share.
            ("/components/parameters/Delimiter/schema", "Delimiter"),
            ("/paths/~1things/get/parameters/1/schema", "ListSort"),
            ("/paths/~1things/get/parameters/2/schema/items", "ListTagsItem"),
            // A component has the name already: the kind is added.
            ("/paths/~1things/get/responses/200/content/application~1json/schema", "ListResponseResponse"),
            ("/paths/~1things/get/responses/400/content/application~1json/schema", "ListResponse400"),
            // `Package`'s inline `visibility` is the engine's `PackageVisibility`.
            ("/components/parameters/package-visibility/schema", "PackageVisibilityParameter"),
            ("/paths/~1other/post/requestBody/content/application~1json/schema", "OtherBody"),
        ]
    );
    assert_eq!(api.lifted_name("/paths/~1things/get/parameters/3/schema"), None, "a plain string stays a String");
}

#[test]
fn success_statuses_answering_different_schemas_are_one_choice() {
    let text = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things:
    post:
      operationId: create
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        "201": {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: integer}}}}}}
        "202": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        "400": {description: bad, content: {application/json: {schema: {type: object}}}}
    get:
      operationId: one
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
components:
  schemas:
    Thing: {type: object}
"##;
    let spec = Spec::parse(Path::new("t.yaml"), text.to_string()).unwrap();
    let api = read(&spec).unwrap();
    assert_eq!(api.choices.len(), 1, "the same schema twice is no choice: {:?}", api.choices);
    let choice = &api.choices[0];
    assert_eq!((choice.id.as_str(), choice.name.as_str()), ("create", "CreateResponse"));
    assert_eq!(choice.statuses, vec!["200", "201", "202"]);
    let inline = "/paths/~1things/post/responses/201/content/application~1json/schema";
    assert_eq!(choice.members, vec![SchemaRef::Component("Thing".into()), SchemaRef::Inline(inline.into())]);
    // Each inline member is named with its status, clear of the choice.
    assert_eq!(api.lifted_name(inline), Some("CreateResponse201"));
    assert_eq!(api.lifted_name("/paths/~1things/post/responses/400/content/application~1json/schema"), Some("CreateResponse400"));
}
