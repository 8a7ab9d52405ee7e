//! Our own evaluator: a compact register program, compiled once from an expression in reverse
//! Polish order (the tree walked by `compile` in the order of meval's tokens) and run without
//! allocating.
//!
//! Meval interprets its tokens on every evaluation: it allocates a stack, looks every name up
//! through a callback and computes every power with `powf`. A [`Program`] does that work once:
//!
//! - Operands are *slots* of one array: the temporaries (one per depth of the RPN stack, so a
//!   value computed at depth `p` lives in temporary `p`), then the inputs (variables, data
//!   columns, aggregate values, in the order the program first used them), then the constants.
//! - Operations on constants are folded when compiling, with the very operations the evaluator
//!   would run, so folding never changes a value.
//! - A power with a small integer exponent is a chain of multiplications (`x^2 = x·x`,
//!   `x^-1 = 1/x`); division by a power of two is multiplication by its exact reciprocal.
//! - Functions are dispatched by their [`Func`] variant, with no name to look up.
//!
//! [`Program::eval`] evaluates at one point in a fixed-size array on the stack.
//! [`Program::eval_batch`] evaluates at many points at once, structure of arrays: each
//! instruction runs over a block of points in one tight loop, which the compiler vectorises for
//! the arithmetic; `sin`, `cos`, `exp`, `ln`, `σ`, `e^x` ([`pow_e`]), `2^x` and `10^x` run as the
//! vectorised kernels of [`vecmath`](super::vecmath), each within one unit in the last place of
//! what one evaluation computes (σ three), NaN and infinity exactly where it gives them. So a batch can differ
//! from one evaluation in the last bit of those functions; with [`Options::fast_powers`] off, a
//! batch calls glibc's functions too and equals one evaluation, and meval, bit for bit.
//!
//! Same values as meval: every operation is the one meval performs, in the same order, so the
//! results are equal bit for bit, NaN and infinity included (`1/0`, `sqrt(-1)`, `ln(0)`,
//! `0^-1`), except in two kinds of power:
//!
//! - an integer power by multiplication can differ from `powf` in the last bits (a product of
//!   `n` factors rounds up to `log2(n) + popcount(n)` times; `powf` is within one unit in the
//!   last place);
//! - `e^u` (the base being the double nearest e) is `exp(u)` where that is a normal number
//!   (|u| < 708), not meval's `powf(e, u)`: the two differ by at most `|u|·2⁻⁵⁴ + 2⁻⁵¹` relative
//!   (the double e is not e: `powf` computes e^(u·(1 − 5.3·10⁻¹⁷))), measured at most 24 units
//!   in the last place for |u| ≤ 50 and 339 near u = −706; beyond |u| < 708 it is `powf`'s, so
//!   overflow, underflow, NaN and infinity are meval's exactly ([`pow_e`]).
//!
//! [`Options::fast_powers`] turns both off, and the differential tests check the program against
//! meval bit for bit in that mode. A name meval would not know (a data
//! column outside an aggregate, a variable index beyond the values given) makes meval fail, and
//! makes the program give NaN at every point, as the answer language does with meval's errors.

use super::functions::Func;

mod batch;
pub(crate) use batch::Source;

/// The largest integer exponent computed by multiplication; larger ones use `powf`.
pub(crate) const MAX_INT_POWER: i32 = 16;

/// What the program reads besides its constants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Input {
    /// The `i`-th variable.
    Var(usize),
    /// The `i`-th data column, at the current row (aggregate bodies).
    Col(usize),
    /// The `i`-th aggregate's value (the main expression of an answer with aggregates).
    Agg(usize),
}

/// How a program is compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Options {
    /// Integer powers by multiplication and `e^u` by `exp` (the default); `false` keeps `powf`
    /// for every power, as meval computes them, for the differential tests.
    pub fast_powers: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { fast_powers: true }
    }
}

/// A binary operation, as meval spells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    /// Meval's `%`: the answer language has none, so only the test that compiles meval's
    /// tokens meets it.
    #[cfg_attr(not(test), allow(dead_code))]
    Rem,
    Pow,
}

/// What an instruction computes. One flat code per operation, the usual functions included,
/// so that running an instruction is one jump through one table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
    /// `min` and `max` of two values, NaN when either is NaN (as `Func::apply` folds them).
    Min,
    Max,
    Neg,
    /// `x·x` (the commonest integer power).
    Sqr,
    /// `1/x`.
    Recip,
    /// `x^n` by multiplication, `n` in the instruction's `b`.
    PowI,
    /// `e^x` ([`pow_e`]).
    PowE,
    Sin,
    Cos,
    Exp,
    Ln,
    Sqrt,
    Abs,
    Sigmoid,
    /// Any other function of one argument (the instruction's `f`).
    Call,
}

/// One instruction: `slot[d] = op(slot[a], slot[b])`; a flat record of four small fields.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Instr {
    op: Op,
    /// The function of [`Op::Call`].
    f: Func,
    d: u32,
    a: u32,
    /// The second operand's slot, or the exponent of [`Op::PowI`] (as `i32` bits).
    b: u32,
}

impl Instr {
    fn new(op: Op, d: u32, a: u32, b: u32) -> Instr {
        Instr {
            op,
            f: Func::Abs,
            d,
            a,
            b,
        }
    }

    fn call(d: u32, a: u32, f: Func) -> Instr {
        let op = match f {
            Func::Sin => Op::Sin,
            Func::Cos => Op::Cos,
            Func::Exp => Op::Exp,
            Func::Ln => Op::Ln,
            Func::Sqrt => Op::Sqrt,
            Func::Abs => Op::Abs,
            Func::Sigmoid => Op::Sigmoid,
            _ => Op::Call,
        };
        Instr { op, f, d, a, b: 0 }
    }

    fn pow_i(d: u32, a: u32, n: i32) -> Instr {
        match n {
            2 => Instr::new(Op::Sqr, d, a, 0),
            -1 => Instr::new(Op::Recip, d, a, 0),
            _ => Instr::new(Op::PowI, d, a, n as u32),
        }
    }

    /// The operation on one value (`b` is ignored by the one-operand operations).
    #[inline(always)]
    fn apply(&self, x: f64, y: f64) -> f64 {
        match self.op {
            Op::Add => x + y,
            Op::Sub => x - y,
            Op::Mul => x * y,
            Op::Div => x / y,
            Op::Rem => x % y,
            Op::Pow => x.powf(y),
            Op::Min => min2(x, y),
            Op::Max => max2(x, y),
            Op::Neg => -x,
            Op::Sqr => x * x,
            Op::Recip => 1.0 / x,
            Op::PowI => int_pow(x, self.b as i32),
            Op::PowE => pow_e(x),
            Op::Sin => x.sin(),
            Op::Cos => x.cos(),
            Op::Exp => x.exp(),
            Op::Ln => x.ln(),
            Op::Sqrt => x.sqrt(),
            Op::Abs => x.abs(),
            Op::Sigmoid => super::functions::sigmoid(x),
            Op::Call => self.f.apply1(x),
        }
    }
}

/// A function of one value, as the one-point evaluator calls it.
type F1 = fn(f64) -> f64;

