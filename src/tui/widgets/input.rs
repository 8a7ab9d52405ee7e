//! A one-line text input: the cursor is a *character* index (students type `π` and `²`), converted
//! to a byte index with [`Input::byte_index`]. Word-wise editing, a length cap, and pastes with
//! control characters cleaned out. Rendering scrolls horizontally to keep the cursor visible and
//! measures display width, so wide and combining characters line up.

use crate::tui::keys::EditOp;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Span;

/// The answer language refuses longer input; the line refuses it first, without parsing.
pub const MAX_CHARS: usize = 10_000;

/// Why text was not inserted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLong {
    /// Characters the insertion would have made.
    pub would_be: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Input {
    text: String,
    /// Character index of the cursor, 0..=len.
    cursor: usize,
    /// Length in characters (kept so inserting at the cap stays O(1) to check).
    len: usize,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Input {
    pub fn new(text: &str) -> Input {
        let mut input = Input::default();
        input.set(text);
        input
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Replaces the text (cleaned and cut at [`MAX_CHARS`]); the cursor goes to the end.
    pub fn set(&mut self, text: &str) {
        self.text = clean(text).chars().take(MAX_CHARS).collect();
        self.len = self.text.chars().count();
        self.cursor = self.len;
    }

    pub fn clear(&mut self) {
        self.set("");
    }

    /// The byte offset of a character index (the end of the text past the last character).
    pub fn byte_at(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// The byte offset of the cursor.
    pub fn byte_index(&self) -> usize {
        self.byte_at(self.cursor)
    }

    /// Types one character at the cursor. Control characters are ignored.
    pub fn insert(&mut self, c: char) -> Result<(), TooLong> {
        if c.is_control() {
            return Ok(());
        }
        if self.len >= MAX_CHARS {
            return Err(TooLong {
                would_be: self.len + 1,
            });
        }
        let at = self.byte_index();
        self.text.insert(at, c);
        self.cursor += 1;
        self.len += 1;
        Ok(())
    }

    /// Inserts pasted text at the cursor: line breaks and tabs become spaces, other control
    /// characters are dropped. Refused whole when the result would exceed [`MAX_CHARS`].
    pub fn insert_str(&mut self, s: &str) -> Result<(), TooLong> {
        let cleaned = clean(s);
        let n = cleaned.chars().count();
        if self.len + n > MAX_CHARS {
            return Err(TooLong {
                would_be: self.len + n,
            });
        }
        let at = self.byte_index();
        self.text.insert_str(at, &cleaned);
        self.cursor += n;
        self.len += n;
        Ok(())
    }

    fn chars(&self) -> Vec<char> {
        self.text.chars().collect()
    }

    fn word_left_from(&self, chars: &[char]) -> usize {
        let mut i = self.cursor;
        while i > 0 && !is_word(chars[i - 1]) {
            i -= 1;
        }
        while i > 0 && is_word(chars[i - 1]) {
            i -= 1;
        }
        i
    }

    fn word_right_from(&self, chars: &[char]) -> usize {
        let mut i = self.cursor;
        while i < chars.len() && !is_word(chars[i]) {
            i += 1;
        }
        while i < chars.len() && is_word(chars[i]) {
            i += 1;
        }
        i
    }

    /// Removes characters `from..to` (character indices) and puts the cursor at `from`.
    fn delete_range(&mut self, from: usize, to: usize) {
        if from >= to {
            return;
        }
        let (a, b) = (self.byte_at(from), self.byte_at(to));
        self.text.replace_range(a..b, "");
        self.len -= to - from;
        self.cursor = from;
    }

    /// Applies an editing operation; returns whether the text changed.
    pub fn apply(&mut self, op: EditOp) -> bool {
        let before = self.len;
        match op {
            EditOp::Left => self.cursor = self.cursor.saturating_sub(1),
            EditOp::Right => self.cursor = (self.cursor + 1).min(self.len),
            EditOp::Home => self.cursor = 0,
            EditOp::End => self.cursor = self.len,
            EditOp::WordLeft => self.cursor = self.word_left_from(&self.chars()),
            EditOp::WordRight => self.cursor = self.word_right_from(&self.chars()),
            EditOp::Backspace => {
                if self.cursor > 0 {
                    self.delete_range(self.cursor - 1, self.cursor);
                }
            }
            EditOp::Delete => {
                if self.cursor < self.len {
                    self.delete_range(self.cursor, self.cursor + 1);
                }
            }
            EditOp::DeleteWordBack => {
                let to = self.cursor;
                let from = self.word_left_from(&self.chars());
                self.delete_range(from, to);
            }
            EditOp::DeleteWordForward => {
                let from = self.cursor;
                let to = self.word_right_from(&self.chars());
                self.delete_range(from, to);
            }
            EditOp::KillToStart => self.delete_range(0, self.cursor),
            EditOp::KillToEnd => self.delete_range(self.cursor, self.len),
        }
        self.len != before
    }

    /// Where the visible part of the line starts when `room` columns are available: the byte
    /// offset of the first shown character, whether text is hidden on the left (a `‹` marker
    /// takes the first column), and the width of the shown text before the cursor.
    pub fn view_start(&self, room: usize) -> (usize, bool, usize) {
        let cursor_byte = self.byte_index();
        let before = &self.text[..cursor_byte];
        // Keep one column for the cursor itself.
        let budget = room.saturating_sub(1);
        let mut start = cursor_byte;
        let mut used = 0usize;
        let mut scrolled = false;
        for (i, ch) in before.char_indices().rev() {
            let w = Span::raw(&before[i..i + ch.len_utf8()]).width();
            if used + w > budget {
                scrolled = true;
                break;
            }
            used += w;
            start = i;
        }
        if scrolled {
            // Make room for the marker.
            while used + 1 > budget && start < cursor_byte {
                let Some(ch) = self.text[start..].chars().next() else {
                    break;
                };
                used -= Span::raw(&self.text[start..start + ch.len_utf8()]).width();
                start += ch.len_utf8();
            }
        }
        (start, scrolled, used)
    }

    /// The screen column (from the start of the field) of a character index, if it is shown.
    pub fn column_of(&self, char_index: usize, room: usize) -> Option<usize> {
        let (start, scrolled, _) = self.view_start(room);
        let at = self.byte_at(char_index);
        if at < start {
            return None;
        }
        let col = usize::from(scrolled) + Span::raw(&self.text[start..at]).width();
        (col < room).then_some(col)
    }

    /// Draws the line into `area` (one row) and returns where the terminal cursor goes.
    /// The view scrolls so that the cursor stays visible; `‹` marks hidden text on the left.
    pub fn render_line(&self, area: Rect, buf: &mut Buffer, style: Style) -> Option<Position> {
        if area.width == 0 || area.height == 0 {
            return None;
        }
        let (start, scrolled, used) = self.view_start(usize::from(area.width));
        let mut x = area.x;
        if scrolled {
            buf.set_stringn(x, area.y, "‹", 1, style);
            x += 1;
        }
        let room = usize::from(area.right().saturating_sub(x));
        buf.set_stringn(x, area.y, &self.text[start..], room, style);
        let cursor_x = x.saturating_add(u16::try_from(used).unwrap_or(u16::MAX));
        Some(Position::new(
            cursor_x.min(area.right().saturating_sub(1)),
            area.y,
        ))
    }
}

/// Line breaks and tabs become spaces; other control characters are dropped.
fn clean(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> Input {
        let mut i = Input::default();
        for c in s.chars() {
            i.insert(c).expect("fits");
        }
        i
    }

    #[test]
    fn cursor_counts_characters_not_bytes() {
        let mut i = typed("3π²x");
        assert_eq!(i.cursor(), 4);
        i.apply(EditOp::Left);
        i.apply(EditOp::Left);
        assert_eq!(i.byte_index(), "3π".len());
        i.apply(EditOp::Backspace);
        assert_eq!(i.text(), "3²x");
        i.insert('·').expect("fits");
        assert_eq!(i.text(), "3·²x");
    }

    #[test]
    fn word_editing() {
        let mut i = typed("sin(x) + cos(y)");
        i.apply(EditOp::DeleteWordBack);
        assert_eq!(i.text(), "sin(x) + cos(");
        i.apply(EditOp::WordLeft);
        assert_eq!(i.cursor(), "sin(x) + ".len());
        i.apply(EditOp::WordLeft);
        assert_eq!(i.cursor(), 4);
        i.apply(EditOp::WordRight);
        assert_eq!(i.cursor(), 5);
        i.apply(EditOp::Home);
        i.apply(EditOp::DeleteWordForward);
        assert_eq!(i.text(), "(x) + cos(");
        i.apply(EditOp::End);
        i.apply(EditOp::KillToStart);
        assert!(i.is_empty());
    }

    #[test]
    fn pastes_are_cleaned_and_capped() {
        let mut i = Input::default();
        i.insert_str("2x\n+\t1\u{7}").expect("fits");
        assert_eq!(i.text(), "2x + 1");
        let huge = "x".repeat(100_000);
        assert_eq!(i.insert_str(&huge), Err(TooLong { would_be: 100_006 }));
        assert_eq!(i.text(), "2x + 1");
        i.set(&huge);
        assert_eq!(i.len(), MAX_CHARS);
        assert!(i.insert('y').is_err());
    }

    #[test]
    fn long_lines_scroll_to_keep_the_cursor_visible() {
        let i = typed(&"ab".repeat(30));
        let area = Rect::new(0, 0, 10, 1);
        let mut buf = Buffer::empty(area);
        let pos = i.render_line(area, &mut buf, Style::default());
        assert_eq!(pos, Some(Position::new(9, 0)));
        let shown: String = (0..10).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert_eq!(shown, "‹abababab ");
    }
}
