//! The worked derivation of a prepared question: for a derivative, gradient, Jacobian or
//! directional exercise, every derivative it asks for derived symbolically (`math::symbolic`),
//! rule by rule, as lines of text that the tutor's solution view and `gradtutor show` print.
//!
//! CONTRACT: [`Worked::new`] does all the work once, when the question is prepared; reading
//! [`Worked::lines`] computes nothing. A randomised exercise is derived with its variant's
//! values substituted (the function as its prompt shows it); a fixed exercise keeps its named
//! constants (`a`, `b`), as its written solution does. Where a derivative has no closed form
//! (relu, min, max), its part says so with the reason: never a wrong formula.

use super::{Ask, Question, RateKind, Rates, Target};
use crate::exercise::Exercise;
use crate::math::symbolic::{Derivation, Function, NotDifferentiable, Step};
use crate::math::Expr;
use crate::text;

/// One derivative of the question, derived.
#[derive(Clone, Debug)]
pub struct Part {
    /// Its name: `f′(x)`, `f″(x)`, `∂f/∂y`, `∂²f/∂y∂x`, `∂f₂/∂x`.
    pub label: String,
    /// Which function of the question it differentiates.
    pub func: usize,
    pub outcome: Result<Derivation, NotDifferentiable>,
    /// Its value at the exercise's point `at`, when one is asked.
    pub value: Option<f64>,
}

/// The directional derivative from the partial derivatives: `D_u f = ∇f · u`.
#[derive(Clone, Debug)]
pub struct Combination {
    /// The unit direction, typeset: `(1/2, √3/2)`.
    pub direction: String,
    /// `Σ uᵢ·∂f/∂xᵢ` simplified, when every partial derivative has a closed form.
    pub result: Option<Derivation>,
    pub value: Option<f64>,
}

/// The generated derivation of a question.
#[derive(Clone, Debug)]
pub struct Worked {
    /// The functions differentiated, typeset (`f(x, y) = …`), in the question's order.
    pub functions: Vec<String>,
    pub parts: Vec<Part>,
    pub combination: Option<Combination>,
    lines: Vec<String>,
}

impl Worked {
    /// The heading the tutor and `show` put above the lines.
    pub const HEADING: &'static str = "Derivation, rule by rule (generated):";

    /// The derivation of `q` (prepared from `ex`), for derivative, gradient, Jacobian and
    /// directional exercises; `None` for every other kind.
    pub fn new(ex: &Exercise, q: &Question) -> Option<Worked> {
        let Ask::Rates(r) = &q.ask else {
            return None;
        };
        let numbers = ex.is_randomised();
        let functions: Vec<Function> = r
            .functions
            .iter()
            .map(|f| symbolic(&f.expr, numbers))
            .collect();
        let at = |d: &Derivation| r.at.as_ref().map(|p| eval(d, p, &q.data));
        let mut parts = Vec::new();
        for cell in &q.answer.cells {
            match &cell.target {
                Target::Partial { func, idx } => {
                    let f = functions.get(*func)?;
                    let outcome = f.derive(idx);
                    let value = outcome.as_ref().ok().and_then(at);
                    parts.push(Part {
                        label: label(r, *func, idx),
                        func: *func,
                        outcome,
                        value,
                    });
                }
                Target::Directional { func, .. } => {
                    let f = functions.get(*func)?;
                    for j in 0..r.vars.len() {
                        let outcome = f.derive(&[j]);
                        let value = outcome.as_ref().ok().and_then(at);
                        parts.push(Part {
                            label: label(r, *func, &[j]),
                            func: *func,
                            outcome,
                            value,
                        });
                    }
                }
                _ => return None,
            }
        }
        let combination = match (r.kind, functions.first()) {
            (RateKind::Directional, Some(f)) => combination(r, f, &parts, &q.data),
            _ => None,
        };
        let names: Vec<String> = (0..functions.len())
            .map(|i| format!("{}({})", r.fname(i), r.vars.join(", ")))
            .collect();
        let typeset: Vec<String> = functions
            .iter()
            .zip(&names)
            .map(|(f, n)| format!("{n} = {}", f.pretty()))
            .collect();
        let mut w = Worked {
            functions: typeset,
            parts,
            combination,
            lines: Vec::new(),
        };
        w.lines = w.write(r);
        Some(w)
    }

    /// The derivation as lines of text (a step's line is indented by its depth; the tutor wraps
    /// long lines).
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// Whether every derivative asked for has a closed form.
    pub fn complete(&self) -> bool {
        self.parts.iter().all(|p| p.outcome.is_ok())
    }

