//! One question → one `assessmentItem`: declarations, body with the
//! interaction, response processing and modal feedback.

use super::content::Content;
use super::rp::{self, MAXSCORE, RESPONSE, SCORE, base, condition, op, set, show, var};
use super::version::Version;
use super::xml::{El, Node, document, fragment, h, q};
use crate::model::scoring::{answer_credit, choice_credits};
use crate::model::{
    Answer, Blank, Choice, NumericAnswer, NumericValue, OpenKind, OrderItem, Pair, Question, Rich,
    TextAnswer,
};

/// A built item and what the manifest says about it.
pub struct ItemDoc {
    pub id: String,
    pub title: String,
    pub tags: Vec<String>,
    pub xml: String,
    pub assets: std::collections::BTreeSet<String>,
    /// QTI 2.1 interaction element names (for `imsqti:interactionType`).
    pub interactions: Vec<&'static str>,
    pub has_feedback: bool,
    pub has_solution: bool,
}

/// Path from an item file to the package root.
pub const ITEM_ROOT: &str = "../";

/// What the type-specific part of an item contributes.
#[derive(Default)]
struct Parts {
    responses: Vec<El>,
    body: Vec<Node>,
    /// Score rules (may already add answer-specific feedback).
    rules: Vec<El>,
    /// The standard template equivalent to `rules` when there is no feedback.
    template: Option<&'static str>,
    /// Answer-specific feedback: identifier and content, in display order.
    answer_feedback: Vec<(String, Rich)>,
    /// Independent conditions adding answer feedback (choice feedback).
    feedback_rules: Vec<El>,
    interactions: Vec<&'static str>,
    /// Graded by a person: no score rules, no correct/incorrect feedback.
    open: bool,
}

