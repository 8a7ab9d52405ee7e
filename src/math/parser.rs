//! Recursive-descent parser: tokens in, a checked syntax tree out.
//!
//! Grammar, loosest first (see docs/answer-language.md for the readings it gives):
//!
//! ```text
//! sum      = term (("+" | "-") term)*
//! term     = unary (("*" | "/") unary)*
//! unary    = ("-" | "+") unary | implicit
//! implicit = power power*                      juxtaposition, tighter than * and /
//! power    = atom ("^" exponent | superscript)?
//! exponent = ("-" | "+")? atom ("^" exponent | superscript)?   one atom, right-associative
//! atom     = number | name | "(" sum ")" | "√" fnarg | function call
//! call     = fname ("^" number | superscript)? ( "(" args ")" | fnarg )
//! fnarg    = ("-" | "+")? implicit, stopping before the next function name
//! ```

use super::ast::Node;
use super::error::{ParseError, ParseErrorKind as K, Span};
use super::functions::{Aggregate, Arity, Func};
use super::lexer::{Tok, Token};
use super::names::{Meaning, Names, Resolved};
use super::MAX_DEPTH;

/// The recursion bound of the parser.
const PARSE_LIMIT: usize = 2 * MAX_DEPTH + 16;

#[derive(Clone, Debug, PartialEq)]
enum P {
    Num(f64),
    Name(Resolved, String),
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    Sup(f64),
    Open(char),
    Close(char),
    Comma,
    Root,
}

#[derive(Clone, Debug)]
struct PTok {
    t: P,
    span: Span,
}

fn show(t: &PTok) -> String {
    match &t.t {
        P::Num(x) => format!("{x}"),
        P::Name(_, s) => s.clone(),
        P::Plus => "+".into(),
        P::Minus => "-".into(),
        P::Star => "*".into(),
        P::Slash => "/".into(),
        P::Caret => "^".into(),
        P::Sup(x) => super::ast::preview_sup(*x),
        P::Open(c) | P::Close(c) => c.to_string(),
        P::Comma => ",".into(),
        P::Root => "√".into(),
    }
}

/// Parses lexed tokens in the given name table.
pub(crate) fn parse(tokens: Vec<Token>, names: &Names, src_len: usize) -> Result<Node, ParseError> {
    check_brackets(&tokens)?;
    let toks = resolve(tokens, names)?;
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
        in_agg: None,
        src_len,
    };
    let node = p.sum()?;
    if node.depth() > MAX_DEPTH {
        return Err(too_deep(Span::new(0, src_len)));
    }
    if let Some(t) = p.peek_tok() {
        let message = match t.t {
            P::Comma => "a comma separates a function's arguments, and there is no function here"
                .to_string(),
            _ => format!("unexpected '{}'", show(t)),
        };
        return Err(ParseError::new(K::Syntax, t.span, message));
    }
    Ok(node)
}

/// Brackets must balance and match before anything else is reported, so the caret goes to the
/// unmatched one. Also bounds the nesting depth.
fn check_brackets(tokens: &[Token]) -> Result<(), ParseError> {
    let mut stack: Vec<(char, Span)> = Vec::new();
    for t in tokens {
        match t.tok {
            Tok::Open(c) => {
                stack.push((c, t.span));
                if stack.len() > MAX_DEPTH {
                    return Err(too_deep(t.span));
                }
            }
            Tok::Close(c) => {
                let Some((open, at)) = stack.pop() else {
                    return Err(ParseError::new(
                        K::UnbalancedParen,
                        t.span,
                        format!("this '{c}' has no matching '{}'", opening(c)),
                    ));
                };
                if closing(open) != c {
                    return Err(ParseError::new(
                        K::UnbalancedParen,
                        t.span,
                        format!(
                            "this '{c}' closes the '{open}' at column {}; use '{}' to close it",
                            at.start + 1,
                            closing(open)
                        ),
                    ));
                }
            }
            _ => {}
        }
    }
    if let Some((open, at)) = stack.pop() {
        return Err(ParseError::new(
            K::UnbalancedParen,
            at,
            format!("this '{open}' is never closed; add a '{}'", closing(open)),
        ));
    }
    Ok(())
}

fn closing(open: char) -> char {
    match open {
        '[' => ']',
        '{' => '}',
        _ => ')',
    }
}

