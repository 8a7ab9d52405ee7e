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

/// How much extrapolating to column j can amplify rounding noise in the differences.
const AMP: [f64; NTAB] = amplification();

const fn amplification() -> [f64; NTAB] {
    let mut amp = [1.0f64; NTAB];
    let mut fac = CON2;
    let mut j = 1;
    while j < NTAB {
        amp[j] = amp[j - 1] * (fac + 1.0) / (fac - 1.0);
        fac *= CON2;
        j += 1;
    }
    amp
}

/// Ridders' tableau, fed one central difference at a time (steps `h, h/1.4, h/1.4², ...`). The
/// sequential and the batched drivers share it, so they give the same estimates bit for bit.
/// Only two columns are kept (each extrapolation reads the column before), so a tableau is
/// small enough to keep one per sample point.
#[derive(Clone)]
struct Tableau {
    /// The extrapolations of the previous difference (`prev[j]` is the tableau's `a[j][i-1]`).
    prev: [f64; NTAB],
    /// Those of the current one (`a[j][i]`).
    cur: [f64; NTAB],
    /// How many differences were fed.
    n: usize,
    err: f64,
    ans: f64,
    /// The size of the difference the best estimate came from.
    size_at: f64,
    noise: f64,
    /// The first difference was not finite: no estimate.
    failed: bool,
    done: bool,
}

impl Tableau {
    fn new() -> Self {
        Tableau {
            prev: [0.0; NTAB],
            cur: [0.0; NTAB],
            n: 0,
            err: f64::INFINITY,
            ans: f64::NAN,
            size_at: 0.0,
            noise: 0.0,
            failed: false,
            done: false,
        }
    }

    /// Feeds the difference at the next step and its size; true once the extrapolation is
    /// finished (nothing more is read after that).
    fn push(&mut self, (value, size): (f64, f64)) -> bool {
        if self.done {
            return true;
        }
        let i = self.n;
        self.n += 1;
        self.cur[0] = value;
        if !value.is_finite() {
            self.failed = i == 0;
            self.done = true;
            return true;
        }
        if i == 0 {
            self.prev = self.cur;
            return false;
        }
        let (prev, cur) = (&self.prev, &mut self.cur);
        let mut fac = CON2;
        for j in 1..=i {
            cur[j] = (cur[j - 1] * fac - prev[j - 1]) / (fac - 1.0);
            fac *= CON2;
            let errt = (cur[j] - cur[j - 1])
                .abs()
                .max((cur[j] - prev[j - 1]).abs());
            if errt <= self.err {
                self.err = errt;
                self.ans = cur[j];
                self.size_at = size;
                self.noise = 4.0 * f64::EPSILON * size * AMP[j];
            }
        }
        // Stop when the higher orders start to get worse (rounding has taken over), or when the
        // estimate is already far more accurate than any use of it needs (ten significant
        // figures; the checker's tolerances start at six).
        self.done = (cur[i] - prev[i - 1]).abs() >= SAFE * self.err
            || self.err <= 1e-10 * self.ans.abs()
            || self.n == NTAB;
        self.prev = self.cur;
        self.done
    }

    fn estimate(&self) -> Option<Estimate> {
        (!self.failed && self.ans.is_finite() && self.err.is_finite()).then(|| Estimate {
            value: self.ans,
            err: self.err.max(self.noise),
            size: self.size_at,
        })
    }
}

