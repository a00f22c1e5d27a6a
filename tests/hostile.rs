//! Hostile inputs and faults while writing, against the real binary: each
//! gives a clear diagnostic (at `file:line:column` where there is one, with
//! a help line) and never a panic, a hang or a half-written output.

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quizc"));
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1");
    cmd
}

fn quizc(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().expect("quizc runs")
}

/// A fresh folder with an empty `content/` under target/ for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    if dir.exists() {
        // A FIFO or a mode-000 file from an earlier run must not stop this one.
        let _ = Command::new("chmod")
            .arg("-R")
            .arg("u+rwx")
            .arg(&dir)
            .status();
        std::fs::remove_dir_all(&dir).expect("clean scratch folder");
    }
    std::fs::create_dir_all(dir.join("content")).unwrap();
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The `--message-format json` diagnostics of a run.
fn diagnostics(o: &Output) -> Vec<serde_json::Value> {
    stderr(o)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

/// The diagnostic with `code`; fails with everything reported when missing.
fn any_diagnostic(o: &Output, code: &str) -> serde_json::Value {
    let all = diagnostics(o);
    let found = all.iter().find(|d| d["code"] == code).cloned();
    found.unwrap_or_else(|| panic!("no {code} in:\n{}", stderr(o)))
}

/// [`any_diagnostic`], which must have a help line.
fn diagnostic(o: &Output, code: &str) -> serde_json::Value {
    let d = any_diagnostic(o, code);
    assert!(
        d["help"].as_str().is_some_and(|h| !h.is_empty()),
        "{code} has no help: {d}"
    );
    d
}

fn at(d: &serde_json::Value) -> (u64, u64) {
    (
        d["line"].as_u64().unwrap_or(0),
        d["column"].as_u64().unwrap_or(0),
    )
}

const GOOD: &str =
    "## Capital · Multiple Choice\n\nThe capital of France?\n\n- [ ] Lyon\n- [x] Paris\n";

// ---------------------------------------------------------------- inputs

#[test]
fn invalid_utf8_names_the_byte_offset_and_its_line_and_column() {
    let dir = scratch("invalid-utf8");
    // `café` saved as Latin-1, on line 5 after a two-byte `·` on line 1.
    let mut bytes = b"## Menu \xc2\xb7 Multiple Choice\n\nPick one.\n\n- [x] caf".to_vec();
    let offset = bytes.len();
    bytes.extend(b"\xe9\n- [ ] tea\n");
    std::fs::write(dir.join("content/menu.md"), &bytes).unwrap();
    let out = quizc(&dir, &["check", "--message-format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let d = diagnostic(&out, "invalid-utf8");
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("byte at offset {offset}")),
        "{message}"
    );
    assert_eq!(d["file"], "content/menu.md");
    assert_eq!(at(&d), (5, 10));

    let human = quizc(&dir, &["check"]);
    assert!(
        stderr(&human).contains("content/menu.md:5:10"),
        "{}",
        stderr(&human)
    );
}

/// The JSON model with every byte span removed (CRLF moves them).
fn model_without_spans(path: &Path) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.remove("span");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).expect("model written")).unwrap();
    strip(&mut v);
    v
}

