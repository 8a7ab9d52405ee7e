//! Descent examples: the function, and a given gradient, are defined at `start`, and a given
//! gradient is the function's (compared with finite differences, as answer keys are).

use super::{describe_point, here, short, Sink};
use crate::descent::objective::Objective;
use crate::exercise::{Descent, ItemInfo};
use crate::math::diff;

/// How far (relative to the slope's typical size) a given gradient may be from the finite
/// differences of the function: as for an expression answer, about six significant figures.
const GRADIENT_RTOL: f64 = 1e-6;

/// Points around `start` where a given gradient is compared with the function's slope: `start`
/// itself, then six fixed offsets of up to one unit (or |xᵢ|) in every coordinate, so that a
/// mistake that happens to vanish at `start` is still seen.
fn probe_points(start: &[f64]) -> Vec<Vec<f64>> {
    const OFFSETS: [f64; 6] = [0.37, -0.61, 0.83, -0.29, 0.53, -0.91];
    let mut points = vec![start.to_vec()];
    for k in 0..OFFSETS.len() {
        points.push(
            start
                .iter()
                .enumerate()
                .map(|(i, &x)| x + OFFSETS[(k + 2 * i) % OFFSETS.len()] * x.abs().max(1.0))
                .collect(),
        );
    }
    points
}

/// Reports `function` or a `gradient` entry with no finite value at `start`. An example whose
/// formulas do not compile was already reported by loading.
pub(super) fn check(d: &Descent, info: &ItemInfo, sink: &mut Sink<'_>) {
    let Ok(objective) = Objective::compile(d) else {
        return;
    };
    let start: Vec<(String, f64)> = d
        .vars
        .iter()
        .cloned()
        .zip(d.start.iter().copied())
        .collect();
    if !objective.value(&d.start).is_finite() {
        sink.error(
            here(info, d.pos, "start"),
            format!(
                "`{}` is undefined at `start` ({})",
                d.function,
                describe_point(&start)
            ),
        );
    }
    let Some(given) = &d.gradient else {
        return;
    };
    let mut undefined = false;
    for (g, v) in given.iter().zip(objective.gradient(&d.start)) {
        if !v.is_finite() {
            undefined = true;
            sink.error(
                here(info, d.pos, "gradient"),
                format!(
                    "gradient component `{g}` is undefined at `start` ({})",
                    describe_point(&start)
                ),
            );
        }
    }
    if !undefined {
        check_gradient(d, &objective, given, info, sink);
    }
}

/// Reports the first component of the given gradient that is not the function's partial
/// derivative, at the first probe point where the finite difference is reliable and differs.
fn check_gradient(
    d: &Descent,
    objective: &Objective,
    given: &[String],
    info: &ItemInfo,
    sink: &mut Sink<'_>,
) {
    let points = probe_points(&d.start);
    let scales = vec![1.0; d.vars.len()];
    // Per point: the given gradient and the function's slopes (with their error estimates).
    let mut rows: Vec<(&Vec<f64>, Vec<f64>, Vec<diff::Estimate>)> = Vec::new();
    for p in &points {
        let g = objective.gradient(p);
        let slopes: Option<Vec<diff::Estimate>> = (0..d.vars.len())
            .map(|i| diff::partial(|x: &[f64]| objective.value(x), p, &[i], &scales))
            .collect();
        if let Some(slopes) = slopes.filter(|_| g.iter().all(|v| v.is_finite())) {
            rows.push((p, g, slopes));
        }
    }
    for (i, (g_src, var)) in given.iter().zip(&d.vars).enumerate() {
        // The slope's typical size over the points, so that a slope near 0 is judged fairly.
        let n = rows.len().max(1) as f64;
        let scale = (rows.iter().map(|r| r.2[i].value.powi(2)).sum::<f64>() / n).sqrt();
        for (p, g, slopes) in &rows {
            let e = slopes[i];
            let magnitude = e.value.abs().max(1e-3 * scale);
            if !e.reliable(1e-6, magnitude) {
                continue;
            }
            let tol = GRADIENT_RTOL * e.value.abs().max(scale) + 4.0 * e.err + 1e-12;
            if (g[i] - e.value).abs() > tol {
                let at: Vec<(String, f64)> =
                    d.vars.iter().cloned().zip(p.iter().copied()).collect();
                sink.error(
                    here(info, d.pos, "gradient"),
                    format!(
                        "`gradient` component ∂f/∂{var} = `{g_src}` is not the derivative of \
                         `function`: at {} it gives {}; the function's slope is {}",
                        describe_point(&at),
                        short(g[i]),
                        short(e.value)
                    ),
                );
                return;
            }
        }
    }
}
