//! The answer's shape and its cells: what each cell is the truth of, how it is named, and its id.
//!
//! A [`CellId`] is written one way everywhere a person or a script reads it — verdicts, `grade
//! --json`, `check`, the tutor's grid — and numbered from 1: component `2`, entry `1,2` (row 1,
//! column 2), table cell `z[3]`, total `cost`. [`CellId`]'s `FromStr` reads exactly what its
//! `Display` writes.

use crate::exercise::{Answer, TableEntry};
use serde::{Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// One cell of an answer. Indices are 0-based inside the program; text is 1-based.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CellId {
    /// The whole answer, when it is one value or one expression.
    Whole,
    /// Component `i` of a vector (a gradient, a point): written `i + 1`.
    Component(usize),
    /// Row `r`, column `c` of a matrix: written `r + 1,c + 1`.
    Entry(usize, usize),
    /// Row `row` of a table's computed column: written `name[row + 1]`.
    Row { column: String, row: usize },
    /// A table's total: written as its name.
    Total(String),
}

impl fmt::Display for CellId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CellId::Whole => f.write_str("answer"),
            CellId::Component(i) => write!(f, "{}", i + 1),
            CellId::Entry(r, c) => write!(f, "{},{}", r + 1, c + 1),
            CellId::Row { column, row } => write!(f, "{column}[{}]", row + 1),
            CellId::Total(name) => f.write_str(name),
        }
    }
}

/// Why a text is not a cell id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a cell: cells are written 2 (a component), 1,2 (row 1, column 2), z[3] or a total's name, numbered from 1")]
pub struct BadCellId(pub String);

impl FromStr for CellId {
    type Err = BadCellId;

    fn from_str(s: &str) -> Result<CellId, BadCellId> {
        let bad = || BadCellId(s.to_string());
        let index = |t: &str| -> Result<usize, BadCellId> {
            t.trim()
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .ok_or_else(bad)
        };
        let t = s.trim();
        if t == "answer" {
            return Ok(CellId::Whole);
        }
        if let Some((r, c)) = t.split_once(',') {
            return Ok(CellId::Entry(index(r)?, index(c)?));
        }
        if t.bytes().all(|b| b.is_ascii_digit()) && !t.is_empty() {
            return Ok(CellId::Component(index(t)?));
        }
        let is_name = |n: &str| {
            n.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && n.chars().all(|c| c.is_alphanumeric() || c == '_')
        };
        if let Some((name, rest)) = t.split_once('[') {
            let row = rest.strip_suffix(']').ok_or_else(bad)?;
            if !is_name(name) {
                return Err(bad());
            }
            return Ok(CellId::Row {
                column: name.to_string(),
                row: index(row)?,
            });
        }
        if is_name(t) {
            Ok(CellId::Total(t.to_string()))
        } else {
            Err(bad())
        }
    }
}

impl CellId {
    /// The text this cell holds in `answer`, when the answer has that cell (a single value
    /// also answers a one-component vector, a flat list a one-row matrix).
    pub fn text_in<'a>(&self, answer: &'a Answer) -> Option<&'a str> {
        match (answer, self) {
            (Answer::Scalar(s), CellId::Whole | CellId::Component(0)) => Some(s),
            (Answer::Vector(v), CellId::Whole) if v.len() == 1 => Some(&v[0]),
            (Answer::Vector(v), CellId::Component(i) | CellId::Entry(0, i)) => {
                v.get(*i).map(String::as_str)
            }
            (Answer::Matrix(m), CellId::Entry(r, c)) => m.get(*r)?.get(*c).map(String::as_str),
            (Answer::Table(t), CellId::Row { column, row }) => t
                .iter()
                .find(|(n, _)| n == column)
                .and_then(|(_, e)| match e {
                    TableEntry::Column(cells) => cells.get(*row).map(String::as_str),
                    TableEntry::Total(_) => None,
                }),
            (Answer::Table(t), CellId::Total(name)) => {
                t.iter()
                    .find(|(n, _)| n == name)
                    .and_then(|(_, e)| match e {
                        TableEntry::Total(s) => Some(s.as_str()),
                        TableEntry::Column(cells) if cells.len() == 1 => Some(cells[0].as_str()),
                        TableEntry::Column(_) => None,
                    })
            }
            _ => None,
        }
    }
}

impl Serialize for CellId {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_str(self)
    }
}

impl PartialEq<str> for CellId {
    fn eq(&self, other: &str) -> bool {
        other.parse::<CellId>().is_ok_and(|c| c == *self)
    }
}

impl PartialEq<&str> for CellId {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<CellId> for String {
    fn eq(&self, other: &CellId) -> bool {
        *other == *self.as_str()
    }
}

/// The shape an answer must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Scalar,
    Vector(usize),
    /// Rows, columns.
    Matrix(usize, usize),
    /// Named columns and totals (their sizes are in the question's table).
    Table,
}

impl Shape {
    /// The id of cell `i` in row-major order (tables name their cells themselves).
    pub fn cell_id(self, i: usize) -> CellId {
        match self {
            Shape::Scalar | Shape::Table => CellId::Whole,
            Shape::Vector(_) => CellId::Component(i),
            Shape::Matrix(_, c) => CellId::Entry(i / c.max(1), i % c.max(1)),
        }
    }
}

