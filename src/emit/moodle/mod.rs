//! `--format moodle`: Moodle XML for *Question bank → Import*, one file per
//! quiz (`dist/moodle/<quiz-id>.xml`).
//!
//! Verified against Moodle 4.5's own importer (`qformat_xml`). The file
//! starts with a category question (`$course$/top/<quiz title>`), then the
//! questions in source order; a pool becomes a subcategory holding its
//! questions (Moodle XML cannot carry a random draw). Text is HTML with
//! math as `\( … \)` for Moodle's MathJax filter and images embedded as
//! `@@PLUGINFILE@@/name` plus a base64 `<file>` in the same field. What
//! Moodle cannot carry is a warning naming the question; the table is in
//! `docs/formats/moodle.md`.

mod cloze;
mod fractions;
mod numbers;
mod questions;
mod xml;

use super::{EmitCx, EmitError, Emitter, Output};
use crate::model::{Block, Inline, Item, Question, Quiz, Rich, Span};
use crate::render::{RenderOptions, Renderer};
use std::collections::BTreeSet;
use xml::Xml;

pub use fractions::{VALID as FRACTIONS, nearest as nearest_fraction, split_positive};

pub struct Moodle;

impl Emitter for Moodle {
    fn name(&self) -> &'static str {
        "moodle"
    }

    fn description(&self) -> &'static str {
        "Moodle XML for the question bank (one .xml per quiz)"
    }

    fn emit(&self, quiz: &Quiz, cx: &mut EmitCx) -> Result<Output, EmitError> {
        let mut w = Writer {
            quiz,
            cx,
            xml: Xml::new(),
            opts: RenderOptions::moodle(),
        };
        w.quiz();
        Ok(Output::File {
            ext: "xml",
            bytes: w.xml.finish().into_bytes(),
        })
    }
}

/// Longest `<name>` Moodle stores.
const NAME_MAX: usize = 255;
/// Longest `<idnumber>` Moodle stores (`question_bank_entries.idnumber`).
const IDNUMBER_MAX: usize = 100;

/// Which question a warning is about.
#[derive(Debug, Clone)]
struct Ctx {
    name: String,
    span: Span,
}

struct Writer<'q, 'c, 'cfg> {
    quiz: &'q Quiz,
    cx: &'c mut EmitCx<'cfg>,
    xml: Xml,
    opts: RenderOptions,
}

