//! Which characters of pulldown-cmark's decoded text the author escaped.
//!
//! Text nodes hold decoded text (`\{` is `{`, `&#91;` is `[`), but Quiz
//! Markdown's own markers (`[[…]]`, a trailing `{50%}`) only count where the
//! author wrote them as themselves; escaping one is how an author says it is
//! text.

/// Whether the byte at `at` follows an odd run of backslashes: pulldown-cmark
/// starts the text node of `\{` or `\[` after the backslash.
pub fn escaped(text: &str, at: usize) -> bool {
    let before = text.as_bytes().get(..at).unwrap_or_default();
    before.iter().rev().take_while(|b| **b == b'\\').count() % 2 == 1
}

/// For each byte of `text`, pulldown-cmark's decoding of `source[span]`:
/// its offset in the source when the author wrote it as itself, `None` when
/// it came from a backslash escape or an entity. Where the two fall out of
/// step (an entity of two characters) the rest counts as written, at its
/// offset from the end of the last step that matched.
pub fn written(source: &str, span: std::ops::Range<usize>, text: &str) -> Vec<Option<usize>> {
    let mut out = vec![None; text.len()];
    let s = source.get(span.clone()).unwrap_or("").as_bytes();
    let t = text.as_bytes();
    let (mut i, mut j) = (0, 0);
    // A text node can start right after the backslash of its first character.
    if escaped(source, span.start) {
        let len = text.chars().next().map_or(0, char::len_utf8);
        (i, j) = (len, len);
    }
    while i < s.len() && j < t.len() {
        if s[i] == b'\\' && s.get(i + 1).is_some_and(u8::is_ascii_punctuation) && s[i + 1] == t[j] {
            (i, j) = (i + 2, j + 1);
        } else if s[i] == b'&'
            && let Some(len) = entity_len(&s[i..])
            && !t[j..].starts_with(&s[i..i + len])
        {
            let ch = text[j..].chars().next().map_or(1, char::len_utf8);
            (i, j) = (i + len, j + ch);
        } else if s[i] == t[j] {
            out[j] = Some(span.start + i);
            (i, j) = (i + 1, j + 1);
        } else {
            break;
        }
    }
    for (k, o) in out.iter_mut().enumerate().skip(j) {
        *o = Some((span.start + i + (k - j)).min(span.end));
    }
    out
}

/// `&name;`, `&#123;`, `&#x7B;`: its length in bytes.
fn entity_len(s: &[u8]) -> Option<usize> {
    let body = s[1..]
        .iter()
        .take(32)
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
        .count();
    (body > 0 && s.get(1 + body) == Some(&b';')).then_some(body + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_entities_are_marked() {
        let source = "x \\[a\\\\[&#91;&amp;";
        let text = "[a\\[[&";
        let span = 2..source.len();
        assert_eq!(
            written(source, span, text),
            [None, Some(4), None, Some(7), None, None]
        );
        // The node starts after the backslash of its first character.
        assert_eq!(written("\\{a", 1..3, "{a"), [None, Some(2)]);
        // `&foo;` is no entity: pulldown-cmark keeps it as written.
        assert_eq!(written("&foo;", 0..5, "&foo;")[4], Some(4));
    }
}
