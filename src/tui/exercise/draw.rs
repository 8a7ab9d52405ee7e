//! Drawing the exercise screen: its layout (title, prompt, answer, preview, notes, plot, bars),
//! the answer line or grid, the preview with its caret, and the notes (the end of a long
//! prompt, the verdict, hints, the solution) with their scroll marks. Reads only.

use super::{ExerciseScreen, GridKind, Preview};
use crate::check::{Status, Verdict};
use crate::exercise::Answer;
use crate::math::Span;
use crate::question::Worked;
use crate::tui::context::Ctx;
use crate::tui::layout;
use crate::tui::text::{truncate, width, wrap};
use crate::tui::theme::Theme;
use crate::tui::widgets::grid;
use crate::tui::widgets::input::Input;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span as TSpan};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

fn mark_symbol(s: Option<Status>, preview: &Preview) -> (&'static str, fn(Theme) -> Style) {
    match (s, preview) {
        (Some(Status::Correct), _) => ("✓", Theme::correct),
        (Some(Status::Incorrect), _) => ("✗", Theme::wrong),
        (_, Preview::Error { .. }) | (Some(Status::Invalid), _) => ("!", Theme::error),
        _ => ("·", Theme::text),
    }
}

/// The rectangles of the exercise screen.
struct ExLayout {
    title: Rect,
    prompt: Rect,
    /// Prompt lines shown above the answer (the rest starts the notes).
    prompt_shown: usize,
    answer: Rect,
    preview: Rect,
    notes: Rect,
    plot: Option<Rect>,
    line: Rect,
    status: Rect,
}

fn answer_height(v: &ExerciseScreen) -> u16 {
    let rows = match &v.grid {
        None => 1,
        Some(GridKind::Vector) => v.fields.len(),
        Some(GridKind::Matrix { rows, .. }) => rows.len() + 1,
        Some(GridKind::Table { nrows, totals, .. }) => nrows + 1 + totals.len(),
    };
    u16::try_from(rows + 2).unwrap_or(u16::MAX)
}

/// The title bar's texts: where the exercise is (set › title, and the variant of a randomised
/// exercise), and its kind, place and state.
fn title_texts(v: &ExerciseScreen) -> (String, String) {
    let state = if v.solved {
        "✓ solved".to_string()
    } else if v.attempts > 0 {
        let s = if v.attempts == 1 { "" } else { "s" };
        format!("✗ {} attempt{s}", v.attempts)
    } else {
        "· new".to_string()
    };
    let right = format!(
        "{}  {}/{}  {state} ",
        v.kind_name, v.position.0, v.position.1
    );
    let variant = v
        .variant
        .map_or_else(String::new, |n| format!(" · variant {n}"));
    (format!(" {} › {}{variant}", v.set_title, v.title), right)
}

/// The lines under the answer for the focused cell's parse error: the caret under the answer
/// line's text, or for a grid the cell's text repeated with the caret under it, then the
/// message, wrapped to `w` columns rather than cut. `None` when there is no error.
fn error_rows(v: &ExerciseScreen, w: usize) -> Option<Vec<String>> {
    let f = v.focused()?;
    let Preview::Error { message, span } = &f.preview else {
        return None;
    };
    let msg = format!("✗ column {}: {message}", span.start + 1);
    let mut rows = Vec::new();
    if v.is_grid() {
        // A cell is narrow: its text is repeated here with the caret under it.
        let label = format!("{}: ", f.label);
        let lead = width(&label);
        let room = w.saturating_sub(lead + 1);
        let text = Input::new(f.input.text());
        let (start, _, _) = text.view_start(room);
        rows.push(format!("{label}{}", truncate(&text.text()[start..], room)));
        let carets = caret_line(&text, *span, room).unwrap_or_default();
        let one = format!("{}{carets}  {msg}", " ".repeat(lead));
        if width(&one) <= w {
            rows.push(one);
            return Some(rows);
        }
        rows.push(format!("{}{carets}", " ".repeat(lead)));
    } else {
        // The caret sits under the answer line's text, which starts 5 columns in (border,
        // mark, space, ›, space).
        let room = w.saturating_sub(6);
        let carets = caret_line(&f.input, *span, room).unwrap_or_default();
        rows.push(format!("     {carets}"));
    }
    rows.extend(wrap(&msg, w));
    Some(rows)
}

