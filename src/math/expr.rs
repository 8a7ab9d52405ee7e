//! [`Expr`]: a parsed, checked and compiled expression.

use super::ast::{self, Node};
use super::compile::{compile, compile_with, reference, Compiled, Reference};
use super::error::{ParseError, ParseErrorKind, Span};
use super::names::Names;
use super::program::Options;
use super::{lexer, parser, Scope, MAX_LEN};
use std::fmt;
use std::sync::{Arc, OnceLock};

/// An expression as understood in one [`Scope`]: compile once, evaluate many times.
/// Two expressions are equal when they were understood the same way in equal scopes.
/// Cloning is cheap (the parsed and compiled expression is shared), so a formula parsed once
/// can be handed from the loader to the prepared question and on to the checker.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr(Arc<Parsed>);

#[derive(Clone, Debug, PartialEq)]
struct Parsed {
    root: Node,
    /// Shared by the expressions read in scopes of the same names ([`Names::shared`]).
    names: Arc<Names>,
    /// The named constants' values.
    params: Vec<f64>,
    nvars: usize,
    /// The program, compiled the first time the expression is evaluated (meval parses the text
    /// the tree is written as, its tokens compile to our program): a loader keeps thousands of
    /// parses that only a checker, later, evaluates. Compiling cannot fail after a parse (the
    /// text is generated, and meval reads it, as a test of thousands of random expressions
    /// confirms); were it to, the expression would evaluate to NaN everywhere.
    compiled: Lazy<Compiled>,
    /// Meval's reading, built the first time the reference is asked for.
    reference: Lazy<Option<Reference>>,
}

impl Parsed {
    /// `self` with another tree and program (the same names and constants), its reference
    /// built anew when asked for.
    fn with(&self, root: Node, compiled: Compiled) -> Parsed {
        Parsed {
            root,
            names: Arc::clone(&self.names),
            params: self.params.clone(),
            nvars: self.nvars,
            compiled: Lazy(OnceLock::from(compiled)),
            reference: Lazy::default(),
        }
    }

    #[inline]
    fn compiled(&self) -> &Compiled {
        match self.compiled.0.get() {
            Some(compiled) => compiled,
            None => self.compile(),
        }
    }

    /// The first evaluation's compile, out of the way of every later evaluation.
    #[cold]
    #[inline(never)]
    fn compile(&self) -> &Compiled {
        self.compiled.0.get_or_init(|| {
            compile(&self.root, &self.params).unwrap_or_else(|_| Compiled::failing())
        })
    }

    fn reference(&self) -> Option<&Reference> {
        self.reference
            .0
            .get_or_init(|| reference(&self.root, &self.params).ok())
            .as_ref()
    }
}

/// A value computed on demand from the rest of an expression: not part of what it is (equal
/// whether computed or not).
#[derive(Clone, Debug)]
struct Lazy<T>(OnceLock<T>);

impl<T> Default for Lazy<T> {
    fn default() -> Self {
        Lazy(OnceLock::new())
    }
}

