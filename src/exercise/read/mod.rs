//! One file's text to an [`ExerciseSet`]: the structure, types, names and formulas of every
//! item, each problem reported at its line and column.
//!
//! One file per item and per kind: `fields` (what every item shares), `exercise` (an
//! `[[exercise]]`), `kinds` (each kind's fields), `table`, `answer` (the answer key) and
//! `descent` (a `[[descent]]`).

mod answer;
mod descent;
mod draws;
mod exercise;
mod fields;
mod graph;
mod kinds;
mod table;

use answer::*;
use descent::*;
use draws::RawParam;
use exercise::*;
use fields::*;
use graph::*;
use kinds::*;
use table::*;

use super::load::Diagnostic;
use super::reader::{
    formula_list, formula_of, interval, is_identifier, list_of, num_list, num_of, number, str_list,
    str_of, suggestion, table_of, type_name, Cx, Fields, Src, Val,
};
use super::variant::{ItemKind, Variant, VariantSpec};
use super::{
    Answer, Descent, Domain, Exercise, ExerciseSet, Goal, GraphAsk, Kind, ParsedFormulas, Pos,
    StepAsked, TableColumn, TableEntry, Tolerance,
};
use crate::math::{self, LogBase, ParseErrorKind, Scope};
use std::sync::Arc;
use toml::de::{DeTable, DeValue};

/// The most steps a descent example may ask for.
pub(crate) const MAX_STEPS: i64 = 100_000;

/// Names the answer language keeps for its constants.
pub(super) const RESERVED: &[&str] = &["pi", "e"];

pub(super) const COMMON: &[&str] = &[
    "id",
    "kind",
    "prompt",
    "title",
    "hints",
    "solution",
    "domain",
    "tolerance",
    "log",
    "params",
    "data",
    "answer",
    "where",
];

pub(crate) const KINDS: &[(&str, &[&str])] = &[
    ("derivative", &["function", "var", "vars", "order", "at"]),
    ("gradient", &["function", "vars", "at"]),
    ("jacobian", &["functions", "vars", "at"]),
    ("directional", &["function", "vars", "direction", "at"]),
    ("value", &["value", "step"]),
    ("graph", &["function", "at", "nodes", "names", "ask"]),
    ("extremum", &["function", "vars", "goal", "boundary"]),
    ("limit", &["function", "vars", "along", "t0"]),
    ("table", &["columns", "totals"]),
];

pub(super) const DESCENT_FIELDS: &[&str] = &[
    "id",
    "where",
    "title",
    "notes",
    "function",
    "vars",
    "start",
    "learning_rate",
    "steps",
    "momentum",
    "gradient",
    "data",
    "params",
    "view",
    "stop",
    "log",
];

pub(super) const TOP_FIELDS: &[&str] = &[
    "title",
    "description",
    "order",
    "defaults",
    "exercise",
    "descent",
];

/// The largest `order` a set may have.
pub const MAX_ORDER: i64 = 1_000_000;

/// Where the fields of one exercise or descent example are, for the checks that run later.
#[derive(Clone, Debug, Default)]
pub struct ItemInfo {
    fields: Vec<(String, Pos)>,
}

impl ItemInfo {
    pub(super) fn set(&mut self, name: impl Into<String>, pos: Pos) {
        self.fields.push((name.into(), pos));
    }

    /// Where a field's value starts (`"function"`, `"functions[1]"`, `"at"`, `"answer"`).
    pub fn pos(&self, name: &str) -> Option<Pos> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, p)| *p)
    }
}

/// Everything read from one file.
#[derive(Debug, Default)]
pub struct FileOutcome {
    /// The items that read without errors (all of them when `diagnostics` has no error).
    pub set: ExerciseSet,
    pub exercise_info: Vec<ItemInfo>,
    pub descent_info: Vec<ItemInfo>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many `[[exercise]]` and `[[descent]]` entries the file has, read or not.
    pub exercise_entries: usize,
    pub descent_entries: usize,
    /// Every id read, with where its value is, for the duplicate check across files.
    pub ids: Vec<(String, Pos)>,
}

#[derive(Clone, Debug, Default)]
pub(super) struct Defaults {
    pub(super) domain: Option<Domain>,
    pub(super) log: Option<LogBase>,
    pub(super) tolerance: Option<Tolerance>,
}

