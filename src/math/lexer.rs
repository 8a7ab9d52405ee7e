//! Tokenizer: characters in, tokens with character spans out.
//!
//! Unicode is normalised one character at a time (so spans stay character offsets into the
//! original text): full-width ASCII becomes ASCII, every kind of space is a space, `·×∗⋅` are
//! `*`, `÷∕` are `/`, `−–‐‑‒` are `-`.

use super::error::{ParseError, ParseErrorKind, Span};

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    /// A number literal (`2`, `.25`, `2.5e-1`).
    Num(f64),
    /// A run of letters, digits and underscores starting with a letter (`x`, `x1`, `xy`, `sin`, `π`).
    Ident(String),
    Plus,
    Minus,
    Star,
    Slash,
    /// `^` or `**`.
    Caret,
    /// Superscript digits with an optional superscript sign: the exponent's value.
    Sup(f64),
    /// `(`, `[` or `{`.
    Open(char),
    /// `)`, `]` or `}`.
    Close(char),
    Comma,
    /// `√`.
    Root,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub tok: Tok,
    pub span: Span,
    /// Whether a space separates this token from the previous one.
    pub space_before: bool,
}

/// Maps one input character to the character the grammar sees.
/// Returns `' '` for every kind of space, including invisible ones.
pub(crate) fn normalise(c: char) -> char {
    match c {
        // full-width ASCII (！ to ～)
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => ' ',
        c if c.is_whitespace() => ' ',
        '·' | '×' | '∗' | '⋅' | '•' | '✕' => '*',
        '÷' | '∕' | '⁄' => '/',
        '−' | '–' | '‐' | '‑' | '‒' | '﹣' => '-',
        '﹢' => '+',
        c => c,
    }
}

pub(crate) fn superscript_digit(c: char) -> Option<u32> {
    Some(match c {
        '⁰' => 0,
        '¹' => 1,
        '²' => 2,
        '³' => 3,
        '⁴' => 4,
        '⁵' => 5,
        '⁶' => 6,
        '⁷' => 7,
        '⁸' => 8,
        '⁹' => 9,
        _ => return None,
    })
}

/// The letter a superscript letter stands for (`ˣ` → `x`, `ⁿ` → `n`, `ᶿ` → `θ`). Capitals are
/// left out on purpose: `ᵀ` means a transpose, not a power.
pub(crate) fn superscript_letter(c: char) -> Option<char> {
    Some(match c {
        'ᵃ' => 'a',
        'ᵇ' => 'b',
        'ᶜ' => 'c',
        'ᵈ' => 'd',
        'ᵉ' => 'e',
        'ᶠ' => 'f',
        'ᵍ' => 'g',
        'ʰ' => 'h',
        'ⁱ' => 'i',
        'ʲ' => 'j',
        'ᵏ' => 'k',
        'ˡ' => 'l',
        'ᵐ' => 'm',
        'ⁿ' => 'n',
        'ᵒ' => 'o',
        'ᵖ' => 'p',
        'ʳ' => 'r',
        'ˢ' => 's',
        'ᵗ' => 't',
        'ᵘ' => 'u',
        'ᵛ' => 'v',
        'ʷ' => 'w',
        'ˣ' => 'x',
        'ʸ' => 'y',
        'ᶻ' => 'z',
        'ᵅ' => 'α',
        'ᵝ' => 'β',
        'ᵞ' => 'γ',
        'ᵟ' => 'δ',
        'ᶿ' => 'θ',
        'ᵠ' => 'φ',
        'ᵡ' => 'χ',
        _ => return None,
    })
}

/// The ordinary character a superscript stands for, when it is one the lexer reads as part of
/// an exponent: digits, signs, letters and parentheses.
fn unsuperscript(c: char) -> Option<char> {
    match c {
        '⁺' => Some('+'),
        '⁻' => Some('-'),
        '⁽' => Some('('),
        '⁾' => Some(')'),
        c => superscript_digit(c)
            .and_then(|d| char::from_digit(d, 10))
            .or_else(|| superscript_letter(c)),
    }
}

