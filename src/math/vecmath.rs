//! Vectorised `exp`, `ln`, `sin`, `cos`, `σ`, `e^x` and `b^y` (for bases 2 and 10) over the
//! columns of a batch: what [`Program::eval_batch`](super::program::Program::eval_batch) runs
//! instead of glibc's scalar functions, one call per point.
//!
//! Each function is a branch-free kernel on one lane (range reduction, then a polynomial) that
//! the compiler turns into vector instructions over [`LANES`] points at a time: the AVX-512 build
//! of the same code, or the AVX2 and FMA build, when the processor has them (runtime detection,
//! [`Build`]), the baseline build (SSE2, or whatever the target has) otherwise. The kernels use
//! no fused multiply-add: Rust never contracts `a * b + c`, so every build computes the same
//! roundings and gives the same bits, on every machine.
//!
//! A kernel covers the *core* of its function's range, where its analysis holds; every lane
//! outside it (NaN, infinities, zeros, subnormals, the edges of overflow and underflow, sines of
//! huge arguments) is recomputed by the standard library's scalar function. So NaN, infinity,
//! signed zeros and subnormal results are std's (glibc's) exactly, and inside the core each
//! kernel is faithfully rounded (error under one unit in the last place), as glibc is: the two
//! differ by at most one unit in the last place. The tests below measure it on millions of
//! points; docs/answer-language.md records the bounds.
//!
//! | function | core | method |
//! | --- | --- | --- |
//! | `exp x` | −707 ≤ x ≤ 709 | x = k ln 2 + r (Cody–Waite), Taylor of degree 13 with `1 + r` kept in two parts |
//! | `e^x` as [`pow_e`] (`exp` below 708 in size, meval's `powf(e, x)` beyond) | −707 ≤ x < 708 | the `exp` kernel |
//! | `b^y`, b ∈ {2, 10} | −707 ≤ y ln b ≤ 709 | `exp` of y·ln b in double-double (ln b in two parts, y split in halves) |
//! | `σ(x)` = 1/(1 + e^−x) | −708 ≤ x ≤ 707 | the `exp` kernel, then `1/(1 + e)` as std computes it |
//! | `ln x` | normal positive x | fdlibm's: x = 2^k m, m ∈ [√2/2, √2), a polynomial in s = f/(2 + f) |
//! | `sin x`, `cos x` | 2^−27 ≤ \|x\| ≤ 2^19 | x − n·π/2 in double-double (π/2 in four parts, exact products), fdlibm's kernels with the tail |
//!
//! Constants: fdlibm's (Sun Microsystems, freely distributable), ln b computed to 80 digits.
//! The kernels read them from a table, each repeated in every lane ([`Table`]), so that AVX2
//! instructions take them as memory operands instead of broadcasting each before its use.

use super::program::pow_e;
use std::cell::Cell;

/// Points per step: one step is an array of this many values, which the compiler turns into
/// vector instructions (one AVX-512 register, two AVX2 ones, four SSE2 ones).
pub(crate) const LANES: usize = 8;

/// A function of one column.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Kernel {
    Exp,
    Ln,
    Sin,
    Cos,
    Sigmoid,
    /// `e^x` as one evaluation computes it ([`pow_e`]).
    PowE,
    /// `base^y` for a column `y` and a constant base with a known logarithm ([`Kernel::pow`]);
    /// a reference, so that a kernel is two words, passed in registers.
    Pow(&'static Base),
}

/// A constant base of a power, with its natural logarithm in two parts: `hi` has at most 26
/// significant bits (so that `hi` times half of a double is exact), `hi + lo` is ln(base) to
/// about 80 bits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Base {
    base: f64,
    hi: f64,
    lo: f64,
}

