//! `gradtutor derive FUNCTION [--var NAME] [--order N] [--json]`: the steps and the result, the
//! JSON shape, and the exit codes (0 derived, 1 not differentiable, 2 usage or parse error).

use gradtutor::math::{Expr, Scope};
use std::process::{Command, Output};

fn derive(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .arg("derive")
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
    let o = derive(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("valid JSON")
}

#[test]
fn text_output_numbers_the_steps_then_gives_the_result() {
    let o = derive(&["3x^4 - 5x^2 + 2x"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "d/dx (3x⁴ − 5x² + 2x)");
    assert!(lines[2].starts_with("1. Sum rule: "), "{out}");
    assert!(
        lines[3].starts_with("2.   Constant multiple rule: "),
        "{out}"
    );
    assert_eq!(lines.last().copied(), Some("d/dx = 12x³ − 10x + 2"));
}

#[test]
fn json_has_exactly_the_documented_shape() {
    let v = json(&["x*y^2 + x^3", "--var", "y", "--json"]);
    let obj = v.as_object().expect("an object");
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["derivative", "function", "order", "pretty", "steps", "var"]
    );
    assert_eq!(v["function"], "x*y^2 + x^3");
    assert_eq!(v["var"], "y");
    assert_eq!(v["order"], 1);
    assert_eq!(v["derivative"], "2*x*y");
    assert_eq!(v["pretty"], "2x·y");
    let steps = v["steps"].as_array().expect("steps");
    assert!(!steps.is_empty());
    for s in steps {
        let mut keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["derivative", "expr", "rule", "text"]);
        assert!(s["rule"].is_string() && s["text"].is_string());
    }
    assert_eq!(steps[0]["rule"], "sum");
    assert_eq!(steps[0]["expr"], "x*y^2 + x^3");
}

#[test]
fn json_formulas_read_back_in_the_functions_variables() {
    let v = json(&["e^(2x)*cos(x)", "--order", "2", "--json"]);
    assert_eq!(v["order"], 2);
    assert_eq!(v["derivative"], "e^(2*x)*(3*cos(x) - 4*sin(x))");
    let scope = Scope::new(&["x"]);
    let mut formulas = vec![v["derivative"].as_str().unwrap().to_string()];
    for s in v["steps"].as_array().unwrap() {
        formulas.push(s["expr"].as_str().unwrap().to_string());
        formulas.push(s["derivative"].as_str().unwrap().to_string());
    }
    for f in formulas {
        Expr::parse(&f, &scope).unwrap_or_else(|e| panic!("{f} does not read back: {e}"));
    }
    // the typeset result reads back to the same values too
    let pretty = Expr::parse(v["pretty"].as_str().unwrap(), &scope).unwrap();
    let ascii = Expr::parse(v["derivative"].as_str().unwrap(), &scope).unwrap();
    for x in [0.3, 1.1, 2.7] {
        assert!((pretty.eval(&[x]) - ascii.eval(&[x])).abs() < 1e-12);
    }
}

#[test]
fn higher_orders_show_each_differentiation() {
    let o = derive(&["x^4", "--order", "3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("d³/dx³ x⁴\n"), "{out}");
    assert!(
        out.contains("Derivative 2:") && out.contains("Derivative 3:"),
        "{out}"
    );
    assert!(out.ends_with("d³/dx³ = 24x\n"), "{out}");
}

#[test]
fn a_kink_exits_1_with_the_reason() {
    let o = derive(&["relu(x) + x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).contains("relu(x) cannot be differentiated"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("kink"));
}

#[test]
fn a_parse_error_exits_2_with_the_caret() {
    let o = derive(&["3x +* 2"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "gradtutor: cannot read the function: '*' has nothing before it\n    3x +* 2\n        ^\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    // two variables and no --var
    let o = derive(&["x*y"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--var"), "{}", stderr(&o));
    // an order out of range, a bad variable name, an unknown function
    for args in [
        &["x^2", "--order", "0"][..],
        &["x^2", "--order", "9"],
        &["x^2", "--var", "2"],
        &["f(x)"],
    ] {
        let o = derive(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_variable_the_function_does_not_use_gives_zero() {
    let v = json(&["y^2", "--var", "x", "--json"]);
    assert_eq!(v["derivative"], "0");
    assert_eq!(v["steps"][0]["rule"], "constant");
}
