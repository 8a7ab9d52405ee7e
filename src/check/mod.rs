//! Verdicts: is a student's answer right, and if not, what is wrong and where.
//!
//! CONTRACT (used by grade, the CLI and the TUI): `check(&exercise, &answer) -> Verdict`.
//! A [`Checker`] prepares an exercise once (compiled functions, sample points, the truth) so that
//! many answers can be checked quickly: `Checker::new(&exercise)?.check(&answer)`.
//!
//! How verdicts are reached (docs/checking.md explains it for instructors):
//! - The truth is computed from the exercise, never copied from its answer key. Derivatives are
//!   finite differences of `function` ([`crate::math::diff`]), extrapolated, with an error
//!   estimate; unreliable points are dropped.
//! - Expression answers are compared at deterministic sample points spread over the domain
//!   ([`crate::math::sample`], seeded from the exercise id), with tolerances scaled to the size of
//!   the truth; number answers with the exercise's [`Tolerance`](crate::exercise::Tolerance).
//! - A wrong answer gets a point where it differs and, where one applies, a [`Diagnosis`].

mod assemble;
mod compare;
mod diagnose;
mod exprs;
mod extremum;
mod fingerprint;
mod graph;
mod limit;
mod mistakes;
mod numbers;
mod predict;
mod read;
mod table;

use crate::exercise::{Answer, Exercise};
use crate::math::{ParseError, Span};
use crate::question::{Ask, CellId, Question};
use serde::Serialize;
use std::fmt;

pub use crate::question::SetupError;
pub use exprs::{Imprecise, Unjudged};
pub use fingerprint::{Fingerprint, FingerprintKey};
pub use graph::GraphPoint;
pub use predict::{predict_adjoint, Prediction};
pub use read::point_parts;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Correct,
    Incorrect,
    /// Could not be read, or has the wrong shape.
    Invalid,
}

/// The recognised mistake, when there is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Diagnosis {
    /// Off by a constant factor everywhere (typically a missing chain-rule factor).
    ConstantFactor,
    /// The negative of the truth.
    Sign,
    /// The function itself, not its derivative.
    NotDifferentiated,
    /// The derivative with respect to another variable.
    WrongVariable,
    /// The first derivative where the second was asked, or the reverse.
    WrongOrder,
    /// Right on part of the domain only.
    PartlyWrong,
    /// Gradient components in the wrong order.
    Swapped,
    /// The Jacobian transposed (rows are functions, columns variables).
    Transposed,
    /// A table value computed with the other logarithm base.
    LogBase,
    /// A table column shifted by a row.
    RowShift,
    /// Close to the truth but not within the tolerance: rounded too early, or an inexact constant.
    Rounded,
    /// A directional derivative along a direction that was not normalized to length 1.
    NotNormalized,
    /// A critical point of the wrong type (a minimum where a maximum was asked, or a saddle).
    WrongGoal,
    /// The extreme value of the function where the point was asked.
    ValueNotPoint,
    /// Undefined (division by zero, log of a negative number, ...) where the truth is defined.
    Undefined,
    /// The adjoint of a node used by several others, from one path only (the multivariable
    /// chain rule sums every path).
    OnePath,
    /// A local derivative given as the adjoint, without the upstream adjoint it multiplies.
    NoUpstream,
    /// The product rule done wrong ((uv)′ = u′v′, or one of its terms only).
    ProductRule,
    /// The quotient rule done wrong (its sign, its square, u′/v′, its terms swapped).
    QuotientRule,
    /// The chain rule done wrong (an inner derivative lost, the outer one lost or taken at x).
    ChainRule,
    /// The power rule done wrong, or used on an exponential or on xˣ.
    PowerRule,
    /// A basic derivative wrong ((cos x)′ = sin x, (aˣ)′ = aˣ, …).
    Elementary,
    /// One term's sign flipped.
    TermSign,
    /// One term's derivative left out.
    MissingTerm,
    /// A term added (another partial derivative, or a term held constant differentiated).
    ExtraTerm,
    /// A constant term kept instead of dropped.
    ConstantNotDropped,
    /// A variable held constant dropped as if it were 1, or differentiated as if it varied.
    HeldConstant,
    /// A descent step uphill: x₁ = x₀ + ε·∇f(x₀).
    Uphill,
    /// A descent step without the learning rate: x₁ = x₀ − ∇f(x₀).
    RateForgotten,
    /// A descent step with the learning rate applied twice: x₁ = x₀ − ε²·∇f(x₀).
    RateTwice,
    /// A descent step with the gradient taken at the new point.
    GradientAtNewPoint,
    /// A momentum step without the velocity carried over.
    MomentumForgotten,
    /// A momentum step with the velocity's sign reversed: x₁ = x₀ − v₁.
    VelocitySign,
    /// A descent step updating each coordinate with the other's partial derivative.
    SwappedPartials,
}

