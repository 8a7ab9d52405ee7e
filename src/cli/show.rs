//! `gradtutor show ID [--variant N | --student NAME] [--json] [PATH...]`: the exercise as a
//! student sees it, for one variant of a randomised exercise (variant 1 unless told).
//! Exit 0 shown, 2 usage or load error.

use super::check::{load, unknown_id};
use gradtutor::exercise::{Exercise, VariantError};
use gradtutor::math::prettify;
use gradtutor::question::{Question, Worked};
use gradtutor::validate::{
    first_valid_variant, student_valid_variant, Skipped, ValidVariant, ValidVariantError,
};
use gradtutor::variants::format_value;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The exercise id.
    pub id: String,

    /// Which variant of a randomised exercise (1 to 1000000; default 1).
    #[arg(long, conflicts_with = "student")]
    pub variant: Option<u32>,

    /// The variant this student gets first (their variants follow from their name and the id).
    #[arg(long)]
    pub student: Option<String>,

    /// Print JSON: {"id", "kind", "variant", "params", "title", "prompt", "hints", "solution"}.
    #[arg(long)]
    pub json: bool,

    /// Exercise files or directories (default: the bundled course).
    pub paths: Vec<PathBuf>,
}

/// The exercise as a student may see it: the first valid variant at or after `--variant N`,
/// the student's first valid variant with `--student`, or the first valid one from variant 1
/// (a variant that fails validation is never shown nor checked against: see
/// [`first_valid_variant`]). A fixed exercise is itself, except that `--variant` on it is an
/// error. When the variant asked for was passed over, says so on stderr (`doing`: "showing",
/// "checking").
pub fn pick_variant(
    ex: &Exercise,
    variant: Option<u32>,
    student: Option<&str>,
    doing: &str,
) -> Result<Exercise, ValidVariantError> {
    if !ex.is_randomised() {
        return match variant {
            Some(_) => Err(VariantError::Fixed { id: ex.id.clone() }.into()),
            None => Ok(ex.clone()),
        };
    }
    let found = match (variant, student) {
        (Some(n), _) => first_valid_variant(ex, n)?,
        (None, Some(name)) => student_valid_variant(ex, name)?,
        (None, None) => first_valid_variant(ex, 1)?,
    };
    if let Some(notice) = skipped_notice(&ex.id, &found, doing) {
        eprintln!("gradtutor: {notice}");
    }
    Ok(found.exercise)
}

/// `variant 37 of `id` (a = 0) fails validation, so no student sees it: …; showing variant 38,
/// the next valid one`; `None` when nothing was skipped.
pub fn skipped_notice(id: &str, found: &ValidVariant, doing: &str) -> Option<String> {
    let first = found.skipped.first()?;
    let params = |s: &Skipped| {
        if s.params.is_empty() {
            String::new()
        } else {
            format!(" ({})", s.params)
        }
    };
    let what = match found.skipped.len() {
        1 => format!(
            "variant {} of `{id}`{} fails validation, so no student sees it: {}",
            first.number,
            params(first),
            first.reason
        ),
        k => format!(
            "variants {} to {} of `{id}` ({k} in all) fail validation, so no student sees them (variant {}{}: {})",
            first.number,
            found.skipped[k - 1].number,
            first.number,
            params(first),
            first.reason
        ),
    };
    Some(format!(
        "{what}; {doing} variant {}, the next valid one",
        found.number()
    ))
}

/// What `show --json` prints.
#[derive(Serialize, Debug)]
pub struct Shown {
    pub id: String,
    pub kind: &'static str,
    pub variant: Option<u32>,
    pub params: serde_json::Map<String, serde_json::Value>,
    pub title: String,
    pub prompt: String,
    pub hints: Vec<String>,
    pub solution: Option<String>,
}

impl Shown {
    pub fn new(ex: &Exercise) -> Shown {
        let params = ex
            .params
            .iter()
            .map(|(n, x)| {
                let v = serde_json::Number::from_f64(*x).map_or(serde_json::Value::Null, |num| {
                    if x.fract() == 0.0 && x.abs() < 9e15 {
                        serde_json::Value::from(*x as i64)
                    } else {
                        serde_json::Value::Number(num)
                    }
                });
                (n.clone(), v)
            })
            .collect();
        Shown {
            id: ex.id.clone(),
            kind: ex.kind.name(),
            variant: ex.variant_number(),
            params,
            title: ex.title.as_deref().map_or_else(|| ex.id.clone(), prettify),
            prompt: prettify(&ex.prompt),
            hints: ex.hints.iter().map(|h| prettify(h)).collect(),
            solution: ex.solution.as_deref().map(prettify),
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let loaded = load(&args.paths)?;
    let Some((_, ex)) = loaded.course.exercise(&args.id) else {
        unknown_id(&loaded.course, &args.id);
        return Ok(ExitCode::from(super::EXIT_USAGE));
    };
    let ex = match pick_variant(ex, args.variant, args.student.as_deref(), "showing") {
        Ok(ex) => ex,
        Err(e) => {
            eprintln!("gradtutor: {e}");
            return Ok(ExitCode::from(super::EXIT_USAGE));
        }
    };
    let shown = Shown::new(&ex);
    if args.json {
        println!("{}", serde_json::to_string(&shown)?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut head = format!("{} ({})", shown.id, shown.kind);
    if let Some(v) = &ex.variant {
        head.push_str(&format!(
            " · variant {} ({})",
            v.number,
            v.values
                .iter()
                .map(|(n, x)| format!("{n} = {}", format_value(*x)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    println!("{head}");
    println!("{}", shown.title);
    println!();
    println!("{}", shown.prompt);
    for (i, h) in shown.hints.iter().enumerate() {
        println!();
        println!("Hint {}/{}: {h}", i + 1, shown.hints.len());
    }
    if let Some(s) = &shown.solution {
        println!();
        println!("Solution: {s}");
    }
    // The generated derivation is text only: `show --json` keeps issue 10's exact shape, and
    // scripts get derivations from `derive --json`.
    if let Some(w) = Question::prepare(&ex)
        .ok()
        .and_then(|q| Worked::new(&ex, &q))
    {
        println!();
        println!("{}", Worked::HEADING);
        for line in w.lines() {
            println!("{line}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
