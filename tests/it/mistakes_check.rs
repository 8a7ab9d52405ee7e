//! Named mistakes in the checker, `check` and `grade --json`: a wrong answer that a common wrong
//! rule explains gets the rule, the place and the right application; the verdict never changes;
//! numbers asked `at` a point are diagnosed the same way.

use crate::check_support::{accepts, exercise, rejects, scalar, vector};
use gradtutor::check::Diagnosis;
use std::process::Command;

#[test]
fn a_wrong_product_rule_is_named_with_its_place_and_the_right_rule() {
    let ex = exercise(
        r#"id = "prod"
kind = "derivative"
function = "x sin(x)"
var = "x""#,
    );
    accepts(&ex, &scalar("sin x + x cos x"));
    let v = rejects(&ex, &scalar("cos x"), Some(Diagnosis::ProductRule));
    assert_eq!(
        v.message,
        "You differentiated the product x·sin(x) as (x)′·(sin(x))′ = cos(x). The product rule \
         gives (x)′·sin(x) + x·(sin(x))′ = sin(x) + x·cos(x)."
    );
}

#[test]
fn a_randomised_exercise_s_mistake_is_told_with_the_variant_s_numbers() {
    // The prompt of variant 3 reads f(x) = 8x⁴: the feedback speaks of x⁴, not of xⁿ.
    let drawn = exercise(
        r#"id = "power-drawn"
kind = "derivative"
params = { a = { int = [2, 9] }, n = { int = [3, 6] } }
function = "a*x^n"
var = "x""#,
    );
    let v3 = drawn.variant(3).expect("variant 3");
    let value = |name: &str| {
        v3.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, x)| *x)
            .expect("param")
    };
    let (a, n) = (value("a"), value("n"));
    let raised = format!("{}*x^{}", a * n, n + 1.0);
    let v = rejects(&v3, &scalar(&raised), Some(Diagnosis::PowerRule));
    assert!(
        v.message.contains(&format!(
            "so (x{})′",
            gradtutor::text::superscript(n as usize)
        )),
        "{}",
        v.message
    );
    assert!(
        !v.message.contains('ⁿ') || v.message.contains("(uⁿ)′"),
        "{}",
        v.message
    );
    assert!(
        !v.message.contains("x^n") && !v.message.contains("xⁿ"),
        "{}",
        v.message
    );
}

#[test]
fn each_family_gets_its_tag_in_the_checker() {
    let cases = [
        (
            "x^2/(x+1)",
            "(2x(x+1) + x^2)/(x+1)^2",
            Diagnosis::QuotientRule,
        ),
        ("sin(x^2)", "cos(x^2)", Diagnosis::ChainRule),
        ("x^5", "5x^6", Diagnosis::PowerRule),
        ("cos(x)", "sin x", Diagnosis::Elementary),
        ("x^3 - 4x", "3x^2 + 4", Diagnosis::TermSign),
        (
            "x^3 - 4x + 7",
            "3x^2 - 4 + 7",
            Diagnosis::ConstantNotDropped,
        ),
        ("x^3 + e^x", "3x^2", Diagnosis::MissingTerm),
    ];
    for (f, answer, diagnosis) in cases {
        let ex = exercise(&format!(
            "id = \"fam\"\nkind = \"derivative\"\nfunction = \"{f}\"\nvar = \"x\"\ndomain = [0.2, 3]"
        ));
        rejects(&ex, &scalar(answer), Some(diagnosis));
    }
}

#[test]
fn partial_derivatives_name_the_variable_held_constant() {
    let ex = exercise(
        r#"id = "held"
kind = "derivative"
function = "x^2 sin(y)"
var = "x"
vars = ["x", "y"]"#,
    );
    let v = rejects(&ex, &scalar("2x cos(y)"), Some(Diagnosis::HeldConstant));
    assert!(v.message.contains("sin(y)"), "{}", v.message);
    let ex = exercise(
        r#"id = "extra"
kind = "derivative"
function = "x^2 y + y^2"
var = "x"
vars = ["x", "y"]"#,
    );
    rejects(&ex, &scalar("2xy + x^2 + 2y"), Some(Diagnosis::ExtraTerm));
}

#[test]
fn gradient_components_are_diagnosed_one_by_one() {
    let ex = exercise(
        r#"id = "grad"
kind = "gradient"
function = "x sin(y) + y^3"
vars = ["x", "y"]"#,
    );
    let v = rejects(
        &ex,
        &vector(&["sin y", "-x cos y + 3y^2"]),
        Some(Diagnosis::Elementary),
    );
    assert!(
        v.message
            .starts_with("Component 2 (∂f/∂y) is wrong: you used"),
        "{}",
        v.message
    );
}

