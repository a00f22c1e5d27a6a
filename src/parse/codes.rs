//! Every diagnostic code the parser and checks emit, with its severity.
//! `docs/diagnostics.md` documents each one; a test keeps the two in step.

use crate::diag::Severity::{self, Error, Warning};

pub const CODES: &[(&str, Severity)] = &[
    // Front matter and settings.
    ("invalid-front-matter", Error),
    ("front-matter-not-at-top", Error),
    ("unclosed-front-matter", Error),
    ("unknown-front-matter-key", Warning),
    ("yaml-1-1-boolean", Warning),
    ("invalid-id", Error),
    // Headings and attributes.
    ("unknown-type-word", Error),
    ("unknown-heading-attribute", Error),
    ("attribute-without-value", Error),
    ("invalid-attribute-value", Error),
    ("braces-in-heading", Error),
    ("question-outside-pool", Error),
    ("label-number-mismatch", Warning),
    // Answer blocks.
    ("no-answer-block", Error),
    ("type-mismatch", Error),
    ("no-correct-answer", Error),
    ("too-many-correct", Error),
    ("true-false-both-marked", Error),
    ("true-false-none-marked", Error),
    ("too-few-choices", Error),
    ("empty-choice", Error),
    ("not-a-task-item", Error),
    ("task-marker-needs-space", Error),
    ("invalid-credit", Error),
    ("not-a-number", Error),
    ("too-few-pairs", Error),
    ("matching-missing-arrow", Error),
    ("item-starts-with-number", Error),
    ("item-feedback-ignored", Warning),
    ("too-few-items", Error),
    ("ordering-numbers", Warning),
    ("content-after-answers", Error),
    ("unindented-choice-feedback", Error),
    ("stem-list-touches-answers", Warning),
    // Fill in the Blanks.
    ("empty-blank", Error),
    ("dropdown-several-correct", Error),
    ("dropdown-one-option", Warning),
    ("unclosed-blank", Warning),
    // Pools.
    ("empty-pool", Error),
    ("pool-pick-too-large", Error),
    ("points-in-pool", Error),
    ("text-in-pool", Error),
    ("nested-pool", Error),
    ("pool-content-ignored", Warning),
    // Quiz.
    ("empty-quiz", Error),
    ("duplicate-id", Error),
    ("duplicate-quiz-id", Error),
    // Rich content.
    ("image-not-found", Error),
    ("image-absolute-path", Error),
    ("image-outside-root", Error),
    ("not-an-image", Error),
    ("remote-image", Warning),
    ("image-missing-alt", Warning),
    ("raw-html", Warning),
    ("unsafe-link", Warning),
    ("backslash-math", Warning),
    ("nesting-too-deep", Warning),
];

/// The severity a code is always reported with.
pub fn severity(code: &str) -> Option<Severity> {
    CODES.iter().find(|(c, _)| *c == code).map(|(_, s)| *s)
}
