//! The computational graph of an expression: what JAX's `grad` does, node by node.
//!
//! CONTRACT:
//! - [`Graph::new`] breaks an [`Expr`] into basic operations: one node per input (every variable
//!   of the scope, in scope order, ids `0..n`), constant (a number, a named constant, π, e) and
//!   operation (`add`, `sub`, `mul`, `div`, `pow`, `neg`, or a function such as `sin`,
//!   `sigmoid`). Ids are in evaluation order: every node comes after its inputs.
//! - Shared subexpressions are one node: subtrees are hashed by their structure (the operation
//!   and the ids of its inputs), so `σ(w·x + b)` written twice is one node with two outgoing
//!   edges. Only the same structure is shared: `x·y` and `y·x` are two nodes.
//! - Sums and products of several terms become a chain of binary operations from the left
//!   (`a + b − c` is `sub(add(a, b), c)`), as they are evaluated.
//! - [`Graph::forward`] gives every node's value at a point, or the first node (in evaluation
//!   order) whose value is not a finite number. [`Graph::backward`] runs the chain rule from the
//!   output (adjoint 1) back to the inputs: each node's adjoint ∂f/∂node is the sum, over the
//!   edges leaving it, of the consumer's adjoint times the edge's local derivative. A node used
//!   twice therefore sums both paths (the multivariable chain rule). The inputs' adjoints are
//!   the gradient. Constant nodes (no input below them) get their adjoint by the same rule:
//!   ∂f/∂c, how f would change with the constant (the exponent's adjoint in x² is x²·ln(x)·…),
//!   `None` only where it does not exist. They are not part of the gradient, as JAX's `grad`
//!   differentiates only with respect to the arguments, so [`Graph::steps`] leaves them out.
//! - A local derivative that does not exist (|x| or relu at 0, √x at 0, a tie in min/max, a
//!   power with a varying exponent and a base ≤ 0) stops the backward pass with the node.
//!
//! `eval` holds the forward and backward passes and the local derivatives of every operation,
//! with the formulas shown to students (`σ′(z)`, `cos(x)`, `2·x`).

mod eval;
mod steps;

pub use eval::{factor, Backward, Edge};
pub use steps::{adjoint_name, show, BackStep, How};

use super::ast::{self, Node};
use super::functions::{Aggregate, Func};
use super::names::Names;
use super::Expr;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A built-in function applied by a graph node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Function(Func);

impl Function {
    /// The canonical name: `sin`, `exp`, `ln`, `sigmoid`, `max`, ...
    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

/// What a node does with its inputs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    /// The scope's variable with this index.
    Input(usize),
    /// A number, a named constant, π or e.
    Const(f64),
    Add,
    Sub,
    Mul,
    Div,
    /// `inputs[0] ^ inputs[1]`.
    Pow,
    Neg,
    Call(Function),
}

impl Op {
    /// The name in `gradtutor graph --json`: `input`, `const`, `add`, `sub`, `mul`, `div`,
    /// `pow`, `neg`, or the function's name.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Input(_) => "input",
            Op::Const(_) => "const",
            Op::Add => "add",
            Op::Sub => "sub",
            Op::Mul => "mul",
            Op::Div => "div",
            Op::Pow => "pow",
            Op::Neg => "neg",
            Op::Call(f) => f.name(),
        }
    }
}

/// One node: its operation and the ids of its inputs, in order (the same id twice for `x·x`).
#[derive(Clone, Debug, PartialEq)]
pub struct GraphNode {
    pub op: Op,
    pub inputs: Vec<usize>,
    /// Whether an input flows into this node (it is differentiated).
    pub varying: bool,
    /// For a constant: how it was written (a number, a named constant, π, e).
    leaf: Option<Node>,
}

/// Why there is no graph, or no value or derivative at a point.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GraphError {
    #[error("{what}(...) over data columns has no graph here: give the function of one row")]
    Aggregate { what: &'static str },
    #[error("the graph has {expected} inputs but {got} values were given")]
    Inputs { expected: usize, got: usize },
    #[error("not defined at this point: node {node}, {expr}, {why}")]
    Undefined {
        node: usize,
        expr: String,
        why: String,
    },
    #[error("not differentiable at this point: node {node}, {expr}, {why}")]
    NotDifferentiable {
        node: usize,
        expr: String,
        why: String,
    },
}

