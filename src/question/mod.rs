//! The prepared question: an exercise turned once into what every part reads.
//!
//! [`Question::prepare`] parses every formula of an exercise once ([`Formula`]: the field it
//! came from, its text and its [`Expr`]), resolves the variables, the domain box, the point
//! `at`, the direction, the data columns, computes a table's cells, and lays out the answer's
//! shape: its [`Cell`]s, each with a [`CellId`], what it is the truth of ([`Target`]) and its
//! name for a student. The checker judges answers against it, `validate` lints it, the tutor
//! builds its answer grid from it; none of them re-derives what an exercise asks.
//!
//! CONTRACT: preparing is cheap (no sampling, no finite differences: that is the checker's
//! work), deterministic, and fails only with a typed [`SetupError`]. Randomised variants prepare
//! one question per drawn variant; a library of mistakes addresses a question's cells by
//! [`CellId`].

mod cell;
mod error;
mod graph;
mod rates;
mod table;
mod worked;

pub use cell::{AnswerShape, BadCellId, Cell, CellId, Naming, Shape, Target};
pub use error::{Field, SetupError};
pub use graph::{AskedNode, GraphQuestion};
pub use rates::{floors, multi_index, partial_label, Direction, RateKind, Rates};
pub use table::{swap_logs, uses_log, Computed, Table, TableValues};
pub use worked::{Combination, Part, Worked};

use crate::exercise::{Exercise, Goal, Kind, StepAsked, Tolerance};
use crate::math::sample::seed_from;
use crate::math::{Expr, LogBase, Scope};

/// One formula of the exercise, parsed once.
#[derive(Clone, Debug, PartialEq)]
pub struct Formula {
    pub field: Field,
    pub text: String,
    pub expr: Expr,
}

impl Formula {
    /// `text` of `field`, read in `scope`: the loader's parse of it when the exercise carries
    /// one (the formula is then parsed once in all), else parsed here.
    fn parse(
        ex: &Exercise,
        field: Field,
        text: &str,
        scope: &Scope,
    ) -> Result<Formula, SetupError> {
        Formula::parse_owned(ex, field, text.to_string(), scope)
    }

    fn parse_owned(
        ex: &Exercise,
        field: Field,
        text: String,
        scope: &Scope,
    ) -> Result<Formula, SetupError> {
        match ex.parsed.parse(&text, scope) {
            Ok(expr) => Ok(Formula { field, text, expr }),
            Err(error) => Err(SetupError::Parse { field, error }),
        }
    }

    /// Evaluates at `p`, giving the data columns to `sum`/`prod`/`mean` when there are any.
    pub fn eval(&self, columns: &[Vec<f64>], p: &[f64]) -> f64 {
        if columns.is_empty() {
            self.expr.eval(p)
        } else {
            self.expr.eval_data(p, columns)
        }
    }
}

/// A `value` exercise: a number computed from the parameters and data.
#[derive(Clone, Debug)]
pub struct Value {
    pub formula: Formula,
    pub value: f64,
    /// What the other logarithm gives, when the formula uses one.
    pub other_log: Option<f64>,
    /// The step of gradient descent whose result the value is (`step`), if the exercise says.
    pub step: Option<Step>,
}

/// One step of gradient descent (a `value` exercise's `step`), its function parsed once.
#[derive(Clone, Debug)]
pub struct Step {
    pub function: Formula,
    /// The variables, in the order of `from`.
    pub vars: Vec<String>,
    pub from: Vec<f64>,
    pub rate: f64,
    pub momentum: Option<f64>,
    /// The velocity before the step (zeros when not given).
    pub velocity: Vec<f64>,
    /// Which coordinate of the new point is asked.
    pub coordinate: usize,
}

/// An `extremum` exercise: a point where `function` has a minimum or maximum in the domain.
#[derive(Clone, Debug)]
pub struct Extremum {
    pub vars: Vec<String>,
    pub function: Formula,
    pub ranges: Vec<(f64, f64)>,
    pub floors: Vec<f64>,
    pub goal: Goal,
    /// The extreme over the whole domain, which may lie on its boundary (`boundary = true`).
    pub boundary: bool,
}

impl Extremum {
    /// "minimum" or "maximum".
    pub fn goal_word(&self) -> &'static str {
        match self.goal {
            Goal::Min => "minimum",
            Goal::Max => "maximum",
        }
    }
}

