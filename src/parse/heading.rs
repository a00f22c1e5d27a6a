//! Question headings: `Question N` label, title, type word, attributes.
//!
//! The type word is recognised as the whole heading, right after the label,
//! or after the last separator (`·` `•` `:` `|` ` - ` `–` `—`, or a trailing
//! `(…)`). A near miss in the type slot is an error with "did you mean".

use super::Cx;
use super::ids::is_valid_id;
use super::tree::{Kind, Node, plain_text};
use crate::diag::Diagnostic;
use crate::model::{QuestionKind, Span};

/// Type words (normalised: lowercase, single spaces, no spaces around `/`).
pub const TYPE_WORDS: &[(&str, QuestionKind)] = &[
    ("multiple choice", QuestionKind::MultipleChoice),
    ("multiple answers", QuestionKind::MultipleAnswers),
    ("multiple answer", QuestionKind::MultipleAnswers),
    ("multiple response", QuestionKind::MultipleAnswers),
    ("select all", QuestionKind::MultipleAnswers),
    ("true/false", QuestionKind::TrueFalse),
    ("true or false", QuestionKind::TrueFalse),
    ("short answer", QuestionKind::ShortAnswer),
    ("numerical", QuestionKind::Numerical),
    ("numeric", QuestionKind::Numerical),
    ("essay", QuestionKind::Essay),
    ("matching", QuestionKind::Matching),
    ("fill in the blanks", QuestionKind::FillInTheBlanks),
    ("fill in the blank", QuestionKind::FillInTheBlanks),
    ("cloze", QuestionKind::FillInTheBlanks),
    ("ordering", QuestionKind::Ordering),
    ("sequence", QuestionKind::Ordering),
    ("text", QuestionKind::Text),
];

const SEPARATORS: &[&str] = &["·", "•", ":", "|", " - ", "–", "—"];

/// Known heading attribute keys.
pub const ATTRIBUTE_KEYS: &[&str] = &["points", "shuffle", "case", "pick", "tags", "scoring"];

#[derive(Debug, Default, Clone)]
pub struct Attrs {
    pub id: Option<String>,
    pub points: Option<f64>,
    pub shuffle: Option<bool>,
    pub case_sensitive: Option<bool>,
    /// `pick=N`; `pick=all` is `None`.
    pub pick: Option<u32>,
    /// `pick=…` was written (it only means something on a pool).
    pub pick_written: bool,
    pub tags: Vec<String>,
    pub partial: Option<bool>,
    /// The `{…}` block, when there is one.
    pub span: Option<Span>,
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// `Question 3` as written.
    pub label: Option<String>,
    pub label_number: Option<u64>,
    pub title: Option<String>,
    pub kind: Option<QuestionKind>,
    /// `## Pool: …`
    pub pool: bool,
    pub attrs: Attrs,
    pub span: Span,
}

impl Heading {
    /// A title that says nothing about the question (`Question 3`, none).
    pub fn generic_title(&self) -> bool {
        match &self.title {
            None => true,
            Some(t) => split_label(t).is_some_and(|(_, _, rest)| rest.trim().is_empty()),
        }
    }
}

pub fn parse(cx: &mut Cx, node: &Node) -> Heading {
    let level = node.heading_level().unwrap_or(2);
    let span = trimmed_span(cx.text, &node.span);
    let text = plain_text(&node.children).trim().to_string();
    let attrs = attributes(cx, node);
    check_braces_left(cx, node);
    let mut heading = Heading {
        level,
        label: None,
        label_number: None,
        title: None,
        kind: None,
        pool: false,
        attrs,
        span,
    };
    if let Some(rest) = strip_prefix_ci(&text, "pool:") {
        heading.pool = true;
        heading.title = non_empty(rest);
        return heading;
    }
    let mut rest = text.as_str();
    let labelled = if let Some((label, n, after)) = split_label(&text) {
        heading.label = Some(label.to_string());
        heading.label_number = Some(n);
        rest = after.trim_start();
        for sep in SEPARATORS.iter().chain(&[".", "-"]) {
            if let Some(r) = rest.strip_prefix(sep.trim()) {
                rest = r.trim_start();
                break;
            }
        }
        true
    } else {
        false
    };
    let rest = rest.trim();
    if rest.is_empty() {
        return heading;
    }
    // The whole heading (or all that follows the label) is the type slot.
    if let Some(kind) = type_word(rest) {
        heading.kind = Some(kind);
        return heading;
    }
    if let Some((head, tail)) = split_last_separator(rest) {
        if let Some(kind) = type_word(tail) {
            heading.kind = Some(kind);
            heading.title = non_empty(head);
            return heading;
        }
        if suggest_type(cx, tail, span, 3) {
            heading.title = non_empty(head);
            return heading;
        }
        // Not a type slot after all (`Sigmoid · saturation`): all of it is title.
        heading.title = non_empty(rest);
        return heading;
    }
    suggest_type(cx, rest, span, if labelled { 3 } else { 5 });
    heading.title = non_empty(rest);
    heading
}