impl GraphError {
    /// The node where evaluation or differentiation failed.
    pub fn node(&self) -> Option<usize> {
        match self {
            GraphError::Undefined { node, .. } | GraphError::NotDifferentiable { node, .. } => {
                Some(*node)
            }
            _ => None,
        }
    }
}

/// The computational graph of an expression (see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub struct Graph {
    nodes: Vec<GraphNode>,
    output: usize,
    names: Names,
    params: Vec<f64>,
    /// Names given to nodes with [`Graph::set_label`] (empty until one is given).
    labels: Vec<Option<String>>,
}

/// The structure a node is hashed by.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Input(usize),
    /// The value's bits and how it was written (`π` and `3.14159…` are two constants).
    Const(u64, u8, usize),
    /// An operation on one or two inputs (the second is `usize::MAX` for one): no allocation.
    Op(&'static str, usize, usize),
    /// A function of more arguments (`max(a, b, c)`).
    OpN(&'static str, Vec<usize>),
}

fn op_key(op: &Op, inputs: &[usize]) -> Key {
    match inputs {
        [a] => Key::Op(op.name(), *a, usize::MAX),
        [a, b] => Key::Op(op.name(), *a, *b),
        _ => Key::OpN(op.name(), inputs.to_vec()),
    }
}

/// A multiply-rotate hash (the one rustc uses, "FxHash"): the keys are a few small integers
/// built by this module, not input an attacker chooses, and SipHash was two thirds of the time
/// of building a graph.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Seen = HashMap<Key, usize, BuildHasherDefault<FxHasher>>;

struct Builder<'d> {
    nodes: Vec<GraphNode>,
    seen: Seen,
    /// Data columns, for a function with aggregates over data rows (see [`Graph::with_data`]).
    data: &'d [Vec<f64>],
    /// The data row being built, inside an aggregate.
    row: Option<usize>,
}

