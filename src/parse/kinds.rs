//! The answer of each question type, built from its answer list and checked:
//! choices, True/False, short answers, numbers, pairs and orderings.

use super::Cx;
use super::answers::{self, Entry};
use super::question::{ARROWS, Shape, first_line};
use super::tree::Node;
use super::{feedback, literal, markdown};
use crate::diag::Diagnostic;
use crate::model::{
    Answer, Choice, Distractor, NumericAnswer, OrderItem, Pair, QuestionKind, Span, TextAnswer,
};

/// Items of a task list must carry a marker; `[x]text` gets a hint (S9).
fn check_markers(cx: &mut Cx, entries: &[Entry]) {
    for e in entries {
        if e.marker.is_some() {
            if e.literal().is_empty() && e.rest.is_empty() {
                cx.report(
                    Diagnostic::error("empty-choice", "this answer is empty")
                        .at(cx.file(), e.span)
                        .with_help(
                            "write the answer after the marker: `- [ ] text`, or remove the item",
                        ),
                );
            }
            continue;
        }
        let looks = e.broken_marker();
        let (code, message, help) = if looks {
            (
                "task-marker-needs-space",
                "this looks like a task marker but is not one",
                "add a space after the marker: `- [x] text`",
            )
        } else {
            (
                "not-a-task-item",
                "this item has no `[ ]` / `[x]` marker",
                "start every answer with `[ ]` or `[x]`",
            )
        };
        cx.report(
            Diagnostic::error(code, message)
                .at(cx.file(), e.span)
                .with_help(help),
        );
    }
}

fn rich_of(cx: &mut Cx, e: &Entry) -> crate::model::Rich {
    markdown::item_rich(cx, &e.first, &e.rest)
}

pub(super) fn choices(cx: &mut Cx, s: &mut Shape, kind: QuestionKind) -> Answer {
    check_markers(cx, &s.entries);
    answers::strip_letter_prefixes(&mut s.entries);
    let entries = &s.entries;
    let mut list = Vec::with_capacity(entries.len());
    for (k, e) in entries.iter().enumerate() {
        let content = rich_of(cx, e);
        let quotes: Vec<&Node> = e.quotes.iter().collect();
        list.push(Choice {
            id: super::ids::letter_id(k),
            content,
            correct: e.marker == Some(true),
            credit: e.credit,
            pinned: e.pinned,
            feedback: feedback::per_item(cx, &quotes),
            span: e.span,
        });
    }
    let correct: Vec<Span> = list.iter().filter(|c| c.correct).map(|c| c.span).collect();
    let h = s.heading;
    if correct.is_empty() {
        let mut d = Diagnostic::error(
            "no-correct-answer",
            format!("{} question has no correct answer", kind.name()),
        )
        .at(cx.file(), h.span)
        .with_label("in this question")
        .with_help("mark the right choice with `[x]`");
        for c in &list {
            d = d.with_secondary(c.span, "not marked");
        }
        cx.report(d);
    } else if kind == QuestionKind::MultipleChoice && correct.len() > 1 {
        let mut d = Diagnostic::error(
            "too-many-correct",
            format!(
                "Multiple Choice question has {} correct answers",
                correct.len()
            ),
        )
        .at(cx.file(), h.span)
        .with_label("in this question")
        .with_help("mark exactly one `[x]`, or make it `· Multiple Answers`");
        for span in correct {
            d = d.with_secondary(span, "marked correct");
        }
        cx.report(d);
    } else if kind == QuestionKind::MultipleChoice
        && let Some(only) = list.iter().find(|c| c.correct)
        && only.credit.is_some_and(|p| p < 100.0)
    {
        // Spec: exactly one `[x]` at full credit; `{n%}` is for partial choices.
        cx.report(
            Diagnostic::error("no-correct-answer", "the only `[x]` choice is not at full credit")
                .at(cx.file(), h.span)
                .with_label("in this question")
                .with_secondary(only.span, "marked correct with a partial credit")
                .with_help("remove the `{n%}` from the `[x]` choice; give partial credit to `[ ]` choices instead"),
        );
    }
    if list.len() < 2 {
        cx.report(
            Diagnostic::error(
                "too-few-choices",
                "a choice question needs at least two choices",
            )
            .at(cx.file(), h.span)
            .with_label("in this question")
            .with_help("add another choice, or make it a `· Short Answer`"),
        );
    }
    if kind == QuestionKind::MultipleChoice {
        Answer::MultipleChoice { choices: list }
    } else {
        Answer::MultipleAnswers { choices: list }
    }
}

