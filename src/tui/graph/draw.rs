//! Drawing the graph screen: the title, the forward table (scrolled to keep the node in
//! question in view), the backward pass so far, the prediction line, the notice and the status
//! bar. Reads the screen's state only.

use super::{GraphScreen, Row};
use crate::tui::context::Ctx;
use crate::tui::layout;
use crate::tui::text::{truncate, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

/// The forward table's columns.
const HEAD: [&str; 6] = [
    "id",
    "node",
    "op",
    "inputs",
    "expression = value",
    "adjoint",
];
/// The expression column takes what the others leave.
const EXPR: usize = 4;

/// The forward table (or drawing) keeps at least this many lines, borders included, however
/// long the backward pass: its heading and three rows.
const MIN_TABLE: usize = 6;

/// Feedback on a prediction takes at most this many lines.
const FEEDBACK_LINES: usize = 3;

impl GraphScreen {
    pub fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let th = ctx.theme;
        let line_h = u16::from(ctx.notice.is_some());
        let left = format!(" {}", self.title);
        let right = self.title_right();
        let title_h = layout::title_height(&left, &right, area.width, 2);
        let answer = self.answer_lines(usize::from(area.width));
        let answer_h = u16::try_from(answer.len()).unwrap_or(0);
        let [title, body, answer_area, line, status] = Layout::vertical([
            Constraint::Length(title_h),
            Constraint::Min(6),
            Constraint::Length(answer_h),
            Constraint::Length(line_h),
            Constraint::Length(1),
        ])
        .areas(area);
        layout::title_bar(buf, title, &left, &right, th);

        // The backward pass gets the lines it needs (its newest derivations and, once done, the
        // summary), down to a forward table of a few rows; the table takes what is left and
        // scrolls to keep the node in question in view.
        let back = self.backward_lines(ctx, usize::from(body.width));
        let lines = if self.drawing {
            self.tree.len() + 2
        } else {
            self.rows.len() + 3
        };
        let table_h = table_height(lines, back.len() + 2, usize::from(body.height));
        let [top, bottom] =
            Layout::vertical([Constraint::Length(table_h), Constraint::Min(3)]).areas(body);
        if self.drawing {
            self.draw_tree(ctx, top, buf);
        } else {
            self.draw_table(ctx, top, buf);
        }
        self.draw_backward(ctx, bottom, buf, back);
        let cursor = self.draw_answer(ctx, answer_area, buf, answer);
        layout::notice_line(ctx, line, buf);
        layout::status_bar(ctx, status, buf);
        if ctx.overlay {
            None
        } else {
            cursor
        }
    }

    fn title_right(&self) -> String {
        if self.failure.is_some() {
            return "graph  no gradient ".to_string();
        }
        let mut s = format!("graph  backward {}/{}", self.shown, self.steps.len());
        if self.score.1 > 0 {
            s.push_str(&format!("  predicted {}/{}", self.score.0, self.score.1));
        }
        s.push(' ');
        s
    }

    /// The lines under the backward pass: the prediction being typed (and why it cannot be
    /// read), or the verdict on the last one.
    fn answer_lines(&self, w: usize) -> Vec<String> {
        if self.predict.is_some() {
            let mut lines = vec![String::new()];
            if let Some(err) = &self.predict_error {
                lines.push(truncate(&format!("✗ {err}"), w));
            }
            return lines;
        }
        match &self.feedback {
            Some(f) => {
                let mut lines = wrap(&f.text, w.max(1));
                if lines.len() > FEEDBACK_LINES {
                    lines.truncate(FEEDBACK_LINES);
                    if let Some(last) = lines.last_mut() {
                        *last = truncate(&format!("{last} …"), w);
                    }
                }
                lines
            }
            None => Vec::new(),
        }
    }

    fn draw_answer(
        &self,
        ctx: &Ctx,
        area: Rect,
        buf: &mut Buffer,
        lines: Vec<String>,
    ) -> Option<Position> {
        let th = ctx.theme;
        if let (Some(input), Some(step)) = (&self.predict, self.steps.get(self.shown)) {
            let label = truncate(
                &format!("predict {} = ", step.name),
                usize::from(area.width) / 2,
            );
            let lw = u16::try_from(width(&label)).unwrap_or(0);
            buf.set_stringn(area.x, area.y, &label, usize::from(area.width), th.key());
            let field = Rect {
                x: area.x + lw,
                width: area.width.saturating_sub(lw),
                height: 1,
                ..area
            };
            let pos = input.render_line(field, buf, th.text());
            if let Some(err) = lines.get(1) {
                buf.set_stringn(area.x, area.y + 1, err, usize::from(area.width), th.error());
            }
            return pos;
        }
        let style = match &self.feedback {
            Some(f) if f.correct => th.correct(),
            _ => th.wrong(),
        };
        let lines: Vec<Line> = lines.into_iter().map(|l| Line::styled(l, style)).collect();
        Paragraph::new(lines).render(area, buf);
        None
    }

    /// The node the table is about: the one being predicted, else the one shown last.
    fn focus(&self) -> Option<usize> {
        if self.predict.is_some() {
            self.next()
        } else {
            self.current()
        }
    }

    /// The adjoint column of a row: shown, hidden (`?`), or none (`—`, a constant).
    fn adjoint_cell(&self, r: &Row) -> String {
        match r.step {
            Some(k) if k < self.shown => self.steps[k].adjoint.clone(),
            Some(_) => "?".to_string(),
            None => "—".to_string(),
        }
    }

    /// Every row's cells, the focused node marked `▸` (also without colour).
    fn table_cells(&self) -> Vec<[String; 6]> {
        let focus = self.focus();
        self.rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let id = if Some(i) == focus {
                    format!("▸{}", r.cells[0])
                } else {
                    r.cells[0].clone()
                };
                [
                    id,
                    r.cells[1].clone(),
                    r.cells[2].clone(),
                    r.cells[3].clone(),
                    r.cells[4].clone(),
                    self.adjoint_cell(r),
                ]
            })
            .collect()
    }

    fn draw_table(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let th = ctx.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border())
            .title(" Forward: each node's value, in evaluation order ");
        let inner = block.inner(area);
        block.render(area, buf);
        let cells = self.table_cells();
        let widths = column_widths(&cells, usize::from(inner.width));
        let visible = usize::from(inner.height.saturating_sub(1));
        let focus = self.focus();
        // Keep the node in question in view; before the backward pass, the top.
        let skip = match focus {
            Some(f) => (f + 1).saturating_sub(visible),
            None => 0,
        };
        let mut lines = vec![Line::styled(
            table_line(&HEAD.map(str::to_string), &widths),
            th.heading(),
        )];
        for (i, c) in cells.iter().enumerate().skip(skip).take(visible) {
            let style = if Some(i) == focus {
                th.selected()
            } else {
                th.text()
            };
            lines.push(Line::styled(table_line(c, &widths), style));
        }
        Paragraph::new(lines).render(inner, buf);
    }

    /// The graph drawn as a tree, the focused node marked `▸` on each of its lines, each node's
    /// adjoint once shown; scrolled to keep the focused node's first line in view.
    fn draw_tree(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let th = ctx.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border())
            .title(" The graph: output at the top, inputs at the leaves (t: table) ");
        let inner = block.inner(area);
        block.render(area, buf);
        let w = usize::from(inner.width);
        let visible = usize::from(inner.height);
        let focus = self.focus();
        let first = focus.and_then(|f| self.tree.iter().position(|l| l.node == f));
        // Keep the focused node a few lines below the top, its inputs in view under it.
        let skip = match first {
            Some(i) => i
                .saturating_sub(visible / 3)
                .min(self.tree.len().saturating_sub(visible)),
            None => 0,
        };
        let lines: Vec<Line> = self
            .tree
            .iter()
            .skip(skip)
            .take(visible)
            .map(|l| {
                let here = Some(l.node) == focus;
                let mark = if here { "▸" } else { " " };
                let mut text = format!("{mark}{}{}", l.prefix, l.text);
                if let Some(adj) = self.shown_adjoint(l.node) {
                    text.push_str(&format!("   ∂ {adj}"));
                }
                let style = if here { th.selected() } else { th.text() };
                Line::styled(truncate(&text, w), style)
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }

    /// Node `id`'s adjoint, once its step of the backward pass is shown.
    fn shown_adjoint(&self, id: usize) -> Option<&str> {
        match self.rows.get(id)?.step {
            Some(k) if k < self.shown => Some(self.steps[k].adjoint.as_str()),
            _ => None,
        }
    }

    /// The backward pass's lines at a box `total` columns wide (borders included): why there
    /// is none, how to start, or the derivations so far (the newest in the text colour) and,
    /// once done, the gradient and the epilogue.
    fn backward_lines(&self, ctx: &Ctx, total: usize) -> Vec<Line<'static>> {
        let th = ctx.theme;
        let w = total.saturating_sub(3).max(1);
        let mut lines: Vec<Line> = Vec::new();
        if let Some(why) = &self.failure {
            for l in wrap(why, w) {
                lines.push(Line::styled(l, th.error()));
            }
        } else if self.shown == 0 {
            let start = "Press → to start the backward pass at the output, whose adjoint is 1, \
                         or p to predict each adjoint before it is shown.";
            for l in wrap(start, w) {
                lines.push(Line::styled(l, th.hint()));
            }
        } else {
            for (k, s) in self.steps[..self.shown].iter().enumerate() {
                let style = if k + 1 == self.shown {
                    th.text()
                } else {
                    th.muted()
                };
                for l in wrap(&s.derivation, w) {
                    lines.push(Line::from(Span::styled(l, style)));
                }
            }
            if self.shown == self.steps.len() {
                lines.push(Line::styled(
                    "Done: the inputs' adjoints are the gradient.",
                    th.correct(),
                ));
                for e in &self.epilogue {
                    for l in wrap(e, w) {
                        lines.push(Line::styled(l, th.text()));
                    }
                }
            }
        }
        lines
    }

    fn draw_backward(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer, mut lines: Vec<Line>) {
        let th = ctx.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border())
            .title(" Backward: each adjoint from the output back to the inputs (→ next, ← back) ");
        let inner = block.inner(area);
        block.render(area, buf);
        // The newest lines at the bottom, always in view.
        let h = usize::from(inner.height);
        if lines.len() > h {
            lines.drain(..lines.len() - h);
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

/// The forward table's (or drawing's) height in a body `body` lines high: all of its `lines`
/// when they fit beside the backward pass's `back` lines, else what the backward pass leaves,
/// but never fewer than [`MIN_TABLE`] lines (a few rows, the focused one among them) and never
/// more than leaves the backward pass 6.
fn table_height(lines: usize, back: usize, body: usize) -> u16 {
    let leaves = body.saturating_sub(back.max(6));
    let h = lines.min(leaves.max(MIN_TABLE)).min(body.saturating_sub(6));
    u16::try_from(h).unwrap_or(u16::MAX)
}

/// Each column as wide as its widest cell; the expression takes what is left of `total`.
fn column_widths(cells: &[[String; 6]], total: usize) -> [usize; 6] {
    let mut widths = [0usize; 6];
    for (k, h) in HEAD.iter().enumerate() {
        widths[k] = cells
            .iter()
            .map(|c| width(&c[k]))
            .chain([width(h)])
            .max()
            .unwrap_or(0);
    }
    let fixed: usize = widths
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != EXPR)
        .map(|(_, w)| w + 2)
        .sum();
    widths[EXPR] = widths[EXPR].min(total.saturating_sub(fixed + 2)).max(8);
    widths
}

/// One line of the table: the id right-aligned, the other columns left-aligned.
fn table_line(c: &[String; 6], widths: &[usize; 6]) -> String {
    let mut s = String::from(" ");
    for (k, cell) in c.iter().enumerate() {
        let t = truncate(cell, widths[k]);
        let pad = " ".repeat(widths[k].saturating_sub(width(&t)));
        if k == 0 {
            s.push_str(&pad);
            s.push_str(&t);
        } else {
            s.push_str(&t);
            s.push_str(&pad);
        }
        s.push_str("  ");
    }
    s.trim_end().to_string()
}

impl Widget for &GraphScreen {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let _ = self.draw(&Ctx::default().sized(area), area, buf);
    }
}
