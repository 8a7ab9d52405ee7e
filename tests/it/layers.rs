//! The core's dependencies run one way: math → exercise → question → check → validate / grade /
//! progress → tui / cli. A module never imports one above it (docs/architecture.md).

use std::fs;
use std::path::Path;

/// Every `crate::<module>` a source file under `dir` names.
fn imports(dir: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
    let mut stack = vec![root];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            for e in fs::read_dir(&p).expect("read src").flatten() {
                stack.push(e.path());
            }
        } else if p.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&p).expect("read a source file");
            for (i, _) in text.match_indices("crate::") {
                let name: String = text[i + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push((p.display().to_string(), name));
            }
        }
    }
    out
}

#[track_caller]
fn never_imports(module: &str, above: &[&str]) {
    let bad: Vec<String> = imports(module)
        .into_iter()
        .filter(|(_, m)| above.contains(&m.as_str()))
        .map(|(f, m)| format!("{f} uses crate::{m}"))
        .collect();
    assert!(
        bad.is_empty(),
        "{module} imports a layer above it:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_exercise_format_uses_neither_the_question_nor_the_checker() {
    never_imports(
        "exercise",
        &["question", "check", "validate", "grade", "progress", "tui"],
    );
}

#[test]
fn the_question_does_not_use_the_checker() {
    never_imports(
        "question",
        &["check", "validate", "grade", "progress", "tui"],
    );
}

#[test]
fn the_checker_does_not_use_what_is_built_on_it() {
    never_imports("check", &["validate", "grade", "progress", "tui"]);
}

#[test]
fn validate_does_not_use_the_tutor() {
    never_imports("validate", &["grade", "progress", "tui"]);
}

#[test]
fn the_class_report_is_core_and_nothing_below_uses_it() {
    never_imports("report", &["tui"]);
    for below in [
        "math", "exercise", "question", "check", "validate", "grade", "progress",
    ] {
        never_imports(below, &["report"]);
    }
}
