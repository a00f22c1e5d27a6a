//! Whole quizzes: settings, questions of every type, pools and Text blocks,
//! in the form the parser builds them.
//!
//! Each constraint below is a rule of Quiz Markdown or of the parser, named
//! in its comment; none is a way around a bug.

use super::answers::{answer_and_stem, feedback_rich};
use super::rich::{BlockCx, blocks};
use super::text::{line, plain_word};
use proptest::prelude::*;
use proptest::sample::select;
use quizc::model::*;

/// How a generated quiz may use the one packaged test image.
#[derive(Clone, Debug)]
pub struct Image(pub Option<Asset>);

impl Image {
    pub fn src(&self) -> Option<ImageSrc> {
        self.0.as_ref().map(|a| ImageSrc::Asset {
            name: a.name.clone(),
        })
    }
}

/// A generated quiz. Shown in failure reports as the Quiz Markdown the
/// writer makes of it (the model's `Debug` would list the image's bytes).
#[derive(Clone)]
pub struct Generated(pub Quiz);

impl std::fmt::Debug for Generated {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let md = quizc::markdown_writer::to_markdown(&self.0);
        write!(f, "quiz written as:\n{md}\n")
    }
}

pub fn generated(image: Image) -> impl Strategy<Value = Generated> {
    quiz(image).prop_map(Generated)
}

pub fn quiz(image: Image) -> impl Strategy<Value = Quiz> {
    let src = image.src();
    let content = BlockCx {
        quotes: true,
        depth: 2,
        image: src.clone(),
    };
    (
        quiz_title(),
        description(),
        blocks(content, 0..3),
        settings(),
        prop::collection::vec(item(src.clone()), 0..4),
        question(src),
        any::<prop::sample::Index>(),
        plain_word(),
    )
        .prop_map(
            move |(title, description, intro, settings, mut items, first, at, id)| {
                // Spec: a quiz without questions is an error.
                let at = at.index(items.len() + 1);
                items.insert(at, Item::Question(first));
                let mut quiz = Quiz {
                    id: format!("quiz-{}", id.replace('_', "-")),
                    source: "quiz.md".into(),
                    title,
                    description,
                    intro: Rich { blocks: intro },
                    settings,
                    items,
                    assets: Vec::new(),
                };
                settle(&mut quiz, &image);
                quiz
            },
        )
}

/// What the parts cannot know alone: ids (unique in the quiz), the points
/// of pool questions, and the image asset when the quiz shows it.
fn settle(quiz: &mut Quiz, image: &Image) {
    let mut n = 0;
    let mut next_id = |prefix: &str| {
        n += 1;
        format!("{prefix}{n}")
    };
    for item in &mut quiz.items {
        match item {
            Item::Question(q) => q.id = next_id("q"),
            Item::Text(t) => t.id = next_id("text-"),
            Item::Pool(p) => {
                p.id = next_id("pool_");
                for q in &mut p.questions {
                    q.id = next_id("pq-");
                    // Spec (Pools): every question in a pool is worth the pool's points.
                    q.points = p.points;
                }
            }
        }
    }
    let json = serde_json::to_string(&quiz).expect("json");
    if json.contains("\"kind\":\"asset\"") {
        quiz.assets = image.0.iter().cloned().collect();
    }
}

fn quiz_title() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => line(4),
        // Titles only front matter can carry: empty, padded, several lines.
        1 => Just(String::new()),
        1 => line(2).prop_map(|t| format!(" {t} ")),
        1 => (line(2), line(2)).prop_map(|(a, b)| format!("{a}\n{b}")),
    ]
}

fn description() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => Just(String::new()),
        2 => line(6),
        1 => prop::collection::vec(line(3), 2..4).prop_map(|l| l.join("\n")),
    ]
}

fn points() -> impl Strategy<Value = f64> {
    select(&[0.0, 0.5, 1.0, 2.0, 2.5, 10.0][..])
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        points(),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(select(&[0.5, 0.8, 0.75, 0.07, 0.333, 1.0][..])),
        prop::option::of(1u32..300),
        prop::option::of(1u32..10),
        select(
            &[
                FeedbackMode::Immediate,
                FeedbackMode::OnSubmit,
                FeedbackMode::None,
            ][..],
        ),
        select(&["en", "ar", "he", "fr", "de", "pt-BR", "zh-Hant"][..]),
        prop::collection::vec(line(2), 0..3),
    )
        .prop_map(
            |(
                points,
                shuffle,
                shuffle_questions,
                pass,
                time_limit,
                attempts,
                feedback,
                lang,
                tags,
            )| {
                Settings {
                    points,
                    shuffle,
                    shuffle_questions,
                    pass,
                    time_limit,
                    attempts,
                    feedback,
                    lang: lang.into(),
                    tags,
                }
            },
        )
}

