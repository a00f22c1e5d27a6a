//! Moodle XML output: golden files for a quiz of every type and a quiz of
//! hostile text, well-formedness, embedded files, warnings.
//!
//! Re-bless the golden files with `QUIZC_BLESS=1 cargo test --test moodle`
//! and review the diff like code. (The real importer check lives outside
//! the test suite: `../shared/lms/moodle/import.sh tests/golden/moodle/*.xml`.)

use quizc::config::Config;
use quizc::diag::Diagnostics;
use quizc::emit::{EmitCx, Output, find};
use quizc::model::*;
use std::path::PathBuf;
use std::sync::Arc;

fn t(s: &str) -> Inline {
    Inline::Text(s.into())
}

fn p(inl: Vec<Inline>) -> Rich {
    Rich {
        blocks: vec![Block::Paragraph(inl)],
    }
}

fn span() -> Span {
    Span::new(0, 1)
}

fn choice(id: &str, content: Rich, correct: bool) -> Choice {
    Choice {
        id: id.into(),
        content,
        correct,
        credit: None,
        pinned: false,
        feedback: None,
        span: span(),
    }
}

fn question(id: &str, title: Option<&str>, stem: Rich, answer: Answer) -> Question {
    Question {
        id: id.into(),
        label: None,
        title: title.map(Into::into),
        points: 1.0,
        shuffle: true,
        tags: vec![],
        stem,
        answer,
        feedback: Feedback::default(),
        span: span(),
    }
}

fn text_answer(text: &str, feedback: Option<&str>) -> TextAnswer {
    TextAnswer {
        text: text.into(),
        credit: None,
        feedback: feedback.map(Rich::text),
        span: span(),
    }
}

fn exact(v: &str, tol: &str) -> NumericAnswer {
    NumericAnswer {
        value: NumericValue::Exact {
            value: Decimal(v.into()),
            tolerance: Decimal(tol.into()),
        },
        credit: None,
        feedback: None,
        span: span(),
    }
}

fn quiz(id: &str, title: &str, items: Vec<Item>) -> Quiz {
    Quiz {
        id: id.into(),
        source: format!("{id}.md"),
        title: title.into(),
        description: format!("{title}: a test quiz"),
        intro: Rich::default(),
        settings: Settings {
            tags: vec!["quizc".into()],
            ..Settings::default()
        },
        items,
        assets: vec![],
    }
}

