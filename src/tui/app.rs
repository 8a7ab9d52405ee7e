//! The tutor's state and the routing of messages to its screens.
//!
//! `App` owns the domain (the course, the progress and its file, the unchecked drafts) and the
//! screens. Each screen is a component with its own state, messages, `update` and drawing (see
//! `course`, `exercise`, `descent`, `help`); the app turns the key mapping's [`Msg`] into the
//! current screen's message, records what the screen reports (an attempt, a hint, a predicted
//! step) in the progress, and moves between screens. Screens never see the app: they get a
//! [`Ctx`] (theme, notice, size, status keys). [`App::settle`] brings what drawing reads up to
//! date once per frame; drawing ([`App::render_into`], `impl Widget for &App`) only reads.

use crate::check::Status;
use crate::exercise::{Answer, Course, Descent, Exercise};
use crate::progress::{self, Store};
use crate::tui::context::Ctx;
use crate::tui::course::{CourseMsg, CourseOutcome, CourseScreen, RowKind};
use crate::tui::descent::DescentScreen;
use crate::tui::exercise::{self, ExerciseMsg, ExerciseOutcome, ExerciseScreen};
use crate::tui::graph::{GraphMsg, GraphScreen};
use crate::tui::help::{HelpMsg, HelpView, QuitQuestion, TooSmall};
use crate::tui::keys::{self, Action, Mode, Msg};
use crate::tui::layout;
use crate::tui::stepper::{StepperMsg, StepperOutcome};
use crate::tui::theme::Theme;
use crate::validate::{first_valid_descent_variant, first_valid_variant};
use crate::variants::{first_variant, next_variant};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;
use std::collections::HashMap;

/// The screen in front (the course list is kept in [`App::list`] either way, so that coming
/// back finds it as it was).
#[derive(Debug)]
pub enum Screen {
    Course,
    Exercise(Box<ExerciseScreen>),
    Descent(Box<DescentScreen>),
    /// The computational graph of an exercise's function, over the screen it was opened from.
    Graph(Box<GraphScreen>, Box<Screen>),
}

pub struct App {
    pub course: Course,
    pub store: Store,
    pub theme: Theme,
    pub list: CourseScreen,
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
    /// For each randomised exercise, by id, the variant its texts in the course list were
    /// prepared from (the student's current one when they were), so that only what changed
    /// is prepared again.
    list_variants: HashMap<String, u32>,
}

/// The context screens get, from the app's fields (a macro rather than a method, so that it
/// borrows the notice alone while a screen is borrowed mutably).
macro_rules! ctx {
    ($app:expr) => {
        Ctx {
            theme: $app.theme,
            notice: $app.notice.as_deref(),
            size: $app.size,
            status: &[],
            overlay: $app.help.is_some() || $app.confirm_quit,
        }
    };
}

impl App {
    pub fn new(course: Course, store: Store, theme: Theme) -> App {
        let list = CourseScreen::new(&course, &store.progress);
        let mut app = App {
            course,
            store,
            theme,
            list,
            screen: Screen::Course,
            help: None,
            confirm_quit: false,
            notice: None,
            drafts: HashMap::new(),
            size: (layout::MIN_WIDTH, layout::MIN_HEIGHT),
            running: true,
            list_variants: HashMap::new(),
        };
        app.sync_list();
        app
    }

