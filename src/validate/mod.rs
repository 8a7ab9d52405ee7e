//! `gradtutor validate`: every problem in exercise files, each at its line and column.
//!
//! Loading's checks come first (structure, types, names, formulas: [`crate::exercise`]); then,
//! for every item that loaded, the checks that need the prepared [`Question`]: can it be
//! prepared (a table's cells computed, the function defined at `at`, a direction of some
//! length), lints that read it (a function undefined on much of its domain, `at` outside the
//! domain, a direction that is not a unit vector), and the checker's verdict on the item: can
//! it be checked, and is its answer key right. Nothing here computes what the question or the
//! checker computes; it reads their results and says where in the file the problem is.
//!
//! [`Question`]: crate::question::Question

mod descent;
mod domain;
mod exercise;
mod variants;

use crate::exercise::{
    bundled_sources, read_items, read_paths, sort_diagnostics, Diagnostic, ItemInfo, LoadError,
    Pos, Severity, SourceFile,
};
use std::fmt;
use std::path::PathBuf;

pub use domain::{sample_box, sample_columns, DOMAIN_SAMPLES, UNDEFINED_ERROR, UNDEFINED_WARNING};
pub use exercise::UNIT_TOLERANCE;
pub use variants::{
    descent_variant_errors, first_valid_descent_variant, first_valid_variant,
    student_valid_variant, variant_errors, Skipped, ValidDescent, ValidVariant, ValidVariantError,
    CHECKED_VARIANTS, MIN_DISTINCT, SEARCH_LIMIT,
};

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

    pub fn notes(&self) -> usize {
        self.count(Severity::Note)
    }

    fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == s).count()
    }

    /// `checked 7 files, 64 exercises, 9 descent examples: 0 errors, 2 warnings`, and
    /// `, 3 notes` when there are notes.
    pub fn summary(&self) -> String {
        fn n(k: usize, one: &str, many: &str) -> String {
            format!("{k} {}", if k == 1 { one } else { many })
        }
        let notes = match self.notes() {
            0 => String::new(),
            k => format!(", {}", n(k, "note", "notes")),
        };
        format!(
            "checked {}, {}, {}: {}, {}{notes}",
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

/// Validates files already in memory: every loading problem, then the checks on every item
/// that loaded (also in files that have errors elsewhere).
pub fn validate(files: &[SourceFile]) -> Report {
    let mut report = Report {
        files: files.len(),
        ..Report::default()
    };
    for mut out in read_items(files) {
        report.exercises += out.exercise_entries;
        report.descents += out.descent_entries;
        let mut sink = Sink {
            source: &out.set.source,
            diags: &mut out.diagnostics,
        };
        for (ex, info) in out.set.exercises.iter().zip(&out.exercise_info) {
            variants::check(ex, info, &mut sink);
        }
        for (d, info) in out.set.descents.iter().zip(&out.descent_info) {
            variants::check_descent(d, info, &mut sink);
        }
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

/// Where the diagnostics of one file go.
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

    fn note(&mut self, pos: Pos, message: String) {
        self.push(pos, Severity::Note, message);
    }

    fn errors(&self) -> usize {
        self.diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// Where a field is, or else where the item starts.
fn here(info: &ItemInfo, item: Pos, field: &str) -> Pos {
    info.pos(field).unwrap_or(item)
}

/// A number for a message: at most 6 significant figures (`3.14159`, `0.25`, `1e-7`).
fn short(x: f64) -> String {
    crate::text::sig(x, 6)
}

/// `x = 1, y = 2`.
fn describe_point(point: &[(String, f64)]) -> String {
    point
        .iter()
        .map(|(n, x)| format!("{n} = {}", short(*x)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
