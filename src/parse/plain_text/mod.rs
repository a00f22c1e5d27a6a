//! The plain-text form: a quiz as copied from a quiz web page (the seed's
//! shape) → the model.
//!
//! ```text
//! Questions: Vanishing Gradient Problem      ← title (first non-blank line)
//! 5 questions to test your understanding     ← description lines
//! Score: 0 / 5                               ← ignored
//! Question 1 Multiple Choice                 ← a question starts
//! A 15-layer network …                       ← stem (never an option)
//!
//! AThe learning rate …                       ← options: the last block's run
//! BThe early layers …                          of lines lettered A, B, C…
//! Answer key                                 ← optional trailing key
//! 1. C
//! ```
//!
//! The file is read line by line, once; every test on a line is a fixed
//! prefix/suffix check, so the cost is linear in the input.
//!
//! **Ids** follow the Markdown front end's rule for headings without a
//! title: a question is `<quiz-id>-h<8 hex digits>` (a Text block
//! `<quiz-id>-text-h…`), a hash of its stem's plain text ([`hash_id`]), so
//! inserting or reordering questions never changes the others' ids and an
//! imported quiz keeps them. Choice ids are `a`, `b`, … by position.

use super::Input;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::model::{
    FeedbackMode, Inline, Item, Question, QuestionKind, Quiz, Rich, Settings, Span, TextBlock,
};
use crate::source::FileId;
use std::collections::{BTreeSet, HashSet};

mod build;
mod lines;

use build::QuestionCx;
pub use lines::parse_numeric;
use lines::{
    Heading, KeyEntry, Line, is_key_heading, is_score_line, parse_heading, parse_key_line,
    split_lines,
};

/// Every diagnostic code this front end emits, with its severity. Codes
/// shared with the Markdown front end mean the same thing there;
/// `docs/diagnostics.md` documents each one.
pub const CODES: &[(&str, Severity)] = &[
    // Shared with Quiz Markdown.
    ("unknown-type-word", Severity::Error),
    ("label-number-mismatch", Severity::Warning),
    ("no-answer-block", Severity::Error),
    ("type-mismatch", Severity::Error),
    ("too-many-correct", Severity::Error),
    ("empty-choice", Severity::Error),
    ("not-a-number", Severity::Error),
    ("empty-quiz", Severity::Error),
    // Plain text only.
    ("missing-answer", Severity::Error),
    ("empty-stem", Severity::Error),
    ("unsupported-plain-text-type", Severity::Error),
    ("answer-for-text-block", Severity::Error),
    ("invalid-answer-key", Severity::Error),
    ("duplicate-answer-key", Severity::Error),
    ("answer-key-unknown-question", Severity::Error),
    ("answer-letter-out-of-range", Severity::Error),
];

/// Parses a plain-text quiz. Returns the quiz whenever the file has
/// questions; `Diagnostics` says whether it may be emitted.
pub fn parse_plain(input: &Input) -> (Option<Quiz>, Diagnostics) {
    let parsed = parse_plain_detailed(input);
    (parsed.quiz, parsed.diagnostics)
}

/// Whether a file is in the plain-text form: a `.txt` file, or a `.md` file
/// with no `##` heading and no front matter but a `Question N` line.
pub fn is_plain_text(input: &Input) -> bool {
    let ext = input.path.extension().and_then(|e| e.to_str());
    if ext.is_some_and(|e| e.eq_ignore_ascii_case("txt")) {
        return true;
    }
    let text = input.source.text.trim_start_matches('\u{feff}');
    ext.is_some_and(|e| e.eq_ignore_ascii_case("md"))
        && !text.starts_with("---")
        && !text.lines().any(|l| l.trim_start().starts_with("##"))
        && text.lines().any(|l| parse_heading(l.trim()).is_some())
}

