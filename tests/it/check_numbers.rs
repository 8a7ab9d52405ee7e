//! Number answers: values, derivatives at a point, extrema and limits, with the exercise's
//! tolerance.

use crate::check_support;

use check_support::*;
use gradtutor::check::{verify_answer_key, Diagnosis};

#[test]
fn values_accept_numbers_and_constant_expressions() {
    let ex = exercise(
        r#"id = "val"
kind = "value"
value = "cos(2)*cos(2.5)""#,
    );
    // cos 2 · cos 2.5 = 0.3333934...
    for a in ["0.3334", "0.33339", "0.333393", "cos(2)cos(2.5)", "0.3333"] {
        accepts(&ex, &scalar(a));
    }
    rejects(&ex, &scalar("0.3330"), Some(Diagnosis::Rounded));
    rejects(&ex, &scalar("0.34"), None);
    rejects(&ex, &scalar("0.32"), None);
    rejects(&ex, &scalar("-0.3334"), Some(Diagnosis::Sign));
    let ex = exercise(
        r#"id = "quarter"
kind = "value"
value = "1/(2*sqrt(4))""#,
    );
    for a in ["1/4", "0.25", "2^-2", "0.2500"] {
        accepts(&ex, &scalar(a));
    }
    let ex = exercise(
        r#"id = "pi2"
kind = "value"
value = "pi^2""#,
    );
    for a in ["pi^2", "π²", "9.870", "9.8696"] {
        accepts(&ex, &scalar(a));
    }
    let ex = exercise(
        r#"id = "e"
kind = "value"
value = "exp(1)""#,
    );
    accepts(&ex, &scalar("e"));
    accepts(&ex, &scalar("2.718"));
    rejects(&ex, &scalar("2.7"), None);
}

#[test]
fn a_tiny_likelihood_is_not_zero() {
    let ex = exercise(
        r#"id = "tiny"
kind = "value"
value = "(1 - sigmoid(3.5))*(1 - sigmoid(5.5))*(1 - sigmoid(8))""#,
    );
    accepts(&ex, &scalar("4.001e-8"));
    accepts(&ex, &scalar("4.0009e-8"));
    rejects(&ex, &scalar("0"), None);
    rejects(&ex, &scalar("3.516e-8"), None);
    rejects(&ex, &scalar("4.0e-7"), None);
}

#[test]
fn tolerances_can_be_set() {
    let abs = exercise(
        r#"id = "abs"
kind = "value"
value = "pi"
tolerance = { abs = 0.01 }"#,
    );
    accepts(&abs, &scalar("3.14"));
    accepts(&abs, &scalar("3.15"));
    rejects(&abs, &scalar("3.13"), Some(Diagnosis::Rounded));
    let dec = exercise(
        r#"id = "dec"
kind = "value"
value = "pi"
tolerance = { decimals = 2 }"#,
    );
    accepts(&dec, &scalar("3.14"));
    rejects(&dec, &scalar("3.15"), Some(Diagnosis::Rounded));
    let rel = exercise(
        r#"id = "rel"
kind = "value"
value = "1000*pi"
tolerance = { rel = 1e-3 }"#,
    );
    accepts(&rel, &scalar("3140"));
    rejects(&rel, &scalar("3130"), Some(Diagnosis::Rounded));
    let sf = exercise(
        r#"id = "sf2"
kind = "value"
value = "pi"
tolerance = { sig_figs = 2 }"#,
    );
    accepts(&sf, &scalar("3.1"));
    rejects(&sf, &scalar("3.3"), None);
}

#[test]
fn a_value_computed_with_the_other_logarithm() {
    let ex = exercise(
        r#"id = "cost"
kind = "value"
value = "-log10(2.000271e-8)/8""#,
    );
    accepts(&ex, &scalar("0.9624"));
    // −ln(L)/8 = 2.2160
    rejects(&ex, &scalar("2.216"), Some(Diagnosis::LogBase));
    let ex = exercise(
        r#"id = "cost-log"
kind = "value"
value = "-log(2.000271e-8)/8""#,
    );
    // In a file with log = "ln" (the default), log is the natural log.
    accepts(&ex, &scalar("2.216"));
    rejects(&ex, &scalar("0.9624"), Some(Diagnosis::LogBase));
}

