//! Front matter (YAML between `---` lines) and the `[quiz]` table of
//! quizc.toml → [`Settings`], title, description and id.
//!
//! Every problem is reported at its file line and all at once: the YAML is
//! parsed by serde_yaml, and each top-level key is found on its own line so a
//! bad value points at that line. Precedence: front matter > quizc.toml > default.

use super::Cx;
use super::ids::is_valid_id;
use super::tree::{Kind, Node};
use crate::diag::Diagnostic;
use crate::model::{FeedbackMode, Settings, Span};
use serde_yaml::Value;

/// Front matter keys, in the spec's order.
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "id",
    "points",
    "shuffle",
    "shuffle_questions",
    "pass",
    "time_limit",
    "attempts",
    "feedback",
    "lang",
    "tags",
];

/// What front matter (and quizc.toml) decided.
#[derive(Debug, Default)]
pub struct Meta {
    pub title: Option<String>,
    pub description: Option<String>,
    pub id: Option<String>,
    pub settings: Settings,
}

/// Where a value came from, for diagnostics.
#[derive(Clone, Copy)]
enum Origin {
    /// A span in the quiz file (the key's line).
    File(Span),
    /// The `[quiz]` table of quizc.toml.
    Config,
}

/// Reads the quizc.toml defaults, then the front matter over them.
/// `yaml` is the metadata block's text and its byte offset in the file.
pub fn read(cx: &mut Cx, yaml: Option<(&str, usize)>) -> Meta {
    let mut meta = Meta::default();
    let table = cx.input.config.quiz.clone();
    for (key, value) in table {
        let value = toml_to_yaml(value);
        apply(cx, &mut meta, &key, &value, Origin::Config);
    }
    let Some((text, offset)) = yaml else {
        return meta;
    };
    if text.trim().is_empty() {
        return meta;
    }
    let value: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let span = match e.location() {
                Some(loc) => {
                    line_span(cx, offset, text, loc.line().saturating_sub(1), loc.column())
                }
                None => Span::new(offset, offset),
            };
            let message = e.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            cx.report(
                Diagnostic::error(
                    "invalid-front-matter",
                    format!("front matter is not valid YAML: {message}"),
                )
                .at(cx.file(), span)
                .with_help("front matter is YAML between `---` lines: one `key: value` per line"),
            );
            return meta;
        }
    };
    let Value::Mapping(map) = value else {
        if !matches!(value, Value::Null) {
            cx.report(
                Diagnostic::error(
                    "invalid-front-matter",
                    "front matter must be a list of `key: value` lines",
                )
                .at(cx.file(), Span::new(offset, offset + text.len()))
                .with_help("write e.g. `title: My quiz` on its own line"),
            );
        }
        return meta;
    };
    let key_lines = top_level_key_lines(text);
    for (key, value) in map {
        let Some(key) = key.as_str().map(str::to_string) else {
            cx.report(
                Diagnostic::error("invalid-front-matter", "front matter keys must be words")
                    .at(cx.file(), Span::new(offset, offset + text.len()))
                    .with_help("write e.g. `title: My quiz` on its own line"),
            );
            continue;
        };
        let span = key_lines
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, r)| Span::new(offset + r.start, offset + r.end))
            .unwrap_or(Span::new(offset, offset));
        apply(cx, &mut meta, &key, &value, Origin::File(span));
    }
    meta
}

