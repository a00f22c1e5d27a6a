//! `--format scorm12` and `--format scorm2004`: a SCORM package per quiz,
//! `dist/<format>/<quiz-id>.zip`, one SCO that reports score, status and
//! every answer to the LMS.
//!
//! ```text
//! imsmanifest.xml       one organization, one SCO item, every file listed
//! index.html            the HTML practice page plus the SCORM adapter
//! assets/…              the quiz's images
//! ```
//!
//! The SCO is the page of `--format html` (rendered by that emitter, never
//! duplicated here) with two additions before its runtime script: a JSON
//! block `quizc-scorm` (this module's [`ScoConfig`]: interaction ids, types,
//! correct-response patterns, the version's names and limits) and the adapter
//! `templates/scorm/scorm.js`, which talks to the LMS through the hooks the
//! page's runtime offers (`window.quizcOptions.storage`, `quizc:*` events).
//! One core for both versions: everything that differs is data in
//! [`profile`]. Documented in `docs/formats/scorm.md`.

mod interactions;
mod manifest;
mod profile;

pub use interactions::{interaction_id, short_id};
pub use profile::{Profile, SCORM12, SCORM2004};

use super::html::{PageOptions, practice_page};
use super::{EmitCx, EmitError, Emitter, Output, Tree};
use crate::diag::Diagnostics;
use crate::emit::html::data::script_json;
use crate::i18n;
use crate::model::scoring::automatic_max;
use crate::model::{Answer, Item, Quiz, Span};
use crate::templates::Templates;
use interactions::Interaction;
use serde::Serialize;
use std::collections::BTreeMap;

/// The adapter script (a user's `templates/scorm/scorm.js` overrides it).
pub const ADAPTER_JS: &str = include_str!("../../../templates/scorm/scorm.js");
/// Styles of the Finish button and the LMS notices.
pub const ADAPTER_CSS: &str = include_str!("../../../templates/scorm/scorm.css");

/// One emitter, two profiles.
pub struct Scorm(pub &'static Profile);

pub static SCORM12_EMITTER: Scorm = Scorm(&SCORM12);
pub static SCORM2004_EMITTER: Scorm = Scorm(&SCORM2004);

/// What the adapter reads from `<script type="application/json" id="quizc-scorm">`.
#[derive(Serialize)]
pub struct ScoConfig<'a> {
    pub format: u32,
    #[serde(flatten)]
    pub profile: &'a Profile,
    /// Pass mark from the manifest (a share); the LMS's value overrides it.
    pub mastery: Option<f64>,
    /// Finish by itself once every question is answered (immediate feedback).
    pub auto_finish: bool,
    pub strings: BTreeMap<&'static str, String>,
    /// By question id.
    pub questions: BTreeMap<String, Interaction>,
}

/// UI strings of the adapter: the catalog's when it has the key, else English.
const STRINGS: &[(&str, &str)] = &[
    ("scorm_finish", "Finish"),
    (
        "scorm_browse",
        "Browse mode: try the questions; nothing is recorded.",
    ),
    (
        "scorm_no_lms",
        "No learning management system was found: this quiz runs as a practice page and nothing is reported.",
    ),
    (
        "scorm_lms_error",
        "The LMS did not accept the result ({call}: error {code}, {message}). Please tell your teacher.",
    ),
    (
        "scorm_review",
        "Review mode: your answers are shown and nothing is recorded.",
    ),
    (
        "scorm_done",
        "This attempt is finished and has been reported.",
    ),
    (
        "scorm_saved",
        "Your answers are saved in the course as you go.",
    ),
    (
        "scorm_too_long",
        "Your progress is too long to be saved in full by the LMS: some answers will not be restored if you leave.",
    ),
    ("scorm_percent", "{percent}%"),
];