/// A vulgar fraction character as (numerator, denominator): `½` → (1, 2).
fn vulgar_fraction(c: char) -> Option<(u32, u32)> {
    Some(match c {
        '½' => (1, 2),
        '⅓' => (1, 3),
        '⅔' => (2, 3),
        '¼' => (1, 4),
        '¾' => (3, 4),
        '⅕' => (1, 5),
        '⅖' => (2, 5),
        '⅗' => (3, 5),
        '⅘' => (4, 5),
        '⅙' => (1, 6),
        '⅚' => (5, 6),
        '⅐' => (1, 7),
        '⅛' => (1, 8),
        '⅜' => (3, 8),
        '⅝' => (5, 8),
        '⅞' => (7, 8),
        '⅑' => (1, 9),
        '⅒' => (1, 10),
        _ => return None,
    })
}

fn subscript_digit(c: char) -> bool {
    ('\u{2080}'..='\u{2089}').contains(&c)
}

fn ident_start(c: char) -> bool {
    c == '_'
        || (c.is_alphabetic() && superscript_digit(c).is_none() && superscript_letter(c).is_none())
}

fn ident_continue(c: char) -> bool {
    ident_start(c) || c.is_ascii_digit() || subscript_digit(c)
}

/// Shows a character in a message; control and invisible characters as `U+XXXX`.
pub(crate) fn show_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() || ('\u{200B}'..='\u{200F}').contains(&c) {
        format!("U+{:04X}", c as u32)
    } else {
        format!("'{c}'")
    }
}

fn unexpected(c: char, at: usize) -> ParseError {
    let span = Span::new(at, at + 1);
    let message = match c {
        '=' => {
            "'=' is not part of an answer: type only the expression (2x, not y = 2x)".to_string()
        }
        '|' => "'|' is not supported: write abs(x) for |x|".to_string(),
        '!' => "'!' (factorial) is not supported".to_string(),
        '%' => "'%' is not supported: write the number as a fraction or a decimal".to_string(),
        '\'' | '′' => {
            "'′' (prime) is not part of an answer: type the derivative itself".to_string()
        }
        '∂' | '∇' => format!(
            "{} is not part of an answer: type the derivative itself, e.g. 2x",
            show_char(c)
        ),
        _ => format!("unexpected character {}", show_char(c)),
    };
    ParseError::new(ParseErrorKind::UnexpectedChar, span, message)
}

/// Splits `src` into tokens. `src` must already be known to be at most `MAX_LEN` characters.
pub(crate) fn lex(src: &str) -> Result<Vec<Token>, ParseError> {
    // room for every character at once (collecting `chars()` grows from a quarter of the bytes)
    let mut chars: Vec<char> = Vec::with_capacity(src.len());
    chars.extend(src.chars().map(normalise));
    let mut lx = Lexer {
        src,
        // at most one token per character; a formula is short, so room for all at once
        // costs less than growing
        out: Vec::with_capacity(chars.len().min(64)),
        chars,
        i: 0,
        space: false,
    };
    while lx.i < lx.chars.len() {
        lx.next_token()?;
    }
    Ok(lx.out)
}

/// The state of [`lex`]: the normalised characters, the position, the tokens so far, and
/// whether a space came since the last token.
struct Lexer<'a> {
    src: &'a str,
    chars: Vec<char>,
    out: Vec<Token>,
    i: usize,
    space: bool,
}

/// A token of one or two ASCII characters (`**` is `^`): the token and its length.
fn punctuation(c: char, next: Option<char>) -> Option<(Tok, usize)> {
    Some(match c {
        '+' => (Tok::Plus, 1),
        '-' => (Tok::Minus, 1),
        '*' if next == Some('*') => (Tok::Caret, 2),
        '*' => (Tok::Star, 1),
        '/' => (Tok::Slash, 1),
        '^' => (Tok::Caret, 1),
        '(' | '[' | '{' => (Tok::Open(c), 1),
        ')' | ']' | '}' => (Tok::Close(c), 1),
        ',' => (Tok::Comma, 1),
        '√' => (Tok::Root, 1),
        _ => return None,
    })
}

