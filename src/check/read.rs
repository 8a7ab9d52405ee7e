//! Reading answers: the expected shape first, then each cell as an expression or a number.

use super::{ReadError, Verdict, Voice};
use crate::exercise::Answer;
use crate::math::{eval_constant, Expr, ParseError, ParseErrorKind, Scope};
use crate::question::{CellId, Naming, Shape};
use crate::text::{capitalize, plural};

/// What the answer is, in words: "one expression", "a list of 3", "a 2×3 matrix", "a table".
pub(crate) fn describe(answer: &Answer) -> String {
    match answer {
        Answer::Scalar(_) => "one value".to_string(),
        Answer::Vector(v) => format!("a list of {}", v.len()),
        Answer::Matrix(m) => {
            let cols = m.first().map(|r| r.len()).unwrap_or(0);
            if m.iter().all(|r| r.len() == cols) {
                format!("a {}×{} matrix", m.len(), cols)
            } else {
                format!("a matrix of {} rows of different lengths", m.len())
            }
        }
        Answer::Table(_) => "a table of columns".to_string(),
    }
}

/// The cell texts of `answer` in row-major order, when it has `shape`. A single value is
/// accepted for a one-component vector, and a flat list for a one-row matrix.
pub(crate) fn cells<'a>(
    answer: &'a Answer,
    shape: Shape,
    naming: &Naming,
    voice: Voice,
) -> Result<Vec<&'a str>, Box<Verdict>> {
    if let Some(parts) = typed_point(answer, shape) {
        return Ok(parts);
    }
    let what = naming.what;
    let gave = voice.gave();
    match (shape, answer) {
        (Shape::Scalar, Answer::Scalar(s)) => Ok(vec![s.as_str()]),
        (Shape::Scalar, Answer::Vector(v)) if v.len() == 1 => Ok(vec![v[0].as_str()]),
        (Shape::Scalar, other) => Err(bad(format!(
            "This question asks for one value ({what}); {gave} {}.",
            describe(other)
        ))),
        (Shape::Vector(1), Answer::Scalar(s)) => Ok(vec![s.as_str()]),
        (Shape::Vector(n), Answer::Vector(v)) => {
            if v.len() == n {
                Ok(v.iter().map(|s| s.as_str()).collect())
            } else {
                Err(bad(format!(
                    "{} has {}; {gave} {}.",
                    capitalize(what),
                    plural(n, naming.unit),
                    v.len()
                )))
            }
        }
        (Shape::Vector(n), other) => Err(bad(format!(
            "{} is a list of {}; {gave} {}.",
            capitalize(what),
            plural(n, naming.unit),
            describe(other)
        ))),
        (Shape::Matrix(1, c), Answer::Vector(v)) if v.len() == c => {
            Ok(v.iter().map(|s| s.as_str()).collect())
        }
        (Shape::Matrix(r, c), Answer::Matrix(m)) => {
            if m.len() != r {
                return Err(bad(format!(
                    "{} has {} (one per function); {gave} {}.",
                    capitalize(what),
                    plural(r, ("row", "rows")),
                    m.len()
                )));
            }
            for (i, row) in m.iter().enumerate() {
                if row.len() != c {
                    return Err(bad(format!(
                        "Row {} of {what} has {} (one per variable); {gave} {}.",
                        i + 1,
                        plural(c, naming.unit),
                        row.len()
                    )));
                }
            }
            Ok(m.iter().flatten().map(|s| s.as_str()).collect())
        }
        (Shape::Table, other) => Err(bad(format!(
            "This question asks for a table; {gave} {}.",
            describe(other)
        ))),
        (Shape::Matrix(r, c), other) => Err(bad(format!(
            "{} is a matrix with {} and {}; {gave} {}.",
            capitalize(what),
            plural(r, ("row", "rows")),
            plural(c, ("column", "columns")),
            describe(other)
        ))),
    }
}

/// A vector answer typed as one point, `(2, -1)`: as one text, or in the first cell of a grid
/// with the others left empty. Its coordinates, when it is one.
fn typed_point(answer: &Answer, shape: Shape) -> Option<Vec<&str>> {
    let Shape::Vector(n) = shape else {
        return None;
    };
    match answer {
        Answer::Scalar(s) => point_parts(s, n),
        Answer::Vector(v) if v.len() <= n && v.iter().skip(1).all(|c| c.trim().is_empty()) => {
            point_parts(v.first()?, n)
        }
        _ => None,
    }
}