#[test]
fn a_byte_order_mark_and_crlf_give_the_same_model_and_positions() {
    let unix = "---\ntitle: Windows\npoints: 2\nshufle: true\n---\n\n## Q1 · Multiple Choice\n\nPick $x^2$.\n\n- [x] a\n  > Right.\n- [ ] b\n\n## Q 2 · Numerical\n\n![](img.png) 0.25?\n\n- [x] 0.25 ± 0.01\n";
    let windows = format!("\u{feff}{}", unix.replace('\n', "\r\n"));
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let mut runs = Vec::new();
    for (name, text) in [("unix", unix.to_string()), ("windows", windows)] {
        let dir = scratch(&format!("bom-crlf-{name}"));
        std::fs::write(dir.join("content/quiz.md"), text).unwrap();
        std::fs::write(dir.join("content/img.png"), png).unwrap();
        let out = quizc(
            &dir,
            &["build", "--format", "json", "--message-format", "json"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let positions: Vec<_> = diagnostics(&out)
            .iter()
            .map(|d| {
                (
                    d["code"].clone(),
                    d["line"].clone(),
                    d["column"].clone(),
                    d["end_column"].clone(),
                )
            })
            .collect();
        runs.push((
            model_without_spans(&dir.join("dist/json/quiz.json")),
            positions,
        ));
    }
    assert_eq!(runs[0].0, runs[1].0, "same model");
    assert_eq!(
        runs[0].1, runs[1].1,
        "same diagnostics at the same line:column"
    );
    let codes: Vec<_> = runs[0].1.iter().map(|p| p.0.as_str().unwrap()).collect();
    assert!(
        codes.contains(&"unknown-front-matter-key"),
        "{:?}",
        runs[0].1
    );
    assert!(codes.contains(&"image-missing-alt"), "{:?}", runs[0].1);
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = scratch("size-limit");
    std::fs::write(dir.join("content/good.md"), GOOD).unwrap();
    // 100 MiB without writing 100 MiB: a sparse file. Reading it would take
    // seconds and a gigabyte of model; refusing it takes a stat.
    let huge = std::fs::File::create(dir.join("content/huge.md")).unwrap();
    huge.set_len(100 * 1024 * 1024).unwrap();
    let started = Instant::now();
    let out = quizc(
        &dir,
        &["build", "--format", "json", "--message-format", "json"],
    );
    let elapsed = started.elapsed();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let d = diagnostic(&out, "file-too-large");
    assert_eq!(d["file"], "content/huge.md");
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("100.0 MiB") && message.contains("64 MiB"),
        "{message}"
    );
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
    assert!(
        dir.join("dist/json/good.json").exists(),
        "the other quiz is built"
    );
    assert!(!dir.join("dist/json/huge.json").exists());
}

#[test]
fn the_size_limit_is_exactly_64_mib() {
    use quizc::source::{MAX_SOURCE_BYTES, read_source};
    let dir = scratch("size-limit-edge");
    let path = dir.join("edge.md");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_SOURCE_BYTES).unwrap();
    assert_eq!(read_source(&path).unwrap().len() as u64, MAX_SOURCE_BYTES);
    file.set_len(MAX_SOURCE_BYTES + 1).unwrap();
    let e = read_source(&path).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::FileTooLarge, "{e}");
}