fn opening(close: char) -> char {
    match close {
        ']' => '[',
        '}' => '{',
        _ => '(',
    }
}

#[cold]
#[inline(never)]
fn too_deep(span: Span) -> ParseError {
    ParseError::new(
        K::TooDeep,
        span,
        format!("the expression is nested too deeply (more than {MAX_DEPTH} levels)"),
    )
}

/// Turns identifier runs into names: the whole run if it is a name, else a split into names.
fn resolve(tokens: Vec<Token>, names: &Names) -> Result<Vec<PTok>, ParseError> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut iter = tokens.into_iter().peekable();
    while let Some(t) = iter.next() {
        let pt = match t.tok {
            Tok::Num(x) => P::Num(x),
            Tok::Plus => P::Plus,
            Tok::Minus => P::Minus,
            Tok::Star => P::Star,
            Tok::Slash => P::Slash,
            Tok::Caret => P::Caret,
            Tok::Sup(x) => P::Sup(x),
            Tok::Open(c) => P::Open(c),
            Tok::Close(c) => P::Close(c),
            Tok::Comma => P::Comma,
            Tok::Root => P::Root,
            Tok::Ident(run) => {
                if let Some(r) = names.get(&run) {
                    P::Name(r, run)
                } else if let Some(parts) = names.split(&run) {
                    for (b0, b1, r) in parts {
                        let c0 = t.span.start + run[..b0].chars().count();
                        let c1 = c0 + run[b0..b1].chars().count();
                        out.push(PTok {
                            t: P::Name(r, run[b0..b1].to_string()),
                            span: Span::new(c0, c1),
                        });
                    }
                    continue;
                } else {
                    let called = matches!(
                        iter.peek(),
                        Some(Token {
                            tok: Tok::Open(_),
                            ..
                        })
                    );
                    return Err(unknown(&run, t.span, called, names));
                }
            }
        };
        out.push(PTok {
            t: pt,
            span: t.span,
        });
    }
    Ok(out)
}

fn unknown(run: &str, span: Span, called: bool, names: &Names) -> ParseError {
    if let Some(a) = Aggregate::from_name(run) {
        return ParseError::new(
            K::AggregateWithoutData,
            span,
            format!(
                "{}(...) works over data rows, and this expression has no data columns",
                a.name()
            ),
        );
    }
    if called && run.chars().count() >= 2 {
        let message = match names.suggest_function(run) {
            Some(s) => format!("unknown function '{run}'; did you mean {s}?"),
            None => format!("unknown function '{run}'"),
        };
        return ParseError::new(K::UnknownFunction, span, message);
    }
    let mut message = format!("{run} is not a variable here; {}", names.describe());
    let stem = run.trim_end_matches(|c: char| c.is_ascii_digit());
    if stem.len() < run.len() && !stem.is_empty() && names.split(stem).is_some() {
        let digits = &run[stem.len()..];
        message.push_str(&format!(
            " (for {stem} to the power {digits} write {stem}^{digits}; for {digits} times {stem} write {digits}{stem})"
        ));
    } else if let Some(s) = names.suggest_name(run) {
        message.push_str(&format!("; did you mean {s}?"));
    }
    ParseError::new(K::UnknownName, span, message)
}

struct Parser {
    toks: Vec<PTok>,
    pos: usize,
    depth: usize,
    in_agg: Option<Aggregate>,
    src_len: usize,
}

enum Callee {
    Func(Func),
    Agg(Aggregate),
}

impl Parser {
    fn peek_tok(&self) -> Option<&PTok> {
        self.toks.get(self.pos)
    }

    fn peek(&self) -> Option<&P> {
        self.toks.get(self.pos).map(|t| &t.t)
    }

    fn span_here(&self) -> Span {
        match self.peek_tok() {
            Some(t) => t.span,
            None => Span::new(self.src_len, self.src_len),
        }
    }

