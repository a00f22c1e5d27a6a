//! The SCORM packages in a real runtime: scorm-again (npm) as the LMS side,
//! the SCO in Debian's headless Chromium, driven by `tests/scorm/scorm.mjs`
//! through playwright-core (never a browser download). Both versions: all
//! right → passed with every interaction and its patterns; all wrong →
//! failed; Finish with nothing answered; suspend and resume; on-submit
//! feedback with a pool; review after completion; no LMS at all.
//!
//! Enable with `apt-get install -y chromium && npm ci --prefix tests/scorm`.
//! Without those tools the tests say so and pass, except under `CI=true`,
//! where a missing tool fails them.

use serde_json::{Value, json};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";
const ENABLE: &str = "apt-get install -y chromium && npm ci --prefix tests/scorm";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn require() -> bool {
    let mut missing = Vec::new();
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node {
        missing.push("node".to_string());
    }
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| CHROMIUM.into());
    if !Path::new(&chromium).exists() {
        missing.push(chromium);
    }
    for module in ["playwright-core", "scorm-again"] {
        if !root()
            .join("tests/scorm/node_modules")
            .join(module)
            .is_dir()
        {
            missing.push(format!("tests/scorm/node_modules/{module}"));
        }
    }
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "SCORM runtime tests need {}; enable them with: {ENABLE}",
        missing.join(", ")
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message} (CI=true: missing tools fail the test)");
    }
    eprintln!("\n*** SKIPPED: {message} ***\n");
    false
}

