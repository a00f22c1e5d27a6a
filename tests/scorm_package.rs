//! SCORM packages: manifests against the SCORM schemas (`../shared/schemas/validate
//! package`), golden manifests (`tests/golden/scorm12/`, `tests/golden/scorm2004/`;
//! re-bless with `QUIZC_BLESS=1 cargo test --test scorm_package`), zip
//! structure and reproducibility, and the adapter's configuration.
//!
//! The schema check needs `xmllint` and `unzip` (`apt-get install -y
//! libxml2-utils unzip`); without them it says so and passes, except under
//! `CI=true`, where it fails.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

const VERSIONS: [&str; 2] = ["scorm12", "scorm2004"];
const FIXTURES: [&str; 2] = ["all-types", "on-submit"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = root()
        .join("target/scorm-package")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Builds every fixture in both versions; returns the output folder.
fn build(name: &str) -> PathBuf {
    let out = scratch(name);
    let output = Command::new(env!("CARGO_BIN_EXE_quizc"))
        .args(["build", "-q", "-f", "scorm12,scorm2004", "-o"])
        .arg(&out)
        .arg(root().join("tests/fixtures/scorm"))
        .output()
        .expect("quizc runs");
    assert!(
        output.status.success(),
        "quizc build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

fn zip_path(out: &Path, version: &str, id: &str) -> PathBuf {
    out.join(version).join(format!("{id}.zip"))
}

fn quiz_id(fixture: &str) -> &'static str {
    match fixture {
        "all-types" => "scorm-check",
        _ => "graded-check",
    }
}

fn entries(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(zip).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

fn text(entries: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, bytes) = entries
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} missing"));
    String::from_utf8(bytes.clone()).unwrap()
}

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn manifests_are_valid_against_the_scorm_schemas() {
    let validate = root().join("../shared/schemas/validate");
    let mut missing = Vec::new();
    if !validate.is_file() {
        missing.push(validate.display().to_string());
    }
    for tool in ["xmllint", "unzip"] {
        if !have(tool) {
            missing.push(tool.to_string());
        }
    }
    if !missing.is_empty() {
        let message = format!(
            "SCORM schema validation needs {}; install with: apt-get install -y libxml2-utils unzip",
            missing.join(", ")
        );
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{message} (CI=true: missing tools fail the test)");
        }
        eprintln!("\n*** SKIPPED: {message} ***\n");
        return;
    }
    let out = build("validate");
    for version in VERSIONS {
        for fixture in FIXTURES {
            let zip = zip_path(&out, version, quiz_id(fixture));
            let output = Command::new(&validate)
                .arg("package")
                .arg(&zip)
                .output()
                .expect("validate runs");
            let report = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            println!("{report}");
            assert!(output.status.success(), "{version} {fixture}:\n{report}");
            assert!(
                report.contains(&format!("ok   {version}-manifest")),
                "{version} {fixture} was not checked as {version}:\n{report}"
            );
        }
    }
}

#[test]
fn manifests_match_the_golden_files() {
    let out = build("golden");
    let bless = std::env::var_os("QUIZC_BLESS").is_some();
    for version in VERSIONS {
        for fixture in FIXTURES {
            let zip = zip_path(&out, version, quiz_id(fixture));
            let manifest = text(&entries(&zip), "imsmanifest.xml");
            let golden = root()
                .join("tests/golden")
                .join(version)
                .join(format!("{fixture}.imsmanifest.xml"));
            if bless {
                std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
                std::fs::write(&golden, &manifest).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&golden).unwrap_or_default();
            assert_eq!(
                manifest,
                expected,
                "{} differs (re-bless with QUIZC_BLESS=1 cargo test --test scorm_package)",
                golden.display()
            );
        }
    }
}