impl Writer<'_, '_, '_> {
    fn warn(&mut self, code: &'static str, ctx: &Ctx, message: impl AsRef<str>) {
        self.cx.warn(
            code,
            ctx.span,
            format!("Moodle: “{}”: {}", ctx.name, message.as_ref()),
        );
    }

    fn quiz(&mut self) {
        let quiz = self.quiz;
        self.xml.open("quiz", &[]);
        let top = format!("$course$/top/{}", category_name(&quiz.title, &quiz.id));
        self.category(&top, &quiz.description);
        self.quiz_settings_warning();
        if !quiz.intro.is_empty() {
            let ctx = Ctx {
                name: clamp_name(&format!("{} – introduction", quiz.title)),
                span: Span::default(),
            };
            let id = format!("{}-intro", quiz.id);
            self.description(&ctx, &quiz.intro, &id);
        }
        let mut number = 0;
        for item in &quiz.items {
            match item {
                Item::Question(q) => {
                    number += 1;
                    self.question(q, number);
                }
                Item::Text(t) => {
                    let name = match &t.title {
                        Some(title) if !title.trim().is_empty() => title.clone(),
                        _ => format!("Text – {}", first_words(&t.content)),
                    };
                    let ctx = Ctx {
                        name: clamp_name(&name),
                        span: t.span,
                    };
                    self.description(&ctx, &t.content, &t.id);
                }
                Item::Pool(pool) => {
                    let path = format!("{top}/{}", category_name(&pool.title, &pool.id));
                    let info = format!(
                        "Pool of {} questions; the quiz draws {} at random.",
                        pool.questions.len(),
                        pool.pick
                    );
                    self.category(&path, &info);
                    for q in &pool.questions {
                        number += 1;
                        self.question(q, number);
                    }
                    self.category(&top, &quiz.description);
                    let ctx = Ctx {
                        name: pool.title.clone(),
                        span: pool.span,
                    };
                    self.warn(
                        "moodle-pool",
                        &ctx,
                        format!(
                            "Moodle XML cannot carry a random draw; the pool's {} questions are \
                             in the subcategory “{}” (import with “Get category from file” \
                             ticked), add a random question drawing {} from it to the quiz",
                            pool.questions.len(),
                            pool.title,
                            pool.pick
                        ),
                    );
                }
            }
        }
        self.xml.close("quiz");
    }

    /// Quiz-level settings live in the Moodle quiz, not in the question bank.
    fn quiz_settings_warning(&mut self) {
        let s = &self.quiz.settings;
        let mut lost = Vec::new();
        if let Some(p) = s.pass {
            lost.push(format!("pass {}%", (p * 100.0).round()));
        }
        if let Some(t) = s.time_limit {
            lost.push(format!("time_limit {t} min"));
        }
        if let Some(a) = s.attempts {
            lost.push(format!("attempts {a}"));
        }
        if s.shuffle_questions {
            lost.push("shuffle_questions".into());
        }
        if !lost.is_empty() {
            let ctx = Ctx {
                name: self.quiz.title.clone(),
                span: Span::default(),
            };
            self.warn(
                "moodle-quiz-settings",
                &ctx,
                format!(
                    "Moodle XML holds questions only; set {} in the Moodle quiz's settings",
                    lost.join(", ")
                ),
            );
        }
    }

    /// A category question. It carries no `<idnumber>`: Moodle inserts a
    /// new category's idnumber unchecked, so re-importing a renamed quiz in
    /// the same context would fail on the unique key (seen with 4.5), while
    /// duplicate question idnumbers are merely dropped.
    fn category(&mut self, path: &str, info: &str) {
        self.xml.open("question", &[("type", "category")]);
        self.xml.text_elem("category", &[], path);
        self.xml
            .text_elem("info", &[("format", "html")], &crate::render::escape(info));
        self.xml.close("question");
    }

    fn description(&mut self, ctx: &Ctx, content: &Rich, id: &str) {
        self.xml.open("question", &[("type", "description")]);
        self.xml.text_elem("name", &[], &ctx.name);
        self.html_field(ctx, "questiontext", Some(content));
        self.html_field(ctx, "generalfeedback", None);
        self.xml.leaf("defaultgrade", &[], "0");
        self.xml.leaf("penalty", &[], "0");
        self.xml.leaf("hidden", &[], "0");
        self.idnumber(ctx, id);
        self.xml.close("question");
    }

    fn idnumber(&mut self, ctx: &Ctx, id: &str) {
        if id.chars().count() > IDNUMBER_MAX {
            self.warn(
                "moodle-idnumber",
                ctx,
                format!("the id is longer than Moodle's {IDNUMBER_MAX} characters and is cut"),
            );
        }
        self.xml
            .leaf("idnumber", &[], &clamp_chars(id, IDNUMBER_MAX));
    }

    /// Renders rich content for Moodle, reporting render warnings against
    /// the question, and returns the HTML and the assets it uses.
    fn render(&mut self, ctx: &Ctx, rich: &Rich) -> (String, BTreeSet<String>) {
        let mut r = Renderer::new(&self.opts);
        let html = r.rich(rich);
        let assets = r.assets().clone();
        let warnings = r.take_warnings();
        drop(r);
        for w in warnings {
            self.warn(w.code, ctx, w.message);
        }
        (html, assets)
    }

    /// Like [`Writer::render`], without the `<p>` around a lone paragraph
    /// (choices and ordering items read better inline).
    fn render_compact(&mut self, ctx: &Ctx, rich: &Rich) -> (String, BTreeSet<String>) {
        match rich.blocks.as_slice() {
            [Block::Paragraph(inlines)] => {
                let mut r = Renderer::new(&self.opts);
                let html = r.inlines(inlines);
                let assets = r.assets().clone();
                let warnings = r.take_warnings();
                drop(r);
                for w in warnings {
                    self.warn(w.code, ctx, w.message);
                }
                (html, assets)
            }
            _ => self.render(ctx, rich),
        }
    }

    /// `<tag format="html"><text>html</text><file…/></tag>`.
    fn html_field(&mut self, ctx: &Ctx, tag: &str, rich: Option<&Rich>) {
        self.html_field_attrs(ctx, tag, &[("format", "html")], rich);
    }

    fn html_field_attrs(
        &mut self,
        ctx: &Ctx,
        tag: &str,
        attrs: &[(&str, &str)],
        rich: Option<&Rich>,
    ) {
        let (html, assets) = match rich {
            Some(r) => self.render(ctx, r),
            None => (String::new(), BTreeSet::new()),
        };
        self.raw_html_field(ctx, tag, attrs, &html, &assets);
    }

    /// A field from already rendered HTML and the assets it refers to.
    fn raw_html_field(
        &mut self,
        ctx: &Ctx,
        tag: &str,
        attrs: &[(&str, &str)],
        html: &str,
        assets: &BTreeSet<String>,
    ) {
        if assets.is_empty() {
            self.xml.text_elem(tag, attrs, html);
            return;
        }
        self.xml.open(tag, attrs);
        self.xml.text(html);
        self.files(ctx, assets);
        self.xml.close(tag);
    }

    fn files(&mut self, ctx: &Ctx, assets: &BTreeSet<String>) {
        let quiz = self.quiz;
        for name in assets {
            match quiz.asset(name) {
                Some(asset) => self.xml.file(&asset.name, &asset.data),
                None => self.warn(
                    "moodle-asset-missing",
                    ctx,
                    format!("image `{name}` is not among the quiz's assets; it is not embedded"),
                ),
            }
        }
    }

    fn question_ctx(&self, q: &Question, number: usize) -> Ctx {
        let name = match &q.title {
            Some(t) if !t.trim().is_empty() => t.trim().to_string(),
            _ => format!("Q{number} – {}", first_words(&q.stem)),
        };
        Ctx {
            name: clamp_name(&name),
            span: q.span,
        }
    }
}

