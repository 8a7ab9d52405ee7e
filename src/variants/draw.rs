//! Draw tables: which values each parameter may take, the `where` conditions every variant
//! satisfies, and the numbering of variants.
//!
//! A variant is a whole number from 1 to [`MAX_VARIANT`]. How variant `n` is drawn:
//! - When the draws have at most [`ENUMERATE_LIMIT`] combinations, every combination is
//!   listed (the first draw varying slowest), those that break a `where` condition are dropped,
//!   and the rest are shuffled by Fisher–Yates with [`SplitMix64`] seeded with the FNV-1a hash
//!   of the exercise id. Variant `n` is the `((n − 1) mod count)`-th of them: variants 1 to
//!   `count` are every valid combination once.
//! - Otherwise variant `n` seeds [`SplitMix64`] with [`variant_seed`]`(id, n)` and draws each
//!   parameter in file order (a value index by [`SplitMix64::below`]), computing derived
//!   parameters as it goes; a draw that breaks a condition is redrawn, up to
//!   [`MAX_TRIES`] times, after which the variant has no values.
//!
//! Editing an exercise's params, `where` or id changes its variants.

use super::hash::{fnv1a, variant_seed, SplitMix64};
use crate::math::Expr;

/// The largest variant number.
pub const MAX_VARIANT: u32 = 1_000_000;
/// Up to this many combinations, every one is listed (and `validate` checks every one).
pub const ENUMERATE_LIMIT: u64 = 10_000;
/// The most values one draw may have.
pub const MAX_VALUES: usize = 100_000;
/// How many times a variant is redrawn before it is given up.
pub const MAX_TRIES: usize = 1_000;
/// How many draws estimate a `where`'s acceptance rate when combinations are not listed.
const ESTIMATE_DRAWS: u32 = 400;

/// How one parameter gets its value.
#[derive(Clone, Debug, PartialEq)]
pub enum Spec {
    /// A plain number, the same in every variant.
    Fixed(f64),
    /// One of these values (already without the `not` ones), drawn.
    Draw(Vec<f64>),
    /// A formula over the earlier parameters, which are its variables in order.
    Derived(Box<Expr>),
}

/// A comparison in a `where` condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Op {
    /// The operators in the order a condition is searched for them (two characters first).
    pub const SPELLINGS: [(&'static str, Op); 6] = [
        ("<=", Op::Le),
        (">=", Op::Ge),
        ("==", Op::Eq),
        ("!=", Op::Ne),
        ("<", Op::Lt),
        (">", Op::Gt),
    ];

    /// Whether `a OP b` holds; `==` and `!=` compare with a relative tolerance of 1e-9 so that
    /// `0.1 + 0.2 == 0.3` holds. NaN satisfies nothing.
    pub fn holds(self, a: f64, b: f64) -> bool {
        if a.is_nan() || b.is_nan() {
            return false;
        }
        let equal = (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        match self {
            Op::Lt => a < b && !equal,
            Op::Le => a <= b || equal,
            Op::Gt => a > b && !equal,
            Op::Ge => a >= b || equal,
            Op::Eq => equal,
            Op::Ne => !equal,
        }
    }
}

/// Splits `a*c > -20` into its two formulas and operator: the first operator outside
/// brackets. Returns the operator's character offset too.
pub fn split_condition(text: &str) -> Option<(&str, Op, &str, usize)> {
    let mut depth = 0i32;
    for (chars, (i, c)) in text.char_indices().enumerate() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            for (spelling, op) in Op::SPELLINGS {
                if text[i..].starts_with(spelling) {
                    return Some((&text[..i], op, &text[i + spelling.len()..], chars));
                }
            }
        }
    }
    None
}

/// One `where` condition, its two sides parsed with every parameter as a variable.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub text: String,
    pub left: Expr,
    pub op: Op,
    pub right: Expr,
}

impl Condition {
    pub fn holds(&self, values: &[f64]) -> bool {
        self.op
            .holds(self.left.eval(values), self.right.eval(values))
    }
}

/// Every parameter's spec, the conditions, and how variants are numbered.
#[derive(Clone, Debug, PartialEq)]
pub struct Draws {
    names: Vec<String>,
    specs: Vec<Spec>,
    conditions: Vec<Condition>,
    id: String,
    /// Every valid combination (value indices per drawn parameter), shuffled; `None` when
    /// there are more than [`ENUMERATE_LIMIT`] combinations.
    listed: Option<Vec<Vec<u32>>>,
    /// The share of combinations (or of draws, when not listed) that satisfy every condition.
    acceptance: f64,
}

