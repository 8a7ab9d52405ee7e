//! The simplifier: a fixed, deterministic set of rules that make a derivative readable without
//! changing its value wherever the input is defined.
//!
//! The rules (docs/derivations.md lists them for students and instructors):
//! 1. Constants are folded exactly: integers and fractions stay exact (`1/2`, never `0.5`),
//!    decimals the input wrote stay decimals; `sin(0)`, `ln(1)`, `ln(e)`, `√4`, … are folded.
//! 2. Identities: `0 + u = u`, `1·u = u`, `0·u = 0`, `u^1 = u`, `u^0 = 1`, `1^u = 1`.
//! 3. Signs are normalised: a product carries its sign in front (`−(2x)`, never `2·(−x)`),
//!    `−(−u) = u`, a sum never shows `+ −`, and a sum does not start with a minus when one of
//!    its terms is positive (that term moves to the front).
//! 4. Like terms are collected (`3x + 2x = 5x`); the terms keep the order in which they first
//!    appear, with a constant term last.
//! 5. Like factors are combined into powers (`x·x² = x³`, `x/x = 1`); factors are sorted
//!    (numbers, named constants, variables, π, e-powers and functions, sums), and factors with
//!    negative exponents form the denominator (`x⁻²` is written `1/x²`).
//! 6. An integer power of a product or power is distributed (`(2x)² = 4x²`, `(x²)³ = x⁶`).
//! 7. Three rewritings of a sum are tried and kept only when the result is shorter:
//!    a numeric multiple of a sum is multiplied out when like terms then cancel or combine
//!    (`2(2cos x − sin x) − cos x = 3cos x − 2sin x`); a factor common to every term is taken
//!    out (`e^(2x)·cos x − e^(2x)·sin x = e^(2x)(cos x − sin x)`); terms with denominators are
//!    put over a common denominator.
//!
//! 8. A number that is not a number (NaN: a parameter without a value, `0·∞`) makes the whole
//!    expression NaN: every constructor below returns NaN when one of its parts is. Without
//!    this, rules 5 and 7 would loop, since NaN equals nothing, not even itself: `x^NaN` is
//!    never the same factor as `x^NaN`, so a common factor is taken out again and again.
//!
//! Rules 5 and 6 may extend the domain (`x/x = 1` is also defined at 0); they never change a
//! value where the input is defined. Nothing else is rewritten: no expansion of products of
//! sums, no trigonometric identities, so the result stays close to what the rules produced.

use super::tree::{Num, Sym};
use crate::math::functions::Func;

/// Simplifies bottom-up.
pub(crate) fn simplify(s: &Sym) -> Sym {
    match s {
        Sym::Num(_)
        | Sym::Var(_)
        | Sym::Param(_)
        | Sym::Column(_)
        | Sym::Pi
        | Sym::E
        | Sym::Hole(_) => s.clone(),
        Sym::Neg(a) => neg(simplify(a)),
        Sym::Add(t) => add(t.iter().map(simplify).collect()),
        Sym::Mul(t) => mul(t.iter().map(simplify).collect()),
        Sym::Div(a, b) => div(simplify(a), simplify(b)),
        Sym::Pow(a, b) => pow(simplify(a), simplify(b)),
        Sym::Call(f, args) => call(*f, args.iter().map(simplify).collect()),
        Sym::Agg(a, body) => Sym::Agg(*a, Box::new(simplify(body))),
    }
}

/// A product as a coefficient times powers of bases, sorted by base.
#[derive(Clone, Debug, PartialEq)]
struct Product {
    coeff: Num,
    factors: Vec<(Sym, Sym)>,
}

impl Product {
    fn one() -> Product {
        Product {
            coeff: Num::ONE,
            factors: Vec::new(),
        }
    }

    fn times_factor(&mut self, base: Sym, exp: Sym) {
        if let Some(k) = self.factors.iter().position(|(b, _)| *b == base) {
            let (_, e) = self.factors.remove(k);
            let e = match (&e, &exp) {
                (Sym::Num(a), Sym::Num(b)) => Sym::Num(a.add(*b)),
                _ => add(vec![e, exp]),
            };
            if !e.is_zero() {
                self.factors.push((base, e));
            }
        } else {
            self.factors.push((base, exp));
        }
    }

    fn times(&mut self, other: Product) {
        self.coeff = self.coeff.mul(other.coeff);
        for (b, e) in other.factors {
            self.times_factor(b, e);
        }
    }

    /// `1/self`, or `None` when the coefficient is zero.
    fn inverse(self) -> Option<Product> {
        Some(Product {
            coeff: self.coeff.recip()?,
            factors: self.factors.into_iter().map(|(b, e)| (b, neg(e))).collect(),
        })
    }

