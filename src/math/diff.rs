//! Finite differences with error estimates.
//!
//! Derivatives are central differences extrapolated to a zero step by Ridders' method
//! (Numerical Recipes §5.7): a tableau of central differences at steps `h, h/1.4, h/1.4², ...`
//! is combined by polynomial extrapolation, and the entry with the smallest estimated error is
//! returned together with that error. A point where the tableau does not settle (a kink or a pole
//! within reach of the steps, or values that are not finite) gives a large error or `None`, so a
//! caller can drop the point instead of trusting it.
//!
//! Any mixed partial derivative `∂^k f / ∂x_{i1} ... ∂x_{ik}` is a nested central difference
//! (`2^k` evaluations per step), which is even in the step, so the same extrapolation applies.
//! Steps are scaled to the point: coordinate `j` moves by `t * max(|x_j|, scales[j])`.

/// A derivative estimate and an estimate of its absolute error.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub value: f64,
    /// The larger of the extrapolation's error estimate and the rounding noise the function's
    /// values carry into the differences.
    pub err: f64,
    /// The size of the differences the estimate was extrapolated from (`Σ|f(xᵢ)| / (2h)^k` at the
    /// smallest step used): rounding alone makes errors of about 1e-16 times this. An error much
    /// larger than that, and larger than the value, means the differences did not settle.
    pub size: f64,
}

impl Estimate {
    /// Whether the error is small relative to `magnitude` (use the larger of `|value|` and a
    /// typical size of the quantity, so that values near zero are judged fairly), or is no more
    /// than the rounding noise of the function's values (a derivative that is 0 up to rounding).
    pub fn reliable(&self, rel: f64, magnitude: f64) -> bool {
        self.value.is_finite()
            && self.err.is_finite()
            && (self.err <= rel * magnitude || self.err <= 1e-9 * self.size)
    }
}

const CON: f64 = 1.4;
const CON2: f64 = CON * CON;
const NTAB: usize = 10;
const SAFE: f64 = 2.0;

/// Ridders' extrapolation to `h -> 0` of `approx(h) = A + c1 h² + c2 h⁴ + ...`, starting at `h0`.
/// `approx` returns the difference and its size (the sum of the magnitudes of its terms), from
/// which the rounding noise is bounded. Returns `None` when no finite estimate was reached.
pub fn ridders(mut approx: impl FnMut(f64) -> (f64, f64), h0: f64) -> Option<Estimate> {
    let mut a = [[0.0f64; NTAB]; NTAB];
    let mut size = [0.0f64; NTAB];
    // How much extrapolating to column j can amplify rounding noise in the differences.
    let mut amp = [1.0f64; NTAB];
    let mut fac = CON2;
    for j in 1..NTAB {
        amp[j] = amp[j - 1] * (fac + 1.0) / (fac - 1.0);
        fac *= CON2;
    }
    let mut hh = h0;
    (a[0][0], size[0]) = approx(hh);
    if !a[0][0].is_finite() {
        return None;
    }
    let mut err = f64::INFINITY;
    let mut ans = f64::NAN;
    let mut at = 0;
    let mut noise = 0.0;
    for i in 1..NTAB {
        hh /= CON;
        (a[0][i], size[i]) = approx(hh);
        if !a[0][i].is_finite() {
            break;
        }
        let mut fac = CON2;
        for j in 1..=i {
            a[j][i] = (a[j - 1][i] * fac - a[j - 1][i - 1]) / (fac - 1.0);
            fac *= CON2;
            let errt = (a[j][i] - a[j - 1][i])
                .abs()
                .max((a[j][i] - a[j - 1][i - 1]).abs());
            if errt <= err {
                err = errt;
                ans = a[j][i];
                at = i;
                noise = 4.0 * f64::EPSILON * size[i] * amp[j];
            }
        }
        // Stop when the higher orders start to get worse (rounding has taken over), or when the
        // estimate is already far more accurate than any use of it needs (ten significant
        // figures; the checker's tolerances start at six).
        if (a[i][i] - a[i - 1][i - 1]).abs() >= SAFE * err || err <= 1e-10 * ans.abs() {
            break;
        }
    }
    if ans.is_finite() && err.is_finite() {
        Some(Estimate {
            value: ans,
            err: err.max(noise),
            size: size[at],
        })
    } else {
        None
    }
}

