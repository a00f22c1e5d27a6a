//! The one scoring policy of the spec, for every target to map from.
//!
//! Credits are fractions of a question's points (1.0 = full, may be
//! negative); a question's score is floored at 0.

use super::{Answer, Choice, Item, Quiz};

/// The credit of each choice of a Multiple Choice / Multiple Answers question.
///
/// Multiple Choice: `[x]` is 1, `[ ]` is 0, `{n%}` overrides. Multiple
/// Answers: right minus wrong, each correct choice adds 1/c and each wrong
/// one subtracts 1/w; `{n%}` overrides an item's share.
pub fn choice_credits(choices: &[Choice], multiple: bool) -> Vec<f64> {
    let correct = choices.iter().filter(|c| c.correct).count().max(1) as f64;
    let wrong = choices.iter().filter(|c| !c.correct).count().max(1) as f64;
    choices
        .iter()
        .map(|c| match c.credit {
            Some(percent) => percent / 100.0,
            None if !multiple => f64::from(u8::from(c.correct)),
            None if c.correct => 1.0 / correct,
            None => -1.0 / wrong,
        })
        .collect()
}

/// The credit of a literal or numeric answer: 100% unless `{n%}`; anticipated
/// wrong answers are 0 unless `{n%}`.
pub fn answer_credit(credit: Option<f64>, accepted: bool) -> f64 {
    credit.map_or(if accepted { 1.0 } else { 0.0 }, |p| p / 100.0)
}

/// Points that the automatic grading can award: open questions are outside
/// it, pools count `pick × points`.
pub fn automatic_max(quiz: &Quiz) -> f64 {
    quiz.items
        .iter()
        .map(|item| match item {
            Item::Question(q) if !q.answer.is_open() => q.points,
            Item::Pool(p) => {
                let auto = p.questions.iter().filter(|q| !q.answer.is_open()).count();
                // A pool mixing open and automatic questions: count the share
                // of draws that is expected to be automatic, capped at pick.
                f64::from(p.pick.min(auto as u32)) * p.points
            }
            _ => 0.0,
        })
        .sum()
}

/// Points of every counted question, open ones included (the practice page's
/// `Score: x / N`).
pub fn total_points(quiz: &Quiz) -> f64 {
    quiz.items
        .iter()
        .map(|item| match item {
            Item::Question(q) => q.points,
            Item::Pool(p) => f64::from(p.pick) * p.points,
            Item::Text(_) => 0.0,
        })
        .sum()
}

impl Answer {
    /// The choices of a choice question.
    pub fn choices(&self) -> Option<(&[Choice], bool)> {
        match self {
            Answer::MultipleChoice { choices } => Some((choices, false)),
            Answer::MultipleAnswers { choices } => Some((choices, true)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rich, Span};

    fn choice(correct: bool, credit: Option<f64>) -> Choice {
        Choice {
            id: "a".into(),
            content: Rich::text("x"),
            correct,
            credit,
            pinned: false,
            feedback: None,
            span: Span::default(),
        }
    }

    #[test]
    fn multiple_answers_score_right_minus_wrong() {
        let cs = [choice(true, None), choice(true, None), choice(false, None)];
        assert_eq!(choice_credits(&cs, true), vec![0.5, 0.5, -1.0]);
    }

    #[test]
    fn percent_overrides_a_share() {
        let cs = [choice(true, None), choice(false, Some(50.0))];
        assert_eq!(choice_credits(&cs, false), vec![1.0, 0.5]);
    }
}
