//! Quizzes built by hand for the HTML tests: one per question type and a
//! showcase with every type, a Text block and a pool (the seed's page,
//! extended). Built in code so the tests do not depend on the parser.

#![allow(dead_code)]

use quizc::config::Config;
use quizc::diag::Diagnostics;
use quizc::emit::{EmitCx, Output, Tree};
use quizc::model::*;
use std::path::Path;

pub fn rich(text: &str) -> Rich {
    Rich::text(text)
}

fn choice(id: &str, text: &str, correct: bool) -> Choice {
    Choice {
        id: id.into(),
        content: rich(text),
        correct,
        credit: None,
        pinned: false,
        feedback: None,
        span: Span::default(),
    }
}

fn text_answer(text: &str) -> TextAnswer {
    TextAnswer {
        text: text.into(),
        credit: None,
        feedback: None,
        span: Span::default(),
    }
}

pub fn question(id: &str, points: f64, stem: &str, answer: Answer) -> Question {
    Question {
        id: id.into(),
        label: None,
        title: None,
        points,
        shuffle: false,
        tags: Vec::new(),
        stem: rich(stem),
        answer,
        feedback: Feedback::default(),
        span: Span::default(),
    }
}

pub fn multiple_choice() -> Question {
    let mut choices = vec![
        choice(
            "a",
            "The learning rate is too low for the early layers",
            false,
        ),
        choice("b", "The early layers have reached a local minimum", false),
        choice(
            "c",
            "During backpropagation, sigmoid derivatives (≤0.25 each) multiply across 15 layers",
            true,
        ),
        choice("d", "The early layers have more parameters", false),
    ];
    choices[2].feedback = Some(rich("Right: 0.25^15 is about 1e-9."));
    let mut q = question(
        "sigmoid-depth",
        1.0,
        "A 15-layer network uses sigmoid activations throughout. What is the most likely cause?",
        Answer::MultipleChoice { choices },
    );
    q.feedback.general = Some(rich(
        "Each sigmoid layer scales the gradient by at most 0.25.",
    ));
    q
}

pub fn multiple_answers() -> Question {
    let mut q = question(
        "negative-outputs",
        2.0,
        "Which activations can output negative values?",
        Answer::MultipleAnswers {
            choices: vec![
                choice("a", "tanh", true),
                choice("b", "ReLU", false),
                choice("c", "Leaky ReLU", true),
                choice("d", "Sigmoid", false),
            ],
        },
    );
    q.feedback.correct = Some(Rich {
        blocks: vec![Block::Paragraph(vec![
            Inline::Text("Both ".into()),
            Inline::Code("tanh".into()),
            Inline::Text(" and Leaky ReLU are negative for ".into()),
            Inline::Math("x<0".into()),
            Inline::Text(".".into()),
        ])],
    });
    q.feedback.incorrect = Some(rich("Look at the range of each function."));
    q
}

pub fn true_false() -> Question {
    question(
        "equal-layers",
        1.0,
        "The vanishing gradient problem affects most layers of a deep network equally.",
        Answer::TrueFalse {
            correct: false,
            feedback_true: None,
            feedback_false: Some(rich("Early layers suffer most.")),
        },
    )
}

pub fn short_answer() -> Question {
    let mut wrong = text_answer("sigmoid");
    wrong.feedback = Some(rich("Sigmoid is the problem, not the cure."));
    question(
        "relu-name",
        1.0,
        "Which activation has derivative exactly 1 for positive inputs?",
        Answer::ShortAnswer {
            accepted: vec![text_answer("ReLU"), text_answer("rectified linear unit")],
            wrong: vec![wrong],
            case_sensitive: false,
        },
    )
}

pub fn numerical() -> Question {
    question(
        "max-derivative",
        1.0,
        "What is the largest value of the sigmoid's derivative?",
        Answer::Numerical {
            accepted: vec![NumericAnswer {
                value: NumericValue::Exact {
                    value: Decimal("0.25".into()),
                    tolerance: Decimal("0.01".into()),
                },
                credit: None,
                feedback: None,
                span: Span::default(),
            }],
            wrong: Vec::new(),
        },
    )
}