pub fn item(question: &Question, title: &str, v: &Version, lang: &str, c: &mut Content) -> ItemDoc {
    let points = question.points;
    let stem = |c: &mut Content| c.blocks(&question.stem);
    let mut parts = match &question.answer {
        Answer::MultipleChoice { choices } => choice(question, choices, false, stem(c), c),
        Answer::MultipleAnswers { choices } => choice(question, choices, true, stem(c), c),
        Answer::TrueFalse {
            correct,
            feedback_true,
            feedback_false,
        } => true_false(points, *correct, [feedback_true, feedback_false], stem(c)),
        Answer::ShortAnswer {
            accepted,
            wrong,
            case_sensitive,
        } => short_answer(points, accepted, wrong, *case_sensitive, stem(c)),
        Answer::Numerical { accepted, wrong } => numerical(points, accepted, wrong, stem(c)),
        Answer::Open { kind } => open(*kind, stem(c)),
        Answer::Matching { pairs, distractors } => {
            let texts: Vec<&str> = distractors.iter().map(|d| d.text.as_str()).collect();
            matching(question, pairs, &texts, stem(c), c)
        }
        Answer::Blanks {
            blanks,
            case_sensitive,
        } => fill_in(question, blanks, *case_sensitive, v, c),
        Answer::Ordering { items, partial } => ordering(question, items, *partial, stem(c), c),
    };
    if let Some(answer) = &question.feedback.answer {
        // The model answer / grader information is for the scorer, never
        // shown to learners: a scorer-view rubric.
        let rubric = v
            .rubric("scorer", "scoring")
            .child(Node::ContentBody(vec![c.blocks(answer)]));
        parts.body.push(rubric.into());
    }

    let fb = &question.feedback;
    if !fb.hints.is_empty() {
        c.warn(
            "qti-hint-dropped",
            "QTI 2.1/3.0 items have no hint without adaptive processing; the hint is left out",
        );
    }
    let mut modal = std::mem::take(&mut parts.answer_feedback);
    let mut rules = std::mem::take(&mut parts.rules);
    rules.append(&mut parts.feedback_rules);
    if parts.open && (fb.correct.is_some() || fb.incorrect.is_some()) {
        c.warn(
            "qti-open-feedback-dropped",
            "a question graded by a person has no right or wrong answer in QTI; its Correct/Incorrect feedback is left out",
        );
    } else {
        let mut branches = Vec::new();
        let mut otherwise = Vec::new();
        if let Some(correct) = &fb.correct {
            modal.push(("CORRECT".into(), correct.clone()));
            branches.push((
                op("gte", [var(SCORE), var(MAXSCORE)]),
                vec![show("CORRECT")],
            ));
        }
        if let Some(incorrect) = &fb.incorrect {
            modal.push(("INCORRECT".into(), incorrect.clone()));
            if branches.is_empty() {
                branches.push((
                    op("lt", [var(SCORE), var(MAXSCORE)]),
                    vec![show("INCORRECT")],
                ));
            } else {
                otherwise.push(show("INCORRECT"));
            }
        }
        if !branches.is_empty() {
            rules.push(condition(branches, otherwise));
        }
    }
    if let Some(general) = &fb.general {
        modal.push(("GENERAL".into(), general.clone()));
        rules.push(show("GENERAL"));
    }

    let mut root = q("assessmentItem")
        .attr("xmlns", v.ns)
        .attr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
        .attr("xsi:schemaLocation", v.schema_location)
        .attr("identifier", question.id.clone())
        .attr("title", title)
        .attr("adaptive", "false")
        .attr("timeDependent", "false")
        .attr("xml:lang", lang);
    let has_solution = parts.responses.iter().any(|r| {
        r.children
            .iter()
            .any(|c| matches!(c, Node::El(e) if e.name == "correctResponse"))
    });
    for r in parts.responses {
        root.push(r);
    }
    root.push(rp::float_outcome(SCORE, 0.0));
    root.push(rp::float_outcome(MAXSCORE, points));
    for (id, _) in &modal {
        root.push(rp::feedback_outcome(id));
    }
    root.push(
        q("stylesheet")
            .attr("href", format!("{ITEM_ROOT}{}", super::STYLESHEET))
            .attr("type", "text/css"),
    );
    root.push(q("itemBody").children(parts.body));
    if modal.is_empty()
        && let Some(template) = parts.template
    {
        root.push(q("responseProcessing").attr("template", v.template(template)));
    } else if !rules.is_empty() {
        root.push(q("responseProcessing").children(rules.into_iter().map(Node::El)));
    }
    for (id, content) in &modal {
        root.push(
            q("modalFeedback")
                .attr("outcomeIdentifier", rp::feedback_outcome_id(id))
                .attr("showHide", "show")
                .attr("identifier", id.clone())
                .child(Node::ContentBody(vec![c.blocks(content)])),
        );
    }
    ItemDoc {
        id: question.id.clone(),
        title: title.to_string(),
        tags: question.tags.clone(),
        xml: document(&root, v),
        assets: std::mem::take(&mut c.assets),
        interactions: parts.interactions,
        has_feedback: !modal.is_empty(),
        has_solution,
    }
}

/// The modal feedback of a choice.
fn choice_feedback_id(choice: &str) -> String {
    format!("CHOICE_{choice}")
}

