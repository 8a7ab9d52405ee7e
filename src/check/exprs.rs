//! Expression answers (derivatives, gradients, Jacobians, directional derivatives without `at`):
//! compared with the finite-difference truth at deterministic sample points.

use super::assemble;
use super::compare::{rms, sample_ok, ABS_FLOOR, ATOL, RELIABLE, ROUNDED_REL};
use super::diagnose::{self, Candidate, Finding, Samples};
use super::mistakes::Library;
use super::read;
use super::{CellVerdict, Diagnosis, Status, Verdict, Voice};
use crate::exercise::Answer;
use crate::math::diff::{self, Estimate, Stencils};
use crate::math::sample::{boundary_sites, Sampler};
use crate::math::{Expr, Scope};
use crate::question::{
    partial_label, Cell, Direction, Naming, Question, RateKind, Rates, SetupError, Shape, Target,
};
use crate::text;
use std::cell::OnceCell;
use std::sync::OnceLock;

/// How many usable sample points the checker aims for.
pub(crate) const TARGET_POINTS: usize = 32;
/// Fewer usable points than this is an error in the exercise.
pub(crate) const MIN_POINTS: usize = 16;
/// How many candidate points are tried at most.
pub(crate) const MAX_TRIES: usize = 400;

/// The truth of `target` at `p`, by finite differences.
pub(crate) fn truth_at(
    funcs: &[Expr],
    cols: &[Vec<f64>],
    floors: &[f64],
    target: &Target,
    p: &[f64],
) -> Option<Estimate> {
    truth_from(funcs, cols, floors, target, p, &[0.1, 0.01, 0.001])
}

/// Starting steps for a second, independent estimate of the truth.
const SECOND_OPINION: [f64; 2] = [0.037, 0.0041];

/// An estimate whose error is more than this share of its value did not settle (its first
/// starting step did not give ten significant figures, nor did the smaller ones give eight):
/// it is confirmed by a second estimate before it is trusted.
const UNSETTLED: f64 = 1e-8;

/// The truth of `target` at `p`, starting the differences at the step factors `starts`.
fn truth_from(
    funcs: &[Expr],
    cols: &[Vec<f64>],
    floors: &[f64],
    target: &Target,
    p: &[f64],
    starts: &[f64],
) -> Option<Estimate> {
    match target {
        Target::Partial { func, idx } => {
            let f = funcs.get(*func)?;
            diff::partial_from(|q: &[f64]| eval(f, cols, q), p, idx, floors, starts)
        }
        Target::Directional { func, dir } => {
            let f = funcs.get(*func)?;
            let floor = floors.iter().copied().fold(f64::INFINITY, f64::min);
            let floor = if floor.is_finite() { floor } else { 0.1 };
            diff::partial_from(
                |s: &[f64]| {
                    let q: Vec<f64> = p.iter().zip(dir).map(|(x, d)| x + s[0] * d).collect();
                    eval(f, cols, &q)
                },
                &[0.0],
                &[0],
                &[floor],
                starts,
            )
        }
        // Values, coordinates, limits and table cells are not derivatives.
        _ => None,
    }
}

/// [`truth_at`] at each of `points`, every point's Ridders tableau in step with the others so
/// that each round of differences is one batch: the same estimates, point for point.
pub(crate) fn truths_at(
    funcs: &[Expr],
    cols: &[Vec<f64>],
    floors: &[f64],
    target: &Target,
    points: &[&[f64]],
) -> Vec<Option<Estimate>> {
    truths_from(funcs, cols, floors, target, points, &[0.1, 0.01, 0.001])
}

/// [`truth_from`] at each of `points`, in batches as [`truths_at`].
fn truths_from(
    funcs: &[Expr],
    cols: &[Vec<f64>],
    floors: &[f64],
    target: &Target,
    points: &[&[f64]],
    starts: &[f64],
) -> Vec<Option<Estimate>> {
    match target {
        Target::Partial { func, idx } => {
            let Some(f) = funcs.get(*func) else {
                return vec![None; points.len()];
            };
            diff::partial_from_many(
                |s: Stencils<'_>, out: &mut [f64]| eval_batch(f, cols, s.columns, out),
                points,
                idx,
                floors,
                starts,
            )
        }
        Target::Directional { func, dir } => {
            let Some(f) = funcs.get(*func) else {
                return vec![None; points.len()];
            };
            let floor = floors.iter().copied().fold(f64::INFINITY, f64::min);
            let floor = if floor.is_finite() { floor } else { 0.1 };
            let origin = [0.0];
            let at_origin = vec![&origin[..]; points.len()];
            // The stencil's steps s along the direction, at the point each belongs to.
            let mut q: Vec<Vec<f64>> = vec![Vec::new(); dir.len()];
            diff::partial_from_many(
                |s: Stencils<'_>, out: &mut [f64]| {
                    for (j, (col, d)) in q.iter_mut().zip(dir).enumerate() {
                        col.clear();
                        col.extend(
                            s.owners
                                .iter()
                                .zip(s.columns[0])
                                .map(|(&i, &t)| points[i][j] + t * d),
                        );
                    }
                    let q: Vec<&[f64]> = q.iter().map(Vec::as_slice).collect();
                    eval_batch(f, cols, &q, out)
                },
                &at_origin,
                &[0],
                &[floor],
                starts,
            )
        }
        _ => vec![None; points.len()],
    }
}

/// Sample points with the truth of every cell there.
type Found = Vec<(Vec<f64>, Vec<Estimate>)>;

/// Whether an answer's value `a` misses the truth `t` (error estimate `err`) by a hair: by no
/// more than [`ROUNDED_REL`] of the truth's magnitude, the larger of its own size and a
/// thousandth of its size over the sample (`scale`), as [`reliable`] measures it. Near a zero of
/// the truth the hair is absolute, a millionth of `scale`.
fn hair(a: f64, t: f64, err: f64, scale: f64) -> bool {
    a.is_finite()
        && (a - t).abs() <= ROUNDED_REL * t.abs().max(1e-3 * scale) + 4.0 * err + ABS_FLOOR
}

