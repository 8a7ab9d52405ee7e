//! The tutor's computational-graph screen: opened with Alt-c from a graph or gradient exercise,
//! or with c from a descent example at the stepper's point; the forward values first, then the
//! backward pass one adjoint per →, back with ←, each adjoint predicted first if the student
//! wants (p), and Esc back to the screen as it was left. Snapshots at 80x24 and 120x40.

use crate::tui_support::{alt, key, screen, type_str};
use crossterm::event::KeyCode;
use gradtutor::exercise::{load_str, Course};
use gradtutor::progress::{Progress, Store};
use gradtutor::tui::app::{App, Screen};
use gradtutor::tui::keys::Mode;
use gradtutor::tui::theme::Theme;

fn tutor() -> App {
    tutor_on("graph.toml")
}

/// The tutor on a fixture of tests/fixtures/tui/, its first item open.
fn tutor_on(fixture: &str) -> App {
    let mut app = course_of(fixture);
    key(&mut app, KeyCode::Enter);
    app
}

/// The tutor on a fixture of tests/fixtures/tui/, at the course list.
fn course_of(fixture: &str) -> App {
    course_at(&format!("tests/fixtures/tui/{fixture}"))
}

/// The tutor on one exercise file of the repository (`exercises/…`), at the course list.
fn course_at(file: &str) -> App {
    let fixture = file;
    let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).expect("the fixture");
    let (set, diags) = load_str(fixture, &text);
    let set = set.unwrap_or_else(|| panic!("{diags:?}"));
    App::new(
        Course { sets: vec![set] },
        Store::in_memory(Progress::default()),
        Theme::new(false),
    )
}

fn progress(app: &App) -> (usize, usize) {
    match &app.screen {
        Screen::Graph(g, _) => g.progress(),
        _ => panic!("the graph screen is not open"),
    }
}

#[test]
fn alt_c_opens_the_graph_and_arrows_step_the_backward_pass() {
    let mut app = tutor();
    type_str(&mut app, "-0.5");
    alt(&mut app, 'c');
    assert_eq!(app.mode(), Mode::Graph);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Press → to start the backward pass"), "{s}");
    // Every adjoint is hidden until its step: the output's comes first.
    let (shown, total) = progress(&app);
    assert_eq!(shown, 0);
    key(&mut app, KeyCode::Right);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("∂L/∂L = 1 (the output)"), "{s}");
    for _ in 0..3 {
        key(&mut app, KeyCode::Right);
    }
    let s = screen(&mut app, 120, 40);
    assert!(
        s.contains("∂L/∂z = ∂L/∂a · σ′(z) = −0.5 · 0.25 = −0.125"),
        "{s}"
    );
    key(&mut app, KeyCode::Left);
    assert_eq!(progress(&app).0, 3);
    for _ in 0..total + 2 {
        key(&mut app, KeyCode::Right);
    }
    assert_eq!(progress(&app), (total, total));
    let s = screen(&mut app, 120, 40);
    assert!(
        s.contains("Done: the inputs' adjoints are the gradient."),
        "{s}"
    );
    // Esc: back to the exercise, the typed answer kept.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Grid);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("-0.5"), "{s}");
}

#[test]
fn the_graph_screen_mid_backward_pass() {
    let mut app = tutor();
    alt(&mut app, 'c');
    for _ in 0..4 {
        key(&mut app, KeyCode::Right);
    }
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&mut app, w, h);
        insta::assert_snapshot!(format!("mid_backward_{w}x{h}"), s);
    }
}

#[test]
fn a_gradient_exercise_opens_its_graph_at_a_point_inside_its_domain() {
    let mut app = crate::tui_support::app();
    // The test course's gradient exercise.
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "grad");
    key(&mut app, KeyCode::Enter);
    while app
        .list
        .selected_row()
        .is_some_and(|r| matches!(r.kind, gradtutor::tui::course::RowKind::Set(_)))
    {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Exercise(_)));
    alt(&mut app, 'c');
    assert_eq!(app.mode(), Mode::Graph);
    // The domain is [−3, 3]: three fifths of the way across is 0.6.
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("Forward: each node's value"), "{s}");
    assert!(s.contains("at x = 0.6, y = 0.6"), "{s}");
}

