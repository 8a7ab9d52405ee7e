//! Every formula is parsed once per question (issue 9): the loader's parse, made to report an
//! error at its column, is the one the prepared question and its checker use.

use crate::check_support::exercise;
use gradtutor::exercise::Exercise;
use gradtutor::question::{Ask, Formula, Question};

fn assert_loaders_parses<'a>(ex: &Exercise, formulas: impl IntoIterator<Item = &'a Formula>) {
    let mut n = 0;
    for f in formulas {
        assert!(ex.parsed.holds(&f.expr), "`{}` was parsed again", f.text);
        n += 1;
    }
    assert!(n > 0, "the question has formulas");
}

#[test]
fn a_derivatives_function_is_the_loaders_parse() {
    let ex = exercise("id = \"d\"\nkind = \"derivative\"\nfunction = \"3x^4 - 5x^2\"\nvar = \"x\"");
    let q = Question::prepare(&ex).expect("prepares");
    let Ask::Rates(r) = &q.ask else {
        panic!("a derivative asks a rate");
    };
    assert_loaders_parses(&ex, &r.functions);
}

#[test]
fn every_jacobian_entry_is_the_loaders_parse() {
    let ex = exercise(
        "id = \"j\"\nkind = \"jacobian\"\nfunctions = [\"x*y\", \"x + sin(y)\"]\nvars = [\"x\", \"y\"]",
    );
    let q = Question::prepare(&ex).expect("prepares");
    let Ask::Rates(r) = &q.ask else {
        panic!("a Jacobian asks rates");
    };
    assert_eq!(r.functions.len(), 2);
    assert_loaders_parses(&ex, &r.functions);
}

#[test]
fn a_limits_function_and_curve_are_the_loaders_parses() {
    let ex = exercise(
        "id = \"l\"\nkind = \"limit\"\nfunction = \"x*y/(x^2 + y^2)\"\nvars = [\"x\", \"y\"]\nalong = [\"t\", \"2t\"]\nt0 = 0",
    );
    let q = Question::prepare(&ex).expect("prepares");
    let Ask::Limit(l) = &q.ask else {
        panic!("a limit");
    };
    assert_loaders_parses(&ex, std::iter::once(&l.function).chain(&l.along));
}

#[test]
fn a_value_is_the_loaders_parse() {
    let ex = exercise("id = \"v\"\nkind = \"value\"\nvalue = \"2*cos(1) + sqrt(3)\"");
    let q = Question::prepare(&ex).expect("prepares");
    let Ask::Value(v) = &q.ask else {
        panic!("a value");
    };
    assert_loaders_parses(&ex, std::iter::once(&v.formula));
}

#[test]
fn a_tables_columns_and_totals_are_the_loaders_parses() {
    let ex = exercise(
        "id = \"t\"\nkind = \"table\"\nparams = { w = 0.5 }\ndata = { x = [1, 2, 3] }\ncolumns = [{ name = \"z\", formula = \"w*x\" }, { name = \"a\", formula = \"sigmoid(z)\" }]\ntotals = [{ name = \"s\", formula = \"sum(a)\" }, { name = \"m\", formula = \"s/3\" }]",
    );
    let q = Question::prepare(&ex).expect("prepares");
    let Ask::Table(t) = &q.ask else {
        panic!("a table");
    };
    assert_eq!(t.columns.len() + t.totals.len(), 4);
    assert_loaders_parses(&ex, t.columns.iter().chain(&t.totals).map(|c| &c.formula));
}

#[test]
fn an_exercise_built_in_code_still_prepares_by_parsing_its_formulas() {
    let mut ex = exercise("id = \"d\"\nkind = \"derivative\"\nfunction = \"x^3\"\nvar = \"x\"");
    ex.parsed = Default::default();
    let q = Question::prepare(&ex).expect("prepares");
    let Ask::Rates(r) = &q.ask else {
        panic!("a derivative asks a rate");
    };
    assert_eq!(r.functions[0].expr.eval(&[2.0]), 8.0);
}

const GRAPH: &str = "id = \"g\"\nkind = \"graph\"\nfunction = \"sin(x*y) + x*y\"\nat = { x = 1, y = 2 }\nnames = { u = \"x*y\" }\nnodes = [\"u\", \"sin(x*y)\"]";

