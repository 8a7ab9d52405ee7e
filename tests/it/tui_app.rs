//! The tutor's state, driven by key events through the real key mapping; no terminal.

use crate::tui_support;

use crossterm::event::{KeyCode, KeyModifiers};
use gradtutor::check::Status;
use gradtutor::exercise::{Answer, TableEntry};
use gradtutor::progress::{Progress, Store};
use gradtutor::tui::app::{App, Screen};
use gradtutor::tui::course::RowKind;
use gradtutor::tui::exercise::{ExerciseScreen, Preview};
use gradtutor::tui::keys::{Mode, Msg};
use gradtutor::tui::run::{self, Scripted};
use gradtutor::tui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use tui_support::*;

fn view(app: &App) -> &ExerciseScreen {
    match &app.screen {
        Screen::Exercise(v) => v,
        other => panic!("expected the exercise screen, got {other:?}"),
    }
}

fn open_first(app: &mut App) {
    // The tutor opens with the cursor on the first unsolved exercise: one Enter opens it.
    key(app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Exercise);
}

#[test]
fn opens_at_the_first_unsolved_exercise_of_the_last_set_used() {
    let app = app();
    assert_eq!(
        app.list.selected_row().map(|r| r.kind),
        Some(RowKind::Exercise(0, 0))
    );
    let mut p = Progress {
        last_set: Some("vectors.toml".into()),
        ..Progress::default()
    };
    p.record_attempt(
        "grad-paraboloid",
        &Answer::Vector(vec!["2*x".into(), "2*y".into()]),
        true,
        1,
    );
    let app = app_with(p);
    assert_eq!(
        app.list.selected_row().map(|r| r.kind),
        Some(RowKind::Exercise(1, 1))
    );
}

#[test]
fn letters_are_answers_on_the_exercise_screen_and_commands_in_the_list() {
    let mut app = app();
    open_first(&mut app);
    type_str(&mut app, "q h g");
    assert!(app.running);
    assert_eq!(view(&app).fields()[0].input.text(), "q h g");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Course);
    // The half-typed answer is kept, so quitting asks first.
    key(&mut app, KeyCode::Char('q'));
    assert_eq!(app.mode(), Mode::Confirm);
    key(&mut app, KeyCode::Char('n'));
    assert!(app.running);
    assert_eq!(app.mode(), Mode::Course);
    // Coming back finds the draft.
    key(&mut app, KeyCode::Enter);
    assert_eq!(view(&app).fields()[0].input.text(), "q h g");
    ctrl(&mut app, 'c');
    assert_eq!(app.mode(), Mode::Confirm);
    key(&mut app, KeyCode::Char('y'));
    assert!(!app.running);
}

#[test]
fn quitting_with_nothing_typed_does_not_ask() {
    let mut app = app();
    key(&mut app, KeyCode::Char('q'));
    assert!(!app.running);
    let mut app = tui_support::app();
    open_first(&mut app);
    ctrl(&mut app, 'c');
    assert!(!app.running);
}

#[test]
fn the_preview_shows_what_was_understood_or_the_error_and_its_column() {
    let mut app = app();
    open_first(&mut app);
    type_str(&mut app, "12*x^3 - 10*x + 2");
    match &view(&app).fields()[0].preview {
        Preview::Understood(p) => assert!(!p.is_empty()),
        other => panic!("expected a preview, got {other:?}"),
    }
    ctrl(&mut app, 'u');
    assert_eq!(view(&app).fields()[0].preview, Preview::Empty);
    type_str(&mut app, "12*x^3 - (10*x + 2");
    match &view(&app).fields()[0].preview {
        Preview::Error { message, span } => {
            assert!(!message.is_empty());
            assert!(span.start <= 18, "{span:?}");
        }
        other => panic!("expected an error, got {other:?}"),
    }
}

