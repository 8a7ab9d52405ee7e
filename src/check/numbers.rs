//! Number answers: `value` exercises, and derivatives, gradients, Jacobians and directional
//! derivatives asked `at` a point. Compared with the exercise's tolerance.

use super::assemble;
use super::compare::{self, number_close, number_ok};
use super::exprs::{self, eval, swapped_components};
use super::mistakes::{is_step, Library, StepValues};
use super::read;
use super::{Diagnosis, Verdict, Voice};
use crate::exercise::{Answer, Tolerance};
use crate::math::diff::{self, Estimate};
use crate::math::{Expr, Scope};
use crate::question::{
    partial_label, Cell, Direction, Naming, Question, RateKind, Rates, SetupError, Shape, Target,
    Value,
};
use crate::text;
use std::sync::OnceLock;

/// Something a wrong number might be instead of the truth.
#[derive(Debug)]
struct Alt {
    diagnosis: Diagnosis,
    /// Completes "4.2 ...": "is the value of the function at x = 2, not of its derivative".
    description: String,
    value: f64,
    err: f64,
}

#[derive(Debug)]
pub(crate) struct NumberPlan {
    /// The rate asked at a point; `None` for a `value`.
    kind: Option<RateKind>,
    shape: Shape,
    naming: Naming,
    cells: Vec<Cell>,
    tol: Tolerance,
    /// Constants only: the parameters and the log base.
    scope: Scope,
    vars: Vec<String>,
    /// "at (x, y) = (2, 2.5)", or empty for values.
    at: String,
    truth: Vec<Estimate>,
    alts: Vec<Vec<Alt>>,
    /// A rate at a point: its functions, the data and the point, for the named mistakes.
    rate: Option<RateAt>,
    /// Per cell, the named mistakes, prepared the first time an answer to the cell is wrong.
    library: Vec<OnceLock<Option<Library>>>,
    /// A `value` exercise's `step`, worked out (`Some(None)`: its gradient cannot be estimated).
    step: Option<Option<StepValues>>,
}

/// A rate asked at a point, as the named mistakes need it.
#[derive(Debug)]
struct RateAt {
    /// A randomised exercise's variant (the named mistakes speak of its values).
    randomised: bool,
    funcs: Vec<Expr>,
    cols: Vec<Vec<f64>>,
    point: Vec<f64>,
}

/// What each slip in a descent step gives, as alternatives to the value.
fn step_alternatives(s: &StepValues) -> Vec<Alt> {
    s.wrong
        .iter()
        .map(|(diagnosis, value, why)| Alt {
            diagnosis: *diagnosis,
            description: format!(
                "is what a slip in the step gives. {}",
                why.trim_end_matches('.')
            ),
            value: *value,
            err: 0.0,
        })
        .collect()
}

/// Whether a finite-difference estimate at a single point can be trusted.
fn reliable(e: &Estimate, magnitude: f64) -> bool {
    e.reliable(1e-6, e.value.abs()) || (e.err.is_finite() && e.err <= 1e-9 * (1.0 + magnitude))
}

/// Whether the function has a kink at `p` along a direction of differentiation. Central
/// differences are blind to a symmetric kink (`|x|` at 0 gives 0 at every step), so compare the
/// one-sided slopes: for a smooth function they differ in proportion to the step, at a kink they
/// differ by the same jump however small the step.
fn kink(funcs: &[Expr], cols: &[Vec<f64>], floors: &[f64], t: &Target, p: &[f64]) -> bool {
    let (func, dirs): (usize, Vec<Vec<f64>>) = match t {
        Target::Partial { func, idx } => {
            let mut js = idx.clone();
            js.sort_unstable();
            js.dedup();
            (
                *func,
                js.iter()
                    .map(|&j| (0..p.len()).map(|k| f64::from(u8::from(k == j))).collect())
                    .collect(),
            )
        }
        Target::Directional { func, dir } => (*func, vec![dir.clone()]),
        _ => return false,
    };
    let Some(f) = funcs.get(func) else {
        return false;
    };
    let scale = p
        .iter()
        .zip(floors)
        .map(|(x, fl)| diff::step_scale(*x, *fl))
        .fold(f64::INFINITY, f64::min);
    let at = |d: &[f64], s: f64| -> f64 {
        let q: Vec<f64> = p.iter().zip(d).map(|(x, v)| x + s * v).collect();
        eval(f, cols, &q)
    };
    let f0 = eval(f, cols, p);
    dirs.iter().any(|d| {
        let gap = |h: f64| {
            let fwd = (at(d, h) - f0) / h;
            let bwd = (f0 - at(d, -h)) / h;
            ((fwd - bwd).abs(), fwd.abs() + bwd.abs())
        };
        let (big, size) = gap(1e-3 * scale);
        let h = 1e-5 * scale;
        let (small, _) = gap(h);
        // Rounding in f(p ± h) - f(p) alone can make the slopes differ by this much.
        let noise = 16.0 * f64::EPSILON * f0.abs() / h;
        small.is_finite() && small > 1e-4 * size + noise && small > 0.5 * big
    })
}