pub(crate) fn read_file(source: &str, text: &str) -> FileOutcome {
    let mut cx = Cx::new(source, text);
    let mut out = FileOutcome {
        set: ExerciseSet {
            source: source.to_string(),
            ..ExerciseSet::default()
        },
        ..FileOutcome::default()
    };
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        report_toml_errors(&mut cx, text, &errors);
        let count = |key: &str| match root.get_ref().get(key).map(|v| v.get_ref()) {
            Some(DeValue::Array(a)) => a.len(),
            Some(DeValue::Table(_)) => 1,
            _ => 0,
        };
        out.exercise_entries = count("exercise");
        out.descent_entries = count("descent");
        out.diagnostics = cx.diags;
        return out;
    }

    let mut top = Fields::new(root.get_ref(), 0, "the file (before any [[exercise]])");
    if let Some((title, at)) = top.req_str(&mut cx, "title") {
        if title.trim().is_empty() {
            cx.error(at, "`title` is empty");
        }
        out.set.title = title;
    }
    out.set.description = top.opt_str(&mut cx, "description");
    out.set.order = top.get("order").and_then(|v| read_order(&mut cx, v));
    let defaults = top
        .get("defaults")
        .and_then(|v| read_defaults(&mut cx, v))
        .unwrap_or_default();

    for (key, what) in [("exercise", "[[exercise]]"), ("descent", "[[descent]]")] {
        if let Some(v) = top.get(key) {
            read_items_of(&mut cx, key, what, v, &defaults, &mut out);
        }
    }
    top.finish(&mut cx, TOP_FIELDS, |key| {
        let is_item_field = COMMON.contains(&key)
            || KINDS.iter().any(|(_, f)| f.contains(&key))
            || DESCENT_FIELDS.contains(&key);
        is_item_field.then(|| {
            format!(
                " (`{key}` belongs to an item: put it after an [[exercise]] or [[descent]] header)"
            )
        })
    });
    if out.exercise_entries + out.descent_entries == 0 && cx.errors() == 0 {
        cx.warning(0, "this file has no [[exercise]] or [[descent]] items");
    }
    out.diagnostics = cx.diags;
    out
}

/// A set's `order`: a whole number from 0 to [`MAX_ORDER`].
fn read_order(cx: &mut Cx<'_>, v: &Val<'_>) -> Option<u32> {
    let n = whole(cx, "order", v)?;
    match u32::try_from(n) {
        Ok(n) if i64::from(n) <= MAX_ORDER => Some(n),
        _ => {
            cx.error(
                v.span().start,
                format!(
                    "`order` must be a whole number from 0 to {MAX_ORDER} (sets are listed \
                     smallest first), found {n}"
                ),
            );
            None
        }
    }
}

/// TOML syntax errors, one message per line: a single slip often confuses the parser several
/// times.
fn report_toml_errors(cx: &mut Cx<'_>, text: &str, errors: &[toml::de::Error]) {
    let mut errs: Vec<(usize, String)> = errors
        .iter()
        .map(|e| {
            (
                e.span().map(|s| s.start).unwrap_or(0),
                e.message().to_string(),
            )
        })
        .collect();
    errs.sort_by_key(|(at, _)| *at);
    // `[exercise]` among `[[exercise]]` items makes TOML say "duplicate key" at whichever
    // header comes second: name the real slip, at the single-bracket header, instead.
    let single = single_bracket_items(text);
    if !single.is_empty() {
        errs.retain(|(_, msg)| !msg.contains("duplicate key"));
        errs.extend(single.into_iter().map(|(at, what)| {
            (
                at,
                format!("write `{what}` with two brackets: each one starts a new item"),
            )
        }));
        errs.sort_by_key(|(at, _)| *at);
    }
    let mut last_line = 0;
    for (at, msg) in errs {
        let line = cx.pos(at).line;
        if line != last_line {
            last_line = line;
            if msg.starts_with("write `") {
                cx.error(at, msg);
            } else {
                cx.error(at, format!("invalid TOML: {msg}"));
            }
        }
    }
}

/// The single-bracket item headers of a file (`[exercise]`, `[ descent ]`): their byte offsets
/// and the header they should be.
fn single_bracket_items(text: &str) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(rest) = trimmed.strip_prefix('[').filter(|r| !r.starts_with('[')) {
            let name = rest.split(']').next().unwrap_or("").trim();
            let what = match name {
                "exercise" => Some("[[exercise]]"),
                "descent" => Some("[[descent]]"),
                _ => None,
            };
            if let Some(what) = what {
                out.push((at + indent, what));
            }
        }
        at += line.len();
    }
    out
}

/// The `[[exercise]]` (or `[[descent]]`) items under `key`, each read into `out`; a single
/// `[exercise]` table is refused with the reason.
fn read_items_of(
    cx: &mut Cx<'_>,
    key: &str,
    what: &str,
    v: &Val<'_>,
    defaults: &Defaults,
    out: &mut FileOutcome,
) {
    let items: &[Val<'_>] = match v.get_ref() {
        DeValue::Array(a) => &a[..],
        DeValue::Table(_) => {
            cx.error(
                v.span().start,
                format!("write `{what}` with two brackets: each one starts a new item"),
            );
            return;
        }
        other => {
            cx.error(
                v.span().start,
                format!(
                    "`{key}` must be a list of tables written `{what}`, found {}",
                    type_name(other)
                ),
            );
            return;
        }
    };
    for item in items {
        let before = cx.diags.len();
        cx.drawn = None;
        if key == "exercise" {
            out.exercise_entries += 1;
            let index = out.exercise_entries - 1;
            match read_exercise(cx, item, defaults, &mut out.ids, index, None) {
                Some((ex, info)) => {
                    out.set.exercises.push(ex);
                    out.exercise_info.push(info);
                }
                None => draws::name_the_variant(cx, before, |cx, values| {
                    read_exercise(cx, item, defaults, &mut Vec::new(), index, Some(values));
                }),
            }
        } else {
            out.descent_entries += 1;
            let index = out.descent_entries - 1;
            match read_descent(cx, item, defaults, &mut out.ids, index, None) {
                Some((d, info)) => {
                    out.set.descents.push(d);
                    out.descent_info.push(info);
                }
                None => draws::name_the_variant(cx, before, |cx, values| {
                    read_descent(cx, item, defaults, &mut Vec::new(), index, Some(values));
                }),
            }
        }
    }
}