/// Whether an estimate can be trusted, given the truth's size over the sample.
///
/// Its error must be small next to the larger of its value and a thousandth of the truth's
/// size over the sample, so that a truth near 0 is judged by its absolute precision. But an
/// estimate must also have two significant figures of its own (or an error that is no more
/// than the rounding of the function's values): where a function oscillates faster than any
/// step tried, the differences average the oscillation out, and the tableau settles on a value
/// near 0 as uncertain as itself (x·e^(4.5x)/(1 + cos²(e^(−3x))) at x = −3: −0.000024 ±
/// 0.000014 for a derivative of 0.051), which next to the truth's size of 10⁶ elsewhere looked
/// precise.
fn reliable(e: &Estimate, scale: f64) -> bool {
    let own_figures = e.err <= SETTLED * e.value.abs() || e.err <= 1e-9 * e.size;
    (own_figures && e.reliable(RELIABLE, e.value.abs().max(1e-3 * scale)))
        || (e.err.is_finite() && e.err <= ABS_FLOOR)
}

/// The most an estimate's error may be of its own value (two significant figures), unless it
/// is the rounding of the function's values.
const SETTLED: f64 = 1e-2;

/// Evaluates `e` at `p`, giving it the data columns when there are any.
pub(crate) fn eval(e: &Expr, cols: &[Vec<f64>], p: &[f64]) -> f64 {
    if cols.is_empty() {
        e.eval(p)
    } else {
        e.eval_data(p, cols)
    }
}

/// [`eval`] at many points at once (`points[i]` holds variable `i` at every point): the same
/// values, one batch.
pub(crate) fn eval_batch(e: &Expr, cols: &[Vec<f64>], points: &[&[f64]], out: &mut [f64]) {
    if cols.is_empty() {
        e.eval_batch(points, out)
    } else {
        e.eval_data_batch(points, cols, out)
    }
}

/// Where the finite-difference truth could not be computed reliably (the function oscillates
/// or changes too fast for its differences, or a kink or pole is near): points dropped while
/// sampling. Answers are not compared there, so `validate` reports a large share.
#[derive(Clone, Debug, PartialEq)]
pub struct Unjudged {
    /// What could not be computed ("the second derivative", "the gradient").
    pub what: String,
    /// Points dropped, of `defined` tried where the functions are defined.
    pub dropped: usize,
    pub defined: usize,
    /// Per variable, its name and the smallest and largest coordinate of a dropped point.
    pub around: Vec<(String, f64, f64)>,
}

impl Unjudged {
    fn from_dropped(
        what: String,
        vars: &[String],
        dropped: &[Vec<f64>],
        defined: usize,
    ) -> Option<Unjudged> {
        if dropped.is_empty() {
            return None;
        }
        let around = bounds(vars, dropped);
        Some(Unjudged {
            what,
            dropped: dropped.len(),
            defined,
            around,
        })
    }

    /// The dropped share of the points tried where the functions are defined: roughly the
    /// share of the domain where answers are not judged (the tried points spread evenly).
    pub fn share(&self) -> f64 {
        self.dropped as f64 / self.defined.max(1) as f64
    }

    /// From this share of the domain on, the gap is worth an instructor's attention
    /// (`validate` warns).
    pub const LARGE: f64 = 0.1;

    /// Whether the unjudged share is [`Unjudged::LARGE`] or more.
    pub fn is_large(&self) -> bool {
        self.share() >= Self::LARGE
    }
}

/// Where the finite-difference truth is known only loosely: sample points where its error
/// estimate (answers within four times it pass) is more than 0.1% of the truth. It happens when
/// the function's values are large next to their changes (a constant of 3·10⁹ added): the
/// differences keep few digits. Such points are kept, so `validate` reports a large share.
#[derive(Clone, Debug, PartialEq)]
pub struct Imprecise {
    /// What is imprecise ("the derivative").
    pub what: String,
    /// Loose points, of `kept` sample points.
    pub loose: usize,
    pub kept: usize,
    /// The fewest significant figures the truth is known to at a loose point.
    pub figures: usize,
    /// Per variable, its name and the smallest and largest coordinate of a loose point.
    pub around: Vec<(String, f64, f64)>,
}

/// The relative width (of the truth) beyond which a point is loose.
const LOOSE: f64 = 1e-3;

impl Imprecise {
    fn of(
        what: String,
        vars: &[String],
        found: &[(Vec<f64>, Vec<Estimate>)],
        scale: &[f64],
    ) -> Option<Imprecise> {
        let width = |e: &Estimate, s: f64| 4.0 * e.err / e.value.abs().max(1e-3 * s);
        let loose: Vec<(&Vec<f64>, f64)> = found
            .iter()
            .filter_map(|(p, es)| {
                let w = es
                    .iter()
                    .zip(scale)
                    .map(|(e, s)| width(e, *s))
                    .fold(0.0, f64::max);
                (w > LOOSE).then_some((p, w))
            })
            .collect();
        if loose.is_empty() {
            return None;
        }
        let worst = loose.iter().map(|(_, w)| *w).fold(0.0, f64::max);
        let points: Vec<Vec<f64>> = loose.iter().map(|(p, _)| (*p).clone()).collect();
        Some(Imprecise {
            what,
            loose: loose.len(),
            kept: found.len(),
            figures: (-worst.log10()).floor().max(0.0) as usize,
            around: bounds(vars, &points),
        })
    }

    /// Whether a tenth of the sample points or more are loose.
    pub fn is_large(&self) -> bool {
        self.loose * 10 >= self.kept
    }
}

/// Each cell's size over the sample, from the root mean squares of its truth `raw`. A cell's
/// own size sets its tolerance, whatever the other cells' sizes: ∂f/∂x of e^(9y+4.5) − sin(x)
/// is of size 1 while ∂f/∂y reaches 4·10¹⁴, and a millionth of the latter as ∂f/∂x's size
/// would let any answer within 0.4 of −cos(x) pass. Only a cell whose truth is 0 at every point
/// borrows a millionth of the largest size, so that its near-zero truths have a scale.
fn cell_scales(raw: &[f64]) -> Vec<f64> {
    let top = raw.iter().copied().fold(0.0, f64::max);
    raw.iter()
        .map(|&s| if s > 0.0 { s } else { 1e-6 * top })
        .collect()
}