/// Ridders' extrapolation to `h -> 0` of `approx(h) = A + c1 h² + c2 h⁴ + ...`, starting at `h0`.
/// `approx` returns the difference and its size (the sum of the magnitudes of its terms), from
/// which the rounding noise is bounded. Returns `None` when no finite estimate was reached.
pub fn ridders(mut approx: impl FnMut(f64) -> (f64, f64), h0: f64) -> Option<Estimate> {
    let mut tableau = Tableau::new();
    let mut hh = h0;
    while !tableau.push(approx(hh)) {
        hh /= CON;
    }
    tableau.estimate()
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

/// Writes the stencil point `mask` of the nested central difference at step factor `t` into
/// `out` (bit `m` of `mask` set: coordinate `idx[m]` moves down, else up); returns its sign.
#[inline]
fn stencil_point(
    x: &[f64],
    idx: &[usize],
    steps: &[f64],
    t: f64,
    mask: u32,
    out: &mut [f64],
) -> f64 {
    out.copy_from_slice(x);
    let mut sign = 1.0;
    for (m, &j) in idx.iter().enumerate() {
        if mask & (1 << m) != 0 {
            out[j] -= t * steps[j];
            sign = -sign;
        } else {
            out[j] += t * steps[j];
        }
    }
    sign
}

/// The nested central difference and its size from the function's values at the stencil points
/// (in mask order).
#[inline]
fn combine(
    values: impl Iterator<Item = (f64, f64)>,
    idx: &[usize],
    steps: &[f64],
    t: f64,
) -> (f64, f64) {
    let mut total = 0.0;
    let mut magnitude = 0.0;
    for (sign, v) in values {
        total += sign * v;
        magnitude += v.abs();
    }
    let mut denom = 1.0;
    for &j in idx {
        denom *= 2.0 * t * steps[j];
    }
    (total / denom, magnitude / denom.abs())
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
    let values = (0u32..(1u32 << idx.len())).map(|mask| {
        let sign = stencil_point(x, idx, steps, t, mask, buf);
        (sign, f(buf))
    });
    combine(values, idx, steps, t)
}

/// The most coordinates kept on the stack; longer points use the heap.
const STACK_DIM: usize = 8;

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

/// Whether `partial` can estimate this derivative at all; the value itself for an empty `idx`.
enum Setup {
    Value(Option<Estimate>),
    Refused,
    Differences,
}

fn setup(x: &[f64], idx: &[usize], value: impl FnOnce() -> f64) -> Setup {
    if idx.is_empty() {
        let v = value();
        return Setup::Value(v.is_finite().then_some(Estimate {
            value: v,
            err: 0.0,
            size: v.abs(),
        }));
    }
    if idx.len() > 4 || idx.iter().any(|&j| j >= x.len()) {
        return Setup::Refused;
    }
    Setup::Differences
}

fn fill_steps(x: &[f64], scales: &[f64], steps: &mut [f64]) {
    for (j, (s, &xj)) in steps.iter_mut().zip(x).enumerate() {
        *s = step_scale(xj, scales.get(j).copied().unwrap_or(1.0));
    }
}

/// Keeps the better of two estimates from different starting steps; true when `best` is good
/// enough that smaller starting steps need not be tried.
fn keep_best(best: &mut Option<Estimate>, e: Option<Estimate>) -> bool {
    let rel = |e: &Estimate| e.err / e.value.abs().max(1e-300);
    if let Some(e) = e {
        match best {
            None => *best = Some(e),
            Some(b) => {
                // Smaller steps can land where the function's values no longer change in
                // floating point (ln(1 + ε) for ε below the rounding unit): an exact 0 with no
                // error is then an artefact, not a better estimate of a clearly nonzero value.
                let flat = e.value == 0.0 && e.err == 0.0 && b.err < 0.5 * b.value.abs();
                if !flat && rel(&e) < rel(b) {
                    *best = Some(e);
                }
            }
        }
    }
    // Good enough: stop trying smaller steps.
    best.is_some_and(|b| b.err <= 1e-8 * b.value.abs() || b.err == 0.0)
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
    match setup(x, idx, || f(x)) {
        Setup::Value(v) => return v,
        Setup::Refused => return None,
        Setup::Differences => {}
    }
    let n = x.len();
    let (mut steps_stack, mut buf_stack) = ([0.0; STACK_DIM], [0.0; STACK_DIM]);
    let (mut steps_heap, mut buf_heap) = (Vec::new(), Vec::new());
    let (steps, buf) = if n <= STACK_DIM {
        (&mut steps_stack[..n], &mut buf_stack[..n])
    } else {
        steps_heap.resize(n, 0.0);
        buf_heap.resize(n, 0.0);
        (&mut steps_heap[..], &mut buf_heap[..])
    };
    fill_steps(x, scales, steps);
    let steps = &*steps;
    let mut best: Option<Estimate> = None;
    for &t0 in starts {
        let e = ridders(|t| nested_difference(&f, x, idx, steps, t, buf), t0);
        if keep_best(&mut best, e) {
            break;
        }
    }
    best
}

/// One point's walk through [`partial_from`]'s starting steps and tableaux, in
/// [`partial_from_many`].
#[derive(Clone)]
struct Walk {
    /// Which starting step the current tableau began from.
    start: usize,
    tableau: Tableau,
    /// The step of the next difference.
    hh: f64,
    best: Option<Estimate>,
    done: bool,
}

impl Walk {
    fn new(first: f64) -> Walk {
        Walk {
            start: 0,
            tableau: Tableau::new(),
            hh: first,
            best: None,
            done: false,
        }
    }

    /// Feeds the difference at the current step. When the tableau is finished, as
    /// [`partial_from`] does: keeps the better estimate and stops, or begins again from the next
    /// starting step.
    fn feed(&mut self, difference: (f64, f64), starts: &[f64]) {
        if !self.tableau.push(difference) {
            self.hh /= CON;
            return;
        }
        if keep_best(&mut self.best, self.tableau.estimate()) || self.start + 1 >= starts.len() {
            self.done = true;
        } else {
            self.start += 1;
            self.tableau = Tableau::new();
            self.hh = starts[self.start];
        }
    }
}

/// The stencil points of one round of [`partial_from_many`], by coordinate, with the point each
/// belongs to.
pub struct Stencils<'a> {
    /// `columns[j][i]`: coordinate `j` of stencil point `i`.
    pub columns: &'a [&'a [f64]],
    /// `owners[i]`: the index (in `points`) of the point stencil point `i` differentiates at.
    pub owners: &'a [usize],
}

