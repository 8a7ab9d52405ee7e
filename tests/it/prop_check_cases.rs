//! Inputs on which `prop_check::gradients` failed for some random seed, kept as plain tests:
//! the function and the answers as the property wrote them (exercise id `prop-grad`, so the
//! same sample points).

use crate::check_support::exercise_of;
use gradtutor::check::{Checker, Status, Verdict};
use gradtutor::exercise::{Answer, Kind};

fn gradient_checker(function: &str) -> Checker {
    let kind = Kind::Gradient {
        function: function.to_string(),
        vars: vec!["x".to_string(), "y".to_string()],
        at: None,
    };
    Checker::new(&exercise_of("prop-grad", kind))
        .unwrap_or_else(|e| panic!("{function}: cannot be prepared: {e}"))
}

#[track_caller]
fn verdict(c: &Checker, answer: [&str; 2], want: Status) -> Verdict {
    let v = c.check(&Answer::Vector(
        answer.iter().map(|s| s.to_string()).collect(),
    ));
    assert_eq!(v.status, want, "{answer:?}: {}", v.message);
    v
}

/// A region reported by the checker, as (variable, lowest, highest).
type Around = [(String, f64, f64)];

#[track_caller]
fn within(around: &Around, var: usize, lo: f64, hi: f64) {
    let (name, a, b) = &around[var];
    assert!(
        *a >= lo && *b <= hi,
        "{name} in [{a}, {b}], expected within [{lo}, {hi}]"
    );
}

/// Seed 212582548. f = e^(3x)·cos(e^(−1.5x+3)) oscillates with a period of 0.002 near
/// x = −3, where finite differences settled on −0.00029 ± 10⁻⁶ for a derivative of −0.33: the
/// exact gradient was called wrong, with a lost inner derivative of 1·x (a slip that changes
/// nothing). The unsettled estimate is now confirmed by a second one, which disagrees, so the
/// points there are set aside (unjudged) instead.
#[test]
fn a_right_gradient_is_not_called_wrong_where_the_function_oscillates_too_fast() {
    let c = gradient_checker("((exp((1.0)*x+(0.0))^3)*cos((exp((-0.5)*x+(1.0))^3)))");
    let dx = "(((((3.0)*(exp((1.0)*x+(0.0))^2))*exp((1.0)*x+(0.0)))*cos((exp((-0.5)*x+(1.0))^3)))+((exp((1.0)*x+(0.0))^3)*(-(sin((exp((-0.5)*x+(1.0))^3))*(((3.0)*(exp((-0.5)*x+(1.0))^2))*((-0.5)*exp((-0.5)*x+(1.0))))))))";
    let v = verdict(&c, [dx, "(0.0)"], Status::Correct);
    assert_eq!(v.diagnosis, None);
    let unjudged = c
        .unjudged()
        .expect("the fast strip near x = -3 is reported");
    within(&unjudged.around, 0, -3.0, -2.5);
    // Elsewhere answers are judged as before: 1% off on 0 < x < 2 is wrong.
    let wrong = format!("({dx})*(1+0.01*sigmoid(20*x)*sigmoid(20*(2-x)))");
    verdict(&c, [&wrong, "(0.0)"], Status::Incorrect);
}

/// Seed 137237969. f = e^(9y+4.5) − sin(x): ∂f/∂y reaches 4·10¹⁴, and ∂f/∂x = −cos(x) took
/// a millionth of that as its own size, so any answer within 0.4 of it passed. Each component
/// now has its own size; where f is huge (y ≥ 2) the truth of ∂f/∂x is really known to less
/// than 0.1%, and the checker says so.
#[test]
fn a_small_component_next_to_a_huge_one_keeps_its_own_tolerance() {
    let c = gradient_checker("(((exp((1.5)*y+(0.75))^3)^2)-sin(x))");
    let dy = "(((2.0)*(exp((1.5)*y+(0.75))^3))*(((3.0)*(exp((1.5)*y+(0.75))^2))*((1.5)*exp((1.5)*y+(0.75)))))";
    verdict(&c, ["(-cos(x))", dy], Status::Correct);
    let wrong = "(-cos(x))+(0.006964508112845904)*sigmoid(20*(x-(0.0)))*sigmoid(20*((2.0)-x))";
    verdict(&c, [wrong, dy], Status::Incorrect);
    let loose = c.imprecise().expect("the truth is loose where f is huge");
    within(&loose.around, 1, 1.5, 3.0);
}

/// Seed 1547014476. f = 0.5625·e^(9x+3) + y: ∂f/∂y = 1 perturbed by 0.01 on 0 < x < 2 passed
/// (its size was a millionth of ∂f/∂x's, 10⁷). Now rejected; the truth of ∂f/∂y is loose
/// only where f is huge (x > 2.3).
#[test]
fn a_constant_component_next_to_a_huge_one_is_checked_to_its_own_size() {
    let c = gradient_checker("((((exp((1.5)*x+(0.5))^3)*(-0.75))^2)+y)");
    let dx = "(((2.0)*((exp((1.5)*x+(0.5))^3)*(-0.75)))*((((3.0)*(exp((1.5)*x+(0.5))^2))*((1.5)*exp((1.5)*x+(0.5))))*(-0.75)))";
    verdict(&c, [dx, "(1.0)"], Status::Correct);
    let wrong = "(1.0)+(0.01)*sigmoid(20*(x-(0.0)))*sigmoid(20*((2.0)-x))";
    verdict(&c, [dx, wrong], Status::Incorrect);
    let loose = c.imprecise().expect("the truth is loose where f is huge");
    within(&loose.around, 0, 2.0, 3.0);
}

