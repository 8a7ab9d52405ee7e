//! The symbolic tree: exact numbers, and the operations of the answer language in a form that
//! is convenient to differentiate, simplify and print.
//!
//! It is built from the parser's tree ([`Node`]) without losing what the student or instructor
//! wrote: `a − b` is a sum with a negated term, `u/v` is a quotient (so the steps can name the
//! quotient rule), `2x` is a product. Variables, named constants and data columns keep the
//! scope's indices, so a formula prints back in the function's own names.

use crate::math::ast::Node;
use crate::math::functions::{Aggregate, Func};
use std::cmp::Ordering;

/// An exact rational (`p/q`, `q > 0`, in lowest terms) or, for decimals the input wrote and
/// results that left the rationals (overflow, `2^0.5`), a float.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Num {
    Rat(i64, i64),
    Real(f64),
}

fn gcd(mut a: i64, mut b: i64) -> i64 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Num {
    pub(crate) const ZERO: Num = Num::Rat(0, 1);
    pub(crate) const ONE: Num = Num::Rat(1, 1);

    pub(crate) fn int(n: i64) -> Num {
        Num::Rat(n, 1)
    }

    /// A literal: integers (below 2⁵³) are exact, other values are floats.
    pub(crate) fn from_f64(x: f64) -> Num {
        if x.fract() == 0.0 && x.abs() < 9.0e15 {
            Num::Rat(x as i64, 1)
        } else {
            Num::Real(x)
        }
    }

    /// `p/q` in lowest terms; a float when `q` is 0 or the numbers overflow.
    pub(crate) fn rat(p: i64, q: i64) -> Num {
        if q == 0 {
            return Num::Real(p as f64 / q as f64);
        }
        let g = gcd(p, q).max(1);
        let (mut p, mut q) = (p / g, q / g);
        if q < 0 {
            match (p.checked_neg(), q.checked_neg()) {
                (Some(a), Some(b)) => (p, q) = (a, b),
                _ => return Num::Real(p as f64 / q as f64),
            }
        }
        Num::Rat(p, q)
    }

    pub(crate) fn value(self) -> f64 {
        match self {
            Num::Rat(p, q) => p as f64 / q as f64,
            Num::Real(x) => x,
        }
    }

    pub(crate) fn is_zero(self) -> bool {
        self.value() == 0.0
    }

    pub(crate) fn is_one(self) -> bool {
        self.value() == 1.0
    }

    pub(crate) fn is_negative(self) -> bool {
        self.value() < 0.0
    }

    /// The integer this is, when it is one (exactly).
    pub(crate) fn as_int(self) -> Option<i64> {
        match self {
            Num::Rat(p, 1) => Some(p),
            _ => None,
        }
    }

    pub(crate) fn neg(self) -> Num {
        match self {
            Num::Rat(p, q) => match p.checked_neg() {
                Some(p) => Num::Rat(p, q),
                None => Num::Real(-self.value()),
            },
            Num::Real(x) => Num::Real(-x),
        }
    }

    pub(crate) fn abs(self) -> Num {
        if self.is_negative() {
            self.neg()
        } else {
            self
        }
    }

    pub(crate) fn add(self, o: Num) -> Num {
        if let (Num::Rat(a, b), Num::Rat(c, d)) = (self, o) {
            let p = a
                .checked_mul(d)
                .and_then(|x| c.checked_mul(b).and_then(|y| x.checked_add(y)));
            if let (Some(p), Some(q)) = (p, b.checked_mul(d)) {
                return Num::rat(p, q);
            }
        }
        Num::Real(self.value() + o.value())
    }

    pub(crate) fn mul(self, o: Num) -> Num {
        if let (Num::Rat(a, b), Num::Rat(c, d)) = (self, o) {
            if let (Some(p), Some(q)) = (a.checked_mul(c), b.checked_mul(d)) {
                return Num::rat(p, q);
            }
        }
        Num::Real(self.value() * o.value())
    }

    /// `1/self`; `None` for zero.
    pub(crate) fn recip(self) -> Option<Num> {
        if self.is_zero() {
            return None;
        }
        Some(match self {
            Num::Rat(p, q) => Num::rat(q, p),
            Num::Real(x) => Num::Real(1.0 / x),
        })
    }

    /// `self^e`, exact for integer exponents of rationals (small results only); `None` where
    /// folding would not be exact or not defined (`0^−1`, `(−8)^(1/3)`), so the power stays.
    pub(crate) fn pow(self, e: Num) -> Option<Num> {
        if let (Num::Rat(_, _), Some(n)) = (self, e.as_int()) {
            if n.unsigned_abs() > 64 {
                return None;
            }
            let base = if n < 0 { self.recip()? } else { self };
            let mut acc = Num::ONE;
            for _ in 0..n.unsigned_abs() {
                acc = acc.mul(base);
                if let Num::Real(_) = acc {
                    return None;
                }
            }
            return Some(acc);
        }
        if matches!(self, Num::Real(_)) || matches!(e, Num::Real(_)) {
            let v = self.value().powf(e.value());
            return v.is_finite().then_some(Num::Real(v));
        }
        None
    }
}

