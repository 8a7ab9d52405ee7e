//! `extremum`: the student gives a point; it is right when the gradient vanishes there, the
//! second-order condition matches the goal, and the point lies in the domain.
//!
//! From the student's point, Newton's method (finite-difference gradient and Hessian) finds the
//! critical point nearby; the student's point must agree with it to the exercise's tolerance,
//! and the Hessian there must be definite with the right sign (or, when it is singular, the
//! function must rise, or fall, in every direction tried).

use super::compare::{number_close, number_ok};
use super::exprs::eval;
use super::read;
use super::{Diagnosis, Verdict, Voice};
use crate::exercise::{Answer, Goal, Tolerance};
use crate::math::diff;
use crate::math::sample::{boundary_sites, Sampler, SplitMix64};
use crate::math::{Expr, Scope};
use crate::question::{Cell, Extremum, Naming, Question, SetupError, Shape};
use crate::text;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Min,
    Max,
    Saddle,
    /// Flat in some direction: no strict extremum could be confirmed.
    Flat,
}

impl Class {
    fn words(self) -> &'static str {
        match self {
            Class::Min => "a minimum",
            Class::Max => "a maximum",
            Class::Saddle => "a saddle point",
            Class::Flat => "a flat critical point (neither a strict minimum nor a strict maximum)",
        }
    }
}

fn goal_class(g: Goal) -> Class {
    match g {
        Goal::Min => Class::Min,
        Goal::Max => Class::Max,
    }
}

#[derive(Debug)]
pub(crate) struct ExtremumPlan {
    vars: Vec<String>,
    func: Expr,
    cols: Vec<Vec<f64>>,
    consts: Scope,
    ranges: Vec<(f64, f64)>,
    floors: Vec<f64>,
    goal: Goal,
    /// The extreme over the whole domain, which may lie on its boundary.
    boundary: bool,
    tol: Tolerance,
    seed: u64,
    shape: Shape,
    naming: Naming,
    cells: Vec<Cell>,
}

impl ExtremumPlan {
    pub(crate) fn new(q: &Question, e: &Extremum) -> ExtremumPlan {
        ExtremumPlan {
            vars: e.vars.clone(),
            func: e.function.expr.clone(),
            cols: q.data.clone(),
            consts: q.constants.clone(),
            ranges: e.ranges.clone(),
            floors: e.floors.clone(),
            goal: e.goal,
            boundary: e.boundary,
            tol: q.tolerance,
            seed: q.seed,
            shape: q.answer.shape,
            naming: q.answer.naming,
            cells: q.answer.cells.clone(),
        }
    }

    fn f(&self, p: &[f64]) -> f64 {
        eval(&self.func, &self.cols, p)
    }

    fn gradient(&self, p: &[f64]) -> Option<Vec<diff::Estimate>> {
        (0..p.len())
            .map(|j| diff::partial(|q: &[f64]| self.f(q), p, &[j], &self.floors))
            .collect()
    }

    fn hessian(&self, p: &[f64]) -> Option<Vec<Vec<f64>>> {
        let h = diff::hessian(|q: &[f64]| self.f(q), p, &self.floors)?;
        Some(
            h.into_iter()
                .map(|r| r.into_iter().map(|e| e.value).collect())
                .collect(),
        )
    }

    fn widths(&self) -> Vec<f64> {
        self.ranges
            .iter()
            .map(|(l, h)| (h - l).max(1e-12))
            .collect()
    }

    fn inside(&self, p: &[f64], slack: f64) -> bool {
        p.iter()
            .zip(&self.ranges)
            .all(|(x, (l, h))| *x >= l - slack * (h - l) && *x <= h + slack * (h - l))
    }

    /// Is the gradient at `p` zero within its error estimate?
    fn stationary(&self, g: &[diff::Estimate]) -> bool {
        g.iter().all(|e| e.value.abs() <= 4.0 * e.err + 1e-300)
    }

    /// Newton's method from `p`: the critical point nearby, if it converges inside the domain
    /// (with a margin).
    fn newton(&self, p: &[f64]) -> Option<Vec<f64>> {
        let w = self.widths();
        let mut x = p.to_vec();
        for _ in 0..100 {
            let g = self.gradient(&x)?;
            if self.stationary(&g) {
                return Some(x);
            }
            let h = self.hessian(&x)?;
            let rhs: Vec<f64> = g.iter().map(|e| -e.value).collect();
            let step = solve(h, rhs)?;
            let mut small = true;
            for j in 0..x.len() {
                x[j] += step[j];
                if step[j].abs() > 1e-10 * w[j] {
                    small = false;
                }
            }
            if !x.iter().all(|v| v.is_finite()) || !self.inside(&x, 0.5) {
                return None;
            }
            if small {
                return Some(x);
            }
        }
        None
    }