    fn sort(&mut self) {
        self.factors.sort_by(|(a, _), (b, _)| a.canonical_cmp(b));
    }
}

/// Reads an already simplified expression as a product.
fn to_product(s: Sym) -> Product {
    match s {
        Sym::Num(n) => Product {
            coeff: n,
            factors: Vec::new(),
        },
        Sym::Neg(a) => {
            let mut p = to_product(*a);
            p.coeff = p.coeff.neg();
            p
        }
        Sym::Mul(fs) => {
            let mut p = Product::one();
            for f in fs {
                p.times(to_product(f));
            }
            p
        }
        Sym::Div(a, b) => {
            let mut p = to_product(*a);
            let q = to_product((*b).clone());
            match q.inverse() {
                Some(inv) => p.times(inv),
                None => p.times_factor(*b, Sym::num(-1)),
            }
            p
        }
        Sym::Pow(b, e) => Product {
            coeff: Num::ONE,
            factors: vec![(*b, *e)],
        },
        s => Product {
            coeff: Num::ONE,
            factors: vec![(s, Sym::one())],
        },
    }
}

/// NaN as an expression.
fn nan() -> Sym {
    Sym::Num(Num::Real(f64::NAN))
}

/// Whether `s` is the number NaN.
fn is_nan(s: &Sym) -> bool {
    matches!(s, Sym::Num(n) if n.value().is_nan())
}

fn power(b: Sym, e: Sym) -> Sym {
    if e.is_one() {
        b
    } else {
        Sym::pow(b, e)
    }
}

fn product_of(mut v: Vec<Sym>) -> Sym {
    match v.len() {
        0 => Sym::one(),
        1 => v.pop().unwrap_or_else(Sym::one),
        _ => Sym::Mul(v),
    }
}

/// Writes a product back: sign in front, numerator, then the denominator.
fn from_product(mut p: Product) -> Sym {
    if p.coeff.value().is_nan() || p.factors.iter().any(|(_, e)| is_nan(e)) {
        return nan();
    }
    if p.coeff.is_zero() {
        return Sym::zero();
    }
    p.factors.retain(|(_, e)| !e.is_zero());
    // a product or quotient raised to an integer power (after exponents were added) is
    // multiplied in, so that `x·(1/(2x))` becomes 1/2 and no product hides inside another
    while let Some(k) = p.factors.iter().position(|(b, e)| {
        matches!(b, Sym::Mul(_) | Sym::Div(..) | Sym::Neg(_) | Sym::Num(_))
            && matches!(e, Sym::Num(n) if n.as_int().is_some())
    }) {
        let (b, e) = p.factors.remove(k);
        let Sym::Num(n) = e else { break };
        let inner = to_product(b.clone());
        match inner.coeff.pow(n) {
            Some(c) => {
                p.coeff = p.coeff.mul(c);
                for (base, exp) in inner.factors {
                    p.times_factor(base, mul(vec![exp, Sym::Num(n)]));
                }
            }
            None => {
                // not exact: keep it as it is, at the end
                p.factors.push((b, Sym::Num(n)));
                break;
            }
        }
    }
    if p.coeff.is_zero() {
        return Sym::zero();
    }
    if p.factors.is_empty() {
        return Sym::Num(p.coeff);
    }
    p.sort();
    let negative = p.coeff.is_negative();
    let c = p.coeff.abs();
    let (cn, cd) = match c {
        Num::Rat(a, b) => (Num::int(a), Num::int(b)),
        Num::Real(_) => (c, Num::ONE),
    };
    let mut num = Vec::new();
    let mut den = Vec::new();
    if !cn.is_one() {
        num.push(Sym::Num(cn));
    }
    if !cd.is_one() {
        den.push(Sym::Num(cd));
    }
    for (b, e) in p.factors {
        match e {
            Sym::Num(n) if n.is_negative() => den.push(power(b, Sym::Num(n.neg()))),
            e => num.push(power(b, e)),
        }
    }
    let top = product_of(num);
    let s = if den.is_empty() {
        top
    } else {
        Sym::div(top, product_of(den))
    };
    if negative {
        Sym::neg(s)
    } else {
        s
    }
}

pub(crate) fn neg(a: Sym) -> Sym {
    match a {
        Sym::Num(n) => Sym::Num(n.neg()),
        Sym::Neg(x) => *x,
        a => from_product({
            let mut p = to_product(a);
            p.coeff = p.coeff.neg();
            p
        }),
    }
}

