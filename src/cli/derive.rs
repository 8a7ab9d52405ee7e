//! `gradtutor derive FUNCTION [--var NAME] [--order N] [--json]`: the derivative of a function,
//! rule by rule. Exit 0 derived, 1 not differentiable in closed form, 2 usage or parse error.

use gradtutor::math::symbolic::{infer_scope, Derivation, Function};
use gradtutor::math::{Expr, Scope};
use serde::Serialize;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The function, as answers are typed ("3x^4 - 5x^2 + 2x", "x*y^2 + x^3", "ln(n)/n").
    #[arg(allow_hyphen_values = true)]
    pub function: String,

    /// The variable to differentiate by (may be left out when the function has one).
    #[arg(long)]
    pub var: Option<String>,

    /// How many times to differentiate (1 to 8).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=8))]
    pub order: u8,

    /// Print JSON: {"function", "var", "order", "derivative", "pretty", "steps"}.
    #[arg(long)]
    pub json: bool,
}

/// Exit code for a function with no derivative formula.
const EXIT_NOT_DIFFERENTIABLE: u8 = 1;

#[derive(Serialize)]
struct JsonStep<'a> {
    rule: &'static str,
    expr: &'a str,
    derivative: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    function: &'a str,
    var: &'a str,
    order: u8,
    derivative: &'a str,
    pretty: &'a str,
    steps: Vec<JsonStep<'a>>,
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(char::is_alphabetic)
        && chars.all(|c| c.is_alphanumeric() || c == '_' || ('₀'..='₉').contains(&c))
}

fn usage(message: &str) -> anyhow::Result<ExitCode> {
    eprintln!("gradtutor: {message}");
    Ok(ExitCode::from(super::EXIT_USAGE))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(v) = &args.var {
        if !valid_name(v) {
            return usage(&format!(
                "--var {v}: a variable name starts with a letter (x, y, theta, x1)"
            ));
        }
    }
    let mut scope = match infer_scope(&args.function, args.var.as_deref()) {
        Ok(scope) => scope,
        Err(e) => {
            eprintln!("gradtutor: cannot read the function: {}", e.message);
            for line in e.caret(&args.function).lines() {
                eprintln!("    {line}");
            }
            return Ok(ExitCode::from(super::EXIT_USAGE));
        }
    };
    if args.var.is_none() {
        match scope.vars.len() {
            0 => scope = Scope::new(&["x"]),
            1 => {}
            _ => {
                return usage(&format!(
                    "the function has the variables {}: say which to differentiate by with --var",
                    scope.vars.join(", ")
                ))
            }
        }
    }
    let var = args.var.clone().unwrap_or_else(|| scope.vars[0].clone());
    let Some(index) = scope.vars.iter().position(|v| *v == var) else {
        return usage(&format!("--var {var}: not a variable of the function"));
    };
    let expr = match Expr::parse(&args.function, &scope) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("gradtutor: cannot read the function: {}", e.message);
            return Ok(ExitCode::from(super::EXIT_USAGE));
        }
    };
    let function = Function::new(&expr);
    let order = usize::from(args.order);
    let derivation = match function.derive(&vec![index; order]) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("gradtutor: {e}");
            return Ok(ExitCode::from(EXIT_NOT_DIFFERENTIABLE));
        }
    };
    if args.json {
        let out = JsonOut {
            function: &args.function,
            var: &var,
            order: args.order,
            derivative: &derivation.derivative,
            pretty: &derivation.pretty,
            steps: derivation
                .steps
                .iter()
                .map(|s| JsonStep {
                    rule: s.rule.tag(),
                    expr: &s.expr,
                    derivative: &s.derivative,
                    text: &s.text,
                })
                .collect(),
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        let partial = scope.vars.len() > 1;
        print_text(&function, &var, partial, order, &derivation);
    }
    Ok(ExitCode::SUCCESS)
}

/// `d/dx`, `d²/dx²`, …; `∂/∂x`, `∂²/∂x²`, … for a function of several variables (`partial`),
/// as the steps write it.
fn operator(var: &str, partial: bool, order: usize) -> String {
    const SUP: [&str; 9] = ["", "", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸"];
    let n = SUP.get(order).copied().unwrap_or("");
    let d = if partial { "∂" } else { "d" };
    format!("{d}{n}/{d}{var}{n}")
}

/// The derivation as text: the function typeset as the steps typeset it, then the steps.
fn print_text(function: &Function, var: &str, partial: bool, order: usize, d: &Derivation) {
    let operator = |order| operator(var, partial, order);
    let f = function.pretty();
    if f.contains([' ', '·', '/', '^']) {
        println!("{} ({f})", operator(order));
    } else {
        println!("{} {f}", operator(order));
    }
    let width = d.steps.len().to_string().len();
    let mut round = 0;
    for (k, s) in d.steps.iter().enumerate() {
        if s.round != round {
            round = s.round;
            if order > 1 {
                println!();
                println!("Derivative {round}:");
            } else {
                println!();
            }
        }
        println!(
            "{:>width$}. {}{}",
            k + 1,
            "  ".repeat(s.depth),
            s.text,
            width = width
        );
    }
    println!();
    println!("{} = {}", operator(order), d.pretty);
}