/// What a wrong number for `cell` might be instead of the truth `t`: the function's value
/// `fval` (not differentiated), the derivative by another variable, of another order, or along
/// the direction before it was normalized.
fn alternatives(
    r: &Rates,
    cell: &Cell,
    t: &Estimate,
    fval: f64,
    estimate: &dyn Fn(&Target) -> Option<Estimate>,
) -> Vec<Alt> {
    let at_text = r.at_text().unwrap_or_default();
    let mut list = vec![Alt {
        diagnosis: Diagnosis::NotDifferentiated,
        description: format!("is the value of the function {at_text}, not of its derivative"),
        value: fval,
        err: 0.0,
    }];
    match &cell.target {
        Target::Partial { func, idx } => {
            list.extend(partial_alternatives(r, *func, idx, &cell.label, estimate));
        }
        Target::Directional { .. } => {
            if let Some(Direction { given, norm, .. }) = &r.direction {
                if (norm - 1.0).abs() > 1e-9 {
                    list.push(Alt {
                        diagnosis: Diagnosis::NotNormalized,
                        description: format!(
                            "is the rate of change along {} before normalizing it: divide the \
                             direction by its length {} first",
                            text::tuple(given),
                            text::num(*norm)
                        ),
                        value: t.value * norm,
                        err: t.err * norm,
                    });
                }
            }
        }
        _ => {}
    }
    list
}

/// The partial derivatives a student may have given instead of the one by `idx`: by another
/// variable (for a derivative of one variable repeated), or of another order.
fn partial_alternatives(
    r: &Rates,
    func: usize,
    idx: &[usize],
    label: &str,
    estimate: &dyn Fn(&Target) -> Option<Estimate>,
) -> Vec<Alt> {
    let vars = &r.vars;
    let mut list = Vec::new();
    let k = idx.len();
    let single = idx.iter().all(|&j| j == idx[0]);
    if single && vars.len() > 1 && r.kind == RateKind::Derivative {
        for w in (0..vars.len()).filter(|&w| w != idx[0]) {
            let alt = vec![w; k];
            if let Some(e) = estimate(&Target::Partial {
                func,
                idx: alt.clone(),
            }) {
                list.push(Alt {
                    diagnosis: Diagnosis::WrongVariable,
                    description: format!(
                        "is {}, the derivative with respect to {} instead of {}",
                        partial_label(&r.fname(func), vars, &alt),
                        vars[w],
                        vars[idx[0]]
                    ),
                    value: e.value,
                    err: e.err,
                });
            }
        }
    }
    let other: Vec<usize> = if k == 1 {
        vec![idx[0], idx[0]]
    } else {
        idx[..k - 1].to_vec()
    };
    if let Some(e) = estimate(&Target::Partial {
        func,
        idx: other.clone(),
    }) {
        list.push(Alt {
            diagnosis: Diagnosis::WrongOrder,
            description: if k == 1 {
                "is the second derivative; the question asks for the first".into()
            } else {
                format!(
                    "is {}, a derivative of order {}; the question asks for {label}",
                    partial_label(&r.fname(func), vars, &other),
                    k - 1,
                )
            },
            value: e.value,
            err: e.err,
        });
    }
    list
}

