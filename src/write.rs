//! Writing a build to disk: atomic files, and `dist/<format>/` owned by the build.
//!
//! Every file is written to a temporary name in its folder ([`TempFile`])
//! and renamed into place, so a reader (or a build that fails or is killed
//! half-way) never sees a half-written file. Files whose bytes did not change
//! are left alone (their mtime too). Afterwards each format folder holds
//! exactly the files of this run: outputs of quizzes that now have errors,
//! and of removed quizzes, are deleted (and with them any temporary file a
//! killed build left behind).
//!
//! Ctrl-C: every temporary file is registered while it exists. On an
//! interrupt, [`abandon_and_exit`] removes them all and exits while holding
//! the registry, and a rename happens only under the registry's lock after
//! checking for an interrupt. So each output is either its complete new
//! bytes (renamed before the interrupt) or its previous file, untouched.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Temporary files that exist right now, and whether the run was interrupted.
struct InFlight {
    interrupted: bool,
    temps: BTreeSet<PathBuf>,
}

static IN_FLIGHT: Mutex<InFlight> = Mutex::new(InFlight {
    interrupted: false,
    temps: BTreeSet::new(),
});

fn in_flight() -> MutexGuard<'static, InFlight> {
    IN_FLIGHT.lock().unwrap_or_else(PoisonError::into_inner)
}

fn interrupted() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::Interrupted, "the build was interrupted")
}

/// Makes Ctrl-C end the process with exit code 130 through
/// [`abandon_and_exit`], leaving no temporary file and no half-written output.
pub fn exit_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        eprintln!(
            "\ninterrupted: outputs are complete or as they were; no temporary files are left"
        );
        abandon_and_exit(130)
    });
}

/// Removes every temporary file in flight and exits with `code`. The
/// registry stays locked until the process is gone, so no rename can follow.
pub fn abandon_and_exit(code: i32) -> ! {
    let mut state = in_flight();
    state.interrupted = true;
    for tmp in &state.temps {
        let _ = std::fs::remove_file(tmp);
    }
    std::process::exit(code)
}

/// A file being written under a temporary name beside its final path.
/// [`TempFile::commit`] renames it into place; dropping it uncommitted (an
/// error, a panic) removes it.
#[derive(Debug)]
pub struct TempFile {
    file: File,
    tmp: PathBuf,
    path: PathBuf,
    committed: bool,
}

impl TempFile {
    /// Creates `.<name>.quizc-tmp-<pid>` beside `path` (and `path`'s folder).
    pub fn create(path: &Path) -> std::io::Result<TempFile> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("cannot create the folder {}: {e}", dir.display()),
            )
        })?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        let tmp = dir.join(format!(".{name}.quizc-tmp-{}", std::process::id()));
        let mut state = in_flight();
        if state.interrupted {
            return Err(interrupted());
        }
        // Left by an earlier process with this pid; never followed if a link.
        let _ = std::fs::remove_file(&tmp);
        let file = File::create_new(&tmp)?;
        state.temps.insert(tmp.clone());
        Ok(TempFile {
            file,
            tmp,
            path: path.to_path_buf(),
            committed: false,
        })
    }

    /// Flushes to disk and renames the file into place, unless the run was
    /// interrupted meanwhile (then the interrupt handler has removed it).
    pub fn commit(mut self) -> std::io::Result<()> {
        self.file.sync_all()?;
        let mut state = in_flight();
        if state.interrupted {
            return Err(interrupted());
        }
        std::fs::rename(&self.tmp, &self.path)?;
        state.temps.remove(&self.tmp);
        self.committed = true;
        Ok(())
    }
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Zip writers need to seek back to patch local headers.
impl Seek for TempFile {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.file.seek(pos)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let mut state = in_flight();
        if state.temps.remove(&self.tmp) {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

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

/// Replaces `path` with `bytes` through a [`TempFile`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = TempFile::create(path)?;
    tmp.write_all(bytes)?;
    tmp.commit()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("quizc-write-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_temp_file_is_invisible_until_committed() {
        let dir = scratch("commit");
        let path = dir.join("quiz.xml");
        let mut tmp = TempFile::create(&path).unwrap();
        tmp.write_all(b"<quiz/>").unwrap();
        assert!(!path.exists());
        assert_eq!(names(&dir).len(), 1, "only the temporary file");
        tmp.commit().unwrap();
        assert_eq!(names(&dir), ["quiz.xml"]);
        assert_eq!(std::fs::read(&path).unwrap(), b"<quiz/>");
        assert!(!in_flight().temps.iter().any(|t| t.starts_with(&dir)));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temp_file() {
        let dir = scratch("drop");
        let path = dir.join("quiz.zip");
        write_atomic(&path, b"old").unwrap();
        let mut tmp = TempFile::create(&path).unwrap();
        tmp.write_all(b"half of the n").unwrap();
        drop(tmp); // as on an error: never committed
        assert_eq!(names(&dir), ["quiz.zip"]);
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert!(
            !write_if_changed(&path, b"old").unwrap(),
            "unchanged bytes are not rewritten"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_named() {
        let dir = scratch("blocked");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("json"), "a file").unwrap();
        let e = write_atomic(&dir.join("json/quiz.json"), b"{}").unwrap_err();
        assert!(
            e.to_string().starts_with(&format!(
                "cannot create the folder {}",
                dir.join("json").display()
            )),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
