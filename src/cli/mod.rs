//! Command-line parsing and dispatch. Each subcommand has its own file.

mod check;
mod derive;
mod grade;
mod graph;
mod progress;
mod report;
mod show;
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
    /// The class report: what a class got wrong, grouped by what the answers mean.
    Report(report::Args),
    /// Print the iterations of a worked gradient-descent example.
    Step(step::Args),
    /// Show or reset your progress.
    Progress(progress::Args),
    /// Differentiate a function symbolically, showing every rule.
    Derive(derive::Args),
    /// Show the computational graph of a function, forward values and backward pass.
    Graph(graph::Args),
    /// Show an exercise as a student sees it (one variant of a randomised one).
    Show(show::Args),
}

/// Lets the line-oriented commands end as Unix tools do when their reader goes away
/// (`gradtutor check … | head -1`): killed quietly by SIGPIPE, which the shell reports as 141.
///
/// Rust ignores SIGPIPE before `main`, so a write to a closed pipe fails with `BrokenPipe`
/// instead, and `println!` turns that into a panic. Restoring the default action covers every
/// write on every path (stdout and stderr, `println!` and `writeln!`, ours and clap's) at once,
/// where wrapping each write would have to be remembered at every new one. The tutor is left
/// as it is: it writes to a terminal, not a pipe, and handles its own write errors so that it
/// can restore the terminal and save progress. Elsewhere than Unix there is no SIGPIPE; a closed
/// pipe still ends the command with an error there.
fn exit_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: `signal` with `SIG_DFL` installs no Rust code as a handler, and it runs on the
    // main thread before the command starts any other.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
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
    if cli.command.is_some() {
        exit_quietly_on_closed_pipe();
    }
    let result = match cli.command {
        Some(Command::Validate(args)) => validate::run(args),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Grade(args)) => grade::run(args),
        Some(Command::Report(args)) => report::run(args),
        Some(Command::Step(args)) => step::run(args),
        Some(Command::Progress(args)) => progress::run(args, cli.progress),
        Some(Command::Derive(args)) => derive::run(args),
        Some(Command::Graph(args)) => graph::run(args),
        Some(Command::Show(args)) => show::run(args),
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
