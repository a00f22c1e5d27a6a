//! Shared by the output safety tests: build content with the real binary
//! into a scratch folder, and read back every output file, zips unpacked.
//! Each test file uses a part of it.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// An empty folder under `target/output-safety/`.
pub fn scratch(name: &str) -> PathBuf {
    let dir = root()
        .join("target/output-safety")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `quizc ARGS` in `cwd`.
pub fn quizc(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quizc"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("quizc runs")
}

/// `quizc build --format all` of `input` into `out`; panics on failure.
pub fn build_all(cwd: &Path, input: &Path, out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_quizc"))
        .current_dir(cwd)
        .args(["build", "-q", "--format", "all", "--out"])
        .arg(out)
        .arg(input)
        .output()
        .expect("quizc runs");
    assert!(
        output.status.success(),
        "quizc build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// One output file: `html/quiz/index.html`, or a zip entry as
/// `scorm12/quiz.zip!index.html`.
pub struct OutputFile {
    pub name: String,
    /// The entry's name inside its zip, as stored.
    pub entry: Option<String>,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// Every file under `out`, in path order, each zip's entries in place of the zip.
pub fn read_outputs(out: &Path) -> Vec<OutputFile> {
    let mut files = Vec::new();
    walk(out, out, &mut files);
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

fn walk(root: &Path, dir: &Path, files: &mut Vec<OutputFile>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(root, &path, files);
            continue;
        }
        let name = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(&path).unwrap();
        if name.ends_with(".zip") {
            files.extend(zip_entries(&name, &bytes));
        } else {
            files.push(OutputFile {
                name,
                entry: None,
                bytes,
            });
        }
    }
}

fn zip_entries(zip_name: &str, bytes: &[u8]) -> Vec<OutputFile> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            // The bytes as stored, not a name the zip crate has cleaned.
            let entry = String::from_utf8_lossy(f.name_raw()).into_owned();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            OutputFile {
                name: format!("{zip_name}!{entry}"),
                entry: Some(entry),
                bytes: data,
            }
        })
        .collect()
}
