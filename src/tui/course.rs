//! The course screen: every set with its progress, opening to its exercises and worked descent
//! examples, each marked solved ✓, attempted ✗ or new ·; `/` filters by typing.

use crate::exercise::Course;
use crate::progress::{Mark, Progress};
use crate::tui::app::App;
use crate::tui::layout;
use crate::tui::text::{truncate, width, wrap};
use crate::tui::widgets::input::Input;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    Set(usize),
    Exercise(usize, usize),
    Descent(usize, usize),
}

/// Solved / attempted / total of a set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub solved: usize,
    pub attempted: usize,
    pub total: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub kind: RowKind,
    pub text: String,
    pub mark: Option<Mark>,
    pub stats: Option<Stats>,
    pub expanded: bool,
}

/// What the list shows for each item, prepared once (prompts prettified).
#[derive(Clone, Debug, Default)]
pub struct Labels {
    /// Per set, per exercise: the title, or the prompt's first line.
    pub exercises: Vec<Vec<String>>,
    /// Per set, per exercise: the prettified prompt.
    pub prompts: Vec<Vec<String>>,
    /// Per set, per descent: the title.
    pub descents: Vec<Vec<String>>,
}

impl Labels {
    pub fn new(course: &Course, pretty: impl Fn(&str) -> String) -> Labels {
        let mut l = Labels::default();
        for set in &course.sets {
            let prompts: Vec<String> = set.exercises.iter().map(|e| pretty(&e.prompt)).collect();
            l.exercises.push(
                set.exercises
                    .iter()
                    .zip(&prompts)
                    .map(|(e, p)| match &e.title {
                        Some(t) => pretty(t),
                        None => p.lines().next().unwrap_or("").trim().to_string(),
                    })
                    .collect(),
            );
            l.prompts.push(prompts);
            l.descents
                .push(set.descents.iter().map(|d| pretty(&d.title)).collect());
        }
        l
    }
}

#[derive(Clone, Debug, Default)]
pub struct CourseView {
    pub expanded: Vec<bool>,
    pub rows: Vec<Row>,
    pub selected: usize,
    pub offset: usize,
    pub filter: Input,
    pub filtering: bool,
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.to_lowercase().contains(needle)
}

impl CourseView {
    /// Opens with the last set used expanded and the cursor on its first unsolved exercise.
    pub fn new(course: &Course, progress: &Progress, labels: &Labels) -> CourseView {
        let mut v = CourseView {
            expanded: vec![false; course.sets.len()],
            ..CourseView::default()
        };
        let last = progress
            .last_set
            .as_deref()
            .and_then(|src| course.sets.iter().position(|s| s.source == src))
            .unwrap_or(0);
        if let Some(e) = v.expanded.get_mut(last) {
            *e = true;
        }
        v.rebuild(course, progress, labels);
        let target = course.sets.get(last).and_then(|set| {
            set.exercises
                .iter()
                .position(|e| progress.mark(&e.id) != Mark::Solved)
        });
        let want = match target {
            Some(i) => RowKind::Exercise(last, i),
            None => RowKind::Set(last),
        };
        v.selected = v.rows.iter().position(|r| r.kind == want).unwrap_or(0);
        v
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.rows.get(self.selected)
    }

