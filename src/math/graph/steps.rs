//! The backward pass as a student reads it: one step per node that the gradient depends on,
//! from the output back to the inputs, each with how its adjoint was obtained
//! (`∂f/∂z = ∂f/∂a · σ′(z) = −0.5 · 0.25 = −0.125`). `gradtutor graph` prints these steps and
//! the tutor's graph screen reveals them one at a time, so the two cannot word them apart.

use super::eval::{factor, Backward};
use super::{Graph, Op};

/// How one adjoint of the backward pass was obtained.
#[derive(Clone, Debug, PartialEq)]
pub enum How {
    /// The output's adjoint is 1.
    Output,
    /// An input the function does not use: adjoint 0.
    Unused,
    /// The sum over the edges leaving the node of the consumer's adjoint times the local
    /// derivative: each term as a formula (`∂f/∂a · σ′(z)`) and in numbers (`−0.5 · 0.25`).
    Sum {
        formulas: Vec<String>,
        numbers: Vec<String>,
    },
}

/// One step of the backward pass.
#[derive(Clone, Debug, PartialEq)]
pub struct BackStep {
    pub node: usize,
    pub adjoint: f64,
    pub how: How,
}

impl BackStep {
    /// The step as an equation: `∂f/∂z = ∂f/∂a · σ′(z) = −0.5 · 0.25 = −0.125`, `∂f/∂f = 1`,
    /// `∂f/∂y = 0` (see [`BackStep::note`] for what the last two need said).
    pub fn equation(&self, graph: &Graph) -> String {
        let d = |id: usize| adjoint_name(graph, id);
        match &self.how {
            How::Output => format!("{} = 1", d(self.node)),
            How::Unused => format!("{} = 0", d(self.node)),
            How::Sum { formulas, numbers } => format!(
                "{} = {} = {} = {}",
                d(self.node),
                formulas.join(" + "),
                numbers.join(" + "),
                show(self.adjoint)
            ),
        }
    }

    /// Why an adjoint without terms is what it is: `the output`, `f does not use it`.
    pub fn note(&self, graph: &Graph) -> Option<String> {
        match self.how {
            How::Output => Some("the output".into()),
            How::Unused => Some(format!("{} does not use it", graph.label(graph.output()))),
            How::Sum { .. } => None,
        }
    }
}

/// `∂f/∂node`, in the nodes' labels.
pub fn adjoint_name(graph: &Graph, id: usize) -> String {
    format!("∂{}/∂{}", graph.label(graph.output()), graph.label(id))
}

/// A number for reading: six significant figures, a real minus sign (`−0.125`).
pub fn show(v: f64) -> String {
    let s = crate::text::sig(v, 6);
    match s.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

impl Graph {
    /// The steps of the backward pass, in the order a student takes them: every operation
    /// node from the output down (reverse evaluation order), then the inputs in their own
    /// order, as they are the gradient. Constants are left out: they are not differentiated.
    pub fn steps(&self, values: &[f64], back: &Backward) -> Vec<BackStep> {
        let out = self.output();
        let mut order: Vec<usize> = (0..self.len())
            .rev()
            .filter(|&id| !matches!(self.nodes[id].op, Op::Input(_)) || id == out)
            .collect();
        order.extend((0..self.input_count()).filter(|&id| id != out));
        order
            .into_iter()
            .filter(|&id| self.nodes[id].varying || id == out)
            .filter_map(|id| {
                let adjoint = back.adjoints.get(id).copied().flatten()?;
                Some(BackStep {
                    node: id,
                    adjoint,
                    how: self.how(id, values, back),
                })
            })
            .collect()
    }

    fn how(&self, id: usize, values: &[f64], back: &Backward) -> How {
        if id == self.output() {
            return How::Output;
        }
        let edges: Vec<_> = back.into_node(id).collect();
        if edges.is_empty() {
            return How::Unused;
        }
        let formulas = edges
            .iter()
            .map(|e| {
                format!(
                    "{} · {}",
                    adjoint_name(self, e.from),
                    factor(self.local_formula(e.from, e.slot, values))
                )
            })
            .collect();
        let numbers = edges
            .iter()
            .enumerate()
            .map(|(k, e)| {
                let up = show(back.adjoints[e.from].unwrap_or(f64::NAN));
                let up = if k == 0 { up } else { factor(up) };
                format!("{up} · {}", factor(show(e.local)))
            })
            .collect();
        How::Sum { formulas, numbers }
    }
}
