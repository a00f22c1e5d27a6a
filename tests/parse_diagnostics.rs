//! One test per diagnostic: a small quiz, the code it must produce, and
//! where (1-based line and column, columns in characters).

mod parse_support;

use parse_support::parse_str;
use quizc::diag::Severity::{self, Error, Warning};

/// Asserts that `text` produces `code` with `severity` at `line:col`.
fn expect(text: &str, severity: Severity, code: &str, line: usize, col: usize) {
    let parsed = parse_str(text);
    let rows = parsed.rows();
    assert!(
        rows.iter()
            .any(|r| *r == (severity, r.1, line, col) && r.1 == code),
        "expected {severity:?}[{code}] at {line}:{col}, got:\n{}",
        parsed.report()
    );
    for d in &parsed.diags {
        assert_eq!(
            quizc::parse::codes::severity(d.code),
            Some(d.severity),
            "{} is not in parse::codes::CODES with this severity",
            d.code
        );
        assert!(d.help.is_some(), "{} has no help line", d.code);
        assert!(d.span.is_some(), "{} has no span", d.code);
    }
}

macro_rules! diagnostic_tests {
    ($($name:ident: $text:expr => $sev:ident $code:literal at $line:literal : $col:literal;)*) => {
        $(
            #[test]
            fn $name() {
                expect($text, $sev, $code, $line, $col);
            }
        )*
    };
}

