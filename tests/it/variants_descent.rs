//! Randomised descent examples and templates outside prompts: draws and `where` in a
//! `[[descent]]`, templates in its title and notes, the first valid variant (never one that
//! diverges or starts outside the function's domain), validate's messages, and the load error
//! of a randomised item whose first variant does not read.

use gradtutor::descent::{Status, Stepper};
use gradtutor::exercise::{load_str, Descent, Diagnostic, Severity};
use gradtutor::validate::{descent_variant_errors, first_valid_descent_variant, validate};
use gradtutor::variants::{Draws, Spec};

/// A parabola a·x² walked from a drawn start with a drawn learning rate; `where` keeps every
/// step a contraction (|1 − 2aε| < 1).
const DRAWN_WALK: &str = r#"title = "Walks"

[[descent]]
id = "drawn-parabola"
title = "Descent on {function} from x₀ = {x0}"
notes = """
Each step multiplies x by 1 − 2·{a}·{lr} = {= 1 - 2*a*lr}.
After one step x₁ = {= x0*(1 - 2*a*lr)}."""
function = "a*x^2"
vars = ["x"]
params = { a = { int = [1, 4] }, x0 = { choose = [-4, -3, 3, 4] }, lr = { choose = [0.05, 0.1, 0.2] } }
where = ["2*a*lr < 1"]
start = ["x0"]
learning_rate = "lr"
steps = 40
gradient = ["2*a*x"]
"#;

fn load(text: &str) -> Descent {
    let (set, diags) = load_str("walks.toml", text);
    let set = set.unwrap_or_else(|| panic!("does not load: {diags:?}"));
    set.descents
        .into_iter()
        .next()
        .expect("one descent example")
}

fn errors(text: &str) -> Vec<Diagnostic> {
    let (_, diags) = load_str("walks.toml", text);
    diags
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

fn param(d: &Descent, name: &str) -> f64 {
    d.params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, x)| *x)
        .unwrap_or_else(|| panic!("no param {name}"))
}

fn validate_text(text: &str) -> Vec<String> {
    let report = validate(&[gradtutor::exercise::SourceFile {
        name: "walks.toml".into(),
        text: text.to_string(),
    }]);
    report.diagnostics.iter().map(|d| d.to_string()).collect()
}

#[test]
fn a_descent_with_draws_is_randomised_and_its_variants_are_deterministic() {
    let d = load(DRAWN_WALK);
    assert!(d.is_randomised());
    let again = load(DRAWN_WALK);
    for n in [1, 2, 7, 40, 999_999] {
        let (a, b) = (
            d.variant(n).expect("variant"),
            again.variant(n).expect("variant"),
        );
        assert_eq!(a.params, b.params, "variant {n}");
        assert_eq!(
            (a.start.clone(), a.learning_rate),
            (b.start, b.learning_rate)
        );
        assert_eq!(a.variant_number(), Some(n));
    }
    // start and learning_rate follow the drawn values
    let v = d.variant(5).expect("variant 5");
    assert_eq!(v.start, vec![param(&v, "x0")]);
    assert_eq!(v.learning_rate, param(&v, "lr"));
}

#[test]
fn where_holds_in_every_variant_of_a_descent() {
    let d = load(DRAWN_WALK);
    let mut variants = d.variants().expect("randomised");
    let mut seen = std::collections::BTreeSet::new();
    for n in 1..=200 {
        let v = variants.get(n).expect("variant");
        assert!(
            2.0 * param(&v, "a") * v.learning_rate < 1.0,
            "variant {n}: {:?}",
            v.params
        );
        seen.insert(
            v.params
                .iter()
                .map(|(_, x)| x.to_string())
                .collect::<Vec<_>>(),
        );
    }
    // 4 values of a and 3 rates, of which 2aε < 1 keeps 10 of the 12 pairs; 4 starts
    assert_eq!(seen.len(), 10 * 4);
}

#[test]
fn templates_in_a_descent_s_title_and_notes_use_the_variant() {
    let d = load(DRAWN_WALK);
    let v = d.variant(3).expect("variant 3");
    let (a, x0, lr) = (param(&v, "a"), param(&v, "x0"), param(&v, "lr"));
    let fmt = |x: f64| gradtutor::variants::format_value(x);
    let ax2 = if a == 1.0 {
        "x²".to_string()
    } else {
        format!("{}x²", fmt(a))
    };
    assert_eq!(v.title, format!("Descent on {ax2} from x₀ = {}", fmt(x0)));
    let notes = v.notes.clone().expect("notes");
    let factor = 1.0 - 2.0 * a * lr;
    assert!(
        notes.starts_with(&format!(
            "Each step multiplies x by 1 − 2·{}·{} = {}.",
            fmt(a),
            fmt(lr),
            gradtutor::variants::format_computed(factor)
        )),
        "{notes}"
    );
    assert!(!notes.contains('{'), "{notes}");
}

