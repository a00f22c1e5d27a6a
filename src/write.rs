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
use std::sync::Mutex;

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
    let writer = BuildWriter::new(out);
    for (rel, bytes) in files {
        writer.write(rel, bytes);
    }
    writer.finish(formats)
}

/// A build's files written as they are made (from any thread), so a build
/// never holds more than the outputs in flight; [`BuildWriter::finish`]
/// then removes what this build did not write.
pub struct BuildWriter {
    out: PathBuf,
    state: Mutex<Written>,
}

#[derive(Default)]
struct Written {
    report: WriteReport,
    errors: Vec<WriteError>,
    keep: BTreeSet<PathBuf>,
}

impl BuildWriter {
    pub fn new(out: &Path) -> Self {
        BuildWriter {
            out: out.to_path_buf(),
            state: Mutex::default(),
        }
    }

    /// Writes `out/<rel>` unless it already holds `bytes`.
    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.out.join(rel);
        let result = write_if_changed(&path, bytes);
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match result {
            Ok(true) => state.report.written += 1,
            Ok(false) => state.report.unchanged += 1,
            Err(source) => state.errors.push(WriteError {
                path: path.clone(),
                source,
            }),
        }
        state.keep.insert(path);
    }

    /// Removes every file under `out/<format>/` this build did not write.
    pub fn finish(self, formats: &[&str]) -> Result<WriteReport, Vec<WriteError>> {
        let mut state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        for format in formats {
            let dir = self.out.join(format);
            if dir.is_dir() {
                remove_stale(&dir, &state.keep, &mut state.report.removed);
            }
        }
        if state.errors.is_empty() {
            Ok(state.report)
        } else {
            state.errors.sort_by(|a, b| a.path.cmp(&b.path));
            Err(state.errors)
        }
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
