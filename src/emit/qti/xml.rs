//! A small XML tree for QTI documents and its writer.
//!
//! Items are built once, with QTI 2.1 element and attribute names; the
//! [`Version`] decides at write time how a QTI name is spelled (`choiceInteraction`
//! or `qti-choice-interaction`, `maxChoices` or `max-choices`) and whether
//! feedback and rubric content sits in a `qti-content-body`. HTML elements keep
//! their names. Escaping happens in one place ([`escape_into`]); fragments from
//! the rich-content renderer are inserted as already-escaped XHTML.
//!
//! Indentation is mixed-content aware: an element whose children are all
//! elements (or block XHTML) gets one child per line, anything holding text is
//! written on one line, so no whitespace is ever added inside a paragraph.

use super::version::Version;

/// One node of a QTI document.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    El(El),
    /// Text, escaped on output.
    Text(String),
    /// Already-escaped XHTML (from the renderer) that may sit inside text.
    Raw(String),
    /// Already-escaped XHTML block content: may stand on its own lines.
    RawBlock(String),
    /// Content of modal feedback and rubric blocks: QTI 3.0 wraps it in
    /// `qti-content-body`, QTI 2.1 writes the children directly.
    ContentBody(Vec<Node>),
}

/// An element. `qti` marks QTI vocabulary (renamed per version); HTML
/// elements are written as named.
#[derive(Debug, Clone, PartialEq)]
pub struct El {
    pub name: &'static str,
    pub qti: bool,
    pub attrs: Vec<(&'static str, String)>,
    pub children: Vec<Node>,
}

/// A QTI element, named as in QTI 2.1.
pub fn q(name: &'static str) -> El {
    El {
        name,
        qti: true,
        attrs: Vec::new(),
        children: Vec::new(),
    }
}

/// An HTML element (same name in every version).
pub fn h(name: &'static str) -> El {
    El {
        qti: false,
        ..q(name)
    }
}

impl El {
    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> El {
        self.attrs.push((name, value.into()));
        self
    }

    pub fn attr_if(self, cond: bool, name: &'static str, value: impl Into<String>) -> El {
        if cond { self.attr(name, value) } else { self }
    }

    pub fn child(mut self, node: impl Into<Node>) -> El {
        self.children.push(node.into());
        self
    }

    pub fn children(mut self, nodes: impl IntoIterator<Item = Node>) -> El {
        self.children.extend(nodes);
        self
    }

    pub fn text(self, text: impl Into<String>) -> El {
        self.child(Node::Text(text.into()))
    }

    pub fn push(&mut self, node: impl Into<Node>) {
        self.children.push(node.into());
    }
}

impl From<El> for Node {
    fn from(el: El) -> Node {
        Node::El(el)
    }
}

/// A whole document: the XML declaration, the root, a final newline.
pub fn document(root: &El, v: &Version) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write_el(root, v, 0, &mut out);
    out.push('\n');
    out
}

/// One node without indentation (for interactions inside rendered text).
pub fn fragment(node: &Node, v: &Version) -> String {
    let mut out = String::new();
    write_inline(node, v, &mut out);
    out
}

fn is_block(node: &Node) -> bool {
    matches!(node, Node::El(_) | Node::RawBlock(_) | Node::ContentBody(_))
}

fn open_tag(el: &El, v: &Version, out: &mut String) {
    out.push('<');
    out.push_str(&v.element_name(el));
    for (name, value) in &el.attrs {
        out.push(' ');
        out.push_str(&v.attribute_name(el, name));
        out.push_str("=\"");
        escape_into(value, true, out);
        out.push('"');
    }
}

fn write_el(el: &El, v: &Version, depth: usize, out: &mut String) {
    open_tag(el, v, out);
    if el.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    if el.children.iter().all(is_block) {
        for child in &el.children {
            newline(depth + 1, out);
            write_block(child, v, depth + 1, out);
        }
        newline(depth, out);
    } else {
        for child in &el.children {
            write_inline(child, v, out);
        }
    }
    out.push_str("</");
    out.push_str(&v.element_name(el));
    out.push('>');
}

fn write_block(node: &Node, v: &Version, depth: usize, out: &mut String) {
    match node {
        Node::El(el) => write_el(el, v, depth, out),
        Node::ContentBody(children) if v.content_body => {
            let body = q("contentBody").children(children.iter().cloned());
            write_el(&body, v, depth, out);
        }
        Node::ContentBody(children) => {
            for (i, child) in children.iter().enumerate() {
                if i > 0 {
                    newline(depth, out);
                }
                write_block(child, v, depth, out);
            }
        }
        other => write_inline(other, v, out),
    }
}

fn write_inline(node: &Node, v: &Version, out: &mut String) {
    match node {
        Node::El(el) => {
            open_tag(el, v, out);
            if el.children.is_empty() {
                out.push_str("/>");
            } else {
                out.push('>');
                for child in &el.children {
                    write_inline(child, v, out);
                }
                out.push_str("</");
                out.push_str(&v.element_name(el));
                out.push('>');
            }
        }
        Node::Text(t) => escape_into(t, false, out),
        Node::Raw(s) | Node::RawBlock(s) => out.push_str(s),
        Node::ContentBody(children) if v.content_body => {
            let body = q("contentBody").children(children.iter().cloned());
            write_inline(&Node::El(body), v, out);
        }
        Node::ContentBody(children) => {
            for child in children {
                write_inline(child, v, out);
            }
        }
    }
}

fn newline(depth: usize, out: &mut String) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// Escapes text for XML content or a double-quoted attribute, dropping the
/// characters XML 1.0 cannot hold (C0 controls other than tab, LF, CR, and
/// the non-characters U+FFFE/U+FFFF).
pub fn escape_into(text: &str, attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::qti::version::{QTI21, QTI30};

    #[test]
    fn names_follow_the_version() {
        let el = q("choiceInteraction")
            .attr("responseIdentifier", "RESPONSE")
            .attr("maxChoices", "1")
            .child(h("p").text("a"));
        assert_eq!(
            fragment(&Node::El(el.clone()), &QTI21),
            r#"<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><p>a</p></choiceInteraction>"#
        );
        assert_eq!(
            fragment(&Node::El(el), &QTI30),
            r#"<qti-choice-interaction response-identifier="RESPONSE" max-choices="1"><p>a</p></qti-choice-interaction>"#
        );
    }

    #[test]
    fn content_body_only_in_qti3() {
        let fb =
            q("modalFeedback").child(Node::ContentBody(vec![Node::RawBlock("<p>x</p>".into())]));
        assert_eq!(
            fragment(&Node::El(fb.clone()), &QTI21),
            "<modalFeedback><p>x</p></modalFeedback>"
        );
        assert_eq!(
            fragment(&Node::El(fb), &QTI30),
            "<qti-modal-feedback><qti-content-body><p>x</p></qti-content-body></qti-modal-feedback>"
        );
    }

    #[test]
    fn hostile_text_is_escaped_once_and_controls_dropped() {
        let mut out = String::new();
        escape_into("<a & \"b\"]]>\u{1}\u{b}", true, &mut out);
        assert_eq!(out, "&lt;a &amp; &quot;b&quot;]]&gt;");
    }
}
