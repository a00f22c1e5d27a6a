//! One question: the blocks under its heading → stem, answer, feedback.
//!
//! The answer block is the question's last list (for blanks, the stem);
//! blockquotes after it are feedback by label. The type comes from the
//! heading's type word, else it is inferred from the answer block.

use super::answers::{self, Entry};
use super::heading::Heading;
use super::tree::{Kind, Node, plain_text};
use super::{Cx, blanks, feedback, kinds, literal, markdown};
use crate::diag::Diagnostic;
use crate::model::{Answer, Feedback, OpenKind, Question, QuestionKind, Span};
use std::borrow::Cow;

/// The shape of a list, for type inference and mismatch errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flavor {
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

pub(super) const ARROWS: &[&str] = &["->", "→"];

fn flavor(entries: &[Entry], ordered: bool) -> Flavor {
    // `[x]text` is a task item with a broken marker (S9), reported as such.
    if entries
        .iter()
        .any(|e| e.marker.is_some() || e.broken_marker())
    {
        Flavor::Task
    } else if ordered {
        Flavor::Ordered
    } else if !entries.is_empty()
        && entries
            .iter()
            .any(|e| literal::contains(e.segments(), ARROWS))
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

/// The candidate answer list: the question's last list, with lists split by
/// unindented feedback (S6) or by a comment merged back.
struct Candidate<'a> {
    /// Index in the body of the first list of the answer block.
    start: usize,
    entries: Vec<Entry<'a>>,
    ordered: bool,
    span: Span,
}

