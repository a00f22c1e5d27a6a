//! Printing diagnostics and summaries to stderr.

use crate::diag::{self, Diagnostic, MessageFormat, Severity};
use crate::source::SourceMap;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use std::io::IsTerminal;

pub fn stderr() -> StandardStream {
    let color = if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    StandardStream::stderr(color)
}

/// Warnings of one code shown in full in the human and short forms; the rest
/// are counted in one note (a 10,000-question bank can raise the same
/// format warning thousands of times). Errors are always all shown, and the
/// machine-readable forms always carry everything.
pub const SAME_WARNING_LIMIT: usize = 10;

pub fn print_diagnostics(sources: &SourceMap, diags: &[Diagnostic], format: MessageFormat) {
    let mut out = stderr();
    if matches!(format, MessageFormat::Json | MessageFormat::Github) {
        let _ = diag::emit(&mut out, sources, diags, format);
        return;
    }
    let mut seen: std::collections::BTreeMap<&str, usize> = Default::default();
    let shown: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| {
            let n = seen.entry(d.code).or_default();
            *n += 1;
            d.severity == Severity::Error || *n <= SAME_WARNING_LIMIT
        })
        .cloned()
        .collect();
    let _ = diag::emit(&mut out, sources, &shown, format);
    for (code, n) in seen {
        let hidden = diags
            .iter()
            .filter(|d| d.code == code && d.severity != Severity::Error)
            .count()
            .saturating_sub(SAME_WARNING_LIMIT);
        if hidden > 0 && n > SAME_WARNING_LIMIT {
            let _ = std::io::Write::write_fmt(
                &mut out,
                format_args!(
                    "note: {hidden} more `{code}` warnings not shown (--message-format json lists every one)\n"
                ),
            );
        }
    }
}

/// `error: could not compile 2 quizzes (3 errors, 1 warning)` style tail.
pub fn counts(diags: &[Diagnostic]) -> String {
    let n = |s| diags.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(n(Severity::Error), "error"),
        plural(n(Severity::Warning), "warning")
    )
}

/// A usage error: message to stderr, exit 2.
pub fn usage_error(message: &str) -> std::process::ExitCode {
    eprintln!("error: {message}");
    std::process::ExitCode::from(super::EXIT_USAGE)
}

/// A progress bar on stderr for builds of many files, only when stderr is a
/// terminal and not in CI (CI logs get no bar).
pub fn progress(len: u64, what: &'static str) -> indicatif::ProgressBar {
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !interactive || len < 20 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len} {wide_msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(what);
    bar
}
