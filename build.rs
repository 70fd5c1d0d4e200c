//! Regenerates `generated/*.rs` from `specs/*.yaml` when a spec changes.
//!
//! With the `regenerate` feature off, the committed generated code is
//! compiled as it is and the generator is not even built.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    #[cfg(feature = "regenerate")]
    regenerate();
}

#[cfg(feature = "regenerate")]
fn regenerate() {
    // A directory is watched as a whole: any file added, removed or edited
    // under specs/ reruns this script; nothing else does.
    println!("cargo::rerun-if-changed=specs");
    let result = botapis_codegen::Config::new()
        .specs_dir("specs")
        .out_dir("generated")
        .generate();
    match result {
        Ok(written) => {
            for w in written.iter().filter(|w| w.changed) {
                println!(
                    "cargo::warning=regenerated {} from {}",
                    w.output.target.display(),
                    w.output.spec.display()
                );
            }
        }
        Err(e) => {
            for line in e.to_string().lines() {
                println!("cargo::error={line}");
            }
        }
    }
}
