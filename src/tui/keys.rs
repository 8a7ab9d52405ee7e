//! The one place where terminal events become messages.
//!
//! Every key the tutor understands is in a table per [`Mode`]; [`map_event`] reads the same tables
//! that the help screen (`?`) and the status bar are built from, so they cannot drift apart.
//! Only key *presses* count (releases and repeats reported by some terminals are ignored).

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// What the keyboard is talking to right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The course list.
    Course,
    /// Typing a filter into the course list.
    Filter,
    /// An exercise with one answer line.
    Exercise,
    /// An exercise with a grid of answer cells (vector, matrix, table).
    Grid,
    /// A worked descent example.
    Stepper,
    /// Typing a predicted point on the stepper.
    Predict,
    /// The help overlay.
    Help,
    /// A yes/no question (quit with an unsent answer).
    Confirm,
    /// The computational graph of an exercise's function, its backward pass stepped.
    Graph,
    /// Typing a prediction of the next adjoint on the graph screen.
    GraphPredict,
}

/// Editing operations on an input line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditOp {
    Left,
    Right,
    WordLeft,
    WordRight,
    Home,
    End,
    Backspace,
    Delete,
    DeleteWordBack,
    DeleteWordForward,
    KillToStart,
    KillToEnd,
}

/// Everything a key can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Ctrl-C: quit from anywhere (still asks when an answer is half typed).
    Interrupt,
    Help,
    CloseHelp,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Expand,
    Collapse,
    Open,
    FilterStart,
    FilterDone,
    FilterCancel,
    Edit(EditOp),
    Submit,
    Hint,
    Solution,
    TogglePlot,
    NextExercise,
    PrevExercise,
    HistoryPrev,
    HistoryNext,
    NextCell,
    PrevCell,
    CellUp,
    CellDown,
    StepForward,
    StepBack,
    Restart,
    RateUp,
    RateDown,
    Momentum,
    Predict,
    /// Open the computational graph of the exercise's function (or the descent's objective).
    OpenGraph,
    /// On the graph screen: the drawing of the graph or the forward table.
    ToggleDrawing,
    /// New numbers for the same question: a randomised exercise's next variant.
    AnotherVariant,
    /// Leave what is being typed without checking it.
    Cancel,
    Yes,
    No,
}

/// A message for [`crate::tui::app::App::update`].
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    Act(Action),
    /// A typed character (only in typing modes).
    Insert(char),
    /// Bracketed paste.
    Paste(String),
    Resize(u16, u16),
    /// Mouse wheel: negative is up.
    Scroll {
        delta: i8,
        column: u16,
        row: u16,
    },
    Click {
        column: u16,
        row: u16,
    },
}

/// One key: a code and the modifiers that must be held (Shift is ignored for characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}
const fn c(ch: char) -> Key {
    k(KeyCode::Char(ch))
}
const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::CONTROL,
    }
}
const fn alt(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::ALT,
    }
}
const fn ctrl_code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::CONTROL,
    }
}

impl Key {
    fn matches(&self, ev: &KeyEvent) -> bool {
        let relevant = KeyModifiers::CONTROL | KeyModifiers::ALT;
        let mods = ev.modifiers & relevant;
        match (self.code, ev.code) {
            (KeyCode::Char(a), KeyCode::Char(b)) => {
                let same = if self.mods.contains(KeyModifiers::CONTROL) {
                    a.eq_ignore_ascii_case(&b)
                } else {
                    a == b
                };
                same && mods == self.mods
            }
            (KeyCode::BackTab, KeyCode::BackTab) => true,
            (a, b) => a == b && mods == self.mods,
        }
    }

    /// How the key is written in help and the status bar.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(ch) => ch.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            let base = match self.code {
                KeyCode::Char(ch) => ch.to_ascii_uppercase().to_string(),
                _ => base,
            };
            format!("Ctrl-{base}")
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

/// One row of a key table.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    /// What it does, for the help screen and the status bar.
    pub help: &'static str,
    /// Its short name in the status bar; empty when it is not shown there.
    pub bar: &'static str,
}

impl Binding {
    /// All keys, as in the help screen: `↑/k`.
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join("/")
    }
}

const fn b(keys: &'static [Key], action: Action, help: &'static str, bar: &'static str) -> Binding {
    Binding {
        keys,
        action,
        help,
        bar,
    }
}

use Action as A;
use EditOp as E;

