//! The runtime's data: what `grading.js` needs to score each question, in a
//! `<script type="application/json" id="quizc-data">` block.
//!
//! Credits come from [`crate::model::scoring`], so the page and every other
//! target share one policy; the runtime only sums, floors and caps them.

use super::view::kind_name;
use crate::i18n::Catalog;
use crate::model::scoring::{answer_credit, choice_credits, total_points};
use crate::model::{Answer, Blank, Item, NumericAnswer, NumericValue, Question, Quiz, TextAnswer};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Version of this JSON shape (the SCORM adapter reads it too).
pub const DATA_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct PageData {
    pub version: u32,
    pub quiz: String,
    /// Hash of the quiz content: saved progress of another version is discarded.
    pub hash: String,
    /// `localStorage` key: `quizc:<quiz-id>:<hash>`.
    pub storage_key: String,
    pub feedback: &'static str,
    pub total: f64,
    pub pass: Option<f64>,
    pub shuffle_questions: bool,
    pub questions: BTreeMap<String, QuestionData>,
    /// Question ids in source order (pool questions included).
    pub order: Vec<String>,
    pub pools: Vec<PoolData>,
    /// UI strings the runtime writes.
    pub strings: BTreeMap<String, String>,
}

#[derive(Serialize)]
pub struct PoolData {
    pub id: String,
    pub pick: u32,
    pub questions: Vec<String>,
}

#[derive(Serialize)]
pub struct QuestionData {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub points: f64,
    #[serde(flatten)]
    pub answer: AnswerData,
}

#[derive(Serialize)]
#[serde(tag = "grading", rename_all = "snake_case")]
pub enum AnswerData {
    /// Multiple Choice, True/False (`multiple: false`), Multiple Answers.
    Choice {
        multiple: bool,
        /// Choice id → credit (fraction of the points, may be negative).
        credits: BTreeMap<String, f64>,
        shuffle: bool,
        pinned: Vec<String>,
        order: Vec<String>,
    },
    Text {
        accepted: Vec<TextData>,
        wrong: Vec<TextData>,
        case_sensitive: bool,
    },
    Numeric {
        accepted: Vec<NumberData>,
        wrong: Vec<NumberData>,
    },
    Open,
    Matching {
        /// The right-hand text each left item (in source order) needs.
        answers: Vec<String>,
    },
    Blanks {
        blanks: Vec<BlankData>,
        case_sensitive: bool,
    },
    Ordering {
        count: usize,
        partial: bool,
    },
}

#[derive(Serialize)]
pub struct TextData {
    pub text: String,
    pub credit: f64,
}

/// Inclusive bounds as the author's decimal text; the runtime parses them.
#[derive(Serialize)]
pub struct NumberData {
    pub value: Option<String>,
    pub tolerance: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub credit: f64,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlankData {
    Text { accepted: Vec<String> },
    Dropdown { correct: usize },
}

/// Strings the runtime needs, from the catalog.
const RUNTIME_STRINGS: &[&str] = &[
    "score",
    "answered",
    "question_n",
    "correct",
    "incorrect",
    "partly",
    "answer_recorded",
    "finished",
    "passed",
    "not_passed",
    "submitted",
    "moved",
    "not_a_number",
    "self_right",
    "self_wrong",
    "correct_answer",
];

pub fn page_data(quiz: &Quiz, t: &Catalog, feedback: &'static str) -> PageData {
    let hash = content_hash(quiz);
    PageData {
        version: DATA_VERSION,
        quiz: quiz.id.clone(),
        storage_key: format!("quizc:{}:{hash}", quiz.id),
        hash,
        feedback,
        total: total_points(quiz),
        pass: quiz.settings.pass,
        shuffle_questions: quiz.settings.shuffle_questions,
        questions: quiz
            .questions()
            .map(|q| (q.id.clone(), question(q)))
            .collect(),
        order: quiz.questions().map(|q| q.id.clone()).collect(),
        pools: quiz
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Pool(p) => Some(PoolData {
                    id: p.id.clone(),
                    pick: p.pick.min(p.questions.len() as u32),
                    questions: p.questions.iter().map(|q| q.id.clone()).collect(),
                }),
                _ => None,
            })
            .collect(),
        strings: RUNTIME_STRINGS
            .iter()
            .map(|k| (k.to_string(), t.get(k).to_string()))
            .collect(),
    }
}