/// Reports front matter that is opened and never closed: a `---` first line
/// followed at once by a `key: value` line, with no closing `---`. Markdown
/// reads that as a rule and a paragraph, so the settings would vanish and
/// the YAML would show to learners as text. `first` is the first block after
/// any leading comments, when no front matter was found.
pub fn report_unclosed(cx: &mut Cx, first: Option<&Node>) {
    let Some(rule) = first.filter(|n| n.kind == Kind::Rule) else {
        return;
    };
    let text = cx.text;
    let start = rule.span.start;
    let Some(line_end) = text[start..].find('\n').map(|i| start + i + 1) else {
        return;
    };
    if text[start..line_end].trim_end() != "---" {
        return;
    }
    let next_line = text[line_end..].split('\n').next().unwrap_or("");
    if !looks_like_key_line(next_line) {
        return;
    }
    cx.report(
        Diagnostic::error(
            "unclosed-front-matter",
            "front matter opened with `---` is never closed",
        )
        .at(cx.file(), Span::new(start, start + 3))
        .with_label("opened here; no `---` line ends it")
        .with_help("add a `---` line after the last `key: value` line (for a rule followed by text, leave a blank line after `---`)"),
    );
}

/// `title: x`, `points:`: a YAML key at the start of a line.
fn looks_like_key_line(line: &str) -> bool {
    let Some((key, rest)) = line.split_once(':') else {
        return false;
    };
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && (rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

/// Spans of `key:` at the start of a line (top-level keys).
fn top_level_key_lines(text: &str) -> Vec<(&str, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if let Some(colon) = trimmed.find(':')
            && !trimmed.starts_with([' ', '\t', '#', '-'])
        {
            let key = trimmed[..colon].trim().trim_matches(['"', '\'']);
            out.push((key, start..start + trimmed.len()));
        }
        start += line.len();
    }
    out
}

fn line_span(cx: &Cx, offset: usize, text: &str, line: usize, column: usize) -> Span {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i == line {
            let col = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(0, |(b, _)| b);
            let end = l.trim_end_matches(['\n', '\r']).len().max(col);
            return Span::new(offset + start + col, offset + start + end);
        }
        start += l.len();
    }
    let end = (offset + text.len()).min(cx.text.len());
    Span::new(end, end)
}

fn apply(cx: &mut Cx, meta: &mut Meta, key: &str, value: &Value, origin: Origin) {
    let bad = |cx: &mut Cx, expected: &str| {
        let shown = scalar_text(value).unwrap_or_else(|| {
            match value {
                Value::Null => "nothing",
                Value::Sequence(_) => "a list",
                Value::Mapping(_) => "a mapping",
                _ => "this value",
            }
            .into()
        });
        report(
            cx,
            origin,
            Diagnostic::error(
                "invalid-front-matter",
                format!("`{key}` must be {expected}, not `{shown}`"),
            )
            .with_help(format!("e.g. {}", example(key))),
        );
    };
    let s = &mut meta.settings;
    match key {
        "title" | "description" => match scalar_text(value) {
            Some(t) if key == "title" => meta.title = Some(t),
            Some(t) => meta.description = Some(t),
            None => bad(cx, "text"),
        },
        "id" => match scalar_text(value) {
            Some(id) if is_valid_id(&id) => meta.id = Some(id),
            _ => report(
                cx,
                origin,
                Diagnostic::error("invalid-id", format!("`id: {}` is not a valid identifier", scalar_text(value).unwrap_or_default()))
                    .with_help("ids start with a letter, end with a letter or digit, and hold only ASCII letters, digits, `-` and `_` (at most 64)"),
            ),
        },
        "points" => match number(value) {
            Some(p) if p >= 0.0 && p.is_finite() => s.points = p,
            _ => bad(cx, "a number of points (0 or more)"),
        },
        "shuffle" | "shuffle_questions" => match boolean(cx, value, key, origin) {
            Some(b) if key == "shuffle" => s.shuffle = b,
            Some(b) => s.shuffle_questions = b,
            None => bad(cx, "true or false"),
        },
        "pass" => match pass_mark(value) {
            Some(p) => s.pass = Some(p),
            None => bad(cx, "a share like `80%` or `0.8`"),
        },
        "time_limit" => match whole(value) {
            Some(m) if m > 0 => s.time_limit = Some(m),
            _ => bad(cx, "a whole number of minutes"),
        },
        "attempts" => match (whole(value), scalar_text(value).as_deref()) {
            (Some(n), _) if n > 0 => s.attempts = Some(n),
            (_, Some("unlimited")) => s.attempts = None,
            _ => bad(cx, "a whole number or `unlimited`"),
        },
        "feedback" => match scalar_text(value).as_deref() {
            Some("immediate") => s.feedback = FeedbackMode::Immediate,
            Some("on-submit") => s.feedback = FeedbackMode::OnSubmit,
            Some("none") => s.feedback = FeedbackMode::None,
            _ => bad(cx, "`immediate`, `on-submit` or `none`"),
        },
        "lang" => match scalar_text(value) {
            Some(l) if is_language_tag(&l) => s.lang = l,
            _ => bad(cx, "a BCP 47 language tag"),
        },
        "tags" => match value {
            Value::Sequence(items) => {
                let tags: Option<Vec<String>> = items.iter().map(scalar_text).collect();
                match tags {
                    Some(t) => s.tags = t,
                    None => bad(cx, "a list of words"),
                }
            }
            other => match scalar_text(other) {
                Some(t) => {
                    s.tags = t
                        .split(',')
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_string)
                        .collect()
                }
                None => bad(cx, "a list of words"),
            },
        },
        _ => {
            let mut d = Diagnostic::warning("unknown-front-matter-key", format!("unknown front matter key `{key}`"));
            d = match super::heading::closest(key, KEYS.iter().copied(), 3) {
                Some(near) => d.with_help(format!("did you mean `{near}`? (the key is ignored)")),
                None => d.with_help(format!("known keys: {}", KEYS.join(", "))),
            };
            report(cx, origin, d);
        }
    }
}

