//! The library of mistakes (`math::symbolic::mistakes`): every wrong rule of issue 16, on the
//! lecture's functions, yields the wrong derivative a student writes for it (typed as a student
//! types it, compared by value), named with its tag and its place; right answers, written every
//! way, are never named.

use gradtutor::math::symbolic::mistakes::matching::{first_match, usable_rows};
use gradtutor::math::symbolic::mistakes::{Explanation, MistakeKind};
use gradtutor::math::symbolic::{infer_scope, Function};
use gradtutor::math::{Expr, Scope};

/// Sample points for `n` variables: spread over (−2.4, 2.6), a different order per variable.
pub fn points(n: usize) -> Vec<Vec<f64>> {
    (0..24)
        .map(|k| {
            (0..n)
                .map(|j| {
                    let i = (k * (2 * j + 1) + 7 * j) % 24;
                    -2.37 + 0.2113 * i as f64
                })
                .collect()
        })
        .collect()
}

/// Equal to a relative 1e-7 (and an absolute 1e-9 of the truth's size).
fn same(scale: f64) -> impl Fn(usize, f64, f64) -> bool {
    move |_, a, b| a.is_finite() && (a - b).abs() <= 1e-7 * b.abs() + 1e-9 * scale + 1e-13
}

/// The scope of `f` with the variables of `by` added when it does not use them.
pub fn scope_for(f: &str, by: &[&str]) -> Scope {
    let mut scope = infer_scope(f, by.first().copied()).unwrap_or_else(|e| panic!("{f}: {e}"));
    for v in by {
        if !scope.vars.iter().any(|w| w == v) {
            scope.vars.push(v.to_string());
        }
    }
    scope
}

/// What the library names when a student answers `answer` for ∂f/∂by…: the points are those
/// where the function's derivative is defined; `None` when nothing matches at every point.
pub fn diagnose(f: &str, by: &[&str], answer: &str) -> Option<Explanation> {
    let scope = scope_for(f, by);
    let idx: Vec<usize> = by
        .iter()
        .map(|v| scope.vars.iter().position(|w| w == v).unwrap_or(0))
        .collect();
    let function = Function::parse(f, &scope).unwrap_or_else(|e| panic!("{f}: {e}"));
    let truth = function
        .derivative(&idx)
        .unwrap_or_else(|e| panic!("{f}: {e}"));
    let answer = Expr::parse(answer, &scope).unwrap_or_else(|e| panic!("{answer}: {e}"));
    let pts: Vec<Vec<f64>> = points(scope.vars.len())
        .into_iter()
        .filter(|p| truth.eval(p).is_finite())
        .collect();
    assert!(pts.len() >= 6, "{f}: only {} points", pts.len());
    let t: Vec<f64> = pts.iter().map(|p| truth.eval(p)).collect();
    let a: Vec<f64> = pts.iter().map(|p| answer.eval(p)).collect();
    let scale = (t.iter().map(|v| v * v).sum::<f64>() / t.len() as f64).sqrt();
    let mistakes = function
        .mistakes(&idx)
        .unwrap_or_else(|e| panic!("{f}: {e}"));
    let table = mistakes.values_at(&pts, &[]);
    let usable = usable_rows(&table, &t, same(scale));
    let i = first_match(&a, &table, &usable, same(scale))?;
    mistakes.explain(i)
}