impl Builder<'_> {
    fn add(&mut self, key: Key, op: Op, inputs: Vec<usize>, leaf: Option<Node>) -> usize {
        if let Some(&id) = self.seen.get(&key) {
            return id;
        }
        let varying = matches!(op, Op::Input(_)) || inputs.iter().any(|&i| self.nodes[i].varying);
        let id = self.nodes.len();
        self.nodes.push(GraphNode {
            op,
            inputs,
            varying,
            leaf,
        });
        self.seen.insert(key, id);
        id
    }

    fn op(&mut self, op: Op, inputs: Vec<usize>) -> usize {
        self.add(op_key(&op, &inputs), op, inputs, None)
    }

    fn constant(&mut self, value: f64, kind: u8, index: usize, leaf: &Node) -> usize {
        self.add(
            Key::Const(value.to_bits(), kind, index),
            Op::Const(value),
            Vec::new(),
            Some(leaf.clone()),
        )
    }

    /// `sum`, `prod` or `mean` of `body` over the data rows, spelled out: the body once per row
    /// with that row's data as numbers, chained from the left (`mean` then divides by the
    /// number of rows), as the evaluator adds them up.
    fn aggregate(
        &mut self,
        a: Aggregate,
        body: &Node,
        params: &[f64],
    ) -> Result<usize, GraphError> {
        let rows = self.data.first().map_or(0, Vec::len);
        if rows == 0 || self.row.is_some() {
            return Err(GraphError::Aggregate { what: a.name() });
        }
        let op = if a == Aggregate::Prod {
            Op::Mul
        } else {
            Op::Add
        };
        let mut acc: Option<usize> = None;
        for r in 0..rows {
            self.row = Some(r);
            let t = self.build(body, params);
            self.row = None;
            let t = t?;
            acc = Some(match acc {
                None => t,
                Some(prev) => self.op(op, vec![prev, t]),
            });
        }
        let acc = acc.ok_or(GraphError::Aggregate { what: a.name() })?;
        Ok(if a == Aggregate::Mean {
            let n = rows as f64;
            let n = self.constant(n, 0, 0, &Node::Num(n));
            self.op(Op::Div, vec![acc, n])
        } else {
            acc
        })
    }

    /// Adds the nodes of `node`'s tree (post-order) and returns the id of its root.
    fn build(&mut self, node: &Node, params: &[f64]) -> Result<usize, GraphError> {
        Ok(match node {
            Node::Num(x) => self.constant(*x, 0, 0, node),
            Node::Param(i) => {
                let v = params.get(*i).copied().unwrap_or(f64::NAN);
                self.constant(v, 1, *i, node)
            }
            Node::Pi => self.constant(std::f64::consts::PI, 2, 0, node),
            Node::E => self.constant(std::f64::consts::E, 3, 0, node),
            Node::Var(i) => self.add(Key::Input(*i), Op::Input(*i), Vec::new(), None),
            Node::Column(c) => {
                let value = self.row.and_then(|r| self.data.get(*c)?.get(r).copied());
                let Some(v) = value else {
                    return Err(GraphError::Aggregate {
                        what: "a data column",
                    });
                };
                self.constant(v, 0, 0, &Node::Num(v))
            }
            Node::Agg(a, body) => self.aggregate(*a, body, params)?,
            Node::Neg(a) => {
                let a = self.build(a, params)?;
                self.op(Op::Neg, vec![a])
            }
            Node::Sum(terms) | Node::Product(terms) => {
                let (plain, inverse) = if matches!(node, Node::Sum(_)) {
                    (Op::Add, Op::Sub)
                } else {
                    (Op::Mul, Op::Div)
                };
                let mut acc: Option<usize> = None;
                for (inv, t) in terms {
                    let t = self.build(t, params)?;
                    acc = Some(match acc {
                        None => t,
                        Some(a) => self.op(if *inv { inverse } else { plain }, vec![a, t]),
                    });
                }
                acc.ok_or(GraphError::Aggregate {
                    what: "an empty sum",
                })?
            }
            Node::Implicit(factors) => {
                let mut acc: Option<usize> = None;
                for f in factors {
                    let f = self.build(f, params)?;
                    acc = Some(match acc {
                        None => f,
                        Some(a) => self.op(Op::Mul, vec![a, f]),
                    });
                }
                acc.ok_or(GraphError::Aggregate {
                    what: "an empty product",
                })?
            }
            Node::Pow(a, b) => {
                let a = self.build(a, params)?;
                let b = self.build(b, params)?;
                self.op(Op::Pow, vec![a, b])
            }
            Node::Call(f, args) => {
                let mut ids = Vec::with_capacity(args.len());
                for a in args {
                    ids.push(self.build(a, params)?);
                }
                self.op(Op::Call(Function(*f)), ids)
            }
        })
    }
}

impl Graph {
    /// The graph of `expr`, with one input node per variable of its scope (used or not).
    /// Fails only for data aggregates (`sum(...)` over columns), which have no graph here.
    pub fn new(expr: &Expr) -> Result<Graph, GraphError> {
        Graph::with_data(expr, &[])
    }

    /// The graph of `expr` whose aggregates (`sum`, `prod`, `mean` over data rows) are spelled
    /// out row by row with `columns` (in the scope's column order) as numbers: the mean log loss
    /// of eight examples is eight log losses added up and divided by 8. Fails for aggregates
    /// without data.
    pub fn with_data(expr: &Expr, columns: &[Vec<f64>]) -> Result<Graph, GraphError> {
        let (root, names, params) = expr.parts();
        let nvars = expr.var_count();
        let mut size = 0;
        root.visit(&mut |_| size += 1);
        let rows = columns.first().map_or(1, |c| c.len().max(1));
        let size = size * rows;
        let mut b = Builder {
            nodes: Vec::with_capacity(nvars + size),
            seen: Seen::with_capacity_and_hasher(nvars + size, Default::default()),
            data: columns,
            row: None,
        };
        for i in 0..nvars {
            b.add(Key::Input(i), Op::Input(i), Vec::new(), None);
        }
        let output = b.build(root, params)?;
        Ok(Graph {
            nodes: b.nodes,
            output,
            names: names.clone(),
            params: params.to_vec(),
            labels: Vec::new(),
        })
    }

