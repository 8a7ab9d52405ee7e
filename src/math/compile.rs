//! The only place that touches meval: the syntax tree is written out as fully parenthesised
//! meval text (which we generate, so it is always well-formed), compiled once, and evaluated
//! with positional variables.
//!
//! Names given to meval: `v3` is the scope's fourth variable, `c1` the second data column (the
//! current row), `a0` the first aggregate's value, `k2` a named constant that has no literal
//! spelling (NaN). Finite named constants, `pi` and `e` are baked in as exact literals.
//! Looking a name up parses its index from the text: no hashing per evaluation.

use super::ast::{fmt_num, Node};
use super::functions::{Aggregate, Func};
use std::fmt::Write;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Compiled {
    pub main: meval::Expr,
    /// Each aggregate's kind and body, in the order of their `a<i>` names.
    pub aggs: Vec<(Aggregate, meval::Expr)>,
    /// Values for the `k<i>` names.
    pub consts: Vec<f64>,
}

struct State<'a> {
    params: &'a [f64],
    consts: Vec<f64>,
    aggs: Vec<(Aggregate, meval::Expr)>,
}

pub(crate) fn compile(node: &Node, params: &[f64]) -> Result<Compiled, String> {
    let mut st = State {
        params,
        consts: Vec::new(),
        aggs: Vec::new(),
    };
    let text = render(node, &mut st)?;
    let main = text
        .parse::<meval::Expr>()
        .map_err(|e| format!("internal error compiling {text}: {e}"))?;
    Ok(Compiled {
        main,
        aggs: st.aggs,
        consts: st.consts,
    })
}

fn render(node: &Node, st: &mut State) -> Result<String, String> {
    let mut out = String::new();
    write(node, st, &mut out)?;
    Ok(out)
}

fn write(node: &Node, st: &mut State, out: &mut String) -> Result<(), String> {
    match node {
        Node::Num(x) => out.push_str(&fmt_num(*x)),
        Node::Var(i) => {
            let _ = write!(out, "v{i}");
        }
        Node::Param(i) => {
            let v = st.params.get(*i).copied().unwrap_or(f64::NAN);
            if v.is_nan() {
                let _ = write!(out, "k{}", st.consts.len());
                st.consts.push(v);
            } else {
                out.push_str(&fmt_num(v));
            }
        }
        Node::Column(i) => {
            let _ = write!(out, "c{i}");
        }
        Node::Pi => out.push_str(&fmt_num(std::f64::consts::PI)),
        Node::E => out.push_str(&fmt_num(std::f64::consts::E)),
        Node::Neg(a) => {
            out.push_str("(-");
            write(a, st, out)?;
            out.push(')');
        }
        Node::Sum(v) | Node::Product(v) => {
            let ops = if matches!(node, Node::Sum(_)) {
                ['+', '-']
            } else {
                ['*', '/']
            };
            out.push('(');
            for (k, (inv, n)) in v.iter().enumerate() {
                if k > 0 {
                    out.push(ops[usize::from(*inv)]);
                }
                write(n, st, out)?;
            }
            out.push(')');
        }
        Node::Implicit(v) => {
            out.push('(');
            for (k, n) in v.iter().enumerate() {
                if k > 0 {
                    out.push('*');
                }
                write(n, st, out)?;
            }
            out.push(')');
        }
        Node::Pow(a, b) => {
            out.push('(');
            write(a, st, out)?;
            out.push('^');
            write(b, st, out)?;
            out.push(')');
        }
        Node::Call(f, args) => {
            out.push_str(f.name());
            out.push('(');
            for (k, a) in args.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                write(a, st, out)?;
            }
            out.push(')');
        }
        Node::Agg(kind, body) => {
            // Bodies never contain aggregates (the parser refuses nesting), so this recursion
            // is one level deep.
            let text = render(body, st)?;
            let compiled = text
                .parse::<meval::Expr>()
                .map_err(|e| format!("internal error compiling {text}: {e}"))?;
            let _ = write!(out, "a{}", st.aggs.len());
            st.aggs.push((*kind, compiled));
        }
    }
    Ok(())
}

/// What meval sees while evaluating: positional values, looked up by index.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub vars: &'a [f64],
    pub consts: &'a [f64],
    pub aggs: &'a [f64],
    pub cols: &'a [Vec<f64>],
    pub row: usize,
}

#[inline]
fn index(digits: &[u8]) -> Option<usize> {
    let mut i = 0usize;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        i = i.checked_mul(10)?.checked_add(usize::from(d - b'0'))?;
    }
    Some(i)
}

impl meval::ContextProvider for Ctx<'_> {
    #[inline]
    fn get_var(&self, name: &str) -> Option<f64> {
        let (&kind, digits) = name.as_bytes().split_first()?;
        let i = index(digits)?;
        match kind {
            b'v' => self.vars.get(i).copied(),
            b'k' => self.consts.get(i).copied(),
            b'a' => self.aggs.get(i).copied(),
            b'c' => self.cols.get(i)?.get(self.row).copied(),
            _ => None,
        }
    }

    #[inline]
    fn eval_func(&self, name: &str, args: &[f64]) -> Result<f64, meval::FuncEvalError> {
        Func::from_name(name)
            .and_then(|f| f.apply(args))
            .ok_or(meval::FuncEvalError::UnknownFunction)
    }
}

impl Compiled {
    /// Evaluates with no data: NaN when the expression has aggregates or anything fails.
    pub(crate) fn eval(&self, vars: &[f64]) -> f64 {
        if !self.aggs.is_empty() {
            return f64::NAN;
        }
        let ctx = Ctx {
            vars,
            consts: &self.consts,
            aggs: &[],
            cols: &[],
            row: 0,
        };
        self.main.eval_with_context(ctx).unwrap_or(f64::NAN)
    }

    /// Evaluates each aggregate over the rows, then the whole expression.
    pub(crate) fn eval_data(&self, vars: &[f64], cols: &[Vec<f64>]) -> f64 {
        if self.aggs.is_empty() {
            return self.eval(vars);
        }
        let rows = cols.first().map_or(0, Vec::len);
        if cols.iter().any(|c| c.len() != rows) {
            return f64::NAN;
        }
        let mut values = Vec::with_capacity(self.aggs.len());
        for (kind, body) in &self.aggs {
            let mut acc = match kind {
                Aggregate::Prod => 1.0,
                Aggregate::Sum | Aggregate::Mean => 0.0,
            };
            for row in 0..rows {
                let ctx = Ctx {
                    vars,
                    consts: &self.consts,
                    aggs: &[],
                    cols,
                    row,
                };
                let Ok(v) = body.eval_with_context(ctx) else {
                    return f64::NAN;
                };
                match kind {
                    Aggregate::Prod => acc *= v,
                    Aggregate::Sum | Aggregate::Mean => acc += v,
                }
            }
            if *kind == Aggregate::Mean {
                acc = if rows == 0 {
                    f64::NAN
                } else {
                    acc / rows as f64
                };
            }
            values.push(acc);
        }
        let ctx = Ctx {
            vars,
            consts: &self.consts,
            aggs: &values,
            cols: &[],
            row: 0,
        };
        self.main.eval_with_context(ctx).unwrap_or(f64::NAN)
    }
}