    /// The kind of critical point at `x`.
    fn classify(&self, x: &[f64]) -> Class {
        if let Some(h) = self.hessian(x) {
            let eig = eigenvalues(h);
            let top = eig.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            let tol = 1e-6 * top.max(1e-300);
            if top > 0.0 && eig.iter().all(|&l| l > tol) {
                return Class::Min;
            }
            if top > 0.0 && eig.iter().all(|&l| l < -tol) {
                return Class::Max;
            }
            if eig.iter().any(|&l| l > tol) && eig.iter().any(|&l| l < -tol) {
                return Class::Saddle;
            }
        }
        // Singular Hessian: compare with nearby values in many directions.
        let f0 = self.f(x);
        let w = self.widths();
        let n = x.len();
        let mut rng = SplitMix64::new(self.seed ^ 0x5eed);
        let mut dirs: Vec<Vec<f64>> = Vec::new();
        for j in 0..n {
            for s in [1.0, -1.0] {
                let mut d = vec![0.0; n];
                d[j] = s;
                dirs.push(d);
            }
        }
        for _ in 0..8 * n {
            dirs.push((0..n).map(|_| 2.0 * rng.next_f64() - 1.0).collect());
        }
        let (mut up, mut down) = (0, 0);
        for d in &dirs {
            for r in [1e-3, 1e-2] {
                let q: Vec<f64> = (0..n).map(|j| x[j] + r * w[j] * d[j]).collect();
                let v = self.f(&q);
                if v > f0 {
                    up += 1;
                } else if v < f0 {
                    down += 1;
                }
            }
        }
        let total = dirs.len() * 2;
        if up == total {
            Class::Min
        } else if down == total {
            Class::Max
        } else if up > 0 && down > 0 {
            Class::Saddle
        } else {
            Class::Flat
        }
    }

    fn close_to(&self, p: &[f64], x: &[f64]) -> bool {
        p.iter()
            .zip(x)
            .zip(self.widths())
            .all(|((a, t), w)| number_ok(*a, *t, 1e-9 * w, self.tol))
    }

    fn near(&self, p: &[f64], x: &[f64]) -> bool {
        p.iter()
            .zip(x)
            .zip(self.widths())
            .all(|((a, t), w)| number_close(*a, *t, 1e-9 * w, self.tol))
    }

    /// Critical points of the goal's kind found from several starting points in the domain.
    fn search(&self) -> Vec<Vec<f64>> {
        let mut found: Vec<Vec<f64>> = Vec::new();
        let mut sampler = Sampler::new(&self.ranges, self.seed);
        let mut start = vec![0.0; self.vars.len()];
        for _ in 0..12 {
            sampler.next_into(&mut start);
            if let Some(x) = self.newton(&start) {
                if self.inside(&x, 0.0)
                    && self.classify(&x) == goal_class(self.goal)
                    && !found.iter().any(|y| self.close_to(y, &x))
                {
                    found.push(x);
                }
            }
        }
        found
    }

    /// `f` signed so that the goal is its largest value.
    fn score(&self, p: &[f64]) -> f64 {
        let v = self.f(p);
        let v = match self.goal {
            Goal::Max => v,
            Goal::Min => -v,
        };
        if v.is_finite() {
            v
        } else {
            f64::NEG_INFINITY
        }
    }

    /// Compass search inside the box from `p`: each coordinate stepped both ways, clamped to the
    /// box, the step halved when no move improves. Ends at a point where the function (signed
    /// by the goal) cannot be improved within the box: an extreme of the goal's kind, possibly
    /// on the boundary, where the gradient need not vanish.
    fn climb(&self, p: &[f64]) -> Vec<f64> {
        let w = self.widths();
        let mut x = p.to_vec();
        let mut best = self.score(&x);
        let mut step = 0.05;
        let mut tries = 0;
        while step > 1e-13 && tries < 20_000 {
            tries += 1;
            let mut moved = false;
            for j in 0..x.len() {
                for s in [1.0, -1.0] {
                    let (lo, hi) = self.ranges[j];
                    let mut y = x.clone();
                    y[j] = (x[j] + s * step * w[j]).clamp(lo, hi);
                    let v = self.score(&y);
                    if v > best {
                        best = v;
                        x = y;
                        moved = true;
                    }
                }
            }
            if !moved {
                step *= 0.5;
            }
        }
        x
    }

