//! Recognisers for single lines of the plain-text form: question headings,
//! option letters, True/False pairs, answer-key lines. Each is a fixed
//! prefix/suffix test, linear in the line.

use crate::model::{Decimal, NumericValue, QuestionKind, Span};

/// A line of the file: byte range without the line break, and the range of
/// its trimmed content (for spans).
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    /// Trimmed content (NBSP and other Unicode white space count as space).
    pub(super) text: &'a str,
    /// Byte range of `text` in the file.
    pub(super) span: Span,
}

impl Line<'_> {
    pub(super) fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

pub(super) fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while start <= text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let raw = &text[start..end];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        let s = start + lead;
        lines.push(Line {
            text: trimmed,
            span: Span::new(s, s + trimmed.len()),
        });
        if end == text.len() {
            break;
        }
        start = end + 1;
    }
    lines
}

/// A `Question N [type]` line.
#[derive(Debug)]
pub(super) struct Heading {
    pub(super) number: u64,
    /// "Question 5" as written.
    pub(super) label: String,
    pub(super) kind: Option<QuestionKind>,
    /// The type slot held a near miss of a type word: (as written, suggestion).
    pub(super) bad_type: Option<(String, &'static str)>,
}

/// The Markdown heading's type words: both forms name types alike.
pub(super) use crate::parse::heading::TYPE_WORDS;

/// Lower case, white space collapsed, no spaces around `/`.
pub(super) fn normalize_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() && !out.ends_with('/') && !word.starts_with('/') {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

pub(super) fn parse_heading(line: &str) -> Option<Heading> {
    let rest = line.strip_prefix("Question")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 9 {
        return None;
    }
    let number: u64 = rest[..digits].parse().ok()?;
    let after = &rest[digits..];
    if !(after.is_empty() || after.starts_with(|c: char| c.is_whitespace() || is_separator(c))) {
        return None;
    }
    let label = format!("Question {number}");
    let slot = after
        .trim_start_matches(|c: char| c.is_whitespace() || is_separator(c))
        .trim_end();
    let slot = slot
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(slot);
    let norm = normalize_words(slot);
    if norm.is_empty() {
        return Some(Heading {
            number,
            label,
            kind: None,
            bad_type: None,
        });
    }
    if let Some(&(_, kind)) = TYPE_WORDS.iter().find(|(w, _)| *w == norm) {
        return Some(Heading {
            number,
            label,
            kind: Some(kind),
            bad_type: None,
        });
    }
    // A near miss of a type word is a heading with a typo; anything else is
    // text that happens to start with "Question 3".
    if norm.len() <= 24 {
        let best = TYPE_WORDS
            .iter()
            .map(|(w, k)| (edit_distance(&norm, w), k.name()))
            .min_by_key(|(d, _)| *d);
        if let Some((d, name)) = best
            && d <= 2
        {
            return Some(Heading {
                number,
                label,
                kind: None,
                bad_type: Some((slot.to_string(), name)),
            });
        }
    }
    None
}

pub(super) fn is_separator(c: char) -> bool {
    matches!(c, '·' | '•' | ':' | '|' | '-' | '–' | '—' | '.')
}

/// Levenshtein distance on characters (inputs are a few dozen characters).
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let subst = prev[j] + usize::from(ca != cb);
            cur[j + 1] = subst.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// How an option line carries its letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LetterForm {
    /// `AThe text`
    Glued,
    /// `A. The text`
    Dot,
    /// `A) The text`
    Paren,
    /// `A The text`
    Space,
}

/// The letter (0 = A) and the option text of a line in the given form.
pub(super) fn option_in_form(line: &str, form: LetterForm) -> Option<(u8, usize)> {
    let first = *line.as_bytes().first()?;
    if !first.is_ascii_uppercase() {
        return None;
    }
    let rest = &line[1..];
    let text_at = match form {
        LetterForm::Dot | LetterForm::Paren => {
            let mark = if form == LetterForm::Dot { '.' } else { ')' };
            let r = rest.strip_prefix(mark)?;
            1 + mark.len_utf8() + (r.len() - r.trim_start().len())
        }
        LetterForm::Space => {
            if !rest.starts_with(char::is_whitespace) {
                return None;
            }
            1 + (rest.len() - rest.trim_start().len())
        }
        LetterForm::Glued => {
            let c = rest.chars().next()?;
            if c.is_whitespace() || c.is_lowercase() || c == '.' || c == ')' {
                return None;
            }
            1
        }
    };
    Some((first - b'A', text_at))
}

/// An option: its line's span, the text, and the text's span.
#[derive(Debug, Clone)]
pub(super) struct PlainOption {
    pub(super) text: String,
    pub(super) line: Span,
    pub(super) text_span: Span,
}

/// Finds the options in a question's last block: the longest run of lines
/// at its end lettered A, B, C… in one form. Returns the index of the first
/// option line in `block`.
pub(super) fn lettered_options(block: &[Line]) -> Option<(usize, Vec<PlainOption>)> {
    const FORMS: [LetterForm; 4] = [
        LetterForm::Dot,
        LetterForm::Paren,
        LetterForm::Space,
        LetterForm::Glued,
    ];
    for start in 0..block.len().saturating_sub(1) {
        if !block[start].text.starts_with('A') || block.len() - start > 26 {
            continue;
        }
        'forms: for form in FORMS {
            let mut options = Vec::new();
            for (k, line) in block[start..].iter().enumerate() {
                match option_in_form(line.text, form) {
                    Some((letter, at)) if usize::from(letter) == k => {
                        let text = &line.text[at..];
                        let s = line.span.start + at;
                        options.push(PlainOption {
                            text: text.to_string(),
                            line: line.span,
                            text_span: Span::new(s, s + text.len()),
                        })
                    }
                    _ => continue 'forms,
                }
            }
            return Some((start, options));
        }
    }
    None
}