/// One round's batch of [`partial_from_many`]: the stencil points by coordinate, whose point
/// each belongs to, the sign of its value in the difference, and the values `f` gave. The
/// buffers are reused from round to round.
struct Batch {
    columns: Vec<Vec<f64>>,
    owners: Vec<usize>,
    signs: Vec<f64>,
    values: Vec<f64>,
}

impl Batch {
    /// A batch of points with `n` coordinates, room for `most` of them.
    fn new(n: usize, most: usize) -> Batch {
        Batch {
            columns: vec![Vec::with_capacity(most); n],
            owners: Vec::with_capacity(most),
            signs: Vec::with_capacity(most),
            values: Vec::new(),
        }
    }

    /// `f` at every point of the batch, into `values`.
    fn eval<F: FnMut(Stencils<'_>, &mut [f64])>(&mut self, f: &mut F) {
        let mut stack: [&[f64]; STACK_DIM] = [&[]; STACK_DIM];
        let heap: Vec<&[f64]>;
        let refs = if self.columns.len() <= STACK_DIM {
            for (r, c) in stack.iter_mut().zip(&self.columns) {
                *r = c;
            }
            &stack[..self.columns.len()]
        } else {
            heap = self.columns.iter().map(Vec::as_slice).collect();
            &heap[..]
        };
        self.values.clear();
        self.values.resize(self.owners.len(), 0.0);
        f(
            Stencils {
                columns: refs,
                owners: &self.owners,
            },
            &mut self.values,
        );
    }

    /// The points themselves (a derivative of order 0).
    fn fill_points(&mut self, points: &[&[f64]]) {
        for (i, p) in points.iter().enumerate() {
            for (c, &x) in self.columns.iter_mut().zip(p.iter()) {
                c.push(x);
            }
            self.owners.push(i);
        }
    }

