//! The stepper screen: state in, state out (no terminal), and TestBackend snapshots at 80x24
//! and 120x40 for one and two variables and a diverged run.

use gradtutor::descent::Status;
use gradtutor::exercise::{Descent, Pos};
use gradtutor::math::LogBase;
use gradtutor::tui::keys::EditOp;
use gradtutor::tui::stepper::{StepperMsg, StepperOutcome, StepperScreen};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::Widget;
use ratatui::Terminal;

fn base(id: &str, function: &str, vars: &[&str], start: &[f64], lr: f64, steps: usize) -> Descent {
    Descent {
        id: id.into(),
        title: id.into(),
        notes: None,
        function: function.into(),
        vars: vars.iter().map(|v| v.to_string()).collect(),
        start: start.to_vec(),
        learning_rate: lr,
        steps,
        momentum: None,
        gradient: None,
        params: Vec::new(),
        data: Vec::new(),
        view: None,
        stop_grad_norm: None,
        log: LogBase::Ln,
        pos: Pos::default(),
        variant: None,
        parsed: Default::default(),
    }
}

fn parabola() -> Descent {
    let mut d = base("descent-parabola", "x^2", &["x"], &[5.0], 0.1, 25);
    d.title = "Steepest descent on x²".into();
    d.notes = Some(
        "f(x) = x², f′(x) = 2x, start x₀ = 5, step ε = 0.1, 25 steps, as in the lecture. \
         The update xₙ = xₙ₋₁ − ε·f′(xₙ₋₁) = 0.8·xₙ₋₁, so xₙ = 5·0.8ⁿ. Watch the tangent: it \
         flattens as x approaches 0, and the steps shrink with it."
            .into(),
    );
    d.gradient = Some(vec!["2*x".into()]);
    d.view = Some(vec![(-6.0, 6.0)]);
    d.stop_grad_norm = Some(1e-6);
    d
}

fn rosenbrock() -> Descent {
    let mut d = base(
        "descent-rosenbrock-lecture",
        "(a - x)^2 + b*(y - x^2)^2",
        &["x", "y"],
        &[0.1, 3.0],
        0.01,
        20,
    );
    d.title = "Rosenbrock with ε = 0.01: divergence".into();
    d.notes = Some(
        "f(x, y) = (a − x)² + b(y − x²)² with a = 1, b = 100; the minimum is at (1, 1). \
         Start (0.1, 3.0), ε = 0.01, the lecture's settings. One step moves the point across \
         the narrow valley y = x², where the gradient is larger still: the run diverges."
            .into(),
    );
    d.params = vec![("a".into(), 1.0), ("b".into(), 100.0)];
    d.view = Some(vec![(-2.0, 2.0), (-3.5, 3.5)]);
    d
}

fn paraboloid() -> Descent {
    let mut d = base(
        "descent-paraboloid",
        "x1^2 + x2^2",
        &["x1", "x2"],
        &[2.9, -2.9],
        0.025,
        100,
    );
    d.title = "Gradient descent on the paraboloid x₁² + x₂²".into();
    d.notes = Some("Each step multiplies the point by 1 − 2ε = 0.95.".into());
    d.view = Some(vec![(-3.5, 3.5), (-3.5, 3.5)]);
    d
}

fn screen(d: &Descent) -> StepperScreen {
    StepperScreen::new(d).unwrap().with_no_color(true)
}

fn draw(s: &StepperScreen, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| f.render_widget(s, f.area())).unwrap();
    t
}

fn text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// `n` steps forward: each reports nothing, but the first one taken on the screen, which
/// reports that the example was walked.
fn steps(s: &mut StepperScreen, n: usize) {
    for _ in 0..n {
        let out = s.update(StepperMsg::Forward);
        assert!(
            matches!(out, None | Some(StepperOutcome::Walked)),
            "{out:?}"
        );
    }
}

fn type_text(s: &mut StepperScreen, t: &str) {
    for c in t.chars() {
        assert_eq!(s.update(StepperMsg::PredictInput(c)), None);
    }
}