    /// The extreme over the whole box: the best of many points (its corners and edges, its
    /// interior, and each face), each of the best few refined by [`Self::climb`].
    fn extreme_over_domain(&self) -> Option<Vec<f64>> {
        let n = self.vars.len();
        let mut cands: Vec<Vec<f64>> = boundary_sites(&self.ranges, self.seed)
            .into_iter()
            .flat_map(|s| [s.exact, s.inset])
            .collect();
        cands.extend(Sampler::new(&self.ranges, self.seed).take(400));
        for j in 0..n {
            for end in [self.ranges[j].0, self.ranges[j].1] {
                let mut face = self.ranges.clone();
                face[j] = (end, end);
                cands.extend(Sampler::new(&face, self.seed ^ j as u64).take(100));
            }
        }
        cands.retain(|p| self.score(p) > f64::NEG_INFINITY);
        cands.sort_by(|a, b| self.score(b).total_cmp(&self.score(a)));
        cands
            .iter()
            .take(6)
            .map(|p| self.climb(p))
            .max_by(|a, b| self.score(a).total_cmp(&self.score(b)))
    }

    /// With `boundary = true`: right when the point is where the function is extreme over the
    /// whole domain (inside it or on its boundary).
    fn check_over_domain(&self, p: &[f64], pt: &str, goal: &str, voice: Voice) -> Verdict {
        let Some(best) = self.extreme_over_domain() else {
            return Verdict::incorrect(
                format!("The function is not defined on the domain, so it has no {goal} there."),
                None,
            );
        };
        let local = self.climb(p);
        let fb = self.f(&best);
        let spread = self.widths().iter().map(|w| w * 1e-9).fold(0.0, f64::max);
        let same_value = |v: f64| (v - fb).abs() <= 1e-7 * fb.abs().max(1.0) + spread;
        let (larger, largest) = match self.goal {
            Goal::Max => ("larger", "largest"),
            Goal::Min => ("smaller", "smallest"),
        };
        let key = |msg: &mut String| {
            if voice == Voice::Key {
                msg.push_str(&format!(
                    " (The {goal} over the domain is at {}.)",
                    text::point(&self.vars, &best)
                ));
            }
        };
        if self.close_to(p, &local) {
            if same_value(self.f(&local)) {
                return Verdict::correct(format!(
                    "Correct: the function is {largest} over the domain at {pt}."
                ));
            }
            let mut msg = format!(
                "The point {pt} is a local {goal} (the function is {} there), but it is {larger} \
                 elsewhere in the domain (it reaches {}): the question asks for the {goal} over \
                 the whole domain.",
                text::num(self.f(&local)),
                text::num(fb)
            );
            key(&mut msg);
            return Verdict::incorrect(msg, None);
        }
        if self.near(p, &local) && same_value(self.f(&local)) {
            let mut msg = format!(
                "{} is close, but not where the function is {largest}: give the point {} and \
                 keep more digits.",
                voice.yours_cap(),
                super::compare::describe(self.tol)
            );
            key(&mut msg);
            return Verdict::incorrect(msg, Some(Diagnosis::Rounded));
        }
        if let Some(v) = self.value_not_point(p, std::slice::from_ref(&best), goal) {
            return v;
        }
        let mut msg = format!(
            "The point {pt} is not where the function is {largest}: it is {} there, and {larger} at points \
                 of the domain near it.",
            text::num(self.f(p))
        );
        key(&mut msg);
        Verdict::incorrect(msg, None)
    }

    /// For `validate`: the function has a critical point of the goal's kind in the domain (with
    /// `boundary = true`: an extreme over the domain).
    pub(crate) fn verify_exists(&self) -> Result<(), SetupError> {
        let none = if self.boundary {
            self.extreme_over_domain().is_none()
        } else {
            self.search().is_empty()
        };
        if none {
            Err(SetupError::NoExtremum {
                goal: match self.goal {
                    Goal::Min => "minimum",
                    Goal::Max => "maximum",
                },
            })
        } else {
            Ok(())
        }
    }

