//! Property test of the library of mistakes (issue 16): random functions of x, a random wrong
//! rule injected into their derivative by an implementation written here — its own expression
//! tree, its own derivative, its own wrong rules, independent of `math::symbolic::mistakes` —
//! and the answer given to the real checker. The checker may name the mistake or leave it
//! unnamed, but it must never misname it: a family it names must be one that some wrong rule
//! of this file, applied somewhere in the function, also turns into the student's answer
//! (checked at points of its own, not the checker's), and a generic finding (a sign, a constant
//! factor, the function itself, ...) must be true of the answer at those points.

use crate::check_support::exercise_of;
use gradtutor::check::{Checker, Status};
use gradtutor::exercise::{Answer, Exercise, Kind};
use proptest::prelude::*;

/// A function of x.
#[derive(Clone, Debug)]
enum E {
    X,
    C(f64),
    /// a·x + b
    Lin(f64, f64),
    Sum(Vec<E>),
    Neg(Box<E>),
    /// c·a
    Scale(f64, Box<E>),
    Mul(Box<E>, Box<E>),
    Sin(Box<E>),
    Cos(Box<E>),
    Exp(Box<E>),
    /// aⁿ, n ≥ 2
    Pow(Box<E>, i32),
}

use E::*;

fn b(e: E) -> Box<E> {
    Box::new(e)
}

/// A wrong rule as a student applies it, at one node of the function.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Rule {
    /// (uv)′ = u′·v′
    ProductBoth,
    /// (uv)′ = u′·v
    ProductFirst,
    /// (uv)′ = u·v′
    ProductSecond,
    /// (uv)′ = u′·v − u·v′ (the quotient rule's minus)
    ProductMinus,
    /// (f(u))′ = f′(u), the inner derivative lost
    InnerDropped,
    /// (sin u)′ = −cos u · u′
    SinNegCos,
    /// (cos u)′ = sin u · u′
    CosSin,
    /// (f(u))′ = u′, the outer derivative lost
    OuterDropped,
    /// (f(u))′ = f′(x)·u′, the outer derivative taken at x
    OuterAtX,
    /// (uⁿ)′ = n·uⁿ⁺¹·u′
    PowerUp,
    /// (uⁿ)′ = (n − 1)·uⁿ·u′
    PowerLowerFirst,
    /// (uⁿ)′ = uⁿ⁻¹·u′
    PowerNoFactor,
    /// (eᵘ)′ = u·eᵘ⁻¹, the power rule on an exponential
    PowerOnExp,
    /// the i-th term's derivative with its sign flipped (for a·x + b, a's)
    SignFlipped(usize),
    /// the i-th term's derivative left out
    TermDropped(usize),
    /// a constant term kept (a constant of a sum, or the b of a·x + b)
    ConstantKept,
}

impl Rule {
    /// The `diagnosis` tag of this wrong rule's family.
    fn family(self) -> &'static str {
        match self {
            Rule::ProductBoth | Rule::ProductFirst | Rule::ProductSecond | Rule::ProductMinus => {
                "product_rule"
            }
            Rule::InnerDropped | Rule::OuterDropped | Rule::OuterAtX => "chain_rule",
            Rule::SinNegCos | Rule::CosSin => "elementary",
            Rule::PowerUp | Rule::PowerLowerFirst | Rule::PowerNoFactor | Rule::PowerOnExp => {
                "power_rule"
            }
            Rule::SignFlipped(_) => "term_sign",
            Rule::TermDropped(_) => "missing_term",
            Rule::ConstantKept => "constant_not_dropped",
        }
    }
}

/// A wrong rule at the node with this preorder number.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Slip {
    node: usize,
    rule: Rule,
}

/// Whether `e` depends on x.
fn varies(e: &E) -> bool {
    match e {
        X | Lin(..) => true,
        C(_) => false,
        Sum(ts) => ts.iter().any(varies),
        Neg(a) | Scale(_, a) | Sin(a) | Cos(a) | Exp(a) | Pow(a, _) => varies(a),
        Mul(u, v) => varies(u) || varies(v),
    }
}

/// Numbers the nodes under `e` (after `e` itself), with no slip among them.
fn count(e: &E, n: &mut usize) {
    match e {
        X | C(_) | Lin(..) => {}
        Sum(ts) => ts.iter().for_each(|t| {
            *n += 1;
            count(t, n)
        }),
        Neg(a) | Scale(_, a) | Sin(a) | Cos(a) | Exp(a) | Pow(a, _) => {
            *n += 1;
            count(a, n)
        }
        Mul(u, v) => {
            *n += 1;
            count(u, n);
            *n += 1;
            count(v, n)
        }
    }
}

