//! TEMPORARY minimal implementation of the answer-language contract: strict meval syntax only.
//! The answer-language work replaces this file with the real lexer/parser/preview.

use super::Scope;
use std::fmt;

/// A character range `[start, end)` in the text that was parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    Empty,
    TooLong,
    Syntax,
    UnknownName,
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub kind: ParseErrorKind,
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct Expr {
    src: String,
    meval: meval::Expr,
    names: Vec<String>,
    consts: Vec<f64>,
    nvars: usize,
}

struct Ctx<'a> {
    names: &'a [String],
    consts: &'a [f64],
    vars: &'a [f64],
}

impl meval::ContextProvider for Ctx<'_> {
    fn get_var(&self, name: &str) -> Option<f64> {
        let i = self.names.iter().position(|n| n == name)?;
        if i < self.vars.len() {
            Some(self.vars[i])
        } else {
            self.consts.get(i - self.vars.len()).copied()
        }
    }
    fn eval_func(&self, name: &str, args: &[f64]) -> Result<f64, meval::FuncEvalError> {
        let one = |f: fn(f64) -> f64| match args {
            [x] => Ok(f(*x)),
            _ => Err(meval::FuncEvalError::NumberArgs(1)),
        };
        match name {
            "sin" => one(f64::sin),
            "cos" => one(f64::cos),
            "tan" => one(f64::tan),
            "exp" => one(f64::exp),
            "ln" => one(f64::ln),
            "log10" => one(f64::log10),
            "sqrt" => one(f64::sqrt),
            "abs" => one(f64::abs),
            "sigmoid" => one(|x| 1.0 / (1.0 + (-x).exp())),
            _ => Err(meval::FuncEvalError::UnknownFunction),
        }
    }
}

impl Expr {
    pub fn parse(src: &str, scope: &Scope) -> Result<Expr, ParseError> {
        let err = |kind, message: String| ParseError {
            kind,
            span: Span {
                start: 0,
                end: src.chars().count(),
            },
            message,
        };
        if src.trim().is_empty() {
            return Err(err(ParseErrorKind::Empty, "the answer is empty".into()));
        }
        let meval: meval::Expr = src
            .parse()
            .map_err(|e: meval::Error| err(ParseErrorKind::Syntax, e.to_string()))?;
        let mut names = scope.vars.clone();
        let mut consts = Vec::new();
        for (n, v) in &scope.params {
            names.push(n.clone());
            consts.push(*v);
        }
        for (n, v) in [("pi", std::f64::consts::PI), ("e", std::f64::consts::E)] {
            if !names.iter().any(|x| x == n) {
                names.push(n.to_string());
                consts.push(v);
            }
        }
        let e = Expr {
            src: src.to_string(),
            meval,
            names,
            consts,
            nvars: scope.vars.len(),
        };
        let probe = vec![0.5; e.nvars];
        if let Err(x) = e.meval.eval_with_context(e.ctx(&probe)) {
            return Err(err(ParseErrorKind::UnknownName, x.to_string()));
        }
        Ok(e)
    }

    fn ctx<'a>(&'a self, vars: &'a [f64]) -> Ctx<'a> {
        Ctx {
            names: &self.names,
            consts: &self.consts,
            vars,
        }
    }

    pub fn eval(&self, vars: &[f64]) -> f64 {
        if vars.len() != self.nvars {
            return f64::NAN;
        }
        self.meval
            .eval_with_context(self.ctx(vars))
            .unwrap_or(f64::NAN)
    }

    pub fn eval_data(&self, vars: &[f64], _columns: &[Vec<f64>]) -> f64 {
        self.eval(vars)
    }

    pub fn preview(&self) -> String {
        self.src.clone()
    }

    pub fn strict(&self) -> String {
        self.src.clone()
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.preview())
    }
}

/// Parses and evaluates an expression with no free variables (`1/4`, `pi^2`, `e`).
pub fn eval_constant(src: &str, scope: &Scope) -> Result<f64, ParseError> {
    let scope = Scope {
        vars: Vec::new(),
        ..scope.clone()
    };
    Ok(Expr::parse(src, &scope)?.eval(&[]))
}
