//! The syntax tree of an understood expression, and its two spellings: the readable preview and
//! the strict ASCII form.
//!
//! Chains (`a + b − c`, `a·b/c`, `2xy`) are n-ary nodes, so a long flat answer makes a wide tree,
//! never a deep one; the parser bounds the depth.

use super::functions::{Aggregate, Func};
use super::names::{Meaning, Names};

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    /// A literal, never negative (a minus sign is a [`Node::Neg`]).
    Num(f64),
    Var(usize),
    Param(usize),
    /// A data column (only inside an aggregate).
    Column(usize),
    Pi,
    E,
    Neg(Box<Node>),
    /// `a + b − c`: each term with `true` when it is subtracted (the first is always `false`).
    Sum(Vec<(bool, Node)>),
    /// `a * b / c`: each factor with `true` when it divides (the first is always `false`).
    Product(Vec<(bool, Node)>),
    /// Juxtaposition `2x`, `x(x+1)`: binds tighter than `*` and `/`.
    Implicit(Vec<Node>),
    Pow(Box<Node>, Box<Node>),
    Call(Func, Vec<Node>),
    Agg(Aggregate, Box<Node>),
}

impl Node {
    /// The same tree with every natural and base-10 logarithm exchanged (`ln` ↔ `log10`,
    /// whichever spelling was read as them: `log` as the scope said, `lg`, `log₁₀`).
    pub(crate) fn logs_swapped(&self) -> Node {
        let all = |v: &[Node]| v.iter().map(Node::logs_swapped).collect();
        let signed = |v: &[(bool, Node)]| v.iter().map(|(s, n)| (*s, n.logs_swapped())).collect();
        match self {
            Node::Num(_) | Node::Var(_) | Node::Param(_) | Node::Column(_) | Node::Pi | Node::E => {
                self.clone()
            }
            Node::Neg(a) => Node::Neg(Box::new(a.logs_swapped())),
            Node::Sum(v) => Node::Sum(signed(v)),
            Node::Product(v) => Node::Product(signed(v)),
            Node::Implicit(v) => Node::Implicit(all(v)),
            Node::Pow(a, b) => Node::Pow(Box::new(a.logs_swapped()), Box::new(b.logs_swapped())),
            Node::Call(f, args) => {
                let f = match f {
                    Func::Ln => Func::Log10,
                    Func::Log10 => Func::Ln,
                    other => *other,
                };
                Node::Call(f, all(args))
            }
            Node::Agg(a, body) => Node::Agg(*a, Box::new(body.logs_swapped())),
        }
    }

    /// How many levels of nodes there are, this one included.
    pub(crate) fn depth(&self) -> usize {
        1 + match self {
            Node::Neg(a) | Node::Agg(_, a) => a.depth(),
            Node::Sum(v) | Node::Product(v) => v.iter().map(|(_, n)| n.depth()).max().unwrap_or(0),
            Node::Implicit(v) | Node::Call(_, v) => v.iter().map(Node::depth).max().unwrap_or(0),
            Node::Pow(a, b) => a.depth().max(b.depth()),
            Node::Num(_) | Node::Var(_) | Node::Param(_) | Node::Column(_) | Node::Pi | Node::E => {
                0
            }
        }
    }

    /// Calls `f` on this node and every node below it (aggregate bodies included).
    pub(crate) fn visit(&self, f: &mut impl FnMut(&Node)) {
        f(self);
        match self {
            Node::Neg(a) | Node::Agg(_, a) => a.visit(f),
            Node::Sum(v) | Node::Product(v) => v.iter().for_each(|(_, n)| n.visit(f)),
            Node::Implicit(v) | Node::Call(_, v) => v.iter().for_each(|n| n.visit(f)),
            Node::Pow(a, b) => {
                a.visit(f);
                b.visit(f);
            }
            Node::Num(_) | Node::Var(_) | Node::Param(_) | Node::Column(_) | Node::Pi | Node::E => {
            }
        }
    }
}

/// Writes a number so that both our parser and meval read back exactly the same `f64`.
pub(crate) fn fmt_num(x: f64) -> String {
    if x.is_nan() {
        // never produced by the lexer; kept total for safety
        return "(0/0)".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "1e999" } else { "(-1e999)" }.to_string();
    }
    let a = x.abs();
    let s = if a.fract() == 0.0 && a < 1e15 {
        // integers, the common case: no float formatting needed
        (a as u64).to_string()
    } else if a == std::f64::consts::E {
        "2.718281828459045".to_string()
    } else if a == std::f64::consts::PI {
        "3.141592653589793".to_string()
    } else if (1e-6..1e16).contains(&a) {
        format!("{a}")
    } else {
        format!("{a:e}")
    };
    if x.is_sign_negative() {
        format!("(-{s})")
    } else {
        s
    }
}

