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

use super::escape::{escape_into, is_xml_char};
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
    // math-core copies characters XML cannot hold (C0 controls) into the
    // MathML, and no formula needs them.
    let tex: String = tex.trim().chars().filter(|c| is_xml_char(*c)).collect();
    match converter().convert_with_local_state(&tex, mode) {
        Ok(result) => match schema_friendly(&result.mathml) {
            Some(mathml) => MathOutput::MathMl(mathml),
            None => MathOutput::Failed("the converter's MathML did not parse".into()),
        },
        Err(e) => MathOutput::Failed(format!("{e:?}")),
    }
}

/// MathML Core lets `displaystyle` and `scriptlevel` sit on any element;
/// MathML 2 and 3 (the QTI 2.1/3.0 schemas) allow them only on `mstyle`
/// (and `math`, `mtable`). Each element carrying them outside those gets
/// them moved onto an `mstyle` wrapper, which renders the same.
fn schema_friendly(mathml: &str) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(mathml);
    let mut out = String::with_capacity(mathml.len() + 32);
    // Per open element: whether it was wrapped in an <mstyle>.
    let mut wrapped: Vec<bool> = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                let wrap = start_tag(&e, false, &mut out)?;
                wrapped.push(wrap);
            }
            Event::Empty(e) => {
                if start_tag(&e, true, &mut out)? {
                    out.push_str("</mstyle>");
                }
            }
            Event::End(e) => {
                out.push_str("</");
                out.push_str(e.name().as_ref());
                out.push('>');
                if wrapped.pop()? {
                    out.push_str("</mstyle>");
                }
            }
            Event::Text(t) => out.push_str(&t.into_inner()),
            Event::GeneralRef(r) => {
                out.push('&');
                out.push_str(&r.into_inner());
                out.push(';');
            }
            Event::Eof => break,
            _ => return None,
        }
    }
    Some(out)
}

/// Writes a start (or empty) tag, preceded by `<mstyle …>` when style
/// attributes had to move; returns whether it did.
fn start_tag(e: &quick_xml::events::BytesStart, empty: bool, out: &mut String) -> Option<bool> {
    let name = e.name().as_ref().to_string();
    let keeps_style = matches!(name.as_str(), "math" | "mstyle" | "mtable");
    let mut own = String::new();
    let mut moved = String::new();
    for attr in e.attributes() {
        let attr = attr.ok()?;
        let key = attr.key.as_ref().to_string();
        let moves = matches!(key.as_str(), "displaystyle" | "scriptlevel") && !keeps_style
            || (name == "mtable" && key == "scriptlevel");
        let target = if moves { &mut moved } else { &mut own };
        target.push(' ');
        target.push_str(&key);
        target.push_str("=\"");
        target.push_str(&attr.value);
        target.push('"');
    }
    if !moved.is_empty() {
        out.push_str("<mstyle");
        out.push_str(&moved);
        out.push('>');
    }
    out.push('<');
    out.push_str(&name);
    out.push_str(&own);
    out.push_str(if empty { "/>" } else { ">" });
    Some(!moved.is_empty())
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
