//! The names an expression can use in one scope, and how a run of letters is read.
//!
//! Order of precedence for a spelling: the scope's variables, named constants and columns (and
//! their Greek/subscript variants), then the constants `pi`/`π`/`e`, then functions (and
//! `sum`/`prod`/`mean` when the scope has data columns).

use super::functions::{Aggregate, Func, ALL};
use super::{LogBase, Scope};
use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

/// What a name means outside data aggregates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Meaning {
    Var(usize),
    Param(usize),
    Pi,
    E,
    Func(Func),
    Agg(Aggregate),
}

/// A resolved name: its meaning, and the data column it also names, if any. Inside
/// `sum(...)`/`prod(...)`/`mean(...)` the column wins; outside, the meaning wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub meaning: Option<Meaning>,
    pub column: Option<usize>,
}

impl Resolved {
    #[cfg(test)]
    pub(crate) fn func(&self) -> Option<Func> {
        match self.meaning {
            Some(Meaning::Func(f)) => Some(f),
            _ => None,
        }
    }

    pub(crate) fn is_callable(&self) -> bool {
        matches!(self.meaning, Some(Meaning::Func(_) | Meaning::Agg(_)))
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Entry {
    spelling: String,
    resolved: Resolved,
}

/// The table of known spellings for one scope. Only the scope's own names are stored; the
/// constants and functions come from one shared table built once per process.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Names {
    entries: Vec<Entry>,
    pub vars: Vec<String>,
    pub params: Vec<String>,
    pub columns: Vec<String>,
    /// What `log` means here.
    log: Func,
}

/// A spelling that every scope knows, unless the scope uses it for one of its own names.
#[derive(Clone, Copy, Debug)]
enum Fixed {
    Meaning(Meaning),
    /// `log`: natural or base 10, by the scope.
    Log,
    /// `sum`/`prod`/`mean`: only where there are data columns.
    Agg(Aggregate),
}

fn fixed() -> &'static [(&'static str, Fixed)] {
    static TABLE: OnceLock<Vec<(&'static str, Fixed)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = vec![
            ("pi", Fixed::Meaning(Meaning::Pi)),
            ("π", Fixed::Meaning(Meaning::Pi)),
            ("e", Fixed::Meaning(Meaning::E)),
            ("log", Fixed::Log),
        ];
        for f in ALL {
            t.push((f.name(), Fixed::Meaning(Meaning::Func(f))));
            for a in f.aliases() {
                t.push((a, Fixed::Meaning(Meaning::Func(f))));
            }
        }
        for a in [Aggregate::Sum, Aggregate::Prod, Aggregate::Mean] {
            t.push((a.name(), Fixed::Agg(a)));
        }
        t
    })
}

const GREEK: [(&str, &str); 24] = [
    ("alpha", "α"),
    ("beta", "β"),
    ("gamma", "γ"),
    ("delta", "δ"),
    ("epsilon", "ε"),
    ("epsilon", "ϵ"),
    ("zeta", "ζ"),
    ("eta", "η"),
    ("theta", "θ"),
    ("iota", "ι"),
    ("kappa", "κ"),
    ("lambda", "λ"),
    ("mu", "μ"),
    ("nu", "ν"),
    ("xi", "ξ"),
    ("rho", "ρ"),
    ("sigma", "σ"),
    ("tau", "τ"),
    ("phi", "φ"),
    ("phi", "ϕ"),
    ("chi", "χ"),
    ("psi", "ψ"),
    ("omega", "ω"),
    ("pi", "π"),
];

const SUBSCRIPTS: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];

/// Other spellings of a scope name: `alpha` ↔ `α`, `x1` ↔ `x_1` ↔ `x₁`.
fn variants(name: &str) -> Vec<String> {
    // split off a trailing index: digits, `_digits` or subscript digits
    let trimmed = name.trim_end_matches(|c: char| c.is_ascii_digit() || SUBSCRIPTS.contains(&c));
    let digits: String = name[trimmed.len()..]
        .chars()
        .map(|c| match SUBSCRIPTS.iter().position(|&s| s == c) {
            Some(d) => char::from(b'0' + d as u8),
            None => c,
        })
        .collect();
    let (base, indexed) = if digits.is_empty() {
        (trimmed, false)
    } else {
        (trimmed.strip_suffix('_').unwrap_or(trimmed), true)
    };
    if base.is_empty() {
        return Vec::new();
    }
    let mut bases = vec![base.to_string()];
    for (word, letter) in GREEK {
        if base == word {
            bases.push(letter.to_string());
        } else if base == letter {
            bases.push(word.to_string());
        }
    }
    let mut out = Vec::new();
    for b in &bases {
        if indexed {
            let sub: String = digits
                .bytes()
                .map(|d| SUBSCRIPTS[usize::from(d - b'0')])
                .collect();
            out.push(format!("{b}{digits}"));
            out.push(format!("{b}_{digits}"));
            out.push(format!("{b}{sub}"));
        } else {
            out.push(b.clone());
        }
    }
    out.retain(|v| v != name);
    out
}

