//! The course screen: every set with its progress, opening to its exercises and worked descent
//! examples, each marked solved ✓, attempted ✗ or new ·, a worked example walked ↘; `/` filters
//! by typing.
//!
//! A component like the stepper: [`CourseScreen::new`] prepares what the list shows from the
//! course and the progress (labels prettified once), [`CourseScreen::sync`] refreshes the marks
//! after the progress changed, [`CourseScreen::update`] takes a [`CourseMsg`] and may ask the app
//! to open an item ([`CourseOutcome`]), and [`CourseScreen::draw`] only reads. It does not know
//! the app: the size, the notice and the status keys come in a [`Ctx`].

use crate::exercise::{Course, Descent, Exercise, LeftOut};
use crate::progress::{Mark, Progress, Record};
use crate::tui::context::Ctx;
use crate::tui::keys::EditOp;
use crate::tui::layout;
use crate::tui::text::{prettify, truncate, width, wrap};
use crate::tui::theme::Theme;
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

impl RowKind {
    /// The set the row belongs to.
    pub fn set(self) -> usize {
        match self {
            RowKind::Set(s) | RowKind::Exercise(s, _) | RowKind::Descent(s, _) => s,
        }
    }
}

/// Solved / attempted / total of a set's exercises, and its worked descent examples with how
/// many were walked or predicted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub solved: usize,
    pub attempted: usize,
    pub total: usize,
    pub examples: usize,
    pub walked: usize,
}

