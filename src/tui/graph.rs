//! The computational-graph screen: the nodes of a function's graph with their forward values,
//! then the backward pass stepped one node at a time (→ next, ← back), each adjoint shown with
//! how it was obtained ("∂f/∂z = ∂f/∂a · σ′(z) = −0.5 · 0.25 = −0.125").
//!
//! Everything shown is computed when the screen opens ([`GraphScreen::new`]); drawing only
//! borrows it. The screen opens from a graph exercise (at its `at`), a gradient or derivative
//! exercise (at its `at`, or three fifths of the way across its domain) with Alt-c or F6.

use crate::math::graph::{factor, Graph, Op};
use crate::question::{Ask, Question};
use crate::tui::context::Ctx;
use crate::tui::layout;
use crate::tui::text::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

/// What the graph screen is asked to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphMsg {
    /// Show the next adjoint of the backward pass.
    Forward,
    /// Hide the last adjoint shown.
    Back,
    /// Back to the forward pass only.
    Restart,
}

/// One node's line in the forward table.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    cells: [String; 5],
    adjoint: Option<String>,
}

/// One step of the backward pass: the node, and how its adjoint was obtained.
#[derive(Clone, Debug, PartialEq)]
struct Step {
    node: usize,
    derivation: String,
}

/// The graph of one function at one point, forward and backward.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphScreen {
    title: String,
    rows: Vec<Row>,
    steps: Vec<Step>,
    /// How many steps of the backward pass are shown.
    shown: usize,
    /// Why there is no backward pass (not defined or not differentiable at the point).
    failure: Option<String>,
}

