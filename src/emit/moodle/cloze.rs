//! Moodle's embedded-answer (cloze) syntax for Fill in the Blanks.
//!
//! Moodle 4.5 (`question/type/multianswer/questiontype.php`) finds
//! `{weight:TYPE:alternatives}` in the question's HTML, ends an alternative
//! at an unescaped `~`, `#` or `}` (not preceded by `\`, `&` or `&amp;`),
//! then HTML-entity-decodes it and only then unescapes `\}` and `\#`. A
//! backslash-escaped `~`, `/` or `"` would keep its backslash. So every
//! reserved character (`} # ~ / " \ { = % & < >`) is written as a numeric
//! character reference, which no regex sees and the decoding restores
//! exactly. `*` in a SHORTANSWER is Moodle's wildcard: it is written `\*`,
//! which Moodle's matcher reads as a literal star.

use super::fractions::same;
use super::questions::{PENALTY, points};
use super::{Ctx, Writer};
use crate::model::{Blank, Question};
use crate::render::{Renderer, escape};
use std::collections::BTreeSet;

/// One alternative of a SHORTANSWER blank: the literal answer, trimmed.
pub fn short_answer_alternative(text: &str) -> String {
    let mut out = String::new();
    for ch in text.trim().chars() {
        match ch {
            '*' => out.push_str("\\*"),
            c => push_char(c, &mut out),
        }
    }
    out
}

/// One option of a MULTICHOICE (dropdown) blank. Moodle stores it as HTML,
/// so the literal text is HTML-escaped first and then encoded.
pub fn dropdown_option(text: &str) -> String {
    let html = escape(text.trim());
    let mut out = String::new();
    for ch in html.chars() {
        push_char(ch, &mut out);
    }
    out
}

fn push_char(ch: char, out: &mut String) {
    match ch {
        '}' | '#' | '~' | '/' | '"' | '\\' | '{' | '=' | '%' | '&' | '<' | '>' | ':' => {
            out.push_str(&format!("&#{};", u32::from(ch)));
        }
        c if crate::render::is_xml_char(c) => out.push(c),
        _ => {}
    }
}

/// A SHORTANSWER blank: `{w:SHORTANSWER:=a~=b}` (`SHORTANSWER_C` when case
/// matters).
pub fn short_answer(weight: u32, accepted: &[String], case_sensitive: bool) -> String {
    let kind = if case_sensitive {
        "SHORTANSWER_C"
    } else {
        "SHORTANSWER"
    };
    let alts: Vec<String> = accepted
        .iter()
        .filter(|a| !a.trim().is_empty())
        .map(|a| format!("={}", short_answer_alternative(a)))
        .collect();
    format!("{{{weight}:{kind}:{}}}", alts.join("~"))
}

/// A dropdown blank: `{w:MULTICHOICE:=right~wrong}` (`MULTICHOICE_S` to
/// shuffle).
pub fn dropdown(weight: u32, options: &[String], correct: usize, shuffle: bool) -> String {
    let kind = if shuffle {
        "MULTICHOICE_S"
    } else {
        "MULTICHOICE"
    };
    let alts: Vec<String> = options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mark = if i == correct { "=" } else { "" };
            format!("{mark}{}", dropdown_option(o))
        })
        .collect();
    format!("{{{weight}:{kind}:{}}}", alts.join("~"))
}