impl Stats {
    /// The counts as the list shows them at the right of a set's row: `  3 ✓   1 ✗  18 total`
    /// for exercises, `  1 walked   2 examples` for worked descent examples, and
    /// `3 ✓ 1 ✗ 18 total · 1/2 walked` for a set that has both.
    pub fn text(&self) -> String {
        let exercises = format!(
            "{:>3} ✓ {:>3} ✗ {:>3} total",
            self.solved, self.attempted, self.total
        );
        let plural = if self.examples == 1 { "" } else { "s" };
        match (self.total, self.examples) {
            (_, 0) => format!("{exercises} "),
            (0, n) => format!("{:>3} walked {n:>3} example{plural} ", self.walked),
            // The counts cannot line up with other sets' anyway: no padding.
            (_, n) => format!(
                "{} ✓ {} ✗ {} total · {}/{n} walked ",
                self.solved, self.attempted, self.total, self.walked
            ),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub kind: RowKind,
    pub text: String,
    pub mark: Option<Mark>,
    pub stats: Option<Stats>,
    pub expanded: bool,
    /// Shown at the right of an exercise's row: in how many variants a randomised exercise
    /// was solved.
    pub note: Option<String>,
}

/// What the course screen can be asked to do. The app maps keys to these.
#[derive(Clone, Debug, PartialEq)]
pub enum CourseMsg {
    /// Move the selection by this many rows (clamped).
    Move(isize),
    /// Move by this many pages.
    Page(isize),
    Top,
    Bottom,
    /// Open the selected set.
    Expand,
    /// Close the selected set, or the set of the selected item.
    Collapse,
    /// Open the selected item (a set opens or closes).
    Open,
    FilterStart,
    /// Keep the filter and go back to the list.
    FilterDone,
    /// Clear the filter (Esc).
    FilterCancel,
    FilterEdit(EditOp),
    FilterInsert(char),
    FilterPaste(String),
    /// The mouse wheel: negative is up.
    Scroll(i8),
    Click {
        column: u16,
        row: u16,
    },
}

/// What the app should do after a message.
#[must_use]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CourseOutcome {
    /// Open this exercise or descent example.
    Open(RowKind),
    /// Say this to the student.
    Notice(String),
}

/// One exercise as the list shows it.
#[derive(Clone, Debug)]
struct ExerciseEntry {
    id: String,
    /// The title, or the prompt's first line (prettified).
    label: String,
    prompt: String,
    mark: Mark,
    /// The student's record in words, for the details panel.
    record: String,
    randomised: bool,
    /// In how many variants it was solved.
    variants_solved: usize,
}

impl ExerciseEntry {
    /// `solved in 2 variants`, for a randomised exercise solved at least once.
    fn note(&self) -> Option<String> {
        let n = self.variants_solved;
        (self.randomised && n > 0).then(|| {
            let s = if n == 1 { "" } else { "s" };
            format!("solved in {n} variant{s}")
        })
    }
}

/// One worked descent example as the list shows it.
#[derive(Clone, Debug)]
struct DescentEntry {
    id: String,
    label: String,
    title: String,
    notes: Option<String>,
    mark: Mark,
}

#[derive(Clone, Debug)]
struct SetEntry {
    title: String,
    description: Option<String>,
    exercises: Vec<ExerciseEntry>,
    descents: Vec<DescentEntry>,
    stats: Stats,
}

/// The course screen's state. Build with [`CourseScreen::new`], feed [`CourseMsg`]s to
/// [`CourseScreen::update`], draw with [`CourseScreen::draw`].
#[derive(Clone, Debug, Default)]
pub struct CourseScreen {
    sets: Vec<SetEntry>,
    /// Exercises solved in the whole course, and how many there are.
    solved: usize,
    total: usize,
    expanded: Vec<bool>,
    rows: Vec<Row>,
    selected: usize,
    offset: usize,
    filter: Input,
    filtering: bool,
}

/// An exercise's label in the list (its title, or its prompt's first line) and its prompt,
/// prettified as the exercise screen shows them.
fn texts(e: &Exercise) -> (String, String) {
    let prompt = prettify(&e.prompt);
    let label = match &e.title {
        Some(t) => prettify(t),
        None => prompt.lines().next().unwrap_or("").trim().to_string(),
    };
    (label, prompt)
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.to_lowercase().contains(needle)
}

fn record_text(record: Option<&Record>, randomised: bool) -> String {
    let Some(r) = record else {
        return "Not tried yet.".to_string();
    };
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
    let variants = r.variants_solved();
    if r.solved && randomised && variants > 0 {
        let p = if variants == 1 { "" } else { "s" };
        s.push_str(&format!("; solved in {variants} variant{p}"));
    } else if r.solved {
        s.push_str("; solved");
    } else if r.gave_up {
        s.push_str("; solution seen");
    }
    s.push('.');
    if let (true, Some(n)) = (randomised, r.variant) {
        s.push_str(&format!(" Now on variant {n}."));
    }
    s
}

impl CourseScreen {
    /// Opens with the last set used expanded and the cursor on its first unsolved exercise.
    pub fn new(course: &Course, progress: &Progress) -> CourseScreen {
        let sets = course
            .sets
            .iter()
            .map(|set| SetEntry {
                title: set.title.clone(),
                description: set.description.clone(),
                exercises: set
                    .exercises
                    .iter()
                    .map(|e| {
                        let (label, prompt) = texts(e);
                        ExerciseEntry {
                            id: e.id.clone(),
                            label,
                            prompt,
                            mark: Mark::New,
                            record: String::new(),
                            randomised: e.is_randomised(),
                            variants_solved: 0,
                        }
                    })
                    .collect(),
                descents: set
                    .descents
                    .iter()
                    .map(|d| DescentEntry {
                        id: d.id.clone(),
                        label: prettify(&d.title),
                        title: d.title.clone(),
                        notes: d.notes.clone(),
                        mark: Mark::New,
                    })
                    .collect(),
                stats: Stats::default(),
            })
            .collect();
        let mut v = CourseScreen {
            sets,
            expanded: vec![false; course.sets.len()],
            ..CourseScreen::default()
        };
        let last = progress
            .last_set
            .as_deref()
            .and_then(|src| course.sets.iter().position(|s| s.source == src))
            .unwrap_or(0);
        if let Some(e) = v.expanded.get_mut(last) {
            *e = true;
        }
        v.sync(progress);
        let target = v
            .sets
            .get(last)
            .and_then(|set| set.exercises.iter().position(|e| e.mark != Mark::Solved));
        let want = match target {
            Some(i) => RowKind::Exercise(last, i),
            None => RowKind::Set(last),
        };
        v.selected = v.rows.iter().position(|r| r.kind == want).unwrap_or(0);
        v
    }

