//! The worked derivation of a prepared question (`question::Worked`): what the tutor's solution
//! view and `gradtutor show` print for derivative, gradient, Jacobian and directional exercises.

use gradtutor::exercise::{load_bundled, load_str, Exercise};
use gradtutor::math::symbolic::Function;
use gradtutor::math::Scope;
use gradtutor::question::{Question, Target, Worked};

fn exercise(body: &str) -> Exercise {
    let text = format!("title = \"Worked\"\n\n[[exercise]]\nid = \"w\"\n{body}");
    let (set, diags) = load_str("worked.toml", &text);
    let set = set.unwrap_or_else(|| panic!("does not load: {diags:?}"));
    set.exercises.into_iter().next().expect("one exercise")
}

fn worked(ex: &Exercise) -> Worked {
    let q = Question::prepare(ex).expect("prepares");
    Worked::new(ex, &q).expect("a rate exercise has a derivation")
}

fn text(w: &Worked) -> String {
    w.lines().join("\n")
}

/// The derivative `derive` gives, typeset, for comparison.
fn derived(src: &str, vars: &[&str], by: &[usize]) -> String {
    let f = Function::parse(src, &Scope::new(vars)).expect("parses");
    f.derive(by).expect("derives").pretty
}

#[test]
fn a_derivative_is_derived_rule_by_rule_from_the_function_to_the_result() {
    let ex = exercise(
        "kind = \"derivative\"\nfunction = \"3x^4 - 5x^2 + 2x\"\nvar = \"x\"\nprompt = \"Find f′(x).\"",
    );
    let w = worked(&ex);
    let lines = w.lines();
    assert_eq!(lines[0], "f(x) = 3x⁴ − 5x² + 2x");
    assert_eq!(lines[1], "f′(x):");
    assert!(lines[2].starts_with("1. Sum rule:"), "{}", text(&w));
    let result = derived("3x^4 - 5x^2 + 2x", &["x"], &[0]);
    assert_eq!(lines.last().unwrap(), &format!("So f′(x) = {result}."));
    // the steps are numbered in order and nested by indentation
    assert!(
        lines.iter().any(|l| l.starts_with("3.     Power rule")),
        "{}",
        text(&w)
    );
    assert!(w.complete());
}

#[test]
fn a_derivative_at_a_point_ends_with_its_value_there() {
    let ex = exercise(
        "kind = \"derivative\"\nfunction = \"sqrt(x)\"\nvar = \"x\"\nat = { x = 4 }\ndomain = [0.5, 9]\nprompt = \"Slope at 4?\"",
    );
    let w = worked(&ex);
    assert_eq!(w.parts.len(), 1);
    assert_eq!(w.parts[0].value, Some(0.25));
    assert_eq!(w.lines().last().unwrap(), "So f′(4) = 0.25.");
}

#[test]
fn a_gradient_has_one_derivation_per_component_named_as_its_cell() {
    let ex = exercise(
        "kind = \"gradient\"\nfunction = \"x*y^2 + x^3\"\nvars = [\"x\", \"y\"]\nprompt = \"∇f?\"",
    );
    let q = Question::prepare(&ex).unwrap();
    let w = Worked::new(&ex, &q).unwrap();
    let labels: Vec<&str> = w.parts.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["∂f/∂x", "∂f/∂y"]);
    let cells: Vec<&str> = q.answer.cells.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, cells, "the parts are the answer's cells, in order");
    let t = text(&w);
    for (k, label) in labels.iter().enumerate() {
        let result = derived("x*y^2 + x^3", &["x", "y"], &[k]);
        assert!(t.contains(&format!("So {label} = {result}.")), "{t}");
    }
    // the other variable is held constant, and the step says so
    assert!(t.contains("held constant"), "{t}");
}

