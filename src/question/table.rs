//! Tables: computed columns (row by row) and totals (over whole columns, and the totals before
//! them), computed once when the question is prepared. The checker judges against these values
//! and `validate` reports from them; neither computes a table itself.

use super::cell::{AnswerShape, Cell, CellId, Naming, Shape, Target};
use super::error::Field;
use super::{Formula, SetupError};
use crate::exercise::{Exercise, TableColumn};
use crate::math::{Expr, LogBase};

/// Every computed cell: per computed column its rows, and the totals.
#[derive(Clone, Debug, PartialEq)]
pub struct TableValues {
    pub columns: Vec<Vec<f64>>,
    pub totals: Vec<f64>,
}

/// A computed column or a total, with its parsed formula.
#[derive(Clone, Debug)]
pub struct Computed {
    pub name: String,
    pub label: Option<String>,
    pub formula: Formula,
}

/// A table exercise, prepared: its formulas, the truth of every cell, and the same table with
/// the other logarithm (to recognise a value computed with it).
#[derive(Clone, Debug)]
pub struct Table {
    pub rows: usize,
    pub data_names: Vec<String>,
    /// Computed columns: variables are the data columns then the earlier computed columns, one
    /// row at a time.
    pub columns: Vec<Computed>,
    /// Totals: variables are the earlier totals; all columns are seen whole.
    pub totals: Vec<Computed>,
    pub values: TableValues,
    /// The table computed with every logarithm the other way, when a formula uses one and the
    /// result differs.
    pub other_log: Option<TableValues>,
    /// ("base-10 logarithms", "natural logarithms"): this table's logarithms, and the others.
    pub log_words: Option<(&'static str, &'static str)>,
}

impl Table {
    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.name.as_str())
    }

    pub fn total_names(&self) -> impl Iterator<Item = &str> {
        self.totals.iter().map(|c| c.name.as_str())
    }
}

/// The table asked by `ex`, computed, and the answer's cells.
pub(super) fn prepare(
    ex: &Exercise,
    columns: &[TableColumn],
    totals: &[TableColumn],
) -> Result<(Table, AnswerShape), SetupError> {
    let rows = ex.data.first().map_or(0, |(_, c)| c.len());
    if let Some((name, c)) = ex.data.iter().find(|(_, c)| c.len() != rows) {
        return Err(SetupError::DataLengths {
            name: name.clone(),
            len: c.len(),
            first: rows,
        });
    }
    if columns.is_empty() && totals.is_empty() {
        return Err(SetupError::EmptyTable);
    }
    if rows == 0 && !columns.is_empty() {
        return Err(SetupError::NoRows);
    }
    let (values, formulas) = compute(ex, columns, totals, rows)?;
    let any_log = columns.iter().chain(totals).any(|c| uses_log(&c.formula));
    let other_log = any_log
        .then(|| with_other_log(ex, &formulas, rows))
        .filter(|alt| *alt != values);
    let log_words = any_log.then(|| log_words(ex.log, columns, totals));
    let (col_formulas, tot_formulas) = formulas;
    let computed = |defs: &[TableColumn], fs: Vec<Formula>| -> Vec<Computed> {
        defs.iter()
            .zip(fs)
            .map(|(d, formula)| Computed {
                name: d.name.clone(),
                label: d.label.clone(),
                formula,
            })
            .collect()
    };
    let table = Table {
        rows,
        data_names: ex.data.iter().map(|(n, _)| n.clone()).collect(),
        columns: computed(columns, col_formulas),
        totals: computed(totals, tot_formulas),
        values,
        other_log,
        log_words,
    };
    let answer = AnswerShape {
        shape: Shape::Table,
        cells: cells(&table),
        naming: Naming {
            what: "the table",
            unit: ("cell", "cells"),
        },
        vars: Vec::new(),
    };
    Ok((table, answer))
}

