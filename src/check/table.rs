//! `table`: computed columns (row by row) and totals (over whole columns), cell by cell.

use super::compare::{describe, is_rounding_of, number_close, number_ok, truncated};
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

/// The cells of an answer as typed: each computed column's, each total's (in the plan's order).
type Texts<'a> = (Vec<Option<&'a Vec<String>>>, Vec<Option<&'a String>>);

/// An answer's cells: as read (`None` where a cell does not read) and as typed.
struct Given<'a> {
    col_vals: Vec<Vec<Option<f64>>>,
    tot_vals: Vec<Option<f64>>,
    col_texts: Vec<Option<&'a Vec<String>>>,
    tot_texts: Vec<Option<&'a String>>,
}

impl Given<'_> {
    /// Cell `r` of computed column `k` as typed, trimmed.
    fn col_text(&self, k: usize, r: usize) -> &str {
        self.col_texts
            .get(k)
            .copied()
            .flatten()
            .and_then(|c| c.get(r))
            .map_or("", |s| s.trim())
    }

    /// Total `k` as typed, trimmed.
    fn tot_text(&self, k: usize) -> &str {
        self.tot_texts
            .get(k)
            .copied()
            .flatten()
            .map_or("", |s| s.trim())
    }
}

/// A wrong cell recomputed from the student's own earlier cells: the value the formula gives
/// from them, the earlier cells it used (`a[3] = 0.996`), and those of them that are wrong.
struct Carried {
    value: f64,
    used: Vec<String>,
    wrong: Vec<String>,
    /// Every wrong one is its truth rounded to fewer figures: rounded too much, not wrong.
    rounded: bool,
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
        let given = Given {
            col_vals,
            tot_vals,
            col_texts: columns,
            tot_texts: totals,
        };
        if let Some((mut v, mut cells)) = read_errors {
            // Also judge the cells that could be read.
            let (judged, _, _) = self.judge(&given, voice);
            cells.extend(judged);
            v.cells = Some(cells);
            return v;
        }
        self.summary(&given, voice)
    }

    /// Every column with its rows and every total, nothing unknown, nothing twice (the data,
    /// copied into the answer, is ignored): each column's cells and each total's, in order.
    fn entries<'a>(
        &self,
        entries: &'a [(String, TableEntry)],
        gave: &str,
    ) -> Result<Texts<'a>, Box<Verdict>> {
        let mut columns: Vec<Option<&Vec<String>>> = vec![None; self.column_names.len()];
        let mut totals: Vec<Option<&String>> = vec![None; self.total_names.len()];
        for (name, entry) in entries {
            self.place_entry(name, entry, gave, &mut columns, &mut totals)
                .map_err(|m| Box::new(Verdict::invalid(m)))?;
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
            return Err(Box::new(Verdict::invalid(format!(
                "{} missing: {}. The table needs {}.",
                if missing.len() == 1 {
                    "One entry is"
                } else {
                    "Some entries are"
                },
                missing.join(", "),
                self.expected()
            ))));
        }
        Ok((columns, totals))
    }

    /// Puts one entry of the answer in its place: a computed column, a total, or the data
    /// (ignored). The message says what is wrong with it.
    fn place_entry<'a>(
        &self,
        name: &str,
        entry: &'a TableEntry,
        gave: &str,
        columns: &mut [Option<&'a Vec<String>>],
        totals: &mut [Option<&'a String>],
    ) -> Result<(), String> {
        if let Some(k) = self.column_names.iter().position(|c| c == name) {
            return match entry {
                TableEntry::Column(cells) if cells.len() == self.rows => {
                    match columns[k].replace(cells) {
                        Some(_) => Err(format!("The column {name} is given twice.")),
                        None => Ok(()),
                    }
                }
                TableEntry::Column(cells) => Err(format!(
                    "The column {name} has {} rows; {gave} {}.",
                    self.rows,
                    cells.len()
                )),
                TableEntry::Total(_) => Err(format!(
                    "{name} is a column of {} values, one per row; {gave} one value.",
                    self.rows
                )),
            };
        }
        if let Some(k) = self.total_names.iter().position(|c| c == name) {
            return match entry {
                TableEntry::Total(cell) => match totals[k].replace(cell) {
                    Some(_) => Err(format!("The total {name} is given twice.")),
                    None => Ok(()),
                },
                TableEntry::Column(cells) if cells.len() == 1 => {
                    totals[k] = Some(&cells[0]);
                    Ok(())
                }
                TableEntry::Column(cells) => Err(format!(
                    "{name} is a single total; {gave} a list of {}.",
                    cells.len()
                )),
            };
        }
        if self.data_names.iter().any(|d| d == name) {
            // The given data, copied into the answer: nothing to check.
            return Ok(());
        }
        Err(format!(
            "The table has no column or total named {name}; it has {}.",
            self.expected()
        ))
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
    fn summary(&self, given: &Given<'_>, voice: Voice) -> Verdict {
        let (judged, wrong, findings) = self.judge(given, voice);
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
        given: &Given<'_>,
        voice: Voice,
    ) -> (
        Vec<CellVerdict>,
        Vec<String>,
        Vec<(String, Option<Diagnosis>)>,
    ) {
        let mut j = Judged::default();
        for (k, name) in self.column_names.iter().enumerate() {
            self.judge_column(k, name, given, voice, &mut j);
        }
        for (k, name) in self.total_names.iter().enumerate() {
            self.judge_total(k, name, given, voice, &mut j);
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
    fn judge_column(&self, k: usize, name: &str, given: &Given<'_>, voice: Voice, j: &mut Judged) {
        let truth = &self.truth.columns[k];
        let vals = &given.col_vals[k];
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
            let typed = given.col_text(k, r);
            let (msg, d) = if shifted.is_some() {
                (
                    format!("{typed} is the value of a neighbouring row"),
                    Some(Diagnosis::RowShift),
                )
            } else {
                let carried = self.carried_cell(k, r, given);
                let cell = Judging {
                    a,
                    typed,
                    t: truth[r],
                    alt,
                    what: id.to_string(),
                };
                self.explain(&cell, carried, voice)
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
    fn judge_total(&self, k: usize, name: &str, given: &Given<'_>, voice: Voice, j: &mut Judged) {
        let Some(a) = given.tot_vals[k] else { return };
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
        let carried = self.carried_total(k, given);
        let cell = Judging {
            a,
            typed: given.tot_text(k),
            t,
            alt,
            what: name.to_string(),
        };
        let (msg, d) = self.explain(&cell, carried, voice);
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
    /// `r` (`None` when one of them is missing), with the earlier cells the formula uses.
    fn carried_cell(&self, k: usize, r: usize, given: &Given<'_>) -> Option<Carried> {
        let formula = self.formulas.columns.get(k)?;
        let mut row: Vec<f64> = self.data.iter().map(|c| c[r]).collect();
        let (mut used, mut wrong, mut rounded) = (Vec::new(), Vec::new(), true);
        for (j, vals) in given.col_vals.iter().enumerate().take(k) {
            let v = (*vals.get(r)?)?;
            row.push(v);
            if !formula.uses_var(self.data.len() + j) {
                continue;
            }
            let cell = format!(
                "{}[{}] = {}",
                self.column_names[j],
                r + 1,
                given.col_text(j, r)
            );
            let t = self.truth.columns[j][r];
            if !number_ok(v, t, 0.0, self.tol) {
                rounded &= is_rounding_of(v, t);
                wrong.push(cell.clone());
            }
            used.push(cell);
        }
        let value = formula.eval(&row);
        value.is_finite().then_some(Carried {
            value,
            used,
            wrong,
            rounded,
        })
    }

    /// Total `k` recomputed from the student's own columns (and earlier totals), with the
    /// columns and totals it may use and the wrong cells among them.
    fn carried_total(&self, k: usize, given: &Given<'_>) -> Option<Carried> {
        let formula = self.formulas.totals.get(k)?;
        let mut cols = self.data.clone();
        let (mut used, mut wrong, mut rounded) = (Vec::new(), Vec::new(), true);
        for (j, vals) in given.col_vals.iter().enumerate() {
            cols.push(vals.iter().copied().collect::<Option<Vec<f64>>>()?);
            if !formula.uses_column(self.data.len() + j) {
                continue;
            }
            used.push(format!("{} values", self.column_names[j]));
            for (r, v) in vals.iter().enumerate() {
                let (v, t) = (v.unwrap_or(f64::NAN), self.truth.columns[j][r]);
                if !number_ok(v, t, 0.0, self.tol) {
                    rounded &= is_rounding_of(v, t);
                    wrong.push(format!(
                        "{}[{}] = {}",
                        self.column_names[j],
                        r + 1,
                        given.col_text(j, r)
                    ));
                }
            }
        }
        let earlier: Vec<f64> = (0..k)
            .map(|j| given.tot_vals[j].unwrap_or(self.truth.totals[j]))
            .collect();
        for (j, v) in earlier.iter().enumerate() {
            if !formula.uses_var(j) {
                continue;
            }
            used.push(format!("{} = {}", self.total_names[j], given.tot_text(j)));
            let t = self.truth.totals[j];
            if !number_ok(*v, t, 0.0, self.tol) {
                rounded &= is_rounding_of(*v, t);
                wrong.push(format!("{} = {}", self.total_names[j], given.tot_text(j)));
            }
        }
        let value = formula.eval_data(&earlier, &cols);
        value.is_finite().then_some(Carried {
            value,
            used,
            wrong,
            rounded,
        })
    }

    /// A wrong cell's message (completing "z[3]: ...") and diagnosis.
    fn explain(
        &self,
        cell: &Judging<'_>,
        carried: Option<Carried>,
        voice: Voice,
    ) -> (String, Option<Diagnosis>) {
        let Judging { a, typed, t, .. } = *cell;
        let reveal = |m: String| match voice {
            Voice::Student => m,
            Voice::Key => format!("{m} (it is {})", text::num_sig(t, 7)),
        };
        if !a.is_finite() {
            return (
                reveal(format!("{typed} is not a finite number")),
                Some(Diagnosis::Undefined),
            );
        }
        if let Some(m) = self.slip(cell) {
            return (reveal(m.0), Some(m.1));
        }
        if let Some(c) = carried.filter(|c| {
            number_ok(a, c.value, 0.0, self.tol) && !number_ok(c.value, t, 0.0, self.tol)
        }) {
            return (
                reveal(self.carried_wording(cell, &c)),
                Some(Diagnosis::Rounded),
            );
        }
        let (m, d) = self.near_miss(cell);
        (reveal(m), d)
    }

    /// A wrong cell explained by the other logarithm base or a sign.
    fn slip(&self, cell: &Judging<'_>) -> Option<(String, Diagnosis)> {
        let Judging {
            a, typed, t, alt, ..
        } = *cell;
        let ln10 = std::f64::consts::LN_10;
        let log_alt = alt
            .filter(|v| v.is_finite() && !number_ok(*v, t, 0.0, self.tol))
            .is_some_and(|v| number_ok(a, v, 0.0, self.tol));
        let log_ratio = t != 0.0
            && (number_ok(a, t * ln10, 0.0, self.tol) || number_ok(a, t / ln10, 0.0, self.tol));
        if let (true, Some((ours, theirs))) = (log_alt || log_ratio, self.log_words) {
            return Some((
                format!("{typed} is what {theirs} give; this table uses {ours}"),
                Diagnosis::LogBase,
            ));
        }
        (!number_ok(0.0, t, 0.0, self.tol) && number_ok(-a, t, 0.0, self.tol))
            .then(|| (format!("{typed} has the wrong sign"), Diagnosis::Sign))
    }

    /// A wrong cell that is what its formula gives from the student's own earlier cells: the
    /// rounding is blamed only on earlier cells that are wrong, and they are named; when every
    /// one of them is right, the cell needed more of their figures than the tolerance asks.
    fn carried_wording(&self, cell: &Judging<'_>, c: &Carried) -> String {
        let (typed, what, tol) = (cell.typed, &cell.what, describe(self.tol));
        if !c.wrong.is_empty() {
            let (them, are) = if c.wrong.len() == 1 {
                ("it", "is")
            } else {
                ("them", "are")
            };
            let list = text::and_list(&c.wrong);
            return if c.rounded {
                format!(
                    "{typed} is what the formula gives from your {list}, but {them} {} rounded \
                     too much to give {what} {tol}: keep more significant figures in {them}",
                    if are == "is" { "was" } else { "were" }
                )
            } else {
                format!(
                    "{typed} is what the formula gives from your {list}, which {are} not right \
                     {tol}: correct {them} first"
                )
            };
        }
        let list = text::and_list(&c.used);
        let (they, are, their) = if c.used.len() == 1 && !list.ends_with("values") {
            ("it", "is", "its")
        } else {
            ("they", "are", "their")
        };
        format!(
            "{typed} is what the formula gives from your {list}; {they} {are} right {tol}, but \
             {what} needs more of {their} figures than that: keep more figures in intermediate \
             values than the answer asks for"
        )
    }

    /// A wrong cell no slip explains: close, zero for a small value, or too large or small.
    fn near_miss(&self, cell: &Judging<'_>) -> (String, Option<Diagnosis>) {
        let Judging {
            a,
            typed,
            t,
            ref what,
            ..
        } = *cell;
        let tol = describe(self.tol);
        if let Some(d) = truncated(a, t, self.tol) {
            return (
                format!(
                    "{typed} is {what} cut off after {d} decimal places, not rounded to {d} \
                     decimal places: the next digit is 5 or more, so round the last one up"
                ),
                Some(Diagnosis::Rounded),
            );
        }
        if number_close(a, t, 0.0, self.tol) {
            return (
                format!("{typed} is close to {what}, but not right {tol}: keep more digits"),
                Some(Diagnosis::Rounded),
            );
        }
        if t != 0.0 && t.abs() < 1e-3 && a == 0.0 {
            return (
                format!(
                    "0 is not {what}: it is small but not zero; give it in scientific notation \
                     (like 2.0e-8) {tol}"
                ),
                None,
            );
        }
        let direction = if a > t { "too large" } else { "too small" };
        (format!("{typed} is not {what}: it is {direction}"), None)
    }
}

/// A wrong cell being explained: its value, as typed, its truth, the other logarithm's value,
/// and its name (`a[3]`, `cost`).
struct Judging<'a> {
    a: f64,
    typed: &'a str,
    t: f64,
    alt: Option<f64>,
    what: String,
}
