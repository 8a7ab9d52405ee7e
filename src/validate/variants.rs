//! Randomised exercises and descent examples: every checked variant is validated as a fixed
//! item is (a descent variant's walk must also start and not diverge), and each problem is
//! reported once, with the first failing variant, its params and how many of the checked
//! variants fail.
//!
//! Which variants are checked: when the draws have at most [`ENUMERATE_LIMIT`] combinations,
//! variants 1 to N are every valid combination once, so all N are checked; otherwise variants
//! 1 to [`CHECKED_VARIANTS`]. Two variants whose rendered prompts are identical count as one
//! (for a descent example: its title, notes, start and learning rate); fewer than
//! [`MIN_DISTINCT`] distinct variants is a warning.

use super::{descent, exercise, here, Sink};
use crate::descent::{Status, Stepper};
use crate::exercise::{Descent, Diagnostic, Exercise, ItemInfo, Pos, Severity, VariantError};
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

/// The first valid variant of a descent example at or after the one asked for, and the
/// variants passed over.
#[derive(Clone, Debug)]
pub struct ValidDescent {
    /// The example as that variant, ready to step.
    pub descent: Descent,
    /// The variants before it that fail validation, in order.
    pub skipped: Vec<Skipped>,
}

impl ValidDescent {
    /// The variant's number.
    pub fn number(&self) -> u32 {
        self.descent.variant_number().unwrap_or(0)
    }
}

/// Why no valid variant could be given.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ValidVariantError {
    /// The item is fixed, or the variant number is out of range.
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
    let mut variants = ex.variants()?;
    let (exercise, skipped) = search(&ex.id, from, tries(v), |n| {
        let vex = variants.get(n)?;
        let error = variant_errors(&vex).into_iter().next();
        Ok((vex, error))
    })?;
    Ok(ValidVariant { exercise, skipped })
}

/// The first variant of a descent example at or after `from` that passes every check
/// `validate` makes on a variant ([`descent_variant_errors`]): its title and notes render,
/// its function (and a given gradient) are defined at its start and the gradient is right,
/// and its walk starts and does not diverge. A variant that fails is never shown: the tutor
/// moves on to the next valid one with this function. At most [`SEARCH_LIMIT`] variants are
/// tried, as for exercises.
pub fn first_valid_descent_variant(
    d: &Descent,
    from: u32,
) -> Result<ValidDescent, ValidVariantError> {
    let Some(v) = &d.variant else {
        return Err(VariantError::Fixed { id: d.id.clone() }.into());
    };
    let mut variants = d.variants()?;
    let (descent, skipped) = search(&d.id, from, tries(v), |n| {
        let vd = variants.get(n)?;
        let error = descent_variant_errors(&vd).into_iter().next();
        Ok((vd, error))
    })?;
    Ok(ValidDescent { descent, skipped })
}

/// How many variants a search tries: [`SEARCH_LIMIT`], or every valid combination when
/// there are fewer.
fn tries(v: &crate::exercise::Variant) -> u32 {
    let tries = match v.spec.draws.valid_combinations() {
        Some(valid) => SEARCH_LIMIT.min(u32::try_from(valid).unwrap_or(u32::MAX)),
        None => SEARCH_LIMIT,
    };
    tries.max(1)
}

/// Something that has a variant (an exercise or a descent example).
trait HasVariant {
    fn variant(&self) -> Option<&crate::exercise::Variant>;
}

impl HasVariant for Exercise {
    fn variant(&self) -> Option<&crate::exercise::Variant> {
        self.variant.as_ref()
    }
}

impl HasVariant for Descent {
    fn variant(&self) -> Option<&crate::exercise::Variant> {
        self.variant.as_ref()
    }
}

