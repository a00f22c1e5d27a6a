//! Response processing as Canvas writes it: `respcondition`s that set or
//! add SCORE (percent of the question) and point at `itemfeedback` blocks.

use super::xml::Xml;

/// Feedback blocks of one item, by `itemfeedback` ident, in writing order.
#[derive(Default)]
pub(super) struct Feedbacks {
    pub(super) blocks: Vec<(String, String)>,
}

impl Feedbacks {
    pub(super) fn add(&mut self, ident: impl Into<String>, html: String) {
        self.blocks.push((ident.into(), html));
    }

    pub(super) fn has(&self, ident: &str) -> bool {
        self.blocks.iter().any(|(i, _)| i == ident)
    }
}

/// `<respcondition>` pieces, written in order.
#[derive(Clone)]
pub(super) enum Cond {
    Other,
    /// `varequal respident=…`
    Equal(String, String),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Gte(String, String),
    Lte(String, String),
}

pub(super) fn eq(response: &str, value: &str) -> Cond {
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
pub(super) enum Score {
    None,
    Set(&'static str),
    Add(String),
}

pub(super) struct Rule {
    /// `continue="Yes"`: later rules are evaluated too.
    more: bool,
    /// Conditions, all of which must hold.
    conds: Vec<Cond>,
    score: Score,
    feedback: Vec<String>,
}

impl Rule {
    pub(super) fn new(more: bool, conds: Vec<Cond>) -> Self {
        Rule {
            more,
            conds,
            score: Score::None,
            feedback: Vec::new(),
        }
    }

    pub(super) fn score(mut self, score: Score) -> Self {
        self.score = score;
        self
    }

    pub(super) fn feedback(mut self, fb: &Feedbacks, ident: &str) -> Self {
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

pub(super) const RESPONSE: &str = "response1";

pub(super) fn resprocessing(xml: &mut Xml, rules: &[Rule]) {
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

/// `general_fb` first: Canvas shows it whatever the answer.
pub(super) fn general_rule(fb: &Feedbacks) -> Option<Rule> {
    fb.has("general_fb")
        .then(|| Rule::new(true, vec![Cond::Other]).feedback(fb, "general_fb"))
}

/// `general_incorrect_fb` last, reached when no `continue="No"` rule fired.
pub(super) fn incorrect_rule(fb: &Feedbacks) -> Option<Rule> {
    fb.has("general_incorrect_fb")
        .then(|| Rule::new(true, vec![Cond::Other]).feedback(fb, "general_incorrect_fb"))
}

/// Per-part score, as Canvas writes it: `100 / parts` with two decimals.
pub(super) fn part_score(parts: usize) -> String {
    format!("{:.2}", 100.0 / parts.max(1) as f64)
}

/// Rules shared by the multi-part types (matching, blanks): a part's rule
/// adds its share. With `outcome_rules`, correct/incorrect feedback fire on
/// all / not all parts; without, `correct_fb` and `general_incorrect_fb` are
/// only present as `itemfeedback` (Canvas reads them by ident, as its own
/// exporter writes them for these types).
pub(super) fn part_rules(
    fb: &Feedbacks,
    parts: Vec<(Vec<Cond>, Cond)>,
    outcome_rules: bool,
) -> Vec<Rule> {
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
    if outcome_rules && (has_correct || has_incorrect) {
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
