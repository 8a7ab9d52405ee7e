//! The answer grid of vector, matrix and table answers: one input cell per component, each
//! marked on its own (✓ right, ✗ wrong, ! unreadable, · not checked); a table shows its data
//! columns beside the cells to fill and its totals below.

use crate::tui::exercise::{ExerciseScreen, Field, GridKind, Preview};
use crate::tui::text::{truncate, width};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};

fn mark(f: &Field, th: Theme) -> (&'static str, Style) {
    use crate::check::Status;
    match (f.mark, &f.preview) {
        (Some(Status::Correct), _) => ("✓", th.correct()),
        (Some(Status::Incorrect), _) => ("✗", th.wrong()),
        (Some(Status::Invalid), _) | (_, Preview::Error { .. }) => ("!", th.error()),
        _ => ("·", th.text()),
    }
}

/// Draws one cell (mark, then the text) in `area`; returns the cursor when it is focused.
fn cell(f: &Field, focused: bool, area: Rect, buf: &mut Buffer, th: Theme) -> Option<Position> {
    // Cells past the right edge (a very wide matrix) are not drawn.
    let area = area.intersection(*buf.area());
    if area.width < 3 {
        return None;
    }
    let (sym, style) = mark(f, th);
    buf.set_stringn(area.x, area.y, sym, 1, style);
    let field = Rect::new(area.x + 2, area.y, area.width - 2, 1);
    let text_style = if focused {
        Style::new().add_modifier(Modifier::UNDERLINED)
    } else {
        th.text()
    };
    if focused {
        buf.set_style(field, text_style);
    }
    let pos = f.input.render_line(field, buf, text_style);
    if focused {
        pos
    } else {
        None
    }
}

/// Which of a grid's rows are drawn: the `header` rows of titles, then the rows from `first`
/// on, as many as fit; `first` is chosen so that the focused cell's row is in view.
#[derive(Clone, Copy, Debug)]
struct Rows {
    header: usize,
    first: usize,
}

impl Rows {
    fn new(v: &ExerciseScreen, area: Rect, header: usize) -> Rows {
        let visible = usize::from(area.height).saturating_sub(header).max(1);
        let focus_row = v.fields().get(v.focus()).map_or(0, |f| f.at.0);
        Rows {
            header,
            first: (focus_row + 1).saturating_sub(visible),
        }
    }

    /// The screen row of grid row `row` (title rows first), if it is drawn.
    fn y(self, area: Rect, row: usize) -> Option<u16> {
        let shown = if row < self.header {
            row
        } else {
            self.header + (row - self.header).checked_sub(self.first)?
        };
        let y = area.y.checked_add(u16::try_from(shown).ok()?)?;
        (y < area.bottom()).then_some(y)
    }
}

/// How many rows of cells are out of view above and below the grid in `area` (the focused
/// one never is).
pub fn hidden_rows(v: &ExerciseScreen, kind: &GridKind, area: Rect) -> (usize, usize) {
    let (header, total) = match kind {
        GridKind::Vector => (0, v.fields().len()),
        GridKind::Matrix { rows, .. } => (1, rows.len()),
        GridKind::Table { nrows, totals, .. } => (1, nrows + totals.len()),
    };
    let rows = Rows::new(v, area, header);
    let visible = usize::from(area.height).saturating_sub(header).max(1);
    let below = total.saturating_sub(rows.first + visible);
    (rows.first, below)
}

