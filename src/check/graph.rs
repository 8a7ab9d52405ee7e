//! `graph`: the grid of asked nodes × value/adjoint, cell by cell, with the two mistakes of the
//! backward pass recognised: a shared node's adjoint from one path only, and a local derivative
//! given without the upstream adjoint it multiplies.

use super::compare::{describe, number_close, number_ok};
use super::read;
use super::{CellVerdict, Diagnosis, Status, Verdict, Voice};
use crate::exercise::{Answer, GraphAsk, TableEntry, Tolerance};
use crate::math::graph::{factor, Backward, Graph};
use crate::math::Scope;
use crate::question::{CellId, GraphQuestion, Question};
use crate::text;

/// A computational graph evaluated at a point: its values and its backward pass.
#[derive(Clone, Copy, Debug)]
pub struct GraphPoint<'a> {
    pub graph: &'a Graph,
    pub values: &'a [f64],
    pub backward: &'a Backward,
}

#[derive(Debug)]
pub(crate) struct GraphPlan {
    tol: Tolerance,
    consts: Scope,
    g: GraphQuestion,
}

impl GraphPlan {
    pub(crate) fn new(q: &Question, g: &GraphQuestion) -> GraphPlan {
        GraphPlan {
            tol: q.tolerance,
            consts: q.constants.clone(),
            g: g.clone(),
        }
    }