impl Emitter for Scorm {
    fn name(&self) -> &'static str {
        self.0.format
    }

    fn description(&self) -> &'static str {
        if self.0.version == "1.2" {
            "a SCORM 1.2 package (one SCO reporting score, status and interactions)"
        } else {
            "a SCORM 2004 4th edition package (one SCO reporting score, status and interactions)"
        }
    }

    fn emit(&self, quiz: &Quiz, cx: &mut EmitCx) -> Result<Output, EmitError> {
        let p = self.0;
        let templates = Templates::for_config(cx.config);

        let t = i18n::catalog(&quiz.settings.lang, &templates);
        let mut numbers = 0;
        let mut questions = BTreeMap::new();
        for q in quiz.questions() {
            numbers += 1;
            questions.insert(q.id.clone(), interactions::build(q, numbers, p, cx));
        }
        let config = ScoConfig {
            format: 1,
            profile: p,
            mastery: quiz.settings.pass,
            auto_finish: option_bool(cx, p, "auto_finish").unwrap_or(true),
            strings: STRINGS
                .iter()
                .map(|(k, en)| {
                    (
                        *k,
                        t.strings.get(*k).cloned().unwrap_or_else(|| en.to_string()),
                    )
                })
                .collect(),
            questions,
        };
        check_suspend_budget(quiz, p, cx);
        if quiz.questions().any(|q| q.answer.is_open()) {
            cx.warn(
                "scorm-open-neutral",
                Span::default(),
                format!(
                    "open questions are reported to the LMS as {} interactions with result `neutral` and left out of the score: a teacher grades them{}",
                    p.open_type,
                    if p.version == "1.2" { " (SCORM 1.2 keeps 255 characters of each answer)" } else { "" }
                ),
            );
        }

        let js = templates
            .source("scorm/scorm.js")
            .map(|s| s.into_owned())
            .unwrap_or_else(|| ADAPTER_JS.to_string());
        let css = templates
            .source("scorm/scorm.css")
            .map(|s| s.into_owned())
            .unwrap_or_else(|| ADAPTER_CSS.to_string());
        let adapter = format!(
            "window.quizcScormConfig = {};\nwindow.quizcScormCss = {};\n{js}",
            script_json(&config),
            script_json(&css)
        );
        let page = html_page(quiz, cx, p, adapter)?;
        let index = automatic_total(&page.index, automatic_max(quiz));

        let mut tree = Tree::new();
        tree.insert("index.html", index);
        for (path, bytes) in page.assets {
            tree.insert(path, bytes);
        }
        let mut files: Vec<&str> = vec!["index.html"];
        files.extend(
            tree.files
                .keys()
                .map(String::as_str)
                .filter(|f| *f != "index.html"),
        );
        let manifest = manifest::manifest(quiz, p, &files);
        tree.insert("imsmanifest.xml", manifest);
        Ok(Output::Zip(tree))
    }
}

/// `[format.<name>]` in quizc.toml, then `[format.scorm]`.
fn option_bool(cx: &EmitCx, p: &Profile, key: &str) -> Option<bool> {
    [p.format, "scorm"].iter().find_map(|f| {
        cx.config
            .format
            .get(*f)
            .and_then(|t| t.get(key))
            .and_then(|v| v.as_bool())
    })
}

struct Page {
    index: String,
    assets: Vec<(String, Vec<u8>)>,
}