pub(crate) fn mul(factors: Vec<Sym>) -> Sym {
    if factors.iter().any(is_nan) {
        return nan();
    }
    if let [Sym::Num(a), Sym::Num(b)] = factors.as_slice() {
        return Sym::Num(a.mul(*b));
    }
    let mut p = Product::one();
    for f in factors {
        if f.is_zero() {
            return Sym::zero();
        }
        p.times(to_product(f));
    }
    from_product(p)
}

pub(crate) fn div(a: Sym, b: Sym) -> Sym {
    if is_nan(&a) || is_nan(&b) {
        return nan();
    }
    if b.is_one() {
        return a;
    }
    let mut p = to_product(a);
    match to_product(b.clone()).inverse() {
        Some(inv) => p.times(inv),
        None => return Sym::div(from_product(p), b),
    }
    from_product(p)
}

pub(crate) fn pow(a: Sym, b: Sym) -> Sym {
    if is_nan(&a) || is_nan(&b) {
        return nan();
    }
    if b.is_zero() || a.is_one() {
        return Sym::one();
    }
    if b.is_one() {
        return a;
    }
    if let (Sym::Num(x), Sym::Num(y)) = (&a, &b) {
        if let Some(v) = x.pow(*y) {
            return Sym::Num(v);
        }
    }
    if a.is_zero() && matches!(b, Sym::Num(n) if !n.is_negative()) {
        return Sym::zero();
    }
    if let Sym::Num(n) = &b {
        if n.as_int().is_some() {
            // (u^m)^n = u^(m·n) and (u·v)^n = u^n·v^n for integer n
            let p = to_product(a.clone());
            if let Some(c) = p.coeff.pow(*n) {
                if p.factors.len() > 1
                    || !p.coeff.is_one()
                    || matches!(a, Sym::Pow(..) | Sym::Div(..) | Sym::Mul(_) | Sym::Neg(_))
                {
                    let mut q = Product {
                        coeff: c,
                        factors: Vec::new(),
                    };
                    for (base, e) in p.factors {
                        q.times_factor(base, mul(vec![e, b.clone()]));
                    }
                    return from_product(q);
                }
            }
        }
        if n.is_negative() {
            return from_product(Product {
                coeff: Num::ONE,
                factors: vec![(a, b)],
            });
        }
    }
    Sym::pow(a, b)
}

/// Exact values of functions at special points; floats fold numerically.
pub(crate) fn call(f: Func, args: Vec<Sym>) -> Sym {
    if args.iter().any(is_nan) {
        return nan();
    }
    if let [Sym::Num(n)] = args.as_slice() {
        let n = *n;
        let exact = match (f, n.value()) {
            (
                Func::Sin
                | Func::Tan
                | Func::Asin
                | Func::Atan
                | Func::Sinh
                | Func::Tanh
                | Func::Asinh
                | Func::Atanh
                | Func::Sqrt,
                0.0,
            ) => Some(Num::ZERO),
            (Func::Cos | Func::Cosh | Func::Exp | Func::Sec, 0.0) => Some(Num::ONE),
            (Func::Ln | Func::Log10 | Func::Log2 | Func::Acosh, 1.0) => Some(Num::ZERO),
            (Func::Sqrt, 1.0) => Some(Num::ONE),
            (Func::Sigmoid, 0.0) => Some(Num::rat(1, 2)),
            (Func::Abs, _) => Some(n.abs()),
            (Func::Relu, v) => Some(if v > 0.0 { n } else { Num::ZERO }),
            (Func::Sqrt, _) => exact_sqrt(n),
            _ => None,
        };
        if let Some(v) = exact {
            return Sym::Num(v);
        }
        if let Num::Real(x) = n {
            if let Some(v) = f.apply(&[x]).filter(|v| v.is_finite()) {
                return Sym::Num(Num::Real(v));
            }
        }
    }
    if let [Sym::E] = args.as_slice() {
        if f == Func::Ln {
            return Sym::one();
        }
    }
    if let [Sym::Neg(inner)] = args.as_slice() {
        if f == Func::Abs {
            return Sym::call(Func::Abs, (**inner).clone());
        }
    }
    Sym::Call(f, args)
}

fn exact_sqrt(n: Num) -> Option<Num> {
    let Num::Rat(p, q) = n else { return None };
    let root = |x: i64| -> Option<i64> {
        if x < 0 {
            return None;
        }
        let r = (x as f64).sqrt().round() as i64;
        (r.checked_mul(r) == Some(x)).then_some(r)
    };
    Some(Num::rat(root(p)?, root(q)?))
}

