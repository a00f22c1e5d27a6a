//! `quizc import`: plain text → Quiz Markdown, every word kept; and the round
//! trips through the Markdown parser (import, then parse the result; the
//! writer on hand-built models; the files in content/).
//!
//! The round trips need the Markdown front end (`quizc::parse::parse` on a
//! `.md` file). Until it is present they print "skipped" and pass: the stub
//! parser answers `(None, no diagnostics)`, which a real parser never does for
//! a file.

use quizc::config::Config;
use quizc::diag::{Diagnostics, Severity};
use quizc::import::{import, import_input};
use quizc::markdown_writer::to_markdown;
use quizc::model::{Answer, Question, Quiz};
use quizc::parse::plain_text::parse_plain;
use quizc::parse::{Input, parse};
use quizc::scaffold::starter_quiz;
use quizc::source::{SourceFile, SourceMap};
use std::path::{Path, PathBuf};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(manifest().join(rel)).unwrap()
}

/// Parses `text` as the file `name` (in content/, for images) with the
/// parser that `quizc build` uses.
fn parse_as(name: &str, text: &str) -> (Option<Quiz>, Diagnostics) {
    let source = SourceFile::new(name, text);
    let config = Config::default();
    let root = manifest().join("content");
    let path = root.join(name);
    let input = Input {
        file: 0,
        source: &source,
        path: &path,
        content_root: &root,
        rel_path: name,
        config: &config,
    };
    parse(&input)
}

/// The Markdown front end's answer, or `None` (with a note) while it is a stub.
fn parse_markdown(name: &str, text: &str) -> Option<(Quiz, Diagnostics)> {
    match parse_as(name, text) {
        (None, d) if d.is_empty() => {
            println!("skipped: the Markdown parser is not in this build yet");
            None
        }
        (quiz, d) => Some((quiz.unwrap_or_else(|| panic!("no quiz: {d:?}")), d)),
    }
}

fn errors(d: &Diagnostics) -> Vec<String> {
    d.iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {} at {:?}", d.code, d.message, d.span))
        .collect()
}

fn import_text(name: &str, text: &str) -> (String, Diagnostics) {
    let source = SourceFile::new(name, text);
    let config = Config::default();
    let input = Input {
        file: 0,
        source: &source,
        path: Path::new(name),
        content_root: Path::new("."),
        rel_path: name,
        config: &config,
    };
    import_input(&input).expect("questions")
}

/// The seed's words, without the lines that are not content (score, headings).
fn seed_words(seed: &str) -> Vec<String> {
    let mut words = Vec::new();
    for line in seed.lines().map(str::trim) {
        if line.starts_with("Score:") || line.starts_with("Question ") {
            continue;
        }
        let line = match line.as_bytes() {
            // Option lines: drop the glued letter (`AThe` → `The`).
            [b'A'..=b'D', second, ..] if second.is_ascii_uppercase() => &line[1..],
            [b'T' | b'F', ..] if line == "TTrue" || line == "FFalse" => &line[1..],
            _ => line,
        };
        words.extend(line.split_whitespace().map(str::to_string));
    }
    words
}

#[test]
fn import_keeps_every_word_and_marks_todos() {
    let seed = read("tests/fixtures/plain/seed.txt");
    let (md, diags) = import_text("vanishing-gradient.txt", &seed);
    assert!(errors(&diags).is_empty(), "{:?}", errors(&diags));
    assert_eq!(diags.count(Severity::Warning), 4);
    let md_words: std::collections::HashSet<&str> = md.split_whitespace().collect();
    for w in seed_words(&seed) {
        assert!(md_words.contains(w.as_str()), "{w:?} is missing from\n{md}");
    }
    assert!(md.contains("\n# Questions: Vanishing Gradient Problem\n"));
    assert!(md.contains("\n## Question 5 · Short Answer\n"));
    assert!(md.contains(
        "\n- [ ] The learning rate is too low for the early layers, which need larger updates than the final layers\n"
    ));
    assert_eq!(
        md.matches("<!-- TODO: mark the correct answer with [x] -->")
            .count(),
        4
    );
    assert!(!md.contains("- [x]"));
    assert!(!md.contains("Score:"));
}

#[test]
fn import_with_a_key_marks_the_answers() {
    let mut sources = SourceMap::default();
    let (md, diags) = import(
        &manifest().join("examples/vanishing-gradient.txt"),
        &mut sources,
    )
    .unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    assert!(!md.contains("TODO"));
    assert!(md.contains("\n- [x] During backpropagation, sigmoid derivatives (≤0.25 each)"));
    assert!(md.contains("\n- [x] For positive inputs, ReLU's derivative is exactly 1"));
    assert!(md.contains("## Question 3 · True / False\n\nThe vanishing gradient problem affects most layers of a deep network equally — nearly every layer trains at the same reduced rate.\n\n- [ ] True\n- [x] False\n"));
    assert!(md.contains("\n- [x] True\n- [ ] False\n"));
    assert_eq!(md.matches("[x]").count(), 4);
}

