//! Rich content → CommonMark, escaped so that pulldown-cmark (with the
//! options quizc enables) reads back the same tree.
//!
//! Choices made for an exact round trip:
//! - bullet lists use `*` (and `+` for a list right after another), ordered
//!   lists use `1)`: answer lists use `-` and `1.`, so a stem list never
//!   merges with the answer list below it;
//! - thematic breaks are `***` (`---` could turn a paragraph into a heading);
//! - text escapes every ASCII punctuation character that could start
//!   Markdown syntax (`\*`, `\[`, `\$`, `\{`, …); at the start of a line also
//!   list, quote and heading markers.

use crate::model::{Align, Blank, Block, ImageSrc, Inline, Quiz};

/// What rendering needs beyond the content itself.
#[derive(Clone, Copy)]
pub struct RichCx<'a> {
    pub quiz: &'a Quiz,
    /// The blanks of a Fill in the Blanks stem (for `Inline::Blank`).
    pub blanks: &'a [Blank],
}

/// Blocks separated by blank lines. No trailing newline.
pub fn blocks_to_md(blocks: &[Block], cx: RichCx) -> String {
    let mut out = String::new();
    let mut prev_list: Option<(bool, bool)> = None; // (ordered, alternate marker)
    for block in blocks {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        match block {
            Block::List { start, items } => {
                let ordered = start.is_some();
                let alt = matches!(prev_list, Some((o, a)) if o == ordered && !a);
                out.push_str(&list_to_md(*start, items, alt, cx));
                prev_list = Some((ordered, alt));
                continue;
            }
            other => out.push_str(&block_to_md(other, cx)),
        }
        prev_list = None;
    }
    out
}

fn block_to_md(block: &Block, cx: RichCx) -> String {
    match block {
        Block::Paragraph(inl) if opens_html_block(inl) => {
            format!("&#32;{}", inlines_to_md(inl, cx))
        }
        Block::Paragraph(inl) => inlines_to_md(inl, cx),
        Block::Heading { level, content } => {
            let hashes = "#".repeat(usize::from((*level).clamp(1, 6)));
            format!("{hashes} {}", heading_text(content, cx))
        }
        Block::CodeBlock { lang, code } => {
            let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
            let mut s = format!("{fence}{}\n{code}", lang.as_deref().unwrap_or(""));
            if !code.is_empty() && !code.ends_with('\n') {
                s.push('\n');
            }
            s.push_str(&fence);
            s
        }
        Block::List { start, items } => list_to_md(*start, items, false, cx),
        Block::Table { align, head, rows } => table_to_md(align, head, rows, cx),
        Block::Quote(blocks) => prefix_lines(&blocks_to_md(blocks, cx), "> ", ">"),
        Block::DisplayMath(tex) => format!("$${tex}$$"),
        Block::Rule => "***".into(),
        Block::FootnoteDefinition { label, blocks } => {
            let body = blocks_to_md(blocks, cx);
            indent_after_first(&format!("[^{label}]: {body}"), "    ")
        }
    }
}

/// A paragraph whose first line is one inline tag (`<br>`) would start an
/// HTML block (CommonMark's condition 7); a leading `&#32;` keeps it a
/// paragraph, and the parser trims the space.
fn opens_html_block(inl: &[Inline]) -> bool {
    matches!(inl.first(), Some(Inline::Html(_)))
        && matches!(inl.get(1), None | Some(Inline::SoftBreak))
}

fn list_to_md(start: Option<u64>, items: &[Vec<Block>], alt: bool, cx: RichCx) -> String {
    // Loose when an item holds several blocks other than "text + sub-list".
    // An ordered sub-list that does not start at 1 cannot interrupt the
    // text (CommonMark): it needs the blank line of a loose list.
    let loose = items.iter().any(|item| {
        item.len() > 1
            && !(item.len() == 2
                && matches!(
                    item[1],
                    Block::List {
                        start: None | Some(1),
                        ..
                    }
                ))
    });
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(if loose { "\n\n" } else { "\n" });
        }
        let marker = match start {
            Some(n) => format!(
                "{}{} ",
                n.saturating_add(i as u64),
                if alt { '.' } else { ')' }
            ),
            None => if alt { "+ " } else { "* " }.to_string(),
        };
        let body = if loose {
            blocks_to_md(item, cx)
        } else {
            item.iter()
                .map(|b| block_to_md(b, cx))
                .collect::<Vec<_>>()
                .join("\n")
        };
        out.push_str(&list_item(&marker, &body));
    }
    out
}

/// `marker` + body, continuation lines indented to the content column.
pub fn list_item(marker: &str, body: &str) -> String {
    if body.is_empty() {
        return marker.trim_end().to_string();
    }
    let pad = " ".repeat(marker.chars().count());
    format!("{marker}{}", indent_after_first(body, &pad))
}

