//! Randomised exercises: every checked variant is validated as a fixed exercise is, and each
//! problem is reported once, with the first failing variant, its params and how many of the
//! checked variants fail.
//!
//! Which variants are checked: when the draws have at most [`ENUMERATE_LIMIT`] combinations,
//! variants 1 to N are every valid combination once, so all N are checked; otherwise variants
//! 1 to [`CHECKED_VARIANTS`]. Two variants whose rendered prompts are identical count as one;
//! fewer than [`MIN_DISTINCT`] distinct variants is a warning.

use super::{exercise, Sink};
use crate::exercise::{Diagnostic, Exercise, ItemInfo, Severity};
use crate::variants::ENUMERATE_LIMIT;
use std::collections::BTreeSet;

/// How many variants are checked when the combinations are not all listed.
pub const CHECKED_VARIANTS: u32 = 200;
/// Fewer distinct variants than this is a warning.
pub const MIN_DISTINCT: usize = 5;

/// One problem, seen in one or more variants.
struct Problem {
    first: Diagnostic,
    variant: u32,
    params: String,
    count: usize,
}

/// Validates variants of a randomised exercise (the exercise is its variant as loaded).
pub(super) fn check(ex: &Exercise, info: &ItemInfo, sink: &mut Sink<'_>) {
    let Some(v) = &ex.variant else {
        return exercise::check(ex, info, sink);
    };
    let draws = &v.spec.draws;
    let n = match draws.valid_combinations() {
        Some(valid) if draws.combinations() <= ENUMERATE_LIMIT => valid as u32,
        _ => CHECKED_VARIANTS,
    };
    let mut problems: Vec<Problem> = Vec::new();
    let mut prompts = BTreeSet::new();
    for k in 1..=n {
        let mut diags = Vec::new();
        let params = match ex.variant(k) {
            Ok(vex) => {
                prompts.insert(vex.prompt.clone());
                let mut s = Sink {
                    source: sink.source,
                    diags: &mut diags,
                };
                exercise::check(&vex, info, &mut s);
                vex.variant
                    .as_ref()
                    .map(|v| v.describe())
                    .unwrap_or_default()
            }
            Err(e) => {
                diags.push(Diagnostic {
                    source: sink.source.to_string(),
                    pos: info.pos("params").unwrap_or(ex.pos),
                    severity: Severity::Error,
                    message: e.to_string(),
                });
                String::new()
            }
        };
        for d in diags {
            let key = shape(&d);
            match problems.iter_mut().find(|p| shape(&p.first) == key) {
                Some(p) => p.count += 1,
                None => problems.push(Problem {
                    first: d,
                    variant: k,
                    params: params.clone(),
                    count: 1,
                }),
            }
        }
    }
    for p in problems {
        let with = if p.params.is_empty() {
            String::new()
        } else {
            format!(" ({})", p.params)
        };
        let message = format!(
            "variant {}{with}: {} (fails in {} of {n} variants)",
            p.variant, p.first.message, p.count
        );
        match p.first.severity {
            Severity::Error => sink.error(p.first.pos, message),
            Severity::Warning => sink.warning(p.first.pos, message),
        }
    }
    if prompts.len() < MIN_DISTINCT {
        sink.warning(
            info.pos("params").unwrap_or(ex.pos),
            format!(
                "only {} distinct variant{} (variants whose prompts read the same are one): widen the draws so that students get new numbers",
                prompts.len(),
                if prompts.len() == 1 { "" } else { "s" }
            ),
        );
    }
}

/// A problem's identity across variants: where it is, how bad, and its message with the
/// numbers taken out (the same problem names other numbers in other variants).
fn shape(d: &Diagnostic) -> (crate::exercise::Pos, Severity, String) {
    let mut s = String::with_capacity(d.message.len());
    let mut in_number = false;
    for c in d.message.chars() {
        let digit = c.is_ascii_digit() || (in_number && (c == '.' || c == 'e'));
        if digit {
            if !in_number {
                s.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            s.push(c);
        }
    }
    (d.pos, d.severity, s.replace("-#", "#").replace("−#", "#"))
}
