//! The exercise screen: the prompt, an answer line (or a grid of cells for vector, matrix and
//! table answers) with a live preview of what was understood, the verdict with its diagnosis,
//! hints one at a time, the worked solution, and the plot panel.
//!
//! A component like the stepper: [`ExerciseScreen::new`] builds it from an exercise and the
//! student's record, [`ExerciseScreen::update`] takes an [`ExerciseMsg`] and does the work
//! (editing, checking with the exercise's checker, hints, the solution), returning an
//! [`ExerciseOutcome`] when the app has something to record or say; [`ExerciseScreen::settle`]
//! re-parses the edited cells once per frame; [`ExerciseScreen::draw`] only reads. Leaving,
//! moving to another exercise, help and quitting are the app's business, not this screen's.

use crate::check::{Checker, Status, Verdict};
use crate::exercise::{Answer, Exercise, Kind, TableEntry};
use crate::math::{Expr, Scope, Span};
use crate::progress::Record;
use crate::question::CellId;
use crate::tui::context::Ctx;
use crate::tui::keys::EditOp;
use crate::tui::layout;
use crate::tui::text::{prettify, truncate, width, wrap};
use crate::tui::theme::Theme;
use crate::tui::widgets::grid;
use crate::tui::widgets::input::Input;
use crate::tui::widgets::plot::Plot;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span as TSpan};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

/// What was understood of one cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Preview {
    Empty,
    Understood(String),
    Error { message: String, span: Span },
}

/// One answer cell: its text, its preview, and its mark after checking.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub input: Input,
    pub preview: Preview,
    /// The preview is stale (recomputed before the next frame).
    pub dirty: bool,
    /// The cell's name in verdicts (`"0"`, `"1,0"`, `"z[3]"`, `"cost"`).
    pub key: String,
    /// Shown beside the cell.
    pub label: String,
    /// The verdict on this cell from the last check, cleared when it is edited.
    pub mark: Option<Status>,
    /// Grid position (row, column).
    pub at: (usize, usize),
}

impl Field {
    fn new(key: String, label: String, at: (usize, usize)) -> Field {
        Field {
            input: Input::default(),
            preview: Preview::Empty,
            dirty: false,
            key,
            label,
            mark: None,
            at,
        }
    }

    fn set_text(&mut self, text: &str) {
        self.input.set(text);
        self.dirty = true;
        self.mark = None;
    }
}

/// How a grid is laid out.
#[derive(Clone, Debug, PartialEq)]
pub enum GridKind {
    /// One cell per component, one per row.
    Vector,
    /// Rows x columns; `rows` and `cols` titles.
    Matrix {
        rows: Vec<String>,
        cols: Vec<String>,
    },
    /// Data columns beside the computed columns; totals below.
    Table {
        data: Vec<(String, Vec<f64>)>,
        columns: Vec<(String, String)>,
        totals: Vec<(String, String)>,
        nrows: usize,
    },
}

/// What the exercise screen can be asked to do. The app maps keys to these (see
/// docs/tutor.md); typed characters are `Insert`, a bracketed paste `Paste`.
#[derive(Clone, Debug, PartialEq)]
pub enum ExerciseMsg {
    Insert(char),
    Paste(String),
    Edit(EditOp),
    /// Check the answer (Enter).
    Submit,
    Hint,
    /// Open or close the worked solution.
    Solution,
    TogglePlot,
    /// An earlier answer from the history, or back towards what was being typed.
    HistoryPrev,
    HistoryNext,
    NextCell,
    PrevCell,
    CellUp,
    CellDown,
    /// Scroll the notes (feedback, hints, solution) by this many lines.
    ScrollNotes(i16),
    /// The mouse wheel at a place on screen: scrolls the notes when it is over them.
    Wheel {
        delta: i8,
        column: u16,
        row: u16,
    },
}

/// What the app should record or say after a message.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum ExerciseOutcome {
    /// Say this to the student.
    Notice(String),
    /// An answer was checked (an `Invalid` one could not be read and is not an attempt).
    Checked { answer: Answer, status: Status },
    /// One more hint is shown: `shown` in all.
    HintShown { shown: usize },
    /// The worked solution was opened before the exercise was solved.
    GaveUp,
}