#[test]
fn word_editing_history_and_cursor_keys_edit_the_answer() {
    let mut app = app();
    open_first(&mut app);
    type_str(&mut app, "sin(x) + cos(x)");
    ctrl(&mut app, 'w');
    assert_eq!(view(&app).fields()[0].input.text(), "sin(x) + cos(");
    alt(&mut app, 'b');
    alt(&mut app, 'b');
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(view(&app).fields()[0].input.text(), "sin(2x) + cos(");
    ctrl(&mut app, 'a');
    key(&mut app, KeyCode::Delete);
    ctrl(&mut app, 'e');
    key(&mut app, KeyCode::Backspace);
    assert_eq!(view(&app).fields()[0].input.text(), "in(2x) + cos");
}

#[test]
fn hints_come_one_at_a_time_and_are_recorded() {
    let mut app = app();
    open_first(&mut app);
    alt(&mut app, 'h');
    assert_eq!(view(&app).hints_shown(), 1);
    key(&mut app, KeyCode::F(2));
    assert_eq!(view(&app).hints_shown(), 2);
    alt(&mut app, 'h');
    assert_eq!(view(&app).hints_shown(), 2);
    assert_eq!(app.notice.as_deref(), Some("That was the last hint."));
    let r = app
        .store
        .progress
        .record("power-rule-poly")
        .expect("recorded");
    assert_eq!(r.hints_used, 2);
    // Leaving and coming back keeps the hints shown.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Enter);
    assert_eq!(view(&app).hints_shown(), 2);
}

#[test]
fn the_solution_needs_an_attempt_and_then_counts_as_given_up() {
    let mut app = app();
    open_first(&mut app);
    alt(&mut app, 's');
    assert!(!view(&app).solution_shown());
    assert!(app
        .notice
        .as_deref()
        .is_some_and(|n| n.contains("Try it once first")));
    type_str(&mut app, "x^4");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        view(&app).verdict().map(|v| v.status),
        Some(Status::Incorrect)
    );
    alt(&mut app, 's');
    assert!(view(&app).solution_shown());
    let r = app
        .store
        .progress
        .record("power-rule-poly")
        .expect("recorded");
    assert!(r.gave_up && !r.solved);
}

#[test]
fn a_wrong_then_a_right_answer_is_recorded_with_history() {
    let mut app = app();
    open_first(&mut app);
    type_str(&mut app, "12*x^3 - 5*x + 2");
    key(&mut app, KeyCode::Enter);
    let v = view(&app);
    let verdict = v.verdict().expect("a verdict");
    assert_eq!(verdict.status, Status::Incorrect, "{}", verdict.message);
    assert_eq!(v.fields()[0].mark, Some(Status::Incorrect));
    ctrl(&mut app, 'u');
    type_str(&mut app, "12x^3 - 10x + 2");
    key(&mut app, KeyCode::Enter);
    let verdict = view(&app).verdict().expect("a verdict");
    assert_eq!(verdict.status, Status::Correct, "{}", verdict.message);
    let r = app
        .store
        .progress
        .record("power-rule-poly")
        .expect("recorded");
    assert_eq!((r.attempts, r.solved), (2, true));
    assert_eq!(r.history.len(), 2);
    // ↑ recalls earlier attempts, ↓ comes back to what was being typed.
    ctrl(&mut app, 'u');
    type_str(&mut app, "draft");
    key(&mut app, KeyCode::Up);
    assert_eq!(view(&app).fields()[0].input.text(), "12x^3 - 10x + 2");
    key(&mut app, KeyCode::Up);
    assert_eq!(view(&app).fields()[0].input.text(), "12*x^3 - 5*x + 2");
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    assert_eq!(view(&app).fields()[0].input.text(), "draft");
    // The list marks it solved.
    key(&mut app, KeyCode::Esc);
    let row = app.list.selected_row().expect("row");
    assert_eq!(row.kind, RowKind::Exercise(0, 0));
    assert_eq!(row.mark, Some(gradtutor::progress::Mark::Solved));
}

