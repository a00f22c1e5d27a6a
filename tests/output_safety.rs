//! Safety of what quizc emits: hostile author content
//! (`tests/fixtures/safety/hostile.md`: `<script>`, `on…` attributes,
//! `javascript:` links in every disguise, `</script>` and `<!--` in every
//! place author text reaches) goes through every format, and nothing in any
//! output can run it. Pages hold only their own scripts, author markup never
//! becomes an element or an attribute, no URL runs script, the page's inline
//! JSON cannot be left, and a refused link is a diagnostic at its place.

#[path = "safety_support/markup.rs"]
mod markup;
mod safety_support;

use markup::{URL_ATTRIBUTES, count_ci, find_ci, is_scripted_url, script_bodies, start_tags};
use safety_support::{OutputFile, build_all, quizc, read_outputs, root, scratch};
use std::sync::OnceLock;

/// Every output of the hostile fixture in every format, built once.
fn outputs() -> &'static [OutputFile] {
    static OUTPUTS: OnceLock<Vec<OutputFile>> = OnceLock::new();
    OUTPUTS.get_or_init(|| {
        let out = scratch("hostile");
        build_all(root(), &root().join("tests/fixtures/safety"), &out);
        read_outputs(&out)
    })
}

fn output(name: &str) -> String {
    outputs()
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("{name} was not built"))
        .text()
}

/// Elements that run, load or restyle something.
const POWERFUL: &[&str] = &[
    "script", "style", "meta", "base", "link", "iframe", "frame", "frameset", "object", "embed",
    "applet", "svg", "form", "template", "noscript",
];

const PRACTICE_PAGE: &[(&str, usize)] =
    &[("script", 3), ("style", 1), ("meta", 4), ("noscript", 1)];
const SCORM_PAGE: &[(&str, usize)] = &[("script", 4), ("style", 1), ("meta", 4), ("noscript", 1)];
const STATIC_PAGE: &[(&str, usize)] = &[("style", 1), ("meta", 4)];

/// The pages quizc writes, and the powerful elements their templates hold
/// (the JSON data block counts as a script): author content adds none.
fn pages() -> Vec<(&'static str, &'static [(&'static str, usize)])> {
    vec![
        ("html/index.html", STATIC_PAGE),
        ("html/hostile/index.html", PRACTICE_PAGE),
        ("html/hostile/key.html", STATIC_PAGE),
        ("scorm12/hostile.zip!index.html", SCORM_PAGE),
        ("scorm2004/hostile.zip!index.html", SCORM_PAGE),
    ]
}

/// What is wrong with the markup of one document or fragment.
fn problems(doc: &str, html: &str, own: &[(&str, usize)]) -> Vec<String> {
    let tags = start_tags(html);
    let mut found = Vec::new();
    for name in POWERFUL {
        let count = tags.iter().filter(|t| t.name == *name).count();
        let expected = own.iter().find(|(n, _)| n == name).map_or(0, |(_, n)| *n);
        if count != expected {
            found.push(format!(
                "{doc}: {count} <{name}> elements, expected {expected}"
            ));
        }
    }
    for tag in &tags {
        for (attr, value) in &tag.attrs {
            attribute_problems(doc, &tag.name, attr, value, &mut found);
        }
    }
    found
}

fn attribute_problems(doc: &str, tag: &str, attr: &str, value: &str, found: &mut Vec<String>) {
    let lower = value.to_ascii_lowercase();
    if attr.starts_with("on") {
        found.push(format!(
            "{doc}: <{tag} {attr}=\"{value}\">: an event handler"
        ));
    } else if URL_ATTRIBUTES.contains(&attr) && is_scripted_url(value) {
        found.push(format!("{doc}: <{tag} {attr}=\"{value}\">: a scripted URL"));
    } else if attr == "style"
        && ["url(", "expression(", "javascript:"]
            .iter()
            .any(|s| lower.contains(s))
    {
        found.push(format!("{doc}: <{tag} style=\"{value}\">: a loading style"));
    } else if attr == "http-equiv" && lower != "content-security-policy" {
        found.push(format!("{doc}: <{tag} http-equiv=\"{value}\">"));
    }
}

/// An XML output's own elements (QTI item bodies are XHTML in place) and
/// the HTML it carries as text (Moodle `format="html"` texts, Canvas
/// `text/html` mattext and descriptions), each checked like a page.
fn xml_problems(doc: &str, xml: &str, fragments: &mut usize) -> Vec<String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let tree = roxmltree::Document::parse_with_options(xml, options)
        .unwrap_or_else(|e| panic!("{doc} is not XML: {e}"));
    let mut found = Vec::new();
    for node in tree.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        if POWERFUL.contains(&name) {
            found.push(format!("{doc}: a <{name}> element"));
        }
        for a in node.attributes() {
            attribute_problems(
                doc,
                name,
                &a.name().to_ascii_lowercase(),
                a.value(),
                &mut found,
            );
        }
        let html = if node.attribute("format") == Some("html") {
            node.children()
                .find(|c| c.has_tag_name("text"))
                .and_then(|t| t.text())
        } else if (name == "mattext" && node.attribute("texttype") == Some("text/html"))
            || (name == "description" && doc.contains("canvas"))
        {
            node.text()
        } else {
            None
        };
        if let Some(html) = html {
            *fragments += 1;
            let label = format!("{doc} <{name}>");
            found.extend(problems(&label, html, &[]));
        }
    }
    found
}