#[test]
fn derivatives_at_a_point() {
    let ex = exercise(
        r#"id = "sqrt-at-4"
kind = "derivative"
function = "sqrt(x)"
var = "x"
at = { x = 4 }
domain = [0.5, 9]"#,
    );
    accepts(&ex, &scalar("1/4"));
    accepts(&ex, &scalar("0.25"));
    accepts(&ex, &scalar("1/(2 sqrt(4))"));
    rejects(&ex, &scalar("2"), Some(Diagnosis::NotDifferentiated));
    rejects(&ex, &scalar("-1/32"), Some(Diagnosis::WrongOrder));
    rejects(&ex, &scalar("-0.25"), Some(Diagnosis::Sign));
    let v = invalid(&ex, &scalar("1/(2sqrt(x))"));
    assert!(v.message.contains("asks for a number"), "{}", v.message);
    assert!(v.message.contains("x = 4"), "{}", v.message);

    // ∂/∂x of x² sin y at (π, π) is 2π sin π = 0, up to rounding.
    let ex = exercise(
        r#"id = "zero-at-pi"
kind = "derivative"
function = "x^2 sin(y)"
var = "x"
vars = ["x", "y"]
at = { x = 3.141592653589793, y = 3.141592653589793 }"#,
    );
    accepts(&ex, &scalar("0"));
    accepts(&ex, &scalar("2pi sin(pi)"));
    rejects(&ex, &scalar("-9.87"), Some(Diagnosis::WrongVariable));
}

#[test]
fn extrema() {
    let ex = exercise(
        r#"id = "ln-max"
kind = "extremum"
function = "ln(n)/n"
vars = ["n"]
goal = "max"
domain = [1, 10]"#,
    );
    accepts(&ex, &scalar("e"));
    accepts(&ex, &scalar("2.718"));
    accepts(&ex, &scalar("exp(1)"));
    rejects(&ex, &scalar("2.72"), Some(Diagnosis::Rounded));
    rejects(&ex, &scalar("3"), None);
    rejects(&ex, &scalar("1/e"), Some(Diagnosis::ValueNotPoint));
    let v = rejects(&ex, &scalar("20"), None);
    assert!(v.message.contains("outside the domain"), "{}", v.message);
    assert!(verify_answer_key(&ex).is_ok());

    let ex = exercise(
        r#"id = "saddle"
kind = "extremum"
function = "x^2 - y^2 + 0.1 x^4"
vars = ["x", "y"]
goal = "min"
domain = [-3, 3]"#,
    );
    let v = rejects(&ex, &vector(&["0", "0"]), Some(Diagnosis::WrongGoal));
    assert!(v.message.contains("saddle"), "{}", v.message);
    invalid(&ex, &scalar("0"));

    let ex = exercise(
        r#"id = "bowl"
kind = "extremum"
function = "(x - 1)^2 + 2(y + 0.5)^2 + 3"
vars = ["x", "y"]
goal = "min"
domain = [-3, 3]"#,
    );
    accepts(&ex, &vector(&["1", "-0.5"]));
    accepts(&ex, &vector(&["1", "-1/2"]));
    let v = rejects(&ex, &vector(&["1", "0.5"]), None);
    assert!(v.message.contains("gradient"), "{}", v.message);
    let max = exercise(
        r#"id = "bowl-max"
kind = "extremum"
function = "(x - 1)^2 + 2(y + 0.5)^2 + 3"
vars = ["x", "y"]
goal = "max"
domain = [-3, 3]"#,
    );
    rejects(&max, &vector(&["1", "-0.5"]), Some(Diagnosis::WrongGoal));
    // A function whose only critical point is a minimum has no maximum to find.
    let err = verify_answer_key(&max).unwrap_err();
    assert!(err.contains("no maximum"), "{err}");
}

#[test]
fn degenerate_extrema() {
    let ex = exercise(
        r#"id = "quartic"
kind = "extremum"
function = "x^4 + 1"
vars = ["x"]
goal = "min"
domain = [-2, 2]"#,
    );
    accepts(&ex, &scalar("0"));
}

