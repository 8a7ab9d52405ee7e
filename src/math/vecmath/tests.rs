//! The kernels against the standard library's functions (glibc's on this machine): at most one
//! unit in the last place apart wherever std's value is finite and nonzero, and the same bits
//! wherever std gives NaN, an infinity, a zero or a subnormal number.

use super::*;
use crate::math::sample::SplitMix64;
use proptest::prelude::*;

/// How far from std a kernel may be, in units in the last place: one for the functions glibc
/// computes (both are faithfully rounded), three for σ, which std computes as 1/(1 + e^−x)
/// from glibc's `exp`: a one-unit difference in e^−x near the bottom of its binade is a
/// relative difference of 2^−52, two units of a reciprocal near the top of its own, and the
/// two reciprocals round independently (measured: 3).
fn bound(kernel: Kernel) -> u64 {
    if kernel == Kernel::Sigmoid {
        3
    } else {
        1
    }
}

/// Every kernel, with a name for the messages.
fn kernels() -> Vec<(&'static str, Kernel)> {
    let pow = |b: f64| Kernel::pow(b).unwrap_or_else(|| panic!("{b} is a known base"));
    vec![
        ("exp", Kernel::Exp),
        ("ln", Kernel::Ln),
        ("sin", Kernel::Sin),
        ("cos", Kernel::Cos),
        ("sigmoid", Kernel::Sigmoid),
        ("e^x", Kernel::PowE),
        ("2^y", pow(2.0)),
        ("10^y", pow(10.0)),
    ]
}

/// Units in the last place between two finite values of the same sign (their distance in the
/// ordered list of doubles); `u64::MAX` when they are not comparable that way.
fn ulps(a: f64, b: f64) -> u64 {
    if !a.is_finite() || !b.is_finite() || a.is_sign_negative() != b.is_sign_negative() {
        return u64::MAX;
    }
    a.to_bits().abs_diff(b.to_bits())
}

/// How `got` compares with std's `want`: `Ok(ulps)` when both are normal numbers, `Ok(0)` when
/// they are the same special value (NaN, infinity, zero of the same sign, the same subnormal),
/// `Err` otherwise.
fn compare(want: f64, got: f64) -> Result<u64, String> {
    if want.is_normal() {
        return Ok(ulps(want, got));
    }
    if (want.is_nan() && got.is_nan()) || want.to_bits() == got.to_bits() {
        Ok(0)
    } else {
        Err(format!("std gives {want:e}, the kernel {got:e}"))
    }
}

/// The worst case of `kernel` over `xs`: (ulps, at x), after checking special values exactly.
fn worst(name: &str, kernel: Kernel, xs: &[f64]) -> (u64, f64) {
    let mut out = vec![0.0; xs.len()];
    map(kernel, xs, &mut out);
    let mut worst = (0, f64::NAN);
    for (&x, &got) in xs.iter().zip(&out) {
        let want = kernel.std(x);
        match compare(want, got) {
            Ok(u) if u > worst.0 => worst = (u, x),
            Ok(_) => {}
            Err(e) => panic!("{name}({x:e}): {e}"),
        }
    }
    worst
}

/// A deterministic stream of 64-bit values (the sample points' SplitMix64).
struct Mix(SplitMix64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in [lo, hi).
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.0.next_f64()
    }

    /// Any double, NaNs, infinities, zeros and subnormals included.
    fn any(&mut self) -> f64 {
        f64::from_bits(self.next())
    }
}

/// Values every function is tried at: the special ones, the edges of each kernel's core and
/// of overflow and underflow, with their neighbours.
fn edges() -> Vec<f64> {
    let mut v = vec![
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        -f64::NAN,
        f64::MIN_POSITIVE,
        -f64::MIN_POSITIVE,
        5e-324,
        -5e-324,
        2.2e-308,
        f64::MAX,
        f64::MIN,
        f64::EPSILON,
        1.0,
        -1.0,
        0.5,
        2.0,
        7.450580596923828e-9,
        524288.0,
        707.0,
        -707.0,
        709.0,
        -709.0,
        709.782712893384,
        709.7827128933841,
        -708.3964185322641,
        -745.1332191019411,
        -745.1332191019412,
        -744.44007192138,
        1023.0,
        -1020.0,
        -1074.0,
        -1075.0,
        307.0,
        308.3,
        -307.0,
        -323.3,
        std::f64::consts::PI,
        std::f64::consts::FRAC_PI_2,
        std::f64::consts::FRAC_PI_4,
    ];
    let neighbours: Vec<f64> = v
        .iter()
        .filter(|x| x.is_finite())
        .flat_map(|&x| {
            let b = x.to_bits();
            (1..=3).flat_map(move |d| {
                [
                    f64::from_bits(b.wrapping_add(d)),
                    f64::from_bits(b.wrapping_sub(d)),
                ]
            })
        })
        .collect();
    v.extend(neighbours);
    let negatives: Vec<f64> = v.iter().map(|x| -x).collect();
    v.extend(negatives);
    v
}

