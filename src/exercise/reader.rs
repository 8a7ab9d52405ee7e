//! A small reader over the spanned TOML tree: every problem becomes a [`Diagnostic`] at its
//! line and column, and reading goes on, so one pass reports all of them.

use super::load::{Diagnostic, Severity};
use super::spans::{offset_in_value, LineIndex};
use super::Pos;
use crate::math::{Expr, ParseError, Scope};
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

pub(crate) type Val<'i> = Spanned<DeValue<'i>>;

/// The file being read and the problems found in it so far.
pub(crate) struct Cx<'a> {
    pub source: &'a str,
    pub text: &'a str,
    lines: LineIndex<'a>,
    pub diags: Vec<Diagnostic>,
    /// The formulas parsed since the current item began (kept with an exercise, so that its
    /// question does not parse them again).
    pub parsed: Vec<(String, Expr)>,
    /// The variant the randomised item being read was drawn as (first readings only).
    pub drawn: Option<DrawnAs>,
}

/// The variant a randomised item was drawn as when the file was read, and the values of a few
/// variants after it: when that variant does not read, its errors name it.
pub(crate) struct DrawnAs {
    pub id: String,
    pub number: u32,
    pub values: Vec<(String, f64)>,
    pub others: Vec<Vec<(String, f64)>>,
}

impl<'a> Cx<'a> {
    pub(crate) fn new(source: &'a str, text: &'a str) -> Self {
        Cx {
            source,
            text,
            lines: LineIndex::new(text),
            diags: Vec::new(),
            parsed: Vec::new(),
            drawn: None,
        }
    }

    /// Parses `text` in `scope`, once per item: a formula read again in the same scope (a
    /// second look at its variables) is the parse kept from the first time.
    pub(crate) fn parse_formula(&mut self, text: &str, scope: &Scope) -> Result<Expr, ParseError> {
        if let Some((_, e)) = self
            .parsed
            .iter()
            .find(|(t, e)| t == text && e.read_in(scope))
        {
            return Ok(e.clone());
        }
        let e = Expr::parse(text, scope)?;
        self.parsed.push((text.to_string(), e.clone()));
        Ok(e)
    }

    pub(crate) fn pos(&self, byte: usize) -> Pos {
        self.lines.pos(byte)
    }

    pub(crate) fn error(&mut self, byte: usize, message: impl Into<String>) {
        self.push(byte, Severity::Error, message.into());
    }

    pub(crate) fn warning(&mut self, byte: usize, message: impl Into<String>) {
        self.push(byte, Severity::Warning, message.into());
    }

    fn push(&mut self, byte: usize, severity: Severity, message: String) {
        let pos = self.pos(byte);
        self.diags.push(Diagnostic {
            source: self.source.to_string(),
            pos,
            severity,
            message,
        });
    }

