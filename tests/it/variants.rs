//! Randomised exercises: draws, `where`, variant numbering, templates and `show`.

use gradtutor::exercise::{load_str, Diagnostic, Exercise, Severity};
use gradtutor::math::symbolic::tidy;
use gradtutor::math::{Expr, Scope};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::process::Command;

/// The issue's own example.
const POWER: &str = include_str!("../fixtures/variants/power-rule-drawn.toml");

fn load(text: &str) -> Exercise {
    let (set, diags) = load_str("drawn.toml", text);
    let set = set.unwrap_or_else(|| panic!("does not load: {diags:?}"));
    set.exercises.into_iter().next().expect("one exercise")
}

fn errors(text: &str) -> Vec<Diagnostic> {
    let (_, diags) = load_str("drawn.toml", text);
    diags
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

fn value(ex: &Exercise, name: &str) -> f64 {
    ex.params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, x)| *x)
        .unwrap_or_else(|| panic!("no param {name}"))
}

fn one(body: &str) -> String {
    format!("title = \"t\"\n[[exercise]]\nid = \"e\"\nkind = \"derivative\"\nvar = \"x\"\n{body}\n")
}

#[test]
fn the_same_variant_has_the_same_params_on_every_load() {
    let (a, b) = (load(POWER), load(POWER));
    for n in [1, 2, 37, 999_999, 1_000_000] {
        let (va, vb) = (
            a.variant(n).expect("variant"),
            b.variant(n).expect("variant"),
        );
        assert_eq!(va.params, vb.params, "variant {n}");
        assert_eq!(va.prompt, vb.prompt);
        assert_eq!(va.variant_number(), Some(n));
    }
}

#[test]
fn variants_out_of_range_and_fixed_exercises_are_refused() {
    let ex = load(POWER);
    assert!(ex.variant(0).is_err());
    assert!(ex.variant(1_000_001).is_err());
    let fixed = load(&one("function = \"x^2\"\nprompt = \"p\""));
    assert!(!fixed.is_randomised());
    assert!(fixed.variant(1).is_err());
}

#[test]
fn every_value_of_a_small_int_range_is_drawn_within_1000_variants() {
    // Listed (few combinations) and drawn at random (more than 10,000 combinations).
    for extra in ["", ", b = { int = [1, 20000] }"] {
        let ex = load(&one(&format!(
            "params = {{ a = {{ int = [-3, 4] }}{extra} }}\nfunction = \"a*x\"\nprompt = \"p\""
        )));
        let seen: BTreeSet<i64> = (1..=1000)
            .map(|n| value(&ex.variant(n).expect("variant"), "a") as i64)
            .collect();
        assert_eq!(seen, (-3..=4).collect(), "with `{extra}`");
    }
}

#[test]
fn where_always_holds_and_not_is_never_drawn() {
    let ex = load(POWER);
    let mut ks = BTreeSet::new();
    for n in 1..=1000 {
        let v = ex.variant(n).expect("variant");
        let (a, nn, c, k) = (
            value(&v, "a"),
            value(&v, "n"),
            value(&v, "c"),
            value(&v, "k"),
        );
        assert_ne!(a, nn, "variant {n}: a != n");
        assert!(a * c > -20.0, "variant {n}: a*c > -20");
        assert_ne!(k, 1.0, "variant {n}: k is `not = [1]`");
        assert_eq!(value(&v, "m"), a * nn, "derived m = a*n");
        ks.insert((k * 10.0) as i64);
    }
    assert_eq!(ks, [5, 15, 20, 25].into_iter().collect());
    // Random draws (more than 10,000 combinations) too.
    let big = load(&one(
        "params = { a = { int = [1, 200] }, b = { int = [1, 200], not = [7] } }\nwhere = [\"a < b\"]\nfunction = \"a*x\"\nprompt = \"p\"",
    ));
    for n in 1..=1000 {
        let v = big.variant(n).expect("variant");
        assert!(value(&v, "a") < value(&v, "b"));
        assert_ne!(value(&v, "b"), 7.0);
    }
}