/// Predicts the next adjoint: p, the text, Enter.
fn predict(app: &mut App, text: &str) {
    key(app, KeyCode::Char('p'));
    assert_eq!(app.mode(), Mode::GraphPredict);
    type_str(app, text);
    key(app, KeyCode::Enter);
}

#[test]
fn a_predicted_adjoint_is_checked_then_shown() {
    let mut app = tutor();
    alt(&mut app, 'c');
    // The output's adjoint: 1, typed as an expression.
    predict(&mut app, "2/2");
    assert_eq!(app.mode(), Mode::Graph);
    assert_eq!(progress(&app).0, 1);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("✓ Right: ∂L/∂L = 1."), "{s}");
    assert!(s.contains("predicted 1/1"), "{s}");
    key(&mut app, KeyCode::Right);
    // ∂L/∂a is −0.5: 0.5 has the wrong sign; the adjoint is shown after the verdict.
    predict(&mut app, "0.5");
    assert_eq!(progress(&app).0, 3);
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("✗ 0.5 has the wrong sign. ∂L/∂a = −0.5."), "{s}");
    assert!(s.contains("∂L/∂a = ∂L/∂v7 · 1 = −0.5 · 1 = −0.5"), "{s}");
    assert!(s.contains("predicted 1/2"), "{s}");
}

#[test]
fn a_prediction_that_forgets_the_upstream_adjoint_is_told_so() {
    let mut app = tutor();
    alt(&mut app, 'c');
    for _ in 0..3 {
        key(&mut app, KeyCode::Right);
    }
    // ∂L/∂z = ∂L/∂a · σ′(z) = −0.5 · 0.25: σ′(z) = 0.25 alone is the local derivative.
    predict(&mut app, "0.25");
    let s = screen(&mut app, 120, 40);
    assert!(
        s.contains("0.25 is the local derivative ∂a/∂z = σ′(z) alone; the chain rule"),
        "{s}"
    );
    assert!(
        s.contains("multiplies it by the upstream adjoint ∂L/∂a = −0.5."),
        "{s}"
    );
    // Within the tolerance (4 significant figures) is right.
    predict(&mut app, "-0.5*(1/2)^2");
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("✓ Right: ∂L/∂v4 = −0.125."), "{s}");
}

#[test]
fn an_unreadable_prediction_stays_open_with_the_reason_and_esc_cancels_it() {
    let mut app = tutor();
    alt(&mut app, 'c');
    key(&mut app, KeyCode::Char('p'));
    type_str(&mut app, "1/(");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::GraphPredict);
    assert_eq!(progress(&app).0, 0);
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&mut app, w, h);
        insta::assert_snapshot!(format!("predicting_{w}x{h}"), s);
    }
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Graph);
    assert_eq!(progress(&app).0, 0);
}

#[test]
fn the_verdict_on_a_wrong_prediction() {
    let mut app = tutor();
    alt(&mut app, 'c');
    for _ in 0..2 {
        key(&mut app, KeyCode::Right);
    }
    predict(&mut app, "-0.4");
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&mut app, w, h);
        insta::assert_snapshot!(format!("wrong_prediction_{w}x{h}"), s);
    }
}

#[test]
fn nothing_is_left_to_predict_after_the_last_adjoint() {
    let mut app = tutor();
    alt(&mut app, 'c');
    let total = progress(&app).1;
    for _ in 0..total {
        key(&mut app, KeyCode::Right);
    }
    let s = screen(&mut app, 80, 24);
    assert!(!s.contains("p predict"), "{s}");
    key(&mut app, KeyCode::Char('p'));
    assert_eq!(app.mode(), Mode::Graph);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Every adjoint is shown"), "{s}");
}

fn stepper_cursor(app: &App) -> usize {
    match &app.screen {
        Screen::Descent(d) => d.stepper().expect("a stepper").stepper().cursor(),
        _ => panic!("the stepper is not in front"),
    }
}

/// Opens the descent example at `index` (0-based) of the descent fixture.
fn descent(index: usize) -> App {
    let mut app = course_of("graph_descent.toml");
    // The cursor starts on the set: the examples are the rows below it.
    for _ in 0..=index {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Stepper, "{}", screen(&mut app, 80, 24));
    app
}

