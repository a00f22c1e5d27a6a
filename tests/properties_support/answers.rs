//! The answer of every question type, with a stem that fits it, and feedback.
//!
//! Each constraint is a rule of Quiz Markdown (spec section named in its
//! comment); none is a way around a bug.

use super::rich::{BlockCx, blocks, list_item, push_text};
use super::text::line;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use quizc::model::*;

/// Stem and answer of one question, of any type.
pub fn answer_and_stem(image: Option<ImageSrc>) -> BoxedStrategy<(Rich, Answer)> {
    prop_oneof![
        choices(false, image.clone()),
        choices(true, image.clone()),
        true_false(image.clone()),
        short_answer(image.clone()),
        numerical(image.clone()),
        open(image.clone()),
        matching(image.clone()),
        blanks(image.clone()),
        ordering(image),
    ]
    .boxed()
}

fn content(image: Option<ImageSrc>) -> BlockCx {
    BlockCx {
        quotes: true,
        depth: 2,
        image,
    }
}

/// A stem above an answer list.
fn stem(image: Option<ImageSrc>) -> BoxedStrategy<Rich> {
    blocks(content(image), 0..3)
        .prop_map(|blocks| Rich { blocks })
        .boxed()
}

/// Literal answer text (spec: Answer blocks, "Answer text is literal"): one
/// line, trimmed.
fn literal() -> impl Strategy<Value = String> {
    line(3)
}

fn credit() -> impl Strategy<Value = Option<f64>> {
    prop::option::of(select(&[-100.0, -25.5, 0.0, 33.3, 50.0, 100.0][..]))
}

/// Feedback content under a label (`> **Hint:** …`).
///
/// Spec (Feedback blocks): a line that starts with a label word and a colon
/// (`Hint:`, `**Answer:**`) starts a new feedback block, so such a line is
/// never content of another one; the first line follows the writer's label.
pub fn feedback_rich(image: Option<ImageSrc>) -> BoxedStrategy<Rich> {
    blocks(content(image), 1..3)
        .prop_filter("a line that reads as a feedback label", |blocks| {
            blocks.iter().enumerate().all(|(i, b)| match b {
                Block::Paragraph(inl) => lines(inl).skip(usize::from(i == 0)).all(|l| !is_label(l)),
                _ => true,
            })
        })
        .prop_map(|blocks| Rich { blocks })
        .boxed()
}

/// Per-item feedback (an indented blockquote): no labels.
fn item_feedback(image: Option<ImageSrc>) -> impl Strategy<Value = Option<Rich>> {
    prop::option::weighted(
        0.3,
        blocks(content(image), 1..3).prop_map(|blocks| Rich { blocks }),
    )
}

fn lines(inl: &[Inline]) -> impl Iterator<Item = &[Inline]> {
    inl.split(|i| matches!(i, Inline::SoftBreak | Inline::HardBreak))
}

const LABELS: &[&str] = &["explanation", "correct", "incorrect", "hint", "answer"];

fn is_label(line: &[Inline]) -> bool {
    match line.first() {
        Some(Inline::Text(t)) => t
            .split_once(':')
            .is_some_and(|(word, _)| LABELS.contains(&word.trim().to_lowercase().as_str())),
        Some(Inline::Strong(inner)) => {
            let mut text = String::new();
            inlines_plain(inner, &mut text);
            let word = text.trim();
            let colon_after =
                matches!(line.get(1), Some(Inline::Text(t)) if t.trim_start().starts_with(':'));
            let (word, colon) = match word.strip_suffix(':') {
                Some(w) => (w, true),
                None => (word, colon_after),
            };
            colon && LABELS.contains(&word.trim().to_lowercase().as_str())
        }
        _ => false,
    }
}

/// Spec (Feedback blocks): without an answer list, feedback starts at the
/// first blockquote that opens with a label.
fn starts_with_label(block: &Block) -> bool {
    match block {
        Block::Quote(inner) => match inner.first() {
            Some(Block::Paragraph(inl)) => lines(inl).next().is_some_and(is_label),
            _ => false,
        },
        _ => false,
    }
}

fn choices(multiple: bool, image: Option<ImageSrc>) -> BoxedStrategy<(Rich, Answer)> {
    let item = BlockCx {
        quotes: false,
        depth: 2,
        image: image.clone(),
    };
    let choice = (
        list_item(item),
        any::<bool>(),
        credit(),
        item_feedback(image.clone()),
    );
    (
        stem(image),
        prop::collection::vec((choice, any::<bool>()), 2..5),
        any::<Index>(),
    )
        .prop_map(move |(stem, raw, only)| {
            let only = only.index(raw.len());
            let mut choices: Vec<Choice> = raw
                .into_iter()
                .enumerate()
                .map(|(k, ((blocks, pinned, credit, feedback), marked))| Choice {
                    id: quizc::parse::ids::letter_id(k),
                    content: Rich { blocks },
                    correct: if multiple { marked } else { k == only },
                    credit,
                    pinned,
                    feedback,
                    span: Span::default(),
                })
                .collect();
            if multiple && !choices.iter().any(|c| c.correct) {
                choices[only].correct = true;
            }
            // Spec (Answer blocks): Multiple Choice has exactly one `[x]` at full credit.
            if !multiple {
                choices[only].credit = None;
            }
            let answer = if multiple {
                Answer::MultipleAnswers { choices }
            } else {
                Answer::MultipleChoice { choices }
            };
            (stem, answer)
        })
        .prop_filter("choices all starting with A. B. C.", |(_, answer)| {
            !letter_prefixed(answer)
        })
        .boxed()
}