/// Multiple Choice (single response) and Multiple Answers.
fn choice(
    question: &Question,
    choices: &[Choice],
    multiple: bool,
    stem: Node,
    c: &mut Content,
) -> Parts {
    let points = question.points;
    let credits = choice_credits(choices, multiple);
    let correct: Vec<String> = if multiple {
        choices
            .iter()
            .filter(|ch| ch.correct)
            .map(|ch| ch.id.clone())
            .collect()
    } else {
        // The choice with the highest credit (the `[x]` one).
        let best = credits
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
            .map(|(i, _)| choices[i].id.clone());
        best.into_iter().collect()
    };
    // Multiple Answers without `{n%}`: right = w units, wrong = −c units, so
    // the sum is an integer and `points × sum / (c·w)` is exact at full marks.
    let overridden = choices.iter().any(|ch| ch.credit.is_some());
    let (units, divisor): (Vec<f64>, f64) = if multiple && !overridden {
        let right = choices.iter().filter(|ch| ch.correct).count().max(1) as f64;
        let wrong = choices.iter().filter(|ch| !ch.correct).count().max(1) as f64;
        let units = choices
            .iter()
            .map(|ch| if ch.correct { wrong } else { -right })
            .collect();
        (units, right * wrong)
    } else {
        (credits.clone(), 1.0)
    };
    let in_points: Vec<f64> = units.iter().map(|u| u * points / divisor).collect();
    let template_fits = rp::exact(in_points.iter().copied());
    let (values, bound, scale) = if template_fits {
        (in_points, points, None)
    } else {
        (units, divisor, Some((points, divisor)))
    };
    let entries: Vec<(String, f64)> = choices
        .iter()
        .zip(&values)
        .filter(|(_, v)| **v != 0.0)
        .map(|(ch, v)| (ch.id.clone(), *v))
        .collect();
    let mapping = rp::mapping(&entries, Some(0.0), Some(bound), None);
    let cardinality = if multiple { "multiple" } else { "single" };
    let all_or_nothing = credits.iter().all(|x| *x == 0.0 || *x == 1.0);
    let template = if !template_fits {
        None
    } else if !multiple && points == 1.0 && all_or_nothing {
        Some("match_correct")
    } else {
        Some("map_response")
    };

    let mut interaction = q("choiceInteraction")
        .attr("responseIdentifier", RESPONSE)
        .attr("shuffle", question.shuffle.to_string())
        .attr("maxChoices", if multiple { "0" } else { "1" });
    let mut answer_feedback = Vec::new();
    let mut feedback_rules = Vec::new();
    for ch in choices {
        let choice = q("simpleChoice")
            .attr("identifier", ch.id.clone())
            .attr_if(ch.pinned, "fixed", "true")
            .child(c.choice(&ch.content));
        interaction.push(choice);
        if let Some(fb) = &ch.feedback {
            let id = choice_feedback_id(&ch.id);
            let chosen = if multiple {
                op("member", [base("identifier", &ch.id), var(RESPONSE)])
            } else {
                op("match", [var(RESPONSE), base("identifier", &ch.id)])
            };
            feedback_rules.push(condition(vec![(chosen, vec![show(&id)])], vec![]));
            answer_feedback.push((id, fb.clone()));
        }
    }
    Parts {
        responses: vec![rp::response(
            RESPONSE,
            cardinality,
            "identifier",
            &correct,
            Some(mapping),
        )],
        body: vec![stem, interaction.into()],
        rules: vec![rp::mapped_score(RESPONSE, scale)],
        template,
        answer_feedback,
        feedback_rules,
        interactions: vec!["choiceInteraction"],
        open: false,
    }
}

fn true_false(points: f64, correct: bool, feedback: [&Option<Rich>; 2], stem: Node) -> Parts {
    let key = if correct { "true" } else { "false" };
    let mapping = rp::mapping(&[(key.to_string(), points)], Some(0.0), Some(points), None);
    let mut interaction = q("choiceInteraction")
        .attr("responseIdentifier", RESPONSE)
        .attr("shuffle", "false")
        .attr("maxChoices", "1");
    let mut answer_feedback = Vec::new();
    let mut feedback_rules = Vec::new();
    for ((id, label), fb) in [("true", "True"), ("false", "False")]
        .into_iter()
        .zip(feedback)
    {
        interaction.push(q("simpleChoice").attr("identifier", id).text(label));
        if let Some(fb) = fb {
            let fb_id = choice_feedback_id(id);
            let chosen = op("match", [var(RESPONSE), base("identifier", id)]);
            feedback_rules.push(condition(vec![(chosen, vec![show(&fb_id)])], vec![]));
            answer_feedback.push((fb_id, fb.clone()));
        }
    }
    Parts {
        responses: vec![rp::response(
            RESPONSE,
            "single",
            "identifier",
            &[key.to_string()],
            Some(mapping),
        )],
        body: vec![stem, interaction.into()],
        rules: vec![rp::mapped_score(RESPONSE, None)],
        template: Some(if points == 1.0 {
            "match_correct"
        } else {
            "map_response"
        }),
        answer_feedback,
        feedback_rules,
        interactions: vec!["choiceInteraction"],
        open: false,
    }
}