pub fn build(cx: &mut Cx, heading: &Heading, body: &[Node], defaults: &Defaults) -> Built {
    // Comments (`<!-- … -->`) are invisible everywhere.
    let mut body: Vec<&Node> = body.iter().filter(|n| !is_comment(cx, n)).collect();
    // A `---` rule between questions is a separator, not content.
    while body.last().is_some_and(|n| n.kind == Kind::Rule) {
        body.pop();
    }
    let kind = heading.kind;
    // Diagnostics about the candidate list are dropped if it is stem content.
    let mark = cx.diags.items.len();
    let candidate = candidate(cx, &body);
    let list_flavor = candidate.as_ref().map(|c| flavor(&c.entries, c.ordered));
    let list_is_content = is_content(kind, list_flavor);
    if list_is_content {
        cx.diags.items.truncate(mark);
    }
    let (mut stem_nodes, quotes, mut entries, list_span, ordered) = match candidate {
        Some(c) if !list_is_content => {
            let (stem, quotes) = split_after_list(cx, &body, c.start);
            (stem, quotes, c.entries, Some(c.span), c.ordered)
        }
        _ => {
            let (stem, quotes) = split_open(cx, &body);
            (stem, quotes, Vec::new(), None, false)
        }
    };
    if list_flavor == Some(Flavor::Task) && !list_is_content {
        split_merged_stem_list(cx, &mut entries, &mut stem_nodes);
    }

    let mut fb = Feedback::default();
    feedback::collect(cx, &quotes, &mut fb);

    // Blanks: when the type says so, or when inferring without an answer list.
    let want_blanks = kind == Some(QuestionKind::FillInTheBlanks)
        || (kind.is_none() && entries.is_empty() && contains_blank(cx, &stem_nodes));
    let blanks = if want_blanks {
        let mut owned: Vec<Node> = stem_nodes.into_iter().map(Cow::into_owned).collect();
        let found = blanks::replace(cx, &mut owned);
        stem_nodes = owned.into_iter().map(Cow::Owned).collect();
        found
    } else {
        Vec::new()
    };
    let tf_key = if entries.is_empty() && matches!(kind, Some(QuestionKind::TrueFalse) | None) {
        true_false_key(&mut stem_nodes, &mut fb)
    } else {
        None
    };
    let stem_text = stem_text(cx, &stem_nodes, &body);
    let stem = markdown::rich(cx, &stem_nodes);
    let mut shape = Shape {
        heading,
        entries,
        ordered,
        flavor: list_flavor.filter(|_| !list_is_content),
        list_span,
        blanks_found: !blanks.is_empty(),
        tf_key,
    };
    let answer = answer_for(cx, &mut shape, blanks, &mut fb);
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

fn candidate<'a>(cx: &mut Cx, body: &[&Node<'a>]) -> Option<Candidate<'a>> {
    let li = body.iter().rposition(|n| n.is_list())?;
    let list = body[li];
    let mut entries = answers::entries(cx, list);
    let mut start = li;
    let ordered = list.is_ordered_list();
    let fl = flavor(&entries, ordered);
    // Lists of plain items are never merged; answer lists take in the lists
    // of their kind above them, one at a time.
    while fl != Flavor::Plain && start > 0 {
        let mut j = start;
        while j > 0 && matches!(body[j - 1].kind, Kind::BlockQuote(_)) {
            j -= 1;
        }
        // With no blockquote between, two lists of one kind were split by a
        // comment or a change of bullet: one answer list.
        if j == 0 || !body[j - 1].is_list() {
            break;
        }
        let prev = body[j - 1];
        // Problems in a list that stays stem content are not answer problems.
        let mark = cx.diags.items.len();
        let mut prev_entries = answers::entries(cx, prev);
        if prev.is_ordered_list() != ordered || flavor(&prev_entries, ordered) != fl {
            cx.diags.items.truncate(mark);
            break;
        }
        for q in &body[j..start] {
            cx.report(
                Diagnostic::error(
                    "unindented-choice-feedback",
                    "this blockquote splits the answer list in two",
                )
                .at(cx.file(), first_line(cx, q))
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
    Some(Candidate {
        start,
        entries,
        ordered,
        span: Span::new(body[start].span.start, list.span.end),
    })
}

/// Whether the last list is content rather than the answer block.
fn is_content(kind: Option<QuestionKind>, list: Option<Flavor>) -> bool {
    use QuestionKind as K;
    match (kind, list) {
        (_, None) => true,
        (Some(K::Text | K::Essay | K::FillInTheBlanks), Some(f)) => f != Flavor::Task,
        (Some(K::ShortAnswer | K::TrueFalse) | None, Some(Flavor::Plain)) => true,
        _ => false,
    }
}

type StemAndQuotes<'n, 'a> = (Vec<Cow<'n, Node<'a>>>, Vec<&'n Node<'a>>);

/// With an answer list: the blocks before it are the stem, blockquotes after
/// it are feedback, anything else after it is an error.
fn split_after_list<'n, 'a>(
    cx: &mut Cx,
    body: &[&'n Node<'a>],
    start: usize,
) -> StemAndQuotes<'n, 'a> {
    let mut stem: Vec<Cow<Node>> = body[..start].iter().map(|n| Cow::Borrowed(*n)).collect();
    let mut quotes = Vec::new();
    let after = body
        .iter()
        .rposition(|n| n.is_list())
        .map_or(body.len(), |l| l + 1);
    for n in &body[after..] {
        match n.kind {
            Kind::BlockQuote(_) => quotes.push(*n),
            // Footnote definitions usually sit at the end: they belong to the stem.
            Kind::FootnoteDefinition(_) | Kind::Rule => stem.push(Cow::Borrowed(*n)),
            _ => cx.report(
                Diagnostic::error("content-after-answers", "text after the answer list")
                    .at(cx.file(), first_line(cx, n))
                    .with_help("move it above the list, or into a `> **Explanation:**` blockquote"),
            ),
        }
    }
    (stem, quotes)
}

/// Without an answer list: feedback starts at the first labelled blockquote.
fn split_open<'n, 'a>(cx: &mut Cx, body: &[&'n Node<'a>]) -> StemAndQuotes<'n, 'a> {
    let cut = body
        .iter()
        .position(|n| {
            matches!(n.kind, Kind::BlockQuote(_)) && feedback::starting_label(n).is_some()
        })
        .unwrap_or(body.len());
    let mut stem: Vec<Cow<Node>> = body[..cut].iter().map(|n| Cow::Borrowed(*n)).collect();
    let mut quotes = Vec::new();
    for n in &body[cut..] {
        match n.kind {
            Kind::BlockQuote(_) => quotes.push(*n),
            Kind::FootnoteDefinition(_) | Kind::Rule => stem.push(Cow::Borrowed(*n)),
            _ => cx.report(
                Diagnostic::error("content-after-answers", "text after the feedback blocks")
                    .at(cx.file(), first_line(cx, n))
                    .with_help("move it above the first `> **Label:**` blockquote, or into one"),
            ),
        }
    }
    (stem, quotes)
}

/// S5: stem bullets merged into the answer list (same `-` bullets) go back
/// to the stem, with a warning.
fn split_merged_stem_list<'a>(
    cx: &mut Cx,
    entries: &mut Vec<Entry<'a>>,
    stem: &mut Vec<Cow<Node<'a>>>,
) {
    let lead = entries.iter().take_while(|e| e.marker.is_none()).count();
    // `- [x]no space` is a broken answer, not stem content (S9): it stays in
    // the list so the marker check reports it.
    let broken_marker = entries[..lead].iter().any(Entry::broken_marker);
    if lead == 0 || broken_marker || !entries[lead..].iter().all(|e| e.marker.is_some()) {
        return;
    }
    let stem_part: Vec<Entry> = entries.drain(..lead).collect();
    let first = stem_part.first().map_or(Span::default(), |e| e.span);
    cx.report(
        Diagnostic::warning(
            "stem-list-touches-answers",
            "the stem's bullet list runs into the answer list",
        )
        .at(cx.file(), first)
        .with_label("taken as part of the stem")
        .with_help("put a sentence between the two lists, or use `*` bullets for the stem list"),
    );
    stem.push(Cow::Owned(Node {
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
    }));
}

/// True/False without a list: an `Answer: True` paragraph (taken out of the
/// stem) or `> **Answer:** True` (taken out of the feedback).
fn true_false_key(stem: &mut Vec<Cow<Node>>, fb: &mut Feedback) -> Option<bool> {
    if let Some(pos) = stem.iter().rposition(|n| answer_line(n).is_some()) {
        let key = answer_line(&stem[pos]);
        stem.remove(pos);
        return key;
    }
    let key = answers::truth(&fb.answer.as_ref()?.plain_text())?;
    fb.answer = None;
    Some(key)
}

/// What derived ids hash: the stem, or the whole body when there is no stem.
fn stem_text(cx: &Cx, stem: &[Cow<Node>], body: &[&Node]) -> String {
    let text: String = stem
        .iter()
        .map(|n| plain_text(std::slice::from_ref(n.as_ref())))
        .collect();
    if !text.trim().is_empty() {
        return text;
    }
    match (body.first(), body.last()) {
        (Some(first), Some(last)) => cx
            .text
            .get(first.span.start..last.span.end)
            .unwrap_or("")
            .to_string(),
        _ => text,
    }
}

pub(super) struct Shape<'h> {
    pub heading: &'h Heading,
    pub entries: Vec<Entry<'h>>,
    pub ordered: bool,
    pub flavor: Option<Flavor>,
    pub list_span: Option<Span>,
    pub blanks_found: bool,
    pub tf_key: Option<bool>,
}