/// Why draws cannot give any variant.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DrawError {
    #[error("no combination of the drawn values satisfies `where` (0 of {combinations})")]
    NeverHolds { combinations: u64 },
    #[error("`where` held in none of {draws} draws")]
    NeverDrawn { draws: u32 },
}

impl Draws {
    /// `params` in file order (derived ones use the earlier ones), `conditions` over all of
    /// them in that order; `id` seeds the numbering.
    pub fn new(
        params: Vec<(String, Spec)>,
        conditions: Vec<Condition>,
        id: &str,
    ) -> Result<Draws, DrawError> {
        let (names, specs) = params.into_iter().unzip();
        let mut d = Draws {
            names,
            specs,
            conditions,
            id: id.to_string(),
            listed: None,
            acceptance: 1.0,
        };
        let combinations = d.combinations();
        if combinations <= ENUMERATE_LIMIT {
            let mut valid = d.enumerate();
            if valid.is_empty() {
                return Err(DrawError::NeverHolds { combinations });
            }
            d.acceptance = valid.len() as f64 / combinations as f64;
            let mut g = SplitMix64::new(fnv1a(id.as_bytes()));
            for i in (1..valid.len()).rev() {
                let j = g.below(i as u64 + 1) as usize;
                valid.swap(i, j);
            }
            d.listed = Some(valid);
        } else {
            let mut g = SplitMix64::new(fnv1a(id.as_bytes()));
            let held = (0..ESTIMATE_DRAWS)
                .filter(|_| {
                    let idx = d.random_indices(&mut g);
                    d.values_of(&idx).is_some()
                })
                .count();
            if held == 0 {
                return Err(DrawError::NeverDrawn {
                    draws: ESTIMATE_DRAWS,
                });
            }
            d.acceptance = held as f64 / f64::from(ESTIMATE_DRAWS);
        }
        Ok(d)
    }

    /// Whether any parameter is drawn (otherwise the exercise is fixed).
    pub fn is_randomised(&self) -> bool {
        self.specs.iter().any(|s| matches!(s, Spec::Draw(_)))
    }

    /// The parameters' names in file order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The names of the drawn parameters.
    pub fn drawn_names(&self) -> impl Iterator<Item = &str> {
        self.names
            .iter()
            .zip(&self.specs)
            .filter(|(_, s)| matches!(s, Spec::Draw(_)))
            .map(|(n, _)| n.as_str())
    }

    /// How many combinations the drawn values have (saturating).
    pub fn combinations(&self) -> u64 {
        self.specs
            .iter()
            .filter_map(|s| match s {
                Spec::Draw(v) => Some(v.len() as u64),
                _ => None,
            })
            .fold(1u64, u64::saturating_mul)
    }

    /// How many combinations satisfy every condition, when they are listed.
    pub fn valid_combinations(&self) -> Option<usize> {
        self.listed.as_ref().map(Vec::len)
    }

    /// The share of combinations (or estimating draws) that satisfy every condition.
    pub fn acceptance(&self) -> f64 {
        self.acceptance
    }

    /// The conditions.
    pub fn conditions(&self) -> &[Condition] {
        &self.conditions
    }

    /// Every parameter's value in variant `n` (1 to [`MAX_VARIANT`]), in file order; `None`
    /// when `n` is out of range or no draw satisfied the conditions.
    pub fn values(&self, n: u32) -> Option<Vec<(String, f64)>> {
        if !(1..=MAX_VARIANT).contains(&n) {
            return None;
        }
        let values = match &self.listed {
            Some(list) => {
                let idx = list.get((n as usize - 1) % list.len().max(1))?;
                self.values_of(idx)?
            }
            None => {
                let mut g = SplitMix64::new(variant_seed(&self.id, n));
                (0..MAX_TRIES).find_map(|_| {
                    let idx = self.random_indices(&mut g);
                    self.values_of(&idx)
                })?
            }
        };
        Some(self.names.iter().cloned().zip(values).collect())
    }

    fn random_indices(&self, g: &mut SplitMix64) -> Vec<u32> {
        self.specs
            .iter()
            .filter_map(|s| match s {
                Spec::Draw(v) => Some(g.below(v.len() as u64) as u32),
                _ => None,
            })
            .collect()
    }