/// What one cell of the answer is the truth of.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A partial derivative of function `func` by the variables `idx`, in order of
    /// differentiation.
    Partial { func: usize, idx: Vec<usize> },
    /// The rate of change of function `func` along the unit vector `dir`.
    Directional { func: usize, dir: Vec<f64> },
    /// The exercise's `value`.
    Value,
    /// Coordinate `i` of the extreme point.
    Coordinate(usize),
    /// The limit along the curve.
    Limit,
    /// Row `row` of computed column `column` of the table.
    TableCell { column: usize, row: usize },
    /// Total `k` of the table.
    Total(usize),
}

impl Target {
    /// The function a derivative target differentiates.
    pub fn func(&self) -> Option<usize> {
        match self {
            Target::Partial { func, .. } | Target::Directional { func, .. } => Some(*func),
            _ => None,
        }
    }
}

/// One cell: its id, what it is the truth of, and how it is named for a student.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub id: CellId,
    pub target: Target,
    /// The truth's name: "the derivative", "∂f/∂y", "∂f₂/∂x", "the value", "x", "z in row 3".
    pub label: String,
}

impl Cell {
    /// Where the cell is, for a student: "component 2 (∂f/∂y)", "row 1, column 2 (∂f₁/∂y)",
    /// "coordinate 1 (x)", "z[3]"; the whole answer is "your answer".
    pub fn place(&self, unit: &str) -> String {
        match &self.id {
            CellId::Whole => "your answer".to_string(),
            CellId::Component(i) => format!("{unit} {} ({})", i + 1, self.label),
            CellId::Entry(r, c) => format!("row {}, column {} ({})", r + 1, c + 1, self.label),
            CellId::Row { .. } | CellId::Total(_) => self.id.to_string(),
        }
    }
}

/// The words for the answer as a whole, in shape messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Naming {
    /// "the gradient", "the Jacobian", "the derivative", "the point".
    pub what: &'static str,
    /// ("component", "components"), ("entry", "entries"), ("coordinate", "coordinates").
    pub unit: (&'static str, &'static str),
}

/// What the answer must look like: its shape, its cells in order, and whether each cell is an
/// expression in the question's variables or a number.
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerShape {
    pub shape: Shape,
    pub cells: Vec<Cell>,
    pub naming: Naming,
    /// The variables an expression answer may use; empty when numbers are asked.
    pub vars: Vec<String>,
}

impl AnswerShape {
    /// Whether the answer is made of expressions (compared at sample points) rather than numbers.
    pub fn expressions(&self) -> bool {
        !self.vars.is_empty()
    }

    /// The cell with this id.
    pub fn cell(&self, id: &CellId) -> Option<&Cell> {
        self.cells.iter().find(|c| &c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_written_from_one_and_read_back() {
        let ids = [
            (CellId::Component(0), "1"),
            (CellId::Component(11), "12"),
            (CellId::Entry(0, 1), "1,2"),
            (
                CellId::Row {
                    column: "z".into(),
                    row: 2,
                },
                "z[3]",
            ),
            (CellId::Total("cost".into()), "cost"),
            (CellId::Whole, "answer"),
        ];
        for (id, text) in ids {
            assert_eq!(id.to_string(), text);
            assert_eq!(text.parse::<CellId>(), Ok(id.clone()));
            assert_eq!(id, text);
        }
    }

    #[test]
    fn zero_and_junk_are_not_cells() {
        for bad in ["0", "0,1", "z[0]", "z[", "1,", "[3]", "", "2x"] {
            assert!(bad.parse::<CellId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_cell_finds_its_text_in_an_answer() {
        let m = Answer::Matrix(vec![
            vec!["a".into(), "b".into()],
            vec!["c".into(), "d".into()],
        ]);
        assert_eq!(CellId::Entry(1, 0).text_in(&m), Some("c"));
        assert_eq!(CellId::Entry(2, 0).text_in(&m), None);
        let t = Answer::Table(vec![
            ("z".into(), TableEntry::Column(vec!["1".into(), "2".into()])),
            ("L".into(), TableEntry::Total("3".into())),
        ]);
        let z2: CellId = "z[2]".parse().unwrap();
        assert_eq!(z2.text_in(&t), Some("2"));
        assert_eq!(CellId::Total("L".into()).text_in(&t), Some("3"));
        assert_eq!(
            CellId::Whole.text_in(&Answer::Scalar("x".into())),
            Some("x")
        );
    }

    #[test]
    fn json_holds_the_same_text() {
        let json = serde_json::to_string(&CellId::Entry(1, 0)).unwrap();
        assert_eq!(json, "\"2,1\"");
    }

    #[test]
    fn places_name_the_cell_for_a_student() {
        let cell = |id, label: &str| Cell {
            id,
            target: Target::Value,
            label: label.into(),
        };
        assert_eq!(
            cell(CellId::Component(1), "∂f/∂y").place("component"),
            "component 2 (∂f/∂y)"
        );
        assert_eq!(
            cell(CellId::Entry(0, 1), "∂f₁/∂y").place("entry"),
            "row 1, column 2 (∂f₁/∂y)"
        );
        assert_eq!(
            cell(CellId::Whole, "the value").place("value"),
            "your answer"
        );
    }
}