pub fn open_short() -> Question {
    let mut q = question(
        "why-deep",
        1.0,
        "Explain why the vanishing gradient problem prevented training of deep networks rather than just slowing it down.",
        Answer::Open {
            kind: OpenKind::ShortAnswer,
        },
    );
    q.feedback.answer = Some(rich(
        "The attenuation compounds with depth: early layers get almost no signal.",
    ));
    q
}

pub fn essay() -> Question {
    let mut q = question(
        "history-essay",
        2.0,
        "Describe how residual connections changed deep learning.",
        Answer::Open {
            kind: OpenKind::Essay,
        },
    );
    q.feedback.answer = Some(rich("Mention identity shortcuts and gradient flow."));
    q
}

pub fn matching() -> Question {
    let pair = |l: &str, r: &str| Pair {
        left: l.into(),
        right: r.into(),
        span: Span::default(),
    };
    question(
        "ranges",
        1.0,
        "Match each activation to its range.",
        Answer::Matching {
            pairs: vec![
                pair("Sigmoid", "(0, 1)"),
                pair("tanh", "(-1, 1)"),
                pair("ReLU", "[0, ∞)"),
            ],
            distractors: vec![Distractor {
                text: "(-∞, 0]".into(),
                span: Span::default(),
            }],
        },
    )
}

pub fn blanks() -> Question {
    let mut q = question(
        "fill-derivative",
        1.0,
        "",
        Answer::Blanks {
            blanks: vec![
                Blank::Text {
                    accepted: vec!["0.25".into(), "1/4".into()],
                    span: Span::default(),
                },
                Blank::Dropdown {
                    options: vec!["shrink".into(), "grow".into(), "stay".into()],
                    correct: 0,
                    span: Span::default(),
                },
            ],
            case_sensitive: false,
        },
    );
    q.stem = Rich {
        blocks: vec![Block::Paragraph(vec![
            Inline::Text("The sigmoid's derivative is at most ".into()),
            Inline::Blank(0),
            Inline::Text(", so gradients ".into()),
            Inline::Blank(1),
            Inline::Text(" through many layers.".into()),
        ])],
    };
    q
}

pub fn ordering() -> Question {
    let item = |t: &str| OrderItem {
        content: rich(t),
        span: Span::default(),
    };
    question(
        "backprop-order",
        1.0,
        "Put the steps of one training step in order.",
        Answer::Ordering {
            items: vec![
                item("Forward pass"),
                item("Compute the loss"),
                item("Backward pass"),
                item("Update the weights"),
            ],
            partial: false,
        },
    )
}

pub fn quiz(id: &str, title: &str, items: Vec<Item>) -> Quiz {
    Quiz {
        id: id.into(),
        source: format!("{id}.md"),
        title: title.into(),
        description: String::new(),
        intro: Rich::default(),
        settings: Settings::default(),
        items,
        assets: Vec::new(),
    }
}

/// One quiz per question type, named after the type.
pub fn per_type() -> Vec<(&'static str, Quiz)> {
    let one = |id: &str, q: Question| quiz(id, &format!("Type: {id}"), vec![Item::Question(q)]);
    vec![
        ("multiple_choice", one("multiple-choice", multiple_choice())),
        (
            "multiple_answers",
            one("multiple-answers", multiple_answers()),
        ),
        ("true_false", one("true-false", true_false())),
        ("short_answer", one("short-answer", short_answer())),
        ("numerical", one("numerical", numerical())),
        ("open_short_answer", one("open-short-answer", open_short())),
        ("essay", one("essay", essay())),
        ("matching", one("matching", matching())),
        ("fill_in_the_blanks", one("fill-in-the-blanks", blanks())),
        ("ordering", one("ordering", ordering())),
        ("true_false_ar", {
            let mut q = one("true-false-ar", true_false());
            q.settings.lang = "ar".into();
            q
        }),
        ("multiple_choice_de_on_submit", {
            let mut q = one("mc-de", multiple_choice());
            q.settings.lang = "de-CH".into();
            q.settings.feedback = FeedbackMode::OnSubmit;
            q.settings.pass = Some(0.8);
            q
        }),
    ]
}

