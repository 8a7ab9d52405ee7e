//! Symbolic derivatives (`math::symbolic`): every rule and every function of the answer
//! language, higher and mixed derivatives, tidy output, steps that are true on their own, and
//! formulas that the answer language reads back.

use gradtutor::math::diff;
use gradtutor::math::symbolic::{infer_scope, Derivation, Function, Rule};
use gradtutor::math::{Expr, Scope};

/// The scope a function typed on its own gets (its variables in order of appearance).
fn scope_of(f: &str) -> Scope {
    infer_scope(f, None).unwrap_or_else(|e| panic!("{f}: {e}"))
}

fn function(f: &str, scope: &Scope) -> Function {
    Function::parse(f, scope).unwrap_or_else(|e| panic!("{f}: {e}"))
}

fn var(scope: &Scope, name: &str) -> usize {
    scope
        .vars
        .iter()
        .position(|v| v == name)
        .unwrap_or_else(|| panic!("{name} is not a variable of {:?}", scope.vars))
}

fn derive(f: &str, by: &[&str]) -> (Scope, Derivation) {
    let mut scope = scope_of(f);
    for v in by {
        if !scope.vars.iter().any(|w| w == v) {
            scope.vars.push(v.to_string());
        }
    }
    let idx: Vec<usize> = by.iter().map(|v| var(&scope, v)).collect();
    let d = function(f, &scope)
        .derive(&idx)
        .unwrap_or_else(|e| panic!("{f}: {e}"));
    (scope, d)
}

/// Sample points inside the domain of most course functions (positive, away from 0 and 1).
fn points(n: usize) -> Vec<Vec<f64>> {
    let xs = [0.37, 0.81, 1.3, 1.9, 2.6, 0.55, 1.07];
    (0..7)
        .map(|k| (0..n).map(|j| xs[(k + 3 * j) % xs.len()]).collect())
        .collect()
}

/// Asserts that `derivative` (ASCII, read back in `scope`) is ∂ⁿf/∂by… of `f` at sample points,
/// by finite differences of `f`; points where either side is undefined or the estimate is
/// unreliable are skipped, and at least three must remain.
fn agrees_with_finite_differences(f: &str, derivative: &str, scope: &Scope, by: &[usize]) {
    let fe = Expr::parse(f, scope).unwrap_or_else(|e| panic!("{f}: {e}"));
    let de = Expr::parse(derivative, scope)
        .unwrap_or_else(|e| panic!("{derivative} does not read back: {e}"));
    let n = scope.vars.len();
    let mut checked = 0;
    for p in points(n) {
        let exact = de.eval(&p);
        let Some(est) = diff::partial(|q: &[f64]| fe.eval(q), &p, by, &vec![0.3; n]) else {
            continue;
        };
        if !exact.is_finite() || !est.reliable(1e-6, est.value.abs().max(1.0)) {
            continue;
        }
        let tol = 1e-6 * exact.abs().max(1.0) + 10.0 * est.err;
        assert!(
            (exact - est.value).abs() <= tol,
            "d{by:?} of {f} at {p:?}: symbolic {derivative} = {exact}, finite differences {} ± {}",
            est.value,
            est.err
        );
        checked += 1;
    }
    assert!(checked >= 3, "{f}: only {checked} usable points");
}

#[test]
fn every_function_of_the_language_has_its_derivative() {
    // each function alone and inside a chain, checked against finite differences
    let cases = [
        ("sin(x)", "cos(x)"),
        ("cos(x)", "-sin(x)"),
        ("tan(x)", "sec(x)^2"),
        ("sec(x)", "tan(x)*sec(x)"),
        ("csc(x)", "-csc(x)*cot(x)"),
        ("cot(x)", "-csc(x)^2"),
        ("asin(x)", "1/sqrt(1 - x^2)"),
        ("acos(x)", "-1/sqrt(1 - x^2)"),
        ("atan(x)", "1/(1 + x^2)"),
        ("sinh(x)", "cosh(x)"),
        ("cosh(x)", "sinh(x)"),
        ("tanh(x)", "1 - tanh(x)^2"),
        ("asinh(x)", "1/sqrt(x^2 + 1)"),
        ("acosh(x)", "1/sqrt(x^2 - 1)"),
        ("atanh(x)", "1/(1 - x^2)"),
        ("exp(x)", "exp(x)"),
        ("ln(x)", "1/x"),
        ("log10(x)", "1/(x*ln(10))"),
        ("log2(x)", "1/(x*ln(2))"),
        ("sqrt(x)", "1/(2*sqrt(x))"),
        ("abs(x)", "x/abs(x)"),
        ("sigmoid(x)", "sigmoid(x)*(1 - sigmoid(x))"),
        ("e^x", "e^x"),
        ("2^x", "2^x*ln(2)"),
        ("x^x", "x^x*(ln(x) + 1)"),
    ];
    for (f, want) in cases {
        let (scope, d) = derive(f, &["x"]);
        assert_eq!(d.derivative, want, "d/dx {f}");
        agrees_with_finite_differences(f, &d.derivative, &scope, &[0]);
        // the same function of an inner function: the chain rule
        let u = if f.starts_with("acosh") {
            "(x + 1)"
        } else {
            "(x^2/4 + 0.5)"
        };
        let inner = f.replace('x', u);
        let (scope, d) = derive(&inner, &["x"]);
        agrees_with_finite_differences(&inner, &d.derivative, &scope, &[0]);
    }
}

