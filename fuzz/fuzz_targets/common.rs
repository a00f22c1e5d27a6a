//! What both targets share: bytes → source text → model, the way
//! `quizc build` reads a file, with images resolving in the parser fixtures.

use quizc::config::Config;
use quizc::diag::{Diagnostics, MessageFormat};
use quizc::model::Quiz;
use quizc::parse::{Input, parse};
use quizc::source::{SourceFile, SourceMap};
use std::path::{Path, PathBuf};

pub fn content_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/parse")
}

/// Parses `data` as `<fixtures>/fuzz.md`; `None` for bytes that are not UTF-8
/// (the build refuses those before parsing).
pub fn parse_bytes(data: &[u8], config: &Config) -> Option<(SourceMap, Option<Quiz>, Diagnostics)> {
    let text = std::str::from_utf8(data).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = content_root();
    let path = root.join("fuzz.md");
    let source = SourceFile::new("fuzz.md", text);
    let input = Input {
        file: 0,
        source: &source,
        path: &path,
        content_root: &root,
        rel_path: "fuzz.md",
        config,
    };
    let (quiz, diags) = parse(&input);
    let mut sources = SourceMap::default();
    sources.add(source);
    Some((sources, quiz, diags))
}

/// Every diagnostic stays inside the text and renders in every message format.
pub fn render_all(sources: &SourceMap, diags: &Diagnostics) {
    let len = sources.get(0).text.len();
    let list: Vec<_> = diags.iter().cloned().collect();
    for d in &list {
        if let Some(s) = d.span {
            assert!(s.start <= s.end && s.end <= len, "{}: span {s:?} outside {len} bytes", d.code);
        }
    }
    for format in [
        MessageFormat::Human,
        MessageFormat::Short,
        MessageFormat::Json,
        MessageFormat::Github,
    ] {
        let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        quizc::diag::emit(&mut out, sources, &list, format).expect("rendering into memory");
    }
}
