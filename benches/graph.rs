//! Computational-graph speed: building the graph of a 200-node expression (a small neural
//! network's squared loss, one hidden layer of sigmoids) and running it forward and backward.
//! Target: under 100 µs for build + forward + backward.
//!
//! `cargo bench --bench graph`

use criterion::{criterion_group, criterion_main, Criterion};
use gradtutor::math::graph::Graph;
use gradtutor::math::{Expr, Scope};
use std::hint::black_box;

/// (Σₖ cₖ·σ(aₖ·x + bₖ·y + dₖ) − 1)² with `units` hidden units and distinct weights:
/// 11 nodes per unit (4 constants, 2 products, 2 sums, σ, the weighted term and its sum).
fn network(units: u32) -> String {
    let terms: Vec<String> = (1..=units)
        .map(|k| {
            let k = f64::from(k);
            format!(
                "{}*sigmoid({}*x + {}*y - {})",
                0.5 + k / 100.0,
                1.0 + k / 10.0,
                2.0 - k / 20.0,
                k / 7.0
            )
        })
        .collect();
    format!("({} - 1)^2", terms.join(" + "))
}

fn bench(c: &mut Criterion) {
    let scope = Scope::new(&["x", "y"]);
    let src = network(19);
    let Ok(expr) = Expr::parse(&src, &scope) else {
        panic!("the network must parse");
    };
    let Ok(graph) = Graph::new(&expr) else {
        panic!("the network must have a graph");
    };
    eprintln!("graph of {} nodes, {} characters", graph.len(), src.len());
    let at = [0.3, -0.7];

    let mut g = c.benchmark_group("graph");
    g.bench_function("build_forward_backward_200_nodes", |b| {
        b.iter(|| {
            let graph = Graph::new(black_box(&expr)).ok()?;
            graph.gradient(black_box(&at)).ok().map(|(grad, _, _)| grad)
        })
    });
    g.bench_function("build_200_nodes", |b| {
        b.iter(|| Graph::new(black_box(&expr)))
    });
    g.bench_function("forward_backward_200_nodes", |b| {
        b.iter(|| black_box(&graph).gradient(black_box(&at)))
    });
    g.bench_function("parse_build_forward_backward_200_nodes", |b| {
        b.iter(|| {
            let e = Expr::parse(black_box(&src), &scope).ok()?;
            let graph = Graph::new(&e).ok()?;
            graph.gradient(black_box(&at)).ok().map(|(grad, _, _)| grad)
        })
    });
    g.bench_function("node_expressions_200_nodes", |b| {
        b.iter(|| black_box(&graph).exprs())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
