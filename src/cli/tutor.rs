//! `gradtutor` with no subcommand: the tutor in the terminal.

use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(_paths: Vec<PathBuf>, _progress: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the tutor screen is not built yet")
}
