//! Syntax highlighting as inline `style` colours (syntect, pure Rust), for
//! LMSs whose themes do not style code and that may strip classes.

use super::escape::escape_into;
use std::sync::OnceLock;
use syntect::easy::HighlightLines;
use syntect::highlighting::{Color, FontStyle, Style, Theme, ThemeSet};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        let mut themes = ThemeSet::load_defaults().themes;
        themes.remove("InspiredGitHub").unwrap_or_default()
    })
}

/// Writes `code` as escaped text with `<span style="color:…">` runs.
/// Returns `false` (and writes nothing) when `lang` is not a known syntax.
pub(crate) fn inline_styles(lang: &str, code: &str, out: &mut String) -> bool {
    let set = syntaxes();
    let Some(syntax) = set.find_syntax_by_token(lang) else {
        return false;
    };
    let theme = theme();
    let default_fg = theme.settings.foreground.unwrap_or(Color::BLACK);
    let mut highlighter = HighlightLines::new(syntax, theme);
    let mut html = String::with_capacity(code.len() * 2);
    for line in LinesWithEndings::from(code) {
        let Ok(regions) = highlighter.highlight_line(line, set) else {
            return false;
        };
        for (style, text) in regions {
            match span_style(style, default_fg) {
                Some(css) => {
                    html.push_str("<span style=\"");
                    html.push_str(&css);
                    html.push_str("\">");
                    escape_into(text, &mut html);
                    html.push_str("</span>");
                }
                None => escape_into(text, &mut html),
            }
        }
    }
    out.push_str(&html);
    true
}

fn span_style(style: Style, default_fg: Color) -> Option<String> {
    let mut css = String::new();
    let fg = style.foreground;
    if (fg.r, fg.g, fg.b) != (default_fg.r, default_fg.g, default_fg.b) {
        css.push_str(&format!("color:#{:02x}{:02x}{:02x}", fg.r, fg.g, fg.b));
    }
    if style.font_style.contains(FontStyle::BOLD) {
        if !css.is_empty() {
            css.push(';');
        }
        css.push_str("font-weight:bold");
    }
    if style.font_style.contains(FontStyle::ITALIC) {
        if !css.is_empty() {
            css.push(';');
        }
        css.push_str("font-style:italic");
    }
    (!css.is_empty()).then_some(css)
}
