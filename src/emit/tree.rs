//! An in-memory file tree: the only code that turns outputs into zips.

use std::collections::BTreeMap;

/// Relative `/`-separated path → bytes, sorted by path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tree {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Tree {
    pub fn new() -> Self {
        Tree::default()
    }

    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// A reproducible zip of every file, in path order ([`super::zip`]).
    pub fn to_zip(&self) -> std::io::Result<Vec<u8>> {
        let files: Vec<(&str, &[u8])> = self
            .files
            .iter()
            .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
            .collect();
        super::zip::zip(&files)
    }
}
