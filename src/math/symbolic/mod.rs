//! Symbolic differentiation of the answer language, with the derivation shown rule by rule.
//!
//! CONTRACT:
//! - [`Function::new`] takes any parsed [`Expr`]; every function of the language is covered.
//!   [`Function::derive`] differentiates by a sequence of variables (`[x]` first derivative,
//!   `[x, x]` second, `[x, y]` the mixed partial ∂²f/∂y∂x), other variables held constant.
//! - The derivative is exact and simplified by the documented rules of [`simplify`]; its
//!   ASCII spelling reads back through [`Expr::parse`] in the function's scope to the same
//!   values, and its pretty spelling is the answer language's preview of it.
//! - Each [`Step`] names a rule, the subexpression it was applied to and that subexpression's
//!   derivative (both ASCII, in the function's own variables), and is true on its own.
//! - Where no derivative formula exists in the language (relu, min, max at their kinks, `prod`
//!   over data) the result is a [`NotDifferentiable`] with the subexpression and the reason;
//!   never a wrong formula.
//!
//! Pipeline, one file per stage: `tree` (the symbolic tree, built from the parser's) →
//! `differentiate` (the rules, recording `steps`) → `simplify` (after every rule) → `print`
//! (ASCII and typeset). The tree and the raw steps are crate-visible so that other parts
//! (mistake generation, the computational graph) can build on the same subexpressions.

mod differentiate;
pub mod mistakes;
mod print;
mod simplify;
mod steps;
mod tidy;
mod tree;

pub use steps::Rule;
pub use tidy::{tidy, Tidied};

use differentiate::Differentiator;
use print::Printer;
use simplify::simplify;
use steps::{Detail, Layer, RawStep};
use tree::{Num, Sym};

use super::error::{ParseError, ParseErrorKind};
use super::{Expr, Scope};

/// Why a function cannot be differentiated in closed form.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{expr} cannot be differentiated in closed form: {reason}")]
pub struct NotDifferentiable {
    /// The subexpression where it fails (ASCII).
    pub expr: String,
    pub reason: String,
}

/// A function of the answer language, ready to be differentiated symbolically.
#[derive(Clone, Debug)]
pub struct Function {
    root: Sym,
    printer: Printer,
    params: Vec<f64>,
}

/// One rule application.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub rule: Rule,
    /// The subexpression the rule was applied to (ASCII, readable back).
    pub expr: String,
    /// Its derivative (ASCII, readable back).
    pub derivative: String,
    /// One plain sentence, typeset.
    pub text: String,
    /// 0 for the whole expression, 1 for its parts, …
    pub depth: usize,
    /// Which differentiation this step belongs to (1, 2, … for higher derivatives).
    pub round: usize,
    /// The variable differentiated by.
    pub var: String,
    pub(crate) raw: RawStep,
}

/// A derivative with its steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Derivation {
    /// The derivative in ASCII (`12*x^3 - 10*x + 2`), readable back by the answer language.
    pub derivative: String,
    /// The derivative typeset as prompts are (`12·x³ − 10·x + 2`).
    pub pretty: String,
    pub steps: Vec<Step>,
    pub(crate) sym: Sym,
    params: Vec<f64>,
}

impl Function {
    /// The symbolic form of a parsed expression.
    pub fn new(expr: &Expr) -> Function {
        let (node, names, params) = expr.parts();
        Function {
            root: Sym::from_node(node),
            printer: Printer::new(names, params),
            params: params.to_vec(),
        }
    }

    /// The symbolic form of a parsed expression with its named constants' values substituted
    /// and simplified (`a*x^n + c*x` with a = 4, n = 6, c = −2 is `4*x^6 - 2*x`): the function
    /// a randomised exercise's variant asks about, as its prompt shows it.
    pub fn with_values(expr: &Expr) -> Function {
        let mut f = Function::new(expr);
        f.root = simplify(&tidy::substitute(&f.root, &f.params));
        f
    }

    /// The unit vector along a direction given as constant expressions of one scope: component
    /// `i` is `cᵢ/sqrt(c₁^2 + … + cₙ^2)` with the constants' values substituted and simplified,
    /// the very tree [`Function::with_values`] gives for that formula written out, without
    /// writing it out and parsing the components again.
    pub fn unit_vector(components: &[Expr]) -> Vec<Function> {
        let parts: Vec<Function> = components.iter().map(Function::new).collect();
        let mut squares: Vec<Sym> = parts
            .iter()
            .map(|c| Sym::pow(c.root.clone(), Sym::Num(Num::from_f64(2.0))))
            .collect();
        let sum = if squares.len() == 1 {
            squares.remove(0)
        } else {
            Sym::Add(squares)
        };
        let norm = Sym::call(super::functions::Func::Sqrt, sum);
        parts
            .into_iter()
            .map(|mut c| {
                let raw = Sym::div(c.root.clone(), norm.clone());
                c.root = simplify(&tidy::substitute(&raw, &c.params));
                c
            })
            .collect()
    }

