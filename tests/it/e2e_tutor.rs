//! End to end: the real `gradtutor` binary in a real terminal (tmux), driven with send-keys and
//! read with capture-pane. Each test uses its own tmux server socket and a temporary progress
//! file. Skipped, with the reason printed, only when tmux is not installed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(30);

fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui/practice.toml")
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// One tmux server (own socket) running the tutor in one window.
struct Tmux {
    socket: String,
    /// The server's socket file, removed when the test ends.
    socket_path: Option<PathBuf>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl Tmux {
    /// Starts `gradtutor FIXTURE` with the given progress file in a 100x30 terminal. When the
    /// tutor exits the pane stays, showing its output and exit code.
    fn start(progress: &Path) -> Tmux {
        Tmux::start_with(progress, &[&fixture().display().to_string()])
    }

    /// Starts `gradtutor ARGS...` with the given progress file.
    fn start_with(progress: &Path, args: &[&str]) -> Tmux {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let socket = format!("gradtutor-e2e-{}-{n}", std::process::id());
        let cmd = format!(
            "env GRADTUTOR_PROGRESS={} NO_COLOR=1 TERM=xterm-256color {} {}; echo \"[exited $?]\"; sleep 600",
            quote(&progress.display().to_string()),
            quote(env!("CARGO_BIN_EXE_gradtutor")),
            args.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" "),
        );
        let mut t = Tmux {
            socket,
            socket_path: None,
        };
        let out = t.tmux(&[
            "new-session",
            "-d",
            "-s",
            "tutor",
            "-x",
            "100",
            "-y",
            "30",
            &cmd,
        ]);
        assert!(out.status.success(), "tmux new-session failed: {out:?}");
        let path = t.tmux(&["display-message", "-p", "#{socket_path}"]);
        let path = String::from_utf8_lossy(&path.stdout).trim().to_string();
        t.socket_path = (!path.is_empty()).then(|| PathBuf::from(path));
        t
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn screen(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p", "-t", "tutor"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls the screen until `pred` holds; panics with the last screen after the timeout.
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {what}; the screen was:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "tutor"];
        args.extend_from_slice(keys);
        assert!(self.tmux(&args).status.success());
    }