// ---- snapshots ----

#[test]
fn one_variable_at_80x24() {
    let mut s = screen(&parabola());
    steps(&mut s, 3);
    insta::assert_snapshot!(draw(&s, 80, 24).backend());
}

#[test]
fn one_variable_at_120x40() {
    let mut s = screen(&parabola());
    steps(&mut s, 3);
    insta::assert_snapshot!(draw(&s, 120, 40).backend());
}

#[test]
fn two_variables_at_80x24() {
    let mut s = screen(&paraboloid());
    steps(&mut s, 12);
    insta::assert_snapshot!(draw(&s, 80, 24).backend());
}

#[test]
fn two_variables_at_120x40() {
    let mut s = screen(&paraboloid());
    steps(&mut s, 12);
    insta::assert_snapshot!(draw(&s, 120, 40).backend());
}

#[test]
fn diverged_at_80x24() {
    let mut s = screen(&rosenbrock());
    steps(&mut s, 3);
    insta::assert_snapshot!(draw(&s, 80, 24).backend());
}

#[test]
fn diverged_at_120x40() {
    let mut s = screen(&rosenbrock());
    steps(&mut s, 3);
    insta::assert_snapshot!(draw(&s, 120, 40).backend());
}

#[test]
fn predicting_at_80x24() {
    let mut s = screen(&rosenbrock());
    steps(&mut s, 1);
    s.update(StepperMsg::StartPredict);
    type_text(&mut s, "-23.4, 6.43");
    insta::assert_snapshot!(draw(&s, 80, 24).backend());
}

// ---- behaviour ----

#[test]
fn the_table_and_the_rule_follow_the_steps() {
    let mut s = screen(&parabola());
    steps(&mut s, 3);
    let out = text(&draw(&s, 120, 40));
    // x₃ = x₂ − ε·f′(x₂) = 3.2 − 0.1·6.4 = 2.56, with the current row marked.
    assert!(out.contains("x₃ = x₂ − ε·f′(x₂)"), "{out}");
    assert!(out.contains("= 3.2 − 0.1·6.4 = 2.56"), "{out}");
    assert_eq!(row(&out, "▶"), ["▶", "3", "2.56", "6.554", "5.12"], "{out}");
    // Back moves the cursor only: the row of step 3 stays, the marker moves to step 2.
    s.update(StepperMsg::Back);
    let out = text(&draw(&s, 120, 40));
    assert_eq!(row(&out, "▶"), ["▶", "2", "3.2", "10.24", "6.4"], "{out}");
    assert_eq!(row(&out, "    3"), ["3", "2.56", "6.554", "5.12"], "{out}");
    assert!(out.contains("x₂ = x₁ − ε·f′(x₁)"), "{out}");
    assert_eq!(s.stepper().cursor(), 2);
    assert_eq!(s.revealed(), 3);
}

#[test]
fn the_current_row_is_marked_without_colour() {
    let mut s = screen(&parabola());
    steps(&mut s, 2);
    let t = draw(&s, 80, 24);
    let buf = t.backend().buffer();
    let (x, y) = find(buf, "▶").expect("a marked row");
    // The marked row is reversed and bold, not only coloured.
    let cell = &buf[(x + 3, y)];
    assert!(cell.modifier.contains(Modifier::REVERSED), "{cell:?}");
    assert!(cell.modifier.contains(Modifier::BOLD), "{cell:?}");
    assert_eq!(cell.fg, ratatui::style::Color::Reset);
}

/// The cells of the table row that starts with `start` (inside the table's border).
fn row(out: &str, start: &str) -> Vec<String> {
    let line = out
        .lines()
        .find(|l| l.starts_with(&format!("│{start}")))
        .unwrap_or_else(|| panic!("no row starting with {start:?}"));
    let table: String = line.chars().skip(1).take_while(|c| *c != '│').collect();
    table.split_whitespace().map(String::from).collect()
}