fn u(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Draws the grid inside the answer box; returns where the cursor goes.
pub fn render(
    v: &ExerciseScreen,
    kind: &GridKind,
    area: Rect,
    buf: &mut Buffer,
    th: Theme,
) -> Option<Position> {
    match kind {
        GridKind::Vector => vector(v, area, buf, th),
        GridKind::Matrix { rows, cols } => matrix(v, rows, cols, area, buf, th),
        GridKind::Table {
            data,
            columns,
            totals,
            nrows,
        } => {
            let t = TableParts {
                data,
                columns,
                totals,
                nrows: *nrows,
            };
            table(v, &t, area, buf, th)
        }
    }
}

/// One cell per component, its label on the left and its preview on the right.
fn vector(v: &ExerciseScreen, area: Rect, buf: &mut Buffer, th: Theme) -> Option<Position> {
    let mut cursor = None;
    let at = Rows::new(v, area, 0);
    let w = usize::from(area.width);
    let lw = v
        .fields()
        .iter()
        .map(|f| width(&f.label))
        .max()
        .unwrap_or(0);
    let rest = w.saturating_sub(lw + 1);
    let cw = (rest / 2).max(16).min(rest);
    for (i, f) in v.fields().iter().enumerate() {
        let Some(y) = at.y(area, i) else { continue };
        buf.set_stringn(area.x, y, &f.label, lw, th.key());
        let r = Rect::new(area.x + u(lw + 1), y, u(cw), 1);
        if let Some(p) = cell(f, i == v.focus(), r, buf, th) {
            cursor = Some(p);
        }
        let px = area.x + u(lw + 1 + cw + 1);
        let room = w.saturating_sub(lw + cw + 2);
        let (text, style) = match &f.preview {
            Preview::Understood(p) => (format!("= {p}"), th.muted()),
            Preview::Error { message, .. } => (format!("! {message}"), th.error()),
            Preview::Empty => (String::new(), th.muted()),
        };
        buf.set_stringn(px, y, truncate(&text, room), room, style);
    }

    cursor
}

/// Rows of cells under the columns' titles, each row titled by its function.
fn matrix(
    v: &ExerciseScreen,
    rows: &[String],
    cols: &[String],
    area: Rect,
    buf: &mut Buffer,
    th: Theme,
) -> Option<Position> {
    let mut cursor = None;
    let at = Rows::new(v, area, 1);
    let w = usize::from(area.width);
    let lw = rows.iter().map(|r| width(r)).max().unwrap_or(0).min(w / 3) + 1;
    let cw = (w.saturating_sub(lw) / cols.len().max(1)).max(4);
    for (c, title) in cols.iter().enumerate() {
        let x = area.x + u(lw + c * cw + 2);
        if x < area.right() {
            let room = (cw - 2).min(usize::from(area.right() - x));
            buf.set_stringn(x, area.y, truncate(title, room), room, th.key());
        }
    }
    for (r, title) in rows.iter().enumerate() {
        let Some(y) = at.y(area, r + 1) else { continue };
        buf.set_stringn(area.x, y, truncate(title, lw - 1), lw - 1, th.key());
        for c in 0..cols.len() {
            let i = r * cols.len() + c;
            let Some(f) = v.fields().get(i) else { continue };
            let rect = Rect::new(area.x + u(lw + c * cw), y, u(cw - 1), 1);
            if let Some(p) = cell(f, i == v.focus(), rect, buf, th) {
                cursor = Some(p);
            }
        }
    }

    cursor
}

/// The parts of a table grid: data columns, computed columns `(name, label)`, totals.
struct TableParts<'a> {
    data: &'a [(String, Vec<String>)],
    columns: &'a [(String, String)],
    totals: &'a [(String, String)],
    nrows: usize,
}

/// The data columns beside the cells of the computed columns, row by row; the totals below.
fn table(
    v: &ExerciseScreen,
    t: &TableParts,
    area: Rect,
    buf: &mut Buffer,
    th: Theme,
) -> Option<Position> {
    let mut cursor = None;
    let at = Rows::new(v, area, 1);
    let w = usize::from(area.width);
    let dw: Vec<usize> = t
        .data
        .iter()
        .map(|(name, vals)| {
            vals.iter()
                .map(|x| width(x))
                .chain([width(name)])
                .max()
                .unwrap_or(1)
                + 2
        })
        .collect();
    let data_w: usize = dw.iter().sum::<usize>() + 1;
    let cw = (w.saturating_sub(data_w) / t.columns.len().max(1)).max(4);
    // Header.
    let mut x = area.x;
    for ((name, _), dwi) in t.data.iter().zip(&dw) {
        buf.set_stringn(x, area.y, name, *dwi, th.muted());
        x += u(*dwi);
    }
    buf.set_stringn(x, area.y, "│", 1, th.muted());
    for (c, (_, label)) in t.columns.iter().enumerate() {
        let cx = area.x + u(data_w + c * cw + 2);
        if cx < area.right() {
            let room = (cw - 2).min(usize::from(area.right() - cx));
            buf.set_stringn(cx, area.y, truncate(label, room), room, th.key());
        }
    }
    for r in 0..t.nrows {
        let Some(y) = at.y(area, r + 1) else { continue };
        let mut x = area.x;
        for ((_, vals), dwi) in t.data.iter().zip(&dw) {
            let s = vals.get(r).map_or("", String::as_str);
            buf.set_stringn(x, y, s, *dwi, th.muted());
            x += u(*dwi);
        }
        buf.set_stringn(x, y, "│", 1, th.muted());
        for c in 0..t.columns.len() {
            let i = r * t.columns.len() + c;
            let Some(f) = v.fields().get(i) else { continue };
            let rect = Rect::new(area.x + u(data_w + c * cw), y, u(cw - 1), 1);
            if let Some(p) = cell(f, i == v.focus(), rect, buf, th) {
                cursor = Some(p);
            }
        }
    }
    totals(v, t, (at, cw), area, buf, th).or(cursor)
}

/// The totals' cells under the table, each after its label; `cw` is a column's width.
fn totals(
    v: &ExerciseScreen,
    t: &TableParts,
    (at, cw): (Rows, usize),
    area: Rect,
    buf: &mut Buffer,
    th: Theme,
) -> Option<Position> {
    let mut cursor = None;
    let w = usize::from(area.width);
    let base = t.nrows * t.columns.len();
    let tw = t.totals.iter().map(|(_, l)| width(l)).max().unwrap_or(0) + 3;
    for (k, (_, label)) in t.totals.iter().enumerate() {
        let Some(y) = at.y(area, t.nrows + 1 + k) else {
            continue;
        };
        let i = base + k;
        let Some(f) = v.fields().get(i) else { continue };
        buf.set_stringn(area.x, y, format!("{label} ="), tw, th.key());
        let rect = Rect::new(
            area.x + u(tw),
            y,
            u(cw.max(24).min(w.saturating_sub(tw))),
            1,
        );
        if let Some(p) = cell(f, i == v.focus(), rect, buf, th) {
            cursor = Some(p);
        }
    }

    cursor
}
