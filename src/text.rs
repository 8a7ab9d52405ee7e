//! Numbers, points and names as a person reads them: one set of rules for feedback, the
//! stepper, `validate` and the files written back.
//!
//! Every number shown is rounded once, to a number of significant figures, by [`round_sig`];
//! the two notations built on it differ only in where scientific notation starts and whether
//! whole-number digits may be rounded away:
//! - [`sig`] (the stepper, plots, `validate`): exactly `n` figures (`12346` → `12350` with 4);
//!   scientific below 10⁻⁴ and from 10^max(n, 5).
//! - [`num_sig`] (feedback on answers): `n` figures, but the digits of a whole number below
//!   10⁵ are kept (`12346` stays `12346`: a student's own number is never shown changed);
//!   scientific below 10⁻⁴ and from 10⁵.
//!
//! Both drop trailing zeros, never print `-0`, and say `inf`/`-inf`; NaN is `NaN` in [`sig`]
//! and `undefined` in feedback.

/// A finite, non-zero `v` rounded to `n` significant figures: the sign, the `n` digits, and
/// the decimal exponent of the first one (`1234.5`, 3 → `(false, "123", 3)`). Rounding can carry
/// into a new digit (9.9996, 4 → `"1000"`, exponent 1).
pub fn round_sig(v: f64, n: usize) -> (bool, String, i32) {
    let n = n.clamp(1, 17);
    let sci = format!("{:.*e}", n - 1, v);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    (negative, digits, exp)
}

/// `0`, `inf`, `-inf`, or `nan` for the values that have no digits to round.
fn special(v: f64, nan: &str) -> Option<String> {
    if v.is_nan() {
        Some(nan.to_string())
    } else if v.is_infinite() {
        Some(if v > 0.0 { "inf" } else { "-inf" }.to_string())
    } else if v == 0.0 {
        Some("0".to_string())
    } else {
        None
    }
}

