//! Bytes → parse → diagnostics: no panic, no hang, spans inside the text,
//! every diagnostic renders.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use quizc::config::Config;

fuzz_target!(|data: &[u8]| {
    let config = Config::default();
    if let Some((sources, _quiz, diags)) = common::parse_bytes(data, &config) {
        common::render_all(&sources, &diags);
    }
});