    /// Bounds the recursion (so the stack), generously: the real limit is on the depth of the
    /// tree (checked after parsing), and the preview or strict form of any accepted tree stays
    /// within this bound when read back (at most two nested calls per level of the tree).
    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > PARSE_LIMIT {
            return Err(too_deep(self.span_here()));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn starts_atom(&self) -> bool {
        matches!(
            self.peek(),
            Some(P::Num(_) | P::Name(..) | P::Open(_) | P::Root)
        )
    }

    fn at_function(&self) -> bool {
        match self.peek() {
            Some(P::Name(r, _)) => {
                r.is_callable() && !(self.in_agg.is_some() && r.column.is_some())
            }
            Some(P::Root) => true,
            _ => false,
        }
    }

    fn sum(&mut self) -> Result<Node, ParseError> {
        self.enter()?;
        let first = self.term()?;
        if !matches!(self.peek(), Some(P::Plus | P::Minus)) {
            // one term (the usual case): no list to allocate
            self.leave();
            return Ok(first);
        }
        let mut items = Vec::with_capacity(4);
        items.push((false, first));
        while let Some(op @ (P::Plus | P::Minus)) = self.peek() {
            let minus = *op == P::Minus;
            self.pos += 1;
            items.push((minus, self.term()?));
        }
        self.leave();
        Ok(if items.len() == 1 {
            items.pop().map(|(_, n)| n).unwrap_or(Node::Num(0.0))
        } else {
            Node::Sum(items)
        })
    }

    fn term(&mut self) -> Result<Node, ParseError> {
        let first = self.unary()?;
        if !matches!(self.peek(), Some(P::Star | P::Slash)) {
            return Ok(first);
        }
        let mut items = Vec::with_capacity(4);
        items.push((false, first));
        while let Some(op @ (P::Star | P::Slash)) = self.peek() {
            let div = *op == P::Slash;
            self.pos += 1;
            items.push((div, self.unary()?));
        }
        Ok(if items.len() == 1 {
            items.pop().map(|(_, n)| n).unwrap_or(Node::Num(0.0))
        } else {
            Node::Product(items)
        })
    }

    fn unary(&mut self) -> Result<Node, ParseError> {
        match self.peek() {
            Some(P::Minus) => {
                self.pos += 1;
                self.enter()?;
                let inner = self.unary()?;
                self.leave();
                Ok(Node::Neg(Box::new(inner)))
            }
            Some(P::Plus) => {
                self.pos += 1;
                self.enter()?;
                let inner = self.unary()?;
                self.leave();
                Ok(inner)
            }
            _ => self.implicit(false),
        }
    }

    /// A run of juxtaposed factors. As a function's argument (`in_fn_arg`), the run stops
    /// before the next function name, so `sin x cos x` is sin(x)·cos(x).
    fn implicit(&mut self, in_fn_arg: bool) -> Result<Node, ParseError> {
        let first = self.power()?;
        if !self.starts_atom() {
            return Ok(first);
        }
        let mut items = Vec::with_capacity(4);
        items.push(first);
        while self.starts_atom() {
            if in_fn_arg && self.at_function() {
                break;
            }
            if let (Some(P::Num(_)), Some(prev)) = (self.peek(), self.toks.get(self.pos - 1)) {
                if matches!(prev.t, P::Num(_)) {
                    let span = prev.span.to(self.span_here());
                    return Err(ParseError::new(
                        K::Syntax,
                        span,
                        "two numbers in a row: write * between them for a product, or remove the space",
                    ));
                }
            }
            items.push(self.power()?);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(Node::Num(0.0))
        } else {
            Node::Implicit(items)
        })
    }

    fn power(&mut self) -> Result<Node, ParseError> {
        let base = self.atom()?;
        self.power_tail(base)
    }

    fn power_tail(&mut self, base: Node) -> Result<Node, ParseError> {
        match self.peek() {
            Some(P::Caret) => {
                self.pos += 1;
                let exp = self.exponent()?;
                Ok(Node::Pow(Box::new(base), Box::new(exp)))
            }
            Some(&P::Sup(v)) => {
                self.pos += 1;
                self.enter()?;
                let exp = self.power_tail(sup_node(v))?;
                self.leave();
                Ok(Node::Pow(Box::new(base), Box::new(exp)))
            }
            _ => Ok(base),
        }
    }