impl<T> PartialEq for Lazy<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
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
        let names = Names::shared(scope);
        let root = parser::parse(tokens, &names, len)?;
        let params: Vec<f64> = scope.params.iter().map(|(_, v)| *v).collect();
        Ok(Expr(Arc::new(Parsed {
            root,
            names,
            params,
            nvars: scope.vars.len(),
            compiled: Lazy::default(),
            reference: Lazy::default(),
        })))
    }

    /// Evaluates with the scope's variables in order. NaN when `vars` has the wrong length,
    /// when the expression needs data (`sum`, `prod`, `mean`), or when anything fails.
    pub fn eval(&self, vars: &[f64]) -> f64 {
        if vars.len() != self.0.nvars {
            return f64::NAN;
        }
        self.0.compiled().eval(vars)
    }

    /// Evaluates with data: `columns[i]` is the column named `scope.columns[i]`, all of the same
    /// length. `sum` of no rows is 0, `prod` is 1, `mean` is NaN.
    pub fn eval_data(&self, vars: &[f64], columns: &[Vec<f64>]) -> f64 {
        if vars.len() != self.0.nvars {
            return f64::NAN;
        }
        if !self.0.compiled().aggs.is_empty() && columns.len() != self.0.names.columns.len() {
            return f64::NAN;
        }
        self.0.compiled().eval_data(vars, columns)
    }

    /// Evaluates at many points at once: `vars[i]` holds the values of variable `i` (scope
    /// order) at every point, and `out[j]` receives the value at point `j`: what [`Expr::eval`]
    /// gives there, except that a batch computes `sin`, `cos`, `exp`, `ln`, `σ` and `e^x` (`2^x`,
    /// `10^x`) with vectorised kernels, each within one unit in the last place of glibc's (σ
    /// three), NaN and infinity exactly where glibc gives them (docs/answer-language.md). Every
    /// point is NaN when `vars` has the wrong length, a column's length differs from `out`'s, or
    /// the expression needs data.
    pub fn eval_batch(&self, vars: &[&[f64]], out: &mut [f64]) {
        if vars.len() != self.0.nvars || vars.iter().any(|c| c.len() != out.len()) {
            return out.fill(f64::NAN);
        }
        self.0.compiled().eval_batch(vars, out);
    }

    /// [`Expr::eval_batch`] with data (as [`Expr::eval_data`] at each point).
    pub fn eval_data_batch(&self, vars: &[&[f64]], columns: &[Vec<f64>], out: &mut [f64]) {
        if vars.len() != self.0.nvars || vars.iter().any(|c| c.len() != out.len()) {
            return out.fill(f64::NAN);
        }
        if !self.0.compiled().aggs.is_empty() && columns.len() != self.0.names.columns.len() {
            return out.fill(f64::NAN);
        }
        self.0.compiled().eval_data_batch(vars, columns, out);
    }

    /// Evaluates at each of `points` (each one value per variable, as [`Expr::eval`] takes
    /// them) in one batch.
    pub fn eval_points(&self, points: &[Vec<f64>]) -> Vec<f64> {
        let mut out = vec![0.0; points.len()];
        if points.iter().any(|p| p.len() != self.0.nvars) {
            out.fill(f64::NAN);
            return out;
        }
        let columns: Vec<Vec<f64>> = (0..self.0.nvars)
            .map(|i| points.iter().map(|p| p[i]).collect())
            .collect();
        let columns: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
        self.eval_batch(&columns, &mut out);
        out
    }

    /// Meval's own interpreter on the same expression: slower, and kept as the reference the
    /// evaluator is tested against. Equal to [`Expr::eval`] except where an integer power
    /// computed by multiplication differs from `powf` in the last bits.
    pub fn eval_reference(&self, vars: &[f64]) -> f64 {
        if vars.len() != self.0.nvars {
            return f64::NAN;
        }
        self.0
            .reference()
            .map_or(f64::NAN, |r| r.eval_reference(vars))
    }

    /// [`Expr::eval_reference`] with data (meval's reading of [`Expr::eval_data`]).
    pub fn eval_data_reference(&self, vars: &[f64], columns: &[Vec<f64>]) -> f64 {
        if vars.len() != self.0.nvars {
            return f64::NAN;
        }
        if self.has_aggregates() && columns.len() != self.0.names.columns.len() {
            return f64::NAN;
        }
        self.0
            .reference()
            .map_or(f64::NAN, |r| r.eval_data_reference(vars, columns))
    }

    /// The same expression evaluated with every power computed by `powf`, as meval does, so
    /// that its values equal [`Expr::eval_reference`]'s bit for bit. For the differential tests
    /// and the fuzz target.
    #[doc(hidden)]
    pub fn with_powf(&self) -> Expr {
        let exact = Options { fast_powers: false };
        match compile_with(&self.0.root, &self.0.params, exact) {
            Ok(compiled) => Expr(Arc::new(self.0.with(self.0.root.clone(), compiled))),
            Err(_) => self.clone(),
        }
    }

    /// The same expression with every natural and base-10 logarithm exchanged (`log`
    /// included, whatever the scope made it): what the formula gives when computed with the
    /// other logarithm, to recognise a value a student computed that way. Compiled anew from
    /// the tree (the student's text is not read again).
    pub fn with_logs_swapped(&self) -> Expr {
        let root = self.0.root.logs_swapped();
        match compile(&root, &self.0.params) {
            Ok(compiled) => Expr(Arc::new(self.0.with(root, compiled))),
            Err(_) => self.clone(),
        }
    }

    /// What was understood, for a student: `3·x⁴ − 5·x² + 2·x`, `1/(2·x)`, `σ(x)·(1 − σ(x))`.
    /// It reads back through [`Expr::parse`] (same scope) to the same values.
    pub fn preview(&self) -> String {
        ast::preview(&self.0.root, &self.0.names, &self.0.params)
    }

    /// A strict, fully parenthesised ASCII spelling (`((3*(x^4))-(5*(x^2)))`) that
    /// [`Expr::parse`] reads back (same scope) to the same values.
    pub fn strict(&self) -> String {
        ast::strict(&self.0.root, &self.0.names, &self.0.params)
    }

    /// Whether variable `i` (in scope order) appears anywhere, aggregates included.
    pub fn uses_var(&self, i: usize) -> bool {
        let mut found = false;
        self.0
            .root
            .visit(&mut |n| found |= matches!(n, Node::Var(j) if *j == i));
        found
    }

    /// Whether data column `i` (in scope order) appears, inside an aggregate.
    pub fn uses_column(&self, i: usize) -> bool {
        let mut found = false;
        self.0
            .root
            .visit(&mut |n| found |= matches!(n, Node::Column(j) if *j == i));
        found
    }

    /// The indices of the variables that appear, sorted, without repeats.
    pub fn vars_used(&self) -> Vec<usize> {
        (0..self.0.nvars).filter(|&i| self.uses_var(i)).collect()
    }

    /// Whether the expression uses `sum(...)`, `prod(...)` or `mean(...)`.
    pub fn has_aggregates(&self) -> bool {
        let mut found = false;
        self.0
            .root
            .visit(&mut |n| found |= matches!(n, Node::Agg(..)));
        found
    }

    /// True when the value depends on no variable and no data.
    pub fn is_constant(&self) -> bool {
        self.vars_used().is_empty() && !self.has_aggregates()
    }

    /// Whether this expression was read in a scope equal to `scope` (the same variables, named
    /// constants and their values, data columns and `log`), so that reading its text in
    /// `scope` gives this expression again.
    pub fn read_in(&self, scope: &Scope) -> bool {
        self.0.nvars == scope.vars.len()
            && self.0.names.is_for(scope)
            && self
                .0
                .params
                .iter()
                .zip(&scope.params)
                .all(|(a, (_, b))| a == b)
    }

    /// Whether `self` and `other` are one parse (clones of the same [`Expr::parse`] result),
    /// not merely equal: how a test sees that a formula was parsed once.
    pub fn same_parse(&self, other: &Expr) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// The number of variables `eval` expects.
    pub fn var_count(&self) -> usize {
        self.0.nvars
    }

    /// The understood tree, the scope's names and the named constants' values, for the
    /// symbolic module (which builds its own tree from them).
    pub(crate) fn parts(&self) -> (&Node, &Names, &[f64]) {
        (&self.0.root, &self.0.names, &self.0.params)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::LogBase;

    /// `read_in` is equality of the scope read in: what the loader's kept parses are found by.
    #[test]
    fn an_expression_knows_the_scope_it_was_read_in() {
        let scope = Scope::new(&["x", "y"])
            .with_params(&[("w".to_string(), 0.5)])
            .with_columns(&["u"]);
        let Ok(e) = Expr::parse("w x + y", &scope) else {
            panic!("the formula must parse");
        };
        assert!(e.read_in(&scope));
        assert!(e.read_in(&scope.clone()));
        for other in [
            Scope::new(&["x"])
                .with_params(&scope.params)
                .with_columns(&["u"]),
            Scope::new(&["x", "z"])
                .with_params(&scope.params)
                .with_columns(&["u"]),
            scope.clone().with_params(&[("w".to_string(), 0.25)]),
            scope.clone().with_params(&[("v".to_string(), 0.5)]),
            scope.clone().with_params(&[]),
            scope.clone().with_columns(&["t"]),
            scope.clone().with_log(LogBase::Log10),
        ] {
            assert_ne!(other, scope);
            assert!(!e.read_in(&other), "{other:?}");
        }
    }
}
