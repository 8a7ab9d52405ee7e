//! The class report (issue 12): grouping a class's wrong answers by what they mean, the counts,
//! every format, randomised exercises across variants, and bad submissions.

use gradtutor::exercise::{load_paths, Course};
use gradtutor::grade::{answers_student, parse_answers, GradeVerdict};
use gradtutor::report::{self, ClassReport, ExerciseReport, Group, Submission};
use std::path::PathBuf;
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report")
}

fn course() -> Course {
    let loaded = load_paths(&[fixtures().join("course")]).expect("the fixture course loads");
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.course
}

/// A submission written as an answers file: `student = "name"` first, then the answers.
fn submission(name: &str, answers: &str) -> Submission {
    let text = format!(
        "student = {}\n{answers}",
        toml::Value::String(name.to_string())
    );
    Submission {
        file: format!("{name}.toml"),
        name: name.to_string(),
        student: answers_student(&text),
        entries: parse_answers(&text, name).expect("the answers file parses"),
    }
}

fn class(subs: &[(&str, &str)]) -> ClassReport {
    let subs = subs.iter().map(|(n, a)| submission(n, a)).collect();
    report::build(&course(), subs, Vec::new())
}

fn exercise<'a>(r: &'a ClassReport, id: &str) -> &'a ExerciseReport {
    r.exercises
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("{id} is in the report"))
}

fn texts(g: &Group) -> Vec<&str> {
    g.answers.iter().map(|f| f.text.as_str()).collect()
}