/// The HTML emitter's practice page (standalone, with the adapter between
/// `grading.js` and `runtime.js`) and its images; its warnings pass through,
/// except those about the practice page's own limits, which the LMS handles.
fn html_page(
    quiz: &Quiz,
    cx: &mut EmitCx,
    p: &Profile,
    adapter: String,
) -> Result<Page, EmitError> {
    let mut sub = EmitCx {
        file: cx.file,
        config: cx.config,
        diags: Diagnostics::default(),
    };
    let options = PageOptions {
        adapter_js: Some(adapter),
        standalone: true,
    };
    let tree = practice_page(quiz, &mut sub, &options)?;
    for d in sub.diags.items {
        match d.code {
            "html-no-attempt-limit" => {
                if p.version == "1.2" {
                    cx.warn(
                        "scorm-no-attempt-limit",
                        Span::default(),
                        "SCORM 1.2 has no attempt limit: set it in the LMS (`attempts` is ignored)",
                    );
                }
            }
            "html-no-time-limit" => cx.warn(
                "scorm-time-limit",
                Span::default(),
                "the time limit is written to the manifest for the LMS; the page itself does not stop the learner",
            ),
            _ => cx.diags.push(d),
        }
    }
    let mut index = None;
    let mut assets = Vec::new();
    for (path, bytes) in tree.files {
        if path == "index.html" {
            index = Some(String::from_utf8_lossy(&bytes).into_owned());
        } else if path.starts_with("assets/") {
            assets.push((path, bytes));
        }
        // key.html (the answer key) stays out of a learner's package.
    }
    let index =
        index.ok_or_else(|| EmitError::Other("the HTML emitter gave no index.html".into()))?;
    Ok(Page { index, assets })
}

/// The page's score bar counts what the LMS gets: open questions are graded
/// by a teacher, so the page data's `total` becomes the automatic maximum.
fn automatic_total(page: &str, max: f64) -> String {
    const OPEN: &str = "<script type=\"application/json\" id=\"quizc-data\">";
    let Some(start) = page.find(OPEN).map(|i| i + OPEN.len()) else {
        return page.to_string();
    };
    let Some(len) = page[start..].find("</script>") else {
        return page.to_string();
    };
    let Ok(mut data) = serde_json::from_str::<serde_json::Value>(&page[start..start + len]) else {
        return page.to_string();
    };
    if data.get("total").is_none() {
        return page.to_string();
    }
    data["total"] = serde_json::json!(max);
    format!(
        "{}{}{}",
        &page[..start],
        script_json(&data),
        &page[start + len..]
    )
}

/// Worst-case length of the adapter's `suspend_data` (see scorm.js `encode`):
/// every text field at its cap. Warns when it cannot fit the version's limit.
fn check_suspend_budget(quiz: &Quiz, p: &Profile, cx: &mut EmitCx) {
    let mut worst = 80usize;
    let mut open = 0;
    for q in quiz.questions() {
        // key, flags, interaction index
        worst += 16;
        worst += match &q.answer {
            Answer::MultipleChoice { choices } => 4 + choices.len(),
            Answer::MultipleAnswers { choices } => 4 + 2 * choices.len(),
            Answer::TrueFalse { .. } => 3,
            Answer::ShortAnswer { .. } | Answer::Numerical { .. } => 2 + 2 * p.text_max,
            Answer::Open { .. } => {
                open += 1;
                2 + p.open_max
            }
            Answer::Matching { pairs, .. } => 3 + 3 * pairs.len(),
            Answer::Blanks { blanks, .. } => 3 + blanks.len() * (3 + p.text_max),
            Answer::Ordering { items, .. } => 3 + 2 * items.len(),
        };
    }
    for item in &quiz.items {
        if let Item::Pool(pool) = item {
            worst += 8 + 4 * pool.questions.len();
        }
    }
    if worst > p.suspend_max {
        cx.warn(
            "scorm-suspend-data",
            Span::default(),
            format!(
                "{}'s suspend_data holds {} characters; this quiz's saved progress may need up to {worst} when every text answer is long{}: resuming then restores only part of it (open answers are dropped first)",
                p.title,
                p.suspend_max,
                if open > 0 && p.version == "1.2" { " (essays included)" } else { "" }
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_total_becomes_the_automatic_maximum() {
        let page = r#"<p></p><script type="application/json" id="quizc-data">{"total":9.0,"quiz":"q"}</script>"#;
        let out = automatic_total(page, 8.0);
        assert!(out.contains(r#""total":8.0"#), "{out}");
        assert!(out.starts_with("<p></p>") && out.ends_with("</script>"));
        assert_eq!(automatic_total("<p>no data</p>", 8.0), "<p>no data</p>");
    }
}
