//! The plain-text (seed) form: the seed as it is, the seed with an answer key,
//! and the answer-key variants of the spec.

use quizc::config::Config;
use quizc::diag::{Diagnostics, Severity};
use quizc::model::{Answer, NumericValue, OpenKind, Question, QuestionKind, Quiz};
use quizc::parse::Input;
use quizc::parse::plain_text::{parse_plain, parse_plain_detailed};
use quizc::source::SourceFile;
use std::path::{Path, PathBuf};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Parses `text` as if it were the file `name`.
fn parse_text(name: &str, text: &str) -> (Quiz, Diagnostics, SourceFile) {
    let source = SourceFile::new(name, text);
    let config = Config::default();
    let path = Path::new(name);
    let input = Input {
        file: 0,
        source: &source,
        path,
        content_root: Path::new("."),
        rel_path: name,
        config: &config,
    };
    let (quiz, diags) = parse_plain(&input);
    (quiz.expect("a quiz"), diags, source)
}

fn questions(quiz: &Quiz) -> Vec<&Question> {
    quiz.questions().collect()
}

fn choice_texts(q: &Question) -> Vec<String> {
    let (choices, _) = q.answer.choices().expect("a choice question");
    choices.iter().map(|c| c.content.plain_text()).collect()
}

fn correct_letters(q: &Question) -> String {
    let (choices, _) = q.answer.choices().expect("a choice question");
    choices
        .iter()
        .enumerate()
        .filter(|(_, c)| c.correct)
        .map(|(i, _)| char::from(b'A' + i as u8))
        .collect()
}

/// 1-based line of every error, in order.
fn error_lines(diags: &Diagnostics, source: &SourceFile) -> Vec<(usize, &'static str)> {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (source.line_col(d.span.unwrap().start).0, d.code))
        .collect()
}

fn check_seed(text: &str) {
    let (quiz, diags, source) = parse_text("vanishing-gradient.txt", text);
    assert_eq!(quiz.id, "vanishing-gradient");
    assert_eq!(quiz.title, "Questions: Vanishing Gradient Problem");
    assert_eq!(quiz.description, "5 questions to test your understanding");
    let qs = questions(&quiz);
    let kinds: Vec<QuestionKind> = qs.iter().map(|q| q.kind()).collect();
    assert_eq!(
        kinds,
        [
            QuestionKind::MultipleChoice,
            QuestionKind::MultipleChoice,
            QuestionKind::TrueFalse,
            QuestionKind::TrueFalse,
            QuestionKind::ShortAnswer,
        ]
    );
    let q1 = choice_texts(qs[0]);
    assert_eq!(q1.len(), 4);
    assert_eq!(
        q1[0],
        "The learning rate is too low for the early layers, which need larger updates than the final layers"
    );
    assert!(q1[2].starts_with("During backpropagation, sigmoid derivatives (≤0.25 each)"));
    assert!(q1[3].starts_with("The early layers have more parameters"));
    assert!(
        qs[0]
            .stem
            .plain_text()
            .starts_with("A 15-layer network uses sigmoid activations")
    );
    let q2 = choice_texts(qs[1]);
    assert_eq!(q2.len(), 4);
    assert!(q2[1].starts_with("For positive inputs, ReLU's derivative is exactly 1"));
    assert!(
        qs[2]
            .stem
            .plain_text()
            .contains("equally — nearly every layer")
    );
    assert!(matches!(
        qs[4].answer,
        Answer::Open {
            kind: OpenKind::ShortAnswer
        }
    ));
    assert!(
        qs[4]
            .stem
            .plain_text()
            .ends_with("\n\nThink about your answer, then reveal below.")
    );
    // Exactly four errors, one per question 1–4, at its heading line.
    assert_eq!(
        error_lines(&diags, &source),
        [
            (6, "missing-answer"),
            (14, "missing-answer"),
            (22, "missing-answer"),
            (28, "missing-answer"),
        ]
    );
    assert_eq!(diags.count(Severity::Warning), 0);
    // Ids are valid identifiers and distinct.
    let mut ids: Vec<&str> = qs.iter().map(|q| q.id.as_str()).collect();
    for id in &ids {
        assert!(valid_id(id), "{id}");
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5);
}

fn valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() >= 2
        && b[0].is_ascii_alphabetic()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
}

#[test]
fn seed_fixture_as_is() {
    let text = std::fs::read_to_string(manifest().join("tests/fixtures/plain/seed.txt")).unwrap();
    check_seed(&text);
}

