//! Fingerprints: an answer's values where the checker judges it, so that answers which mean the
//! same (`2x(x−3)`, `2*x*(x-3)`, `2x² − 6x`) can be grouped in one pass, for the class report.
//!
//! A [`Fingerprint`] holds what the checker compares: an expression answer's values at the
//! checker's sample points (cell by cell), a number answer's numbers. Two fingerprints are the
//! same answer when every value matches under the checker's own comparison
//! ([`Checker::same_values`]: `sample_ok` at the truth's scale for expressions, `number_ok` with
//! the exercise's tolerance for numbers).
//!
//! Grouping many answers must not compare every pair. Each fingerprint is filed under a hash key
//! ([`Checker::fingerprint_key`]): a few of its values, each mapped to a cell of a grid coarser
//! than the comparison's tolerance. Two values that match can still fall on either side of a
//! grid line, so a new answer looks for its group under every key its values could have
//! ([`Checker::fingerprint_probes`]: a value within tolerance of a grid line probes both cells;
//! usually there is one key, rarely two or four), and the group found is confirmed with
//! [`Checker::same_values`] before the answer joins it. Answers that agree at the key's few
//! points only share a key and are told apart by that confirmation.

use super::compare::{width, ABS_FLOOR, ATOL, NUM_FLOOR, RTOL};
use super::read::{number, point_parts};
use super::{Checker, Plan, Voice};
use crate::exercise::{Answer, TableEntry, Tolerance};
use crate::question::CellId;

/// How many of a fingerprint's values make its hash key.
const KEY_VALUES: usize = 6;
/// Grid width, in asinh units, of an expression value (the comparison's tolerance is about
/// 2·10⁻⁶ relative there, so a value lies near a grid line about one time in 500).
const SAMPLE_GRID: f64 = 1e-3;
/// Markers for values that are not finite (they match only their own kind).
const NAN_CELL: i64 = i64::MIN;
const NEG_INF_CELL: i64 = i64::MIN + 1;
const POS_INF_CELL: i64 = i64::MAX;
/// Finite values' cells stay clear of the markers.
const CELL_LIMIT: f64 = 4.0e18;

/// An answer's values where the checker judges it (see the module documentation).
#[derive(Clone, Debug, PartialEq)]
pub struct Fingerprint {
    /// A table answer's entries and their lengths, in name order (empty for other answers).
    layout: Vec<(String, usize)>,
    /// Expression answers: cell by cell, the value at every sample point; number answers: the
    /// numbers in the answer's order.
    values: Vec<f64>,
}

/// A hash key a [`Fingerprint`] is filed under.
pub type FingerprintKey = Vec<i64>;

/// How one value is compared: at a sample point with the truth's scale, or as a number with the
/// exercise's tolerance.
#[derive(Clone, Copy, Debug)]
enum Rule {
    Sample { scale: f64 },
    Number(Tolerance),
}

impl Rule {
    /// Do `a` (a new answer's value) and `b` (the group's) match? The checker's comparison of a
    /// value with the truth, the group's value standing for the truth; values that are not
    /// finite match only their own kind (undefined at the same point).
    fn same(self, a: f64, b: f64) -> bool {
        if !a.is_finite() || !b.is_finite() {
            return (a.is_nan() && b.is_nan()) || a == b;
        }
        match self {
            Rule::Sample { scale } => super::compare::sample_ok(a, b, 0.0, scale),
            Rule::Number(tol) => super::compare::number_ok(a, b, 0.0, tol),
        }
    }

    /// The grid: a monotone map of values to grid units, and how far from `v` a value that
    /// matches it may be (a bound on [`Rule::same`]'s tolerance, whichever value is the group's).
    fn grid(self, v: f64) -> (Box<dyn Fn(f64) -> f64>, f64) {
        let (s, per_unit, reach) = match self {
            Rule::Sample { scale } => (
                scale.max(1e-9),
                SAMPLE_GRID,
                2.0 * (RTOL * v.abs() + ATOL * scale + ABS_FLOOR),
            ),
            Rule::Number(tol) => match relative(tol) {
                Some(rho) => (
                    NUM_FLOOR / rho,
                    8.0 * rho,
                    2.0 * (rho * v.abs() + NUM_FLOOR),
                ),
                // An absolute tolerance: a linear grid 8 tolerances wide.
                None => {
                    let w = width(0.0, tol).max(NUM_FLOOR);
                    return (Box::new(move |x: f64| x / (8.0 * w)), 2.0 * (w + NUM_FLOOR));
                }
            },
        };
        (Box::new(move |x: f64| (x / s).asinh() / per_unit), reach)
    }