/// Makes author text that happens to look like a cloze start (`{1:` or
/// `{:`) inert, by writing its `{` as `&#123;`.
pub fn defuse_braces(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if after.as_bytes().get(digits) == Some(&b':') {
            out.push_str("&#123;");
        } else {
            out.push('{');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

impl Writer<'_, '_, '_> {
    /// Fill in the Blanks → `cloze`: the stem with an embedded answer per
    /// blank.
    pub(super) fn cloze(
        &mut self,
        q: &Question,
        ctx: &Ctx,
        blanks: &[Blank],
        case_sensitive: bool,
    ) {
        let n = blanks.len().max(1);
        let per_blank = q.points / n as f64;
        let weight = if per_blank >= 1.0 && per_blank.fract() == 0.0 && per_blank <= 1e6 {
            per_blank as u32
        } else {
            1
        };
        if !same(f64::from(weight) * n as f64, q.points) {
            self.warn(
                "moodle-cloze-mark",
                ctx,
                format!(
                    "Moodle sets a cloze question's mark from whole-number blank weights; its {n} \
                     blanks are worth 1 each, so its default mark is {n}, not {}; set the mark in the quiz",
                    points(q.points)
                ),
            );
        }
        for (i, b) in blanks.iter().enumerate() {
            if let Blank::Dropdown { options, .. } = b
                && options.len() < 2
            {
                self.warn(
                    "moodle-choices-min",
                    ctx,
                    format!("blank {} is a dropdown with fewer than 2 options", i + 1),
                );
            }
        }
        // Blanks become markers first, so author text can be defused of
        // anything that looks like a cloze field without touching them.
        let opts = self.opts.clone();
        let mut r = Renderer::new(&opts).with_blanks(|i, out: &mut String| {
            out.push_str(&format!("\u{E000}{i}\u{E001}"));
        });
        let html = r.rich(&q.stem);
        let assets: BTreeSet<String> = r.assets().clone();
        let warnings = r.take_warnings();
        drop(r);
        for w in warnings {
            self.warn(w.code, ctx, w.message);
        }
        let mut html = defuse_braces(&html);
        for (i, blank) in blanks.iter().enumerate() {
            let code = match blank {
                Blank::Text { accepted, .. } => short_answer(weight, accepted, case_sensitive),
                Blank::Dropdown {
                    options, correct, ..
                } => dropdown(weight, options, *correct, q.shuffle),
            };
            html = html.replace(&format!("\u{E000}{i}\u{E001}"), &code);
        }
        let extras = [
            ("Correct:", q.feedback.correct.as_ref()),
            ("Incorrect:", q.feedback.incorrect.as_ref()),
        ];
        if q.feedback.correct.is_some() || q.feedback.incorrect.is_some() {
            self.warn(
                "moodle-feedback",
                ctx,
                "Moodle's cloze questions have no Correct/Incorrect feedback; it is added to the general feedback",
            );
        }
        let general = self.general_with(q, &extras);
        self.xml.open("question", &[("type", "cloze")]);
        self.xml.text_elem("name", &[], &ctx.name);
        self.raw_html_field(ctx, "questiontext", &[("format", "html")], &html, &assets);
        self.html_field(ctx, "generalfeedback", Some(&general));
        self.xml.leaf("penalty", &[], PENALTY);
        self.xml.leaf("hidden", &[], "0");
        self.idnumber(ctx, &q.id);
        self.footer(q, ctx, true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_characters_become_references() {
        assert_eq!(
            short_answer_alternative(" a}b#c~d/e\"f\\g "),
            "a&#125;b&#35;c&#126;d&#47;e&#34;f&#92;g"
        );
        assert_eq!(short_answer_alternative("x^{2}"), "x^&#123;2&#125;");
        assert_eq!(short_answer_alternative("=5%"), "&#61;5&#37;");
        assert_eq!(short_answer_alternative("a&"), "a&#38;");
        assert_eq!(short_answer_alternative("1:2"), "1&#58;2");
    }

    #[test]
    fn star_is_a_literal_star() {
        assert_eq!(short_answer_alternative("2*3"), "2\\*3");
    }

    #[test]
    fn dropdown_options_are_html_then_encoded() {
        // Stored (after Moodle's decoding) as the HTML `a &lt; b`.
        assert_eq!(dropdown_option("a < b"), "a &#38;lt; b");
    }

    #[test]
    fn blank_codes() {
        assert_eq!(
            short_answer(1, &["0.25".into(), "1/4".into()], false),
            "{1:SHORTANSWER:=0.25~=1&#47;4}"
        );
        assert_eq!(
            short_answer(2, &["Paris".into()], true),
            "{2:SHORTANSWER_C:=Paris}"
        );
        assert_eq!(
            dropdown(1, &["0.25".into(), "0.5".into(), "1".into()], 0, false),
            "{1:MULTICHOICE:=0.25~0.5~1}"
        );
        assert_eq!(
            dropdown(1, &["a".into(), "b".into()], 1, true),
            "{1:MULTICHOICE_S:a~=b}"
        );
    }

    #[test]
    fn text_that_looks_like_a_blank_is_defused() {
        assert_eq!(
            defuse_braces("set {1:SHORTANSWER:=x} and {a} and {:MC:y} \\(x^{2}\\)"),
            "set &#123;1:SHORTANSWER:=x} and {a} and &#123;:MC:y} \\(x^{2}\\)"
        );
    }
}
