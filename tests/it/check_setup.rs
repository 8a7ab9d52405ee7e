//! Exercises that cannot be checked, and answer keys that are wrong: the instructor's problems,
//! reported by `verify_answer_key` (which `validate` runs) and never a silent pass.

use crate::check_support;

use check_support::*;
use gradtutor::check::{verify_answer_key, Checker, SetupError, Status};
use gradtutor::exercise::Answer;

#[test]
fn a_right_key_passes_and_a_wrong_key_names_a_point() {
    let mut ex = exercise(
        r#"id = "poly"
kind = "derivative"
function = "3x^4 - 5x^2 + 2x"
var = "x"
answer = "12x^3 - 10x + 2""#,
    );
    assert_eq!(verify_answer_key(&ex), Ok(()));
    // The handwritten notes' slip: 5·2x² for the middle term.
    ex.answer = Some(Answer::Scalar("12x^3 - 10x^2 + 2".into()));
    let err = verify_answer_key(&ex).unwrap_err();
    assert!(err.starts_with("At x = "), "{err}");
    assert!(err.contains("the answer key gives"), "{err}");
    assert!(err.contains("the derivative is"), "{err}");
}

#[test]
fn a_wrong_number_key_gives_the_computed_value() {
    let ex = exercise(
        r#"id = "slope"
kind = "derivative"
function = "sqrt(x)"
var = "x"
at = { x = 4 }
domain = [1, 9]
answer = "0.2""#,
    );
    let err = verify_answer_key(&ex).unwrap_err();
    assert!(err.contains("0.25"), "{err}");
}

#[test]
fn a_key_of_the_wrong_shape_or_unreadable_is_reported() {
    let mut ex = exercise(
        r#"id = "grad"
kind = "gradient"
function = "x^2 + y^2"
vars = ["x", "y"]
answer = ["2x", "2y"]"#,
    );
    assert_eq!(verify_answer_key(&ex), Ok(()));
    ex.answer = Some(Answer::Vector(vec!["2x".into()]));
    let err = verify_answer_key(&ex).unwrap_err();
    assert_eq!(err, "The gradient has 2 components; the answer key gives 1");
    ex.answer = Some(Answer::Vector(vec!["2x".into(), "2y)".into()]));
    let err = verify_answer_key(&ex).unwrap_err();
    assert!(err.contains("column 3"), "{err}");
}

#[test]
fn too_few_usable_points_is_an_error_not_a_pass() {
    // sqrt(x - 5) is undefined on all of [-3, 3].
    let ex = exercise(
        r#"id = "nowhere"
kind = "derivative"
function = "sqrt(x - 5)"
var = "x""#,
    );
    match Checker::new(&ex) {
        Err(SetupError::TooFewPoints { usable, needed, .. }) => {
            assert_eq!(usable, 0);
            assert_eq!(needed, 16);
        }
        other => panic!("{other:?}"),
    }
    let err = verify_answer_key(&ex).unwrap_err();
    assert!(err.contains("usable sample points"), "{err}");
    // A student meets a clear message, not a verdict.
    let v = invalid(&ex, &scalar("1/(2sqrt(x-5))"));
    assert!(v.message.contains("tell your instructor"), "{}", v.message);
}

#[test]
fn a_derivative_at_a_kink_cannot_be_checked() {
    let ex = exercise(
        r#"id = "kink-at"
kind = "derivative"
function = "abs(x)"
var = "x"
at = { x = 0 }"#,
    );
    let err = verify_answer_key(&ex).unwrap_err();
    assert!(err.contains("cannot be computed reliably"), "{err}");
}

#[test]
fn a_wrong_extremum_key() {
    let ex = exercise(
        r#"id = "closest"
kind = "extremum"
function = "(x - 3)^2 + (x^2 - 7)^2"
vars = ["x"]
goal = "min"
domain = [0, 4]
answer = "1""#,
    );
    let err = verify_answer_key(&ex).unwrap_err();
    assert!(err.contains("not zero"), "{err}");
    assert!(err.contains("minimum is at x = "), "{err}");
}

#[test]
fn the_checker_reports_its_sample() {
    let ex = exercise(
        r#"id = "sample"
kind = "gradient"
function = "x^2 y"
vars = ["x", "y"]"#,
    );
    let c = checker(&ex);
    assert_eq!(c.sample_points(), 32);
    assert_eq!(c.check(&vector(&["2xy", "x^2"])).status, Status::Correct);
}

#[test]
fn every_bundled_exercise_can_be_checked_and_its_key_is_right() {
    let loaded = gradtutor::exercise::load_bundled();
    let mut n = 0;
    for ex in loaded.course.exercises() {
        assert_eq!(verify_answer_key(ex), Ok(()), "{}", ex.id);
        n += 1;
    }
    assert!(n >= 60, "{n} bundled exercises");
}
