//! `gradtutor validate`: loading's checks plus the ones that evaluate formulas (is a function
//! defined on its domain, at its point, is a direction a unit vector, does every table cell
//! have a value), and the checker's: can the exercise be checked, and is its answer key right.

use super::build::{FileOutcome, ItemInfo};
use super::load::{bundled_sources, read_all, read_paths, sort_diagnostics, SourceFile};
use super::{Descent, Diagnostic, Exercise, Kind, LoadError, Pos, Severity};
use crate::check::{verify_answer_key, Checker};
use crate::math::{eval_constant, Expr, Scope};
use std::fmt;
use std::path::PathBuf;

/// How many points of a domain box are sampled.
pub const DOMAIN_SAMPLES: usize = 200;
/// Undefined on more than this share of the domain: a warning.
pub const UNDEFINED_WARNING: f64 = 0.20;
/// Undefined on more than this share: an error (the exercise cannot be checked).
pub const UNDEFINED_ERROR: f64 = 0.95;
/// How far a direction's norm may be from 1 before it is reported.
pub const UNIT_TOLERANCE: f64 = 1e-6;

/// What `gradtutor validate` found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Sorted by file (in the order given) then by position.
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
    /// `[[exercise]]` entries seen, including ones that did not load.
    pub exercises: usize,
    /// `[[descent]]` entries seen, including ones that did not load.
    pub descents: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == s).count()
    }

    /// `checked 7 files, 64 exercises, 9 descent examples: 0 errors, 2 warnings`.
    pub fn summary(&self) -> String {
        fn n(k: usize, one: &str, many: &str) -> String {
            format!("{k} {}", if k == 1 { one } else { many })
        }
        format!(
            "checked {}, {}, {}: {}, {}",
            n(self.files, "file", "files"),
            n(self.exercises, "exercise", "exercises"),
            n(self.descents, "descent example", "descent examples"),
            n(self.errors(), "error", "errors"),
            n(self.warnings(), "warning", "warnings"),
        )
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        write!(f, "{}", self.summary())
    }
}

/// Validates files already in memory: every loading problem, then the numerical checks on
/// every item that loaded (also in files that have errors elsewhere).
pub fn validate(files: &[SourceFile]) -> Report {
    let mut report = Report {
        files: files.len(),
        ..Report::default()
    };
    for mut out in read_all(files) {
        report.exercises += out.exercise_entries;
        report.descents += out.descent_entries;
        check_file(&mut out);
        sort_diagnostics(&mut out.diagnostics);
        report.diagnostics.extend(out.diagnostics);
    }
    report
}

/// Validates the course embedded in the binary.
pub fn validate_bundled() -> Report {
    validate(&bundled_sources())
}

/// Validates files and directories; `Err` when a path cannot be read.
pub fn validate_paths(paths: &[PathBuf]) -> Result<Report, LoadError> {
    Ok(validate(&read_paths(paths)?))
}

struct Sink<'a> {
    source: &'a str,
    diags: &'a mut Vec<Diagnostic>,
}

impl Sink<'_> {
    fn push(&mut self, pos: Pos, severity: Severity, message: String) {
        self.diags.push(Diagnostic {
            source: self.source.to_string(),
            pos,
            severity,
            message,
        });
    }
    fn error(&mut self, pos: Pos, message: String) {
        self.push(pos, Severity::Error, message);
    }
    fn warning(&mut self, pos: Pos, message: String) {
        self.push(pos, Severity::Warning, message);
    }
    fn errors(&self) -> usize {
        self.diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

fn check_file(out: &mut FileOutcome) {
    let mut sink = Sink {
        source: &out.set.source,
        diags: &mut out.diagnostics,
    };
    for (ex, info) in out.set.exercises.iter().zip(&out.exercise_info) {
        check_exercise(ex, info, &mut sink);
    }
    for (d, info) in out.set.descents.iter().zip(&out.descent_info) {
        check_descent(d, info, &mut sink);
    }
}

fn halton(mut i: usize, base: usize) -> f64 {
    let mut f = 1.0;
    let mut r = 0.0;
    while i > 0 {
        f /= base as f64;
        r += f * (i % base) as f64;
        i /= base;
    }
    r
}

const PRIMES: [usize; 16] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53];

