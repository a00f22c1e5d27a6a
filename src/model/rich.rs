//! Rich content (stems, choices, feedback) as a small typed tree, never as a
//! target's markup. `render/` turns it into each target's form.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Rich {
    pub blocks: Vec<Block>,
}

impl Rich {
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// A single paragraph of plain text.
    pub fn text(s: impl Into<String>) -> Rich {
        Rich {
            blocks: vec![Block::Paragraph(vec![Inline::Text(s.into())])],
        }
    }

    /// The text a screen reader or a plain-text field would show: math as its
    /// TeX, images as their alt text, blocks separated by blank lines.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            block.plain_text_into(&mut out);
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "block", content = "content", rename_all = "snake_case")]
pub enum Block {
    Paragraph(Vec<Inline>),
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    CodeBlock {
        lang: Option<String>,
        code: String,
    },
    List {
        /// `Some(start)` for an ordered list.
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Quote(Vec<Block>),
    /// `$$…$$` on its own: TeX source.
    DisplayMath(String),
    Rule,
    FootnoteDefinition {
        label: String,
        blocks: Vec<Block>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "inline", content = "content", rename_all = "snake_case")]
pub enum Inline {
    Text(String),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Strike(Vec<Inline>),
    Code(String),
    /// `$…$`: TeX source.
    Math(String),
    /// `$$…$$` inside a paragraph: TeX source, displayed.
    DisplayMath(String),
    Link {
        url: String,
        title: String,
        content: Vec<Inline>,
    },
    Image {
        src: ImageSrc,
        alt: String,
        title: String,
    },
    SoftBreak,
    HardBreak,
    /// An allowlisted inline HTML tag (`<sub>`, `</sub>`, `<br>`, …), as written.
    Html(String),
    FootnoteRef(String),
    /// Fill in the Blanks: the blank with this index into `Answer::Blanks`.
    Blank(usize),
}

/// Where an image comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ImageSrc {
    /// A packaged file: `Quiz::assets` by name.
    Asset { name: String },
    /// An `https://` image, kept as a link.
    Remote { url: String },
}

impl Block {
    fn plain_text_into(&self, out: &mut String) {
        match self {
            Block::Paragraph(inl) | Block::Heading { content: inl, .. } => inlines_plain(inl, out),
            Block::CodeBlock { code, .. } => out.push_str(code.trim_end()),
            Block::DisplayMath(tex) => out.push_str(tex),
            Block::List { items, .. } => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    for (j, b) in item.iter().enumerate() {
                        if j > 0 {
                            out.push(' ');
                        }
                        b.plain_text_into(out);
                    }
                }
            }
            Block::Table { head, rows, .. } => {
                let row_text = |cells: &Vec<Vec<Inline>>, out: &mut String| {
                    for (i, c) in cells.iter().enumerate() {
                        if i > 0 {
                            out.push_str(" | ");
                        }
                        inlines_plain(c, out);
                    }
                };
                row_text(head, out);
                for r in rows {
                    out.push('\n');
                    row_text(r, out);
                }
            }
            Block::Quote(blocks) | Block::FootnoteDefinition { blocks, .. } => {
                for (i, b) in blocks.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    b.plain_text_into(out);
                }
            }
            Block::Rule => {}
        }
    }
}

/// Appends the plain text of inline content.
pub fn inlines_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) | Inline::Math(t) | Inline::DisplayMath(t) => {
                out.push_str(t)
            }
            Inline::Emph(c) | Inline::Strong(c) | Inline::Strike(c) => inlines_plain(c, out),
            Inline::Link { content, .. } => inlines_plain(content, out),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            Inline::Html(_) | Inline::FootnoteRef(_) => {}
            Inline::Blank(_) => out.push_str("____"),
        }
    }
}
