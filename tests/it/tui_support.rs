//! Shared by the tutor's tests: a small course built in code (so the tests do not depend on
//! the bundled content) and helpers that drive the app with key events.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use gradtutor::exercise::{
    Course, Descent, Domain, Exercise, ExerciseSet, Kind, TableColumn, Tolerance,
};
use gradtutor::math::LogBase;
use gradtutor::progress::{Progress, Store};
use gradtutor::tui::app::App;
use gradtutor::tui::keys;
use gradtutor::tui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn s(x: &str) -> String {
    x.to_string()
}

fn exercise(id: &str, title: &str, prompt: &str, kind: Kind) -> Exercise {
    Exercise {
        id: s(id),
        kind,
        prompt: s(prompt),
        title: Some(s(title)),
        hints: vec![
            s("Differentiate term by term: d/dx xⁿ = n·xⁿ⁻¹."),
            s("3x⁴ gives 12x³; −5x² gives −10x; 2x gives 2."),
        ],
        solution: Some(s("f′(x) = 12x³ − 10x + 2, by the power rule on each term.")),
        domain: Domain::default(),
        tolerance: Tolerance::default(),
        params: Vec::new(),
        data: Vec::new(),
        answer: None,
        log: LogBase::Ln,
        pos: Default::default(),
        variant: None,
        parsed: Default::default(),
    }
}

/// Two sets: rules (two derivatives, one with `at`), and vectors/tables (a gradient, a
/// Jacobian, a likelihood table) with a descent example.
pub fn course() -> Course {
    let poly = exercise(
        "power-rule-poly",
        "Power and sum rules",
        "Find f′(x) for f(x) = 3x⁴ − 5x² + 2x.",
        Kind::Derivative {
            function: s("3*x^4 - 5*x^2 + 2*x"),
            vars: vec![s("x")],
            var: vec![s("x")],
            order: 1,
            at: None,
        },
    );
    let mut slope = exercise(
        "sqrt-slope-at-4",
        "Slope of √x at 4",
        "What is the slope of f(x) = √x at x = 4?",
        Kind::Derivative {
            function: s("sqrt(x)"),
            vars: vec![s("x")],
            var: vec![s("x")],
            order: 1,
            at: Some(vec![(s("x"), 4.0)]),
        },
    );
    slope.domain = Domain {
        all: (0.1, 9.0),
        per_var: Vec::new(),
    };
    slope.hints = vec![s("√x = x^(1/2).")];
    slope.solution = Some(s("f′(x) = 1/(2√x), so f′(4) = 1/4."));
    let mut grad = exercise(
        "grad-paraboloid",
        "Gradient of a paraboloid",
        "Give ∇f for f(x, y) = x² + y², one component per line.",
        Kind::Gradient {
            function: s("x^2 + y^2"),
            vars: vec![s("x"), s("y")],
            at: None,
        },
    );
    grad.hints = vec![s("∂f/∂x treats y as a constant.")];
    grad.solution = Some(s("∇f = (2x, 2y)."));
    let mut jac = exercise(
        "jacobian-1",
        "A Jacobian",
        "Give the Jacobian of (x²y, 5x + sin y): one row per function.",
        Kind::Jacobian {
            functions: vec![s("x^2*y"), s("5*x + sin(y)")],
            vars: vec![s("x"), s("y")],
            at: None,
        },
    );
    jac.hints = Vec::new();
    jac.solution = None;
    let mut table = exercise(
        "likelihood-a",
        "Likelihood table, z = 0.5x − 4",
        "Fill the table for the 8 examples with z = w·x + b (w = 0.5, b = −4), a = σ(z), \
         p = a^y (1 − a)^(1 − y); then the likelihood L = ∏p and the cost −log10(L)/8.",
        Kind::Table {
            columns: vec![
                TableColumn {
                    name: s("z"),
                    formula: s("w*x + b"),
                    label: None,
                },
                TableColumn {
                    name: s("a"),
                    formula: s("sigmoid(z)"),
                    label: Some(s("σ(z)")),
                },
                TableColumn {
                    name: s("p"),
                    formula: s("a^y*(1 - a)^(1 - y)"),
                    label: Some(s("P(Y=y)")),
                },
            ],
            totals: vec![
                TableColumn {
                    name: s("L"),
                    formula: s("prod(p)"),
                    label: None,
                },
                TableColumn {
                    name: s("cost"),
                    formula: s("-log10(L)/8"),
                    label: None,
                },
            ],
        },
    );
    table.params = vec![(s("w"), 0.5), (s("b"), -4.0)];
    table.data = vec![
        (s("x"), vec![8.0, 15.0, 19.0, 24.0, 27.0, 31.0, 35.0, 40.0]),
        (s("y"), vec![0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]),
    ];
    table.tolerance = Tolerance::SigFigs(3);
    let descent = Descent {
        id: s("descent-parabola"),
        title: s("Gradient descent on x²"),
        notes: Some(s(
            "Each step moves against the slope: x ← x − α·2x = 0.8x with α = 0.1.",
        )),
        function: s("x^2"),
        vars: vec![s("x")],
        start: vec![5.0],
        learning_rate: 0.1,
        steps: 25,
        momentum: None,
        gradient: None,
        params: Vec::new(),
        data: Vec::new(),
        view: None,
        stop_grad_norm: None,
        log: LogBase::Ln,
        pos: Default::default(),
        variant: None,
        parsed: Default::default(),
    };
    Course {
        sets: vec![
            ExerciseSet {
                source: s("rules.toml"),
                title: s("Derivative rules"),
                description: Some(s("Power, product, quotient and chain rules.")),
                order: Some(1),
                exercises: vec![poly, slope],
                descents: Vec::new(),
            },
            ExerciseSet {
                source: s("vectors.toml"),
                title: s("Gradients, Jacobians and tables"),
                description: None,
                order: Some(2),
                exercises: vec![grad, jac, table],
                descents: vec![descent],
            },
        ],
    }
}

/// An app on the test course, progress in memory, no colour, at 80x24.
pub fn app() -> App {
    app_with(Progress::default())
}

pub fn app_with(progress: Progress) -> App {
    let mut app = App::new(course(), Store::in_memory(progress), Theme::new(false));
    app.handle(keys::Msg::Resize(80, 24));
    app
}

pub fn key_event(code: KeyCode, mods: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, mods))
}

/// Sends one key press through the real key mapping.
pub fn press(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    if let Some(msg) = keys::map_event(app.mode(), key_event(code, mods)) {
        app.handle(msg);
    }
}

pub fn key(app: &mut App, code: KeyCode) {
    press(app, code, KeyModifiers::NONE);
}

pub fn alt(app: &mut App, c: char) {
    press(app, KeyCode::Char(c), KeyModifiers::ALT);
}

pub fn ctrl(app: &mut App, c: char) {
    press(app, KeyCode::Char(c), KeyModifiers::CONTROL);
}

/// Types text key by key.
pub fn type_str(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Draws the app at a size and returns the screen as text.
pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.handle(keys::Msg::Resize(w, h));
    let mut term = match Terminal::new(TestBackend::new(w, h)) {
        Ok(t) => t,
        Err(e) => match e {},
    };
    match gradtutor::tui::run::draw(&mut term, app) {
        Ok(()) => {}
        Err(e) => match e {},
    }
    term.backend().to_string()
}
