//! `cargo check` of generated modules, in one scratch crate that depends on
//! the runtime, as a user's crate would, their mocks included.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Check `modules` (name, source) together in the scratch crate
/// `target/<scratch>`. Returns the names of the modules that do not compile,
/// and cargo's messages.
pub fn check(scratch: &str, modules: &[(String, String)]) -> (Vec<String>, String) {
    check_with(scratch, modules, &[])
}

/// [`check`], with these features of the runtime crate on.
pub fn check_with(scratch: &str, modules: &[(String, String)], features: &[&str]) -> (Vec<String>, String) {
    let root = root();
    let dir = root.join("target").join(scratch);
    let src = dir.join("src");
    let _ = std::fs::remove_dir_all(&src);
    std::fs::create_dir_all(&src).unwrap();
    let mut lib = String::from("#![allow(warnings)]\nmod runtime { pub use botapis::runtime::*; }\n");
    for (name, source) in modules {
        std::fs::write(src.join(format!("{name}.rs")), source).unwrap();
        lib.push_str(&format!("pub mod {name};\n"));
    }
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{scratch}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
             [dependencies]\nbotapis = {{ path = {:?}, default-features = false, features = {:?} }}\nprogenitor-client = \"=0.15.1\"\n\
             reqwest = {{ version = \"0.13\", default-features = false, features = [\"json\", \"query\"] }}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\nfutures = \"0.3\"\nregress = \"0.10\"\n\
             chrono = {{ version = \"0.4\", features = [\"serde\"] }}\nuuid = {{ version = \"1\", features = [\"serde\"] }}\n\
             base64 = \"0.22\"\nrand = \"0.9\"\nhttpmock = \"0.8\"\nregex = \"1\"\n\n\
             [features]\ndefault = [\"mock\"]\nmock = []\n",
            root.display().to_string(),
            features
        ),
    )
    .unwrap();
    // The workspace's lock file pins what the scratch crate resolves to, so
    // it builds offline and with the versions the runtime is tested with.
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    let output = std::process::Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--message-format=short"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .unwrap();
    let errors = String::from_utf8_lossy(&output.stderr).to_string();
    let mut failed: Vec<String> =
        modules.iter().filter(|(name, _)| errors.contains(&format!("src/{name}.rs"))).map(|(name, _)| name.clone()).collect();
    if !output.status.success() && failed.is_empty() {
        failed.push("(the scratch crate)".to_string());
    }
    (failed, errors)
}