pub(super) fn true_false(cx: &mut Cx, s: &Shape) -> Answer {
    let h = s.heading;
    if s.entries.is_empty() {
        return Answer::TrueFalse {
            correct: s.tf_key.unwrap_or(true),
            feedback_true: None,
            feedback_false: None,
        };
    }
    check_markers(cx, &s.entries);
    let mut correct = None;
    let mut marked = Vec::new();
    let (mut fb_true, mut fb_false) = (None, None);
    let mut valid = s.entries.len() == 2;
    for e in &s.entries {
        let Some(value) = answers::truth(e.literal()) else {
            valid = false;
            continue;
        };
        let quotes: Vec<&Node> = e.quotes.iter().collect();
        let fb = feedback::per_item(cx, &quotes);
        if value {
            fb_true = fb
        } else {
            fb_false = fb
        }
        if e.marker == Some(true) {
            marked.push(e.span);
            correct = Some(value);
        }
    }
    if !valid {
        let mut d = Diagnostic::error(
            "type-mismatch",
            "a True / False question needs exactly the two items `True` and `False`",
        )
        .at(cx.file(), h.span)
        .with_label("in this question")
        .with_help("write `- [x] True` / `- [ ] False`, or make it `· Multiple Choice`");
        if let Some(span) = s.list_span {
            d = d.with_secondary(span, "this answer block");
        }
        cx.report(d);
    } else if marked.len() > 1 {
        let mut d = Diagnostic::error(
            "true-false-both-marked",
            "both True and False are marked correct",
        )
        .at(cx.file(), h.span)
        .with_label("in this question")
        .with_help("mark exactly one of them with `[x]`");
        for span in &marked {
            d = d.with_secondary(*span, "marked");
        }
        cx.report(d);
    } else if marked.is_empty() {
        let mut d = Diagnostic::error(
            "true-false-none-marked",
            "neither True nor False is marked correct",
        )
        .at(cx.file(), h.span)
        .with_label("in this question")
        .with_help("mark the right one with `[x]`");
        if let Some(span) = s.list_span {
            d = d.with_secondary(span, "no `[x]` here");
        }
        cx.report(d);
    }
    Answer::TrueFalse {
        correct: correct.unwrap_or(true),
        feedback_true: fb_true,
        feedback_false: fb_false,
    }
}

fn no_correct(cx: &mut Cx, s: &Shape, what: &str) {
    let mut d = Diagnostic::error(
        "no-correct-answer",
        format!("{what} question has no accepted answer"),
    )
    .at(cx.file(), s.heading.span)
    .with_label("in this question")
    .with_help("mark accepted answers with `[x]`; `[ ]` items are anticipated wrong answers");
    if let Some(span) = s.list_span {
        d = d.with_secondary(span, "no `[x]` here");
    }
    cx.report(d);
}

pub(super) fn short_answer(cx: &mut Cx, s: &Shape) -> Answer {
    check_markers(cx, &s.entries);
    let (mut accepted, mut wrong) = (Vec::new(), Vec::new());
    for e in &s.entries {
        let quotes: Vec<&Node> = e.quotes.iter().collect();
        let a = TextAnswer {
            text: e.literal().to_string(),
            credit: e.credit,
            feedback: feedback::per_item(cx, &quotes),
            span: e.span,
        };
        if e.marker == Some(true) {
            accepted.push(a)
        } else {
            wrong.push(a)
        }
    }
    if accepted.is_empty() {
        no_correct(cx, s, "Short Answer");
    }
    Answer::ShortAnswer {
        accepted,
        wrong,
        case_sensitive: s.heading.attrs.case_sensitive.unwrap_or(false),
    }
}