    /// The grid cells a value matching `v` may lie in: `v`'s own first.
    fn cells(self, v: f64) -> Vec<i64> {
        if v.is_nan() {
            return vec![NAN_CELL];
        }
        if v.is_infinite() {
            return vec![if v > 0.0 { POS_INF_CELL } else { NEG_INF_CELL }];
        }
        if self.ignored() {
            return vec![0];
        }
        let (unit, reach) = self.grid(v);
        let cell = |x: f64| unit(x).floor().clamp(-CELL_LIMIT, CELL_LIMIT) as i64;
        let own = cell(v);
        let (lo, hi) = (cell(v - reach), cell(v + reach));
        let mut out = vec![own];
        // The bounds keep `reach` under half a cell; four cells are more than enough.
        out.extend((lo..=hi.min(lo.saturating_add(3))).filter(|&c| c != own));
        out
    }

    /// A tolerance so loose (half the value or more) that a grid says nothing: the key leaves
    /// the value out, and the confirmation alone decides.
    fn ignored(self) -> bool {
        matches!(self, Rule::Number(tol) if relative(tol).is_some_and(|rho| rho >= 0.5))
    }
}

/// A relative tolerance's bound on the width relative to the value, or `None` for an absolute
/// tolerance. `sig_figs = n` allows at most one unit in the n-th figure: under 10^(1−n) of the
/// value, and a little more where the truth rounds up to the next power of ten.
fn relative(tol: Tolerance) -> Option<f64> {
    match tol {
        Tolerance::Rel(r) => Some(r.abs().max(1e-15)),
        Tolerance::SigFigs(n) => Some(1.1 * 10f64.powi(1 - n.clamp(1, 300) as i32)),
        Tolerance::Abs(_) | Tolerance::Decimals(_) => None,
    }
}

impl Checker {
    /// The answer's values where this checker judges it, or `None` when it does not read or
    /// has the wrong shape (an invalid answer, grouped by its error instead).
    pub fn fingerprint(&self, answer: &Answer) -> Option<Fingerprint> {
        // A point typed as one text, `(2, -1)`, is read as its coordinates, as the checker reads it.
        let n = self.question.answer.cells.len();
        let split;
        let answer = match answer {
            Answer::Scalar(s) => match point_parts(s, n).filter(|p| p.len() == n) {
                Some(parts) => {
                    split = Answer::Vector(parts.into_iter().map(str::to_string).collect());
                    &split
                }
                None => answer,
            },
            _ => answer,
        };
        if let Plan::Exprs(p) = &self.plan {
            let values = p.answer_values(answer)?.concat();
            return Some(Fingerprint {
                layout: Vec::new(),
                values,
            });
        }
        let (layout, texts) = number_cells(answer);
        let scope = &self.question.constants;
        let values = texts
            .iter()
            .map(|src| number(src, scope, &CellId::Whole, "", Voice::Student, &[], "").ok())
            .collect::<Option<Vec<f64>>>()?;
        Some(Fingerprint { layout, values })
    }

    /// How the `i`-th value of a fingerprint of `n` values is compared.
    fn rule(&self, i: usize, n: usize) -> Rule {
        match &self.plan {
            Plan::Exprs(p) => {
                let scales = p.scales();
                let per_cell = n / scales.len().max(1);
                let cell = i.checked_div(per_cell).unwrap_or(0);
                Rule::Sample {
                    scale: scales.get(cell).copied().unwrap_or(0.0),
                }
            }
            _ => Rule::Number(self.question.tolerance),
        }
    }

    /// Are `a` (a new answer) and `b` (a group's answer) the same answer: every value matching
    /// under the checker's comparison?
    pub fn same_values(&self, a: &Fingerprint, b: &Fingerprint) -> bool {
        let n = a.values.len();
        a.layout == b.layout
            && n == b.values.len()
            && a.values
                .iter()
                .zip(&b.values)
                .enumerate()
                .all(|(i, (&x, &y))| self.rule(i, n).same(x, y))
    }

