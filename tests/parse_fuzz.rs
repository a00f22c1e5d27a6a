//! No input makes the parser panic: random and mutated Markdown, thousands
//! of times, with a tiny deterministic PRNG (same cases on every run).

mod parse_support;

/// xorshift64*: small, deterministic, good enough to shake a parser.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that exercise every construct the parser reads.
const PIECES: &[&str] = &[
    "## ",
    "### ",
    "# ",
    "Question 1",
    " · ",
    "Multiple Choice",
    "True / False",
    "Numerical",
    "Fill in the Blanks",
    "Pool: ",
    "{#id points=2}",
    "{pick=9}",
    "{",
    "}",
    "\\{",
    "- [x] ",
    "- [ ] ",
    "- [x]",
    "1. ",
    "3) ",
    "* ",
    "> ",
    "> **Explanation:** ",
    "> [!TIP]\n",
    "**Answer:**",
    "[[",
    "]]",
    "|",
    "*",
    "->",
    "→",
    "`",
    "$",
    "$$",
    "\\(",
    "\\)",
    "<script>",
    "</b>",
    "<!--",
    "-->",
    "![a](",
    ")",
    "img/relu%20plot.png",
    "../../x.png",
    "https://x/y.png",
    "{50%}",
    "{pin}",
    "{-200%}",
    "---\n",
    "title: x\n",
    "points: [\n",
    "±",
    "..",
    "1e-9",
    "\n",
    "\n\n",
    "  ",
    "\t",
    "\r\n",
    "\u{feff}",
    "é",
    "·",
    "|---|---|\n",
    "[^1]",
    "[^1]: n\n",
    "```\n",
    "<div>\n",
];

fn random_doc(rng: &mut Rng) -> String {
    let n = 1 + rng.below(60);
    (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 if !chars.is_empty() => {
                let end = (at + rng.below(20)).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            1 => {
                let piece = PIECES[rng.below(PIECES.len())];
                chars.splice(at..at, piece.chars());
            }
            2 if !chars.is_empty() => {
                let from = rng.below(chars.len());
                let end = (from + rng.below(40)).min(chars.len());
                let copy: Vec<char> = chars[from..end].to_vec();
                chars.splice(at..at, copy);
            }
            _ => {
                let c = char::from_u32(rng.below(0x3000) as u32).unwrap_or('x');
                chars.insert(at, c);
            }
        }
    }
    chars.into_iter().collect()
}

fn fixtures() -> Vec<String> {
    let mut texts: Vec<String> = std::fs::read_dir(parse_support::fixtures())
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md") && e.file_name() != "README.md")
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    texts.sort();
    texts
}

/// 3000 by default; `QUIZC_FUZZ_ITERATIONS=100000` for a longer run.
fn iterations() -> usize {
    std::env::var("QUIZC_FUZZ_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3000)
}

/// Spans stay inside the file and every code is a documented one.
fn check(parsed: &parse_support::Parsed, doc: &str) {
    for d in &parsed.diags {
        if let Some(s) = d.span {
            assert!(
                s.start <= s.end && s.end <= doc.len(),
                "{}: bad span in {doc:?}",
                d.code
            );
        }
        // Files without `##` go to the plain-text front end, which has its own list.
        let known = quizc::parse::codes::severity(d.code).or_else(|| {
            quizc::parse::plain_text::CODES
                .iter()
                .find(|(c, _)| *c == d.code)
                .map(|(_, s)| *s)
        });
        assert_eq!(known, Some(d.severity), "{}", d.code);
    }
}

#[test]
fn random_markdown_never_panics() {
    let root = parse_support::fixtures();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..iterations() {
        let doc = random_doc(&mut rng);
        let parsed = parse_support::parse_in(&root, "fuzz.md", &doc);
        check(&parsed, &doc);
    }
}

#[test]
fn mutated_fixtures_never_panic() {
    let root = parse_support::fixtures();
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let texts = fixtures();
    for k in 0..iterations() {
        let base = &texts[k % texts.len()];
        let doc = mutate(&mut rng, base);
        let parsed = parse_support::parse_in(&root, "fuzz.md", &doc);
        check(&parsed, &doc);
    }
}

#[test]
fn pathological_nesting_never_overflows() {
    for doc in [
        ">".repeat(50_000) + " x",
        "- ".repeat(20_000) + "[x] a",
        "*".repeat(20_000) + "a" + &"*".repeat(20_000),
        "[".repeat(20_000) + &"]".repeat(20_000),
        format!("## Q · Fill in the Blanks\n\n{}", "[[a|".repeat(5_000)),
        "## Q\n\n".to_string() + &"1. ".repeat(10_000) + "x",
    ] {
        let _ = parse_support::parse_str(&doc);
    }
}
