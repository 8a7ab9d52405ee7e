//! `gradtutor step ID [--steps N] [--lr X] [--momentum M] [--from "x0,y0"] [--format F]
//! [--variant N] [PATH...]`:
//! the iterations of a worked gradient-descent example, as a table, CSV or JSON.
//! Exit 0 when the walk ran, whatever its status; 2 on usage and load errors.

use anyhow::{bail, Context};
use gradtutor::descent::{fmt_sig, parse_point, State, Status, Stepper};
use gradtutor::exercise::{load_bundled, load_paths, Course, Descent, Loaded, Severity};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading, with the run's status at the end.
    Table,
    /// One row per step, full precision, for spreadsheets and plotting.
    Csv,
    /// `{"id", "status", "steps": [{"n", "x", "f", "grad"}, ...]}`.
    Json,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The id of a worked descent example (`descent-parabola`).
    pub id: String,

    /// Exercise files or directories (default: the bundled course).
    pub paths: Vec<PathBuf>,

    /// Take at most N steps (default: the example's `steps`).
    #[arg(long, value_name = "N")]
    pub steps: Option<usize>,

    /// The learning rate ε (default: the example's).
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    pub lr: Option<f64>,

    /// Use momentum α (0 ≤ α < 1): v ← α·v − ε·∇f, x ← x + v (default: the example's).
    #[arg(long, value_name = "M", allow_hyphen_values = true)]
    pub momentum: Option<f64>,

    /// Start here instead: one number per variable, separated by commas ("0.1,3").
    #[arg(long, value_name = "POINT", allow_hyphen_values = true)]
    pub from: Option<String>,

    /// How to print the iterations.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// A randomised example's variant N (default 1); one that fails validation (its walk
    /// diverges or cannot start) is passed over for the next valid one, as in the tutor.
    #[arg(long, value_name = "N")]
    pub variant: Option<u32>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let loaded = if args.paths.is_empty() {
        load_bundled()
    } else {
        load_paths(&args.paths)?
    };
    let descent = &variant_of(find(&loaded, &args.id)?, args.variant)?;
    let mut stepper =
        Stepper::new(descent).with_context(|| format!("cannot step `{}`", descent.id))?;

    if let Some(n) = args.steps {
        stepper
            .set_max_steps(n)
            .with_context(|| "--steps".to_string())?;
    }
    let mut settings = stepper.settings().clone();
    if let Some(lr) = args.lr {
        settings.learning_rate = lr;
    }
    if let Some(m) = args.momentum {
        settings.momentum = Some(m);
    }
    if let Some(from) = &args.from {
        settings.start = parse_point(from, &descent.vars).with_context(|| {
            format!(
                "--from {from:?} for `{}` (variables {})",
                descent.id,
                descent.vars.join(", ")
            )
        })?;
    }
    if &settings != stepper.settings() {
        stepper
            .restart(settings)
            .with_context(|| format!("cannot step `{}` with these settings", descent.id))?;
    }
    stepper.run();

    let text = match args.format {
        Format::Table => table(descent, &stepper),
        Format::Csv => {
            eprintln!("{}", stepper.status_message());
            csv(descent, &stepper)
        }
        Format::Json => json(descent, &stepper)?,
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e).context("cannot write the output"),
    }
}

/// The example as `--variant` asks (variant 1 of a randomised one by default), moved on past
/// variants that fail validation (said on stderr).
fn variant_of(d: &Descent, variant: Option<u32>) -> anyhow::Result<Descent> {
    if !d.is_randomised() {
        if variant.is_some() {
            bail!("`{}` has fixed numbers: it has no variants", d.id);
        }
        return Ok(d.clone());
    }
    let valid = gradtutor::validate::first_valid_descent_variant(d, variant.unwrap_or(1))?;
    for s in &valid.skipped {
        eprintln!(
            "variant {} ({}) is passed over: {}",
            s.number, s.params, s.reason
        );
    }
    Ok(valid.descent)
}

/// The example with this id, or an error listing the ids it might have meant.
fn find<'a>(loaded: &'a Loaded, id: &str) -> anyhow::Result<&'a Descent> {
    if let Some((_, d)) = loaded.course.descent(id) {
        return Ok(d);
    }
    let mut msg = String::new();
    for d in loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        let _ = writeln!(msg, "{d}");
    }
    if loaded.course.exercise(id).is_some() {
        let _ = write!(
            msg,
            "`{id}` is an exercise, not a worked descent example (try `gradtutor check {id} ANSWER`)"
        );
        bail!(msg);
    }
    let ids = descent_ids(&loaded.course);
    let _ = write!(msg, "no worked descent example has the id `{id}`");
    let mut close: Vec<(f64, &str)> = ids
        .iter()
        .map(|c| (strsim::normalized_levenshtein(id, c), *c))
        .filter(|(score, c)| *score >= 0.75 || (id.len() >= 3 && c.contains(id)))
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0));
    if !close.is_empty() {
        let names: Vec<&str> = close.iter().take(3).map(|(_, c)| *c).collect();
        let _ = write!(msg, "; did you mean {}?", names.join(", "));
    } else if ids.is_empty() {
        let _ = write!(msg, " (these files have no [[descent]] examples)");
    } else {
        let _ = write!(msg, "; the examples are: {}", ids.join(", "));
    }
    bail!(msg)
}

