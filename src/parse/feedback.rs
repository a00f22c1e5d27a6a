//! Feedback blockquotes by label.
//!
//! The label is the first bold (or plain) word of a line, case-insensitive,
//! with the colon inside or after it; each labelled line starts a new block,
//! even inside one blockquote. `> [!NOTE]` is an Explanation, `> [!TIP]` a Hint.

use super::Cx;
use super::markdown;
use super::tree::{Kind, Node, plain_text};
use crate::model::{Feedback, Rich};
use pulldown_cmark::BlockQuoteKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Explanation,
    Correct,
    Incorrect,
    Hint,
    Answer,
}

impl Label {
    fn from_word(word: &str) -> Option<Label> {
        match word.trim().to_lowercase().as_str() {
            "explanation" => Some(Label::Explanation),
            "correct" => Some(Label::Correct),
            "incorrect" => Some(Label::Incorrect),
            "hint" => Some(Label::Hint),
            "answer" => Some(Label::Answer),
            _ => None,
        }
    }
}

/// The label a blockquote starts with (alert kind or first line).
pub fn starting_label(quote: &Node) -> Option<Label> {
    if let Kind::BlockQuote(Some(kind)) = quote.kind {
        return Some(alert_label(kind));
    }
    let first = quote.children.first()?;
    if !matches!(first.kind, Kind::Paragraph) {
        return None;
    }
    let mut line = first.children.clone();
    take_label(&mut line)
}

fn alert_label(kind: BlockQuoteKind) -> Label {
    match kind {
        BlockQuoteKind::Tip => Label::Hint,
        _ => Label::Explanation,
    }
}

/// Removes a leading label from a line of inline nodes.
fn take_label(line: &mut Vec<Node>) -> Option<Label> {
    let first = line.first()?;
    match &first.kind {
        Kind::Strong => {
            let inner = plain_text(&first.children);
            let inner = inner.trim();
            let (word, colon_inside) = match inner.strip_suffix(':') {
                Some(w) => (w, true),
                None => (inner, false),
            };
            let label = Label::from_word(word)?;
            // `**Hint:** :-)` keeps its colon: only `**Hint**:` has one after.
            let colon_after = !colon_inside
                && matches!(line.get(1).map(|n| &n.kind), Some(Kind::Text(t)) if t.trim_start().starts_with(':'));
            if !colon_inside && !colon_after {
                return None;
            }
            line.remove(0);
            if let Some(Node {
                kind: Kind::Text(t),
                ..
            }) = line.first_mut()
            {
                let rest = t.trim_start();
                let rest = if colon_after { &rest[1..] } else { rest };
                *t = rest.trim_start().to_string().into();
            }
            Some(label)
        }
        Kind::Text(t) => {
            let colon = t.find(':')?;
            let label = Label::from_word(&t[..colon])?;
            let rest = t[colon + 1..].trim_start().to_string();
            if let Some(Node {
                kind: Kind::Text(t),
                ..
            }) = line.first_mut()
            {
                *t = rest.into();
            }
            Some(label)
        }
        _ => None,
    }
}

/// Splits one blockquote into labelled blocks; unlabelled content gets `default`.
pub fn split_quote<'a>(quote: &Node<'a>, default: Label) -> Vec<(Label, Vec<Node<'a>>)> {
    let default = match quote.kind {
        Kind::BlockQuote(Some(kind)) => alert_label(kind),
        _ => default,
    };
    let mut out: Vec<(Label, Vec<Node>)> = Vec::new();
    for block in &quote.children {
        if !matches!(block.kind, Kind::Paragraph) {
            match out.last_mut() {
                Some((_, nodes)) => nodes.push(block.clone()),
                None => out.push((default, vec![block.clone()])),
            }
            continue;
        }
        // Split the paragraph into lines; a labelled line starts a new block.
        let mut lines: Vec<Vec<Node>> = vec![Vec::new()];
        for n in &block.children {
            let is_break = matches!(n.kind, Kind::SoftBreak | Kind::HardBreak);
            if let Some(line) = lines.last_mut() {
                line.push(n.clone());
            }
            if is_break {
                lines.push(Vec::new());
            }
        }
        let mut para: Option<Node> = None;
        for mut line in lines {
            if line.is_empty() {
                continue;
            }
            if let Some(label) = take_label(&mut line) {
                if let Some(p) = para.take() {
                    push_block(&mut out, default, p);
                }
                out.push((label, Vec::new()));
            }
            let start = line.first().map_or(block.span.start, |n| n.span.start);
            let end = line.last().map_or(block.span.end, |n| n.span.end);
            let p = para.get_or_insert_with(|| Node {
                kind: Kind::Paragraph,
                span: start..end,
                children: Vec::new(),
            });
            p.span.end = end;
            p.children.extend(line);
        }
        if let Some(p) = para.take() {
            push_block(&mut out, default, p);
        }
    }
    out
}

fn push_block<'a>(out: &mut Vec<(Label, Vec<Node<'a>>)>, default: Label, p: Node<'a>) {
    match out.last_mut() {
        Some((_, nodes)) => nodes.push(p),
        None => out.push((default, vec![p])),
    }
}

/// Adds labelled blocks to a question's feedback (repeated labels append).
pub fn collect(cx: &mut Cx, quotes: &[&Node], feedback: &mut Feedback) {
    for quote in quotes {
        for (label, nodes) in split_quote(quote, Label::Explanation) {
            let rich = markdown::rich(cx, &nodes);
            if rich.is_empty() && label != Label::Answer {
                continue;
            }
            let slot = match label {
                Label::Explanation => &mut feedback.general,
                Label::Correct => &mut feedback.correct,
                Label::Incorrect => &mut feedback.incorrect,
                Label::Answer => &mut feedback.answer,
                Label::Hint => {
                    feedback.hints.push(rich);
                    continue;
                }
            };
            append(slot, rich);
        }
    }
}

fn append(slot: &mut Option<Rich>, rich: Rich) {
    match slot {
        Some(existing) => existing.blocks.extend(rich.blocks),
        None => *slot = Some(rich),
    }
}

/// Per-choice feedback: every blockquote inside the item, as one rich block list.
pub fn per_item(cx: &mut Cx, quotes: &[&Node]) -> Option<Rich> {
    let mut rich = Rich::default();
    for q in quotes {
        rich.blocks.extend(markdown::blocks(cx, &q.children));
    }
    (!rich.is_empty()).then_some(rich)
}
