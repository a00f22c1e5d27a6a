//! One question: the blocks under its heading → stem, answer, feedback.
//!
//! The answer block is the question's last list (for blanks, the stem);
//! blockquotes after it are feedback by label. The type comes from the
//! heading's type word, else it is inferred from the answer block.

use super::answers::{self, Entry};
use super::heading::Heading;
use super::tree::{Kind, Node, plain_text};
use super::{Cx, blanks, feedback, literal, markdown};
use crate::diag::Diagnostic;
use crate::model::{
    Answer, Choice, Distractor, Feedback, NumericAnswer, OpenKind, OrderItem, Pair, Question,
    QuestionKind, Span, TextAnswer,
};

/// The shape of a list, for type inference and mismatch errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Task,
    Ordered,
    Arrows,
    Plain,
}

impl Flavor {
    fn describe(self) -> &'static str {
        match self {
            Flavor::Task => "a task list (`- [x]` / `- [ ]`)",
            Flavor::Ordered => "an ordered list (`1.`)",
            Flavor::Arrows => "a list of `left -> right` pairs",
            Flavor::Plain => "a plain bullet list",
        }
    }
}

const ARROWS: &[&str] = &["->", "→"];

fn flavor(cx: &Cx, entries: &[Entry], ordered: bool) -> Flavor {
    if entries.iter().any(|e| e.marker.is_some()) {
        Flavor::Task
    } else if ordered {
        Flavor::Ordered
    } else if !entries.is_empty()
        && entries
            .iter()
            .any(|e| literal::contains(&e.segments(cx), ARROWS))
    {
        Flavor::Arrows
    } else {
        Flavor::Plain
    }
}

/// Context a question needs from its quiz (and pool).
pub struct Defaults {
    pub points: f64,
    pub shuffle: bool,
}

/// What the body parser hands back besides the question.
pub struct Built {
    pub question: Question,
    /// The stem as plain text (for derived ids).
    pub stem_text: String,
}

