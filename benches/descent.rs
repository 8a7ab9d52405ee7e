//! The descent stepper: the engine's raw stepping speed and the cost of the stepper screen.
//! Results are recorded in docs/performance.md (section "Descent stepper").

use criterion::{criterion_group, criterion_main, Criterion};
use gradtutor::descent::{Status, Stepper};
use gradtutor::exercise::{Descent, Pos};
use gradtutor::math::LogBase;
use gradtutor::tui::stepper::{StepperMsg, StepperScreen};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::hint::black_box;

/// Rosenbrock (a = 1, b = 100) from the lecture's start, without a gradient: finite
/// differences, 5 evaluations of f per step.
fn rosenbrock(lr: f64, momentum: Option<f64>, steps: usize) -> Descent {
    Descent {
        id: "bench-rosenbrock".into(),
        title: "Rosenbrock".into(),
        notes: Some("Rosenbrock with momentum, finite-difference gradient.".into()),
        function: "(a - x)^2 + b*(y - x^2)^2".into(),
        vars: vec!["x".into(), "y".into()],
        start: vec![0.1, 3.0],
        learning_rate: lr,
        steps,
        momentum,
        gradient: None,
        params: vec![("a".into(), 1.0), ("b".into(), 100.0)],
        data: Vec::new(),
        view: Some(vec![(-2.0, 2.0), (-1.0, 3.5)]),
        stop_grad_norm: None,
        log: LogBase::Ln,
        pos: Pos::default(),
        variant: None,
        parsed: Default::default(),
    }
}

fn engine(c: &mut Criterion) {
    // ε = 0.0005 with α = 0.8 neither diverges nor reaches |∇f| = 0 within 10,000 steps.
    let d = rosenbrock(0.0005, Some(0.8), 10_000);
    let mut check = Stepper::new(&d).expect("the example compiles");
    assert_eq!(check.run(), &Status::MaxSteps);
    assert_eq!(check.states().len(), 10_001);
    c.bench_function(
        "descent: 10,000 momentum steps, Rosenbrock, finite differences",
        |b| {
            b.iter(|| {
                let mut s = Stepper::new(black_box(&d)).expect("compiles");
                s.run();
                black_box(s.current().x[0])
            })
        },
    );
}

fn screen(c: &mut Criterion) {
    let d = rosenbrock(0.001, Some(0.8), 3000);
    let mut screen = StepperScreen::new(&d).expect("the example compiles");
    for _ in 0..10 {
        let _ = screen.update(StepperMsg::Forward);
    }
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    c.bench_function(
        "descent: one frame of the two-variable stepper at 120x40",
        |b| {
            b.iter(|| {
                terminal
                    .draw(|f| f.render_widget(&screen, f.area()))
                    .expect("draws");
            })
        },
    );
    // What a key press costs when the view must be recomputed: building the screen samples
    // f on the whole map grid (160 × 80 points).
    c.bench_function(
        "descent: open the two-variable stepper (map of f, 12,800 samples)",
        |b| b.iter(|| black_box(StepperScreen::new(black_box(&d)).expect("compiles"))),
    );
    // The map's 12,800 samples alone, as the screen takes them (a batch per row of 160) and as
    // it took them before (one evaluation per point), in the same run and under the same load.
    let stepper = Stepper::new(&d).expect("compiles");
    let (w, h) = (160, 80);
    let xs: Vec<f64> = (0..w)
        .map(|c| -2.0 + 4.0 * (c as f64 + 0.5) / w as f64)
        .collect();
    let row_y = |r: usize| 3.5 - 4.5 * (r as f64 + 0.5) / h as f64;
    c.bench_function(
        "descent: f on the 160 x 80 map grid, a batch per row",
        |b| {
            let mut ys = vec![0.0; w];
            let mut out = vec![0.0; w * h];
            b.iter(|| {
                for (r, row) in out.chunks_exact_mut(w).enumerate() {
                    ys.fill(row_y(r));
                    stepper.values(&[&xs, &ys], row);
                }
                black_box(out[0])
            })
        },
    );
    c.bench_function(
        "descent: f on the 160 x 80 map grid, one point at a time",
        |b| {
            let mut out = vec![0.0; w * h];
            b.iter(|| {
                for (r, row) in out.chunks_exact_mut(w).enumerate() {
                    for (o, &x) in row.iter_mut().zip(&xs) {
                        *o = stepper.value(&[x, row_y(r)]);
                    }
                }
                black_box(out[0])
            })
        },
    );
    // The one-variable stepper samples its curve instead (321 points).
    let quartic = Descent {
        function: "x^4 - 3x^2 + x".into(),
        vars: vec!["x".into()],
        start: vec![2.0],
        learning_rate: 0.01,
        momentum: None,
        params: Vec::new(),
        view: None,
        ..rosenbrock(0.01, None, 100)
    };
    c.bench_function(
        "descent: open the one-variable stepper (curve of f, 321 samples)",
        |b| b.iter(|| black_box(StepperScreen::new(black_box(&quartic)).expect("compiles"))),
    );
    // And a step that keeps the window: the map is reused.
    c.bench_function(
        "descent: one step forward and back on the stepper screen",
        |b| {
            b.iter(|| {
                let _ = screen.update(StepperMsg::Forward);
                let _ = screen.update(StepperMsg::Back);
            })
        },
    );
}

criterion_group!(benches, engine, screen);
criterion_main!(benches);