    /// Parses `src` in `scope` and takes its symbolic form.
    pub fn parse(src: &str, scope: &Scope) -> Result<Function, ParseError> {
        Ok(Function::new(&Expr::parse(src, scope)?))
    }

    /// The function as written, in ASCII.
    pub fn ascii(&self) -> String {
        self.printer.ascii(&self.root)
    }

    /// The function as written, typeset as prompts are (`3x⁴ − 5x² + 2x`).
    pub fn pretty(&self) -> String {
        self.printer.pretty(&self.root)
    }

    /// `Σ wᵢ·dᵢ`, simplified: a directional derivative from the partial derivatives `dᵢ` of
    /// this function and the direction's components `wᵢ` (constant functions in the same scope).
    /// The result has no steps of its own.
    pub fn weighted_sum(&self, terms: &[(&Function, &Derivation)]) -> Derivation {
        let sum = Sym::Add(
            terms
                .iter()
                .map(|(w, d)| Sym::Mul(vec![w.root.clone(), d.sym.clone()]))
                .collect(),
        );
        let sym = simplify(&sum);
        Derivation {
            derivative: self.printer.ascii(&sym),
            pretty: self.printer.pretty(&sym),
            steps: Vec::new(),
            sym,
            params: self.params.clone(),
        }
    }

    /// How many nodes the symbolic tree has (numbers, names, operations, calls).
    pub fn size(&self) -> usize {
        self.root.size()
    }

    /// The function simplified by the derivative's rules (ASCII): the same values wherever
    /// the function is defined.
    pub fn simplified(&self) -> String {
        self.printer.ascii(&simplify(&self.root))
    }

    /// The derivative by `vars` in order (indices in the scope), with every step.
    pub fn derive(&self, vars: &[usize]) -> Result<Derivation, NotDifferentiable> {
        self.run(vars, true)
    }

    /// The derivative by `vars` in order, without recording steps (faster).
    pub fn derivative(&self, vars: &[usize]) -> Result<Derivation, NotDifferentiable> {
        self.run(vars, false)
    }

    fn run(&self, vars: &[usize], record: bool) -> Result<Derivation, NotDifferentiable> {
        let mut current = self.root.clone();
        let mut raw = Vec::new();
        for (k, &v) in vars.iter().enumerate() {
            let mut d = Differentiator::new(v, k + 1, record);
            current = d.d(&current).map_err(|r| NotDifferentiable {
                expr: self.printer.ascii(&r.expr),
                reason: r.reason,
            })?;
            raw.append(&mut d.steps);
        }
        let typeset = Typeset::new(&self.printer);
        let texts: Vec<String> = raw.iter().map(|r| self.text(r, &typeset)).collect();
        let pretty = typeset.get(&current);
        let steps = raw
            .into_iter()
            .zip(texts)
            .map(|(r, text)| self.step(r, text))
            .collect();
        Ok(Derivation {
            derivative: self.printer.ascii(&current),
            pretty,
            steps,
            sym: current,
            params: self.params.clone(),
        })
    }

    fn step(&self, raw: RawStep, text: String) -> Step {
        Step {
            rule: raw.rule,
            expr: self.printer.ascii(&raw.expr),
            derivative: self.printer.ascii(&raw.derivative),
            text,
            depth: raw.depth,
            round: raw.round,
            var: self.printer.var_name(raw.var).to_string(),
            raw,
        }
    }

