//! The two spellings of a formula: ASCII that the answer language reads back
//! (`12*x^3 - 10*x + 2`), and the typeset form that prompts, derivations and feedback share
//! (`12x³ − 10x + 2`, `9x³·y`): the answer language's own preview of the tree, with a number
//! written against the name or bracket it multiplies ([`juxtapose`]), as prompts write it.

use super::tree::{Num, Sym};
use crate::math::ast::{self, fmt_num, Node};
use crate::math::names::{Meaning, Names};
use crate::math::{LogBase, Scope};
use std::fmt::Write;
use std::sync::Arc;

/// Placeholder names for the text of steps (`u`, `v`), skipping any the scope uses.
const HOLES: [&str; 12] = ["u", "v", "w", "s", "t", "p", "q", "r", "g", "h", "k", "m"];

/// Prints formulas in a scope's names.
#[derive(Clone, Debug)]
pub(crate) struct Printer {
    /// The names table of the scope with the placeholders, shared ([`Names::shared`]): a
    /// printer is made for every function prepared (each cell's library of mistakes, each
    /// template tidied), and building the table was most of making one.
    names: Arc<Names>,
    params: Vec<f64>,
    holes: Vec<String>,
    nvars: usize,
    /// How π and e are spelled in ASCII in this scope (looked up once, not per node), or
    /// `None` where the scope uses the names for something else (then their values are written).
    pi: Option<&'static str>,
    e: Option<&'static str>,
}

const SUM: u8 = 1;
const PRODUCT: u8 = 2;
const NEG: u8 = 3;
const POW: u8 = 4;
const ATOM: u8 = 5;

