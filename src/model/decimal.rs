//! Exact decimal arithmetic on the author's digits, so that bounds such as
//! `0.3 - 0.1` print as `0.2`, never as `0.19999999999999998`, and numbers
//! are written without exponents (`1e-9` → `0.000000001`).
//!
//! [`Decimal`] keeps the text the author wrote; [`ExactDecimal`] is its value,
//! for the emitters that compute bounds, midpoints or point totals.

use super::Decimal;
use std::fmt;
use std::ops::Neg;

/// `mantissa × 10^-scale`, with a sign. Enough for the bounds and point
/// totals a quiz needs; anything that overflows `u128` or needs more than
/// [`ExactDecimal::MAX_SCALE`] decimals is refused (`None`).
///
/// The scale is the one written or computed (`0.250` has scale 3): arithmetic
/// keeps it, [`Display`](fmt::Display) writes it, [`ExactDecimal::normalized`]
/// drops trailing zeros. Zero is never negative, so nothing prints as `-0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExactDecimal {
    negative: bool,
    mantissa: u128,
    scale: u32,
}

impl ExactDecimal {
    pub const ZERO: ExactDecimal = ExactDecimal {
        negative: false,
        mantissa: 0,
        scale: 0,
    };

    /// The largest scale kept (1e-60 is far below any quiz's tolerance).
    pub const MAX_SCALE: u32 = 60;

