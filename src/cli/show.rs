//! `gradtutor show ID [--variant N | --student NAME] [--json] [PATH...]`: the exercise as a
//! student sees it, for one variant of a randomised exercise (variant 1 unless told).
//! Exit 0 shown, 2 usage or load error.

use super::check::{load, unknown_id};
use gradtutor::exercise::{Exercise, VariantError};
use gradtutor::math::prettify;
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

/// The exercise as variant `variant`, or as `student`'s first variant (moving on past variants
/// that have no values). A fixed exercise is itself for `--student`; `--variant` on it is an
/// error.
pub fn pick_variant(
    ex: &Exercise,
    variant: Option<u32>,
    student: Option<&str>,
) -> Result<Exercise, VariantError> {
    match (variant, student) {
        (Some(n), _) => ex.variant(n),
        (None, Some(name)) => ex.student_variant(name),
        (None, None) => Ok(ex.clone()),
    }
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
    let ex = match pick_variant(ex, args.variant, args.student.as_deref()) {
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
    Ok(ExitCode::SUCCESS)
}