/// The bases [`Kernel::pow`] knows: 2 and 10 (e is [`Kernel::PowE`]). ln b computed with
/// Python's `decimal` at 80 digits from each base's exact double value.
const BASES: [Base; 2] = [
    Base {
        base: 2.0,
        hi: 0.6931471824645996,
        lo: -1.904654299957768e-9,
    },
    Base {
        base: 10.0,
        hi: 2.3025850653648376,
        lo: 2.7629208037533617e-8,
    },
];

impl Kernel {
    /// `base^y` as a vectorised kernel, when the base is one it knows.
    pub(crate) fn pow(base: f64) -> Option<Kernel> {
        BASES
            .iter()
            .find(|b| b.base.to_bits() == base.to_bits())
            .map(Kernel::Pow)
    }

    /// The function on one value, as the standard library computes it: what a batch compiled
    /// for meval's values runs instead of the kernel, and the reference the tests compare the
    /// kernel with.
    #[inline]
    pub(crate) fn std(self, x: f64) -> f64 {
        match self {
            Kernel::Exp => x.exp(),
            Kernel::Ln => x.ln(),
            Kernel::Sin => x.sin(),
            Kernel::Cos => x.cos(),
            Kernel::Sigmoid => super::functions::sigmoid(x),
            Kernel::PowE => pow_e(x),
            Kernel::Pow(b) => b.base.powf(x),
        }
    }
}

/// A step of a batch: [`LANES`] values in a cell, so that an instruction may read and write the
/// same slot (its destination may be its operand) through shared references.
pub(crate) type Chunk = Cell<[f64; LANES]>;

/// `s[d + j] = kernel(s[a + j])` for `j < steps` (the slots' first chunks in `s`; `d` may be
/// `a`), in the widest build the processor runs. `s` must hold `a + steps` and `d + steps`
/// chunks.
#[cfg(test)]
pub(crate) fn apply(kernel: Kernel, s: &[Chunk], d: usize, a: usize, steps: usize) {
    apply_with(Build::detect(), kernel, s, d, a, steps);
}

/// [`apply`] in the given build.
pub(crate) fn apply_with(
    build: Build,
    kernel: Kernel,
    s: &[Chunk],
    d: usize,
    a: usize,
    steps: usize,
) {
    match build {
        // SAFETY (both): a build other than the baseline is only made where the processor has
        // its features ([`Build`]).
        #[cfg(target_arch = "x86_64")]
        Build::Avx512 => unsafe { apply_avx512(kernel, s, d, a, steps) },
        #[cfg(target_arch = "x86_64")]
        Build::Avx2 => unsafe { apply_avx2(kernel, s, d, a, steps) },
        _ => apply_any(kernel, s, d, a, steps),
    }
}

/// A build of the kernels and of a batch's loops: the same code compiled for what the
/// processor has, chosen at run time. The AVX2 and FMA build computes four points per vector
/// instruction, the AVX-512 build (F, DQ, VL) eight, the baseline (SSE2, or whatever the target
/// has) two; every build gives the same bits, since Rust never fuses a multiplication and an
/// addition. A build other than `Baseline` is only made where the processor has its
/// features ([`Build::detect`], [`Build::available`]): code that receives one may run it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Build {
    Baseline,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

impl Build {
    /// The widest build the processor runs (its features are detected once, then cached).
    #[inline]
    pub(crate) fn detect() -> Build {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::is_x86_feature_detected as has;
            if has!("avx2") && has!("fma") {
                if has!("avx512f") && has!("avx512dq") && has!("avx512vl") {
                    return Build::Avx512;
                }
                return Build::Avx2;
            }
        }
        Build::Baseline
    }

    /// Every build the processor runs, the baseline first (the tests compare them).
    #[cfg(test)]
    pub(crate) fn available() -> Vec<Build> {
        let mut builds = vec![Build::Baseline];
        #[cfg(target_arch = "x86_64")]
        {
            let widest = Build::detect();
            if widest != Build::Baseline {
                builds.push(Build::Avx2);
            }
            if widest == Build::Avx512 {
                builds.push(Build::Avx512);
            }
        }
        builds
    }
}

