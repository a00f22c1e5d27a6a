//! Front ends: Quiz Markdown and the plain-text (seed) form → the model.

pub mod plain_text;

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::model::Quiz;
use crate::source::{FileId, SourceFile};
use std::path::Path;

/// Everything the parser needs to know about one file.
pub struct Input<'a> {
    pub file: FileId,
    pub source: &'a SourceFile,
    /// The quiz file on disk (images resolve relative to its folder).
    pub path: &'a Path,
    /// Images must resolve inside this folder.
    pub content_root: &'a Path,
    /// `path` relative to the content root, `/` separated (goes into the model).
    pub rel_path: &'a str,
    pub config: &'a Config,
}

/// Parses one file. Returns the quiz when it could be built (it may still
/// have errors in `Diagnostics`; a quiz with errors is never emitted).
pub fn parse(input: &Input) -> (Option<Quiz>, Diagnostics) {
    if plain_text::is_plain_text(input) {
        return plain_text::parse_plain(input);
    }
    let _ = input;
    (None, Diagnostics::default())
}
