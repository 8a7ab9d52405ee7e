//! The two spellings of a formula: ASCII that the answer language reads back
//! (`12*x^3 - 10*x + 2`), and the typeset form of prompts and previews (`12·x³ − 10·x + 2`),
//! which is the answer language's own preview of the tree.

use super::tree::{Num, Sym};
use crate::math::ast::{self, fmt_num, Node};
use crate::math::names::{Meaning, Names};
use crate::math::{LogBase, Scope};

/// Placeholder names for the text of steps (`u`, `v`), skipping any the scope uses.
const HOLES: [&str; 12] = ["u", "v", "w", "s", "t", "p", "q", "r", "g", "h", "k", "m"];

/// Prints formulas in a scope's names.
#[derive(Clone, Debug)]
pub(crate) struct Printer {
    names: Names,
    params: Vec<f64>,
    holes: Vec<String>,
    nvars: usize,
}

const SUM: u8 = 1;
const PRODUCT: u8 = 2;
const NEG: u8 = 3;
const POW: u8 = 4;
const ATOM: u8 = 5;

impl Printer {
    /// The printer of a parsed expression's names; placeholders get names the scope leaves free.
    pub(crate) fn new(names: &Names, params: &[f64]) -> Printer {
        let holes: Vec<String> = HOLES
            .iter()
            .filter(|h| names.get(h).is_none())
            .map(|h| h.to_string())
            .collect();
        let mut vars = names.vars.clone();
        vars.extend(holes.iter().cloned());
        let scope = Scope {
            vars,
            params: names
                .params
                .iter()
                .cloned()
                .zip(params.iter().copied())
                .collect(),
            columns: names.columns.clone(),
            log: LogBase::Ln,
        };
        Printer {
            names: Names::new(&scope),
            params: params.to_vec(),
            holes,
            nvars: names.vars.len(),
        }
    }

    pub(crate) fn var_name(&self, i: usize) -> &str {
        self.names.vars.get(i).map_or("?", String::as_str)
    }

    pub(crate) fn hole_name(&self, k: usize) -> &str {
        self.holes.get(k).map_or("u", String::as_str)
    }

    /// ASCII with `*` for products, minimal parentheses; `Expr::parse` reads it back.
    pub(crate) fn ascii(&self, s: &Sym) -> String {
        self.write(s).0
    }

    /// The typeset form, as previews and prompts show formulas: `3·x⁴ − 5·x² + 2·x`.
    pub(crate) fn pretty(&self, s: &Sym) -> String {
        ast::preview(&self.node(s), &self.names, &self.params)
    }

    fn param(&self, i: usize) -> String {
        let name = self.names.params.get(i).map_or("?", String::as_str);
        if self.names.get(name).and_then(|r| r.meaning) == Some(Meaning::Param(i)) {
            name.to_string()
        } else {
            fmt_num(self.params.get(i).copied().unwrap_or(f64::NAN))
        }
    }

    fn num(n: Num) -> (String, u8) {
        let (s, l) = match n.abs() {
            Num::Rat(p, 1) => (p.to_string(), ATOM),
            Num::Rat(p, q) => (format!("{p}/{q}"), PRODUCT),
            Num::Real(x) => (fmt_num(x), ATOM),
        };
        if n.is_negative() {
            (format!("-{s}"), NEG)
        } else {
            (s, l)
        }
    }

