//! A rough speed check of the Markdown front end on a 10,000-question bank
//! (the later throughput issue measures the whole pipeline). Ignored by
//! default; run with
//! `cargo test --release --test parse_speed -- --ignored --nocapture`.

mod parse_support;

fn bank(questions: usize) -> String {
    let mut out = String::from("---\ntitle: Bank\n---\n\n# Bank\n\nGenerated.\n\n");
    for i in 1..=questions {
        let q = match i % 5 {
            0 => format!(
                "## Question {i} · Multiple Choice {{points=2}}\n\nCase {i}: what does `map.get(k)` return for $x^2$?\n\n- [x] The **value** for key k\n  > Right.\n- [ ] A copy of the map\n- [ ] The key itself\n\n> **Explanation:** Review the notes.\n\n> **Incorrect:** Check the definition.\n\n"
            ),
            1 => format!(
                "## Question {i} · True / False\n\nCase {i}: sorting is stable.\n\n- [x] True\n- [ ] False\n\n> **Correct:** Well done.\n\n"
            ),
            2 => format!(
                "## Question {i} · Numerical\n\nCase {i}: the derivative maximum?\n\n- [x] 0.25 ± 0.01\n- [ ] 0.5\n\n"
            ),
            3 => format!(
                "## Question {i} · Short Answer\n\nCase {i}: name it.\n\n- [x] ReLU\n- [x] `relu`\n\n"
            ),
            _ => format!(
                "## Question {i} · Essay\n\nCase {i}: discuss.\n\n> **Answer:** A model answer.\n\n"
            ),
        };
        out.push_str(&q);
    }
    out
}

#[test]
#[ignore]
fn ten_thousand_questions() {
    let text = bank(10_000);
    let root = parse_support::temp_root("speed");
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let parsed = parse_support::parse_in(&root, "bank.md", &text);
        let elapsed = t.elapsed();
        assert_eq!(parsed.quiz().questions().count(), 10_000);
        assert!(parsed.errors().is_empty(), "{}", parsed.report());
        eprintln!("{} bytes, 10000 questions: {elapsed:?}", text.len());
    }
}
