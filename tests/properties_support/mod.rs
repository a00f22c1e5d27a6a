//! The property tests' generator of valid quizzes (as model values) and the
//! checks on what the emitters make of them.
//!
//! - [`text`]: hostile words; [`rich`]: inline runs and blocks;
//! - [`answers`]: every question type with a fitting stem, and feedback;
//! - [`quiz`]: settings, questions, pools, Text blocks, whole quizzes;
//! - [`packages`]: well-formed XML and HTML, safe zips, manifests that hold.

#![allow(dead_code)]

pub mod answers;
pub mod packages;
pub mod quiz;
pub mod rich;
pub mod text;

use proptest::test_runner::Config;
use quizc::model::Quiz;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// `default` cases, or `PROPTEST_CASES` when set. Failures are not written to
/// `proptest-regressions/`: each bug found gets a unit test named after it.
pub fn config(default: u32) -> Config {
    config_scaled(default, 1)
}

/// [`config`] for a property that costs `weight` cases of the others (it
/// starts processes): `PROPTEST_CASES / weight` cases, at least `default`.
pub fn config_scaled(default: u32, weight: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse::<u32>().ok())
        .map_or(default, |n| (n / weight).max(default));
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// The content root of generated quizzes: `quiz.md` sits here, and so does
/// the test image (`img/relu plot.png`).
pub fn content_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parse")
}

/// The test image as the parser packages it, read once.
pub fn image() -> quiz::Image {
    static ASSET: OnceLock<quizc::model::Asset> = OnceLock::new();
    let asset = ASSET.get_or_init(|| {
        let md = "## Q · Essay\n\n![plot](img/relu%20plot.png)\n";
        let parsed = crate::parse_support::parse_in(&content_root(), "quiz.md", md);
        parsed.quiz().assets[0].clone()
    });
    quiz::Image(Some(asset.clone()))
}

/// The model as JSON with every `span` removed: spans point into the source,
/// which the generated model never had.
pub fn without_spans(quiz: &Quiz) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("span");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(quiz).expect("the model serialises");
    strip(&mut v);
    v
}

/// The first difference between two JSON values, as a path and both sides.
pub fn first_difference(a: &serde_json::Value, b: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                match y.get(k) {
                    Some(vb) => {
                        if let Some(d) = first_difference(va, vb) {
                            return Some(format!(".{k}{d}"));
                        }
                    }
                    None => return Some(format!(".{k}: only on the left")),
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| format!(".{k}: only on the right"))
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                if let Some(d) = first_difference(va, vb) {
                    return Some(format!("[{i}]{d}"));
                }
            }
            (x.len() != y.len()).then(|| format!(": {} items vs {}", x.len(), y.len()))
        }
        _ => (a != b).then(|| format!(": {a} vs {b}")),
    }
}
