//! The spec's rules as tests: file encodings, images and the content root,
//! settings precedence, literal answers, ids and numbering.

mod parse_support;

use parse_support::{parse_in, parse_str, parse_with, temp_root};
use quizc::config::Config;
use quizc::model::{Answer, Block, ImageSrc, Inline, Item};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n not really a png";

#[test]
fn crlf_and_bom_are_accepted() {
    let text = "\u{feff}---\r\ntitle: Windows\r\npoints: 2\r\n---\r\n\r\n## Q1 · Multiple Choice\r\n\r\n- [x] a\r\n- [ ] b\r\n\r\n## Q 2 · Numerical {pionts=1}\r\n\r\n- [x] 0.25 ± 0.01\r\n";
    let parsed = parse_str(text);
    let quiz = parsed.quiz();
    assert_eq!(quiz.title, "Windows");
    assert_eq!(quiz.settings.points, 2.0);
    assert_eq!(quiz.questions().count(), 2);
    // Columns count characters: `·` is two bytes.
    let rows = parsed.rows();
    assert!(
        rows.iter()
            .any(|r| r.1 == "unknown-heading-attribute" && r.2 == 11 && r.3 == 20),
        "{}",
        parsed.report()
    );
    assert_eq!(parsed.errors(), vec!["unknown-heading-attribute"]);
}

#[test]
fn front_matter_without_option_is_not_a_question() {
    // S1: the YAML must come back as metadata, not a setext heading.
    let parsed = parse_str("---\ntitle: ok\npoints: 2\n---\n\n## Q\n\n- [x] a\n- [ ] b\n");
    assert_eq!(parsed.quiz().questions().count(), 1);
    assert_eq!(parsed.quiz().title, "ok");
}

#[test]
fn images_are_packaged_once_and_confined_to_the_root() {
    let root = temp_root("images");
    std::fs::create_dir_all(root.join("quizzes/img")).unwrap();
    std::fs::write(root.join("quizzes/img/relu plot.png"), PNG).unwrap();
    std::fs::write(root.join("secret.png"), PNG).unwrap();
    let outside = temp_root("outside");
    std::fs::write(outside.join("x.png"), PNG).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.join("x.png"), root.join("quizzes/img/link.png")).unwrap();
    let text = "## Q\n\n![plot](img/relu%20plot.png) ![again](img/relu%20plot.png) ![up](../secret.png)\n\n- [x] a\n- [ ] b\n\n## R\n\n![link](img/link.png)\n\n- [x] a\n- [ ] b\n";
    let parsed = parse_in(&root, "quizzes/q.md", text);
    let quiz = parsed.quiz();
    assert_eq!(quiz.assets.len(), 2, "{:?}", quiz.assets);
    let a = &quiz.assets[0];
    assert_eq!(a.path, "quizzes/img/relu plot.png");
    assert_eq!(a.mime, "image/png");
    assert_eq!(a.sha256.len(), 64);
    assert!(
        a.name.starts_with("relu-plot-") && a.name.ends_with(".png"),
        "{}",
        a.name
    );
    assert!(
        a.name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    );
    assert_eq!(quiz.assets[1].path, "secret.png");
    let Block::Paragraph(inl) = &quiz.questions().next().unwrap().stem.blocks[0] else {
        panic!("paragraph")
    };
    assert!(
        matches!(&inl[0], Inline::Image { src: ImageSrc::Asset { name }, .. } if *name == a.name)
    );
    #[cfg(unix)]
    assert_eq!(
        parsed.errors(),
        vec!["image-outside-root"],
        "{}",
        parsed.report()
    );
}

#[test]
fn quiz_defaults_come_from_quizc_toml_under_front_matter() {
    let config = Config {
        quiz: toml::from_str("points = 3\nlang = \"de\"\nshuffle = true\n").unwrap(),
        ..Config::default()
    };
    let root = temp_root("config");
    let parsed = parse_with(
        &root,
        "q.md",
        "---\npoints: 5\n---\n\n## Q {shuffle=false}\n\n- [x] a\n- [ ] b\n\n## R\n\n- [x] a\n- [ ] b\n",
        &config,
    );
    let quiz = parsed.quiz();
    assert_eq!(quiz.settings.points, 5.0);
    assert_eq!(quiz.settings.lang, "de");
    let qs: Vec<_> = quiz.questions().collect();
    assert_eq!((qs[0].shuffle, qs[1].shuffle), (false, true));
    assert_eq!(qs[1].points, 5.0);
}

