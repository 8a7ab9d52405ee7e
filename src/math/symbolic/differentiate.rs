//! Exact differentiation, rule by rule, recording each rule application as a step.
//!
//! The rules are applied outermost first, the way the lecture teaches them: a sum term by term,
//! constant factors kept, a product by the product rule (`u·v` with `u` the first factor and
//! `v` the rest), a quotient by the quotient rule (or as a constant multiple when the
//! denominator is constant), a composite by the chain rule (its layers listed), and the
//! derivatives of the basic functions from a table. Every derivative is simplified as it is
//! built, so each step's result is already readable.

use super::simplify::{add, call, div, mul, neg, pow, simplify};
use super::steps::{Detail, Layer, RawStep, Rule};
use super::tree::Sym;
use crate::math::functions::{Aggregate, Func};

/// Why a subexpression has no derivative formula.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Refusal {
    pub expr: Sym,
    pub reason: String,
}

/// Differentiates with respect to one variable, optionally recording steps.
pub(crate) struct Differentiator {
    var: usize,
    round: usize,
    record: bool,
    depth: usize,
    pub(crate) steps: Vec<RawStep>,
}

impl Differentiator {
    pub(crate) fn new(var: usize, round: usize, record: bool) -> Differentiator {
        Differentiator {
            var,
            round,
            record,
            depth: 0,
            steps: Vec::new(),
        }
    }