#[test]
fn unreadable_answers_are_not_counted_as_attempts() {
    let mut app = app();
    open_first(&mut app);
    type_str(&mut app, "12x^3 +* 2");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        view(&app).verdict().map(|v| v.status),
        Some(Status::Invalid)
    );
    assert!(app.store.progress.record("power-rule-poly").is_none());
    // Enter on an empty line only says what to do.
    ctrl(&mut app, 'u');
    key(&mut app, KeyCode::Enter);
    assert!(app.notice.is_some());
}

#[test]
fn next_and_previous_exercise_walk_the_course_in_order() {
    let mut app = app();
    open_first(&mut app);
    alt(&mut app, 'n');
    assert_eq!(view(&app).id(), "sqrt-slope-at-4");
    alt(&mut app, 'n');
    assert_eq!(view(&app).id(), "grad-paraboloid");
    assert_eq!(app.mode(), Mode::Grid);
    alt(&mut app, 'p');
    alt(&mut app, 'p');
    alt(&mut app, 'p');
    assert_eq!(view(&app).id(), "power-rule-poly");
    assert!(app
        .notice
        .as_deref()
        .is_some_and(|n| n.contains("first exercise")));
}

#[test]
fn grid_cells_take_tab_shift_tab_and_arrows() {
    let mut app = app();
    alt_open(&mut app, "grad-paraboloid");
    type_str(&mut app, "2x");
    key(&mut app, KeyCode::Tab);
    type_str(&mut app, "2y");
    assert_eq!(
        view(&app).answer(),
        Answer::Vector(vec!["2x".into(), "2y".into()])
    );
    press(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(view(&app).focus(), 0);
    key(&mut app, KeyCode::Down);
    assert_eq!(view(&app).focus(), 1);
    for f in view(&app).fields() {
        assert!(
            matches!(f.preview, Preview::Understood(_)),
            "{:?}",
            f.preview
        );
    }
}

/// Opens an exercise by id from the course list, with the filter.
fn alt_open(app: &mut App, id: &str) {
    key(app, KeyCode::Char('/'));
    type_str(app, id);
    key(app, KeyCode::Enter);
    while app
        .list
        .selected_row()
        .is_some_and(|r| matches!(r.kind, RowKind::Set(_)))
    {
        key(app, KeyCode::Down);
    }
    key(app, KeyCode::Enter);
    assert_eq!(view(app).id(), id);
}

#[test]
fn a_table_answer_has_a_cell_per_computed_value_and_the_totals() {
    let mut app = app();
    alt_open(&mut app, "likelihood-a");
    assert_eq!(view(&app).fields().len(), 8 * 3 + 2);
    type_str(&mut app, "0");
    key(&mut app, KeyCode::Down);
    type_str(&mut app, "3.5");
    // Down from the last row goes to the totals.
    for _ in 0..7 {
        key(&mut app, KeyCode::Down);
    }
    type_str(&mut app, "2.0e-8");
    match view(&app).answer() {
        Answer::Table(entries) => {
            assert_eq!(entries.len(), 5);
            match &entries[0] {
                (name, TableEntry::Column(cells)) => {
                    assert_eq!(name, "z");
                    assert_eq!(cells[0], "0");
                    assert_eq!(cells[1], "3.5");
                }
                other => panic!("{other:?}"),
            }
            assert_eq!(entries[3], ("L".into(), TableEntry::Total("2.0e-8".into())));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_filter_narrows_the_list_and_esc_clears_it() {
    let mut app = app();
    let all = app.list.rows().len();
    key(&mut app, KeyCode::Char('/'));
    assert_eq!(app.mode(), Mode::Filter);
    type_str(&mut app, "paraboloid");
    let kinds: Vec<RowKind> = app.list.rows().iter().map(|r| r.kind).collect();
    assert_eq!(kinds, [RowKind::Set(1), RowKind::Exercise(1, 0)]);
    // A set whose title matches shows all of its items.
    ctrl(&mut app, 'u');
    type_str(&mut app, "JACOBIANS");
    assert_eq!(app.list.rows().len(), 5);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Course);
    assert_eq!(app.list.rows().len(), all);
}

#[test]
fn sets_open_and_close_and_descent_examples_open_their_screen() {
    let mut app = app();
    let rows = app.list.rows().len();
    key(&mut app, KeyCode::Char('h'));
    assert_eq!(
        app.list.selected_row().map(|r| r.kind),
        Some(RowKind::Set(0))
    );
    assert!(app.list.rows().len() < rows);
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char('l'));
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(
        app.list.selected_row().map(|r| r.kind),
        Some(RowKind::Descent(1, 0))
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Stepper);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Course);
}

#[test]
fn help_lists_the_keys_of_the_screen_it_was_opened_on() {
    let mut app = app();
    open_first(&mut app);
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(app.mode(), Mode::Help);
    assert_eq!(app.help.map(|h| h.mode()), Some(Mode::Exercise));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Exercise);
    assert_eq!(view(&app).fields()[0].input.text(), "");
}

