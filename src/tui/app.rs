//! The tutor's state and the one function that changes it.
//!
//! `App` holds the domain (course, progress) and the current screen. [`App::update`] does all
//! the work a message asks for: editing, checking answers, saving progress. [`App::settle`]
//! refreshes the live previews of edited cells once per frame (so a burst of keys is parsed
//! once). Drawing (`render_into`, `impl Widget for &App`) only reads.

use crate::check::Status;
use crate::exercise::{Answer, Course};
use crate::progress::{self, Store};
use crate::tui::course::{self, CourseView, Labels, RowKind};
use crate::tui::descent::DescentView;
use crate::tui::exercise::{self, ExerciseView};
use crate::tui::help::{self, HelpView};
use crate::tui::keys::{self, Action, Mode, Msg};
use crate::tui::layout;
use crate::tui::stepper::StepperOutcome;
use crate::tui::text::prettify;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;
use std::collections::HashMap;

#[derive(Debug)]
pub enum Screen {
    Course,
    Exercise(Box<ExerciseView>),
    Descent(Box<DescentView>),
}

pub struct App {
    pub course: Course,
    pub store: Store,
    pub theme: Theme,
    pub labels: Labels,
    pub list: CourseView,
    pub screen: Screen,
    pub help: Option<HelpView>,
    pub confirm_quit: bool,
    /// A one-line message for the student (cleared by the next key).
    pub notice: Option<String>,
    /// Unchecked answers of exercises the student left, by id.
    pub drafts: HashMap<String, Answer>,
    /// Terminal size in cells.
    pub size: (u16, u16),
    pub running: bool,
}

impl App {
    pub fn new(course: Course, store: Store, theme: Theme) -> App {
        let labels = Labels::new(&course, prettify);
        let list = CourseView::new(&course, &store.progress, &labels);
        App {
            course,
            store,
            theme,
            labels,
            list,
            screen: Screen::Course,
            help: None,
            confirm_quit: false,
            notice: None,
            drafts: HashMap::new(),
            size: (layout::MIN_WIDTH, layout::MIN_HEIGHT),
            running: true,
        }
    }

    /// Shows a message on the next frame (e.g. a progress file that was moved aside).
    pub fn with_notice(mut self, notice: Option<String>) -> App {
        self.notice = notice;
        self
    }

    /// The keyboard's current mode, for [`keys::map_event`].
    pub fn mode(&self) -> Mode {
        if self.confirm_quit {
            return Mode::Confirm;
        }
        if self.help.is_some() {
            return Mode::Help;
        }
        self.screen_mode()
    }

    fn screen_mode(&self) -> Mode {
        match &self.screen {
            Screen::Course if self.list.filtering => Mode::Filter,
            Screen::Course => Mode::Course,
            Screen::Exercise(v) if v.is_grid() => Mode::Grid,
            Screen::Exercise(_) => Mode::Exercise,
            Screen::Descent(d) if d.predicting() => Mode::Predict,
            Screen::Descent(_) => Mode::Stepper,
        }
    }

    /// The keys for the status bar, from the key table, without those that do nothing here.
    pub fn status_items(&self) -> Vec<(String, &'static str)> {
        let mode = self.mode();
        let plottable = matches!(&self.screen, Screen::Exercise(v) if v.plot.is_some());
        let has_hints = matches!(&self.screen, Screen::Exercise(v) if !v.hints.is_empty());
        let stepper_ready = matches!(&self.screen, Screen::Descent(d) if d.is_interactive());
        keys::bindings(mode)
            .iter()
            .filter(|b| !b.bar.is_empty())
            .filter(|b| match b.action {
                Action::TogglePlot => plottable,
                Action::Hint => has_hints,
                Action::StepForward | Action::StepBack | Action::RateUp | Action::RateDown => {
                    stepper_ready
                }
                _ => true,
            })
            .map(|b| {
                let key = b.keys.first().map(|k| k.label()).unwrap_or_default();
                (key, b.bar)
            })
            .collect()
    }

    fn list_height(&self) -> usize {
        layout::course_list_height(self.area(), self.notice_lines())
    }

    /// Lines the course screen gives the current notice.
    pub fn notice_lines(&self) -> u16 {
        layout::notice_height(self.notice.as_deref(), self.size.0)
    }

