//! The descent stepper screen: a worked gradient-descent example, one step at a time.
//!
//! A self-contained component in the Elm style: [`StepperScreen::new`] builds it from a
//! [`Descent`], [`StepperScreen::update`] takes a [`StepperMsg`] (the app maps keys to them)
//! and does all the computing — the steps, the plot window, the shaded map, the tangent, the
//! rule with its numbers — and `impl Widget for &StepperScreen` draws only what is stored.
//! No terminal backend types appear here.
//!
//! Layout: a title line; the plot beside the example's notes; the table of iterations (the
//! current row marked `▶`) beside the update rule with this step's numbers; the run's status;
//! and a line for the prediction, its feedback, or notices.

mod plot;
mod rule;

use crate::descent::{
    fmt_sig, parse_point, prediction_matches, DescentError, Settings, State, Status, Stepper,
};
use crate::exercise::Descent;
use crate::math::symbolic::mistakes::descent::{wrong_steps, StepFrom};
use crate::tui::keys::EditOp;
use crate::tui::text::{prettify, truncate, width, wrap};
use crate::tui::theme::Theme;
use crate::tui::widgets::input::Input;
use plot::{CurvePlot, LossPlot, MapPlot, Plot, Window};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// What the stepper screen can be asked to do. The app maps keys to these (see
/// docs/descent.md): → or space `Forward`, ← `Back`, r `Restart`, + `LrUp`, − `LrDown`,
/// m `ToggleMomentum`, p `StartPredict`; while [`StepperScreen::predicting`], typed characters
/// are `PredictInput`, editing keys `PredictEdit`, a paste `PredictPaste`, Enter
/// `PredictSubmit` and Esc `PredictCancel`. PgUp and PgDn are `ScrollNotes`, ↑ and ↓
/// `ScrollRule`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepperMsg {
    Forward,
    Back,
    Restart,
    LrUp,
    LrDown,
    ToggleMomentum,
    StartPredict,
    PredictInput(char),
    PredictPaste(String),
    PredictEdit(EditOp),
    PredictBackspace,
    PredictSubmit,
    PredictCancel,
    /// Scroll the example's notes by this many lines (PgUp/PgDn).
    ScrollNotes(i16),
    /// Scroll the update rule's box by this many lines (↑/↓), when it holds more than fits.
    ScrollRule(i16),
}

/// What the app should record.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepperOutcome {
    /// The student predicted the next point; it was right to 4 significant figures (or within
    /// 10⁻⁶ of a coordinate near 0).
    Predicted { correct: bool },
    /// The student took the first step forward on this screen: the example counts as walked.
    Walked,
}

/// The learning rates `+` and `−` move between: 1, 2 and 5 times powers of ten, in this range.
const LR_MIN: f64 = 1e-6;
const LR_MAX: f64 = 10.0;
/// The momentum `m` switches on when the example has none.
const DEFAULT_MOMENTUM: f64 = 0.8;
/// Smaller than this, the screen shows a message instead of the stepper.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

#[derive(Clone, Debug, PartialEq)]
struct Feedback {
    correct: bool,
    text: String,
}

/// The stepper screen's state. Build with [`StepperScreen::new`], feed [`StepperMsg`]s to
/// [`StepperScreen::update`], draw `&StepperScreen` as a widget.
#[derive(Clone, Debug)]
pub struct StepperScreen {
    id: String,
    title: String,
    /// The variant of a randomised example, shown in the title line.
    variant: Option<u32>,
    /// The function, its parameters, the start: the top of the notes box.
    about: Vec<String>,
    notes: String,
    vars: Vec<String>,
    stepper: Stepper,
    /// The example's own settings (shown beside changed ones).
    example: Settings,
    /// The momentum `m` switches back on.
    momentum_memory: f64,
    /// The furthest step shown so far: the table and the plot show steps 0..=revealed.
    revealed: usize,
    base_view: Window,
    window: Window,
    plot: Plot,
    rule: Vec<String>,
    now: Vec<String>,
    predict: Option<Input>,
    predict_error: Option<String>,
    feedback: Option<Feedback>,
    notice: Option<String>,
    /// How far the example's notes are scrolled (kept in range when drawn).
    notes_scroll: u16,
    /// How far the update rule's box is scrolled (kept in range when drawn).
    rule_scroll: u16,
    /// A step forward was taken on this screen (reported once as [`StepperOutcome::Walked`]).
    walked: bool,
    theme: Theme,
}

