//! The only place that touches meval, and where a syntax tree becomes a [`Program`] for our own
//! evaluator (`program`): meval parses, our evaluator runs.
//!
//! The tree (which our own parser built from the user's text, with spans for its errors) is
//! written out as meval text with the fewest parentheses that keep its grouping ([`reference`]),
//! meval parses that text, and its reverse Polish tokens (`meval::Expr` dereferences to them)
//! compile to a program ([`compile_with`]). The text is generated, so meval always reads it;
//! meval never sees what a user typed. This happens once per expression, at its first
//! evaluation (`expr.rs`), and meval's reading is dropped once compiled: kept, it would be built
//! again on demand as the reference our evaluator is tested against (meval's own interpreter,
//! `eval_with_context`).
//!
//! Names given to meval: `v3` is the scope's fourth variable, `c1` the second data column (the
//! current row), `a0` the first aggregate's value, `k2` a named constant that has no literal
//! spelling (NaN). Finite named constants, `pi` and `e` are baked in as exact literals.
//! Looking a name up parses its index from the text: no hashing per evaluation.

use super::ast::{fmt_num, Node};
use super::functions::{Aggregate, Func};
use super::program::{BinOp, Builder, Input, Options, Program, Source};
use std::fmt::Write;

/// An expression compiled for our evaluator: the main program, and each aggregate's body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Compiled {
    /// Each aggregate's kind, in the order of their values (`Input::Agg(i)`).
    pub aggs: Vec<Aggregate>,
    /// The whole expression, reading each aggregate's value as an input.
    program: Program,
    /// Each aggregate's body, reading the data columns row by row.
    bodies: Vec<Program>,
}

/// Meval's reading of an expression: the tree written out as meval text and parsed by meval,
/// each aggregate's body apart. Its tokens are what [`compile_with`] compiles; its interpreter is
/// the reference our evaluator is tested against.
#[derive(Clone, Debug)]
pub(crate) struct Reference {
    main: meval::Expr,
    /// Each aggregate's kind and body, in the order of their `a<i>` names.
    aggs: Vec<(Aggregate, meval::Expr)>,
    /// Values for the `k<i>` names.
    consts: Vec<f64>,
}

struct State<'a> {
    params: &'a [f64],
    consts: Vec<f64>,
    aggs: Vec<(Aggregate, meval::Expr)>,
}

/// Compiles the tree for our evaluator, every power as [`Options::default`] computes it.
pub(crate) fn compile(node: &Node, params: &[f64]) -> Result<Compiled, String> {
    compile_with(node, params, Options::default())
}

/// Compiles the tree: meval parses the text the tree is written as, and its tokens compile to
/// our program ([`from_tokens`]).
pub(crate) fn compile_with(node: &Node, params: &[f64], opts: Options) -> Result<Compiled, String> {
    from_tokens(&reference(node, params)?, opts)
}

/// Meval's reading of the tree (see [`Reference`]).
pub(crate) fn reference(node: &Node, params: &[f64]) -> Result<Reference, String> {
    let mut st = State {
        params,
        consts: Vec::new(),
        aggs: Vec::new(),
    };
    let text = render(node, &mut st)?;
    let main = text
        .parse::<meval::Expr>()
        .map_err(|e| format!("internal error compiling {text}: {e}"))?;
    Ok(Reference {
        main,
        aggs: st.aggs,
        consts: st.consts,
    })
}

/// Where a name goes: the main expression sees variables, constants and aggregate values; an
/// aggregate's body sees variables, constants and data columns (as the meval contexts below).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Main,
    Body,
}

/// The program meval's reverse Polish tokens compile to (`meval::Expr` dereferences to them):
/// the main expression's, and each aggregate body's.
fn from_tokens(r: &Reference, opts: Options) -> Result<Compiled, String> {
    let main = program(&r.main, &r.consts, Level::Main, opts)?;
    let bodies = r
        .aggs
        .iter()
        .map(|(_, body)| program(body, &r.consts, Level::Body, opts))
        .collect::<Result<_, _>>()?;
    Ok(Compiled {
        aggs: r.aggs.iter().map(|(kind, _)| *kind).collect(),
        program: main,
        bodies,
    })
}