/// Per variable, its name and the smallest and largest coordinate of `points`.
fn bounds(vars: &[String], points: &[Vec<f64>]) -> Vec<(String, f64, f64)> {
    vars.iter()
        .enumerate()
        .map(|(i, v)| {
            let (lo, hi) = points
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
                    (lo.min(p[i]), hi.max(p[i]))
                });
            (v.clone(), lo, hi)
        })
        .collect()
}

/// An expression answer's truth: the question's functions and cells (copied from the question,
/// not parsed again), the sample points, and the finite-difference truth there.
#[derive(Debug)]
pub(crate) struct ExprPlan {
    kind: RateKind,
    shape: Shape,
    naming: Naming,
    vars: Vec<String>,
    scope: Scope,
    cols: Vec<Vec<f64>>,
    funcs: Vec<Expr>,
    cells: Vec<Cell>,
    ranges: Vec<(f64, f64)>,
    floors: Vec<f64>,
    points: Vec<Vec<f64>>,
    /// The same points by coordinate (`columns[i][k]` is variable `i` at point `k`), for
    /// evaluating an answer at all of them in one batch.
    columns: Vec<Vec<f64>>,
    /// `[cell][point]`.
    truth: Vec<Vec<f64>>,
    err: Vec<Vec<f64>>,
    scale: Vec<f64>,
    direction: Option<Direction>,
    /// Where the truth could not be computed reliably (points dropped), when anywhere.
    unjudged: Option<Unjudged>,
    /// Where the truth is known only loosely (answers that far off pass), when anywhere.
    imprecise: Option<Imprecise>,
    /// Each function's name in labels (`f`, `z`, `f₁`), as the question names it.
    fnames: Vec<String>,
    /// A randomised exercise's variant (the named mistakes speak of its values).
    randomised: bool,
    /// Per cell, the named mistakes, prepared the first time an answer to the cell is wrong.
    library: Vec<OnceLock<Option<Library>>>,
}

impl ExprPlan {
    pub(crate) fn new(q: &Question, r: &Rates) -> Result<ExprPlan, SetupError> {
        let mut plan = ExprPlan {
            kind: r.kind,
            shape: q.answer.shape,
            naming: q.answer.naming,
            vars: r.vars.clone(),
            scope: r.scope.clone(),
            cols: q.data.clone(),
            funcs: r.functions.iter().map(|f| f.expr.clone()).collect(),
            cells: q.answer.cells.clone(),
            ranges: r.ranges.clone(),
            floors: r.floors.clone(),
            points: Vec::new(),
            columns: Vec::new(),
            truth: Vec::new(),
            err: Vec::new(),
            scale: Vec::new(),
            direction: r.direction.clone(),
            unjudged: None,
            imprecise: None,
            randomised: q.randomised,
            fnames: (0..r.functions.len()).map(|i| r.fname(i)).collect(),
            library: q.answer.cells.iter().map(|_| OnceLock::new()).collect(),
        };
        plan.sample(q.seed, r)?;
        Ok(plan)
    }

    /// The truth of every cell at each of `pts` (`None` where a function is not finite or a
    /// truth cannot be estimated): what the one-point estimate gives at each point, computed in
    /// batches (the functions' values at all points at once, then every point's tableaux in
    /// step).
    fn estimates(&self, pts: &[&[f64]]) -> Vec<Option<Vec<Estimate>>> {
        let columns: Vec<Vec<f64>> = (0..self.vars.len())
            .map(|j| pts.iter().map(|p| p[j]).collect())
            .collect();
        let columns: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
        let mut finite = vec![true; pts.len()];
        let mut values = vec![0.0; pts.len()];
        for f in &self.funcs {
            eval_batch(f, &self.cols, &columns, &mut values);
            for (ok, v) in finite.iter_mut().zip(&values) {
                *ok &= v.is_finite();
            }
        }
        let live: Vec<&[f64]> = pts
            .iter()
            .zip(&finite)
            .filter(|(_, ok)| **ok)
            .map(|(p, _)| *p)
            .collect();
        let per_cell: Vec<Vec<Option<Estimate>>> = self
            .cells
            .iter()
            .map(|c| {
                let first = truths_at(&self.funcs, &self.cols, &self.floors, &c.target, &live);
                self.confirmed(&c.target, &live, first)
            })
            .collect();
        let mut k = 0;
        finite
            .iter()
            .map(|&ok| {
                if !ok {
                    return None;
                }
                k += 1;
                per_cell.iter().map(|v| v[k - 1]).collect()
            })
            .collect()
    }

    /// The estimates `first` of `target` at `pts`, each one that did not settle (its error is
    /// more than [`UNSETTLED`] of its value) confirmed by a second, independent estimate from
    /// other starting steps: the error becomes at least the two estimates' distance.
    ///
    /// A tableau can settle on a wrong value with a small error estimate when the function
    /// oscillates faster than its steps (e^(3x)·cos(e^(−1.5x+3)) at x = −3, with a period of
    /// 0.002 there: −0.00029 ± 10⁻⁶ for a derivative of −0.33). Judged against the truth's size
    /// over the sample (the derivative reaches 24,000 at x = 3) such an error looks small, and
    /// the point would be kept and a right answer called wrong there. The second estimate from
    /// other steps lands elsewhere (0.025 ± 0.011): with the distance as its error, the point
    /// is not reliable and is set aside (unjudged), as points too fast for differences are.
    /// Estimates that settled to [`UNSETTLED`] are trusted as they are (most points: the cost
    /// of a second estimate is paid only near zeros of the truth and where it is noisy).
    fn confirmed(
        &self,
        target: &Target,
        pts: &[&[f64]],
        mut first: Vec<Option<Estimate>>,
    ) -> Vec<Option<Estimate>> {
        let unsettled: Vec<usize> = (0..pts.len())
            .filter(|&i| first[i].is_some_and(|e| e.err > UNSETTLED * e.value.abs()))
            .collect();
        if unsettled.is_empty() {
            return first;
        }
        let again: Vec<&[f64]> = unsettled.iter().map(|&i| pts[i]).collect();
        let second = truths_from(
            &self.funcs,
            &self.cols,
            &self.floors,
            target,
            &again,
            &SECOND_OPINION,
        );
        for (&i, e2) in unsettled.iter().zip(second) {
            if let (Some(e1), Some(e2)) = (first[i].as_mut(), e2) {
                e1.err = e1.err.max((e2.value - e1.value).abs());
            }
        }
        first
    }