impl StepperScreen {
    /// The stepper at step 0 of the example, in colour (see [`StepperScreen::with_no_color`]).
    pub fn new(descent: &Descent) -> Result<Self, DescentError> {
        let stepper = Stepper::new(descent)?;
        let example = stepper.settings().clone();
        let base_view: Window = match &descent.view {
            Some(v) if v.len() == descent.vars.len() => v
                .iter()
                .zip(&example.start)
                .map(|(&(lo, hi), &s)| {
                    if lo.is_finite() && hi.is_finite() && lo < hi {
                        (lo, hi)
                    } else {
                        plot::default_interval(s)
                    }
                })
                .collect(),
            _ => example
                .start
                .iter()
                .map(|s| plot::default_interval(*s))
                .collect(),
        };
        let mut about = vec![format!(
            "f({}) = {}",
            descent.vars.join(", "),
            stepper.function_preview()
        )];
        if !descent.params.is_empty() {
            let ps: Vec<String> = descent
                .params
                .iter()
                .map(|(n, v)| format!("{n} = {}", fmt_sig(*v, 6)))
                .collect();
            about.push(ps.join(", "));
        }
        if !descent.data.is_empty() {
            let rows = descent.data.first().map_or(0, |(_, c)| c.len());
            let cols: Vec<&str> = descent.data.iter().map(|(n, _)| n.as_str()).collect();
            about.push(format!("data: {} ({rows} rows)", cols.join(", ")));
        }
        about.push(format!(
            "start {}, at most {} steps, ∇f {}",
            point_text(&example.start),
            stepper.max_steps(),
            if stepper.has_exact_gradient() {
                "as given"
            } else {
                "by finite differences"
            }
        ));
        let mut screen = StepperScreen {
            id: descent.id.clone(),
            title: prettify(&descent.title),
            variant: descent.variant_number(),
            about,
            notes: descent.notes.as_deref().map(prettify).unwrap_or_default(),
            vars: descent.vars.clone(),
            momentum_memory: descent.momentum.unwrap_or(DEFAULT_MOMENTUM),
            example,
            stepper,
            revealed: 0,
            window: base_view.clone(),
            base_view,
            plot: Plot::Loss(LossPlot::new(&[], 0)),
            rule: Vec::new(),
            now: Vec::new(),
            predict: None,
            predict_error: None,
            feedback: None,
            notice: None,
            notes_scroll: 0,
            rule_scroll: 0,
            walked: false,
            theme: Theme::default(),
        };
        screen.refresh();
        Ok(screen)
    }

    /// Draw without colour (`NO_COLOR`): meaning is carried by marks and bold either way.
    pub fn with_no_color(mut self, no_color: bool) -> Self {
        self.set_no_color(no_color);
        self
    }

    pub fn set_no_color(&mut self, no_color: bool) {
        self.theme = Theme::new(!no_color);
    }