/// `<p>` holding one text entry.
fn entry_paragraph(id: &str, expected_length: usize) -> Node {
    h("p")
        .child(
            q("textEntryInteraction")
                .attr("responseIdentifier", id)
                .attr("expectedLength", expected_length.clamp(5, 60).to_string()),
        )
        .into()
}

/// The correct response: the first answer with the highest credit.
fn best<T>(answers: &[T], credit: impl Fn(&T) -> f64) -> Option<&T> {
    let mut best: Option<(&T, f64)> = None;
    for a in answers {
        let x = credit(a);
        if best.is_none_or(|(_, b)| x > b) {
            best = Some((a, x));
        }
    }
    best.map(|(a, _)| a)
}

fn short_answer(
    points: f64,
    accepted: &[TextAnswer],
    wrong: &[TextAnswer],
    case_sensitive: bool,
    stem: Node,
) -> Parts {
    let all: Vec<(&TextAnswer, f64)> = accepted
        .iter()
        .map(|a| (a, answer_credit(a.credit, true)))
        .chain(wrong.iter().map(|a| (a, answer_credit(a.credit, false))))
        .collect();
    let entries: Vec<(String, f64)> = all
        .iter()
        .filter(|(_, cr)| *cr != 0.0)
        .map(|(a, cr)| (a.text.clone(), (cr * points).max(0.0)))
        .collect();
    let mapping = rp::mapping(&entries, Some(0.0), Some(points), Some(case_sensitive));
    let correct: Vec<String> = best(accepted, |a| answer_credit(a.credit, true))
        .map(|a| a.text.clone())
        .into_iter()
        .collect();
    let longest = accepted
        .iter()
        .map(|a| a.text.chars().count())
        .max()
        .unwrap_or(10);

    let has_feedback = all.iter().any(|(a, _)| a.feedback.is_some());
    let mut answer_feedback = Vec::new();
    let rules = if has_feedback {
        // The first answer that matches gives the credit and its feedback.
        let mut branches = Vec::new();
        for (i, (a, credit)) in all.iter().enumerate() {
            let test = op("stringMatch", [var(RESPONSE), base("string", &a.text)])
                .attr("caseSensitive", case_sensitive.to_string());
            let mut actions = vec![set(SCORE, rp::float((credit * points).max(0.0)))];
            if let Some(fb) = &a.feedback {
                let id = format!("ANSWER_{}", i + 1);
                actions.push(show(&id));
                answer_feedback.push((id, fb.clone()));
            }
            branches.push((test, actions));
        }
        vec![condition(branches, vec![set(SCORE, rp::float(0.0))])]
    } else {
        vec![rp::mapped_score(RESPONSE, None)]
    };
    Parts {
        responses: vec![rp::response(
            RESPONSE,
            "single",
            "string",
            &correct,
            Some(mapping),
        )],
        body: vec![stem, entry_paragraph(RESPONSE, longest)],
        rules,
        template: Some("map_response"),
        answer_feedback,
        feedback_rules: Vec::new(),
        interactions: vec!["textEntryInteraction"],
        open: false,
    }
}