#[test]
fn limits() {
    let ex = exercise(
        r#"id = "lim-parabola"
kind = "limit"
function = "-x*y/(x^2 + y^2)"
vars = ["x", "y"]
along = ["t", "t^2"]
t0 = 0"#,
    );
    accepts(&ex, &scalar("0"));
    rejects(&ex, &scalar("-0.5"), None);
    let ex = exercise(
        r#"id = "lim-line"
kind = "limit"
function = "-x*y/(x^2 + y^2)"
vars = ["x", "y"]
along = ["t", "t"]
t0 = 0"#,
    );
    accepts(&ex, &scalar("-1/2"));
    accepts(&ex, &scalar("-0.5"));
    rejects(&ex, &scalar("0.5"), Some(Diagnosis::Sign));
    rejects(&ex, &scalar("inf"), None);
    let ex = exercise(
        r#"id = "lim-inf"
kind = "limit"
function = "1/(x^2 + y^2)"
vars = ["x", "y"]
along = ["t", "2t"]
t0 = 0"#,
    );
    accepts(&ex, &scalar("inf"));
    accepts(&ex, &scalar("∞"));
    accepts(&ex, &scalar("+infinity"));
    rejects(&ex, &scalar("-inf"), Some(Diagnosis::Sign));
    rejects(&ex, &scalar("1e10"), None);
    let ex = exercise(
        r#"id = "lim-sin"
kind = "limit"
function = "sin(x)/x"
vars = ["x"]
along = ["t"]
t0 = 0"#,
    );
    accepts(&ex, &scalar("1"));
    let ex = exercise(
        r#"id = "lim-sqrt"
kind = "limit"
function = "(sqrt(1 + x) - 1)/x"
vars = ["x"]
along = ["t"]
t0 = 0"#,
    );
    accepts(&ex, &scalar("0.5"));
}

#[test]
fn limits_that_do_not_exist_are_the_instructors_problem() {
    let ex = exercise(
        r#"id = "lim-none"
kind = "limit"
function = "1/x"
vars = ["x"]
along = ["t"]
t0 = 0"#,
    );
    let err = verify_answer_key(&ex).unwrap_err();
    assert!(err.contains("does not exist"), "{err}");
    let v = invalid(&ex, &scalar("inf"));
    assert!(v.message.contains("cannot be checked"), "{}", v.message);
}

#[test]
fn values_may_use_the_data() {
    let ex = exercise(
        r#"id = "mean"
kind = "value"
value = "mean(x)"
data = { x = [1, 2, 6, 11] }"#,
    );
    accepts(&ex, &scalar("5"));
    accepts(&ex, &scalar("(1 + 2 + 6 + 11)/4"));
    rejects(&ex, &scalar("4"), None);
}

/// Issue 15: a truth computed by finite differences lands on either side of a power of ten
/// (1 as 0.99999999…, 10 as 9.9999999…); the unit of the 4th significant figure is that of the
/// exact value, 0.001 and 0.01, not ten times smaller.
#[test]
fn sig_figs_do_not_depend_on_which_side_of_a_power_of_ten_the_truth_falls() {
    let ex = exercise(
        r#"id = "half-x-squared-at-1"
kind = "derivative"
function = "x^2/2"
var = "x"
at = { x = 1 }"#,
    );
    for a in ["1", "1.0004", "0.9991", "1.001", "0.999"] {
        accepts(&ex, &scalar(a));
    }
    rejects(&ex, &scalar("1.002"), Some(Diagnosis::Rounded));
    rejects(&ex, &scalar("0.998"), Some(Diagnosis::Rounded));

    let ex = exercise(
        r#"id = "five-x-squared-at-1"
kind = "derivative"
function = "5x^2"
var = "x"
at = { x = 1 }"#,
    );
    for a in ["10", "10.004", "9.991", "10.01"] {
        accepts(&ex, &scalar(a));
    }
    rejects(&ex, &scalar("10.02"), Some(Diagnosis::Rounded));

    // The exact value gives the same unit: `value = "1"` accepts 1.0009 and rejects 1.002.
    let ex = exercise(
        r#"id = "one"
kind = "value"
value = "1""#,
    );
    accepts(&ex, &scalar("1.0009"));
    accepts(&ex, &scalar("0.9991"));
    rejects(&ex, &scalar("1.002"), Some(Diagnosis::Rounded));
}

/// Issue 15: `at` coordinates may be constant formulas, as `direction` components may.
#[test]
fn at_coordinates_may_be_constant_formulas() {
    let ex = exercise(
        r#"id = "at-pi-over-2"
kind = "derivative"
function = "x*sin(y) + a*x"
var = "x"
params = { a = 2 }
at = { x = 0, y = "pi/2" }"#,
    );
    // ∂/∂x = sin(y) + a = 1 + 2 at y = π/2.
    accepts(&ex, &scalar("3"));
    rejects(&ex, &scalar("2"), None);
    let ex = exercise(
        r#"id = "at-param"
kind = "gradient"
function = "x^2 + y"
vars = ["x", "y"]
params = { a = 3 }
at = { x = "sqrt(a)", y = "-1/2" }"#,
    );
    accepts(&ex, &vector(&["2sqrt(3)", "1"]));
}