/// Compiles meval's reverse Polish tokens.
fn program(
    expr: &meval::Expr,
    consts: &[f64],
    level: Level,
    opts: Options,
) -> Result<Program, String> {
    use meval::tokenizer::{Operation, Token};
    let mut b = Builder::new(opts);
    for token in expr.iter() {
        match token {
            Token::Number(x) => b.number(*x),
            Token::Var(name) => match name_of(name) {
                Some((b'k', i)) => match consts.get(i) {
                    Some(&x) => b.number(x),
                    None => b.input(None),
                },
                Some((b'v', i)) => b.input(Some(Input::Var(i))),
                Some((b'c', i)) if level == Level::Body => b.input(Some(Input::Col(i))),
                Some((b'a', i)) if level == Level::Main => b.input(Some(Input::Agg(i))),
                _ => b.input(None),
            },
            Token::Binary(op) => b.binary(match op {
                Operation::Plus => BinOp::Add,
                Operation::Minus => BinOp::Sub,
                Operation::Times => BinOp::Mul,
                Operation::Div => BinOp::Div,
                Operation::Rem => BinOp::Rem,
                Operation::Pow => BinOp::Pow,
            })?,
            Token::Unary(Operation::Minus) => b.neg()?,
            Token::Unary(Operation::Plus) => {}
            Token::Func(name, Some(n)) => b.call(Func::from_name(name), *n)?,
            other => return Err(format!("internal error: unexpected token {other:?}")),
        }
    }
    b.finish()
}

/// `v3` is `(b'v', 3)`.
fn name_of(name: &str) -> Option<(u8, usize)> {
    let (&kind, digits) = name.as_bytes().split_first()?;
    Some((kind, index(digits)?))
}

fn render(node: &Node, st: &mut State) -> Result<String, String> {
    let mut out = String::new();
    write(node, st, &mut out)?;
    Ok(out)
}

/// Writes `node` wrapped in parentheses unless it is `simple` (so it binds tighter than any
/// operator around it).
fn write_operand(
    node: &Node,
    simple: fn(&Node) -> bool,
    st: &mut State,
    out: &mut String,
) -> Result<(), String> {
    if simple(node) {
        write(node, st, out)
    } else {
        out.push('(');
        write(node, st, out)?;
        out.push(')');
        Ok(())
    }
}

/// Nodes that meval reads as one operand anywhere: leaves, calls, aggregates and negations
/// (which are always written with their own parentheses).
fn atomic(node: &Node) -> bool {
    !matches!(
        node,
        Node::Sum(_) | Node::Product(_) | Node::Implicit(_) | Node::Pow(..)
    )
}

/// Operands that may stand bare in a product: everything but sums and products (a power binds
/// tighter than `*` in meval too).
fn factor(node: &Node) -> bool {
    !matches!(node, Node::Sum(_) | Node::Product(_) | Node::Implicit(_))
}

/// Operands that may stand bare in a sum: everything but sums.
fn term(node: &Node) -> bool {
    !matches!(node, Node::Sum(_))
}