/// A numeric test on RESPONSE: `equal` (exact or absolute tolerance) or a
/// `gte`/`lte` range, with the author's digits.
fn numeric_test(value: &NumericValue) -> El {
    match value {
        NumericValue::Exact { value, tolerance } => {
            let tol = tolerance.as_str().trim_start_matches('-');
            let zero = tol.chars().all(|c| matches!(c, '0' | '.')) || tol.starts_with("0e");
            let equal = op("equal", [var(RESPONSE), base("float", value.as_str())]);
            if zero {
                equal.attr("toleranceMode", "exact")
            } else {
                equal
                    .attr("toleranceMode", "absolute")
                    .attr("tolerance", format!("{tol} {tol}"))
            }
        }
        NumericValue::Range { min, max } => op(
            "and",
            [
                op("gte", [var(RESPONSE), base("float", min.as_str())]),
                op("lte", [var(RESPONSE), base("float", max.as_str())]),
            ],
        ),
    }
}

fn numerical(
    points: f64,
    accepted: &[NumericAnswer],
    wrong: &[NumericAnswer],
    stem: Node,
) -> Parts {
    let correct: Vec<String> = best(accepted, |a| answer_credit(a.credit, true))
        .map(|a| match &a.value {
            NumericValue::Exact { value, .. } => value.as_str().to_string(),
            NumericValue::Range { min, .. } => min.as_str().to_string(),
        })
        .into_iter()
        .collect();
    let mut answer_feedback = Vec::new();
    let mut branches = Vec::new();
    let all = accepted
        .iter()
        .map(|a| (a, true))
        .chain(wrong.iter().map(|a| (a, false)));
    for (i, (a, is_accepted)) in all.enumerate() {
        let credit = answer_credit(a.credit, is_accepted);
        let mut actions = vec![set(SCORE, rp::float((credit * points).max(0.0)))];
        if let Some(fb) = &a.feedback {
            let id = format!("ANSWER_{}", i + 1);
            actions.push(show(&id));
            answer_feedback.push((id, fb.clone()));
        }
        branches.push((numeric_test(&a.value), actions));
    }
    Parts {
        responses: vec![rp::response(RESPONSE, "single", "float", &correct, None)],
        body: vec![stem, entry_paragraph(RESPONSE, 12)],
        rules: vec![condition(branches, vec![set(SCORE, rp::float(0.0))])],
        template: None,
        answer_feedback,
        feedback_rules: Vec::new(),
        interactions: vec!["textEntryInteraction"],
        open: false,
    }
}

fn open(kind: OpenKind, stem: Node) -> Parts {
    let lines = match kind {
        OpenKind::Essay => "10",
        OpenKind::ShortAnswer => "3",
    };
    let interaction = q("extendedTextInteraction")
        .attr("responseIdentifier", RESPONSE)
        .attr("expectedLines", lines);
    Parts {
        responses: vec![rp::response(RESPONSE, "single", "string", &[], None)],
        body: vec![stem, interaction.into()],
        interactions: vec!["extendedTextInteraction"],
        open: true,
        ..Parts::default()
    }
}