    /// The exponent after `^`: one atom with an optional sign (`e^2x` is e²·x).
    fn exponent(&mut self) -> Result<Node, ParseError> {
        self.enter()?;
        let neg = match self.peek() {
            Some(P::Minus) => {
                self.pos += 1;
                true
            }
            Some(P::Plus) => {
                self.pos += 1;
                false
            }
            _ => false,
        };
        let atom = self.atom()?;
        let e = self.power_tail(atom)?;
        self.leave();
        Ok(if neg { Node::Neg(Box::new(e)) } else { e })
    }

    fn missing_operand(&self) -> ParseError {
        let cur = self.peek_tok();
        let prev = self.pos.checked_sub(1).and_then(|i| self.toks.get(i));
        if let Some(c) = cur {
            if matches!(c.t, P::Star | P::Slash | P::Caret | P::Sup(_)) {
                return ParseError::new(
                    K::MissingOperand,
                    c.span,
                    format!("'{}' has nothing before it", show(c)),
                );
            }
        }
        if let Some(p) = prev {
            match p.t {
                P::Plus | P::Minus | P::Star | P::Slash | P::Caret | P::Comma => {
                    return ParseError::new(
                        K::MissingOperand,
                        p.span,
                        format!("'{}' has nothing after it", show(p)),
                    );
                }
                P::Root => {
                    return ParseError::new(
                        K::MissingOperand,
                        p.span,
                        "'√' needs something to take the root of, like √x or √(x+1)",
                    );
                }
                P::Open(_) if matches!(cur.map(|c| &c.t), Some(P::Comma)) => {
                    return ParseError::new(
                        K::MissingOperand,
                        cur.map(|c| c.span).unwrap_or(p.span),
                        "',' has nothing before it",
                    );
                }
                _ => {}
            }
        }
        match cur {
            Some(c) => ParseError::new(K::Syntax, c.span, format!("unexpected '{}'", show(c))),
            None => ParseError::new(
                K::MissingOperand,
                self.span_here(),
                "the expression ends too early",
            ),
        }
    }

    fn atom(&mut self) -> Result<Node, ParseError> {
        let Some(tok) = self.peek_tok() else {
            return Err(self.missing_operand());
        };
        let span = tok.span;
        match tok.t {
            P::Num(x) => {
                self.pos += 1;
                Ok(Node::Num(x))
            }
            P::Name(r, _) => {
                self.pos += 1;
                self.name(r, span)
            }
            P::Open(_) => {
                self.pos += 1;
                if let Some(P::Close(_)) = self.peek() {
                    let span = span.to(self.span_here());
                    return Err(ParseError::new(
                        K::MissingOperand,
                        span,
                        "empty parentheses: put an expression inside",
                    ));
                }
                let inner = self.sum()?;
                self.expect_close()?;
                Ok(inner)
            }
            P::Root => {
                self.pos += 1;
                let arg = self.fn_arg_or_group(span, "√")?;
                Ok(Node::Call(Func::Sqrt, vec![arg]))
            }
            _ => Err(self.missing_operand()),
        }
    }

    /// The name just read (at `span`), resolved as `r`.
    fn name(&mut self, r: Resolved, span: Span) -> Result<Node, ParseError> {
        if self.in_agg.is_some() {
            if let Some(c) = r.column {
                return Ok(Node::Column(c));
            }
        }
        match r.meaning {
            Some(Meaning::Var(i)) => Ok(Node::Var(i)),
            Some(Meaning::Param(i)) => Ok(Node::Param(i)),
            Some(Meaning::Pi) => Ok(Node::Pi),
            Some(Meaning::E) => Ok(Node::E),
            Some(Meaning::Func(f)) => {
                let name = self.text_before();
                self.call(Callee::Func(f), &name, span)
            }
            Some(Meaning::Agg(a)) => {
                let name = self.text_before();
                self.call(Callee::Agg(a), &name, span)
            }
            None => Err(column_outside(&self.text_before(), span)),
        }
    }

    /// The spelling of the name just read (copied only for a call or an error, not for every
    /// variable).
    fn text_before(&self) -> String {
        match self.pos.checked_sub(1).and_then(|k| self.toks.get(k)) {
            Some(PTok {
                t: P::Name(_, s), ..
            }) => s.clone(),
            _ => String::new(),
        }
    }

