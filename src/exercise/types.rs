//! The exercise format as Rust types. Loading (with spans and diagnostics) lives in `load`;
//! these types are what every other module consumes.
//!
//! CONTRACT: other modules (check, grade, descent, tui) depend on these names. Add fields and
//! methods freely; rename or remove only together with every user.

use super::scope::Names;
use crate::math::{LogBase, Scope};
use serde::{Deserialize, Serialize};

/// A 1-based line and column (columns count characters) in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// Every loaded exercise set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Course {
    pub sets: Vec<ExerciseSet>,
}

impl Course {
    /// Finds an exercise by id, with the set it belongs to.
    pub fn exercise(&self, id: &str) -> Option<(&ExerciseSet, &Exercise)> {
        self.sets
            .iter()
            .find_map(|s| s.exercises.iter().find(|e| e.id == id).map(|e| (s, e)))
    }

    /// Finds a worked descent example by id, with the set it belongs to.
    pub fn descent(&self, id: &str) -> Option<(&ExerciseSet, &Descent)> {
        self.sets
            .iter()
            .find_map(|s| s.descents.iter().find(|d| d.id == id).map(|d| (s, d)))
    }

    /// All exercises of all sets, in file order.
    pub fn exercises(&self) -> impl Iterator<Item = &Exercise> {
        self.sets.iter().flat_map(|s| s.exercises.iter())
    }
}

/// One file: one exercise set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExerciseSet {
    /// Where it came from, as shown in messages (`exercises/partials.toml`).
    pub source: String,
    pub title: String,
    pub description: Option<String>,
    /// Where the set comes in the course: sets are listed by `order` (smallest first), then
    /// those without one by title (see [`super::course_order`]).
    pub order: Option<u32>,
    pub exercises: Vec<Exercise>,
    pub descents: Vec<Descent>,
}

/// Sampling box: one interval for every variable, with per-variable overrides.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    pub all: (f64, f64),
    pub per_var: Vec<(String, (f64, f64))>,
}

impl Default for Domain {
    fn default() -> Self {
        Domain {
            all: (-3.0, 3.0),
            per_var: Vec::new(),
        }
    }
}

impl Domain {
    /// The interval a variable is sampled from.
    pub fn range(&self, var: &str) -> (f64, f64) {
        self.per_var
            .iter()
            .find(|(v, _)| v == var)
            .map(|(_, r)| *r)
            .unwrap_or(self.all)
    }
}

/// How close a number must be to the truth.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tolerance {
    Abs(f64),
    Rel(f64),
    SigFigs(u32),
    Decimals(u32),
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance::SigFigs(4)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Goal {
    Min,
    Max,
}

/// A named value per variable (`at = { x = 2, y = 2.5 }`), in the file's order.
pub type Point = Vec<(String, f64)>;

/// A computed table column or total: `{ name, formula, label? }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TableColumn {
    pub name: String,
    pub formula: String,
    pub label: Option<String>,
}

/// What is asked, per kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// d/dvar f, or a mixed partial when `var` lists several names (differentiated in order).
    Derivative {
        function: String,
        /// Every variable of `function` (defaults to its free names, then `var` and `at` names).
        vars: Vec<String>,
        var: Vec<String>,
        order: u8,
        at: Option<Point>,
    },
    Gradient {
        function: String,
        vars: Vec<String>,
        at: Option<Point>,
    },
    Jacobian {
        functions: Vec<String>,
        vars: Vec<String>,
        at: Option<Point>,
    },
    Directional {
        function: String,
        vars: Vec<String>,
        direction: Vec<String>,
        at: Option<Point>,
    },
    Value {
        value: String,
        /// The step of gradient descent whose result `value` is (`step = { ... }`), so that a
        /// wrong number can be diagnosed as a wrong step.
        step: Option<StepAsked>,
    },
    Extremum {
        function: String,
        vars: Vec<String>,
        goal: Goal,
        /// `boundary = true`: the answer is where the function is extreme over the whole domain,
        /// which may be a point of its boundary (where the gradient need not vanish).
        boundary: bool,
    },
    Limit {
        function: String,
        vars: Vec<String>,
        along: Vec<String>,
        t0: f64,
    },
    Table {
        columns: Vec<TableColumn>,
        totals: Vec<TableColumn>,
    },
    /// The computational graph of `function` at `at`: the student gives the forward value
    /// and/or the adjoint ∂f/∂node of each node in `nodes`.
    Graph {
        function: String,
        /// The variables, in the order of `at`.
        vars: Vec<String>,
        at: Point,
        /// Each node asked about: a name from `names`, or a subexpression of `function`.
        nodes: Vec<String>,
        /// Names for subexpressions (`z = "w*x + b"`), in the file's order.
        names: Vec<(String, String)>,
        /// The columns of the answer, in order.
        ask: Vec<GraphAsk>,
    },
}

/// One step of gradient descent, as a `value` exercise asks it: from `from`, with learning
/// rate `rate` (and momentum `momentum` with velocity `velocity` before the step), the
/// coordinate `coordinate` of the new point. The stepper's formula (docs/descent.md):
/// `x₁ = x₀ − ε·∇f(x₀)`, or `v₁ = α·v₀ − ε·∇f(x₀)`, `x₁ = x₀ + v₁`.
#[derive(Clone, Debug, PartialEq)]
pub struct StepAsked {
    pub function: String,
    /// The variables, in the order of `from`.
    pub vars: Vec<String>,
    pub from: Vec<f64>,
    pub rate: f64,
    pub momentum: Option<f64>,
    /// The velocity before the step, in `vars` order (zeros when not written).
    pub velocity: Vec<f64>,
    /// Which coordinate of the new point is asked (an index into `vars`).
    pub coordinate: usize,
}

