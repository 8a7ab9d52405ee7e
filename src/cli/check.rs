//! `gradtutor check ID ANSWER [PATH...]`: the verdict and feedback for one answer.
//! Exit 0 correct, 1 not correct, 2 usage or load error.

use anyhow::Context;
use gradtutor::check::{Checker, Status, Verdict};
use gradtutor::exercise::answer_toml;
use gradtutor::exercise::{self, Answer, Course, Loaded, Severity};
use gradtutor::grade::close_ids;
use gradtutor::math::Expr;
use gradtutor::question::{CellId, Question};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The exercise id (as listed by the tutor and in the exercise files).
    pub id: String,

    /// The answer: an expression or a number ("12x^3 - 10x + 2", "1/4"); vectors, matrices and
    /// tables in TOML inline syntax ('["2x", "2y"]', '[["2xy", "x^2"], ["5", "cos(y)"]]',
    /// '{ z = [0, 3.5], L = 2e-8 }').
    #[arg(allow_hyphen_values = true)]
    pub answer: String,

    /// Which variant of a randomised exercise is answered (1 to 1000000).
    #[arg(long, conflicts_with = "student")]
    pub variant: Option<u32>,

    /// Answer this student's variant of a randomised exercise.
    #[arg(long)]
    pub student: Option<String>,

    /// Exercise files or directories (default: the bundled course).
    pub paths: Vec<PathBuf>,
}

/// Exit code for an answer that is not correct.
const EXIT_NOT_CORRECT: u8 = 1;

/// Loads the bundled course or the given paths, printing load errors to stderr.
pub fn load(paths: &[PathBuf]) -> anyhow::Result<Loaded> {
    let loaded = if paths.is_empty() {
        exercise::load_bundled()
    } else {
        exercise::load_paths(paths).context("loading the exercise files")?
    };
    for d in loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        eprintln!("{d}");
    }
    Ok(loaded)
}

/// The answer as typed: a TOML list or inline table when it starts with `[` or `{`, otherwise
/// one expression or number.
pub fn parse_answer(text: &str) -> anyhow::Result<Answer> {
    let t = text.trim_start();
    if !(t.starts_with('[') || t.starts_with('{')) {
        return Ok(Answer::Scalar(text.to_string()));
    }
    let doc: toml::Table = format!("answer = {t}")
        .parse()
        .map_err(|e: toml::de::Error| {
            anyhow::anyhow!(
                "cannot read the answer as a TOML list or table: {} \
             (write vectors as '[\"2x\", \"2y\"]' and tables as '{{ z = [0, 3.5], L = 2e-8 }}')",
                e.message().trim()
            )
        })?;
    let value = doc
        .get("answer")
        .context("cannot read the answer as a TOML list or table")?;
    answer_toml::from_toml(value).map_err(|why| anyhow::anyhow!("cannot read the answer: {why}"))
}

/// How an answer was read, as the tutor shows it under the input: `1/(2·x)`; `[2·x, 2·y]` for
/// a vector and `[[…], […]]` for a matrix, in the shape typed; for a table, the cells that are
/// more than a number (`cost = −log₁₀(2e-8)/8`). `None` when there is nothing to show: a plain
/// number is understood as itself, and an unreadable cell is shown with the verdict instead.
pub fn understood(question: &Question, answer: &Answer) -> Option<String> {
    let scope = question.answer_scope();
    let plain = |t: &str| t.trim().parse::<f64>().is_ok();
    let read = |t: &str| -> String {
        if plain(t) {
            t.trim().to_string()
        } else {
            Expr::parse(t, scope).map_or_else(|_| "?".to_string(), |e| e.preview())
        }
    };
    let list = |cells: &[String]| {
        let items: Vec<String> = cells.iter().map(|c| read(c)).collect();
        format!("[{}]", items.join(", "))
    };
    match answer {
        Answer::Scalar(s) => {
            if plain(s) {
                return None;
            }
            Expr::parse(s, scope).ok().map(|e| e.preview())
        }
        Answer::Vector(v) => (!v.iter().all(|c| plain(c))).then(|| list(v)),
        Answer::Matrix(m) => (!m.iter().flatten().all(|c| plain(c))).then(|| {
            let rows: Vec<String> = m.iter().map(|r| list(r)).collect();
            format!("[{}]", rows.join(", "))
        }),
        Answer::Table(entries) => {
            let mut shown = Vec::new();
            for (name, entry) in entries {
                match entry {
                    exercise::TableEntry::Column(cells) => {
                        for (i, c) in cells.iter().enumerate().filter(|(_, c)| !plain(c)) {
                            shown.push(format!("{name}[{}] = {}", i + 1, read(c)));
                        }
                    }
                    exercise::TableEntry::Total(t) if !plain(t) => {
                        shown.push(format!("{name} = {}", read(t)));
                    }
                    exercise::TableEntry::Total(_) => {}
                }
            }
            (!shown.is_empty()).then(|| shown.join(", "))
        }
    }
}

