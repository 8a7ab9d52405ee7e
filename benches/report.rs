//! The class report on a generated class: 500 students × 100 answers to the bundled course
//! (a realistic mix of right, wrong and unreadable answers, each typed in several ways), read
//! from disk, graded, grouped. Target (issue 12): under 5 s on the 2-core machine.
//!
//! The class is written to `target/bench-class/` (500 files) and left there, so that the real
//! binary can be measured on it too (time and peak memory, docs/performance.md):
//! `/usr/bin/time -v target/release/gradtutor report --format json --out /dev/null target/bench-class`

use criterion::{criterion_group, criterion_main, Criterion};
use gradtutor::exercise::{load_bundled, Answer, Exercise, TableEntry};
use gradtutor::math::sample::SplitMix64;
use gradtutor::report;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

const STUDENTS: usize = 500;
const ANSWERS: usize = 100;

/// How a student writes a cell: right in one of several spellings, or one of a few common
/// mistakes (most students who are wrong make one of two), or unreadable.
fn cell(c: &str, how: u64) -> String {
    match how {
        0..=21 => c.to_string(),
        22..=31 => format!("({c})"),
        32..=41 => c.replace(' ', ""),
        42..=49 => format!("1*({c}) + 0"),
        50..=54 => format!("{c} "),
        // The common mistakes: a factor, a sign, something added.
        55..=69 => format!("2*({c})"),
        70..=81 => format!("-({c})"),
        82..=88 => format!("({c}) + 1"),
        89..=92 => format!("2 * ( {c} )"),
        // Unreadable.
        _ => format!("({c}"),
    }
}

/// Every cell of `answer` written by `cell` with the same choice.
fn typed(answer: &Answer, how: u64) -> toml::Value {
    let s = |c: &String| toml::Value::String(cell(c, how));
    match answer {
        Answer::Scalar(c) => s(c),
        Answer::Vector(v) => toml::Value::Array(v.iter().map(s).collect()),
        Answer::Matrix(m) => toml::Value::Array(
            m.iter()
                .map(|r| toml::Value::Array(r.iter().map(s).collect()))
                .collect(),
        ),
        Answer::Table(entries) => toml::Value::Table(
            entries
                .iter()
                .map(|(name, e)| {
                    let v = match e {
                        TableEntry::Column(c) => toml::Value::Array(c.iter().map(s).collect()),
                        TableEntry::Total(t) => s(t),
                    };
                    (name.clone(), v)
                })
                .collect(),
        ),
    }
}

/// Writes the class to `dir` (once: an existing class is kept) and returns the files' folder.
fn class(dir: &Path, exercises: &[&Exercise]) -> PathBuf {
    if dir
        .join(format!("student-{:03}.toml", STUDENTS - 1))
        .exists()
    {
        return dir.to_path_buf();
    }
    std::fs::create_dir_all(dir).expect("create the class folder");
    // A deterministic generator, so that every run grades the same class.
    let mut rng = SplitMix64::new(20261203);
    for s in 0..STUDENTS {
        let mut file = toml::Table::new();
        file.insert("student".into(), format!("student-{s:03}").into());
        // A student is good or weak: the chance of a mistake differs per student.
        let skill = rng.next_u64() % 40;
        for ex in exercises {
            let Some(key) = &ex.answer else { continue };
            let how = (rng.next_u64() % 100 + skill).saturating_sub(20).min(99);
            file.insert(ex.id.clone(), typed(key, how));
        }
        let text = toml::to_string(&file).expect("an answers file");
        std::fs::write(dir.join(format!("student-{s:03}.toml")), text).expect("write");
    }
    dir.to_path_buf()
}

fn bench(c: &mut Criterion) {
    let loaded = load_bundled();
    let exercises: Vec<&Exercise> = loaded
        .course
        .exercises()
        .filter(|e| e.answer.is_some())
        .take(ANSWERS)
        .collect();
    assert_eq!(
        exercises.len(),
        ANSWERS,
        "the bundled course has 100 answer keys"
    );
    let dir = class(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-class"),
        &exercises,
    );
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("500 students × 100 answers: read, grade, group", |b| {
        b.iter(|| {
            let (subs, skipped) = report::read_submissions(std::slice::from_ref(&dir));
            let r = report::build(&loaded.course, subs, skipped);
            black_box(report::json(&r).len())
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
