//! The one atomic folder swap: a folder is written whole under a temporary sibling name, then
//! renamed into place. An earlier folder there is moved aside first and removed only after the
//! rename, so a failure at any point leaves the old folder or the new one, never half of one
//! and never neither.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Writes a new folder at `out` through `fill` (given the temporary folder to fill), then swaps
/// it in. On failure the temporary folder is removed and `out` is as it was.
pub fn replace_dir<T>(out: &Path, fill: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    let parent = parent_of(out);
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let tmp = sibling(out, "tmp");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    }
    let result = fill(&tmp).and_then(|value| swap_in(&tmp, out).map(|()| value));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// Renames the finished folder `tmp` to `dir`, moving an earlier `dir` aside first (put back
/// if the rename fails) and removing it after.
pub fn swap_in(tmp: &Path, dir: &Path) -> Result<()> {
    if !dir.exists() {
        return std::fs::rename(tmp, dir).map_err(|e| Error::io(dir, e));
    }
    let old = sibling(dir, "old");
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    }
    std::fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
    if let Err(e) = std::fs::rename(tmp, dir) {
        let _ = std::fs::rename(&old, dir);
        return Err(Error::io(dir, e));
    }
    std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))
}

/// `.<name>.<what>-<pid>` beside `path`: hidden, and one per process.
pub fn sibling(path: &Path, what: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "folder".into());
    parent_of(path).join(format!(".{name}.{what}-{}", std::process::id()))
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_fill_leaves_the_old_folder_and_no_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        replace_dir(&out, |tmp| {
            std::fs::create_dir_all(tmp).unwrap();
            std::fs::write(tmp.join("a"), "1").map_err(|e| Error::io(tmp, e))
        })
        .unwrap();
        let err = replace_dir(&out, |tmp| -> Result<()> {
            std::fs::create_dir_all(tmp).unwrap();
            std::fs::write(tmp.join("b"), "2").unwrap();
            Err(Error::io(tmp, "disk full"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(out.join("a")).unwrap(), "1");
        assert!(!out.join("b").exists());
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["out"], "no temporary or old folder is left");
        replace_dir(&out, |tmp| {
            std::fs::create_dir_all(tmp).unwrap();
            std::fs::write(tmp.join("c"), "3").map_err(|e| Error::io(tmp, e))
        })
        .unwrap();
        assert!(out.join("c").is_file() && !out.join("a").exists());
    }
}
