//! The writer checked against pulldown-cmark itself: what it writes must read
//! back as the same inline tree (the Markdown front end sits on the same
//! events), and the canonical shapes are pinned by small snapshots.

use super::*;
use crate::model::{Align, Block, Choice, Inline, Span};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_GFM
        | Options::ENABLE_FOOTNOTES
}

/// The inlines of the first paragraph of `md`, adjacent text merged.
fn read_paragraph(md: &str) -> Vec<Inline> {
    let mut stack: Vec<Vec<Inline>> = vec![Vec::new()];
    let mut in_para = false;
    for ev in Parser::new_ext(md, options()) {
        match ev {
            Event::Start(Tag::Paragraph) => in_para = true,
            Event::End(TagEnd::Paragraph) => break,
            _ if !in_para => {}
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => {
                stack.push(Vec::new())
            }
            Event::End(end @ (TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)) => {
                let c = stack.pop().unwrap();
                let node = match end {
                    TagEnd::Emphasis => Inline::Emph(c),
                    TagEnd::Strong => Inline::Strong(c),
                    _ => Inline::Strike(c),
                };
                stack.last_mut().unwrap().push(node);
            }
            Event::Text(t) => {
                let top = stack.last_mut().unwrap();
                if let Some(Inline::Text(prev)) = top.last_mut() {
                    prev.push_str(&t);
                } else {
                    top.push(Inline::Text(t.to_string()));
                }
            }
            Event::Code(c) => stack.last_mut().unwrap().push(Inline::Code(c.to_string())),
            Event::InlineMath(m) => stack.last_mut().unwrap().push(Inline::Math(m.to_string())),
            Event::SoftBreak => stack.last_mut().unwrap().push(Inline::SoftBreak),
            Event::HardBreak => stack.last_mut().unwrap().push(Inline::HardBreak),
            other => panic!("unexpected event {other:?} in {md:?}"),
        }
    }
    stack.pop().unwrap()
}

fn empty_quiz() -> Quiz {
    Quiz {
        id: "t".into(),
        source: "t.md".into(),
        title: "T".into(),
        description: String::new(),
        intro: Rich::default(),
        settings: Settings::default(),
        items: Vec::new(),
        assets: Vec::new(),
    }
}

fn roundtrip(inlines: Vec<Inline>) {
    let quiz = empty_quiz();
    let cx = RichCx {
        quiz: &quiz,
        blanks: &[],
    };
    let md = rich::inlines_to_md(&inlines, cx);
    assert_eq!(read_paragraph(&md), inlines, "written as {md:?}");
}

const NASTY: &[&str] = &[
    "a*b*c",
    "snake_case and _under_",
    "[x] looks like a task",
    "$5 and $10",
    "{50%} {pin} e^{x}",
    "<script>alert(1)</script>",
    "&amp; stays &amp;",
    "back\\slash and `tick`",
    "~~not struck~~ ~x~",
    "[[0.25 | 1/4]]",
    "![not an image](x.png)",
    "a -> b → c",
    "ends with #",
    "≤0.25 — ReLU's (ResNets)",
];

#[test]
fn text_reads_back_exactly() {
    for s in NASTY {
        roundtrip(vec![Inline::Text(s.to_string())]);
    }
    for start in [
        "# heading",
        "> quote",
        "- item",
        "+ item",
        "* item",
        "1. one",
        "12) twelve",
        "===",
        "   indented",
        "\ttab",
        "--- rule",
        "|a|",
    ] {
        roundtrip(vec![Inline::Text(start.to_string())]);
        roundtrip(vec![
            Inline::Text("first".into()),
            Inline::SoftBreak,
            Inline::Text(start.to_string()),
        ]);
    }
}

#[test]
fn emphasis_and_code_read_back() {
    let t = |s: &str| Inline::Text(s.into());
    roundtrip(vec![
        t("a "),
        Inline::Emph(vec![t("b")]),
        t(" c "),
        Inline::Strong(vec![Inline::Emph(vec![t("d")])]),
        t(" "),
        Inline::Emph(vec![Inline::Strong(vec![t("e")])]),
        t(" "),
        Inline::Strike(vec![t("f")]),
        t(" "),
        Inline::Code("x ` y".into()),
        t(" "),
        Inline::Code("`".into()),
        t(" "),
        Inline::Math("x^{2} * y_1".into()),
        Inline::HardBreak,
        t("next"),
    ]);
}

