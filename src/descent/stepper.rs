//! The walk: states computed on demand, kept, and browsed with a cursor.

use super::format::fmt_sig;
use super::objective::Objective;
use super::{DescentError, Settings, State, Status};
use crate::exercise::Descent;
use crate::math::Expr;

/// A value or coordinate beyond this many times its size at the start (or beyond this, when
/// the start is smaller than 1) ends the run as diverged.
pub const GROWTH_BOUND: f64 = 1e12;

/// The most steps a run may be asked for (each kept state costs memory).
pub const MAX_STEPS_LIMIT: usize = 1_000_000;

/// Gradient descent on one example, one step at a time.
#[derive(Clone, Debug)]
pub struct Stepper {
    objective: Objective,
    vars: Vec<String>,
    settings: Settings,
    max_steps: usize,
    stop_grad_norm: Option<f64>,
    /// Every state computed so far; never empty (state 0 is the start).
    states: Vec<State>,
    cursor: usize,
    /// The status of the computed run: `Running` while another state can be computed.
    status: Status,
    f_bound: f64,
    x_bound: f64,
}

impl Stepper {
    /// Compiles the example's function (and gradient) and places the walk at its start.
    pub fn new(descent: &Descent) -> Result<Self, DescentError> {
        let objective = Objective::compile(descent)?;
        let settings = Settings {
            learning_rate: descent.learning_rate,
            momentum: descent.momentum,
            start: descent.start.clone(),
        };
        if descent.steps > MAX_STEPS_LIMIT {
            return Err(DescentError::TooManySteps {
                got: descent.steps,
                max: MAX_STEPS_LIMIT,
            });
        }
        let mut stepper = Stepper {
            objective,
            vars: descent.vars.clone(),
            settings: settings.clone(),
            max_steps: descent.steps,
            stop_grad_norm: descent.stop_grad_norm,
            states: Vec::new(),
            cursor: 0,
            status: Status::Running,
            f_bound: f64::INFINITY,
            x_bound: f64::INFINITY,
        };
        stepper.restart(settings)?;
        Ok(stepper)
    }

    /// Starts again from step 0 with other settings. On error nothing changes.
    pub fn restart(&mut self, settings: Settings) -> Result<(), DescentError> {
        let n = self.objective.nvars();
        if settings.start.len() != n {
            return Err(DescentError::StartLength {
                expected: n,
                got: settings.start.len(),
                vars: self.vars.join(", "),
            });
        }
        if !(settings.learning_rate.is_finite() && settings.learning_rate > 0.0) {
            return Err(DescentError::LearningRate(settings.learning_rate));
        }
        if let Some(m) = settings.momentum {
            if !(m.is_finite() && (0.0..1.0).contains(&m)) {
                return Err(DescentError::Momentum(m));
            }
        }
        let x = settings.start.clone();
        let point = fmt_point(&x);
        if let Some(bad) = x.iter().find(|v| !v.is_finite()) {
            return Err(DescentError::BadStart {
                point,
                reason: format!("the coordinate {bad} is not a finite number"),
            });
        }
        let f = self.objective.value(&x);
        if !f.is_finite() {
            return Err(DescentError::BadStart {
                point,
                reason: format!("f = {}", describe_non_finite(f)),
            });
        }
        let grad = self.objective.gradient(&x);
        if let Some((i, g)) = grad.iter().enumerate().find(|(_, g)| !g.is_finite()) {
            return Err(DescentError::BadStart {
                point,
                reason: format!("∂f/∂{} = {}", self.vars[i], describe_non_finite(*g)),
            });
        }
        let x_scale = x.iter().fold(1.0_f64, |m, v| m.max(v.abs()));
        self.f_bound = GROWTH_BOUND * f.abs().max(1.0);
        self.x_bound = GROWTH_BOUND * x_scale;
        let zero = vec![0.0; n];
        let s0 = State {
            n: 0,
            x,
            f,
            grad,
            velocity: settings.momentum.map(|_| zero.clone()),
            step: zero,
        };
        self.status = self.classify(&s0);
        self.states = vec![s0];
        self.cursor = 0;
        self.settings = settings;
        Ok(())
    }

    /// Changes the number of steps a run may take and starts again with the same settings.
    pub fn set_max_steps(&mut self, max_steps: usize) -> Result<(), DescentError> {
        if max_steps > MAX_STEPS_LIMIT {
            return Err(DescentError::TooManySteps {
                got: max_steps,
                max: MAX_STEPS_LIMIT,
            });
        }
        let old = self.max_steps;
        self.max_steps = max_steps;
        let settings = self.settings.clone();
        self.restart(settings).inspect_err(|_| self.max_steps = old)
    }

