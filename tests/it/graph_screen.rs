//! The tutor's computational-graph screen: opened with Alt-c from a graph or gradient exercise,
//! the forward values first, then the backward pass one adjoint per →, back with ←, and Esc
//! back to the exercise as it was left. Snapshots at 80x24 and 120x40.

use crate::tui_support::{alt, key, screen, type_str};
use crossterm::event::KeyCode;
use gradtutor::exercise::{load_str, Course};
use gradtutor::progress::{Progress, Store};
use gradtutor::tui::app::{App, Screen};
use gradtutor::tui::keys::Mode;
use gradtutor::tui::theme::Theme;

fn tutor() -> App {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tui/graph.toml");
    let text = std::fs::read_to_string(path).expect("the fixture");
    let (set, diags) = load_str("graph.toml", &text);
    let set = set.unwrap_or_else(|| panic!("{diags:?}"));
    let mut app = App::new(
        Course { sets: vec![set] },
        Store::in_memory(Progress::default()),
        Theme::new(false),
    );
    key(&mut app, KeyCode::Enter);
    app
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
