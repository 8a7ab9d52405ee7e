//! Every screen drawn on ratatui's TestBackend at 80x24 and 120x40, kept as insta snapshots.
//! (Snapshots hold text, not colours; the marks ✓ ✗ · ! carry the meaning on screen too.)

use crate::tui_support;

use crossterm::event::KeyCode;
use gradtutor::check::{CellVerdict, Diagnosis, Status, Verdict};
use gradtutor::exercise::Answer;
use gradtutor::progress::Progress;
use gradtutor::tui::app::{App, Screen};
use gradtutor::tui::keys::Msg;
use tui_support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let text = screen(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

fn some_progress() -> Progress {
    let mut p = Progress::default();
    p.record_attempt(
        "power-rule-poly",
        &Answer::Scalar("12x^3 - 10x + 2".into()),
        true,
        1,
    );
    p.record_attempt("sqrt-slope-at-4", &Answer::Scalar("0.5".into()), false, 2);
    p.last_set = Some("rules.toml".into());
    p
}

fn open(app: &mut App, id: &str) {
    let (si, ei) = app
        .course
        .sets
        .iter()
        .enumerate()
        .find_map(|(si, s)| {
            s.exercises
                .iter()
                .position(|e| e.id == id)
                .map(|ei| (si, ei))
        })
        .expect("exercise in the test course");
    app.open_exercise(si, ei);
}

fn set_verdict(app: &mut App, verdict: Verdict) {
    if let Screen::Exercise(v) = &mut app.screen {
        let answer = v.answer();
        v.take_verdict(answer, verdict);
    }
}

/// A verdict as the checker gives it (fixed here, so that the snapshots show the screen's
/// layout, not the checker's choice of sample point).
fn wrong(message: &str) -> Verdict {
    Verdict {
        status: Status::Incorrect,
        message: message.into(),
        diagnosis: None,
        cells: None,
        read_error: None,
    }
}

#[test]
fn course_list() {
    let mut app = app_with(some_progress());
    snap("course", &mut app);
}

#[test]
fn course_filter() {
    let mut app = app_with(some_progress());
    key(&mut app, KeyCode::Char('/'));
    type_str(&mut app, "grad");
    snap("course_filter", &mut app);
}

#[test]
fn course_with_a_notice() {
    let mut app = app().with_notice(Some(
        "Your progress file /tmp/p.toml is damaged (expected `=`); it was moved to /tmp/p.toml.corrupt-1 and you start afresh."
            .into(),
    ));
    snap("course_notice", &mut app);
}

#[test]
fn exercise_new() {
    let mut app = app();
    open(&mut app, "power-rule-poly");
    snap("exercise_new", &mut app);
}

#[test]
fn exercise_preview() {
    let mut app = app();
    open(&mut app, "power-rule-poly");
    type_str(&mut app, "12*x^3 - 10*x + 2");
    snap("exercise_preview", &mut app);
}

#[test]
fn exercise_error_preview_with_caret() {
    let mut app = app();
    open(&mut app, "power-rule-poly");
    type_str(&mut app, "12*x^3 - 10*x + (2");
    snap("exercise_error", &mut app);
}

#[test]
fn exercise_wrong_answer_with_diagnosis_and_hint() {
    let mut app = app();
    open(&mut app, "power-rule-poly");
    type_str(&mut app, "4*x^3 - 2*x");
    set_verdict(
        &mut app,
        Verdict {
            status: Status::Incorrect,
            message: "At x = 1.3 your answer gives 6.19; the derivative is 15.36.".into(),
            diagnosis: Some(Diagnosis::PartlyWrong),
            cells: None,
            read_error: None,
        },
    );
    alt(&mut app, 'h');
    snap("exercise_wrong", &mut app);
}

#[test]
fn exercise_solved_with_solution() {
    let mut app = app();
    open(&mut app, "power-rule-poly");
    type_str(&mut app, "12*x^3 - 10*x + 2");
    set_verdict(
        &mut app,
        Verdict {
            status: Status::Correct,
            message: "Right: this is f′(x).".into(),
            diagnosis: None,
            cells: None,
            read_error: None,
        },
    );
    alt(&mut app, 's');
    snap("exercise_solution", &mut app);
}

#[test]
fn exercise_plot() {
    let mut app = app();
    open(&mut app, "power-rule-poly");
    type_str(&mut app, "12*x^3 - 10*x");
    set_verdict(
        &mut app,
        wrong("At x = 1.25 your answer gives 10.94; the derivative is 12.94."),
    );
    alt(&mut app, 'g');
    snap("exercise_plot", &mut app);
}

#[test]
fn exercise_plot_tangent() {
    let mut app = app();
    open(&mut app, "sqrt-slope-at-4");
    type_str(&mut app, "0.5");
    set_verdict(
        &mut app,
        wrong("0.5 is not the derivative at x = 4: it is too large."),
    );
    alt(&mut app, 'g');
    snap("exercise_plot_tangent", &mut app);
}

#[test]
fn vector_grid() {
    let mut app = app();
    open(&mut app, "grad-paraboloid");
    type_str(&mut app, "2*x");
    key(&mut app, KeyCode::Tab);
    type_str(&mut app, "2*(y");
    snap("grid_vector", &mut app);
}

#[test]
fn matrix_grid_with_cell_marks() {
    let mut app = app();
    open(&mut app, "jacobian-1");
    for cell in ["2*x*y", "x^2", "5", "sin(y)"] {
        type_str(&mut app, cell);
        key(&mut app, KeyCode::Tab);
    }
    let cell = |c: &str, ok: bool| CellVerdict {
        cell: c.parse().expect("a cell id"),
        verdict: if ok {
            Status::Correct
        } else {
            Status::Incorrect
        },
        message: if ok {
            String::new()
        } else {
            "at (x, y) = (0.7, −1.2) this gives −0.932; the entry is 0.362".into()
        },
    };
    set_verdict(
        &mut app,
        Verdict {
            status: Status::Incorrect,
            message: "3 of 4 entries are right.".into(),
            diagnosis: None,
            cells: Some(vec![
                cell("1,1", true),
                cell("1,2", true),
                cell("2,1", true),
                cell("2,2", false),
            ]),
            read_error: None,
        },
    );
    snap("grid_matrix", &mut app);
}

#[test]
fn table_grid() {
    let mut app = app();
    open(&mut app, "likelihood-a");
    for z in ["0", "3.5", "5.5", "8"] {
        type_str(&mut app, z);
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Tab);
    type_str(&mut app, "sigmoid(");
    snap("grid_table", &mut app);
}

#[test]
fn help_overlay() {
    let mut app = app();
    open(&mut app, "power-rule-poly");
    key(&mut app, KeyCode::F(1));
    snap("help_exercise", &mut app);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('?'));
    snap("help_course", &mut app);
}