/// How many tables each thread keeps for [`Names::shared`]: an exercise's formulas are read in
/// a few scopes (the function's, the answer's, each table column's row and each total's), and
/// exercises of one kind come back every few exercises.
const KEPT: usize = 16;

thread_local! {
    /// The tables built most recently, the newest first.
    static KEPT_TABLES: RefCell<Vec<Arc<Names>>> = const { RefCell::new(Vec::new()) };
}

fn log_func(log: LogBase) -> Func {
    match log {
        LogBase::Ln => Func::Ln,
        LogBase::Log10 => Func::Log10,
    }
}

impl Names {
    /// The table for `scope`, shared: the one this thread built recently for a scope with the
    /// same names (a table depends on the names only, not on the named constants' values), else
    /// one built now. A loader or a checker reads many formulas in a few scopes, and building
    /// the table was a sixth of each parse.
    pub(crate) fn shared(scope: &Scope) -> Arc<Names> {
        KEPT_TABLES.with(|kept| {
            let mut kept = kept.borrow_mut();
            if let Some(k) = kept.iter().position(|n| n.is_for(scope)) {
                let names = kept.remove(k);
                kept.insert(0, Arc::clone(&names));
                return names;
            }
            let names = Arc::new(Names::new(scope));
            kept.truncate(KEPT - 1);
            kept.insert(0, Arc::clone(&names));
            names
        })
    }

    /// Whether this is the table [`Names::new`] builds for `scope`.
    pub(crate) fn is_for(&self, scope: &Scope) -> bool {
        self.log == log_func(scope.log)
            && self.vars == scope.vars
            && self.columns == scope.columns
            && self.params.len() == scope.params.len()
            && self
                .params
                .iter()
                .zip(&scope.params)
                .all(|(a, (b, _))| a == b)
    }

