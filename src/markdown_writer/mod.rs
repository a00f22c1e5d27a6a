//! The model → canonical Quiz Markdown: what `quizc import` writes, and the
//! inverse of the Markdown parser (`parse(to_markdown(q))` gives `q` back).
//!
//! Canonical form: front matter with the settings that differ from the
//! defaults (and the description), `# Title`, the intro, then one `##`
//! heading per item with its type word always written
//! (`## Question 1 · Multiple Choice {#id points=2}`), the stem, the answer
//! block, and the feedback blockquotes (`> **Explanation:** …`).

mod rich;

pub use rich::{Escapes, blocks_to_md, literal_to_md};

use crate::model::{
    Answer, Blank, Choice, Feedback, FeedbackMode, Item, NumericAnswer, NumericValue, Question,
    QuestionKind, Quiz, Rich, Settings, TextAnswer,
};
use rich::{RichCx, escape_text_into, indent_after_first, list_item, prefix_lines};
use std::collections::BTreeSet;

/// What to write beyond the model's content.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// `{#id}` on every question, pool and Text block, so ids survive a round
    /// trip exactly (otherwise the parser derives them again).
    pub ids: bool,
    /// `id:` in the front matter (otherwise the file stem gives it).
    pub quiz_id: bool,
    /// Questions whose answer is unknown (`quizc import` without a key): their
    /// choices are all `[ ]` and a TODO comment says what to mark.
    pub todo_answers: BTreeSet<String>,
}

/// The canonical Quiz Markdown of a quiz, with every id written.
pub fn to_markdown(quiz: &Quiz) -> String {
    to_markdown_with(
        quiz,
        &WriteOptions {
            ids: true,
            quiz_id: true,
            todo_answers: BTreeSet::new(),
        },
    )
}

/// [`to_markdown`] with options.
pub fn to_markdown_with(quiz: &Quiz, opts: &WriteOptions) -> String {
    let mut w = Writer {
        quiz,
        opts,
        out: String::new(),
    };
    w.quiz();
    w.out
}

struct Writer<'a> {
    quiz: &'a Quiz,
    opts: &'a WriteOptions,
    out: String,
}

/// The TODO notes `quizc import` leaves where the author has to act.
const TODO_CHOICE: &str = "<!-- TODO: mark the correct answer with [x] -->";
const TODO_NUMERIC: &str =
    "<!-- TODO: add the correct value as a list item: `- [x] 0.25 ± 0.01` -->";