    pub(crate) fn errors(&self) -> usize {
        self.diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// A formula (or a number standing for one) and where its token is in the file.
#[derive(Clone, Debug)]
pub(crate) struct Src {
    pub text: String,
    pub span: Range<usize>,
}

impl Src {
    /// The byte offset in the file of character `ch` of the formula.
    pub(crate) fn offset(&self, cx: &Cx<'_>, ch: usize) -> usize {
        offset_in_value(cx.text, self.span.clone(), ch)
    }
}

/// "a string", "a list", ... for messages.
pub(crate) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// The value of a TOML integer or float (integers are accepted wherever numbers are).
pub(crate) fn number(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Integer(i) => {
            let digits = i.as_str();
            match i.radix() {
                10 => digits.parse::<f64>().ok(),
                r => i64::from_str_radix(digits, r).ok().map(|n| n as f64),
            }
        }
        DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
        _ => None,
    }
}

/// How a number is written back as formula text: `3`, `0.5`, `1e-7`.
pub(crate) fn number_text(x: f64) -> String {
    crate::text::exact(x)
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    // A slip of the shift key (`Y` for `y`) first: edit distance alone ties it with `x`.
    if let Some(c) = candidates.iter().find(|c| c.eq_ignore_ascii_case(word)) {
        return Some(c);
    }
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= limit || (c.starts_with(word) && word.len() >= 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The fields an instructor may mean by another word for them (`question` for `prompt`, `lr`
/// for `learning_rate`), most likely first; spelling slips are left to [`did_you_mean`].
fn other_word_for(key: &str) -> &'static [&'static str] {
    match key.to_ascii_lowercase().as_str() {
        "question" | "statement" | "problem" | "text" | "task" => &["prompt"],
        "variable" => &["var", "vars"],
        "variables" => &["vars", "var"],
        "type" => &["kind"],
        "tol" | "precision" | "accuracy" => &["tolerance"],
        "range" | "interval" | "bounds" => &["domain"],
        "point" | "points" | "where" => &["at"],
        "expected" | "key" | "correct" | "answer_key" => &["answer"],
        "f" | "func" | "fn" | "expression" | "expr" | "formula" => &["function"],
        "hint" => &["hints"],
        "lr" | "eta" | "epsilon" | "eps" | "rate" | "step_size" | "stepsize" | "alpha" => {
            &["learning_rate"]
        }
        "iterations" | "iters" | "n_steps" | "num_steps" | "epochs" => &["steps"],
        "x0" | "initial" | "init" | "start_point" | "starting_point" | "from" => &["start"],
        "beta" | "mu" => &["momentum"],
        "grad" | "gradients" | "derivative" => &["gradient"],
        _ => &[],
    }
}

/// " (did you mean `x`?)" or "".
pub(crate) fn suggestion(word: &str, candidates: &[&str]) -> String {
    did_you_mean(word, candidates)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

/// A name the answer language can use for a variable, parameter or column.
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The entries of one table in file order; keys are marked as they are read, and
/// [`Fields::finish`] reports the ones nobody asked for.
pub(crate) struct Fields<'t, 'i> {
    entries: Vec<(&'t str, usize, &'t Val<'i>)>,
    used: Vec<bool>,
    /// Where the table starts (its `[[header]]` or `{`): missing fields are reported there.
    pub start: usize,
    /// How the table is named in messages: "this [[exercise]]", "`tolerance`".
    what: &'static str,
}

impl<'t, 'i> Fields<'t, 'i> {
    pub(crate) fn new(table: &'t DeTable<'i>, start: usize, what: &'static str) -> Self {
        let mut entries: Vec<(&'t str, usize, &'t Val<'i>)> = table
            .iter()
            .map(|(k, v)| (k.get_ref().as_ref(), k.span().start, v))
            .collect();
        entries.sort_by_key(|(_, at, _)| *at);
        let used = vec![false; entries.len()];
        Fields {
            entries,
            used,
            start,
            what,
        }
    }

    /// The entries in file order: (key, key offset, value). Does not mark them read.
    pub(crate) fn entries(&self) -> &[(&'t str, usize, &'t Val<'i>)] {
        &self.entries
    }

    /// Marks every entry as read.
    pub(crate) fn use_all(&mut self) {
        self.used.iter_mut().for_each(|u| *u = true);
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _, _)| *k == key)
    }

    pub(crate) fn get(&mut self, key: &str) -> Option<&'t Val<'i>> {
        let i = self.entries.iter().position(|(k, _, _)| *k == key)?;
        self.used[i] = true;
        Some(self.entries[i].2)
    }

    pub(crate) fn req(&mut self, cx: &mut Cx<'_>, key: &str) -> Option<&'t Val<'i>> {
        let v = self.get(key);
        if v.is_none() {
            cx.error(
                self.start,
                format!("missing field `{key}` in {}", self.what),
            );
        }
        v
    }

    pub(crate) fn req_str(&mut self, cx: &mut Cx<'_>, key: &str) -> Option<(String, usize)> {
        self.req(cx, key).and_then(|v| str_of(cx, key, v))
    }

    pub(crate) fn opt_str(&mut self, cx: &mut Cx<'_>, key: &str) -> Option<String> {
        self.get(key).and_then(|v| str_of(cx, key, v)).map(|s| s.0)
    }

    pub(crate) fn req_num(&mut self, cx: &mut Cx<'_>, key: &str) -> Option<(f64, usize)> {
        self.req(cx, key).and_then(|v| num_of(cx, key, v))
    }

    pub(crate) fn opt_num(&mut self, cx: &mut Cx<'_>, key: &str) -> Option<(f64, usize)> {
        self.get(key).and_then(|v| num_of(cx, key, v))
    }

    /// An optional `true`/`false` field; `false` when absent.
    pub(crate) fn opt_bool(&mut self, cx: &mut Cx<'_>, key: &str) -> bool {
        let Some(v) = self.get(key) else {
            return false;
        };
        match v.get_ref() {
            DeValue::Boolean(b) => *b,
            other => {
                cx.error(
                    v.span().start,
                    format!("`{key}` must be true or false, found {}", type_name(other)),
                );
                false
            }
        }
    }

    pub(crate) fn req_formula(&mut self, cx: &mut Cx<'_>, key: &str) -> Option<Src> {
        self.req(cx, key).and_then(|v| formula_of(cx, key, v))
    }

    /// Reports every key that was not read, with a "did you mean" from `allowed`, or from
    /// `elsewhere(key)` when the key belongs somewhere else.
    pub(crate) fn finish(
        self,
        cx: &mut Cx<'_>,
        allowed: &[&str],
        elsewhere: impl Fn(&str) -> Option<String>,
    ) {
        for (i, (key, at, _)) in self.entries.iter().enumerate() {
            // A key that was not read but is allowed was skipped on purpose (e.g. the fields
            // of a kind that is itself misspelled): it is not unknown.
            if self.used[i] || allowed.contains(key) {
                continue;
            }
            let alias = other_word_for(key)
                .iter()
                .find(|field| allowed.contains(field))
                .copied();
            let hint = match alias.or_else(|| did_you_mean(key, allowed)) {
                Some(c) => format!(" (did you mean `{c}`?)"),
                None => elsewhere(key).unwrap_or_default(),
            };
            cx.error(*at, format!("unknown field `{key}` in {}{hint}", self.what));
        }
    }
}

pub(crate) fn str_of(cx: &mut Cx<'_>, key: &str, v: &Val<'_>) -> Option<(String, usize)> {
    match v.get_ref() {
        DeValue::String(s) => Some((s.to_string(), v.span().start)),
        other => {
            cx.error(
                v.span().start,
                format!("`{key}` must be a string, found {}", type_name(other)),
            );
            None
        }
    }
}

pub(crate) fn num_of(cx: &mut Cx<'_>, key: &str, v: &Val<'_>) -> Option<(f64, usize)> {
    match number(v.get_ref()) {
        Some(x) if x.is_nan() => {
            cx.error(v.span().start, format!("`{key}` must be a number, not nan"));
            None
        }
        Some(x) => Some((x, v.span().start)),
        None => {
            cx.error(
                v.span().start,
                format!("`{key}` must be a number, found {}", type_name(v.get_ref())),
            );
            None
        }
    }
}

/// A formula: a string in the answer language, or a plain number.
pub(crate) fn formula_of(cx: &mut Cx<'_>, key: &str, v: &Val<'_>) -> Option<Src> {
    let span = v.span();
    match v.get_ref() {
        DeValue::String(s) => Some(Src {
            text: s.to_string(),
            span,
        }),
        DeValue::Integer(_) | DeValue::Float(_) => number(v.get_ref()).map(|x| Src {
            text: number_text(x),
            span,
        }),
        other => {
            cx.error(
                span.start,
                format!(
                    "`{key}` must be a formula (a string) or a number, found {}",
                    type_name(other)
                ),
            );
            None
        }
    }
}

pub(crate) fn list_of<'t, 'i>(
    cx: &mut Cx<'_>,
    key: &str,
    v: &'t Val<'i>,
    of: &str,
) -> Option<&'t [Val<'i>]> {
    match v.get_ref() {
        DeValue::Array(a) => Some(&a[..]),
        other => {
            cx.error(
                v.span().start,
                format!("`{key}` must be a list of {of}, found {}", type_name(other)),
            );
            None
        }
    }
}

pub(crate) fn table_of<'t, 'i>(
    cx: &mut Cx<'_>,
    key: &str,
    v: &'t Val<'i>,
    what: &'static str,
) -> Option<Fields<'t, 'i>> {
    match v.get_ref() {
        DeValue::Table(t) => Some(Fields::new(t, v.span().start, what)),
        other => {
            cx.error(
                v.span().start,
                format!("`{key}` must be a table, found {}", type_name(other)),
            );
            None
        }
    }
}

/// A list of strings (`hints`, `vars`); every element is checked.
pub(crate) fn str_list(cx: &mut Cx<'_>, key: &str, v: &Val<'_>) -> Option<Vec<(String, usize)>> {
    let items = list_of(cx, key, v, "strings")?;
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items {
        match item.get_ref() {
            DeValue::String(s) => out.push((s.to_string(), item.span().start)),
            other => {
                ok = false;
                cx.error(
                    item.span().start,
                    format!(
                        "`{key}` must be a list of strings, found {} in it",
                        type_name(other)
                    ),
                );
            }
        }
    }
    ok.then_some(out)
}

/// A list of formulas (strings or numbers).
pub(crate) fn formula_list(cx: &mut Cx<'_>, key: &str, v: &Val<'_>) -> Option<Vec<Src>> {
    let items = list_of(cx, key, v, "formulas")?;
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items {
        match formula_of(cx, key, item) {
            Some(s) => out.push(s),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// A list of numbers (`start`, a data column).
pub(crate) fn num_list(cx: &mut Cx<'_>, key: &str, v: &Val<'_>) -> Option<Vec<f64>> {
    let items = list_of(cx, key, v, "numbers")?;
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items {
        match number(item.get_ref()) {
            Some(x) if x.is_finite() => out.push(x),
            Some(_) => {
                ok = false;
                cx.error(
                    item.span().start,
                    format!("`{key}` must hold finite numbers"),
                );
            }
            None => {
                ok = false;
                cx.error(
                    item.span().start,
                    format!(
                        "`{key}` must be a list of numbers, found {} in it",
                        type_name(item.get_ref())
                    ),
                );
            }
        }
    }
    ok.then_some(out)
}

/// An interval `[lo, hi]` of numbers with lo < hi.
pub(crate) fn interval(cx: &mut Cx<'_>, key: &str, v: &Val<'_>) -> Option<(f64, f64)> {
    interval_with(cx, key, v, num_list)
}

/// An interval `[lo, hi]` with lo < hi, its list read by `read` (numbers, or numbers and
/// formulas over the parameters).
pub(crate) fn interval_with(
    cx: &mut Cx<'_>,
    key: &str,
    v: &Val<'_>,
    read: impl FnOnce(&mut Cx<'_>, &str, &Val<'_>) -> Option<Vec<f64>>,
) -> Option<(f64, f64)> {
    let at = v.span().start;
    let nums = match v.get_ref() {
        DeValue::Array(_) => read(cx, key, v)?,
        other => {
            cx.error(
                at,
                format!(
                    "`{key}` must be an interval like [-3, 3], found {}",
                    type_name(other)
                ),
            );
            return None;
        }
    };
    match nums.as_slice() {
        [lo, hi] if lo < hi => Some((*lo, *hi)),
        [_, _] => {
            cx.error(at, format!("`{key}` must be [low, high] with low < high"));
            None
        }
        _ => {
            cx.error(
                at,
                format!(
                    "`{key}` must be an interval of two numbers like [-3, 3], found {} numbers",
                    nums.len()
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_for_typos_only() {
        let fields = ["function", "vars", "var", "hints", "tolerance"];
        assert_eq!(did_you_mean("fucntion", &fields), Some("function"));
        assert_eq!(did_you_mean("hint", &fields), Some("hints"));
        assert_eq!(did_you_mean("tolerence", &fields), Some("tolerance"));
        assert_eq!(did_you_mean("banana", &fields), None);
    }

    #[test]
    fn numbers_in_every_toml_spelling() {
        let (t, errs) = DeTable::parse_recoverable("a = 0x1F\nb = -3\nc = 1_000.5\nd = 2e-3");
        assert!(errs.is_empty());
        let get = |k: &str| t.get_ref().get(k).and_then(|v| number(v.get_ref()));
        assert_eq!(get("a"), Some(31.0));
        assert_eq!(get("b"), Some(-3.0));
        assert_eq!(get("c"), Some(1000.5));
        assert_eq!(get("d"), Some(2e-3));
        assert_eq!(number_text(-4.0), "-4");
        assert_eq!(number_text(0.25), "0.25");
    }
}
