//! Exercises: prepare the question, lint it, and let the checker judge it and its answer key.

use super::domain::DomainSample;
use super::{describe_point, here, short, Sink};
use crate::check::{verify_key, Checker};
use crate::exercise::{Exercise, ItemInfo, Kind, Pos};
use crate::question::{Ask, Question, RateKind, Rates, SetupError};
use crate::text;

/// How far a direction's norm may be from 1 before it is reported.
pub const UNIT_TOLERANCE: f64 = 1e-6;

/// Every problem of one exercise that loaded.
pub(super) fn check(ex: &Exercise, info: &ItemInfo, sink: &mut Sink<'_>) {
    let errors_before = sink.errors();
    let q = match Question::prepare(ex) {
        Ok(q) => q,
        Err(e) => return report_setup(ex, info, &e, sink),
    };
    lint(&q, ex, info, sink);
    // The checker's own set-up fails on what was just reported (a function undefined on its
    // domain, say): one message per problem is enough.
    if sink.errors() == errors_before {
        judge(ex, q, info, sink);
    }
}

/// Where an exercise's problem as a whole is reported: its function, or its value or table.
fn subject(ex: &Exercise, info: &ItemInfo) -> Pos {
    ["function", "functions[0]", "value", "columns"]
        .iter()
        .find_map(|f| info.pos(f))
        .unwrap_or(ex.pos)
}

/// A question that cannot be prepared, at the field that causes it.
fn report_setup(ex: &Exercise, info: &ItemInfo, e: &SetupError, sink: &mut Sink<'_>) {
    match e {
        SetupError::UndefinedAt { function, .. } => {
            let (text, point) = match &ex.kind {
                Kind::Jacobian {
                    functions,
                    at: Some(at),
                    ..
                } => (
                    functions.get(function.unwrap_or(1) - 1).cloned(),
                    at.clone(),
                ),
                Kind::Derivative {
                    function,
                    at: Some(at),
                    ..
                }
                | Kind::Gradient {
                    function,
                    at: Some(at),
                    ..
                }
                | Kind::Directional {
                    function,
                    at: Some(at),
                    ..
                } => (Some(function.clone()), at.clone()),
                _ => (None, Vec::new()),
            };
            sink.error(
                here(info, ex.pos, "at"),
                format!(
                    "`{}` is undefined at `at` ({})",
                    text.unwrap_or_default(),
                    describe_point(&point)
                ),
            );
        }
        SetupError::DirectionZero => sink.error(
            here(info, ex.pos, "direction"),
            "`direction` is the zero vector".to_string(),
        ),
        SetupError::DirectionNotFinite => sink.error(
            here(info, ex.pos, "direction"),
            "`direction` has a component with no finite value".to_string(),
        ),
        SetupError::ValueNotFinite { value } => sink.error(
            here(info, ex.pos, "value"),
            format!("`{value}` has no finite value"),
        ),
        SetupError::ColumnNotFinite { column, row } => {
            let rows = ex.data.first().map_or(0, |(_, c)| c.len());
            sink.error(
                here(info, ex.pos, &format!("columns.{column}")),
                format!(
                    "column `{column}` has no finite value in row {} of {rows}",
                    row + 1
                ),
            );
        }
        SetupError::TotalNotFinite { total } => sink.error(
            here(info, ex.pos, &format!("totals.{total}")),
            format!("total `{total}` has no finite value"),
        ),
        other => sink.error(
            subject(ex, info),
            format!("`{}` cannot be checked: {other}", ex.id),
        ),
    }
}

/// Lints that read the prepared question: where its functions are defined, where `at` lies,
/// whether a direction is a unit vector.
fn lint(q: &Question, ex: &Exercise, info: &ItemInfo, sink: &mut Sink<'_>) {
    match &q.ask {
        Ask::Rates(r) => {
            at_inside(r, ex, info, sink);
            let sample = DomainSample::new(&r.vars, &r.ranges, &q.data);
            for f in &r.functions {
                let pos = here(info, ex.pos, &f.field.to_string());
                sample.check_defined(sink, pos, f);
            }
            if r.kind == RateKind::Directional {
                unit_direction(r, ex, info, sink);
            }
        }
        Ask::Extremum(e) => {
            let pos = here(info, ex.pos, "function");
            DomainSample::new(&e.vars, &e.ranges, &q.data).check_defined(sink, pos, &e.function);
        }
        Ask::Limit(l) => {
            let pos = here(info, ex.pos, "function");
            DomainSample::new(&l.vars, &l.ranges, &q.data).check_defined(sink, pos, &l.function);
        }
        Ask::Value(_) | Ask::Table(_) | Ask::Graph(_) => {}
    }
}

/// Warns when `at` lies outside the domain box.
fn at_inside(r: &Rates, ex: &Exercise, info: &ItemInfo, sink: &mut Sink<'_>) {
    let Some(p) = &r.at else {
        return;
    };
    let outside: Vec<String> = r
        .vars
        .iter()
        .zip(p)
        .zip(&r.ranges)
        .filter(|((_, x), (lo, hi))| *x < lo || *x > hi)
        .map(|((v, x), (lo, hi))| {
            format!(
                "{v} = {} is outside [{}, {}]",
                short(*x),
                short(*lo),
                short(*hi)
            )
        })
        .collect();
    if !outside.is_empty() {
        sink.warning(
            here(info, ex.pos, "at"),
            format!("`at` lies outside the domain: {}", outside.join(", ")),
        );
    }
}

