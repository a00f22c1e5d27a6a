//! One Canvas QTI 1.2 `<item>` per question: `question_type` and
//! `points_possible` metadata, the presentation, response processing (SCORE
//! in percent of the question) and `itemfeedback`, in the shapes Canvas's own
//! exporter writes and its importer reads.

use super::content::Content;
use super::num::Dec;
use super::xml::Xml;
use crate::model::{
    Answer, Blank, Choice, Distractor, NumericAnswer, NumericValue, OrderItem, Pair, Question,
    Rich, TextAnswer, TextBlock, scoring,
};

/// What the item writer needs besides the question.
pub struct ItemInfo<'a> {
    /// `<item ident>`, unique in the package.
    pub ident: &'a str,
    /// The LMS question name.
    pub title: &'a str,
    pub points: Dec,
    /// Put an open question's model answer into its general feedback.
    pub model_answer_in_feedback: bool,
}

/// Feedback blocks of one item, by `itemfeedback` ident, in writing order.
#[derive(Default)]
struct Feedbacks {
    blocks: Vec<(String, String)>,
}

impl Feedbacks {
    fn add(&mut self, ident: impl Into<String>, html: String) {
        self.blocks.push((ident.into(), html));
    }

    fn has(&self, ident: &str) -> bool {
        self.blocks.iter().any(|(i, _)| i == ident)
    }
}

/// `<respcondition>` pieces, written in order.
#[derive(Clone)]
enum Cond {
    Other,
    /// `varequal respident=…`
    Equal(String, String),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Gte(String, String),
    Lte(String, String),
}

fn eq(response: &str, value: &str) -> Cond {
    Cond::Equal(response.to_string(), value.to_string())
}

impl Cond {
    fn write(&self, xml: &mut Xml) {
        match self {
            Cond::Other => xml.empty("other", &[]),
            Cond::Equal(resp, value) => xml.text("varequal", &[("respident", resp)], value),
            Cond::Gte(resp, value) => xml.text("vargte", &[("respident", resp)], value),
            Cond::Lte(resp, value) => xml.text("varlte", &[("respident", resp)], value),
            Cond::Not(inner) => {
                xml.open("not", &[]);
                inner.write(xml);
                xml.close("not");
            }
            Cond::And(parts) | Cond::Or(parts) => {
                let name = if matches!(self, Cond::And(_)) {
                    "and"
                } else {
                    "or"
                };
                xml.open(name, &[]);
                for p in parts {
                    p.write(xml);
                }
                xml.close(name);
            }
        }
    }
}

/// How a respcondition changes SCORE.
enum Score {
    None,
    Set(&'static str),
    Add(String),
}

struct Rule {
    /// `continue="Yes"`: later rules are evaluated too.
    more: bool,
    /// Conditions, all of which must hold.
    conds: Vec<Cond>,
    score: Score,
    feedback: Vec<String>,
}

impl Rule {
    fn new(more: bool, conds: Vec<Cond>) -> Self {
        Rule {
            more,
            conds,
            score: Score::None,
            feedback: Vec::new(),
        }
    }

    fn score(mut self, score: Score) -> Self {
        self.score = score;
        self
    }

    fn feedback(mut self, fb: &Feedbacks, ident: &str) -> Self {
        if fb.has(ident) {
            self.feedback.push(ident.to_string());
        }
        self
    }