    /// The sentence of a step.
    fn text<'a>(&self, s: &'a RawStep, typeset: &Typeset<'a>) -> String {
        let p = |e: &'a Sym| typeset.get(e);
        let x = self.printer.var_name(s.var);
        let dx = self.printer.d_by(s.var);
        let e = p(&s.expr);
        let d = p(&s.derivative);
        let bracketed = if matches!(s.expr, Sym::Add(_)) {
            format!("({e})")
        } else {
            e.clone()
        };
        let u = self.printer.hole_name(0);
        let v = self.printer.hole_name(1);
        match (&s.rule, &s.detail) {
            (Rule::Sum, _) if matches!(s.expr, Sym::Agg(..)) => format!(
                "Sum rule: a sum or mean over the data rows is differentiated row by row, so \
                 {dx} {e} = {d}."
            ),
            (Rule::Sum, _) => {
                format!("Sum rule: differentiate term by term, so {dx} {bracketed} = {d}.")
            }
            (Rule::Constant, _) => {
                if s.expr.is_constant() {
                    format!("Constant rule: {e} is a constant, so its derivative is 0.")
                } else {
                    format!(
                        "Constant rule: {e} does not depend on {x} (the other variables are \
                         held constant), so its derivative is 0."
                    )
                }
            }
            (Rule::Variable, _) => format!("Variable rule: {dx} {x} = 1."),
            (Rule::ConstantMultiple, Detail::Multiple { constant, rest }) => {
                if *constant == Sym::num(-1) {
                    format!(
                        "Constant multiple rule: the minus sign stays in front, so {dx} {e} = {d}."
                    )
                } else {
                    let held = if constant.is_constant() {
                        String::new()
                    } else {
                        format!(" (held constant: it does not depend on {x})")
                    };
                    format!(
                        "Constant multiple rule: the factor {}{held} stays, and {} is \
                         differentiated, so {dx} {e} = {d}.",
                        p(constant),
                        p(rest)
                    )
                }
            }
            (Rule::Product, Detail::Product { u: a, v: b }) => format!(
                "Product rule: ({u}·{v})′ = {u}′·{v} + {u}·{v}′ with {u} = {} and {v} = {}, so \
                 {dx} {e} = {d}.",
                p(a),
                p(b)
            ),
            (Rule::Quotient, Detail::Quotient { u: a, v: b }) => format!(
                "Quotient rule: ({u}/{v})′ = ({u}′·{v} − {u}·{v}′)/{v}² with {u} = {} and \
                 {v} = {}, so {dx} {e} = {d}.",
                p(a),
                p(b)
            ),
            (Rule::Chain, Detail::Chain { layers }) => {
                self.chain_text(layers, typeset, &dx, &e, &d)
            }
            (Rule::VariableExponent, _) => format!(
                "Variable exponent: {u}^{v} = e^({v}·ln {u}), so ({u}^{v})′ = \
                 {u}^{v}·({v}′·ln {u} + {v}·{u}′/{u}); here {dx} {e} = {d}."
            ),
            (Rule::Power, _) => format!("Power rule ({dx} {x}ⁿ = n·{x}ⁿ⁻¹): {dx} {e} = {d}."),
            (Rule::Exp, _) if matches!(&s.expr, Sym::Pow(a, _) if **a == Sym::E) => {
                format!("Exponential rule: eˣ is its own derivative, so {dx} {e} = {d}.")
            }
            (Rule::Exp, _) if matches!(s.expr, Sym::Pow(..)) => {
                format!("Exponential rule ({dx} aˣ = aˣ·ln a): {dx} {e} = {d}.")
            }
            (rule, _) => format!("{}: {dx} {e} = {d}.", rule.title()),
        }
    }

    fn chain_text<'a>(
        &self,
        layers: &'a [Layer],
        typeset: &Typeset<'a>,
        dx: &str,
        e: &str,
        d: &str,
    ) -> String {
        let p = |e: &'a Sym| typeset.get(e);
        let Some(last) = layers.last() else {
            return format!("Chain rule: {dx} {e} = {d}.");
        };
        let names: Vec<&str> = (0..layers.len())
            .map(|k| self.printer.hole_name(k))
            .collect();
        let outer = p(&layers[0].outer);
        if layers.len() == 1 {
            return format!(
                "Chain rule: the outer function is {outer} with {} = {}, so {dx} {e} = {}·{}′ \
                 = {d}.",
                names[0],
                p(&last.inner),
                p(&layers[0].outer_derivative),
                names[0],
            );
        }
        let mut with = Vec::new();
        for k in 1..layers.len() {
            with.push(format!("{} = {}", names[k - 1], p(&layers[k].outer)));
        }
        with.push(format!("{} = {}", names[layers.len() - 1], p(&last.inner)));
        let factors: Vec<String> = layers
            .iter()
            .map(|l| p(&l.outer_derivative))
            .chain(std::iter::once(format!("{}′", names[layers.len() - 1])))
            .collect();
        format!(
            "Chain rule through {} layers: {outer} with {}; the derivative is the product of \
             the layers' derivatives, {}, so {dx} {e} = {d}.",
            layers.len(),
            with.join(", "),
            factors.join(" · ")
        )
    }
}