    /// The stencils of every walk still going, at its current step (`steps[i]` are point
    /// `i`'s step scales), in the order [`Batch::feed`] reads them back.
    fn fill_round(&mut self, points: &[&[f64]], idx: &[usize], steps: &[&[f64]], walks: &[Walk]) {
        for c in self.columns.iter_mut() {
            c.clear();
        }
        self.owners.clear();
        self.signs.clear();
        let per_step = 1usize << idx.len();
        for (i, w) in walks.iter().enumerate().filter(|(_, w)| !w.done) {
            for mask in 0..per_step {
                // `stencil_point`'s coordinates, each written straight into its column.
                for (j, c) in self.columns.iter_mut().enumerate() {
                    let mut v = points[i][j];
                    for (m, _) in idx.iter().enumerate().filter(|(_, &k)| k == j) {
                        if mask & (1 << m) != 0 {
                            v -= w.hh * steps[i][j];
                        } else {
                            v += w.hh * steps[i][j];
                        }
                    }
                    c.push(v);
                }
                self.signs.push(if mask.count_ones() % 2 == 1 {
                    -1.0
                } else {
                    1.0
                });
                self.owners.push(i);
            }
        }
    }

    /// Each walk still going gets the difference its stencil's values make.
    fn feed(&self, walks: &mut [Walk], idx: &[usize], steps: &[&[f64]], starts: &[f64]) {
        let per_step = 1usize << idx.len();
        let mut at = 0;
        for (i, w) in walks.iter_mut().enumerate().filter(|(_, w)| !w.done) {
            let k = at..at + per_step;
            let signed = self.signs[k.clone()]
                .iter()
                .copied()
                .zip(self.values[k].iter().copied());
            at += per_step;
            w.feed(combine(signed, idx, steps[i], w.hh), starts);
        }
    }
}

/// [`partial_from`] at many points at once, every point's Ridders tableau in step with the
/// others: each round evaluates the next difference of every point still going in one batch
/// (`f(stencils, out)` writes the function's value at each stencil point). Gives, point for
/// point, exactly [`partial_from`]'s estimate when `f` gives each stencil point the value the
/// one-point function gives, since every tableau is fed the same differences at the same steps
/// in the same order; only the evaluations are grouped (32 sample points × 2 stencil points
/// make a batch of 64 for a first derivative).
pub fn partial_from_many<F: FnMut(Stencils<'_>, &mut [f64])>(
    mut f: F,
    points: &[&[f64]],
    idx: &[usize],
    scales: &[f64],
    starts: &[f64],
) -> Vec<Option<Estimate>> {
    let Some(n) = points.first().map(|p| p.len()) else {
        return Vec::new();
    };
    if points.iter().any(|p| p.len() != n) || idx.len() > 4 || idx.iter().any(|&j| j >= n) {
        return vec![None; points.len()];
    }
    let mut batch = Batch::new(n, points.len() << idx.len());
    if idx.is_empty() {
        batch.fill_points(points);
        batch.eval(&mut f);
        return batch.values.iter().map(|&v| value_estimate(v)).collect();
    }
    let Some(&first) = starts.first() else {
        return vec![None; points.len()];
    };
    let mut steps = vec![0.0; points.len() * n];
    for (p, s) in points.iter().zip(steps.chunks_mut(n)) {
        fill_steps(p, scales, s);
    }
    let steps: Vec<&[f64]> = steps.chunks(n).collect();
    let mut walks = vec![Walk::new(first); points.len()];
    while walks.iter().any(|w| !w.done) {
        batch.fill_round(points, idx, &steps, &walks);
        batch.eval(&mut f);
        batch.feed(&mut walks, idx, &steps, starts);
    }
    walks.into_iter().map(|w| w.best).collect()
}

