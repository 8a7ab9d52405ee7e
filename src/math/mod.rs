//! The answer language: what students and instructors type, parsed, previewed and evaluated.
//!
//! This is the only module that touches `meval`. Everything else sees [`Expr`], [`Scope`] and
//! [`ParseError`]. Numerical helpers that the checker and the stepper share live here too:
//! finite differences ([`diff`]) and deterministic sampling ([`sample`]).
//!
//! CONTRACT (shared by every other module; extend, do not break):
//! - `Expr::parse(src, &scope)` -> `Result<Expr, ParseError>`; spans are *character* offsets into `src`.
//! - `expr.eval(&[f64])` evaluates with the scope's `vars` in order; never panics; errors give NaN.
//! - `expr.eval_data(&vars, &columns)` also gives `sum/prod/mean(...)` the data columns
//!   (`columns[i]` is the column named `scope.columns[i]`).
//! - `expr.eval_batch(&[xs, ys], &mut out)` evaluates at many points at once (one column of
//!   values per variable); `eval_data_batch` with data. Each point's value is `eval`'s up to the
//!   last bit of `sin`, `cos`, `exp`, `ln`, `σ` and `e^x`, which batches compute with vectorised
//!   kernels (`vecmath`; docs/answer-language.md has the bounds).
//! - `expr.preview()` renders what was understood for a student; `expr.strict()` is a strict
//!   spelling that `Expr::parse` reads back to the same values.
//!
//! Pipeline (docs/answer-language.md has the readings): `lexer` (Unicode normalised per
//! character, spans in characters) → `names` (identifier runs resolved against the [`Scope`])
//! → `parser` (recursive descent into the tree of `ast`, with every check) → `ast` (preview and
//! strict spellings) → `compile` (the tree written out as text, meval parses it and its
//! tokens compile to our program, at the first evaluation; the only file that uses meval, whose
//! interpreter is also the differential tests' reference) → `program` (our evaluator: a register
//! program run without allocation, at one point or over a batch of points; `vecmath` holds its
//! batches' vectorised functions). `functions` holds the built-in functions, `prettify`
//! typesets prose prompts.

pub mod diff;
pub mod graph;
pub mod sample;
pub mod symbolic;

mod ast;
mod compile;
mod error;
mod expr;
mod free;
mod functions;
mod lexer;
mod names;
mod parser;
mod prettify;
mod program;
mod vecmath;

pub use error::{ParseError, ParseErrorKind, Span};
pub use expr::{eval_constant, Expr};
pub use free::free_names;
pub use prettify::prettify;

/// The longest input accepted, in characters.
pub const MAX_LEN: usize = 10_000;

/// How deeply an expression may nest: levels of brackets, and levels of the understood
/// expression (a sign, a power, a function call, a product or a sum inside another).
pub const MAX_DEPTH: usize = 64;

use serde::{Deserialize, Serialize};

/// What `log(...)` means in a file: the natural log (default) or the base-10 log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogBase {
    #[default]
    Ln,
    Log10,
}

/// The names an expression may use.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scope {
    /// Free variables, in the order `Expr::eval` takes their values.
    pub vars: Vec<String>,
    /// Named constants (`w = 0.5`), fixed at parse time.
    pub params: Vec<(String, f64)>,
    /// Data columns, visible row by row inside `sum(...)`, `prod(...)` and `mean(...)`.
    pub columns: Vec<String>,
    /// What `log` means.
    pub log: LogBase,
}

impl Scope {
    pub fn new<S: AsRef<str>>(vars: &[S]) -> Self {
        Scope {
            vars: vars.iter().map(|v| v.as_ref().to_string()).collect(),
            ..Scope::default()
        }
    }

    pub fn with_params(mut self, params: &[(String, f64)]) -> Self {
        self.params = params.to_vec();
        self
    }

    pub fn with_columns<S: AsRef<str>>(mut self, columns: &[S]) -> Self {
        self.columns = columns.iter().map(|c| c.as_ref().to_string()).collect();
        self
    }

    pub fn with_log(mut self, log: LogBase) -> Self {
        self.log = log;
        self
    }
}