/// ("base-10 logarithms", "natural logarithms") when the table's logarithms are base 10,
/// the other way round otherwise: this table's logarithms, and the others.
fn log_words(
    log: LogBase,
    columns: &[TableColumn],
    totals: &[TableColumn],
) -> (&'static str, &'static str) {
    let all: String = columns
        .iter()
        .chain(totals)
        .map(|c| c.formula.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let base10 = all.contains("log10") || (log == LogBase::Log10 && !all.contains("ln"));
    if base10 {
        ("base-10 logarithms", "natural logarithms")
    } else {
        ("natural logarithms", "base-10 logarithms")
    }
}

/// The cells, column by column then the totals: `z[1]`, …, `z[8]`, `a[1]`, …, `L`, `cost`.
fn cells(t: &Table) -> Vec<Cell> {
    let mut out = Vec::new();
    for (k, c) in t.columns.iter().enumerate() {
        for row in 0..t.rows {
            out.push(Cell {
                id: CellId::Row {
                    column: c.name.clone(),
                    row,
                },
                target: Target::TableCell { column: k, row },
                label: format!("{} in row {}", c.name, row + 1),
            });
        }
    }
    for (k, c) in t.totals.iter().enumerate() {
        out.push(Cell {
            id: CellId::Total(c.name.clone()),
            target: Target::Total(k),
            label: c.name.clone(),
        });
    }
    out
}

type Formulas = (Vec<Formula>, Vec<Formula>);

/// Computes the table: every formula parsed once (the loader's parse), every cell evaluated;
/// the first cell with no finite value is an error.
fn compute(
    ex: &Exercise,
    columns: &[TableColumn],
    totals: &[TableColumn],
    rows: usize,
) -> Result<(TableValues, Formulas), SetupError> {
    let names = ex.names();
    let mut seen: Vec<String> = ex.data.iter().map(|(n, _)| n.clone()).collect();
    let mut cols: Vec<Vec<f64>> = ex.data.iter().map(|(_, c)| c.clone()).collect();
    let mut out = TableValues {
        columns: Vec::new(),
        totals: Vec::new(),
    };
    let mut formulas: Formulas = (Vec::new(), Vec::new());
    for (k, col) in columns.iter().enumerate() {
        let f = Formula::parse(ex, Field::Column(k), &col.formula, &names.row(&seen))?;
        let values = column_values(&f.expr, &cols, rows);
        if let Some(r) = values.iter().position(|v| !v.is_finite()) {
            return Err(SetupError::ColumnNotFinite {
                column: col.name.clone(),
                row: r,
            });
        }
        seen.push(col.name.clone());
        cols.push(values.clone());
        out.columns.push(values);
        formulas.0.push(f);
    }
    let mut earlier: Vec<String> = Vec::new();
    for (k, tot) in totals.iter().enumerate() {
        let scope = names.total(&earlier, &seen);
        let f = Formula::parse(ex, Field::Total(k), &tot.formula, &scope)?;
        let v = f.expr.eval_data(&out.totals, &cols);
        if !v.is_finite() {
            return Err(SetupError::TotalNotFinite {
                total: tot.name.clone(),
            });
        }
        earlier.push(tot.name.clone());
        out.totals.push(v);
        formulas.1.push(f);
    }
    Ok((out, formulas))
}

/// A computed column's value in every row: `cols` are the data columns then the computed
/// columns before it, the formula's variables in that order.
fn column_values(expr: &Expr, cols: &[Vec<f64>], rows: usize) -> Vec<f64> {
    let mut row = vec![0.0; cols.len()];
    (0..rows)
        .map(|r| {
            for (slot, c) in row.iter_mut().zip(cols) {
                *slot = c[r];
            }
            expr.eval(&row)
        })
        .collect()
}

/// The table computed with every logarithm the other way ([`Expr::with_logs_swapped`] of the
/// formulas already parsed); cells with no finite value are kept.
fn with_other_log(ex: &Exercise, (columns, totals): &Formulas, rows: usize) -> TableValues {
    let mut cols: Vec<Vec<f64>> = ex.data.iter().map(|(_, c)| c.clone()).collect();
    let mut out = TableValues {
        columns: Vec::new(),
        totals: Vec::new(),
    };
    for f in columns {
        let values = column_values(&f.expr.with_logs_swapped(), &cols, rows);
        cols.push(values.clone());
        out.columns.push(values);
    }
    for f in totals {
        let v = f.expr.with_logs_swapped().eval_data(&out.totals, &cols);
        out.totals.push(v);
    }
    out
}

/// The same formula with `ln` and `log10` exchanged (with the other base, `log` means the other
/// logarithm too). Used only to recognise a value computed with the wrong logarithm; the
/// exercise's own formulas are parsed as written.
pub fn swap_logs(src: &str) -> String {
    let mut out = String::with_capacity(src.len() + 4);
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push_str(match word.as_str() {
                "ln" => "log10",
                "log10" => "ln",
                w => w,
            });
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whether a formula uses a logarithm (`ln`, `log`, `log10`).
pub fn uses_log(src: &str) -> bool {
    swap_logs(src) != src || src.contains("log")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_swaps() {
        assert_eq!(
            swap_logs("-log10(prod(p))/8 + ln(x)"),
            "-ln(prod(p))/8 + log10(x)"
        );
        assert!(uses_log("log(a)"));
        assert!(!uses_log("sigmoid(z)"));
    }
}
