//! The answer's cells on screen, laid out from the prepared question's answer shape: one cell
//! per [`Cell`] of the question, with the question's [`CellId`] (so a verdict's cells are found
//! by id, never by a rebuilt string) and its name; the grid's kind (vector, matrix, table) and
//! its titles; and the conversions between the cells' texts and an [`Answer`].

use crate::check::Status;
use crate::exercise::{Answer, TableEntry};
use crate::math::Span;
use crate::question::{Ask, Cell, CellId, Question, Shape, Target};
use crate::tui::widgets::input::Input;

/// What was understood of one cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Preview {
    Empty,
    Understood(String),
    Error { message: String, span: Span },
}

/// One answer cell: its text, its preview, and its mark after checking.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub input: Input,
    pub preview: Preview,
    /// The preview is stale (recomputed before the next frame).
    pub dirty: bool,
    /// The question's cell this is.
    pub key: CellId,
    /// Shown beside the cell and in its feedback.
    pub label: String,
    /// The verdict on this cell from the last check, cleared when it is edited.
    pub mark: Option<Status>,
    /// Grid position (row, column).
    pub at: (usize, usize),
}

impl Field {
    fn new(key: CellId, label: String, at: (usize, usize)) -> Field {
        Field {
            input: Input::default(),
            preview: Preview::Empty,
            dirty: false,
            key,
            label,
            mark: None,
            at,
        }
    }

    pub(super) fn set_text(&mut self, text: &str) {
        self.input.set(text);
        self.dirty = true;
        self.mark = None;
    }

    fn text(&self) -> String {
        self.input.text().trim().to_string()
    }
}

/// How a grid is laid out.
#[derive(Clone, Debug, PartialEq)]
pub enum GridKind {
    /// One cell per component, one per row.
    Vector,
    /// Rows x columns; `rows` and `cols` titles.
    Matrix {
        rows: Vec<String>,
        cols: Vec<String>,
    },
    /// Data columns beside the computed columns; totals below.
    Table {
        /// The columns shown beside the cells, each with its heading and one text per row:
        /// a table's data (numbers written once, when the screen opens), a graph's nodes.
        data: Vec<(String, Vec<String>)>,
        /// Computed columns: (name, label).
        columns: Vec<(String, String)>,
        /// Totals: (name, label).
        totals: Vec<(String, String)>,
        nrows: usize,
    },
}

/// The cells of `question`'s answer, in the order Tab visits them (row by row), and the grid
/// they form (`None`: a single answer line). Without a question (it could not be prepared),
/// one answer line.
pub(super) fn layout(
    question: Option<&Question>,
    pretty: &dyn Fn(&str) -> String,
) -> (Vec<Field>, Option<GridKind>) {
    let line = || (vec![Field::new(CellId::Whole, String::new(), (0, 0))], None);
    let Some(q) = question else {
        return line();
    };
    let grid = match (q.answer.shape, &q.ask) {
        (Shape::Scalar, _) => return line(),
        (Shape::Vector(_), _) => GridKind::Vector,
        (Shape::Matrix(rows, cols), ask) => {
            let (rows, cols) = match ask {
                Ask::Rates(r) => (
                    r.functions.iter().map(|f| pretty(&f.text)).collect(),
                    r.vars.iter().map(|v| format!("∂/∂{v}")).collect(),
                ),
                _ => (
                    (1..=rows).map(|i| format!("row {i}")).collect(),
                    (1..=cols).map(|j| format!("column {j}")).collect(),
                ),
            };
            GridKind::Matrix { rows, cols }
        }
        (Shape::Table, Ask::Table(t)) => {
            let named = |c: &crate::question::Computed| {
                (
                    c.name.clone(),
                    c.label.clone().unwrap_or_else(|| c.name.clone()),
                )
            };
            GridKind::Table {
                data: t
                    .data_names
                    .iter()
                    .zip(&q.data)
                    .map(|(name, vals)| {
                        (name.clone(), vals.iter().map(|v| format!("{v}")).collect())
                    })
                    .collect(),
                columns: t.columns.iter().map(named).collect(),
                totals: t.totals.iter().map(named).collect(),
                nrows: t.rows,
            }
        }
        // A graph exercise: one row per asked node, one column per asked quantity.
        (Shape::Table, Ask::Graph(g)) => GridKind::Table {
            // Each row is named by its node, as the prompt names it.
            data: vec![(
                "node".to_string(),
                g.nodes.iter().map(|n| n.label.clone()).collect(),
            )],
            columns: g
                .ask
                .iter()
                .map(|a| (a.name().to_string(), a.name().to_string()))
                .collect(),
            totals: Vec::new(),
            nrows: g.nodes.len(),
        },
        (Shape::Table, _) => return line(),
    };
    let mut fields: Vec<Field> = q
        .answer
        .cells
        .iter()
        .map(|c| Field::new(c.id.clone(), label(c, &grid), position(&c.id, &grid)))
        .collect();
    fields.sort_by_key(|f| f.at);
    (fields, Some(grid))
}