#[test]
fn templates_are_rendered_with_the_variant() {
    let v = load(POWER).variant(5).expect("variant");
    let (a, n, c) = (value(&v, "a"), value(&v, "n"), value(&v, "c"));
    let sign = if c < 0.0 { "−" } else { "+" };
    let cx = if c.abs() == 1.0 {
        "x".to_string()
    } else {
        format!("{}x", c.abs())
    };
    let sup = |k: f64| -> String {
        k.to_string()
            .chars()
            .map(|d| {
                "⁰¹²³⁴⁵⁶⁷⁸⁹"
                    .chars()
                    .nth(d as usize - '0' as usize)
                    .unwrap_or(d)
            })
            .collect()
    };
    assert_eq!(
        v.prompt,
        format!("Find f′(x) for f(x) = {a}x{} {sign} {cx}.", sup(n))
    );
    assert_eq!(
        v.hints,
        vec![format!(
            "The power rule: the derivative of x^{n} is {n}x^{}.",
            n - 1.0
        )]
    );
    assert_eq!(
        v.solution.as_deref(),
        Some(format!("f′(x) = {}x{} {sign} {}", a * n, sup(n - 1.0), c.abs()).as_str())
    );
}

/// `{= formula}` with `params`, rendered in a prompt.
fn rendered(params: &str, formula: &str) -> String {
    load(&one(&format!(
        "params = {{ {params} }}\nfunction = \"x\"\nprompt = \"{{= {formula}}}\""
    )))
    .prompt
}

#[test]
fn every_tidy_rule() {
    let p = "one = 1, zero = 0, m = -1, t = 2, th = 3";
    for (formula, tidied) in [
        ("one*x", "x"),             // 1·u → u
        ("x^one", "x"),             // u^1 → u
        ("zero*x + x^t", "x²"),     // 0·u dropped
        ("x^t + zero", "x²"),       // u + 0 dropped
        ("x^t + m*x", "x² − x"),    // u + (−v) → u − v, not `x^2 + -1x` (Numbas #434)
        ("x^t - m*th", "x² + 3"),   // u − (−v) → u + v
        ("-(m*x)", "x"),            // −(−u) → u
        ("t*th*x", "6x"),           // numbers folded
        ("m*x^th", "−x³"),          // a leading −1 is a minus
        ("(m*5)/(-t*x)", "5/(2x)"), // −5/(−2x), not `5/2*x` (WeBWorK pg#455)
        ("t*th", "6"),              // `{c}*{p}` folded, not run together (Numbas #975)
    ] {
        assert_eq!(rendered(p, formula), tidied, "{{= {formula}}}");
    }
}

#[test]
fn values_are_written_as_people_write_them() {
    let ex = load(&one(
        "params = { a = 3.0, z = -0.0, h = 0.1, s = \"h + 0.2\" }\nfunction = \"x\"\nprompt = \"{a} {z} {h} {s} {{a}}\"",
    ));
    assert_eq!(ex.prompt, "3 0 0.1 0.30000000000000004 {a}");
}

#[test]
fn unknown_names_in_templates_are_refused_at_their_line_and_column() {
    let text = one("params = { a = { int = [1, 3] } }\nfunction = \"a*x\"\nprompt = \"Find {b}.\"\nhints = [\"x{= q*a}\"]");
    let errs = errors(&text);
    let at = |needle: &str| {
        let (line, col) = text
            .lines()
            .enumerate()
            .find_map(|(i, l)| l.find(needle).map(|c| (i + 1, l[..c].chars().count() + 1)))
            .expect("needle");
        (line, col)
    };
    let pos: Vec<(usize, usize)> = errs.iter().map(|d| (d.pos.line, d.pos.col)).collect();
    assert!(pos.contains(&at("b}")), "{errs:?}");
    assert!(pos.contains(&at("q*a")), "{errs:?}");
    assert!(errs
        .iter()
        .any(|d| d.message.contains("`{b}` names no parameter")));
}

#[test]
fn a_where_that_never_holds_is_an_error_with_its_rate() {
    let errs = errors(&one(
        "params = { a = { int = [1, 5] } }\nwhere = [\"a > 9\"]\nfunction = \"a*x\"\nprompt = \"p\"",
    ));
    assert!(
        errs.iter().any(|d| d.message.contains("0 of 5")),
        "{errs:?}"
    );
    let errs = errors(&one(
        "params = { a = { int = [1, 1000] } , b = { int = [1, 9] } }\nwhere = [\"a == 1\", \"b == 1\"]\nfunction = \"a*x\"\nprompt = \"p\"",
    ));
    assert!(
        errs.iter()
            .any(|d| d.message.contains("almost never holds") && d.message.contains("0.01%")),
        "{errs:?}"
    );
}