#[test]
fn zips_are_reproducible_sorted_and_list_every_file() {
    let first = build("repro-a");
    let second = build("repro-b");
    for version in VERSIONS {
        for fixture in FIXTURES {
            let id = quiz_id(fixture);
            let a = std::fs::read(zip_path(&first, version, id)).unwrap();
            let b = std::fs::read(zip_path(&second, version, id)).unwrap();
            assert!(a == b, "{version} {fixture}: two builds differ");
            let files = entries(&zip_path(&first, version, id));
            let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
            let mut sorted = names.clone();
            sorted.sort();
            assert_eq!(names, sorted, "entries are sorted");
            assert!(names.contains(&"imsmanifest.xml"));
            assert!(names.contains(&"index.html"));
            if fixture == "all-types" {
                assert!(
                    names
                        .iter()
                        .any(|n| n.starts_with("assets/relu-plot-") && n.ends_with(".png")),
                    "the image is packaged under a URL-safe name: {names:?}"
                );
            }
            assert!(!names.contains(&"key.html"), "no answer key for learners");
            let manifest = text(&files, "imsmanifest.xml");
            for name in names.iter().filter(|n| **n != "imsmanifest.xml") {
                assert!(
                    manifest.contains(&format!("<file href=\"{name}\"/>")),
                    "{name} is not listed in the manifest"
                );
            }
            let file = std::fs::File::open(zip_path(&first, version, id)).unwrap();
            let mut archive = zip::ZipArchive::new(file).unwrap();
            for i in 0..archive.len() {
                let entry = archive.by_index(i).unwrap();
                let t = entry.last_modified().unwrap_or_default();
                assert_eq!(
                    (t.year(), t.month(), t.day()),
                    (1980, 1, 1),
                    "fixed timestamps"
                );
            }
        }
    }
}