/// `Question 3` / `Q 3` / `Q3` at the start: (label, number, rest).
fn split_label(text: &str) -> Option<(&str, u64, &str)> {
    let after_word = strip_prefix_ci(text, "question").or_else(|| strip_prefix_ci(text, "q"))?;
    let digits_at = text.len() - after_word.trim_start().len();
    let digits = text[digits_at..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits == 0 {
        return None;
    }
    let end = digits_at + digits;
    if text[end..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let n = text[digits_at..end].parse().ok()?;
    Some((&text[..end], n, &text[end..]))
}

fn strip_prefix_ci<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn non_empty(s: &str) -> Option<String> {
    let s = s
        .trim()
        .trim_end_matches(['·', '•', ':', '|', '-', '–', '—'])
        .trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// The last separator (or a trailing `(…)`) splits title and type slot.
fn split_last_separator(text: &str) -> Option<(&str, &str)> {
    if text.ends_with(')')
        && let Some(open) = text.rfind('(')
        && open > 0
    {
        return Some((&text[..open], &text[open + 1..text.len() - 1]));
    }
    let (at, sep) = SEPARATORS
        .iter()
        .filter_map(|sep| text.rfind(sep).map(|i| (i, *sep)))
        .max_by_key(|(i, _)| *i)?;
    Some((&text[..at], text[at + sep.len()..].trim()))
}

/// Lowercase, `-`/`_` as spaces, single spaces, none around `/`, no
/// surrounding parentheses: one pass, one allocation (it runs per heading).
fn normalise(word: &str) -> String {
    let word = word.trim().trim_matches(['(', ')']);
    let mut out = String::with_capacity(word.len());
    let mut space = false;
    for c in word.chars() {
        let c = if c == '-' || c == '_' { ' ' } else { c };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if c == '/' {
            space = false;
            out.push('/');
            continue;
        }
        if space && !out.ends_with('/') {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

pub fn type_word(word: &str) -> Option<QuestionKind> {
    let n = normalise(word);
    TYPE_WORDS.iter().find(|(w, _)| *w == n).map(|(_, k)| *k)
}

/// A near miss in the type slot: an error with "did you mean" (returns
/// whether one was reported). `ratio` bounds the distance by the word's
/// length (distance × ratio ≤ length).
fn suggest_type(cx: &mut Cx, word: &str, span: Span, ratio: usize) -> bool {
    let n = normalise(word);
    if n.split(' ').count() > 4 {
        return false;
    }
    let best = TYPE_WORDS
        .iter()
        .map(|(w, _)| (levenshtein(&n, w), *w))
        .min_by_key(|(d, _)| *d);
    if let Some((d, w)) = best
        && d > 0
        && d <= 2
        && d * ratio <= n.chars().count()
    {
        let kind = type_word(w).map_or(w, QuestionKind::name);
        cx.report(
            Diagnostic::error("unknown-type-word", format!("unknown question type `{}`", word.trim()))
                .at(cx.file(), span)
                .with_label(format!("did you mean `{kind}`?"))
                .with_help(format!(
                    "did you mean `{kind}`? Type words: Multiple Choice, Multiple Answers, True / False, Short Answer, Numerical, Essay, Matching, Fill in the Blanks, Ordering, Text"
                )),
        );
        return true;
    }
    false
}

/// The closest candidate within `max` edits.
pub fn closest<'c>(
    word: &str,
    candidates: impl Iterator<Item = &'c str>,
    max: usize,
) -> Option<&'c str> {
    candidates
        .map(|c| (levenshtein(word, c), c))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The heading line without its trailing newline.
fn trimmed_span(text: &str, r: &std::ops::Range<usize>) -> Span {
    let slice = text.get(r.clone()).unwrap_or("");
    let len = slice
        .bytes()
        .position(|b| b == b'\n' || b == b'\r')
        .unwrap_or(slice.len());
    Span::new(r.start, r.start + len)
}

/// Where the `{…}` attribute block sits: after the last inline child.
fn attribute_block(cx: &Cx, node: &Node) -> Option<Span> {
    let from = node.children.last().map_or(node.span.start, |c| c.span.end);
    let region = cx.text.get(from..node.span.end)?;
    let open = region.find('{')?;
    let close = region.rfind('}').map_or(region.len(), |c| c + 1);
    Some(Span::new(from + open, from + close.max(open + 1)))
}

/// Reads the `{…}` block from the source: pulldown-cmark drops words it
/// cannot read (`{x}` vanishes, `{1, 2}` becomes valueless attributes), so
/// every token is checked here.
fn attributes(cx: &mut Cx, node: &Node) -> Attrs {
    let mut out = Attrs::default();
    if !matches!(node.kind, Kind::Heading { .. }) {
        return out;
    }
    let Some(span) = attribute_block(cx, node) else {
        return out;
    };
    out.span = Some(span);
    let file = cx.file();
    let brace_help = "a `{…}` at the end of a heading is read as attributes; to keep braces in the title escape them as `\\{…\\}`";
    let inner = cx
        .text
        .get(span.start..span.end)
        .unwrap_or("")
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_string();
    let mut braces_reported = false;
    let mut valueless_reported = false;
    for token in inner.split_whitespace() {
        if let Some(id) = token.strip_prefix('#') {
            if is_valid_id(id) {
                out.id = Some(id.to_string());
            } else {
                cx.report(
                    Diagnostic::error("invalid-id", format!("`#{id}` is not a valid identifier"))
                        .at(file, span)
                        .with_help("ids start with an ASCII letter, end with a letter or digit, and hold only ASCII letters, digits, `-` and `_` (at most 64); quizc never rewrites them"),
                );
            }
            continue;
        }
        if let Some(class) = token.strip_prefix('.') {
            cx.report(
                Diagnostic::error(
                    "unknown-heading-attribute",
                    format!("unknown heading attribute `.{class}`"),
                )
                .at(file, span)
                .with_help(brace_help),
            );
            continue;
        }
        let (key, value) = match token.split_once('=') {
            Some((k, v)) if !k.is_empty() && !v.is_empty() => (k, unquote(v)),
            Some((k, _)) if ATTRIBUTE_KEYS.contains(&k) => (k, ""),
            Some(_) | None => {
                let key = token.trim_end_matches('=');
                if ATTRIBUTE_KEYS.contains(&key) {
                    (key, "")
                } else if valueless_reported {
                    continue;
                } else {
                    if !braces_reported {
                        braces_reported = true;
                        cx.report(
                            Diagnostic::error("braces-in-heading", format!("`{{{}}}` was read as heading attributes and dropped from the title", inner.trim()))
                                .at(file, span)
                                .with_help(brace_help),
                        );
                    }
                    continue;
                }
            }
        };
        if value.is_empty() {
            valueless_reported = true;
            cx.report(
                Diagnostic::error("attribute-without-value", format!("heading attribute `{key}` has no value"))
                    .at(file, span)
                    .with_help(format!("write `{key}=value` with no spaces around `=` (pulldown-cmark splits attributes on spaces)")),
            );
            continue;
        }
        let bad = |what: &str| {
            Diagnostic::error(
                "invalid-attribute-value",
                format!("`{key}={value}`: {what}"),
            )
            .at(file, span)
        };
        match key {
            "points" => match value.parse::<f64>() {
                Ok(p) if p >= 0.0 && p.is_finite() => out.points = Some(p),
                _ => cx.report(
                    bad("points must be a number, 0 or more").with_help("e.g. `{points=2}`"),
                ),
            },
            "shuffle" => match value {
                "true" => out.shuffle = Some(true),
                "false" => out.shuffle = Some(false),
                _ => cx.report(
                    bad("shuffle is `true` or `false`").with_help("e.g. `{shuffle=false}`"),
                ),
            },
            "case" => match value {
                "sensitive" => out.case_sensitive = Some(true),
                "insensitive" => out.case_sensitive = Some(false),
                _ => cx.report(
                    bad("case is `sensitive` or `insensitive`")
                        .with_help("e.g. `{case=sensitive}`"),
                ),
            },
            "pick" => {
                out.pick_written = true;
                match value {
                    "all" => out.pick = None,
                    v => match v.parse::<u32>() {
                        Ok(n) if n > 0 => out.pick = Some(n),
                        _ => cx.report(
                            bad("pick is a whole number of questions (1 or more) or `all`")
                                .with_help("e.g. `{pick=2}`"),
                        ),
                    },
                }
            }
            "tags" => {
                out.tags = value
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect()
            }
            "scoring" => match value {
                "partial" => out.partial = Some(true),
                "all-or-nothing" | "all" => out.partial = Some(false),
                _ => cx.report(
                    bad("scoring is `partial` or `all-or-nothing`")
                        .with_help("e.g. `{scoring=partial}`"),
                ),
            },
            other => {
                let d = Diagnostic::error(
                    "unknown-heading-attribute",
                    format!("unknown heading attribute `{other}`"),
                )
                .at(file, span);
                let d = match closest(other, ATTRIBUTE_KEYS.iter().copied(), 2) {
                    Some(near) => d.with_help(format!(
                        "did you mean `{near}`? Known: #id, {}",
                        ATTRIBUTE_KEYS.join(", ")
                    )),
                    None => d.with_help(format!(
                        "known attributes: #id, {}; {brace_help}",
                        ATTRIBUTE_KEYS.join(", ")
                    )),
                };
                cx.report(d);
            }
        }
    }
    out
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return &v[1..v.len() - 1];
        }
    }
    v
}

/// A `{…}` left in the title text (only the last one is parsed as attributes).
fn check_braces_left(cx: &mut Cx, node: &Node) {
    for child in &node.children {
        let Kind::Text(_) = child.kind else { continue };
        let Some(src) = cx.text.get(child.span.clone()) else {
            continue;
        };
        let bytes = src.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                // A text node can start right after the backslash of `\{`.
                b'{' if super::escapes::escaped(cx.text, child.span.start + i) => i += 1,
                b'{' => {
                    let close = src[i..].find('}').map_or(src.len(), |c| i + c + 1);
                    cx.report(
                        Diagnostic::error("braces-in-heading", "a `{…}` is left in the heading title")
                            .at(cx.file(), Span::new(child.span.start + i, child.span.start + close))
                            .with_label("only the last `{…}` of a heading is read as attributes")
                            .with_help("put all attributes in one `{…}` at the end, or escape literal braces as `\\{…\\}`"),
                    );
                    return;
                }
                _ => i += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(
            split_label("Question 12 · Essay").map(|l| (l.0, l.1)),
            Some(("Question 12", 12))
        );
        assert_eq!(split_label("Q3").map(|l| l.1), Some(3));
        assert!(split_label("Quantization 5").is_none());
        assert!(split_label("Q3a").is_none());
    }

    #[test]
    fn type_words_normalise() {
        assert_eq!(type_word("True / False"), Some(QuestionKind::TrueFalse));
        assert_eq!(type_word("true/false"), Some(QuestionKind::TrueFalse));
        assert_eq!(
            type_word("Fill-in-the-Blanks"),
            Some(QuestionKind::FillInTheBlanks)
        );
        assert_eq!(
            type_word("(Multiple Choice)"),
            Some(QuestionKind::MultipleChoice)
        );
        assert_eq!(type_word("Stable matching"), None);
        assert_eq!(
            type_word("  TRUE  /  false "),
            Some(QuestionKind::TrueFalse)
        );
        assert_eq!(
            type_word("fill_in  the-blank"),
            Some(QuestionKind::FillInTheBlanks)
        );
        assert_eq!(normalise("True or  False"), "true or false");
        assert_eq!(levenshtein("multple choice", "multiple choice"), 1);
    }
}
