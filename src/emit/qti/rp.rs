//! Response-processing building blocks: declarations, expressions, rules.
//!
//! Scores are in points (SCORE = points × credit, MAXSCORE = points). Partial
//! credit counts parts in whole units and divides once at the end, so a fully
//! correct response scores exactly the points (no `0.9999999999999999`).

use super::xml::{El, Node, q};

pub const RESPONSE: &str = "RESPONSE";
pub const SCORE: &str = "SCORE";
pub const MAXSCORE: &str = "MAXSCORE";

/// `<variable identifier=…/>`
pub fn var(id: &str) -> El {
    q("variable").attr("identifier", id)
}

/// `<baseValue baseType=…>v</baseValue>`
pub fn base(base_type: &str, value: &str) -> El {
    q("baseValue").attr("baseType", base_type).text(value)
}

pub fn float(x: f64) -> El {
    base("float", &num(x))
}

/// An operator applied to expressions.
pub fn op(name: &'static str, args: impl IntoIterator<Item = El>) -> El {
    q(name).children(args.into_iter().map(Node::El))
}

/// `<correct identifier=…/>`
pub fn correct(id: &str) -> El {
    q("correct").attr("identifier", id)
}

/// `<setOutcomeValue identifier=…>expr</setOutcomeValue>`
pub fn set(id: &str, expr: El) -> El {
    q("setOutcomeValue").attr("identifier", id).child(expr)
}

/// The outcome that shows the modal feedback `fb`.
///
/// Each modal feedback has its own single-cardinality outcome
/// `FEEDBACK_<id>` instead of one `multiple` FEEDBACK container built up with
/// `<multiple><variable identifier="FEEDBACK"/>…`: citolab's qti-components
/// (a reference QTI 3 player) turns such an accumulated container into
/// `"[object Object],FB_b"`, and the feedback never shows.
pub fn feedback_outcome_id(fb: &str) -> String {
    format!("FEEDBACK_{fb}")
}

/// Shows the modal feedback `fb`.
pub fn show(fb: &str) -> El {
    set(&feedback_outcome_id(fb), base("identifier", fb))
}

/// `responseCondition`: `if … else if … else …`.
pub fn condition(branches: Vec<(El, Vec<El>)>, otherwise: Vec<El>) -> El {
    let mut cond = q("responseCondition");
    for (i, (test, actions)) in branches.into_iter().enumerate() {
        let name = if i == 0 {
            "responseIf"
        } else {
            "responseElseIf"
        };
        cond.push(
            q(name)
                .child(test)
                .children(actions.into_iter().map(Node::El)),
        );
    }
    if !otherwise.is_empty() {
        cond.push(q("responseElse").children(otherwise.into_iter().map(Node::El)));
    }
    cond
}

/// `SCORE = 0` when the response is NULL, else `SCORE = mapResponse(id)`
/// (the `map_response` template), optionally scaled by `points / divisor`.
pub fn mapped_score(id: &str, scale: Option<(f64, f64)>) -> El {
    let mapped = op("mapResponse", []).attr("identifier", id);
    let score = match scale {
        None => mapped,
        Some((points, divisor)) => scaled(points, divisor, mapped),
    };
    condition(
        vec![(op("isNull", [var(id)]), vec![set(SCORE, float(0.0))])],
        vec![set(SCORE, score)],
    )
}

/// `points × units / divisor`, with the division last when it is exact.
pub fn scaled(points: f64, divisor: f64, units: El) -> El {
    if divisor == 1.0 {
        op("product", [float(points), units])
    } else {
        op(
            "product",
            [float(points), op("divide", [units, float(divisor)])],
        )
    }
}

/// `<responseDeclaration>` with an optional correct response and mapping.
pub fn response(
    id: &str,
    cardinality: &str,
    base_type: &str,
    correct: &[String],
    mapping: Option<El>,
) -> El {
    let mut decl = q("responseDeclaration")
        .attr("identifier", id)
        .attr("cardinality", cardinality)
        .attr("baseType", base_type);
    if !correct.is_empty() {
        decl.push(
            q("correctResponse")
                .children(correct.iter().map(|v| q("value").text(v.clone()).into())),
        );
    }
    if let Some(m) = mapping {
        decl.push(m);
    }
    decl
}

/// `<mapping>` with bounds and `(key, value)` entries; `case_sensitive` is
/// written for string keys only.
pub fn mapping(
    entries: &[(String, f64)],
    lower: Option<f64>,
    upper: Option<f64>,
    case_sensitive: Option<bool>,
) -> El {
    let mut m = q("mapping");
    if let Some(l) = lower {
        m = m.attr("lowerBound", num(l));
    }
    if let Some(u) = upper {
        m = m.attr("upperBound", num(u));
    }
    m = m.attr("defaultValue", "0");
    let mut seen = std::collections::BTreeSet::new();
    for (key, value) in entries {
        // mapKey must be unique; the first entry wins, as in the policy.
        if !seen.insert(key.clone()) {
            continue;
        }
        let mut e = q("mapEntry")
            .attr("mapKey", key.clone())
            .attr("mappedValue", num(*value));
        if let Some(cs) = case_sensitive {
            e = e.attr("caseSensitive", cs.to_string());
        }
        m.push(e);
    }
    m
}

/// `<outcomeDeclaration>` of a float with a default value.
pub fn float_outcome(id: &str, default: f64) -> El {
    q("outcomeDeclaration")
        .attr("identifier", id)
        .attr("cardinality", "single")
        .attr("baseType", "float")
        .child(q("defaultValue").child(q("value").text(num(default))))
}

/// The outcome of one modal feedback (see [`show`]).
pub fn feedback_outcome(fb: &str) -> El {
    q("outcomeDeclaration")
        .attr("identifier", feedback_outcome_id(fb))
        .attr("cardinality", "single")
        .attr("baseType", "identifier")
}

/// A number as QTI text: at most 9 decimals, no trailing zeros, no `-0`.
pub fn num(x: f64) -> String {
    let rounded = (x * 1e9).round() / 1e9;
    if rounded == 0.0 {
        return "0".into();
    }
    let s = format!("{rounded:.9}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// True when every value is a small dyadic fraction, so that any sum of them
/// is exact in binary floating point (and the template's sum is the points).
pub fn exact(values: impl IntoIterator<Item = f64>) -> bool {
    values.into_iter().all(|v| {
        let scaled = v * 1024.0;
        v.abs() < 1e6 && scaled.fract() == 0.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_decimals() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(2.5), "2.5");
        assert_eq!(num(1.0 / 3.0), "0.333333333");
    }

    #[test]
    fn exactness() {
        assert!(exact([0.5, -0.25, 2.0]));
        assert!(!exact([1.0 / 3.0]));
    }
}