fn scratch(name: &str) -> PathBuf {
    let dir = root()
        .join("target/scorm-runtime")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Builds the fixtures and unpacks `<version>/<id>.zip`; returns the folder.
fn unpacked(name: &str, version: &str, id: &str) -> PathBuf {
    let dir = scratch(name);
    let out = dir.join("dist");
    let output = Command::new(env!("CARGO_BIN_EXE_quizc"))
        .args(["build", "-q", "-f", version, "-o"])
        .arg(&out)
        .arg(root().join("tests/fixtures/scorm"))
        .output()
        .expect("quizc runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let zip = std::fs::File::open(out.join(version).join(format!("{id}.zip"))).unwrap();
    let mut archive = zip::ZipArchive::new(zip).unwrap();
    let pkg = dir.join("pkg");
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let path = pkg.join(entry.enclosed_name().expect("entry inside the package"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    pkg
}

/// One launch; the driver's JSON report.
fn launch(pkg: &Path, version: &str, lms: Value, steps: Value, finish: bool) -> Value {
    launch_with(json!({
        "dir": pkg, "version": if version == "scorm12" { "1.2" } else { "2004" },
        "lms": lms, "steps": steps,
        "finish": if finish { json!("[data-action=finish]") } else { Value::Null },
    }))
}

fn launch_with(scenario: Value) -> Value {
    let file = Path::new(scenario["dir"].as_str().unwrap())
        .parent()
        .unwrap()
        .join(format!("scenario-{}.json", rand_suffix()));
    std::fs::write(&file, scenario.to_string()).unwrap();
    let output = Command::new("node")
        .arg(root().join("tests/scorm/scorm.mjs"))
        .arg(&file)
        .output()
        .expect("node runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "driver failed:\n{stderr}");
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("driver output: {e}\n{stderr}"))
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

/// Initialized, terminated, every step done, no API error (but `allowed`),
/// no page error, no console error, no CSP violation, no missing file.
fn assert_clean(out: &Value, allowed: &[(&str, &str)]) {
    assert_eq!(out["initialized"], true, "Initialize: {out:#}");
    assert_eq!(out["terminated"], true, "Terminate/LMSFinish");
    for step in out["steps"].as_array().unwrap() {
        assert_eq!(step["ok"], true, "step failed: {step}");
    }
    for e in out["api_errors"].as_array().unwrap() {
        let arg = e["args"][0].as_str().unwrap_or("");
        let code = e["error"].as_str().unwrap_or("");
        assert!(
            allowed.iter().any(|(a, c)| *a == arg && *c == code),
            "API error: {e}"
        );
    }
    assert_eq!(out["page_errors"], json!([]), "page errors");
    assert_eq!(out["console_errors"], json!([]), "console errors");
    assert_eq!(out["csp_violations"], json!([]), "CSP violations");
    assert_eq!(out["missing"], json!([]), "missing files");
}

fn cmi(out: &Value) -> &Value {
    &out["cmi"]["cmi"]
}

fn twelve(version: &str) -> bool {
    version == "scorm12"
}

/// Interactions by id: (type, response, result, patterns).
fn interactions(out: &Value, version: &str) -> Vec<(String, String, String, String, Vec<String>)> {
    let response = if twelve(version) {
        "student_response"
    } else {
        "learner_response"
    };
    let list = cmi(out)["interactions"].as_object().unwrap();
    let mut v: Vec<_> = list
        .iter()
        .map(|(_, i)| {
            let mut patterns: Vec<(usize, String)> = i["correct_responses"]
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(k, p)| {
                            (
                                k.parse().unwrap(),
                                p["pattern"].as_str().unwrap().to_string(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            patterns.sort();
            (
                i["id"].as_str().unwrap().to_string(),
                i["type"].as_str().unwrap().to_string(),
                i[response].as_str().unwrap().to_string(),
                i["result"].as_str().unwrap().to_string(),
                patterns.into_iter().map(|(_, p)| p).collect(),
            )
        })
        .collect();
    v.sort();
    v
}

fn all_right_steps() -> Value {
    json!([
        {"selector": "#q-mc-b"},
        {"selector": "#q-ma-a", "action": "check"}, {"selector": "#q-ma-c", "action": "check"},
        {"selector": "[data-question=ma] [data-action=check]"},
        {"selector": "#q-tf-false"},
        {"selector": "#q-sa-input", "action": "fill", "value": "A quarter"},
        {"selector": "[data-question=sa] [data-action=check]"},
        {"selector": "#q-num-input", "action": "fill", "value": "0.255"},
        {"selector": "[data-question=num] [data-action=check]"},
        {"selector": "#q-match-m0", "action": "select", "value": "(0, 1)"},
        {"selector": "#q-match-m1", "action": "select", "value": "(-1, 1)"},
        {"selector": "[data-question=match] [data-action=check]"},
        {"selector": "#q-blanks-blank-0", "action": "fill", "value": "max"},
        {"selector": "#q-blanks-blank-1", "action": "select", "value": "0"},
        {"selector": "[data-question=blanks] [data-action=check]"},
        {"selector": "[data-question=order]", "action": "sort"},
        {"selector": "[data-question=order] [data-action=check]"},
        {"selector": "#q-essay-input", "action": "fill", "value": "Small derivatives\n\nmultiply."},
        {"selector": "[data-question=essay] [data-action=reveal]"}
    ])
}

fn all_wrong_steps() -> Value {
    json!([
        {"selector": "#q-mc-a"},
        {"selector": "#q-ma-b", "action": "check"},
        {"selector": "[data-question=ma] [data-action=check]"},
        {"selector": "#q-tf-true"},
        {"selector": "#q-sa-input", "action": "fill", "value": "half"},
        {"selector": "[data-question=sa] [data-action=check]"},
        {"selector": "#q-num-input", "action": "fill", "value": "1e-9"},
        {"selector": "[data-question=num] [data-action=check]"},
        {"selector": "#q-match-m0", "action": "select", "value": "[0, inf)"},
        {"selector": "#q-match-m1", "action": "select", "value": "(0, 1)"},
        {"selector": "[data-question=match] [data-action=check]"},
        {"selector": "#q-blanks-blank-0", "action": "fill", "value": "min"},
        {"selector": "#q-blanks-blank-1", "action": "select", "value": "2"},
        {"selector": "[data-question=blanks] [data-action=check]"}
    ])
}

fn lms(version: &str, mastery: bool) -> Value {
    match (twelve(version), mastery) {
        (true, true) => {
            json!({"core": {"student_id": "l1", "student_name": "Learner, One"}, "student_data": {"mastery_score": "80"}})
        }
        (true, false) => json!({"core": {"student_id": "l1", "student_name": "Learner, One"}}),
        (false, true) => {
            json!({"learner_id": "l1", "learner_name": "Learner One", "scaled_passing_score": "0.8"})
        }
        (false, false) => json!({"learner_id": "l1", "learner_name": "Learner One"}),
    }
}

fn assert_status(out: &Value, version: &str, passed: Option<bool>) {
    let c = cmi(out);
    if twelve(version) {
        let want = match passed {
            Some(true) => "passed",
            Some(false) => "failed",
            None => "completed",
        };
        assert_eq!(c["core"]["lesson_status"], want);
        assert_eq!(c["core"]["exit"], "");
    } else {
        assert_eq!(c["completion_status"], "completed");
        let want = match passed {
            Some(true) => "passed",
            Some(false) => "failed",
            None => "unknown",
        };
        assert_eq!(c["success_status"], want);
        assert_eq!(c["exit"], "normal");
    }
}

fn score(out: &Value, version: &str) -> (String, String, String) {
    let s = if twelve(version) {
        &cmi(out)["core"]["score"]
    } else {
        &cmi(out)["score"]
    };
    let get = |k: &str| s[k].as_str().unwrap_or("").to_string();
    (get("raw"), get("min"), get("max"))
}

fn session_time(out: &Value, version: &str) -> String {
    let t = if twelve(version) {
        &cmi(out)["core"]["session_time"]
    } else {
        &cmi(out)["session_time"]
    };
    t.as_str().unwrap_or("").to_string()
}

#[test]
fn all_right_passes_with_every_interaction_and_its_patterns() {
    if !require() {
        return;
    }
    for version in ["scorm12", "scorm2004"] {
        let pkg = unpacked(&format!("right-{version}"), version, "scorm-check");
        // the last answer (the essay's reveal) finishes the attempt by itself;
        // a click on Finish afterwards changes nothing
        let out = launch(&pkg, version, lms(version, true), all_right_steps(), true);
        assert_clean(&out, &[]);
        assert_status(&out, version, Some(true));
        assert_eq!(
            score(&out, version),
            ("100".into(), "0".into(), "100".into())
        );
        if !twelve(version) {
            assert_eq!(cmi(&out)["score"]["scaled"], "1");
        }
        assert_ne!(session_time(&out, version), "");
        let t = twelve(version);
        let s = |a: &str, b: &str| if t { a.to_string() } else { b.to_string() };
        let expected = vec![
            (
                "blanks".into(),
                "fill-in".into(),
                s("max,1", "max[,]1"),
                "correct".into(),
                vec![s("max,1", "max[,]1")],
            ),
            (
                "essay".into(),
                s("fill-in", "long-fill-in"),
                "Small derivatives ¶ multiply.".into(),
                "neutral".into(),
                vec![],
            ),
            (
                "ma".into(),
                "choice".into(),
                s("a,c", "a[,]c"),
                "correct".into(),
                vec![s("a,c", "a[,]c")],
            ),
            (
                "match".into(),
                "matching".into(),
                s("1.a,2.b", "1[.]a[,]2[.]b"),
                "correct".into(),
                vec![s("1.a,2.b", "1[.]a[,]2[.]b")],
            ),
            (
                "mc".into(),
                "choice".into(),
                "b".into(),
                "correct".into(),
                vec!["b".into()],
            ),
            (
                "num".into(),
                "numeric".into(),
                "0.255".into(),
                "correct".into(),
                vec![s("0.25", "0.24[:]0.26")],
            ),
            (
                "order".into(),
                "sequencing".into(),
                s("a,b,c", "a[,]b[,]c"),
                "correct".into(),
                vec![s("a,b,c", "a[,]b[,]c")],
            ),
            (
                "sa".into(),
                "fill-in".into(),
                "A quarter".into(),
                "correct".into(),
                if t {
                    vec!["one quarter".into()]
                } else {
                    vec!["one quarter".into(), "a quarter".into()]
                },
            ),
            (
                "tf".into(),
                "true-false".into(),
                s("f", "false"),
                "correct".into(),
                vec![s("f", "false")],
            ),
        ];
        assert_eq!(interactions(&out, version), expected, "{version}");
        let list = cmi(&out)["interactions"].as_object().unwrap();
        for (_, i) in list {
            assert_eq!(i["weighting"], "1");
            assert_ne!(i["latency"], "");
            let time = if t { &i["time"] } else { &i["timestamp"] };
            assert_ne!(time, "");
            if !t {
                assert!(i["description"].as_str().unwrap().starts_with('Q'));
            }
        }
        let commits = out["calls"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["fn"].as_str().unwrap().ends_with("Commit"))
            .count();
        assert!(commits >= 2, "commits after answers and on finishing");
        let ends = out["calls"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| matches!(c["fn"].as_str(), Some("LMSFinish" | "Terminate")))
            .count();
        assert_eq!(ends, 1, "terminates once");
    }
}

#[test]
fn all_wrong_fails() {
    if !require() {
        return;
    }
    for version in ["scorm12", "scorm2004"] {
        let pkg = unpacked(&format!("wrong-{version}"), version, "scorm-check");
        let out = launch(&pkg, version, lms(version, true), all_wrong_steps(), true);
        assert_clean(&out, &[]);
        assert_status(&out, version, Some(false));
        assert_eq!(score(&out, version).0, "0");
        let wrong = if twelve(version) {
            "wrong"
        } else {
            "incorrect"
        };
        let got = interactions(&out, version);
        assert_eq!(got.len(), 7, "{got:?}");
        for (id, _, response, result, _) in &got {
            assert_eq!(result, wrong, "{id}");
            if id == "num" {
                assert_eq!(response, "0.000000001", "no exponent");
            }
        }
    }
}

#[test]
fn finish_with_nothing_answered_reports_at_once() {
    if !require() {
        return;
    }
    for version in ["scorm12", "scorm2004"] {
        let pkg = unpacked(&format!("empty-{version}"), version, "scorm-check");
        let out = launch(&pkg, version, lms(version, true), json!([]), true);
        assert_clean(&out, &[]);
        assert!(
            out.get("unloaded").is_none(),
            "Finish ends the session itself"
        );
        assert_status(&out, version, Some(false));
        assert_eq!(score(&out, version), ("0".into(), "0".into(), "100".into()));
        assert_eq!(interactions(&out, version).len(), 0);
        assert_eq!(out["finish_button"]["text"], "Finish");
    }
}

#[test]
fn suspend_and_resume_restore_the_answers() {
    if !require() {
        return;
    }
    for version in ["scorm12", "scorm2004"] {
        let pkg = unpacked(&format!("resume-{version}"), version, "scorm-check");
        let first = launch(
            &pkg,
            version,
            lms(version, true),
            json!([
                {"selector": "#q-mc-b"},
                {"selector": "#q-essay-input", "action": "fill", "value": "a draft"},
                {"action": "wait", "value": 1300}
            ]),
            false,
        );
        assert_clean(&first, &[]);
        let c = cmi(&first);
        let (exit, status, suspend) = if twelve(version) {
            (
                &c["core"]["exit"],
                &c["core"]["lesson_status"],
                &c["suspend_data"],
            )
        } else {
            (&c["exit"], &c["completion_status"], &c["suspend_data"])
        };
        assert_eq!(exit, "suspend");
        assert_eq!(status, "incomplete");
        let suspend = suspend.as_str().unwrap().to_string();
        assert!(suspend.contains("a draft"), "{suspend}");
        assert!(suspend.len() < 4096);

        let mut again = lms(version, true);
        if twelve(version) {
            again["core"]["entry"] = json!("resume");
            again["core"]["lesson_status"] = json!("incomplete");
        } else {
            again["entry"] = json!("resume");
            again["completion_status"] = json!("incomplete");
        }
        again["suspend_data"] = json!(suspend);
        let second = launch(
            &pkg,
            version,
            again,
            json!([{"selector": "#q-tf-false"}]),
            true,
        );
        assert_clean(&second, &[]);
        assert_eq!(second["dom"]["mc"]["checked"], json!(["b"]));
        assert_eq!(second["dom"]["mc"]["state"], "correct");
        assert_eq!(second["dom"]["essay"]["values"], json!(["a draft"]));
        assert_status(&second, version, Some(false));
        assert_eq!(score(&second, version).0, "25", "2 of 8 automatic points");
        let ids: Vec<String> = interactions(&second, version)
            .into_iter()
            .map(|i| i.0)
            .collect();
        assert_eq!(ids, ["essay", "mc", "tf"]);
    }
}

#[test]
fn on_submit_feedback_and_pools_count_only_what_was_drawn() {
    if !require() {
        return;
    }
    for version in ["scorm12", "scorm2004"] {
        let pkg = unpacked(&format!("submit-{version}"), version, "graded-check");
        let out = launch(
            &pkg,
            version,
            lms(version, false),
            json!([
                {"selector": "#q-pick-b"},
                {"selector": ".pool .question:not([hidden]) input[value=true]"},
                {"selector": "#q-open-input", "action": "fill", "value": "Something"}
            ]),
            true,
        );
        // no pass mark anywhere: reading cmi.scaled_passing_score answers 403
        assert_clean(&out, &[("cmi.scaled_passing_score", "403")]);
        assert_status(&out, version, None);
        assert_eq!(score(&out, version).0, "100");
        let got = interactions(&out, version);
        assert_eq!(got.len(), 3, "{got:?}");
        let open = got.iter().find(|i| i.0 == "open").unwrap();
        assert_eq!(open.3, "neutral");
        assert!(got.iter().filter(|i| i.0.starts_with("pool-")).count() == 1);
    }
}

#[test]
fn a_relaunch_after_completion_shows_the_results_and_writes_nothing() {
    if !require() {
        return;
    }
    for version in ["scorm12", "scorm2004"] {
        let pkg = unpacked(&format!("review-{version}"), version, "scorm-check");
        let first = launch(
            &pkg,
            version,
            lms(version, true),
            json!([{"selector": "#q-mc-b"}]),
            true,
        );
        assert_clean(&first, &[]);
        let suspend = cmi(&first)["suspend_data"].clone();
        let mut again = lms(version, true);
        if twelve(version) {
            again["core"]["lesson_status"] = json!("failed");
        } else {
            again["completion_status"] = json!("completed");
            again["success_status"] = json!("failed");
        }
        again["suspend_data"] = suspend;
        let second = launch(
            &pkg,
            version,
            again,
            json!([{"action": "wait", "value": 300}]),
            false,
        );
        assert_clean(&second, &[]);
        let writes: Vec<&Value> = second["calls"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["fn"].as_str().unwrap().ends_with("SetValue"))
            .collect();
        assert!(writes.is_empty(), "review writes nothing: {writes:?}");
        assert_eq!(second["dom"]["mc"]["checked"], json!(["b"]));
        assert_eq!(second["dom"]["mc"]["disabled"], true);
        let status = second["status_text"].as_str().unwrap();
        assert!(status.contains("finished"), "{status}");
    }
}

#[test]
fn without_an_lms_the_page_works_and_says_so() {
    if !require() {
        return;
    }
    let pkg = unpacked("no-lms", "scorm12", "scorm-check");
    let out = launch_with(json!({
        "dir": pkg, "version": "1.2", "no_api": true,
        "steps": [{"selector": "#q-mc-b"}],
    }));
    assert_eq!(out["page_errors"], json!([]));
    assert_eq!(out["console_errors"], json!([]));
    assert_eq!(out["csp_violations"], json!([]));
    assert_eq!(out["dom"]["mc"]["state"], "correct");
    let status = out["status_text"].as_str().unwrap();
    assert!(status.contains("No learning management system"), "{status}");
}

#[test]
fn progress_too_long_for_scorm_12_is_cut_to_fit() {
    if !require() {
        return;
    }
    let pkg = unpacked("budget", "scorm12", "long-quiz");
    let mut steps: Vec<Value> = (0..20)
        .map(|i| {
            json!({"selector": format!("#q-sa{i}-input"), "action": "fill",
                   "value": format!("word{i} ").repeat(40)})
        })
        .collect();
    steps.push(json!({"selector": "#q-es-input", "action": "fill", "value": "essay ".repeat(50)}));
    steps.push(json!({"action": "wait", "value": 1300}));
    let out = launch(&pkg, "scorm12", lms("scorm12", false), json!(steps), false);
    assert_clean(&out, &[]);
    let suspend = cmi(&out)["suspend_data"].as_str().unwrap();
    assert!(suspend.len() <= 4096, "{}", suspend.len());
    let saved: Value = serde_json::from_str(suspend).unwrap();
    assert_eq!(
        saved["a"].as_object().unwrap().len(),
        21,
        "every answer kept, shortened"
    );
    assert!(out["status_text"].as_str().unwrap().contains("too long"));
}