#[test]
fn answers_are_literal_source_text() {
    let parsed = parse_str(
        "## Q · Short Answer\n\n- [x] <script>alert(1)</script>\n- [x] `*not emphasis*`\n- [x] a \\| b &lt; c\n- [x] don't -- \"quote\"\n",
    );
    let q = parsed.quiz().questions().next().unwrap();
    let Answer::ShortAnswer { accepted, .. } = &q.answer else {
        panic!("short answer")
    };
    let texts: Vec<&str> = accepted.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "<script>alert(1)</script>",
            "*not emphasis*",
            "a | b < c",
            "don't -- \"quote\""
        ]
    );
}

#[test]
fn ids_are_stable_when_questions_are_inserted() {
    let a = parse_str(
        "## Q\n\nFirst stem.\n\n- [x] a\n- [ ] b\n\n## Sigmoid range\n\n- [x] a\n- [ ] b\n",
    );
    let b = parse_str(
        "## New\n\nInserted.\n\n- [x] a\n- [ ] b\n\n## Q\n\nFirst stem.\n\n- [x] a\n- [ ] b\n\n## Sigmoid range\n\n- [x] a\n- [ ] b\n",
    );
    let ids = |p: &parse_support::Parsed| {
        p.quiz()
            .questions()
            .map(|q| q.id.clone())
            .collect::<Vec<_>>()
    };
    let (ia, ib) = (ids(&a), ids(&b));
    assert_eq!(ia[0], ib[1]);
    assert_eq!(ia[1], "quiz-sigmoid-range");
    assert_eq!(ib[2], "quiz-sigmoid-range");
}

#[test]
fn duplicate_derived_ids_get_a_suffix() {
    let p = parse_str("## Same · Essay\n\nA.\n\n## Same · Essay\n\nB.\n");
    let ids: Vec<_> = p.quiz().questions().map(|q| q.id.clone()).collect();
    assert_eq!(ids, ["quiz-same", "quiz-same-2"]);
    assert!(p.errors().is_empty(), "{}", p.report());
}

#[test]
fn quiz_id_from_a_stem_with_a_digit() {
    let root = temp_root("stem");
    let p = parse_in(&root, "01-intro.md", "## Q · Essay\n\nWrite.\n");
    assert_eq!(p.quiz().id, "q01-intro");
    assert_eq!(p.quiz().title, "01-intro");
}

#[test]
fn title_intro_and_description() {
    let p = parse_str("# Questions: Gradients\n\nSome *intro* text.\n\n## Q · Essay\n\nWrite.\n");
    let quiz = p.quiz();
    assert_eq!(quiz.title, "Questions: Gradients");
    assert_eq!(quiz.description, "Some intro text.");
    assert_eq!(quiz.intro.blocks.len(), 1);
}

#[test]
fn section_headings_with_h3_questions_are_reported_and_recovered() {
    let p = parse_str("## Part A\n\n### One\n\n- [x] a\n- [ ] b\n\n### Two\n\n- [x] a\n- [ ] b\n");
    assert_eq!(
        p.errors(),
        ["question-outside-pool", "question-outside-pool"]
    );
    assert_eq!(p.quiz().questions().count(), 2);
}

#[test]
fn text_blocks_are_items_without_points() {
    let p = parse_str("## Read this · Text\n\nContent.\n\n## Q · Essay\n\nWrite.\n");
    assert!(matches!(p.quiz().items[0], Item::Text(_)));
    assert_eq!(p.quiz().questions().count(), 1);
}