impl Lexer<'_> {
    /// Reads the token (or space) at the current position.
    fn next_token(&mut self) -> Result<(), ParseError> {
        let (c, start) = (self.chars[self.i], self.i);
        if c == ' ' {
            self.space = true;
            self.i += 1;
            return Ok(());
        }
        let tok = if let Some((tok, len)) = punctuation(c, self.chars.get(self.i + 1).copied()) {
            self.i += len;
            tok
        } else if superscript_letter(c).is_some() || c == '⁽' || has_sup_letter(&self.chars, start)
        {
            return self.superscript_run();
        } else if let Some(fraction) = vulgar_fraction(c) {
            return self.vulgar_fraction(c, fraction);
        } else if c == '⁻' || c == '⁺' || superscript_digit(c).is_some() {
            self.superscript_number()?
        } else if c.is_ascii_digit() || (c == '.' && next_is_digit(&self.chars, self.i + 1)) {
            lex_number(&self.chars, &mut self.i)?
        } else if ident_start(c) {
            self.identifier()
        } else {
            return Err(unexpected(self.src.chars().nth(start).unwrap_or(c), start));
        };
        self.push(tok, Span::new(start, self.i));
        Ok(())
    }

    /// Adds a token, with the space seen before it.
    fn push(&mut self, tok: Tok, span: Span) {
        self.out.push(Token {
            tok,
            span,
            space_before: self.space,
        });
        self.space = false;
    }

    /// `eˣ`, `e⁻²ˣ`, `x⁽ⁿ⁻¹⁾`: the run of superscripts is the exponent, read as the same
    /// characters written after `^(`…`)`.
    fn superscript_run(&mut self) -> Result<(), ParseError> {
        let (chars, start) = (&self.chars, self.i);
        let end = (start..chars.len())
            .find(|&j| unsuperscript(chars[j]).is_none())
            .unwrap_or(chars.len());
        let plain: String = chars[start..end]
            .iter()
            .filter_map(|&c| unsuperscript(c))
            .collect();
        let raised = self.out.last().is_some_and(|t: &Token| {
            matches!(
                t.tok,
                Tok::Num(_) | Tok::Ident(_) | Tok::Close(_) | Tok::Sup(_)
            )
        });
        if !raised {
            let run: String = self.src.chars().skip(start).take(end - start).collect();
            return Err(ParseError::new(
                ParseErrorKind::MissingOperand,
                Span::new(start, end),
                format!("'{run}' has nothing before it: a superscript is a power of what comes before it (eˣ)"),
            ));
        }
        let first = Span::new(start, start + 1);
        self.push(Tok::Caret, first);
        self.push(Tok::Open('('), first);
        // One plain character per superscript, so the spans carry over by an offset.
        for t in lex(&plain)? {
            self.out.push(Token {
                span: Span::new(t.span.start + start, t.span.end + start),
                ..t
            });
        }
        self.i = end;
        self.push(Tok::Close(')'), Span::new(end - 1, end));
        Ok(())
    }

    /// `½` is `(1/2)`: a fraction in parentheses, so `x/½` is 2x; after a number (`2½`) it is
    /// refused as ambiguous.
    fn vulgar_fraction(&mut self, c: char, (num, den): (u32, u32)) -> Result<(), ParseError> {
        let i = self.i;
        if let Some(prev) = self.out.last().filter(|t| matches!(t.tok, Tok::Num(_))) {
            let whole = src_slice(self.src, prev.span.start, i);
            return Err(ParseError::new(
                ParseErrorKind::Syntax,
                Span::new(prev.span.start, i + 1),
                format!(
                    "{whole}{c} could be {whole} + {num}/{den} or {whole}·{num}/{den}: \
                     write {whole} + {num}/{den} for a mixed number, or {whole}*{num}/{den}"
                ),
            ));
        }
        let span = Span::new(i, i + 1);
        for tok in [
            Tok::Open('('),
            Tok::Num(f64::from(num)),
            Tok::Slash,
            Tok::Num(f64::from(den)),
            Tok::Close(')'),
        ] {
            self.push(tok, span);
        }
        self.i += 1;
        Ok(())
    }

    /// Superscript digits with an optional superscript sign (`²`, `⁻¹`): the exponent's value.
    fn superscript_number(&mut self) -> Result<Tok, ParseError> {
        let (start, c) = (self.i, self.chars[self.i]);
        let neg = c == '⁻';
        if c == '⁻' || c == '⁺' {
            self.i += 1;
        }
        let mut value = 0f64;
        let mut digits = 0;
        while let Some(d) = self.chars.get(self.i).and_then(|&c| superscript_digit(c)) {
            value = value * 10.0 + f64::from(d);
            digits += 1;
            self.i += 1;
        }
        if digits == 0 {
            return Err(ParseError::new(
                ParseErrorKind::Syntax,
                Span::new(start, self.i),
                "a superscript sign needs superscript digits after it (x⁻¹)",
            ));
        }
        Ok(Tok::Sup(if neg { -value } else { value }))
    }

    /// A run of letters, digits and underscores starting with a letter.
    fn identifier(&mut self) -> Tok {
        let start = self.i;
        while self.chars.get(self.i).is_some_and(|&c| ident_continue(c)) {
            self.i += 1;
        }
        let run = &self.chars[start..self.i];
        let mut s = String::with_capacity(run.iter().map(|c| c.len_utf8()).sum());
        s.extend(run);
        Tok::Ident(s)
    }
}

