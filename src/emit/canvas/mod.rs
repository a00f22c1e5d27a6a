//! `--format canvas` (alias `qti12`): a Canvas QTI 1.2 quiz package, laid out
//! as Canvas itself exports quizzes, for *Import Course Content → QTI .zip*.
//!
//! ```text
//! <quiz-id>.zip
//! ├── imsmanifest.xml               QTI resource + assessment_meta dependency + images
//! └── <quiz-id>/
//!     ├── <quiz-id>.xml             questestinterop > assessment > section > item*
//!     ├── assessment_meta.xml       Canvas quiz settings (cccv1p0 `quiz`)
//!     └── files/<asset>             images, referenced as $IMS-CC-FILEBASE$/<quiz-id>/files/…
//! ```
//!
//! Pools become Canvas question groups (a nested `section` with
//! `selection_number` and `points_per_item`). Whatever Canvas cannot carry is
//! a warning naming the question; see `docs/formats/canvas.md`.

mod content;
mod item;
mod parts;
mod resp;
mod xml;

use super::{EmitCx, EmitError, Emitter, Output, Tree};
use crate::model::{ExactDecimal, FeedbackMode, Item, Question, Quiz, Span};
use content::Content;
use item::ItemInfo;
use rayon::prelude::*;
use xml::Xml;

pub struct Canvas;

const QTI_NS: &str = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2";
const QTI_LOCATION: &str =
    "http://www.imsglobal.org/xsd/ims_qtiasiv1p2 http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd";
const CANVAS_NS: &str = "http://canvas.instructure.com/xsd/cccv1p0";
const CANVAS_LOCATION: &str =
    "http://canvas.instructure.com/xsd/cccv1p0 https://canvas.instructure.com/xsd/cccv1p0.xsd";
const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// Canvas caps quiz and question titles at 255 characters.
const MAX_TITLE: usize = 255;

impl Emitter for Canvas {
    fn name(&self) -> &'static str {
        "canvas"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["qti12"]
    }

    fn description(&self) -> &'static str {
        "Canvas QTI 1.2 quiz package (.zip) for Import Course Content"
    }

    fn emit(&self, quiz: &Quiz, cx: &mut EmitCx) -> Result<Output, EmitError> {
        let options = Options::new(quiz, cx);
        let files_dir = format!("{}/files", quiz.id);
        let mut content = Content::new(&files_dir);
        quiz_warnings(quiz, &mut content);
        let assessment = assessment_xml(quiz, &options, &mut content);
        let description = description_html(quiz, &mut content);
        let meta = meta_xml(quiz, &description);
        for (code, span, message) in content.warnings.drain(..) {
            cx.warn(code, span, message);
        }

        let mut tree = Tree::new();
        let mut images = Vec::new();
        for asset in &quiz.assets {
            let path = format!("{files_dir}/{}", asset.name);
            tree.insert(path.clone(), asset.data.to_vec());
            images.push(path);
        }
        tree.insert("imsmanifest.xml", manifest_xml(quiz, &images));
        tree.insert(format!("{0}/{0}.xml", quiz.id), assessment);
        tree.insert(format!("{}/assessment_meta.xml", quiz.id), meta);
        Ok(Output::Zip(tree))
    }
}

/// Quiz-wide settings the items need, and `[format.canvas]` in quizc.toml.
struct Options {
    /// The quiz's `shuffle`: Canvas's `shuffle_answers` for every question.
    shuffle: bool,
    /// `model_answer_feedback = true`: an open question's `Answer:` block is
    /// appended to its general feedback (shown after submission).
    model_answer_feedback: bool,
}

impl Options {
    fn new(quiz: &Quiz, cx: &EmitCx) -> Options {
        let table = cx.config.format.get("canvas");
        let flag = |key: &str| {
            table
                .and_then(|t| t.get(key))
                .and_then(|v| v.as_bool())
                .unwrap_or(false)
        };
        Options {
            shuffle: quiz.settings.shuffle,
            model_answer_feedback: flag("model_answer_feedback"),
        }
    }
}

fn quiz_warnings(quiz: &Quiz, content: &mut Content) {
    let s = &quiz.settings;
    let span = Span::default();
    if s.shuffle_questions {
        content.warn(
            "canvas-shuffle-questions",
            span,
            "Canvas Classic Quizzes cannot shuffle question order: `shuffle_questions` is not \
             carried (a pool with pick = all questions draws them in random order)",
        );
    }
    if s.pass.is_some() {
        content.warn(
            "canvas-pass",
            span,
            "Canvas quizzes have no pass mark: `pass` is not carried",
        );
    }
    let tagged = quiz.questions().filter(|q| !q.tags.is_empty()).count();
    if !s.tags.is_empty() || tagged > 0 {
        content.warn(
            "canvas-tags",
            span,
            format!(
                "Canvas quizzes and questions have no tags: the quiz's tags and those of \
                 {tagged} question(s) are not carried"
            ),
        );
    }
}