impl PartialEq for Num {
    fn eq(&self, other: &Num) -> bool {
        self.value() == other.value()
    }
}

/// An expression. Sums and products are n-ary and keep their written order until the
/// simplifier puts them in its canonical order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Sym {
    Num(Num),
    /// A variable of the scope, by index.
    Var(usize),
    /// A named constant of the scope (`w = 0.5`), by index: held constant.
    Param(usize),
    /// A data column (only inside an aggregate).
    Column(usize),
    Pi,
    E,
    Neg(Box<Sym>),
    Add(Vec<Sym>),
    Mul(Vec<Sym>),
    Div(Box<Sym>, Box<Sym>),
    Pow(Box<Sym>, Box<Sym>),
    Call(Func, Vec<Sym>),
    Agg(Aggregate, Box<Sym>),
    /// A placeholder (`u`, `v`) in the text of a step; never in a formula.
    Hole(usize),
}

impl Sym {
    pub(crate) fn num(n: i64) -> Sym {
        Sym::Num(Num::int(n))
    }

    pub(crate) fn zero() -> Sym {
        Sym::Num(Num::ZERO)
    }

    pub(crate) fn one() -> Sym {
        Sym::Num(Num::ONE)
    }

    pub(crate) fn is_zero(&self) -> bool {
        matches!(self, Sym::Num(n) if n.is_zero())
    }

    pub(crate) fn is_one(&self) -> bool {
        matches!(self, Sym::Num(n) if n.is_one())
    }

    pub(crate) fn call(f: Func, arg: Sym) -> Sym {
        Sym::Call(f, vec![arg])
    }

    pub(crate) fn pow(a: Sym, b: Sym) -> Sym {
        Sym::Pow(Box::new(a), Box::new(b))
    }

    pub(crate) fn div(a: Sym, b: Sym) -> Sym {
        Sym::Div(Box::new(a), Box::new(b))
    }

    pub(crate) fn neg(a: Sym) -> Sym {
        Sym::Neg(Box::new(a))
    }

    /// Builds the tree from the parser's: `a − b` becomes `a + (−b)`, `a·b/c` becomes
    /// `(a·b)/c`, juxtaposition a product.
    pub(crate) fn from_node(node: &Node) -> Sym {
        match node {
            Node::Num(x) => Sym::Num(Num::from_f64(*x)),
            Node::Var(i) => Sym::Var(*i),
            Node::Param(i) => Sym::Param(*i),
            Node::Column(i) => Sym::Column(*i),
            Node::Pi => Sym::Pi,
            Node::E => Sym::E,
            Node::Neg(a) => Sym::neg(Sym::from_node(a)),
            Node::Sum(v) => Sym::Add(
                v.iter()
                    .map(|(minus, n)| {
                        let t = Sym::from_node(n);
                        if *minus {
                            Sym::neg(t)
                        } else {
                            t
                        }
                    })
                    .collect(),
            ),
            Node::Product(v) => {
                let num: Vec<Sym> = v
                    .iter()
                    .filter(|(d, _)| !d)
                    .map(|(_, n)| Sym::from_node(n))
                    .collect();
                let den: Vec<Sym> = v
                    .iter()
                    .filter(|(d, _)| *d)
                    .map(|(_, n)| Sym::from_node(n))
                    .collect();
                let wrap = |mut v: Vec<Sym>| {
                    if v.len() == 1 {
                        v.pop().unwrap_or_else(Sym::one)
                    } else {
                        Sym::Mul(v)
                    }
                };
                if den.is_empty() {
                    wrap(num)
                } else {
                    Sym::div(wrap(num), wrap(den))
                }
            }
            Node::Implicit(v) => Sym::Mul(v.iter().map(Sym::from_node).collect()),
            Node::Pow(a, b) => Sym::pow(Sym::from_node(a), Sym::from_node(b)),
            Node::Call(f, args) => Sym::Call(*f, args.iter().map(Sym::from_node).collect()),
            Node::Agg(a, body) => Sym::Agg(*a, Box::new(Sym::from_node(body))),
        }
    }

