//! `--format qti21` and `--format qti30`: IMS content packages with one
//! `assessmentItem` per question, an `assessmentTest` and the images.
//!
//! One builder serves both versions; what differs (names, namespaces,
//! template URIs, resource types, `qti-content-body`) is data in
//! [`version`]. Package layout:
//!
//! ```text
//! imsmanifest.xml
//! test.xml                 assessmentTest (pools: sections with selection)
//! items/<question-id>.xml  one assessmentItem per question
//! assets/<name>            images, referenced as ../assets/<name> from items
//! style/quizc.css          classes the QTI HTML profile needs instead of style=""
//! ```
//!
//! The mapping per question type and what is lost is in `docs/formats/qti.md`.

mod content;
mod items;
mod manifest;
mod rp;
mod test;
pub mod version;
mod xml;

use super::{EmitCx, EmitError, Emitter, Output, Tree};
use crate::diag::Diagnostics;
use crate::model::{Question, Quiz, Span};
use content::Content;
use rayon::prelude::*;
use version::{QTI21, QTI30, Version};

pub const TEST_FILE: &str = "test.xml";
pub const ITEMS_DIR: &str = "items/";
pub const ASSETS_DIR: &str = "assets/";
pub const STYLESHEET: &str = "style/quizc.css";

/// The classes the shared renderer writes in its QTI profile.
const CSS: &str = "\
/* quizc: classes used by the item bodies (QTI allows no style attributes) */
.strike { text-decoration: line-through; }
.underline { text-decoration: underline; }
.align-left { text-align: left; }
.align-center { text-align: center; }
.align-right { text-align: right; }
.math-display { display: block; margin: 0.5em 0; text-align: center; }
.math-tex { font-family: monospace; }
.footnotes { font-size: 0.9em; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; padding: 0.5em 0.75em; overflow: auto; }
code { font-family: monospace; }
";

/// QTI 2.1 content package.
pub struct Qti21;
/// QTI 3.0 content package.
pub struct Qti30;

impl Emitter for Qti21 {
    fn name(&self) -> &'static str {
        QTI21.format
    }

    fn description(&self) -> &'static str {
        "QTI 2.1 content package (items, test, manifest) for Blackboard, D2L, TAO, Inspera, …"
    }

    fn emit(&self, quiz: &Quiz, cx: &mut EmitCx) -> Result<Output, EmitError> {
        package(quiz, cx, &QTI21)
    }
}

impl Emitter for Qti30 {
    fn name(&self) -> &'static str {
        QTI30.format
    }

    fn description(&self) -> &'static str {
        "QTI 3.0 content package (items, test, manifest)"
    }

    fn emit(&self, quiz: &Quiz, cx: &mut EmitCx) -> Result<Output, EmitError> {
        package(quiz, cx, &QTI30)
    }
}

/// The whole package as a file tree.
pub fn package(quiz: &Quiz, cx: &mut EmitCx, v: &Version) -> Result<Output, EmitError> {
    let lang = quiz.settings.lang.as_str();
    if quiz.settings.attempts.is_some() {
        cx.warn(
            "qti-attempts-not-carried",
            Span::default(),
            "QTI tests have no number of allowed attempts; set it in the delivery platform",
        );
    }
    // Items are independent documents: written in parallel, each with its
    // own warnings, which join the quiz's in question order.
    let questions: Vec<&Question> = quiz.questions().collect();
    let written: Vec<(items::ItemDoc, Diagnostics)> = questions
        .par_iter()
        .enumerate()
        .map(|(n, question)| {
            let mut item_cx = EmitCx {
                file: cx.file,
                config: cx.config,
                diags: Diagnostics::default(),
            };
            let title = question_name(question, n + 1);
            let mut content = Content::new(
                &mut item_cx,
                &format!("{}{ASSETS_DIR}", items::ITEM_ROOT),
                question.span,
            );
            let doc = items::item(question, &title, v, lang, &mut content);
            (doc, item_cx.diags)
        })
        .collect();
    let mut tree = Tree::new();
    let mut docs = Vec::with_capacity(written.len());
    for (mut doc, diags) in written {
        cx.diags.extend(diags);
        tree.insert(
            format!("{ITEMS_DIR}{}.xml", doc.id),
            std::mem::take(&mut doc.xml),
        );
        docs.push(doc);
    }
    let mut content = Content::new(cx, ASSETS_DIR, Span::default());
    let test_xml = test::test(quiz, v, &mut content);
    let test_assets: Vec<String> = content.assets.iter().cloned().collect();
    tree.insert(TEST_FILE, test_xml);
    tree.insert(
        "imsmanifest.xml",
        manifest::manifest(quiz, &docs, &test_assets, v),
    );
    for asset in &quiz.assets {
        tree.insert(format!("{ASSETS_DIR}{}", asset.name), asset.data.to_vec());
    }
    tree.insert(STYLESHEET, CSS);
    Ok(Output::Zip(tree))
}

/// The LMS name of a question: its title, else `Q<n> – <first words>`.
pub fn question_name(question: &Question, n: usize) -> String {
    if let Some(title) = question.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return title.to_string();
    }
    let stem = question.stem.plain_text();
    let words: Vec<&str> = stem.split_whitespace().take(8).collect();
    let mut first = words.join(" ");
    if first.chars().count() > 60 {
        first = first.chars().take(60).collect::<String>() + "…";
    } else if stem.split_whitespace().count() > 8 {
        first.push('…');
    }
    if first.is_empty() {
        format!("Q{n}")
    } else {
        format!("Q{n} – {first}")
    }
}
