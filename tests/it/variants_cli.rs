//! Randomised exercises on the command line: `check --variant/--student`, answers files with
//! variants and a student, `grade --json`'s variant and params, and `progress --export`.

use gradtutor::exercise::{load_str, Answer, Exercise};
use gradtutor::progress::Progress;
use std::path::Path;
use std::process::{Command, Output};

const DRAWN: &str = r#"title = "Drawn"

[[exercise]]
id = "power-rule-drawn"
kind = "derivative"
params = { a = { int = [2, 9] }, n = { int = [3, 6] }, c = { choose = [-3, -2, -1, 1, 2, 3] } }
where = ["a != n"]
function = "a*x^n + c*x"
var = "x"
prompt = "Find f′(x) for f(x) = {function}."
answer = "a*n*x^(n-1) + c"

[[exercise]]
id = "fixed-one"
kind = "derivative"
function = "x^2"
var = "x"
prompt = "Find f′(x) for f(x) = x²."
"#;

fn drawn() -> Exercise {
    let (set, d) = load_str("drawn.toml", DRAWN);
    set.unwrap_or_else(|| panic!("{d:?}"))
        .exercises
        .into_iter()
        .next()
        .expect("exercise")
}

/// The right answer to variant `n`, written with its numbers.
fn right_answer(n: u32) -> String {
    let v = drawn().variant(n).expect("variant");
    let p = |name: &str| {
        v.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, x)| *x)
            .expect("param")
    };
    format!("{}*x^{} + ({})", p("a") * p("n"), p("n") - 1.0, p("c"))
}

/// A variant whose right answer is not variant `n`'s.
fn other_variant(n: u32) -> u32 {
    (1..100)
        .find(|&m| right_answer(m) != right_answer(n))
        .expect("another variant")
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .current_dir(dir)
        .env_remove("GRADTUTOR_PROGRESS")
        .args(args)
        .output()
        .expect("run gradtutor")
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("drawn.toml"), DRAWN).expect("write");
    dir
}