/// The step scale of one coordinate: `max(|x|, floor)`, and never zero.
pub fn step_scale(x: f64, floor: f64) -> f64 {
    let s = x.abs().max(floor);
    if s > 0.0 && s.is_finite() {
        s
    } else {
        1.0
    }
}

/// The nested central difference of order `idx.len()` at step factor `t`.
fn nested_difference<F: Fn(&[f64]) -> f64>(
    f: &F,
    x: &[f64],
    idx: &[usize],
    steps: &[f64],
    t: f64,
    buf: &mut [f64],
) -> (f64, f64) {
    let k = idx.len();
    let mut total = 0.0;
    let mut magnitude = 0.0;
    for mask in 0u32..(1u32 << k) {
        buf.copy_from_slice(x);
        let mut sign = 1.0;
        for (m, &j) in idx.iter().enumerate() {
            if mask & (1 << m) != 0 {
                buf[j] -= t * steps[j];
                sign = -sign;
            } else {
                buf[j] += t * steps[j];
            }
        }
        let v = f(buf);
        total += sign * v;
        magnitude += v.abs();
    }
    let mut denom = 1.0;
    for &j in idx {
        denom *= 2.0 * t * steps[j];
    }
    (total / denom, magnitude / denom.abs())
}

/// `∂^k f / ∂x_{idx[0]} ... ∂x_{idx[k-1]}` at `x` (`k = idx.len()`, at most 4; an empty `idx`
/// gives `f(x)` itself, with zero error). `scales[j]` is the length below which the step for
/// coordinate `j` is not scaled down further (use about a tenth of the domain's width).
///
/// Tries a few starting steps, from large to small, and returns the estimate with the smallest
/// error relative to its value; `None` when every attempt failed (not finite).
pub fn partial<F: Fn(&[f64]) -> f64>(
    f: F,
    x: &[f64],
    idx: &[usize],
    scales: &[f64],
) -> Option<Estimate> {
    partial_from(f, x, idx, scales, &[0.1, 0.01, 0.001])
}

/// [`partial`] with the starting step factors given (tried in order, as `partial` tries 0.1,
/// 0.01 and 0.001). A second estimate from other starting steps is an independent check on the
/// first one's error estimate: rounding noise and truncation differ between the two.
pub fn partial_from<F: Fn(&[f64]) -> f64>(
    f: F,
    x: &[f64],
    idx: &[usize],
    scales: &[f64],
    starts: &[f64],
) -> Option<Estimate> {
    if idx.is_empty() {
        let v = f(x);
        return v.is_finite().then_some(Estimate {
            value: v,
            err: 0.0,
            size: v.abs(),
        });
    }
    if idx.len() > 4 || idx.iter().any(|&j| j >= x.len()) {
        return None;
    }
    let steps: Vec<f64> = x
        .iter()
        .enumerate()
        .map(|(j, &xj)| step_scale(xj, scales.get(j).copied().unwrap_or(1.0)))
        .collect();
    let mut buf = x.to_vec();
    let mut best: Option<Estimate> = None;
    let rel = |e: &Estimate| e.err / e.value.abs().max(1e-300);
    for &t0 in starts {
        let Some(e) = ridders(|t| nested_difference(&f, x, idx, &steps, t, &mut buf), t0) else {
            continue;
        };
        match best {
            None => best = Some(e),
            Some(b) => {
                // Smaller steps can land where the function's values no longer change in
                // floating point (ln(1 + ε) for ε below the rounding unit): an exact 0 with no
                // error is then an artefact, not a better estimate of a clearly nonzero value.
                let flat = e.value == 0.0 && e.err == 0.0 && b.err < 0.5 * b.value.abs();
                if !flat && rel(&e) < rel(&b) {
                    best = Some(e);
                }
            }
        }
        // Good enough: stop trying smaller steps.
        if best.is_some_and(|b| b.err <= 1e-8 * b.value.abs() || b.err == 0.0) {
            break;
        }
    }
    best
}

/// `f'(x)` for a function of one variable (step scale floor 1).
pub fn derivative<F: Fn(f64) -> f64>(f: F, x: f64) -> Option<Estimate> {
    partial(|p: &[f64]| f(p[0]), &[x], &[0], &[1.0])
}

/// The gradient of `f` at `x` (step scale floor 1 for every coordinate); `None` when any
/// component could not be estimated.
pub fn gradient<F: Fn(&[f64]) -> f64>(f: F, x: &[f64]) -> Option<Vec<Estimate>> {
    let scales = vec![1.0; x.len()];
    (0..x.len())
        .map(|j| partial(&f, x, &[j], &scales))
        .collect()
}