fn find(buf: &Buffer, sym: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            if buf[(x, y)].symbol() == sym {
                return Some((x, y));
            }
        }
    }
    None
}

#[test]
fn divergence_is_shown_plainly_and_no_nan_is_drawn() {
    let mut s = screen(&rosenbrock());
    steps(&mut s, 10);
    assert!(matches!(
        s.stepper().status(),
        Status::Diverged { at_step: 3, .. }
    ));
    for (w, h) in [(80, 24), (120, 40)] {
        let out = text(&draw(&s, w, h));
        assert!(out.contains("! diverged at step 3: f = 6.7e20"), "{out}");
        assert!(!out.contains("NaN") && !out.contains("inf"), "{out}");
        // The diverged state is the last row, marked `!`.
        assert_eq!(row(&out, "▶")[..4], ["▶!", "3", "50820", "1092"], "{out}");
    }
    // Forward at the end says why nothing happens.
    let out = text(&draw(&s, 120, 40));
    assert!(out.contains("The walk has ended"), "{out}");
}

#[test]
fn the_view_follows_the_path_out_of_the_window() {
    let mut s = screen(&rosenbrock());
    let before = text(&draw(&s, 120, 40));
    assert!(before.contains("x from -2 to 2"), "{before}");
    steps(&mut s, 2);
    // Step 2 is at x = −23.4: the window grows to take it in, with a margin.
    let after = text(&draw(&s, 120, 40));
    assert!(!after.contains("x from -2 to 2"), "{after}");
    assert!(after.contains("x from -24.7 to 2"), "{after}");
    // Back at the start, the example's window again.
    s.update(StepperMsg::Restart);
    assert!(text(&draw(&s, 120, 40)).contains("x from -2 to 2"));
}

#[test]
fn changing_the_learning_rate_recomputes_the_path_up_to_the_same_step() {
    let mut s = screen(&parabola());
    steps(&mut s, 2);
    s.update(StepperMsg::LrUp);
    // 0.1 → 0.2: x ← 0.6·x, so x₂ = 5·0.36 = 1.8.
    assert_eq!(s.stepper().settings().learning_rate, 0.2);
    assert_eq!(s.stepper().cursor(), 2);
    assert!((s.stepper().current().x[0] - 1.8).abs() < 1e-12);
    let out = text(&draw(&s, 120, 40));
    assert!(out.contains("ε = 0.2 (example 0.1)"), "{out}");
    assert!(out.contains("the path was recomputed"), "{out}");
    s.update(StepperMsg::LrDown);
    s.update(StepperMsg::LrDown);
    assert_eq!(s.stepper().settings().learning_rate, 0.05);
    // From the bounds it stays put, and says so.
    for _ in 0..40 {
        s.update(StepperMsg::LrUp);
    }
    assert_eq!(s.stepper().settings().learning_rate, 10.0);
    let out = text(&draw(&s, 120, 40));
    assert!(out.contains("The learning rate stays between"), "{out}");
}

#[test]
fn momentum_toggles_and_shows_the_velocity_rule() {
    let mut s = screen(&parabola());
    s.update(StepperMsg::ToggleMomentum);
    assert_eq!(s.stepper().settings().momentum, Some(0.8));
    steps(&mut s, 2);
    let out = text(&draw(&s, 120, 40));
    assert!(out.contains("momentum α = 0.8"), "{out}");
    // v₂ = 0.8·(−1) − 0.1·8 = −1.6; x₂ = 4 + (−1.6) = 2.4.
    assert!(out.contains("v = α·v − ε·f′(x₁)"), "{out}");
    assert!(out.contains("= 0.8·(-1) − 0.1·8 = -1.6"), "{out}");
    assert!(out.contains("x₂ = x₁ + v = 4 + (-1.6) = 2.4"), "{out}");
    s.update(StepperMsg::ToggleMomentum);
    assert_eq!(s.stepper().settings().momentum, None);
    assert_eq!(s.stepper().cursor(), 2);
    assert!((s.stepper().current().x[0] - 3.2).abs() < 1e-12);
}