    /// The example's id (progress is recorded under it).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The variant of a randomised example (`None` for one with fixed numbers).
    pub fn variant(&self) -> Option<u32> {
        self.variant
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    /// The engine, read-only: the states, the cursor, the status.
    pub fn stepper(&self) -> &Stepper {
        &self.stepper
    }

    /// Whether the student is typing a prediction: the app then sends typed characters as
    /// `PredictInput`, Enter as `PredictSubmit` and Esc as `PredictCancel`.
    pub fn predicting(&self) -> bool {
        self.predict.is_some()
    }

    /// The furthest step shown so far.
    pub fn revealed(&self) -> usize {
        self.revealed
    }

    /// Handles one message. Returns an outcome when a prediction was checked.
    pub fn update(&mut self, msg: StepperMsg) -> Option<StepperOutcome> {
        let predict_msg = matches!(
            msg,
            StepperMsg::PredictInput(_)
                | StepperMsg::PredictPaste(_)
                | StepperMsg::PredictEdit(_)
                | StepperMsg::PredictBackspace
                | StepperMsg::PredictSubmit
                | StepperMsg::PredictCancel
                | StepperMsg::ScrollNotes(_)
                | StepperMsg::ScrollRule(_)
        );
        if !predict_msg {
            // Any other key leaves the prediction (it is not recorded) and the last feedback.
            self.predict = None;
            self.predict_error = None;
            self.feedback = None;
            self.notice = None;
        }
        let mut outcome = None;
        match msg {
            StepperMsg::Forward => outcome = self.forward(),
            StepperMsg::Back => {
                if !self.stepper.back() {
                    self.notice = Some("This is the start (step 0).".into());
                }
            }
            StepperMsg::Restart => {
                let settings = self.stepper.settings().clone();
                self.restart_at(settings, 0);
                self.notice = Some(self.restart_notice());
            }
            StepperMsg::LrUp => self.change_rate(true),
            StepperMsg::LrDown => self.change_rate(false),
            StepperMsg::ToggleMomentum => self.toggle_momentum(),
            StepperMsg::StartPredict => self.start_predict(),
            StepperMsg::PredictInput(c) => self.edit_prediction(|input| {
                if !c.is_control() {
                    let _ = input.insert(c);
                }
            }),
            StepperMsg::PredictPaste(text) => self.edit_prediction(|input| {
                let _ = input.insert_str(&text);
            }),
            StepperMsg::PredictEdit(op) => self.edit_prediction(|input| {
                input.apply(op);
            }),
            StepperMsg::PredictBackspace => self.edit_prediction(|input| {
                input.apply(EditOp::Backspace);
            }),
            StepperMsg::PredictSubmit => outcome = self.submit_prediction(),
            StepperMsg::ScrollNotes(d) => {
                self.notes_scroll = self.notes_scroll.saturating_add_signed(d);
            }
            StepperMsg::ScrollRule(d) => {
                self.rule_scroll = self.rule_scroll.saturating_add_signed(d);
            }
            StepperMsg::PredictCancel => {
                if self.predict.take().is_some() {
                    self.predict_error = None;
                    self.notice = Some("Prediction cancelled.".into());
                }
            }
        }
        self.refresh();
        outcome
    }

    /// One step forward (or the notice that the walk has ended); the first step taken on this
    /// screen is reported, so that the example counts as walked.
    fn forward(&mut self) -> Option<StepperOutcome> {
        if !self.stepper.forward() {
            self.notice = Some(self.end_notice());
            return None;
        }
        self.revealed = self.revealed.max(self.stepper.cursor());
        let first = !self.walked;
        self.walked = true;
        first.then_some(StepperOutcome::Walked)
    }

    /// An edit of the predicted point being typed (nothing when no prediction is open).
    fn edit_prediction(&mut self, edit: impl FnOnce(&mut Input)) {
        if let Some(input) = &mut self.predict {
            edit(input);
            self.predict_error = None;
        }
    }

    /// `+` or `−`: the next learning rate up or down, the path recomputed up to this step.
    fn change_rate(&mut self, up: bool) {
        let lr = self.stepper.settings().learning_rate;
        match next_rate(lr, up) {
            Some(new) => {
                let mut s = self.stepper.settings().clone();
                s.learning_rate = new;
                let at = self.stepper.cursor();
                self.restart_at(s, at);
                self.notice = Some(format!(
                    "Learning rate ε = {}{}: the path was recomputed.",
                    fmt_sig(new, 6),
                    self.example_note(new)
                ));
            }
            None => {
                self.notice = Some(format!(
                    "The learning rate stays between {} and {}.",
                    fmt_sig(LR_MIN, 1),
                    fmt_sig(LR_MAX, 1)
                ))
            }
        }
    }

    /// `m`: momentum off, or back on with the last coefficient used.
    fn toggle_momentum(&mut self) {
        let mut s = self.stepper.settings().clone();
        s.momentum = match s.momentum {
            Some(m) => {
                self.momentum_memory = m;
                None
            }
            None => Some(self.momentum_memory),
        };
        let at = self.stepper.cursor();
        self.restart_at(s.clone(), at);
        self.notice = Some(match s.momentum {
            Some(m) => format!(
                "Momentum on, α = {}: v ← α·v − ε·∇f, x ← x + v. The path was recomputed.",
                fmt_sig(m, 6)
            ),
            None => "Momentum off: x ← x − ε·∇f. The path was recomputed.".into(),
        });
    }

    /// Restarts with `settings` and replays up to step `at` (the path so far, recomputed).
    fn restart_at(&mut self, settings: Settings, at: usize) {
        match self.stepper.restart(settings) {
            Ok(()) => {
                self.stepper.seek(at);
                self.revealed = self.stepper.cursor();
            }
            // Only the start could make a restart fail, and it is the example's own, which
            // `new` accepted; say so rather than pretend.
            Err(e) => self.notice = Some(format!("Cannot restart: {e}")),
        }
    }

    /// "Back at the start.", saying so when the settings are not the example's: a restart keeps
    /// a changed ε or momentum, and the student should not take the new path for the example's.
    fn restart_notice(&self) -> String {
        let s = self.stepper.settings();
        let mut changed = Vec::new();
        if s.learning_rate != self.example.learning_rate {
            changed.push(format!(
                "ε = {} (the example's is {})",
                fmt_sig(s.learning_rate, 6),
                fmt_sig(self.example.learning_rate, 6)
            ));
        }
        if s.momentum != self.example.momentum {
            changed.push(match (s.momentum, self.example.momentum) {
                (Some(a), None) => format!("momentum α = {} (the example has none)", fmt_sig(a, 6)),
                (Some(a), Some(e)) => format!(
                    "momentum α = {} (the example's is {})",
                    fmt_sig(a, 6),
                    fmt_sig(e, 6)
                ),
                (None, _) => "no momentum (the example has some)".to_string(),
            });
        }
        if changed.is_empty() {
            "Back at the start.".into()
        } else {
            format!("Back at the start with {}.", changed.join(", "))
        }
    }

    fn example_note(&self, lr: f64) -> String {
        if lr == self.example.learning_rate {
            " (the example's)".to_string()
        } else {
            format!(
                " (the example uses {})",
                fmt_sig(self.example.learning_rate, 6)
            )
        }
    }

    fn end_notice(&self) -> String {
        match self.stepper.status() {
            Status::Running => "No further step.".into(),
            _ => format!(
                "The walk has ended: {}. Press r to restart, + or − to change ε.",
                self.stepper.status_message()
            ),
        }
    }

    fn start_predict(&mut self) {
        if self.stepper.cursor() < self.revealed {
            self.notice = Some(format!(
                "Step {} is already shown: step forward to step {} to predict the next one.",
                self.stepper.cursor() + 1,
                self.revealed
            ));
            return;
        }
        if self.stepper.peek_next().is_none() {
            self.notice = Some(self.end_notice());
            return;
        }
        self.predict = Some(Input::new(""));
        self.predict_error = None;
    }

    fn submit_prediction(&mut self) -> Option<StepperOutcome> {
        let text = self.predict.as_ref()?.text().to_string();
        let guess = match parse_point(&text, &self.vars) {
            Ok(g) => g,
            Err(e) => {
                self.predict_error = Some(e.to_string());
                return None;
            }
        };
        let truth = match self.stepper.peek_next() {
            Some(s) => s.x.clone(),
            None => {
                self.predict = None;
                self.notice = Some(self.end_notice());
                return None;
            }
        };
        let correct = prediction_matches(&truth, &guess);
        let slip = (!correct).then(|| self.slip_in_step(&guess)).flatten();
        self.predict = None;
        self.predict_error = None;
        self.stepper.forward();
        self.revealed = self.revealed.max(self.stepper.cursor());
        let n = self.stepper.cursor();
        let names = self.point_name(n);
        self.feedback = Some(Feedback {
            correct,
            text: if correct {
                format!("✓ Right: {names} = {}.", point_text_sig(&truth, 6))
            } else {
                format!(
                    "✗ Not quite: you said {}, but {names} = {}.{}",
                    point_text_sig(&guess, 6),
                    point_text_sig(&truth, 6),
                    slip.map(|s| format!(" {s}")).unwrap_or_default()
                )
            },
        });
        Some(StepperOutcome::Predicted { correct })
    }

    /// The slip in the step from the current point that gives the predicted point `guess`, in
    /// the stepper's words ("You stepped uphill: x₁ = x₀ + ε·f′(x₀)."), if one does: its first
    /// sentence only, to fit the feedback line (the update rule beside says the right step).
    fn slip_in_step(&self, guess: &[f64]) -> Option<String> {
        let now = self.stepper.current();
        let settings = self.stepper.settings();
        let v0 = now
            .velocity
            .clone()
            .unwrap_or_else(|| vec![0.0; now.x.len()]);
        let step = StepFrom {
            x0: &now.x,
            grad0: &now.grad,
            rate: settings.learning_rate,
            momentum: settings.momentum.map(|m| (m, v0.as_slice())),
        };
        wrong_steps(&step, |p| self.stepper.gradient(p))
            .into_iter()
            .find(|(_, p)| prediction_matches(p, guess))
            .map(|(m, _)| {
                let text = m.text(now.x.len());
                match text.split_once(". ") {
                    Some((first, _)) => format!("{first}."),
                    None => text,
                }
            })
    }

    /// `x₄` or `(x₄, y₄)`.
    fn point_name(&self, n: usize) -> String {
        let names: Vec<String> = self.vars.iter().map(|v| rule::at(v, n)).collect();
        if names.len() == 1 {
            names.join("")
        } else {
            format!("({})", names.join(", "))
        }
    }

    /// Recomputes everything drawing needs: the window, the plot, the rule.
    fn refresh(&mut self) {
        let states = self.stepper.states();
        let shown = &states[..(self.revealed + 1).min(states.len())];
        let cursor = self.stepper.cursor();
        self.window = plot::follow(&self.base_view, shown);
        self.plot = match self.vars.len() {
            1 => Plot::Curve(CurvePlot::new(&self.stepper, &self.window, shown, cursor)),
            2 => {
                let old = match &self.plot {
                    Plot::Map(m) => Some(m),
                    _ => None,
                };
                Plot::Map(MapPlot::new(
                    &self.stepper,
                    &self.window,
                    shown,
                    cursor,
                    old,
                ))
            }
            _ => Plot::Loss(LossPlot::new(shown, cursor)),
        };
        self.rule = rule::lines(&self.stepper);
        self.now = rule::now_lines(&self.stepper);
    }

    /// Draws the screen and returns where the terminal cursor goes (while predicting).
    pub fn render_with_cursor(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let th = self.theme;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let msg = format!(
                "The stepper needs at least {MIN_WIDTH}×{MIN_HEIGHT}; this is {}×{}.",
                area.width, area.height
            );
            Paragraph::new(wrap(&msg, usize::from(area.width.max(1))).join("\n")).render(area, buf);
            return None;
        }
        let [title, body, status, input] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(8),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
        let [plot_area, notes_area] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(top);
        let [table_area, rule_area] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(bottom);

        self.render_title(title, buf);
        self.plot.render(plot_area, buf, th);
        self.render_notes(notes_area, buf);
        self.render_table(table_area, buf);
        self.render_rule(rule_area, buf);
        self.render_status(status, buf);
        self.render_input(input, buf)
    }

