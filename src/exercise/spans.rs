//! From byte offsets (what the TOML parser gives) to the 1-based line and character column
//! an instructor sees, including positions inside a formula string.

use super::Pos;

/// Line starts of one file, to turn byte offsets into [`Pos`].
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The line and character column of a byte offset (clamped to the text).
    pub(crate) fn pos(&self, byte: usize) -> Pos {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= byte);
        let start = self.starts[line - 1];
        let col = self.text[start..byte].chars().count() + 1;
        Pos { line, col }
    }
}

/// The byte offset in the file of character `ch` of the value of the TOML token at `token`
/// (a string with its quotes, or a bare number).
///
/// Escapes are followed exactly: `\n` and `\"` are two characters in the file and one in the
/// value, `\u00e9` six, `\U0001F600` ten, `\x41` four; a line-ending backslash in a multi-line
/// basic string stands for nothing. The newline right after an opening `"""` or `'''` is
/// skipped, as TOML says.
pub(crate) fn offset_in_value(text: &str, token: std::ops::Range<usize>, ch: usize) -> usize {
    let Some(raw) = text.get(token.clone()) else {
        return token.start.min(text.len());
    };
    let (delim, basic) = if raw.starts_with("\"\"\"") {
        ("\"\"\"", true)
    } else if raw.starts_with("'''") {
        ("'''", false)
    } else if raw.starts_with('"') {
        ("\"", true)
    } else if raw.starts_with('\'') {
        ("'", false)
    } else {
        // A bare token (a number written where a formula goes): characters are characters.
        return token.start
            + raw
                .char_indices()
                .nth(ch)
                .map(|(i, _)| i)
                .unwrap_or(raw.len());
    };
    let mut body = &raw[delim.len()..];
    let mut base = token.start + delim.len();
    if delim.len() == 3 {
        for nl in ["\r\n", "\n"] {
            if let Some(rest) = body.strip_prefix(nl) {
                body = rest;
                base += nl.len();
                break;
            }
        }
    }
    // The body without the closing delimiter (when it is there).
    let body = body.strip_suffix(delim).unwrap_or(body);
    let mut decoded = 0;
    let mut it = body.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next = it.peek().map(|&(_, n)| n);
        if basic && c == '\\' && delim.len() == 3 && matches!(next, Some(' ' | '\t' | '\r' | '\n'))
        {
            // Line-ending backslash: it and all following whitespace stand for nothing.
            while matches!(it.peek(), Some((_, ' ' | '\t' | '\r' | '\n'))) {
                it.next();
            }
            continue;
        }
        if decoded == ch {
            return base + i;
        }
        if let (true, '\\', Some(kind)) = (basic, c, next) {
            let extra = match kind {
                'u' => 5,
                'U' => 9,
                'x' => 3,
                _ => 1,
            };
            for _ in 0..extra {
                it.next();
            }
        }
        decoded += 1;
    }
    base + body.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos_of(text: &str, ch: usize) -> usize {
        let start = text.find('=').map(|i| i + 2).unwrap_or(0);
        offset_in_value(text, start..text.len(), ch)
    }

    #[test]
    fn lines_and_character_columns() {
        let text = "a = 1\nπ = \"é\"\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.pos(0), Pos { line: 1, col: 1 });
        assert_eq!(idx.pos(4), Pos { line: 1, col: 5 });
        assert_eq!(idx.pos(6), Pos { line: 2, col: 1 });
        // `"` after `π = ` is the fifth character of line 2 although `π` is two bytes.
        let quote = text.find('"').unwrap_or(0);
        assert_eq!(idx.pos(quote), Pos { line: 2, col: 5 });
        assert_eq!(idx.pos(text.len()), Pos { line: 3, col: 1 });
    }

    #[test]
    fn characters_inside_strings() {
        let t = "f = \"ab+c\"";
        assert_eq!(&t[pos_of(t, 2)..pos_of(t, 2) + 1], "+");
        let t = "f = 'ab+c'";
        assert_eq!(&t[pos_of(t, 2)..pos_of(t, 2) + 1], "+");
        // `\"` is two characters in the file, one in the value.
        let t = r#"f = "a\"b+c""#;
        assert_eq!(&t[pos_of(t, 3)..pos_of(t, 3) + 1], "+");
        let t = r#"f = "\u00e9+c""#;
        assert_eq!(&t[pos_of(t, 1)..pos_of(t, 1) + 1], "+");
        let t = "f = \"\"\"\nab\\\n   +c\"\"\"";
        assert_eq!(&t[pos_of(t, 2)..pos_of(t, 2) + 1], "+");
        let t = "f = '''\nab\n+c'''";
        assert_eq!(&t[pos_of(t, 3)..pos_of(t, 3) + 1], "+");
        let t = "f = 12.5";
        assert_eq!(&t[pos_of(t, 2)..pos_of(t, 2) + 1], ".");
        // Past the end: the end of the body.
        let t = "f = \"ab\"";
        assert_eq!(pos_of(t, 9), t.len() - 1);
    }
}