#[test]
fn a_right_prediction_is_reported_and_revealed() {
    let mut s = screen(&parabola());
    steps(&mut s, 1);
    assert_eq!(s.update(StepperMsg::StartPredict), None);
    assert!(s.predicting());
    // Typing 'r' or '+' while predicting goes into the answer, not to the stepper.
    type_text(&mut s, "3.2");
    let out = text(&draw(&s, 80, 24));
    assert!(out.contains("predict x₂ = 3.2"), "{out}");
    assert_eq!(
        s.update(StepperMsg::PredictSubmit),
        Some(StepperOutcome::Predicted { correct: true })
    );
    assert!(!s.predicting());
    assert_eq!(s.stepper().cursor(), 2);
    let out = text(&draw(&s, 80, 24));
    assert!(out.contains("✓ Right: x₂ = 3.2."), "{out}");
}

#[test]
fn a_wrong_prediction_shows_the_truth() {
    let mut s = screen(&rosenbrock());
    s.update(StepperMsg::StartPredict);
    type_text(&mut s, "(1.3, -3)");
    assert_eq!(
        s.update(StepperMsg::PredictSubmit),
        Some(StepperOutcome::Predicted { correct: false })
    );
    let out = text(&draw(&s, 120, 40));
    assert!(
        out.contains("✗ Not quite: you said (1.3, -3), but (x₁, y₁) = (1.314, -2.98)."),
        "{out}"
    );
}

#[test]
fn an_unreadable_prediction_is_explained_and_not_counted() {
    let mut s = screen(&paraboloid());
    s.update(StepperMsg::StartPredict);
    type_text(&mut s, "2.755");
    assert_eq!(s.update(StepperMsg::PredictSubmit), None);
    assert!(s.predicting());
    let out = text(&draw(&s, 120, 40));
    assert!(
        out.contains("✗ type 2 numbers separated by commas (x1, x2), not 1"),
        "{out}"
    );
    assert!(out.contains("predict (x1[1], x2[1]) = 2.755"), "{out}");
    // Editing keys work on the answer; then it is right.
    s.update(StepperMsg::PredictEdit(EditOp::End));
    type_text(&mut s, ", -2.755");
    assert_eq!(
        s.update(StepperMsg::PredictSubmit),
        Some(StepperOutcome::Predicted { correct: true })
    );
}

#[test]
fn prediction_is_refused_where_the_answer_is_already_shown() {
    let mut s = screen(&parabola());
    steps(&mut s, 3);
    s.update(StepperMsg::Back);
    s.update(StepperMsg::StartPredict);
    assert!(!s.predicting());
    let out = text(&draw(&s, 120, 40));
    assert!(out.contains("Step 3 is already shown"), "{out}");
    // Cancelling and other keys leave predict mode without an outcome.
    s.update(StepperMsg::Forward);
    s.update(StepperMsg::StartPredict);
    assert!(s.predicting());
    type_text(&mut s, "2");
    assert_eq!(s.update(StepperMsg::PredictCancel), None);
    assert!(!s.predicting());
    s.update(StepperMsg::StartPredict);
    assert_eq!(s.update(StepperMsg::Forward), None);
    assert!(!s.predicting());
}

#[test]
fn the_end_of_the_walk_has_nothing_to_predict() {
    let mut s = screen(&rosenbrock());
    steps(&mut s, 3);
    s.update(StepperMsg::StartPredict);
    assert!(!s.predicting());
    assert!(text(&draw(&s, 120, 40)).contains("The walk has ended"));
}

