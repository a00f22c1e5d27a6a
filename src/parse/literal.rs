//! Literal answer text: the author's source, not rendered Markdown.
//!
//! Accepted answers, numerical values, blank alternatives, dropdown options
//! and matching sides are taken from the item's inline nodes: text with
//! backslash escapes and entities decoded (pulldown-cmark already did that),
//! every other node as its exact source slice, one surrounding code span
//! unwrapped. `<script>alert(1)</script>` stays exactly that.

use super::tree::{Kind, Node};

/// A piece of literal text: splittable text, or an atom (code, math, HTML,
/// emphasis, …) that delimiters never split.
#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    Text(String),
    Atom { src: String, code: Option<String> },
}

pub fn segments(source: &str, nodes: &[Node]) -> Vec<Seg> {
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        let src = || source.get(node.span.clone()).unwrap_or("").to_string();
        match &node.kind {
            Kind::Text(t) => match out.last_mut() {
                Some(Seg::Text(prev)) => prev.push_str(t),
                _ => out.push(Seg::Text(t.to_string())),
            },
            Kind::SoftBreak | Kind::HardBreak => out.push(Seg::Text(" ".into())),
            Kind::Code(c) => out.push(Seg::Atom {
                src: src(),
                code: Some(c.to_string()),
            }),
            Kind::TaskMarker(_) | Kind::Blank(_) => {}
            _ => out.push(Seg::Atom {
                src: src(),
                code: None,
            }),
        }
    }
    out
}

/// Splits at every `delim` found in text segments (never inside atoms).
pub fn split(segs: &[Seg], delims: &[&str], first_only: bool) -> Vec<Vec<Seg>> {
    let mut parts = vec![Vec::new()];
    let mut done = false;
    for seg in segs {
        match seg {
            Seg::Text(t) if !done => {
                let mut rest = t.as_str();
                loop {
                    let hit = delims
                        .iter()
                        .filter_map(|d| rest.find(d).map(|i| (i, d.len())))
                        .min_by_key(|(i, _)| *i);
                    match hit {
                        Some((i, len)) if !done => {
                            push_text(parts.last_mut(), &rest[..i]);
                            parts.push(Vec::new());
                            rest = &rest[i + len..];
                            done = first_only;
                        }
                        _ => {
                            push_text(parts.last_mut(), rest);
                            break;
                        }
                    }
                }
            }
            other => {
                if let Some(p) = parts.last_mut() {
                    p.push(other.clone());
                }
            }
        }
    }
    parts
}

fn push_text(part: Option<&mut Vec<Seg>>, text: &str) {
    if let Some(p) = part
        && !text.is_empty()
    {
        p.push(Seg::Text(text.to_string()));
    }
}

/// The literal string: trimmed, one surrounding code span unwrapped.
pub fn literal(segs: &[Seg]) -> String {
    let meaningful: Vec<&Seg> = segs
        .iter()
        .filter(|s| !matches!(s, Seg::Text(t) if t.trim().is_empty()))
        .collect();
    if let [Seg::Atom { code: Some(c), .. }] = meaningful.as_slice() {
        return c.clone();
    }
    let mut out = String::new();
    for s in segs {
        match s {
            Seg::Text(t) => out.push_str(t),
            Seg::Atom { src, .. } => out.push_str(src),
        }
    }
    out.trim().to_string()
}

/// True when any text segment contains one of `delims`.
pub fn contains(segs: &[Seg], delims: &[&str]) -> bool {
    segs.iter()
        .any(|s| matches!(s, Seg::Text(t) if delims.iter().any(|d| t.contains(d))))
}
