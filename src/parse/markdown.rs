//! Tree nodes → rich content ([`Rich`], [`Block`], [`Inline`]).
//!
//! Math stays TeX, code blocks keep their language, images become assets,
//! raw HTML outside a small inline allowlist becomes visible text and a link
//! to an unsafe scheme (`javascript:`, `data:`…) becomes its text, both with
//! a warning. Recursion here follows the tree, whose depth is capped by
//! [`super::tree::MAX_DEPTH`].

use super::Cx;
use super::tree::{Kind, Node, plain_text};
use crate::diag::Diagnostic;
use crate::model::{Align, Block, ImageSrc, Inline, Rich, Span};
use crate::render::{SAFE_SCHEMES, is_safe_link, without_unsafe_tex_links};
use pulldown_cmark::Alignment;
use std::borrow::Borrow;

/// Inline tags kept as HTML (spec: "Raw HTML").
pub const HTML_ALLOWLIST: &[&str] = &[
    "b", "i", "em", "strong", "sub", "sup", "br", "u", "kbd", "code", "span",
];

pub fn rich<'a, N: Borrow<Node<'a>>>(cx: &mut Cx, nodes: &[N]) -> Rich {
    Rich {
        blocks: blocks(cx, nodes),
    }
}

/// Block nodes (runs of inline nodes, as in tight list items, become paragraphs).
pub fn blocks<'a, N: Borrow<Node<'a>>>(cx: &mut Cx, nodes: &[N]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut run_start = None;
    for (i, node) in nodes.iter().enumerate() {
        let node = node.borrow();
        if node.is_inline() {
            run_start.get_or_insert(i);
            continue;
        }
        if let Some(start) = run_start.take() {
            push_paragraph(cx, &nodes[start..i], &mut out);
        }
        block(cx, node, &mut out);
    }
    if let Some(start) = run_start {
        push_paragraph(cx, &nodes[start..], &mut out);
    }
    out
}

fn push_paragraph<'a, N: Borrow<Node<'a>>>(cx: &mut Cx, nodes: &[N], out: &mut Vec<Block>) {
    let meaningful: Vec<&Node> = nodes
        .iter()
        .map(Borrow::borrow)
        .filter(|n: &&Node| match &n.kind {
            Kind::SoftBreak | Kind::HardBreak => false,
            Kind::Text(t) => !t.trim().is_empty(),
            _ => true,
        })
        .collect();
    if let [only] = meaningful.as_slice()
        && let Kind::DisplayMath(tex) = &only.kind
    {
        out.push(Block::DisplayMath(math(cx, only, tex.trim())));
        return;
    }
    let content = trim_inlines(inlines(cx, nodes));
    if !content.is_empty() {
        out.push(Block::Paragraph(content));
    }
}

/// Drops leading/trailing breaks and whitespace (tight items end in a break
/// when a nested block follows).
pub fn trim_inlines(mut content: Vec<Inline>) -> Vec<Inline> {
    while matches!(content.last(), Some(Inline::SoftBreak | Inline::HardBreak)) {
        content.pop();
    }
    while matches!(content.first(), Some(Inline::SoftBreak | Inline::HardBreak)) {
        content.remove(0);
    }
    if let Some(Inline::Text(t)) = content.first_mut() {
        let trimmed = t.trim_start();
        if trimmed.len() != t.len() {
            *t = trimmed.to_string();
        }
    }
    if let Some(Inline::Text(t)) = content.last_mut() {
        let trimmed = t.trim_end();
        if trimmed.len() != t.len() {
            *t = trimmed.to_string();
        }
    }
    content.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    content
}

