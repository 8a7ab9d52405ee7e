//! The free names of a formula: what it names that the scope does not know (not a function, a
//! constant, a parameter or a data column), in order of first appearance, as SymPy's
//! `free_symbols` would list them. An exercise that leaves out `vars` has these as variables.

use super::error::{ParseError, ParseErrorKind, Span};
use super::lexer::{lex, Tok, Token};
use super::names::{Meaning, Names};
use super::{Scope, MAX_LEN};

/// The names of `src` that `scope` does not know, in order of first appearance.
///
/// A run of letters is one name (`theta`, `rate`), except that it is a product of single
/// letters when one of its letters is a variable on its own: in `x^2 + xy`, or with
/// `letters = ["x"]` (the `var` of a derivative), `xy` is x·y, as the parser reads a student's
/// `2xy`. A name right before `(` is left out: there it reads as a call, so an unknown one is a
/// misspelled function, which parsing reports. Errors are those of the lexer; everything else
/// is left to [`super::Expr::parse`].
pub fn free_names(src: &str, scope: &Scope, letters: &[String]) -> Result<Vec<String>, ParseError> {
    let len = src.chars().count();
    if len > MAX_LEN {
        return Err(ParseError::new(
            ParseErrorKind::TooLong,
            Span::new(MAX_LEN, len),
            format!("the formula is too long: {len} characters, and the limit is {MAX_LEN}"),
        ));
    }
    let tokens = lex(src)?;
    let runs: Vec<&str> = tokens
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match &t.tok {
            Tok::Ident(run) if !called(&tokens, i) => Some(run.as_str()),
            _ => None,
        })
        .collect();
    // Single letters that are variables on their own: evidence that `xy` is x·y.
    let base = Names::shared(scope);
    let single = |c: char| {
        let c = c.to_string();
        letters.contains(&c)
            || scope.vars.contains(&c)
            || (runs.contains(&c.as_str()) && base.get(&c).is_none())
    };
    let mut found: Vec<String> = Vec::new();
    for run in &runs {
        if known(scope, &found, run) {
            continue;
        }
        let split = run.chars().count() > 1
            && run.chars().all(|c| c.is_ascii_alphabetic())
            && run.chars().any(single);
        if split {
            for c in run.chars() {
                if !known(scope, &found, &c.to_string()) {
                    found.push(c.to_string());
                }
            }
        } else {
            found.push((*run).to_string());
        }
    }
    // A run found before its parts were (`xy` ahead of `y`) is a product of them after all.
    while let Some(k) = (0..found.len()).find(|&k| {
        let others: Vec<String> = found
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .map(|(_, n)| n.clone())
            .collect();
        known(scope, &others, &found[k])
    }) {
        found.remove(k);
    }
    // In order of first appearance, parts of split runs included.
    let with = scope_with(scope, &found);
    let names = Names::shared(&with);
    let mut order: Vec<String> = Vec::new();
    let first = scope.vars.len();
    for run in &runs {
        let parts: Vec<usize> = match names.get(run) {
            Some(r) => r.meaning.into_iter().filter_map(var_index).collect(),
            None => names
                .split(run)
                .into_iter()
                .flatten()
                .filter_map(|(_, _, r)| r.meaning.and_then(var_index))
                .collect(),
        };
        for i in parts.into_iter().filter(|&i| i >= first) {
            let name = &with.vars[i];
            if !order.contains(name) {
                order.push(name.clone());
            }
        }
    }
    Ok(order)
}

fn var_index(m: Meaning) -> Option<usize> {
    match m {
        Meaning::Var(i) => Some(i),
        _ => None,
    }
}

/// Whether the token after `i` opens a parenthesis.
fn called(tokens: &[Token], i: usize) -> bool {
    matches!(tokens.get(i + 1).map(|t| &t.tok), Some(Tok::Open(_)))
}

fn scope_with(scope: &Scope, extra: &[String]) -> Scope {
    let mut s = scope.clone();
    s.vars.extend(extra.iter().cloned());
    s
}

/// Whether `run` means something (whole or split into names) with `extra` as variables too.
fn known(scope: &Scope, extra: &[String], run: &str) -> bool {
    let names = Names::shared(&scope_with(scope, extra));
    names.get(run).is_some() || names.split(run).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn free(src: &str, scope: &Scope) -> Vec<String> {
        free_names(src, scope, &[]).unwrap()
    }

    #[test]
    fn free_names_in_order_of_first_appearance() {
        let none = Scope::default();
        assert_eq!(free("y*x^2 + sin(y) + e^z + pi", &none), ["y", "x", "z"]);
        assert_eq!(free("xy + y^2", &none), ["x", "y"]);
        assert_eq!(free("x^2 + xy", &none), ["x", "y"]);
        assert_eq!(free("rate*x + e", &none), ["rate", "x"]);
        let by_x = free_names("xy", &none, &["x".to_string()]).unwrap();
        assert_eq!(by_x, ["x", "y"]);
        assert_eq!(free("theta^2 + alpha", &none), ["theta", "alpha"]);
        // Known names are not free: parameters, and the scope's own variables.
        let s = Scope::new(&["x"]).with_params(&[("w".to_string(), 2.0)]);
        assert_eq!(free("w*x + b", &s), ["b"]);
        // An unknown name before `(` is a misspelled function, not a variable.
        assert_eq!(free("sigmod(x) + q", &none), ["x", "q"]);
    }
}
