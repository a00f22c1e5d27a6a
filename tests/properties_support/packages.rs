//! What every emitted file and package must be, whatever the author wrote.
//!
//! - XML (`.xml`, and every file of a package but HTML, CSS, JS and images)
//!   is well-formed for roxmltree; HTML and XML hold no control characters.
//! - HTML pages parse as HTML5 (html5ever never rejects a page, so the check
//!   is what the parse *built*): author text never became markup. The
//!   generator salts its text with `<x-evil>`, `"><x-evil a="`,
//!   `</script><script>x-evil()</script>`, `<img … onerror=x-evil()>`, `]]>`
//!   and `-->`; none of them may turn into an `x-evil` element or attribute,
//!   an event handler, or script code (in a script it stays inside a string
//!   literal, and the page's JSON data block still parses as JSON). The
//!   same holds for the HTML that Moodle (`format="html"`) and Canvas
//!   (`texttype="text/html"`) carry as escaped text inside their XML, and
//!   for QTI's XHTML, which is XML.
//! - Zips have safe relative entry names, and every file a manifest, a QTI
//!   test, a Canvas item or an HTML page points to is in the package.

use super::text::EVIL;
use quizc::config::Config;
use quizc::diag::Diagnostics;
use quizc::emit::{EMITTERS, EmitCx, Output, Tree};
use quizc::model::Quiz;
use std::collections::BTreeMap;

/// What one emitter made of one quiz: its files by path, and the tree to
/// zip when the output is a package (zipped only when checked: deflate is
/// slow in a debug build).
pub struct Emitted {
    pub format: &'static str,
    pub files: BTreeMap<String, Vec<u8>>,
    pub package: Option<Tree>,
}

/// Every emitter in `EMITTERS` on one quiz, the HTML site index included.
pub fn emit_all(quiz: &Quiz) -> Vec<Emitted> {
    let config = Config::default();
    let mut out = Vec::new();
    for emitter in EMITTERS {
        let mut cx = EmitCx {
            file: 0,
            config: &config,
            diags: Diagnostics::default(),
        };
        let format = emitter.name();
        let output = emitter
            .emit(quiz, &mut cx)
            .unwrap_or_else(|e| panic!("{format}: {e}"));
        let (mut files, package) = match output {
            Output::File { ext, bytes } => (
                BTreeMap::from([(format!("{}.{ext}", quiz.id), bytes)]),
                None,
            ),
            Output::Zip(tree) => (tree.files.clone(), Some(tree)),
            Output::Folder(tree) => (prefixed(&quiz.id, tree), None),
        };
        if let Some(site) = emitter.site(&[quiz], &config).expect("site") {
            files.extend(site.files);
        }
        out.push(Emitted {
            format,
            files,
            package,
        });
    }
    out
}

fn prefixed(dir: &str, tree: Tree) -> BTreeMap<String, Vec<u8>> {
    tree.files
        .into_iter()
        .map(|(p, b)| (format!("{dir}/{p}"), b))
        .collect()
}

fn kind(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("");
    match ext {
        "html" => "html",
        "json" => "json",
        "css" | "js" | "png" | "svg" | "jpg" | "gif" | "webp" => "other",
        _ => "xml",
    }
}