#[test]
fn the_sco_carries_the_adapter_and_the_version_formats() {
    let out = build("page");
    let twelve = entries(&zip_path(&out, "scorm12", "scorm-check"));
    let page = text(&twelve, "index.html");
    let data_at = page.find("id=\"quizc-data\"").expect("page data");
    let config_at = page
        .find("window.quizcScormConfig = {")
        .expect("adapter config");
    let adapter_at = page.find("quizc SCORM adapter").expect("adapter");
    let runtime_at = page.find("quizc runtime:").expect("page runtime");
    assert!(
        data_at < config_at && config_at < adapter_at && adapter_at < runtime_at,
        "the adapter runs after the page data and before the page runtime"
    );
    assert!(page.contains(r#""scorm_finish":"Finish""#));
    assert!(
        !page.contains("../index.html"),
        "no link out of the package"
    );
    for pattern in [
        r#""correct":["a,c"]"#,
        r#""correct":["f"]"#,
        r#""correct":["1.a,2.b"]"#,
        r#""correct":["0.25"]"#,
        r#""correct":["max,1"]"#,
        r#""correct":["a,b,c"]"#,
        r#""correct":["one quarter"]"#,
        r#""open_type":"fill-in""#,
        r#""wrong":"wrong""#,
        r#""suspend_max":4096"#,
    ] {
        assert!(page.contains(pattern), "1.2 page lacks {pattern}");
    }
    let page = text(
        &entries(&zip_path(&out, "scorm2004", "scorm-check")),
        "index.html",
    );
    for pattern in [
        r#""correct":["a[,]c"]"#,
        r#""correct":["false"]"#,
        r#""correct":["1[.]a[,]2[.]b"]"#,
        r#""correct":["0.24[:]0.26"]"#,
        r#""correct":["max[,]1"]"#,
        r#""correct":["a[,]b[,]c"]"#,
        r#""correct":["one quarter","a quarter"]"#,
        r#""open_type":"long-fill-in""#,
        r#""wrong":"incorrect""#,
        r#""description":"Q1 – Which one is right?"#,
    ] {
        assert!(page.contains(pattern), "2004 page lacks {pattern}");
    }
}

#[test]
fn pass_marks_reach_the_manifest() {
    let out = build("pass");
    let m12 = text(
        &entries(&zip_path(&out, "scorm12", "scorm-check")),
        "imsmanifest.xml",
    );
    assert!(m12.contains("<adlcp:masteryscore>80</adlcp:masteryscore>"));
    let m04 = text(
        &entries(&zip_path(&out, "scorm2004", "scorm-check")),
        "imsmanifest.xml",
    );
    assert!(m04.contains("satisfiedByMeasure=\"true\""));
    assert!(m04.contains("<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>"));
    let none = text(
        &entries(&zip_path(&out, "scorm12", "graded-check")),
        "imsmanifest.xml",
    );
    assert!(
        !none.contains("masteryscore"),
        "no pass mark, no mastery score"
    );
}

/// Builds one quiz written here; returns (output folder, stderr).
fn build_source(name: &str, source: &str) -> (PathBuf, String) {
    let dir = scratch(name);
    let quiz = dir.join("quiz.md");
    std::fs::write(&quiz, source).unwrap();
    let out = dir.join("dist");
    let output = Command::new(env!("CARGO_BIN_EXE_quizc"))
        .args([
            "build",
            "--message-format",
            "short",
            "-f",
            "scorm12,scorm2004",
            "-o",
        ])
        .arg(&out)
        .arg(&quiz)
        .output()
        .expect("quizc runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    (out, stderr)
}

#[test]
fn a_quiz_whose_progress_cannot_fit_scorm_12_is_warned_about() {
    let mut source = String::from("---\ntitle: Long\nid: long-quiz\n---\n\n");
    for i in 0..12 {
        source.push_str(&format!(
            "## Question {i} · Short Answer {{#sa{i}}}\n\nName it.\n\n- [x] it\n\n"
        ));
    }
    let (_, stderr) = build_source("budget", &source);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("scorm-suspend-data"))
        .collect();
    assert_eq!(warnings.len(), 1, "only SCORM 1.2 is too small:\n{stderr}");
    assert!(warnings[0].contains("4096"), "{}", warnings[0]);
}

#[test]
fn titles_are_escaped_and_cut_in_the_manifest() {
    let title = format!("Q&A <tags> \"quoted\" {}", "x".repeat(300));
    let source = format!(
        "---\ntitle: '{title}'\nid: escaped\n---\n\n## One · True / False\n\nYes?\n\n- [x] True\n- [ ] False\n"
    );
    let (out, _) = build_source("escape", &source);
    for version in VERSIONS {
        let manifest = text(
            &entries(&zip_path(&out, version, "escaped")),
            "imsmanifest.xml",
        );
        assert!(manifest.contains("<title>Q&amp;A &lt;tags&gt; &quot;quoted&quot; xxx"));
        let start = manifest.find("<title>").unwrap() + "<title>".len();
        let end = manifest[start..].find("</title>").unwrap() + start;
        let plain = manifest[start..end]
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"");
        assert!(plain.chars().count() <= 200, "{}", plain.len());
        assert!(plain.ends_with('…'));
    }
}

#[test]
fn auto_finish_is_an_option_in_quizc_toml() {
    let dir = scratch("auto-finish");
    std::fs::write(
        dir.join("quizc.toml"),
        "[format.scorm]\nauto_finish = false\n\n[format.scorm2004]\nauto_finish = true\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("quiz.md"),
        "---\ntitle: Option\nid: option\n---\n\n## One · True / False\n\nYes?\n\n- [x] True\n- [ ] False\n",
    )
    .unwrap();
    let out = dir.join("dist");
    let output = Command::new(env!("CARGO_BIN_EXE_quizc"))
        .args(["build", "-q", "-f", "scorm12,scorm2004", "-o"])
        .arg(&out)
        .arg(&dir)
        .output()
        .expect("quizc runs");
    assert!(output.status.success());
    let page = |v| text(&entries(&zip_path(&out, v, "option")), "index.html");
    assert!(
        page("scorm12").contains(r#""auto_finish":false"#),
        "[format.scorm]"
    );
    assert!(
        page("scorm2004").contains(r#""auto_finish":true"#),
        "[format.scorm2004] wins over [format.scorm]"
    );
}
