//! The computational graph in the core: nodes, shared subexpressions, forward values, the
//! backward pass, and the node named when a function fails at a point.

use gradtutor::math::graph::{Graph, GraphError, Op};
use gradtutor::math::{Expr, Scope};

fn graph(src: &str, vars: &[&str]) -> Graph {
    let expr = Expr::parse(src, &Scope::new(vars)).expect("the function reads");
    Graph::new(&expr).expect("the function has a graph")
}

fn ops(g: &Graph) -> Vec<&'static str> {
    g.nodes().iter().map(|n| n.op.name()).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * (1.0 + b.abs())
}

const LOG_LOSS: &str = "-(y*ln(sigmoid(w*x + b)) + (1 - y)*ln(1 - sigmoid(w*x + b)))";

#[test]
fn a_subexpression_written_twice_is_one_node() {
    let g = graph(LOG_LOSS, &["w", "x", "b", "y"]);
    let sig: Vec<usize> = (0..g.len())
        .filter(|&i| g.nodes()[i].op.name() == "sigmoid")
        .collect();
    assert_eq!(sig.len(), 1, "{:?}", ops(&g));
    // σ(w·x + b) feeds both logarithms' sides: ln(a) and 1 − a.
    let consumers: Vec<&str> = g
        .nodes()
        .iter()
        .filter(|n| n.inputs.contains(&sig[0]))
        .map(|n| n.op.name())
        .collect();
    assert_eq!(consumers, ["ln", "sub"]);
    // The constant 1 is one node too.
    assert_eq!(
        g.nodes().iter().filter(|n| n.op == Op::Const(1.0)).count(),
        1
    );
}

#[test]
fn the_same_operands_in_another_order_are_another_node() {
    let g = graph("x*y + y*x", &["x", "y"]);
    assert_eq!(ops(&g), ["input", "input", "mul", "mul", "add"]);
}

#[test]
fn each_node_has_its_subexpression() {
    let g = graph("2x^3 - sin(x)/x", &["x"]);
    let exprs = g.exprs();
    assert_eq!(exprs[g.output()], "2·x³ − sin(x)/x");
    assert!(exprs.contains(&"x³".to_string()), "{exprs:?}");
    assert!(exprs.contains(&"sin(x)/x".to_string()), "{exprs:?}");
}

#[test]
fn the_log_loss_backward_pass_gives_the_logistic_regression_gradient() {
    // The lecture's log loss of one example: z = w·x + b, a = σ(z),
    // L = −(y·ln a + (1 − y)·ln(1 − a)); then ∂L/∂w = (a − y)·x and ∂L/∂b = a − y.
    let g = graph(LOG_LOSS, &["w", "x", "b", "y"]);
    for (w, x, b, y) in [
        (0.5, 2.0, -4.0, 1.0),
        (0.5, 7.0, -4.0, 0.0),
        (1.0, 30.0, -25.0, 1.0),
    ] {
        let (grad, _, values) = g.gradient(&[w, x, b, y]).unwrap();
        let a = 1.0 / (1.0 + f64::exp(-(w * x + b)));
        assert!(close(grad[0], (a - y) * x), "{grad:?} a = {a}");
        assert!(close(grad[2], a - y), "{grad:?} a = {a}");
        let loss = -(y * a.ln() + (1.0 - y) * (1.0 - a).ln());
        assert!(close(values[g.output()], loss));
    }
}

#[test]
fn a_shared_node_sums_the_adjoints_of_every_path() {
    // f = a·a + a with a = sin(x): ∂f/∂a = 2a + 1, from three edges.
    let g = graph("sin(x)*sin(x) + sin(x)", &["x"]);
    let a = g.find("sin(x)").unwrap();
    let (grad, back, _) = g.gradient(&[0.3]).unwrap();
    assert_eq!(back.into_node(a).count(), 3);
    let s = 0.3f64.sin();
    assert!(close(back.adjoints[a].unwrap(), 2.0 * s + 1.0));
    assert!(close(grad[0], (2.0 * s + 1.0) * 0.3f64.cos()));
}

#[test]
fn the_rosenbrock_gradient_at_the_lectures_start_point() {
    // (a − x)² + b(y − x²)² with a = 1, b = 100 at (0.1, 3):
    // ∂/∂x = −2(a − x) − 4b·x(y − x²), ∂/∂y = 2b(y − x²).
    let g = graph("(1 - x)^2 + 100(y - x^2)^2", &["x", "y"]);
    let (grad, _, _) = g.gradient(&[0.1, 3.0]).unwrap();
    let (x, y) = (0.1, 3.0);
    assert!(close(grad[0], -2.0 * (1.0 - x) - 400.0 * x * (y - x * x)));
    assert!(close(grad[1], 200.0 * (y - x * x)));
}

#[test]
fn constants_have_an_adjoint_too_but_the_gradient_is_the_inputs_and_unused_inputs_have_zero() {
    let g = graph("3x", &["x", "y"]);
    let (grad, back, values) = g.gradient(&[2.0, 5.0]).unwrap();
    assert_eq!(grad, [3.0, 0.0]);
    let three = g.find("3").unwrap();
    // ∂(3x)/∂3 = x.
    assert_eq!(back.adjoints[three], Some(2.0));
    assert_eq!(back.adjoints[g.output()], Some(1.0));
    // The backward pass a student steps through leaves the constant out.
    let stepped: Vec<usize> = g.steps(&values, &back).iter().map(|s| s.node).collect();
    assert_eq!(stepped, [g.output(), 0, 1]);
}