/// `out[i] = kernel(xs[i])` (lengths equal): [`apply`] on a slice of any length.
#[cfg(test)]
pub(crate) fn map(kernel: Kernel, xs: &[f64], out: &mut [f64]) {
    let n = xs.len().min(out.len());
    let mut chunks = to_chunks(&xs[..n]);
    let steps = chunks.len();
    apply(
        kernel,
        Cell::from_mut(&mut chunks[..]).as_slice_of_cells(),
        0,
        0,
        steps,
    );
    for (o, c) in out[..n].chunks_mut(LANES).zip(&chunks) {
        o.copy_from_slice(&c[..o.len()]);
    }
}

/// `xs` in chunks, the last one padded with zeros.
#[cfg(test)]
pub(crate) fn to_chunks(xs: &[f64]) -> Vec<[f64; LANES]> {
    xs.chunks(LANES)
        .map(|c| {
            let mut v = [0.0; LANES];
            v[..c.len()].copy_from_slice(c);
            v
        })
        .collect()
}

/// [`apply_any`] compiled for AVX2 and FMA (a batch's AVX2 build calls it directly).
///
/// # Safety
/// The processor must have AVX2 and FMA ([`Build::Avx2`]).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn apply_avx2(kernel: Kernel, s: &[Chunk], d: usize, a: usize, steps: usize) {
    apply_any(kernel, s, d, a, steps)
}

/// [`apply_any`] compiled for AVX-512 (a batch's AVX-512 build calls it directly): a step of
/// eight points is one vector.
///
/// # Safety
/// The processor must have AVX-512 F, DQ and VL, AVX2 and FMA ([`Build::Avx512`]).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
pub(crate) unsafe fn apply_avx512(kernel: Kernel, s: &[Chunk], d: usize, a: usize, steps: usize) {
    apply_any(kernel, s, d, a, steps)
}

/// The body of [`apply`], for every build.
#[inline(always)]
pub(crate) fn apply_any(kernel: Kernel, s: &[Chunk], d: usize, a: usize, steps: usize) {
    match kernel {
        Kernel::Exp => each(Exp, s, d, a, steps),
        Kernel::Ln => each(Ln, s, d, a, steps),
        Kernel::Sin => each(Sin, s, d, a, steps),
        Kernel::Cos => each(Cos, s, d, a, steps),
        Kernel::Sigmoid => each(Sigmoid, s, d, a, steps),
        Kernel::PowE => each(PowE, s, d, a, steps),
        Kernel::Pow(b) => each(*b, s, d, a, steps),
    }
}

