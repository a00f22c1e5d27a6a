//! The pages' Content-Security-Policy: a page runs only the scripts it is
//! built from, loads only its own images, and nothing else.
//!
//! ```text
//! default-src 'none'; script-src 'sha256-…' …; style-src 'unsafe-inline';
//! img-src 'self'; base-uri 'none'; form-action 'none'
//! ```
//!
//! Scripts are allowed by the SHA-256 of each inline `<script>` of the
//! rendered page, computed after rendering, so a template override that
//! changes a script keeps a matching hash. Only *trusted* scripts are
//! hashed: the inlined files (`grading.js`, `runtime.js`, the SCORM adapter)
//! and scripts written literally in a template. A script made of anything
//! else (author text that escaped its escaping, a template that builds a
//! script from variables) is left out of the policy, so the browser refuses
//! it, and the build says so.
//!
//! Styles are `'unsafe-inline'`: the page's `<style>`, the inline `style`
//! attributes of highlighted code and aligned table cells, and the SCORM
//! adapter's injected stylesheet. Styles cannot run script, author markup
//! can never carry a `style` attribute (the allowlist drops it), and with
//! `default-src 'none'` a stylesheet cannot fetch anything either.

use crate::emit::base64::base64;
use sha2::{Digest, Sha256};

/// What a template writes as the policy's `content`: replaced by the policy
/// once the page is rendered.
pub const PLACEHOLDER: &str = "quizc-content-security-policy";

/// The `<meta>` written where a template has no placeholder.
const META_OPEN: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"";

/// A rendered page with its policy in place.
#[derive(Debug)]
pub struct Sealed {
    pub page: String,
    /// The start of each inline script the policy does not allow.
    pub refused: Vec<String>,
}

/// Writes the policy of `page` into it. `trusted` are the texts of the
/// scripts the page may run (inlined files); scripts written literally in
/// `templates` (their sources) are trusted too.
pub fn seal(page: &str, trusted: &[&str], templates: &[impl AsRef<str>]) -> Sealed {
    let literal: Vec<String> = templates
        .iter()
        .flat_map(|t| inline_scripts(t.as_ref()))
        .map(|s| s.body.to_string())
        .filter(|b| !b.contains("{{") && !b.contains("{%"))
        .collect();
    let is_trusted = |body: &str| {
        let body = normalise(body);
        let body = body.trim();
        body.is_empty()
            || trusted.iter().any(|t| normalise(t).trim() == body)
            || literal.iter().any(|t| normalise(t).trim() == body)
    };
    let mut hashes = Vec::new();
    let mut refused = Vec::new();
    for script in inline_scripts(page).into_iter().filter(|s| s.runs) {
        if is_trusted(script.body) {
            let hash = hash_source(script.body);
            if !hashes.contains(&hash) {
                hashes.push(hash);
            }
        } else {
            refused.push(script.body.trim().chars().take(60).collect());
        }
    }
    Sealed {
        page: place(page, &policy(&hashes)),
        refused,
    }
}

/// The policy allowing scripts by these hash sources.
pub fn policy(script_hashes: &[String]) -> String {
    let scripts = if script_hashes.is_empty() {
        "'none'".to_string()
    } else {
        script_hashes.join(" ")
    };
    format!(
        "default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'"
    )
}

/// The template's placeholder replaced, else a `<meta>` inserted where the
/// parser puts it in `<head>`: after `<head …>`, else after the doctype,
/// else first.
fn place(page: &str, policy: &str) -> String {
    if let Some(at) = page.find(PLACEHOLDER) {
        return format!("{}{policy}{}", &page[..at], &page[at + PLACEHOLDER.len()..]);
    }
    let meta = format!("{META_OPEN}{policy}\">");
    let after =
        |open: &str| find_ci(page, open).and_then(|at| page[at..].find('>').map(|gt| at + gt + 1));
    let at = after("<head>")
        .or_else(|| after("<head "))
        .or_else(|| after("<!doctype"))
        .unwrap_or(0);
    if at == 0 {
        return format!("{meta}\n{page}");
    }
    format!("{}\n{meta}{}", &page[..at], &page[at..])
}

/// The page as `quizc serve` shows it: `script` (a whole `<script>…</script>`
/// element) before `</body>`, allowed by its hash, and `connect-src 'self'`
/// for the event stream it listens to.
pub fn with_preview_script(page: &str, script: &str) -> String {
    let at = page.rfind("</body>").unwrap_or(page.len());
    let page = format!("{}{script}{}", &page[..at], &page[at..]);
    let Some(start) = page.find(META_OPEN).map(|i| i + META_OPEN.len()) else {
        return page;
    };
    let Some(len) = page[start..].find('"') else {
        return page;
    };
    let mut directives: Vec<String> = page[start..start + len]
        .split(';')
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty() && !d.starts_with("connect-src"))
        .collect();
    let hashes: Vec<String> = inline_scripts(script)
        .iter()
        .map(|s| hash_source(s.body))
        .collect();
    for d in &mut directives {
        if let Some(sources) = d.strip_prefix("script-src ") {
            let kept = sources.split_whitespace().filter(|s| *s != "'none'");
            *d = std::iter::once("script-src")
                .chain(kept)
                .chain(hashes.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" ");
        }
    }
    directives.push("connect-src 'self'".into());
    format!(
        "{}{}{}",
        &page[..start],
        directives.join("; "),
        &page[start + len..]
    )
}