/// Every file parses as what it is, and no author text became markup.
pub fn check_files(e: &Emitted) -> Result<(), String> {
    for (path, bytes) in &e.files {
        let at = |what: String| format!("{}: {path}: {what}", e.format);
        match kind(path) {
            "xml" => {
                let text = std::str::from_utf8(bytes).map_err(|x| at(x.to_string()))?;
                let doc = roxmltree::Document::parse(text).map_err(|x| at(x.to_string()))?;
                check_xml(&doc).map_err(at)?;
            }
            "html" => {
                let text = std::str::from_utf8(bytes).map_err(|x| at(x.to_string()))?;
                check_page(text).map_err(at)?;
            }
            "json" => {
                serde_json::from_slice::<serde_json::Value>(bytes)
                    .map_err(|x| at(x.to_string()))?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// An HTML page: no control characters (parse errors in HTML5, NUL is
/// dropped or replaced) and no author text turned into markup.
pub fn check_page(text: &str) -> Result<(), String> {
    if let Some(c) = text.chars().find(|c| !quizc::render::is_xml_char(*c)) {
        return Err(format!("control character {c:?}"));
    }
    check_html(&scraper::Html::parse_document(text))
}

fn check_xml(doc: &roxmltree::Document) -> Result<(), String> {
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        if name.contains(EVIL) || node.attributes().any(|a| a.name().contains(EVIL)) {
            return Err(format!(
                "author text became the element or attribute of <{name}>"
            ));
        }
        if let Some(html) = embedded_html(&node) {
            check_html(&scraper::Html::parse_fragment(&html))
                .map_err(|why| format!("HTML inside <{name}>: {why}"))?;
        }
    }
    Ok(())
}

/// HTML carried as text: Moodle's `format="html"` fields (in a `<text>`
/// child or directly), Canvas's `mattext texttype="text/html"`.
fn embedded_html(node: &roxmltree::Node) -> Option<String> {
    let text_of =
        |n: &roxmltree::Node| -> String { n.children().filter_map(|c| c.text()).collect() };
    if node.attribute("texttype") == Some("text/html") {
        return Some(text_of(node));
    }
    if node.attribute("format") == Some("html") {
        let inner = node
            .children()
            .find(|c| c.tag_name().name() == "text")
            .map(|t| text_of(&t));
        return Some(inner.unwrap_or_else(|| text_of(node)));
    }
    None
}

fn check_html(doc: &scraper::Html) -> Result<(), String> {
    for node in doc.tree.nodes() {
        let Some(el) = scraper::ElementRef::wrap(node) else {
            continue;
        };
        let v = el.value();
        if v.name().contains(EVIL) {
            return Err(format!("author text became an element: <{}>", v.name()));
        }
        for (name, value) in v.attrs() {
            if name.contains(EVIL) || (name.starts_with("on") && value.contains(EVIL)) {
                return Err(format!("author text became an attribute: {name}={value:?}"));
            }
        }
        if v.name() == "script" {
            let code: String = el.text().collect();
            if v.attr("type") == Some("application/json") {
                serde_json::from_str::<serde_json::Value>(&code)
                    .map_err(|x| format!("the page's JSON data does not parse: {x}"))?;
            } else if outside_strings(&code).contains(EVIL) {
                return Err(format!(
                    "author text outside a string in a script: {code:.300}"
                ));
            }
        }
    }
    Ok(())
}

/// Script code with the contents of its string literals left out: author
/// text may be data in a script, never code.
fn outside_strings(code: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some(_) if c == '\\' => {
                chars.next();
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None => out.push(c),
        }
    }
    out
}

/// Zip entries are exactly the tree's files, under safe relative names.
pub fn check_zip(e: &Emitted) -> Result<(), String> {
    let Some(tree) = &e.package else {
        return Ok(());
    };
    let bytes = tree.to_zip().map_err(|x| format!("{}: {x}", e.format))?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice()))
        .map_err(|x| format!("{}: not a zip: {x}", e.format))?;
    let mut names = Vec::new();
    for i in 0..zip.len() {
        // The central directory only: names and sizes, nothing inflated.
        let entry = zip.by_index_raw(i).map_err(|x| x.to_string())?;
        let name = entry.name().map_err(|x| x.to_string())?.to_string();
        if let Some(why) = unsafe_entry_name(&name) {
            return Err(format!("{}: zip entry {name:?}: {why}", e.format));
        }
        if e.files.get(&name).map(|f| f.len() as u64) != Some(entry.size()) {
            return Err(format!(
                "{}: zip entry {name:?} is not the output's file",
                e.format
            ));
        }
        names.push(name);
    }
    if names.len() != e.files.len() {
        return Err(format!(
            "{}: {} zip entries for {} files",
            e.format,
            names.len(),
            e.files.len()
        ));
    }
    Ok(())
}

pub fn unsafe_entry_name(name: &str) -> Option<&'static str> {
    let b = name.as_bytes();
    if name.starts_with('/') {
        Some("absolute")
    } else if name.contains('\\') {
        Some("backslash")
    } else if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        Some("drive letter")
    } else if name.split('/').any(|s| s.is_empty()) {
        Some("empty segment")
    } else if name.split('/').any(|s| s == ".." || s == ".") {
        Some("dot segment")
    } else if name.chars().any(char::is_control) {
        Some("control character")
    } else {
        None
    }
}

