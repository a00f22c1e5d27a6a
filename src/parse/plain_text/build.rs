//! One question of the plain-text form → a model question: options, type,
//! and the answer from the key, with a diagnostic for each problem.

use super::lines::{
    KeyEntry, Line, PlainOption, lettered_options, parse_letters, parse_numeric, true_false_options,
};
use super::{Built, Parser, RawQuestion, clean, hash_id, paragraphs};
use crate::model::{
    Answer, Choice, Feedback, NumericAnswer, NumericValue, OpenKind, Question, QuestionKind, Rich,
    Settings, Span, TextAnswer, TextBlock,
};
use std::collections::{BTreeSet, HashSet};

/// What every question of one file shares.
pub(super) struct QuestionCx<'q> {
    pub(super) quiz_id: &'q str,
    pub(super) settings: &'q Settings,
    /// The file has an answer key (changes the `missing-answer` message).
    pub(super) has_key: bool,
}

/// The options found at the end of a question.
enum Options {
    None,
    TrueFalse,
    Lettered(Vec<PlainOption>),
}

impl Parser {
    pub(super) fn question(
        &mut self,
        raw: &RawQuestion,
        entry: Option<KeyEntry>,
        cx: &QuestionCx,
        used_ids: &mut HashSet<String>,
    ) -> Option<Built> {
        let h = &raw.heading;
        if let Some((written, suggestion)) = &h.bad_type {
            self.error(
                "unknown-type-word",
                raw.span,
                format!("unknown question type `{written}`"),
            )
            .help = Some(format!("did you mean `{suggestion}`?"));
        }
        let kind = h.kind;
        if let Some(
            k @ (QuestionKind::Matching | QuestionKind::FillInTheBlanks | QuestionKind::Ordering),
        ) = kind
        {
            self.error(
                "unsupported-plain-text-type",
                raw.span,
                format!("{} questions cannot be written in the plain-text form", k.name()),
            )
            .help = Some(
                "run `quizc import` to convert the file to Quiz Markdown and write this question there"
                    .into(),
            );
            return None;
        }

        // The last block of consecutive non-blank lines holds the options.
        let body = raw.body;
        let last_end = body
            .iter()
            .rposition(|l| !l.is_blank())
            .map_or(0, |i| i + 1);
        let last_start = body[..last_end]
            .iter()
            .rposition(Line::is_blank)
            .map_or(0, |i| i + 1);
        let block = &body[last_start..last_end];
        let looks_for_options = matches!(
            kind,
            None | Some(
                QuestionKind::MultipleChoice
                    | QuestionKind::MultipleAnswers
                    | QuestionKind::TrueFalse
            )
        );
        let (options, stem_end) = match looks_for_options {
            false => (Options::None, body.len()),
            true => {
                if let Some(at) = true_false_options(block) {
                    (Options::TrueFalse, last_start + at)
                } else if let Some((at, opts)) = lettered_options(block) {
                    (Options::Lettered(opts), last_start + at)
                } else {
                    (Options::None, body.len())
                }
            }
        };
        let stem = paragraphs(&body[..stem_end]);
        if stem.is_empty() {
            self.error("empty-stem", raw.span, "this question has no text")
                .help = Some("write the question on the lines below its heading".into());
        }
        if kind == Some(QuestionKind::Text) {
            if let Some(e) = &entry {
                self.error(
                    "answer-for-text-block",
                    e.line,
                    "a Text block has no answer, but the key gives one",
                );
            }
            let id = hash_id(
                &format!("{}-text", cx.quiz_id),
                &stem.plain_text(),
                used_ids,
            );
            return Some(Built::Text(TextBlock {
                id,
                title: None,
                content: stem,
                span: raw.span,
            }));
        }
        let id = hash_id(cx.quiz_id, &hash_text(&stem), used_ids);
        let mut feedback = Feedback::default();
        let (answer, missing) = self.answer(raw, kind, options, entry, cx, &mut feedback);
        Some(Built::Question(
            Box::new(Question {
                id,
                label: Some(h.label.clone()),
                title: None,
                points: cx.settings.points,
                shuffle: cx.settings.shuffle,
                tags: Vec::new(),
                stem,
                answer,
                feedback,
                span: raw.span,
            }),
            missing,
        ))
    }

