//! One-step descent values (issue 16): a `value` exercise says which step of gradient descent
//! it asks (`step = { function, from, rate, momentum?, velocity?, coordinate? }`), and a wrong
//! number is named by the slip in the step that gives it, in the stepper's words; `validate`
//! works the step out and reports a `step` that does not give `value`.

use crate::check_support::{accepts, exercise, rejects, scalar};
use gradtutor::check::Diagnosis;
use gradtutor::exercise::{load_str, to_toml, Kind, SourceFile};
use gradtutor::validate::validate;

const PARABOLA: &str = r#"id = "step-1"
kind = "value"
value = "5 - 0.1*2*5"
step = { function = "x^2", from = { x = 5 }, rate = 0.1 }"#;

#[test]
fn each_slip_in_a_plain_step_is_named_in_the_steppers_words() {
    let ex = exercise(PARABOLA);
    accepts(&ex, &scalar("4"));
    // x₁ = 5 + 0.1·10
    let v = rejects(&ex, &scalar("6"), Some(Diagnosis::Uphill));
    assert_eq!(
        v.message,
        "6 is what a slip in the step gives. You stepped uphill: x₁ = x₀ + ε·f′(x₀). Descent \
         goes against the gradient: x₁ = x₀ − ε·f′(x₀)."
    );
    // 5 − 10, 5 − 0.01·10, 5 − 0.1·f′(4)
    rejects(&ex, &scalar("-5"), Some(Diagnosis::RateForgotten));
    rejects(&ex, &scalar("4.9"), Some(Diagnosis::RateTwice));
    rejects(&ex, &scalar("4.2"), Some(Diagnosis::GradientAtNewPoint));
    // a slip no rule explains: only too large or too small
    rejects(&ex, &scalar("3.7"), None);
}

#[test]
fn momentum_slips_are_named_for_a_momentum_step() {
    let ex = exercise(
        r#"id = "momentum-2"
kind = "value"
value = "4 + (0.8*(-1) - 0.1*2*4)"
step = { function = "x^2", from = { x = 4 }, rate = 0.1, momentum = 0.8, velocity = { x = -1 } }"#,
    );
    accepts(&ex, &scalar("2.4"));
    // 4 − 0.1·8 (plain descent), 4 − (−1.6)
    let v = rejects(&ex, &scalar("3.2"), Some(Diagnosis::MomentumForgotten));
    assert!(
        v.message.contains("You forgot the momentum"),
        "{}",
        v.message
    );
    rejects(&ex, &scalar("5.6"), Some(Diagnosis::VelocitySign));
}

#[test]
fn a_coordinate_moved_by_the_other_partial_is_named() {
    let ex = exercise(
        r#"id = "rosenbrock-y"
kind = "value"
value = "3 - 0.01*2*100*(3 - 0.1^2)"
step = { function = "(1 - x)^2 + 100(y - x^2)^2", from = { x = 0.1, y = 3 }, rate = 0.01, coordinate = "y" }"#,
    );
    accepts(&ex, &scalar("-2.98"));
    // ∇f(0.1, 3) = (−121.4, 598): y₁ = 3 − 0.01·(−121.4)
    let v = rejects(&ex, &scalar("4.214"), Some(Diagnosis::SwappedPartials));
    assert!(
        v.message.contains("other coordinate's partial"),
        "{}",
        v.message
    );
    rejects(&ex, &scalar("8.98"), Some(Diagnosis::Uphill));
}

#[test]
fn step_is_written_back_as_it_was_read() {
    let text = format!(
        "title = \"t\"\n[[exercise]]\nprompt = \"?\"\n{}\n\n[[exercise]]\nprompt = \"?\"\n{}\n",
        PARABOLA,
        r#"id = "m"
kind = "value"
value = "2.4"
step = { function = "x^2 + y", from = { x = 4, y = 1 }, rate = 0.1, momentum = 0.8, velocity = { x = -1 }, coordinate = "x" }"#
    );
    let (set, diags) = load_str("t.toml", &text);
    let set = set.unwrap_or_else(|| panic!("{diags:?}"));
    let Kind::Value {
        step: Some(step), ..
    } = &set.exercises[1].kind
    else {
        panic!("no step: {:?}", set.exercises[1].kind);
    };
    assert_eq!(step.vars, ["x", "y"]);
    assert_eq!(step.velocity, [-1.0, 0.0]);
    assert_eq!(step.coordinate, 0);
    let again = to_toml(&set);
    let (back, diags) = load_str("t.toml", &again);
    let back = back.unwrap_or_else(|| panic!("{diags:?}\n{again}"));
    let kinds = |s: &gradtutor::exercise::ExerciseSet| -> Vec<Kind> {
        s.exercises.iter().map(|e| e.kind.clone()).collect()
    };
    assert_eq!(kinds(&back), kinds(&set));
}