#[test]
fn check_of_a_randomised_exercise_needs_variant_or_student() {
    let dir = setup();
    let out = run(
        dir.path(),
        &["check", "power-rule-drawn", "2x", "drawn.toml"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--variant N") && err.contains("--student NAME"),
        "{err}"
    );
}

#[test]
fn check_judges_the_variant_named() {
    let dir = setup();
    let right = right_answer(7);
    let out = run(
        dir.path(),
        &[
            "check",
            "power-rule-drawn",
            &right,
            "--variant",
            "7",
            "drawn.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let other = other_variant(7).to_string();
    let out = run(
        dir.path(),
        &[
            "check",
            "power-rule-drawn",
            &right,
            "--variant",
            &other,
            "drawn.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let n = gradtutor::variants::first_variant("ann", "power-rule-drawn");
    let ann = drawn().student_variant("ann").expect("variant");
    let right = right_answer(ann.variant_number().expect("number"));
    let out = run(
        dir.path(),
        &[
            "check",
            "power-rule-drawn",
            &right,
            "--student",
            "ann",
            "drawn.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "variant {n}: {out:?}");
}

fn grade_json(dir: &Path, answers: &str) -> serde_json::Value {
    std::fs::write(dir.join("answers.toml"), answers).expect("write");
    let out = run(
        dir,
        &["grade", "--answers", "answers.toml", "--json", "drawn.toml"],
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
}

fn result<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["results"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["id"] == id))
        .expect("a result")
}

#[test]
fn grade_reads_variants_and_reports_them_with_their_params() {
    let dir = setup();
    let answers = format!(
        "power-rule-drawn = {{ answer = \"{}\", variant = 12 }}\nfixed-one = \"2x\"\n",
        right_answer(12)
    );
    let report = grade_json(dir.path(), &answers);
    let r = result(&report, "power-rule-drawn");
    assert_eq!(r["verdict"], "correct", "{r}");
    assert_eq!(r["variant"], 12);
    let v = drawn().variant(12).expect("variant");
    for (name, x) in &v.params {
        assert_eq!(r["params"][name].as_f64(), Some(*x), "{name}");
    }
    let f = result(&report, "fixed-one");
    assert_eq!(f["verdict"], "correct");
    assert_eq!(f["variant"], serde_json::Value::Null);
    assert_eq!(f["params"], serde_json::json!({}));
}

#[test]
fn a_randomised_answer_without_variant_or_student_is_invalid() {
    let dir = setup();
    let report = grade_json(dir.path(), "power-rule-drawn = \"2x\"\n");
    let r = result(&report, "power-rule-drawn");
    assert_eq!(r["verdict"], "invalid");
    let m = r["message"].as_str().unwrap_or_default();
    assert!(
        m.contains("variant = N") && m.contains("student = \"name\""),
        "{m}"
    );
}

#[test]
fn a_student_line_answers_that_student_s_variants() {
    let dir = setup();
    let n = drawn()
        .student_variant("bo")
        .expect("variant")
        .variant_number()
        .expect("number");
    let answers = format!(
        "student = \"bo\"\npower-rule-drawn = \"{}\"\n",
        right_answer(n)
    );
    let report = grade_json(dir.path(), &answers);
    let r = result(&report, "power-rule-drawn");
    assert_eq!(r["verdict"], "correct", "{r}");
    assert_eq!(r["variant"], n);
    // `student` is not an exercise id: no warning about it, and it is not graded.
    assert!(report["results"].as_array().is_some_and(|rs| rs.len() == 2));
}

#[test]
fn export_is_an_answers_file_that_grade_reads_back() {
    let dir = setup();
    let mut p = Progress {
        student: Some("cy".into()),
        ..Progress::default()
    };
    p.record_variant_attempt(
        "power-rule-drawn",
        &Answer::Scalar("0".into()),
        false,
        10,
        Some(41),
    );
    p.record_variant_attempt(
        "power-rule-drawn",
        &Answer::Scalar(right_answer(41)),
        true,
        11,
        Some(41),
    );
    p.record_attempt("fixed-one", &Answer::Scalar("2*x".into()), true, 12);
    let text = toml::to_string(&p).expect("progress as TOML");
    std::fs::write(dir.path().join("progress.toml"), text).expect("write");
    let out = run(
        dir.path(),
        &[
            "progress",
            "--progress",
            "progress.toml",
            "--export",
            "handin.toml",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let handin = std::fs::read_to_string(dir.path().join("handin.toml")).expect("handin");
    assert!(handin.contains("student = \"cy\""), "{handin}");
    let out = run(
        dir.path(),
        &["grade", "--answers", "handin.toml", "--json", "drawn.toml"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}\n{handin}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(result(&report, "power-rule-drawn")["variant"], 41);
    assert_eq!(report["summary"]["correct"], 2);
}

#[test]
fn the_progress_file_keeps_the_variant_of_every_attempt() {
    let mut p = Progress::default();
    p.record_variant_attempt("e", &Answer::Scalar("1".into()), false, 1, Some(3));
    p.record_variant_attempt("e", &Answer::Scalar("2".into()), true, 2, Some(4));
    p.record_variant_attempt("e", &Answer::Scalar("3".into()), true, 3, Some(4));
    let back: Progress = toml::from_str(&toml::to_string(&p).expect("toml")).expect("read back");
    let r = back.record("e").expect("record");
    let variants: Vec<Option<u32>> = r.history.iter().map(|a| a.variant).collect();
    assert_eq!(variants, vec![Some(3), Some(4), Some(4)]);
    assert_eq!(r.variant, Some(4));
    assert_eq!(r.variants_solved(), 1);
    // Merging two tutors' saves keeps both sides' attempts with their variants.
    let base = Progress::default();
    let mut other = Progress::default();
    other.record_variant_attempt("e", &Answer::Scalar("9".into()), true, 5, Some(8));
    let merged = gradtutor::progress::merge(&other, &base, &back);
    let r = merged.record("e").expect("record");
    assert_eq!(r.history.len(), 4);
    assert_eq!(r.variants_solved(), 2);
}
