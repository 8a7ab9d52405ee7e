//! When is a value close enough to the truth.

use crate::exercise::Tolerance;

/// Expression answers: relative tolerance at each point.
pub(crate) const RTOL: f64 = 1e-6;
/// Expression answers: absolute tolerance, as a fraction of the truth's size over the sample.
pub(crate) const ATOL: f64 = 1e-9;
/// Magnitudes below this count as zero for expression answers.
pub(crate) const ABS_FLOOR: f64 = 1e-13;
/// Magnitudes below this count as zero for number answers.
pub(crate) const NUM_FLOOR: f64 = 1e-12;
/// How far (relative) an expression answer may be off and still be called "rounded".
pub(crate) const ROUNDED_REL: f64 = 1e-3;
/// How many tolerances a number answer may be off and still be called "close".
pub(crate) const CLOSE_FACTOR: f64 = 10.0;
/// How far (relative) a number answer may be off and still be called "close".
pub(crate) const CLOSE_REL: f64 = 5e-3;
/// A point's truth is used only when its error estimate is this small, relative to the larger
/// of its own size and a thousandth of the truth's size over the sample.
pub(crate) const RELIABLE: f64 = 1e-6;

/// Does an expression answer's value `a` match the truth `t` (error estimate `err`) at a point,
/// given the truth's typical size `scale` over the sample?
pub(crate) fn sample_ok(a: f64, t: f64, err: f64, scale: f64) -> bool {
    a.is_finite() && (a - t).abs() <= RTOL * t.abs() + ATOL * scale + 4.0 * err + ABS_FLOOR
}

/// The same with a looser relative tolerance (for "rounded" and for matching alternatives).
pub(crate) fn sample_close(a: f64, t: f64, err: f64, scale: f64, rel: f64) -> bool {
    a.is_finite() && (a - t).abs() <= rel * t.abs() + 10.0 * ATOL * scale + 4.0 * err + ABS_FLOOR
}

/// The allowed distance from the truth `t` under `tol` (before the error estimate and floor).
/// `sig_figs = n` allows one unit in the n-th significant figure of the truth, so a value
/// rounded (or truncated) to n figures is accepted and an error in the (n-1)-th is not.
pub(crate) fn width(t: f64, tol: Tolerance) -> f64 {
    match tol {
        Tolerance::Abs(a) => a.abs(),
        Tolerance::Rel(r) => r.abs() * t.abs(),
        Tolerance::SigFigs(n) => sig_fig_unit(t, n),
        Tolerance::Decimals(d) => 0.5 * 10f64.powi(-(d.min(300) as i32)),
    }
}

/// One unit in the `n`-th significant figure of `t` *as rounded to `n` figures*.
///
/// The figures are counted on the rounded truth, not on the truth itself, because a truth
/// computed by finite differences carries rounding noise: the slope of x²/2 at 1 comes out as
/// 0.99999999…, and counting its figures as they fall would make the unit 0.0001 where the
/// exact 1 gives 0.001, ten times too strict on the side of a power of ten that noise happened
/// to pick. Rounded to 4 figures both read 1.000, so both get the unit 0.001.
fn sig_fig_unit(t: f64, n: u32) -> f64 {
    if t == 0.0 || !t.is_finite() {
        return 0.0;
    }
    let n = f64::from(n.max(1));
    let mut e = t.abs().log10().floor();
    // `log10` may also land a hair below an exact power of ten; rounding settles both cases.
    if (t.abs() / 10f64.powf(e - n + 1.0)).round() >= 10f64.powf(n) {
        e += 1.0;
    }
    10f64.powf(e - n + 1.0)
}

/// Does a number answer `a` match the truth `t` (error estimate `err`) under `tol`?
pub(crate) fn number_ok(a: f64, t: f64, err: f64, tol: Tolerance) -> bool {
    if t.is_infinite() || a.is_infinite() {
        return a == t;
    }
    a.is_finite() && (a - t).abs() <= width(t, tol) * (1.0 + 1e-9) + 4.0 * err + NUM_FLOOR
}

/// Is a wrong number answer close to the truth: within a few tolerances, and within half a
/// percent?
pub(crate) fn number_close(a: f64, t: f64, err: f64, tol: Tolerance) -> bool {
    let d = (a - t).abs();
    a.is_finite()
        && t.is_finite()
        && d <= CLOSE_FACTOR * width(t, tol) + 4.0 * err + NUM_FLOOR
        && d <= CLOSE_REL * t.abs() + 4.0 * err + NUM_FLOOR
}

/// With `decimals = d`, a wrong answer that is the truth `t` cut off after `d` decimal places
/// (truncated, where rounding was asked): `Some(d)`.
pub(crate) fn truncated(a: f64, t: f64, tol: Tolerance) -> Option<u32> {
    let Tolerance::Decimals(d) = tol else {
        return None;
    };
    let scale = 10f64.powi(d.min(300) as i32);
    let cut = (t * scale).trunc() / scale;
    let wrong = !number_ok(a, t, 0.0, tol);
    (wrong && t.is_finite() && (a - cut).abs() <= 1e-9 / scale).then_some(d)
}

