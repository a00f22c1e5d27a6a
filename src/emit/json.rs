//! `--format json`: the model itself, the stable machine-readable form.

use super::{EmitCx, EmitError, Emitter, Output};
use crate::model::{JSON_FORMAT_VERSION, Quiz};
use serde::Serialize;

pub struct Json;

#[derive(Serialize)]
struct Document<'a> {
    quizc_json_version: u32,
    #[serde(flatten)]
    quiz: &'a Quiz,
}

impl Emitter for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn description(&self) -> &'static str {
        "the quiz model as JSON (versioned, for other tools)"
    }

    fn emit(&self, quiz: &Quiz, _cx: &mut EmitCx) -> Result<Output, EmitError> {
        let doc = Document {
            quizc_json_version: JSON_FORMAT_VERSION,
            quiz,
        };
        let mut bytes =
            serde_json::to_vec_pretty(&doc).map_err(|e| EmitError::Other(e.to_string()))?;
        bytes.push(b'\n');
        Ok(Output::File { ext: "json", bytes })
    }
}
