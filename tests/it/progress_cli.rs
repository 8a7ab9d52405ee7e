//! `gradtutor progress`: the summary per set, and `--reset [ID]` with its confirmation rules.
//! (Answering the y/N question in a terminal is exercised in tests/e2e_tutor.rs.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui/practice.toml")
}

fn gradtutor(progress: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .args(args)
        .env("GRADTUTOR_PROGRESS", progress)
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const SAVED: &str = r#"
version = 1
last_set = "practice.toml"

[exercises.e2e-power-rule]
attempts = 2
solved = true
hints_used = 1

[exercises.e2e-chain-rule]
attempts = 1
gave_up = true

[exercises.retired-one]
attempts = 4
solved = true
"#;

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.toml");
    std::fs::write(&path, SAVED).expect("write");
    (dir, path)
}

#[test]
fn the_summary_counts_per_set_and_mentions_kept_ids() {
    let (_dir, path) = setup();
    let out = gradtutor(&path, &["progress", &fixture().display().to_string()]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    let row = stdout
        .lines()
        .find(|l| l.starts_with("Practice set"))
        .unwrap_or_else(|| panic!("no row for the set in:\n{stdout}"));
    let cols: Vec<&str> = row["Practice set".len()..].split_whitespace().collect();
    // solved, attempted, total, hints, gave up, descent examples, walked
    assert_eq!(cols, ["1", "1", "2", "1", "1", "1", "0"], "{stdout}");
    assert!(stdout.contains("1/2 exercises solved."), "{stdout}");
    assert!(stdout.contains("retired-one"), "{stdout}");
}

#[test]
fn reset_refuses_without_a_terminal_unless_told_yes() {
    let (_dir, path) = setup();
    let out = gradtutor(&path, &["progress", "--reset"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--yes"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), SAVED);
}

#[test]
fn reset_of_one_id_keeps_the_others() {
    let (_dir, path) = setup();
    let out = gradtutor(&path, &["progress", "--reset", "e2e-power-rule", "--yes"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let saved: toml::Value =
        toml::from_str(&std::fs::read_to_string(&path).expect("read")).expect("toml");
    let ex = saved["exercises"].as_table().expect("table");
    assert!(!ex.contains_key("e2e-power-rule"));
    assert!(ex.contains_key("e2e-chain-rule") && ex.contains_key("retired-one"));
}

#[test]
fn reset_of_everything_and_of_an_unknown_id() {
    let (_dir, path) = setup();
    let out = gradtutor(&path, &["progress", "--reset", "no-such-id", "--yes"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("nothing to clear"));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), SAVED);
    let out = gradtutor(&path, &["progress", "--reset", "--yes"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let saved: toml::Value =
        toml::from_str(&std::fs::read_to_string(&path).expect("read")).expect("toml");
    assert!(saved["exercises"].as_table().is_some_and(|t| t.is_empty()));
}

#[test]
fn a_corrupt_file_is_reported_and_moved_aside_by_the_summary_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.toml");
    std::fs::write(&path, "not = [toml").expect("write");
    let out = gradtutor(&path, &["progress", &fixture().display().to_string()]);
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("moved to"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("0/2 exercises solved."));
}

#[test]
fn the_tutor_refuses_politely_without_a_terminal() {
    let (_dir, path) = setup();
    let out = gradtutor(&path, &[&fixture().display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("needs a terminal"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_summary_counts_worked_descent_examples_walked_or_predicted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.toml");
    std::fs::write(
        &path,
        "version = 1\n\n[exercises.e2e-descent]\nwalked = true\n",
    )
    .expect("write");
    let out = gradtutor(&path, &["progress", &fixture().display().to_string()]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    let header = stdout.lines().nth(1).expect("the header");
    assert!(header.trim_end().ends_with("examples  walked"), "{stdout}");
    let row = stdout
        .lines()
        .find(|l| l.starts_with("Practice set"))
        .unwrap_or_else(|| panic!("no row for the set in:\n{stdout}"));
    let cols: Vec<&str> = row["Practice set".len()..].split_whitespace().collect();
    assert_eq!(cols[5..], ["1", "1"], "{stdout}");
    assert!(
        stdout.contains("1/1 worked descent examples walked or predicted."),
        "{stdout}"
    );
}