fn matching(
    question: &Question,
    pairs: &[Pair],
    distractors: &[&str],
    stem: Node,
    c: &mut Content,
) -> Parts {
    let points = question.points;
    // Right-hand texts, each once: a text used by several pairs is one choice
    // with matchMax > 1.
    let mut rights: Vec<(String, String, usize)> = Vec::new(); // id, text, uses
    let mut right_of = Vec::new();
    for pair in pairs {
        let idx = match rights.iter().position(|(_, t, _)| *t == pair.right) {
            Some(i) => i,
            None => {
                rights.push((format!("R{}", rights.len() + 1), pair.right.clone(), 0));
                rights.len() - 1
            }
        };
        rights[idx].2 += 1;
        right_of.push(rights[idx].0.clone());
    }
    for d in distractors {
        if rights.iter().any(|(_, t, _)| t == d) {
            c.warn(
                "qti-duplicate-distractor",
                format!(
                    "the distractor `{d}` is also a right-hand side of a pair; it is listed once"
                ),
            );
            continue;
        }
        rights.push((format!("R{}", rights.len() + 1), d.to_string(), 1));
    }
    let n = pairs.len().max(1) as f64;
    let correct: Vec<String> = right_of
        .iter()
        .enumerate()
        .map(|(i, r)| format!("L{} {r}", i + 1))
        .collect();
    let template_fits = rp::exact([points / n]);
    let (value, bound, scale) = if template_fits {
        (points / n, points, None)
    } else {
        (1.0, n, Some((points, n)))
    };
    let entries: Vec<(String, f64)> = correct.iter().map(|k| (k.clone(), value)).collect();
    let mapping = rp::mapping(&entries, Some(0.0), Some(bound), None);

    let mut left_set = q("simpleMatchSet");
    for (i, pair) in pairs.iter().enumerate() {
        left_set.push(
            q("simpleAssociableChoice")
                .attr("identifier", format!("L{}", i + 1))
                .attr("matchMax", "1")
                .text(pair.left.clone()),
        );
    }
    // Right-hand side in alphabetical order, so that a player that does not
    // shuffle does not show the pairs lined up.
    let mut shown: Vec<&(String, String, usize)> = rights.iter().collect();
    shown.sort_by(|a, b| {
        a.1.to_lowercase()
            .cmp(&b.1.to_lowercase())
            .then(a.0.cmp(&b.0))
    });
    let mut right_set = q("simpleMatchSet");
    for (id, text, uses) in shown {
        right_set.push(
            q("simpleAssociableChoice")
                .attr("identifier", id.clone())
                .attr("matchMax", uses.to_string())
                .text(text.clone()),
        );
    }
    let interaction = q("matchInteraction")
        .attr("responseIdentifier", RESPONSE)
        .attr("shuffle", question.shuffle.to_string())
        .attr("maxAssociations", pairs.len().to_string())
        .child(left_set)
        .child(right_set);
    Parts {
        responses: vec![rp::response(
            RESPONSE,
            "multiple",
            "directedPair",
            &correct,
            Some(mapping),
        )],
        body: vec![stem, interaction.into()],
        rules: vec![rp::mapped_score(RESPONSE, scale)],
        template: template_fits.then_some("map_response"),
        interactions: vec!["matchInteraction"],
        ..Parts::default()
    }
}

fn fill_in(
    question: &Question,
    blanks: &[Blank],
    case_sensitive: bool,
    v: &Version,
    c: &mut Content,
) -> Parts {
    let points = question.points;
    let blank_id = |i: usize| format!("B{}", i + 1);
    let mut responses = Vec::new();
    let mut rules = vec![set(SCORE, rp::float(0.0))];
    let mut interactions = Vec::new();
    let mut markup = Vec::new();
    for (i, blank) in blanks.iter().enumerate() {
        let id = blank_id(i);
        let (decl, interaction) = match blank {
            Blank::Text { accepted, .. } => {
                let entries: Vec<(String, f64)> =
                    accepted.iter().map(|a| (a.clone(), 1.0)).collect();
                let mapping = rp::mapping(&entries, Some(0.0), Some(1.0), Some(case_sensitive));
                let correct: Vec<String> = accepted.first().cloned().into_iter().collect();
                let longest = accepted
                    .iter()
                    .map(|a| a.chars().count())
                    .max()
                    .unwrap_or(5);
                let el = q("textEntryInteraction")
                    .attr("responseIdentifier", id.clone())
                    .attr("expectedLength", longest.clamp(3, 40).to_string());
                if !interactions.contains(&"textEntryInteraction") {
                    interactions.push("textEntryInteraction");
                }
                (
                    rp::response(&id, "single", "string", &correct, Some(mapping)),
                    el,
                )
            }
            Blank::Dropdown {
                options, correct, ..
            } => {
                let option_id = |k: usize| format!("{id}_{}", k + 1);
                let mapping =
                    rp::mapping(&[(option_id(*correct), 1.0)], Some(0.0), Some(1.0), None);
                let mut el = q("inlineChoiceInteraction")
                    .attr("responseIdentifier", id.clone())
                    .attr("shuffle", question.shuffle.to_string());
                for (k, option) in options.iter().enumerate() {
                    el.push(
                        q("inlineChoice")
                            .attr("identifier", option_id(k))
                            .text(option.clone()),
                    );
                }
                if !interactions.contains(&"inlineChoiceInteraction") {
                    interactions.push("inlineChoiceInteraction");
                }
                (
                    rp::response(
                        &id,
                        "single",
                        "identifier",
                        &[option_id(*correct)],
                        Some(mapping),
                    ),
                    el,
                )
            }
        };
        responses.push(decl);
        markup.push(fragment(&interaction.into(), v));
        let answered = op("not", [op("isNull", [var(&id)])]);
        let add = set(
            SCORE,
            op(
                "sum",
                [
                    var(SCORE),
                    op("mapResponse", []).attr("identifier", id.clone()),
                ],
            ),
        );
        rules.push(condition(vec![(answered, vec![add])], vec![]));
    }
    let n = blanks.len().max(1) as f64;
    rules.push(set(SCORE, rp::scaled(points, n, var(SCORE))));
    let body = c.blocks_with_blanks(&question.stem, &|i| {
        markup.get(i).cloned().unwrap_or_default()
    });
    Parts {
        responses,
        body: vec![body],
        rules,
        interactions,
        ..Parts::default()
    }
}

