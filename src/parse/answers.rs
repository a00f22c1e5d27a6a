//! Answer lists: the items of the question's last list, one per answer.
//!
//! Only the direct items of that list are answers; task lists inside
//! feedback or blockquotes are content (trap S8). Loose and tight items are
//! read the same way (S7): the first paragraph is the answer text, an
//! indented blockquote is the item's own feedback, other blocks are content.

use super::Cx;
use super::literal::{self, Seg};
use super::tree::{Kind, Node};
use crate::diag::Diagnostic;
use crate::model::{Decimal, NumericValue, Span};

/// One list item taken apart.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// `Some(true)` for `[x]`, `Some(false)` for `[ ]`, `None` without a marker.
    pub marker: Option<bool>,
    /// Inline nodes of the first paragraph, marker and `{…}` tokens removed.
    pub first: Vec<Node<'a>>,
    /// Blocks after the first paragraph (not blockquotes).
    pub rest: Vec<Node<'a>>,
    /// Indented blockquotes: the item's own feedback.
    pub quotes: Vec<Node<'a>>,
    /// `{n%}`
    pub credit: Option<f64>,
    /// `{pin}`
    pub pinned: bool,
    /// The item's first line.
    pub span: Span,
    /// The item starts with a nested list (`- 1. x` is a list in a list, S19).
    pub starts_with_list: bool,
    /// `first` as literal segments, and as literal text (computed once).
    pub segs: Vec<Seg>,
    pub text: String,
    /// `[x]text` written as such: not in a code span, not escaped.
    broken_marker: bool,
}

impl<'a> Entry<'a> {
    pub fn segments(&self) -> &[Seg] {
        &self.segs
    }

    /// The item's literal answer text.
    pub fn literal(&self) -> &str {
        &self.text
    }

    /// `[x]text` with no space: not a task marker in Markdown (S9).
    pub fn broken_marker(&self) -> bool {
        self.broken_marker
    }

    /// The content nodes: first paragraph and the other blocks.
    pub fn content(&self) -> Vec<Node<'a>> {
        let mut nodes = Vec::with_capacity(1 + self.rest.len());
        if !self.first.is_empty() {
            let start = self.first.first().map_or(0, |n| n.span.start);
            let end = self.first.last().map_or(0, |n| n.span.end);
            nodes.push(Node {
                kind: Kind::Paragraph,
                span: start..end,
                children: self.first.clone(),
            });
        }
        nodes.extend(self.rest.iter().cloned());
        nodes
    }
}

pub fn entries<'a>(cx: &mut Cx, list: &Node<'a>) -> Vec<Entry<'a>> {
    list.children
        .iter()
        .filter(|c| matches!(c.kind, Kind::Item))
        .map(|item| entry(cx, item))
        .collect()
}

fn entry<'a>(cx: &mut Cx, item: &Node<'a>) -> Entry<'a> {
    let mut first = Vec::new();
    let mut rest = Vec::new();
    let mut quotes = Vec::new();
    let mut starts_with_list = false;
    let mut children = item.children.iter().peekable();
    // Tight items: leading inline nodes; loose items: a first paragraph.
    while let Some(c) = children.peek() {
        if c.is_inline() {
            first.push((*c).clone());
            children.next();
        } else {
            break;
        }
    }
    let only_marker = first.iter().all(|n| matches!(n.kind, Kind::TaskMarker(_)));
    if only_marker && let Some(c) = children.peek() {
        match c.kind {
            Kind::Paragraph => {
                first.extend(c.children.iter().cloned());
                children.next();
            }
            Kind::List(_) => starts_with_list = true,
            _ => {}
        }
    }
    for c in children {
        match c.kind {
            Kind::BlockQuote(_) => quotes.push(c.clone()),
            _ => rest.push(c.clone()),
        }
    }
    let mut marker = None;
    first.retain(|n| match n.kind {
        Kind::TaskMarker(done) => {
            marker = Some(done);
            false
        }
        _ => true,
    });
    while matches!(
        first.last().map(|n| &n.kind),
        Some(Kind::SoftBreak | Kind::HardBreak)
    ) {
        first.pop();
    }
    let slice = cx.text.get(item.span.clone()).unwrap_or("");
    let line = slice.find(['\r', '\n']).unwrap_or(slice.len());
    let span = Span::new(item.span.start, item.span.start + line);
    let mut e = Entry {
        marker,
        first,
        rest,
        quotes,
        credit: None,
        pinned: false,
        span,
        starts_with_list,
        segs: Vec::new(),
        text: String::new(),
        broken_marker: false,
    };
    e.broken_marker = marker.is_none() && starts_with_marker(cx.text, &e.first);
    take_tokens(cx, &mut e);
    e.segs = literal::segments(cx.text, &e.first);
    e.text = literal::literal(&e.segs);
    e
}

/// The first inline node is text whose source starts with an unescaped
/// `[x]`, `[X]` or `[ ]`.
fn starts_with_marker(source: &str, first: &[Node]) -> bool {
    let Some(Node {
        kind: Kind::Text(_),
        span,
        ..
    }) = first.first()
    else {
        return false;
    };
    let src = source.get(span.start..).unwrap_or("");
    ["[x]", "[X]", "[ ]"].iter().any(|m| src.starts_with(m))
        && !super::escapes::escaped(source, span.start)
}