#[test]
fn quit_confirmation() {
    let mut app = app();
    open(&mut app, "power-rule-poly");
    type_str(&mut app, "12x");
    ctrl(&mut app, 'c');
    snap("confirm_quit", &mut app);
}

#[test]
fn descent_example() {
    let mut app = app();
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char('l'));
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Enter);
    snap("descent", &mut app);
}

#[test]
fn too_small() {
    let mut app = app();
    app.handle(Msg::Resize(60, 20));
    let text = screen(&mut app, 60, 20);
    insta::assert_snapshot!("too_small_60x20", text);
    let text = screen(&mut app, 79, 24);
    assert!(text.contains("terminal too small (need 80x24)"));
}

/// The cells of the rendered screen whose symbol is `sym`.
fn cells_with(app: &mut App, sym: &str) -> Vec<ratatui::buffer::Cell> {
    app.handle(Msg::Resize(80, 24));
    let mut term = match ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)) {
        Ok(t) => t,
        Err(e) => match e {},
    };
    match gradtutor::tui::run::draw(&mut term, app) {
        Ok(()) => {}
        Err(e) => match e {},
    }
    term.backend()
        .buffer()
        .content()
        .iter()
        .filter(|c| c.symbol() == sym)
        .cloned()
        .collect()
}

#[test]
fn marks_carry_meaning_in_bold_with_colour_only_as_a_reinforcement() {
    use gradtutor::progress::Store;
    use gradtutor::tui::theme::Theme;
    use ratatui::style::{Color, Modifier};
    for colour in [true, false] {
        let mut app = App::new(
            tui_support::course(),
            Store::in_memory(some_progress()),
            Theme::new(colour),
        );
        // The selected row is drawn reversed; put the selection on the set's row.
        key(&mut app, KeyCode::Char('k'));
        key(&mut app, KeyCode::Char('k'));
        let solved = cells_with(&mut app, "✓");
        let wrong = cells_with(&mut app, "✗");
        assert!(!solved.is_empty() && !wrong.is_empty());
        // The list's marks: ✓ and ✗ in bold (the set totals use them as plain labels).
        assert!(solved.iter().any(|c| c.modifier.contains(Modifier::BOLD)));
        assert!(wrong.iter().any(|c| c.modifier.contains(Modifier::BOLD)));
        let fgs: Vec<Color> = app_colours(&mut app);
        if colour {
            assert!(solved.iter().any(|c| c.fg == Color::Green));
            assert!(wrong.iter().any(|c| c.fg == Color::Red));
        } else {
            assert!(fgs.iter().all(|c| *c == Color::Reset), "NO_COLOR: {fgs:?}");
        }
    }
}

