//! Preparing an exercise for checking: scopes, compiled formulas, the domain box, the point `at`.

use crate::exercise::{Exercise, Point};
use crate::math::{Expr, LogBase, ParseError, Scope};
use crate::text;

/// Why an exercise cannot be checked. These are the instructor's problems: `validate` reports
/// them, and a student who meets one is told to tell the instructor.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SetupError {
    /// A formula of the exercise does not parse.
    #[error("`{field}` cannot be read at column {}: {}", .error.column(), .error.message)]
    Parse { field: String, error: ParseError },
    /// The truth could be computed at too few sample points of the domain.
    #[error(
        "{what} is undefined, or cannot be computed reliably, on most of the domain: \
         only {usable} usable sample points of {tried} tried, and at least {needed} are needed \
         (narrow the domain to where the function is defined and smooth)"
    )]
    TooFewPoints {
        what: String,
        usable: usize,
        tried: usize,
        needed: usize,
    },
    /// Anything else that makes the exercise uncheckable, said in one sentence.
    #[error("{0}")]
    Invalid(String),
}

/// The scope formulas and answers with free variables `vars` are read in: the exercise's
/// parameters, data columns and log base.
pub(crate) fn scope(ex: &Exercise, vars: &[String]) -> Scope {
    let columns: Vec<&str> = ex.data.iter().map(|(n, _)| n.as_str()).collect();
    Scope::new(vars)
        .with_params(&ex.params)
        .with_columns(&columns)
        .with_log(ex.log)
}

/// The scope of a number answer (and of `direction`): the parameters and the log base; no
/// variables and no data.
pub(crate) fn constants(ex: &Exercise) -> Scope {
    Scope::new(&[] as &[String])
        .with_params(&ex.params)
        .with_log(ex.log)
}

/// The data columns, in the order of the scope's `columns`.
pub(crate) fn columns(ex: &Exercise) -> Vec<Vec<f64>> {
    ex.data.iter().map(|(_, c)| c.clone()).collect()
}

/// Evaluates `e` at `p`, giving it the data columns when there are any.
pub(crate) fn eval(e: &Expr, cols: &[Vec<f64>], p: &[f64]) -> f64 {
    if cols.is_empty() {
        e.eval(p)
    } else {
        e.eval_data(p, cols)
    }
}

/// Parses one of the exercise's own formulas.
pub(crate) fn parse(field: &str, src: &str, scope: &Scope) -> Result<Expr, SetupError> {
    Expr::parse(src, scope).map_err(|error| SetupError::Parse {
        field: field.to_string(),
        error,
    })
}

/// The sampling interval of every variable; an error when one is empty or not finite.
pub(crate) fn ranges(ex: &Exercise, vars: &[String]) -> Result<Vec<(f64, f64)>, SetupError> {
    vars.iter()
        .map(|v| {
            let (lo, hi) = ex.domain.range(v);
            if !(lo.is_finite() && hi.is_finite()) || lo > hi {
                Err(SetupError::Invalid(format!(
                    "the domain of {v} is [{}, {}], which is not an interval",
                    text::num(lo),
                    text::num(hi)
                )))
            } else {
                Ok((lo, hi))
            }
        })
        .collect()
}