    fn render_title(&self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let s = self.stepper.settings();
        let mut right = format!("ε = {}", fmt_sig(s.learning_rate, 6));
        if s.learning_rate != self.example.learning_rate {
            right.push_str(&format!(
                " (example {})",
                fmt_sig(self.example.learning_rate, 6)
            ));
        }
        match s.momentum {
            Some(m) => right.push_str(&format!(" · momentum α = {}", fmt_sig(m, 6))),
            None => right.push_str(" · no momentum"),
        }
        right.push_str(&format!(" · step {}", self.stepper.cursor()));
        let rw = width(&right);
        let room = usize::from(area.width);
        let left_room = room.saturating_sub(rw + 2);
        let title = match self.variant {
            Some(n) => format!("{} · variant {n}", self.title),
            None => self.title.clone(),
        };
        let left = truncate(&title, left_room.max(1));
        buf.set_style(area, th.bar());
        buf.set_stringn(area.x, area.y, &left, room, th.bar());
        if rw + 2 <= room {
            let x = area.x + u16::try_from(room - rw).unwrap_or(0);
            buf.set_stringn(x, area.y, &right, rw, th.bar());
        }
    }

    fn render_notes(&self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let block = Block::bordered()
            .border_style(th.border())
            .title(" The example ");
        let inner = block.inner(area);
        block.render(area, buf);
        let w = usize::from(inner.width);
        let h = usize::from(inner.height);
        if w == 0 || h == 0 {
            return;
        }
        let mut lines: Vec<Line> = Vec::new();
        for (i, a) in self.about.iter().enumerate() {
            let style = if i == 0 { th.heading() } else { th.text() };
            lines.extend(wrap(a, w).into_iter().map(|l| Line::styled(l, style)));
        }
        if !self.notes.is_empty() {
            lines.push(Line::raw(""));
            lines.extend(wrap(&self.notes, w).into_iter().map(Line::raw));
        }
        // Notes longer than the box scroll (PgUp/PgDn); the bottom border says what is hidden.
        let max = lines.len().saturating_sub(h);
        let scroll = usize::from(self.notes_scroll).min(max);
        if max > 0 {
            scroll_mark(area, buf, th, scroll, max - scroll, "↑ PgUp", "↓ PgDn:");
        }
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(h).collect();
        Paragraph::new(shown).render(inner, buf);
    }