/// Drops the product dot between a number and the name or bracket it multiplies (`3·x⁴` →
/// `3x⁴`, `2·(x + 1)` → `2(x + 1)`, `4·√x` → `4√x`), as prompts write products; every other
/// product keeps its dot (`9x³·y`, `x·y`, `2·3`). The result reads back through the answer
/// language to the same values, so the dot stays where joining would change the reading or
/// the number: after digits that end a name (`x1·y`), in an exponent or a denominator
/// (`x^0.5·y`, where `x^0.5y` would be x^(0.5y)), after a number in scientific notation
/// (`1e-7·x`), and before `e` (`2·e` would read as 2e, scientific notation).
pub(crate) fn juxtapose(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '·' && joins(&chars, i) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Whether the dot at `chars[i]` goes: a whole number token before it, a name or bracket after.
fn joins(chars: &[char], i: usize) -> bool {
    let digit_before = i.checked_sub(1).is_some_and(|j| chars[j].is_ascii_digit());
    let after = chars.get(i + 1).copied();
    let joinable = after.is_some_and(|a| (a.is_alphabetic() && a != 'e') || a == '(' || a == '√');
    if !(digit_before && joinable) {
        return false;
    }
    // Where the number token starts, and what stands before it.
    let start = chars[..i]
        .iter()
        .rposition(|c| !(c.is_ascii_digit() || *c == '.'))
        .map_or(0, |p| p + 1);
    let before = start.checked_sub(1).map(|j| chars[j]);
    !before.is_some_and(|b| b.is_alphanumeric() || matches!(b, '^' | '/' | '-' | '+' | '_'))
}

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
        let nvars = names.vars.len();
        let names = Names::shared(&scope);
        Printer {
            pi: names.spelling_for(Meaning::Pi, &["pi", "π"]),
            e: names.spelling_for(Meaning::E, &["e"]),
            names,
            params: params.to_vec(),
            holes,
            nvars,
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
        let mut out = String::with_capacity(32);
        self.write(s, &mut out);
        out
    }

    /// The typeset form, as prompts write formulas: `3x⁴ − 5x² + 2x`, `9x³·y`, `2(x + 1)`: the
    /// answer language's preview of the tree with [`juxtapose`]'s rule. Derivations, the named
    /// mistakes' explanations and templates' formulas are all written so.
    pub(crate) fn pretty(&self, s: &Sym) -> String {
        juxtapose(&ast::preview(&self.node(s), &self.names, &self.params))
    }

    /// The operator of a derivative by variable `i`: `d/dx` for a function of one variable,
    /// `∂/∂x` (a partial derivative, the other variables held constant) for several, as the
    /// prompts ask for `f′(x)` and `∂f/∂x`.
    pub(crate) fn d_by(&self, i: usize) -> String {
        let x = self.var_name(i);
        if self.nvars > 1 {
            format!("∂/∂{x}")
        } else {
            format!("d/d{x}")
        }
    }

    fn param(&self, i: usize) -> String {
        let name = self.names.params.get(i).map_or("?", String::as_str);
        if self.names.get(name).and_then(|r| r.meaning) == Some(Meaning::Param(i)) {
            name.to_string()
        } else {
            fmt_num(self.params.get(i).copied().unwrap_or(f64::NAN))
        }
    }

    /// How tightly a formula binds when printed (what its parent must parenthesise).
    fn level(s: &Sym) -> u8 {
        match s {
            Sym::Num(n) if n.is_negative() => NEG,
            Sym::Num(Num::Rat(_, q)) if *q != 1 => PRODUCT,
            Sym::Neg(_) => NEG,
            Sym::Add(_) => SUM,
            Sym::Mul(_) | Sym::Div(..) => PRODUCT,
            Sym::Pow(..) => POW,
            _ => ATOM,
        }
    }

    /// Whether the printed formula starts with a minus sign.
    fn starts_negative(s: &Sym) -> bool {
        match s {
            Sym::Num(n) => n.is_negative(),
            Sym::Neg(_) => true,
            Sym::Add(t) | Sym::Mul(t) => t
                .first()
                .is_some_and(|f| Printer::level(f) > SUM && Printer::starts_negative(f)),
            Sym::Div(a, _) => Printer::level(a) > SUM && Printer::starts_negative(a),
            _ => false,
        }
    }

    fn write_num(n: Num, out: &mut String) {
        if n.is_negative() {
            out.push('-');
        }
        match n.abs() {
            Num::Rat(p, 1) => {
                let _ = write!(out, "{p}");
            }
            Num::Rat(p, q) => {
                let _ = write!(out, "{p}/{q}");
            }
            Num::Real(x) => out.push_str(&fmt_num(x)),
        }
    }

    /// Writes `s`, in parentheses when its level is at most `at_most` (or, with `sign`, when
    /// it starts with a minus).
    fn operand(&self, s: &Sym, at_most: u8, sign: bool, out: &mut String) {
        if Printer::level(s) <= at_most || (sign && Printer::starts_negative(s)) {
            out.push('(');
            self.write(s, out);
            out.push(')');
        } else {
            self.write(s, out);
        }
    }

    fn write(&self, s: &Sym, out: &mut String) {
        match s {
            Sym::Num(n) => Printer::write_num(*n, out),
            Sym::Var(i) => out.push_str(self.var_name(*i)),
            Sym::Hole(k) => out.push_str(self.hole_name(*k)),
            Sym::Param(i) => out.push_str(&self.param(*i)),
            Sym::Column(i) => out.push_str(self.names.columns.get(*i).map_or("", String::as_str)),
            Sym::Pi => match self.pi {
                Some(p) => out.push_str(p),
                None => out.push_str(&fmt_num(std::f64::consts::PI)),
            },
            Sym::E => match self.e {
                Some(p) => out.push_str(p),
                None => out.push_str(&fmt_num(std::f64::consts::E)),
            },
            Sym::Neg(a) => {
                out.push('-');
                self.operand(a, SUM, true, out);
            }
            Sym::Add(terms) => {
                for (k, t) in terms.iter().enumerate() {
                    if k == 0 {
                        self.operand(t, SUM, false, out);
                        continue;
                    }
                    match t {
                        Sym::Neg(a) => {
                            out.push_str(" - ");
                            self.operand(a, SUM, true, out);
                        }
                        Sym::Num(n) if n.is_negative() => {
                            out.push_str(" - ");
                            Printer::write_num(n.neg(), out);
                        }
                        t => {
                            out.push_str(" + ");
                            self.operand(t, SUM, true, out);
                        }
                    }
                }
            }
            Sym::Mul(fs) => {
                for (k, f) in fs.iter().enumerate() {
                    if k > 0 {
                        out.push('*');
                    }
                    self.operand(f, if k == 0 { SUM } else { NEG }, false, out);
                }
            }
            Sym::Div(a, b) => {
                self.operand(a, SUM, false, out);
                out.push('/');
                self.operand(b, NEG, false, out);
            }
            Sym::Pow(a, b) => {
                self.operand(a, POW, false, out);
                out.push('^');
                self.operand(b, POW, false, out);
            }
            Sym::Call(f, args) => {
                out.push_str(f.name());
                out.push('(');
                for (k, a) in args.iter().enumerate() {
                    if k > 0 {
                        out.push_str(", ");
                    }
                    self.write(a, out);
                }
                out.push(')');
            }
            Sym::Agg(a, body) => {
                out.push_str(a.name());
                out.push('(');
                self.write(body, out);
                out.push(')');
            }
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

#[cfg(test)]
mod tests {
    use super::juxtapose;

    #[test]
    fn a_number_is_written_against_the_name_or_bracket_it_multiplies() {
        assert_eq!(juxtapose("3·x⁴ − 2·x"), "3x⁴ − 2x");
        assert_eq!(juxtapose("9·x³·y"), "9x³·y");
        assert_eq!(juxtapose("−2·(x + 1)·cos(x)"), "−2(x + 1)·cos(x)");
        assert_eq!(juxtapose("4·√x + 2.5·sin(x)"), "4√x + 2.5sin(x)");
        assert_eq!(juxtapose("e^(2·x)"), "e^(2x)");
    }

    #[test]
    fn the_dot_stays_where_joining_would_change_the_reading() {
        assert_eq!(juxtapose("x1·y"), "x1·y");
        assert_eq!(juxtapose("2·3"), "2·3");
        assert_eq!(juxtapose("2·eˣ"), "2·eˣ");
        assert_eq!(juxtapose("x^0.5·y"), "x^0.5·y");
        assert_eq!(juxtapose("(x/2)·y"), "(x/2)·y");
        assert_eq!(juxtapose("1/2·x"), "1/2·x");
        assert_eq!(juxtapose("1e-7·x"), "1e-7·x");
        assert_eq!(juxtapose("x_2·y"), "x_2·y");
    }
}