/// The problems of a `step`, each at its line and column.
#[test]
fn a_step_that_cannot_be_read_is_reported_where_it_is() {
    let cases = [
        (
            r#"step = { function = "x^2 + y^2", from = { x = 1, y = 2 }, rate = 0.1 }"#,
            "5:8: error: `step` needs `coordinate`: which coordinate of the new point is asked",
        ),
        (
            r#"step = { function = "x^2", from = { x = 1 }, rate = 0.1, coordinate = "y" }"#,
            "5:71: error: `step.coordinate` names `y`, which is not in `step.from`",
        ),
        (
            r#"step = { function = "x^2", from = { x = 1 }, rate = 0.1, velocity = { x = 1 } }"#,
            "5:69: error: `step.velocity` needs `step.momentum`",
        ),
        (
            r#"step = { function = "x^2", from = { x = 1 }, rate = -0.1 }"#,
            "5:53: error: `step.rate` must be a positive number",
        ),
        (
            r#"step = { function = "x^2", from = { x = 1 }, rate = 0.1, lr = 0.1 }"#,
            "5:58: error: unknown field `lr` in `step`",
        ),
        (
            r#"step = { function = "x^2 + z", from = { x = 1 }, rate = 0.1 }"#,
            "5:28: error:",
        ),
    ];
    for (step, want) in cases {
        let text = format!(
            "title = \"t\"\n[[exercise]]\nid = \"s\"\nkind = \"value\"\n{step}\nvalue = \"0.8\"\nprompt = \"?\"\n"
        );
        let report = validate(&[SourceFile {
            name: "t.toml".into(),
            text,
        }]);
        let lines: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("t.toml:{want}"))),
            "{step}: {lines:#?}"
        );
    }
}

#[test]
fn validate_reports_a_step_that_does_not_give_the_value() {
    let text = "title = \"t\"\n[[exercise]]\nid = \"s\"\nkind = \"value\"\nprompt = \"?\"\nvalue = \"4.5\"\nstep = { function = \"x^2\", from = { x = 5 }, rate = 0.1 }\n";
    let report = validate(&[SourceFile {
        name: "t.toml".into(),
        text: text.into(),
    }]);
    let lines: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        lines,
        [
            "t.toml:7:8: error: `s`: one step from `step.from` gives 4, but `value` is 4.5 (check \
          `step` and `value`)"
        ]
    );
    let right = text.replace("4.5", "4");
    let report = validate(&[SourceFile {
        name: "t.toml".into(),
        text: right,
    }]);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn the_bundled_one_step_exercises_say_which_step_they_ask() {
    let course = gradtutor::exercise::load_bundled().course;
    let steps: Vec<&str> = course
        .exercises()
        .filter(|e| matches!(&e.kind, Kind::Value { step: Some(_), .. }))
        .map(|e| e.id.as_str())
        .collect();
    for id in [
        "gd-parabola-step-1",
        "gd-parabola-step-2",
        "gd-rosenbrock-step-1-x",
        "gd-rosenbrock-step-1-y",
        "gd-momentum-parabola-step-2",
        "gd-linreg-step-m",
        "gd-linreg-step-c",
    ] {
        assert!(steps.contains(&id), "{id} has no `step`: {steps:?}");
    }
    let (_, ex) = course.exercise("gd-linreg-step-m").expect("bundled");
    // m₁ = 0 + 0.1·∂J/∂m with the sign of the gradient kept: uphill
    rejects(ex, &scalar("-1.533"), Some(Diagnosis::Uphill));
}

/// The stepper's predictions get the same diagnosis: a wrong predicted point that a slip in the
/// step gives is named in the stepper's words.
#[test]
fn a_wrong_prediction_in_the_stepper_is_named_by_its_slip() {
    use gradtutor::exercise::{Descent, Pos};
    use gradtutor::math::LogBase;
    use gradtutor::tui::stepper::{StepperMsg, StepperOutcome, StepperScreen};
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let descent = |momentum: Option<f64>| Descent {
        id: "parabola".into(),
        title: "x²".into(),
        notes: None,
        function: "x^2".into(),
        vars: vec!["x".into()],
        start: vec![5.0],
        learning_rate: 0.1,
        steps: 10,
        momentum,
        gradient: None,
        params: Vec::new(),
        data: Vec::new(),
        view: None,
        stop_grad_norm: None,
        log: LogBase::Ln,
        pos: Pos::default(),
        variant: None,
        parsed: Default::default(),
    };
    let predict = |d: &Descent, forward: usize, guess: &str| -> String {
        let mut s = StepperScreen::new(d)
            .expect("the example compiles")
            .with_no_color(true);
        for _ in 0..forward {
            s.update(StepperMsg::Forward);
        }
        s.update(StepperMsg::StartPredict);
        for c in guess.chars() {
            s.update(StepperMsg::PredictInput(c));
        }
        assert_eq!(
            s.update(StepperMsg::PredictSubmit),
            Some(StepperOutcome::Predicted { correct: false })
        );
        let mut t = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
        t.draw(|f| f.render_widget(&s, f.area())).expect("drawn");
        let buf = t.backend().buffer();
        let lines: Vec<String> = (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect();
        lines
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    // x₁ = 5 + 0.1·10
    let out = predict(&descent(None), 0, "6");
    assert!(out.contains("you said 6, but x₁ = 4."), "{out}");
    assert!(
        out.contains("You stepped uphill: x₁ = x₀ + ε·f′(x₀)."),
        "{out}"
    );
    // one sentence, to fit the feedback line at 80 columns too
    assert!(!out.contains("Descent goes against"), "{out}");
    // with momentum 0.8 after one step (x₁ = 4, v₁ = −1): x₂ = 4 − 0.8 forgets the velocity
    let out = predict(&descent(Some(0.8)), 1, "3.2");
    assert!(out.contains("You forgot the momentum"), "{out}");
    // a slip no rule explains: the truth only
    let out = predict(&descent(None), 0, "3.7");
    assert!(!out.contains("You "), "{out}");
}