impl NumberPlan {
    /// A `value` exercise: the truth is the question's value; the other logarithm's value is a
    /// known mistake.
    pub(crate) fn value(q: &Question, v: &Value) -> NumberPlan {
        let step = v.step.as_ref().map(|s| StepValues::new(s, &q.data));
        let alts = v
            .other_log
            .map(|value| Alt {
                diagnosis: Diagnosis::LogBase,
                description: "is what the other logarithm base gives: check which logarithm \
                              (natural or base 10) the question uses"
                    .into(),
                value,
                err: 0.0,
            })
            .into_iter()
            .chain(step.iter().flatten().flat_map(step_alternatives))
            .collect();
        NumberPlan {
            kind: None,
            shape: q.answer.shape,
            naming: q.answer.naming,
            cells: q.answer.cells.clone(),
            tol: q.tolerance,
            scope: q.constants.clone(),
            vars: Vec::new(),
            at: String::new(),
            truth: vec![Estimate {
                value: v.value,
                err: 0.0,
                size: v.value.abs(),
            }],
            alts: vec![alts],
            rate: None,
            library: vec![OnceLock::new()],
            step,
        }
    }

    /// A rate asked at the point `p`: the truth by finite differences there, refused at a
    /// kink or a pole, and what a wrong number might be instead.
    pub(crate) fn at_point(q: &Question, r: &Rates, p: &[f64]) -> Result<NumberPlan, SetupError> {
        let funcs: Vec<Expr> = r.functions.iter().map(|f| f.expr.clone()).collect();
        let cols = &q.data;
        let at_text = r.at_text().unwrap_or_default();
        let fvals: Vec<f64> = funcs.iter().map(|f| eval(f, cols, p)).collect();
        let estimate = |t: &Target| exprs::truth_at(&funcs, cols, &r.floors, t, p);
        let mut truth = Vec::new();
        for cell in &q.answer.cells {
            let func = cell.target.func().unwrap_or(0);
            match estimate(&cell.target) {
                Some(e)
                    if reliable(&e, fvals[func].abs())
                        && !kink(&funcs, cols, &r.floors, &cell.target, p) =>
                {
                    truth.push(e)
                }
                _ => {
                    return Err(SetupError::Unreliable {
                        label: cell.label.clone(),
                        at: at_text,
                    })
                }
            }
        }
        let alts = q
            .answer
            .cells
            .iter()
            .zip(&truth)
            .map(|(cell, t)| {
                let fval = fvals[cell.target.func().unwrap_or(0)];
                alternatives(r, cell, t, fval, &estimate)
            })
            .collect();
        Ok(NumberPlan {
            kind: Some(r.kind),
            shape: q.answer.shape,
            naming: q.answer.naming,
            cells: q.answer.cells.clone(),
            tol: q.tolerance,
            scope: q.constants.clone(),
            vars: r.vars.clone(),
            at: at_text,
            truth,
            alts,
            library: q.answer.cells.iter().map(|_| OnceLock::new()).collect(),
            step: None,
            rate: Some(RateAt {
                randomised: q.randomised,
                funcs,
                cols: cols.clone(),
                point: p.to_vec(),
            }),
        })
    }

    /// For `validate`: what is wrong with a `value` exercise's `step`, if anything (its
    /// gradient cannot be estimated, or one step does not give the `value`).
    pub(crate) fn step_problem(&self) -> Option<String> {
        let step = self.step.as_ref()?;
        let Some(s) = step else {
            return Some(
                "`step.function` has no gradient that can be estimated at `step.from`".into(),
            );
        };
        let value = self.truth.first()?.value;
        (!number_ok(value, s.right, 0.0, self.tol)).then(|| {
            format!(
                "one step from `step.from` gives {}, but `value` is {} (check `step` and `value`)",
                text::num_sig(s.right, 7),
                text::num_sig(value, 7)
            )
        })
    }

    fn cell_where(&self, i: usize) -> String {
        self.cells[i].place(self.naming.unit.0)
    }

    fn ok(&self, a: f64, c: usize) -> bool {
        number_ok(a, self.truth[c].value, self.truth[c].err, self.tol)
    }