/// One function's kernel on one lane, where it holds, and std's function for the rest. A trait
/// (static calls) rather than closures or function values, which the compiler did not inline
/// into the AVX2 build. `c` gives the constants ([`Consts`]).
trait Lane: Copy {
    fn lane(self, x: f64, c: Consts<'_>) -> f64;
    /// Whether `x` is in the core (false for NaN).
    fn core(self, x: f64, c: Consts<'_>) -> bool;
    fn fallback(self, x: f64) -> f64;
}

/// The steps of [`apply`]: each reads its lanes before writing, so `d` may be `a`. The kernel
/// runs on every lane, then std's function on the lanes outside the core (rare: checked for the
/// whole step at once). The slots are sliced once, so the steps check no bounds.
#[inline(always)]
fn each<K: Lane>(k: K, s: &[Chunk], d: usize, a: usize, steps: usize) {
    let table = std::hint::black_box(&TABLE);
    for (dc, xc) in s[d..][..steps].iter().zip(&s[a..][..steps]) {
        let x = xc.get();
        let mut y = [0.0; LANES];
        let mut outside = false;
        for i in 0..LANES {
            let c = Consts { table, i };
            y[i] = k.lane(x[i], c);
            outside |= !k.core(x[i], c);
        }
        if outside {
            for i in 0..LANES {
                if !k.core(x[i], Consts { table, i }) {
                    y[i] = k.fallback(x[i]);
                }
            }
        }
        dc.set(y);
    }
}

/// A function's [`Lane`]: a unit type with its lane, core and fallback.
macro_rules! lane {
    ($(#[$doc:meta])* $ty:ident, $lane:expr, $core:expr, $fallback:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        struct $ty;

        impl Lane for $ty {
            #[inline(always)]
            fn lane(self, x: f64, c: Consts<'_>) -> f64 {
                $lane(x, c)
            }
            #[inline(always)]
            fn core(self, x: f64, c: Consts<'_>) -> bool {
                $core(x, c)
            }
            fn fallback(self, x: f64) -> f64 {
                $fallback(x)
            }
        }
    };
}

lane!(Exp, exp_lane, exp_core, f64::exp);
lane!(Ln, ln_lane, ln_core, f64::ln);
lane!(
    /// `e^x` as [`pow_e`]: `exp` for −707 ≤ x < 708 (its bound), `pow_e` itself beyond.
    PowE,
    exp_lane,
    |x, c: Consts<'_>| (c.k(Row::EXP_LO) <= x) & (x < c.k(Row::POW_E_HI)),
    pow_e
);
lane!(Sin, sin_lane, trig_core, f64::sin);
lane!(Cos, cos_lane, trig_core, f64::cos);
lane!(
    /// σ(x) = 1/(1 + e^−x) with e^−x by the `exp` kernel, for −708 ≤ x ≤ 707 (e^−x ≤ e^708:
    /// σ(x) is still a normal number).
    Sigmoid,
    sigmoid_lane,
    |x, c: Consts<'_>| (c.k(Row::SIGMOID_LO) <= x) & (x <= c.k(Row::SIGMOID_HI)),
    super::functions::sigmoid
);

#[inline(always)]
fn sigmoid_lane(x: f64, c: Consts<'_>) -> f64 {
    c.k(Row::ONE) / (c.k(Row::ONE) + exp_lane(-x, c))
}

/// `b^y` = e^(y ln b), with y ln b in double-double.
impl Lane for Base {
    #[inline(always)]
    fn lane(self, y: f64, c: Consts<'_>) -> f64 {
        pow_lane(self, y, c)
    }
    #[inline(always)]
    fn core(self, y: f64, c: Consts<'_>) -> bool {
        exp_core(y * self.hi, c)
    }
    fn fallback(self, y: f64) -> f64 {
        self.base.powf(y)
    }
}

// ---------------------------------------------------------------------------------------------
// The constants, as operands.

/// Every constant of the kernels, each repeated in every lane, read through a reference the
/// compiler cannot see into (`black_box` in [`each`]): so each is an operand that the
/// instruction using it reads from memory. Written as constants, each was broadcast into a
/// register before its uses, again and again for want of registers (AVX2 instructions have no
/// broadcast operand): a fifth of the kernels' instructions. The values are the same; every
/// operation is the same; the bits are the same.
#[repr(C, align(64))]
struct Table([[f64; LANES]; Row::COUNT]);

/// [`Table`]'s rows by name, and the table.
macro_rules! constants {
    ($($name:ident = $value:expr;)*) => {
        /// A row of [`TABLE`].
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Clone, Copy)]
        enum Row {
            $($name),*
        }

        impl Row {
            const COUNT: usize = [$(Row::$name),*].len();
        }

        static TABLE: Table = Table([$([$value; LANES]),*]);
    };
}

constants! {
    ONE = 1.0;
    HALF = 0.5;
    TWO = 2.0;
    SHIFT_F = SHIFT;
    ABS_MASK = f64::from_bits(0x7fff_ffff_ffff_ffff);
    INV_LN2_K = INV_LN2;
    LN2_HI_K = LN2_HI;
    LN2_LO_K = LN2_LO;
    T2 = EXP_TAYLOR[0];
    T3 = EXP_TAYLOR[1];
    T4 = EXP_TAYLOR[2];
    T5 = EXP_TAYLOR[3];
    T6 = EXP_TAYLOR[4];
    T7 = EXP_TAYLOR[5];
    T8 = EXP_TAYLOR[6];
    T9 = EXP_TAYLOR[7];
    T10 = EXP_TAYLOR[8];
    T11 = EXP_TAYLOR[9];
    T12 = EXP_TAYLOR[10];
    T13 = EXP_TAYLOR[11];
    EXP_LO = -707.0;
    EXP_HI = 709.0;
    POW_E_HI = 708.0;
    SIGMOID_LO = -708.0;
    SIGMOID_HI = 707.0;
    LN_LO = f64::MIN_POSITIVE;
    LN_HI = f64::MAX;
    LG1_K = LG1;
    LG2_K = LG2;
    LG3_K = LG3;
    LG4_K = LG4;
    LG5_K = LG5;
    LG6_K = LG6;
    LG7_K = LG7;
    TRIG_LO = 7.450580596923828e-9;
    TRIG_HI = 524288.0;
    INV_PIO2_K = INV_PIO2;
    PIO2_1_K = PIO2_1;
    PIO2_2_K = PIO2_2;
    PIO2_3_K = PIO2_3;
    PIO2_3T_K = PIO2_3T;
    S1_K = S1;
    S2_K = S2;
    S3_K = S3;
    S4_K = S4;
    S5_K = S5;
    S6_K = S6;
    C1_K = C1;
    C2_K = C2;
    C3_K = C3;
    C4_K = C4;
    C5_K = C5;
    C6_K = C6;
}

/// The constants as one lane reads them: lane `i` of [`TABLE`]'s rows.
#[derive(Clone, Copy)]
struct Consts<'a> {
    table: &'a Table,
    i: usize,
}

