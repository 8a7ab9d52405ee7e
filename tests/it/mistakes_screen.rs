//! The tutor's exercise screen with a named mistake (issue 16), at 80x24 and 120x40: the
//! checker's own verdict (Enter on a typed answer), so the snapshots show the feedback a
//! student reads — the rule, the place and the right application, typeset and wrapped.

use crate::tui_support::*;
use crossterm::event::KeyCode;
use gradtutor::tui::app::App;

fn snap(name: &str, app: &mut App) {
    for (w, h) in [(80, 24), (120, 40)] {
        let text = screen(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

/// The first exercise of the test course, f(x) = 3x⁴ − 5x² + 2x, answered and checked.
fn checked(answer: &str) -> App {
    let mut app = app();
    key(&mut app, KeyCode::Enter);
    type_str(&mut app, answer);
    key(&mut app, KeyCode::Enter);
    app
}

#[test]
fn a_term_with_the_wrong_sign_is_named_on_screen() {
    let mut app = checked("12x^3 + 10x + 2");
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("wrong sign"), "{text}");
    snap("term_sign", &mut app);
}

#[test]
fn two_mistakes_at_once_wrap_within_80_columns() {
    // the power rule raised in two terms
    let mut app = checked("12x^5 - 10x^3 + 2");
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("exponent"), "{text}");
    snap("two_power_rules", &mut app);
}

/// The stepper's feedback line at 80 columns, a wrong prediction named by its slip.
#[test]
fn a_prediction_a_step_uphill_at_80x24() {
    use gradtutor::tui::stepper::{StepperMsg, StepperScreen};
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let course = course();
    let descent = course
        .sets
        .iter()
        .flat_map(|s| s.descents.iter())
        .next()
        .expect("the test course has a descent example");
    let mut s = StepperScreen::new(descent)
        .expect("the example compiles")
        .with_no_color(true);
    s.update(StepperMsg::StartPredict);
    for c in "6".chars() {
        s.update(StepperMsg::PredictInput(c));
    }
    s.update(StepperMsg::PredictSubmit);
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    t.draw(|f| f.render_widget(&s, f.area())).expect("drawn");
    insta::assert_snapshot!("stepper_uphill_80x24", t.backend());
}
