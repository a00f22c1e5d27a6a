//! Writing a build to disk: atomic files, and `dist/<format>/` owned by the build.
//!
//! Every file is written to a temporary name in its folder and renamed into
//! place, so a reader (or a build killed half-way) never sees a half-written
//! file. Files whose bytes did not change are left alone (their mtime too).
//! Afterwards each format folder holds exactly the files of this run: outputs
//! of quizzes that now have errors, and of removed quizzes, are deleted.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: Vec<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct WriteError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// Writes `files` (paths relative to `out`, `/` separated) and removes every
/// other file under `out/<format>/` for each of `formats`.
pub fn write_build(
    out: &Path,
    formats: &[&str],
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<WriteReport, Vec<WriteError>> {
    let mut report = WriteReport::default();
    let mut errors = Vec::new();
    for (rel, bytes) in files {
        let path = out.join(rel);
        match write_if_changed(&path, bytes) {
            Ok(true) => report.written += 1,
            Ok(false) => report.unchanged += 1,
            Err(source) => errors.push(WriteError { path, source }),
        }
    }
    let keep: BTreeSet<PathBuf> = files.keys().map(|rel| out.join(rel)).collect();
    for format in formats {
        let dir = out.join(format);
        if dir.is_dir() {
            remove_stale(&dir, &keep, &mut report.removed);
        }
    }
    if errors.is_empty() {
        Ok(report)
    } else {
        Err(errors)
    }
}

/// Atomically replaces `path` with `bytes` unless it already holds them.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() == bytes.len() as u64
        && std::fs::read(path).is_ok_and(|old| old == bytes)
    {
        return Ok(false);
    }
    write_atomic(path, bytes)?;
    Ok(true)
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.quizc-tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn remove_stale(dir: &Path, keep: &BTreeSet<PathBuf>, removed: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if is_dir {
            remove_stale(&path, keep, removed);
            if std::fs::read_dir(&path).is_ok_and(|mut e| e.next().is_none()) {
                let _ = std::fs::remove_dir(&path);
            }
        } else if !keep.contains(&path) && std::fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
}