/// The LMS question name: the title, else "Q<n> – <first words of the stem>".
fn question_title(q: &Question, number: usize) -> String {
    let title = match q.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t.to_string(),
        None => {
            let stem = q.stem.plain_text();
            let words: Vec<&str> = stem.split_whitespace().take(8).collect();
            let mut title = format!("Q{number} – {}", words.join(" "));
            if stem.split_whitespace().count() > 8 {
                title.push('…');
            }
            title
        }
    };
    truncate(&title, MAX_TITLE)
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => text[..i].to_string(),
        None => text.to_string(),
    }
}

/// Item and group idents: the model id, scoped by the quiz id so that two
/// quizzes imported into one course never share Canvas migration ids, and
/// made unique within the package.
struct Idents<'q> {
    quiz: &'q str,
    used: std::collections::BTreeSet<String>,
}

impl<'q> Idents<'q> {
    fn new(quiz: &'q Quiz) -> Self {
        Idents {
            quiz: &quiz.id,
            used: std::collections::BTreeSet::new(),
        }
    }

    fn ident(&mut self, id: &str) -> String {
        let base = if id.starts_with(&format!("{}-", self.quiz)) {
            id.to_string()
        } else {
            format!("{}-{id}", self.quiz)
        };
        let mut ident = base.clone();
        let mut n = 2;
        while !self.used.insert(ident.clone()) {
            ident = format!("{base}-{n}");
            n += 1;
        }
        ident
    }
}

fn points_of(x: f64) -> ExactDecimal {
    ExactDecimal::from_f64(x).unwrap_or(ExactDecimal::ZERO)
}

fn assessment_xml(quiz: &Quiz, options: &Options, content: &mut Content) -> Vec<u8> {
    let mut xml = Xml::new();
    xml.open(
        "questestinterop",
        &[
            ("xmlns", QTI_NS),
            ("xmlns:xsi", XSI_NS),
            ("xsi:schemaLocation", QTI_LOCATION),
        ],
    );
    let title = truncate(&quiz.title, MAX_TITLE);
    xml.open("assessment", &[("ident", &quiz.id), ("title", &title)]);
    xml.open("qtimetadata", &[]);
    let mut field = |label: &str, entry: &str| {
        xml.open("qtimetadatafield", &[]);
        xml.text("fieldlabel", &[], label);
        xml.text("fieldentry", &[], entry);
        xml.close("qtimetadatafield");
    };
    if let Some(minutes) = quiz.settings.time_limit {
        field("qmd_timelimit", &minutes.to_string());
    }
    let attempts = quiz
        .settings
        .attempts
        .map_or("unlimited".to_string(), |n| n.to_string());
    field("cc_maxattempts", &attempts);
    xml.close("qtimetadata");
    xml.open("section", &[("ident", "root_section")]);
    // Items are independent: the idents and numbers are fixed in source
    // order first, then every item is written in parallel at its depth and
    // the pieces are joined in order, giving the same bytes as one pass.
    let parts = plan_parts(quiz);
    // Batches bound the memory: one batch of pieces exists beside the document.
    for batch in parts.chunks(512) {
        let rendered: Vec<(Vec<u8>, Vec<content::Pending>)> = batch
            .par_iter()
            .map(|part| render_part(part, options, content))
            .collect();
        for (part, (bytes, warnings)) in batch.iter().zip(rendered) {
            content.warnings.extend(warnings);
            match part {
                Part::PoolOpen {
                    ident,
                    title,
                    pick,
                    per_item,
                } => {
                    xml.open("section", &[("ident", ident), ("title", title)]);
                    xml.open("selection_ordering", &[]);
                    xml.open("selection", &[]);
                    xml.text("selection_number", &[], pick);
                    xml.open("selection_extension", &[]);
                    xml.text("points_per_item", &[], per_item);
                    xml.close("selection_extension");
                    xml.close("selection");
                    xml.close("selection_ordering");
                }
                Part::PoolClose => xml.close("section"),
                Part::Question { .. } | Part::Text { .. } => xml.raw(&bytes),
            }
        }
    }
    xml.close("section");
    xml.close("assessment");
    xml.close("questestinterop");
    xml.finish()
}