impl Diagnosis {
    /// The short tag used in `grade --json` (`constant_factor`, `sign`, ...).
    pub fn tag(self) -> &'static str {
        match self {
            Diagnosis::ConstantFactor => "constant_factor",
            Diagnosis::Sign => "sign",
            Diagnosis::NotDifferentiated => "not_differentiated",
            Diagnosis::WrongVariable => "wrong_variable",
            Diagnosis::WrongOrder => "wrong_order",
            Diagnosis::PartlyWrong => "partly_wrong",
            Diagnosis::Swapped => "swapped",
            Diagnosis::Transposed => "transposed",
            Diagnosis::LogBase => "log_base",
            Diagnosis::RowShift => "row_shift",
            Diagnosis::Rounded => "rounded",
            Diagnosis::NotNormalized => "not_normalized",
            Diagnosis::WrongGoal => "wrong_goal",
            Diagnosis::ValueNotPoint => "value_not_point",
            Diagnosis::Undefined => "undefined",
            Diagnosis::OnePath => "one_path",
            Diagnosis::NoUpstream => "no_upstream",
            Diagnosis::ProductRule => "product_rule",
            Diagnosis::QuotientRule => "quotient_rule",
            Diagnosis::ChainRule => "chain_rule",
            Diagnosis::PowerRule => "power_rule",
            Diagnosis::Elementary => "elementary",
            Diagnosis::TermSign => "term_sign",
            Diagnosis::MissingTerm => "missing_term",
            Diagnosis::ExtraTerm => "extra_term",
            Diagnosis::ConstantNotDropped => "constant_not_dropped",
            Diagnosis::HeldConstant => "held_constant",
            Diagnosis::Uphill => "uphill",
            Diagnosis::RateForgotten => "rate_forgotten",
            Diagnosis::RateTwice => "rate_twice",
            Diagnosis::GradientAtNewPoint => "gradient_at_new_point",
            Diagnosis::MomentumForgotten => "momentum_forgotten",
            Diagnosis::VelocitySign => "velocity_sign",
            Diagnosis::SwappedPartials => "swapped_partials",
        }
    }
}

impl Diagnosis {
    /// What went wrong, in a few words for a student (the tutor's "What went wrong: …", and
    /// plain `check` and `grade`).
    pub fn explanation(self) -> &'static str {
        match self {
            Diagnosis::ConstantFactor => "off by a constant factor (a missing chain-rule factor?)",
            Diagnosis::Sign => "off by a sign",
            Diagnosis::NotDifferentiated => "this is the function itself, not its derivative",
            Diagnosis::WrongVariable => "the derivative with respect to another variable",
            Diagnosis::WrongOrder => "the derivative of another order (first vs second)",
            Diagnosis::PartlyWrong => "right on only part of the domain",
            Diagnosis::Swapped => "components swapped",
            Diagnosis::Transposed => {
                "the Jacobian transposed (rows are functions, columns variables)"
            }
            Diagnosis::LogBase => "computed with the other logarithm base",
            Diagnosis::RowShift => "a column shifted by a row",
            Diagnosis::Rounded => "close, but rounded too early (or an inexact constant)",
            Diagnosis::NotNormalized => "the direction was not normalized to length 1",
            Diagnosis::WrongGoal => "a critical point of the wrong kind (minimum vs maximum)",
            Diagnosis::ValueNotPoint => "the extreme value, not the point where it is reached",
            Diagnosis::Undefined => "undefined where the answer should be defined",
            Diagnosis::OnePath => {
                "a shared node's adjoint from one path only (add the adjoints of every path)"
            }
            Diagnosis::NoUpstream => {
                "a local derivative without the upstream adjoint it multiplies (chain rule)"
            }
            Diagnosis::ProductRule => "the product rule applied wrongly",
            Diagnosis::QuotientRule => "the quotient rule applied wrongly",
            Diagnosis::ChainRule => "the chain rule applied wrongly (a lost inner derivative?)",
            Diagnosis::PowerRule => "the power rule applied wrongly",
            Diagnosis::Elementary => "a basic derivative is wrong",
            Diagnosis::TermSign => "one term has the wrong sign",
            Diagnosis::MissingTerm => "a term is missing",
            Diagnosis::ExtraTerm => "a term too many",
            Diagnosis::ConstantNotDropped => "a constant term was not dropped",
            Diagnosis::HeldConstant => "a variable held constant was dropped or differentiated",
            Diagnosis::Uphill => "a step uphill (+ε·∇f instead of −ε·∇f)",
            Diagnosis::RateForgotten => "the learning rate was left out of the step",
            Diagnosis::RateTwice => "the learning rate was applied twice",
            Diagnosis::GradientAtNewPoint => "the gradient was taken at the new point",
            Diagnosis::MomentumForgotten => "the momentum (the velocity) was left out",
            Diagnosis::VelocitySign => "the velocity was subtracted instead of added",
            Diagnosis::SwappedPartials => "each coordinate moved by the other's partial derivative",
        }
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Correct => "correct",
            Status::Incorrect => "incorrect",
            Status::Invalid => "invalid",
        })
    }
}

