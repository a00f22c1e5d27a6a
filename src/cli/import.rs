//! `quizc import`: plain text (a quiz copied off a web page) → Quiz Markdown.

use super::{EXIT_ERRORS, report};
use crate::diag::MessageFormat;
use crate::source::SourceMap;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The plain-text quiz.
    pub file: PathBuf,
    /// Where to write the Markdown [default: FILE with the extension .md;
    /// `-` for standard output]
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Overwrite OUT when it exists.
    #[arg(long)]
    pub force: bool,
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}

pub fn run(args: ImportArgs) -> ExitCode {
    let mut sources = SourceMap::default();
    let (markdown, diags) = match crate::import::import(&args.file, &mut sources) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    report::print_diagnostics(&sources, &diags.items, args.message_format);
    if diags.has_errors() {
        return ExitCode::from(EXIT_ERRORS);
    }
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| args.file.with_extension("md"));
    if out.as_os_str() == "-" {
        print!("{markdown}");
        return ExitCode::SUCCESS;
    }
    if out.exists() && !args.force {
        return report::usage_error(&format!(
            "{} exists; pass --force to overwrite it, or -o to write elsewhere",
            out.display()
        ));
    }
    if let Err(e) = crate::write::write_atomic(&out, markdown.as_bytes()) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return ExitCode::from(EXIT_ERRORS);
    }
    eprintln!("wrote {} ({})", out.display(), report::counts(&diags.items));
    ExitCode::SUCCESS
}