    /// Which values make the key: a few, spread over the answer (over its cells and points).
    fn key_values(fp: &Fingerprint) -> impl Iterator<Item = usize> + '_ {
        let n = fp.values.len();
        let k = n.min(KEY_VALUES);
        (0..k).map(move |j| j * n / k)
    }

    /// The key a group whose answer is `fp` is filed under.
    pub fn fingerprint_key(&self, fp: &Fingerprint) -> FingerprintKey {
        let n = fp.values.len();
        let mut key = vec![layout_hash(&fp.layout), n as i64];
        key.extend(Self::key_values(fp).map(|i| self.rule(i, n).cells(fp.values[i])[0]));
        key
    }

    /// Every key under which a group matching `fp` may be filed ([`Checker::fingerprint_key`]
    /// of `fp` first).
    pub fn fingerprint_probes(&self, fp: &Fingerprint) -> Vec<FingerprintKey> {
        let n = fp.values.len();
        let mut keys = vec![vec![layout_hash(&fp.layout), n as i64]];
        for i in Self::key_values(fp) {
            let cells = self.rule(i, n).cells(fp.values[i]);
            keys = keys
                .into_iter()
                .flat_map(|k| {
                    cells.iter().map(move |&c| {
                        let mut k = k.clone();
                        k.push(c);
                        k
                    })
                })
                .collect();
        }
        keys
    }
}

/// A number answer's cell texts in order: a table's entries by name (with their lengths as the
/// layout), other shapes row by row. Shapes the checker accepts as one another (a value and a
/// list of one, a flat list and a one-row matrix) give the same texts.
fn number_cells(answer: &Answer) -> (Vec<(String, usize)>, Vec<&str>) {
    match answer {
        Answer::Scalar(s) => (Vec::new(), vec![s.as_str()]),
        Answer::Vector(v) => (Vec::new(), v.iter().map(String::as_str).collect()),
        Answer::Matrix(m) => (Vec::new(), m.iter().flatten().map(String::as_str).collect()),
        Answer::Table(entries) => {
            let mut sorted: Vec<&(String, TableEntry)> = entries.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            let mut layout = Vec::with_capacity(sorted.len());
            let mut texts = Vec::new();
            for (name, entry) in sorted {
                match entry {
                    TableEntry::Column(cells) => {
                        layout.push((name.clone(), cells.len()));
                        texts.extend(cells.iter().map(String::as_str));
                    }
                    TableEntry::Total(t) => {
                        layout.push((name.clone(), 0));
                        texts.push(t.as_str());
                    }
                }
            }
            (layout, texts)
        }
    }
}

/// A table's layout as one key value (FNV-1a over the names and lengths; 0 for no layout).
fn layout_hash(layout: &[(String, usize)]) -> i64 {
    if layout.is_empty() {
        return 0;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, len) in layout {
        for b in name.bytes().chain([0]).chain(len.to_le_bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_within_tolerance_of_a_grid_line_probes_both_cells() {
        let rule = Rule::Sample { scale: 1.0 };
        // asinh(v) just under a grid line: v's own cell and the next.
        let line = (3.0 * SAMPLE_GRID).sinh();
        let below = line * (1.0 - 1e-7);
        let cells = rule.cells(below);
        assert_eq!(cells.len(), 2, "{cells:?}");
        assert!(rule.same(line * (1.0 + 1e-7), below));
        assert!(cells.contains(&rule.cells(line * (1.0 + 1e-7))[0]));
        // Far from any line: one cell.
        assert_eq!(rule.cells((3.5 * SAMPLE_GRID).sinh()).len(), 1);
    }

    #[test]
    fn values_that_are_not_finite_match_their_own_kind_only() {
        let rule = Rule::Number(Tolerance::SigFigs(4));
        assert!(rule.same(f64::NAN, f64::NAN));
        assert!(rule.same(f64::INFINITY, f64::INFINITY));
        assert!(!rule.same(f64::INFINITY, f64::NEG_INFINITY));
        assert!(!rule.same(f64::NAN, 1.0));
        assert_ne!(rule.cells(f64::NAN), rule.cells(f64::INFINITY));
    }

    #[test]
    fn numbers_that_match_share_a_probed_cell_under_every_tolerance() {
        for tol in [
            Tolerance::SigFigs(4),
            Tolerance::SigFigs(2),
            Tolerance::Rel(1e-3),
            Tolerance::Abs(0.005),
            Tolerance::Decimals(2),
        ] {
            let rule = Rule::Number(tol);
            for k in 0..2000 {
                let b = -50.0 + 0.0537 * f64::from(k);
                let a = b + 0.99 * width(b, tol);
                if rule.same(a, b) {
                    let home = rule.cells(b)[0];
                    assert!(rule.cells(a).contains(&home), "{tol:?}: {a} and {b}");
                }
            }
        }
    }
}