/// The verdict on one cell of a vector, matrix or table answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CellVerdict {
    /// `2`, `1,2`, `z[3]`, `cost`: numbered from 1, in JSON as in text.
    pub cell: CellId,
    pub verdict: Status,
    pub message: String,
}

/// Where an unreadable answer went wrong: which cell (None for a scalar) and the parse error.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadError {
    pub cell: Option<CellId>,
    pub error: ParseError,
}

impl ReadError {
    pub fn span(&self) -> Span {
        self.error.span
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub status: Status,
    /// One or two plain sentences for the student.
    pub message: String,
    pub diagnosis: Option<Diagnosis>,
    pub cells: Option<Vec<CellVerdict>>,
    /// Set when the status is `Invalid` because an expression could not be read.
    pub read_error: Option<ReadError>,
}

impl Verdict {
    pub fn is_correct(&self) -> bool {
        self.status == Status::Correct
    }

    pub(crate) fn correct(message: impl Into<String>) -> Verdict {
        Verdict {
            status: Status::Correct,
            message: message.into(),
            diagnosis: None,
            cells: None,
            read_error: None,
        }
    }

    pub(crate) fn incorrect(message: impl Into<String>, diagnosis: Option<Diagnosis>) -> Verdict {
        Verdict {
            status: Status::Incorrect,
            message: message.into(),
            diagnosis,
            cells: None,
            read_error: None,
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Verdict {
        Verdict {
            status: Status::Invalid,
            message: message.into(),
            diagnosis: None,
            cells: None,
            read_error: None,
        }
    }
}

/// Whose answer is being judged: the wording differs, and an instructor is told the true value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Voice {
    Student,
    Key,
}

impl Voice {
    /// "your answer" / "the answer key".
    pub(crate) fn yours(self) -> &'static str {
        match self {
            Voice::Student => "your answer",
            Voice::Key => "the answer key",
        }
    }

    /// "Your answer" / "The answer key".
    pub(crate) fn yours_cap(self) -> &'static str {
        match self {
            Voice::Student => "Your answer",
            Voice::Key => "The answer key",
        }
    }

    /// "you gave" / "the answer key gives", in shape messages ("…; you gave 3.").
    pub(crate) fn gave(self) -> &'static str {
        match self {
            Voice::Student => "you gave",
            Voice::Key => "the answer key gives",
        }
    }
}

/// An exercise prepared for checking: the [`Question`], and the truth the checker computed
/// for it (sample points and values there, the derivative at a point, the limit, ...).
/// Build it once per exercise and check any number of answers with it.
#[derive(Debug)]
pub struct Checker {
    question: Question,
    plan: Plan,
}

#[derive(Debug)]
enum Plan {
    Exprs(Box<exprs::ExprPlan>),
    Numbers(Box<numbers::NumberPlan>),
    Extremum(Box<extremum::ExtremumPlan>),
    Limit(Box<limit::LimitPlan>),
    Table(Box<table::TablePlan>),
    Graph(Box<graph::GraphPlan>),
}

impl Checker {
    /// Prepares `exercise` ([`Question::prepare`]) and the truth its answers are judged by.
    /// Fails when the exercise cannot be checked reliably (a formula that does not parse, too
    /// few points where the truth is defined, a derivative that cannot be estimated at `at`, a
    /// limit that does not exist, ...): an error for the instructor, never a silent pass.
    pub fn new(exercise: &Exercise) -> Result<Checker, SetupError> {
        Checker::for_question(Question::prepare(exercise)?)
    }

    /// The truth for a question already prepared (a variant, or one `validate` linted).
    pub fn for_question(question: Question) -> Result<Checker, SetupError> {
        let q = &question;
        let plan = match &q.ask {
            Ask::Rates(r) => match &r.at {
                None => Plan::Exprs(Box::new(exprs::ExprPlan::new(q, r)?)),
                Some(p) => Plan::Numbers(Box::new(numbers::NumberPlan::at_point(q, r, p)?)),
            },
            Ask::Value(v) => Plan::Numbers(Box::new(numbers::NumberPlan::value(q, v))),
            Ask::Extremum(e) => Plan::Extremum(Box::new(extremum::ExtremumPlan::new(q, e))),
            Ask::Limit(l) => Plan::Limit(Box::new(limit::LimitPlan::new(q, l)?)),
            Ask::Table(t) => Plan::Table(Box::new(table::TablePlan::new(q, t))),
            Ask::Graph(g) => Plan::Graph(Box::new(graph::GraphPlan::new(q, g))),
        };
        Ok(Checker { question, plan })
    }

