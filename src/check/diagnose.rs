//! Recognising the mistake behind a wrong expression answer, from its values at the sample points.

use super::compare::{sample_close, sample_ok, ROUNDED_REL};
use crate::text;

/// One cell's values at the sample points.
pub(crate) struct Samples<'a> {
    /// The answer's values.
    pub a: &'a [f64],
    /// The truth, and its error estimate.
    pub t: &'a [f64],
    pub err: &'a [f64],
    /// The truth's typical size over the sample.
    pub scale: f64,
}

/// Something the answer might be instead of the truth (the function itself, the derivative by
/// another variable, another order, ...), at the same points.
pub(crate) struct Candidate {
    pub values: Vec<f64>,
    pub err: Vec<f64>,
}

impl Candidate {
    pub(crate) fn scale(&self) -> f64 {
        super::compare::rms(self.values.iter().copied())
    }
}

/// What is wrong with a cell.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Finding {
    /// Not finite at the sample point with this index, where the truth is.
    Undefined(usize),
    /// The negative of the truth everywhere.
    Sign,
    /// `r` times the truth everywhere.
    Factor(f64),
    /// Equal to candidate `i` everywhere.
    Alternative(usize),
    /// Within [`ROUNDED_REL`] of the truth everywhere, but not within the tolerance.
    Rounded,
    /// Right at the points where `ok` is true only.
    Partly,
    /// Nothing recognised.
    Unknown,
}

fn all_match(a: &[f64], t: impl Fn(usize) -> f64, err: impl Fn(usize) -> f64, scale: f64) -> bool {
    a.iter()
        .enumerate()
        .all(|(i, &ai)| sample_ok(ai, t(i), err(i), scale))
}

