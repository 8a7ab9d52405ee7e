//! Numbers and points as a student reads them in feedback.

/// `v` with `sig` significant figures, trailing zeros dropped (`4.2`, `5.07`, `2e-8`, `-1.5e+12`).
pub(crate) fn num_sig(v: f64, sig: usize) -> String {
    if v.is_nan() {
        return "undefined".to_string();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if v == 0.0 {
        return "0".to_string();
    }
    let sig = sig.clamp(1, 17);
    let e = v.abs().log10().floor() as i32;
    if (-4..5).contains(&e) {
        let decimals = (sig as i32 - 1 - e).max(0) as usize;
        let s = format!("{v:.decimals$}");
        // Rounding can carry into a new digit (9.9996 -> 10.000); that is still fine to show.
        let s = trim_fraction(&s);
        if s == "-0" {
            "0".to_string()
        } else {
            s
        }
    } else {
        let s = format!("{v:.prec$e}", prec = sig - 1);
        match s.split_once('e') {
            Some((mant, exp)) => format!("{}e{}", trim_fraction(mant), exp),
            None => s,
        }
    }
}

fn trim_fraction(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// `v` with 4 significant figures.
pub(crate) fn num(v: f64) -> String {
    num_sig(v, 4)
}

/// Two values that differ, shown with enough digits (at least 4) that they look different.
pub(crate) fn pair(a: f64, t: f64) -> (String, String) {
    for sig in 4..=15 {
        let (x, y) = (num_sig(a, sig), num_sig(t, sig));
        if x != y {
            return (x, y);
        }
    }
    (num_sig(a, 17), num_sig(t, 17))
}

/// A coordinate as it was chosen (already rounded for display): up to 6 significant figures.
pub(crate) fn coord(v: f64) -> String {
    num_sig(v, 6)
}

/// `x = 1.3` or `(x, y) = (1.3, -0.4)`.
pub(crate) fn point(vars: &[String], p: &[f64]) -> String {
    match (vars, p) {
        ([v], [x]) => format!("{v} = {}", coord(*x)),
        _ => {
            let names: Vec<&str> = vars.iter().map(|s| s.as_str()).collect();
            let vals: Vec<String> = p.iter().map(|x| coord(*x)).collect();
            format!("({}) = ({})", names.join(", "), vals.join(", "))
        }
    }
}

/// A list of numbers as `(0.03, -0.1)`.
pub(crate) fn tuple(vals: &[f64]) -> String {
    let v: Vec<String> = vals.iter().map(|x| num(*x)).collect();
    if v.len() == 1 {
        v[0].clone()
    } else {
        format!("({})", v.join(", "))
    }
}

/// A value rounded to a "nice" number of decimals for a point a student can check by hand:
/// two decimals on a domain wider than 1, more on narrower ones.
pub(crate) fn round_for_display(x: f64, width: f64) -> f64 {
    let width = if width > 0.0 && width.is_finite() {
        width
    } else {
        1.0
    };
    // Two decimals for widths from 1 to 100, fewer on wider domains, more on narrower ones.
    let decimals = (2.0 - (width.log10().floor())).clamp(0.0, 12.0) as i32;
    let decimals = if (1.0..100.0).contains(&width) {
        2
    } else {
        decimals
    };
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// `x`, `y` subscripts for function indices in labels: f₁, f₂, ...
pub(crate) fn subscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    n.to_string()
        .chars()
        .map(|c| c.to_digit(10).map(|d| DIGITS[d as usize]).unwrap_or(c))
        .collect()
}

/// "1st", "2nd", "3rd", "4th", ...
pub(crate) fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_figures() {
        assert_eq!(num(4.2), "4.2");
        assert_eq!(num(5.0712), "5.071");
        assert_eq!(num(-0.000123456), "-0.0001235");
        assert_eq!(num(2.0002713e-8), "2e-8");
        assert_eq!(num(1.5e12), "1.5e12");
        assert_eq!(num(123456.0), "1.235e5");
        assert_eq!(num(12345.6), "12346");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(f64::INFINITY), "inf");
    }

    #[test]
    fn pairs_show_enough_digits_to_differ() {
        assert_eq!(pair(1.00001, 1.0), ("1.00001".to_string(), "1".to_string()));
        assert_eq!(pair(4.2, 5.07), ("4.2".to_string(), "5.07".to_string()));
    }

    #[test]
    fn points() {
        assert_eq!(point(&["x".into()], &[1.3]), "x = 1.3");
        assert_eq!(
            point(&["x".into(), "y".into()], &[1.3, -0.4]),
            "(x, y) = (1.3, -0.4)"
        );
    }

    #[test]
    fn display_rounding() {
        assert_eq!(round_for_display(1.28374, 6.0), 1.28);
        assert_eq!(round_for_display(0.012345, 0.05), 0.0123);
        assert_eq!(round_for_display(123.456, 500.0), 123.0);
    }

    #[test]
    fn ordinals_and_subscripts() {
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(12), "12th");
        assert_eq!(ordinal(23), "23rd");
        assert_eq!(subscript(12), "₁₂");
    }
}