/// Reads the variants of one randomised exercise (or descent example) from its file, the file
/// parsed once: validate reads hundreds of variants of one item, and parsing the TOML was most
/// of the time each took.
pub(crate) struct VariantReader<'t> {
    cx: Cx<'t>,
    root: toml::Spanned<DeTable<'t>>,
    parsed: bool,
    defaults: Defaults,
    item: ItemKind,
    index: usize,
}

impl<'t> VariantReader<'t> {
    /// The `index`-th `[[exercise]]` (or `[[descent]]`) of `text` (named `source` in messages).
    pub(crate) fn new(source: &'t str, text: &'t str, item: ItemKind, index: usize) -> Self {
        let mut cx = Cx::new(source, text);
        let (root, errors) = DeTable::parse_recoverable(text);
        let defaults = root
            .get_ref()
            .get("defaults")
            .and_then(|v| read_defaults(&mut cx, v))
            .unwrap_or_default();
        cx.diags.clear();
        VariantReader {
            cx,
            root,
            parsed: errors.is_empty(),
            defaults,
            item,
            index,
        }
    }

    /// The item's table, or an error saying the file has no such item.
    fn item<'r>(
        cx: &mut Cx<'t>,
        root: &'r toml::Spanned<DeTable<'t>>,
        parsed: bool,
        item: ItemKind,
        index: usize,
    ) -> Result<&'r Val<'t>, Vec<Diagnostic>> {
        cx.diags.clear();
        let key = match item {
            ItemKind::Exercise => "exercise",
            ItemKind::Descent => "descent",
        };
        let found = match root.get_ref().get(key).map(|v| v.get_ref()) {
            Some(DeValue::Array(a)) if parsed => a.get(index),
            _ => None,
        };
        found.ok_or_else(|| {
            cx.error(0, format!("the file has no [[{key}]] number {}", index + 1));
            std::mem::take(&mut cx.diags)
        })
    }

    /// The exercise read again with these parameter values; every problem when it does not
    /// read.
    pub(crate) fn read(&mut self, values: &[(String, f64)]) -> Result<Exercise, Vec<Diagnostic>> {
        let item = Self::item(&mut self.cx, &self.root, self.parsed, self.item, self.index)?;
        let read = read_exercise(
            &mut self.cx,
            item,
            &self.defaults,
            &mut Vec::new(),
            self.index,
            Some(values),
        );
        match read {
            Some((ex, _)) => Ok(ex),
            None => Err(std::mem::take(&mut self.cx.diags)),
        }
    }

    /// The descent example read again with these parameter values; every problem when it does
    /// not read.
    pub(crate) fn read_descent(
        &mut self,
        values: &[(String, f64)],
    ) -> Result<Descent, Vec<Diagnostic>> {
        let item = Self::item(&mut self.cx, &self.root, self.parsed, self.item, self.index)?;
        let read = read_descent(
            &mut self.cx,
            item,
            &self.defaults,
            &mut Vec::new(),
            self.index,
            Some(values),
        );
        match read {
            Some((d, _)) => Ok(d),
            None => Err(std::mem::take(&mut self.cx.diags)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::reader::did_you_mean;

    #[test]
    fn words_are_names_not_number_parts() {
        let w: Vec<String> = words("2*a + sigmoid(z1) - 1e5 + b_2")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(w, ["a", "sigmoid", "z1", "b_2"]);
        assert_eq!(words("x + ab")[1], (4, "ab".to_string()));
    }

    #[test]
    fn plain_numbers() {
        for yes in ["12", "-0.25", " 3.5 ", "2.000271e-8", "1E+5", "0"] {
            assert!(is_plain_number(yes), "{yes}");
            let parsed = crate::math::Expr::parse(yes, &Scope::default());
            assert!(
                parsed.is_ok(),
                "{yes} must also read in the answer language"
            );
        }
        for no in [
            "", "-", "1.", ".5", "1e", "e5", "1/4", "inf", "nan", "2x", "--1", "1.2.3",
        ] {
            assert!(!is_plain_number(no), "{no}");
        }
    }

    #[test]
    fn did_you_mean_kinds() {
        let names: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
        assert_eq!(did_you_mean("derivitive", &names), Some("derivative"));
    }
}
