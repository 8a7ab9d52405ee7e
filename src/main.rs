//! The `gradtutor` binary: the command line only. Everything it does lives in the library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
