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
//!
//! The exercise is prepared once into a [`Question`] when the screen opens: its answer shape
//! gives the cells ([`cells`]), its answer scope reads the previews, its parsed function draws
//! the plot, and the checker judges against it. Drawing is in [`draw`].

mod cells;
mod draw;

pub use cells::{Field, GridKind, Preview};

use crate::check::{Checker, Status, Verdict};
use crate::exercise::{Answer, Exercise};
use crate::math::{Expr, Scope};
use crate::progress::Record;
use crate::question::{Question, Worked};
use crate::tui::context::Ctx;
use crate::tui::keys::EditOp;
use crate::tui::text::prettify;
use crate::tui::widgets::plot::Plot;
use ratatui::layout::Position;

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
    /// The variant shown, for a randomised exercise (its number is in the title bar).
    variant: Option<u32>,
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
    /// The generated derivation (derivative, gradient, Jacobian and directional exercises),
    /// computed when the screen opens; shown below the written solution, or alone.
    worked: Option<Worked>,
    solution_shown: bool,
    /// The solution was just opened: `settle` scrolls the notes to its first line.
    scroll_to_solution: bool,
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
    /// The exercise prepared once, or why it could not be (then every check says so).
    question: Result<Question, String>,
    /// Prepared from the question on the first check and kept for the next ones.
    checker: Option<Result<Checker, String>>,
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
        let question = Question::prepare(ex).map_err(|e| e.to_string());
        let (fields, grid) = cells::layout(question.as_ref().ok(), &pretty);
        let scope = match &question {
            Ok(q) => q.answer_scope().clone(),
            Err(_) => ex.answer_scope(),
        };
        let plot = question.as_ref().ok().and_then(Plot::for_question);
        let worked = question.as_ref().ok().and_then(|q| Worked::new(ex, q));
        let variant = ex.variant_number();
        let history = history_of(record, variant);
        let mut v = ExerciseScreen {
            place: (place.set, place.index),
            id: ex.id.clone(),
            variant,
            set_title: place.set_title.to_string(),
            position: place.position,
            title: ex
                .title
                .as_deref()
                .map(pretty)
                .unwrap_or_else(|| ex.id.clone()),
            prompt: pretty(&ex.prompt),
            kind_name: ex.kind.name(),
            scope,
            fields,
            focus: 0,
            grid,
            verdict: None,
            hints: ex.hints.iter().map(|h| pretty(h)).collect(),
            hints_shown: record
                .map_or(0, |r| r.hints_used as usize)
                .min(ex.hints.len()),
            solution: ex.solution.as_deref().map(pretty),
            worked,
            solution_shown: false,
            scroll_to_solution: false,
            attempts: record.map_or(0, |r| r.attempts),
            solved: record.is_some_and(|r| r.solved),
            history,
            history_pos: None,
            history_draft: None,
            checked: None,
            verdict_stale: false,
            plot,
            plot_open: false,
            notes_scroll: 0,
            question,
            checker: None,
        };
        if let Some(d) = draft {
            v.set_answer(d);
        }
        if let Some(p) = v.plot.as_mut() {
            // The last answer to this variant (another variant's answer means other numbers).
            let last = match v.history.last() {
                Some(Answer::Scalar(s)) => Some(s.as_str()),
                _ => None,
            };
            p.set_student(last, &v.scope);
        }
        v
    }

    /// The variant shown, for a randomised exercise.
    pub fn variant(&self) -> Option<u32> {
        self.variant
    }

    /// Whether another variant can be drawn: a randomised exercise, after its first attempt.
    pub fn can_draw_another(&self) -> bool {
        self.variant.is_some() && self.attempts > 0
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

    /// The computational graph of this exercise's function, when it has one (graph, gradient
    /// and derivative exercises).
    pub fn graph_screen(&self) -> Option<crate::tui::graph::GraphScreen> {
        let q = self.question.as_ref().ok()?;
        crate::tui::graph::GraphScreen::for_question(q, &self.title)
    }

    /// Whether [`ExerciseScreen::graph_screen`] has a graph to show.
    pub fn has_graph(&self) -> bool {
        self.question
            .as_ref()
            .is_ok_and(crate::tui::graph::GraphScreen::available)
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

    /// The generated derivation the solution view shows, when the exercise has one.
    pub fn worked(&self) -> Option<&Worked> {
        self.worked.as_ref()
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
                let notes = draw::notes_area(self, ctx.area(), ctx.notice_lines());
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
        self.spread_point();
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

    /// A whole point typed into the first cell of a vector, `(2, -1)`, the other cells empty:
    /// its coordinates go into the cells, as the checker reads it (`check::point_parts`).
    fn spread_point(&mut self) {
        if !matches!(self.grid, Some(GridKind::Vector)) {
            return;
        }
        let rest_empty = self
            .fields
            .iter()
            .skip(1)
            .all(|f| f.input.text().trim().is_empty());
        let Some(first) = self.fields.first().filter(|_| rest_empty) else {
            return;
        };
        let text = first.input.text().to_string();
        let Some(parts) = crate::check::point_parts(&text, self.fields.len()) else {
            return;
        };
        for (f, part) in self.fields.iter_mut().zip(parts) {
            f.set_text(part);
        }
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
        if self.solution.is_none() && self.worked.is_none() {
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
        self.scroll_to_solution = true;
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
        cells::answer(&self.fields, self.grid.as_ref())
    }

    /// Fills the cells from an answer (history, drafts).
    fn set_answer(&mut self, answer: &Answer) {
        cells::fill(&mut self.fields, answer);
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
        let (max, solution) = draw::notes_scroll_range(self, ctx.area(), ctx.notice_lines());
        if std::mem::take(&mut self.scroll_to_solution) {
            self.notes_scroll = solution.unwrap_or(max);
        }
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
        let question = &self.question;
        let checker = self.checker.get_or_insert_with(|| match question {
            Ok(q) => Checker::for_question(q.clone()).map_err(|e| e.to_string()),
            Err(e) => Err(e.clone()),
        });
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

/// The answers of a record to recall with ↑ (oldest first, repeats in a row once): for a
/// randomised exercise, only those given to the variant shown, whose numbers they are about.
fn history_of(record: Option<&Record>, variant: Option<u32>) -> Vec<Answer> {
    let mut history: Vec<Answer> = Vec::new();
    let Some(r) = record else {
        return history;
    };
    for a in r
        .history
        .iter()
        .filter(|a| variant.is_none() || a.variant == variant)
    {
        if history.last() != Some(&a.answer.0) {
            history.push(a.answer.0.clone());
        }
    }
    history
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