/// The result of [`parse_plain_detailed`]: what `quizc import` needs beyond
/// the model.
#[derive(Debug)]
pub struct PlainParse {
    pub quiz: Option<Quiz>,
    pub diagnostics: Diagnostics,
    /// Ids of the questions whose answer the file does not give (each has a
    /// `missing-answer` error). Their model answer is a placeholder: no
    /// correct choice, or `True` for True/False.
    pub unanswered: BTreeSet<String>,
}

/// [`parse_plain`], also telling which questions lack an answer.
pub fn parse_plain_detailed(input: &Input) -> PlainParse {
    let stem = input
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("quiz");
    let settings = settings_from_config(input.config);
    parse_plain_text(
        &input.source.text,
        input.file,
        &slug_quiz_id(stem),
        input.rel_path,
        settings,
    )
}

/// The parser proper, on text in memory (no file system).
pub fn parse_plain_text(
    text: &str,
    file: FileId,
    quiz_id: &str,
    source: &str,
    settings: Settings,
) -> PlainParse {
    let mut p = Parser {
        file,
        diags: Diagnostics::default(),
    };
    let lines = split_lines(text);
    let (quiz, unanswered) = p.run(&lines, quiz_id, source, settings);
    PlainParse {
        quiz,
        diagnostics: p.diags,
        unanswered,
    }
}

struct Parser {
    file: FileId,
    diags: Diagnostics,
}

/// A question's lines before it becomes a model question.
struct RawQuestion<'l, 't> {
    heading: Heading,
    span: Span,
    body: &'l [Line<'t>],
}

impl Parser {
    fn error(&mut self, code: &'static str, span: Span, msg: impl Into<String>) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(code, msg).at(self.file, span));
        self.diags.items.last_mut().expect("just pushed")
    }

