//! The quiz model: the one typed form every emitter reads.
//!
//! The parser writes it, the checks read it, every emitter walks it and
//! `--format json` prints it. Nothing here knows about Markdown: rich content
//! is a small typed tree ([`Rich`]), answers are literal text, numbers keep the
//! author's digits ([`Decimal`]). Every node that can be wrong carries a
//! [`Span`] into its quiz file so diagnostics point at the line.

mod decimal;
mod rich;
pub mod scoring;

pub use decimal::ExactDecimal;
pub use rich::{Align, Block, ImageSrc, Inline, Rich, inlines_plain};

use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Version of the JSON form (`--format json`). Bump on any breaking change.
pub const JSON_FORMAT_VERSION: u32 = 1;

/// A byte range into the quiz's source file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// One quiz: one source file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quiz {
    /// Front matter `id`, else the file stem slugged. A valid identifier.
    pub id: String,
    /// The source file, relative to the content root, with `/` separators.
    pub source: String,
    pub title: String,
    /// Front matter `description`, else the intro as plain text.
    pub description: String,
    /// Blocks between the title (or front matter) and the first question.
    pub intro: Rich,
    pub settings: Settings,
    /// Questions, pools and Text blocks, in source order.
    pub items: Vec<Item>,
    /// Every local image the quiz uses, read and hashed once.
    pub assets: Vec<Asset>,
}

/// Quiz-wide settings, resolved: flag > front matter > quizc.toml > default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Default points per question.
    pub points: f64,
    pub shuffle: bool,
    pub shuffle_questions: bool,
    /// Pass mark as a share of the automatic maximum (0.0..=1.0).
    pub pass: Option<f64>,
    /// Minutes.
    pub time_limit: Option<u32>,
    /// `None` is unlimited.
    pub attempts: Option<u32>,
    pub feedback: FeedbackMode,
    pub lang: String,
    pub tags: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            points: 1.0,
            shuffle: false,
            shuffle_questions: false,
            pass: None,
            time_limit: None,
            attempts: None,
            feedback: FeedbackMode::Immediate,
            lang: "en".into(),
            tags: Vec::new(),
        }
    }
}

/// When learners see right/wrong in HTML and SCORM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FeedbackMode {
    Immediate,
    OnSubmit,
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
// Questions are by far the most common item; boxing them would cost an
// allocation each for no gain.
#[allow(clippy::large_enum_variant)]
pub enum Item {
    Question(Question),
    Pool(Pool),
    Text(TextBlock),
}

/// `## Pool: …` with `###` questions; each learner gets `pick` of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pool {
    pub id: String,
    pub title: String,
    pub pick: u32,
    /// Points of every question drawn from the pool.
    pub points: f64,
    pub questions: Vec<Question>,
    pub span: Span,
}

/// A `Text` block: content shown in place, no answer, no points, not numbered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextBlock {
    pub id: String,
    pub title: Option<String>,
    pub content: Rich,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// `{#id}`, else derived from the quiz id and title, else from the stem.
    pub id: String,
    /// `Question 3` as written in the heading (display numbers are positional).
    pub label: Option<String>,
    /// The heading's title with label, type word and attributes removed.
    pub title: Option<String>,
    pub points: f64,
    /// Shuffle choices (resolved from the heading, front matter and defaults).
    pub shuffle: bool,
    pub tags: Vec<String>,
    /// For Fill in the Blanks the stem holds [`Inline::Blank`] placeholders.
    pub stem: Rich,
    pub answer: Answer,
    pub feedback: Feedback,
    /// The heading.
    pub span: Span,
}

impl Question {
    pub fn kind(&self) -> QuestionKind {
        self.answer.kind()
    }
}

