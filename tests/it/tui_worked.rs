//! The solution view's generated derivation (issue 11): computed when the exercise opens, shown
//! after an attempt below the written solution or alone, scrolled with PgUp/PgDn; snapshots at
//! 80x24 and 120x40.

use crate::tui_support;

use crossterm::event::KeyCode;
use gradtutor::check::{Status, Verdict};
use gradtutor::question::Worked;
use gradtutor::tui::app::{App, Screen};
use gradtutor::tui::exercise::ExerciseScreen;
use tui_support::*;

fn view(app: &App) -> &ExerciseScreen {
    match &app.screen {
        Screen::Exercise(v) => v,
        other => panic!("expected the exercise screen, got {other:?}"),
    }
}

fn open(app: &mut App, id: &str) {
    let found = app.course.sets.iter().enumerate().find_map(|(si, s)| {
        s.exercises
            .iter()
            .position(|e| e.id == id)
            .map(|ei| (si, ei))
    });
    let (si, ei) = found.expect("exercise in the test course");
    app.open_exercise(si, ei);
}

/// An attempt with a fixed verdict (the snapshots show the layout, not the checker's words).
fn attempt(app: &mut App) {
    if let Screen::Exercise(v) = &mut app.screen {
        let answer = v.answer();
        v.take_verdict(
            answer,
            Verdict {
                status: Status::Incorrect,
                message: "Not all entries are right.".into(),
                diagnosis: None,
                cells: None,
                read_error: None,
            },
        );
    }
}

fn snap(name: &str, app: &mut App) {
    for (w, h) in [(80, 24), (120, 40)] {
        let text = screen(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

#[test]
fn the_derivation_is_prepared_when_the_exercise_opens_and_shown_only_with_the_solution() {
    let mut app = app();
    open(&mut app, "jacobian-1");
    let v = view(&app);
    let w = v.worked().expect("a Jacobian exercise has a derivation");
    assert_eq!(w.parts.len(), 4, "one derivation per entry");
    assert!(!v.solution_shown());
    let s = screen(&mut app, 80, 24);
    assert!(!s.contains(Worked::HEADING), "{s}");
}

#[test]
fn without_a_written_solution_the_derivation_is_the_solution_and_opens_after_an_attempt() {
    let mut app = app();
    open(&mut app, "jacobian-1");
    alt(&mut app, 's');
    assert!(!view(&app).solution_shown(), "not before an attempt");
    attempt(&mut app);
    alt(&mut app, 's');
    assert!(view(&app).solution_shown());
    let s = screen(&mut app, 80, 24);
    assert!(s.contains(Worked::HEADING), "{s}");
    assert!(!s.contains("Worked solution:"), "{s}");
    snap("jacobian_derivation_alone", &mut app);
}

#[test]
fn with_a_written_solution_the_derivation_follows_it() {
    let mut app = app();
    open(&mut app, "grad-paraboloid");
    attempt(&mut app);
    alt(&mut app, 's');
    let s = screen(&mut app, 120, 40);
    let written = s.find("Worked solution:").expect("the written solution");
    let generated = s.find(Worked::HEADING).expect("the derivation");
    assert!(written < generated, "{s}");
    assert!(
        s.contains("So ∂f/∂x = 2x.") && s.contains("So ∂f/∂y = 2y."),
        "{s}"
    );
    snap("gradient_solution_and_derivation", &mut app);
}

#[test]
fn a_long_derivation_scrolls_to_its_end_at_80x24() {
    let mut app = app();
    open(&mut app, "jacobian-1");
    attempt(&mut app);
    alt(&mut app, 's');
    let first = screen(&mut app, 80, 24);
    assert!(first.contains("PgDn more"), "{first}");
    assert!(!first.contains("So ∂f₂/∂y"), "{first}");
    for _ in 0..10 {
        key(&mut app, KeyCode::PageDown);
    }
    let last = screen(&mut app, 80, 24);
    assert!(last.contains("So ∂f₂/∂y = cos(y)."), "{last}");
    assert!(
        last.contains("↑ PgUp") && !last.contains("PgDn more"),
        "{last}"
    );
    insta::assert_snapshot!("jacobian_derivation_end_80x24", last);
}

fn plot_of(function: &str, extra: &str) -> gradtutor::tui::widgets::plot::Plot {
    let text = format!(
        "title = \"Plot\"\n\n[[exercise]]\nid = \"p\"\nkind = \"derivative\"\nfunction = \"{function}\"\nvar = \"x\"\nprompt = \"f′?\"\n{extra}"
    );
    let (set, diags) = gradtutor::exercise::load_str("plot.toml", &text);
    let ex = &set.unwrap_or_else(|| panic!("{diags:?}")).exercises[0];
    let q = gradtutor::question::Question::prepare(ex).expect("prepares");
    gradtutor::tui::widgets::plot::Plot::for_question(&q).expect("a plot")
}

#[test]
fn the_plots_exact_derivative_is_the_symbolic_derivative() {
    let plot = plot_of("e^(2x)*cos(x)", "domain = [-2, 2]");
    let curve = plot
        .series
        .iter()
        .find(|s| s.name == "• f′ exact")
        .expect("the exact f′ curve");
    let d = gradtutor::math::symbolic::Function::parse(
        "e^(2x)*cos(x)",
        &gradtutor::math::Scope::new(&["x"]),
    )
    .unwrap()
    .derivative(&[0])
    .unwrap();
    let points: Vec<(f64, f64)> = curve.segments.iter().flatten().copied().collect();
    assert!(points.len() > 100);
    for (x, y) in points {
        assert_eq!(y, d.eval(&[x]), "at x = {x}");
    }
}

#[test]
fn without_a_closed_form_the_plot_says_its_curve_is_numeric() {
    let plot = plot_of("relu(x) + x^2", "domain = [-2, 2]");
    let names: Vec<&str> = plot.series.iter().map(|s| s.name.as_str()).collect();
    assert!(names.contains(&"• f′ ≈ numeric"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("exact")), "{names:?}");
}
