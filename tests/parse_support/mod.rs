//! Shared helpers for the parser tests: parse text or a fixture file and
//! turn diagnostics into `(severity, code, line, column)` rows.
#![allow(dead_code)]

use quizc::config::Config;
use quizc::diag::{Diagnostic, Severity};
use quizc::model::Quiz;
use quizc::parse::{Input, parse};
use quizc::source::SourceFile;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parse")
}

/// A fresh, empty folder under the system temp dir.
pub fn temp_root(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "quizc-parse-{}-{}-{tag}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub struct Parsed {
    pub quiz: Option<Quiz>,
    pub diags: Vec<Diagnostic>,
    pub source: SourceFile,
}

impl Parsed {
    pub fn quiz(&self) -> &Quiz {
        self.quiz.as_ref().expect("a quiz")
    }

    /// `(severity, code, line, column)` of every diagnostic.
    pub fn rows(&self) -> Vec<(Severity, &'static str, usize, usize)> {
        self.diags
            .iter()
            .map(|d| {
                let (line, col) = d.span.map_or((0, 0), |s| self.source.line_col(s.start));
                (d.severity, d.code, line, col)
            })
            .collect()
    }

    pub fn codes(&self) -> Vec<&'static str> {
        self.diags.iter().map(|d| d.code).collect()
    }

    pub fn errors(&self) -> Vec<&'static str> {
        self.diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code)
            .collect()
    }

    /// Every diagnostic as `file:line:col: severity[code]: message` (for failure output).
    pub fn report(&self) -> String {
        self.diags
            .iter()
            .map(|d| {
                let (l, c) = d.span.map_or((0, 0), |s| self.source.line_col(s.start));
                format!(
                    "{l}:{c}: {:?}[{}]: {} (help: {})",
                    d.severity,
                    d.code,
                    d.message,
                    d.help.as_deref().unwrap_or("-")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Parses `text` as if it were `<root>/<name>`.
pub fn parse_in(root: &Path, name: &str, text: &str) -> Parsed {
    parse_with(root, name, text, &Config::default())
}

pub fn parse_with(root: &Path, name: &str, text: &str, config: &Config) -> Parsed {
    let path = root.join(name);
    let source = SourceFile::new(name, text);
    let input = Input {
        file: 0,
        source: &source,
        path: &path,
        content_root: root,
        rel_path: name,
        config,
    };
    let (quiz, diags) = parse(&input);
    Parsed {
        quiz,
        diags: diags.items,
        source,
    }
}

/// Parses a text with no images in a shared temp folder.
pub fn parse_str(text: &str) -> Parsed {
    let root = std::env::temp_dir().join("quizc-parse-text");
    parse_in(&root, "quiz.md", text)
}

/// Parses a fixture from `tests/fixtures/parse/` (images resolve there).
pub fn parse_fixture(name: &str) -> Parsed {
    let root = fixtures();
    let text = std::fs::read_to_string(root.join(name)).expect("fixture");
    parse_in(&root, name, &text)
}