/// `TTrue` / `FFalse` (or `T True` / `F False`) as the last two lines.
pub(super) fn true_false_options(block: &[Line]) -> Option<usize> {
    fn is(line: &str, letter: char, word: &str) -> bool {
        let Some(rest) = line.strip_prefix(letter) else {
            return false;
        };
        let rest = rest
            .strip_prefix(['.', ')'])
            .unwrap_or(rest)
            .trim_start_matches(char::is_whitespace);
        rest == word
    }
    let n = block.len();
    (n >= 2 && is(block[n - 2].text, 'T', "True") && is(block[n - 1].text, 'F', "False"))
        .then(|| n - 2)
}

/// One line of the answer key.
#[derive(Debug, Clone)]
pub(super) struct KeyEntry<'a> {
    pub(super) value: &'a str,
    pub(super) line: Span,
    pub(super) value_span: Span,
}

/// `12. C`, `12) A, C`, `12: True`, `12 0.25 ± 0.01`.
pub(super) fn parse_key_line<'t>(line: &Line<'t>) -> Option<(u64, &'t str, Span)> {
    // An optional `Question` / `Q` before the number: `Question 3: False`, `Q3. B`.
    let full = line.text;
    let t = full
        .strip_prefix("Question")
        .or_else(|| full.strip_prefix('Q'))
        .map_or(full, str::trim_start);
    let skipped = full.len() - t.len();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 9 {
        return None;
    }
    let n = t[..digits].parse().ok()?;
    let rest = &t[digits..];
    let rest = rest.strip_prefix(['.', ')', ':']).unwrap_or(rest);
    if rest.len() == t.len() - digits && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let value = rest.trim();
    let at = line.span.start + skipped + (t.len() - rest.trim_start().len());
    Some((n, value, Span::new(at, at + value.len())))
}

pub(super) fn is_key_heading(line: &str) -> bool {
    let t = line.trim_end_matches(':').trim_end();
    let n = normalize_words(t);
    matches!(n.as_str(), "answer key" | "answers" | "key" | "answer key:")
}

pub(super) fn is_score_line(line: &str) -> bool {
    let Some(rest) = line.get(..6).filter(|p| p.eq_ignore_ascii_case("score:")) else {
        return false;
    };
    let _ = rest;
    let rest = line[6..].trim();
    let mut parts = rest.splitn(2, '/');
    let num = |s: Option<&str>| {
        s.map(str::trim)
            .is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
    };
    num(parts.next()) && num(parts.next())
}

