//! Per question, what the runtime writes as a SCORM interaction: its id,
//! type, correct-response patterns, weighting and description, in the exact
//! format of the version ([`Profile`]), plus the maps the runtime needs to
//! turn a learner's response into the same ids (choice → `a`, `b`, …).

use super::profile::Profile;
use crate::emit::EmitCx;
use crate::model::scoring::{answer_credit, choice_credits};
use crate::model::{Answer, Blank, Decimal, ExactDecimal, NumericValue, Question};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct Interaction {
    /// `cmi.interactions.n.id`.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Graded by a person: result `neutral`, outside the automatic maximum.
    pub open: bool,
    pub weighting: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `correct_responses.n.pattern`, in order.
    pub correct: Vec<String>,
    /// Choice id (as in the page) → pattern id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub choices: BTreeMap<String, String>,
    /// Matching: right-hand texts, by target id (`a`, `b`, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    /// Fill in the blanks: per blank, the dropdown options (`None`: typed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blanks: Vec<Option<Vec<String>>>,
}

/// `a` … `z`, `0` … `9` (the 36 single-character ids of SCORM 1.2), then `i37`, …
pub fn short_id(i: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    match ALPHABET.get(i) {
        Some(c) => (*c as char).to_string(),
        None => format!("i{}", i + 1),
    }
}

/// A question id made valid for both versions' identifier rules: ASCII
/// `[A-Za-z0-9_.-]`, at most 250 characters, ending with a letter or digit.
pub fn interaction_id(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(249)
        .collect();
    if !out.ends_with(|c: char| c.is_ascii_alphanumeric()) {
        out.push('0');
    }
    out
}

/// Plain text on one line, cut to `max` UTF-16 units (what SCORM runtimes
/// written in JavaScript count); an ellipsis marks the cut.
pub fn cut(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.encode_utf16().count() <= max {
        return one_line;
    }
    let mut s = String::new();
    let mut units = 0;
    for c in one_line.chars() {
        if units + c.len_utf16() > max.saturating_sub(1) {
            break;
        }
        units += c.len_utf16();
        s.push(c);
    }
    s.push('…');
    s
}

