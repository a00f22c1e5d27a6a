//! `quizc build`: compile every quiz into every chosen format.

use super::{CommonArgs, report};
use crate::compile::Compiled;
use crate::config::Config;
use crate::diag::Diagnostics;
use crate::emit::{self, EmitCx, Emitter, Output};
use clap::Args;
use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Formats, comma separated: json, html, moodle, canvas (qti12), qti21,
    /// qti30, scorm12, scorm2004, or all [default: quizc.toml's, else all]
    #[arg(short, long, value_delimiter = ',')]
    pub format: Vec<String>,
    /// Output folder [default: quizc.toml's, else dist/]
    #[arg(short, long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: BuildArgs) -> ExitCode {
    crate::write::exit_on_interrupt();
    let paths = args.common.paths();
    let config = match Config::discover(&paths[0]) {
        Ok(c) => c,
        Err(e) => return report::usage_error(&e.to_string()),
    };
    let requested = if args.format.is_empty() {
        config.build.formats.clone().unwrap_or_default()
    } else {
        args.format.clone()
    };
    let emitters = match select_formats(&requested) {
        Ok(e) => e,
        Err(message) => return report::usage_error(&message),
    };
    let out = args
        .out
        .clone()
        .or_else(|| config.build.out.clone())
        .unwrap_or_else(|| PathBuf::from("dist"));

    let discovery = crate::discover::discover(&paths);
    let progress = report::progress(discovery.files.len() as u64, "compiling");
    let mut compiled =
        crate::compile::compile_with_progress(&discovery, &config, &|| progress.inc(1));
    progress.finish_and_clear();
    let writer = crate::write::BuildWriter::new(&out);
    let emit_diags = emit_all(&compiled, &emitters, &config, &|rel, bytes| {
        writer.write(&rel, &bytes)
    });
    compiled.diags.extend(emit_diags);
    compiled.diags.sort();

    let names: Vec<&str> = emitters.iter().map(|e| e.name()).collect();
    let write = writer.finish(&names);
    report::print_diagnostics(
        &compiled.sources,
        &compiled.diags.items,
        args.common.message_format,
    );
    let code = super::check::finish(&compiled.diags, args.common.deny_warnings);
    match write {
        Ok(w) => {
            if !args.common.quiet {
                let built = compiled.ok_quizzes().count();
                eprintln!(
                    "built {built} of {} quiz{} into {} ({}; {} written, {} unchanged, {} removed); {}",
                    compiled.units.len(),
                    if compiled.units.len() == 1 { "" } else { "zes" },
                    out.display(),
                    names.join(", "),
                    w.written,
                    w.unchanged,
                    w.removed.len(),
                    report::counts(&compiled.diags.items)
                );
            }
            code
        }
        Err(errors) => {
            for e in errors {
                eprintln!("error[write-failed]: {e}");
            }
            ExitCode::from(super::EXIT_ERRORS)
        }
    }
}

/// Resolves `--format` names (and `all`) to emitters, in registry order.
pub fn select_formats(requested: &[String]) -> Result<Vec<&'static dyn Emitter>, String> {
    let available = || {
        emit::EMITTERS
            .iter()
            .map(|e| e.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if requested.is_empty() || requested.iter().any(|f| f == "all") {
        return Ok(emit::EMITTERS.to_vec());
    }
    let mut chosen: Vec<&'static dyn Emitter> = Vec::new();
    for name in requested {
        let name = name.trim();
        match emit::find(name) {
            Some(e) => {
                if !chosen.iter().any(|c| c.name() == e.name()) {
                    chosen.push(e);
                }
            }
            None => {
                return Err(format!(
                    "unknown format `{name}`; available: {}, all",
                    available()
                ));
            }
        }
    }
    chosen.sort_by_key(|e| emit::EMITTERS.iter().position(|r| r.name() == e.name()));
    Ok(chosen)
}

/// Runs every emitter on every quiz without errors, in parallel, handing
/// each file (path relative to the output folder) to `sink` as soon as it is
/// made; returns the warnings.
pub fn emit_all(
    compiled: &Compiled,
    emitters: &[&'static dyn Emitter],
    config: &Config,
    sink: &(dyn Fn(String, Vec<u8>) + Sync),
) -> Diagnostics {
    let quizzes: Vec<_> = compiled.ok_quizzes().collect();
    let jobs: Vec<_> = quizzes
        .iter()
        .flat_map(|q| emitters.iter().map(move |e| (*q, *e)))
        .collect();
    let results: Vec<Diagnostics> = jobs
        .par_iter()
        .map(|((unit, quiz), emitter)| {
            let mut cx = EmitCx {
                file: unit.file,
                config,
                diags: Diagnostics::default(),
            };
            let files = match emitter.emit(quiz, &mut cx) {
                Ok(output) => place(emitter.name(), &quiz.id, output),
                Err(e) => Err(e.to_string()),
            };
            match files {
                Ok(files) => {
                    for (rel, bytes) in files {
                        sink(rel, bytes);
                    }
                    cx.diags
                }
                Err(message) => {
                    cx.diags.push(
                        crate::diag::Diagnostic::error(
                            "emit-failed",
                            format!(
                                "{} output of quiz `{}` failed: {message}",
                                emitter.name(),
                                quiz.id
                            ),
                        )
                        .in_file(unit.file),
                    );
                    cx.diags
                }
            }
        })
        .collect();

    let mut diags = Diagnostics::default();
    for d in results {
        diags.extend(d);
    }
    let ok: Vec<_> = quizzes.iter().map(|(_, q)| *q).collect();
    for emitter in emitters {
        match emitter.site(&ok, config) {
            Ok(Some(tree)) => {
                for (path, bytes) in tree.files {
                    sink(format!("{}/{path}", emitter.name()), bytes);
                }
            }
            Ok(None) => {}
            Err(e) => diags.push(crate::diag::Diagnostic::error(
                "emit-failed",
                format!("{} site files failed: {e}", emitter.name()),
            )),
        }
    }
    diags
}

/// Output files of one emitter run: path under the output folder → bytes.
type Placed = Vec<(String, Vec<u8>)>;

/// The fixed output layout: `<format>/<quiz-id>.<ext>`, `<format>/<quiz-id>.zip`
/// or `<format>/<quiz-id>/…`.
fn place(format: &str, id: &str, output: Output) -> Result<Placed, String> {
    Ok(match output {
        Output::File { ext, bytes } => vec![(format!("{format}/{id}.{ext}"), bytes)],
        Output::Zip(tree) => vec![(
            format!("{format}/{id}.zip"),
            tree.to_zip().map_err(|e| e.to_string())?,
        )],
        Output::Folder(tree) => tree
            .files
            .into_iter()
            .map(|(path, bytes)| (format!("{format}/{id}/{path}"), bytes))
            .collect(),
    })
}