    /// The corners and edges of the box (exactly on them where everything is defined there,
    /// else just inside), with the truth at each, in order.
    fn boundary(&self, seed: u64) -> (usize, Found) {
        let sites = boundary_sites(&self.ranges, seed);
        let exact: Vec<&[f64]> = sites.iter().map(|s| s.exact.as_slice()).collect();
        let first = self.estimates(&exact);
        let inset: Vec<&[f64]> = sites
            .iter()
            .zip(&first)
            .filter(|(_, e)| e.is_none())
            .map(|(s, _)| s.inset.as_slice())
            .collect();
        let mut second = self.estimates(&inset).into_iter();
        let mut found = Vec::new();
        let tried = sites.len();
        for (site, e) in sites.into_iter().zip(first) {
            match e {
                Some(e) => found.push((site.exact, e)),
                None => {
                    if let Some(Some(e)) = second.next() {
                        found.push((site.inset, e));
                    }
                }
            }
        }
        (tried, found)
    }

    /// The next `k` candidate points and the truth at each (`None` where there is none).
    fn candidates(
        &self,
        sampler: &mut Sampler,
        k: usize,
    ) -> Vec<(Vec<f64>, Option<Vec<Estimate>>)> {
        let pts: Vec<Vec<f64>> = (0..k)
            .map(|_| {
                let mut p = vec![0.0; self.vars.len()];
                sampler.next_into(&mut p);
                p
            })
            .collect();
        let refs: Vec<&[f64]> = pts.iter().map(Vec::as_slice).collect();
        let e = self.estimates(&refs);
        pts.into_iter().zip(e).collect()
    }

    /// Picks the sample points and computes the truth there. Candidates are taken in batches
    /// of as many as are still needed, so exactly the points (and the count tried) of taking
    /// them one at a time.
    fn sample(&mut self, seed: u64, r: &Rates) -> Result<(), SetupError> {
        let ncell = self.cells.len();
        let mut sampler = Sampler::new(&self.ranges, seed);
        // Phase 1: points where everything is finite; the boundary first, so that a mistake
        // confined to a corner or an edge strip is caught, then the interior.
        let (mut tried, mut found) = self.boundary(seed);
        while found.len() < TARGET_POINTS && tried < MAX_TRIES {
            let k = (TARGET_POINTS - found.len()).min(MAX_TRIES - tried);
            tried += k;
            for (p, e) in self.candidates(&mut sampler, k) {
                if let Some(e) = e {
                    found.push((p, e));
                }
            }
        }
        // The truth's size per cell, then only the points where every estimate is reliable.
        let raw_scale: Vec<f64> = (0..ncell)
            .map(|c| rms(found.iter().map(|(_, e)| e[c].value)))
            .collect();
        let scale = cell_scales(&raw_scale);
        let good = |e: &[Estimate]| e.iter().zip(&scale).all(|(e, s)| reliable(e, *s));
        let mut defined = found.len();
        let mut dropped: Vec<Vec<f64>> = Vec::new();
        found.retain(|(p, e)| {
            let keep = good(e);
            if !keep {
                dropped.push(p.clone());
            }
            keep
        });
        // Phase 2: replace the dropped points.
        while found.len() < TARGET_POINTS && tried < MAX_TRIES {
            let k = (TARGET_POINTS - found.len()).min(MAX_TRIES - tried);
            tried += k;
            for (p, e) in self.candidates(&mut sampler, k) {
                let Some(e) = e else { continue };
                defined += 1;
                if good(&e) {
                    found.push((p, e));
                } else {
                    dropped.push(p);
                }
            }
        }
        self.unjudged =
            Unjudged::from_dropped(r.truth_name(&self.cells), &self.vars, &dropped, defined);
        self.imprecise = Imprecise::of(r.truth_name(&self.cells), &self.vars, &found, &scale);
        if found.len() < MIN_POINTS {
            return Err(SetupError::TooFewPoints {
                what: r.truth_name(&self.cells),
                usable: found.len(),
                tried,
                needed: MIN_POINTS,
            });
        }
        self.keep(found, scale);
        Ok(())
    }

    /// Keeps the chosen points and the truth there.
    fn keep(&mut self, found: Found, scale: Vec<f64>) {
        let ncell = self.cells.len();
        self.truth = (0..ncell)
            .map(|c| found.iter().map(|(_, e)| e[c].value).collect())
            .collect();
        self.err = (0..ncell)
            .map(|c| found.iter().map(|(_, e)| e[c].err).collect())
            .collect();
        self.scale = scale;
        self.points = found.into_iter().map(|(p, _)| p).collect();
        self.columns = (0..self.vars.len())
            .map(|i| self.points.iter().map(|p| p[i]).collect())
            .collect();
    }

    pub(crate) fn point_count(&self) -> usize {
        self.points.len()
    }

    pub(crate) fn unjudged(&self) -> Option<&Unjudged> {
        self.unjudged.as_ref()
    }

    pub(crate) fn imprecise(&self) -> Option<&Imprecise> {
        self.imprecise.as_ref()
    }

    fn cell_where(&self, i: usize) -> String {
        self.cells[i].place(self.naming.unit.0)
    }

    fn values(&self, e: &Expr) -> Vec<f64> {
        let columns: Vec<&[f64]> = self.columns.iter().map(Vec::as_slice).collect();
        let mut out = vec![0.0; self.points.len()];
        eval_batch(e, &self.cols, &columns, &mut out);
        out
    }

    fn ok(&self, c: usize, a: &[f64]) -> Vec<bool> {
        a.iter()
            .enumerate()
            .map(|(i, &ai)| sample_ok(ai, self.truth[c][i], self.err[c][i], self.scale[c]))
            .collect()
    }