const EDITING: &[Binding] = &[
    b(&[k(KeyCode::Left)], A::Edit(E::Left), "cursor left", ""),
    b(&[k(KeyCode::Right)], A::Edit(E::Right), "cursor right", ""),
    b(
        &[alt('b'), ctrl_code(KeyCode::Left)],
        A::Edit(E::WordLeft),
        "word left",
        "",
    ),
    b(
        &[alt('f'), ctrl_code(KeyCode::Right)],
        A::Edit(E::WordRight),
        "word right",
        "",
    ),
    b(
        &[ctrl('a'), k(KeyCode::Home)],
        A::Edit(E::Home),
        "start of line",
        "",
    ),
    b(
        &[ctrl('e'), k(KeyCode::End)],
        A::Edit(E::End),
        "end of line",
        "",
    ),
    b(
        &[k(KeyCode::Backspace)],
        A::Edit(E::Backspace),
        "delete left",
        "",
    ),
    b(
        &[k(KeyCode::Delete)],
        A::Edit(E::Delete),
        "delete right",
        "",
    ),
    b(
        &[ctrl('w'), alt_backspace()],
        A::Edit(E::DeleteWordBack),
        "delete word left",
        "",
    ),
    b(
        &[alt('d')],
        A::Edit(E::DeleteWordForward),
        "delete word right",
        "",
    ),
    b(&[ctrl('u')], A::Edit(E::KillToStart), "delete to start", ""),
    b(&[ctrl('k')], A::Edit(E::KillToEnd), "delete to end", ""),
];

const fn alt_backspace() -> Key {
    Key {
        code: KeyCode::Backspace,
        mods: KeyModifiers::ALT,
    }
}

// Rows that several screens share, written once so that the tables cannot drift apart.

const HELP_KEY: Binding = b(
    &[c('?'), k(KeyCode::F(1))],
    A::Help,
    "list every key of this screen",
    "keys",
);
const INTERRUPT: Binding = b(&[ctrl('c')], A::Interrupt, "quit", "");
/// Stepping forward and back, the same in the stepper and the computational graph.
const STEP_FORWARD_KEYS: &[Key] = &[k(KeyCode::Right), c(' '), c('l')];
const STEP_BACK_KEYS: &[Key] = &[k(KeyCode::Left), c('h')];
const QUIT_Q: Binding = b(&[c('q')], A::Quit, "quit", "");
const BACK_TO_COURSE: Binding = b(&[k(KeyCode::Esc)], A::Back, "back to the course", "back");

/// The exercise screen's commands, the same on an answer line and in a grid.
const CHECK_ANSWER: Binding = b(
    &[k(KeyCode::Enter)],
    A::Submit,
    "check your answer",
    "check",
);
const HINT: Binding = b(
    &[alt('h'), k(KeyCode::F(2))],
    A::Hint,
    "show the next hint",
    "hint",
);
const SOLUTION: Binding = b(
    &[alt('s'), k(KeyCode::F(3))],
    A::Solution,
    "show the worked solution (after an attempt; counts as giving up until solved)",
    "solution",
);
const ANOTHER_VARIANT: Binding = b(
    &[alt('v'), k(KeyCode::F(5))],
    A::AnotherVariant,
    "another variant: new numbers for the same question (after an attempt)",
    "new numbers",
);
/// The same keys on a worked descent example: worked examples have no attempts to make first.
const ANOTHER_EXAMPLE_VARIANT: Binding = b(
    &[alt('v'), k(KeyCode::F(5))],
    A::AnotherVariant,
    "another variant: new numbers for the same worked example (randomised examples)",
    "new numbers",
);
const OPEN_GRAPH: Binding = b(
    &[alt('c'), k(KeyCode::F(6))],
    A::OpenGraph,
    "the computational graph, stepped backward",
    "",
);
const PLOT: Binding = b(
    &[alt('g'), k(KeyCode::F(4))],
    A::TogglePlot,
    "plot on/off: f, the true derivative and your answer (one-variable derivatives)",
    "plot",
);
const NEXT_EXERCISE: Binding = b(&[alt('n')], A::NextExercise, "next exercise", "");
const PREV_EXERCISE: Binding = b(&[alt('p')], A::PrevExercise, "previous exercise", "");
const FEEDBACK_UP: Binding = b(
    &[k(KeyCode::PageUp)],
    A::PageUp,
    "scroll the feedback up",
    "",
);
const FEEDBACK_DOWN: Binding = b(
    &[k(KeyCode::PageDown)],
    A::PageDown,
    "scroll the feedback down",
    "",
);

