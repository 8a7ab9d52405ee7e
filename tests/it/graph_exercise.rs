//! The `graph` exercise kind: the grid of asked nodes × value/adjoint, checked cell by cell,
//! with the backward pass's two classic mistakes recognised; its loading errors; `validate`
//! on wrong keys and unknown nodes; `check` and `grade` on the command line.

use crate::check_support;

use check_support::*;
use gradtutor::check::{Diagnosis, Status};
use gradtutor::exercise::{load_str, to_toml, Kind};
use std::process::Command;

/// The lecture's log loss of one example, at its model z = 0.5x − 4 and example 4 (x = 24, y = 0).
fn logloss() -> gradtutor::exercise::Exercise {
    exercise(
        r#"id = "graph-logloss"
kind = "graph"
function = "-(y*ln(sigmoid(w*x + b)) + (1 - y)*ln(1 - sigmoid(w*x + b)))"
at = { w = 0.5, x = 24, b = -4, y = 0 }
names = { z = "w*x + b", a = "sigmoid(w*x + b)", L = "-(y*ln(sigmoid(w*x + b)) + (1 - y)*ln(1 - sigmoid(w*x + b)))" }
nodes = ["z", "a", "w", "b"]
ask = ["value", "adjoint"]"#,
    )
}

/// f = σ(x)·(1 − σ(x)): σ(x) is one node used twice.
fn shared() -> gradtutor::exercise::Exercise {
    exercise(
        r#"id = "graph-shared"
kind = "graph"
function = "sigmoid(x)*(1 - sigmoid(x))"
at = { x = 1 }
names = { s = "sigmoid(x)" }
nodes = ["s", "x"]
ask = ["adjoint"]"#,
    )
}

fn adjoints(cells: &[&str]) -> gradtutor::exercise::Answer {
    table(&[("adjoint", cells)], &[])
}

#[test]
fn the_log_loss_grid_is_right_with_four_significant_figures() {
    // z = 8, a = σ(8) = 0.99966, ∂L/∂a = 1/(1 − a), ∂L/∂z = a − y, ∂L/∂w = (a − y)·x, ∂L/∂b = a − y.
    let ex = logloss();
    let answer = table(
        &[
            ("value", &["8", "0.9997", "0.5", "-4"]),
            ("adjoint", &["0.9997", "2982", "23.99", "0.9997"]),
        ],
        &[],
    );
    accepts(&ex, &answer);
    let v = check_support::checker(&ex).check(&answer);
    assert_eq!(v.message, "Correct: all 8 cells are right.");
}

#[test]
fn a_wrong_cell_is_named_with_its_node() {
    let ex = logloss();
    let answer = table(
        &[
            ("value", &["8", "0.9997", "0.5", "-4"]),
            ("adjoint", &["0.9997", "2982", "24.99", "0.9997"]),
        ],
        &[],
    );
    let v = rejects(&ex, &answer, None);
    assert_eq!(
        v.message,
        "1 of 8 cells is wrong. adjoint[3] (∂L/∂w): 24.99 is not right: it is too large."
    );
    let cells = v.cells.unwrap();
    let wrong: Vec<String> = cells
        .iter()
        .filter(|c| c.verdict != Status::Correct)
        .map(|c| c.cell.to_string())
        .collect();
    assert_eq!(wrong, ["adjoint[3]"]);
}

#[test]
fn a_shared_nodes_adjoint_from_one_path_is_diagnosed() {
    // ∂f/∂s = (1 − s) − s = 1 − 2s; the product's path alone gives 1 − s = 0.2689.
    let ex = shared();
    accepts(&ex, &adjoints(&["-0.4621", "-0.09086"]));
    let v = rejects(
        &ex,
        &adjoints(&["0.2689", "-0.09086"]),
        Some(Diagnosis::OnePath),
    );
    assert!(v.message.contains("sums every path"), "{}", v.message);
    assert!(
        v.message.contains("∂f/∂s = ∂f/∂f · v3 + ∂f/∂v3 · (−1)"),
        "{}",
        v.message
    );
}

#[test]
fn a_local_derivative_without_the_upstream_adjoint_is_diagnosed() {
    // ∂f/∂x = ∂f/∂s · σ′(x) = −0.4621 · 0.1966; σ′(x) alone is 0.1966.
    let ex = shared();
    let v = rejects(
        &ex,
        &adjoints(&["-0.4621", "0.1966"]),
        Some(Diagnosis::NoUpstream),
    );
    assert!(
        v.message.contains("upstream adjoint ∂f/∂s"),
        "{}",
        v.message
    );
}

#[test]
fn the_answer_must_have_every_asked_column_with_one_number_per_node() {
    let ex = logloss();
    invalid(&ex, &scalar("1"));
    invalid(
        &ex,
        &table(&[("value", &["8", "0.9997", "0.5", "-4"])], &[]),
    );
    invalid(
        &ex,
        &table(
            &[
                ("value", &["8", "0.9997", "0.5"]),
                ("adjoint", &["0.9997", "2982", "23.99", "0.9997"]),
            ],
            &[],
        ),
    );
    invalid(&ex, &table(&[("gradient", &["1", "2", "3", "4"])], &[]));
}