    /// A second look at the points where an answer misses the truth: the truth there is
    /// estimated again from other starting steps, and the answer judged again with the larger
    /// error estimate (the two estimates' distance added to their own errors).
    ///
    /// The error estimate of finite differences sees only the rounding of the differences
    /// themselves, not the noise a function's values can carry: ln(1 + ε) for ε near 10⁻¹⁵ is
    /// computed from 1 + ε, a whole multiple of 2⁻⁵² above 1, so its values step by 2⁻⁵², and a
    /// truth of 10⁻¹¹ comes out a few percent off with an error estimate of 10⁻²⁴. The second
    /// estimate, from other steps, lands elsewhere on those steps: the distance between the two
    /// shows the noise, and an answer within four times it is not contradicted by the point.
    /// When the two estimates disagree by more than a reliable truth could, the point is
    /// moreover no evidence against an answer that misses it by a [`hair`].
    ///
    /// This never widens the tolerance beyond what the point's own estimates show: an answer
    /// off by more than four times their distance is still wrong there. Every point that
    /// misses by a hair is looked at again (a truth noisy everywhere, a constant of 3·10⁹ added
    /// to the function, would otherwise fail every answer); the other missed points only when
    /// they are at most a quarter of the points (the estimate costs as much again: an answer
    /// wrong at most points is not looked at twice).
    fn recheck(&self, c: usize, a: &[f64], mut ok: Vec<bool>) -> Vec<bool> {
        let scale = self.scale[c];
        let missed = ok.iter().filter(|&&b| !b).count();
        let few = missed * 4 <= ok.len();
        for i in 0..ok.len() {
            let (t, err) = (self.truth[c][i], self.err[c][i]);
            let close = hair(a[i], t, err, scale);
            if ok[i] || !(close || few) {
                continue;
            }
            let second = truth_from(
                &self.funcs,
                &self.cols,
                &self.floors,
                &self.cells[c].target,
                &self.points[i],
                &SECOND_OPINION,
            );
            ok[i] = match second {
                // No second estimate (the function is undefined at its steps): no evidence
                // against an answer that misses by a hair.
                None => close,
                Some(e2) => {
                    let spread = (e2.value - t).abs() + err + e2.err;
                    let unreliable = spread > RELIABLE * t.abs().max(1e-3 * scale);
                    sample_ok(a[i], t, spread, scale) || (unreliable && close)
                }
            };
        }
        ok
    }

    /// Does the answer's cell with values `a` match the truth of cell `c` at every point?
    fn matches(&self, a: &[f64], c: usize) -> bool {
        self.ok(c, a).iter().all(|&b| b)
    }

    pub(crate) fn check(&self, answer: &Answer, voice: Voice) -> Verdict {
        let texts = match read::cells(answer, self.shape, &self.naming, voice) {
            Ok(t) => t,
            Err(v) => return self.shape_failure(answer, *v, voice),
        };
        let mut exprs = Vec::with_capacity(texts.len());
        for (i, src) in texts.iter().enumerate() {
            match read::expr(
                src,
                &self.scope,
                &self.cells[i].id,
                &self.cell_where(i),
                voice,
            ) {
                Ok(e) => exprs.push(e),
                Err(v) => return *v,
            }
        }
        let values: Vec<Vec<f64>> = exprs.iter().map(|e| self.values(e)).collect();
        let oks: Vec<Vec<bool>> = values
            .iter()
            .enumerate()
            .map(|(c, a)| self.recheck(c, a, self.ok(c, a)))
            .collect();
        let n = self.points.len();
        if oks.iter().all(|o| o.iter().all(|&b| b)) {
            let message = match self.shape {
                Shape::Scalar => format!(
                    "Correct: it matches {} at all {n} sample points.",
                    self.cells[0].label
                ),
                _ => format!("Correct: every entry matches at all {n} sample points."),
            };
            return assemble::all_right(self.shape, &self.cells, message);
        }
        if let Some(v) = self.rearranged(&values, voice) {
            return v;
        }
        let found = (0..values.len())
            .map(|c| {
                (!oks[c].iter().all(|&b| b))
                    .then(|| self.explain(c, &exprs[c], &values[c], &oks[c], voice))
            })
            .collect();
        assemble::wrong_cells(self.shape, &self.cells, &self.naming, found, voice)
    }

    /// Gradient components in another order, or a transposed Jacobian.
    fn rearranged(&self, values: &[Vec<f64>], voice: Voice) -> Option<Verdict> {
        match (self.kind, self.shape) {
            (RateKind::Gradient, Shape::Vector(n)) if (2..=6).contains(&n) => {
                self.swapped(values, n, voice)
            }
            (RateKind::Jacobian, Shape::Matrix(r, c)) if r == c && r >= 2 => {
                self.transposed(values, r, voice)
            }
            _ => None,
        }
    }

    /// The `n` components of a gradient, each right but in another order.
    fn swapped(&self, values: &[Vec<f64>], n: usize, voice: Voice) -> Option<Verdict> {
        let cells = self.cells.get(..n)?;
        let matches = |i: usize, j: usize| self.matches(&values[i], j);
        let (perm, mut v) = swapped_components(cells, &self.vars, matches, voice)?;
        v.cells = Some((0..n).map(|i| self.moved_cell(i, perm[i])).collect());
        Some(v)
    }

    /// An `n`×`n` Jacobian given transposed.
    fn transposed(&self, values: &[Vec<f64>], n: usize, voice: Voice) -> Option<Verdict> {
        let transposed =
            (0..n).all(|i| (0..n).all(|j| self.matches(&values[i * n + j], j * n + i)));
        if !transposed {
            return None;
        }
        let mut v = Verdict::incorrect(
            format!(
                "{} is the transpose of the Jacobian: each row must hold the partial \
                 derivatives of one function, and each column those by one variable.",
                voice.yours_cap()
            ),
            Some(Diagnosis::Transposed),
        );
        v.cells = Some(
            (0..n * n)
                .map(|k| {
                    let (i, j) = (k / n, k % n);
                    let holds = if self.matches(&values[k], k) {
                        k
                    } else {
                        j * n + i
                    };
                    self.moved_cell(k, holds)
                })
                .collect(),
        );
        Some(v)
    }

    /// The verdict on cell `k` when it holds the truth of cell `holds`.
    fn moved_cell(&self, k: usize, holds: usize) -> CellVerdict {
        let right = holds == k;
        CellVerdict {
            cell: self.cells[k].id.clone(),
            verdict: if right {
                Status::Correct
            } else {
                Status::Incorrect
            },
            message: if right {
                "right".into()
            } else {
                format!(
                    "this is {}, not {}",
                    self.cells[holds].label, self.cells[k].label
                )
            },
        }
    }