#[test]
fn author_markup_never_becomes_an_element_or_attribute_in_any_format() {
    let mut found = Vec::new();
    for (name, own) in pages() {
        found.extend(problems(name, &output(name), own));
    }
    let mut fragments = 0;
    let mut xml_documents = 0;
    for file in outputs().iter().filter(|f| f.name.ends_with(".xml")) {
        xml_documents += 1;
        found.extend(xml_problems(&file.name, &file.text(), &mut fragments));
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
    // Moodle, Canvas, two QTI versions, two SCORM manifests: all were read.
    assert!(xml_documents >= 25, "only {xml_documents} XML documents");
    assert!(fragments >= 40, "only {fragments} HTML fragments in XML");
}

#[test]
fn author_text_is_shown_as_the_author_wrote_it() {
    let shown = "&lt;/script&gt;&lt;script&gt;alert('stem')&lt;/script&gt; &lt;img src=x onerror=alert('stem')&gt;";
    for page in [
        "html/hostile/index.html",
        "html/hostile/key.html",
        "scorm12/hostile.zip!index.html",
    ] {
        assert!(output(page).contains(shown), "{page}");
    }
    let title = "<title>Evil &lt;/title&gt;&lt;/script&gt;&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &quot; onmouseover=alert(1) x=&quot;</title>";
    assert!(output("html/hostile/index.html").contains(title));
    // In XML the same text is escaped once more, or sits in CDATA as HTML.
    assert!(output("moodle/hostile.xml").contains(&format!("<![CDATA[<p>Stem {shown} x</p>]]>")));
    assert!(output("qti21/hostile.zip!items/mc.xml").contains(&format!("<p>Stem {shown} x</p>")));
    // A safe link stays a link; its title cannot leave its attribute.
    assert!(output("html/hostile/index.html").contains(
        "<a href=\"https://example.org/?q=1&amp;r=2\" title=\"x&quot; onmouseover=&quot;alert('link title')\">a page</a>"
    ));
    // TeX links to script are taken out before any MathJax sees them.
    for file in outputs() {
        let text: String = file.text().chars().filter(|c| !c.is_whitespace()).collect();
        for bad in ["href{javascript", "url{javascript"] {
            assert!(find_ci(&text, bad).is_none(), "{}: {bad}", file.name);
        }
    }
    assert!(
        output("moodle/hostile.xml")
            .contains(r"and \({x^2}\) and \[\] and \(\href{https://example.org}{y}\)")
    );
    // A refused link keeps its text, unlinked.
    assert!(output("html/hostile/index.html").contains("Links: plain mixed case\nentity tab"));
}

#[test]
fn pages_run_only_their_own_scripts() {
    for (name, own) in pages() {
        let page = output(name);
        let scripts = own
            .iter()
            .find(|(n, _)| *n == "script")
            .map_or(0, |(_, n)| *n);
        assert_eq!(count_ci(&page, "<script"), scripts, "{name}: <script");
        assert_eq!(count_ci(&page, "</script"), scripts, "{name}: </script");
        for (open, body) in script_bodies(&page) {
            // `<!--` or `<script` would put the HTML parser in the script
            // data escape states, where `</script>` no longer ends the script.
            for bad in ["<!--", "<script", "\u{2028}", "\u{2029}"] {
                assert!(
                    find_ci(&body, bad).is_none(),
                    "{name}: {open} holds {bad:?}"
                );
            }
        }
    }
}

#[test]
fn inline_json_holds_author_text_intact() {
    for name in [
        "html/hostile/index.html",
        "scorm2004/hostile.zip!index.html",
    ] {
        let page = output(name);
        let (_, data) = script_bodies(&page)
            .into_iter()
            .find(|(open, _)| open.contains("quizc-data"))
            .expect("the page data");
        let data: serde_json::Value = serde_json::from_str(&data).expect("the data is JSON");
        let accepted: Vec<&str> = data["questions"]["sa"]["accepted"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["text"].as_str().unwrap())
            .collect();
        assert_eq!(
            accepted,
            [
                "</script><script>alert('accepted')</script>",
                "<!--<script>",
                "line\u{2028}sep\u{2029}arator"
            ],
            "{name}"
        );
    }
    let page = output("scorm2004/hostile.zip!index.html");
    let (_, adapter) = script_bodies(&page)
        .into_iter()
        .find(|(_, body)| body.contains("window.quizcScormConfig = "))
        .expect("the SCORM adapter");
    let start =
        adapter.find("window.quizcScormConfig = ").unwrap() + "window.quizcScormConfig = ".len();
    let config = &adapter[start..adapter.find(";\nwindow.quizcScormCss").unwrap()];
    let config: serde_json::Value = serde_json::from_str(config).expect("the config is JSON");
    assert_eq!(
        config["questions"]["sa"]["correct"][0],
        "</script><script>alert('accepted')</script>"
    );
}

/// Every page's one Content-Security-Policy, before anything it governs.
fn policy(name: &str, page: &str) -> Vec<(String, String)> {
    let metas: Vec<String> = start_tags(page)
        .into_iter()
        .filter(|t| {
            t.attrs.iter().any(|(a, v)| {
                a == "http-equiv" && v.eq_ignore_ascii_case("content-security-policy")
            })
        })
        .map(|t| t.attrs.into_iter().find(|(a, _)| a == "content").unwrap().1)
        .collect();
    assert_eq!(metas.len(), 1, "{name}: one policy");
    let at = page.find("Content-Security-Policy").unwrap();
    assert!(
        at < page.find("<style").unwrap(),
        "{name}: the policy comes first"
    );
    metas[0]
        .split(';')
        .map(|d| {
            let (name, sources) = d.trim().split_once(' ').unwrap();
            (name.to_string(), sources.to_string())
        })
        .collect()
}

/// `'sha256-…'` of a script's text, as CSP writes it.
fn script_hash(body: &str) -> String {
    use sha2::{Digest, Sha256};
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let digest = Sha256::digest(body.as_bytes());
    let mut out = String::new();
    for c in digest.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            out.push(if i <= c.len() {
                B64[(n >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    format!("'sha256-{out}'")
}

#[test]
fn every_page_sends_a_policy_that_runs_only_its_own_scripts() {
    for (name, _) in pages() {
        let page = output(name);
        let policy = policy(name, &page);
        let directives: Vec<&str> = policy.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(
            directives,
            [
                "default-src",
                "script-src",
                "style-src",
                "img-src",
                "base-uri",
                "form-action"
            ],
            "{name}"
        );
        let sources = |d: &str| policy.iter().find(|(n, _)| n == d).unwrap().1.clone();
        assert_eq!(sources("default-src"), "'none'");
        assert_eq!(sources("style-src"), "'unsafe-inline'");
        assert_eq!(sources("img-src"), "'self'");
        assert_eq!(sources("base-uri"), "'none'");
        assert_eq!(sources("form-action"), "'none'");
        // Scripts by the hash of each script the page runs; never by
        // 'unsafe-inline', never from anywhere.
        let mut runs: Vec<String> = script_bodies(&page)
            .iter()
            .filter(|(open, _)| !open.contains("application/json"))
            .map(|(_, body)| script_hash(body))
            .collect();
        if runs.is_empty() {
            runs.push("'none'".into());
        }
        assert_eq!(sources("script-src"), runs.join(" "), "{name}");
    }
}

/// Where the fixture's 19 unsafe links are (line, column); two are TeX's
/// `\href` and `\url`, which MathJax on an LMS would make links.
const REFUSED_LINKS: &[(u64, u64)] = &[
    (20, 8),
    (20, 43),
    (21, 1),
    (21, 43),
    (22, 1),
    (22, 37),
    (23, 1),
    (23, 44),
    (24, 1),
    (24, 68),
    (25, 1),
    (25, 28),
    (40, 5),
    (40, 53),
    (50, 80),
    (52, 56),
    (57, 67),
    (93, 8),
    (103, 86),
];

#[test]
fn unsafe_links_are_refused_with_a_diagnostic_at_the_link() {
    let out = quizc(
        root(),
        &["check", "--message-format", "json", "tests/fixtures/safety"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let refused: Vec<(u64, u64)> = stderr
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|d| d["code"] == "unsafe-link")
        .map(|d| {
            assert_eq!(d["severity"], "warning");
            assert!(d["help"].as_str().unwrap().contains("https:"));
            (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(refused, REFUSED_LINKS);
}

#[test]
fn images_from_script_or_data_urls_are_errors() {
    let dir = scratch("image-urls");
    for (i, src) in [
        "javascript:alert(1)",
        "data:image/svg+xml;base64,PHN2Zz4=",
        "vbscript:x",
    ]
    .iter()
    .enumerate()
    {
        let quiz =
            format!("## Q · True / False\n\n![a picture]({src})\n\n- [x] True\n- [ ] False\n");
        std::fs::write(dir.join(format!("q{i}.md")), quiz).unwrap();
        let out = quizc(
            &dir,
            &["check", "--message-format", "short", &format!("q{i}.md")],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{src}");
        assert!(
            stderr.contains("error[image-absolute-path]"),
            "{src}: {stderr}"
        );
    }
}
