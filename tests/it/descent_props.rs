//! Whatever the settings, a walk never stores a non-finite number, never panics, and ends.

use gradtutor::descent::{Settings, Status, Stepper};
use gradtutor::exercise::{Descent, Pos};
use gradtutor::math::LogBase;
use proptest::prelude::*;

fn descent(function: &str, vars: &[&str], start: Vec<f64>) -> Descent {
    Descent {
        id: "prop".into(),
        title: "prop".into(),
        notes: None,
        function: function.into(),
        vars: vars.iter().map(|v| v.to_string()).collect(),
        start,
        learning_rate: 0.1,
        steps: 200,
        momentum: None,
        gradient: None,
        params: vec![("a".into(), 1.0), ("b".into(), 100.0)],
        data: Vec::new(),
        view: None,
        stop_grad_norm: Some(1e-9),
        log: LogBase::Ln,
        pos: Pos::default(),
        variant: None,
        parsed: Default::default(),
    }
}

/// Functions with valleys, cliffs, overflows and undefined regions.
const FUNCTIONS: &[(&str, &[&str])] = &[
    ("(a - x)^2 + b*(y - x^2)^2", &["x", "y"]),
    ("x^4 - 3*x^2 + y^2", &["x", "y"]),
    ("exp(x) + exp(-y)", &["x", "y"]),
    ("ln(x) + y^2", &["x", "y"]),
    ("sqrt(x) - x", &["x"]),
    ("x^2", &["x"]),
    ("-x^3", &["x"]),
    ("1/x", &["x"]),
    ("x^2 + y^2 + z^2 - x*y*z", &["x", "y", "z"]),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn walks_stay_finite_and_end(
        which in 0..FUNCTIONS.len(),
        start in proptest::collection::vec(-50.0f64..50.0, 3),
        lr_exp in -6.0f64..1.5,
        momentum in proptest::option::of(0.0f64..0.99),
    ) {
        let (f, vars) = FUNCTIONS[which];
        let d = descent(f, vars, start[..vars.len()].to_vec());
        // A start where f or its gradient is undefined is refused, not stepped.
        let Ok(mut s) = Stepper::new(&d) else { return Ok(()) };
        let settings = Settings {
            learning_rate: 10f64.powf(lr_exp),
            momentum,
            start: d.start.clone(),
        };
        s.restart(settings).expect("valid settings on an accepted start");
        let status = s.run().clone();
        prop_assert!(status.is_finished());
        prop_assert!(s.states().len() <= 201);
        for st in s.states() {
            prop_assert!(st.f.is_finite());
            prop_assert!(st.x.iter().chain(&st.grad).chain(&st.step).all(|v| v.is_finite()));
            if let Some(v) = &st.velocity {
                prop_assert!(v.iter().all(|v| v.is_finite()));
            }
        }
        let msg = s.status_message();
        let diverged = matches!(status, Status::Diverged { .. });
        prop_assert!(!msg.contains("NaN") || diverged, "{}", msg);
        // Going back to the start and forward again replays the same states.
        let n = s.cursor();
        s.seek(0);
        s.seek(n);
        prop_assert_eq!(s.cursor(), n);
    }
}