/// The doubles nearest to n·π/2 and their neighbours, for n up to the sine kernel's edge
/// (where a reduced argument is smallest and the reduction is hardest), and the integers, which
/// are commonly typed.
fn near_multiples_of_half_pi(mix: &mut Mix, count: usize) -> Vec<f64> {
    let mut v = Vec::with_capacity(count);
    while v.len() < count {
        let n = (mix.next() % 333_000) as f64 * if mix.next() & 1 == 0 { 1.0 } else { -1.0 };
        let x = n * std::f64::consts::FRAC_PI_2;
        let d = (mix.next() % 9) as i64 - 4;
        v.push(f64::from_bits(x.to_bits().wrapping_add_signed(d)));
    }
    v.extend((-2000..=2000).map(f64::from));
    v
}

/// `count` points for `name`: any double, the common range uniformly, the core's whole range
/// uniformly in the exponent, and the function's hard places.
fn points(name: &str, seed: u64, count: usize) -> Vec<f64> {
    let mut mix = Mix(SplitMix64::new(seed));
    let mut v = edges();
    let (lo, hi) = match name {
        "exp" | "sigmoid" | "e^x" => (-750.0, 750.0),
        "2^y" => (-1080.0, 1030.0),
        "10^y" => (-330.0, 310.0),
        "ln" => (0.0, 1e3),
        _ => (-600_000.0, 600_000.0),
    };
    for _ in 0..count / 4 {
        v.push(mix.any());
        v.push(mix.uniform(lo, hi));
        v.push(mix.uniform(-10.0, 10.0));
        // uniform in the exponent: every scale from the tiny to the huge
        let e = mix.uniform(-40.0, 40.0).exp2();
        v.push(if mix.next() & 1 == 0 { e } else { -e } * mix.uniform(1.0, 2.0));
    }
    match name {
        "sin" | "cos" => v.extend(near_multiples_of_half_pi(&mut mix, count / 4)),
        "ln" => v.extend((0..count / 4).map(|_| {
            // near 1, where ln is smallest, and every binade
            if mix.next() & 1 == 0 {
                1.0 + mix.uniform(-1e-3, 1e-3)
            } else {
                mix.uniform(-1022.0, 1023.0).exp2()
            }
        })),
        _ => {}
    }
    v
}

/// Every kernel within one unit in the last place of std (σ three) wherever std's value is a normal
/// number, and exactly std's value elsewhere, on a deterministic set of about 600,000 points
/// per function.
#[test]
fn every_kernel_is_within_one_ulp_of_std_and_exact_on_special_values() {
    for (k, (name, kernel)) in kernels().into_iter().enumerate() {
        let xs = points(name, 20261203 + k as u64, 400_000);
        let (u, at) = worst(name, kernel, &xs);
        assert!(u <= bound(kernel), "{name}: {u} ulps at {at:e} ({at:?})");
    }
}

/// Lanes outside a kernel's core are std's values bit for bit, wherever they sit in a step.
#[test]
fn lanes_outside_the_core_are_std_bit_for_bit() {
    let specials = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        0.0,
        -0.0,
        1e300,
        -1e300,
        5e-324,
    ];
    for (name, kernel) in kernels() {
        for (i, &s) in specials.iter().enumerate() {
            let mut xs: Vec<f64> = (0..19).map(|j| 0.3 + 0.1 * f64::from(j)).collect();
            xs[(i * 5) % 19] = s;
            let mut out = vec![0.0; xs.len()];
            map(kernel, &xs, &mut out);
            let want = kernel.std(s);
            let got = out[(i * 5) % 19];
            assert!(
                want.to_bits() == got.to_bits() || (want.is_nan() && got.is_nan()),
                "{name}({s:e}): std {want:e}, kernel {got:e}"
            );
        }
    }
}

