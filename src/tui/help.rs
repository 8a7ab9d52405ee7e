//! The overlays drawn over a screen: the help (`?`), every key of the screen it was opened on,
//! from the same table as the key mapping; the quit question; and the message shown instead of
//! any screen when the terminal is too small. Each draws from a [`Ctx`], never from the app.

use crate::progress::Mark;
use crate::tui::context::Ctx;
use crate::tui::keys::Mode;
use crate::tui::layout::{self, centered, help_rows};
use crate::tui::text::{width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

/// The help overlay's state: which screen's keys it lists and how far it is scrolled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HelpView {
    /// The screen whose keys are listed.
    mode: Mode,
    scroll: u16,
}

/// What the help overlay can be asked to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpMsg {
    /// Scroll by this many lines (negative is up).
    Scroll(i16),
}

impl HelpView {
    /// The keys of the screen in `mode`, from the top.
    pub fn new(mode: Mode) -> HelpView {
        HelpView { mode, scroll: 0 }
    }

    /// The screen whose keys are listed.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn update(&mut self, msg: HelpMsg) {
        match msg {
            HelpMsg::Scroll(d) => self.scroll = self.scroll.saturating_add_signed(d),
        }
    }

    /// Draws the overlay centred in `area`.
    pub fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        render(ctx, self, area, buf);
    }
}

impl Widget for &HelpView {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.draw(&Ctx::default().sized(area), area, buf);
    }
}

fn screen_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Course => "course list",
        Mode::Filter => "course filter",
        Mode::Exercise => "exercise",
        Mode::Grid => "exercise with answer cells",
        Mode::Stepper => "descent stepper",
        Mode::Predict => "predicting the next point",
        Mode::Help => "help",
        Mode::Confirm => "question",
        Mode::Graph => "computational graph",
        Mode::GraphPredict => "predicting an adjoint",
    }
}

fn note(mode: Mode) -> &'static str {
    match mode {
        Mode::Exercise | Mode::Grid => {
            "Letters are typed into your answer, so commands use Alt or F keys. \
             Esc goes back to the course, where q quits; Ctrl-C quits from anywhere \
             (asking first if an answer is typed but not checked)."
        }
        Mode::Course | Mode::Filter => {
            "Mouse: the wheel scrolls; click selects, a second click opens. \
             Your progress is saved after every answer."
        }
        Mode::Graph | Mode::GraphPredict => {
            "Every adjoint ∂f/∂node stays hidden until its step of the backward pass. Press p \
             before a step to type your prediction: it is checked to the exercise's tolerance \
             (4 significant figures in a descent example), then the adjoint is shown with how \
             it was obtained."
        }
        _ => "",
    }
}

/// The marks of the course list, from the marks themselves: `Marks: ✓ solved  ✗ attempted …`.
fn marks_legend() -> String {
    let marks: Vec<String> = Mark::ALL
        .iter()
        .map(|m| format!("{} {}", m.symbol(), m.name()))
        .collect();
    format!(
        "Marks: {}. A worked example is walked once you take a step in it, solved once you \
         predict a step right.",
        marks.join("  ")
    )
}

fn render(ctx: &Ctx, view: &HelpView, area: Rect, buf: &mut Buffer) {
    let th = ctx.theme;
    let rows = help_rows(view.mode);
    let kw = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0) + 2;
    let rect = centered(
        area,
        area.width.saturating_sub(8).min(76),
        area.height.saturating_sub(2),
    );
    let desc_w = usize::from(rect.width.saturating_sub(2))
        .saturating_sub(kw + 2)
        .max(10);
    let mut lines: Vec<Line> = Vec::new();
    for (k, what) in rows {
        for (i, part) in wrap(what, desc_w).into_iter().enumerate() {
            let keys = if i == 0 {
                format!(" {k}")
            } else {
                String::new()
            };
            let pad = " ".repeat((kw + 1).saturating_sub(width(&keys)));
            lines.push(Line::from(vec![
                Span::styled(keys, th.key()),
                Span::raw(pad),
                Span::raw(part),
            ]));
        }
    }
    let n = note(view.mode);
    if !n.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!(" {n}"), th.muted()));
    }
    if matches!(view.mode, Mode::Course | Mode::Filter) {
        lines.push(Line::styled(format!(" {}", marks_legend()), th.muted()));
    }
    Clear.render(rect, buf);
    let max_scroll = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(rect.height / 2);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((view.scroll.min(max_scroll), 0))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(th.focus_border())
                .title(format!(" Keys: {} ", screen_name(view.mode)))
                .title_bottom(" ↑/↓ scroll · Esc or ? closes "),
        )
        .render(rect, buf);
}

/// The question asked before quitting with an answer typed but not checked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QuitQuestion;

impl QuitQuestion {
    /// Draws the question centred in `area`.
    pub fn draw(self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        render_confirm(ctx, area, buf);
    }
}

/// The message shown instead of a screen when the terminal is smaller than the tutor needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TooSmall;

impl TooSmall {
    /// Whether `area` is too small for the tutor's screens.
    pub fn applies(area: Rect) -> bool {
        layout::too_small(area)
    }

    pub fn draw(self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        layout::render_too_small(area, buf, ctx.theme);
    }
}

fn render_confirm(ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let th = ctx.theme;
    let rect = centered(area, 56, 6);
    Clear.render(rect, buf);
    let lines = vec![
        Line::raw(" You have typed an answer that has not been checked."),
        Line::raw(" Quit anyway? It is kept only until you quit."),
        Line::raw(""),
        Line::from(vec![
            Span::styled(" y", th.key()),
            Span::raw(" quit    "),
            Span::styled("n", th.key()),
            Span::raw("/"),
            Span::styled("Esc", th.key()),
            Span::raw(" keep working"),
        ]),
    ];
    Paragraph::new(lines)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(th.focus_border())
                .title(" Quit? "),
        )
        .render(rect, buf);
}