fn answer_for(
    cx: &mut Cx,
    s: &mut Shape,
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
    let inferred = infer(s);
    let kind = match (h.kind, inferred) {
        (Some(k), _) => k,
        (None, Some(k)) => k,
        (None, None) => {
            cx.report(
                Diagnostic::error("no-answer-block", "no answer block: the question's type cannot be told")
                    .at(file, h.span)
        .with_label("in this question")
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
            .with_label("in this question")
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
        QuestionKind::MultipleChoice | QuestionKind::MultipleAnswers => kinds::choices(cx, s, kind),
        QuestionKind::TrueFalse => kinds::true_false(cx, s),
        QuestionKind::ShortAnswer if s.flavor.is_none() => Answer::Open {
            kind: OpenKind::ShortAnswer,
        },
        QuestionKind::ShortAnswer => kinds::short_answer(cx, s),
        QuestionKind::Numerical => kinds::numerical(cx, s),
        QuestionKind::Essay | QuestionKind::Text => Answer::Open {
            kind: OpenKind::Essay,
        },
        QuestionKind::Matching => kinds::matching(cx, s),
        QuestionKind::Ordering => kinds::ordering(cx, s),
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

fn infer(s: &Shape) -> Option<QuestionKind> {
    match s.flavor {
        Some(Flavor::Task) => {
            let literals: Vec<&str> = s.entries.iter().map(|e| e.literal()).collect();
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

fn contains_blank(cx: &Cx, nodes: &[Cow<Node>]) -> bool {
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
