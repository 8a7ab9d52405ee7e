//! A [`Program`] over many points at once, structure of arrays: every slot is a column of one
//! block of points, and each instruction runs over its block in steps of [`LANES`] points (a
//! fixed-size array the compiler turns into vector instructions), so that dispatch is paid once
//! per instruction and block and the arithmetic is vectorised.
//!
//! The instructions are compiled once more for batches ([`Batch`]): each slot becomes the index
//! of its first step in the scratch, and a constant operand becomes a value in the instruction
//! (`3·x`, `x − 1`, `1/x`) instead of a column filled with it. Each instruction slices its
//! columns once (one bounds check per column, none per step); the steps are cells, so that an
//! instruction may write the slot it reads. Every instruction computes what the one-point
//! evaluator's computes, in the same order, rounded the same way, except that `sin`, `cos`,
//! `exp`, `ln`, `σ`, `e^x`, `2^x` and `10^x` are the vectorised kernels of
//! [`vecmath`](super::super::vecmath) (glibc's functions in a program compiled for meval's
//! values).

use super::{int_pow, max2, min2, Input, Instr, Kind, Op, Program};
use crate::math::functions::Func;
use crate::math::vecmath::{self, Build, Chunk, Kernel, LANES};
use std::cell::{Cell, RefCell};

/// How many points a batch evaluates per pass over the instructions: the checker's sample
/// points. A whole block runs with the number of steps known when compiling (no loop counters,
/// each column's bounds checked once); a batch's last, partial block loops over its steps.
const BLOCK: usize = 32;

/// The builds of [`Program::run_blocks_any`], as its constant parameter.
const BASELINE: u8 = 0;
#[cfg(target_arch = "x86_64")]
const AVX2: u8 = 1;
#[cfg(target_arch = "x86_64")]
const AVX512: u8 = 2;

/// Steps of [`LANES`] points per slot: slot `k` is `scratch[k * STEPS..][..STEPS]`.
const STEPS: usize = BLOCK / LANES;

thread_local! {
    /// The slots of [`Program::eval_batch`], reused from batch to batch.
    static SCRATCH: RefCell<Vec<[f64; LANES]>> = const { RefCell::new(Vec::new()) };
}

/// Where a batch reads an input: one value for every point, or one value per point.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Source<'a> {
    Scalar(f64),
    Column(&'a [f64]),
}

/// One instruction as a batch runs it: `d`, `a`, `b` are the first steps of the slots' columns
/// in the scratch; a constant operand is its value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Vop {
    /// `d = a ∘ b`.
    Bin(Kind, u32, u32, u32),
    /// `d = a ∘ c`, `c` a constant.
    BinC(Kind, u32, u32, f64),
    /// `d = c ∘ b`, `c` a constant.
    CBin(Kind, u32, f64, u32),
    Neg(u32, u32),
    Sqr(u32, u32),
    Recip(u32, u32),
    Abs(u32, u32),
    Sqrt(u32, u32),
    PowI(u32, u32, i32),
    /// `d = f(a)` by the scalar function, one point at a time.
    Call(u32, u32, Func),
    /// `d = kernel(a)`, or std's function where the program is exact.
    Kernel(Kernel, u32, u32),
    /// Two instructions in one pass, where the first one's temporary is read only by the
    /// second (the one-point evaluator's fused steps, rounded twice as unfused):
    /// `d = a·(b·b)` (`3x²`, with `a` a column or a constant).
    MulSqr(u32, u32, u32),
    MulSqrC(u32, f64, u32),
    /// `d = a + b·c`, `a − b·c`, `b·c − a` (the terms of a polynomial).
    AddMul(u32, u32, u32, u32),
    SubMul(u32, u32, u32, u32),
    MulSub(u32, u32, u32, u32),
    /// The same with `c` a constant.
    AddMulC(u32, u32, u32, f64),
    SubMulC(u32, u32, u32, f64),
    MulSubC(u32, u32, u32, f64),
}

/// A program's instructions compiled for batches.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Batch {
    pub(super) code: Vec<Vop>,
    /// The constants read as columns, with their columns' first steps: none in a program whose
    /// constants are all operands of arithmetic, and the result when it is a constant.
    pub(super) filled: Vec<(u32, f64)>,
    /// The first step of the result's column.
    result: u32,
}

