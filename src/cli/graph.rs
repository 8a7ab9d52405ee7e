//! `gradtutor graph FUNCTION --at "x=2, y=3" [--json]`: the computational graph of a function,
//! its forward values and its backward pass, node by node.
//! Exit 0; 1 when the function is not defined or not differentiable at the point (the node where
//! it fails is named); 2 usage.

use anyhow::{bail, Context};
use gradtutor::math::graph::{adjoint_name, show, Backward, Graph, GraphError, How};
use gradtutor::math::{eval_constant, Expr, ParseErrorKind, Scope};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The function, in the answer language ("sigmoid(w*x + b)", "x^2·y + sin(y)").
    #[arg(allow_hyphen_values = true)]
    pub function: String,

    /// The point: every variable with its value, separated by commas ("x=2, y=3").
    #[arg(
        long,
        value_name = "POINT",
        allow_hyphen_values = true,
        default_value = ""
    )]
    pub at: String,

    /// Print `{"function", "at", "nodes": [{"id", "op", "inputs", "expr", "value", "adjoint"}],
    /// "output", "gradient"}` instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Exit code for a function that is not defined or not differentiable at the point.
const EXIT_FAILS_AT_POINT: u8 = 1;

/// `"x=2, y=3"` as names and values; values may be expressions without variables (`1/2`, `pi`).
fn parse_at(text: &str) -> anyhow::Result<Vec<(String, f64)>> {
    let mut out: Vec<(String, f64)> = Vec::new();
    if text.trim().is_empty() {
        return Ok(out);
    }
    let mut depth = 0i32;
    let mut parts = vec![String::new()];
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            parts.push(String::new());
        } else if let Some(p) = parts.last_mut() {
            p.push(c);
        }
    }
    for part in parts {
        let Some((name, value)) = part.split_once('=') else {
            bail!(
                "--at {text:?}: `{}` has no `=`; give each variable as name=value (\"x=2, y=3\")",
                part.trim()
            );
        };
        let name = name.trim();
        let ok = name.chars().next().is_some_and(char::is_alphabetic)
            && name.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !ok {
            bail!("--at {text:?}: `{name}` is not a variable name");
        }
        if out.iter().any(|(n, _)| n == name) {
            bail!("--at {text:?}: `{name}` is given twice");
        }
        let v = eval_constant(value.trim(), &Scope::default())
            .map_err(|e| anyhow::anyhow!("--at {text:?}: the value of `{name}`: {e}"))?;
        if !v.is_finite() {
            bail!("--at {text:?}: the value of `{name}` is not a finite number");
        }
        out.push((name.to_string(), v));
    }
    Ok(out)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let at = parse_at(&args.at)?;
    let vars: Vec<&str> = at.iter().map(|(n, _)| n.as_str()).collect();
    let point: Vec<f64> = at.iter().map(|(_, v)| *v).collect();
    let expr = match Expr::parse(&args.function, &Scope::new(&vars)) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("gradtutor: cannot read the function: {e}");
            for line in e.caret(&args.function).lines() {
                eprintln!("    {line}");
            }
            if e.kind == ParseErrorKind::UnknownName {
                eprintln!("(every variable needs a value in --at: --at \"x=2, y=3\")");
            }
            return Ok(ExitCode::from(super::EXIT_USAGE));
        }
    };
    let graph = Graph::new(&expr).context("no graph for this function")?;

    let result = graph.gradient(&point);
    let text = match (&result, args.json) {
        (Ok((grad, back, values)), true) => json(&args.function, &at, &graph, values, back, grad)?,
        (Ok((_, back, values)), false) => text(&graph, &at, values, Some(back), None),
        (Err(e), false) => text(&graph, &at, &graph.values(&point), None, Some(e)),
        (Err(_), true) => String::new(),
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => {}
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(e).context("cannot write the output"),
    }
    match result {
        Ok(_) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("gradtutor: {} is {e}", graph.label(graph.output()));
            Ok(ExitCode::from(EXIT_FAILS_AT_POINT))
        }
    }
}

#[derive(Serialize)]
struct JsonGraph<'a> {
    function: &'a str,
    at: BTreeMap<&'a str, f64>,
    nodes: Vec<JsonNode>,
    output: usize,
    gradient: BTreeMap<&'a str, f64>,
}

#[derive(Serialize)]
struct JsonNode {
    id: usize,
    op: &'static str,
    inputs: Vec<usize>,
    expr: String,
    value: f64,
    /// ∂f/∂node, constants included; `null` only for a constant whose adjoint does not exist
    /// at the point (the exponent 2 of x² at x < 0).
    adjoint: Option<f64>,
}

fn json(
    function: &str,
    at: &[(String, f64)],
    graph: &Graph,
    values: &[f64],
    back: &Backward,
    grad: &[f64],
) -> anyhow::Result<String> {
    let doc = JsonGraph {
        function,
        at: at.iter().map(|(n, v)| (n.as_str(), *v)).collect(),
        nodes: graph
            .nodes()
            .iter()
            .enumerate()
            .map(|(id, n)| JsonNode {
                id,
                op: n.op.name(),
                inputs: n.inputs.clone(),
                expr: graph.expr(id),
                value: values[id],
                adjoint: back.adjoints[id],
            })
            .collect(),
        output: graph.output(),
        gradient: at
            .iter()
            .zip(grad)
            .map(|((n, _), g)| (n.as_str(), *g))
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).context("cannot write JSON")?;
    s.push('\n');
    Ok(s)
}

