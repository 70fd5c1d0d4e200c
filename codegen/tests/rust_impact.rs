//! Is `diff`'s semver verdict true to what users compile?
//!
//! A consumer that uses every public item of the Okeybot client (see
//! `support/consumer.rs`) is compiled against the client generated from
//! each of a set of realistic edits of its spec, all in one scratch crate.
//! Every edit that breaks the consumer must be `semver: major`, and every
//! `major` must break it, or be a documented behaviour break (a botapis
//! extension that changes what the client does, which no compiler sees).
//!
//! Slow (one `cargo check` of 20 clients): run by CI, or
//! `cargo test -p botapis-codegen --test rust_impact`.

use botapis_codegen::Spec;
use botapis_codegen::diff::{self, Options, Semver};
use serde_json::{Value, json};

#[path = "support/edit.rs"]
mod edit;
use edit::{remove, set};

#[path = "support/compile.rs"]
mod compile;
#[path = "support/consumer.rs"]
mod consumer;

const GET_CONTACT: &str = "/paths/~1contact~1{contact_id}/get";
const BY_FIELD: &str = "/paths/~1contact~1by_custom_field/get";
const SCHEMAS: &str = "/components/schemas";

/// An edit of (the old spec, the new spec).
type Edit = fn(&mut Value, &mut Value);