pub fn build(cx: &mut Cx, heading: &Heading, body: &[Node], defaults: &Defaults) -> Built {
    let file = cx.file();
    // Comments (`<!-- … -->`) are invisible everywhere.
    let body: Vec<&Node> = body.iter().filter(|n| !is_comment(cx, n)).collect();

    // The candidate answer list: the last list, with lists split by
    // unindented feedback merged back (S6).
    let last_list = body.iter().rposition(|n| n.is_list());
    let mut answer: Option<(usize, Vec<Entry>, bool, Span)> = None;
    if let Some(li) = last_list {
        let list = body[li];
        let mut entries = answers::entries(cx, list);
        let mut start = li;
        let ordered = list.is_ordered_list();
        let fl = flavor(cx, &entries, ordered);
        if fl != Flavor::Plain {
            loop {
                let mut j = start;
                while j > 0 && matches!(body[j - 1].kind, Kind::BlockQuote(_)) {
                    j -= 1;
                }
                if j == start || j == 0 || !body[j - 1].is_list() {
                    break;
                }
                let prev = body[j - 1];
                let mut prev_entries = answers::entries(cx, prev);
                if prev.is_ordered_list() != ordered || flavor(cx, &prev_entries, ordered) != fl {
                    break;
                }
                for q in &body[j..start] {
                    cx.report(
                        Diagnostic::error(
                            "unindented-choice-feedback",
                            "this blockquote splits the answer list in two",
                        )
                        .at(file, first_line(cx, q))
                        .with_label("not indented under the item above")
                        .with_help("indent the feedback by 2 spaces to attach it to its choice"),
                    );
                    if let Some(last) = prev_entries.last_mut() {
                        last.quotes.push((*q).clone());
                    }
                }
                prev_entries.extend(entries);
                entries = prev_entries;
                start = j - 1;
            }
        }
        let span = Span::new(body[start].span.start, list.span.end);
        answer = Some((start, entries, ordered, span));
    }

    let kind = heading.kind;
    let list_flavor = answer
        .as_ref()
        .map(|(_, entries, ordered, _)| flavor(cx, entries, *ordered));
    // Lists that are content, not answers.
    let list_is_content = match (kind, list_flavor) {
        (_, None) => true,
        (
            Some(QuestionKind::Text | QuestionKind::Essay | QuestionKind::FillInTheBlanks),
            Some(f),
        ) => f != Flavor::Task,
        (Some(QuestionKind::ShortAnswer) | None, Some(Flavor::Plain)) => true,
        _ => false,
    };

    let mut stem_nodes: Vec<Node>;
    let mut quotes: Vec<&Node> = Vec::new();
    let mut entries = Vec::new();
    let mut list_span = None;
    let mut ordered = false;
    if let (false, Some((start, e, o, span))) = (list_is_content, answer) {
        stem_nodes = body[..start].iter().map(|n| (*n).clone()).collect();
        entries = e;
        ordered = o;
        list_span = Some(span);
        let after = last_list.map_or(body.len(), |l| l + 1);
        for n in &body[after..] {
            if matches!(n.kind, Kind::BlockQuote(_)) {
                quotes.push(n);
            } else {
                cx.report(
                    Diagnostic::error("content-after-answers", "text after the answer list")
                        .at(file, first_line(cx, n))
                        .with_help(
                            "move it above the list, or into a `> **Explanation:**` blockquote",
                        ),
                );
            }
        }
        // S5: stem bullets merged into the answer list.
        if list_flavor == Some(Flavor::Task) {
            let lead = entries.iter().take_while(|e| e.marker.is_none()).count();
            if lead > 0 && entries[lead..].iter().all(|e| e.marker.is_some()) {
                let stem_part: Vec<Entry> = entries.drain(..lead).collect();
                let first = stem_part.first().map_or(Span::default(), |e| e.span);
                cx.report(
                    Diagnostic::warning("stem-list-touches-answers", "the stem's bullet list runs into the answer list")
                        .at(file, first)
                        .with_label("taken as part of the stem")
                        .with_help("put a sentence between the two lists, or use `*` bullets for the stem list"),
                );
                stem_nodes.push(Node {
                    kind: Kind::List(None),
                    span: first.start..first.end,
                    children: stem_part
                        .iter()
                        .map(|e| Node {
                            kind: Kind::Item,
                            span: e.span.start..e.span.end,
                            children: e.content(),
                        })
                        .collect(),
                });
            }
        }
    } else {
        // No answer list: trailing labelled blockquotes are feedback.
        let mut cut = body.len();
        let mut k = body.len();
        while k > 0 && matches!(body[k - 1].kind, Kind::BlockQuote(_)) {
            k -= 1;
            if feedback::starting_label(body[k]).is_some() {
                cut = k;
            }
        }
        stem_nodes = body[..cut].iter().map(|n| (*n).clone()).collect();
        quotes.extend(body[cut..].iter().copied());
    }

    let mut fb = Feedback::default();
    feedback::collect(cx, &quotes, &mut fb);

    // Blanks: when the type says so, or when inferring without an answer list.
    let want_blanks = kind == Some(QuestionKind::FillInTheBlanks)
        || (kind.is_none() && entries.is_empty() && contains_blank(cx, &stem_nodes));
    let blanks = if want_blanks {
        blanks::replace(cx, &mut stem_nodes)
    } else {
        Vec::new()
    };

    // True/False from an `Answer: True` line or `> **Answer:** True`.
    let mut tf_key = None;
    if entries.is_empty() && matches!(kind, Some(QuestionKind::TrueFalse) | None) {
        if let Some(pos) = stem_nodes.iter().rposition(|n| answer_line(n).is_some()) {
            tf_key = answer_line(&stem_nodes[pos]);
            stem_nodes.remove(pos);
        } else if let Some(a) = &fb.answer
            && let Some(b) = answers::truth(&a.plain_text())
        {
            tf_key = Some(b);
            fb.answer = None;
        }
    }

    let stem_text = plain_text(&stem_nodes);
    let stem = markdown::rich(cx, &stem_nodes);
    let ctx = Shape {
        heading,
        entries,
        ordered,
        flavor: list_flavor.filter(|_| !list_is_content),
        list_span,
        blanks_found: !blanks.is_empty(),
        tf_key,
    };
    let answer = answer_for(cx, &ctx, blanks, &mut fb);
    let attrs = &heading.attrs;
    Built {
        question: Question {
            id: String::new(),
            label: heading.label.clone(),
            title: heading.title.clone(),
            points: attrs.points.unwrap_or(defaults.points),
            shuffle: attrs.shuffle.unwrap_or(defaults.shuffle),
            tags: attrs.tags.clone(),
            stem,
            answer,
            feedback: fb,
            span: heading.span,
        },
        stem_text,
    }
}

