//! A variant that fails validation is never shown to a student nor checked against: the core's
//! `first_valid_variant` moves on to the next valid variant of the sequence, and `show`,
//! `check` and `grade` use it.

use gradtutor::exercise::{load_str, Exercise};
use gradtutor::validate::{
    first_valid_variant, student_valid_variant, variant_errors, ValidVariantError,
};
use gradtutor::variants::{first_variant, next_variant, MAX_VARIANT};
use std::process::{Command, Output};

/// `ln(a·x)` on [0.5, 3]: undefined on the whole domain when a ≤ 0, so 3 of its 6 variants
/// (a = -2, -1, 0) fail validation and 3 (a = 1, 2, 3) are valid.
const LOG: &str = r#"title = "Drawn logs"

[[exercise]]
id = "log-drawn"
kind = "derivative"
params = { a = { int = [-2, 3] } }
function = "ln(a*x)"
var = "x"
domain = [0.5, 3]
prompt = "Find f′(x) for f(x) = {function}."
answer = "1/x"
"#;

/// A key right only when a > 0: variants with a < 0 have a wrong answer key.
const KEY: &str = r#"title = "Drawn keys"

[[exercise]]
id = "key-drawn"
kind = "derivative"
params = { a = { choose = [-3, -2, 2, 3, 4, 5] } }
function = "a*x^2"
var = "x"
prompt = "Find f′(x) for f(x) = {function}."
answer = "2*abs(a)*x"
"#;

fn load(text: &str) -> Exercise {
    let (set, diags) = load_str("drawn.toml", text);
    let set = set.unwrap_or_else(|| panic!("does not load: {diags:?}"));
    set.exercises.into_iter().next().expect("one exercise")
}

fn a(ex: &Exercise) -> f64 {
    ex.params
        .iter()
        .find(|(n, _)| n == "a")
        .map(|(_, x)| *x)
        .expect("param a")
}

#[test]
fn a_valid_variant_is_itself_with_nothing_skipped() {
    let ex = load(LOG);
    for n in 1..=6 {
        let v = ex.variant(n).expect("variant");
        if a(&v) > 0.0 {
            let found = first_valid_variant(&ex, n).expect("valid");
            assert_eq!(found.number(), n);
            assert!(found.skipped.is_empty(), "{:?}", found.skipped);
            assert_eq!(found.exercise.params, v.params);
        }
    }
}

#[test]
fn an_invalid_variant_moves_on_to_the_next_valid_one_in_sequence() {
    let ex = load(LOG);
    let mut saw_a_skip = false;
    for n in 1..=6 {
        let found = first_valid_variant(&ex, n).expect("valid");
        assert!(a(&found.exercise) > 0.0, "variant {n}");
        assert!(variant_errors(&found.exercise).is_empty());
        // the skipped ones are exactly n, n+1, … up to the one found, each with a ≤ 0
        let mut k = n;
        for s in &found.skipped {
            assert_eq!(s.number, k);
            let v = ex.variant(k).expect("variant");
            assert!(a(&v) <= 0.0, "variant {k} was skipped but a = {}", a(&v));
            assert!(s.reason.contains("ln(a*x)"), "{}", s.reason);
            assert!(s.params.starts_with("a = "), "{}", s.params);
            k = next_variant(k);
        }
        assert_eq!(found.number(), k);
        saw_a_skip |= !found.skipped.is_empty();
    }
    assert!(
        saw_a_skip,
        "half the variants are invalid, so some start is skipped"
    );
}

#[test]
fn a_wrong_answer_key_makes_a_variant_invalid() {
    let ex = load(KEY);
    for n in 1..=6 {
        let found = first_valid_variant(&ex, n).expect("valid");
        assert!(a(&found.exercise) > 0.0, "variant {n}");
        for s in &found.skipped {
            assert!(s.reason.contains("wrong answer key"), "{}", s.reason);
        }
    }
}

#[test]
fn the_search_wraps_from_the_last_variant_to_the_first() {
    let ex = load(LOG);
    let found = first_valid_variant(&ex, MAX_VARIANT).expect("valid");
    let n = found.number();
    assert!(n == MAX_VARIANT || n <= 6, "{n}");
    assert!(a(&found.exercise) > 0.0);
}

