//! `gradtutor graph FUNCTION --at "x=2, y=3" [--json]`: the JSON shape, the text derivations,
//! and the exit codes (0; 1 not defined or not differentiable at the point, with the node; 2 usage).

use std::process::{Command, Output};

fn graph(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .arg("graph")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = graph(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("valid JSON")
}

fn keys(v: &serde_json::Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

#[test]
fn json_has_exactly_the_documented_shape() {
    let v = json(&["sigmoid(x*y) + x", "--at", "x=2, y=3", "--json"]);
    assert_eq!(keys(&v), ["at", "function", "gradient", "nodes", "output"]);
    assert_eq!(v["function"], "sigmoid(x*y) + x");
    assert_eq!(v["at"], serde_json::json!({"x": 2.0, "y": 3.0}));
    let nodes = v["nodes"].as_array().unwrap();
    for (i, n) in nodes.iter().enumerate() {
        assert_eq!(
            keys(n),
            ["adjoint", "expr", "id", "inputs", "op", "value"],
            "{n}"
        );
        assert_eq!(n["id"], i);
        assert!(n["value"].is_number(), "{n}");
        assert!(n["adjoint"].is_number(), "{n}");
        for input in n["inputs"].as_array().unwrap() {
            assert!(input.as_u64().unwrap() < i as u64, "{n}");
        }
    }
    let summary: Vec<(&str, &str, Vec<u64>)> = nodes
        .iter()
        .map(|n| {
            (
                n["op"].as_str().unwrap(),
                n["expr"].as_str().unwrap(),
                n["inputs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|i| i.as_u64())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("input", "x", vec![]),
            ("input", "y", vec![]),
            ("mul", "x·y", vec![0, 1]),
            ("sigmoid", "σ(x·y)", vec![2]),
            ("add", "σ(x·y) + x", vec![3, 0]),
        ]
    );
    assert_eq!(v["output"], 4);
    // ∂f/∂x = 1 + σ′(6)·3, ∂f/∂y = σ′(6)·2
    let s = 1.0 / (1.0 + (-6.0f64).exp());
    let ds = s * (1.0 - s);
    let gx = v["gradient"]["x"].as_f64().unwrap();
    let gy = v["gradient"]["y"].as_f64().unwrap();
    assert!((gx - (1.0 + 3.0 * ds)).abs() < 1e-15, "{gx}");
    assert!((gy - 2.0 * ds).abs() < 1e-15, "{gy}");
    assert_eq!(nodes[0]["adjoint"], v["gradient"]["x"]);
    assert_eq!(nodes[4]["adjoint"], 1.0);
}

fn node<'a>(v: &'a serde_json::Value, expr: &str) -> &'a serde_json::Value {
    v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["expr"] == expr)
        .unwrap_or_else(|| panic!("no node {expr} in {v}"))
}

#[test]
fn json_constants_have_their_adjoint_as_a_number() {
    // f = 3·x² + (1 + 4)·x: ∂f/∂3 = x², ∂f/∂2 (the exponent) = 3·x²·ln(x), and the 1 and
    // the 4 change f by x each, through their sum.
    let v = json(&["3x^2 + (1 + 4)*x", "--at", "x=2", "--json"]);
    let x = 2.0f64;
    for n in v["nodes"].as_array().unwrap() {
        assert!(n["adjoint"].is_number(), "{n}");
    }
    let adjoint = |expr: &str| node(&v, expr)["adjoint"].as_f64().unwrap();
    assert_eq!(node(&v, "3")["op"], "const");
    assert!((adjoint("3") - x * x).abs() < 1e-12);
    assert!((adjoint("2") - 3.0 * x * x * x.ln()).abs() < 1e-12);
    assert_eq!(adjoint("1"), x);
    assert_eq!(adjoint("4"), x);
    assert_eq!(adjoint("1 + 4"), x);
    // The gradient is the inputs' adjoints only.
    assert_eq!(v["gradient"], serde_json::json!({"x": 6.0 * x + 5.0}));
}

#[test]
fn json_a_constant_whose_adjoint_does_not_exist_is_null() {
    // x^c has no value for c near 2 when x < 0: ∂f/∂2 does not exist at x = −1 (JAX gives
    // NaN, which JSON cannot hold). The gradient exists and every key is still there.
    let v = json(&["x^2", "--at", "x=-1", "--json"]);
    for n in v["nodes"].as_array().unwrap() {
        assert_eq!(
            keys(n),
            ["adjoint", "expr", "id", "inputs", "op", "value"],
            "{n}"
        );
    }
    assert!(node(&v, "2")["adjoint"].is_null(), "{v}");
    assert_eq!(node(&v, "x")["adjoint"], -2.0);
    assert_eq!(v["gradient"]["x"], -2.0);
}

#[test]
fn text_derives_each_adjoint_from_the_upstream_one_and_the_local_derivative() {
    let o = graph(&["-sigmoid(z)/2", "--at", "z=0"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l.trim() == "∂f/∂z = ∂f/∂v1 · σ′(z) = −0.5 · 0.25 = −0.125"),
        "{out}"
    );
    assert!(out.lines().any(|l| l.trim() == "∂f/∂f = 1"), "{out}");
    assert!(
        out.lines().any(|l| l.trim() == "gradient: ∂f/∂z = −0.125"),
        "{out}"
    );
}

#[test]
fn text_lists_the_nodes_then_the_backward_pass_then_the_gradient() {
    let o = graph(&["x*y + sin(x)", "--at", "x=0, y=3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "f(x, y) = x·y + sin(x)");
    assert_eq!(lines[1], "at x = 0, y = 3");
    let rows: Vec<Vec<&str>> = lines
        .iter()
        .skip_while(|l| !l.starts_with("forward"))
        .skip(2)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec!["0", "x", "input", "x", "0"],
            vec!["1", "y", "input", "y", "3"],
            vec!["2", "v2", "mul", "x,", "y", "x·y", "0"],
            vec!["3", "v3", "sin", "x", "sin(x)", "0"],
            vec!["4", "f", "add", "v2,", "v3", "x·y", "+", "sin(x)", "0"],
        ]
    );
    // x is used twice: its adjoint sums both paths.
    assert!(
        lines.contains(&"  ∂f/∂x = ∂f/∂v3 · cos(x) + ∂f/∂v2 · y = 1 · 1 + 1 · 3 = 4"),
        "{out}"
    );
    assert_eq!(
        lines.last(),
        Some(&"gradient: ∇f = (∂f/∂x, ∂f/∂y) = (4, 0)")
    );
}

#[test]
fn exit_1_names_the_node_where_the_function_is_not_defined() {
    let o = graph(&["x + ln(x - 1)", "--at", "x=1"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).trim(),
        "gradtutor: f is not defined at this point: node 3, ln(x − 1), ln(0) is −inf"
    );
    // The forward pass is shown up to that node.
    let out = stdout(&o);
    assert!(
        out.lines().last().unwrap().ends_with("−inf  ✗ not defined"),
        "{out}"
    );
    assert!(!out.contains("backward"), "{out}");
    // With --json, nothing on stdout: the failure is on stderr and in the exit code.
    let o = graph(&["x + ln(x - 1)", "--at", "x=1", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("node 3"), "{}", stderr(&o));
}

#[test]
fn exit_1_names_the_node_where_the_function_is_not_differentiable() {
    let o = graph(&["abs(x) * y", "--at", "x=0, y=2", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).trim(),
        "gradtutor: f is not differentiable at this point: node 2, abs(x), |x| has a kink at 0 (no slope)"
    );
}

#[test]
fn exit_2_on_usage_errors() {
    for args in [
        vec!["x^", "--at", "x=1"],
        vec!["x + z", "--at", "x=1"],
        vec!["x", "--at", "x"],
        vec!["x", "--at", "x=1, x=2"],
        vec!["x", "--at", "x=1/0"],
        vec!["x", "--at", "x=1", "--frobnicate"],
        vec![],
    ] {
        let o = graph(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
    let o = graph(&["x + z", "--at", "x=1"]);
    let err = stderr(&o);
    assert!(err.contains("    x + z\n        ^"), "{err}");
    assert!(
        err.contains("every variable needs a value in --at"),
        "{err}"
    );
}

#[test]
fn a_function_without_variables_needs_no_point() {
    let v = json(&["2^3", "--json"]);
    assert_eq!(v["nodes"][2]["value"], 8.0);
    assert_eq!(v["gradient"], serde_json::json!({}));
    assert_eq!(v["nodes"][2]["adjoint"], 1.0);
}

#[test]
fn the_documented_log_loss_run_is_the_real_output() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/graph.md"))
        .expect("docs/graph.md");
    let function = "-(y*ln(sigmoid(w*x + b)) + (1 - y)*ln(1 - sigmoid(w*x + b)))";
    let at = "w=0.5, x=8, b=-4, y=0";
    let command = format!("$ gradtutor graph \"{function}\" --at \"{at}\"");
    let block: Vec<&str> = doc
        .lines()
        .skip_while(|l| *l != command)
        .skip(1)
        .take_while(|l| *l != "```")
        .collect();
    assert!(!block.is_empty(), "docs/graph.md has no `{command}` block");
    let o = graph(&[function, "--at", at]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(block, out.lines().collect::<Vec<_>>());
}
