//! Where the checker compares an expression with the truth: over the whole domain box, its
//! corners and edges included, so that a mistake confined to a corner or an edge strip is caught.

use crate::check_support;

use check_support::*;
use gradtutor::check::{check, Status};

/// The gradient of x·y on the default box [-3, 3]², under several ids (the ids seed the points).
fn gradients() -> Vec<gradtutor::exercise::Exercise> {
    ["grad-a", "grad-b", "poly-grad", "week2-7", "xy"]
        .iter()
        .map(|id| {
            exercise(&format!(
                "id = \"{id}\"\nkind = \"gradient\"\nfunction = \"x*y\"\nvars = [\"x\", \"y\"]"
            ))
        })
        .collect()
}

#[track_caller]
fn caught(ex: &gradtutor::exercise::Exercise, answer: &[&str]) {
    let v = check(ex, &vector(answer));
    assert_eq!(
        v.status,
        Status::Incorrect,
        "{}: {answer:?} is wrong near the boundary only, and passed: {}",
        ex.id,
        v.message
    );
}

#[test]
fn a_mistake_confined_to_a_corner_of_the_box_is_caught() {
    // Wrong only where x > 2.4 and y > 2.4: 1% of the box, in one corner.
    for ex in gradients() {
        accepts(&ex, &vector(&["y", "x"]));
        caught(&ex, &["y + max(0, x - 2.4)*max(0, y - 2.4)", "x"]);
        caught(&ex, &["y", "x + max(0, -2.4 - x)*max(0, 2.4 - y)"]);
    }
}

#[test]
fn a_mistake_confined_to_a_strip_along_an_edge_is_caught() {
    // Wrong only where y > 2.85 (a strip of 2.5% of the box along its top edge), or x < -2.85.
    for ex in gradients() {
        caught(&ex, &["y + max(0, y - 2.85)", "x"]);
        caught(&ex, &["y", "x + max(0, -2.85 - x)"]);
    }
}

#[test]
fn corners_where_the_function_is_undefined_are_left_out() {
    // ln(x y) is undefined at x = 0 or y = 0, corners of [0, 2]²: the box still checks, and a
    // mistake in the corner near (2, 2) is still caught.
    let ex = exercise(
        r#"id = "ln-corner"
kind = "gradient"
function = "ln(x*y)"
vars = ["x", "y"]
domain = [0, 2]"#,
    );
    accepts(&ex, &vector(&["1/x", "1/y"]));
    caught(&ex, &["1/x + max(0, x - 1.7)*max(0, y - 1.7)", "1/y"]);
}