/// A number for reading: six significant figures, a real minus sign.
fn show(v: f64) -> String {
    let s = crate::text::num_sig(v, 6);
    match s.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

impl GraphScreen {
    /// The screen for `graph` at `at` (one value per input), titled `title`.
    pub fn new(title: &str, graph: &Graph, at: &[f64]) -> GraphScreen {
        let point: Vec<String> = graph
            .vars()
            .iter()
            .zip(at)
            .map(|(n, v)| format!("{n} = {}", show(*v)))
            .collect();
        let f = graph.label(graph.output());
        let title = format!(
            "{title}: {f}({}) = {} at {}",
            graph.vars().join(", "),
            graph.expr(graph.output()),
            point.join(", ")
        );
        let values = graph.values(at);
        let rows: Vec<Row> = graph
            .nodes()
            .iter()
            .enumerate()
            .map(|(id, n)| Row {
                cells: [
                    id.to_string(),
                    graph.label(id),
                    n.op.name().to_string(),
                    n.inputs
                        .iter()
                        .map(|&i| graph.label(i))
                        .collect::<Vec<_>>()
                        .join(", "),
                    graph.expr(id),
                ],
                adjoint: None,
            })
            .collect();
        let mut screen = GraphScreen {
            title,
            rows,
            steps: Vec::new(),
            shown: 0,
            failure: None,
        };
        match graph.gradient(at) {
            Err(e) => {
                // The values up to the failing node, and why.
                let last = e.node().unwrap_or(graph.len());
                for (id, row) in screen.rows.iter_mut().enumerate() {
                    row.cells[4] = format!("{} = {}", row.cells[4], show(values[id]));
                    if id > last {
                        row.cells[4] = String::new();
                    }
                }
                screen.failure = Some(format!("{f} is {e}"));
            }
            Ok((_, back, values)) => {
                for (id, row) in screen.rows.iter_mut().enumerate() {
                    row.cells[4] = format!("{} = {}", row.cells[4], show(values[id]));
                    row.adjoint = back.adjoints[id].map(show);
                }
                let d = |id: usize| format!("∂{f}/∂{}", graph.label(id));
                let out = graph.output();
                let mut order: Vec<usize> = (0..graph.len()).rev().collect();
                order.retain(|&id| !matches!(graph.nodes()[id].op, Op::Input(_)) || id == out);
                order.extend((0..graph.input_count()).filter(|&id| id != out));
                for id in order {
                    let Some(adjoint) = back.adjoints[id] else {
                        continue;
                    };
                    let derivation = if id == out {
                        format!("{} = 1 (the output)", d(id))
                    } else {
                        let edges: Vec<_> = back.into_node(id).collect();
                        if edges.is_empty() {
                            format!("{} = 0 ({f} does not use it)", d(id))
                        } else {
                            let formulas: Vec<String> = edges
                                .iter()
                                .map(|e| {
                                    format!(
                                        "{} · {}",
                                        d(e.from),
                                        factor(graph.local_formula(e.from, e.slot, &values))
                                    )
                                })
                                .collect();
                            let numbers: Vec<String> = edges
                                .iter()
                                .enumerate()
                                .map(|(k, e)| {
                                    let up = show(back.adjoints[e.from].unwrap_or(f64::NAN));
                                    let up = if k == 0 { up } else { factor(up) };
                                    format!("{up} · {}", factor(show(e.local)))
                                })
                                .collect();
                            format!(
                                "{} = {} = {} = {}",
                                d(id),
                                formulas.join(" + "),
                                numbers.join(" + "),
                                show(adjoint)
                            )
                        }
                    };
                    screen.steps.push(Step {
                        node: id,
                        derivation,
                    });
                }
            }
        }
        screen
    }

    /// The graph screen of a prepared question: a graph exercise at its point, or the function
    /// of a derivative or gradient exercise at its `at` (a point inside its domain without one).
    /// `None` for the other kinds.
    pub fn for_question(q: &Question, title: &str) -> Option<GraphScreen> {
        match &q.ask {
            Ask::Graph(g) => Some(GraphScreen::new(title, &g.graph, &g.at)),
            Ask::Rates(r) if r.functions.len() == 1 => {
                let graph = Graph::new(&r.functions[0].expr).ok()?;
                // Without `at`: three fifths of the way across each interval of the domain
                // (its middle is often 0, where many gradients vanish).
                let at = r.at.clone().unwrap_or_else(|| {
                    r.ranges
                        .iter()
                        .map(|(lo, hi)| lo + 0.6 * (hi - lo))
                        .collect()
                });
                Some(GraphScreen::new(title, &graph, &at))
            }
            _ => None,
        }
    }

    /// Whether [`GraphScreen::for_question`] has a graph to show (cheap: no graph is built).
    pub fn available(q: &Question) -> bool {
        match &q.ask {
            Ask::Graph(_) => true,
            Ask::Rates(r) => r.functions.len() == 1 && !r.functions[0].expr.has_aggregates(),
            _ => false,
        }
    }

    pub fn update(&mut self, msg: GraphMsg) {
        match msg {
            GraphMsg::Forward => self.shown = (self.shown + 1).min(self.steps.len()),
            GraphMsg::Back => self.shown = self.shown.saturating_sub(1),
            GraphMsg::Restart => self.shown = 0,
        }
    }

    /// How many adjoints are shown, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.shown, self.steps.len())
    }

    /// The node whose adjoint was shown last.
    fn current(&self) -> Option<usize> {
        self.shown
            .checked_sub(1)
            .and_then(|k| self.steps.get(k))
            .map(|s| s.node)
    }

    pub fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let th = ctx.theme;
        let line_h = u16::from(ctx.notice.is_some());
        let right = if self.failure.is_some() {
            "graph  no gradient ".to_string()
        } else {
            format!("graph  backward {}/{} ", self.shown, self.steps.len())
        };
        let left = format!(" {}", self.title);
        let title_h = layout::title_height(&left, &right, area.width, 2);
        let [title, body, line, status] = Layout::vertical([
            Constraint::Length(title_h),
            Constraint::Min(6),
            Constraint::Length(line_h),
            Constraint::Length(1),
        ])
        .areas(area);
        layout::title_bar(buf, title, &left, &right, th);

        // The forward table takes what the backward pass leaves (at least 4 lines for it).
        let table_h = (self.rows.len() as u16 + 3).min(body.height.saturating_sub(6));
        let [top, bottom] =
            Layout::vertical([Constraint::Length(table_h), Constraint::Min(3)]).areas(body);
        self.draw_table(ctx, top, buf);
        self.draw_backward(ctx, bottom, buf);
        layout::notice_line(ctx, line, buf);
        layout::status_bar(ctx, status, buf);
        None
    }

    fn draw_table(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let th = ctx.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border())
            .title(" Forward: each node's value, in evaluation order ");
        let inner = block.inner(area);
        block.render(area, buf);
        let head = [
            "id",
            "node",
            "op",
            "inputs",
            "expression = value",
            "adjoint",
        ];
        let current = self.current();
        let adjoint = |i: usize, r: &Row| -> String {
            let revealed = self.steps[..self.shown].iter().any(|s| s.node == i);
            match (&r.adjoint, revealed) {
                (Some(a), true) => a.clone(),
                (Some(_), false) => "?".to_string(),
                (None, _) => "—".to_string(),
            }
        };
        let cells: Vec<[String; 6]> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                [
                    // The node whose adjoint was shown last is marked (also without colour).
                    if Some(i) == current {
                        format!("▸{}", r.cells[0])
                    } else {
                        r.cells[0].clone()
                    },
                    r.cells[1].clone(),
                    r.cells[2].clone(),
                    r.cells[3].clone(),
                    r.cells[4].clone(),
                    adjoint(i, r),
                ]
            })
            .collect();
        // Column widths; the expression takes what is left.
        let mut widths = [0usize; 6];
        for (k, h) in head.iter().enumerate() {
            widths[k] = cells
                .iter()
                .map(|c| crate::tui::text::width(&c[k]))
                .chain([crate::tui::text::width(h)])
                .max()
                .unwrap_or(0);
        }
        let total = usize::from(inner.width);
        let fixed: usize = widths
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != 4)
            .map(|(_, w)| w + 2)
            .sum();
        widths[4] = widths[4].min(total.saturating_sub(fixed + 2)).max(8);
        let line = |c: &[String; 6]| -> String {
            let mut s = String::from(" ");
            for (k, cell) in c.iter().enumerate() {
                let t = truncate(cell, widths[k]);
                let pad = widths[k].saturating_sub(crate::tui::text::width(&t));
                if k == 0 {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(&t);
                } else {
                    s.push_str(&t);
                    s.push_str(&" ".repeat(pad));
                }
                s.push_str("  ");
            }
            s.trim_end().to_string()
        };
        let visible = usize::from(inner.height.saturating_sub(1));
        // Keep the current node in view.
        let focus = current.unwrap_or(self.rows.len().saturating_sub(1));
        let skip =
            (focus + 1)
                .saturating_sub(visible)
                .min(if self.shown == 0 { 0 } else { usize::MAX });
        let mut lines = vec![Line::styled(line(&head.map(str::to_string)), th.heading())];
        for (i, c) in cells.iter().enumerate().skip(skip).take(visible) {
            let style = if Some(i) == current {
                th.selected()
            } else {
                th.text()
            };
            lines.push(Line::styled(line(c), style));
        }
        Paragraph::new(lines).render(inner, buf);
    }

    fn draw_backward(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let th = ctx.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border())
            .title(" Backward: each adjoint from the output back to the inputs (→ next, ← back) ");
        let inner = block.inner(area);
        block.render(area, buf);
        let w = usize::from(inner.width.saturating_sub(1)).max(1);
        let mut lines: Vec<Line> = Vec::new();
        if let Some(why) = &self.failure {
            for l in crate::tui::text::wrap(why, w) {
                lines.push(Line::styled(l, th.error()));
            }
        } else if self.shown == 0 {
            lines.push(Line::styled(
                "Press → to start the backward pass at the output, whose adjoint is 1.",
                th.hint(),
            ));
        } else {
            for (k, s) in self.steps[..self.shown].iter().enumerate() {
                let style = if k + 1 == self.shown {
                    th.text()
                } else {
                    th.muted()
                };
                for l in crate::tui::text::wrap(&s.derivation, w) {
                    lines.push(Line::from(Span::styled(l, style)));
                }
            }
            if self.shown == self.steps.len() {
                lines.push(Line::styled(
                    "Done: the inputs' adjoints are the gradient.",
                    th.correct(),
                ));
            }
            // The newest lines at the bottom, always in view.
            let h = usize::from(inner.height);
            if lines.len() > h {
                lines.drain(..lines.len() - h);
            }
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

impl Widget for &GraphScreen {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let _ = self.draw(&Ctx::default().sized(area), area, buf);
    }
}