pub fn indent_after_first(text: &str, pad: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(pad);
            }
        }
        out.push_str(line);
    }
    out
}

/// Every line prefixed (`> `); empty lines get `blank` (`>`).
pub fn prefix_lines(text: &str, prefix: &str, blank: &str) -> String {
    text.split('\n')
        .map(|l| {
            if l.is_empty() {
                blank.to_string()
            } else {
                format!("{prefix}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn table_to_md(
    align: &[Align],
    head: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    cx: RichCx,
) -> String {
    let cell = |c: &Vec<Inline>| {
        let mut w = InlineWriter::new(cx, Escapes::TABLE);
        w.inlines(c);
        w.out.replace('\n', " ")
    };
    let row = |cells: &[Vec<Inline>]| {
        let mut s = String::from("|");
        for c in cells {
            s.push(' ');
            s.push_str(&cell(c));
            s.push_str(" |");
        }
        s
    };
    let mut out = row(head);
    out.push_str("\n|");
    for i in 0..head.len() {
        out.push_str(match align.get(i).copied().unwrap_or(Align::None) {
            Align::None => " --- |",
            Align::Left => " :-- |",
            Align::Center => " :-: |",
            Align::Right => " --: |",
        });
    }
    for r in rows {
        out.push('\n');
        out.push_str(&row(r));
    }
    out
}

/// Inline content on one line (headings): breaks become spaces.
pub fn heading_text(content: &[Inline], cx: RichCx) -> String {
    let mut w = InlineWriter::new(cx, Escapes::HEADING);
    w.inlines(content);
    w.out.replace('\n', " ")
}

pub fn inlines_to_md(content: &[Inline], cx: RichCx) -> String {
    let mut w = InlineWriter::new(cx, Escapes::TEXT);
    w.inlines(content);
    w.out
}

/// Where escaped text goes: each context escapes a little more.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Escapes {
    /// `|` (table cells, blank alternatives).
    pub pipe: bool,
    /// `#` anywhere (headings: a trailing `#` run is eaten).
    pub hash: bool,
    /// `>` anywhere (matching sides: `->` is the arrow).
    pub gt: bool,
    /// `]` (link text and image alt). Elsewhere a `]` without an unescaped
    /// `[` is plain text, and leaving it bare avoids `\[…\]`, which reads
    /// like LaTeX display math to authors and linters.
    pub close_bracket: bool,
}

impl Escapes {
    pub const TEXT: Escapes = Escapes {
        pipe: false,
        hash: false,
        gt: false,
        close_bracket: false,
    };
    pub const HEADING: Escapes = Escapes {
        pipe: false,
        hash: true,
        gt: false,
        close_bracket: false,
    };
    pub const TABLE: Escapes = Escapes {
        pipe: true,
        hash: false,
        gt: false,
        close_bracket: false,
    };
    pub const MATCHING: Escapes = Escapes {
        pipe: false,
        hash: false,
        gt: true,
        close_bracket: false,
    };
    pub const BLANK: Escapes = Escapes {
        pipe: true,
        hash: false,
        gt: false,
        close_bracket: true,
    };
}

struct InlineWriter<'a> {
    cx: RichCx<'a>,
    esc: Escapes,
    out: String,
    /// Inside emphasis, strong or strikethrough.
    emphasised: bool,
}

impl<'a> InlineWriter<'a> {
    fn new(cx: RichCx<'a>, esc: Escapes) -> Self {
        InlineWriter {
            cx,
            esc,
            out: String::new(),
            emphasised: false,
        }
    }

    fn inlines(&mut self, content: &[Inline]) {
        self.inlines_in(content, None);
    }

    /// `outer` is the delimiter character of the enclosing emphasis, which
    /// this level must not repeat at its edges (`***` is ambiguous).
    fn inlines_in(&mut self, content: &[Inline], outer: Option<char>) {
        let emphasised = self.emphasised;
        self.emphasised |= outer.is_some();
        let last = content.len().saturating_sub(1);
        for (i, inline) in content.iter().enumerate() {
            let at_edge = i == 0 || i == last;
            let avoid = if at_edge { outer } else { None };
            self.inline(inline, avoid);
        }
        self.emphasised = emphasised;
    }

    fn inline(&mut self, inline: &Inline, avoid: Option<char>) {
        match inline {
            Inline::Text(t) => escape_text_into(&mut self.out, t, self.esc),
            Inline::Emph(c) => {
                let d = if avoid == Some('*') || starts_or_ends_with_strong(c) {
                    '_'
                } else {
                    '*'
                };
                self.out.push(d);
                self.inlines_in(c, Some(d));
                self.out.push(d);
            }
            Inline::Strong(c) => {
                let d = if avoid == Some('*') { "__" } else { "**" };
                self.out.push_str(d);
                self.inlines_in(c, d.chars().next());
                self.out.push_str(d);
            }
            Inline::Strike(c) => {
                self.out.push_str("~~");
                self.inlines_in(c, Some('~'));
                self.out.push_str("~~");
            }
            // In a table cell GFM splits at every unescaped `|`, even in
            // code and math; `\|` there stands for the pipe itself.
            Inline::Code(code) if self.esc.pipe => {
                self.out.push_str(&code_span(code).replace('|', "\\|"))
            }
            Inline::Code(code) => self.out.push_str(&code_span(code)),
            Inline::Math(tex) => {
                self.out.push('$');
                if self.esc.pipe {
                    self.out.push_str(&tex.replace('|', "\\|"));
                } else {
                    self.out.push_str(tex);
                }
                self.out.push('$');
            }
            Inline::DisplayMath(tex) => {
                self.out.push_str("$$");
                if self.esc.pipe {
                    self.out.push_str(&tex.replace('|', "\\|"));
                } else {
                    self.out.push_str(tex);
                }
                self.out.push_str("$$");
            }
            Inline::Link {
                url,
                title,
                content,
            } => {
                self.out.push('[');
                let outer = self.esc;
                self.esc.close_bracket = true;
                self.inlines(content);
                self.esc = outer;
                self.out.push_str("](");
                self.out.push_str(&link_destination(url));
                push_title(&mut self.out, title);
                self.out.push(')');
            }
            Inline::Image { src, alt, title } => {
                self.out.push_str("![");
                let alt_esc = Escapes {
                    close_bracket: true,
                    ..self.esc
                };
                escape_text_into(&mut self.out, alt, alt_esc);
                self.out.push_str("](");
                let url = match src {
                    ImageSrc::Remote { url } => url.clone(),
                    ImageSrc::Asset { name } => asset_url(self.cx.quiz, name),
                };
                self.out.push_str(&link_destination(&url));
                push_title(&mut self.out, title);
                self.out.push(')');
            }
            Inline::SoftBreak => self.out.push('\n'),
            Inline::HardBreak => self.out.push_str("\\\n"),
            Inline::Html(h) => self.out.push_str(h),
            Inline::FootnoteRef(label) => {
                self.out.push_str("[^");
                self.out.push_str(label);
                self.out.push(']');
            }
            Inline::Blank(i) => match self.cx.blanks.get(*i) {
                Some(blank) => self.out.push_str(&blank_to_md(blank, self.emphasised)),
                None => self.out.push_str("[[]]"),
            },
        }
    }
}

fn starts_or_ends_with_strong(c: &[Inline]) -> bool {
    matches!(c.first(), Some(Inline::Strong(_))) || matches!(c.last(), Some(Inline::Strong(_)))
}

fn push_title(out: &mut String, title: &str) {
    if !title.is_empty() {
        out.push_str(" \"");
        for ch in title.chars() {
            if ch == '"' || ch == '\\' {
                out.push('\\');
            }
            out.push(ch);
        }
        out.push('"');
    }
}

/// `[[a | b]]` or `[[*right | wrong]]`.
///
/// The dropdown's `*` is an emphasis delimiter to CommonMark: before an
/// option that starts with punctuation it can close an earlier `*`, and
/// inside emphasis it can take the closing delimiter; there it is written
/// `\*` (the parser reads the decoded text).
pub fn blank_to_md(blank: &Blank, emphasised: bool) -> String {
    let (alts, star): (&[String], Option<usize>) = match blank {
        Blank::Text { accepted, .. } => (accepted, None),
        Blank::Dropdown {
            options, correct, ..
        } => (options, Some(*correct)),
    };
    let parts: Vec<String> = alts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let lit = literal_to_md(a, Escapes::BLANK);
            if star == Some(i) {
                let plain = !emphasised && lit.starts_with(char::is_alphanumeric);
                format!("{}{lit}", if plain { "*" } else { "\\*" })
            } else {
                lit
            }
        })
        .collect();
    format!("[[{}]]", parts.join(" | "))
}