/// A fixed order that differs from the correct one (for players that do not
/// shuffle): items sorted by a hash of their position and the question id.
fn display_order(question: &Question, n: usize) -> Vec<usize> {
    use sha2::{Digest, Sha256};
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|i| Sha256::digest(format!("{}:{i}", question.id).as_bytes()).to_vec());
    if n > 1 && order.iter().enumerate().all(|(i, k)| i == *k) {
        order.rotate_left(1);
    }
    order
}

fn ordering(
    question: &Question,
    items: &[OrderItem],
    partial: bool,
    stem: Node,
    c: &mut Content,
) -> Parts {
    let points = question.points;
    let id = |i: usize| format!("o{}", i + 1);
    let correct: Vec<String> = (0..items.len()).map(id).collect();
    let mut interaction = q("orderInteraction")
        .attr("responseIdentifier", RESPONSE)
        .attr("shuffle", "true");
    for i in display_order(question, items.len()) {
        interaction.push(
            q("simpleChoice")
                .attr("identifier", id(i))
                .child(c.choice(&items[i].content)),
        );
    }
    let (rules, template) = if partial {
        let mut rules = vec![set(SCORE, rp::float(0.0))];
        for (i, choice) in correct.iter().enumerate() {
            let at = op("index", [var(RESPONSE)]).attr("n", (i + 1).to_string());
            let right = op("match", [at, base("identifier", choice)]);
            let add = set(SCORE, op("sum", [var(SCORE), rp::float(1.0)]));
            rules.push(condition(vec![(right, vec![add])], vec![]));
        }
        let n = items.len().max(1) as f64;
        rules.push(set(SCORE, rp::scaled(points, n, var(SCORE))));
        // The whole order right is full marks without counting: amp-up's
        // qti3-item-player resolves `index n="1"` as a variable name and
        // finds nothing, so counting alone would give it 0 for a right order.
        let all_right = op("match", [var(RESPONSE), rp::correct(RESPONSE)]);
        let rules = vec![condition(
            vec![(all_right, vec![set(SCORE, rp::float(points))])],
            rules,
        )];
        (rules, None)
    } else {
        let right = op("match", [var(RESPONSE), rp::correct(RESPONSE)]);
        let rules = vec![condition(
            vec![(right, vec![set(SCORE, rp::float(points))])],
            vec![set(SCORE, rp::float(0.0))],
        )];
        (rules, (points == 1.0).then_some("match_correct"))
    };
    Parts {
        responses: vec![rp::response(
            RESPONSE,
            "ordered",
            "identifier",
            &correct,
            None,
        )],
        body: vec![stem, interaction.into()],
        rules,
        template,
        interactions: vec!["orderInteraction"],
        ..Parts::default()
    }
}
