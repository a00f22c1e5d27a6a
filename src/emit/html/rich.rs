//! The one place the HTML page turns [`Rich`] into markup.
//!
//! TEMPORARY: until the shared renderer (`crate::render`, on the `moodle`
//! branch) is merged, this shim writes plain escaped text (blanks through
//! the hook); it is replaced by calls to `render::Renderer` with
//! `RenderOptions::html()` and must not grow into a second renderer.

use crate::model::{Block, Inline, Rich, inlines_plain};

/// Renders rich content for the page; `blank` writes Fill in the Blanks
/// controls. Returns the markup and warnings (code, message).
pub fn render(
    rich: &Rich,
    blank: Option<&mut dyn FnMut(usize, &mut String)>,
) -> (String, Vec<(&'static str, String)>) {
    let mut out = String::new();
    let mut blank = blank;
    for block in &rich.blocks {
        out.push_str("<p>");
        match block {
            Block::Paragraph(inlines) => {
                for inline in inlines {
                    match (inline, blank.as_deref_mut()) {
                        (Inline::Blank(i), Some(hook)) => hook(*i, &mut out),
                        _ => {
                            let mut text = String::new();
                            inlines_plain(std::slice::from_ref(inline), &mut text);
                            out.push_str(&escape(&text));
                        }
                    }
                }
            }
            other => {
                let r = Rich {
                    blocks: vec![other.clone()],
                };
                out.push_str(&escape(&r.plain_text()));
            }
        }
        out.push_str("</p>");
    }
    (out, Vec::new())
}

/// Renders a choice or ordering item: one paragraph becomes inline markup
/// (it sits inside a `<label>`).
pub fn render_inline(rich: &Rich) -> (String, Vec<(&'static str, String)>) {
    let (html, warnings) = render(rich, None);
    match rich.blocks.as_slice() {
        [Block::Paragraph(_)] => (
            html.trim_start_matches("<p>")
                .trim_end_matches("</p>")
                .to_string(),
            warnings,
        ),
        _ => (html, warnings),
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
