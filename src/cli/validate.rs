//! `gradtutor validate`: every problem in exercise files, one line each, then a summary.
//! Exit 0 without errors (warnings allowed), 1 with errors, 2 when a path cannot be read.

use gradtutor::validate::{validate_bundled, validate_paths};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Exercise files or directories (every *.toml directly inside; default: the bundled course).
    pub paths: Vec<PathBuf>,
}

/// Exit code when some file has errors.
const EXIT_ERRORS: u8 = 1;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let report = if args.paths.is_empty() {
        validate_bundled()
    } else {
        validate_paths(&args.paths)?
    };
    let mut out = std::io::stdout().lock();
    for d in &report.diagnostics {
        writeln!(out, "{d}")?;
    }
    writeln!(out, "{}", report.summary())?;
    Ok(if report.errors() > 0 {
        ExitCode::from(EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}
