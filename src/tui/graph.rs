//! The computational-graph screen: the nodes of a function's graph with their forward values,
//! then the backward pass stepped one node at a time (→ next, ← back), each adjoint shown with
//! how it was obtained ("∂f/∂z = ∂f/∂a · σ′(z) = −0.5 · 0.25 = −0.125"). Before a step the
//! student may predict its adjoint (`p`): the prediction is judged by the checker's rules for a
//! number (the tolerance, the diagnoses of the backward pass) and then the true value shown.
//!
//! Everything shown is computed when the screen opens or on a message ([`GraphScreen::update`]);
//! drawing (`draw.rs`) only borrows it. The screen opens with Alt-c or F6 from a graph exercise
//! (at its `at`), a gradient or derivative exercise (at its `at`, or three fifths of the way
//! across its domain), and from a worked descent example at the stepper's current point, where
//! the gradient of the backward pass is set beside the one the step uses.

mod draw;
mod tree;

use crate::check::{predict_adjoint, GraphPoint, Status};
use crate::descent::{fmt_sig, Stepper};
use crate::exercise::Tolerance;
use crate::math::graph::{adjoint_name, show, BackStep, Backward, Graph};
use crate::math::Scope;
use crate::question::{Ask, Question};
use crate::tui::keys::EditOp;
use crate::tui::widgets::input::Input;

/// What the graph screen is asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GraphMsg {
    /// Show the next adjoint of the backward pass.
    Forward,
    /// Hide the last adjoint shown.
    Back,
    /// Back to the forward pass only.
    Restart,
    /// Start typing a prediction of the next adjoint.
    StartPredict,
    PredictInput(char),
    PredictPaste(String),
    PredictEdit(EditOp),
    /// Judge the prediction, then show the adjoint.
    PredictSubmit,
    PredictCancel,
    /// Switch between the drawing of the graph and the forward table.
    ToggleDrawing,
}

/// One node's line in the forward table.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    /// id, label, op, inputs, `expression = value`.
    cells: [String; 5],
    /// The step of the backward pass that gives this node's adjoint (none for constants).
    step: Option<usize>,
}

/// One step of the backward pass as shown: the node, its adjoint, how it was obtained.
#[derive(Clone, Debug, PartialEq)]
struct Step {
    node: usize,
    /// `∂f/∂z`.
    name: String,
    adjoint: String,
    derivation: String,
}

/// The verdict on the last prediction.
#[derive(Clone, Debug, PartialEq)]
struct Feedback {
    correct: bool,
    text: String,
}

/// What a prediction is judged with: the graph at the point, the tolerance, the constants.
#[derive(Clone, Debug)]
struct Judge {
    graph: Graph,
    values: Vec<f64>,
    backward: Backward,
    tolerance: Tolerance,
    consts: Scope,
}

/// The graph of one function at one point, forward and backward.
#[derive(Clone, Debug)]
pub struct GraphScreen {
    title: String,
    rows: Vec<Row>,
    steps: Vec<Step>,
    /// How many steps of the backward pass are shown.
    shown: usize,
    /// Why there is no backward pass (not defined or not differentiable at the point).
    failure: Option<String>,
    /// Lines shown once the backward pass is done (a descent step's gradient beside it).
    epilogue: Vec<String>,
    judge: Option<Judge>,
    predict: Option<Input>,
    predict_error: Option<String>,
    feedback: Option<Feedback>,
    /// Predictions judged on this screen: (right, of how many).
    score: (usize, usize),
    /// The graph drawn as a tree, laid out when the screen is built.
    tree: Vec<tree::TreeLine>,
    /// Whether the drawing is shown instead of the forward table.
    drawing: bool,
}

/// The graph of `graph` at `at`, and what to call it.
struct Setup<'a> {
    /// `One neuron: L(w, x, b, y) = (σ(w·x + b) − y)²`.
    heading: String,
    graph: &'a Graph,
    at: &'a [f64],
    tolerance: Tolerance,
    consts: Scope,
}

