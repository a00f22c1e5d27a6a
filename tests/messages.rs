//! Golden files of the diagnostic formats CI and editors read: `json`,
//! `github` and `short` (and `human`, the code frames authors see).
//! Re-bless with `QUIZC_BLESS=1 cargo test --test messages`.

use std::path::Path;
use std::process::Command;

const QUIZ: &str = "---\ntitle: Broken\ncolour: blue\n---\n\n## Question 1 · Multple Choice\n\nPick one.\n\n- [ ] a\n- [ ] b\n\n## Numbers · Numerical\n\nHow much?\n\n- [x] a lot\n";

fn messages(format: &str) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("messages").join(format);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("broken.md"), QUIZ).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_quizc"))
        .args(["check", "broken.md", "-q", "--message-format", format])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8(out.stderr).unwrap()
}

fn golden(format: &str) {
    let actual = messages(format);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/messages/{format}.txt"));
    if std::env::var_os("QUIZC_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(actual, expected, "{format} messages differ from {}", path.display());
}

#[test]
fn json_messages() {
    golden("json");
    for line in messages("json").lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for key in ["severity", "code", "message", "file", "line", "column", "help"] {
            assert!(v.get(key).is_some(), "{key} missing in {line}");
        }
    }
}

#[test]
fn github_messages() {
    golden("github");
}

#[test]
fn short_messages() {
    golden("short");
}

#[test]
fn human_messages() {
    golden("human");
}
