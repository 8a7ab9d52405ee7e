//! Every kind round-trips: a fixture of each (tests/fixtures/format/) loads, is written back with
//! `to_toml`, loads again to the same set; and every complete example in
//! docs/exercise-format.md validates cleanly, so the reference cannot drift from the loader.

use gradtutor::exercise::{
    load_str, to_toml, Answer, Domain, Exercise, ExerciseSet, Goal, Kind, Pos, SourceFile,
    TableColumn, Tolerance,
};
use gradtutor::math::LogBase;
use gradtutor::validate::validate;
use proptest::prelude::*;
use std::path::Path;

fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/format exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("fixture is readable");
            (p.display().to_string(), text)
        })
        .collect()
}

/// The set without what a round trip cannot keep: where it came from and positions.
fn comparable(mut set: ExerciseSet) -> ExerciseSet {
    set.source.clear();
    for e in &mut set.exercises {
        e.pos = Pos::default();
    }
    for d in &mut set.descents {
        d.pos = Pos::default();
    }
    set
}

fn load_clean(name: &str, text: &str) -> ExerciseSet {
    let (set, diags) = load_str(name, text);
    assert!(diags.is_empty(), "{name}:\n{diags:#?}\n{text}");
    set.unwrap_or_else(|| panic!("{name} did not load"))
}

#[test]
fn every_fixture_round_trips() {
    let files = fixtures();
    assert!(files.len() >= 9, "one fixture per kind expected");
    for (name, text) in files {
        let set = load_clean(&name, &text);
        let written = to_toml(&set);
        let again = load_clean(&format!("{name} (written back)"), &written);
        assert_eq!(
            comparable(set),
            comparable(again.clone()),
            "{name}:\n{written}"
        );
        // Writing is stable: the second time gives the same text.
        assert_eq!(to_toml(&again), written, "{name}");
    }
}

#[test]
fn the_fixtures_cover_every_kind_and_form() {
    let sets: Vec<ExerciseSet> = fixtures().iter().map(|(n, t)| load_clean(n, t)).collect();
    let exercises: Vec<&Exercise> = sets.iter().flat_map(|s| s.exercises.iter()).collect();
    let has = |pred: &dyn Fn(&Exercise) -> bool| exercises.iter().any(|e| pred(e));
    assert!(has(
        &|e| matches!(&e.kind, Kind::Derivative { at: None, var, order: 1, .. } if var.len() == 1)
    ));
    assert!(has(&|e| matches!(
        &e.kind,
        Kind::Derivative { at: Some(_), .. }
    )));
    assert!(has(
        &|e| matches!(&e.kind, Kind::Derivative { var, .. } if var.len() == 2)
    ));
    assert!(has(&|e| matches!(
        &e.kind,
        Kind::Derivative { order: 2, .. }
    )));
    assert!(has(&|e| matches!(&e.kind, Kind::Gradient { at: None, .. })));
    assert!(has(&|e| matches!(
        &e.kind,
        Kind::Gradient { at: Some(_), .. }
    )));
    assert!(has(&|e| matches!(&e.kind, Kind::Jacobian { .. })));
    assert!(has(&|e| matches!(
        &e.kind,
        Kind::Directional { at: Some(_), .. }
    )));
    assert!(has(&|e| matches!(
        &e.kind,
        Kind::Directional { at: None, .. }
    )));
    assert!(has(&|e| matches!(&e.kind, Kind::Value { .. })));
    assert!(has(&|e| matches!(
        &e.kind,
        Kind::Extremum {
            goal: Goal::Min,
            ..
        }
    )));
    assert!(has(&|e| matches!(
        &e.kind,
        Kind::Extremum {
            goal: Goal::Max,
            ..
        }
    )));
    assert!(has(&|e| matches!(&e.kind, Kind::Limit { .. })));
    assert!(has(
        &|e| matches!(&e.kind, Kind::Table { totals, .. } if !totals.is_empty())
    ));
    assert!(has(&|e| matches!(&e.answer, Some(Answer::Table(_)))));
    assert!(has(&|e| matches!(&e.answer, Some(Answer::Matrix(_)))));
    assert!(has(&|e| e.log == LogBase::Log10));
    assert!(has(&|e| !e.domain.per_var.is_empty()));
    for t in [
        |t: &Tolerance| matches!(t, Tolerance::Abs(_)),
        |t: &Tolerance| matches!(t, Tolerance::Rel(_)),
        |t: &Tolerance| matches!(t, Tolerance::SigFigs(_)),
        |t: &Tolerance| matches!(t, Tolerance::Decimals(_)),
    ] {
        assert!(has(&|e| t(&e.tolerance)));
    }
    let descents: Vec<_> = sets.iter().flat_map(|s| s.descents.iter()).collect();
    assert!(descents.iter().any(|d| d.momentum.is_some()
        && d.gradient.is_some()
        && !d.params.is_empty()
        && d.view.is_some()
        && d.stop_grad_norm.is_some()));
    assert!(descents
        .iter()
        .any(|d| !d.data.is_empty() && d.log == LogBase::Log10));
    assert!(descents
        .iter()
        .any(|d| d.momentum.is_none() && d.view.is_none()));
}

