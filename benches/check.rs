//! Checker benchmarks: one answer of each main kind against a prepared `Checker` (parsing the
//! answer included), preparing a checker, and grading a 1,000-answer file end to end.
//!
//! Run: `cargo bench --bench check`. Targets: a first-derivative check under 50 µs median,
//! the 1,000-answer grade under 100 ms.

use criterion::{criterion_group, criterion_main, Criterion};
use gradtutor::check::{Checker, Status};
use gradtutor::exercise::{load_str, Answer, Course, Exercise, TableEntry};
use gradtutor::grade;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::hint::black_box;

fn exercise(body: &str) -> Exercise {
    let text = format!("title = \"bench\"\n[[exercise]]\nprompt = \"?\"\n{body}\n");
    let (set, diags) = load_str("bench.toml", &text);
    let set = set.unwrap_or_else(|| panic!("bench exercise does not load: {diags:?}"));
    set.exercises.into_iter().next().expect("one exercise")
}

fn scalar(s: &str) -> Answer {
    Answer::Scalar(s.to_string())
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn prepared(ex: &Exercise) -> Checker {
    Checker::new(ex).expect("the bench exercise can be checked")
}

fn single_checks(c: &mut Criterion) {
    let poly = exercise(
        r#"id = "poly"
kind = "derivative"
function = "3x^4 - 5x^2 + 2x"
var = "x""#,
    );
    let checker = prepared(&poly);
    let right = scalar("12x^3 - 10x + 2");
    assert_eq!(checker.check(&right).status, Status::Correct);
    c.bench_function("check/first derivative, parse + 32 points", |b| {
        b.iter(|| checker.check(black_box(&right)))
    });
    let wrong = scalar("12x^3 - 10x");
    assert_eq!(checker.check(&wrong).status, Status::Incorrect);
    c.bench_function("check/first derivative, wrong answer with diagnosis", |b| {
        b.iter(|| checker.check(black_box(&wrong)))
    });
    c.bench_function("check/prepare a first-derivative checker", |b| {
        b.iter(|| Checker::new(black_box(&poly)))
    });

    let rosen = exercise(
        r#"id = "rosenbrock"
kind = "gradient"
function = "(1 - x)^2 + 100(y - x^2)^2"
vars = ["x", "y"]"#,
    );
    let checker = prepared(&rosen);
    let grad = Answer::Vector(strings(&["-2(1 - x) - 400x(y - x^2)", "200(y - x^2)"]));
    assert_eq!(checker.check(&grad).status, Status::Correct);
    c.bench_function("check/gradient of the Rosenbrock function", |b| {
        b.iter(|| checker.check(black_box(&grad)))
    });

    let jac = exercise(
        r#"id = "jacobian"
kind = "jacobian"
functions = ["x^2 y", "5x + sin(y)"]
vars = ["x", "y"]"#,
    );
    let checker = prepared(&jac);
    let m = Answer::Matrix(vec![strings(&["2xy", "x^2"]), strings(&["5", "cos(y)"])]);
    assert_eq!(checker.check(&m).status, Status::Correct);
    c.bench_function("check/2x2 Jacobian", |b| {
        b.iter(|| checker.check(black_box(&m)))
    });

    let table = exercise(
        r#"id = "likelihood"
kind = "table"
params = { w = 0.5, b = -4 }
data = { x = [8, 15, 19, 24, 27, 31, 35, 40], y = [0, 0, 0, 0, 1, 1, 1, 1] }
columns = [
  { name = "z", formula = "w*x + b" },
  { name = "a", formula = "sigmoid(z)" },
  { name = "p", formula = "a^y*(1 - a)^(1 - y)" },
]
totals = [
  { name = "L", formula = "prod(p)" },
  { name = "cost", formula = "-log10(prod(p))/8" },
]"#,
    );
    let checker = prepared(&table);
    let col = |v: &[&str]| TableEntry::Column(strings(v));
    let answer = Answer::Table(vec![
        (
            "z".into(),
            col(&["0", "3.5", "5.5", "8", "9.5", "11.5", "13.5", "16"]),
        ),
        (
            "a".into(),
            col(&[
                "0.5", "0.97069", "0.99593", "0.99966", "0.99993", "0.99999", "1", "1",
            ]),
        ),
        (
            "p".into(),
            col(&[
                "0.5",
                "0.029312",
                "0.0040701",
                "0.00033535",
                "0.99993",
                "0.99999",
                "1",
                "1",
            ]),
        ),
        ("L".into(), TableEntry::Total("2.0003e-8".into())),
        ("cost".into(), TableEntry::Total("0.96236".into())),
    ]);
    assert_eq!(checker.check(&answer).status, Status::Correct);
    c.bench_function("check/8-row likelihood table", |b| {
        b.iter(|| checker.check(black_box(&answer)))
    });
}

/// A course of 1,000 exercises in about the bundled course's proportions of kinds, and a file
/// answering every one of them correctly (in a student's style).
fn big_course() -> (Course, String) {
    let mut toml = String::from("title = \"a thousand exercises\"\n[defaults]\ndomain = [-3, 3]\n");
    let mut answers = String::new();
    for i in 0..1000 {
        let a = 1 + i % 7;
        let b = 2 + i % 5;
        let id = format!("ex-{i:04}");
        let (body, answer) = match i % 100 {
            0..=29 => (
                format!(
                    "kind = \"derivative\"\nfunction = \"{a}x^3 + {b}sin(x) - x\"\nvar = \"x\""
                ),
                format!("\"{}x^2 + {b}cos(x) - 1\"", 3 * a),
            ),
            30..=36 => (
                format!(
                    "kind = \"derivative\"\nfunction = \"exp({a}x/10)\"\nvar = \"x\"\nat = {{ x = 0.5 }}"
                ),
                format!("\"{a}*exp({a}/20)/10\""),
            ),
            37..=45 => (
                format!(
                    "kind = \"gradient\"\nfunction = \"{a}x^2 y + {b}y\"\nvars = [\"x\", \"y\"]"
                ),
                format!("[\"{}xy\", \"{a}x^2 + {b}\"]", 2 * a),
            ),
            46..=48 => (
                format!(
                    "kind = \"jacobian\"\nfunctions = [\"x^2 y\", \"{a}x + sin(y)\"]\nvars = [\"x\", \"y\"]"
                ),
                format!("[[\"2xy\", \"x^2\"], [\"{a}\", \"cos(y)\"]]"),
            ),
            49..=51 => (
                format!(
                    "kind = \"directional\"\nfunction = \"x^2 + {a}y^2\"\nvars = [\"x\", \"y\"]\ndirection = [\"3/5\", \"4/5\"]"
                ),
                format!("\"6x/5 + {}y/5\"", 8 * a),
            ),
            52..=84 => (
                format!("kind = \"value\"\nvalue = \"{a}*cos({b}) + sqrt({a})\""),
                format!("\"{a}cos({b}) + sqrt({a})\""),
            ),
            85..=92 => (
                format!(
                    "kind = \"extremum\"\nfunction = \"(x - {a}/10)^2 + {b}\"\nvars = [\"x\"]\ngoal = \"min\""
                ),
                format!("\"{a}/10\""),
            ),
            93..=96 => (
                format!(
                    "kind = \"limit\"\nfunction = \"-x*y/(x^2 + y^2)\"\nvars = [\"x\", \"y\"]\nalong = [\"t\", \"{a}t\"]\nt0 = 0"
                ),
                format!("\"-{a}/(1 + {})\"", a * a),
            ),
            _ => (
                format!(
                    "kind = \"table\"\nparams = {{ w = 0.5, b = -{b} }}\ndata = {{ x = [8, 15, 19, 24, 27, 31, 35, 40], y = [0, 0, 0, 0, 1, 1, 1, 1] }}\ncolumns = [{{ name = \"z\", formula = \"w*x + b\" }}, {{ name = \"a\", formula = \"sigmoid(z)\" }}]\ntotals = [{{ name = \"s\", formula = \"sum(a)\" }}]"
                ),
                {
                    let xs = [8.0, 15.0, 19.0, 24.0, 27.0, 31.0, 35.0, 40.0];
                    let z: Vec<f64> = xs.iter().map(|x| 0.5 * x - b as f64).collect();
                    let act: Vec<f64> = z.iter().map(|z| 1.0 / (1.0 + (-z).exp())).collect();
                    let list = |v: &[f64]| {
                        v.iter().map(|x| format!("{x:.6}")).collect::<Vec<_>>().join(", ")
                    };
                    format!(
                        "{{ z = [{}], a = [{}], s = {:.6} }}",
                        list(&z),
                        list(&act),
                        act.iter().sum::<f64>()
                    )
                },
            ),
        };
        let _ = writeln!(
            toml,
            "\n[[exercise]]\nid = \"{id}\"\nprompt = \"?\"\n{body}"
        );
        let _ = writeln!(answers, "{id} = {answer}");
    }
    // `GRADTUTOR_BENCH_COURSE=dir cargo bench --bench check` also writes the course and its
    // answers to `dir/big.toml` and `dir/answers.toml`, to time the whole `gradtutor grade`
    // process on them (docs/performance.md).
    if let Some(dir) = std::env::var_os("GRADTUTOR_BENCH_COURSE") {
        let dir = std::path::PathBuf::from(dir);
        for (name, text) in [("big.toml", &toml), ("answers.toml", &answers)] {
            if let Err(e) = std::fs::write(dir.join(name), text) {
                panic!("cannot write {name} into {}: {e}", dir.display());
            }
        }
    }
    let (set, diags) = load_str("big.toml", &toml);
    let set = set.unwrap_or_else(|| panic!("the big course does not load: {diags:?}"));
    (Course { sets: vec![set] }, answers)
}

fn grade_thousand(c: &mut Criterion) {
    let (course, answers) = big_course();
    let parsed = grade::parse_answers(&answers, "answers.toml").expect("answers parse");
    let report = grade::grade(&course, &parsed);
    assert_eq!(report.summary.total, 1000);
    assert!(
        report.all_correct(),
        "{:?}",
        report
            .results
            .iter()
            .find(|r| r.verdict != grade::GradeVerdict::Correct)
    );
    let mut group = c.benchmark_group("grade");
    group.sample_size(20);
    group.bench_function("parse the 1,000-answer file only", |b| {
        b.iter(|| grade::parse_answers(black_box(&answers), "answers.toml"))
    });
    // The answers are in the course's order (ids ex-0000 to ex-0999 sort the same way).
    let one_thread = || {
        course
            .exercises()
            .zip(&parsed)
            .filter(|(ex, entry)| {
                let Ok(answer) = &entry.answer else {
                    return false;
                };
                ex.id == entry.id && Checker::new(ex).is_ok_and(|c| c.check(answer).is_correct())
            })
            .count()
    };
    assert_eq!(one_thread(), 1000);
    group.bench_function(
        "prepare and check 1,000 parsed answers on one thread",
        |b| b.iter(one_thread),
    );
    group.bench_function(
        "1,000 answers (parse the file, prepare and check each)",
        |b| {
            b.iter(|| {
                let parsed = grade::parse_answers(black_box(&answers), "answers.toml")
                    .expect("answers parse");
                grade::grade(black_box(&course), &parsed)
            })
        },
    );
    group.finish();
}

/// A class's 1,000 answers to a randomised exercise, naming its first 10 variants in turn:
/// graded as `grade` and the class report grade them, each variant validated once per run (one
/// `grade::Variants` for the run) or, as before, once per answer (a new one for every answer).
/// The checkers are kept per variant as the class report keeps them, so the difference between
/// the two is the validation alone.
fn grade_variants(c: &mut Criterion) {
    let ex = exercise(
        r#"id = "drawn"
kind = "derivative"
params = { a = { int = [2, 9] }, n = { int = [3, 6] } }
function = "a*x^n"
var = "x""#,
    );
    let entries: Vec<grade::AnswerEntry> = (0..1000u32)
        .map(|k| grade::AnswerEntry {
            id: "drawn".into(),
            answer: Ok(scalar("2x^2")),
            variant: Some(1 + k % 10),
        })
        .collect();
    let checkers: RefCell<HashMap<Option<u32>, Checker>> = RefCell::new(HashMap::new());
    let check = |answered: &Exercise, answer: &Answer| {
        let mut cache = checkers.borrow_mut();
        cache
            .entry(answered.variant_number())
            .or_insert_with(|| prepared(answered))
            .check(answer)
    };
    let graded = |fresh: bool| {
        let run = grade::Variants::default();
        entries
            .iter()
            .filter(|e| {
                let own = grade::Variants::default();
                let variants = if fresh { &own } else { &run };
                let r = grade::grade_entry(&ex, Some(e), None, &check, variants);
                r.verdict != grade::GradeVerdict::Invalid
            })
            .count()
    };
    assert_eq!(graded(false), 1000);
    assert_eq!(graded(true), 1000);
    let mut group = c.benchmark_group("grade");
    group.sample_size(10);
    group.bench_function(
        "1,000 answers to 10 variants, each variant validated once",
        |b| b.iter(|| graded(false)),
    );
    group.bench_function(
        "1,000 answers to 10 variants, every answer's variant validated (before)",
        |b| b.iter(|| graded(true)),
    );
    group.finish();
}

criterion_group!(benches, single_checks, grade_thousand, grade_variants);
criterion_main!(benches);