struct Shape<'h> {
    heading: &'h Heading,
    entries: Vec<Entry>,
    ordered: bool,
    flavor: Option<Flavor>,
    list_span: Option<Span>,
    blanks_found: bool,
    tf_key: Option<bool>,
}

fn answer_for(
    cx: &mut Cx,
    s: &Shape,
    blanks: Vec<crate::model::Blank>,
    fb: &mut Feedback,
) -> Answer {
    let file = cx.file();
    let h = s.heading;
    for e in &s.entries {
        if e.starts_with_list {
            cx.report(
                Diagnostic::error(
                    "item-starts-with-number",
                    "this item starts with a number and became a list inside the list",
                )
                .at(file, e.span)
                .with_help("escape the number's dot: `1\\. sigmoid`"),
            );
        }
    }
    let inferred = infer(cx, s);
    let kind = match (h.kind, inferred) {
        (Some(k), _) => k,
        (None, Some(k)) => k,
        (None, None) => {
            cx.report(
                Diagnostic::error("no-answer-block", "no answer block: the question's type cannot be told")
                    .at(file, h.span)
                    .with_help("add an answer list, or name the type in the heading: `· Essay`, `· Short Answer` or `· Text`"),
            );
            return Answer::Open {
                kind: OpenKind::Essay,
            };
        }
    };
    // A heading's type word against the answer block's shape.
    if let Some(expected) = h.kind {
        let fits = match expected {
            QuestionKind::MultipleChoice
            | QuestionKind::MultipleAnswers
            | QuestionKind::Numerical => s.flavor == Some(Flavor::Task),
            QuestionKind::TrueFalse => {
                s.flavor == Some(Flavor::Task) || (s.flavor.is_none() && s.tf_key.is_some())
            }
            QuestionKind::ShortAnswer => matches!(s.flavor, Some(Flavor::Task) | None),
            QuestionKind::Matching => s.flavor == Some(Flavor::Arrows),
            QuestionKind::Ordering => s.flavor == Some(Flavor::Ordered),
            QuestionKind::Essay | QuestionKind::Text => s.flavor.is_none(),
            QuestionKind::FillInTheBlanks => s.flavor.is_none() && s.blanks_found,
        };
        if !fits {
            let found = match s.flavor {
                Some(f) => f.describe(),
                None if expected == QuestionKind::FillInTheBlanks => "no `[[…]]` blank in the stem",
                None => "no answer list",
            };
            let mut d = Diagnostic::error(
                "type-mismatch",
                format!(
                    "the heading says {} but the answer block is {found}",
                    expected.name()
                ),
            )
            .at(file, h.span)
            .with_help(expected_help(expected));
            if let Some(span) = s.list_span {
                d = d.with_secondary(span, "this answer block");
            }
            cx.report(d);
            return Answer::Open {
                kind: OpenKind::Essay,
            };
        }
    }
    match kind {
        QuestionKind::MultipleChoice | QuestionKind::MultipleAnswers => choices(cx, s, kind),
        QuestionKind::TrueFalse => true_false(cx, s),
        QuestionKind::ShortAnswer if s.flavor.is_none() => Answer::Open {
            kind: OpenKind::ShortAnswer,
        },
        QuestionKind::ShortAnswer => short_answer(cx, s),
        QuestionKind::Numerical => numerical(cx, s),
        QuestionKind::Essay | QuestionKind::Text => Answer::Open {
            kind: OpenKind::Essay,
        },
        QuestionKind::Matching => matching(cx, s),
        QuestionKind::Ordering => ordering(cx, s),
        QuestionKind::FillInTheBlanks => {
            let _ = fb;
            Answer::Blanks {
                blanks,
                case_sensitive: h.attrs.case_sensitive.unwrap_or(false),
            }
        }
    }
}