/// `{n%}` and `{pin}` as the last tokens of the first paragraph.
fn take_tokens(cx: &mut Cx, e: &mut Entry) {
    for _ in 0..2 {
        let Some(Node {
            kind: Kind::Text(t),
            span,
            ..
        }) = e.first.last_mut()
        else {
            return;
        };
        let trimmed = t.trim_end();
        if !trimmed.ends_with('}') {
            return;
        }
        let Some(open) = trimmed.rfind('{') else {
            return;
        };
        // `\{50%\}` is text.
        let written = super::escapes::written(cx.text, span.clone(), t);
        if written[open].is_none() || written[trimmed.len() - 1].is_none() {
            return;
        }
        let token = trimmed[open + 1..trimmed.len() - 1].trim();
        if token == "pin" {
            e.pinned = true;
        } else if let Some(p) = token.strip_suffix('%') {
            match p.trim().parse::<f64>() {
                Ok(v) if (-100.0..=100.0).contains(&v) => e.credit = Some(v),
                _ => {
                    cx.report(
                        Diagnostic::error("invalid-credit", format!("`{{{token}}}` is not a credit between -100% and 100%"))
                            .at(cx.file(), e.span)
                            .with_help("write the credit as `{50%}` (or `{-25%}` for a penalty) at the end of the item's first line"),
                    );
                    return;
                }
            }
        } else {
            return;
        }
        let keep = trimmed[..open].trim_end().to_string();
        if keep.is_empty() {
            e.first.pop();
        } else {
            *t = keep.into();
        }
    }
}

/// `A.`/`A)` prefixes, stripped only when every item carries consecutive letters (S22).
pub fn strip_letter_prefixes(entries: &mut [Entry]) {
    if entries.len() < 2 {
        return;
    }
    let prefix_len = |e: &Entry, k: usize| -> Option<usize> {
        let Some(Node {
            kind: Kind::Text(t),
            ..
        }) = e.first.first()
        else {
            return None;
        };
        let b = t.as_bytes();
        let upper = b'A' + k as u8;
        let lower = b'a' + k as u8;
        (k < 26
            && b.len() >= 3
            && (b[0] == upper || b[0] == lower)
            && (b[1] == b'.' || b[1] == b')')
            && b[2] == b' ')
            .then_some(3)
    };
    let all = entries
        .iter()
        .enumerate()
        .map(|(k, e)| prefix_len(e, k))
        .collect::<Option<Vec<_>>>();
    let Some(lens) = all else { return };
    let case_upper = entries
        .iter()
        .map(|e| match e.first.first().map(|n| &n.kind) {
            Some(Kind::Text(t)) => t.as_bytes()[0].is_ascii_uppercase(),
            _ => false,
        })
        .collect::<Vec<_>>();
    if case_upper.iter().any(|u| *u != case_upper[0]) {
        return;
    }
    for (e, len) in entries.iter_mut().zip(lens) {
        if let Some(Node {
            kind: Kind::Text(t),
            ..
        }) = e.first.first_mut()
        {
            *t = t[len..].trim_start().to_string().into();
        }
    }
}

/// A numerical answer: `0.25`, `0.25 ± 0.01`, `0.25 +- 0.01`, `0.2 .. 0.3`, `-3..-1`, `1e-9`.
pub fn numeric(text: &str) -> Result<NumericValue, String> {
    let t = text.trim();
    for sep in ["±", "+/-", "+-"] {
        if let Some((v, tol)) = t.split_once(sep) {
            let value =
                Decimal::parse(v).ok_or_else(|| format!("`{}` is not a number", v.trim()))?;
            let tolerance = Decimal::parse(tol)
                .ok_or_else(|| format!("`{}` is not a tolerance", tol.trim()))?;
            if tolerance.as_str().starts_with('-') {
                return Err("the tolerance must not be negative".into());
            }
            return Ok(NumericValue::Exact { value, tolerance });
        }
    }
    if let Some((a, b)) = t.split_once("..") {
        let min = Decimal::parse(a).ok_or_else(|| format!("`{}` is not a number", a.trim()))?;
        let max = Decimal::parse(b).ok_or_else(|| format!("`{}` is not a number", b.trim()))?;
        if min.to_f64() > max.to_f64() {
            return Err(format!("the range `{t}` runs backwards"));
        }
        return Ok(NumericValue::Range { min, max });
    }
    Decimal::parse(t)
        .map(|value| NumericValue::Exact {
            value,
            tolerance: Decimal("0".into()),
        })
        .ok_or_else(|| format!("`{t}` is not a number"))
}

/// `True`/`False` (as the whole item text).
pub fn truth(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The item's number as written (`3.` → 3), for the ordering 1..n check.
pub fn item_number(cx: &Cx, span: Span) -> Option<u64> {
    let src = cx.text.get(span.start..span.end)?.trim_start();
    let digits: String = src.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerical_forms() {
        let exact = |v: &str, t: &str| NumericValue::Exact {
            value: Decimal(v.into()),
            tolerance: Decimal(t.into()),
        };
        assert_eq!(numeric("0.25 ± 0.01"), Ok(exact("0.25", "0.01")));
        assert_eq!(numeric("0.25 +- 0.01"), Ok(exact("0.25", "0.01")));
        assert_eq!(numeric("1e-9"), Ok(exact("1e-9", "0")));
        assert_eq!(
            numeric("-3..-1"),
            Ok(NumericValue::Range {
                min: Decimal("-3".into()),
                max: Decimal("-1".into())
            })
        );
        assert_eq!(
            numeric("0.2 .. 0.3"),
            Ok(NumericValue::Range {
                min: Decimal("0.2".into()),
                max: Decimal("0.3".into())
            })
        );
        assert!(numeric("about 3").is_err());
        assert!(numeric("3..1").is_err());
        assert!(numeric("1 ± -1").is_err());
    }
}