    /// Shows a message on the next frame (e.g. a progress file that was moved aside); keeps
    /// the app's own when there is none.
    pub fn with_notice(mut self, notice: Option<String>) -> App {
        if notice.is_some() {
            self.notice = notice;
        }
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
            Screen::Course if self.list.filtering() => Mode::Filter,
            Screen::Course => Mode::Course,
            Screen::Exercise(v) if v.is_grid() => Mode::Grid,
            Screen::Exercise(_) => Mode::Exercise,
            Screen::Descent(d) if d.predicting() => Mode::Predict,
            Screen::Descent(_) => Mode::Stepper,
            Screen::Graph(g, _) if g.predicting() => Mode::GraphPredict,
            Screen::Graph(..) => Mode::Graph,
        }
    }

    /// The keys for the status bar, from the key table, without those that do nothing here.
    pub fn status_items(&self) -> Vec<(String, &'static str)> {
        let plottable = matches!(&self.screen, Screen::Exercise(v) if v.plot().is_some());
        let has_hints = matches!(&self.screen, Screen::Exercise(v) if v.has_hints());
        let stepper_ready = matches!(&self.screen, Screen::Descent(d) if d.is_interactive());
        let graphable = match &self.screen {
            Screen::Exercise(v) => v.has_graph(),
            Screen::Descent(d) => d.is_interactive(),
            _ => false,
        };
        let in_graph = matches!(&self.screen, Screen::Graph(..));
        let can_predict_adjoint = matches!(&self.screen, Screen::Graph(g, _) if g.can_predict());
        let another = match &self.screen {
            Screen::Exercise(v) => v.can_draw_another(),
            Screen::Descent(d) => d.variant().is_some(),
            _ => false,
        };
        keys::status_items_where(self.mode(), |action| match action {
            Action::TogglePlot => plottable,
            Action::OpenGraph => graphable,
            Action::Hint => has_hints,
            Action::AnotherVariant => another,
            Action::StepForward | Action::StepBack => stepper_ready || in_graph,
            Action::RateUp | Action::RateDown => stepper_ready,
            Action::Predict if in_graph => can_predict_adjoint,
            _ => true,
        })
    }

    /// Handles one message.
    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.list.settle(&ctx!(self));
            }
            Msg::Scroll { delta, column, row } => self.scroll(delta, column, row),
            Msg::Click { column, row } => {
                self.notice = None;
                if self.help.is_none() && !self.confirm_quit {
                    self.send_course(CourseMsg::Click { column, row });
                }
            }
            Msg::Insert(c) => {
                self.notice = None;
                self.insert(c);
            }
            Msg::Paste(text) => {
                self.notice = None;
                self.paste(text);
            }
            Msg::Act(action) => {
                self.notice = None;
                self.act(action);
            }
        }
    }

    /// Brings what drawing reads up to date: live previews of edited cells, and the list's and
    /// the notes' scroll positions kept in range for this size.
    pub fn settle(&mut self) {
        let ctx = ctx!(self);
        self.list.settle(&ctx);
        if let Screen::Exercise(v) = &mut self.screen {
            v.settle(&ctx);
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
                Action::Yes | Action::Interrupt => self.running = false,
                Action::No => self.confirm_quit = false,
                _ => {}
            },
            Mode::Help => match action {
                Action::CloseHelp => self.help = None,
                Action::Up => self.send_help(HelpMsg::Scroll(-1)),
                Action::Down => self.send_help(HelpMsg::Scroll(1)),
                Action::Interrupt => self.quit(),
                _ => {}
            },
            Mode::Course | Mode::Filter => match action {
                Action::Quit | Action::Interrupt => self.quit(),
                Action::Help => self.open_help(),
                other => {
                    if let Some(msg) = course_msg(other) {
                        self.send_course(msg);
                    }
                }
            },
            Mode::Exercise | Mode::Grid => match action {
                Action::Back => self.back_to_course(),
                Action::Help => self.open_help(),
                Action::Interrupt | Action::Quit => self.quit(),
                Action::NextExercise => self.step_exercise(1),
                Action::PrevExercise => self.step_exercise(-1),
                Action::OpenGraph => self.open_graph(),
                Action::AnotherVariant => self.another_variant(),
                other => {
                    if let Some(msg) = exercise_msg(other) {
                        self.send_exercise(msg);
                    }
                }
            },
            Mode::Graph => match action {
                Action::Back => self.close_graph(),
                Action::Help => self.open_help(),
                Action::Quit | Action::Interrupt => self.quit(),
                Action::StepForward => self.send_graph(GraphMsg::Forward),
                Action::StepBack => self.send_graph(GraphMsg::Back),
                Action::Restart => self.send_graph(GraphMsg::Restart),
                Action::ToggleDrawing => self.send_graph(GraphMsg::ToggleDrawing),
                Action::Predict => self.send_graph(GraphMsg::StartPredict),
                _ => {}
            },
            Mode::GraphPredict => match action {
                Action::Help => self.open_help(),
                Action::Interrupt => self.quit(),
                Action::Submit => self.send_graph(GraphMsg::PredictSubmit),
                Action::Cancel => self.send_graph(GraphMsg::PredictCancel),
                Action::Edit(op) => self.send_graph(GraphMsg::PredictEdit(op)),
                _ => {}
            },
            Mode::Stepper | Mode::Predict => match action {
                Action::Back => self.back_to_course(),
                Action::Help => self.open_help(),
                Action::Quit | Action::Interrupt => self.quit(),
                Action::OpenGraph => self.open_graph(),
                Action::AnotherVariant => self.another_variant(),
                other => {
                    let predicting = self.mode() == Mode::Predict;
                    if let Some(msg) = stepper_msg(other, predicting) {
                        self.send_descent(msg);
                    }
                }
            },
        }
    }

    fn send_help(&mut self, msg: HelpMsg) {
        if let Some(h) = &mut self.help {
            h.update(msg);
        }
    }

    fn send_course(&mut self, msg: CourseMsg) {
        if !matches!(self.screen, Screen::Course) {
            return;
        }
        match self.list.update(msg, &ctx!(self)) {
            Some(CourseOutcome::Open(RowKind::Exercise(si, ei))) => self.open_exercise(si, ei),
            Some(CourseOutcome::Open(RowKind::Descent(si, di))) => self.open_descent(si, di),
            Some(CourseOutcome::Open(RowKind::Set(_))) | None => {}
            Some(CourseOutcome::Notice(n)) => self.notice = Some(n),
        }
    }

    /// Sends a message to the exercise screen and records what it reports.
    fn send_exercise(&mut self, msg: ExerciseMsg) {
        let ctx = ctx!(self);
        let Screen::Exercise(v) = &mut self.screen else {
            return;
        };
        let outcome = v.update(msg, &ctx);
        let (id, variant) = (v.id().to_string(), v.variant());
        match outcome {
            None => {}
            Some(ExerciseOutcome::Notice(n)) => self.notice = Some(n),
            Some(ExerciseOutcome::Checked { answer, status }) => {
                self.drafts.remove(&id);
                if status != Status::Invalid {
                    let correct = status == Status::Correct;
                    let at = progress::now();
                    self.store
                        .progress
                        .record_variant_attempt(&id, &answer, correct, at, variant);
                    self.save();
                }
            }
            Some(ExerciseOutcome::HintShown { shown }) => {
                let shown = u32::try_from(shown).unwrap_or(u32::MAX);
                self.store
                    .progress
                    .record_hints(&id, shown, progress::now());
                self.save();
            }
            Some(ExerciseOutcome::GaveUp) => {
                self.store.progress.record_gave_up(&id, progress::now());
                self.save();
            }
        }
    }

    /// Sends a message to the descent screen and records a checked prediction, or that the
    /// example was walked (saved the first time only).
    fn send_descent(&mut self, msg: StepperMsg) {
        let Screen::Descent(d) = &mut self.screen else {
            return;
        };
        let outcome = d.update(msg);
        let id = d.id().to_string();
        match outcome {
            Some(StepperOutcome::Predicted { correct }) => {
                self.store
                    .progress
                    .record_result(&id, correct, progress::now());
                self.save();
            }
            Some(StepperOutcome::Walked)
                if self.store.progress.record_walked(&id, progress::now()) =>
            {
                self.save();
            }
            Some(StepperOutcome::Walked) | None => {}
        }
    }

    /// Opens the computational graph of the exercise in front, or of the descent example's
    /// objective at the stepper's point, over it.
    fn open_graph(&mut self) {
        let graph = match &self.screen {
            Screen::Exercise(v) => v.graph_screen().ok_or_else(|| {
                "This exercise has no computational graph to show (graph, gradient and \
                 derivative exercises have one)."
                    .to_string()
            }),
            Screen::Descent(d) => d.graph_screen(),
            _ => return,
        };
        match graph {
            Ok(g) => {
                let under = std::mem::replace(&mut self.screen, Screen::Course);
                self.screen = Screen::Graph(Box::new(g), Box::new(under));
            }
            Err(why) => self.notice = Some(why),
        }
    }

    /// Back from the graph to the screen it was opened from.
    fn close_graph(&mut self) {
        let screen = std::mem::replace(&mut self.screen, Screen::Course);
        self.screen = match screen {
            Screen::Graph(_, under) => *under,
            other => other,
        };
    }

    fn send_graph(&mut self, msg: GraphMsg) {
        if let Screen::Graph(g, _) = &mut self.screen {
            g.update(msg);
        }
    }

    fn open_help(&mut self) {
        self.help = Some(HelpView::new(self.screen_mode()));
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

    /// Opens an exercise (restoring an unchecked draft) and remembers the set as last used. A
    /// randomised exercise opens on the student's current variant: their first one (from their
    /// student key and the id) until they draw another, moved on past any that fails
    /// validation, so that such a variant is never shown.
    pub fn open_exercise(&mut self, si: usize, ei: usize) {
        match self.exercise_at(si, ei, None) {
            Some(Ok(ex)) => {
                self.stash_draft();
                self.show_exercise(si, ei, &ex);
            }
            Some(Err(msg)) => self.notice = Some(msg),
            None => {}
        }
    }

    /// The exercise at `si`, `ei` as the student sees it: a fixed one as it is, a randomised
    /// one as the first valid variant at or after `from` (by default the student's current
    /// variant). `None` when there is no such exercise.
    fn exercise_at(
        &mut self,
        si: usize,
        ei: usize,
        from: Option<u32>,
    ) -> Option<Result<Exercise, String>> {
        let base = self.course.sets.get(si)?.exercises.get(ei)?;
        if !base.is_randomised() {
            return Some(Ok(base.clone()));
        }
        let id = base.id.clone();
        let from = match from {
            Some(n) => n,
            None => self.current_variant(&id),
        };
        let base = &self.course.sets[si].exercises[ei];
        Some(
            first_valid_variant(base, from)
                .map(|v| v.exercise)
                .map_err(|e| {
                    format!("This exercise cannot be shown: {e}. Please tell your instructor.")
                }),
        )
    }

    /// The variant of a randomised exercise the student is on, before validation moves it on:
    /// the one kept in the progress, else their first one (from their key and the id).
    fn current_variant(&mut self, id: &str) -> u32 {
        let kept = self.store.progress.record(id).and_then(|r| r.variant);
        kept.unwrap_or_else(|| first_variant(&self.student_key(), id))
    }

    /// Brings the course list up to date with the progress: its marks and counts, and for each
    /// randomised exercise the texts of the student's current variant, the one the exercise
    /// screen would show (prepared again only when that variant changed). Creates the student
    /// key when the course has a randomised exercise and there is none yet.
    fn sync_list(&mut self) {
        let randomised: Vec<(usize, usize, String)> = (self.course.sets.iter().enumerate())
            .flat_map(|(si, s)| {
                s.exercises
                    .iter()
                    .enumerate()
                    .map(move |(ei, e)| (si, ei, e))
            })
            .filter(|(_, _, e)| e.is_randomised())
            .map(|(si, ei, e)| (si, ei, e.id.clone()))
            .collect();
        for (si, ei, id) in randomised {
            let from = self.current_variant(&id);
            if self.list_variants.get(&id) == Some(&from) {
                continue;
            }
            // A variant that cannot be shown keeps the loader's texts; opening it says why.
            let base = &self.course.sets[si].exercises[ei];
            if let Ok(shown) = first_valid_variant(base, from) {
                self.list.show_variant(si, ei, &shown.exercise);
            }
            self.list_variants.insert(id, from);
        }
        self.sync_descent_titles();
        self.list.sync(&self.store.progress);
    }

    /// For each randomised descent example, the title of the student's current variant in the
    /// course list (found again only when that variant changed).
    fn sync_descent_titles(&mut self) {
        let randomised: Vec<(usize, usize, String)> = (self.course.sets.iter().enumerate())
            .flat_map(|(si, s)| {
                s.descents
                    .iter()
                    .enumerate()
                    .map(move |(di, d)| (si, di, d))
            })
            .filter(|(_, _, d)| d.is_randomised())
            .map(|(si, di, d)| (si, di, d.id.clone()))
            .collect();
        for (si, di, id) in randomised {
            let from = self.current_variant(&id);
            if self.list_variants.get(&id) == Some(&from) {
                continue;
            }
            let base = &self.course.sets[si].descents[di];
            if let Ok(shown) = first_valid_descent_variant(base, from) {
                self.list.show_descent_variant(si, di, &shown.descent);
            }
            self.list_variants.insert(id, from);
        }
    }

    /// The student key variants are drawn from, created (and saved with the progress) the
    /// first time the tutor opens on a course with a randomised exercise.
    fn student_key(&mut self) -> String {
        let had = self.store.progress.student.is_some();
        let key = self.store.progress.student_key();
        if !had {
            self.save();
        }
        key
    }

    /// Puts the exercise `ex` (the one at `si`, `ei`, or a variant of it) in front, with the
    /// student's record and any unchecked draft.
    fn show_exercise(&mut self, si: usize, ei: usize, ex: &Exercise) {
        let Some(set) = self.course.sets.get(si) else {
            return;
        };
        let draft = self.drafts.remove(&ex.id);
        let place = exercise::Place {
            set: si,
            index: ei,
            set_title: &set.title,
            position: (ei + 1, set.exercises.len()),
        };
        let record = self.store.progress.record(&ex.id);
        let view = ExerciseScreen::new(ex, &place, record, draft.as_ref());
        if self.store.progress.last_set.as_deref() != Some(set.source.as_str()) {
            self.store.progress.last_set = Some(set.source.clone());
            self.save();
        }
        self.screen = Screen::Exercise(Box::new(view));
        self.settle();
    }

    /// New numbers for the exercise in front: the next valid variant of the student's
    /// sequence, kept as their current one. Only after an attempt, and not on a fixed exercise.
    fn another_variant(&mut self) {
        if let Screen::Descent(d) = &self.screen {
            let (place, variant) = (d.place(), d.variant());
            return self.another_descent_variant(place, variant);
        }
        let Screen::Exercise(v) = &self.screen else {
            return;
        };
        let ((si, ei), id) = (v.place(), v.id().to_string());
        let Some(n) = v.variant() else {
            self.notice = Some("This exercise has fixed numbers: it has no other variants.".into());
            return;
        };
        if !v.can_draw_another() {
            self.notice =
                Some("Answer these numbers once first; then Alt-v (or F5) gives new ones.".into());
            return;
        }
        match self.exercise_at(si, ei, Some(next_variant(n))) {
            Some(Ok(ex)) if ex.variant_number() == Some(n) => {
                self.notice = Some("This is the only variant of this exercise.".into());
            }
            Some(Ok(ex)) => {
                let m = ex.variant_number().unwrap_or(n);
                self.store.progress.set_variant(&id, m, progress::now());
                self.save();
                // What was typed was about the old numbers.
                self.drafts.remove(&id);
                self.show_exercise(si, ei, &ex);
                self.notice
                    .get_or_insert(format!("Variant {m}: new numbers for the same question."));
            }
            Some(Err(msg)) => self.notice = Some(msg),
            None => {}
        }
    }

    /// Opens a worked descent example. A randomised one opens on the student's current
    /// variant (as an exercise does), moved on past any whose walk fails validation (one that
    /// diverges or starts outside the function's domain), so that such a variant is never shown.
    pub fn open_descent(&mut self, si: usize, di: usize) {
        match self.descent_at(si, di, None) {
            Some(Ok(d)) => {
                let screen = DescentScreen::new(&d, (si, di), self.theme);
                self.stash_draft();
                self.screen = Screen::Descent(Box::new(screen));
            }
            Some(Err(msg)) => self.notice = Some(msg),
            None => {}
        }
    }

    /// The descent example at `si`, `di` as the student sees it: a fixed one as it is, a
    /// randomised one as the first valid variant at or after `from` (by default the student's
    /// current variant). `None` when there is no such example.
    fn descent_at(
        &mut self,
        si: usize,
        di: usize,
        from: Option<u32>,
    ) -> Option<Result<Descent, String>> {
        let base = self.course.sets.get(si)?.descents.get(di)?;
        if !base.is_randomised() {
            return Some(Ok(base.clone()));
        }
        let id = base.id.clone();
        let from = from.unwrap_or_else(|| self.current_variant(&id));
        let base = &self.course.sets[si].descents[di];
        Some(
            first_valid_descent_variant(base, from)
                .map(|v| v.descent)
                .map_err(|e| {
                    format!("This example cannot be shown: {e}. Please tell your instructor.")
                }),
        )
    }

    /// New numbers for the worked example in front: the next valid variant, kept as the
    /// student's current one. Any time: a worked example has no attempt to make first.
    fn another_descent_variant(&mut self, (si, di): (usize, usize), variant: Option<u32>) {
        let Some(n) = variant else {
            self.notice = Some("This example has fixed numbers: it has no other variants.".into());
            return;
        };
        match self.descent_at(si, di, Some(next_variant(n))) {
            Some(Ok(d)) if d.variant_number() == Some(n) => {
                self.notice = Some("This is the only variant of this example.".into());
            }
            Some(Ok(d)) => {
                let m = d.variant_number().unwrap_or(n);
                self.store.progress.set_variant(&d.id, m, progress::now());
                self.save();
                self.list.show_descent_variant(si, di, &d);
                self.list_variants.insert(d.id.clone(), m);
                self.screen =
                    Screen::Descent(Box::new(DescentScreen::new(&d, (si, di), self.theme)));
                self.notice = Some(format!("Variant {m}: new numbers for the same example."));
            }
            Some(Err(msg)) => self.notice = Some(msg),
            None => {}
        }
    }

    /// Keeps the current exercise's unchecked answer for when the student comes back.
    fn stash_draft(&mut self) {
        if let Screen::Exercise(v) = &self.screen {
            if v.half_typed() {
                self.drafts.insert(v.id().to_string(), v.answer());
            } else {
                self.drafts.remove(v.id());
            }
        }
    }

    fn back_to_course(&mut self) {
        self.stash_draft();
        // Follow the student: the list's cursor goes to what they just left.
        let here = match &self.screen {
            Screen::Exercise(v) => Some(RowKind::Exercise(v.place().0, v.place().1)),
            Screen::Descent(d) => Some(RowKind::Descent(d.place().0, d.place().1)),
            Screen::Course | Screen::Graph(..) => None,
        };
        self.screen = Screen::Course;
        self.sync_list();
        let ctx = ctx!(self);
        match here {
            Some(kind) => self.list.select(kind, &ctx),
            None => self.list.settle(&ctx),
        }
    }

    fn save(&mut self) {
        if let Err(e) = self.store.save() {
            self.notice = Some(format!("Progress was not saved: {e}"));
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
        let Some(i) = order.iter().position(|&p| p == v.place()) else {
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

    fn insert(&mut self, c: char) {
        match &self.screen {
            Screen::Graph(g, _) if g.predicting() => self.send_graph(GraphMsg::PredictInput(c)),
            Screen::Exercise(_) => self.send_exercise(ExerciseMsg::Insert(c)),
            Screen::Descent(d) if d.predicting() => self.send_descent(StepperMsg::PredictInput(c)),
            Screen::Course if self.list.filtering() => self.send_course(CourseMsg::FilterInsert(c)),
            _ => {}
        }
    }

    fn paste(&mut self, text: String) {
        match &self.screen {
            Screen::Graph(g, _) if g.predicting() => self.send_graph(GraphMsg::PredictPaste(text)),
            Screen::Exercise(_) => self.send_exercise(ExerciseMsg::Paste(text)),
            Screen::Descent(d) if d.predicting() => {
                self.send_descent(StepperMsg::PredictPaste(text));
            }
            Screen::Course if self.list.filtering() => {
                self.send_course(CourseMsg::FilterPaste(text));
            }
            _ => {}
        }
    }

    fn scroll(&mut self, delta: i8, column: u16, row: u16) {
        if self.help.is_some() {
            self.send_help(HelpMsg::Scroll(i16::from(delta)));
            return;
        }
        match &self.screen {
            Screen::Course => self.send_course(CourseMsg::Scroll(delta)),
            Screen::Exercise(_) => self.send_exercise(ExerciseMsg::Wheel { delta, column, row }),
            Screen::Descent(_) | Screen::Graph(..) => {}
        }
    }

    /// Draws the whole screen into `buf`; returns where the terminal cursor should be.
    pub fn render_into(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let status = self.status_items();
        let ctx = Ctx {
            status: &status,
            ..ctx!(self)
        };
        if TooSmall::applies(area) {
            TooSmall.draw(&ctx, area, buf);
            return None;
        }
        let cursor = match &self.screen {
            Screen::Course => self.list.draw(&ctx, area, buf),
            Screen::Exercise(v) => v.draw(&ctx, area, buf),
            Screen::Descent(d) => d.draw(&ctx, area, buf),
            Screen::Graph(g, _) => g.draw(&ctx, area, buf),
        };
        if let Some(h) = &self.help {
            h.draw(&ctx, area, buf);
            return None;
        }
        if self.confirm_quit {
            QuitQuestion.draw(&ctx, area, buf);
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

/// The course screen's message for a key's action (on the list or in the filter).
fn course_msg(action: Action) -> Option<CourseMsg> {
    Some(match action {
        Action::Up => CourseMsg::Move(-1),
        Action::Down => CourseMsg::Move(1),
        Action::PageUp => CourseMsg::Page(-1),
        Action::PageDown => CourseMsg::Page(1),
        Action::Top => CourseMsg::Top,
        Action::Bottom => CourseMsg::Bottom,
        Action::Expand => CourseMsg::Expand,
        Action::Collapse => CourseMsg::Collapse,
        Action::Open => CourseMsg::Open,
        Action::FilterStart => CourseMsg::FilterStart,
        Action::FilterDone => CourseMsg::FilterDone,
        Action::FilterCancel | Action::Back => CourseMsg::FilterCancel,
        Action::Edit(op) => CourseMsg::FilterEdit(op),
        _ => return None,
    })
}

/// The exercise screen's message for a key's action.
fn exercise_msg(action: Action) -> Option<ExerciseMsg> {
    Some(match action {
        Action::Edit(op) => ExerciseMsg::Edit(op),
        Action::Submit => ExerciseMsg::Submit,
        Action::Hint => ExerciseMsg::Hint,
        Action::Solution => ExerciseMsg::Solution,
        Action::TogglePlot => ExerciseMsg::TogglePlot,
        Action::HistoryPrev => ExerciseMsg::HistoryPrev,
        Action::HistoryNext => ExerciseMsg::HistoryNext,
        Action::NextCell => ExerciseMsg::NextCell,
        Action::PrevCell => ExerciseMsg::PrevCell,
        Action::CellUp => ExerciseMsg::CellUp,
        Action::CellDown => ExerciseMsg::CellDown,
        Action::PageUp => ExerciseMsg::ScrollNotes(-3),
        Action::PageDown => ExerciseMsg::ScrollNotes(3),
        _ => return None,
    })
}

/// The stepper's message for a key's action (typing a prediction, or stepping).
fn stepper_msg(action: Action, predicting: bool) -> Option<StepperMsg> {
    Some(if predicting {
        match action {
            Action::Submit => StepperMsg::PredictSubmit,
            Action::Cancel => StepperMsg::PredictCancel,
            Action::Edit(op) => StepperMsg::PredictEdit(op),
            _ => return None,
        }
    } else {
        match action {
            Action::StepForward => StepperMsg::Forward,
            Action::StepBack => StepperMsg::Back,
            Action::Restart => StepperMsg::Restart,
            Action::RateUp => StepperMsg::LrUp,
            Action::RateDown => StepperMsg::LrDown,
            Action::Momentum => StepperMsg::ToggleMomentum,
            Action::Predict => StepperMsg::StartPredict,
            Action::PageUp => StepperMsg::ScrollNotes(-3),
            Action::PageDown => StepperMsg::ScrollNotes(3),
            Action::Up => StepperMsg::ScrollRule(-1),
            Action::Down => StepperMsg::ScrollRule(1),
            _ => return None,
        }
    })
}