    /// Takes in new progress: marks, counts and records, and the rows built from them.
    pub fn sync(&mut self, progress: &Progress) {
        let (mut solved, mut total) = (0, 0);
        for set in &mut self.sets {
            let mut stats = Stats {
                total: set.exercises.len(),
                examples: set.descents.len(),
                walked: set
                    .descents
                    .iter()
                    .filter(|d| progress.walked(&d.id))
                    .count(),
                ..Stats::default()
            };
            for e in &mut set.exercises {
                e.mark = progress.mark(&e.id);
                let record = progress.record(&e.id);
                e.record = record_text(record, e.randomised);
                e.variants_solved = record.map_or(0, Record::variants_solved);
                match e.mark {
                    Mark::Solved => stats.solved += 1,
                    Mark::Attempted => stats.attempted += 1,
                    Mark::Walked | Mark::New => {}
                }
            }
            for d in &mut set.descents {
                d.mark = progress.mark(&d.id);
            }
            set.stats = stats;
            solved += stats.solved;
            total += stats.total;
        }
        (self.solved, self.total) = (solved, total);
        self.rebuild();
    }

    /// Shows the exercise at `si`, `ei` with the texts of `shown`, the variant of it the
    /// student is on (the app prepares it when the progress changes), instead of the numbers
    /// the loader gave it. Takes effect with the next [`CourseScreen::sync`].
    pub fn show_variant(&mut self, si: usize, ei: usize, shown: &Exercise) {
        if let Some(e) = self.sets.get_mut(si).and_then(|s| s.exercises.get_mut(ei)) {
            (e.label, e.prompt) = texts(shown);
        }
    }

    /// Shows the descent example at `si`, `di` with the title and notes of `shown`, the
    /// variant of it the student is on, as [`CourseScreen::show_variant`] does for exercises.
    pub fn show_descent_variant(&mut self, si: usize, di: usize, shown: &Descent) {
        if let Some(d) = self.sets.get_mut(si).and_then(|s| s.descents.get_mut(di)) {
            d.label = prettify(&shown.title);
            d.title = shown.title.clone();
            d.notes = shown.notes.clone();
        }
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.rows.get(self.selected)
    }

    /// Whether the student is typing a filter.
    pub fn filtering(&self) -> bool {
        self.filtering
    }

    /// Opens the set of `kind`, puts the cursor on it and scrolls it into view (the app does
    /// this when the student comes back from an exercise).
    pub fn select(&mut self, kind: RowKind, ctx: &Ctx) {
        if let Some(e) = self.expanded.get_mut(kind.set()) {
            *e = true;
        }
        self.rebuild();
        if let Some(i) = self.rows.iter().position(|r| r.kind == kind) {
            self.selected = i;
        }
        self.settle(ctx);
    }

    /// Keeps the selection in view at this size (a notice takes lines from the list).
    pub fn settle(&mut self, ctx: &Ctx) {
        let h = list_height(ctx);
        self.ensure_visible(h);
    }

    /// Handles one message.
    pub fn update(&mut self, msg: CourseMsg, ctx: &Ctx) -> Option<CourseOutcome> {
        let h = list_height(ctx);
        let page = isize::try_from(h.max(1)).unwrap_or(1);
        match msg {
            CourseMsg::Move(d) => self.move_by(d, h),
            CourseMsg::Scroll(d) => self.move_by(isize::from(d), h),
            CourseMsg::Page(n) => self.move_by(n.saturating_mul(page), h),
            CourseMsg::Top => self.move_by(isize::MIN / 2, h),
            CourseMsg::Bottom => self.move_by(isize::MAX / 2, h),
            CourseMsg::Expand => self.set_expanded(Some(true), h),
            CourseMsg::Collapse => self.collapse_or_parent(h),
            CourseMsg::Open => return self.open_selected(h),
            CourseMsg::FilterStart => {
                // A new search, as `/` is in less or vim.
                self.filtering = true;
                self.filter.clear();
                self.refilter(h);
            }
            CourseMsg::FilterDone => self.filtering = false,
            CourseMsg::FilterCancel => {
                let notice = (self.filter.is_empty() && !self.filtering)
                    .then(|| CourseOutcome::Notice("This is the course list: q quits.".into()));
                self.filtering = false;
                self.filter.clear();
                self.refilter(h);
                return notice;
            }
            CourseMsg::FilterEdit(op) => {
                if self.filter.apply(op) {
                    self.refilter(h);
                }
            }
            CourseMsg::FilterInsert(c) => {
                if self.filtering && self.filter.insert(c).is_ok() {
                    self.refilter(h);
                }
            }
            CourseMsg::FilterPaste(text) => {
                let one_line: String = text.chars().take(200).collect();
                if self.filtering && self.filter.insert_str(&one_line).is_ok() {
                    self.refilter(h);
                }
            }
            CourseMsg::Click { column, row } => return self.click(column, row, ctx),
        }
        None
    }