fn app_colours(app: &mut App) -> Vec<ratatui::style::Color> {
    let mut term = match ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)) {
        Ok(t) => t,
        Err(e) => match e {},
    };
    app.handle(Msg::Resize(120, 40));
    let mut all = Vec::new();
    for open in [false, true] {
        if open {
            open_first_exercise(app);
        }
        match gradtutor::tui::run::draw(&mut term, app) {
            Ok(()) => {}
            Err(e) => match e {},
        }
        let buf = term.backend().buffer();
        all.extend(buf.content().iter().flat_map(|c| [c.fg, c.bg]));
    }
    all
}

fn open_first_exercise(app: &mut App) {
    app.open_exercise(0, 0);
    type_str(app, "12x");
    alt(app, 'h');
    alt(app, 'g');
}

#[test]
fn long_feedback_keeps_three_lines_at_80x24_and_the_scroll_marks_cover_none_of_it() {
    use gradtutor::exercise::Kind;
    use gradtutor::progress::Store;
    use gradtutor::tui::theme::Theme;
    // A gradient of 12 components fills most of an 80x24 screen.
    let vars: Vec<String> = (1..=12).map(|i| format!("x{i}")).collect();
    let mut c = tui_support::course();
    c.sets[1].exercises[0].kind = Kind::Gradient {
        function: vars.join(" + "),
        vars,
        at: None,
    };
    let mut app = App::new(c, Store::in_memory(Progress::default()), Theme::new(false));
    open(&mut app, "grad-paraboloid");
    let words: Vec<String> = (1..=120).map(|i| format!("w{i}")).collect();
    set_verdict(&mut app, wrong(&words.join(" ")));
    let text = screen(&mut app, 80, 24);
    let rows: Vec<&str> = text.lines().collect();
    let feedback = rows.iter().filter(|r| r.contains(" w")).count();
    assert!(feedback >= 3, "{feedback} lines of feedback:\n{text}");
    let marks: Vec<&&str> = rows.iter().filter(|r| r.contains("PgDn more")).collect();
    assert_eq!(marks.len(), 1, "{text}");
    assert!(
        !marks[0].contains(" w"),
        "the mark covers feedback:\n{text}"
    );
    // Scrolled to the end, the last word is in view, with the mark above it on its own line.
    for _ in 0..10 {
        key(&mut app, KeyCode::PageDown);
    }
    let end = screen(&mut app, 80, 24);
    assert!(end.contains("w120"), "{end}");
    let up: Vec<&str> = end.lines().filter(|r| r.contains("PgUp")).collect();
    assert!(up.len() == 1 && !up[0].contains(" w"), "{end}");
}

