//! The prepared question: what each exercise asks, laid out once for every part to read.

use crate::check_support::exercise;
use gradtutor::question::{Ask, CellId, Question, SetupError, Shape, Target};

#[test]
fn a_gradient_has_one_cell_per_variable_numbered_from_one() {
    let q = Question::prepare(&exercise(
        "id = \"g\"\nkind = \"gradient\"\nfunction = \"x^2*y\"\nvars = [\"x\", \"y\"]",
    ))
    .expect("prepares");
    assert_eq!(q.answer.shape, Shape::Vector(2));
    let ids: Vec<String> = q.answer.cells.iter().map(|c| c.id.to_string()).collect();
    assert_eq!(ids, ["1", "2"]);
    let labels: Vec<&str> = q.answer.cells.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["∂f/∂x", "∂f/∂y"]);
    assert_eq!(
        q.answer.cells[1].target,
        Target::Partial {
            func: 0,
            idx: vec![1]
        }
    );
    assert!(q.answer.expressions(), "no `at`: expressions are asked");
}

#[test]
fn a_jacobian_names_its_entries_by_function_and_variable() {
    let q = Question::prepare(&exercise(
        "id = \"j\"\nkind = \"jacobian\"\nfunctions = [\"x*y\", \"x + y\"]\nvars = [\"x\", \"y\"]\nat = { x = 1, y = 2 }",
    ))
    .expect("prepares");
    let cell = q.cell(&"2,1".parse().expect("id")).expect("cell 2,1");
    assert_eq!(cell.label, "∂f₂/∂x");
    assert_eq!(cell.place("entry"), "row 2, column 1 (∂f₂/∂x)");
    assert!(!q.answer.expressions(), "`at`: numbers are asked");
    let Ask::Rates(r) = &q.ask else {
        panic!("a rate")
    };
    assert_eq!(r.at, Some(vec![1.0, 2.0]));
    assert_eq!(r.at_text().as_deref(), Some("at (x, y) = (1, 2)"));
}

#[test]
fn a_table_is_computed_once_and_a_total_may_use_an_earlier_total() {
    let q = Question::prepare(&exercise(
        "id = \"t\"\nkind = \"table\"\ndata = { x = [1, 2] }\ncolumns = [{ name = \"p\", formula = \"x/4\" }]\ntotals = [\n  { name = \"L\", formula = \"prod(p)\" },\n  { name = \"cost\", formula = \"-log10(L)\" },\n]",
    ))
    .expect("prepares");
    let Ask::Table(t) = &q.ask else {
        panic!("a table")
    };
    assert_eq!(t.values.columns, vec![vec![0.25, 0.5]]);
    assert_eq!(t.values.totals[0], 0.125);
    assert!((t.values.totals[1] - 0.125f64.log10().abs()).abs() < 1e-12);
    let ids: Vec<String> = q.answer.cells.iter().map(|c| c.id.to_string()).collect();
    assert_eq!(ids, ["p[1]", "p[2]", "L", "cost"]);
    assert_eq!(
        q.answer.cells[3].id,
        CellId::Total("cost".into()),
        "totals are named cells"
    );
}

#[test]
fn setup_errors_are_typed() {
    let prepare = |body: &str| Question::prepare(&exercise(body)).map(|_| ()).unwrap_err();
    assert_eq!(
        prepare("id = \"t\"\nkind = \"table\"\ndata = { x = [1, 0] }\ncolumns = [{ name = \"l\", formula = \"ln(x)\" }]"),
        SetupError::ColumnNotFinite {
            column: "l".into(),
            row: 1
        }
    );
    assert!(matches!(
        prepare("id = \"d\"\nkind = \"derivative\"\nfunction = \"sqrt(x)\"\nvar = \"x\"\nat = { x = -1 }"),
        SetupError::UndefinedAt { function: None, .. }
    ));
    assert_eq!(
        prepare("id = \"v\"\nkind = \"value\"\nvalue = \"ln(0)\""),
        SetupError::ValueNotFinite {
            value: "ln(0)".into()
        }
    );
}
