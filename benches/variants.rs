//! Randomised exercises: drawing a variant (reading the exercise again with its values, every
//! template rendered) and preparing its checker; validating a file of randomised exercises, and
//! the whole bundled course with all its variants.

use criterion::{criterion_group, criterion_main, Criterion};
use gradtutor::check::Checker;
use gradtutor::exercise::load_str;
use std::hint::black_box;

/// The issue's own example, as the tests read it.
const DRAWN: &str = include_str!("../tests/fixtures/variants/power-rule-drawn.toml");

fn bench(c: &mut Criterion) {
    let (set, _) = load_str("drawn.toml", DRAWN);
    let Some(set) = set else { return };
    let ex = &set.exercises[0];
    let mut n = 1u32;
    c.bench_function("variant: draw and prepare the checker", |b| {
        b.iter(|| {
            n = n % 1000 + 1;
            let v = ex.variant(black_box(n)).ok();
            black_box(v.and_then(|v| Checker::new(&v).ok()))
        })
    });
    let file = [gradtutor::exercise::SourceFile {
        name: "drawn.toml".into(),
        text: DRAWN.to_string(),
    }];
    c.bench_function("variant: validate every variant of one exercise", |b| {
        b.iter(|| black_box(gradtutor::validate::validate(black_box(&file))))
    });
    // The whole bundled course as `gradtutor validate` checks it: every fixed exercise, and
    // every checked variant of each randomised one (all of them up to 10,000 combinations).
    let bundled = gradtutor::exercise::bundled_sources();
    c.bench_function(
        "variant: validate the bundled course, every checked variant",
        |b| b.iter(|| black_box(gradtutor::validate::validate(black_box(&bundled)))),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
