//! Every problem `gradtutor validate` reports, each at its exact line and column.
//!
//! Each case is a small file with a `‸` marking where the diagnostic must point: the marker is
//! removed before validating, and the expected line and column are the marker's.

use gradtutor::check::Checker;
use gradtutor::exercise::{load_str, Diagnostic, Pos, Severity, SourceFile};
use gradtutor::validate::{validate, Report};
use Severity::{Error, Warning};

const MARK: char = '‸';

/// The text without the marker, and the marker's position (1-based line, character column).
fn marked(text: &str) -> (String, Pos) {
    let mut pos = None;
    let (mut line, mut col) = (1, 1);
    for c in text.chars() {
        if c == MARK {
            pos = Some(Pos { line, col });
            continue;
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    let pos = pos.unwrap_or_else(|| panic!("no marker in:\n{text}"));
    (text.replace(MARK, ""), pos)
}

fn run(text: &str) -> Report {
    validate(&[SourceFile {
        name: "t.toml".to_string(),
        text: text.to_string(),
    }])
}

fn listing(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("  {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts a diagnostic of this severity, containing `needle`, at the marker; with `only`, also
/// that it is the only diagnostic of the file.
#[track_caller]
fn expect(text: &str, severity: Severity, needle: &str, only: bool) {
    let (text, pos) = marked(text);
    let report = run(&text);
    let found = report
        .diagnostics
        .iter()
        .any(|d| d.pos == pos && d.severity == severity && d.message.contains(needle));
    assert!(
        found,
        "expected {severity:?} at {}:{} containing {needle:?}; got:\n{}\nin:\n{text}",
        pos.line,
        pos.col,
        listing(&report.diagnostics)
    );
    if only {
        assert_eq!(
            report.diagnostics.len(),
            1,
            "expected only that diagnostic; got:\n{}",
            listing(&report.diagnostics)
        );
    }
}

#[track_caller]
fn error(text: &str, needle: &str) {
    expect(text, Error, needle, true);
}

#[track_caller]
fn warning(text: &str, needle: &str) {
    expect(text, Warning, needle, true);
}

const HEAD: &str = "title = \"T\"\n\n[[exercise]]\nid = \"a\"\nprompt = \"p\"\n";

fn ex(rest: &str) -> String {
    format!("{HEAD}{rest}")
}

// ---- TOML syntax ----

#[test]
fn toml_syntax_unclosed_string() {
    error(
        "title = \"T\"\n[[exercise]]\nid = \"a\"\nprompt = \"never closed‸\nkind = \"value\"\n",
        "invalid TOML",
    );
}

#[test]
fn toml_syntax_missing_equals() {
    expect(
        "title = \"T\"\n[[exercise]]\nid = \"a\"\nkind ‸\"value\"\n",
        Error,
        "invalid TOML",
        false,
    );
}

#[test]
fn toml_syntax_duplicate_key() {
    error(
        "title = \"T\"\n[[exercise]]\nid = \"a\"\n‸id = \"b\"\nkind = \"value\"\nprompt = \"p\"\nvalue = \"1\"\n",
        "duplicate key",
    );
}

#[test]
fn toml_syntax_errors_on_several_lines_are_all_reported() {
    let text = "title = \"T\n[[exercise]]\nid = = \"a\"\n";
    let report = run(text);
    let lines: Vec<usize> = report.diagnostics.iter().map(|d| d.pos.line).collect();
    assert!(lines.contains(&1) && lines.contains(&3), "{lines:?}");
}

// ---- unknown fields, with "did you mean" ----

#[test]
fn unknown_field_with_suggestion() {
    error(
        &ex("kind = \"derivative\"\n‸fucntion = \"x^2\"\nfunction = \"x^2\"\nvar = \"x\"\n"),
        "unknown field `fucntion` in this [[exercise]] (did you mean `function`?)",
    );
}

#[test]
fn unknown_field_that_belongs_to_another_kind() {
    error(
        &ex("kind = \"extremum\"\nfunction = \"x^2\"\nvars = [\"x\"]\ngoal = \"min\"\ndomain = [-1, 1]\n‸at = { x = 0 }\n"),
        "`at` is a field of derivative and gradient and jacobian and directional and graph exercises, not extremum ones",
    );
}

#[test]
fn unknown_top_level_field() {
    expect(
        "‸titel = \"T\"\n[[descent]]\nid = \"d\"\ntitle = \"D\"\nfunction = \"x^2\"\nvars = [\"x\"]\nstart = [1]\nlearning_rate = 0.1\nsteps = 3\n",
        Error,
        "unknown field `titel` in the file (before any [[exercise]]) (did you mean `title`?)",
        false,
    );
}

#[test]
fn exercise_field_before_any_header() {
    expect(
        "title = \"T\"\n‸prompt = \"p\"\n[[exercise]]\nid = \"a\"\nkind = \"value\"\nprompt = \"p\"\nvalue = \"1\"\n",
        Error,
        "put it after an [[exercise]] or [[descent]] header",
        true,
    );
}

#[test]
fn unknown_field_in_defaults() {
    error(
        "title = \"T\"\n[defaults]\n‸tolerence = { abs = 1 }\n[[exercise]]\nid = \"a\"\nkind = \"value\"\nprompt = \"p\"\nvalue = \"1\"\n",
        "(did you mean `tolerance`?)",
    );
}

#[test]
fn unknown_field_in_a_descent() {
    expect(
        "title = \"T\"\n[[descent]]\nid = \"d\"\ntitle = \"D\"\n‸prompt = \"p\"\nfunction = \"x^2\"\nvars = [\"x\"]\nstart = [1]\nlearning_rate = 0.1\nsteps = 3\n",
        Error,
        "unknown field `prompt` in this [[descent]] (`prompt` is an [[exercise]] field)",
        true,
    );
}

#[test]
fn unknown_field_in_a_table_column() {
    error(
        &ex("kind = \"table\"\ndata = { x = [1, 2] }\ncolumns = [{ name = \"z\", ‸fromula = \"x + 1\", formula = \"x + 1\" }]\n"),
        "unknown field `fromula` in this column (did you mean `formula`?)",
    );
}

/// Issue 15: words instructors reach for that are not our field names get the field they mean.
#[test]
fn unknown_fields_that_are_other_words_for_ours() {
    let derivative = "kind = \"derivative\"\nfunction = \"x^2\"\nvar = \"x\"\n";
    for (typed, meant) in [
        ("question = \"?\"", "prompt"),
        ("statement = \"?\"", "prompt"),
        ("variable = \"x\"", "var"),
        ("type = \"derivative\"", "kind"),
        ("tol = { abs = 0.1 }", "tolerance"),
        ("range = [0, 1]", "domain"),
        ("point = { x = 1 }", "at"),
        ("expected = \"2x\"", "answer"),
    ] {
        let key = typed.split(' ').next().unwrap_or(typed);
        error(
            &ex(&format!("{derivative}‸{typed}\n")),
            &format!("unknown field `{key}` in this [[exercise]] (did you mean `{meant}`?)"),
        );
    }
    // `variables` on a gradient, where only `vars` exists.
    expect(
        &ex("kind = \"gradient\"\nfunction = \"x*y\"\n‸variables = [\"x\", \"y\"]\n"),
        Error,
        "unknown field `variables` in this [[exercise]] (did you mean `vars`?)",
        false,
    );
    let descent = "title = \"T\"\n[[descent]]\nid = \"d\"\ntitle = \"D\"\nfunction = \"x^2\"\nvars = [\"x\"]\nstart = [1]\nsteps = 3\nlearning_rate = 0.1\n";
    for (typed, meant) in [
        ("lr = 0.1", "learning_rate"),
        ("eta = 0.1", "learning_rate"),
        ("step_size = 0.1", "learning_rate"),
        ("iterations = 3", "steps"),
        ("x0 = [1]", "start"),
        ("beta = 0.9", "momentum"),
    ] {
        let key = typed.split(' ').next().unwrap_or(typed);
        error(
            &format!("{descent}‸{typed}\n"),
            &format!("unknown field `{key}` in this [[descent]] (did you mean `{meant}`?)"),
        );
    }
}

#[test]
fn single_bracket_item_header() {
    expect(
        "title = \"T\"\n‸[exercise]\nid = \"a\"\n",
        Error,
        "write `[[exercise]]` with two brackets",
        false,
    );
}

/// Issue 15: among `[[exercise]]` items, one `[exercise]` made TOML say "duplicate key" (at the
/// single-bracket header, or at the next `[[exercise]]` when it came first).
#[test]
fn single_bracket_item_header_among_double_ones() {
    let item =
        |id: &str| format!("id = \"{id}\"\nkind = \"value\"\nprompt = \"?\"\nvalue = \"1\"\n");
    let after = format!(
        "title = \"T\"\n[[exercise]]\n{}\n‸[exercise]\n{}",
        item("a"),
        item("b")
    );
    expect(
        &after,
        Error,
        "write `[[exercise]]` with two brackets",
        true,
    );
    let before = format!(
        "title = \"T\"\n‸[exercise]\n{}\n[[exercise]]\n{}",
        item("a"),
        item("b")
    );
    expect(
        &before,
        Error,
        "write `[[exercise]]` with two brackets",
        true,
    );
    let descent = format!(
        "title = \"T\"\n[[exercise]]\n{}\n‸[ descent ]\nid = \"d\"\n\n[[descent]]\nid = \"e\"\n",
        item("a")
    );
    expect(
        &descent,
        Error,
        "write `[[descent]]` with two brackets",
        true,
    );
}

// ---- missing fields ----

#[test]
fn missing_field_at_the_item_header() {
    error(
        "title = \"T\"\n\n‸[[exercise]]\nid = \"a\"\nkind = \"value\"\nvalue = \"1\"\n",
        "missing field `prompt` in this [[exercise]]",
    );
}

#[test]
fn missing_title_at_the_start_of_the_file() {
    error(
        "‸[[exercise]]\nid = \"a\"\nkind = \"value\"\nprompt = \"p\"\nvalue = \"1\"\n",
        "missing field `title`",
    );
}

#[test]
fn missing_kind_field() {
    error(
        &ex("kind = \"gradient\"\nfunction = \"x^2\"\n").replace("[[exercise]]", "‸[[exercise]]"),
        "missing field `vars`",
    );
}

#[test]
fn missing_descent_field() {
    error(
        "title = \"T\"\n‸[[descent]]\nid = \"d\"\ntitle = \"D\"\nfunction = \"x^2\"\nvars = [\"x\"]\nstart = [1]\nsteps = 3\n",
        "missing field `learning_rate` in this [[descent]]",
    );
}

#[test]
fn table_without_data() {
    error(
        "title = \"T\"\n‸[[exercise]]\nid = \"a\"\nprompt = \"p\"\nkind = \"table\"\ncolumns = [{ name = \"z\", formula = \"1\" }]\n",
        "missing field `data`",
    );
}

#[test]
fn extremum_without_domain_uses_the_default_domain() {
    let report = run(
        "title = \"T\"\n[[exercise]]\nid = \"a\"\nprompt = \"p\"\nkind = \"extremum\"\nfunction = \"x^2\"\nvars = [\"x\"]\ngoal = \"min\"\nanswer = \"0\"\n",
    );
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn boundary_must_be_true_or_false() {
    error(
        &ex("kind = \"extremum\"\nfunction = \"x\"\nvars = [\"x\"]\ngoal = \"max\"\nboundary = ‸\"yes\"\n"),
        "`boundary` must be true or false, found a string",
    );
}

// ---- mistyped fields ----

#[test]
fn string_expected() {
    error(
        &ex("kind = \"value\"\nvalue = \"1\"\ntitle = ‸3\n"),
        "`title` must be a string, found an integer",
    );
}

#[test]
fn number_expected() {
    error(
        "title = \"T\"\n[[descent]]\nid = \"d\"\ntitle = \"D\"\nfunction = \"x^2\"\nvars = [\"x\"]\nstart = [1]\nlearning_rate = 0.1\nmomentum = ‸\"fast\"\nsteps = 3\n",
        "`momentum` must be a number, found a string",
    );
}

#[test]
fn integers_are_numbers() {
    let report = run("title = \"T\"\n[[descent]]\nid = \"d\"\ntitle = \"D\"\nfunction = \"x^2\"\nvars = [\"x\"]\nstart = [1]\nlearning_rate = 1\nsteps = 3\n");
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn list_of_strings_expected() {
    error(
        &ex("kind = \"value\"\nvalue = \"1\"\nhints = ‸\"one hint\"\n"),
        "`hints` must be a list of strings, found a string",
    );
    error(
        &ex("kind = \"value\"\nvalue = \"1\"\nhints = [\"one\", ‸2]\n"),
        "`hints` must be a list of strings, found an integer in it",
    );
}

#[test]
fn order_must_be_one_or_two() {
    error(
        &ex("kind = \"derivative\"\nfunction = \"x^3\"\nvar = \"x\"\norder = ‸3\n"),
        "`order` must be 1 or 2",
    );
}

#[test]
fn order_two_with_a_mixed_partial() {
    error(
        &ex("kind = \"derivative\"\nfunction = \"x*y\"\nvar = [\"x\", \"y\"]\norder = ‸2\n"),
        "`order = 2` goes with a single `var`",
    );
}

#[test]
fn unknown_kind() {
    error(
        &ex("kind = ‸\"derivitive\"\nfunction = \"x^2\"\nvar = \"x\"\n"),
        "unknown kind `derivitive` (did you mean `derivative`?)",
    );
}

#[test]
fn goal_and_log_values() {
    error(
        &ex("kind = \"extremum\"\nfunction = \"x^2\"\nvars = [\"x\"]\ndomain = [-1, 1]\ngoal = ‸\"minimum\"\n"),
        "`goal` must be \"min\" or \"max\" (did you mean \"min\"?)",
    );
    error(
        &ex("kind = \"value\"\nvalue = \"1\"\nlog = ‸\"log2\"\n"),
        "`log` must be \"ln\" or \"log10\"",
    );
}

#[test]
fn tolerance_needs_exactly_one_key() {
    error(
        &ex("kind = \"value\"\nvalue = \"1\"\ntolerance = ‸{ abs = 0.1, rel = 0.01 }\n"),
        "exactly one of `abs`, `rel`, `sig_figs` or `decimals`, not `abs` and `rel`",
    );
    expect(
        &ex("kind = \"value\"\nvalue = \"1\"\ntolerance = { ‸sigfigs = 3 }\n"),
        Error,
        "unknown field `sigfigs` in `tolerance` (did you mean `sig_figs`?)",
        false,
    );
    error(
        &ex("kind = \"value\"\nvalue = \"1\"\ntolerance = { sig_figs = ‸0 }\n"),
        "`sig_figs` must be 1 to 15",
    );
}

#[test]
fn domain_must_be_an_increasing_interval() {
    error(
        &ex("kind = \"value\"\nvalue = \"1\"\ndomain = ‸[3, -3]\n"),
        "`domain` must be [low, high] with low < high",
    );
    error(
        &ex("kind = \"value\"\nvalue = \"1\"\ndomain = ‸[1, 2, 3]\n"),
        "must be an interval of two numbers",
    );
}

#[test]
fn domain_names_a_stranger() {
    error(
        &ex("kind = \"gradient\"\nfunction = \"x^2\"\nvars = [\"x\"]\ndomain = { x = [0, 1], ‸q = [0, 1] }\n"),
        "`domain` names `q`, which is not a variable of this exercise",
    );
}

/// Issue 15: `domain = { X = [0.1, 5] }` with `var = "x"` silently added a variable X, and
/// students read "at (x, X) = (1.49, 3.52)". A domain key must name a variable the function
/// uses, whether or not `vars` is written.
#[test]
fn domain_names_a_variable_the_function_does_not_use() {
    error(
        &ex("kind = \"derivative\"\nfunction = \"x^3 - 3x\"\nvar = \"x\"\ndomain = { ‸X = [0.1, 5] }\n"),
        "`domain` names `X`, which is not a variable of this exercise (did you mean `x`?)",
    );
    error(
        &ex("kind = \"gradient\"\nfunction = \"x^2 + y\"\nvars = [\"x\", \"y\"]\ndomain = { x = [0, 1], ‸yy = [0, 1] }\n"),
        "`domain` names `yy`, which is not a variable of this exercise (did you mean `y`?)",
    );
    error(
        &ex("kind = \"derivative\"\nfunction = \"x^2\"\nvars = [\"x\", \"y\"]\nvar = \"x\"\ndomain = { x = [0, 1], ‸y = [0, 1] }\n"),
        "`domain` names `y`, which the function does not use",
    );
}

#[test]
fn at_formulas_must_be_constant_and_readable() {
    error(
        &ex("kind = \"derivative\"\nfunction = \"x*y\"\nvar = \"x\"\nat = { x = 1, y = \"pi‸/\" }\n"),
        "in `at.y`: '/' has nothing after it",
    );
    error(
        &ex(
            "kind = \"derivative\"\nfunction = \"x*y\"\nvar = \"x\"\nat = { x = 1, y = \"2‸x\" }\n",
        ),
        "in `at.y`: x is not",
    );
    error(
        &ex("kind = \"derivative\"\nfunction = \"x*y\"\nvar = \"x\"\nat = { x = 1, y = ‸\"ln(-1)\" }\n"),
        "`at.y` must be finite",
    );
}

#[test]
fn prompt_must_not_be_empty() {
    error(
        "title = \"T\"\n[[exercise]]\nid = \"a\"\nkind = \"value\"\nvalue = \"1\"\nprompt = ‸\"  \"\n",
        "`prompt` is empty",
    );
}

// ---- ids ----

#[test]
fn invalid_id() {
    error(
        "title = \"T\"\n[[exercise]]\nid = ‸\"Power_Rule\"\nkind = \"value\"\nprompt = \"p\"\nvalue = \"1\"\n",
        "id `Power_Rule` may use only lowercase letters, digits and `-`",
    );
}

#[test]
fn duplicate_id_in_one_file_points_at_the_second() {
    error(
        "title = \"T\"\n[[exercise]]\nid = \"a\"\nkind = \"value\"\nprompt = \"p\"\nvalue = \"1\"\n[[descent]]\nid = ‸\"a\"\ntitle = \"D\"\nfunction = \"x^2\"\nvars = [\"x\"]\nstart = [1]\nlearning_rate = 0.1\nsteps = 3\n",
        "duplicate id `a`: already used at t.toml:3:6",
    );
}

#[test]
fn duplicate_id_across_files() {
    let one = "title = \"One\"\n[[exercise]]\nid = \"shared\"\nkind = \"value\"\nprompt = \"p\"\nvalue = \"1\"\n";
    let two = "title = \"Two\"\n\n[[exercise]]\nid = \"shared\"\nkind = \"value\"\nprompt = \"p\"\nvalue = \"2\"\n";
    let report = validate(&[
        SourceFile {
            name: "one.toml".into(),
            text: one.into(),
        },
        SourceFile {
            name: "two.toml".into(),
            text: two.into(),
        },
    ]);
    let lines: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        lines,
        ["two.toml:4:6: error: duplicate id `shared`: already used at one.toml:3:6"]
    );
    // Loading skips the second file and keeps the first.
    let loaded = gradtutor::exercise::load_sources(&[
        SourceFile {
            name: "one.toml".into(),
            text: one.into(),
        },
        SourceFile {
            name: "two.toml".into(),
            text: two.into(),
        },
    ]);
    assert_eq!(loaded.course.sets.len(), 1);
    assert_eq!(loaded.course.sets[0].title, "One");
}

// ---- formulas: the column inside the formula is added to the field's position ----

#[test]
fn formula_syntax_error_at_its_column() {
    error(
        &ex("kind = \"derivative\"\nfunction = \"3*x^‸^2\"\nvar = \"x\"\n"),
        "in `function`:",
    );
}

#[test]
fn formula_error_after_escapes_counts_them_as_written() {
    // `\u0078` is `x`: six characters in the file, one in the formula.
    error(
        &ex("kind = \"derivative\"\nfunction = \"\\u0078 + ‸q\"\nvar = \"x\"\nvars = [\"x\"]\n"),
        "in `function`:",
    );
    error(
        &ex("kind = \"derivative\"\nfunction = 'x + ‸q'\nvar = \"x\"\nvars = [\"x\"]\n"),
        "in `function`:",
    );
}

#[test]
fn formula_error_in_a_multi_line_string() {
    error(
        &ex("kind = \"derivative\"\nfunction = \"\"\"\nx^2 +\n    ‸q\"\"\"\nvar = \"x\"\nvars = [\"x\"]\n"),
        "in `function`:",
    );
}

#[test]
fn unknown_variable() {
    // Without `vars` every free name of the function is a variable; with it, others are not.
    error(
        &ex("kind = \"derivative\"\nfunction = \"x^2 + ‸y\"\nvar = \"x\"\nvars = [\"x\"]\n"),
        "in `function`: y is not a variable here",
    );
    error(
        &ex("kind = \"gradient\"\nfunction = \"x^2 + y*‸z\"\nvars = [\"x\", \"y\"]\n"),
        "in `function`:",
    );
}

#[test]
fn unknown_function() {
    error(
        &ex("kind = \"derivative\"\nfunction = \"x + ‸sinn(x)\"\nvar = \"x\"\n"),
        "sinn",
    );
}

#[test]
fn formula_errors_in_lists_name_the_element() {
    error(
        &ex("kind = \"jacobian\"\nfunctions = [\"x*y\", \"x + ‸w\"]\nvars = [\"x\", \"y\"]\n"),
        "in `functions[1]`:",
    );
    error(
        &ex("kind = \"limit\"\nfunction = \"x*y\"\nvars = [\"x\", \"y\"]\nalong = [\"t\", \"‸s^2\"]\nt0 = 0\n"),
        "in `along[1]`:",
    );
}

#[test]
fn value_with_a_variable() {
    error(&ex("kind = \"value\"\nvalue = \"‸x + 1\"\n"), "in `value`:");
}

#[test]
fn answer_that_does_not_parse() {
    error(
        &ex("kind = \"derivative\"\nfunction = \"x^2\"\nvar = \"x\"\nanswer = \"2*‸q\"\n"),
        "in `answer`:",
    );
}

#[test]
fn answer_of_the_wrong_shape() {
    error(
        &ex("kind = \"gradient\"\nfunction = \"x^2 + y^2\"\nvars = [\"x\", \"y\"]\nanswer = ‸\"2*x\"\n"),
        "`answer` must be a list of 2 entries, one per variable",
    );
    error(
        &ex("kind = \"jacobian\"\nfunctions = [\"x\", \"y\"]\nvars = [\"x\", \"y\"]\nanswer = ‸[[\"1\", \"0\"]]\n"),
        "`answer` must be a matrix of 2 rows",
    );
}

#[test]
fn table_answer_must_cover_every_cell() {
    error(
        &ex("kind = \"table\"\ndata = { x = [1, 2] }\ncolumns = [{ name = \"z\", formula = \"x + 1\" }]\ntotals = [{ name = \"s\", formula = \"sum(z)\" }]\nanswer = ‸{ z = [2, 3] }\n"),
        "`answer` has no entry for `s`",
    );
    error(
        &ex("kind = \"table\"\ndata = { x = [1, 2] }\ncolumns = [{ name = \"z\", formula = \"x + 1\" }]\nanswer = { ‸z = [2] }\n"),
        "`answer.z` has 1 cell but the table has 2 rows",
    );
}

#[test]
fn wrong_answer_key_names_the_exercise_and_a_point() {
    error(
        &ex("kind = \"derivative\"\nfunction = \"x^3\"\nvar = \"x\"\nanswer = ‸\"2*x\"\n"),
        "wrong answer key for `a`: At x = ",
    );
    error(
        &ex("kind = \"value\"\nvalue = \"1/4\"\nanswer = ‸\"0.3\"\n"),
        "wrong answer key for `a`:",
    );
}

#[test]
fn right_answer_keys_pass() {
    let report = run(&ex(
        "kind = \"gradient\"\nfunction = \"x^2*y\"\nvars = [\"x\", \"y\"]\nanswer = [\"2*x*y\", \"x^2\"]\n",
    ));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn limit_point_must_be_finite() {
    error(
        &ex("kind = \"limit\"\nfunction = \"x*y\"\nvars = [\"x\", \"y\"]\nalong = [\"t\", \"t\"]\nt0 = ‸inf\n"),
        "`t0` must be a finite number",
    );
}

// ---- tables ----

#[test]
fn table_formula_refers_to_a_later_column() {
    error(
        &ex("kind = \"table\"\ndata = { x = [1, 2, 3] }\ncolumns = [\n  { name = \"z\", formula = \"2*‸a\" },\n  { name = \"a\", formula = \"x + 1\" },\n]\n"),
        "`a` is a later column; a formula may use data columns, parameters and earlier columns only (move `a` before `z`)",
    );
}

#[test]
fn table_column_refers_to_itself() {
    error(
        &ex("kind = \"table\"\ndata = { x = [1, 2, 3] }\ncolumns = [{ name = \"z\", formula = \"x + ‸z\" }]\n"),
        "the column refers to itself",
    );
}

#[test]
fn table_total_needs_an_aggregate() {
    error(
        &ex("kind = \"table\"\ndata = { x = [1, 2] }\ncolumns = [{ name = \"p\", formula = \"x/3\" }]\ntotals = [{ name = \"L\", formula = \"2*‸p\" }]\n"),
        "in total `L`:",
    );
}

#[test]
fn a_computed_column_in_a_total_is_called_a_computed_column() {
    error(
        &ex("kind = \"table\"\ndata = { x = [1, 2] }\ncolumns = [{ name = \"p\", formula = \"x/3\" }]\ntotals = [{ name = \"L\", formula = \"2*‸p\" }]\n"),
        "`p` is a computed column: a total sees whole columns, so use it inside sum(...)",
    );
}

#[test]
fn a_total_may_use_earlier_totals() {
    // The lecture's cost is the log of the likelihood total, divided by the number of rows.
    let report = run(&ex(
        "kind = \"table\"\ndata = { x = [1, 2], y = [0, 1] }\ncolumns = [{ name = \"p\", formula = \"sigmoid(x)^y*(1 - sigmoid(x))^(1 - y)\" }]\ntotals = [\n  { name = \"L\", formula = \"prod(p)\" },\n  { name = \"cost\", formula = \"-log10(L)/2\" },\n]\n",
    ));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn a_total_names_what_it_may_use_by_kind() {
    error(
        &ex("kind = \"table\"\ndata = { x = [1, 2] }\ncolumns = [{ name = \"p\", formula = \"x/3\" }]\ntotals = [\n  { name = \"L\", formula = \"sum(p)\" },\n  { name = \"c\", formula = \"‸K + L\" },\n]\n"),
        "`K` is not a name this total can use; it can use data columns x; computed columns p; earlier totals L",
    );
}

#[test]
fn a_total_without_a_value_is_reported_also_after_earlier_totals() {
    error(
        &ex("kind = \"table\"\ndata = { x = [1, 2] }\ncolumns = [{ name = \"p\", formula = \"x/3\" }]\ntotals = [\n  { name = \"L\", formula = \"sum(p)\" },\n  { name = \"c\", formula = ‸\"ln(L - L)\" },\n]\n"),
        "total `c` has no finite value",
    );
}

#[test]
fn table_cell_without_a_value() {
    error(
        &ex("kind = \"table\"\ndata = { x = [1, 0, 2] }\ncolumns = [{ name = \"l\", formula = ‸\"ln(x)\" }]\n"),
        "column `l` has no finite value in row 2 of 3",
    );
}

#[test]
fn data_columns_of_unequal_length() {
    error(
        &ex("kind = \"value\"\nvalue = \"mean(x)\"\ndata = { x = [1, 2], y = ‸[1] }\n"),
        "data column `y` has 1 value but `x` has 2",
    );
}

#[test]
fn names_must_not_clash() {
    error(
        &ex(
            "kind = \"gradient\"\nfunction = \"x*w\"\nvars = [\"x\", \"w\"]\nparams = { ‸w = 2 }\n",
        ),
        "parameter `w` has the same name as a variable",
    );
    error(
        &ex("kind = \"value\"\nvalue = \"1\"\nparams = { ‸pi = 3 }\n"),
        "a parameter cannot be called `pi`",
    );
}

// ---- points and vectors ----

#[test]
fn at_must_name_every_variable() {
    error(
        &ex("kind = \"gradient\"\nfunction = \"x*y\"\nvars = [\"x\", \"y\"]\nat = ‸{ x = 1 }\n"),
        "`at` has no value for `y`",
    );
    error(
        &ex("kind = \"gradient\"\nfunction = \"x*y\"\nvars = [\"x\", \"y\"]\nat = { x = 1, y = 2, ‸z = 3 }\n"),
        "`at` names `z`, which is not in `vars`",
    );
}

#[test]
fn var_must_be_in_vars() {
    error(
        &ex("kind = \"derivative\"\nfunction = \"x*y\"\nvar = ‸\"z\"\nvars = [\"x\", \"y\"]\n"),
        "`var` names `z`, which is not in `vars`",
    );
}

#[test]
fn direction_of_the_wrong_length() {
    error(
        &ex(
            "kind = \"directional\"\nfunction = \"x*y\"\nvars = [\"x\", \"y\"]\ndirection = ‸[1]\n",
        ),
        "`direction` has 1 component but `vars` has 2 variables",
    );
}

#[test]
fn direction_not_a_unit_vector() {
    warning(
        &ex("kind = \"directional\"\nfunction = \"x*y\"\nvars = [\"x\", \"y\"]\ndirection = ‸[1, 1]\nat = { x = 1, y = 2 }\n"),
        "`direction` is not a unit vector: its norm is 1.4142",
    );
    error(
        &ex("kind = \"directional\"\nfunction = \"x*y\"\nvars = [\"x\", \"y\"]\ndirection = ‸[0, 0]\n"),
        "`direction` is the zero vector",
    );
}

#[test]
fn unit_direction_written_as_formulas_is_fine() {
    let report = run(&ex(
        "kind = \"directional\"\nfunction = \"x*y\"\nvars = [\"x\", \"y\"]\ndirection = [\"1/2\", \"sqrt(3)/2\"]\n",
    ));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn along_of_the_wrong_length() {
    error(
        &ex("kind = \"limit\"\nfunction = \"x*y\"\nvars = [\"x\", \"y\"]\nalong = ‸[\"t\"]\nt0 = 0\n"),
        "`along` has 1 component but `vars` has 2 variables",
    );
}

// ---- the function on its domain ----

#[test]
fn function_undefined_on_half_the_domain_is_a_warning() {
    warning(
        &ex("kind = \"derivative\"\nfunction = ‸\"ln(x)\"\nvar = \"x\"\n"),
        "`ln(x)` is undefined on 50% of the domain [-3, 3]",
    );
}

#[test]
fn a_truth_too_fast_for_finite_differences_on_part_of_the_domain_is_a_warning() {
    // Left of x ≈ −1.2 the second derivative oscillates with a period of 10⁻⁴ or less: no
    // finite difference settles there, so answers cannot be checked on that part.
    warning(
        &ex(
            "kind = \"derivative\"\nfunction = ‸\"cos((2.75*e^(-x))^3)\"\nvar = \"x\"\norder = 2\n",
        ),
        "the second derivative could not be computed reliably at",
    );
    let (text, _) = marked(&ex(
        "kind = \"derivative\"\nfunction = ‸\"cos((2.75*e^(-x))^3)\"\nvar = \"x\"\norder = 2\n",
    ));
    let message = &run(&text).diagnostics[0].message;
    assert!(message.contains("around x in [-3, -1."), "{message}");
    assert!(
        message.contains("answers are not checked there"),
        "{message}"
    );
}

#[test]
fn a_truth_known_to_few_digits_is_a_warning() {
    // 2.25²⁷ ≈ 3·10⁹ next to a term of size 1: the differences keep about three digits.
    let body =
        "kind = \"derivative\"\nfunction = ‸\"2.25^27 - sqrt(1 + sigmoid(x)^2)\"\nvar = \"x\"\n";
    warning(&ex(body), "could be computed only to ");
    let (text, _) = marked(&ex(body));
    let message = &run(&text).diagnostics[0].message;
    assert!(
        message.contains("answers that far off pass there"),
        "{message}"
    );
    // Without the constant, no warning.
    let report = run(&ex(
        "kind = \"derivative\"\nfunction = \"sqrt(1 + sigmoid(x)^2)\"\nvar = \"x\"\n",
    ));
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        listing(&report.diagnostics)
    );
}

#[test]
fn a_pole_or_a_kink_leaves_too_little_unjudged_to_warn() {
    for f in ["1/x", "abs(x - 1)", "x^2 + 1/(x - 0.5)"] {
        let report = run(&ex(&format!(
            "kind = \"derivative\"\nfunction = \"{f}\"\nvar = \"x\"\n"
        )));
        assert!(
            report
                .diagnostics
                .iter()
                .all(|d| !d.message.contains("computed reliably")),
            "{f}: {}",
            listing(&report.diagnostics)
        );
    }
}

#[test]
fn function_undefined_on_all_the_domain_is_an_error() {
    error(
        &ex("kind = \"derivative\"\nfunction = ‸\"sqrt(x - 5)\"\nvar = \"x\"\n"),
        "`sqrt(x - 5)` is undefined on all of the domain [-3, 3]",
    );
}

#[test]
fn a_domain_where_it_is_defined_is_fine() {
    let report = run(&ex(
        "kind = \"derivative\"\nfunction = \"sqrt(x - 5)\"\nvar = \"x\"\ndomain = [5.5, 9]\n",
    ));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn per_variable_domains_are_described_per_variable() {
    warning(
        &ex("kind = \"gradient\"\nfunction = ‸\"ln(x*y)\"\nvars = [\"x\", \"y\"]\ndomain = { x = [-1, 1], y = [0.5, 2] }\n"),
        "`ln(x*y)` is undefined on 50% of the domain x in [-1, 1], y in [0.5, 2]",
    );
}

#[test]
fn function_undefined_at_the_point() {
    error(
        &ex("kind = \"derivative\"\nfunction = \"1/x\"\nvar = \"x\"\nat = ‸{ x = 0 }\n"),
        "`1/x` is undefined at `at` (x = 0)",
    );
}

#[test]
fn point_outside_the_domain() {
    warning(
        &ex("kind = \"derivative\"\nfunction = \"x^2\"\nvar = \"x\"\nat = ‸{ x = 5 }\n"),
        "`at` lies outside the domain: x = 5 is outside [-3, 3]",
    );
}

// ---- descent examples ----

const DESCENT: &str = "title = \"T\"\n[[descent]]\nid = \"d\"\ntitle = \"D\"\n";

fn descent(rest: &str) -> String {
    format!("{DESCENT}{rest}")
}

#[test]
fn descent_start_of_the_wrong_length() {
    error(
        &descent("function = \"x^2 + y^2\"\nvars = [\"x\", \"y\"]\nstart = ‸[1]\nlearning_rate = 0.1\nsteps = 5\n"),
        "`start` has 1 number but `vars` has 2 variables",
    );
}

#[test]
fn descent_numbers_out_of_range() {
    error(
        &descent(
            "function = \"x^2\"\nvars = [\"x\"]\nstart = [1]\nlearning_rate = ‸0\nsteps = 5\n",
        ),
        "`learning_rate` must be a positive number",
    );
    error(
        &descent(
            "function = \"x^2\"\nvars = [\"x\"]\nstart = [1]\nlearning_rate = 0.1\nsteps = ‸0\n",
        ),
        "`steps` must be between 1 and 100000",
    );
    error(
        &descent("function = \"x^2\"\nvars = [\"x\"]\nstart = [1]\nlearning_rate = 0.1\nsteps = 5\nmomentum = ‸1\n"),
        "`momentum` must be at least 0 and less than 1",
    );
    error(
        &descent(
            "function = \"x^2\"\nvars = [\"x\"]\nstart = [1]\nlearning_rate = 0.1\nsteps = ‸2.5\n",
        ),
        "`steps` must be a whole number, found a number",
    );
}

#[test]
fn descent_gradient_and_view_of_the_wrong_length() {
    error(
        &descent("function = \"x^2 + y^2\"\nvars = [\"x\", \"y\"]\nstart = [1, 1]\nlearning_rate = 0.1\nsteps = 5\ngradient = ‸[\"2*x\"]\n"),
        "`gradient` has 1 component but `vars` has 2 variables",
    );
    error(
        &descent("function = \"x^2 + y^2\"\nvars = [\"x\", \"y\"]\nstart = [1, 1]\nlearning_rate = 0.1\nsteps = 5\nview = ‸[[-1, 1]]\n"),
        "`view` has 1 interval but `vars` has 2 variables",
    );
    error(
        &descent("function = \"x^2 + y^2\"\nvars = [\"x\", \"y\"]\nstart = [1, 1]\nlearning_rate = 0.1\nsteps = 5\nview = ‸{ x = [-1, 1] }\n"),
        "`view` has no interval for `y`",
    );
}

#[test]
fn descent_stop_table() {
    expect(
        &descent("function = \"x^2\"\nvars = [\"x\"]\nstart = [1]\nlearning_rate = 0.1\nsteps = 5\nstop = { ‸gradnorm = 1e-6 }\n"),
        Error,
        "unknown field `gradnorm` in `stop` (did you mean `grad_norm`?)",
        false,
    );
}

#[test]
fn descent_gradient_formula_error() {
    error(
        &descent("function = \"x^2\"\nvars = [\"x\"]\nstart = [1]\nlearning_rate = 0.1\nsteps = 5\ngradient = [\"2*‸y\"]\n"),
        "in `gradient[0]`:",
    );
}

/// Issue 15: a descent example's `gradient` was never compared with its `function`, so a slip
/// in it (here f′ = 4x³ − 6x + 1, written without the 1) made `step` report a "minimum" where
/// the true slope is 1. It is compared with finite differences of the function, as answer keys
/// are, and the error names the component, the point and both values.
#[test]
fn descent_gradient_that_is_not_the_functions_gradient() {
    error(
        &descent("function = \"x^4 - 3x^2 + x\"\nvars = [\"x\"]\nstart = [1]\nlearning_rate = 0.01\nsteps = 5\ngradient = ‸[\"4x^3 - 6x\"]\n"),
        "`gradient` component ∂f/∂x = `4x^3 - 6x` is not the derivative of `function`: at x = 1 it gives -2; the function's slope is -1",
    );
    // A slip in one component of two, with data; the right gradient is silent.
    error(
        &descent("function = \"mean((m*x + c - y)^2)\"\nvars = [\"m\", \"c\"]\ndata = { x = [1, 2], y = [2, 4] }\nstart = [0, 0]\nlearning_rate = 0.1\nsteps = 5\ngradient = ‸[\"mean(2*(m*x + c - y)*x)\", \"mean(m*x + c - y)\"]\n"),
        "`gradient` component ∂f/∂c = `mean(m*x + c - y)` is not the derivative of `function`",
    );
    let report = run(&descent(
        "function = \"mean((m*x + c - y)^2)\"\nvars = [\"m\", \"c\"]\ndata = { x = [1, 2], y = [2, 4] }\nstart = [0, 0]\nlearning_rate = 0.1\nsteps = 5\ngradient = [\"mean(2*(m*x + c - y)*x)\", \"mean(2*(m*x + c - y))\"]\n",
    ));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn descent_undefined_at_the_start() {
    error(
        &descent(
            "function = \"ln(x)\"\nvars = [\"x\"]\nstart = ‸[-1]\nlearning_rate = 0.1\nsteps = 5\n",
        ),
        "`ln(x)` is undefined at `start` (x = -1)",
    );
}

#[test]
fn descent_with_data_sees_the_columns() {
    let report = run(&descent(
        "function = \"mean((m*x + c - y)^2)\"\nvars = [\"m\", \"c\"]\ndata = { x = [1, 2], y = [2, 4] }\nstart = [0, 0]\nlearning_rate = 0.1\nsteps = 5\n",
    ));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

// ---- the whole file ----

#[test]
fn an_empty_set_is_a_warning() {
    warning(
        "‸title = \"Nothing yet\"\n",
        "no [[exercise]] or [[descent]] items",
    );
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let text = "title = \"T\"\n[[exercise]]\nid = \"A\"\nkind = \"derivative\"\nprompt = \"p\"\nfucntion = \"x\"\nvar = 3\norder = 5\n[[exercise]]\nid = \"b\"\nkind = \"gradient\"\nprompt = \"p\"\nfunction = \"x^^2\"\nvars = [\"x\"]\n";
    let report = run(text);
    let at: Vec<(usize, usize)> = report
        .diagnostics
        .iter()
        .map(|d| (d.pos.line, d.pos.col))
        .collect();
    assert_eq!(
        at,
        [(2, 1), (3, 6), (6, 1), (7, 7), (8, 9), (13, 15)],
        "{}",
        listing(&report.diagnostics)
    );
    assert_eq!(report.errors(), 6);
    assert!(report
        .summary()
        .ends_with("checked 1 file, 2 exercises, 0 descent examples: 6 errors, 0 warnings"));
}

#[test]
fn load_str_returns_no_set_when_there_are_errors() {
    let (set, diags) = load_str(
        "x.toml",
        "title = \"T\"\n[[exercise]]\nid = \"a\"\nkind = \"value\"\nprompt = \"p\"\nvalue = \"1 +\"\n",
    );
    assert!(set.is_none());
    assert_eq!(diags.len(), 1);
    let (set, diags) = load_str(
        "x.toml",
        "title = \"T\"\n[[exercise]]\nid = \"a\"\nkind = \"value\"\nprompt = \"p\"\nvalue = \"1 + 1\"\n",
    );
    assert!(diags.is_empty());
    assert_eq!(set.map(|s| s.exercises.len()), Some(1));
}

#[test]
fn columns_count_characters_not_bytes() {
    error(
        "title = \"π²\"\n[[exercise]]\nid = \"a\"\nkind = \"value\"\nprompt = \"√ and π\"\ntitle = \"σ\"\nvalue = \"π·π‸)\"\n",
        "in `value`:",
    );
}

/// Issue 9: `validate` and the checker accept exactly the same tables. Both read the table the
/// prepared question computed (a total may use the totals before it, in both); a table that
/// `validate` passes without an error gives a checker, and one it refuses gives none.
#[test]
fn validate_and_the_checker_accept_exactly_the_same_tables() {
    let data = "data = { x = [1, 2, 4], y = [0, 1, 1] }\n";
    let cases = [
        // The lecture's cost, from the likelihood total.
        ("columns = [{ name = \"p\", formula = \"sigmoid(x)^y*(1 - sigmoid(x))^(1 - y)\" }]\ntotals = [\n  { name = \"L\", formula = \"prod(p)\" },\n  { name = \"cost\", formula = \"-log10(L)/3\" },\n]\n", true),
        // A total from two earlier totals, and none from a later one.
        ("columns = [{ name = \"z\", formula = \"2x\" }]\ntotals = [\n  { name = \"s\", formula = \"sum(x)\" },\n  { name = \"n\", formula = \"3\" },\n  { name = \"m\", formula = \"s/n\" },\n]\n", true),
        ("columns = [{ name = \"z\", formula = \"2x\" }]\ntotals = [\n  { name = \"m\", formula = \"s/3\" },\n  { name = \"s\", formula = \"sum(x)\" },\n]\n", false),
        // A column from an earlier column, and none from a total.
        ("columns = [{ name = \"z\", formula = \"2x - 3\" }, { name = \"a\", formula = \"sigmoid(z)\" }]\n", true),
        ("columns = [{ name = \"z\", formula = \"x/s\" }]\ntotals = [{ name = \"s\", formula = \"sum(x)\" }]\n", false),
        // No finite value: in a total after earlier totals, in one row of a column.
        ("columns = [{ name = \"z\", formula = \"2x\" }]\ntotals = [\n  { name = \"L\", formula = \"sum(x)\" },\n  { name = \"c\", formula = \"ln(L - L)\" },\n]\n", false),
        ("columns = [{ name = \"l\", formula = \"ln(x - 2)\" }]\n", false),
    ];
    for (table, accepted) in cases {
        let text = ex(&format!("kind = \"table\"\n{data}{table}"));
        let report = run(&text);
        let (set, _) = load_str("t.toml", &text);
        let checker = set
            .and_then(|s| s.exercises.into_iter().next())
            .map(|e| Checker::new(&e));
        let validates = report.errors() == 0;
        let checks = checker.as_ref().is_some_and(|c| c.is_ok());
        assert_eq!(
            validates,
            accepted,
            "validate on\n{table}\n{}",
            listing(&report.diagnostics)
        );
        assert_eq!(
            checks,
            accepted,
            "the checker on\n{table}\n{:?}",
            checker.map(|c| c.err())
        );
    }
}