#[test]
fn pools_count_and_carry_points() {
    let p = parse_str(
        "## Pool: Basics {pick=1 points=4}\n\n### A\n\n- [x] a\n- [ ] b\n\n### B\n\n- [x] a\n- [ ] b\n\n## Question 2 · Essay\n\nWrite.\n",
    );
    assert!(p.diags.is_empty(), "{}", p.report());
    let Item::Pool(pool) = &p.quiz().items[0] else {
        panic!("pool")
    };
    assert_eq!((pool.pick, pool.points, pool.questions.len()), (1, 4.0, 2));
    assert!(pool.questions.iter().all(|q| q.points == 4.0));
}

#[test]
fn per_choice_feedback_inside_blockquotes_is_not_an_answer() {
    // S8: task lists inside feedback are content.
    let p = parse_str("## Q\n\n- [x] a\n  > - [x] inside feedback\n- [ ] b\n");
    assert!(p.errors().is_empty(), "{}", p.report());
    let Answer::MultipleChoice { choices } = &p.quiz().questions().next().unwrap().answer else {
        panic!("mc")
    };
    assert_eq!(choices.len(), 2);
    assert!(choices[0].feedback.is_some());
}

#[test]
fn recognised_heading_forms() {
    for heading in [
        "Question 1 · Multiple Choice",
        "Question 1: Multiple Choice",
        "Question 1 Multiple Choice",
        "Question 1 - Multiple Choice",
        "Question 1 — Multiple Choice",
        "Q1 (Multiple Choice)",
        "Multiple Choice",
        "Sigmoid saturation · multiple choice",
    ] {
        let p = parse_str(&format!("## {heading}\n\n- [x] a\n- [x] b\n"));
        assert_eq!(
            p.errors(),
            ["too-many-correct"],
            "{heading}: {}",
            p.report()
        );
    }
}

#[test]
fn heading_attributes_from_the_spec() {
    let p = parse_str(
        "## Question 1 {#relu-derivative points=\"2\" shuffle=false tags=relu,calculus}\n\n- [x] a\n- [ ] b\n",
    );
    assert!(p.diags.is_empty(), "{}", p.report());
    let q = p.quiz().questions().next().unwrap();
    assert_eq!(q.id, "relu-derivative");
    assert_eq!(q.points, 2.0);
    assert!(!q.shuffle);
    assert_eq!(q.tags, ["relu", "calculus"]);
    assert_eq!(q.label.as_deref(), Some("Question 1"));
    assert_eq!(q.title, None);
}

#[test]
fn escaped_braces_stay_in_the_title() {
    let p = parse_str("## Set notation \\{1, 2, 3\\}\n\n- [x] a\n- [ ] b\n");
    assert!(p.diags.is_empty(), "{}", p.report());
    assert_eq!(
        p.quiz().questions().next().unwrap().title.as_deref(),
        Some("Set notation {1, 2, 3}")
    );
}

/// Found by `tests/properties.rs`: pulldown-cmark starts the title's text
/// node after the backslash, so `\{` at the start looked unescaped.
#[test]
fn escaped_brace_at_the_start_of_a_title_stays_in_the_title() {
    let p = parse_str("## \\{50%\\} · Multiple Choice\n\n- [x] a\n- [ ] b\n");
    assert!(p.diags.is_empty(), "{}", p.report());
    assert_eq!(
        p.quiz().questions().next().unwrap().title.as_deref(),
        Some("{50%}")
    );
}

/// Found by `tests/properties.rs`: the colon after `**Hint:**` was taken for
/// the label's own colon and dropped.
#[test]
fn feedback_that_starts_with_a_colon_keeps_it() {
    let p = parse_str("## Q · Essay\n\nWhy?\n\n> **Hint:** :-)\n\n> **Explanation**: :x\n");
    assert!(p.diags.is_empty(), "{}", p.report());
    let q = p.quiz().questions().next().unwrap();
    assert_eq!(q.feedback.hints[0].plain_text(), ":-)");
    assert_eq!(q.feedback.general.as_ref().unwrap().plain_text(), ":x");
}