/// Every wrong rule that applies somewhere in `e`, in preorder.
fn slips(e: &E) -> Vec<Slip> {
    fn walk(e: &E, in_sum: bool, n: &mut usize, out: &mut Vec<Slip>) {
        let node = *n;
        *n += 1;
        // a student differentiates a constant part as a whole (to 0), or keeps it
        let varying = varies(e);
        let mut add = |rule| {
            if varying || rule == Rule::ConstantKept {
                out.push(Slip { node, rule });
            }
        };
        let chained = |a: &E| !matches!(a, X);
        match e {
            _ if !varying && in_sum && eval(e, 0.0) != 0.0 => {
                add(Rule::ConstantKept);
                count(e, n);
            }
            _ if !varying => count(e, n),
            Lin(_, c) => {
                // a·x + b is a sum of two terms to a student
                add(Rule::SignFlipped(0));
                if *c != 0.0 {
                    add(Rule::ConstantKept);
                }
            }
            X | C(_) => {}
            Sum(ts) => {
                for i in 0..ts.len() {
                    add(Rule::SignFlipped(i));
                    if ts.len() > 1 {
                        add(Rule::TermDropped(i));
                    }
                }
                ts.iter().for_each(|t| walk(t, true, n, out));
            }
            Neg(a) | Scale(_, a) => walk(a, false, n, out),
            Mul(u, v) => {
                // by a constant factor, a product is a constant multiple to a student
                if varies(u) && varies(v) {
                    add(Rule::ProductBoth);
                    add(Rule::ProductFirst);
                    add(Rule::ProductSecond);
                    add(Rule::ProductMinus);
                }
                walk(u, false, n, out);
                walk(v, false, n, out);
            }
            Sin(a) | Cos(a) | Exp(a) | Pow(a, _) => {
                match e {
                    Sin(_) => add(Rule::SinNegCos),
                    Cos(_) => add(Rule::CosSin),
                    Pow(..) => {
                        add(Rule::PowerUp);
                        add(Rule::PowerLowerFirst);
                        add(Rule::PowerNoFactor);
                    }
                    _ => add(Rule::PowerOnExp),
                }
                if chained(a) {
                    add(Rule::InnerDropped);
                    add(Rule::OuterDropped);
                    add(Rule::OuterAtX);
                }
                walk(a, false, n, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(e, false, &mut 0, &mut out);
    out
}

/// The derivative of `e`, with the wrong rules `slip` applied where they say (right everywhere
/// else). `n` numbers the nodes in preorder, as [`slips`] does.
fn d(e: &E, slip: &[Slip], n: &mut usize) -> E {
    let node = *n;
    *n += 1;
    let rules: Vec<Rule> = slip
        .iter()
        .filter(|s| s.node == node)
        .map(|s| s.rule)
        .collect();
    let inner_dropped = rules.contains(&Rule::InnerDropped);
    let here = rules
        .iter()
        .copied()
        .find(|r| *r != Rule::InnerDropped)
        .or(rules.first().copied());
    if here == Some(Rule::ConstantKept) && !varies(e) {
        // the constant kept: its own value, and nothing under it is a slip
        count(e, n);
        return e.clone();
    }
    match e {
        X => C(1.0),
        C(_) => C(0.0),
        Lin(a, c) if here == Some(Rule::ConstantKept) => C(a + c),
        Lin(a, _) if here == Some(Rule::SignFlipped(0)) => C(-a),
        Lin(a, _) => C(*a),
        Sum(ts) => {
            let mut ds: Vec<E> = ts.iter().map(|t| d(t, slip, n)).collect();
            match here {
                Some(Rule::SignFlipped(i)) => ds[i] = Neg(b(ds[i].clone())),
                Some(Rule::TermDropped(i)) => {
                    ds.remove(i);
                }
                _ => {}
            }
            Sum(ds)
        }
        Neg(a) => Neg(b(d(a, slip, n))),
        Scale(c, a) => Scale(*c, b(d(a, slip, n))),
        Mul(u, v) => {
            let du = d(u, slip, n);
            let dv = d(v, slip, n);
            match here {
                Some(Rule::ProductBoth) => Mul(b(du), b(dv)),
                Some(Rule::ProductFirst) => Mul(b(du), v.clone()),
                Some(Rule::ProductSecond) => Mul(u.clone(), b(dv)),
                Some(Rule::ProductMinus) => {
                    Sum(vec![Mul(b(du), v.clone()), Neg(b(Mul(u.clone(), b(dv))))])
                }
                _ => Sum(vec![Mul(b(du), v.clone()), Mul(u.clone(), b(dv))]),
            }
        }
        Sin(a) | Cos(a) | Exp(a) | Pow(a, _) => {
            let da = d(a, slip, n);
            if here == Some(Rule::PowerOnExp) {
                return Mul(a.clone(), b(Exp(b(Sum(vec![(**a).clone(), C(-1.0)])))));
            }
            let at = if here == Some(Rule::OuterAtX) {
                X
            } else {
                (**a).clone()
            };
            let outer = outer_derivative(e, here, b(at));
            match here {
                Some(Rule::OuterDropped) => da,
                _ if inner_dropped => outer,
                _ => Mul(b(outer), b(da)),
            }
        }
    }
}

/// The outer function's derivative at `a`, with a wrong basic or power rule when `here` says.
fn outer_derivative(e: &E, here: Option<Rule>, a: Box<E>) -> E {
    match (e, here) {
        (Sin(_), Some(Rule::SinNegCos)) => Neg(b(Cos(a))),
        (Sin(_), _) => Cos(a),
        (Cos(_), Some(Rule::CosSin)) => Sin(a),
        (Cos(_), _) => Neg(b(Sin(a))),
        (Pow(_, k), Some(Rule::PowerUp)) => Scale(f64::from(*k), b(Pow(a, k + 1))),
        (Pow(_, k), Some(Rule::PowerLowerFirst)) => Scale(f64::from(k - 1), b(Pow(a, *k))),
        (Pow(_, k), Some(Rule::PowerNoFactor)) => Pow(a, k - 1),
        (Pow(_, k), _) => Scale(f64::from(*k), b(Pow(a, k - 1))),
        _ => Exp(a),
    }
}

fn derivative(e: &E, slip: &[Slip]) -> E {
    d(e, slip, &mut 0)
}

/// Fully parenthesised text for the answer language.
fn render(e: &E) -> String {
    match e {
        X => "x".to_string(),
        C(c) => format!("({c:?})"),
        Lin(a, c) => format!("(({a:?})*x+({c:?}))"),
        Sum(ts) if ts.is_empty() => "0".to_string(),
        Sum(ts) => format!("({})", ts.iter().map(render).collect::<Vec<_>>().join("+")),
        Neg(a) => format!("(-{})", render(a)),
        Scale(c, a) => format!("(({c:?})*{})", render(a)),
        Mul(u, v) => format!("({}*{})", render(u), render(v)),
        Sin(a) => format!("sin({})", render(a)),
        Cos(a) => format!("cos({})", render(a)),
        Exp(a) => format!("exp({})", render(a)),
        Pow(a, k) => format!("({}^{k})", render(a)),
    }
}

fn eval(e: &E, x: f64) -> f64 {
    match e {
        X => x,
        C(c) => *c,
        Lin(a, c) => a * x + c,
        Sum(ts) => ts.iter().map(|t| eval(t, x)).sum(),
        Neg(a) => -eval(a, x),
        Scale(c, a) => c * eval(a, x),
        Mul(u, v) => eval(u, x) * eval(v, x),
        Sin(a) => eval(a, x).sin(),
        Cos(a) => eval(a, x).cos(),
        Exp(a) => eval(a, x).exp(),
        Pow(a, k) => eval(a, x).powi(*k),
    }
}

/// This test's own points on (−3, 3): none of them the checker's.
fn points() -> Vec<f64> {
    (0..41).map(|k| -2.93 + 0.1451 * f64::from(k)).collect()
}

fn values(e: &E) -> Vec<f64> {
    points().into_iter().map(|x| eval(e, x)).collect()
}

fn rms(v: &[f64]) -> f64 {
    (v.iter().map(|x| x * x).sum::<f64>() / v.len() as f64).sqrt()
}

/// Whether two functions agree at this test's points, relative to `b`'s size.
fn same(a: &[f64], b: &[f64]) -> bool {
    let scale = rms(b);
    a.iter()
        .zip(b)
        .all(|(x, y)| (x - y).abs() <= 1e-7 * (y.abs() + scale) + 1e-12)
}

/// The families of this file's wrong rules that give the answer `a` somewhere in `f`: one rule,
/// or (`two`) two at once, as the library also names.
fn explaining(f: &E, a: &[f64], two: bool) -> Vec<&'static str> {
    let all = slips(f);
    let mut out = Vec::new();
    for (i, s) in all.iter().enumerate() {
        if same(a, &values(&derivative(f, &[*s]))) {
            out.push(s.rule.family());
        }
        for t in all[i + 1..].iter().filter(|_| two) {
            if same(a, &values(&derivative(f, &[*s, *t]))) {
                out.extend([s.rule.family(), t.rule.family()]);
            }
        }
    }
    out
}

/// Whether the checker's generic finding `tag` is true of the answer `a`.
fn generic_holds(tag: &str, f: &E, a: &[f64], truth: &[f64]) -> bool {
    match tag {
        "sign" => same(a, &truth.iter().map(|t| -t).collect::<Vec<_>>()),
        "constant_factor" => {
            let Some(k) =
                (0..truth.len()).max_by(|&i, &j| truth[i].abs().total_cmp(&truth[j].abs()))
            else {
                return false;
            };
            let r = a[k] / truth[k];
            same(a, &truth.iter().map(|t| r * t).collect::<Vec<_>>())
        }
        "not_differentiated" => same(a, &values(f)),
        "wrong_order" => same(a, &values(&derivative(&derivative(f, &[]), &[]))),
        "partly_wrong" => {
            let scale = rms(truth);
            let right = |(x, t): (&f64, &f64)| (x - t).abs() <= 1e-6 * (t.abs() + scale);
            a.iter().zip(truth).any(right) && !a.iter().zip(truth).all(right)
        }
        "rounded" => {
            let scale = rms(truth);
            a.iter()
                .zip(truth)
                .all(|(x, t)| (x - t).abs() <= 1e-2 * (t.abs() + scale))
        }
        _ => false,
    }
}

fn leaf() -> impl Strategy<Value = E> {
    let coef = prop::sample::select(vec![-3.0, -2.0, -1.5, -0.5, 0.5, 1.5, 2.0, 3.0]);
    prop_oneof![
        3 => Just(X),
        1 => (-8i32..=8).prop_map(|k| C(f64::from(k) * 0.5)),
        3 => (coef, -4i32..=4).prop_map(|(a, c)| Lin(a, f64::from(c) * 0.5)),
    ]
}

fn function() -> impl Strategy<Value = E> {
    leaf().prop_recursive(3, 16, 3, |inner| {
        let coef = prop::sample::select(vec![-3.0, -2.0, -0.5, 0.5, 2.0, 4.0]);
        prop_oneof![
            2 => prop::collection::vec(inner.clone(), 2..=3).prop_map(Sum),
            1 => inner.clone().prop_map(|a| Neg(b(a))),
            1 => (coef, inner.clone()).prop_map(|(c, a)| Scale(c, b(a))),
            3 => (inner.clone(), inner.clone()).prop_map(|(u, v)| Mul(b(u), b(v))),
            2 => inner.clone().prop_map(|a| Sin(b(a))),
            2 => inner.clone().prop_map(|a| Cos(b(a))),
            1 => inner.clone().prop_map(|a| Exp(b(a))),
            2 => (inner, 2i32..=4).prop_map(|(a, k)| Pow(b(a), k)),
        ]
    })
}

fn exercise(f: &E) -> Exercise {
    let vars = vec!["x".to_string()];
    let kind = Kind::Derivative {
        function: render(f),
        vars: vars.clone(),
        var: vars,
        order: 1,
        at: None,
    };
    exercise_of("injected-mistake", kind)
}

/// Values this test can trust: finite and of a size that double precision keeps well.
fn tame(v: &[f64]) -> bool {
    v.iter().all(|x| x.is_finite() && x.abs() < 1e6)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1000,
        max_shrink_iters: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// A wrong rule injected by this file is named with its family, or with another family
    /// that one of this file's rules also explains it by, or with a generic finding that is
    /// true of it, or left unnamed; and the verdict is always "incorrect".
    #[test]
    fn an_injected_mistake_is_never_misnamed(f in function(), pick in any::<prop::sample::Index>()) {
        let all = slips(&f);
        prop_assume!(!all.is_empty());
        let slip = *pick.get(&all);
        let truth = values(&derivative(&f, &[]));
        let wrong = derivative(&f, &[slip]);
        let a = values(&wrong);
        prop_assume!(tame(&truth) && tame(&a) && tame(&values(&f)));
        // the wrong rule must make a difference this test can see (u′v′ of a product with a
        // constant part may be the truth)
        let scale = rms(&truth).max(1e-3);
        prop_assume!(a.iter().zip(&truth).any(|(x, t)| (x - t).abs() > 1e-3 * scale));
        let Ok(checker) = Checker::new(&exercise(&f)) else {
            // too few usable sample points: not this test's concern
            return Ok(());
        };
        let answer = render(&wrong);
        let v = checker.check(&Answer::Scalar(answer.clone()));
        let context = format!("f = {}\nslip = {slip:?}\nanswer = {answer}\n{}", render(&f), v.message);
        prop_assert_eq!(v.status, Status::Incorrect, "{}", context);
        let Some(diagnosis) = v.diagnosis else {
            return Ok(());
        };
        let tag = diagnosis.tag();
        let mut families = explaining(&f, &a, false);
        prop_assert!(families.contains(&slip.rule.family()), "the test's own bookkeeping: {}", context);
        if !families.contains(&tag) {
            // two slips at once that give the same answer (−cos u for (sin u)′ with the chain
            // factor u′ = −1 lost)
            families = explaining(&f, &a, true);
        }
        prop_assert!(
            families.contains(&tag) || generic_holds(tag, &f, &a, &truth),
            "misnamed as {tag} (this file's rules explain it as {families:?})\n{context}"
        );
    }
}