/// The functions of [`Step::Call`] and the fused steps, by [`fn_index`]: every [`Func`] in
/// its declaration order, then [`pow_e`]; the table is padded to 32 so that an index masked
/// with 31 needs no bounds check (the padding is never indexed).
static FNS: [F1; 32] = [
    |x| Func::Sin.apply1(x),
    |x| Func::Cos.apply1(x),
    |x| Func::Tan.apply1(x),
    |x| Func::Sec.apply1(x),
    |x| Func::Csc.apply1(x),
    |x| Func::Cot.apply1(x),
    |x| Func::Asin.apply1(x),
    |x| Func::Acos.apply1(x),
    |x| Func::Atan.apply1(x),
    |x| Func::Sinh.apply1(x),
    |x| Func::Cosh.apply1(x),
    |x| Func::Tanh.apply1(x),
    |x| Func::Asinh.apply1(x),
    |x| Func::Acosh.apply1(x),
    |x| Func::Atanh.apply1(x),
    |x| Func::Exp.apply1(x),
    |x| Func::Ln.apply1(x),
    |x| Func::Log10.apply1(x),
    |x| Func::Log2.apply1(x),
    |x| Func::Sqrt.apply1(x),
    |x| Func::Abs.apply1(x),
    |x| Func::Sigmoid.apply1(x),
    |x| Func::Relu.apply1(x),
    |x| Func::Min.apply1(x),
    |x| Func::Max.apply1(x),
    pow_e,
    |_| f64::NAN,
    |_| f64::NAN,
    |_| f64::NAN,
    |_| f64::NAN,
    |_| f64::NAN,
    |_| f64::NAN,
];

/// The index in [`FNS`] of the function an instruction applies, if it applies one.
fn fn_index(ins: &Instr) -> Option<u8> {
    let f = match ins.op {
        Op::Sin => Func::Sin,
        Op::Cos => Func::Cos,
        Op::Exp => Func::Exp,
        Op::Ln => Func::Ln,
        Op::Sqrt => Func::Sqrt,
        Op::Abs => Func::Abs,
        Op::Sigmoid => Func::Sigmoid,
        Op::Call => ins.f,
        Op::PowE => return Some(25),
        _ => return None,
    };
    Some(f as u8)
}

/// One step of the one-point evaluator ([`Program::eval`]): an instruction with its slots in
/// a byte and its function as an index into [`FNS`], or two instructions fused into one step
/// where the first one's temporary is read only by the second (the value then stays in a
/// register; no slot is written and read back, and there is one dispatch instead of two).
/// Every step computes exactly what its instructions compute, in the same order, so the
/// values are the same bit for bit. Fields: the destination slot first, then the operands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Add(u8, u8, u8),
    Sub(u8, u8, u8),
    Mul(u8, u8, u8),
    Div(u8, u8, u8),
    Rem(u8, u8, u8),
    Pow(u8, u8, u8),
    Min(u8, u8, u8),
    Max(u8, u8, u8),
    Neg(u8, u8),
    Sqr(u8, u8),
    Recip(u8, u8),
    Sqrt(u8, u8),
    Abs(u8, u8),
    PowI(u8, u8, i32),
    /// `d = f(a)`.
    Call(u8, u8, u8),
    /// `d = a·(b·b)`: a coefficient times a square (`3x²`).
    MulSqr(u8, u8, u8),
    /// `d = f(a·b)`, `f(a + b)`, `f(a − b)`, `f(a/b)`: a function of a product, a sum, a
    /// difference or a quotient (`e^(2y)`, `σ(xy)`, `sin(x + 1)`).
    CallMul(u8, u8, u8, u8),
    CallAdd(u8, u8, u8, u8),
    CallSub(u8, u8, u8, u8),
    CallDiv(u8, u8, u8, u8),
    /// `d = a·f(b)`, `a + f(b)`, `a − f(b)` (`2x·e^(x²)`, `sin x cos y`, `1 − σ(x)`).
    MulCall(u8, u8, u8, u8),
    AddCall(u8, u8, u8, u8),
    SubCall(u8, u8, u8, u8),
    /// `d = a + b·c`, `a − b·c`, `b·c − a`, rounded twice as unfused (the terms of a polynomial).
    AddMul(u8, u8, u8, u8),
    SubMul(u8, u8, u8, u8),
    MulSub(u8, u8, u8, u8),
    /// Three instructions: `d = a·f(b·c)` (`3x²·e^(2y)`, `x·sin(2x)`).
    MulCallMul(u8, u8, u8, u8, u8),
    /// Three instructions: `d = a + b·f(c)`, `a − b·f(c)` (`… + sin x cos y`, `… − 2σ(x)`).
    AddMulCall(u8, u8, u8, u8, u8),
    SubMulCall(u8, u8, u8, u8, u8),
}

/// Whether an instruction reads its `b` slot (the two-operand operations).
fn reads_b(op: Op) -> bool {
    matches!(
        op,
        Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Rem | Op::Pow | Op::Min | Op::Max
    )
}

/// `code` as one-point steps, fused in pairs where possible. Slots must fit in a byte.
fn steps(code: &[Instr], result: u32) -> Vec<Step> {
    let mut out = Vec::with_capacity(code.len());
    let mut i = 0;
    while let Some(ins) = code.get(i) {
        let triple = code
            .get(i + 2)
            .filter(|_| single_use(code, i, result) && single_use(code, i + 1, result))
            .and_then(|third| fuse3(ins, &code[i + 1], third));
        if let Some(step) = triple {
            out.push(step);
            i += 3;
            continue;
        }
        let fused = code
            .get(i + 1)
            .filter(|_| single_use(code, i, result))
            .and_then(|next| fuse(ins, next));
        match fused {
            Some(step) => {
                out.push(step);
                i += 2;
            }
            None => {
                out.push(single(ins));
                i += 1;
            }
        }
    }
    out
}

/// Whether the temporary that instruction `i` writes is read once, by instruction `i + 1`,
/// and never again before it is written anew (so fusing the two needs no slot for it).
fn single_use(code: &[Instr], i: usize, result: u32) -> bool {
    let t = code[i].d;
    let reads = |ins: &Instr| usize::from(ins.a == t) + usize::from(reads_b(ins.op) && ins.b == t);
    if reads(&code[i + 1]) != 1 {
        return false;
    }
    if code[i + 1].d == t {
        return true;
    }
    for ins in &code[i + 2..] {
        if reads(ins) > 0 {
            return false;
        }
        if ins.d == t {
            return true;
        }
    }
    result != t
}

/// One instruction as a step.
fn single(ins: &Instr) -> Step {
    let (d, a, b) = (ins.d as u8, ins.a as u8, ins.b as u8);
    match ins.op {
        Op::Add => Step::Add(d, a, b),
        Op::Sub => Step::Sub(d, a, b),
        Op::Mul => Step::Mul(d, a, b),
        Op::Div => Step::Div(d, a, b),
        Op::Rem => Step::Rem(d, a, b),
        Op::Pow => Step::Pow(d, a, b),
        Op::Min => Step::Min(d, a, b),
        Op::Max => Step::Max(d, a, b),
        Op::Neg => Step::Neg(d, a),
        Op::Sqr => Step::Sqr(d, a),
        Op::Recip => Step::Recip(d, a),
        Op::Sqrt => Step::Sqrt(d, a),
        Op::Abs => Step::Abs(d, a),
        Op::PowI => Step::PowI(d, a, ins.b as i32),
        Op::Sin | Op::Cos | Op::Exp | Op::Ln | Op::Sigmoid | Op::PowE | Op::Call => {
            Step::Call(d, a, fn_index(ins).unwrap_or(26))
        }
    }
}