    /// Whether variable `v` appears (aggregate bodies included).
    pub(crate) fn depends_on(&self, v: usize) -> bool {
        match self {
            Sym::Var(i) => *i == v,
            Sym::Num(_) | Sym::Param(_) | Sym::Column(_) | Sym::Pi | Sym::E | Sym::Hole(_) => false,
            Sym::Neg(a) | Sym::Agg(_, a) => a.depends_on(v),
            Sym::Add(t) | Sym::Mul(t) | Sym::Call(_, t) => t.iter().any(|t| t.depends_on(v)),
            Sym::Div(a, b) | Sym::Pow(a, b) => a.depends_on(v) || b.depends_on(v),
        }
    }

    /// Whether no variable appears (data columns count as varying with the row).
    pub(crate) fn is_constant(&self) -> bool {
        match self {
            Sym::Var(_) | Sym::Column(_) | Sym::Hole(_) => false,
            Sym::Num(_) | Sym::Param(_) | Sym::Pi | Sym::E => true,
            Sym::Neg(a) | Sym::Agg(_, a) => a.is_constant(),
            Sym::Add(t) | Sym::Mul(t) | Sym::Call(_, t) => t.iter().all(Sym::is_constant),
            Sym::Div(a, b) | Sym::Pow(a, b) => a.is_constant() && b.is_constant(),
        }
    }

    /// How many nodes the tree has.
    pub(crate) fn size(&self) -> usize {
        1 + match self {
            Sym::Neg(a) | Sym::Agg(_, a) => a.size(),
            Sym::Add(t) | Sym::Mul(t) | Sym::Call(_, t) => t.iter().map(Sym::size).sum(),
            Sym::Div(a, b) | Sym::Pow(a, b) => a.size() + b.size(),
            _ => 0,
        }
    }

    /// Evaluates with the scope's variables, named constants' values and data columns
    /// (`columns[i]` the column named by the scope's `i`-th column). NaN where undefined.
    pub(crate) fn eval(&self, vars: &[f64], params: &[f64], columns: &[Vec<f64>]) -> f64 {
        self.eval_row(vars, params, columns, None)
    }

    fn eval_row(&self, vars: &[f64], params: &[f64], cols: &[Vec<f64>], row: Option<usize>) -> f64 {
        let e = |s: &Sym| s.eval_row(vars, params, cols, row);
        match self {
            Sym::Num(n) => n.value(),
            Sym::Var(i) => vars.get(*i).copied().unwrap_or(f64::NAN),
            Sym::Param(i) => params.get(*i).copied().unwrap_or(f64::NAN),
            Sym::Column(i) => row
                .and_then(|r| cols.get(*i).and_then(|c| c.get(r)))
                .copied()
                .unwrap_or(f64::NAN),
            Sym::Pi => std::f64::consts::PI,
            Sym::E => std::f64::consts::E,
            Sym::Hole(_) => f64::NAN,
            Sym::Neg(a) => -e(a),
            Sym::Add(t) => t.iter().map(e).sum(),
            Sym::Mul(t) => t.iter().map(e).product(),
            Sym::Div(a, b) => e(a) / e(b),
            Sym::Pow(a, b) => e(a).powf(e(b)),
            Sym::Call(f, args) => {
                let v: Vec<f64> = args.iter().map(e).collect();
                f.apply(&v).unwrap_or(f64::NAN)
            }
            Sym::Agg(a, body) => {
                if row.is_some() {
                    return f64::NAN;
                }
                let rows = cols.first().map_or(0, Vec::len);
                let vals = (0..rows).map(|r| body.eval_row(vars, params, cols, Some(r)));
                match a {
                    Aggregate::Sum => vals.sum(),
                    Aggregate::Prod => vals.product(),
                    Aggregate::Mean if rows == 0 => f64::NAN,
                    Aggregate::Mean => vals.sum::<f64>() / rows as f64,
                }
            }
        }
    }