/// Strict ASCII: fully parenthesised, `*` for every product, canonical function names.
pub(crate) fn strict(node: &Node, names: &Names, params: &[f64]) -> String {
    let mut out = String::new();
    write_strict(node, names, params, &mut out);
    out
}

fn write_strict(node: &Node, names: &Names, params: &[f64], out: &mut String) {
    match node {
        Node::Num(x) => out.push_str(&fmt_num(*x)),
        Node::Var(i) => out.push_str(&names.vars[*i]),
        Node::Param(i) => {
            let name = &names.params[*i];
            if names.get(name).and_then(|r| r.meaning) == Some(Meaning::Param(*i)) {
                out.push_str(name);
            } else {
                out.push_str(&fmt_num(params[*i]));
            }
        }
        Node::Column(i) => out.push_str(&names.columns[*i]),
        Node::Pi => match names.spelling_for(Meaning::Pi, &["pi", "π"]) {
            Some(s) => out.push_str(s),
            None => out.push_str(&fmt_num(std::f64::consts::PI)),
        },
        Node::E => match names.spelling_for(Meaning::E, &["e"]) {
            Some(s) => out.push_str(s),
            None => out.push_str(&fmt_num(std::f64::consts::E)),
        },
        Node::Neg(a) => {
            out.push_str("(-");
            write_strict(a, names, params, out);
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
                write_strict(n, names, params, out);
            }
            out.push(')');
        }
        Node::Implicit(v) => {
            out.push('(');
            for (k, n) in v.iter().enumerate() {
                if k > 0 {
                    out.push('*');
                }
                write_strict(n, names, params, out);
            }
            out.push(')');
        }
        Node::Pow(a, b) => {
            out.push('(');
            write_strict(a, names, params, out);
            out.push('^');
            write_strict(b, names, params, out);
            out.push(')');
        }
        Node::Call(f, args) => {
            out.push_str(f.name());
            out.push('(');
            for (k, a) in args.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                write_strict(a, names, params, out);
            }
            out.push(')');
        }
        Node::Agg(a, body) => {
            out.push_str(a.name());
            out.push('(');
            write_strict(body, names, params, out);
            out.push(')');
        }
    }
}

// Preview precedence levels.
const SUM: u8 = 1;
const PRODUCT: u8 = 2;
const NEG: u8 = 3;
const POW: u8 = 4;
const ATOM: u8 = 5;

/// The readable preview: `3·x⁴ − 5·x² + 2·x`, `1/(2·x)`, `σ(x)·(1 − σ(x))`.
/// Parentheses are the minimum that keeps the reading (and the exact order of evaluation)
/// unambiguous; it reads back through `Expr::parse` to the same values.
pub(crate) fn preview(node: &Node, names: &Names, params: &[f64]) -> String {
    let mut out = String::with_capacity(32);
    pretty(node, names, params, &mut out);
    out
}

fn superscript(n: f64) -> Option<String> {
    if n.fract() != 0.0 || n.abs() >= 1e6 {
        return None;
    }
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut s = String::new();
    if n < 0.0 {
        s.push('⁻');
    }
    for d in format!("{}", n.abs() as u64).bytes() {
        s.push(DIGITS[usize::from(d - b'0')]);
    }
    Some(s)
}

/// A superscript for an exponent token in messages.
pub(crate) fn preview_sup(x: f64) -> String {
    superscript(x).unwrap_or_else(|| format!("^{x}"))
}

/// A product whose last step is a division (`a·b/c`): followed by `·d` it would read ambiguously.
fn has_division(node: &Node) -> bool {
    matches!(node, Node::Product(v) if v.len() > 1 && v.last().is_some_and(|(d, _)| *d))
}