const COURSE: &[Binding] = &[
    b(&[k(KeyCode::Up), c('k')], A::Up, "move up", "up"),
    b(&[k(KeyCode::Down), c('j')], A::Down, "move down", "down"),
    b(
        &[k(KeyCode::Enter)],
        A::Open,
        "open an exercise or example; on a set, open or close it",
        "open",
    ),
    b(&[k(KeyCode::Right), c('l')], A::Expand, "open the set", ""),
    b(
        &[k(KeyCode::Left), c('h')],
        A::Collapse,
        "close the set",
        "",
    ),
    b(
        &[c('/')],
        A::FilterStart,
        "filter: type to narrow the list",
        "filter",
    ),
    b(&[k(KeyCode::PageUp)], A::PageUp, "page up", ""),
    b(&[k(KeyCode::PageDown)], A::PageDown, "page down", ""),
    b(&[k(KeyCode::Home), c('g')], A::Top, "first row", ""),
    b(&[k(KeyCode::End), c('G')], A::Bottom, "last row", ""),
    b(&[k(KeyCode::Esc)], A::Back, "clear the filter", ""),
    HELP_KEY,
    b(&[c('q')], A::Quit, "quit", "quit"),
    INTERRUPT,
];

const FILTER: &[Binding] = &[
    b(
        &[k(KeyCode::Enter)],
        A::FilterDone,
        "keep the filter, back to the list",
        "done",
    ),
    b(
        &[k(KeyCode::Esc)],
        A::FilterCancel,
        "clear the filter",
        "clear",
    ),
    b(&[k(KeyCode::Up)], A::Up, "move up", "up"),
    b(&[k(KeyCode::Down)], A::Down, "move down", "down"),
    b(
        &[k(KeyCode::Backspace)],
        A::Edit(E::Backspace),
        "delete left",
        "",
    ),
    b(
        &[ctrl('w')],
        A::Edit(E::DeleteWordBack),
        "delete word left",
        "",
    ),
    b(&[ctrl('u')], A::Edit(E::KillToStart), "clear", ""),
    INTERRUPT,
];

const EXERCISE: &[Binding] = &[
    CHECK_ANSWER,
    HINT,
    SOLUTION,
    ANOTHER_VARIANT,
    OPEN_GRAPH,
    PLOT,
    NEXT_EXERCISE,
    PREV_EXERCISE,
    FEEDBACK_UP,
    FEEDBACK_DOWN,
    b(
        &[k(KeyCode::Up), ctrl('p')],
        A::HistoryPrev,
        "earlier answer",
        "",
    ),
    b(
        &[k(KeyCode::Down), ctrl('n')],
        A::HistoryNext,
        "later answer",
        "",
    ),
    BACK_TO_COURSE,
    HELP_KEY,
    INTERRUPT,
];

const GRID: &[Binding] = &[
    CHECK_ANSWER,
    b(&[k(KeyCode::Tab)], A::NextCell, "next cell", "next cell"),
    b(&[k(KeyCode::BackTab)], A::PrevCell, "previous cell", ""),
    b(&[k(KeyCode::Up)], A::CellUp, "cell above", ""),
    b(&[k(KeyCode::Down)], A::CellDown, "cell below", ""),
    HINT,
    SOLUTION,
    ANOTHER_VARIANT,
    OPEN_GRAPH,
    PLOT,
    NEXT_EXERCISE,
    PREV_EXERCISE,
    FEEDBACK_UP,
    FEEDBACK_DOWN,
    b(&[ctrl('p')], A::HistoryPrev, "earlier answer", ""),
    b(&[ctrl('n')], A::HistoryNext, "later answer", ""),
    BACK_TO_COURSE,
    HELP_KEY,
    INTERRUPT,
];

const STEPPER: &[Binding] = &[
    b(
        STEP_FORWARD_KEYS,
        A::StepForward,
        "one step forward",
        "step",
    ),
    b(STEP_BACK_KEYS, A::StepBack, "one step back", "back"),
    b(&[c('r')], A::Restart, "restart", ""),
    b(
        &[c('+'), c('=')],
        A::RateUp,
        "larger learning rate (the path is recomputed)",
        "faster",
    ),
    b(
        &[c('-'), c('_')],
        A::RateDown,
        "smaller learning rate (the path is recomputed)",
        "slower",
    ),
    b(&[c('m')], A::Momentum, "momentum on/off", ""),
    b(&[c('p')], A::Predict, "predict the next point", ""),
    ANOTHER_EXAMPLE_VARIANT,
    b(
        &[c('c'), alt('c'), k(KeyCode::F(6))],
        A::OpenGraph,
        "the computational graph of f at this step, stepped backward to the gradient the step uses",
        "graph",
    ),
    b(
        &[k(KeyCode::PageUp)],
        A::PageUp,
        "scroll the example's notes up",
        "",
    ),
    b(
        &[k(KeyCode::PageDown)],
        A::PageDown,
        "scroll the example's notes down",
        "",
    ),
    b(
        &[k(KeyCode::Up), c('k')],
        A::Up,
        "scroll the update rule up",
        "",
    ),
    b(
        &[k(KeyCode::Down), c('j')],
        A::Down,
        "scroll the update rule down",
        "",
    ),
    BACK_TO_COURSE,
    HELP_KEY,
    QUIT_Q,
    INTERRUPT,
];

