//! The command line as CI uses it: exit codes, output layout, atomic and
//! reproducible writes, machine-readable diagnostics.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn quizc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quizc"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("quizc runs")
}

/// A fresh folder under target/ for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("content")).unwrap();
    dir
}

const GOOD: &str = "---\ntitle: Good\n---\n\n## Capital · Multiple Choice\n\nThe capital of France?\n\n- [ ] Lyon\n- [x] Paris\n";
const BAD: &str =
    "## Capital · Multiple Choice\n\nThe capital of France?\n\n- [ ] Lyon\n- [ ] Paris\n";

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn build_writes_one_file_per_quiz_and_format() {
    let dir = scratch("layout");
    std::fs::write(dir.join("content/good.md"), GOOD).unwrap();
    std::fs::write(
        dir.join("content/README.md"),
        "# Not a quiz\n\nJust notes.\n",
    )
    .unwrap();
    let out = quizc(&dir, &["build", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = std::fs::read_to_string(dir.join("dist/json/good.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["id"], "good");
    assert_eq!(v["quizc_json_version"], 1);
    assert!(
        !dir.join("dist/json/README.json").exists(),
        "README.md is not a quiz"
    );
}

#[test]
fn errors_exit_1_and_write_nothing_for_that_quiz() {
    let dir = scratch("errors");
    std::fs::write(dir.join("content/good.md"), GOOD).unwrap();
    std::fs::write(dir.join("content/bad.md"), GOOD).unwrap();
    let first = quizc(&dir, &["build", "--format", "json"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(dir.join("dist/json/bad.json").exists());

    // Now bad.md breaks: its earlier output is removed, good.json stays.
    std::fs::write(dir.join("content/bad.md"), BAD).unwrap();
    let second = quizc(&dir, &["build", "--format", "json"]);
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    assert!(
        !dir.join("dist/json/bad.json").exists(),
        "stale output removed"
    );
    assert!(dir.join("dist/json/good.json").exists());
    let err = stderr(&second);
    assert!(
        err.contains("bad.md:1:1") || err.contains("bad.md:1:"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2_and_list_the_formats() {
    let dir = scratch("usage");
    let out = quizc(&dir, &["build", "--format", "pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown format `pdf`; available: json"),
        "{}",
        stderr(&out)
    );
    let out = quizc(&dir, &["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn builds_are_byte_identical() {
    let dir = scratch("repro");
    std::fs::write(dir.join("content/good.md"), GOOD).unwrap();
    assert!(quizc(&dir, &["build", "--out", "a"]).status.success());
    assert!(quizc(&dir, &["build", "--out", "b"]).status.success());
    let files = |root: &Path| {
        let mut v = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    v.push((
                        p.strip_prefix(root).unwrap().to_path_buf(),
                        std::fs::read(&p).unwrap(),
                    ));
                }
            }
        }
        v.sort();
        v
    };
    let (a, b) = (files(&dir.join("a")), files(&dir.join("b")));
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn json_message_format_is_one_object_per_line() {
    let dir = scratch("json-diags");
    std::fs::write(dir.join("content/bad.md"), BAD).unwrap();
    let out = quizc(&dir, &["check", "--message-format", "json", "-q"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["severity"], "error");
    assert_eq!(first["line"], 1);
    assert!(first["file"].as_str().unwrap().ends_with("bad.md"));
    assert!(first["code"].is_string() && first["help"].is_string());
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let dir = scratch("deny");
    let warned = "---\ntitle: W\ncolour: blue\n---\n\n## Capital · Multiple Choice\n\nThe capital?\n\n- [ ] Lyon\n- [x] Paris\n";
    std::fs::write(dir.join("content/w.md"), warned).unwrap();
    assert_eq!(quizc(&dir, &["check"]).status.code(), Some(0));
    assert_eq!(
        quizc(&dir, &["check", "--deny-warnings"]).status.code(),
        Some(1)
    );
}

#[test]
fn github_message_format_annotates_the_line() {
    let dir = scratch("github");
    std::fs::write(dir.join("content/bad.md"), BAD).unwrap();
    let out = quizc(&dir, &["check", "--message-format", "github", "-q"]);
    let text = stderr(&out);
    assert!(text.starts_with("::error file="), "{text}");
    assert!(text.contains("bad.md,line=1,col=1"), "{text}");
}

#[test]
fn new_writes_a_starter_that_checks_clean() {
    let dir = scratch("new");
    let out = quizc(&dir, &["new", "Cell Biology"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.join("content/cell-biology.md").exists());
    let check = quizc(&dir, &["check", "--deny-warnings"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    // Never overwrites.
    assert_eq!(quizc(&dir, &["new", "Cell Biology"]).status.code(), Some(2));
}

#[test]
fn import_then_build_keeps_the_questions() {
    let dir = scratch("import");
    let txt = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/vanishing-gradient.txt");
    std::fs::copy(&txt, dir.join("seed.txt")).unwrap();
    let out = quizc(&dir, &["import", "seed.txt", "-o", "content/seed.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let build = quizc(&dir, &["build", "--format", "json"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let from_md: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("dist/json/seed.json")).unwrap()).unwrap();
    let types: Vec<_> = from_md["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["answer"]["type"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        types,
        [
            "multiple_choice",
            "multiple_choice",
            "true_false",
            "true_false",
            "open"
        ]
    );
}

#[test]
fn two_quizzes_with_one_id_are_both_refused() {
    let dir = scratch("dup-ids");
    let same = GOOD.replace("title: Good", "title: Good\nid: same");
    std::fs::write(dir.join("content/a.md"), &same).unwrap();
    std::fs::write(dir.join("content/b.md"), &same).unwrap();
    let out = quizc(&dir, &["build", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("duplicate-quiz-id") && err.contains("a.md") && err.contains("b.md"),
        "{err}"
    );
    assert!(!dir.join("dist/json/same.json").exists());
}