/// In place (the destination slot is the source slot) and out of place agree, and the result
/// does not depend on where a point sits in a step.
#[test]
fn in_place_and_out_of_place_agree_at_every_position() {
    for (name, kernel) in kernels() {
        let xs: Vec<f64> = (0..40).map(|i| -3.7 + 0.29 * f64::from(i)).collect();
        let mut out = vec![0.0; 40];
        map(kernel, &xs, &mut out);
        let mut chunks = to_chunks(&xs);
        chunks.extend(vec![[0.0; LANES]; 5]);
        let cells = Cell::from_mut(&mut chunks[..]).as_slice_of_cells();
        apply(kernel, cells, 5, 0, 5);
        apply(kernel, cells, 0, 0, 5);
        let s: Vec<f64> = chunks.concat();
        for i in 0..40 {
            assert_eq!(out[i].to_bits(), s[i].to_bits(), "{name} in place at {i}");
            assert_eq!(out[i].to_bits(), s[40 + i].to_bits(), "{name} at {i}");
            let mut one = [0.0];
            map(kernel, &xs[i..=i], &mut one);
            assert_eq!(out[i].to_bits(), one[0].to_bits(), "{name} alone at {i}");
        }
    }
}

/// Every build the processor runs (AVX2 and FMA, AVX-512 here) gives the baseline build's
/// bits: the kernels use no fused multiply-add. (Meaningful in a release build, where every
/// build is vectorised: `cargo test --release --lib vecmath`.)
#[test]
fn every_build_and_the_baseline_build_agree_bit_for_bit() {
    for (k, (name, kernel)) in kernels().into_iter().enumerate() {
        let xs = points(name, 99 + k as u64, 40_000);
        let n = xs.len() / LANES * LANES;
        let mut baseline = to_chunks(&xs[..n]);
        let baseline_cells = Cell::from_mut(&mut baseline[..]).as_slice_of_cells();
        apply_any(kernel, baseline_cells, 0, 0, n / LANES);
        let baseline = baseline.concat();
        for build in Build::available() {
            let mut chosen = to_chunks(&xs[..n]);
            let cells = Cell::from_mut(&mut chosen[..]).as_slice_of_cells();
            apply_with(build, kernel, cells, 0, 0, n / LANES);
            for (i, (a, b)) in chosen.concat().into_iter().zip(&baseline).enumerate() {
                assert!(
                    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                    "{name}({:e}), {build:?}: {a:e} vs {b:e}",
                    xs[i]
                );
            }
        }
    }
}

#[test]
fn only_the_known_bases_have_a_kernel() {
    assert!(Kernel::pow(2.0).is_some());
    assert!(Kernel::pow(10.0).is_some());
    // e^x is `Kernel::PowE`, compiled as its own operation
    for b in [
        std::f64::consts::E,
        3.0,
        0.5,
        -2.0,
        0.0,
        f64::NAN,
        f64::INFINITY,
    ] {
        assert_eq!(Kernel::pow(b), None, "{b}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any double at all, for every kernel, in a step of its own.
    #[test]
    fn any_double_is_within_one_ulp_or_exact(x in any::<f64>(), y in -800.0..800.0f64) {
        for (name, kernel) in kernels() {
            for x in [x, y] {
                let mut out = [0.0];
                map(kernel, &[x], &mut out);
                let c = compare(kernel.std(x), out[0]);
                prop_assert!(matches!(c, Ok(u) if u <= bound(kernel)), "{}({:e}): {:?}", name, x, c);
            }
        }
    }
}

/// The figures of docs/answer-language.md: each kernel on 10 million points per family, the
/// largest difference and how often the two differ.
/// `cargo test --release --lib vecmath::tests::measure -- --ignored --nocapture`
#[test]
#[ignore = "a measurement (minutes in a debug build): run in release"]
fn measure() {
    for (k, (name, kernel)) in kernels().into_iter().enumerate() {
        let xs = points(name, 7 + k as u64, 40_000_000);
        let mut out = vec![0.0; xs.len()];
        map(kernel, &xs, &mut out);
        let (mut max, mut differ, mut normal) = (0, 0u64, 0u64);
        for (&x, &got) in xs.iter().zip(&out) {
            let want = kernel.std(x);
            let u = compare(want, got).unwrap_or(u64::MAX);
            max = max.max(u);
            differ += u64::from(u > 0);
            normal += u64::from(want.is_normal());
        }
        println!(
            "{name}: {} points ({normal} with a normal result): max {max} ulp, {differ} differ ({:.4}%)",
            xs.len(),
            100.0 * differ as f64 / normal.max(1) as f64
        );
    }
}