/// Where an operand is: a column (its first step in the scratch) or a constant value.
#[derive(Clone, Copy)]
enum Arg {
    Col(u32),
    Const(f64),
}

impl Batch {
    /// `code` for batches (`result` is the result's slot; `consts[k]` is slot
    /// `first_const + k`), with pairs of instructions fused where the one-point evaluator
    /// fuses them and a batch has the form.
    pub(super) fn new(code: &[Instr], result: u32, first_const: u32, consts: &[f64]) -> Batch {
        let mut slots = Slots {
            first_const,
            consts,
            filled: Vec::new(),
        };
        let mut out = Vec::with_capacity(code.len());
        let mut i = 0;
        while let Some(ins) = code.get(i) {
            let fused = code
                .get(i + 1)
                .filter(|_| super::single_use(code, i, result))
                .and_then(|next| slots.fuse(ins, next));
            match fused {
                Some(v) => {
                    out.push(v);
                    i += 2;
                }
                None => {
                    out.push(slots.single(ins));
                    i += 1;
                }
            }
        }
        let result = slots.col(result);
        Batch {
            code: out,
            filled: slots.filled,
            result,
        }
    }
}

/// Where a program's slots are in a batch.
struct Slots<'a> {
    first_const: u32,
    consts: &'a [f64],
    /// The constants read as columns ([`Batch::filled`]).
    filled: Vec<(u32, f64)>,
}

impl Slots<'_> {
    /// Where an operand is: a column (its first step) or a constant value.
    fn arg(&self, slot: u32) -> Arg {
        match slot.checked_sub(self.first_const) {
            Some(k) => Arg::Const(self.consts.get(k as usize).copied().unwrap_or(f64::NAN)),
            None => Arg::Col(slot * STEPS as u32),
        }
    }

    /// An operand that must be a column: a constant's column is filled once per batch.
    fn col(&mut self, slot: u32) -> u32 {
        let c = slot * STEPS as u32;
        if let Arg::Const(x) = self.arg(slot) {
            if !self.filled.contains(&(c, x)) {
                self.filled.push((c, x));
            }
        }
        c
    }

    /// One instruction.
    fn single(&mut self, ins: &Instr) -> Vop {
        let d = ins.d * STEPS as u32;
        let a = ins.a;
        match (ins.op, binary_kind(ins.op)) {
            // a constant base 2 or 10 to a variable power is a kernel of the exponent
            (Op::Pow, _) if self.pow_kernel(a).is_some() => Vop::Kernel(
                self.pow_kernel(a).unwrap_or(Kernel::Exp),
                d,
                self.col(ins.b),
            ),
            (_, Some(kind)) => match (self.arg(a), self.arg(ins.b)) {
                (Arg::Col(a), Arg::Const(c)) => Vop::BinC(kind, d, a, c),
                (Arg::Const(c), Arg::Col(b)) => Vop::CBin(kind, d, c, b),
                _ => Vop::Bin(kind, d, self.col(a), self.col(ins.b)),
            },
            (Op::Neg, _) => Vop::Neg(d, self.col(a)),
            (Op::Sqr, _) => Vop::Sqr(d, self.col(a)),
            (Op::Recip, _) => Vop::Recip(d, self.col(a)),
            (Op::Abs, _) => Vop::Abs(d, self.col(a)),
            (Op::Sqrt, _) => Vop::Sqrt(d, self.col(a)),
            (Op::PowI, _) => Vop::PowI(d, self.col(a), ins.b as i32),
            (Op::Sin, _) => Vop::Kernel(Kernel::Sin, d, self.col(a)),
            (Op::Cos, _) => Vop::Kernel(Kernel::Cos, d, self.col(a)),
            (Op::Exp, _) => Vop::Kernel(Kernel::Exp, d, self.col(a)),
            (Op::Ln, _) => Vop::Kernel(Kernel::Ln, d, self.col(a)),
            (Op::Sigmoid, _) => Vop::Kernel(Kernel::Sigmoid, d, self.col(a)),
            (Op::PowE, _) => Vop::Kernel(Kernel::PowE, d, self.col(a)),
            _ => Vop::Call(d, self.col(a), ins.f),
        }
    }

    /// The kernel of `base^y` when `base` is the constant 2 or 10.
    fn pow_kernel(&self, base: u32) -> Option<Kernel> {
        match self.arg(base) {
            Arg::Const(b) => Kernel::pow(b),
            Arg::Col(_) => None,
        }
    }

    /// Two instructions as one, when the second reads the first's temporary (once) and the
    /// pair has a batch form: a square times a value, a product added or subtracted. The
    /// operands are reordered only across `+` and `·`, which commute bit for bit.
    fn fuse(&mut self, first: &Instr, second: &Instr) -> Option<Vop> {
        let t = first.d;
        let d = second.d * STEPS as u32;
        // The second's other operand, and whether the temporary is its left one.
        let (other, left) = if second.a == t {
            (second.b, true)
        } else {
            (second.a, false)
        };
        match (first.op, second.op) {
            (Op::Sqr, Op::Mul) => {
                let b = self.col(first.a);
                Some(match self.arg(other) {
                    Arg::Const(c) => Vop::MulSqrC(d, c, b),
                    Arg::Col(a) => Vop::MulSqr(d, a, b),
                })
            }
            (Op::Mul, Op::Add | Op::Sub) => {
                let a = self.col(other);
                // the product's operands: a column and a constant, or two columns
                let (b, c) = match (self.arg(first.a), self.arg(first.b)) {
                    (Arg::Col(b), Arg::Const(c)) | (Arg::Const(c), Arg::Col(b)) => (b, Some(c)),
                    _ => (self.col(first.a), None),
                };
                Some(match (second.op, left, c) {
                    (Op::Add, _, Some(c)) => Vop::AddMulC(d, a, b, c),
                    (Op::Sub, false, Some(c)) => Vop::SubMulC(d, a, b, c),
                    (_, _, Some(c)) => Vop::MulSubC(d, a, b, c),
                    (Op::Add, _, None) => Vop::AddMul(d, a, b, self.col(first.b)),
                    (Op::Sub, false, None) => Vop::SubMul(d, a, b, self.col(first.b)),
                    (_, _, None) => Vop::MulSub(d, a, b, self.col(first.b)),
                })
            }
            _ => None,
        }
    }
}

