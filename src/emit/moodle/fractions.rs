//! Moodle's fixed list of answer fractions, and the nearest valid credits.
//!
//! The importer (`match_grade_options`, mode "error") rejects any fraction
//! not within 0.00001 of `question_bank::fraction_options_full()`; a
//! multiple-answer multichoice must also have positive fractions summing to
//! 1 after rounding to 2 decimals (`qtype_multichoice::save_question_options`).

/// Valid non-negative fractions, as Moodle lists them (7 decimals).
pub const VALID: [f64; 21] = [
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
];

/// Differences below this are "exact" (Moodle's own fuzz is 1e-5).
const EXACT: f64 = 1e-6;

/// The valid fraction nearest to `x` (clamped to −1..1); ties go to the
/// larger magnitude, as listed first.
pub fn nearest(x: f64) -> f64 {
    let mag = x.abs().min(1.0);
    let mut best = VALID[0];
    for v in VALID {
        if (v - mag).abs() < (best - mag).abs() - 1e-12 {
            best = v;
        }
    }
    if x < 0.0 && best != 0.0 { -best } else { best }
}

/// `fraction="…"`: a valid fraction as percent, 5 decimals, no trailing zeros.
pub fn percent(fraction: f64) -> String {
    let s = format!("{:.5}", fraction * 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// Whether two credits are the same for Moodle's purposes.
pub fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < EXACT
}

/// Valid fractions for the positive credits of a multiple-answer question:
/// they sum to 1 (to 2 decimals, Moodle's check) and are as close as possible
/// (least squares) to `targets` scaled to sum 1. Targets must be positive.
pub fn split_positive(targets: &[f64]) -> Vec<f64> {
    let total: f64 = targets.iter().sum();
    if targets.is_empty() || total <= 0.0 {
        return targets.iter().map(|&t| nearest(t)).collect();
    }
    let scaled: Vec<f64> = targets.iter().map(|t| t / total).collect();
    // Dynamic programming over the running sum in units of 1e-4: cost[s] is
    // the least squared error of the items so far summing to s units.
    const UNIT: f64 = 1e4;
    const MAX: usize = 10_100;
    let units: Vec<usize> = VALID.iter().map(|v| (v * UNIT).round() as usize).collect();
    let mut cost = vec![f64::INFINITY; MAX + 1];
    cost[0] = 0.0;
    let mut picks: Vec<Vec<u8>> = Vec::with_capacity(scaled.len());
    for &t in &scaled {
        let mut next = vec![f64::INFINITY; MAX + 1];
        let mut pick = vec![u8::MAX; MAX + 1];
        for (s, &c) in cost.iter().enumerate() {
            if !c.is_finite() {
                continue;
            }
            for (k, (&v, &u)) in VALID.iter().zip(&units).enumerate() {
                let s2 = s + u;
                if s2 > MAX {
                    continue;
                }
                let c2 = c + (v - t) * (v - t);
                if c2 < next[s2] - 1e-15 {
                    next[s2] = c2;
                    pick[s2] = k as u8;
                }
            }
        }
        cost = next;
        picks.push(pick);
    }
    // Candidate end sums near 1, best cost first; the exact sum decides.
    let mut ends: Vec<usize> = (9_900..=MAX).filter(|&s| cost[s].is_finite()).collect();
    ends.sort_by(|a, b| cost[*a].total_cmp(&cost[*b]).then(a.cmp(b)));
    for end in ends {
        let mut s = end;
        let mut values = vec![0.0; scaled.len()];
        for i in (0..scaled.len()).rev() {
            let k = picks[i][s] as usize;
            values[i] = VALID[k];
            s -= units[k];
        }
        let sum: f64 = values.iter().sum();
        if (sum * 100.0).round() == 100.0 {
            return values;
        }
    }
    scaled.iter().map(|&t| nearest(t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum_ok(v: &[f64]) -> bool {
        (v.iter().sum::<f64>() * 100.0).round() == 100.0
    }

    #[test]
    fn nearest_snaps_to_the_list() {
        assert_eq!(nearest(1.0), 1.0);
        assert_eq!(nearest(0.33), 0.3333333);
        assert_eq!(nearest(-0.5), -0.5);
        assert_eq!(nearest(-1.0 / 11.0), -0.1);
        assert_eq!(nearest(0.0), 0.0);
        assert_eq!(nearest(-0.01), 0.0);
        assert_eq!(nearest(1.7), 1.0);
        assert_eq!(nearest(-3.0), -1.0);
    }

    #[test]
    fn percent_is_what_moodle_writes() {
        assert_eq!(percent(1.0), "100");
        assert_eq!(percent(0.3333333), "33.33333");
        assert_eq!(percent(0.1428571), "14.28571");
        assert_eq!(percent(-0.5), "-50");
        assert_eq!(percent(0.125), "12.5");
        assert_eq!(percent(0.0), "0");
        assert_eq!(percent(-0.0), "0");
    }

    #[test]
    fn one_to_ten_correct_choices_split_exactly() {
        for c in 1..=10usize {
            let split = split_positive(&vec![1.0 / c as f64; c]);
            assert_eq!(split.len(), c);
            assert!(sum_ok(&split), "{c}: {split:?}");
            let expected = nearest(1.0 / c as f64);
            assert!(split.iter().all(|&v| v == expected), "{c}: {split:?}");
            assert!(same(expected, 1.0 / c as f64), "{c}");
        }
    }

    #[test]
    fn eleven_to_twenty_choices_get_the_nearest_valid_split() {
        for c in 11..=20usize {
            let split = split_positive(&vec![1.0 / c as f64; c]);
            assert_eq!(split.len(), c);
            assert!(sum_ok(&split), "{c}: {split:?}");
            assert!(split.iter().all(|v| VALID.contains(v)));
        }
        let eleven = split_positive(&[1.0 / 11.0; 11]);
        assert_eq!(eleven.iter().filter(|&&v| v == 0.1).count(), 9);
        assert_eq!(eleven.iter().filter(|&&v| v == 0.05).count(), 2);
        assert_eq!(split_positive(&[0.05; 20]), vec![0.05; 20]);
    }

    #[test]
    fn uneven_credits_keep_their_proportions() {
        // {60%} and {40%}: valid as they are.
        assert_eq!(split_positive(&[0.6, 0.4]), vec![0.6, 0.4]);
        // Two thirds and one third.
        assert_eq!(
            split_positive(&[2.0 / 3.0, 1.0 / 3.0]),
            vec![0.6666667, 0.3333333]
        );
        // Credits that do not sum to 100% are scaled first: 50/50 → 50/50.
        assert_eq!(split_positive(&[0.3, 0.3]), vec![0.5, 0.5]);
        // 45% + 55%: no such fractions; the nearest valid split sums to 100.
        let s = split_positive(&[0.45, 0.55]);
        assert!(sum_ok(&s), "{s:?}");
    }
}
