//! The feedback a student and an instructor read (issue 15's messages): which point is shown
//! and how far off the answer is there, what is quoted, in which order, under which name.

use crate::check_support::*;
use crate::tui_support::{key, type_str};

use crossterm::event::KeyCode;
use gradtutor::check::{check, verify_answer_key, Status};
use gradtutor::exercise::{load_str, Course};
use gradtutor::progress::{Progress, Store};
use gradtutor::tui::app::{App, Screen};
use gradtutor::tui::keys::Msg;
use gradtutor::tui::theme::Theme;
use std::path::Path;
use std::process::{Command, Output};

const MIN_2D: &str = r#"
title = "Points"
[[exercise]]
id = "min-2d"
kind = "extremum"
prompt = "Where is f(x, y) = (x − 2)² + (y + 1)² smallest? Enter (x, y)."
function = "(x - 2)^2 + (y + 1)^2"
vars = ["x", "y"]
goal = "min"
answer = ["2", "-1"]
"#;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .args(args)
        .env_remove("GRADTUTOR_PROGRESS")
        .output()
        .expect("the gradtutor binary runs")
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// One exercise with its own prompt, from the body of an `[[exercise]]` table.
fn prompted(body: &str) -> gradtutor::exercise::Exercise {
    let text = format!("title = \"t\"\n[[exercise]]\n{body}\n");
    let (set, diags) = load_str("t.toml", &text);
    let set = set.unwrap_or_else(|| panic!("{diags:?}\n{text}"));
    set.exercises.into_iter().next().expect("one exercise")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("a temporary file can be written");
    p.display().to_string()
}

// ---- A point typed in parentheses is the point (issue 15, item 5) ----

#[test]
fn a_point_in_parentheses_is_read_as_the_point_by_the_checker() {
    let ex = exercise(
        r#"id = "p"
kind = "extremum"
function = "(x - 2)^2 + (y + 1)^2"
vars = ["x", "y"]
goal = "min""#,
    );
    accepts(&ex, &scalar("(2, -1)"));
    accepts(&ex, &scalar("[2, -1]"));
    accepts(&ex, &vector(&["(2, -1)", ""]));
    let wrong = check(&ex, &scalar("(1, -1)"));
    assert_eq!(wrong.status, Status::Incorrect, "{}", wrong.message);
    // Not a point of two coordinates: still refused as the wrong shape.
    let three = check(&ex, &scalar("(2, -1, 0)"));
    assert_eq!(three.status, Status::Invalid, "{}", three.message);
}