    fn refilter(&mut self, height: usize) {
        self.rebuild();
        self.ensure_visible(height);
    }

    fn set_expanded(&mut self, to: Option<bool>, height: usize) {
        if let Some(RowKind::Set(si)) = self.selected_row().map(|r| r.kind) {
            if let Some(e) = self.expanded.get_mut(si) {
                *e = to.unwrap_or(!*e);
            }
            self.refilter(height);
        }
    }

    fn collapse_or_parent(&mut self, height: usize) {
        match self.selected_row().map(|r| r.kind) {
            Some(RowKind::Set(_)) => self.set_expanded(Some(false), height),
            Some(RowKind::Exercise(si, _)) | Some(RowKind::Descent(si, _)) => {
                if let Some(i) = self.rows.iter().position(|r| r.kind == RowKind::Set(si)) {
                    self.selected = i;
                }
                self.set_expanded(Some(false), height);
            }
            None => {}
        }
    }

    fn open_selected(&mut self, height: usize) -> Option<CourseOutcome> {
        match self.selected_row().map(|r| r.kind)? {
            RowKind::Set(_) => {
                self.set_expanded(None, height);
                None
            }
            kind => Some(CourseOutcome::Open(kind)),
        }
    }

    fn click(&mut self, column: u16, row: u16, ctx: &Ctx) -> Option<CourseOutcome> {
        let l = layout::course(ctx.area(), ctx.notice_lines());
        let inner = Rect::new(
            l.list.x + 1,
            l.list.y + 1,
            l.list.width.saturating_sub(2),
            l.list.height.saturating_sub(2),
        );
        if !inner.contains(Position::new(column, row)) {
            return None;
        }
        let i = self.offset + usize::from(row - inner.y);
        if i >= self.rows.len() {
            return None;
        }
        if i == self.selected {
            return self.open_selected(list_height(ctx));
        }
        self.selected = i;
        None
    }

