//! Randomised exercises: every checked variant is validated as a fixed exercise is, and each
//! problem is reported once, with the first failing variant, its params and how many of the
//! checked variants fail.
//!
//! Which variants are checked: when the draws have at most [`ENUMERATE_LIMIT`] combinations,
//! variants 1 to N are every valid combination once, so all N are checked; otherwise variants
//! 1 to [`CHECKED_VARIANTS`]. Two variants whose rendered prompts are identical count as one;
//! fewer than [`MIN_DISTINCT`] distinct variants is a warning.

use super::{exercise, Sink};
use crate::exercise::{Diagnostic, Exercise, ItemInfo, Severity, VariantError};
use crate::variants::{first_variant, next_variant, ENUMERATE_LIMIT, MAX_VARIANT};
use std::collections::BTreeSet;

/// How many variants are checked when the combinations are not all listed.
pub const CHECKED_VARIANTS: u32 = 200;
/// Fewer distinct variants than this is a warning.
pub const MIN_DISTINCT: usize = 5;
/// How many variants [`first_valid_variant`] tries, at most, before it gives up.
pub const SEARCH_LIMIT: u32 = 200;

/// A variant passed over because it fails validation.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    pub number: u32,
    /// `a = -1, n = 3`, or empty when the variant has no values.
    pub params: String,
    /// The first error `validate` finds in it.
    pub reason: String,
}

/// The first valid variant at or after the one asked for, and the variants passed over.
#[derive(Clone, Debug)]
pub struct ValidVariant {
    /// The exercise as that variant, ready to prepare and check.
    pub exercise: Exercise,
    /// The variants before it that fail validation, in order (empty when the one asked for
    /// is valid).
    pub skipped: Vec<Skipped>,
}

impl ValidVariant {
    /// The variant's number.
    pub fn number(&self) -> u32 {
        self.exercise.variant_number().unwrap_or(0)
    }
}

/// Why no valid variant could be given.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ValidVariantError {
    /// The exercise is fixed, or the variant number is out of range.
    #[error(transparent)]
    Variant(#[from] VariantError),
    #[error("`{id}` has no valid variant from variant {from} on: the {tried} variants tried all fail validation (variant {from}: {reason})")]
    NoneValid {
        id: String,
        from: u32,
        tried: u32,
        reason: String,
    },
}

/// The first variant at or after `from` (wrapping from the last variant to 1) that passes
/// every check `validate` makes on a variant — its values satisfy `where`, its templates
/// render, its question prepares, its functions are defined on enough of the domain, the
/// checker can compute the truth, its answer key is right; warnings do not count. A variant
/// that fails is never shown to a student or checked against: the tutor, `show`, `check` and
/// `grade` all move on to the next valid one with this function.
///
/// At most [`SEARCH_LIMIT`] variants are tried (fewer when the draws list fewer valid
/// combinations: then every combination has been tried). `ex` is any variant of the exercise.
pub fn first_valid_variant(ex: &Exercise, from: u32) -> Result<ValidVariant, ValidVariantError> {
    let Some(v) = &ex.variant else {
        return Err(VariantError::Fixed { id: ex.id.clone() }.into());
    };
    if !(1..=MAX_VARIANT).contains(&from) {
        return Err(VariantError::OutOfRange { n: from }.into());
    }
    let tries = match v.spec.draws.valid_combinations() {
        Some(valid) => SEARCH_LIMIT.min(u32::try_from(valid).unwrap_or(u32::MAX)),
        None => SEARCH_LIMIT,
    };
    let mut skipped = Vec::new();
    let mut n = from;
    let mut variants = ex.variants()?;
    for _ in 0..tries.max(1) {
        match variants.get(n) {
            Ok(vex) => match variant_errors(&vex).into_iter().next() {
                None => {
                    return Ok(ValidVariant {
                        exercise: vex,
                        skipped,
                    })
                }
                Some(d) => skipped.push(Skipped {
                    number: n,
                    params: vex
                        .variant
                        .as_ref()
                        .map(|v| v.describe())
                        .unwrap_or_default(),
                    reason: d.message,
                }),
            },
            Err(e) => skipped.push(Skipped {
                number: n,
                params: String::new(),
                reason: e.to_string(),
            }),
        }
        n = next_variant(n);
    }
    Err(ValidVariantError::NoneValid {
        id: ex.id.clone(),
        from,
        tried: skipped.len() as u32,
        reason: skipped
            .first()
            .map(|s| s.reason.clone())
            .unwrap_or_default(),
    })
}

/// A student's first valid variant: [`first_valid_variant`] from [`first_variant`] of their
/// key and the id.
pub fn student_valid_variant(
    ex: &Exercise,
    student: &str,
) -> Result<ValidVariant, ValidVariantError> {
    first_valid_variant(ex, first_variant(student, &ex.id))
}

/// The errors `validate` finds in one variant (or in a fixed exercise), checked as a fixed
/// exercise is; empty when it may be shown.
pub fn variant_errors(ex: &Exercise) -> Vec<Diagnostic> {
    let source = ex
        .variant
        .as_ref()
        .map_or_else(String::new, |v| v.spec.source.clone());
    let mut diags = Vec::new();
    let mut sink = Sink {
        source: &source,
        diags: &mut diags,
    };
    exercise::check(ex, &ItemInfo::default(), &mut sink);
    diags.retain(|d| d.severity == Severity::Error);
    diags
}

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
    let mut variants = match ex.variants() {
        Ok(r) => r,
        Err(_) => return exercise::check(ex, info, sink),
    };
    for k in 1..=n {
        let mut diags = Vec::new();
        let params = match variants.get(k) {
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
            // A variant that does not read: the reader's own messages, at their places.
            Err(VariantError::Unreadable { diagnostics, .. }) => {
                diags.extend(diagnostics);
                describe(draws.values(k).as_deref().unwrap_or_default())
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
            Severity::Note => sink.note(p.first.pos, message),
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

/// `a = -1, n = 3`.
fn describe(values: &[(String, f64)]) -> String {
    values
        .iter()
        .map(|(n, x)| format!("{n} = {}", crate::variants::format_value(*x)))
        .collect::<Vec<_>>()
        .join(", ")
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