/// What makes a question its type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Answer {
    MultipleChoice {
        choices: Vec<Choice>,
    },
    MultipleAnswers {
        choices: Vec<Choice>,
    },
    TrueFalse {
        correct: bool,
        feedback_true: Option<Rich>,
        feedback_false: Option<Rich>,
    },
    /// Graded short answer: literal accepted answers.
    ShortAnswer {
        accepted: Vec<TextAnswer>,
        /// Anticipated wrong answers, kept for their feedback.
        wrong: Vec<TextAnswer>,
        case_sensitive: bool,
    },
    Numerical {
        accepted: Vec<NumericAnswer>,
        wrong: Vec<NumericAnswer>,
    },
    /// Graded by a person: Essay, or Short Answer with no list (the seed's Q5).
    /// The model answer is `feedback.answer`.
    Open {
        kind: OpenKind,
    },
    Matching {
        pairs: Vec<Pair>,
        /// Right-hand distractors (`- -> text`).
        distractors: Vec<Distractor>,
    },
    /// The blanks, in stem order; the stem holds `Inline::Blank(i)`.
    Blanks {
        blanks: Vec<Blank>,
        case_sensitive: bool,
    },
    Ordering {
        /// In the correct order.
        items: Vec<OrderItem>,
        /// `{scoring=partial}`: each item in its right place is an equal share.
        partial: bool,
    },
}

impl Answer {
    pub fn kind(&self) -> QuestionKind {
        match self {
            Answer::MultipleChoice { .. } => QuestionKind::MultipleChoice,
            Answer::MultipleAnswers { .. } => QuestionKind::MultipleAnswers,
            Answer::TrueFalse { .. } => QuestionKind::TrueFalse,
            Answer::ShortAnswer { .. } => QuestionKind::ShortAnswer,
            Answer::Numerical { .. } => QuestionKind::Numerical,
            Answer::Open {
                kind: OpenKind::Essay,
            } => QuestionKind::Essay,
            Answer::Open {
                kind: OpenKind::ShortAnswer,
            } => QuestionKind::ShortAnswer,
            Answer::Matching { .. } => QuestionKind::Matching,
            Answer::Blanks { .. } => QuestionKind::FillInTheBlanks,
            Answer::Ordering { .. } => QuestionKind::Ordering,
        }
    }

    /// Graded by a person, outside the automatic maximum.
    pub fn is_open(&self) -> bool {
        matches!(self, Answer::Open { .. })
    }
}

/// The question types of the spec, as an author names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    MultipleChoice,
    MultipleAnswers,
    TrueFalse,
    ShortAnswer,
    Numerical,
    Essay,
    Matching,
    FillInTheBlanks,
    Ordering,
    Text,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 10] = [
        QuestionKind::MultipleChoice,
        QuestionKind::MultipleAnswers,
        QuestionKind::TrueFalse,
        QuestionKind::ShortAnswer,
        QuestionKind::Numerical,
        QuestionKind::Essay,
        QuestionKind::Matching,
        QuestionKind::FillInTheBlanks,
        QuestionKind::Ordering,
        QuestionKind::Text,
    ];

    /// The canonical type word, as in headings.
    pub fn name(self) -> &'static str {
        match self {
            QuestionKind::MultipleChoice => "Multiple Choice",
            QuestionKind::MultipleAnswers => "Multiple Answers",
            QuestionKind::TrueFalse => "True / False",
            QuestionKind::ShortAnswer => "Short Answer",
            QuestionKind::Numerical => "Numerical",
            QuestionKind::Essay => "Essay",
            QuestionKind::Matching => "Matching",
            QuestionKind::FillInTheBlanks => "Fill in the Blanks",
            QuestionKind::Ordering => "Ordering",
            QuestionKind::Text => "Text",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenKind {
    Essay,
    ShortAnswer,
}

/// A choice of Multiple Choice / Multiple Answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// `a`, `b`, … by source position; stable under shuffling.
    pub id: String,
    pub content: Rich,
    /// Marked `[x]`.
    pub correct: bool,
    /// `{n%}` as written (percent, may be negative); `None` uses the scoring policy.
    pub credit: Option<f64>,
    /// `{pin}`: stays in place when choices are shuffled.
    pub pinned: bool,
    pub feedback: Option<Rich>,
    pub span: Span,
}