fn choice(id: &str, text: &str, correct: bool) -> Choice {
    Choice {
        id: id.into(),
        content: Rich::text(text),
        correct,
        credit: None,
        pinned: false,
        feedback: None,
        span: Span::default(),
    }
}

fn question(answer: Answer) -> Question {
    Question {
        id: "t-q1".into(),
        label: Some("Question 1".into()),
        title: None,
        points: 1.0,
        shuffle: false,
        tags: Vec::new(),
        stem: Rich::text("Pick one."),
        answer,
        feedback: Feedback::default(),
        span: Span::default(),
    }
}

#[test]
fn multiple_choice_with_feedback_credit_and_pin() {
    let mut c = choice("b", "Right", true);
    c.feedback = Some(Rich::text("Because."));
    let mut d = choice("c", "None of the above", false);
    d.pinned = true;
    d.credit = Some(50.0);
    let mut q = question(Answer::MultipleChoice {
        choices: vec![choice("a", "Wrong", false), c, d],
    });
    q.points = 2.0;
    q.feedback.general = Some(Rich::text("In short."));
    q.feedback.hints = vec![Rich::text("Think.")];
    let mut quiz = empty_quiz();
    quiz.items.push(Item::Question(q));
    let md = to_markdown(&quiz);
    assert_eq!(
        md,
        "---\nid: t\n---\n\n# T\n\n## Question 1 · Multiple Choice {#t-q1 points=2}\n\nPick one.\n\n\
         - [ ] Wrong\n- [x] Right\n  > Because.\n- [ ] None of the above {50%} {pin}\n\n\
         > **Hint:** Think.\n\n> **Explanation:** In short.\n"
    );
}

#[test]
fn every_answer_shape() {
    use crate::model::{Decimal, Distractor, NumericAnswer, NumericValue, OrderItem, Pair};
    let num = |v: NumericValue| NumericAnswer {
        value: v,
        credit: None,
        feedback: None,
        span: Span::default(),
    };
    let d = |s: &str| Decimal(s.into());
    let mut quiz = empty_quiz();
    quiz.items.push(Item::Question(question(Answer::Numerical {
        accepted: vec![
            num(NumericValue::Exact {
                value: d("0.25"),
                tolerance: d("0.01"),
            }),
            num(NumericValue::Range {
                min: d("-3"),
                max: d("-1"),
            }),
            num(NumericValue::Exact {
                value: d("1e-9"),
                tolerance: d("0"),
            }),
        ],
        wrong: vec![],
    })));
    quiz.items.push(Item::Question(question(Answer::Matching {
        pairs: vec![Pair {
            left: "sigmoid".into(),
            right: "(0, 1)".into(),
            span: Span::default(),
        }],
        distractors: vec![Distractor {
            text: "[0, ∞)".into(),
            span: Span::default(),
        }],
    })));
    let mut blanks = question(Answer::Blanks {
        blanks: vec![
            Blank::Text {
                accepted: vec!["0.25".into(), "1/4".into()],
                span: Span::default(),
            },
            Blank::Dropdown {
                options: vec!["1".into(), "0.25".into()],
                correct: 1,
                span: Span::default(),
            },
        ],
        case_sensitive: true,
    });
    blanks.stem = Rich {
        blocks: vec![Block::Paragraph(vec![
            Inline::Text("Max is ".into()),
            Inline::Blank(0),
            Inline::Text(", at ".into()),
            Inline::Blank(1),
        ])],
    };
    quiz.items.push(Item::Question(blanks));
    quiz.items.push(Item::Question(question(Answer::Ordering {
        items: vec![
            OrderItem {
                content: Rich::text("forward"),
                span: Span::default(),
            },
            OrderItem {
                content: Rich::text("backward"),
                span: Span::default(),
            },
        ],
        partial: true,
    })));
    let md = to_markdown_with(&quiz, &WriteOptions::default());
    for expected in [
        "- [x] 0.25 ± 0.01\n- [x] -3 .. -1\n- [x] 1e-9\n",
        "- sigmoid -> (0, 1)\n- -> \\[0, ∞)\n",
        "## Question 1 · Fill in the Blanks {case=sensitive}\n\nMax is [[0.25 | 1/4]], at [[1 | *0.25]]\n",
        "## Question 1 · Ordering {scoring=partial}\n\nPick one.\n\n1. forward\n2. backward\n",
    ] {
        assert!(md.contains(expected), "{expected:?} not in\n{md}");
    }
}

