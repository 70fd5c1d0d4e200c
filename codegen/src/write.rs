//! Stage 5: put a file in place atomically, and only when its bytes change.

use std::io::Write;
use std::path::Path;

/// Write `content` to `path` through a temporary file in the same folder and
/// an atomic rename, so a reader never sees a half-written file. Returns
/// whether the file changed; an identical file is left untouched (its mtime
/// too, so nothing downstream rebuilds).
pub fn write_if_changed(path: &Path, content: &str) -> std::io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == content.as_bytes()) {
        return Ok(false);
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(content.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(true)
}