    fn run(
        &mut self,
        lines: &[Line<'_>],
        quiz_id: &str,
        source: &str,
        settings: Settings,
    ) -> (Option<Quiz>, BTreeSet<String>) {
        let headings: Vec<(usize, Heading)> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| parse_heading(l.text).map(|h| (i, h)))
            .collect();
        let first_q = headings.first().map_or(lines.len(), |(i, _)| *i);
        let (title, intro) = self.header(&lines[..first_q], source);

        // The answer key: a key heading after the last question, followed by
        // a key line.
        let mut end = lines.len();
        let mut key_lines: &[Line<'_>] = &[];
        if let Some(&(last, _)) = headings.last() {
            for i in last + 1..lines.len() {
                if is_key_heading(lines[i].text)
                    && lines[i + 1..]
                        .iter()
                        .find(|l| !l.is_blank())
                        .is_some_and(|l| parse_key_line(l).is_some())
                {
                    end = i;
                    key_lines = &lines[i + 1..];
                    break;
                }
            }
        }
        let has_key = end < lines.len();
        let key = self.read_key(key_lines);

        let starts: Vec<usize> = headings.iter().map(|(i, _)| *i).collect();
        let mut raws = Vec::new();
        for (k, (i, heading)) in headings.into_iter().enumerate() {
            let next = starts.get(k + 1).copied().unwrap_or(end).max(i + 1);
            raws.push(RawQuestion {
                heading,
                span: lines[i].span,
                body: &lines[i + 1..next],
            });
        }

        if raws.is_empty() {
            self.diags.push(
                Diagnostic::error("empty-quiz", "no questions found")
                    .in_file(self.file)
                    .with_help("questions start at lines like `Question 1 Multiple Choice`"),
            );
        }

        let mut key = key;
        let mut used_ids = HashSet::new();
        let mut items = Vec::new();
        let mut unanswered = BTreeSet::new();
        let mut position = 0;
        let known: BTreeSet<u64> = raws.iter().map(|r| r.heading.number).collect();
        for raw in &raws {
            if raw.heading.kind != Some(QuestionKind::Text) {
                position += 1;
                if raw.heading.number != position {
                    self.diags.push(
                        Diagnostic::warning(
                            "label-number-mismatch",
                            format!(
                                "this is question {position}, but its label says {}",
                                raw.heading.number
                            ),
                        )
                        .at(self.file, raw.span)
                        .with_help("numbers shown to learners follow the position; the label is kept as written"),
                    );
                }
            }
            let entry = key.remove(&raw.heading.number);
            let cx = QuestionCx {
                quiz_id,
                settings: &settings,
                has_key,
            };
            let built = self.question(raw, entry, &cx, &mut used_ids);
            match built {
                Some(Built::Question(q, missing)) => {
                    if missing {
                        unanswered.insert(q.id.clone());
                    }
                    items.push(Item::Question(*q));
                }
                Some(Built::Text(t)) => items.push(Item::Text(t)),
                None => {}
            }
        }
        for (n, entry) in key {
            if !known.contains(&n) {
                self.error(
                    "answer-key-unknown-question",
                    entry.line,
                    format!("the answer key has an answer for question {n}, which does not exist"),
                )
                .help = Some("key lines are numbered like the `Question N` lines".into());
            }
        }

        let description = intro
            .plain_text()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let quiz = Quiz {
            id: quiz_id.to_string(),
            source: source.to_string(),
            title,
            description,
            intro,
            settings,
            items,
            assets: Vec::new(),
        };
        (Some(quiz), unanswered)
    }

    /// Title (first non-blank line, else the file name) and intro (the other
    /// lines, without `Score: 0 / N`).
    fn header(&mut self, lines: &[Line], source: &str) -> (String, Rich) {
        let mut rest = lines
            .iter()
            .filter(|l| !is_score_line(l.text))
            .skip_while(|l| l.is_blank());
        let title = match rest.next() {
            Some(l) => clean(l.text),
            None => {
                let name = source.rsplit('/').next().unwrap_or(source);
                name.rsplit_once('.').map_or(name, |(s, _)| s).to_string()
            }
        };
        let body: Vec<Line> = rest.filter(|l| !is_score_line(l.text)).copied().collect();
        (title, paragraphs(&body))
    }

    fn read_key<'t>(
        &mut self,
        lines: &[Line<'t>],
    ) -> std::collections::BTreeMap<u64, KeyEntry<'t>> {
        let mut key = std::collections::BTreeMap::new();
        for line in lines.iter().filter(|l| !l.is_blank()) {
            match parse_key_line(line) {
                Some((n, value, value_span)) if !value.is_empty() => {
                    if key.contains_key(&n) {
                        self.error(
                            "duplicate-answer-key",
                            line.span,
                            format!("question {n} already has an answer in the key"),
                        );
                        continue;
                    }
                    key.insert(
                        n,
                        KeyEntry {
                            value,
                            line: line.span,
                            value_span,
                        },
                    );
                }
                _ => {
                    self.error(
                        "invalid-answer-key",
                        line.span,
                        "this line of the answer key is not `N. answer`",
                    )
                    .help = Some(
                        "write one line per question: `1. C`, `2. A, C`, `3. False`, `4. 0.25 ± 0.01`"
                            .into(),
                    );
                }
            }
        }
        key
    }
}

enum Built {
    /// The question and whether its answer is missing.
    Question(Box<Question>, bool),
    Text(TextBlock),
}

/// NBSP from web pages becomes a plain space.
fn clean(s: &str) -> String {
    s.replace('\u{a0}', " ")
}

/// Lines → paragraphs (split at blank lines), lines joined by soft breaks.
fn paragraphs(lines: &[Line]) -> Rich {
    let mut blocks = Vec::new();
    let mut current: Vec<Inline> = Vec::new();
    for line in lines {
        if line.is_blank() {
            if !current.is_empty() {
                blocks.push(crate::model::Block::Paragraph(std::mem::take(&mut current)));
            }
            continue;
        }
        if !current.is_empty() {
            current.push(Inline::SoftBreak);
        }
        current.push(Inline::Text(clean(line.text)));
    }
    if !current.is_empty() {
        blocks.push(crate::model::Block::Paragraph(current));
    }
    Rich { blocks }
}