diagnostic_tests! {
    no_correct_answer:
        "## Q · Multiple Choice\n\n- [ ] a\n- [ ] b\n"
        => Error "no-correct-answer" at 1:1;
    no_correct_answer_short:
        "## Q · Short Answer\n\n- [ ] wrong\n"
        => Error "no-correct-answer" at 1:1;
    no_correct_answer_at_full_credit:
        "## Q · Multiple Choice\n\n- [x] a {50%}\n- [ ] b\n"
        => Error "no-correct-answer" at 1:1;
    too_many_correct:
        "## Q · Multiple Choice\n\n- [x] a\n- [x] b\n"
        => Error "too-many-correct" at 1:1;
    type_mismatch:
        "## Q · Matching\n\n- [x] a\n- [ ] b\n"
        => Error "type-mismatch" at 1:1;
    type_mismatch_essay_with_task_list:
        "## Q · Essay\n\nWrite.\n\n- [x] a\n"
        => Error "type-mismatch" at 1:1;
    true_false_both_marked:
        "## Q · True / False\n\nStem.\n\n- [x] True\n- [x] False\n"
        => Error "true-false-both-marked" at 1:1;
    true_false_none_marked:
        "## Q · True / False\n\nStem.\n\n- [ ] True\n- [ ] False\n"
        => Error "true-false-none-marked" at 1:1;
    not_a_number:
        "## Q · Numerical\n\n- [x] 0.25\n- [x] about three\n"
        => Error "not-a-number" at 4:1;
    invalid_front_matter:
        "---\ntitle: ok\npoints: [1, 2\n---\n\n## Q\n\n- [x] a\n- [ ] b\n"
        => Error "invalid-front-matter" at 4:1;
    invalid_front_matter_value:
        "---\ntitle: ok\npoints: many\n---\n\n## Q\n\n- [x] a\n- [ ] b\n"
        => Error "invalid-front-matter" at 3:1;
    front_matter_not_at_top:
        "# Title\n\n---\ntitle: ok\npoints: 2\n---\n\n## Q\n\n- [x] a\n- [ ] b\n"
        => Error "front-matter-not-at-top" at 3:1;
    metadata_block_inside_a_question:
        "## Q\n\nText\n\n---\nfoo: bar\n---\n\n- [x] a\n- [ ] b\n"
        => Error "front-matter-not-at-top" at 5:1;
    unclosed_front_matter:
        "---\ntitle: ok\npoints: 2\n\n## Q\n\n- [x] a\n- [ ] b\n"
        => Error "unclosed-front-matter" at 1:1;
    unclosed_front_matter_after_a_comment:
        "<!-- draft -->\n\n---\r\ntitle: ok\r\n\r\n## Q\r\n\r\n- [x] a\r\n- [ ] b\r\n"
        => Error "unclosed-front-matter" at 3:1;
    nesting_too_deep:
        &format!("## Q\n\n{} deep\n\n- [x] a\n- [ ] b\n", ">".repeat(100))
        => Warning "nesting-too-deep" at 3:49;
    unknown_front_matter_key:
        "---\ntitle: ok\npoints: 2\nshufle: true\n---\n\n## Q\n\n- [x] a\n- [ ] b\n"
        => Warning "unknown-front-matter-key" at 4:1;
    yaml_1_1_boolean:
        "---\nshuffle: yes\n---\n\n## Q\n\n- [x] a\n- [ ] b\n"
        => Warning "yaml-1-1-boolean" at 2:1;
    invalid_quiz_id:
        "---\nid: 1st-quiz\n---\n\n## Q\n\n- [x] a\n- [ ] b\n"
        => Error "invalid-id" at 2:1;
    duplicate_id:
        "## A {#same}\n\n- [x] a\n- [ ] b\n\n## B {#same}\n\n- [x] a\n- [ ] b\n"
        => Error "duplicate-id" at 6:1;
    empty_quiz:
        "# Just a title\n\nNo questions here.\n"
        => Error "empty-quiz" at 1:1;
    unknown_type_word:
        "## Question 1 · Multple Choice\n\n- [x] a\n- [ ] b\n"
        => Error "unknown-type-word" at 1:1;
    unknown_type_word_after_label:
        "## Question 1 Numerica\n\n- [x] 1\n"
        => Error "unknown-type-word" at 1:1;
    no_answer_block:
        "## Q\n\nJust a stem.\n"
        => Error "no-answer-block" at 1:1;
    label_number_mismatch:
        "## Question 1\n\n- [x] a\n- [ ] b\n\n## Question 3\n\n- [x] a\n- [ ] b\n"
        => Warning "label-number-mismatch" at 6:1;
    content_after_answers:
        "## Q\n\n- [x] a\n- [ ] b\n\nA stray paragraph.\n"
        => Error "content-after-answers" at 6:1;
    content_after_feedback:
        "## Q · Essay\n\nWrite.\n\n> **Answer:** model\n\nStray.\n"
        => Error "content-after-answers" at 7:1;
    too_few_choices:
        "## Q · Multiple Choice\n\n- [x] a\n"
        => Error "too-few-choices" at 1:1;
    empty_choice:
        "## Q · Multiple Choice\n\n- [x] a\n- [ ]\n"
        => Error "empty-choice" at 4:1;
    not_a_task_item:
        "## Q · Multiple Choice\n\n- [x] a\n- [ ] b\n- c\n"
        => Error "not-a-task-item" at 5:1;
    invalid_credit:
        "## Q · Multiple Choice\n\n- [x] a\n- [ ] b {150%}\n"
        => Error "invalid-credit" at 4:1;
    too_few_pairs:
        "## Q · Matching\n\n- a -> 1\n"
        => Error "too-few-pairs" at 1:1;
    matching_missing_arrow:
        "## Q · Matching\n\n- a -> 1\n- b -> 2\n- c\n"
        => Error "matching-missing-arrow" at 5:1;
    too_few_items:
        "## Q · Ordering\n\n1. only\n"
        => Error "too-few-items" at 1:1;
    type_mismatch_blanks:
        "## Q · Fill in the Blanks\n\nNo blank here.\n"
        => Error "type-mismatch" at 1:1;
    empty_blank:
        "## Q · Fill in the Blanks\n\nThe value is [[0.25 | ]].\n"
        => Error "empty-blank" at 3:14;
    dropdown_several_correct:
        "## Q · Fill in the Blanks\n\nPick [[*a | *b | c]].\n"
        => Error "dropdown-several-correct" at 3:6;
    dropdown_one_option:
        "## Q · Fill in the Blanks\n\nPick [[*a]].\n"
        => Warning "dropdown-one-option" at 3:6;
    unclosed_blank:
        "## Q · Fill in the Blanks\n\nPick [[a]] and [[b.\n"
        => Warning "unclosed-blank" at 3:16;
    raw_html:
        "## Q\n\nA <script>x</script> tag.\n\n- [x] a\n- [ ] b\n"
        => Warning "raw-html" at 3:3;
    raw_html_block:
        "## Q\n\n<div>\nhi\n</div>\n\n- [x] a\n- [ ] b\n"
        => Warning "raw-html" at 3:1;
    unsafe_link:
        "## Q\n\nSee [this](javascript:alert(1)).\n\n- [x] a\n- [ ] b\n"
        => Warning "unsafe-link" at 3:5;
    unsafe_link_hidden_by_an_entity:
        "## Q\n\nSee [this](&#106;avascript:alert(1)).\n\n- [x] a\n- [ ] b\n"
        => Warning "unsafe-link" at 3:5;
    unsafe_link_in_math:
        "## Q\n\nSee $\\href{javascript:alert(1)}{x}$.\n\n- [x] a\n- [ ] b\n"
        => Warning "unsafe-link" at 3:5;
    points_in_pool:
        "## Pool: P {pick=1}\n\n### A {points=3}\n\n- [x] a\n- [ ] b\n"
        => Error "points-in-pool" at 3:7;
    pool_pick_too_large:
        "## Pool: P {pick=3}\n\n### A\n\n- [x] a\n- [ ] b\n"
        => Error "pool-pick-too-large" at 1:1;
    empty_pool:
        "## Pool: P\n\n## Q\n\n- [x] a\n- [ ] b\n"
        => Error "empty-pool" at 1:1;
    pool_content_ignored:
        "## Pool: P\n\nLost text.\n\n### A\n\n- [x] a\n- [ ] b\n"
        => Warning "pool-content-ignored" at 3:1;
    unknown_heading_attribute:
        "## Q {pionts=2}\n\n- [x] a\n- [ ] b\n"
        => Error "unknown-heading-attribute" at 1:6;
    invalid_attribute_value:
        "## Q {points=lots}\n\n- [x] a\n- [ ] b\n"
        => Error "invalid-attribute-value" at 1:6;
    pick_outside_a_pool:
        "## Q {pick=2}\n\n- [x] a\n- [ ] b\n"
        => Error "invalid-attribute-value" at 1:6;
    remote_image:
        "## Q\n\n![plot](https://example.org/p.png)\n\n- [x] a\n- [ ] b\n"
        => Warning "remote-image" at 3:1;
    image_missing_alt:
        "## Q\n\n![](https://example.org/p.png)\n\n- [x] a\n- [ ] b\n"
        => Warning "image-missing-alt" at 3:1;
    image_not_found:
        "## Q\n\n![plot](img/missing.png)\n\n- [x] a\n- [ ] b\n"
        => Error "image-not-found" at 3:1;
    image_absolute_path:
        "## Q\n\n![plot](/etc/passwd)\n\n- [x] a\n- [ ] b\n"
        => Error "image-absolute-path" at 3:1;
    image_file_url:
        "## Q\n\n![plot](file:///etc/passwd)\n\n- [x] a\n- [ ] b\n"
        => Error "image-absolute-path" at 3:1;
    image_outside_root:
        "## Q\n\n![plot](../../../../etc/passwd)\n\n- [x] a\n- [ ] b\n"
        => Error "image-outside-root" at 3:1;
    text_in_pool:
        "## Pool: P\n\n### Read · Text\n\nHello.\n\n### A\n\n- [x] a\n- [ ] b\n"
        => Error "text-in-pool" at 3:1;
    item_feedback_ignored:
        "## Q · Matching\n\n- a -> 1\n  > because\n- b -> 2\n"
        => Warning "item-feedback-ignored" at 4:3;
    nested_pool:
        "## Pool: P\n\n### Pool: Q\n\n- [x] a\n- [ ] b\n"
        => Error "nested-pool" at 3:1;
    ordering_numbers:
        "## Q · Ordering\n\n3. a\n1. b\n"
        => Warning "ordering-numbers" at 1:1;
}