/// One question of every type, with feedback, hints, math, code, a table
/// and an image.
fn all_types() -> Quiz {
    let image = Asset {
        name: "red-square-1a2b3c4d.png".into(),
        path: "img/red square.png".into(),
        mime: "image/png".into(),
        sha256: "0".repeat(64),
        data: Arc::from(&include_bytes!("fixtures/red-square.png")[..]),
    };
    let mut mc = question(
        "vg-cause",
        Some("Cause of vanishing gradients"),
        Rich {
            blocks: vec![
                Block::Paragraph(vec![
                    t("A 15-layer network uses sigmoid activations, where "),
                    Inline::Math("\\sigma'(x) \\le 0.25".into()),
                    t(". What is the most likely cause?"),
                ]),
                Block::Paragraph(vec![Inline::Image {
                    src: ImageSrc::Asset {
                        name: "red-square-1a2b3c4d.png".into(),
                    },
                    alt: "a red square".into(),
                    title: String::new(),
                }]),
            ],
        },
        Answer::MultipleChoice {
            choices: vec![
                choice("a", Rich::text("The learning rate is too low"), false),
                {
                    let mut c = choice(
                        "b",
                        p(vec![
                            t("Derivatives multiply: "),
                            Inline::Math("0.25^{15}".into()),
                        ]),
                        true,
                    );
                    c.feedback = Some(Rich::text("Right: 0.25^15 is about 1e-9."));
                    c
                },
                {
                    let mut c = choice("c", Rich::text("None of the above"), false);
                    c.pinned = true;
                    c
                },
            ],
        },
    );
    mc.feedback = Feedback {
        general: Some(p(vec![
            Inline::Strong(vec![t("Explanation:")]),
            t(" each layer scales the gradient by at most 0.25."),
        ])),
        correct: Some(Rich::text("Well done.")),
        incorrect: Some(Rich::text("Think about the chain rule.")),
        hints: vec![Rich::text("Multiply 15 derivatives.")],
        answer: None,
    };
    mc.tags = vec!["sigmoid".into()];

    let ma = question(
        "act-negative",
        None,
        Rich::text("Which activations can output negative values?"),
        Answer::MultipleAnswers {
            choices: vec![
                choice("a", Rich::text("tanh"), true),
                choice("b", Rich::text("Leaky ReLU"), true),
                choice("c", Rich::text("ReLU"), false),
                choice("d", Rich::text("sigmoid"), false),
                choice("e", Rich::text("softplus"), false),
            ],
        },
    );

    let mut tf = question(
        "vg-equal",
        None,
        Rich::text("The vanishing gradient problem affects all layers equally."),
        Answer::TrueFalse {
            correct: false,
            feedback_true: Some(Rich::text("No: early layers suffer most.")),
            feedback_false: Some(Rich::text("Yes.")),
        },
    );
    tf.feedback.hints = vec![Rich::text("Which layers are far from the loss?")];
    tf.feedback.answer = Some(Rich::text("False: the early layers suffer most."));

    let mut sa = question(
        "relu-name",
        Some("ReLU's name"),
        Rich::text("What does ReLU stand for?"),
        Answer::ShortAnswer {
            accepted: vec![
                text_answer("Rectified Linear Unit", Some("Yes.")),
                TextAnswer {
                    credit: Some(50.0),
                    ..text_answer("rectifier", None)
                },
            ],
            wrong: vec![text_answer(
                "Real Linear Unit",
                Some("Not real: rectified."),
            )],
            case_sensitive: false,
        },
    );
    sa.feedback.incorrect = Some(Rich::text("It is about rectification."));

    let mut num = question(
        "sigmoid-max-derivative",
        None,
        p(vec![
            t("What is the maximum of "),
            Inline::Math("\\sigma'(x)".into()),
            t("?"),
        ]),
        Answer::Numerical {
            accepted: vec![exact("0.25", "0.01"), {
                let mut r = exact("0", "0");
                r.value = NumericValue::Range {
                    min: Decimal("0.2".into()),
                    max: Decimal("0.3".into()),
                };
                r.credit = Some(50.0);
                r
            }],
            wrong: vec![NumericAnswer {
                feedback: Some(Rich::text("That is the maximum of sigmoid itself.")),
                ..exact("1", "0")
            }],
        },
    );
    num.points = 2.0;

    let mut essay = question(
        "vg-explain",
        None,
        Rich::text("Explain why vanishing gradients prevent training deep networks."),
        Answer::Open {
            kind: OpenKind::Essay,
        },
    );
    essay.points = 5.0;
    essay.feedback.answer = Some(Rich::text("The attenuation compounds with depth."));

    let open_sa = question(
        "vg-one-word",
        None,
        Rich::text("In one word: what shrinks?"),
        Answer::Open {
            kind: OpenKind::ShortAnswer,
        },
    );

    let matching = question(
        "act-ranges",
        Some("Activation ranges"),
        Rich::text("Match each activation with its range."),
        Answer::Matching {
            pairs: vec![
                Pair {
                    left: "sigmoid".into(),
                    right: "(0, 1)".into(),
                    span: span(),
                },
                Pair {
                    left: "tanh".into(),
                    right: "(-1, 1)".into(),
                    span: span(),
                },
                Pair {
                    left: "ReLU".into(),
                    right: "[0, ∞)".into(),
                    span: span(),
                },
            ],
            distractors: vec![Distractor {
                text: "(-∞, 0]".into(),
                span: span(),
            }],
        },
    );

    let mut blanks = question(
        "sigmoid-blanks",
        None,
        p(vec![
            t("The derivative of the sigmoid peaks at "),
            Inline::Blank(0),
            t(" where "),
            Inline::Math("x = 0".into()),
            t("; its value there is "),
            Inline::Blank(1),
            t("."),
        ]),
        Answer::Blanks {
            blanks: vec![
                Blank::Text {
                    accepted: vec!["0.25".into(), "1/4".into()],
                    span: span(),
                },
                Blank::Dropdown {
                    options: vec!["0.25".into(), "0.5".into(), "1".into()],
                    correct: 0,
                    span: span(),
                },
            ],
            case_sensitive: false,
        },
    );
    blanks.points = 2.0;

    let ordering = question(
        "backprop-order",
        None,
        Rich::text("Put the steps of one training step in order."),
        Answer::Ordering {
            items: [
                "Forward pass",
                "Compute the loss",
                "Backward pass",
                "Update weights",
            ]
            .iter()
            .map(|s| OrderItem {
                content: Rich::text(*s),
                span: span(),
            })
            .collect(),
            partial: false,
        },
    );

    let text = TextBlock {
        id: "part-2".into(),
        title: Some("Part 2".into()),
        content: Rich {
            blocks: vec![
                Block::Paragraph(vec![t("The next questions use this code:")]),
                Block::CodeBlock {
                    lang: Some("python".into()),
                    code: "def sigmoid(x):\n    return 1 / (1 + exp(-x))\n".into(),
                },
                Block::Table {
                    align: vec![Align::Left, Align::Right],
                    head: vec![vec![t("x")], vec![t("σ(x)")]],
                    rows: vec![vec![vec![t("0")], vec![t("0.5")]]],
                },
            ],
        },
        span: span(),
    };

    let pool = Pool {
        id: "act-pool".into(),
        title: "Activation basics".into(),
        pick: 1,
        points: 1.0,
        questions: vec![
            question(
                "relu-zero",
                None,
                Rich::text("ReLU's derivative at 0 is defined as 0 in most libraries."),
                Answer::TrueFalse {
                    correct: true,
                    feedback_true: None,
                    feedback_false: None,
                },
            ),
            question(
                "sigmoid-range",
                None,
                Rich::text("The range of the sigmoid is:"),
                Answer::MultipleChoice {
                    choices: vec![
                        choice("a", Rich::text("(0, 1)"), true),
                        choice("b", Rich::text("(-1, 1)"), false),
                    ],
                },
            ),
        ],
        span: span(),
    };

    let mut q = quiz(
        "all-types",
        "All types",
        vec![
            Item::Question(mc),
            Item::Question(ma),
            Item::Question(tf),
            Item::Question(sa),
            Item::Question(num),
            Item::Text(text),
            Item::Question(essay),
            Item::Question(open_sa),
            Item::Question(matching),
            Item::Question(blanks),
            Item::Question(ordering),
            Item::Pool(pool),
        ],
    );
    q.assets = vec![image];
    q.intro = Rich::text("5 questions to test your understanding");
    q
}

