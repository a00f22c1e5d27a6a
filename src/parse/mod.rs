//! Front ends: Quiz Markdown and the plain-text (seed) form → the model.
//!
//! Quiz Markdown is read in one pass over pulldown-cmark's events
//! ([`tree`]), then split at `##` headings into questions:
//!
//! - [`front_matter`]: YAML settings, each problem at its line;
//! - [`heading`]: label, title, type word, `{…}` attributes;
//! - [`question`]: stem, answer block, feedback, type inference;
//! - [`kinds`]: the answer of each question type, and its checks;
//! - [`answers`], [`blanks`], [`literal`], [`feedback`]: the parts;
//! - [`markdown`]: rich content; [`ids`]: identifiers; [`escapes`]: what
//!   the author escaped;
//! - [`codes`]: every diagnostic code (documented in `docs/diagnostics.md`).
//!
//! Files in the plain-text form go to [`plain_text`]. Whole-quiz checks and
//! image packaging live in [`crate::passes`].

pub mod answers;
pub mod blanks;
pub mod codes;
pub mod escapes;
pub mod feedback;
pub mod front_matter;
pub mod heading;
pub mod ids;
pub mod kinds;
pub mod literal;
pub mod markdown;
pub mod question;
pub mod tree;

pub mod plain_text;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Item, Pool, Question, Quiz, Span, TextBlock};
use crate::passes::assets::Assets;
use crate::source::{FileId, SourceFile};
use heading::Heading;
use std::ops::Range;
use std::path::Path;
use tree::{Kind, Node};

/// Everything the parser needs to know about one file.
pub struct Input<'a> {
    pub file: FileId,
    pub source: &'a SourceFile,
    /// The quiz file on disk (images resolve relative to its folder).
    pub path: &'a Path,
    /// Images must resolve inside this folder.
    pub content_root: &'a Path,
    /// `path` relative to the content root, `/` separated (goes into the model).
    pub rel_path: &'a str,
    pub config: &'a Config,
}

/// The parser's state for one file: the text, diagnostics found so far and
/// the images packaged so far.
pub struct Cx<'a> {
    pub input: &'a Input<'a>,
    pub text: &'a str,
    pub diags: Diagnostics,
    pub assets: Assets,
}

