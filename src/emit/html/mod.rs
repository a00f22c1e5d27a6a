//! `--format html`: one self-contained practice page per quiz, an instructor
//! answer key beside it, and an index of every quiz.
//!
//! ```text
//! dist/html/index.html              every quiz: title, description, count
//! dist/html/<quiz-id>/index.html    the page: inline CSS and JS, works from file://
//! dist/html/<quiz-id>/key.html      the answer key, printable
//! dist/html/<quiz-id>/assets/…      the quiz's images
//! ```
//!
//! Markup comes from templates ([`crate::templates`]), UI strings from the
//! catalog ([`crate::i18n`]), scoring data from [`data`]; the browser side is
//! `templates/html/grading.js` (pure scoring) and `runtime.js` (the DOM).

pub mod csp;
pub(crate) mod data;
mod rich;
mod view;

pub use data::{DATA_VERSION, content_hash};

use super::{EmitCx, EmitError, Emitter, Output, Tree};
use crate::config::Config;
use crate::i18n::{self, Catalog};
use crate::model::{Quiz, Span};
use crate::templates::Templates;
use serde::Serialize;
use std::collections::BTreeMap;

pub struct Html;

/// What every page template gets.
#[derive(Serialize)]
struct PageContext<'a> {
    quiz: &'a view::QuizView,
    lang: &'a str,
    /// `ltr` or `rtl`.
    dir: &'a str,
    /// The UI strings (`t.score`, `t.check`, …).
    t: &'a BTreeMap<String, String>,
    css: &'a str,
    grading_js: &'a str,
    runtime_js: &'a str,
    /// Inlined between `grading.js` and `runtime.js` when set (SCORM).
    adapter_js: Option<&'a str>,
    data_json: &'a str,
    /// Link back to `../index.html`.
    site_link: bool,
    generator: &'static str,
    /// The Content-Security-Policy's `content`: a placeholder, replaced by
    /// the policy once the page is rendered ([`csp`]).
    csp: &'static str,
}

#[derive(Serialize)]
struct IndexEntry {
    id: String,
    title: String,
    description: String,
    question_count: usize,
    count_label: String,
    href: String,
}

#[derive(Serialize)]
struct IndexContext<'a> {
    quizzes: Vec<IndexEntry>,
    t: &'a BTreeMap<String, String>,
    lang: String,
    dir: String,
    css: &'a str,
    generator: &'static str,
    csp: &'static str,
}

const GENERATOR: &str = concat!("quizc ", env!("CARGO_PKG_VERSION"));

impl Emitter for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn description(&self) -> &'static str {
        "self-contained interactive practice pages, an answer key and an index"
    }

    fn emit(&self, quiz: &Quiz, cx: &mut EmitCx) -> Result<Output, EmitError> {
        let templates = Templates::for_config(cx.config);
        warn_unsupported(quiz, cx, &templates);
        let (view, t) = build_view(quiz, &templates, cx);
        let ctx = page_context(&view, &t, &templates, None, true)?;
        let mut tree = render_page(quiz, &templates, &ctx, cx)?;
        let key = templates.render("html/key.html", ctx.borrow())?;
        tree.insert("key.html", sealed(key, &templates, &ctx, cx));
        Ok(Output::Folder(tree))
    }

    fn site(&self, quizzes: &[&Quiz], config: &Config) -> Result<Option<Tree>, EmitError> {
        let templates = Templates::for_config(config);
        let lang = config
            .quiz
            .get("lang")
            .and_then(|v| v.as_str())
            .unwrap_or("en");
        let t = i18n::catalog(lang, &templates);
        let css = source(&templates, "html/quiz.css")?;
        let entries = quizzes
            .iter()
            .map(|quiz| {
                let count = question_count(quiz);
                IndexEntry {
                    id: quiz.id.clone(),
                    title: quiz.title.clone(),
                    description: quiz.description.clone(),
                    question_count: count,
                    count_label: t.plural("questions", count as f64),
                    href: format!("{}/index.html", quiz.id),
                }
            })
            .collect();
        let ctx = IndexContext {
            quizzes: entries,
            t: &t.strings,
            lang: t.lang.clone(),
            dir: t.dir.clone(),
            css: &css,
            generator: GENERATOR,
            csp: csp::PLACEHOLDER,
        };
        let mut tree = Tree::new();
        let index = templates.render("html/index.html", &ctx)?;
        // No quiz to report against: a refused script shows in the browser.
        let index = csp::seal(&index, &[], &template_sources(&templates)).page;
        tree.insert("index.html", index);
        Ok(Some(tree))
    }
}

/// How [`practice_page`] is embedded.
#[derive(Debug, Clone, Default)]
pub struct PageOptions {
    /// A script inlined after `grading.js` and before `runtime.js` (the SCORM
    /// adapter: it can set `window.quizcOptions` and subscribe to `quizc:*`).
    pub adapter_js: Option<String>,
    /// Leave out the "All quizzes" link to `../index.html` (a page that is
    /// not part of a build's site, such as a SCO).
    pub standalone: bool,
}

