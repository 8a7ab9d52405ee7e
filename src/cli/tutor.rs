//! `gradtutor` with no subcommand: the tutor in the terminal.

use anyhow::Context;
use gradtutor::exercise::{self, Loaded};
use gradtutor::progress::{self, Store};
use gradtutor::tui::app::App;
use gradtutor::tui::course::left_out_notice;
use gradtutor::tui::run::{self, Events, Session, TerminalEvents};
use gradtutor::tui::theme::Theme;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Loads the course: the paths given, or the bundled course.
pub fn load_course(paths: &[PathBuf]) -> anyhow::Result<Loaded> {
    if paths.is_empty() {
        Ok(exercise::load_bundled())
    } else {
        exercise::load_paths(paths).context("loading the exercise files")
    }
}

/// The progress file: `--progress` / `GRADTUTOR_PROGRESS`, else the platform data directory.
pub fn progress_path(flag: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match flag {
        Some(p) if !p.as_os_str().is_empty() => Ok(p),
        _ => progress::default_path().context("finding where to keep progress"),
    }
}

pub fn run(paths: Vec<PathBuf>, progress_flag: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let loaded = load_course(&paths)?;
    if loaded
        .course
        .sets
        .iter()
        .all(|s| s.exercises.is_empty() && s.descents.is_empty())
    {
        for d in &loaded.diagnostics {
            eprintln!("{d}");
        }
        anyhow::bail!("no exercises could be loaded");
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the tutor needs a terminal; for scripts use `gradtutor check`, `grade` or `step`"
        );
    }
    let path = progress_path(progress_flag)?;
    let opened = Store::open(&path);
    let notice = match (opened.notice, left_out_notice(&loaded.left_out)) {
        (Some(a), Some(b)) => Some(format!("{a} {b}")),
        (a, b) => a.or(b),
    };
    let mut app = App::new(loaded.course, opened.store, Theme::from_env()).with_notice(notice);
    let result = {
        let mut session = Session::start().context("setting up the terminal")?;
        run::run(
            &mut session.terminal,
            &mut app,
            &mut TutorEvents::from_env(),
        )
        // The session is dropped here: the terminal is restored before any message is printed.
    };
    result.context("running the tutor")?;
    print_goodbye(&app, &path);
    Ok(ExitCode::SUCCESS)
}

/// The terminal's events, with the test-only panic trigger: in a debug build (the one the
/// tests run), `GRADTUTOR_TEST_PANIC=1` makes the tutor panic at the first key, inside its
/// terminal session, so that an end-to-end test can check that the panic hook gives the shell
/// back in working order (tests/it/e2e_tutor.rs). A release build never reads the variable.
struct TutorEvents {
    panic_at_first_key: bool,
}

impl TutorEvents {
    fn from_env() -> TutorEvents {
        TutorEvents {
            panic_at_first_key: cfg!(debug_assertions)
                && std::env::var_os("GRADTUTOR_TEST_PANIC").is_some_and(|v| v == "1"),
        }
    }
}

impl Events for TutorEvents {
    fn next(&mut self) -> std::io::Result<Option<crossterm::event::Event>> {
        let event = TerminalEvents.next()?;
        if self.panic_at_first_key && matches!(event, Some(crossterm::event::Event::Key(_))) {
            panic!("GRADTUTOR_TEST_PANIC=1: panicking inside the tutor, as a test asked");
        }
        Ok(event)
    }
    fn ready(&mut self) -> std::io::Result<bool> {
        TerminalEvents.ready()
    }
}

fn print_goodbye(app: &App, path: &Path) {
    let p = &app.store.progress;
    let solved = app
        .course
        .exercises()
        .filter(|e| p.record(&e.id).is_some_and(|r| r.solved))
        .count();
    let total = app.course.exercises().count();
    if app.store.is_read_only() {
        println!(
            "{solved}/{total} exercises solved. Progress was not saved ({}).",
            path.display()
        );
    } else {
        println!(
            "{solved}/{total} exercises solved. Progress is kept in {}",
            path.display()
        );
    }
}