#[test]
fn shared_seed_as_is() {
    let path = manifest().join("../shared/seed/vanishing-gradient.txt");
    match std::fs::read_to_string(&path) {
        Ok(text) => check_seed(&text),
        Err(_) => println!("skipped: {} is absent", path.display()),
    }
}

#[test]
fn seed_with_crlf_bom_and_nbsp() {
    let text = std::fs::read_to_string(manifest().join("tests/fixtures/plain/seed.txt")).unwrap();
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    check_seed(&crlf);
    let nbsp = text.replace(
        "Question 3 True / False",
        "Question\u{a0}3 True\u{a0}/ False",
    );
    check_seed(&nbsp);
}

#[test]
fn example_with_answer_key_has_no_errors() {
    let text = std::fs::read_to_string(manifest().join("examples/vanishing-gradient.txt")).unwrap();
    let (quiz, diags, _) = parse_text("vanishing-gradient.txt", &text);
    assert!(diags.is_empty(), "{diags:?}");
    let qs = questions(&quiz);
    assert_eq!(qs.len(), 5);
    assert_eq!(correct_letters(qs[0]), "C");
    assert_eq!(correct_letters(qs[1]), "B");
    assert!(matches!(
        qs[2].answer,
        Answer::TrueFalse { correct: false, .. }
    ));
    assert!(matches!(
        qs[3].answer,
        Answer::TrueFalse { correct: true, .. }
    ));
    assert!(qs[4].answer.is_open());
    // The key is not part of the last question.
    assert!(!qs[4].stem.plain_text().contains("Answer key"));
}

#[test]
fn the_unanswered_questions_are_listed_for_import() {
    let text = std::fs::read_to_string(manifest().join("tests/fixtures/plain/seed.txt")).unwrap();
    let source = SourceFile::new("seed.txt", text);
    let config = Config::default();
    let input = Input {
        file: 0,
        source: &source,
        path: Path::new("seed.txt"),
        content_root: Path::new("."),
        rel_path: "seed.txt",
        config: &config,
    };
    let parsed = parse_plain_detailed(&input);
    assert_eq!(parsed.unanswered.len(), 4);
}

const KEYED: &str = "Sample quiz
Checks the key variants

Question 1 Multiple Answers
Which are activation functions?
A. ReLU
B. Adam
C. Sigmoid
Question 2 Multiple Choice
Pick one.
A) one
B) two
Question 3 True / False
Sigmoid saturates.
T True
F False
Question 4 Numerical
What is the maximum of the sigmoid derivative?
Question 5 Short Answer
Name the 2015 network with skip connections.
Question 6
Unnamed type, lettered options.

A first
B second
C third

Answers:
1. A C
2) b
3: T
4. 0.25 ± 0.01
5. ResNet
6. A, C
";

