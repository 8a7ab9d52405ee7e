//! The worked descent examples' screen. It shows the example and its notes; the interactive
//! stepper (`crate::tui::stepper`) is embedded here once it is part of the build.

use crate::exercise::Descent;
use crate::tui::app::App;
use crate::tui::keys::Action;
use crate::tui::layout;
use crate::tui::text::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

#[derive(Clone, Debug)]
pub struct DescentView {
    pub set: usize,
    pub index: usize,
    pub id: String,
    pub title: String,
    pub notes: String,
    pub summary: String,
}

impl DescentView {
    pub fn new(d: &Descent, set: usize, index: usize, pretty: &dyn Fn(&str) -> String) -> Self {
        let start: Vec<String> = d.start.iter().map(|v| format!("{v}")).collect();
        let mut summary = format!(
            "f({}) = {}; start ({}); learning rate {}; at most {} steps",
            d.vars.join(", "),
            pretty(&d.function),
            start.join(", "),
            d.learning_rate,
            d.steps
        );
        if let Some(m) = d.momentum {
            summary.push_str(&format!("; momentum {m}"));
        }
        summary.push('.');
        DescentView {
            set,
            index,
            id: d.id.clone(),
            title: pretty(&d.title),
            notes: d.notes.as_deref().map(pretty).unwrap_or_default(),
            summary,
        }
    }

    /// Whether the stepper keys do something on this screen.
    pub fn is_interactive(&self) -> bool {
        false
    }

    /// Handles a stepper key; returns a notice for the student.
    pub fn act(&mut self, action: Action) -> Option<String> {
        match action {
            Action::StepForward
            | Action::StepBack
            | Action::Restart
            | Action::RateUp
            | Action::RateDown
            | Action::Momentum
            | Action::Predict => Some(
                "The interactive stepper is not in this build yet; `gradtutor step ID` prints the iterations."
                    .into(),
            ),
            _ => None,
        }
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let th = app.theme;
        let [title, body, line, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        layout::title_bar(
            buf,
            title,
            &format!(" {}", self.title),
            "worked descent ",
            th,
        );
        let block = Block::default().borders(Borders::ALL).title(" Example ");
        let inner = block.inner(body);
        block.render(body, buf);
        let w = usize::from(inner.width.saturating_sub(1)).max(1);
        let mut lines: Vec<Line> = Vec::new();
        for l in wrap(&self.summary, w) {
            lines.push(Line::styled(l, th.key()));
        }
        lines.push(Line::raw(""));
        for l in wrap(&self.notes, w) {
            lines.push(Line::raw(l));
        }
        lines.push(Line::raw(""));
        for l in wrap(
            &format!(
                "The interactive stepper is not in this build yet. To see the iterations, run: gradtutor step {}",
                self.id
            ),
            w,
        ) {
            lines.push(Line::styled(l, th.muted()));
        }
        Paragraph::new(lines).render(inner, buf);
        layout::notice_line(app, line, buf);
        layout::status_bar(app, status, buf);
        None
    }
}
