//! Tidying a formula for a text template (`{= a*n*x^(n-1) + c}` → `12x³ − 2`): the parameters'
//! values are substituted and the one simplifier of the crate ([`simplify`]) is applied.
//!
//! The tidy rules that templates promise (docs/exercise-format.md) are all rules of the
//! simplifier: `1·u → u`, `u^1 → u`, `0·u` and `u + 0` dropped, `u + (−v) → u − v`,
//! `u − (−v) → u + v`, `−(−u) → u`, numbers folded, a leading `−1·` written `−`. The simplifier
//! does more (like terms collected, factors sorted), always without changing a value where the
//! substituted formula is defined.

use super::print::Printer;
use super::simplify::simplify;
use super::tree::{Num, Sym};
use crate::math::Expr;

/// A formula with its parameters' values substituted, tidied.
#[derive(Clone, Debug, PartialEq)]
pub struct Tidied {
    /// ASCII that the answer language reads back (in the formula's scope) to the same values.
    pub ascii: String,
    /// Typeset as prompts are: `3x⁴ − 2x`.
    pub pretty: String,
    /// The value, when the tidied formula is a number.
    pub number: Option<f64>,
}

/// Substitutes the values of `expr`'s parameters and tidies.
pub fn tidy(expr: &Expr) -> Tidied {
    let (node, names, params) = expr.parts();
    let sym = simplify(&substitute(&Sym::from_node(node), params));
    let printer = Printer::new(names, params);
    let number = match &sym {
        Sym::Num(n) => Some(n.value()),
        Sym::Neg(a) => match **a {
            Sym::Num(n) => Some(-n.value()),
            _ => None,
        },
        _ => None,
    };
    Tidied {
        ascii: printer.ascii(&sym),
        pretty: printer.pretty(&sym),
        number,
    }
}

/// Replaces every parameter by its value (a whole number exactly, others as decimals).
pub(super) fn substitute(s: &Sym, params: &[f64]) -> Sym {
    let sub = |a: &Sym| substitute(a, params);
    let boxed = |a: &Sym| Box::new(substitute(a, params));
    match s {
        Sym::Param(i) => {
            let x = params.get(*i).copied().unwrap_or(f64::NAN);
            if x < 0.0 {
                Sym::Neg(Box::new(Sym::Num(Num::from_f64(-x))))
            } else {
                Sym::Num(Num::from_f64(x))
            }
        }
        Sym::Num(_) | Sym::Var(_) | Sym::Column(_) | Sym::Pi | Sym::E | Sym::Hole(_) => s.clone(),
        Sym::Neg(a) => Sym::Neg(boxed(a)),
        Sym::Add(t) => Sym::Add(t.iter().map(sub).collect()),
        Sym::Mul(t) => Sym::Mul(t.iter().map(sub).collect()),
        Sym::Div(a, b) => Sym::Div(boxed(a), boxed(b)),
        Sym::Pow(a, b) => Sym::Pow(boxed(a), boxed(b)),
        Sym::Call(f, args) => Sym::Call(*f, args.iter().map(sub).collect()),
        Sym::Agg(a, body) => Sym::Agg(*a, boxed(body)),
    }
}
