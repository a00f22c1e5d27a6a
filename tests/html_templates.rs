//! A `templates/` folder beside quizc.toml overrides the embedded defaults
//! file by file: theme CSS, page templates and UI catalogs.

mod html_fixtures;

use html_fixtures::*;
use quizc::config::Config;
use quizc::diag::Diagnostics;
use quizc::emit::{EmitCx, Output};

#[test]
fn user_templates_override_the_defaults_file_by_file() {
    let root = std::env::temp_dir().join(format!("quizc-html-templates-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("templates/html")).unwrap();
    std::fs::create_dir_all(root.join("templates/i18n")).unwrap();
    std::fs::write(root.join("quizc.toml"), "[quiz]\nlang = \"nl\"\n").unwrap();
    std::fs::write(
        root.join("templates/html/quiz.css"),
        ":root { --quizc-accent: rebeccapurple; }\n",
    )
    .unwrap();
    std::fs::write(
        root.join("templates/i18n/nl.toml"),
        "check = \"Controleer\"\nscore = \"Punten: {score} / {total}\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("templates/html/index.html"),
        "{% for q in quizzes %}<a href=\"{{ q.href }}\">{{ q.title }}</a>{% endfor %}\n",
    )
    .unwrap();

    let config = Config::load(&root.join("quizc.toml")).unwrap();
    let mut quiz = quiz(
        "mine",
        "Mine",
        vec![quizc::model::Item::Question(short_answer())],
    );
    quiz.settings.lang = "nl".into();
    let mut cx = EmitCx {
        file: 0,
        config: &config,
        diags: Diagnostics::default(),
    };
    let html = quizc::emit::find("html").unwrap();
    let Output::Folder(tree) = html.emit(&quiz, &mut cx).unwrap() else {
        panic!("html gives a folder");
    };
    let page = String::from_utf8(tree.get("index.html").unwrap().to_vec()).unwrap();
    assert!(
        page.contains("--quizc-accent: rebeccapurple"),
        "the user's CSS"
    );
    assert!(
        !page.contains("--quizc-correct-soft"),
        "the default CSS is replaced"
    );
    assert!(page.contains(">Controleer</button>"), "the user's catalog");
    assert!(page.contains("Punten: 0 / 1"));
    assert!(
        page.contains(">Reset quiz</button>"),
        "missing keys fall back to English"
    );
    assert!(page.contains("QuizcGrading"), "the default runtime stays");
    assert!(cx.diags.items.is_empty(), "{:?}", cx.diags.items);

    let site = html.site(&[&quiz], &config).unwrap().unwrap();
    let index = String::from_utf8(site.get("index.html").unwrap().to_vec()).unwrap();
    // A template without a `<head>` still gets its policy, first.
    let (policy, body) = index.split_once('\n').unwrap();
    assert!(
        policy.starts_with("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'none';"),
        "{policy}"
    );
    assert_eq!(body.trim_end(), "<a href=\"mine/index.html\">Mine</a>");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_language_without_a_catalog_is_a_warning() {
    let mut quiz = quiz(
        "sv",
        "Svenska",
        vec![quizc::model::Item::Question(true_false())],
    );
    quiz.settings.lang = "sv".into();
    quiz.settings.time_limit = Some(10);
    let (tree, diags) = emit_html(&quiz);
    let codes: Vec<_> = diags.items.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"html-no-ui-catalog"), "{codes:?}");
    assert!(codes.contains(&"html-no-time-limit"), "{codes:?}");
    let page = String::from_utf8(tree.get("index.html").unwrap().to_vec()).unwrap();
    assert!(page.contains("<html lang=\"sv\" dir=\"ltr\">"));
}

/// The SCORM output's entry point: the page with an adapter script.
#[test]
fn practice_page_takes_an_adapter_script() {
    let quiz = showcase();
    let config = Config::default();
    let mut cx = EmitCx {
        file: 0,
        config: &config,
        diags: Diagnostics::default(),
    };
    let opts = quizc::emit::html::PageOptions {
        adapter_js: Some("window.quizcOptions = { scorm: true };".into()),
        standalone: true,
    };
    let tree = quizc::emit::html::practice_page(&quiz, &mut cx, &opts).unwrap();
    let page = String::from_utf8(tree.get("index.html").unwrap().to_vec()).unwrap();
    let grading = page.find("root.QuizcGrading").unwrap();
    let adapter = page.find("window.quizcOptions = { scorm: true };").unwrap();
    let runtime = page.find("window.quizc = api").unwrap();
    assert!(grading < adapter && adapter < runtime);
    assert!(!page.contains("../index.html"));
    assert!(tree.get("assets/dot-0a1b2c3d.png").is_some());
    assert!(tree.get("key.html").is_none());
}

/// The Content-Security-Policy is computed from the rendered page: a
/// replaced runtime and a script written in a template run; a script built
/// from template variables (which could carry author text) does not.
#[test]
fn the_policy_follows_the_templates() {
    let root = std::env::temp_dir().join(format!("quizc-html-csp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("templates/html")).unwrap();
    std::fs::write(root.join("quizc.toml"), "").unwrap();
    std::fs::write(
        root.join("templates/html/runtime.js"),
        "document.documentElement.classList.add('mine');\r\n",
    )
    .unwrap();
    std::fs::write(
        root.join("templates/html/base.html"),
        "<!DOCTYPE html>\n<html><head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"{{ csp }}\">\n\
<script>window.theme = 'dark';</script>\n<script>window.title = '{{ quiz.title }}';</script>\n\
</head><body>{% block body %}{% endblock %}</body></html>\n",
    )
    .unwrap();
    let config = Config::load(&root.join("quizc.toml")).unwrap();
    let quiz = quiz(
        "mine",
        "Mine",
        vec![quizc::model::Item::Question(true_false())],
    );
    let mut cx = EmitCx {
        file: 0,
        config: &config,
        diags: Diagnostics::default(),
    };
    let Output::Folder(tree) = quizc::emit::find("html")
        .unwrap()
        .emit(&quiz, &mut cx)
        .unwrap()
    else {
        panic!("html gives a folder");
    };
    let page = String::from_utf8(tree.get("index.html").unwrap().to_vec()).unwrap();
    let policy = page
        .lines()
        .find(|l| l.contains("Content-Security-Policy"))
        .unwrap();
    // window.theme, grading.js and the replaced runtime.js; not window.title.
    assert_eq!(policy.matches("'sha256-").count(), 3, "{policy}");
    let refused: Vec<&str> = cx
        .diags
        .items
        .iter()
        .filter(|d| d.code == "html-script-refused")
        .map(|d| d.message.as_str())
        .collect();
    // The page and the key both hold it.
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(
        refused[0].contains("window.title = 'Mine';"),
        "{}",
        refused[0]
    );
    std::fs::remove_dir_all(&root).unwrap();
}
