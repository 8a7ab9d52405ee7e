//! Two independent truths: every derivative, gradient, Jacobian and directional exercise of the
//! bundled course is derived symbolically, and the symbolic answer is handed to the checker,
//! whose truth is finite differences of the function at its sample points. The checker must
//! find it correct at every sample point: any disagreement is a bug in one of the two.

use gradtutor::check::{Checker, Status};
use gradtutor::exercise::{self, Answer, Exercise, Kind};
use gradtutor::math::eval_constant;
use gradtutor::math::symbolic::{Derivation, Function};

fn index(vars: &[String], v: &str) -> usize {
    vars.iter()
        .position(|x| x == v)
        .unwrap_or_else(|| panic!("{v} is not among {vars:?}"))
}

fn derive(ex: &Exercise, function: &str, by: &[usize]) -> Derivation {
    let f = Function::parse(function, &ex.function_scope())
        .unwrap_or_else(|e| panic!("{}: {function}: {e}", ex.id));
    f.derive(by)
        .unwrap_or_else(|e| panic!("{}: {function} has no symbolic derivative: {e}", ex.id))
}

/// The derivative as the answer the exercise asks for: the formula, or its value at `at`.
fn answer(ex: &Exercise, d: &Derivation, at: Option<&Vec<(String, f64)>>) -> String {
    match at {
        None => d.derivative.clone(),
        Some(point) => {
            let vars = ex.kind.vars();
            let p: Vec<f64> = vars
                .iter()
                .map(|v| {
                    point
                        .iter()
                        .find(|(n, _)| n == v)
                        .map(|(_, x)| *x)
                        .unwrap_or(f64::NAN)
                })
                .collect();
            let columns: Vec<Vec<f64>> = ex.data.iter().map(|(_, c)| c.clone()).collect();
            format!("{:?}", d.eval_data(&p, &columns))
        }
    }
}

/// The symbolic answer to an exercise, or `None` for the kinds that ask no derivative.
fn symbolic_answer(ex: &Exercise) -> Option<Answer> {
    Some(match &ex.kind {
        Kind::Derivative {
            function,
            vars,
            var,
            order,
            at,
        } => {
            let by: Vec<usize> = match var.as_slice() {
                [v] => vec![index(vars, v); usize::from((*order).max(1))],
                many => many.iter().map(|v| index(vars, v)).collect(),
            };
            Answer::Scalar(answer(ex, &derive(ex, function, &by), at.as_ref()))
        }
        Kind::Gradient { function, vars, at } => Answer::Vector(
            (0..vars.len())
                .map(|i| answer(ex, &derive(ex, function, &[i]), at.as_ref()))
                .collect(),
        ),
        Kind::Jacobian {
            functions,
            vars,
            at,
        } => Answer::Matrix(
            functions
                .iter()
                .map(|f| {
                    (0..vars.len())
                        .map(|i| answer(ex, &derive(ex, f, &[i]), at.as_ref()))
                        .collect()
                })
                .collect(),
        ),
        Kind::Directional {
            function,
            vars,
            direction,
            at,
        } => {
            let scope = ex.function_scope();
            let constants = gradtutor::math::Scope::new::<&str>(&[]).with_params(&ex.params);
            let terms: Vec<String> = (0..vars.len())
                .map(|i| {
                    let c = eval_constant(&direction[i], &constants)
                        .unwrap_or_else(|e| panic!("{}: direction: {e}", ex.id));
                    let d = derive(ex, function, &[i]);
                    format!("({})*({c:?})", d.derivative)
                })
                .collect();
            let sum = terms.join(" + ");
            let f =
                Function::parse(&sum, &scope).unwrap_or_else(|e| panic!("{}: {sum}: {e}", ex.id));
            // the sum of the partials times the direction, as one formula (no derivative)
            let d = f.derive(&[]).unwrap_or_else(|e| panic!("{}: {e}", ex.id));
            Answer::Scalar(answer(ex, &d, at.as_ref()))
        }
        _ => return None,
    })
}

#[test]
fn every_bundled_derivative_agrees_with_the_checkers_finite_differences() {
    let loaded = exercise::load_bundled();
    let mut derived = 0;
    for ex in loaded.course.exercises() {
        let Some(answer) = symbolic_answer(ex) else {
            continue;
        };
        let checker =
            Checker::new(ex).unwrap_or_else(|e| panic!("{} cannot be checked: {e}", ex.id));
        let v = checker.check(&answer);
        assert_eq!(
            v.status,
            Status::Correct,
            "{}: the symbolic answer {answer:?} disagrees with the checker: {} {:?}",
            ex.id,
            v.message,
            v.cells
        );
        derived += 1;
    }
    // the course has derivative, gradient, Jacobian and directional exercises in every set
    // that teaches them; all of them were derived
    let asked = loaded
        .course
        .exercises()
        .filter(|e| {
            matches!(
                e.kind,
                Kind::Derivative { .. }
                    | Kind::Gradient { .. }
                    | Kind::Jacobian { .. }
                    | Kind::Directional { .. }
            )
        })
        .count();
    assert_eq!(derived, asked);
    assert!(derived >= 40, "only {derived} exercises derived");
}

#[test]
fn every_bundled_descent_gradient_agrees_with_the_symbolic_one() {
    // the worked descents give their gradients as formulas: the symbolic gradient must agree
    let loaded = exercise::load_bundled();
    let mut compared = 0;
    for set in &loaded.course.sets {
        for d in &set.descents {
            let Some(gradient) = &d.gradient else {
                continue;
            };
            let scope = d.scope();
            let f =
                Function::parse(&d.function, &scope).unwrap_or_else(|e| panic!("{}: {e}", d.id));
            let columns: Vec<Vec<f64>> = d.data.iter().map(|(_, c)| c.clone()).collect();
            for (i, g) in gradient.iter().enumerate() {
                let given = gradtutor::math::Expr::parse(g, &scope)
                    .unwrap_or_else(|e| panic!("{}: {g}: {e}", d.id));
                let sym = f.derive(&[i]).unwrap_or_else(|e| panic!("{}: {e}", d.id));
                for k in 0..5 {
                    let p: Vec<f64> = d
                        .start
                        .iter()
                        .enumerate()
                        .map(|(j, x)| x + 0.1 * (k as f64) - 0.07 * (j as f64))
                        .collect();
                    let (a, b) = (given.eval_data(&p, &columns), sym.eval_data(&p, &columns));
                    if a.is_finite() {
                        assert!(
                            (a - b).abs() <= 1e-9 * a.abs().max(1.0),
                            "{}: ∂/∂{} given {g} = {a}, symbolic {} = {b} at {p:?}",
                            d.id,
                            scope.vars[i],
                            sym.derivative
                        );
                        compared += 1;
                    }
                }
            }
        }
    }
    assert!(compared > 0);
}
