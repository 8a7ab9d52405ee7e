//! The gradient-descent stepper engine (no terminal code).
//!
//! A [`Stepper`] walks a worked [`Descent`](crate::exercise::Descent) example one step at a
//! time: plain gradient descent (`x ← x − ε·∇f(x)`) or gradient descent with momentum
//! (`v ← α·v − ε·∇f(x)`, `x ← x + v`). Every computed [`State`] is kept, so going back only
//! moves a cursor; [`Stepper::restart`] starts again with other [`Settings`].
//!
//! A run ends when the gradient is small enough ([`Status::Converged`]), after the example's
//! number of steps ([`Status::MaxSteps`]) or when the walk blows up ([`Status::Diverged`]):
//! a point or value beyond 10¹² times its starting size is kept as the final state, and a
//! step that leaves the finite numbers (infinity, NaN) is not stored at all. Either way no
//! state ever holds a non-finite number, and nothing here panics.
//!
//! The gradient comes from the example's `gradient` expressions when it has them, otherwise
//! from central finite differences.

mod format;
pub(crate) mod objective;
mod point;
mod stepper;

pub use format::{fmt_sig, subscript};
pub use point::{parse_point, prediction_matches, PointError};
pub use stepper::Stepper;

use crate::math::ParseError;

/// What a walk is run with: the learning rate ε, the momentum α (none: plain gradient
/// descent) and the start point.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub learning_rate: f64,
    pub momentum: Option<f64>,
    pub start: Vec<f64>,
}

/// One point of a walk.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The step number; the start is step 0.
    pub n: usize,
    /// The point, in the example's `vars` order.
    pub x: Vec<f64>,
    /// f at the point.
    pub f: f64,
    /// ∇f at the point.
    pub grad: Vec<f64>,
    /// The velocity after this step (momentum runs only; zero at step 0).
    pub velocity: Option<Vec<f64>>,
    /// The step that led here: `x[n] − x[n−1]` (zero at step 0).
    pub step: Vec<f64>,
}

impl State {
    /// The Euclidean norm of the gradient.
    pub fn grad_norm(&self) -> f64 {
        norm(&self.grad)
    }
}

/// Where a run stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// More steps can be taken.
    Running,
    /// The gradient norm fell below the example's `stop.grad_norm` (or is exactly zero with
    /// nothing left to move): the last state is the answer.
    Converged,
    /// The example's number of steps was reached.
    MaxSteps,
    /// The walk blew up at step `at_step`; `reason` says how (`f = 6.7e20`).
    Diverged { at_step: usize, reason: String },
}

impl Status {
    /// The word used in `gradtutor step --format json`.
    pub fn word(&self) -> &'static str {
        match self {
            Status::Running => "running",
            Status::Converged => "converged",
            Status::MaxSteps => "max_steps",
            Status::Diverged { .. } => "diverged",
        }
    }

    pub fn is_finished(&self) -> bool {
        !matches!(self, Status::Running)
    }
}

/// Why an example cannot be stepped, or a setting was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DescentError {
    #[error("the example has no variables")]
    NoVars,
    #[error("the {what} cannot be read: {error}")]
    Parse { what: String, error: ParseError },
    #[error("the gradient has {got} expressions but there are {expected} variables")]
    GradientLength { expected: usize, got: usize },
    #[error("the start point has {got} values but there are {expected} variables ({vars})")]
    StartLength {
        expected: usize,
        got: usize,
        vars: String,
    },
    #[error("the learning rate must be a positive number, not {0}")]
    LearningRate(f64),
    #[error("the momentum must be at least 0 and below 1, not {0}")]
    Momentum(f64),
    #[error("the data column `{name}` has {got} rows but `{first}` has {expected}")]
    DataRows {
        name: String,
        got: usize,
        first: String,
        expected: usize,
    },
    #[error("the number of steps must be at most {max}, not {got}")]
    TooManySteps { got: usize, max: usize },
    #[error("f cannot be used at the start {point}: {reason}")]
    BadStart { point: String, reason: String },
}

/// The Euclidean norm.
pub(crate) fn norm(v: &[f64]) -> f64 {
    v.iter().map(|a| a * a).sum::<f64>().sqrt()
}
