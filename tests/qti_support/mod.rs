//! Shared helpers of the QTI tests: hand-built quizzes (one per question
//! type, plus a whole quiz with pools, Text blocks, feedback, math and an
//! image), emitting, golden snapshots and the schema validator.

#![allow(dead_code)]

use quizc::config::Config;
use quizc::diag::Diagnostics;
use quizc::emit::{EmitCx, Output, Tree, find};
use quizc::model::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

pub fn span() -> Span {
    Span::default()
}

pub fn para(inlines: Vec<Inline>) -> Block {
    Block::Paragraph(inlines)
}

pub fn text(s: &str) -> Inline {
    Inline::Text(s.into())
}

pub fn choice(id: &str, content: &str, correct: bool) -> Choice {
    Choice {
        id: id.into(),
        content: Rich::text(content),
        correct,
        credit: None,
        pinned: false,
        feedback: None,
        span: span(),
    }
}

pub fn question(id: &str, title: Option<&str>, stem: Rich, answer: Answer) -> Question {
    Question {
        id: id.into(),
        label: None,
        title: title.map(Into::into),
        points: 1.0,
        shuffle: false,
        tags: Vec::new(),
        stem,
        answer,
        feedback: Feedback::default(),
        span: span(),
    }
}

pub fn quiz(id: &str, items: Vec<Item>) -> Quiz {
    Quiz {
        id: id.into(),
        source: format!("{id}.md"),
        title: format!("Quiz {id}"),
        description: String::new(),
        intro: Rich::default(),
        settings: Settings::default(),
        items,
        assets: Vec::new(),
    }
}

pub fn dec(s: &str) -> Decimal {
    Decimal::parse(s).expect("decimal")
}

pub fn text_answer(t: &str) -> TextAnswer {
    TextAnswer {
        text: t.into(),
        credit: None,
        feedback: None,
        span: span(),
    }
}

pub fn num_answer(value: NumericValue) -> NumericAnswer {
    NumericAnswer {
        value,
        credit: None,
        feedback: None,
        span: span(),
    }
}

/// A 1×1 PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x56, 0x3d, 0xb4, 0x5e, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

pub fn image_asset() -> Asset {
    Asset {
        name: "relu-plot-1a2b3c4d.png".into(),
        path: "img/relu plot.png".into(),
        mime: "image/png".into(),
        sha256: "00".into(),
        data: Arc::from(PNG),
    }
}

// ---- one quiz per question type -------------------------------------------

pub fn multiple_choice() -> Quiz {
    let mut c = vec![
        choice("a", "The learning rate is too low", false),
        choice("b", "Sigmoid derivatives multiply to near zero", true),
        choice("c", "None of the above", false),
    ];
    c[1].feedback = Some(Rich::text("Right: 0.25^15 is about 1e-9."));
    c[2].pinned = true;
    let mut q = question(
        "mc",
        None,
        Rich {
            blocks: vec![para(vec![
                text("Which is the cause? Note "),
                Inline::Math("\\sigma'(x) \\le 0.25".into()),
                text("."),
            ])],
        },
        Answer::MultipleChoice { choices: c },
    );
    q.shuffle = true;
    q.points = 2.0;
    q.tags = vec!["sigmoid".into(), "gradients".into()];
    q.feedback.general = Some(Rich::text(
        "Each sigmoid layer scales the gradient by at most 0.25.",
    ));
    quiz("multiple-choice", vec![Item::Question(q)])
}

pub fn multiple_answers() -> Quiz {
    let q = question(
        "ma",
        Some("Negative for x<0"),
        Rich::text("Which activations can be negative?"),
        Answer::MultipleAnswers {
            choices: vec![
                choice("a", "tanh", true),
                choice("b", "Leaky ReLU", true),
                choice("c", "ReLU", false),
                choice("d", "sigmoid", false),
                choice("e", "ELU", true),
            ],
        },
    );
    let mut q = q;
    q.feedback.correct = Some(Rich::text("Yes."));
    q.feedback.incorrect = Some(Rich::text("Look at the range of each function."));
    quiz("multiple-answers", vec![Item::Question(q)])
}

