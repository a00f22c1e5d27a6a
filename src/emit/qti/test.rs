//! The `assessmentTest`: one test part, a main section in quiz order, pools
//! as sections with `selection`, Text blocks and the intro as rubric blocks.
//!
//! A Text block cannot be an item (an item needs an interaction to be
//! delivered and scored), so it opens a section whose candidate rubric shows
//! it above the questions that follow it, up to the next Text block. When
//! questions are shuffled, such a section moves as one unit.

use super::ITEMS_DIR;
use super::content::Content;
use super::rp::{MAXSCORE, SCORE, base, op};
use super::version::Version;
use super::xml::{El, Node, document, q};
use crate::model::scoring::automatic_max;
use crate::model::{FeedbackMode, Item, Question, Quiz, Rich};

pub const PASS: &str = "PASS";

/// The test document.
pub fn test(quiz: &Quiz, v: &Version, c: &mut Content) -> String {
    let s = &quiz.settings;
    let shuffle = s.shuffle_questions;
    let mut main = section("main", &quiz.title, shuffle);
    if !quiz.intro.is_empty() {
        main.push(rubric(&quiz.intro, v, c));
    }
    let mut current: Option<El> = None;
    for item in &quiz.items {
        let target = current.as_mut().unwrap_or(&mut main);
        match item {
            Item::Question(question) => target.push(item_ref(question)),
            Item::Pool(pool) => {
                let mut sec = section(&format!("pool-{}", pool.id), &pool.title, false)
                    .child(
                        q("selection")
                            .attr("select", pool.pick.to_string())
                            .attr("withReplacement", "false"),
                    )
                    .child(q("ordering").attr("shuffle", "true"));
                for question in &pool.questions {
                    sec.push(item_ref(question));
                }
                target.push(sec);
            }
            Item::Text(text) => {
                if let Some(done) = current.take() {
                    main.push(done);
                }
                let title = text.title.clone().unwrap_or_default();
                current = Some(
                    section(&format!("text-{}", text.id), &title, shuffle).child(rubric(
                        &text.content,
                        v,
                        c,
                    )),
                );
            }
        }
    }
    if let Some(done) = current.take() {
        main.push(done);
    }

    let mut part = q("testPart")
        .attr("identifier", "part")
        .attr("navigationMode", "nonlinear")
        .attr(
            "submissionMode",
            if s.feedback == FeedbackMode::Immediate {
                "individual"
            } else {
                "simultaneous"
            },
        )
        .child(
            q("itemSessionControl")
                .attr(
                    "showFeedback",
                    (s.feedback != FeedbackMode::None).to_string(),
                )
                .attr("allowReview", "true")
                .attr("showSolution", "false"),
        );
    if let Some(minutes) = s.time_limit {
        part.push(q("timeLimits").attr("maxTime", (u64::from(minutes) * 60).to_string()));
    }
    part.push(main);

    let mut root = q("assessmentTest")
        .attr("xmlns", v.ns)
        .attr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
        .attr("xsi:schemaLocation", v.schema_location)
        .attr("identifier", quiz.id.clone())
        .attr("title", quiz.title.clone())
        .child(outcome(SCORE, "float", None))
        .child(outcome(MAXSCORE, "float", None));
    let pass = s.pass.map(|share| share * automatic_max(quiz));
    if pass.is_some() {
        root.push(outcome(PASS, "boolean", Some("false")));
    }
    root.push(part);
    let total = |id: &str| {
        q("setOutcomeValue")
            .attr("identifier", id.to_string())
            .child(op(
                "sum",
                [q("testVariables").attr("variableIdentifier", id.to_string())],
            ))
    };
    let mut processing = q("outcomeProcessing")
        .child(total(SCORE))
        .child(total(MAXSCORE));
    if let Some(mark) = pass {
        // `pass` is a share of the automatic maximum (open questions excluded).
        processing.push(q("setOutcomeValue").attr("identifier", PASS).child(op(
            "gte",
            [super::rp::var(SCORE), base("float", &super::rp::num(mark))],
        )));
    }
    root.push(processing);
    document(&root, v)
}

fn outcome(id: &str, base_type: &str, default: Option<&str>) -> El {
    let mut el = q("outcomeDeclaration")
        .attr("identifier", id.to_string())
        .attr("cardinality", "single")
        .attr("baseType", base_type.to_string());
    if let Some(d) = default {
        el.push(q("defaultValue").child(q("value").text(d)));
    }
    el
}

fn section(id: &str, title: &str, shuffle: bool) -> El {
    let mut sec = q("assessmentSection")
        .attr("identifier", id.to_string())
        .attr("title", title.to_string())
        .attr("visible", "true");
    if shuffle {
        sec.push(q("ordering").attr("shuffle", "true"));
    }
    sec
}

fn rubric(content: &Rich, v: &Version, c: &mut Content) -> El {
    v.rubric("candidate", "instructions")
        .child(Node::ContentBody(vec![c.blocks(content)]))
}

fn item_ref(question: &Question) -> El {
    q("assessmentItemRef")
        .attr("identifier", question.id.clone())
        .attr("href", format!("{ITEMS_DIR}{}.xml", question.id))
}