/// Edits a vendor's documentation change makes to a spec.
fn edits() -> Vec<(&'static str, Edit)> {
    vec![
        ("nothing", |_, _| {}),
        ("a description reworded", |_, s| set(s, &format!("{GET_CONTACT}/summary"), json!("Fetch one contact."))),
        ("an optional query parameter added", |_, s| {
            set(s, &format!("{GET_CONTACT}/parameters"), json!([{"name": "fields", "in": "query", "schema": {"type": "string"}}]))
        }),
        ("a required query parameter added", |_, s| {
            set(
                s,
                &format!("{GET_CONTACT}/parameters"),
                json!([{"name": "fields", "in": "query", "required": true, "schema": {"type": "string"}}]),
            )
        }),
        ("an optional query parameter removed", |o, _| {
            set(o, &format!("{GET_CONTACT}/parameters"), json!([{"name": "fields", "in": "query", "schema": {"type": "string"}}]));
        }),
        ("an optional query parameter made required", |_, s| {
            let params = s.pointer_mut(&format!("{BY_FIELD}/parameters")).unwrap().as_array_mut().unwrap();
            let page = params.iter_mut().find(|p| p["name"] == "page").unwrap();
            page["required"] = json!(true);
        }),
        ("an operation added", |_, s| {
            set(
                s,
                "/paths/~1contact~1{contact_id}~1notes",
                json!({"get": {
                    "operationId": "get_notes",
                    "parameters": [{"name": "contact_id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}}
                }}),
            )
        }),
        ("an operation removed", |_, s| remove(s, "/paths/~1contact~1{contact_id}~1tags/delete")),
        ("an operation renamed", |_, s| set(s, &format!("{GET_CONTACT}/operationId"), json!("fetch_contact"))),
        ("an optional response property added", |_, s| set(s, &format!("{SCHEMAS}/Contact/properties/email"), json!({"type": "string"}))),
        ("a response property renamed", |_, s| {
            let tags = s.pointer(&format!("{SCHEMAS}/Contact/properties/tags")).unwrap().clone();
            remove(s, &format!("{SCHEMAS}/Contact/properties/tags"));
            set(s, &format!("{SCHEMAS}/Contact/properties/labels"), tags);
        }),
        ("a response property's type changed", |_, s| {
            set(s, &format!("{SCHEMAS}/Contact/properties/created_at"), json!({"type": "string", "format": "date-time"}))
        }),
        ("an optional response property made required", |_, s| set(s, &format!("{SCHEMAS}/Contact/required"), json!(["id", "tags"]))),
        ("an enum value added to a response", |_, s| {
            set(s, &format!("{SCHEMAS}/StatusMessage/properties/status"), json!({"type": "string", "enum": ["success", "error"]}));
        }),
        ("a request body property added, optional", |_, s| {
            set(s, &format!("{SCHEMAS}/TagList/properties/replace"), json!({"type": "boolean"}))
        }),
        ("a request body property added, required", |_, s| {
            set(s, &format!("{SCHEMAS}/TagList/properties/source"), json!({"type": "string"}));
            set(s, &format!("{SCHEMAS}/TagList/required"), json!(["tags", "source"]));
        }),
        ("a response schema replaced by another", |_, s| {
            set(s, &format!("{SCHEMAS}/ContactRecord"), s.pointer(&format!("{SCHEMAS}/Contact")).unwrap().clone());
            set(s, &format!("{SCHEMAS}/ContactEnvelope/properties/data"), json!({"$ref": "#/components/schemas/ContactRecord"}));
        }),
        ("an error status added", |_, s| set(s, &format!("{GET_CONTACT}/responses/404"), json!({"description": "no such contact"}))),
        ("a bound tightened", |_, s| set(s, &format!("{SCHEMAS}/TagList/properties/tags/maxItems"), json!(5))),
        ("the rate limit removed", |_, s| remove(s, "/x-botapis-rate-limit")),
    ]
}

#[test]
fn a_major_verdict_is_a_break_and_a_break_is_major() {
    let path = compile::root().join("specs/okeybot.yaml");
    let base: Value = serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let spec = |tree: &Value| Spec::parse(&path, serde_yaml::to_string(tree).unwrap()).unwrap();

    let mut modules = Vec::new();
    let mut verdicts = Vec::new();
    for (i, (edit, apply)) in edits().into_iter().enumerate() {
        let (mut old, mut new) = (base.clone(), base.clone());
        apply(&mut old, &mut new);
        let (old, new) = (spec(&old), spec(&new));
        let uses = consumer::uses(&syn::parse_file(&botapis_codegen::generate_spec(&old).unwrap()).unwrap());
        assert!(uses.skipped.is_empty(), "{edit}: the consumer could not use {:?}", uses.skipped);
        assert!(uses.used > 100, "{edit}: the consumer uses only {} items", uses.used);
        let report = diff::diff(&old, &new, Options::default()).unwrap_or_else(|d| panic!("{edit}: {d}"));
        let behaviour = report.changes.iter().any(|c| c.id == "botapis-behaviour-changed");
        let mut file = syn::parse_file(&botapis_codegen::generate_spec(&new).unwrap_or_else(|d| panic!("{edit}: {d}"))).unwrap();
        let missing = consumer::inject(&mut file, &uses);
        assert!(missing.is_empty(), "{edit}: the new client lacks the modules {missing:?}");
        modules.push((format!("edit_{i}"), prettyplease::unparse(&file)));
        verdicts.push((edit, report.semver, behaviour));
    }
    let (broken, messages) = compile::check("rust-impact", &modules);
    assert!(!broken.contains(&"(the scratch crate)".to_string()), "{messages}");

    let mut wrong = Vec::new();
    let (mut true_major, mut majors, mut breaks) = (0, 0, 0);
    for (i, (edit, semver, behaviour)) in verdicts.iter().enumerate() {
        let breaks_it = broken.contains(&format!("edit_{i}"));
        let major = *semver == Some(Semver::Major);
        breaks += breaks_it as usize;
        majors += major as usize;
        true_major += (major && breaks_it) as usize;
        eprintln!("{edit}: semver {semver:?}, consumer {}", if breaks_it { "breaks" } else { "compiles" });
        if breaks_it && !major {
            wrong.push(format!("{edit}: breaks the consumer, but diff says {semver:?}"));
        }
        if major && !breaks_it && !behaviour {
            wrong.push(format!("{edit}: diff says major, but the consumer compiles and no behaviour changed"));
        }
    }
    eprintln!("{true_major} of {majors} major verdicts break the consumer; {true_major} of {breaks} breaks are major");
    assert!(wrong.is_empty(), "{}\n\n{messages}", wrong.join("\n"));
    // The consumer is not vacuous: the unchanged spec compiles, and most
    // of the edits break it.
    assert!(!broken.contains(&"edit_0".to_string()), "the consumer does not compile against its own client:\n{messages}");
    assert!(breaks >= 10, "only {breaks} edits break the consumer");
}

#[test]
fn the_consumer_uses_every_client_and_compiles_against_it() {
    let mut modules = Vec::new();
    for entry in std::fs::read_dir(compile::root().join("specs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let spec = Spec::load(&path).unwrap();
        let mut file = syn::parse_file(&botapis_codegen::generate_spec(&spec).unwrap()).unwrap();
        let uses = consumer::uses(&file);
        // Only what a Cargo feature the scratch crate leaves off gates (the
        // axum routers) is left out.
        let unused: Vec<&String> = uses.skipped.iter().filter(|s| !s.ends_with("behind a cfg")).collect();
        assert!(unused.is_empty(), "{}: the consumer could not use {unused:?}", path.display());
        // What every client shares (`runtime::generated_client!`: `with_timeout`
        // and the like) is not the spec's, and not counted.
        assert!(uses.used > 35, "{}: the consumer uses only {} items", path.display(), uses.used);
        assert!(consumer::inject(&mut file, &uses).is_empty());
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        // The integer enums are named as the botapis crate has them; here
        // the module is the scratch crate's.
        let source = prettyplease::unparse(&file).replace(&format!("::botapis::{name}::"), &format!("crate::{name}::"));
        modules.push((name, source));
    }
    assert_eq!(modules.len(), 5, "a consumer for each vendor spec");
    let (broken, messages) = compile::check("consumer-every-client", &modules);
    assert!(broken.is_empty(), "{broken:?}\n{messages}");
}

#[test]
fn the_consumer_breaks_where_a_user_would() {
    // One field's type changed, one variant added, one method's argument
    // retyped to what the old one does not convert to: each is a compile
    // error in the consumer, all reported in one build.
    let old: syn::File = syn::parse_quote! {
        pub mod types {
            pub struct A { pub x: i64 }
            pub enum E { One, Two(String) }
        }
        pub struct Client;
        impl Client {
            pub fn go(&self, n: impl std::convert::TryInto<u8, Error: std::fmt::Display>) -> types::A { todo!() }
        }
    };
    let uses = consumer::uses(&old);
    assert!(uses.skipped.is_empty(), "{:?}", uses.skipped);
    let mut same = old.clone();
    assert!(consumer::inject(&mut same, &uses).is_empty());
    let mut changed: syn::File = syn::parse_quote! {
        pub mod types {
            pub struct A { pub x: String }
            pub enum E { One, Two(String), Three }
        }
        pub struct Client;
        impl Client {
            pub fn go(&self, n: impl std::convert::TryInto<std::time::Duration, Error: std::fmt::Display>) -> types::A { todo!() }
        }
    };
    assert!(consumer::inject(&mut changed, &uses).is_empty());
    let modules = [("same".to_string(), prettyplease::unparse(&same)), ("changed".to_string(), prettyplease::unparse(&changed))];
    let (broken, messages) = compile::check("consumer-check", &modules);
    assert_eq!(broken, ["changed"], "{messages}");
    for what in ["expected `i64`, found `String`", "E::Three` not covered", "`Duration: From<u8>` is not satisfied"] {
        assert!(messages.contains(what), "no `{what}` in:\n{messages}");
    }
}
