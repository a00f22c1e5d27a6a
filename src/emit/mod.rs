//! Emitters: one module per target format, one list of them.
//!
//! An emitter reads the model and returns an [`Output`] in memory; only
//! `tree.rs` and the build command turn outputs into files and zips.

pub mod base64;
pub mod canvas;
pub mod html;
pub mod json;
pub mod moodle;
pub mod qti;
pub mod scorm;
pub mod tree;
pub mod zip;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Quiz, Span};
use crate::source::FileId;
pub use tree::Tree;

/// What one emitter produces for one quiz.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// `DIR/<format>/<quiz-id>.<ext>`
    File { ext: &'static str, bytes: Vec<u8> },
    /// `DIR/<format>/<quiz-id>.zip`
    Zip(Tree),
    /// `DIR/<format>/<quiz-id>/…`
    Folder(Tree),
}

/// What an emitter gets besides the quiz: where warnings go and the settings.
pub struct EmitCx<'a> {
    /// The quiz's source file, for warnings with spans.
    pub file: FileId,
    pub config: &'a Config,
    pub diags: Diagnostics,
}

impl EmitCx<'_> {
    /// Something the target cannot carry: what is dropped or changed, and where.
    pub fn warn(&mut self, code: &'static str, span: Span, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(code, message).at(self.file, span));
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    #[error("{0}")]
    Other(String),
}

pub trait Emitter: Sync {
    /// The `--format` name, and the `DIR/<name>/` folder.
    fn name(&self) -> &'static str;
    /// Other names accepted by `--format`.
    fn aliases(&self) -> &'static [&'static str] {
        &[]
    }
    /// A one-line description for `--help` and docs.
    fn description(&self) -> &'static str;
    fn emit(&self, quiz: &Quiz, cx: &mut EmitCx) -> Result<Output, EmitError>;
    /// Files for the whole build (an index page), written at `DIR/<name>/`.
    fn site(&self, _quizzes: &[&Quiz], _config: &Config) -> Result<Option<Tree>, EmitError> {
        Ok(None)
    }
}

/// Every implemented format, in `--format all` order.
pub static EMITTERS: &[&dyn Emitter] = &[
    &json::Json,
    &html::Html,
    &moodle::Moodle,
    &canvas::Canvas,
    &qti::Qti21,
    &qti::Qti30,
    &scorm::SCORM12_EMITTER,
    &scorm::SCORM2004_EMITTER,
];

pub fn find(name: &str) -> Option<&'static dyn Emitter> {
    EMITTERS
        .iter()
        .copied()
        .find(|e| e.name() == name || e.aliases().contains(&name))
}