#[test]
fn a_jacobian_is_derived_entry_by_entry_under_each_function() {
    let ex = exercise(
        "kind = \"jacobian\"\nfunctions = [\"x^2*y\", \"5x + sin(y)\"]\nvars = [\"x\", \"y\"]\nprompt = \"J?\"",
    );
    let w = worked(&ex);
    let labels: Vec<&str> = w.parts.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["∂f₁/∂x", "∂f₁/∂y", "∂f₂/∂x", "∂f₂/∂y"]);
    let lines = w.lines();
    let f1 = lines.iter().position(|l| l == "f₁(x, y) = x²·y");
    let f2 = lines.iter().position(|l| l.starts_with("f₂(x, y) = "));
    let d21 = lines.iter().position(|l| l == "∂f₂/∂x:");
    assert!(f1 == Some(0) && f2 < d21 && f2.is_some(), "{}", text(&w));
}

#[test]
fn a_directional_derivative_combines_the_partials_with_the_exact_unit_direction() {
    let ex = exercise(
        "kind = \"directional\"\nfunction = \"sin(x)*cos(y)\"\nvars = [\"x\", \"y\"]\ndirection = [\"1/2\", \"sqrt(3)/2\"]\nat = { x = 2, y = 2.5 }\nprompt = \"D_u f?\"",
    );
    let q = Question::prepare(&ex).unwrap();
    let w = Worked::new(&ex, &q).unwrap();
    assert_eq!(w.parts.len(), 2, "one part per partial derivative");
    let c = w.combination.as_ref().expect("a combination");
    assert_eq!(c.direction, "(1/2, √3/2)");
    let Target::Directional { dir, .. } = &q.answer.cells[0].target else {
        panic!("a directional cell");
    };
    let by_parts: f64 = w
        .parts
        .iter()
        .zip(dir)
        .map(|(p, u)| p.value.unwrap() * u)
        .sum();
    let value = c.value.expect("a value at the point");
    assert!((value - by_parts).abs() < 1e-12, "{value} vs {by_parts}");
    assert!(text(&w).contains("D_u f = ∇f · u"), "{}", text(&w));
}

#[test]
fn a_direction_that_is_not_a_unit_vector_is_divided_by_its_length() {
    let ex = exercise(
        "kind = \"directional\"\nfunction = \"x^2 + y^2\"\nvars = [\"x\", \"y\"]\ndirection = [\"3\", \"4\"]\nprompt = \"D_u f?\"",
    );
    let w = worked(&ex);
    let c = w.combination.as_ref().unwrap();
    assert_eq!(c.direction, "(3/5, 4/5)");
    let result = c.result.as_ref().expect("a closed form");
    assert!(
        (result.eval(&[1.0, 2.0]) - (2.0 * 0.6 + 4.0 * 0.8)).abs() < 1e-12,
        "{}",
        result.derivative
    );
}

#[test]
fn a_randomised_exercise_is_derived_with_its_variants_numbers() {
    let ex = exercise(
        r#"kind = "derivative"
params = { a = { int = [2, 9] }, n = { int = [3, 6] }, c = { choose = [-3, -2, -1, 1, 2, 3] } }
where = ["a != n"]
function = "a*x^n + c*x"
var = "x"
prompt = "Find f′(x) for f(x) = {function}.""#,
    );
    for n in [1, 2, 7] {
        let v = ex.variant(n).expect("a variant");
        let value = |name: &str| {
            v.params
                .iter()
                .find(|(p, _)| p == name)
                .map(|(_, x)| *x)
                .unwrap()
        };
        let (a, k, c) = (value("a"), value("n"), value("c"));
        let w = worked(&v);
        let first = &w.lines()[0];
        assert!(!first.contains('a') && !first.contains('c'), "{first}");
        let d = w.parts[0].outcome.as_ref().expect("derives");
        assert!(d.steps.iter().all(|s| !s.expr.contains('a')), "{d:?}");
        // the result is a·n·x^(n−1) + c with this variant's numbers
        let x = 1.3_f64;
        let expected = a * k * x.powf(k - 1.0) + c;
        assert!((d.eval(&[x]) - expected).abs() < 1e-9 * expected.abs().max(1.0));
    }
}

