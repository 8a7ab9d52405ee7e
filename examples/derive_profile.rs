//! A fixed amount of symbolic differentiation to count instructions with callgrind, which
//! counts the same on a busy machine as on a quiet one (docs/performance.md):
//!
//! ```sh
//! cargo build --release --example derive_profile
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/derive.out \
//!     target/release/examples/derive_profile "e^(2x)*cos(x)" x 1000
//! ```
//!
//! Arguments: the function, its variables (comma-separated; the first is differentiated by),
//! how many derivations with steps to run. Prints the derivative once.

use gradtutor::math::symbolic::Function;
use gradtutor::math::Scope;
use std::hint::black_box;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [src, vars, n] = args.as_slice() else {
        eprintln!("usage: derive_profile FUNCTION VARS N");
        return ExitCode::from(2);
    };
    let vars: Vec<&str> = vars.split(',').collect();
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("N must be a whole number");
        return ExitCode::from(2);
    };
    let Ok(f) = Function::parse(src, &Scope::new(&vars)) else {
        eprintln!("cannot read {src}");
        return ExitCode::from(2);
    };
    let mut last = None;
    for _ in 0..n {
        last = Some(black_box(&f).derive(black_box(&[0])));
    }
    match last {
        Some(Ok(d)) => println!("{} ({} steps)", d.derivative, d.steps.len()),
        Some(Err(e)) => println!("{e}"),
        None => {}
    }
    ExitCode::SUCCESS
}