#[test]
fn c_on_the_stepper_opens_the_graph_of_f_at_the_current_point() {
    let mut app = descent(0);
    key(&mut app, KeyCode::Right);
    assert_eq!(stepper_cursor(&app), 1);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("c graph"), "{s}");
    key(&mut app, KeyCode::Char('c'));
    assert_eq!(app.mode(), Mode::Graph);
    let (_, total) = progress(&app);
    for _ in 0..total {
        key(&mut app, KeyCode::Right);
    }
    let s = screen(&mut app, 120, 40);
    assert!(
        s.contains("Rosenbrock, small steps, step 1: f(x, y) = (a − x)² + b·(y − x²)²"),
        "{s}"
    );
    assert!(
        s.contains("Done: the inputs' adjoints are the gradient."),
        "{s}"
    );
    assert!(
        s.contains("(from the example's gradient formulas): the same gradient."),
        "{s}"
    );
    // The parameters are constants of the graph, named as written.
    assert!(s.contains(" a     const"), "{s}");
    // Esc: back to the stepper at the step it was left.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Stepper);
    assert_eq!(stepper_cursor(&app), 1);
}

#[test]
fn the_graph_of_a_descent_step_once_the_backward_pass_is_done() {
    let mut app = descent(0);
    key(&mut app, KeyCode::Char('c'));
    let (_, total) = progress(&app);
    for _ in 0..total {
        key(&mut app, KeyCode::Right);
    }
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&mut app, w, h);
        // The summary stays readable at 80x24: the inputs' adjoints (the gradient) and how
        // they were obtained are in view beside the gradient and the step's comparison; the
        // forward table gives way, scrolled to the node stepped last.
        for line in [
            "∂f/∂x = ∂f/∂v7 · 2·x + ∂f/∂v3 · (−1) = −598 · 0.2 + 1.8 · (−1) = −121.4",
            "∂f/∂y = ∂f/∂v8 · 1 = 598 · 1 = 598",
            "The backward pass gives ∇f = (−121.4, 598).",
            "▸1  y     input",
        ] {
            assert!(s.contains(line), "{w}x{h}: {line}\n{s}");
        }
        insta::assert_snapshot!(format!("descent_done_{w}x{h}"), s);
    }
}

#[test]
fn a_descent_over_data_has_its_rows_spelled_out_in_the_graph() {
    let mut app = descent(1);
    key(&mut app, KeyCode::Char('c'));
    assert_eq!(app.mode(), Mode::Graph);
    let (_, total) = progress(&app);
    for _ in 0..total {
        key(&mut app, KeyCode::Right);
    }
    let s = screen(&mut app, 120, 40);
    // J at (0, 0) is the mean of the squared labels; no formula was given for the gradient.
    assert!(
        s.contains("by finite differences): the same gradient."),
        "{s}"
    );
    assert!(s.contains("The backward pass gives ∇f = ("), "{s}");
}

#[test]
fn predicting_on_a_descent_graph_uses_four_significant_figures() {
    let mut app = descent(2);
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Right);
    // f = x² − 3x at x = 4: ∂f/∂v(x²) = 1, then ∂f/∂x = 2·4 − 3 = 5.
    let (_, total) = progress(&app);
    for _ in 1..total - 1 {
        key(&mut app, KeyCode::Right);
    }
    predict(&mut app, "5.0004");
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("✓ Right: ∂f/∂x = 5."), "{s}");
}

#[test]
fn t_draws_the_log_loss_graph_as_a_tree_the_stepped_node_marked() {
    // The bundled course's first graph exercise: the lecture's log loss.
    let mut app = course_at("exercises/10-computational-graph.toml");
    key(&mut app, KeyCode::Enter);
    let s = screen(&mut app, 120, 40);
    assert!(s.contains("Log loss"), "{s}");
    alt(&mut app, 'c');
    key(&mut app, KeyCode::Char('t'));
    for _ in 0..4 {
        key(&mut app, KeyCode::Right);
    }
    let s = screen(&mut app, 120, 40);
    // The shared sigmoid is drawn once, with both nodes it flows into, and pointed back to
    // where it is used again; the table is hidden.
    assert!(s.contains("a σ = 0.5  (shared: into v7, v11)"), "{s}");
    assert!(s.contains("└─ a σ ↑ shared, drawn above"), "{s}");
    assert!(!s.contains("Forward: each node's value"), "{s}");
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&mut app, w, h);
        insta::assert_snapshot!(format!("tree_mid_backward_{w}x{h}"), s);
    }
    // t again: the forward table is back.
    key(&mut app, KeyCode::Char('t'));
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Forward: each node's value"), "{s}");
}