    /// The next state after the cursor, computing it when it is not known yet. None when the
    /// run has ended at the cursor.
    pub fn peek_next(&mut self) -> Option<&State> {
        if self.cursor + 1 >= self.states.len() && !self.compute_next() {
            return None;
        }
        self.states.get(self.cursor + 1)
    }

    /// Moves one step forward, computing the step when needed. False when the run has ended.
    pub fn forward(&mut self) -> bool {
        if self.peek_next().is_some() {
            self.cursor += 1;
            true
        } else {
            false
        }
    }

    /// Moves one step back. False at step 0.
    pub fn back(&mut self) -> bool {
        if self.cursor > 0 {
            self.cursor -= 1;
            true
        } else {
            false
        }
    }

    /// Moves the cursor to step `n` (computing up to it), or as far as the run goes.
    pub fn seek(&mut self, n: usize) {
        while self.cursor < n && self.forward() {}
        while self.cursor > n && self.back() {}
    }

    /// Computes the whole run and puts the cursor on its last state.
    pub fn run(&mut self) -> &Status {
        while self.forward() {}
        &self.status
    }

    /// Computes one more state at the end of the run. False when the run has ended.
    fn compute_next(&mut self) -> bool {
        if self.status.is_finished() {
            return false;
        }
        let Some(last) = self.states.last() else {
            return false;
        };
        let n = last.n + 1;
        let eps = self.settings.learning_rate;
        let (step, velocity) = match (self.settings.momentum, &last.velocity) {
            (Some(alpha), Some(v)) => {
                let v: Vec<f64> = v
                    .iter()
                    .zip(&last.grad)
                    .map(|(v, g)| alpha * v - eps * g)
                    .collect();
                (v.clone(), Some(v))
            }
            _ => (last.grad.iter().map(|g| -eps * g).collect(), None),
        };
        let x: Vec<f64> = last.x.iter().zip(&step).map(|(x, s)| x + s).collect();
        if let Some(reason) = self.non_finite(&x, &step) {
            self.status = Status::Diverged { at_step: n, reason };
            return false;
        }
        let f = self.objective.value(&x);
        let grad = self.objective.gradient(&x);
        let reason = if !f.is_finite() {
            Some(format!("f = {}", describe_non_finite(f)))
        } else {
            grad.iter()
                .enumerate()
                .find(|(_, g)| !g.is_finite())
                .map(|(i, g)| {
                    format!(
                        "∂f/∂{} = {} at {}",
                        self.vars[i],
                        describe_non_finite(*g),
                        fmt_point(&x)
                    )
                })
        };
        if let Some(reason) = reason {
            self.status = Status::Diverged { at_step: n, reason };
            return false;
        }
        let state = State {
            n,
            x,
            f,
            grad,
            velocity,
            step,
        };
        self.status = self.classify(&state);
        self.states.push(state);
        true
    }

    fn non_finite(&self, x: &[f64], step: &[f64]) -> Option<String> {
        let i = x
            .iter()
            .zip(step)
            .position(|(x, s)| !x.is_finite() || !s.is_finite())?;
        Some(format!(
            "{} = {}",
            self.vars[i],
            describe_non_finite(if x[i].is_finite() { step[i] } else { x[i] })
        ))
    }

    /// The status of a run whose last state is `s`.
    fn classify(&self, s: &State) -> Status {
        if s.f.abs() > self.f_bound {
            return Status::Diverged {
                at_step: s.n,
                reason: format!("f = {}", fmt_sig(s.f, 2)),
            };
        }
        if let Some(i) = s.x.iter().position(|v| v.abs() > self.x_bound) {
            return Status::Diverged {
                at_step: s.n,
                reason: format!("{} = {}", self.vars[i], fmt_sig(s.x[i], 2)),
            };
        }
        // With momentum the point keeps moving while the velocity lasts, so it must be
        // (nearly) still as well: |v| below the same threshold, or exactly 0 without one.
        let g = s.grad_norm();
        let speed = s.velocity.as_deref().map_or(0.0, super::norm);
        if self.stop_grad_norm.is_some_and(|t| g < t && speed < t) || (g == 0.0 && speed == 0.0) {
            return Status::Converged;
        }
        if s.n >= self.max_steps {
            return Status::MaxSteps;
        }
        Status::Running
    }