#[test]
fn equal_answers_typed_differently_are_one_group() {
    let r = class(&[
        ("ana", r#"chain-square = "2x(x−3)""#),
        ("ben", r#"chain-square = "2*x*(x-3)""#),
        ("cleo", r#"chain-square = "2x² − 6x""#),
        ("dan", r#"chain-square = "2x(x−3)""#),
        ("eve", r#"chain-square = "-6x + 2 x^2""#),
    ]);
    let e = exercise(&r, "chain-square");
    assert_eq!(e.groups.len(), 1, "{:#?}", e.groups);
    let g = &e.groups[0];
    assert_eq!(g.count, 5);
    assert_eq!(g.verdict, GradeVerdict::Incorrect);
    assert_eq!(g.diagnosis.map(|d| d.tag()), Some("chain_rule"));
    assert_eq!(g.students, ["ana", "ben", "cleo", "dan", "eve"]);
    // Every form typed, each counted; one typed twice comes first.
    assert_eq!(g.answers[0].text, "2x(x−3)");
    assert_eq!(g.answers[0].count, 2);
    assert_eq!(g.answers.iter().map(|f| f.count).sum::<usize>(), 5);
    assert_eq!(texts(g).len(), 4);
    assert!(g.message.contains("inner derivative"), "{}", g.message);
}

#[test]
fn different_answers_are_separate_groups_even_where_they_agree_at_some_points() {
    let r = class(&[
        ("ana", r#"chain-square = "2x(x-3)""#),
        // Equal to ana's at x = ±3 (the ends of the domain, where the checker samples) only.
        ("ben", r#"chain-square = "2x(x-3) + (x^2 - 9)/100""#),
        // Equal at x = 0, ±1, ±3 only.
        ("cleo", r#"chain-square = "2x(x-3) + x(x^2-1)(x^2-9)/1000""#),
        // Within 0.01% of ana's everywhere, but not equal.
        ("dan", r#"chain-square = "2x(x-3)*1.0001""#),
        ("eve", r#"chain-square = "2x(x-3)""#),
    ]);
    let e = exercise(&r, "chain-square");
    assert_eq!(e.groups.len(), 4, "{:#?}", e.groups);
    assert_eq!(e.groups[0].students, ["ana", "eve"]);
    for g in &e.groups[1..] {
        assert_eq!(g.count, 1, "{g:#?}");
    }
}

#[test]
fn number_answers_group_within_the_tolerance() {
    let r = class(&[
        ("ana", "slope-at-2 = 8"),
        ("ben", r#"slope-at-2 = "2^3""#),
        ("cleo", "slope-at-2 = 8.0"),
        ("dan", "slope-at-2 = 9"),
        ("eve", "slope-at-2 = 12"),
    ]);
    let e = exercise(&r, "slope-at-2");
    assert_eq!(
        (e.answered, e.correct, e.incorrect, e.invalid),
        (5, 1, 4, 0)
    );
    assert_eq!(e.groups.len(), 2, "{:#?}", e.groups);
    assert_eq!(e.groups[0].students, ["ana", "ben", "cleo"]);
    assert_eq!(
        e.groups[0].diagnosis.map(|d| d.tag()),
        Some("not_differentiated")
    );
    assert_eq!(e.groups[1].students, ["dan"]);
}

#[test]
fn a_point_typed_as_one_text_is_grouped_with_the_same_point_as_a_list() {
    let r = class(&[
        ("ana", r#"min-bowl = "(1, 2)""#),
        ("ben", r#"min-bowl = ["1", "2"]"#),
        ("cleo", r#"min-bowl = "[1.0, 2]""#),
        ("dan", r#"min-bowl = "(-1, 2)""#),
    ]);
    let e = exercise(&r, "min-bowl");
    assert_eq!(e.incorrect, 4);
    let students: Vec<&[String]> = e.groups.iter().map(|g| g.students.as_slice()).collect();
    assert_eq!(students, [&["ana", "ben", "cleo"][..], &["dan"][..]]);
}

#[test]
fn unreadable_answers_are_grouped_by_their_error() {
    let r = class(&[
        ("ana", r#"sin-square = "cos(x^2""#),
        ("ben", r#"sin-square = "2x*cos(x^2""#),
        ("cleo", r#"sin-square = "2x cos(x^2)))""#),
        ("dan", r#"grad-xy = "2xy""#),
        ("eve", r#"grad-xy = ["2xy", "x^2 + 3y^2", "0"]"#),
    ]);
    let e = exercise(&r, "sin-square");
    assert_eq!(e.invalid, 3);
    assert_eq!(e.groups.len(), 2, "{:#?}", e.groups);
    assert_eq!(e.groups[0].verdict, GradeVerdict::Invalid);
    assert_eq!(e.groups[0].students, ["ana", "ben"]);
    assert_eq!(e.groups[0].diagnosis, None);
    // A wrong shape is its own error.
    let g = exercise(&r, "grad-xy");
    assert_eq!(g.groups.len(), 2);
}

#[test]
fn groups_are_ordered_by_count_largest_first() {
    let r = class(&[
        ("ana", r#"sin-square = "-2x cos(x^2)""#),
        ("ben", r#"sin-square = "cos(x^2)""#),
        ("cleo", r#"sin-square = "cos(x²)""#),
        ("dan", r#"sin-square = "cos(x^2""#),
        ("eve", r#"sin-square = "cos(x*x)""#),
    ]);
    let counts: Vec<usize> = exercise(&r, "sin-square")
        .groups
        .iter()
        .map(|g| g.count)
        .collect();
    assert_eq!(counts, [3, 1, 1]);
}

#[test]
fn students_counts_and_missed_exercises() {
    let r = class(&[
        (
            "ana",
            "slope-at-2 = 12\nchain-square = \"2(x^2 - 3x)(2x - 3)\"",
        ),
        ("ben", "slope-at-2 = 8\nsin-square = \"cos(x^2\""),
    ]);
    // The report covers the exercises anyone answered, in course order.
    let ids: Vec<&str> = r.exercises.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["chain-square", "sin-square", "slope-at-2"]);
    let ana = &r.students[0];
    assert_eq!(
        (ana.answered, ana.correct, ana.incorrect, ana.invalid),
        (2, 2, 0, 0)
    );
    assert!(ana.missed.is_empty());
    let ben = &r.students[1];
    assert_eq!(
        (ben.answered, ben.correct, ben.incorrect, ben.invalid),
        (2, 0, 1, 1)
    );
    assert_eq!(ben.missed, ["sin-square", "slope-at-2"]);
    assert_eq!(ben.unanswered, 1);
    // One row per student × exercise.
    assert_eq!(r.rows.len(), 6);
}

#[test]
fn diagnoses_are_ranked_by_students_then_exercises() {
    let r = class(&[
        (
            "ana",
            "chain-square = \"2x(x-3)\"\nsin-square = \"cos(x^2)\"",
        ),
        ("ben", "sin-square = \"cos(x^2)\"\nslope-at-2 = 8"),
        ("cleo", "chain-square = \"2x^2 - 6x\""),
    ]);
    let ranked: Vec<(&str, usize, usize, usize)> = r
        .diagnoses
        .iter()
        .map(|d| (d.diagnosis.tag(), d.students, d.exercises, d.answers))
        .collect();
    assert_eq!(
        ranked,
        [("chain_rule", 3, 2, 4), ("not_differentiated", 1, 1, 1)]
    );
    let missed: Vec<(&str, usize)> = r
        .exercises_missed()
        .iter()
        .map(|e| (e.id.as_str(), e.missed()))
        .collect();
    assert_eq!(
        missed,
        [("chain-square", 2), ("sin-square", 2), ("slope-at-2", 1)]
    );
}

#[test]
fn randomised_answers_group_by_value_within_a_variant_and_by_diagnosis_across() {
    // power-drawn: f = a·xⁿ; variant 1 is a = 8, n = 5; variant 2 a = 8, n = 4; variant 3
    // a = 3, n = 6 (`gradtutor show power-drawn --variant N`).
    let r = class(&[
        ("ana", r#"power-drawn = { answer = "8x^4", variant = 1 }"#),
        ("ben", r#"power-drawn = { answer = "8*x^4", variant = 1 }"#),
        ("cleo", r#"power-drawn = { answer = "8x^3", variant = 2 }"#),
        ("dan", r#"power-drawn = { answer = "3x^5", variant = 3 }"#),
        // No diagnosis: grouped by value, and only within its variant.
        ("eve", r#"power-drawn = { answer = "x + 1", variant = 1 }"#),
        ("fay", r#"power-drawn = { answer = "1 + x", variant = 2 }"#),
        ("gus", r#"power-drawn = { answer = "x+1", variant = 1 }"#),
        ("hal", r#"power-drawn = { answer = "40x^4", variant = 1 }"#),
    ]);
    let e = exercise(&r, "power-drawn");
    assert_eq!((e.correct, e.incorrect), (1, 7));
    let g = &e.groups[0];
    assert_eq!(g.diagnosis.map(|d| d.tag()), Some("power_rule"));
    assert_eq!(g.students, ["ana", "ben", "cleo", "dan"]);
    let rest: Vec<Vec<&str>> = e.groups[1..]
        .iter()
        .map(|g| g.students.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(rest, [vec!["eve", "gus"], vec!["fay"]]);
    // The CSV rows carry each answer's variant and group.
    let fay = r.rows.iter().find(|row| row.student == "fay").expect("fay");
    assert_eq!((fay.variant, fay.group), (Some(2), Some(3)));
}

#[test]
fn the_students_variant_is_used_when_the_entry_names_none() {
    let r = class(&[("ana", r#"power-drawn = "x""#)]);
    let row = &r.rows[0];
    assert!(row.variant.is_some(), "{row:?}");
    assert_eq!(row.verdict, GradeVerdict::Incorrect);
}

// ---- formats ----

/// The class in tests/fixtures/report/class, named by a relative path (tests run in the package
/// root) so that the snapshots are the same on every machine.
fn fixture_class() -> ClassReport {
    let (subs, skipped) = report::read_submissions(&[PathBuf::from("tests/fixtures/report/class")]);
    report::build(&course(), subs, skipped)
}

#[test]
fn the_json_has_exactly_the_shape_of_the_issue() {
    let r = fixture_class();
    let v: serde_json::Value = serde_json::from_str(&report::json(&r)).expect("the report is JSON");
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&v), ["diagnoses", "exercises", "skipped", "students"]);
    assert_eq!(
        keys(&v["students"][0]),
        ["answered", "correct", "incorrect", "invalid", "name"]
    );
    assert_eq!(
        keys(&v["exercises"][0]),
        [
            "answered",
            "correct",
            "groups",
            "id",
            "incorrect",
            "invalid"
        ]
    );
    let g = &v["exercises"][0]["groups"][0];
    assert_eq!(
        keys(g),
        [
            "answers",
            "count",
            "diagnosis",
            "message",
            "students",
            "verdict"
        ]
    );
    assert_eq!(keys(&g["answers"][0]), ["count", "text"]);
    assert!(g["students"][0].is_string());
    assert_eq!(g["verdict"], "incorrect");
    assert_eq!(g["diagnosis"], "chain_rule");
    assert_eq!(
        keys(&v["diagnoses"][0]),
        ["answers", "diagnosis", "exercises", "students"]
    );
    assert_eq!(v["diagnoses"][0]["diagnosis"], "chain_rule");
    assert_eq!(keys(&v["skipped"][0]), ["error", "file"]);
    assert!(v["skipped"][0]["file"]
        .as_str()
        .is_some_and(|f| f.ends_with("broken.toml")));
    // An unreadable group: verdict "invalid", diagnosis null.
    let invalid = v["exercises"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|e| e["groups"].as_array().into_iter().flatten())
        .find(|g| g["verdict"] == "invalid")
        .expect("an invalid group");
    assert!(invalid["diagnosis"].is_null());
    // Groups largest first, everywhere.
    for e in v["exercises"].as_array().into_iter().flatten() {
        let counts: Vec<u64> = e["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|g| g["count"].as_u64())
            .collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    }
}

/// A CSV reader (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes).
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn the_csv_reads_back_one_row_per_student_and_exercise() {
    let mut r = class(&[
        ("ana", r#"chain-square = "2x(x-3)""#),
        (
            "ben",
            "grad-xy = [\"x^2 + 3y^2\", \"2xy\"]\nslope-at-2 = 12",
        ),
        (
            "cleo, \"the\" third",
            r#"power-drawn = { answer = "3x^5", variant = 3 }"#,
        ),
    ]);
    r.rows.sort_by(|a, b| a.student.cmp(&b.student));
    let rows = read_csv(&report::csv(&r));
    assert_eq!(rows[0], report::CSV_COLUMNS);
    assert_eq!(rows.len(), 1 + 3 * 4);
    let ben_grad = rows
        .iter()
        .find(|row| row[0] == "ben" && row[1] == "grad-xy")
        .expect("ben's gradient");
    assert_eq!(
        ben_grad,
        &[
            "ben",
            "grad-xy",
            "",
            "[x^2 + 3y^2, 2xy]",
            "incorrect",
            "swapped",
            "1"
        ]
    );
    let cleo = rows
        .iter()
        .find(|row| row[1] == "power-drawn" && row[4] != "unanswered")
        .expect("cleo's variant");
    assert_eq!(cleo[0], "cleo, \"the\" third");
    assert_eq!(&cleo[2..], ["3", "3x^5", "incorrect", "power_rule", "1"]);
    let unanswered = rows
        .iter()
        .find(|row| row[0] == "ana" && row[1] == "slope-at-2")
        .expect("ana's slope");
    assert_eq!(&unanswered[3..], ["", "unanswered", "", ""]);
    for row in &rows {
        assert_eq!(row.len(), report::CSV_COLUMNS.len(), "{row:?}");
    }
}

#[test]
fn the_markdown_report() {
    insta::assert_snapshot!("markdown", report::markdown(&fixture_class()));
}

#[test]
fn the_text_report_aligns_its_tables() {
    let out = report::text(&fixture_class());
    insta::assert_snapshot!("text", out);
}

// ---- the command ----

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .arg("report")
        .args(args)
        .env_remove("GRADTUTOR_PROGRESS")
        .output()
        .expect("the gradtutor binary runs")
}

fn course_arg() -> String {
    fixtures().join("course").display().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn bad_submissions_are_skipped_with_their_reasons_and_change_nothing_else() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let good = fixtures().join("class/ben.toml");
    let binary = dir.path().join("photo.toml");
    std::fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 0, 1, 2]).expect("write");
    let huge = dir.path().join("huge.toml");
    let line = "chain-square = \"2x\"\n";
    std::fs::write(&huge, line.repeat(11 * 1024 * 1024 / line.len())).expect("write");
    let other = dir.path().join("other-course.toml");
    std::fs::write(&other, "student = \"zed\"\nno-such-exercise = \"1\"\n").expect("write");
    let some_unknown = dir.path().join("typo.toml");
    std::fs::write(
        &some_unknown,
        "student = \"ivy\"\nchain-squar = \"1\"\nslope-at-2 = 12\n",
    )
    .expect("write");
    let paths: Vec<String> = [&good, &binary, &huge, &other, &some_unknown]
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let course_arg = course_arg();
    let mut args = vec!["--course", course_arg.as_str(), "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let skipped: Vec<(String, String)> = v["skipped"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                s["file"].as_str().unwrap_or_default().to_string(),
                s["error"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert!(skipped[0].0.ends_with("photo.toml") && skipped[0].1.contains("not a text file"));
    assert!(skipped[1].0.ends_with("huge.toml") && skipped[1].1.contains("10 MB"));
    assert!(skipped[2].0.ends_with("other-course.toml") && skipped[2].1.contains("--course"));
    // The unknown id is a warning with the file, "did you mean" included; ivy's answer counts.
    let err = stderr(&o);
    assert!(
        err.contains("typo.toml: `chain-squar` is not the id"),
        "{err}"
    );
    assert!(err.contains("did you mean chain-square"), "{err}");
    assert!(err.contains("warning: skipped"), "{err}");
    let names: Vec<&str> = v["students"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, ["ben", "ivy"]);
    // Nothing else changed: ben alone gives the same exercises and groups.
    let alone = run(&["--course", &course_arg, "--format", "json", &paths[0]]);
    let w: serde_json::Value = serde_json::from_slice(&alone.stdout).expect("JSON");
    let ben_groups = |v: &serde_json::Value, id: &str| {
        v["exercises"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|e| e["id"] == id)
            .map(|e| e["groups"].clone())
    };
    assert_eq!(
        ben_groups(&v, "chain-square"),
        ben_groups(&w, "chain-square")
    );
}

#[test]
fn no_readable_submission_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "a = [").expect("write");
    let out = dir.path().join("report.md");
    let o = run(&[
        "--course",
        &course_arg(),
        "--out",
        &out.display().to_string(),
        &bad.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no submission could be read"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).status.code(), Some(2));
    let class = fixtures().join("class").display().to_string();
    assert_eq!(run(&["--format", "pdf", &class]).status.code(), Some(2));
}

#[test]
fn out_writes_the_report_to_a_file_and_exits_0() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("report.csv");
    let class = fixtures().join("class").display().to_string();
    let o = run(&[
        "--course",
        &course_arg(),
        "--format",
        "csv",
        "--out",
        &out.display().to_string(),
        &class,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let written = std::fs::read_to_string(&out).expect("the report was written");
    assert_eq!(read_csv(&written).len(), 1 + 5 * 5);
}

#[test]
fn the_bundled_course_is_the_default() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let ana = dir.path().join("ana.toml");
    std::fs::write(&ana, "sigmoid-derivative = \"σ(x)\"\n").expect("write");
    let o = run(&["--format", "json", &ana.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["exercises"][0]["id"], "sigmoid-derivative");
    assert_eq!(v["students"][0]["name"], "ana");
    // Answers to no exercise of the bundled course: nothing to report.
    let other = dir.path().join("other.toml");
    std::fs::write(&other, "this-id-is-not-bundled = \"1\"\n").expect("write");
    let o = run(&[&other.display().to_string()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("none of its 1 answers"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn docs_report_md_shows_what_the_binary_writes_in_every_format() {
    let doc =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/report.md"))
            .expect("docs/report.md");
    let example = "tests/fixtures/report/example";
    let course = "tests/fixtures/report/course";
    for format in ["text", "markdown", "csv", "json"] {
        let o = Command::new(env!("CARGO_BIN_EXE_gradtutor"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["report", "--course", course, "--format", format, example])
            .output()
            .expect("the gradtutor binary runs");
        assert_eq!(o.status.code(), Some(0));
        let written = String::from_utf8_lossy(&o.stdout);
        assert!(
            doc.contains(written.as_ref()),
            "docs/report.md does not show the {format} report as the binary writes it now:\n{written}"
        );
    }
}