    fn write(&self, xml: &mut Xml) {
        xml.open(
            "respcondition",
            &[("continue", if self.more { "Yes" } else { "No" })],
        );
        xml.open("conditionvar", &[]);
        for c in &self.conds {
            c.write(xml);
        }
        xml.close("conditionvar");
        match &self.score {
            Score::None => {}
            Score::Set(v) => xml.text("setvar", &[("action", "Set"), ("varname", "SCORE")], v),
            Score::Add(v) => xml.text("setvar", &[("action", "Add"), ("varname", "SCORE")], v),
        }
        for f in &self.feedback {
            xml.empty(
                "displayfeedback",
                &[("feedbacktype", "Response"), ("linkrefid", f)],
            );
        }
        xml.close("respcondition");
    }
}

const RESPONSE: &str = "response1";

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
    open_item(xml, ident, title, "text_only_question", Dec::ZERO, &[]);
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

fn open_item(
    xml: &mut Xml,
    ident: &str,
    title: &str,
    qtype: &str,
    points: Dec,
    answer_ids: &[String],
) {
    xml.open("item", &[("ident", ident), ("title", title)]);
    xml.open("itemmetadata", &[]);
    xml.open("qtimetadata", &[]);
    let aq = format!("{ident}-aq");
    for (label, entry) in [
        ("question_type", qtype),
        ("points_possible", &points.points_text()),
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

fn material(xml: &mut Xml, html: &str) {
    xml.open("material", &[]);
    xml.text("mattext", &[("texttype", "text/html")], html);
    xml.close("material");
}

fn plain_material(xml: &mut Xml, text: &str) {
    xml.open("material", &[]);
    xml.text("mattext", &[("texttype", "text/plain")], text);
    xml.close("material");
}

fn resprocessing(xml: &mut Xml, rules: &[Rule]) {
    xml.open("resprocessing", &[]);
    xml.open("outcomes", &[]);
    xml.empty(
        "decvar",
        &[
            ("maxvalue", "100"),
            ("minvalue", "0"),
            ("varname", "SCORE"),
            ("vartype", "Decimal"),
        ],
    );
    xml.close("outcomes");
    for r in rules {
        r.write(xml);
    }
    xml.close("resprocessing");
}

fn close_item(xml: &mut Xml, fb: &Feedbacks) {
    for (ident, html) in &fb.blocks {
        xml.open("itemfeedback", &[("ident", ident)]);
        xml.open("flow_mat", &[]);
        material(xml, html);
        xml.close("flow_mat");
        xml.close("itemfeedback");
    }
    xml.close("item");
}

/// `general_fb` first: Canvas shows it whatever the answer.
fn general_rule(fb: &Feedbacks) -> Option<Rule> {
    fb.has("general_fb")
        .then(|| Rule::new(true, vec![Cond::Other]).feedback(fb, "general_fb"))
}

/// `general_incorrect_fb` last, reached when no `continue="No"` rule fired.
fn incorrect_rule(fb: &Feedbacks) -> Option<Rule> {
    fb.has("general_incorrect_fb")
        .then(|| Rule::new(true, vec![Cond::Other]).feedback(fb, "general_incorrect_fb"))
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
        .map(|a| super::xml::xml_safe(&a.text))
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
            let (Some(v), Some(t)) = (Dec::from_decimal(value), Dec::from_decimal(tolerance))
            else {
                return bad(content);
            };
            let t = t.abs();
            let exact = eq(RESPONSE, &v.to_string());
            if t == Dec::ZERO || t.normalized() == Dec::ZERO {
                return Some(Cond::Or(vec![exact]));
            }
            let (Some(lo), Some(hi)) = (v.sub(t), v.add(t)) else {
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
            let (Some(lo), Some(hi)) = (Dec::from_decimal(min), Dec::from_decimal(max)) else {
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

/// Per-part score, as Canvas writes it: `100 / parts` with two decimals.
fn part_score(parts: usize) -> String {
    format!("{:.2}", 100.0 / parts.max(1) as f64)
}

/// Rules shared by the multi-part types (matching, blanks): a part's rule
/// adds its share; correct/incorrect feedback fire on all / not all parts.
fn part_rules(fb: &Feedbacks, parts: Vec<(Vec<Cond>, Cond)>) -> Vec<Rule> {
    let share = part_score(parts.len());
    let mut rules: Vec<Rule> = general_rule(fb).into_iter().collect();
    let mut all = Vec::new();
    for (accepted, key) in parts {
        for cond in accepted {
            rules.push(Rule::new(true, vec![cond]).score(Score::Add(share.clone())));
        }
        all.push(key);
    }
    let has_correct = fb.has("correct_fb");
    let has_incorrect = fb.has("general_incorrect_fb");
    if has_correct || has_incorrect {
        let all_parts = || Cond::And(all.clone());
        if has_correct {
            rules.push(Rule::new(true, vec![all_parts()]).feedback(fb, "correct_fb"));
        }
        if has_incorrect {
            rules.push(
                Rule::new(true, vec![Cond::Not(Box::new(all_parts()))])
                    .feedback(fb, "general_incorrect_fb"),
            );
        }
    }
    rules
}

/// One right-hand option list shared by every left item: pairs' right sides
/// (duplicates merged) then distractors.
fn right_options(pairs: &[Pair], distractors: &[Distractor]) -> (Vec<String>, Vec<usize>) {
    let mut options: Vec<String> = Vec::new();
    let index_of = |text: &str, options: &mut Vec<String>| {
        let safe = super::xml::xml_safe(text);
        match options.iter().position(|o| *o == safe) {
            Some(i) => i,
            None => {
                options.push(safe);
                options.len() - 1
            }
        }
    };
    let keys = pairs
        .iter()
        .map(|p| index_of(&p.right, &mut options))
        .collect();
    for d in distractors {
        index_of(&d.text, &mut options);
    }
    (options, keys)
}

fn matching_item(
    xml: &mut Xml,
    q: &Question,
    info: &ItemInfo,
    content: &mut Content,
    fb: Feedbacks,
    pairs: &[Pair],
    distractors: &[Distractor],
) {
    for p in pairs {
        content.plain_text_slot(&p.right, p.span, "a matching right-hand side");
    }
    for d in distractors {
        content.plain_text_slot(&d.text, d.span, "a matching distractor");
    }
    let lefts: Vec<String> = pairs
        .iter()
        .map(|p| super::xml::xml_safe(&p.left))
        .collect();
    let (options, keys) = right_options(pairs, distractors);
    matching_body(xml, q, info, content, fb, &lefts, &options, &keys, None);
}

/// The matching presentation and scoring, shared with ordering.
#[allow(clippy::too_many_arguments)]
fn matching_body(
    xml: &mut Xml,
    q: &Question,
    info: &ItemInfo,
    content: &mut Content,
    fb: Feedbacks,
    lefts: &[String],
    options: &[String],
    keys: &[usize],
    stem_suffix: Option<&str>,
) {
    let mut stem = content.html(&q.stem, q.span);
    if let Some(s) = stem_suffix {
        stem.push_str(s);
    }
    let left_ids: Vec<String> = (1..=lefts.len()).map(|i| format!("left{i}")).collect();
    let right_ids: Vec<String> = (1..=options.len()).map(|i| format!("right{i}")).collect();
    let responses: Vec<String> = left_ids.iter().map(|l| format!("response_{l}")).collect();
    open_item(
        xml,
        info.ident,
        info.title,
        "matching_question",
        info.points,
        &left_ids,
    );
    xml.open("presentation", &[]);
    material(xml, &stem);
    for (left, response) in lefts.iter().zip(&responses) {
        xml.open("response_lid", &[("ident", response)]);
        plain_material(xml, left);
        xml.open("render_choice", &[]);
        for (option, id) in options.iter().zip(&right_ids) {
            xml.open("response_label", &[("ident", id)]);
            xml.open("material", &[]);
            xml.text("mattext", &[], option);
            xml.close("material");
            xml.close("response_label");
        }
        xml.close("render_choice");
        xml.close("response_lid");
    }
    xml.close("presentation");
    let parts = responses
        .iter()
        .zip(keys)
        .map(|(response, key)| {
            let right = right_ids[*key].as_str();
            (vec![eq(response, right)], eq(response, right))
        })
        .collect();
    let rules = part_rules(&fb, parts);
    resprocessing(xml, &rules);
    close_item(xml, &fb);
}

fn blanks_item(
    xml: &mut Xml,
    q: &Question,
    info: &ItemInfo,
    content: &mut Content,
    fb: Feedbacks,
    blanks: &[Blank],
) {
    let has_text = blanks.iter().any(|b| matches!(b, Blank::Text { .. }));
    let has_dropdown = blanks.iter().any(|b| matches!(b, Blank::Dropdown { .. }));
    let dropdowns = has_dropdown && !has_text;
    if has_text && has_dropdown {
        content.warn(
            "canvas-mixed-blanks",
            q.span,
            "Canvas has no question type mixing text blanks and dropdowns: the dropdowns \
             become text blanks that accept their correct option \
             (fill_in_multiple_blanks_question)",
        );
    }
    let names: Vec<String> = (1..=blanks.len()).map(|i| format!("b{i}")).collect();
    let stem = content.blanks_html(&q.stem, q.span, &names);
    // Each blank's options: (answer ident, text, correct).
    let mut per_blank: Vec<Vec<(String, String, bool)>> = Vec::new();
    for (blank, name) in blanks.iter().zip(&names) {
        let options = match blank {
            Blank::Text { accepted, span } => {
                for a in accepted {
                    content.plain_text_slot(a, *span, "a blank's accepted answer");
                }
                accepted
                    .iter()
                    .map(|a| (a.clone(), true))
                    .collect::<Vec<_>>()
            }
            Blank::Dropdown {
                options,
                correct,
                span,
            } => {
                for o in options {
                    content.plain_text_slot(o, *span, "a dropdown option");
                }
                if dropdowns {
                    options
                        .iter()
                        .enumerate()
                        .map(|(i, o)| (o.clone(), i == *correct))
                        .collect()
                } else {
                    options
                        .get(*correct)
                        .map(|o| vec![(o.clone(), true)])
                        .unwrap_or_default()
                }
            }
        };
        per_blank.push(
            options
                .into_iter()
                .enumerate()
                .map(|(i, (text, ok))| {
                    (format!("{name}-{}", i + 1), super::xml::xml_safe(&text), ok)
                })
                .collect(),
        );
    }
    let ids: Vec<String> = per_blank
        .iter()
        .flatten()
        .map(|(id, ..)| id.clone())
        .collect();
    let qtype = if dropdowns {
        "multiple_dropdowns_question"
    } else {
        "fill_in_multiple_blanks_question"
    };
    open_item(xml, info.ident, info.title, qtype, info.points, &ids);
    xml.open("presentation", &[]);
    material(xml, &stem);
    let responses: Vec<String> = names.iter().map(|n| format!("response_{n}")).collect();
    for ((name, response), options) in names.iter().zip(&responses).zip(&per_blank) {
        xml.open("response_lid", &[("ident", response)]);
        xml.open("material", &[]);
        xml.text("mattext", &[], name);
        xml.close("material");
        xml.open("render_choice", &[]);
        for (id, text, _) in options {
            xml.open("response_label", &[("ident", id)]);
            plain_material(xml, text);
            xml.close("response_label");
        }
        xml.close("render_choice");
        xml.close("response_lid");
    }
    xml.close("presentation");
    let parts = responses
        .iter()
        .zip(&per_blank)
        .map(|(response, options)| {
            let accepted: Vec<Cond> = options
                .iter()
                .filter(|o| o.2)
                .map(|(id, ..)| eq(response, id))
                .collect();
            let key = match accepted.len() {
                1 => accepted[0].clone(),
                _ => Cond::Or(accepted.clone()),
            };
            (accepted, key)
        })
        .collect();
    let rules = part_rules(&fb, parts);
    resprocessing(xml, &rules);
    close_item(xml, &fb);
}

/// Ordering has no Canvas Classic type: a matching question where each item
/// is matched to its position. Items are listed in a fixed order that is not
/// the answer (derived from the question id, so builds are reproducible).
fn ordering_item(
    xml: &mut Xml,
    q: &Question,
    info: &ItemInfo,
    content: &mut Content,
    fb: Feedbacks,
    items: &[OrderItem],
    partial: bool,
) {
    content.warn(
        "canvas-ordering",
        q.span,
        format!(
            "Canvas Classic has no ordering type: exported as a matching question pairing each \
             item (as plain text) with its position 1–{n}{}",
            if partial {
                ""
            } else {
                "; Canvas scores matching per pair, so the all-or-nothing scoring becomes \
                 partial credit (use `{scoring=partial}` to make this explicit)"
            },
            n = items.len()
        ),
    );
    let order = display_order(q.id.as_bytes(), items.len());
    let lefts: Vec<String> = order
        .iter()
        .map(|&i| super::xml::xml_safe(&items[i].content.plain_text()))
        .collect();
    let options: Vec<String> = (1..=items.len()).map(|p| p.to_string()).collect();
    let keys: Vec<usize> = order.clone();
    let suffix = "<p>Match each item to its position in the correct order (1 = first).</p>";
    matching_body(
        xml,
        q,
        info,
        content,
        fb,
        &lefts,
        &options,
        &keys,
        Some(suffix),
    );
}

/// A permutation of `0..n` from a hash of `seed` that is not the identity
/// (for n ≥ 2), so the listed order never gives the answer away.
pub fn display_order(seed: &[u8], n: usize) -> Vec<usize> {
    use sha2::{Digest, Sha256};
    let mut order: Vec<usize> = (0..n).collect();
    let mut state: Vec<u8> = Sha256::digest(seed).to_vec();
    for round in 0u8..16 {
        for i in (1..n).rev() {
            let byte = state[i % state.len()] as usize;
            order.swap(i, byte % (i + 1));
        }
        if n < 2 || order.iter().enumerate().any(|(i, &o)| i != o) {
            return order;
        }
        state = Sha256::digest([&state[..], &[round]].concat()).to_vec();
    }
    order.rotate_left(1);
    order
}
