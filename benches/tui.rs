//! The tutor's speed: from start to the first frame with the bundled course (load, app set-up,
//! first draw on a TestBackend), drawing the busiest screens, and checking an answer on Enter.
//! Run: `cargo bench --bench tui`.

use criterion::{criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use gradtutor::exercise::{load_bundled, Course, Kind};
use gradtutor::progress::{Progress, Store};
use gradtutor::question::Question;
use gradtutor::tui::app::App;
use gradtutor::tui::keys::{self, Msg};
use gradtutor::tui::run::draw;
use gradtutor::tui::theme::Theme;
use gradtutor::tui::widgets::plot::Plot;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::hint::black_box;

fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    match Terminal::new(TestBackend::new(w, h)) {
        Ok(t) => t,
        Err(e) => match e {},
    }
}

fn frame(term: &mut Terminal<TestBackend>, app: &App) {
    match draw(term, app) {
        Ok(()) => {}
        Err(e) => match e {},
    }
}

fn app(course: Course, w: u16, h: u16) -> App {
    let mut app = App::new(
        course,
        Store::in_memory(Progress::default()),
        Theme::new(true),
    );
    app.handle(Msg::Resize(w, h));
    app
}

fn find(course: &Course, pred: impl Fn(&Kind) -> bool) -> (usize, usize) {
    course
        .sets
        .iter()
        .enumerate()
        .find_map(|(si, s)| {
            s.exercises
                .iter()
                .position(|e| pred(&e.kind))
                .map(|ei| (si, ei))
        })
        .expect("the bundled course has this kind of exercise")
}

fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    let ev = crossterm::event::Event::Key(KeyEvent::new(code, mods));
    if let Some(msg) = keys::map_event(app.mode(), ev) {
        app.handle(msg);
    }
}

fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

fn benches(c: &mut Criterion) {
    c.bench_function("tui/start_to_first_frame_bundled_80x24", |b| {
        b.iter(|| {
            let loaded = load_bundled();
            let app = app(loaded.course, 80, 24);
            let mut term = terminal(80, 24);
            frame(&mut term, &app);
            black_box(term.backend().buffer().area);
        })
    });

    let course = load_bundled().course;

    // The busiest screen: a likelihood table, every cell filled, hints shown, at 120x40.
    let mut table = app(course.clone(), 120, 40);
    let (si, ei) = find(&course, |k| matches!(k, Kind::Table { .. }));
    table.open_exercise(si, ei);
    let cells = match &table.screen {
        gradtutor::tui::app::Screen::Exercise(v) => v.fields().len(),
        _ => 0,
    };
    for i in 0..cells {
        type_str(&mut table, &format!("0.{}", 1000 + i * 37));
        key(&mut table, KeyCode::Tab, KeyModifiers::NONE);
    }
    key(&mut table, KeyCode::Char('h'), KeyModifiers::ALT);
    key(&mut table, KeyCode::Char('h'), KeyModifiers::ALT);
    let mut term = terminal(120, 40);
    c.bench_function("tui/draw_table_grid_120x40", |b| {
        b.iter(|| frame(&mut term, black_box(&table)))
    });

    // The plot panel of a one-variable derivative.
    let mut plot = app(course.clone(), 120, 40);
    let (si, ei) = find(
        &course,
        |k| matches!(k, Kind::Derivative { vars, at: None, .. } if vars.len() == 1),
    );
    plot.open_exercise(si, ei);
    type_str(&mut plot, "2x");
    key(&mut plot, KeyCode::Enter, KeyModifiers::NONE);
    key(&mut plot, KeyCode::Char('g'), KeyModifiers::ALT);
    c.bench_function("tui/draw_plot_120x40", |b| {
        b.iter(|| frame(&mut term, black_box(&plot)))
    });

    // Building that panel's numbers, as opening the exercise and Enter do: f, its exact
    // derivative and a student's answer, 161 points each.
    let ex = &course.sets[si].exercises[ei];
    let question = Question::prepare(ex).expect("the bundled exercise prepares");
    let scope = question.answer_scope().clone();
    c.bench_function("tui/plot_data_of_a_derivative_with_an_answer", |b| {
        b.iter(|| {
            let mut p = Plot::for_question(black_box(&question)).expect("a one-variable plot");
            p.set_student(Some("3x^2 + 2x"), &scope);
            black_box(p.series.len())
        })
    });

    let list = app(course.clone(), 120, 40);
    c.bench_function("tui/draw_course_120x40", |b| {
        b.iter(|| frame(&mut term, black_box(&list)))
    });

    // Enter on an answer: parse, check, record (in memory), store the verdict and preview.
    let mut check = app(course.clone(), 80, 24);
    check.open_exercise(si, ei);
    type_str(&mut check, "3x^2 + 2x");
    c.bench_function("tui/enter_checks_a_derivative_answer", |b| {
        b.iter(|| {
            key(&mut check, KeyCode::Enter, KeyModifiers::NONE);
        })
    });

    // A keystroke while typing: edit + live preview of a 60-character answer.
    let mut typing = app(course, 80, 24);
    typing.open_exercise(si, ei);
    type_str(
        &mut typing,
        "12x^3 - 10x + 2 + sin(x)cos(x) + e^(2x)/(1 + x^2) - ln(1 + x",
    );
    c.bench_function("tui/keystroke_with_live_preview", |b| {
        b.iter(|| {
            key(&mut typing, KeyCode::Char(')'), KeyModifiers::NONE);
            key(&mut typing, KeyCode::Backspace, KeyModifiers::NONE);
        })
    });
}

criterion_group!(tui, benches);
criterion_main!(tui);
