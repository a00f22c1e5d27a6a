//! One Canvas QTI 1.2 `<item>` per question: `question_type` and
//! `points_possible` metadata, the presentation, response processing (SCORE
//! in percent of the question) and `itemfeedback`, in the shapes Canvas's own
//! exporter writes and its importer reads.

use super::content::Content;
use super::parts::{blanks_item, matching_item, ordering_item};
use super::resp::{
    Cond, Feedbacks, RESPONSE, Rule, Score, eq, general_rule, incorrect_rule, resprocessing,
};
use super::xml::Xml;
use crate::model::{
    Answer, Blank, Choice, ExactDecimal, NumericAnswer, NumericValue, Question, Rich, TextAnswer,
    TextBlock, scoring,
};

/// What the item writer needs besides the question.
pub struct ItemInfo<'a> {
    /// `<item ident>`, unique in the package.
    pub ident: &'a str,
    /// The LMS question name.
    pub title: &'a str,
    pub points: ExactDecimal,
    /// Put an open question's model answer into its general feedback.
    pub model_answer_in_feedback: bool,
}

/// Writes one question as an `<item>`.
pub fn write_question(xml: &mut Xml, q: &Question, info: &ItemInfo, content: &mut Content) {
    let mut fb = Feedbacks::default();
    question_feedback(q, info, content, &mut fb);
    match &q.answer {
        Answer::MultipleChoice { choices } => {
            choice_item(xml, q, info, content, fb, choices, false)
        }
        Answer::MultipleAnswers { choices } => {
            choice_item(xml, q, info, content, fb, choices, true)
        }
        Answer::TrueFalse {
            correct,
            feedback_true,
            feedback_false,
        } => {
            let choices = [
                ("true", "True", *correct, feedback_true),
                ("false", "False", !*correct, feedback_false),
            ];
            true_false_item(xml, q, info, content, fb, &choices)
        }
        Answer::ShortAnswer {
            accepted,
            wrong,
            case_sensitive,
        } => {
            if *case_sensitive {
                content.warn(
                    "canvas-case-sensitive",
                    q.span,
                    "Canvas compares short answers ignoring case: `case=sensitive` is not carried",
                );
            }
            short_answer_item(xml, q, info, content, fb, accepted, wrong)
        }
        Answer::Numerical { accepted, wrong } => {
            numerical_item(xml, q, info, content, fb, accepted, wrong)
        }
        Answer::Open { kind } => {
            if *kind == crate::model::OpenKind::ShortAnswer {
                content.warn(
                    "canvas-open-short-answer",
                    q.span,
                    "a Short Answer without accepted answers becomes a Canvas essay question \
                     (graded by the teacher)",
                );
            }
            essay_item(xml, q, info, content, fb)
        }
        Answer::Matching { pairs, distractors } => {
            matching_item(xml, q, info, content, fb, pairs, distractors)
        }
        Answer::Blanks {
            blanks,
            case_sensitive,
        } => {
            if *case_sensitive && blanks.iter().any(|b| matches!(b, Blank::Text { .. })) {
                content.warn(
                    "canvas-case-sensitive",
                    q.span,
                    "Canvas compares blanks ignoring case: `case=sensitive` is not carried",
                );
            }
            blanks_item(xml, q, info, content, fb, blanks)
        }
        Answer::Ordering { items, partial } => {
            ordering_item(xml, q, info, content, fb, items, *partial)
        }
    }
}

/// A Text block: `text_only_question`, no response, no points.
pub fn write_text_block(
    xml: &mut Xml,
    block: &TextBlock,
    ident: &str,
    title: &str,
    content: &mut Content,
) {
    let stem = content.html(&block.content, block.span);
    open_item(
        xml,
        ident,
        title,
        "text_only_question",
        ExactDecimal::ZERO,
        &[],
    );
    xml.open("presentation", &[]);
    material(xml, &stem);
    xml.close("presentation");
    xml.close("item");
}