    /// The answer from the heading's type, the options and the key entry.
    /// Returns whether the answer is missing (a placeholder was used).
    fn answer(
        &mut self,
        raw: &RawQuestion,
        kind: Option<QuestionKind>,
        options: Options,
        entry: Option<KeyEntry>,
        cx: &QuestionCx,
        feedback: &mut Feedback,
    ) -> (Answer, bool) {
        let n = raw.heading.number;
        match (kind, options) {
            (Some(QuestionKind::TrueFalse), Options::Lettered(_) | Options::None) => {
                self.error(
                    "no-answer-block",
                    raw.span,
                    "a True / False question needs the lines `TTrue` and `FFalse` at its end",
                )
                .help = Some("end the question with the two lines `TTrue` and `FFalse`".into());
                (true_false(true), self.tf_key(entry, raw, cx, n).is_none())
            }
            (Some(QuestionKind::TrueFalse) | None, Options::TrueFalse) => {
                match self.tf_key(entry, raw, cx, n) {
                    Some(correct) => (true_false(correct), false),
                    None => (true_false(true), true),
                }
            }
            (
                Some(k @ (QuestionKind::MultipleChoice | QuestionKind::MultipleAnswers)),
                Options::TrueFalse,
            ) => {
                self.error(
                    "type-mismatch",
                    raw.span,
                    format!(
                        "the heading says {}, but the options are True / False",
                        k.name()
                    ),
                )
                .help = Some(
                    "write `True / False` in the heading, or letter the options A, B, …".into(),
                );
                (true_false(true), true)
            }
            (
                Some(k @ (QuestionKind::MultipleChoice | QuestionKind::MultipleAnswers)),
                Options::None,
            ) => {
                self.error(
                    "no-answer-block",
                    raw.span,
                    format!("this {} question has no options", k.name()),
                )
                .help = Some(
                    "options are the question's last lines, lettered A, B, C… (`AThe text`, `A. The text` or `A) The text`)"
                        .into(),
                );
                let answer = match k {
                    QuestionKind::MultipleAnswers => Answer::MultipleAnswers { choices: vec![] },
                    _ => Answer::MultipleChoice { choices: vec![] },
                };
                (answer, entry.is_none())
            }
            (k, Options::Lettered(opts)) => self.choice_answer(raw, k, opts, entry, cx),
            (Some(QuestionKind::Numerical), _) => match entry {
                Some(e) => match parse_numeric(e.value) {
                    Some(value) => (numerical(value, e.value_span), false),
                    None => {
                        self.error(
                            "not-a-number",
                            e.value_span,
                            format!("`{}` is not a number or a range", e.value),
                        )
                        .help = Some("write `0.25`, `0.25 ± 0.01` or `0.2 .. 0.3`".into());
                        (empty_numerical(), false)
                    }
                },
                None => {
                    self.missing_answer(raw, cx, n);
                    (empty_numerical(), true)
                }
            },
            (Some(QuestionKind::Essay), _) => {
                if let Some(e) = entry {
                    feedback.answer = Some(Rich::text(clean(e.value)));
                }
                (
                    Answer::Open {
                        kind: OpenKind::Essay,
                    },
                    false,
                )
            }
            // Short Answer, named or inferred.
            (k, _) => match entry {
                Some(e) => match (k, parse_numeric(e.value)) {
                    (None, Some(value)) => (numerical(value, e.value_span), false),
                    _ => (
                        Answer::ShortAnswer {
                            accepted: vec![TextAnswer {
                                text: clean(e.value),
                                credit: None,
                                feedback: None,
                                span: e.value_span,
                            }],
                            wrong: Vec::new(),
                            case_sensitive: false,
                        },
                        false,
                    ),
                },
                None => (
                    Answer::Open {
                        kind: OpenKind::ShortAnswer,
                    },
                    false,
                ),
            },
        }
    }

