//! The event loop and the terminal session.

use crate::tui::app::App;
use crate::tui::keys;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::Terminal;
use std::collections::VecDeque;
use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Where events come from: the terminal, or a script in tests.
pub trait Events {
    /// Waits for the next event; `None` when there will be no more.
    fn next(&mut self) -> io::Result<Option<Event>>;
    /// Whether another event is ready without waiting.
    fn ready(&mut self) -> io::Result<bool>;
}

/// Events from the real terminal.
pub struct TerminalEvents;

impl Events for TerminalEvents {
    fn next(&mut self) -> io::Result<Option<Event>> {
        event::read().map(Some)
    }
    fn ready(&mut self) -> io::Result<bool> {
        event::poll(Duration::ZERO)
    }
}

/// A fixed list of events (tests, benchmarks).
#[derive(Debug, Default)]
pub struct Scripted(pub VecDeque<Event>);

impl Scripted {
    pub fn new(events: impl IntoIterator<Item = Event>) -> Scripted {
        Scripted(events.into_iter().collect())
    }
}

impl Events for Scripted {
    fn next(&mut self) -> io::Result<Option<Event>> {
        Ok(self.0.pop_front())
    }
    fn ready(&mut self) -> io::Result<bool> {
        Ok(!self.0.is_empty())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("terminal error: {0}")]
    Backend(Box<dyn std::error::Error + Send + Sync>),
    #[error("reading terminal events: {0}")]
    Events(#[from] io::Error),
}

/// Draws one frame, with the cursor where the screen wants it.
pub fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &App) -> Result<(), B::Error> {
    terminal.draw(|f| {
        let area = f.area();
        if let Some(pos) = app.render_into(area, f.buffer_mut()) {
            f.set_cursor_position(pos);
        }
    })?;
    Ok(())
}

/// Runs the tutor until the student quits or the events run out. Every ready event is handled
/// before the next frame, so a burst (a paste without bracketed paste) is drawn once.
pub fn run<B, E>(terminal: &mut Terminal<B>, app: &mut App, events: &mut E) -> Result<(), RunError>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    E: Events,
{
    let backend_err = |e: B::Error| RunError::Backend(Box::new(e));
    let size = terminal.size().map_err(backend_err)?;
    app.update(keys::Msg::Resize(size.width, size.height));
    app.settle();
    while app.running {
        draw(terminal, app).map_err(backend_err)?;
        let Some(ev) = events.next()? else { break };
        handle_event(app, ev);
        while app.running && events.ready()? {
            let Some(ev) = events.next()? else { break };
            handle_event(app, ev);
        }
        app.settle();
    }
    Ok(())
}

fn handle_event(app: &mut App, ev: Event) {
    if let Some(msg) = keys::map_event(app.mode(), ev) {
        app.update(msg);
    }
}

/// The real terminal: raw mode, alternate screen, mouse capture and bracketed paste, all undone
/// when the session is dropped and by a panic hook.
pub struct Session {
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
}

/// Whether the terminal is taken over, so that it is restored once. On a panic the hook restores
/// it and prints the message, then unwinding drops the session: leaving the alternate screen a
/// second time would put the cursor back where it was when the tutor started, and the shell
/// would write over the panic message.
static TAKEN: AtomicBool = AtomicBool::new(false);

fn restore_terminal() -> io::Result<()> {
    if !TAKEN.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    let r1 = disable_raw_mode();
    let r2 = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    r1.and(r2)
}

impl Session {
    /// Takes over the terminal. On failure, whatever was already changed is undone.
    pub fn start() -> io::Result<Session> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = restore_terminal();
            previous(info);
        }));
        let setup = || -> io::Result<Session> {
            TAKEN.store(true, Ordering::SeqCst);
            enable_raw_mode()?;
            execute!(
                io::stdout(),
                EnterAlternateScreen,
                EnableMouseCapture,
                EnableBracketedPaste
            )?;
            let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
            Ok(Session { terminal })
        };
        match setup() {
            Ok(s) => Ok(s),
            Err(e) => {
                let _ = restore_terminal();
                Err(e)
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = restore_terminal();
    }
}
