//! Named mistakes: a wrong answer matched against the wrong derivatives that common wrong rules
//! produce (the library of [`crate::math::symbolic::mistakes`]).
//!
//! A cell's [`Library`] is prepared once per checker, the first time an answer to that cell is
//! wrong: the wrong derivatives of the cell's function, evaluated at the checker's sample points
//! (or at the point `at`). Those that coincide with the truth there are dropped, so a right
//! answer is never called a mistake. Diagnosing an answer is then comparing vectors: a mistake
//! is named only when its wrong derivative matches the answer at every sample point, to the
//! checker's tolerance, and it never changes a verdict (it is asked only about wrong answers).
//! The first match is the most specific explanation (the library lists mistakes in that order),
//! and it is tried before the generic findings (a constant factor, the sign, the function
//! itself), so a lost chain factor is named as such.

use super::Diagnosis;
use crate::math::symbolic::mistakes::descent::{wrong_steps, StepFrom, StepMistake};
use crate::math::symbolic::mistakes::matching::{all_matches, first_match, usable_rows};
use crate::math::symbolic::mistakes::{Explanation, MistakeKind, Mistakes};
use crate::math::symbolic::Function;
use crate::math::Expr;
use crate::question::Target;

/// The wrong derivatives of one cell, and their values at the checker's points.
#[derive(Debug)]
pub(crate) struct Library {
    /// One set of mistakes per partial derivative involved (one for a partial derivative, one
    /// per variable for a directional derivative).
    sets: Vec<Mistakes>,
    /// For each row of `table`: which set, which wrong derivative.
    rows: Vec<(usize, usize)>,
    /// `[row][point]`.
    table: Vec<Vec<f64>>,
    usable: Vec<bool>,
}

/// The diagnosis tag of a mistake's family.
pub(crate) fn diagnosis_of(kind: MistakeKind) -> Diagnosis {
    match kind {
        MistakeKind::ProductRule => Diagnosis::ProductRule,
        MistakeKind::QuotientRule => Diagnosis::QuotientRule,
        MistakeKind::ChainRule => Diagnosis::ChainRule,
        MistakeKind::PowerRule => Diagnosis::PowerRule,
        MistakeKind::Elementary => Diagnosis::Elementary,
        MistakeKind::TermSign => Diagnosis::TermSign,
        MistakeKind::MissingTerm => Diagnosis::MissingTerm,
        MistakeKind::ExtraTerm => Diagnosis::ExtraTerm,
        MistakeKind::ConstantNotDropped => Diagnosis::ConstantNotDropped,
        MistakeKind::HeldConstant => Diagnosis::HeldConstant,
        MistakeKind::SquaredDerivative => Diagnosis::WrongOrder,
    }
}

/// The diagnosis tag of a slip in a descent step.
pub(crate) fn step_diagnosis(m: StepMistake) -> Diagnosis {
    match m {
        StepMistake::Uphill => Diagnosis::Uphill,
        StepMistake::RateForgotten => Diagnosis::RateForgotten,
        StepMistake::RateTwice => Diagnosis::RateTwice,
        StepMistake::GradientAtNewPoint => Diagnosis::GradientAtNewPoint,
        StepMistake::MomentumForgotten => Diagnosis::MomentumForgotten,
        StepMistake::VelocityReversed => Diagnosis::VelocitySign,
        StepMistake::PartialsSwapped => Diagnosis::SwappedPartials,
    }
}

/// Whether a diagnosis is a slip in a descent step.
pub(crate) fn is_step(d: Diagnosis) -> bool {
    matches!(
        d,
        Diagnosis::Uphill
            | Diagnosis::RateForgotten
            | Diagnosis::RateTwice
            | Diagnosis::GradientAtNewPoint
            | Diagnosis::MomentumForgotten
            | Diagnosis::VelocitySign
            | Diagnosis::SwappedPartials
    )
}

/// A `value` exercise's step of gradient descent, worked out: the right coordinate asked, and
/// what each slip in the step gives for it, most specific first, in the stepper's words.
#[derive(Debug)]
pub(crate) struct StepValues {
    pub right: f64,
    pub wrong: Vec<(Diagnosis, f64, String)>,
}

