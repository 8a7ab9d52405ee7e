//! Property tests of the answer language: random expression trees printed in strict syntax and
//! in a student's style (implicit products, superscripts, Unicode operators, functions without
//! parentheses) give the same values; previews and strict forms read back to the same values;
//! and no input makes the parser panic.

use gradtutor::math::{Expr, Scope};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum T {
    Num(u32, u32), // integer part, tenths
    X,
    Y,
    Pi,
    E,
    Neg(Box<T>),
    Add(Box<T>, Box<T>),
    Sub(Box<T>, Box<T>),
    Mul(Box<T>, Box<T>),
    Div(Box<T>, Box<T>),
    Pow(Box<T>, i32),
    F(&'static str, Box<T>),
    Max(Box<T>, Box<T>),
}

const FUNCS: [&str; 9] = [
    "sin", "cos", "exp", "ln", "sqrt", "sigmoid", "tanh", "atan", "abs",
];

fn tree() -> impl Strategy<Value = T> {
    let leaf = prop_oneof![
        (0u32..12, 0u32..10).prop_map(|(i, t)| T::Num(i, t)),
        Just(T::X),
        Just(T::Y),
        Just(T::Pi),
        Just(T::E),
    ];
    leaf.prop_recursive(5, 40, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|a| T::Neg(Box::new(a))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| T::Add(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| T::Sub(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| T::Mul(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| T::Mul(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| T::Div(Box::new(a), Box::new(b))),
            (inner.clone(), prop_oneof![Just(-2), Just(-1), 0i32..5])
                .prop_map(|(a, n)| T::Pow(Box::new(a), n)),
            (inner.clone(), 0usize..FUNCS.len()).prop_map(|(a, f)| T::F(FUNCS[f], Box::new(a))),
            (inner.clone(), inner).prop_map(|(a, b)| T::Max(Box::new(a), Box::new(b))),
        ]
    })
}

fn num(i: u32, t: u32) -> String {
    if t == 0 {
        i.to_string()
    } else {
        format!("{i}.{t}")
    }
}

/// Fully parenthesised ASCII.
fn strict(t: &T) -> String {
    match t {
        T::Num(i, d) => num(*i, *d),
        T::X => "x".into(),
        T::Y => "y".into(),
        T::Pi => "pi".into(),
        T::E => "e".into(),
        T::Neg(a) => format!("(-({}))", strict(a)),
        T::Add(a, b) => format!("(({})+({}))", strict(a), strict(b)),
        T::Sub(a, b) => format!("(({})-({}))", strict(a), strict(b)),
        T::Mul(a, b) => format!("(({})*({}))", strict(a), strict(b)),
        T::Div(a, b) => format!("(({})/({}))", strict(a), strict(b)),
        T::Pow(a, n) => format!("(({})^({n}))", strict(a)),
        T::F(f, a) => format!("{f}({})", strict(a)),
        T::Max(a, b) => format!("max({},{})", strict(a), strict(b)),
    }
}

/// A tiny deterministic generator for the printer's choices.
struct Rng(u64);

impl Rng {
    fn pick(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
    fn coin(&mut self) -> bool {
        self.pick(2) == 0
    }
}

// Student-style precedence of a printed piece.
const SUM: u8 = 1;
const PRODUCT: u8 = 2;
const IMPLICIT: u8 = 3;
const POW: u8 = 4;
const ATOM: u8 = 5;

struct Printed {
    s: String,
    prec: u8,
    /// Ends with a function applied without parentheses (`sin x`): nothing may be juxtaposed
    /// after it.
    open_end: bool,
}

fn paren(p: Printed, r: &mut Rng) -> Printed {
    let (o, c) = match r.pick(6) {
        0 => ('[', ']'),
        _ => ('(', ')'),
    };
    Printed {
        s: format!("{o}{}{c}", p.s),
        prec: ATOM,
        open_end: false,
    }
}

fn sup(n: i32) -> String {
    const D: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut s = String::new();
    if n < 0 {
        s.push('⁻');
    }
    for d in n.unsigned_abs().to_string().bytes() {
        s.push(D[usize::from(d - b'0')]);
    }
    s
}

fn space(r: &mut Rng) -> &'static str {
    match r.pick(4) {
        0 => " ",
        1 => "\u{00A0}",
        _ => "",
    }
}

/// How a student might type it: implicit products, superscripts, Unicode operators,
/// functions without parentheses, all without changing the meaning.
fn student(t: &T, r: &mut Rng) -> Printed {
    let atom = |s: String| Printed {
        s,
        prec: ATOM,
        open_end: false,
    };
    match t {
        T::Num(i, d) => {
            if *i == 0 && *d != 0 && r.coin() {
                atom(format!(".{d}"))
            } else {
                atom(num(*i, *d))
            }
        }
        T::X => atom("x".into()),
        T::Y => atom("y".into()),
        T::Pi => atom(if r.coin() { "π" } else { "pi" }.into()),
        T::E => atom("e".into()),
        T::Neg(a) => {
            let pa = student(a, r);
            let pa = if pa.prec <= SUM || pa.s.starts_with(['-', '−']) {
                paren(pa, r)
            } else {
                pa
            };
            let minus = if r.coin() { "−" } else { "-" };
            // a negation is wrapped by every parent (see `operand`)
            Printed {
                s: format!("{minus}{}", pa.s),
                prec: 0,
                open_end: pa.open_end,
            }
        }
        T::Add(a, b) | T::Sub(a, b) => {
            let pa = operand(student(a, r), SUM, r);
            let pb = operand(student(b, r), SUM + 1, r);
            let op = match (t, r.pick(3)) {
                (T::Add(..), _) => "+",
                (_, 0) => "−",
                (_, 1) => "–",
                _ => "-",
            };
            let sp = space(r);
            Printed {
                s: format!("{}{sp}{op}{sp}{}", pa.s, pb.s),
                prec: SUM,
                open_end: pb.open_end,
            }
        }
        T::Mul(a, b) => {
            let pa = student(a, r);
            let pb = student(b, r);
            // juxtaposition: the left side binds at least as tightly as an implicit product,
            // the right side is one power or atom, and the two cannot run together
            // (2 then 3 would read 23, 2 then .5 would read 2.5, 2 then e3 would read 2e3).
            let left_ok = pa.prec >= IMPLICIT && !pa.open_end;
            let right_ok = pb.prec >= POW
                && !(pa.s.ends_with(|c: char| c.is_alphanumeric() || c == '.')
                    && pb.s.starts_with(|c: char| c.is_ascii_digit() || c == '.'))
                && !(pa.s.ends_with(|c: char| c.is_ascii_digit()) && pb.s == "e");
            if left_ok && right_ok && r.pick(3) != 0 {
                let sp = if r.coin() && pb.s.starts_with(char::is_alphabetic) {
                    " "
                } else {
                    ""
                };
                // `x y` with a space stays a product; `xy` is split into x·y
                return Printed {
                    s: format!("{}{sp}{}", pa.s, pb.s),
                    prec: IMPLICIT,
                    open_end: pb.open_end,
                };
            }
            let pa = operand(pa, PRODUCT, r);
            let pb = operand(pb, PRODUCT + 1, r);
            let op = ["*", "·", "×", "∗"][r.pick(4) as usize];
            let sp = space(r);
            Printed {
                s: format!("{}{sp}{op}{sp}{}", pa.s, pb.s),
                prec: PRODUCT,
                open_end: pb.open_end,
            }
        }
        T::Div(a, b) => {
            let pa = operand(student(a, r), PRODUCT, r);
            // an implicit product on the right of / is the whole denominator: 1/2x = 1/(2x)
            let pb = operand(student(b, r), IMPLICIT, r);
            let op = if r.pick(4) == 0 { "÷" } else { "/" };
            Printed {
                s: format!("{}{op}{}", pa.s, pb.s),
                prec: PRODUCT,
                open_end: pb.open_end,
            }
        }
        T::Pow(a, n) => {
            let pa = student(a, r);
            let pa = if pa.prec < ATOM || pa.open_end {
                paren(pa, r)
            } else {
                pa
            };
            let e = match r.pick(4) {
                0 | 1 => sup(*n),
                2 => format!("^{n}"),
                _ if *n < 0 => format!("**({n})"),
                _ => format!("**{n}"),
            };
            Printed {
                s: format!("{}{e}", pa.s),
                prec: POW,
                open_end: false,
            }
        }
        T::F(f, a) => {
            let pa = student(a, r);
            let name = match (*f, r.pick(3)) {
                ("sigmoid", 0) => "σ",
                ("sigmoid", 1) => "sig",
                ("atan", 0) => "arctan",
                ("ln", 0) => "log",
                (f, _) => f,
            };
            let simple = matches!(**a, T::X | T::Y | T::Pi | T::E);
            if simple && r.coin() {
                if *f == "sqrt" {
                    return Printed {
                        s: format!("√{}", pa.s),
                        prec: IMPLICIT,
                        open_end: true,
                    };
                }
                return Printed {
                    s: format!("{name} {}", pa.s),
                    prec: IMPLICIT,
                    open_end: true,
                };
            }
            if *f == "sqrt" && r.coin() {
                return atom(format!("√({})", pa.s));
            }
            atom(format!("{name}({})", pa.s))
        }
        T::Max(a, b) => {
            let (pa, pb) = (student(a, r), student(b, r));
            atom(format!("max({},{}{})", pa.s, space(r), pb.s))
        }
    }
}

/// Wraps `p` in parentheses unless it binds at least as tightly as `min`.
fn operand(p: Printed, min: u8, r: &mut Rng) -> Printed {
    if p.prec < min {
        paren(p, r)
    } else {
        p
    }
}

fn close(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

const POINTS: [[f64; 2]; 5] = [
    [0.3, 1.7],
    [1.1, -0.6],
    [-2.2, 0.9],
    [2.9, 3.1],
    [0.05, -1.4],
];

fn xy() -> Scope {
    Scope::new(&["x", "y"])
}

fn agree(a: &Expr, b: &Expr) -> Result<(), TestCaseError> {
    for p in POINTS {
        let (va, vb) = (a.eval(&p), b.eval(&p));
        prop_assert!(close(va, vb), "{va} vs {vb} at {p:?}");
    }
    Ok(())
}

proptest! {
    // 600 cases by default; PROPTEST_CASES=20000 for a longer run
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(600)
    ))]

    #[test]
    fn student_and_strict_spellings_agree(t in tree(), seed in 1u64..u64::MAX) {
        let scope = xy();
        let strict_text = strict(&t);
        let student_text = student(&t, &mut Rng(seed)).s;
        let a = Expr::parse(&strict_text, &scope)
            .map_err(|e| TestCaseError::fail(format!("{strict_text:?}: {e}")))?;
        let b = Expr::parse(&student_text, &scope)
            .map_err(|e| TestCaseError::fail(format!("{student_text:?}: {e} at {:?}", e.span)))?;
        agree(&a, &b).map_err(|e| TestCaseError::fail(format!(
            "{strict_text:?} vs {student_text:?} (read as {}): {e}", b.preview())))?;
    }

    #[test]
    fn previews_and_strict_forms_read_back(t in tree(), seed in 1u64..u64::MAX) {
        let scope = xy();
        for text in [strict(&t), student(&t, &mut Rng(seed)).s] {
            let e = Expr::parse(&text, &scope)
                .map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
            let preview = e.preview();
            let p = Expr::parse(&preview, &scope)
                .map_err(|e| TestCaseError::fail(format!("preview {preview:?}: {e}")))?;
            agree(&e, &p).map_err(|err| TestCaseError::fail(format!("{text:?} → {preview:?}: {err}")))?;
            let s = Expr::parse(&e.strict(), &scope)
                .map_err(|e| TestCaseError::fail(format!("strict: {e}")))?;
            agree(&e, &s)?;
            // previewing is stable: the preview of a preview is itself
            prop_assert_eq!(p.preview(), preview);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,60}") {
        let _ = gradtutor::math::prettify(&s);
        if let Ok(e) = Expr::parse(&s, &xy()) {
            let _ = e.eval(&[0.5, 1.5]);
            let _ = e.preview();
        }
    }

    #[test]
    fn math_shaped_text_never_panics(
        parts in prop::collection::vec(
            prop::sample::select(vec![
                "x", "y", "2", ".5", "1e-3", "e", "pi", "π", "sin", "ln", "log", "sqrt", "√",
                "σ", "max", "sum", "(", ")", "[", "]", ",", "+", "-", "−", "*", "·", "/", "÷",
                "^", "**", "²", "⁻¹", " ", "\u{3000}", "xy", "asin", "=", "|",
            ]),
            0..30,
        )
    ) {
        let s: String = parts.concat();
        match Expr::parse(&s, &xy()) {
            Ok(e) => {
                let _ = e.eval(&[0.5, 1.5]);
                let back = Expr::parse(&e.preview(), &xy());
                prop_assert!(back.is_ok(), "preview {:?} of {:?} does not parse", e.preview(), s);
            }
            Err(err) => {
                let n = s.chars().count();
                prop_assert!(err.span.start <= err.span.end && err.span.end <= n.max(1),
                    "{:?}: span {:?} outside the text", s, err.span);
                prop_assert!(!err.message.is_empty());
            }
        }
    }
}
