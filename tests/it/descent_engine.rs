//! The stepper engine against the lecture's numbers (../shared/seeds/002, 003).

use gradtutor::descent::{DescentError, Settings, Status, Stepper};
use gradtutor::exercise::{Descent, Pos};
use gradtutor::math::LogBase;

fn descent(function: &str, vars: &[&str], start: &[f64], lr: f64, steps: usize) -> Descent {
    Descent {
        id: "test".into(),
        title: "test".into(),
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

fn rosenbrock(start: &[f64], lr: f64, steps: usize) -> Descent {
    let mut d = descent("(a-x)^2 + b*(y-x^2)^2", &["x", "y"], start, lr, steps);
    d.params = vec![("a".into(), 1.0), ("b".into(), 100.0)];
    d
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-300)
}

#[test]
fn parabola_reaches_five_times_point_eight_to_the_twenty_fifth() {
    // x_{n+1} = x_n − 0.1·2x_n = 0.8·x_n, so x_n = 5·0.8ⁿ: the lecture's 25 steps from 5.
    for gradient in [None, Some(vec!["2*x".to_string()])] {
        let mut d = descent("x^2", &["x"], &[5.0], 0.1, 25);
        d.gradient = gradient.clone();
        let mut s = Stepper::new(&d).unwrap();
        assert_eq!(s.run(), &Status::MaxSteps);
        assert_eq!(s.states().len(), 26);
        for st in s.states() {
            let want = 5.0 * 0.8f64.powi(st.n as i32);
            assert!(close(st.x[0], want, 1e-9), "n={} x={}", st.n, st.x[0]);
            assert!(close(st.f, want * want, 1e-9));
        }
        let x25 = s.current().x[0];
        assert!(
            close(x25, 5.0 * 0.8f64.powi(25), 1e-10),
            "{x25} ({gradient:?})"
        );
        assert_eq!(s.current().n, 25);
    }
}

#[test]
fn paraboloid_shrinks_by_point_ninety_five_each_step() {
    // ε = 0.025: x ← x − 0.025·2x = 0.95·x, for both coordinates.
    let d = descent("x1^2 + x2^2", &["x1", "x2"], &[2.9, -2.9], 0.025, 60);
    let mut s = Stepper::new(&d).unwrap();
    s.run();
    for st in s.states() {
        let k = 0.95f64.powi(st.n as i32);
        assert!(close(st.x[0], 2.9 * k, 1e-8), "n={} {:?}", st.n, st.x);
        assert!(close(st.x[1], -2.9 * k, 1e-8), "n={} {:?}", st.n, st.x);
        assert!(close(st.step[0], -0.05 * 2.9 * k / 0.95, 1e-6) || st.n == 0);
    }
}

#[test]
fn rosenbrock_from_the_lecture_start_diverges_at_step_three() {
    // From (0.1, 3) with ε = 0.01 (seeds/002): step 1 lands at (1.314, −2.98), step 2 at
    // (−23.43, 6.433) with f ≈ 2.9e7, step 3 at (5.08e4, 1.09e3) with f ≈ 6.67e20, more than
    // 10¹² times f(x₀) = 894.82: the run ends there, and the diverged state is the last one.
    let d = rosenbrock(&[0.1, 3.0], 0.01, 100);
    let mut s = Stepper::new(&d).unwrap();
    let status = s.run().clone();
    match &status {
        Status::Diverged { at_step, reason } => {
            assert_eq!(*at_step, 3);
            assert!(reason.starts_with("f = 6.7e20"), "{reason}");
        }
        other => panic!("expected divergence, got {other:?}"),
    }
    assert_eq!(s.status_message(), "diverged at step 3: f = 6.7e20");
    let st = s.states();
    assert_eq!(st.len(), 4);
    assert!(close(st[0].f, 894.82, 1e-12));
    assert!(close(st[1].x[0], 1.314, 1e-6) && close(st[1].x[1], -2.98, 1e-6));
    assert!(close(st[2].x[0], -23.430148576, 1e-5));
    assert!(close(st[3].f, 6.672346531410423e20, 1e-4));
    for s in st {
        assert!(s
            .x
            .iter()
            .chain(&s.grad)
            .chain([&s.f])
            .all(|v| v.is_finite()));
    }
    // Forward at the end does nothing; back and forward browse without recomputing.
    assert!(!s.forward());
    assert!(s.back());
    assert_eq!(s.current().n, 2);
    assert!(s.forward());
    assert!(s.at_end());
}

#[test]
fn an_overflowing_step_is_not_stored() {
    // f = −eˣ falls without bound: from x = 1 with ε = 1000, x1 = 1 + 1000·e ≈ 2719, where
    // eˣ overflows. The run ends at step 1 and no state holds the infinity.
    let mut d = descent("-exp(x)", &["x"], &[1.0], 1000.0, 10);
    d.gradient = Some(vec!["-exp(x)".into()]);
    let mut s = Stepper::new(&d).unwrap();
    let status = s.run().clone();
    assert!(
        matches!(&status, Status::Diverged { at_step: 1, reason } if reason.contains('∞')),
        "{status:?}"
    );
    assert_eq!(s.states().len(), 1);
    assert_eq!(s.status_message(), "diverged at step 1: f = −∞ (overflow)");
}

#[test]
fn momentum_with_a_small_step_reaches_the_rosenbrock_minimum() {
    // v ← 0.8·v − ε·∇f, x ← x + v from (0.1, 3). With the lecture's ε = 0.01 (and 0.005,
    // 0.003) this diverges within 6 steps; computed with python3 (plain floats, exact
    // gradient), ε = 0.002 reaches |∇f| < 1e-6 at step 2630, at (1.0000011, 1.0000022).
    let mut d = rosenbrock(&[0.1, 3.0], 0.002, 5000);
    d.momentum = Some(0.8);
    d.stop_grad_norm = Some(1e-6);
    let mut s = Stepper::new(&d).unwrap();
    assert_eq!(s.run(), &Status::Converged);
    let last = s.current();
    assert!((last.x[0] - 1.0).abs() < 1e-5, "{:?}", last.x);
    assert!((last.x[1] - 1.0).abs() < 1e-5, "{:?}", last.x);
    assert!(last.grad_norm() < 1e-6);
    assert!((2500..2800).contains(&last.n), "converged at {}", last.n);

    // The same with the exact gradient converges at python's step.
    d.gradient = Some(vec![
        "-2*a + 2*x - 4*b*y*x + 4*b*x^3".into(),
        "2*b*y - 2*b*x^2".into(),
    ]);
    let mut s = Stepper::new(&d).unwrap();
    assert_eq!(s.run(), &Status::Converged);
    assert_eq!(s.current().n, 2630);

    // And the lecture's ε = 0.01 with momentum diverges: f ≈ 4.1e20 at step 3.
    let mut d = rosenbrock(&[0.1, 3.0], 0.01, 100);
    d.momentum = Some(0.8);
    let mut s = Stepper::new(&d).unwrap();
    assert!(matches!(s.run(), Status::Diverged { at_step: 3, .. }));
    assert_eq!(s.status_message(), "diverged at step 3: f = 4.1e20");
}

#[test]
fn momentum_keeps_the_velocity_of_each_step() {
    // f = x², α = 0.5, ε = 0.1 from 1: v1 = −0.2, x1 = 0.8; v2 = 0.5·(−0.2) − 0.1·1.6 = −0.26,
    // x2 = 0.54.
    let mut d = descent("x^2", &["x"], &[1.0], 0.1, 5);
    d.momentum = Some(0.5);
    let mut s = Stepper::new(&d).unwrap();
    assert_eq!(s.current().velocity, Some(vec![0.0]));
    s.forward();
    s.forward();
    let st = s.states();
    assert!(close(st[1].velocity.as_ref().unwrap()[0], -0.2, 1e-9));
    assert!(close(st[1].x[0], 0.8, 1e-9));
    assert!(close(st[2].velocity.as_ref().unwrap()[0], -0.26, 1e-8));
    assert!(close(st[2].x[0], 0.54, 1e-8));
    assert!(close(st[2].step[0], -0.26, 1e-8));
}

#[test]
fn restart_changes_settings_and_rejects_bad_ones_without_changing_anything() {
    let d = descent("x^2", &["x"], &[5.0], 0.1, 25);
    let mut s = Stepper::new(&d).unwrap();
    s.forward();
    s.forward();
    s.restart(Settings {
        learning_rate: 0.25,
        momentum: None,
        start: vec![2.0],
    })
    .unwrap();
    assert_eq!(s.cursor(), 0);
    s.forward();
    assert!(close(s.current().x[0], 1.0, 1e-9)); // 2 − 0.25·4

    let before = s.current().clone();
    for bad in [
        Settings {
            learning_rate: -1.0,
            momentum: None,
            start: vec![1.0],
        },
        Settings {
            learning_rate: f64::NAN,
            momentum: None,
            start: vec![1.0],
        },
        Settings {
            learning_rate: 0.1,
            momentum: Some(1.0),
            start: vec![1.0],
        },
        Settings {
            learning_rate: 0.1,
            momentum: None,
            start: vec![1.0, 2.0],
        },
    ] {
        assert!(s.restart(bad).is_err());
        assert_eq!(s.current(), &before);
    }
}

#[test]
fn a_learning_rate_too_large_oscillates_and_diverges_without_nan() {
    // x ← x − 1.5·2x = −2x: |x| doubles each step; 5·2ⁿ passes 10¹²·5 at n = 40.
    let d = descent("x^2", &["x"], &[5.0], 1.5, 1000);
    let mut s = Stepper::new(&d).unwrap();
    match s.run().clone() {
        Status::Diverged { at_step, .. } => assert!((20..=41).contains(&at_step), "{at_step}"),
        other => panic!("{other:?}"),
    }
    assert!(s
        .states()
        .iter()
        .all(|st| st.f.is_finite() && st.x[0].is_finite()));
    assert_eq!(s.states()[1].x[0], -10.0);
}

#[test]
fn converges_when_the_gradient_is_small_enough() {
    let mut d = descent("x^2", &["x"], &[5.0], 0.1, 1000);
    d.stop_grad_norm = Some(1e-6);
    let mut s = Stepper::new(&d).unwrap();
    assert_eq!(s.run(), &Status::Converged);
    // |∇f| = 10·0.8ⁿ < 1e-6 first at n = 73 (0.8^73 = 8.5e-8).
    assert_eq!(s.current().n, 73);
    assert!(s.status_message().starts_with("converged at step 73"));

    // At a stationary point nothing moves: converged at step 0.
    let d = descent("x^2", &["x"], &[0.0], 0.1, 10);
    let mut s = Stepper::new(&d).unwrap();
    assert_eq!(s.status(), &Status::Converged);
    assert!(!s.forward());
}

#[test]
fn examples_that_cannot_be_stepped_are_explained() {
    let mut d = descent("x^2", &["x"], &[5.0, 1.0], 0.1, 10);
    assert!(matches!(
        Stepper::new(&d),
        Err(DescentError::StartLength {
            expected: 1,
            got: 2,
            ..
        })
    ));
    d.start = vec![5.0];
    d.gradient = Some(vec!["2*x".into(), "0".into()]);
    assert!(matches!(
        Stepper::new(&d),
        Err(DescentError::GradientLength { .. })
    ));
    d.gradient = None;
    d.function = "x^2 +".into();
    assert!(matches!(Stepper::new(&d), Err(DescentError::Parse { .. })));
    d.function = "ln(x)".into();
    d.start = vec![-1.0];
    let e = Stepper::new(&d).unwrap_err();
    assert!(matches!(e, DescentError::BadStart { .. }), "{e}");
    assert!(e.to_string().contains("NaN"), "{e}");
    d.vars.clear();
    d.start.clear();
    assert_eq!(Stepper::new(&d).unwrap_err(), DescentError::NoVars);
}

#[test]
fn a_step_into_nan_ends_the_run_with_a_message() {
    // sqrt(x) from 1 with ε = 4: x1 = 1 − 4·0.5 = −1, where sqrt is NaN.
    let d = descent("sqrt(x)", &["x"], &[1.0], 4.0, 10);
    let mut s = Stepper::new(&d).unwrap();
    assert!(!s.forward());
    assert_eq!(
        s.status(),
        &Status::Diverged {
            at_step: 1,
            reason: "f = not a number (NaN)".into()
        }
    );
    assert_eq!(s.states().len(), 1);
}

#[test]
fn log_loss_of_the_lecture_model_on_the_eight_examples() {
    // J(w, b) = −mean(y·ln σ(wx + b) + (1 − y)·ln(1 − σ(wx + b))) at w = 0.5, b = −4
    // (seeds/003, model A). Computed independently with python3 (math.log, math.exp):
    //   x  y   z = 0.5x − 4   σ(z)                 loss term
    //   8  0   0.0            0.5                  0.6931471805599453
    //  15  0   3.5            0.9706877692486436   3.529750418272619
    //  19  0   5.5            0.995929862284104    5.5040784432705925
    //  24  0   8.0            0.9996646498695336   8.000335406373212
    //  27  1   9.5            0.9999251537724895   7.484902862918365e-05
    //  31  1  11.5            0.9999898700090192   1.013004228952793e-05
    //  35  1  13.5            0.999998629042793    1.3709581467435735e-06
    //  40  1  16.0            0.9999998874648379   1.1253516840995767e-07
    //  mean = 2.2159247388800756
    // ∇J = (mean((σ − y)·x), mean(σ − y)) = (7.684068519528065, 0.4332744777114277).
    const J: f64 = 2.2159247388800756;
    const GW: f64 = 7.684068519528065;
    const GB: f64 = 0.4332744777114277;
    let mut d = descent(
        "-mean(y*ln(sigmoid(w*x + b)) + (1 - y)*ln(1 - sigmoid(w*x + b)))",
        &["w", "b"],
        &[0.5, -4.0],
        0.01,
        10,
    );
    d.data = vec![
        (
            "x".into(),
            vec![8.0, 15.0, 19.0, 24.0, 27.0, 31.0, 35.0, 40.0],
        ),
        ("y".into(), vec![0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]),
    ];
    let mut s = Stepper::new(&d).unwrap();
    let s0 = s.current().clone();
    assert!(close(s0.f, J, 1e-12), "J = {}", s0.f);
    // The finite-difference gradient agrees with the formula to 8 digits.
    assert!(close(s0.grad[0], GW, 1e-8), "{:?}", s0.grad);
    assert!(close(s0.grad[1], GB, 1e-8), "{:?}", s0.grad);
    // One step with ε = 0.01: w1 = 0.5 − 0.01·7.684 = 0.42316, b1 = −4 − 0.01·0.4333.
    assert!(s.forward());
    assert!(close(s.current().x[0], 0.5 - 0.01 * GW, 1e-9));
    assert!(close(s.current().x[1], -4.0 - 0.01 * GB, 1e-9));
    assert!(s.current().f < J);

    // With the gradient written out, the same numbers.
    d.gradient = Some(vec![
        "mean((sigmoid(w*x + b) - y)*x)".into(),
        "mean(sigmoid(w*x + b) - y)".into(),
    ]);
    let s = Stepper::new(&d).unwrap();
    assert!(close(s.current().grad[0], GW, 1e-12));
    assert!(close(s.current().grad[1], GB, 1e-12));
}

#[test]
fn a_moving_point_has_not_converged_even_where_the_gradient_is_zero() {
    // f = x², ε = 0.25, α = 0.5 from 3: v1 = −1.5, x1 = 1.5; v2 = −0.75 − 0.75 = −1.5, x2 = 0,
    // where f′ = 0 but the velocity carries the point on to x3 = −0.75.
    let mut d = descent("x^2", &["x"], &[3.0], 0.25, 10);
    d.momentum = Some(0.5);
    d.stop_grad_norm = Some(1e-6);
    let mut s = Stepper::new(&d).unwrap();
    s.seek(2);
    assert_eq!(s.current().x, vec![0.0]);
    assert_eq!(s.status(), &Status::Running);
    assert!(s.forward());
    assert!(close(s.current().x[0], -0.75, 1e-12));
}