    pub(crate) fn check(&self, answer: &Answer, voice: Voice) -> Verdict {
        let texts = match read::cells(answer, self.shape, &self.naming, voice) {
            Ok(t) => t,
            Err(v) => return *v,
        };
        let hint = self.expression_hint(voice);
        let mut values = Vec::with_capacity(texts.len());
        for (i, src) in texts.iter().enumerate() {
            match read::number(
                src,
                &self.scope,
                &self.cells[i].id,
                &self.cell_where(i),
                voice,
                &self.vars,
                &hint,
            ) {
                Ok(v) => values.push(v),
                Err(v) => return *v,
            }
        }
        let oks: Vec<bool> = values
            .iter()
            .enumerate()
            .map(|(c, &a)| self.ok(a, c))
            .collect();
        if oks.iter().all(|&b| b) {
            return assemble::all_right(self.shape, &self.cells, "Correct.".into());
        }
        if let Some(v) = self.rearranged(&values, voice) {
            return v;
        }
        let found = values
            .iter()
            .enumerate()
            .map(|(c, &a)| (!oks[c]).then(|| self.explain(c, a, texts[c].trim(), voice)))
            .collect();
        assemble::wrong_cells(self.shape, &self.cells, &self.naming, found, voice)
    }

    /// What to say when an expression is given where a number is asked: to a student, to
    /// evaluate it; to an instructor, that a key asked `at` a point is the number there.
    fn expression_hint(&self, voice: Voice) -> String {
        match (voice, self.at.is_empty()) {
            (Voice::Student, true) => "This question asks for a number: evaluate it.".into(),
            (Voice::Student, false) => format!(
                "This question asks for a number: evaluate your expression {}.",
                self.at
            ),
            (Voice::Key, true) => "The answer key of this exercise must be a number.".into(),
            (Voice::Key, false) => format!(
                "This exercise has `at`, so its answer key is the number {}, not an expression: \
                 write the value there, or remove `at` to ask for the expression.",
                self.at
            ),
        }
    }

    /// Gradient components in another order, or a transposed Jacobian, at the point.
    fn rearranged(&self, values: &[f64], voice: Voice) -> Option<Verdict> {
        let n = values.len();
        match (self.kind, self.shape) {
            (Some(RateKind::Gradient), Shape::Vector(_)) if (2..=6).contains(&n) => {
                // Only when the truth has distinct components can an order be wrong.
                let distinct = (0..n).all(|i| (0..i).all(|j| !self.ok(self.truth[i].value, j)));
                if !distinct {
                    return None;
                }
                let cells = self.cells.get(..n)?;
                let matches = |i: usize, j: usize| self.ok(values[i], j);
                swapped_components(cells, &self.vars, matches, voice).map(|(_, v)| v)
            }
            (Some(RateKind::Jacobian), Shape::Matrix(r, c)) if r == c && r >= 2 => {
                let symmetric =
                    (0..r).all(|i| (0..c).all(|j| self.ok(self.truth[i * c + j].value, j * c + i)));
                let transposed = !symmetric
                    && (0..r).all(|i| (0..c).all(|j| self.ok(values[i * c + j], j * c + i)));
                transposed.then(|| {
                    Verdict::incorrect(
                        format!(
                            "{} is the transpose of the Jacobian: each row must hold the partial \
                             derivatives of one function, and each column those by one variable.",
                            voice.yours_cap()
                        ),
                        Some(Diagnosis::Transposed),
                    )
                })
            }
            _ => None,
        }
    }

    /// The named mistakes of cell `c`, at the point (prepared once; a rate at a point only).
    fn library(&self, c: usize) -> Option<&Library> {
        let RateAt {
            randomised,
            funcs,
            cols,
            point: p,
        } = self.rate.as_ref()?;
        let t = self.truth.get(c)?;
        let tol = self.tol;
        self.library
            .get(c)?
            .get_or_init(|| {
                Library::prepare(
                    *randomised,
                    funcs,
                    cols,
                    &self.cells[c].target,
                    std::slice::from_ref(p),
                    &[t.value],
                    |_, w, v| number_ok(w, v, t.err, tol),
                )
            })
            .as_ref()
    }

    /// The named mistake whose wrong derivative has the value `a` at the point, within the
    /// tolerance (a rate at a point only).
    fn named_mistake(&self, c: usize, a: f64) -> Option<(String, Diagnosis)> {
        let tol = self.tol;
        let (diagnosis, e) = self
            .library(c)?
            .find(&[a], |_, a, w| number_ok(a, w, 0.0, tol))?;
        Some((e.text, diagnosis))
    }