#[test]
fn the_lectures_functions_come_out_tidy() {
    // (function, variable(s), expected ASCII, expected typeset)
    let table: [(&str, &[&str], &str, &str); 17] = [
        (
            "3x^4 - 5x^2 + 2x",
            &["x"],
            "12*x^3 - 10*x + 2",
            "12x³ − 10x + 2",
        ),
        (
            "e^(2x)*cos(x)",
            &["x"],
            "e^(2*x)*(2*cos(x) - sin(x))",
            "e^(2x)·(2cos(x) − sin(x))",
        ),
        (
            "e^(2x)*cos(x)",
            &["x", "x"],
            "e^(2*x)*(3*cos(x) - 4*sin(x))",
            "e^(2x)·(3cos(x) − 4sin(x))",
        ),
        (
            "sigmoid(x)",
            &["x"],
            "sigmoid(x)*(1 - sigmoid(x))",
            "σ(x)·(1 − σ(x))",
        ),
        ("x*y^2 + x^3", &["x"], "y^2 + 3*x^2", "y² + 3x²"),
        ("x*y^2 + x^3", &["y"], "2*x*y", "2x·y"),
        ("x*y^2 + x^3", &["x", "y"], "2*y", "2y"),
        ("ln(n)/n", &["n"], "(1 - ln(n))/n^2", "(1 − ln(n))/n²"),
        (
            "(x - 3)^2 + x^4",
            &["x"],
            "2*(x - 3) + 4*x^3",
            "2(x − 3) + 4x³",
        ),
        (
            "(1 - x)^2 + 100(y - x^2)^2",
            &["x"],
            "-2*(1 - x) - 400*x*(y - x^2)",
            "−2(1 − x) − 400x·(y − x²)",
        ),
        (
            "(1 - x)^2 + 100(y - x^2)^2",
            &["y"],
            "200*(y - x^2)",
            "200(y − x²)",
        ),
        ("x^2/2", &["x"], "x", "x"),
        ("x^2/2 + 0.5x", &["x"], "x + 0.5", "x + 0.5"),
        ("1/x", &["x"], "-1/x^2", "−1/x²"),
        ("sqrt(1 + x^2)", &["x"], "x/sqrt(1 + x^2)", "x/√(1 + x²)"),
        ("x^3", &["x", "x", "x", "x"], "0", "0"),
        ("sin(x^2)", &["x"], "2*x*cos(x^2)", "2x·cos(x²)"),
    ];
    for (f, by, ascii, pretty) in table {
        let (scope, d) = derive(f, by);
        assert_eq!(d.derivative, ascii, "d{by:?} of {f}");
        assert_eq!(d.pretty, pretty, "d{by:?} of {f}");
        let idx: Vec<usize> = by.iter().map(|v| var(&scope, v)).collect();
        agrees_with_finite_differences(f, &d.derivative, &scope, &idx);
    }
}

#[test]
fn tidy_output_never_shows_identities_or_double_signs() {
    let functions = [
        "3x^4 - 5x^2 + 2x",
        "e^(2x)*cos(x)",
        "x*sin(x)",
        "(x^2 + 1)/(x - 1)",
        "x - (x^2 - 3x)",
        "-(-x^3)",
        "1*x^1 + 0",
        "sigmoid(2x + 1)",
        "ln(1 + e^x)",
        "x^x",
    ];
    for f in functions {
        for order in 1..=2 {
            let (_, d) = derive(f, &vec!["x"; order]);
            for bad in ["1*", "^1 ", "0 +", "+ -", "--", "- -", "*1 ", "+ 0"] {
                assert!(
                    !format!("{} ", d.derivative).contains(bad) || d.derivative.contains("10"),
                    "{f} (order {order}): {} contains {bad:?}",
                    d.derivative
                );
            }
            assert!(!d.pretty.contains("+ −") && !d.pretty.contains("−(−"));
        }
    }
}