impl<'a> Writer<'a> {
    fn cx(&self) -> RichCx<'a> {
        RichCx {
            quiz: self.quiz,
            blanks: &[],
        }
    }

    /// Appends a block, separated from the previous one by a blank line.
    fn block(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if !self.out.is_empty() {
            while !self.out.ends_with("\n\n") {
                self.out.push('\n');
            }
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn quiz(&mut self) {
        let front = self.front_matter();
        if !front.is_empty() {
            self.out.push_str("---\n");
            self.out.push_str(&front);
            self.out.push_str("---\n");
        }
        let q = self.quiz;
        if !q.title.trim().is_empty() {
            let mut h = String::from("# ");
            escape_text_into(&mut h, &one_line(q.title.trim()), Escapes::HEADING);
            self.block(&h);
        }
        let intro = blocks_to_md(&q.intro.blocks, self.cx());
        self.block(&intro);
        for item in &q.items {
            match item {
                Item::Question(question) => self.question(question, 2, q.settings.points),
                Item::Text(t) => {
                    let mut parts = Vec::new();
                    if let Some(title) = &t.title {
                        parts.push(heading_escape(title));
                    }
                    parts.push("Text".into());
                    let attrs = if self.opts.ids {
                        format!(" {{#{}}}", t.id)
                    } else {
                        String::new()
                    };
                    self.block(&format!("## {}{attrs}", parts.join(" · ")));
                    let content = blocks_to_md(&t.content.blocks, self.cx());
                    self.block(&content);
                }
                Item::Pool(pool) => {
                    let mut attrs = Vec::new();
                    if self.opts.ids {
                        attrs.push(format!("#{}", pool.id));
                    }
                    if pool.pick as usize != pool.questions.len() {
                        attrs.push(format!("pick={}", pool.pick));
                    }
                    if pool.points != q.settings.points {
                        attrs.push(format!("points={}", pool.points));
                    }
                    self.block(&format!(
                        "## Pool: {}{}",
                        heading_escape(&pool.title),
                        attr_text(&attrs)
                    ));
                    for question in &pool.questions {
                        self.question(question, 3, pool.points);
                    }
                }
            }
        }
    }

    fn front_matter(&self) -> String {
        let q = self.quiz;
        let d = Settings::default();
        let s = &q.settings;
        let mut fm = String::new();
        let mut line = |k: &str, v: String| fm.push_str(&format!("{k}: {v}\n"));
        // What a `# Title` line cannot hold: nothing, surrounding white
        // space, line breaks. The heading is still written, on one line.
        if q.title.trim().is_empty() || q.title.trim() != q.title || one_line(&q.title) != q.title {
            line("title", yaml_str(&q.title));
        }
        if self.opts.quiz_id {
            line("id", yaml_str(&q.id));
        }
        // Without `description:` the parser takes the intro's plain text,
        // so an empty description under a non-empty intro is written too.
        if !q.description.is_empty() || !q.intro.plain_text().is_empty() {
            line("description", yaml_str(&q.description));
        }
        if s.points != d.points {
            line("points", s.points.to_string());
        }
        if s.shuffle != d.shuffle {
            line("shuffle", s.shuffle.to_string());
        }
        if s.shuffle_questions != d.shuffle_questions {
            line("shuffle_questions", s.shuffle_questions.to_string());
        }
        if let Some(p) = s.pass {
            // `80%` when that reads back as the same number, else `0.8`.
            let percent = (p * 100.0).round();
            if percent / 100.0 == p {
                line("pass", format!("{percent}%"));
            } else {
                line("pass", p.to_string());
            }
        }
        if let Some(t) = s.time_limit {
            line("time_limit", t.to_string());
        }
        if let Some(a) = s.attempts {
            line("attempts", a.to_string());
        }
        if s.feedback != d.feedback {
            let f = match s.feedback {
                FeedbackMode::Immediate => "immediate",
                FeedbackMode::OnSubmit => "on-submit",
                FeedbackMode::None => "none",
            };
            line("feedback", f.to_string());
        }
        if s.lang != d.lang {
            line("lang", yaml_str(&s.lang));
        }
        if !s.tags.is_empty() {
            let tags: Vec<String> = s.tags.iter().map(|t| yaml_flow_item(t)).collect();
            line("tags", format!("[{}]", tags.join(", ")));
        }
        fm
    }

    fn question(&mut self, q: &Question, level: usize, default_points: f64) {
        let kind = q.kind();
        let mut parts = Vec::new();
        if let Some(label) = &q.label {
            parts.push(heading_escape(label));
        }
        if let Some(title) = &q.title {
            parts.push(heading_escape(title));
        }
        parts.push(kind.name().to_string());
        let mut attrs = Vec::new();
        if self.opts.ids {
            attrs.push(format!("#{}", q.id));
        }
        if level == 2 && q.points != default_points {
            attrs.push(format!("points={}", q.points));
        }
        if q.shuffle != self.quiz.settings.shuffle {
            attrs.push(format!("shuffle={}", q.shuffle));
        }
        if matches!(
            q.answer,
            Answer::ShortAnswer {
                case_sensitive: true,
                ..
            } | Answer::Blanks {
                case_sensitive: true,
                ..
            }
        ) {
            attrs.push("case=sensitive".into());
        }
        if matches!(q.answer, Answer::Ordering { partial: true, .. }) {
            attrs.push("scoring=partial".into());
        }
        if !q.tags.is_empty() {
            attrs.push(format!("tags={}", q.tags.join(",")));
        }
        let hashes = "#".repeat(level);
        self.block(&format!(
            "{hashes} {}{}",
            parts.join(" · "),
            attr_text(&attrs)
        ));

        let blanks: &[Blank] = match &q.answer {
            Answer::Blanks { blanks, .. } => blanks,
            _ => &[],
        };
        let cx = RichCx {
            quiz: self.quiz,
            blanks,
        };
        let stem = blocks_to_md(&q.stem.blocks, cx);
        self.block(&stem);
        let todo = self.opts.todo_answers.contains(&q.id);
        let answer = self.answer(q, todo);
        self.block(&answer);
        if todo {
            let note = match kind {
                QuestionKind::Numerical => TODO_NUMERIC,
                _ => TODO_CHOICE,
            };
            self.block(note);
        }
        self.feedback(&q.feedback);
        let _ = kind == QuestionKind::Text;
    }

    fn answer(&self, q: &Question, todo: bool) -> String {
        let cx = self.cx();
        match &q.answer {
            Answer::MultipleChoice { choices } | Answer::MultipleAnswers { choices } => choices
                .iter()
                .map(|c| self.choice(c, todo))
                .collect::<Vec<_>>()
                .join("\n"),
            Answer::TrueFalse {
                correct,
                feedback_true,
                feedback_false,
            } => {
                let t = task(*correct && !todo, "True", feedback_true.as_ref(), cx);
                let f = task(!*correct && !todo, "False", feedback_false.as_ref(), cx);
                format!("{t}\n{f}")
            }
            Answer::ShortAnswer {
                accepted, wrong, ..
            } => accepted
                .iter()
                .map(|a| text_answer(a, true, cx))
                .chain(wrong.iter().map(|a| text_answer(a, false, cx)))
                .collect::<Vec<_>>()
                .join("\n"),
            Answer::Numerical { accepted, wrong } => accepted
                .iter()
                .map(|a| numeric_answer(a, true, cx))
                .chain(wrong.iter().map(|a| numeric_answer(a, false, cx)))
                .collect::<Vec<_>>()
                .join("\n"),
            Answer::Open { .. } | Answer::Blanks { .. } => String::new(),
            Answer::Matching { pairs, distractors } => pairs
                .iter()
                .map(|p| {
                    format!(
                        "- {} -> {}",
                        matching_left(&p.left),
                        literal_to_md(&p.right, Escapes::MATCHING)
                    )
                })
                .chain(
                    distractors
                        .iter()
                        .map(|d| format!("- -> {}", literal_to_md(&d.text, Escapes::MATCHING))),
                )
                .collect::<Vec<_>>()
                .join("\n"),
            Answer::Ordering { items, .. } => items
                .iter()
                .enumerate()
                .map(|(i, item)| list_item(&format!("{}. ", i + 1), &rich_item(&item.content, cx)))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    fn choice(&self, c: &Choice, todo: bool) -> String {
        let mut body = rich_item(&c.content, self.cx());
        let mut marks = String::new();
        if let Some(p) = c.credit {
            marks.push_str(&format!(" {{{p}%}}"));
        }
        if c.pinned {
            marks.push_str(" {pin}");
        }
        insert_after_first_paragraph(&mut body, &marks);
        item_with_feedback(c.correct && !todo, &body, c.feedback.as_ref(), self.cx())
    }

    fn feedback(&mut self, f: &Feedback) {
        let cx = self.cx();
        for hint in &f.hints {
            self.block(&labelled("Hint", hint, cx));
        }
        if let Some(a) = &f.answer {
            self.block(&labelled("Answer", a, cx));
        }
        if let Some(c) = &f.correct {
            self.block(&labelled("Correct", c, cx));
        }
        if let Some(i) = &f.incorrect {
            self.block(&labelled("Incorrect", i, cx));
        }
        if let Some(g) = &f.general {
            self.block(&labelled("Explanation", g, cx));
        }
    }
}

/// `> **Label:** first paragraph`, further blocks in the same quote.
fn labelled(label: &str, content: &Rich, cx: RichCx) -> String {
    let body = blocks_to_md(&content.blocks, cx);
    let starts_with_paragraph = matches!(
        content.blocks.first(),
        Some(crate::model::Block::Paragraph(_))
    );
    let text = if starts_with_paragraph {
        format!("**{label}:** {body}")
    } else if body.is_empty() {
        format!("**{label}:**")
    } else {
        format!("**{label}:**\n\n{body}")
    };
    prefix_lines(&text, "> ", ">")
}

/// A choice's content as list item text (first paragraph on the item line).
fn rich_item(content: &Rich, cx: RichCx) -> String {
    blocks_to_md(&content.blocks, cx)
}

/// `{50%}` / `{pin}` go at the end of the item's first paragraph.
fn insert_after_first_paragraph(body: &mut String, marks: &str) {
    if marks.is_empty() {
        return;
    }
    let at = body.find("\n\n").unwrap_or(body.len());
    body.insert_str(at, marks);
}

/// `- [x] body` with the per-item feedback as an indented blockquote.
fn item_with_feedback(correct: bool, body: &str, feedback: Option<&Rich>, cx: RichCx) -> String {
    let marker = if correct { "- [x] " } else { "- [ ] " };
    // The item's content column is 2 (after "- "): `[x]` belongs to the
    // first paragraph, so later blocks are indented by 2, not 6 (which would
    // make them code blocks).
    let mut text = format!("{marker}{}", indent_after_first(body, "  "));
    if let Some(f) = feedback {
        let quote = prefix_lines(&blocks_to_md(&f.blocks, cx), "> ", ">");
        text.push('\n');
        text.push_str(&prefix_lines(&quote, "  ", ""));
    }
    text
}

fn task(correct: bool, label: &str, feedback: Option<&Rich>, cx: RichCx) -> String {
    item_with_feedback(correct, label, feedback, cx)
}

fn text_answer(a: &TextAnswer, accepted: bool, cx: RichCx) -> String {
    let mut body = literal_to_md(&a.text, Escapes::TEXT);
    if let Some(p) = a.credit {
        body.push_str(&format!(" {{{p}%}}"));
    }
    item_with_feedback(accepted, &body, a.feedback.as_ref(), cx)
}

fn numeric_answer(a: &NumericAnswer, accepted: bool, cx: RichCx) -> String {
    let mut body = match &a.value {
        // The parser's tolerance when none is written; `± 0.00` stays as written.
        NumericValue::Exact { value, tolerance } if tolerance.as_str() == "0" => {
            value.as_str().to_string()
        }
        NumericValue::Exact { value, tolerance } => {
            format!("{} ± {}", value.as_str(), tolerance.as_str())
        }
        NumericValue::Range { min, max } => format!("{} .. {}", min.as_str(), max.as_str()),
    };
    if let Some(p) = a.credit {
        body.push_str(&format!(" {{{p}%}}"));
    }
    item_with_feedback(accepted, &body, a.feedback.as_ref(), cx)
}

/// The left side of a pair starts the item's line: `1.` or `-` there would
/// open a nested list.
fn matching_left(text: &str) -> String {
    rich::literal_at_line_start(text, Escapes::MATCHING)
}

/// Text escaped for a heading line (`#`, `{…}` and Markdown syntax).
pub fn heading_escape(text: &str) -> String {
    let mut s = String::new();
    escape_text_into(&mut s, &one_line(text.trim()), Escapes::HEADING);
    s
}

/// Line breaks as spaces.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

fn attr_text(attrs: &[String]) -> String {
    if attrs.is_empty() {
        String::new()
    } else {
        format!(" {{{}}}", attrs.join(" "))
    }
}

/// A YAML scalar: plain when that reads back as the same string, else
/// double-quoted.
pub(crate) fn yaml_str(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && s.chars().all(|c| {
            c.is_alphanumeric()
                || matches!(
                    c,
                    ' ' | ',' | '.' | '(' | ')' | '\'' | '?' | '-' | '/' | '_'
                )
        })
        && !s.starts_with(['-', '?', '.', '\'', ','])
        && s.chars().any(char::is_alphabetic)
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "y" | "n" | "nan" | "inf"
        );
    if plain { s.to_string() } else { yaml_quoted(s) }
}

/// An item of a flow sequence (`tags: [a, b]`), where a comma ends the item.
fn yaml_flow_item(s: &str) -> String {
    if s.contains(',') {
        yaml_quoted(s)
    } else {
        yaml_str(s)
    }
}

fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // YAML reads NEL, LS and PS as line breaks even inside quotes.
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests;