/// Literal answer text: pulldown-cmark decodes the backslash escapes, so the
/// parser reads back exactly `text`.
///
/// Some text cannot be protected by backslashes, because the parser looks
/// for its markers in the decoded text: a trailing `{50%}` or `{pin}`, the
/// `->` of a pair, the `|` between blank alternatives, the `*` that marks a
/// dropdown's correct option. Such text is written as one code span, which
/// the parser unwraps (and searches no markers in).
pub fn literal_to_md(text: &str, esc: Escapes) -> String {
    let text = text.trim();
    if needs_code_span(text, esc) {
        code_span(text)
    } else {
        escape_mid_line(text, esc)
    }
}

/// [`literal_to_md`] for text at the start of a line (the left side of a
/// matching pair), where `1.` or `-` would open a nested list.
pub fn literal_at_line_start(text: &str, esc: Escapes) -> String {
    let text = text.trim();
    if needs_code_span(text, esc) {
        code_span(text)
    } else {
        let mut out = String::new();
        escape_text_into(&mut out, text, esc);
        out
    }
}

fn needs_code_span(text: &str, esc: Escapes) -> bool {
    !text.is_empty()
        && !text.contains('\n')
        && (text.contains(['{', '}'])
            || (esc.gt && (text.contains("->") || text.contains('→')))
            || (esc.pipe && text.contains('|'))
            || (esc == Escapes::BLANK && text.starts_with('*')))
}