/// Prints a verdict for a terminal: the mark and message, how the answer was understood, the
/// caret under an unreadable cell, and the cells that are not right.
pub fn print_verdict(v: &Verdict, answer: &Answer, understood: Option<&str>) {
    let mark = match v.status {
        Status::Correct => "✓",
        Status::Incorrect => "✗",
        Status::Invalid => "!",
    };
    println!("{mark} {}", v.message);
    if let Some(u) = understood {
        println!("  understood: {u}");
    }
    if let Some(re) = &v.read_error {
        let cell = re.cell.clone().unwrap_or(CellId::Whole);
        if let Some(src) = cell.text_in(answer) {
            for line in re.error.caret(src).lines() {
                println!("    {line}");
            }
        }
    }
    if let Some(d) = v.diagnosis {
        println!("  diagnosis: {d} ({})", d.explanation());
    }
    if v.status != Status::Correct {
        for c in v.cells.iter().flatten() {
            if c.verdict != Status::Correct {
                let m = if c.verdict == Status::Invalid {
                    "!"
                } else {
                    "✗"
                };
                println!("  {m} {}: {}", c.cell, c.message);
            }
        }
    }
}

/// Says there is no such exercise, with close ids.
pub fn unknown_id(course: &Course, id: &str) {
    let close = close_ids(course, id);
    if close.is_empty() {
        eprintln!(
            "gradtutor: no exercise has the id `{id}` ({} exercises loaded)",
            course.exercises().count()
        );
    } else {
        eprintln!(
            "gradtutor: no exercise has the id `{id}`; did you mean: {}?",
            close.join(", ")
        );
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let loaded = load(&args.paths)?;
    let Some((_, ex)) = loaded.course.exercise(&args.id) else {
        unknown_id(&loaded.course, &args.id);
        return Ok(ExitCode::from(super::EXIT_USAGE));
    };
    if ex.is_randomised() && args.variant.is_none() && args.student.is_none() {
        eprintln!(
            "gradtutor: `{}` is randomised: say which variant was answered with --variant N or --student NAME",
            ex.id
        );
        return Ok(ExitCode::from(super::EXIT_USAGE));
    }
    let ex = match super::show::pick_variant(
        ex,
        args.variant,
        args.student.as_deref(),
        "checking against",
    ) {
        Ok(ex) => ex,
        Err(e) => {
            eprintln!("gradtutor: {e}");
            return Ok(ExitCode::from(super::EXIT_USAGE));
        }
    };
    let ex = &ex;
    let answer = parse_answer(&args.answer)?;
    let checker = Checker::new(ex)
        .map_err(|e| anyhow::anyhow!("the exercise `{}` cannot be checked: {e}", ex.id))?;
    let v = checker.check(&answer);
    print_verdict(
        &v,
        &answer,
        understood(checker.question(), &answer).as_deref(),
    );
    Ok(if v.status == Status::Correct {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NOT_CORRECT)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_from_the_command_line() {
        assert_eq!(parse_answer("2x").unwrap(), Answer::Scalar("2x".into()));
        assert_eq!(
            parse_answer(r#"["2x", "2y"]"#).unwrap(),
            Answer::Vector(vec!["2x".into(), "2y".into()])
        );
        assert!(matches!(
            parse_answer("{ z = [0, 3.5], L = 2e-8 }").unwrap(),
            Answer::Table(_)
        ));
        assert!(parse_answer("[\"2x\", ").is_err());
    }
}