fn question_feedback(q: &Question, info: &ItemInfo, content: &mut Content, fb: &mut Feedbacks) {
    let mut general = q.feedback.general.clone();
    if let Some(answer) = &q.feedback.answer {
        if q.answer.is_open() {
            if info.model_answer_in_feedback {
                let mut merged = general.unwrap_or_default();
                merged.blocks.push(crate::model::Block::Paragraph(vec![
                    crate::model::Inline::Strong(vec![crate::model::Inline::Text(
                        "Model answer:".into(),
                    )]),
                ]));
                merged.blocks.extend(answer.blocks.iter().cloned());
                general = Some(merged);
            } else {
                content.warn(
                    "canvas-model-answer",
                    q.span,
                    "Canvas has no model-answer field: the `Answer:` block is not exported \
                     (set `model_answer_feedback = true` under `[format.canvas]` in quizc.toml \
                     to show it as general feedback after submission)",
                );
            }
        } else if !matches!(q.answer, Answer::TrueFalse { .. }) {
            content.warn(
                "canvas-grader-info",
                q.span,
                "Canvas has no grader-information field: the `Answer:` block is not exported",
            );
        }
    }
    if !q.feedback.hints.is_empty() {
        content.warn(
            "canvas-hint",
            q.span,
            "Canvas Classic Quizzes have no hints: the `Hint:` block is not exported",
        );
    }
    if let Some(g) = &general {
        fb.add("general_fb", content.html(g, q.span));
    }
    if let Some(c) = &q.feedback.correct {
        fb.add("correct_fb", content.html(c, q.span));
    }
    if let Some(i) = &q.feedback.incorrect {
        fb.add("general_incorrect_fb", content.html(i, q.span));
    }
}

pub(super) fn open_item(
    xml: &mut Xml,
    ident: &str,
    title: &str,
    qtype: &str,
    points: ExactDecimal,
    answer_ids: &[String],
) {
    xml.open("item", &[("ident", ident), ("title", title)]);
    xml.open("itemmetadata", &[]);
    xml.open("qtimetadata", &[]);
    let aq = format!("{ident}-aq");
    for (label, entry) in [
        ("question_type", qtype),
        ("points_possible", &points.plain_with_point()),
        ("original_answer_ids", &answer_ids.join(",")),
        ("assessment_question_identifierref", &aq),
    ] {
        xml.open("qtimetadatafield", &[]);
        xml.text("fieldlabel", &[], label);
        xml.text("fieldentry", &[], entry);
        xml.close("qtimetadatafield");
    }
    xml.close("qtimetadata");
    xml.close("itemmetadata");
}

pub(super) fn material(xml: &mut Xml, html: &str) {
    xml.open("material", &[]);
    xml.text("mattext", &[("texttype", "text/html")], html);
    xml.close("material");
}

pub(super) fn plain_material(xml: &mut Xml, text: &str) {
    xml.open("material", &[]);
    xml.text("mattext", &[("texttype", "text/plain")], text);
    xml.close("material");
}

pub(super) fn close_item(xml: &mut Xml, fb: &Feedbacks) {
    for (ident, html) in &fb.blocks {
        xml.open("itemfeedback", &[("ident", ident)]);
        xml.open("flow_mat", &[]);
        material(xml, html);
        xml.close("flow_mat");
        xml.close("itemfeedback");
    }
    xml.close("item");
}

fn pin_warning(q: &Question, choices: &[Choice], content: &mut Content) {
    if q.shuffle && choices.iter().any(|c| c.pinned) {
        content.warn(
            "canvas-pin",
            q.span,
            "Canvas shuffles all answers or none: `{pin}` is not carried, the pinned choice \
             may move when the quiz shuffles answers",
        );
    }
}