    /// For one variable: the answer is the extreme value `f(x*)` rather than the point `x*`.
    fn value_not_point(&self, p: &[f64], found: &[Vec<f64>], goal: &str) -> Option<Verdict> {
        (p.len() == 1
            && found
                .iter()
                .any(|x| number_ok(p[0], self.f(x), 0.0, self.tol)))
        .then(|| {
            Verdict::incorrect(
                format!(
                    "That is the {goal} value of the function, not the point where it is \
                         reached: the question asks for the value of {}.",
                    self.vars[0]
                ),
                Some(Diagnosis::ValueNotPoint),
            )
        })
    }

    pub(crate) fn check(&self, answer: &Answer, voice: Voice) -> Verdict {
        let p = match self.read_point(answer, voice) {
            Ok(p) => p,
            Err(v) => return *v,
        };
        let goal = match self.goal {
            Goal::Min => "minimum",
            Goal::Max => "maximum",
        };
        let yours = voice.yours_cap();
        let pt = text::point(&self.vars, &p);
        if !p.iter().all(|v| v.is_finite()) {
            return Verdict::incorrect(
                format!("{yours} is not a finite point."),
                Some(Diagnosis::Undefined),
            );
        }
        if !self.inside(&p, 1e-9) {
            return self.outside(&p, goal, yours, &pt);
        }
        if !self.f(&p).is_finite() {
            return Verdict::incorrect(
                format!("The function is not defined at {pt}."),
                Some(Diagnosis::Undefined),
            );
        }
        if self.boundary {
            return self.check_over_domain(&p, &pt, goal, voice);
        }
        match self.newton(&p) {
            Some(x) if self.close_to(&p, &x) => {
                let class = self.classify(&x);
                if class == goal_class(self.goal) {
                    Verdict::correct(format!(
                        "Correct: {} vanishes at {pt} and it is a {goal}.",
                        self.rate_word()
                    ))
                } else {
                    Verdict::incorrect(
                        format!(
                            "{} does vanish at {pt}, but it is {}; the question asks for a \
                             {goal}.",
                            text::capitalize(self.rate_word()),
                            class.words()
                        ),
                        Some(Diagnosis::WrongGoal),
                    )
                }
            }
            other => self.not_critical(&p, other, goal, voice),
        }
    }