    /// The question this checker judges answers to.
    pub fn question(&self) -> &Question {
        &self.question
    }

    /// Checks a student's answer.
    pub fn check(&self, answer: &Answer) -> Verdict {
        self.check_as(answer, Voice::Student)
    }

    fn check_as(&self, answer: &Answer, voice: Voice) -> Verdict {
        match &self.plan {
            Plan::Exprs(p) => p.check(answer, voice),
            Plan::Numbers(p) => p.check(answer, voice),
            Plan::Extremum(p) => p.check(answer, voice),
            Plan::Limit(p) => p.check(answer, voice),
            Plan::Table(p) => p.check(answer, voice),
            Plan::Graph(p) => p.check(answer, voice),
        }
    }

    /// For `validate`: per cell (its label), the wrong rules of the library of mistakes that
    /// give the right derivative on this exercise ("(uv)′ = u′·v′ at x·y"). A student who
    /// makes one of them is right, so it can never be named; the checker never calls a right
    /// answer a mistake for it. Expression answers only: at a single point (`at`) wrong rules
    /// give the right number by chance too often to list. Prepares every cell's library
    /// (about a millisecond each).
    pub fn blind_spots(&self) -> Vec<(String, Vec<String>)> {
        match &self.plan {
            Plan::Exprs(p) => p.blind_spots(),
            _ => Vec::new(),
        }
    }

    /// For `validate`: what is wrong with a `value` exercise's `step` (its gradient cannot be
    /// estimated at `step.from`, or one step does not give `value`); `None` when it is right or
    /// there is no `step`.
    pub fn step_problem(&self) -> Option<String> {
        match &self.plan {
            Plan::Numbers(p) => p.step_problem(),
            _ => None,
        }
    }

    /// How many sample points expression answers are compared at (0 for number answers).
    pub fn sample_points(&self) -> usize {
        match &self.plan {
            Plan::Exprs(p) => p.point_count(),
            _ => 0,
        }
    }

    /// Where the truth of an expression answer could not be computed reliably, so answers are
    /// not judged there (`None` when it could everywhere, and for number answers).
    pub fn unjudged(&self) -> Option<&Unjudged> {
        match &self.plan {
            Plan::Exprs(p) => p.unjudged(),
            _ => None,
        }
    }

    /// Where the truth of an expression answer is known only loosely (answers more than 0.1%
    /// off pass there), or `None`.
    pub fn imprecise(&self) -> Option<&Imprecise> {
        match &self.plan {
            Plan::Exprs(p) => p.imprecise(),
            _ => None,
        }
    }
}

/// Checks one answer to one exercise. An exercise that cannot be checked gives an `Invalid`
/// verdict that says so (run `gradtutor validate` on it for the details).
pub fn check(exercise: &Exercise, answer: &Answer) -> Verdict {
    match Checker::new(exercise) {
        Ok(checker) => checker.check(answer),
        Err(e) => Verdict::cannot_check(&e),
    }
}

impl Verdict {
    /// The verdict on any answer to an exercise that cannot be checked (`check`, `grade`, the
    /// class report).
    pub fn cannot_check(e: &SetupError) -> Verdict {
        Verdict::invalid(format!(
            "This exercise cannot be checked: {e}. Please tell your instructor."
        ))
    }
}

/// For `validate`: the exercise can be checked (its truth can be computed at enough sample
/// points, the derivative at `at` is well defined, the limit exists, an extremum of the goal's
/// kind exists in the domain, ...), and its reference `answer`, when it has one, is right.
///
/// The error is one sentence for the instructor. For a wrong key it names a point where the key
/// disagrees with the computed truth ("at x = 1.3 the answer key gives 4.2; the derivative is
/// 5.07"), or, for a number, the computed value.
pub fn verify_answer_key(exercise: &Exercise) -> Result<(), String> {
    let checker = Checker::new(exercise).map_err(|e| e.to_string())?;
    verify_key(&checker, exercise.answer.as_ref())
}

/// [`verify_answer_key`] for an exercise already prepared: an extremum of the goal's kind
/// exists, and `key`, when there is one, is right.
pub fn verify_key(checker: &Checker, key: Option<&Answer>) -> Result<(), String> {
    if let Plan::Extremum(p) = &checker.plan {
        p.verify_exists().map_err(|e| e.to_string())?;
    }
    if let Some(key) = key {
        let v = checker.check_as(key, Voice::Key);
        match v.status {
            Status::Correct => {}
            Status::Incorrect | Status::Invalid => {
                return Err(v.message.trim_end_matches('.').to_string())
            }
        }
    }
    Ok(())
}
