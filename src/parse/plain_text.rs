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
//! **Question ids** are `<quiz-id>-<8 hex digits>`: the first 32 bits of the
//! SHA-256 of the stem's plain text, lower-cased with whitespace collapsed
//! (a second question with the same stem gets `-2`, …). Inserting or
//! reordering questions therefore never changes the others' ids. Choice ids are
//! `a`, `b`, … by position.

use super::Input;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{
    Answer, Choice, Decimal, Feedback, FeedbackMode, Inline, Item, NumericAnswer, NumericValue,
    OpenKind, Question, QuestionKind, Quiz, Rich, Settings, Span, TextAnswer, TextBlock,
};
use crate::source::FileId;
use std::collections::{BTreeSet, HashMap};

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

/// A line of the file: byte range without the line break, and the range of
/// its trimmed content (for spans).
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// Trimmed content (NBSP and other Unicode white space count as space).
    text: &'a str,
    /// Byte range of `text` in the file.
    span: Span,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

fn split_lines(text: &str) -> Vec<Line<'_>> {
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
struct Heading {
    number: u64,
    /// "Question 5" as written.
    label: String,
    kind: Option<QuestionKind>,
    /// The type slot held a near miss of a type word: (as written, suggestion).
    bad_type: Option<(String, &'static str)>,
}

const TYPE_WORDS: &[(&str, QuestionKind)] = &[
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

/// Lower case, white space collapsed, no spaces around `/`.
fn normalize_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() && !out.ends_with('/') && !word.starts_with('/') {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

fn parse_heading(line: &str) -> Option<Heading> {
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

fn is_separator(c: char) -> bool {
    matches!(c, '·' | '•' | ':' | '|' | '-' | '–' | '—' | '.')
}

/// Levenshtein distance on characters (inputs are a few dozen characters).
fn edit_distance(a: &str, b: &str) -> usize {
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
enum LetterForm {
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
fn option_in_form(line: &str, form: LetterForm) -> Option<(u8, usize)> {
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
struct PlainOption {
    text: String,
    line: Span,
    text_span: Span,
}

/// Finds the options in a question's last block: the longest run of lines
/// at its end lettered A, B, C… in one form. Returns the index of the first
/// option line in `block`.
fn lettered_options(block: &[Line]) -> Option<(usize, Vec<PlainOption>)> {
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
fn true_false_options(block: &[Line]) -> Option<usize> {
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
struct KeyEntry<'a> {
    value: &'a str,
    line: Span,
    value_span: Span,
}

/// `12. C`, `12) A, C`, `12: True`, `12 0.25 ± 0.01`.
fn parse_key_line<'t>(line: &Line<'t>) -> Option<(u64, &'t str, Span)> {
    let t = line.text;
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
    let at = line.span.start + (t.len() - rest.trim_start().len());
    Some((n, value, Span::new(at, at + value.len())))
}

fn is_key_heading(line: &str) -> bool {
    let t = line.trim_end_matches(':').trim_end();
    let n = normalize_words(t);
    matches!(n.as_str(), "answer key" | "answers" | "key" | "answer key:")
}

fn is_score_line(line: &str) -> bool {
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
        let mut used_ids = HashMap::new();
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
                            "question-number-mismatch",
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
                    items.push(Item::Question(q));
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

        let description = intro.plain_text().replace(['\n'], " ");
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
        let mut rest = lines.iter().skip_while(|l| l.is_blank());
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
    Question(Question, bool),
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

/// A stable question id: `<quiz-id>-<8 hex>` from the stem's normalised
/// plain text; repeats get `-2`, `-3`, ….
pub fn stem_question_id(quiz_id: &str, stem: &Rich, used: &mut HashMap<String, u32>) -> String {
    use sha2::{Digest, Sha256};
    let norm = normalize_words(&stem.plain_text());
    let digest = Sha256::digest(norm.as_bytes());
    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    let base = format!("{quiz_id}-{hex}");
    let n = used.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 { base } else { format!("{base}-{n}") }
}

/// The quiz id from a file stem: ASCII letters and digits kept (lower case),
/// runs of anything else become one `-`; a leading digit gets a `q` prefix
/// (`01-intro` → `q01-intro`), and an id too short to be valid gets `quiz-`.
pub fn slug_quiz_id(stem: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'q');
    }
    if out.len() < 2 {
        out.insert_str(0, "quiz-");
        if out.ends_with('-') {
            out.push('1');
        }
    }
    out
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

/// What every question of one file shares.
struct QuestionCx<'q> {
    quiz_id: &'q str,
    settings: &'q Settings,
    /// The file has an answer key (changes the `missing-answer` message).
    has_key: bool,
}

/// The options found at the end of a question.
enum Options {
    None,
    TrueFalse,
    Lettered(Vec<PlainOption>),
}

impl Parser {
    fn question(
        &mut self,
        raw: &RawQuestion,
        entry: Option<KeyEntry>,
        cx: &QuestionCx,
        used_ids: &mut HashMap<String, u32>,
    ) -> Option<Built> {
        let h = &raw.heading;
        if let Some((written, suggestion)) = &h.bad_type {
            self.error(
                "unknown-type-word",
                raw.span,
                format!("unknown question type `{written}`"),
            )
            .help = Some(format!("did you mean `{suggestion}`?"));
        }
        let kind = h.kind;
        if let Some(
            k @ (QuestionKind::Matching | QuestionKind::FillInTheBlanks | QuestionKind::Ordering),
        ) = kind
        {
            self.error(
                "unsupported-plain-text-type",
                raw.span,
                format!("{} questions cannot be written in the plain-text form", k.name()),
            )
            .help = Some(
                "run `quizc import` to convert the file to Quiz Markdown and write this question there"
                    .into(),
            );
            return None;
        }

        // The last block of consecutive non-blank lines holds the options.
        let body = raw.body;
        let last_end = body
            .iter()
            .rposition(|l| !l.is_blank())
            .map_or(0, |i| i + 1);
        let last_start = body[..last_end]
            .iter()
            .rposition(Line::is_blank)
            .map_or(0, |i| i + 1);
        let block = &body[last_start..last_end];
        let looks_for_options = matches!(
            kind,
            None | Some(
                QuestionKind::MultipleChoice
                    | QuestionKind::MultipleAnswers
                    | QuestionKind::TrueFalse
            )
        );
        let (options, stem_end) = match looks_for_options {
            false => (Options::None, body.len()),
            true => {
                if let Some(at) = true_false_options(block) {
                    (Options::TrueFalse, last_start + at)
                } else if let Some((at, opts)) = lettered_options(block) {
                    (Options::Lettered(opts), last_start + at)
                } else {
                    (Options::None, body.len())
                }
            }
        };
        let stem = paragraphs(&body[..stem_end]);
        if stem.is_empty() {
            self.error("empty-stem", raw.span, "this question has no text")
                .help = Some("write the question on the lines below its heading".into());
        }
        if kind == Some(QuestionKind::Text) {
            if let Some(e) = &entry {
                self.error(
                    "answer-for-text-block",
                    e.line,
                    "a Text block has no answer, but the key gives one",
                );
            }
            let id = stem_question_id(cx.quiz_id, &stem, used_ids);
            return Some(Built::Text(TextBlock {
                id,
                title: None,
                content: stem,
                span: raw.span,
            }));
        }
        let id = stem_question_id(cx.quiz_id, &stem, used_ids);
        let mut feedback = Feedback::default();
        let (answer, missing) = self.answer(raw, kind, options, entry, cx, &mut feedback);
        Some(Built::Question(
            Question {
                id,
                label: Some(h.label.clone()),
                title: None,
                points: cx.settings.points,
                shuffle: cx.settings.shuffle,
                tags: Vec::new(),
                stem,
                answer,
                feedback,
                span: raw.span,
            },
            missing,
        ))
    }

    /// The answer from the heading's type, the options and the key entry.
    /// Returns whether the answer is missing (a placeholder was used).
    fn answer(
        &mut self,
        raw: &RawQuestion,
        kind: Option<QuestionKind>,
        options: Options,
        entry: Option<KeyEntry>,
        cx: &QuestionCx,
        feedback: &mut Feedback,
    ) -> (Answer, bool) {
        let n = raw.heading.number;
        match (kind, options) {
            (Some(QuestionKind::TrueFalse), Options::Lettered(_) | Options::None) => {
                self.error(
                    "missing-options",
                    raw.span,
                    "a True / False question needs the lines `TTrue` and `FFalse` at its end",
                )
                .help = Some("end the question with the two lines `TTrue` and `FFalse`".into());
                (true_false(true), !self.tf_key(entry, raw, cx, n).is_some())
            }
            (Some(QuestionKind::TrueFalse) | None, Options::TrueFalse) => {
                match self.tf_key(entry, raw, cx, n) {
                    Some(correct) => (true_false(correct), false),
                    None => (true_false(true), true),
                }
            }
            (
                Some(k @ (QuestionKind::MultipleChoice | QuestionKind::MultipleAnswers)),
                Options::TrueFalse,
            ) => {
                self.error(
                    "type-mismatch",
                    raw.span,
                    format!(
                        "the heading says {}, but the options are True / False",
                        k.name()
                    ),
                )
                .help = Some(
                    "write `True / False` in the heading, or letter the options A, B, …".into(),
                );
                (true_false(true), true)
            }
            (
                Some(k @ (QuestionKind::MultipleChoice | QuestionKind::MultipleAnswers)),
                Options::None,
            ) => {
                self.error(
                    "missing-options",
                    raw.span,
                    format!("this {} question has no options", k.name()),
                )
                .help = Some(
                    "options are the question's last lines, lettered A, B, C… (`AThe text`, `A. The text` or `A) The text`)"
                        .into(),
                );
                let answer = match k {
                    QuestionKind::MultipleAnswers => Answer::MultipleAnswers { choices: vec![] },
                    _ => Answer::MultipleChoice { choices: vec![] },
                };
                (answer, entry.is_none())
            }
            (k, Options::Lettered(opts)) => self.choice_answer(raw, k, opts, entry, cx),
            (Some(QuestionKind::Numerical), _) => match entry {
                Some(e) => match parse_numeric(e.value) {
                    Some(value) => (numerical(value, e.value_span), false),
                    None => {
                        self.error(
                            "invalid-number",
                            e.value_span,
                            format!("`{}` is not a number or a range", e.value),
                        )
                        .help = Some("write `0.25`, `0.25 ± 0.01` or `0.2 .. 0.3`".into());
                        (empty_numerical(), false)
                    }
                },
                None => {
                    self.missing_answer(raw, cx, n);
                    (empty_numerical(), true)
                }
            },
            (Some(QuestionKind::Essay), _) => {
                if let Some(e) = entry {
                    feedback.answer = Some(Rich::text(clean(e.value)));
                }
                (
                    Answer::Open {
                        kind: OpenKind::Essay,
                    },
                    false,
                )
            }
            // Short Answer, named or inferred.
            (k, _) => match entry {
                Some(e) => match (k, parse_numeric(e.value)) {
                    (None, Some(value)) => (numerical(value, e.value_span), false),
                    _ => (
                        Answer::ShortAnswer {
                            accepted: vec![TextAnswer {
                                text: clean(e.value),
                                credit: None,
                                feedback: None,
                                span: e.value_span,
                            }],
                            wrong: Vec::new(),
                            case_sensitive: false,
                        },
                        false,
                    ),
                },
                None => (
                    Answer::Open {
                        kind: OpenKind::ShortAnswer,
                    },
                    false,
                ),
            },
        }
    }

    fn choice_answer(
        &mut self,
        raw: &RawQuestion,
        kind: Option<QuestionKind>,
        opts: Vec<PlainOption>,
        entry: Option<KeyEntry>,
        cx: &QuestionCx,
    ) -> (Answer, bool) {
        for o in &opts {
            if o.text.is_empty() {
                self.error("empty-choice", o.line, "this option has no text")
                    .help = Some("write the option's text after its letter".into());
            }
        }
        let mut correct = BTreeSet::new();
        let mut missing = false;
        match &entry {
            None => {
                self.missing_answer(raw, cx, raw.heading.number);
                missing = true;
            }
            Some(e) => match parse_letters(e.value) {
                Some(letters) => {
                    for l in letters {
                        if usize::from(l) < opts.len() {
                            correct.insert(usize::from(l));
                        } else {
                            let last = char::from(b'A' + (opts.len().max(1) - 1) as u8);
                            self.error(
                                "answer-letter-out-of-range",
                                e.value_span,
                                format!(
                                    "the key names option {}, but the question's options go A–{last}",
                                    char::from(b'A' + l)
                                ),
                            );
                        }
                    }
                }
                None => {
                    self.error(
                        "invalid-answer-key",
                        e.value_span,
                        format!("`{}` is not a list of option letters", e.value),
                    )
                    .help = Some("write the letters of the correct options: `C` or `A, C`".into());
                }
            },
        }
        let multiple = match kind {
            Some(QuestionKind::MultipleAnswers) => true,
            Some(_) => {
                if correct.len() > 1 {
                    let d = self.error(
                        "too-many-correct",
                        raw.span,
                        "a Multiple Choice question has exactly one correct option, but the key gives several",
                    );
                    if let Some(e) = &entry {
                        d.labels.push(crate::diag::Label {
                            span: e.line,
                            message: "the key's answer".into(),
                        });
                    }
                    d.help =
                        Some("keep one letter, or write `Multiple Answers` in the heading".into());
                }
                false
            }
            None => correct.len() > 1,
        };
        let choices = opts
            .into_iter()
            .enumerate()
            .map(|(i, o)| Choice {
                id: choice_id(i),
                content: Rich::text(clean(&o.text)),
                correct: correct.contains(&i),
                credit: None,
                pinned: false,
                feedback: None,
                span: o.text_span,
            })
            .collect();
        let answer = if multiple {
            Answer::MultipleAnswers { choices }
        } else {
            Answer::MultipleChoice { choices }
        };
        (answer, missing)
    }

    /// The True/False key entry, or `None` when missing or invalid (reported).
    fn tf_key(
        &mut self,
        entry: Option<KeyEntry>,
        raw: &RawQuestion,
        cx: &QuestionCx,
        n: u64,
    ) -> Option<bool> {
        let Some(e) = entry else {
            self.missing_answer(raw, cx, n);
            return None;
        };
        match e.value.to_lowercase().trim_end_matches('.') {
            "true" | "t" => Some(true),
            "false" | "f" => Some(false),
            _ => {
                self.error(
                    "invalid-answer-key",
                    e.value_span,
                    format!("`{}` is not True or False", e.value),
                )
                .help = Some("write `True`, `False`, `T` or `F`".into());
                None
            }
        }
    }

    fn missing_answer(&mut self, raw: &RawQuestion, cx: &QuestionCx, n: u64) {
        let message = if cx.has_key {
            format!("the answer key has no line for question {n}")
        } else {
            format!("question {n} has no answer: the file has no answer key")
        };
        self.error("missing-answer", raw.span, message)
            .with_label_in_place("needs an answer")
            .help = Some(
            "add an `Answer key` section at the end (`1. C`, `2. False`, …), or run `quizc import` to convert the file to Quiz Markdown and mark the answers there"
                .into(),
        );
    }
}

trait LabelInPlace {
    fn with_label_in_place(&mut self, label: &str) -> &mut Self;
}

impl LabelInPlace for Diagnostic {
    fn with_label_in_place(&mut self, label: &str) -> &mut Self {
        self.label = Some(label.to_string());
        self
    }
}

fn true_false(correct: bool) -> Answer {
    Answer::TrueFalse {
        correct,
        feedback_true: None,
        feedback_false: None,
    }
}

fn numerical(value: NumericValue, span: Span) -> Answer {
    Answer::Numerical {
        accepted: vec![NumericAnswer {
            value,
            credit: None,
            feedback: None,
            span,
        }],
        wrong: Vec::new(),
    }
}

fn empty_numerical() -> Answer {
    Answer::Numerical {
        accepted: Vec::new(),
        wrong: Vec::new(),
    }
}

/// `a`, `b`, … `z`, then `a1`, `b1`, … (plain text has at most 26 options).
fn choice_id(i: usize) -> String {
    let letter = char::from(b'a' + (i % 26) as u8);
    match i / 26 {
        0 => letter.to_string(),
        n => format!("{letter}{n}"),
    }
}

/// `C`, `A, C`, `A C`, `a;c`, `B and D` → letter indices (0 = A).
fn parse_letters(value: &str) -> Option<Vec<u8>> {
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
        assert_eq!(slug_quiz_id("é"), "quiz-1");
        assert_eq!(slug_quiz_id("x"), "quiz-x");
    }
}
