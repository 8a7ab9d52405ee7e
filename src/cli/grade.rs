//! `gradtutor grade`.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Exercise files or directories (default: the bundled course).
    pub paths: Vec<PathBuf>,
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`gradtutor grade` is not built yet")
}