#[test]
fn second_derivatives_and_mixed_partials_agree_with_finite_differences() {
    let cases: [(&str, &[&str]); 8] = [
        ("x^2*sin(y) + e^x*y", &["x", "x"]),
        ("x^2*sin(y) + e^x*y", &["x", "y"]),
        ("x^2*sin(y) + e^x*y", &["y", "x"]),
        ("x^2*sin(y) + e^x*y", &["y", "y"]),
        ("sigmoid(w*x + b)", &["w", "b"]),
        ("ln(x^2 + y^2)", &["x", "y"]),
        ("x^y", &["x", "y"]),
        ("atan(x/y)", &["y", "y"]),
    ];
    for (f, by) in cases {
        let (scope, d) = derive(f, by);
        let idx: Vec<usize> = by.iter().map(|v| var(&scope, v)).collect();
        agrees_with_finite_differences(f, &d.derivative, &scope, &idx);
    }
}

#[test]
fn partial_derivatives_hold_the_other_variables_constant() {
    let (_, d) = derive("x^2*sin(y)", &["x"]);
    assert_eq!(d.derivative, "2*x*sin(y)");
    let held = d
        .steps
        .iter()
        .find(|s| s.rule == Rule::ConstantMultiple)
        .expect("a constant multiple step");
    assert!(held.text.contains("held constant"), "{}", held.text);
    let (_, d) = derive("y^3", &["x"]);
    assert_eq!(d.derivative, "0");
    assert_eq!(d.steps[0].rule, Rule::Constant);
}

/// Every rule the issue names appears, with its tag, on a function that needs it.
#[test]
fn every_rule_is_applied_and_tagged() {
    let cases = [
        ("x^2 + x", Rule::Sum, "sum"),
        ("x + 5", Rule::Constant, "constant"),
        ("x + 5", Rule::Variable, "variable"),
        ("7x^2", Rule::ConstantMultiple, "constant_multiple"),
        ("x^5", Rule::Power, "power"),
        ("x*sin(x)", Rule::Product, "product"),
        ("sin(x)/x", Rule::Quotient, "quotient"),
        ("sin(x^2)", Rule::Chain, "chain"),
        ("exp(x)", Rule::Exp, "exp"),
        ("ln(x)", Rule::Log, "log"),
        ("cos(x)", Rule::Trig, "trig"),
        ("atan(x)", Rule::InverseTrig, "inverse_trig"),
        ("tanh(x)", Rule::Hyperbolic, "hyperbolic"),
        ("sqrt(x)", Rule::Sqrt, "sqrt"),
        ("sigmoid(x)", Rule::Sigmoid, "sigmoid"),
        ("abs(x)", Rule::Abs, "abs"),
        ("x^x", Rule::VariableExponent, "variable_exponent"),
    ];
    for (f, rule, tag) in cases {
        let (_, d) = derive(f, &["x"]);
        assert!(
            d.steps.iter().any(|s| s.rule == rule),
            "{f}: no {tag} step in {:?}",
            d.steps.iter().map(|s| s.rule.tag()).collect::<Vec<_>>()
        );
        assert_eq!(rule.tag(), tag);
    }
}

#[test]
fn a_nested_chain_lists_its_layers() {
    let (_, d) = derive("sin(exp(x^2))", &["x"]);
    let first = &d.steps[0];
    assert_eq!(first.rule, Rule::Chain);
    assert!(
        first.text.contains("through 2 layers")
            && first.text.contains("sin(u)")
            && first.text.contains("u = exp(v)")
            && first.text.contains("v = x²"),
        "{}",
        first.text
    );
    // the inner layers get their own steps, outermost first
    let rules: Vec<&str> = d.steps.iter().map(|s| s.rule.tag()).collect();
    assert_eq!(rules, ["chain", "chain", "power"]);
    assert_eq!(d.steps[1].expr, "exp(x^2)");
}

