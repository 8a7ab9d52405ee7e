//! The graph drawn as a tree in text, computed once when the screen is built: the output at
//! the top, each node's inputs under it joined by box-drawing edges (`├─`, `└─`, `│`), the
//! inputs and constants at the leaves. A node used by several others (a shared node) is drawn
//! in full once, marked with the nodes it flows into; where it is used again, one line points
//! back to it (`↑ shared, drawn above`), so the drawing has one line per edge at most and folds large
//! graphs. Inputs and constants are leaves and are drawn wherever they are used.

use crate::math::graph::{Graph, Op};

/// One line of the drawing.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct TreeLine {
    /// The edges to the left of the node: `│  ├─ `.
    pub prefix: String,
    pub node: usize,
    /// `v6 σ = 0.5  (shared: into v7, v11)`, or `v6 σ ↑ shared, drawn above` for a repeat.
    pub text: String,
}

/// The drawing of `graph`; `values[id]` is node `id`'s value as shown (empty when unknown).
pub(super) fn tree(graph: &Graph, values: &[String]) -> Vec<TreeLine> {
    let mut consumers: Vec<Vec<usize>> = vec![Vec::new(); graph.len()];
    for (id, n) in graph.nodes().iter().enumerate() {
        for &i in &n.inputs {
            if let Some(c) = consumers.get_mut(i) {
                c.push(id);
            }
        }
    }
    let mut t = Tree {
        graph,
        values,
        consumers,
        drawn: vec![false; graph.len()],
        lines: Vec::new(),
    };
    t.node(graph.output(), String::new(), "");
    t.lines
}

struct Tree<'a> {
    graph: &'a Graph,
    values: &'a [String],
    consumers: Vec<Vec<usize>>,
    drawn: Vec<bool>,
    lines: Vec<TreeLine>,
}

impl Tree<'_> {
    /// Draws node `id` after `edge` (its own connector) and its inputs under it, indented by
    /// `indent` (the connectors of the nodes above).
    fn node(&mut self, id: usize, indent: String, edge: &str) {
        let Some(n) = self.graph.nodes().get(id) else {
            return;
        };
        let name = format!("{} {}", self.graph.label(id), symbol(&n.op));
        let leaf = n.inputs.is_empty();
        let prefix = format!("{indent}{edge}");
        if self.drawn[id] && !leaf {
            self.lines.push(TreeLine {
                prefix,
                node: id,
                text: format!("{} ↑ shared, drawn above", name.trim_end()),
            });
            return;
        }
        self.drawn[id] = true;
        let mut text = name.trim_end().to_string();
        let constant = matches!(n.op, Op::Const(_));
        if let Some(v) = self.values.get(id).filter(|v| !v.is_empty() && !constant) {
            text.push_str(&format!(" = {v}"));
        }
        let into = &self.consumers[id];
        if into.len() > 1 && !leaf {
            let names: Vec<String> = into.iter().map(|&c| self.graph.label(c)).collect();
            text.push_str(&format!("  (shared: into {})", names.join(", ")));
        }
        self.lines.push(TreeLine {
            prefix,
            node: id,
            text,
        });
        let child_indent = match edge {
            "├─ " => format!("{indent}│  "),
            "└─ " => format!("{indent}   "),
            _ => indent,
        };
        let inputs = n.inputs.clone();
        for (k, &i) in inputs.iter().enumerate() {
            let e = if k + 1 == inputs.len() {
                "└─ "
            } else {
                "├─ "
            };
            self.node(i, child_indent.clone(), e);
        }
    }
}

/// The operation as the drawing names it: `+`, `·`, `σ`, `ln`; nothing for inputs and
/// constants (their label says it).
fn symbol(op: &Op) -> &'static str {
    match op {
        Op::Input(_) | Op::Const(_) => "",
        Op::Add => "+",
        Op::Sub => "−",
        Op::Mul => "·",
        Op::Div => "/",
        Op::Pow => "^",
        Op::Neg => "neg",
        Op::Call(f) if f.name() == "sigmoid" => "σ",
        Op::Call(f) => f.name(),
    }
}