/// The two-operand operation of `op`, if it is one.
fn binary_kind(op: Op) -> Option<Kind> {
    Some(match op {
        Op::Add => Kind::Add,
        Op::Sub => Kind::Sub,
        Op::Mul => Kind::Mul,
        Op::Div => Kind::Div,
        Op::Rem => Kind::Rem,
        Op::Pow => Kind::Pow,
        Op::Min => Kind::Min,
        Op::Max => Kind::Max,
        _ => return None,
    })
}

/// `s[d..][..n] = e(s[a..][..n], s[b..][..n])`, step by step (each step reads before it
/// writes, so `d` may be `a` or `b`). One bounds check per column, none per step.
macro_rules! cols {
    ($s:expr, $d:expr, $a:expr, $b:expr, $n:expr; |$x:ident, $y:ident| $e:expr) => {{
        let (s, n): (&[Chunk], usize) = ($s, $n);
        let (d, a, b) = (&s[$d as usize..][..n], &s[$a as usize..][..n], &s[$b as usize..][..n]);
        for ((d, a), b) in d.iter().zip(a).zip(b) {
            let (xs, ys) = (a.get(), b.get());
            let mut r = [0.0; LANES];
            for i in 0..LANES {
                let ($x, $y) = (xs[i], ys[i]);
                r[i] = $e;
            }
            d.set(r);
        }
    }};
}

/// `s[d..][..n] = e(s[a..][..n], s[b..][..n], s[c..][..n])`.
macro_rules! cols3 {
    ($s:expr, $d:expr, $a:expr, $b:expr, $c:expr, $n:expr; |$x:ident, $y:ident, $z:ident| $e:expr) => {{
        let (s, n): (&[Chunk], usize) = ($s, $n);
        let (d, a) = (&s[$d as usize..][..n], &s[$a as usize..][..n]);
        let (b, c) = (&s[$b as usize..][..n], &s[$c as usize..][..n]);
        for (((d, a), b), c) in d.iter().zip(a).zip(b).zip(c) {
            let (xs, ys, zs) = (a.get(), b.get(), c.get());
            let mut r = [0.0; LANES];
            for i in 0..LANES {
                let ($x, $y, $z) = (xs[i], ys[i], zs[i]);
                r[i] = $e;
            }
            d.set(r);
        }
    }};
}

