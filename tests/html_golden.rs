//! Golden tests of the HTML output: the page and the answer key of each
//! question type, the showcase and the index, compared with
//! `tests/golden/html/<case>/`. Re-bless with `QUIZC_BLESS=1 cargo test --test html_golden`
//! and review the diff like code.
//!
//! The inlined CSS and JS are the same in every page, so they are replaced
//! by a placeholder here (they are tested in the browser test), and so are
//! the Content-Security-Policy's hashes of those scripts.

mod html_fixtures;

use html_fixtures::*;
use std::path::{Path, PathBuf};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/html")
}

/// Replaces the bodies of `<style>` and of scripts without a type.
fn strip_inlined(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    loop {
        let style = rest.find("<style>");
        let script = rest.find("<script>\n");
        let (at, open, close, label) = match (style, script) {
            (Some(s), Some(j)) if s < j => (s, "<style>", "</style>", "/* quiz.css */"),
            (Some(s), None) => (s, "<style>", "</style>", "/* quiz.css */"),
            (_, Some(j)) => (j, "<script>\n", "</script>", "/* grading.js, runtime.js */"),
            (None, None) => break,
        };
        let Some(end) = rest[at..].find(close) else {
            break;
        };
        out.push_str(&rest[..at + open.len()]);
        out.push_str(label);
        rest = &rest[at + end..];
    }
    out.push_str(rest);
    strip_script_hashes(&out)
}

/// `'sha256-<base64>'` → `'sha256-…'`.
fn strip_script_hashes(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("'sha256-") {
        let start = at + "'sha256-".len();
        let Some(len) = rest[start..].find('\'') else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push('…');
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

fn check(case: &str, file: &str, actual: &str, failures: &mut Vec<String>) {
    let path = golden_dir().join(case).join(file);
    if std::env::var_os("QUIZC_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == actual => {}
        Ok(expected) => {
            let line = expected
                .lines()
                .zip(actual.lines())
                .position(|(a, b)| a != b)
                .map_or(expected.lines().count().min(actual.lines().count()), |i| i);
            failures.push(format!(
                "{}: differs from line {}:\n  expected: {:?}\n  actual:   {:?}",
                path.display(),
                line + 1,
                expected.lines().nth(line).unwrap_or(""),
                actual.lines().nth(line).unwrap_or("")
            ));
        }
        Err(_) => failures.push(format!("{} is missing", path.display())),
    }
}

#[test]
fn every_question_type_matches_its_golden_page_and_key() {
    let mut failures = Vec::new();
    let mut cases = per_type();
    cases.push(("showcase", showcase()));
    for (case, quiz) in &cases {
        let (tree, diags) = emit_html(quiz);
        assert!(diags.items.is_empty(), "{case}: {:?}", diags.items);
        for file in ["index.html", "key.html"] {
            let html = String::from_utf8(tree.get(file).unwrap().to_vec()).unwrap();
            check(case, file, &strip_inlined(&html), &mut failures);
        }
    }
    let quizzes: Vec<_> = cases.iter().map(|(_, q)| q).collect();
    let site = emit_site(&quizzes);
    let index = String::from_utf8(site.get("index.html").unwrap().to_vec()).unwrap();
    check("site", "index.html", &strip_inlined(&index), &mut failures);
    assert!(
        failures.is_empty(),
        "{}\n(re-bless with QUIZC_BLESS=1 cargo test --test html_golden)",
        failures.join("\n")
    );
}

/// The example quizzes in `content/`, through the real parser.
#[test]
fn content_examples_match_their_golden_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let config = quizc::config::Config::discover(&root).unwrap();
    let discovery = quizc::discover::discover(&[root]);
    let compiled = quizc::compile::compile(&discovery, &config);
    assert!(
        !compiled.diags.has_errors(),
        "content/ has errors: {:?}",
        compiled.diags.items
    );
    let mut failures = Vec::new();
    let mut count = 0;
    for (_, quiz) in compiled.ok_quizzes() {
        count += 1;
        let (tree, _) = emit_html(quiz);
        for file in ["index.html", "key.html"] {
            let html = String::from_utf8(tree.get(file).unwrap().to_vec()).unwrap();
            check(
                &format!("content-{}", quiz.id),
                file,
                &strip_inlined(&html),
                &mut failures,
            );
        }
        for asset in &quiz.assets {
            assert!(tree.get(&format!("assets/{}", asset.name)).is_some());
        }
    }
    assert!(count > 0, "content/ has quizzes");
    assert!(
        failures.is_empty(),
        "{}\n(re-bless with QUIZC_BLESS=1 cargo test --test html_golden)",
        failures.join("\n")
    );
}
