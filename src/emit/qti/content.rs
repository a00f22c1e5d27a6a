//! Rich content in QTI bodies, through the shared renderer's QTI profile.
//!
//! Renderer warnings become emit warnings at the question's heading, and the
//! assets each document refers to are collected for the manifest.

use super::xml::Node;
use crate::emit::EmitCx;
use crate::model::{Block, Rich, Span};
use crate::render::{RenderOptions, Renderer};
use std::collections::BTreeSet;

/// Renders content for one QTI document (an item or the test).
pub struct Content<'c, 'x> {
    opts: RenderOptions,
    cx: &'c mut EmitCx<'x>,
    span: Span,
    /// Asset names referenced so far.
    pub assets: BTreeSet<String>,
}

impl<'c, 'x> Content<'c, 'x> {
    /// `prefix` is the path from the document to the `assets/` folder.
    pub fn new(cx: &'c mut EmitCx<'x>, prefix: &str, span: Span) -> Self {
        Content {
            opts: RenderOptions::qti(prefix),
            cx,
            span,
            assets: BTreeSet::new(),
        }
    }

    /// Something the target cannot carry, at the question's heading.
    pub fn warn(&mut self, code: &'static str, message: impl Into<String>) {
        self.cx.warn(code, self.span, message);
    }

    /// Block content.
    pub fn blocks(&mut self, rich: &Rich) -> Node {
        let html = self.render(rich, None);
        Node::RawBlock(html)
    }

    /// Block content whose `Inline::Blank(i)` are written by `blank(i)`.
    pub fn blocks_with_blanks(&mut self, rich: &Rich, blank: &dyn Fn(usize) -> String) -> Node {
        Node::RawBlock(self.render(rich, Some(blank)))
    }

    /// A choice: a lone paragraph is written without its `<p>`.
    pub fn choice(&mut self, rich: &Rich) -> Node {
        match rich.blocks.as_slice() {
            [Block::Paragraph(inlines)] => {
                let opts = self.opts.clone();
                let mut r = Renderer::new(&opts);
                let html = r.inlines(inlines);
                self.finish(&mut r);
                Node::Raw(html)
            }
            _ => self.blocks(rich),
        }
    }

    fn render(&mut self, rich: &Rich, blank: Option<&dyn Fn(usize) -> String>) -> String {
        let opts = self.opts.clone();
        let mut r = Renderer::new(&opts);
        if let Some(blank) = blank {
            r = r.with_blanks(move |i, out: &mut String| out.push_str(&blank(i)));
        }
        let html = r.rich(rich);
        self.finish(&mut r);
        html
    }

    fn finish(&mut self, r: &mut Renderer) {
        self.assets.extend(r.assets().iter().cloned());
        for w in r.take_warnings() {
            self.cx.warn(w.code, self.span, w.message);
        }
    }
}