#[test]
fn a_100_kb_paste_is_refused_with_a_message_and_control_characters_are_dropped() {
    let mut app = app();
    open_first(&mut app);
    app.handle(Msg::Paste("x".repeat(100_000)));
    assert_eq!(view(&app).fields()[0].input.text(), "");
    assert!(app
        .notice
        .as_deref()
        .is_some_and(|n| n.contains("at most 10000")));
    app.handle(Msg::Paste("12x^3\n- 10x\u{1b}[31m + 2".into()));
    assert_eq!(view(&app).fields()[0].input.text(), "12x^3 - 10x[31m + 2");
    // Typing past the cap is refused key by key, without freezing.
    app.handle(Msg::Paste("1".repeat(10_000 - 19)));
    type_str(&mut app, "9999");
    assert_eq!(view(&app).fields()[0].input.len(), 10_000);
}

#[test]
fn wide_and_combining_characters_and_resizes_while_typing_draw_without_panics() {
    let mut app = app();
    open_first(&mut app);
    type_str(&mut app, "漢字 x\u{301} π²");
    let small = screen(&mut app, 60, 20);
    assert!(small.contains("terminal too small (need 80x24)"));
    type_str(&mut app, "+1");
    let big = screen(&mut app, 120, 40);
    assert!(big.contains("π²+1"), "{big}");
    let normal = screen(&mut app, 80, 24);
    assert!(normal.contains("Your answer"));
    assert_eq!(view(&app).fields()[0].input.text(), "漢字 x\u{301} π²+1");
}

#[test]
fn mouse_wheel_moves_and_clicks_select_then_open() {
    let mut app = app();
    app.handle(Msg::Scroll {
        delta: 1,
        column: 10,
        row: 5,
    });
    assert_eq!(
        app.list.selected_row().map(|r| r.kind),
        Some(RowKind::Exercise(0, 1))
    );
    // Row 2 of the screen is the list's first row (title bar, border).
    app.handle(Msg::Click { column: 10, row: 2 });
    assert_eq!(
        app.list.selected_row().map(|r| r.kind),
        Some(RowKind::Set(0))
    );
    app.handle(Msg::Click { column: 10, row: 3 });
    app.handle(Msg::Click { column: 10, row: 3 });
    assert_eq!(app.mode(), Mode::Exercise);
}

#[test]
fn the_plot_toggles_only_where_there_is_one() {
    let mut app = app();
    open_first(&mut app);
    assert!(view(&app).plot().is_some());
    alt(&mut app, 'g');
    assert!(view(&app).plot_open());
    key(&mut app, KeyCode::F(4));
    assert!(!view(&app).plot_open());
    alt(&mut app, 'n');
    alt(&mut app, 'n');
    alt(&mut app, 'g');
    assert!(!view(&app).plot_open());
    assert!(app
        .notice
        .as_deref()
        .is_some_and(|n| n.contains("one-variable")));
}

