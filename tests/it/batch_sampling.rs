//! Evaluating in batches gives the numbers one point at a time gives (issue 14): the
//! stepper's map and curve, the plot panel and the sampling loops read f in batches, and
//! their pictures and verdicts must not move for it. Batches compute `sin`, `cos`, `exp`, `ln`,
//! `σ` and `e^u` with vectorised kernels that may differ from one evaluation in the last bit
//! (docs/answer-language.md: at most 1 ulp, σ 3), so the numbers agree to a few units in the
//! last place, and NaN and infinity exactly; these examples are well conditioned, so that is
//! all a picture can see.

use gradtutor::descent::Stepper;
use gradtutor::exercise::{Descent, Pos};
use gradtutor::math::LogBase;

fn descent(function: &str, vars: &[&str]) -> Descent {
    Descent {
        id: "batch".into(),
        title: "batch".into(),
        notes: None,
        function: function.into(),
        vars: vars.iter().map(|v| v.to_string()).collect(),
        start: vec![0.5; vars.len()],
        learning_rate: 0.01,
        steps: 10,
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

/// The same number up to the last bits of the vectorised functions (relative 1e-12, about 4,500
/// units in the last place, for cancellation in the sums); NaN, infinities and zeros exactly;
/// any NaN matches any NaN (meval's NaN has no meaningful sign).
fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits()
        || (a.is_nan() && b.is_nan())
        || (a.is_finite()
            && b.is_finite()
            && a != 0.0
            && b != 0.0
            && (a - b).abs() <= 1e-12 * a.abs().max(b.abs()))
}

/// A grid over [-3, 3]² that lands on zeros, poles and the edges of domains.
fn grid() -> (Vec<f64>, Vec<f64>) {
    let ticks: Vec<f64> = (0..=48).map(|k| -3.0 + f64::from(k) * 0.125).collect();
    let xs = ticks
        .iter()
        .flat_map(|&x| ticks.iter().map(move |_| x))
        .collect();
    let ys = ticks.iter().flat_map(|_| ticks.iter().copied()).collect();
    (xs, ys)
}

fn assert_batch_is_pointwise(s: &Stepper, xs: &[f64], ys: &[f64]) {
    let mut out = vec![0.0; xs.len()];
    s.values(&[xs, ys], &mut out);
    for ((&x, &y), &v) in xs.iter().zip(ys).zip(&out) {
        let one = s.value(&[x, y]);
        assert!(same(v, one), "f({x}, {y}): batch {v:e}, one point {one:e}");
    }
}

#[test]
fn the_stepper_map_in_one_batch_is_f_point_by_point() {
    let (xs, ys) = grid();
    let mut rosenbrock = descent("(a - x)^2 + b*(y - x^2)^2", &["x", "y"]);
    rosenbrock.params = vec![("a".into(), 1.0), ("b".into(), 100.0)];
    for d in [
        rosenbrock,
        descent(
            "ln(x) + sqrt(y) - 1/(x y) + x^-3 + e^(x y) sin(x) cos(y)",
            &["x", "y"],
        ),
        descent("abs(x)^0.5 + max(x, y) + σ(3x - y)", &["x", "y"]),
    ] {
        let s = Stepper::new(&d).expect("the example compiles");
        assert_batch_is_pointwise(&s, &xs, &ys);
    }
}

#[test]
fn the_stepper_map_of_a_loss_over_data_is_f_point_by_point() {
    let mut d = descent("mean((t - (w s + b))^2) + ln(sum(s^2 w))", &["w", "b"]);
    d.data = vec![
        ("s".into(), vec![0.5, 1.0, -2.0, 3.5]),
        ("t".into(), vec![1.0, 2.5, -3.0, 7.0]),
    ];
    let s = Stepper::new(&d).expect("the example compiles");
    let (xs, ys) = grid();
    assert_batch_is_pointwise(&s, &xs, &ys);
}

#[test]
fn the_stepper_curve_in_one_batch_is_f_point_by_point() {
    let s = Stepper::new(&descent("x^4 - 3x^2 + ln(x) + 1/(x - 1)", &["x"])).expect("compiles");
    let (xs, _) = grid();
    let mut out = vec![0.0; xs.len()];
    s.values(&[&xs], &mut out);
    for (&x, &v) in xs.iter().zip(&out) {
        assert!(same(v, s.value(&[x])), "f({x})");
    }
}
