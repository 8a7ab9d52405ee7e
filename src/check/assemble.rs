//! One verdict from the verdicts of an answer's cells: how expression and number answers (a
//! derivative, a gradient, a Jacobian, at a point or everywhere) are reported alike.

use super::{CellVerdict, Diagnosis, Status, Verdict, Voice};
use crate::question::{Cell, Naming, Shape};
use crate::text;

/// What was found in one cell: right, or wrong with a message and maybe a diagnosis.
pub(crate) type Found = Option<(String, Option<Diagnosis>)>;

/// "right" for every cell of a vector or matrix answer (none for a single value).
pub(crate) fn all_right(shape: Shape, cells: &[Cell], message: String) -> Verdict {
    let mut v = Verdict::correct(message);
    if shape != Shape::Scalar {
        v.cells = Some(cells.iter().map(right).collect());
    }
    v
}

fn right(cell: &Cell) -> CellVerdict {
    CellVerdict {
        cell: cell.id.clone(),
        verdict: Status::Correct,
        message: "right".into(),
    }
}

/// The verdict on an answer with wrong cells: each cell's verdict, and a message that names the
/// first wrong cell ("Component 2 (∂f/∂y) is wrong: …", "2 of 4 entries are wrong; row 1, …")
/// with its diagnosis. A single value's message is its cell's own.
pub(crate) fn wrong_cells(
    shape: Shape,
    cells: &[Cell],
    naming: &Naming,
    found: Vec<Found>,
    voice: Voice,
) -> Verdict {
    let place = |c: usize| cells[c].place(naming.unit.0);
    let wrong = found.iter().filter(|f| f.is_some()).count();
    let mut first: Option<(usize, String, Option<Diagnosis>)> = None;
    let mut verdicts = Vec::with_capacity(cells.len());
    for (c, f) in found.into_iter().enumerate() {
        let Some((message, diagnosis)) = f else {
            verdicts.push(right(&cells[c]));
            continue;
        };
        verdicts.push(CellVerdict {
            cell: cells[c].id.clone(),
            verdict: Status::Incorrect,
            message: message.clone(),
        });
        first.get_or_insert((c, message, diagnosis));
    }
    let Some((c, message, diagnosis)) = first else {
        return Verdict::incorrect(format!("{} is not right.", voice.yours_cap()), None);
    };
    if shape == Shape::Scalar {
        return Verdict::incorrect(message, diagnosis);
    }
    let head = if wrong == 1 {
        format!("{} is wrong", text::capitalize(&place(c)))
    } else {
        format!(
            "{wrong} of {} {} are wrong; {}",
            cells.len(),
            naming.unit.1,
            place(c)
        )
    };
    let mut v = Verdict::incorrect(
        format!("{head}: {}", text::lower_first(&message)),
        diagnosis,
    );
    v.cells = Some(verdicts);
    v
}
