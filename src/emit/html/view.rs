//! The quiz as the templates see it: plain serialisable values, rich content
//! already rendered to HTML (`*_html` fields, printed with `|safe`), UI
//! strings already chosen. Documented in `docs/formats/html.md`.

use super::rich::{escape, render, render_inline};
use crate::i18n::{Catalog, format_number};
use crate::model::scoring::{answer_credit, choice_credits, total_points};
use crate::model::{
    Answer, Blank, FeedbackMode, Item, NumericAnswer, NumericValue, OpenKind, Question, Quiz, Rich,
    Span,
};
use serde::Serialize;

#[derive(Serialize)]
pub struct QuizView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub intro_html: String,
    pub lang: String,
    pub dir: String,
    /// `immediate`, `on-submit` or `none`.
    pub feedback: &'static str,
    /// `Score: x / N`'s N, formatted.
    pub total: String,
    /// Questions a learner answers (drawn pool questions included).
    pub question_count: usize,
    /// `80%`, when the quiz has a pass mark.
    pub pass: Option<String>,
    pub tags: Vec<String>,
    pub items: Vec<ItemView>,
    /// The runtime data (`#quizc-data`), safe inside `<script>`.
    #[serde(skip)]
    pub data_json: String,
}

/// `item.block` is `question`, `text` or `pool`.
#[derive(Serialize)]
#[serde(tag = "block", rename_all = "snake_case")]
pub enum ItemView {
    Question(Box<QuestionView>),
    Text {
        id: String,
        title: Option<String>,
        html: String,
    },
    Pool {
        id: String,
        title: String,
        pick: u32,
        count: usize,
        /// "Pool: 2 of 3 questions drawn at random, 1 point each".
        note: String,
        questions: Vec<QuestionView>,
    },
}

#[derive(Serialize, Default)]
pub struct QuestionView {
    pub id: String,
    /// `multiple_choice`, …, as in `data-type`.
    pub kind: &'static str,
    pub type_label: String,
    /// Display number by position (pool questions: as if the first `pick` were drawn).
    pub number: usize,
    pub number_label: String,
    /// Formatted (`1`, `0.5`).
    pub points: String,
    pub points_label: String,
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub in_pool: bool,
    /// Shown before the runtime draws (pool questions beyond `pick` start hidden).
    pub drawn: bool,
    pub stem_html: String,
    /// Fill in the Blanks in the key: the stem with the answers in place.
    pub key_stem_html: String,
    pub hints: Vec<String>,
    pub general_html: Option<String>,
    pub correct_html: Option<String>,
    pub incorrect_html: Option<String>,
    /// Model answer (open questions), grader information.
    pub answer_html: Option<String>,
    /// What a right answer looks like, shown after a wrong one.
    pub solution_html: Option<String>,
    pub choices: Vec<ChoiceView>,
    pub multiple: bool,
    pub shuffle: bool,
    pub case_sensitive: bool,
    pub accepted: Vec<AnswerView>,
    pub wrong: Vec<AnswerView>,
    pub matching: Vec<MatchRow>,
    pub match_options: Vec<String>,
    pub distractors: Vec<String>,
    pub blanks: Vec<BlankView>,
    /// Ordering items in their starting (not the correct) order.
    pub order: Vec<OrderView>,
    /// Ordering items in the correct order (for the key).
    pub order_key: Vec<OrderView>,
    pub partial: bool,
    /// `essay` or `short_answer` for open questions.
    pub open_kind: Option<&'static str>,
    /// The stem already says "reveal below" (the seed's form).
    pub stem_says_reveal: bool,
}

#[derive(Serialize)]
pub struct ChoiceView {
    pub id: String,
    pub letter: String,
    pub html: String,
    pub plain: String,
    pub feedback_html: Option<String>,
    pub correct: bool,
    /// The policy's credit of this choice, `100%`, `-50%`, …
    pub credit_label: String,
    pub pinned: bool,
}