/// The step-scale floors for finite differences: a tenth of each interval's width.
pub(crate) fn floors(ranges: &[(f64, f64)]) -> Vec<f64> {
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
pub(crate) fn at_point(at: &Point, vars: &[String]) -> Result<Vec<f64>, SetupError> {
    vars.iter()
        .map(|v| {
            at.iter()
                .find(|(n, _)| n == v)
                .map(|(_, x)| *x)
                .filter(|x| x.is_finite())
                .ok_or_else(|| {
                    SetupError::Invalid(format!("`at` gives no finite value for the variable {v}"))
                })
        })
        .collect()
}

/// The variable indices to differentiate by, in order: `var` repeated `order` times for one
/// variable, or the list of variables of a mixed partial.
pub(crate) fn multi_index(
    vars: &[String],
    var: &[String],
    order: u8,
) -> Result<Vec<usize>, SetupError> {
    let index = |v: &String| {
        vars.iter().position(|x| x == v).ok_or_else(|| {
            SetupError::Invalid(format!(
                "`var` names {v}, which is not one of the variables ({})",
                vars.join(", ")
            ))
        })
    };
    let idx: Vec<usize> = match var {
        [] => {
            return Err(SetupError::Invalid(
                "`var` is empty: name the variable to differentiate by".into(),
            ))
        }
        [v] => vec![index(v)?; usize::from(order.max(1))],
        many => many.iter().map(index).collect::<Result<_, _>>()?,
    };
    if idx.len() > 4 {
        return Err(SetupError::Invalid(
            "derivatives of order higher than 4 cannot be checked".into(),
        ));
    }
    Ok(idx)
}

/// How a partial derivative is named in feedback: "the derivative", "the second derivative",
/// "∂f/∂x", "∂²f/∂x²", "∂²f/∂y∂x" (x first, then y), "∂f₂/∂y".
pub(crate) fn partial_label(fname: &str, vars: &[String], idx: &[usize]) -> String {
    let k = idx.len();
    if vars.len() == 1 && fname == "f" {
        return match k {
            1 => "the derivative".to_string(),
            2 => "the second derivative".to_string(),
            _ => format!("the {} derivative", text::ordinal(k)),
        };
    }
    let sup = |n: usize| match n {
        1 => String::new(),
        2 => "²".to_string(),
        3 => "³".to_string(),
        _ => "⁴".to_string(),
    };
    // The denominator lists the variables in reverse order of differentiation, grouping runs.
    let mut denom = String::new();
    let mut i = k;
    while i > 0 {
        let j = idx[i - 1];
        let mut run = 1;
        while i > run && idx[i - 1 - run] == j {
            run += 1;
        }
        let name = vars.get(j).map(|s| s.as_str()).unwrap_or("?");
        denom.push_str(&format!("∂{name}{}", sup(run)));
        i -= run;
    }
    format!("∂{}{fname}/{denom}", sup(k))
}

/// The same formula with the other logarithm: `ln` and `log10` swapped, and `log` meaning the
/// other base. Used to recognise a value computed with the wrong logarithm.
pub(crate) fn other_log(src: &str, log: LogBase) -> (String, LogBase) {
    let mut out = String::with_capacity(src.len() + 4);
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push_str(match word.as_str() {
                "ln" => "log10",
                "log10" => "ln",
                w => w,
            });
        } else {
            out.push(c);
            i += 1;
        }
    }
    let other = match log {
        LogBase::Ln => LogBase::Log10,
        LogBase::Log10 => LogBase::Ln,
    };
    (out, other)
}

/// Whether a formula uses a logarithm (`ln`, `log`, `log10`).
pub(crate) fn uses_log(src: &str) -> bool {
    other_log(src, LogBase::Ln).0 != src || src.contains("log")
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
    fn log_swaps() {
        assert_eq!(
            other_log("-log10(prod(p))/8 + ln(x)", LogBase::Ln),
            ("-ln(prod(p))/8 + log10(x)".to_string(), LogBase::Log10)
        );
        assert_eq!(other_log("log(a)", LogBase::Log10).1, LogBase::Ln);
        assert!(uses_log("log(a)"));
        assert!(!uses_log("sigmoid(z)"));
    }

    #[test]
    fn multi_indices() {
        let vars = v(&["x", "y"]);
        assert_eq!(multi_index(&vars, &v(&["y"]), 2).unwrap(), vec![1, 1]);
        assert_eq!(multi_index(&vars, &v(&["x", "y"]), 1).unwrap(), vec![0, 1]);
        assert!(multi_index(&vars, &v(&["z"]), 1).is_err());
    }
}
