//! Where a function is defined on its domain box: a deterministic spread of points, and the
//! share of them where it has no finite value.

use super::{short, Sink};
use crate::exercise::Pos;
use crate::question::Formula;

/// How many points of a domain box are sampled.
pub const DOMAIN_SAMPLES: usize = 200;
/// Undefined on more than this share of the domain: a warning.
pub const UNDEFINED_WARNING: f64 = 0.20;
/// Undefined on more than this share: an error (the exercise cannot be checked).
pub const UNDEFINED_ERROR: f64 = 0.95;

fn halton(mut i: usize, base: usize) -> f64 {
    let mut f = 1.0;
    let mut r = 0.0;
    while i > 0 {
        f /= base as f64;
        r += f * (i % base) as f64;
        i /= base;
    }
    r
}

const PRIMES: [usize; 16] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53];

/// `n` deterministic, evenly spread points of a box (a Halton sequence).
pub fn sample_box(ranges: &[(f64, f64)], n: usize) -> Vec<Vec<f64>> {
    (1..=n)
        .map(|i| {
            ranges
                .iter()
                .enumerate()
                .map(|(d, (lo, hi))| {
                    let u = halton(i + d / PRIMES.len() * 7, PRIMES[d % PRIMES.len()]);
                    lo + (hi - lo) * u
                })
                .collect()
        })
        .collect()
}

/// The share of sample points where the formula is not a finite number: the points in one
/// batch (each variable a column), the values [`Formula::eval`] gives one point at a time.
fn undefined_share(f: &Formula, ranges: &[(f64, f64)], columns: &[Vec<f64>]) -> f64 {
    let points = sample_box(ranges, DOMAIN_SAMPLES);
    let coords: Vec<Vec<f64>> = (0..ranges.len())
        .map(|d| points.iter().map(|p| p[d]).collect())
        .collect();
    let coords: Vec<&[f64]> = coords.iter().map(Vec::as_slice).collect();
    let mut values = vec![0.0; points.len()];
    if columns.is_empty() {
        f.expr.eval_batch(&coords, &mut values);
    } else {
        f.expr.eval_data_batch(&coords, columns, &mut values);
    }
    let bad = values.iter().filter(|v| !v.is_finite()).count();
    bad as f64 / points.len().max(1) as f64
}

/// `[-3, 3]` when every variable has the same interval, `x in [-3, 3], y in [0.1, 5]` otherwise.
fn describe_box(vars: &[String], ranges: &[(f64, f64)]) -> String {
    let iv = |(lo, hi): (f64, f64)| format!("[{}, {}]", short(lo), short(hi));
    match ranges.first() {
        Some(first) if ranges.iter().all(|r| r == first) => iv(*first),
        _ => vars
            .iter()
            .zip(ranges)
            .map(|(v, r)| format!("{v} in {}", iv(*r)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Reports a function undefined on much of its domain: a warning above
/// [`UNDEFINED_WARNING`], an error above [`UNDEFINED_ERROR`].
pub(super) fn check_defined(
    sink: &mut Sink<'_>,
    pos: Pos,
    f: &Formula,
    vars: &[String],
    ranges: &[(f64, f64)],
    columns: &[Vec<f64>],
) {
    let share = undefined_share(f, ranges, columns);
    if share <= UNDEFINED_WARNING {
        return;
    }
    let how_much = if share >= 1.0 {
        "all".to_string()
    } else {
        format!("{:.0}%", (share * 100.0).min(99.0))
    };
    let msg = format!(
        "`{}` is undefined on {how_much} of the domain {}",
        f.text,
        describe_box(vars, ranges)
    );
    if share > UNDEFINED_ERROR {
        sink.error(pos, format!("{msg}: choose a `domain` where it is defined"));
    } else {
        sink.warning(pos, msg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halton_points_fill_the_box() {
        let pts = sample_box(&[(-3.0, 3.0), (0.0, 1.0)], 200);
        assert_eq!(pts.len(), 200);
        assert!(pts
            .iter()
            .all(|p| (-3.0..=3.0).contains(&p[0]) && (0.0..=1.0).contains(&p[1])));
        let left = pts.iter().filter(|p| p[0] < 0.0).count();
        assert!((95..=105).contains(&left), "{left}");
    }
}
