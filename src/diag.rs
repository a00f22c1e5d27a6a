//! Diagnostics are data: severity, a stable code, a span, labels and a help
//! line. They are collected (many per run) and rendered separately, as a
//! human report with code frames, as JSON lines, or as GitHub workflow commands.
//!
//! Codes are stable kebab-case names (`no-correct-answer`); the table of them
//! lives in `docs/diagnostics.md`.

use crate::model::Span;
use crate::source::{FileId, SourceMap};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub file: Option<FileId>,
    /// The primary location; `None` for problems with a whole file or run.
    pub span: Option<Span>,
    /// The message under the primary caret.
    pub label: Option<String>,
    /// Secondary locations in the same file.
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            file: None,
            span: None,
            label: None,
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, message)
    }

    pub fn at(mut self, file: FileId, span: Span) -> Self {
        self.file = Some(file);
        self.span = Some(span);
        self
    }

    pub fn in_file(mut self, file: FileId) -> Self {
        self.file = Some(file);
        self
    }

    pub fn with_label(mut self, message: impl Into<String>) -> Self {
        self.label = Some(message.into());
        self
    }

    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A collection of diagnostics, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Sorts by file, then position, keeping the found order for ties.
    pub fn sort(&mut self) {
        self.items
            .sort_by_key(|d| (d.file, d.span.map(|s| s.start).unwrap_or(0)));
    }
}

/// How diagnostics are printed (`--message-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum MessageFormat {
    /// Code frames with colours when stderr is a terminal.
    #[default]
    Human,
    /// `file:line:col: severity[code]: message`, one line each.
    Short,
    /// One JSON object per line.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
}

/// The location of a diagnostic as 1-based line and column (characters).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

pub fn location(sources: &SourceMap, d: &Diagnostic) -> Option<Location> {
    let file = sources.get(d.file?);
    let span = d.span.unwrap_or_default();
    let (line, column) = file.line_col(span.start);
    let (end_line, end_column) = file.line_col(span.end.max(span.start));
    Some(Location {
        file: file.name.clone(),
        line,
        column,
        end_line,
        end_column,
    })
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    help: Option<&'a str>,
}

/// Writes every diagnostic in the chosen format.
pub fn emit(
    out: &mut dyn codespan_reporting::term::termcolor::WriteColor,
    sources: &SourceMap,
    diags: &[Diagnostic],
    format: MessageFormat,
) -> std::io::Result<()> {
    for d in diags {
        match format {
            MessageFormat::Human => emit_human(out, sources, d)?,
            MessageFormat::Short => {
                let code = d.code;
                let sev = severity_word(d.severity);
                match location(sources, d) {
                    Some(l) if d.span.is_some() => writeln!(
                        out,
                        "{}:{}:{}: {sev}[{code}]: {}",
                        l.file, l.line, l.column, d.message
                    )?,
                    Some(l) => writeln!(out, "{}: {sev}[{code}]: {}", l.file, d.message)?,
                    None => writeln!(out, "{sev}[{code}]: {}", d.message)?,
                }
            }
            MessageFormat::Json => {
                let loc = location(sources, d);
                let has_span = d.span.is_some();
                let j = JsonDiagnostic {
                    severity: d.severity,
                    code: d.code,
                    message: &d.message,
                    file: loc.as_ref().map(|l| l.file.as_str()),
                    line: loc.as_ref().filter(|_| has_span).map(|l| l.line),
                    column: loc.as_ref().filter(|_| has_span).map(|l| l.column),
                    end_line: loc.as_ref().filter(|_| has_span).map(|l| l.end_line),
                    end_column: loc.as_ref().filter(|_| has_span).map(|l| l.end_column),
                    help: d.help.as_deref(),
                };
                serde_json::to_writer(&mut *out, &j)?;
                writeln!(out)?;
            }
            MessageFormat::Github => {
                let cmd = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Note => "notice",
                };
                let mut props = Vec::new();
                if let Some(l) = location(sources, d) {
                    props.push(format!("file={}", gh_escape_property(&l.file)));
                    if d.span.is_some() {
                        props.push(format!("line={}", l.line));
                        props.push(format!("col={}", l.column));
                        props.push(format!("endLine={}", l.end_line));
                        props.push(format!("endColumn={}", l.end_column));
                    }
                }
                props.push(format!("title={}", gh_escape_property(d.code)));
                let mut msg = d.message.clone();
                if let Some(h) = &d.help {
                    msg.push_str("\nhelp: ");
                    msg.push_str(h);
                }
                writeln!(out, "::{cmd} {}::{}", props.join(","), gh_escape_data(&msg))?;
            }
        }
    }
    Ok(())
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn gh_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_escape_property(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn emit_human(
    out: &mut dyn codespan_reporting::term::termcolor::WriteColor,
    sources: &SourceMap,
    d: &Diagnostic,
) -> std::io::Result<()> {
    use codespan_reporting::diagnostic as cs;
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Note => cs::Severity::Note,
    };
    let mut c = cs::Diagnostic::new(severity)
        .with_code(d.code)
        .with_message(&d.message);
    if let Some(file) = d.file {
        let text_len = sources.get(file).text.len();
        let clamp = |s: Span| s.start.min(text_len)..s.end.min(text_len).max(s.start.min(text_len));
        let mut labels = Vec::new();
        if let Some(span) = d.span {
            labels.push(
                cs::Label::primary(file, clamp(span))
                    .with_message(d.label.clone().unwrap_or_default()),
            );
        }
        for l in &d.labels {
            labels.push(cs::Label::secondary(file, clamp(l.span)).with_message(&l.message));
        }
        if labels.is_empty() {
            c = c.with_notes(vec![format!("in {}", sources.get(file).name)]);
        }
        c = c.with_labels(labels);
    }
    if let Some(h) = &d.help {
        c.notes.push(format!("help: {h}"));
    }
    let config = codespan_reporting::term::Config::default();
    codespan_reporting::term::emit_to_write_style(out, &config, sources, &c)
        .map_err(std::io::Error::other)
}
