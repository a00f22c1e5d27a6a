//! Page templates: defaults embedded in the binary, a user's own
//! `templates/` folder beside the content overriding them file by file.
//!
//! The same lookup serves minijinja templates (`html/quiz.html`, …) and raw
//! files that are inlined as they are (`html/quiz.css`, `html/grading.js`,
//! `i18n/de.toml`), so a theme can replace any one of them and keep the rest.

use crate::config::Config;
use crate::emit::EmitError;
use minijinja::value::Kwargs;
use minijinja::{Environment, Error};
use serde::Serialize;
use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

/// The name of the override folder, beside `quizc.toml`.
pub const USER_DIR: &str = "templates";

/// Every embedded default, by its name under `templates/`.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "html/base.html",
        include_str!("../templates/html/base.html"),
    ),
    (
        "html/quiz.html",
        include_str!("../templates/html/quiz.html"),
    ),
    (
        "html/question.html",
        include_str!("../templates/html/question.html"),
    ),
    ("html/key.html", include_str!("../templates/html/key.html")),
    (
        "html/index.html",
        include_str!("../templates/html/index.html"),
    ),
    ("html/quiz.css", include_str!("../templates/html/quiz.css")),
    (
        "html/grading.js",
        include_str!("../templates/html/grading.js"),
    ),
    (
        "html/runtime.js",
        include_str!("../templates/html/runtime.js"),
    ),
    ("i18n/en.toml", include_str!("../templates/i18n/en.toml")),
    ("i18n/de.toml", include_str!("../templates/i18n/de.toml")),
    ("i18n/fr.toml", include_str!("../templates/i18n/fr.toml")),
    ("i18n/es.toml", include_str!("../templates/i18n/es.toml")),
    ("i18n/ar.toml", include_str!("../templates/i18n/ar.toml")),
];

/// Template lookup for one build.
pub struct Templates {
    env: Environment<'static>,
    user_dir: Option<PathBuf>,
}

impl Templates {
    /// Defaults, overridden by files in `user_dir` when given.
    pub fn new(user_dir: Option<PathBuf>) -> Templates {
        let mut env = Environment::new();
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        env.add_filter("fill", fill);
        env.set_formatter(html_formatter);
        let dir = user_dir.clone();
        env.set_loader(move |name| match read_user(dir.as_deref(), name) {
            Some(text) => Ok(Some(text)),
            None => Ok(embedded(name).map(str::to_string)),
        });
        Templates { env, user_dir }
    }

    /// `templates/` beside `quizc.toml`, when that folder exists.
    pub fn for_config(config: &Config) -> Templates {
        let dir = config
            .root
            .as_ref()
            .map(|root| root.join(USER_DIR))
            .filter(|d| d.is_dir());
        Templates::new(dir)
    }

    /// A file's text as it is (CSS, JS, catalogs): the user's, else the default.
    pub fn source(&self, name: &str) -> Option<Cow<'static, str>> {
        read_user(self.user_dir.as_deref(), name)
            .map(Cow::Owned)
            .or_else(|| embedded(name).map(Cow::Borrowed))
    }

    /// Whether the user's folder overrides `name`.
    pub fn is_overridden(&self, name: &str) -> bool {
        self.user_dir
            .as_deref()
            .and_then(|d| safe_join(d, name))
            .is_some_and(|p| p.is_file())
    }

    /// Renders a template with a serialisable context.
    pub fn render(&self, name: &str, ctx: impl Serialize) -> Result<String, EmitError> {
        let err = |e: Error| EmitError::Template {
            name: name.to_string(),
            message: describe(&e),
        };
        let template = self.env.get_template(name).map_err(err)?;
        template
            .render(minijinja::Value::from(minijinja::value::Serde(&ctx)))
            .map_err(err)
    }
}

fn embedded(name: &str) -> Option<&'static str> {
    EMBEDDED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Only plain relative names below the folder: a template cannot include
/// `../../etc/passwd`.
fn safe_join(dir: &Path, name: &str) -> Option<PathBuf> {
    let rel = Path::new(name);
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| dir.join(rel))
}

fn read_user(dir: Option<&Path>, name: &str) -> Option<String> {
    std::fs::read_to_string(safe_join(dir?, name)?).ok()
}

fn describe(e: &Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

/// HTML escaping of `& < > " '` only: minijinja's default also escapes `/`,
/// which makes every `Score: 0 / 5` read `0 &#x2f; 5` in the source.
/// Characters XML cannot hold (C0 controls) are dropped, as in
/// [`crate::render::escape`].
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), Error> {
    let plain = matches!(state.auto_escape(), minijinja::AutoEscape::Html)
        && !value.is_safe()
        && !value.is_undefined()
        && !value.is_none();
    if !plain {
        return minijinja::escape_formatter(out, state, value);
    }
    let text = value.to_string();
    // Most values need no escaping: no markup character, no control, no
    // 0xEF lead byte (U+FFFE, U+FFFF).
    if !text.bytes().any(|b| {
        matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0xEF)
            || (b < b' ' && !matches!(b, b'\t' | b'\n' | b'\r'))
    }) {
        return out.write_str(&text).map_err(Error::from);
    }
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            // Controls are parse errors in HTML (NUL is dropped or replaced).
            c if !crate::render::is_xml_char(c) => {}
            c => escaped.push(c),
        }
    }
    out.write_str(&escaped).map_err(Error::from)
}

/// `{{ t.question_n | fill(n=3) }}`: replaces `{name}` placeholders.
fn fill(text: String, kwargs: Kwargs) -> Result<String, Error> {
    let mut out = text;
    for key in kwargs.args() {
        let value: minijinja::Value = kwargs.get(key)?;
        out = out.replace(&format!("{{{key}}}"), &value.to_string());
    }
    kwargs.assert_all_used()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_files_override_defaults_one_by_one() {
        let dir = std::env::temp_dir().join(format!("quizc-templates-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("html")).unwrap();
        std::fs::write(dir.join("html/quiz.css"), "body{color:red}").unwrap();
        let t = Templates::new(Some(dir.clone()));
        assert_eq!(t.source("html/quiz.css").unwrap(), "body{color:red}");
        assert!(t.is_overridden("html/quiz.css"));
        assert_eq!(
            t.source("html/grading.js").unwrap(),
            embedded("html/grading.js").unwrap()
        );
        assert!(t.source("../secret").is_none());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn fill_replaces_placeholders() {
        let mut env = Environment::new();
        env.add_filter("fill", fill);
        env.set_formatter(html_formatter);
        let out = env
            .render_str("{{ 'Question {n} of {m}' | fill(n=2, m=5) }}", ())
            .unwrap();
        assert_eq!(out, "Question 2 of 5");
    }

    /// Found by `tests/properties.rs`: a matching side with NUL reached the page.
    #[test]
    fn control_characters_are_dropped_from_template_values() {
        let mut env = Environment::new();
        env.set_formatter(html_formatter);
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        let out = env
            .render_str("{{ v }}", minijinja::context! { v => "a\u{0}b\u{1c}<" })
            .unwrap();
        assert_eq!(out, "ab&lt;");
    }
}