// The Markdown traps of the LMS appendix (S1–S25) that need a diagnostic.
diagnostic_tests! {
    s5_stem_list_touches_answers:
        "## Q\n\nConsider:\n\n- first\n- second\n\n- [x] yes\n- [ ] no\n"
        => Warning "stem-list-touches-answers" at 5:1;
    s6_unindented_choice_feedback:
        "## Q\n\n- [x] B\n> why\n\n- [ ] C\n"
        => Error "unindented-choice-feedback" at 4:1;
    s9_task_marker_needs_space:
        "## Q · Multiple Choice\n\n- [x] a\n- [ ]b\n- [ ] c\n"
        => Error "task-marker-needs-space" at 4:1;
    s9_broken_marker_on_the_first_item_is_not_stem_content:
        "## Q · Multiple Choice\n\n- [x]no space\n- [ ] b\n- [ ] c\n"
        => Error "task-marker-needs-space" at 3:1;
    s9_every_marker_broken:
        "## Q · Multiple Choice\n\n- [x]a\n- [ ]b\n"
        => Error "task-marker-needs-space" at 4:1;
    s9_empty_task:
        "## Q · Multiple Choice\n\n- [x] a\n- [x]\n"
        => Error "empty-choice" at 4:1;
    s11_braces_eaten_as_attributes:
        "## Set notation {1, 2, 3}\n\n- [x] a\n- [ ] b\n"
        => Error "braces-in-heading" at 1:17;
    s12_valueless_known_attribute:
        "## Q {points = 2}\n\n- [x] a\n- [ ] b\n"
        => Error "attribute-without-value" at 1:6;
    s12_braces_left_in_title:
        "## Q {points=2}{#x1}\n\n- [x] a\n- [ ] b\n"
        => Error "braces-in-heading" at 1:6;
    s13_maths_braces:
        "## Derivative of e^{x}\n\n- [x] a\n- [ ] b\n"
        => Error "braces-in-heading" at 1:20;
    s14_invalid_question_id:
        "## Q {#1st}\n\n- [x] a\n- [ ] b\n"
        => Error "invalid-id" at 1:6;
    s14_non_ascii_id:
        "## Q {#réponse}\n\n- [x] a\n- [ ] b\n"
        => Error "invalid-id" at 1:6;
    s16_backslash_parens:
        "## Q\n\nWhat is \\(x^2\\)?\n\n- [x] a\n- [ ] b\n"
        => Warning "backslash-math" at 3:9;
    s16_backslash_brackets:
        "## Q\n\nWhat is \\[x\\]?\n\n- [x] a\n- [ ] b\n"
        => Warning "backslash-math" at 3:9;
    s19_item_starts_with_number:
        "## Q · Matching\n\n- 1. sigmoid -> a\n- b -> c\n- d -> e\n"
        => Error "item-starts-with-number" at 3:1;
    s20_ordering_not_one_to_n:
        "## Q\n\n1. a\n1. b\n1. c\n"
        => Warning "ordering-numbers" at 1:1;
    s21_question_outside_pool:
        "## Part A\n\n### Question 1\n\n- [x] a\n- [ ] b\n"
        => Error "question-outside-pool" at 3:1;
    columns_count_characters:
        "## Q · Multiple Choice {pionts=2}\n\n- [x] a\n- [ ] b\n"
        => Error "unknown-heading-attribute" at 1:24;
}

