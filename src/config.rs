//! `quizc.toml`: project defaults beside the content.
//!
//! ```toml
//! [build]
//! formats = ["html", "moodle"]   # default: every implemented format
//! out = "dist"
//!
//! [quiz]                          # defaults for every quiz (front matter keys)
//! points = 1
//! lang = "en"
//!
//! [format.moodle]                 # per-format options
//! ```
//!
//! Precedence: command-line flag > front matter > quizc.toml > default.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "quizc.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The folder holding quizc.toml (the content root), when one was found.
    #[serde(skip)]
    pub root: Option<PathBuf>,
    #[serde(default)]
    pub build: BuildConfig,
    /// Quiz defaults, with the same keys and types as front matter.
    #[serde(default)]
    pub quiz: toml::Table,
    /// Per-format options: `[format.<name>]`.
    #[serde(default)]
    pub format: BTreeMap<String, toml::Table>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    pub formats: Option<Vec<String>>,
    pub out: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
}

impl Config {
    /// Looks for quizc.toml in `start` and its ancestors. Without one, the
    /// content root is `start` (a folder) or its folder (a file).
    pub fn discover(start: &Path) -> Result<Config, ConfigError> {
        let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        let dir = if start.is_file() {
            start.parent().map(Path::to_path_buf).unwrap_or_default()
        } else {
            start
        };
        for folder in dir.ancestors() {
            let candidate = folder.join(FILE_NAME);
            if candidate.is_file() {
                return Config::load(&candidate);
            }
        }
        Ok(Config {
            root: Some(dir),
            ..Config::default()
        })
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config: Config = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        config.root = path.parent().map(Path::to_path_buf);
        Ok(config)
    }

    /// The options table of one format (empty when none).
    pub fn format_options(&self, format: &str) -> Option<&toml::Table> {
        self.format.get(format)
    }
}