pub fn true_false() -> Quiz {
    let q = question(
        "tf",
        None,
        Rich::text("The vanishing gradient problem affects all layers equally."),
        Answer::TrueFalse {
            correct: false,
            feedback_true: Some(Rich::text("No: early layers suffer most.")),
            feedback_false: None,
        },
    );
    quiz("true-false", vec![Item::Question(q)])
}

pub fn short_answer() -> Quiz {
    let mut wrong = text_answer("sigmoid");
    wrong.feedback = Some(Rich::text("Sigmoid saturates; which one does not?"));
    let q = question(
        "sa",
        None,
        Rich::text("Name the activation that is the identity for positive inputs."),
        Answer::ShortAnswer {
            accepted: vec![text_answer("ReLU"), text_answer("rectified linear unit")],
            wrong: vec![wrong],
            case_sensitive: false,
        },
    );
    let plain = question(
        "sa-plain",
        None,
        Rich::text("Capital of France?"),
        Answer::ShortAnswer {
            accepted: vec![text_answer("Paris")],
            wrong: vec![],
            case_sensitive: true,
        },
    );
    quiz(
        "short-answer",
        vec![Item::Question(q), Item::Question(plain)],
    )
}

pub fn numerical() -> Quiz {
    let mut q = question(
        "num",
        None,
        Rich::text("What is the maximum of the sigmoid derivative?"),
        Answer::Numerical {
            accepted: vec![
                num_answer(NumericValue::Exact {
                    value: dec("0.25"),
                    tolerance: dec("0.01"),
                }),
                num_answer(NumericValue::Range {
                    min: dec("0.1"),
                    max: dec("0.3"),
                }),
            ],
            wrong: vec![],
        },
    );
    if let Answer::Numerical { accepted, .. } = &mut q.answer {
        accepted[1].credit = Some(50.0);
    }
    let exact = question(
        "num-exact",
        None,
        Rich::text("0.25^15 to one significant figure?"),
        Answer::Numerical {
            accepted: vec![num_answer(NumericValue::Exact {
                value: dec("1e-9"),
                tolerance: dec("0"),
            })],
            wrong: vec![],
        },
    );
    let range = question(
        "num-range",
        None,
        Rich::text("A number between -3 and -1."),
        Answer::Numerical {
            accepted: vec![num_answer(NumericValue::Range {
                min: dec("-3"),
                max: dec("-1"),
            })],
            wrong: vec![],
        },
    );
    quiz(
        "numerical",
        vec![
            Item::Question(q),
            Item::Question(exact),
            Item::Question(range),
        ],
    )
}

pub fn essay() -> Quiz {
    let mut q = question(
        "essay",
        None,
        Rich::text("Explain why the vanishing gradient problem prevented deep training."),
        Answer::Open {
            kind: OpenKind::Essay,
        },
    );
    q.points = 5.0;
    q.feedback.answer = Some(Rich::text("The attenuation compounds with depth."));
    q.feedback.general = Some(Rich::text("See chapter 3."));
    let short = question(
        "open-short",
        None,
        Rich::text("Why does ReLU help?"),
        Answer::Open {
            kind: OpenKind::ShortAnswer,
        },
    );
    quiz("essay", vec![Item::Question(q), Item::Question(short)])
}

pub fn matching() -> Quiz {
    let pair = |l: &str, r: &str| Pair {
        left: l.into(),
        right: r.into(),
        span: span(),
    };
    let mut q = question(
        "match",
        None,
        Rich::text("Match each activation with its range."),
        Answer::Matching {
            pairs: vec![
                pair("sigmoid", "(0, 1)"),
                pair("tanh", "(-1, 1)"),
                pair("ReLU", "[0, ∞)"),
            ],
            distractors: vec![Distractor {
                text: "(-∞, 0]".into(),
                span: span(),
            }],
        },
    );
    q.points = 3.0;
    quiz("matching", vec![Item::Question(q)])
}