/// A category path segment: Moodle splits paths on `/` and reads `//` as a
/// literal slash.
fn category_name(title: &str, fallback: &str) -> String {
    let t = title.trim();
    let t = if t.is_empty() { fallback } else { t };
    plain_text_name(t).replace('/', "//")
}

fn clamp_chars(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

fn clamp_name(name: &str) -> String {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let written = plain_text_name(&name);
    if written.chars().count() <= NAME_MAX {
        return written;
    }
    // Cut the author's text (not the entities written for it) until it fits.
    let mut keep = NAME_MAX - 1;
    loop {
        let mut cut = clamp_chars(&name, keep);
        cut.push('…');
        let written = plain_text_name(&cut);
        if written.chars().count() <= NAME_MAX || keep == 0 {
            return written;
        }
        keep -= 1;
    }
}

/// Moodle cleans names and category names with `strip_tags` (PARAM_TEXT),
/// which eats `<&>` or `<b>`, and shows them through `format_string`, which
/// reads HTML entities. So a name holding `<` or `>` is written with
/// `&lt; &gt; &amp;` (stored as such, shown as the author wrote it).
fn plain_text_name(name: &str) -> String {
    if name.contains(['<', '>']) {
        name.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    } else {
        name.to_string()
    }
}

/// The first words of rich content, for a default question name.
fn first_words(rich: &Rich) -> String {
    let text = plain_text_skipping_blanks(rich);
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for w in &words {
        if out.chars().count() + w.chars().count() > 60 && !out.is_empty() {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        "(no text)".into()
    } else {
        out
    }
}

fn plain_text_skipping_blanks(rich: &Rich) -> String {
    // The first paragraph-like block is enough for a name.
    for block in &rich.blocks {
        let inl: &[Inline] = match block {
            Block::Paragraph(i) | Block::Heading { content: i, .. } => i,
            _ => continue,
        };
        let mut s = String::new();
        crate::model::inlines_plain(inl, &mut s);
        if !s.trim().is_empty() {
            return s;
        }
    }
    rich.plain_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fit_in_255_characters_after_escaping() {
        let long = "<b>".repeat(200);
        let name = clamp_name(&long);
        assert!(name.chars().count() <= NAME_MAX, "{}", name.chars().count());
        assert!(name.starts_with("&lt;b&gt;") && name.ends_with('…'));
        assert_eq!(clamp_name("  a \n b  "), "a b");
        assert_eq!(clamp_name("Q&A"), "Q&A");
    }

    #[test]
    fn category_names_escape_slashes() {
        assert_eq!(category_name("Input/Output", "x"), "Input//Output");
        assert_eq!(category_name("  ", "quiz-id"), "quiz-id");
    }
}