/// Digits with the decimal point placed for exponent `exp` (`"1235"`, 1 → `12.35`), padded
/// with zeros as needed, trailing zeros dropped.
fn positional(negative: bool, digits: &str, exp: i32) -> String {
    let mut s = String::from(if negative { "-" } else { "" });
    if exp < 0 {
        s.push_str("0.");
        s.push_str(&"0".repeat((-exp - 1) as usize));
        s.push_str(digits);
    } else {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            s.push_str(digits);
            s.push_str(&"0".repeat(int_len - digits.len()));
        } else {
            s.push_str(&digits[..int_len]);
            s.push('.');
            s.push_str(&digits[int_len..]);
        }
    }
    let s = trim_zeros(&s);
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// `d.ddde±x` with trailing zeros of the mantissa dropped (`1.5e12`, `-2e-8`).
fn scientific(negative: bool, digits: &str, exp: i32) -> String {
    let (first, rest) = digits.split_at(1.min(digits.len()));
    let mantissa = trim_zeros(&format!("{first}.{rest}"));
    format!("{}{mantissa}e{exp}", if negative { "-" } else { "" })
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// `v` with exactly `n` significant figures, trailing zeros dropped: `3.59`, `2215`, `6.7e20`,
/// `-1.2e-7`. Scientific notation below 10⁻⁴ and from 10^max(n, 5).
pub fn sig(v: f64, n: usize) -> String {
    if let Some(s) = special(v, "NaN") {
        return s;
    }
    let (negative, digits, exp) = round_sig(v, n);
    if exp < -4 || exp >= n.clamp(1, 17).max(5) as i32 {
        scientific(negative, &digits, exp)
    } else {
        positional(negative, &digits, exp)
    }
}

/// `v` for feedback: `n` significant figures, but the digits of a whole number below 10⁵ are
/// never rounded away (`12345.6` → `12346` with 4); scientific notation below 10⁻⁴ and from
/// 10⁵ (`1.235e5`, `2e-8`). NaN is `undefined`.
pub fn num_sig(v: f64, n: usize) -> String {
    if let Some(s) = special(v, "undefined") {
        return s;
    }
    // The notation follows the size of `v` itself, before rounding.
    let e = v.abs().log10().floor() as i32;
    let (negative, digits, exp) = round_sig(v, n);
    if !(-4..5).contains(&e) {
        return scientific(negative, &digits, exp);
    }
    if e >= n.clamp(1, 17) as i32 {
        // More whole-number digits than figures: round to a whole number instead.
        let s = format!("{v:.0}");
        return if s == "-0" { "0".to_string() } else { s };
    }
    positional(negative, &digits, exp)
}

/// `v` with 4 significant figures, for feedback.
pub fn num(v: f64) -> String {
    num_sig(v, 4)
}

/// Two values that differ, shown with enough digits (at least 4) that they look different.
pub fn pair(a: f64, t: f64) -> (String, String) {
    for n in 4..=15 {
        let (x, y) = (num_sig(a, n), num_sig(t, n));
        if x != y {
            return (x, y);
        }
    }
    (num_sig(a, 17), num_sig(t, 17))
}

/// A coordinate as it was chosen (already rounded for display): up to 6 significant figures.
pub fn coord(v: f64) -> String {
    num_sig(v, 6)
}

/// `x = 1.3` or `(x, y) = (1.3, -0.4)`.
pub fn point(vars: &[String], p: &[f64]) -> String {
    match (vars, p) {
        ([v], [x]) => format!("{v} = {}", coord(*x)),
        _ => {
            let names: Vec<&str> = vars.iter().map(|s| s.as_str()).collect();
            let vals: Vec<String> = p.iter().map(|x| coord(*x)).collect();
            format!("({}) = ({})", names.join(", "), vals.join(", "))
        }
    }
}

/// A list of numbers as `(0.03, -0.1)`, or one number alone.
pub fn tuple(vals: &[f64]) -> String {
    let v: Vec<String> = vals.iter().map(|x| num(*x)).collect();
    if v.len() == 1 {
        v[0].clone()
    } else {
        format!("({})", v.join(", "))
    }
}

/// `text` with every number's sign typeset as the minus sign, as the screens write numbers
/// (`−0.5`, the graph screen's adjoints; `(−1)`): a hyphen-minus before a digit (or `inf`) that
/// does not follow a letter or digit. Hyphens in words (`x-axis`) and subtractions in ASCII
/// formulas (`x-2`) are left alone. The screens put feedback written with [`num`] through it,
/// so that a number reads the same in a message as in a table beside it.
pub fn minus_signs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let after = chars.get(i + 1).copied();
        let number = after.is_some_and(|a| a.is_ascii_digit() || a == '.' || a == 'i');
        let infinite = after != Some('i') || chars[i + 1..].starts_with(&['i', 'n', 'f']);
        let bound = i.checked_sub(1).is_some_and(|j| chars[j].is_alphanumeric());
        if c == '-' && number && infinite && !bound {
            out.push('−');
        } else {
            out.push(c);
        }
    }
    out
}

/// A value rounded to a "nice" number of decimals for a point a student can check by hand:
/// two decimals on a domain from 1 to 100 wide, more on narrower ones, fewer on wider ones.
pub fn round_for_display(x: f64, width: f64) -> f64 {
    let width = if width > 0.0 && width.is_finite() {
        width
    } else {
        1.0
    };
    let decimals = (2.0 - (width.log10().floor())).clamp(0.0, 12.0) as i32;
    let decimals = if (1.0..100.0).contains(&width) {
        2
    } else {
        decimals
    };
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// A number as formula text that reads back to the same value: whole numbers without a
/// fraction (`3`, not `3.0`), others in Rust's shortest round-trip form (`0.5`, `1e-7`).
pub fn exact(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:?}")
    }
}

/// `12` as `₁₂`: function indices in labels (f₁, f₂) and iterates (x₃).
pub fn subscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    n.to_string()
        .chars()
        .map(|c| c.to_digit(10).map_or(c, |d| DIGITS[d as usize]))
        .collect()
}

/// `²`, `³`, `⁴` for the order of a derivative (nothing for 1).
pub fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    if n == 1 {
        return String::new();
    }
    n.to_string()
        .chars()
        .map(|c| c.to_digit(10).map_or(c, |d| DIGITS[d as usize]))
        .collect()
}

