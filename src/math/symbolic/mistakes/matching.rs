//! Matching an answer against the wrong derivatives: comparing vectors of values.
//!
//! The caller (the checker) owns the points and the tolerance: it evaluates every wrong
//! derivative once at its usable sample points, drops those that coincide with the truth
//! ([`usable_rows`]), and for each wrong answer asks [`first_match`]. A wrong derivative is named
//! only when it matches the answer at *every* point: never on a partial match.

/// Which rows of `table` may name a mistake: finite at every point, and different from the
/// truth at one point at least (a wrong rule that gives the right derivative here must never
/// call a right answer a mistake). `same(j, a, b)` says whether values `a` and `b` are equal
/// at point `j` to the caller's tolerance, `a` being the compared value and `b` the reference.
pub fn usable_rows(
    table: &[Vec<f64>],
    truth: &[f64],
    same: impl Fn(usize, f64, f64) -> bool,
) -> Vec<bool> {
    table
        .iter()
        .map(|row| {
            row.len() == truth.len()
                && !row.is_empty()
                && row.iter().all(|v| v.is_finite())
                && !row
                    .iter()
                    .zip(truth)
                    .enumerate()
                    .all(|(j, (&w, &t))| same(j, w, t))
        })
        .collect()
}

/// The first usable row of `table` that matches `answer` at every point (rows are in order of
/// specificity, so the first is the best explanation).
pub fn first_match(
    answer: &[f64],
    table: &[Vec<f64>],
    usable: &[bool],
    same: impl Fn(usize, f64, f64) -> bool,
) -> Option<usize> {
    if answer.is_empty() || answer.iter().any(|a| !a.is_finite()) {
        return None;
    }
    table.iter().enumerate().position(|(i, row)| {
        usable.get(i).copied().unwrap_or(false)
            && row.len() == answer.len()
            && answer
                .iter()
                .zip(row)
                .enumerate()
                .all(|(j, (&a, &w))| same(j, a, w))
    })
}

/// Every usable row of `table` that matches `answer` at every point, in order.
pub fn all_matches(
    answer: &[f64],
    table: &[Vec<f64>],
    usable: &[bool],
    same: impl Fn(usize, f64, f64) -> bool,
) -> Vec<usize> {
    if answer.is_empty() || answer.iter().any(|a| !a.is_finite()) {
        return Vec::new();
    }
    (0..table.len())
        .filter(|&i| {
            usable.get(i).copied().unwrap_or(false)
                && table[i].len() == answer.len()
                && answer
                    .iter()
                    .zip(&table[i])
                    .enumerate()
                    .all(|(j, (&a, &w))| same(j, a, w))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(_: usize, a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * (1.0 + b.abs())
    }

    #[test]
    fn only_a_match_at_every_point_names_a_row() {
        let truth = [1.0, 2.0, 3.0];
        let table = vec![
            vec![1.0, 2.0, 3.0], // the truth itself: never usable
            vec![1.0, 2.0, 4.0], // differs at one point
            vec![2.0, 4.0, 6.0],
            vec![2.0, 4.0, 6.0], // a duplicate: the first wins
        ];
        let usable = usable_rows(&table, &truth, close);
        assert_eq!(usable, vec![false, true, true, true]);
        assert_eq!(first_match(&[1.0, 2.0, 3.0], &table, &usable, close), None);
        assert_eq!(
            first_match(&[1.0, 2.0, 4.0], &table, &usable, close),
            Some(1)
        );
        assert_eq!(
            first_match(&[2.0, 4.0, 6.0], &table, &usable, close),
            Some(2)
        );
        // right at two points of three: a partial match names nothing
        assert_eq!(first_match(&[2.0, 4.0, 7.0], &table, &usable, close), None);
        assert_eq!(
            first_match(&[f64::NAN, 4.0, 6.0], &table, &usable, close),
            None
        );
    }

    #[test]
    fn a_row_undefined_somewhere_is_not_usable() {
        let truth = [1.0, 2.0];
        let table = vec![vec![f64::NAN, 3.0], vec![f64::INFINITY, 2.0]];
        assert_eq!(usable_rows(&table, &truth, close), vec![false, false]);
    }
}
