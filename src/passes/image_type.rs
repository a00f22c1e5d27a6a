//! What an image file really is, from its first bytes.
//!
//! A `.png` that holds an HTML error page, a Git LFS pointer or an empty
//! file would be packaged and shown as a broken image in every LMS, so an
//! image must be one of the formats browsers display, whatever its name.

/// The formats quizc packages, by their signature; the media type is the
/// content's, not the extension's.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if starts(b"\xff\xd8\xff") {
        Some("image/jpeg")
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some("image/gif")
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some("image/webp")
    } else if matches!(bytes.get(4..12), Some(b"ftypavif" | b"ftypavis")) {
        Some("image/avif")
    } else if starts(b"BM") && bytes.len() > 14 {
        Some("image/bmp")
    } else if starts(b"\0\0\x01\0") {
        Some("image/x-icon")
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        Some("image/tiff")
    } else if is_svg(bytes) {
        Some("image/svg+xml")
    } else {
        None
    }
}

/// XML whose first element is `<svg`: an optional BOM, XML declaration,
/// comments and doctype may come first.
fn is_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        let skip = if rest.starts_with("<?") {
            rest.find("?>").map(|i| i + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|i| i + 3)
        } else if rest.starts_with("<!") {
            rest.find('>').map(|i| i + 1)
        } else {
            break;
        };
        match skip {
            Some(n) => rest = rest[n..].trim_start(),
            None => return false,
        }
    }
    rest.strip_prefix("<svg")
        .is_some_and(|after| after.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/'))
}

/// A short guess at what a non-image is, for the message.
pub fn describe_non_image(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(512)];
    if bytes.is_empty() {
        "the file is empty"
    } else if head.starts_with(b"version https://git-lfs") {
        "the file is a Git LFS pointer, not the image (run `git lfs pull`)"
    } else if String::from_utf8_lossy(head)
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("<!doctype html")
        || head.windows(5).any(|w| w.eq_ignore_ascii_case(b"<html"))
    {
        "the file is an HTML page (a failed download?)"
    } else if std::str::from_utf8(head).is_ok() {
        "the file is text"
    } else {
        "its bytes are not PNG, JPEG, GIF, WebP, AVIF, BMP, ICO, TIFF or SVG"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0..JFIF"), Some("image/jpeg"));
        assert_eq!(sniff(b"GIF89a...."), Some("image/gif"));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"\0\0\0\x1cftypavif"), Some("image/avif"));
        assert_eq!(
            sniff(b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<!DOCTYPE svg>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some("image/svg+xml")
        );
        assert_eq!(sniff(b"<svg>"), Some("image/svg+xml"));
    }

    #[test]
    fn non_images() {
        for bytes in [
            &b""[..],
            b"just some text",
            b"<svgfoo>",
            b"<html><svg></svg></html>",
            b"PNG but not really",
            b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\n",
        ] {
            assert_eq!(sniff(bytes), None, "{:?}", String::from_utf8_lossy(bytes));
        }
        assert!(describe_non_image(b"").contains("empty"));
        assert!(
            describe_non_image(b"version https://git-lfs.github.com/spec/v1\n")
                .contains("git lfs pull")
        );
        assert!(describe_non_image(b"<!DOCTYPE html><html>").contains("HTML"));
        assert!(describe_non_image(b"hello").contains("text"));
        assert!(describe_non_image(b"\xff\xfe\x00\x01").contains("not PNG"));
    }
}