    /// Recomputes the visible rows (after expanding, filtering or new progress), keeping the
    /// selection on the same item where it is still visible.
    fn rebuild(&mut self) {
        let keep = self.selected_row().map(|r| r.kind);
        let needle = self.filter.text().trim().to_lowercase();
        let filtering = !needle.is_empty();
        self.rows.clear();
        for (si, set) in self.sets.iter().enumerate() {
            let set_matches = filtering && contains_ci(&set.title, &needle);
            let ex_match = |e: &ExerciseEntry| {
                !filtering
                    || set_matches
                    || contains_ci(&e.label, &needle)
                    || contains_ci(&e.id, &needle)
                    || contains_ci(&e.prompt, &needle)
            };
            let de_match = |d: &DescentEntry| {
                !filtering
                    || set_matches
                    || contains_ci(&d.label, &needle)
                    || contains_ci(&d.id, &needle)
            };
            let exs: Vec<usize> = (0..set.exercises.len())
                .filter(|&i| ex_match(&set.exercises[i]))
                .collect();
            let des: Vec<usize> = (0..set.descents.len())
                .filter(|&i| de_match(&set.descents[i]))
                .collect();
            if filtering && !set_matches && exs.is_empty() && des.is_empty() {
                continue;
            }
            let open = filtering || self.expanded.get(si).copied().unwrap_or(false);
            self.rows.push(Row {
                kind: RowKind::Set(si),
                text: set.title.clone(),
                mark: None,
                stats: Some(set.stats),
                expanded: open,
                note: None,
            });
            if !open {
                continue;
            }
            for ei in exs {
                let e = &set.exercises[ei];
                self.rows.push(Row {
                    kind: RowKind::Exercise(si, ei),
                    text: e.label.clone(),
                    mark: Some(e.mark),
                    stats: None,
                    expanded: false,
                    note: e.note(),
                });
            }
            for di in des {
                let d = &set.descents[di];
                self.rows.push(Row {
                    kind: RowKind::Descent(si, di),
                    text: d.label.clone(),
                    mark: Some(d.mark),
                    stats: None,
                    expanded: false,
                    note: None,
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
    fn move_by(&mut self, delta: isize, height: usize) {
        if self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.ensure_visible(height);
    }

    /// Scrolls so that the selection is inside a window of `height` rows.
    fn ensure_visible(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        let max_offset = self.rows.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }

    /// Draws the course screen; returns where the cursor goes (in the filter while typing).
    pub fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let th = ctx.theme;
        let l = layout::course(area, ctx.notice_lines());
        let right = format!("{}/{} solved ", self.solved, self.total);
        layout::title_bar(
            buf,
            l.title,
            " gradtutor · the calculus behind ML optimization",
            &right,
            th,
        );
        self.draw_list(l.list, buf, th);
        if let Some(detail) = l.detail {
            self.draw_detail(detail, buf, th);
        }
        // Filter or notice line.
        let mut cursor = None;
        if self.filtering || !self.filter.is_empty() {
            buf.set_stringn(l.line.x, l.line.y, "/ ", 2, th.key());
            let field = Rect::new(l.line.x + 2, l.line.y, l.line.width.saturating_sub(2), 1);
            let pos = self.filter.render_line(field, buf, th.text());
            if self.filtering && !ctx.overlay {
                cursor = pos;
            }
        } else {
            layout::notice_line(ctx, l.line, buf);
        }
        layout::status_bar(ctx, l.status, buf);
        cursor
    }

    fn draw_list(&self, area: Rect, buf: &mut Buffer, th: Theme) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(th.border())
            .title(" Course ");
        let inner = block.inner(area);
        block.render(area, buf);
        let rows_w = usize::from(inner.width);
        for (i, row) in self
            .rows
            .iter()
            .enumerate()
            .skip(self.offset)
            .take(usize::from(inner.height))
        {
            let y = inner.y + u16::try_from(i - self.offset).unwrap_or(0);
            let selected = i == self.selected;
            let line = row_line(row, rows_w, th, selected);
            let style = if selected { th.selected() } else { th.text() };
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
            buf.set_line(inner.x, y, &line, inner.width);
        }
        self.draw_more_marks(area, buf, th);
        if self.rows.is_empty() {
            let msg = if self.filter.is_empty() {
                "No exercises are loaded."
            } else {
                "Nothing matches the filter. Esc clears it."
            };
            buf.set_stringn(inner.x + 1, inner.y, msg, rows_w, th.muted());
        }
    }

    /// On the list's borders: how many rows are hidden above and below the box (and how many
    /// of those below are sets), so that no set is out of sight without a sign.
    fn draw_more_marks(&self, area: Rect, buf: &mut Buffer, th: Theme) {
        let height = usize::from(area.height.saturating_sub(2));
        let mut put = |text: String, y: u16| {
            let w = u16::try_from(width(&text)).unwrap_or(u16::MAX);
            if area.width < w + 2 {
                return;
            }
            buf.set_stringn(area.right() - 1 - w, y, &text, usize::from(w), th.key());
        };
        let hidden = self.rows.get(self.offset + height..).unwrap_or(&[]);
        if !hidden.is_empty() {
            let n = hidden.len();
            let sets = hidden
                .iter()
                .filter(|r| matches!(r.kind, RowKind::Set(_)))
                .count();
            let text = match sets {
                0 => format!(" ↓ {n} more rows "),
                s if s == n => format!(" ↓ {n} more set{} ", if n == 1 { "" } else { "s" }),
                s => format!(
                    " ↓ {n} more rows ({s} set{}) ",
                    if s == 1 { "" } else { "s" }
                ),
            };
            put(text, area.bottom().saturating_sub(1));
        }
        if self.offset > 0 {
            put(format!(" ↑ {} more ", self.offset), area.y);
        }
    }

    fn draw_detail(&self, area: Rect, buf: &mut Buffer, th: Theme) {
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
        match self.selected_row().map(|r| r.kind) {
            Some(RowKind::Set(si)) => {
                let set = &self.sets[si];
                para(&set.title, th.heading(), &mut lines);
                if let Some(d) = &set.description {
                    lines.push(Line::raw(""));
                    para(d, th.text(), &mut lines);
                }
                lines.push(Line::raw(""));
                let counts = format!(
                    "{} exercises, {} worked descent examples.",
                    set.exercises.len(),
                    set.descents.len()
                );
                para(&counts, th.muted(), &mut lines);
            }
            Some(RowKind::Exercise(si, ei)) => {
                let ex = &self.sets[si].exercises[ei];
                para(&ex.label, th.heading(), &mut lines);
                lines.push(Line::raw(""));
                para(&ex.prompt, th.text(), &mut lines);
                lines.push(Line::raw(""));
                para(&ex.record, th.muted(), &mut lines);
                para(&format!("id: {}", ex.id), th.muted(), &mut lines);
            }
            Some(RowKind::Descent(si, di)) => {
                let d = &self.sets[si].descents[di];
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
}

impl Widget for &CourseScreen {
    /// The screen with the default context (colour, no notice, no status keys).
    fn render(self, area: Rect, buf: &mut Buffer) {
        let _ = self.draw(&Ctx::default().sized(area), area, buf);
    }
}

/// The banner for sets left out of the course for their errors: which set (its title and
/// file) and why (its first error, with its line). Several sets are each named with their
/// first error when that fits the four lines a notice has at 80 columns, else with how many
/// errors they have.
pub fn left_out_notice(left: &[LeftOut]) -> Option<String> {
    let file = |l: &LeftOut| {
        std::path::Path::new(&l.source)
            .file_name()
            .map_or_else(|| l.source.clone(), |n| n.to_string_lossy().into_owned())
    };
    let name = |l: &LeftOut| match &l.title {
        Some(t) => format!("“{}” ({})", prettify(t), file(l)),
        None => format!("the set in {}", file(l)),
    };
    let reason = |l: &LeftOut| {
        let more = match l.errors {
            0 | 1 => String::new(),
            2 => " (and 1 more error)".to_string(),
            n => format!(" (and {} more errors)", n - 1),
        };
        format!("line {}: {}{more}", l.first.pos.line, l.first.message)
    };
    let tail = "`gradtutor validate` lists every problem.";
    match left {
        [] => None,
        [one] => Some(format!(
            "The set {} was left out: {}. {tail}",
            name(one),
            reason(one)
        )),
        many => {
            let says = |each: &dyn Fn(&LeftOut) -> String| {
                let each: Vec<String> = many.iter().map(each).collect();
                format!(
                    "{} sets were left out: {}. {tail}",
                    many.len(),
                    each.join("; ")
                )
            };
            // Every reason when they fit the notice's lines at 80 columns; else how many
            // errors each set has, so that every set is still named.
            let full = says(&|l| format!("{}, {}", name(l), reason(l)));
            if wrap(&full, usize::from(layout::MIN_WIDTH)).len() <= 4 {
                return Some(full);
            }
            Some(says(&|l| {
                let s = if l.errors == 1 { "" } else { "s" };
                format!("{} with {} error{s}", name(l), l.errors)
            }))
        }
    }
}

/// Rows of the list that fit on screen.
fn list_height(ctx: &Ctx) -> usize {
    layout::course_list_height(ctx.area(), ctx.notice_lines())
}

fn row_line(row: &Row, w: usize, th: Theme, selected: bool) -> Line<'static> {
    let sel = |s: Style| if selected { Style::new() } else { s };
    match (row.kind, row.stats) {
        (RowKind::Set(_), Some(st)) => {
            let arrow = if row.expanded { "▾ " } else { "▸ " };
            let right = st.text();
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
                Mark::Walked => th.key(),
                Mark::New => th.text(),
            };
            let tag = if matches!(kind, RowKind::Descent(..)) {
                "stepper: "
            } else {
                ""
            };
            // A note (`solved in 2 variants`) at the right, after the title's room.
            let note = row
                .note
                .as_deref()
                .map(|n| format!("  {n} "))
                .unwrap_or_default();
            let room = w.saturating_sub(7 + width(tag) + width(&note));
            let text = truncate(&row.text, room);
            let pad = w.saturating_sub(6 + width(tag) + width(&text) + width(&note));
            Line::from(vec![
                Span::raw(if selected { "›   " } else { "    " }),
                Span::styled(mark.symbol(), sel(mark_style)),
                Span::raw(" "),
                Span::styled(tag, sel(th.muted())),
                Span::raw(text),
                Span::raw(" ".repeat(if note.is_empty() { 0 } else { pad })),
                Span::styled(note, sel(th.muted())),
            ])
        }
    }
}
