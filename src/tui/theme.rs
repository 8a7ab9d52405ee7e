//! The one theme. Meaning is never carried by colour alone: marks (✓ ✗ · !) and bold carry it,
//! colour only reinforces it. Colours are the terminal's own palette entries, which terminals
//! tune for their background, and never black or white text; with `NO_COLOR` set there is none.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme { color: true }
    }
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        Theme { color }
    }

    /// Colour unless `NO_COLOR` is set to a non-empty value (<https://no-color.org>).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    pub fn has_color(self) -> bool {
        self.color
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn text(self) -> Style {
        Style::new()
    }
    /// The title bar at the top: reversed, so it reads on any background.
    pub fn bar(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn heading(self) -> Style {
        self.fg(Color::Blue).add_modifier(Modifier::BOLD)
    }
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    pub fn correct(self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }
    pub fn wrong(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn error(self) -> Style {
        self.fg(Color::Red)
    }
    pub fn hint(self) -> Style {
        self.fg(Color::Magenta)
    }
    pub fn muted(self) -> Style {
        Style::new().add_modifier(Modifier::ITALIC)
    }
    pub fn key(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn border(self) -> Style {
        Style::new()
    }
    pub fn focus_border(self) -> Style {
        self.fg(Color::Blue).add_modifier(Modifier::BOLD)
    }
    pub fn notice(self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }
    /// Plot series: f, the true derivative, the student's answer, the tangent.
    pub fn series(self, i: usize) -> Style {
        let colors = [Color::Blue, Color::Green, Color::Red, Color::Magenta];
        self.fg(colors[i % colors.len()])
    }
}