    /// A shape failure; for a non-square Jacobian, say so when the answer is its transpose.
    fn shape_failure(&self, answer: &Answer, failure: Verdict, voice: Voice) -> Verdict {
        let (Shape::Matrix(r, c), Answer::Matrix(m)) = (self.shape, answer) else {
            return failure;
        };
        if m.len() != c || m.iter().any(|row| row.len() != r) {
            return failure;
        }
        let mut values = vec![Vec::new(); r * c];
        for (j, row) in m.iter().enumerate() {
            for (i, src) in row.iter().enumerate() {
                let Ok(e) = Expr::parse(src, &self.scope) else {
                    return failure;
                };
                values[i * c + j] = self.values(&e);
            }
        }
        if (0..r * c).all(|k| self.matches(&values[k], k)) {
            // Every entry was read and is a partial derivative: a wrong answer, not an unreadable one.
            Verdict::incorrect(
                format!(
                    "{} is the transpose of the Jacobian: it has {c} rows and {r} columns, but \
                     the Jacobian has one row per function ({r}) and one column per variable ({c}).",
                    voice.yours_cap()
                ),
                Some(Diagnosis::Transposed),
            )
        } else {
            failure
        }
    }

    /// Something the answer to cell `c` might be instead, and how to say so.
    fn alternatives(&self, c: usize) -> Vec<(Diagnosis, String, Candidate)> {
        let (func, idx) = match &self.cells[c].target {
            Target::Partial { func, idx } => (*func, Some(idx.clone())),
            Target::Directional { func, .. } => (*func, None),
            _ => return Vec::new(),
        };
        let mut out = vec![(
            Diagnosis::NotDifferentiated,
            "is the function itself, not its derivative".to_string(),
            self.candidate(func, &[]),
        )];
        let Some(idx) = idx else {
            return out;
        };
        let k = idx.len();
        let single_var = idx.iter().all(|&j| j == idx[0]);
        if single_var && self.vars.len() > 1 {
            for w in (0..self.vars.len()).filter(|&w| w != idx[0]) {
                let alt = vec![w; k];
                out.push((
                    Diagnosis::WrongVariable,
                    format!(
                        "is {}, the derivative with respect to {} instead of {}",
                        partial_label(&self.fname(func), &self.vars, &alt),
                        self.vars[w],
                        self.vars[idx[0]]
                    ),
                    self.candidate(func, &alt),
                ));
            }
        }
        out.extend(self.order_alternatives(c, func, &idx));
        out
    }

    /// The derivatives of another order than cell `c`'s (by `idx` of function `func`): the
    /// second for a first, the one before the last differentiation, the last one alone.
    fn order_alternatives(
        &self,
        c: usize,
        func: usize,
        idx: &[usize],
    ) -> Vec<(Diagnosis, String, Candidate)> {
        let k = idx.len();
        if k == 1 {
            return vec![(
                Diagnosis::WrongOrder,
                "is the second derivative; the question asks for the first".to_string(),
                self.candidate(func, &[idx[0], idx[0]]),
            )];
        }
        let label = &self.cells[c].label;
        let first = &idx[..k - 1];
        let word = if k == 2 {
            "first".to_string()
        } else {
            text::ordinal(k - 1)
        };
        let named = if self.vars.len() > 1 {
            format!(" ({})", partial_label(&self.fname(func), &self.vars, first))
        } else {
            String::new()
        };
        let mut out = vec![(
            Diagnosis::WrongOrder,
            format!("is the {word} derivative{named}; the question asks for {label}"),
            self.candidate(func, first),
        )];
        if !idx.iter().all(|&j| j == idx[0]) {
            out.push((
                Diagnosis::WrongOrder,
                format!(
                    "is a first derivative ({}); the question asks for {label}",
                    partial_label(&self.fname(func), &self.vars, &idx[k - 1..]),
                ),
                self.candidate(func, &idx[k - 1..]),
            ));
        }
        out
    }

    /// The partial derivative by `idx` of function `func` at every sample point (the function
    /// itself for an empty `idx`), NaN where it cannot be computed.
    fn candidate(&self, func: usize, idx: &[usize]) -> Candidate {
        let t = Target::Partial {
            func,
            idx: idx.to_vec(),
        };
        let points: Vec<&[f64]> = self.points.iter().map(Vec::as_slice).collect();
        let (values, err) = truths_at(&self.funcs, &self.cols, &self.floors, &t, &points)
            .into_iter()
            .map(|e| e.map_or((f64::NAN, 0.0), |e| (e.value, e.err)))
            .unzip();
        Candidate { values, err }
    }

    fn fname(&self, func: usize) -> String {
        self.fnames
            .get(func)
            .cloned()
            .unwrap_or_else(|| "f".to_string())
    }

    /// The named mistakes of cell `c` (prepared once).
    pub(crate) fn library(&self, c: usize) -> Option<&Library> {
        let scale = self.scale.get(c).copied()?;
        let err = self.err.get(c)?;
        self.library
            .get(c)?
            .get_or_init(|| {
                Library::prepare(
                    self.randomised,
                    &self.funcs,
                    &self.cols,
                    &self.cells[c].target,
                    &self.points,
                    &self.truth[c],
                    |j, w, t| sample_ok(w, t, err[j], scale),
                )
            })
            .as_ref()
    }

    /// Per cell (its label), the wrong rules that give the truth at every sample point.
    pub(crate) fn blind_spots(&self) -> Vec<(String, Vec<String>)> {
        (0..self.cells.len())
            .filter_map(|c| Some((self.cells[c].label.clone(), self.library(c)?.blind())))
            .filter(|(_, b)| !b.is_empty())
            .collect()
    }

    /// A named mistake that the answer's values `a` to cell `c` match at every sample point.
    fn named_mistake(&self, c: usize, a: &[f64]) -> Option<(String, Diagnosis)> {
        let scale = self.scale[c];
        let (diagnosis, e) = self
            .library(c)?
            .find(a, |_, a, w| sample_ok(a, w, 0.0, scale))?;
        Some((e.text, diagnosis))
    }

