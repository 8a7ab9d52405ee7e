//! What a screen is given by the app, instead of the app itself: the theme, the app's one-line
//! notice, the terminal's size, the keys for the status bar and whether an overlay (help, the
//! quit question) covers the screen. Screens lay themselves out and draw themselves from this;
//! they never see `App`, so the app and its screens do not import each other.

use crate::tui::layout;
use crate::tui::theme::Theme;
use ratatui::layout::Rect;

/// The context of one update or one frame.
#[derive(Clone, Copy, Debug)]
pub struct Ctx<'a> {
    pub theme: Theme,
    /// A message for the student (cleared by the next key), drawn on the screen's message line.
    pub notice: Option<&'a str>,
    /// The terminal's size in cells.
    pub size: (u16, u16),
    /// The keys for the status bar, from the key table of the current mode: `(key, what)`.
    pub status: &'a [(String, &'static str)],
    /// An overlay is drawn over the screen: the screen places no cursor.
    pub overlay: bool,
}

impl Default for Ctx<'_> {
    /// Colour, no notice, the smallest size the tutor draws in, no status keys.
    fn default() -> Self {
        Ctx {
            theme: Theme::default(),
            notice: None,
            size: (layout::MIN_WIDTH, layout::MIN_HEIGHT),
            status: &[],
            overlay: false,
        }
    }
}

impl<'a> Ctx<'a> {
    /// The whole terminal.
    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// Lines a screen gives the notice (1 to 4, wrapped to the terminal's width).
    pub fn notice_lines(&self) -> u16 {
        layout::notice_height(self.notice, self.size.0)
    }

    /// The same context at another size (a frame drawn into an area of its own).
    pub fn sized(self, area: Rect) -> Ctx<'a> {
        Ctx {
            size: (area.width, area.height),
            ..self
        }
    }
}
