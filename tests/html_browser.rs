//! The HTML page in a real headless Chromium (Debian's `chromium`, driven by
//! `tests/browser/html.mjs` through playwright-core; never a browser
//! download), and `grading.js` under Node.
//!
//! Enable with `apt-get install -y chromium && npm ci --prefix tests/browser`.
//! Without those tools the tests say so and pass, except under `CI=true`,
//! where a missing tool fails them. Screenshots go to `target/screenshots/`.

mod html_fixtures;

use html_fixtures::*;
use quizc::model::FeedbackMode;
use std::path::{Path, PathBuf};
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";
const ENABLE: &str = "apt-get install -y chromium && npm ci --prefix tests/browser";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn has_node() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `Ok(())` when every tool is there; else skips visibly, or fails under CI.
fn require(need_browser: bool) -> bool {
    let mut missing = Vec::new();
    if !has_node() {
        missing.push("node");
    }
    if need_browser && !Path::new(CHROMIUM).exists() {
        missing.push(CHROMIUM);
    }
    if need_browser
        && !root()
            .join("tests/browser/node_modules/playwright-core")
            .is_dir()
    {
        missing.push("tests/browser/node_modules (playwright-core)");
    }
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "browser tests need {}; enable them with: {ENABLE}",
        missing.join(", ")
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message} (CI=true: missing tools fail the test)");
    }
    // Straight to the process's stderr: the test harness captures eprintln!,
    // and a skip must be visible in a plain `cargo test`.
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "\n*** SKIPPED: {message} ***\n");
    false
}

fn scratch(name: &str) -> PathBuf {
    let dir = root()
        .join("target/html-browser")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run_node(args: &[&str]) {
    let output = Command::new("node")
        .args(args)
        .current_dir(root())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        output.status.success(),
        "node {} failed:\n{stdout}\n{stderr}",
        args.join(" ")
    );
}

#[test]
fn grading_js_follows_the_scoring_policy() {
    if !require(false) {
        return;
    }
    run_node(&["tests/browser/grading.test.mjs"]);
}

#[test]
fn the_page_works_in_chromium() {
    if !require(true) {
        return;
    }
    let dir = scratch("build");
    let showcase = showcase();
    let mut on_submit = quiz(
        "on-submit",
        "Submit at the end",
        vec![
            quizc::model::Item::Question(multiple_choice()),
            quizc::model::Item::Question(numerical()),
        ],
    );
    on_submit.settings.feedback = FeedbackMode::OnSubmit;
    let mut arabic = showcase.clone();
    arabic.id = "showcase-ar".into();
    arabic.settings.lang = "ar".into();
    let mut silent = on_submit.clone();
    silent.id = "no-feedback".into();
    silent.settings.feedback = FeedbackMode::None;
    // Shuffled choices and question order, drawn per attempt.
    let mut shuffled = showcase.clone();
    shuffled.id = "shuffled".into();
    shuffled.settings.shuffle_questions = true;
    for item in &mut shuffled.items {
        if let quizc::model::Item::Question(q) = item {
            q.shuffle = true;
        }
    }
    write_build(&dir, &[&showcase, &on_submit, &silent, &arabic, &shuffled]);

    let shots = root().join("target/screenshots/fixtures");
    std::fs::create_dir_all(&shots).unwrap();
    run_node(&[
        "tests/browser/html.mjs",
        dir.to_str().unwrap(),
        shots.to_str().unwrap(),
        "showcase,shuffled",
    ]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The example quizzes in `content/`, built by the real binary; the showcase's
/// desktop and 375 px screenshots land in `target/screenshots/`.
#[test]
fn the_content_examples_work_in_chromium() {
    if !require(true) {
        return;
    }
    let out = scratch("content");
    let status = Command::new(env!("CARGO_BIN_EXE_quizc"))
        .args(["build", "content", "--format", "html", "--quiet", "--out"])
        .arg(&out)
        .current_dir(root())
        .status()
        .expect("quizc runs");
    assert!(status.success(), "quizc build content --format html failed");
    let html = out.join("html");
    let mut quizzes: Vec<String> = std::fs::read_dir(&html)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("index.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    quizzes.sort();
    // The showcase first: its page is the one the screenshots show.
    quizzes.sort_by_key(|q| q != "showcase");
    assert!(!quizzes.is_empty(), "content/ has quizzes");
    let shots = root().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    run_node(&[
        "tests/browser/html.mjs",
        html.to_str().unwrap(),
        shots.to_str().unwrap(),
        &quizzes.join(","),
    ]);
    let _ = std::fs::remove_dir_all(&out);
}