#[derive(Serialize)]
pub struct AnswerView {
    /// `accepted:0`, `wrong:1`: the `data-feedback` of its feedback.
    pub key: String,
    /// Literal text, or the number / range as written.
    pub text: String,
    pub credit_label: String,
    pub feedback_html: Option<String>,
}

#[derive(Serialize)]
pub struct MatchRow {
    pub left: String,
    pub right: String,
}

#[derive(Serialize)]
pub struct BlankView {
    pub number: usize,
    pub dropdown: bool,
    pub accepted: Vec<String>,
    pub options: Vec<String>,
    pub correct: usize,
}

#[derive(Serialize)]
pub struct OrderView {
    /// Position in the correct order (0-based).
    pub index: usize,
    pub html: String,
    pub plain: String,
}

/// Builds the view; rendering warnings come back with the span they belong to.
pub struct ViewBuilder<'a> {
    pub t: &'a Catalog,
    pub warnings: Vec<(&'static str, Span, String)>,
    number: usize,
}

impl<'a> ViewBuilder<'a> {
    pub fn new(t: &'a Catalog) -> Self {
        ViewBuilder {
            t,
            warnings: Vec::new(),
            number: 0,
        }
    }

    pub fn quiz(&mut self, quiz: &Quiz) -> QuizView {
        let intro_html = self.rich(&quiz.intro, Span::default());
        let mut question_count = 0;
        let items = quiz
            .items
            .iter()
            .map(|item| match item {
                Item::Question(q) => {
                    question_count += 1;
                    self.number += 1;
                    ItemView::Question(Box::new(self.question(q, self.number, false, true)))
                }
                Item::Text(text) => ItemView::Text {
                    id: text.id.clone(),
                    title: text.title.clone(),
                    html: self.rich(&text.content, text.span),
                },
                Item::Pool(pool) => {
                    let pick = (pool.pick as usize).min(pool.questions.len());
                    question_count += pick;
                    let first = self.number;
                    self.number += pick;
                    let questions = pool
                        .questions
                        .iter()
                        .enumerate()
                        .map(|(i, q)| {
                            let number = first + 1 + i.min(pick.saturating_sub(1));
                            self.question(q, number, true, i < pick)
                        })
                        .collect();
                    ItemView::Pool {
                        id: pool.id.clone(),
                        title: pool.title.clone(),
                        pick: pool.pick,
                        count: pool.questions.len(),
                        note: self.t.fill(
                            "pool",
                            &[
                                ("pick", &pool.pick.to_string()),
                                ("count", &pool.questions.len().to_string()),
                                ("points", &self.t.plural("points", pool.points)),
                            ],
                        ),
                        questions,
                    }
                }
            })
            .collect();
        QuizView {
            id: quiz.id.clone(),
            title: quiz.title.clone(),
            // A description taken from the intro would show twice.
            description: if same_text(&quiz.description, &quiz.intro.plain_text()) {
                String::new()
            } else {
                quiz.description.clone()
            },
            intro_html,
            lang: self.t.lang.clone(),
            dir: self.t.dir.clone(),
            feedback: match quiz.settings.feedback {
                FeedbackMode::Immediate => "immediate",
                FeedbackMode::OnSubmit => "on-submit",
                FeedbackMode::None => "none",
            },
            total: format_number(total_points(quiz)),
            question_count,
            pass: quiz
                .settings
                .pass
                .map(|p| format!("{}%", format_number(p * 100.0))),
            tags: quiz.settings.tags.clone(),
            items,
            data_json: String::new(),
        }
    }

    fn rich(&mut self, rich: &Rich, span: Span) -> String {
        let (html, warnings) = render(rich, None);
        self.take(warnings, span);
        html
    }

    fn opt(&mut self, rich: Option<&Rich>, span: Span) -> Option<String> {
        rich.filter(|r| !r.is_empty()).map(|r| self.rich(r, span))
    }

