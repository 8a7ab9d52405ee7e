//! Randomised exercises in the tutor (issue 10): each student's own first variant from their
//! key, shown in the title bar; Alt-v (F5) draws the next variant of their sequence after an
//! attempt; progress keeps the current variant and every attempt's; solved once any variant
//! is; the course list says in how many variants; a variant that fails validation is never
//! shown. The exercises are written here with their draws, so that nothing depends on the
//! bundled course.

use crate::tui_support::{alt, key, screen, type_str};
use crossterm::event::KeyCode;
use gradtutor::check::{Status, Verdict};
use gradtutor::exercise::{load_str, Course, Descent, Exercise};
use gradtutor::progress::{Progress, Store};
use gradtutor::tui::app::{App, Screen};
use gradtutor::tui::theme::Theme;
use gradtutor::validate::{
    descent_variant_errors, first_valid_descent_variant, first_valid_variant,
};
use gradtutor::variants::{first_variant, next_variant};

const DRAWN: &str = r#"title = "Drawn numbers"

[[exercise]]
id = "drawn-power"
kind = "derivative"
title = "The power rule, with drawn numbers"
params = { a = { int = [2, 9] }, n = { int = [2, 6] } }
function = "a*x^n"
var = "x"
prompt = "Find f′(x) for f(x) = {function}."
hints = ["The power rule: the derivative of x^{n} is {n}x^{= n - 1}."]
solution = "f′(x) = {= a*n*x^(n-1)}"
answer = "a*n*x^(n-1)"

[[exercise]]
id = "drawn-log"
kind = "derivative"
title = "A logarithm whose factor may be drawn as 0"
params = { c = { choose = [0, 1, 2, 3] } }
function = "log(c*x)"
var = "x"
domain = [0.5, 3]
prompt = "Find f′(x) for f(x) = {function}."
answer = "1/x"

[[exercise]]
id = "fixed-square"
kind = "derivative"
title = "Fixed numbers"
function = "x^2"
var = "x"
prompt = "Find f′(x) for f(x) = x²."
answer = "2x"

[[exercise]]
id = "drawn-untitled"
kind = "derivative"
params = { b = { int = [2, 9] } }
function = "b*x^3"
var = "x"
prompt = "Differentiate f(x) = {function}."
answer = "3*b*x^2"
"#;

fn course() -> Course {
    let (set, diags) = load_str("drawn.toml", DRAWN);
    Course {
        sets: vec![set.unwrap_or_else(|| panic!("loads: {diags:?}"))],
    }
}

fn student(key: &str) -> Progress {
    Progress {
        student: Some(key.into()),
        ..Progress::default()
    }
}

fn tutor(progress: Progress) -> App {
    let mut app = App::new(course(), Store::in_memory(progress), Theme::new(false));
    let _ = screen(&mut app, 80, 24);
    app
}

fn exercise(app: &App, ei: usize) -> Exercise {
    app.course.sets[0].exercises[ei].clone()
}

/// The variant the exercise screen shows.
fn shown(app: &App) -> Option<u32> {
    match &app.screen {
        Screen::Exercise(v) => v.variant(),
        _ => None,
    }
}

/// A drawn parameter's value in the variant shown.
fn param(app: &App, ei: usize, name: &str) -> f64 {
    let n = shown(app).expect("a variant is shown");
    let ex = exercise(app, ei).variant(n).expect("the variant reads");
    ex.params
        .iter()
        .find(|(p, _)| p == name)
        .map(|(_, x)| *x)
        .expect("the parameter")
}

/// The right answer to the power rule's variant shown: a·n·x^(n−1).
fn right_answer(app: &App) -> String {
    let (a, n) = (param(app, 0, "a"), param(app, 0, "n"));
    format!("{}*x^{}", a * n, n - 1.0)
}