/// `s[d..][..n] = e(s[a..][..n])`.
macro_rules! col {
    ($s:expr, $d:expr, $a:expr, $n:expr; |$x:ident| $e:expr) => {{
        let (s, n): (&[Chunk], usize) = ($s, $n);
        let (d, a) = (&s[$d as usize..][..n], &s[$a as usize..][..n]);
        for (d, a) in d.iter().zip(a) {
            let xs = a.get();
            let mut r = [0.0; LANES];
            for i in 0..LANES {
                let $x = xs[i];
                r[i] = $e;
            }
            d.set(r);
        }
    }};
}

/// `s[d..][..n] = a ∘ c` for a constant `c`.
macro_rules! col_const {
    ($s:expr, $d:expr, $a:expr, $c:expr, $n:expr; |$x:ident, $y:ident| $e:expr) => {{
        let $y: f64 = $c;
        col!($s, $d, $a, $n; |$x| $e)
    }};
}

/// `s[d..][..n] = c ∘ b` for a constant `c`.
macro_rules! const_col {
    ($s:expr, $d:expr, $c:expr, $b:expr, $n:expr; |$x:ident, $y:ident| $e:expr) => {{
        let $x: f64 = $c;
        col!($s, $d, $b, $n; |$y| $e)
    }};
}

/// One of the loop macros above with the operation of a [`Kind`].
macro_rules! by_kind {
    ($kind:expr, $lanes:ident!($($arg:expr),*)) => {
        match $kind {
            Kind::Add => $lanes!($($arg),*; |x, y| x + y),
            Kind::Sub => $lanes!($($arg),*; |x, y| x - y),
            Kind::Mul => $lanes!($($arg),*; |x, y| x * y),
            Kind::Div => $lanes!($($arg),*; |x, y| x / y),
            Kind::Rem => $lanes!($($arg),*; |x, y| x % y),
            Kind::Pow => $lanes!($($arg),*; |x, y| x.powf(y)),
            Kind::Min => $lanes!($($arg),*; |x, y| min2(x, y)),
            Kind::Max => $lanes!($($arg),*; |x, y| max2(x, y)),
        }
    };
}