/// Writes the typeset form of `node` at the end of `out` and returns how tightly it binds.
/// Everything is written into the one buffer: a part that needs parentheses gets them inserted
/// around what it wrote (typesetting is most of the cost of a derivation's steps).
fn pretty(node: &Node, names: &Names, params: &[f64], out: &mut String) -> u8 {
    let mut p = |n: &Node, out: &mut String| pretty(n, names, params, out);
    match node {
        Node::Num(x) => out.push_str(&fmt_num(*x)),
        Node::Var(i) => out.push_str(&names.vars[*i]),
        Node::Param(i) => {
            let name = &names.params[*i];
            if names.get(name).and_then(|r| r.meaning) == Some(Meaning::Param(*i)) {
                out.push_str(name);
            } else {
                out.push_str(&fmt_num(params[*i]));
            }
        }
        Node::Column(i) => out.push_str(&names.columns[*i]),
        Node::Pi => match names.spelling_for(Meaning::Pi, &["π", "pi"]) {
            Some(s) => out.push_str(s),
            None => out.push_str(&fmt_num(std::f64::consts::PI)),
        },
        Node::E => match names.spelling_for(Meaning::E, &["e"]) {
            Some(s) => out.push_str(s),
            None => out.push_str(&fmt_num(std::f64::consts::E)),
        },
        Node::Neg(a) => {
            out.push('−');
            let start = out.len();
            let l = p(a, out);
            if l <= SUM || out[start..].starts_with('−') || has_division(a) {
                wrap_from(out, start);
            }
            return NEG;
        }
        Node::Sum(v) => {
            for (k, (minus, n)) in v.iter().enumerate() {
                if k > 0 {
                    out.push_str(if *minus { " − " } else { " + " });
                }
                let start = out.len();
                let l = p(n, out);
                // `a + (−b)`, `a − (b + c)`: never two signs in a row, never a regrouping
                if k > 0 && (l <= SUM || out[start..].starts_with('−')) {
                    wrap_from(out, start);
                }
            }
            return SUM;
        }
        Node::Product(_) | Node::Implicit(_) => {
            pretty_product(node, out, &mut p);
            return PRODUCT;
        }
        Node::Pow(a, b) => return pretty_pow(a, b, out, &mut p),
        Node::Call(f, args) => return pretty_call(*f, args, names, out, &mut p),
        Node::Agg(a, body) => {
            out.push_str(a.name());
            out.push('(');
            p(body, out);
            out.push(')');
        }
    }
    ATOM
}

fn wrap_from(out: &mut String, start: usize) {
    out.insert(start, '(');
    out.push(')');
}

fn pretty_product(node: &Node, out: &mut String, p: &mut dyn FnMut(&Node, &mut String) -> u8) {
    let items: Vec<(bool, &Node)> = match node {
        Node::Product(v) => v.iter().map(|(d, n)| (*d, n)).collect(),
        Node::Implicit(v) => v.iter().map(|n| (false, n)).collect(),
        _ => Vec::new(),
    };
    let base = out.len();
    let mut divided = false;
    for (k, (div, n)) in items.into_iter().enumerate() {
        if k == 0 {
            let l = p(n, out);
            if l <= SUM || has_division(n) {
                wrap_from(out, base);
            }
            continue;
        }
        if divided {
            wrap_from(out, base);
        }
        out.push(if div { '/' } else { '·' });
        let start = out.len();
        if p(n, out) <= NEG {
            wrap_from(out, start);
        }
        divided = div;
    }
}

fn pretty_pow(
    a: &Node,
    b: &Node,
    out: &mut String,
    p: &mut dyn FnMut(&Node, &mut String) -> u8,
) -> u8 {
    let base = out.len();
    if p(a, out) < ATOM {
        wrap_from(out, base);
    }
    let sup = match b {
        Node::Num(x) => superscript(*x),
        Node::Neg(inner) => match **inner {
            Node::Num(x) => superscript(-x),
            _ => None,
        },
        _ => None,
    };
    if let Some(sup) = sup {
        // sin(x)⁻¹ could be misread as the inverse function: show (sin(x))⁻¹
        if sup.starts_with('⁻') && matches!(*a, Node::Call(f, _) if f != Func::Sqrt) {
            wrap_from(out, base);
        }
        out.push_str(&sup);
        return POW;
    }
    // Only a single token goes bare after `^`: `e^x`, `x^0.5`, but `e^(sin(3·x))`, so
    // that nobody reads `e^sin(3·x)·cos(3·x)` as e to the whole product. (A negative
    // parameter's value is already written in parentheses by `fmt_num`.)
    out.push('^');
    let start = out.len();
    p(b, out);
    let single = matches!(
        *b,
        Node::Num(_) | Node::Var(_) | Node::Param(_) | Node::Column(_) | Node::Pi | Node::E
    );
    if !single {
        wrap_from(out, start);
    }
    POW
}

fn pretty_call(
    f: Func,
    args: &[Node],
    names: &Names,
    out: &mut String,
    p: &mut dyn FnMut(&Node, &mut String) -> u8,
) -> u8 {
    let name = names
        .spelling_for(Meaning::Func(f), &[f.pretty(), f.name()])
        .unwrap_or(f.name());
    if f == Func::Sqrt {
        if let [arg] = args {
            out.push('√');
            let start = out.len();
            let l = p(arg, out);
            let leaf = matches!(
                arg,
                Node::Num(_) | Node::Var(_) | Node::Param(_) | Node::Column(_) | Node::Pi | Node::E
            );
            // `√` reads like a prefix: as the base of a power it gets parentheses,
            // `(√x)²`, so nobody reads it as √(x²).
            if !(leaf && l == ATOM) {
                wrap_from(out, start);
            }
            return POW;
        }
    }
    out.push_str(name);
    out.push('(');
    for (k, a) in args.iter().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        p(a, out);
    }
    out.push(')');
    ATOM
}
