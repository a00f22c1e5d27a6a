//! Paths in what quizc emits: every zip entry name is a safe relative path,
//! whatever the image file names and quiz file names (hostile quiz ids are
//! refused), and no output holds an absolute path of the build machine.

mod safety_support;

use safety_support::{OutputFile, build_all, quizc, read_outputs, root, scratch};
use std::path::Path;

/// Image files named to escape a zip or confuse an unpacker, each with the
/// percent-encoded destination a quiz uses for it.
const HOSTILE_IMAGES: &[(&str, &str)] = &[
    ("..png", "..png"),
    ("...png", "...png"),
    ("..\\..\\evil.png", "..%5C..%5Cevil.png"),
    ("C:evil.png", "C%3Aevil.png"),
    ("\\\\server\\share.png", "%5C%5Cserver%5Cshare.png"),
    ("ctl\u{1}\u{7f}.png", "ctl%01%7F.png"),
    ("tab\tnew\nline.png", "tab%09new%0Aline.png"),
    (" .png", "%20.png"),
    ("%2e%2e%2fup.png", "%252e%252e%252fup.png"),
    ("<script>.png", "%3Cscript%3E.png"),
    ("\"quote'.png", "%22quote'.png"),
    ("éè ∕ slash.png", "%C3%A9%C3%A8%20%E2%88%95%20slash.png"),
    ("no-extension", "no-extension"),
    ("weird.p%20g", "weird.p%2520g"),
    ("-rf.png", "-rf.png"),
];

/// Quiz files whose stems become quiz ids, hence zip and folder names.
const HOSTILE_STEMS: &[&str] = &[
    "x\\..\\..\\evil one",
    "C:\\Windows\\x",
    "\u{1}ctl",
    "%2e%2e%2fup",
    " spaced ",
    "con",
];