const GRAPH: &[Binding] = &[
    b(
        STEP_FORWARD_KEYS,
        A::StepForward,
        "show the next adjoint of the backward pass",
        "next",
    ),
    b(
        STEP_BACK_KEYS,
        A::StepBack,
        "hide the last adjoint shown",
        "back",
    ),
    b(&[c('r')], A::Restart, "back to the forward pass only", ""),
    b(
        &[c('t')],
        A::ToggleDrawing,
        "the graph drawn as a tree, or the forward table",
        "tree/table",
    ),
    b(
        &[c('p')],
        A::Predict,
        "predict the next adjoint before it is shown (checked, then revealed)",
        "predict",
    ),
    b(
        &[k(KeyCode::Esc)],
        A::Back,
        "back to the exercise or example",
        "back",
    ),
    HELP_KEY,
    QUIT_Q,
    INTERRUPT,
];

const PREDICT: &[Binding] = &[
    b(
        &[k(KeyCode::Enter)],
        A::Submit,
        "check the predicted point (numbers separated by commas)",
        "check",
    ),
    b(
        &[k(KeyCode::Esc)],
        A::Cancel,
        "cancel the prediction",
        "cancel",
    ),
    b(
        &[k(KeyCode::F(1))],
        A::Help,
        "list every key of this screen",
        "keys",
    ),
    INTERRUPT,
];

const GRAPH_PREDICT: &[Binding] = &[
    b(
        &[k(KeyCode::Enter)],
        A::Submit,
        "check the predicted adjoint (a number: -0.125, -1/8), then show it",
        "check",
    ),
    b(
        &[k(KeyCode::Esc)],
        A::Cancel,
        "cancel the prediction",
        "cancel",
    ),
    b(
        &[k(KeyCode::F(1))],
        A::Help,
        "list every key of this screen",
        "keys",
    ),
    b(&[ctrl('c')], A::Interrupt, "quit", ""),
];

const HELP: &[Binding] = &[
    b(
        &[
            k(KeyCode::Esc),
            c('?'),
            c('q'),
            k(KeyCode::Enter),
            k(KeyCode::F(1)),
        ],
        A::CloseHelp,
        "close the help",
        "close",
    ),
    b(&[k(KeyCode::Up), c('k')], A::Up, "scroll up", ""),
    b(&[k(KeyCode::Down), c('j')], A::Down, "scroll down", ""),
    b(&[ctrl('c')], A::Interrupt, "quit", ""),
];

const CONFIRM: &[Binding] = &[
    b(&[c('y'), c('Y')], A::Yes, "yes, quit", "yes"),
    b(
        &[c('n'), c('N'), k(KeyCode::Esc)],
        A::No,
        "no, keep working",
        "no",
    ),
];

/// The key table of a mode (without the editing keys of typing modes).
pub fn bindings(mode: Mode) -> &'static [Binding] {
    match mode {
        Mode::Course => COURSE,
        Mode::Filter => FILTER,
        Mode::Exercise => EXERCISE,
        Mode::Grid => GRID,
        Mode::Stepper => STEPPER,
        Mode::Predict => PREDICT,
        Mode::Help => HELP,
        Mode::Confirm => CONFIRM,
        Mode::Graph => GRAPH,
        Mode::GraphPredict => GRAPH_PREDICT,
    }
}

/// The editing keys, for modes where the student types.
pub fn editing_bindings(mode: Mode) -> &'static [Binding] {
    match mode {
        Mode::Exercise | Mode::Grid | Mode::Predict | Mode::GraphPredict => EDITING,
        _ => &[],
    }
}

/// Whether unbound printable characters are typed into a text field in this mode.
pub fn is_typing(mode: Mode) -> bool {
    matches!(
        mode,
        Mode::Exercise | Mode::Grid | Mode::Filter | Mode::Predict | Mode::GraphPredict
    )
}