/// The title bar, wrapped over its lines, as one line of words.
fn title_bar(out: &str) -> String {
    out.lines()
        .map(|l| l.trim_matches('"'))
        .take_while(|l| !l.starts_with('│'))
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn each_student_opens_their_own_first_variant_shown_in_the_title_bar() {
    for key in ["ada", "grace", "alan"] {
        let mut app = tutor(student(key));
        app.open_exercise(0, 0);
        let base = exercise(&app, 0);
        let expected = first_valid_variant(&base, first_variant(key, &base.id))
            .expect("a valid variant")
            .number();
        assert_eq!(shown(&app), Some(expected), "{key}");
        let out = screen(&mut app, 80, 24);
        assert!(
            title_bar(&out).contains(&format!("variant {expected}")),
            "{key}: {out}"
        );
    }
    // A fixed exercise names no variant.
    let mut app = tutor(student("ada"));
    app.open_exercise(0, 2);
    assert_eq!(shown(&app), None);
    assert!(!title_bar(&screen(&mut app, 80, 24)).contains("variant"));
}

/// The key is created when the tutor opens on a course with a randomised exercise (the list
/// already shows the student's variants), and not on a course without one.
#[test]
fn the_student_key_is_created_the_first_time_and_kept_with_the_progress() {
    assert_eq!(crate::tui_support::app().store.progress.student, None);
    let mut app = tutor(Progress::default());
    let key = app
        .store
        .progress
        .student
        .clone()
        .expect("a key was created");
    app.open_exercise(0, 0);
    let first = shown(&app);
    key_back_and_reopen(&mut app);
    assert_eq!(app.store.progress.student.as_deref(), Some(key.as_str()));
    assert_eq!(shown(&app), first, "the same variant again");
}

fn key_back_and_reopen(app: &mut App) {
    key(app, KeyCode::Esc);
    app.open_exercise(0, 0);
}

#[test]
fn another_variant_after_an_attempt_moves_on_in_the_students_sequence_and_is_kept() {
    let mut app = tutor(student("ada"));
    app.open_exercise(0, 0);
    let first = shown(&app).expect("randomised");
    // Before any attempt: not offered, and the key says why.
    let out = screen(&mut app, 80, 24);
    assert!(!out.contains("new numbers"), "{out}");
    alt(&mut app, 'v');
    assert_eq!(shown(&app), Some(first));
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("once first")),
        "{:?}",
        app.notice
    );
    type_str(&mut app, "1");
    key(&mut app, KeyCode::Enter);
    let out = screen(&mut app, 80, 24);
    assert!(out.contains("Alt-v new numbers"), "{out}");
    alt(&mut app, 'v');
    let base = exercise(&app, 0);
    let next = first_valid_variant(&base, next_variant(first))
        .expect("valid")
        .number();
    assert_eq!(shown(&app), Some(next));
    let record = app.store.progress.record("drawn-power").expect("recorded");
    assert_eq!(record.variant, Some(next), "the current variant is kept");
    assert_eq!(record.history[0].variant, Some(first));
    assert!(!record.solved);
    // F5 does the same, and the attempt made on the first variant still counts.
    let out = screen(&mut app, 80, 24);
    assert!(
        title_bar(&out).contains(&format!("variant {next}")),
        "{out}"
    );
    assert!(title_bar(&out).contains("✗ 1 attempt"), "{out}");
    // Solved on the second variant: solved, in one variant, and the list says so.
    let answer = right_answer(&app);
    type_str(&mut app, &answer);
    key(&mut app, KeyCode::Enter);
    let record = app.store.progress.record("drawn-power").expect("recorded");
    assert!(record.solved, "{answer}: {record:?}");
    assert_eq!(record.history[1].variant, Some(next));
    assert_eq!(record.variants_solved(), 1);
    key(&mut app, KeyCode::F(5));
    let third = shown(&app).expect("randomised");
    assert_ne!(third, next);
    let answer = right_answer(&app);
    type_str(&mut app, &answer);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc);
    let out = screen(&mut app, 80, 24);
    let row = out
        .lines()
        .find(|l| l.contains("The power rule, with drawn numbers"))
        .expect("the exercise's row");
    assert!(
        row.contains("✓") && row.contains("solved in 2 variants"),
        "{row}"
    );
    // Coming back opens the variant the student is on.
    app.open_exercise(0, 0);
    assert_eq!(shown(&app), Some(third));
}

