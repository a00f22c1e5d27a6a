//! Which link targets may reach a page: the one policy the parser (which
//! refuses unsafe links with a diagnostic) and the renderer (which never
//! writes one, whatever the model holds) share.

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