#[test]
fn a_hundred_thousand_questions_with_one_title_compile() {
    let dir = scratch("100k");
    let mut bank = String::from("---\ntitle: Bank\n---\n\n");
    for i in 0..100_000 {
        bank.push_str(&format!(
            "## Q · Multiple Choice\n\nWhat is {i}?\n\n- [x] {i}\n- [ ] x\n\n"
        ));
    }
    std::fs::write(dir.join("content/bank.md"), bank).unwrap();
    let check = quizc(&dir, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("100000 questions (Multiple Choice 100000)"),
        "{}",
        stderr(&check)
    );
    if cfg!(debug_assertions) {
        // `check` is the fastest path; emitting 150 MB of JSON as well takes
        // a debug build several more seconds (release builds do it below).
        std::fs::remove_dir_all(&dir).unwrap();
        return;
    }
    // JSON is the fastest emitter; the ids show the derived-id suffixes ran
    // to the end (they were quadratic in the number of equal titles).
    let build = quizc(&dir, &["build", "--format", "json", "-q"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let tail = tail_of(&dir.join("dist/json/bank.json"), 16 * 1024);
    assert!(tail.contains("\"bank-q-100000\""), "{tail}");
    assert!(!tail.contains("\"bank-q-100001\""), "{tail}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The last `bytes` of a file (the whole model would be 150 MB of JSON).
fn tail_of(path: &Path, bytes: u64) -> String {
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::File::open(path).unwrap();
    let len = file.metadata().unwrap().len();
    file.seek(SeekFrom::Start(len.saturating_sub(bytes)))
        .unwrap();
    let mut tail = Vec::new();
    file.read_to_end(&mut tail).unwrap();
    String::from_utf8_lossy(&tail).into_owned()
}

#[test]
fn nesting_ten_thousand_deep_builds_every_format_with_a_warning() {
    let dir = scratch("deep");
    let deep = 10_000;
    let quiz = format!(
        "## Deep · Multiple Choice\n\n{quotes} quoted\n\n{bullets}listed\n\n{numbers}numbered\n\n{stars}x{stars}\n\n$${braces}x{closing}$$\n\nPick one.\n\n- [x] a\n  {quotes} deep feedback\n- [ ] b {links}\n\n> **Explanation:** {stars}y{stars}\n",
        quotes = ">".repeat(deep),
        bullets = "- ".repeat(deep),
        numbers = "1. ".repeat(deep),
        stars = "*".repeat(deep),
        braces = "{".repeat(deep),
        closing = "}".repeat(deep),
        links = "[a".repeat(deep),
    );
    std::fs::write(dir.join("content/deep.md"), quiz).unwrap();
    let out = quizc(&dir, &["build", "--message-format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let d = diagnostic(&out, "nesting-too-deep");
    assert_eq!(at(&d), (3, 49));
    // A format warning: its message says what happens instead (TeX is shown).
    let math = any_diagnostic(&out, "math-not-converted");
    assert!(
        math["message"].as_str().unwrap().contains("at most 2048"),
        "{math}"
    );
    for built in [
        "json/deep.json",
        "html/deep/index.html",
        "moodle/deep.xml",
        "canvas/deep.zip",
        "qti21/deep.zip",
        "qti30/deep.zip",
        "scorm12/deep.zip",
        "scorm2004/deep.zip",
    ] {
        assert_complete(&dir.join("dist").join(built));
    }
}

#[test]
fn yaml_and_toml_nested_ten_thousand_deep_are_errors_not_overflows() {
    let dir = scratch("deep-settings");
    let deep = 10_000;
    let yaml = format!(
        "---\ntitle: {}{}\n---\n\n{GOOD}",
        "[".repeat(deep),
        "]".repeat(deep)
    );
    std::fs::write(dir.join("content/yaml.md"), yaml).unwrap();
    let out = quizc(&dir, &["check", "--message-format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let d = diagnostic(&out, "invalid-front-matter");
    assert_eq!(at(&d).0, 2, "{d}");

    let toml = format!("[quiz]\ntags = {}{}\n", "[".repeat(deep), "]".repeat(deep));
    std::fs::write(dir.join("quizc.toml"), toml).unwrap();
    let out = quizc(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("quizc.toml"), "{}", stderr(&out));
}

#[test]
fn an_unclosed_blank_and_unclosed_front_matter() {
    let dir = scratch("unclosed");
    std::fs::write(
        dir.join("content/blank.md"),
        "## Q · Fill in the Blanks\n\nThe value is [[0.25 | 1/4]] and [[open.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("content/front.md"),
        "---\ntitle: Never closed\npoints: 2\n\n## Q · Multiple Choice\n\n- [x] a\n- [ ] b\n",
    )
    .unwrap();
    let out = quizc(&dir, &["check", "--message-format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let blank = diagnostic(&out, "unclosed-blank");
    assert_eq!(
        (blank["file"].as_str(), at(&blank)),
        (Some("content/blank.md"), (3, 33))
    );
    let front = diagnostic(&out, "unclosed-front-matter");
    assert_eq!(
        (front["file"].as_str(), at(&front)),
        (Some("content/front.md"), (1, 1))
    );
}

#[test]
fn a_symlink_loop_in_the_content_folder_is_reported_once() {
    let dir = scratch("symlink-loop");
    std::fs::create_dir_all(dir.join("content/unit")).unwrap();
    std::fs::write(dir.join("content/unit/good.md"), GOOD).unwrap();
    std::os::unix::fs::symlink("..", dir.join("content/unit/up")).unwrap();
    std::os::unix::fs::symlink("self.md", dir.join("content/self.md")).unwrap();
    let out = quizc(
        &dir,
        &["build", "--format", "json", "--message-format", "json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let errors: Vec<String> = diagnostics(&out)
        .iter()
        .filter(|d| d["code"] == "unreadable-path")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        errors
            .iter()
            .any(|m| m.contains("content/unit/up") && m.contains("symlink loop")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|m| m.contains("content/self.md") && m.contains("many levels of symbolic links")),
        "{errors:?}"
    );
    diagnostic(&out, "unreadable-path");
    assert!(
        dir.join("dist/json/good.json").exists(),
        "the good quiz is built"
    );
}

/// Runs quizc, failing instead of hanging when it does not finish.
fn run_with_deadline(mut cmd: Command, deadline: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("quizc runs");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > deadline {
            let _ = child.kill();
            panic!("quizc did not finish within {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Whether permission bits stop this process from reading (not as root).
fn permissions_apply(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::write(&probe, "x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let denied = std::fs::File::open(&probe).is_err();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::remove_file(&probe).unwrap();
    denied
}

#[test]
fn an_unreadable_file_is_reported_and_the_others_are_built() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("unreadable");
    std::fs::write(dir.join("content/good.md"), GOOD).unwrap();
    // A FIFO cannot be read even by root: opening it would wait for a
    // writer forever, so quizc must not open it at all.
    let fifo = dir.join("content/pipe.md");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let locked = dir.join("content/locked.md");
    let permissions = permissions_apply(&dir);
    if permissions {
        std::fs::write(&locked, GOOD).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    } else {
        eprintln!("running as root: chmod 000 does not stop reading, so only the FIFO is tested");
    }
    let mut cmd = command(
        &dir,
        &["build", "--format", "json", "--message-format", "json"],
    );
    cmd.stdin(Stdio::null());
    let out = run_with_deadline(cmd, Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let messages: Vec<String> = diagnostics(&out)
        .iter()
        .filter(|d| d["code"] == "unreadable-path")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("content/pipe.md") && m.contains("not a regular file")),
        "{messages:?}"
    );
    if permissions {
        assert!(
            messages
                .iter()
                .any(|m| m.contains("content/locked.md") && m.contains("Permission denied")),
            "{messages:?}"
        );
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    assert!(
        dir.join("dist/json/good.json").exists(),
        "the good quiz is built"
    );
}

fn image_quiz(src: &str) -> String {
    format!("## Plot · Multiple Choice\n\nWhich curve?\n\n![the plot]({src})\n\n- [x] a\n- [ ] b\n")
}

#[test]
fn an_image_that_is_not_an_image_is_an_error_at_the_image() {
    let dir = scratch("not-an-image");
    std::fs::create_dir_all(dir.join("content/img")).unwrap();
    std::fs::write(dir.join("content/img/plot.png"), "this is not a picture\n").unwrap();
    std::fs::write(
        dir.join("content/img/lfs.png"),
        "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n",
    )
    .unwrap();
    std::fs::write(dir.join("content/text.md"), image_quiz("img/plot.png")).unwrap();
    std::fs::write(dir.join("content/lfs.md"), image_quiz("img/lfs.png")).unwrap();
    let out = quizc(
        &dir,
        &["build", "--format", "json", "--message-format", "json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let found: Vec<serde_json::Value> = diagnostics(&out)
        .into_iter()
        .filter(|d| d["code"] == "not-an-image")
        .collect();
    assert_eq!(found.len(), 2, "{}", stderr(&out));
    for d in &found {
        assert_eq!(at(d), (5, 1), "{d}");
        assert!(d["help"].is_string());
    }
    let lfs = found
        .iter()
        .find(|d| d["file"] == "content/lfs.md")
        .unwrap();
    assert!(
        lfs["message"].as_str().unwrap().contains("git lfs pull"),
        "{lfs}"
    );
    let text = found
        .iter()
        .find(|d| d["file"] == "content/text.md")
        .unwrap();
    assert!(
        text["message"].as_str().unwrap().contains("is text"),
        "{text}"
    );
    assert!(!dir.join("dist/json/text.json").exists());
}

#[test]
fn an_image_symlink_leaving_the_content_root_is_refused() {
    let dir = scratch("image-escape");
    std::fs::write(dir.join("quizc.toml"), "").unwrap();
    std::fs::create_dir_all(dir.join("content/img")).unwrap();
    let outside = dir.parent().unwrap().join("image-escape-outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/red-square.png"),
        outside.join("secret.png"),
    )
    .unwrap();
    let _ = std::fs::remove_file(dir.join("content/img/plot.png"));
    std::os::unix::fs::symlink(outside.join("secret.png"), dir.join("content/img/plot.png"))
        .unwrap();
    std::fs::write(dir.join("content/quiz.md"), image_quiz("img/plot.png")).unwrap();
    let out = quizc(
        &dir,
        &["build", "--format", "json", "--message-format", "json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let d = diagnostic(&out, "image-outside-root");
    assert_eq!(
        (d["file"].as_str(), at(&d)),
        (Some("content/quiz.md"), (5, 1))
    );
    assert!(
        !dir.join("dist/json/quiz.json").exists(),
        "nothing leaks out"
    );
}

// ---------------------------------------------------------------- writing

/// Every file under `dir`, by `/`-separated relative path.
fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.map(Result::unwrap) {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(root, &path, out);
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
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn no_temp_files(files: &BTreeMap<String, Vec<u8>>) {
    let temps: Vec<&String> = files.keys().filter(|p| p.contains(".quizc-tmp-")).collect();
    assert!(temps.is_empty(), "temporary files left: {temps:?}");
}

/// A zip whose every entry decompresses, well-formed XML, parseable JSON.
fn assert_complete(path: &Path) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    check_complete(&path.to_string_lossy(), &bytes);
}

fn check_complete(name: &str, bytes: &[u8]) {
    if name.ends_with(".zip") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .unwrap_or_else(|e| panic!("{name} is not a zip: {e}"));
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let mut content = Vec::new();
            entry
                .read_to_end(&mut content)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let entry_name = entry.name().expect("entry name").to_string();
            if entry_name.ends_with(".xml") {
                check_complete(&format!("{name}/{entry_name}"), &content);
            }
        }
    } else if name.ends_with(".xml") {
        let text = std::str::from_utf8(bytes).unwrap();
        roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    } else if name.ends_with(".json") {
        serde_json::from_slice::<serde_json::Value>(bytes)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    } else if name.ends_with(".html") {
        let text = String::from_utf8_lossy(bytes);
        assert!(text.trim_end().ends_with("</html>"), "{name} is cut short");
    }
}

/// Each file is the earlier build's or the complete new one's: never
/// anything else, never a temporary file.
fn assert_old_or_new(
    now: &BTreeMap<String, Vec<u8>>,
    old: &BTreeMap<String, Vec<u8>>,
    new: &BTreeMap<String, Vec<u8>>,
) -> (usize, usize) {
    no_temp_files(now);
    let (mut kept, mut replaced) = (0, 0);
    for (path, bytes) in now {
        check_complete(path, bytes);
        if old.get(path) == Some(bytes) {
            kept += 1;
        } else if new.get(path) == Some(bytes) {
            replaced += 1;
        } else {
            panic!("{path} is neither the earlier nor the new output");
        }
    }
    (kept, replaced)
}

/// `files` quizzes of `questions` questions; `version` changes every one.
fn write_bank(content: &Path, files: usize, questions: usize, version: &str) {
    for f in 0..files {
        let mut quiz = format!("---\ntitle: Bank {f}\n---\n\n");
        for i in 1..=questions {
            quiz.push_str(&match i % 4 {
                0 => format!("## Question {i} · Multiple Choice\n\nCase {i} ({version}): what is $x^2$ at {i}?\n\n- [x] {}\n  > Right.\n- [ ] {i}\n\n> **Explanation:** Squares.\n\n", i * i),
                1 => format!("## Question {i} · True / False\n\nCase {i} ({version}): sorting is stable.\n\n- [x] True\n- [ ] False\n\n"),
                2 => format!("## Question {i} · Numerical\n\nCase {i} ({version}): the value?\n\n- [x] 0.25 ± 0.01\n\n"),
                _ => format!("## Question {i} · Short Answer\n\nCase {i} ({version}): name it.\n\n- [x] ReLU\n\n"),
            });
        }
        std::fs::write(content.join(format!("bank-{f:02}.md")), quiz).unwrap();
    }
}

#[test]
fn an_output_folder_that_cannot_be_made_fails_naming_the_path() {
    let dir = scratch("out-not-writable");
    std::fs::write(dir.join("content/good.md"), GOOD).unwrap();
    let first = quizc(&dir, &["build", "--format", "json,moodle", "-q"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = files_under(&dir.join("dist"));

    // A file where the json folder should be stops writes even as root.
    std::fs::remove_dir_all(dir.join("dist/json")).unwrap();
    std::fs::write(dir.join("dist/json"), "in the way").unwrap();
    std::fs::write(dir.join("content/good.md"), GOOD.replace("Lyon", "Lille")).unwrap();
    let out = quizc(&dir, &["build", "--format", "json,moodle", "-q"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("error[write-failed]"), "{err}");
    assert!(
        err.contains(
            "cannot write dist/json/good.json: cannot create the folder dist/json: File exists"
        ),
        "names the file, the folder and the OS reason: {err}"
    );

    let after = files_under(&dir.join("dist"));
    no_temp_files(&after);
    assert_eq!(after["json"], b"in the way", "the obstacle is left alone");
    assert_ne!(
        after["moodle/good.xml"], before["moodle/good.xml"],
        "moodle is still written"
    );
    assert_complete(&dir.join("dist/moodle/good.xml"));

    // A whole --out that is a file.
    let out = quizc(
        &dir,
        &["build", "--format", "json", "--out", "content/good.md"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot create the folder content/good.md/json: Not a directory"),
        "{}",
        stderr(&out)
    );
}

/// quizc with a file-size limit, as on a full disk: writes past `bytes`
/// fail with EFBIG (SIGXFSZ ignored, or the kernel would kill it).
fn quizc_with_size_limit(dir: &Path, args: &[&str], bytes: u64) -> Output {
    let mut cmd = command(dir, args);
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("quizc runs")
}

#[test]
fn a_full_disk_leaves_no_temporary_and_no_partial_file() {
    let dir = scratch("disk-full");
    let formats = "json,moodle,canvas,qti21";
    write_bank(&dir.join("content"), 1, 200, "v1");
    std::fs::write(dir.join("content/small.md"), GOOD).unwrap();
    let first = quizc(&dir, &["build", "--format", formats, "-q"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let old = files_under(&dir.join("dist"));

    write_bank(&dir.join("content"), 1, 200, "v2");
    std::fs::write(dir.join("content/small.md"), GOOD.replace("Lyon", "Lille")).unwrap();
    let limit = 32 * 1024;
    let full = quizc_with_size_limit(&dir, &["build", "--format", formats, "-q"], limit);
    assert_eq!(full.status.code(), Some(1), "{}", stderr(&full));
    let err = stderr(&full);
    assert!(err.contains("error[write-failed]"), "{err}");
    assert!(
        err.contains("dist/moodle/bank-00.xml"),
        "names the file: {err}"
    );
    assert!(err.contains("File too large"), "gives the OS reason: {err}");
    let during = files_under(&dir.join("dist"));

    // The same build with room to write shows what each file should become.
    let again = quizc(&dir, &["build", "--format", formats, "-q"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let new = files_under(&dir.join("dist"));
    let (kept, replaced) = assert_old_or_new(&during, &old, &new);
    assert!(kept > 0 && replaced > 0, "kept {kept}, replaced {replaced}");
    assert!(
        old["moodle/bank-00.xml"].len() as u64 > limit,
        "the test needs a big file"
    );
    assert_eq!(
        during["moodle/bank-00.xml"], old["moodle/bank-00.xml"],
        "left intact"
    );
    assert_eq!(
        during["moodle/small.xml"], new["moodle/small.xml"],
        "small files written"
    );
}

/// Temporary files under `dir` right now.
fn temp_file_exists(dir: &Path) -> bool {
    fn walk(dir: &Path) -> bool {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return false;
        };
        entries.filter_map(Result::ok).any(|e| {
            let name = e.file_name();
            name.to_string_lossy().contains(".quizc-tmp-")
                || (e.file_type().is_ok_and(|t| t.is_dir()) && walk(&e.path()))
        })
    }
    walk(dir)
}

/// Starts a build and sends SIGINT `delay` after its first temporary file
/// appears; returns the exit code (0 when the build ended first).
fn interrupt_while_writing(dir: &Path, delay: Duration) -> Option<i32> {
    let mut child: Child = command(dir, &["build", "-q"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("quizc runs");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        assert!(started.elapsed() < Duration::from_secs(300), "build hangs");
        if temp_file_exists(&dir.join("dist")) {
            // Let a few files be renamed into place, then interrupt.
            std::thread::sleep(delay);
            unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr).into_owned();
            if out.status.code() == Some(130) {
                assert!(err.contains("interrupted"), "{err}");
            }
            return out.status.code();
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn ctrl_c_while_writing_leaves_each_output_old_or_new() {
    let dir = scratch("ctrl-c");
    let content = dir.join("content");
    write_bank(&content, 24, 50, "v1");
    let first = quizc(&dir, &["build", "-q"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let old = files_under(&dir.join("dist"));
    assert!(old.len() > 150, "{} files", old.len());

    write_bank(&content, 24, 50, "v2");
    let mut outcome = None;
    // Shorter delays for a machine that writes the whole build in 30 ms.
    for delay in [30, 5, 0] {
        outcome = interrupt_while_writing(&dir, Duration::from_millis(delay));
        if outcome != Some(0) {
            break;
        }
        // Finished before the signal: start again from the old build.
        for (path, bytes) in &old {
            std::fs::write(dir.join("dist").join(path), bytes).unwrap();
        }
    }
    assert_eq!(
        outcome,
        Some(130),
        "the build was interrupted while writing"
    );
    let during = files_under(&dir.join("dist"));

    let finish = quizc(&dir, &["build", "-q"]);
    assert_eq!(finish.status.code(), Some(0), "{}", stderr(&finish));
    let new = files_under(&dir.join("dist"));
    no_temp_files(&new);
    let (kept, replaced) = assert_old_or_new(&during, &old, &new);
    eprintln!("interrupted with {replaced} files new and {kept} as before");
    assert_eq!(
        during.keys().collect::<Vec<_>>(),
        old.keys().collect::<Vec<_>>(),
        "no output was removed or added half-way"
    );
}