#[test]
fn a_variant_that_fails_validation_is_never_shown() {
    let base = {
        let app = tutor(student("ada"));
        exercise(&app, 1)
    };
    // The variants whose factor c is 0: log(0·x) is undefined everywhere.
    let zero: Vec<u32> = (1..=40)
        .filter(|&n| {
            base.variant(n)
                .is_ok_and(|v| v.params.iter().any(|(p, x)| p == "c" && *x == 0.0))
        })
        .collect();
    assert!(!zero.is_empty(), "some variant draws c = 0");
    for n in zero {
        // The student is on such a variant (say, saved by an older version of the course).
        let mut progress = student("ada");
        progress.set_variant("drawn-log", n, 1);
        let mut app = tutor(progress);
        app.open_exercise(0, 1);
        let v = shown(&app).expect("a variant is shown");
        assert_ne!(v, n);
        assert_ne!(param(&app, 1, "c"), 0.0, "variant {v} shown instead of {n}");
    }
}

#[test]
fn a_fixed_exercise_has_no_other_variant() {
    let mut app = tutor(student("ada"));
    app.open_exercise(0, 2);
    type_str(&mut app, "2x");
    key(&mut app, KeyCode::Enter);
    let out = screen(&mut app, 80, 24);
    assert!(!out.contains("new numbers"), "{out}");
    alt(&mut app, 'v');
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("fixed numbers")),
        "{:?}",
        app.notice
    );
    let record = app.store.progress.record("fixed-square").expect("recorded");
    assert_eq!(record.history[0].variant, None);
}

#[test]
fn help_lists_the_key_for_another_variant() {
    let mut app = tutor(student("ada"));
    app.open_exercise(0, 0);
    key(&mut app, KeyCode::F(1));
    let out = screen(&mut app, 120, 40);
    assert!(out.contains("Alt-v/F5"), "{out}");
    assert!(out.contains("another variant"), "{out}");
}

/// The exercise screen of a randomised exercise after a wrong attempt, at both sizes: the
/// variant in the title bar, Alt-v in the status bar. (The verdict is fixed here, so that the
/// snapshots show the screen's layout, not the checker's wording.)
#[test]
fn a_randomised_exercise_after_an_attempt() {
    let mut app = tutor(student("ada"));
    app.open_exercise(0, 0);
    type_str(&mut app, "1");
    if let Screen::Exercise(v) = &mut app.screen {
        let answer = v.answer();
        v.take_verdict(
            answer,
            Verdict {
                status: Status::Incorrect,
                message: "Your answer is a constant.".into(),
                diagnosis: None,
                cells: None,
                read_error: None,
            },
        );
    }
    for (w, h) in [(80, 24), (120, 40)] {
        let text = screen(&mut app, w, h);
        insta::assert_snapshot!(format!("randomised_exercise_{w}x{h}"), text);
    }
}

#[test]
fn a_status_bar_too_long_for_80_columns_leaves_out_keys_before_the_help_key_not_cuts_them() {
    let mut app = tutor(student("ada"));
    app.open_exercise(0, 0);
    type_str(&mut app, "1");
    key(&mut app, KeyCode::Enter);
    let wide = screen(&mut app, 120, 40);
    let bar = |out: &str| {
        out.lines()
            .last()
            .unwrap_or("")
            .trim_matches('"')
            .trim_end()
            .to_string()
    };
    let all = bar(&wide);
    assert!(all.contains("Esc back") && all.ends_with("? keys"), "{all}");
    let narrow = bar(&screen(&mut app, 80, 24));
    assert!(narrow.ends_with("? keys"), "{narrow}");
    assert!(narrow.contains("Alt-v new numbers"), "{narrow}");
    assert!(!narrow.contains("Esc back"), "left out whole: {narrow}");
    // Every key shown is shown whole: each is one of the wide bar's.
    for item in narrow.split("  ") {
        assert!(all.contains(item), "{item} in {all}");
    }
}