fn choice_item(
    xml: &mut Xml,
    q: &Question,
    info: &ItemInfo,
    content: &mut Content,
    mut fb: Feedbacks,
    choices: &[Choice],
    multiple: bool,
) {
    pin_warning(q, choices, content);
    let credits = scoring::choice_credits(choices, multiple);
    if multiple {
        multiple_answers_warnings(q, choices, content);
    } else {
        for (c, credit) in choices.iter().zip(&credits) {
            if c.credit.is_some() && (*credit - f64::from(u8::from(c.correct))).abs() > 1e-9 {
                content.warn(
                    "canvas-partial-credit",
                    c.span,
                    format!(
                        "Canvas Classic Multiple Choice is all or nothing: this choice's {}% \
                         counts as {}",
                        c.credit.unwrap_or_default(),
                        if c.correct { "100%" } else { "0%" }
                    ),
                );
            }
        }
    }
    let stem = content.html(&q.stem, q.span);
    let ids: Vec<String> = choices.iter().map(|c| c.id.clone()).collect();
    let labels: Vec<String> = choices
        .iter()
        .map(|c| content.label_html(&c.content, c.span))
        .collect();
    for c in choices {
        if let Some(f) = &c.feedback {
            fb.add(format!("{}_fb", c.id), content.html(f, c.span));
        }
    }
    let qtype = if multiple {
        "multiple_answers_question"
    } else {
        "multiple_choice_question"
    };
    open_item(xml, info.ident, info.title, qtype, info.points, &ids);
    xml.open("presentation", &[]);
    material(xml, &stem);
    xml.open(
        "response_lid",
        &[
            ("ident", RESPONSE),
            ("rcardinality", if multiple { "Multiple" } else { "Single" }),
        ],
    );
    xml.open("render_choice", &[]);
    for (c, label) in choices.iter().zip(&labels) {
        xml.open("response_label", &[("ident", &c.id)]);
        material(xml, label);
        xml.close("response_label");
    }
    xml.close("render_choice");
    xml.close("response_lid");
    xml.close("presentation");

    let mut rules: Vec<Rule> = general_rule(&fb).into_iter().collect();
    for c in choices {
        let ident = format!("{}_fb", c.id);
        if fb.has(&ident) {
            rules.push(Rule::new(true, vec![eq(RESPONSE, &c.id)]).feedback(&fb, &ident));
        }
    }
    let correct: Vec<&Choice> = choices.iter().filter(|c| c.correct).collect();
    if multiple {
        let all = choices
            .iter()
            .map(|c| {
                let chosen = eq(RESPONSE, &c.id);
                if c.correct {
                    chosen
                } else {
                    Cond::Not(Box::new(chosen))
                }
            })
            .collect();
        rules.push(
            Rule::new(false, vec![Cond::And(all)])
                .score(Score::Set("100"))
                .feedback(&fb, "correct_fb"),
        );
    } else if let Some(c) = correct.first() {
        rules.push(
            Rule::new(false, vec![eq(RESPONSE, &c.id)])
                .score(Score::Set("100"))
                .feedback(&fb, "correct_fb"),
        );
    }
    rules.extend(incorrect_rule(&fb));
    resprocessing(xml, &rules);
    close_item(xml, &fb);
}

fn multiple_answers_warnings(q: &Question, choices: &[Choice], content: &mut Content) {
    for c in choices.iter().filter(|c| c.credit.is_some()) {
        content.warn(
            "canvas-partial-credit",
            c.span,
            format!(
                "Canvas Multiple Answers uses its own partial credit: this choice's {}% \
                 is not carried",
                c.credit.unwrap_or_default()
            ),
        );
    }
    let right = choices.iter().filter(|c| c.correct).count();
    let wrong = choices.len() - right;
    if wrong > 0 && right != wrong {
        content.warn(
            "canvas-multiple-answers-scoring",
            q.span,
            format!(
                "Canvas docks 1/{right} of the points for each wrong choice selected (1/number of \
                 correct choices); quizc's policy docks 1/{wrong} (1/number of wrong choices)"
            ),
        );
    }
}

type TfChoice<'a> = (&'a str, &'a str, bool, &'a Option<Rich>);

