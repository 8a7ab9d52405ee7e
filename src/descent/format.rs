//! Numbers as the stepper shows them: a fixed number of significant figures, short.

/// `v` with `sig` significant figures, trailing zeros dropped: `3.59`, `2215`, `6.7e20`,
/// `-1.2e-7`. Scientific notation below 10⁻⁴ and from 10^max(sig, 5) up.
pub fn fmt_sig(v: f64, sig: usize) -> String {
    let sig = sig.clamp(1, 17);
    if v.is_nan() {
        return "NaN".to_string();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if v == 0.0 {
        return "0".to_string();
    }
    // One exact rounding to `sig` figures; the decimal form is then built from its digits,
    // so 9.9996 (4 figures) becomes 10 and 12346 becomes 12350.
    let sci = format!("{:.*e}", sig - 1, v);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= sig.max(5) as i32 {
        return format!("{}e{}", trim_zeros(mantissa), exp);
    }
    let (sign, digits) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = digits.chars().filter(char::is_ascii_digit).collect();
    let mut s = String::from(sign);
    if exp < 0 {
        s.push_str("0.");
        s.push_str(&"0".repeat((-exp - 1) as usize));
        s.push_str(&digits);
    } else {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            s.push_str(&digits);
            s.push_str(&"0".repeat(int_len - digits.len()));
        } else {
            s.push_str(&digits[..int_len]);
            s.push('.');
            s.push_str(&digits[int_len..]);
        }
    }
    trim_zeros(&s)
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// `12` as `₁₂`.
pub fn subscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    n.to_string()
        .chars()
        .map(|c| c.to_digit(10).map_or(c, |d| DIGITS[d as usize]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_figures() {
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
            (-0.00001, 1, "-1e-5"),
            (-0.00004, 1, "-4e-5"),
            (1e5, 4, "1e5"),
            (0.5, 4, "0.5"),
            (-4.0, 4, "-4"),
        ];
        for (v, sig, want) in cases {
            assert_eq!(fmt_sig(*v, *sig), *want, "fmt_sig({v}, {sig})");
        }
    }

    #[test]
    fn tiny_negative_values_never_print_as_minus_zero() {
        assert_eq!(fmt_sig(-0.0, 4), "0");
        assert_eq!(fmt_sig(-0.00049, 1), "-0.0005");
    }

    #[test]
    fn subscripts() {
        assert_eq!(subscript(0), "₀");
        assert_eq!(subscript(25), "₂₅");
    }
}