/// Whether the run of superscripts starting at `i` holds a letter or a parenthesis (and so is
/// more than a number).
fn has_sup_letter(chars: &[char], i: usize) -> bool {
    chars[i..]
        .iter()
        .take_while(|&&c| unsuperscript(c).is_some())
        .any(|&c| superscript_letter(c).is_some() || c == '⁽' || c == '⁾')
}

/// The characters `start..end` of `src` (character offsets), trimmed.
fn src_slice(src: &str, start: usize, end: usize) -> String {
    src.chars()
        .skip(start)
        .take(end - start)
        .collect::<String>()
        .trim()
        .to_string()
}

fn next_is_digit(chars: &[char], i: usize) -> bool {
    chars.get(i).is_some_and(|c| c.is_ascii_digit())
}

fn lex_number(chars: &[char], i: &mut usize) -> Result<Tok, ParseError> {
    let start = *i;
    let mut text = NumberText::default();
    while *i < chars.len() && chars[*i].is_ascii_digit() {
        text.push(chars[*i]);
        *i += 1;
    }
    if chars.get(*i) == Some(&'.') {
        text.push('.');
        *i += 1;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            text.push(chars[*i]);
            *i += 1;
        }
        if text.as_str() == "." {
            return Err(ParseError::new(
                ParseErrorKind::Syntax,
                Span::new(start, *i),
                "a lone '.' is not a number",
            ));
        }
    }
    // An exponent only when `e`/`E` is followed by digits or a sign and digits: `2e` is 2·e and
    // `3e^x` is 3·e^x, but `2.5e-1` is 0.25.
    if matches!(chars.get(*i), Some('e' | 'E')) {
        let sign = matches!(chars.get(*i + 1), Some('+' | '-'));
        let first_digit = *i + 1 + usize::from(sign);
        if next_is_digit(chars, first_digit) {
            text.push('e');
            if sign {
                text.push(chars[*i + 1]);
            }
            *i = first_digit;
            while *i < chars.len() && chars[*i].is_ascii_digit() {
                text.push(chars[*i]);
                *i += 1;
            }
        }
    }
    if chars.get(*i) == Some(&'.') {
        return Err(ParseError::new(
            ParseErrorKind::Syntax,
            Span::new(start, *i + 1),
            "a number can have only one decimal point",
        ));
    }
    // `text` is digits, an optional fraction and an optional exponent: always a valid float
    // (a huge exponent gives infinity, which evaluation then carries along).
    let text = text.as_str();
    text.parse::<f64>().map(Tok::Num).map_err(|_| {
        ParseError::new(
            ParseErrorKind::Syntax,
            Span::new(start, *i),
            format!("'{text}' is not a number"),
        )
    })
}