/// (function, variables, the wrong answer as a student types it, tag, place).
const NAMED: &[(&str, &[&str], &str, &str, &str)] = &[
    // product: (uv)′ = u′v′, u′v alone, uv′ alone
    ("x*sin(x)", &["x"], "cos x", "product_rule", "x·sin(x)"),
    ("x*sin(x)", &["x"], "sin x", "product_rule", "x·sin(x)"),
    ("x*sin(x)", &["x"], "x cos x", "product_rule", "x·sin(x)"),
    ("x^2*e^x", &["x"], "2x·eˣ", "product_rule", "x²·e^x"),
    (
        "e^(2x)*cos(x)",
        &["x"],
        "-2e^(2x) sin x",
        "product_rule",
        "e^(2x)·cos(x)",
    ),
    // quotient: the sign, the square, u′/v′, the terms swapped
    (
        "ln(x)/x",
        &["x"],
        "(1 + ln x)/x^2",
        "quotient_rule",
        "ln(x)/x",
    ),
    (
        "ln(x)/x",
        &["x"],
        "(1 - ln x)/x",
        "quotient_rule",
        "ln(x)/x",
    ),
    (
        "sin(x)/x^2",
        &["x"],
        "cos(x)/(2x)",
        "quotient_rule",
        "sin(x)/x²",
    ),
    (
        "ln(x)/x",
        &["x"],
        "(ln x - 1)/x²",
        "quotient_rule",
        "ln(x)/x",
    ),
    // chain: the inner derivative lost (at any level), the outer lost, the outer at x
    ("sin(x^2)", &["x"], "cos(x^2)", "chain_rule", "sin(x²)"),
    ("sin(x^2)", &["x"], "2x", "chain_rule", "sin(x²)"),
    ("sin(x^2)", &["x"], "2x cos x", "chain_rule", "sin(x²)"),
    (
        "e^(sin(3x))",
        &["x"],
        "e^(sin(3x)) cos(3x)",
        "chain_rule",
        "sin(3x)",
    ),
    (
        "e^(sin(3x))",
        &["x"],
        "e^(sin 3x)",
        "chain_rule",
        "e^(sin(3x))",
    ),
    (
        "sin(cos(x^2))",
        &["x"],
        "-cos(cos(x^2)) sin(x^2)",
        "chain_rule",
        "cos(x²)",
    ),
    (
        "ln(x^2 + 1)",
        &["x"],
        "1/(x^2+1)",
        "chain_rule",
        "ln(x² + 1)",
    ),
    (
        "(3x^2 + 1)^4",
        &["x"],
        "4(3x^2+1)^3",
        "chain_rule",
        "(3x² + 1)⁴",
    ),
    // power: n·x^(n+1), (n − 1)·x^n, x^(n−1), on exponentials and on x^x
    ("x^5", &["x"], "5x^6", "power_rule", "x⁵"),
    ("x^5", &["x"], "4x^5", "power_rule", "x⁵"),
    ("x^5", &["x"], "x^4", "power_rule", "x⁵"),
    ("2^x", &["x"], "x·2^(x-1)", "power_rule", "2^x"),
    ("e^(5x)", &["x"], "5x e^(5x-1)", "power_rule", "e^(5x)"),
    ("x^x", &["x"], "x^x ln x", "power_rule", "x^x"),
    // basic derivatives wrong
    ("sin(x)", &["x"], "-cos x", "elementary", "sin(x)"),
    ("cos(x)", &["x"], "sin x", "elementary", "cos(x)"),
    ("tan(x)", &["x"], "1 - tan(x)^2", "elementary", "tan(x)"),
    ("tan(x)", &["x"], "sec x", "elementary", "tan(x)"),
    ("log10(x)", &["x"], "1/x", "elementary", "log₁₀(x)"),
    ("2^x", &["x"], "2^x", "elementary", "2^x"),
    ("sqrt(x)", &["x"], "1/sqrt(x)", "elementary", "√x"),
    ("tanh(x)", &["x"], "1 + tanh(x)^2", "elementary", "tanh(x)"),
    ("sigmoid(x)", &["x"], "σ(x)(1 + σ(x))", "elementary", "σ(x)"),
    (
        "asin(x/3)",
        &["x"],
        "1/(3 sqrt(1 + x^2/9))",
        "elementary",
        "asin(x/3)",
    ),
    ("atan(x)", &["x"], "x/(1 + x^2)", "elementary", "atan(x)"),
    ("cos(3x)", &["x"], "3 sin(3x)", "elementary", "cos(3x)"),
    // sum: a term dropped, a term's sign flipped, a constant kept
    (
        "3x^4 - 5x^2 + 2x",
        &["x"],
        "12x^3 - 10x",
        "missing_term",
        "2x",
    ),
    (
        "3x^4 - 5x^2 + 2x",
        &["x"],
        "12x³ + 10x + 2",
        "term_sign",
        "−5x²",
    ),
    (
        "x^2 + 5x - 3",
        &["x"],
        "2x + 5 - 3",
        "constant_not_dropped",
        "−3",
    ),
    ("x^3 + 7", &["x"], "3x^2 + 7", "constant_not_dropped", "7"),
    // partial derivatives: a held variable dropped or differentiated, the other partial added
    ("x^2*sin(y)", &["x"], "2x", "held_constant", "x²·sin(y)"),
    (
        "x^2*sin(y)",
        &["x"],
        "2x cos y",
        "held_constant",
        "x²·sin(y)",
    ),
    (
        "x*y^2 + x^3",
        &["x"],
        "y^2 + 3x^2 + 2xy",
        "held_constant",
        "x·y²",
    ),
    (
        "x^2*y + y^2",
        &["x"],
        "2xy + x^2 + 2y",
        "extra_term",
        "x²·y + y²",
    ),
    ("x^2 + y^3", &["x"], "2x + 3y^2", "extra_term", "y³"),
    ("x*y^2 + x^3", &["y"], "2y", "held_constant", "x·y²"),
    // second derivatives: a slip in either differentiation; (f′)² for f″
    (
        "e^(2x)*cos(x)",
        &["x", "x"],
        "e^(2x)(cos x - 3 sin x)",
        "chain_rule",
        "e^(2x)",
    ),
    ("x^4", &["x", "x"], "12x^4", "power_rule", "x³"),
    ("x^4", &["x", "x"], "16x^6", "wrong_order", "x⁴"),
    ("x^2*y^3", &["x", "y"], "6y^2", "held_constant", "2x·y³"),
    // two mistakes at once, one in each of two places
    (
        "sin(x) + x^3",
        &["x"],
        "-cos x + 3x^4",
        "elementary",
        "sin(x)",
    ),
];