/// Lines the preview under the answer takes: two, or more for a long error message (at most
/// five).
fn preview_height(v: &ExerciseScreen, w: u16) -> u16 {
    let n = error_rows(v, usize::from(w)).map_or(2, |r| r.len());
    u16::try_from(n).unwrap_or(u16::MAX).clamp(2, 5)
}

/// The fewest lines the notes (feedback, hints, solution) get: three of text and one for the
/// PgUp/PgDn marks, so that feedback stays readable at 80x24 under a table or beside a plot.
const MIN_NOTES: u16 = 4;

/// The notes' lines above a plot on a narrow terminal (the plot needs the rest for its legend).
const NOTES_BESIDE_PLOT: u16 = 3;

fn ex_layout(v: &ExerciseScreen, area: Rect, notice_lines: u16) -> ExLayout {
    let (left_title, right_title) = title_texts(v);
    let title_h = layout::title_height(&left_title, &right_title, area.width, 3);
    let [title, body, line, status] = Layout::vertical([
        Constraint::Length(title_h),
        Constraint::Min(10),
        Constraint::Length(notice_lines.clamp(1, 2)),
        Constraint::Length(1),
    ])
    .areas(area);
    let (left, plot) = if v.plot_open && v.plot.is_some() && area.width >= layout::WIDE {
        let [l, p] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(body);
        (l, Some(p))
    } else {
        (body, None)
    };
    let prompt_lines = wrap(&v.prompt, usize::from(left.width.saturating_sub(1))).len();
    // The notes keep MIN_NOTES lines below the prompt's first line, the answer and the preview;
    let preview_h = preview_height(v, left.width);
    // A grid taller than what is left scrolls with the focus.
    let answer_h = answer_height(v).min(left.height.saturating_sub(1 + preview_h + MIN_NOTES));
    let prompt_max = left
        .height
        .saturating_sub(answer_h + preview_h + MIN_NOTES)
        .clamp(1, 8);
    let prompt_h = u16::try_from(prompt_lines + 1)
        .unwrap_or(u16::MAX)
        .min(prompt_max);
    // A prompt that does not fit continues at the top of the notes below the answer.
    let prompt_shown = if prompt_lines < usize::from(prompt_h) {
        prompt_lines
    } else {
        usize::from(prompt_h)
    };
    let [prompt, answer, preview, notes] = Layout::vertical([
        Constraint::Length(prompt_h),
        Constraint::Length(answer_h),
        Constraint::Length(preview_h),
        Constraint::Min(1),
    ])
    .areas(left);
    // On narrow terminals the plot takes the notes' place.
    let (notes, plot) = match plot {
        Some(p) => (notes, Some(p)),
        None if v.plot_open && v.plot.is_some() => {
            let [n, p] =
                Layout::vertical([Constraint::Length(NOTES_BESIDE_PLOT), Constraint::Min(4)])
                    .areas(notes);
            (n, Some(p))
        }
        None => (notes, None),
    };
    ExLayout {
        title,
        prompt,
        prompt_shown,
        answer,
        preview,
        notes,
        plot,
        line,
        status,
    }
}

/// The notes' rectangle at this size (the mouse wheel scrolls them when over it).
pub(super) fn notes_area(v: &ExerciseScreen, area: Rect, notice_lines: u16) -> Rect {
    ex_layout(v, area, notice_lines).notes
}

/// How far the notes can scroll at this size (so that scrolling stays in range), and the
/// scroll that puts the worked solution's first line at the top, when it is shown.
pub(super) fn notes_scroll_range(
    v: &ExerciseScreen,
    area: Rect,
    notice_lines: u16,
) -> (u16, Option<u16>) {
    let l = ex_layout(v, area, notice_lines);
    let prompt_lines = wrap(&v.prompt, usize::from(l.prompt.width.saturating_sub(1)));
    let rest = prompt_lines.get(l.prompt_shown..).unwrap_or(&[]);
    let (lines, solution) = notes_lines(
        v,
        rest,
        usize::from(l.notes.width.saturating_sub(1)),
        Theme::default(),
    );
    let max = notes_view(lines.len(), l.notes.height).1;
    let solution = solution.map(|s| u16::try_from(s).unwrap_or(u16::MAX).min(max));
    (max, solution)
}