fn expected_help(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::MultipleChoice => {
            "a Multiple Choice question ends with a task list with one `[x]`: `- [x] right` / `- [ ] wrong`"
        }
        QuestionKind::MultipleAnswers => {
            "a Multiple Answers question ends with a task list with one or more `[x]`"
        }
        QuestionKind::TrueFalse => {
            "end with `- [x] True` / `- [ ] False`, or a line `Answer: True`"
        }
        QuestionKind::ShortAnswer => {
            "list accepted answers as `- [x] answer`, or give no list for an open question"
        }
        QuestionKind::Numerical => "list accepted values as `- [x] 0.25 ± 0.01`",
        QuestionKind::Matching => "write pairs as `- left -> right`",
        QuestionKind::Ordering => {
            "write the items as an ordered list `1. first` `2. second` in the correct order"
        }
        QuestionKind::FillInTheBlanks => {
            "put blanks in the stem: `The derivative is [[0.25 | 1/4]].`"
        }
        QuestionKind::Essay | QuestionKind::Text => "remove the task list, or change the type word",
    }
}

fn infer(cx: &Cx, s: &Shape) -> Option<QuestionKind> {
    match s.flavor {
        Some(Flavor::Task) => {
            let literals: Vec<String> = s.entries.iter().map(|e| e.literal(cx)).collect();
            let marked = s.entries.iter().filter(|e| e.marker == Some(true)).count();
            let tf: Vec<Option<bool>> = literals.iter().map(|l| answers::truth(l)).collect();
            if tf.len() == 2 && tf.contains(&Some(true)) && tf.contains(&Some(false)) {
                return Some(QuestionKind::TrueFalse);
            }
            if marked == s.entries.len() {
                let numeric = literals.iter().all(|l| answers::numeric(l).is_ok());
                return Some(if numeric {
                    QuestionKind::Numerical
                } else {
                    QuestionKind::ShortAnswer
                });
            }
            Some(if marked >= 2 {
                QuestionKind::MultipleAnswers
            } else {
                QuestionKind::MultipleChoice
            })
        }
        Some(Flavor::Ordered) => Some(QuestionKind::Ordering),
        Some(Flavor::Arrows) => Some(QuestionKind::Matching),
        Some(Flavor::Plain) => None,
        None if s.blanks_found => Some(QuestionKind::FillInTheBlanks),
        None if s.tf_key.is_some() => Some(QuestionKind::TrueFalse),
        None => None,
    }
}

