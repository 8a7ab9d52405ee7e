//! The function being minimised, compiled once: f, and ∇f from expressions or from central
//! finite differences.

use super::DescentError;
use crate::exercise::Descent;
use crate::math::Expr;

/// f and ∇f of one example, ready to evaluate at any point.
#[derive(Clone, Debug)]
pub(crate) struct Objective {
    f: Expr,
    grad: Option<Vec<Expr>>,
    /// Data columns in `descent.scope().columns` order; empty when the example has no data.
    columns: Vec<Vec<f64>>,
    nvars: usize,
}

impl Objective {
    pub(crate) fn compile(d: &Descent) -> Result<Self, DescentError> {
        if d.vars.is_empty() {
            return Err(DescentError::NoVars);
        }
        if let Some((first, rows)) = d.data.first() {
            for (name, col) in &d.data {
                if col.len() != rows.len() {
                    return Err(DescentError::DataRows {
                        name: name.clone(),
                        got: col.len(),
                        first: first.clone(),
                        expected: rows.len(),
                    });
                }
            }
        }
        // The loader's parses when the example was read from a file (parsed once); an example
        // built in code is parsed here.
        let scope = d.scope();
        let f = d
            .parsed
            .parse(&d.function, &scope)
            .map_err(|error| DescentError::Parse {
                what: "function".to_string(),
                error,
            })?;
        let grad = match &d.gradient {
            None => None,
            Some(srcs) => {
                if srcs.len() != d.vars.len() {
                    return Err(DescentError::GradientLength {
                        expected: d.vars.len(),
                        got: srcs.len(),
                    });
                }
                let mut exprs = Vec::with_capacity(srcs.len());
                for (src, var) in srcs.iter().zip(&d.vars) {
                    let e = d
                        .parsed
                        .parse(src, &scope)
                        .map_err(|error| DescentError::Parse {
                            what: format!("gradient entry ∂f/∂{var}"),
                            error,
                        })?;
                    exprs.push(e);
                }
                Some(exprs)
            }
        };
        Ok(Objective {
            f,
            grad,
            columns: d.data.iter().map(|(_, c)| c.clone()).collect(),
            nvars: d.vars.len(),
        })
    }

    pub(crate) fn nvars(&self) -> usize {
        self.nvars
    }

    /// The function as the answer language understood it (for display).
    pub(crate) fn preview(&self) -> String {
        self.f.preview()
    }

    /// f, parsed (the loader's parse for an example read from a file).
    pub(crate) fn function(&self) -> &Expr {
        &self.f
    }

    /// The given ∇f, parsed, when the example has one.
    pub(crate) fn gradient_exprs(&self) -> Option<&[Expr]> {
        self.grad.as_deref()
    }

    /// The data columns, in the scope's order (empty without data).
    pub(crate) fn columns(&self) -> &[Vec<f64>] {
        &self.columns
    }

    /// Whether ∇f comes from expressions (true) or finite differences (false).
    pub(crate) fn has_exact_gradient(&self) -> bool {
        self.grad.is_some()
    }

    fn eval(&self, e: &Expr, x: &[f64]) -> f64 {
        if self.columns.is_empty() {
            e.eval(x)
        } else {
            e.eval_data(x, &self.columns)
        }
    }

    /// f(x); NaN when it cannot be evaluated.
    pub(crate) fn value(&self, x: &[f64]) -> f64 {
        self.eval(&self.f, x)
    }

    /// f at many points in one batch: `vars[i]` holds variable `i` at every point and `out[j]`
    /// receives f at point `j`, exactly what [`Objective::value`] gives there.
    pub(crate) fn values(&self, vars: &[&[f64]], out: &mut [f64]) {
        if self.columns.is_empty() {
            self.f.eval_batch(vars, out);
        } else {
            self.f.eval_data_batch(vars, &self.columns, out);
        }
    }

    /// ∇f(x), written into `out` (resized to the number of variables).
    pub(crate) fn gradient_into(&self, x: &[f64], out: &mut Vec<f64>) {
        out.clear();
        match &self.grad {
            Some(exprs) => out.extend(exprs.iter().map(|e| self.eval(e, x))),
            None => {
                let mut probe = x.to_vec();
                for i in 0..x.len() {
                    out.push(central_difference(|p| self.value(p), &mut probe, i));
                }
            }
        }
    }

    pub(crate) fn gradient(&self, x: &[f64]) -> Vec<f64> {
        let mut out = Vec::with_capacity(x.len());
        self.gradient_into(x, &mut out);
        out
    }
}

/// ∂f/∂x_i by a central difference with a step scaled to |x_i|: h = ε^(1/3)·max(1, |x_i|),
/// rounded so that x_i ± h are exact, which balances truncation (O(h²)) against rounding
/// (O(ε/h)) and gives about 10 correct digits on smooth functions. `probe` must equal the
/// point on entry and equals it again on return.
pub(crate) fn central_difference(f: impl Fn(&[f64]) -> f64, probe: &mut [f64], i: usize) -> f64 {
    let xi = probe[i];
    let h = f64::EPSILON.cbrt() * xi.abs().max(1.0);
    let (hi, lo) = (xi + h, xi - h);
    probe[i] = hi;
    let fp = f(probe);
    probe[i] = lo;
    let fm = f(probe);
    probe[i] = xi;
    (fp - fm) / (hi - lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn central_difference_matches_a_known_derivative() {
        // d/dx x³ at 2 is 12; d/dy (x·y²) at (3, 5) is 30.
        let mut p = [2.0];
        let d = central_difference(|v| v[0].powi(3), &mut p, 0);
        assert!((d - 12.0).abs() < 1e-8, "{d}");
        assert_eq!(p, [2.0]);
        let mut p = [3.0, 5.0];
        let d = central_difference(|v| v[0] * v[1] * v[1], &mut p, 1);
        assert!((d - 30.0).abs() < 1e-7, "{d}");
    }

    #[test]
    fn central_difference_scales_with_large_coordinates() {
        // f = x², x = 1e8: the derivative 2e8 must come out with a small relative error.
        let mut p = [1e8];
        let d = central_difference(|v| v[0] * v[0], &mut p, 0);
        assert!(((d - 2e8) / 2e8).abs() < 1e-8, "{d}");
    }
}
