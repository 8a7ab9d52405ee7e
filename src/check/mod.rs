//! Verdicts: is a student's answer right, and if not, what is wrong and where.
//!
//! CONTRACT (used by grade, the CLI and the TUI): `check(&exercise, &answer) -> Verdict`.
//! A `Checker` prepares an exercise once (compiled functions, sample points, the truth) so that
//! many answers can be checked quickly.

use crate::exercise::{Answer, Exercise};
use crate::math::{ParseError, Span};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Correct,
    Incorrect,
    /// Could not be read, or has the wrong shape.
    Invalid,
}

/// The recognised mistake, when there is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Diagnosis {
    ConstantFactor,
    Sign,
    NotDifferentiated,
    WrongVariable,
    WrongOrder,
    PartlyWrong,
    Swapped,
    Transposed,
    LogBase,
    RowShift,
}

/// The verdict on one cell of a vector, matrix or table answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CellVerdict {
    /// `"0"`, `"1,0"`, `"z[3]"`, `"cost"`.
    pub cell: String,
    pub verdict: Status,
    pub message: String,
}

/// Where an unreadable answer went wrong: which cell (None for a scalar) and the parse error.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadError {
    pub cell: Option<String>,
    pub error: ParseError,
}

impl ReadError {
    pub fn span(&self) -> Span {
        self.error.span
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub status: Status,
    /// One or two plain sentences for the student.
    pub message: String,
    pub diagnosis: Option<Diagnosis>,
    pub cells: Option<Vec<CellVerdict>>,
    /// Set when the status is `Invalid` because an expression could not be read.
    pub read_error: Option<ReadError>,
}

/// Checks one answer to one exercise.
/// TEMPORARY: the checker work replaces this with numerical verdicts.
pub fn check(exercise: &Exercise, answer: &Answer) -> Verdict {
    let _ = (exercise, answer);
    Verdict {
        status: Status::Invalid,
        message: "the checker is not built yet".to_string(),
        diagnosis: None,
        cells: None,
        read_error: None,
    }
}