    /// The nodes in evaluation order; a node's id is its index.
    pub fn nodes(&self) -> &[GraphNode] {
        &self.nodes
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The id of the node whose value is the function's.
    pub fn output(&self) -> usize {
        self.output
    }

    /// The number of inputs (the scope's variables): nodes `0..n`.
    pub fn input_count(&self) -> usize {
        self.names.vars.len()
    }

    /// The variables' names, in input order.
    pub fn vars(&self) -> &[String] {
        &self.names.vars
    }

    /// What node `id` is called in derivations: a name given with [`Graph::set_label`], else
    /// the variable's name for an input, the constant as written (`2`, `π`, `w`), `f` for the
    /// output, `v{id}` for any other node.
    pub fn label(&self, id: usize) -> String {
        if let Some(Some(l)) = self.labels.get(id) {
            return l.clone();
        }
        match self.nodes.get(id).map(|n| n.op) {
            Some(Op::Input(i)) => self.names.vars.get(i).cloned().unwrap_or_default(),
            Some(Op::Const(_)) => self.expr(id),
            Some(_) if id == self.output => "f".to_string(),
            _ => format!("v{id}"),
        }
    }

    /// Names node `id` for derivations (an exercise's `names` table: `z`, `a`, `L`).
    pub fn set_label(&mut self, id: usize, label: impl Into<String>) {
        if id < self.nodes.len() {
            self.labels.resize(self.nodes.len(), None);
            self.labels[id] = Some(label.into());
        }
    }

    /// The node's subexpression in answer-language syntax, as the preview writes it
    /// (`σ(w·x + b)`); it reads back through [`Expr::parse`] in the same scope to the same values
    /// (when it is within the length limit: the preview spaces its operators).
    pub fn expr(&self, id: usize) -> String {
        match self.tree(id) {
            Some(t) => ast::preview(&t, &self.names, &self.params),
            None => String::new(),
        }
    }

    /// Every node's subexpression, in one pass ([`Graph::expr`] for each id).
    pub fn exprs(&self) -> Vec<String> {
        (0..self.nodes.len()).map(|id| self.expr(id)).collect()
    }

    /// The id of the node whose subexpression is `expr` (written in the graph's scope), if
    /// any: `σ(w·x + b)` finds the sigmoid node however it is spelled.
    pub fn find(&self, src: &str) -> Option<usize> {
        let scope = super::Scope {
            vars: self.names.vars.clone(),
            params: self
                .names
                .params
                .iter()
                .cloned()
                .zip(self.params.iter().copied())
                .collect(),
            columns: Vec::new(),
            log: super::LogBase::Ln,
        };
        self.find_in(src, &scope)
    }

    /// [`Graph::find`] with `src` read in `scope` (the scope the graph's expression was read
    /// in, for its named constants and log base).
    pub fn find_in(&self, src: &str, scope: &super::Scope) -> Option<usize> {
        self.find_expr(&Expr::parse(src, scope).ok()?)
    }

    /// [`Graph::find`] with the subexpression already parsed (in the scope the graph's
    /// expression was read in): a prepared question looks its nodes up with the loader's parses.
    pub fn find_expr(&self, e: &Expr) -> Option<usize> {
        let mut b = Builder {
            nodes: Vec::with_capacity(self.nodes.len()),
            seen: Seen::with_capacity_and_hasher(self.nodes.len(), Default::default()),
            data: &[],
            row: None,
        };
        // Rebuild with this graph's nodes as the hash table, so equal structure finds equal ids.
        for (id, n) in self.nodes.iter().enumerate() {
            b.nodes.push(n.clone());
            b.seen.insert(self.key(id), id);
        }
        let before = b.nodes.len();
        let (root, _, params) = e.parts();
        let id = b.build(root, params).ok()?;
        (id < before).then_some(id)
    }

    fn key(&self, id: usize) -> Key {
        let n = &self.nodes[id];
        match (&n.op, &n.leaf) {
            (Op::Input(i), _) => Key::Input(*i),
            (Op::Const(v), Some(leaf)) => {
                let (kind, index) = match leaf {
                    Node::Param(i) => (1, *i),
                    Node::Pi => (2, 0),
                    Node::E => (3, 0),
                    _ => (0, 0),
                };
                Key::Const(v.to_bits(), kind, index)
            }
            (Op::Const(v), None) => Key::Const(v.to_bits(), 0, 0),
            (op, _) => op_key(op, &n.inputs),
        }
    }

    /// The syntax tree of node `id`'s subexpression (sums and products from the left kept
    /// flat, as they were written).
    fn tree(&self, id: usize) -> Option<Node> {
        let n = self.nodes.get(id)?;
        let arg = |k: usize| n.inputs.get(k).and_then(|&i| self.tree(i));
        Some(match n.op {
            Op::Input(i) => Node::Var(i),
            Op::Const(v) => n.leaf.clone().unwrap_or(Node::Num(v)),
            Op::Neg => Node::Neg(Box::new(arg(0)?)),
            Op::Add | Op::Sub | Op::Mul | Op::Div => {
                // Walk the chain's left spine in a loop, not by recursion: a sum of thousands
                // of terms is a chain of thousands of nodes.
                let sum = matches!(n.op, Op::Add | Op::Sub);
                let mut rights = Vec::new();
                let mut cur = id;
                while self.is_chain(cur, sum) {
                    let c = &self.nodes[cur];
                    rights.push((matches!(c.op, Op::Sub | Op::Div), *c.inputs.get(1)?));
                    cur = *c.inputs.first()?;
                }
                let mut items = Vec::with_capacity(rights.len() + 1);
                items.push((false, self.tree(cur)?));
                for (inverse, r) in rights.into_iter().rev() {
                    items.push((inverse, self.tree(r)?));
                }
                if sum {
                    Node::Sum(items)
                } else {
                    Node::Product(items)
                }
            }
            Op::Pow => Node::Pow(Box::new(arg(0)?), Box::new(arg(1)?)),
            Op::Call(Function(f)) => {
                let mut args = Vec::with_capacity(n.inputs.len());
                for &i in &n.inputs {
                    args.push(self.tree(i)?);
                }
                Node::Call(f, args)
            }
        })
    }

    /// Whether node `id` is an add/sub (`sum`) or mul/div chain link, whose tree may be extended.
    fn is_chain(&self, id: usize, sum: bool) -> bool {
        match self.nodes[id].op {
            Op::Add | Op::Sub => sum,
            Op::Mul | Op::Div => !sum,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::Scope;

    fn graph(src: &str, vars: &[&str]) -> Graph {
        Graph::new(&Expr::parse(src, &Scope::new(vars)).unwrap()).unwrap()
    }

    #[test]
    fn inputs_come_first_then_evaluation_order() {
        let g = graph("sin(x·y) + x", &["x", "y"]);
        let ops: Vec<&str> = g.nodes().iter().map(|n| n.op.name()).collect();
        assert_eq!(ops, ["input", "input", "mul", "sin", "add"]);
        assert_eq!(g.nodes()[2].inputs, [0, 1]);
        assert_eq!(g.nodes()[4].inputs, [3, 0]);
        assert_eq!(g.output(), 4);
    }

    #[test]
    fn chains_fold_from_the_left() {
        let g = graph("a + b - c", &["a", "b", "c"]);
        assert_eq!(g.nodes()[3].op, Op::Add);
        assert_eq!(g.nodes()[4].op, Op::Sub);
        assert_eq!(g.nodes()[4].inputs, [3, 2]);
        assert_eq!(g.expr(4), "a + b − c");
        assert_eq!(g.expr(3), "a + b");
    }

    #[test]
    fn labels_name_inputs_constants_operations_and_the_output() {
        let g = graph("2x + pi", &["x"]);
        let labels: Vec<String> = (0..g.len()).map(|i| g.label(i)).collect();
        assert_eq!(labels, ["x", "2", "v2", "π", "f"]);
    }

    #[test]
    fn find_locates_a_subexpression_however_it_is_written() {
        let g = graph("sigmoid(w*x + b)^2", &["w", "x", "b"]);
        let s = g.find("σ(w·x+b)").unwrap();
        assert_eq!(g.nodes()[s].op.name(), "sigmoid");
        assert_eq!(g.find("x·w"), None);
    }
}