    /// A fixed rank per kind of node, for the canonical order of factors: numbers, named
    /// constants and π, variables and their powers, then e-powers and functions, then sums.
    fn rank(&self) -> u8 {
        match self {
            Sym::Num(_) => 0,
            Sym::Param(_) | Sym::Pi => 1,
            Sym::Var(_) | Sym::Column(_) | Sym::Hole(_) => 2,
            Sym::E => 4,
            Sym::Pow(a, _) => match **a {
                Sym::E => 4,
                Sym::Num(_) => 4,
                ref b => b.rank(),
            },
            Sym::Call(..) | Sym::Agg(..) => 5,
            Sym::Neg(a) => a.rank(),
            Sym::Div(..) => 6,
            Sym::Mul(_) => 6,
            Sym::Add(_) => 7,
        }
    }

    fn variant(&self) -> u8 {
        match self {
            Sym::Num(_) => 0,
            Sym::Param(_) => 1,
            Sym::Var(_) => 2,
            Sym::Column(_) => 3,
            Sym::Hole(_) => 4,
            Sym::Pi => 5,
            Sym::E => 6,
            Sym::Pow(..) => 7,
            Sym::Call(..) => 8,
            Sym::Agg(..) => 9,
            Sym::Neg(_) => 10,
            Sym::Div(..) => 11,
            Sym::Mul(_) => 12,
            Sym::Add(_) => 13,
        }
    }

    /// A total, deterministic order used to sort the factors of a product: by rank, then by
    /// base (so `x` comes before `x²` before `y`), then structurally.
    pub(crate) fn canonical_cmp(&self, other: &Sym) -> Ordering {
        self.rank()
            .cmp(&other.rank())
            .then_with(|| self.base().structural_cmp(other.base()))
            .then_with(|| self.structural_cmp(other))
    }

    fn base(&self) -> &Sym {
        match self {
            Sym::Pow(a, _) => a,
            s => s,
        }
    }

    fn structural_cmp(&self, other: &Sym) -> Ordering {
        let v = self.variant().cmp(&other.variant());
        if v != Ordering::Equal {
            return v;
        }
        let list = |a: &[Sym], b: &[Sym]| {
            for (x, y) in a.iter().zip(b) {
                let c = x.structural_cmp(y);
                if c != Ordering::Equal {
                    return c;
                }
            }
            a.len().cmp(&b.len())
        };
        match (self, other) {
            (Sym::Num(a), Sym::Num(b)) => a.value().total_cmp(&b.value()),
            (Sym::Param(a), Sym::Param(b))
            | (Sym::Var(a), Sym::Var(b))
            | (Sym::Column(a), Sym::Column(b))
            | (Sym::Hole(a), Sym::Hole(b)) => a.cmp(b),
            (Sym::Neg(a), Sym::Neg(b)) => a.structural_cmp(b),
            (Sym::Agg(f, a), Sym::Agg(g, b)) => (*f as u8)
                .cmp(&(*g as u8))
                .then_with(|| a.structural_cmp(b)),
            (Sym::Add(a), Sym::Add(b)) | (Sym::Mul(a), Sym::Mul(b)) => list(a, b),
            (Sym::Call(f, a), Sym::Call(g, b)) => {
                (*f as u8).cmp(&(*g as u8)).then_with(|| list(a, b))
            }
            (Sym::Div(a, b), Sym::Div(c, d)) | (Sym::Pow(a, b), Sym::Pow(c, d)) => {
                a.structural_cmp(c).then_with(|| b.structural_cmp(d))
            }
            _ => Ordering::Equal,
        }
    }
}
