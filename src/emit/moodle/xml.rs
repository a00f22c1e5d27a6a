//! The Moodle XML writer: indented elements, one text-escaping rule.
//!
//! Moodle reads the file with `xmlize()`, which drops every character-data
//! chunk that is only whitespace: in escaped text, the space in
//! `&lt;b&gt; &lt;i&gt;` is lost (checked against Moodle 4.5's
//! `lib/xmlize.php`). So any text holding `& < >` is written as CDATA, never
//! with entities; a `]]>` inside it splits the section.

use crate::emit::base64::base64;
use crate::render::{escape, is_xml_char};

/// A Moodle XML document being written.
pub(super) struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    pub fn new() -> Self {
        Xml {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            depth: 0,
        }
    }

    pub fn finish(mut self) -> String {
        self.out.push('\n');
        self.out
    }

    fn indent(&mut self) {
        if !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn start_tag(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            self.out.push_str(&escape(value));
            self.out.push('"');
        }
    }

    /// `<tag attrs>` on a new line; children are indented.
    pub fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.start_tag(tag, attrs);
        self.out.push('>');
        self.depth += 1;
    }

    pub fn close(&mut self, tag: &str) {
        self.depth -= 1;
        self.indent();
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// `<tag/>`
    pub fn empty(&mut self, tag: &str) {
        self.indent();
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push_str("/>");
    }

    /// `<tag attrs>text</tag>` on one line.
    pub fn leaf(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.indent();
        self.start_tag(tag, attrs);
        self.out.push('>');
        self.out.push_str(&char_data(text));
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// `<tag attrs><text>…</text></tag>`: Moodle's usual text holder.
    pub fn text_elem(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.indent();
        self.start_tag(tag, attrs);
        self.out.push_str("><text>");
        self.out.push_str(&char_data(text));
        self.out.push_str("</text></");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// `<text>…</text>` inside an open element.
    pub fn text(&mut self, text: &str) {
        self.leaf("text", &[], text);
    }

    /// `<file name=… path="/" encoding="base64">…</file>`
    pub fn file(&mut self, name: &str, bytes: &[u8]) {
        self.indent();
        self.start_tag(
            "file",
            &[("name", name), ("path", "/"), ("encoding", "base64")],
        );
        self.out.push('>');
        self.out.push_str(&base64(bytes));
        self.out.push_str("</file>");
    }
}

/// Character data for an element: plain when it needs no escaping, else
/// CDATA (split at `]]>`). XML-illegal characters are dropped either way.
pub(super) fn char_data(text: &str) -> String {
    let clean: String = text.chars().filter(|&c| is_xml_char(c)).collect();
    if !clean.contains(['&', '<', '>']) {
        return clean;
    }
    format!("<![CDATA[{}]]>", clean.replace("]]>", "]]]]><![CDATA[>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_data_uses_cdata_and_splits_its_end() {
        assert_eq!(char_data("plain text"), "plain text");
        assert_eq!(char_data("<p>a</p>"), "<![CDATA[<p>a</p>]]>");
        assert_eq!(char_data("a ]]> b &"), "<![CDATA[a ]]]]><![CDATA[> b &]]>");
        assert_eq!(char_data("bell\u{7}\u{0}"), "bell");
    }
}
