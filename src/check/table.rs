//! `table`: computed columns (row by row) and totals (over whole columns), cell by cell.

use super::compare::{describe, number_close, number_ok};
use super::read;
use super::{CellVerdict, Diagnosis, Status, Verdict, Voice};
use crate::exercise::{Answer, TableEntry, Tolerance};
use crate::math::{Expr, Scope};
use crate::question::{CellId, Question, Table, TableValues};
use crate::text;

/// The compiled formulas: per column (variables: the data columns, then the earlier computed
/// columns, one row at a time), per total (variables: the earlier totals; columns: all).
#[derive(Clone, Debug)]
struct Formulas {
    columns: Vec<Expr>,
    totals: Vec<Expr>,
}

/// What judging a table found: each cell's verdict, the ids of the wrong ones, and the
/// findings (a message with its diagnosis, most telling first).
#[derive(Default)]
struct Judged {
    cells: Vec<CellVerdict>,
    wrong: Vec<String>,
    findings: Vec<(String, Option<Diagnosis>)>,
}

/// A table question's truth, as the question computed it, with what the checker needs to
/// recompute a cell from a student's own earlier values.
#[derive(Debug)]
pub(crate) struct TablePlan {
    rows: usize,
    tol: Tolerance,
    consts: Scope,
    data_names: Vec<String>,
    column_names: Vec<String>,
    total_names: Vec<String>,
    truth: TableValues,
    /// The same table computed with the other logarithm base, when a formula uses one.
    other_log: Option<TableValues>,
    /// "base 10" or "the natural log": what the exercise's logarithm is, for messages.
    log_words: Option<(&'static str, &'static str)>,
    formulas: Formulas,
    data: Vec<Vec<f64>>,
}

impl TablePlan {
    pub(crate) fn new(q: &Question, t: &Table) -> TablePlan {
        TablePlan {
            rows: t.rows,
            tol: q.tolerance,
            consts: q.constants.clone(),
            data_names: t.data_names.clone(),
            column_names: t.column_names().map(str::to_string).collect(),
            total_names: t.total_names().map(str::to_string).collect(),
            truth: t.values.clone(),
            other_log: t.other_log.clone(),
            log_words: t.log_words,
            formulas: Formulas {
                columns: t.columns.iter().map(|c| c.formula.expr.clone()).collect(),
                totals: t.totals.iter().map(|c| c.formula.expr.clone()).collect(),
            },
            data: q.data.clone(),
        }
    }

    fn expected(&self) -> String {
        let mut parts = Vec::new();
        if !self.column_names.is_empty() {
            parts.push(format!(
                "the column{} {} ({} rows each)",
                if self.column_names.len() == 1 {
                    ""
                } else {
                    "s"
                },
                self.column_names.join(", "),
                self.rows
            ));
        }
        if !self.total_names.is_empty() {
            parts.push(format!(
                "the total{} {}",
                if self.total_names.len() == 1 { "" } else { "s" },
                self.total_names.join(", ")
            ));
        }
        parts.join(" and ")
    }

    pub(crate) fn check(&self, answer: &Answer, voice: Voice) -> Verdict {
        let gave = voice.gave();
        let Answer::Table(entries) = answer else {
            return Verdict::invalid(format!(
                "This question asks for a table: give {}, like {{ {} }}; {gave} {}.",
                self.expected(),
                self.example_syntax(),
                read::describe(answer)
            ));
        };
        let (columns, totals) = match self.entries(entries, gave) {
            Ok(found) => found,
            Err(v) => return *v,
        };
        let (col_vals, tot_vals, read_errors) = self.read_all(&columns, &totals, voice);
        if let Some((mut v, mut cells)) = read_errors {
            // Also judge the cells that could be read.
            let (judged, _, _) = self.judge(&col_vals, &tot_vals, voice);
            cells.extend(judged);
            v.cells = Some(cells);
            return v;
        }
        self.summary(&col_vals, &tot_vals, voice)
    }