    fn type_text(&self, text: &str) {
        assert!(self
            .tmux(&["send-keys", "-t", "tutor", "-l", text])
            .status
            .success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
        if let Some(p) = &self.socket_path {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn answer_wrongly_then_rightly_take_a_hint_quit_and_find_the_progress_kept() {
    if !have_tmux() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let progress = dir.path().join("progress.toml");

    let t = Tmux::start(&progress);
    t.wait_text("Practice set");
    // The cursor starts on the first unsolved exercise: one Enter opens it.
    t.keys(&["Enter"]);
    t.wait_text("Find f′(x) for f(x) = 3x⁴ − 5x² + 2x.");
    t.type_text("12x^3 - 5x + 2");
    t.wait_text("understood");
    t.keys(&["Enter"]);
    t.wait_text("Not right yet");
    t.keys(&["M-h"]);
    t.wait_text("Hint 1/2: Differentiate term by term");
    t.keys(&["C-u"]);
    t.type_text("12x³ − 10x + 2");
    t.keys(&["Enter"]);
    let s = t.wait_text("Correct");
    assert!(s.contains("✓ solved"), "{s}");
    t.keys(&["Escape"]);
    t.wait_text("1 ✓");
    t.keys(&["q"]);
    let s = t.wait_text("[exited 0]");
    assert!(s.contains("1/2 exercises solved"), "{s}");
    drop(t);

    let text = read(&progress);
    let saved: toml::Value = toml::from_str(&text).expect("the progress file is TOML");
    let rec = &saved["exercises"]["e2e-power-rule"];
    assert_eq!(rec["attempts"].as_integer(), Some(2), "{text}");
    assert_eq!(rec["solved"].as_bool(), Some(true), "{text}");
    assert_eq!(rec["hints_used"].as_integer(), Some(1), "{text}");
    assert_eq!(rec["gave_up"].as_bool(), Some(false), "{text}");

    // Start again: the progress is there, and Enter now opens the next unsolved exercise.
    let t = Tmux::start(&progress);
    let s = t.wait_text("Practice set");
    assert!(s.contains("1 ✓"), "{s}");
    assert!(s.contains("✓ Power and sum rules"), "{s}");
    t.keys(&["Enter"]);
    t.wait_text("Find the derivative of e^(2x).");
    t.keys(&["Escape"]);
    t.wait_text("Course");
    // The earlier attempts come back with ↑ on the solved exercise.
    t.keys(&["k", "Enter"]);
    t.wait_text("Find f′(x)");
    t.keys(&["Up"]);
    t.wait_text("12x³ − 10x + 2");
    t.keys(&["C-c"]);
    t.wait_text("[exited 0]");
}

#[test]
fn a_corrupt_progress_file_is_moved_aside_with_a_message_and_the_tutor_works() {
    if !have_tmux() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let progress = dir.path().join("progress.toml");
    std::fs::write(&progress, "[exercises\nthis is = = not toml \u{0}\u{1}").expect("write");

    let t = Tmux::start(&progress);
    let s = t.wait_text("moved to");
    assert!(s.contains("progress.toml.corrupt-"), "{s}");
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("progress.toml.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    let kept = read(&dir.path().join(&aside[0]));
    assert!(
        kept.starts_with("[exercises\nthis is"),
        "the bad file is kept as it was"
    );

    t.keys(&["Enter"]);
    t.wait_text("Find f′(x)");
    t.type_text("12x^3 - 10x + 2");
    t.keys(&["Enter"]);
    t.wait_text("Correct");
    t.keys(&["Escape"]);
    t.wait_text("1 ✓");
    t.keys(&["q"]);
    t.wait_text("[exited 0]");
    drop(t);
    let text = read(&progress);
    let saved: toml::Value = toml::from_str(&text).expect("a fresh, valid progress file");
    assert_eq!(
        saved["exercises"]["e2e-power-rule"]["solved"].as_bool(),
        Some(true),
        "{text}"
    );
}

#[test]
fn progress_reset_asks_in_a_terminal_and_clears_only_after_yes() {
    if !have_tmux() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let progress = dir.path().join("progress.toml");
    let saved = "[exercises.e2e-power-rule]\nattempts = 2\nsolved = true\n\n[exercises.other]\nattempts = 1\n";
    std::fs::write(&progress, saved).expect("write");

    let t = Tmux::start_with(&progress, &["progress", "--reset", "e2e-power-rule"]);
    t.wait_text("[y/N]");
    t.keys(&["n", "Enter"]);
    t.wait_text("Nothing was cleared.");
    t.wait_text("[exited 0]");
    drop(t);
    assert_eq!(read(&progress), saved);

    let t = Tmux::start_with(&progress, &["progress", "--reset", "e2e-power-rule"]);
    t.wait_text("[y/N]");
    t.keys(&["y", "Enter"]);
    t.wait_text("Cleared the progress of e2e-power-rule.");
    t.wait_text("[exited 0]");
    drop(t);
    let after: toml::Value = toml::from_str(&read(&progress)).expect("toml");
    let ex = after["exercises"].as_table().expect("table");
    assert!(!ex.contains_key("e2e-power-rule") && ex.contains_key("other"));
}

#[test]
fn huge_pastes_control_characters_and_resizes_do_not_break_the_tutor() {
    if !have_tmux() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let progress = dir.path().join("progress.toml");
    let t = Tmux::start(&progress);
    t.wait_text("Practice set");
    t.keys(&["Enter"]);
    t.wait_text("Find f′(x)");

    // A 100 KB bracketed paste is refused with a message, at once.
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "x+".repeat(50_000)).expect("write");
    let big = big.display().to_string();
    assert!(t.tmux(&["load-buffer", &big]).status.success());
    assert!(t
        .tmux(&["paste-buffer", "-p", "-t", "tutor"])
        .status
        .success());
    t.wait_text("answers are at most 10000");

    // Control characters typed raw are ignored; wide and combining characters are fine.
    t.keys(&["C-b", "C-g", "C-l"]);
    t.type_text("漢x\u{301} + 12x³ − 10x + 2");
    // Read as far as it goes: the caret points at the combining accent.
    t.wait_text("unexpected character");

    // Too small, then big again: the answer is still there.
    assert!(t
        .tmux(&["resize-window", "-t", "tutor", "-x", "70", "-y", "20"])
        .status
        .success());
    t.wait_text("terminal too small (need 80x24)");
    assert!(t
        .tmux(&["resize-window", "-t", "tutor", "-x", "100", "-y", "30"])
        .status
        .success());
    t.wait_text("漢x\u{301} + 12x³ − 10x + 2");
    t.keys(&["C-u"]);
    t.type_text("12x^3 - 10x + 2");
    t.keys(&["Enter"]);
    t.wait_text("Correct");
    t.keys(&["C-c"]);
    t.wait_text("[exited 0]");
}

/// Issue 15: two tutors open on one progress file (two terminals) each save what they hold;
/// every attempt made in either must be in the file afterwards, not only the last writer's.
#[test]
fn two_tutors_on_one_progress_file_lose_no_attempt() {
    if !have_tmux() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let progress = dir.path().join("progress.toml");
    let a = Tmux::start(&progress);
    let b = Tmux::start(&progress);
    for t in [&a, &b] {
        t.wait_text("Practice set");
        t.keys(&["Enter"]);
        t.wait_text("Find f′(x)");
    }
    // Alternate: A, B, A on the same exercise, then B on the other one.
    a.type_text("12x^3 - 5x + 2");
    a.keys(&["Enter"]);
    a.wait_text("Not right yet");
    b.type_text("12x^3");
    b.keys(&["Enter"]);
    b.wait_text("Not right yet");
    a.keys(&["C-u"]);
    a.type_text("12x^3 - 10x + 2");
    a.keys(&["Enter"]);
    a.wait_text("Correct");
    b.keys(&["Escape"]);
    b.wait_text("Course");
    b.keys(&["j", "Enter"]);
    b.wait_text("Find the derivative of e^(2x).");
    b.type_text("2e^(2x)");
    b.keys(&["Enter"]);
    b.wait_text("Correct");
    for t in [&a, &b] {
        t.keys(&["C-c"]);
        t.wait_text("[exited 0]");
    }
    drop((a, b));

    let text = read(&progress);
    let saved: toml::Value = toml::from_str(&text).expect("the progress file is TOML");
    let power = &saved["exercises"]["e2e-power-rule"];
    assert_eq!(power["attempts"].as_integer(), Some(3), "{text}");
    assert_eq!(power["solved"].as_bool(), Some(true), "{text}");
    let answers: Vec<&str> = power["history"]
        .as_array()
        .expect("a history")
        .iter()
        .filter_map(|h| h["answer"].as_str())
        .collect();
    for typed in ["12x^3 - 5x + 2", "12x^3", "12x^3 - 10x + 2"] {
        assert!(answers.contains(&typed), "{typed} lost: {text}");
    }
    let chain = &saved["exercises"]["e2e-chain-rule"];
    assert_eq!(chain["solved"].as_bool(), Some(true), "{text}");
}

/// A tmux server whose pane runs a plain POSIX shell (`sh`, no line editor of its own, so it
/// reads lines only when the terminal is in cooked mode), with the prompt `sh$ `.
fn shell_session() -> Tmux {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let mut t = Tmux {
        socket: format!("gradtutor-e2e-{}-{n}", std::process::id()),
        socket_path: None,
    };
    let out = t.tmux(&[
        "new-session",
        "-d",
        "-s",
        "tutor",
        "-x",
        "100",
        "-y",
        "30",
        "env PS1='sh$ ' sh",
    ]);
    assert!(out.status.success(), "tmux new-session failed: {out:?}");
    let path = t.tmux(&["display-message", "-p", "#{socket_path}"]);
    let path = String::from_utf8_lossy(&path.stdout).trim().to_string();
    t.socket_path = (!path.is_empty()).then(|| PathBuf::from(path));
    t.wait_text("sh$");
    t
}

impl Tmux {
    /// A tmux format of the pane: `#{alternate_on}`, `#{cursor_flag}`, ...
    fn pane_format(&self, format: &str) -> String {
        let out = self.tmux(&["display-message", "-p", "-t", "tutor", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

/// Issue 15: a panic inside the tutor (made on purpose with the debug-build-only trigger
/// `GRADTUTOR_TEST_PANIC=1`) leaves the shell usable: the panic hook has left the alternate
/// screen, shown the cursor, stopped mouse capture and raw mode.
#[test]
fn a_panic_inside_the_tutor_gives_the_shell_back_in_working_order() {
    if !have_tmux() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let progress = dir.path().join("progress.toml");
    let t = shell_session();
    t.type_text(&format!(
        "GRADTUTOR_TEST_PANIC=1 RUST_BACKTRACE=0 GRADTUTOR_PROGRESS={} NO_COLOR=1 TERM=xterm-256color {} {}; echo \"[exited $?]\"",
        quote(&progress.display().to_string()),
        quote(env!("CARGO_BIN_EXE_gradtutor")),
        quote(&fixture().display().to_string()),
    ));
    t.keys(&["Enter"]);
    t.wait_text("Practice set");
    assert_eq!(t.pane_format("#{alternate_on}"), "1", "the tutor runs");
    // The first key makes it panic, inside its terminal session.
    t.keys(&["j"]);
    let s = t.wait_text("[exited 101]");
    let message = "GRADTUTOR_TEST_PANIC=1: panicking inside the tutor, as a test asked";
    assert!(s.contains(message), "the panic message is shown:\n{s}");
    assert_eq!(
        t.pane_format("#{alternate_on}"),
        "0",
        "alternate screen left"
    );
    assert_eq!(t.pane_format("#{cursor_flag}"), "1", "cursor shown");
    assert_eq!(t.pane_format("#{mouse_any_flag}"), "0", "mouse capture off");
    // `sh` reads a line only in cooked mode: Enter ends it, and the command runs.
    t.type_text("echo \"cooked $((6*7))\"");
    t.keys(&["Enter"]);
    // ... on a line of its own, below the panic message, which nothing has overwritten.
    let s = t.wait_for("cooked 42", |s| s.lines().any(|l| l.trim() == "cooked 42"));
    assert!(s.contains(message), "the panic message is kept:\n{s}");
    t.type_text(
        "echo \"raw flags: $(stty -a | grep -o -w -e -icanon -e -echo -e -icrnl -e -opost | wc -l)\"",
    );
    t.keys(&["Enter"]);
    t.wait_for("raw flags: 0", |s| {
        s.lines().any(|l| l.trim() == "raw flags: 0")
    });
}

#[test]
fn the_graph_screen_steps_the_backward_pass_in_a_real_terminal() {
    if !have_tmux() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let progress = dir.path().join("progress.toml");
    let graphs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui/graph.toml");
    let t = Tmux::start_with(&progress, &[&graphs.display().to_string()]);
    t.wait_text("Graphs");
    t.keys(&["Enter"]);
    t.wait_text("give the adjoints");
    t.keys(&["M-c"]);
    t.wait_text("Press → to start the backward pass");
    t.keys(&["Right"]);
    t.wait_text("∂L/∂L = 1 (the output)");
    t.keys(&["Right", "Right", "Right"]);
    let s = t.wait_text("∂L/∂z = ∂L/∂a · σ′(z) = −0.5 · 0.25 = −0.125");
    assert!(s.contains("backward 4/9"), "{s}");
    t.keys(&["Left"]);
    t.wait_text("backward 3/9");
    t.keys(&["Escape"]);
    t.wait_text("Your answer");
    t.keys(&["C-c"]);
    t.wait_text("[exited 0]");
}

#[test]
fn the_solution_shows_the_derivation_with_the_variants_numbers_and_scrolls() {
    if !have_tmux() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let progress = dir.path().join("progress.toml");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui/derivation.toml");
    let t = Tmux::start_with(&progress, &[&file.display().to_string()]);
    t.wait_text("Derivations");
    t.keys(&["Enter"]);
    let s = t.wait_text("Find ∇f for f(x, y) = ");
    // the function as this variant's prompt writes it, with its drawn numbers
    let asked = s
        .split("Find ∇f for f(x, y) = ")
        .nth(1)
        .and_then(|rest| rest.split('.').next())
        .map(|f| f.replace('·', ""))
        .expect("the prompt's function");
    t.type_text("1");
    t.keys(&["Tab"]);
    t.type_text("1");
    t.keys(&["Enter"]);
    t.wait_text("Not right yet");
    t.keys(&["M-s"]);
    let s = t.wait_text("Derivation, rule by rule (generated):");
    let derived = s
        .lines()
        .find_map(|l| l.trim_end().strip_prefix("f(x, y) = "))
        .map(|f| f.replace('·', ""))
        .expect("the derivation starts from the function");
    assert_eq!(derived, asked, "{s}");
    assert!(
        !s.contains("a·x"),
        "the variant's numbers, not its names: {s}"
    );
    t.keys(&["PageDown", "PageDown", "PageDown"]);
    let s = t.wait_text("So ∂f/∂y = ");
    assert!(s.contains("PgUp"), "{s}");
    t.keys(&["C-c"]);
    t.wait_text("[exited 0]");
}

#[test]
fn an_adjoint_is_predicted_before_it_is_shown_in_a_real_terminal() {
    if !have_tmux() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let progress = dir.path().join("progress.toml");
    let graphs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui/graph.toml");
    let t = Tmux::start_with(&progress, &[&graphs.display().to_string()]);
    t.wait_text("Graphs");
    t.keys(&["Enter"]);
    t.wait_text("give the adjoints");
    t.keys(&["M-c"]);
    t.wait_text("Press → to start the backward pass");
    t.keys(&["p"]);
    t.wait_text("predict ∂L/∂L =");
    t.type_text("1");
    t.keys(&["Enter"]);
    let s = t.wait_text("✓ Right: ∂L/∂L = 1.");
    assert!(s.contains("backward 1/9  predicted 1/1"), "{s}");
    t.keys(&["Right", "p"]);
    t.wait_text("predict ∂L/∂a =");
    t.type_text("0.5");
    t.keys(&["Enter"]);
    let s = t.wait_text("✗ 0.5 has the wrong sign. ∂L/∂a = −0.5.");
    assert!(s.contains("∂L/∂a = ∂L/∂v7 · 1 = −0.5 · 1 = −0.5"), "{s}");
    assert!(s.contains("predicted 1/2"), "{s}");
    // An unreadable prediction stays open; Esc leaves it, a second Esc leaves the graph.
    t.keys(&["p"]);
    t.type_text("1/(");
    t.keys(&["Enter"]);
    t.wait_text("is never closed");
    t.keys(&["Escape"]);
    t.wait_for("the prediction closed", |s| !s.contains("predict ∂L/∂z ="));
    t.keys(&["Escape"]);
    t.wait_text("Your answer");
    t.keys(&["C-c"]);
    t.wait_text("[exited 0]");
}

#[test]
fn the_graph_of_a_descent_step_opens_from_the_stepper_in_a_real_terminal() {
    if !have_tmux() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let progress = dir.path().join("progress.toml");
    let descents =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui/graph_descent.toml");
    let t = Tmux::start_with(&progress, &[&descents.display().to_string()]);
    t.wait_text("Descent graphs");
    t.keys(&["Down", "Enter"]);
    t.wait_text("step 0 of at most 20");
    t.keys(&["Right"]);
    t.wait_text("step 1 of at most 20");
    t.keys(&["c"]);
    t.wait_text("Rosenbrock, small steps, step 1: f(x, y)");
    for _ in 0..9 {
        t.keys(&["Right"]);
    }
    // Step 1 is (0.1, 3) − 0.001·(−121.4, 598) = (0.2214, 2.402), where
    // ∇f = (−2(1 − x) − 400x(y − x²), 200(y − x²)) = (−209.937, 470.596).
    let s = t.wait_text("Step 1 → 2 moves against ∇f = (−209.937, 470.596)");
    assert!(s.contains("backward 9/9"), "{s}");
    assert!(
        s.contains("The backward pass gives ∇f = (−209.937, 470.596)."),
        "{s}"
    );
    assert!(
        s.contains("Done: the inputs' adjoints are the gradient."),
        "{s}"
    );
    t.keys(&["Escape"]);
    t.wait_text("step 1 of at most 20");
    t.keys(&["q"]);
    t.wait_text("[exited 0]");
}

/// The number after "variant " in the title bar of a captured screen.
fn variant_in_title(screen: &str) -> Option<u32> {
    let title: String = screen.lines().take(2).collect::<Vec<_>>().join(" ");
    let rest = title.split("variant ").nth(1)?;
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

#[test]
fn another_variant_is_drawn_after_an_attempt_and_kept_in_the_progress_file() {
    if !have_tmux() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let progress = dir.path().join("progress.toml");
    std::fs::write(&progress, "version = 1\nstudent = \"e2e-student\"\n").expect("write");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui/variants.toml");
    let t = Tmux::start_with(&progress, &[&file.display().to_string()]);
    t.wait_text("Drawn numbers");
    t.keys(&["Enter"]);
    let s = t.wait_text("Find f′(x) for f(x) = ");
    let first = variant_in_title(&s).unwrap_or_else(|| panic!("no variant in the title:\n{s}"));
    assert!(
        !s.contains("new numbers"),
        "not offered before an attempt:\n{s}"
    );
    t.keys(&["M-v"]);
    t.wait_text("once first");
    t.type_text("1");
    t.keys(&["Enter"]);
    t.wait_text("Not right yet");
    t.wait_text("Alt-v new numbers");
    t.keys(&["M-v"]);
    let s = t.wait_text("new numbers for the same question");
    let second = variant_in_title(&s).unwrap_or_else(|| panic!("no variant in the title:\n{s}"));
    assert_ne!(first, second, "{s}");
    assert!(s.contains("✗ 1 attempt"), "the attempt still counts:\n{s}");
    t.keys(&["C-c"]);
    t.wait_text("[exited 0]");
    let saved: toml::Value = toml::from_str(&read(&progress)).expect("the progress file reads");
    let record = &saved["exercises"]["e2e-drawn-power"];
    assert_eq!(record["variant"].as_integer(), Some(i64::from(second)));
    assert_eq!(
        record["history"][0]["variant"].as_integer(),
        Some(i64::from(first))
    );
    assert_eq!(saved["student"].as_str(), Some("e2e-student"));
}