    fn inline(&mut self, rich: &Rich, span: Span) -> String {
        let (html, warnings) = render_inline(rich);
        self.take(warnings, span);
        html
    }

    fn take(&mut self, warnings: Vec<(&'static str, String)>, span: Span) {
        self.warnings
            .extend(warnings.into_iter().map(|(code, m)| (code, span, m)));
    }

    fn question(
        &mut self,
        q: &Question,
        number: usize,
        in_pool: bool,
        drawn: bool,
    ) -> QuestionView {
        let kind = kind_name(&q.answer);
        let mut v = QuestionView {
            id: q.id.clone(),
            kind,
            type_label: self.t.get(&format!("type_{kind}")).to_string(),
            number,
            number_label: self.t.fill("question_n", &[("n", &number.to_string())]),
            points: format_number(q.points),
            points_label: self.t.plural("points", q.points),
            title: q.title.clone(),
            tags: q.tags.clone(),
            in_pool,
            drawn,
            shuffle: q.shuffle,
            hints: q
                .feedback
                .hints
                .iter()
                .map(|h| self.rich(h, q.span))
                .collect(),
            general_html: self.opt(q.feedback.general.as_ref(), q.span),
            correct_html: self.opt(q.feedback.correct.as_ref(), q.span),
            incorrect_html: self.opt(q.feedback.incorrect.as_ref(), q.span),
            answer_html: self.opt(q.feedback.answer.as_ref(), q.span),
            ..QuestionView::default()
        };
        if matches!(q.answer, Answer::Blanks { .. }) {
            self.blank_stems(q, &mut v);
        } else {
            v.stem_html = self.rich(&q.stem, q.span);
            v.key_stem_html = v.stem_html.clone();
        }
        self.answer(q, &mut v);
        v
    }

    fn answer(&mut self, q: &Question, v: &mut QuestionView) {
        match &q.answer {
            Answer::MultipleChoice { choices } | Answer::MultipleAnswers { choices } => {
                let multiple = matches!(q.answer, Answer::MultipleAnswers { .. });
                let credits = choice_credits(choices, multiple);
                v.multiple = multiple;
                v.choices = choices
                    .iter()
                    .zip(credits)
                    .enumerate()
                    .map(|(i, (c, credit))| ChoiceView {
                        id: c.id.clone(),
                        letter: letter(i),
                        html: self.inline(&c.content, c.span),
                        plain: c.content.plain_text(),
                        feedback_html: self.opt(c.feedback.as_ref(), c.span),
                        correct: c.correct,
                        credit_label: percent(credit),
                        pinned: c.pinned,
                    })
                    .collect();
            }
            Answer::TrueFalse {
                correct,
                feedback_true,
                feedback_false,
            } => {
                v.choices = [(true, feedback_true), (false, feedback_false)]
                    .into_iter()
                    .map(|(value, feedback)| {
                        let label = self.t.get(if value { "true" } else { "false" }).to_string();
                        ChoiceView {
                            id: value.to_string(),
                            letter: label
                                .chars()
                                .next()
                                .map(|c| c.to_uppercase().to_string())
                                .unwrap_or_default(),
                            html: escape(&label),
                            plain: label,
                            feedback_html: self.opt(feedback.as_ref(), q.span),
                            correct: value == *correct,
                            credit_label: percent(f64::from(u8::from(value == *correct))),
                            pinned: false,
                        }
                    })
                    .collect();
            }
            Answer::ShortAnswer {
                accepted,
                wrong,
                case_sensitive,
            } => {
                v.case_sensitive = *case_sensitive;
                let mut list = |answers: &[crate::model::TextAnswer], is_accepted: bool| {
                    answers
                        .iter()
                        .enumerate()
                        .map(|(i, a)| AnswerView {
                            key: format!("{}:{i}", if is_accepted { "accepted" } else { "wrong" }),
                            text: a.text.clone(),
                            credit_label: percent(answer_credit(a.credit, is_accepted)),
                            feedback_html: self.opt(a.feedback.as_ref(), a.span),
                        })
                        .collect::<Vec<_>>()
                };
                v.accepted = list(accepted, true);
                v.wrong = list(wrong, false);
                v.solution_html = accepted.first().map(|a| escape(&a.text));
            }
            Answer::Numerical { accepted, wrong } => {
                v.accepted = self.numeric(accepted, true);
                v.wrong = self.numeric(wrong, false);
                v.solution_html = v.accepted.first().map(|a| escape(&a.text));
            }
            Answer::Open { kind } => {
                v.open_kind = Some(match kind {
                    OpenKind::Essay => "essay",
                    OpenKind::ShortAnswer => "short_answer",
                });
                let stem = q.stem.plain_text();
                v.stem_says_reveal =
                    stem.contains(self.t.get("think_reveal")) || stem.contains("reveal below");
            }
            Answer::Matching { pairs, distractors } => {
                v.matching = pairs
                    .iter()
                    .map(|p| MatchRow {
                        left: p.left.clone(),
                        right: p.right.clone(),
                    })
                    .collect();
                let mut options: Vec<String> = pairs
                    .iter()
                    .map(|p| p.right.clone())
                    .chain(distractors.iter().map(|d| d.text.clone()))
                    .collect();
                options.sort_by_key(|o| o.to_lowercase());
                options.dedup();
                v.match_options = options;
                v.distractors = distractors.iter().map(|d| d.text.clone()).collect();
                v.solution_html = Some(
                    pairs
                        .iter()
                        .map(|p| format!("{} → {}", escape(&p.left), escape(&p.right)))
                        .collect::<Vec<_>>()
                        .join("<br>"),
                );
            }
            Answer::Blanks {
                blanks,
                case_sensitive,
            } => {
                v.case_sensitive = *case_sensitive;
                v.blanks = blanks
                    .iter()
                    .enumerate()
                    .map(|(i, b)| match b {
                        Blank::Text { accepted, .. } => BlankView {
                            number: i + 1,
                            dropdown: false,
                            accepted: accepted.clone(),
                            options: Vec::new(),
                            correct: 0,
                        },
                        Blank::Dropdown {
                            options, correct, ..
                        } => BlankView {
                            number: i + 1,
                            dropdown: true,
                            accepted: options.get(*correct).cloned().into_iter().collect(),
                            options: options.clone(),
                            correct: *correct,
                        },
                    })
                    .collect();
                v.solution_html = Some(
                    v.blanks
                        .iter()
                        .map(|b| {
                            let name = self.t.fill("blank_n", &[("n", &b.number.to_string())]);
                            format!("{}: {}", escape(&name), escape(&b.accepted.join(" | ")))
                        })
                        .collect::<Vec<_>>()
                        .join("<br>"),
                );
            }
            Answer::Ordering { items, partial } => {
                v.partial = *partial;
                v.order_key = items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| OrderView {
                        index,
                        html: self.inline(&item.content, item.span),
                        plain: item.content.plain_text(),
                    })
                    .collect();
                // Start reversed: never the answer, and the runtime shuffles.
                v.order = v
                    .order_key
                    .iter()
                    .rev()
                    .map(|o| OrderView {
                        index: o.index,
                        html: o.html.clone(),
                        plain: o.plain.clone(),
                    })
                    .collect();
                v.solution_html = Some(format!(
                    "<ol>{}</ol>",
                    v.order_key
                        .iter()
                        .map(|o| format!("<li>{}</li>", o.html))
                        .collect::<String>()
                ));
            }
        }
    }