/// An accepted or anticipated answer of a graded Short Answer: literal text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextAnswer {
    pub text: String,
    /// `{n%}`; `None` is 100% for accepted, 0% for anticipated wrong answers.
    pub credit: Option<f64>,
    pub feedback: Option<Rich>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumericAnswer {
    pub value: NumericValue,
    pub credit: Option<f64>,
    pub feedback: Option<Rich>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NumericValue {
    /// `0.25`, `0.25 ± 0.01`; tolerance is `0` when not given.
    Exact { value: Decimal, tolerance: Decimal },
    /// `0.2 .. 0.3`, inclusive.
    Range { min: Decimal, max: Decimal },
}

impl NumericValue {
    /// Inclusive bounds as floats (for targets that need min/max).
    pub fn bounds(&self) -> (f64, f64) {
        match self {
            NumericValue::Exact { value, tolerance } => {
                let (v, t) = (value.to_f64(), tolerance.to_f64().abs());
                (v - t, v + t)
            }
            NumericValue::Range { min, max } => (min.to_f64(), max.to_f64()),
        }
    }
}

/// A decimal number as the author wrote it (`0.25`, `-3`, `1e-9`), never
/// rounded through binary floats on its way to a target. Its value, for
/// exact arithmetic, is an [`ExactDecimal`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Decimal(pub String);

impl Decimal {
    /// Accepts an optional sign, digits with an optional fraction, and an
    /// optional exponent. Unicode minus is normalised to `-`.
    pub fn parse(text: &str) -> Option<Decimal> {
        let t = text.trim().replace('\u{2212}', "-");
        let b = t.as_bytes();
        let mut i = 0;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let int_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let mut digits = i - int_start;
        if i < b.len() && b[i] == b'.' {
            i += 1;
            let f = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            digits += i - f;
        }
        if digits == 0 {
            return None;
        }
        if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
            i += 1;
            if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
                i += 1;
            }
            let e = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i == e {
                return None;
            }
        }
        (i == b.len()).then(|| Decimal(t.trim_start_matches('+').to_string()))
    }

    pub fn to_f64(&self) -> f64 {
        self.0.parse().unwrap_or(0.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `left -> right`, both literal text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub left: String,
    pub right: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Distractor {
    pub text: String,
    pub span: Span,
}

/// One `[[…]]` in a Fill in the Blanks stem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Blank {
    /// `[[0.25 | 1/4]]`: any alternative is accepted (literal text).
    Text { accepted: Vec<String>, span: Span },
    /// `[[*0.25 | 0.5 | 1]]`: a dropdown; `correct` indexes `options`.
    Dropdown {
        options: Vec<String>,
        correct: usize,
        span: Span,
    },
}

impl Blank {
    pub fn span(&self) -> Span {
        match self {
            Blank::Text { span, .. } | Blank::Dropdown { span, .. } => *span,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderItem {
    pub content: Rich,
    pub span: Span,
}

/// Feedback blocks after the answer block, by label.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Feedback {
    /// `Explanation:` (or an unlabelled blockquote): shown whatever the answer.
    pub general: Option<Rich>,
    pub correct: Option<Rich>,
    pub incorrect: Option<Rich>,
    pub hints: Vec<Rich>,
    /// `Answer:`: model answer of open questions, grader information.
    pub answer: Option<Rich>,
}

/// A local image, packaged into every output that can hold files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Asset {
    /// URL-safe file name, unique in the quiz (`relu-plot-1a2b3c4d.png`).
    pub name: String,
    /// Path relative to the content root, `/` separated.
    pub path: String,
    pub mime: String,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    #[serde(skip)]
    pub data: Arc<[u8]>,
}

impl Quiz {
    /// Every question, pool questions included, in source order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.items.iter().flat_map(|item| match item {
            Item::Question(q) => std::slice::from_ref(q).iter(),
            Item::Pool(p) => p.questions.iter(),
            Item::Text(_) => [].iter(),
        })
    }

    pub fn asset(&self, name: &str) -> Option<&Asset> {
        self.assets.iter().find(|a| a.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_the_authors_digits() {
        assert_eq!(Decimal::parse("0.250").unwrap().as_str(), "0.250");
        assert_eq!(Decimal::parse("+3").unwrap().as_str(), "3");
        assert_eq!(Decimal::parse("−1e-9").unwrap().as_str(), "-1e-9");
        assert_eq!(Decimal::parse(".5").unwrap().as_str(), ".5");
        for bad in ["", "-", ".", "1e", "1.2.3", "0x10", "1,5", "abc", "1 2"] {
            assert!(Decimal::parse(bad).is_none(), "{bad:?}");
        }
    }
}
