//! The formulas the loader parsed, kept with the exercise so that preparing its question does
//! not parse them again (issue 9: every formula is parsed once per question).

use crate::math::{Expr, ParseError, Scope};
use std::fmt;
use std::sync::Arc;

/// Formulas parsed while an exercise was read, each with its text (the scope it was read in
/// is the expression's own: [`Expr::read_in`]). The loader checks every formula by parsing it; [`ParsedFormulas::parse`] hands that
/// parse to whoever reads the same text in the same scope later (the prepared question), and
/// parses anything else. Cloning is cheap (shared).
///
/// Not part of what an exercise says: two exercises are equal whatever formulas they carry
/// (an exercise built in code carries none and gives the same question).
#[derive(Clone, Default)]
pub struct ParsedFormulas(Arc<[(String, Expr)]>);

impl ParsedFormulas {
    pub(crate) fn new(parsed: Vec<(String, Expr)>) -> Self {
        ParsedFormulas(parsed.into())
    }

    /// The loader's parse of `text` in `scope`, if it made one.
    pub fn get(&self, text: &str, scope: &Scope) -> Option<&Expr> {
        self.0
            .iter()
            .find(|(t, e)| t == text && e.read_in(scope))
            .map(|(_, e)| e)
    }

    /// `text` read in `scope`: the loader's parse when there is one (the same tree and program
    /// `Expr::parse` would give, since parsing depends on nothing else), else parsed now.
    pub fn parse(&self, text: &str, scope: &Scope) -> Result<Expr, ParseError> {
        match self.get(text, scope) {
            Some(e) => Ok(e.clone()),
            None => Expr::parse(text, scope),
        }
    }

    /// Whether `expr` is one of the kept parses (not a new parse of the same text).
    pub fn holds(&self, expr: &Expr) -> bool {
        self.0.iter().any(|(_, e)| e.same_parse(expr))
    }

    /// How many formulas are kept.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl PartialEq for ParsedFormulas {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for ParsedFormulas {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ParsedFormulas({} formulas)", self.0.len())
    }
}