    /// "the derivative" for a function of one variable, "the gradient" for several.
    fn rate_word(&self) -> &'static str {
        if self.vars.len() == 1 {
            "the derivative"
        } else {
            "the gradient"
        }
    }

    /// The student's point, one number per coordinate.
    fn read_point(&self, answer: &Answer, voice: Voice) -> Result<Vec<f64>, Box<Verdict>> {
        let n = self.vars.len();
        let texts = read::cells(answer, self.shape, &self.naming, voice)?;
        let mut p = Vec::with_capacity(n);
        for (i, src) in texts.iter().enumerate() {
            let cell = &self.cells[i];
            let where_ = format!("coordinate {} ({})", i + 1, cell.label);
            p.push(read::number(
                src,
                &self.consts,
                &cell.id,
                &where_,
                voice,
                &[],
                "",
            )?);
        }
        Ok(p)
    }

    /// A point outside the domain: the extreme value given for the point, or outside.
    fn outside(&self, p: &[f64], goal: &str, yours: &str, pt: &str) -> Verdict {
        if let Some(v) = self.value_not_point(p, &self.search(), goal) {
            return v;
        }
        let box_: Vec<String> = self
            .vars
            .iter()
            .zip(&self.ranges)
            .map(|(v, (l, h))| format!("{v} in [{}, {}]", text::num(*l), text::num(*h)))
            .collect();
        Verdict::incorrect(
            format!(
                "{yours} {pt} is outside the domain ({}); the {goal} asked for lies inside it.",
                box_.join(", ")
            ),
            None,
        )
    }

    /// A point where the gradient does not vanish: close to the right point (rounded), the
    /// extreme value given for the point, or simply not critical. `critical` is where Newton's
    /// method went from it.
    fn not_critical(
        &self,
        p: &[f64],
        critical: Option<Vec<f64>>,
        goal: &str,
        voice: Voice,
    ) -> Verdict {
        let yours = voice.yours_cap();
        let pt = text::point(&self.vars, p);
        let grad: Vec<f64> = self
            .gradient(p)
            .map(|g| g.iter().map(|e| e.value).collect())
            .unwrap_or_default();
        let gtext = if p.len() == 1 {
            format!("the derivative at {pt} is {}", text::tuple(&grad))
        } else {
            format!("the gradient at {pt} is {}", text::tuple(&grad))
        };
        if let Some(x) = critical.filter(|x| self.near(p, x)) {
            if self.classify(&x) == goal_class(self.goal) {
                let mut msg = format!(
                    "{yours} is close, but {gtext}, not zero: give the point {} and keep more \
                     digits.",
                    super::compare::describe(self.tol)
                );
                if voice == Voice::Key {
                    msg.push_str(&format!(
                        " (The {goal} is at {}.)",
                        text::point(&self.vars, &x)
                    ));
                }
                return Verdict::incorrect(msg, Some(Diagnosis::Rounded));
            }
        }
        let found = self.search();
        if let Some(v) = self.value_not_point(p, &found, goal) {
            return v;
        }
        let whose = match voice {
            Voice::Student => "your point",
            Voice::Key => "the answer key's point",
        };
        let mut msg = format!(
            "{}, not zero, so {whose} is not a {goal}.",
            text::capitalize(&gtext)
        );
        if voice == Voice::Key {
            match found.first() {
                Some(x) => msg.push_str(&format!(
                    " (A {goal} is at {}.)",
                    text::point(&self.vars, x)
                )),
                None => msg.push_str(&format!(" (No {goal} was found in the domain.)")),
            }
        }
        Verdict::incorrect(msg, None)
    }
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting; `None` when singular.
#[allow(clippy::needless_range_loop)]
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    let top = a
        .iter()
        .flatten()
        .fold(0.0f64, |m, v| m.max(v.abs()))
        .max(1e-300);
    for k in 0..n {
        let piv = (k..n).max_by(|&i, &j| a[i][k].abs().total_cmp(&a[j][k].abs()))?;
        if a[piv][k].abs() <= 1e-13 * top {
            return None;
        }
        a.swap(k, piv);
        b.swap(k, piv);
        for i in k + 1..n {
            let f = a[i][k] / a[k][k];
            for j in k..n {
                a[i][j] -= f * a[k][j];
            }
            b[i] -= f * b[k];
        }
    }
    let mut x = vec![0.0; n];
    for k in (0..n).rev() {
        let s: f64 = (k + 1..n).map(|j| a[k][j] * x[j]).sum();
        x[k] = (b[k] - s) / a[k][k];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

/// The eigenvalues of a symmetric matrix (cyclic Jacobi rotations).
#[allow(clippy::needless_range_loop)]
fn eigenvalues(mut a: Vec<Vec<f64>>) -> Vec<f64> {
    let n = a.len();
    for _ in 0..50 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i][j] * a[i][j])
            .sum();
        if off <= 1e-30 * (0..n).map(|i| a[i][i] * a[i][i]).sum::<f64>().max(1e-300) {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[p][q] == 0.0 {
                    continue;
                }
                let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k][p], a[k][q]);
                    a[k][p] = c * akp - s * akq;
                    a[k][q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p][k], a[q][k]);
                    a[p][k] = c * apk - s * aqk;
                    a[q][k] = s * apk + c * aqk;
                }
            }
        }
    }
    (0..n).map(|i| a[i][i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_solve() {
        let x = solve(vec![vec![2.0, 1.0], vec![1.0, 3.0]], vec![3.0, 5.0]).unwrap();
        assert!((x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12);
        assert!(solve(vec![vec![1.0, 2.0], vec![2.0, 4.0]], vec![1.0, 2.0]).is_none());
    }

    #[test]
    fn symmetric_eigenvalues() {
        let mut e = eigenvalues(vec![vec![2.0, 1.0], vec![1.0, 2.0]]);
        e.sort_by(|a, b| a.total_cmp(b));
        assert!((e[0] - 1.0).abs() < 1e-12 && (e[1] - 3.0).abs() < 1e-12);
        let mut e = eigenvalues(vec![vec![0.0, 1.0], vec![1.0, 0.0]]);
        e.sort_by(|a, b| a.total_cmp(b));
        assert!((e[0] + 1.0).abs() < 1e-12 && (e[1] - 1.0).abs() < 1e-12);
    }
}
