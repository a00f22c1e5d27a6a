//! `quizc import`: plain text → Quiz Markdown, every word kept.

use quizc::import::import;
use quizc::source::SourceMap;
use std::path::PathBuf;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn print_seed_import() {
    let mut sources = SourceMap::default();
    let (md, diags) = import(
        &manifest().join("tests/fixtures/plain/seed.txt"),
        &mut sources,
    )
    .unwrap();
    println!("{md}");
    println!("{diags:?}");
    let (md, _) = import(
        &manifest().join("examples/vanishing-gradient.txt"),
        &mut sources,
    )
    .unwrap();
    println!("{md}");
}