#[test]
fn every_problem_is_reported_at_once() {
    let parsed = parse_str(
        "---\nshufle: true\n---\n\n## A · Multiple Choice\n\n- [ ] a\n- [ ] b\n\n## B · Numerical\n\n- [x] x\n\n## C · True / False\n\n- [x] True\n- [x] False\n",
    );
    let codes = parsed.codes();
    for code in [
        "unknown-front-matter-key",
        "no-correct-answer",
        "not-a-number",
        "true-false-both-marked",
    ] {
        assert!(
            codes.contains(&code),
            "{code} missing:\n{}",
            parsed.report()
        );
    }
}

#[test]
fn whole_question_problems_label_the_items() {
    let parsed = parse_str("## Q · Multiple Choice\n\n- [x] a\n- [x] b\n- [ ] c\n");
    let d = parsed
        .diags
        .iter()
        .find(|d| d.code == "too-many-correct")
        .expect("too-many-correct");
    let lines: Vec<usize> = d
        .labels
        .iter()
        .map(|l| parsed.source.line_col(l.span.start).0)
        .collect();
    assert_eq!(lines, vec![3, 4]);
}

#[test]
fn every_code_is_documented() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md"))
        .expect("docs/diagnostics.md");
    let all = quizc::parse::codes::CODES
        .iter()
        .chain(quizc::parse::plain_text::CODES);
    for (code, severity) in all {
        let row = format!("| `{code}` | {} |", format!("{severity:?}").to_lowercase());
        assert!(
            docs.contains(&row),
            "docs/diagnostics.md lacks the row {row}"
        );
    }
}

#[test]
fn footnotes_and_rules_after_the_answers_are_fine() {
    let p = parse_str(
        "## Q\n\nA stem[^1].\n\n- [x] a\n- [ ] b\n\n[^1]: A note.\n\n---\n\n## R · Essay\n\nWrite.\n\n***\n",
    );
    assert!(p.diags.is_empty(), "{}", p.report());
}

#[test]
fn a_rule_at_the_top_followed_by_text_is_not_front_matter() {
    for text in [
        "---\n\ntitle: ok\n\n## Q\n\n- [x] a\n- [ ] b\n",
        "---\nJust a sentence.\n\n## Q\n\n- [x] a\n- [ ] b\n",
        "***\ntitle: ok\n\n## Q\n\n- [x] a\n- [ ] b\n",
    ] {
        let p = parse_str(text);
        assert!(
            !p.codes().contains(&"unclosed-front-matter"),
            "{text:?}: {}",
            p.report()
        );
    }
}