    /// The message and diagnosis for a wrong cell.
    fn explain(
        &self,
        c: usize,
        expr: &Expr,
        a: &[f64],
        ok: &[bool],
        voice: Voice,
    ) -> (String, Option<Diagnosis>) {
        if let Some((message, diagnosis)) = self.named_mistake(c, a) {
            return (message, Some(diagnosis));
        }
        let samples = Samples {
            a,
            t: &self.truth[c],
            err: &self.err[c],
            scale: self.scale[c],
        };
        let alts: OnceCell<Vec<(Diagnosis, String, Candidate)>> = OnceCell::new();
        let finding = diagnose::find(&samples, ok, &|| {
            alts.get_or_init(|| self.alternatives(c))
                .iter()
                .map(|(_, _, cand)| Candidate {
                    values: cand.values.clone(),
                    err: cand.err.clone(),
                })
                .collect()
        });
        let alt = match finding {
            Finding::Alternative(k) => alts
                .get()
                .and_then(|v| v.get(k))
                .map(|(d, s, _)| (*d, s.clone())),
            _ => None,
        };
        self.wording(c, finding, alt, expr, ok, voice)
    }

    /// A point where the answer differs, the two values there with enough digits to differ,
    /// and how far off the answer is there (" (off by 25%)", or nothing when the truth there is
    /// so small that a percentage says nothing).
    fn shown(&self, c: usize, expr: &Expr, ok: &[bool]) -> (String, String, String, String) {
        let Example { point, a, t } = self.example(c, expr, ok);
        let pct = 100.0 * (a - t).abs() / t.abs();
        let off = if pct.is_finite() && pct <= 1000.0 {
            format!(" (off by {}%)", text::num_sig(pct, 2))
        } else {
            String::new()
        };
        let (av, tv) = text::pair(a, t);
        (text::point(&self.vars, &point), av, tv, off)
    }

    /// What a finding is said as: the message for cell `c` and its diagnosis. `alt` is the
    /// recognised alternative (a diagnosis and how it completes "your answer …").
    fn wording(
        &self,
        c: usize,
        finding: Finding,
        alt: Option<(Diagnosis, String)>,
        expr: &Expr,
        ok: &[bool],
        voice: Voice,
    ) -> (String, Option<Diagnosis>) {
        let label = &self.cells[c].label;
        // In a vector or matrix, each entry speaks of itself.
        let (yours, yours_cap) = if self.shape == Shape::Scalar {
            (voice.yours(), voice.yours_cap())
        } else {
            ("it", "It")
        };
        match finding {
            Finding::Undefined(i) => (
                format!(
                    "{yours_cap} is undefined at {} (a division by zero, or a root or logarithm \
                     of a negative number?), where {label} is {}.",
                    text::point(&self.vars, &self.points[i]),
                    text::num(self.truth[c][i])
                ),
                Some(Diagnosis::Undefined),
            ),
            Finding::Sign => {
                let (p, av, tv, _) = self.shown(c, expr, ok);
                (
                    format!(
                        "{yours_cap} has the wrong sign: at {p} it gives {av}; {label} is {tv}."
                    ),
                    Some(Diagnosis::Sign),
                )
            }
            Finding::Factor(r) => self.factor_wording(c, r, expr, ok, yours_cap),
            Finding::Alternative(_) => {
                let (diagnosis, description) =
                    alt.unwrap_or((Diagnosis::WrongOrder, "is something else".into()));
                let (p, av, tv, _) = self.shown(c, expr, ok);
                (
                    format!("{yours_cap} {description}: at {p} it gives {av}; {label} is {tv}."),
                    Some(diagnosis),
                )
            }
            Finding::Rounded => {
                let (p, av, tv, _) = self.shown(c, expr, ok);
                (
                    format!(
                        "{yours_cap} is within 0.1% of {label} but not equal to it (at {p} it \
                         gives {av}; {label} is {tv}): use exact constants such as 1/3 or e, \
                         not rounded decimals."
                    ),
                    Some(Diagnosis::Rounded),
                )
            }
            Finding::Partly => {
                let (p, av, tv, off) = self.shown(c, expr, ok);
                let good = ok.iter().filter(|&&b| b).count();
                let where_ = diagnose::region(&self.points, ok, &self.vars, &self.ranges)
                    .unwrap_or_else(|| {
                        format!(
                            "right at {good} of the {} sample points but not at the others",
                            ok.len()
                        )
                    });
                (
                    format!("{yours_cap} is {where_}: at {p} it gives {av}; {label} is {tv}{off}."),
                    Some(Diagnosis::PartlyWrong),
                )
            }
            Finding::Unknown => {
                let (p, av, tv, off) = self.shown(c, expr, ok);
                (
                    format!("At {p} {yours} gives {av}; {label} is {tv}{off}."),
                    None,
                )
            }
        }
    }

    /// `r` times the truth everywhere: along a direction that was not normalised when `r` is
    /// its length, otherwise a missing or extra constant factor.
    fn factor_wording(
        &self,
        c: usize,
        r: f64,
        expr: &Expr,
        ok: &[bool],
        yours_cap: &str,
    ) -> (String, Option<Diagnosis>) {
        let label = &self.cells[c].label;
        let (p, av, tv, _) = self.shown(c, expr, ok);
        if let Some(Direction { given: v, norm, .. }) = &self.direction {
            let norm = *norm;
            if (r.abs() - norm).abs() <= 1e-6 * norm && (norm - 1.0).abs() > 1e-9 {
                return (
                    format!(
                        "{yours_cap} is {} times the directional derivative: the direction {} \
                         has length {}, so divide it by its length first (at {p} it gives {av}; \
                         the directional derivative is {tv}).",
                        text::num(r),
                        text::tuple(v),
                        text::num(norm)
                    ),
                    Some(Diagnosis::NotNormalized),
                );
            }
        }
        (
            format!(
                "{yours_cap} is {} times {label} everywhere (at {p} it gives {av}; {label} is \
                 {tv}): a constant factor is missing or extra. Check the inner derivative of the \
                 chain rule.",
                text::num(r)
            ),
            Some(Diagnosis::ConstantFactor),
        )
    }