    fn expect_close(&mut self) -> Result<(), ParseError> {
        match self.peek_tok() {
            Some(PTok { t: P::Close(_), .. }) => {
                self.pos += 1;
                Ok(())
            }
            Some(t) if t.t == P::Comma => Err(ParseError::new(
                K::Syntax,
                t.span,
                "a comma separates a function's arguments, and there is no function here",
            )),
            Some(t) => Err(ParseError::new(
                K::Syntax,
                t.span,
                format!("unexpected '{}'", show(t)),
            )),
            None => Err(self.missing_operand()),
        }
    }

    /// The argument of `√` or of a function written without a comma list: a parenthesised
    /// group (then the call ends there: `√(x+1)(x-1)` is √(x+1)·(x−1)), or one implicit
    /// product with an optional sign.
    fn fn_arg_or_group(&mut self, name_span: Span, name: &str) -> Result<Node, ParseError> {
        if let Some(P::Open(_)) = self.peek() {
            let open = self.peek_tok().map(|t| t.span).unwrap_or(name_span);
            self.pos += 1;
            if let Some(P::Close(_)) = self.peek() {
                return Err(ParseError::new(
                    K::MissingOperand,
                    name_span.to(self.span_here()),
                    format!("{name} needs an argument inside the parentheses"),
                ));
            }
            let inner = self.sum()?;
            if let Some(P::Comma) = self.peek() {
                return Err(ParseError::new(
                    K::WrongArity,
                    name_span.to(open),
                    format!("{name} takes 1 argument"),
                ));
            }
            self.expect_close()?;
            return Ok(inner);
        }
        self.fn_arg(name_span, name)
    }

    fn fn_arg(&mut self, name_span: Span, name: &str) -> Result<Node, ParseError> {
        self.enter()?;
        let neg = match self.peek() {
            Some(P::Minus) => {
                self.pos += 1;
                Some(true)
            }
            Some(P::Plus) => {
                self.pos += 1;
                Some(false)
            }
            _ => None,
        };
        if !self.starts_atom() {
            return Err(if neg.is_some() {
                self.missing_operand()
            } else {
                needs_argument(name, name_span)
            });
        }
        let arg = self.implicit(true)?;
        self.leave();
        Ok(if neg == Some(true) {
            Node::Neg(Box::new(arg))
        } else {
            arg
        })
    }

    /// The power written on a function's name (`sin^2`, `sin²`), if any. Kept out of `call`
    /// so that the recursion through calls uses little stack.
    #[inline(never)]
    fn fn_power(&mut self, name: &str, name_span: Span) -> Result<Option<f64>, ParseError> {
        let mut fpow = None;
        match (self.kind_at(0), self.kind_at(1)) {
            (Some(P::Caret), next) => {
                let end = self
                    .toks
                    .get(self.pos + 1)
                    .map(|t| t.span)
                    .unwrap_or(name_span);
                match next {
                    Some(P::Num(v)) => {
                        fpow = Some(v);
                        self.pos += 2;
                    }
                    Some(P::Minus) => {
                        let end = match self.toks.get(self.pos + 2) {
                            Some(t @ PTok { t: P::Num(_), .. }) => t.span,
                            _ => end,
                        };
                        return Err(inverse_notation(name, name_span.to(end)));
                    }
                    _ => {
                        return Err(ParseError::new(
                            K::Syntax,
                            name_span.to(end),
                            format!(
                                "write the power after the argument: {name}(x)^2, or a plain number: {name}^2(x)"
                            ),
                        ))
                    }
                }
            }
            (Some(P::Sup(v)), _) => {
                let span = self.span_here();
                if v < 0.0 {
                    return Err(inverse_notation(name, name_span.to(span)));
                }
                fpow = Some(v);
                self.pos += 1;
            }
            _ => {}
        }
        Ok(fpow)
    }

    /// The token `k` past the current one, without a name's text (not needed to tell a power
    /// on a function's name, and not worth copying).
    fn kind_at(&self, k: usize) -> Option<P> {
        self.toks.get(self.pos + k).map(|t| match &t.t {
            P::Name(r, _) => P::Name(*r, String::new()),
            other => other.clone(),
        })
    }

