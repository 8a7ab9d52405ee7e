//! `gradtutor progress`: a summary per set; `--reset [ID]` clears progress after asking.

use super::tutor::{load_course, progress_path};
use anyhow::Context;
use gradtutor::progress::Store;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Clear progress (all of it, or of one exercise id) after asking.
    #[arg(long, num_args = 0..=1, value_name = "ID")]
    pub reset: Option<Option<String>>,

    /// Do not ask before resetting (needed when standard input is not a terminal).
    #[arg(long, requires = "reset")]
    pub yes: bool,

    /// Write your latest answer to every attempted exercise, with its variant and your student
    /// key, as an answers file that `gradtutor grade --answers FILE` reads.
    #[arg(long, value_name = "FILE", conflicts_with = "reset")]
    pub export: Option<PathBuf>,

    /// Set the student key your variants are drawn from (kept in the progress file).
    #[arg(long, value_name = "NAME", conflicts_with = "reset")]
    pub student: Option<String>,

    /// Exercise files or directories the summary is about (default: the bundled course).
    pub paths: Vec<PathBuf>,
}

pub fn run(args: Args, progress: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let path = progress_path(progress)?;
    if args.export.is_some() || args.student.is_some() {
        return export(&path, args.export.as_deref(), args.student);
    }
    match args.reset {
        Some(id) => reset(&path, id, args.yes),
        None => summary(&path, &args.paths),
    }
}

/// `--export FILE` (and `--student NAME`): the answers file of the latest answers.
fn export(
    path: &std::path::Path,
    file: Option<&std::path::Path>,
    student: Option<String>,
) -> anyhow::Result<ExitCode> {
    let opened = Store::open(path);
    if let Some(n) = &opened.notice {
        eprintln!("{n}");
    }
    let mut store = opened.store;
    let before = store.progress.student.clone();
    if let Some(s) = student {
        store.progress.student = Some(s);
    }
    let key = store.progress.student_key();
    if store.progress.student != before && !store.is_read_only() {
        store
            .save()
            .with_context(|| format!("saving {}", path.display()))?;
    }
    let Some(file) = file else {
        println!("Student key: {key}");
        return Ok(ExitCode::SUCCESS);
    };
    let text = gradtutor::progress::export_answers(&store.progress, &key)
        .context("writing the answers")?;
    std::fs::write(file, text).with_context(|| format!("writing {}", file.display()))?;
    let n = store
        .progress
        .exercises
        .values()
        .filter(|r| r.latest_answer().is_some())
        .count();
    eprintln!(
        "Wrote {n} answer(s) as student {key} to {}; grade them with: gradtutor grade --answers {}",
        file.display(),
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn summary(path: &std::path::Path, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let loaded = load_course(paths)?;
    let opened = Store::open(path);
    if let Some(n) = &opened.notice {
        eprintln!("{n}");
    }
    let p = &opened.store.progress;
    println!("Progress in {}", path.display());
    let sums = p.summary(&loaded.course);
    let tw = sums
        .iter()
        .map(|s| s.title.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    println!(
        "{:<tw$}  {:>6}  {:>9}  {:>5}  {:>5}  {:>7}  {:>8}  {:>6}",
        "set", "solved", "attempted", "total", "hints", "gave up", "examples", "walked"
    );
    let (mut solved, mut total, mut walked, mut examples) = (0, 0, 0, 0);
    for s in &sums {
        println!(
            "{:<tw$}  {:>6}  {:>9}  {:>5}  {:>5}  {:>7}  {:>8}  {:>6}",
            s.title, s.solved, s.attempted, s.total, s.hints_used, s.gave_up, s.examples, s.walked
        );
        solved += s.solved;
        total += s.total;
        walked += s.walked;
        examples += s.examples;
    }
    println!("{solved}/{total} exercises solved.");
    if examples > 0 {
        println!("{walked}/{examples} worked descent examples walked or predicted.");
    }
    let unknown = p.unknown_ids(&loaded.course);
    if !unknown.is_empty() {
        println!(
            "Also kept: progress of {} id(s) not in these exercises ({}).",
            unknown.len(),
            unknown.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn reset(path: &std::path::Path, id: Option<String>, yes: bool) -> anyhow::Result<ExitCode> {
    let opened = Store::open(path);
    if let Some(n) = &opened.notice {
        eprintln!("{n}");
    }
    let mut store = opened.store;
    if store.is_read_only() {
        anyhow::bail!("{} cannot be changed", path.display());
    }
    let what = match &id {
        Some(id) => {
            if store.progress.record(id).is_none() {
                println!("No progress is kept for {id}; nothing to clear.");
                return Ok(ExitCode::SUCCESS);
            }
            format!("the progress of {id}")
        }
        None => format!(
            "all progress ({} exercise records)",
            store.progress.exercises.len()
        ),
    };
    if !yes {
        if !std::io::stdin().is_terminal() {
            eprintln!(
                "gradtutor: not clearing {what} without confirmation; run it in a terminal or add --yes"
            );
            return Ok(ExitCode::from(super::EXIT_USAGE));
        }
        print!("Clear {what} in {}? [y/N] ", path.display());
        std::io::stdout().flush().context("writing the question")?;
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the answer")?;
        if !matches!(line.trim(), "y" | "Y" | "yes" | "Yes" | "YES") {
            println!("Nothing was cleared.");
            return Ok(ExitCode::SUCCESS);
        }
    }
    match &id {
        Some(id) => {
            store.progress.reset_id(id);
        }
        None => store.progress.reset_all(),
    }
    store
        .save()
        .with_context(|| format!("saving {}", path.display()))?;
    println!("Cleared {what}.");
    Ok(ExitCode::SUCCESS)
}