#[test]
fn progress_is_saved_to_the_file_after_each_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sub").join("progress.toml");
    let opened = Store::open(&path);
    assert!(opened.notice.is_none());
    let mut app = App::new(course(), opened.store, Theme::new(false));
    app.handle(Msg::Resize(80, 24));
    open_first(&mut app);
    alt(&mut app, 'h');
    let back = Store::open(&path);
    assert!(back.notice.is_none());
    let p = back.store.progress;
    assert_eq!(p.last_set.as_deref(), Some("rules.toml"));
    assert_eq!(p.record("power-rule-poly").map(|r| r.hints_used), Some(1));
}

#[test]
fn the_loop_runs_on_a_test_backend_until_quit() {
    let mut app = app();
    let mut term = match Terminal::new(TestBackend::new(80, 24)) {
        Ok(t) => t,
        Err(e) => match e {},
    };
    let events = [
        key_event(KeyCode::Enter, KeyModifiers::NONE),
        key_event(KeyCode::Char('x'), KeyModifiers::NONE),
        key_event(KeyCode::Backspace, KeyModifiers::NONE),
        key_event(KeyCode::Esc, KeyModifiers::NONE),
        key_event(KeyCode::Char('q'), KeyModifiers::NONE),
        key_event(KeyCode::Char('j'), KeyModifiers::NONE),
    ];
    run::run(&mut term, &mut app, &mut Scripted::new(events)).expect("runs");
    assert!(!app.running);
    // The 'j' after quitting was never handled.
    assert_eq!(
        app.list.selected_row().map(|r| r.kind),
        Some(RowKind::Exercise(0, 0))
    );
    assert!(term.backend().to_string().contains("Course"));
}

#[test]
fn a_long_prompt_continues_below_the_answer_and_scrolls_into_view() {
    let mut c = course();
    c.sets[0].exercises[0].prompt = (1..=30)
        .map(|i| format!("Line {i} of a long prompt."))
        .collect::<Vec<_>>()
        .join("\n");
    let mut app = App::new(c, Store::in_memory(Progress::default()), Theme::new(false));
    app.handle(Msg::Resize(80, 24));
    open_first(&mut app);
    let first = screen(&mut app, 80, 24);
    assert!(first.contains("Line 1 of"), "{first}");
    assert!(first.contains("PgDn more"), "{first}");
    assert!(!first.contains("Line 30 of"), "{first}");
    for _ in 0..10 {
        key(&mut app, KeyCode::PageDown);
    }
    let last = screen(&mut app, 80, 24);
    assert!(last.contains("Line 30 of"), "{last}");
    assert!(last.contains("PgUp"), "{last}");
    // The answer line stays where it is while the notes scroll.
    assert!(last.contains("Your answer"), "{last}");
}

#[test]
fn a_checked_prediction_on_the_stepper_counts_in_progress() {
    let mut app = app();
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char('l'));
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Stepper);
    key(&mut app, KeyCode::Char('p'));
    assert_eq!(app.mode(), Mode::Predict);
    // x₁ = 5 − 0.1·2·5 = 4. Letters are typed here, not commands.
    type_str(&mut app, "4");
    key(&mut app, KeyCode::Enter);
    let r = app
        .store
        .progress
        .record("descent-parabola")
        .expect("recorded");
    assert_eq!((r.attempts, r.solved), (1, true));
    assert_eq!(app.mode(), Mode::Stepper);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Course);
    let row = app.list.selected_row().expect("row");
    assert_eq!(row.mark, Some(gradtutor::progress::Mark::Solved));
}