pub fn fill_in_the_blanks() -> Quiz {
    let q = question(
        "blanks",
        None,
        Rich {
            blocks: vec![para(vec![
                Inline::Blank(0),
                text(" is the maximum of the sigmoid derivative; ReLU's derivative at 2 is "),
                Inline::Blank(1),
                text("."),
            ])],
        },
        Answer::Blanks {
            blanks: vec![
                Blank::Text {
                    accepted: vec!["0.25".into(), "1/4".into()],
                    span: span(),
                },
                Blank::Dropdown {
                    options: vec!["0".into(), "1".into(), "2".into()],
                    correct: 1,
                    span: span(),
                },
            ],
            case_sensitive: false,
        },
    );
    quiz("fill-in-the-blanks", vec![Item::Question(q)])
}

pub fn ordering() -> Quiz {
    let item = |t: &str| OrderItem {
        content: Rich::text(t),
        span: span(),
    };
    let items = vec![
        item("Forward pass"),
        item("Compute loss"),
        item("Backward pass"),
        item("Update weights"),
    ];
    let q = question(
        "order",
        None,
        Rich::text("Put the training steps in order."),
        Answer::Ordering {
            items: items.clone(),
            partial: false,
        },
    );
    let mut partial = question(
        "order-partial",
        None,
        Rich::text("Again, with partial credit."),
        Answer::Ordering {
            items,
            partial: true,
        },
    );
    partial.points = 2.0;
    quiz("ordering", vec![Item::Question(q), Item::Question(partial)])
}

/// Intro, a Text block, a pool, an image, a table, code, strikethrough,
/// display math, settings.
pub fn whole_quiz() -> Quiz {
    let mc = |id: &str, stem: &str| {
        question(
            id,
            None,
            Rich::text(stem),
            Answer::MultipleChoice {
                choices: vec![choice("a", "yes", true), choice("b", "no", false)],
            },
        )
    };
    let rich_stem = Rich {
        blocks: vec![
            para(vec![
                text("Look at "),
                Inline::Image {
                    src: ImageSrc::Asset {
                        name: "relu-plot-1a2b3c4d.png".into(),
                    },
                    alt: "ReLU plot".into(),
                    title: String::new(),
                },
                text(" and "),
                Inline::Strike(vec![text("ignore")]),
                text(" the "),
                Inline::Code("max(0, x)".into()),
                text(" code, "),
                Inline::Html("<u title=\"t\">".into()),
                text("underlined"),
                Inline::Html("</u>".into()),
                text(" and a "),
                Inline::Link {
                    url: "https://example.org/".into(),
                    title: "a title QTI cannot hold".into(),
                    content: vec![text("link")],
                },
                text("."),
            ]),
            Block::Table {
                align: vec![Align::Left, Align::Right],
                head: vec![vec![text("x")], vec![text("f(x)")]],
                rows: vec![vec![vec![text("-1")], vec![text("0")]]],
            },
            Block::CodeBlock {
                lang: Some("python".into()),
                code: "def relu(x):\n    return max(0, x)\n".into(),
            },
            Block::DisplayMath("f(x) = \\max(0, x)".into()),
        ],
    };
    let mut first = mc("rich", "unused");
    first.stem = rich_stem;
    let mut quiz = quiz(
        "whole-quiz",
        vec![
            Item::Question(first),
            Item::Text(TextBlock {
                id: "part-b".into(),
                title: Some("Part B".into()),
                content: Rich::text("The next questions are about pools."),
                span: span(),
            }),
            Item::Pool(Pool {
                id: "pool-basics".into(),
                title: "Activation basics".into(),
                pick: 1,
                points: 2.0,
                questions: vec![
                    {
                        let mut q = mc("pool-q1", "Is ReLU piecewise linear?");
                        q.points = 2.0;
                        q
                    },
                    {
                        let mut q = mc("pool-q2", "Is tanh zero-centred?");
                        q.points = 2.0;
                        q
                    },
                ],
                span: span(),
            }),
            Item::Question(mc("last", "Is sigmoid zero-centred?")),
        ],
    );
    quiz.title = "A whole quiz <with> \"hostile\" & ]]> text".into();
    quiz.description = "Everything at once.".into();
    quiz.intro = Rich::text("Answer every question.");
    quiz.assets = vec![image_asset()];
    quiz.settings.shuffle_questions = true;
    quiz.settings.pass = Some(0.8);
    quiz.settings.time_limit = Some(20);
    quiz.settings.tags = vec!["activations".into()];
    quiz
}