    /// The state under the cursor.
    pub fn current(&self) -> &State {
        // `states` is never empty: `new` and `restart` put the start state in it.
        &self.states[self.cursor.min(self.states.len() - 1)]
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Every state computed so far (some may lie after the cursor).
    pub fn states(&self) -> &[State] {
        &self.states
    }

    /// The status of the computed run: `Running` while more steps can be computed.
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// Whether the cursor is on the last state of a run that has ended.
    pub fn at_end(&self) -> bool {
        self.status.is_finished() && self.cursor + 1 == self.states.len()
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn vars(&self) -> &[String] {
        &self.vars
    }

    pub fn max_steps(&self) -> usize {
        self.max_steps
    }

    pub fn stop_grad_norm(&self) -> Option<f64> {
        self.stop_grad_norm
    }

    /// f(x) (NaN when it cannot be evaluated there).
    pub fn value(&self, x: &[f64]) -> f64 {
        self.objective.value(x)
    }

    /// f at many points in one batch (for the map and the curve): `vars[i]` holds variable `i`
    /// at every point, `out[j]` receives f at point `j`, the same number as [`Stepper::value`].
    pub fn values(&self, vars: &[&[f64]], out: &mut [f64]) {
        self.objective.values(vars, out);
    }

    /// ∇f(x) as the run computes it (expressions or finite differences).
    pub fn gradient(&self, x: &[f64]) -> Vec<f64> {
        self.objective.gradient(x)
    }

    /// Whether the gradient comes from the example's expressions (else finite differences).
    pub fn has_exact_gradient(&self) -> bool {
        self.objective.has_exact_gradient()
    }

    /// The function as the answer language understood it.
    pub fn function_preview(&self) -> String {
        self.objective.preview()
    }

    /// f as parsed: for an example read from a file, the loader's parse (kept with the
    /// example), which is what the walk evaluates and what its computational graph is built
    /// from; nothing parses the function again.
    pub fn function(&self) -> &Expr {
        self.objective.function()
    }

    /// The given gradient's components as parsed (the loader's parses, as for
    /// [`Stepper::function`]); `None` when ∇f comes from finite differences.
    pub fn gradient_exprs(&self) -> Option<&[Expr]> {
        self.objective.gradient_exprs()
    }

    /// The example's data columns in its scope's order (empty without data).
    pub fn data_columns(&self) -> &[Vec<f64>] {
        self.objective.columns()
    }

    /// One sentence on the run as computed so far, for the status line and the CLI:
    /// `diverged at step 3: f = 6.7e20`.
    pub fn status_message(&self) -> String {
        let last = self.states.last().unwrap_or_else(|| self.current());
        match &self.status {
            Status::Running => format!("step {} of at most {}", last.n, self.max_steps),
            Status::Converged => match self.stop_grad_norm {
                Some(t) if last.grad_norm() < t => format!(
                    "converged at step {}: |∇f| = {} is below {}",
                    last.n,
                    fmt_below(last.grad_norm(), t),
                    fmt_sig(t, 2)
                ),
                _ => format!("converged at step {}: the gradient is zero", last.n),
            },
            Status::MaxSteps => format!(
                "stopped after {} steps: f = {}, |∇f| = {}",
                last.n,
                fmt_sig(last.f, 4),
                fmt_sig(last.grad_norm(), 2)
            ),
            Status::Diverged { at_step, reason } => format!("diverged at step {at_step}: {reason}"),
        }
    }
}

/// `v` (below `t`) with enough figures to show that it is below: 9.97e-7, not 1e-6.
fn fmt_below(v: f64, t: f64) -> String {
    let mut sig = 2;
    let mut s = fmt_sig(v, sig);
    while sig < 17 && s.parse::<f64>().is_ok_and(|r| r >= t) {
        sig += 1;
        s = fmt_sig(v, sig);
    }
    s
}

/// `(0.1, 3)` or `5`.
pub(crate) fn fmt_point(x: &[f64]) -> String {
    let parts: Vec<String> = x.iter().map(|v| fmt_sig(*v, 6)).collect();
    if parts.len() == 1 {
        parts.join("")
    } else {
        format!("({})", parts.join(", "))
    }
}

fn describe_non_finite(v: f64) -> String {
    if v.is_nan() {
        "not a number (NaN)".to_string()
    } else if v > 0.0 {
        "∞ (overflow)".to_string()
    } else if v < 0.0 {
        "−∞ (overflow)".to_string()
    } else {
        fmt_sig(v, 4)
    }
}
