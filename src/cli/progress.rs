//! `gradtutor progress`.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Clear progress (all of it, or of one exercise id) after asking.
    #[arg(long, num_args = 0..=1, value_name = "ID")]
    pub reset: Option<Option<String>>,
}

pub fn run(_args: Args, _progress: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`gradtutor progress` is not built yet")
}