/// Writes `node` for meval with the fewest parentheses that keep its exact grouping
/// (meval's own precedence: `+ -` < `* /` < unary `-` < `^`, `^` right-associative).
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
            write_operand(a, atomic, st, out)?;
            out.push(')');
        }
        Node::Sum(v) | Node::Product(v) => {
            let (ops, simple): ([char; 2], fn(&Node) -> bool) = if matches!(node, Node::Sum(_)) {
                (['+', '-'], term)
            } else {
                (['*', '/'], factor)
            };
            for (k, (inv, n)) in v.iter().enumerate() {
                if k > 0 {
                    out.push(ops[usize::from(*inv)]);
                }
                write_operand(n, simple, st, out)?;
            }
        }
        Node::Implicit(v) => {
            for (k, n) in v.iter().enumerate() {
                if k > 0 {
                    out.push('*');
                }
                write_operand(n, factor, st, out)?;
            }
        }
        Node::Pow(a, b) => {
            write_operand(a, atomic, st, out)?;
            out.push('^');
            write_operand(b, atomic, st, out)?;
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
    /// NaN at every point, with or without data.
    pub(crate) fn failing() -> Compiled {
        Compiled {
            aggs: Vec::new(),
            program: Program::failing(),
            bodies: Vec::new(),
        }
    }

    /// Evaluates with no data: NaN when the expression has aggregates or anything fails.
    #[inline]
    pub(crate) fn eval(&self, vars: &[f64]) -> f64 {
        if !self.aggs.is_empty() {
            return f64::NAN;
        }
        self.program.eval(|i| match i {
            Input::Var(i) => vars.get(i).copied(),
            Input::Col(_) | Input::Agg(_) => None,
        })
    }

    /// Evaluates each aggregate over the rows, then the whole expression.
    pub(crate) fn eval_data(&self, vars: &[f64], cols: &[Vec<f64>]) -> f64 {
        if self.aggs.is_empty() {
            return self.eval(vars);
        }
        let Some(rows) = rows(cols) else {
            return f64::NAN;
        };
        let mut buf = vec![0.0; rows];
        let mut values = Vec::with_capacity(self.aggs.len());
        for (k, kind) in self.aggs.iter().enumerate() {
            let Some(v) = self.aggregate(k, *kind, vars, cols, &mut buf) else {
                return f64::NAN;
            };
            values.push(v);
        }
        self.program.eval(|i| match i {
            Input::Var(i) => vars.get(i).copied(),
            Input::Agg(k) => values.get(k).copied(),
            Input::Col(_) => None,
        })
    }

    /// Aggregate `k` at one point: its body over every row in one batch, then the rows folded
    /// in order (as meval's loop adds them). `None` when meval would have failed.
    fn aggregate(
        &self,
        k: usize,
        kind: Aggregate,
        vars: &[f64],
        cols: &[Vec<f64>],
        buf: &mut [f64],
    ) -> Option<f64> {
        let body = self.bodies.get(k)?;
        let ok = body.eval_batch(
            |i| match i {
                Input::Var(i) => vars.get(i).map(|&v| Source::Scalar(v)),
                Input::Col(i) => cols.get(i).map(|c| Source::Column(c)),
                Input::Agg(_) => None,
            },
            buf,
        );
        if !ok && !buf.is_empty() {
            return None;
        }
        let acc = match kind {
            Aggregate::Prod => buf.iter().fold(1.0, |acc, v| acc * v),
            Aggregate::Sum | Aggregate::Mean => buf.iter().fold(0.0, |acc, v| acc + v),
        };
        Some(match kind {
            Aggregate::Mean if buf.is_empty() => f64::NAN,
            Aggregate::Mean => acc / buf.len() as f64,
            _ => acc,
        })
    }

    /// Evaluates at many points: `vars[i]` holds variable `i` at every point, `out` receives
    /// the values. NaN everywhere when the expression has aggregates.
    pub(crate) fn eval_batch(&self, vars: &[&[f64]], out: &mut [f64]) {
        if !self.aggs.is_empty() {
            out.fill(f64::NAN);
            return;
        }
        self.program.eval_batch(
            |i| match i {
                Input::Var(i) => vars.get(i).map(|c| Source::Column(c)),
                Input::Col(_) | Input::Agg(_) => None,
            },
            out,
        );
    }

    /// [`Compiled::eval_batch`] with data: each aggregate at each point, then the whole
    /// expression over the points in one batch.
    pub(crate) fn eval_data_batch(&self, vars: &[&[f64]], cols: &[Vec<f64>], out: &mut [f64]) {
        if self.aggs.is_empty() {
            return self.eval_batch(vars, out);
        }
        let Some(rows) = rows(cols) else {
            return out.fill(f64::NAN);
        };
        let n = out.len();
        if vars.iter().any(|c| c.len() < n) {
            return out.fill(f64::NAN);
        }
        let mut buf = vec![0.0; rows];
        let mut point = vec![0.0; vars.len()];
        let mut values = vec![vec![0.0; n]; self.aggs.len()];
        let mut failed = vec![false; n];
        for j in 0..n {
            for (p, c) in point.iter_mut().zip(vars) {
                *p = c[j];
            }
            for (k, kind) in self.aggs.iter().enumerate() {
                // When meval would fail at this point, the answer is NaN there.
                let v = self.aggregate(k, *kind, &point, cols, &mut buf);
                failed[j] |= v.is_none();
                values[k][j] = v.unwrap_or(f64::NAN);
            }
        }
        self.program.eval_batch(
            |i| match i {
                Input::Var(i) => vars.get(i).map(|c| Source::Column(c)),
                Input::Agg(k) => values.get(k).map(|c| Source::Column(c)),
                Input::Col(_) => None,
            },
            out,
        );
        for (o, _) in out.iter_mut().zip(&failed).filter(|(_, &f)| f) {
            *o = f64::NAN;
        }
    }
}

