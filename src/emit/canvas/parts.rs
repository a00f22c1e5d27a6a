//! The multi-part types: matching, fill in the blanks (text and dropdown)
//! and ordering (as matching to positions). Each part scores `100 / parts`.

use super::content::Content;
use super::item::{ItemInfo, close_item, material, open_item, plain_material};
use super::resp::{Cond, Feedbacks, eq, part_rules, resprocessing};
use super::xml::{Xml, xml_safe};
use crate::model::{Blank, Distractor, OrderItem, Pair, Question};

/// One right-hand option list shared by every left item: pairs' right sides
/// (duplicates merged) then distractors.
fn right_options(pairs: &[Pair], distractors: &[Distractor]) -> (Vec<String>, Vec<usize>) {
    let mut options: Vec<String> = Vec::new();
    let index_of = |text: &str, options: &mut Vec<String>| {
        let safe = xml_safe(text);
        match options.iter().position(|o| *o == safe) {
            Some(i) => i,
            None => {
                options.push(safe.into_owned());
                options.len() - 1
            }
        }
    };
    let keys = pairs
        .iter()
        .map(|p| index_of(&p.right, &mut options))
        .collect();
    for d in distractors {
        index_of(&d.text, &mut options);
    }
    (options, keys)
}

pub(super) fn matching_item(
    xml: &mut Xml,
    q: &Question,
    info: &ItemInfo,
    content: &mut Content,
    fb: Feedbacks,
    pairs: &[Pair],
    distractors: &[Distractor],
) {
    for p in pairs {
        content.plain_text_slot(&p.left, p.span, "a matching left-hand side");
        content.plain_text_slot(&p.right, p.span, "a matching right-hand side");
    }
    for d in distractors {
        content.plain_text_slot(&d.text, d.span, "a matching distractor");
    }
    let lefts: Vec<String> = pairs
        .iter()
        .map(|p| xml_safe(&p.left).into_owned())
        .collect();
    let (options, keys) = right_options(pairs, distractors);
    matching_body(xml, q, info, content, fb, &lefts, &options, &keys, None);
}

/// The matching presentation and scoring, shared with ordering.
#[allow(clippy::too_many_arguments)]
fn matching_body(
    xml: &mut Xml,
    q: &Question,
    info: &ItemInfo,
    content: &mut Content,
    fb: Feedbacks,
    lefts: &[String],
    options: &[String],
    keys: &[usize],
    stem_suffix: Option<&str>,
) {
    let mut stem = content.html(&q.stem, q.span);
    if let Some(s) = stem_suffix {
        stem.push_str(s);
    }
    let left_ids: Vec<String> = (1..=lefts.len()).map(|i| format!("left{i}")).collect();
    let right_ids: Vec<String> = (1..=options.len()).map(|i| format!("right{i}")).collect();
    let responses: Vec<String> = left_ids.iter().map(|l| format!("response_{l}")).collect();
    open_item(
        xml,
        info.ident,
        info.title,
        "matching_question",
        info.points,
        &left_ids,
    );
    xml.open("presentation", &[]);
    material(xml, &stem);
    for (left, response) in lefts.iter().zip(&responses) {
        xml.open("response_lid", &[("ident", response)]);
        plain_material(xml, left);
        xml.open("render_choice", &[]);
        for (option, id) in options.iter().zip(&right_ids) {
            xml.open("response_label", &[("ident", id)]);
            xml.open("material", &[]);
            xml.text("mattext", &[], option);
            xml.close("material");
            xml.close("response_label");
        }
        xml.close("render_choice");
        xml.close("response_lid");
    }
    xml.close("presentation");
    let parts = responses
        .iter()
        .zip(keys)
        .map(|(response, key)| {
            let right = right_ids[*key].as_str();
            (vec![eq(response, right)], eq(response, right))
        })
        .collect();
    // Canvas's matching importer takes the first `varequal` of every
    // condition for a pair and would attach feedback-only rules to the first
    // left item as its answer comment: no outcome rules here.
    let rules = part_rules(&fb, parts, false);
    resprocessing(xml, &rules);
    close_item(xml, &fb);
}