/// A code span whose fence is longer than any backtick run inside.
fn code_span(code: &str) -> String {
    let fence = "`".repeat(longest_run(code, '`') + 1);
    let pad = code.starts_with('`')
        || code.ends_with('`')
        || (code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty());
    if pad {
        format!("{fence} {code} {fence}")
    } else {
        format!("{fence}{code}{fence}")
    }
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for ch in s.chars() {
        if ch == c {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

/// A link destination: `<…>` when it holds spaces, parentheses or control
/// characters (a bare destination cannot).
fn link_destination(url: &str) -> String {
    if url.is_empty() {
        return "<>".into();
    }
    if url.contains(|c: char| {
        c.is_whitespace() || c.is_control() || matches!(c, '(' | ')' | '<' | '>' | '\\')
    }) {
        let mut s = String::from("<");
        for ch in url.chars() {
            if matches!(ch, '<' | '>' | '\\') {
                s.push('\\');
            }
            if ch == '\n' {
                s.push_str("%0A");
                continue;
            }
            s.push(ch);
        }
        s.push('>');
        s
    } else {
        url.to_string()
    }
}

/// The image's path relative to the quiz file, percent-encoded (the parser
/// percent-decodes image URLs).
fn asset_url(quiz: &Quiz, name: &str) -> String {
    let Some(asset) = quiz.asset(name) else {
        return percent_encode(name);
    };
    let quiz_dir: Vec<&str> = quiz.source.split('/').collect();
    let quiz_dir = &quiz_dir[..quiz_dir.len().saturating_sub(1)];
    let target: Vec<&str> = asset.path.split('/').collect();
    let common = quiz_dir
        .iter()
        .zip(&target)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; quiz_dir.len() - common];
    parts.extend(&target[common..]);
    percent_encode(&parts.join("/"))
}

fn percent_encode(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Appends `text` escaped for the given context; at the start of `out` or
/// of a line, block markers are escaped too.
pub fn escape_text_into(out: &mut String, text: &str, esc: Escapes) {
    escape_impl(out, text, esc, true)
}

/// `text` escaped for a place after other text on its line (after a task
/// marker `- [x] `, inside `[[…]]`), where block markers mean nothing.
pub fn escape_mid_line(text: &str, esc: Escapes) -> String {
    let mut out = String::new();
    escape_impl(&mut out, text, esc, false);
    out
}

fn escape_impl(out: &mut String, text: &str, esc: Escapes, start_is_line_start: bool) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let base = out.len();
    while i < chars.len() {
        let c = chars[i];
        let line_start =
            (out.len() == base && start_is_line_start && (out.is_empty() || out.ends_with('\n')))
                || (out.len() > base && out.ends_with('\n'));
        if line_start {
            // Leading white space would be dropped: keep it as entities.
            if c == ' ' {
                out.push_str("&#32;");
                i += 1;
                continue;
            }
            if c == '\t' {
                out.push_str("&#9;");
                i += 1;
                continue;
            }
            if matches!(c, '#' | '>' | '-' | '+' | '=' | '|') {
                out.push('\\');
                out.push(c);
                i += 1;
                continue;
            }
            // `1.` / `1)` would start an ordered list.
            let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 0 && digits < 10 && matches!(chars.get(i + digits), Some('.' | ')')) {
                out.extend(&chars[i..i + digits]);
                out.push('\\');
                out.push(chars[i + digits]);
                i += digits + 1;
                continue;
            }
        }
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' | '[' | '<' | '$' | '~' | '{' | '}' => true,
            ']' => esc.close_bracket,
            '_' => {
                !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            '&' => looks_like_entity(&chars[i + 1..]),
            '|' => esc.pipe,
            '#' => esc.hash,
            '>' => esc.gt,
            '!' => next == Some('['),
            _ => false,
        };
        if c == '\n' {
            out.push('\n');
            i += 1;
            continue;
        }
        if escape {
            out.push('\\');
        }
        out.push(c);
        i += 1;
    }
}

/// `&name;`, `&#123;`, `&#x1F;` after the `&`.
fn looks_like_entity(rest: &[char]) -> bool {
    let body = rest
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    body > 0 && rest.get(body) == Some(&';')
}