/// Author text aimed at every escaping layer: XML, CDATA, HTML, cloze,
/// wildcards, category paths.
fn hostile() -> Quiz {
    const EVIL: &str = "<script>alert('x')</script> & ]]> \"q\" {1:SA:=x} \u{7}bell 🎉 עברית";
    let mut sa = question(
        "hostile-sa",
        Some("Input/Output <&>\"]]>"),
        Rich::text(EVIL),
        Answer::ShortAnswer {
            accepted: vec![
                text_answer("<script>alert(1)</script>", Some(EVIL)),
                text_answer("a*b", None),
                text_answer("x ]]> y", None),
            ],
            wrong: vec![],
            case_sensitive: true,
        },
    );
    sa.tags = vec!["a&b".into(), "<tag>".into()];
    let blanks = question(
        "hostile-cloze",
        None,
        p(vec![
            t("Type "),
            Inline::Blank(0),
            t(" or pick "),
            Inline::Blank(1),
            t(" {2:MULTICHOICE:=fake~x} "),
            Inline::Math("x^{2} \\sim y".into()),
        ]),
        Answer::Blanks {
            blanks: vec![
                Blank::Text {
                    accepted: vec![
                        "a}b#c~d/e\"f\\g".into(),
                        "x^{2}".into(),
                        "=5%".into(),
                        "2*3".into(),
                    ],
                    span: span(),
                },
                Blank::Dropdown {
                    options: vec!["a < b".into(), "a & b".into(), "~#}".into()],
                    correct: 1,
                    span: span(),
                },
            ],
            case_sensitive: false,
        },
    );
    let matching = question(
        "hostile-match",
        None,
        Rich::text("Match"),
        Answer::Matching {
            pairs: vec![
                Pair {
                    left: "<b>bold?</b>".into(),
                    right: "a & b".into(),
                    span: span(),
                },
                Pair {
                    left: "]]>".into(),
                    right: "<i>".into(),
                    span: span(),
                },
            ],
            distractors: vec![Distractor {
                text: "\"quoted\"".into(),
                span: span(),
            }],
        },
    );
    let mc = question(
        "hostile-mc",
        None,
        p(vec![
            Inline::Html("<script>".into()),
            t("x"),
            Inline::Html("</script>".into()),
            Inline::Code("a <b> & ]]>".into()),
        ]),
        Answer::MultipleAnswers {
            choices: (0..11)
                .map(|i| choice(&format!("c{i}"), Rich::text(format!("<{i}>")), true))
                .chain(std::iter::once(choice("w", Rich::text("wrong"), false)))
                .collect(),
        },
    );
    let mut q = quiz(
        "hostile",
        "Input/Output <&>\"]]>",
        vec![
            Item::Question(sa),
            Item::Question(blanks),
            Item::Question(matching),
            Item::Question(mc),
        ],
    );
    q.description = EVIL.into();
    q
}