/// A number for a data model element: plain decimal, at most 7 decimals.
pub fn number(x: f64) -> String {
    let mut s = format!("{x:.7}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" { "0".into() } else { s }
}

/// A literal answer as one part of a fill-in pattern: one line, no
/// delimiter inside, no leading `{` (read as a prefix), cut to the limit.
fn text_part(text: &str, p: &Profile) -> String {
    let mut t = cut(text, p.text_max);
    if p.list.len() > 1 {
        t = t.replace(p.list, "(,)");
    }
    if t.starts_with('{') {
        t.insert(0, ' ');
    }
    t
}

pub fn build(q: &Question, number_in_quiz: usize, p: &Profile, cx: &mut EmitCx) -> Interaction {
    let mut it = Interaction {
        id: interaction_id(&q.id),
        kind: "other",
        open: false,
        weighting: number(match p.max_weighting {
            Some(max) => q.points.min(max),
            None => q.points,
        }),
        description: p.cmi.description.map(|_| {
            let base = match &q.title {
                Some(t) if !t.trim().is_empty() => t.clone(),
                _ => format!("Q{number_in_quiz} – {}", q.stem.plain_text()),
            };
            let d = cut(&base, 250);
            if d.starts_with('{') {
                format!(" {d}")
            } else {
                d
            }
        }),
        correct: Vec::new(),
        choices: BTreeMap::new(),
        targets: Vec::new(),
        blanks: Vec::new(),
    };
    if let Some(max) = p.max_weighting
        && q.points > max
    {
        cx.warn(
            "scorm-weighting-capped",
            q.span,
            format!(
                "{} caps an interaction's weighting at {max}: question `{}` is worth {} points",
                p.title, q.id, q.points
            ),
        );
    }
    let list = |ids: Vec<String>| ids.join(p.list);
    match &q.answer {
        Answer::MultipleChoice { choices } | Answer::MultipleAnswers { choices } => {
            let multiple = matches!(q.answer, Answer::MultipleAnswers { .. });
            it.kind = "choice";
            let credits = choice_credits(choices, multiple);
            for (i, c) in choices.iter().enumerate() {
                it.choices.insert(c.id.clone(), short_id(i));
            }
            if choices.len() > p.max_ids {
                warn_too_many(cx, q, p, choices.len());
            } else if multiple {
                let right: Vec<String> = (0..choices.len())
                    .filter(|&i| credits[i] > 0.0)
                    .map(short_id)
                    .collect();
                it.correct.push(list(right));
            } else {
                it.correct = (0..choices.len())
                    .filter(|&i| credits[i] >= 1.0 - 1e-9)
                    .map(short_id)
                    .take(p.max_patterns)
                    .collect();
            }
        }
        Answer::TrueFalse { correct, .. } => {
            it.kind = "true-false";
            it.choices.insert("true".into(), p.true_value.into());
            it.choices.insert("false".into(), p.false_value.into());
            it.correct.push(
                if *correct {
                    p.true_value
                } else {
                    p.false_value
                }
                .into(),
            );
        }
        Answer::ShortAnswer {
            accepted,
            case_sensitive,
            ..
        } => {
            it.kind = "fill-in";
            let prefix = if *case_sensitive && p.range.is_some() {
                "{case_matters=true}"
            } else {
                ""
            };
            let mut seen = Vec::new();
            for a in accepted {
                if answer_credit(a.credit, true) < 1.0 - 1e-9 {
                    continue;
                }
                let pattern = format!("{prefix}{}", text_part(&a.text, p));
                if !seen.contains(&pattern) && seen.len() < p.max_patterns {
                    seen.push(pattern);
                }
            }
            it.correct = seen;
        }
        Answer::Numerical { accepted, .. } => {
            it.kind = "numeric";
            let full = accepted
                .iter()
                .find(|a| answer_credit(a.credit, true) >= 1.0 - 1e-9);
            if let Some(a) = full {
                match numeric_pattern(&a.value, p) {
                    Some(pattern) => it.correct.push(pattern),
                    None => cx.warn(
                        "scorm-numeric-pattern",
                        a.span,
                        format!(
                            "{} cannot hold this number as a decimal (at most 10 digits before the point and 18 after): the interaction of `{}` has no correct-response pattern",
                            p.title, q.id
                        ),
                    ),
                }
            }
        }
        Answer::Open { .. } => {
            it.kind = p.open_type;
            it.open = true;
        }
        Answer::Matching { pairs, distractors } => {
            it.kind = "matching";
            for text in pairs
                .iter()
                .map(|pair| &pair.right)
                .chain(distractors.iter().map(|d| &d.text))
            {
                if !it.targets.contains(text) {
                    it.targets.push(text.clone());
                }
            }
            if pairs.len() > p.max_ids || it.targets.len() > p.max_ids {
                warn_too_many(cx, q, p, pairs.len().max(it.targets.len()));
            } else {
                let parts = pairs
                    .iter()
                    .enumerate()
                    .map(|(i, pair)| {
                        let t = it
                            .targets
                            .iter()
                            .position(|x| *x == pair.right)
                            .unwrap_or(0);
                        format!("{}{}{}", i + 1, p.pair, short_id(t))
                    })
                    .collect();
                it.correct.push(list(parts));
            }
        }
        Answer::Blanks {
            blanks,
            case_sensitive,
        } => {
            it.kind = "fill-in";
            it.blanks = blanks
                .iter()
                .map(|b| match b {
                    Blank::Text { .. } => None,
                    Blank::Dropdown { options, .. } => Some(options.clone()),
                })
                .collect();
            if blanks.len() > p.text_parts {
                cx.warn(
                    "scorm-too-many-blanks",
                    q.span,
                    format!(
                        "{} holds at most {} blanks in one fill-in interaction: `{}` has {}; its responses keep the first {}",
                        p.title,
                        p.text_parts,
                        q.id,
                        blanks.len(),
                        p.text_parts
                    ),
                );
            }
            let parts: Vec<String> = blanks
                .iter()
                .take(p.text_parts)
                .map(|b| match b {
                    Blank::Text { accepted, .. } => {
                        text_part(accepted.first().map_or("", String::as_str), p)
                    }
                    Blank::Dropdown {
                        options, correct, ..
                    } => text_part(options.get(*correct).map_or("", String::as_str), p),
                })
                .collect();
            let prefix = if *case_sensitive && p.range.is_some() {
                "{case_matters=true}"
            } else {
                ""
            };
            it.correct.push(format!("{prefix}{}", list(parts)));
        }
        Answer::Ordering { items, .. } => {
            it.kind = "sequencing";
            if items.len() > p.max_ids {
                warn_too_many(cx, q, p, items.len());
            } else {
                it.correct
                    .push(list((0..items.len()).map(short_id).collect()));
            }
        }
    }
    it
}

fn warn_too_many(cx: &mut EmitCx, q: &Question, p: &Profile, n: usize) {
    cx.warn(
        "scorm-pattern-too-long",
        q.span,
        format!(
            "{} patterns hold at most {} ids: `{}` has {n}; its interaction has no correct-response pattern",
            p.title, p.max_ids, q.id
        ),
    );
}

/// 2004 `min[:]max`; 1.2 one number (the value, or a range's midpoint).
fn numeric_pattern(value: &NumericValue, p: &Profile) -> Option<String> {
    // Without the written trailing zeros, which only widen the arithmetic.
    let exact = |d: &Decimal| Some(ExactDecimal::from_decimal(d)?.normalized());
    let (lo, hi, mid) = match value {
        NumericValue::Exact { value, tolerance } => {
            let v = exact(value)?;
            let t = exact(tolerance)?.abs();
            (v.checked_sub(t)?, v.checked_add(t)?, v)
        }
        NumericValue::Range { min, max } => {
            let (a, b) = (exact(min)?, exact(max)?);
            (a, b, a.checked_add(b)?.half()?)
        }
    };
    let fits = |d: ExactDecimal| {
        let (i, f) = d.digits();
        i <= 10 && f <= 18
    };
    match p.range {
        Some(delim) => {
            (fits(lo) && fits(hi)).then(|| format!("{}{delim}{}", lo.plain(), hi.plain()))
        }
        None => fits(mid).then(|| mid.plain()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_valid_for_both_versions() {
        assert_eq!(interaction_id("relu-derivative"), "relu-derivative");
        assert_eq!(interaction_id("a b"), "a_b");
        assert_eq!(interaction_id("x-"), "x-0");
        assert_eq!(interaction_id(&"x".repeat(300)).len(), 249);
    }

    #[test]
    fn short_ids_follow_scorm_12() {
        assert_eq!(short_id(0), "a");
        assert_eq!(short_id(25), "z");
        assert_eq!(short_id(26), "0");
        assert_eq!(short_id(36), "i37");
    }

    #[test]
    fn cuts_count_utf16_units() {
        assert_eq!(cut("a  b\nc", 10), "a b c");
        let long = "𝑥".repeat(200);
        let c = cut(&long, 250);
        assert!(c.encode_utf16().count() <= 250);
        assert!(c.ends_with('…'));
    }

    #[test]
    fn numbers_have_no_exponent() {
        assert_eq!(number(1e-7), "0.0000001");
        assert_eq!(number(2.0), "2");
        assert_eq!(number(0.5), "0.5");
    }
}
