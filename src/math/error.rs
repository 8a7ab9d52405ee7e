//! Parse errors: what went wrong, where (in characters), and a message for the student.

/// A character range `[start, end)` in the text that was parsed. Offsets count Unicode scalar
/// values (`char`s), not bytes, so `π` or `²` count as one column each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What kind of problem a [`ParseError`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParseErrorKind {
    /// Nothing but spaces.
    Empty,
    /// More than [`MAX_LEN`](super::MAX_LEN) characters.
    TooLong,
    /// Any other malformed input (a comma outside a function, two numbers in a row, ...).
    Syntax,
    /// A name that is not a variable, named constant, constant or function here.
    UnknownName,
    /// `name(` where `name` is no function (with a suggestion when one is close).
    UnknownFunction,
    /// A `(` never closed, a `)` never opened, or `(` closed by `]`.
    UnbalancedParen,
    /// An operator with nothing on one side, a function without an argument, `()`.
    MissingOperand,
    /// A function given the wrong number of arguments.
    WrongArity,
    /// A character that is not part of the language.
    UnexpectedChar,
    /// Nested deeper than [`MAX_DEPTH`](super::MAX_DEPTH).
    TooDeep,
    /// `sum(...)`, `prod(...)` or `mean(...)` inside another one.
    NestedAggregate,
    /// `sum(...)`, `prod(...)` or `mean(...)` where there are no data columns.
    AggregateWithoutData,
    /// A data column used outside `sum(...)`, `prod(...)` or `mean(...)`.
    ColumnOutsideAggregate,
    /// A notation with two common readings that we refuse to guess (`sin^-1 x`).
    Ambiguous,
}

/// Why a text is not an expression, with the characters to underline.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub kind: ParseErrorKind,
    /// Character offsets into the parsed text.
    pub span: Span,
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(kind: ParseErrorKind, span: Span, message: impl Into<String>) -> ParseError {
        ParseError {
            kind,
            span,
            message: message.into(),
        }
    }

    /// The 1-based column where the problem starts (for "column 4" in plain-text output).
    pub fn column(&self) -> usize {
        self.span.start + 1
    }

    /// Two lines for plain-text output: the input, and carets under the problem.
    /// Tabs and other spaces in the input are shown as plain spaces so the carets line up.
    pub fn caret(&self, src: &str) -> String {
        let line: String = src
            .chars()
            .map(|c| {
                if c.is_whitespace() || c.is_control() {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let width = self.span.len().max(1);
        format!(
            "{}\n{}{}",
            line,
            " ".repeat(self.span.start),
            "^".repeat(width)
        )
    }
}