impl Consts<'_> {
    #[inline(always)]
    fn k(self, k: Row) -> f64 {
        self.table.0[k as usize][self.i]
    }
}

// ---------------------------------------------------------------------------------------------
// Shared pieces.

/// 1.5·2^52: adding it rounds a value under 2^51 in magnitude to an integer (to nearest, ties
/// to even), which then sits in the low bits of the sum.
const SHIFT: f64 = 6755399441055744.0;

/// `round(x)` as a double and as an integer (|x| < 2^51).
#[inline(always)]
fn round_int(x: f64, c: Consts<'_>) -> (f64, i64) {
    let t = x + c.k(Row::SHIFT_F);
    let k = (t.to_bits() as i64).wrapping_sub(SHIFT.to_bits() as i64);
    (t - c.k(Row::SHIFT_F), k)
}

/// `a + b` exactly, as a rounded sum and its error (Knuth's TwoSum).
#[inline(always)]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

/// 2^k for −1022 ≤ k ≤ 1023.
#[inline(always)]
fn pow2(k: i64) -> f64 {
    f64::from_bits((k.wrapping_add(1023) as u64).wrapping_shl(52))
}

/// Flips the sign of `x` when `flip`.
#[inline(always)]
fn negate_if(x: f64, flip: bool) -> f64 {
    f64::from_bits(x.to_bits() ^ (u64::from(flip) << 63))
}

// ---------------------------------------------------------------------------------------------
// exp

const INV_LN2: f64 = std::f64::consts::LOG2_E;
/// ln 2 in two parts; the first has 32 significant bits, so k·LN2_HI is exact for |k| < 2^21.
const LN2_HI: f64 = f64::from_bits(0x3fe62e42_fee00000); // 6.93147180369123816490e-01
const LN2_LO: f64 = f64::from_bits(0x3dea39ef_35793c76); // 1.90821492927058770002e-10