/// One `<script>` element of a page.
struct InlineScript<'a> {
    body: &'a str,
    /// Not a data block (`type="application/json"`) and not `src=`.
    runs: bool,
}

/// Every `<script>` of `html`: its text up to the first `</script` (where
/// the HTML parser ends it). Author text never holds `<script` (it is
/// escaped), so a plain search finds exactly the template's scripts.
fn inline_scripts(html: &str) -> Vec<InlineScript<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(open) = find_ci(&html[i..], "<script") {
        let start = i + open;
        let Some(gt) = html[start..].find('>') else {
            break;
        };
        let tag = html[start..start + gt].to_ascii_lowercase();
        let body_start = start + gt + 1;
        let len = find_ci(&html[body_start..], "</script").unwrap_or(html.len() - body_start);
        out.push(InlineScript {
            body: &html[body_start..body_start + len],
            runs: !has_attr(&tag, "src") && is_script_type(&tag),
        });
        i = body_start + len;
    }
    out
}

fn has_attr(tag: &str, name: &str) -> bool {
    tag.split(|c: char| c.is_ascii_whitespace() || c == '/')
        .any(|a| a == name || a.starts_with(&format!("{name}=")))
}

/// No `type`, an empty one, a JavaScript MIME type or `module`.
fn is_script_type(tag: &str) -> bool {
    let Some(at) = tag.find(" type=") else {
        return true;
    };
    let value = tag[at + 6..].trim_start_matches(['"', '\'']);
    let value = &value[..value.find(['"', '\'', ' ', '>']).unwrap_or(value.len())];
    value.is_empty()
        || value == "module"
        || value.contains("javascript")
        || value.contains("ecmascript")
}

/// `'sha256-…'` of a script's text as the browser reads it.
fn hash_source(body: &str) -> String {
    let digest = Sha256::digest(normalise(body).as_bytes());
    format!("'sha256-{}'", base64(&digest))
}

/// What the browser hashes: the parser turns `\r\n` and `\r` into `\n`.
fn normalise(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

/// `needle` starts with `<`, so only the places of `<` are compared (a
/// page is megabytes long, its tags few).
fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    debug_assert_eq!(n.first(), Some(&b'<'));
    let mut from = 0;
    while let Some(p) = h[from..].iter().position(|&b| b == b'<') {
        let at = from + p;
        if h.len() - at >= n.len() && h[at..at + n.len()].eq_ignore_ascii_case(n) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusted_scripts_are_hashed_others_refused() {
        let page = "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"quizc-content-security-policy\"></head><body>\
<script type=\"application/json\">{}</script><script>\nrun();\n</script><script>alert(1)</script></body></html>";
        let sealed = seal(page, &["run();"], &[] as &[&str]);
        // printf '\nrun();\n' | openssl dgst -sha256 -binary | base64
        assert!(sealed.page.contains(
            "content=\"default-src 'none'; script-src 'sha256-8Nic6TNoKbU2fN/Yduzc28MgjFgcikm6fSU0x0dR3EU='; style-src"
        ), "{}", sealed.page);
        assert_eq!(sealed.refused, ["alert(1)"]);
    }

    #[test]
    fn scripts_written_in_a_template_are_trusted_built_ones_are_not() {
        let template = "<script>track();</script><script>var t = '{{ quiz.title }}';</script>";
        let page = "<head></head><script>track();</script><script>var t = 'x';</script>";
        let sealed = seal(page, &[], &[template]);
        assert_eq!(sealed.refused, ["var t = 'x';"]);
        assert!(sealed.page.starts_with("<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-"));
    }

    #[test]
    fn a_page_without_scripts_runs_none() {
        let sealed = seal("<!doctype html><p>key</p>", &[], &[] as &[&str]);
        assert!(sealed.page.starts_with("<!doctype html>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'none'; "));
    }

    #[test]
    fn the_preview_adds_its_script_and_its_event_stream() {
        let page = seal(
            "<head></head><body><script>run();</script></body>",
            &["run();"],
            &[] as &[&str],
        )
        .page;
        let preview = with_preview_script(&page, "<script>reload();</script>");
        assert!(preview.contains("<script>reload();</script></body>"));
        let policy = &preview[preview.find("content=\"").unwrap()..];
        assert_eq!(policy.matches("'sha256-").count(), 2, "{policy}");
        assert!(policy.contains("; connect-src 'self'\">"), "{policy}");
    }
}