/// A `limit` exercise: the limit of `function` along the curve `along(t)` as t → t0.
#[derive(Clone, Debug)]
pub struct Limit {
    pub vars: Vec<String>,
    pub function: Formula,
    /// One formula in `t` per variable.
    pub along: Vec<Formula>,
    pub t0: f64,
    /// The domain box of the function's variables (for `validate`'s look at where it is defined).
    pub ranges: Vec<(f64, f64)>,
}

/// What is asked, per family of kinds.
#[derive(Clone, Debug)]
pub enum Ask {
    /// A derivative, gradient, Jacobian or directional derivative.
    Rates(Rates),
    Value(Value),
    Extremum(Extremum),
    Limit(Limit),
    Table(Table),
    Graph(Box<GraphQuestion>),
}

/// An exercise, prepared.
#[derive(Clone, Debug)]
pub struct Question {
    pub id: String,
    /// The kind's name as written in files (`derivative`, `table`, ...).
    pub kind: &'static str,
    /// Seeds the checker's sample points (from the id, so they do not change between runs).
    pub seed: u64,
    pub tolerance: Tolerance,
    pub log: LogBase,
    pub params: Vec<(String, f64)>,
    /// A variant of a randomised exercise: what is shown of its formulas (named mistakes,
    /// derivations) carries the variant's values, as its prompt does, not the params' names.
    pub randomised: bool,
    /// The data columns' values, in the order of every scope's `columns`.
    pub data: Vec<Vec<f64>>,
    /// The scope of number answers: the parameters and the log base.
    pub constants: Scope,
    pub ask: Ask,
    pub answer: AnswerShape,
}

impl Question {
    /// Prepares `exercise`: every formula parsed once, the cells laid out, a table computed.
    pub fn prepare(exercise: &Exercise) -> Result<Question, SetupError> {
        let (ask, answer) = match &exercise.kind {
            Kind::Derivative { .. }
            | Kind::Gradient { .. }
            | Kind::Jacobian { .. }
            | Kind::Directional { .. } => {
                let (rates, answer) = rates::prepare(exercise)?;
                (Ask::Rates(rates), answer)
            }
            Kind::Table { columns, totals } => {
                let (table, answer) = table::prepare(exercise, columns, totals)?;
                (Ask::Table(table), answer)
            }
            Kind::Value { value, step } => value_question(exercise, value, step.as_ref())?,
            Kind::Graph { .. } => {
                let (g, answer) = graph::prepare(exercise)?;
                (Ask::Graph(Box::new(g)), answer)
            }
            Kind::Extremum {
                function,
                vars,
                goal,
                boundary,
            } => extremum_question(exercise, function, vars, *goal, *boundary)?,
            Kind::Limit {
                function,
                vars,
                along,
                t0,
            } => limit_question(exercise, function, vars, along, *t0)?,
        };
        Ok(Question {
            id: exercise.id.clone(),
            kind: exercise.kind.name(),
            seed: seed_from(&exercise.id),
            tolerance: exercise.tolerance,
            log: exercise.log,
            params: exercise.params.clone(),
            randomised: exercise.is_randomised(),
            data: exercise.data.iter().map(|(_, c)| c.clone()).collect(),
            constants: exercise.names().constants(),
            ask,
            answer,
        })
    }

    /// The cell with this id.
    pub fn cell(&self, id: &CellId) -> Option<&Cell> {
        self.answer.cell(id)
    }

    /// The scope an answer's cells are read in: the variables for expressions, constants for
    /// numbers.
    pub fn answer_scope(&self) -> &Scope {
        match &self.ask {
            Ask::Rates(r) if self.answer.expressions() => &r.scope,
            _ => &self.constants,
        }
    }
}

/// A scalar answer whose single cell is `target`, named `label`.
fn scalar(target: Target, label: &str, what: &'static str) -> AnswerShape {
    AnswerShape {
        shape: Shape::Scalar,
        cells: vec![Cell {
            id: CellId::Whole,
            target,
            label: label.to_string(),
        }],
        naming: Naming {
            what,
            unit: ("value", "values"),
        },
        vars: Vec::new(),
    }
}