#[test]
fn check_reads_a_point_in_parentheses() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let f = write(dir.path(), "points.toml", MIN_2D);
    let o = run(&["check", "min-2d", "(2, -1)", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let o = run(&["check", "min-2d", "(2, 1)", &f]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(!out(&o).contains("you gave one value"), "{}", out(&o));
}

#[test]
fn grade_reads_a_point_in_parentheses() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let f = write(dir.path(), "points.toml", MIN_2D);
    let answers = write(dir.path(), "answers.toml", "min-2d = \"(2, -1)\"\n");
    let o = run(&["grade", "--answers", &answers, &f]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
}

#[test]
fn the_tutor_reads_a_point_typed_in_parentheses_into_the_first_cell() {
    let (set, diags) = load_str("points.toml", MIN_2D);
    let set = set.unwrap_or_else(|| panic!("{diags:?}"));
    let course = Course { sets: vec![set] };
    let mut app = App::new(
        course,
        Store::in_memory(Progress::default()),
        Theme::new(false),
    );
    app.handle(Msg::Resize(80, 24));
    key(&mut app, KeyCode::Enter);
    type_str(&mut app, "(2, -1)");
    key(&mut app, KeyCode::Enter);
    let Screen::Exercise(view) = &app.screen else {
        panic!("expected the exercise screen");
    };
    let v = view.verdict().expect("a verdict after Enter");
    assert_eq!(v.status, Status::Correct, "{}", v.message);
}

// ---- An expression key on an `at` exercise: the instructor's explanation (item 4) ----

const KEY_AT: &str = r#"id = "slope-at"
kind = "derivative"
function = "x^2*y"
var = "x"
vars = ["x", "y"]
at = { x = 1, y = 2 }"#;

#[test]
fn an_expression_key_on_an_at_exercise_is_explained_to_the_instructor_by_validate() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let text =
        format!("title = \"t\"\n[[exercise]]\nprompt = \"?\"\n{KEY_AT}\nanswer = \"2x y\"\n");
    let f = write(dir.path(), "key.toml", &text);
    let o = run(&["validate", &f]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let msg = out(&o);
    assert!(
        msg.contains("has `at`, so its answer is the number at (x, y) = (1, 2)"),
        "{msg}"
    );
    assert!(msg.contains("remove `at`"), "{msg}");
    assert!(!msg.contains("This question asks for a number"), "{msg}");
}

#[test]
fn the_checker_words_an_expression_key_for_the_instructor() {
    let mut ex = exercise(KEY_AT);
    ex.answer = Some(scalar("2x y"));
    let why = verify_answer_key(&ex).expect_err("an expression is not the number asked");
    assert!(why.contains("its answer key is the number at"), "{why}");
    assert!(!why.contains("evaluate your expression"), "{why}");
    // A student still reads the student's wording.
    let v = check(&ex, &scalar("2x y"));
    assert!(
        v.message.contains("evaluate your expression"),
        "{}",
        v.message
    );
}

// ---- Feedback quotes the answer as typed; truncation is told from rounding (item 6) ----

#[test]
fn a_wrong_number_is_quoted_as_typed() {
    let ex = exercise(
        r#"id = "sig"
kind = "value"
value = "sigmoid(1)""#,
    );
    let v = rejects(
        &ex,
        &scalar(" 0.7320 "),
        Some(gradtutor::check::Diagnosis::Rounded),
    );
    assert!(v.message.starts_with("0.7320 is close"), "{}", v.message);
    let v = check(&ex, &scalar("0.8000"));
    assert!(v.message.starts_with("0.8000 is not"), "{}", v.message);
}

#[test]
fn a_truncated_answer_is_told_to_round_when_decimals_are_asked() {
    let ex = exercise(
        r#"id = "dec"
kind = "value"
value = "0.7318"
tolerance = { decimals = 3 }"#,
    );
    accepts(&ex, &scalar("0.732"));
    let v = rejects(
        &ex,
        &scalar("0.731"),
        Some(gradtutor::check::Diagnosis::Rounded),
    );
    assert!(
        v.message
            .contains("cut off after 3 decimal places, not rounded"),
        "{}",
        v.message
    );
    // Not every wrong answer is a truncation.
    let v = check(&ex, &scalar("0.730"));
    assert!(!v.message.contains("cut off"), "{}", v.message);
}

// ---- Points in the prompt's order (item 7) and the function as the exercise names it (item 8) ----

#[test]
fn without_vars_points_follow_the_prompt_and_the_function_keeps_its_name() {
    // The function is written y first; the prompt speaks of z(x, y).
    let text = r#"title = "t"
[[exercise]]
id = "z-dx"
kind = "derivative"
prompt = "Let z(x, y) = y·x³. Find ∂z/∂x."
function = "y*x^3"
var = "x"
"#;
    let (set, diags) = load_str("t.toml", text);
    let set = set.unwrap_or_else(|| panic!("{diags:?}"));
    let ex = &set.exercises[0];
    assert_eq!(ex.kind.vars(), ["x".to_string(), "y".to_string()]);
    let v = check(ex, &scalar("3x^2 y + 1"));
    assert_eq!(v.status, Status::Incorrect);
    assert!(v.message.contains("(x, y) = ("), "{}", v.message);
    assert!(v.message.contains("∂z/∂x is"), "{}", v.message);
    assert!(!v.message.contains("∂f"), "{}", v.message);
}

#[test]
fn a_derivative_of_one_variable_is_named_as_the_prompt_writes_it() {
    let ex = prompted(
        r#"id = "l-dz"
prompt = "Find ∂ℓ/∂z for ℓ = −ln σ(z)."
kind = "derivative"
function = "-ln(sigmoid(z))"
var = "z""#,
    );
    let v = check(&ex, &scalar("sigmoid(z) + 1"));
    assert!(v.message.contains("∂ℓ/∂z is"), "{}", v.message);
    // Asked at a point, the same name.
    let ex = prompted(
        r#"id = "l-dz-at"
prompt = "Find ∂ℓ/∂z at z = 0 for ℓ = −ln σ(z)."
kind = "derivative"
function = "-ln(sigmoid(z))"
var = "z"
at = { z = 0 }"#,
    );
    let v = check(&ex, &scalar("0.7"));
    assert!(v.message.contains("not ∂ℓ/∂z at z = 0"), "{}", v.message);
}

#[test]
fn an_extremum_of_one_variable_speaks_of_the_derivative() {
    let ex = exercise(
        r#"id = "min-1d"
kind = "extremum"
function = "(x - 1)^2"
vars = ["x"]
goal = "min""#,
    );
    let v = check(&ex, &scalar("1"));
    assert_eq!(v.status, Status::Correct);
    assert!(
        v.message.contains("the derivative vanishes at x = 1"),
        "{}",
        v.message
    );
    assert!(!v.message.contains("gradient"), "{}", v.message);
    let v = check(&ex, &scalar("1"));
    let saddle = exercise(
        r#"id = "max-1d"
kind = "extremum"
function = "(x - 1)^2"
vars = ["x"]
goal = "max""#,
    );
    let w = check(&saddle, &scalar("1"));
    assert!(
        w.message.starts_with("The derivative does vanish"),
        "{}",
        w.message
    );
    assert!(v.is_correct());
}

#[test]
fn several_functions_are_subscripted_the_same_way_everywhere() {
    let ex = exercise(
        r#"id = "jac-undefined"
kind = "jacobian"
functions = ["x*y", "ln(x)"]
vars = ["x", "y"]
at = { x = -1, y = 2 }"#,
    );
    let e = gradtutor::check::Checker::new(&ex).expect_err("ln(-1) is not defined");
    assert_eq!(
        e.to_string(),
        "the function f₂ is not defined at (x, y) = (-1, 2)"
    );
}

// ---- The point shown for a wrong expression is where the difference is plainest (item 1) ----

/// The two numbers of "… gives A; … is T" in a message.
fn shown_values(message: &str) -> (f64, f64) {
    let num = |s: &str| -> f64 {
        let t: String = s
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | 'e'))
            .collect();
        t.trim_end_matches('.')
            .parse()
            .unwrap_or_else(|_| panic!("a number at {s:?}"))
    };
    let a = message.split("gives ").nth(1).expect("gives A");
    let t = message.split(" is ").last().expect("is T");
    (num(a), num(t))
}