impl GraphScreen {
    /// The screen for `graph` at `at` (one value per input), titled `title`, predictions judged
    /// to the default tolerance.
    pub fn new(title: &str, graph: &Graph, at: &[f64]) -> GraphScreen {
        GraphScreen::build(&Setup {
            heading: heading(title, graph, &graph.expr(graph.output())),
            graph,
            at,
            tolerance: Tolerance::default(),
            consts: Scope::default(),
        })
    }

    fn build(s: &Setup) -> GraphScreen {
        let (graph, at) = (s.graph, s.at);
        let point: Vec<String> = graph
            .vars()
            .iter()
            .zip(at)
            .map(|(n, v)| format!("{n} = {}", show(*v)))
            .collect();
        let mut screen = GraphScreen {
            title: format!("{} at {}", s.heading, point.join(", ")),
            rows: rows(graph),
            steps: Vec::new(),
            shown: 0,
            failure: None,
            epilogue: Vec::new(),
            judge: None,
            predict: None,
            predict_error: None,
            feedback: None,
            score: (0, 0),
            tree: Vec::new(),
            drawing: false,
        };
        let values = graph.values(at);
        let mut shown_values: Vec<String> = values.iter().map(|v| show(*v)).collect();
        match graph.gradient(at) {
            Err(e) => {
                // The values up to the failing node, and why.
                let last = e.node().unwrap_or(graph.len());
                shown_values
                    .iter_mut()
                    .skip(last + 1)
                    .for_each(String::clear);
                for (id, row) in screen.rows.iter_mut().enumerate() {
                    row.cells[4] = if id > last {
                        String::new()
                    } else {
                        format!("{} = {}", row.cells[4], show(values[id]))
                    };
                }
                screen.failure = Some(format!("{} is {e}", graph.label(graph.output())));
            }
            Ok((_, back, values)) => {
                for (id, row) in screen.rows.iter_mut().enumerate() {
                    row.cells[4] = format!("{} = {}", row.cells[4], show(values[id]));
                }
                let steps = graph.steps(&values, &back);
                screen.set_steps(graph, &steps);
                screen.judge = Some(Judge {
                    graph: graph.clone(),
                    values,
                    backward: back,
                    tolerance: s.tolerance,
                    consts: s.consts.clone(),
                });
            }
        }
        screen.tree = tree::tree(graph, &shown_values);
        screen
    }

    fn set_steps(&mut self, graph: &Graph, steps: &[BackStep]) {
        for (k, st) in steps.iter().enumerate() {
            if let Some(row) = self.rows.get_mut(st.node) {
                row.step = Some(k);
            }
            let eq = st.equation(graph);
            self.steps.push(Step {
                node: st.node,
                name: adjoint_name(graph, st.node),
                adjoint: show(st.adjoint),
                derivation: match st.note(graph) {
                    Some(note) => format!("{eq} ({note})"),
                    None => eq,
                },
            });
        }
    }

    /// The graph screen of a prepared question: a graph exercise at its point, or the function
    /// of a derivative or gradient exercise at its `at` (a point inside its domain without one).
    /// Predictions are judged to the exercise's tolerance. `None` for the other kinds.
    pub fn for_question(q: &Question, title: &str) -> Option<GraphScreen> {
        let (graph, at) = match &q.ask {
            Ask::Graph(g) => (g.graph.clone(), g.at.clone()),
            Ask::Rates(r) if r.functions.len() == 1 => {
                let graph = Graph::new(&r.functions[0].expr).ok()?;
                // Without `at`: three fifths of the way across each interval of the domain
                // (its middle is often 0, where many gradients vanish).
                let at = r.at.clone().unwrap_or_else(|| {
                    r.ranges
                        .iter()
                        .map(|(lo, hi)| lo + 0.6 * (hi - lo))
                        .collect()
                });
                (graph, at)
            }
            _ => return None,
        };
        Some(GraphScreen::build(&Setup {
            heading: heading(title, &graph, &graph.expr(graph.output())),
            graph: &graph,
            at: &at,
            tolerance: q.tolerance,
            consts: q.constants.clone(),
        }))
    }

