//! Identifiers: the rule every target accepts, slugs, and derived ids.
//!
//! An identifier is ASCII, starts with a letter, ends with a letter or digit,
//! and holds letters, digits, `_` and `-` in between (QTI NCName, SCORM short
//! identifiers). At most [`MAX_ID_LEN`] characters.

use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;

pub const MAX_ID_LEN: usize = 64;

/// `^[A-Za-z][A-Za-z0-9_-]*[A-Za-z0-9]$`, at most 64 characters.
pub fn is_valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() >= 2
        && b.len() <= MAX_ID_LEN
        && b[0].is_ascii_alphabetic()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-')
}

/// Lowercase ASCII words joined by `-`: accents folded, everything else a separator.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    // ASCII needs no decomposition (the common case, and a hot one).
    let chars: Box<dyn Iterator<Item = char>> = if text.is_ascii() {
        Box::new(text.chars())
    } else {
        Box::new(text.nfkd())
    };
    for c in chars {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if unicode_normalization::char::is_combining_mark(c) {
            continue;
        } else {
            dash = true;
        }
    }
    out
}

/// The quiz id from a file stem: slugged, `q` in front of a leading digit.
pub fn quiz_id_from_stem(stem: &str) -> String {
    let mut s = slug(stem);
    if s.is_empty() {
        s = "quiz".into();
    }
    if s.as_bytes()[0].is_ascii_digit() {
        s.insert(0, 'q');
    }
    if s.len() == 1 {
        s.push('1');
    }
    truncate_id(s)
}

/// Cuts an id to [`MAX_ID_LEN`] at a character that keeps it valid.
pub fn truncate_id(mut id: String) -> String {
    if id.len() > MAX_ID_LEN {
        id.truncate(MAX_ID_LEN);
    }
    while id.ends_with(['-', '_']) {
        id.pop();
    }
    id
}

/// `prefix-slug(title)`, cut to a valid length; `None` when the title slugs to nothing.
pub fn id_from_title(prefix: &str, title: &str) -> Option<String> {
    let s = slug(title);
    if s.is_empty() {
        return None;
    }
    let id = truncate_id(format!("{prefix}-{s}"));
    is_valid_id(&id).then_some(id)
}

/// `prefix-h1a2b3c4`: a short stable hash of the normalised text.
pub fn id_from_hash(prefix: &str, text: &str) -> String {
    let composed;
    let text = if text.is_ascii() {
        text
    } else {
        composed = text.nfc().collect::<String>();
        &composed
    };
    let mut normal = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !normal.is_empty() {
            normal.push(' ');
        }
        normal.push_str(word);
    }
    let normal = normal.to_lowercase();
    let digest = Sha256::digest(normal.as_bytes());
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let prefix = truncate_id(prefix.to_string());
    let keep = MAX_ID_LEN.saturating_sub(10).min(prefix.len());
    format!("{}-h{hex}", &prefix[..keep].trim_end_matches(['-', '_']))
}

/// `a`, `b`, … `z`, `aa`, `ab`, …: choice ids by position.
pub fn letter_id(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The ids in use in one quiz. Remembers, for each derived id, the last
/// `-N` suffix it handed out, so 100,000 questions with one title cost one
/// lookup each instead of a scan over every earlier suffix.
#[derive(Debug, Default)]
pub struct TakenIds {
    ids: HashSet<String>,
    last_suffix: HashMap<String, usize>,
}

impl TakenIds {
    /// Starts with the ids an author wrote (`{#id}`), which always win.
    pub fn new(explicit: impl IntoIterator<Item = String>) -> Self {
        TakenIds {
            ids: explicit.into_iter().collect(),
            last_suffix: HashMap::new(),
        }
    }

    /// Makes `id` unique with a `-2`, `-3`, … suffix, and takes it.
    pub fn take_unique(&mut self, id: String) -> String {
        if self.ids.insert(id.clone()) {
            return id;
        }
        // Every suffix up to the last one handed out for `id` is taken, and
        // ids are never released, so the search resumes after it.
        let first = self.last_suffix.get(&id).map_or(2, |n| n + 1);
        let base = truncate_id(id.clone());
        for n in first.. {
            let cut = base.len().min(MAX_ID_LEN - 1 - n.to_string().len());
            let candidate = format!("{}-{n}", base[..cut].trim_end_matches(['-', '_']));
            if self.ids.insert(candidate.clone()) {
                self.last_suffix.insert(id, n);
                return candidate;
            }
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_rule() {
        for ok in ["ab", "act-mc", "Q1", "relu_derivative", "a-b-c9"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in [
            "1st",
            "réponse",
            "a",
            "a-",
            "-a",
            "a b",
            "",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn slugs_and_stems() {
        assert_eq!(
            slug("Vanishing Gradient — Problem!"),
            "vanishing-gradient-problem"
        );
        assert_eq!(slug("Réponse à côté"), "reponse-a-cote");
        assert_eq!(quiz_id_from_stem("01-intro"), "q01-intro");
        assert_eq!(quiz_id_from_stem("日本"), "quiz");
        assert_eq!(letter_id(0), "a");
        assert_eq!(letter_id(25), "z");
        assert_eq!(letter_id(26), "aa");
    }

    #[test]
    fn hashes_are_stable_and_valid() {
        let a = id_from_hash("quiz", "What  is\nReLU?");
        assert_eq!(a, id_from_hash("quiz", "what is relu?"));
        assert!(is_valid_id(&a), "{a}");
        let mut taken = TakenIds::default();
        assert_eq!(taken.take_unique("x1".into()), "x1");
        assert_eq!(taken.take_unique("x1".into()), "x1-2");
        assert_eq!(taken.take_unique("x1-3".into()), "x1-3");
        assert_eq!(taken.take_unique("x1".into()), "x1-4");
    }

    #[test]
    fn many_alike_titles_get_suffixes_in_linear_time() {
        let mut taken = TakenIds::new(["q-5".to_string()]);
        let ids: Vec<String> = (0..100_000)
            .map(|_| taken.take_unique("q".into()))
            .collect();
        assert_eq!(ids[..5], ["q", "q-2", "q-3", "q-4", "q-6"]);
        assert_eq!(ids[99_999], "q-100001");
    }
}