/// Seed 176702387. f = x² + e^(−11.25y): ∂f/∂x = 2x, 1% too large on −1.2 < x < 0.8, passed.
/// Now rejected; the truth of ∂f/∂x is loose only where f is huge (y < −2).
#[test]
fn a_linear_component_next_to_a_huge_one_is_checked_to_its_own_size() {
    let c = gradient_checker("((x*x)+((exp((-1.25)*y+(0.0))^3)^3))");
    let dy = "(((3.0)*((exp((-1.25)*y+(0.0))^3)^2))*(((3.0)*(exp((-1.25)*y+(0.0))^2))*((-1.25)*exp((-1.25)*y+(0.0)))))";
    verdict(&c, ["((x+x))", dy], Status::Correct);
    let wrong = "((x+x))*(1+0.01*sigmoid(20*(x-(-1.1956927616472564)))*sigmoid(20*((0.8043072383527436)-x)))";
    verdict(&c, [wrong, dy], Status::Incorrect);
    let loose = c.imprecise().expect("the truth is loose where f is huge");
    within(&loose.around, 1, -3.0, -2.0);
}

/// Seed 2225347872 (found while measuring the fix): f = (e^(−4.5x+2.25)/2)² + e^(0.25y), whose
/// first term reaches 10¹² at x = −3: ∂f/∂y = 0.25·e^(0.25y), 0.003 too large on 0 < x < 2,
/// passed with ∂f/∂x's size. Now rejected; the truth of ∂f/∂y is loose only where x < −1.
#[test]
fn a_small_component_next_to_a_huge_one_in_the_other_variable_is_checked_to_its_own_size() {
    let c = gradient_checker(
        "((((exp((-1.5)*x+(0.75))^3)/(1+exp((0.0)*x+(0.0))^2))^2)-(-exp((0.25)*y+(0.0))))",
    );
    let dx = "(((2.0)*((exp((-1.5)*x+(0.75))^3)/(1+exp((0.0)*x+(0.0))^2)))*((((3.0)*(exp((-1.5)*x+(0.75))^2))*((-1.5)*exp((-1.5)*x+(0.75))))/(1+exp((0.0)*x+(0.0))^2)))";
    let dy = "((((2.0)*((exp((-1.5)*x+(0.75))^3)/(1+exp((0.0)*x+(0.0))^2)))*((0.0)/(1+exp((0.0)*x+(0.0))^2)))-(-((0.25)*exp((0.25)*y+(0.0)))))";
    verdict(&c, [dx, dy], Status::Correct);
    let wrong = format!("{dy}+(0.002994895436528336)*sigmoid(20*(x-(0.0)))*sigmoid(20*((2.0)-x))");
    verdict(&c, [dx, &wrong], Status::Incorrect);
    let loose = c.imprecise().expect("the truth is loose where f is huge");
    within(&loose.around, 0, -3.0, -1.0);
}

fn derivative_checker(function: &str) -> Checker {
    let kind = Kind::Derivative {
        function: function.to_string(),
        vars: vec!["x".to_string()],
        var: vec!["x".to_string()],
        order: 1,
        at: None,
    };
    Checker::new(&exercise_of("prop-first", kind))
        .unwrap_or_else(|e| panic!("{function}: cannot be prepared: {e}"))
}

/// Seed 748018432 of `prop_check::first_derivatives` (found while measuring the fix):
/// f = x·e^(4.5x)/(1 + cos²(e^(−3x))) oscillates with a period of 0.0003 at x = −3, finer than
/// every step tried; the differences averaged it out and settled near 0 (−0.000024 ± 0.000014
/// for a derivative of 0.051), which next to the derivative's size of 10⁶ elsewhere passed as
/// reliable, and the exact derivative was called wrong at 4 points. An estimate without two
/// significant figures of its own is now set aside (unjudged) there.
#[test]
fn a_right_derivative_is_not_called_wrong_where_differences_average_an_oscillation_out() {
    let c = derivative_checker("(((exp((1.5)*x+(0.0))^3)*x)/(1+cos((exp((-1.0)*x+(0.0))^3))^2))");
    let d = "(((((((3.0)*(exp((1.5)*x+(0.0))^2))*((1.5)*exp((1.5)*x+(0.0))))*x)+(exp((1.5)*x+(0.0))^3))/(1+cos((exp((-1.0)*x+(0.0))^3))^2))-(((2.0)*(((exp((1.5)*x+(0.0))^3)*x)*(cos((exp((-1.0)*x+(0.0))^3))*(-(sin((exp((-1.0)*x+(0.0))^3))*(((3.0)*(exp((-1.0)*x+(0.0))^2))*((-1.0)*exp((-1.0)*x+(0.0)))))))))*(((1.0)/(1+cos((exp((-1.0)*x+(0.0))^3))^2))/(1+cos((exp((-1.0)*x+(0.0))^3))^2))))";
    let v = c.check(&Answer::Scalar(d.to_string()));
    assert_eq!(v.status, Status::Correct, "{}", v.message);
    let unjudged = c
        .unjudged()
        .expect("the fast part left of x = -1.5 is reported");
    within(&unjudged.around, 0, -3.0, -1.5);
    let wrong = format!("({d})*(1+0.01*sigmoid(20*x)*sigmoid(20*(2-x)))");
    let v = c.check(&Answer::Scalar(wrong));
    assert_eq!(v.status, Status::Incorrect, "{}", v.message);
}