impl Program {
    /// Evaluates at `out.len()` points: `source(input)` says where each input is read. Columns
    /// must have at least `out.len()` values. Returns `false`, with NaN at every point, when the
    /// program could not run (where meval would fail: an input that is not there, or a column
    /// too short for it).
    pub(crate) fn eval_batch<'a>(
        &self,
        source: impl Fn(Input) -> Option<Source<'a>>,
        out: &mut [f64],
    ) -> bool {
        self.eval_batch_in(Build::detect(), source, out)
    }

    /// [`Program::eval_batch`] in the given build.
    pub(super) fn eval_batch_in<'a>(
        &self,
        build: Build,
        source: impl Fn(Input) -> Option<Source<'a>>,
        out: &mut [f64],
    ) -> bool {
        let n = out.len();
        if self.fails {
            out.fill(f64::NAN);
            return false;
        }
        // Where each input is read: on the stack when there are few.
        let mut sources_stack = [Source::Scalar(0.0); 8];
        let mut sources_heap = Vec::new();
        let sources = if self.inputs.len() <= sources_stack.len() {
            &mut sources_stack[..self.inputs.len()]
        } else {
            sources_heap.resize(self.inputs.len(), Source::Scalar(0.0));
            &mut sources_heap[..]
        };
        for (slot, &input) in sources.iter_mut().zip(&self.inputs) {
            match source(input) {
                Some(Source::Column(c)) if c.len() < n => {}
                Some(s) => {
                    *slot = s;
                    continue;
                }
                None => {}
            }
            out.fill(f64::NAN);
            return false;
        }
        let sources = &*sources;
        let size = self.slots() * STEPS;
        // The scratch is kept per thread: no allocation and no clearing per batch (every step
        // read is written first).
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => {
                if scratch.len() < size {
                    scratch.resize(size, [0.0; LANES]);
                }
                self.run_blocks(build, sources, &mut scratch[..size], out);
            }
            Err(_) => self.run_blocks(build, sources, &mut vec![[0.0; LANES]; size], out),
        });
        true
    }

    /// Runs every block of the batch in the given build ([`Build`]: the same code compiled for
    /// AVX2, for AVX-512 and for the baseline, chosen at run time; every build gives the same
    /// bits).
    fn run_blocks(
        &self,
        build: Build,
        sources: &[Source<'_>],
        scratch: &mut [[f64; LANES]],
        out: &mut [f64],
    ) {
        let cells = Cell::from_mut(scratch).as_slice_of_cells();
        match build {
            // SAFETY (both): a build other than the baseline is only made where the processor
            // has its features ([`Build`]); the functions are otherwise the same safe code as
            // `run_blocks_any`.
            #[cfg(target_arch = "x86_64")]
            Build::Avx512 => unsafe { self.run_blocks_avx512(sources, cells, out) },
            #[cfg(target_arch = "x86_64")]
            Build::Avx2 => unsafe { self.run_blocks_avx2(sources, cells, out) },
            _ => self.run_blocks_any::<BASELINE>(sources, cells, out),
        }
    }

    /// [`Program::run_blocks_any`] compiled for AVX2 and FMA.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn run_blocks_avx2(&self, sources: &[Source<'_>], cells: &[Chunk], out: &mut [f64]) {
        self.run_blocks_any::<AVX2>(sources, cells, out);
    }

    /// [`Program::run_blocks_any`] compiled for AVX-512 (eight points per vector instruction).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
    unsafe fn run_blocks_avx512(&self, sources: &[Source<'_>], cells: &[Chunk], out: &mut [f64]) {
        self.run_blocks_any::<AVX512>(sources, cells, out);
    }

    /// The body of [`Program::run_blocks`], compiled into each build: `B` says which (the
    /// kernels' same build is then called directly).
    #[inline(always)]
    fn run_blocks_any<const B: u8>(
        &self,
        sources: &[Source<'_>],
        cells: &[Chunk],
        out: &mut [f64],
    ) {
        self.fill_fixed(sources, cells, out.len().min(BLOCK).div_ceil(LANES));
        for (k, out) in out.chunks_mut(BLOCK).enumerate() {
            if out.len() == BLOCK {
                self.run_block::<B, true>(sources, cells, k * BLOCK, out);
            } else {
                self.run_block::<B, false>(sources, cells, k * BLOCK, out);
            }
        }
    }

    /// Fills the `steps` first steps of the columns that are the same at every point and in
    /// every block: the inputs given as one value, and the constants read as columns.
    #[inline(always)]
    fn fill_fixed(&self, sources: &[Source<'_>], cells: &[Chunk], steps: usize) {
        let regs = self.regs as usize;
        for (k, s) in sources.iter().enumerate() {
            if let Source::Scalar(x) = *s {
                cells[(regs + k) * STEPS..][..steps]
                    .iter()
                    .for_each(|c| c.set([x; LANES]));
            }
        }
        for &(at, x) in &self.batch.filled {
            cells[at as usize..][..steps]
                .iter()
                .for_each(|c| c.set([x; LANES]));
        }
    }

    /// Runs the block of points `lo..lo + out.len()` (at most [`BLOCK`]) into `out`: `FULL`
    /// for a whole block (the number of steps a constant). The loops are macros, not functions
    /// taking closures, which the compiler does not inline into the AVX2 build. Long because it
    /// is one `match` with an arm per form of instruction.
    #[inline(always)]
    fn run_block<const B: u8, const FULL: bool>(
        &self,
        sources: &[Source<'_>],
        s: &[Chunk],
        lo: usize,
        out: &mut [f64],
    ) {
        let (m, regs) = (out.len(), self.regs as usize);
        let n = if FULL { STEPS } else { m.div_ceil(LANES) };
        for (k, src) in sources.iter().enumerate() {
            if let Source::Column(c) = *src {
                copy_in(&c[lo..lo + m], &s[(regs + k) * STEPS..][..n]);
            }
        }
        for &v in &self.batch.code {
            match v {
                Vop::Bin(kind, d, a, b) => by_kind!(kind, cols!(s, d, a, b, n)),
                Vop::BinC(kind, d, a, c) => by_kind!(kind, col_const!(s, d, a, c, n)),
                Vop::CBin(kind, d, c, b) => by_kind!(kind, const_col!(s, d, c, b, n)),
                Vop::Neg(d, a) => col!(s, d, a, n; |x| -x),
                Vop::Sqr(d, a) => col!(s, d, a, n; |x| x * x),
                Vop::Recip(d, a) => col!(s, d, a, n; |x| 1.0 / x),
                Vop::Abs(d, a) => col!(s, d, a, n; |x| x.abs()),
                Vop::Sqrt(d, a) => col!(s, d, a, n; |x| x.sqrt()),
                Vop::PowI(d, a, k) => col!(s, d, a, n; |x| int_pow(x, k)),
                Vop::Call(d, a, f) => col!(s, d, a, n; |x| f.apply1(x)),
                Vop::MulSqr(d, a, b) => cols!(s, d, a, b, n; |x, y| x * (y * y)),
                Vop::MulSqrC(d, c, b) => col!(s, d, b, n; |y| c * (y * y)),
                Vop::AddMul(d, a, b, c) => cols3!(s, d, a, b, c, n; |x, y, z| x + y * z),
                Vop::SubMul(d, a, b, c) => cols3!(s, d, a, b, c, n; |x, y, z| x - y * z),
                Vop::MulSub(d, a, b, c) => cols3!(s, d, a, b, c, n; |x, y, z| y * z - x),
                Vop::AddMulC(d, a, b, c) => cols!(s, d, a, b, n; |x, y| x + y * c),
                Vop::SubMulC(d, a, b, c) => cols!(s, d, a, b, n; |x, y| x - y * c),
                Vop::MulSubC(d, a, b, c) => cols!(s, d, a, b, n; |x, y| y * c - x),
                Vop::Kernel(k, d, a) if self.exact => col!(s, d, a, n; |x| k.std(x)),
                Vop::Kernel(k, d, a) => {
                    let (d, a) = (d as usize, a as usize);
                    // SAFETY (both): `B` is `AVX512` only in `run_blocks_avx512` and `AVX2`
                    // only in `run_blocks_avx2`, which run only where the processor has the
                    // features.
                    #[cfg(target_arch = "x86_64")]
                    match B {
                        AVX512 => unsafe { vecmath::apply_avx512(k, s, d, a, n) },
                        AVX2 => unsafe { vecmath::apply_avx2(k, s, d, a, n) },
                        _ => vecmath::apply_with(Build::Baseline, k, s, d, a, n),
                    }
                    #[cfg(not(target_arch = "x86_64"))]
                    vecmath::apply_with(Build::Baseline, k, s, d, a, n);
                }
            }
        }
        copy_out(&s[self.batch.result as usize..][..n], out);
    }
}

/// `xs` into the steps `to` (`xs.len()` ≤ `to.len()·LANES`); the lanes past the last point are
/// zero.
#[inline(always)]
fn copy_in(xs: &[f64], to: &[Chunk]) {
    let mut whole = xs.chunks_exact(LANES);
    for (t, x) in to.iter().zip(&mut whole) {
        let mut v = [0.0; LANES];
        v.copy_from_slice(x);
        t.set(v);
    }
    let rest = whole.remainder();
    if let Some(t) = to.get(xs.len() / LANES).filter(|_| !rest.is_empty()) {
        let mut v = [0.0; LANES];
        v[..rest.len()].copy_from_slice(rest);
        t.set(v);
    }
}

/// The first `out.len()` values of the steps `from`.
#[inline(always)]
fn copy_out(from: &[Chunk], out: &mut [f64]) {
    let last = out.len() / LANES;
    let mut whole = out.chunks_exact_mut(LANES);
    for (o, f) in (&mut whole).zip(from) {
        o.copy_from_slice(&f.get());
    }
    let rest = whole.into_remainder();
    if let Some(f) = from.get(last).filter(|_| !rest.is_empty()) {
        rest.copy_from_slice(&f.get()[..rest.len()]);
    }
}
