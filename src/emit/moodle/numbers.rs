//! Numerical answers in exact decimals ([`ExactDecimal`]): a range `min .. max`
//! becomes `midpoint ± half-width` without binary-float noise
//! (`0.2 .. 0.3` is `0.25 ± 0.05`, never `0.25 ± 0.04999999999999999`).

use crate::model::{ExactDecimal, NumericValue};

/// A numerical answer as Moodle's `<text>` and `<tolerance>`; `None` when the
/// numbers are too large or small for exact arithmetic.
pub fn answer_and_tolerance(value: &NumericValue) -> Option<(String, String)> {
    match value {
        NumericValue::Exact { value, tolerance } => {
            let v = ExactDecimal::from_decimal(value)?;
            let t = ExactDecimal::from_decimal(tolerance)?.abs();
            Some((v.plain(), t.plain()))
        }
        NumericValue::Range { min, max } => {
            let lo = ExactDecimal::from_decimal(min)?;
            let hi = ExactDecimal::from_decimal(max)?;
            let mid = lo.checked_add(hi)?.half()?;
            let width = hi.checked_sub(lo)?.half()?.abs();
            Some((mid.plain(), width.plain()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Decimal;

    fn d(s: &str) -> Decimal {
        Decimal(s.into())
    }

    fn range(a: &str, b: &str) -> (String, String) {
        answer_and_tolerance(&NumericValue::Range {
            min: d(a),
            max: d(b),
        })
        .unwrap()
    }

    #[test]
    fn ranges_become_midpoint_and_half_width_exactly() {
        assert_eq!(range("0.2", "0.3"), ("0.25".into(), "0.05".into()));
        assert_eq!(range("-3", "-1"), ("-2".into(), "1".into()));
        assert_eq!(range("1", "2"), ("1.5".into(), "0.5".into()));
        assert_eq!(range("0.1", "0.1"), ("0.1".into(), "0".into()));
        assert_eq!(
            range("1e-9", "3e-9"),
            ("0.000000002".into(), "0.000000001".into())
        );
        assert_eq!(range("-0.5", "0.5"), ("0".into(), "0.5".into()));
    }

    #[test]
    fn exact_values_keep_their_digits_in_plain_form() {
        let e = |v: &str, t: &str| {
            answer_and_tolerance(&NumericValue::Exact {
                value: d(v),
                tolerance: d(t),
            })
            .unwrap()
        };
        assert_eq!(e("0.25", "0.01"), ("0.25".into(), "0.01".into()));
        assert_eq!(e("1e-9", "0"), ("0.000000001".into(), "0".into()));
        assert_eq!(e(".5", "-0.1"), ("0.5".into(), "0.1".into()));
        assert_eq!(e("2.50", "0"), ("2.5".into(), "0".into()));
        assert_eq!(e("1.5E3", "0"), ("1500".into(), "0".into()));
    }

    #[test]
    fn out_of_range_numbers_are_refused() {
        assert!(
            answer_and_tolerance(&NumericValue::Exact {
                value: d("1e300"),
                tolerance: d("0")
            })
            .is_none()
        );
    }
}
