//! `quizc import`: a plain-text quiz (the seed's shape) → Quiz Markdown.
//!
//! Every word of the title, description, stems and options is kept. A
//! question whose answer the file does not give gets all its options as
//! `[ ]` and a `<!-- TODO … -->` comment, so the author only has to mark the
//! answers; its `missing-answer` error becomes a warning here.

use crate::config::Config;
use crate::diag::{Diagnostics, Severity};
use crate::markdown_writer::{WriteOptions, to_markdown_with};
use crate::parse::Input;
use crate::parse::plain_text::{PlainParse, parse_plain_detailed};
use crate::source::{SourceFile, SourceMap};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid UTF-8: invalid byte at offset {offset}")]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("{path} has no questions (lines like `Question 1 Multiple Choice`)")]
    NoQuestions { path: PathBuf },
}

/// Reads `path` and converts it. The file is added to `sources` so the
/// caller can render the diagnostics (warnings for the TODOs, errors for
/// what could not be converted).
pub fn import(path: &Path, sources: &mut SourceMap) -> Result<(String, Diagnostics), ImportError> {
    let bytes = crate::source::read_source(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| ImportError::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    let config = Config::discover(path).unwrap_or_default();
    let root = config
        .root
        .clone()
        .or_else(|| path.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let rel = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = sources.add(SourceFile::new(path.display().to_string(), text));
    let source = sources.get(file);
    let input = Input {
        file,
        source,
        path,
        content_root: &root,
        rel_path: &rel,
        config: &config,
    };
    import_input(&input).ok_or_else(|| ImportError::NoQuestions {
        path: path.to_path_buf(),
    })
}

/// The conversion on a loaded file (no file system access). `None` when the
/// file has no questions.
pub fn import_input(input: &Input) -> Option<(String, Diagnostics)> {
    let PlainParse {
        quiz,
        mut diagnostics,
        unanswered,
    } = parse_plain_detailed(input);
    let quiz = quiz.filter(|q| q.questions().next().is_some())?;
    for d in &mut diagnostics.items {
        if d.code == "missing-answer" {
            d.severity = Severity::Warning;
            d.label = Some("marked TODO in the output".into());
            d.help = Some("mark the correct answer with [x] in the Markdown file".into());
        }
    }
    let opts = WriteOptions {
        ids: false,
        quiz_id: false,
        todo_answers: unanswered,
    };
    Some((to_markdown_with(&quiz, &opts), diagnostics))
}