/// A safe entry name: relative, `/`-separated, every segment a plain
/// URL-safe name (no `..`, no empty segment, no backslash, no drive letter,
/// no control character).
fn is_safe_entry(name: &str) -> bool {
    !name.is_empty()
        && name.split('/').all(|segment| {
            !segment.is_empty()
                && segment != "."
                && segment != ".."
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
}

fn write_hostile_content(dir: &Path) {
    let img = dir.join("img");
    std::fs::create_dir_all(&img).unwrap();
    let png = std::fs::read(root().join("tests/fixtures/red-square.png")).unwrap();
    let mut images = String::new();
    for (i, (file, dest)) in HOSTILE_IMAGES.iter().enumerate() {
        // Each file its own bytes, so none is deduplicated away.
        let mut bytes = png.clone();
        bytes.extend_from_slice(format!("{i}").as_bytes());
        std::fs::write(img.join(file), bytes).unwrap();
        images.push_str(&format!("![image {i}](img/{dest})\n\n"));
    }
    for (i, stem) in HOSTILE_STEMS.iter().enumerate() {
        let quiz = format!(
            "## ../../etc/passwd{i} · True / False\n\n{images}- [x] True\n- [ ] False\n\n\
             ## C:\\Windows\\system32 · Multiple Choice\n\nPick.\n\n- [x] a\n- [ ] b\n"
        );
        std::fs::write(dir.join(format!("{stem}.md")), quiz).unwrap();
    }
}

#[test]
fn zip_entry_names_are_safe_relative_paths_whatever_the_file_names() {
    let dir = scratch("hostile-names");
    let content = dir.join("content");
    write_hostile_content(&content);
    let out = dir.join("dist");
    build_all(&dir, &content, &out);
    let outputs = read_outputs(&out);
    let entries: Vec<&OutputFile> = outputs.iter().filter(|f| f.entry.is_some()).collect();
    // Six quizzes in five zip formats, each with every image.
    assert_eq!(
        outputs
            .iter()
            .filter(|f| f.name.starts_with("scorm12/"))
            .count(),
        6 * (2 + HOSTILE_IMAGES.len())
    );
    let unsafe_entries: Vec<&str> = entries
        .iter()
        .map(|f| f.entry.as_deref().unwrap())
        .filter(|e| !is_safe_entry(e))
        .collect();
    assert!(unsafe_entries.is_empty(), "{unsafe_entries:?}");
    // Folders and zip files too: every path below `dist/` is plain.
    for f in &outputs {
        let path = f.name.split('!').next().unwrap();
        assert!(is_safe_entry(path), "{path}");
    }
    // What the manifests and pages point at is exactly those names.
    for f in outputs
        .iter()
        .filter(|f| f.name.ends_with("imsmanifest.xml"))
    {
        let xml = f.text();
        for href in xml
            .split("href=\"")
            .skip(1)
            .map(|h| &h[..h.find('"').unwrap()])
        {
            assert!(
                href.starts_with("http://") || href.starts_with("https://") || is_safe_entry(href),
                "{}: {href}",
                f.name
            );
        }
    }
}

#[test]
fn a_quiz_id_that_is_not_an_identifier_is_an_error_and_writes_nothing() {
    let dir = scratch("hostile-ids");
    let ids = [
        "../../evil",
        "/etc/evil",
        "C:\\evil",
        "a/b",
        "evil\u{1}",
        "..",
        "évil",
        "a b",
    ];
    for (i, id) in ids.iter().enumerate() {
        let quiz = format!(
            "---\nid: {}\n---\n\n## Q · True / False\n\nYes?\n\n- [x] True\n- [ ] False\n",
            serde_json::to_string(id).unwrap()
        );
        std::fs::write(dir.join(format!("q{i}.md")), quiz).unwrap();
        let out = quizc(
            &dir,
            &[
                "build",
                "--format",
                "all",
                "--out",
                "dist",
                "--message-format",
                "short",
                &format!("q{i}.md"),
            ],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{id}: {stderr}");
        assert!(stderr.contains("error[invalid-id]"), "{id}: {stderr}");
    }
    // Nothing but the (empty) index of the build's HTML site.
    let written: Vec<String> = read_outputs(&dir.join("dist"))
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(written, ["html/index.html"]);
    assert!(!dir.parent().unwrap().join("evil").exists());
}

/// Paths that must appear in no output, and where each was found.
fn leaks(outputs: &[OutputFile], paths: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for f in outputs {
        for p in paths {
            let hay = String::from_utf8_lossy(&f.bytes);
            // JSON escapes `/` never, but a path may come out with `\\` or URL-encoded.
            let forms = [p.to_string(), p.replace('/', "\\\\"), p.replace('/', "%2F")];
            if forms
                .iter()
                .any(|form| hay.contains(form.as_str()) || f.name.contains(form.as_str()))
            {
                found.push(format!("{}: {p}", f.name));
            }
        }
    }
    found
}

#[test]
fn no_output_holds_an_absolute_path_of_the_build_machine() {
    let dir = scratch("absolute").join("Quizc-Marker-Dir");
    let content = dir.join("content");
    std::fs::create_dir_all(content.join("unit/img")).unwrap();
    std::fs::write(content.join("quizc.toml"), "[quiz]\npoints = 1\n").unwrap();
    let fixture = root().join("tests/fixtures/scorm");
    let quiz = std::fs::read_to_string(fixture.join("all-types.md")).unwrap();
    // The image one folder up from the quiz, inside the content root.
    let quiz = quiz.replace(
        "](img/relu%20plot.png)",
        "](../shared%20img/relu%20plot.png)",
    );
    std::fs::write(content.join("unit/all-types.md"), quiz).unwrap();
    std::fs::create_dir_all(content.join("shared img")).unwrap();
    std::fs::copy(
        fixture.join("img/relu plot.png"),
        content.join("shared img/relu plot.png"),
    )
    .unwrap();

    let home = std::env::var("HOME").unwrap_or_default();
    let cwd = root().to_string_lossy().into_owned();
    let absolute = dir.to_string_lossy().into_owned();
    let mut paths = vec![absolute.as_str(), "Quizc-Marker-Dir", cwd.as_str()];
    if home.len() > 1 {
        paths.push(home.as_str());
    }
    // From inside the folder with relative paths, and from elsewhere with
    // absolute ones, through a `..` and a file named on its own.
    let runs: [(&Path, Vec<String>); 3] = [
        (&dir, vec!["content".into(), "dist-relative".into()]),
        (
            root(),
            vec![
                content.to_string_lossy().into(),
                dir.join("dist-absolute").to_string_lossy().into(),
            ],
        ),
        (
            root(),
            vec![
                content
                    .join("unit/../unit/all-types.md")
                    .to_string_lossy()
                    .into(),
                dir.join("dist-file").to_string_lossy().into(),
            ],
        ),
    ];
    for (cwd, args) in &runs {
        let out = Path::new(&args[1]);
        let out = if out.is_absolute() {
            out.to_path_buf()
        } else {
            cwd.join(out)
        };
        build_all(cwd, Path::new(&args[0]), &out);
        let outputs = read_outputs(&out);
        assert!(outputs.len() > 20, "{} outputs", outputs.len());
        let found = leaks(&outputs, &paths);
        assert!(found.is_empty(), "{}", found.join("\n"));
        let json: serde_json::Value = serde_json::from_slice(
            &outputs
                .iter()
                .find(|f| f.name == "json/scorm-check.json")
                .unwrap()
                .bytes,
        )
        .unwrap();
        assert_eq!(
            json["source"], "unit/all-types.md",
            "relative to the content root"
        );
        assert_eq!(json["assets"][0]["path"], "shared img/relu plot.png");
    }
}