#[test]
fn stem_lists_never_merge_with_the_answer_list() {
    let mut q = question(Answer::MultipleAnswers {
        choices: vec![choice("a", "x", true), choice("b", "y", false)],
    });
    q.stem.blocks.push(Block::List {
        start: None,
        items: vec![vec![Block::Paragraph(vec![Inline::Text("given".into())])]],
    });
    let mut quiz = empty_quiz();
    quiz.items.push(Item::Question(q));
    let md = to_markdown_with(&quiz, &WriteOptions::default());
    assert!(
        md.contains("Pick one.\n\n* given\n\n- [x] x\n- [ ] y\n"),
        "{md}"
    );
    // pulldown-cmark sees two lists.
    let lists = Parser::new_ext(&md, options())
        .filter(|e| matches!(e, Event::Start(Tag::List(_))))
        .count();
    assert_eq!(lists, 2);
}

#[test]
fn yaml_scalars_are_quoted_when_needed() {
    assert_eq!(
        yaml_str("Vanishing Gradient Problem"),
        "Vanishing Gradient Problem"
    );
    assert_eq!(yaml_str("Questions: x"), "\"Questions: x\"");
    assert_eq!(yaml_str("yes"), "\"yes\"");
    assert_eq!(yaml_str("80"), "\"80\"");
    assert_eq!(yaml_str("a \"b\""), "\"a \\\"b\\\"\"");
}

#[test]
fn literal_answers_read_back_exactly() {
    for s in NASTY.iter().chain(&["1. one", "- dash", "# hash", "0.25"]) {
        let md = format!("- [x] {}\n", literal_to_md(s, Escapes::TEXT));
        let mut text = String::new();
        for ev in Parser::new_ext(&md, options()) {
            match ev {
                // One code span is the whole literal (the parser unwraps it).
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                Event::Start(Tag::List(_) | Tag::Item)
                | Event::End(TagEnd::List(_) | TagEnd::Item)
                | Event::TaskListMarker(true) => {}
                other => panic!("unexpected {other:?} in {md:?}"),
            }
        }
        assert_eq!(&text, s, "written as {md:?}");
    }
}

#[test]
fn empty_description_under_an_intro_is_written() {
    let mut quiz = empty_quiz();
    quiz.intro = Rich::text("Read this first.");
    let md = to_markdown(&quiz);
    assert!(md.contains("description: \"\"\n"), "{md}");
    quiz.intro = Rich::default();
    assert!(!to_markdown(&quiz).contains("description"));
}

#[test]
fn a_written_zero_tolerance_keeps_its_digits() {
    use crate::model::{Decimal, NumericAnswer, NumericValue};
    let exact = |tolerance: &str| NumericAnswer {
        value: NumericValue::Exact {
            value: Decimal("0.25".into()),
            tolerance: Decimal(tolerance.into()),
        },
        credit: None,
        feedback: None,
        span: Span::default(),
    };
    let mut quiz = empty_quiz();
    quiz.items.push(Item::Question(question(Answer::Numerical {
        accepted: vec![exact("0"), exact("0.00")],
        wrong: vec![],
    })));
    let md = to_markdown_with(&quiz, &WriteOptions::default());
    assert!(md.contains("- [x] 0.25\n- [x] 0.25 ± 0.00\n"), "{md}");
}

#[test]
fn a_paragraph_that_is_only_an_inline_tag_stays_a_paragraph() {
    let quiz = empty_quiz();
    let cx = RichCx {
        quiz: &quiz,
        blanks: &[],
    };
    for inl in [
        vec![Inline::Html("<br>".into())],
        vec![
            Inline::Html("<b>".into()),
            Inline::SoftBreak,
            Inline::Text("x".into()),
        ],
    ] {
        let md = blocks_to_md(&[Block::Paragraph(inl.clone())], cx);
        let events: Vec<Event> = Parser::new_ext(&md, options()).collect();
        assert!(
            !events
                .iter()
                .any(|e| matches!(e, Event::Start(Tag::HtmlBlock))),
            "{md:?} is an HTML block"
        );
        assert!(events.contains(&Event::InlineHtml(match &inl[0] {
            Inline::Html(h) => h.clone().into(),
            _ => unreachable!(),
        })));
    }
}

#[test]
fn a_title_with_a_line_break_goes_to_the_front_matter() {
    let mut quiz = empty_quiz();
    quiz.title = "First\nsecond".into();
    let md = to_markdown(&quiz);
    assert!(md.starts_with("---\ntitle: \"First\\nsecond\"\n"), "{md}");
    assert!(md.contains("\n# First second\n"), "{md}");
}