    /// Records a step whose derivative is computed by `f` (which may record the steps of the
    /// parts, one level deeper).
    fn step(
        &mut self,
        rule: Rule,
        e: &Sym,
        f: impl FnOnce(&mut Self) -> Result<(Sym, Detail), Refusal>,
    ) -> Result<Sym, Refusal> {
        let at = self.steps.len();
        if self.record {
            self.steps.push(RawStep {
                rule,
                expr: e.clone(),
                derivative: Sym::zero(),
                detail: Detail::None,
                depth: self.depth,
                round: self.round,
                var: self.var,
            });
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        let (d, detail) = result?;
        if let Some(s) = self.steps.get_mut(at).filter(|_| self.record) {
            s.derivative = d.clone();
            s.detail = detail;
        }
        Ok(d)
    }

    /// The derivative of `e` (simplified): the rule for its outermost node.
    pub(crate) fn d(&mut self, e: &Sym) -> Result<Sym, Refusal> {
        let x = self.var;
        if !e.depends_on(x) {
            return self.step(Rule::Constant, e, |_| Ok((Sym::zero(), Detail::None)));
        }
        match e {
            Sym::Var(_) => self.step(Rule::Variable, e, |_| Ok((Sym::one(), Detail::None))),
            Sym::Neg(a) => self.negation(e, a),
            Sym::Add(terms) => self.step(Rule::Sum, e, |me| {
                let ds = terms
                    .iter()
                    .map(|t| me.d(t))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((add(ds), Detail::None))
            }),
            Sym::Mul(factors) => self.product(e, factors),
            Sym::Div(a, b) if !b.depends_on(x) => {
                let constant = Sym::div(Sym::one(), (**b).clone());
                self.step(Rule::ConstantMultiple, e, |me| {
                    let da = me.d_part(a)?;
                    let rest = (**a).clone();
                    Ok((div(da, simplify(b)), Detail::Multiple { constant, rest }))
                })
            }
            Sym::Div(a, b) => self.quotient(e, a, b),
            Sym::Pow(a, b) if a.depends_on(x) && b.depends_on(x) => self.variable_exponent(e, a, b),
            Sym::Call(f @ (Func::Relu | Func::Min | Func::Max), _) => Err(Refusal {
                expr: e.clone(),
                reason: kink_reason(*f),
            }),
            Sym::Agg(Aggregate::Prod, _) => Err(Refusal {
                expr: e.clone(),
                reason: "prod(...) over data rows has no derivative formula here (the product \
                         rule over every row is not written out)"
                    .to_string(),
            }),
            Sym::Agg(a, body) => self.step(Rule::Sum, e, |me| {
                let db = me.d(body)?;
                Ok((Sym::Agg(*a, Box::new(db)), Detail::None))
            }),
            Sym::Pow(..) | Sym::Call(..) => self.composite(e),
            // constants were handled above; nothing else depends on the variable
            Sym::Num(_) | Sym::Param(_) | Sym::Column(_) | Sym::Pi | Sym::E | Sym::Hole(_) => {
                Ok(Sym::zero())
            }
        }
    }

    /// `constant·rest`, `rest` depending on the variable: the constant multiple rule.
    fn constant_multiple(&mut self, e: &Sym, constant: Sym, rest: Sym) -> Result<Sym, Refusal> {
        self.step(Rule::ConstantMultiple, e, |me| {
            let dr = me.d_part(&rest)?;
            Ok((
                mul(vec![simplify(&constant), dr]),
                Detail::Multiple { constant, rest },
            ))
        })
    }

    /// `−a`: a constant multiple, of −1 or (−5x² is one constant multiple, −5 times x²) of
    /// the constant factors of `a` with their sign.
    fn negation(&mut self, e: &Sym, a: &Sym) -> Result<Sym, Refusal> {
        let x = self.var;
        if let Sym::Mul(fs) = a {
            if fs.iter().any(|f| !f.depends_on(x)) {
                let (constants, varying): (Vec<Sym>, Vec<Sym>) =
                    fs.iter().cloned().partition(|f| !f.depends_on(x));
                let constant = Sym::neg(product_of(constants));
                return self.constant_multiple(e, constant, product_of(varying));
            }
        }
        self.step(Rule::ConstantMultiple, e, |me| {
            let da = me.d_part(a)?;
            let constant = Sym::num(-1);
            let rest = a.clone();
            Ok((neg(da), Detail::Multiple { constant, rest }))
        })
    }

    /// A product: a constant multiple when some factors are constant, else the product rule
    /// with `u` the first factor and `v` the rest.
    fn product(&mut self, e: &Sym, factors: &[Sym]) -> Result<Sym, Refusal> {
        let x = self.var;
        let (constants, varying): (Vec<Sym>, Vec<Sym>) =
            factors.iter().cloned().partition(|f| !f.depends_on(x));
        if !constants.is_empty() {
            return self.constant_multiple(e, product_of(constants), product_of(varying));
        }
        match varying.as_slice() {
            [] => Ok(Sym::zero()),
            [only] => self.d(only),
            [first, others @ ..] => {
                let u = first.clone();
                let v = product_of(others.to_vec());
                self.step(Rule::Product, e, |me| {
                    let du = me.d(&u)?;
                    let dv = me.d(&v)?;
                    let d = add(vec![
                        mul(vec![du, simplify(&v)]),
                        mul(vec![simplify(&u), dv]),
                    ]);
                    Ok((d, Detail::Product { u, v }))
                })
            }
        }
    }

    /// `a/b` with `b` depending on the variable: the quotient rule.
    fn quotient(&mut self, e: &Sym, a: &Sym, b: &Sym) -> Result<Sym, Refusal> {
        self.step(Rule::Quotient, e, |me| {
            let da = me.d(a)?;
            let db = me.d(b)?;
            let (u, v) = (simplify(a), simplify(b));
            let top = add(vec![mul(vec![da, v.clone()]), neg(mul(vec![u, db]))]);
            let d = div(top, pow(v, Sym::num(2)));
            let (u, v) = (a.clone(), b.clone());
            Ok((d, Detail::Quotient { u, v }))
        })
    }

    /// `a^b` with the variable in both: (uᵛ)′ = uᵛ·(v′·ln u + v·u′/u).
    fn variable_exponent(&mut self, e: &Sym, a: &Sym, b: &Sym) -> Result<Sym, Refusal> {
        self.step(Rule::VariableExponent, e, |me| {
            let da = me.d(a)?;
            let db = me.d(b)?;
            let (u, v) = (simplify(a), simplify(b));
            let inner = add(vec![
                mul(vec![db, call(Func::Ln, vec![u.clone()])]),
                div(mul(vec![v.clone(), da]), u.clone()),
            ]);
            Ok((mul(vec![pow(u, v), inner]), Detail::None))
        })
    }

    /// The derivative of the part a constant multiplies: no step of its own when it is the
    /// variable itself (`d/dx 2·x = 2` says it all).
    fn d_part(&mut self, rest: &Sym) -> Result<Sym, Refusal> {
        if *rest == Sym::Var(self.var) {
            Ok(Sym::one())
        } else {
            self.d(rest)
        }
    }

    /// A function of one argument, or a power with a constant exponent or base.
    fn composite(&mut self, e: &Sym) -> Result<Sym, Refusal> {
        let Some(first) = layer(e, 0, self.var) else {
            return Err(Refusal {
                expr: e.clone(),
                reason: "no derivative rule applies".to_string(),
            });
        };
        let x = Sym::Var(self.var);
        if first.inner == x {
            // the rule of the function itself: d/dx sin(x) = cos(x)
            let rule = match e {
                Sym::Pow(a, _) if a.depends_on(self.var) => Rule::Power,
                Sym::Pow(..) => Rule::Exp,
                Sym::Call(f, _) => Rule::of_function(*f),
                _ => Rule::Chain,
            };
            let d = simplify(&substitute(&first.outer_derivative, 0, &x));
            let general = (first.outer.clone(), first.outer_derivative.clone());
            return self.step(rule, e, |_| Ok((d, Detail::Function { general })));
        }
        // the chain: list every layer down to the variable (or to a sum, product, …)
        let mut layers = vec![first];
        while layers.len() < 8 {
            let Some(last) = layers.last() else { break };
            match layer(&last.inner, layers.len(), self.var) {
                Some(next) if next.inner != x && next.inner.depends_on(self.var) => {
                    layers.push(next)
                }
                _ => break,
            }
        }
        let outer = layers[0].outer_derivative.clone();
        let inner = layers[0].inner.clone();
        self.step(Rule::Chain, e, |me| {
            let di = me.d(&inner)?;
            let at = simplify(&substitute(&outer, 0, &inner));
            Ok((mul(vec![at, di]), Detail::Chain { layers }))
        })
    }
}

fn product_of(mut v: Vec<Sym>) -> Sym {
    match v.len() {
        0 => Sym::one(),
        1 => v.pop().unwrap_or_else(Sym::one),
        _ => Sym::Mul(v),
    }
}

fn kink_reason(f: Func) -> String {
    match f {
        Func::Relu => "relu(u) has a kink where u = 0: its derivative is 1 where u > 0 and 0 \
                       where u < 0, undefined at u = 0, and the answer language has no formula \
                       for that"
            .to_string(),
        _ => {
            format!(
            "{}(...) has kinks where its arguments are equal: its derivative is that of the {} \
             argument, which the answer language cannot write as one formula",
            f.name(),
            if f == Func::Min { "smallest" } else { "largest" }
        )
        }
    }
}

/// The outermost layer of a composite in variable `var`: the outer function with placeholder
/// `hole`, its derivative in the placeholder, and the inner expression.
pub(crate) fn layer(e: &Sym, hole: usize, var: usize) -> Option<Layer> {
    let u = Sym::Hole(hole);
    match e {
        Sym::Pow(a, b) if !b.depends_on(var) => {
            let outer = Sym::pow(u.clone(), (**b).clone());
            let d = mul(vec![
                simplify(b),
                pow(u, add(vec![simplify(b), Sym::num(-1)])),
            ]);
            Some(Layer {
                outer,
                outer_derivative: d,
                inner: (**a).clone(),
            })
        }
        Sym::Pow(a, b) if !a.depends_on(var) => {
            let outer = Sym::pow((**a).clone(), u.clone());
            let d = if **a == Sym::E {
                outer.clone()
            } else {
                mul(vec![outer.clone(), call(Func::Ln, vec![simplify(a)])])
            };
            Some(Layer {
                outer,
                outer_derivative: d,
                inner: (**b).clone(),
            })
        }
        Sym::Call(f, args) => match args.as_slice() {
            [arg] => Some(Layer {
                outer: Sym::call(*f, u.clone()),
                outer_derivative: function_derivative(*f, u)?,
                inner: arg.clone(),
            }),
            _ => None,
        },
        _ => None,
    }
}

/// `f′(u)` for the functions with a derivative formula.
fn function_derivative(f: Func, u: Sym) -> Option<Sym> {
    let sq = |s: Sym| Sym::pow(s, Sym::num(2));
    let c = |g: Func| Sym::call(g, u.clone());
    let one = Sym::one;
    let d = match f {
        Func::Sin => c(Func::Cos),
        Func::Cos => Sym::neg(c(Func::Sin)),
        Func::Tan => sq(c(Func::Sec)),
        Func::Sec => Sym::Mul(vec![c(Func::Sec), c(Func::Tan)]),
        Func::Csc => Sym::neg(Sym::Mul(vec![c(Func::Csc), c(Func::Cot)])),
        Func::Cot => Sym::neg(sq(c(Func::Csc))),
        Func::Asin => Sym::div(
            one(),
            Sym::call(Func::Sqrt, Sym::Add(vec![one(), Sym::neg(sq(u.clone()))])),
        ),
        Func::Acos => Sym::neg(Sym::div(
            one(),
            Sym::call(Func::Sqrt, Sym::Add(vec![one(), Sym::neg(sq(u.clone()))])),
        )),
        Func::Atan => Sym::div(one(), Sym::Add(vec![one(), sq(u.clone())])),
        Func::Sinh => c(Func::Cosh),
        Func::Cosh => c(Func::Sinh),
        Func::Tanh => Sym::Add(vec![one(), Sym::neg(sq(c(Func::Tanh)))]),
        Func::Asinh => Sym::div(
            one(),
            Sym::call(Func::Sqrt, Sym::Add(vec![sq(u.clone()), one()])),
        ),
        Func::Acosh => Sym::div(
            one(),
            Sym::call(Func::Sqrt, Sym::Add(vec![sq(u.clone()), Sym::num(-1)])),
        ),
        Func::Atanh => Sym::div(one(), Sym::Add(vec![one(), Sym::neg(sq(u.clone()))])),
        Func::Exp => c(Func::Exp),
        Func::Ln => Sym::div(one(), u.clone()),
        Func::Log10 => Sym::div(
            one(),
            Sym::Mul(vec![u.clone(), Sym::call(Func::Ln, Sym::num(10))]),
        ),
        Func::Log2 => Sym::div(
            one(),
            Sym::Mul(vec![u.clone(), Sym::call(Func::Ln, Sym::num(2))]),
        ),
        Func::Sqrt => Sym::div(one(), Sym::Mul(vec![Sym::num(2), c(Func::Sqrt)])),
        Func::Abs => Sym::div(u.clone(), c(Func::Abs)),
        Func::Sigmoid => Sym::Mul(vec![
            c(Func::Sigmoid),
            Sym::Add(vec![one(), Sym::neg(c(Func::Sigmoid))]),
        ]),
        Func::Relu | Func::Min | Func::Max => return None,
    };
    Some(simplify(&d))
}

/// `s` with placeholder `hole` replaced by `with`.
pub(crate) fn substitute(s: &Sym, hole: usize, with: &Sym) -> Sym {
    let r = |t: &Sym| substitute(t, hole, with);
    match s {
        Sym::Hole(k) if *k == hole => with.clone(),
        Sym::Num(_)
        | Sym::Var(_)
        | Sym::Param(_)
        | Sym::Column(_)
        | Sym::Pi
        | Sym::E
        | Sym::Hole(_) => s.clone(),
        Sym::Neg(a) => Sym::neg(r(a)),
        Sym::Add(t) => Sym::Add(t.iter().map(r).collect()),
        Sym::Mul(t) => Sym::Mul(t.iter().map(r).collect()),
        Sym::Div(a, b) => Sym::div(r(a), r(b)),
        Sym::Pow(a, b) => Sym::pow(r(a), r(b)),
        Sym::Call(f, args) => Sym::Call(*f, args.iter().map(r).collect()),
        Sym::Agg(a, body) => Sym::Agg(*a, Box::new(r(body))),
    }
}
