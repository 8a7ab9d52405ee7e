//! Derivatives, gradients, Jacobians and directional derivatives: which partial derivative each
//! cell is, how it is named, where it is asked (`at`) and along what (`direction`).

use super::cell::{AnswerShape, Cell, CellId, Naming, Shape, Target};
use super::{Formula, SetupError};
use crate::exercise::{Exercise, Kind, Point};
use crate::math::Scope;
use crate::question::error::Field;
use crate::text;

/// Which of the four kinds of rate of change is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateKind {
    Derivative,
    Gradient,
    Jacobian,
    Directional,
}

/// A direction as written, its length, and the unit vector along it.
#[derive(Clone, Debug, PartialEq)]
pub struct Direction {
    /// The components as written, parsed once (constants).
    pub components: Vec<Formula>,
    pub given: Vec<f64>,
    pub norm: f64,
    pub unit: Vec<f64>,
}

/// A rate of change asked of one or more functions: everywhere (an expression answer) or at a
/// point (a number answer).
#[derive(Clone, Debug)]
pub struct Rates {
    pub kind: RateKind,
    pub vars: Vec<String>,
    /// `function`, or every entry of `functions`.
    pub functions: Vec<Formula>,
    /// The scope of the functions, and of an expression answer.
    pub scope: Scope,
    /// The sampling interval of every variable, in `vars` order.
    pub ranges: Vec<(f64, f64)>,
    /// The step-scale floors for finite differences: a tenth of each interval's width.
    pub floors: Vec<f64>,
    /// The point `at`, in `vars` order, when a number is asked.
    pub at: Option<Vec<f64>>,
    pub direction: Option<Direction>,
    /// The function's name as the exercise writes it: `f`, `z` (`∂z/∂x`), `ℓ`, `J` (`J(m, c)`).
    pub name: String,
}

impl Rates {
    /// The name of function `i` in labels: the exercise's name for it (`f`, `z`), or `f₁`,
    /// `f₂`, ... when there are several.
    pub fn fname(&self, i: usize) -> String {
        fname(&self.name, self.functions.len(), i)
    }

    /// "at (x, y) = (2, 2.5)", when a point is asked.
    pub fn at_text(&self) -> Option<String> {
        self.at
            .as_ref()
            .map(|p| format!("at {}", text::point(&self.vars, p)))
    }

    /// What the whole answer is, in words, for "…is undefined on most of the domain".
    pub fn truth_name(&self, cells: &[Cell]) -> String {
        match self.kind {
            RateKind::Derivative => {
                let l = cells.first().map_or("the derivative", |c| c.label.as_str());
                if l.starts_with("the ") {
                    l.to_string()
                } else {
                    format!("the derivative {l}")
                }
            }
            RateKind::Gradient => "the gradient".into(),
            RateKind::Jacobian => "the Jacobian".into(),
            RateKind::Directional => "the directional derivative".into(),
        }
    }
}

fn fname(name: &str, count: usize, i: usize) -> String {
    if count == 1 {
        name.to_string()
    } else {
        format!("f{}", text::subscript(i + 1))
    }
}

/// The function's name as the prompt writes it: the function of `∂z/∂x` (by one of `vars`), or,
/// with several variables, of `J(m, c)` (exactly `vars`); `f` otherwise. With one variable a
/// name is taken only from a written `∂`, so that `h′(x)` stays "the derivative".
pub fn function_name(prompt: &str, vars: &[String]) -> String {
    let plain: Vec<String> = vars.iter().map(|v| text::plain_name(v)).collect();
    let is_var = |v: &str| plain.contains(&text::plain_name(v));
    if let Some((name, _)) = text::partials_written(prompt)
        .into_iter()
        .find(|(name, v)| is_var(v) && !is_var(name))
    {
        return name;
    }
    if vars.len() >= 2 {
        for (name, args) in text::signatures(prompt) {
            let mut a: Vec<String> = args.iter().map(|v| text::plain_name(v)).collect();
            let mut b = plain.clone();
            a.sort();
            b.sort();
            if a == b && !is_var(&name) {
                return name;
            }
        }
    }
    "f".to_string()
}

/// The rate asked by `ex`, and the answer's shape (`ex` is a derivative, gradient, Jacobian or
/// directional derivative).
pub(super) fn prepare(ex: &Exercise) -> Result<(Rates, AnswerShape), SetupError> {
    let (kind, vars, at) = match &ex.kind {
        Kind::Derivative { vars, var, at, .. } => {
            let vars = if vars.is_empty() { var } else { vars };
            (RateKind::Derivative, vars, at)
        }
        Kind::Gradient { vars, at, .. } => (RateKind::Gradient, vars, at),
        Kind::Jacobian { vars, at, .. } => (RateKind::Jacobian, vars, at),
        Kind::Directional { vars, at, .. } => (RateKind::Directional, vars, at),
        _ => return Err(SetupError::NoVariables),
    };
    prepare_rate(ex, kind, vars, at.as_ref())
}