    /// The values for one choice of value indices (one per drawn parameter), when every
    /// derived value is a number and every condition holds.
    fn values_of(&self, idx: &[u32]) -> Option<Vec<f64>> {
        let mut values = Vec::with_capacity(self.specs.len());
        let mut k = 0;
        for spec in &self.specs {
            let x = match spec {
                Spec::Fixed(x) => *x,
                Spec::Draw(v) => {
                    let x = v.get(*idx.get(k)? as usize).copied()?;
                    k += 1;
                    x
                }
                Spec::Derived(e) => e.eval(&values),
            };
            if !x.is_finite() {
                return None;
            }
            values.push(x);
        }
        self.conditions
            .iter()
            .all(|c| c.holds(&values))
            .then_some(values)
    }

    /// Every combination that satisfies the conditions, the first draw varying slowest.
    fn enumerate(&self) -> Vec<Vec<u32>> {
        let sizes: Vec<u32> = self
            .specs
            .iter()
            .filter_map(|s| match s {
                Spec::Draw(v) => Some(v.len() as u32),
                _ => None,
            })
            .collect();
        if sizes.contains(&0) {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut idx = vec![0u32; sizes.len()];
        loop {
            if self.values_of(&idx).is_some() {
                out.push(idx.clone());
            }
            // the next index, last draw fastest
            let mut i = sizes.len();
            loop {
                if i == 0 {
                    return out;
                }
                i -= 1;
                idx[i] += 1;
                if idx[i] < sizes[i] {
                    break;
                }
                idx[i] = 0;
            }
        }
    }
}

/// The values of `{ int = [lo, hi], step }` (step ≥ 1), without those in `not`.
pub fn int_values(lo: i64, hi: i64, step: i64, not: &[f64]) -> Vec<f64> {
    let step = step.max(1);
    let mut out = Vec::new();
    let mut x = lo;
    while x <= hi && out.len() <= MAX_VALUES {
        if !excluded(x as f64, not) {
            out.push(x as f64);
        }
        match x.checked_add(step) {
            Some(next) => x = next,
            None => break,
        }
    }
    out
}

/// How many values `{ int = [lo, hi], step }` or `{ range = … }` would list.
pub fn count(lo: f64, hi: f64, step: f64) -> f64 {
    ((hi - lo) / step + 1e-9).floor() + 1.0
}

/// The values of `{ range = [lo, hi], step = s }`: lo + k·s up to hi, rounded to the decimals
/// of `lo` and `step` so that 0.1 + 0.2 is written 0.3; without those in `not`.
pub fn range_values(lo: f64, hi: f64, step: f64, not: &[f64]) -> Vec<f64> {
    let decimals = decimals(lo).max(decimals(step));
    let scale = 10f64.powi(decimals as i32);
    let n = count(lo, hi, step).max(0.0) as usize;
    (0..n.min(MAX_VALUES + 1))
        .map(|k| ((lo * scale).round() + k as f64 * (step * scale).round()) / scale)
        .filter(|x| !excluded(*x, not))
        .collect()
}

/// How many decimals `x` needs (at most 12).
fn decimals(x: f64) -> u32 {
    (0u32..12)
        .find(|&d| {
            let s = x * 10f64.powi(d as i32);
            (s - s.round()).abs() < 1e-9 * s.abs().max(1.0)
        })
        .unwrap_or(12)
}

/// Whether `x` is one of `not` (to 1e-9).
pub fn excluded(x: f64, not: &[f64]) -> bool {
    not.iter()
        .any(|n| (x - n).abs() <= 1e-9 * x.abs().max(n.abs()).max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_rounded_to_their_decimals() {
        assert_eq!(
            range_values(0.1, 0.5, 0.1, &[]),
            vec![0.1, 0.2, 0.3, 0.4, 0.5]
        );
        assert_eq!(
            range_values(0.5, 2.5, 0.5, &[1.0]),
            vec![0.5, 1.5, 2.0, 2.5]
        );
        assert_eq!(int_values(2, 10, 2, &[6.0]), vec![2.0, 4.0, 8.0, 10.0]);
    }

    #[test]
    fn conditions_split_at_the_first_operator_outside_brackets() {
        let (l, op, r, at) = split_condition("a*c > -20").unwrap_or(("", Op::Eq, "", 0));
        assert_eq!((l.trim(), op, r.trim(), at), ("a*c", Op::Gt, "-20", 4));
        let (_, op, _, _) = split_condition("a <= b").unwrap_or(("", Op::Eq, "", 0));
        assert_eq!(op, Op::Le);
        assert!(split_condition("a + b").is_none());
    }

    #[test]
    fn equality_allows_rounding() {
        assert!(Op::Eq.holds(0.1 + 0.2, 0.3));
        assert!(!Op::Ne.holds(0.1 + 0.2, 0.3));
        assert!(!Op::Lt.holds(f64::NAN, 1.0));
    }
}