    fn columns(&self) -> Vec<&'static str> {
        self.g.ask.iter().map(|a| a.name()).collect()
    }

    fn expected(&self) -> String {
        let nodes: Vec<&str> = self.g.nodes.iter().map(|n| n.label.as_str()).collect();
        let cols: Vec<String> = self
            .columns()
            .iter()
            .map(|c| format!("{c} = [...]"))
            .collect();
        format!(
            "{{ {} }} with one number per node, in the order {}",
            cols.join(", "),
            nodes.join(", ")
        )
    }

    fn cell_name(&self, k: usize, row: usize) -> String {
        let id = CellId::Row {
            column: self.g.ask[k].name().to_string(),
            row,
        };
        let node = &self.g.nodes[row].label;
        match self.g.ask[k] {
            GraphAsk::Value => format!("{id} (the value of {node})"),
            GraphAsk::Adjoint => format!("{id} (∂{}/∂{node})", self.g.output_label()),
        }
    }

    /// The verdict on a grid answer: its shape first, then every cell against the graph's
    /// values and adjoints, the most telling mistake named.
    pub(crate) fn check(&self, answer: &Answer, voice: Voice) -> Verdict {
        let columns = match self.read_columns(answer, voice) {
            Ok(columns) => columns,
            Err(v) => return *v,
        };
        let judged = self.judge_cells(&columns, voice);
        if let Some(mut v) = judged.first_read_error {
            v.cells = Some(judged.verdicts);
            return v;
        }
        let total = self.g.nodes.len() * self.g.ask.len();
        let mut v = summary(judged.wrong, judged.findings, total);
        v.cells = Some(judged.verdicts);
        v
    }

    /// The answer's columns in the order asked, each one number per node; `Err` is the
    /// verdict on an answer of the wrong shape.
    fn read_columns<'a>(
        &self,
        answer: &'a Answer,
        voice: Voice,
    ) -> Result<Vec<Vec<&'a String>>, Box<Verdict>> {
        let gave = voice.gave();
        let n = self.g.nodes.len();
        let Answer::Table(entries) = answer else {
            return Err(Box::new(Verdict::invalid(format!(
                "This question asks for a grid: give {}; {gave} {}.",
                self.expected(),
                read::describe(answer)
            ))));
        };
        let mut columns: Vec<Option<Vec<&String>>> = vec![None; self.g.ask.len()];
        for (name, entry) in entries {
            let Some(k) = self.g.ask.iter().position(|a| a.name() == name) else {
                return Err(Box::new(Verdict::invalid(format!(
                    "This question asks for {}; {gave} an entry named {name}.",
                    self.columns().join(" and ")
                ))));
            };
            let cells: Vec<&String> = match entry {
                TableEntry::Column(c) => c.iter().collect(),
                TableEntry::Total(one) => vec![one],
            };
            if cells.len() != n {
                return Err(Box::new(Verdict::invalid(format!(
                    "{name} needs one number per node ({n}); {gave} {}.",
                    cells.len()
                ))));
            }
            columns[k] = Some(cells);
        }
        let missing: Vec<&str> = columns
            .iter()
            .zip(self.columns())
            .filter(|(c, _)| c.is_none())
            .map(|(_, n)| n)
            .collect();
        if !missing.is_empty() {
            return Err(Box::new(Verdict::invalid(format!(
                "Missing: {}. Give {}.",
                missing.join(", "),
                self.expected()
            ))));
        }
        Ok(columns.into_iter().flatten().collect())
    }

    /// Every cell read and judged, column by column.
    fn judge_cells(&self, columns: &[Vec<&String>], voice: Voice) -> Judged {
        let mut judged = Judged::default();
        for (k, col) in columns.iter().enumerate() {
            for (row, src) in col.iter().enumerate() {
                self.judge_cell(k, row, src, voice, &mut judged);
            }
        }
        judged
    }

    /// Cell `row` of asked column `k`, written `src`: read, compared with the truth, and a
    /// wrong one explained (a finding is kept once per diagnosis).
    fn judge_cell(&self, k: usize, row: usize, src: &str, voice: Voice, judged: &mut Judged) {
        let id = CellId::Row {
            column: self.g.ask[k].name().to_string(),
            row,
        };
        let name = self.cell_name(k, row);
        let a = match read::number(src, &self.consts, &id, &name, voice, &[], "") {
            Ok(a) => a,
            Err(v) => {
                judged.verdicts.push(CellVerdict {
                    cell: id,
                    verdict: Status::Invalid,
                    message: v.message.clone(),
                });
                if judged.first_read_error.is_none() {
                    judged.first_read_error = Some(*v);
                }
                return;
            }
        };
        let Some(t) = self.g.truth(k, row) else {
            return;
        };
        if number_ok(a, t, 0.0, self.tol) {
            judged.verdicts.push(CellVerdict {
                cell: id,
                verdict: Status::Correct,
                message: "right".into(),
            });
            return;
        }
        let (msg, d) = self.explain(k, row, a, t, voice);
        let findings = &mut judged.findings;
        if !findings.iter().any(|f| f.1 == d) || d.is_none() && findings.is_empty() {
            findings.push((format!("{name}: {msg}."), d));
        }
        judged.wrong.push(id.to_string());
        judged.verdicts.push(CellVerdict {
            cell: id,
            verdict: Status::Incorrect,
            message: msg,
        });
    }

    /// A wrong cell's message and diagnosis.
    fn explain(
        &self,
        k: usize,
        row: usize,
        a: f64,
        t: f64,
        voice: Voice,
    ) -> (String, Option<Diagnosis>) {
        let node = &self.g.nodes[row];
        let adjoint = self.g.ask[k] == GraphAsk::Adjoint;
        let p = GraphPoint {
            graph: &self.g.graph,
            values: &self.g.values,
            backward: &self.g.backward,
        };
        let (m, d) = mistake(&p, node.id, adjoint, a, t, self.tol);
        match voice {
            Voice::Student => (m, d),
            Voice::Key => (format!("{m} (it is {})", text::num_sig(t, 7)), d),
        }
    }
}

/// What judging a grid's cells found.
#[derive(Default)]
struct Judged {
    verdicts: Vec<CellVerdict>,
    /// The ids of the wrong cells.
    wrong: Vec<String>,
    /// One message per diagnosis (and one plain miss), in the order found.
    findings: Vec<(String, Option<Diagnosis>)>,
    /// The verdict on the first cell that does not read, if one does not.
    first_read_error: Option<Verdict>,
}