    /// A wrong number's message and diagnosis; `typed` is the number as the student wrote it,
    /// which the message quotes (`0.7310`, not `0.731`).
    fn explain(&self, c: usize, a: f64, typed: &str, voice: Voice) -> (String, Option<Diagnosis>) {
        let t = self.truth[c];
        let label = &self.cells[c].label;
        let at = if self.at.is_empty() {
            String::new()
        } else {
            format!(" {}", self.at)
        };
        let reveal = |msg: String| -> String {
            match voice {
                Voice::Student => msg,
                Voice::Key => format!("{msg} ({label}{at} is {}.)", text::num_sig(t.value, 7)),
            }
        };
        let subject = match voice {
            Voice::Student => typed.to_string(),
            Voice::Key => format!("The answer key {typed}"),
        };
        if !a.is_finite() {
            return (
                reveal(format!(
                    "{} is not a finite number.",
                    text::capitalize(voice.yours())
                )),
                Some(Diagnosis::Undefined),
            );
        }
        if let Some((msg, d)) = self.known_slip(c, a, &subject, &at) {
            return (reveal(msg), Some(d));
        }
        let (msg, d) = self.near_miss(c, a, &subject, &at);
        (reveal(msg), d)
    }

    /// A wrong number that a known slip explains: another variable's or order's derivative,
    /// a named wrong rule, the sign, the function's value, the other logarithm.
    fn known_slip(&self, c: usize, a: f64, subject: &str, at: &str) -> Option<(String, Diagnosis)> {
        let t = self.truth[c];
        let label = &self.cells[c].label;
        let is_alt = |alt: &&Alt| {
            let differs = !number_ok(alt.value, t.value, t.err + alt.err, self.tol);
            differs && number_ok(a, alt.value, alt.err, self.tol)
        };
        // at one point, a wrong rule may give the other variable's derivative by chance: the
        // derivative by another variable, or of another order, is named first; a slip in a
        // descent step before a mere sign
        let early = |alt: &&Alt| {
            matches!(
                alt.diagnosis,
                Diagnosis::WrongVariable | Diagnosis::WrongOrder
            ) || is_step(alt.diagnosis)
        };
        if let Some(alt) = self.alts[c].iter().filter(early).find(is_alt) {
            return Some((format!("{subject} {}.", alt.description), alt.diagnosis));
        }
        if let Some((why, diagnosis)) = self.named_mistake(c, a) {
            return Some((
                format!("{subject} is not {label}{at}, but it is what this slip gives. {why}"),
                diagnosis,
            ));
        }
        let zero = number_ok(0.0, t.value, t.err, self.tol);
        if !zero && number_ok(-a, t.value, t.err, self.tol) {
            return Some((format!("{subject} has the wrong sign."), Diagnosis::Sign));
        }
        self.alts[c]
            .iter()
            .find(is_alt)
            .map(|alt| (format!("{subject} {}.", alt.description), alt.diagnosis))
    }

    /// A wrong number no slip explains: truncated where rounding was asked, close, or too
    /// large or too small.
    fn near_miss(&self, c: usize, a: f64, subject: &str, at: &str) -> (String, Option<Diagnosis>) {
        let t = self.truth[c];
        let label = &self.cells[c].label;
        if let Some(d) = compare::truncated(a, t.value, self.tol) {
            return (
                format!(
                    "{subject} is {label}{at} cut off after {d} decimal places, not rounded to \
                     {d} decimal places: the next digit is 5 or more, so round the last one up."
                ),
                Some(Diagnosis::Rounded),
            );
        }
        if number_close(a, t.value, t.err, self.tol) {
            return (
                format!(
                    "{subject} is close, but not {label}{at} {}: keep more digits in the \
                     intermediate steps.",
                    compare::describe(self.tol)
                ),
                Some(Diagnosis::Rounded),
            );
        }
        let direction = if a > t.value {
            "too large"
        } else {
            "too small"
        };
        (
            format!("{subject} is not {label}{at}: it is {direction}."),
            None,
        )
    }
}
