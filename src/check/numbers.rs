//! Number answers: `value` exercises, and derivatives, gradients, Jacobians and directional
//! derivatives asked `at` a point. Compared with the exercise's tolerance.

use super::compare::{self, number_close, number_ok};
use super::exprs::{self, permutation, Target};
use super::read::{self, Naming, Shape};
use super::setup::{self, SetupError};
use super::{CellVerdict, Diagnosis, Status, Verdict, Voice};
use crate::exercise::{Answer, Exercise, Kind, Tolerance};
use crate::math::diff::{self, Estimate};
use crate::math::{Expr, Scope};
use crate::text;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    Derivative,
    Gradient,
    Jacobian,
    Directional,
    Value,
}

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
    what: What,
    shape: Shape,
    tol: Tolerance,
    /// Constants only: the parameters and the log base.
    scope: Scope,
    vars: Vec<String>,
    /// "at (x, y) = (2, 2.5)", or empty for values.
    at: String,
    labels: Vec<String>,
    truth: Vec<Estimate>,
    alts: Vec<Vec<Alt>>,
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
        setup::eval(f, cols, &q)
    };
    let f0 = setup::eval(f, cols, p);
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

impl NumberPlan {
    pub(crate) fn new(ex: &Exercise) -> Result<NumberPlan, SetupError> {
        let consts = setup::constants(ex);
        if let Kind::Value { value } = &ex.kind {
            // A value may use the data (`mean(x)`); the student types a number.
            let with_data = setup::scope(ex, &[] as &[String]);
            let cols = setup::columns(ex);
            let evaluate = |src: &str, scope: &Scope| -> Result<f64, SetupError> {
                let e = setup::parse("value", src, scope)?;
                Ok(setup::eval(&e, &cols, &[]))
            };
            let truth = evaluate(value, &with_data)?;
            if !truth.is_finite() {
                return Err(SetupError::Invalid(format!(
                    "`value` = {value} is not a finite number"
                )));
            }
            let mut alts = Vec::new();
            if setup::uses_log(value) {
                let (src, log) = setup::other_log(value, ex.log);
                if let Ok(v) = evaluate(&src, &with_data.clone().with_log(log)) {
                    alts.push(Alt {
                        diagnosis: Diagnosis::LogBase,
                        description: "is what the other logarithm base gives: check which \
                                      logarithm (natural or base 10) the question uses"
                            .into(),
                        value: v,
                        err: 0.0,
                    });
                }
            }
            return Ok(NumberPlan {
                what: What::Value,
                shape: Shape::Scalar,
                tol: ex.tolerance,
                scope: consts,
                vars: Vec::new(),
                at: String::new(),
                labels: vec!["the value".into()],
                truth: vec![Estimate {
                    value: truth,
                    err: 0.0,
                    size: truth.abs(),
                }],
                alts: vec![alts],
            });
        }

        let (what, vars, fsrcs, at, targets, labels, shape, direction) = match &ex.kind {
            Kind::Derivative {
                function,
                vars,
                var,
                order,
                at: Some(at),
            } => {
                let vars = if vars.is_empty() {
                    var.clone()
                } else {
                    vars.clone()
                };
                let idx = setup::multi_index(&vars, var, *order)?;
                let label = setup::partial_label("f", &vars, &idx);
                (
                    What::Derivative,
                    vars,
                    vec![function.clone()],
                    at,
                    vec![Target::Partial { func: 0, idx }],
                    vec![label],
                    Shape::Scalar,
                    None,
                )
            }
            Kind::Gradient {
                function,
                vars,
                at: Some(at),
            } => (
                What::Gradient,
                vars.clone(),
                vec![function.clone()],
                at,
                (0..vars.len())
                    .map(|j| Target::Partial {
                        func: 0,
                        idx: vec![j],
                    })
                    .collect(),
                (0..vars.len())
                    .map(|j| setup::partial_label("f", vars, &[j]))
                    .collect(),
                Shape::Vector(vars.len()),
                None,
            ),
            Kind::Jacobian {
                functions,
                vars,
                at: Some(at),
            } => {
                let mut targets = Vec::new();
                let mut labels = Vec::new();
                for i in 0..functions.len() {
                    let fname = if functions.len() == 1 {
                        "f".to_string()
                    } else {
                        format!("f{}", text::subscript(i + 1))
                    };
                    for j in 0..vars.len() {
                        targets.push(Target::Partial {
                            func: i,
                            idx: vec![j],
                        });
                        labels.push(setup::partial_label(&fname, vars, &[j]));
                    }
                }
                (
                    What::Jacobian,
                    vars.clone(),
                    functions.clone(),
                    at,
                    targets,
                    labels,
                    Shape::Matrix(functions.len(), vars.len()),
                    None,
                )
            }
            Kind::Directional {
                function,
                vars,
                direction,
                at: Some(at),
            } => {
                let (v, norm, unit) = exprs::direction(ex, vars, direction)?;
                (
                    What::Directional,
                    vars.clone(),
                    vec![function.clone()],
                    at,
                    vec![Target::Directional { func: 0, dir: unit }],
                    vec!["the directional derivative".to_string()],
                    Shape::Scalar,
                    Some((v, norm)),
                )
            }
            _ => {
                return Err(SetupError::Invalid(
                    "this kind of exercise is not checked by number".into(),
                ))
            }
        };
        if vars.is_empty() || fsrcs.is_empty() {
            return Err(SetupError::Invalid(
                "the exercise names no variables or functions".into(),
            ));
        }
        let scope = setup::scope(ex, &vars);
        let cols = setup::columns(ex);
        let funcs = fsrcs
            .iter()
            .enumerate()
            .map(|(i, src)| {
                let field = if what == What::Jacobian {
                    format!("functions[{i}]")
                } else {
                    "function".to_string()
                };
                setup::parse(&field, src, &scope)
            })
            .collect::<Result<Vec<Expr>, _>>()?;
        let ranges = setup::ranges(ex, &vars)?;
        let floors = setup::floors(&ranges);
        let p = setup::at_point(at, &vars)?;
        let at_text = format!("at {}", text::point(&vars, &p));
        let fvals: Vec<f64> = funcs.iter().map(|f| setup::eval(f, &cols, &p)).collect();
        if let Some(i) = fvals.iter().position(|v| !v.is_finite()) {
            return Err(SetupError::Invalid(format!(
                "the function{} is not defined {at_text}",
                if funcs.len() > 1 {
                    format!(" {}", i + 1)
                } else {
                    String::new()
                }
            )));
        }
        let estimate = |t: &Target| exprs::truth_at(&funcs, &cols, &floors, t, &p);
        let mut truth = Vec::new();
        for (t, label) in targets.iter().zip(&labels) {
            let func = match t {
                Target::Partial { func, .. } | Target::Directional { func, .. } => *func,
            };
            match estimate(t) {
                Some(e)
                    if reliable(&e, fvals[func].abs()) && !kink(&funcs, &cols, &floors, t, &p) =>
                {
                    truth.push(e)
                }
                _ => {
                    return Err(SetupError::Invalid(format!(
                        "{label} {at_text} cannot be computed reliably: the function may have a \
                         kink or a pole there"
                    )))
                }
            }
        }
        // What a wrong number might be instead.
        let mut alts = Vec::new();
        for (c, t) in targets.iter().enumerate() {
            let mut list = Vec::new();
            let func = match t {
                Target::Partial { func, .. } | Target::Directional { func, .. } => *func,
            };
            list.push(Alt {
                diagnosis: Diagnosis::NotDifferentiated,
                description: format!(
                    "is the value of the function {at_text}, not of its derivative"
                ),
                value: fvals[func],
                err: 0.0,
            });
            match t {
                Target::Partial { idx, .. } => {
                    let k = idx.len();
                    let single = idx.iter().all(|&j| j == idx[0]);
                    if single && vars.len() > 1 && what == What::Derivative {
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
                                        setup::partial_label("f", &vars, &alt),
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
                                    "is {}, a derivative of order {}; the question asks for {}",
                                    setup::partial_label("f", &vars, &other),
                                    k - 1,
                                    labels[c]
                                )
                            },
                            value: e.value,
                            err: e.err,
                        });
                    }
                }
                Target::Directional { .. } => {
                    if let Some((v, norm)) = &direction {
                        if (norm - 1.0).abs() > 1e-9 {
                            list.push(Alt {
                                diagnosis: Diagnosis::NotNormalized,
                                description: format!(
                                    "is the rate of change along {} before normalizing it: \
                                     divide the direction by its length {} first",
                                    text::tuple(v),
                                    text::num(*norm)
                                ),
                                value: truth[c].value * norm,
                                err: truth[c].err * norm,
                            });
                        }
                    }
                }
            }
            alts.push(list);
        }
        Ok(NumberPlan {
            what,
            shape,
            tol: ex.tolerance,
            scope: setup::constants(ex),
            vars,
            at: at_text,
            labels,
            truth,
            alts,
        })
    }

    fn naming(&self) -> Naming<'static> {
        match self.what {
            What::Derivative => Naming {
                what: "the derivative",
                unit: ("value", "values"),
            },
            What::Gradient => Naming {
                what: "the gradient",
                unit: ("component", "components"),
            },
            What::Jacobian => Naming {
                what: "the Jacobian",
                unit: ("entry", "entries"),
            },
            What::Directional => Naming {
                what: "the directional derivative",
                unit: ("value", "values"),
            },
            What::Value => Naming {
                what: "the value",
                unit: ("value", "values"),
            },
        }
    }

    fn cell_where(&self, i: usize) -> String {
        match self.shape {
            Shape::Scalar => "your answer".to_string(),
            _ => format!("{} ({})", self.shape.cell_name(i), self.labels[i]),
        }
    }

    fn ok(&self, a: f64, c: usize) -> bool {
        number_ok(a, self.truth[c].value, self.truth[c].err, self.tol)
    }

    pub(crate) fn check(&self, answer: &Answer, voice: Voice) -> Verdict {
        let texts = match read::cells(answer, self.shape, &self.naming(), voice) {
            Ok(t) => t,
            Err(v) => return *v,
        };
        let hint = format!(
            "This question asks for a number: evaluate {}.",
            if self.at.is_empty() {
                "it".to_string()
            } else {
                format!("your expression {}", self.at)
            }
        );
        let mut values = Vec::with_capacity(texts.len());
        for (i, src) in texts.iter().enumerate() {
            match read::number(
                src,
                &self.scope,
                self.shape.cell_id(i),
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
            let mut v = Verdict::correct("Correct.");
            if self.shape != Shape::Scalar {
                v.cells = Some(
                    (0..values.len())
                        .map(|i| CellVerdict {
                            cell: self.shape.cell_id(i).unwrap_or_default(),
                            verdict: Status::Correct,
                            message: "right".into(),
                        })
                        .collect(),
                );
            }
            return v;
        }
        if let Some(v) = self.rearranged(&values, voice) {
            return v;
        }
        let mut cells = Vec::new();
        let mut first: Option<(usize, String, Option<Diagnosis>)> = None;
        let mut wrong = 0;
        for (c, &a) in values.iter().enumerate() {
            if oks[c] {
                cells.push(CellVerdict {
                    cell: self.shape.cell_id(c).unwrap_or_default(),
                    verdict: Status::Correct,
                    message: "right".into(),
                });
                continue;
            }
            wrong += 1;
            let (message, diagnosis) = self.explain(c, a, voice);
            cells.push(CellVerdict {
                cell: self.shape.cell_id(c).unwrap_or_default(),
                verdict: Status::Incorrect,
                message: message.clone(),
            });
            if first.is_none() {
                first = Some((c, message, diagnosis));
            }
        }
        let Some((c, message, diagnosis)) = first else {
            return Verdict::incorrect(format!("{} is not right.", voice.yours_cap()), None);
        };
        if self.shape == Shape::Scalar {
            return Verdict::incorrect(message, diagnosis);
        }
        let units = self.naming().unit.1;
        let head = if wrong == 1 {
            format!("{} is wrong", read::capitalize(&self.cell_where(c)))
        } else {
            format!(
                "{wrong} of {} {units} are wrong; {}",
                values.len(),
                self.cell_where(c)
            )
        };
        let mut v = Verdict::incorrect(
            format!("{head}: {}", exprs::lower_first(&message)),
            diagnosis,
        );
        v.cells = Some(cells);
        v
    }

    /// Gradient components in another order, or a transposed Jacobian, at the point.
    fn rearranged(&self, values: &[f64], voice: Voice) -> Option<Verdict> {
        let n = values.len();
        match (self.what, self.shape) {
            (What::Gradient, Shape::Vector(_)) if (2..=6).contains(&n) => {
                // Only when the truth has distinct components can an order be wrong.
                let distinct = (0..n).all(|i| (0..i).all(|j| !self.ok(self.truth[i].value, j)));
                if !distinct {
                    return None;
                }
                let m: Vec<Vec<bool>> = (0..n)
                    .map(|i| (0..n).map(|j| self.ok(values[i], j)).collect())
                    .collect();
                let perm = permutation(&m)?;
                let moved: Vec<String> = (0..n)
                    .filter(|&i| perm[i] != i)
                    .map(|i| format!("component {} is {}", i + 1, self.labels[perm[i]]))
                    .collect();
                Some(Verdict::incorrect(
                    format!(
                        "{} has the right partial derivatives in the wrong order: {}. The \
                         gradient lists them in the order of the variables ({}).",
                        voice.yours_cap(),
                        moved.join(", "),
                        self.vars.join(", ")
                    ),
                    Some(Diagnosis::Swapped),
                ))
            }
            (What::Jacobian, Shape::Matrix(r, c)) if r == c && r >= 2 => {
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

    fn explain(&self, c: usize, a: f64, voice: Voice) -> (String, Option<Diagnosis>) {
        let t = self.truth[c];
        let label = &self.labels[c];
        let shown = text::num_sig(a, 10);
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
            Voice::Student => shown.clone(),
            Voice::Key => format!("The answer key {shown}"),
        };
        if !a.is_finite() {
            return (
                reveal(format!(
                    "{} is not a finite number.",
                    read::capitalize(voice.yours())
                )),
                Some(Diagnosis::Undefined),
            );
        }
        let zero = number_ok(0.0, t.value, t.err, self.tol);
        if !zero && number_ok(-a, t.value, t.err, self.tol) {
            return (
                reveal(format!("{subject} has the wrong sign.")),
                Some(Diagnosis::Sign),
            );
        }
        for alt in &self.alts[c] {
            let differs = !number_ok(alt.value, t.value, t.err + alt.err, self.tol);
            if differs && number_ok(a, alt.value, alt.err, self.tol) {
                return (
                    reveal(format!("{subject} {}.", alt.description)),
                    Some(alt.diagnosis),
                );
            }
        }
        if number_close(a, t.value, t.err, self.tol) {
            return (
                reveal(format!(
                    "{subject} is close, but not {label}{at} {}: keep more digits in the \
                     intermediate steps.",
                    compare::describe(self.tol)
                )),
                Some(Diagnosis::Rounded),
            );
        }
        let direction = if a > t.value {
            "too large"
        } else {
            "too small"
        };
        (
            reveal(format!("{subject} is not {label}{at}: it is {direction}.")),
            None,
        )
    }
}
