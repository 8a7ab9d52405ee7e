//! The forward and backward passes, and the local derivative of every operation with the
//! formula a student would write for it.

use super::{Function, Graph, GraphError, Op};
use crate::math::functions::{sigmoid, Func};

/// One edge of the backward pass: the consumer node `from` passes its adjoint to its input
/// `to` (in argument position `slot`) times the local derivative ∂from/∂to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub slot: usize,
    pub to: usize,
    pub local: f64,
}

/// The result of the backward pass.
#[derive(Clone, Debug, PartialEq)]
pub struct Backward {
    /// ∂f/∂node for each node; `None` only for a constant whose adjoint does not exist at the
    /// point (see [`Graph::backward`]).
    pub adjoints: Vec<Option<f64>>,
    /// Every edge with a local derivative, in the order the backward pass used them (consumers
    /// from the output down): each adds `adjoint[from] · local` to `adjoint[to]`.
    pub edges: Vec<Edge>,
}

impl Backward {
    /// The edges that make up node `id`'s adjoint, in the order they were summed.
    pub fn into_node(&self, id: usize) -> impl Iterator<Item = &Edge> {
        self.edges.iter().filter(move |e| e.to == id)
    }
}

/// Why a local derivative does not exist.
type Why = String;

/// A factor after `·` or a term after `+`, in parentheses when it starts with a minus sign or
/// is itself a sum: `∂f/∂v · (−1)`, `(1 − tanh²(x))`.
pub fn factor(s: String) -> String {
    let mut depth = 0i32;
    let mut sum = false;
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            // a binary + or −, written with spaces around it
            '+' | '−' if depth == 0 && i > 0 && chars[i - 1] == ' ' => sum = true,
            _ => {}
        }
    }
    if s.starts_with('−') || sum {
        format!("({s})")
    } else {
        s
    }
}