impl StepValues {
    /// The step of `s` (its gradient by finite differences of its function); `None` where the
    /// gradient cannot be estimated at the start or the new point is not finite.
    pub(crate) fn new(s: &crate::question::Step, data: &[Vec<f64>]) -> Option<StepValues> {
        let f = |p: &[f64]| s.function.eval(data, p);
        let gradient = |p: &[f64]| -> Option<Vec<f64>> {
            let g = crate::math::diff::gradient(f, p)?;
            let g: Vec<f64> = g.iter().map(|e| e.value).collect();
            g.iter().all(|v| v.is_finite()).then_some(g)
        };
        let grad0 = gradient(&s.from)?;
        let step = StepFrom {
            x0: &s.from,
            grad0: &grad0,
            rate: s.rate,
            momentum: s.momentum.map(|m| (m, s.velocity.as_slice())),
        };
        let right = *step.right().get(s.coordinate)?;
        if !right.is_finite() {
            return None;
        }
        let n = s.vars.len();
        let wrong = wrong_steps(&step, |p| gradient(p).unwrap_or_default())
            .into_iter()
            .filter_map(|(m, p)| {
                let text = m.text(n);
                Some((step_diagnosis(m), *p.get(s.coordinate)?, text))
            })
            .collect();
        Some(StepValues { right, wrong })
    }
}

impl Library {
    /// The library of a derivative target of `funcs` at `points`, where the truth is `truth`;
    /// `same(j, a, b)` is the checker's tolerance at point `j`. `None` when the target is not a
    /// derivative or its function has no derivative formula (relu, min, max, prod). With
    /// `numbers` (a randomised exercise's variant) the params are their values in what is said,
    /// as in the variant's prompt.
    pub(crate) fn prepare(
        numbers: bool,
        funcs: &[Expr],
        cols: &[Vec<f64>],
        target: &Target,
        points: &[Vec<f64>],
        truth: &[f64],
        same: impl Fn(usize, f64, f64) -> bool,
    ) -> Option<Library> {
        let expr = funcs.get(target.func()?)?;
        let func = if numbers {
            Function::with_values(expr)
        } else {
            Function::new(expr)
        };
        let (sets, table, rows, right) = match target {
            Target::Partial { idx, .. } => {
                let m = func.mistakes(idx).ok()?;
                let table = m.values_at(points, cols);
                let rows = (0..m.len()).map(|i| (0, i)).collect();
                let right = m.right_values_at(points, cols);
                (vec![m], table, rows, right)
            }
            Target::Directional { dir, .. } => directional(&func, dir, points, cols)?,
            _ => return None,
        };
        // A wrong rule is usable only where it differs both from the truth computed by finite
        // differences and from the right derivative's own values: the first can be wrong at a
        // point where the function oscillates too fast for differences, and a "mistake" equal
        // to the right derivative there (exp(1·x) differentiated without its inner derivative
        // 1) would then call a right answer wrong, with a slip that changes nothing.
        let usable = usable_rows(&table, truth, &same)
            .into_iter()
            .zip(usable_rows(&table, &right, &same))
            .map(|(from_truth, from_right)| from_truth && from_right)
            .collect();
        Some(Library {
            sets,
            rows,
            table,
            usable,
        })
    }

    /// The mistake the answer's values `a` match at every point, if one does.
    pub(crate) fn find(
        &self,
        a: &[f64],
        same: impl Fn(usize, f64, f64) -> bool,
    ) -> Option<(Diagnosis, Explanation)> {
        let row = if a.len() == 1 {
            // At a single point wrong rules coincide by chance: name a mistake only when every
            // wrong derivative with that value is of one family.
            let rows = all_matches(a, &self.table, &self.usable, same);
            let kinds: Vec<MistakeKind> = rows.iter().filter_map(|&r| self.kind(r)).collect();
            if kinds.windows(2).any(|w| w[0] != w[1]) {
                return None;
            }
            *rows.first()?
        } else {
            first_match(a, &self.table, &self.usable, same)?
        };
        let (set, i) = *self.rows.get(row)?;
        let e = self.sets.get(set)?.explain(i)?;
        Some((diagnosis_of(e.kind), e))
    }