/// 1/k! for k = 2..=13: e^r = 1 + r + r²·(1/2! + r/3! + … + r^11/13!), a truncation error
/// under 4·10^-18 relative for |r| ≤ ln 2 / 2.
const EXP_TAYLOR: [f64; 12] = [
    1.0 / 2.0,
    1.0 / 6.0,
    1.0 / 24.0,
    1.0 / 120.0,
    1.0 / 720.0,
    1.0 / 5040.0,
    1.0 / 40320.0,
    1.0 / 362880.0,
    1.0 / 3628800.0,
    1.0 / 39916800.0,
    1.0 / 479001600.0,
    1.0 / 6227020800.0,
];

/// Where the `exp` kernel holds: 2^k is normal and the result is neither subnormal nor
/// infinite. False for NaN.
#[inline(always)]
fn exp_core(x: f64, c: Consts<'_>) -> bool {
    (c.k(Row::EXP_LO) <= x) & (x <= c.k(Row::EXP_HI))
}

/// e^(k ln 2 + r + rl), for |r| ≤ ln 2 / 2 + ε, |rl| ≤ 2^-50 |r|, −1020 ≤ k ≤ 1023.
#[inline(always)]
fn exp_reduced(k: i64, r: f64, rl: f64, c: Consts<'_>) -> f64 {
    let mut q = c.k(Row::T13);
    for t in [
        Row::T12,
        Row::T11,
        Row::T10,
        Row::T9,
        Row::T8,
        Row::T7,
        Row::T6,
        Row::T5,
        Row::T4,
        Row::T3,
        Row::T2,
    ] {
        q = q * r + c.k(t);
    }
    // 1 + r in two parts (Fast2Sum: |1| ≥ |r|), so the only large rounding is the last one.
    let one = c.k(Row::ONE);
    let h = one + r;
    let l = (one - h) + r;
    let tail = l + (r * r * q + rl * (one + r));
    (h + tail) * pow2(k)
}

#[inline(always)]
fn exp_lane(x: f64, c: Consts<'_>) -> f64 {
    let (kf, k) = round_int(x * c.k(Row::INV_LN2_K), c);
    // x − k·ln 2: the first product is exact and the difference too (Sterbenz); r + rl is
    // the reduced argument to about 2^-100.
    let hi = x - kf * c.k(Row::LN2_HI_K);
    let lo = kf * c.k(Row::LN2_LO_K);
    let r = hi - lo;
    let rl = (hi - r) - lo;
    exp_reduced(k, r, rl, c)
}

/// `b^y` = e^(y ln b): y·ln b in double-double, then the `exp` kernel with the tail.
#[inline(always)]
fn pow_lane(b: Base, y: f64, c: Consts<'_>) -> f64 {
    // y = yh + yl with 26 and 27 significant bits: yh·hi and yl·hi are exact.
    let yh = f64::from_bits(y.to_bits() & 0xffff_ffff_f800_0000);
    let yl = y - yh;
    let (p1, p2, p3) = (yh * b.hi, yl * b.hi, y * b.lo);
    let (kf, k) = round_int((p1 + (p2 + p3)) * c.k(Row::INV_LN2_K), c);
    let a = p1 - kf * c.k(Row::LN2_HI_K); // exact, as in `exp_lane`
    let tail = p2 + (p3 - kf * c.k(Row::LN2_LO_K));
    let (r, rl) = two_sum(a, tail);
    exp_reduced(k, r, rl, c)
}

// ---------------------------------------------------------------------------------------------
// ln (fdlibm's e_log.c, with the reduction done on the whole 64 bits)

const LG1: f64 = f64::from_bits(0x3fe55555_55555593); // 6.666666666666735130e-01
const LG2: f64 = f64::from_bits(0x3fd99999_9997fa04); // 3.999999999940941908e-01
const LG3: f64 = f64::from_bits(0x3fd24924_94229359); // 2.857142874366239149e-01
const LG4: f64 = f64::from_bits(0x3fcc71c5_1d8e78af); // 2.222219843214978396e-01
const LG5: f64 = f64::from_bits(0x3fc74664_96cb03de); // 1.818357216161805012e-01
const LG6: f64 = f64::from_bits(0x3fc39a09_d078c69f); // 1.531383769920937332e-01
const LG7: f64 = f64::from_bits(0x3fc2f112_df3e5244); // 1.479819860511658591e-01

