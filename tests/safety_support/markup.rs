//! A small HTML tokenizer for the safety tests: the start tags a browser
//! would see, attribute values entity-decoded, and the raw text of inline
//! scripts. Deliberately independent of quizc's own escaping code.

/// One start tag: its name and attributes (names lowercased, values decoded).
#[derive(Debug)]
pub struct StartTag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noembed"];

/// Every start tag of `html`, as a browser's tokenizer finds them: comments
/// skipped, raw-text elements (`script`, `style`, …) skipped to their end tag.
pub fn start_tags(html: &str) -> Vec<StartTag> {
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off;
        let rest = &html[i..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i += 4 + comment.find("-->").map_or(comment.len(), |e| e + 3);
            continue;
        }
        if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        let (tag, len) = start_tag(&rest[1..]);
        i += 1 + len;
        if RAW_TEXT.contains(&tag.name.as_str()) {
            let close = format!("</{}", tag.name);
            i += find_ci(&html[i..], &close).unwrap_or(html.len() - i);
        }
        tags.push(tag);
    }
    tags
}

/// Parses `name attr=value …>` (after the `<`); returns the tag and the bytes read.
fn start_tag(s: &str) -> (StartTag, usize) {
    let end_of = |s: &str, stops: &[char]| {
        s.find(|c: char| c.is_ascii_whitespace() || stops.contains(&c))
            .unwrap_or(s.len())
    };
    let name_len = end_of(s, &['/', '>']);
    let name = s[..name_len].to_ascii_lowercase();
    let mut i = name_len;
    let mut attrs = Vec::new();
    loop {
        i += s[i..]
            .find(|c: char| !c.is_ascii_whitespace() && c != '/')
            .unwrap_or(s.len() - i);
        if i >= s.len() || s[i..].starts_with('>') {
            i = (i + 1).min(s.len());
            break;
        }
        let attr_len = end_of(&s[i + 1..], &['/', '>', '=']) + 1;
        let attr = s[i..i + attr_len].to_ascii_lowercase();
        i += attr_len;
        i += s[i..]
            .find(|c: char| !c.is_ascii_whitespace())
            .unwrap_or(s.len() - i);
        let mut value = String::new();
        if s[i..].starts_with('=') {
            i += 1;
            i += s[i..]
                .find(|c: char| !c.is_ascii_whitespace())
                .unwrap_or(s.len() - i);
            let raw = match s[i..].chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let len = s[i + 1..].find(q).unwrap_or(s.len() - i - 1);
                    let raw = &s[i + 1..i + 1 + len];
                    i = (i + len + 2).min(s.len());
                    raw
                }
                _ => {
                    let len = end_of(&s[i..], &['>']);
                    let raw = &s[i..i + len];
                    i += len;
                    raw
                }
            };
            value = decode_entities(raw);
        }
        attrs.push((attr, value));
    }
    (StartTag { name, attrs }, i)
}

/// Numeric references and the named ones that matter for URLs.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(semi) = rest.find(';').filter(|&n| n < 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "colon" => Some(':'),
            "Tab" => Some('\t'),
            "NewLine" => Some('\n'),
            _ => entity.strip_prefix('#').and_then(|n| {
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                };
                code.and_then(char::from_u32)
            }),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of every `<script>` element: from its start tag to the first
/// `</script` (any case), which is where a browser ends it.
pub fn script_bodies(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(open) = find_ci(&html[i..], "<script") {
        let start = i + open;
        let Some(gt) = html[start..].find('>') else {
            break;
        };
        let body_start = start + gt + 1;
        let len = find_ci(&html[body_start..], "</script").unwrap_or(html.len() - body_start);
        out.push((
            html[start..body_start].to_string(),
            html[body_start..body_start + len].to_string(),
        ));
        i = body_start + len;
    }
    out
}

/// Case-insensitive `find` of an ASCII needle.
pub fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    (0..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Counts `needle` in `haystack`, ignoring ASCII case.
pub fn count_ci(haystack: &str, needle: &str) -> usize {
    let mut count = 0;
    let mut i = 0;
    while let Some(at) = find_ci(&haystack[i..], needle) {
        count += 1;
        i += at + needle.len();
    }
    count
}

/// A URL that runs script or loads a document of its own, as a browser
/// reads it: tabs, newlines and control characters ignored, any case.
pub fn is_scripted_url(value: &str) -> bool {
    let v: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "file:"]
        .iter()
        .any(|s| v.starts_with(s))
}

/// Attributes whose value a browser loads or navigates to.
pub const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "background",
    "poster",
    "data",
    "srcset",
    "cite",
    "longdesc",
    "usemap",
    "manifest",
    "ping",
];

#[test]
fn tokenizer_sees_what_a_browser_sees() {
    let tags = start_tags(
        "<p a=1 B='x\"y' c=\"&#106;s\">t</p><!-- <i> --><script>if (a<b) {}</script><img/src='x'/onerror=y>",
    );
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["p", "script", "img"]);
    assert_eq!(tags[0].attrs[1], ("b".into(), "x\"y".into()));
    assert_eq!(tags[0].attrs[2].1, "js");
    assert_eq!(tags[2].attrs[1], ("onerror".into(), "y".into()));
    assert!(is_scripted_url(" Java\tScript:x"));
    assert_eq!(script_bodies("<SCRIPT>a</sCrIpT>b")[0].1, "a");
}