/// The median of the finite values (NaN when there are none).
fn median(mut v: Vec<f64>) -> f64 {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Recognises the mistake. `ok[i]` says whether the answer matched the truth at point `i`;
/// `candidates` is called only when the cheaper checks fail.
pub(crate) fn find(
    s: &Samples<'_>,
    ok: &[bool],
    candidates: &dyn Fn() -> Vec<Candidate>,
) -> Finding {
    let n = s.a.len();
    if let Some(i) = (0..n).find(|&i| !s.a[i].is_finite()) {
        return Finding::Undefined(i);
    }
    let truth_is_zero = s.t.iter().all(|&t| sample_ok(t, 0.0, 0.0, s.scale)) || s.scale == 0.0;
    if !truth_is_zero && all_match(s.a, |i| -s.t[i], |i| s.err[i], s.scale) {
        return Finding::Sign;
    }
    let cands = candidates();
    for (k, c) in cands.iter().enumerate() {
        let cs = c.scale();
        // A candidate that is itself (almost) the truth, or identically zero, explains nothing.
        if cs == 0.0 || all_match(&c.values, |i| s.t[i], |i| s.err[i], s.scale) {
            continue;
        }
        if all_match(
            s.a,
            |i| c.values[i],
            |i| c.err[i] + s.err[i],
            cs.max(s.scale),
        ) {
            return Finding::Alternative(k);
        }
    }
    if !truth_is_zero {
        let ratios: Vec<f64> = (0..n)
            .filter(|&i| s.t[i].abs() > 1e-3 * s.scale)
            .map(|i| s.a[i] / s.t[i])
            .collect();
        if ratios.len() >= 3 {
            let r = median(ratios);
            if r.is_finite()
                && r.abs() > 1e-9
                && (r - 1.0).abs() > 1e-6
                && all_match(
                    s.a,
                    |i| r * s.t[i],
                    |i| r.abs() * s.err[i],
                    r.abs() * s.scale,
                )
            {
                // A factor within a rounding error of 1 is an inexact constant, not a mistake
                // in the calculus.
                return if (r - 1.0).abs() <= ROUNDED_REL {
                    Finding::Rounded
                } else {
                    Finding::Factor(r)
                };
            }
        }
    }
    if (0..n).all(|i| sample_close(s.a[i], s.t[i], s.err[i], s.scale, ROUNDED_REL)) {
        return Finding::Rounded;
    }
    let good = ok.iter().filter(|&&b| b).count();
    if good >= 3 && good * 8 >= n {
        return Finding::Partly;
    }
    Finding::Unknown
}

/// Where an answer that is right on part of the domain is wrong, when one variable separates the
/// right points from the wrong ones: "right for x > 0.12 but wrong for x < -0.05".
pub(crate) fn region(
    points: &[Vec<f64>],
    ok: &[bool],
    vars: &[String],
    ranges: &[(f64, f64)],
) -> Option<String> {
    for (j, var) in vars.iter().enumerate() {
        let mut order: Vec<usize> = (0..points.len()).collect();
        order.sort_by(|&a, &b| points[a][j].total_cmp(&points[b][j]));
        let flags: Vec<bool> = order.iter().map(|&i| ok[i]).collect();
        // The wrong points must form one run in this order.
        let first_bad = flags.iter().position(|&b| !b)?;
        let last_bad = flags.iter().rposition(|&b| !b)?;
        if flags[first_bad..=last_bad].iter().any(|&b| b) {
            continue;
        }
        let width = ranges[j].1 - ranges[j].0;
        let x = |k: usize| text::coord(text::round_for_display(points[order[k]][j], width));
        let n = flags.len();
        let text = if first_bad == 0 && last_bad + 1 < n {
            format!(
                "right for {var} ≥ {} but wrong for {var} ≤ {}",
                x(last_bad + 1),
                x(last_bad)
            )
        } else if first_bad > 0 && last_bad + 1 == n {
            format!(
                "right for {var} ≤ {} but wrong for {var} ≥ {}",
                x(first_bad - 1),
                x(first_bad)
            )
        } else if first_bad > 0 && last_bad + 1 < n {
            format!(
                "wrong for {var} between {} and {} but right outside",
                x(first_bad),
                x(last_bad)
            )
        } else {
            continue;
        };
        return Some(text);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples<'a>(a: &'a [f64], t: &'a [f64], err: &'a [f64]) -> Samples<'a> {
        Samples {
            a,
            t,
            err,
            scale: super::super::compare::rms(t.iter().copied()),
        }
    }

    #[test]
    fn findings() {
        let t: Vec<f64> = (0..20).map(|i| 0.3 * i as f64 - 2.9).collect();
        let err = vec![0.0; 20];
        let none = || Vec::new();
        let ok = vec![false; 20];
        let neg: Vec<f64> = t.iter().map(|x| -x).collect();
        assert_eq!(find(&samples(&neg, &t, &err), &ok, &none), Finding::Sign);
        let dbl: Vec<f64> = t.iter().map(|x| 2.0 * x).collect();
        assert_eq!(
            find(&samples(&dbl, &t, &err), &ok, &none),
            Finding::Factor(2.0)
        );
        let near: Vec<f64> = t.iter().map(|x| x * (1.0 + 1e-4)).collect();
        // 0.333 for 1/3: an inexact constant, not a chain-rule factor.
        assert_eq!(
            find(&samples(&near, &t, &err), &ok, &none),
            Finding::Rounded
        );
        let bumpy: Vec<f64> = t.iter().map(|x| x + 1e-4 * x.sin()).collect();
        assert_eq!(
            find(&samples(&bumpy, &t, &err), &ok, &none),
            Finding::Rounded
        );
        let half: Vec<f64> = t.iter().map(|x| x.abs()).collect();
        let ok_half: Vec<bool> = t.iter().map(|x| *x >= 0.0).collect();
        assert_eq!(
            find(&samples(&half, &t, &err), &ok_half, &none),
            Finding::Partly
        );
        let cand = || {
            vec![Candidate {
                values: t.iter().map(|x| x * x).collect(),
                err: vec![0.0; 20],
            }]
        };
        let sq: Vec<f64> = t.iter().map(|x| x * x).collect();
        assert_eq!(
            find(&samples(&sq, &t, &err), &ok, &cand),
            Finding::Alternative(0)
        );
        let mut undefined = t.clone();
        undefined[3] = f64::NAN;
        assert_eq!(
            find(&samples(&undefined, &t, &err), &ok, &none),
            Finding::Undefined(3)
        );
    }

    #[test]
    fn regions() {
        let pts: Vec<Vec<f64>> = (0..10).map(|i| vec![i as f64 - 4.5, 0.0]).collect();
        let vars = vec!["x".to_string(), "y".to_string()];
        let r = [(-5.0, 5.0), (-1.0, 1.0)];
        let ok: Vec<bool> = pts.iter().map(|p| p[0] > 0.0).collect();
        assert_eq!(
            region(&pts, &ok, &vars, &r).as_deref(),
            Some("right for x ≥ 0.5 but wrong for x ≤ -0.5")
        );
        let ok: Vec<bool> = pts.iter().map(|p| p[0].abs() > 2.0).collect();
        assert_eq!(
            region(&pts, &ok, &vars, &r).as_deref(),
            Some("wrong for x between -1.5 and 1.5 but right outside")
        );
    }
}