/// The line of `out` that holds `text`, without the borders and the padding.
fn line_with<'a>(out: &'a str, text: &str) -> &'a str {
    out.lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no line with {text} in\n{out}"))
        .trim_matches(|c: char| c == '"' || c == '│' || c == '›' || c.is_whitespace())
}

/// The prompt as the exercise screen shows it, for the exercise at `ei` (the student's current
/// variant), and back to the list.
fn prompt_on_exercise_screen(app: &mut App, ei: usize, starts: &str) -> String {
    app.open_exercise(0, ei);
    let out = screen(app, 120, 40);
    let prompt = line_with(&out, starts).to_string();
    key(app, KeyCode::Esc);
    prompt
}

#[test]
fn the_course_list_shows_the_students_current_variant_as_the_exercise_screen_does() {
    let mut differs = false;
    for who in ["ada", "grace", "alan"] {
        let mut app = tutor(student(who));
        let base = exercise(&app, 0);
        let first = first_valid_variant(&base, first_variant(who, &base.id)).expect("valid");
        differs |= first.exercise.prompt != base.prompt;
        let label = prompt_on_exercise_screen(&mut app, 3, "Differentiate");
        let prompt = prompt_on_exercise_screen(&mut app, 0, "Find f′(x)");
        // An exercise without a title is listed by its prompt's first line; the panel beside
        // the list shows the selected exercise's prompt (the cursor is back on it).
        let out = screen(&mut app, 120, 40);
        assert!(
            line_with(&out, "Differentiate").contains(&label),
            "{who}: {label} in\n{out}"
        );
        assert!(
            line_with(&out, "Find f′(x)").contains(&prompt),
            "{who}: {prompt} in\n{out}"
        );
    }
    assert!(
        differs,
        "some student's variant has other numbers than the loader's"
    );

    // Another variant: the list shows its numbers once back.
    let mut app = tutor(student("ada"));
    app.open_exercise(0, 0);
    type_str(&mut app, "1");
    key(&mut app, KeyCode::Enter);
    alt(&mut app, 'v');
    let out = screen(&mut app, 120, 40);
    let prompt = line_with(&out, "Find f′(x)").to_string();
    key(&mut app, KeyCode::Esc);
    let out = screen(&mut app, 120, 40);
    assert!(
        line_with(&out, "Find f′(x)").contains(&prompt),
        "{prompt} in\n{out}"
    );
}

// ---- randomised worked descent examples ----

const WALKS: &str = r#"title = "Drawn walks"

[[descent]]
id = "drawn-walk"
title = "Descent on {function}"
notes = "Each step multiplies x by 1 − 2·{a}·{lr} = {= 1 - 2*a*lr}."
function = "a*x^2"
vars = ["x"]
params = { a = { int = [1, 3] }, x0 = { choose = [-3, 2, 3] }, lr = { choose = [0.05, 0.1, 0.2, 0.9] } }
start = ["x0"]
learning_rate = "lr"
steps = 30
gradient = ["2*a*x"]

[[descent]]
id = "fixed-walk"
title = "Fixed walk"
function = "x^2"
vars = ["x"]
start = [5]
learning_rate = 0.1
steps = 25
"#;

fn walks_tutor(progress: Progress) -> App {
    let (set, diags) = load_str("walks.toml", WALKS);
    let course = Course {
        sets: vec![set.unwrap_or_else(|| panic!("loads: {diags:?}"))],
    };
    let mut app = App::new(course, Store::in_memory(progress), Theme::new(false));
    let _ = screen(&mut app, 80, 24);
    app
}