#[test]
fn broken_draws_are_refused_at_their_place() {
    for (params, says) in [
        ("a = { range = [0, 1] }", "needs a `step`"),
        ("a = { int = [1, 2], choose = [3] }", "exactly one of"),
        ("a = { int = [1, 2], not = [1, 2] }", "no value left"),
        ("a = { int = [3, 1] }", "low ≤ high"),
        ("a = \"b + 1\", b = 2", "uses only the parameters before it"),
    ] {
        let errs = errors(&one(&format!(
            "params = {{ {params} }}\nfunction = \"x\"\nprompt = \"p\""
        )));
        assert!(
            errs.iter().any(|d| d.message.contains(says)),
            "{params}: {errs:?}"
        );
    }
}

#[test]
fn params_may_be_used_in_at_and_t0() {
    let ex = load(&one(
        "params = { a = { int = [1, 4] } }\nfunction = \"x^2\"\nat = { x = \"a/2\" }\nprompt = \"At x = {= a/2}\"",
    ));
    for n in 1..=4 {
        let v = ex.variant(n).expect("variant");
        let a = value(&v, "a");
        match &v.kind {
            gradtutor::exercise::Kind::Derivative { at: Some(p), .. } => {
                assert_eq!(p[0].1, a / 2.0)
            }
            k => panic!("{k:?}"),
        }
    }
}

fn show(args: &[&str], file: &str) -> std::process::Output {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("drawn.toml");
    std::fs::write(&path, file).expect("write");
    let mut all: Vec<&str> = vec!["show"];
    all.extend_from_slice(args);
    let p = path.to_string_lossy().to_string();
    Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .args(&all)
        .arg(&p)
        .output()
        .expect("run gradtutor")
}

#[test]
fn show_json_has_exactly_the_issue_s_fields() {
    let out = show(&["power-rule-drawn", "--variant", "37", "--json"], POWER);
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let keys: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = vec![
        "id", "kind", "variant", "params", "title", "prompt", "hints", "solution",
    ];
    want.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, want);
    assert_eq!(v["variant"], 37);
    let ex = load(POWER).variant(37).expect("variant");
    assert_eq!(v["params"]["a"], value(&ex, "a") as i64);
    assert_eq!(v["params"]["k"].as_f64(), Some(value(&ex, "k")));
    assert_eq!(v["prompt"], ex.prompt.as_str());
    assert!(v["hints"].is_array() && v["solution"].is_string());
}

#[test]
fn show_by_student_is_that_student_s_first_variant_every_time() {
    let a = show(&["power-rule-drawn", "--student", "ann", "--json"], POWER);
    let b = show(&["power-rule-drawn", "--student", "ann", "--json"], POWER);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).expect("json");
    let n = gradtutor::variants::first_variant("ann", "power-rule-drawn");
    assert_eq!(v["variant"], n);
}

#[test]
fn show_of_a_fixed_exercise_has_a_null_variant_and_refuses_variant() {
    let fixed = one("params = { w = 2 }\nfunction = \"w*x\"\nprompt = \"Find d/dx {= w*x}.\"");
    let out = show(&["e", "--json"], &fixed);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["variant"], serde_json::Value::Null);
    assert_eq!(v["prompt"], "Find d/dx 2x.");
    assert_eq!(v["solution"], serde_json::Value::Null);
    let out = show(&["e", "--variant", "2"], &fixed);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not randomised"));
}

/// A random formula over `x` and the parameters `a`, `b`, `c`.
fn formula() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("x".to_string()),
        Just("a".to_string()),
        Just("b".to_string()),
        Just("c".to_string()),
        (0i32..5).prop_map(|k| k.to_string()),
    ];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(l, r)| format!("({l}) + ({r})")),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| format!("({l}) - ({r})")),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| format!("({l})*({r})")),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| format!("({l})/({r})")),
            (inner.clone(), 0u32..4).prop_map(|(l, k)| format!("({l})^{k}")),
            inner.clone().prop_map(|l| format!("-({l})")),
            inner.prop_map(|l| format!("sin({l})")),
        ]
    })
}

