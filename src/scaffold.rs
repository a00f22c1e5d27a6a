//! `quizc new`: a starter quiz that shows every question type, with comments
//! that teach the syntax. It is valid Quiz Markdown as written, so `quizc
//! build` works on it right away.

use crate::markdown_writer::{heading_escape, yaml_str};

/// The starter quiz for `quizc new NAME`, titled `title`.
pub fn starter_quiz(title: &str) -> String {
    let title = title.trim();
    let title = if title.is_empty() { "My quiz" } else { title };
    STARTER
        .replace("{{title_yaml}}", &yaml_str(title))
        .replace("{{title_heading}}", &heading_escape(title))
}

/// A file name for the starter: the title slugged, `.md`.
pub fn starter_file_name(title: &str) -> String {
    format!("{}.md", crate::parse::plain_text::slug_quiz_id(title))
}

const STARTER: &str = r#"---
# Front matter (optional). Every key has a default; quizc.toml beside the
# content can set defaults for all quizzes.
title: {{title_yaml}}
description: A starter quiz that shows every question type
points: 1            # default points per question
shuffle: true        # shuffle choices where the target supports it
pass: 80%            # pass mark: a share of the automatic maximum
---

# {{title_heading}}

Everything between the title and the first `##` heading is the introduction
that learners see first. Rich content works everywhere: *emphasis*, `code`,
math like $e^{i\pi} + 1 = 0$, links, tables and images (`![alt text](img/plot.png)`,
relative to this file).

## How this quiz works · Text

<!-- A `Text` block has no answer and no points: use it for instructions. -->

Each `##` heading starts a question. The type word after `·` is optional
when the answer list makes the type clear.

## Question 1 · Multiple Choice

<!-- One [x] marks the correct choice. A blockquote indented under a choice
     is feedback for that choice. {pin} keeps a choice in place when choices
     are shuffled. -->

Which planet is closest to the Sun?

- [x] Mercury
  > Right: Mercury orbits at about 0.39 AU.
- [ ] Venus
  > Venus is second.
- [ ] Earth
- [ ] None of the above {pin}

> **Explanation:** Mercury is the innermost planet of the Solar System.

## Question 2 · Multiple Answers

<!-- Several [x]: each correct choice selected adds a share, each wrong one
     subtracts a share; the score never goes below 0. -->

Which of these are prime numbers?

- [x] 2
- [x] 7
- [ ] 9
- [ ] 15

> **Correct:** Well done.
> **Incorrect:** A prime has exactly two divisors: 1 and itself.

## Question 3 · True / False {points=2}

<!-- Attributes go in braces at the end of a heading: {#id points=2 tags=a,b}. -->

Water boils at 100 °C at sea level.

- [x] True
- [ ] False

> **Hint:** Think of standard atmospheric pressure.

## Question 4 · Short Answer

<!-- Graded short answer: [x] items are accepted answers (compared without
     regard to case unless the heading says {case=sensitive}); [ ] items are
     anticipated wrong answers with their own feedback; {50%} gives partial
     credit. -->

What is the chemical symbol of gold?

- [x] Au
- [x] aurum {50%}
- [ ] Ag
  > Ag is silver.

## Question 5 · Short Answer

<!-- No list: an open short answer, graded by a person. The optional
     Answer block is the model answer. -->

In one sentence: why is the sky blue?

> **Answer:** Air molecules scatter short (blue) wavelengths of sunlight much
> more than long ones (Rayleigh scattering).

## Question 6 · Numerical

<!-- A value with a tolerance (± or +-), or a range (min .. max). Numbers are
     kept exactly as written. -->

What is $\pi$ to two decimal places?

- [x] 3.14 ± 0.005
- [x] 3.1 .. 3.2 {50%}

## Question 7 · Essay

<!-- An essay has no list; the optional Answer block guides the grader. -->

Describe one experiment that supports the theory of evolution.

> **Answer:** Look for a clear hypothesis, a method and an observed result.

## Question 8 · Matching

<!-- left -> right pairs; "- -> text" adds a right-hand distractor. -->

Match each country with its capital.

- France -> Paris
- Japan -> Tokyo
- Kenya -> Nairobi
- -> Lyon

## Question 9 · Fill in the Blanks

<!-- [[a | b]] accepts either answer; [[*right | wrong | wrong]] is a
     dropdown whose starred option is correct. -->

The largest planet is [[Jupiter]], and it is a [[*gas giant | rocky planet | dwarf planet]].
A quarter written as a decimal is [[0.25 | .25]].

## Question 10 · Ordering

<!-- An ordered list in the correct order; learners see it shuffled. -->

Put these numbers in increasing order.

1. one
2. two
3. three
4. four

## Pool: Warm-up {pick=1 points=1}

<!-- A pool groups ### questions; each learner gets `pick` of them. -->

### Addition · True / False

$2 + 2 = 4$.

- [x] True
- [ ] False

### Multiplication · True / False

$3 \times 3 = 6$.

- [ ] True
- [x] False
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_is_escaped() {
        let q = starter_quiz("Set notation {1, 2} #1");
        assert!(q.contains("title: \"Set notation {1, 2} #1\"\n"));
        assert!(q.contains("\n# Set notation \\{1, 2\\} \\#1\n"));
        assert_eq!(starter_file_name("Week 1: Intro"), "week-1-intro.md");
    }
}