/// The variant the descent screen shows.
fn walk_shown(app: &App) -> Option<u32> {
    match &app.screen {
        Screen::Descent(d) => d.variant(),
        _ => None,
    }
}

fn walk(app: &App, di: usize) -> Descent {
    app.course.sets[0].descents[di].clone()
}

#[test]
fn a_randomised_descent_opens_on_the_students_first_valid_variant_named_in_the_title() {
    for key in ["ada", "grace", "alan"] {
        let mut app = walks_tutor(student(key));
        app.open_descent(0, 0);
        let base = walk(&app, 0);
        let valid = first_valid_descent_variant(&base, first_variant(key, &base.id))
            .expect("a valid variant");
        assert_eq!(walk_shown(&app), Some(valid.number()), "{key}");
        let out = screen(&mut app, 80, 24);
        let first = out.lines().next().unwrap_or("");
        assert!(
            first.contains(&format!("variant {}", valid.number())),
            "{key}: {out}"
        );
        assert!(
            first.contains(&gradtutor::math::prettify(&valid.descent.title)),
            "{out}"
        );
        assert!(out.contains("Alt-v new numbers"), "{out}");
        // ε = 0.9 diverges for every a: never shown
        assert!(descent_variant_errors(&valid.descent).is_empty());
        assert!(
            valid.descent.learning_rate < 0.5,
            "{:?}",
            valid.descent.params
        );
    }
}

#[test]
fn alt_v_and_f5_on_a_descent_draw_the_next_valid_variant_and_keep_it() {
    let mut app = walks_tutor(student("ada"));
    app.open_descent(0, 0);
    let first = walk_shown(&app).expect("randomised");
    alt(&mut app, 'v');
    let base = walk(&app, 0);
    let next = first_valid_descent_variant(&base, next_variant(first))
        .expect("valid")
        .number();
    assert_eq!(walk_shown(&app), Some(next));
    assert_eq!(
        app.store
            .progress
            .record("drawn-walk")
            .and_then(|r| r.variant),
        Some(next),
        "the current variant is kept with the progress"
    );
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains(&format!("Variant {next}"))),
        "{:?}",
        app.notice
    );
    key(&mut app, KeyCode::F(5));
    let third = walk_shown(&app).expect("randomised");
    assert_eq!(
        Some(third),
        first_valid_descent_variant(&base, next_variant(next))
            .ok()
            .map(|v| v.number())
    );
    // The course list shows the title of the variant the student is on; coming back opens it.
    key(&mut app, KeyCode::Esc);
    let shown_title = gradtutor::math::prettify(&base.variant(third).expect("variant").title);
    let out = screen(&mut app, 80, 24);
    assert!(out.contains(&shown_title), "{shown_title}: {out}");
    app.open_descent(0, 0);
    assert_eq!(walk_shown(&app), Some(third));
}

#[test]
fn a_fixed_descent_offers_no_other_variant() {
    let mut app = walks_tutor(student("ada"));
    app.open_descent(0, 1);
    let out = screen(&mut app, 80, 24);
    assert!(
        !out.contains("new numbers") && !out.contains("variant"),
        "{out}"
    );
    alt(&mut app, 'v');
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("fixed numbers")),
        "{:?}",
        app.notice
    );
    key(&mut app, KeyCode::F(1));
    let help = screen(&mut app, 120, 40);
    assert!(
        help.contains("new numbers for the same worked example"),
        "{help}"
    );
}

/// The stepper on a randomised example, at both sizes: the variant in the title line, the
/// rendered notes, Alt-v in the status bar.
#[test]
fn a_randomised_descent_in_the_stepper() {
    let mut app = walks_tutor(student("ada"));
    app.open_descent(0, 0);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    for (w, h) in [(80, 24), (120, 40)] {
        let text = screen(&mut app, w, h);
        insta::assert_snapshot!(format!("randomised_descent_{w}x{h}"), text);
    }
}