proptest! {
    #[test]
    fn tidying_never_changes_a_value(f in formula(), a in -4i32..5, b in -4i32..5, c in prop::sample::select(vec![0.5, -1.5, 2.0, -1.0])) {
        let params = vec![("a".to_string(), f64::from(a)), ("b".to_string(), f64::from(b)), ("c".to_string(), c)];
        let scope = Scope::new(&["x"]).with_params(&params);
        let e = Expr::parse(&f, &scope).expect("the formula reads");
        let t = tidy(&e);
        let back = Expr::parse(&t.ascii, &Scope::new(&["x"])).expect("the tidied formula reads back");
        // Where a subexpression is infinite the formula is undefined, even when the whole still
        // evaluates (x/((x/0) + x) is x/∞ = 0): tidying may not keep such a value.
        let graph = gradtutor::math::graph::Graph::new(&e);
        prop_assert!(graph.is_ok(), "{f}: no graph: {:?}", graph.err());
        let defined = |x: f64| graph.as_ref().is_ok_and(|g| g.forward(&[x]).is_ok());
        for x in [-2.5, -1.0, -0.3, 0.0, 0.7, 1.0, 1.9, 3.1] {
            let (want, got) = (e.eval(&[x]), back.eval(&[x]));
            if want.is_finite() && defined(x) {
                prop_assert!((want - got).abs() <= 1e-9 * want.abs().max(1.0),
                    "{f} at x = {x}: {want} but tidied {} gives {got}", t.ascii);
            }
        }
    }
}

fn validate_text(text: &str) -> Vec<String> {
    let report = gradtutor::validate::validate(&[gradtutor::exercise::SourceFile {
        name: "broken.toml".into(),
        text: text.to_string(),
    }]);
    report.diagnostics.iter().map(|d| d.to_string()).collect()
}

#[test]
fn validate_reports_a_failing_variant_once_with_its_params_and_count() {
    let text = one(
        "params = { a = { int = [-3, 3], not = [0] }, n = { int = [1, 4] } }\nfunction = \"ln(a*x)\"\ndomain = [0.5, 3]\nprompt = \"Find f′(x) for f(x) = {function}.\"",
    );
    let lines = validate_text(&text);
    let ex = load(&text);
    // The first variant with a negative `a` is the first failing one; half of them fail.
    let first = (1..=24)
        .find(|&n| value(&ex.variant(n).expect("variant"), "a") < 0.0)
        .expect("a failing variant");
    let v = ex.variant(first).expect("variant");
    let want = format!(
        "broken.toml:7:12: error: variant {first} (a = {}, n = {}): `ln(a*x)` is undefined on all of the domain [0.5, 3]: choose a `domain` where it is defined (fails in 12 of 24 variants)",
        value(&v, "a"),
        value(&v, "n")
    );
    assert_eq!(lines, vec![want]);
}

#[test]
fn validate_warns_about_fewer_than_five_distinct_variants() {
    let lines = validate_text(&one(
        "params = { a = { choose = [2, 3] }, b = { int = [1, 3] } }\nfunction = \"a*x\"\nprompt = \"Find f′(x) for f(x) = {function}.\"",
    ));
    assert_eq!(
        lines,
        vec!["broken.toml:6:10: warning: only 2 distinct variants (variants whose prompts read the same are one): widen the draws so that students get new numbers".to_string()]
    );
}

#[test]
fn validate_of_a_clean_randomised_exercise_is_clean() {
    assert_eq!(validate_text(POWER), Vec::<String>::new());
}

