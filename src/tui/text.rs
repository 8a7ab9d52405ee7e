//! Text helpers for drawing: readable math in prose, and word wrapping by display width.

use ratatui::text::Span;

/// Renders the math in prose readably (superscripts, ·, √, σ, ∂): the answer language's
/// prettifier.
pub use crate::math::prettify;

/// Display width of a string (wide characters count two, combining marks none).
pub fn width(s: &str) -> usize {
    Span::raw(s).width()
}

/// Wraps text at word boundaries to lines of at most `width` columns; explicit line breaks are
/// kept and words longer than a line are split.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut out = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        let mut line_w = 0;
        for word in para.split(' ') {
            let ww = width(word);
            let sep = usize::from(!line.is_empty());
            if line_w + sep + ww <= max {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                line_w += sep + ww;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                line_w = 0;
            }
            if ww <= max {
                line.push_str(word);
                line_w = ww;
            } else {
                for ch in word.chars() {
                    let cw = width(ch.encode_utf8(&mut [0; 4]));
                    if line_w + cw > max {
                        out.push(std::mem::take(&mut line));
                        line_w = 0;
                    }
                    line.push(ch);
                    line_w += cw;
                }
            }
        }
        out.push(line);
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// Cuts a string to `max` columns, ending with `…` when it was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for ch in s.chars() {
        let cw = width(ch.encode_utf8(&mut [0; 4]));
        if w + cw + 1 > max {
            break;
        }
        out.push(ch);
        w += cw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_words_and_splits_long_ones() {
        assert_eq!(wrap("the chain rule says", 9), ["the chain", "rule says"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
        assert_eq!(truncate("gradient", 5), "grad…");
        assert_eq!(width("π²漢"), 4);
    }
}
