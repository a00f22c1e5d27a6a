//! Golden model JSON: every `tests/fixtures/parse/<case>.md` parses to
//! `tests/golden/model/<case>.json`. Re-bless with `QUIZC_BLESS=1 cargo test`.

mod parse_support;

use std::path::Path;

#[test]
fn fixtures_match_their_golden_model() {
    let golden_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/model");
    let bless = std::env::var_os("QUIZC_BLESS").is_some();
    let mut names: Vec<String> = std::fs::read_dir(parse_support::fixtures())
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n != "README.md")
        .collect();
    names.sort();
    assert!(names.len() >= 10, "fixtures missing: {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let parsed = parse_support::parse_fixture(name);
        assert!(
            parsed.errors().is_empty(),
            "{name} has errors:\n{}",
            parsed.report()
        );
        let json = serde_json::to_string_pretty(parsed.quiz()).expect("json") + "\n";
        let golden = golden_dir.join(name.replace(".md", ".json"));
        if bless {
            std::fs::create_dir_all(&golden_dir).expect("golden dir");
            std::fs::write(&golden, &json).expect("write golden");
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Ok(expected) if expected == json => {}
            Ok(_) => failures.push(format!("{name}: model differs from {}", golden.display())),
            Err(_) => failures.push(format!("{name}: no golden file {}", golden.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nre-bless with QUIZC_BLESS=1 and review the diff",
        failures.join("\n")
    );
}
