//! Screen geometry shared by drawing and by mouse handling (a click is mapped with the same
//! rectangles the list was drawn in), plus the bars every screen has.

use crate::tui::context::Ctx;
use crate::tui::keys;
use crate::tui::text::{truncate, width, wrap};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

/// The smallest terminal the tutor draws in.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Wide enough for a side panel (details, plot).
pub const WIDE: u16 = 110;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub struct CourseLayout {
    pub title: Rect,
    pub list: Rect,
    pub detail: Option<Rect>,
    pub line: Rect,
    pub status: Rect,
}

/// Lines the message line needs for a notice (at most 4).
pub fn notice_height(notice: Option<&str>, width: u16) -> u16 {
    notice.map_or(1, |n| {
        u16::try_from(wrap(n, usize::from(width)).len().clamp(1, 4)).unwrap_or(1)
    })
}

pub fn course(area: Rect, notice_lines: u16) -> CourseLayout {
    let [title, body, line, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(notice_lines.max(1)),
        Constraint::Length(1),
    ])
    .areas(area);
    let (list, detail) = if area.width >= WIDE {
        let [list, detail] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                .areas(body);
        (list, Some(detail))
    } else {
        (body, None)
    };
    CourseLayout {
        title,
        list,
        detail,
        line,
        status,
    }
}

/// Rows of the course list that fit on screen.
pub fn course_list_height(area: Rect, notice_lines: u16) -> usize {
    usize::from(course(area, notice_lines).list.height.saturating_sub(2))
}

/// A reversed bar with text on the left and on the right, one line high: the left text is
/// cut with `…` when it does not fit (see [`title_height`] for a bar that wraps it instead).
pub fn title_bar(buf: &mut Buffer, area: Rect, left: &str, right: &str, th: Theme) {
    buf.set_style(area, th.bar());
    let w = usize::from(area.width);
    let right_w = width(right).min(w / 2);
    let x = area.x
        + area
            .width
            .saturating_sub(u16::try_from(right_w).unwrap_or(0));
    buf.set_stringn(x, area.y, right, right_w, th.bar());
    if area.height > 1 {
        // Wrapped beside the right text, each line after a space, as the single line has.
        let lines = title_lines(left, right, area.width);
        let rows = usize::from(area.height);
        for (i, l) in lines.iter().take(rows).enumerate() {
            let text = if i + 1 == rows && lines.len() > rows {
                truncate(&format!(" {l} …"), w.saturating_sub(right_w + 1))
            } else {
                format!(" {l}")
            };
            let y = area.y + u16::try_from(i).unwrap_or(0);
            buf.set_stringn(area.x, y, &text, w.saturating_sub(right_w + 1), th.bar());
        }
        return;
    }
    let left = truncate(left, w.saturating_sub(right_w + 1));
    buf.set_stringn(area.x, area.y, &left, w, th.bar());
}

/// The left text of a title bar wrapped to the room beside the right text.
fn title_lines(left: &str, right: &str, width_: u16) -> Vec<String> {
    let w = usize::from(width_);
    let right_w = width(right).min(w / 2);
    let room = w.saturating_sub(right_w + 2).max(1);
    wrap(left.trim_start(), room)
}

/// Lines a title bar needs to show all of its left text beside the right text, at most
/// `max`: 1 when it fits.
pub fn title_height(left: &str, right: &str, width_: u16, max: u16) -> u16 {
    if width(left) + width(right) < usize::from(width_) {
        return 1;
    }
    let n = title_lines(left, right, width_).len();
    u16::try_from(n).unwrap_or(u16::MAX).clamp(1, max.max(1))
}

/// The message lines: the current notice, if any, wrapped to the area (the last line cut).
pub fn notice_line(ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let Some(n) = ctx.notice else { return };
    let w = usize::from(area.width);
    let lines = wrap(n, w);
    let rows = usize::from(area.height);
    for (i, l) in lines.iter().take(rows).enumerate() {
        let text = if i + 1 == rows && lines.len() > rows {
            truncate(&format!("{l} …"), w)
        } else {
            l.clone()
        };
        let y = area.y + u16::try_from(i).unwrap_or(0);
        buf.set_stringn(area.x, y, &text, w, ctx.theme.notice());
    }
}

/// The status bar: the few keys that matter on this screen, from the same table as the
/// key mapping. When they do not all fit, the ones just before the last (`? keys`, which
/// lists them all) are left out, so that no key is shown cut.
pub fn status_bar(ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    let th = ctx.theme;
    let item_width = |(key, what): &(String, &str)| width(key) + 1 + width(what);
    let mut items: Vec<&(String, &'static str)> = ctx.status.iter().collect();
    while items.len() > 2
        && items.iter().map(|i| item_width(i)).sum::<usize>() + 2 * (items.len() - 1)
            > usize::from(area.width)
    {
        items.remove(items.len() - 2);
    }
    let mut spans: Vec<Span> = Vec::new();
    for (key, what) in items {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key.as_str(), th.key()));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(*what));
    }
    let line = Line::from(spans);
    buf.set_line(area.x, area.y, &line, area.width);
}

/// A rectangle of at most `w` x `h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The message shown instead of a screen when the terminal is too small.
pub fn render_too_small(area: Rect, buf: &mut Buffer, th: Theme) {
    let msg = format!("terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT})");
    let now = format!("now {}x{}", area.width, area.height);
    let y = area.y + area.height / 2;
    for (dy, (text, style)) in [(msg, th.notice()), (now, th.text())].iter().enumerate() {
        let row = y.saturating_sub(1) + u16::try_from(dy).unwrap_or(0);
        if row >= area.bottom() {
            break;
        }
        let w = u16::try_from(width(text))
            .unwrap_or(u16::MAX)
            .min(area.width);
        let x = area.x + (area.width - w) / 2;
        buf.set_stringn(x, row, text, usize::from(area.width), *style);
    }
}

/// Key labels of a mode, for the help screen: `(keys, what)`.
pub fn help_rows(mode: keys::Mode) -> Vec<(String, &'static str)> {
    keys::bindings(mode)
        .iter()
        .chain(keys::editing_bindings(mode))
        .map(|b| (b.keys_label(), b.help))
        .collect()
}