/// Spec (Answer blocks): `A.`/`A)` prefixes are stripped when every item
/// carries consecutive letters.
fn letter_prefixed(answer: &Answer) -> bool {
    let (Answer::MultipleChoice { choices } | Answer::MultipleAnswers { choices }) = answer else {
        return false;
    };
    choices.iter().enumerate().all(|(k, c)| {
        let Some(Block::Paragraph(inl)) = c.content.blocks.first() else {
            return false;
        };
        let Some(Inline::Text(t)) = inl.first() else {
            return false;
        };
        let b = t.as_bytes();
        b.len() >= 3
            && b[0].to_ascii_uppercase() == b'A' + k as u8
            && matches!(b[1], b'.' | b')')
            && b[2] == b' '
    })
}

fn true_false(image: Option<ImageSrc>) -> BoxedStrategy<(Rich, Answer)> {
    (
        stem(image.clone()),
        any::<bool>(),
        item_feedback(image.clone()),
        item_feedback(image),
    )
        .prop_map(|(stem, correct, feedback_true, feedback_false)| {
            (
                stem,
                Answer::TrueFalse {
                    correct,
                    feedback_true,
                    feedback_false,
                },
            )
        })
        .boxed()
}

fn text_answer(image: Option<ImageSrc>) -> impl Strategy<Value = TextAnswer> {
    (literal(), credit(), item_feedback(image)).prop_map(|(text, credit, feedback)| TextAnswer {
        text,
        credit,
        feedback,
        span: Span::default(),
    })
}

fn short_answer(image: Option<ImageSrc>) -> BoxedStrategy<(Rich, Answer)> {
    (
        stem(image.clone()),
        prop::collection::vec(text_answer(image.clone()), 1..3),
        prop::collection::vec(text_answer(image), 0..2),
        any::<bool>(),
    )
        .prop_map(|(stem, accepted, wrong, case_sensitive)| {
            (
                stem,
                Answer::ShortAnswer {
                    accepted,
                    wrong,
                    case_sensitive,
                },
            )
        })
        .boxed()
}

/// A decimal as an author writes it, in the form `Decimal::parse` keeps.
fn decimal(signed: bool) -> impl Strategy<Value = Decimal> {
    let sign = if signed { &["", "-"][..] } else { &[""][..] };
    (
        select(sign),
        select(&["0", "1", "25", "007", "", "123456789012345678901234567890"][..]),
        select(&["", ".5", ".250", "."][..]),
        select(&["", "e-9", "E+3", "e0"][..]),
    )
        .prop_filter_map("not a number", |(s, i, f, e)| {
            Decimal::parse(&format!("{s}{i}{f}{e}"))
        })
}

fn numeric_value() -> impl Strategy<Value = NumericValue> {
    prop_oneof![
        (
            decimal(true),
            prop_oneof![
                Just(Decimal("0".into())),
                Just(Decimal("0.00".into())),
                decimal(false)
            ]
        )
            .prop_map(|(value, tolerance)| NumericValue::Exact { value, tolerance }),
        (decimal(true), decimal(true)).prop_map(|(a, b)| {
            // Spec (Answer blocks): a range runs upwards.
            let (min, max) = if a.to_f64() <= b.to_f64() {
                (a, b)
            } else {
                (b, a)
            };
            NumericValue::Range { min, max }
        }),
    ]
}

fn numerical(image: Option<ImageSrc>) -> BoxedStrategy<(Rich, Answer)> {
    let stem = stem(image.clone());
    let answer = move || {
        (numeric_value(), credit(), item_feedback(image.clone())).prop_map(
            |(value, credit, feedback)| NumericAnswer {
                value,
                credit,
                feedback,
                span: Span::default(),
            },
        )
    };
    (
        stem,
        prop::collection::vec(answer(), 1..3),
        prop::collection::vec(answer(), 0..2),
    )
        .prop_map(|(stem, accepted, wrong)| (stem, Answer::Numerical { accepted, wrong }))
        .boxed()
}

/// Essay and open Short Answer: the stem, then labelled feedback.
fn open(image: Option<ImageSrc>) -> BoxedStrategy<(Rich, Answer)> {
    (
        stem(image),
        select(&[OpenKind::Essay, OpenKind::ShortAnswer][..]),
    )
        .prop_filter(
            "stem the parser reads as answers or feedback",
            |(stem, kind)| {
                let short = *kind == OpenKind::ShortAnswer;
                !stem
                    .blocks
                    .iter()
                    .any(|b| starts_with_label(b) || (short && answer_like_list(b)))
            },
        )
        .prop_map(|(stem, kind)| (stem, Answer::Open { kind }))
        .boxed()
}