    fn render_table(&self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let block = Block::bordered()
            .border_style(th.border())
            .title(" Iterations ");
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 2 || inner.width < 10 {
            return;
        }
        let states = self.stepper.states();
        let total = (self.revealed + 1).min(states.len());
        let cursor = self.stepper.cursor();
        let fit = usize::from(inner.height) - 1;
        let start = total.saturating_sub(fit).min(cursor);
        let end = (start + fit).min(total);
        let shown = &states[start..end];
        let room = usize::from(inner.width);
        let (base, choices) = self.table_columns(shown, cursor);
        let (columns, widths) = fit_columns(base, choices, room);
        let sum = |gap: usize| widths.iter().sum::<usize>() + gap * widths.len().saturating_sub(1);
        let gap = if sum(2) <= room { 2 } else { 1 };
        // Drawn line by line: the columns are already measured, and this is the busiest part
        // of the frame (a `Table` would solve a layout for them on every draw).
        let line = |cell: &dyn Fn(&Column) -> &str| -> String {
            let mut out = String::new();
            for (i, (c, w)) in columns.iter().zip(&widths).enumerate() {
                if i > 0 {
                    out.push_str(&" ".repeat(gap));
                }
                let text = cell(c);
                out.push_str(&" ".repeat(w.saturating_sub(width(text))));
                out.push_str(text);
            }
            out
        };
        let header = line(&|c| c.0.as_str());
        buf.set_stringn(inner.x, inner.y, &header, room, th.heading());
        for (k, st) in shown.iter().enumerate() {
            let y = inner.y + 1 + u16::try_from(k).unwrap_or(u16::MAX);
            if y >= inner.bottom() {
                break;
            }
            let text = line(&|c| c.1[k].as_str());
            if st.n == cursor {
                let padded = format!("{text:<room$}");
                buf.set_stringn(inner.x, y, &padded, room, th.selected());
            } else {
                buf.set_stringn(inner.x, y, &text, room, th.text());
            }
        }
    }