/// A stable id from a text: `<prefix>-h<8 hex>`, the first 32 bits of the
/// SHA-256 of the text in NFC, lower case, white space collapsed; a repeat
/// gets `-2`, `-3`, …. The same rule as the Markdown front end's derived ids,
/// so a quiz keeps its question ids through `quizc import`.
pub fn hash_id(prefix: &str, text: &str, taken: &mut HashSet<String>) -> String {
    use sha2::{Digest, Sha256};
    use unicode_normalization::UnicodeNormalization;
    let normal = text
        .nfc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let digest = Sha256::digest(normal.as_bytes());
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let prefix = truncate_id(prefix.to_string());
    let keep = MAX_ID_LEN.saturating_sub(10).min(prefix.len());
    let id = format!("{}-h{hex}", prefix[..keep].trim_end_matches(['-', '_']));
    if taken.insert(id.clone()) {
        return id;
    }
    for n in 2u32.. {
        let cut = id.len().min(MAX_ID_LEN - 1 - n.to_string().len());
        let candidate = format!("{}-{n}", id[..cut].trim_end_matches(['-', '_']));
        if taken.insert(candidate.clone()) {
            return candidate;
        }
    }
    id
}

/// Identifiers are at most this long (QTI and SCORM limits).
const MAX_ID_LEN: usize = 64;

fn truncate_id(mut id: String) -> String {
    id.truncate(MAX_ID_LEN);
    while id.ends_with(['-', '_']) {
        id.pop();
    }
    id
}

/// The quiz id from a file stem: lower-case ASCII words joined by `-`
/// (accents folded, anything else a separator), `quiz` when nothing is left,
/// `q` before a leading digit (`01-intro` → `q01-intro`), `1` after a lone
/// letter, at most 64 characters.
pub fn slug_quiz_id(stem: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    let mut dash = false;
    for c in stem.nfkd() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if !unicode_normalization::char::is_combining_mark(c) {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("quiz");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'q');
    }
    if out.len() == 1 {
        out.push('1');
    }
    truncate_id(out)
}

/// Quiz defaults from `quizc.toml`'s `[quiz]` table (plain text has no front
/// matter). Values of the wrong type are ignored here; the Markdown front end
/// reports them.
pub fn settings_from_config(config: &crate::config::Config) -> Settings {
    let mut s = Settings::default();
    let t = &config.quiz;
    let num = |k: &str| {
        t.get(k).and_then(|v| match v {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) => Some(*f),
            _ => None,
        })
    };
    if let Some(p) = num("points").filter(|p| *p >= 0.0) {
        s.points = p;
    }
    if let Some(toml::Value::Boolean(b)) = t.get("shuffle") {
        s.shuffle = *b;
    }
    if let Some(toml::Value::Boolean(b)) = t.get("shuffle_questions") {
        s.shuffle_questions = *b;
    }
    s.pass = match t.get("pass") {
        Some(toml::Value::String(p)) => p
            .trim()
            .strip_suffix('%')
            .and_then(|n| n.trim().parse::<f64>().ok())
            .map(|n| n / 100.0),
        _ => num("pass"),
    }
    .filter(|p| (0.0..=1.0).contains(p));
    s.time_limit = num("time_limit").map(|m| m as u32);
    s.attempts = num("attempts").map(|m| m as u32);
    if let Some(toml::Value::String(f)) = t.get("feedback") {
        s.feedback = match f.as_str() {
            "on-submit" => FeedbackMode::OnSubmit,
            "none" => FeedbackMode::None,
            _ => FeedbackMode::Immediate,
        };
    }
    if let Some(toml::Value::String(l)) = t.get("lang") {
        s.lang = l.clone();
    }
    if let Some(toml::Value::Array(tags)) = t.get("tags") {
        s.tags = tags
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
    }
    s
}