#[test]
fn no_valid_variant_is_an_error_that_says_why() {
    let ex = load(&LOG.replace("[-2, 3]", "[-3, 0]"));
    match first_valid_variant(&ex, 1) {
        Err(ValidVariantError::NoneValid { tried, reason, .. }) => {
            // every listed combination was tried
            assert_eq!(tried, 4);
            assert!(reason.contains("undefined"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn fixed_exercises_and_numbers_out_of_range_are_refused() {
    let ex = load(LOG);
    assert!(matches!(
        first_valid_variant(&ex, 0),
        Err(ValidVariantError::Variant(_))
    ));
    assert!(matches!(
        first_valid_variant(&ex, MAX_VARIANT + 1),
        Err(ValidVariantError::Variant(_))
    ));
    let fixed = load(&LOG.replace("{ int = [-2, 3] }", "2"));
    assert!(matches!(
        first_valid_variant(&fixed, 1),
        Err(ValidVariantError::Variant(_))
    ));
}

#[test]
fn a_student_s_variant_is_the_first_valid_one_from_their_first() {
    let ex = load(LOG);
    for name in ["ann", "bo", "cy", "di", "ed", "flo"] {
        let found = student_valid_variant(&ex, name).expect("valid");
        let from = first_valid_variant(&ex, first_variant(name, "log-drawn")).expect("valid");
        assert_eq!(found.number(), from.number());
        assert!(a(&found.exercise) > 0.0);
    }
}

fn run(args: &[&str], file: &str) -> Output {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("drawn.toml");
    std::fs::write(&path, file).expect("write");
    std::fs::write(dir.path().join("answers.toml"), "").expect("write");
    let args: Vec<String> = args
        .iter()
        .map(|a| a.replace("FILE", &path.to_string_lossy()))
        .map(|a| a.replace("DIR", &dir.path().to_string_lossy()))
        .collect();
    Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .env_remove("GRADTUTOR_PROGRESS")
        .args(&args)
        .output()
        .expect("run gradtutor")
}

/// An invalid variant and the valid one `first_valid_variant` moves on to.
fn invalid_and_next() -> (u32, u32) {
    let ex = load(LOG);
    (1..=6)
        .find_map(|n| {
            let found = first_valid_variant(&ex, n).ok()?;
            (found.number() != n).then(|| (n, found.number()))
        })
        .expect("an invalid variant")
}

#[test]
fn show_never_shows_an_invalid_variant_and_says_which_it_shows() {
    let (bad, next) = invalid_and_next();
    let out = run(
        &[
            "show",
            "log-drawn",
            "--variant",
            &bad.to_string(),
            "--json",
            "FILE",
        ],
        LOG,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["variant"], next);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(" {bad} "))
            && err.contains("of `log-drawn`")
            && err.contains("validation, so no student sees")
            && err.contains(&format!("showing variant {next}, the next valid one")),
        "{err}"
    );
}

#[test]
fn check_judges_against_the_next_valid_variant_and_says_so() {
    let (bad, next) = invalid_and_next();
    let out = run(
        &[
            "check",
            "log-drawn",
            "1/x",
            "--variant",
            &bad.to_string(),
            "FILE",
        ],
        LOG,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "checking against variant {next}, the next valid one"
        )),
        "{err}"
    );
    // a valid variant is checked silently
    let out = run(
        &[
            "check",
            "log-drawn",
            "1/x",
            "--variant",
            &next.to_string(),
            "FILE",
        ],
        LOG,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stderr.is_empty(), "{out:?}");
}

#[test]
fn grade_refuses_an_answer_to_a_variant_no_student_is_shown() {
    let (bad, next) = invalid_and_next();
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("drawn.toml");
    std::fs::write(&file, LOG).expect("write");
    let answers = dir.path().join("answers.toml");
    std::fs::write(
        &answers,
        format!("\"log-drawn\" = {{ answer = \"1/x\", variant = {bad} }}\n"),
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .env_remove("GRADTUTOR_PROGRESS")
        .args(["grade", "--answers"])
        .arg(&answers)
        .arg(&file)
        .arg("--json")
        .output()
        .expect("run gradtutor");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("invalid") && text.contains("fails validation"),
        "{text}"
    );
    std::fs::write(
        &answers,
        format!("\"log-drawn\" = {{ answer = \"1/x\", variant = {next} }}\n"),
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .env_remove("GRADTUTOR_PROGRESS")
        .args(["grade", "--answers"])
        .arg(&answers)
        .arg(&file)
        .output()
        .expect("run gradtutor");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}
