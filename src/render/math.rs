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

/// Formulas with at most this many opening tokens are converted on the
/// calling thread. math-core's parser recurses once per nested group,
/// command argument or script, and an unoptimised build spends about 26 KB
/// of stack per level: 100 nested `{` overflow a 2 MB thread. Every level
/// starts at an opening token, so their count bounds the depth.
const INLINE_OPENINGS: usize = 16;
/// Larger formulas get a thread of their own with this much stack per
/// opening token (more than twice the measured need)…
const STACK_PER_OPENING: usize = 64 * 1024;
/// …up to this many; beyond it a formula is shown as TeX (that is over
/// 2,000 groups and commands in one formula, far past any real one).
pub const MAX_OPENINGS: usize = 2048;

/// Converts TeX to a `<math xmlns=…>` element (`display="block"` when
/// `display`). Never overflows the stack, however deeply the TeX nests.
pub fn tex_to_mathml(tex: &str, display: bool) -> MathOutput {
    let tex = tex.trim();
    let openings = opening_tokens(tex);
    if openings <= INLINE_OPENINGS {
        return convert(tex, display);
    }
    if openings > MAX_OPENINGS {
        return MathOutput::Failed(format!(
            "{openings} groups, commands and scripts in one formula; at most {MAX_OPENINGS} are converted"
        ));
    }
    let stack = (1 << 20) + openings * STACK_PER_OPENING;
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("tex-to-mathml".into())
            .stack_size(stack)
            .spawn_scoped(scope, || convert(tex, display))
            .ok()
            .and_then(|worker| worker.join().ok())
    })
    .unwrap_or_else(|| MathOutput::Failed("no thread to convert it on".into()))
}

fn convert(tex: &str, display: bool) -> MathOutput {
    let mode = if display {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    };
    // math-core copies characters XML cannot hold (C0 controls) into the
    // MathML, and no formula needs them.
    let tex: String = tex.chars().filter(|c| is_xml_char(*c)).collect();
    match converter().convert_with_local_state(&tex, mode) {
        Ok(result) => match schema_friendly(&result.mathml) {
            Some(mathml) => MathOutput::MathMl(mathml),
            None => MathOutput::Failed("the converter's MathML did not parse".into()),
        },
        Err(e) => MathOutput::Failed(format!("{e:?}")),
    }
}

/// Tokens that can open a level of nesting: `{`, `^`, `_`, `'` and every
/// control sequence (`\frac`, `\left`, `\begin`, `\{`, …).
fn opening_tokens(tex: &str) -> usize {
    let bytes = tex.as_bytes();
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                count += 1;
                i += 1;
                let letters = bytes[i..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphabetic())
                    .count();
                i += letters.max(1);
            }
            b'{' | b'^' | b'_' | b'\'' => {
                count += 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    count
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