fn emit(quiz: &Quiz) -> (String, Diagnostics) {
    let config = Config::default();
    let mut cx = EmitCx {
        file: 0,
        config: &config,
        diags: Diagnostics::default(),
    };
    let out = find("moodle")
        .expect("moodle is registered")
        .emit(quiz, &mut cx)
        .expect("emits");
    match out {
        Output::File { ext: "xml", bytes } => (String::from_utf8(bytes).unwrap(), cx.diags),
        other => panic!("unexpected output {other:?}"),
    }
}

fn golden(case: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/moodle")
        .join(format!("{case}.xml"));
    if std::env::var_os("QUIZC_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing: run with QUIZC_BLESS=1", path.display()));
    assert!(
        expected == actual,
        "{case}.xml differs from the golden file; re-bless with QUIZC_BLESS=1 and review the diff"
    );
}

/// Parses the document with quick-xml; returns, per element that has a
/// `<text>` child, the text and the `<file name>`s beside it.
fn fields(xml: &str) -> Vec<(String, Vec<String>)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<(String, Vec<String>)> = Vec::new();
    let mut out = Vec::new();
    let mut in_text = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                in_text = name == "text";
                if name == "file" {
                    let file_name = e
                        .try_get_attribute("name")
                        .unwrap()
                        .map(|a| a.value.to_string())
                        .unwrap();
                    if let Some(top) = stack.last_mut() {
                        top.1.push(file_name);
                    }
                }
                stack.push((String::new(), Vec::new()));
            }
            Event::CData(c) if in_text => {
                let n = stack.len();
                stack[n - 2].0.push_str(&c.into_inner());
            }
            Event::Text(c) if in_text => {
                let n = stack.len();
                stack[n - 2].0.push_str(&c.into_inner());
            }
            Event::End(_) => {
                in_text = false;
                let (text, files) = stack.pop().unwrap();
                if !text.is_empty() || !files.is_empty() {
                    out.push((text, files));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn codes(d: &Diagnostics) -> Vec<&'static str> {
    d.items.iter().map(|d| d.code).collect()
}

#[test]
fn all_types_golden() {
    let (xml, _) = emit(&all_types());
    golden("all-types", &xml);
}

#[test]
fn hostile_golden() {
    let (xml, _) = emit(&hostile());
    golden("hostile", &xml);
}

#[test]
fn output_is_deterministic() {
    assert_eq!(emit(&all_types()).0, emit(&all_types()).0);
}

#[test]
fn every_pluginfile_reference_has_its_file_in_the_same_field() {
    for quiz in [all_types(), hostile()] {
        let (xml, _) = emit(&quiz);
        let mut seen = 0;
        for (text, files) in fields(&xml) {
            for part in text.split("@@PLUGINFILE@@/").skip(1) {
                let name: String = part.chars().take_while(|c| *c != '"').collect();
                assert!(files.contains(&name), "{name} has no <file> in {text}");
                seen += 1;
            }
        }
        if quiz.id == "all-types" {
            assert_eq!(seen, 1);
        }
    }
}

#[test]
fn hostile_text_survives_every_layer() {
    let (xml, diags) = emit(&hostile());
    let fields = fields(&xml);
    let texts: Vec<&str> = fields.iter().map(|(t, _)| t.as_str()).collect();
    // The category path escapes its slash; names that Moodle's strip_tags
    // would eat are written with entities (shown as written by format_string).
    assert!(
        texts.contains(&"$course$/top/Input//Output &lt;&amp;&gt;\"]]&gt;"),
        "{texts:?}"
    );
    assert!(texts.contains(&"Input/Output &lt;&amp;&gt;\"]]&gt;"));
    // Literal answers come back exactly (bell character dropped).
    assert!(texts.contains(&"<script>alert(1)</script>"));
    assert!(texts.contains(&"a\\*b"));
    assert!(texts.contains(&"x ]]> y"));
    // Rich text is escaped HTML, never live markup.
    assert!(xml.contains("&lt;script&gt;alert('x')&lt;/script&gt;"));
    assert!(!xml.contains("<script>alert('x')"));
    // The fake cloze field in the text is defused, the real ones are there.
    assert!(xml.contains("&#123;2:MULTICHOICE:=fake~x}"));
    assert!(xml.contains(
        "{1:SHORTANSWER:=a&#125;b&#35;c&#126;d&#47;e&#34;f&#92;g~=x^&#123;2&#125;~=&#61;5&#37;~=2\\*3}"
    ));
    assert!(xml.contains("{1:MULTICHOICE_S:a &#38;lt; b~=a &#38;amp; b~&#126;&#35;&#125;}"));
    // 11 correct choices: the nearest valid split, with a warning.
    assert!(codes(&diags).contains(&"moodle-fraction"));
    assert!(xml.contains("fraction=\"10\"") && xml.contains("fraction=\"5\""));
    // Moodle drops `<>` from tags: said, not silent.
    assert!(codes(&diags).contains(&"moodle-tag"));
    // No text carries an XML-illegal character.
    assert!(!xml.contains('\u{7}'));
}

#[test]
fn warnings_name_what_is_lost() {
    let (_, diags) = emit(&all_types());
    let c = codes(&diags);
    for expected in ["moodle-pool", "moodle-pin", "moodle-feedback"] {
        assert!(c.contains(&expected), "{expected} missing from {c:?}");
    }
    let pool = diags
        .items
        .iter()
        .find(|d| d.code == "moodle-pool")
        .unwrap();
    assert!(
        pool.message.contains("Get category from file"),
        "{}",
        pool.message
    );
    // Multiple Answers with 2 right and 3 wrong: 50/50 and -33.33333 each, exact.
    assert!(!c.contains(&"moodle-fraction"), "{c:?}");
    // 2 points over 2 blanks: whole weights, no warning; 1 point over 2 does warn.
    assert!(!c.contains(&"moodle-cloze-mark"), "{c:?}");
    assert!(codes(&emit(&hostile()).1).contains(&"moodle-cloze-mark"));
}

#[test]
fn pools_become_a_subcategory_and_return_to_the_quiz_category() {
    let (xml, _) = emit(&all_types());
    let cats: Vec<&str> = xml
        .match_indices("<category><text>")
        .map(|(i, _)| {
            let rest = &xml[i + 16..];
            &rest[..rest.find("</text>").unwrap()]
        })
        .collect();
    assert_eq!(
        cats,
        vec![
            "$course$/top/All types",
            "$course$/top/All types/Activation basics",
            "$course$/top/All types"
        ]
    );
}

#[test]
fn ordering_shows_every_item_all_or_nothing() {
    let (xml, _) = emit(&all_types());
    assert!(xml.contains("<selecttype>ALL</selecttype>"));
    assert!(xml.contains("<selectcount>4</selectcount>"));
    assert!(xml.contains("<gradingtype>ALL_OR_NOTHING</gradingtype>"));
}

#[test]
fn numerical_range_is_midpoint_and_half_width() {
    let (xml, _) = emit(&all_types());
    assert!(xml.contains("<text>0.25</text>"));
    assert!(xml.contains("<tolerance>0.05</tolerance>"));
}

/// Builds a folder with the `quizc` binary and returns `(file name, XML)`.
fn build_with_cli(dir: &str) -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("moodle-build")
        .join(dir.replace('/', "-"));
    let _ = std::fs::remove_dir_all(&out);
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_quizc"))
        .args(["build", dir, "--format", "moodle", "--out"])
        .arg(&out)
        .current_dir(&root)
        .env("NO_COLOR", "1")
        .output()
        .expect("quizc runs");
    assert!(
        run.status.success(),
        "quizc build {dir} failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut files: Vec<(String, String)> = std::fs::read_dir(out.join("moodle"))
        .expect("dist/moodle")
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// `content/` (the example quizzes) and every parser fixture, through the
/// real front end: golden files under `tests/golden/moodle/<dir>/`.
#[test]
fn content_and_fixtures_golden() {
    for (dir, golden_dir) in [("content", "content"), ("tests/fixtures/parse", "fixtures")] {
        let files = build_with_cli(dir);
        assert!(!files.is_empty(), "{dir} built nothing");
        for (name, xml) in &files {
            // Well-formed, and every image has its file.
            for (text, files) in fields(xml) {
                for part in text.split("@@PLUGINFILE@@/").skip(1) {
                    let image: String = part.chars().take_while(|c| *c != '"').collect();
                    assert!(files.contains(&image), "{name}: {image} has no <file>");
                }
            }
            golden(
                &format!("{golden_dir}/{}", name.trim_end_matches(".xml")),
                xml,
            );
        }
    }
}