/// What a `graph` exercise asks for each node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GraphAsk {
    /// The node's value in the forward pass.
    Value,
    /// ∂f/∂node, from the backward pass.
    Adjoint,
}

impl GraphAsk {
    /// `value` or `adjoint`: the word in files and the answer's column name.
    pub fn name(self) -> &'static str {
        match self {
            GraphAsk::Value => "value",
            GraphAsk::Adjoint => "adjoint",
        }
    }
}

impl Kind {
    /// The kind's name as written in files (`derivative`, `gradient`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Derivative { .. } => "derivative",
            Kind::Gradient { .. } => "gradient",
            Kind::Jacobian { .. } => "jacobian",
            Kind::Directional { .. } => "directional",
            Kind::Value { .. } => "value",
            Kind::Extremum { .. } => "extremum",
            Kind::Limit { .. } => "limit",
            Kind::Table { .. } => "table",
            Kind::Graph { .. } => "graph",
        }
    }

    /// The variables of the function(s) asked about, in order (empty for values and tables).
    pub fn vars(&self) -> &[String] {
        match self {
            Kind::Derivative { vars, .. }
            | Kind::Gradient { vars, .. }
            | Kind::Jacobian { vars, .. }
            | Kind::Directional { vars, .. }
            | Kind::Extremum { vars, .. }
            | Kind::Limit { vars, .. }
            | Kind::Graph { vars, .. } => vars,
            Kind::Value { .. } | Kind::Table { .. } => &[],
        }
    }

    /// The variables the student's expressions may use (none when the answer is a number).
    pub fn answer_vars(&self) -> &[String] {
        match self {
            Kind::Derivative { vars, at: None, .. }
            | Kind::Gradient { vars, at: None, .. }
            | Kind::Jacobian { vars, at: None, .. }
            | Kind::Directional { vars, at: None, .. } => vars,
            _ => &[],
        }
    }
}

/// A student's answer, or an answer key: text is parsed by the answer language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Scalar(String),
    Vector(Vec<String>),
    Matrix(Vec<Vec<String>>),
    /// Table answers: per computed column its cells; per total one value.
    Table(Vec<(String, TableEntry)>),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TableEntry {
    Column(Vec<String>),
    Total(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    pub id: String,
    pub kind: Kind,
    pub prompt: String,
    pub title: Option<String>,
    pub hints: Vec<String>,
    pub solution: Option<String>,
    pub domain: Domain,
    pub tolerance: Tolerance,
    pub params: Vec<(String, f64)>,
    pub data: Vec<(String, Vec<f64>)>,
    pub answer: Option<Answer>,
    pub log: LogBase,
    /// Where the `[[exercise]]` header is.
    pub pos: Pos,
    /// Which variant this is, for a randomised exercise (`params` holds its values).
    pub variant: Option<super::Variant>,
    /// The formulas the loader parsed (each text with its scope), so that preparing the
    /// question parses none of them again; empty for an exercise built in code.
    pub parsed: super::ParsedFormulas,
}

impl Exercise {
    /// The names the exercise's formulas and answers may use besides variables.
    pub fn names(&self) -> Names<'_> {
        Names::new(&self.params, &self.data, self.log)
    }

    /// The scope a student's answer is parsed in.
    /// Expression answers may use the data columns inside `sum`/`prod`/`mean`, as the checker
    /// reads them; number answers are constants (parameters only).
    pub fn answer_scope(&self) -> Scope {
        self.names().answers(self.kind.answer_vars())
    }

    /// The scope the exercise's `function`/`functions`/`value` are parsed in: the kind's
    /// variables, the parameters, the data columns (inside `sum`/`prod`/`mean`) and the log base.
    pub fn function_scope(&self) -> Scope {
        self.names().formulas(self.kind.vars())
    }
}

/// A worked gradient-descent example.
#[derive(Clone, Debug, PartialEq)]
pub struct Descent {
    pub id: String,
    pub title: String,
    pub notes: Option<String>,
    pub function: String,
    pub vars: Vec<String>,
    pub start: Vec<f64>,
    pub learning_rate: f64,
    pub steps: usize,
    pub momentum: Option<f64>,
    pub gradient: Option<Vec<String>>,
    pub params: Vec<(String, f64)>,
    pub data: Vec<(String, Vec<f64>)>,
    /// Plot window per variable, in `vars` order.
    pub view: Option<Vec<(f64, f64)>>,
    /// Stop when the gradient norm falls below this.
    pub stop_grad_norm: Option<f64>,
    pub log: LogBase,
    pub pos: Pos,
    /// For a randomised example (drawn `params`), the variant it was read as.
    pub variant: Option<super::Variant>,
    /// The formulas the loader parsed (`function` and a given `gradient`, each with its
    /// scope), so that the walk, validate and the graph screen parse none of them again;
    /// empty for an example built in code.
    pub parsed: super::ParsedFormulas,
}

impl Descent {
    /// The scope `function` and `gradient` are parsed in.
    pub fn scope(&self) -> Scope {
        Names::new(&self.params, &self.data, self.log).formulas(&self.vars)
    }
}