    fn write(&self, s: &Sym) -> (String, u8) {
        let paren = |(s, l): (String, u8), at_most: u8| {
            if l <= at_most {
                format!("({s})")
            } else {
                s
            }
        };
        match s {
            Sym::Num(n) => Printer::num(*n),
            Sym::Var(i) => (self.var_name(*i).to_string(), ATOM),
            Sym::Hole(k) => (self.hole_name(*k).to_string(), ATOM),
            Sym::Param(i) => (self.param(*i), ATOM),
            Sym::Column(i) => (
                self.names.columns.get(*i).cloned().unwrap_or_default(),
                ATOM,
            ),
            Sym::Pi => match self.names.spelling_for(Meaning::Pi, &["pi", "π"]) {
                Some(p) => (p.to_string(), ATOM),
                None => (fmt_num(std::f64::consts::PI), ATOM),
            },
            Sym::E => match self.names.spelling_for(Meaning::E, &["e"]) {
                Some(p) => (p.to_string(), ATOM),
                None => (fmt_num(std::f64::consts::E), ATOM),
            },
            Sym::Neg(a) => {
                let (t, l) = self.write(a);
                let t = if l <= SUM || t.starts_with('-') {
                    format!("({t})")
                } else {
                    t
                };
                (format!("-{t}"), NEG)
            }
            Sym::Add(terms) => {
                let mut out = String::new();
                for (k, t) in terms.iter().enumerate() {
                    if k == 0 {
                        out.push_str(&paren(self.write(t), SUM));
                        continue;
                    }
                    let (minus, body) = match t {
                        Sym::Neg(a) => (true, self.write(a)),
                        Sym::Num(n) if n.is_negative() => (true, Printer::num(n.neg())),
                        t => (false, self.write(t)),
                    };
                    out.push_str(if minus { " - " } else { " + " });
                    if body.1 <= SUM || body.0.starts_with('-') {
                        out.push_str(&format!("({})", body.0));
                    } else {
                        out.push_str(&body.0);
                    }
                }
                (out, SUM)
            }
            Sym::Mul(fs) => {
                let parts: Vec<String> = fs
                    .iter()
                    .enumerate()
                    .map(|(k, f)| paren(self.write(f), if k == 0 { SUM } else { NEG }))
                    .collect();
                (parts.join("*"), PRODUCT)
            }
            Sym::Div(a, b) => (
                format!(
                    "{}/{}",
                    paren(self.write(a), SUM),
                    paren(self.write(b), NEG)
                ),
                PRODUCT,
            ),
            Sym::Pow(a, b) => (
                format!(
                    "{}^{}",
                    paren(self.write(a), POW),
                    paren(self.write(b), POW)
                ),
                POW,
            ),
            Sym::Call(f, args) => {
                let a: Vec<String> = args.iter().map(|a| self.write(a).0).collect();
                (format!("{}({})", f.name(), a.join(", ")), ATOM)
            }
            Sym::Agg(a, body) => (format!("{}({})", a.name(), self.write(body).0), ATOM),
        }
    }

    /// The parser's tree for a formula, so that the preview typesets it.
    fn node(&self, s: &Sym) -> Node {
        match s {
            Sym::Num(n) => {
                let sign = |a: Node| {
                    if n.is_negative() {
                        Node::Neg(Box::new(a))
                    } else {
                        a
                    }
                };
                match n.abs() {
                    Num::Rat(p, 1) => sign(Node::Num(p as f64)),
                    // −1/3 with the sign on the numerator
                    Num::Rat(p, q) => Node::Product(vec![
                        (false, sign(Node::Num(p as f64))),
                        (true, Node::Num(q as f64)),
                    ]),
                    Num::Real(x) => sign(Node::Num(x)),
                }
            }
            Sym::Var(i) => Node::Var(*i),
            Sym::Hole(k) => Node::Var(self.nvars + k),
            Sym::Param(i) => Node::Param(*i),
            Sym::Column(i) => Node::Column(*i),
            Sym::Pi => Node::Pi,
            Sym::E => Node::E,
            // −a/b is written with the sign on the numerator: `−1/√(1 − x²)`, not `−(1/…)`
            Sym::Neg(a) => match &**a {
                Sym::Div(top, bottom) => {
                    self.node(&Sym::div(Sym::neg((**top).clone()), (**bottom).clone()))
                }
                a => Node::Neg(Box::new(self.node(a))),
            },
            Sym::Add(terms) => Node::Sum(
                terms
                    .iter()
                    .enumerate()
                    .map(|(k, t)| match t {
                        Sym::Neg(a) if k > 0 => (true, self.node(a)),
                        Sym::Num(n) if k > 0 && n.is_negative() => {
                            (true, self.node(&Sym::Num(n.neg())))
                        }
                        t => (false, self.node(t)),
                    })
                    .collect(),
            ),
            Sym::Mul(fs) => Node::Product(fs.iter().map(|f| (false, self.node(f))).collect()),
            Sym::Div(a, b) => {
                let mut items: Vec<(bool, Node)> = match &**a {
                    Sym::Mul(fs) => fs.iter().map(|f| (false, self.node(f))).collect(),
                    Sym::Neg(m) if matches!(**m, Sym::Mul(_)) => match &**m {
                        Sym::Mul(fs) => fs
                            .iter()
                            .enumerate()
                            .map(|(k, f)| {
                                let n = self.node(f);
                                (false, if k == 0 { Node::Neg(Box::new(n)) } else { n })
                            })
                            .collect(),
                        m => vec![(false, self.node(m))],
                    },
                    a => vec![(false, self.node(a))],
                };
                items.push((true, self.node(b)));
                Node::Product(items)
            }
            Sym::Pow(a, b) => Node::Pow(Box::new(self.node(a)), Box::new(self.node(b))),
            Sym::Call(f, args) => Node::Call(*f, args.iter().map(|a| self.node(a)).collect()),
            Sym::Agg(a, body) => Node::Agg(*a, Box::new(self.node(body))),
        }
    }
}