    /// The iteration table's columns for the rows `shown`: those always drawn (the mark, n,
    /// the point, f), and the choices for the rest, most informative first: every component
    /// of the gradient and the velocity; the gradient's norm and the velocity; the norm alone;
    /// nothing. The first choice that fits is drawn.
    fn table_columns(&self, shown: &[State], cursor: usize) -> (Vec<Column>, [Vec<Column>; 4]) {
        let fig = 4;
        let nv = self.vars.len();
        let diverged_at = match self.stepper.status() {
            Status::Diverged { at_step, .. } => Some(*at_step),
            _ => None,
        };
        let marks = shown
            .iter()
            .map(|st| {
                let mut m = String::new();
                m.push(if st.n == cursor { '▶' } else { ' ' });
                m.push(if Some(st.n) == diverged_at { '!' } else { ' ' });
                m
            })
            .collect();
        let mut base: Vec<Column> = vec![
            (String::new(), marks),
            (
                "n".into(),
                shown.iter().map(|st| st.n.to_string()).collect(),
            ),
        ];
        for (i, v) in self.vars.iter().enumerate() {
            base.push((
                v.clone(),
                shown.iter().map(|st| fmt_sig(st.x[i], fig)).collect(),
            ));
        }
        base.push((
            "f".into(),
            shown.iter().map(|st| fmt_sig(st.f, fig)).collect(),
        ));
        let component = |one: &str, many: String, value: &dyn Fn(&State) -> String| {
            let name = if nv == 1 { one.to_string() } else { many };
            (name, shown.iter().map(value).collect::<Vec<_>>())
        };
        let grads: Vec<Column> = (0..nv)
            .map(|i| {
                let name = format!("∂f/∂{}", self.vars[i]);
                component("f′", name, &|st| fmt_sig(st.grad[i], fig))
            })
            .collect();
        let norm: Column = (
            "|∇f|".to_string(),
            shown
                .iter()
                .map(|st| fmt_sig(st.grad_norm(), fig))
                .collect(),
        );
        let momentum = shown.iter().any(|s| s.velocity.is_some());
        let velocity: Vec<Column> = if momentum {
            (0..nv)
                .map(|i| {
                    let name = format!("v_{}", self.vars[i]);
                    component("v", name, &|st| {
                        st.velocity
                            .as_ref()
                            .map_or(String::new(), |v| fmt_sig(v[i], fig))
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        let choices = [
            grads.iter().chain(&velocity).cloned().collect(),
            std::iter::once(&norm).chain(&velocity).cloned().collect(),
            vec![norm.clone()],
            vec![],
        ];
        (base, choices)
    }

    fn render_rule(&self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let block = Block::bordered()
            .border_style(th.border())
            .title(" Update rule ");
        let inner = block.inner(area);
        block.render(area, buf);
        let w = usize::from(inner.width);
        let h = usize::from(inner.height);
        if w == 0 || h == 0 {
            return;
        }
        let wrapped = |src: &[String], style: Style| -> Vec<Line<'static>> {
            let mut out = Vec::new();
            for l in src {
                // Continuation lines keep the rule's indentation, plus two.
                let indent = l.len() - l.trim_start().len();
                let parts = wrap(l.trim_start(), w.saturating_sub(indent + 2).max(8));
                for (k, part) in parts.into_iter().enumerate() {
                    let pad = if k == 0 { indent } else { indent + 2 };
                    out.push(Line::styled(format!("{}{part}", " ".repeat(pad)), style));
                }
            }
            out
        };
        // The rule for the step just taken, then (after a blank line where there is room) the
        // current point (what the next step starts from). When they do not fit, the box scrolls (↑/↓) and its bottom
        // border says how much is hidden: nothing is cut.
        let mut lines = wrapped(&self.rule, th.text());
        let now = wrapped(&self.now, th.key());
        if lines.len() + now.len() < h {
            lines.push(Line::raw(""));
        }
        lines.extend(now);
        let max = lines.len().saturating_sub(h);
        let scroll = usize::from(self.rule_scroll).min(max);
        if max > 0 {
            scroll_mark(area, buf, th, scroll, max - scroll, "↑ more", "↓");
        }
        let shown: Vec<Line> = lines.into_iter().skip(scroll).take(h).collect();
        Paragraph::new(shown).render(inner, buf);
    }

    fn render_status(&self, area: Rect, buf: &mut Buffer) {
        let th = self.theme;
        let (text, style) = if self.stepper.at_end() {
            let msg = self.stepper.status_message();
            match self.stepper.status() {
                Status::Diverged { .. } => (format!("! {msg}"), th.wrong()),
                Status::Converged => (format!("✓ {msg}"), th.correct()),
                _ => (format!("■ {msg}"), th.key()),
            }
        } else {
            let mut t = format!(
                "· step {} of at most {}",
                self.stepper.cursor(),
                self.stepper.max_steps()
            );
            if self.revealed > self.stepper.cursor() {
                t.push_str(&format!(" (shown up to {})", self.revealed));
            }
            (t, th.text())
        };
        buf.set_stringn(
            area.x,
            area.y,
            truncate(&text, usize::from(area.width)),
            usize::from(area.width),
            style,
        );
    }

    fn render_input(&self, area: Rect, buf: &mut Buffer) -> Option<Position> {
        let th = self.theme;
        let room = usize::from(area.width);
        if let Some(input) = &self.predict {
            let label = format!("predict {} = ", self.point_name(self.stepper.cursor() + 1));
            let label = truncate(&label, room / 2);
            let lw = u16::try_from(width(&label)).unwrap_or(0);
            buf.set_stringn(area.x, area.y, &label, room, th.key());
            let field = Rect {
                x: area.x + lw,
                width: area.width.saturating_sub(lw),
                ..area
            };
            let pos = input.render_line(field, buf, th.text());
            if let Some(err) = &self.predict_error {
                // The error replaces the status line above while it applies.
                if area.y > 0 {
                    let line = Rect {
                        y: area.y - 1,
                        ..area
                    };
                    buf.set_style(line, Style::new());
                    let text = truncate(&format!("✗ {err}"), room);
                    buf.set_stringn(line.x, line.y, " ".repeat(room), room, Style::new());
                    buf.set_stringn(line.x, line.y, text, room, th.error());
                }
            }
            return pos;
        }
        let (text, style) = if let Some(f) = &self.feedback {
            (
                f.text.clone(),
                if f.correct { th.correct() } else { th.wrong() },
            )
        } else if let Some(n) = &self.notice {
            (n.clone(), th.notice())
        } else {
            (
                "p: predict the next point before you step · → step · ← back".to_string(),
                th.muted(),
            )
        };
        let line = Line::from(Span::styled(truncate(&text, room), style));
        buf.set_line(area.x, area.y, &line, area.width);
        None
    }
}

impl Widget for &StepperScreen {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let _ = self.render_with_cursor(area, buf);
    }
}

/// On a box's bottom border, right-aligned: that it scrolls and how many lines are below,
/// with the keys that scroll it (` ↑ PgUp  ↓ PgDn: 3 more lines `).
fn scroll_mark(
    area: Rect,
    buf: &mut Buffer,
    th: Theme,
    above: usize,
    below: usize,
    up: &str,
    down: &str,
) {
    let mut mark = String::new();
    if above > 0 {
        mark.push_str(&format!(" {up} "));
    }
    if below > 0 {
        let s = if below == 1 { "" } else { "s" };
        mark.push_str(&format!(" {down} {below} more line{s} "));
    }
    let mw = u16::try_from(width(&mark)).unwrap_or(u16::MAX);
    if area.width > mw + 2 {
        let y = area.bottom() - 1;
        buf.set_stringn(area.right() - 1 - mw, y, &mark, usize::from(mw), th.key());
    }
}

/// A column of the iteration table: its heading and one cell per row shown.
type Column = (String, Vec<String>);

fn column_width((name, vals): &Column) -> usize {
    vals.iter()
        .map(|v| width(v))
        .chain([width(name)])
        .max()
        .unwrap_or(1)
}

/// The columns drawn in `room` cells and their widths: the `base` columns and the first of
/// the `choices` that fits with one space between columns (the last choice, nothing, always
/// does). The mark column is two cells wide.
fn fit_columns(
    base: Vec<Column>,
    choices: [Vec<Column>; 4],
    room: usize,
) -> (Vec<Column>, Vec<usize>) {
    let mut widths: Vec<usize> = base.iter().map(column_width).collect();
    if let Some(w) = widths.first_mut() {
        *w = 2;
    }
    let total = |ws: &[usize]| ws.iter().sum::<usize>() + ws.len().saturating_sub(1);
    let mut columns = base;
    for extra in choices {
        let ws: Vec<usize> = widths
            .iter()
            .copied()
            .chain(extra.iter().map(column_width))
            .collect();
        if total(&ws) <= room || extra.is_empty() {
            columns.extend(extra);
            widths = ws;
            break;
        }
    }
    (columns, widths)
}

/// The next learning rate up or down among 1, 2, 5 × 10ᵏ within [LR_MIN, LR_MAX].
fn next_rate(lr: f64, up: bool) -> Option<f64> {
    let mut candidates = Vec::new();
    for k in -7..=2 {
        for m in [1.0, 2.0, 5.0] {
            let v = m * 10f64.powi(k);
            if (LR_MIN * (1.0 - 1e-9)..=LR_MAX * (1.0 + 1e-9)).contains(&v) {
                candidates.push(v);
            }
        }
    }
    if up {
        candidates.into_iter().find(|v| *v > lr * (1.0 + 1e-9))
    } else {
        candidates
            .into_iter()
            .rev()
            .find(|v| *v < lr * (1.0 - 1e-9))
    }
}

/// `5` or `(0.1, 3)`.
fn point_text(x: &[f64]) -> String {
    point_text_sig(x, 6)
}

fn point_text_sig(x: &[f64], sig: usize) -> String {
    let parts: Vec<String> = x.iter().map(|v| fmt_sig(*v, sig)).collect();
    if parts.len() == 1 {
        parts.join("")
    } else {
        format!("({})", parts.join(", "))
    }
}
