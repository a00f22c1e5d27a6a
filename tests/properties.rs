//! Properties of the whole pipeline on random valid quizzes (issue 9).
//!
//! A generator (`properties_support`) builds quizzes as model values: every
//! question type, pools, Text blocks, rich content and hostile text. The
//! properties:
//!
//! 1. **Round trip**: the model written as Quiz Markdown
//!    (`markdown_writer::to_markdown`) parses back into the same model
//!    (spans aside), with no diagnostics but warnings about the content.
//! 2. **Control characters**: a source with NUL and other C0 characters
//!    anywhere gives a model or diagnostics, never a panic, and every
//!    emitter copes with what it gives. (The parser keeps NUL and the other
//!    controls as written, with no diagnostic, as pulldown-cmark does; the
//!    XML and HTML outputs drop them, JSON escapes them. The generator puts
//!    them in text, code, TeX and URLs, so property 1 carries them too.)
//! 3. **Well-formed outputs**: every emitter in `EMITTERS` writes XML that
//!    parses, HTML in which author text stayed text, and JSON that parses.
//! 4. **Safe packages**: zip entry names are safe and relative, and every
//!    file a manifest, test, item or page refers to is in the package.
//! 5. **Reproducible builds**: the `quizc` binary builds a folder of
//!    generated quizzes byte for byte the same under another `TZ`,
//!    `LC_ALL`/`LANG` and other file modification times.
//!
//! 64 cases per in-memory property and 4 for the builds by default;
//! `PROPTEST_CASES=10000 cargo test --release --test properties` for more
//! (the builds then run one case per 64).

mod parse_support;
mod properties_support;

use properties_support::packages::{
    check_files, check_page, check_references, check_zip, emit_all, unsafe_entry_name,
};
use properties_support::quiz::{generated, quizzes};
use properties_support::{
    config, config_scaled, content_root, first_difference, image, without_spans,
};
use proptest::prelude::*;
use quizc::markdown_writer::to_markdown;
use std::path::{Path, PathBuf};
use std::process::Command;

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn written_quiz_markdown_parses_back_to_the_same_model(quiz in generated(image())) {
        let quiz = quiz.0;
        let md = to_markdown(&quiz);
        let parsed = parse_support::parse_in(&content_root(), "quiz.md", &md);
        let unexpected = parsed.diags.iter().any(|d| !CONTENT_WARNINGS.contains(&d.code));
        prop_assert!(!unexpected, "diagnostics:\n{}\n--- written:\n{md}", parsed.report());
        let (want, got) = (without_spans(&quiz), without_spans(parsed.quiz()));
        prop_assert!(
            want == got,
            "{}\n--- written:\n{md}",
            first_difference(&want, &got).unwrap_or_default()
        );
    }

    #[test]
    fn control_characters_give_a_model_or_diagnostics_never_a_panic(
        quiz in generated(image()),
        inserts in prop::collection::vec(
            (any::<prop::sample::Index>(), prop::sample::select(CONTROLS)),
            1..8,
        ),
    ) {
        let mut chars: Vec<char> = to_markdown(&quiz.0).chars().collect();
        for (at, c) in inserts {
            chars.insert(at.index(chars.len() + 1), c);
        }
        let doc: String = chars.into_iter().collect();
        let parsed = parse_support::parse_in(&content_root(), "quiz.md", &doc);
        for d in &parsed.diags {
            if let Some(s) = d.span {
                prop_assert!(s.start <= s.end && s.end <= doc.len(), "{}: bad span", d.code);
            }
        }
        if let Some(q) = parsed.quiz.as_ref().filter(|_| parsed.errors().is_empty()) {
            for e in emit_all(q) {
                prop_assert!(check_files(&e).is_ok(), "{:?}", check_files(&e));
            }
        }
    }

    #[test]
    fn every_emitter_writes_well_formed_xml_and_html(quiz in generated(image())) {
        for e in emit_all(&quiz.0) {
            if let Err(why) = check_files(&e) {
                prop_assert!(false, "{why}");
            }
        }
    }

    #[test]
    fn packages_have_safe_names_and_every_referenced_file(quiz in generated(image())) {
        for e in emit_all(&quiz.0) {
            if let Err(why) = check_zip(&e).and_then(|()| check_references(&e)) {
                prop_assert!(false, "{why}");
            }
        }
    }
}

