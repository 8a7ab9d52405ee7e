//! `limit`: the limit of `function` along the curve `along(t)` as `t -> t0`.
//!
//! The function is evaluated along the curve at `t0 ± h` for `h = h0, h0/2, h0/4, ...` from both
//! sides. A side diverges when the values keep growing at a steady or increasing rate (the
//! differences do not shrink); otherwise the values are extrapolated to `h = 0` by Richardson's
//! method (errors in powers of `h`, or of `√h`), with an error estimate. Both sides must agree.

use super::compare::{number_close, number_ok};
use super::read;
use super::{Diagnosis, Verdict, Voice};
use crate::exercise::{Answer, Tolerance};
use crate::math::Scope;
use crate::question::{CellId, Limit, Question, SetupError, Shape};
use crate::text;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum LimitValue {
    Finite {
        value: f64,
        err: f64,
    },
    /// `+inf` or `-inf`.
    Infinite(f64),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Side {
    Undefined,
    Value(LimitValue),
    Unclear,
}

/// Richardson extrapolation of `seq[k] ≈ L + c1 h_k^p + c2 h_k^(2p) + ...` with `h_k = h0 / 2^k`;
/// the entry with the smallest estimated error, Ridders-style.
fn richardson(seq: &[f64], p: f64) -> Option<(f64, f64)> {
    let n = seq.len().min(16);
    if n < 3 {
        return None;
    }
    let mut t = vec![vec![0.0f64; n]; n];
    let mut best = (f64::NAN, f64::INFINITY);
    for k in 0..n {
        t[k][0] = seq[k];
        for j in 1..=k {
            let fac = 2f64.powf(p * j as f64);
            t[k][j] = t[k][j - 1] + (t[k][j - 1] - t[k - 1][j - 1]) / (fac - 1.0);
            let e = (t[k][j] - t[k][j - 1])
                .abs()
                .max((t[k][j] - t[k - 1][j - 1]).abs());
            if e <= best.1 {
                best = (t[k][j], e);
            }
        }
        if k >= 2 && (t[k][k] - t[k - 1][k - 1]).abs() >= 2.0 * best.1 {
            break;
        }
    }
    (best.0.is_finite() && best.1.is_finite()).then_some(best)
}

fn side(g: &dyn Fn(f64) -> f64, t0: f64, s: f64) -> Side {
    let h0 = 0.1 * t0.abs().max(1.0);
    let seq: Vec<f64> = (0..=40).map(|k| g(t0 + s * h0 * 0.5f64.powi(k))).collect();
    let finite_tail = seq[8..].iter().filter(|v| v.is_finite()).count();
    if finite_tail < 24 {
        return Side::Undefined;
    }
    // Divergence: steadily growing values whose differences do not shrink.
    let w = &seq[12..=32];
    if w.iter().all(|v| v.is_finite()) {
        let d: Vec<f64> = w.windows(2).map(|x| x[1] - x[0]).collect();
        let same_sign = d.iter().all(|x| *x > 0.0) || d.iter().all(|x| *x < 0.0);
        let growing = w.windows(2).all(|x| x[1].abs() > x[0].abs());
        let steady = d.windows(2).all(|x| x[1].abs() >= 0.9 * x[0].abs());
        if same_sign && growing && steady {
            let last = w[w.len() - 1];
            return Side::Value(LimitValue::Infinite(last.signum() * f64::INFINITY));
        }
    }
    // Extrapolate from the first run of 14 finite values.
    let Some(start) = (0..=26).find(|&k| seq[k..k + 14].iter().all(|v| v.is_finite())) else {
        return Side::Unclear;
    };
    let run = &seq[start..start + 14];
    let mut best: Option<(f64, f64)> = None;
    for p in [1.0, 0.5] {
        if let Some((v, e)) = richardson(run, p) {
            if e <= 1e-7 * v.abs().max(1.0) {
                return Side::Value(LimitValue::Finite { value: v, err: e });
            }
            if best.is_none_or(|b| e < b.1) {
                best = Some((v, e));
            }
        }
    }
    match best {
        Some((v, e)) if e <= 1e-5 * v.abs().max(1.0) => {
            Side::Value(LimitValue::Finite { value: v, err: e })
        }
        _ => Side::Unclear,
    }
}

#[derive(Debug)]
pub(crate) struct LimitPlan {
    truth: LimitValue,
    tol: Tolerance,
    consts: Scope,
}

impl LimitPlan {
    /// Finds the limit from both sides; an error when it cannot be determined or does not
    /// exist.
    pub(crate) fn new(q: &Question, l: &Limit) -> Result<LimitPlan, SetupError> {
        let cols = &q.data;
        let g = |t: f64| {
            let p: Vec<f64> = l.along.iter().map(|c| c.eval(cols, &[t])).collect();
            l.function.eval(cols, &p)
        };
        let t0 = &l.t0;
        let right = side(&g, *t0, 1.0);
        let left = side(&g, *t0, -1.0);
        let show = |v: LimitValue| match v {
            LimitValue::Finite { value, .. } => text::num_sig(value, 7),
            LimitValue::Infinite(s) => text::num(s),
        };
        let truth = match (right, left) {
            (Side::Unclear, _) | (_, Side::Unclear) => return Err(SetupError::LimitUnclear),
            (Side::Undefined, Side::Undefined) => return Err(SetupError::LimitUndefined),
            (Side::Value(v), Side::Undefined) | (Side::Undefined, Side::Value(v)) => v,
            (Side::Value(a), Side::Value(b)) => match (a, b) {
                (
                    LimitValue::Finite { value: x, err: e },
                    LimitValue::Finite { value: y, err: f },
                ) if (x - y).abs() <= 10.0 * (e + f) + 1e-9 * x.abs().max(1.0) => {
                    LimitValue::Finite {
                        value: 0.5 * (x + y),
                        err: e.max(f) + 0.5 * (x - y).abs(),
                    }
                }
                (LimitValue::Infinite(x), LimitValue::Infinite(y)) if x == y => a,
                _ => {
                    return Err(SetupError::LimitDiffers {
                        above: show(a),
                        below: show(b),
                    })
                }
            },
        };
        Ok(LimitPlan {
            truth,
            tol: q.tolerance,
            consts: q.constants.clone(),
        })
    }

    pub(crate) fn check(&self, answer: &Answer, voice: Voice) -> Verdict {
        let naming = crate::question::Naming {
            what: "the limit",
            unit: ("value", "values"),
        };
        let texts = match read::cells(answer, Shape::Scalar, &naming, voice) {
            Ok(t) => t,
            Err(v) => return *v,
        };
        let a = match read::number(
            texts[0],
            &self.consts,
            &CellId::Whole,
            "your answer",
            voice,
            &[],
            "",
        ) {
            Ok(a) => a,
            Err(v) => return *v,
        };
        let shown = text::num_sig(a, 10);
        let v = match self.truth {
            LimitValue::Infinite(s) => {
                if a == s {
                    return Verdict::correct(
                        "Correct: the function grows without bound along the curve.",
                    );
                } else if a == -s {
                    Verdict::incorrect(
                        format!("{shown} has the wrong sign."),
                        Some(Diagnosis::Sign),
                    )
                } else {
                    Verdict::incorrect(
                        format!(
                            "{shown} is not the limit: along the curve the function does not \
                             settle at any finite value (answer inf or -inf for a limit that \
                             grows without bound)."
                        ),
                        None,
                    )
                }
            }
            LimitValue::Finite { value, err } => self.finite(a, value, err),
        };
        if voice == Voice::Key && !v.is_correct() {
            let truth = match self.truth {
                LimitValue::Finite { value, .. } => text::num_sig(value, 7),
                LimitValue::Infinite(s) => text::num(s),
            };
            return Verdict {
                message: format!("{} (The limit is {truth}.)", v.message),
                ..v
            };
        }
        v
    }

    /// The verdict on `a` for a finite limit `value` (error estimate `err`).
    fn finite(&self, a: f64, value: f64, err: f64) -> Verdict {
        let shown = text::num_sig(a, 10);
        if number_ok(a, value, err, self.tol) {
            return Verdict::correct("Correct.");
        }
        if a.is_infinite() {
            return Verdict::incorrect(
                format!(
                    "{shown} is not the limit: along the curve the function approaches \
                     a finite value."
                ),
                None,
            );
        }
        if !number_ok(0.0, value, err, self.tol) && number_ok(-a, value, err, self.tol) {
            return Verdict::incorrect(
                format!("{shown} has the wrong sign."),
                Some(Diagnosis::Sign),
            );
        }
        if number_close(a, value, err, self.tol) {
            return Verdict::incorrect(
                format!(
                    "{shown} is close, but not the limit {}: keep more digits.",
                    super::compare::describe(self.tol)
                ),
                Some(Diagnosis::Rounded),
            );
        }
        let direction = if a > value { "too large" } else { "too small" };
        Verdict::incorrect(
            format!("{shown} is not the limit along the curve: it is {direction}."),
            None,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn richardson_extrapolates() {
        let seq: Vec<f64> = (0..14)
            .map(|k| {
                let h = 0.1 * 0.5f64.powi(k);
                (h.sin()) / h
            })
            .collect();
        let (v, e) = richardson(&seq, 1.0).unwrap();
        assert!((v - 1.0).abs() < 1e-10, "{v} ± {e}");
    }

    #[test]
    fn sides() {
        let g = |t: f64| -t * t * t / (t * t + t.powi(4));
        assert!(matches!(
            side(&g, 0.0, 1.0),
            Side::Value(LimitValue::Finite { value, .. }) if value.abs() < 1e-9
        ));
        let inv = |t: f64| 1.0 / t;
        assert_eq!(
            side(&inv, 0.0, 1.0),
            Side::Value(LimitValue::Infinite(f64::INFINITY))
        );
        assert_eq!(
            side(&inv, 0.0, -1.0),
            Side::Value(LimitValue::Infinite(f64::NEG_INFINITY))
        );
        let ln = |t: f64| t.ln();
        assert_eq!(
            side(&ln, 0.0, 1.0),
            Side::Value(LimitValue::Infinite(f64::NEG_INFINITY))
        );
        assert_eq!(side(&ln, 0.0, -1.0), Side::Undefined);
        let sq = |t: f64| 2.0 + t.sqrt();
        assert!(matches!(
            side(&sq, 0.0, 1.0),
            Side::Value(LimitValue::Finite { value, .. }) if (value - 2.0).abs() < 1e-6
        ));
    }
}