#[test]
fn very_wide_and_very_long_grids_draw_within_the_screen() {
    use gradtutor::exercise::Kind;
    let vars: Vec<String> = (1..=30).map(|i| format!("x{i}")).collect();
    let mut c = course();
    c.sets[1].exercises[1].kind = Kind::Jacobian {
        functions: vars.iter().map(|v| format!("{v}^2")).collect(),
        vars: vars.clone(),
        at: None,
    };
    c.sets[1].exercises[0].kind = Kind::Gradient {
        function: vars.join(" + "),
        vars,
        at: None,
    };
    let mut app = App::new(c, Store::in_memory(Progress::default()), Theme::new(false));
    for (si, ei) in [(1, 0), (1, 1)] {
        app.open_exercise(si, ei);
        for _ in 0..40 {
            type_str(&mut app, "2x1");
            key(&mut app, KeyCode::Tab);
        }
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let s = screen(&mut app, w, h);
            assert!(s.contains("Your answer"), "{s}");
        }
    }
}

#[test]
fn the_course_and_exercise_screens_work_on_their_own_without_the_app() {
    use gradtutor::tui::context::Ctx;
    use gradtutor::tui::course::{CourseMsg, CourseOutcome, CourseScreen};
    use gradtutor::tui::exercise::{ExerciseMsg, ExerciseOutcome, Place};
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;
    let course = course();
    let ctx = Ctx::default();
    // The list opens on the first unsolved exercise; Enter on an exercise asks to open it.
    let mut list = CourseScreen::new(&course, &Progress::default());
    assert_eq!(list.update(CourseMsg::Move(1), &ctx), None);
    assert_eq!(
        list.update(CourseMsg::Open, &ctx),
        Some(CourseOutcome::Open(RowKind::Exercise(0, 1)))
    );
    // The exercise screen checks an answer itself and reports it for the progress.
    let set = &course.sets[0];
    let place = Place {
        set: 0,
        index: 0,
        set_title: &set.title,
        position: (1, set.exercises.len()),
    };
    let mut screen = ExerciseScreen::new(&set.exercises[0], &place, None, None);
    for c in "12x^3 - 10x + 2".chars() {
        assert_eq!(screen.update(ExerciseMsg::Insert(c), &ctx), None);
    }
    match screen.update(ExerciseMsg::Submit, &ctx) {
        Some(ExerciseOutcome::Checked { answer, status }) => {
            assert_eq!(answer, Answer::Scalar("12x^3 - 10x + 2".into()));
            assert_eq!(status, Status::Correct);
        }
        other => panic!("expected a checked answer, got {other:?}"),
    }
    // Both draw as plain widgets.
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    (&screen).render(area, &mut buf);
    let text: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert!(text.contains("✓ Correct"), "{text}");
    let mut buf = Buffer::empty(area);
    (&list).render(area, &mut buf);
    let text: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert!(text.contains("Power and sum rules"), "{text}");
}

#[test]
fn the_course_list_says_how_much_continues_above_and_below_its_box() {
    let mut c = course();
    let template = c.sets[0].exercises[0].clone();
    for i in 0..28 {
        let mut e = template.clone();
        e.id = format!("extra-{i}");
        e.title = Some(format!("Extra exercise {i}"));
        c.sets[0].exercises.push(e);
    }
    let mut app = App::new(c, Store::in_memory(Progress::default()), Theme::new(false));
    // 32 rows (a set with 30 exercises, then a closed set); the box holds 19 at 80x24.
    let top = screen(&mut app, 80, 24);
    assert!(top.contains("↓ 13 more rows (1 set)"), "{top}");
    assert!(!top.contains("↑ 1"), "{top}");
    key(&mut app, KeyCode::Char('G'));
    let bottom = screen(&mut app, 80, 24);
    assert!(bottom.contains("↑ 13 more"), "{bottom}");
    assert!(!bottom.contains("more rows"), "{bottom}");
    // With the set closed, nothing is hidden.
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('h'));
    let closed = screen(&mut app, 80, 24);
    assert!(!closed.contains(" more"), "{closed}");
    // Sets out of sight are counted as sets.
    let mut c = course();
    let more = c.sets[1].clone();
    c.sets.extend(std::iter::repeat_n(more, 22));
    let mut app = App::new(c, Store::in_memory(Progress::default()), Theme::new(false));
    key(&mut app, KeyCode::Char('h'));
    let sets = screen(&mut app, 80, 24);
    assert!(sets.contains("↓ 5 more sets"), "{sets}");
}