/// The practice page of one quiz: `index.html` and `assets/…`. The SCORM
/// output reuses it as its SCO with an adapter script.
pub fn practice_page(quiz: &Quiz, cx: &mut EmitCx, opts: &PageOptions) -> Result<Tree, EmitError> {
    let templates = Templates::for_config(cx.config);
    warn_unsupported(quiz, cx, &templates);
    let (view, t) = build_view(quiz, &templates, cx);
    let ctx = page_context(
        &view,
        &t,
        &templates,
        opts.adapter_js.as_deref(),
        !opts.standalone,
    )?;
    render_page(quiz, &templates, &ctx, cx)
}

fn render_page(
    quiz: &Quiz,
    templates: &Templates,
    ctx: &OwnedContext,
    cx: &mut EmitCx,
) -> Result<Tree, EmitError> {
    let mut tree = Tree::new();
    let page = templates.render("html/quiz.html", ctx.borrow())?;
    tree.insert("index.html", sealed(page, templates, ctx, cx));
    for asset in &quiz.assets {
        tree.insert(format!("assets/{}", asset.name), asset.data.to_vec());
    }
    Ok(tree)
}

/// The page with its Content-Security-Policy; scripts it refuses are warnings.
fn sealed(page: String, templates: &Templates, ctx: &OwnedContext, cx: &mut EmitCx) -> String {
    let mut trusted = vec![ctx.grading_js.as_str(), ctx.runtime_js.as_str()];
    trusted.extend(ctx.adapter_js);
    let sealed = csp::seal(&page, &trusted, &template_sources(templates));
    for start in sealed.refused {
        cx.warn(
            "html-script-refused",
            Span::default(),
            format!(
                "an inline script of the page (`{start}…`) is neither an inlined script file nor written in a template; the page's Content-Security-Policy does not let it run"
            ),
        );
    }
    sealed.page
}

/// The page templates' sources: scripts written in them are trusted.
fn template_sources(templates: &Templates) -> Vec<std::borrow::Cow<'static, str>> {
    ["base", "quiz", "question", "key", "index"]
        .iter()
        .filter_map(|name| templates.source(&format!("html/{name}.html")))
        .collect()
}

fn build_view(quiz: &Quiz, templates: &Templates, cx: &mut EmitCx) -> (view::QuizView, Catalog) {
    let t = i18n::catalog(&quiz.settings.lang, templates);
    let mut builder = view::ViewBuilder::new(&t);
    let mut view = builder.quiz(quiz);
    for (code, span, message) in std::mem::take(&mut builder.warnings) {
        cx.warn(code, span, message);
    }
    view.data_json = data::script_json(&data::page_data(quiz, &t, view.feedback));
    (view, t)
}

/// Owned pieces of a [`PageContext`].
struct OwnedContext<'a> {
    view: &'a view::QuizView,
    t: &'a Catalog,
    css: String,
    grading_js: String,
    runtime_js: String,
    adapter_js: Option<&'a str>,
    site_link: bool,
}

impl OwnedContext<'_> {
    fn borrow(&self) -> PageContext<'_> {
        PageContext {
            quiz: self.view,
            lang: &self.view.lang,
            dir: &self.view.dir,
            t: &self.t.strings,
            css: &self.css,
            grading_js: &self.grading_js,
            runtime_js: &self.runtime_js,
            adapter_js: self.adapter_js,
            data_json: &self.view.data_json,
            site_link: self.site_link,
            generator: GENERATOR,
            csp: csp::PLACEHOLDER,
        }
    }
}

fn page_context<'a>(
    view: &'a view::QuizView,
    t: &'a Catalog,
    templates: &Templates,
    adapter_js: Option<&'a str>,
    site_link: bool,
) -> Result<OwnedContext<'a>, EmitError> {
    Ok(OwnedContext {
        view,
        t,
        css: source(templates, "html/quiz.css")?,
        grading_js: source(templates, "html/grading.js")?,
        runtime_js: source(templates, "html/runtime.js")?,
        adapter_js,
        site_link,
    })
}

fn source(templates: &Templates, name: &str) -> Result<String, EmitError> {
    templates
        .source(name)
        .map(|s| s.into_owned())
        .ok_or_else(|| EmitError::Template {
            name: name.into(),
            message: "not found".into(),
        })
}

/// Questions a learner answers: pools count their draws.
fn question_count(quiz: &Quiz) -> usize {
    quiz.items
        .iter()
        .map(|item| match item {
            crate::model::Item::Question(_) => 1,
            crate::model::Item::Pool(p) => (p.pick as usize).min(p.questions.len()),
            crate::model::Item::Text(_) => 0,
        })
        .sum()
}

/// Settings the practice page cannot honour, said out loud.
fn warn_unsupported(quiz: &Quiz, cx: &mut EmitCx, templates: &Templates) {
    let t = i18n::catalog(&quiz.settings.lang, templates);
    let at = Span::default();
    if t.fallback {
        cx.warn(
            "html-no-ui-catalog",
            at,
            format!(
                "no UI strings for lang `{}`: the HTML page uses English for its buttons and labels (add templates/i18n/<lang>.toml beside quizc.toml)",
                quiz.settings.lang
            ),
        );
    }
    if let Some(minutes) = quiz.settings.time_limit {
        cx.warn(
            "html-no-time-limit",
            at,
            format!("the practice page has no time limit: `time_limit: {minutes}` is ignored"),
        );
    }
    if let Some(n) = quiz.settings.attempts {
        cx.warn(
            "html-no-attempt-limit",
            at,
            format!(
                "the practice page allows unlimited attempts (Reset): `attempts: {n}` is ignored"
            ),
        );
    }
}