/// "1st", "2nd", "3rd", "4th", ..., "11th", "23rd".
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `s` with its first letter in upper case.
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// `s` with its first letter in lower case (to follow a colon).
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// `1 row`, `3 rows`: a count with the singular or plural word.
pub fn plural(n: usize, unit: (&str, &str)) -> String {
    format!("{n} {}", if n == 1 { unit.0 } else { unit.1 })
}

/// A name as it compares across spellings: `x₁`, `x_1` and `x1` are one name.
pub fn plain_name(name: &str) -> String {
    name.chars()
        .filter(|&c| c != '_')
        .map(|c| match c {
            '₀'..='₉' => char::from(b'0' + (c as u32 - '₀' as u32) as u8),
            c => c,
        })
        .collect()
}

/// Whether `c` may be part of a name in prose: a letter (`x`, `ℓ`, `σ`), a digit or a subscript.
fn name_char(c: char) -> bool {
    c.is_alphabetic() || c.is_ascii_digit() || c == '_' || ('₀'..='₉').contains(&c)
}

/// The functions a prompt writes with their variables, `f(x, y)`, `z(x, y)`, `L(w₀, b₀)`: each
/// name (a short run of name characters right before `(`) with the names listed inside.
pub fn signatures(prompt: &str) -> Vec<(String, Vec<String>)> {
    let chars: Vec<char> = prompt.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != '(' {
            continue;
        }
        let start = (0..i).rev().take_while(|&j| name_char(chars[j])).last();
        let Some(start) = start else { continue };
        let name: String = chars[start..i].iter().collect();
        let Some(len) = chars[i + 1..].iter().position(|&c| c == ')') else {
            continue;
        };
        let inside: String = chars[i + 1..i + 1 + len].iter().collect();
        let args: Vec<String> = inside.split(',').map(|a| a.trim().to_string()).collect();
        let plain = |a: &String| {
            a.chars().next().is_some_and(char::is_alphabetic) && a.chars().all(name_char)
        };
        if name.chars().count() <= 3 && args.iter().all(plain) {
            out.push((name, args));
        }
    }
    out
}

/// The names a prompt differentiates, `∂z/∂x`, `∂²f/∂x∂y`, `∂ℓ/∂z`: each (function, variable)
/// pair, the function's name non-empty.
pub fn partials_written(prompt: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = prompt.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != '∂' || chars.get(i.wrapping_sub(1)) == Some(&'/') {
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && "²³⁴".contains(chars[j]) {
            j += 1;
        }
        let name_len = chars[j..].iter().take_while(|&&c| name_char(c)).count();
        let slash = j + name_len;
        if name_len == 0 || name_len > 3 || chars.get(slash) != Some(&'/') {
            continue;
        }
        if chars.get(slash + 1) != Some(&'∂') {
            continue;
        }
        let var: String = chars[slash + 2..]
            .iter()
            .take_while(|&&c| name_char(c))
            .collect();
        if !var.is_empty() {
            out.push((chars[j..slash].iter().collect(), var));
        }
    }
    out
}