fn block(cx: &mut Cx, node: &Node, out: &mut Vec<Block>) {
    match &node.kind {
        Kind::Paragraph => push_paragraph(cx, &node.children, out),
        Kind::Heading { level, .. } => out.push(Block::Heading {
            level: *level,
            content: trim_inlines(inlines(cx, &node.children)),
        }),
        Kind::BlockQuote(_) => out.push(Block::Quote(blocks(cx, &node.children))),
        Kind::CodeBlock(lang) => {
            let code: String = node
                .children
                .iter()
                .filter_map(|c| match &c.kind {
                    Kind::Text(t) => Some(&**t),
                    _ => None,
                })
                .collect();
            out.push(Block::CodeBlock {
                lang: lang.clone().filter(|l| !l.is_empty()),
                code,
            });
        }
        Kind::HtmlBlock => {
            let html: String = node
                .children
                .iter()
                .filter_map(|c| match &c.kind {
                    Kind::Html(t) | Kind::Text(t) => Some(&**t),
                    _ => None,
                })
                .collect();
            if is_comment_only(&html) {
                return;
            }
            cx.report(
                Diagnostic::warning("raw-html", "raw HTML block is shown as text")
                    .at(cx.file(), first_line(cx, node))
                    .with_help(format!(
                        "only these inline tags are kept: {}; use Markdown for the rest",
                        HTML_ALLOWLIST.join(" ")
                    )),
            );
            out.push(Block::Paragraph(vec![Inline::Text(
                html.trim_end().to_string(),
            )]));
        }
        Kind::List(start) => {
            let items = node
                .children
                .iter()
                .map(|item| blocks(cx, &item.children))
                .collect();
            out.push(Block::List {
                start: *start,
                items,
            });
        }
        Kind::Table(align) => {
            let align = align
                .iter()
                .map(|a| match a {
                    Alignment::None => Align::None,
                    Alignment::Left => Align::Left,
                    Alignment::Center => Align::Center,
                    Alignment::Right => Align::Right,
                })
                .collect();
            let mut head = Vec::new();
            let mut rows = Vec::new();
            for part in &node.children {
                match part.kind {
                    Kind::TableHead => head = cells(cx, part),
                    Kind::TableRow => rows.push(cells(cx, part)),
                    _ => {}
                }
            }
            out.push(Block::Table { align, head, rows });
        }
        Kind::Rule => out.push(Block::Rule),
        Kind::FootnoteDefinition(label) => out.push(Block::FootnoteDefinition {
            label: label.to_string(),
            blocks: blocks(cx, &node.children),
        }),
        Kind::Metadata => {}
        _ => out.extend(blocks(cx, &node.children)),
    }
}

/// A list item's rich content: its first paragraph, then its other blocks.
pub fn item_rich(cx: &mut Cx, first: &[Node], rest: &[Node]) -> Rich {
    let mut out = Vec::with_capacity(1 + rest.len());
    push_paragraph(cx, first, &mut out);
    out.extend(blocks(cx, rest));
    Rich { blocks: out }
}

fn cells(cx: &mut Cx, row: &Node) -> Vec<Vec<Inline>> {
    row.children
        .iter()
        .map(|cell| trim_inlines(inlines(cx, &cell.children)))
        .collect()
}

pub fn inlines<'a, N: Borrow<Node<'a>>>(cx: &mut Cx, nodes: &[N]) -> Vec<Inline> {
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        let node = node.borrow();
        match &node.kind {
            Kind::Text(t) => {
                check_backslash_math(cx, node);
                match out.last_mut() {
                    Some(Inline::Text(prev)) => prev.push_str(t),
                    _ => out.push(Inline::Text(t.to_string())),
                }
            }
            Kind::Code(c) => out.push(Inline::Code(c.to_string())),
            Kind::InlineMath(m) => out.push(Inline::Math(math(cx, node, m))),
            Kind::DisplayMath(m) => out.push(Inline::DisplayMath(math(cx, node, m))),
            Kind::InlineHtml(h) => {
                if let Some(inline) = inline_html(cx, h, node) {
                    out.push(inline);
                }
            }
            Kind::FootnoteRef(l) => out.push(Inline::FootnoteRef(l.to_string())),
            Kind::SoftBreak => out.push(Inline::SoftBreak),
            Kind::HardBreak => out.push(Inline::HardBreak),
            Kind::Emphasis => out.push(Inline::Emph(inlines(cx, &node.children))),
            Kind::Strong => out.push(Inline::Strong(inlines(cx, &node.children))),
            Kind::Strikethrough => out.push(Inline::Strike(inlines(cx, &node.children))),
            Kind::Link { url, title } if is_safe_link(url) => out.push(Inline::Link {
                url: url.to_string(),
                title: title.to_string(),
                content: inlines(cx, &node.children),
            }),
            Kind::Link { url, .. } => {
                refuse_link(cx, node, url);
                out.extend(inlines(cx, &node.children));
            }
            Kind::Image { url, title } => out.push(image(cx, node, url, title)),
            Kind::TaskMarker(done) => {
                out.push(Inline::Text(if *done { "[x] " } else { "[ ] " }.into()))
            }
            Kind::Blank(i) => out.push(Inline::Blank(*i)),
            _ if node.is_inline() => out.extend(inlines(cx, &node.children)),
            _ => {}
        }
    }
    out
}