    /// A point where the answer to cell `c` is plainly wrong, for a student to check by hand:
    /// the sample point where it is off by the most, relative to the truth there (so that a wrong
    /// rule never looks like a rounding), moved to rounder coordinates (whole numbers, one
    /// decimal, two) when a rounder point is still off by at least half as much, and re-checked
    /// there.
    fn example(&self, c: usize, expr: &Expr, ok: &[bool]) -> Example {
        let scale = self.scale[c];
        let rel = |a: f64, t: f64| (a - t).abs() / (t.abs() + 1e-3 * scale).max(1e-300);
        let mut bad: Vec<(usize, f64, f64)> = (0..ok.len())
            .filter(|&i| !ok[i])
            .filter_map(|i| {
                let a = eval(expr, &self.cols, &self.points[i]);
                a.is_finite().then(|| (i, a, rel(a, self.truth[c][i])))
            })
            .collect();
        bad.sort_by(|x, y| y.2.total_cmp(&x.2));
        let Some(&(first, a, best)) = bad.first() else {
            let i = ok.iter().position(|&b| !b).unwrap_or(0);
            let p = self.points[i].clone();
            return Example {
                a: eval(expr, &self.cols, &p),
                t: self.truth[c][i],
                point: p,
            };
        };
        // (how round, how far off, the example)
        let mut choice: Option<(usize, f64, Example)> = None;
        for &(i, _, _) in bad.iter().take_while(|x| x.2 >= 0.5 * best).take(12) {
            for (level, q) in self.roundings(&self.points[i]) {
                if choice.as_ref().is_some_and(|(l, _, _)| *l < level) {
                    break;
                }
                let Some(e) = truth_at(
                    &self.funcs,
                    &self.cols,
                    &self.floors,
                    &self.cells[c].target,
                    &q,
                ) else {
                    continue;
                };
                let a = eval(expr, &self.cols, &q);
                let plain = reliable(&e, scale)
                    && a.is_finite()
                    && !sample_ok(a, e.value, e.err, scale)
                    && rel(a, e.value) >= 0.5 * best;
                if !plain {
                    continue;
                }
                let r = rel(a, e.value);
                // A truth that is zero up to rounding is shown as 0, not as 2.658e-14.
                let t = if e.value.abs() <= 4.0 * e.err + ATOL * scale {
                    0.0
                } else {
                    e.value
                };
                if choice
                    .as_ref()
                    .is_none_or(|(l, r0, _)| level < *l || r > *r0)
                {
                    let ex = Example { point: q, a, t };
                    choice = Some((level, r, ex));
                }
                break;
            }
        }
        choice.map(|(_, _, e)| e).unwrap_or_else(|| Example {
            point: self.points[first].clone(),
            a,
            t: self.truth[c][first],
        })
    }

    /// `p` rounded for a student, roundest first, with how round (0 = whole numbers): whole
    /// numbers, one decimal, then the display rounding (two decimals on domains 1 to 100 wide);
    /// only those inside the domain, each once.
    fn roundings(&self, p: &[f64]) -> Vec<(usize, Vec<f64>)> {
        let mut out: Vec<(usize, Vec<f64>)> = Vec::new();
        for level in 0..3 {
            let q: Vec<f64> = p
                .iter()
                .zip(&self.ranges)
                .map(|(x, (l, h))| match level {
                    0 => x.round(),
                    1 => (x * 10.0).round() / 10.0,
                    _ => text::round_for_display(*x, h - l),
                })
                .collect();
            let inside = q
                .iter()
                .zip(&self.ranges)
                .all(|(x, (l, h))| *l <= *x && *x <= *h);
            if inside && !out.iter().any(|(_, o)| *o == q) {
                out.push((level, q));
            }
        }
        out
    }
}

/// A point shown to a student, the answer's value there and the truth.
struct Example {
    point: Vec<f64>,
    a: f64,
    t: f64,
}

/// Gradient components each right but in another order: `matches(i, j)` says whether the
/// answer's component `i` is the truth's component `j`. The permutation found, and the verdict
/// that says which component is which.
pub(crate) fn swapped_components(
    cells: &[Cell],
    vars: &[String],
    matches: impl Fn(usize, usize) -> bool,
    voice: Voice,
) -> Option<(Vec<usize>, Verdict)> {
    let n = cells.len();
    let m: Vec<Vec<bool>> = (0..n)
        .map(|i| (0..n).map(|j| matches(i, j)).collect())
        .collect();
    let perm = permutation(&m)?;
    let moved: Vec<String> = (0..n)
        .filter(|&i| perm[i] != i)
        .map(|i| format!("component {} is {}", i + 1, cells[perm[i]].label))
        .collect();
    let v = Verdict::incorrect(
        format!(
            "{} has the right partial derivatives in the wrong order: {}. \
             The gradient lists them in the order of the variables ({}).",
            voice.yours_cap(),
            moved.join(", "),
            vars.join(", ")
        ),
        Some(Diagnosis::Swapped),
    );
    Some((perm, v))
}

/// A permutation other than the identity with `m[i][perm[i]]` for every `i`.
fn permutation(m: &[Vec<bool>]) -> Option<Vec<usize>> {
    fn go(m: &[Vec<bool>], i: usize, used: &mut Vec<bool>, cur: &mut Vec<usize>) -> bool {
        if i == m.len() {
            return cur.iter().enumerate().any(|(k, &p)| k != p);
        }
        for j in 0..m.len() {
            if !used[j] && m[i][j] {
                used[j] = true;
                cur.push(j);
                if go(m, i + 1, used, cur) {
                    return true;
                }
                cur.pop();
                used[j] = false;
            }
        }
        false
    }
    let mut used = vec![false; m.len()];
    let mut cur = Vec::new();
    go(m, 0, &mut used, &mut cur).then_some(cur)
}

/// What the class report's grouping reads (src/check/fingerprint.rs): an answer's values at
/// the sample points, and the sizes its comparison scales with.
impl ExprPlan {
    /// Per cell, the answer's values at every sample point; `None` when it has the wrong shape
    /// or a cell does not read.
    pub(crate) fn answer_values(&self, answer: &Answer) -> Option<Vec<Vec<f64>>> {
        let texts = read::cells(answer, self.shape, &self.naming, Voice::Student).ok()?;
        texts
            .iter()
            .map(|src| Expr::parse(src, &self.scope).ok().map(|e| self.values(&e)))
            .collect()
    }

    /// Per cell, the truth's size over the sample ([`sample_ok`]'s `scale`).
    pub(crate) fn scales(&self) -> &[f64] {
        &self.scale
    }
}