#[test]
fn what_the_fixtures_mean() {
    let files = fixtures();
    let (name, text) = files
        .iter()
        .find(|(n, _)| n.ends_with("derivative.toml"))
        .expect("derivative fixture");
    let set = load_clean(name, text);
    let get = |id: &str| {
        set.exercises
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    // [defaults] applies; an exercise's own value replaces it.
    assert_eq!(get("d-product-rule").tolerance, Tolerance::SigFigs(3));
    assert_eq!(get("d-reciprocal-at-2").tolerance, Tolerance::Abs(1e-6));
    assert_eq!(
        get("d-reciprocal-at-2").answer,
        Some(Answer::Scalar("-0.25".into()))
    );
    // `vars` defaults to `var`, then `at`, then the exercise's own domain table.
    match &get("d-partial-at-point").kind {
        Kind::Derivative { vars, at, .. } => {
            assert_eq!(vars, &["x", "y"]);
            assert_eq!(
                at.as_deref(),
                Some(
                    &[
                        ("x".to_string(), std::f64::consts::PI),
                        ("y".to_string(), std::f64::consts::PI)
                    ][..]
                )
            );
        }
        k => panic!("{k:?}"),
    }
    assert_eq!(
        get("d-partial-with-vars").domain,
        Domain {
            all: (-3.0, 3.0),
            per_var: vec![("x".into(), (-2.0, 2.0)), ("y".into(), (0.5, 3.0))],
        }
    );
    assert_eq!(get("d-with-params-log10").params, vec![("a".into(), 2.0)]);
}

#[test]
fn derivative_vars_default_to_the_functions_free_names_then_var_then_at() {
    let load = |rest: &str| {
        let text = format!("title = \"T\"\n[[exercise]]\nid = \"a\"\nkind = \"derivative\"\nprompt = \"p\"\n{rest}");
        match load_clean("t.toml", &text).exercises.remove(0).kind {
            Kind::Derivative { vars, at, .. } => (vars, at),
            k => panic!("{k:?}"),
        }
    };
    // In order of first appearance in the function; `domain` keys add no variable.
    let (vars, _) =
        load("function = \"z*x*y\"\nvar = \"y\"\ndomain = { x = [1, 2], z = [0, 1] }\n");
    assert_eq!(vars, ["z", "x", "y"]);
    // Params are not variables; a `var` or `at` name the function does not use comes after.
    let (vars, _) = load("function = \"w*x\"\nparams = { w = 2 }\nvar = \"t\"\n");
    assert_eq!(vars, ["x", "t"]);
    // The point is stored in `vars` order.
    let (vars, at) = load("function = \"y*z*x\"\nvar = \"y\"\nat = { z = 1, x = 2, y = 3 }\n");
    assert_eq!(vars, ["y", "z", "x"]);
    let at: Vec<(String, f64)> = at.unwrap_or_default();
    assert_eq!(
        at,
        [
            ("y".to_string(), 3.0),
            ("z".to_string(), 1.0),
            ("x".to_string(), 2.0)
        ]
    );
}

/// A complete file from the format reference, and the `validate` output printed after it
/// (in a ```text block before the next file), when the page shows one.
struct DocExample {
    text: String,
    output: Option<String>,
}

/// The ```toml blocks of the format reference that are whole files (they start with `title`).
fn doc_examples() -> Vec<DocExample> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/exercise-format.md");
    let doc = std::fs::read_to_string(path).expect("docs/exercise-format.md exists");
    let mut out: Vec<DocExample> = Vec::new();
    let mut block: Option<(String, String)> = None;
    for line in doc.lines() {
        let fence = line.trim();
        match &mut block {
            None if fence.starts_with("```") && fence.len() > 3 => {
                block = Some((fence[3..].to_string(), String::new()))
            }
            Some((lang, b)) if fence == "```" => {
                if lang == "toml" && b.starts_with("title") {
                    out.push(DocExample {
                        text: std::mem::take(b),
                        output: None,
                    });
                } else if lang == "text" && b.contains("\nchecked ") {
                    if let Some(last) = out.last_mut().filter(|e| e.output.is_none()) {
                        last.output = Some(std::mem::take(b));
                    }
                }
                block = None;
            }
            Some((_, b)) => {
                b.push_str(line);
                b.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn every_example_in_the_format_reference_validates_as_shown() {
    let examples = doc_examples();
    assert!(examples.len() >= 10, "found {} examples", examples.len());
    // The clean ones together, so that their ids are also checked for clashes.
    let clean: Vec<SourceFile> = examples
        .iter()
        .filter(|e| e.output.is_none())
        .enumerate()
        .map(|(i, e)| SourceFile {
            name: format!("docs example {}", i + 1),
            text: e.text.clone(),
        })
        .collect();
    let report = validate(&clean);
    // notes are information (the wrong rules an exercise cannot tell from the truth), not
    // problems
    let lines: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity != gradtutor::exercise::Severity::Note)
        .map(|d| d.to_string())
        .collect();
    assert!(lines.is_empty(), "{lines:#?}");
    assert!(
        report.exercises >= 15 && report.descents >= 3,
        "{}",
        report.summary()
    );
    // The ones shown with their output print exactly that.
    let shown: Vec<&DocExample> = examples.iter().filter(|e| e.output.is_some()).collect();
    assert!(!shown.is_empty());
    for e in shown {
        let report = validate(&[SourceFile {
            name: "my-set.toml".into(),
            text: e.text.clone(),
        }]);
        assert_eq!(Some(format!("{report}\n")), e.output, "{}", e.text);
    }
}

fn text_strategy() -> impl Strategy<Value = String> {
    // Quotes, backslashes, newlines, TOML delimiters and non-ASCII, never blank.
    proptest::string::string_regex("[a-zA-Z0-9 \"'\\\\\n\t#=\\[\\]{}π²√−·]{0,40}")
        .expect("valid regex")
        .prop_map(|s| format!("q{s}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any text in titles, prompts, hints, solutions and labels survives a round trip.
    #[test]
    fn any_text_round_trips(
        title in text_strategy(),
        prompt in text_strategy(),
        hints in proptest::collection::vec(text_strategy(), 0..3),
        solution in proptest::option::of(text_strategy()),
        label in proptest::option::of(text_strategy()),
        w in -1e6f64..1e6,
    ) {
        let set = ExerciseSet {
            source: String::new(),
            title: title.clone(),
            description: Some(prompt.clone()),
            order: Some(w.abs() as u32 % 1000),
            exercises: vec![Exercise {
                id: "t".into(),
                kind: Kind::Table {
                    columns: vec![TableColumn { name: "z".into(), formula: "w*x".into(), label }],
                    totals: Vec::new(),
                },
                prompt,
                title: Some(title),
                hints,
                solution,
                domain: Domain::default(),
                tolerance: Tolerance::default(),
                params: vec![("w".into(), w)],
                data: vec![("x".into(), vec![1.0, 2.5, -3e-7])],
                answer: None,
                log: LogBase::Ln,
                pos: Pos::default(),
                variant: None,
                parsed: Default::default(),
            }],
            descents: Vec::new(),
        };
        let written = to_toml(&set);
        let (again, diags) = load_str("t.toml", &written);
        prop_assert!(diags.is_empty(), "{:?}\n{}", diags, written);
        prop_assert_eq!(again.map(comparable), Some(comparable(set)));
    }
}