/// A point typed as one text in parentheses or brackets, `(2, -1)` or `[2, -1]`, as people
/// write points: its `n` coordinates (`n` ≥ 2), split at the commas outside any inner
/// parentheses (`(max(1, 2), 3)` has two). `None` for anything else, which is then judged as
/// typed.
pub fn point_parts(text: &str, n: usize) -> Option<Vec<&str>> {
    let t = text.trim();
    let inner = t
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .or_else(|| t.strip_prefix('[').and_then(|r| r.strip_suffix(']')))?;
    if n < 2 {
        return None;
    }
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, ch) in inner.char_indices() {
        match ch {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                // `(1)(2, 3)`: the outer brackets do not enclose the whole text.
                if depth < 0 {
                    return None;
                }
            }
            ',' if depth == 0 => {
                parts.push(inner[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(inner[start..].trim());
    (depth == 0 && parts.len() == n && parts.iter().all(|p| !p.is_empty())).then_some(parts)
}

fn bad(message: String) -> Box<Verdict> {
    Box::new(Verdict::invalid(message))
}

/// The verdict for an unreadable cell: the parse error, with its column.
pub(crate) fn read_failure(
    error: ParseError,
    cell: &CellId,
    where_: &str,
    voice: Voice,
    hint: Option<&str>,
) -> Verdict {
    let cell = (*cell != CellId::Whole).then(|| cell.clone());
    let who = match (voice, cell.is_some()) {
        (Voice::Student, false) => "your answer".to_string(),
        (Voice::Key, false) => "the answer key".to_string(),
        (_, true) => where_.to_string(),
    };
    let mut message = format!(
        "Could not read {who} at column {}: {}.",
        error.column(),
        error.message.trim_end_matches('.')
    );
    if let Some(h) = hint {
        message.push(' ');
        message.push_str(h);
    }
    let mut v = Verdict::invalid(message);
    v.read_error = Some(ReadError { cell, error });
    v
}

/// Parses an expression cell.
pub(crate) fn expr(
    src: &str,
    scope: &Scope,
    cell: &CellId,
    where_: &str,
    voice: Voice,
) -> Result<Expr, Box<Verdict>> {
    Expr::parse(src, scope).map_err(|e| Box::new(read_failure(e, cell, where_, voice, None)))
}

/// Reads `inf`, `+inf`, `-inf`, `infinity`, `∞`, `-∞`, `oo` (for limits).
pub(crate) fn infinity(src: &str) -> Option<f64> {
    let t: String = src.split_whitespace().collect::<String>().to_lowercase();
    let t = t.replace('−', "-");
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    matches!(body, "inf" | "infinity" | "∞" | "oo" | "+inf" | "+∞").then_some(if neg {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    })
}

/// A plain decimal number (`-0.25`, `2.0e-8`, `.5`), read directly: the answer language reads
/// these to the same value, and tables have dozens of them. Anything else gives `None`.
pub(crate) fn plain_number(src: &str) -> Option<f64> {
    let t = src.trim();
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(int) && digits(frac) && !(int.is_empty() && frac.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    if mantissa_ok && exponent_ok {
        t.parse::<f64>().ok()
    } else {
        None
    }
}

/// Reads a number cell: a number or a constant expression (`1/4`, `pi^2`, `e`). When the text
/// uses one of `vars` (a number was asked, an expression given), `hint` is added to the message.
pub(crate) fn number(
    src: &str,
    scope: &Scope,
    cell: &CellId,
    where_: &str,
    voice: Voice,
    vars: &[String],
    hint: &str,
) -> Result<f64, Box<Verdict>> {
    if let Some(v) = infinity(src) {
        return Ok(v);
    }
    if let Some(v) = plain_number(src) {
        return Ok(v);
    }
    eval_constant(src, scope).map_err(|e| {
        let used_var = e.kind == ParseErrorKind::UnknownName && {
            let name: String = src
                .chars()
                .skip(e.span.start)
                .take(e.span.len().max(1))
                .collect();
            vars.iter().any(|v| name.contains(v.as_str()))
        };
        Box::new(read_failure(
            e,
            cell,
            where_,
            voice,
            used_var.then_some(hint),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infinities() {
        assert_eq!(infinity("inf"), Some(f64::INFINITY));
        assert_eq!(infinity(" - Infinity "), Some(f64::NEG_INFINITY));
        assert_eq!(infinity("−∞"), Some(f64::NEG_INFINITY));
        assert_eq!(infinity("+oo"), Some(f64::INFINITY));
        assert_eq!(infinity("info"), None);
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(plain_number(" -0.25 "), Some(-0.25));
        assert_eq!(plain_number("2.0e-8"), Some(2.0e-8));
        assert_eq!(plain_number(".5"), Some(0.5));
        assert_eq!(plain_number("+3"), Some(3.0));
        assert_eq!(plain_number("1E+3"), Some(1000.0));
        for s in [
            "", ".", "e5", "2e", "1/4", "inf", "NaN", "2.5.1", "--1", "1e-", "pi",
        ] {
            assert_eq!(plain_number(s), None, "{s}");
        }
    }

    #[test]
    fn points_in_parentheses() {
        assert_eq!(point_parts("(2, -1)", 2), Some(vec!["2", "-1"]));
        assert_eq!(point_parts(" [1/2,pi] ", 2), Some(vec!["1/2", "pi"]));
        assert_eq!(
            point_parts("(max(1, 2), 3)", 2),
            Some(vec!["max(1, 2)", "3"])
        );
        for (s, n) in [
            ("(2, -1)", 3),
            ("2, -1", 2),
            ("(1)(2, 3)", 2),
            ("(2, )", 2),
            ("(x+1)", 1),
        ] {
            assert_eq!(point_parts(s, n), None, "{s}");
        }
    }

    #[test]
    fn shapes() {
        let n = Naming {
            what: "the gradient",
            unit: ("component", "components"),
        };
        let a = Answer::Vector(vec!["1".into(), "2".into(), "3".into()]);
        let e = cells(&a, Shape::Vector(2), &n, Voice::Student).unwrap_err();
        assert_eq!(e.message, "The gradient has 2 components; you gave 3.");
        let m = Answer::Matrix(vec![vec!["1".into(); 2]; 3]);
        let j = Naming {
            what: "the Jacobian",
            unit: ("entry", "entries"),
        };
        let e = cells(&m, Shape::Matrix(2, 2), &j, Voice::Student).unwrap_err();
        let k = cells(&m, Shape::Matrix(2, 2), &j, Voice::Key).unwrap_err();
        assert_eq!(
            k.message,
            "The Jacobian has 2 rows (one per function); the answer key gives 3."
        );
        assert_eq!(
            e.message,
            "The Jacobian has 2 rows (one per function); you gave 3."
        );
        assert_eq!(Shape::Matrix(2, 3).cell_id(4), CellId::Entry(1, 1));
    }
}