/// First 16 hex digits of the SHA-256 of the quiz model.
pub fn content_hash(quiz: &Quiz) -> String {
    /// Feeds the JSON straight into the hash: a big quiz's JSON is never held.
    struct HashWriter(Sha256);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hasher = HashWriter(Sha256::new());
    // Serializing the model into a writer that cannot fail cannot fail.
    let _ = serde_json::to_writer(&mut hasher, quiz);
    let digest = hasher.0.finalize();
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn question(q: &Question) -> QuestionData {
    let answer = match &q.answer {
        Answer::MultipleChoice { choices } | Answer::MultipleAnswers { choices } => {
            let multiple = matches!(q.answer, Answer::MultipleAnswers { .. });
            AnswerData::Choice {
                multiple,
                credits: choices
                    .iter()
                    .zip(choice_credits(choices, multiple))
                    .map(|(c, credit)| (c.id.clone(), credit))
                    .collect(),
                shuffle: q.shuffle,
                pinned: choices
                    .iter()
                    .filter(|c| c.pinned)
                    .map(|c| c.id.clone())
                    .collect(),
                order: choices.iter().map(|c| c.id.clone()).collect(),
            }
        }
        Answer::TrueFalse { correct, .. } => AnswerData::Choice {
            multiple: false,
            credits: [
                ("true".to_string(), f64::from(u8::from(*correct))),
                ("false".to_string(), f64::from(u8::from(!*correct))),
            ]
            .into_iter()
            .collect(),
            shuffle: false,
            pinned: Vec::new(),
            order: vec!["true".into(), "false".into()],
        },
        Answer::ShortAnswer {
            accepted,
            wrong,
            case_sensitive,
        } => AnswerData::Text {
            accepted: texts(accepted, true),
            wrong: texts(wrong, false),
            case_sensitive: *case_sensitive,
        },
        Answer::Numerical { accepted, wrong } => AnswerData::Numeric {
            accepted: numbers(accepted, true),
            wrong: numbers(wrong, false),
        },
        Answer::Open { .. } => AnswerData::Open,
        Answer::Matching { pairs, .. } => AnswerData::Matching {
            answers: pairs.iter().map(|p| p.right.clone()).collect(),
        },
        Answer::Blanks {
            blanks,
            case_sensitive,
        } => AnswerData::Blanks {
            blanks: blanks
                .iter()
                .map(|b| match b {
                    Blank::Text { accepted, .. } => BlankData::Text {
                        accepted: accepted.clone(),
                    },
                    Blank::Dropdown { correct, .. } => BlankData::Dropdown { correct: *correct },
                })
                .collect(),
            case_sensitive: *case_sensitive,
        },
        Answer::Ordering { items, partial } => AnswerData::Ordering {
            count: items.len(),
            partial: *partial,
        },
    };
    QuestionData {
        kind: kind_name(&q.answer),
        points: q.points,
        answer,
    }
}

fn texts(answers: &[TextAnswer], accepted: bool) -> Vec<TextData> {
    answers
        .iter()
        .map(|a| TextData {
            text: a.text.clone(),
            credit: answer_credit(a.credit, accepted),
        })
        .collect()
}

fn numbers(answers: &[NumericAnswer], accepted: bool) -> Vec<NumberData> {
    answers
        .iter()
        .map(|a| {
            let credit = answer_credit(a.credit, accepted);
            match &a.value {
                NumericValue::Exact { value, tolerance } => NumberData {
                    value: Some(value.0.clone()),
                    tolerance: Some(tolerance.0.clone()),
                    min: None,
                    max: None,
                    credit,
                },
                NumericValue::Range { min, max } => NumberData {
                    value: None,
                    tolerance: None,
                    min: Some(min.0.clone()),
                    max: Some(max.0.clone()),
                    credit,
                },
            }
        })
        .collect()
}

/// JSON safe inside `<script>`: no `</script>`, no `<!--`, no line separators.
pub fn script_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}
