//! UI strings of generated pages, one catalog per language.
//!
//! Catalogs are TOML files under `templates/i18n/<lang>.toml` (embedded:
//! en, de, fr, es, ar); a user's `templates/i18n/` adds languages or
//! changes strings. A quiz's `lang` picks the catalog by its full tag, then
//! its primary subtag (`de-CH` → `de`); missing keys fall back to English.

use crate::templates::Templates;
use std::collections::BTreeMap;

/// Languages written right to left, by primary subtag.
const RTL: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "ug", "ur", "yi",
];

/// The UI strings for one page.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The quiz's `lang` as written (for `<html lang>`).
    pub lang: String,
    /// `ltr` or `rtl`.
    pub dir: String,
    pub strings: BTreeMap<String, String>,
    /// No catalog matched `lang`: the strings are English.
    pub fallback: bool,
}

impl Catalog {
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    /// A string with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut out = self.get(key).to_string();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// `1 point` / `2 points` (English-style one/other plural rule, which
    /// fits every embedded language).
    pub fn plural(&self, key: &str, n: f64) -> String {
        let form = if n == 1.0 { "one" } else { "other" };
        self.fill(&format!("{key}_{form}"), &[("n", &format_number(n))])
    }
}

/// Loads the catalog for `lang`.
pub fn catalog(lang: &str, templates: &Templates) -> Catalog {
    let tag = lang.trim().to_ascii_lowercase().replace('_', "-");
    let primary = tag.split('-').next().unwrap_or("").to_string();
    let mut strings = load(templates, "en").unwrap_or_default();
    let mut fallback = true;
    for candidate in [tag.as_str(), primary.as_str()] {
        if candidate.is_empty() || candidate.contains(['/', '\\', '.']) {
            continue;
        }
        if let Some(found) = load(templates, candidate) {
            strings.extend(found);
            fallback = false;
            break;
        }
    }
    let dir = match strings.get("dir") {
        Some(d) if !fallback && (d == "rtl" || d == "ltr") => d.clone(),
        _ if RTL.contains(&primary.as_str()) => "rtl".into(),
        _ => "ltr".into(),
    };
    Catalog {
        lang: if lang.trim().is_empty() {
            "en".into()
        } else {
            lang.trim().to_string()
        },
        dir,
        strings,
        fallback: fallback && primary != "en",
    }
}

fn load(templates: &Templates, lang: &str) -> Option<BTreeMap<String, String>> {
    let text = templates.source(&format!("i18n/{lang}.toml"))?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    Some(
        table
            .into_iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string())))
            .collect(),
    )
}

/// A number for people: no trailing `.0`, at most two decimals.
pub fn format_number(n: f64) -> String {
    let rounded = (n * 100.0).round() / 100.0;
    let mut s = format!("{rounded:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" { "0".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_catalog_has_every_english_key() {
        let t = Templates::new(None);
        let en = load(&t, "en").unwrap();
        for lang in ["de", "fr", "es", "ar"] {
            let other = load(&t, lang).unwrap();
            let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        }
    }

    #[test]
    fn tags_fall_back_to_their_primary_subtag_then_english() {
        let t = Templates::new(None);
        assert_eq!(catalog("de-CH", &t).get("check"), "Prüfen");
        let ar = catalog("ar", &t);
        assert_eq!(ar.dir, "rtl");
        let he = catalog("he", &t);
        assert!(he.fallback);
        assert_eq!((he.dir.as_str(), he.get("check")), ("rtl", "Check"));
        assert!(!catalog("en-GB", &t).fallback);
    }

    #[test]
    fn numbers_read_like_people_write_them() {
        assert_eq!(format_number(5.0), "5");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(1.0 / 3.0), "0.33");
    }
}