/// Every type, a Text block and a pool: the page the browser test drives.
pub fn showcase() -> Quiz {
    let pool_q = |id: &str, stem: &str, correct: bool| {
        question(
            id,
            1.0,
            stem,
            Answer::TrueFalse {
                correct,
                feedback_true: None,
                feedback_false: None,
            },
        )
    };
    let mut q = quiz(
        "showcase",
        "Questions: Vanishing Gradient Problem",
        vec![
            Item::Question(multiple_choice()),
            Item::Question(multiple_answers()),
            Item::Question(true_false()),
            Item::Text(TextBlock {
                id: "interlude".into(),
                title: Some("Before the next part".into()),
                content: Rich {
                    blocks: vec![
                        Block::Paragraph(vec![Inline::Text(
                            "The next questions are about activations.".into(),
                        )]),
                        Block::Paragraph(vec![Inline::Image {
                            src: ImageSrc::Asset {
                                name: "dot-0a1b2c3d.png".into(),
                            },
                            alt: "A dot".into(),
                            title: String::new(),
                        }]),
                        Block::DisplayMath(r"\sigma'(x) = \sigma(x)(1-\sigma(x))".into()),
                    ],
                },
                span: Span::default(),
            }),
            Item::Question(short_answer()),
            Item::Question(numerical()),
            Item::Question(matching()),
            Item::Question(blanks()),
            Item::Question(ordering()),
            Item::Pool(Pool {
                id: "pool-basics".into(),
                title: "Activation basics".into(),
                pick: 2,
                points: 1.0,
                questions: vec![
                    pool_q(
                        "pool-relu-zero",
                        "ReLU outputs 0 for negative inputs.",
                        true,
                    ),
                    pool_q("pool-tanh-positive", "tanh is always positive.", false),
                    pool_q("pool-sigmoid-one", "Sigmoid can output exactly 1.", false),
                ],
                span: Span::default(),
            }),
            Item::Question(open_short()),
            Item::Question(essay()),
        ],
    );
    q.description = "12 questions to test your understanding".into();
    q.assets.push(Asset {
        name: "dot-0a1b2c3d.png".into(),
        path: "img/dot.png".into(),
        mime: "image/png".into(),
        sha256: String::new(),
        data: DOT_PNG.to_vec().into(),
    });
    q
}

/// A 1×1 PNG.
const DOT_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x60, 0x60, 0xf8,
    0x0f, 0x00, 0x01, 0x04, 0x01, 0x00, 0x5f, 0xe5, 0xc3, 0x4b, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// Runs the html emitter on one quiz; returns its folder and diagnostics.
pub fn emit_html(quiz: &Quiz) -> (Tree, Diagnostics) {
    let config = Config::default();
    let mut cx = EmitCx {
        file: 0,
        config: &config,
        diags: Diagnostics::default(),
    };
    let emitter = quizc::emit::find("html").expect("html is registered");
    match emitter.emit(quiz, &mut cx).expect("html emits") {
        Output::Folder(tree) => (tree, cx.diags),
        other => panic!("html gives a folder, not {other:?}"),
    }
}

/// The index page of a set of quizzes.
pub fn emit_site(quizzes: &[&Quiz]) -> Tree {
    let emitter = quizc::emit::find("html").expect("html is registered");
    emitter
        .site(quizzes, &Config::default())
        .expect("site emits")
        .expect("html has a site")
}

/// Writes `dist/html`'s layout for these quizzes under `dir`.
pub fn write_build(dir: &Path, quizzes: &[&Quiz]) {
    for quiz in quizzes {
        let (tree, _) = emit_html(quiz);
        write_tree(&dir.join(&quiz.id), &tree);
    }
    write_tree(dir, &emit_site(quizzes));
}

pub fn write_tree(dir: &Path, tree: &Tree) {
    for (path, bytes) in &tree.files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
}
