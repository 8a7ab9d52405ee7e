//! Text templates in titles, prompts, hints, solutions and notes.
//!
//! - `{a}`: the value of parameter `a` ([`format_value`]).
//! - `{= formula}`: the formula with the variant's values substituted, tidied and typeset.
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
    if let Some(formula) = inner.strip_prefix('=') {
        let lead = formula.chars().take_while(|c| c.is_whitespace()).count();
        let src = formula.trim();
        if src.is_empty() {
            return Err(TemplateError {
                at,
                message: "`{= }` needs a formula".into(),
            });
        }
        return Ok(Piece::Formula {
            src: src.to_string(),
            at: at + 1 + lead,
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
                "`{{{inner}}}` is not a template: write `{{name}}` for a parameter, `{{= formula}}` for a formula, or `{{{{` for a brace"
            ),
        }),
    }
}

fn is_name(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(|c| c.is_alphabetic()) && cs.all(|c| c.is_alphanumeric() || c == '_')
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
    fn values_are_written_without_noise() {
        assert_eq!(format_value(3.0), "3");
        assert_eq!(format_value(-0.0), "0");
        assert_eq!(format_value(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(format_value(2.5), "2.5");
        assert_eq!(format_value(-3.0), "-3");
    }
}