/// The exercise screen's state. Build with [`ExerciseScreen::new`], feed [`ExerciseMsg`]s to
/// [`ExerciseScreen::update`], draw with [`ExerciseScreen::draw`].
#[derive(Debug)]
pub struct ExerciseScreen {
    /// Where the exercise is in the course: its set and its index there.
    place: (usize, usize),
    id: String,
    set_title: String,
    position: (usize, usize),
    title: String,
    prompt: String,
    kind_name: &'static str,
    scope: Scope,
    fields: Vec<Field>,
    focus: usize,
    /// None: a single answer line.
    grid: Option<GridKind>,
    verdict: Option<Verdict>,
    hints: Vec<String>,
    hints_shown: usize,
    solution: Option<String>,
    solution_shown: bool,
    attempts: u32,
    solved: bool,
    /// Earlier answers, oldest first.
    history: Vec<Answer>,
    history_pos: Option<usize>,
    history_draft: Option<Answer>,
    /// The answer last checked (an unchanged answer is not "half typed").
    checked: Option<Answer>,
    /// The answer has changed since the verdict was given (set in `settle`).
    verdict_stale: bool,
    plot: Option<Plot>,
    plot_open: bool,
    notes_scroll: u16,
    /// The exercise, for its checker.
    exercise: Exercise,
    /// Prepared on the first check and kept for the next ones (or why it could not be).
    checker: Option<Result<Checker, String>>,
}

fn grad_label(f: &str, var: &str) -> String {
    format!("∂{f}/∂{var}")
}

/// Where an exercise sits in the course.
#[derive(Clone, Copy, Debug)]
pub struct Place<'a> {
    pub set: usize,
    pub index: usize,
    pub set_title: &'a str,
    /// 1-based position in its set, and the set's size.
    pub position: (usize, usize),
}

impl ExerciseScreen {
    /// The screen of `ex` at `place`, with the student's record (hints seen, attempts, the
    /// history of answers) and an unchecked draft to restore.
    pub fn new(
        ex: &Exercise,
        place: &Place,
        record: Option<&Record>,
        draft: Option<&Answer>,
    ) -> ExerciseScreen {
        let pretty = prettify;
        let (fields, grid) = layout_fields(ex, &pretty);
        let mut history: Vec<Answer> = Vec::new();
        if let Some(r) = record {
            for a in &r.history {
                if history.last() != Some(&a.answer.0) {
                    history.push(a.answer.0.clone());
                }
            }
        }
        let mut v = ExerciseScreen {
            place: (place.set, place.index),
            id: ex.id.clone(),
            set_title: place.set_title.to_string(),
            position: place.position,
            title: ex
                .title
                .as_deref()
                .map(pretty)
                .unwrap_or_else(|| ex.id.clone()),
            prompt: pretty(&ex.prompt),
            kind_name: ex.kind.name(),
            scope: ex.answer_scope(),
            fields,
            focus: 0,
            grid,
            verdict: None,
            hints: ex.hints.iter().map(|h| pretty(h)).collect(),
            hints_shown: record
                .map_or(0, |r| r.hints_used as usize)
                .min(ex.hints.len()),
            solution: ex.solution.as_deref().map(pretty),
            solution_shown: false,
            attempts: record.map_or(0, |r| r.attempts),
            solved: record.is_some_and(|r| r.solved),
            history,
            history_pos: None,
            history_draft: None,
            checked: None,
            verdict_stale: false,
            plot: Plot::for_exercise(ex),
            plot_open: false,
            notes_scroll: 0,
            exercise: ex.clone(),
            checker: None,
        };
        if let Some(d) = draft {
            v.set_answer(d);
        }
        if let Some(p) = v.plot.as_mut() {
            let last = record.and_then(|r| match &r.last_answer {
                Some(crate::progress::SavedAnswer(Answer::Scalar(s))) => Some(s.as_str()),
                _ => None,
            });
            p.set_student(last, &v.scope);
        }
        v
    }

    /// The exercise's set and its index there.
    pub fn place(&self) -> (usize, usize) {
        self.place
    }

    /// The exercise's id (progress is recorded under it).
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn is_grid(&self) -> bool {
        self.grid.is_some()
    }

    /// The answer cells (one for a single answer line).
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The index of the focused cell.
    pub fn focus(&self) -> usize {
        self.focus
    }

    /// The verdict of the last check.
    pub fn verdict(&self) -> Option<&Verdict> {
        self.verdict.as_ref()
    }

    pub fn has_hints(&self) -> bool {
        !self.hints.is_empty()
    }