/// Every file a package points to is in it: `imsmanifest.xml` (`file` and
/// `resource` hrefs, dependencies), QTI tests (item refs), Canvas content
/// (`$IMS-CC-FILEBASE$/…`), and the local images, styles and scripts of
/// every HTML page.
pub fn check_references(e: &Emitted) -> Result<(), String> {
    let exists = |path: &str| e.files.contains_key(path);
    for (path, bytes) in &e.files {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        let missing = |target: &str| format!("{}: {path} points to missing {target:?}", e.format);
        match kind(path) {
            "xml" => {
                let text = std::str::from_utf8(bytes).unwrap_or("");
                let Ok(doc) = roxmltree::Document::parse(text) else {
                    continue;
                };
                for target in xml_references(&doc, path == "imsmanifest.xml") {
                    let full = join(dir, &target);
                    if !exists(&full) {
                        return Err(missing(&full));
                    }
                }
                if path == "imsmanifest.xml" {
                    check_dependencies(&doc).map_err(|d| missing(&d))?;
                }
            }
            "html" => {
                let doc = scraper::Html::parse_document(std::str::from_utf8(bytes).unwrap_or(""));
                for target in html_references(&doc) {
                    let full = join(dir, &target);
                    if !exists(&full) {
                        return Err(missing(&full));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Relative paths (percent-decoded) an XML file points to.
fn xml_references(doc: &roxmltree::Document, manifest: bool) -> Vec<String> {
    let mut out = Vec::new();
    for node in doc.descendants() {
        if node.is_element() {
            let name = node.tag_name().name();
            let href = node.attribute("href");
            let wanted = match name {
                "file" | "resource" => manifest,
                "assessmentItemRef" | "qti-assessment-item-ref" => true,
                _ => false,
            };
            if let (true, Some(h)) = (wanted, href) {
                out.push(percent_decode(h));
            }
        }
        // Canvas content points at package files with this prefix, from
        // escaped HTML or attributes.
        let texts: Vec<&str> = node
            .text()
            .into_iter()
            .chain(node.attributes().map(|a| a.value()))
            .collect();
        for text in texts {
            for (i, _) in text.match_indices("$IMS-CC-FILEBASE$/") {
                let rest = &text[i + "$IMS-CC-FILEBASE$/".len()..];
                let end = rest
                    .find(['"', '\'', '<', '>', ' ', ')'])
                    .unwrap_or(rest.len());
                // From the package root, whichever file holds the reference.
                out.push(format!("/{}", percent_decode(&rest[..end])));
            }
        }
    }
    out
}

/// Every `dependency identifierref` names a resource of the manifest.
fn check_dependencies(doc: &roxmltree::Document) -> Result<(), String> {
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "resource")
        .filter_map(|n| n.attribute("identifier"))
        .collect();
    for dep in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "dependency")
    {
        let r = dep.attribute("identifierref").unwrap_or("");
        if !ids.contains(&r) {
            return Err(format!("resource {r}"));
        }
    }
    Ok(())
}

/// Local images, styles and scripts of a page (links are the author's).
fn html_references(doc: &scraper::Html) -> Vec<String> {
    let mut out = Vec::new();
    for node in doc.tree.nodes() {
        let Some(el) = scraper::ElementRef::wrap(node) else {
            continue;
        };
        let v = el.value();
        let target = match v.name() {
            "img" | "script" | "source" => v.attr("src"),
            "link" => v.attr("href"),
            _ => None,
        };
        if let Some(t) = target.filter(|t| is_local(t)) {
            out.push(percent_decode(t.split(['#', '?']).next().unwrap_or("")));
        }
    }
    out
}

fn is_local(url: &str) -> bool {
    let scheme = url.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    !url.is_empty() && !scheme && !url.starts_with(['#', '/'])
}

/// `dir` + a relative path, `..` and `.` resolved; a path starting with `/`
/// is from the package root.
fn join(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = match rel.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => dir.split('/').filter(|s| !s.is_empty()).collect(),
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
