//! The operation layer our emitter writes from the model, with the engine
//! making the types alone, for every vendor's spec: it compiles, beside the
//! runtime, as a user's crate would build it.

#[path = "support/compile.rs"]
mod compile;

#[test]
fn the_emitted_operation_layer_of_every_vendor_compiles() {
    let specs = compile::root().join("specs");
    let mut modules: Vec<(String, String)> = std::fs::read_dir(&specs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            let source = botapis_codegen::internals::generate_emitted_source(&path).unwrap_or_else(|d| panic!("{d}"));
            (name, source)
        })
        .collect();
    modules.sort();
    assert_eq!(modules.len(), 5, "{modules:?}");
    // The specs point some schemas at types of the committed modules
    // (`x-rust-type`): their features are on.
    let (broken, errors) = compile::check_with("emitted-check", &modules, &["imbachat", "okeybot", "salebot", "smsgold", "watbot"]);
    assert!(broken.is_empty(), "the emitted modules that do not compile: {broken:?}\n{errors}");
}