/// Normal, positive and finite.
#[inline(always)]
fn ln_core(x: f64, c: Consts<'_>) -> bool {
    (c.k(Row::LN_LO) <= x) & (x <= c.k(Row::LN_HI))
}

#[inline(always)]
fn ln_lane(x: f64, c: Consts<'_>) -> f64 {
    // x = 2^k · m with m in [√2/2, √2): shift the exponent so that the mantissas from
    // 0x6a09e… (√2/2) up land in the same binade.
    let bits = x.to_bits().wrapping_add((0x3ff0_0000 - 0x3fe6_a09e) << 32);
    let k = ((bits >> 52) as i64).wrapping_sub(0x3ff);
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff).wrapping_add(0x3fe6_a09e << 32));
    let dk = f64::from_bits(SHIFT.to_bits().wrapping_add(k as u64)) - c.k(Row::SHIFT_F);
    let f = m - c.k(Row::ONE);
    let hfsq = c.k(Row::HALF) * f * f;
    let s = f / (c.k(Row::TWO) + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (c.k(Row::LG2_K) + w * (c.k(Row::LG4_K) + w * c.k(Row::LG6_K)));
    let t2 =
        z * (c.k(Row::LG1_K) + w * (c.k(Row::LG3_K) + w * (c.k(Row::LG5_K) + w * c.k(Row::LG7_K))));
    let r = t2 + t1;
    s * (hfsq + r) + dk * c.k(Row::LN2_LO_K) - hfsq + f + dk * c.k(Row::LN2_HI_K)
}

// ---------------------------------------------------------------------------------------------
// sin and cos

const INV_PIO2: f64 = f64::from_bits(0x3fe45f30_6dc9c883); // 6.36619772367581382433e-01
/// π/2 = PIO2_1 + PIO2_2 + PIO2_3 + PIO2_3T to about 150 bits; the first three have 33
/// significant bits, so n times each is exact for |n| < 2^20.
const PIO2_1: f64 = f64::from_bits(0x3ff921fb_54400000); // 1.57079632673412561417e+00
const PIO2_2: f64 = f64::from_bits(0x3dd0b461_1a600000); // 6.07710050630396597660e-11
const PIO2_3: f64 = f64::from_bits(0x3ba3198a_2e000000); // 2.02226624871116645580e-21
const PIO2_3T: f64 = f64::from_bits(0x397b839a_252049c1); // 8.47842766036889956997e-32

const S1: f64 = f64::from_bits(0xbfc55555_55555549); // -1.66666666666666324348e-01
const S2: f64 = f64::from_bits(0x3f811111_1110f8a6); // 8.33333333332248946124e-03
const S3: f64 = f64::from_bits(0xbf2a01a0_19c161d5); // -1.98412698298579493134e-04
const S4: f64 = f64::from_bits(0x3ec71de3_57b1fe7d); // 2.75573137070700676789e-06
const S5: f64 = f64::from_bits(0xbe5ae5e6_8a2b9ceb); // -2.50507602534068634195e-08
const S6: f64 = f64::from_bits(0x3de5d93a_5acfd57c); // 1.58969099521155010221e-10

const C1: f64 = f64::from_bits(0x3fa55555_5555554c); // 4.16666666666666019037e-02
const C2: f64 = f64::from_bits(0xbf56c16c_16c15177); // -1.38888888888741095749e-03
const C3: f64 = f64::from_bits(0x3efa01a0_19cb1590); // 2.48015872894767294178e-05
const C4: f64 = f64::from_bits(0xbe927e4f_809c52ad); // -2.75573143513906633035e-07
const C5: f64 = f64::from_bits(0x3e21ee9e_bdb4b1c4); // 2.08757232129817482790e-09
const C6: f64 = f64::from_bits(0xbda8fae9_be8838d4); // -1.13596475577881948265e-11