#[test]
fn a_graph_exercise_round_trips_through_the_file_format() {
    let ex = logloss();
    let set = gradtutor::exercise::ExerciseSet {
        source: "t.toml".into(),
        title: "t".into(),
        exercises: vec![ex.clone()],
        ..Default::default()
    };
    let text = to_toml(&set);
    let (back, diags) = load_str("t.toml", &text);
    let back = back.unwrap_or_else(|| panic!("{diags:?}\n{text}"));
    let mut again = back.exercises[0].clone();
    again.pos = ex.pos;
    assert_eq!(again.kind, ex.kind);
    assert!(matches!(again.kind, Kind::Graph { .. }));
}

fn load_errors(body: &str) -> Vec<String> {
    let text = format!(
        "title = \"t\"\n[[exercise]]\nid = \"g\"\nkind = \"graph\"\nprompt = \"?\"\n{body}\n"
    );
    let (set, diags) = load_str("t.toml", &text);
    assert!(set.is_none(), "{body} should not load");
    diags.iter().map(|d| d.to_string()).collect()
}

#[test]
fn loading_reports_each_field_at_its_line() {
    let e = load_errors("function = \"x*y\"\nat = { x = 1 }\nnodes = [\"x\"]");
    assert!(
        e.iter().any(
            |m| m.starts_with("t.toml:6:") && m.contains("give every variable a value in `at`")
        ),
        "{e:?}"
    );
    let e = load_errors("function = \"x^2\"\nat = { x = 1 }\nnodes = [\"x\"]\nask = [\"values\"]");
    assert!(
        e.iter()
            .any(|m| m.starts_with("t.toml:9:") && m.contains("did you mean `value`")),
        "{e:?}"
    );
    let e = load_errors("function = \"x^2\"\nat = { x = 1 }\nnodes = []");
    assert!(e.iter().any(|m| m.contains("`nodes` is empty")), "{e:?}");
    let e =
        load_errors("function = \"x^2\"\nat = { x = 1 }\nnodes = [\"x\"]\nnames = { x = \"x^2\" }");
    assert!(e.iter().any(|m| m.contains("`x` is a variable")), "{e:?}");
}

fn validate(toml: &str) -> (i32, String) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("g.toml");
    std::fs::write(&path, toml).expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .arg("validate")
        .arg(&path)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn validate_finds_a_wrong_key_a_missing_node_and_a_point_without_gradient() {
    let head = "title = \"t\"\n[[exercise]]\nid = \"g\"\nkind = \"graph\"\nprompt = \"?\"\n";
    let (code, out) = validate(&format!(
        "{head}function = \"2*x^2\"\nat = {{ x = 3 }}\nnodes = [\"x^2\", \"x\"]\nask = [\"adjoint\"]\nanswer = {{ adjoint = [2, 6] }}\n"
    ));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("adjoint[2] (∂f/∂x): 6 is the local derivative"),
        "{out}"
    );
    let (code, out) = validate(&format!(
        "{head}function = \"x^2 + 1\"\nat = {{ x = 3 }}\nnodes = [\"x^3\"]\n"
    ));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("`nodes[0]` = x^3 is not a node"), "{out}");
    let (code, out) = validate(&format!(
        "{head}function = \"abs(x)\"\nat = {{ x = 0 }}\nnodes = [\"x\"]\n"
    ));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("not differentiable at this point: node 1, abs(x)"),
        "{out}"
    );
    let (code, out) = validate(&format!(
        "{head}function = \"x^2\"\nat = {{ x = 3 }}\nnodes = [\"x^2\", \"x\"]\nanswer = {{ value = [9, 3], adjoint = [1, 6] }}\n"
    ));
    assert_eq!(code, 0, "{out}");
}

