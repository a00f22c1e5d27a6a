//! Which files are quizzes: the spec's file selection rules.
//!
//! Under a folder, a `.md` file is a quiz if it has front matter or at least
//! one `##` question heading, a `.txt` file if it has a `Question N` line;
//! other files are skipped with a note. A file named on the command line is
//! always parsed.

use std::path::{Path, PathBuf};

/// A file to compile, and the folder it was found under (for the content root).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub path: PathBuf,
    /// The folder given on the command line, when the file was found in one.
    pub given_dir: Option<PathBuf>,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<Found>,
    /// Files under a folder that are not quizzes, with the reason.
    pub skipped: Vec<(PathBuf, &'static str)>,
    /// Paths that could not be read (missing, unreadable, loops).
    pub errors: Vec<(PathBuf, String)>,
}

pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut d = Discovery::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                let mut visited = Vec::new();
                walk(path, &mut found, &mut visited, &mut d);
                found.sort();
                for file in found {
                    match is_quiz(&file) {
                        Ok(true) => d.files.push(Found {
                            path: file,
                            given_dir: Some(path.clone()),
                        }),
                        Ok(false) => d.skipped.push((file, "not a quiz (no front matter, no `##` question heading, no `Question N` line)")),
                        Err(e) => d.errors.push((file, e.to_string())),
                    }
                }
            }
            Ok(_) => d.files.push(Found {
                path: path.clone(),
                given_dir: None,
            }),
            Err(e) => d.errors.push((path.clone(), e.to_string())),
        }
    }
    // The same file named twice (or found under two folders) is compiled once.
    let mut seen = std::collections::HashSet::new();
    d.files
        .retain(|f| seen.insert(std::fs::canonicalize(&f.path).unwrap_or_else(|_| f.path.clone())));
    d
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, visited: &mut Vec<PathBuf>, d: &mut Discovery) {
    let canonical = match std::fs::canonicalize(dir) {
        Ok(c) => c,
        Err(e) => {
            d.errors.push((dir.to_path_buf(), e.to_string()));
            return;
        }
    };
    if visited.contains(&canonical) {
        d.errors.push((
            dir.to_path_buf(),
            "symlink loop: this folder was already visited".into(),
        ));
        return;
    }
    visited.push(canonical);
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            d.errors.push((dir.to_path_buf(), e.to_string()));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name == "node_modules" || name == "target" {
            continue;
        }
        if path.is_dir() {
            walk(&path, found, visited, d);
        } else if matches!(extension(&path), Some("md" | "txt")) {
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_file() => found.push(path),
                // Opening a FIFO would wait for a writer forever.
                Ok(_) => d.errors.push((
                    path,
                    "not a regular file (a FIFO, socket or device), so it is not opened".into(),
                )),
                Err(e) => d.errors.push((path, e.to_string())),
            }
        }
    }
    visited.pop();
}

pub fn extension(path: &Path) -> Option<&str> {
    path.extension().and_then(|e| e.to_str())
}

/// The spec's content sniffing, on the file's bytes. A file too large to
/// read counts as a quiz, so the build reports it instead of passing over it.
fn is_quiz(path: &Path) -> std::io::Result<bool> {
    let bytes = match crate::source::read_source(path) {
        Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => return Ok(true),
        other => other?,
    };
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(match extension(path) {
        Some("md") => crate::parse::looks_like_quiz(text),
        _ => has_question_line(text),
    })
}

/// A line `Question N …` (the plain-text form).
pub fn has_question_line(text: &str) -> bool {
    text.lines().any(|line| {
        line.trim_start()
            .strip_prefix("Question")
            .map(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .unwrap_or(false)
    })
}

/// A name for a file whose quiz could not be built (error pages, logs): its
/// stem, lower-cased, with runs of other characters as `-`.
pub fn fallback_id(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("quiz");
    let mut id = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-');
    if id.is_empty() {
        "quiz".into()
    } else {
        id.into()
    }
}