/// One piece of the assessment's root section, in source order.
enum Part<'q> {
    Question {
        q: &'q Question,
        ident: String,
        number: usize,
        points: ExactDecimal,
        /// Element depth of the `<item>`: 3 in the root section, 4 in a pool.
        depth: usize,
    },
    Text {
        block: &'q crate::model::TextBlock,
        ident: String,
        title: String,
    },
    PoolOpen {
        ident: String,
        title: String,
        pick: String,
        per_item: String,
    },
    PoolClose,
}

fn plan_parts(quiz: &Quiz) -> Vec<Part<'_>> {
    let mut idents = Idents::new(quiz);
    let mut number = 0;
    let mut parts = Vec::new();
    for item in &quiz.items {
        match item {
            Item::Question(q) => {
                number += 1;
                parts.push(Part::Question {
                    q,
                    ident: idents.ident(&q.id),
                    number,
                    points: points_of(q.points),
                    depth: 3,
                });
            }
            Item::Pool(pool) => {
                parts.push(Part::PoolOpen {
                    ident: idents.ident(&pool.id),
                    title: truncate(&pool.title, MAX_TITLE),
                    pick: pool.pick.to_string(),
                    per_item: points_of(pool.points).plain_with_point(),
                });
                for q in &pool.questions {
                    number += 1;
                    parts.push(Part::Question {
                        q,
                        ident: idents.ident(&q.id),
                        number,
                        points: points_of(pool.points),
                        depth: 4,
                    });
                }
                parts.push(Part::PoolClose);
            }
            Item::Text(block) => {
                let title = block
                    .title
                    .as_deref()
                    .map(|t| truncate(t, MAX_TITLE))
                    .unwrap_or_else(|| "Text".to_string());
                parts.push(Part::Text {
                    block,
                    ident: idents.ident(&block.id),
                    title,
                });
            }
        }
    }
    parts
}

/// The XML of one question or Text block, and its warnings.
fn render_part(
    part: &Part,
    options: &Options,
    shared: &Content,
) -> (Vec<u8>, Vec<content::Pending>) {
    let mut content = shared.fork();
    let bytes = match part {
        Part::Question {
            q,
            ident,
            number,
            points,
            depth,
        } => {
            let mut xml = Xml::fragment(*depth);
            write_question(&mut xml, q, ident, *number, *points, options, &mut content);
            xml.finish_fragment()
        }
        Part::Text {
            block,
            ident,
            title,
        } => {
            content.set_label(format!("Text block \"{title}\""));
            let mut xml = Xml::fragment(3);
            item::write_text_block(&mut xml, block, ident, title, &mut content);
            xml.finish_fragment()
        }
        Part::PoolOpen { .. } | Part::PoolClose => Vec::new(),
    };
    (bytes, content.warnings)
}

fn write_question(
    xml: &mut Xml,
    q: &Question,
    ident: &str,
    number: usize,
    points: ExactDecimal,
    options: &Options,
    content: &mut Content,
) {
    let title = question_title(q, number);
    content.set_label(format!("Question {number} ({title})"));
    if q.shuffle != options.shuffle && q.answer.choices().is_some() {
        content.warn(
            "canvas-shuffle",
            q.span,
            format!(
                "Canvas shuffles answers for the whole quiz (`shuffle: {}`): this question's \
                 `shuffle={}` is not carried",
                options.shuffle, q.shuffle
            ),
        );
    }
    let info = ItemInfo {
        ident,
        title: &title,
        points,
        model_answer_in_feedback: options.model_answer_feedback,
    };
    item::write_question(xml, q, &info, content);
}

/// The quiz's `points_possible`: every question's points (essays included,
/// as Canvas counts them), pools as pick × points, summed in decimal.
pub fn points_possible(quiz: &Quiz) -> ExactDecimal {
    let mut total = ExactDecimal::ZERO;
    for item in &quiz.items {
        let add = match item {
            Item::Question(q) => points_of(q.points),
            Item::Pool(p) => ExactDecimal::from_u32(p.pick)
                .checked_mul(points_of(p.points))
                .unwrap_or(ExactDecimal::ZERO),
            Item::Text(_) => ExactDecimal::ZERO,
        };
        total = total.checked_add(add).unwrap_or(total);
    }
    total
}

fn description_html(quiz: &Quiz, content: &mut Content) -> String {
    content.set_label("Quiz description".into());
    if quiz.intro.is_empty() {
        if quiz.description.trim().is_empty() {
            return String::new();
        }
        return content.html(
            &crate::model::Rich::text(quiz.description.clone()),
            Span::default(),
        );
    }
    content.html(&quiz.intro, Span::default())
}