    /// Every column with its rows and every total, nothing unknown, nothing twice (the data,
    /// copied into the answer, is ignored): each column's cells and each total's, in order.
    #[allow(clippy::type_complexity)]
    fn entries<'a>(
        &self,
        entries: &'a [(String, TableEntry)],
        gave: &str,
    ) -> Result<(Vec<Option<&'a Vec<String>>>, Vec<Option<&'a String>>), Box<Verdict>> {
        let bad = |m: String| Box::new(Verdict::invalid(m));
        let mut columns: Vec<Option<&Vec<String>>> = vec![None; self.column_names.len()];
        let mut totals: Vec<Option<&String>> = vec![None; self.total_names.len()];
        for (name, entry) in entries {
            if let Some(k) = self.column_names.iter().position(|c| c == name) {
                match entry {
                    TableEntry::Column(cells) if cells.len() == self.rows => {
                        if columns[k].replace(cells).is_some() {
                            return Err(bad(format!("The column {name} is given twice.")));
                        }
                    }
                    TableEntry::Column(cells) => {
                        return Err(bad(format!(
                            "The column {name} has {} rows; {gave} {}.",
                            self.rows,
                            cells.len()
                        )))
                    }
                    TableEntry::Total(_) => {
                        return Err(bad(format!(
                            "{name} is a column of {} values, one per row; {gave} one value.",
                            self.rows
                        )))
                    }
                }
            } else if let Some(k) = self.total_names.iter().position(|c| c == name) {
                match entry {
                    TableEntry::Total(cell) => {
                        if totals[k].replace(cell).is_some() {
                            return Err(bad(format!("The total {name} is given twice.")));
                        }
                    }
                    TableEntry::Column(cells) if cells.len() == 1 => {
                        totals[k] = Some(&cells[0]);
                    }
                    TableEntry::Column(cells) => {
                        return Err(bad(format!(
                            "{name} is a single total; {gave} a list of {}.",
                            cells.len()
                        )))
                    }
                }
            } else if self.data_names.contains(name) {
                // The given data, copied into the answer: nothing to check.
            } else {
                return Err(bad(format!(
                    "The table has no column or total named {name}; it has {}.",
                    self.expected()
                )));
            }
        }
        let missing: Vec<&str> = self
            .column_names
            .iter()
            .zip(&columns)
            .filter(|(_, c)| c.is_none())
            .map(|(n, _)| n.as_str())
            .chain(
                self.total_names
                    .iter()
                    .zip(&totals)
                    .filter(|(_, t)| t.is_none())
                    .map(|(n, _)| n.as_str()),
            )
            .collect();
        if !missing.is_empty() {
            return Err(bad(format!(
                "{} missing: {}. The table needs {}.",
                if missing.len() == 1 {
                    "One entry is"
                } else {
                    "Some entries are"
                },
                missing.join(", "),
                self.expected()
            )));
        }
        Ok((columns, totals))
    }

    /// Reads every cell: the values per column and per total (`None` where a cell does not
    /// read), and, when some did not, the first read error with the unreadable cells' verdicts.
    #[allow(clippy::type_complexity)]
    fn read_all(
        &self,
        columns: &[Option<&Vec<String>>],
        totals: &[Option<&String>],
        voice: Voice,
    ) -> (
        Vec<Vec<Option<f64>>>,
        Vec<Option<f64>>,
        Option<(Verdict, Vec<CellVerdict>)>,
    ) {
        let mut cells: Vec<CellVerdict> = Vec::new();
        let mut first_read_error: Option<Verdict> = None;
        let mut read_cell = |id: CellId, src: &str| -> Option<f64> {
            match read::number(src, &self.consts, &id, &id.to_string(), voice, &[], "") {
                Ok(v) => Some(v),
                Err(v) => {
                    cells.push(CellVerdict {
                        cell: id,
                        verdict: Status::Invalid,
                        message: v.message.clone(),
                    });
                    if first_read_error.is_none() {
                        first_read_error = Some(*v);
                    }
                    None
                }
            }
        };
        let col_vals: Vec<Vec<Option<f64>>> = columns
            .iter()
            .zip(&self.column_names)
            .map(|(c, name)| {
                c.map(|cells| {
                    cells
                        .iter()
                        .enumerate()
                        .map(|(r, s)| {
                            read_cell(
                                CellId::Row {
                                    column: name.clone(),
                                    row: r,
                                },
                                s,
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
            })
            .collect();
        let tot_vals: Vec<Option<f64>> = totals
            .iter()
            .zip(&self.total_names)
            .map(|(t, name)| t.and_then(|s| read_cell(CellId::Total(name.clone()), s)))
            .collect();
        (col_vals, tot_vals, first_read_error.map(|v| (v, cells)))
    }

    /// The verdict on a table whose every cell reads: the count of wrong cells, the first few
    /// named, and the most telling finding.
    fn summary(
        &self,
        col_vals: &[Vec<Option<f64>>],
        tot_vals: &[Option<f64>],
        voice: Voice,
    ) -> Verdict {
        let (judged, wrong, findings) = self.judge(col_vals, tot_vals, voice);
        let total = self.column_names.len() * self.rows + self.total_names.len();
        if wrong.is_empty() {
            let mut v = Verdict::correct(format!("Correct: all {total} cells are right."));
            v.cells = Some(judged);
            return v;
        }
        let list: Vec<&str> = wrong.iter().take(5).map(|s| s.as_str()).collect();
        let more = wrong.len().saturating_sub(5);
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        let head = if wrong.len() == 1 {
            format!("1 of {total} cells is wrong: {}", list.join(", "))
        } else {
            format!(
                "{} of {total} cells are wrong: {}{tail}",
                wrong.len(),
                list.join(", ")
            )
        };
        let (message, diagnosis) = match findings.first() {
            Some((msg, d)) => {
                // With one wrong cell the head already names it.
                let prefixes = [
                    format!("{}: ", wrong[0]),
                    format!("{}: ", text::capitalize(&wrong[0])),
                ];
                let msg = match prefixes.iter().find_map(|p| msg.strip_prefix(p.as_str())) {
                    Some(rest) if wrong.len() == 1 => text::capitalize(rest),
                    _ => msg.clone(),
                };
                (format!("{head}. {msg}"), *d)
            }
            None => (format!("{head}."), None),
        };
        let mut v = Verdict::incorrect(message, diagnosis);
        v.cells = Some(judged);
        v
    }

    fn example_syntax(&self) -> String {
        let mut parts: Vec<String> = self
            .column_names
            .iter()
            .map(|n| format!("{n} = [...]"))
            .collect();
        parts.extend(self.total_names.iter().map(|n| format!("{n} = ...")));
        parts.join(", ")
    }

    /// Judges the readable cells: their verdicts, the ids of the wrong ones, and the findings
    /// (a message with its diagnosis, most telling first).
    #[allow(clippy::type_complexity)]
    fn judge(
        &self,
        col_vals: &[Vec<Option<f64>>],
        tot_vals: &[Option<f64>],
        voice: Voice,
    ) -> (
        Vec<CellVerdict>,
        Vec<String>,
        Vec<(String, Option<Diagnosis>)>,
    ) {
        let mut j = Judged::default();
        for (k, name) in self.column_names.iter().enumerate() {
            self.judge_column(k, name, col_vals, voice, &mut j);
        }
        for (k, name) in self.total_names.iter().enumerate() {
            self.judge_total(k, name, col_vals, tot_vals, voice, &mut j);
        }
        // The generic finding for the first wrong cell, when nothing was recognised.
        if j.findings.is_empty() {
            if let Some(c) = j.cells.iter().find(|c| c.verdict == Status::Incorrect) {
                j.findings
                    .push((format!("{}: {}.", c.cell, c.message), None));
            }
        }
        (j.cells, j.wrong, j.findings)
    }

    /// Judges computed column `k`: each readable cell, and a shift by a row.
    fn judge_column(
        &self,
        k: usize,
        name: &str,
        col_vals: &[Vec<Option<f64>>],
        voice: Voice,
        j: &mut Judged,
    ) {
        let truth = &self.truth.columns[k];
        let vals = &col_vals[k];
        if vals.is_empty() {
            return;
        }
        let ok: Vec<bool> = (0..self.rows)
            .map(|r| vals[r].is_some_and(|a| number_ok(a, truth[r], 0.0, self.tol)))
            .collect();
        let shifted = self.shift(vals, truth, &ok);
        if let Some(s) = shifted {
            j.findings.push((
                format!(
                    "The column {name} is shifted by one row: {}.",
                    if s > 0 {
                        format!("your row r holds the value of row r + 1 (your {name}[1] is the truth's {name}[2])")
                    } else {
                        format!("your row r holds the value of row r − 1 (your {name}[2] is the truth's {name}[1])")
                    }
                ),
                Some(Diagnosis::RowShift),
            ));
        }
        for r in 0..self.rows {
            let Some(a) = vals[r] else { continue };
            let id = CellId::Row {
                column: name.to_string(),
                row: r,
            };
            if ok[r] {
                j.cells.push(CellVerdict {
                    cell: id,
                    verdict: Status::Correct,
                    message: "right".into(),
                });
                continue;
            }
            let alt = self.other_log.as_ref().map(|o| o.columns[k][r]);
            let carried = self.carried_cell(k, r, col_vals);
            let (msg, d) = if shifted.is_some() {
                (
                    format!(
                        "{} is the value of a neighbouring row",
                        text::num_sig(a, 10)
                    ),
                    Some(Diagnosis::RowShift),
                )
            } else {
                let what = format!("{name} in row {}", r + 1);
                self.explain(a, truth[r], alt, carried, &what, voice)
            };
            if d.is_some() && d != Some(Diagnosis::RowShift) && !j.findings.iter().any(|f| f.1 == d)
            {
                j.findings
                    .push((format!("{}: {msg}.", text::capitalize(&id.to_string())), d));
            }
            j.wrong.push(id.to_string());
            j.cells.push(CellVerdict {
                cell: id,
                verdict: Status::Incorrect,
                message: msg,
            });
        }
    }

    /// Judges total `k`, when it reads.
    fn judge_total(
        &self,
        k: usize,
        name: &str,
        col_vals: &[Vec<Option<f64>>],
        tot_vals: &[Option<f64>],
        voice: Voice,
        j: &mut Judged,
    ) {
        let Some(a) = tot_vals[k] else { return };
        let t = self.truth.totals[k];
        if number_ok(a, t, 0.0, self.tol) {
            j.cells.push(CellVerdict {
                cell: CellId::Total(name.to_string()),
                verdict: Status::Correct,
                message: "right".into(),
            });
            return;
        }
        let alt = self.other_log.as_ref().map(|o| o.totals[k]);
        let carried = self.carried_total(k, col_vals, tot_vals);
        let (msg, d) = self.explain(a, t, alt, carried, name, voice);
        if d.is_some() && !j.findings.iter().any(|f| f.1 == d) {
            j.findings.push((format!("{name}: {msg}."), d));
        }
        j.cells.push(CellVerdict {
            cell: CellId::Total(name.to_string()),
            verdict: Status::Incorrect,
            message: msg,
        });
        j.wrong.push(name.to_string());
    }

    /// `Some(1)` when the column holds the next row's values, `Some(-1)` the previous row's.
    fn shift(&self, vals: &[Option<f64>], truth: &[f64], ok: &[bool]) -> Option<i32> {
        if ok.iter().all(|&b| b) || self.rows < 3 {
            return None;
        }
        for s in [1i32, -1] {
            let pairs: Vec<(usize, usize)> = (0..self.rows)
                .filter_map(|r| {
                    let q = r as i64 + i64::from(s);
                    (q >= 0 && (q as usize) < self.rows).then_some((r, q as usize))
                })
                .collect();
            // The shift must explain cells that are wrong, not rows that happen to be equal.
            let distinct = pairs
                .iter()
                .any(|&(r, q)| !number_ok(truth[q], truth[r], 0.0, self.tol));
            if distinct
                && pairs
                    .iter()
                    .all(|&(r, q)| vals[r].is_some_and(|a| number_ok(a, truth[q], 0.0, self.tol)))
            {
                return Some(s);
            }
        }
        None
    }

    /// Cell `(k, r)` recomputed from the student's own values of the earlier columns in row
    /// `r` (`None` when one of them is missing).
    fn carried_cell(&self, k: usize, r: usize, col_vals: &[Vec<Option<f64>>]) -> Option<f64> {
        let mut row: Vec<f64> = self.data.iter().map(|c| c[r]).collect();
        for vals in col_vals.iter().take(k) {
            row.push((*vals.get(r)?)?);
        }
        let v = self.formulas.columns.get(k)?.eval(&row);
        v.is_finite().then_some(v)
    }

    /// Total `k` recomputed from the student's own columns (and earlier totals).
    fn carried_total(
        &self,
        k: usize,
        col_vals: &[Vec<Option<f64>>],
        tot_vals: &[Option<f64>],
    ) -> Option<f64> {
        let mut cols = self.data.clone();
        for vals in col_vals {
            cols.push(vals.iter().copied().collect::<Option<Vec<f64>>>()?);
        }
        let earlier: Vec<f64> = (0..k)
            .map(|j| tot_vals[j].unwrap_or(self.truth.totals[j]))
            .collect();
        let v = self.formulas.totals.get(k)?.eval_data(&earlier, &cols);
        v.is_finite().then_some(v)
    }

    /// A wrong cell's message (completing "z[3]: ...") and diagnosis.
    fn explain(
        &self,
        a: f64,
        t: f64,
        alt: Option<f64>,
        carried: Option<f64>,
        what: &str,
        voice: Voice,
    ) -> (String, Option<Diagnosis>) {
        let shown = text::num_sig(a, 10);
        let reveal = |m: String| match voice {
            Voice::Student => m,
            Voice::Key => format!("{m} (it is {})", text::num_sig(t, 7)),
        };
        if !a.is_finite() {
            return (
                reveal(format!("{shown} is not a finite number")),
                Some(Diagnosis::Undefined),
            );
        }
        let ln10 = std::f64::consts::LN_10;
        let log_alt = alt
            .filter(|v| v.is_finite() && !number_ok(*v, t, 0.0, self.tol))
            .is_some_and(|v| number_ok(a, v, 0.0, self.tol));
        let log_ratio = t != 0.0
            && (number_ok(a, t * ln10, 0.0, self.tol) || number_ok(a, t / ln10, 0.0, self.tol));
        if (log_alt || log_ratio) && self.log_words.is_some() {
            let (ours, theirs) = self.log_words.unwrap_or(("", ""));
            return (
                reveal(format!(
                    "{shown} is what {theirs} give; this table uses {ours}"
                )),
                Some(Diagnosis::LogBase),
            );
        }
        if !number_ok(0.0, t, 0.0, self.tol) && number_ok(-a, t, 0.0, self.tol) {
            return (
                reveal(format!("{shown} has the wrong sign")),
                Some(Diagnosis::Sign),
            );
        }
        if carried
            .is_some_and(|v| number_ok(a, v, 0.0, self.tol) && !number_ok(v, t, 0.0, self.tol))
        {
            return (
                reveal(format!(
                    "{shown} is what the formula gives from your own earlier values, but they \
                     were rounded too much to give {what} {}: keep more significant figures in \
                     them",
                    describe(self.tol)
                )),
                Some(Diagnosis::Rounded),
            );
        }
        if number_close(a, t, 0.0, self.tol) {
            return (
                reveal(format!(
                    "{shown} is close, but not {what} {}: keep more digits",
                    describe(self.tol)
                )),
                Some(Diagnosis::Rounded),
            );
        }
        if t != 0.0 && t.abs() < 1e-3 && a == 0.0 {
            return (
                reveal(format!(
                    "0 is not {what}: it is small but not zero; give it in scientific notation \
                     (like 2.0e-8) {}",
                    describe(self.tol)
                )),
                None,
            );
        }
        let direction = if a > t { "too large" } else { "too small" };
        (
            reveal(format!("{shown} is not {what}: it is {direction}")),
            None,
        )
    }
}