impl Reference {
    /// Meval's own evaluation, with no data: the reference our evaluator is tested against.
    pub(crate) fn eval_reference(&self, vars: &[f64]) -> f64 {
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

    /// Meval's own evaluation with data: each aggregate over the rows, then the whole expression.
    pub(crate) fn eval_data_reference(&self, vars: &[f64], cols: &[Vec<f64>]) -> f64 {
        if self.aggs.is_empty() {
            return self.eval_reference(vars);
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

/// The number of rows of the data columns; `None` when they differ in length.
fn rows(cols: &[Vec<f64>]) -> Option<usize> {
    let rows = cols.first().map_or(0, Vec::len);
    cols.iter().all(|c| c.len() == rows).then_some(rows)
}

#[cfg(test)]
mod tests {
    use super::super::names::Names;
    use super::super::{lexer, parser, Scope};
    use super::*;
    use proptest::prelude::*;

    /// An independent reading of the tree, straight in Rust, in the same order of operations.
    fn direct(node: &Node, vars: &[f64], params: &[f64]) -> f64 {
        let d = |n: &Node| direct(n, vars, params);
        match node {
            Node::Num(x) => *x,
            Node::Var(i) => vars[*i],
            Node::Param(i) => params[*i],
            Node::Column(_) | Node::Agg(..) => f64::NAN,
            Node::Pi => std::f64::consts::PI,
            Node::E => std::f64::consts::E,
            Node::Neg(a) => -d(a),
            Node::Sum(v) => {
                v.iter().skip(1).fold(
                    d(&v[0].1),
                    |acc, (minus, n)| {
                        if *minus {
                            acc - d(n)
                        } else {
                            acc + d(n)
                        }
                    },
                )
            }
            Node::Product(v) => {
                v.iter().skip(1).fold(
                    d(&v[0].1),
                    |acc, (div, n)| {
                        if *div {
                            acc / d(n)
                        } else {
                            acc * d(n)
                        }
                    },
                )
            }
            Node::Implicit(v) => v.iter().skip(1).fold(d(&v[0]), |acc, n| acc * d(n)),
            Node::Pow(a, b) => d(a).powf(d(b)),
            Node::Call(f, args) => {
                let a: Vec<f64> = args.iter().map(d).collect();
                f.apply(&a).unwrap_or(f64::NAN)
            }
        }
    }

    /// The tree of `text`, meval's reading of it, and the program compiled from the tree with
    /// every power by `powf` (meval's values bit for bit).
    fn tree_and_compiled(text: &str, scope: &Scope) -> Option<(Node, Reference, Compiled)> {
        let names = Names::new(scope);
        let tokens = lexer::lex(text).ok()?;
        if tokens.is_empty() {
            return None;
        }
        let node = parser::parse(tokens, &names, text.chars().count()).ok()?;
        let params: Vec<f64> = scope.params.iter().map(|(_, v)| *v).collect();
        let exact = Options { fast_powers: false };
        let compiled = compile_with(&node, &params, exact).ok()?;
        let reference = reference(&node, &params).ok()?;
        Some((node, reference, compiled))
    }

    fn same(a: f64, b: f64) -> bool {
        (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
    }

    #[test]
    fn minimal_parentheses_keep_the_grouping() {
        let scope = Scope::new(&["x", "y"]).with_params(&[("w".into(), -0.5)]);
        for text in [
            "x - (y - 1)",
            "x/(y/2)",
            "x/(2y)",
            "(x+y)^2^-1",
            "-x^2",
            "(-x)^2",
            "2^-x^2",
            "w x - -w",
            "x*(y*3)",
            "(x*y)*3",
            "-(x+y)*3",
            "-(x*y)",
            "max(x - y, -w, x^y)",
            "(x^y)^2",
        ] {
            let Some((node, r, exact)) = tree_and_compiled(text, &scope) else {
                panic!("{text} does not parse");
            };
            for vars in [[0.3, 1.7], [-1.1, 2.5], [2.0, -0.5]] {
                let (want, got) = (direct(&node, &vars, &[-0.5]), r.eval_reference(&vars));
                assert!(same(want, got), "{text} at {vars:?}: {want} vs {got}");
                let ours = exact.eval(&vars);
                assert!(same(want, ours), "{text} at {vars:?}: {want} vs {ours}");
            }
        }
    }

    /// Beyond the random expressions' leaves: aggregates over data columns, named constants that
    /// are NaN, infinite, −0 or tiny, every function, `pi` and `e` as bases and exponents. The
    /// program compiled from meval's tokens (every power by `powf`) gives meval's own
    /// interpreter's values bit for bit.
    #[test]
    fn our_program_gives_mevals_values_on_every_form() {
        let scope = Scope::new(&["x", "y"])
            .with_params(&[
                ("w".into(), -0.5),
                ("n".into(), f64::NAN),
                ("big".into(), f64::INFINITY),
                ("z".into(), -0.0),
                ("t".into(), 1e-300),
            ])
            .with_columns(&["u", "v"]);
        let cols = vec![vec![0.5, -1.25, 3.0], vec![2.0, 0.75, -0.5]];
        let fixed = [
            "sum(u*v) + mean((u - x)^2)/prod(v) - n",
            "big x - (-big) + z/t + n^2 - t^-2",
            "e^x + pi^y + x^e + 2^π + e^2 + 10^x",
            "x/4 - y/3 + x/0 + 1e-7 x + 123456789012345678 y",
            "max(x, y, 2, -w) + min(x) + max(3, 4)",
        ]
        .map(String::from);
        let calls = super::super::functions::ALL
            .iter()
            .map(|f| format!("{}(x y + 0.5) - {}(w)", f.name(), f.name()));
        let mut compared = 0;
        for (k, text) in fixed.into_iter().chain(calls).enumerate() {
            let Some((_, r, ours)) = tree_and_compiled(&text, &scope) else {
                // a function of two arguments does not parse with one: nothing to compare
                assert!(k >= 5, "{text} does not parse");
                continue;
            };
            for vars in [[0.3, 1.7], [-1.1, 2.5], [0.0, -0.0]] {
                let (want, got) = (
                    r.eval_data_reference(&vars, &cols),
                    ours.eval_data(&vars, &cols),
                );
                assert!(
                    same(want, got),
                    "{text} at {vars:?}: meval {want}, ours {got}"
                );
            }
            compared += 1;
        }
        assert!(compared > 20, "only {compared} forms compared");
    }

    fn text() -> impl Strategy<Value = String> {
        let leaf = prop::sample::select(vec!["x", "y", "w", "2", "0.5", "e", "π", "3"])
            .prop_map(str::to_string);
        leaf.prop_recursive(6, 48, 2, |inner| {
            prop_oneof![
                (
                    inner.clone(),
                    prop::sample::select(vec!["+", "-", "*", "/", "^", " ", "", "·", "−"]),
                    inner.clone()
                )
                    .prop_map(|(a, op, b)| format!("{a}{op}{b}")),
                inner.clone().prop_map(|a| format!("({a})")),
                inner.clone().prop_map(|a| format!("-{a}")),
                inner.clone().prop_map(|a| format!("{a}²")),
                inner.clone().prop_map(|a| format!("{a}⁻¹")),
                inner.clone().prop_map(|a| format!("sin {a}")),
                inner.clone().prop_map(|a| format!("sin({a})")),
                inner.clone().prop_map(|a| format!("√{a}")),
                (inner.clone(), inner).prop_map(|(a, b)| format!("max({a}, {b})")),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn compiled_meval_and_our_program_match_the_tree(text in text()) {
            let scope = Scope::new(&["x", "y"]).with_params(&[("w".into(), -0.5)]);
            if let Some((node, r, exact)) = tree_and_compiled(&text, &scope) {
                for vars in [[0.3, 1.7], [-1.1, 2.5]] {
                    let (want, got) = (direct(&node, &vars, &[-0.5]), r.eval_reference(&vars));
                    prop_assert!(same(want, got), "{} at {:?}: {} vs {}", text, vars, want, got);
                    let ours = exact.eval(&vars);
                    prop_assert!(same(want, ours), "{} at {:?}: {} vs {}", text, vars, want, ours);
                }
            }
        }
    }
}