pub(super) fn numerical(cx: &mut Cx, s: &Shape) -> Answer {
    check_markers(cx, &s.entries);
    let (mut accepted, mut wrong) = (Vec::new(), Vec::new());
    for e in &s.entries {
        let text = e.literal();
        let value = match answers::numeric(text) {
            Ok(v) => v,
            Err(why) => {
                let help = if text.contains(',') {
                    "use a dot as the decimal separator: `3.14`, not `3,14`"
                } else {
                    "write `0.25`, `0.25 ± 0.01`, `0.25 +- 0.01`, `0.2 .. 0.3` or `1e-9`"
                };
                cx.report(
                    Diagnostic::error("not-a-number", format!("not a number or range: {why}"))
                        .at(cx.file(), e.span)
                        .with_help(help),
                );
                continue;
            }
        };
        let quotes: Vec<&Node> = e.quotes.iter().collect();
        let a = NumericAnswer {
            value,
            credit: e.credit,
            feedback: feedback::per_item(cx, &quotes),
            span: e.span,
        };
        if e.marker == Some(true) {
            accepted.push(a)
        } else {
            wrong.push(a)
        }
    }
    if accepted.is_empty() && s.entries.iter().all(|e| e.marker != Some(true)) {
        no_correct(cx, s, "Numerical");
    }
    Answer::Numerical { accepted, wrong }
}

/// Matching pairs and ordering items have no per-item feedback in any target.
fn item_feedback_ignored(cx: &mut Cx, entries: &[Entry], kind: QuestionKind) {
    for e in entries.iter().filter(|e| !e.quotes.is_empty()) {
        let span = first_line(cx, &e.quotes[0]);
        cx.report(
            Diagnostic::warning(
                "item-feedback-ignored",
                format!(
                    "{} items have no feedback of their own; this blockquote is dropped",
                    kind.name()
                ),
            )
            .at(cx.file(), span)
            .with_help("move it into a `> **Explanation:**` after the list"),
        );
    }
}

pub(super) fn matching(cx: &mut Cx, s: &Shape) -> Answer {
    item_feedback_ignored(cx, &s.entries, QuestionKind::Matching);
    let (mut pairs, mut distractors) = (Vec::new(), Vec::new());
    for e in &s.entries {
        let segs = e.segments();
        let parts = literal::split(segs, ARROWS, true);
        let [left, right] = parts.as_slice() else {
            if e.starts_with_list {
                continue;
            }
            cx.report(
                Diagnostic::error("matching-missing-arrow", "this matching item has no `->`")
                    .at(cx.file(), e.span)
                    .with_help(
                        "write `- left -> right`, or `- -> distractor` for a right-hand distractor",
                    ),
            );
            continue;
        };
        let (left, right) = (literal::literal(left), literal::literal(right));
        if right.is_empty() {
            cx.report(
                Diagnostic::error("empty-choice", "the right-hand side of this pair is empty")
                    .at(cx.file(), e.span)
                    .with_help("write `- left -> right`"),
            );
        }
        if left.is_empty() {
            distractors.push(Distractor {
                text: right,
                span: e.span,
            });
        } else {
            pairs.push(Pair {
                left,
                right,
                span: e.span,
            });
        }
    }
    if pairs.len() < 2 {
        cx.report(
            Diagnostic::error(
                "too-few-pairs",
                "a Matching question needs at least 2 pairs",
            )
            .at(cx.file(), s.heading.span)
            .with_label("in this question")
            .with_help("add pairs as `- left -> right`"),
        );
    }
    Answer::Matching { pairs, distractors }
}

pub(super) fn ordering(cx: &mut Cx, s: &Shape) -> Answer {
    item_feedback_ignored(cx, &s.entries, QuestionKind::Ordering);
    let mut items = Vec::new();
    let mut numbers = Vec::new();
    for e in &s.entries {
        numbers.push(answers::item_number(cx, e.span));
        items.push(OrderItem {
            content: rich_of(cx, e),
            span: e.span,
        });
    }
    if s.ordered
        && numbers
            .iter()
            .enumerate()
            .any(|(k, n)| *n != Some(k as u64 + 1))
    {
        let mut d = Diagnostic::warning("ordering-numbers", "the items are not numbered 1..n")
            .at(cx.file(), s.heading.span)
        .with_label("in this question")
            .with_help("the correct order is the order of the lines; number them 1, 2, 3… to avoid confusion");
        if let Some(span) = s.list_span {
            d = d.with_secondary(span, "numbers as written");
        }
        cx.report(d);
    }
    if items.len() < 2 {
        cx.report(
            Diagnostic::error(
                "too-few-items",
                "an Ordering question needs at least 2 items",
            )
            .at(cx.file(), s.heading.span)
            .with_label("in this question")
            .with_help("list the items in the correct order: `1. first` `2. second`"),
        );
    }
    Answer::Ordering {
        items,
        partial: s.heading.attrs.partial.unwrap_or(false),
    }
}
