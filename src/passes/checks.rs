//! Whole-quiz checks: what no single question can see.
//!
//! Duplicate ids, an empty quiz, `Question N` labels that disagree with the
//! position learners see, and pool rules (pick larger than the pool, empty pool).

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Item, Quiz, Span};
use crate::source::FileId;
use std::collections::HashMap;

pub fn run(quiz: &Quiz, file: FileId) -> Diagnostics {
    let mut diags = Diagnostics::default();
    duplicate_ids(quiz, file, &mut diags);
    if quiz.questions().next().is_none() {
        diags.push(
            Diagnostic::error("empty-quiz", "the quiz has no questions")
                .at(file, Span::new(0, 0))
                .with_help("start each question with a `## ` heading, e.g. `## Question 1 · Multiple Choice`"),
        );
    }
    labels_and_pools(quiz, file, &mut diags);
    diags
}

/// Build-wide: two quizzes with the same id are an error naming both files.
/// `quizzes` pairs each quiz with its file, in build order.
pub fn duplicate_quiz_ids(quizzes: &[(&Quiz, FileId)]) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut seen: HashMap<&str, &Quiz> = HashMap::new();
    for (quiz, file) in quizzes {
        match seen.get(quiz.id.as_str()) {
            Some(first) => diags.push(
                Diagnostic::error(
                    "duplicate-quiz-id",
                    format!(
                        "quiz id `{}` is used by {} and {}",
                        quiz.id, first.source, quiz.source
                    ),
                )
                .in_file(*file)
                .with_help(
                    "give one of them its own `id:` in the front matter, or rename the file",
                ),
            ),
            None => {
                seen.insert(&quiz.id, quiz);
            }
        }
    }
    diags
}

fn duplicate_ids(quiz: &Quiz, file: FileId, diags: &mut Diagnostics) {
    let mut all: Vec<(&str, Span)> = Vec::new();
    for item in &quiz.items {
        match item {
            Item::Question(q) => all.push((&q.id, q.span)),
            Item::Text(t) => all.push((&t.id, t.span)),
            Item::Pool(p) => {
                all.push((&p.id, p.span));
                all.extend(p.questions.iter().map(|q| (q.id.as_str(), q.span)));
            }
        }
    }
    let mut seen: HashMap<&str, Span> = HashMap::with_capacity(all.len());
    for (id, span) in all {
        if id.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(id) {
            diags.push(
                Diagnostic::error("duplicate-id", format!("the id `{id}` is used twice"))
                    .at(file, span)
                    .with_secondary(*first, "first used here")
                    .with_help("give each question, pool and Text block its own `{#id}`"),
            );
        } else {
            seen.insert(id, span);
        }
    }
}

fn labels_and_pools(quiz: &Quiz, file: FileId, diags: &mut Diagnostics) {
    let mut position: u64 = 0;
    for item in &quiz.items {
        match item {
            Item::Question(q) => {
                position += 1;
                let n = q.label.as_deref().and_then(label_number);
                if let Some(n) = n
                    && n != position
                {
                    diags.push(
                        Diagnostic::warning("label-number-mismatch", format!("`{}` is question {position} by position", q.label.as_deref().unwrap_or("")))
                            .at(file, q.span)
                            .with_help("learners see positional numbers; the `Question N` in a heading is only a label: renumber it or drop the number"),
                    );
                }
            }
            Item::Pool(p) => {
                if p.questions.is_empty() {
                    diags.push(
                        Diagnostic::error("empty-pool", "the pool has no questions")
                            .at(file, p.span)
                            .with_help("add `###` questions under the `## Pool:` heading"),
                    );
                } else if p.pick as usize > p.questions.len() {
                    diags.push(
                        Diagnostic::error(
                            "pool-pick-too-large",
                            format!(
                                "the pool picks {} of only {} questions",
                                p.pick,
                                p.questions.len()
                            ),
                        )
                        .at(file, p.span)
                        .with_help(format!(
                            "use `pick={}` or less, or add questions",
                            p.questions.len()
                        )),
                    );
                }
                position += u64::from(p.pick.min(p.questions.len() as u32));
            }
            Item::Text(_) => {}
        }
    }
}

fn label_number(label: &str) -> Option<u64> {
    let digits: String = label
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}