/// A number's ASCII text, on the stack while it is short (numbers are read for every formula;
/// a string on the heap for each was a good part of lexing).
#[derive(Default)]
struct NumberText {
    short: [u8; 32],
    len: usize,
    long: String,
}

impl NumberText {
    fn push(&mut self, c: char) {
        if self.long.is_empty() && self.len < self.short.len() && c.is_ascii() {
            self.short[self.len] = c as u8;
            self.len += 1;
            return;
        }
        if self.long.is_empty() {
            self.long = String::from_utf8_lossy(&self.short[..self.len]).into_owned();
        }
        self.long.push(c);
    }

    fn as_str(&self) -> &str {
        if self.long.is_empty() {
            std::str::from_utf8(&self.short[..self.len]).unwrap_or("")
        } else {
            &self.long
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        lex(s).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn numbers_and_exponents() {
        assert_eq!(toks("2.5e-1"), vec![Tok::Num(0.25)]);
        assert_eq!(toks(".25"), vec![Tok::Num(0.25)]);
        assert_eq!(toks("1e-3x"), vec![Tok::Num(0.001), Tok::Ident("x".into())]);
        assert_eq!(toks("2e"), vec![Tok::Num(2.0), Tok::Ident("e".into())]);
        assert_eq!(
            toks("3e^x"),
            vec![
                Tok::Num(3.0),
                Tok::Ident("e".into()),
                Tok::Caret,
                Tok::Ident("x".into())
            ]
        );
    }

    #[test]
    fn unicode_is_normalised_and_spans_are_chars() {
        let t = lex("π·x²").unwrap();
        assert_eq!(t[0].tok, Tok::Ident("π".into()));
        assert_eq!(t[1].tok, Tok::Star);
        assert_eq!(t[2].span, Span::new(2, 3));
        assert_eq!(t[3].tok, Tok::Sup(2.0));
        assert_eq!(t[3].span, Span::new(3, 4));
        assert_eq!(toks("x⁻¹"), vec![Tok::Ident("x".into()), Tok::Sup(-1.0)]);
        assert_eq!(toks("２ｘ"), vec![Tok::Num(2.0), Tok::Ident("x".into())]);
        let t = lex("x\u{00A0}\u{3000}y").unwrap();
        assert!(t[1].space_before);
        assert_eq!(t[1].span, Span::new(3, 4));
    }

    #[test]
    fn superscript_letters_become_a_parenthesised_exponent_with_their_own_spans() {
        let t = lex("e⁻ˣ").unwrap();
        let got: Vec<(Tok, Span)> = t.into_iter().map(|t| (t.tok, t.span)).collect();
        assert_eq!(
            got,
            vec![
                (Tok::Ident("e".into()), Span::new(0, 1)),
                (Tok::Caret, Span::new(1, 2)),
                (Tok::Open('('), Span::new(1, 2)),
                (Tok::Minus, Span::new(1, 2)),
                (Tok::Ident("x".into()), Span::new(2, 3)),
                (Tok::Close(')'), Span::new(2, 3)),
            ]
        );
        assert_eq!(toks("x²"), vec![Tok::Ident("x".into()), Tok::Sup(2.0)]);
    }

    #[test]
    fn vulgar_fractions_are_a_parenthesised_quotient() {
        assert_eq!(
            toks("½"),
            vec![
                Tok::Open('('),
                Tok::Num(1.0),
                Tok::Slash,
                Tok::Num(2.0),
                Tok::Close(')')
            ]
        );
    }

    #[test]
    fn refusals_point_at_the_character() {
        let e = lex("x = 2").unwrap_err();
        assert_eq!(e.span, Span::new(2, 3));
        let e = lex("2x\u{7}").unwrap_err();
        assert!(e.message.contains("U+0007"), "{}", e.message);
        assert_eq!(e.span, Span::new(2, 3));
        assert_eq!(lex("1.2.3").unwrap_err().kind, ParseErrorKind::Syntax);
    }
}
