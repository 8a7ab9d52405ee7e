//! Answer-language speed: parse + compile of a typical answer (what happens once per
//! submission), and its evaluation (what the checker repeats at dozens of points): one point
//! with our evaluator and with meval's interpreter (the reference), and 32 points in a batch.
//!
//! `cargo bench --bench answer_language`

use criterion::{criterion_group, criterion_main, Criterion};
use gradtutor::math::{diff, Expr, Scope};
use std::hint::black_box;

/// A typical student answer: implicit products, a superscript, functions without parentheses.
const TYPICAL: &str = "3x²e^(2y) + sin x cos y − σ(xy)/2";

fn bench(c: &mut Criterion) {
    let scope = Scope::new(&["x", "y"]);
    let mut g = c.benchmark_group("answer_language");
    // An expression is compiled at its first evaluation: parse, then evaluate once.
    let at = [0.7, -0.3];
    g.bench_function("parse_compile_typical", |b| {
        b.iter(|| Expr::parse(black_box(TYPICAL), black_box(&scope)).map(|e| e.eval(&at)))
    });
    let Ok(e) = Expr::parse(TYPICAL, &scope) else {
        panic!("the typical answer must parse");
    };
    g.bench_function("eval_typical", |b| {
        b.iter(|| e.eval(black_box(&[0.7, -0.3])))
    });
    g.bench_function("eval_typical_meval_reference", |b| {
        b.iter(|| e.eval_reference(black_box(&[0.7, -0.3])))
    });
    // The checker's 32 sample points, as columns (structure of arrays).
    let xs: Vec<f64> = (0..32).map(|i| -3.0 + 0.19 * f64::from(i)).collect();
    let ys: Vec<f64> = (0..32).map(|i| 2.5 - 0.13 * f64::from(i)).collect();
    let mut out = vec![0.0; 32];
    g.bench_function("eval_typical_32_points_batch", |b| {
        b.iter(|| e.eval_batch(black_box(&[&xs, &ys]), black_box(&mut out)))
    });
    g.bench_function("eval_typical_32_points_one_by_one", |b| {
        b.iter(|| {
            for (o, (x, y)) in out.iter_mut().zip(xs.iter().zip(&ys)) {
                *o = e.eval(black_box(&[*x, *y]));
            }
        })
    });
    // ∂/∂x of the typical answer at one point by Ridders' extrapolation: one point at a time,
    // and the stencils of several steps in one batch.
    let scales = [0.6, 0.6];
    let starts = [0.1, 0.01, 0.001];
    g.bench_function("ridders_typical_one_point_at_a_time", |b| {
        b.iter(|| {
            diff::partial_from(
                |q: &[f64]| e.eval(q),
                black_box(&at),
                &[0],
                &scales,
                &starts,
            )
        })
    });
    g.bench_function("preview_typical", |b| b.iter(|| black_box(&e).preview()));

    let simple = Expr::parse("2x", &scope).ok();
    g.bench_function("eval_2x", |b| {
        b.iter(|| simple.as_ref().map(|e| e.eval(black_box(&[0.7, -0.3]))))
    });

    // A loss over 100 data rows: one eval_data call.
    let data_scope = Scope::new(&["m", "c"]).with_columns(&["x", "y"]);
    let mse = Expr::parse("mean((y - (m x + c))^2)", &data_scope).ok();
    let xs: Vec<f64> = (0..100).map(|i| f64::from(i) / 10.0).collect();
    let ys: Vec<f64> = xs
        .iter()
        .map(|x| 2.0 * x + 1.0 + (x * 7.0).sin() / 10.0)
        .collect();
    let cols = vec![xs, ys];
    g.bench_function("eval_data_mse_100_rows", |b| {
        b.iter(|| {
            mse.as_ref()
                .map(|e| e.eval_data(black_box(&[1.9, 1.1]), black_box(&cols)))
        })
    });
    g.bench_function("eval_data_mse_100_rows_meval_reference", |b| {
        b.iter(|| {
            mse.as_ref()
                .map(|e| e.eval_data_reference(black_box(&[1.9, 1.1]), black_box(&cols)))
        })
    });

    // The worst accepted input size: 10,000 characters.
    let long = "x+".repeat(4_999) + "x";
    g.bench_function("parse_compile_10000_chars", |b| {
        b.iter(|| Expr::parse(black_box(&long), black_box(&scope)).map(|e| e.eval(&at)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
