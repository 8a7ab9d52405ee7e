//! The worked descent examples' screen: the stepper (`crate::tui::stepper`) embedded in the
//! tutor, with the tutor's status bar. Keys become [`StepperMsg`]s here; a checked prediction
//! is recorded in the progress by the app.

use crate::exercise::Descent;
use crate::tui::app::App;
use crate::tui::keys::Action;
use crate::tui::layout;
use crate::tui::stepper::{StepperMsg, StepperOutcome, StepperScreen};
use crate::tui::text::wrap;
use crate::tui::theme::Theme;
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
    /// The stepper, or why it could not be set up (the example's notes are shown instead).
    pub screen: Result<Box<StepperScreen>, String>,
    notes: String,
}

impl DescentView {
    pub fn new(
        d: &Descent,
        set: usize,
        index: usize,
        theme: Theme,
        pretty: &dyn Fn(&str) -> String,
    ) -> Self {
        let screen = StepperScreen::new(d)
            .map(|s| Box::new(s.with_no_color(!theme.has_color())))
            .map_err(|e| e.to_string());
        DescentView {
            set,
            index,
            id: d.id.clone(),
            title: pretty(&d.title),
            screen,
            notes: d.notes.as_deref().map(pretty).unwrap_or_default(),
        }
    }

    /// Whether the stepper keys do something on this screen.
    pub fn is_interactive(&self) -> bool {
        self.screen.is_ok()
    }

    /// Whether the student is typing a predicted point.
    pub fn predicting(&self) -> bool {
        self.screen.as_ref().is_ok_and(|s| s.predicting())
    }

    fn send(&mut self, msg: StepperMsg) -> Option<StepperOutcome> {
        match &mut self.screen {
            Ok(s) => s.update(msg),
            Err(_) => None,
        }
    }

    /// Handles a key's action on this screen.
    pub fn act(&mut self, action: Action) -> Option<StepperOutcome> {
        let msg = if self.predicting() {
            match action {
                Action::Submit => StepperMsg::PredictSubmit,
                Action::Cancel => StepperMsg::PredictCancel,
                Action::Edit(op) => StepperMsg::PredictEdit(op),
                _ => return None,
            }
        } else {
            match action {
                Action::StepForward => StepperMsg::Forward,
                Action::StepBack => StepperMsg::Back,
                Action::Restart => StepperMsg::Restart,
                Action::RateUp => StepperMsg::LrUp,
                Action::RateDown => StepperMsg::LrDown,
                Action::Momentum => StepperMsg::ToggleMomentum,
                Action::Predict => StepperMsg::StartPredict,
                _ => return None,
            }
        };
        self.send(msg)
    }

    /// A typed character (only while predicting).
    pub fn insert(&mut self, c: char) {
        if self.predicting() {
            let _ = self.send(StepperMsg::PredictInput(c));
        }
    }

    pub fn paste(&mut self, text: &str) {
        if self.predicting() {
            let _ = self.send(StepperMsg::PredictPaste(text.to_string()));
        }
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let th = app.theme;
        let line_h = if app.notice.is_some() { 1 } else { 0 };
        let [body, line, status] = Layout::vertical([
            Constraint::Min(3),
            Constraint::Length(line_h),
            Constraint::Length(1),
        ])
        .areas(area);
        let cursor = match &self.screen {
            Ok(s) => s.render_with_cursor(body, buf),
            Err(e) => {
                let [title, rest] =
                    Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
                layout::title_bar(
                    buf,
                    title,
                    &format!(" {}", self.title),
                    "worked descent ",
                    th,
                );
                let block = Block::default().borders(Borders::ALL).title(" Example ");
                let inner = block.inner(rest);
                block.render(rest, buf);
                let w = usize::from(inner.width.saturating_sub(1)).max(1);
                let mut lines: Vec<Line> = Vec::new();
                for l in wrap(&format!("This example cannot be stepped: {e}"), w) {
                    lines.push(Line::styled(l, th.error()));
                }
                lines.push(Line::raw(""));
                for l in wrap(&self.notes, w) {
                    lines.push(Line::raw(l));
                }
                Paragraph::new(lines).render(inner, buf);
                None
            }
        };
        layout::notice_line(app, line, buf);
        layout::status_bar(app, status, buf);
        cursor
    }
}
