//! The HTML writer: a small recursive walk over [`Rich`], writing
//! XHTML-compatible markup into one `String`.

use super::escape::{escape_into, is_xml_char};
use super::inline_html::{Tag, parse_tag_in};
use super::math::{MathOutput, tex_delimited, tex_to_mathml};
use super::url::is_safe_link;
use super::{AlignMarkup, CodeMarkup, MathMode, RenderOptions, RenderWarning, StrikeMarkup};
use crate::model::{Align, Block, ImageSrc, Inline, Rich};
use std::collections::BTreeSet;

type BlankHook<'a> = Box<dyn FnMut(usize, &mut String) + 'a>;

/// Renders rich content with one set of options; collects warnings and the
/// names of the assets the rendered markup refers to.
///
/// ```
/// use quizc::model::{Block, Inline, Rich};
/// use quizc::render::{RenderOptions, Renderer};
///
/// let stem = Rich { blocks: vec![Block::Paragraph(vec![
///     Inline::Text("2 + 2 = ".into()), Inline::Blank(0),
/// ])] };
/// let opts = RenderOptions::html();
/// let mut r = Renderer::new(&opts).with_blanks(|i, out: &mut String| {
///     out.push_str(&format!("<input name=\"b{i}\"/>"));
/// });
/// assert_eq!(r.rich(&stem), "<p>2 + 2 = <input name=\"b0\"/></p>");
/// ```
pub struct Renderer<'a> {
    opts: &'a RenderOptions,
    blanks: Option<BlankHook<'a>>,
    warnings: Vec<RenderWarning>,
    assets: BTreeSet<String>,
    /// Footnote labels in order of first reference (number = index + 1).
    footnotes: Vec<String>,
}

const CODE_STYLE: &str = "background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;\
padding:0.5em 0.75em;overflow:auto;font-family:monospace;white-space:pre";

impl<'a> Renderer<'a> {
    pub fn new(opts: &'a RenderOptions) -> Self {
        Renderer {
            opts,
            blanks: None,
            warnings: Vec::new(),
            assets: BTreeSet::new(),
            footnotes: Vec::new(),
        }
    }

    /// Writes `Inline::Blank(i)` with `hook(i, out)`. Without a hook a blank
    /// is `<span class="blank">_____</span>`.
    pub fn with_blanks(mut self, hook: impl FnMut(usize, &mut String) + 'a) -> Self {
        self.blanks = Some(Box::new(hook));
        self
    }

    /// Block content; footnote definitions are collected and written at the
    /// end, numbered in order of first reference.
    pub fn rich(&mut self, rich: &Rich) -> String {
        let mut out = String::new();
        self.footnotes.clear();
        self.blocks(&rich.blocks, &mut out);
        self.footnote_section(&rich.blocks, &mut out);
        out
    }

    /// Inline content, without a surrounding `<p>`.
    pub fn inlines(&mut self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        self.inline_seq(inlines, &mut out);
        out
    }

    /// Warnings so far, leaving none behind.
    pub fn take_warnings(&mut self) -> Vec<RenderWarning> {
        std::mem::take(&mut self.warnings)
    }

    /// Names of the assets referenced by everything rendered so far.
    pub fn assets(&self) -> &BTreeSet<String> {
        &self.assets
    }

    /// Forgets the referenced assets (to track them per field).
    pub fn clear_assets(&mut self) {
        self.assets.clear();
    }

    fn warn(&mut self, code: &'static str, message: impl Into<String>) {
        self.warnings.push(RenderWarning::new(code, message));
    }

    fn blocks(&mut self, blocks: &[Block], out: &mut String) {
        for block in blocks {
            self.block(block, out);
        }
    }

    fn block(&mut self, block: &Block, out: &mut String) {
        match block {
            Block::Paragraph(inl) => {
                out.push_str("<p>");
                self.inline_seq(inl, out);
                out.push_str("</p>");
            }
            Block::Heading { level, content } => {
                let level = (*level).clamp(1, 6);
                out.push_str(&format!("<h{level}>"));
                self.inline_seq(content, out);
                out.push_str(&format!("</h{level}>"));
            }
            Block::CodeBlock { lang, code } => self.code_block(lang.as_deref(), code, out),
            Block::List { start, items } => {
                match start {
                    Some(1) => out.push_str("<ol>"),
                    Some(n) if self.opts.ol_start => out.push_str(&format!("<ol start=\"{n}\">")),
                    Some(n) => {
                        out.push_str("<ol>");
                        self.warn(
                            "list-start",
                            format!("a list numbered from {n} cannot keep its start here; it is numbered from 1"),
                        );
                    }
                    None => out.push_str("<ul>"),
                }
                for item in items {
                    out.push_str("<li>");
                    match item.as_slice() {
                        // A tight item: no <p> around its only paragraph.
                        [Block::Paragraph(inl)] => self.inline_seq(inl, out),
                        blocks => self.blocks(blocks, out),
                    }
                    out.push_str("</li>");
                }
                out.push_str(if start.is_some() { "</ol>" } else { "</ul>" });
            }
            Block::Table { align, head, rows } => self.table(align, head, rows, out),
            Block::Quote(blocks) => {
                out.push_str("<blockquote>");
                self.blocks(blocks, out);
                out.push_str("</blockquote>");
            }
            Block::DisplayMath(tex) => {
                out.push_str("<div class=\"math-display\">");
                self.math(tex, true, out);
                out.push_str("</div>");
            }
            Block::Rule => out.push_str("<hr/>"),
            // Written at the end by `footnote_section`.
            Block::FootnoteDefinition { .. } => {}
        }
    }