#[test]
fn a_fixed_exercise_keeps_its_named_constants_as_its_solution_does() {
    let ex = exercise(
        "kind = \"derivative\"\nfunction = \"sigmoid(a*x + b)\"\nvar = \"x\"\nparams = { a = 2, b = -1 }\nprompt = \"f′?\"",
    );
    let w = worked(&ex);
    assert_eq!(w.lines()[0], "f(x) = σ(a·x + b)");
}

#[test]
fn where_there_is_no_closed_form_the_part_says_why_and_gives_no_formula() {
    let ex = exercise(
        "kind = \"derivative\"\nfunction = \"relu(x) + x^2\"\nvar = \"x\"\nprompt = \"f′?\"",
    );
    let w = worked(&ex);
    assert!(!w.complete());
    let t = text(&w);
    assert!(
        t.contains("cannot be differentiated in closed form") && t.contains("kink"),
        "{t}"
    );
    assert!(!t.contains("So f′(x)"), "{t}");
}

#[test]
fn other_kinds_have_no_generated_derivation() {
    let ex = exercise("kind = \"value\"\nvalue = \"2 + 3\"\nprompt = \"2 + 3?\"");
    let q = Question::prepare(&ex).unwrap();
    assert!(Worked::new(&ex, &q).is_none());
}

#[test]
fn every_rate_exercise_of_the_bundled_course_has_a_complete_derivation() {
    let loaded = load_bundled();
    let mut count = 0;
    for set in &loaded.course.sets {
        for ex in &set.exercises {
            if !matches!(
                ex.kind.name(),
                "derivative" | "gradient" | "jacobian" | "directional"
            ) {
                continue;
            }
            let q = Question::prepare(ex).expect("bundled exercises prepare");
            let w = Worked::new(ex, &q).unwrap_or_else(|| panic!("{}: no derivation", ex.id));
            assert!(w.complete(), "{}: {}", ex.id, text(&w));
            for p in &w.parts {
                if let Some(v) = p.value {
                    assert!(v.is_finite(), "{}: {} = {v}", ex.id, p.label);
                }
            }
            count += 1;
        }
    }
    assert!(count > 30, "only {count} rate exercises");
}

fn show(args: &[&str]) -> (String, bool) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .arg("show")
        .args(args)
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.success(),
    )
}

#[test]
fn show_prints_the_derivation_after_the_written_solution() {
    let (text, ok) = show(&["grad-rosenbrock"]);
    assert!(ok, "{text}");
    let written = text.find("Solution: ").expect("the written solution");
    let generated = text.find(Worked::HEADING).expect("the derivation");
    assert!(written < generated, "{text}");
    assert!(text.contains("So ∂f/∂y = 2b·(y − x²)."), "{text}");
}

#[test]
fn show_prints_a_variants_derivation_with_its_numbers_and_json_stays_exact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("drawn.toml");
    std::fs::write(
        &file,
        "title = \"Drawn\"\n\n[[exercise]]\nid = \"drawn\"\nkind = \"derivative\"\n\
         params = { a = { int = [2, 9] } }\nfunction = \"a*x^2\"\nvar = \"x\"\n\
         prompt = \"Find f′(x) for f(x) = {function}.\"\n",
    )
    .unwrap();
    let path = file.display().to_string();
    let (text, ok) = show(&["drawn", "--variant", "3", &path]);
    assert!(ok, "{text}");
    let prompt = text
        .lines()
        .find_map(|l| l.strip_prefix("Find f′(x) for f(x) = "))
        .expect("the prompt");
    let a: f64 = prompt.trim_end_matches("x².").parse().expect("a number");
    assert!(
        text.contains(&format!("So f′(x) = {}x.", 2.0 * a)),
        "{text}"
    );
    // scripts get derivations from `derive --json`; `show --json` keeps issue 10's shape
    let (json, ok) = show(&["drawn", "--variant", "3", "--json", &path]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    let mut expected = [
        "id", "kind", "variant", "params", "title", "prompt", "hints", "solution",
    ];
    let mut keys = keys;
    keys.sort_unstable();
    expected.sort_unstable();
    assert_eq!(keys, expected);
}