/// Spec (Answer blocks, Type inference): an open Short Answer has no list;
/// an ordered list or a list of `->` pairs under a `Short Answer` heading is
/// a mismatching answer block, an error.
fn answer_like_list(block: &Block) -> bool {
    let Block::List { start, items } = block else {
        return false;
    };
    let arrows = items.iter().any(|item| {
        let mut text = String::new();
        if let Some(Block::Paragraph(inl)) = item.first() {
            inlines_plain(inl, &mut text);
        }
        text.contains("->") || text.contains('→')
    });
    start.is_some() || arrows
}

/// A stem above an answer list of the same kind: lists of one kind that
/// touch are one answer list, whatever their bullets (spec: Answer blocks,
/// "the answer block is the question's last list"; LMS formats, trap S5),
/// and a blockquote between two such lists is unindented item feedback
/// (spec: "An unindented blockquote between items splits the list").
fn stem_before(kind: fn(&Block) -> bool, image: Option<ImageSrc>) -> BoxedStrategy<Rich> {
    stem(image)
        .prop_filter("a stem list that runs into the answer list", move |stem| {
            let mut rest = stem
                .blocks
                .iter()
                .rev()
                .skip_while(|b| matches!(b, Block::Quote(_)));
            !rest.next().is_some_and(kind)
        })
        .boxed()
}

fn arrow_list(block: &Block) -> bool {
    matches!(block, Block::List { start: None, .. }) && answer_like_list(block)
}

fn ordered_list(block: &Block) -> bool {
    matches!(block, Block::List { start: Some(_), .. })
}

fn matching(image: Option<ImageSrc>) -> BoxedStrategy<(Rich, Answer)> {
    (
        stem_before(arrow_list, image),
        prop::collection::vec((literal(), literal()), 2..4),
        prop::collection::vec(literal(), 0..2),
    )
        .prop_map(|(stem, pairs, distractors)| {
            let pairs = pairs
                .into_iter()
                .map(|(left, right)| Pair {
                    left,
                    right,
                    span: Span::default(),
                })
                .collect();
            let distractors = distractors
                .into_iter()
                .map(|text| Distractor {
                    text,
                    span: Span::default(),
                })
                .collect();
            (stem, Answer::Matching { pairs, distractors })
        })
        .boxed()
}

fn blank() -> impl Strategy<Value = Blank> {
    prop_oneof![
        prop::collection::vec(literal(), 1..3).prop_map(|accepted| Blank::Text {
            accepted,
            span: Span::default(),
        }),
        (prop::collection::vec(literal(), 2..4), any::<Index>()).prop_map(|(options, k)| {
            Blank::Dropdown {
                correct: k.index(options.len()),
                options,
                span: Span::default(),
            }
        }),
    ]
}

/// Blanks sit in the stem's first paragraph, between runs of text.
fn blanks(image: Option<ImageSrc>) -> BoxedStrategy<(Rich, Answer)> {
    (
        prop::collection::vec((prop::option::of(line(3)), blank()), 1..4),
        prop::option::of(line(3)),
        blocks(content(image), 0..2),
        any::<bool>(),
    )
        .prop_filter("stem the parser reads as feedback", |(_, _, more, _)| {
            more.iter().all(|b| !starts_with_label(b))
        })
        .prop_map(|(parts, tail, more, case_sensitive)| {
            let mut para = Vec::new();
            let mut blanks = Vec::new();
            for (i, (text, blank)) in parts.into_iter().enumerate() {
                if let Some(t) = text {
                    push_text(&mut para, &t);
                    push_text(&mut para, " ");
                }
                para.push(Inline::Blank(i));
                blanks.push(blank);
                push_text(&mut para, " ");
            }
            match tail {
                Some(t) => push_text(&mut para, &t),
                None => {
                    // No white space at the end of a paragraph.
                    if let Some(Inline::Text(t)) = para.last_mut() {
                        t.pop();
                        if t.is_empty() {
                            para.pop();
                        }
                    }
                }
            }
            let stem = Rich {
                blocks: std::iter::once(Block::Paragraph(para))
                    .chain(more)
                    .collect(),
            };
            (
                stem,
                Answer::Blanks {
                    blanks,
                    case_sensitive,
                },
            )
        })
        .boxed()
}

fn ordering(image: Option<ImageSrc>) -> BoxedStrategy<(Rich, Answer)> {
    let item = BlockCx {
        quotes: false,
        depth: 2,
        image: image.clone(),
    };
    (
        stem_before(ordered_list, image),
        prop::collection::vec(list_item(item), 2..4),
        any::<bool>(),
    )
        .prop_map(|(stem, items, partial)| {
            let items = items
                .into_iter()
                .map(|blocks| OrderItem {
                    content: Rich { blocks },
                    span: Span::default(),
                })
                .collect();
            (stem, Answer::Ordering { items, partial })
        })
        .boxed()
}
