//! Points typed by people: `--from "0.1, 3"` on the command line and the student's predicted
//! next point in the stepper.

use crate::math::{eval_constant, ParseError, Scope};

/// Why a typed point was not understood.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PointError {
    #[error("type {expected} number{} separated by commas ({vars}), not {got}", if *expected == 1 { "" } else { "s" })]
    WrongCount {
        expected: usize,
        got: usize,
        vars: String,
    },
    #[error("the value for {var} cannot be read: {error}")]
    Unreadable { var: String, error: ParseError },
    #[error("the value for {var} is not a finite number")]
    NotFinite { var: String },
}

/// Reads one number per variable, separated by commas: `0.1, 3`, `(0.1, 3)`, `x = 0.1, y = 3`.
/// Each value may be arithmetic (`5 - 0.1*10`).
pub fn parse_point(text: &str, vars: &[String]) -> Result<Vec<f64>, PointError> {
    let mut t = text.trim();
    if let Some(inner) = t
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .or_else(|| t.strip_prefix('[').and_then(|r| r.strip_suffix(']')))
    {
        // Only when the brackets enclose the whole text, not `(1+2)*3`.
        if balanced(inner) {
            t = inner.trim();
        }
    }
    let parts = split_top_level(t);
    let count = if t.is_empty() { 0 } else { parts.len() };
    if count != vars.len() {
        return Err(PointError::WrongCount {
            expected: vars.len(),
            got: count,
            vars: vars.join(", "),
        });
    }
    let scope = Scope::default();
    parts
        .iter()
        .zip(vars)
        .map(|(part, var)| {
            let mut p = part.trim();
            if let Some(rest) = p.strip_prefix(var.as_str()) {
                if let Some(value) = rest.trim_start().strip_prefix('=') {
                    p = value.trim();
                }
            }
            let v = eval_constant(p, &scope).map_err(|error| PointError::Unreadable {
                var: var.clone(),
                error,
            })?;
            if v.is_finite() {
                Ok(v)
            } else {
                Err(PointError::NotFinite { var: var.clone() })
            }
        })
        .collect()
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// Splits at commas outside brackets, so `max(1, 2), 3` is two parts.
fn split_top_level(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// Whether a predicted point matches the true one: each coordinate to 4 significant figures
/// (a relative error of at most 5·10⁻⁴), and coordinates within 10⁻⁶ of the truth count as
/// right however small the truth is (so `0` is accepted for 3·10⁻⁸).
pub fn prediction_matches(truth: &[f64], got: &[f64]) -> bool {
    truth.len() == got.len()
        && truth
            .iter()
            .zip(got)
            .all(|(t, g)| (t - g).abs() <= (5e-4 * t.abs()).max(1e-6))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn reads_points_in_the_usual_spellings() {
        let xy = vars(&["x", "y"]);
        assert_eq!(parse_point("0.1, 3", &xy), Ok(vec![0.1, 3.0]));
        assert_eq!(parse_point(" (0.1,3) ", &xy), Ok(vec![0.1, 3.0]));
        assert_eq!(parse_point("[-2.9, 2.9]", &xy), Ok(vec![-2.9, 2.9]));
        assert_eq!(parse_point("x = 1, y=2", &xy), Ok(vec![1.0, 2.0]));
        assert_eq!(parse_point("5 - 0.1*10", &vars(&["x"])), Ok(vec![4.0]));
        assert_eq!(parse_point("(1+2)*3", &vars(&["x"])), Ok(vec![9.0]));
    }

    #[test]
    fn wrong_counts_say_what_is_expected() {
        let xy = vars(&["x", "y"]);
        let e = parse_point("1", &xy).unwrap_err();
        assert_eq!(
            e.to_string(),
            "type 2 numbers separated by commas (x, y), not 1"
        );
        assert!(matches!(
            parse_point("", &xy),
            Err(PointError::WrongCount { got: 0, .. })
        ));
        assert!(matches!(
            parse_point("1,2,3", &xy),
            Err(PointError::WrongCount { got: 3, .. })
        ));
    }

    #[test]
    fn unreadable_and_infinite_values_are_refused() {
        let x = vars(&["x"]);
        assert!(matches!(
            parse_point("1/0", &x),
            Err(PointError::NotFinite { .. })
        ));
        assert!(matches!(
            parse_point("1 +", &x),
            Err(PointError::Unreadable { .. })
        ));
    }

    #[test]
    fn predictions_are_checked_to_four_significant_figures() {
        assert!(prediction_matches(&[3.5912], &[3.59]));
        assert!(!prediction_matches(&[3.5912], &[3.6]));
        assert!(prediction_matches(&[1.314, -2.98], &[1.314, -2.98]));
        assert!(!prediction_matches(&[1.314, -2.98], &[1.314, 2.98]));
        assert!(prediction_matches(&[3e-8], &[0.0]));
        assert!(!prediction_matches(&[0.017], &[0.0]));
        assert!(!prediction_matches(&[1.0, 2.0], &[1.0]));
    }
}