    /// Recomputes the visible rows (after expanding, filtering or new progress), keeping the
    /// selection on the same item where it is still visible.
    pub fn rebuild(&mut self, course: &Course, progress: &Progress, labels: &Labels) {
        let keep = self.selected_row().map(|r| r.kind);
        let needle = self.filter.text().trim().to_lowercase();
        let filtering = !needle.is_empty();
        self.rows.clear();
        for (si, set) in course.sets.iter().enumerate() {
            let set_matches = filtering && contains_ci(&set.title, &needle);
            let ex_match = |ei: usize| {
                !filtering
                    || set_matches
                    || contains_ci(&labels.exercises[si][ei], &needle)
                    || contains_ci(&set.exercises[ei].id, &needle)
                    || contains_ci(&labels.prompts[si][ei], &needle)
            };
            let de_match = |di: usize| {
                !filtering
                    || set_matches
                    || contains_ci(&labels.descents[si][di], &needle)
                    || contains_ci(&set.descents[di].id, &needle)
            };
            let exs: Vec<usize> = (0..set.exercises.len()).filter(|&i| ex_match(i)).collect();
            let des: Vec<usize> = (0..set.descents.len()).filter(|&i| de_match(i)).collect();
            if filtering && !set_matches && exs.is_empty() && des.is_empty() {
                continue;
            }
            let mut stats = Stats {
                total: set.exercises.len(),
                ..Stats::default()
            };
            for e in &set.exercises {
                match progress.mark(&e.id) {
                    Mark::Solved => stats.solved += 1,
                    Mark::Attempted => stats.attempted += 1,
                    Mark::New => {}
                }
            }
            let open = filtering || self.expanded.get(si).copied().unwrap_or(false);
            self.rows.push(Row {
                kind: RowKind::Set(si),
                text: set.title.clone(),
                mark: None,
                stats: Some(stats),
                expanded: open,
            });
            if !open {
                continue;
            }
            for ei in exs {
                self.rows.push(Row {
                    kind: RowKind::Exercise(si, ei),
                    text: labels.exercises[si][ei].clone(),
                    mark: Some(progress.mark(&set.exercises[ei].id)),
                    stats: None,
                    expanded: false,
                });
            }
            for di in des {
                self.rows.push(Row {
                    kind: RowKind::Descent(si, di),
                    text: labels.descents[si][di].clone(),
                    mark: Some(progress.mark(&set.descents[di].id)),
                    stats: None,
                    expanded: false,
                });
            }
        }
        // Keep the selection on the same item; when it is filtered out, go to the first
        // exercise or example that is left.
        self.selected = keep
            .and_then(|k| self.rows.iter().position(|r| r.kind == k))
            .or_else(|| {
                self.rows
                    .iter()
                    .position(|r| !matches!(r.kind, RowKind::Set(_)))
            })
            .unwrap_or(0);
    }

    /// Moves the selection by `delta` rows, clamped.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        if self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.ensure_visible(height);
    }

    /// Scrolls so that the selection is inside a window of `height` rows.
    pub fn ensure_visible(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        let max_offset = self.rows.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }
}

/// Draws the course screen.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let th = app.theme;
    let view = &app.list;
    let l = layout::course(area, app.notice_lines());
    // Title bar.
    let (solved, total) = app.course.sets.iter().fold((0, 0), |(s, t), set| {
        let solved = set
            .exercises
            .iter()
            .filter(|e| app.store.progress.mark(&e.id) == Mark::Solved)
            .count();
        (s + solved, t + set.exercises.len())
    });
    let right = format!("{solved}/{total} solved ");
    layout::title_bar(
        buf,
        l.title,
        " gradtutor · the calculus behind ML optimization",
        &right,
        th,
    );

    // The list.
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.border())
        .title(" Course ");
    let inner = block.inner(l.list);
    block.render(l.list, buf);
    let rows_w = usize::from(inner.width);
    for (i, row) in view
        .rows
        .iter()
        .enumerate()
        .skip(view.offset)
        .take(usize::from(inner.height))
    {
        let y = inner.y + u16::try_from(i - view.offset).unwrap_or(0);
        let selected = i == view.selected;
        let line = row_line(row, rows_w, th, selected);
        let style = if selected { th.selected() } else { th.text() };
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        buf.set_line(inner.x, y, &line, inner.width);
    }
    if view.rows.is_empty() {
        let msg = if view.filter.is_empty() {
            "No exercises are loaded."
        } else {
            "Nothing matches the filter. Esc clears it."
        };
        buf.set_stringn(inner.x + 1, inner.y, msg, rows_w, th.muted());
    }

    // Details of the selection, on wide terminals.
    if let Some(detail) = l.detail {
        render_detail(app, detail, buf);
    }

    // Filter or notice line.
    let mut cursor = None;
    if view.filtering || !view.filter.is_empty() {
        buf.set_stringn(l.line.x, l.line.y, "/ ", 2, th.key());
        let field = Rect::new(l.line.x + 2, l.line.y, l.line.width.saturating_sub(2), 1);
        let pos = view.filter.render_line(field, buf, th.text());
        if view.filtering {
            cursor = pos;
        }
    } else {
        layout::notice_line(app, l.line, buf);
    }
    layout::status_bar(app, l.status, buf);
    cursor
}

