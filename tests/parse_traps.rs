//! The Markdown traps of the LMS appendix (S1–S25), one test each, named by
//! trap. Traps that need a diagnostic are also rows of
//! `tests/parse_diagnostics.rs`; this file checks what the parser *does*.

mod parse_support;

use parse_support::parse_str;
use quizc::model::{Answer, Blank, Block, Inline, QuestionKind};

fn only_question(text: &str) -> quizc::model::Question {
    let p = parse_str(text);
    assert!(p.errors().is_empty(), "{}", p.report());
    p.quiz().questions().next().expect("a question").clone()
}

fn first_paragraph(q: &quizc::model::Question) -> Vec<Inline> {
    match &q.stem.blocks[0] {
        Block::Paragraph(inl) => inl.clone(),
        other => panic!("not a paragraph: {other:?}"),
    }
}

#[test]
fn s1_front_matter_is_settings_not_a_phantom_question() {
    let p = parse_str("---\ntitle: ok\npoints: 2\n---\n\n## Q · Essay\n\nWrite.\n");
    assert_eq!(p.quiz().questions().count(), 1);
    assert_eq!(
        (p.quiz().title.as_str(), p.quiz().settings.points),
        ("ok", 2.0)
    );
}

#[test]
fn s2_blanks_span_several_events() {
    let q = only_question(
        "## Q · Fill in the Blanks\n\nA [[0.25 | 1/4]], B [[*1 | 0.5]], C [[$x^2$ | x^2]], D [[`a|b` | c]].\n",
    );
    let Answer::Blanks { blanks, .. } = &q.answer else {
        panic!("blanks")
    };
    let texts: Vec<Vec<String>> = blanks
        .iter()
        .map(|b| match b {
            Blank::Text { accepted, .. } => accepted.clone(),
            Blank::Dropdown { options, .. } => options.clone(),
        })
        .collect();
    assert_eq!(
        texts,
        [
            vec!["0.25", "1/4"],
            vec!["1", "0.5"],
            vec!["$x^2$", "x^2"],
            vec!["a|b", "c"]
        ]
    );
}

#[test]
fn s3_no_wikilinks_no_smart_punctuation() {
    use pulldown_cmark::Options;
    let options = quizc::parse::tree::MARKDOWN_OPTIONS;
    assert!(!options.contains(Options::ENABLE_WIKILINKS));
    assert!(!options.contains(Options::ENABLE_SMART_PUNCTUATION));
    let q = only_question("## Q · Short Answer\n\n- [x] don't -- \"stop\"\n");
    let Answer::ShortAnswer { accepted, .. } = &q.answer else {
        panic!("short")
    };
    assert_eq!(accepted[0].text, "don't -- \"stop\"");
}

#[test]
fn s4_blank_in_a_table_cell_with_an_escaped_pipe() {
    let q = only_question(
        "## Q · Fill in the Blanks\n\n| f | f'(0) |\n|---|---|\n| tanh | [[1 \\| 1.0]] |\n",
    );
    let Answer::Blanks { blanks, .. } = &q.answer else {
        panic!("blanks")
    };
    assert!(matches!(&blanks[0], Blank::Text { accepted, .. } if accepted == &["1", "1.0"]));
}

#[test]
fn s7_loose_and_tight_lists_read_alike() {
    let shape = |q: &quizc::model::Question| match &q.answer {
        Answer::MultipleChoice { choices } => choices
            .iter()
            .map(|c| (c.content.clone(), c.correct, c.feedback.clone()))
            .collect::<Vec<_>>(),
        _ => panic!("mc"),
    };
    let tight = only_question("## Q\n\n- [x] a\n  > yes\n- [ ] b\n");
    let loose = only_question("## Q\n\n- [x] a\n\n  > yes\n\n- [ ] b\n");
    assert_eq!(shape(&tight), shape(&loose));
}