/// Every case, by name (the golden folder name).
pub fn cases() -> Vec<(&'static str, Quiz)> {
    vec![
        ("multiple-choice", multiple_choice()),
        ("multiple-answers", multiple_answers()),
        ("true-false", true_false()),
        ("short-answer", short_answer()),
        ("numerical", numerical()),
        ("essay", essay()),
        ("matching", matching()),
        ("fill-in-the-blanks", fill_in_the_blanks()),
        ("ordering", ordering()),
        ("whole-quiz", whole_quiz()),
    ]
}

// ---- emitting ----------------------------------------------------------------

/// Emits `format` for `quiz`: the package tree and the warnings.
pub fn emit(format: &str, quiz: &Quiz) -> (Tree, Diagnostics) {
    let config = Config::default();
    let mut cx = EmitCx {
        file: 0,
        config: &config,
        diags: Diagnostics::default(),
    };
    let emitter = find(format).expect("format is registered");
    match emitter.emit(quiz, &mut cx).expect("emit succeeds") {
        Output::Zip(tree) => (tree, cx.diags),
        other => panic!("{format} should give a zip, got {other:?}"),
    }
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch folder under target/ for this test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = manifest_dir().join("target").join("qti-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

// ---- the schema validator -------------------------------------------------------

/// `../shared/schemas/validate`, when it and xmllint are available. Without
/// them the test prints how to enable it and is skipped, except under
/// `CI=true`, where a missing validator fails the run.
pub fn validator() -> Option<PathBuf> {
    let script = manifest_dir().join("../shared/schemas/validate");
    let has_xmllint = Command::new("xmllint").arg("--version").output().is_ok();
    if script.is_file() && has_xmllint {
        return Some(script);
    }
    let message = format!(
        "schema validation SKIPPED: needs {} (the shared folder beside the checkout) and xmllint \
         (apt-get install -y libxml2-utils unzip)",
        script.display()
    );
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{message}; CI=true requires it");
    }
    eprintln!("{message}");
    None
}

/// Runs the validator; panics with its output unless it passes.
pub fn validate(script: &Path, args: &[&Path], kind: &str) {
    let out = Command::new(script)
        .arg(kind)
        .args(args)
        .output()
        .expect("run validator");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "validate {kind} failed:\n{text}");
}

// ---- Markdown fixtures (through the real parser) ------------------------------

#[path = "../parse_support/mod.rs"]
mod parse_support;

/// The parser's fixtures (`tests/fixtures/parse/*.md`, as `md-<stem>`) and
/// the example content (`content/*.md`, as `content-<stem>`), parsed; files
/// whose parse has errors are left out (they are diagnostics fixtures).
pub fn markdown_cases() -> Vec<(String, Quiz)> {
    let mut out = Vec::new();
    for (dir, prefix) in [("tests/fixtures/parse", "md"), ("content", "content")] {
        let root = manifest_dir().join(dir);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "md"));
        files.sort();
        for file in files {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&file).unwrap();
            let parsed = parse_support::parse_in(&root, &name, &text);
            if !parsed.errors().is_empty() {
                continue;
            }
            if let Some(quiz) = parsed.quiz {
                let stem = name.trim_end_matches(".md");
                out.push((format!("{prefix}-{stem}"), quiz));
            }
        }
    }
    out
}

/// Hand-built cases and Markdown fixtures.
pub fn all_cases() -> Vec<(String, Quiz)> {
    cases()
        .into_iter()
        .map(|(n, q)| (n.to_string(), q))
        .chain(markdown_cases())
        .collect()
}
