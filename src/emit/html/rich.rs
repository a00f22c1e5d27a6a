//! The one place the HTML page turns [`Rich`] into markup: the shared
//! renderer ([`crate::render`]) with its HTML options (MathML, images under
//! `assets/`), code highlighted at build time with inline styles (a page
//! that must work from `file://` has no highlighter script).

fn options() -> RenderOptions {
    RenderOptions {
        code: CodeMarkup::InlineStyle,
        ..RenderOptions::html()
    }
}

use crate::model::{Block, Rich};
use crate::render::{CodeMarkup, RenderOptions, Renderer};

pub use crate::render::escape;

/// Warnings as (code, message), for `EmitCx::warn`.
pub type Warnings = Vec<(&'static str, String)>;

/// Writes the control of blank `i` of a Fill in the Blanks stem.
pub type BlankHook<'a> = &'a mut dyn FnMut(usize, &mut String);

/// Renders block content; `blank` writes Fill in the Blanks controls.
pub fn render(rich: &Rich, blank: Option<BlankHook<'_>>) -> (String, Warnings) {
    let opts = options();
    let mut renderer = Renderer::new(&opts);
    if let Some(hook) = blank {
        renderer = renderer.with_blanks(hook);
    }
    let html = renderer.rich(rich);
    let warnings = renderer
        .take_warnings()
        .into_iter()
        .map(|w| (w.code, w.message))
        .collect();
    (html, warnings)
}

/// Renders a choice or an ordering item, which sit inside a `<label>` or a
/// list item: a single paragraph becomes inline markup.
pub fn render_inline(rich: &Rich) -> (String, Warnings) {
    match rich.blocks.as_slice() {
        [Block::Paragraph(inlines)] => {
            let opts = options();
            let mut renderer = Renderer::new(&opts);
            let html = renderer.inlines(inlines);
            let warnings = renderer
                .take_warnings()
                .into_iter()
                .map(|w| (w.code, w.message))
                .collect();
            (html, warnings)
        }
        _ => render(rich, None),
    }
}