#[test]
fn every_size_renders_without_panicking() {
    let mut screens = vec![
        screen(&parabola()),
        screen(&rosenbrock()),
        screen(&paraboloid()),
    ];
    let mut three = base(
        "three",
        "x^2 + 2*y^2 + 3*z^2",
        &["x", "y", "z"],
        &[1.0, 1.0, 1.0],
        0.1,
        5,
    );
    three.notes = Some("Three variables: f is plotted against the step.".into());
    screens.push(screen(&three));
    for s in &mut screens {
        steps(s, 4);
        for (w, h) in [
            (1, 1),
            (20, 5),
            (59, 15),
            (60, 16),
            (80, 24),
            (100, 30),
            (120, 40),
            (200, 60),
        ] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            s.render(area, &mut buf);
        }
    }
    let out = text(&draw(&screens[3], 80, 24));
    assert!(out.contains("f by step"), "{out}");
    let small = text(&draw(&screens[0], 50, 12));
    assert!(
        small.contains("The stepper needs at least 60×16"),
        "{small}"
    );
}

#[test]
fn colour_is_used_only_when_allowed() {
    let mut s = StepperScreen::new(&paraboloid()).unwrap();
    steps(&mut s, 2);
    let coloured = draw(&s, 80, 24);
    let has_colour = |t: &Terminal<TestBackend>| {
        t.backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.fg != ratatui::style::Color::Reset)
    };
    assert!(has_colour(&coloured));
    s.set_no_color(true);
    assert!(!has_colour(&draw(&s, 80, 24)));
}

#[test]
fn a_run_growing_to_huge_values_still_draws_numbers() {
    // x ← x − 1.5·2x = −2x: x₂₀ = 5·2²⁰ ≈ 5.2e6 and f ≈ 2.7e13, past 10¹²·f(x₀) = 2.5e13.
    let mut d = base("too-large", "x^2", &["x"], &[5.0], 1.5, 35);
    d.view = Some(vec![(-6.0, 6.0)]);
    let mut s = screen(&d);
    steps(&mut s, 35);
    for (w, h) in [(80, 24), (120, 40)] {
        let out = text(&draw(&s, w, h));
        assert!(!out.contains("NaN") && !out.contains("inf"), "{out}");
        assert!(out.contains("! diverged at step 20: f = 2.7e13"), "{out}");
    }
    let mut d = rosenbrock();
    d.learning_rate = 0.05;
    d.steps = 100;
    let mut s = screen(&d);
    steps(&mut s, 100);
    let out = text(&draw(&s, 120, 40));
    assert!(out.contains("! diverged at step"), "{out}");
    assert!(!out.contains("NaN") && !out.contains("inf"), "{out}");
}

#[test]
fn the_rules_arithmetic_ends_on_the_new_point_to_its_last_digit() {
    // x ← x − 0.123·2x = 0.754·x: 5, 3.77, 2.84258, ...
    let d = base("descent-digits", "x^2", &["x"], &[5.0], 0.123, 10);
    let mut s = StepperScreen::new(&d)
        .expect("steppable")
        .with_no_color(true);
    let _ = s.update(StepperMsg::Forward);
    let _ = s.update(StepperMsg::Forward);
    let t = text(&draw(&s, 80, 24));
    let arithmetic = t
        .lines()
        .find(|l| l.contains("0.123·7.54"))
        .unwrap_or_else(|| panic!("no arithmetic line:\n{t}"));
    assert!(arithmetic.contains("0.123·7.54 = 2.84258 "), "{t}");
    assert!(t.contains("now x₂ = 2.84258"), "{t}");
}

#[test]
fn restarting_with_a_changed_rate_says_the_settings_are_not_the_examples() {
    let mut s = screen(&parabola());
    let _ = s.update(StepperMsg::Restart);
    let t = text(&draw(&s, 80, 24));
    assert!(t.contains("Back at the start."), "{t}");
    assert!(!t.contains("the example's"), "{t}");
    let _ = s.update(StepperMsg::LrUp);
    let _ = s.update(StepperMsg::Restart);
    let t = text(&draw(&s, 80, 24));
    assert!(
        t.contains("Back at the start with ε = 0.2 (the example's is 0.1)."),
        "{t}"
    );
}