/// The Hessian of `f` at `x` (row-major, `n x n`), symmetric by construction.
#[allow(clippy::needless_range_loop)]
pub fn hessian<F: Fn(&[f64]) -> f64>(
    f: F,
    x: &[f64],
    scales: &[f64],
) -> Option<Vec<Vec<Estimate>>> {
    let n = x.len();
    let mut h = vec![
        vec![
            Estimate {
                value: 0.0,
                err: 0.0,
                size: 0.0,
            };
            n
        ];
        n
    ];
    for i in 0..n {
        for j in i..n {
            let e = partial(&f, x, &[i, j], scales)?;
            h[i][j] = e;
            h[j][i] = e;
        }
    }
    Some(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(e: Estimate, want: f64, rel: f64) {
        assert!(
            (e.value - want).abs() <= rel * want.abs().max(1e-300),
            "got {} ± {}, want {want}",
            e.value,
            e.err
        );
        assert!(
            (e.value - want).abs() <= 10.0 * e.err + 1e-15 * want.abs(),
            "error estimate {} too small for {} vs {want}",
            e.err,
            e.value
        );
    }

    #[test]
    fn first_derivatives_are_accurate() {
        close(derivative(f64::sin, 1.3).unwrap(), 1.3f64.cos(), 1e-11);
        close(
            derivative(|x| (5.0 * x).exp(), 2.9).unwrap(),
            5.0 * 14.5f64.exp(),
            1e-10,
        );
        close(
            derivative(|x| 1e-6 * x * x * x, 0.7).unwrap(),
            3e-6 * 0.49,
            1e-10,
        );
        close(derivative(f64::ln, 0.05).unwrap(), 20.0, 1e-10);
        close(derivative(|x| 1.0 / x, -0.02).unwrap(), -2500.0, 1e-9);
    }

    #[test]
    fn second_and_mixed_partials_are_accurate() {
        let f = |p: &[f64]| p[0] * p[0] * p[1].sin() + p[0].exp() * p[1];
        let x = [1.2, -0.7];
        let s = [0.6, 0.6];
        // f_xx = 2 sin y + e^x y
        close(
            partial(f, &x, &[0, 0], &s).unwrap(),
            2.0 * (-0.7f64).sin() + 1.2f64.exp() * -0.7,
            1e-7,
        );
        // f_xy = 2x cos y + e^x
        close(
            partial(f, &x, &[0, 1], &s).unwrap(),
            2.4 * (-0.7f64).cos() + 1.2f64.exp(),
            1e-7,
        );
        // f_yy = -x^2 sin y
        close(
            partial(f, &x, &[1, 1], &s).unwrap(),
            -1.44 * (-0.7f64).sin(),
            1e-7,
        );
    }

    #[test]
    fn a_kink_is_flagged_not_trusted() {
        // |x| at a point closer to the kink than every step: the tableau does not settle.
        let e = partial(|p: &[f64]| p[0].abs(), &[1e-4], &[0], &[0.6]);
        if let Some(e) = e {
            assert!(!e.reliable(1e-6, e.value.abs().max(1.0)), "{e:?}");
        }
    }

    #[test]
    fn a_pole_nearby_is_handled_by_a_smaller_step() {
        let e = partial(|p: &[f64]| 1.0 / p[0], &[0.01], &[0], &[0.6]).unwrap();
        close(e, -1e4, 1e-8);
    }

    #[test]
    fn undefined_function_gives_none() {
        assert!(partial(|p: &[f64]| (p[0] - 5.0).sqrt(), &[1.0], &[0], &[1.0]).is_none());
    }

    #[test]
    fn gradient_and_hessian() {
        let f = |p: &[f64]| (1.0 - p[0]).powi(2) + 100.0 * (p[1] - p[0] * p[0]).powi(2);
        let g = gradient(f, &[0.5, 1.5]).unwrap();
        // Rosenbrock: df/dx = -2(1-x) - 400x(y - x^2), df/dy = 200(y - x^2)
        close(g[0], -1.0 - 200.0 * 1.25, 1e-10);
        close(g[1], 250.0, 1e-10);
        let h = hessian(f, &[0.5, 1.5], &[1.0, 1.0]).unwrap();
        close(h[0][0], 2.0 - 400.0 * 1.5 + 1200.0 * 0.25, 1e-7);
        close(h[0][1], -200.0, 1e-7);
        close(h[1][1], 200.0, 1e-7);
    }
}