    fn call(&mut self, callee: Callee, name: &str, name_span: Span) -> Result<Node, ParseError> {
        // A power written on the function name: sin^2(x), sin²x = (sin x)².
        let fpow = self.fn_power(name, name_span)?;
        if let Callee::Agg(a) = callee {
            if let Some(outer) = self.in_agg {
                return Err(nested_aggregate(a, outer, name_span));
            }
            self.in_agg = Some(a);
        }
        let args = if let Some(P::Open(_)) = self.peek() {
            self.paren_args()?
        } else {
            vec![self.fn_arg(name_span, name)?]
        };
        let end = self
            .pos
            .checked_sub(1)
            .and_then(|i| self.toks.get(i))
            .map(|t| t.span)
            .unwrap_or(name_span);
        let node = match callee {
            Callee::Func(f) => {
                check_arity(f, name, args.len(), name_span.to(end))?;
                Node::Call(f, args)
            }
            Callee::Agg(a) => {
                self.in_agg = None;
                if args.len() != 1 {
                    return Err(arity_error(name, 1, args.len(), name_span.to(end)));
                }
                let body = args.into_iter().next().unwrap_or(Node::Num(0.0));
                Node::Agg(a, Box::new(body))
            }
        };
        Ok(match fpow {
            Some(v) => Node::Pow(Box::new(node), Box::new(Node::Num(v))),
            None => node,
        })
    }

    fn paren_args(&mut self) -> Result<Vec<Node>, ParseError> {
        self.pos += 1; // the opening bracket
        let mut args = Vec::new();
        if let Some(P::Close(_)) = self.peek() {
            self.pos += 1;
            return Ok(args);
        }
        loop {
            args.push(self.sum()?);
            match self.peek() {
                Some(P::Comma) => self.pos += 1,
                Some(P::Close(_)) => {
                    self.pos += 1;
                    return Ok(args);
                }
                _ => {
                    self.expect_close()?;
                    return Ok(args);
                }
            }
        }
    }
}

fn sup_node(v: f64) -> Node {
    if v < 0.0 {
        Node::Neg(Box::new(Node::Num(-v)))
    } else {
        Node::Num(v)
    }
}

#[cold]
#[inline(never)]
fn inverse_notation(name: &str, span: Span) -> ParseError {
    let inverse = ["sin", "cos", "tan", "sinh", "cosh", "tanh"].contains(&name);
    let message = if inverse {
        format!(
            "{name}^-1 is ambiguous: write a{name}(x) for the inverse function or 1/{name}(x) for the reciprocal"
        )
    } else {
        format!("{name}^-1 is ambiguous: write 1/{name}(x) for the reciprocal")
    };
    ParseError::new(K::Ambiguous, span, message)
}

fn check_arity(f: Func, name: &str, n: usize, span: Span) -> Result<(), ParseError> {
    match f.arity() {
        Arity::One if n != 1 => Err(arity_error(name, 1, n, span)),
        Arity::AtLeastOne if n == 0 => Err(ParseError::new(
            K::WrongArity,
            span,
            format!("{name} needs at least 1 argument, like {name}(a, b)"),
        )),
        _ => Ok(()),
    }
}

#[cold]
#[inline(never)]
fn arity_error(name: &str, want: usize, got: usize, span: Span) -> ParseError {
    let got = match got {
        0 => "none".to_string(),
        n => n.to_string(),
    };
    let plural = if want == 1 { "" } else { "s" };
    ParseError::new(
        K::WrongArity,
        span,
        format!("{name} takes {want} argument{plural}; you gave {got}"),
    )
}

// Error builders live out of line so the recursive parsing functions keep small stack frames.

#[cold]
#[inline(never)]
fn column_outside(name: &str, span: Span) -> ParseError {
    ParseError::new(
        K::ColumnOutsideAggregate,
        span,
        format!("{name} is a data column: use it inside sum(...), mean(...) or prod(...)"),
    )
}

#[cold]
#[inline(never)]
fn needs_argument(name: &str, span: Span) -> ParseError {
    ParseError::new(
        K::MissingOperand,
        span,
        format!("{name} needs an argument, like {name}(x)"),
    )
}

#[cold]
#[inline(never)]
fn nested_aggregate(inner: Aggregate, outer: Aggregate, span: Span) -> ParseError {
    ParseError::new(
        K::NestedAggregate,
        span,
        format!(
            "{}(...) inside {}(...): aggregates cannot be nested",
            inner.name(),
            outer.name()
        ),
    )
}