#[track_caller]
fn plainly_different(message: &str) {
    let (a, t) = shown_values(message);
    assert!(
        (a - t).abs() >= 0.25 * a.abs().max(t.abs()),
        "{a} and {t} look alike: {message}"
    );
}

#[test]
fn a_wrong_formula_is_shown_where_it_is_plainly_wrong() {
    // Off by 0.2 everywhere: about 1% at a typical point, plain where the derivative is small.
    let ex = prompted(
        r#"id = "e2x"
kind = "derivative"
prompt = "Find f′(x) for f(x) = e^(2x) cos x."
function = "e^(2x)*cos(x)"
var = "x""#,
    );
    let v = check(&ex, &scalar("2e^(2x)cos x - e^(2x) sin x + 0.2"));
    assert_eq!(v.status, Status::Incorrect);
    plainly_different(&v.message);
    // A sign slip inside one term of the Rosenbrock gradient.
    let ex = prompted(
        r#"id = "rosen"
kind = "gradient"
prompt = "Find ∇f for f(x, y) = (1 − x)² + 100(y − x²)²."
function = "(1 - x)^2 + 100*(y - x^2)^2"
vars = ["x", "y"]
domain = [-2, 2]"#,
    );
    let v = check(&ex, &vector(&["-2(1+x) - 400x(y - x^2)", "200(y - x^2)"]));
    let cell = &v.cells.expect("cells")[0];
    assert_eq!(cell.verdict, Status::Incorrect);
    plainly_different(&cell.message);
    // A round point when there is one: (1, 1), where the true ∂f/∂x is 0.
    assert!(cell.message.contains("(x, y) = (1, 1)"), "{}", cell.message);
}

#[test]
fn how_far_off_the_answer_is_there_is_said() {
    let ex = exercise(
        r#"id = "cube"
kind = "derivative"
function = "x^3"
var = "x"
domain = [1, 3]"#,
    );
    // 3x² + x: off by 1/(3x), most at x = 1 (33%).
    let v = check(&ex, &scalar("3x^2 + x"));
    assert_eq!(
        v.message,
        "At x = 1 your answer gives 4; the derivative is 3 (off by 33%)."
    );
}

// ---- Table errors in the table's own terms, with `params` for a weight or a bias (item 3) ----

fn load_errors(body: &str) -> String {
    let text = format!("title = \"t\"\n[[exercise]]\nprompt = \"?\"\n{body}\n");
    let (_, diags) = load_str("t.toml", &text);
    diags
        .iter()
        .map(|d| d.message.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_column_naming_an_unknown_weight_is_told_the_names_it_can_use_and_params() {
    let errors = load_errors(
        r#"id = "t"
kind = "table"
data = { x = [1, 2], y = [0, 1] }
columns = [
  { name = "z", formula = "x + 1" },
  { name = "a", formula = "sigmoid(w*z)" },
]
totals = [{ name = "L", formula = "prod(a)" }]"#,
    );
    assert!(
        errors.contains(
            "in column `a`: `w` is not a name this column can use; it can use data columns x, y; \
             computed columns z"
        ),
        "{errors}"
    );
    assert!(errors.contains("give its value in `params`"), "{errors}");
}

#[test]
fn inside_prod_a_total_is_not_told_to_use_prod() {
    let errors = load_errors(
        r#"id = "t"
kind = "table"
data = { x = [1, 2], y = [0, 1] }
columns = [{ name = "p", formula = "x/3" }]
totals = [{ name = "L", formula = "prod(p*b)" }]"#,
    );
    assert!(
        errors.contains("`b` is not a name this total can use; it can use data columns x, y"),
        "{errors}"
    );
    assert!(!errors.contains("inside sum(...), prod(...)"), "{errors}");
    assert!(errors.contains("give its value in `params`"), "{errors}");
}