/// Is `a` the truth `t` rounded (or truncated) to some number of significant figures, as a
/// student rounds an intermediate value: `0.029` for 0.029312, `0.9997` for 0.99966?
pub(crate) fn is_rounding_of(a: f64, t: f64) -> bool {
    if !(a.is_finite() && t.is_finite()) || t == 0.0 {
        return false;
    }
    let e = t.abs().log10().floor();
    (1..=15).any(|m| {
        let unit = 10f64.powf(e - f64::from(m) + 1.0);
        let q = t / unit;
        [q.round(), q.trunc()]
            .iter()
            .any(|k| (a - k * unit).abs() <= 1e-9 * unit)
    })
}

/// A phrase describing `tol`: "to 4 significant figures", "within 0.005", ...
pub(crate) fn describe(tol: Tolerance) -> String {
    match tol {
        Tolerance::Abs(a) => format!("within {}", crate::text::num(a)),
        Tolerance::Rel(r) => format!("within {}%", crate::text::num(r * 100.0)),
        Tolerance::SigFigs(n) => format!("to {n} significant figures"),
        Tolerance::Decimals(d) => format!("to {d} decimal places"),
    }
}

/// The root mean square of the finite values, 0 when there are none.
pub(crate) fn rms(values: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for v in values.filter(|v| v.is_finite()) {
        sum += v * v;
        n += 1;
    }
    if n == 0 {
        0.0
    } else {
        (sum / n as f64).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_figs_accept_rounding_and_reject_the_third_figure() {
        let t = 5.0712;
        let tol = Tolerance::SigFigs(4);
        assert!(number_ok(5.071, t, 0.0, tol));
        assert!(number_ok(5.0712, t, 0.0, tol));
        assert!(!number_ok(5.06, t, 0.0, tol));
        assert!(!number_ok(5.08, t, 0.0, tol));
        // Truncation to 4 figures is accepted too.
        assert!(number_ok(0.97068, 0.970688, 0.0, tol));
        // A value rounded across a power of ten.
        assert!(number_ok(1.0, 0.99996, 0.0, tol));
    }

    #[test]
    fn the_unit_is_the_same_on_both_sides_of_a_power_of_ten() {
        let tol = Tolerance::SigFigs(4);
        for (noisy, exact) in [
            (0.999_999_99, 1.0),
            (9.999_999_9, 10.0),
            (1e-3 * (1.0 - 1e-9), 1e-3),
        ] {
            assert_eq!(width(noisy, tol), width(exact, tol), "{noisy} and {exact}");
            assert_eq!(
                width(-noisy, tol),
                width(exact, tol),
                "-{noisy} and {exact}"
            );
        }
        assert!((width(1.0, tol) - 1e-3).abs() < 1e-15);
        // A truth that really is below the power of ten keeps its own figures.
        assert!((width(0.999_4, tol) - 1e-4).abs() < 1e-16);
    }

    #[test]
    fn a_tiny_likelihood_is_not_zero() {
        let l = 2.000_271_323_1e-8;
        let tol = Tolerance::SigFigs(4);
        assert!(number_ok(2.0e-8, l, 0.0, tol));
        assert!(number_ok(2.0003e-8, l, 0.0, tol));
        assert!(!number_ok(0.0, l, 0.0, tol));
        assert!(!number_ok(2.1e-8, l, 0.0, tol));
    }

    #[test]
    fn other_tolerances() {
        let t = 1.234_567_8;
        assert!(number_ok(1.23, t, 0.0, Tolerance::Abs(0.005)));
        assert!(!number_ok(1.229, t, 0.0, Tolerance::Abs(0.005)));
        assert!(number_ok(1.23, t, 0.0, Tolerance::Decimals(2)));
        assert!(!number_ok(1.24, t, 0.0, Tolerance::Decimals(2)));
        assert!(number_ok(100.05, 100.0, 0.0, Tolerance::Rel(1e-3)));
        assert!(!number_ok(100.2, 100.0, 0.0, Tolerance::Rel(1e-3)));
    }

    #[test]
    fn infinities() {
        let tol = Tolerance::SigFigs(4);
        assert!(number_ok(f64::INFINITY, f64::INFINITY, 0.0, tol));
        assert!(!number_ok(f64::NEG_INFINITY, f64::INFINITY, 0.0, tol));
        assert!(!number_ok(1e300, f64::INFINITY, 0.0, tol));
    }

    #[test]
    fn samples_scale_with_the_truth() {
        // A 1% error is rejected at any size; rounding noise is not.
        for s in [1e-6, 1.0, 1e7] {
            let t = 3.0 * s;
            assert!(sample_ok(t * (1.0 + 1e-12), t, 0.0, s));
            assert!(!sample_ok(t * 1.01, t, 0.0, s));
        }
        // Where the truth crosses zero, the absolute part (relative to the scale) applies.
        assert!(sample_ok(1e-15, 0.0, 0.0, 5.0));
        assert!(!sample_ok(0.05, 0.0, 0.0, 5.0));
    }
}
