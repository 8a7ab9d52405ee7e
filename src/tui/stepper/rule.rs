//! The update rule with this step's numbers substituted, as lines of text:
//!
//! ```text
//! x₃ = x₂ − ε·f′(x₂)
//!    = 3.2 − 0.1·6.4 = 2.56
//! ```
//!
//! At step 0 the rule is shown with the gradient at the start, so that the first step can be
//! predicted; afterwards, the step that led to the current point, then the current point.

use crate::descent::{fmt_sig, subscript, State, Stepper};

/// Figures in the substituted arithmetic, and in the current point (enough to predict with).
/// The arithmetic's result is the new point: it is given with the current point's figures, so
/// that the two agree to the last digit.
const SUB_FIGURES: usize = 4;
const NOW_FIGURES: usize = 6;

/// `x₃`, or `x1[3]` when the name already ends in a digit.
pub(super) fn at(var: &str, n: usize) -> String {
    if var.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{var}[{n}]")
    } else {
        format!("{var}{}", subscript(n))
    }
}

/// `f′(x₂)` for one variable, `∂f/∂y` for several.
fn partial(vars: &[String], i: usize, n: usize) -> String {
    if vars.len() == 1 {
        format!("f′({})", at(&vars[0], n))
    } else {
        format!("∂f/∂{}", vars[i])
    }
}

/// A number as a term after an operator: negative numbers in parentheses.
fn term(v: f64) -> String {
    let s = fmt_sig(v, SUB_FIGURES);
    if s.starts_with('-') {
        format!("({s})")
    } else {
        s
    }
}

fn velocity_name(vars: &[String], i: usize) -> String {
    if vars.len() == 1 {
        "v".to_string()
    } else {
        format!("v_{}", vars[i])
    }
}

/// The lines of the rule box for the stepper's current step.
pub(super) fn lines(stepper: &Stepper) -> Vec<String> {
    let vars = stepper.vars();
    let settings = stepper.settings();
    let eps = settings.learning_rate;
    let n = stepper.cursor();
    let cur = stepper.current();
    let prev: Option<&State> = n.checked_sub(1).and_then(|p| stepper.states().get(p));
    let mut out = Vec::new();

    let mut params = format!("ε = {}", fmt_sig(eps, 6));
    if let Some(alpha) = settings.momentum {
        params.push_str(&format!(", α = {}", fmt_sig(alpha, 6)));
    }

    match prev {
        None => {
            let (x0, x1) = (at(&vars[0], 0), at(&vars[0], 1));
            match settings.momentum {
                None if vars.len() == 1 => {
                    out.push(format!("{x1} = {x0} − ε·{}", partial(vars, 0, 0)));
                }
                None => out.push(format!(
                    "{x1} = {x0} − ε·∂f/∂{}, and so on for each variable",
                    vars[0]
                )),
                Some(_) => {
                    let v = velocity_name(vars, 0);
                    out.push(format!("{v} ← α·{v} − ε·{}", partial(vars, 0, 0)));
                    out.push(format!("{x1} = {x0} + {v}   (v starts at 0)"));
                }
            }
            out.push(params);
        }
        Some(p) => {
            for (i, var) in vars.iter().enumerate() {
                let (xp, xn) = (at(var, p.n), at(var, cur.n));
                let d = partial(vars, i, p.n);
                match (settings.momentum, &p.velocity, &cur.velocity) {
                    (Some(alpha), Some(vp), Some(vn)) => {
                        let v = velocity_name(vars, i);
                        out.push(format!("{v} = α·{v} − ε·{d}"));
                        out.push(format!(
                            "   = {}·{} − {}·{} = {}",
                            fmt_sig(alpha, SUB_FIGURES),
                            term(vp[i]),
                            fmt_sig(eps, SUB_FIGURES),
                            term(p.grad[i]),
                            fmt_sig(vn[i], NOW_FIGURES)
                        ));
                        out.push(format!(
                            "{xn} = {xp} + {v} = {} + {} = {}",
                            fmt_sig(p.x[i], SUB_FIGURES),
                            term(vn[i]),
                            fmt_sig(cur.x[i], NOW_FIGURES)
                        ));
                    }
                    _ => {
                        out.push(format!("{xn} = {xp} − ε·{d}"));
                        out.push(format!(
                            "   = {} − {}·{} = {}",
                            fmt_sig(p.x[i], SUB_FIGURES),
                            fmt_sig(eps, SUB_FIGURES),
                            term(p.grad[i]),
                            fmt_sig(cur.x[i], NOW_FIGURES)
                        ));
                    }
                }
            }
        }
    }

    out
}

/// Where the walk is now, with the gradient there (and the velocity): what the next step
/// starts from, with enough figures to predict it.
pub(super) fn now_lines(stepper: &Stepper) -> Vec<String> {
    let vars = stepper.vars();
    let cur = stepper.current();
    let n = cur.n;
    let list = |v: &[f64]| -> String {
        let parts: Vec<String> = v.iter().map(|x| fmt_sig(*x, NOW_FIGURES)).collect();
        parts.join(", ")
    };
    let mut out = Vec::new();
    if vars.len() == 1 {
        out.push(format!(
            "now {} = {}, {} = {}",
            at(&vars[0], n),
            list(&cur.x),
            partial(vars, 0, n),
            list(&cur.grad)
        ));
        if let Some(v) = &cur.velocity {
            out.push(format!("    v = {}", list(v)));
        }
    } else {
        out.push(format!("now, step {n}: ({})", list(&cur.x)));
        out.push(format!("    ∇f = ({})", list(&cur.grad)));
        if let Some(v) = &cur.velocity {
            out.push(format!("    v = ({})", list(v)));
        }
    }
    out
}
