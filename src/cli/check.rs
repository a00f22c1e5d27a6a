//! `quizc check`: parse and check only, then a summary.

use super::{CommonArgs, EXIT_ERRORS, report};
use crate::config::Config;
use crate::diag::Severity;
use crate::model::{Item, QuestionKind, scoring};
use clap::Args;
use std::collections::BTreeMap;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
}

pub fn run(args: CheckArgs) -> ExitCode {
    let paths = args.common.paths();
    let config = match Config::discover(&paths[0]) {
        Ok(c) => c,
        Err(e) => return report::usage_error(&e.to_string()),
    };
    let discovery = crate::discover::discover(&paths);
    let mut compiled = crate::compile::compile(&discovery, &config);
    compiled.diags.sort();
    report::print_diagnostics(
        &compiled.sources,
        &compiled.diags.items,
        args.common.message_format,
    );
    if !args.common.quiet {
        eprintln!("{}", summary(&compiled));
    }
    finish(&compiled.diags, args.common.deny_warnings)
}

/// Exit 1 on errors (or on warnings when denied), else 0.
pub fn finish(diags: &crate::diag::Diagnostics, deny_warnings: bool) -> ExitCode {
    if diags.has_errors() || (deny_warnings && diags.count(Severity::Warning) > 0) {
        ExitCode::from(EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

/// `checked 2 quizzes: 21 questions (…), 24 points; 0 errors, 1 warning`
pub fn summary(compiled: &crate::compile::Compiled) -> String {
    let mut per_kind: BTreeMap<QuestionKind, usize> = BTreeMap::new();
    let mut points = 0.0;
    let mut quizzes = 0;
    for unit in &compiled.units {
        let Some(quiz) = &unit.quiz else { continue };
        quizzes += 1;
        points += scoring::total_points(quiz);
        for item in &quiz.items {
            match item {
                Item::Question(q) => *per_kind.entry(q.kind()).or_default() += 1,
                Item::Pool(p) => {
                    for q in &p.questions {
                        *per_kind.entry(q.kind()).or_default() += 1;
                    }
                }
                Item::Text(_) => *per_kind.entry(QuestionKind::Text).or_default() += 1,
            }
        }
    }
    let questions: usize = per_kind
        .iter()
        .filter(|(k, _)| **k != QuestionKind::Text)
        .map(|(_, n)| n)
        .sum();
    let kinds: Vec<String> = per_kind
        .iter()
        .map(|(k, n)| format!("{} {n}", k.name()))
        .collect();
    let kinds = if kinds.is_empty() {
        String::new()
    } else {
        format!(" ({})", kinds.join(", "))
    };
    format!(
        "checked {quizzes} quiz{}: {questions} question{}{kinds}, {} points; {}",
        if quizzes == 1 { "" } else { "zes" },
        if questions == 1 { "" } else { "s" },
        fmt_points(points),
        report::counts(&compiled.diags.items)
    )
}

pub fn fmt_points(p: f64) -> String {
    if p.fract() == 0.0 {
        format!("{p:.0}")
    } else {
        format!("{p}")
    }
}
