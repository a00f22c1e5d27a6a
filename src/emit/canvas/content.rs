//! Rich content for Canvas: the shared renderer with the Canvas profile
//! (MathML, `$IMS-CC-FILEBASE$` image paths), blank tokens for Fill in the
//! Blanks, and the warnings of the question being written.

use crate::model::{Rich, Span};
use crate::render::{RenderOptions, Renderer};

/// A warning waiting for the emit context: code, span, message.
pub type Pending = (&'static str, Span, String);

pub struct Content {
    opts: RenderOptions,
    /// "Question 3 (Sigmoid range)": prefixed to every warning.
    label: String,
    pub warnings: Vec<Pending>,
}

/// Private-use markers around a blank index while `[` is escaped.
const BLANK_OPEN: char = '\u{E000}';
const BLANK_CLOSE: char = '\u{E001}';

impl Content {
    /// `files_dir`: the package folder holding the images.
    pub fn new(files_dir: &str) -> Self {
        Content {
            opts: RenderOptions::canvas(files_dir),
            label: String::new(),
            warnings: Vec::new(),
        }
    }

    /// Same options, no label, no warnings: for one item written on its own thread.
    pub fn fork(&self) -> Self {
        Content {
            opts: self.opts.clone(),
            label: String::new(),
            warnings: Vec::new(),
        }
    }

    /// Names the question the next warnings are about.
    pub fn set_label(&mut self, label: String) {
        self.label = label;
    }

    pub fn warn(&mut self, code: &'static str, span: Span, message: impl Into<String>) {
        let message = message.into();
        let message = if self.label.is_empty() {
            message
        } else {
            format!("{}: {message}", self.label)
        };
        self.warnings.push((code, span, message));
    }

    fn render(&mut self, rich: &Rich, span: Span, renderer: Renderer) -> String {
        let mut renderer = renderer;
        let html = renderer.rich(rich);
        for w in renderer.take_warnings() {
            self.warn(w.code, span, w.message);
        }
        html
    }

    /// HTML for a `mattext texttype="text/html"`.
    pub fn html(&mut self, rich: &Rich, span: Span) -> String {
        let opts = self.opts.clone();
        self.render(rich, span, Renderer::new(&opts))
    }

    /// A choice label: a lone paragraph is written without its `<p>`, as
    /// Canvas's editor stores answers.
    pub fn label_html(&mut self, rich: &Rich, span: Span) -> String {
        match rich.blocks.as_slice() {
            [crate::model::Block::Paragraph(inlines)] => {
                let opts = self.opts.clone();
                let mut renderer = Renderer::new(&opts);
                let html = renderer.inlines(inlines);
                for w in renderer.take_warnings() {
                    self.warn(w.code, span, w.message);
                }
                html
            }
            _ => self.html(rich, span),
        }
    }

    /// A Fill in the Blanks stem: blank `i` becomes `[names[i]]`, and every
    /// other `[` is written as `&#91;` so Canvas cannot take author text such
    /// as `a[i]` for a blank.
    pub fn blanks_html(&mut self, rich: &Rich, span: Span, names: &[String]) -> String {
        let opts = self.opts.clone();
        let renderer = Renderer::new(&opts).with_blanks(|i, out: &mut String| {
            out.push(BLANK_OPEN);
            out.push_str(&i.to_string());
            out.push(BLANK_CLOSE);
        });
        let html = self.render(rich, span, renderer).replace('[', "&#91;");
        let mut out = String::with_capacity(html.len());
        let mut rest = html.as_str();
        while let Some(start) = rest.find(BLANK_OPEN) {
            out.push_str(&rest[..start]);
            let after = &rest[start + BLANK_OPEN.len_utf8()..];
            let Some(end) = after.find(BLANK_CLOSE) else {
                rest = after;
                continue;
            };
            let name = after[..end]
                .parse::<usize>()
                .ok()
                .and_then(|i| names.get(i));
            if let Some(name) = name {
                out.push('[');
                out.push_str(name);
                out.push(']');
            }
            rest = &after[end + BLANK_CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        out
    }

    /// Matching right sides, dropdown options and accepted blank answers are
    /// plain text in Canvas (a `<select>` or a typed answer): math stays TeX
    /// source and markup shows as typed.
    pub fn plain_text_slot(&mut self, text: &str, span: Span, what: &str) {
        let has_math = text.matches('$').count() >= 2 || text.contains("\\(");
        if has_math {
            self.warn(
                "canvas-plain-text-math",
                span,
                format!("{what} is plain text in Canvas: the math in it shows as TeX source"),
            );
        }
    }
}