/// Roughly the length of the printed formula: what "shorter" means for rule 7.
pub(crate) fn weight(s: &Sym) -> usize {
    let paren = |s: &Sym| usize::from(matches!(s, Sym::Add(_) | Sym::Neg(_))) * 2;
    match s {
        Sym::Num(Num::Rat(p, q)) => {
            let digits = |x: i64| x.unsigned_abs().to_string().len();
            digits(*p) + if *q == 1 { 0 } else { 1 + digits(*q) }
        }
        Sym::Num(Num::Real(x)) => format!("{x}").len(),
        Sym::Var(_) | Sym::Param(_) | Sym::Column(_) | Sym::E | Sym::Hole(_) => 1,
        Sym::Pi => 2,
        Sym::Neg(a) => 1 + weight(a) + paren(a),
        Sym::Add(t) => t.iter().map(|t| weight(t) + 3).sum::<usize>() - 3,
        Sym::Mul(t) => t.iter().map(|t| weight(t) + 1 + paren(t)).sum::<usize>() - 1,
        Sym::Div(a, b) => {
            weight(a)
                + weight(b)
                + 1
                + paren(a)
                + if matches!(**b, Sym::Mul(_)) { 2 } else { 0 }
                + paren(b)
        }
        Sym::Pow(a, b) => {
            let non_atom = |s: &Sym| {
                usize::from(
                    !matches!(
                        s,
                        Sym::Var(_) | Sym::Param(_) | Sym::Pi | Sym::E | Sym::Call(..)
                    ) && !matches!(s, Sym::Num(Num::Rat(p, 1)) if *p >= 0),
                ) * 2
            };
            weight(a) + weight(b) + 1 + non_atom(a) + non_atom(b)
        }
        Sym::Call(f, args) => f.name().len() + 2 + args.iter().map(weight).sum::<usize>(),
        Sym::Agg(a, body) => a.name().len() + 2 + weight(body),
    }
}

/// A term of a sum: its coefficient and the rest (a product with coefficient 1).
fn split_term(t: &Sym) -> (Num, Product) {
    let mut p = to_product(t.clone());
    let c = p.coeff;
    p.coeff = Num::ONE;
    p.sort();
    (c, p)
}

/// Flattens and collects like terms (rules 1–4), without the rewritings of rule 7.
fn collect(terms: Vec<Sym>) -> Vec<Sym> {
    let mut flat: Vec<Sym> = Vec::with_capacity(terms.len());
    for t in terms {
        match t {
            Sym::Add(inner) => flat.extend(inner),
            t => flat.push(t),
        }
    }
    let mut constant = Num::ZERO;
    let mut constant_at = None;
    let mut collected: Vec<(Num, Product)> = Vec::with_capacity(flat.len());
    for t in flat {
        if let Sym::Num(n) = t {
            constant = constant.add(n);
            constant_at.get_or_insert(collected.len());
            continue;
        }
        let (c, rest) = split_term(&t);
        if rest.factors.is_empty() {
            constant = constant.add(c);
            constant_at.get_or_insert(collected.len());
            continue;
        }
        if let Some(slot) = collected.iter_mut().find(|(_, r)| *r == rest) {
            slot.0 = slot.0.add(c);
        } else {
            collected.push((c, rest));
        }
    }
    let mut out: Vec<Sym> = Vec::with_capacity(collected.len() + 1);
    let mut constant = (!constant.is_zero()).then_some(Sym::Num(constant));
    for (k, (c, mut p)) in collected.into_iter().enumerate() {
        if constant_at == Some(k) {
            out.extend(constant.take());
        }
        if !c.is_zero() {
            p.coeff = c;
            match from_product(p) {
                Sym::Add(inner) => out.extend(inner),
                t => out.push(t),
            }
        }
    }
    out.extend(constant);
    if out.first().is_some_and(is_negative_term) {
        if let Some(k) = out.iter().position(|t| !is_negative_term(t)) {
            let t = out.remove(k);
            out.insert(0, t);
        }
    }
    out
}

fn is_negative_term(t: &Sym) -> bool {
    match t {
        Sym::Neg(_) => true,
        Sym::Num(n) => n.is_negative(),
        _ => false,
    }
}

fn sum_of(mut terms: Vec<Sym>) -> Sym {
    match terms.len() {
        0 => Sym::zero(),
        1 => terms.pop().unwrap_or_else(Sym::zero),
        _ => Sym::Add(terms),
    }
}