/// `n` deterministic, evenly spread points of a box (a Halton sequence).
pub(crate) fn sample_box(ranges: &[(f64, f64)], n: usize) -> Vec<Vec<f64>> {
    (1..=n)
        .map(|i| {
            ranges
                .iter()
                .enumerate()
                .map(|(d, (lo, hi))| {
                    let u = halton(i + d / PRIMES.len() * 7, PRIMES[d % PRIMES.len()]);
                    lo + (hi - lo) * u
                })
                .collect()
        })
        .collect()
}

/// The share of sample points where the expression is not a finite number.
fn undefined_share(expr: &Expr, ranges: &[(f64, f64)], columns: &[Vec<f64>]) -> f64 {
    let points = sample_box(ranges, DOMAIN_SAMPLES);
    let bad = points
        .iter()
        .filter(|p| !expr.eval_data(p, columns).is_finite())
        .count();
    bad as f64 / points.len().max(1) as f64
}

/// A number for a message: at most 6 significant digits (`3.14159`, `0.25`, `1e-7`).
fn short(x: f64) -> String {
    crate::text::sig(x, 6)
}

/// `[-3, 3]` when every variable has the same interval, `x in [-3, 3], y in [0.1, 5]` otherwise.
fn describe_box(vars: &[String], ranges: &[(f64, f64)]) -> String {
    let iv = |(lo, hi): (f64, f64)| format!("[{}, {}]", short(lo), short(hi));
    match ranges.first() {
        Some(first) if ranges.iter().all(|r| r == first) => iv(*first),
        _ => vars
            .iter()
            .zip(ranges)
            .map(|(v, r)| format!("{v} in {}", iv(*r)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn describe_point(point: &[(String, f64)]) -> String {
    point
        .iter()
        .map(|(n, x)| format!("{n} = {}", short(*x)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reports a function undefined on much of its domain.
fn check_defined(
    sink: &mut Sink<'_>,
    pos: Pos,
    text: &str,
    expr: &Expr,
    vars: &[String],
    ranges: &[(f64, f64)],
    columns: &[Vec<f64>],
) {
    let share = undefined_share(expr, ranges, columns);
    if share <= UNDEFINED_WARNING {
        return;
    }
    let how_much = if share >= 1.0 {
        "all".to_string()
    } else {
        format!("{:.0}%", (share * 100.0).min(99.0))
    };
    let msg = format!(
        "`{text}` is undefined on {how_much} of the domain {}",
        describe_box(vars, ranges)
    );
    if share > UNDEFINED_ERROR {
        sink.error(pos, format!("{msg}: choose a `domain` where it is defined"));
    } else {
        sink.warning(pos, msg);
    }
}

fn columns_of(data: &[(String, Vec<f64>)]) -> Vec<Vec<f64>> {
    data.iter().map(|(_, c)| c.clone()).collect()
}

fn check_exercise(ex: &Exercise, info: &ItemInfo, sink: &mut Sink<'_>) {
    let errors_before = sink.errors();
    let here = |name: &str| info.pos(name).unwrap_or(ex.pos);
    let columns = columns_of(&ex.data);
    let scope = ex.function_scope();
    let vars = ex.kind.vars();
    let ranges: Vec<(f64, f64)> = vars.iter().map(|v| ex.domain.range(v)).collect();
    let functions: Vec<(String, &str)> = match &ex.kind {
        Kind::Derivative { function, .. }
        | Kind::Gradient { function, .. }
        | Kind::Directional { function, .. }
        | Kind::Extremum { function, .. }
        | Kind::Limit { function, .. } => vec![("function".to_string(), function.as_str())],
        Kind::Jacobian { functions, .. } => functions
            .iter()
            .enumerate()
            .map(|(i, f)| (format!("functions[{i}]"), f.as_str()))
            .collect(),
        Kind::Value { .. } | Kind::Table { .. } => Vec::new(),
    };
    let at = match &ex.kind {
        Kind::Derivative { at, .. }
        | Kind::Gradient { at, .. }
        | Kind::Jacobian { at, .. }
        | Kind::Directional { at, .. } => at.as_ref(),
        _ => None,
    };
    if let Some(point) = at {
        let outside: Vec<String> = point
            .iter()
            .filter(|(v, x)| {
                let (lo, hi) = ex.domain.range(v);
                *x < lo || *x > hi
            })
            .map(|(v, x)| {
                let (lo, hi) = ex.domain.range(v);
                format!(
                    "{v} = {} is outside [{}, {}]",
                    short(*x),
                    short(lo),
                    short(hi)
                )
            })
            .collect();
        if !outside.is_empty() {
            sink.warning(
                here("at"),
                format!("`at` lies outside the domain: {}", outside.join(", ")),
            );
        }
    }
    for (field, text) in &functions {
        let Ok(expr) = Expr::parse(text, &scope) else {
            continue;
        };
        check_defined(sink, here(field), text, &expr, vars, &ranges, &columns);
        if let Some(point) = at {
            let values: Vec<f64> = point.iter().map(|(_, x)| *x).collect();
            if !expr.eval_data(&values, &columns).is_finite() {
                sink.error(
                    here("at"),
                    format!("`{text}` is undefined at `at` ({})", describe_point(point)),
                );
            }
        }
    }
    match &ex.kind {
        Kind::Directional { direction, .. } => {
            check_direction(ex, direction, here("direction"), sink)
        }
        Kind::Value { value } => {
            if let Ok(expr) = Expr::parse(value, &ex.function_scope()) {
                if !expr.eval_data(&[], &columns).is_finite() {
                    sink.error(here("value"), format!("`{value}` has no finite value"));
                }
            }
        }
        Kind::Table {
            columns: cols,
            totals,
        } => check_table(ex, cols, totals, info, sink),
        _ => {}
    }
    // The checker's own set-up fails on what was just reported (a function undefined on its
    // domain, say): one message per problem is enough.
    if sink.errors() == errors_before {
        check_with_checker(ex, info, sink);
    }
}

/// Runs the checker on the exercise: it must be checkable (the truth computable at enough
/// points, the derivative at `at` defined, the limit existing, an extremum of the goal's kind in
/// the domain), and its reference `answer`, when there is one, must be right.
fn check_with_checker(ex: &Exercise, info: &ItemInfo, sink: &mut Sink<'_>) {
    let subject = info
        .pos("function")
        .or_else(|| info.pos("functions[0]"))
        .or_else(|| info.pos("value"))
        .or_else(|| info.pos("columns"))
        .unwrap_or(ex.pos);
    if let Err(e) = Checker::new(ex) {
        sink.error(subject, format!("`{}` cannot be checked: {e}", ex.id));
        return;
    }
    if let Err(why) = verify_answer_key(ex) {
        match info.pos("answer") {
            Some(pos) => sink.error(pos, format!("wrong answer key for `{}`: {why}", ex.id)),
            None => sink.error(subject, format!("`{}` cannot be checked: {why}", ex.id)),
        }
    }
}

fn check_direction(ex: &Exercise, direction: &[String], pos: Pos, sink: &mut Sink<'_>) {
    let scope = Scope::new::<&str>(&[])
        .with_params(&ex.params)
        .with_log(ex.log);
    let comps: Vec<f64> = direction
        .iter()
        .map(|d| eval_constant(d, &scope).unwrap_or(f64::NAN))
        .collect();
    let norm = comps.iter().map(|c| c * c).sum::<f64>().sqrt();
    if !norm.is_finite() {
        sink.error(
            pos,
            "`direction` has a component with no finite value".to_string(),
        );
    } else if norm == 0.0 {
        sink.error(pos, "`direction` is the zero vector".to_string());
    } else if (norm - 1.0).abs() > UNIT_TOLERANCE {
        sink.warning(
            pos,
            format!(
                "`direction` is not a unit vector: its norm is {}",
                short((norm * 1e4).round() / 1e4)
            ),
        );
    }
}

/// Every cell and total must have a finite value.
fn check_table(
    ex: &Exercise,
    cols: &[super::TableColumn],
    totals: &[super::TableColumn],
    info: &ItemInfo,
    sink: &mut Sink<'_>,
) {
    let rows = ex.data.first().map(|(_, c)| c.len()).unwrap_or(0);
    let mut names: Vec<String> = ex.data.iter().map(|(n, _)| n.clone()).collect();
    let mut values: Vec<Vec<f64>> = columns_of(&ex.data);
    for col in cols {
        let scope = Scope::new(&names).with_params(&ex.params).with_log(ex.log);
        let Ok(expr) = Expr::parse(&col.formula, &scope) else {
            return;
        };
        let cells: Vec<f64> = (0..rows)
            .map(|r| {
                let row: Vec<f64> = values.iter().map(|c| c[r]).collect();
                expr.eval(&row)
            })
            .collect();
        if let Some(r) = cells.iter().position(|x| !x.is_finite()) {
            let pos = info.pos(&format!("columns.{}", col.name)).unwrap_or(ex.pos);
            sink.error(
                pos,
                format!(
                    "column `{}` has no finite value in row {} of {rows}",
                    col.name,
                    r + 1
                ),
            );
            return;
        }
        names.push(col.name.clone());
        values.push(cells);
    }
    // A total sees whole columns and the totals before it.
    let mut total_names: Vec<String> = Vec::new();
    let mut total_values: Vec<f64> = Vec::new();
    for tot in totals {
        let scope = Scope::new(&total_names)
            .with_params(&ex.params)
            .with_columns(&names)
            .with_log(ex.log);
        let Ok(expr) = Expr::parse(&tot.formula, &scope) else {
            return;
        };
        let v = expr.eval_data(&total_values, &values);
        if !v.is_finite() {
            let pos = info.pos(&format!("totals.{}", tot.name)).unwrap_or(ex.pos);
            sink.error(pos, format!("total `{}` has no finite value", tot.name));
            return;
        }
        total_names.push(tot.name.clone());
        total_values.push(v);
    }
}

fn check_descent(d: &Descent, info: &ItemInfo, sink: &mut Sink<'_>) {
    let columns = columns_of(&d.data);
    let scope = d.scope();
    let here = |name: &str| info.pos(name).unwrap_or(d.pos);
    let start: Vec<(String, f64)> = d
        .vars
        .iter()
        .cloned()
        .zip(d.start.iter().copied())
        .collect();
    if let Ok(expr) = Expr::parse(&d.function, &scope) {
        if !expr.eval_data(&d.start, &columns).is_finite() {
            sink.error(
                here("start"),
                format!(
                    "`{}` is undefined at `start` ({})",
                    d.function,
                    describe_point(&start)
                ),
            );
        }
    }
    for g in d.gradient.iter().flatten() {
        if let Ok(expr) = Expr::parse(g, &scope) {
            if !expr.eval_data(&d.start, &columns).is_finite() {
                sink.error(
                    here("gradient"),
                    format!(
                        "gradient component `{g}` is undefined at `start` ({})",
                        describe_point(&start)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halton_points_fill_the_box() {
        let pts = sample_box(&[(-3.0, 3.0), (0.0, 1.0)], 200);
        assert_eq!(pts.len(), 200);
        assert!(pts
            .iter()
            .all(|p| (-3.0..=3.0).contains(&p[0]) && (0.0..=1.0).contains(&p[1])));
        let left = pts.iter().filter(|p| p[0] < 0.0).count();
        assert!((95..=105).contains(&left), "{left}");
    }

    #[test]
    fn summary_counts_with_plurals() {
        let r = Report {
            diagnostics: Vec::new(),
            files: 1,
            exercises: 2,
            descents: 1,
        };
        assert_eq!(
            r.summary(),
            "checked 1 file, 2 exercises, 1 descent example: 0 errors, 0 warnings"
        );
    }
}