fn descent_ids(course: &Course) -> Vec<&str> {
    course
        .sets
        .iter()
        .flat_map(|s| s.descents.iter().map(|d| d.id.as_str()))
        .collect()
}

/// The run as text: the example's heading, then one aligned row per state, then how the run
/// ended.
fn table(d: &Descent, stepper: &Stepper) -> String {
    let head = table_head(&d.vars, stepper.settings().momentum.is_some());
    let rows: Vec<Vec<String>> = stepper.states().iter().map(table_row).collect();
    let widths: Vec<usize> = (0..head.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .chain([&head[i]])
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| -> String {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:>w$}"))
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    let mut out = table_heading(d, stepper);
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", line(&head));
    for r in &rows {
        let _ = writeln!(out, "{}", line(r));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", stepper.status_message());
    out
}

/// The columns: n, the variables, f, |∇f|, and the velocity's components with momentum.
fn table_head(vars: &[String], momentum: bool) -> Vec<String> {
    let mut head: Vec<String> = vec!["n".into()];
    head.extend(vars.iter().cloned());
    head.push("f".into());
    head.push("|∇f|".into());
    if momentum {
        head.extend(vars.iter().map(|v| format!("v_{v}")));
    }
    head
}

/// One state's cells, in [`table_head`]'s order, to 6 significant figures.
fn table_row(st: &State) -> Vec<String> {
    let mut row = vec![st.n.to_string()];
    row.extend(st.x.iter().map(|v| fmt_sig(*v, 6)));
    row.push(fmt_sig(st.f, 6));
    row.push(fmt_sig(st.grad_norm(), 6));
    if let Some(v) = &st.velocity {
        row.extend(v.iter().map(|v| fmt_sig(*v, 6)));
    }
    row
}

/// The example's id and title, its function with its constants, and the run's settings.
fn table_heading(d: &Descent, stepper: &Stepper) -> String {
    let s = stepper.settings();
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", d.id, d.title);
    let mut about = format!("f({}) = {}", d.vars.join(", "), stepper.function_preview());
    for (name, v) in &d.params {
        let _ = write!(about, ", {name} = {}", fmt_sig(*v, 6));
    }
    let _ = writeln!(out, "{about}");
    let start: Vec<String> = s.start.iter().map(|v| fmt_sig(*v, 6)).collect();
    let start = match start.as_slice() {
        [one] => one.clone(),
        many => format!("({})", many.join(", ")),
    };
    let _ = write!(
        out,
        "start {start}, learning rate ε = {}",
        fmt_sig(s.learning_rate, 6)
    );
    if let Some(m) = s.momentum {
        let _ = write!(out, ", momentum α = {}", fmt_sig(m, 6));
    }
    let _ = writeln!(
        out,
        ", at most {} steps, ∇f from {}",
        stepper.max_steps(),
        if stepper.has_exact_gradient() {
            "the example's expressions"
        } else {
            "finite differences"
        }
    );
    out
}

fn csv(d: &Descent, stepper: &Stepper) -> String {
    let momentum = stepper.settings().momentum.is_some();
    let mut head: Vec<String> = vec!["n".into()];
    head.extend(d.vars.iter().cloned());
    head.push("f".into());
    head.extend(d.vars.iter().map(|v| format!("grad_{v}")));
    head.push("grad_norm".into());
    if momentum {
        head.extend(d.vars.iter().map(|v| format!("v_{v}")));
    }
    let mut out = head.join(",");
    out.push('\n');
    for st in stepper.states() {
        let mut row = vec![st.n.to_string()];
        row.extend(st.x.iter().map(|v| format!("{v:?}")));
        row.push(format!("{:?}", st.f));
        row.extend(st.grad.iter().map(|v| format!("{v:?}")));
        row.push(format!("{:?}", st.grad_norm()));
        if let Some(v) = &st.velocity {
            row.extend(v.iter().map(|v| format!("{v:?}")));
        }
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct JsonRun<'a> {
    id: &'a str,
    status: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    diverged_at: Option<usize>,
    vars: &'a [String],
    learning_rate: f64,
    momentum: Option<f64>,
    steps: Vec<JsonStep<'a>>,
}

#[derive(Serialize)]
struct JsonStep<'a> {
    n: usize,
    x: &'a [f64],
    f: f64,
    grad: &'a [f64],
    #[serde(skip_serializing_if = "Option::is_none")]
    velocity: Option<&'a [f64]>,
}

fn json(d: &Descent, stepper: &Stepper) -> anyhow::Result<String> {
    let run = JsonRun {
        id: &d.id,
        status: stepper.status().word(),
        message: stepper.status_message(),
        diverged_at: match stepper.status() {
            Status::Diverged { at_step, .. } => Some(*at_step),
            _ => None,
        },
        vars: &d.vars,
        learning_rate: stepper.settings().learning_rate,
        momentum: stepper.settings().momentum,
        steps: stepper
            .states()
            .iter()
            .map(|st| JsonStep {
                n: st.n,
                x: &st.x,
                f: st.f,
                grad: &st.grad,
                velocity: st.velocity.as_deref(),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&run).context("cannot write JSON")?;
    s.push('\n');
    Ok(s)
}