/// A `value` exercise: the number, and what the other logarithm gives.
fn value_question(
    ex: &Exercise,
    value: &str,
    step: Option<&StepAsked>,
) -> Result<(Ask, AnswerShape), SetupError> {
    let names = ex.names();
    // A value may use the data (`mean(x)`); the student types a number.
    let formula = Formula::parse(ex, Field::Value, value, &names.formulas(&[] as &[&str]))?;
    let data: Vec<Vec<f64>> = ex.data.iter().map(|(_, c)| c.clone()).collect();
    let truth = formula.eval(&data, &[]);
    if !truth.is_finite() {
        return Err(SetupError::ValueNotFinite {
            value: value.to_string(),
        });
    }
    let other_log = uses_log(value).then(|| {
        let swapped = formula.expr.with_logs_swapped();
        if data.is_empty() {
            swapped.eval(&[])
        } else {
            swapped.eval_data(&[], &data)
        }
    });
    let step = match step {
        Some(s) => Some(Step {
            function: Formula::parse(ex, Field::Step, &s.function, &names.formulas(&s.vars))?,
            vars: s.vars.clone(),
            from: s.from.clone(),
            rate: s.rate,
            momentum: s.momentum,
            velocity: s.velocity.clone(),
            coordinate: s.coordinate,
        }),
        None => None,
    };
    let ask = Ask::Value(Value {
        formula,
        value: truth,
        other_log,
        step,
    });
    Ok((ask, scalar(Target::Value, "the value", "the value")))
}

/// An `extremum` exercise: the function, the domain box, and one cell per coordinate.
fn extremum_question(
    ex: &Exercise,
    function: &str,
    vars: &[String],
    goal: Goal,
    boundary: bool,
) -> Result<(Ask, AnswerShape), SetupError> {
    if vars.is_empty() {
        return Err(SetupError::NoVariables);
    }
    let function = Formula::parse(ex, Field::Function, function, &ex.names().formulas(vars))?;
    let ranges = ranges(ex, vars)?;
    let one = vars.len() == 1;
    let answer = AnswerShape {
        shape: if one {
            Shape::Scalar
        } else {
            Shape::Vector(vars.len())
        },
        cells: vars
            .iter()
            .enumerate()
            .map(|(i, v)| Cell {
                id: if one {
                    CellId::Whole
                } else {
                    CellId::Component(i)
                },
                target: Target::Coordinate(i),
                label: v.clone(),
            })
            .collect(),
        naming: Naming {
            what: "the point",
            unit: ("coordinate", "coordinates"),
        },
        vars: Vec::new(),
    };
    let ask = Ask::Extremum(Extremum {
        vars: vars.to_vec(),
        function,
        floors: floors(&ranges),
        ranges,
        goal,
        boundary,
    });
    Ok((ask, answer))
}

/// A `limit` exercise: the function and the curve, parsed.
fn limit_question(
    ex: &Exercise,
    function: &str,
    vars: &[String],
    along: &[String],
    t0: f64,
) -> Result<(Ask, AnswerShape), SetupError> {
    if along.len() != vars.len() {
        return Err(SetupError::AlongLength {
            along: along.len(),
            vars: vars.len(),
        });
    }
    if !t0.is_finite() {
        return Err(SetupError::T0NotFinite);
    }
    let names = ex.names();
    let function = Formula::parse(ex, Field::Function, function, &names.formulas(vars))?;
    let tscope = names.formulas(&["t"]);
    let along = along
        .iter()
        .enumerate()
        .map(|(i, s)| Formula::parse(ex, Field::Along(i), s, &tscope))
        .collect::<Result<Vec<_>, _>>()?;
    let ask = Ask::Limit(Limit {
        vars: vars.to_vec(),
        function,
        along,
        t0,
        ranges: ranges(ex, vars)?,
    });
    Ok((ask, scalar(Target::Limit, "the limit", "the limit")))
}

/// The sampling interval of every variable; an error when one is empty or not finite.
fn ranges(ex: &Exercise, vars: &[String]) -> Result<Vec<(f64, f64)>, SetupError> {
    vars.iter()
        .map(|v| {
            let (lo, hi) = ex.domain.range(v);
            if !(lo.is_finite() && hi.is_finite()) || lo > hi {
                Err(SetupError::EmptyDomain {
                    var: v.clone(),
                    lo,
                    hi,
                })
            } else {
                Ok((lo, hi))
            }
        })
        .collect()
}
