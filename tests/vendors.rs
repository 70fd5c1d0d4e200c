//! A vendor is its spec: every file of `specs/` must be wired into each
//! place that cannot be derived from it (a Cargo feature, a module, and the
//! tests written per vendor). Each missing step fails here, naming the file
//! and the line to add; the README's "Add or edit a spec" lists the same.

mod support;

fn vendors() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir("specs")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    out.sort();
    assert!(!out.is_empty(), "specs/ has no spec");
    out
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_spec_is_wired_in() {
    let manifest = read("Cargo.toml");
    let default = manifest.lines().find(|l| l.starts_with("default = [")).expect("Cargo.toml has default features");
    let wire_features = manifest
        .lines()
        .skip_while(|l| *l != "name = \"wire\"")
        .find(|l| l.starts_with("required-features"))
        .expect("the wire test's features");
    let places = [
        ("Cargo.toml", "\n{v} = []\n".to_string(), manifest.clone()),
        ("src/lib.rs", "pub mod {v};".to_string(), read("src/lib.rs")),
        ("tests/wire/main.rs", "\nmod {v};".to_string(), read("tests/wire/main.rs")),
        ("tests/prism.rs", "async fn {v}_conforms()".to_string(), read("tests/prism.rs")),
        ("tests/prism.rs (the list in `main`)", "(\"{v}_conforms\", ".to_string(), read("tests/prism.rs")),
        ("tests/secrets.rs", ", {v}, [".to_string(), read("tests/secrets.rs")),
        ("tests/hostile.rs (VENDORS)", "name: \"{v}\",".to_string(), read("tests/hostile.rs")),
    ];
    let mut missing = Vec::new();
    for v in vendors() {
        for (file, pattern, text) in &places {
            let needle = pattern.replace("{v}", &v);
            if !text.contains(&needle) {
                missing.push(format!("{file}: `{}`", needle.trim()));
            }
        }
        let quoted = format!("\"{v}\"");
        if !default.contains(&quoted) {
            missing.push(format!("Cargo.toml: {quoted} in the default features"));
        }
        if !wire_features.contains(&quoted) {
            missing.push(format!("Cargo.toml: {quoted} in the wire test's required-features"));
        }
        // Its response examples are decoded by tests/examples.rs, when it has any.
        let has_response_examples = !support::response_examples(&format!("specs/{v}.yaml")).is_empty();
        // Compared without whitespace: rustfmt splits a long invocation over lines.
        let squeezed = |text: &str| text.split_whitespace().collect::<String>();
        if has_response_examples && !squeezed(&read("tests/examples.rs")).contains(&format!("decoder!({v},{v},")) {
            missing.push(format!("tests/examples.rs: `decoder!({v}, {v}, [...])` and its entry in `vendors`"));
        }
        if !std::path::Path::new(&format!("tests/wire/{v}.rs")).exists() {
            missing.push(format!("tests/wire/{v}.rs"));
        }
    }
    assert!(missing.is_empty(), "a vendor is not wired in everywhere:\n{}", missing.join("\n"));
}
