//! Descent examples: the function, and a given gradient, are defined at `start`.

use super::{describe_point, here, Sink};
use crate::descent::objective::Objective;
use crate::exercise::{Descent, ItemInfo};

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
    for (g, v) in given.iter().zip(objective.gradient(&d.start)) {
        if !v.is_finite() {
            sink.error(
                here(info, d.pos, "gradient"),
                format!(
                    "gradient component `{g}` is undefined at `start` ({})",
                    describe_point(&start)
                ),
            );
        }
    }
}
