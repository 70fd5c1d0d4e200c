//! The third-party corpus (`../shared/corpus`), beside the repository as CI
//! has it.

use std::path::{Path, PathBuf};

/// The corpus folder. Without it a test fails under `CI=true` and says
/// loudly that it skipped otherwise.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var("CI").is_err(), "the corpus is missing at {}", dir.display());
    eprintln!("SKIPPED: no corpus at {}", dir.display());
    None
}