#[test]
fn a_number_asked_at_a_point_is_diagnosed_the_same_way() {
    // d/dx sin(x²) at x = 1.5: 2·1.5·cos(2.25); without the inner derivative: cos(2.25)
    let ex = exercise(
        r#"id = "at"
kind = "derivative"
function = "sin(x^2)"
var = "x"
at = { x = 1.5 }
tolerance = { sig_figs = 4 }"#,
    );
    accepts(&ex, &scalar(&format!("{}", 3.0 * 2.25f64.cos())));
    let v = rejects(
        &ex,
        &scalar(&format!("{:.6}", 2.25f64.cos())),
        Some(Diagnosis::ChainRule),
    );
    assert!(
        v.message.contains("without the inner derivative"),
        "{}",
        v.message
    );
}

#[test]
fn a_directional_derivative_names_the_slip_in_its_partial() {
    // along (3, 4)/5: 3/5·∂f/∂x + 4/5·∂f/∂y with ∂f/∂x = 2x cos(x²), ∂f/∂y = 1
    let ex = exercise(
        r#"id = "dir"
kind = "directional"
function = "sin(x^2) + y"
vars = ["x", "y"]
direction = [3, 4]"#,
    );
    accepts(&ex, &scalar("0.6*2x cos(x^2) + 0.8"));
    rejects(
        &ex,
        &scalar("0.6 cos(x^2) + 0.8"),
        Some(Diagnosis::ChainRule),
    );
}

#[test]
fn grade_json_carries_the_new_tags_and_check_prints_the_explanation() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let course = dir.path().join("course.toml");
    std::fs::write(
        &course,
        r#"title = "Mistakes"

[[exercise]]
id = "prod"
kind = "derivative"
prompt = "Differentiate x sin x."
function = "x sin(x)"
var = "x"

[[exercise]]
id = "chain"
kind = "derivative"
prompt = "Differentiate e^(3x)."
function = "e^(3x)"
var = "x"
"#,
    )
    .expect("write the course");
    let answers = dir.path().join("answers.toml");
    std::fs::write(&answers, "prod = \"cos(x)\"\nchain = \"e^(3x)\"\n").expect("write answers");
    let bin = env!("CARGO_BIN_EXE_gradtutor");
    let course = course.display().to_string();
    let o = Command::new(bin)
        .args(["grade", "--json", "--answers"])
        .arg(&answers)
        .arg(&course)
        .env_remove("GRADTUTOR_PROGRESS")
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let results = v["results"].as_array().expect("results");
    let tag = |id: &str| {
        results
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["diagnosis"].clone())
    };
    assert_eq!(tag("prod"), Some("product_rule".into()));
    assert_eq!(tag("chain"), Some("chain_rule".into()));
    let o = Command::new(bin)
        .args(["check", "chain", "e^(3x)", &course])
        .env_remove("GRADTUTOR_PROGRESS")
        .output()
        .expect("runs");
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("without the inner derivative (3x)′ = 3"),
        "{out}"
    );
    assert!(out.contains("diagnosis: chain_rule"), "{out}");
}

/// `validate` lists the wrong rules that give the right derivative on an exercise (as a note:
/// nothing to fix), and the checker never calls the right answer a mistake for them.
#[test]
fn validate_notes_the_wrong_rules_an_exercise_cannot_tell_from_the_truth() {
    use gradtutor::exercise::{Severity, SourceFile};
    use gradtutor::validate::validate;
    let body = r#"id = "poly-second"
kind = "derivative"
function = "3x^4 - 5x^2 + 2x"
var = "x"
order = 2
answer = "36x^2 - 10""#;
    let text = format!("title = \"t\"\n[[exercise]]\nprompt = \"?\"\n{body}\n");
    let report = validate(&[SourceFile {
        name: "t.toml".into(),
        text: text.clone(),
    }]);
    let notes: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    // a slip at 2x in the first differentiation (left out, or its sign flipped: the same wrong
    // derivative, named once) is differentiated away by the second
    assert_eq!(
        notes,
        vec![
            "t.toml:6:12: note: `poly-second`: this wrong rule gives the right answer, so it \
             cannot be diagnosed here: a term's derivative left out at 2x"
        ]
    );
    assert!(report
        .diagnostics
        .iter()
        .all(|d| d.severity == Severity::Note));
    assert!(report.summary().ends_with("0 errors, 0 warnings, 1 note"));
    // the derivative of that slip's f′ = 12x³ − 10x is the right answer: accepted
    let ex = exercise(body);
    accepts(&ex, &scalar("36x^2 - 10"));
    // an exercise whose wrong rules all show has no note
    let clean = validate(&[SourceFile {
        name: "c.toml".into(),
        text: "title = \"t\"\n[[exercise]]\nid = \"p\"\nprompt = \"?\"\nkind = \"derivative\"\nfunction = \"x sin(x)\"\nvar = \"x\"\n".into(),
    }]);
    assert!(clean.diagnostics.is_empty(), "{:?}", clean.diagnostics);
}
