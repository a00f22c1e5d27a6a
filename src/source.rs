//! Source files: reading them (with a size limit) and their line index.

use std::io::Read;
use std::ops::Range;
use std::path::Path;

/// The largest quiz file quizc reads: 64 MiB. A 100,000-question bank is
/// about 20 MB; a file past the limit is almost always a mistake (a log, a
/// dump, a binary with a `.md` name), and is refused before it is read
/// rather than filling memory with a model ten times its size.
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a source file of at most [`MAX_SOURCE_BYTES`]. A larger file is an
/// error of kind [`std::io::ErrorKind::FileTooLarge`], found from its size
/// before reading (and, for a file that grows meanwhile, while reading).
pub fn read_source(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > MAX_SOURCE_BYTES {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_SOURCE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_large(size: u64) -> std::io::Error {
    const MIB: f64 = 1024.0 * 1024.0;
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!(
            "the file is {:.1} MiB; quizc reads files of at most {} MiB",
            size as f64 / MIB,
            MAX_SOURCE_BYTES / 1024 / 1024
        ),
    )
}

/// Index of a file in [`SourceMap`].
pub type FileId = usize;

/// One loaded source file: its display name, its text and a line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// As shown in diagnostics (the path as given, or relative to the cwd).
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// 0-based line of a byte offset.
    pub fn line_index(&self, byte: usize) -> usize {
        match self.line_starts.binary_search(&byte) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line)?;
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        Some(start..end)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based line and column; columns count Unicode scalar values.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let byte = self.floor_char_boundary(byte.min(self.text.len()));
        let line = self.line_index(byte);
        let start = self.line_starts[line];
        let col = self.text[start..byte].chars().count() + 1;
        (line + 1, col)
    }

    fn floor_char_boundary(&self, mut i: usize) -> usize {
        while !self.text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

/// Every file of a run, so diagnostics can refer to them by id.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        self.files.len() - 1
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl<'a> codespan_reporting::files::Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files
            .get(id)
            .map(|f| f.name.as_str())
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files
            .get(id)
            .map(|f| f.text.as_str())
            .ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn line_index(
        &'a self,
        id: FileId,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let f = self
            .files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        Ok(f.line_index(byte.min(f.text.len())))
    }

    fn line_range(
        &'a self,
        id: FileId,
        line: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let f = self
            .files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        f.line_range(line)
            .ok_or(codespan_reporting::files::Error::LineTooLarge {
                given: line,
                max: f.line_count() - 1,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = SourceFile::new("q.md", "## Q 1 · Multiple\nsecond · x");
        assert_eq!(f.line_col(0), (1, 1));
        // "·" is two bytes: the space after it is byte 9, column 9.
        assert_eq!(f.line_col(9), (1, 9));
        assert_eq!(f.line_col(19), (2, 1));
        assert_eq!(f.line_col(f.text.len()), (2, 11));
    }
}