/// `C`, `A, C`, `A C`, `a;c`, `B and D` → letter indices (0 = A).
pub(super) fn parse_letters(value: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for token in value
        .split(|c: char| c == ',' || c == ';' || c == '&' || c == '/' || c.is_whitespace())
        .filter(|t| !t.is_empty())
    {
        if token.eq_ignore_ascii_case("and") {
            continue;
        }
        let t = token.trim_end_matches(['.', ')']);
        let b = t.as_bytes();
        if b.len() != 1 || !b[0].is_ascii_alphabetic() {
            return None;
        }
        let l = b[0].to_ascii_uppercase() - b'A';
        if !out.contains(&l) {
            out.push(l);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `0.25`, `0.25 ± 0.01`, `0.25 +- 0.01`, `0.2 .. 0.3`, `-3..-1`.
pub fn parse_numeric(value: &str) -> Option<NumericValue> {
    let v = value.trim();
    for sep in ["±", "+-", "+/-"] {
        if let Some((a, b)) = v.split_once(sep) {
            return Some(NumericValue::Exact {
                value: Decimal::parse(a)?,
                tolerance: Decimal::parse(b)?,
            });
        }
    }
    if let Some((a, b)) = v.split_once("..") {
        return Some(NumericValue::Range {
            min: Decimal::parse(a)?,
            max: Decimal::parse(b)?,
        });
    }
    Some(NumericValue::Exact {
        value: Decimal::parse(v)?,
        tolerance: Decimal("0".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::plain_text::slug_quiz_id;

    #[test]
    fn option_forms() {
        assert_eq!(option_in_form("AThe rate", LetterForm::Glued), Some((0, 1)));
        assert_eq!(option_in_form("Apple", LetterForm::Glued), None);
        assert_eq!(option_in_form("B. x", LetterForm::Dot), Some((1, 3)));
        assert_eq!(option_in_form("C) x", LetterForm::Paren), Some((2, 3)));
        assert_eq!(
            option_in_form("A 15-layer", LetterForm::Space),
            Some((0, 2))
        );
    }

    #[test]
    fn headings() {
        let h = parse_heading("Question 5 Short Answer").unwrap();
        assert_eq!((h.number, h.kind), (5, Some(QuestionKind::ShortAnswer)));
        let h = parse_heading("Question 3 True / False").unwrap();
        assert_eq!(h.kind, Some(QuestionKind::TrueFalse));
        let h = parse_heading("Question 3: (Multiple Choice)").unwrap();
        assert_eq!(h.kind, Some(QuestionKind::MultipleChoice));
        let h = parse_heading("Question 2 Multple Choise").unwrap();
        assert_eq!(h.bad_type.unwrap().1, "Multiple Choice");
        assert!(parse_heading("Question 3 of the exam asks about layers").is_none());
        assert!(parse_heading("Questions: Vanishing").is_none());
        assert_eq!(parse_heading("Question 7").unwrap().kind, None);
    }

    #[test]
    fn key_values() {
        assert_eq!(parse_letters("A, C"), Some(vec![0, 2]));
        assert_eq!(parse_letters("b d"), Some(vec![1, 3]));
        assert_eq!(parse_letters("The answer"), None);
        assert!(matches!(
            parse_numeric("0.25 ± 0.01"),
            Some(NumericValue::Exact { .. })
        ));
        assert!(matches!(
            parse_numeric("-3..-1"),
            Some(NumericValue::Range { .. })
        ));
        assert!(parse_numeric("about 3").is_none());
    }

    #[test]
    fn slugs() {
        assert_eq!(slug_quiz_id("vanishing-gradient"), "vanishing-gradient");
        assert_eq!(slug_quiz_id("01 Intro_Quiz"), "q01-intro-quiz");
        assert_eq!(slug_quiz_id("Réponse à côté"), "reponse-a-cote");
        assert_eq!(slug_quiz_id("日本"), "quiz");
        assert_eq!(slug_quiz_id("x"), "x1");
    }
}