    pub fn hints_shown(&self) -> usize {
        self.hints_shown
    }

    pub fn solution_shown(&self) -> bool {
        self.solution_shown
    }

    /// The plot panel, for one-variable derivatives.
    pub fn plot(&self) -> Option<&Plot> {
        self.plot.as_ref()
    }

    pub fn plot_open(&self) -> bool {
        self.plot_open
    }

    /// Handles one message.
    pub fn update(&mut self, msg: ExerciseMsg, ctx: &Ctx) -> Option<ExerciseOutcome> {
        let notice = |n: String| Some(ExerciseOutcome::Notice(n));
        match msg {
            ExerciseMsg::Insert(c) => return self.insert(c).err().and_then(notice),
            ExerciseMsg::Paste(text) => return self.paste(&text).err().and_then(notice),
            ExerciseMsg::Edit(op) => {
                self.history_pos = None;
                self.edit(op);
            }
            ExerciseMsg::Submit => return self.submit(),
            ExerciseMsg::Hint => return self.hint(),
            ExerciseMsg::Solution => return self.solution(),
            ExerciseMsg::TogglePlot => {
                if self.plot.is_none() {
                    return notice("The plot is for one-variable derivative exercises.".into());
                }
                self.plot_open = !self.plot_open;
            }
            ExerciseMsg::HistoryPrev => {
                if self.history.is_empty() {
                    return notice("No earlier answers to this exercise yet.".into());
                }
                self.history_prev();
            }
            ExerciseMsg::HistoryNext => self.history_next(),
            ExerciseMsg::NextCell => self.next_cell(true),
            ExerciseMsg::PrevCell => self.next_cell(false),
            ExerciseMsg::CellUp => self.cell_vertical(false),
            ExerciseMsg::CellDown => self.cell_vertical(true),
            ExerciseMsg::ScrollNotes(d) => {
                self.notes_scroll = self.notes_scroll.saturating_add_signed(d);
            }
            ExerciseMsg::Wheel { delta, column, row } => {
                let notes = ex_layout(self, ctx.area(), ctx.notice_lines()).notes;
                if notes.contains(Position::new(column, row)) {
                    self.notes_scroll = self.notes_scroll.saturating_add_signed(i16::from(delta));
                }
            }
        }
        None
    }

    /// Checks the answer when every cell is filled.
    fn submit(&mut self) -> Option<ExerciseOutcome> {
        if !self.has_input() {
            return Some(ExerciseOutcome::Notice(
                "Type an answer first; Enter checks it.".into(),
            ));
        }
        let empty: Vec<usize> = (0..self.fields.len())
            .filter(|&i| self.fields[i].input.text().trim().is_empty())
            .collect();
        if let Some(&first) = empty.first() {
            self.focus = first;
            return Some(ExerciseOutcome::Notice(format!(
                "Fill every cell first: {} still empty (Tab moves between cells).",
                empty.len()
            )));
        }
        let answer = self.answer();
        let verdict = self.check(&answer);
        let status = verdict.status;
        self.take_verdict(answer.clone(), verdict);
        Some(ExerciseOutcome::Checked { answer, status })
    }

    fn hint(&mut self) -> Option<ExerciseOutcome> {
        let say = |n: &str| Some(ExerciseOutcome::Notice(n.into()));
        if self.hints.is_empty() {
            return say("This exercise has no hints.");
        }
        if self.hints_shown >= self.hints.len() {
            return say("That was the last hint.");
        }
        self.hints_shown += 1;
        self.notes_scroll = u16::MAX;
        Some(ExerciseOutcome::HintShown {
            shown: self.hints_shown,
        })
    }

    fn solution(&mut self) -> Option<ExerciseOutcome> {
        if self.solution.is_none() {
            return Some(ExerciseOutcome::Notice(
                "This exercise has no worked solution.".into(),
            ));
        }
        if self.solution_shown {
            self.solution_shown = false;
            return None;
        }
        if !self.solved && self.attempts == 0 {
            return Some(ExerciseOutcome::Notice(
                "Try it once first: the solution opens after an attempt (Alt-s again then).".into(),
            ));
        }
        self.solution_shown = true;
        self.notes_scroll = u16::MAX;
        (!self.solved).then_some(ExerciseOutcome::GaveUp)
    }

    fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    fn focused_mut(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    /// The answer as typed, in the checker's shape.
    pub fn answer(&self) -> Answer {
        let text = |i: usize| {
            self.fields
                .get(i)
                .map(|f| f.input.text().trim().to_string())
                .unwrap_or_default()
        };
        match &self.grid {
            None => Answer::Scalar(text(0)),
            Some(GridKind::Vector) => Answer::Vector((0..self.fields.len()).map(text).collect()),
            Some(GridKind::Matrix { rows, cols }) => Answer::Matrix(
                (0..rows.len())
                    .map(|r| (0..cols.len()).map(|c| text(r * cols.len() + c)).collect())
                    .collect(),
            ),
            Some(GridKind::Table {
                columns,
                totals,
                nrows,
                ..
            }) => {
                let mut entries = Vec::new();
                for (c, (name, _)) in columns.iter().enumerate() {
                    let cells = (0..*nrows).map(|r| text(r * columns.len() + c)).collect();
                    entries.push((name.clone(), TableEntry::Column(cells)));
                }
                let base = nrows * columns.len();
                for (t, (name, _)) in totals.iter().enumerate() {
                    entries.push((name.clone(), TableEntry::Total(text(base + t))));
                }
                Answer::Table(entries)
            }
        }
    }

    /// Fills the cells from an answer of the same shape (history, drafts). Mismatched shapes
    /// fill what fits.
    fn set_answer(&mut self, answer: &Answer) {
        let texts: Vec<String> = match (answer, &self.grid) {
            (Answer::Scalar(s), _) => vec![s.clone()],
            (Answer::Vector(v), _) => v.clone(),
            (Answer::Matrix(m), _) => m.iter().flatten().cloned().collect(),
            (
                Answer::Table(entries),
                Some(GridKind::Table {
                    columns,
                    totals,
                    nrows,
                    ..
                }),
            ) => {
                let mut out = vec![String::new(); self.fields.len()];
                for (name, entry) in entries {
                    match entry {
                        TableEntry::Column(cells) => {
                            if let Some(c) = columns.iter().position(|(n, _)| n == name) {
                                for (r, cell) in cells.iter().enumerate().take(*nrows) {
                                    out[r * columns.len() + c] = cell.clone();
                                }
                            }
                        }
                        TableEntry::Total(t) => {
                            if let Some(i) = totals.iter().position(|(n, _)| n == name) {
                                out[nrows * columns.len() + i] = t.clone();
                            }
                        }
                    }
                }
                out
            }
            (Answer::Table(_), _) => Vec::new(),
        };
        for (i, f) in self.fields.iter_mut().enumerate() {
            f.set_text(texts.get(i).map_or("", String::as_str));
        }
    }

    /// Whether something is typed that has not been checked (an answer already submitted,
    /// recalled from the history, is not).
    pub fn half_typed(&self) -> bool {
        let typed = self.fields.iter().any(|f| !f.input.is_empty());
        if !typed {
            return false;
        }
        let answer = self.answer();
        self.checked.as_ref() != Some(&answer) && !self.history.contains(&answer)
    }

    fn has_input(&self) -> bool {
        self.fields.iter().any(|f| !f.input.is_empty())
    }

    /// Types a character; `Err` carries a notice.
    fn insert(&mut self, c: char) -> Result<(), String> {
        self.history_pos = None;
        let Some(f) = self.focused_mut() else {
            return Ok(());
        };
        f.input.insert(c).map_err(|_| too_long_msg(None))?;
        f.dirty = true;
        f.mark = None;
        Ok(())
    }

    fn paste(&mut self, text: &str) -> Result<(), String> {
        self.history_pos = None;
        let Some(f) = self.focused_mut() else {
            return Ok(());
        };
        f.input
            .insert_str(text)
            .map_err(|e| too_long_msg(Some(e.would_be)))?;
        f.dirty = true;
        f.mark = None;
        Ok(())
    }

    fn edit(&mut self, op: EditOp) {
        if let Some(f) = self.focused_mut() {
            if f.input.apply(op) {
                f.dirty = true;
                f.mark = None;
            }
        }
    }

    /// Brings what drawing reads up to date: the previews of edited cells (each parsed once
    /// per frame, however many keys changed it) and the notes' scroll, kept in range for this
    /// size.
    pub fn settle(&mut self, ctx: &Ctx) {
        self.refresh_previews();
        let max = notes_max_scroll(self, ctx.area(), ctx.notice_lines());
        self.notes_scroll = self.notes_scroll.min(max);
    }

    /// Recomputes stale previews (parsing each changed cell once).
    fn refresh_previews(&mut self) {
        if !self.fields.iter().any(|f| f.dirty) {
            return;
        }
        let scope = &self.scope;
        for f in self.fields.iter_mut().filter(|f| f.dirty) {
            f.dirty = false;
            f.preview = if f.input.text().trim().is_empty() {
                Preview::Empty
            } else {
                match Expr::parse(f.input.text(), scope) {
                    Ok(e) => Preview::Understood(e.preview()),
                    Err(e) => Preview::Error {
                        message: e.message.clone(),
                        span: e.span,
                    },
                }
            };
        }
        self.verdict_stale = self.verdict.is_some() && self.checked != Some(self.answer());
    }

    /// Checks an answer with the exercise's prepared checker (prepared on the first call).
    fn check(&mut self, answer: &Answer) -> Verdict {
        let ex = &self.exercise;
        let checker = self
            .checker
            .get_or_insert_with(|| Checker::new(ex).map_err(|e| e.to_string()));
        match checker {
            Ok(c) => c.check(answer),
            Err(e) => Verdict::invalid(format!(
                "This exercise cannot be checked: {e}. Please tell your instructor."
            )),
        }
    }

    /// Stores a verdict: marks cells, remembers the checked answer and updates the plot. (Public
    /// so that tests can show a fixed verdict; the app never calls it.)
    pub fn take_verdict(&mut self, answer: Answer, verdict: Verdict) {
        for f in &mut self.fields {
            f.mark = None;
        }
        if let Some(cells) = &verdict.cells {
            for cv in cells {
                if let Some(f) = self.fields.iter_mut().find(|f| f.key == cv.cell) {
                    f.mark = Some(cv.verdict);
                }
            }
        } else if self.grid.is_none() {
            if let Some(f) = self.fields.first_mut() {
                f.mark = Some(verdict.status);
            }
        }
        if verdict.status != Status::Invalid {
            self.attempts = self.attempts.saturating_add(1);
            self.solved |= verdict.status == Status::Correct;
            if self.history.last() != Some(&answer) {
                self.history.push(answer.clone());
            }
            if let (Some(p), Answer::Scalar(s)) = (self.plot.as_mut(), &answer) {
                p.set_student(Some(s), &self.scope);
            }
        }
        // An unreadable cell gets the focus, so its error and caret show under the grid.
        if let Some(cell) = verdict.read_error.as_ref().and_then(|r| r.cell.as_ref()) {
            if let Some(i) = self.fields.iter().position(|f| &f.key == cell) {
                self.focus = i;
            }
        }
        self.history_pos = None;
        self.checked = Some(answer);
        self.verdict = Some(verdict);
        self.verdict_stale = false;
        self.notes_scroll = 0;
    }

    fn history_prev(&mut self) {
        if self.history.is_empty() {
            return;
        }
        let pos = match self.history_pos {
            None => {
                self.history_draft = Some(self.answer());
                self.history.len() - 1
            }
            Some(p) => p.saturating_sub(1),
        };
        self.history_pos = Some(pos);
        let a = self.history[pos].clone();
        self.set_answer(&a);
    }

    fn history_next(&mut self) {
        let Some(p) = self.history_pos else { return };
        if p + 1 < self.history.len() {
            self.history_pos = Some(p + 1);
            let a = self.history[p + 1].clone();
            self.set_answer(&a);
        } else {
            self.history_pos = None;
            if let Some(d) = self.history_draft.take() {
                self.set_answer(&d);
            }
        }
    }

    fn next_cell(&mut self, forward: bool) {
        let n = self.fields.len();
        if n == 0 {
            return;
        }
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    /// Moves to the nearest cell in the row above or below.
    fn cell_vertical(&mut self, down: bool) {
        let Some(cur) = self.focused().map(|f| f.at) else {
            return;
        };
        let target_row = if down {
            self.fields
                .iter()
                .map(|f| f.at.0)
                .filter(|&r| r > cur.0)
                .min()
        } else {
            self.fields
                .iter()
                .map(|f| f.at.0)
                .filter(|&r| r < cur.0)
                .max()
        };
        let Some(row) = target_row else { return };
        if let Some((i, _)) = self
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.at.0 == row)
            .min_by_key(|(_, f)| f.at.1.abs_diff(cur.1))
        {
            self.focus = i;
        }
    }
}

fn too_long_msg(would_be: Option<usize>) -> String {
    let max = crate::tui::widgets::input::MAX_CHARS;
    match would_be {
        Some(n) => format!(
            "That paste would make the answer {n} characters long; answers are at most {max}. Nothing was pasted."
        ),
        None => format!("Answers are at most {max} characters."),
    }
}

/// Builds the cells an exercise needs.
fn layout_fields(ex: &Exercise, pretty: &dyn Fn(&str) -> String) -> (Vec<Field>, Option<GridKind>) {
    let line = || (vec![Field::new(String::new(), String::new(), (0, 0))], None);
    match &ex.kind {
        Kind::Gradient { vars, .. } => {
            let fields = vars
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let id = CellId::Component(i).to_string();
                    Field::new(id, grad_label("f", v), (i, 0))
                })
                .collect();
            (fields, Some(GridKind::Vector))
        }
        Kind::Extremum { vars, .. } if vars.len() > 1 => {
            let fields = vars
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let id = CellId::Component(i).to_string();
                    Field::new(id, format!("{v} ="), (i, 0))
                })
                .collect();
            (fields, Some(GridKind::Vector))
        }
        Kind::Jacobian {
            functions, vars, ..
        } => {
            let rows: Vec<String> = functions.iter().map(|f| pretty(f)).collect();
            let cols: Vec<String> = vars.iter().map(|v| format!("∂/∂{v}")).collect();
            let mut fields = Vec::new();
            for r in 0..rows.len() {
                for (c, v) in vars.iter().enumerate() {
                    fields.push(Field::new(
                        CellId::Entry(r, c).to_string(),
                        grad_label(&format!("f{}", r + 1), v),
                        (r, c),
                    ));
                }
            }
            (fields, Some(GridKind::Matrix { rows, cols }))
        }
        Kind::Table { columns, totals } => {
            let nrows = ex.data.first().map_or(0, |(_, v)| v.len());
            let cols: Vec<(String, String)> = columns
                .iter()
                .map(|c| {
                    (
                        c.name.clone(),
                        c.label.clone().unwrap_or_else(|| c.name.clone()),
                    )
                })
                .collect();
            let tots: Vec<(String, String)> = totals
                .iter()
                .map(|c| {
                    (
                        c.name.clone(),
                        c.label.clone().unwrap_or_else(|| c.name.clone()),
                    )
                })
                .collect();
            let mut fields = Vec::new();
            for r in 0..nrows {
                for (c, (name, _)) in cols.iter().enumerate() {
                    let id = CellId::Row {
                        column: name.clone(),
                        row: r,
                    }
                    .to_string();
                    fields.push(Field::new(id.clone(), id, (r, c)));
                }
            }
            for (t, (name, label)) in tots.iter().enumerate() {
                fields.push(Field::new(name.clone(), label.clone(), (nrows + t, 0)));
            }
            (
                fields,
                Some(GridKind::Table {
                    data: ex.data.clone(),
                    columns: cols,
                    totals: tots,
                    nrows,
                }),
            )
        }
        _ => line(),
    }
}

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