#[test]
fn unknown_names_in_a_descent_s_title_and_notes_are_refused_at_their_place() {
    let errs = errors(&DRAWN_WALK.replace("from x₀ = {x0}", "from x₀ = {y0}"));
    assert_eq!(errs.len(), 1, "{errs:?}");
    let e = &errs[0];
    assert_eq!((e.pos.line, e.pos.col), (5, 43), "{e}");
    assert!(
        e.message
            .starts_with("in `title`: `{y0}` names no parameter"),
        "{e}"
    );
    let errs = errors(&DRAWN_WALK.replace("{= 1 - 2*a*lr}", "{= 1 - 2*q*lr}"));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].pos.line, 7, "{}", errs[0]);
    assert!(errs[0].message.starts_with("in `notes`:"), "{}", errs[0]);
}

#[test]
fn templates_in_an_exercise_title_are_rendered_everywhere_it_is_shown() {
    let text = r#"title = "T"

[[exercise]]
id = "p"
kind = "derivative"
title = "Power {n}: {= a*x^n}"
params = { a = { int = [2, 9] }, n = { int = [3, 6] } }
function = "a*x^n"
var = "x"
prompt = "Find f′(x) for f(x) = {function}."
answer = "a*n*x^(n-1)"
"#;
    let (set, diags) = load_str("t.toml", text);
    let ex = set
        .unwrap_or_else(|| panic!("{diags:?}"))
        .exercises
        .remove(0);
    let v = ex.variant(2).expect("variant");
    let n = v.params[1].1;
    let title = v.title.clone().expect("title");
    assert!(title.starts_with(&format!("Power {n}: ")), "{title}");
    assert!(!title.contains('{') && !title.contains('*'), "{title}");
    let errs = errors(&text.replace("Power {n}", "Power {m}"));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!((errs[0].pos.line, errs[0].pos.col), (6, 17), "{}", errs[0]);
}

#[test]
fn the_first_valid_variant_of_a_descent_never_diverges_nor_starts_outside_the_domain() {
    // ε = 1.5 diverges on x² (each step multiplies x by −2); x0 = -1 starts outside ln's domain
    let text = r#"title = "Walks"

[[descent]]
id = "risky"
title = "Risky walk"
function = "x^2 + ln(x + 2)"
vars = ["x"]
params = { x0 = { choose = [-3, 1, 2] }, lr = { choose = [0.1, 1.5] } }
start = ["x0"]
learning_rate = "lr"
steps = 60
"#;
    let d = load(text);
    for from in 1..=6 {
        let valid = first_valid_descent_variant(&d, from).expect("a valid variant");
        let v = &valid.descent;
        assert!(descent_variant_errors(v).is_empty());
        assert!(v.start[0] > -2.0 && v.learning_rate < 1.0, "{:?}", v.params);
        let mut s = Stepper::new(v).expect("starts");
        assert!(!matches!(s.run(), Status::Diverged { .. }));
        for skipped in &valid.skipped {
            let bad = d.variant(skipped.number).expect("variant");
            assert!(
                bad.start[0] < -2.0 || bad.learning_rate > 1.0,
                "{skipped:?}"
            );
        }
    }
}

#[test]
fn validate_reports_a_diverging_descent_variant_once_with_its_params_and_count() {
    let text = r#"title = "Walks"

[[descent]]
id = "risky"
title = "Risky walk"
function = "x^2"
vars = ["x"]
params = { x0 = { choose = [1, 2, 3] }, lr = { choose = [0.1, 0.2, 1.5] } }
start = ["x0"]
learning_rate = "lr"
steps = 60
"#;
    let d = load(text);
    let first = (1..=9)
        .find(|&n| d.variant(n).expect("variant").learning_rate == 1.5)
        .expect("a diverging variant");
    let v = d.variant(first).expect("variant");
    let mut s = Stepper::new(&v).expect("starts");
    let Status::Diverged { at_step, reason } = s.run().clone() else {
        panic!("variant {first} converges")
    };
    let x0 = gradtutor::variants::format_value(v.start[0]);
    assert_eq!(
        validate_text(text),
        vec![format!(
            "walks.toml:10:17: error: variant {first} (x0 = {x0}, lr = 1.5): the walk diverges at step {at_step} ({reason}) with learning rate 1.5: draw smaller learning rates, or add a `where` that keeps them stable (fails in 3 of 9 variants)"
        )]
    );
}

