//! Best-effort typesetting of instructors' prose prompts for the terminal.
//!
//! Conservative by design: it only rewrites what cannot mean anything else in prose.
//! `x^2` → `x²`, `x^-1` → `x⁻¹`, `2*x` → `2·x`, `sqrt(` → `√(`, the words `pi`, `sigma`,
//! `alpha`, `theta`, `lambda`, `eta`, `mu`, `epsilon` → Greek letters, `partial f/partial x` →
//! `∂f/∂x`, `<=` `>=` `!=` → `≤` `≥` `≠`. Markdown emphasis (`*word*`) is left alone.

const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

const WORDS: [(&str, &str); 8] = [
    ("pi", "π"),
    ("sigma", "σ"),
    ("alpha", "α"),
    ("theta", "θ"),
    ("lambda", "λ"),
    ("eta", "η"),
    ("mu", "μ"),
    ("epsilon", "ε"),
];

fn operand_end(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, ')' | ']' | '²' | '³' | '¹' | '.' | '_')
}

fn operand_start(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '(' | '[' | '√' | '.' | '_')
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Rewrites prose math for display. Never fails; text it does not recognise is kept as is.
pub fn prettify(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let partial = partial_positions(&chars);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        // Each rule writes what it recognises at `i` and says where the rest begins.
        i = power(&chars, i, &mut out)
            .or_else(|| product(&chars, i, &mut out))
            .or_else(|| comparison(&chars, i, &mut out))
            .or_else(|| word(&chars, i, &partial, &mut out))
            .unwrap_or_else(|| {
                out.push(chars[i]);
                i + 1
            });
    }
    out
}

/// A power after an operand, `^2`, `^-1` or `**2`, as superscripts: up to four digits, not
/// followed by a decimal point.
fn power(chars: &[char], i: usize, out: &mut String) -> Option<usize> {
    let caret_len = match (chars[i], chars.get(i + 1)) {
        ('^', _) => 1,
        ('*', Some('*')) => 2,
        _ => return None,
    };
    if !i.checked_sub(1).is_some_and(|j| operand_end(chars[j])) {
        return None;
    }
    let mut j = i + caret_len;
    let neg = chars.get(j) == Some(&'-');
    if neg {
        j += 1;
    }
    let d0 = j;
    while j < chars.len() && chars[j].is_ascii_digit() {
        j += 1;
    }
    let fraction =
        chars.get(j) == Some(&'.') && chars.get(j + 1).is_some_and(|c| c.is_ascii_digit());
    if j == d0 || fraction || j - d0 > 4 {
        return None;
    }
    if neg {
        out.push('⁻');
    }
    for &d in &chars[d0..j] {
        out.push(SUP[d as usize - '0' as usize]);
    }
    Some(j)
}

/// `*` between two operands (`2*x`, or `2 * x` with a space on each side) as `·`; any other
/// `*` is kept (Markdown emphasis).
fn product(chars: &[char], i: usize, out: &mut String) -> Option<usize> {
    if chars[i] != '*' {
        return None;
    }
    let prev = i.checked_sub(1).map(|j| chars[j]);
    let next = chars.get(i + 1).copied();
    let tight = prev.is_some_and(operand_end) && next.is_some_and(operand_start);
    let spaced = prev == Some(' ')
        && next == Some(' ')
        && i >= 2
        && operand_end(chars[i - 2])
        && chars.get(i + 2).is_some_and(|&c| operand_start(c));
    out.push(if tight || spaced { '·' } else { '*' });
    Some(i + 1)
}

/// `<=`, `>=` and `!=` as `≤`, `≥` and `≠`.
fn comparison(chars: &[char], i: usize, out: &mut String) -> Option<usize> {
    let c = chars[i];
    if !(matches!(c, '<' | '>' | '!') && chars.get(i + 1) == Some(&'=')) {
        return None;
    }
    out.push(match c {
        '<' => '≤',
        '>' => '≥',
        _ => '≠',
    });
    Some(i + 2)
}

/// A whole word starting at `i`: `sqrt(` as `√(`, `partial` in a derivative (at one of
/// `partial`'s positions) as `∂` joined to its variable, a Greek letter's name as the letter;
/// any other word as it is.
fn word(chars: &[char], i: usize, partial: &[usize], out: &mut String) -> Option<usize> {
    if !is_word(chars[i]) || i.checked_sub(1).is_some_and(|j| is_word(chars[j])) {
        return None;
    }
    let mut j = i;
    while j < chars.len() && is_word(chars[j]) {
        j += 1;
    }
    let word: String = chars[i..j].iter().collect();
    if word == "sqrt" && chars.get(j) == Some(&'(') {
        out.push('√');
        return Some(j);
    }
    if word == "partial" && partial.contains(&i) {
        out.push('∂');
        // `partial L` → `∂L`
        let mut k = j;
        while chars.get(k) == Some(&' ') {
            k += 1;
        }
        return Some(if chars.get(k).is_some_and(|&c| is_word(c)) {
            k
        } else {
            j
        });
    }
    match WORDS.iter().find(|(w, _)| *w == word) {
        Some((_, g)) => out.push_str(g),
        None => out.push_str(&word),
    }
    Some(j)
}

/// Start positions of the word `partial` in `partial f / partial x` or `partial/partial x`.
fn partial_positions(chars: &[char]) -> Vec<usize> {
    let word_at = |i: usize, w: &str| -> bool {
        let wc: Vec<char> = w.chars().collect();
        chars.get(i..i + wc.len()) == Some(&wc[..])
            && !i.checked_sub(1).is_some_and(|j| is_word(chars[j]))
            && !chars.get(i + wc.len()).is_some_and(|&c| is_word(c))
    };
    let skip_spaces = |mut i: usize| {
        while chars.get(i) == Some(&' ') {
            i += 1;
        }
        i
    };
    let mut found = Vec::new();
    for i in 0..chars.len() {
        if !word_at(i, "partial") {
            continue;
        }
        // partial, optional spaces, an optional name, optional spaces, '/', spaces, partial, name
        let mut j = skip_spaces(i + 7);
        while chars.get(j).is_some_and(|&c| is_word(c)) {
            j += 1;
        }
        j = skip_spaces(j);
        if chars.get(j) != Some(&'/') {
            continue;
        }
        let k = skip_spaces(j + 1);
        if word_at(k, "partial") {
            let after = skip_spaces(k + 7);
            if chars.get(after).is_some_and(|&c| c.is_alphabetic()) {
                found.push(i);
                found.push(k);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::prettify;

    #[test]
    fn rewrites_math() {
        assert_eq!(prettify("f(x) = 3x^2 + x^-1"), "f(x) = 3x² + x⁻¹");
        assert_eq!(prettify("x**3 and 2*x"), "x³ and 2·x");
        assert_eq!(prettify("sqrt(x) + sigma(z) * pi"), "√(x) + σ(z) · π");
        assert_eq!(
            prettify("Find partial L/partial w when alpha <= 1"),
            "Find ∂L/∂w when α ≤ 1"
        );
        assert_eq!(prettify("partial/partial x of f"), "∂/∂x of f");
    }

    #[test]
    fn leaves_prose_alone() {
        let prose = "This is *important*: a partial derivative, the sigmoid, spin, x^2.5, pie.";
        assert_eq!(prettify(prose), prose);
        assert_eq!(prettify(""), "");
        assert_eq!(prettify("^^**"), "^^**");
    }
}