#[test]
fn import_of_a_missing_file_is_an_error() {
    let mut sources = SourceMap::default();
    assert!(import(Path::new("/nonexistent/quiz.txt"), &mut sources).is_err());
}

/// What must survive a round trip: type, stem text, options, answers.
fn essence(q: &Question) -> String {
    let answer = match &q.answer {
        Answer::MultipleChoice { choices } | Answer::MultipleAnswers { choices } => choices
            .iter()
            .map(|c| {
                format!(
                    "[{}] {}",
                    if c.correct { 'x' } else { ' ' },
                    c.content.plain_text()
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Answer::TrueFalse { correct, .. } => format!("true/false: {correct}"),
        other => format!("{other:?}").replace(char::is_whitespace, ""),
    };
    format!(
        "{:?}\n{}\n{}",
        q.kind(),
        q.stem
            .plain_text()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        answer
    )
}

#[test]
fn import_round_trip_gives_the_same_questions() {
    let text = read("examples/vanishing-gradient.txt");
    let (md, _) = import_text("vanishing-gradient.txt", &text);
    let source = SourceFile::new("vanishing-gradient.txt", text.as_str());
    let config = Config::default();
    let input = Input {
        file: 0,
        source: &source,
        path: Path::new("vanishing-gradient.txt"),
        content_root: Path::new("."),
        rel_path: "vanishing-gradient.txt",
        config: &config,
    };
    let (plain, _) = parse_plain(&input);
    let plain = plain.unwrap();
    let Some((from_md, diags)) = parse_markdown("vanishing-gradient.md", &md) else {
        return;
    };
    assert!(errors(&diags).is_empty(), "{:?}\n{md}", errors(&diags));
    assert_eq!(from_md.title, plain.title);
    assert_eq!(from_md.id, plain.id);
    let a: Vec<String> = plain.questions().map(essence).collect();
    let b: Vec<String> = from_md.questions().map(essence).collect();
    assert_eq!(a, b);
    // Ids follow the same rule in both front ends.
    let a: Vec<&str> = plain.questions().map(|q| q.id.as_str()).collect();
    let b: Vec<&str> = from_md.questions().map(|q| q.id.as_str()).collect();
    assert_eq!(a, b);
}

#[test]
fn content_and_starter_have_no_errors() {
    let mut files = vec![
        (
            "vanishing-gradient.md".to_string(),
            read("content/vanishing-gradient.md"),
        ),
        ("showcase.md".to_string(), read("content/showcase.md")),
    ];
    files.push((
        "starter.md".into(),
        starter_quiz("Starter: {braces} & #hash"),
    ));
    for (name, text) in files {
        let Some((quiz, diags)) = parse_markdown(&name, &text) else {
            return;
        };
        assert!(errors(&diags).is_empty(), "{name}: {:?}", errors(&diags));
        assert!(quiz.questions().count() >= 5, "{name}");
    }
}

#[test]
fn content_answer_key_is_c_b_false_true() {
    let Some((quiz, _)) = parse_markdown(
        "vanishing-gradient.md",
        &read("content/vanishing-gradient.md"),
    ) else {
        return;
    };
    let qs: Vec<&Question> = quiz.questions().collect();
    assert_eq!(qs.len(), 5);
    let letter = |q: &Question| {
        let (choices, _) = q.answer.choices().unwrap();
        choices
            .iter()
            .position(|c| c.correct)
            .map(|i| (b'A' + i as u8) as char)
    };
    assert_eq!(letter(qs[0]), Some('C'));
    assert_eq!(letter(qs[1]), Some('B'));
    assert!(matches!(
        qs[2].answer,
        Answer::TrueFalse { correct: false, .. }
    ));
    assert!(matches!(
        qs[3].answer,
        Answer::TrueFalse { correct: true, .. }
    ));
    assert!(qs[4].answer.is_open() && qs[4].feedback.answer.is_some());
    assert!(qs.iter().all(|q| q.feedback.general.is_some()));
    assert_eq!(quiz.settings.pass, Some(0.8));
}

/// parse ∘ to_markdown is the identity on a quiz the parser produced
/// (ids are written, so they survive too).
#[test]
fn writer_round_trip_on_the_showcase() {
    let text = read("content/showcase.md");
    let Some((quiz, _)) = parse_markdown("showcase.md", &text) else {
        return;
    };
    let md = to_markdown(&quiz);
    let (again, diags) = parse_markdown("showcase.md", &md).unwrap();
    assert!(errors(&diags).is_empty(), "{:?}\n{md}", errors(&diags));
    assert_eq!(without_spans(&again), without_spans(&quiz), "{md}");
}

/// The model as JSON with every `span` removed (spans point into different
/// files).
fn without_spans(quiz: &Quiz) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("span");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(quiz).unwrap();
    strip(&mut v);
    v
}

/// The writer on content that needs escaping everywhere: parse, write,
/// parse again gives the same model and no new diagnostics.
#[test]
fn writer_round_trip_on_tricky_content() {
    let text = read("tests/fixtures/plain/writer-tricky.md");
    let Some((quiz, diags)) = parse_markdown("writer-tricky.md", &text) else {
        return;
    };
    assert!(diags.is_empty(), "{:?}", diags.items);
    let md = to_markdown(&quiz);
    let (again, diags) = parse_markdown("writer-tricky.md", &md).unwrap();
    assert!(diags.is_empty(), "{:?}\n{md}", diags.items);
    assert_eq!(without_spans(&again), without_spans(&quiz), "{md}");
    // Writing is stable: the written form is a fixed point.
    assert_eq!(to_markdown(&again), md);
}

/// A model built in code (as another front end or tool would) with every
/// answer type: the writer's Markdown parses without errors into the same
/// questions, and writing that again changes nothing.
#[test]
fn writer_round_trip_on_a_hand_built_model() {
    use quizc::model::*;
    let span = Span::default();
    let choice = |id: &str, text: &str, correct: bool| Choice {
        id: id.into(),
        content: Rich::text(text),
        correct,
        credit: None,
        pinned: false,
        feedback: None,
        span,
    };
    let question = |n: usize, stem: &str, answer: Answer| Question {
        id: format!("built-q{n}"),
        label: Some(format!("Question {n}")),
        title: None,
        points: 1.0,
        shuffle: false,
        tags: Vec::new(),
        stem: Rich::text(stem),
        answer,
        feedback: Feedback::default(),
        span,
    };
    let text = |t: &str| TextAnswer {
        text: t.into(),
        credit: None,
        feedback: None,
        span,
    };
    let mut mc = question(
        1,
        "Pick [one] of *these*: {really}",
        Answer::MultipleChoice {
            choices: vec![
                choice("a", "1. first", false),
                choice("b", "- second", true),
            ],
        },
    );
    mc.feedback.general = Some(Rich::text("Because $x$ is 5 * 3."));
    let items = vec![
        Item::Question(mc),
        Item::Question(question(
            2,
            "Both?",
            Answer::MultipleAnswers {
                choices: vec![
                    choice("a", "x", true),
                    choice("b", "y", true),
                    choice("c", "z", false),
                ],
            },
        )),
        Item::Question(question(
            3,
            "True?",
            Answer::TrueFalse {
                correct: false,
                feedback_true: Some(Rich::text("No.")),
                feedback_false: None,
            },
        )),
        Item::Question(question(
            4,
            "Name it.",
            Answer::ShortAnswer {
                accepted: vec![text("<b>|{pin}"), text("a -> b")],
                wrong: vec![text("[x]")],
                case_sensitive: false,
            },
        )),
        Item::Question(question(
            5,
            "How much?",
            Answer::Numerical {
                accepted: vec![NumericAnswer {
                    value: NumericValue::Range {
                        min: Decimal("-1.5".into()),
                        max: Decimal("2".into()),
                    },
                    credit: Some(50.0),
                    feedback: None,
                    span,
                }],
                wrong: Vec::new(),
            },
        )),
        Item::Question(question(
            6,
            "Discuss.",
            Answer::Open {
                kind: OpenKind::Essay,
            },
        )),
        Item::Question(question(
            7,
            "Match.",
            Answer::Matching {
                pairs: vec![
                    Pair {
                        left: "1. one -> 1".into(),
                        right: "uno | un".into(),
                        span,
                    },
                    Pair {
                        left: "two".into(),
                        right: "dos".into(),
                        span,
                    },
                ],
                distractors: vec![Distractor {
                    text: "tres".into(),
                    span,
                }],
            },
        )),
        Item::Question(question(
            8,
            "Order.",
            Answer::Ordering {
                items: vec![
                    OrderItem {
                        content: Rich::text("# not a heading"),
                        span,
                    },
                    OrderItem {
                        content: Rich::text("> not a quote"),
                        span,
                    },
                ],
                partial: false,
            },
        )),
    ];
    let quiz = Quiz {
        id: "built".into(),
        source: "built.md".into(),
        title: "Built in code".into(),
        description: "A quiz without a source file".into(),
        intro: Rich::text("Intro."),
        settings: Settings::default(),
        items,
        assets: Vec::new(),
    };
    let md = to_markdown(&quiz);
    let Some((parsed, diags)) = parse_markdown("built.md", &md) else {
        return;
    };
    assert!(errors(&diags).is_empty(), "{:?}\n{md}", errors(&diags));
    // Spans differ (the hand-built ones are all 0): compare without them.
    assert_eq!(without_spans(&parsed), without_spans(&quiz), "{md}");
    let ids: Vec<&str> = parsed.questions().map(|q| q.id.as_str()).collect();
    assert_eq!(ids[0], "built-q1");
    assert_eq!(to_markdown(&parsed), md);
}
