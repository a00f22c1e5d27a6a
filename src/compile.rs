//! Load, parse and check a set of files: everything before emitting.
//!
//! Files are independent, so they are read and parsed in parallel; ids are
//! checked across the whole build afterwards.

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::discover::{Discovery, Found};
use crate::model::Quiz;
use crate::parse::{self, Input};
use crate::source::{FileId, SourceFile, SourceMap};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// One source file after parsing.
pub struct Unit {
    pub file: FileId,
    pub path: PathBuf,
    /// `None` when the file could not be read or parsed at all.
    pub quiz: Option<Quiz>,
    /// This file has errors: nothing is emitted for it.
    pub failed: bool,
}

pub struct Compiled {
    pub sources: SourceMap,
    pub units: Vec<Unit>,
    pub diags: Diagnostics,
}

impl Compiled {
    /// The quizzes that compiled without errors, in path order.
    pub fn ok_quizzes(&self) -> impl Iterator<Item = (&Unit, &Quiz)> {
        self.units
            .iter()
            .filter(|u| !u.failed)
            .filter_map(|u| u.quiz.as_ref().map(|q| (u, q)))
    }
}

pub fn compile(discovery: &Discovery, config: &Config) -> Compiled {
    compile_with_progress(discovery, config, &|| {})
}

/// [`compile`], calling `on_file` after each file (for a progress bar).
pub fn compile_with_progress(
    discovery: &Discovery,
    config: &Config,
    on_file: &(dyn Fn() + Sync),
) -> Compiled {
    let mut diags = Diagnostics::default();
    for (path, message) in &discovery.errors {
        diags.push(
            Diagnostic::error(
                "unreadable-path",
                format!("cannot read {}: {message}", path.display()),
            )
            .with_help("check the path, its permissions, and that no symlink points back into its own folder"),
        );
    }

    let results: Vec<(SourceFile, Option<Quiz>, Diagnostics)> = discovery
        .files
        .par_iter()
        .enumerate()
        .map(|(file, found)| {
            let r = compile_one(file, found, config);
            on_file();
            r
        })
        .collect();

    let mut sources = SourceMap::default();
    let mut units = Vec::with_capacity(results.len());
    for ((source, quiz, file_diags), found) in results.into_iter().zip(&discovery.files) {
        let file = sources.add(source);
        let failed = file_diags.has_errors() || quiz.is_none();
        diags.extend(file_diags);
        units.push(Unit {
            file,
            path: found.path.clone(),
            quiz,
            failed,
        });
    }
    check_duplicate_quiz_ids(&mut units, &mut diags);
    Compiled {
        sources,
        units,
        diags,
    }
}

fn compile_one(
    file: FileId,
    found: &Found,
    config: &Config,
) -> (SourceFile, Option<Quiz>, Diagnostics) {
    let name = found.path.display().to_string();
    let mut diags = Diagnostics::default();
    let bytes = match crate::source::read_source(&found.path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(unreadable_file(&name, &e).in_file(file));
            return (SourceFile::new(name, ""), None, diags);
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..at]);
            // Like a good file's, the text (and so the column) starts after a BOM.
            let bom = if valid.starts_with('\u{feff}') { 3 } else { 0 };
            let source = SourceFile::new(name, &valid[bom..]);
            diags.push(
                Diagnostic::error(
                    "invalid-utf8",
                    format!("the file is not valid UTF-8: invalid byte at offset {at}"),
                )
                .at(file, crate::model::Span::new(at - bom, at - bom))
                .with_help(
                    "save the file as UTF-8 (most editors have an encoding option in Save As)",
                ),
            );
            return (source, None, diags);
        }
    };
    // A UTF-8 byte order mark is accepted and not part of the text.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let source = SourceFile::new(name, text);
    let root = content_root(&found.path, found.given_dir.as_deref(), config);
    let rel_path = relative_path(&found.path, &root);
    let input = Input {
        file,
        source: &source,
        path: &found.path,
        content_root: &root,
        rel_path: &rel_path,
        config,
    };
    let (quiz, parse_diags) = parse::parse(&input);
    diags.extend(parse_diags);
    (source, quiz, diags)
}

fn unreadable_file(name: &str, e: &std::io::Error) -> Diagnostic {
    if e.kind() == std::io::ErrorKind::FileTooLarge {
        Diagnostic::error("file-too-large", format!("{name} is not read: {e}"))
            .with_help("split the bank into several quiz files")
    } else {
        Diagnostic::error("unreadable-file", format!("cannot read {name}: {e}"))
            .with_help("check that the file exists, is a file and that you may read it")
    }
}

/// The folder holding quizc.toml, else the folder given on the command line,
/// else the quiz file's folder.
pub fn content_root(path: &Path, given_dir: Option<&Path>, config: &Config) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Some(root) = &config.root
        && abs.starts_with(root)
    {
        return root.clone();
    }
    if let Some(dir) = given_dir {
        return std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    }
    abs.parent().map(Path::to_path_buf).unwrap_or_default()
}

fn relative_path(path: &Path, root: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let rel = abs.strip_prefix(root).unwrap_or(&abs);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Two quizzes with one id: an error naming both files, and neither is built.
fn check_duplicate_quiz_ids(units: &mut [Unit], diags: &mut Diagnostics) {
    let quizzes: Vec<(&Quiz, FileId)> = units
        .iter()
        .filter_map(|u| u.quiz.as_ref().map(|q| (q, u.file)))
        .collect();
    let dups = crate::passes::checks::duplicate_quiz_ids(&quizzes);
    if dups.is_empty() {
        return;
    }
    let mut count: std::collections::HashMap<&str, usize> = Default::default();
    for (q, _) in &quizzes {
        *count.entry(q.id.as_str()).or_default() += 1;
    }
    let taken: std::collections::HashSet<String> = count
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id.to_string())
        .collect();
    for unit in units.iter_mut() {
        if unit.quiz.as_ref().is_some_and(|q| taken.contains(&q.id)) {
            unit.failed = true;
        }
    }
    diags.extend(dups);
}
