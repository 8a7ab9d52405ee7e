//! Symbolic differentiation speed: a typical course function derived and simplified with every
//! step (the sentences included), the same without steps, parsing included end to end, and a
//! 200-node expression.
//!
//! `cargo bench --bench derive`

use criterion::{criterion_group, criterion_main, Criterion};
use gradtutor::math::symbolic::Function;
use gradtutor::math::Scope;
use std::hint::black_box;

/// The lecture's product-and-chain example.
const TYPICAL: &str = "e^(2x)*cos(x)";

/// The logistic loss of one example in w (chain through σ and ln, sums, products).
const LOG_LOSS: &str = "-(y*ln(sigmoid(w*x + b)) + (1 - y)*ln(1 - sigmoid(w*x + b)))";

/// About 200 nodes: powers, quotients, chains and products of x and y.
fn big() -> String {
    (1..=8)
        .map(|k| format!("{k}x^{k}*sin(x/{k} + y) - e^({k}y)/(1 + x^2)"))
        .collect::<Vec<_>>()
        .join(" + ")
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("derive");
    let x = Scope::new(&["x"]);
    let Ok(typical) = Function::parse(TYPICAL, &x) else {
        panic!("the typical function must parse");
    };
    g.bench_function("typical_with_steps", |b| {
        b.iter(|| black_box(&typical).derive(black_box(&[0])))
    });
    g.bench_function("typical_without_steps", |b| {
        b.iter(|| black_box(&typical).derivative(black_box(&[0])))
    });
    g.bench_function("typical_parse_and_derive_with_steps", |b| {
        b.iter(|| Function::parse(black_box(TYPICAL), &x).map(|f| f.derive(&[0])))
    });
    g.bench_function("typical_second_derivative_with_steps", |b| {
        b.iter(|| black_box(&typical).derive(black_box(&[0, 0])))
    });

    // the other lecture functions of the tidy-output table, with their steps
    for (name, src, vars) in [
        ("polynomial_with_steps", "3x^4 - 5x^2 + 2x", &["x"][..]),
        ("sigmoid_with_steps", "sigmoid(x)", &["x"]),
        (
            "rosenbrock_dx_with_steps",
            "(1 - x)^2 + 100(y - x^2)^2",
            &["x", "y"],
        ),
        ("ln_n_over_n_with_steps", "ln(n)/n", &["n"]),
    ] {
        let Ok(f) = Function::parse(src, &Scope::new(vars)) else {
            panic!("{src} must parse");
        };
        g.bench_function(name, |b| b.iter(|| black_box(&f).derive(black_box(&[0]))));
    }

    let loss_scope = Scope::new(&["w", "b", "x", "y"]);
    let Ok(loss) = Function::parse(LOG_LOSS, &loss_scope) else {
        panic!("the log loss must parse");
    };
    g.bench_function("log_loss_with_steps", |b| {
        b.iter(|| black_box(&loss).derive(black_box(&[0])))
    });

    let xy = Scope::new(&["x", "y"]);
    let src = big();
    let Ok(big) = Function::parse(&src, &xy) else {
        panic!("the 200-node expression must parse");
    };
    assert!((180..=230).contains(&big.size()), "{} nodes", big.size());
    g.bench_function("200_nodes_with_steps", |b| {
        b.iter(|| black_box(&big).derive(black_box(&[0])))
    });
    g.bench_function("200_nodes_without_steps", |b| {
        b.iter(|| black_box(&big).derivative(black_box(&[0])))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
