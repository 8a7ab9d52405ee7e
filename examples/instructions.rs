//! Instruction counts of issue 14's evaluation targets, independent of the machine's load:
//! each operation of `benches/answer_language.rs` and `benches/check.rs` repeated a fixed
//! number of times, to be run under callgrind (docs/performance.md):
//!
//! ```sh
//! cargo build --release --example instructions
//! valgrind --tool=callgrind target/release/examples/instructions eval 100000
//! valgrind --tool=callgrind target/release/examples/instructions setup 100000
//! ```
//!
//! Subtract the `setup` run's count (the same set-up, no repetitions' work) from an operation's
//! and divide by the repetitions: instructions per operation. Operations: `eval` (the typical
//! answer at one point), `batch` (at 32 points in one batch), `check` (a prepared
//! first-derivative check), `prepare` (preparing a first-derivative checker), `parse` (parsing
//! the typical answer and evaluating it once, which compiles it), `load` (loading the load
//! bench's 1,000 exercises in 10 files and dropping what was loaded, as `benches/load.rs`
//! measures it), `setup`.

use gradtutor::check::Checker;
use gradtutor::exercise::{load_sources, load_str, Answer, Exercise};
use gradtutor::math::{Expr, Scope};
use std::hint::black_box;
use std::process::ExitCode;

#[path = "../benches/common/course.rs"]
mod course;

const TYPICAL: &str = "3x²e^(2y) + sin x cos y − σ(xy)/2";

fn exercise() -> Option<Exercise> {
    let text = "title = \"bench\"\n[[exercise]]\nprompt = \"?\"\nid = \"poly\"\nkind = \"derivative\"\nfunction = \"3x^4 - 5x^2 + 2x\"\nvar = \"x\"\n";
    load_str("bench.toml", text).0?.exercises.into_iter().next()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(op), Some(Ok(n))) = (args.get(1), args.get(2).map(|s| s.parse::<usize>())) else {
        eprintln!("usage: instructions eval|batch|check|prepare|parse|load|setup REPETITIONS");
        return ExitCode::from(2);
    };
    let xy = Scope::new(&["x", "y"]);
    let Ok(e) = Expr::parse(TYPICAL, &xy) else {
        return ExitCode::FAILURE;
    };
    let Some(poly) = exercise() else {
        return ExitCode::FAILURE;
    };
    let Ok(checker) = Checker::new(&poly) else {
        return ExitCode::FAILURE;
    };
    let right = Answer::Scalar("12x^3 - 10x + 2".to_string());
    let xs: Vec<f64> = (0..32).map(|i| -3.0 + 0.19 * f64::from(i)).collect();
    let ys: Vec<f64> = (0..32).map(|i| 2.5 - 0.13 * f64::from(i)).collect();
    let mut out = vec![0.0; 32];
    let files = course::course(10, 100);
    let mut sink = 0.0;
    for _ in 0..n {
        match op.as_str() {
            "eval" => sink += e.eval(black_box(&[0.7, -0.3])),
            "batch" => {
                e.eval_batch(black_box(&[&xs, &ys]), black_box(&mut out));
                sink += out[31];
            }
            "check" => sink += f64::from(u8::from(checker.check(black_box(&right)).is_correct())),
            "prepare" => sink += f64::from(u8::from(Checker::new(black_box(&poly)).is_ok())),
            "parse" => {
                // the first evaluation compiles the program (Expr::parse leaves it for then)
                let e = Expr::parse(black_box(TYPICAL), black_box(&xy));
                sink += e.map_or(0.0, |e| e.eval(black_box(&[0.7, -0.3])));
            }
            "load" => {
                let loaded = load_sources(black_box(&files));
                sink += loaded.course.exercises().count() as f64;
            }
            "setup" => sink += black_box(0.0),
            _ => {
                eprintln!("unknown operation {op}");
                return ExitCode::from(2);
            }
        }
    }
    println!("{op} × {n}: {sink}");
    ExitCode::SUCCESS
}