/// The verdict on a grid that read, with `wrong` of its `total` cells wrong.
fn summary(
    wrong: Vec<String>,
    mut findings: Vec<(String, Option<Diagnosis>)>,
    total: usize,
) -> Verdict {
    if wrong.is_empty() {
        return Verdict::correct(format!("Correct: all {total} cells are right."));
    }
    let head = if wrong.len() == 1 {
        format!("1 of {total} cells is wrong")
    } else {
        format!("{} of {total} cells are wrong", wrong.len())
    };
    // The most telling finding first: a recognised mistake before a plain miss.
    findings.sort_by_key(|f| f.1.is_none());
    let (msg, diagnosis) = findings
        .first()
        .cloned()
        .unwrap_or_else(|| (String::new(), None));
    Verdict::incorrect(format!("{head}. {msg}"), diagnosis)
}

/// Why `a` is not the truth `t` of node `id`'s value, or of its adjoint (`adjoint`), at
/// `p`: a recognised mistake of the backward pass, the sign, too few digits, or too large or
/// too small. Graph exercises' cells and the tutor's predicted adjoints share it.
pub(crate) fn mistake(
    p: &GraphPoint,
    id: usize,
    adjoint: bool,
    a: f64,
    t: f64,
    tol: Tolerance,
) -> (String, Option<Diagnosis>) {
    let shown = text::num_sig(a, 10);
    let ok = |x: f64, y: f64| number_ok(x, y, 0.0, tol);
    if !a.is_finite() {
        return (
            format!("{shown} is not a finite number"),
            Some(Diagnosis::Undefined),
        );
    }
    if adjoint {
        if let Some(found) = adjoint_mistake(p, id, a, t, tol) {
            return found;
        }
    }
    if !ok(0.0, t) && ok(-a, t) {
        return (format!("{shown} has the wrong sign"), Some(Diagnosis::Sign));
    }
    if number_close(a, t, 0.0, tol) {
        return (
            format!(
                "{shown} is close, but not right {}: keep more digits",
                describe(tol)
            ),
            Some(Diagnosis::Rounded),
        );
    }
    let direction = if a > t { "too large" } else { "too small" };
    (format!("{shown} is not right: it is {direction}"), None)
}

/// The two mistakes of the backward pass in an adjoint `a` of node `id` (truth `t`): a shared
/// node's adjoint along one path only, a local derivative without its upstream adjoint.
fn adjoint_mistake(
    p: &GraphPoint,
    id: usize,
    a: f64,
    t: f64,
    tol: Tolerance,
) -> Option<(String, Option<Diagnosis>)> {
    let shown = text::num_sig(a, 10);
    let ok = |x: f64, y: f64| number_ok(x, y, 0.0, tol);
    let g = p.graph;
    let f = g.label(g.output());
    let label = g.label(id);
    let edges: Vec<_> = p.backward.into_node(id).collect();
    let up = |from: usize| p.backward.adjoints[from].unwrap_or(f64::NAN);
    // One path of a shared node.
    if edges.len() > 1 {
        if let Some(e) = edges
            .iter()
            .find(|e| ok(a, up(e.from) * e.local) && !ok(up(e.from) * e.local, t))
        {
            let terms: Vec<String> = edges
                .iter()
                .map(|e| {
                    format!(
                        "∂{f}/∂{} · {}",
                        g.label(e.from),
                        factor(g.local_formula(e.from, e.slot, p.values))
                    )
                })
                .collect();
            return Some((
                format!(
                    "{shown} is the path through {} only; {label} feeds {} nodes, and its \
                     adjoint sums every path: ∂{f}/∂{label} = {}",
                    g.label(e.from),
                    edges.len(),
                    terms.join(" + ")
                ),
                Some(Diagnosis::OnePath),
            ));
        }
    }
    // A local derivative without the upstream adjoint.
    let e = edges
        .iter()
        .find(|e| ok(a, e.local) && !ok(e.local, t) && !ok(up(e.from), 1.0))?;
    Some((
        format!(
            "{shown} is the local derivative ∂{}/∂{label} = {} alone; the chain rule \
             multiplies it by the upstream adjoint ∂{f}/∂{} = {}",
            g.label(e.from),
            g.local_formula(e.from, e.slot, p.values),
            g.label(e.from),
            text::num_sig(up(e.from), 6)
        ),
        Some(Diagnosis::NoUpstream),
    ))
}
