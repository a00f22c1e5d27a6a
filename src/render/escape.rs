//! The one escaping function for text and attribute values in rendered HTML.

/// Escapes `& < > "` and drops characters XML 1.0 cannot hold (C0 controls
/// other than tab, newline and carriage return; U+FFFE, U+FFFF), so the
/// result is safe as HTML text, as a quoted attribute value and inside XML.
/// Because `>` is escaped, the result never contains `]]>`.
pub fn escape_into(text: &str, out: &mut String) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// [`escape_into`] into a new string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

/// A character allowed in an XML 1.0 document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Percent-encodes everything but unreserved characters and `/` in a path
/// (asset names are URL-safe already; this keeps any other name safe too).
pub fn url_encode_path(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
