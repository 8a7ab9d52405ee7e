//! `gradtutor check` and `gradtutor grade`, run as a student runs them.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/grade")
}

fn course() -> String {
    fixtures().join("course").display().to_string()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .args(args)
        .env_remove("GRADTUTOR_PROGRESS")
        .output()
        .expect("the gradtutor binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_a_correct_answer_exits_0() {
    let o = run(&["check", "poly-first", "2 + 12x^3 - 10x", &course()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).starts_with("✓ Correct"), "{}", stdout(&o));
}

#[test]
fn check_a_wrong_answer_exits_1_with_the_diagnosis() {
    let o = run(&["check", "poly-first", "3x^4 - 5x^2 + 2x", &course()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.starts_with("✗ Your answer is the function itself"),
        "{out}"
    );
    assert!(out.contains("diagnosis: not_differentiated"), "{out}");
}

#[test]
fn check_vectors_matrices_and_tables_in_toml_syntax() {
    let o = run(&["check", "grad-paraboloid", r#"["2x", "2y"]"#, &course()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run(&[
        "check",
        "jacobian-1",
        r#"[["2xy", "5"], ["x^2", "cos(y)"]]"#,
        &course(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("diagnosis: transposed"),
        "{}",
        stdout(&o)
    );
    let o = run(&[
        "check",
        "likelihood-a",
        "{ z = [0, 3.5, 5.5, 8, 9.5, 11.5, 13.5, 16], a = [0.5, 0.97069, 0.99593, 0.99966, \
         0.99993, 0.99999, 1, 1], p = [0.5, 0.029312, 0.0040701, 0.00033535, 0.99993, 0.99999, \
         1, 1], L = 0, cost = 0.96236 }",
        &course(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("✗ L:"), "{}", stdout(&o));
}

#[test]
fn check_an_unreadable_answer_shows_the_column() {
    let o = run(&["check", "poly-first", "12x^3 - 10x + 2)", &course()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("column 16"), "{out}");
    assert!(
        out.contains("    12x^3 - 10x + 2)\n                   ^"),
        "{out}"
    );
}

#[test]
fn check_a_negative_number_is_an_answer_not_an_option() {
    let o = run(&["check", "limit-line", "-0.5", &course()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn check_usage_errors_exit_2() {
    let o = run(&["check", "poly-frist", "1", &course()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean: poly-first"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty());
    let o = run(&["check", "grad-paraboloid", r#"["2x", "#, &course()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("TOML"), "{}", stderr(&o));
    let o = run(&["check", "poly-first"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["check", "poly-first", "1", "/nonexistent/course"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn grade_all_correct_exits_0_with_the_score() {
    let answers = fixtures().join("answers-correct.toml");
    let o = run(&["grade", "--answers", answers.to_str().unwrap(), &course()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("✓ ")).count(),
        8,
        "{out}"
    );
    assert!(out.ends_with("score: 8/8 correct (0 incorrect, 0 could not be read, 0 unanswered)\n"));
}

#[test]
fn grade_mixed_answers_line_by_line() {
    let answers = fixtures().join("answers-mixed.toml");
    let o = run(&["grade", "--answers", answers.to_str().unwrap(), &course()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    // One line per exercise; the feedback of each wrong cell is indented under it.
    let lines: Vec<&str> = out.lines().filter(|l| !l.starts_with("  ")).collect();
    assert_eq!(lines.len(), 9, "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("  ✗ ") && l.ends_with("this is ∂f/∂y, not ∂f/∂x")),
        "{out}"
    );
    assert!(lines[0].starts_with("✓ poly-first"), "{out}");
    assert!(lines[1].starts_with("✗ sqrt-slope-at-4"), "{out}");
    assert!(lines[2].contains("wrong order"), "{out}");
    assert!(
        lines[3].starts_with("! jacobian-1  The Jacobian has 2 rows"),
        "{out}"
    );
    assert!(lines[4].starts_with("! cos-value  Could not read"), "{out}");
    assert!(lines[6].starts_with("✗ max-ln  no answer"), "{out}");
    assert!(lines[7].contains("natural logarithms"), "{out}");
    assert_eq!(
        lines[8],
        "score: 1/8 correct (4 incorrect, 2 could not be read, 1 unanswered)"
    );
    assert!(
        stderr(&o).contains("warning: `poly-frist` is not the id of any loaded exercise"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn grade_json_has_exactly_the_documented_shape() {
    let answers = fixtures().join("answers-mixed.toml");
    let o = run(&[
        "grade",
        "--json",
        "--answers",
        answers.to_str().unwrap(),
        &course(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "only the JSON on stdout: {out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let obj = v.as_object().expect("an object");
    let mut keys: Vec<&str> = obj.keys().map(|k| k.as_str()).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["results", "summary"]);
    let results = v["results"].as_array().expect("results");
    assert_eq!(results.len(), 8);
    for r in results {
        let mut keys: Vec<&str> = r.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "cells",
                "diagnosis",
                "id",
                "kind",
                "message",
                "params",
                "variant",
                "verdict"
            ]
        );
        assert!(["correct", "incorrect", "invalid", "unanswered"]
            .contains(&r["verdict"].as_str().unwrap()));
    }
    assert_eq!(results[0]["id"], "poly-first");
    assert_eq!(results[0]["kind"], "derivative");
    assert_eq!(results[0]["verdict"], "correct");
    assert!(results[0]["diagnosis"].is_null());
    assert!(results[0]["cells"].is_null());
    assert_eq!(results[2]["diagnosis"], "swapped");
    assert_eq!(results[2]["cells"][0]["cell"], "1");
    assert_eq!(results[2]["cells"][0]["verdict"], "incorrect");
    assert_eq!(results[6]["verdict"], "unanswered");
    assert_eq!(results[7]["diagnosis"], "log_base");
    assert_eq!(
        v["summary"],
        serde_json::json!({"total": 8, "correct": 1, "incorrect": 4, "invalid": 2, "unanswered": 1})
    );
    // The unknown id is a warning on stderr, never in the JSON.
    assert!(stderr(&o).contains("poly-frist"));
}

#[test]
fn grade_refuses_huge_and_binary_files() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    // 10 MB and one byte of valid TOML comments.
    let line = format!("# {}\n", "x".repeat(1022));
    let mut text = line.repeat(10 * 1024);
    text.push('\n');
    std::fs::write(&big, &text).unwrap();
    let o = run(&["grade", "--answers", big.to_str().unwrap(), &course()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("more than the 10 MB"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());

    let bin = dir.path().join("answers.toml");
    std::fs::write(&bin, b"poly-first = \"1\"\n\x00\x01\x02").unwrap();
    let o = run(&["grade", "--answers", bin.to_str().unwrap(), &course()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a text file"), "{}", stderr(&o));

    std::fs::write(&bin, [0xff, 0xfe, 0x41]).unwrap();
    let o = run(&["grade", "--answers", bin.to_str().unwrap(), &course()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not valid UTF-8"), "{}", stderr(&o));
}

#[test]
fn grade_usage_and_syntax_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("answers.toml");
    std::fs::write(&bad, "poly-first = \"1\"\ngrad-paraboloid = [\"2x\",\n").unwrap();
    let o = run(&["grade", "--answers", bad.to_str().unwrap(), &course()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("answers.toml:"), "{}", stderr(&o));
    let o = run(&["grade", "--answers", "/nonexistent/answers.toml", &course()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read"), "{}", stderr(&o));
    let o = run(&["grade", &course()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn grade_a_value_that_is_not_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("answers.toml");
    std::fs::write(&f, "poly-first = true\n").unwrap();
    let o = run(&[
        "grade",
        "--json",
        "--answers",
        f.to_str().unwrap(),
        &course(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["results"][0]["verdict"], "invalid");
    assert!(v["results"][0]["message"]
        .as_str()
        .unwrap()
        .contains("a boolean"));
}

/// Issue 15: `grade --answers FILE` without PATH grades the bundled course; when no answer in
/// the file names a loaded exercise, that is a forgotten PATH, not 98 unanswered exercises.
#[test]
fn grade_stops_when_no_answer_names_a_loaded_exercise() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("answers.toml");
    std::fs::write(
        &f,
        "poly-first = \"12x^3 - 10x + 2\"\ncos-value = \"0.3334\"\n",
    )
    .unwrap();
    for json in [false, true] {
        let mut args = vec!["grade", "--answers", f.to_str().unwrap()];
        if json {
            args.push("--json");
        }
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).is_empty(), "{}", stdout(&o));
        let err = stderr(&o);
        assert!(
            err.contains("none of the 2 answers") && err.contains("the bundled course"),
            "{err}"
        );
        assert!(
            err.contains("give the exercise files: gradtutor grade --answers"),
            "{err}"
        );
    }
    // With the files given, the same answers are graded.
    let o = run(&["grade", "--answers", f.to_str().unwrap(), &course()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

/// Issue 15: plain `grade` shows the feedback of every wrong cell, not only the first (a log
/// base mistake in a total was only in the JSON when an earlier cell was wrong too).
#[test]
fn plain_grade_shows_every_wrong_cells_feedback() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("answers.toml");
    std::fs::write(
        &f,
        "likelihood-a = { z = [0, 3.5, 5.5, 8, 9.5, 11.5, 13.5, 16], \
         a = [0.5, 0.97069, 0.99593, 0.9, 0.99993, 0.99999, 1, 1], \
         p = [0.5, 0.029312, 0.0040701, 0.00033535, 0.99993, 0.99999, 1, 1], \
         L = 2.0e-8, cost = 2.216 }\n",
    )
    .unwrap();
    let o = run(&["grade", "--answers", f.to_str().unwrap(), &course()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("\n  ✗ a[4]: "), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("  ✗ cost: ") && l.contains("natural logarithms")),
        "{out}"
    );
}

/// Issue 15: `check` and plain `grade` say how each answer was read, as the tutor does, so
/// that `1/2 x` read as 1/(2x) does not surprise a student who never opens the tutor.
#[test]
fn check_and_grade_print_how_the_answer_was_understood() {
    let o = run(&["check", "poly-first", "1/2 x", &course()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.lines().any(|l| l == "  understood: 1/(2·x)"), "{out}");
    let o = run(&["check", "poly-first", "2 + 12x^3 - 10x", &course()]);
    assert!(
        stdout(&o)
            .lines()
            .any(|l| l == "  understood: 2 + 12·x³ − 10·x"),
        "{}",
        stdout(&o)
    );
    // Vectors and matrices in the shape they were typed.
    let o = run(&["check", "grad-paraboloid", r#"["2x", "2 y"]"#, &course()]);
    assert!(
        stdout(&o).lines().any(|l| l == "  understood: [2·x, 2·y]"),
        "{}",
        stdout(&o)
    );
    // A number is understood as itself: only the cells that are more than a number are shown.
    let o = run(&["check", "sqrt-slope-at-4", "1/4", &course()]);
    assert!(
        stdout(&o).lines().any(|l| l == "  understood: 1/4"),
        "{}",
        stdout(&o)
    );
    let o = run(&["check", "sqrt-slope-at-4", "0.25", &course()]);
    assert!(!stdout(&o).contains("understood"), "{}", stdout(&o));

    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("answers.toml");
    std::fs::write(
        &f,
        "poly-first = \"1/2 x\"\ncos-value = \"cos(2)cos(2.5)\"\n",
    )
    .unwrap();
    let o = run(&["grade", "--answers", f.to_str().unwrap(), &course()]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let at = |id: &str| {
        lines
            .iter()
            .position(|l| l.contains(&format!(" {id}  ")))
            .unwrap_or_else(|| panic!("{id} in {out}"))
    };
    assert_eq!(
        lines[at("poly-first") + 1],
        "  understood: 1/(2·x)",
        "{out}"
    );
    assert_eq!(
        lines[at("cos-value") + 1],
        "  understood: cos(2)·cos(2.5)",
        "{out}"
    );
    // Unanswered exercises have nothing to show.
    assert!(!lines[at("max-ln") + 1].contains("understood"), "{out}");
}
