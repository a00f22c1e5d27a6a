//! TeX → presentation MathML with `math-core`.
//!
//! Why `math-core` (0.7; 0.9 needs a newer Rust): compared on `\frac`, `^`,
//! `_`, `\sqrt`, `\sum_{i=1}^n`, Greek, `\le`, `\mathbb`, `pmatrix`, `\text`,
//! `<` and `&`, it was the only candidate whose output is both correct and
//! well-formed XML. `pulldown-latex` 0.8 writes `<` and `&` unescaped inside
//! `<mo>` and `&nbsp;` (not XML), needs its own stylesheet and fonts, and
//! renders errors as `<merror>` instead of failing. `latex2mathml` 0.2 does
//! not know `\le`, nests `x^2_i` wrongly and also leaves `<` unescaped.
//! `math-core` escapes text, reports unknown commands and unbalanced groups
//! as errors (so we can fall back to TeX with a warning), and with
//! `xml_namespace` and no `annotation` writes plain presentation MathML.

use super::escape::escape_into;
use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use std::sync::OnceLock;

fn converter() -> &'static LatexToMathML {
    static CONVERTER: OnceLock<LatexToMathML> = OnceLock::new();
    CONVERTER.get_or_init(|| {
        let config = MathCoreConfig {
            xml_namespace: true,
            annotation: false,
            ..Default::default()
        };
        // No custom macros, so construction cannot fail.
        LatexToMathML::new(config).unwrap_or_default()
    })
}

/// The result of converting one formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MathOutput {
    MathMl(String),
    /// The converter's error message; the caller falls back to TeX.
    Failed(String),
}

/// Converts TeX to a `<math xmlns=…>` element (`display="block"` when
/// `display`).
pub fn tex_to_mathml(tex: &str, display: bool) -> MathOutput {
    let mode = if display {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    };
    match converter().convert_with_local_state(tex.trim(), mode) {
        Ok(result) => MathOutput::MathMl(result.mathml),
        Err(e) => MathOutput::Failed(format!("{e:?}")),
    }
}

/// `\( tex \)` or `\[ tex \]`, escaped as HTML text.
pub(crate) fn tex_delimited(tex: &str, display: bool, out: &mut String) {
    let (open, close) = if display {
        ("\\[", "\\]")
    } else {
        ("\\(", "\\)")
    };
    out.push_str(open);
    escape_into(tex.trim(), out);
    out.push_str(close);
}
