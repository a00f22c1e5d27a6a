//! Images → packaged assets.
//!
//! An image destination is a URL: percent-decoded, resolved relative to the
//! quiz file, canonicalised (symlinks followed) and required to stay inside
//! the content root. Each file is read and hashed once, whatever the number
//! of references or targets.
//!
//! An asset's name is `<slug of the file stem>-<8 hex of its SHA-256>.<ext>`
//! (extension letters and digits only): a plain URL-safe segment by
//! construction, whatever the file is called, so it is safe as a zip entry,
//! a folder entry and a URL (`tests/output_paths.rs` feeds hostile names).

use crate::diag::Diagnostic;
use crate::model::{Asset, ImageSrc};
use crate::parse::Cx;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Per-quiz image state: resolved files by canonical path, names in use.
#[derive(Debug, Default)]
pub struct Assets {
    pub list: Vec<Asset>,
    by_path: HashMap<PathBuf, String>,
    names: HashSet<String>,
    root: Option<PathBuf>,
}

/// Why an image cannot be packaged.
#[derive(Debug, Clone)]
pub enum ImageProblem {
    Absolute,
    Scheme(String),
    BadEncoding,
    OutsideRoot,
    NotFound,
    Unreadable(String),
    /// The file's bytes are no image format; the reason says what they are.
    NotAnImage(&'static str),
}

impl ImageProblem {
    pub fn diagnostic(&self, url: &str) -> Diagnostic {
        match self {
            ImageProblem::Absolute => Diagnostic::error("image-absolute-path", format!("image `{url}` has an absolute path"))
                .with_help("write the path relative to the quiz file, e.g. `img/plot.png`"),
            ImageProblem::Scheme(s) => Diagnostic::error("image-absolute-path", format!("image `{url}` uses a `{s}:` URL"))
                .with_help("use a path relative to the quiz file (or an `https://` URL for a remote image)"),
            ImageProblem::BadEncoding => Diagnostic::error("image-not-found", format!("image path `{url}` is not valid percent-encoded UTF-8"))
                .with_help("write spaces as `%20` and keep other characters as they are"),
            ImageProblem::OutsideRoot => Diagnostic::error("image-outside-root", format!("image `{url}` is outside the content root"))
                .with_help("move the image into the folder that holds quizc.toml (the content root), or next to the quiz"),
            ImageProblem::NotFound => Diagnostic::error("image-not-found", format!("image file `{url}` does not exist"))
                .with_help("the path is relative to the quiz file; check its spelling and case (`%20` for spaces)"),
            ImageProblem::Unreadable(e) => Diagnostic::error("image-not-found", format!("image `{url}` cannot be read: {e}"))
                .with_help("check the file's permissions"),
            ImageProblem::NotAnImage(what) => Diagnostic::error("not-an-image", format!("image `{url}` is not an image: {what}"))
                .with_help("save it again as PNG, JPEG, GIF, WebP or SVG"),
        }
    }
}

/// Resolves one image destination, packaging the file the first time.
pub fn resolve(cx: &mut Cx, url: &str) -> Result<ImageSrc, ImageProblem> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("//") {
        return Ok(ImageSrc::Remote {
            url: url.to_string(),
        });
    }
    if let Some(colon) = url.find(':') {
        let scheme = &url[..colon];
        let is_scheme = scheme.len() > 1
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if is_scheme {
            return Err(ImageProblem::Scheme(scheme.to_string()));
        }
    }
    let path_part = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path_part).ok_or(ImageProblem::BadEncoding)?;
    let rel = Path::new(&decoded);
    if decoded.starts_with('/') || decoded.starts_with('\\') || rel.is_absolute() {
        return Err(ImageProblem::Absolute);
    }
    let quiz_dir = cx.input.path.parent().unwrap_or(Path::new(""));
    let joined = quiz_dir.join(rel);
    let assets = &mut cx.assets;
    let root = assets
        .root
        .get_or_insert_with(|| {
            cx.input
                .content_root
                .canonicalize()
                .unwrap_or_else(|_| normalise(cx.input.content_root))
        })
        .clone();
    let canonical = match joined.canonicalize() {
        Ok(c) => c,
        Err(_) => {
            let quiz_abs = quiz_dir
                .canonicalize()
                .unwrap_or_else(|_| normalise(quiz_dir));
            return Err(if normalise(&quiz_abs.join(rel)).starts_with(&root) {
                ImageProblem::NotFound
            } else {
                ImageProblem::OutsideRoot
            });
        }
    };
    if !canonical.starts_with(&root) {
        return Err(ImageProblem::OutsideRoot);
    }
    if let Some(name) = assets.by_path.get(&canonical) {
        return Ok(ImageSrc::Asset { name: name.clone() });
    }
    let data = read_image(&canonical)?;
    let mime = super::image_type::sniff(&data)
        .ok_or_else(|| ImageProblem::NotAnImage(super::image_type::describe_non_image(&data)))?;
    let sha256: String = Sha256::digest(&data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let ext = canonical
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let stem = canonical
        .file_stem()
        .and_then(|s| s.to_str())
        .map(crate::parse::ids::slug)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "image".into());
    let base = format!("{stem}-{}", &sha256[..8]);
    let mut name = with_ext(&base, &ext);
    let mut n = 2;
    while !assets.names.insert(name.clone()) {
        name = with_ext(&format!("{base}-{n}"), &ext);
        n += 1;
    }
    let path = canonical
        .strip_prefix(&root)
        .unwrap_or(&canonical)
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect::<Vec<_>>()
        .join("/");
    assets.by_path.insert(canonical, name.clone());
    assets.list.push(Asset {
        name: name.clone(),
        path,
        mime: mime.to_string(),
        sha256,
        data: Arc::from(data),
    });
    Ok(ImageSrc::Asset { name })
}

/// A regular file of at most [`crate::source::MAX_SOURCE_BYTES`]: opening a
/// FIFO would wait forever for a writer.
fn read_image(path: &Path) -> Result<Vec<u8>, ImageProblem> {
    let unreadable = |e: std::io::Error| ImageProblem::Unreadable(e.to_string());
    if !std::fs::metadata(path).map_err(unreadable)?.is_file() {
        return Err(ImageProblem::Unreadable(
            "not a regular file (a folder, FIFO, socket or device)".into(),
        ));
    }
    crate::source::read_source(path).map_err(unreadable)
}

fn with_ext(base: &str, ext: &str) -> String {
    let ext: String = ext.chars().filter(char::is_ascii_alphanumeric).collect();
    if ext.is_empty() {
        base.to_string()
    } else {
        format!("{base}.{ext}")
    }
}

/// `%20` → space; `None` for a bad escape or invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Lexical normalisation (`a/./b/../c` → `a/c`), made absolute.
fn normalise(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(
            percent_decode("img/relu%20plot.png").as_deref(),
            Some("img/relu plot.png")
        );
        assert_eq!(percent_decode("%C3%A9").as_deref(), Some("é"));
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%"), None);
        assert_eq!(percent_decode("%FF"), None);
    }
}