/// The first variant from `from` on that `read` gives without an error, trying `tries`;
/// `read` gives variant `n` and its first validation error.
fn search<T: HasVariant>(
    id: &str,
    from: u32,
    tries: u32,
    mut read: impl FnMut(u32) -> Result<(T, Option<Diagnostic>), VariantError>,
) -> Result<(T, Vec<Skipped>), ValidVariantError> {
    if !(1..=MAX_VARIANT).contains(&from) {
        return Err(VariantError::OutOfRange { n: from }.into());
    }
    let mut skipped = Vec::new();
    let mut n = from;
    for _ in 0..tries {
        match read(n) {
            Ok((item, None)) => return Ok((item, skipped)),
            Ok((item, Some(d))) => skipped.push(Skipped {
                number: n,
                params: item.variant().map(|v| v.describe()).unwrap_or_default(),
                reason: d.message,
            }),
            Err(e) => skipped.push(Skipped {
                number: n,
                params: String::new(),
                reason: e.to_string(),
            }),
        }
        n = next_variant(n);
    }
    Err(ValidVariantError::NoneValid {
        id: id.to_string(),
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
    errors_of(ex.variant.as_ref(), |sink| {
        exercise::check(ex, &ItemInfo::default(), sink)
    })
}

/// The errors `validate` finds in one variant of a descent example (or in a fixed one):
/// those of a fixed example, then whether its walk starts and converges or runs its steps
/// without diverging. Empty when it may be shown.
pub fn descent_variant_errors(d: &Descent) -> Vec<Diagnostic> {
    errors_of(d.variant.as_ref(), |sink| {
        check_descent_variant(d, &ItemInfo::default(), sink)
    })
}

/// The errors `check` reports into a sink.
fn errors_of(
    variant: Option<&crate::exercise::Variant>,
    check: impl FnOnce(&mut Sink<'_>),
) -> Vec<Diagnostic> {
    let source = variant.map_or_else(String::new, |v| v.spec.source.clone());
    let mut diags = Vec::new();
    check(&mut Sink {
        source: &source,
        diags: &mut diags,
    });
    diags.retain(|d| d.severity == Severity::Error);
    diags
}

/// One variant of a descent example checked as a fixed example is; then, when that found no
/// error, its walk: it must start (f and its gradient finite at `start`) and not diverge.
/// A fixed example may diverge on purpose (the lecture's Rosenbrock); a variant may not,
/// since its author cannot have looked at every one.
fn check_descent_variant(d: &Descent, info: &ItemInfo, sink: &mut Sink<'_>) {
    let before = sink.diags.len();
    descent::check(d, info, sink);
    if sink.diags[before..]
        .iter()
        .any(|e| e.severity == Severity::Error)
    {
        return;
    }
    let mut stepper = match Stepper::new(d) {
        Ok(s) => s,
        Err(e) => {
            sink.error(
                here(info, d.pos, "start"),
                format!("the walk cannot start: {e}"),
            );
            return;
        }
    };
    if let Status::Diverged { at_step, reason } = stepper.run() {
        let message = format!(
            "the walk diverges at step {at_step} ({reason}) with learning rate {}: draw smaller learning rates, or add a `where` that keeps them stable",
            crate::variants::format_value(d.learning_rate)
        );
        sink.error(here(info, d.pos, "learning_rate"), message);
    }
}

/// One problem, seen in one or more variants.
struct Problem {
    first: Diagnostic,
    variant: u32,
    params: String,
    count: usize,
}

/// What checking one variant gave: its problems, its params as messages write them, and
/// what a student sees of it (variants that look the same count as one).
struct Checked {
    diags: Vec<Diagnostic>,
    params: String,
    seen: Option<String>,
}

/// How many variants are checked.
fn checked_count(v: &crate::exercise::Variant) -> u32 {
    let draws = &v.spec.draws;
    match draws.valid_combinations() {
        Some(valid) if draws.combinations() <= ENUMERATE_LIMIT => valid as u32,
        _ => CHECKED_VARIANTS,
    }
}

/// Validates variants of a randomised exercise (the exercise is its variant as loaded).
pub(super) fn check(ex: &Exercise, info: &ItemInfo, sink: &mut Sink<'_>) {
    let Some(v) = &ex.variant else {
        return exercise::check(ex, info, sink);
    };
    let Ok(mut variants) = ex.variants() else {
        return exercise::check(ex, info, sink);
    };
    let params_at = info.pos("params").unwrap_or(ex.pos);
    check_each(
        v,
        params_at,
        sink,
        |k| variants.get(k),
        |vex, s| {
            exercise::check(&vex, info, s);
            (describe_variant(&vex.variant), vex.prompt)
        },
    );
}

/// Validates variants of a randomised descent example (or a fixed one, as it is).
pub(super) fn check_descent(d: &Descent, info: &ItemInfo, sink: &mut Sink<'_>) {
    let Some(v) = &d.variant else {
        return descent::check(d, info, sink);
    };
    let Ok(mut variants) = d.variants() else {
        return descent::check(d, info, sink);
    };
    let params_at = info.pos("params").unwrap_or(d.pos);
    check_each(
        v,
        params_at,
        sink,
        |k| variants.get(k),
        |vd, s| {
            check_descent_variant(&vd, info, s);
            let seen = format!(
                "{}\n{:?}\n{:?} {}",
                vd.title, vd.notes, vd.start, vd.learning_rate
            );
            (describe_variant(&vd.variant), seen)
        },
    );
}

/// Reads every checked variant with `get` and checks it with `check`, which gives its params
/// as messages write them and what a student sees of it: what exercises and descent examples
/// share.
fn check_each<T>(
    v: &crate::exercise::Variant,
    params_at: Pos,
    sink: &mut Sink<'_>,
    mut get: impl FnMut(u32) -> Result<T, VariantError>,
    mut check: impl FnMut(T, &mut Sink<'_>) -> (String, String),
) {
    let source = sink.source.to_string();
    check_variants(checked_count(v), params_at, sink, |k| {
        let mut diags = Vec::new();
        let mut s = Sink {
            source: &source,
            diags: &mut diags,
        };
        let (params, seen) = match get(k) {
            Ok(item) => {
                let (params, seen) = check(item, &mut s);
                (params, Some(seen))
            }
            Err(e) => (unreadable(e, v, k, params_at, &mut s), None),
        };
        Checked {
            diags,
            params,
            seen,
        }
    });
}

/// A variant that could not be read: the reader's own messages, at their places, or why it
/// has no values; returns its params as messages write them.
fn unreadable(
    e: VariantError,
    v: &crate::exercise::Variant,
    k: u32,
    params_at: Pos,
    sink: &mut Sink<'_>,
) -> String {
    match e {
        VariantError::Unreadable { diagnostics, .. } => {
            sink.diags.extend(diagnostics);
            describe(v.spec.draws.values(k).as_deref().unwrap_or_default())
        }
        e => {
            sink.error(params_at, e.to_string());
            String::new()
        }
    }
}

fn describe_variant(v: &Option<crate::exercise::Variant>) -> String {
    v.as_ref().map(|v| v.describe()).unwrap_or_default()
}

/// Checks variants 1 to `n` with `check_one` and reports each problem once, with its first
/// variant and in how many it fails; warns when fewer than [`MIN_DISTINCT`] look different.
fn check_variants(
    n: u32,
    params_at: Pos,
    sink: &mut Sink<'_>,
    mut check_one: impl FnMut(u32) -> Checked,
) {
    let mut problems: Vec<Problem> = Vec::new();
    let mut seen = BTreeSet::new();
    for k in 1..=n {
        let checked = check_one(k);
        seen.extend(checked.seen);
        for d in checked.diags {
            let key = shape(&d);
            match problems.iter_mut().find(|p| shape(&p.first) == key) {
                Some(p) => p.count += 1,
                None => problems.push(Problem {
                    first: d,
                    variant: k,
                    params: checked.params.clone(),
                    count: 1,
                }),
            }
        }
    }
    report(problems, n, sink);
    if seen.len() < MIN_DISTINCT {
        sink.warning(
            params_at,
            format!(
                "only {} distinct variant{} (variants whose prompts read the same are one): widen the draws so that students get new numbers",
                seen.len(),
                if seen.len() == 1 { "" } else { "s" }
            ),
        );
    }
}

/// Each problem once: `variant 37 (a = -1, n = 3): … (fails in 61 of 200 variants)`.
fn report(problems: Vec<Problem>, n: u32, sink: &mut Sink<'_>) {
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