fn prepare_rate(
    ex: &Exercise,
    kind: RateKind,
    vars: &[String],
    at: Option<&Point>,
) -> Result<(Rates, AnswerShape), SetupError> {
    if vars.is_empty() {
        return Err(SetupError::NoVariables);
    }
    let names = ex.names();
    let name = function_name(&ex.prompt, vars);
    let (sources, cells, shape, direction) = cells_of(ex, vars, &name)?;
    let scope = names.formulas(vars);
    let functions = sources
        .into_iter()
        .map(|(field, src)| Formula::parse(ex, field, src, &scope))
        .collect::<Result<Vec<_>, _>>()?;
    let ranges = super::ranges(ex, vars)?;
    let floors = floors(&ranges);
    let at = at.map(|a| at_point(a, vars)).transpose()?;
    let naming = match kind {
        RateKind::Derivative => Naming {
            what: "the derivative",
            unit: ("value", "values"),
        },
        RateKind::Gradient => Naming {
            what: "the gradient",
            unit: ("component", "components"),
        },
        RateKind::Jacobian => Naming {
            what: "the Jacobian",
            unit: ("entry", "entries"),
        },
        RateKind::Directional => Naming {
            what: "the directional derivative",
            unit: ("value", "values"),
        },
    };
    let rates = Rates {
        kind,
        vars: vars.to_vec(),
        functions,
        scope,
        ranges,
        floors,
        at,
        direction,
        name,
    };
    if let (Some(p), Some(at_text)) = (&rates.at, rates.at_text()) {
        let several = rates.functions.len() > 1;
        for (i, f) in rates.functions.iter().enumerate() {
            if !f.eval(&ex_columns(ex), p).is_finite() {
                return Err(SetupError::UndefinedAt {
                    function: several.then_some(i + 1),
                    at: at_text,
                });
            }
        }
    }
    let answer_vars = if rates.at.is_some() {
        Vec::new()
    } else {
        vars.to_vec()
    };
    let answer = AnswerShape {
        shape,
        cells,
        naming,
        vars: answer_vars,
    };
    Ok((rates, answer))
}

fn ex_columns(ex: &Exercise) -> Vec<Vec<f64>> {
    ex.data.iter().map(|(_, c)| c.clone()).collect()
}

type Sources<'a> = Vec<(Field, &'a str)>;

/// The formulas to parse, the cells (what each is the truth of, and its name), the shape and
/// the direction of the rate asked by `ex`.
fn cells_of<'e>(
    ex: &'e Exercise,
    vars: &[String],
    name: &str,
) -> Result<(Sources<'e>, Vec<Cell>, Shape, Option<Direction>), SetupError> {
    let partial = |func: usize, count: usize, j: usize, id: CellId| Cell {
        id,
        target: Target::Partial { func, idx: vec![j] },
        label: partial_label(&fname(name, count, func), vars, &[j]),
    };
    match &ex.kind {
        Kind::Derivative {
            function,
            var,
            order,
            ..
        } => {
            let idx = multi_index(vars, var, *order)?;
            let label = partial_label(name, vars, &idx);
            let cell = Cell {
                id: CellId::Whole,
                target: Target::Partial { func: 0, idx },
                label,
            };
            Ok((
                vec![(Field::Function, function)],
                vec![cell],
                Shape::Scalar,
                None,
            ))
        }
        Kind::Gradient { function, .. } => Ok((
            vec![(Field::Function, function)],
            (0..vars.len())
                .map(|j| partial(0, 1, j, CellId::Component(j)))
                .collect(),
            Shape::Vector(vars.len()),
            None,
        )),
        Kind::Jacobian { functions, .. } => {
            if functions.is_empty() {
                return Err(SetupError::NoFunctions);
            }
            let n = functions.len();
            let cells = (0..n)
                .flat_map(|i| (0..vars.len()).map(move |j| (i, j)))
                .map(|(i, j)| partial(i, n, j, CellId::Entry(i, j)))
                .collect();
            let sources = functions
                .iter()
                .enumerate()
                .map(|(i, f)| (Field::Functions(i), f.as_str()))
                .collect();
            Ok((sources, cells, Shape::Matrix(n, vars.len()), None))
        }
        Kind::Directional {
            function,
            direction,
            ..
        } => {
            let d = self::direction(ex, vars, direction)?;
            let cell = Cell {
                id: CellId::Whole,
                target: Target::Directional {
                    func: 0,
                    dir: d.unit.clone(),
                },
                label: "the directional derivative".to_string(),
            };
            Ok((
                vec![(Field::Function, function)],
                vec![cell],
                Shape::Scalar,
                Some(d),
            ))
        }
        _ => Ok((Vec::new(), Vec::new(), Shape::Scalar, None)),
    }
}