impl Cx<'_> {
    pub fn file(&self) -> FileId {
        self.input.file
    }

    pub fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub fn span(&self, r: &Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// Parses one file. Returns the quiz when it could be built (it may still
/// have errors in `Diagnostics`; a quiz with errors is never emitted).
pub fn parse(input: &Input) -> (Option<Quiz>, Diagnostics) {
    if plain_text::is_plain_text(input) {
        return plain_text::parse_plain(input);
    }
    let text = input.source.text.as_str();
    let mut cx = Cx {
        input,
        text,
        diags: Diagnostics::default(),
        assets: Assets::default(),
    };
    // Blocks arrive one at a time: everything before the first `##` is
    // kept, then each section is read and dropped before the next is built.
    let mut blocks = tree::blocks(text);
    let mut head = Vec::new();
    let mut first_h2 = None;
    for block in blocks.by_ref() {
        if block.heading_level() == Some(2) {
            first_h2 = Some(block);
            break;
        }
        head.push(block);
    }
    let (yaml, head) = split_front_matter(text, &head);
    report_late_front_matter(&mut cx, head);
    if yaml.is_none() {
        let first = head.iter().find(|n| !is_comment_block(text, n));
        front_matter::report_unclosed(&mut cx, first);
    }
    let meta = front_matter::read(&mut cx, yaml);

    // Title and intro: everything before the first `##`.
    let (h1_title, intro) = title_and_intro(&mut cx, head);
    let stem = input
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("quiz");
    let title = meta
        .title
        .clone()
        .or(h1_title.filter(|t| !t.is_empty()))
        .unwrap_or_else(|| stem.to_string());
    let quiz_id = meta
        .id
        .clone()
        .unwrap_or_else(|| ids::quiz_id_from_stem(stem));

    let mut builder = Builder {
        quiz_id: quiz_id.clone(),
        pending: Vec::new(),
    };
    let defaults = question::Defaults {
        points: meta.settings.points,
        shuffle: meta.settings.shuffle,
    };
    let mut items = Vec::new();
    let mut section: Option<(Node, Vec<Node>)> = first_h2.map(|h| (h, Vec::new()));
    while let Some((heading_node, mut body)) = section.take() {
        for block in blocks.by_ref() {
            if block.heading_level() == Some(2) {
                section = Some((block, Vec::new()));
                break;
            }
            body.push(block);
        }
        report_late_front_matter(&mut cx, &body);
        builder.section(&mut cx, &heading_node, &body, &defaults, &mut items);
    }

    if let Some(at) = blocks.flattened_at() {
        cx.report(
            Diagnostic::warning(
                "nesting-too-deep",
                format!(
                    "lists, blockquotes or emphasis nested more than {} deep are flattened",
                    tree::MAX_DEPTH
                ),
            )
            .at(cx.file(), Span::new(at.start, at.start))
            .with_label("nesting stops here; the text inside is kept")
            .with_help("nest less deeply; no platform shows this many levels"),
        );
    }

    let mut quiz = Quiz {
        id: quiz_id,
        source: input.rel_path.to_string(),
        title,
        description: meta
            .description
            .clone()
            .unwrap_or_else(|| intro.plain_text()),
        intro,
        settings: meta.settings,
        items,
        assets: Vec::new(),
    };
    builder.assign_ids(&mut quiz);
    quiz.assets = std::mem::take(&mut cx.assets.list);
    let mut diags = cx.diags;
    diags.extend(crate::passes::checks::run(&quiz, input.file));
    diags.sort();
    (Some(quiz), diags)
}

/// pulldown-cmark reads `---` / `key: value` / `---` anywhere as a
/// metadata block: below the top it would vanish silently.
fn report_late_front_matter(cx: &mut Cx, blocks: &[Node]) {
    for n in blocks.iter().filter(|n| n.kind == Kind::Metadata) {
        cx.report(
            Diagnostic::error(
                "front-matter-not-at-top",
                "a `---` block of `key: value` lines below the top of the file is dropped",
            )
            .at(cx.file(), question::first_line(cx, n))
            .with_label("read as front matter, which must come first")
            .with_help("move front matter to line 1; for a rule followed by text, leave a blank line after `---` or write `***`"),
        );
    }
}

/// The YAML metadata block (its text and file offset) and the blocks after
/// it. Comments may come before it.
fn split_front_matter<'t, 'n, 'a>(
    text: &'t str,
    blocks: &'n [Node<'a>],
) -> (Option<(&'t str, usize)>, &'n [Node<'a>]) {
    let skip = blocks
        .iter()
        .take_while(|n| is_comment_block(text, n))
        .count();
    match blocks.get(skip) {
        Some(first) if first.kind == Kind::Metadata => {
            // CRLF splits the YAML into several text events: take the source
            // from the first to the last.
            let inner = match (first.children.first(), first.children.last()) {
                (Some(a), Some(b)) => a.span.start..b.span.end,
                _ => first.span.start..first.span.start,
            };
            let yaml = text.get(inner.clone()).unwrap_or("");
            (Some((yaml, inner.start)), &blocks[skip + 1..])
        }
        _ => (None, blocks),
    }
}

/// The first `#` heading's text and the intro (everything else before the first `##`).
fn title_and_intro(cx: &mut Cx, head: &[Node]) -> (Option<String>, crate::model::Rich) {
    for n in head.iter().filter(|n| n.heading_level() == Some(3)) {
        cx.report(
            Diagnostic::error("question-outside-pool", "a `###` question outside a `## Pool:`")
                .at(cx.file(), question::first_line(cx, n))
                .with_label("before the first `##` heading")
                .with_help("questions start at `##` headings; `###` questions belong under `## Pool: … {pick=all}`"),
        );
    }
    let h1 = head.iter().position(|n| n.heading_level() == Some(1));
    let title = h1.map(|i| tree::plain_text(&head[i].children).trim().to_string());
    let intro_nodes: Vec<&Node> = head
        .iter()
        .enumerate()
        .filter(|(i, n)| Some(*i) != h1 && !is_comment_block(cx.text, n))
        .map(|(_, n)| n)
        .collect();
    (title, markdown::rich(cx, &intro_nodes))
}

/// Whether a `.md` file found in a folder is a quiz: it has front matter
/// or at least one `##` heading (outside fenced code). A cheap line scan,
/// no Markdown parse.
pub fn looks_like_quiz(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.starts_with("---\n") || text.starts_with("---\r\n") {
        return true;
    }
    let mut fence: Option<&str> = None;
    for line in text.lines() {
        let t = line.trim_start();
        if line.len() - t.len() > 3 {
            continue;
        }
        for marker in ["```", "~~~"] {
            if t.starts_with(marker) {
                fence = match fence {
                    Some(open) if open == marker => None,
                    None => Some(marker),
                    other => other,
                };
            }
        }
        if fence.is_none() && (t.starts_with("## ") || t == "##") {
            return true;
        }
    }
    false
}

/// The id each item asked for, and what to derive one from.
struct Pending {
    explicit: Option<String>,
    title: Option<String>,
    text: String,
    prefix: &'static str,
}

struct Builder {
    quiz_id: String,
    /// One per question, pool and Text block, in source order (pool first,
    /// then its questions).
    pending: Vec<Pending>,
}

impl Builder {
    /// One `##` section: a question, a Text block, or a pool.
    fn section(
        &mut self,
        cx: &mut Cx,
        heading_node: &Node,
        body: &[Node],
        defaults: &question::Defaults,
        items: &mut Vec<Item>,
    ) {
        let heading = heading::parse(cx, heading_node);
        if heading.pool {
            items.push(self.pool(cx, heading, body, defaults));
            return;
        }
        let (own, subsections) = split_own(body, 3);
        if subsections.is_empty() {
            items.push(self.item(cx, heading, body, defaults));
            return;
        }
        // `###` questions outside a pool (S21): reported, then read as questions.
        for (h3, _) in &subsections {
            cx.report(
                Diagnostic::error("question-outside-pool", "a `###` question outside a `## Pool:`")
                    .at(cx.file(), question::first_line(cx, h3))
                    .with_label(format!("inside `## {}`", heading_text(&heading)))
                    .with_help("make it a `##` question, or turn the `##` heading into `## Pool: … {pick=all}`"),
            );
        }
        // A section heading without a type word is read as a Text block, so
        // its intro is not also reported as a question without answers.
        if !own.iter().all(|n| is_comment_block(cx.text, n)) || heading.kind.is_some() {
            let mut heading = heading;
            heading.kind = heading.kind.or(Some(crate::model::QuestionKind::Text));
            items.push(self.item(cx, heading, own, defaults));
        }
        for (h3, sub) in subsections {
            let h = heading::parse(cx, h3);
            items.push(self.item(cx, h, sub, defaults));
        }
    }

    fn item(
        &mut self,
        cx: &mut Cx,
        heading: Heading,
        body: &[Node],
        d: &question::Defaults,
    ) -> Item {
        if heading.kind == Some(crate::model::QuestionKind::Text) {
            let content = markdown::rich(cx, body);
            self.pending.push(Pending {
                explicit: heading.attrs.id.clone(),
                title: (!heading.generic_title())
                    .then(|| heading.title.clone())
                    .flatten(),
                text: content.plain_text(),
                prefix: "text",
            });
            return Item::Text(TextBlock {
                id: String::new(),
                title: heading.title,
                content,
                span: heading.span,
            });
        }
        Item::Question(self.question(cx, &heading, body, d))
    }

    fn question(
        &mut self,
        cx: &mut Cx,
        heading: &Heading,
        body: &[Node],
        d: &question::Defaults,
    ) -> Question {
        if heading.kind == Some(crate::model::QuestionKind::Text) {
            cx.report(
                Diagnostic::error("text-in-pool", "a Text block cannot be drawn from a pool")
                    .at(cx.file(), heading.span)
                    .with_help("move the Text block above the `## Pool:` heading"),
            );
        }
        if heading.attrs.pick_written {
            cx.report(
                Diagnostic::error("invalid-attribute-value", "`pick` only applies to a `## Pool:` heading")
                    .at(cx.file(), heading.attrs.span.unwrap_or(heading.span))
                    .with_help("remove it, or make the heading `## Pool: … {pick=…}` with `###` questions under it"),
            );
        }
        let built = question::build(cx, heading, body, d);
        self.pending.push(Pending {
            explicit: heading.attrs.id.clone(),
            title: (!heading.generic_title())
                .then(|| heading.title.clone())
                .flatten(),
            text: built.stem_text,
            prefix: "",
        });
        built.question
    }

    fn pool(
        &mut self,
        cx: &mut Cx,
        heading: Heading,
        body: &[Node],
        d: &question::Defaults,
    ) -> Item {
        let points = heading.attrs.points.unwrap_or(d.points);
        let (own, subsections) = split_own(body, 3);
        if let Some(n) = own.iter().find(|n| !is_comment_block(cx.text, n)) {
            cx.report(
                Diagnostic::warning(
                    "pool-content-ignored",
                    "text between a pool heading and its first `###` question is not shown",
                )
                .at(cx.file(), question::first_line(cx, n))
                .with_help("move it into a `## … · Text` block above the pool, or into a question"),
            );
        }
        self.pending.push(Pending {
            explicit: heading.attrs.id.clone(),
            title: heading.title.clone(),
            text: heading.title.clone().unwrap_or_default(),
            prefix: "pool",
        });
        let inner = question::Defaults {
            points,
            shuffle: d.shuffle,
        };
        let mut questions = Vec::new();
        for (h3, sub) in subsections {
            let h = heading::parse(cx, h3);
            if h.pool {
                cx.report(
                    Diagnostic::error("nested-pool", "a pool cannot hold another pool")
                        .at(cx.file(), h.span)
                        .with_help("make it a `## Pool:` of its own after this one"),
                );
            }
            if h.attrs.points.is_some() {
                cx.report(
                    Diagnostic::error("points-in-pool", "a question inside a pool cannot set its own points")
                        .at(cx.file(), h.attrs.span.unwrap_or(h.span))
                        .with_help("every question of a pool is worth the pool's points: set `{points=…}` on the `## Pool:` heading"),
                );
            }
            let mut q = self.question(cx, &h, sub, &inner);
            q.points = points;
            questions.push(q);
        }
        let pick = heading.attrs.pick.unwrap_or(questions.len() as u32);
        Item::Pool(Pool {
            id: String::new(),
            title: heading.title.clone().unwrap_or_default(),
            pick,
            points,
            questions,
            span: heading.span,
        })
    }

    /// Explicit ids first, then derived ids made unique against them.
    fn assign_ids(&self, quiz: &mut Quiz) {
        let mut taken = ids::TakenIds::new(self.pending.iter().filter_map(|p| p.explicit.clone()));
        let mut pending = self.pending.iter();
        let mut next = |taken: &mut ids::TakenIds| -> String {
            let Some(p) = pending.next() else {
                return String::new();
            };
            if let Some(id) = &p.explicit {
                return id.clone();
            }
            let prefix = if p.prefix.is_empty() {
                self.quiz_id.clone()
            } else {
                format!("{}-{}", self.quiz_id, p.prefix)
            };
            let derived = p
                .title
                .as_deref()
                .and_then(|t| ids::id_from_title(&prefix, t))
                .unwrap_or_else(|| ids::id_from_hash(&prefix, &p.text));
            taken.take_unique(derived)
        };
        for item in &mut quiz.items {
            match item {
                Item::Question(q) => q.id = next(&mut taken),
                Item::Text(t) => t.id = next(&mut taken),
                Item::Pool(p) => {
                    p.id = next(&mut taken);
                    for q in &mut p.questions {
                        q.id = next(&mut taken);
                    }
                }
            }
        }
    }
}

fn heading_text(h: &Heading) -> String {
    h.title
        .clone()
        .or_else(|| h.label.clone())
        .unwrap_or_default()
}

/// Sections starting at each heading of `level`: (heading, body).
fn split_at_level<'n, 'a>(
    blocks: &'n [Node<'a>],
    level: u8,
) -> Vec<(&'n Node<'a>, &'n [Node<'a>])> {
    let starts: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, n)| n.heading_level() == Some(level))
        .map(|(i, _)| i)
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            let end = starts.get(k + 1).copied().unwrap_or(blocks.len());
            (&blocks[s], &blocks[s + 1..end])
        })
        .collect()
}

/// A body's own blocks (before its first heading of `level`) and its subsections.
fn split_own<'n, 'a>(
    body: &'n [Node<'a>],
    level: u8,
) -> (&'n [Node<'a>], Vec<(&'n Node<'a>, &'n [Node<'a>])>) {
    let first = body
        .iter()
        .position(|n| n.heading_level() == Some(level))
        .unwrap_or(body.len());
    (&body[..first], split_at_level(&body[first..], level))
}

fn is_comment_block(text: &str, node: &Node) -> bool {
    matches!(node.kind, Kind::HtmlBlock)
        && text
            .get(node.span.clone())
            .is_some_and(|t| t.trim().starts_with("<!--") && t.trim().ends_with("-->"))
}