    /// The wrong rules (one slip each) that give the truth at every point, so that they can
    /// never be named here: "(uv)′ = u′·v′ at x·y", without repeats.
    pub(crate) fn blind(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (row, values) in self.table.iter().enumerate() {
            let coincides = !self.usable.get(row).copied().unwrap_or(true)
                && !values.is_empty()
                && values.iter().all(|v| v.is_finite());
            let Some(&(set, i)) = self.rows.get(row) else {
                continue;
            };
            if let Some((_, text)) = coincides.then(|| self.sets.get(set)?.summary(i)).flatten() {
                if !out.contains(&text) {
                    out.push(text);
                }
            }
        }
        out
    }

    fn kind(&self, row: usize) -> Option<MistakeKind> {
        let (set, i) = *self.rows.get(row)?;
        self.sets.get(set)?.kind(i)
    }
}

/// The wrong directional derivatives: one partial derivative wrong, the others right, combined
/// along the unit direction `dir`; and the right directional derivative's values.
type Prepared = (Vec<Mistakes>, Vec<Vec<f64>>, Vec<(usize, usize)>, Vec<f64>);

fn directional(
    func: &Function,
    dir: &[f64],
    points: &[Vec<f64>],
    cols: &[Vec<f64>],
) -> Option<Prepared> {
    let mut right: Vec<Vec<f64>> = Vec::with_capacity(dir.len());
    for j in 0..dir.len() {
        let d = func.derivative(&[j]).ok()?;
        right.push(points.iter().map(|p| d.eval_data(p, cols)).collect());
    }
    let total: Vec<f64> = (0..points.len())
        .map(|k| dir.iter().zip(&right).map(|(u, r)| u * r[k]).sum())
        .collect();
    let (mut sets, mut table, mut rows) = (Vec::new(), Vec::new(), Vec::new());
    for (j, &u) in dir.iter().enumerate() {
        if u == 0.0 {
            continue;
        }
        let m = func.mistakes(&[j]).ok()?;
        for (i, wrong) in m.values_at(points, cols).into_iter().enumerate() {
            table.push(
                (0..points.len())
                    .map(|k| total[k] + u * (wrong[k] - right[j][k]))
                    .collect(),
            );
            rows.push((sets.len(), i));
        }
        sets.push(m);
    }
    Some((sets, table, rows, total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::Scope;

    /// exp(1·x)³ differentiated without the inner derivative of 1·x is the right derivative.
    /// Where the computed truth is wrong at one point (as where the function oscillates too
    /// fast for differences), that slip differs from the truth there, yet it must not be named:
    /// it changes nothing, and the answer that matches it is right.
    #[test]
    fn a_slip_that_gives_the_right_derivative_is_never_named() {
        let scope = Scope::new(&["x"]);
        let f = match Expr::parse("exp(1*x+0)^3", &scope) {
            Ok(f) => f,
            Err(e) => panic!("{e:?}"),
        };
        let points: Vec<Vec<f64>> = (0..8).map(|k| vec![-2.0 + 0.55 * f64::from(k)]).collect();
        let right: Vec<f64> = points.iter().map(|p| 3.0 * (3.0 * p[0]).exp()).collect();
        let mut truth = right.clone();
        truth[0] *= 1.5;
        let same = |_: usize, a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs() + 1e-12;
        let target = Target::Partial {
            func: 0,
            idx: vec![0],
        };
        let lib = match Library::prepare(false, &[f], &[], &target, &points, &truth, same) {
            Some(lib) => lib,
            None => panic!("no library"),
        };
        assert_eq!(lib.find(&right, same), None);
        // A real slip is still named: the outer derivative of the cube forgotten (exp(x)^3).
        let cubed: Vec<f64> = points.iter().map(|p| (3.0 * p[0]).exp()).collect();
        assert!(lib.find(&cubed, same).is_some());
    }
}
