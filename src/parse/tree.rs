//! pulldown-cmark events → a small owned tree with byte spans.
//!
//! The parser reads the event stream once (`into_offset_iter`) and builds
//! this tree with an explicit stack, so no input can make it recurse. Nesting
//! deeper than [`MAX_DEPTH`] is flattened (the content is kept, the extra
//! containers are not, and the parser warns), which keeps every later walk
//! over the tree (checks, renderers, emitters) bounded.

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, MetadataBlockKind,
    Options, Parser, Tag,
};
use std::ops::Range;

/// Exactly the options the spec names. Never `Options::all()`: wiki links
/// would swallow `[[…]]` blanks and smart punctuation would change answers.
pub const MARKDOWN_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_MATH)
    .union(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS)
    .union(Options::ENABLE_GFM)
    .union(Options::ENABLE_FOOTNOTES);

/// Containers nested deeper than this are flattened into their parent.
pub const MAX_DEPTH: usize = 48;

/// Text borrows from the source wherever pulldown-cmark does (most text),
/// so building and dropping the tree allocates little.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind<'a> {
    Root,
    Paragraph,
    /// Attributes are read from the source (`heading.rs`), not from here.
    Heading {
        level: u8,
    },
    BlockQuote(Option<BlockQuoteKind>),
    CodeBlock(Option<String>),
    HtmlBlock,
    List(Option<u64>),
    Item,
    FootnoteDefinition(CowStr<'a>),
    Table(Vec<Alignment>),
    TableHead,
    TableRow,
    TableCell,
    Emphasis,
    Strong,
    Strikethrough,
    Link {
        url: CowStr<'a>,
        title: CowStr<'a>,
    },
    Image {
        url: CowStr<'a>,
        title: CowStr<'a>,
    },
    Metadata,
    /// Any other container (definition lists, …): content kept, tag dropped.
    Other,
    // Leaves.
    Text(CowStr<'a>),
    Code(CowStr<'a>),
    InlineMath(CowStr<'a>),
    DisplayMath(CowStr<'a>),
    /// Raw HTML inside an HTML block.
    Html(CowStr<'a>),
    InlineHtml(CowStr<'a>),
    FootnoteRef(CowStr<'a>),
    SoftBreak,
    HardBreak,
    Rule,
    TaskMarker(bool),
    /// Fill in the Blanks: put in place of `[[…]]` by `blanks.rs`.
    Blank(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub kind: Kind<'a>,
    pub span: Range<usize>,
    pub children: Vec<Node<'a>>,
}

impl<'a> Node<'a> {
    fn new(kind: Kind<'a>, span: Range<usize>) -> Node<'a> {
        Node {
            kind,
            span,
            children: Vec::new(),
        }
    }

    pub fn is_inline(&self) -> bool {
        matches!(
            self.kind,
            Kind::Text(_)
                | Kind::Code(_)
                | Kind::InlineMath(_)
                | Kind::DisplayMath(_)
                | Kind::InlineHtml(_)
                | Kind::FootnoteRef(_)
                | Kind::SoftBreak
                | Kind::HardBreak
                | Kind::Emphasis
                | Kind::Strong
                | Kind::Strikethrough
                | Kind::Link { .. }
                | Kind::Image { .. }
                | Kind::TaskMarker(_)
                | Kind::Blank(_)
        )
    }

    pub fn is_list(&self) -> bool {
        matches!(self.kind, Kind::List(_))
    }

    pub fn is_ordered_list(&self) -> bool {
        matches!(self.kind, Kind::List(Some(_)))
    }

    pub fn heading_level(&self) -> Option<u8> {
        match self.kind {
            Kind::Heading { level, .. } => Some(level),
            _ => None,
        }
    }
}

/// The top-level blocks of `text` (a UTF-8 byte order mark is skipped;
/// spans still index `text`), each complete when returned: a caller
/// can finish with one `##` section before the next is built, so memory
/// holds one section's tree, not the whole file's.
pub fn blocks(text: &str) -> Blocks<'_> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    Blocks {
        parser: Parser::new_ext(&text[bom..], MARKDOWN_OPTIONS).into_offset_iter(),
        bom,
        stack: Vec::new(),
        flattened: 0,
        flattened_at: None,
    }
}

pub struct Blocks<'a> {
    parser: pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    bom: usize,
    /// Open containers, outermost first.
    stack: Vec<Node<'a>>,
    /// Containers opened beyond MAX_DEPTH: their End events are skipped.
    flattened: usize,
    /// Where the first of them opened.
    flattened_at: Option<Range<usize>>,
}

impl Blocks<'_> {
    /// The first container opened deeper than [`MAX_DEPTH`] so far, if any.
    pub fn flattened_at(&self) -> Option<Range<usize>> {
        self.flattened_at.clone()
    }
}

impl<'a> Iterator for Blocks<'a> {
    type Item = Node<'a>;

    fn next(&mut self) -> Option<Node<'a>> {
        for (event, range) in self.parser.by_ref() {
            let range = range.start + self.bom..range.end + self.bom;
            match event {
                Event::Start(tag) => {
                    if self.stack.len() >= MAX_DEPTH {
                        self.flattened_at.get_or_insert_with(|| range.clone());
                        self.flattened += 1;
                        continue;
                    }
                    self.stack.push(Node::new(tag_kind(tag), range));
                }
                Event::End(_) => {
                    if self.flattened > 0 {
                        self.flattened -= 1;
                        continue;
                    }
                    let node = self.stack.pop()?;
                    match self.stack.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None => return Some(node),
                    }
                }
                other => {
                    let kind = match other {
                        Event::Text(t) => Kind::Text(t),
                        Event::Code(t) => Kind::Code(t),
                        Event::InlineMath(t) => Kind::InlineMath(t),
                        Event::DisplayMath(t) => Kind::DisplayMath(t),
                        Event::Html(t) => Kind::Html(t),
                        Event::InlineHtml(t) => Kind::InlineHtml(t),
                        Event::FootnoteReference(t) => Kind::FootnoteRef(t),
                        Event::SoftBreak => Kind::SoftBreak,
                        Event::HardBreak => Kind::HardBreak,
                        Event::Rule => Kind::Rule,
                        Event::TaskListMarker(done) => Kind::TaskMarker(done),
                        Event::Start(_) | Event::End(_) => continue,
                    };
                    let leaf = Node::new(kind, range);
                    match self.stack.last_mut() {
                        Some(parent) => push_leaf(parent, leaf),
                        None => return Some(leaf),
                    }
                }
            }
        }
        // Close anything left open (pulldown-cmark balances its events, but a
        // truncated stream must not lose content).
        let mut node = self.stack.pop()?;
        while let Some(mut parent) = self.stack.pop() {
            parent.children.push(node);
            node = parent;
        }
        Some(node)
    }
}

/// Adjacent text events are merged (`[`, `[`, `0.25 | 1/4`, `]`, `]` becomes
/// one text), so later scans see the text an author sees.
fn push_leaf<'a>(parent: &mut Node<'a>, node: Node<'a>) {
    if let Kind::Text(t) = &node.kind
        && !matches!(parent.kind, Kind::CodeBlock(_) | Kind::Metadata)
        && let Some(last) = parent.children.last_mut()
        && let Kind::Text(prev) = &mut last.kind
        && last.span.end <= node.span.start
    {
        let mut joined = String::with_capacity(prev.len() + t.len());
        joined.push_str(prev);
        joined.push_str(t);
        *prev = CowStr::from(joined);
        last.span.end = node.span.end;
        return;
    }
    parent.children.push(node);
}

fn tag_kind(tag: Tag<'_>) -> Kind<'_> {
    match tag {
        Tag::Paragraph => Kind::Paragraph,
        Tag::Heading { level, .. } => Kind::Heading {
            level: heading_level(level),
        },
        Tag::BlockQuote(kind) => Kind::BlockQuote(kind),
        Tag::CodeBlock(CodeBlockKind::Fenced(info)) => {
            let lang = info.split_whitespace().next().map(str::to_string);
            Kind::CodeBlock(lang)
        }
        Tag::CodeBlock(CodeBlockKind::Indented) => Kind::CodeBlock(None),
        Tag::HtmlBlock => Kind::HtmlBlock,
        Tag::List(start) => Kind::List(start),
        Tag::Item => Kind::Item,
        Tag::FootnoteDefinition(label) => Kind::FootnoteDefinition(label),
        Tag::Table(align) => Kind::Table(align),
        Tag::TableHead => Kind::TableHead,
        Tag::TableRow => Kind::TableRow,
        Tag::TableCell => Kind::TableCell,
        Tag::Emphasis => Kind::Emphasis,
        Tag::Strong => Kind::Strong,
        Tag::Strikethrough => Kind::Strikethrough,
        Tag::Link {
            dest_url, title, ..
        } => Kind::Link {
            url: dest_url,
            title,
        },
        Tag::Image {
            dest_url, title, ..
        } => Kind::Image {
            url: dest_url,
            title,
        },
        Tag::MetadataBlock(MetadataBlockKind::YamlStyle) => Kind::Metadata,
        _ => Kind::Other,
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The plain text of inline nodes (math and code as written inside, images as alt).
pub fn plain_text(nodes: &[Node]) -> String {
    let mut out = String::new();
    // Depth is bounded by MAX_DEPTH, so an explicit stack is only for tidiness.
    let mut stack: Vec<std::slice::Iter<Node<'_>>> = vec![nodes.iter()];
    while let Some(top) = stack.last_mut() {
        match top.next() {
            None => {
                stack.pop();
            }
            Some(n) => match &n.kind {
                Kind::Text(t) | Kind::Code(t) | Kind::InlineMath(t) | Kind::DisplayMath(t) => {
                    out.push_str(t)
                }
                Kind::SoftBreak | Kind::HardBreak => out.push(' '),
                Kind::InlineHtml(_) | Kind::TaskMarker(_) | Kind::FootnoteRef(_) => {}
                _ => stack.push(n.children.iter()),
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole file under one root, as the parser used to hold it.
    fn build(text: &str) -> Node<'_> {
        Node {
            kind: Kind::Root,
            span: 0..text.len(),
            children: blocks(text).collect(),
        }
    }

    #[test]
    fn wikilinks_and_smart_punctuation_stay_off() {
        assert!(!MARKDOWN_OPTIONS.contains(Options::ENABLE_WIKILINKS));
        assert!(!MARKDOWN_OPTIONS.contains(Options::ENABLE_SMART_PUNCTUATION));
        assert!(!MARKDOWN_OPTIONS.contains(Options::ENABLE_SUBSCRIPT));
        assert!(!MARKDOWN_OPTIONS.contains(Options::ENABLE_SUPERSCRIPT));
        let root = build("don't [[0.25 | 1/4]] -- x\n");
        assert_eq!(
            plain_text(&root.children[0].children),
            "don't [[0.25 | 1/4]] -- x"
        );
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let text = ">".repeat(10_000) + " deep";
        let mut blocks = blocks(&text);
        assert!(blocks.by_ref().count() > 0);
        assert_eq!(blocks.flattened_at().map(|r| r.start), Some(MAX_DEPTH));
        let root = build(&text);
        let mut depth = 0;
        let mut node = &root;
        while let Some(child) = node.children.first() {
            depth += 1;
            node = child;
        }
        assert!(depth <= MAX_DEPTH + 2, "{depth}");
        assert_eq!(plain_text(&root.children), "deep");
    }
}
