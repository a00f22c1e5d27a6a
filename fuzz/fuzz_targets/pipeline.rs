//! Bytes → parse → every emitter in memory → zip: whatever parses without
//! errors must emit in every format without a panic.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use quizc::config::Config;
use quizc::emit::{EMITTERS, EmitCx, Output};

fuzz_target!(|data: &[u8]| {
    let config = Config::default();
    let Some((sources, quiz, diags)) = common::parse_bytes(data, &config) else {
        return;
    };
    common::render_all(&sources, &diags);
    let Some(quiz) = quiz.filter(|_| !diags.has_errors()) else {
        return;
    };
    for emitter in EMITTERS {
        let mut cx = EmitCx {
            file: 0,
            config: &config,
            diags: Default::default(),
        };
        match emitter.emit(&quiz, &mut cx) {
            Ok(Output::Zip(tree)) | Ok(Output::Folder(tree)) => {
                tree.to_zip().expect("zip in memory");
            }
            Ok(Output::File { .. }) => {}
            Err(e) => panic!("{} failed on a quiz without errors: {e}", emitter.name()),
        }
        common::render_all(&sources, &cx.diags);
        if let Ok(Some(site)) = emitter.site(&[&quiz], &config) {
            site.to_zip().expect("zip in memory");
        }
    }
});