impl ExerciseScreen {
    /// Draws the exercise screen; returns where the cursor goes.
    pub fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) -> Option<Position> {
        render(ctx, self, area, buf)
    }
}

impl Widget for &ExerciseScreen {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let _ = self.draw(&Ctx::default().sized(area), area, buf);
    }
}

fn render(ctx: &Ctx, v: &ExerciseScreen, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let th = ctx.theme;
    let l = ex_layout(v, area, ctx.notice_lines());
    let (left, right) = title_texts(v);
    layout::title_bar(buf, l.title, &left, &right, th);

    // Prompt.
    let prompt_lines = wrap(&v.prompt, usize::from(l.prompt.width.saturating_sub(1)));
    for (i, line) in prompt_lines.iter().take(l.prompt_shown).enumerate() {
        let y = l.prompt.y + u16::try_from(i).unwrap_or(0);
        buf.set_stringn(l.prompt.x, y, "│", 1, th.muted());
        buf.set_stringn(
            l.prompt.x + 1,
            y,
            line,
            usize::from(l.prompt.width.saturating_sub(1)),
            th.text(),
        );
    }
    let prompt_rest = prompt_lines.get(l.prompt_shown..).unwrap_or(&[]);

    // Answer.
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.focus_border())
        .title(if v.is_grid() {
            " Your answer (Tab: next cell) "
        } else {
            " Your answer "
        });
    let inner = block.inner(l.answer);
    block.render(l.answer, buf);
    let cursor = match &v.grid {
        None => render_line_answer(v, inner, buf, th),
        Some(kind) => {
            // Rows of a grid taller than its box scroll with the focus; the borders say how
            // many are out of view.
            let (above, below) = grid::hidden_rows(v, kind, inner);
            let mut mark = |text: String, y: u16| {
                let tw = u16::try_from(width(&text)).unwrap_or(u16::MAX);
                if l.answer.width > tw + 2 {
                    buf.set_stringn(
                        l.answer.right() - 1 - tw,
                        y,
                        &text,
                        usize::from(tw),
                        th.key(),
                    );
                }
            };
            if above > 0 {
                mark(format!(" ↑ {above} more "), l.answer.y);
            }
            if below > 0 {
                mark(format!(" ↓ {below} more "), l.answer.bottom() - 1);
            }
            grid::render(v, kind, inner, buf, th)
        }
    };

    // Preview of the focused cell.
    render_preview(v, l.preview, buf, th);

    // Verdict, hints, solution.
    render_notes(v, prompt_rest, l.notes, buf, th);

    if let (Some(p), Some(area)) = (&v.plot, l.plot) {
        p.render(area, buf, th);
    }
    layout::notice_line(ctx, l.line, buf);
    layout::status_bar(ctx, l.status, buf);
    if ctx.overlay {
        None
    } else {
        cursor
    }
}

fn render_line_answer(
    v: &ExerciseScreen,
    inner: Rect,
    buf: &mut Buffer,
    th: Theme,
) -> Option<Position> {
    let f = v.fields.first()?;
    let (sym, style) = mark_symbol(f.mark, &f.preview);
    buf.set_stringn(inner.x, inner.y, sym, 1, style(th));
    buf.set_stringn(inner.x + 2, inner.y, "›", 1, th.key());
    let field = Rect::new(inner.x + 4, inner.y, inner.width.saturating_sub(4), 1);
    f.input.render_line(field, buf, th.text())
}

/// A line of carets under the characters of `span`, for a field whose text starts at the
/// line's first column and has `room` columns.
fn caret_line(input: &Input, span: Span, room: usize) -> Option<String> {
    let col = input.column_of(span.start, room)?;
    let end = span
        .end
        .max(span.start + 1)
        .min(input.len().max(span.start + 1));
    let end_col = input.column_of(end, room).unwrap_or(room).max(col + 1);
    Some(format!("{}{}", " ".repeat(col), "^".repeat(end_col - col)))
}