    fn choice_answer(
        &mut self,
        raw: &RawQuestion,
        kind: Option<QuestionKind>,
        opts: Vec<PlainOption>,
        entry: Option<KeyEntry>,
        cx: &QuestionCx,
    ) -> (Answer, bool) {
        for o in &opts {
            if o.text.is_empty() {
                self.error("empty-choice", o.line, "this option has no text")
                    .help = Some("write the option's text after its letter".into());
            }
        }
        let mut correct = BTreeSet::new();
        let mut missing = false;
        match &entry {
            None => {
                self.missing_answer(raw, cx, raw.heading.number);
                missing = true;
            }
            Some(e) => match parse_letters(e.value) {
                Some(letters) => {
                    for l in letters {
                        if usize::from(l) < opts.len() {
                            correct.insert(usize::from(l));
                        } else {
                            let last = char::from(b'A' + (opts.len().max(1) - 1) as u8);
                            self.error(
                                "answer-letter-out-of-range",
                                e.value_span,
                                format!(
                                    "the key names option {}, but the question's options go A–{last}",
                                    char::from(b'A' + l)
                                ),
                            );
                        }
                    }
                }
                None => {
                    self.error(
                        "invalid-answer-key",
                        e.value_span,
                        format!("`{}` is not a list of option letters", e.value),
                    )
                    .help = Some("write the letters of the correct options: `C` or `A, C`".into());
                }
            },
        }
        let multiple = match kind {
            Some(QuestionKind::MultipleAnswers) => true,
            Some(_) => {
                if correct.len() > 1 {
                    let d = self.error(
                        "too-many-correct",
                        raw.span,
                        "a Multiple Choice question has exactly one correct option, but the key gives several",
                    );
                    if let Some(e) = &entry {
                        d.labels.push(crate::diag::Label {
                            span: e.line,
                            message: "the key's answer".into(),
                        });
                    }
                    d.help =
                        Some("keep one letter, or write `Multiple Answers` in the heading".into());
                }
                false
            }
            None => correct.len() > 1,
        };
        let choices = opts
            .into_iter()
            .enumerate()
            .map(|(i, o)| Choice {
                id: crate::parse::ids::letter_id(i),
                content: Rich::text(clean(&o.text)),
                correct: correct.contains(&i),
                credit: None,
                pinned: false,
                feedback: None,
                span: o.text_span,
            })
            .collect();
        let answer = if multiple {
            Answer::MultipleAnswers { choices }
        } else {
            Answer::MultipleChoice { choices }
        };
        (answer, missing)
    }

    /// The True/False key entry, or `None` when missing or invalid (reported).
    fn tf_key(
        &mut self,
        entry: Option<KeyEntry>,
        raw: &RawQuestion,
        cx: &QuestionCx,
        n: u64,
    ) -> Option<bool> {
        let Some(e) = entry else {
            self.missing_answer(raw, cx, n);
            return None;
        };
        match e.value.to_lowercase().trim_end_matches('.') {
            "true" | "t" => Some(true),
            "false" | "f" => Some(false),
            _ => {
                self.error(
                    "invalid-answer-key",
                    e.value_span,
                    format!("`{}` is not True or False", e.value),
                )
                .help = Some("write `True`, `False`, `T` or `F`".into());
                None
            }
        }
    }

    fn missing_answer(&mut self, raw: &RawQuestion, cx: &QuestionCx, n: u64) {
        let message = if cx.has_key {
            format!("the answer key has no line for question {n}")
        } else {
            format!("question {n} has no answer: the file has no answer key")
        };
        let d = self.error("missing-answer", raw.span, message);
        d.label = Some("needs an answer".into());
        d.help = Some(
            "add an `Answer key` section at the end (`1. C`, `2. False`, …), or run `quizc import` to convert the file to Quiz Markdown and mark the answers there"
                .into(),
        );
    }
}

/// The text a stem's id is hashed from: what the Markdown front end hashes
/// for the same stem (its paragraphs' text run together, breaks as spaces),
/// so a quiz keeps its ids through `quizc import`.
fn hash_text(stem: &Rich) -> String {
    let mut out = String::new();
    for block in &stem.blocks {
        if let crate::model::Block::Paragraph(inlines) = block {
            crate::model::inlines_plain(inlines, &mut out);
        }
    }
    out
}

fn true_false(correct: bool) -> Answer {
    Answer::TrueFalse {
        correct,
        feedback_true: None,
        feedback_false: None,
    }
}

fn numerical(value: NumericValue, span: Span) -> Answer {
    Answer::Numerical {
        accepted: vec![NumericAnswer {
            value,
            credit: None,
            feedback: None,
            span,
        }],
        wrong: Vec::new(),
    }
}

fn empty_numerical() -> Answer {
    Answer::Numerical {
        accepted: Vec::new(),
        wrong: Vec::new(),
    }
}