fn image(cx: &mut Cx, node: &Node, url: &str, title: &str) -> Inline {
    let alt = plain_text(&node.children);
    let span = cx.span(&node.span);
    if alt.trim().is_empty() {
        cx.report(
            Diagnostic::warning("image-missing-alt", "image has no alt text")
                .at(cx.file(), span)
                .with_help(
                    "describe the image for screen readers: `![a plot of the sigmoid](plot.png)`",
                ),
        );
    }
    let src = match crate::passes::assets::resolve(cx, url) {
        Ok(src) => {
            if let ImageSrc::Remote { .. } = src {
                cx.report(
                    Diagnostic::warning(
                        "remote-image",
                        format!("remote image `{url}` is linked, not packaged"),
                    )
                    .at(cx.file(), span)
                    .with_help("download the image next to the quiz so every package carries it"),
                );
            }
            src
        }
        Err(problem) => {
            cx.report(problem.diagnostic(url).at(cx.file(), span));
            ImageSrc::Remote {
                url: url.to_string(),
            }
        }
    };
    Inline::Image {
        src,
        alt,
        title: title.to_string(),
    }
}

/// A link to `javascript:`, `data:` or any scheme but `http(s)`/`mailto`
/// would run or load something in the learner's page: only its text is kept.
fn refuse_link(cx: &mut Cx, node: &Node, url: &str) {
    cx.report(
        Diagnostic::warning(
            "unsafe-link",
            format!(
                "link to `{}` is refused; only its text is kept",
                shown_url(url)
            ),
        )
        .at(cx.file(), cx.span(&node.span))
        .with_help(link_help()),
    );
}

/// TeX, less its `\href`/`\url` links to unsafe URLs (MathJax on an LMS
/// would make them links): `\href{url}{x}` keeps its `{x}`.
fn math(cx: &mut Cx, node: &Node, tex: &str) -> String {
    let (tex, refused) = without_unsafe_tex_links(tex);
    for url in refused {
        cx.report(
            Diagnostic::warning(
                "unsafe-link",
                format!(
                    "math link to `{}` is refused; the link is taken out of the TeX",
                    shown_url(&url)
                ),
            )
            .at(cx.file(), cx.span(&node.span))
            .with_help(link_help()),
        );
    }
    tex
}

fn link_help() -> String {
    format!(
        "links may be relative or use {}; to show an address, write it as code: `like:this`",
        SAFE_SCHEMES
            .iter()
            .map(|s| format!("`{s}:`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A URL as a diagnostic shows it: control characters escaped, at most 60 characters.
fn shown_url(url: &str) -> String {
    let mut shown: String = url
        .chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect();
    if let Some((cut, _)) = shown.char_indices().nth(60) {
        shown.truncate(cut);
        shown.push('…');
    }
    shown
}

/// Allowlisted inline tags are kept; comments vanish; anything else is text.
fn inline_html(cx: &mut Cx, html: &str, node: &Node) -> Option<Inline> {
    if is_comment_only(html) {
        return None;
    }
    let name: String = html
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let lower = html.to_ascii_lowercase();
    let dangerous_attr = lower
        .split(|c: char| c.is_whitespace() || c == '/')
        .skip(1)
        .any(|attr| attr.starts_with("on") && attr.contains('='))
        || lower.contains("javascript:");
    if HTML_ALLOWLIST.contains(&name.as_str()) && !dangerous_attr {
        return Some(Inline::Html(html.to_string()));
    }
    cx.report(
        Diagnostic::warning(
            "raw-html",
            format!("HTML `{}` is shown as text", html.trim()),
        )
        .at(cx.file(), cx.span(&node.span))
        .with_help(format!(
            "only these inline tags are kept (without `on…` attributes): {}",
            HTML_ALLOWLIST.join(" ")
        )),
    );
    Some(Inline::Text(html.to_string()))
}

fn is_comment_only(html: &str) -> bool {
    let t = html.trim();
    t.len() >= 7
        && t.starts_with("<!--")
        && t.ends_with("-->")
        && t[4..].find("-->") == Some(t.len() - 7)
}

/// `\(x\)` and `\[x\]` lose their backslashes in CommonMark (S16).
fn check_backslash_math(cx: &mut Cx, node: &Node) {
    let Some(src) = cx.text.get(node.span.clone()) else {
        return;
    };
    for (open, close, use_) in [("\\(", "\\)", "$…$"), ("\\[", "\\]", "$$…$$")] {
        if let Some(a) = src.find(open)
            && let Some(b) = src[a + 2..].find(close)
        {
            let span = Span::new(node.span.start + a, node.span.start + a + 2 + b + 2);
            cx.report(
                Diagnostic::warning(
                    "backslash-math",
                    format!(
                        "`{open}…{close}` is not math in Markdown: the backslashes are escapes"
                    ),
                )
                .at(cx.file(), span)
                .with_help(format!("write math as `{use_}`")),
            );
            return;
        }
    }
}

fn first_line(cx: &Cx, node: &Node) -> Span {
    let slice = cx.text.get(node.span.clone()).unwrap_or("");
    let len = slice.find(['\r', '\n']).unwrap_or(slice.len());
    Span::new(node.span.start, node.span.start + len)
}