pub(super) fn blanks_item(
    xml: &mut Xml,
    q: &Question,
    info: &ItemInfo,
    content: &mut Content,
    fb: Feedbacks,
    blanks: &[Blank],
) {
    let has_text = blanks.iter().any(|b| matches!(b, Blank::Text { .. }));
    let has_dropdown = blanks.iter().any(|b| matches!(b, Blank::Dropdown { .. }));
    let dropdowns = has_dropdown && !has_text;
    if has_text && has_dropdown {
        content.warn(
            "canvas-mixed-blanks",
            q.span,
            "Canvas has no question type mixing text blanks and dropdowns: the dropdowns \
             become text blanks that accept their correct option \
             (fill_in_multiple_blanks_question)",
        );
    }
    let names: Vec<String> = (1..=blanks.len()).map(|i| format!("b{i}")).collect();
    let stem = content.blanks_html(&q.stem, q.span, &names);
    // Each blank's options: (answer ident, text, correct).
    let mut per_blank: Vec<Vec<(String, String, bool)>> = Vec::new();
    for (blank, name) in blanks.iter().zip(&names) {
        let options = match blank {
            Blank::Text { accepted, span } => {
                for a in accepted {
                    content.plain_text_slot(a, *span, "a blank's accepted answer");
                }
                accepted
                    .iter()
                    .map(|a| (a.clone(), true))
                    .collect::<Vec<_>>()
            }
            Blank::Dropdown {
                options,
                correct,
                span,
            } => {
                for o in options {
                    content.plain_text_slot(o, *span, "a dropdown option");
                }
                if dropdowns {
                    options
                        .iter()
                        .enumerate()
                        .map(|(i, o)| (o.clone(), i == *correct))
                        .collect()
                } else {
                    options
                        .get(*correct)
                        .map(|o| vec![(o.clone(), true)])
                        .unwrap_or_default()
                }
            }
        };
        per_blank.push(
            options
                .into_iter()
                .enumerate()
                .map(|(i, (text, ok))| {
                    (
                        format!("{name}-{}", i + 1),
                        xml_safe(&text).into_owned(),
                        ok,
                    )
                })
                .collect(),
        );
    }
    let ids: Vec<String> = per_blank
        .iter()
        .flatten()
        .map(|(id, ..)| id.clone())
        .collect();
    let qtype = if dropdowns {
        "multiple_dropdowns_question"
    } else {
        "fill_in_multiple_blanks_question"
    };
    open_item(xml, info.ident, info.title, qtype, info.points, &ids);
    xml.open("presentation", &[]);
    material(xml, &stem);
    let responses: Vec<String> = names.iter().map(|n| format!("response_{n}")).collect();
    for ((name, response), options) in names.iter().zip(&responses).zip(&per_blank) {
        xml.open("response_lid", &[("ident", response)]);
        xml.open("material", &[]);
        xml.text("mattext", &[], name);
        xml.close("material");
        xml.open("render_choice", &[]);
        for (id, text, _) in options {
            xml.open("response_label", &[("ident", id)]);
            plain_material(xml, text);
            xml.close("response_label");
        }
        xml.close("render_choice");
        xml.close("response_lid");
    }
    xml.close("presentation");
    let parts = responses
        .iter()
        .zip(&per_blank)
        .map(|(response, options)| {
            let accepted: Vec<Cond> = options
                .iter()
                .filter(|o| o.2)
                .map(|(id, ..)| eq(response, id))
                .collect();
            let key = match accepted.len() {
                1 => accepted[0].clone(),
                _ => Cond::Or(accepted.clone()),
            };
            (accepted, key)
        })
        .collect();
    let rules = part_rules(&fb, parts, true);
    resprocessing(xml, &rules);
    close_item(xml, &fb);
}

/// Ordering has no Canvas Classic type: a matching question where each item
/// is matched to its position. Items are listed in a fixed order that is not
/// the answer (derived from the question id, so builds are reproducible).
pub(super) fn ordering_item(
    xml: &mut Xml,
    q: &Question,
    info: &ItemInfo,
    content: &mut Content,
    fb: Feedbacks,
    items: &[OrderItem],
    partial: bool,
) {
    content.warn(
        "canvas-ordering",
        q.span,
        format!(
            "Canvas Classic has no ordering type: exported as a matching question pairing each \
             item (as plain text) with its position 1–{n}{}",
            if partial {
                ""
            } else {
                "; Canvas scores matching per pair, so the all-or-nothing scoring becomes \
                 partial credit (use `{scoring=partial}` to make this explicit)"
            },
            n = items.len()
        ),
    );
    let order = display_order(q.id.as_bytes(), items.len());
    let lefts: Vec<String> = order
        .iter()
        .map(|&i| xml_safe(&items[i].content.plain_text()).into_owned())
        .collect();
    let options: Vec<String> = (1..=items.len()).map(|p| p.to_string()).collect();
    let keys: Vec<usize> = order.clone();
    let suffix = "<p>Match each item to its position in the correct order (1 = first).</p>";
    matching_body(
        xml,
        q,
        info,
        content,
        fb,
        &lefts,
        &options,
        &keys,
        Some(suffix),
    );
}

/// A permutation of `0..n` from a hash of `seed` that is not the identity
/// (for n ≥ 2), so the listed order never gives the answer away.
pub(super) fn display_order(seed: &[u8], n: usize) -> Vec<usize> {
    use sha2::{Digest, Sha256};
    let mut order: Vec<usize> = (0..n).collect();
    let mut state: Vec<u8> = Sha256::digest(seed).to_vec();
    for round in 0u8..16 {
        for i in (1..n).rev() {
            let byte = state[i % state.len()] as usize;
            order.swap(i, byte % (i + 1));
        }
        if n < 2 || order.iter().enumerate().any(|(i, &o)| i != o) {
            return order;
        }
        state = Sha256::digest([&state[..], &[round]].concat()).to_vec();
    }
    order.rotate_left(1);
    order
}

#[cfg(test)]
mod tests {
    use super::display_order;

    #[test]
    fn display_order_is_a_permutation_that_hides_the_answer() {
        for n in 2..12 {
            for seed in ["a", "backprop-order", "q1", "zz-top"] {
                let order = display_order(seed.as_bytes(), n);
                let mut sorted = order.clone();
                sorted.sort();
                assert_eq!(sorted, (0..n).collect::<Vec<_>>());
                assert!(order.iter().enumerate().any(|(i, &o)| i != o), "{seed} {n}");
                assert_eq!(order, display_order(seed.as_bytes(), n), "deterministic");
            }
        }
        assert_eq!(display_order(b"x", 1), vec![0]);
    }
}
