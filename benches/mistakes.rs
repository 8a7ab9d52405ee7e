//! The library of mistakes (issue 16): preparing the wrong derivatives of an exercise's function
//! and their values at the checker's 32 points, and diagnosing a wrong answer with a prepared
//! checker (its library already built) and with the preparation included.
//!
//! Run: `cargo bench --bench mistakes -- --warm-up-time 1 --measurement-time 3`. Targets:
//! diagnosing with the prepared checker under 150 µs median; preparing the wrong derivatives
//! under 1 ms.

use criterion::{criterion_group, criterion_main, Criterion};
use gradtutor::check::{Checker, Diagnosis};
use gradtutor::exercise::{load_str, Answer, Exercise};
use gradtutor::math::symbolic::{infer_scope, Function};
use std::hint::black_box;

fn exercise(body: &str) -> Exercise {
    let text = format!("title = \"bench\"\n[[exercise]]\nprompt = \"?\"\n{body}\n");
    let (set, diags) = load_str("bench.toml", &text);
    let set = set.unwrap_or_else(|| panic!("bench exercise does not load: {diags:?}"));
    set.exercises.into_iter().next().expect("one exercise")
}

/// 32 points over [0.2, 3], as the checker samples.
fn points() -> Vec<Vec<f64>> {
    (0..32)
        .map(|k| vec![0.2 + 2.8 * (k as f64 + 0.5) / 32.0])
        .collect()
}

fn preparing(c: &mut Criterion) {
    let pts = points();
    for (name, f, by) in [
        ("e^(2x)·cos x, first derivative", "e^(2x)*cos(x)", vec![0]),
        (
            "3x⁴ − 5x² + 2x, first derivative",
            "3x^4 - 5x^2 + 2x",
            vec![0],
        ),
        (
            "e^(2x)·cos x, second derivative",
            "e^(2x)*cos(x)",
            vec![0, 0],
        ),
    ] {
        let scope = infer_scope(f, Some("x")).expect("scope");
        let function = Function::parse(f, &scope).expect("parses");
        let m = function.mistakes(&by).expect("derivable");
        eprintln!("{name}: {} wrong derivatives", m.len());
        c.bench_function(
            &format!("mistakes/prepare {name} (generate + 32 points)"),
            |b| {
                b.iter(|| {
                    let m = function.mistakes(black_box(&by)).expect("derivable");
                    m.values_at(&pts, &[])
                })
            },
        );
    }
}

fn diagnosing(c: &mut Criterion) {
    let ex = exercise(
        r#"id = "prod"
kind = "derivative"
function = "e^(2x)*cos(x)"
var = "x""#,
    );
    let wrong = Answer::Scalar("-2e^(2x) sin x".to_string());
    let checker = Checker::new(&ex).expect("checkable");
    assert_eq!(
        checker.check(&wrong).diagnosis,
        Some(Diagnosis::ProductRule)
    );
    c.bench_function(
        "mistakes/diagnose a wrong product rule, prepared checker",
        |b| b.iter(|| checker.check(black_box(&wrong))),
    );
    c.bench_function(
        "mistakes/diagnose a wrong product rule, checker and library prepared too",
        |b| {
            b.iter(|| {
                let checker = Checker::new(black_box(&ex)).expect("checkable");
                checker.check(black_box(&wrong))
            })
        },
    );
    let unexplained = Answer::Scalar("e^(2x)(2cos x - 2 sin x)".to_string());
    assert_eq!(checker.check(&unexplained).diagnosis, None);
    c.bench_function(
        "mistakes/a wrong answer no rule explains, prepared checker",
        |b| b.iter(|| checker.check(black_box(&unexplained))),
    );
}

criterion_group!(benches, preparing, diagnosing);
criterion_main!(benches);