fn item(image: Option<ImageSrc>) -> BoxedStrategy<Item> {
    prop_oneof![
        5 => question(image.clone()).prop_map(Item::Question),
        1 => pool(image.clone()).prop_map(Item::Pool),
        1 => text_block(image).prop_map(Item::Text),
    ]
    .boxed()
}

fn text_block(image: Option<ImageSrc>) -> impl Strategy<Value = TextBlock> {
    let content = BlockCx {
        quotes: true,
        depth: 2,
        image,
    };
    (prop::option::of(heading_title()), blocks(content, 0..3)).prop_map(|(title, blocks)| {
        TextBlock {
            id: String::new(),
            title,
            content: Rich { blocks },
            span: Span::default(),
        }
    })
}

fn pool(image: Option<ImageSrc>) -> impl Strategy<Value = Pool> {
    (
        prop_oneof![1 => Just(String::new()), 4 => heading_title()],
        points(),
        prop::collection::vec(question(image), 1..4),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(title, points, questions, pick)| Pool {
            id: String::new(),
            title,
            // Spec (Pools): `pick` is 1 to the number of questions.
            pick: pick.index(questions.len()) as u32 + 1,
            points,
            questions,
            span: Span::default(),
        })
}

pub fn question(image: Option<ImageSrc>) -> impl Strategy<Value = Question> {
    (
        prop::option::of(label()),
        prop::option::of(heading_title()),
        points(),
        any::<bool>(),
        prop::collection::vec(tag(), 0..3),
        answer_and_stem(image.clone()),
        feedback(image),
    )
        .prop_map(
            |(label, title, points, shuffle, tags, (stem, answer), feedback)| {
                let mut feedback = feedback;
                // Spec (Feedback blocks): `Answer:` may be empty; the other
                // labels with nothing after them are no feedback.
                if !answer.is_open() && feedback.answer.as_ref().is_some_and(Rich::is_empty) {
                    feedback.answer = None;
                }
                Question {
                    id: String::new(),
                    label,
                    title,
                    points,
                    shuffle,
                    tags,
                    stem,
                    answer,
                    feedback,
                    span: Span::default(),
                }
            },
        )
        .prop_filter("a rule that ends a question", |q| !ends_with_rule(q))
}

/// A thematic break at the very end of a question is read as the separator
/// before the next one and dropped (`parse/question.rs`): a stem can end
/// with one only when an answer list or feedback follows it.
fn ends_with_rule(q: &Question) -> bool {
    let no_list = matches!(q.answer, Answer::Open { .. } | Answer::Blanks { .. });
    let f = &q.feedback;
    let no_feedback = f.general.is_none()
        && f.correct.is_none()
        && f.incorrect.is_none()
        && f.hints.is_empty()
        && f.answer.is_none();
    no_list && no_feedback && matches!(q.stem.blocks.last(), Some(Block::Rule))
}

fn label() -> impl Strategy<Value = String> {
    (select(&["Question ", "Q ", "Q", "question "][..]), 1u32..30)
        .prop_map(|(word, n)| format!("{word}{n}"))
}

/// Spec (Structure, Attributes): values cannot hold spaces, and a tag list
/// is split at commas.
fn tag() -> impl Strategy<Value = String> {
    select(&["relu", "calc-1", "snake_case", "é", "x"][..]).prop_map(str::to_string)
}

/// A question, pool or Text block title as the heading grammar can read it
/// back (spec: Structure, "Heading text"):
/// - a leading `Question 3` / `Q3` is the label, a leading `Pool:` makes a pool;
/// - trailing separators (`·` `•` `:` `|` `-` `–` `—`) belong to the type slot.
pub fn heading_title() -> impl Strategy<Value = String> {
    line(4).prop_filter("title the heading grammar reads otherwise", |t| {
        let lower = t.to_lowercase();
        let after_q = lower
            .strip_prefix("question")
            .or_else(|| lower.strip_prefix('q'))
            .map(str::trim_start);
        !after_q.is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            && !lower.starts_with("pool:")
            && !t.ends_with(['·', '•', ':', '|', '-', '–', '—'])
    })
}

fn feedback(image: Option<ImageSrc>) -> impl Strategy<Value = Feedback> {
    let some = move || prop::option::weighted(0.3, feedback_rich(image.clone()));
    (
        some(),
        some(),
        some(),
        prop::collection::vec(feedback_rich(None), 0..2),
        prop_oneof![
            3 => Just(None),
            1 => Just(Some(Rich::default())),
            2 => feedback_rich(None).prop_map(Some),
        ],
    )
        .prop_map(|(general, correct, incorrect, hints, answer)| Feedback {
            general,
            correct,
            incorrect,
            hints,
            answer,
        })
}

/// Several quizzes with distinct ids, for a build of a folder.
pub fn quizzes(image: Image, n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Generated>> {
    prop::collection::vec(quiz(image), n).prop_map(|mut quizzes| {
        for (i, q) in quizzes.iter_mut().enumerate() {
            q.id = format!("{}-{i}", q.id);
        }
        quizzes.into_iter().map(Generated).collect()
    })
}
