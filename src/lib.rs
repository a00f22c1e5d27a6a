//! quizc compiles Quiz Markdown into LMS packages.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! source files → parse (pulldown-cmark events) → model → check → emit (one module per target) → write
//! ```
//!
//! - [`source`]: files and their line index.
//! - [`parse`]: Quiz Markdown and the plain-text form → [`model::Quiz`], with diagnostics.
//! - [`model`]: the serde types every emitter reads.
//! - [`diag`]: diagnostics as data and their renderings.
//! - [`render`]: rich content → HTML fragments with per-target options.
//! - [`emit`]: the [`emit::Emitter`] trait and the list of formats.
//! - [`cli`]: the `quizc` subcommands.

pub mod cli;
pub mod compile;
pub mod config;
pub mod diag;
pub mod discover;
pub mod emit;
pub mod i18n;
pub mod import;
pub mod markdown_writer;
pub mod model;
pub mod parse;
pub mod passes;
pub mod render;
pub mod scaffold;
pub mod source;
pub mod templates;
pub mod write;
