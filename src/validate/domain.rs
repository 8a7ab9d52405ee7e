//! Where a function is defined on its domain box: a deterministic spread of points, and the
//! share of them where it has no finite value.

use super::{short, Sink};
use crate::exercise::Pos;
use crate::question::Formula;
use std::sync::OnceLock;

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

/// Coordinate `d` of the `i`-th point of the unit box's Halton sequence (`i` from 1).
fn unit_coordinate(d: usize, i: usize) -> f64 {
    halton(i + d / PRIMES.len() * 7, PRIMES[d % PRIMES.len()])
}

/// The first [`DOMAIN_SAMPLES`] unit coordinates in each of the first `PRIMES.len()`
/// dimensions, computed once: every domain box is sampled at these, scaled, and computing
/// them (integer divisions in a loop) cost more than evaluating the function there.
fn unit_table() -> &'static [Vec<f64>] {
    static TABLE: OnceLock<Vec<Vec<f64>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..PRIMES.len())
            .map(|d| {
                (1..=DOMAIN_SAMPLES)
                    .map(|i| unit_coordinate(d, i))
                    .collect()
            })
            .collect()
    })
}

/// `n` deterministic, evenly spread points of a box (a Halton sequence).
pub fn sample_box(ranges: &[(f64, f64)], n: usize) -> Vec<Vec<f64>> {
    (1..=n)
        .map(|i| {
            ranges
                .iter()
                .enumerate()
                .map(|(d, (lo, hi))| lo + (hi - lo) * unit_coordinate(d, i))
                .collect()
        })
        .collect()
}

/// The points of [`sample_box`] as columns, one per variable (column `d` holds coordinate `d`
/// of every point, the same numbers in the same order): what a batch evaluation reads, built
/// without a vector per point.
pub fn sample_columns(ranges: &[(f64, f64)], n: usize) -> Vec<Vec<f64>> {
    ranges
        .iter()
        .enumerate()
        .map(|(d, &(lo, hi))| match unit_table().get(d) {
            Some(unit) if n <= unit.len() => unit[..n].iter().map(|u| lo + (hi - lo) * u).collect(),
            _ => (1..=n)
                .map(|i| lo + (hi - lo) * unit_coordinate(d, i))
                .collect(),
        })
        .collect()
}

/// A question's domain box sampled once for [`DomainSample::check_defined`]: its
/// [`DOMAIN_SAMPLES`] points as columns, shared by every function of the question (a
/// Jacobian's), with its variables and data.
pub(super) struct DomainSample<'q> {
    vars: &'q [String],
    ranges: &'q [(f64, f64)],
    data: &'q [Vec<f64>],
    coords: Vec<Vec<f64>>,
}

impl<'q> DomainSample<'q> {
    pub(super) fn new(vars: &'q [String], ranges: &'q [(f64, f64)], data: &'q [Vec<f64>]) -> Self {
        DomainSample {
            vars,
            ranges,
            data,
            coords: sample_columns(ranges, DOMAIN_SAMPLES),
        }
    }

    /// The share of the sample points where the formula is not a finite number: every point
    /// in one batch, the values [`Formula::eval`] gives one point at a time.
    fn undefined_share(&self, f: &Formula) -> f64 {
        let coords: Vec<&[f64]> = self.coords.iter().map(Vec::as_slice).collect();
        let mut values = vec![0.0; DOMAIN_SAMPLES];
        if self.data.is_empty() {
            f.expr.eval_batch(&coords, &mut values);
        } else {
            f.expr.eval_data_batch(&coords, self.data, &mut values);
        }
        let bad = values.iter().filter(|v| !v.is_finite()).count();
        bad as f64 / DOMAIN_SAMPLES as f64
    }

    /// Reports a function undefined on much of the domain: a warning above
    /// [`UNDEFINED_WARNING`], an error above [`UNDEFINED_ERROR`].
    pub(super) fn check_defined(&self, sink: &mut Sink<'_>, pos: Pos, f: &Formula) {
        let share = self.undefined_share(f);
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
            describe_box(self.vars, self.ranges)
        );
        if share > UNDEFINED_ERROR {
            sink.error(pos, format!("{msg}: choose a `domain` where it is defined"));
        } else {
            sink.warning(pos, msg);
        }
    }
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

    #[test]
    fn the_columns_are_the_points_coordinates() {
        // Within the table of unit coordinates and beyond it: more points, more dimensions
        // than there are primes.
        for (dims, n) in [(1, 200), (2, 200), (3, 7), (2, 250), (18, 200), (0, 200)] {
            let ranges: Vec<(f64, f64)> = (0..dims)
                .map(|d| (-1.5 - d as f64, 0.25 * d as f64 + 2.0))
                .collect();
            let points = sample_box(&ranges, n);
            let columns = sample_columns(&ranges, n);
            assert_eq!(columns.len(), dims);
            for (d, col) in columns.iter().enumerate() {
                let coordinate: Vec<f64> = points.iter().map(|p| p[d]).collect();
                assert_eq!(
                    col, &coordinate,
                    "{dims} dimensions, {n} points, column {d}"
                );
            }
        }
    }
}