fn true_false_item(
    xml: &mut Xml,
    q: &Question,
    info: &ItemInfo,
    content: &mut Content,
    mut fb: Feedbacks,
    choices: &[TfChoice],
) {
    let stem = content.html(&q.stem, q.span);
    for (id, _, _, feedback) in choices {
        if let Some(f) = feedback {
            fb.add(format!("{id}_fb"), content.html(f, q.span));
        }
    }
    let ids: Vec<String> = choices.iter().map(|c| c.0.to_string()).collect();
    open_item(
        xml,
        info.ident,
        info.title,
        "true_false_question",
        info.points,
        &ids,
    );
    xml.open("presentation", &[]);
    material(xml, &stem);
    xml.open(
        "response_lid",
        &[("ident", RESPONSE), ("rcardinality", "Single")],
    );
    xml.open("render_choice", &[]);
    for (id, text, _, _) in choices {
        xml.open("response_label", &[("ident", id)]);
        plain_material(xml, text);
        xml.close("response_label");
    }
    xml.close("render_choice");
    xml.close("response_lid");
    xml.close("presentation");
    let mut rules: Vec<Rule> = general_rule(&fb).into_iter().collect();
    for (id, _, _, _) in choices {
        let ident = format!("{id}_fb");
        if fb.has(&ident) {
            rules.push(Rule::new(true, vec![eq(RESPONSE, id)]).feedback(&fb, &ident));
        }
    }
    if let Some((id, ..)) = choices.iter().find(|c| c.2) {
        rules.push(
            Rule::new(false, vec![eq(RESPONSE, id)])
                .score(Score::Set("100"))
                .feedback(&fb, "correct_fb"),
        );
    }
    rules.extend(incorrect_rule(&fb));
    resprocessing(xml, &rules);
    close_item(xml, &fb);
}

fn fib_response(xml: &mut Xml, fibtype: Option<&str>) {
    xml.open(
        "response_str",
        &[("ident", RESPONSE), ("rcardinality", "Single")],
    );
    match fibtype {
        Some(t) => {
            xml.open("render_fib", &[("fibtype", t)]);
            xml.empty("response_label", &[("ident", "answer1")]);
        }
        None => {
            xml.open("render_fib", &[]);
            xml.empty(
                "response_label",
                &[("ident", "answer1"), ("rshuffle", "No")],
            );
        }
    }
    xml.close("render_fib");
    xml.close("response_str");
}

fn credit_warning(content: &mut Content, credit: Option<f64>, span: crate::model::Span) {
    if let Some(c) = credit.filter(|c| (*c - 100.0).abs() > 1e-9) {
        content.warn(
            "canvas-partial-credit",
            span,
            format!("Canvas gives full credit for every accepted answer: this answer's {c}% is not carried"),
        );
    }
}

fn wrong_answers_warning(q: &Question, count: usize, content: &mut Content) {
    if count > 0 {
        content.warn(
            "canvas-wrong-answers",
            q.span,
            format!(
                "Canvas has no anticipated wrong answers for this type: {count} `[ ]` answer(s) \
                 and their feedback are not exported (every Canvas answer counts as correct)"
            ),
        );
    }
}

fn short_answer_item(
    xml: &mut Xml,
    q: &Question,
    info: &ItemInfo,
    content: &mut Content,
    mut fb: Feedbacks,
    accepted: &[TextAnswer],
    wrong: &[TextAnswer],
) {
    wrong_answers_warning(q, wrong.len(), content);
    let stem = content.html(&q.stem, q.span);
    let ids: Vec<String> = (1..=accepted.len()).map(|i| format!("answer{i}")).collect();
    for (a, id) in accepted.iter().zip(&ids) {
        credit_warning(content, a.credit, a.span);
        if let Some(f) = &a.feedback {
            fb.add(format!("{id}_fb"), content.html(f, a.span));
        }
    }
    open_item(
        xml,
        info.ident,
        info.title,
        "short_answer_question",
        info.points,
        &ids,
    );
    xml.open("presentation", &[]);
    material(xml, &stem);
    fib_response(xml, None);
    xml.close("presentation");
    let texts: Vec<String> = accepted
        .iter()
        .map(|a| super::xml::xml_safe(&a.text).into_owned())
        .collect();
    let mut rules: Vec<Rule> = general_rule(&fb).into_iter().collect();
    for (text, id) in texts.iter().zip(&ids) {
        let ident = format!("{id}_fb");
        if fb.has(&ident) {
            rules.push(Rule::new(true, vec![eq(RESPONSE, text)]).feedback(&fb, &ident));
        }
    }
    if !texts.is_empty() {
        // Several varequal in one conditionvar: Canvas's own export, read as
        // "any of these".
        let conds = texts.iter().map(|t| eq(RESPONSE, t)).collect();
        rules.push(
            Rule::new(false, conds)
                .score(Score::Set("100"))
                .feedback(&fb, "correct_fb"),
        );
    }
    rules.extend(incorrect_rule(&fb));
    resprocessing(xml, &rules);
    close_item(xml, &fb);
}