/// Two instructions as one step, when the second reads the first's temporary (once) and the
/// pair has a fused form.
fn fuse(first: &Instr, second: &Instr) -> Option<Step> {
    let t = first.d;
    let d = second.d as u8;
    // The second's other operand, and whether the temporary is its left one.
    let (other, left) = if second.a == t {
        (second.b as u8, true)
    } else {
        (second.a as u8, false)
    };
    let (a, b) = (first.a as u8, first.b as u8);
    if let Some(f) = fn_index(second) {
        return match first.op {
            Op::Mul => Some(Step::CallMul(d, a, b, f)),
            Op::Add => Some(Step::CallAdd(d, a, b, f)),
            Op::Sub => Some(Step::CallSub(d, a, b, f)),
            Op::Div => Some(Step::CallDiv(d, a, b, f)),
            _ => None,
        };
    }
    if let Some(f) = fn_index(first) {
        return match second.op {
            Op::Mul => Some(Step::MulCall(d, other, a, f)),
            Op::Add => Some(Step::AddCall(d, other, a, f)),
            Op::Sub if !left => Some(Step::SubCall(d, other, a, f)),
            _ => None,
        };
    }
    match (first.op, second.op, left) {
        (Op::Sqr, Op::Mul, _) => Some(Step::MulSqr(d, other, a)),
        (Op::Mul, Op::Add, _) => Some(Step::AddMul(d, other, a, b)),
        (Op::Mul, Op::Sub, false) => Some(Step::SubMul(d, other, a, b)),
        (Op::Mul, Op::Sub, true) => Some(Step::MulSub(d, other, a, b)),
        _ => None,
    }
}

/// Three instructions as one step, when each of the first two one's temporary is read (once)
/// by the next, and the three have a fused form.
fn fuse3(first: &Instr, second: &Instr, third: &Instr) -> Option<Step> {
    // The operand of `ins` other than the temporary `t` (for two-operand instructions).
    let other = |ins: &Instr, t: u32| {
        let o = if ins.a == t { ins.b } else { ins.a };
        o as u8
    };
    let (d, u) = (third.d as u8, other(third, second.d));
    if first.op == Op::Mul && third.op == Op::Mul {
        let f = fn_index(second)?;
        return Some(Step::MulCallMul(d, u, first.a as u8, first.b as u8, f));
    }
    let f = fn_index(first)?;
    let m = other(second, first.d);
    match (second.op, third.op) {
        (Op::Mul, Op::Add) => Some(Step::AddMulCall(d, u, m, first.a as u8, f)),
        (Op::Mul, Op::Sub) if third.b == second.d => {
            Some(Step::SubMulCall(d, u, m, first.a as u8, f))
        }
        _ => None,
    }
}

/// Runs one step on the slots (every slot number masked with `N − 1`: no bounds checks).
#[inline(always)]
fn exec<const N: usize>(s: &mut [f64; N], step: Step) {
    let at = |s: &[f64; N], i: u8| s[usize::from(i) & (N - 1)];
    let call = |f: u8, x: f64| FNS[usize::from(f) & 31](x);
    let (d, v) = match step {
        Step::Add(d, a, b) => (d, at(s, a) + at(s, b)),
        Step::Sub(d, a, b) => (d, at(s, a) - at(s, b)),
        Step::Mul(d, a, b) => (d, at(s, a) * at(s, b)),
        Step::Div(d, a, b) => (d, at(s, a) / at(s, b)),
        Step::Rem(d, a, b) => (d, at(s, a) % at(s, b)),
        Step::Pow(d, a, b) => (d, at(s, a).powf(at(s, b))),
        Step::Min(d, a, b) => (d, min2(at(s, a), at(s, b))),
        Step::Max(d, a, b) => (d, max2(at(s, a), at(s, b))),
        Step::Neg(d, a) => (d, -at(s, a)),
        Step::Sqr(d, a) => (d, at(s, a) * at(s, a)),
        Step::Recip(d, a) => (d, 1.0 / at(s, a)),
        Step::Sqrt(d, a) => (d, at(s, a).sqrt()),
        Step::Abs(d, a) => (d, at(s, a).abs()),
        Step::PowI(d, a, n) => (d, int_pow(at(s, a), n)),
        Step::Call(d, a, f) => (d, call(f, at(s, a))),
        Step::MulSqr(d, a, b) => (d, at(s, a) * (at(s, b) * at(s, b))),
        Step::CallMul(d, a, b, f) => (d, call(f, at(s, a) * at(s, b))),
        Step::CallAdd(d, a, b, f) => (d, call(f, at(s, a) + at(s, b))),
        Step::CallSub(d, a, b, f) => (d, call(f, at(s, a) - at(s, b))),
        Step::CallDiv(d, a, b, f) => (d, call(f, at(s, a) / at(s, b))),
        Step::MulCall(d, a, b, f) => (d, at(s, a) * call(f, at(s, b))),
        Step::AddCall(d, a, b, f) => (d, at(s, a) + call(f, at(s, b))),
        Step::SubCall(d, a, b, f) => (d, at(s, a) - call(f, at(s, b))),
        Step::AddMul(d, a, b, c) => (d, at(s, a) + at(s, b) * at(s, c)),
        Step::SubMul(d, a, b, c) => (d, at(s, a) - at(s, b) * at(s, c)),
        Step::MulSub(d, a, b, c) => (d, at(s, b) * at(s, c) - at(s, a)),
        Step::MulCallMul(d, a, b, c, f) => (d, at(s, a) * call(f, at(s, b) * at(s, c))),
        Step::AddMulCall(d, a, b, c, f) => (d, at(s, a) + at(s, b) * call(f, at(s, c))),
        Step::SubMulCall(d, a, b, c, f) => (d, at(s, a) - at(s, b) * call(f, at(s, c))),
    };
    s[usize::from(d) & (N - 1)] = v;
}

/// A compiled expression.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Program {
    code: Vec<Instr>,
    /// The slot holding the result.
    result: u32,
    /// Temporaries: slots `0..regs`.
    regs: u32,
    /// Slot `regs + k` holds `inputs[k]`.
    inputs: Vec<Input>,
    /// Slot `regs + inputs.len() + k` holds `consts[k]`.
    consts: Vec<f64>,
    /// Meval would fail on this expression (an unknown name, a wrong argument count): every
    /// evaluation gives NaN.
    fails: bool,
    /// `code` for [`Program::eval`], fused ([`steps`]); empty when there are more than
    /// [`MAX_STEP_SLOTS`] slots (then `eval` runs `code`).
    steps: Vec<Step>,
    /// The slots as [`Program::eval`] starts with up to 16 of them: the constants in place.
    init: [f64; 16],
    /// Compiled without [`Options::fast_powers`] (meval's values bit for bit): batches too run
    /// the standard library's scalar functions instead of the vectorised kernels.
    exact: bool,
    /// `code` as [`Program::eval_batch`] runs it.
    batch: batch::Batch,
}

/// The most slots a program evaluated by [`Step`]s has (their slot numbers are bytes).
const MAX_STEP_SLOTS: usize = 64;

/// A value on the compile-time stack.
#[derive(Clone, Copy, Debug)]
enum Val {
    Num(f64),
    Reg(u32),
    Input(u32),
}

/// Builds a [`Program`] from operations in reverse Polish order.
pub(crate) struct Builder {
    opts: Options,
    stack: Vec<Val>,
    code: Vec<BInstr>,
    regs: u32,
    inputs: Vec<Input>,
    fails: bool,
}

/// An instruction before the final slot numbers are known.
#[derive(Clone, Copy, Debug)]
enum BInstr {
    Bin(Kind, u32, Val, Val),
    Neg(u32, Val),
    PowI(u32, Val, i32),
    PowE(u32, Val),
    Call(u32, Val, Func),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
    Min,
    Max,
}

/// `min`/`max` of two values as [`Func::apply`] folds them: NaN when either is NaN.
#[inline]
fn min2(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.min(b)
    }
}