/// The typeset forms written so far in one derivation, most recent last: a part named in one
/// step's sentence (`u = e^(2·x)`) is often the next step's subexpression, and the result is the
/// first step's derivative, so each is typeset once. Only the last few are kept (repeats are
/// between a step and its parts), so a long derivation does not search a long list.
struct Typeset<'a> {
    printer: &'a Printer,
    recent: std::cell::RefCell<Vec<(&'a Sym, String)>>,
}

impl<'a> Typeset<'a> {
    const KEPT: usize = 16;

    fn new(printer: &'a Printer) -> Typeset<'a> {
        Typeset {
            printer,
            recent: std::cell::RefCell::new(Vec::with_capacity(Typeset::KEPT)),
        }
    }

    fn get(&self, s: &'a Sym) -> String {
        let mut recent = self.recent.borrow_mut();
        if let Some((_, t)) = recent.iter().rev().find(|(k, _)| *k == s) {
            return t.clone();
        }
        let t = self.printer.pretty(s);
        if recent.len() == Typeset::KEPT {
            recent.remove(0);
        }
        recent.push((s, t.clone()));
        t
    }
}

impl Derivation {
    /// The derivative's value at `vars` (the scope's variables in order); NaN where it is
    /// undefined or needs data.
    pub fn eval(&self, vars: &[f64]) -> f64 {
        self.sym.eval(vars, &self.params, &[])
    }

    /// The derivative's value with data columns (`columns[i]` the scope's `i`-th column).
    pub fn eval_data(&self, vars: &[f64], columns: &[Vec<f64>]) -> f64 {
        self.sym.eval(vars, &self.params, columns)
    }
}

/// The scope of a function typed on its own (`derive "x*y^2 + x^3"`): its variables are the
/// names it uses that are not constants or functions, in order of appearance, and `var`
/// (last, when the function does not use it). A run of letters that is no name is read as single-letter variables
/// (`xy` is x·y), except a Greek letter's name or a letter with an index (`theta`, `x1`),
/// which is one variable.
pub fn infer_scope(src: &str, var: Option<&str>) -> Result<Scope, ParseError> {
    let mut vars: Vec<String> = Vec::new();
    let with_var = |vars: &[String]| {
        let mut all = vars.to_vec();
        if let Some(v) = var.filter(|v| !vars.iter().any(|w| w == v)) {
            all.push(v.to_string());
        }
        Scope::new(&all)
    };
    for _ in 0..64 {
        // the variable is known from the start (a name like `t` must not split into letters)
        // but listed where it first appears
        let probe = Scope::new(&{
            let mut v: Vec<String> = var.map(|v| vec![v.to_string()]).unwrap_or_default();
            v.extend(vars.iter().filter(|w| Some(w.as_str()) != var).cloned());
            v
        });
        let err = match Expr::parse(src, &probe) {
            Ok(_) => return Ok(with_var(&order_of_appearance(src, &probe.vars))),
            Err(e) => e,
        };
        if err.kind != ParseErrorKind::UnknownName {
            return Err(err);
        }
        let run: String = src
            .chars()
            .skip(err.span.start)
            .take(err.span.len())
            .collect();
        let before = vars.len();
        if one_name(&run) {
            vars.push(run);
        } else {
            for c in run.chars() {
                let name = c.to_string();
                if c.is_alphabetic() && !vars.contains(&name) {
                    vars.push(name);
                }
            }
        }
        if vars.len() == before {
            return Err(err);
        }
    }
    Expr::parse(src, &with_var(&vars)).map(|_| with_var(&vars))
}

/// The variables in the order in which the parsed expression first uses them.
fn order_of_appearance(src: &str, vars: &[String]) -> Vec<String> {
    let scope = Scope::new(vars);
    let Ok(expr) = Expr::parse(src, &scope) else {
        return vars.to_vec();
    };
    let (node, _, _) = expr.parts();
    let mut seen: Vec<usize> = Vec::new();
    node.visit(&mut |n| {
        if let crate::math::ast::Node::Var(i) = n {
            if !seen.contains(i) {
                seen.push(*i);
            }
        }
    });
    seen.into_iter().map(|i| vars[i].clone()).collect()
}

const GREEK_WORDS: [&str; 23] = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega", "omicron",
    "upsilon",
];

fn one_name(run: &str) -> bool {
    let letters =
        run.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_' || ('₀'..='₉').contains(&c));
    letters.chars().count() == 1 || GREEK_WORDS.contains(&letters)
}
