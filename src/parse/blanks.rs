//! `[[…]]` blanks of Fill in the Blanks.
//!
//! pulldown-cmark splits `[[0.25 | 1/4]]` into several text events and puts
//! code or math inside a blank as their own events (trap S2), so blanks are
//! scanned over the merged inline nodes of each paragraph: `[[` and `]]` in
//! text, alternatives split on `|` only in text (never inside code or math),
//! each alternative literal. A blank becomes a [`Kind::Blank`] node.

use super::Cx;
use super::literal::{Seg, literal, segments, split};
use super::tree::{Kind, Node};
use crate::diag::Diagnostic;
use crate::model::{Blank, Span};

/// Replaces every `[[…]]` under `nodes` (in stem order) and returns the blanks.
pub fn replace(cx: &mut Cx, nodes: &mut Vec<Node>) -> Vec<Blank> {
    let mut blanks = Vec::new();
    walk(cx, nodes, &mut blanks);
    blanks
}

fn walk(cx: &mut Cx, nodes: &mut Vec<Node>, blanks: &mut Vec<Blank>) {
    scan_inline_run(cx, nodes, blanks);
    for node in nodes.iter_mut() {
        if matches!(
            node.kind,
            Kind::CodeBlock(_) | Kind::HtmlBlock | Kind::Metadata | Kind::Code(_)
        ) || node.children.is_empty()
        {
            continue;
        }
        walk(cx, &mut node.children, blanks);
    }
}

/// Finds `[[ … ]]` among the inline nodes of one container.
fn scan_inline_run(cx: &mut Cx, nodes: &mut Vec<Node>, blanks: &mut Vec<Blank>) {
    let mut i = 0;
    while i < nodes.len() {
        let Some(open) = find_written(cx.text, &nodes[i], "[[", 0) else {
            i += 1;
            continue;
        };
        // The closing `]]`: in the same text after `[[`, or in a later text
        // node of the same inline run.
        let mut close = None;
        if let Some(c) = find_written(cx.text, &nodes[i], "]]", open + 2) {
            close = Some((i, c));
        } else {
            for (j, node) in nodes.iter().enumerate().skip(i + 1) {
                if !node.is_inline() {
                    break;
                }
                if let Some(c) = find_written(cx.text, node, "]]", 0) {
                    close = Some((j, c));
                    break;
                }
            }
        }
        let Some((j, close_at)) = close else {
            let span = match source_offset(cx.text, &nodes[i], open) {
                Some(at) => Span::new(at, at + 2),
                None => cx.span(&nodes[i].span),
            };
            cx.report(
                Diagnostic::warning("unclosed-blank", "`[[` has no closing `]]` in this paragraph")
                    .at(cx.file(), span)
                    .with_help("close the blank with `]]`, or escape the brackets as `\\[\\[` when they are text"),
            );
            i += 1;
            continue;
        };
        // Where the blank sits in the source (escapes make text and source differ).
        let src_open = source_offset(cx.text, &nodes[i], open).unwrap_or(nodes[i].span.start);
        let src_close =
            source_offset(cx.text, &nodes[j], close_at).map_or(nodes[j].span.end, |c| c + 2);
        let span = Span::new(src_open, src_close);
        // Collect the blank's content as literal segments.
        let mut inner: Vec<Seg> = Vec::new();
        let before: String;
        let after: String;
        if i == j {
            let t = text_of(&nodes[i]).unwrap_or_default();
            before = t[..open].to_string();
            inner.push(Seg::Text(t[open + 2..close_at].to_string()));
            after = t[close_at + 2..].to_string();
        } else {
            let first = text_of(&nodes[i]).unwrap_or_default();
            before = first[..open].to_string();
            inner.push(Seg::Text(first[open + 2..].to_string()));
            inner.extend(segments(cx.text, &nodes[i + 1..j]));
            let last = text_of(&nodes[j]).unwrap_or_default();
            inner.push(Seg::Text(last[..close_at].to_string()));
            after = last[close_at + 2..].to_string();
        }
        let index = blanks.len();
        blanks.push(build_blank(cx, &inner, span));
        let mut replacement = Vec::new();
        if !before.is_empty() {
            replacement.push(text_node(before, nodes[i].span.start..src_open));
        }
        replacement.push(Node {
            kind: Kind::Blank(index),
            span: span.start..span.end,
            children: Vec::new(),
        });
        let rest_at = replacement.len();
        if !after.is_empty() {
            replacement.push(text_node(
                after,
                src_close.min(nodes[j].span.end)..nodes[j].span.end,
            ));
        }
        nodes.splice(i..=j, replacement);
        i += rest_at;
    }
}

/// The first `needle` at or after `from` in a text node whose characters
/// the author wrote as themselves: `\[\[` and `&#91;&#91;` are text.
fn find_written(source: &str, node: &Node, needle: &str, from: usize) -> Option<usize> {
    let text = text_of(node)?;
    let written = super::escapes::written(source, node.span.clone(), text);
    let mut at = from;
    while let Some(k) = text.get(at..)?.find(needle) {
        let hit = at + k;
        if written[hit..hit + needle.len()].iter().all(Option::is_some) {
            return Some(hit);
        }
        at = hit + 1;
    }
    None
}

/// The source offset of byte `at` of a text node.
fn source_offset(source: &str, node: &Node, at: usize) -> Option<usize> {
    let text = text_of(node)?;
    super::escapes::written(source, node.span.clone(), text)
        .get(at)
        .copied()
        .flatten()
}

fn text_of<'n>(node: &'n Node<'_>) -> Option<&'n str> {
    match &node.kind {
        Kind::Text(t) => Some(t),
        _ => None,
    }
}

fn text_node<'a>(text: String, span: std::ops::Range<usize>) -> Node<'a> {
    Node {
        kind: Kind::Text(text.into()),
        span,
        children: Vec::new(),
    }
}

fn build_blank(cx: &mut Cx, inner: &[Seg], span: Span) -> Blank {
    let parts = split(inner, &["|"], false);
    let mut options = Vec::new();
    let mut starred = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        let mut part = part.clone();
        // A leading `*` marks the dropdown's correct option.
        if let Some(Seg::Text(t)) = part
            .iter_mut()
            .find(|s| !matches!(s, Seg::Text(t) if t.trim().is_empty()))
            && let Some(rest) = t.trim_start().strip_prefix('*')
        {
            *t = rest.to_string();
            starred.push(k);
        }
        let text = literal(&part);
        if text.is_empty() {
            cx.report(
                Diagnostic::error("empty-blank", "a blank has an empty alternative")
                    .at(cx.file(), span)
                    .with_help("write `[[answer]]` or `[[one | other]]`; a literal `|` goes in a code span"),
            );
        }
        options.push(text);
    }
    match starred.as_slice() {
        [] => Blank::Text {
            accepted: options,
            span,
        },
        [correct] => {
            if options.len() < 2 {
                cx.report(
                    Diagnostic::warning("dropdown-one-option", "a dropdown blank has only one option")
                        .at(cx.file(), span)
                        .with_help("add wrong options: `[[*0.25 | 0.5 | 1]]`, or drop the `*` for a text blank"),
                );
            }
            Blank::Dropdown {
                options,
                correct: *correct,
                span,
            }
        }
        [first, ..] => {
            cx.report(
                Diagnostic::error("dropdown-several-correct", "a dropdown blank marks more than one option with `*`")
                    .at(cx.file(), span)
                    .with_help("a dropdown has exactly one correct option; for several accepted answers use a text blank `[[a | b]]`"),
            );
            Blank::Dropdown {
                options,
                correct: *first,
                span,
            }
        }
    }
}