fn render_preview(v: &ExerciseScreen, area: Rect, buf: &mut Buffer, th: Theme) {
    let Some(f) = v.focused() else { return };
    let w = usize::from(area.width);
    let label = if v.is_grid() {
        format!("{}: ", f.label)
    } else {
        String::new()
    };
    match &f.preview {
        Preview::Empty => {
            let msg = format!("{label}type your answer; what gradtutor understands appears here");
            buf.set_stringn(area.x, area.y, truncate(&msg, w), w, th.muted());
        }
        Preview::Understood(p) => {
            let line = Line::from(vec![
                TSpan::styled(format!("{label}understood: "), th.muted()),
                TSpan::styled(p.clone(), th.key()),
            ]);
            buf.set_line(area.x, area.y, &line, area.width);
        }
        Preview::Error { .. } => {
            let rows = error_rows(v, w).unwrap_or_default();
            for (i, row) in rows.iter().take(usize::from(area.height)).enumerate() {
                let y = area.y + u16::try_from(i).unwrap_or(0);
                if i == 0 && v.is_grid() {
                    // The cell's label, then its text.
                    let lw = width(&label).min(w);
                    buf.set_stringn(area.x, y, row, w, th.text());
                    buf.set_stringn(area.x, y, &label, lw, th.muted());
                } else {
                    buf.set_stringn(area.x, y, row, w, th.error());
                }
            }
        }
    }
}

/// Everything below the answer: the end of a long prompt, the verdict, hints, the solution
/// (the written one, then the generated derivation); and the index of the solution's first line.
fn notes_lines(
    v: &ExerciseScreen,
    prompt_rest: &[String],
    w: usize,
    th: Theme,
) -> (Vec<Line<'static>>, Option<usize>) {
    let w = w.max(1);
    let w_cols = w;
    let mut lines: Vec<Line<'static>> = Vec::new();
    // The end of a long prompt (wrapped to the prompt's width, which is the same).
    for l in prompt_rest {
        lines.push(Line::from(vec![
            TSpan::styled("│", th.muted()),
            TSpan::raw(l.clone()),
        ]));
    }
    if !prompt_rest.is_empty() {
        lines.push(Line::raw(""));
    }
    let prompt_only = lines.len();
    let push = |text: &str, style: Style, lines: &mut Vec<Line>| {
        for l in wrap(text, w) {
            lines.push(Line::styled(l, style));
        }
    };
    if let Some(verdict) = &v.verdict {
        verdict_lines(v, verdict, th, &mut |text, style| {
            push(text, style, &mut lines)
        });
    }
    for (i, h) in v.hints.iter().take(v.hints_shown).enumerate() {
        push(
            &format!("Hint {}/{}: {h}", i + 1, v.hints.len()),
            th.hint(),
            &mut lines,
        );
    }
    let mut solution_start = None;
    if v.solution_shown {
        solution_start = Some(lines.len());
        if let Some(s) = &v.solution {
            push("Worked solution:", th.heading(), &mut lines);
            push(s, th.text(), &mut lines);
        }
        if let Some(w) = &v.worked {
            push(Worked::HEADING, th.heading(), &mut lines);
            for l in w.lines() {
                push_hanging(l, w_cols, th.text(), &mut lines);
            }
        }
    }
    if lines.len() == prompt_only {
        let hint_note = if v.hints.is_empty() {
            "This exercise has no hints.".to_string()
        } else {
            let n = v.hints.len();
            let s = if n == 1 { "" } else { "s" };
            format!("{n} hint{s} available: Alt-h (or F2) shows the next.")
        };
        push(&hint_note, th.muted(), &mut lines);
    }
    (lines, solution_start)
}