#[test]
fn s8_task_lists_inside_feedback_are_content() {
    let q = only_question(
        "## Q\n\n- [x] a\n  > - [ ] not a choice\n- [ ] b\n\n> **Explanation:**\n> - [x] not one either\n",
    );
    let Answer::MultipleChoice { choices } = &q.answer else {
        panic!("mc")
    };
    assert_eq!(choices.len(), 2);
}

#[test]
fn s10_attributes_parse() {
    let q = only_question("## Q {#act-mc points=3 case=sensitive}\n\n- [x] ReLU\n");
    assert_eq!((q.id.as_str(), q.points), ("act-mc", 3.0));
    assert!(matches!(
        q.answer,
        Answer::ShortAnswer {
            case_sensitive: true,
            ..
        }
    ));
}

#[test]
fn s17_dollar_amounts_are_not_math() {
    let q = only_question("## Q · Essay\n\nIt costs $5 and $10, or $3.50 and $4.20.\n");
    assert!(
        first_paragraph(&q)
            .iter()
            .all(|i| !matches!(i, Inline::Math(_)))
    );
}

#[test]
fn s18_matching_splits_outside_code_and_math() {
    let q = only_question(
        "## Q · Matching\n\n- sigmoid -> (0, 1)\n- ReLU -> [0, ∞)\n- `a -> b` -> code\n- -> (-∞, 0]\n",
    );
    let Answer::Matching { pairs, distractors } = &q.answer else {
        panic!("matching")
    };
    let got: Vec<(&str, &str)> = pairs
        .iter()
        .map(|p| (p.left.as_str(), p.right.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("sigmoid", "(0, 1)"),
            ("ReLU", "[0, ∞)"),
            ("a -> b", "code")
        ]
    );
    assert_eq!(distractors[0].text, "(-∞, 0]");
}

#[test]
fn s20_ordering_keeps_source_order() {
    let p = parse_str("## Q · Ordering\n\n3. c\n1. a\n");
    let Answer::Ordering { items, .. } = &p.quiz().questions().next().unwrap().answer else {
        panic!("ordering")
    };
    assert_eq!(items[0].content.plain_text(), "c");
    assert_eq!(p.codes(), ["ordering-numbers"]);
}

#[test]
fn s22_letters_are_stripped_only_when_all_items_carry_them() {
    let stripped = only_question("## Q\n\n- [ ] A. one\n- [x] B) two\n");
    let kept = only_question("## Q\n\n- [ ] I. Newton\n- [x] Euler\n");
    let text = |q: &quizc::model::Question| match &q.answer {
        Answer::MultipleChoice { choices } => choices
            .iter()
            .map(|c| c.content.plain_text())
            .collect::<Vec<_>>(),
        _ => panic!("mc"),
    };
    assert_eq!(text(&stripped), ["one", "two"]);
    assert_eq!(text(&kept), ["I. Newton", "Euler"]);
}

#[test]
fn s23_separators() {
    for h in [
        "Question 1 - Multiple Choice",
        "Question 1 — Multiple Choice",
        "Q1 (Multiple Choice)",
        "Q1 | Multiple Choice",
        "Q1 • Multiple Choice",
    ] {
        let q = only_question(&format!("## {h}\n\n- [x] a\n- [ ] b\n"));
        assert_eq!(q.kind(), QuestionKind::MultipleChoice, "{h}");
    }
}

#[test]
fn s24_crlf_bom_and_nbsp() {
    let q = only_question("\u{feff}## Q\u{a0}1 · Short Answer\r\n\r\n- [x] a\u{a0}b\r\n");
    let Answer::ShortAnswer { accepted, .. } = &q.answer else {
        panic!("short")
    };
    assert_eq!(accepted[0].text, "a\u{a0}b");
}

#[test]
fn s25_source_keywords_are_english() {
    // A German type word is a title, not a type; the answer list decides.
    let q = only_question("## Frage 1 · Mehrfachauswahl\n\n- [x] a\n- [ ] b\n");
    assert_eq!(q.title.as_deref(), Some("Frage 1 · Mehrfachauswahl"));
    assert_eq!(q.kind(), QuestionKind::MultipleChoice);
}
