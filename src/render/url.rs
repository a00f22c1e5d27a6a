//! Which link targets may reach a page: the one policy the parser (which
//! refuses unsafe links with a diagnostic) and the renderer (which never
//! writes one, whatever the model holds) share. TeX is checked too: the
//! MathJax that renders it on Moodle, Canvas and QTI players makes links of
//! `\href` and `\url`.

/// Link schemes kept as links.
pub const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// Relative URLs, fragments, `http(s):` and `mailto:`; never `javascript:`,
/// `vbscript:`, `data:`, `file:` or any other scheme.
///
/// Browsers ignore ASCII tabs and newlines anywhere in a URL, leading
/// control characters and spaces, and the case of the scheme, so the scheme
/// is read after removing every whitespace and control character and
/// lowercasing. Entities (`&#106;avascript:`) are decoded by the Markdown
/// parser before the URL gets here.
///
/// ```
/// use quizc::render::is_safe_link;
///
/// assert!(is_safe_link("https://example.org"));
/// assert!(is_safe_link("../notes.html#part-2"));
/// assert!(!is_safe_link(" Java\tScript:alert(1)"));
/// assert!(!is_safe_link("data:text/html,<script>alert(1)</script>"));
/// ```
pub fn is_safe_link(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &cleaned[..colon];
            if scheme.contains(['/', '?', '#']) {
                return true; // the colon is in the path: a relative URL
            }
            SAFE_SCHEMES.contains(&scheme)
        }
    }
}

/// `tex` without the `\href{url}` and `\url{url}` whose URL is not a
/// [safe link](is_safe_link) (`\href{url}{x}` keeps its `{x}`), and the URLs
/// taken out.
///
/// ```
/// use quizc::render::without_unsafe_tex_links;
///
/// let (tex, refused) = without_unsafe_tex_links(r"\href{javascript:alert(1)}{x} + \url{https://a.org}");
/// assert_eq!(tex, r"{x} + \url{https://a.org}");
/// assert_eq!(refused, ["javascript:alert(1)"]);
/// ```
pub fn without_unsafe_tex_links(tex: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(tex.len());
    let mut refused = Vec::new();
    let mut rest = tex;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let name_len = rest[1..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len() - 1);
        let name = &rest[1..1 + name_len];
        let link = (name == "href" || name == "url")
            .then(|| braced(rest[1 + name_len..].trim_start()))
            .flatten();
        match link {
            Some((url, after)) if !is_safe_link(url) => {
                refused.push(url.to_string());
                rest = after;
            }
            _ => {
                // The command (or an escaped character) as it is.
                let len = 1 + name_len.max(rest[1..].chars().next().map_or(0, char::len_utf8));
                out.push_str(&rest[..len]);
                rest = &rest[len..];
            }
        }
    }
    out.push_str(rest);
    (out, refused)
}

/// `{…}` at the start of `s`, braces balanced and `\x` escapes skipped, as
/// MathJax reads an argument: its content and what follows it.
fn braced(s: &str) -> Option<(&str, &str)> {
    let body = s.strip_prefix('{')?;
    let mut depth = 0usize;
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '{' => depth += 1,
            '}' if depth == 0 => return Some((&body[..i], &body[i + 1..])),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}