/// Items of a task list must carry a marker; `[x]text` gets a hint (S9).
fn check_markers(cx: &mut Cx, entries: &[Entry]) {
    for e in entries {
        if e.marker.is_some() {
            if e.literal(cx).is_empty() && e.rest.is_empty() {
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
        let lit = e.literal(cx);
        let looks = ["[x]", "[X]", "[ ]"].iter().any(|m| lit.starts_with(m));
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
    let content = e.content();
    markdown::rich(cx, &content)
}

fn choices(cx: &mut Cx, s: &Shape, kind: QuestionKind) -> Answer {
    check_markers(cx, &s.entries);
    let mut entries = s.entries.clone();
    answers::strip_letter_prefixes(&mut entries);
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
        .with_help("mark exactly one `[x]`, or make it `· Multiple Answers`");
        for span in correct {
            d = d.with_secondary(span, "marked correct");
        }
        cx.report(d);
    }
    if list.len() < 2 {
        cx.report(
            Diagnostic::error(
                "too-few-choices",
                "a choice question needs at least two choices",
            )
            .at(cx.file(), h.span)
            .with_help("add another choice, or make it a `· Short Answer`"),
        );
    }
    if kind == QuestionKind::MultipleChoice {
        Answer::MultipleChoice { choices: list }
    } else {
        Answer::MultipleAnswers { choices: list }
    }
}

fn true_false(cx: &mut Cx, s: &Shape) -> Answer {
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
        let Some(value) = answers::truth(&e.literal(cx)) else {
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
    .with_help("mark accepted answers with `[x]`; `[ ]` items are anticipated wrong answers");
    if let Some(span) = s.list_span {
        d = d.with_secondary(span, "no `[x]` here");
    }
    cx.report(d);
}

fn short_answer(cx: &mut Cx, s: &Shape) -> Answer {
    check_markers(cx, &s.entries);
    let (mut accepted, mut wrong) = (Vec::new(), Vec::new());
    for e in &s.entries {
        let quotes: Vec<&Node> = e.quotes.iter().collect();
        let a = TextAnswer {
            text: e.literal(cx),
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

fn numerical(cx: &mut Cx, s: &Shape) -> Answer {
    check_markers(cx, &s.entries);
    let (mut accepted, mut wrong) = (Vec::new(), Vec::new());
    for e in &s.entries {
        let text = e.literal(cx);
        let value = match answers::numeric(&text) {
            Ok(v) => v,
            Err(why) => {
                cx.report(
                    Diagnostic::error("not-a-number", format!("not a number or range: {why}"))
                        .at(cx.file(), e.span)
                        .with_help(
                            "write `0.25`, `0.25 ± 0.01`, `0.25 +- 0.01`, `0.2 .. 0.3` or `1e-9`",
                        ),
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

fn matching(cx: &mut Cx, s: &Shape) -> Answer {
    let (mut pairs, mut distractors) = (Vec::new(), Vec::new());
    for e in &s.entries {
        let segs = e.segments(cx);
        let parts = literal::split(&segs, ARROWS, true);
        let [left, right] = parts.as_slice() else {
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
            .with_help("add pairs as `- left -> right`"),
        );
    }
    Answer::Matching { pairs, distractors }
}

fn ordering(cx: &mut Cx, s: &Shape) -> Answer {
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
            .with_help("list the items in the correct order: `1. first` `2. second`"),
        );
    }
    Answer::Ordering {
        items,
        partial: s.heading.attrs.partial.unwrap_or(false),
    }
}

fn contains_blank(cx: &Cx, nodes: &[Node]) -> bool {
    nodes.iter().any(|n| {
        !matches!(n.kind, Kind::CodeBlock(_) | Kind::HtmlBlock)
            && cx
                .text
                .get(n.span.clone())
                .is_some_and(|t| t.contains("[[") && t.contains("]]"))
    })
}

/// `Answer: True` as a paragraph of its own.
fn answer_line(node: &Node) -> Option<bool> {
    if !matches!(node.kind, Kind::Paragraph) {
        return None;
    }
    let text = plain_text(&node.children);
    let rest = text
        .trim()
        .strip_prefix("Answer:")
        .or_else(|| text.trim().strip_prefix("answer:"))?;
    answers::truth(rest)
}

fn is_comment(cx: &Cx, node: &Node) -> bool {
    matches!(node.kind, Kind::HtmlBlock)
        && cx
            .text
            .get(node.span.clone())
            .is_some_and(|t| t.trim().starts_with("<!--") && t.trim().ends_with("-->"))
}

pub fn first_line(cx: &Cx, node: &Node) -> Span {
    let slice = cx.text.get(node.span.clone()).unwrap_or("");
    let len = slice.find(['\r', '\n']).unwrap_or(slice.len());
    Span::new(node.span.start, node.span.start + len)
}
