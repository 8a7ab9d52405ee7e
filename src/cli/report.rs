//! `gradtutor report [--course PATH]... [--format text|markdown|csv|json] [--out FILE]
//! SUBMISSION...`: the class report (issue 12). Exit 0 when a report was written, 2 when no
//! submission could be read or on usage errors.

use super::check::load;
use anyhow::Context;
use gradtutor::report::{self, Format};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Exercise files or directories of the course (repeatable; default: the bundled course).
    #[arg(long = "course", value_name = "PATH")]
    pub course: Vec<PathBuf>,

    /// How to write the report.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,

    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Answers files (one student each, as `grade --answers` reads them) or directories of them.
    #[arg(value_name = "SUBMISSION", required = true)]
    pub submissions: Vec<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum FormatArg {
    /// Aligned tables with bars, for the terminal.
    Text,
    /// To paste into session notes.
    Markdown,
    /// One row per student × exercise, for a spreadsheet.
    Csv,
    /// For scripts.
    Json,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let loaded = load(&args.course)?;
    let (submissions, skipped) = report::read_submissions(&args.submissions);
    let report = report::build(&loaded.course, submissions, skipped);
    for s in &report.skipped {
        eprintln!("warning: skipped {}", s.error);
    }
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    if report.students.is_empty() {
        anyhow::bail!(
            "no submission could be read ({} given); no report written",
            args.submissions.len()
        );
    }
    let written = Format::from(args.format).write(&report);
    match &args.out {
        Some(path) => std::fs::write(path, written)
            .with_context(|| format!("writing the report to {}", path.display()))?,
        None => std::io::stdout().lock().write_all(written.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
