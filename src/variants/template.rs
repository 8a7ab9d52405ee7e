//! Text templates in titles, prompts, hints, solutions and notes.
//!
//! - `{a}`: the value of parameter `a` ([`format_value`]).
//! - `{= formula}`: the formula with the variant's values substituted, tidied and typeset.
//! - `{~ formula}`: the formula's value, a number, to 4 significant figures (`0.9241`).
//! - `{function}` / `{functions}`: the exercise's function (a Jacobian's functions) so written.
//! - `{{` and `}}`: a literal brace. A text without braces reads as it is.

/// One piece of a template. Offsets are in characters from the start of the text.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text(String),
    /// `{name}`; `at` is where the name starts.
    Param {
        name: String,
        at: usize,
    },
    /// `{= formula}`; `at` is where the formula's text starts.
    Formula {
        src: String,
        at: usize,
    },
    /// `{~ formula}`; `at` is where the formula's text starts.
    Approx {
        src: String,
        at: usize,
    },
    /// `{function}`.
    Function {
        at: usize,
    },
    /// `{functions}`.
    Functions {
        at: usize,
    },
}

/// A template that does not read, with the character offset of the problem.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct TemplateError {
    pub at: usize,
    pub message: String,
}

/// Whether a text uses template syntax at all (texts without braces read as they are).
pub fn has_braces(text: &str) -> bool {
    text.contains(['{', '}'])
}

/// Splits a text into its pieces.
pub fn parse(text: &str) -> Result<Vec<Piece>, TemplateError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match (c, next) {
            ('{', Some('{')) | ('}', Some('}')) => {
                lit.push(c);
                i += 2;
            }
            ('}', _) => {
                return Err(TemplateError {
                    at: i,
                    message: "a `}` without its `{` (write `}}` for a brace)".into(),
                })
            }
            ('{', _) => {
                let Some(close) = (i + 1..chars.len()).find(|&j| chars[j] == '}') else {
                    return Err(TemplateError {
                        at: i,
                        message: "a `{` without its `}` (write `{{` for a brace)".into(),
                    });
                };
                if !lit.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut lit)));
                }
                let inner: String = chars[i + 1..close].iter().collect();
                out.push(piece(&inner, i + 1)?);
                i = close + 1;
            }
            _ => {
                lit.push(c);
                i += 1;
            }
        }
    }
    if !lit.is_empty() {
        out.push(Piece::Text(lit));
    }
    Ok(out)
}

fn piece(inner: &str, at: usize) -> Result<Piece, TemplateError> {
    for (mark, approx) in [('=', false), ('~', true)] {
        let Some(formula) = inner.strip_prefix(mark) else {
            continue;
        };
        let lead = formula.chars().take_while(|c| c.is_whitespace()).count();
        let src = formula.trim();
        if src.is_empty() {
            return Err(TemplateError {
                at,
                message: format!("`{{{mark} }}` needs a formula"),
            });
        }
        let (src, at) = (src.to_string(), at + 1 + lead);
        return Ok(if approx {
            Piece::Approx { src, at }
        } else {
            Piece::Formula { src, at }
        });
    }
    let lead = inner.chars().take_while(|c| c.is_whitespace()).count();
    let name = inner.trim();
    let at = at + lead;
    match name {
        "function" => Ok(Piece::Function { at }),
        "functions" => Ok(Piece::Functions { at }),
        _ if is_name(name) => Ok(Piece::Param {
            name: name.to_string(),
            at,
        }),
        _ => Err(TemplateError {
            at,
            message: format!(
                "`{{{inner}}}` is not a template: write `{{name}}` for a parameter, `{{= formula}}` for a formula, `{{~ formula}}` for its value, or `{{{{` for a brace"
            ),
        }),
    }
}

fn is_name(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(|c| c.is_alphabetic()) && cs.all(|c| c.is_alphanumeric() || c == '_')
}

/// A computed number as a `{= formula}` writes it: [`format_value`] of the number rounded to
/// 12 significant figures, so that arithmetic's last-digit noise is not shown (1 − 0.8 is
/// written 0.2, not 0.19999999999999996).
pub fn format_computed(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return format_value(x);
    }
    // Rounded in decimal (the `e` format rounds the exact binary value), then read back.
    let rounded = format!("{x:.11e}").parse::<f64>().unwrap_or(x);
    format_value(rounded)
}

/// A parameter's value as prompts write it: integers without `.0`, never `-0`, otherwise the
/// shortest decimal that reads back to the same number (`0.1`, `2.5`, `-3`).
pub fn format_value(x: f64) -> String {
    if x == 0.0 {
        "0".to_string()
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        // Rust's `Display` for f64 is the shortest representation that reads back exactly.
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_of_a_template() {
        let p = parse("x^{n} is {= n - 1} {{not}} {function}").unwrap_or_default();
        assert_eq!(
            p,
            vec![
                Piece::Text("x^".into()),
                Piece::Param {
                    name: "n".into(),
                    at: 3
                },
                Piece::Text(" is ".into()),
                Piece::Formula {
                    src: "n - 1".into(),
                    at: 12
                },
                Piece::Text(" {not} ".into()),
                Piece::Function { at: 28 },
            ]
        );
    }

    #[test]
    fn unbalanced_braces_are_refused_at_their_column() {
        assert_eq!(parse("a } b").map_err(|e| e.at), Err(2));
        assert_eq!(parse("a { b").map_err(|e| e.at), Err(2));
        assert_eq!(parse("{2x}").map_err(|e| e.at), Err(1));
    }

    #[test]
    fn approximate_values_are_pieces_too() {
        assert_eq!(
            parse("≈ {~ sigmoid(z0)}"),
            Ok(vec![
                Piece::Text("≈ ".into()),
                Piece::Approx {
                    src: "sigmoid(z0)".into(),
                    at: 5
                }
            ])
        );
        assert_eq!(parse("{~ }").map_err(|e| e.at), Err(1));
    }

    #[test]
    fn computed_values_lose_the_noise_of_arithmetic() {
        assert_eq!(format_computed(1.0 - 0.8), "0.2");
        assert_eq!(format_computed(0.1 + 0.2), "0.3");
        assert_eq!(format_computed(-3.0), "-3");
        assert_eq!(format_computed(2.0f64.sqrt()), "1.41421356237");
        assert_eq!(format_computed(1e-7 / 3.0), "0.0000000333333333333");
    }

    #[test]
    fn values_are_written_without_noise() {
        assert_eq!(format_value(3.0), "3");
        assert_eq!(format_value(-0.0), "0");
        assert_eq!(format_value(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(format_value(2.5), "2.5");
        assert_eq!(format_value(-3.0), "-3");
    }
}
