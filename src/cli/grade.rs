//! `gradtutor grade --answers FILE [PATH...] [--json]`: self-grading before a session.
//! Exit 0 when every loaded exercise is correct, 1 otherwise, 2 on usage or load errors.

use super::check::{load, understood};
use anyhow::Context;
use gradtutor::check::Status;
use gradtutor::exercise::{Answer, Exercise, Loaded, Severity};
use gradtutor::grade::{self, AnswerEntry, GradeResult, GradeVerdict};
use gradtutor::question::Question;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The answers file: TOML, one key per exercise id (`poly-first = "12x^3 - 10x + 2"`).
    #[arg(long, value_name = "FILE")]
    pub answers: PathBuf,

    /// Print the results as JSON on standard output, and nothing else there.
    #[arg(long)]
    pub json: bool,

    /// Exercise files or directories (default: the bundled course).
    pub paths: Vec<PathBuf>,
}

/// Exit code when some exercise is not answered correctly.
const EXIT_NOT_ALL_CORRECT: u8 = 1;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = grade::read_answers_file(&args.answers)?;
    let shown = args.answers.display().to_string();
    let answers = grade::parse_answers(&text, &shown)?;
    let loaded = load(&args.paths)?;
    refuse_answers_to_nothing(&answers, &loaded, &args.paths, &shown)?;
    let load_errors = loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    let student = grade::answers_student(&text);
    let report = grade::grade_as(&loaded.course, &answers, student.as_deref());
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::to_string(&report).context("writing the report as JSON")?;
        writeln!(out, "{json}")?;
    } else {
        // Looked up by id once, not searched for each result (1,000 answers to a 1,000-exercise
        // course were half a million comparisons). The first entry of an id, as before.
        let mut answer_of: HashMap<&str, &AnswerEntry> = HashMap::new();
        for a in &answers {
            answer_of.entry(a.id.as_str()).or_insert(a);
        }
        let exercise_of: HashMap<&str, &Exercise> = loaded
            .course
            .exercises()
            .map(|e| (e.id.as_str(), e))
            .collect();
        for r in &report.results {
            let answer = answer_of
                .get(r.id.as_str())
                .and_then(|a| a.answer.as_ref().ok());
            let exercise = exercise_of.get(r.id.as_str()).copied();
            write_result(&mut out, r, answer, exercise)?;
        }
        let s = &report.summary;
        writeln!(
            out,
            "score: {}/{} correct ({} incorrect, {} could not be read, {} unanswered)",
            s.correct, s.total, s.incorrect, s.invalid, s.unanswered
        )?;
    }
    Ok(if load_errors {
        ExitCode::from(super::EXIT_USAGE)
    } else if report.all_correct() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NOT_ALL_CORRECT)
    })
}

/// An error when answers were given but none names an exercise that was loaded: a forgotten
/// PATH, most likely. Say so rather than grade every exercise as unanswered.
fn refuse_answers_to_nothing(
    answers: &[AnswerEntry],
    loaded: &Loaded,
    paths: &[PathBuf],
    shown: &str,
) -> anyhow::Result<()> {
    if answers.is_empty()
        || answers
            .iter()
            .any(|a| loaded.course.exercise(&a.id).is_some())
    {
        return Ok(());
    }
    let answers_n = match answers.len() {
        1 => format!("the answer in {shown} (`{}`) names", answers[0].id),
        n => format!("none of the {n} answers in {shown} names"),
    };
    let course = if paths.is_empty() {
        "the bundled course".to_string()
    } else {
        "the exercise files given".to_string()
    };
    anyhow::bail!(
        "{answers_n} no exercise of {course}; give the exercise files: \
         gradtutor grade --answers {shown} PATH..."
    );
}

/// One exercise's result as text: its mark and message, how the answer was read (as `check`
/// and the tutor show it), and every cell that is not right with its own feedback (the
/// message names the first).
fn write_result(
    out: &mut impl Write,
    r: &GradeResult,
    answer: Option<&Answer>,
    exercise: Option<&Exercise>,
) -> std::io::Result<()> {
    let mark = match r.verdict {
        GradeVerdict::Correct => "✓",
        GradeVerdict::Incorrect | GradeVerdict::Unanswered => "✗",
        GradeVerdict::Invalid => "!",
    };
    writeln!(out, "{mark} {}  {}", r.id, r.message)?;
    let question = exercise.and_then(|ex| Question::prepare(ex).ok());
    if let (Some(a), Some(q)) = (answer, question) {
        if let Some(u) = understood(&q, a) {
            writeln!(out, "  understood: {u}")?;
        }
    }
    for c in r.cells.iter().flatten() {
        let mark = match c.verdict {
            Status::Correct => continue,
            Status::Incorrect => "✗",
            Status::Invalid => "!",
        };
        writeln!(out, "  {mark} {}: {}", c.cell, c.message)?;
    }
    Ok(())
}
