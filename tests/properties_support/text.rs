//! Hostile text: the words every generated string is made of.
//!
//! Words mix plain ASCII, every ASCII punctuation character that means
//! something in Markdown, markup that must never become markup in an output
//! (`<x-evil>`, `]]>`, `</script>`, `-->`, quotes), the syntax of Quiz
//! Markdown itself (`{50%}`, `[[a|b]]`, `->`, `Hint:`), emoji, right-to-left
//! scripts, combining characters and C0 control characters (NUL included).
//!
//! What a word never holds, because the format cannot carry it:
//! - a line break (`\n`, `\r`): in a paragraph it is a soft break, which the
//!   model holds as [`Inline::SoftBreak`](quizc::model::Inline), never inside text;
//! - white space at either end (spaces, tabs, NBSP, U+2028, VT, FF, NEL…):
//!   the parser trims paragraphs, items, titles and literal answers, and
//!   CommonMark's emphasis rules read white space next to a delimiter. White
//!   space is generated *inside* words instead.

use proptest::prelude::*;
use proptest::sample::select;

/// The sentinel every hostile string carries: no output may ever contain an
/// element, attribute or script with this name.
pub const EVIL: &str = "x-evil";

const PLAIN: &[&str] = &[
    "alpha",
    "beta",
    "x",
    "ReLU",
    "sigmoid",
    "snake_case",
    "a_b_",
    "0.25",
    "1",
    "42",
    "True",
    "False",
    "Essay",
    "Question",
    "Pool",
    "Q",
    "www.example.com",
    "https://example.com/a",
];

/// Each alone, or glued to other words.
const PUNCTUATION: &[&str] = &[
    "*", "_", "`", "$", "[", "]", "{", "}", "<", ">", "&", "#", "|", "!", "\\", "~", "^", "(", ")",
    "-", "+", "=", ".", ":", ";", "'", "\"", "%", "/", "?", "@", ",",
];

const HOSTILE: &[&str] = &[
    "<x-evil>",
    "</x-evil>",
    "</script><script>x-evil()</script>",
    "<img src=x onerror=x-evil()>",
    "\"><x-evil a=\"",
    "'><x-evil>",
    "]]><x-evil/>",
    "--><x-evil>",
    "<!--",
    "<![CDATA[",
    "&amp;",
    "&lt;",
    "&#0;",
    "&#x1F600;",
    "&nbsp;",
    "{50%}",
    "{-25%}",
    "{pin}",
    "{#id}",
    "{points=2}",
    "[[a|b]]",
    "[[",
    "]]",
    "[x]",
    "[ ]",
    "->",
    "→",
    "±",
    "..",
    "$x$",
    "$$",
    "**Hint:**",
    "Answer:",
    "Hint:",
    "[!NOTE]",
    "\\(",
    "\\)",
    "***",
    "---",
    "```",
    "~~",
    "A.",
    "1.",
    "2)",
    "javascript:x-evil()",
];

const UNICODE: &[&str] = &[
    "é",
    "e\u{301}",                 // e + combining acute
    "a\u{308}\u{323}",          // a + two combining marks
    "\u{0644}\u{063a}\u{0629}", // Arabic
    "עברית",                    // Hebrew
    "שלום\u{200f}",             // Hebrew + RIGHT-TO-LEFT MARK
    "\u{202e}abc\u{202c}",      // RIGHT-TO-LEFT OVERRIDE … POP
    "😀",
    "👩\u{200d}👩\u{200d}👧", // ZWJ sequence
    "🇫🇷",
    "日本語",
    "\u{fffd}",
    "\u{feff}",
    "\u{200b}",
];

/// C0 and DEL: XML 1.0 cannot carry them; Markdown can.
const CONTROL: &[&str] = &[
    "\u{0}", "\u{1}", "\u{7}", "\u{8}", "\u{e}", "\u{1b}", "\u{1f}", "\u{7f}",
];

/// White space and controls that count as white space: inside words only.
const INNER_SPACE: &[&str] = &[
    " ", "  ", "\t", "\u{a0}", "\u{2028}", "\u{3000}", "\u{b}", "\u{c}", "\u{85}",
];

/// One piece of a word that can stand at its edges.
fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(PLAIN),
        3 => select(PUNCTUATION),
        3 => select(HOSTILE),
        2 => select(UNICODE),
        1 => select(CONTROL),
    ]
    .prop_map(str::to_string)
}

/// A word: atoms glued together, with white space only inside.
pub fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => atom(),
        2 => (atom(), atom()).prop_map(|(a, b)| a + &b),
        1 => (atom(), select(INNER_SPACE), atom()).prop_map(|(a, s, b)| a + s + &b),
    ]
}

/// Words joined by single spaces: one line of text, trimmed, never empty.
pub fn line(max_words: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..=max_words).prop_map(|w| w.join(" "))
}

/// Text with no hostile pieces: identifiers, tags, languages, code languages.
pub fn plain_word() -> impl Strategy<Value = String> {
    select(&["alpha", "beta", "gamma", "relu", "x1", "snake_case"][..]).prop_map(str::to_string)
}

/// TeX: no `$` (it ends the math), no white space at the ends (pulldown-cmark
/// reads `$ x$` as text), never a backslash at the end (it would escape the
/// closing `$`), no line breaks (display math in a paragraph stays on one
/// line in the model only when the author wrote it so).
pub fn tex() -> impl Strategy<Value = String> {
    let pieces = select(
        &[
            "x",
            "y_1",
            "x^{2}",
            "\\frac{a}{b}",
            "\\le",
            "0.25",
            "<",
            ">",
            "&",
            "\\{",
            "\\}",
            "\\sigma'(x)",
            "\\text{é}",
            "|x|",
            "a*b",
            "[x]",
            "]]>",
            "_",
            "<x-evil>",
            "x\u{0}y",
            "x\u{1c}y",
            "\\text{\u{7f}}",
        ][..],
    );
    prop::collection::vec(pieces, 1..4).prop_map(|p| p.join(" "))
}

/// Code: any word, and backtick runs of every length.
pub fn code_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => line(3),
        1 => select(&["`", "``", "a ` b", "```x```", " x ", "  "][..]).prop_map(str::to_string),
    ]
}

/// A URL as authors write them: spaces, parentheses, brackets, quotes,
/// entities, non-ASCII.
pub fn url() -> impl Strategy<Value = String> {
    select(
        &[
            "https://example.com/",
            "https://example.com/a(b)c",
            "https://example.com/a b",
            "https://example.com/?q=<x-evil>&a=\"b\"",
            "https://example.com/é/日本",
            "https://example.com/a\\b",
            "https://example.com/#frag",
            "mailto:a@example.com",
            "https://example.com/\u{0}\u{1c}",
            // No `javascript:` link: the parser refuses it (`unsafe-link`,
            // tests/output_safety.rs), so it cannot round-trip.
            "relative/page.html",
            "",
        ][..],
    )
    .prop_map(str::to_string)
}