fn report(cx: &mut Cx, origin: Origin, d: Diagnostic) {
    let d = match origin {
        Origin::File(span) => d.at(cx.file(), span),
        Origin::Config => {
            let message = format!("{} (in the [quiz] table of quizc.toml)", d.message);
            Diagnostic { message, ..d }.in_file(cx.file())
        }
    };
    cx.report(d);
}

fn example(key: &str) -> &'static str {
    match key {
        "points" => "`points: 2`",
        "shuffle" | "shuffle_questions" => "`shuffle: true`",
        "pass" => "`pass: 80%`",
        "time_limit" => "`time_limit: 30` (minutes)",
        "attempts" => "`attempts: 3` or `attempts: unlimited`",
        "feedback" => "`feedback: on-submit`",
        "lang" => "`lang: de` or `lang: pt-BR`",
        "tags" => "`tags: [relu, calculus]`",
        _ => "`title: Vanishing gradients`",
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn whole(v: &Value) -> Option<u32> {
    match v {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// YAML 1.1's `yes`/`no`/`on`/`off` are accepted with a warning.
fn boolean(cx: &mut Cx, v: &Value, key: &str, origin: Origin) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => {
            let b = match s.to_ascii_lowercase().as_str() {
                "yes" | "on" | "y" => true,
                "no" | "off" | "n" => false,
                _ => return None,
            };
            report(
                cx,
                origin,
                Diagnostic::warning("yaml-1-1-boolean", format!("`{key}: {s}` is read as `{b}`"))
                    .with_help(format!("write `{key}: {b}`: `{s}` is a string in YAML 1.2")),
            );
            Some(b)
        }
        _ => None,
    }
}

fn pass_mark(v: &Value) -> Option<f64> {
    let share = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => {
            let s = s.trim();
            match s.strip_suffix('%') {
                Some(p) => p.trim().parse::<f64>().ok()? / 100.0,
                None => s.parse().ok()?,
            }
        }
        _ => return None,
    };
    (0.0..=1.0).contains(&share).then_some(share)
}

fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn toml_to_yaml(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Sequence(a.into_iter().map(toml_to_yaml).collect()),
        toml::Value::Table(t) => Value::Mapping(
            t.into_iter()
                .map(|(k, v)| (Value::String(k), toml_to_yaml(v)))
                .collect(),
        ),
    }
}
