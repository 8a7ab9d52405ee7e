//! The tutor's screens as a first week of use found them (issue 15): sets of worked descent
//! examples say how many they have and how many were walked, the update rule's box scrolls
//! instead of being cut, sets are listed as their `order` or titles say, and a set left out
//! for an error is named, with the reason, readably at 80 columns.

use crate::tui_support::{course, key, screen};
use crossterm::event::KeyCode;
use gradtutor::exercise::{Descent, ExerciseSet, Pos};
use gradtutor::math::LogBase;
use gradtutor::progress::{Progress, Store};
use gradtutor::tui::app::App;
use gradtutor::tui::keys::Mode;
use gradtutor::tui::stepper::{StepperMsg, StepperOutcome, StepperScreen};
use gradtutor::tui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn descent(id: &str, title: &str) -> Descent {
    Descent {
        id: id.into(),
        title: title.into(),
        notes: None,
        function: "x^2".into(),
        vars: vec!["x".into()],
        start: vec![5.0],
        learning_rate: 0.1,
        steps: 25,
        momentum: None,
        gradient: None,
        params: Vec::new(),
        data: Vec::new(),
        view: None,
        stop_grad_norm: None,
        log: LogBase::Ln,
        pos: Pos::default(),
        variant: None,
        parsed: Default::default(),
    }
}

/// The test course with a third set of worked descent examples only.
fn course_with_walks() -> gradtutor::exercise::Course {
    let mut c = course();
    c.sets.push(ExerciseSet {
        source: "walks.toml".into(),
        title: "Descent, walked".into(),
        description: None,
        exercises: Vec::new(),
        descents: vec![
            descent("walk-one", "The first walk"),
            descent("walk-two", "The second walk"),
        ],
        ..ExerciseSet::default()
    });
    c
}

fn row_of<'a>(out: &'a str, title: &str) -> &'a str {
    out.lines()
        .find(|l| l.contains(title))
        .unwrap_or_else(|| panic!("no row {title} in\n{out}"))
}

#[test]
fn a_set_of_descent_examples_counts_its_examples_and_those_walked_not_zero_total() {
    let mut app = App::new(
        course_with_walks(),
        Store::in_memory(Progress::default()),
        Theme::new(false),
    );
    let out = screen(&mut app, 80, 24);
    let row = row_of(&out, "Descent, walked");
    assert!(row.contains("0 walked   2 examples"), "{row}");
    assert!(!row.contains("total"), "{row}");
    // A set with both says both.
    let mixed = row_of(&out, "Gradients, Jacobians");
    assert!(mixed.contains("0 ✓ 0 ✗ 3 total · 0/1 walked"), "{mixed}");

    // Walk the first example one step, come back: it counts, once.
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Stepper);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Esc);
    let out = screen(&mut app, 80, 24);
    assert!(
        row_of(&out, "Descent, walked").contains("1 walked   2 examples"),
        "{out}"
    );
    let summary = app.store.progress.summary(&app.course);
    let walks = &summary[2];
    assert_eq!((walks.examples, walks.walked, walks.total), (2, 1, 0));
}

#[test]
fn the_first_step_on_a_stepper_reports_the_example_walked_once() {
    let mut s = StepperScreen::new(&descent("walk", "A walk")).expect("sets up");
    assert_eq!(s.update(StepperMsg::Back), None);
    assert_eq!(s.update(StepperMsg::Forward), Some(StepperOutcome::Walked));
    assert_eq!(s.update(StepperMsg::Forward), None);
    let mut p = Progress::default();
    assert!(p.record_walked("walk", 1));
    assert!(!p.record_walked("walk", 2), "walked is news only once");
    assert!(p.walked("walk"));
    // A prediction counts as walking too.
    p.record_result("other", false, 3);
    assert!(p.walked("other"));
}

/// Two variables with momentum: the rule and the current point take more lines than the box
/// has at 80x24.
fn momentum_walk() -> Descent {
    let mut d = descent("paraboloid-momentum", "Momentum on the paraboloid");
    d.function = "x1^2 + 3*x2^2".into();
    d.vars = vec!["x1".into(), "x2".into()];
    d.start = vec![2.9, -2.9];
    d.learning_rate = 0.025;
    d.momentum = Some(0.9);
    d
}

fn draw(s: &StepperScreen, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| f.render_widget(s, f.area())).expect("draws");
    t.backend().to_string()
}

/// The update rule box's inner text (the right half of the bottom part), line by line.
fn rule_box(out: &str) -> Vec<String> {
    let lines: Vec<&str> = out.lines().collect();
    let top = lines
        .iter()
        .position(|l| l.contains("Update rule"))
        .expect("the rule box");
    lines[top + 1..]
        .iter()
        .take_while(|l| !l.contains("└") || l.contains("│"))
        .map(|l| {
            let chars: Vec<char> = l.chars().collect();
            chars[chars.len() / 2..].iter().collect::<String>()
        })
        .collect()
}