/// Columns padded to their widest cell, the last one left ragged.
fn columns(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::from(" ");
        for (i, c) in r.iter().enumerate() {
            let pad = widths[i].saturating_sub(c.chars().count());
            line.push(' ');
            if i == 0 {
                line.push_str(&" ".repeat(pad));
                line.push_str(c);
            } else {
                line.push_str(c);
                line.push_str(&" ".repeat(pad));
            }
            line.push(' ');
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// The widest expression shown in the forward table; longer ones end in `…` (the JSON has them
/// in full), so that a long sum keeps the table readable.
const EXPR_WIDTH: usize = 60;

fn shorten(s: String) -> String {
    if s.chars().count() <= EXPR_WIDTH {
        return s;
    }
    let mut t: String = s.chars().take(EXPR_WIDTH - 1).collect();
    t.push('…');
    t
}

fn text(
    graph: &Graph,
    at: &[(String, f64)],
    values: &[f64],
    back: Option<&Backward>,
    failed: Option<&GraphError>,
) -> String {
    let out_id = graph.output();
    let mut out = String::new();
    let point: Vec<String> = at
        .iter()
        .map(|(n, v)| format!("{n} = {}", show(*v)))
        .collect();
    let _ = writeln!(
        out,
        "{}({}) = {}",
        graph.label(out_id),
        graph.vars().join(", "),
        graph.expr(out_id)
    );
    if !point.is_empty() {
        let _ = writeln!(out, "at {}", point.join(", "));
    }
    let _ = writeln!(out);
    out.push_str(&forward_text(graph, values, failed));
    if let Some(back) = back {
        let _ = writeln!(out);
        out.push_str(&backward_text(graph, values, back));
    }
    out
}

/// The forward table, up to the node that failed if one did.
fn forward_text(graph: &Graph, values: &[f64], failed: Option<&GraphError>) -> String {
    let last = match failed {
        Some(GraphError::Undefined { node, .. }) => *node,
        _ => graph.len().saturating_sub(1),
    };
    let mut rows = vec![vec![
        "id".to_string(),
        "node".into(),
        "op".into(),
        "inputs".into(),
        "expression".into(),
        "value".into(),
    ]];
    for (id, n) in graph.nodes().iter().enumerate().take(last + 1) {
        let inputs: Vec<String> = n.inputs.iter().map(|&i| graph.label(i)).collect();
        let mut value = show(values[id]);
        if matches!(failed, Some(GraphError::Undefined { node, .. }) if *node == id) {
            value.push_str("  ✗ not defined");
        }
        rows.push(vec![
            id.to_string(),
            graph.label(id),
            n.op.name().to_string(),
            inputs.join(", "),
            shorten(graph.expr(id)),
            value,
        ]);
    }
    format!(
        "forward: the value of each node, in evaluation order\n{}",
        columns(&rows)
    )
}

/// The backward pass, one line per step, then the gradient.
fn backward_text(graph: &Graph, values: &[f64], back: &Backward) -> String {
    let f = graph.label(graph.output());
    let mut out = format!(
        "backward: each adjoint ∂{f}/∂node, from the output (adjoint 1) back to the inputs\n"
    );
    for step in graph.steps(values, back) {
        let eq = step.equation(graph);
        match (&step.how, step.note(graph)) {
            (How::Unused, Some(note)) => {
                let _ = writeln!(out, "  {eq}   ({note})");
            }
            _ => {
                let _ = writeln!(out, "  {eq}");
            }
        }
    }
    if graph.input_count() > 0 {
        let _ = writeln!(out);
        let grads: Vec<String> = (0..graph.input_count())
            .map(|i| show(back.adjoints[i].unwrap_or(0.0)))
            .collect();
        let names: Vec<String> = (0..graph.input_count())
            .map(|i| adjoint_name(graph, i))
            .collect();
        if grads.len() == 1 {
            let _ = writeln!(out, "gradient: {} = {}", names[0], grads[0]);
        } else {
            let _ = writeln!(
                out,
                "gradient: ∇{f} = ({}) = ({})",
                names.join(", "),
                grads.join(", ")
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_names_with_values() {
        let at = parse_at("x=2, y = -1/2, w=max(1, 3)").unwrap();
        assert_eq!(
            at,
            [
                ("x".to_string(), 2.0),
                ("y".to_string(), -0.5),
                ("w".to_string(), 3.0)
            ]
        );
        assert!(parse_at("").unwrap().is_empty());
        assert!(parse_at("x=2, x=3").is_err());
        assert!(parse_at("2, 3").is_err());
        assert!(parse_at("x=1/0").is_err());
        assert!(parse_at("2x=1").is_err());
    }
}
