//! Why an exercise cannot be prepared or checked: the instructor's problems, typed, so that
//! `validate` can point at the field and the tutor can tell a student to tell the instructor.

use crate::math::ParseError;
use crate::text;
use std::fmt;

/// A field of an exercise that holds a formula.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    Function,
    /// `functions[i]` (0-based, as in the file's array).
    Functions(usize),
    Value,
    /// `along[i]`.
    Along(usize),
    /// `direction[i]`.
    Direction(usize),
    /// `columns[k].formula`.
    Column(usize),
    /// `totals[k].formula`.
    Total(usize),
    /// `step.function`.
    Step,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Function => f.write_str("function"),
            Field::Functions(i) => write!(f, "functions[{i}]"),
            Field::Value => f.write_str("value"),
            Field::Along(i) => write!(f, "along[{i}]"),
            Field::Direction(i) => write!(f, "direction[{i}]"),
            Field::Column(k) => write!(f, "columns[{k}].formula"),
            Field::Total(k) => write!(f, "totals[{k}].formula"),
            Field::Step => f.write_str("step.function"),
        }
    }
}

/// Why an exercise cannot be checked. These are the instructor's problems: `validate` reports
/// them, and a student who meets one is told to tell the instructor.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SetupError {
    /// A formula of the exercise does not parse.
    #[error("`{field}` cannot be read at column {}: {}", .error.column(), .error.message)]
    Parse { field: Field, error: ParseError },
    /// The kind needs variables and names none.
    #[error("the exercise names no variables")]
    NoVariables,
    /// A Jacobian without functions.
    #[error("`functions` is empty")]
    NoFunctions,
    /// A variable's sampling interval is empty or not finite.
    #[error("the domain of {var} is [{}, {}], which is not an interval", text::num(*.lo), text::num(*.hi))]
    EmptyDomain { var: String, lo: f64, hi: f64 },
    /// `at` leaves a variable out, or gives it no finite value.
    #[error("`at` gives no finite value for the variable {var}")]
    AtMissing { var: String },
    /// `var` names no variable of the function.
    #[error("`var` names {var}, which is not one of the variables ({})", .vars.join(", "))]
    UnknownVar { var: String, vars: Vec<String> },
    /// `var` is empty.
    #[error("`var` is empty: name the variable to differentiate by")]
    NoVar,
    /// More than four differentiations.
    #[error("derivatives of order higher than 4 cannot be checked")]
    OrderTooHigh,
    /// `direction` and the variables differ in length.
    #[error("`direction` has {given} components but there are {vars} variables")]
    DirectionLength { given: usize, vars: usize },
    /// `direction` has no length.
    #[error("`direction` is the zero vector")]
    DirectionZero,
    /// A component of `direction` has no finite value.
    #[error("`direction` has a component with no finite value")]
    DirectionNotFinite,
    /// `value` evaluates to no finite number.
    #[error("`value` = {value} is not a finite number")]
    ValueNotFinite { value: String },
    /// A function is undefined at `at`; `function` is its 1-based number among several.
    #[error("the function{} is not defined {at}", .function.map(|i| format!(" f{}", crate::text::subscript(i))).unwrap_or_default())]
    UndefinedAt { function: Option<usize>, at: String },
    /// The derivative at `at` cannot be estimated.
    #[error(
        "{label} {at} cannot be computed reliably: the function may have a kink or a pole there"
    )]
    Unreliable { label: String, at: String },
    /// The truth could be computed at too few sample points of the domain.
    #[error(
        "{what} is undefined, or cannot be computed reliably, on most of the domain: \
         only {usable} usable sample points of {tried} tried, and at least {needed} are needed \
         (narrow the domain to where the function is defined and smooth)"
    )]
    TooFewPoints {
        what: String,
        usable: usize,
        tried: usize,
        needed: usize,
    },
    /// `along` and the variables differ in length.
    #[error("`along` has {along} expressions but the function has {vars} variables")]
    AlongLength { along: usize, vars: usize },
    /// `t0` is not a finite number.
    #[error("`t0` must be a finite number")]
    T0NotFinite,
    /// The limit neither settles nor diverges steadily.
    #[error(
        "the limit along the curve cannot be determined numerically (the values neither settle \
         nor grow steadily as t approaches t0)"
    )]
    LimitUnclear,
    /// The function is undefined on both sides of t0.
    #[error("the function is undefined along the curve near t0")]
    LimitUndefined,
    /// The one-sided limits differ.
    #[error(
        "the limit does not exist: it is {above} as t approaches t0 from above and {below} from \
         below"
    )]
    LimitDiffers { above: String, below: String },
    /// The data columns have different lengths.
    #[error("the data columns have different lengths ({name} has {len}, the first has {first})")]
    DataLengths {
        name: String,
        len: usize,
        first: usize,
    },
    /// A table with nothing to compute.
    #[error("the table has no computed columns and no totals")]
    EmptyTable,
    /// A table with columns but no rows.
    #[error("the table has no data rows")]
    NoRows,
    /// A computed column has no finite value in a row (`row` is 0-based).
    #[error("column {column} is not a finite number in row {}", .row + 1)]
    ColumnNotFinite { column: String, row: usize },
    /// A total has no finite value.
    #[error("the total {total} is not a finite number")]
    TotalNotFinite { total: String },
    /// No critical point of the goal's kind lies in the domain.
    #[error("no {goal} of the function was found inside the domain")]
    NoExtremum { goal: &'static str },
    /// A `graph` exercise's `nodes[index]` is no node of the function's graph.
    #[error(
        "`nodes[{index}]` = {node} is not a node of the function's graph (a node is a \
         subexpression written as in `function`, or a name from `names`)"
    )]
    GraphNode { index: usize, node: String },
    /// A `graph` exercise's function has no value or no gradient at `at`.
    #[error("the function has no gradient at `at`: {why}")]
    GraphAt { why: String },
    /// The function of a `graph` exercise has no graph (a data aggregate).
    #[error("the function has no computational graph: {why}")]
    NoGraph { why: String },
}