#[test]
fn pipes_in_display_math_in_a_table_cell_are_escaped() {
    let quiz = empty_quiz();
    let cx = RichCx {
        quiz: &quiz,
        blanks: &[],
    };
    let cell = vec![
        Inline::DisplayMath("|x|".into()),
        Inline::Text(" ".into()),
        Inline::Math("|y|".into()),
    ];
    let table = Block::Table {
        align: vec![Align::None, Align::None],
        head: vec![cell, vec![Inline::Text("b".into())]],
        rows: vec![],
    };
    let md = blocks_to_md(&[table], cx);
    let math: Vec<String> = Parser::new_ext(&md, options())
        .filter_map(|e| match e {
            Event::DisplayMath(m) | Event::InlineMath(m) => Some(m.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(math, ["|x|", "|y|"], "{md}");
}

#[test]
fn a_blank_alternative_starting_with_a_star_is_not_the_dropdown_mark() {
    let blank = Blank::Dropdown {
        options: vec!["*a".into(), "b".into()],
        correct: 1,
        span: Span::default(),
    };
    assert_eq!(rich::blank_to_md(&blank, false), "[[`*a` | *b]]");
}

#[test]
fn a_tag_with_a_comma_is_quoted_in_the_tag_list() {
    let mut quiz = empty_quiz();
    quiz.settings.tags = vec![",True".into(), "a, b".into(), "c".into()];
    let md = to_markdown(&quiz);
    assert!(md.contains("tags: [\",True\", \"a, b\", c]\n"), "{md}");
}

#[test]
fn a_scalar_starting_with_a_comma_is_quoted() {
    assert_eq!(yaml_str(",True"), "\",True\"");
}

#[test]
fn line_and_paragraph_separators_are_escaped_in_yaml() {
    assert_eq!(
        yaml_str("a\u{2028}--- b\u{2029}"),
        "\"a\\u2028--- b\\u2029\""
    );
}

#[test]
fn two_dropdowns_in_a_paragraph_never_make_emphasis() {
    let dropdown = |first: &str| Blank::Dropdown {
        options: vec![first.into(), "b".into()],
        correct: 0,
        span: Span::default(),
    };
    let blanks = [dropdown("a"), dropdown("(c)")];
    let quiz = empty_quiz();
    let cx = RichCx {
        quiz: &quiz,
        blanks: &blanks,
    };
    let md = rich::inlines_to_md(
        &[Inline::Blank(0), Inline::Text(" ".into()), Inline::Blank(1)],
        cx,
    );
    assert_eq!(md, "[[*a | b]] [[\\*(c) | b]]");
    assert!(
        !Parser::new_ext(&md, options()).any(|e| matches!(e, Event::Start(Tag::Emphasis))),
        "{md}"
    );
    let emph = rich::inlines_to_md(&[Inline::Emph(vec![Inline::Blank(0)])], cx);
    assert_eq!(emph, "*[[\\*a | b]]*");
}

#[test]
fn a_link_destination_with_control_characters_is_in_angle_brackets() {
    let quiz = empty_quiz();
    let cx = RichCx {
        quiz: &quiz,
        blanks: &[],
    };
    let url = "https://example.com/\u{1c}\u{7f}";
    let link = Inline::Link {
        url: url.into(),
        title: String::new(),
        content: vec![Inline::Text("a".into())],
    };
    let md = rich::inlines_to_md(&[link], cx);
    let dest = Parser::new_ext(&md, options()).find_map(|e| match e {
        Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
        _ => None,
    });
    assert_eq!(dest.as_deref(), Some(url), "{md:?}");
}

#[test]
fn an_ordered_sub_list_not_starting_at_one_makes_the_list_loose() {
    let quiz = empty_quiz();
    let cx = RichCx {
        quiz: &quiz,
        blanks: &[],
    };
    let para = |t: &str| Block::Paragraph(vec![Inline::Text(t.into())]);
    let list = Block::List {
        start: None,
        items: vec![vec![
            para("a"),
            Block::List {
                start: Some(7),
                items: vec![vec![para("b")]],
            },
        ]],
    };
    let md = blocks_to_md(&[list], cx);
    let lists = Parser::new_ext(&md, options())
        .filter(|e| matches!(e, Event::Start(Tag::List(_))))
        .count();
    assert_eq!(lists, 2, "{md:?}");
}