fn meta_xml(quiz: &Quiz, description: &str) -> Vec<u8> {
    let s = &quiz.settings;
    let mut xml = Xml::new();
    xml.open(
        "quiz",
        &[
            ("identifier", &quiz.id),
            ("xmlns", CANVAS_NS),
            ("xmlns:xsi", XSI_NS),
            ("xsi:schemaLocation", CANVAS_LOCATION),
        ],
    );
    let title = truncate(&quiz.title, MAX_TITLE);
    let points = points_possible(quiz).plain_with_point();
    let bool_text = |b: bool| if b { "true" } else { "false" };
    xml.text("title", &[], &title);
    xml.text("description", &[], description);
    xml.text("shuffle_answers", &[], bool_text(s.shuffle));
    xml.text("scoring_policy", &[], "keep_highest");
    xml.text("quiz_type", &[], "assignment");
    xml.text("points_possible", &[], &points);
    xml.text(
        "show_correct_answers",
        &[],
        bool_text(s.feedback != FeedbackMode::None),
    );
    if let Some(minutes) = s.time_limit {
        xml.text("time_limit", &[], &minutes.to_string());
    }
    let attempts = s.attempts.map_or("-1".to_string(), |n| n.to_string());
    xml.text("allowed_attempts", &[], &attempts);
    xml.text("one_question_at_a_time", &[], "false");
    xml.text("cant_go_back", &[], "false");
    xml.text("available", &[], "false");
    let assignment_id = format!("{}-assignment", quiz.id);
    xml.open("assignment", &[("identifier", &assignment_id)]);
    xml.text("title", &[], &title);
    xml.text("quiz_identifierref", &[], &quiz.id);
    xml.text("points_possible", &[], &points);
    xml.text("grading_type", &[], "points");
    xml.text("submission_types", &[], "online_quiz");
    xml.close("assignment");
    xml.close("quiz");
    xml.finish()
}

fn manifest_xml(quiz: &Quiz, images: &[String]) -> Vec<u8> {
    let mut xml = Xml::new();
    let manifest_id = format!("{}-manifest", quiz.id);
    xml.open(
        "manifest",
        &[
            ("identifier", &manifest_id),
            ("xmlns", "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"),
            ("xmlns:imsmd", "http://www.imsglobal.org/xsd/imsmd_v1p2"),
            ("xmlns:xsi", XSI_NS),
            (
                "xsi:schemaLocation",
                "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1 \
                 http://www.imsglobal.org/xsd/imscp_v1p1.xsd \
                 http://www.imsglobal.org/xsd/imsmd_v1p2 \
                 http://www.imsglobal.org/xsd/imsmd_v1p2p2.xsd",
            ),
        ],
    );
    xml.open("metadata", &[]);
    xml.text("schema", &[], "IMS Content");
    xml.text("schemaversion", &[], "1.1.3");
    xml.open("imsmd:lom", &[]);
    xml.open("imsmd:general", &[]);
    xml.open("imsmd:title", &[]);
    xml.text("imsmd:string", &[], &truncate(&quiz.title, MAX_TITLE));
    xml.close("imsmd:title");
    xml.close("imsmd:general");
    xml.close("imsmd:lom");
    xml.close("metadata");
    xml.empty("organizations", &[]);
    xml.open("resources", &[]);
    let meta_id = format!("{}-meta", quiz.id);
    let qti_href = format!("{0}/{0}.xml", quiz.id);
    let meta_href = format!("{}/assessment_meta.xml", quiz.id);
    xml.open(
        "resource",
        &[("identifier", &quiz.id), ("type", "imsqti_xmlv1p2")],
    );
    xml.empty("file", &[("href", &qti_href)]);
    xml.empty("dependency", &[("identifierref", &meta_id)]);
    xml.close("resource");
    xml.open(
        "resource",
        &[
            ("identifier", &meta_id),
            (
                "type",
                "associatedcontent/imscc_xmlv1p1/learning-application-resource",
            ),
            ("href", &meta_href),
        ],
    );
    xml.empty("file", &[("href", &meta_href)]);
    xml.close("resource");
    for (i, path) in images.iter().enumerate() {
        let id = format!("{}-file{}", quiz.id, i + 1);
        xml.open(
            "resource",
            &[("identifier", &id), ("type", "webcontent"), ("href", path)],
        );
        xml.empty("file", &[("href", path)]);
        xml.close("resource");
    }
    xml.close("resources");
    xml.close("manifest");
    xml.finish()
}
