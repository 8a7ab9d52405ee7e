//! The help overlay (`?`): every key of the current screen, from the same table as the key
//! mapping; and the quit confirmation.

use crate::tui::app::App;
use crate::tui::keys::Mode;
use crate::tui::layout::{centered, help_rows};
use crate::tui::text::{width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HelpView {
    /// The screen whose keys are listed.
    pub mode: Mode,
    pub scroll: u16,
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
        _ => "",
    }
}

pub fn render(app: &App, view: &HelpView, area: Rect, buf: &mut Buffer) {
    let th = app.theme;
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

pub fn render_confirm(app: &App, area: Rect, buf: &mut Buffer) {
    let th = app.theme;
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
