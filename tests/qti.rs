//! QTI 2.1 and 3.0 packages: golden XML, schema validation, zip structure,
//! escaping and reproducibility.
//!
//! Golden files: `tests/golden/<format>/<case>/<path in the package>` for
//! every XML file of the package (not the zip bytes). Re-bless with
//! `QUIZC_BLESS=1 cargo test --test qti` and review the diff like code.

mod qti_support;

use qti_support::*;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

const FORMATS: [&str; 2] = ["qti21", "qti30"];

fn check_golden(format: &str, case: &str, tree: &quizc::emit::Tree) {
    let dir = manifest_dir().join("tests/golden").join(format).join(case);
    let bless = std::env::var_os("QUIZC_BLESS").is_some();
    let xml: Vec<(&String, &Vec<u8>)> = tree
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".xml"))
        .collect();
    if bless {
        let _ = std::fs::remove_dir_all(&dir);
        for (path, bytes) in &xml {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, bytes).unwrap();
        }
        return;
    }
    let mut mismatches = Vec::new();
    for (path, bytes) in &xml {
        match std::fs::read(dir.join(path)) {
            Ok(expected) if expected == **bytes => {}
            Ok(expected) => mismatches.push(format!(
                "{format}/{case}/{path} differs:\n--- expected\n{}\n--- actual\n{}",
                String::from_utf8_lossy(&expected),
                String::from_utf8_lossy(bytes)
            )),
            Err(_) => mismatches.push(format!("{format}/{case}/{path}: no golden file")),
        }
    }
    // Golden files the package no longer has.
    let produced: BTreeSet<String> = xml.iter().map(|(p, _)| p.to_string()).collect();
    for entry in walk(&dir) {
        let rel = entry
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !produced.contains(&rel) {
            mismatches.push(format!(
                "{format}/{case}/{rel}: golden file not produced any more"
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}\n(re-bless with QUIZC_BLESS=1 after reviewing)",
        mismatches.join("\n")
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn golden_xml_per_type_and_version() {
    for format in FORMATS {
        for (case, quiz) in all_cases() {
            let (tree, _) = emit(format, &quiz);
            check_golden(format, &case, &tree);
        }
    }
}

#[test]
fn qti21_packages_and_files_are_schema_valid() {
    schema_valid("qti21");
}

#[test]
fn qti30_packages_and_files_are_schema_valid() {
    schema_valid("qti30");
}

/// Every case's package passes `validate package` (the manifest, every
/// referenced file, every item and test by its namespace); the whole-quiz
/// case is also validated file by file with `validate <format>`.
fn schema_valid(format: &str) {
    let Some(validator) = validator() else { return };
    let dir = scratch(&format!("schema-{format}"));
    let mut zips = Vec::new();
    let mut files = Vec::new();
    for (case, quiz) in all_cases() {
        let (tree, _) = emit(format, &quiz);
        let zip = dir.join(format!("{case}.zip"));
        std::fs::write(&zip, tree.to_zip().unwrap()).unwrap();
        zips.push(zip);
        if case != "whole-quiz" {
            continue;
        }
        for (path, bytes) in &tree.files {
            if !path.ends_with(".xml") || path == "imsmanifest.xml" {
                continue;
            }
            let file = dir.join(&case).join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, bytes).unwrap();
            files.push(file);
        }
    }
    let files: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    validate(&validator, &files, format);
    let zips: Vec<&Path> = zips.iter().map(|p| p.as_path()).collect();
    validate(&validator, &zips, "package");
}

/// Entry names of a zip, in order, and their contents.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

#[test]
fn zip_paths_are_relative_and_every_reference_resolves() {
    for format in FORMATS {
        let quiz = whole_quiz();
        let (tree, _) = emit(format, &quiz);
        let entries = unzip(&tree.to_zip().unwrap());
        let names: BTreeSet<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        for name in &names {
            assert!(
                !name.starts_with('/') && !name.contains("..") && !name.contains('\\'),
                "{format}: bad entry {name}"
            );
        }
        assert!(names.contains("imsmanifest.xml"));
        assert!(names.contains("assets/relu-plot-1a2b3c4d.png"));
        // Every href in the manifest and every src/href in the documents.
        for (name, data) in &entries {
            if !name.ends_with(".xml") {
                continue;
            }
            let text = String::from_utf8(data.clone()).unwrap();
            let doc = roxmltree::Document::parse(&text).unwrap();
            let base = Path::new(name).parent().unwrap_or(Path::new(""));
            for node in doc.descendants() {
                for attr in ["href", "src"] {
                    let Some(target) = node.attribute(attr) else {
                        continue;
                    };
                    if target.contains("://") || target.starts_with("mailto:") {
                        continue; // links out of the package
                    }
                    let resolved = normalize(&base.join(target));
                    assert!(
                        names.contains(resolved.as_str()),
                        "{format}: {name} refers to {target} ({resolved}), not in the zip"
                    );
                }
            }
        }
    }
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn two_builds_give_byte_identical_zips() {
    for format in FORMATS {
        for (case, quiz) in all_cases() {
            let a = emit(format, &quiz).0.to_zip().unwrap();
            let b = emit(format, &quiz).0.to_zip().unwrap();
            assert!(a == b, "{format}/{case}: zips differ between builds");
        }
    }
}

#[test]
fn hostile_text_is_escaped_once_everywhere() {
    use quizc::model::*;
    let hostile = "<script>alert(1)</script> & \"q\" ]]> \u{1}";
    let mut q = question(
        "hostile",
        Some(hostile),
        Rich::text(hostile),
        Answer::ShortAnswer {
            accepted: vec![text_answer(hostile)],
            wrong: vec![],
            case_sensitive: true,
        },
    );
    q.feedback.general = Some(Rich::text(hostile));
    let match_q = question(
        "hostile-match",
        None,
        Rich::text("m"),
        Answer::Matching {
            pairs: vec![
                Pair {
                    left: hostile.into(),
                    right: "<b>".into(),
                    span: span(),
                },
                Pair {
                    left: "&amp;".into(),
                    right: "]]>".into(),
                    span: span(),
                },
            ],
            distractors: vec![],
        },
    );
    let mut quiz = quiz("hostile", vec![Item::Question(q), Item::Question(match_q)]);
    quiz.title = hostile.into();
    quiz.description = hostile.into();
    for format in FORMATS {
        let (tree, _) = emit(format, &quiz);
        for (path, bytes) in &tree.files {
            if !path.ends_with(".xml") {
                continue;
            }
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(!text.contains("<script>"), "{format}/{path}: raw <script>");
            assert!(
                !text.contains('\u{1}'),
                "{format}/{path}: control character"
            );
            let doc = roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{format}/{path} is not well-formed: {e}"));
            if path.starts_with("items/hostile.xml") {
                // The literal answer survives exactly (minus the XML-illegal
                // control character), escaped once.
                let clean = hostile.replace('\u{1}', "");
                let value = doc.descendants().find(|n| {
                    n.tag_name().name().ends_with("value") && n.text() == Some(clean.as_str())
                });
                assert!(value.is_some(), "{format}: correct response text changed");
                assert!(!text.contains("&amp;lt;script&amp;gt;"));
            }
            if path.starts_with("items/hostile-match.xml") {
                assert!(
                    text.contains(">&amp;amp;<"),
                    "{format}: `&amp;` must stay literal text"
                );
            }
        }
    }
}

#[test]
fn item_scores_are_points_and_maxscore_is_declared() {
    for format in FORMATS {
        let (tree, _) = emit(format, &multiple_choice());
        let text = String::from_utf8(tree.get("items/mc.xml").unwrap().to_vec()).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let max = doc
            .descendants()
            .find(|n| n.attribute("identifier") == Some("MAXSCORE"))
            .expect("MAXSCORE declared");
        assert_eq!(
            max.descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect::<String>()
                .trim(),
            "2"
        );
    }
}

#[test]
fn hints_and_attempts_are_warnings() {
    let mut quiz = true_false();
    quiz.settings.attempts = Some(2);
    if let quizc::model::Item::Question(q) = &mut quiz.items[0] {
        q.feedback
            .hints
            .push(quizc::model::Rich::text("Think of depth."));
    }
    for format in FORMATS {
        let (_, diags) = emit(format, &quiz);
        let codes: Vec<&str> = diags.items.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"qti-hint-dropped"), "{codes:?}");
        assert!(codes.contains(&"qti-attempts-not-carried"), "{codes:?}");
    }
}

/// Writes every case's package to `target/qti-tests/packages/<format>/` and,
/// when `QTI_PLAYER` names a set-up copy of `shared/lms/qti-player` (with
/// `node_modules`), runs each package through both QTI engines: every item
/// given its declared correct response must score MAXSCORE, and `--wrong`
/// responses must score 0.
#[test]
fn packages_score_in_real_qti_players() {
    let root = scratch("packages");
    let mut zips = Vec::new();
    for format in FORMATS {
        std::fs::create_dir_all(root.join(format)).unwrap();
        for (case, quiz) in all_cases() {
            let zip = root.join(format).join(format!("{case}.zip"));
            std::fs::write(&zip, emit(format, &quiz).0.to_zip().unwrap()).unwrap();
            zips.push(zip);
        }
    }
    let Some(player) = std::env::var_os("QTI_PLAYER").map(std::path::PathBuf::from) else {
        eprintln!(
            "QTI players SKIPPED: set QTI_PLAYER to a copy of shared/lms/qti-player after `npm ci` there"
        );
        return;
    };
    let mut failures = Vec::new();
    for zip in &zips {
        for wrong in [false, true] {
            let mut args = vec![player.join("correct-responses.py").into_os_string()];
            if wrong {
                args.push("--wrong".into());
            }
            args.push(zip.clone().into_os_string());
            let responses = std::process::Command::new("python3")
                .args(&args)
                .output()
                .unwrap();
            let file = zip.with_extension(if wrong { "wrong.json" } else { "right.json" });
            std::fs::write(&file, &responses.stdout).unwrap();
            let out = std::process::Command::new("node")
                .current_dir(&player)
                .arg("run-item.mjs")
                .arg(zip)
                .arg("--response")
                .arg(format!("@{}", file.display()))
                .output()
                .unwrap();
            let report: serde_json::Value = match serde_json::from_slice(&out.stdout) {
                Ok(v) => v,
                Err(e) => {
                    failures.push(format!("{}: no JSON ({e})", zip.display()));
                    continue;
                }
            };
            let given: serde_json::Value = serde_json::from_slice(&responses.stdout).unwrap();
            for item in report["items"].as_array().into_iter().flatten() {
                let id = item["item_id"].as_str().unwrap_or("?");
                if given.get(id).is_none() {
                    continue; // no correct response (essays)
                }
                let check =
                    |outcomes: &serde_json::Value, engine: &str, failures: &mut Vec<String>| {
                        let score = outcomes["SCORE"].as_f64();
                        let max = outcomes["MAXSCORE"].as_f64();
                        let want = if wrong { Some(0.0) } else { max };
                        if score != want {
                            failures.push(format!(
                                "{} {id} ({engine}, {}): SCORE {score:?}, expected {want:?}",
                                zip.display(),
                                if wrong { "wrong" } else { "correct" }
                            ));
                        }
                    };
                if item["ok"] != serde_json::Value::Bool(true) {
                    failures.push(format!("{} {id}: not ok: {item}", zip.display()));
                }
                check(&item["outcomes"], "citolab", &mut failures);
                check(&item["cross_check"]["outcomes"], "amp-up", &mut failures);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
