//! Gradients, Jacobians and directional derivatives: shape first, then each entry.

use crate::check_support;

use check_support::*;
use gradtutor::check::{check, Diagnosis, Status};

fn gradient() -> gradtutor::exercise::Exercise {
    exercise(
        r#"id = "grad"
kind = "gradient"
function = "x y^2 + x^3"
vars = ["x", "y"]"#,
    )
}

#[test]
fn gradients_accept_rewrites_and_report_each_component() {
    let ex = gradient();
    accepts(&ex, &vector(&["y^2 + 3x^2", "2xy"]));
    accepts(&ex, &vector(&["3x² + y²", "2·x·y"]));
    let v = rejects(
        &ex,
        &vector(&["y^2 + 3x^2", "xy"]),
        Some(Diagnosis::PowerRule),
    );
    // the library of mistakes names the slip and its place: (y²)′ taken as y
    assert!(v.message.contains("y² as y"), "{}", v.message);
    assert!(
        v.message.starts_with("Component 2 (∂f/∂y) is wrong"),
        "{}",
        v.message
    );
    let cells = v.cells.expect("cells");
    assert_eq!(cells.len(), 2);
    assert_eq!(cells[0].cell, "1");
    assert_eq!(cells[0].verdict, Status::Correct);
    assert_eq!(cells[1].cell, "2");
    assert_eq!(cells[1].verdict, Status::Incorrect);
}

#[test]
fn swapped_components() {
    let ex = gradient();
    let v = rejects(
        &ex,
        &vector(&["2xy", "y^2 + 3x^2"]),
        Some(Diagnosis::Swapped),
    );
    assert!(v.message.contains("wrong order"), "{}", v.message);
    let ex = exercise(
        r#"id = "grad3"
kind = "gradient"
function = "x^2 + x*y + y^2 - sqrt(z)"
vars = ["x", "y", "z"]
domain = { x = [-3, 3], y = [-3, 3], z = [0.5, 9] }"#,
    );
    accepts(&ex, &vector(&["2x + y", "x + 2y", "-1/(2sqrt(z))"]));
    rejects(
        &ex,
        &vector(&["x + 2y", "2x + y", "-1/(2sqrt(z))"]),
        Some(Diagnosis::Swapped),
    );
}

#[test]
fn the_number_of_components_is_checked_first() {
    let ex = gradient();
    let v = invalid(&ex, &vector(&["1", "2", "3"]));
    assert_eq!(v.message, "The gradient has 2 components; you gave 3.");
    let v = invalid(&ex, &scalar("2xy"));
    assert!(v.message.contains("list of 2 components"), "{}", v.message);
    let v = invalid(&ex, &vector(&["y^2 + 3x^2", "2xy)"]));
    let re = v.read_error.expect("read error");
    assert_eq!(
        re.cell.as_ref().map(|c| c.to_string()).as_deref(),
        Some("2")
    );
    assert_eq!(re.span().start, 3);
}

fn jacobian() -> gradtutor::exercise::Exercise {
    exercise(
        r#"id = "jac"
kind = "jacobian"
functions = ["x^2 y", "5x + sin(y)"]
vars = ["x", "y"]"#,
    )
}

#[test]
fn jacobians_cell_by_cell() {
    let ex = jacobian();
    accepts(&ex, &matrix(&[&["2xy", "x^2"], &["5", "cos(y)"]]));
    let v = rejects(
        &ex,
        &matrix(&[&["2xy", "x^2"], &["5", "-cos(y)"]]),
        Some(Diagnosis::Elementary),
    );
    let cells = v.cells.expect("cells");
    assert_eq!(
        cells
            .iter()
            .filter(|c| c.verdict == Status::Incorrect)
            .count(),
        1
    );
    assert_eq!(cells[3].cell, "2,2");
    assert!(v.message.contains("∂f₂/∂y"), "{}", v.message);
}

#[test]
fn transposed_jacobians() {
    let ex = jacobian();
    rejects(
        &ex,
        &matrix(&[&["2xy", "5"], &["x^2", "cos(y)"]]),
        Some(Diagnosis::Transposed),
    );
    // Not square: the transpose has the wrong shape, and is recognised as a wrong answer (it
    // was read: every entry is a partial derivative), not as one that could not be read.
    let ex = exercise(
        r#"id = "jac23"
kind = "jacobian"
functions = ["x y z", "x + y^2 + z^3"]
vars = ["x", "y", "z"]"#,
    );
    accepts(&ex, &matrix(&[&["yz", "xz", "xy"], &["1", "2y", "3z^2"]]));
    rejects(
        &ex,
        &matrix(&[&["yz", "1"], &["xz", "2y"], &["xy", "3z^2"]]),
        Some(Diagnosis::Transposed),
    );
    let v = invalid(&ex, &matrix(&[&["yz", "xz", "xy"]]));
    assert_eq!(
        v.message,
        "The Jacobian has 2 rows (one per function); you gave 1."
    );
    let v = invalid(&ex, &matrix(&[&["yz", "xz", "xy"], &["1", "2y"]]));
    assert_eq!(
        v.message,
        "Row 2 of the Jacobian has 3 entries (one per variable); you gave 2."
    );
}