#[test]
fn answer_key_variants() {
    let (quiz, diags, _) = parse_text("keyed.txt", KEYED);
    assert!(diags.is_empty(), "{diags:?}");
    let qs = questions(&quiz);
    assert_eq!(qs.len(), 6);
    assert_eq!(qs[0].kind(), QuestionKind::MultipleAnswers);
    assert_eq!(correct_letters(qs[0]), "AC");
    assert_eq!(choice_texts(qs[0]), ["ReLU", "Adam", "Sigmoid"]);
    assert_eq!(qs[1].kind(), QuestionKind::MultipleChoice);
    assert_eq!(correct_letters(qs[1]), "B");
    assert_eq!(choice_texts(qs[1]), ["one", "two"]);
    assert!(matches!(
        qs[2].answer,
        Answer::TrueFalse { correct: true, .. }
    ));
    match &qs[3].answer {
        Answer::Numerical { accepted, .. } => match &accepted[0].value {
            NumericValue::Exact { value, tolerance } => {
                assert_eq!((value.as_str(), tolerance.as_str()), ("0.25", "0.01"))
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    match &qs[4].answer {
        Answer::ShortAnswer { accepted, .. } => assert_eq!(accepted[0].text, "ResNet"),
        other => panic!("{other:?}"),
    }
    assert_eq!(qs[5].kind(), QuestionKind::MultipleAnswers);
    assert_eq!(correct_letters(qs[5]), "AC");
    assert_eq!(qs[5].stem.plain_text(), "Unnamed type, lettered options.");
}

#[test]
fn key_problems_point_at_their_lines() {
    let text = "T\n\nQuestion 1 Multiple Choice\nPick.\nAOne\nBTwo\nQuestion 2 Numerical\nHow much?\n\nKey\n1. A, B\n2. lots\n7. C\n";
    let (_, diags, source) = parse_text("bad.txt", text);
    assert_eq!(
        error_lines(&diags, &source),
        [
            (3, "too-many-correct"),
            (12, "not-a-number"),
            (13, "answer-key-unknown-question"),
        ]
    );
}

#[test]
fn a_typo_in_the_type_word_suggests_the_right_one() {
    let (quiz, diags, _) = parse_text("t.txt", "T\nQuestion 1 Multple Choice\nPick.\nAone\nBtwo\n");
    let d = diags
        .iter()
        .find(|d| d.code == "unknown-type-word")
        .unwrap();
    assert_eq!(d.help.as_deref(), Some("did you mean `Multiple Choice`?"));
    assert_eq!(quiz.questions().count(), 1);
}

#[test]
fn glued_letters_need_a_capital_and_a_run_of_two() {
    let text = "T\nQuestion 1\nApples are fruit.\n\nAnswers\n1. yes\n";
    let (quiz, diags, _) = parse_text("t.txt", text);
    assert!(diags.is_empty(), "{diags:?}");
    let q = questions(&quiz)[0];
    assert_eq!(q.kind(), QuestionKind::ShortAnswer);
    assert_eq!(q.stem.plain_text(), "Apples are fruit.");
}

#[test]
fn options_without_a_blank_line_before_them() {
    let text = "T\nQuestion 1 Multiple Choice\nA 15-layer network: why?\nA. one\nB. two\n";
    let (quiz, _, _) = parse_text("t.txt", text);
    let q = questions(&quiz)[0];
    assert_eq!(q.stem.plain_text(), "A 15-layer network: why?");
    assert_eq!(choice_texts(q), ["one", "two"]);
}

#[test]
fn ids_are_stable_when_a_question_is_inserted() {
    let a = "T\nQuestion 1\nFirst?\nQuestion 2\nSecond?\n";
    let b = "T\nQuestion 1\nNew?\nQuestion 2\nFirst?\nQuestion 3\nSecond?\n";
    let (qa, _, _) = parse_text("t.txt", a);
    let (qb, _, _) = parse_text("t.txt", b);
    let ida: Vec<_> = qa.questions().map(|q| q.id.clone()).collect();
    let idb: Vec<_> = qb.questions().map(|q| q.id.clone()).collect();
    assert_eq!(ida, idb[1..]);
}

#[test]
fn never_panics_on_odd_input() {
    let samples = [
        "",
        "\u{feff}",
        "\n\n\n",
        "Question 1",
        "Question 1\n",
        "Question 99999999999999999999 Essay",
        "Title\nQuestion 1 True / False\nTTrue\nFFalse\nKey\n",
        "Title\nQuestion 1\n\u{a0}\nA\u{a0}x\nB\u{a0}y\nAnswer key:\n1. Z\n",
        "Question 1 Matching\nx\nQuestion 2 Text\nHello\nAnswers\n1. A\n2. B",
        "é\r\nQuestion 1 Multiple Choice\r\nÄx\r\nBy\r\n",
        "Score: 0 / 5\nQuestion 1 Essay\nWrite.\nKey\n1. a model answer\n",
    ];
    for s in samples {
        let source = SourceFile::new("x.txt", s);
        let config = Config::default();
        let input = Input {
            file: 0,
            source: &source,
            path: Path::new("x.txt"),
            content_root: Path::new("."),
            rel_path: "x.txt",
            config: &config,
        };
        let (_, diags) = parse_plain(&input);
        for d in diags.iter() {
            if let Some(span) = d.span {
                assert!(span.start <= span.end && span.end <= s.len());
                assert!(s.is_char_boundary(span.start) && s.is_char_boundary(span.end));
            }
        }
    }
}

#[test]
fn key_lines_may_name_the_question() {
    let text =
        "T\nQuestion 1 True / False\nSky is blue.\nTTrue\nFFalse\n\nAnswer Key:\nQuestion 1: T\n";
    let (quiz, diags, _) = parse_text("t.txt", text);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(matches!(
        questions(&quiz)[0].answer,
        Answer::TrueFalse { correct: true, .. }
    ));
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[test]
fn mutated_seeds_never_panic_and_spans_stay_in_the_file() {
    let bases = [
        std::fs::read_to_string(manifest().join("tests/fixtures/plain/seed.txt")).unwrap(),
        std::fs::read_to_string(manifest().join("examples/vanishing-gradient.txt")).unwrap(),
        KEYED.to_string(),
    ];
    let snippets = [
        "Question 3 ",
        "Question 1 Multiple Answers\n",
        "A",
        "B. ",
        "C)",
        "TTrue\n",
        "FFalse",
        "\r\n",
        "\n",
        "\u{a0}",
        "\u{feff}",
        "Answer key\n",
        "1. C\n",
        "2. A, Z\n",
        "±",
        "..",
        "Score: 0 / 5\n",
        "é",
        "Question 99999999999 Essay\n",
        "Key:",
        "Q",
        "Text\n",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..1500 {
        let mut text = bases[round % bases.len()].clone();
        for _ in 0..1 + rng.below(4) {
            let at = floor_boundary(&text, rng.below(text.len() + 1));
            match rng.below(3) {
                0 => text.insert_str(at, snippets[rng.below(snippets.len())]),
                1 => {
                    let end = floor_boundary(&text, at + rng.below(40));
                    text.replace_range(at..end, "");
                }
                _ => {
                    let end = floor_boundary(&text, at + rng.below(80));
                    let copy = text[at..end].to_string();
                    let to = floor_boundary(&text, rng.below(text.len() + 1));
                    text.insert_str(to, &copy);
                }
            }
        }
        let source = SourceFile::new("m.txt", text.as_str());
        let config = Config::default();
        let input = Input {
            file: 0,
            source: &source,
            path: Path::new("m.txt"),
            content_root: Path::new("."),
            rel_path: "m.txt",
            config: &config,
        };
        let (quiz, diags) = parse_plain(&input);
        for d in diags.iter() {
            if let Some(span) = d.span {
                assert!(
                    span.start <= span.end
                        && span.end <= text.len()
                        && text.is_char_boundary(span.start)
                        && text.is_char_boundary(span.end),
                    "bad span {span:?} for {} in {text:?}",
                    d.code
                );
            }
        }
        if let Some(quiz) = quiz {
            for q in quiz.questions() {
                assert!(valid_id(&q.id), "{}", q.id);
            }
            // The writer copes with whatever the parser built.
            let _ = quizc::markdown_writer::to_markdown(&quiz);
        }
    }
}

#[test]
fn ten_thousand_questions_parse_in_linear_time() {
    let mut text = String::from("Question bank\n\n");
    let mut key = String::from("\nAnswer key\n");
    for n in 1..=10_000 {
        text.push_str(&format!(
            "Question {n} Multiple Choice\n\nWhich value is number {n}?\n\nA{n}\nB{}\nC{}\nD{}\n",
            n + 1,
            n + 2,
            n + 3
        ));
        key.push_str(&format!("{n}. A\n"));
    }
    text.push_str(&key);
    let start = std::time::Instant::now();
    let (quiz, diags, _) = parse_text("bank.txt", &text);
    let took = start.elapsed();
    assert!(diags.is_empty(), "{:?}", diags.items.first());
    assert_eq!(quiz.questions().count(), 10_000);
    // Generous for an unoptimised build on a busy machine.
    assert!(took.as_secs_f64() < 5.0, "took {took:?}");
}

#[test]
fn every_code_is_in_the_table_with_its_severity() {
    use quizc::parse::plain_text::CODES;
    let texts = [
        std::fs::read_to_string(manifest().join("tests/fixtures/plain/seed.txt")).unwrap(),
        KEYED.to_string(),
        "T\nQuestion 1 Multple Choice\n\nQuestion 2 Multiple Choice\nX?\nTTrue\nFFalse\n\
         Question 3 Matching\nm\nQuestion 5 Text\nHi\nQuestion 6 Multiple Choice\nQ?\nA.\nB. b\n\
         Question 7 Numerical\nN?\nQuestion 8 True / False\nTF?\n\nKey\n1. A\n2. A\n2. B\n5. C\n\
         6. Q\n7. many\n8. maybe\n9. A\nnonsense\n"
            .to_string(),
        String::new(),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for text in &texts {
        let (_, diags, _) = parse_text("codes.txt", text);
        for d in diags.iter() {
            let entry = CODES.iter().find(|(c, _)| *c == d.code);
            assert_eq!(entry.map(|(_, s)| *s), Some(d.severity), "{}", d.code);
            seen.insert(d.code);
        }
    }
    assert!(seen.len() >= 12, "{seen:?}");
}