#[test]
fn validate_reports_a_descent_variant_that_starts_outside_the_domain() {
    let text = r#"title = "Walks"

[[descent]]
id = "outside"
title = "Walk on a logarithm"
function = "x^2 - ln(x)"
vars = ["x"]
params = { x0 = { choose = [-1, 1, 2, 3, 4, 5] } }
start = ["x0"]
learning_rate = 0.1
steps = 30
"#;
    let lines = validate_text(text);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("walks.toml:9:9: error: variant ")
            && lines[0].contains("(x0 = -1): `x^2 - ln(x)` is undefined at `start` (x = -1)")
            && lines[0].ends_with("(fails in 1 of 6 variants)"),
        "{lines:?}"
    );
    assert_eq!(validate_text(DRAWN_WALK), Vec::<String>::new());
}

#[test]
fn validate_warns_about_a_descent_with_fewer_than_five_distinct_variants() {
    let text = DRAWN_WALK.replace(
        "params = { a = { int = [1, 4] }, x0 = { choose = [-4, -3, 3, 4] }, lr = { choose = [0.05, 0.1, 0.2] } }",
        "params = { a = { int = [1, 2] }, x0 = 3, lr = 0.1 }",
    );
    let lines = validate_text(&text);
    assert_eq!(
        lines,
        vec!["walks.toml:11:10: warning: only 2 distinct variants (variants whose prompts read the same are one): widen the draws so that students get new numbers".to_string()]
    );
}

#[test]
fn a_first_variant_that_does_not_read_is_named_in_the_load_error() {
    // The learning rate 0.1 + 1/(a − a₁)² is infinite in variant 1 only (a = a₁ there).
    let values = vec![3.0, 5.0, 6.0, 7.0, 8.0, 9.0];
    let draws =
        Draws::new(vec![("a".into(), Spec::Draw(values))], Vec::new(), "named").expect("draws");
    let a1 = draws.values(1).expect("variant 1")[0].1;
    let text = format!(
        r#"title = "Walks"

[[descent]]
id = "named"
title = "A walk"
function = "x^2"
vars = ["x"]
params = {{ a = {{ choose = [3, 5, 6, 7, 8, 9] }} }}
start = [1]
learning_rate = "0.1 + 1/(a - {a1})^2"
steps = 10
"#
    );
    let errs = errors(&text);
    assert_eq!(
        errs.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
        vec![format!(
            "walks.toml:10:17: error: variant 1 of `named` (a = {a1}): `learning_rate`: 0.1 + 1/(a - {a1})^2 is not a finite number"
        )]
    );
    // The same for an exercise: its `at` is undefined in variant 1 only.
    let text = format!(
        r#"title = "T"

[[exercise]]
id = "named"
kind = "derivative"
params = {{ a = {{ choose = [3, 5, 6, 7, 8, 9] }} }}
function = "x^2"
var = "x"
at = {{ x = "1/(a - {a1})" }}
prompt = "Find f′(x) at x = {{a}}."
"#
    );
    let errs = errors(&text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0]
            .message
            .starts_with(&format!("variant 1 of `named` (a = {a1}): ")),
        "{}",
        errs[0]
    );
}

#[test]
fn an_error_every_variant_has_does_not_name_a_variant() {
    let text = DRAWN_WALK.replace("steps = 40", "steps = 0");
    let errs = errors(&text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].message.starts_with("`steps` must be between"),
        "{}",
        errs[0]
    );
}
#[test]
fn the_bundled_course_has_randomised_descent_examples_whose_variants_all_converge() {
    let course = gradtutor::exercise::load_bundled().course;
    let drawn: Vec<&Descent> = course
        .sets
        .iter()
        .flat_map(|s| &s.descents)
        .filter(|d| d.is_randomised())
        .collect();
    assert!(
        drawn.len() >= 2,
        "{} randomised descent examples",
        drawn.len()
    );
    for d in drawn {
        let mut variants = d.variants().expect("randomised");
        for n in 1..=50 {
            let v = variants.get(n).expect("variant");
            assert!(
                descent_variant_errors(&v).is_empty(),
                "{} variant {n}",
                d.id
            );
            let mut s = Stepper::new(&v).expect("starts");
            assert_eq!(
                s.run(),
                &Status::Converged,
                "{} variant {n}: {:?}",
                d.id,
                v.params
            );
            assert!(!v.title.contains('{') && !v.notes.as_deref().unwrap_or("").contains('{'));
        }
    }
}

#[test]
fn step_walks_the_variant_asked_for() {
    let dir = std::env::temp_dir().join(format!("gradtutor-step-variant-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("walks.toml");
    std::fs::write(&file, DRAWN_WALK).expect("write");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_gradtutor"))
            .args(args)
            .arg(&file)
            .output()
            .expect("runs")
    };
    let out = run(&[
        "step",
        "drawn-parabola",
        "--variant",
        "4",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let v = load(DRAWN_WALK).variant(4).expect("variant 4");
    assert_eq!(json["steps"][0]["x"][0].as_f64(), Some(v.start[0]));
    let out = run(&["step", "drawn-parabola", "--variant", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
