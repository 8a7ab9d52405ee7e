//! Command-line parsing and dispatch. Each subcommand has its own file.

mod check;
mod grade;
mod progress;
mod step;
mod tutor;
mod validate;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// A terminal tutor for the calculus behind machine-learning optimization.
#[derive(Parser, Debug)]
#[command(name = "gradtutor", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Exercise files or directories to practise (default: the bundled course).
    #[arg(global = false)]
    pub paths: Vec<PathBuf>,

    /// Where progress is kept (default: the platform's data directory; env GRADTUTOR_PROGRESS).
    #[arg(long, global = true, env = "GRADTUTOR_PROGRESS")]
    pub progress: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check exercise files for every mistake, answer keys included.
    Validate(validate::Args),
    /// Check one answer to one exercise.
    Check(check::Args),
    /// Self-grade a whole answers file.
    Grade(grade::Args),
    /// Print the iterations of a worked gradient-descent example.
    Step(step::Args),
    /// Show or reset your progress.
    Progress(progress::Args),
}

/// Exit code for usage errors and files that cannot be read or loaded.
pub const EXIT_USAGE: u8 = 2;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Some(Command::Validate(args)) => validate::run(args),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Grade(args)) => grade::run(args),
        Some(Command::Step(args)) => step::run(args),
        Some(Command::Progress(args)) => progress::run(args, cli.progress),
        None => tutor::run(cli.paths, cli.progress),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gradtutor: {e:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