    /// Handles one message.
    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Resize(w, h) => {
                self.size = (w, h);
                let h = self.list_height();
                self.list.ensure_visible(h);
            }
            Msg::Scroll { delta, column, row } => self.scroll(delta, column, row),
            Msg::Click { column, row } => {
                self.notice = None;
                self.click(column, row);
            }
            Msg::Insert(c) => {
                self.notice = None;
                self.insert(c);
            }
            Msg::Paste(text) => {
                self.notice = None;
                self.paste(&text);
            }
            Msg::Act(action) => {
                self.notice = None;
                self.act(action);
            }
        }
    }

    /// Brings derived state up to date before drawing: live previews of edited cells, and the
    /// list's and the notes' scroll positions kept in range for this size.
    pub fn settle(&mut self) {
        let area = self.area();
        let notice_lines = self.notice_lines();
        // A notice takes lines from the list: keep the selection in view.
        let h = self.list_height();
        self.list.ensure_visible(h);
        if let Screen::Exercise(v) = &mut self.screen {
            v.settle();
            let max = exercise::notes_max_scroll(v, area, notice_lines);
            v.notes_scroll = v.notes_scroll.min(max);
        }
    }

    /// `update` then `settle`: one message, ready to draw.
    pub fn handle(&mut self, msg: Msg) {
        self.update(msg);
        self.settle();
    }

    fn act(&mut self, action: Action) {
        match self.mode() {
            Mode::Confirm => match action {
                Action::Yes => self.running = false,
                Action::No => self.confirm_quit = false,
                Action::Interrupt => self.running = false,
                _ => {}
            },
            Mode::Help => match action {
                Action::CloseHelp => self.help = None,
                Action::Up => {
                    if let Some(h) = &mut self.help {
                        h.scroll = h.scroll.saturating_sub(1);
                    }
                }
                Action::Down => {
                    if let Some(h) = &mut self.help {
                        h.scroll = h.scroll.saturating_add(1);
                    }
                }
                Action::Interrupt => self.quit(),
                _ => {}
            },
            Mode::Course | Mode::Filter => self.course_act(action),
            Mode::Exercise | Mode::Grid => self.exercise_act(action),
            Mode::Stepper | Mode::Predict => self.descent_act(action),
        }
    }

    fn open_help(&mut self) {
        self.help = Some(HelpView {
            mode: self.screen_mode(),
            scroll: 0,
        });
    }

    /// Quits, asking first when an answer is typed but not checked.
    fn quit(&mut self) {
        let current = matches!(&self.screen, Screen::Exercise(v) if v.half_typed());
        if current || !self.drafts.is_empty() {
            self.confirm_quit = true;
        } else {
            self.running = false;
        }
    }

    fn rebuild_list(&mut self) {
        self.list
            .rebuild(&self.course, &self.store.progress, &self.labels);
        let h = self.list_height();
        self.list.ensure_visible(h);
    }

    fn course_act(&mut self, action: Action) {
        let h = self.list_height();
        let page = isize::try_from(h.max(1)).unwrap_or(1);
        match action {
            Action::Quit => self.quit(),
            Action::Interrupt => self.quit(),
            Action::Help => self.open_help(),
            Action::Up => self.list.move_by(-1, h),
            Action::Down => self.list.move_by(1, h),
            Action::PageUp => self.list.move_by(-page, h),
            Action::PageDown => self.list.move_by(page, h),
            Action::Top => self.list.move_by(isize::MIN / 2, h),
            Action::Bottom => self.list.move_by(isize::MAX / 2, h),
            Action::Expand => self.set_expanded(Some(true)),
            Action::Collapse => self.collapse_or_parent(),
            Action::Open => self.open_selected(),
            Action::FilterStart => {
                // A new search, as `/` is in less or vim.
                self.list.filtering = true;
                self.list.filter.clear();
                self.rebuild_list();
            }
            Action::FilterDone => self.list.filtering = false,
            Action::FilterCancel | Action::Back => {
                if self.list.filter.is_empty() && !self.list.filtering {
                    self.notice = Some("This is the course list: q quits.".into());
                }
                self.list.filtering = false;
                self.list.filter.clear();
                self.rebuild_list();
            }
            Action::Edit(op) => {
                let changed = self.list.filter.apply(op);
                if changed {
                    self.rebuild_list();
                }
            }
            _ => {}
        }
    }

    fn set_expanded(&mut self, to: Option<bool>) {
        if let Some(RowKind::Set(si)) = self.list.selected_row().map(|r| r.kind) {
            if let Some(e) = self.list.expanded.get_mut(si) {
                *e = to.unwrap_or(!*e);
            }
            self.rebuild_list();
        }
    }

    fn collapse_or_parent(&mut self) {
        match self.list.selected_row().map(|r| r.kind) {
            Some(RowKind::Set(_)) => self.set_expanded(Some(false)),
            Some(RowKind::Exercise(si, _)) | Some(RowKind::Descent(si, _)) => {
                if let Some(i) = self
                    .list
                    .rows
                    .iter()
                    .position(|r| r.kind == RowKind::Set(si))
                {
                    self.list.selected = i;
                }
                self.set_expanded(Some(false));
            }
            None => {}
        }
    }

    fn open_selected(&mut self) {
        match self.list.selected_row().map(|r| r.kind) {
            Some(RowKind::Set(_)) => self.set_expanded(None),
            Some(RowKind::Exercise(si, ei)) => self.open_exercise(si, ei),
            Some(RowKind::Descent(si, di)) => self.open_descent(si, di),
            None => {}
        }
    }

    /// Opens an exercise (restoring an unchecked draft) and remembers the set as last used.
    pub fn open_exercise(&mut self, si: usize, ei: usize) {
        if self
            .course
            .sets
            .get(si)
            .and_then(|s| s.exercises.get(ei))
            .is_none()
        {
            return;
        }
        self.stash_draft();
        let set = &self.course.sets[si];
        let ex = &set.exercises[ei];
        let draft = self.drafts.remove(&ex.id);
        let place = exercise::Place {
            set: si,
            index: ei,
            set_title: &set.title,
            position: (ei + 1, set.exercises.len()),
        };
        let view = ExerciseView::new(
            ex,
            &place,
            self.store.progress.record(&ex.id),
            draft.as_ref(),
            &prettify,
        );
        if self.store.progress.last_set.as_deref() != Some(set.source.as_str()) {
            self.store.progress.last_set = Some(set.source.clone());
            self.save();
        }
        self.screen = Screen::Exercise(Box::new(view));
        self.settle();
    }

    fn open_descent(&mut self, si: usize, di: usize) {
        if self
            .course
            .sets
            .get(si)
            .and_then(|s| s.descents.get(di))
            .is_none()
        {
            return;
        }
        self.stash_draft();
        let d = &self.course.sets[si].descents[di];
        self.screen = Screen::Descent(Box::new(DescentView::new(d, si, di, self.theme, &prettify)));
    }

    /// Keeps the current exercise's unchecked answer for when the student comes back.
    fn stash_draft(&mut self) {
        if let Screen::Exercise(v) = &self.screen {
            if v.half_typed() {
                self.drafts.insert(v.id.clone(), v.answer());
            } else {
                self.drafts.remove(&v.id);
            }
        }
    }

    fn back_to_course(&mut self) {
        self.stash_draft();
        // Follow the student: the list's cursor goes to what they just left.
        let here = match &self.screen {
            Screen::Exercise(v) => Some(RowKind::Exercise(v.set, v.index)),
            Screen::Descent(d) => Some(RowKind::Descent(d.set, d.index)),
            Screen::Course => None,
        };
        self.screen = Screen::Course;
        if let Some(kind) = here {
            let si = match kind {
                RowKind::Exercise(s, _) | RowKind::Descent(s, _) | RowKind::Set(s) => s,
            };
            if let Some(e) = self.list.expanded.get_mut(si) {
                *e = true;
            }
            self.rebuild_list();
            if let Some(i) = self.list.rows.iter().position(|r| r.kind == kind) {
                self.list.selected = i;
            }
        } else {
            self.rebuild_list();
        }
        let h = self.list_height();
        self.list.ensure_visible(h);
    }

    fn save(&mut self) {
        if let Err(e) = self.store.save() {
            self.notice = Some(format!("Progress was not saved: {e}"));
        }
    }

    fn exercise_act(&mut self, action: Action) {
        let Screen::Exercise(v) = &mut self.screen else {
            return;
        };
        match action {
            Action::Edit(op) => {
                v.history_pos = None;
                v.edit(op);
            }
            Action::Submit => self.submit(),
            Action::Hint => self.hint(),
            Action::Solution => self.solution(),
            Action::TogglePlot => {
                if v.plot.is_some() {
                    v.plot_open = !v.plot_open;
                } else {
                    self.notice = Some("The plot is for one-variable derivative exercises.".into());
                }
            }
            Action::NextExercise => self.step_exercise(1),
            Action::PrevExercise => self.step_exercise(-1),
            Action::HistoryPrev => {
                if v.history.is_empty() {
                    self.notice = Some("No earlier answers to this exercise yet.".into());
                } else {
                    v.history_prev();
                }
            }
            Action::HistoryNext => v.history_next(),
            Action::NextCell => v.next_cell(true),
            Action::PrevCell => v.next_cell(false),
            Action::CellUp => v.cell_vertical(false),
            Action::CellDown => v.cell_vertical(true),
            Action::PageUp => v.notes_scroll = v.notes_scroll.saturating_sub(3),
            Action::PageDown => v.notes_scroll = v.notes_scroll.saturating_add(3),
            Action::Back => self.back_to_course(),
            Action::Help => self.open_help(),
            Action::Interrupt | Action::Quit => self.quit(),
            _ => {}
        }
    }

    fn submit(&mut self) {
        let Screen::Exercise(v) = &mut self.screen else {
            return;
        };
        let Some(ex) = self
            .course
            .sets
            .get(v.set)
            .and_then(|s| s.exercises.get(v.index))
        else {
            return;
        };
        if !v.has_input() {
            self.notice = Some("Type an answer first; Enter checks it.".into());
            return;
        }
        let empty: Vec<usize> = (0..v.fields.len())
            .filter(|&i| v.fields[i].input.text().trim().is_empty())
            .collect();
        if let Some(&first) = empty.first() {
            v.focus = first;
            self.notice = Some(format!(
                "Fill every cell first: {} still empty (Tab moves between cells).",
                empty.len()
            ));
            return;
        }
        let answer = v.answer();
        let verdict = v.check(ex, &answer);
        let id = ex.id.clone();
        let counted = verdict.status != Status::Invalid;
        let correct = verdict.status == Status::Correct;
        v.take_verdict(answer.clone(), verdict);
        self.drafts.remove(&id);
        if counted {
            self.store
                .progress
                .record_attempt(&id, &answer, correct, progress::now());
            self.save();
        }
    }

    fn hint(&mut self) {
        let Screen::Exercise(v) = &mut self.screen else {
            return;
        };
        if v.hints.is_empty() {
            self.notice = Some("This exercise has no hints.".into());
            return;
        }
        if v.hints_shown >= v.hints.len() {
            self.notice = Some("That was the last hint.".into());
            return;
        }
        v.hints_shown += 1;
        v.notes_scroll = u16::MAX;
        let (id, shown) = (v.id.clone(), v.hints_shown);
        self.store.progress.record_hints(
            &id,
            u32::try_from(shown).unwrap_or(u32::MAX),
            progress::now(),
        );
        self.save();
    }

    fn solution(&mut self) {
        let Screen::Exercise(v) = &mut self.screen else {
            return;
        };
        if v.solution.is_none() {
            self.notice = Some("This exercise has no worked solution.".into());
            return;
        }
        if v.solution_shown {
            v.solution_shown = false;
            return;
        }
        if !v.solved && v.attempts == 0 {
            self.notice = Some(
                "Try it once first: the solution opens after an attempt (Alt-s again then).".into(),
            );
            return;
        }
        v.solution_shown = true;
        v.notes_scroll = u16::MAX;
        if !v.solved {
            let id = v.id.clone();
            self.store.progress.record_gave_up(&id, progress::now());
            self.save();
        }
    }

    /// Next or previous exercise in course order (across sets).
    fn step_exercise(&mut self, delta: isize) {
        let Screen::Exercise(v) = &self.screen else {
            return;
        };
        let order: Vec<(usize, usize)> = self
            .course
            .sets
            .iter()
            .enumerate()
            .flat_map(|(si, s)| (0..s.exercises.len()).map(move |ei| (si, ei)))
            .collect();
        let Some(i) = order.iter().position(|&p| p == (v.set, v.index)) else {
            return;
        };
        match i.checked_add_signed(delta).and_then(|j| order.get(j)) {
            Some(&(si, ei)) => self.open_exercise(si, ei),
            None => {
                self.notice = Some(if delta > 0 {
                    "This is the last exercise of the course.".into()
                } else {
                    "This is the first exercise of the course.".into()
                });
            }
        }
    }

    fn descent_act(&mut self, action: Action) {
        let Screen::Descent(d) = &mut self.screen else {
            return;
        };
        match action {
            Action::Back => self.back_to_course(),
            Action::Help => self.open_help(),
            Action::Quit | Action::Interrupt => self.quit(),
            other => {
                if let Some(StepperOutcome::Predicted { correct }) = d.act(other) {
                    let id = d.id.clone();
                    self.store
                        .progress
                        .record_result(&id, correct, progress::now());
                    self.save();
                }
            }
        }
    }

    fn insert(&mut self, c: char) {
        match &mut self.screen {
            Screen::Exercise(v) => {
                if let Err(n) = v.insert(c) {
                    self.notice = Some(n);
                }
            }
            Screen::Descent(d) => d.insert(c),
            Screen::Course if self.list.filtering => {
                let typed = self.list.filter.insert(c).is_ok();
                if typed {
                    self.rebuild_list();
                }
            }
            _ => {}
        }
    }

    fn paste(&mut self, text: &str) {
        match &mut self.screen {
            Screen::Exercise(v) => {
                if let Err(n) = v.paste(text) {
                    self.notice = Some(n);
                }
            }
            Screen::Descent(d) => d.paste(text),
            Screen::Course if self.list.filtering => {
                let one_line: String = text.chars().take(200).collect();
                if self.list.filter.insert_str(&one_line).is_ok() {
                    self.rebuild_list();
                }
            }
            _ => {}
        }
    }

    fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    fn scroll(&mut self, delta: i8, column: u16, row: u16) {
        if self.help.is_some() {
            if let Some(h) = &mut self.help {
                h.scroll = h.scroll.saturating_add_signed(i16::from(delta));
            }
            return;
        }
        let area = self.area();
        let notice_lines = self.notice_lines();
        match &mut self.screen {
            Screen::Course => {
                let h = self.list_height();
                self.list.move_by(isize::from(delta), h);
            }
            Screen::Exercise(v) => {
                let notes = exercise::notes_area(v, area, notice_lines);
                if notes.contains(Position::new(column, row)) {
                    v.notes_scroll = v.notes_scroll.saturating_add_signed(i16::from(delta));
                }
            }
            Screen::Descent(_) => {}
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        if self.help.is_some() || self.confirm_quit {
            return;
        }
        if !matches!(self.screen, Screen::Course) {
            return;
        }
        let l = layout::course(self.area(), self.notice_lines());
        let inner = Rect::new(
            l.list.x + 1,
            l.list.y + 1,
            l.list.width.saturating_sub(2),
            l.list.height.saturating_sub(2),
        );
        if !inner.contains(Position::new(column, row)) {
            return;
        }
        let i = self.list.offset + usize::from(row - inner.y);
        if i >= self.list.rows.len() {
            return;
        }
        if i == self.list.selected {
            self.open_selected();
        } else {
            self.list.selected = i;
        }
    }

    /// Draws the whole screen into `buf`; returns where the terminal cursor should be.
    pub fn render_into(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        if layout::too_small(area) {
            layout::render_too_small(area, buf, self.theme);
            return None;
        }
        let cursor = match &self.screen {
            Screen::Course => course::render(self, area, buf),
            Screen::Exercise(v) => exercise::render(self, v, area, buf),
            Screen::Descent(d) => d.render(self, area, buf),
        };
        if let Some(h) = &self.help {
            help::render(self, h, area, buf);
            return None;
        }
        if self.confirm_quit {
            help::render_confirm(self, area, buf);
            return None;
        }
        cursor
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let _ = self.render_into(area, buf);
    }
}