/// The conditions of one numerical answer, bounds computed in decimal.
fn numeric_conds(
    value: &NumericValue,
    span: crate::model::Span,
    content: &mut Content,
) -> Option<Cond> {
    let bad = |content: &mut Content| {
        content.warn(
            "canvas-number",
            span,
            "this number cannot be written exactly for Canvas: the answer is not exported",
        );
        None
    };
    match value {
        NumericValue::Exact { value, tolerance } => {
            let (Some(v), Some(t)) = (
                ExactDecimal::from_decimal(value),
                ExactDecimal::from_decimal(tolerance),
            ) else {
                return bad(content);
            };
            let t = t.abs();
            let exact = eq(RESPONSE, &v.to_string());
            if t == ExactDecimal::ZERO || t.normalized() == ExactDecimal::ZERO {
                return Some(Cond::Or(vec![exact]));
            }
            let (Some(lo), Some(hi)) = (v.checked_sub(t), v.checked_add(t)) else {
                return bad(content);
            };
            Some(Cond::Or(vec![
                exact,
                Cond::And(vec![
                    Cond::Gte(RESPONSE.into(), lo.to_string()),
                    Cond::Lte(RESPONSE.into(), hi.to_string()),
                ]),
            ]))
        }
        NumericValue::Range { min, max } => {
            let (Some(lo), Some(hi)) = (
                ExactDecimal::from_decimal(min),
                ExactDecimal::from_decimal(max),
            ) else {
                return bad(content);
            };
            Some(Cond::And(vec![
                Cond::Gte(RESPONSE.into(), lo.to_string()),
                Cond::Lte(RESPONSE.into(), hi.to_string()),
            ]))
        }
    }
}

fn numerical_item(
    xml: &mut Xml,
    q: &Question,
    info: &ItemInfo,
    content: &mut Content,
    mut fb: Feedbacks,
    accepted: &[NumericAnswer],
    wrong: &[NumericAnswer],
) {
    wrong_answers_warning(q, wrong.len(), content);
    let stem = content.html(&q.stem, q.span);
    let ids: Vec<String> = (1..=accepted.len()).map(|i| format!("answer{i}")).collect();
    let mut conds = Vec::new();
    for (a, id) in accepted.iter().zip(&ids) {
        credit_warning(content, a.credit, a.span);
        if let Some(f) = &a.feedback {
            fb.add(format!("{id}_fb"), content.html(f, a.span));
        }
        conds.push(numeric_conds(&a.value, a.span, content));
    }
    open_item(
        xml,
        info.ident,
        info.title,
        "numerical_question",
        info.points,
        &ids,
    );
    xml.open("presentation", &[]);
    material(xml, &stem);
    fib_response(xml, Some("Decimal"));
    xml.close("presentation");
    let mut rules: Vec<Rule> = general_rule(&fb).into_iter().collect();
    for (cond, id) in conds.into_iter().zip(&ids) {
        let Some(cond) = cond else { continue };
        rules.push(
            Rule::new(false, vec![cond])
                .score(Score::Set("100"))
                .feedback(&fb, &format!("{id}_fb"))
                .feedback(&fb, "correct_fb"),
        );
    }
    rules.extend(incorrect_rule(&fb));
    resprocessing(xml, &rules);
    close_item(xml, &fb);
}

fn essay_item(xml: &mut Xml, q: &Question, info: &ItemInfo, content: &mut Content, fb: Feedbacks) {
    let stem = content.html(&q.stem, q.span);
    open_item(
        xml,
        info.ident,
        info.title,
        "essay_question",
        info.points,
        &[],
    );
    xml.open("presentation", &[]);
    material(xml, &stem);
    fib_response(xml, None);
    xml.close("presentation");
    let mut rules: Vec<Rule> = general_rule(&fb).into_iter().collect();
    rules.push(Rule::new(false, vec![Cond::Other]));
    resprocessing(xml, &rules);
    close_item(xml, &fb);
}
