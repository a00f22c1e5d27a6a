//! `quizc new`: write a starter quiz that shows every question type.

use super::report;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The quiz title; the file is named after it (`My Quiz` → `my-quiz.md`).
    pub name: String,
    /// Folder to write into [default: content/ when it exists, else .]
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

pub fn run(args: NewArgs) -> ExitCode {
    let dir = args.dir.clone().unwrap_or_else(|| {
        let content = PathBuf::from("content");
        if content.is_dir() {
            content
        } else {
            PathBuf::from(".")
        }
    });
    let path = dir.join(crate::scaffold::starter_file_name(&args.name));
    if path.exists() {
        return report::usage_error(&format!("{} already exists", path.display()));
    }
    if let Err(e) =
        crate::write::write_atomic(&path, crate::scaffold::starter_quiz(&args.name).as_bytes())
    {
        eprintln!("error: cannot write {}: {e}", path.display());
        return ExitCode::from(super::EXIT_ERRORS);
    }
    eprintln!(
        "wrote {}; preview it with `quizc serve`, build it with `quizc build`",
        path.display()
    );
    ExitCode::SUCCESS
}