#[test]
fn every_mistake_of_the_issue_is_named_with_its_tag_and_place() {
    let mut wrong = Vec::new();
    for (f, by, answer, tag, place) in NAMED {
        match diagnose(f, by, answer) {
            None => wrong.push(format!("d{by:?} {f}: {answer} not named ({tag} expected)")),
            Some(e) if e.kind.tag() != *tag || e.place != *place || !e.text.contains(place) => {
                wrong.push(format!(
                    "d{by:?} {f}: {answer} named {} at {} ({tag} at {place} expected): {}",
                    e.kind.tag(),
                    e.place,
                    e.text
                ))
            }
            Some(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_explanation_names_the_rule_the_place_and_the_right_application() {
    let e = diagnose("x*sin(x)", &["x"], "cos(x)").expect("named");
    assert_eq!(
        e.text,
        "You differentiated the product x·sin(x) as (x)′·(sin(x))′ = cos(x). The product rule \
         gives (x)′·sin(x) + x·(sin(x))′ = sin(x) + x·cos(x)."
    );
    let e = diagnose("sin(x^2)", &["x"], "cos(x^2)").expect("named");
    assert_eq!(
        e.text,
        "You differentiated sin(x²) as cos(x²), without the inner derivative (x²)′ = 2x. The \
         chain rule (sin(u) with u = x²) gives cos(x²)·(x²)′ = 2x·cos(x²)."
    );
    let e = diagnose("cos(3x)", &["x"], "sin(3x)").expect("named");
    assert_eq!(
        e.kinds,
        vec![MistakeKind::Elementary, MistakeKind::ChainRule]
    );
    assert_eq!(
        e.text,
        "You differentiated cos(3x) as sin(3x): you used (cos(u))′ = sin(u) and left out the \
         inner derivative (3x)′. The chain rule (cos(u) with u = 3x) gives (cos(u))′ = \
         (−sin(u))·u′ = −3sin(3x)."
    );
    let e = diagnose("e^(2x)*cos(x)", &["x", "x"], "e^(2x)(cos x - 3 sin x)").expect("named");
    assert!(
        e.text
            .starts_with("In the first differentiation (by x), you differentiated e^(2x)"),
        "{}",
        e.text
    );
}

#[test]
fn two_mistakes_at_once_are_named_with_both_places() {
    let e = diagnose("sin(x) + x^3", &["x"], "-cos x + 3x^4").expect("named");
    assert_eq!(
        e.kinds,
        vec![MistakeKind::Elementary, MistakeKind::PowerRule]
    );
    assert!(
        e.text.contains("sin(x)") && e.text.contains("x³"),
        "{}",
        e.text
    );
    let e = diagnose("x*sin(x)*e^x", &["x"], "sin(x) e^x + x cos(x) e^x").expect("named");
    assert_eq!(e.kind, MistakeKind::ProductRule, "{}", e.text);
}

/// (function, variables, right answers written in different ways).
const RIGHT: &[(&str, &[&str], &[&str])] = &[
    (
        "x*sin(x)",
        &["x"],
        &["sin x + x cos x", "x·cos(x) + sin(x)", "sin(x)+x*cos(x)"],
    ),
    (
        "3x^4 - 5x^2 + 2x",
        &["x"],
        &["12x³ − 10x + 2", "2 - 10x + 12x^3", "2(6x^3 - 5x + 1)"],
    ),
    (
        "e^(2x)*cos(x)",
        &["x"],
        &["e^(2x)(2cos x − sin x)", "2e^(2x)cos(x) - e^(2x)sin(x)"],
    ),
    (
        "sigmoid(x)",
        &["x"],
        &[
            "σ(x)(1−σ(x))",
            "e^(-x)/(1+e^(-x))^2",
            "sigmoid(x) - sigmoid(x)^2",
        ],
    ),
    ("ln(x)/x", &["x"], &["(1 - ln x)/x^2", "1/x^2 - ln(x)/x^2"]),
    (
        "(x - 3)^2 + x^4",
        &["x"],
        &["2(x-3) + 4x^3", "4x^3 + 2x - 6"],
    ),
    ("x*y^2 + x^3", &["x"], &["y^2 + 3x^2"]),
    ("x*y^2 + x^3", &["y"], &["2xy", "2x·y"]),
    ("e^(2x)*cos(x)", &["x", "x"], &["e^(2x)(3cos x − 4sin x)"]),
    ("x^x", &["x"], &["x^x (ln x + 1)", "e^(x ln x)(1 + ln x)"]),
    ("2^x", &["x"], &["2^x ln 2", "ln(2)·2^x"]),
    ("x^2 y^3", &["x", "y"], &["6xy^2"]),
    ("1/x", &["x"], &["-1/x^2", "-x^(-2)"]),
];

#[test]
fn right_answers_written_every_way_are_never_named() {
    for (f, by, answers) in RIGHT {
        for a in *answers {
            assert_eq!(
                diagnose(f, by, a).map(|e| e.text),
                None,
                "d{by:?} {f}: the right answer {a} was called a mistake"
            );
        }
    }
}

#[test]
fn an_algebra_slip_no_rule_explains_is_left_unnamed() {
    for (f, answer) in [
        ("x*sin(x)", "sin x + cos x"),
        ("3x^4 - 5x^2 + 2x", "12x^3 - 10x + 3"),
        ("e^(2x)*cos(x)", "e^(2x)(2cos x + 2 sin x)"),
        ("sin(x^2)", "2x cos(x^2) + 1"),
    ] {
        assert_eq!(
            diagnose(f, &["x"], answer).map(|e| e.text),
            None,
            "{f}: {answer}"
        );
    }
}

#[test]
fn every_wrong_derivative_reads_back_and_differs_from_the_truth_somewhere() {
    for f in [
        "x*sin(x)",
        "e^(2x)*cos(x)",
        "ln(x)/x",
        "sin(cos(x^2))",
        "sqrt(x^2 + 1)",
        "sigmoid(3x - 1)",
        "x^x",
    ] {
        let scope = scope_for(f, &["x"]);
        let function = Function::parse(f, &scope).expect("parses");
        let m = function.mistakes(&[0]).expect("derivable");
        assert!(!m.is_empty(), "{f}");
        for i in 0..m.len() {
            let ascii = m.ascii(i).expect("in range");
            let back = Expr::parse(&ascii, &scope).unwrap_or_else(|e| {
                panic!("{f}: wrong derivative {ascii} does not read back: {e}")
            });
            for p in points(1) {
                let (want, got) = (m.eval(i, &p), back.eval(&p));
                if want.is_finite() {
                    assert!(
                        (want - got).abs() <= 1e-9 * want.abs().max(1.0),
                        "{f}: {ascii} at {p:?}: {got} vs {want}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_function_without_a_derivative_formula_has_no_mistakes() {
    let scope = scope_for("relu(x) + x^2", &["x"]);
    let f = Function::parse("relu(x) + x^2", &scope).expect("parses");
    assert!(f.mistakes(&[0]).is_err());
}

#[test]
fn every_kind_has_a_distinct_tag() {
    let mut tags: Vec<&str> = MistakeKind::ALL.iter().map(|k| k.tag()).collect();
    tags.sort_unstable();
    tags.dedup();
    assert_eq!(tags.len(), MistakeKind::ALL.len());
}