#[test]
fn a_constant_whose_adjoint_does_not_exist_does_not_stop_the_backward_pass() {
    // (x − 3)² at x = 1: the base is −2, so ∂f/∂2 (the exponent) does not exist; ∂f/∂3 does.
    let g = graph("(x - 3)^2", &["x"]);
    let (grad, back, _) = g.gradient(&[1.0]).unwrap();
    assert_eq!(grad, [-4.0]);
    assert_eq!(back.adjoints[g.find("2").unwrap()], None);
    assert_eq!(back.adjoints[g.find("3").unwrap()], Some(4.0));
}

#[test]
fn data_aggregates_are_spelled_out_row_by_row() {
    // The linear regression cost of the bundled example: mean((y − (m·x + c))²) over five
    // points. Its backward pass gives the gradient formulas the descent example states.
    let xs = [1.0, 2.0, 3.0, 4.0, 5.0];
    let ys = [3.1, 4.9, 7.2, 8.8, 11.0];
    let scope = Scope::new(&["m", "c"]).with_columns(&["x", "y"]);
    let expr = Expr::parse("mean((y - (m*x + c))^2)", &scope).expect("reads");
    assert!(Graph::new(&expr).is_err(), "no data, no graph");
    let g = Graph::with_data(&expr, &[xs.to_vec(), ys.to_vec()]).expect("a graph");
    let (m, c) = (0.7, -0.2);
    let (grad, _, values) = g.gradient(&[m, c]).unwrap();
    let residual = |i: usize| ys[i] - (m * xs[i] + c);
    let n = xs.len() as f64;
    let dm = -2.0 * (0..5).map(|i| residual(i) * xs[i]).sum::<f64>() / n;
    let dc = -2.0 * (0..5).map(residual).sum::<f64>() / n;
    assert!(close(grad[0], dm), "{grad:?} against {dm}");
    assert!(close(grad[1], dc), "{grad:?} against {dc}");
    let cost = (0..5).map(|i| residual(i).powi(2)).sum::<f64>() / n;
    assert!(close(values[g.output()], cost));
    // One subtraction per row, each with that row's data as numbers.
    assert!(g.find("y - (m*x + c)").is_none());
    assert_eq!(g.expr(g.find("m*4").unwrap()), "m·4");
    assert_eq!(g.nodes().iter().filter(|n| n.op == Op::Sub).count(), 5);
}

#[test]
fn an_undefined_value_names_the_first_node_that_has_none() {
    let g = graph("x + ln(x - 1) + sqrt(x - 2)", &["x"]);
    let err = g.forward(&[1.0]).unwrap_err();
    let ln = g.find("ln(x - 1)").unwrap();
    assert_eq!(err.node(), Some(ln));
    assert!(matches!(err, GraphError::Undefined { .. }));
    assert_eq!(
        err.to_string(),
        "not defined at this point: node 3, ln(x − 1), ln(0) is −inf"
    );
}

#[test]
fn a_kink_or_an_infinite_slope_names_the_node_that_is_not_differentiable() {
    for (src, at, node) in [
        ("abs(x) + x", 0.0, "abs(x)"),
        ("relu(x - 1)", 1.0, "relu(x - 1)"),
        ("sqrt(x^2)", 0.0, "sqrt(x^2)"),
        ("max(x, 1)", 1.0, "max(x, 1)"),
        ("x^0.5", 0.0, "x^0.5"),
        ("(x - 2)^x", 1.0, "(x - 2)^x"),
    ] {
        let g = graph(src, &["x"]);
        let values = g.forward(&[at]).unwrap();
        let err = g.backward(&values).unwrap_err();
        assert!(
            matches!(err, GraphError::NotDifferentiable { .. }),
            "{src}: {err}"
        );
        assert_eq!(err.node(), g.find(node), "{src}: {err}");
    }
}

#[test]
fn the_derivations_name_the_local_derivative_of_each_edge() {
    let g = graph("sigmoid(z)*y + y^3 - e^z", &["z", "y"]);
    let values = g.forward(&[0.0, 2.0]).unwrap();
    let s = g.find("σ(z)").unwrap();
    let cube = g.find("y³").unwrap();
    let exp = g.find("e^z").unwrap();
    let product = g.find("σ(z)·y").unwrap();
    assert_eq!(g.local_formula(s, 0, &values), "σ′(z)");
    assert_eq!(g.local_formula(cube, 0, &values), "3·y²");
    assert_eq!(g.local_formula(exp, 1, &values), g.label(exp));
    assert_eq!(g.local_formula(product, 0, &values), "y");
    assert_eq!(g.local_formula(product, 1, &values), g.label(s));
    assert!(close(g.local(s, 0, &values).unwrap(), 0.25));
}

#[test]
fn data_aggregates_have_no_graph() {
    let scope = Scope::new(&["w"]).with_columns(&["x"]);
    let e = Expr::parse("sum((w*x - 1)^2)", &scope).unwrap();
    assert!(matches!(
        Graph::new(&e),
        Err(GraphError::Aggregate { what: "sum" })
    ));
}

#[test]
fn a_sum_of_thousands_of_terms_is_a_chain_of_two_input_nodes() {
    // The longest accepted input: 4,999 terms, 4,998 `add` nodes after the one input.
    let src = vec!["x"; 4_999].join("+");
    let g = graph(&src, &["x"]);
    assert_eq!(g.len(), 4_999);
    let (grad, _, values) = g.gradient(&[1.0]).unwrap();
    assert_eq!(values[g.output()], 4_999.0);
    assert_eq!(grad, [4_999.0]);
    // The preview spaces its operators, so it is longer than the input was.
    let whole = g.expr(g.output());
    assert_eq!(whole.matches(" + ").count(), 4_998);
}
