//! One `<question>` per quiz question, by type.

use super::fractions::{nearest, percent, same, split_positive};
use super::{Ctx, Writer, numbers};
use crate::model::{
    Answer, Block, Choice, Inline, NumericAnswer, OpenKind, Question, Rich, TextAnswer, scoring,
};
use std::collections::BTreeSet;

/// Moodle's default penalty for a wrong try (interactive behaviours).
pub(super) const PENALTY: &str = "0.3333333";

impl Writer<'_, '_, '_> {
    pub(super) fn question(&mut self, q: &Question, number: usize) {
        let ctx = self.question_ctx(q, number);
        if q.feedback.answer.is_some() && !q.answer.is_open() {
            self.warn(
                "moodle-feedback",
                &ctx,
                "Moodle has no model-answer field for this question type; the Answer block is added to the general feedback",
            );
        }
        match &q.answer {
            Answer::MultipleChoice { choices } => self.multichoice(q, &ctx, choices, false),
            Answer::MultipleAnswers { choices } => self.multichoice(q, &ctx, choices, true),
            Answer::TrueFalse {
                correct,
                feedback_true,
                feedback_false,
            } => self.truefalse(q, &ctx, *correct, feedback_true, feedback_false),
            Answer::ShortAnswer {
                accepted,
                wrong,
                case_sensitive,
            } => self.shortanswer(q, &ctx, accepted, wrong, *case_sensitive),
            Answer::Numerical { accepted, wrong } => self.numerical(q, &ctx, accepted, wrong),
            Answer::Open { kind } => self.essay(q, &ctx, *kind),
            Answer::Matching { pairs, distractors } => {
                let rights: Vec<&str> = distractors.iter().map(|d| d.text.as_str()).collect();
                self.matching(q, &ctx, pairs, &rights)
            }
            Answer::Blanks {
                blanks,
                case_sensitive,
            } => self.cloze(q, &ctx, blanks, *case_sensitive),
            Answer::Ordering { items, partial } => self.ordering(q, &ctx, items, *partial),
        }
    }

    /// `<question type=…>` with name, question text, general feedback,
    /// grade, penalty and idnumber.
    fn header(&mut self, q: &Question, ctx: &Ctx, qtype: &str, penalty: &str, general: &Rich) {
        self.xml.open("question", &[("type", qtype)]);
        self.xml.text_elem("name", &[], &ctx.name);
        self.html_field(ctx, "questiontext", Some(&q.stem));
        self.html_field(ctx, "generalfeedback", Some(general));
        self.xml.leaf("defaultgrade", &[], &points(q.points));
        self.xml.leaf("penalty", &[], penalty);
        self.xml.leaf("hidden", &[], "0");
        self.idnumber(ctx, &q.id);
    }

    /// Hints and tags, then `</question>`.
    pub(super) fn footer(&mut self, q: &Question, ctx: &Ctx, hints: bool) {
        if hints {
            for hint in &q.feedback.hints {
                self.html_field(ctx, "hint", Some(hint));
            }
        } else if !q.feedback.hints.is_empty() {
            self.warn(
                "moodle-hint",
                ctx,
                "this Moodle question type has no hints; they are added to the general feedback",
            );
        }
        let mut tags: Vec<String> = Vec::new();
        for raw in self.quiz.settings.tags.iter().chain(&q.tags) {
            let tag = moodle_tag(raw);
            if tag != raw.trim() {
                self.warn(
                    "moodle-tag",
                    ctx,
                    format!(
                        "Moodle tags cannot hold control characters, `<`, `>` or backticks, nor \
                         more than {TAG_MAX} characters; tag “{raw}” becomes “{tag}”"
                    ),
                );
            }
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        if !tags.is_empty() {
            self.xml.open("tags", &[]);
            for t in &tags {
                self.xml.text_elem("tag", &[], t);
            }
            self.xml.close("tags");
        }
        self.xml.close("question");
    }

    /// General feedback, plus what a type has no field for, labelled.
    pub(super) fn general_with(&self, q: &Question, extras: &[(&str, Option<&Rich>)]) -> Rich {
        let mut blocks = q
            .feedback
            .general
            .as_ref()
            .map(|g| g.blocks.clone())
            .unwrap_or_default();
        let model_answer = [("Answer:", q.feedback.answer.as_ref())];
        let model_answer = if q.answer.is_open() {
            &[][..]
        } else {
            &model_answer[..]
        };
        for (label, rich) in extras.iter().chain(model_answer) {
            if let Some(rich) = rich {
                blocks.push(Block::Paragraph(vec![Inline::Strong(vec![Inline::Text(
                    (*label).to_string(),
                )])]));
                blocks.extend(rich.blocks.iter().cloned());
            }
        }
        Rich { blocks }
    }

    fn combined_feedback(&mut self, q: &Question, ctx: &Ctx) {
        let (correct, incorrect) = (q.feedback.correct.clone(), q.feedback.incorrect.clone());
        self.html_field(ctx, "correctfeedback", correct.as_ref());
        self.html_field(ctx, "partiallycorrectfeedback", incorrect.as_ref());
        self.html_field(ctx, "incorrectfeedback", incorrect.as_ref());
    }

    fn warn_pinned(&mut self, q: &Question, ctx: &Ctx, choices: &[Choice]) {
        if q.shuffle && choices.iter().any(|c| c.pinned) {
            self.warn(
                "moodle-pin",
                ctx,
                "Moodle cannot keep a choice in place; pinned choices are shuffled with the others",
            );
        }
    }

    fn multichoice(&mut self, q: &Question, ctx: &Ctx, choices: &[Choice], multiple: bool) {
        let credits = scoring::choice_credits(choices, multiple);
        let fractions = if multiple {
            multi_fractions(&credits)
        } else {
            credits.iter().map(|&c| nearest(c)).collect()
        };
        if credits.iter().zip(&fractions).any(|(c, f)| !same(*c, *f)) {
            let show = |v: &[f64]| {
                v.iter()
                    .map(|f| format!("{}%", percent(*f)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            self.warn(
                "moodle-fraction",
                ctx,
                format!(
                    "Moodle accepts only its fixed list of fractions; choice credits {} become {}",
                    show(&credits),
                    show(&fractions)
                ),
            );
        }
        if choices.len() < 2 {
            self.warn("moodle-choices-min", ctx, "Moodle needs at least 2 choices");
        }
        self.warn_pinned(q, ctx, choices);
        let general = self.general_with(q, &[]);
        self.header(q, ctx, "multichoice", PENALTY, &general);
        self.xml
            .leaf("single", &[], if multiple { "false" } else { "true" });
        self.xml
            .leaf("shuffleanswers", &[], if q.shuffle { "1" } else { "0" });
        self.xml.leaf("answernumbering", &[], "abc");
        self.xml.leaf("showstandardinstruction", &[], "0");
        self.combined_feedback(q, ctx);
        if multiple {
            self.xml.empty("shownumcorrect");
        }
        for (choice, fraction) in choices.iter().zip(&fractions) {
            let f = percent(*fraction);
            let (html, assets) = self.render_compact(ctx, &choice.content);
            self.xml
                .open("answer", &[("fraction", &f), ("format", "html")]);
            self.xml.text(&html);
            self.files(ctx, &assets);
            self.html_field(ctx, "feedback", choice.feedback.as_ref());
            self.xml.close("answer");
        }
        self.footer(q, ctx, true);
    }

    fn truefalse(
        &mut self,
        q: &Question,
        ctx: &Ctx,
        correct: bool,
        feedback_true: &Option<Rich>,
        feedback_false: &Option<Rich>,
    ) {
        let general = self.general_with(q, &[]);
        self.header(q, ctx, "truefalse", "1", &general);
        for (value, own) in [(true, feedback_true), (false, feedback_false)] {
            let right = value == correct;
            let outcome = if right {
                &q.feedback.correct
            } else {
                &q.feedback.incorrect
            };
            let feedback = join_rich(own.as_ref(), outcome.as_ref());
            let fraction = if right { "100" } else { "0" };
            self.xml.open(
                "answer",
                &[("fraction", fraction), ("format", "moodle_auto_format")],
            );
            self.xml.text(if value { "true" } else { "false" });
            self.html_field(ctx, "feedback", feedback.as_ref());
            self.xml.close("answer");
        }
        self.footer(q, ctx, true);
    }

    fn shortanswer(
        &mut self,
        q: &Question,
        ctx: &Ctx,
        accepted: &[TextAnswer],
        wrong: &[TextAnswer],
        case_sensitive: bool,
    ) {
        let general = self.general_with(q, &[]);
        self.header(q, ctx, "shortanswer", PENALTY, &general);
        self.xml
            .leaf("usecase", &[], if case_sensitive { "1" } else { "0" });
        let mut rows = Vec::new();
        for (list, is_accepted) in [(accepted, true), (wrong, false)] {
            for a in list {
                let credit = scoring::answer_credit(a.credit, is_accepted);
                rows.push((wildcard_escape(a.text.trim()), credit, a.feedback.as_ref()));
            }
        }
        self.graded_answers(q, ctx, rows, None);
        self.footer(q, ctx, true);
    }

    fn numerical(
        &mut self,
        q: &Question,
        ctx: &Ctx,
        accepted: &[NumericAnswer],
        wrong: &[NumericAnswer],
    ) {
        let general = self.general_with(q, &[]);
        self.header(q, ctx, "numerical", PENALTY, &general);
        let mut rows = Vec::new();
        let mut tolerances = Vec::new();
        for (list, is_accepted) in [(accepted, true), (wrong, false)] {
            for a in list {
                let (value, tolerance) = match numbers::answer_and_tolerance(&a.value) {
                    Some(vt) => vt,
                    None => {
                        let (lo, hi) = a.value.bounds();
                        self.warn(
                            "moodle-number",
                            ctx,
                            "a number is outside exact decimal range; it is written as a float",
                        );
                        (((lo + hi) / 2.0).to_string(), ((hi - lo) / 2.0).to_string())
                    }
                };
                let credit = scoring::answer_credit(a.credit, is_accepted);
                rows.push((value, credit, a.feedback.as_ref()));
                tolerances.push(tolerance);
            }
        }
        self.graded_answers(q, ctx, rows, Some(&tolerances));
        self.xml.leaf("unitgradingtype", &[], "0");
        self.xml.leaf("unitpenalty", &[], "0.1000000");
        self.xml.leaf("showunits", &[], "3");
        self.xml.leaf("unitsleft", &[], "0");
        self.footer(q, ctx, true);
    }

    /// Answers of shortanswer/numerical: fraction, text, feedback (with the
    /// question's Correct/Incorrect feedback added), then a catch-all `*`
    /// answer that carries the Incorrect feedback.
    fn graded_answers(
        &mut self,
        q: &Question,
        ctx: &Ctx,
        rows: Vec<(String, f64, Option<&Rich>)>,
        tolerances: Option<&[String]>,
    ) {
        let mut snapped = false;
        let mut full = false;
        for (i, (text, credit, feedback)) in rows.iter().enumerate() {
            let fraction = nearest(*credit);
            snapped |= !same(fraction, *credit);
            full |= same(fraction, 1.0);
            let outcome = if same(fraction, 1.0) {
                &q.feedback.correct
            } else {
                &q.feedback.incorrect
            };
            let feedback = join_rich(*feedback, outcome.as_ref());
            self.xml.open(
                "answer",
                &[
                    ("fraction", &percent(fraction)),
                    ("format", "moodle_auto_format"),
                ],
            );
            self.xml.text(text);
            self.html_field(ctx, "feedback", feedback.as_ref());
            if let Some(t) = tolerances {
                self.xml.leaf("tolerance", &[], &t[i]);
            }
            self.xml.close("answer");
        }
        if let Some(incorrect) = &q.feedback.incorrect {
            self.xml.open(
                "answer",
                &[("fraction", "0"), ("format", "moodle_auto_format")],
            );
            self.xml.text("*");
            self.html_field(ctx, "feedback", Some(incorrect));
            if tolerances.is_some() {
                self.xml.leaf("tolerance", &[], "0");
            }
            self.xml.close("answer");
        }
        if snapped {
            self.warn(
                "moodle-fraction",
                ctx,
                "an answer's credit is not in Moodle's fixed list of fractions; the nearest one is used",
            );
        }
        if !full {
            self.warn(
                "moodle-no-full-answer",
                ctx,
                "Moodle expects an answer worth 100%; none is",
            );
        }
    }

    fn essay(&mut self, q: &Question, ctx: &Ctx, kind: OpenKind) {
        let hints: Vec<Rich> = q.feedback.hints.clone();
        let mut extras: Vec<(&str, Option<&Rich>)> = vec![
            ("Correct:", q.feedback.correct.as_ref()),
            ("Incorrect:", q.feedback.incorrect.as_ref()),
        ];
        for h in &hints {
            extras.push(("Hint:", Some(h)));
        }
        if q.feedback.correct.is_some() || q.feedback.incorrect.is_some() {
            self.warn(
                "moodle-feedback",
                ctx,
                "an essay has no right or wrong answer in Moodle; Correct/Incorrect feedback is added to the general feedback",
            );
        }
        let general = self.general_with(q, &extras);
        self.header(q, ctx, "essay", "0", &general);
        let lines = match kind {
            OpenKind::Essay => "15",
            OpenKind::ShortAnswer => "3",
        };
        self.xml.leaf("responseformat", &[], "editor");
        self.xml.leaf("responserequired", &[], "1");
        self.xml.leaf("responsefieldlines", &[], lines);
        self.xml.leaf("minwordlimit", &[], "");
        self.xml.leaf("maxwordlimit", &[], "");
        self.xml.leaf("attachments", &[], "0");
        self.xml.leaf("attachmentsrequired", &[], "0");
        self.xml.leaf("maxbytes", &[], "0");
        self.xml.leaf("filetypeslist", &[], "");
        let model = q.feedback.answer.clone();
        self.html_field(ctx, "graderinfo", model.as_ref());
        self.xml
            .text_elem("responsetemplate", &[("format", "html")], "");
        self.footer(q, ctx, false);
    }

    fn matching(&mut self, q: &Question, ctx: &Ctx, pairs: &[crate::model::Pair], rights: &[&str]) {
        if pairs.len() < 2 || pairs.len() + rights.len() < 3 {
            self.warn(
                "moodle-matching-min",
                ctx,
                format!(
                    "Moodle's editor needs at least 2 pairs and 3 answers (this has {} pairs and {} answers); \
                     it imports, but editing it asks for more",
                    pairs.len(),
                    pairs.len() + rights.len()
                ),
            );
        }
        let general = self.general_with(q, &[]);
        self.header(q, ctx, "matching", PENALTY, &general);
        self.xml.leaf(
            "shuffleanswers",
            &[],
            if q.shuffle { "true" } else { "false" },
        );
        self.combined_feedback(q, ctx);
        self.xml.empty("shownumcorrect");
        let rows = pairs
            .iter()
            .map(|p| (p.left.as_str(), p.right.as_str()))
            .chain(rights.iter().map(|r| ("", *r)));
        for (left, right) in rows {
            self.xml.open("subquestion", &[("format", "html")]);
            self.xml.text(&crate::render::escape(left.trim()));
            self.xml.open("answer", &[]);
            self.xml.text(right.trim());
            self.xml.close("answer");
            self.xml.close("subquestion");
        }
        self.footer(q, ctx, true);
    }

    fn ordering(
        &mut self,
        q: &Question,
        ctx: &Ctx,
        items: &[crate::model::OrderItem],
        partial: bool,
    ) {
        let rendered: Vec<(String, BTreeSet<String>)> = items
            .iter()
            .map(|i| self.render_compact(ctx, &i.content))
            .collect();
        let mut seen = BTreeSet::new();
        if rendered.iter().any(|(h, _)| !seen.insert(h.as_str())) {
            self.warn(
                "moodle-ordering-duplicate",
                ctx,
                "Moodle keys ordering items by their text; two items are the same, so the question cannot be graded correctly",
            );
        }
        if items.len() < 2 {
            self.warn(
                "moodle-choices-min",
                ctx,
                "Moodle needs at least 2 items to order",
            );
        }
        let general = self.general_with(q, &[]);
        self.header(q, ctx, "ordering", PENALTY, &general);
        self.xml.leaf("layouttype", &[], "VERTICAL");
        self.xml.leaf("selecttype", &[], "ALL");
        self.xml.leaf("selectcount", &[], &items.len().to_string());
        let grading = if partial {
            "ABSOLUTE_POSITION"
        } else {
            "ALL_OR_NOTHING"
        };
        self.xml.leaf("gradingtype", &[], grading);
        self.xml.leaf("showgrading", &[], "SHOW");
        self.xml.leaf("numberingstyle", &[], "none");
        self.combined_feedback(q, ctx);
        self.xml.leaf("shownumcorrect", &[], "1");
        for (html, assets) in &rendered {
            self.xml
                .open("answer", &[("fraction", "0"), ("format", "html")]);
            self.xml.text(html);
            self.files(ctx, assets);
            self.xml.close("answer");
        }
        self.footer(q, ctx, true);
    }
}

/// Multiple Answers: positive credits get a valid split summing to 100%,
/// negative ones the nearest valid fraction each.
fn multi_fractions(credits: &[f64]) -> Vec<f64> {
    let positive: Vec<f64> = credits.iter().copied().filter(|&c| c > 0.0).collect();
    let mut split = split_positive(&positive).into_iter();
    credits
        .iter()
        .map(|&c| {
            if c > 0.0 {
                split.next().unwrap_or(0.0)
            } else {
                nearest(c)
            }
        })
        .collect()
}

/// Longest tag Moodle keeps (`TAG_MAX_LENGTH`).
const TAG_MAX: usize = 50;

/// A tag as Moodle's PARAM_TAG cleaning leaves it.
fn moodle_tag(raw: &str) -> String {
    let kept: String = raw
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '<' | '>' | '`'))
        .collect();
    let spaced = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    spaced.chars().take(TAG_MAX).collect()
}

/// Moodle's shortanswer `*` is a wildcard; `\*` is a literal star.
fn wildcard_escape(text: &str) -> String {
    text.replace('*', "\\*")
}

fn join_rich(a: Option<&Rich>, b: Option<&Rich>) -> Option<Rich> {
    match (a, b) {
        (None, None) => None,
        (Some(x), None) | (None, Some(x)) => Some(x.clone()),
        (Some(x), Some(y)) => Some(Rich {
            blocks: x.blocks.iter().chain(&y.blocks).cloned().collect(),
        }),
    }
}

/// Points as Moodle's `defaultgrade`: no trailing zeros.
pub(super) fn points(p: f64) -> String {
    let s = format!("{p:.7}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiple_answers_fractions_follow_the_policy() {
        // 2 correct, 2 wrong: 50, 50, -50, -50... right minus wrong: -1/w.
        assert_eq!(
            multi_fractions(&[0.5, 0.5, -0.5, -0.5]),
            vec![0.5, 0.5, -0.5, -0.5]
        );
        // 3 correct, 1 wrong.
        assert_eq!(
            multi_fractions(&[1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0, -1.0]),
            vec![0.3333333, 0.3333333, 0.3333333, -1.0]
        );
    }

    #[test]
    fn points_print_plainly() {
        assert_eq!(points(1.0), "1");
        assert_eq!(points(2.5), "2.5");
        assert_eq!(points(0.3333333), "0.3333333");
    }

    #[test]
    fn stars_are_escaped_for_shortanswer() {
        assert_eq!(wildcard_escape("a*b"), "a\\*b");
    }
}
