//! Exact decimal arithmetic for numerical answers: a range `min .. max`
//! becomes `midpoint ± half-width` without binary-float noise
//! (`0.2 .. 0.3` is `0.25 ± 0.05`, never `0.25 ± 0.04999999999999999`).

use crate::model::NumericValue;

/// `mantissa / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dec {
    mantissa: i128,
    scale: u32,
}

const MAX_SCALE: u32 = 30;

impl Dec {
    fn parse(text: &str) -> Option<Dec> {
        let t = text.trim();
        let (num, exp) = match t.find(['e', 'E']) {
            Some(i) => (&t[..i], t[i + 1..].parse::<i32>().ok()?),
            None => (t, 0),
        };
        let (neg, num) = match num.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, num.strip_prefix('+').unwrap_or(num)),
        };
        let (int, frac) = num.split_once('.').unwrap_or((num, ""));
        let digits = format!("{int}{frac}");
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = digits.trim_start_matches('0');
        let mut mantissa: i128 = if digits.is_empty() {
            0
        } else {
            digits.parse().ok()?
        };
        let mut scale = frac.len() as i64 - i64::from(exp);
        while scale < 0 {
            mantissa = mantissa.checked_mul(10)?;
            scale += 1;
        }
        if scale > i64::from(MAX_SCALE) {
            return None;
        }
        if neg {
            mantissa = -mantissa;
        }
        Some(Dec {
            mantissa,
            scale: scale as u32,
        })
    }

    fn rescale(self, scale: u32) -> Option<Dec> {
        let factor = 10i128.checked_pow(scale.checked_sub(self.scale)?)?;
        Some(Dec {
            mantissa: self.mantissa.checked_mul(factor)?,
            scale,
        })
    }

    fn add(self, other: Dec) -> Option<Dec> {
        let scale = self.scale.max(other.scale);
        let (a, b) = (self.rescale(scale)?, other.rescale(scale)?);
        Some(Dec {
            mantissa: a.mantissa.checked_add(b.mantissa)?,
            scale,
        })
    }

    fn neg(self) -> Dec {
        Dec {
            mantissa: -self.mantissa,
            scale: self.scale,
        }
    }

    fn half(self) -> Option<Dec> {
        Some(Dec {
            mantissa: self.mantissa.checked_mul(5)?,
            scale: self.scale + 1,
        })
    }

    /// Plain decimal text, no exponent, no trailing zeros.
    fn to_text(self) -> String {
        let neg = self.mantissa < 0;
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let mut s = if scale == 0 {
            digits
        } else if digits.len() > scale {
            let (i, f) = digits.split_at(digits.len() - scale);
            format!("{i}.{f}")
        } else {
            format!("0.{}{digits}", "0".repeat(scale - digits.len()))
        };
        if s.contains('.') {
            s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        }
        if neg && s != "0" { format!("-{s}") } else { s }
    }
}

/// A numerical answer as Moodle's `<text>` and `<tolerance>`; `None` when the
/// numbers are too large or small for exact arithmetic.
pub fn answer_and_tolerance(value: &NumericValue) -> Option<(String, String)> {
    match value {
        NumericValue::Exact { value, tolerance } => {
            let v = Dec::parse(value.as_str())?;
            let t = Dec::parse(tolerance.as_str())?;
            let t = if t.mantissa < 0 { t.neg() } else { t };
            Some((v.to_text(), t.to_text()))
        }
        NumericValue::Range { min, max } => {
            let (lo, hi) = (Dec::parse(min.as_str())?, Dec::parse(max.as_str())?);
            let mid = lo.add(hi)?.half()?;
            let width = hi.add(lo.neg())?.half()?;
            let width = if width.mantissa < 0 {
                width.neg()
            } else {
                width
            };
            Some((mid.to_text(), width.to_text()))
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