/// Items joined as a person lists them: `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_numbers_sign_is_the_minus_sign_and_nothing_else_changes() {
        use super::minus_signs;
        assert_eq!(
            minus_signs("-0.4 is not right: it is too large. ∂L/∂a = −0.5."),
            "−0.4 is not right: it is too large. ∂L/∂a = −0.5."
        );
        assert_eq!(
            minus_signs("(1.3, -0.4) and -inf, -2e-8"),
            "(1.3, −0.4) and −inf, −2e-8"
        );
        assert_eq!(
            minus_signs("the x-axis, x-2, a -b"),
            "the x-axis, x-2, a -b"
        );
    }

    use super::*;

    #[test]
    fn functions_and_partials_as_a_prompt_writes_them() {
        let sig = signatures("Find ∇f for f(x, y) = y·x³ + g(2), and L(w₀, b₀).");
        assert_eq!(
            sig,
            vec![
                ("f".to_string(), vec!["x".to_string(), "y".to_string()]),
                ("L".to_string(), vec!["w₀".to_string(), "b₀".to_string()]),
            ]
        );
        assert!(signatures("(x + 1)(x − 1) and sin(3x)").is_empty());
        let parts = partials_written("Let z = x²·sin y. Find ∂z/∂x, then ∂²f/∂y∂x and ∂/∂y.");
        assert_eq!(
            parts,
            vec![
                ("z".to_string(), "x".to_string()),
                ("f".to_string(), "y".to_string())
            ]
        );
        assert_eq!(plain_name("x₁"), plain_name("x_1"));
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
    }

    #[test]
    fn feedback_numbers_keep_whole_digits() {
        assert_eq!(num(4.2), "4.2");
        assert_eq!(num(5.0712), "5.071");
        assert_eq!(num(-0.000123456), "-0.0001235");
        assert_eq!(num(2.0002713e-8), "2e-8");
        assert_eq!(num(1.5e12), "1.5e12");
        assert_eq!(num(123456.0), "1.235e5");
        assert_eq!(num(12345.6), "12346");
        assert_eq!(num(9.9996), "10");
        assert_eq!(num(-0.00001), "-1e-5");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(f64::INFINITY), "inf");
        assert_eq!(num(f64::NAN), "undefined");
        assert_eq!(num_sig(1234567.0, 10), "1.234567e6");
    }

    #[test]
    fn exact_figures_for_the_stepper() {
        let cases: &[(f64, usize, &str)] = &[
            (3.59, 4, "3.59"),
            (2215.303, 4, "2215"),
            (6.672346531410423e20, 2, "6.7e20"),
            (-1.2e-7, 2, "-1.2e-7"),
            (0.1, 4, "0.1"),
            (-121.4, 4, "-121.4"),
            (9.99996, 4, "10"),
            (12346.0, 4, "12350"),
            (123456.0, 4, "1.235e5"),
            (0.000123456, 3, "0.000123"),
            (0.0000123456, 3, "1.23e-5"),
            (0.0, 4, "0"),
            (-0.0, 4, "0"),
            (-0.00001, 1, "-1e-5"),
            (-0.00049, 1, "-0.0005"),
            (1e5, 4, "1e5"),
            (0.5, 4, "0.5"),
            (-4.0, 4, "-4"),
            (f64::NAN, 4, "NaN"),
        ];
        for (v, n, want) in cases {
            assert_eq!(sig(*v, *n), *want, "sig({v}, {n})");
        }
    }

    #[test]
    fn pairs_show_enough_digits_to_differ() {
        assert_eq!(pair(1.00001, 1.0), ("1.00001".to_string(), "1".to_string()));
        assert_eq!(pair(4.2, 5.07), ("4.2".to_string(), "5.07".to_string()));
    }

    #[test]
    fn points_and_tuples() {
        assert_eq!(point(&["x".into()], &[1.3]), "x = 1.3");
        assert_eq!(
            point(&["x".into(), "y".into()], &[1.3, -0.4]),
            "(x, y) = (1.3, -0.4)"
        );
        assert_eq!(tuple(&[0.03, -0.1]), "(0.03, -0.1)");
        assert_eq!(tuple(&[2.0]), "2");
    }

    #[test]
    fn display_rounding() {
        assert_eq!(round_for_display(1.28374, 6.0), 1.28);
        assert_eq!(round_for_display(0.012345, 0.05), 0.0123);
        assert_eq!(round_for_display(123.456, 500.0), 123.0);
    }

    #[test]
    fn exact_text_reads_back() {
        assert_eq!(exact(3.0), "3");
        assert_eq!(exact(0.5), "0.5");
        assert_eq!(exact(1e-7), "1e-7");
        for x in [0.1, 2.000271e-8, 1e300, -3.5] {
            assert_eq!(exact(x).parse::<f64>().unwrap(), x);
        }
    }

    #[test]
    fn words_and_marks() {
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(12), "12th");
        assert_eq!(ordinal(23), "23rd");
        assert_eq!(subscript(12), "₁₂");
        assert_eq!(subscript(0), "₀");
        assert_eq!(superscript(1), "");
        assert_eq!(superscript(2), "²");
        assert_eq!(capitalize("row 1"), "Row 1");
        assert_eq!(lower_first("It is"), "it is");
        assert_eq!(plural(1, ("row", "rows")), "1 row");
        assert_eq!(plural(3, ("row", "rows")), "3 rows");
    }
}