    fn code_block(&mut self, lang: Option<&str>, code: &str, out: &mut String) {
        out.push_str("<pre");
        if self.opts.code == CodeMarkup::InlineStyle {
            out.push_str(" style=\"");
            out.push_str(CODE_STYLE);
            out.push('"');
        }
        out.push_str("><code");
        let lang: String = lang
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#'))
            .collect();
        if !lang.is_empty() {
            out.push_str(" class=\"language-");
            out.push_str(&lang);
            out.push('"');
        }
        out.push('>');
        let code = code.strip_suffix('\n').unwrap_or(code);
        let highlighted = self.opts.code == CodeMarkup::InlineStyle
            && !lang.is_empty()
            && super::highlight::inline_styles(&lang, code, out);
        if !highlighted {
            escape_into(code, out);
        }
        out.push_str("</code></pre>");
    }

    fn table(
        &mut self,
        align: &[Align],
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        out: &mut String,
    ) {
        out.push_str("<table>");
        if !head.is_empty() {
            out.push_str("<thead><tr>");
            for (i, cell) in head.iter().enumerate() {
                self.cell("th", align.get(i).copied(), cell, out);
            }
            out.push_str("</tr></thead>");
        }
        if !rows.is_empty() {
            out.push_str("<tbody>");
            for row in rows {
                out.push_str("<tr>");
                for (i, cell) in row.iter().enumerate() {
                    self.cell("td", align.get(i).copied(), cell, out);
                }
                out.push_str("</tr>");
            }
            out.push_str("</tbody>");
        }
        out.push_str("</table>");
    }

    fn cell(&mut self, tag: &str, align: Option<Align>, content: &[Inline], out: &mut String) {
        out.push('<');
        out.push_str(tag);
        let side = match align {
            Some(Align::Left) => Some("left"),
            Some(Align::Center) => Some("center"),
            Some(Align::Right) => Some("right"),
            Some(Align::None) | None => None,
        };
        if let Some(side) = side {
            match self.opts.align {
                AlignMarkup::Style => out.push_str(&format!(" style=\"text-align:{side}\"")),
                AlignMarkup::Class => out.push_str(&format!(" class=\"align-{side}\"")),
            }
        }
        out.push('>');
        self.inline_seq(content, out);
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }

    fn footnote_section(&mut self, blocks: &[Block], out: &mut String) {
        let defs: Vec<(&String, &Vec<Block>)> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::FootnoteDefinition { label, blocks } => Some((label, blocks)),
                _ => None,
            })
            .collect();
        if defs.is_empty() {
            return;
        }
        // Unreferenced definitions are still shown, after the referenced ones.
        for (label, _) in &defs {
            if !self.footnotes.contains(label) {
                self.footnotes.push((*label).clone());
            }
        }
        out.push_str("<div class=\"footnotes\"><hr/><ol>");
        // Definitions may reference further footnotes: walk by number.
        let mut n = 0;
        while n < self.footnotes.len() {
            let label = self.footnotes[n].clone();
            if let Some((_, content)) = defs.iter().find(|(l, _)| **l == label) {
                out.push_str("<li>");
                match content.as_slice() {
                    [Block::Paragraph(inl)] => self.inline_seq(inl, out),
                    blocks => self.blocks(blocks, out),
                }
                out.push_str("</li>");
            } else {
                out.push_str("<li></li>");
                self.warn(
                    "footnote-undefined",
                    format!("footnote [^{label}] has no definition"),
                );
            }
            n += 1;
        }
        out.push_str("</ol></div>");
    }

    /// One run of inlines; author HTML tags opened in it are closed at its end.
    fn inline_seq(&mut self, inlines: &[Inline], out: &mut String) {
        let mut open: Vec<String> = Vec::new();
        for inline in inlines {
            self.inline(inline, &mut open, out);
        }
        while let Some(name) = open.pop() {
            out.push_str(&format!("</{name}>"));
        }
    }

    fn inline(&mut self, inline: &Inline, open: &mut Vec<String>, out: &mut String) {
        match inline {
            Inline::Text(t) => escape_into(t, out),
            Inline::Emph(c) => self.wrap("em", c, out),
            Inline::Strong(c) => self.wrap("strong", c, out),
            Inline::Strike(c) => match self.opts.strike {
                StrikeMarkup::Del => self.wrap("del", c, out),
                StrikeMarkup::SpanClass => {
                    out.push_str("<span class=\"strike\">");
                    self.inline_seq(c, out);
                    out.push_str("</span>");
                }
            },
            Inline::Code(code) => {
                out.push_str("<code>");
                escape_into(code, out);
                out.push_str("</code>");
            }
            Inline::Math(tex) => self.math(tex, false, out),
            Inline::DisplayMath(tex) => self.math(tex, true, out),
            Inline::Link {
                url,
                title,
                content,
            } => self.link(url, title, content, out),
            Inline::Image { src, alt, title } => self.image(src, alt, title, out),
            Inline::SoftBreak => out.push('\n'),
            Inline::HardBreak => out.push_str("<br/>"),
            Inline::Html(raw) => self.author_tag(raw, open, out),
            Inline::FootnoteRef(label) => {
                let n = match self.footnotes.iter().position(|l| l == label) {
                    Some(i) => i + 1,
                    None => {
                        self.footnotes.push(label.clone());
                        self.footnotes.len()
                    }
                };
                out.push_str(&format!("<sup class=\"footnote-ref\">[{n}]</sup>"));
            }
            Inline::Blank(i) => match self.blanks.as_mut() {
                Some(hook) => hook(*i, out),
                None => out.push_str("<span class=\"blank\">_____</span>"),
            },
        }
    }

    fn wrap(&mut self, tag: &str, content: &[Inline], out: &mut String) {
        out.push_str(&format!("<{tag}>"));
        self.inline_seq(content, out);
        out.push_str(&format!("</{tag}>"));
    }

    fn author_tag(&mut self, raw: &str, open: &mut Vec<String>, out: &mut String) {
        match parse_tag_in(raw, self.opts.qti_html) {
            Some(Tag::Open { name, markup }) => {
                out.push_str(&markup);
                open.push(name);
            }
            Some(Tag::Void { markup }) => out.push_str(&markup),
            Some(Tag::Close { name }) => {
                // Close down to the matching tag; a stray close tag is dropped.
                if let Some(pos) = open.iter().rposition(|n| *n == name) {
                    while open.len() > pos {
                        if let Some(n) = open.pop() {
                            out.push_str(&format!("</{n}>"));
                        }
                    }
                }
            }
            None => {
                escape_into(raw, out);
                self.warn(
                    "html-not-allowed",
                    format!(
                        "inline HTML `{}` is not an allowed tag; it is shown as text",
                        raw.chars().filter(|c| is_xml_char(*c)).collect::<String>()
                    ),
                );
            }
        }
    }

    fn math(&mut self, tex: &str, display: bool, out: &mut String) {
        match self.opts.math {
            MathMode::TexDelimiters => tex_delimited(tex, display, out),
            MathMode::MathMl => match tex_to_mathml(tex, display) {
                MathOutput::MathMl(m) => out.push_str(&m),
                MathOutput::Failed(err) => {
                    out.push_str("<span class=\"math-tex\">");
                    tex_delimited(tex, display, out);
                    out.push_str("</span>");
                    self.warn(
                        "math-not-converted",
                        format!(
                            "cannot convert `{}` to MathML ({err}); it is shown as TeX",
                            shortened(tex)
                        ),
                    );
                }
            },
        }
    }

    /// ` title="…"` when the target allows it; else the title is dropped.
    fn title_attribute(&mut self, title: &str, out: &mut String) {
        if title.is_empty() {
            return;
        }
        if !self.opts.qti_html {
            out.push_str(" title=\"");
            escape_into(title, out);
            out.push('"');
        } else {
            self.warn(
                "title-dropped",
                format!("this target has no title attribute; the title `{title}` is left out"),
            );
        }
    }

    fn link(&mut self, url: &str, title: &str, content: &[Inline], out: &mut String) {
        if !is_safe_link(url) {
            self.warn(
                "unsafe-link",
                format!("link target `{url}` is not allowed; only its text is kept"),
            );
            self.inline_seq(content, out);
            return;
        }
        out.push_str("<a href=\"");
        escape_into(url, out);
        out.push('"');
        self.title_attribute(title, out);
        out.push('>');
        self.inline_seq(content, out);
        out.push_str("</a>");
    }

    fn image(&mut self, src: &ImageSrc, alt: &str, title: &str, out: &mut String) {
        let url = match src {
            ImageSrc::Asset { name } => {
                self.assets.insert(name.clone());
                self.opts.images.url(name).unwrap_or_else(|| {
                    self.warn(
                        "image-unmapped",
                        format!("image `{name}` has no URL in this target; its bare name is used"),
                    );
                    super::url_encode_path(name)
                })
            }
            ImageSrc::Remote { url } => {
                // Remote images are kept as links (the parser warned).
                let text = if alt.is_empty() { url } else { alt };
                let content = [Inline::Text(text.to_string())];
                self.link(url, title, &content, out);
                return;
            }
        };
        out.push_str("<img src=\"");
        escape_into(&url, out);
        out.push_str("\" alt=\"");
        escape_into(alt, out);
        out.push('"');
        self.title_attribute(title, out);
        out.push_str("/>");
    }
}
/// At most 80 characters of a formula, for a message.
fn shortened(tex: &str) -> String {
    match tex.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &tex[..cut]),
        None => tex.to_string(),
    }
}