/// A derivative of order 0: the value itself, as [`partial`] gives it.
fn value_estimate(v: f64) -> Option<Estimate> {
    match setup(&[], &[], || v) {
        Setup::Value(e) => e,
        _ => None,
    }
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

    /// Every point's estimate from the tableaux run in step is the one-point estimate, bit for
    /// bit: smooth functions, a kink, a pole, a function undefined on part of the box, and
    /// first, second and mixed derivatives.
    #[test]
    fn tableaux_in_step_equal_one_point_at_a_time() {
        type F = fn(&[f64]) -> f64;
        let funcs: [F; 5] = [
            |p| 3.0 * p[0].powi(4) - 5.0 * p[0] * p[1] + 2.0,
            |p| (2.0 * p[0]).exp() * p[1].cos(),
            |p| (p[0] - 0.3).abs() + p[1],
            |p| 1.0 / (p[0] - 1.0) + p[1] * p[1],
            |p| (p[0] * p[1]).sqrt(),
        ];
        let points: Vec<Vec<f64>> = (0..40)
            .map(|i| {
                let t = f64::from(i);
                vec![(t * 0.37).sin() * 2.5, (t * 0.71).cos() * 1.7]
            })
            .collect();
        let refs: Vec<&[f64]> = points.iter().map(Vec::as_slice).collect();
        let scales = [0.6, 0.6];
        for f in funcs {
            for idx in [&[][..], &[0], &[1], &[0, 0], &[0, 1]] {
                for starts in [&[0.1, 0.01, 0.001][..], &[0.037, 0.0041]] {
                    let many = partial_from_many(
                        |s: Stencils<'_>, out: &mut [f64]| {
                            for (k, o) in out.iter_mut().enumerate() {
                                *o = f(&[s.columns[0][k], s.columns[1][k]]);
                            }
                        },
                        &refs,
                        idx,
                        &scales,
                        starts,
                    );
                    for (p, got) in points.iter().zip(&many) {
                        let want = partial_from(f, p, idx, &scales, starts);
                        assert_eq!(
                            want.map(|e| (e.value.to_bits(), e.err.to_bits(), e.size.to_bits())),
                            got.map(|e| (e.value.to_bits(), e.err.to_bits(), e.size.to_bits())),
                            "at {p:?}, idx {idx:?}"
                        );
                    }
                }
            }
        }
    }

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

    /// Tableaux in step read the same function values in the same order as one point at a
    /// time, so the estimates are equal bit for bit, failures included: three variables and a
    /// third-order mixed derivative too.
    #[test]
    fn batched_differences_equal_the_one_point_ones() {
        type F = fn(&[f64]) -> f64;
        let functions: [(&str, F); 7] = [
            ("poly", |p| {
                3.0 * p[0].powi(4) - 5.0 * p[0] * p[0] + 2.0 * p[0]
            }),
            ("exp sin", |p| (2.0 * p[0]).exp() * p[0].sin()),
            ("two vars", |p| p[0] * p[0] * p[1].sin() + p[0].exp() * p[1]),
            ("three vars", |p| {
                (p[0] * p[1] - p[2]).tanh() / (1.0 + p[2] * p[2])
            }),
            ("kink", |p| (p[0] - 0.3).abs()),
            ("undefined nearby", |p| (p[0] - 0.5).sqrt()),
            ("pole", |p| 1.0 / p[0]),
        ];
        let points: [[f64; 3]; 5] = [
            [0.7, -1.2, 0.4],
            [-2.3, 0.5, 1.9],
            [0.3001, 2.0, -0.1],
            [0.51, 1.0, 1.0],
            [1e-3, -3.0, 2.5],
        ];
        let refs: Vec<&[f64]> = points.iter().map(|p| &p[..]).collect();
        let idxs: [&[usize]; 6] = [&[], &[0], &[1], &[0, 0], &[0, 1], &[2, 1, 0]];
        let scales = [0.6, 0.6, 0.6];
        let bits =
            |e: Option<Estimate>| e.map(|e| (e.value.to_bits(), e.err.to_bits(), e.size.to_bits()));
        for (name, f) in functions {
            for idx in idxs {
                for starts in [&[0.1, 0.01, 0.001][..], &[0.037, 0.0041]] {
                    let many = partial_from_many(
                        |s: Stencils<'_>, out: &mut [f64]| {
                            for (i, o) in out.iter_mut().enumerate() {
                                let q: Vec<f64> = s.columns.iter().map(|c| c[i]).collect();
                                *o = f(&q);
                            }
                        },
                        &refs,
                        idx,
                        &scales,
                        starts,
                    );
                    for (p, got) in points.iter().zip(many) {
                        let one = partial_from(f, p, idx, &scales, starts);
                        assert_eq!(bits(one), bits(got), "{name} at {p:?}, ∂{idx:?}");
                    }
                }
            }
        }
    }
}