    /// Whether [`GraphScreen::for_question`] has a graph to show (cheap: no graph is built).
    pub fn available(q: &Question) -> bool {
        match &q.ask {
            Ask::Graph(_) => true,
            Ask::Rates(r) => r.functions.len() == 1 && !r.functions[0].expr.has_aggregates(),
            _ => false,
        }
    }

    /// The graph of a descent example's objective at the stepper's current point (its step
    /// `n`), its data spelled out row by row, built from the function the stepper walks (the
    /// loader's parse: nothing is parsed here); the ∇f the step from there uses (from the
    /// example's formulas when it has them, else by finite differences) is set beside the
    /// backward pass's. `Err` says why there is no graph.
    pub fn for_descent(st: &Stepper, title: &str) -> Result<GraphScreen, String> {
        let now = st.current();
        let n = st.cursor();
        let expr = st.function();
        let graph = Graph::with_data(expr, st.data_columns()).map_err(|e| e.to_string())?;
        let heading = heading(&format!("{title}, step {n}"), &graph, &expr.preview());
        let mut screen = GraphScreen::build(&Setup {
            heading,
            graph: &graph,
            at: &now.x,
            tolerance: Tolerance::default(),
            consts: Scope::default(),
        });
        let exact = st.has_exact_gradient();
        screen.epilogue = descent_epilogue(&graph, screen.judge.as_ref(), n, &now.grad, exact);
        Ok(screen)
    }

    /// Handles one message.
    pub fn update(&mut self, msg: GraphMsg) {
        let typing = matches!(
            msg,
            GraphMsg::PredictInput(_) | GraphMsg::PredictPaste(_) | GraphMsg::PredictEdit(_)
        );
        if !typing {
            self.feedback = None;
        }
        match msg {
            GraphMsg::Forward => self.shown = (self.shown + 1).min(self.steps.len()),
            GraphMsg::Back => self.shown = self.shown.saturating_sub(1),
            GraphMsg::Restart => self.shown = 0,
            GraphMsg::ToggleDrawing => self.drawing = !self.drawing,
            GraphMsg::StartPredict => self.start_predict(),
            GraphMsg::PredictInput(c) => self.edit(|i| {
                if !c.is_control() {
                    let _ = i.insert(c);
                }
            }),
            GraphMsg::PredictPaste(text) => self.edit(|i| {
                let _ = i.insert_str(&text);
            }),
            GraphMsg::PredictEdit(op) => self.edit(|i| {
                i.apply(op);
            }),
            GraphMsg::PredictSubmit => self.submit_prediction(),
            GraphMsg::PredictCancel => {
                self.predict = None;
                self.predict_error = None;
            }
        }
    }

    fn edit(&mut self, f: impl FnOnce(&mut Input)) {
        if let Some(input) = &mut self.predict {
            f(input);
            self.predict_error = None;
        }
    }

    fn start_predict(&mut self) {
        if self.failure.is_some() {
            self.feedback = Some(Feedback {
                correct: false,
                text: "There is no backward pass at this point to predict.".into(),
            });
        } else if self.shown >= self.steps.len() {
            self.feedback = Some(Feedback {
                correct: true,
                text: "Every adjoint is shown: press r to start the backward pass again.".into(),
            });
        } else {
            self.predict = Some(Input::new(""));
            self.predict_error = None;
        }
    }