/// Found by `tests/properties.rs`: an item whose text is `[x]` in a code
/// span, or escaped, was taken for a broken task marker (S9), which made an
/// ordered list a task list.
#[test]
fn code_or_escaped_brackets_at_the_start_of_an_item_are_not_a_task_marker() {
    let p = parse_str("## Q · Ordering\n\n1. `[x]`\n2. \\[ ] b\n");
    assert!(p.diags.is_empty(), "{}", p.report());
    let q = p.quiz().questions().next().unwrap();
    let Answer::Ordering { items, .. } = &q.answer else {
        panic!("{:?}", q.answer)
    };
    assert_eq!(items[1].content.plain_text(), "[ ] b");
}

/// Found by `tests/properties.rs`: brackets escaped as the help of
/// `unclosed-blank` says (`\[\[`, `\]\]`) still opened or closed a blank.
#[test]
fn escaped_double_brackets_are_text_in_a_blanks_stem() {
    let p = parse_str("## Q · Fill in the Blanks\n\n\\[\\[a]] is [[x \\]\\] y | &#91;&#91;z]]\n");
    assert!(p.diags.is_empty(), "{}", p.report());
    let q = p.quiz().questions().next().unwrap();
    let Answer::Blanks { blanks, .. } = &q.answer else {
        panic!("{:?}", q.answer)
    };
    assert_eq!(
        blanks,
        &[quizc::model::Blank::Text {
            accepted: vec!["x ]] y".into(), "[[z".into()],
            span: blanks[0].span(),
        }]
    );
    assert!(q.stem.plain_text().starts_with("[[a]] is "), "{:?}", q.stem);
}

/// Found by `tests/properties.rs`: a choice ending in escaped `\{50%\}`
/// lost it to a credit.
#[test]
fn an_escaped_credit_at_the_end_of_a_choice_is_text() {
    let p =
        parse_str("## Q · Multiple Choice\n\n- [x] a \\{50%\\}\n- [ ] b \\{pin}\n- [ ] c {pin}\n");
    assert!(p.diags.is_empty(), "{}", p.report());
    let q = p.quiz().questions().next().unwrap();
    let Answer::MultipleChoice { choices } = &q.answer else {
        panic!("{:?}", q.answer)
    };
    let seen: Vec<(String, Option<f64>, bool)> = choices
        .iter()
        .map(|c| (c.content.plain_text(), c.credit, c.pinned))
        .collect();
    assert_eq!(
        seen,
        [
            ("a {50%}".into(), None, false),
            ("b {pin}".into(), None, false),
            ("c".into(), None, true)
        ]
    );
}

/// Found by `tests/properties.rs`: the end of a blank was looked up in the
/// source from its start, so a `]]` inside a code span in the blank moved
/// it, and escapes after the blank were misread.
#[test]
fn a_blank_ends_at_its_own_brackets_after_code_holding_brackets() {
    let p = parse_str("## Q · Fill in the Blanks\n\n[[`[[a|b]]`]] x\\[\\[a|b]] [[*y\\]\\] | z]]\n");
    assert!(p.diags.is_empty(), "{}", p.report());
    let q = p.quiz().questions().next().unwrap();
    let Answer::Blanks { blanks, .. } = &q.answer else {
        panic!("{:?}", q.answer)
    };
    let spans: Vec<&str> = blanks
        .iter()
        .map(|b| &p.source.text[b.span().start..b.span().end])
        .collect();
    assert_eq!(spans, ["[[`[[a|b]]`]]", "[[*y\\]\\] | z]]"]);
    assert!(q.stem.plain_text().contains(" x[[a|b]] "), "{:?}", q.stem);
}

#[test]
fn quiz_files_are_told_from_other_markdown() {
    use quizc::parse::looks_like_quiz;
    assert!(looks_like_quiz("---\ntitle: x\n---\n"));
    assert!(looks_like_quiz("# T\n\n## Q\n"));
    assert!(!looks_like_quiz(
        "# README\n\n```md\n## not a heading\n```\n"
    ));
    assert!(!looks_like_quiz("# README\n\n### Install\n"));
}

