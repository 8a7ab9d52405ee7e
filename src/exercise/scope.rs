//! The one place where the [`Scope`] of an item's formulas is built: which names are variables,
//! parameters, data columns, and what `log` means. The loader, the prepared question, the
//! checker and the stepper all ask here, so a name means the same thing everywhere.

use crate::math::{LogBase, Scope};

/// The names an exercise or descent example gives its formulas (everything but the variables).
#[derive(Clone, Copy, Debug)]
pub struct Names<'a> {
    pub params: &'a [(String, f64)],
    pub data: &'a [(String, Vec<f64>)],
    pub log: LogBase,
}

impl<'a> Names<'a> {
    pub fn new(params: &'a [(String, f64)], data: &'a [(String, Vec<f64>)], log: LogBase) -> Self {
        Names { params, data, log }
    }

    /// The same names with the other logarithm (to recognise a value computed with it).
    pub fn with_log(self, log: LogBase) -> Self {
        Names { log, ..self }
    }

    fn data_names(&self) -> Vec<&'a str> {
        self.data.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// A function of `vars`: the parameters, the data columns (inside `sum`/`prod`/`mean`) and
    /// the log base.
    pub fn formulas<S: AsRef<str>>(&self, vars: &[S]) -> Scope {
        Scope::new(vars)
            .with_params(self.params)
            .with_columns(&self.data_names())
            .with_log(self.log)
    }

    /// A constant: the parameters and the log base, no variables and no data (number answers,
    /// `direction`).
    pub fn constants(&self) -> Scope {
        Scope::new(&[] as &[&str])
            .with_params(self.params)
            .with_log(self.log)
    }

    /// An expression answer with variables `vars`: like [`Names::formulas`], since students
    /// may use the data columns inside `sum`/`prod`/`mean` as the checker reads them; with no
    /// variables (a number is asked) the constants only.
    pub fn answers<S: AsRef<str>>(&self, vars: &[S]) -> Scope {
        if vars.is_empty() {
            self.constants()
        } else {
            self.formulas(vars)
        }
    }

    /// A table column's formula, evaluated row by row: the row's values of `columns` (data
    /// columns, then earlier computed columns) are its variables.
    pub fn row<S: AsRef<str>>(&self, columns: &[S]) -> Scope {
        Scope::new(columns)
            .with_params(self.params)
            .with_log(self.log)
    }

    /// A table total: the earlier totals are its variables, and `columns` (data and computed)
    /// are seen whole inside `sum`/`prod`/`mean`.
    pub fn total<S: AsRef<str>, T: AsRef<str>>(&self, earlier: &[S], columns: &[T]) -> Scope {
        Scope::new(earlier)
            .with_params(self.params)
            .with_columns(columns)
            .with_log(self.log)
    }
}