    fn numeric(&mut self, answers: &[NumericAnswer], accepted: bool) -> Vec<AnswerView> {
        answers
            .iter()
            .enumerate()
            .map(|(i, a)| AnswerView {
                key: format!("{}:{i}", if accepted { "accepted" } else { "wrong" }),
                text: match &a.value {
                    NumericValue::Exact { value, tolerance } if tolerance.to_f64() == 0.0 => {
                        value.as_str().to_string()
                    }
                    NumericValue::Exact { value, tolerance } => {
                        format!("{} ± {}", value.as_str(), tolerance.as_str())
                    }
                    NumericValue::Range { min, max } => self
                        .t
                        .fill("range", &[("min", min.as_str()), ("max", max.as_str())]),
                },
                credit_label: percent(answer_credit(a.credit, accepted)),
                feedback_html: self.opt(a.feedback.as_ref(), a.span),
            })
            .collect()
    }

    /// The page's stem holds inputs and dropdowns; the key's holds the answers.
    fn blank_stems(&mut self, q: &Question, v: &mut QuestionView) {
        let Answer::Blanks { blanks, .. } = &q.answer else {
            return;
        };
        let t = self.t;
        let id = q.id.clone();
        let mut page_hook = |i: usize, out: &mut String| {
            let name = escape(&t.fill("blank_n", &[("n", &(i + 1).to_string())]));
            let control_id = format!("q-{id}-blank-{i}");
            match blanks.get(i) {
                Some(Blank::Dropdown { options, .. }) => {
                    out.push_str(&format!(
                        "<select class=\"blank\" id=\"{control_id}\" data-part=\"{i}\" aria-label=\"{name}\"><option value=\"\">{}</option>",
                        escape(t.get("choose"))
                    ));
                    for (k, option) in options.iter().enumerate() {
                        out.push_str(&format!("<option value=\"{k}\">{}</option>", escape(option)));
                    }
                    out.push_str("</select>");
                }
                _ => out.push_str(&format!(
                    "<input type=\"text\" class=\"blank\" id=\"{control_id}\" data-part=\"{i}\" aria-label=\"{name}\" autocomplete=\"off\" spellcheck=\"false\">"
                )),
            }
            out.push_str(&format!(
                "<span class=\"part-mark\" data-mark=\"{i}\" aria-hidden=\"true\"></span>"
            ));
        };
        let (html, warnings) = render(&q.stem, Some(&mut page_hook));
        self.take(warnings, q.span);
        v.stem_html = html;
        let mut key_hook = |i: usize, out: &mut String| {
            let answers = match blanks.get(i) {
                Some(Blank::Text { accepted, .. }) => accepted.join(" | "),
                Some(Blank::Dropdown {
                    options, correct, ..
                }) => options.get(*correct).cloned().unwrap_or_default(),
                None => String::new(),
            };
            out.push_str(&format!(
                "<mark class=\"key-blank\">{}</mark>",
                escape(&answers)
            ));
        };
        let (html, _) = render(&q.stem, Some(&mut key_hook));
        v.key_stem_html = html;
    }
}

/// The `data-type` of a question.
pub fn kind_name(answer: &Answer) -> &'static str {
    match answer {
        Answer::MultipleChoice { .. } => "multiple_choice",
        Answer::MultipleAnswers { .. } => "multiple_answers",
        Answer::TrueFalse { .. } => "true_false",
        Answer::ShortAnswer { .. } => "short_answer",
        Answer::Numerical { .. } => "numerical",
        Answer::Open {
            kind: OpenKind::Essay,
        } => "essay",
        Answer::Open {
            kind: OpenKind::ShortAnswer,
        } => "short_answer",
        Answer::Matching { .. } => "matching",
        Answer::Blanks { .. } => "fill_in_the_blanks",
        Answer::Ordering { .. } => "ordering",
    }
}

fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// `A`, `B`, … `Z`, `AA`, …
fn letter(i: usize) -> String {
    let mut n = i;
    let mut s = String::new();
    loop {
        s.insert(0, char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s
}

fn percent(credit: f64) -> String {
    format!("{}%", format_number(credit * 100.0))
}
