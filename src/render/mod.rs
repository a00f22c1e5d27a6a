//! Rich content → HTML fragments, one renderer with options per target.
//!
//! Every emitter turns [`Rich`] into markup through this module, never through
//! its own Markdown writer. The output is XHTML-compatible (well-formed XML:
//! `<br/>`, `<img …/>`, escaped `& < > "`, no named entities, no XML-illegal
//! control characters), so it can go into HTML pages, QTI `itemBody`, Moodle
//! CDATA and Canvas `mattext` alike. What differs per target is in
//! [`RenderOptions`]: math as MathML or TeX delimiters, image URLs,
//! strikethrough and table alignment markup (QTI's HTML profile forbids
//! `style` and `<del>`).
//!
//! ```
//! use quizc::model::Rich;
//! use quizc::render::{RenderOptions, to_html};
//!
//! let mut warnings = Vec::new();
//! let html = to_html(&Rich::text("a < b"), &RenderOptions::moodle(), &mut warnings);
//! assert_eq!(html, "<p>a &lt; b</p>");
//! ```
//!
//! Fill in the Blanks stems hold [`Inline::Blank`]; an emitter renders them
//! with [`Renderer::with_blanks`], a callback that writes its own input or
//! cloze markup.

mod escape;
mod highlight;
mod html;
mod inline_html;
mod math;
#[cfg(test)]
mod tests;
mod url;

pub use escape::{escape, escape_into, is_xml_char, url_encode_path};
pub use html::Renderer;
pub use math::{MathOutput, tex_to_mathml};
pub use url::{SAFE_SCHEMES, is_safe_link, without_unsafe_tex_links};

use crate::model::{Inline, Rich};
use std::collections::BTreeMap;
use std::fmt;

/// How math is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MathMode {
    /// Presentation MathML, `<math xmlns="http://www.w3.org/1998/Math/MathML">`
    /// (`display="block"` for display math), via `math-core`. TeX that does
    /// not convert falls back to [`MathMode::TexDelimiters`] in a
    /// `<span class="math-tex">` with a warning.
    MathMl,
    /// `\( … \)` and `\[ … \]` with the TeX escaped as text, for a platform's
    /// MathJax (Moodle's filter, Canvas).
    TexDelimiters,
}

/// Where image `src` attributes point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImagePaths {
    /// `prefix + name` with the asset name URL-encoded: `@@PLUGINFILE@@/`
    /// (Moodle), `$IMS-CC-FILEBASE$/quiz/` (Canvas), `assets/` (HTML, QTI).
    Prefix(String),
    /// An explicit map from asset name to URL; names missing from the map
    /// fall back to the bare (URL-encoded) name with a warning.
    Map(BTreeMap<String, String>),
}

impl ImagePaths {
    pub fn url(&self, name: &str) -> Option<String> {
        match self {
            ImagePaths::Prefix(prefix) => Some(format!("{prefix}{}", url_encode_path(name))),
            ImagePaths::Map(map) => map.get(name).cloned(),
        }
    }
}

/// How `~~strikethrough~~` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrikeMarkup {
    /// `<del>…</del>`
    Del,
    /// `<span class="strike">…</span>` (QTI's profile has no `<del>`/`<s>`).
    SpanClass,
}

/// How table column alignment is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlignMarkup {
    /// `style="text-align:right"`
    Style,
    /// `class="align-right"` (QTI's profile forbids `style`).
    Class,
}

/// How fenced code blocks are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeMarkup {
    /// `<pre><code class="language-x">escaped code</code></pre>`
    Class,
    /// As `Class`, plus inline `style`: on the `<pre>` (monospace, a light
    /// background, scrolling) and syntax colours as `<span style="color:…">`
    /// (syntect, GitHub-like theme) when the language is known, for LMSs
    /// whose themes do not style code.
    InlineStyle,
}

/// Per-target rendering options. Start from a preset and adjust fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    pub math: MathMode,
    pub images: ImagePaths,
    pub strike: StrikeMarkup,
    pub align: AlignMarkup,
    pub code: CodeMarkup,
    /// Write `<ol start="n">` for lists not starting at 1 (QTI's profile has
    /// no `start`; without it such lists restart at 1, with a warning).
    pub ol_start: bool,
    /// QTI's XHTML profile: no `title` attributes (left out, with a
    /// warning), author tags keep only `class`, and `<u>` (not in QTI) is
    /// written as `<span class="underline">`.
    pub qti_html: bool,
}

impl RenderOptions {
    /// Stand-alone HTML pages and SCORM: MathML, images under `assets/`.
    pub fn html() -> Self {
        RenderOptions {
            math: MathMode::MathMl,
            images: ImagePaths::Prefix("assets/".into()),
            strike: StrikeMarkup::Del,
            align: AlignMarkup::Style,
            code: CodeMarkup::Class,
            ol_start: true,
            qti_html: false,
        }
    }

    /// Moodle XML: TeX for its MathJax filter (Moodle's HTML cleaning drops
    /// MathML), `@@PLUGINFILE@@/name` images, inline-styled code.
    pub fn moodle() -> Self {
        RenderOptions {
            math: MathMode::TexDelimiters,
            images: ImagePaths::Prefix("@@PLUGINFILE@@/".into()),
            strike: StrikeMarkup::Del,
            align: AlignMarkup::Style,
            code: CodeMarkup::InlineStyle,
            ol_start: true,
            qti_html: false,
        }
    }

    /// Canvas QTI 1.2: images through `$IMS-CC-FILEBASE$/<dir>/`.
    pub fn canvas(dir: &str) -> Self {
        RenderOptions {
            math: MathMode::MathMl,
            images: ImagePaths::Prefix(format!("$IMS-CC-FILEBASE$/{dir}/")),
            strike: StrikeMarkup::Del,
            align: AlignMarkup::Style,
            code: CodeMarkup::InlineStyle,
            ol_start: true,
            qti_html: false,
        }
    }

    /// QTI 2.x/3.0 item bodies: MathML, no `style`, no `<del>`, images under
    /// `prefix` (relative to the item file).
    pub fn qti(prefix: &str) -> Self {
        RenderOptions {
            math: MathMode::MathMl,
            images: ImagePaths::Prefix(prefix.into()),
            strike: StrikeMarkup::SpanClass,
            align: AlignMarkup::Class,
            code: CodeMarkup::Class,
            ol_start: false,
            qti_html: true,
        }
    }
}

/// Something the renderer could not carry as asked, and what it did instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderWarning {
    /// A stable kebab-case code for `EmitCx::warn`.
    pub code: &'static str,
    pub message: String,
}

impl RenderWarning {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        RenderWarning {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for RenderWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

/// Renders block content. Warnings are appended to `warnings`.
pub fn to_html(rich: &Rich, opts: &RenderOptions, warnings: &mut Vec<RenderWarning>) -> String {
    let mut r = Renderer::new(opts);
    let html = r.rich(rich);
    warnings.extend(r.take_warnings());
    html
}

/// Renders inline content (no surrounding `<p>`). Warnings are appended to
/// `warnings`.
pub fn inlines_to_html(
    inlines: &[Inline],
    opts: &RenderOptions,
    warnings: &mut Vec<RenderWarning>,
) -> String {
    let mut r = Renderer::new(opts);
    let html = r.inlines(inlines);
    warnings.extend(r.take_warnings());
    html
}