#[test]
fn the_update_rule_box_scrolls_at_80x24_instead_of_cutting_the_momentum_arithmetic() {
    let mut s = StepperScreen::new(&momentum_walk())
        .expect("sets up")
        .with_no_color(true);
    let _ = s.update(StepperMsg::Forward);
    let _ = s.update(StepperMsg::Forward);
    let top = draw(&s, 80, 24);
    assert!(!top.contains('…'), "nothing is cut:\n{top}");
    assert!(
        top.contains("↓ 3 more lines") || top.contains("more line"),
        "{top}"
    );
    assert!(top.contains("v_x1 = α·v_x1 − ε·∂f/∂x1"), "{top}");
    // Every line of the rule and of the current point can be scrolled into view.
    let mut seen: Vec<String> = rule_box(&top);
    for _ in 0..12 {
        let _ = s.update(StepperMsg::ScrollRule(1));
        seen.extend(rule_box(&draw(&s, 80, 24)));
    }
    let all = seen.join("\n");
    for needle in [
        "x1[2] = x1[1] + v_x1",
        "v_x2 = α·v_x2",
        "x2[2] = x2[1] + v_x2",
        "∇f = (",
        "v = (",
    ] {
        assert!(all.contains(needle), "{needle} never shown in\n{all}");
    }
    let bottom = draw(&s, 80, 24);
    assert!(
        bottom.contains(" ↑ "),
        "the border says there is more above:\n{bottom}"
    );
    assert!(!bottom.contains("more line"), "{bottom}");
}

fn file(name: &str, text: &str) -> gradtutor::exercise::SourceFile {
    gradtutor::exercise::SourceFile {
        name: name.into(),
        text: text.into(),
    }
}

/// A set with one exercise whose id is `id`, and `head` lines at the top.
fn set_text(head: &str, id: &str) -> String {
    format!(
        "{head}\n\n[[exercise]]\nid = \"{id}\"\nkind = \"derivative\"\n\
         prompt = \"Find f′(x) for f(x) = x².\"\nfunction = \"x^2\"\nvar = \"x\"\n"
    )
}

fn titles(course: &gradtutor::exercise::Course) -> Vec<&str> {
    course.sets.iter().map(|s| s.title.as_str()).collect()
}

#[test]
fn sets_are_listed_by_their_titles_not_by_file_name() {
    let files = [
        file("week10.toml", &set_text("title = \"Week 10\"", "a")),
        file(
            "week3-descent.toml",
            &set_text("title = \"Week 3: descent\"", "b"),
        ),
        file("week3.toml", &set_text("title = \"Week 3\"", "c")),
        file("week2.toml", &set_text("title = \"week 2\"", "d")),
    ];
    let loaded = gradtutor::exercise::load_sources(&files);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    assert_eq!(
        titles(&loaded.course),
        ["week 2", "Week 3", "Week 3: descent", "Week 10"]
    );
    // The tutor lists them so.
    let mut app = App::new(
        loaded.course,
        Store::in_memory(Progress::default()),
        Theme::new(false),
    );
    let out = screen(&mut app, 80, 24);
    let at = |t: &str| out.find(t).unwrap_or_else(|| panic!("{t} in\n{out}"));
    assert!(
        at("week 2") < at("Week 3 ") && at("Week 3: descent") < at("Week 10"),
        "{out}"
    );
}

#[test]
fn an_order_field_comes_before_titles() {
    let files = [
        file("a.toml", &set_text("title = \"Alpha\"", "a")),
        file("b.toml", &set_text("title = \"Beta\"\norder = 2", "b")),
        file("c.toml", &set_text("title = \"Gamma\"\norder = 1", "c")),
    ];
    let loaded = gradtutor::exercise::load_sources(&files);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    assert_eq!(titles(&loaded.course), ["Gamma", "Beta", "Alpha"]);
    assert_eq!(loaded.course.sets[0].order, Some(1));
}

#[test]
fn the_bundled_course_keeps_its_order_by_its_order_fields() {
    let loaded = gradtutor::exercise::load_bundled();
    let orders: Vec<Option<u32>> = loaded.course.sets.iter().map(|s| s.order).collect();
    assert!(orders.iter().all(Option::is_some), "{orders:?}");
    assert!(orders.windows(2).all(|w| w[0] < w[1]), "{orders:?}");
    assert_eq!(loaded.course.sets[0].title, "Derivative rules");
}