#[test]
fn the_chain_rule_says_outer_and_inner() {
    let (_, d) = derive("sin(x^2)", &["x"]);
    assert_eq!(
        d.steps[0].text,
        "Chain rule: the outer function is sin(u) with u = x², so d/dx sin(x²) = cos(u)·u′ = 2x·cos(x²)."
    );
}

/// Each step is true on its own: its derivative, read back, is the derivative of its
/// subexpression (by finite differences), and both are in the function's own variables.
#[test]
fn every_step_is_true_on_its_own() {
    let functions: [(&str, &[&str]); 12] = [
        ("3x^4 - 5x^2 + 2x", &["x"]),
        ("e^(2x)*cos(x)", &["x", "x"]),
        ("sigmoid(x)", &["x"]),
        ("x*y^2 + x^3", &["y"]),
        ("ln(n)/n", &["n"]),
        ("(x - 3)^2 + x^4", &["x"]),
        ("(1 - x)^2 + 100(y - x^2)^2", &["x"]),
        ("sin(exp(x^2)) + sqrt(1 + x^2)", &["x"]),
        ("x^x + 2^x - log10(x)/x", &["x"]),
        ("atan(x)*asinh(x) - tanh(x)^3", &["x"]),
        (
            "-(y*ln(sigmoid(w*x + b)) + (1 - y)*ln(1 - sigmoid(w*x + b)))",
            &["w"],
        ),
        ("abs(x - 2)*cosh(x)/sec(x)", &["x"]),
    ];
    for (f, by) in functions {
        let (scope, d) = derive(f, by);
        assert!(!d.steps.is_empty());
        for s in &d.steps {
            let v = var(&scope, &s.var);
            // no placeholder names in the formulas: they read back in the function's scope
            agrees_with_finite_differences(&s.expr, &s.derivative, &scope, &[v]);
            assert!(!s.text.is_empty() && s.text.ends_with('.'), "{}", s.text);
        }
    }
}

#[test]
fn kinks_are_refused_with_the_reason() {
    for f in ["relu(x)", "max(x, 1)", "min(x^2, x)", "2 + relu(3x)"] {
        let scope = scope_of(f);
        let e = function(f, &scope)
            .derive(&[0])
            .expect_err("no derivative formula");
        assert!(e.reason.contains("kink"), "{f}: {e}");
    }
    // …but a kink in a variable held constant is no obstacle
    let (_, d) = derive("relu(y) + x^2", &["x"]);
    assert_eq!(d.derivative, "2*x");
}

#[test]
fn derivatives_read_back_with_named_constants() {
    let scope = Scope::new(&["x"]).with_params(&[("w".to_string(), 0.5), ("b".to_string(), -1.0)]);
    let d = function("sigmoid(w*x + b)", &scope).derive(&[0]).unwrap();
    assert_eq!(d.derivative, "w*sigmoid(w*x + b)*(1 - sigmoid(w*x + b))");
    agrees_with_finite_differences("sigmoid(w*x + b)", &d.derivative, &scope, &[0]);
}

#[test]
fn variables_are_inferred_in_order_of_appearance() {
    assert_eq!(scope_of("x*y^2 + x^3").vars, ["x", "y"]);
    assert_eq!(scope_of("theta^2 + x1").vars, ["theta", "x1"]);
    assert_eq!(scope_of("2xy + pi").vars, ["x", "y"]);
    assert_eq!(scope_of("ln(n)/n").vars, ["n"]);
    assert_eq!(infer_scope("y^2", Some("x")).unwrap().vars, ["y", "x"]);
    assert!(infer_scope("3x +* 2", None).is_err());
}

#[test]
fn the_simplifier_keeps_values() {
    for f in [
        "x*x*x/x",
        "(2x)^2 - 4x^2 + x",
        "2(x + 1) - 2",
        "e^x*e^(2x)",
        "sin(0) + ln(1)*x + x^1",
    ] {
        let scope = scope_of(f);
        let s = function(f, &scope).simplified();
        let a = Expr::parse(f, &scope).unwrap();
        let b = Expr::parse(&s, &scope).unwrap();
        for p in points(scope.vars.len()) {
            let (va, vb) = (a.eval(&p), b.eval(&p));
            assert!(
                (va - vb).abs() <= 1e-9 * va.abs().max(1.0),
                "{f} vs {s} at {p:?}"
            );
        }
    }
    let scope = scope_of("x*x*x/x");
    assert_eq!(function("x*x*x/x", &scope).simplified(), "x^2");
    assert_eq!(function("2(x + 1) - 2", &scope).simplified(), "2*x");
}