    /// Parses `-1.25`, `+2`, `.5`, `1e-9`, `2.5E3`, `−1` (Unicode minus): the
    /// forms [`Decimal`] accepts.
    pub fn parse(text: &str) -> Option<ExactDecimal> {
        let t = text.trim().replace('\u{2212}', "-");
        let (negative, t) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t.as_str()),
        };
        let (number, exponent) = match t.find(['e', 'E']) {
            Some(i) => (&t[..i], t[i + 1..].parse::<i32>().ok()?),
            None => (t, 0),
        };
        let (int, frac) = number.split_once('.').unwrap_or((number, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let mut mantissa: u128 = 0;
        for c in int.chars().chain(frac.chars()) {
            let d = c.to_digit(10)?;
            mantissa = mantissa.checked_mul(10)?.checked_add(u128::from(d))?;
        }
        let mut scale = i64::try_from(frac.len()).ok()? - i64::from(exponent);
        while scale < 0 {
            mantissa = mantissa.checked_mul(10)?;
            scale += 1;
        }
        let scale = u32::try_from(scale)
            .ok()
            .filter(|s| *s <= Self::MAX_SCALE)?;
        Some(ExactDecimal {
            negative: negative && mantissa != 0,
            mantissa,
            scale,
        })
    }

    /// The value of the author's text.
    pub fn from_decimal(d: &Decimal) -> Option<ExactDecimal> {
        ExactDecimal::parse(d.as_str())
    }

    /// A float that came from the author's text (points): its shortest
    /// round-trip form is the text they wrote.
    pub fn from_f64(x: f64) -> Option<ExactDecimal> {
        if !x.is_finite() {
            return None;
        }
        ExactDecimal::parse(&format!("{x}"))
    }

    pub fn from_u32(n: u32) -> ExactDecimal {
        ExactDecimal {
            negative: false,
            mantissa: u128::from(n),
            scale: 0,
        }
    }

    fn rescale(self, scale: u32) -> Option<u128> {
        self.mantissa
            .checked_mul(10u128.checked_pow(scale - self.scale)?)
    }

    pub fn abs(self) -> ExactDecimal {
        ExactDecimal {
            negative: false,
            ..self
        }
    }

    /// The sum, at the larger of the two scales.
    pub fn checked_add(self, other: ExactDecimal) -> Option<ExactDecimal> {
        let scale = self.scale.max(other.scale);
        let (a, b) = (self.rescale(scale)?, other.rescale(scale)?);
        let (negative, mantissa) = match (self.negative, other.negative) {
            (x, y) if x == y => (x, a.checked_add(b)?),
            (x, _) if a >= b => (x, a - b),
            (_, y) => (y, b - a),
        };
        Some(ExactDecimal {
            negative: negative && mantissa != 0,
            mantissa,
            scale,
        })
    }

    /// The difference, at the larger of the two scales.
    pub fn checked_sub(self, other: ExactDecimal) -> Option<ExactDecimal> {
        self.checked_add(-other)
    }

    /// The product, at the sum of the two scales.
    pub fn checked_mul(self, other: ExactDecimal) -> Option<ExactDecimal> {
        let mantissa = self.mantissa.checked_mul(other.mantissa)?;
        let scale = self.scale + other.scale;
        (scale <= Self::MAX_SCALE).then_some(ExactDecimal {
            negative: (self.negative != other.negative) && mantissa != 0,
            mantissa,
            scale,
        })
    }

    /// Half of the value, exact and [normalized](Self::normalized): one more
    /// decimal at most.
    pub fn half(self) -> Option<ExactDecimal> {
        let n = self.normalized();
        if n.scale >= Self::MAX_SCALE {
            return None;
        }
        Some(
            ExactDecimal {
                mantissa: n.mantissa.checked_mul(5)?,
                scale: n.scale + 1,
                ..n
            }
            .normalized(),
        )
    }

    /// Drops trailing fractional zeros (`2.50` → `2.5`, `3.0` → `3`).
    pub fn normalized(mut self) -> ExactDecimal {
        while self.scale > 0 && self.mantissa.is_multiple_of(10) {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    /// The shortest plain text: no exponent, no trailing zeros
    /// (`0.000000001`, `2.5`, `2500`). [`Display`](fmt::Display) keeps the
    /// scale instead (`2.50`).
    pub fn plain(self) -> String {
        self.normalized().to_string()
    }

    /// [`plain`](Self::plain) with at least one fractional digit: `1.0`,
    /// `2.5` (how Canvas's own exports write points).
    pub fn plain_with_point(self) -> String {
        let n = self.normalized();
        if n.scale == 0 {
            format!("{n}.0")
        } else {
            n.to_string()
        }
    }

    /// Digits before and after the point in the [`plain`](Self::plain) text,
    /// sign excluded: `(1, 9)` for `1e-9`.
    pub fn digits(self) -> (usize, usize) {
        let text = self.plain();
        let text = text.trim_start_matches('-');
        let (i, f) = text.split_once('.').unwrap_or((text, ""));
        (i.len(), f.len())
    }
}

impl Neg for ExactDecimal {
    type Output = ExactDecimal;

    fn neg(self) -> ExactDecimal {
        ExactDecimal {
            negative: !self.negative && self.mantissa != 0,
            ..self
        }
    }
}

impl fmt::Display for ExactDecimal {
    /// Plain decimal notation at the value's scale, never an exponent:
    /// `0.000000001`, `0.250`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.to_string();
        let scale = self.scale as usize;
        if self.negative {
            f.write_str("-")?;
        }
        if scale == 0 {
            return f.write_str(&digits);
        }
        if digits.len() <= scale {
            write!(f, "0.{}{digits}", "0".repeat(scale - digits.len()))
        } else {
            let (int, frac) = digits.split_at(digits.len() - scale);
            write!(f, "{int}.{frac}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> ExactDecimal {
        ExactDecimal::parse(s).unwrap()
    }

    // From the Canvas emitter's copy.

    #[test]
    fn bounds_stay_decimal() {
        assert_eq!(d("0.3").checked_sub(d("0.1")).unwrap().to_string(), "0.2");
        assert_eq!(
            d("0.25").checked_sub(d("0.01")).unwrap().to_string(),
            "0.24"
        );
        assert_eq!(
            d("0.25").checked_add(d("0.01")).unwrap().to_string(),
            "0.26"
        );
        assert_eq!(d("-3").checked_sub(d("0.5")).unwrap().to_string(), "-3.5");
        assert_eq!(d("0.1").checked_sub(d("0.3")).unwrap().to_string(), "-0.2");
        assert_eq!(d("1").checked_sub(d("1")).unwrap().to_string(), "0");
    }

    #[test]
    fn exponents_become_plain_decimals() {
        assert_eq!(d("1e-9").to_string(), "0.000000001");
        assert_eq!(d("2.5E3").to_string(), "2500");
        assert_eq!(d(".5").to_string(), "0.5");
        assert_eq!(d("-0").to_string(), "0");
        assert_eq!(d("0.250").to_string(), "0.250");
    }

    #[test]
    fn points_print_like_canvas() {
        let f = |x: f64| ExactDecimal::from_f64(x).unwrap();
        assert_eq!(f(1.0).plain_with_point(), "1.0");
        assert_eq!(f(2.5).plain_with_point(), "2.5");
        let sum = f(0.1).checked_add(f(0.2)).unwrap();
        assert_eq!(sum.plain_with_point(), "0.3");
        let pool = ExactDecimal::from_u32(3).checked_mul(f(0.1)).unwrap();
        assert_eq!(pool.plain_with_point(), "0.3");
    }

    #[test]
    fn garbage_is_refused() {
        for bad in ["", "-", ".", "1e", "abc", "1.2.3", "1e999"] {
            assert!(ExactDecimal::parse(bad).is_none(), "{bad:?}");
        }
    }

    // From the SCORM emitter's copy.

    #[test]
    fn plain_text_has_no_exponent() {
        assert_eq!(d("1e-9").plain(), "0.000000001");
        assert_eq!(d("2.5E3").plain(), "2500");
        assert_eq!(d("-0.250").plain(), "-0.25");
        assert_eq!(d(".5").plain(), "0.5");
        assert_eq!(d("-0").plain(), "0");
    }

    #[test]
    fn arithmetic_is_exact() {
        assert_eq!(d("0.25").checked_sub(d("0.01")).unwrap().plain(), "0.24");
        assert_eq!(d("0.25").checked_add(d("0.01")).unwrap().plain(), "0.26");
        assert_eq!(d("0.1").checked_add(d("0.2")).unwrap().plain(), "0.3");
        assert_eq!(
            d("-3")
                .checked_add(d("-1"))
                .unwrap()
                .half()
                .unwrap()
                .plain(),
            "-2"
        );
        assert_eq!(
            d("0.2")
                .checked_add(d("0.3"))
                .unwrap()
                .half()
                .unwrap()
                .plain(),
            "0.25"
        );
        assert_eq!(d("1e-9").digits(), (1, 9));
    }

    #[test]
    fn more_garbage_is_refused() {
        assert!(ExactDecimal::parse("abc").is_none());
        assert!(ExactDecimal::parse("1e").is_none());
        assert!(ExactDecimal::parse(".").is_none());
        assert!(ExactDecimal::parse("1e-99").is_none());
    }

    // The formatting methods side by side.

    #[test]
    fn display_keeps_the_scale_plain_drops_trailing_zeros() {
        assert_eq!(d("2.50").to_string(), "2.50");
        assert_eq!(d("2.50").plain(), "2.5");
        assert_eq!(d("2.50").plain_with_point(), "2.5");
        assert_eq!(d("3.00").to_string(), "3.00");
        assert_eq!(d("3.00").plain(), "3");
        assert_eq!(d("3.00").plain_with_point(), "3.0");
        assert_eq!(d("-0.000").to_string(), "0.000");
        assert_eq!(d("-0.000").plain(), "0");
        assert_eq!(d("0.1").checked_sub(d("0.10")).unwrap().to_string(), "0.00");
        assert_eq!(d("12.3400").digits(), (2, 2));
        assert_eq!(d("-12").digits(), (2, 0));
    }

    #[test]
    fn half_is_exact_and_normalized() {
        assert_eq!(d("1").half().unwrap().to_string(), "0.5");
        assert_eq!(d("4.00").half().unwrap().to_string(), "2");
        assert_eq!(d("-0.3").half().unwrap().to_string(), "-0.15");
        assert_eq!(d("0").half().unwrap(), ExactDecimal::ZERO);
        let tiny = ExactDecimal::parse(&format!("1e-{}", ExactDecimal::MAX_SCALE)).unwrap();
        assert!(tiny.half().is_none());
    }

    #[test]
    fn signs_and_magnitudes() {
        assert_eq!(d("\u{2212}1.5").to_string(), "-1.5");
        assert_eq!(d("+2").to_string(), "2");
        assert_eq!(d("-1.5").abs().to_string(), "1.5");
        assert_eq!((-d("1.5")).to_string(), "-1.5");
        assert_eq!((-d("0")).to_string(), "0");
        assert_eq!(d("-2").checked_mul(d("0.5")).unwrap().to_string(), "-1.0");
        assert_eq!(
            ExactDecimal::from_decimal(&Decimal("1e-3".into())),
            Some(d("0.001"))
        );
        assert!(ExactDecimal::from_f64(f64::NAN).is_none());
        assert!(d("1e38").checked_add(d("1e38")).is_some());
        assert!(d("2e38").checked_add(d("2e38")).is_none());
    }
}
