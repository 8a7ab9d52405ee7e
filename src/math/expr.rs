//! [`Expr`]: a parsed, checked and compiled expression.

use super::ast::{self, Node};
use super::compile::{compile, Compiled};
use super::error::{ParseError, ParseErrorKind, Span};
use super::names::Names;
use super::{lexer, parser, Scope, MAX_LEN};
use std::fmt;

/// An expression as understood in one [`Scope`]: compile once, evaluate many times.
/// Two expressions are equal when they were understood the same way in equal scopes.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    root: Node,
    names: Names,
    params: Vec<f64>,
    compiled: Compiled,
    nvars: usize,
}

impl Expr {
    /// Reads `src` in `scope`. Errors carry a character span to underline.
    pub fn parse(src: &str, scope: &Scope) -> Result<Expr, ParseError> {
        let len = src.chars().count();
        if len > MAX_LEN {
            return Err(ParseError::new(
                ParseErrorKind::TooLong,
                Span::new(MAX_LEN, len),
                format!("the answer is too long: {len} characters, and the limit is {MAX_LEN}"),
            ));
        }
        let tokens = lexer::lex(src)?;
        if tokens.is_empty() {
            return Err(ParseError::new(
                ParseErrorKind::Empty,
                Span::new(0, len),
                "the answer is empty",
            ));
        }
        let names = Names::new(scope);
        let root = parser::parse(tokens, &names, len)?;
        let params: Vec<f64> = scope.params.iter().map(|(_, v)| *v).collect();
        let compiled = compile(&root, &params)
            .map_err(|m| ParseError::new(ParseErrorKind::Syntax, Span::new(0, len), m))?;
        Ok(Expr {
            root,
            names,
            params,
            compiled,
            nvars: scope.vars.len(),
        })
    }

    /// Evaluates with the scope's variables in order. NaN when `vars` has the wrong length,
    /// when the expression needs data (`sum`, `prod`, `mean`), or when anything fails.
    pub fn eval(&self, vars: &[f64]) -> f64 {
        if vars.len() != self.nvars {
            return f64::NAN;
        }
        self.compiled.eval(vars)
    }

    /// Evaluates with data: `columns[i]` is the column named `scope.columns[i]`, all of the same
    /// length. `sum` of no rows is 0, `prod` is 1, `mean` is NaN.
    pub fn eval_data(&self, vars: &[f64], columns: &[Vec<f64>]) -> f64 {
        if vars.len() != self.nvars {
            return f64::NAN;
        }
        if !self.compiled.aggs.is_empty() && columns.len() != self.names.columns.len() {
            return f64::NAN;
        }
        self.compiled.eval_data(vars, columns)
    }

    /// What was understood, for a student: `3·x⁴ − 5·x² + 2·x`, `1/(2·x)`, `σ(x)·(1 − σ(x))`.
    /// It reads back through [`Expr::parse`] (same scope) to the same values.
    pub fn preview(&self) -> String {
        ast::preview(&self.root, &self.names, &self.params)
    }

    /// A strict, fully parenthesised ASCII spelling (`((3*(x^4))-(5*(x^2)))`) that
    /// [`Expr::parse`] reads back (same scope) to the same values.
    pub fn strict(&self) -> String {
        ast::strict(&self.root, &self.names, &self.params)
    }

    /// Whether variable `i` (in scope order) appears anywhere, aggregates included.
    pub fn uses_var(&self, i: usize) -> bool {
        let mut found = false;
        self.root
            .visit(&mut |n| found |= matches!(n, Node::Var(j) if *j == i));
        found
    }

    /// The indices of the variables that appear, sorted, without repeats.
    pub fn vars_used(&self) -> Vec<usize> {
        (0..self.nvars).filter(|&i| self.uses_var(i)).collect()
    }

    /// Whether the expression uses `sum(...)`, `prod(...)` or `mean(...)`.
    pub fn has_aggregates(&self) -> bool {
        !self.compiled.aggs.is_empty()
    }

    /// True when the value depends on no variable and no data.
    pub fn is_constant(&self) -> bool {
        self.vars_used().is_empty() && !self.has_aggregates()
    }

    /// The number of variables `eval` expects.
    pub fn var_count(&self) -> usize {
        self.nvars
    }

    /// The understood tree, the scope's names and the named constants' values, for the
    /// symbolic module (which builds its own tree from them).
    pub(crate) fn parts(&self) -> (&Node, &Names, &[f64]) {
        (&self.root, &self.names, &self.params)
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.preview())
    }
}

/// Parses and evaluates an expression with no free variables (`1/4`, `pi^2`, `e`).
/// The scope's variables are not available; its named constants are.
pub fn eval_constant(src: &str, scope: &Scope) -> Result<f64, ParseError> {
    let scope = Scope {
        vars: Vec::new(),
        ..scope.clone()
    };
    Ok(Expr::parse(src, &scope)?.eval(&[]))
}