/// 2^-27 ≤ |x| ≤ 2^19 (n < 2^19·2/π, well under 2^20). Below, sin x rounds to x and cos x to 1
/// (std's answers); above, std reduces with its many-digit π.
#[inline(always)]
fn trig_core(x: f64, c: Consts<'_>) -> bool {
    let a = f64::from_bits(x.to_bits() & c.k(Row::ABS_MASK).to_bits());
    (c.k(Row::TRIG_LO) <= a) & (a <= c.k(Row::TRIG_HI))
}

/// x − n·π/2 as `y + yy` (|y| ≲ π/4), and n.
#[inline(always)]
fn reduce_pio2(x: f64, c: Consts<'_>) -> (f64, f64, i64) {
    let (nf, n) = round_int(x * c.k(Row::INV_PIO2_K), c);
    // exact: Sterbenz, the product has at most 53 bits
    let a = x - nf * c.k(Row::PIO2_1_K);
    let (s1, e1) = two_sum(a, -(nf * c.k(Row::PIO2_2_K)));
    let (s2, e2) = two_sum(s1, -(nf * c.k(Row::PIO2_3_K)));
    let t = (e1 + e2) - nf * c.k(Row::PIO2_3T_K);
    // Fast2Sum: |s2| ≥ |t| (when s2 is small the subtractions were exact and t is n·PIO2_3T)
    let y = s2 + t;
    (y, (s2 - y) + t, n)
}

/// sin(y + yy) for |y| ≲ π/4 (musl's `__sin`, from fdlibm).
#[inline(always)]
fn sin_kernel(x: f64, y: f64, c: Consts<'_>) -> f64 {
    let z = x * x;
    let w = z * z;
    let r = c.k(Row::S2_K)
        + z * (c.k(Row::S3_K) + z * c.k(Row::S4_K))
        + z * w * (c.k(Row::S5_K) + z * c.k(Row::S6_K));
    let v = z * x;
    x - ((z * (c.k(Row::HALF) * y - v * r) - y) - v * c.k(Row::S1_K))
}

/// cos(y + yy) for |y| ≲ π/4 (musl's `__cos`, from fdlibm).
#[inline(always)]
fn cos_kernel(x: f64, y: f64, c: Consts<'_>) -> f64 {
    let z = x * x;
    let w = z * z;
    let r = z * (c.k(Row::C1_K) + z * (c.k(Row::C2_K) + z * c.k(Row::C3_K)))
        + w * w * (c.k(Row::C4_K) + z * (c.k(Row::C5_K) + z * c.k(Row::C6_K)));
    let hz = c.k(Row::HALF) * z;
    let w = c.k(Row::ONE) - hz;
    w + (((c.k(Row::ONE) - w) - hz) + (z * r - x * y))
}

/// sin x from the quadrant n: sin, cos, −sin, −cos for n mod 4 = 0, 1, 2, 3.
#[inline(always)]
fn sin_lane(x: f64, k: Consts<'_>) -> f64 {
    let (y, yy, n) = reduce_pio2(x, k);
    let (s, c) = (sin_kernel(y, yy, k), cos_kernel(y, yy, k));
    negate_if(if n & 1 == 0 { s } else { c }, n & 2 != 0)
}

/// cos x from the quadrant n: cos, −sin, −cos, sin for n mod 4 = 0, 1, 2, 3.
#[inline(always)]
fn cos_lane(x: f64, k: Consts<'_>) -> f64 {
    let (y, yy, n) = reduce_pio2(x, k);
    let (s, c) = (sin_kernel(y, yy, k), cos_kernel(y, yy, k));
    negate_if(if n & 1 == 0 { c } else { s }, n.wrapping_add(1) & 2 != 0)
}

#[cfg(test)]
mod tests;
