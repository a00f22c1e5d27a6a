//! Allowlisted inline HTML tags (`Inline::Html`), re-checked and normalised.
//!
//! The parser already allowlisted these, but the renderer writes XML, so it
//! re-reads each tag: the name must be in [`ALLOWED`], attributes other than
//! [`ALLOWED_ATTRS`] are dropped, values are re-quoted and escaped, `<br>`
//! becomes `<br/>`, and the caller keeps open/close tags balanced.

use super::escape::escape_into;

/// Inline tags kept from author HTML.
pub const ALLOWED: &[&str] = &[
    "b", "i", "em", "strong", "sub", "sup", "br", "u", "kbd", "code", "span",
];

/// Attributes kept on them (no `style`, no `on*`, no `id`).
const ALLOWED_ATTRS: &[&str] = &["class", "title", "lang", "dir"];

/// One parsed tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tag {
    /// `<name attrs>`; `markup` is the normalised opening tag.
    Open { name: String, markup: String },
    /// `</name>`
    Close { name: String },
    /// `<br>`, `<br/>`: normalised to `<br/>`.
    Void { markup: String },
}

/// Parses and normalises one tag; `None` when it is not an allowlisted tag
/// (the caller then shows it as text). With `qti`, QTI's XHTML profile: only
/// `class` is kept and `<u>`, which QTI does not have, becomes
/// `<span class="underline">`.
pub(crate) fn parse_tag_in(raw: &str, qti: bool) -> Option<Tag> {
    let tag = parse_tag_inner(raw, qti)?;
    if !qti {
        return Some(tag);
    }
    Some(match tag {
        Tag::Close { name } if name == "u" => Tag::Close {
            name: "span".into(),
        },
        Tag::Open { name, markup } if name == "u" => {
            let markup = match markup.strip_prefix("<u class=\"") {
                Some(rest) => format!("<span class=\"underline {rest}"),
                None => "<span class=\"underline\">".into(),
            };
            Tag::Open {
                name: "span".into(),
                markup,
            }
        }
        Tag::Void { markup } if markup.starts_with("<u") => Tag::Void {
            markup: "<span class=\"underline\"/>".into(),
        },
        other => other,
    })
}

fn parse_tag_inner(raw: &str, qti: bool) -> Option<Tag> {
    let s = raw.trim();
    let inner = s.strip_prefix('<')?.strip_suffix('>')?;
    if let Some(rest) = inner.strip_prefix('/') {
        let name = rest.trim().to_ascii_lowercase();
        return (ALLOWED.contains(&name.as_str()) && name != "br").then_some(Tag::Close { name });
    }
    let (inner, self_closing) = match inner.strip_suffix('/') {
        Some(i) => (i, true),
        None => (inner, false),
    };
    let name_end = inner
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(inner.len());
    let name = inner[..name_end].to_ascii_lowercase();
    if !ALLOWED.contains(&name.as_str()) {
        return None;
    }
    let mut markup = format!("<{name}");
    for (attr, value) in parse_attrs(&inner[name_end..])? {
        if ALLOWED_ATTRS.contains(&attr.as_str()) && (!qti || attr == "class") {
            markup.push(' ');
            markup.push_str(&attr);
            markup.push_str("=\"");
            escape_into(&decode_entities(&value), &mut markup);
            markup.push('"');
        }
    }
    if name == "br" {
        markup.push_str("/>");
        return Some(Tag::Void { markup });
    }
    if self_closing {
        // `<span/>`: keep it well-formed and empty.
        markup.push_str("/>");
        return Some(Tag::Void { markup });
    }
    markup.push('>');
    Some(Tag::Open { name, markup })
}

/// `name="v"`, `name='v'`, `name=v`, `name`; `None` on anything malformed.
fn parse_attrs(mut s: &str) -> Option<Vec<(String, String)>> {
    let mut attrs = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Some(attrs);
        }
        let end = s
            .find(|c: char| c.is_ascii_whitespace() || c == '=')
            .unwrap_or(s.len());
        let name = s[..end].to_ascii_lowercase();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':')
        {
            return None;
        }
        s = s[end..].trim_start();
        let value = if let Some(rest) = s.strip_prefix('=') {
            let rest = rest.trim_start();
            let (value, after) = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = rest[1..].find(q)? + 1;
                    (&rest[1..close], &rest[close + 1..])
                }
                _ => {
                    let end = rest
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(rest.len());
                    (&rest[..end], &rest[end..])
                }
            };
            s = after;
            value.to_string()
        } else {
            String::new()
        };
        attrs.push((name, value));
    }
}

/// The few entities an attribute value is likely to hold, so that escaping
/// again does not double them.
fn decode_entities(v: &str) -> String {
    v.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