#[test]
fn a_domain_may_be_written_with_params() {
    let ex = load(&one(
        "params = { a = { int = [1, 9] } }\nfunction = \"ln(x - a)\"\ndomain = [\"a + 0.5\", \"a + 3\"]\nprompt = \"Find f′(x) for f(x) = {function}.\"\nanswer = \"1/(x - a)\"",
    ));
    for n in 1..=9 {
        let v = ex.variant(n).expect("variant");
        let a = value(&v, "a");
        assert_eq!(v.domain.all, (a + 0.5, a + 3.0), "variant {n}");
    }
    let per_var = load(&one(
        "params = { a = { int = [1, 9] } }\nfunction = \"ln(x - a)\"\ndomain = { x = [\"a + 0.5\", 20] }\nprompt = \"{function}\"",
    ));
    let a = value(&per_var, "a");
    assert_eq!(
        per_var.domain.per_var,
        vec![("x".to_string(), (a + 0.5, 20.0))]
    );
    // every variant is defined on its own domain, so validate is clean
    assert_eq!(
        validate_text(&one(
            "params = { a = { int = [1, 9] } }\nfunction = \"ln(x - a)\"\ndomain = [\"a + 0.5\", \"a + 3\"]\nprompt = \"Find f′(x) for f(x) = {function}.\"\nanswer = \"1/(x - a)\""
        )),
        Vec::<String>::new()
    );
}

#[test]
fn a_domain_formula_is_checked_like_any_formula() {
    let errs = errors(&one(
        "params = { a = { int = [1, 9] } }\nfunction = \"x\"\ndomain = [\"b + 1\", 5]\nprompt = \"p\"",
    ));
    let e = errs
        .iter()
        .find(|d| d.message.contains("in `domain`"))
        .unwrap_or_else(|| panic!("{errs:?}"));
    // `b` is at line 8, column 12: the column inside the formula
    assert_eq!((e.pos.line, e.pos.col), (8, 12), "{e}");
    // a variant whose interval is empty is reported by validate with that variant
    let lines = validate_text(&one(
        "params = { a = { int = [1, 9] } }\nfunction = \"x^2\"\ndomain = [\"a\", 5]\nprompt = \"Find f′(x) for f(x) = {= a*x^2}.\"",
    ));
    let errs: Vec<&String> = lines.iter().filter(|l| l.contains("error")).collect();
    assert_eq!(errs.len(), 1, "{lines:?}");
    let ex = load(&one(
        "params = { a = { int = [1, 9] } }\nfunction = \"x^2\"\ndomain = [\"a\", 5]\nprompt = \"p\"",
    ));
    let first = (1..=9)
        .find(|&n| ex.variant(n).is_err())
        .expect("a variant with an empty domain");
    let a = load(&one(
        "params = { a = { int = [1, 9] } }\nfunction = \"x^2\"\nprompt = \"p\"",
    ))
    .variant(first)
    .map(|v| value(&v, "a"))
    .expect("variant");
    assert_eq!(
        errs[0],
        &format!("broken.toml:8:10: error: variant {first} (a = {a}): `domain` must be [low, high] with low < high (fails in 5 of 9 variants)")
    );
}

const WALK: &str = r#"title = "Walks"

[[descent]]
id = "walk"
title = "Steepest descent on x²"
function = "x^2 + y^2"
vars = ["x", "y"]
params = { x0 = 5, lr = 0.1, half = "lr/2" }
start = ["x0", "-x0/2"]
learning_rate = "half"
steps = 10
"#;

#[test]
fn a_descent_s_start_and_learning_rate_may_be_written_with_params() {
    let (set, diags) = load_str("walk.toml", WALK);
    let set = set.unwrap_or_else(|| panic!("{diags:?}"));
    let d = &set.descents[0];
    assert_eq!(d.start, vec![5.0, -2.5]);
    assert_eq!(d.learning_rate, 0.05);
    assert_eq!(validate_text(WALK), Vec::<String>::new());
}

#[test]
fn a_descent_s_start_and_learning_rate_formulas_are_checked() {
    let errs = errors(&WALK.replace("\"-x0/2\"", "\"-q/2\""));
    let e = errs
        .iter()
        .find(|d| d.message.contains("in `start`"))
        .unwrap_or_else(|| panic!("{errs:?}"));
    assert_eq!((e.pos.line, e.pos.col), (9, 18), "{e}");
    let errs = errors(&WALK.replace("\"half\"", "\"half - 1\""));
    assert!(
        errs.iter()
            .any(|d| d.message == "`learning_rate` must be a positive number"),
        "{errs:?}"
    );
    // a draw in a descent example reads: the example is randomised (tests/it/variants_descent.rs)
    let drawn = WALK.replace("x0 = 5", "x0 = { int = [2, 5] }");
    assert_eq!(errors(&drawn), Vec::<Diagnostic>::new());
}