pub(crate) fn add(terms: Vec<Sym>) -> Sym {
    if terms.iter().any(is_nan) {
        return nan();
    }
    if terms.iter().all(|t| matches!(t, Sym::Num(_))) {
        let mut c = Num::ZERO;
        for t in &terms {
            if let Sym::Num(n) = t {
                c = c.add(*n);
            }
        }
        return Sym::Num(c);
    }
    let terms = collect(terms);
    // Like terms may cancel to NaN (∞ − ∞).
    if terms.iter().any(is_nan) {
        return nan();
    }
    if terms.len() < 2 {
        return sum_of(terms);
    }
    // The rewritings borrow the terms; the sum itself is built last, so the terms are moved
    // into it rather than copied (the first of equally short forms is kept, the sum first).
    let split: Vec<(Num, Product)> = terms.iter().map(split_term).collect();
    let candidates = [
        multiplied_out(&terms, &split),
        common_factor(&terms, &split),
        common_denominator(&terms, &split),
    ];
    let mut best = sum_of(terms);
    let mut best_weight = weight(&best);
    for c in candidates.into_iter().flatten() {
        let w = weight(&c);
        if w < best_weight {
            best = c;
            best_weight = w;
        }
    }
    best
}

/// Rule 7a: numeric multiples of sums multiplied out, when that makes terms combine.
fn multiplied_out(terms: &[Sym], split: &[(Num, Product)]) -> Option<Sym> {
    let sum_factor =
        |(_, p): &(Num, Product)| matches!(p.factors.as_slice(), [(Sym::Add(_), e)] if e.is_one());
    if !split.iter().any(sum_factor) {
        return None;
    }
    let mut expanded = Vec::new();
    let mut any = false;
    for (t, (c, rest)) in terms.iter().zip(split) {
        let c = *c;
        if let [(Sym::Add(inner), e)] = rest.factors.as_slice() {
            if e.is_one() {
                any = true;
                expanded.extend(inner.iter().map(|u| mul(vec![Sym::Num(c), u.clone()])));
                continue;
            }
        }
        expanded.push(t.clone());
    }
    if !any {
        return None;
    }
    let n = expanded.iter().map(|t| match t {
        Sym::Add(v) => v.len(),
        _ => 1,
    });
    let count: usize = n.sum();
    let collected = collect(expanded);
    (collected.len() < count).then(|| add(collected))
}

/// Rule 7b: a factor common to every term taken out.
fn common_factor(terms: &[Sym], split: &[(Num, Product)]) -> Option<Sym> {
    let (_, first) = split.first()?;
    let mut common: Vec<(Sym, Sym)> = Vec::new();
    for (base, e0) in &first.factors {
        let mut exp = e0.clone();
        let mut everywhere = true;
        for (_, p) in &split[1..] {
            match p.factors.iter().find(|(b, _)| b == base) {
                None => everywhere = false,
                Some((_, e)) if *e == exp => {}
                Some((_, e)) => match (&exp, e) {
                    (Sym::Num(a), Sym::Num(b))
                        if a.is_negative() == b.is_negative() && !a.is_zero() =>
                    {
                        if b.abs().value() < a.abs().value() {
                            exp = e.clone();
                        }
                    }
                    _ => everywhere = false,
                },
            }
            if !everywhere {
                break;
            }
        }
        if everywhere {
            common.push((base.clone(), exp));
        }
    }
    if common.is_empty() {
        return None;
    }
    let inverse: Vec<Sym> = common
        .iter()
        .map(|(b, e)| power(b.clone(), neg(e.clone())))
        .collect();
    let rest: Vec<Sym> = terms
        .iter()
        .map(|t| {
            let mut v = inverse.clone();
            v.push(t.clone());
            mul(v)
        })
        .collect();
    let mut factors: Vec<Sym> = common.into_iter().map(|(b, e)| power(b, e)).collect();
    factors.push(add(rest));
    Some(mul(factors))
}

/// Rule 7c: every term over one denominator.
fn common_denominator(terms: &[Sym], split: &[(Num, Product)]) -> Option<Sym> {
    let mut den: Vec<(Sym, Num)> = Vec::new();
    for (_, p) in split {
        for (b, e) in &p.factors {
            if let Sym::Num(n) = e {
                if n.is_negative() {
                    let n = n.neg();
                    match den.iter_mut().find(|(d, _)| d == b) {
                        Some(slot) if slot.1.value() < n.value() => slot.1 = n,
                        Some(_) => {}
                        None => den.push((b.clone(), n)),
                    }
                }
            }
        }
    }
    if den.is_empty() {
        return None;
    }
    let d: Vec<Sym> = den
        .into_iter()
        .map(|(b, n)| power(b, Sym::Num(n)))
        .collect();
    let numerators: Vec<Sym> = terms
        .iter()
        .map(|t| {
            let mut v = d.clone();
            v.push(t.clone());
            mul(v)
        })
        .collect();
    Some(div(add(numerators), mul(d)))
}