/// A cell's name beside it and in its feedback: the question's name for it (`∂f/∂y`,
/// `∂f₂/∂x`), `x =` for a coordinate, the id for a table's cell (`z[3]`), a total's label.
fn label(cell: &Cell, grid: &GridKind) -> String {
    match (&cell.id, &cell.target, grid) {
        (_, Target::Coordinate(_), _) => format!("{} =", cell.label),
        (CellId::Total(name), _, GridKind::Table { totals, .. }) => totals
            .iter()
            .find(|(n, _)| n == name)
            .map_or_else(|| name.clone(), |(_, l)| l.clone()),
        (CellId::Row { .. }, _, _) => cell.id.to_string(),
        _ => cell.label.clone(),
    }
}

/// Where a cell sits in its grid: (row, column).
fn position(id: &CellId, grid: &GridKind) -> (usize, usize) {
    match (id, grid) {
        (CellId::Whole, _) => (0, 0),
        (CellId::Component(i), _) => (*i, 0),
        (CellId::Entry(r, c), _) => (*r, *c),
        (CellId::Row { column, row }, GridKind::Table { columns, .. }) => (
            *row,
            columns.iter().position(|(n, _)| n == column).unwrap_or(0),
        ),
        (CellId::Total(name), GridKind::Table { totals, nrows, .. }) => (
            nrows + totals.iter().position(|(n, _)| n == name).unwrap_or(0),
            0,
        ),
        (CellId::Row { row, .. }, _) => (*row, 0),
        (CellId::Total(_), _) => (0, 0),
    }
}

/// The answer as typed, in the checker's shape.
pub(super) fn answer(fields: &[Field], grid: Option<&GridKind>) -> Answer {
    let text = |id: CellId| {
        fields
            .iter()
            .find(|f| f.key == id)
            .map(Field::text)
            .unwrap_or_default()
    };
    match grid {
        None => Answer::Scalar(fields.first().map(Field::text).unwrap_or_default()),
        Some(GridKind::Vector) => Answer::Vector(
            (0..fields.len())
                .map(|i| text(CellId::Component(i)))
                .collect(),
        ),
        Some(GridKind::Matrix { rows, cols }) => Answer::Matrix(
            (0..rows.len())
                .map(|r| (0..cols.len()).map(|c| text(CellId::Entry(r, c))).collect())
                .collect(),
        ),
        Some(GridKind::Table {
            columns,
            totals,
            nrows,
            ..
        }) => {
            let mut entries = Vec::new();
            for (name, _) in columns {
                let cells = (0..*nrows)
                    .map(|row| {
                        text(CellId::Row {
                            column: name.clone(),
                            row,
                        })
                    })
                    .collect();
                entries.push((name.clone(), TableEntry::Column(cells)));
            }
            for (name, _) in totals {
                let total = text(CellId::Total(name.clone()));
                entries.push((name.clone(), TableEntry::Total(total)));
            }
            Answer::Table(entries)
        }
    }
}

/// Fills the cells from an answer (history, drafts): each cell takes its own text in it. An
/// answer of another shape (the exercise changed since) fills the cells in order, as far as
/// it goes.
pub(super) fn fill(fields: &mut [Field], answer: &Answer) {
    let by_id: Vec<Option<String>> = fields
        .iter()
        .map(|f| f.key.text_in(answer).map(str::to_string))
        .collect();
    let texts: Vec<String> = if by_id.iter().any(Option::is_some) {
        by_id.into_iter().map(Option::unwrap_or_default).collect()
    } else {
        match answer {
            Answer::Scalar(s) => vec![s.clone()],
            Answer::Vector(v) => v.clone(),
            Answer::Matrix(m) => m.iter().flatten().cloned().collect(),
            Answer::Table(_) => Vec::new(),
        }
    };
    for (i, f) in fields.iter_mut().enumerate() {
        f.set_text(texts.get(i).map_or("", String::as_str));
    }
}
