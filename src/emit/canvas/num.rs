//! Decimal arithmetic on the author's digits, so that bounds such as
//! `0.3 - 0.1` print as `0.2`, never as `0.19999999999999998`.

use crate::model::Decimal;
use std::fmt;

/// `mantissa × 10^-scale`, with a sign. Enough for the bounds and point
/// totals a quiz needs; anything that overflows `u128` is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dec {
    negative: bool,
    mantissa: u128,
    scale: u32,
}

/// The largest scale we keep (1e-60 is far below any quiz's tolerance).
const MAX_SCALE: u32 = 60;

impl Dec {
    pub const ZERO: Dec = Dec {
        negative: false,
        mantissa: 0,
        scale: 0,
    };

    /// Parses `-1.25`, `.5`, `1e-9`, `2.5E3` (the forms [`Decimal`] accepts).
    pub fn parse(text: &str) -> Option<Dec> {
        let t = text.trim();
        let (negative, t) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
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
        let scale = u32::try_from(scale).ok().filter(|s| *s <= MAX_SCALE)?;
        Some(Dec {
            negative: negative && mantissa != 0,
            mantissa,
            scale,
        })
    }

    pub fn from_decimal(d: &Decimal) -> Option<Dec> {
        Dec::parse(d.as_str())
    }

    /// A float that came from the author's text (points): its shortest
    /// round-trip form is the text they wrote.
    pub fn from_f64(x: f64) -> Option<Dec> {
        if !x.is_finite() {
            return None;
        }
        Dec::parse(&format!("{x}"))
    }

    pub fn from_u32(n: u32) -> Dec {
        Dec {
            negative: false,
            mantissa: u128::from(n),
            scale: 0,
        }
    }

    fn rescale(self, scale: u32) -> Option<u128> {
        self.mantissa
            .checked_mul(10u128.checked_pow(scale - self.scale)?)
    }

    pub fn abs(self) -> Dec {
        Dec {
            negative: false,
            ..self
        }
    }

    pub fn neg(self) -> Dec {
        Dec {
            negative: !self.negative && self.mantissa != 0,
            ..self
        }
    }

    pub fn add(self, other: Dec) -> Option<Dec> {
        let scale = self.scale.max(other.scale);
        let (a, b) = (self.rescale(scale)?, other.rescale(scale)?);
        let (negative, mantissa) = match (self.negative, other.negative) {
            (x, y) if x == y => (x, a.checked_add(b)?),
            (x, _) if a >= b => (x, a - b),
            (_, y) => (y, b - a),
        };
        Some(Dec {
            negative: negative && mantissa != 0,
            mantissa,
            scale,
        })
    }

    pub fn sub(self, other: Dec) -> Option<Dec> {
        self.add(other.neg())
    }

    pub fn mul(self, other: Dec) -> Option<Dec> {
        let mantissa = self.mantissa.checked_mul(other.mantissa)?;
        let scale = self.scale + other.scale;
        (scale <= MAX_SCALE).then_some(Dec {
            negative: (self.negative != other.negative) && mantissa != 0,
            mantissa,
            scale,
        })
    }

    /// Drops trailing fractional zeros (`2.50` → `2.5`, `3.0` → `3`).
    pub fn normalized(mut self) -> Dec {
        while self.scale > 0 && self.mantissa.is_multiple_of(10) {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    /// Canvas's own exports write points as `1.0`, `2.5`: at least one
    /// fractional digit.
    pub fn points_text(self) -> String {
        let n = self.normalized();
        if n.scale == 0 {
            format!("{n}.0")
        } else {
            n.to_string()
        }
    }
}

impl fmt::Display for Dec {
    /// Plain decimal notation, never an exponent: `0.000000001`.
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

    fn d(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    #[test]
    fn bounds_stay_decimal() {
        assert_eq!(d("0.3").sub(d("0.1")).unwrap().to_string(), "0.2");
        assert_eq!(d("0.25").sub(d("0.01")).unwrap().to_string(), "0.24");
        assert_eq!(d("0.25").add(d("0.01")).unwrap().to_string(), "0.26");
        assert_eq!(d("-3").sub(d("0.5")).unwrap().to_string(), "-3.5");
        assert_eq!(d("0.1").sub(d("0.3")).unwrap().to_string(), "-0.2");
        assert_eq!(d("1").sub(d("1")).unwrap().to_string(), "0");
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
        assert_eq!(Dec::from_f64(1.0).unwrap().points_text(), "1.0");
        assert_eq!(Dec::from_f64(2.5).unwrap().points_text(), "2.5");
        let sum = Dec::from_f64(0.1)
            .unwrap()
            .add(Dec::from_f64(0.2).unwrap())
            .unwrap();
        assert_eq!(sum.points_text(), "0.3");
        let pool = Dec::from_u32(3).mul(Dec::from_f64(0.1).unwrap()).unwrap();
        assert_eq!(pool.points_text(), "0.3");
    }

    #[test]
    fn garbage_is_refused() {
        for bad in ["", "-", ".", "1e", "abc", "1.2.3", "1e999"] {
            assert!(Dec::parse(bad).is_none(), "{bad:?}");
        }
    }
}
