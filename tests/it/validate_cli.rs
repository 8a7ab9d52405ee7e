//! `gradtutor validate` as instructors run it: output lines, summary, exit codes.

use std::path::Path;
use std::process::{Command, Output};

fn gradtutor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn broken_files_fail_with_every_position() {
    let out = gradtutor(&["validate", "tests/fixtures/broken"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let b = "tests/fixtures/broken/";
    let expected = [
        format!("{b}1-syntax.toml:6:38: error: invalid TOML: "),
        format!("{b}2-fields.toml:3:1: error: missing field `function` in this [[exercise]]"),
        format!("{b}2-fields.toml:7:1: error: unknown field `fucntion` in this [[exercise]] (did you mean `function`?)"),
        format!("{b}2-fields.toml:11:6: error: id `Bad_Id` may use only lowercase letters, digits and `-`"),
        format!("{b}2-fields.toml:13:9: error: `title` must be a string, found an integer"),
        format!("{b}2-fields.toml:17:9: error: `order` must be 1 or 2"),
        format!("{b}2-fields.toml:19:1: error: missing field `prompt` in this [[exercise]]"),
        format!("{b}3-formulas.toml:7:17: error: in `function`: "),
        format!("{b}3-formulas.toml:14:21: error: in `function`: "),
        format!("{b}3-formulas.toml:21:17: error: in `function`: "),
        format!("{b}3-formulas.toml:28:12: error: `sqrt(x - 5)` is undefined on all of the domain [-3, 3]"),
        format!("{b}3-formulas.toml:35:12: warning: `ln(x)` is undefined on 50% of the domain [-3, 3]"),
        format!("{b}3-formulas.toml:44:13: warning: `direction` is not a unit vector: its norm is 1.4142"),
        format!("{b}3-formulas.toml:53:30: error: in column `z`: `a` is a later column"),
        format!("{b}4-descent.toml:8:9: error: `start` has 1 number but `vars` has 2 variables"),
        format!("{b}4-descent.toml:9:17: error: `learning_rate` must be a positive number"),
        format!("{b}5-duplicate.toml:4:6: error: duplicate id `typo-field`: already used at {b}2-fields.toml:4:6"),
        "checked 5 files, 12 exercises, 1 descent example: 15 errors, 2 warnings".to_string(),
    ];
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{text}");
    for (line, want) in lines.iter().zip(&expected) {
        assert!(
            line.starts_with(want.as_str()),
            "expected {want:?}\n     got {line:?}"
        );
    }
}

#[test]
fn each_broken_file_alone_fails_too() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("broken fixtures") {
        let path = entry.expect("entry").path();
        // The duplicate is only a duplicate next to 2-fields.toml.
        if path.ends_with("5-duplicate.toml") {
            continue;
        }
        let p = path.display().to_string();
        let out = gradtutor(&["validate", &p]);
        assert_eq!(out.status.code(), Some(1), "{p}: {}", stdout(&out));
        n += 1;
    }
    assert_eq!(n, 4);
}

#[test]
fn the_format_fixtures_pass() {
    let out = gradtutor(&["validate", "tests/fixtures/format"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.ends_with(": 0 errors, 0 warnings\n"), "{text}");
}

#[test]
fn the_bundled_course_has_no_errors() {
    let out = gradtutor(&["validate"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let summary = text.lines().last().unwrap_or_default();
    assert!(summary.starts_with("checked "), "{text}");
    assert!(summary.contains(" 0 errors"), "{text}");
}

#[test]
fn warnings_alone_exit_zero() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("warn.toml");
    std::fs::write(
        &file,
        "title = \"T\"\n[[exercise]]\nid = \"ln\"\nkind = \"derivative\"\nprompt = \"p\"\nfunction = \"ln(x)\"\nvar = \"x\"\n",
    )
    .expect("write");
    let p = file.display().to_string();
    let out = gradtutor(&["validate", &p]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert_eq!(
        text,
        format!("{p}:6:12: warning: `ln(x)` is undefined on 50% of the domain [-3, 3]\nchecked 1 file, 1 exercise, 0 descent examples: 0 errors, 1 warning\n")
    );
}

#[test]
fn an_unreadable_path_exits_two() {
    let out = gradtutor(&["validate", "tests/fixtures/no-such-file.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot read tests/fixtures/no-such-file.toml"),
        "{err}"
    );
    // Also when another, readable path is given with it: nothing is half-checked.
    let out = gradtutor(&[
        "validate",
        "tests/fixtures/format",
        "tests/fixtures/no-such-dir",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
}

#[test]
fn a_file_that_is_not_text_exits_two() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("binary.toml");
    std::fs::write(&file, [0xff, 0xfe, 0x00, 0x41]).expect("write");
    let out = gradtutor(&["validate", &file.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
}