    fn submit_prediction(&mut self) {
        let (Some(input), Some(judge), Some(step)) =
            (&self.predict, &self.judge, self.steps.get(self.shown))
        else {
            return;
        };
        let point = GraphPoint {
            graph: &judge.graph,
            values: &judge.values,
            backward: &judge.backward,
        };
        let p = predict_adjoint(
            &point,
            step.node,
            input.text(),
            judge.tolerance,
            &judge.consts,
        );
        let text = match p.status {
            Status::Invalid => {
                self.predict_error = Some(p.message);
                return;
            }
            Status::Correct => format!("✓ Right: {} = {}.", step.name, step.adjoint),
            // The checker's numbers in the screen's notation: `−0.4` beside the adjoint `−0.5`.
            Status::Incorrect => format!(
                "✗ {}. {} = {}.",
                crate::text::minus_signs(&p.message),
                step.name,
                step.adjoint
            ),
        };
        let correct = p.status == Status::Correct;
        self.score = (self.score.0 + usize::from(correct), self.score.1 + 1);
        self.feedback = Some(Feedback { correct, text });
        self.predict = None;
        self.predict_error = None;
        self.shown = (self.shown + 1).min(self.steps.len());
    }

    /// How many adjoints are shown, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.shown, self.steps.len())
    }

    /// Whether the student is typing a prediction (typed characters go to it).
    pub fn predicting(&self) -> bool {
        self.predict.is_some()
    }

    /// Whether a prediction can be started: a backward pass with a step still hidden.
    pub fn can_predict(&self) -> bool {
        self.failure.is_none() && self.shown < self.steps.len()
    }

    /// Predictions judged on this screen: (right, of how many).
    pub fn score(&self) -> (usize, usize) {
        self.score
    }

    /// The node whose adjoint was shown last.
    fn current(&self) -> Option<usize> {
        self.shown
            .checked_sub(1)
            .and_then(|k| self.steps.get(k))
            .map(|s| s.node)
    }

    /// The node whose adjoint comes next.
    fn next(&self) -> Option<usize> {
        self.steps.get(self.shown).map(|s| s.node)
    }
}

/// `One neuron: L(w, x, b, y) = (σ(w·x + b) − y)²`.
fn heading(title: &str, graph: &Graph, function: &str) -> String {
    format!(
        "{title}: {}({}) = {function}",
        graph.label(graph.output()),
        graph.vars().join(", "),
    )
}

/// The forward table's rows, before the values are known.
fn rows(graph: &Graph) -> Vec<Row> {
    graph
        .nodes()
        .iter()
        .enumerate()
        .map(|(id, n)| Row {
            cells: [
                id.to_string(),
                graph.label(id),
                n.op.name().to_string(),
                n.inputs
                    .iter()
                    .map(|&i| graph.label(i))
                    .collect::<Vec<_>>()
                    .join(", "),
                graph.expr(id),
            ],
            step: None,
        })
        .collect()
}

/// What a descent example's graph says once the backward pass is done: the gradient the step
/// from step `n` uses, beside the backward pass's.
fn descent_epilogue(
    graph: &Graph,
    judge: Option<&Judge>,
    n: usize,
    step_gradient: &[f64],
    exact: bool,
) -> Vec<String> {
    let Some(j) = judge else {
        return Vec::new();
    };
    let f = graph.label(graph.output());
    let vec = |v: &[f64]| {
        let parts: Vec<String> = v.iter().map(|x| fmt_sig(*x, 6).replace('-', "−")).collect();
        format!("({})", parts.join(", "))
    };
    let backward: Vec<f64> = (0..graph.input_count())
        .map(|i| j.backward.adjoints[i].unwrap_or(0.0))
        .collect();
    let source = if exact {
        "from the example's gradient formulas"
    } else {
        "by finite differences"
    };
    let agree = backward.len() == step_gradient.len()
        && backward
            .iter()
            .zip(step_gradient)
            .all(|(a, b)| (a - b).abs() <= 1e-6 * (1.0 + b.abs()));
    vec![
        format!("The backward pass gives ∇{f} = {}.", vec(&backward)),
        format!(
            "Step {n} → {} moves against ∇{f} = {} ({source}){}",
            n + 1,
            vec(step_gradient),
            if agree {
                ": the same gradient."
            } else {
                ", which differs from the backward pass's."
            }
        ),
    ]
}