/// Warnings about the content itself, which the writer cannot avoid:
/// remote images, `Question N` labels that differ from the position, and
/// `\[…\]` / `\(…\)` in the source, which is how escaped brackets in link
/// text and a literal `\(` are written (the check cannot tell them from
/// TeX delimiters whose backslashes CommonMark ate).
const CONTENT_WARNINGS: &[&str] = &["remote-image", "label-number-mismatch", "backslash-math"];

/// Every C0 control character, DEL, and the C1 NEL.
const CONTROLS: &[char] = &[
    '\u{0}', '\u{1}', '\u{2}', '\u{3}', '\u{4}', '\u{5}', '\u{6}', '\u{7}', '\u{8}', '\t', '\n',
    '\u{b}', '\u{c}', '\r', '\u{e}', '\u{f}', '\u{10}', '\u{11}', '\u{12}', '\u{13}', '\u{14}',
    '\u{15}', '\u{16}', '\u{17}', '\u{18}', '\u{19}', '\u{1a}', '\u{1b}', '\u{1c}', '\u{1d}',
    '\u{1e}', '\u{1f}', '\u{7f}', '\u{85}',
];

proptest! {
    #![proptest_config(config_scaled(4, 64))]

    /// The real binary, twice: UTC and the C locale, then another time zone,
    /// another locale and sources touched to another modification time.
    #[test]
    fn builds_are_byte_identical_across_time_zones_locales_and_mtimes(
        quizzes in quizzes(image(), 1..3),
    ) {
        let dir = scratch();
        let content = dir.join("content");
        std::fs::create_dir_all(content.join("img")).unwrap();
        std::fs::copy(content_root().join("img/relu plot.png"), content.join("img/relu plot.png")).unwrap();
        for q in &quizzes {
            std::fs::write(content.join(format!("{}.md", q.0.id)), to_markdown(&q.0)).unwrap();
        }
        let first = build(&content, &dir.join("a"), &[("TZ", "UTC"), ("LC_ALL", "C"), ("LANG", "C")]);
        touch_all(&content, std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000));
        let second = build(
            &content,
            &dir.join("b"),
            &[("TZ", "Pacific/Chatham"), ("LC_ALL", "ar_EG.UTF-8"), ("LANG", "tr_TR.UTF-8")],
        );
        prop_assert!(!first.is_empty());
        let (a, b): (Vec<&String>, Vec<&String>) = (first.keys().collect(), second.keys().collect());
        prop_assert_eq!(a, b);
        for (path, bytes) in &first {
            prop_assert!(second[path] == *bytes, "{path} differs between the builds");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A fresh folder under target/ for one build case.
fn scratch() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/properties")
        .join(format!(
            "{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `quizc build CONTENT --out OUT` and returns every output file.
fn build(
    content: &Path,
    out: &Path,
    env: &[(&str, &str)],
) -> std::collections::BTreeMap<String, Vec<u8>> {
    let run = Command::new(env!("CARGO_BIN_EXE_quizc"))
        .arg("build")
        .arg(content)
        .arg("--out")
        .arg(out)
        .envs(env.iter().copied())
        .output()
        .expect("quizc runs");
    assert!(
        run.status.success(),
        "quizc build failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut files = std::collections::BTreeMap::new();
    read_tree(out, out, &mut files);
    files
}

fn read_tree(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            read_tree(root, &path, out);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(&path).unwrap());
        }
    }
}

fn touch_all(dir: &Path, time: std::time::SystemTime) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            touch_all(&path, time);
        }
        let file = std::fs::File::options()
            .write(true)
            .open(&path)
            .or_else(|_| std::fs::File::open(&path));
        if let Ok(f) = file {
            let _ = f.set_modified(time);
        }
    }
}

/// The checks catch what they look for (a check that never fails proves
/// nothing).
#[test]
fn the_output_checks_reject_markup_made_of_author_text() {
    for page in [
        "<p><x-evil></x-evil></p>",
        "<p><img src=x onerror=x-evil()></p>",
        "<script>x-evil()</script>",
        "<script type=\"application/json\">{\"a\": </script>",
        "<p>a\u{0}b</p>",
    ] {
        assert!(check_page(page).is_err(), "{page}");
    }
    assert!(check_page("<script>var s = \"</x-evil>\";</script><p>&lt;x-evil&gt;</p>").is_ok());
    for name in ["/a", "a/../b", "a\\b", "C:/a", "a//b", "./a", "a/"] {
        assert!(unsafe_entry_name(name).is_some(), "{name}");
    }
    assert!(unsafe_entry_name("quiz/files/relu-plot.png").is_none());
}
