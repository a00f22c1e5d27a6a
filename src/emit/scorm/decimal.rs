//! Exact decimal arithmetic for numeric response patterns: `0.25 ± 0.01`
//! becomes `0.24[:]0.26` from the author's digits, never through binary
//! floats, and numbers are written without exponents (`1e-9` →
//! `0.000000001`), as SCORM's decimal types require.

/// `m / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dec {
    m: i128,
    scale: u32,
}

const MAX_SCALE: u32 = 36;

impl Dec {
    /// Parses `-1.5`, `+2`, `.5`, `1e-9`, `2.5E3`.
    pub fn parse(text: &str) -> Option<Dec> {
        let t = text.trim().replace('\u{2212}', "-");
        let (mantissa, exp) = match t.find(['e', 'E']) {
            Some(i) => (&t[..i], t[i + 1..].parse::<i32>().ok()?),
            None => (t.as_str(), 0),
        };
        let (neg, body) = match mantissa.as_bytes().first() {
            Some(b'-') => (true, &mantissa[1..]),
            Some(b'+') => (false, &mantissa[1..]),
            _ => (false, mantissa),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut m: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            m = m.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
        let mut scale = frac.len() as i64 - i64::from(exp);
        while scale < 0 {
            m = m.checked_mul(10)?;
            scale += 1;
        }
        if scale > i64::from(MAX_SCALE) {
            return None;
        }
        let d = Dec {
            m: if neg { -m } else { m },
            scale: scale as u32,
        };
        Some(d.trim())
    }

    fn trim(mut self) -> Dec {
        while self.scale > 0 && self.m % 10 == 0 {
            self.m /= 10;
            self.scale -= 1;
        }
        self
    }

    fn rescale(self, scale: u32) -> Option<i128> {
        let mut m = self.m;
        for _ in self.scale..scale {
            m = m.checked_mul(10)?;
        }
        Some(m)
    }

    pub fn add(self, other: Dec) -> Option<Dec> {
        let scale = self.scale.max(other.scale);
        let m = self.rescale(scale)?.checked_add(other.rescale(scale)?)?;
        Some(Dec { m, scale }.trim())
    }

    pub fn sub(self, other: Dec) -> Option<Dec> {
        self.add(Dec {
            m: other.m.checked_neg()?,
            scale: other.scale,
        })
    }

    pub fn abs(self) -> Dec {
        Dec {
            m: self.m.abs(),
            scale: self.scale,
        }
    }

    /// Half of the value: exact, one more decimal at most.
    pub fn half(self) -> Option<Dec> {
        if self.scale >= MAX_SCALE {
            return None;
        }
        Some(
            Dec {
                m: self.m.checked_mul(5)?,
                scale: self.scale + 1,
            }
            .trim(),
        )
    }

    /// Plain decimal text: no exponent, no trailing zeros, `-0` is `0`.
    pub fn plain(self) -> String {
        let neg = self.m < 0;
        let digits = self.m.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let body = if scale == 0 {
            digits
        } else if digits.len() > scale {
            let (i, f) = digits.split_at(digits.len() - scale);
            format!("{i}.{f}")
        } else {
            format!("0.{}{digits}", "0".repeat(scale - digits.len()))
        };
        if neg && self.m != 0 {
            format!("-{body}")
        } else {
            body
        }
    }

    /// Digits before and after the point, as SCORM's decimal limits count them.
    pub fn digits(self) -> (usize, usize) {
        let text = self.plain();
        let text = text.trim_start_matches('-');
        let (i, f) = text.split_once('.').unwrap_or((text, ""));
        (i.len(), f.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    #[test]
    fn plain_text_has_no_exponent() {
        assert_eq!(p("1e-9").plain(), "0.000000001");
        assert_eq!(p("2.5E3").plain(), "2500");
        assert_eq!(p("-0.250").plain(), "-0.25");
        assert_eq!(p(".5").plain(), "0.5");
        assert_eq!(p("-0").plain(), "0");
    }

    #[test]
    fn arithmetic_is_exact() {
        assert_eq!(p("0.25").sub(p("0.01")).unwrap().plain(), "0.24");
        assert_eq!(p("0.25").add(p("0.01")).unwrap().plain(), "0.26");
        assert_eq!(p("0.1").add(p("0.2")).unwrap().plain(), "0.3");
        assert_eq!(p("-3").add(p("-1")).unwrap().half().unwrap().plain(), "-2");
        assert_eq!(
            p("0.2").add(p("0.3")).unwrap().half().unwrap().plain(),
            "0.25"
        );
        assert_eq!(p("1e-9").digits(), (1, 9));
    }

    #[test]
    fn garbage_is_refused() {
        assert!(Dec::parse("abc").is_none());
        assert!(Dec::parse("1e").is_none());
        assert!(Dec::parse(".").is_none());
        assert!(Dec::parse("1e-99").is_none());
    }
}