#[test]
fn a_graphs_function_is_the_loaders_parse() {
    let ex = exercise(GRAPH);
    let q = Question::prepare(&ex).expect("prepares");
    let Ask::Graph(g) = &q.ask else {
        panic!("a graph");
    };
    assert_loaders_parses(&ex, std::iter::once(&g.function));
}

#[test]
fn a_graphs_nodes_are_found_alike_with_the_loaders_parses_or_without() {
    let ex = exercise(GRAPH);
    let mut built = ex.clone();
    built.parsed = Default::default();
    let nodes = |ex: &Exercise| match Question::prepare(ex).expect("prepares").ask {
        Ask::Graph(g) => g.nodes.clone(),
        _ => panic!("a graph"),
    };
    let found = nodes(&ex);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].label, "u", "the named node carries its name");
    assert_eq!(found, nodes(&built));
}

#[test]
fn a_directions_components_are_the_loaders_parses() {
    let ex = exercise(
        "id = \"u\"\nkind = \"directional\"\nfunction = \"x^2*y\"\nvars = [\"x\", \"y\"]\ndirection = [\"1 + 2\", \"sqrt(7)\"]",
    );
    let q = Question::prepare(&ex).expect("prepares");
    let Ask::Rates(r) = &q.ask else {
        panic!("a directional derivative asks a rate");
    };
    let d = r.direction.as_ref().expect("a direction");
    assert_loaders_parses(&ex, &d.components);
    assert_eq!(d.norm, 4.0, "the components' values, from those parses");
}

#[test]
fn the_unit_direction_is_the_written_out_formula_without_parsing_it() {
    use gradtutor::math::symbolic::Function;
    use gradtutor::math::{Expr, Scope};
    let scope = Scope::new(&[] as &[&str]).with_params(&[("a".to_string(), 2.0)]);
    for dir in [
        ["3", "4"],
        ["1/2", "sqrt(3)"],
        ["a", "-1"],
        ["a^2 - 1", "pi/4"],
    ] {
        let parsed: Vec<Expr> = dir
            .iter()
            .map(|c| Expr::parse(c, &scope).expect("a constant"))
            .collect();
        let squares = format!("({})^2 + ({})^2", dir[0], dir[1]);
        for (i, unit) in Function::unit_vector(&parsed).iter().enumerate() {
            let written = format!("({})/sqrt({squares})", dir[i]);
            let expected = Function::with_values(&Expr::parse(&written, &scope).expect("reads"));
            assert_eq!(unit.pretty(), expected.pretty(), "{written}");
            assert_eq!(unit.ascii(), expected.ascii(), "{written}");
        }
    }
}

#[test]
fn the_other_logarithm_is_computed_from_the_same_parses() {
    let ex = exercise(
        "id = \"t\"\nkind = \"table\"\ndata = { x = [1, 2, 4] }\ncolumns = [{ name = \"l\", formula = \"ln(x) + 1\" }]\ntotals = [{ name = \"L\", formula = \"sum(l)\" }, { name = \"c\", formula = \"-log10(L)/3\" }]",
    );
    let q = Question::prepare(&ex).expect("prepares");
    let Ask::Table(t) = &q.ask else {
        panic!("a table");
    };
    let other = t
        .other_log
        .as_ref()
        .expect("the other logarithm gives other values");
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
    for (r, x) in [1.0f64, 2.0, 4.0].iter().enumerate() {
        assert!(close(other.columns[0][r], x.log10() + 1.0), "row {}", r + 1);
    }
    let big_l: f64 = [1.0f64, 2.0, 4.0].iter().map(|x| x.log10() + 1.0).sum();
    assert!(close(other.totals[0], big_l));
    assert!(close(other.totals[1], -big_l.ln() / 3.0));

    let ex = exercise("id = \"v\"\nkind = \"value\"\nvalue = \"log(8) + 1\"");
    let q = Question::prepare(&ex).expect("prepares");
    let Ask::Value(v) = &q.ask else {
        panic!("a value");
    };
    assert!(close(v.value, 8f64.ln() + 1.0), "log is ln by default");
    assert!(close(v.other_log.expect("a logarithm"), 8f64.log10() + 1.0));
}