/// Maps one terminal event to a message, for the current mode. `None`: ignore it.
pub fn map_event(mode: Mode, event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) => map_key(mode, &key),
        Event::Paste(text) if is_typing(mode) => Some(Msg::Paste(text)),
        Event::Paste(_) => None,
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        Event::Mouse(m) => map_mouse(&m),
        Event::FocusGained | Event::FocusLost => None,
    }
}

fn map_mouse(m: &MouseEvent) -> Option<Msg> {
    let (column, row) = (m.column, m.row);
    match m.kind {
        MouseEventKind::ScrollUp => Some(Msg::Scroll {
            delta: -1,
            column,
            row,
        }),
        MouseEventKind::ScrollDown => Some(Msg::Scroll {
            delta: 1,
            column,
            row,
        }),
        MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click { column, row }),
        _ => None,
    }
}

/// Maps a key press.
pub fn map_key(mode: Mode, key: &KeyEvent) -> Option<Msg> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let found = bindings(mode)
        .iter()
        .chain(editing_bindings(mode))
        .find(|bd| bd.keys.iter().any(|k| k.matches(key)));
    if let Some(bd) = found {
        return Some(Msg::Act(bd.action));
    }
    // Filter mode edits a plain line too: the few editing keys it lacks still work.
    if mode == Mode::Filter {
        if let Some(bd) = EDITING
            .iter()
            .find(|bd| bd.keys.iter().any(|k| k.matches(key)))
        {
            return Some(Msg::Act(bd.action));
        }
    }
    if is_typing(mode) {
        if let KeyCode::Char(ch) = key.code {
            let plain = !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
            if plain && !ch.is_control() {
                return Some(Msg::Insert(ch));
            }
        }
    }
    None
}

/// The few keys for the status bar of a mode: `(keys, what)`, first key only.
pub fn status_items(mode: Mode) -> Vec<(String, &'static str)> {
    status_items_where(mode, |_| true)
}

/// The status bar's keys of a mode whose actions do something here (`offered`): a screen
/// without hints does not show the hint key.
pub fn status_items_where(
    mode: Mode,
    offered: impl Fn(Action) -> bool,
) -> Vec<(String, &'static str)> {
    bindings(mode)
        .iter()
        .filter(|bd| !bd.bar.is_empty() && offered(bd.action))
        .map(|bd| {
            let key = bd.keys.first().map(Key::label).unwrap_or_default();
            (key, bd.bar)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, mods))
    }

    #[test]
    fn letters_are_typed_in_answers_but_are_commands_in_lists() {
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(map_event(Mode::Course, q.clone()), Some(Msg::Act(A::Quit)));
        assert_eq!(map_event(Mode::Exercise, q), Some(Msg::Insert('q')));
        let h = press(KeyCode::Char('h'), KeyModifiers::ALT);
        assert_eq!(map_event(Mode::Exercise, h), Some(Msg::Act(A::Hint)));
        let upper = press(KeyCode::Char('X'), KeyModifiers::SHIFT);
        assert_eq!(map_event(Mode::Grid, upper), Some(Msg::Insert('X')));
    }

    #[test]
    fn releases_are_ignored() {
        let mut ev = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        ev.kind = KeyEventKind::Release;
        assert_eq!(map_event(Mode::Course, Event::Key(ev)), None);
    }

    #[test]
    fn every_mode_has_a_status_bar_and_no_key_is_bound_twice() {
        for mode in [
            Mode::Course,
            Mode::Filter,
            Mode::Exercise,
            Mode::Grid,
            Mode::Stepper,
            Mode::Predict,
            Mode::Help,
            Mode::Confirm,
            Mode::Graph,
            Mode::GraphPredict,
        ] {
            assert!(!status_items(mode).is_empty(), "{mode:?}");
            let all: Vec<&Key> = bindings(mode)
                .iter()
                .chain(editing_bindings(mode))
                .flat_map(|bd| bd.keys.iter())
                .collect();
            for (i, a) in all.iter().enumerate() {
                for bk in &all[i + 1..] {
                    assert_ne!(a, bk, "{mode:?}: {} bound twice", a.label());
                }
            }
        }
    }

    #[test]
    fn ctrl_c_and_pastes() {
        let cc = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in [Mode::Course, Mode::Exercise, Mode::Grid, Mode::Filter] {
            assert_eq!(map_event(mode, cc.clone()), Some(Msg::Act(A::Interrupt)));
        }
        let paste = Event::Paste("3x^2".into());
        assert_eq!(
            map_event(Mode::Exercise, paste.clone()),
            Some(Msg::Paste("3x^2".into()))
        );
        assert_eq!(map_event(Mode::Course, paste), None);
    }
}
