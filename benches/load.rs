//! Loading exercise files: 1,000 exercises must load in under 100 ms. Also what
//! `gradtutor validate` costs on the same files and on the bundled course.
//! Results are recorded in docs/performance.md (section "Loading and validating exercise files").

use criterion::{criterion_group, criterion_main, Criterion};
use gradtutor::exercise::{bundled_sources, load_sources};
use gradtutor::validate::{validate, validate_bundled};
use std::hint::black_box;

#[path = "common/course.rs"]
mod course;
use course::course;

fn load(c: &mut Criterion) {
    let files = course(10, 100);
    let loaded = load_sources(&files);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert_eq!(loaded.course.exercises().count(), 1000);
    let bytes: usize = files.iter().map(|f| f.text.len()).sum();
    println!("1,000 exercises in 10 files, {bytes} bytes");

    c.bench_function("load 1000 exercises (10 files)", |b| {
        b.iter(|| load_sources(black_box(&files)))
    });

    // The same 1,000 exercises in one file: one core does all the work.
    let one = course(1, 1000);
    c.bench_function("load 1000 exercises (one file)", |b| {
        b.iter(|| load_sources(black_box(&one)))
    });

    let bundled = bundled_sources();
    c.bench_function("load the bundled course", |b| {
        b.iter(|| load_sources(black_box(&bundled)))
    });
}

fn validating(c: &mut Criterion) {
    let files = course(10, 100);
    let report = validate(&files);
    assert_eq!(report.errors(), 0, "{}", report);
    let mut g = c.benchmark_group("validate");
    g.sample_size(20);
    g.bench_function("validate 1000 exercises (10 files)", |b| {
        b.iter(|| validate(black_box(&files)))
    });
    g.bench_function("validate the bundled course", |b| b.iter(validate_bundled));
    g.finish();
}

criterion_group!(benches, load, validating);
criterion_main!(benches);