#[test]
fn the_verdict_says_it_is_about_the_previous_answer_once_the_answer_changes() {
    let mut app = app();
    open_first(&mut app);
    type_str(&mut app, "12x^3 - 5x + 2");
    key(&mut app, KeyCode::Enter);
    let checked = screen(&mut app, 80, 24);
    assert!(checked.contains("✗ Not right yet."), "{checked}");
    assert!(!checked.contains("previous answer"), "{checked}");
    // Typing makes the verdict about the answer before.
    type_str(&mut app, "0");
    let changed = screen(&mut app, 80, 24);
    assert!(
        changed.contains("Feedback on your previous answer, 12x^3 - 5x + 2"),
        "{changed}"
    );
    assert!(changed.contains("✗ Not right yet."), "{changed}");
    // Back to the answer that was checked, the verdict is about it again.
    key(&mut app, KeyCode::Backspace);
    let again = screen(&mut app, 80, 24);
    assert!(!again.contains("previous answer"), "{again}");
}

#[test]
fn the_answer_cells_are_the_prepared_questions_cells_named_as_it_names_them() {
    use gradtutor::question::{CellId, Question};
    let course = course();
    for ex in course.sets.iter().flat_map(|s| &s.exercises) {
        let q = Question::prepare(ex).expect("the test course prepares");
        let mut app = app();
        let (si, ei) = course
            .sets
            .iter()
            .enumerate()
            .find_map(|(si, s)| {
                s.exercises
                    .iter()
                    .position(|e| e.id == ex.id)
                    .map(|ei| (si, ei))
            })
            .expect("in the course");
        app.open_exercise(si, ei);
        let mut shown: Vec<CellId> = view(&app).fields().iter().map(|f| f.key.clone()).collect();
        let mut asked: Vec<CellId> = q.answer.cells.iter().map(|c| c.id.clone()).collect();
        shown.sort();
        asked.sort();
        assert_eq!(shown, asked, "{}", ex.id);
    }
    // The Jacobian's cells are named with subscripts, as the checker names them.
    let mut app = app();
    app.open_exercise(1, 1);
    let labels: Vec<&str> = view(&app)
        .fields()
        .iter()
        .map(|f| f.label.as_str())
        .collect();
    assert_eq!(labels, ["∂f₁/∂x", "∂f₁/∂y", "∂f₂/∂x", "∂f₂/∂y"]);
}

#[test]
fn the_example_notes_of_a_descent_scroll_with_pgup_pgdn_instead_of_being_cut() {
    let mut c = course();
    let sentences: Vec<String> = (1..=12)
        .map(|i| format!("Sentence {i} of the example's notes explains one more step."))
        .collect();
    c.sets[1].descents[0].notes = Some(sentences.join(" "));
    let mut app = App::new(c, Store::in_memory(Progress::default()), Theme::new(false));
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Char('l'));
    key(&mut app, KeyCode::Char('G'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Stepper);
    let top = screen(&mut app, 80, 24);
    assert!(top.contains("Sentence 1 "), "{top}");
    assert!(!top.contains("Sentence 12 "), "{top}");
    assert!(top.contains("↓ PgDn"), "{top}");
    for _ in 0..20 {
        key(&mut app, KeyCode::PageDown);
    }
    let end = screen(&mut app, 80, 24);
    assert!(end.contains("step."), "{end}");
    assert!(end.contains("Sentence 12 "), "{end}");
    assert!(end.contains("↑ PgUp"), "{end}");
    assert!(!end.contains("↓ PgDn"), "{end}");
    // Scrolling keeps the walk where it was.
    assert_eq!(app.mode(), Mode::Stepper);
}