/// The title bar's texts: where the exercise is (set › title), and its kind, place and state.
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
    (format!(" {} › {}", v.set_title, v.title), right)
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

/// How far the notes can scroll at this size (so that scrolling stays in range).
fn notes_max_scroll(v: &ExerciseScreen, area: Rect, notice_lines: u16) -> u16 {
    let l = ex_layout(v, area, notice_lines);
    let prompt_lines = wrap(&v.prompt, usize::from(l.prompt.width.saturating_sub(1)));
    let rest = prompt_lines.get(l.prompt_shown..).unwrap_or(&[]);
    let n = notes_lines(
        v,
        rest,
        usize::from(l.notes.width.saturating_sub(1)),
        Theme::default(),
    )
    .len();
    notes_view(n, l.notes.height).1
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

/// Everything below the answer: the end of a long prompt, the verdict, hints, the solution.
fn notes_lines(
    v: &ExerciseScreen,
    prompt_rest: &[String],
    w: usize,
    th: Theme,
) -> Vec<Line<'static>> {
    let w = w.max(1);
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
    if v.solution_shown {
        if let Some(s) = &v.solution {
            push("Worked solution:", th.heading(), &mut lines);
            push(s, th.text(), &mut lines);
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
    lines
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
    let lines = notes_lines(
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