#[test]
fn h3_questions_without_any_h2_are_reported() {
    let p = parse_str("### Question 1\n\n- [x] a\n- [ ] b\n");
    assert!(
        p.codes().contains(&"question-outside-pool"),
        "{}",
        p.report()
    );
}

#[test]
fn a_section_intro_above_h3_questions_becomes_text() {
    let p = parse_str("## Part A\n\nRead this first.\n\n### One\n\n- [x] a\n- [ ] b\n");
    assert_eq!(p.errors(), ["question-outside-pool"], "{}", p.report());
    assert!(matches!(p.quiz().items[0], Item::Text(_)));
    assert_eq!(p.quiz().questions().count(), 1);
}

#[test]
fn two_quizzes_with_one_id_name_both_files() {
    let root = temp_root("dupe");
    let a = parse_in(&root, "a/intro.md", "## Q · Essay\n\nWrite.\n");
    let b = parse_in(&root, "b/intro.md", "## Q · Essay\n\nWrite.\n");
    let diags = quizc::passes::checks::duplicate_quiz_ids(&[(a.quiz(), 0), (b.quiz(), 1)]);
    assert_eq!(diags.items.len(), 1);
    let d = &diags.items[0];
    assert_eq!((d.code, d.file), ("duplicate-quiz-id", Some(1)));
    assert!(
        d.message.contains("a/intro.md") && d.message.contains("b/intro.md"),
        "{}",
        d.message
    );
}

#[test]
fn a_comment_between_choices_keeps_one_answer_list() {
    let p = parse_str("## Q\n\n- [ ] a\n\n<!-- TODO: better distractor -->\n\n- [x] b\n- [ ] c\n");
    assert!(p.diags.is_empty(), "{}", p.report());
    let Answer::MultipleChoice { choices } = &p.quiz().questions().next().unwrap().answer else {
        panic!("mc")
    };
    assert_eq!(choices.len(), 3);
}

#[test]
fn front_matter_problems_are_all_reported_at_their_lines() {
    let p = parse_str(
        "---\ntitle:\npoints: -1\nlang: \"not a tag\"\ntags: {a: 1}\nshuffle: maybe\n---\n\n## Q · Essay\n\nWrite.\n",
    );
    let rows: Vec<(&str, usize)> = p.rows().iter().map(|r| (r.1, r.2)).collect();
    assert_eq!(
        rows,
        [
            ("invalid-front-matter", 2),
            ("invalid-front-matter", 3),
            ("invalid-front-matter", 4),
            ("invalid-front-matter", 5),
            ("invalid-front-matter", 6),
        ],
        "{}",
        p.report()
    );
    assert!(
        p.diags[0].message.contains("not `nothing`"),
        "{}",
        p.diags[0].message
    );
}

#[test]
fn true_false_with_a_stem_list_and_an_answer_line() {
    let p = parse_str("## Q · True / False\n\nConsider:\n\n- a\n- b\n\nAnswer: False\n");
    assert!(p.diags.is_empty(), "{}", p.report());
    let q = p.quiz().questions().next().unwrap();
    assert!(matches!(q.answer, Answer::TrueFalse { correct: false, .. }));
    assert_eq!(q.stem.blocks.len(), 2);
}

#[test]
fn short_titles_are_not_type_word_typos_but_near_misses_are() {
    let p = parse_str("## Test\n\n- [x] a\n- [ ] b\n");
    assert!(p.diags.is_empty(), "{}", p.report());
    assert_eq!(
        p.quiz().questions().next().unwrap().title.as_deref(),
        Some("Test")
    );
    let p = parse_str("## Essays\n\nWrite.\n");
    assert!(p.codes().contains(&"unknown-type-word"), "{}", p.report());
}

#[test]
fn front_matter_may_follow_a_comment_and_blank_lines() {
    let p = parse_str("<!-- draft -->\n\n---\ntitle: ok\n---\n\n## Q · Essay\n\nWrite.\n");
    assert!(p.diags.is_empty(), "{}", p.report());
    assert_eq!(p.quiz().title, "ok");
}