fn row_line(row: &Row, w: usize, th: crate::tui::theme::Theme, selected: bool) -> Line<'static> {
    let sel = |s: Style| if selected { Style::new() } else { s };
    match (row.kind, row.stats) {
        (RowKind::Set(_), Some(st)) => {
            let arrow = if row.expanded { "▾ " } else { "▸ " };
            let right = format!(
                "{:>3} ✓ {:>3} ✗ {:>3} total ",
                st.solved, st.attempted, st.total
            );
            let room = w.saturating_sub(width(&right) + 3);
            let title = truncate(&row.text, room);
            let pad = w.saturating_sub(2 + width(&title) + width(&right) + 1);
            Line::from(vec![
                Span::raw(if selected { "›" } else { " " }),
                Span::styled(arrow, sel(th.key())),
                Span::styled(title, sel(th.heading())),
                Span::raw(" ".repeat(pad)),
                Span::raw(right),
            ])
        }
        (kind, _) => {
            let mark = row.mark.unwrap_or(Mark::New);
            let mark_style = match mark {
                Mark::Solved => th.correct(),
                Mark::Attempted => th.wrong(),
                Mark::New => th.text(),
            };
            let tag = if matches!(kind, RowKind::Descent(..)) {
                "stepper: "
            } else {
                ""
            };
            let room = w.saturating_sub(7 + width(tag));
            Line::from(vec![
                Span::raw(if selected { "›   " } else { "    " }),
                Span::styled(mark.symbol(), sel(mark_style)),
                Span::raw(" "),
                Span::styled(tag, sel(th.muted())),
                Span::raw(truncate(&row.text, room)),
            ])
        }
    }
}

fn render_detail(app: &App, area: Rect, buf: &mut Buffer) {
    let th = app.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.border())
        .title(" Details ");
    let inner = block.inner(area);
    block.render(area, buf);
    let w = usize::from(inner.width.saturating_sub(1)).max(1);
    let mut lines: Vec<Line> = Vec::new();
    let para = |text: &str, style: Style, lines: &mut Vec<Line>| {
        for l in wrap(text, w) {
            lines.push(Line::styled(l, style));
        }
    };
    match app.list.selected_row().map(|r| r.kind) {
        Some(RowKind::Set(si)) => {
            let set = &app.course.sets[si];
            para(&set.title, th.heading(), &mut lines);
            if let Some(d) = &set.description {
                lines.push(Line::raw(""));
                para(d, th.text(), &mut lines);
            }
            lines.push(Line::raw(""));
            para(
                &format!(
                    "{} exercises, {} worked descent examples.",
                    set.exercises.len(),
                    set.descents.len()
                ),
                th.muted(),
                &mut lines,
            );
        }
        Some(RowKind::Exercise(si, ei)) => {
            let ex = &app.course.sets[si].exercises[ei];
            para(&app.labels.exercises[si][ei], th.heading(), &mut lines);
            lines.push(Line::raw(""));
            para(&app.labels.prompts[si][ei], th.text(), &mut lines);
            lines.push(Line::raw(""));
            let record = app.store.progress.record(&ex.id);
            let status = match record {
                None => "Not tried yet.".to_string(),
                Some(r) => {
                    let mut s = format!(
                        "{} {}; {} hint{} used",
                        r.attempts,
                        if r.attempts == 1 {
                            "attempt"
                        } else {
                            "attempts"
                        },
                        r.hints_used,
                        if r.hints_used == 1 { "" } else { "s" }
                    );
                    if r.solved {
                        s.push_str("; solved");
                    } else if r.gave_up {
                        s.push_str("; solution seen");
                    }
                    s.push('.');
                    s
                }
            };
            para(&status, th.muted(), &mut lines);
            para(&format!("id: {}", ex.id), th.muted(), &mut lines);
        }
        Some(RowKind::Descent(si, di)) => {
            let d = &app.course.sets[si].descents[di];
            para(&d.title, th.heading(), &mut lines);
            if let Some(n) = &d.notes {
                lines.push(Line::raw(""));
                para(n, th.text(), &mut lines);
            }
        }
        None => {}
    }
    Paragraph::new(lines).render(inner, buf);
}
