//! The worked descent examples' screen: the stepper (`crate::tui::stepper`) embedded in the
//! tutor, with the tutor's notice and status bar. The app maps keys to [`StepperMsg`]s and
//! sends them here; a checked prediction comes back as a [`StepperOutcome`] for the app to
//! record in the progress. An example the stepper cannot set up shows why, with its notes.

use crate::exercise::Descent;
use crate::tui::context::Ctx;
use crate::tui::graph::GraphScreen;
use crate::tui::layout;
use crate::tui::stepper::{StepperMsg, StepperOutcome, StepperScreen};
use crate::tui::text::{prettify, wrap};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

#[derive(Clone, Debug)]
pub struct DescentScreen {
    /// Where the example is in the course: its set and its index there.
    place: (usize, usize),
    id: String,
    title: String,
    /// The variant of a randomised example.
    variant: Option<u32>,
    /// The stepper, or why it could not be set up (the example's notes are shown instead).
    screen: Result<Box<StepperScreen>, String>,
    notes: String,
}

impl DescentScreen {
    /// The screen of the example at `place` (its set, its index there).
    pub fn new(d: &Descent, place: (usize, usize), theme: Theme) -> Self {
        let screen = StepperScreen::new(d)
            .map(|s| Box::new(s.with_no_color(!theme.has_color())))
            .map_err(|e| e.to_string());
        DescentScreen {
            place,
            id: d.id.clone(),
            title: prettify(&d.title),
            variant: d.variant_number(),
            screen,
            notes: d.notes.as_deref().map(prettify).unwrap_or_default(),
        }
    }

    /// The computational graph of the objective at the stepper's current point, its backward
    /// pass set beside the gradient the next step uses; `Err` says why there is none.
    pub fn graph_screen(&self) -> Result<GraphScreen, String> {
        let Ok(s) = &self.screen else {
            return Err(
                "This example cannot be stepped: there is no point to show its \
                        computational graph at."
                    .into(),
            );
        };
        GraphScreen::for_descent(s.stepper(), &self.title)
            .map_err(|e| format!("This example's function has no computational graph: {e}"))
    }

    /// The example's set and its index there.
    pub fn place(&self) -> (usize, usize) {
        self.place
    }

    /// The example's id (progress is recorded under it).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The variant of a randomised example (`None` for one with fixed numbers).
    pub fn variant(&self) -> Option<u32> {
        self.variant
    }

    /// The stepper, when the example could be set up.
    pub fn stepper(&self) -> Option<&StepperScreen> {
        self.screen.as_deref().ok()
    }

    /// Whether the stepper keys do something on this screen.
    pub fn is_interactive(&self) -> bool {
        self.screen.is_ok()
    }

    /// Whether the student is typing a predicted point.
    pub fn predicting(&self) -> bool {
        self.screen.as_ref().is_ok_and(|s| s.predicting())
    }

    /// Handles one message (nothing happens on an example that cannot be stepped). Returns an
    /// outcome when a prediction was checked.
    pub fn update(&mut self, msg: StepperMsg) -> Option<StepperOutcome> {
        match &mut self.screen {
            Ok(s) => s.update(msg),
            Err(_) => None,
        }
    }

    /// Draws the screen; returns where the cursor goes (while predicting).
    pub fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let th = ctx.theme;
        let line_h = if ctx.notice.is_some() { 1 } else { 0 };
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
                let variant = self
                    .variant
                    .map_or_else(String::new, |n| format!(" · variant {n}"));
                layout::title_bar(
                    buf,
                    title,
                    &format!(" {}{variant}", self.title),
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
        layout::notice_line(ctx, line, buf);
        layout::status_bar(ctx, status, buf);
        if ctx.overlay {
            None
        } else {
            cursor
        }
    }
}

impl Widget for &DescentScreen {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let _ = self.draw(&Ctx::default().sized(area), area, buf);
    }
}