#[inline]
fn max2(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

/// `x^n` by multiplication (binary exponentiation), then `1/x^|n|` for negative `n`. Equal to
/// `powf` for `n` = 0 and 1; `x·x` and `1/x` are correctly rounded (glibc's `pow` is within one
/// unit in the last place of them); larger exponents are within a few units in the last place
/// of `powf`. NaN, infinities and signed zeros are `powf`'s.
#[inline]
pub(crate) fn int_pow(x: f64, n: i32) -> f64 {
    let p = match n.unsigned_abs() {
        0 => return 1.0,
        1 => x,
        2 => x * x,
        mut e => {
            let (mut acc, mut base) = (1.0, x);
            loop {
                if e & 1 == 1 {
                    acc *= base;
                }
                e >>= 1;
                if e == 0 {
                    break acc;
                }
                base *= base;
            }
        }
    };
    if n < 0 {
        1.0 / p
    } else {
        p
    }
}

/// Whether `x` is the double nearest e (the base of [`pow_e`]).
#[inline]
fn is_e(x: f64) -> bool {
    x.to_bits() == std::f64::consts::E.to_bits()
}

/// `e^x` as a compiled expression computes it: `exp(x)` for |x| < 708, where both it and
/// meval's `powf(e, x)` are normal numbers and differ by at most `|x|·2⁻⁵⁴ + 2⁻⁵¹` relative
/// (`exp` is the closer to the true e^x); `powf(e, x)` otherwise, so that overflow to infinity,
/// underflow to zero (or a subnormal), NaN and infinite arguments are exactly meval's.
#[inline]
pub(crate) fn pow_e(x: f64) -> f64 {
    if x.abs() < 708.0 {
        x.exp()
    } else {
        std::f64::consts::E.powf(x)
    }
}

/// `x^y` with a constant base and exponent, as a compiled expression folds it: by [`pow_e`] for
/// the base e, by multiplication for an integer exponent up to [`MAX_INT_POWER`] in size, by
/// `powf` otherwise.
#[inline]
pub(crate) fn pow(x: f64, y: f64) -> f64 {
    pow_as_compiled(x, y, true, true)
}

/// `x^y` exactly as a compiled expression computes it, for code that must agree with
/// `Expr::eval` bit for bit (the computational graph's forward pass). The program chooses when
/// it is compiled, by which operands are constants, not by their values: [`pow_e`] only for a
/// constant base e, multiplication only for a constant integer exponent, `powf` for the rest
/// (a varying base worth e, as `exp(x/x)^u`, or a varying exponent worth 3, as `x^max(y, 3)`).
#[inline]
pub(crate) fn pow_as_compiled(x: f64, y: f64, constant_base: bool, constant_exponent: bool) -> f64 {
    if constant_base && is_e(x) {
        return pow_e(y);
    }
    match small_integer(y) {
        Some(n) if constant_exponent => int_pow(x, n),
        _ => x.powf(y),
    }
}

impl Kind {
    #[inline(always)]
    fn apply(self, a: f64, b: f64) -> f64 {
        match self {
            Kind::Add => a + b,
            Kind::Sub => a - b,
            Kind::Mul => a * b,
            Kind::Div => a / b,
            Kind::Rem => a % b,
            Kind::Pow => a.powf(b),
            Kind::Min => min2(a, b),
            Kind::Max => max2(a, b),
        }
    }
}

/// The exact reciprocal of `c` when `c` is a power of two whose reciprocal is a normal number,
/// so that `x / c == x * (1/c)` for every `x`.
fn exact_reciprocal(c: f64) -> Option<f64> {
    const MANTISSA: u64 = (1 << 52) - 1;
    let r = 1.0 / c;
    (c.is_normal() && r.is_normal() && c.to_bits() & MANTISSA == 0).then_some(r)
}

/// The exponent of `x^b` to compute by multiplication, if any.
fn small_integer(b: f64) -> Option<i32> {
    let limit = f64::from(MAX_INT_POWER);
    (b.fract() == 0.0 && b.abs() <= limit).then_some(b as i32)
}

impl Builder {
    pub(crate) fn new(opts: Options) -> Self {
        // room for a typical formula's, so that building one does not grow them step by step
        Builder {
            opts,
            stack: Vec::with_capacity(8),
            code: Vec::with_capacity(16),
            regs: 0,
            inputs: Vec::with_capacity(4),
            fails: false,
        }
    }

    /// A number.
    pub(crate) fn number(&mut self, x: f64) {
        self.stack.push(Val::Num(x));
    }

    /// An input; `None` for a name meval would not know (the program then always fails).
    pub(crate) fn input(&mut self, input: Option<Input>) {
        let Some(input) = input else {
            self.fails = true;
            self.stack.push(Val::Num(f64::NAN));
            return;
        };
        let k = match self.inputs.iter().position(|&i| i == input) {
            Some(k) => k,
            None => {
                self.inputs.push(input);
                self.inputs.len() - 1
            }
        };
        self.stack.push(Val::Input(k as u32));
    }

    /// The temporary that a result computed at stack depth `depth` goes to.
    fn reg(&mut self, depth: usize) -> u32 {
        let r = depth as u32;
        self.regs = self.regs.max(r + 1);
        r
    }

    fn pop(&mut self) -> Result<Val, String> {
        self.stack
            .pop()
            .ok_or_else(|| "internal error: the expression's stack ran empty".to_string())
    }

    /// Negation (meval's unary minus).
    pub(crate) fn neg(&mut self) -> Result<(), String> {
        let a = self.pop()?;
        if let Val::Num(x) = a {
            self.stack.push(Val::Num(-x));
        } else {
            let dst = self.reg(self.stack.len());
            self.code.push(BInstr::Neg(dst, a));
            self.stack.push(Val::Reg(dst));
        }
        Ok(())
    }

    /// A binary operation on the two values on top of the stack.
    pub(crate) fn binary(&mut self, op: BinOp) -> Result<(), String> {
        let b = self.pop()?;
        let a = self.pop()?;
        let kind = match op {
            BinOp::Add => Kind::Add,
            BinOp::Sub => Kind::Sub,
            BinOp::Mul => Kind::Mul,
            BinOp::Div => Kind::Div,
            BinOp::Rem => Kind::Rem,
            BinOp::Pow => Kind::Pow,
        };
        self.emit(kind, a, b);
        Ok(())
    }

    fn emit(&mut self, kind: Kind, a: Val, b: Val) {
        let depth = self.stack.len();
        match (kind, a, b) {
            // A constant power folds as it would run: by multiplication for a small integer
            // exponent (so `3.1^2` and `x^2` at x = 3.1 agree) and by exp for the base e; by
            // powf without fast_powers.
            (Kind::Pow, Val::Num(x), Val::Num(y)) if self.opts.fast_powers => {
                self.stack.push(Val::Num(pow(x, y)));
                return;
            }
            (_, Val::Num(x), Val::Num(y)) => {
                self.stack.push(Val::Num(kind.apply(x, y)));
                return;
            }
            (Kind::Pow, Val::Num(x), _) if self.opts.fast_powers && is_e(x) => {
                let dst = self.reg(depth);
                self.code.push(BInstr::PowE(dst, b));
                self.stack.push(Val::Reg(dst));
                return;
            }
            (Kind::Pow, _, Val::Num(y)) if self.opts.fast_powers => {
                if let Some(n) = small_integer(y) {
                    match n {
                        // x^0 is 1 and x^1 is x for every x, NaN included, as with powf.
                        0 => self.stack.push(Val::Num(1.0)),
                        1 => self.stack.push(a),
                        _ => {
                            let dst = self.reg(depth);
                            self.code.push(BInstr::PowI(dst, a, n));
                            self.stack.push(Val::Reg(dst));
                        }
                    }
                    return;
                }
            }
            (Kind::Div, _, Val::Num(y)) => {
                if let Some(r) = exact_reciprocal(y) {
                    let dst = self.reg(depth);
                    self.code.push(BInstr::Bin(Kind::Mul, dst, a, Val::Num(r)));
                    self.stack.push(Val::Reg(dst));
                    return;
                }
            }
            _ => {}
        }
        let dst = self.reg(depth);
        self.code.push(BInstr::Bin(kind, dst, a, b));
        self.stack.push(Val::Reg(dst));
    }

    /// A call of `f` (or, with `None`, of a function meval would not know) with `n` arguments.
    pub(crate) fn call(&mut self, f: Option<Func>, n: usize) -> Result<(), String> {
        if n > self.stack.len() {
            return Err("internal error: a function has too few arguments".to_string());
        }
        let args = self.stack.split_off(self.stack.len() - n);
        let depth = self.stack.len();
        let Some(f) = f else {
            self.fails = true;
            self.stack.push(Val::Num(f64::NAN));
            return Ok(());
        };
        match (f, args.as_slice()) {
            (Func::Min | Func::Max, [first, rest @ ..]) if !rest.is_empty() => {
                let kind = if f == Func::Min { Kind::Min } else { Kind::Max };
                // Left to right, as `Func::apply` folds them; each partial result goes to the
                // temporary of the first argument, so the later arguments' temporaries (above
                // it) are intact until they are read.
                let mut acc = *first;
                for &b in rest {
                    self.emit(kind, acc, b);
                    acc = self.pop()?;
                }
                self.stack.push(acc);
            }
            (_, [a]) => {
                let a = *a;
                match a {
                    Val::Num(x) => self.stack.push(Val::Num(f.apply1(x))),
                    _ if matches!(f, Func::Min | Func::Max) => self.stack.push(a),
                    _ => {
                        let dst = self.reg(depth);
                        self.code.push(BInstr::Call(dst, a, f));
                        self.stack.push(Val::Reg(dst));
                    }
                }
            }
            _ => {
                // A wrong number of arguments: meval's call fails.
                self.fails = true;
                self.stack.push(Val::Num(f64::NAN));
            }
        }
        Ok(())
    }

    /// The finished program.
    pub(crate) fn finish(mut self) -> Result<Program, String> {
        let result = self.pop()?;
        if !self.stack.is_empty() {
            return Err("internal error: the expression left values on its stack".to_string());
        }
        let regs = self.regs;
        let ninputs = self.inputs.len() as u32;
        let mut consts = Vec::new();
        let slot = |v: Val, consts: &mut Vec<f64>| -> u32 {
            match v {
                Val::Reg(r) => r,
                Val::Input(k) => regs + k,
                Val::Num(x) => {
                    let k = match consts.iter().position(|c: &f64| c.to_bits() == x.to_bits()) {
                        Some(k) => k,
                        None => {
                            consts.push(x);
                            consts.len() - 1
                        }
                    };
                    regs + ninputs + k as u32
                }
            }
        };
        let mut code = Vec::with_capacity(self.code.len());
        for ins in &self.code {
            code.push(match *ins {
                BInstr::Bin(kind, d, a, b) => {
                    let (a, b) = (slot(a, &mut consts), slot(b, &mut consts));
                    let op = match kind {
                        Kind::Add => Op::Add,
                        Kind::Sub => Op::Sub,
                        Kind::Mul => Op::Mul,
                        Kind::Div => Op::Div,
                        Kind::Rem => Op::Rem,
                        Kind::Pow => Op::Pow,
                        Kind::Min => Op::Min,
                        Kind::Max => Op::Max,
                    };
                    Instr::new(op, d, a, b)
                }
                BInstr::Neg(d, a) => Instr::new(Op::Neg, d, slot(a, &mut consts), 0),
                BInstr::PowI(d, a, n) => Instr::pow_i(d, slot(a, &mut consts), n),
                BInstr::PowE(d, a) => Instr::new(Op::PowE, d, slot(a, &mut consts), 0),
                BInstr::Call(d, a, f) => Instr::call(d, slot(a, &mut consts), f),
            });
        }
        let result = slot(result, &mut consts);
        let base = (regs + ninputs) as usize;
        let slots = base + consts.len();
        let mut init = [0.0; 16];
        if slots <= init.len() {
            init[base..slots].copy_from_slice(&consts);
        }
        let steps = if slots <= MAX_STEP_SLOTS {
            steps(&code, result)
        } else {
            Vec::new()
        };
        let batch = batch::Batch::new(&code, result, base as u32, &consts);
        Ok(Program {
            code,
            result,
            regs,
            inputs: self.inputs,
            consts,
            fails: self.fails,
            steps,
            init,
            exact: !self.opts.fast_powers,
            batch,
        })
    }
}

impl Program {
    /// The number of slots.
    fn slots(&self) -> usize {
        self.regs as usize + self.inputs.len() + self.consts.len()
    }

    /// Evaluates at one point: `value(input)` gives each input (`None` when it is not there,
    /// which gives NaN, as meval's unknown names do). No allocation for programs of up to 64
    /// slots.
    #[inline]
    /// A program that gives NaN at every point: what an expression that could not be compiled
    /// evaluates to.
    pub(crate) fn failing() -> Program {
        Program {
            code: Vec::new(),
            result: 0,
            regs: 0,
            inputs: Vec::new(),
            consts: Vec::new(),
            fails: true,
            steps: Vec::new(),
            init: [0.0; 16],
            exact: false,
            batch: batch::Batch::default(),
        }
    }

    #[inline]
    pub(crate) fn eval(&self, value: impl Fn(Input) -> Option<f64>) -> f64 {
        if self.fails {
            return f64::NAN;
        }
        let n = self.slots();
        if n <= self.init.len() {
            let mut s = self.init;
            self.run(&mut s, value)
        } else if n <= MAX_STEP_SLOTS {
            let mut s = [0.0; MAX_STEP_SLOTS];
            let base = self.regs as usize + self.inputs.len();
            for (k, &c) in self.consts.iter().enumerate() {
                s[(base + k) & (MAX_STEP_SLOTS - 1)] = c;
            }
            self.run(&mut s, value)
        } else {
            self.run_any(&mut vec![0.0; n], value)
        }
    }

    /// [`Program::eval`] by [`Step`]s with the slots (constants in place) in an array of `N` (a
    /// power of two, at least the number of slots): every slot number is masked with `N - 1`,
    /// which changes none of them and lets the compiler drop every bounds check from the loop.
    #[inline]
    fn run<const N: usize>(&self, s: &mut [f64; N], value: impl Fn(Input) -> Option<f64>) -> f64 {
        let regs = self.regs as usize;
        for (k, &input) in self.inputs.iter().enumerate() {
            let Some(v) = value(input) else {
                return f64::NAN;
            };
            s[(regs + k) & (N - 1)] = v;
        }
        for &step in &self.steps {
            exec(s, step);
        }
        s[self.result as usize & (N - 1)]
    }

    /// [`Program::run`] for programs of any size (with bounds checks).
    fn run_any(&self, s: &mut [f64], value: impl Fn(Input) -> Option<f64>) -> f64 {
        let regs = self.regs as usize;
        for (k, &input) in self.inputs.iter().enumerate() {
            let Some(v) = value(input) else {
                return f64::NAN;
            };
            s[regs + k] = v;
        }
        let base = regs + self.inputs.len();
        s[base..base + self.consts.len()].copy_from_slice(&self.consts);
        for ins in &self.code {
            let (x, y) = (s[ins.a as usize], s.get(ins.b as usize).copied());
            s[ins.d as usize] = ins.apply(x, y.unwrap_or(0.0));
        }
        s[self.result as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::vecmath::{self, Kernel};

    fn specials() -> Vec<f64> {
        let mut v = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            -2.5,
            3.0,
            1e-200,
            -1e-200,
            1e200,
            -1e200,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            1.0 + f64::EPSILON,
            0.1,
            7.3,
        ];
        let mut x = 0.37_f64;
        for _ in 0..200 {
            x = (x * 9301.0 + 49297.0) % 233280.0;
            v.push((x / 233280.0 - 0.5) * 20.0);
        }
        v
    }

    /// Integer powers by multiplication agree with `powf` on NaN, infinities, zeros and signs,
    /// and otherwise to within the rounding of a few multiplications.
    #[test]
    fn integer_powers_are_powf_up_to_the_last_bits() {
        for x in specials() {
            for n in -MAX_INT_POWER..=MAX_INT_POWER {
                let (want, got) = (x.powf(f64::from(n)), int_pow(x, n));
                if want.is_nan() || got.is_nan() {
                    assert!(want.is_nan() && got.is_nan(), "{x}^{n}: {want} vs {got}");
                    continue;
                }
                if want.is_infinite() || want == 0.0 {
                    // Over- and underflow: the same infinity or zero, except at the very edge
                    // of the range where a product of roundings crosses it.
                    if got != want {
                        assert!(
                            (want == 0.0 && got.abs() < 1e-300)
                                || (want.is_infinite() && got.abs() > 1e300),
                            "{x}^{n}: {want:e} vs {got:e}"
                        );
                    } else {
                        assert_eq!(want.is_sign_negative(), got.is_sign_negative(), "{x}^{n}");
                    }
                    continue;
                }
                if want.abs() < 1e-290 || got.is_infinite() {
                    // subnormal results carry fewer bits; one rounding more may cross a boundary
                    assert!(((got - want) / want).abs() < 1e-3 || (got - want).abs() < 1e-300);
                    continue;
                }
                let rel = ((got - want) / want).abs();
                assert!(
                    rel <= 8.0 * f64::EPSILON,
                    "{x}^{n}: {want:e} vs {got:e} ({rel:e})"
                );
                if n == 0 || n == 1 {
                    assert_eq!(want.to_bits(), got.to_bits(), "{x}^{n}");
                }
                if n == -1 || n == 2 {
                    // one correctly rounded operation; glibc's powf is not always correctly
                    // rounded, so the two may differ by one unit in the last place
                    assert!(want.to_bits().abs_diff(got.to_bits()) <= 1, "{x}^{n}");
                }
            }
        }
    }

    /// `e^u` by `exp` is within `|u|·2⁻⁵⁴ + 2⁻⁵¹` relative of meval's `powf(e, u)`, and is
    /// `powf`'s own value wherever either is not a normal number: NaN, infinities, zeros and
    /// subnormals exactly where meval gives them.
    #[test]
    fn e_to_the_u_is_exp_up_to_rounding_and_powf_at_the_edges() {
        let e = std::f64::consts::E;
        let mut us = specials();
        for edge in [708.0, 709.782712893384, 745.1332191019412] {
            for sign in [1.0, -1.0] {
                let u: f64 = sign * edge;
                for k in 0..200u64 {
                    us.push(f64::from_bits(u.to_bits() - 100 + k));
                }
            }
        }
        us.extend((-1400..=1400).map(|k| f64::from(k) * 0.5063));
        let mut worst = 0u64;
        for u in us {
            let (want, got) = (e.powf(u), pow_e(u));
            if !want.is_normal() || !got.is_normal() {
                assert!(
                    want.to_bits() == got.to_bits() || (want.is_nan() && got.is_nan()),
                    "e^{u:e}: {want:e} vs {got:e}"
                );
                continue;
            }
            let bound = u.abs() * 2f64.powi(-54) + 2f64.powi(-51);
            let rel = ((got - want) / want).abs();
            assert!(rel <= bound, "e^{u:e}: {want:e} vs {got:e} ({rel:e})");
            if u.abs() <= 50.0 {
                worst = worst.max(want.to_bits().abs_diff(got.to_bits()));
            }
        }
        // docs/answer-language.md quotes this: a few dozen units in the last place at most
        // for the exponents of ordinary answers.
        assert!(worst <= 32, "{worst} units in the last place for |u| <= 50");
        // e^1 and e^0 are exact either way
        assert_eq!(pow_e(1.0), e);
        assert_eq!(pow_e(0.0), 1.0);
    }

    /// `e^u` compiles to one `exp`, constant powers of e fold to the same value, and
    /// [`pow`] (the computational graph's power) agrees with both; without fast powers, `powf`.
    #[test]
    fn the_base_e_compiles_to_exp_unless_powers_are_exact() {
        let e = std::f64::consts::E;
        for fast_powers in [true, false] {
            let mut b = Builder::new(Options { fast_powers });
            b.number(e);
            b.input(Some(Input::Var(0)));
            b.binary(BinOp::Pow).unwrap();
            let p = b.finish().unwrap();
            let want = if fast_powers { Op::PowE } else { Op::Pow };
            assert_eq!(p.code.iter().map(|i| i.op).collect::<Vec<_>>(), [want]);
            for u in [-2.5, -0.6, 0.0, 2.0, 7.3, 800.0, f64::NAN] {
                let got = p.eval(|_| Some(u));
                let expected = if fast_powers { pow(e, u) } else { e.powf(u) };
                assert!(got.to_bits() == expected.to_bits() || got.is_nan() && expected.is_nan());
                let mut c = Builder::new(Options { fast_powers });
                c.number(e);
                c.number(u);
                c.binary(BinOp::Pow).unwrap();
                let folded = c.finish().unwrap();
                assert!(folded.code.is_empty());
                let f = folded.eval(|_| None);
                assert!(
                    f.to_bits() == got.to_bits() || f.is_nan() && got.is_nan(),
                    "e^{u}"
                );
            }
        }
        // exp(2) and powf(e, 2) differ in the last bit: the fast form is exp's, even for an
        // integer exponent
        assert_eq!(pow(e, 2.0), 2f64.exp());
    }

    /// The function table of the one-point evaluator is `Func::apply1` in declaration order,
    /// then `pow_e`.
    #[test]
    fn the_function_table_is_apply1_in_declaration_order() {
        for f in crate::math::functions::ALL {
            for x in specials() {
                let (want, got) = (f.apply1(x), FNS[f as usize](x));
                assert!(
                    want.to_bits() == got.to_bits() || want.is_nan() && got.is_nan(),
                    "{f:?}({x})"
                );
            }
        }
        assert_eq!(FNS[25](2.0).to_bits(), pow_e(2.0).to_bits());
    }

    /// A program in reverse Polish order: a number, `x`/`y`/`z` (variables 0 to 2), `+ - * /`,
    /// `^`, `neg`, or a function's name (one argument).
    fn rpn(tokens: &str, opts: Options) -> Program {
        let mut b = Builder::new(opts);
        for t in tokens.split_whitespace() {
            let op = match t {
                "+" => Some(BinOp::Add),
                "-" => Some(BinOp::Sub),
                "*" => Some(BinOp::Mul),
                "/" => Some(BinOp::Div),
                "^" => Some(BinOp::Pow),
                _ => None,
            };
            match (op, t) {
                (Some(op), _) => b.binary(op).unwrap(),
                (None, "x") => b.input(Some(Input::Var(0))),
                (None, "y") => b.input(Some(Input::Var(1))),
                (None, "z") => b.input(Some(Input::Var(2))),
                (None, "neg") => b.neg().unwrap(),
                (None, _) => match t.parse::<f64>() {
                    Ok(x) => b.number(x),
                    Err(_) => b.call(Func::from_name(t), 1).unwrap(),
                },
            }
        }
        b.finish().unwrap()
    }

    /// Each fused step computes what its two instructions compute, bit for bit (the batch runs
    /// the instructions unfused), with the temporary on either side of the second instruction;
    /// a temporary read again later is not fused away. Long because its table of 24 cases, one
    /// per fused form, is the specification.
    #[test]
    fn fused_steps_equal_their_instructions() {
        let cases: [(&str, &str); 24] = [
            ("3 x 2 ^ *", "MulSqr"),
            ("x 2 ^ y *", "MulSqr"),
            ("2 y * exp", "CallMul"),
            ("x y + sin", "CallAdd"),
            ("x y - sigmoid", "CallSub"),
            ("x y / tanh", "CallDiv"),
            ("2.718281828459045 x y * ^", "CallMul"),
            ("y x cos *", "MulCall"),
            ("x cos y *", "MulCall"),
            ("y x ln +", "AddCall"),
            ("x sqrt y +", "AddCall"),
            ("y x sigmoid -", "SubCall"),
            ("z x y * +", "AddMul"),
            ("x y * z +", "AddMul"),
            ("z x y * -", "SubMul"),
            ("x y * z -", "MulSub"),
            ("x sin y cos * x y * sigmoid 0.5 * -", "MulCallMul"),
            ("z 2 y * exp *", "MulCallMul"),
            ("x y * cos z *", "MulCallMul"),
            ("z y x cos * +", "AddMulCall"),
            ("x sin y * z +", "AddMulCall"),
            ("z y x sigmoid * -", "SubMulCall"),
            ("z x sigmoid y * -", "SubMulCall"),
            (
                "3 x 2 ^ * 2.718281828459045 2 y * ^ * x sin y cos * + x y * sigmoid 2 / -",
                "MulCallMul",
            ),
        ];
        let points = specials();
        for (text, fused) in cases {
            for opts in [Options::default(), Options { fast_powers: false }] {
                let p = rpn(text, opts);
                let names: Vec<String> = p.steps.iter().map(|s| format!("{s:?}")).collect();
                if opts.fast_powers || !text.contains('^') {
                    assert!(
                        names.iter().any(|n| n.starts_with(&format!("{fused}("))),
                        "{text}: {names:?}"
                    );
                    assert!(p.steps.len() < p.code.len(), "{text}: {names:?}");
                }
                let n = points.len();
                let cols: Vec<Vec<f64>> = (0..3)
                    .map(|k| (0..n).map(|i| points[(i * (k + 1) + k) % n]).collect())
                    .collect();
                let (batch, reference) = (exact_batch(&p, &cols), unfused(&p, &cols));
                for (i, &want) in reference.iter().enumerate() {
                    let got = p.eval(|input| match input {
                        Input::Var(k) => cols.get(k).map(|c| c[i]),
                        _ => None,
                    });
                    assert!(
                        want.to_bits() == got.to_bits() || want.is_nan() && got.is_nan(),
                        "{text} at point {i}: {want:e} (instructions) vs {got:e} (steps)"
                    );
                    let got = batch[i];
                    assert!(
                        want.to_bits() == got.to_bits() || want.is_nan() && got.is_nan(),
                        "{text} at point {i}: {want:e} (instructions) vs {got:e} (batch)"
                    );
                }
            }
        }
        // A temporary read twice (t0 = x·y; t1 = sin t0; t2 = t0·t1), or that is the result,
        // is not fused away; one read once, and then overwritten, is.
        let (x, y) = (3, 4);
        let code = [
            Instr::new(Op::Mul, 0, x, y),
            Instr::call(1, 0, Func::Sin),
            Instr::new(Op::Mul, 2, 0, 1),
        ];
        assert!(!single_use(&code, 0, 2));
        assert!(single_use(&code, 1, 2));
        assert!(!single_use(&code[..2], 0, 0));
        let code = [Instr::new(Op::Mul, 0, x, y), Instr::call(0, 0, Func::Sin)];
        assert!(single_use(&code, 0, 0));
    }

    /// `p` at each point given by `cols` (variable `k` in `cols[k]`), by its unfused
    /// instructions with glibc's functions: the reference for fused steps and batch forms.
    fn unfused(p: &Program, cols: &[Vec<f64>]) -> Vec<f64> {
        (0..cols[0].len())
            .map(|i| {
                p.run_any(&mut vec![0.0; p.slots()], |input| match input {
                    Input::Var(k) => cols.get(k).map(|c| c[i]),
                    _ => None,
                })
            })
            .collect()
    }

    /// `p` over the columns `cols` in one batch, with glibc's functions (as one point has), not
    /// the vectorised ones a batch uses by default.
    fn exact_batch(p: &Program, cols: &[Vec<f64>]) -> Vec<f64> {
        let exact = Program {
            exact: true,
            ..p.clone()
        };
        let mut out = vec![0.0; cols[0].len()];
        exact.eval_batch(
            |i| match i {
                Input::Var(k) => cols.get(k).map(|c| Source::Column(c)),
                _ => None,
            },
            &mut out,
        );
        out
    }

    /// Each form a batch fuses two instructions into computes what the two compute, bit for
    /// bit, with the temporary on either side of the second instruction and a constant in each
    /// place it may take; constants elsewhere are operands, not filled columns.
    #[test]
    fn batch_forms_equal_their_instructions() {
        let cases = [
            ("3 x 2 ^ *", "MulSqrC"),
            ("x 2 ^ 3 *", "MulSqrC"),
            ("y x 2 ^ *", "MulSqr"),
            ("x 2 ^ y *", "MulSqr"),
            ("z x y * +", "AddMul"),
            ("x y * z +", "AddMul"),
            ("x y * 1 +", "AddMul"),
            ("z x y * -", "SubMul"),
            ("x y * z -", "MulSub"),
            ("2 x y * -", "SubMul"),
            ("z x 3 * +", "AddMulC"),
            ("3 x * z +", "AddMulC"),
            ("z 0.1 x * -", "SubMulC"),
            ("x 0.1 * z -", "MulSubC"),
            ("x 3 -", "BinC"),
            ("3 x /", "CBin"),
            ("2 x ^", "Kernel"),
            (
                "3 x 2 ^ * 2.718281828459045 2 y * ^ * x sin y cos * + x y * sigmoid 2 / -",
                "SubMulC",
            ),
        ];
        let points = specials();
        let n = points.len();
        let cols: Vec<Vec<f64>> = (0..3)
            .map(|k| (0..n).map(|i| points[(i * (k + 2) + k) % n]).collect())
            .collect();
        for (text, form) in cases {
            for opts in [Options::default(), Options { fast_powers: false }] {
                let p = rpn(text, opts);
                let names: Vec<String> = p.batch.code.iter().map(|v| format!("{v:?}")).collect();
                if opts.fast_powers {
                    assert!(
                        names.iter().any(|v| v.starts_with(&format!("{form}("))),
                        "{text}: {names:?}"
                    );
                }
                if !text.contains(" 1 +") && !text.starts_with("2 x y") {
                    assert!(p.batch.filled.is_empty(), "{text}: {:?}", p.batch.filled);
                }
                let (batch, reference) = (exact_batch(&p, &cols), unfused(&p, &cols));
                for (i, (&want, &got)) in reference.iter().zip(&batch).enumerate() {
                    assert!(
                        want.to_bits() == got.to_bits() || want.is_nan() && got.is_nan(),
                        "{text} at point {i}: {want:e} (instructions) vs {got:e} (batch)"
                    );
                }
            }
        }
    }

    /// A batch gives the same bits in every build the processor runs (baseline, AVX2,
    /// AVX-512): every instruction form, every kernel, whole and partial blocks.
    #[test]
    fn every_build_gives_the_same_bits() {
        let texts = [
            "3 x 2 ^ * 2.718281828459045 2 y * ^ * x sin y cos * + x y * sigmoid 2 / -",
            "x y * z + sqrt x ln - 2 x ^ 10 y ^ + *",
            "x exp y 3 ^ / x abs z * -",
            "x y - z * 1 x / - x y 0.1 * - * tanh",
        ];
        let points = specials();
        let n = points.len();
        let cols: Vec<Vec<f64>> = (0..3)
            .map(|k| (0..n).map(|i| points[(i * (k + 3) + k) % n]).collect())
            .collect();
        for text in texts {
            let p = rpn(text, Options::default());
            for len in [n, 32, 7] {
                let run = |build| {
                    let mut out = vec![0.0; len];
                    p.eval_batch_in(
                        build,
                        |i| match i {
                            Input::Var(k) => cols.get(k).map(|c| Source::Column(c)),
                            _ => None,
                        },
                        &mut out,
                    );
                    out
                };
                let baseline = run(vecmath::Build::Baseline);
                for build in vecmath::Build::available() {
                    for (i, (a, b)) in run(build).iter().zip(&baseline).enumerate() {
                        assert!(
                            a.to_bits() == b.to_bits() || a.is_nan() && b.is_nan(),
                            "{text} at point {i} of {len}, {build:?}: {a:e} vs {b:e}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn division_by_a_power_of_two_is_multiplication() {
        for c in [2.0, 0.5, -4.0, 1024.0, 2f64.powi(-1000)] {
            let r = exact_reciprocal(c).unwrap_or_else(|| panic!("{c} has an exact reciprocal"));
            for x in specials() {
                let (a, b) = (x / c, x * r);
                assert!(
                    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                    "{x}/{c}"
                );
            }
        }
        for c in [3.0, 0.0, f64::INFINITY, f64::NAN, 2f64.powi(1023), 1e-310] {
            assert_eq!(exact_reciprocal(c), None, "{c}");
        }
    }

    /// `(x + 2) * y - sin(x) / 4` in reverse Polish order.
    fn sample() -> Program {
        sample_with(Options::default())
    }

    fn sample_with(opts: Options) -> Program {
        let mut b = Builder::new(opts);
        b.input(Some(Input::Var(0)));
        b.number(2.0);
        b.binary(BinOp::Add).unwrap();
        b.input(Some(Input::Var(1)));
        b.binary(BinOp::Mul).unwrap();
        b.input(Some(Input::Var(0)));
        b.call(Some(Func::Sin), 1).unwrap();
        b.number(4.0);
        b.binary(BinOp::Div).unwrap();
        b.binary(BinOp::Sub).unwrap();
        b.finish().unwrap()
    }

    /// The sample program over 150 points (more than one block), and at each point alone.
    fn batch_and_points(p: &Program, xs: &[f64], ys: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let mut out = vec![0.0; xs.len()];
        p.eval_batch(
            |i| match i {
                Input::Var(0) => Some(Source::Column(xs)),
                Input::Var(1) => Some(Source::Column(ys)),
                _ => None,
            },
            &mut out,
        );
        let one = (0..xs.len())
            .map(|k| {
                p.eval(|i| match i {
                    Input::Var(0) => Some(xs[k]),
                    Input::Var(1) => Some(ys[k]),
                    _ => None,
                })
            })
            .collect();
        (out, one)
    }

    fn columns() -> (Vec<f64>, Vec<f64>) {
        let xs = (0..150).map(|i| f64::from(i) * 0.1 - 3.0).collect();
        let ys = (0..150).map(|i| (f64::from(i) * 0.37).cos()).collect();
        (xs, ys)
    }

    /// A batch runs the same operations as one point, in the same order, except that `sin`
    /// (and `cos`, `exp`, `ln`, `σ`, `e^x`) is the vectorised kernel: the same value as the
    /// formula with that kernel's sine, bit for bit, and as one point up to that sine's last bit.
    #[test]
    fn batch_is_the_formula_with_the_vectorised_functions() {
        let (xs, ys) = columns();
        let (out, one) = batch_and_points(&sample(), &xs, &ys);
        let mut sines = vec![0.0; xs.len()];
        vecmath::map(Kernel::Sin, &xs, &mut sines);
        for k in 0..xs.len() {
            let direct = (xs[k] + 2.0) * ys[k] - sines[k] / 4.0;
            assert_eq!(direct.to_bits(), out[k].to_bits(), "point {k}");
            // one unit of the sine, divided by 4, and one rounding of the result
            let bound = f64::EPSILON * (xs[k].sin().abs() / 4.0 + one[k].abs());
            assert!((out[k] - one[k]).abs() <= bound, "point {k}");
        }
    }

    /// Compiled for meval's values (`fast_powers` off), a batch calls std's functions too: the
    /// same bits as one point at a time.
    #[test]
    fn exact_batch_equals_one_point_at_a_time() {
        let (xs, ys) = columns();
        let (out, one) = batch_and_points(&sample_with(Options { fast_powers: false }), &xs, &ys);
        for k in 0..xs.len() {
            assert_eq!(one[k].to_bits(), out[k].to_bits(), "point {k}");
            let direct = (xs[k] + 2.0) * ys[k] - xs[k].sin() / 4.0;
            assert_eq!(direct.to_bits(), out[k].to_bits(), "point {k}");
        }
    }

    #[test]
    fn a_missing_input_or_short_column_gives_nan_everywhere() {
        let p = sample();
        assert!(p.eval(|i| (i == Input::Var(0)).then_some(1.0)).is_nan());
        let xs = [1.0, 2.0];
        let mut out = [0.0; 3];
        p.eval_batch(|_| Some(Source::Column(&xs)), &mut out);
        assert!(out.iter().all(|v| v.is_nan()));
    }

    #[test]
    fn constants_are_folded() {
        let mut b = Builder::new(Options::default());
        b.number(2.0);
        b.number(3.0);
        b.binary(BinOp::Pow).unwrap();
        b.call(Some(Func::Sqrt), 1).unwrap();
        b.neg().unwrap();
        let p = b.finish().unwrap();
        assert!(p.code.is_empty());
        assert_eq!(p.eval(|_| None), -(2f64.powf(3.0)).sqrt());
    }

    #[test]
    fn max_of_several_arguments_keeps_every_temporary() {
        // max(x*2, y*3, x - y, 1)
        let mut b = Builder::new(Options::default());
        b.input(Some(Input::Var(0)));
        b.number(2.0);
        b.binary(BinOp::Mul).unwrap();
        b.input(Some(Input::Var(1)));
        b.number(3.0);
        b.binary(BinOp::Mul).unwrap();
        b.input(Some(Input::Var(0)));
        b.input(Some(Input::Var(1)));
        b.binary(BinOp::Sub).unwrap();
        b.number(1.0);
        b.call(Some(Func::Max), 4).unwrap();
        let p = b.finish().unwrap();
        for (x, y) in [(1.0, 2.0), (5.0, -1.0), (-3.0, -4.0), (f64::NAN, 1.0)] {
            let want = Func::Max
                .apply(&[x * 2.0, y * 3.0, x - y, 1.0])
                .unwrap_or(0.0);
            let got = p.eval(|i| Some(if i == Input::Var(0) { x } else { y }));
            assert!(want.to_bits() == got.to_bits() || (want.is_nan() && got.is_nan()));
            let mut out = [0.0];
            p.eval_batch(
                |i| Some(Source::Scalar(if i == Input::Var(0) { x } else { y })),
                &mut out,
            );
            assert!(want.to_bits() == out[0].to_bits() || (want.is_nan() && out[0].is_nan()));
        }
    }
}