    fn write(&self, r: &Rates) -> Vec<String> {
        let mut out = Vec::new();
        let mut func = None;
        for p in &self.parts {
            if func != Some(p.func) {
                func = Some(p.func);
                if let Some(f) = self.functions.get(p.func) {
                    out.push(f.clone());
                }
            }
            write_part(p, r, &mut out);
        }
        if let Some(c) = &self.combination {
            out.push(format!(
                "The directional derivative along the unit vector u = {}: D_u f = ∇f · u.",
                c.direction
            ));
            if let Some(d) = &c.result {
                out.push(format!("So D_u f = {}.", d.pretty));
            }
            if let (Some(v), Some(at)) = (c.value, r.at.as_ref()) {
                out.push(at_point(r, at, "D_u f", v));
            }
        }
        out
    }
}

/// The lines of one part: its name, its steps numbered and indented, its result.
fn write_part(p: &Part, r: &Rates, out: &mut Vec<String>) {
    let d = match &p.outcome {
        Ok(d) => d,
        Err(e) => {
            out.push(format!("{}: {e}.", p.label));
            return;
        }
    };
    if d.steps.is_empty() {
        out.push(format!("{} = {}.", p.label, d.pretty));
        return;
    }
    out.push(format!("{}:", p.label));
    write_steps(&d.steps, out);
    out.push(format!("So {} = {}.", p.label, d.pretty));
    if let (Some(v), Some(at)) = (p.value, r.at.as_ref()) {
        out.push(at_point(r, at, &p.label, v));
    }
}

/// `f′(4) = 0.25` for one variable; `At (x, y) = (2, 2.5): ∂f/∂x = 0.333393.` otherwise.
fn at_point(r: &Rates, at: &[f64], label: &str, v: f64) -> String {
    let value = text::num_sig(v, 6).replacen('-', "−", 1);
    if let ([x], [a]) = (r.vars.as_slice(), at) {
        if let Some(f) = label.strip_suffix(&format!("({x})")) {
            return format!("So {f}({}) = {value}.", text::coord(*a));
        }
    }
    format!("At {}: {label} = {value}.", text::point(&r.vars, at))
}

fn write_steps(steps: &[Step], out: &mut Vec<String>) {
    let width = steps.len().to_string().len();
    let mut round = 1;
    for (k, s) in steps.iter().enumerate() {
        if s.round != round {
            round = s.round;
            out.push(format!("Then differentiate that by {}:", s.var));
        }
        out.push(format!(
            "{:>width$}. {}{}",
            k + 1,
            "  ".repeat(s.depth),
            s.text
        ));
    }
}

/// The function to derive: with the variant's values for a randomised exercise.
fn symbolic(expr: &Expr, numbers: bool) -> Function {
    if numbers {
        Function::with_values(expr)
    } else {
        Function::new(expr)
    }
}

fn eval(d: &Derivation, p: &[f64], data: &[Vec<f64>]) -> f64 {
    if data.is_empty() {
        d.eval(p)
    } else {
        d.eval_data(p, data)
    }
}

/// `f′(x)` and `f″(x)` for one variable; `∂f/∂x`, `∂²f/∂y∂x`, `∂f₂/∂x` otherwise.
fn label(r: &Rates, func: usize, idx: &[usize]) -> String {
    if r.vars.len() == 1 && r.functions.len() == 1 {
        let x = &r.vars[0];
        return match idx.len() {
            1 => format!("f′({x})"),
            2 => format!("f″({x})"),
            n => format!("f⁽{}⁾({x})", text::superscript(n)),
        };
    }
    super::partial_label(&r.fname(func), &r.vars, idx)
}

/// `D_u f = Σ uᵢ·∂f/∂xᵢ` from the exercise's direction as written (exact: `1/2`, `sqrt(3)/2`),
/// divided by its length when it is not a unit vector. The components are the question's
/// parses of them.
fn combination(r: &Rates, f: &Function, parts: &[Part], data: &[Vec<f64>]) -> Option<Combination> {
    let d = r.direction.as_ref()?;
    let scaled = (d.norm - 1.0).abs() > 1e-12;
    let exprs: Vec<Expr> = d.components.iter().map(|c| c.expr.clone()).collect();
    let weights: Vec<Function> = if scaled {
        Function::unit_vector(&exprs)
    } else {
        exprs.iter().map(|e| symbolic(e, true)).collect()
    };
    let components: Vec<String> = weights.iter().map(Function::pretty).collect();
    let direction = format!("({})", components.join(", "));
    let derived: Option<Vec<&Derivation>> = parts.iter().map(|p| p.outcome.as_ref().ok()).collect();
    let result = derived.map(|ds| {
        let terms: Vec<(&Function, &Derivation)> = weights.iter().zip(ds).collect();
        f.weighted_sum(&terms)
    });
    let value = match (&result, r.at.as_ref()) {
        (Some(res), Some(p)) => Some(eval(res, p, data)),
        _ => None,
    };
    Some(Combination {
        direction,
        result,
        value,
    })
}
