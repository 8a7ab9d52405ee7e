//! A `graph` exercise, prepared: the computational graph of its function at `at`, its forward
//! values and backward pass, and one answer cell per asked node and per column (`value`,
//! `adjoint`).

use super::{AnswerShape, Cell, CellId, Field, Formula, Naming, SetupError, Shape, Target};
use crate::exercise::{Exercise, GraphAsk, Kind};
use crate::math::graph::{Backward, Graph};

/// One node the exercise asks about.
#[derive(Clone, Debug, PartialEq)]
pub struct AskedNode {
    /// As written in `nodes` (a name or a subexpression).
    pub text: String,
    /// Its id in the graph.
    pub id: usize,
    /// Its name in derivations: the `names` name, else the graph's label.
    pub label: String,
}

/// The graph of a `graph` exercise with everything computed at `at`.
#[derive(Clone, Debug)]
pub struct GraphQuestion {
    pub function: Formula,
    /// Labelled with the exercise's `names` (and `f`'s name if it has one).
    pub graph: Graph,
    pub vars: Vec<String>,
    pub at: Vec<f64>,
    pub nodes: Vec<AskedNode>,
    /// The answer's columns, in order.
    pub ask: Vec<GraphAsk>,
    pub values: Vec<f64>,
    pub backward: Backward,
}

impl GraphQuestion {
    /// The truth of cell (column `k` of `ask`, row `row` of `nodes`): a value or an adjoint.
    pub fn truth(&self, k: usize, row: usize) -> Option<f64> {
        let node = self.nodes.get(row)?;
        match self.ask.get(k)? {
            GraphAsk::Value => self.values.get(node.id).copied(),
            GraphAsk::Adjoint => self.backward.adjoints.get(node.id).copied().flatten(),
        }
    }

    /// The output's name in ∂·/∂· (`L` when `names` names the whole function, else `f`).
    pub fn output_label(&self) -> String {
        self.graph.label(self.graph.output())
    }
}

/// The graph of `ex`'s function with its nodes named, its forward and backward pass at `at`,
/// the asked nodes found in it, and the answer's grid of cells.
pub(super) fn prepare(ex: &Exercise) -> Result<(GraphQuestion, AnswerShape), SetupError> {
    let Kind::Graph {
        function,
        vars,
        at,
        nodes,
        names,
        ask,
    } = &ex.kind
    else {
        return Err(SetupError::NoVariables);
    };
    if vars.is_empty() {
        return Err(SetupError::NoVariables);
    }
    let scope = ex.names().formulas(vars);
    let function = Formula::parse(ex, Field::Function, function, &scope)?;
    let mut graph =
        Graph::new(&function.expr).map_err(|e| SetupError::NoGraph { why: e.to_string() })?;
    let find = |graph: &Graph, text: &str| {
        let e = ex.parsed.parse(text, &scope).ok()?;
        graph.find_expr(&e)
    };
    for (name, text) in names {
        if let Some(id) = find(&graph, text) {
            graph.set_label(id, name.clone());
        }
    }
    let point = point(vars, at)?;
    let (_, backward, values) = graph
        .gradient(&point)
        .map_err(|e| SetupError::GraphAt { why: e.to_string() })?;
    let mut asked = Vec::with_capacity(nodes.len());
    for (index, text) in nodes.iter().enumerate() {
        let sub = names
            .iter()
            .find(|(n, _)| n == text)
            .map_or(text.as_str(), |(_, t)| t.as_str());
        let id = find(&graph, sub).ok_or_else(|| SetupError::GraphNode {
            index,
            node: text.clone(),
        })?;
        asked.push(AskedNode {
            text: text.clone(),
            id,
            label: graph.label(id),
        });
    }
    let answer = answer_shape(&graph, ask, &asked);
    Ok((
        GraphQuestion {
            function,
            graph,
            vars: vars.clone(),
            at: point,
            nodes: asked,
            ask: ask.clone(),
            values,
            backward,
        },
        answer,
    ))
}

/// `at`'s value of every variable, in `vars` order; each must be given and finite.
fn point(vars: &[String], at: &[(String, f64)]) -> Result<Vec<f64>, SetupError> {
    vars.iter()
        .map(|v| {
            at.iter()
                .find(|(n, _)| n == v)
                .map(|(_, x)| *x)
                .filter(|x| x.is_finite())
                .ok_or_else(|| SetupError::AtMissing { var: v.clone() })
        })
        .collect()
}

/// The grid: per asked column (`value`, `adjoint`), one cell per asked node.
fn answer_shape(graph: &Graph, ask: &[GraphAsk], asked: &[AskedNode]) -> AnswerShape {
    let f = graph.label(graph.output());
    let mut cells = Vec::with_capacity(ask.len() * asked.len());
    for (k, a) in ask.iter().enumerate() {
        for (row, node) in asked.iter().enumerate() {
            cells.push(Cell {
                id: CellId::Row {
                    column: a.name().to_string(),
                    row,
                },
                target: Target::TableCell { column: k, row },
                label: match a {
                    GraphAsk::Value => format!("{} (value)", node.label),
                    GraphAsk::Adjoint => format!("∂{f}/∂{}", node.label),
                },
            });
        }
    }
    AnswerShape {
        shape: Shape::Table,
        cells,
        naming: Naming {
            what: "the graph's values",
            unit: ("cell", "cells"),
        },
        vars: Vec::new(),
    }
}