/// The case proptest once found (tests/proptest-regressions/format_roundtrip.txt): a text
/// with a lone `}`. In a file, a lone brace in a title, prompt, hint or solution is an error
/// (those texts are templates; `{{` and `}}` are the braces); the writer doubles braces, so
/// a text the model holds is written back as a template that renders to it.
#[test]
fn a_lone_brace_is_an_error_in_a_file_and_the_writer_doubles_braces() {
    for (text, says) in [
        ("q}", "a `}` without its `{`"),
        ("{q", "a `{` without its `}`"),
    ] {
        let errs = errors(&one(&format!(
            "function = \"x^2\"\nprompt = \"p\"\nsolution = \"{text}\""
        )));
        assert!(
            errs.len() == 1 && errs[0].message.contains(says),
            "{text}: {errs:?}"
        );
    }
    let mut ex = load(&one("function = \"x^2\"\nprompt = \"p\""));
    ex.solution = Some("q} and {x | x > 0}".into());
    ex.title = Some("{{".into());
    let set = gradtutor::exercise::ExerciseSet {
        source: String::new(),
        title: "t".into(),
        description: None,
        exercises: vec![ex.clone()],
        descents: Vec::new(),
        ..Default::default()
    };
    let written = gradtutor::exercise::to_toml(&set);
    assert!(written.contains("q}} and {{x | x > 0}}"), "{written}");
    let again = load(&written);
    assert_eq!(again.solution, ex.solution);
    assert_eq!(again.title, ex.title);
}

#[test]
fn approximate_values_are_written_to_four_figures() {
    let ex = load(&one(
        "params = { z0 = { choose = [1, 2] }, p = 0.8 }\nfunction = \"x\"\nprompt = \"σ({z0}) ≈ {~ sigmoid(z0)}, 1 − p = {= 1 - p}\"",
    ));
    for n in 1..=2 {
        let v = ex.variant(n).expect("variant");
        let z0 = value(&v, "z0");
        let want = format!(
            "σ({z0}) ≈ {}, 1 − p = 0.2",
            gradtutor::text::num_sig(1.0 / (1.0 + (-z0).exp()), 4)
        );
        assert_eq!(v.prompt, want);
    }
    // a variable has no value, and a formula must read
    for (body, at) in [
        ("prompt = \"{~ x + z0}\"", 14),
        ("prompt = \"{~ z0 +}\"", 17),
    ] {
        let errs = errors(&one(&format!(
            "params = {{ z0 = {{ choose = [1, 2] }} }}\nfunction = \"x\"\n{body}"
        )));
        assert!(
            errs.len() == 1 && errs[0].pos.line == 8 && errs[0].pos.col == at,
            "{body}: {errs:?}"
        );
    }
}

/// Found by the `variants` fuzz target: a `where` naming an unknown parameter left every
/// parameter without a value, and `{function}` then sent NaN to the simplifier, which
/// overflowed the stack. Now the error is reported and the templates are left alone.
#[test]
fn a_broken_where_with_a_template_is_an_error_not_a_crash() {
    let errs = errors(&one(
        "params = { n = { int = [3, 6] }, c = { choose = [0, 2] } }\nwhere = [\"q != n\"]\nfunction = \"x^n + c*x\"\nprompt = \"{function} {= c*x}\"",
    ));
    assert!(errs.iter().any(|d| d.message.contains("q")), "{errs:?}");
}

#[test]
fn tidying_a_formula_with_an_undefined_number_ends() {
    // A parameter without a value (NaN) once made the simplifier take a common factor out
    // forever (NaN equals nothing, not even itself); it comes back: the formula is undefined.
    let params = vec![("a".to_string(), f64::NAN), ("b".to_string(), 2.0)];
    let scope = Scope::new(&["x"]).with_params(&params);
    for f in [
        "a*x^2 + a*x",
        "x^a + x^a*b",
        "x^a*sin(x) - x^a*cos(x)",
        "b*x/a + x/a",
        "(x + a)*(x - a) + a",
    ] {
        let e = Expr::parse(f, &scope).expect("the formula reads");
        let t = tidy(&e);
        assert!(
            t.number.is_some_and(f64::is_nan),
            "{f}: tidied to {}",
            t.ascii
        );
    }
}