#[test]
fn directional_derivatives() {
    let ex = exercise(
        r#"id = "dir"
kind = "directional"
function = "sin(x) cos(y)"
vars = ["x", "y"]
direction = ["1/2", "sqrt(3)/2"]"#,
    );
    accepts(&ex, &scalar("cos(x)cos(y)/2 - (sqrt(3)/2) sin(x) sin(y)"));
    accepts(&ex, &scalar("0.5cos(x)cos(y) - sqrt(3)/2*sin(x)*sin(y)"));
    rejects(&ex, &scalar("cos(x)cos(y) - sin(x)sin(y)"), None);
    // Along (1, 1), not normalized: the answer is √2 times too large.
    let ex = exercise(
        r#"id = "dir11"
kind = "directional"
function = "x^2 + y^2"
vars = ["x", "y"]
direction = ["1", "1"]"#,
    );
    accepts(&ex, &scalar("(2x + 2y)/sqrt(2)"));
    accepts(&ex, &scalar("sqrt(2)(x + y)"));
    let v = rejects(&ex, &scalar("2x + 2y"), Some(Diagnosis::NotNormalized));
    assert!(v.message.contains("length 1.414"), "{}", v.message);
}

#[test]
fn directional_derivatives_at_a_point() {
    let ex = exercise(
        r#"id = "dir-at"
kind = "directional"
function = "sin(x)*cos(y)"
vars = ["x", "y"]
direction = ["1/2", "sqrt(3)/2"]
at = { x = 2, y = 2.5 }"#,
    );
    accepts(
        &ex,
        &scalar("0.5cos(2)cos(2.5) - sqrt(3)/2*sin(2)*sin(2.5)"),
    );
    accepts(&ex, &scalar("-0.3046"));
    accepts(&ex, &scalar("-0.30458"));
    rejects(&ex, &scalar("0.3046"), Some(Diagnosis::Sign));
    rejects(&ex, &scalar("-0.3050"), Some(Diagnosis::Rounded));
    rejects(&ex, &scalar("-0.31"), None);
    let ex = exercise(
        r#"id = "dir-at-11"
kind = "directional"
function = "x^2 + y^2"
vars = ["x", "y"]
direction = ["3", "4"]
at = { x = 1, y = 2 }"#,
    );
    accepts(&ex, &scalar("4.4"));
    accepts(&ex, &scalar("22/5"));
    rejects(&ex, &scalar("22"), Some(Diagnosis::NotNormalized));
}

#[test]
fn gradients_and_jacobians_at_a_point() {
    let ex = exercise(
        r#"id = "grad-at"
kind = "gradient"
function = "(1 - x)^2 + 100 (y - x^2)^2"
vars = ["x", "y"]
at = { x = 0.1, y = 3 }"#,
    );
    accepts(&ex, &vector(&["-121.4", "598"]));
    accepts(
        &ex,
        &vector(&["-2(1-0.1) - 400*0.1*(3-0.01)", "200(3 - 0.01)"]),
    );
    rejects(&ex, &vector(&["598", "-121.4"]), Some(Diagnosis::Swapped));
    let v = rejects(&ex, &vector(&["-121.4", "590"]), None);
    assert_eq!(v.cells.expect("cells")[1].verdict, Status::Incorrect);
    // An expression where a number is asked.
    let v = invalid(&ex, &vector(&["-2(1-x)", "598"]));
    assert!(v.message.contains("asks for a number"), "{}", v.message);

    let ex = exercise(
        r#"id = "jac-at"
kind = "jacobian"
functions = ["x^2 y", "5x + sin(y)"]
vars = ["x", "y"]
at = { x = 2, y = 0 }"#,
    );
    accepts(&ex, &matrix(&[&["0", "4"], &["5", "1"]]));
    rejects(
        &ex,
        &matrix(&[&["0", "5"], &["4", "1"]]),
        Some(Diagnosis::Transposed),
    );
}

#[test]
fn checks_are_deterministic_for_vectors() {
    let ex = gradient();
    let a = check(&ex, &vector(&["y^2", "2xy"]));
    assert_eq!(a, check(&ex, &vector(&["y^2", "2xy"])));
}