/// Warns when the direction is not a unit vector (it is normalised; the instructor may not
/// mean that).
fn unit_direction(r: &Rates, ex: &Exercise, info: &ItemInfo, sink: &mut Sink<'_>) {
    if let Some(d) = &r.direction {
        if (d.norm - 1.0).abs() > UNIT_TOLERANCE {
            sink.warning(
                here(info, ex.pos, "direction"),
                format!(
                    "`direction` is not a unit vector: its norm is {}",
                    short((d.norm * 1e4).round() / 1e4)
                ),
            );
        }
    }
}

/// The checker on the question: it must be checkable (the truth computable at enough points,
/// the derivative at `at` defined, the limit existing, an extremum of the goal's kind in the
/// domain), and the reference `answer`, when there is one, must be right.
fn judge(ex: &Exercise, q: Question, info: &ItemInfo, sink: &mut Sink<'_>) {
    let subject = subject(ex, info);
    let checker = match Checker::for_question(q) {
        Ok(c) => c,
        Err(e) => {
            sink.error(subject, format!("`{}` cannot be checked: {e}", ex.id));
            return;
        }
    };
    unjudged(&checker, ex, subject, sink);
    imprecise(&checker, ex, subject, sink);
    if let Err(why) = verify_key(&checker, ex.answer.as_ref()) {
        if ex.answer.is_some() {
            let pos = here(info, subject, "answer");
            sink.error(pos, format!("wrong answer key for `{}`: {why}", ex.id));
        } else {
            sink.error(subject, format!("`{}` cannot be checked: {why}", ex.id));
        }
    }
    if let Some(why) = checker.step_problem() {
        sink.error(here(info, ex.pos, "step"), format!("`{}`: {why}", ex.id));
    }
    // a variant's coincidences are chance of its draws (and showing one checks it too)
    if ex.variant.is_none() {
        blind_spots(ex, &checker, subject, sink);
    }
}

/// Notes the common wrong rules that give the right derivative on this exercise: a student who
/// makes one is right, so the checker can never name it here (and never calls a right answer a
/// mistake for it). Nothing to change; the instructor may prefer a function where it shows.
fn blind_spots(ex: &Exercise, checker: &Checker, subject: Pos, sink: &mut Sink<'_>) {
    let cells = checker.question().answer.cells.len();
    for (label, rules) in checker.blind_spots() {
        let whose = if cells > 1 {
            format!(" for {label}")
        } else {
            String::new()
        };
        let (it, they) = if rules.len() == 1 {
            ("this wrong rule gives", "it")
        } else {
            ("these wrong rules give", "they")
        };
        sink.note(
            subject,
            format!(
                "`{}`: {it} the right answer{whose}, so {they} cannot be diagnosed here: {}",
                ex.id,
                rules.join("; ")
            ),
        );
    }
}

/// Warns when the truth could not be computed on a sizeable part of the domain: answers are
/// not compared there, so a mistake confined to it would pass.
fn unjudged(checker: &Checker, ex: &Exercise, subject: Pos, sink: &mut Sink<'_>) {
    let Some(u) = checker.unjudged() else { return };
    if !u.is_large() {
        return;
    }
    sink.warning(
        subject,
        format!(
            "`{}`: {} could not be computed reliably at {} of {} points tried \
             ({:.0}% of the domain), around {}: answers are not checked there. The function \
             changes too fast there for finite differences; narrow the `domain`",
            ex.id,
            u.what,
            u.dropped,
            u.defined,
            100.0 * u.share(),
            around(&u.around)
        ),
    );
}

/// Warns when the truth is known only loosely at a sizeable share of the sample points: answers
/// off by more than the documented tolerance pass there.
fn imprecise(checker: &Checker, ex: &Exercise, subject: Pos, sink: &mut Sink<'_>) {
    let Some(i) = checker.imprecise().filter(|i| i.is_large()) else {
        return;
    };
    let figures = match i.figures {
        0 => "less than one significant figure".to_string(),
        1 => "about 1 significant figure".to_string(),
        n => format!("about {n} significant figures"),
    };
    sink.warning(
        subject,
        format!(
            "`{}`: {} could be computed only to {figures} at {} of {} sample points, \
             around {}: answers that far off pass there. The function's values are large next \
             to their changes (a large constant term?), so finite differences keep few digits; \
             leave the constant out or rescale the function",
            ex.id,
            i.what,
            i.loose,
            i.kept,
            around(&i.around)
        ),
    );
}

/// Where points lie, per variable: "x in [-3, -1.24], y in [0, 2]".
fn around(bounds: &[(String, f64, f64)]) -> String {
    bounds
        .iter()
        .map(|(v, lo, hi)| format!("{v} in [{}, {}]", text::sig(*lo, 3), text::sig(*hi, 3)))
        .collect::<Vec<_>>()
        .join(", ")
}
