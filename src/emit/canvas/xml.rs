//! A thin layer over quick-xml's writer: elements, attributes and text are
//! escaped by quick-xml, so no caller ever builds markup by hand.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::borrow::Cow;

pub struct Xml {
    writer: Writer<Vec<u8>>,
    /// Bytes of the scaffolding [`Xml::fragment`] opened, dropped at the end.
    skip: usize,
}

impl Xml {
    /// A document with the XML declaration, indented by two spaces.
    pub fn new() -> Self {
        let mut xml = Xml {
            writer: Writer::new_with_indent(Vec::new(), b' ', 2),
            skip: 0,
        };
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        xml
    }

    /// A piece of a document whose first element sits `depth` elements
    /// deep: indented exactly as if written in place ([`Xml::raw`] puts it there).
    pub fn fragment(depth: usize) -> Self {
        let mut xml = Xml {
            writer: Writer::new_with_indent(Vec::new(), b' ', 2),
            skip: 0,
        };
        for _ in 0..depth {
            xml.open("x", &[]);
        }
        xml.skip = xml.writer.get_ref().len();
        xml
    }

    pub fn finish_fragment(self) -> Vec<u8> {
        let skip = self.skip;
        let mut bytes = self.writer.into_inner();
        bytes.drain(..skip);
        bytes
    }

    /// Appends a finished [`Xml::fragment`].
    pub fn raw(&mut self, bytes: &[u8]) {
        self.writer.get_mut().extend_from_slice(bytes);
    }

    fn event(&mut self, event: Event<'_>) {
        // Writing into a Vec cannot fail.
        let _ = self.writer.write_event(event);
    }

    fn start<'n>(name: &'n str, attrs: &[(&str, &str)]) -> BytesStart<'n> {
        let mut start = BytesStart::new(name);
        for (key, value) in attrs {
            start.push_attribute((*key, xml_safe(value).as_ref()));
        }
        start
    }

    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Start(Self::start(name, attrs)));
    }

    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Empty(Self::start(name, attrs)));
    }

    /// `<name attrs>text</name>`; the text is escaped exactly once.
    pub fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        let safe = xml_safe(text);
        self.event(Event::Text(BytesText::new(&safe)));
        self.close(name);
    }

    pub fn finish(self) -> Vec<u8> {
        let mut bytes = self.writer.into_inner();
        bytes.push(b'\n');
        bytes
    }
}

/// Drops the characters XML 1.0 cannot hold at all (C0 controls other than
/// tab, newline and carriage return; U+FFFE, U+FFFF), which would make the
/// whole file unreadable.
pub fn xml_safe(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    // Almost every text is clean: look at the bytes that can start a bad
    // character (C0 controls, and 0xEF for U+FFFE/U+FFFF) before copying.
    if !text.bytes().any(|b| b < b' ' || b == 0xEF) || text.chars().all(allowed) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
}
