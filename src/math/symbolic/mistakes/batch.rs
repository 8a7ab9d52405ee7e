//! Evaluating a wrong derivative at many points at once, node by node: each node of the tree is
//! visited once for all the points (not once per point, as [`Sym::eval`] does), so the cost is
//! the arithmetic, not the walk. Integer powers are multiplications, powers of e are `exp`. Values agree with
//! [`Sym::eval`] to rounding (they are compared to a relative 10⁻⁶ at the least).
//!
//! An aggregate over data columns, and a function of several arguments, fall back to
//! [`Sym::eval`] point by point.

use crate::math::symbolic::tree::{Num, Sym};

/// The values of `s` at every point (`points[j]` the scope's variables at point `j`).
pub(super) fn values(s: &Sym, points: &[Vec<f64>], params: &[f64], cols: &[Vec<f64>]) -> Vec<f64> {
    let mut out = vec![0.0; points.len()];
    let mut at = Batch {
        points,
        params,
        cols,
        spare: Vec::new(),
    };
    at.eval(s, &mut out);
    out
}

/// Whether `s` reads data columns (an aggregate).
pub(super) fn uses_data(s: &Sym) -> bool {
    match s {
        Sym::Agg(..) | Sym::Column(_) => true,
        Sym::Num(_) | Sym::Var(_) | Sym::Param(_) | Sym::Pi | Sym::E | Sym::Hole(_) => false,
        Sym::Neg(a) => uses_data(a),
        Sym::Add(t) | Sym::Mul(t) | Sym::Call(_, t) => t.iter().any(uses_data),
        Sym::Div(a, b) | Sym::Pow(a, b) => uses_data(a) || uses_data(b),
    }
}

/// The points, the constants, and spare buffers (one per depth, reused between nodes).
struct Batch<'a> {
    points: &'a [Vec<f64>],
    params: &'a [f64],
    cols: &'a [Vec<f64>],
    spare: Vec<Vec<f64>>,
}

impl Batch<'_> {
    fn buffer(&mut self) -> Vec<f64> {
        let mut b = self.spare.pop().unwrap_or_default();
        b.clear();
        b.resize(self.points.len(), 0.0);
        b
    }

    /// Point by point, as [`Sym::eval`] does.
    fn each(&self, s: &Sym, out: &mut [f64]) {
        for (o, p) in out.iter_mut().zip(self.points) {
            *o = s.eval(p, self.params, self.cols);
        }
    }

    /// `out[j] = op(out[j], value of t at point j)` for every term.
    fn fold(&mut self, terms: &[Sym], out: &mut [f64], start: f64, op: fn(f64, f64) -> f64) {
        out.fill(start);
        let mut tmp = self.buffer();
        for t in terms {
            self.eval(t, &mut tmp);
            for (o, v) in out.iter_mut().zip(&tmp) {
                *o = op(*o, *v);
            }
        }
        self.spare.push(tmp);
    }

    fn eval(&mut self, s: &Sym, out: &mut [f64]) {
        match s {
            Sym::Num(n) => out.fill(n.value()),
            Sym::Var(i) => {
                for (o, p) in out.iter_mut().zip(self.points) {
                    *o = p.get(*i).copied().unwrap_or(f64::NAN);
                }
            }
            Sym::Param(i) => out.fill(self.params.get(*i).copied().unwrap_or(f64::NAN)),
            Sym::Pi => out.fill(std::f64::consts::PI),
            Sym::E => out.fill(std::f64::consts::E),
            // a column outside an aggregate, a placeholder: no value
            Sym::Column(_) | Sym::Hole(_) => out.fill(f64::NAN),
            Sym::Neg(a) => {
                self.eval(a, out);
                out.iter_mut().for_each(|x| *x = -*x);
            }
            Sym::Add(t) => self.fold(t, out, 0.0, |a, b| a + b),
            Sym::Mul(t) => self.fold(t, out, 1.0, |a, b| a * b),
            Sym::Div(a, b) => self.binary(a, b, out, |a, b| a / b),
            Sym::Pow(a, b) if **a == Sym::E => {
                self.eval(b, out);
                out.iter_mut().for_each(|x| *x = x.exp());
            }
            Sym::Pow(a, b) => match **b {
                Sym::Num(Num::Rat(k, 1)) if k.abs() <= 64 => {
                    self.eval(a, out);
                    // k is at most 64 in size
                    let k = k as i32;
                    out.iter_mut().for_each(|x| *x = x.powi(k));
                }
                _ => self.binary(a, b, out, f64::powf),
            },
            Sym::Call(f, args) => match args.as_slice() {
                [a] => {
                    self.eval(a, out);
                    out.iter_mut().for_each(|x| *x = f.apply1(*x));
                }
                _ => self.each(s, out),
            },
            Sym::Agg(..) => self.each(s, out),
        }
    }

    fn binary(&mut self, a: &Sym, b: &Sym, out: &mut [f64], op: fn(f64, f64) -> f64) {
        self.eval(a, out);
        let mut tmp = self.buffer();
        self.eval(b, &mut tmp);
        for (o, v) in out.iter_mut().zip(&tmp) {
            *o = op(*o, *v);
        }
        self.spare.push(tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::symbolic::infer_scope;
    use crate::math::symbolic::Function;

    #[test]
    fn agrees_with_the_tree_walk() {
        let points: Vec<Vec<f64>> = (0..9).map(|k| vec![-2.1 + 0.55 * f64::from(k)]).collect();
        for f in [
            "e^(2x)*cos(x)",
            "x^3 - 2/x + sqrt(x)",
            "sigmoid(2x + 1)^2 / (1 + x^2)",
            "2^x * ln(x)",
            "x^(-2) + max(x, 1)",
        ] {
            let scope = infer_scope(f, Some("x")).expect("scope");
            let func = Function::parse(f, &scope).expect("parses");
            let s = &func.root;
            let batch = values(s, &points, &func.params, &[]);
            for (p, b) in points.iter().zip(batch) {
                let t = s.eval(p, &func.params, &[]);
                assert!(
                    (t.is_nan() && b.is_nan()) || (t - b).abs() <= 1e-12 * (1.0 + t.abs()),
                    "{f} at {p:?}: {t} by the tree, {b} in a batch"
                );
            }
        }
    }
}