#[test]
fn check_and_grade_read_the_grid_from_the_command_line() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("g.toml");
    std::fs::write(
        &path,
        "title = \"t\"\n[[exercise]]\nid = \"g\"\nkind = \"graph\"\nprompt = \"?\"\nfunction = \"2*x^2\"\nat = { x = 3 }\nnodes = [\"x^2\", \"x\"]\n",
    )
    .expect("written");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_gradtutor"))
            .args(args)
            .output()
            .expect("runs")
    };
    let p = path.to_str().unwrap();
    let ok = run(&["check", "g", "{ value = [9, 3], adjoint = [2, 12] }", p]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let bad = run(&["check", "g", "{ value = [9, 3], adjoint = [2, 6] }", p]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stdout).contains("adjoint[2]"));

    let answers = dir.path().join("answers.toml");
    std::fs::write(&answers, "g = { value = [9, 3], adjoint = [2, 6] }\n").expect("written");
    let out = run(&["grade", "--answers", answers.to_str().unwrap(), p, "--json"]);
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("grade --json prints JSON");
    assert_eq!(json["results"][0]["verdict"], "incorrect", "{json}");
    assert_eq!(json["results"][0]["diagnosis"], "no_upstream", "{json}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_tutor_lays_the_grid_out_as_nodes_by_value_and_adjoint() {
    use crate::tui_support::{key, screen, type_str};
    use crossterm::event::KeyCode;
    use gradtutor::progress::{Progress, Store};
    use gradtutor::tui::app::App;
    use gradtutor::tui::theme::Theme;

    let text = "title = \"Graphs\"\n[[exercise]]\nid = \"g\"\nkind = \"graph\"\ntitle = \"x squared, doubled\"\nprompt = \"Give the value and the adjoint of x² and of x, at x = 3.\"\nfunction = \"2*x^2\"\nat = { x = 3 }\nnodes = [\"x^2\", \"x\"]\n";
    let (set, diags) = load_str("g.toml", text);
    let set = set.unwrap_or_else(|| panic!("{diags:?}"));
    let course = gradtutor::exercise::Course { sets: vec![set] };
    let mut app = App::new(
        course,
        Store::in_memory(Progress::default()),
        Theme::new(false),
    );
    key(&mut app, KeyCode::Enter);
    // Row by row: value and adjoint of x², then of x.
    for cell in ["9", "2", "3", "12"] {
        type_str(&mut app, cell);
        key(&mut app, KeyCode::Tab);
    }
    key(&mut app, KeyCode::Enter);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("Correct: all 4 cells are right."), "{shown}");
}

#[test]
fn the_tutor_shows_a_one_path_adjoint_with_its_diagnosis() {
    use crate::tui_support::{key, screen, type_str};
    use crossterm::event::KeyCode;
    use gradtutor::progress::{Progress, Store};
    use gradtutor::tui::app::App;
    use gradtutor::tui::theme::Theme;

    let text = "title = \"Graphs\"\n[[exercise]]\nid = \"graph-shared\"\nkind = \"graph\"\ntitle = \"A shared node\"\nprompt = \"In f(x) = σ(x)·(1 − σ(x)) the node s = σ(x) is used twice. At x = 1, give the value and the adjoint of s, then of x.\"\nfunction = \"sigmoid(x)*(1 - sigmoid(x))\"\nat = { x = 1 }\nnames = { s = \"sigmoid(x)\" }\nnodes = [\"s\", \"x\"]\n";
    let (set, diags) = load_str("g.toml", text);
    let set = set.unwrap_or_else(|| panic!("{diags:?}"));
    let course = gradtutor::exercise::Course { sets: vec![set] };
    let mut app = App::new(
        course,
        Store::in_memory(Progress::default()),
        Theme::new(false),
    );
    key(&mut app, KeyCode::Enter);
    // s: value right, adjoint along the product's path only; x: both right.
    for cell in ["0.7311", "0.2689", "1", "-0.09086"] {
        type_str(&mut app, cell);
        key(&mut app, KeyCode::Tab);
    }
    key(&mut app, KeyCode::Enter);
    for (w, h) in [(80, 24), (120, 40)] {
        let shown = screen(&mut app, w, h);
        assert!(shown.contains("sums every path"), "{shown}");
        insta::assert_snapshot!(format!("one_path_{w}x{h}"), shown);
    }
}

/// A prediction typed on the tutor's graph screen is judged as an adjoint cell is: the
/// tolerance, then the backward pass's mistakes.
#[test]
fn a_predicted_adjoint_is_judged_by_the_rules_of_an_adjoint_cell() {
    use gradtutor::check::{predict_adjoint, GraphPoint};
    use gradtutor::exercise::Tolerance;
    use gradtutor::math::graph::Graph;
    use gradtutor::math::{Expr, Scope};
    // f = a·a + a with a = sin(x): ∂f/∂a = 2a + 1 over three edges.
    let expr = Expr::parse("sin(x)*sin(x) + sin(x)", &Scope::new(&["x"])).expect("reads");
    let g = Graph::new(&expr).expect("a graph");
    let (_, backward, values) = g.gradient(&[0.3]).expect("a gradient");
    let p = GraphPoint {
        graph: &g,
        values: &values,
        backward: &backward,
    };
    let a = g.find("sin(x)").expect("the node");
    let s = 0.3f64.sin();
    let judge = |src: &str| predict_adjoint(&p, a, src, Tolerance::default(), &Scope::default());
    assert_eq!(judge(&format!("{}", 2.0 * s + 1.0)).status, Status::Correct);
    // Four significant figures, and expressions without variables.
    assert_eq!(judge("2sin(0.3) + 1.0001").status, Status::Correct);
    // One path: the product's edge alone (∂f/∂v · a = 1 · sin(0.3)).
    let one = judge(&format!("{s}"));
    assert_eq!(one.status, Status::Incorrect);
    assert_eq!(one.diagnosis, Some(Diagnosis::OnePath), "{}", one.message);
    assert_eq!(
        judge(&format!("{}", -(2.0 * s + 1.0))).diagnosis,
        Some(Diagnosis::Sign)
    );
    let unread = judge("2 +");
    assert_eq!(unread.status, Status::Invalid);
    assert!(!unread.message.is_empty());
}