#[test]
fn an_order_that_is_not_a_whole_number_from_0_is_an_error_at_its_column() {
    for (value, says) in [
        ("1.5", "`order` must be a whole number, found"),
        ("\"first\"", "`order` must be a whole number, found"),
        ("-1", "`order` must be a whole number from 0 to 1000000"),
    ] {
        let text = set_text(&format!("title = \"T\"\norder = {value}"), "a");
        let (set, diags) = gradtutor::exercise::load_str("t.toml", &text);
        assert!(set.is_none(), "{value}");
        let d = diags
            .iter()
            .find(|d| d.message.contains(says))
            .unwrap_or_else(|| panic!("{value}: {diags:?}"));
        assert_eq!((d.pos.line, d.pos.col), (2, 9), "{value}: {d}");
    }
}

/// The notice area of the course screen: the lines between the list's box and the status bar.
fn notice_lines(out: &str) -> String {
    let lines: Vec<&str> = out.lines().map(|l| l.trim_matches('"')).collect();
    let bottom = lines
        .iter()
        .rposition(|l| l.starts_with('└'))
        .expect("the list's box");
    lines[bottom + 1..lines.len() - 1]
        .iter()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

fn tutor_with_notice(loaded: gradtutor::exercise::Loaded) -> App {
    let notice = gradtutor::tui::course::left_out_notice(&loaded.left_out);
    App::new(
        loaded.course,
        Store::in_memory(Progress::default()),
        Theme::new(false),
    )
    .with_notice(notice)
}

#[test]
fn a_set_left_out_for_a_duplicate_id_is_named_with_the_reason_whole_at_80_columns() {
    let files = [
        file(
            "/home/instructor/ml-calculus/week3/week3-derivatives.toml",
            &set_text("title = \"Week 3: derivatives\"", "derivative-of-x-squared"),
        ),
        file(
            "/home/instructor/ml-calculus/week3/week3-more-derivatives.toml",
            &set_text(
                "title = \"Week 3: more derivatives\"",
                "derivative-of-x-squared",
            ),
        ),
    ];
    let loaded = gradtutor::exercise::load_sources(&files);
    assert_eq!(loaded.course.sets.len(), 1);
    assert_eq!(loaded.left_out.len(), 1);
    let mut app = tutor_with_notice(loaded);
    let out = screen(&mut app, 80, 24);
    let banner = notice_lines(&out);
    let flat = banner.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "“Week 3: more derivatives” (week3-more-derivatives.toml) was left out",
        "duplicate id `derivative-of-x-squared`",
        "already used at",
        "gradtutor validate",
    ] {
        assert!(
            flat.contains(needle),
            "{needle} missing from the banner:\n{banner}"
        );
    }
    assert!(!banner.contains('…'), "nothing of it is cut:\n{banner}");
}

#[test]
fn several_sets_left_out_are_each_named_with_their_first_error() {
    let files = [
        file("good.toml", &set_text("title = \"Good\"", "a")),
        file("dup.toml", &set_text("title = \"Duplicate\"", "a")),
        file(
            "order.toml",
            &set_text("title = \"Bad order\"\norder = 1.5", "b"),
        ),
    ];
    let loaded = gradtutor::exercise::load_sources(&files);
    let mut app = tutor_with_notice(loaded);
    let out = screen(&mut app, 80, 24);
    let banner = notice_lines(&out);
    let flat = banner.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.starts_with("2 sets were left out"), "{banner}");
    assert!(
        flat.contains("“Duplicate” (dup.toml), line 4: duplicate id `a`"),
        "{banner}"
    );
    assert!(
        flat.contains("“Bad order” (order.toml), line 2: `order` must be"),
        "{banner}"
    );
    assert!(flat.contains("gradtutor validate"), "{banner}");
}

/// A worked example walked (stepped in) but not predicted has its own mark in the list, the
/// one the course help's legend gives for walked; an example not opened keeps `·`.
#[test]
fn a_walked_example_has_its_own_mark_in_the_list_as_the_help_says() {
    let mut progress = Progress::default();
    assert!(progress.record_walked("walk-one", 1));
    let mut app = App::new(
        course_with_walks(),
        Store::in_memory(progress),
        Theme::new(false),
    );
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Right);
    let out = screen(&mut app, 80, 24);
    let mark = |title: &str| {
        row_of(&out, title)
            .trim_matches(|c: char| c == '"' || c == '│' || c == '›' || c.is_whitespace())
            .chars()
            .next()
    };
    assert_eq!(mark("stepper: The first walk"), Some('↘'), "{out}");
    assert_eq!(mark("stepper: The second walk"), Some('·'), "{out}");
    key(&mut app, KeyCode::Char('?'));
    let help = screen(&mut app, 80, 24);
    assert!(help.contains("↘ walked"), "{help}");
}