#[test]
fn the_plot_legend_is_in_its_bottom_border_where_no_curve_covers_it() {
    let mut app = app();
    open(&mut app, "power-rule-poly");
    type_str(&mut app, "12*x^3 - 10*x");
    set_verdict(&mut app, wrong("At x = 1.25 your answer gives 10.94."));
    alt(&mut app, 'g');
    for (w, h) in SIZES {
        let text = screen(&mut app, w, h);
        let legend = text
            .lines()
            .find(|r| r.contains("• f′ exact"))
            .unwrap_or_else(|| panic!("no legend:\n{text}"));
        assert!(
            legend.contains("└ ⣀ f  • f′ exact  ▀ your answer ─"),
            "{text}"
        );
    }
}

#[test]
fn long_titles_and_parse_errors_are_wrapped_not_cut() {
    use gradtutor::progress::Store;
    use gradtutor::tui::theme::Theme;
    let mut c = tui_support::course();
    c.sets[0].exercises[0].title =
        Some("Power and sum rules, term by term, with every constant carried through".into());
    let mut app = App::new(c, Store::in_memory(Progress::default()), Theme::new(false));
    open(&mut app, "power-rule-poly");
    type_str(&mut app, "sin^-1(x)");
    for (w, h) in SIZES {
        let text = screen(&mut app, w, h);
        assert!(text.contains("carried through"), "{text}");
        assert!(text.contains("for the reciprocal"), "{text}");
        assert!(!text.contains('…'), "{text}");
    }
}

#[test]
fn a_grid_taller_than_its_box_scrolls_with_the_focus_and_says_what_is_hidden() {
    use gradtutor::exercise::Kind;
    use gradtutor::progress::Store;
    use gradtutor::tui::theme::Theme;
    let vars: Vec<String> = (1..=30).map(|i| format!("x{i}")).collect();
    let mut c = tui_support::course();
    c.sets[1].exercises[0].kind = Kind::Gradient {
        function: vars.join(" + "),
        vars,
        at: None,
    };
    let mut app = App::new(c, Store::in_memory(Progress::default()), Theme::new(false));
    open(&mut app, "grad-paraboloid");
    let top = screen(&mut app, 80, 24);
    assert!(top.contains("∂f/∂x1 "), "{top}");
    assert!(!top.contains("∂f/∂x30"), "{top}");
    assert!(top.contains("more ┘"), "{top}");
    for _ in 0..29 {
        key(&mut app, KeyCode::Tab);
    }
    type_str(&mut app, "1");
    let bottom = screen(&mut app, 80, 24);
    assert!(bottom.contains("∂f/∂x30 · 1"), "{bottom}");
    assert!(bottom.contains("more ┐"), "{bottom}");
    assert!(!bottom.contains("more ┘"), "{bottom}");
}

#[test]
fn a_graph_exercises_grid_names_each_row_by_its_node() {
    use gradtutor::exercise::{load_bundled, Kind};
    use gradtutor::progress::Store;
    use gradtutor::question::{Ask, Question};
    use gradtutor::tui::theme::Theme;
    let course = load_bundled().course;
    let (si, ei) = course
        .sets
        .iter()
        .enumerate()
        .find_map(|(si, s)| {
            s.exercises
                .iter()
                .position(|e| matches!(e.kind, Kind::Graph { .. }))
                .map(|ei| (si, ei))
        })
        .expect("the bundled course has a graph exercise");
    let q = Question::prepare(&course.sets[si].exercises[ei]).expect("prepares");
    let Ask::Graph(g) = &q.ask else {
        panic!("a graph question");
    };
    let labels: Vec<String> = g.nodes.iter().map(|n| n.label.clone()).collect();
    let mut app = App::new(
        course,
        Store::in_memory(Progress::default()),
        Theme::new(false),
    );
    app.open_exercise(si, ei);
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("│node "), "{text}");
    for label in labels {
        let row = format!("│{label} ");
        assert!(text.lines().any(|l| l.contains(&row)), "{label}:\n{text}");
    }
}