    pub(crate) fn new(scope: &Scope) -> Names {
        let mut names = Names {
            entries: Vec::with_capacity(
                scope.vars.len() + scope.params.len() + scope.columns.len(),
            ),
            vars: scope.vars.clone(),
            params: scope.params.iter().map(|(n, _)| n.clone()).collect(),
            columns: scope.columns.clone(),
            log: log_func(scope.log),
        };
        let scoped = scope
            .vars
            .iter()
            .enumerate()
            .map(|(i, n)| (n, Some(Meaning::Var(i)), None))
            .chain(
                scope
                    .params
                    .iter()
                    .enumerate()
                    .map(|(i, (n, _))| (n, Some(Meaning::Param(i)), None)),
            )
            .chain(
                scope
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (n, None, Some(i))),
            );
        let scoped: Vec<_> = scoped.collect();
        for (n, m, c) in &scoped {
            names.add((*n).clone(), *m, *c);
        }
        for (n, m, c) in &scoped {
            for v in variants(n) {
                names.add(v, *m, *c);
            }
        }
        names
    }

    /// Adds a spelling unless it is taken; a variable and a column may share a spelling.
    fn add(&mut self, spelling: String, meaning: Option<Meaning>, column: Option<usize>) {
        if spelling.is_empty() {
            return;
        }
        if let Some(e) = self.entries.iter_mut().find(|e| e.spelling == spelling) {
            if e.resolved.meaning.is_none() && column.is_none() {
                e.resolved.meaning = meaning;
            }
            if e.resolved.column.is_none() && meaning.is_none() {
                e.resolved.column = column;
            }
            return;
        }
        self.entries.push(Entry {
            spelling,
            resolved: Resolved { meaning, column },
        });
    }

    pub(crate) fn get(&self, s: &str) -> Option<Resolved> {
        if let Some(e) = self.entries.iter().find(|e| e.spelling == s) {
            return Some(e.resolved);
        }
        let (_, f) = fixed().iter().find(|(sp, _)| *sp == s)?;
        let meaning = match *f {
            Fixed::Meaning(m) => m,
            Fixed::Log => Meaning::Func(self.log),
            Fixed::Agg(a) if !self.columns.is_empty() => Meaning::Agg(a),
            Fixed::Agg(_) => return None,
        };
        Some(Resolved {
            meaning: Some(meaning),
            column: None,
        })
    }

    /// Every spelling that may mean something here (some fixed ones may be shadowed or
    /// unavailable: resolve each with [`Names::get`]).
    fn spellings(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .map(|e| &*e.spelling)
            .chain(fixed().iter().map(|(s, _)| *s))
    }

    /// Splits a run of letters into known names, preferring the longest name at each step
    /// (with backtracking, done as a right-to-left table so long runs cannot overflow the stack).
    /// Returns byte ranges into `run` with their meanings.
    pub(crate) fn split(&self, run: &str) -> Option<Vec<(usize, usize, Resolved)>> {
        let n = run.len();
        // choice[i] = the longest entry starting at byte i whose remainder splits
        let mut choice: Vec<Option<(usize, Resolved)>> = vec![None; n + 1];
        let mut ok = vec![false; n + 1];
        ok[n] = true;
        for i in (0..n).rev() {
            if !run.is_char_boundary(i) {
                continue;
            }
            let rest = &run[i..];
            let mut best: Option<(usize, Resolved)> = None;
            for sp in self.spellings() {
                let len = sp.len();
                if rest.starts_with(sp) && ok[i + len] && best.is_none_or(|(l, _)| len > l) {
                    if let Some(r) = self.get(sp) {
                        best = Some((len, r));
                    }
                }
            }
            if best.is_some() {
                ok[i] = true;
                choice[i] = best;
            }
        }
        if !ok[0] {
            return None;
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let (len, r) = choice[i]?;
            out.push((i, i + len, r));
            i += len;
        }
        Some(out)
    }

    /// The closest function spelling to `s`, for "did you mean sqrt?".
    pub(crate) fn suggest_function(&self, s: &str) -> Option<&str> {
        self.suggest(s, |r| r.is_callable())
    }

    /// The closest variable/constant spelling to `s`.
    pub(crate) fn suggest_name(&self, s: &str) -> Option<&str> {
        self.suggest(s, |r| {
            matches!(r.meaning, Some(Meaning::Var(_) | Meaning::Param(_))) || r.column.is_some()
        })
    }

    fn suggest(&self, s: &str, keep: impl Fn(&Resolved) -> bool) -> Option<&str> {
        let n = s.chars().count();
        if !(2..=40).contains(&n) {
            // one letter is too little to guess from: `a` is not a typo of `x`
            return None;
        }
        let mut best: Option<(f64, &str)> = None;
        for sp in self.spellings() {
            if !sp.is_ascii() || !self.get(sp).is_some_and(|r| keep(&r)) {
                continue;
            }
            let d = strsim::levenshtein(s, sp);
            let limit = if sp.len().min(s.len()) <= 3 { 1 } else { 2 };
            if d == 0 || d > limit {
                continue;
            }
            let score = strsim::jaro_winkler(s, sp) - d as f64;
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, sp));
            }
        }
        best.map(|(_, s)| s)
    }

    /// "the variables are x, y" and friends, for unknown-name messages.
    pub(crate) fn describe(&self) -> String {
        let list = |v: &[String]| v.join(", ");
        let mut parts = Vec::new();
        match self.vars.len() {
            0 => parts.push("there are no variables".to_string()),
            1 => parts.push(format!("the variable is {}", self.vars[0])),
            _ => parts.push(format!("the variables are {}", list(&self.vars))),
        }
        if !self.params.is_empty() {
            parts.push(format!("the named constants are {}", list(&self.params)));
        }
        if !self.columns.is_empty() {
            parts.push(format!(
                "the data columns (inside sum, mean, prod) are {}",
                list(&self.columns)
            ));
        }
        parts.join("; ")
    }

    /// How to write a constant or function so that this table reads it back: the first of
    /// `spellings` that resolves to `meaning`.
    pub(crate) fn spelling_for(
        &self,
        meaning: Meaning,
        spellings: &[&'static str],
    ) -> Option<&'static str> {
        spellings
            .iter()
            .copied()
            .find(|s| self.get(s).and_then(|r| r.meaning) == Some(meaning))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_cover_greek_and_indices() {
        let v = variants("alpha");
        assert!(v.contains(&"α".to_string()));
        let v = variants("x_1");
        assert!(v.contains(&"x1".to_string()) && v.contains(&"x₁".to_string()));
        let v = variants("θ2");
        assert!(v.contains(&"theta_2".to_string()) && v.contains(&"θ₂".to_string()));
        assert!(variants("12").is_empty());
    }

    #[test]
    fn split_prefers_longest_with_backtracking() {
        let scope = Scope::new(&["x", "y", "ab"]).with_params(&[("a".to_string(), 1.0)]);
        let n = Names::new(&scope);
        let s = n.split("xy").unwrap();
        assert_eq!(s.len(), 2);
        let s = n.split("asin").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].2.func(), Some(Func::Asin));
        assert!(n.split("xz").is_none());
        // a 10,000-letter run does not overflow anything
        let long = "x".repeat(10_000);
        assert_eq!(n.split(&long).map(|v| v.len()), Some(10_000));
    }

    #[test]
    fn a_shared_table_is_the_one_built_for_the_same_names() {
        let scope = Scope::new(&["x", "y"]).with_params(&[("w".to_string(), 1.0)]);
        let other_value = scope.clone().with_params(&[("w".to_string(), 2.0)]);
        let shared = Names::shared(&scope);
        assert_eq!(*shared, Names::new(&scope));
        assert!(Arc::ptr_eq(&shared, &Names::shared(&other_value)));
        for different in [
            Scope::new(&["x"]).with_params(&scope.params),
            scope.clone().with_params(&[("v".to_string(), 1.0)]),
            scope.clone().with_columns(&["x"]),
            scope.clone().with_log(LogBase::Log10),
        ] {
            let names = Names::shared(&different);
            assert!(!Arc::ptr_eq(&shared, &names));
            assert_eq!(*names, Names::new(&different));
        }
    }

    #[test]
    fn suggestions() {
        let n = Names::new(&Scope::new(&["x"]));
        assert_eq!(n.suggest_function("sqr"), Some("sqrt"));
        assert_eq!(n.suggest_function("sinn"), Some("sin"));
        assert_eq!(n.suggest_function("qqqqq"), None);
    }
}
