//! Instruction counts for preparing the wrong derivatives of an exercise (issue 16), for
//! callgrind, whose counts do not depend on the machine's load (docs/performance.md):
//!
//! ```sh
//! cargo build --release --example mistakes_profile
//! valgrind --tool=callgrind target/release/examples/mistakes_profile 10
//! valgrind --tool=callgrind target/release/examples/mistakes_profile 20
//! ```
//!
//! The difference of the two totals, divided by 10, is one preparation: the wrong derivatives
//! of the second derivative of e^(2x)·cos x (or of `FUNCTION ORDER` given after the count)
//! generated and evaluated at 32 points, as `benches/mistakes.rs` times it.

use gradtutor::math::symbolic::{infer_scope, Function};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10);
    let f = args.get(2).map_or("e^(2x)*cos(x)", String::as_str);
    let by: &[usize] = if args.get(3).map(String::as_str) == Some("1") {
        &[0]
    } else {
        &[0, 0]
    };
    let points: Vec<Vec<f64>> = (0..32)
        .map(|k| vec![0.2 + 2.8 * (k as f64 + 0.5) / 32.0])
        .collect();
    let parsed = infer_scope(f, Some("x")).map(|s| Function::parse(f, &s));
    let Ok(Ok(function)) = parsed else {
        eprintln!("{f} does not parse");
        return ExitCode::from(2);
    };
    let mut rows = 0;
    for _ in 0..runs {
        match function.mistakes(by) {
            Ok(m) => rows = m.values_at(&points, &[]).len(),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(1);
            }
        }
    }
    println!("{rows} wrong derivatives, prepared {runs} times");
    ExitCode::SUCCESS
}
