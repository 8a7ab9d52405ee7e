//! Extremum exercises: the default domain, and an extreme over the domain that lies on its
//! boundary (`boundary = true`), where the gradient need not vanish.

use crate::check_support;

use check_support::*;
use gradtutor::check::{check, verify_answer_key, Status};

#[test]
fn without_domain_the_default_domain_is_used() {
    let ex = exercise(
        r#"id = "parabola-min"
kind = "extremum"
function = "(x - 1)^2"
vars = ["x"]
goal = "min""#,
    );
    accepts(&ex, &scalar("1"));
    let v = rejects(&ex, &scalar("5"), None);
    assert!(v.message.contains("x in [-3, 3]"), "{}", v.message);
}

#[test]
fn a_maximum_at_an_end_of_the_interval_is_accepted_with_boundary() {
    // "The largest value of x on [0, 1]": no critical point, the maximum is the end x = 1.
    let ex = exercise(
        r#"id = "largest-x"
kind = "extremum"
function = "x"
vars = ["x"]
goal = "max"
domain = [0, 1]
boundary = true
answer = "1""#,
    );
    assert!(verify_answer_key(&ex).is_ok());
    accepts(&ex, &scalar("1"));
    let v = rejects(&ex, &scalar("0"), None);
    assert!(v.message.contains("not where"), "{}", v.message);
    rejects(&ex, &scalar("0.5"), None);
    let v = rejects(&ex, &scalar("2"), None);
    assert!(v.message.contains("outside the domain"), "{}", v.message);
    // Without `boundary`, there is no maximum to find: the author is told.
    let plain = exercise(
        r#"id = "largest-x-plain"
kind = "extremum"
function = "x"
vars = ["x"]
goal = "max"
domain = [0, 1]
answer = "1""#,
    );
    assert!(verify_answer_key(&plain).is_err());
}

#[test]
fn with_boundary_the_extreme_is_over_the_whole_domain() {
    // x³ − 3x on [−2, 3]: a local maximum at x = −1 (value 2), the largest value at x = 3 (18).
    let ex = exercise(
        r#"id = "cubic-max"
kind = "extremum"
function = "x^3 - 3x"
vars = ["x"]
goal = "max"
domain = [-2, 3]
boundary = true"#,
    );
    accepts(&ex, &scalar("3"));
    let v = rejects(&ex, &scalar("-1"), None);
    assert!(v.message.contains("larger elsewhere"), "{}", v.message);
    // An interior extreme is still accepted when it is the extreme over the domain.
    let ex = exercise(
        r#"id = "cubic-min"
kind = "extremum"
function = "x^3 - 3x"
vars = ["x"]
goal = "min"
domain = [-1.5, 3]
boundary = true"#,
    );
    accepts(&ex, &scalar("1"));
}

#[test]
fn two_variables_on_an_edge_and_at_a_corner() {
    // Largest on the top edge y = 1, at x = 0.5 (the gradient there is (0, 1), not zero).
    let ex = exercise(
        r#"id = "edge-max"
kind = "extremum"
function = "y - (x - 0.5)^2"
vars = ["x", "y"]
goal = "max"
domain = [0, 1]
boundary = true"#,
    );
    accepts(&ex, &vector(&["0.5", "1"]));
    accepts(&ex, &vector(&["1/2", "1"]));
    rejects(&ex, &vector(&["0.3", "1"]), None);
    rejects(&ex, &vector(&["0.5", "0.9"]), None);
    // x² + y² on [−1, 2]²: the corner (−1, −1) is a local maximum, (2, 2) the largest.
    let ex = exercise(
        r#"id = "corner-max"
kind = "extremum"
function = "x^2 + y^2"
vars = ["x", "y"]
goal = "max"
domain = [-1, 2]
boundary = true"#,
    );
    accepts(&ex, &vector(&["2", "2"]));
    let v = check(&ex, &vector(&["-1", "-1"]));
    assert_eq!(v.status, Status::Incorrect, "{}", v.message);
    assert!(v.message.contains("larger elsewhere"), "{}", v.message);
}
