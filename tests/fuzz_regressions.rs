//! Inputs the fuzzers (`fuzz/`) flagged, kept as regression tests: each is
//! built into every format by the real binary, which must finish and exit
//! with 0 (built) or 1 (diagnosed errors), never crash.
//!
//! The three flagged so far were slow, not wrong: libFuzzer's per-input
//! timer fired while the machine was loaded; each builds in well under a
//! second on its own.

use std::path::Path;
use std::process::Command;

fn build_all(name: &str) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(name);
    let out = std::env::temp_dir().join(format!("quizc-fuzz-{}-{name}", std::process::id()));
    let result = Command::new(env!("CARGO_BIN_EXE_quizc"))
        .args([
            "build",
            "--format",
            "all",
            "--message-format",
            "short",
            "--out",
        ])
        .arg(&out)
        .arg(&fixture)
        .output()
        .expect("run quizc");
    let _ = std::fs::remove_dir_all(&out);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        matches!(result.status.code(), Some(0 | 1)),
        "{name}: {:?}\n{stderr}",
        result.status
    );
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
}

#[test]
fn ordering_with_nul_and_bare_heading_builds() {
    build_all("ordering-with-nul-and-bare-heading.md");
}

#[test]
fn every_type_slow_unit_builds() {
    build_all("every-type-slow-unit.md");
}

#[test]
fn pool_headings_with_nul_run_builds() {
    build_all("pool-headings-with-nul-run.md");
}
