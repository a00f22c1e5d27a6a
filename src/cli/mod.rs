//! The `quizc` command line. One file per subcommand; `main` stays thin.
//!
//! Exit codes: 0 success, 1 errors in the input (or warnings with
//! `--deny-warnings`), 2 usage errors.

mod build;
mod check;
mod import;
mod new;
mod report;
mod serve;

use crate::diag::MessageFormat;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(name = "quizc", version, about = "Compile Quiz Markdown into LMS packages", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Compile quizzes into every format (or those given with --format).
    Build(build::BuildArgs),
    /// Parse and check quizzes only; print a summary.
    Check(check::CheckArgs),
    /// Convert a plain-text quiz (copied off a web page) to Quiz Markdown.
    Import(import::ImportArgs),
    /// Write a starter quiz that shows every question type.
    New(new::NewArgs),
    /// Preview the HTML output with live reload on 127.0.0.1.
    Serve(serve::ServeArgs),
}

/// Options every compiling subcommand shares.
#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// Quiz files or folders (searched recursively for *.md and *.txt) [default: content/]
    pub paths: Vec<PathBuf>,
    /// How diagnostics are printed.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// Treat warnings as errors (exit 1).
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print only diagnostics, no summary.
    #[arg(short, long)]
    pub quiet: bool,
}

impl CommonArgs {
    pub fn paths(&self) -> Vec<PathBuf> {
        if self.paths.is_empty() {
            vec![PathBuf::from("content")]
        } else {
            self.paths.clone()
        }
    }
}

pub const EXIT_ERRORS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Import(args) => import::run(args),
        Command::New(args) => new::run(args),
    }
}