/// The step-scale floors for finite differences: a tenth of each interval's width.
pub fn floors(ranges: &[(f64, f64)]) -> Vec<f64> {
    ranges
        .iter()
        .map(|(lo, hi)| {
            let w = 0.1 * (hi - lo);
            if w > 0.0 {
                w
            } else {
                0.1 * lo.abs().max(1.0)
            }
        })
        .collect()
}

/// The point `at`, in the order of `vars`; every variable must be given.
fn at_point(at: &Point, vars: &[String]) -> Result<Vec<f64>, SetupError> {
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

/// The variable indices to differentiate by, in order: `var` repeated `order` times for one
/// variable, or the list of variables of a mixed partial.
pub fn multi_index(vars: &[String], var: &[String], order: u8) -> Result<Vec<usize>, SetupError> {
    let index = |v: &String| {
        vars.iter()
            .position(|x| x == v)
            .ok_or_else(|| SetupError::UnknownVar {
                var: v.clone(),
                vars: vars.to_vec(),
            })
    };
    let idx: Vec<usize> = match var {
        [] => return Err(SetupError::NoVar),
        [v] => vec![index(v)?; usize::from(order.max(1))],
        many => many.iter().map(index).collect::<Result<_, _>>()?,
    };
    if idx.len() > 4 {
        return Err(SetupError::OrderTooHigh);
    }
    Ok(idx)
}

/// How a partial derivative is named in feedback: "the derivative", "the second derivative",
/// "∂f/∂x", "∂²f/∂x²", "∂²f/∂y∂x" (x first, then y), "∂f₂/∂y".
pub fn partial_label(fname: &str, vars: &[String], idx: &[usize]) -> String {
    let k = idx.len();
    if vars.len() == 1 && fname == "f" {
        return match k {
            1 => "the derivative".to_string(),
            2 => "the second derivative".to_string(),
            _ => format!("the {} derivative", text::ordinal(k)),
        };
    }
    // The denominator lists the variables in reverse order of differentiation, grouping runs.
    let mut denom = String::new();
    let mut i = k;
    while i > 0 {
        let j = idx[i - 1];
        let mut run = 1;
        while i > run && idx[i - 1 - run] == j {
            run += 1;
        }
        let name = vars.get(j).map_or("?", |s| s.as_str());
        denom.push_str(&format!("∂{name}{}", text::superscript(run)));
        i -= run;
    }
    format!("∂{}{fname}/{denom}", text::superscript(k))
}

/// The direction as written, its length, and the unit vector.
fn direction(
    ex: &Exercise,
    vars: &[String],
    direction: &[String],
) -> Result<Direction, SetupError> {
    if direction.len() != vars.len() {
        return Err(SetupError::DirectionLength {
            given: direction.len(),
            vars: vars.len(),
        });
    }
    let scope = ex.names().constants();
    let components = direction
        .iter()
        .enumerate()
        .map(|(i, s)| Formula::parse(ex, Field::Direction(i), s, &scope))
        .collect::<Result<Vec<Formula>, _>>()?;
    let given: Vec<f64> = components.iter().map(|c| c.expr.eval(&[])).collect();
    let norm = given.iter().map(|x| x * x).sum::<f64>().sqrt();
    if !norm.is_finite() {
        return Err(SetupError::DirectionNotFinite);
    }
    if norm == 0.0 {
        return Err(SetupError::DirectionZero);
    }
    let unit = given.iter().map(|x| x / norm).collect();
    Ok(Direction {
        components,
        given,
        norm,
        unit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn labels() {
        assert_eq!(partial_label("f", &v(&["x"]), &[0]), "the derivative");
        assert_eq!(
            partial_label("f", &v(&["x"]), &[0, 0]),
            "the second derivative"
        );
        assert_eq!(partial_label("f", &v(&["x", "y"]), &[1]), "∂f/∂y");
        assert_eq!(partial_label("f", &v(&["x", "y"]), &[0, 0]), "∂²f/∂x²");
        assert_eq!(partial_label("f", &v(&["x", "y"]), &[0, 1]), "∂²f/∂y∂x");
        assert_eq!(partial_label("f₂", &v(&["x", "y"]), &[1]), "∂f₂/∂y");
    }

    #[test]
    fn multi_indices() {
        let vars = v(&["x", "y"]);
        assert_eq!(multi_index(&vars, &v(&["y"]), 2), Ok(vec![1, 1]));
        assert_eq!(multi_index(&vars, &v(&["x", "y"]), 1), Ok(vec![0, 1]));
        assert!(matches!(
            multi_index(&vars, &v(&["z"]), 1),
            Err(SetupError::UnknownVar { .. })
        ));
        assert_eq!(
            multi_index(&vars, &v(&["x"]), 5),
            Err(SetupError::OrderTooHigh)
        );
    }
}