fn num(x: f64) -> String {
    let s = format!("{x}");
    match s.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

impl Graph {
    /// Every node's value at `at` (one value per input), NaN or infinite where a value does not
    /// exist: for showing a failed evaluation up to the node that failed.
    pub fn values(&self, at: &[f64]) -> Vec<f64> {
        let mut v = Vec::with_capacity(self.nodes.len());
        for n in &self.nodes {
            let x = |k: usize| n.inputs.get(k).map_or(f64::NAN, |&i| v[i]);
            let y = match n.op {
                Op::Input(i) => at.get(i).copied().unwrap_or(f64::NAN),
                Op::Const(c) => c,
                Op::Add => x(0) + x(1),
                Op::Sub => x(0) - x(1),
                Op::Mul => x(0) * x(1),
                Op::Div => x(0) / x(1),
                // as the expression itself computes it (e^u by exp and integer powers by
                // multiplication where the base or the exponent is a constant)
                Op::Pow => {
                    let constant =
                        |k: usize| n.inputs.get(k).is_some_and(|&i| !self.nodes[i].varying);
                    crate::math::program::pow_as_compiled(x(0), x(1), constant(0), constant(1))
                }
                Op::Neg => -x(0),
                Op::Call(Function(f)) => if n.inputs.len() == 1 {
                    f.apply(&[x(0)])
                } else {
                    let args: Vec<f64> = n.inputs.iter().map(|&i| v[i]).collect();
                    f.apply(&args)
                }
                .unwrap_or(f64::NAN),
            };
            v.push(y);
        }
        v
    }

    /// Every node's value at `at`, or the first node (in evaluation order) whose value is not a
    /// finite number.
    pub fn forward(&self, at: &[f64]) -> Result<Vec<f64>, GraphError> {
        if at.len() != self.input_count() {
            return Err(GraphError::Inputs {
                expected: self.input_count(),
                got: at.len(),
            });
        }
        let v = self.values(at);
        if let Some(node) = v.iter().position(|x| !x.is_finite()) {
            return Err(GraphError::Undefined {
                node,
                expr: self.expr(node),
                why: self.why_undefined(node, &v),
            });
        }
        Ok(v)
    }

    fn why_undefined(&self, id: usize, v: &[f64]) -> String {
        let n = &self.nodes[id];
        let args: Vec<String> = n.inputs.iter().map(|&i| num(v[i])).collect();
        let what = match n.op {
            Op::Input(_) | Op::Const(_) => return format!("its value is {}", num(v[id])),
            Op::Div => format!("{} / {}", args[0], args[1]),
            Op::Pow => format!("{} ^ {}", args[0], args[1]),
            _ => format!("{}({})", n.op.name(), args.join(", ")),
        };
        if v[id].is_nan() {
            format!("{what} has no value")
        } else {
            format!("{what} is {}", num(v[id]))
        }
    }

    /// The backward pass from the output (adjoint 1) with the values of [`Graph::forward`].
    ///
    /// Every node gets its adjoint by the same rule, constants included: ∂f/∂c says how f
    /// would change with the constant c. A constant's adjoint is `None` only where it does not
    /// exist (an edge out of it has no local derivative: the exponent 2 of x² at x < 0, as
    /// x^c has no value for c near 2 there); that never stops the pass. A varying node's edge
    /// without a local derivative does: there is no gradient.
    pub fn backward(&self, values: &[f64]) -> Result<Backward, GraphError> {
        if values.len() != self.nodes.len() {
            return Err(GraphError::Inputs {
                expected: self.nodes.len(),
                got: values.len(),
            });
        }
        let mut adjoints: Vec<Option<f64>> = vec![Some(0.0); self.nodes.len()];
        adjoints[self.output] = Some(1.0);
        let mut edges = Vec::with_capacity(self.nodes.len() * 2);
        for id in (0..=self.output).rev() {
            let n = &self.nodes[id];
            let Some(upstream) = adjoints[id] else {
                // A constant without an adjoint: its inputs (constants) have none either.
                for &to in &n.inputs {
                    adjoints[to] = None;
                }
                continue;
            };
            for (slot, &to) in n.inputs.iter().enumerate() {
                let local = match self.local(id, slot, values) {
                    Ok(d) => d,
                    Err(why) if self.nodes[to].varying => {
                        return Err(GraphError::NotDifferentiable {
                            node: id,
                            expr: self.expr(id),
                            why,
                        })
                    }
                    Err(_) => {
                        adjoints[to] = None;
                        continue;
                    }
                };
                if let Some(a) = adjoints[to].as_mut() {
                    *a += upstream * local;
                    if !a.is_finite() && !self.nodes[to].varying {
                        adjoints[to] = None;
                    }
                }
                edges.push(Edge {
                    from: id,
                    slot,
                    to,
                    local,
                });
            }
        }
        Ok(Backward { adjoints, edges })
    }

    /// The gradient at `at`: the inputs' adjoints, with the values and the backward pass.
    pub fn gradient(&self, at: &[f64]) -> Result<(Vec<f64>, Backward, Vec<f64>), GraphError> {
        let values = self.forward(at)?;
        let back = self.backward(&values)?;
        let grad = (0..self.input_count())
            .map(|i| back.adjoints[i].unwrap_or(0.0))
            .collect();
        Ok((grad, back, values))
    }

    /// ∂node/∂(its input in position `slot`) at `values`.
    pub fn local(&self, id: usize, slot: usize, values: &[f64]) -> Result<f64, String> {
        let n = &self.nodes[id];
        let x = |k: usize| n.inputs.get(k).map_or(f64::NAN, |&i| values[i]);
        let y = values[id];
        let d = match n.op {
            Op::Input(_) | Op::Const(_) => return Err("it has no inputs".into()),
            Op::Add => 1.0,
            Op::Sub => [1.0, -1.0][slot.min(1)],
            Op::Mul => x(1 - slot.min(1)),
            Op::Div => {
                if slot == 0 {
                    1.0 / x(1)
                } else {
                    -x(0) / (x(1) * x(1))
                }
            }
            Op::Neg => -1.0,
            Op::Pow => {
                let (a, b) = (x(0), x(1));
                if slot == 0 {
                    if b == 0.0 {
                        0.0
                    } else if a == 0.0 && b < 1.0 {
                        return Err(format!(
                            "the power's slope at base 0 with exponent {} is infinite",
                            num(b)
                        ));
                    } else {
                        b * a.powf(b - 1.0)
                    }
                } else if a > 0.0 {
                    y * a.ln()
                } else if a == 0.0 && b > 0.0 {
                    0.0
                } else {
                    return Err(format!(
                        "a power whose exponent varies needs a positive base, and the base is {}",
                        num(a)
                    ));
                }
            }
            Op::Call(Function(f)) => function_slope(f, slot, &n.inputs, values, y)?,
        };
        if d.is_finite() {
            Ok(d)
        } else {
            Err(format!("its local derivative is {}", num(d)))
        }
    }

    /// The formula of the local derivative ∂node/∂(input `slot`), in the nodes' labels:
    /// `σ′(z)`, `cos(x)`, `2·x`, `−1`, `y`, `1/v3`.
    pub fn local_formula(&self, id: usize, slot: usize, values: &[f64]) -> String {
        let n = &self.nodes[id];
        let name = |k: usize| {
            n.inputs
                .get(k)
                .map_or_else(|| "?".to_string(), |&i| self.label(i))
        };
        let a = name(0);
        let sq = |s: &str| format!("{s}²");
        match n.op {
            Op::Input(_) | Op::Const(_) => String::new(),
            Op::Add => "1".into(),
            Op::Sub => if slot == 0 { "1" } else { "−1" }.into(),
            Op::Mul => name(1 - slot.min(1)),
            Op::Div => {
                if slot == 0 {
                    format!("1/{}", name(1))
                } else {
                    format!("−{a}/{}", sq(&name(1)))
                }
            }
            Op::Neg => "−1".into(),
            Op::Pow => {
                let b = n.inputs.get(1).copied();
                if slot == 1 {
                    // e^u: the slope is the node's own value
                    let base_is_e = n.inputs.first().is_some_and(|&i| {
                        matches!(self.nodes[i].leaf, Some(crate::math::ast::Node::E))
                    });
                    return if base_is_e {
                        self.label(id)
                    } else {
                        format!("{}·ln({a})", self.label(id))
                    };
                }
                match b.map(|i| (&self.nodes[i], values.get(i).copied())) {
                    Some((bn, Some(e))) if !bn.varying => {
                        let k = e - 1.0;
                        let power = if k == 1.0 {
                            a.clone()
                        } else if k == 0.0 {
                            return num(e);
                        } else if k.fract() == 0.0 && k.abs() < 1e6 {
                            format!("{a}{}", crate::math::ast::preview_sup(k).replace('^', ""))
                        } else {
                            format!("{a}^({})", num(k))
                        };
                        if e == 1.0 {
                            power
                        } else {
                            format!("{}·{power}", num(e))
                        }
                    }
                    _ => {
                        let b = name(1);
                        format!("{b}·{a}^({b} − 1)")
                    }
                }
            }
            Op::Call(Function(f)) => self.function_formula(f, id, slot, values, &a),
        }
    }

    /// The formula of a function's slope with respect to argument `slot`, its first argument
    /// named `a`: `cos(a)`, `σ′(a)`, `1 (x is the largest)`.
    fn function_formula(&self, f: Func, id: usize, slot: usize, values: &[f64], a: &str) -> String {
        let n = &self.nodes[id];
        let name = |k: usize| {
            n.inputs
                .get(k)
                .map_or_else(|| "?".to_string(), |&i| self.label(i))
        };
        let sq = |s: &str| format!("{s}²");
        match f {
            Func::Sin => format!("cos({a})"),
            Func::Cos => format!("−sin({a})"),
            Func::Tan => format!("1/cos²({a})"),
            Func::Sec => format!("sec({a})·tan({a})"),
            Func::Csc => format!("−csc({a})·cot({a})"),
            Func::Cot => format!("−1/sin²({a})"),
            Func::Asin => format!("1/√(1 − {})", sq(a)),
            Func::Acos => format!("−1/√(1 − {})", sq(a)),
            Func::Atan => format!("1/(1 + {})", sq(a)),
            Func::Sinh => format!("cosh({a})"),
            Func::Cosh => format!("sinh({a})"),
            Func::Tanh => format!("1 − tanh²({a})"),
            Func::Asinh => format!("1/√({} + 1)", sq(a)),
            Func::Acosh => format!("1/√({} − 1)", sq(a)),
            Func::Atanh => format!("1/(1 − {})", sq(a)),
            Func::Exp => format!("exp({a})"),
            Func::Ln => format!("1/{a}"),
            Func::Log10 => format!("1/({a}·ln 10)"),
            Func::Log2 => format!("1/({a}·ln 2)"),
            Func::Sqrt => format!("1/(2·√{a})"),
            Func::Abs => format!("sign({a})"),
            Func::Sigmoid => format!("σ′({a})"),
            Func::Relu => format!("step({a})"),
            Func::Min | Func::Max => {
                let which = if f == Func::Min {
                    "smallest"
                } else {
                    "largest"
                };
                let d = self.local(id, slot, values).unwrap_or(f64::NAN);
                if d == 1.0 {
                    format!("1 ({} is the {which})", name(slot))
                } else {
                    format!("0 ({} is not the {which})", name(slot))
                }
            }
        }
    }
}

/// The slope of function `f` with respect to argument `slot`, at input values `values[inputs]`
/// and output `y`.
fn function_slope(
    f: Func,
    slot: usize,
    inputs: &[usize],
    values: &[f64],
    y: f64,
) -> Result<f64, Why> {
    let x = inputs.first().map_or(f64::NAN, |&i| values[i]);
    let kink = |what: &str| Err(format!("{what} has a kink at {} (no slope)", num(x)));
    Ok(match f {
        Func::Sin => x.cos(),
        Func::Cos => -x.sin(),
        Func::Tan => 1.0 / (x.cos() * x.cos()),
        Func::Sec => y * x.tan(),
        Func::Csc => -y / x.tan(),
        Func::Cot => -1.0 / (x.sin() * x.sin()),
        Func::Asin | Func::Acos => {
            if x.abs() >= 1.0 {
                return Err(format!("{} has an infinite slope at {}", f.name(), num(x)));
            }
            let d = 1.0 / (1.0 - x * x).sqrt();
            if f == Func::Asin {
                d
            } else {
                -d
            }
        }
        Func::Atan => 1.0 / (1.0 + x * x),
        Func::Sinh => x.cosh(),
        Func::Cosh => x.sinh(),
        Func::Tanh => 1.0 - y * y,
        // without squaring x, which overflows past 1e154 and made the slope 0
        Func::Asinh => 1.0 / x.hypot(1.0),
        Func::Acosh => 1.0 / ((x - 1.0).sqrt() * (x + 1.0).sqrt()),
        Func::Atanh => 1.0 / (1.0 - x * x),
        Func::Exp => y,
        Func::Ln => 1.0 / x,
        Func::Log10 => 1.0 / (x * std::f64::consts::LN_10),
        Func::Log2 => 1.0 / (x * std::f64::consts::LN_2),
        Func::Sqrt => {
            if x == 0.0 {
                return Err("√ has an infinite slope at 0".into());
            }
            0.5 / y
        }
        Func::Abs => {
            if x == 0.0 {
                return kink("|x|");
            }
            x.signum()
        }
        Func::Sigmoid => {
            let s = sigmoid(x);
            s * (1.0 - s)
        }
        Func::Relu => {
            if x == 0.0 {
                return kink("relu");
            }
            if x > 0.0 {
                1.0
            } else {
                0.0
            }
        }
        Func::Min | Func::Max => min_max_slope(f, slot, inputs, values, y)?,
    })
}

/// The slope of `min` or `max` with respect to argument `slot`: 1 for the argument holding the
/// result, 0 for the others.
fn min_max_slope(
    f: Func,
    slot: usize,
    inputs: &[usize],
    values: &[f64],
    y: f64,
) -> Result<f64, Why> {
    // The first argument holding the result wins; another argument (a different node) with the
    // same value is a tie, where min and max have no slope.
    let Some(win) = inputs.iter().position(|&i| values[i] == y) else {
        return Err(format!("{} has no value", f.name()));
    };
    let winner = inputs[win];
    if inputs.iter().any(|&i| i != winner && values[i] == y) {
        return Err(format!("{} has a tie at {} (no slope)", f.name(), num(y)));
    }
    Ok(if slot == win { 1.0 } else { 0.0 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::{Expr, Scope};

    fn graph(src: &str, vars: &[&str]) -> Graph {
        Graph::new(&Expr::parse(src, &Scope::new(vars)).unwrap()).unwrap()
    }

    #[test]
    fn local_formulas_use_the_nodes_labels() {
        let g = graph("sigmoid(x)^3 + y/x", &["x", "y"]);
        let v = g.forward(&[0.5, 2.0]).unwrap();
        let s = g.find("σ(x)").unwrap();
        assert_eq!(g.local_formula(s, 0, &v), "σ′(x)");
        let p = g.find("σ(x)^3").unwrap();
        assert_eq!(g.local_formula(p, 0, &v), format!("3·v{s}²"));
        let d = g.find("y/x").unwrap();
        assert_eq!(g.local_formula(d, 0, &v), "1/x");
        assert_eq!(g.local_formula(d, 1, &v), "−y/x²");
    }

    #[test]
    fn min_and_max_pass_the_slope_to_the_winner_only() {
        let g = graph("max(x, y, x)", &["x", "y"]);
        let (grad, _, _) = g.gradient(&[3.0, 1.0]).unwrap();
        assert_eq!(grad, [1.0, 0.0]);
        let err = g.gradient(&[2.0, 2.0]).unwrap_err();
        assert!(
            matches!(err, GraphError::NotDifferentiable { node: 2, .. }),
            "{err}"
        );
    }
}