/// A line of a derivation wrapped with a hanging indent: a numbered step's continuation lines
/// start under its text (`12.   Sum rule: …`), so the steps' nesting stays visible.
fn push_hanging(text: &str, w: usize, style: Style, lines: &mut Vec<Line<'static>>) {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let indent = if digits > 0 && text[digits..].starts_with(". ") {
        digits + 2 + text[digits + 2..].chars().take_while(|c| *c == ' ').count()
    } else {
        0
    };
    if indent == 0 || indent + 10 > w {
        lines.extend(wrap(text, w).into_iter().map(|l| Line::styled(l, style)));
        return;
    }
    let (head, body) = text.split_at(indent);
    for (i, l) in wrap(body, w - indent).into_iter().enumerate() {
        let lead = if i == 0 {
            head.to_string()
        } else {
            " ".repeat(indent)
        };
        lines.push(Line::styled(format!("{lead}{l}"), style));
    }
}

/// The verdict of the last check, its diagnosis and the wrong cells. Once the answer has
/// changed, the verdict is about the previous answer: it says so, and is drawn muted.
fn verdict_lines(
    v: &ExerciseScreen,
    verdict: &Verdict,
    th: Theme,
    push: &mut dyn FnMut(&str, Style),
) {
    let stale = v.verdict_stale;
    if stale {
        let header = match &v.checked {
            Some(Answer::Scalar(a)) => {
                format!("Feedback on your previous answer, {a} (Enter checks the new one):")
            }
            _ => "Feedback on your previous answer (Enter checks the new one):".to_string(),
        };
        push(&header, th.muted());
    }
    let fresh = |style: Style| if stale { th.muted() } else { style };
    let m = &verdict.message;
    let (text, style) = match verdict.status {
        Status::Correct if m.starts_with("Correct") => (format!("✓ {m}"), th.correct()),
        Status::Correct => (format!("✓ Correct. {m}"), th.correct()),
        Status::Incorrect => (format!("✗ Not right yet. {m}"), th.wrong()),
        Status::Invalid => (format!("! {m}"), th.error()),
    };
    push(&text, fresh(style));
    if let Some(d) = verdict.diagnosis {
        let text = format!("What went wrong: {}.", d.explanation());
        push(&text, fresh(th.wrong()));
    }
    for c in verdict.cells.iter().flatten() {
        if c.verdict == Status::Correct {
            continue;
        }
        let label = v
            .fields
            .iter()
            .find(|f| f.key == c.cell)
            .map_or_else(|| c.cell.to_string(), |f| f.label.clone());
        push(&format!("  ✗ {label}: {}", c.message), fresh(th.wrong()));
    }
}

fn render_notes(
    v: &ExerciseScreen,
    prompt_rest: &[String],
    area: Rect,
    buf: &mut Buffer,
    th: Theme,
) {
    let (lines, _) = notes_lines(
        v,
        prompt_rest,
        usize::from(area.width.saturating_sub(1)),
        th,
    );
    let n = lines.len();
    let (shown, max_scroll) = notes_view(n, area.height);
    let scroll = v.notes_scroll.min(max_scroll);
    let text_area = Rect {
        height: shown,
        ..area
    };
    Paragraph::new(lines)
        .scroll((scroll, 0))
        .render(text_area, buf);
    if shown == area.height {
        return;
    }
    // When there is more above or below (PgUp/PgDn or the mouse wheel scroll), the last line
    // says so, on a line of its own.
    let below = n.saturating_sub(usize::from(scroll) + usize::from(shown));
    let mut mark = String::new();
    if scroll > 0 {
        mark.push_str(" ↑ PgUp ");
    }
    if below > 0 {
        let s = if below == 1 { "" } else { "s" };
        mark.push_str(&format!(" ↓ PgDn more ({below} line{s}) "));
    }
    let tw = u16::try_from(width(&mark)).unwrap_or(0).min(area.width);
    let x = area.right().saturating_sub(tw);
    buf.set_stringn(x, area.bottom() - 1, &mark, usize::from(tw), th.key());
}

/// For `n` lines of notes in `height` rows: how many rows show text, and how far they can
/// scroll. When they do not all fit, the last row is kept for the PgUp/PgDn marks.
fn notes_view(n: usize, height: u16) -> (u16, u16) {
    let fits = n <= usize::from(height);
    let shown = if fits || height < 2 {
        height
    } else {
        height - 1
    };
    let max = u16::try_from(n.saturating_sub(usize::from(shown))).unwrap_or(u16::MAX);
    (shown, max)
}
