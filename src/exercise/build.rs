//! One file's text to an [`ExerciseSet`]: the structure, types, names and formulas of every
//! item, each problem reported at its line and column.

use super::load::Diagnostic;
use super::reader::{
    formula_list, formula_of, interval, is_identifier, list_of, num_list, num_of, number, str_list,
    str_of, suggestion, table_of, type_name, Cx, Fields, Src, Val,
};
use super::{
    Answer, Descent, Domain, Exercise, ExerciseSet, Goal, Kind, Pos, TableColumn, TableEntry,
    Tolerance,
};
use crate::math::{Expr, LogBase, ParseErrorKind, Scope};
use toml::de::{DeTable, DeValue};

/// The most steps a descent example may ask for.
pub(crate) const MAX_STEPS: i64 = 100_000;

/// Names the answer language keeps for its constants.
const RESERVED: &[&str] = &["pi", "e"];

const COMMON: &[&str] = &[
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
];

pub(crate) const KINDS: &[(&str, &[&str])] = &[
    ("derivative", &["function", "var", "vars", "order", "at"]),
    ("gradient", &["function", "vars", "at"]),
    ("jacobian", &["functions", "vars", "at"]),
    ("directional", &["function", "vars", "direction", "at"]),
    ("value", &["value"]),
    ("extremum", &["function", "vars", "goal"]),
    ("limit", &["function", "vars", "along", "t0"]),
    ("table", &["columns", "totals"]),
];

const DESCENT_FIELDS: &[&str] = &[
    "id",
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

const TOP_FIELDS: &[&str] = &["title", "description", "defaults", "exercise", "descent"];

/// Where the fields of one exercise or descent example are, for the checks that run later.
#[derive(Clone, Debug, Default)]
pub struct ItemInfo {
    fields: Vec<(String, Pos)>,
}

impl ItemInfo {
    fn set(&mut self, name: impl Into<String>, pos: Pos) {
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
struct Defaults {
    domain: Option<Domain>,
    log: Option<LogBase>,
    tolerance: Option<Tolerance>,
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
        // One message per line: a single slip often confuses the parser several times.
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
        let mut last_line = 0;
        for (at, msg) in errs {
            let line = cx.pos(at).line;
            if line != last_line {
                last_line = line;
                cx.error(at, format!("invalid TOML: {msg}"));
            }
        }
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
    let defaults = top
        .get("defaults")
        .and_then(|v| read_defaults(&mut cx, v))
        .unwrap_or_default();

    for (key, what) in [("exercise", "[[exercise]]"), ("descent", "[[descent]]")] {
        let Some(v) = top.get(key) else { continue };
        let items: &[Val<'_>] = match v.get_ref() {
            DeValue::Array(a) => &a[..],
            DeValue::Table(_) => {
                cx.error(
                    v.span().start,
                    format!("write `{what}` with two brackets: each one starts a new item"),
                );
                continue;
            }
            other => {
                cx.error(
                    v.span().start,
                    format!(
                        "`{key}` must be a list of tables written `{what}`, found {}",
                        type_name(other)
                    ),
                );
                continue;
            }
        };
        for item in items {
            if key == "exercise" {
                out.exercise_entries += 1;
                if let Some((ex, info)) = read_exercise(&mut cx, item, &defaults, &mut out.ids) {
                    out.set.exercises.push(ex);
                    out.exercise_info.push(info);
                }
            } else {
                out.descent_entries += 1;
                if let Some((d, info)) = read_descent(&mut cx, item, &defaults, &mut out.ids) {
                    out.set.descents.push(d);
                    out.descent_info.push(info);
                }
            }
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

fn read_defaults(cx: &mut Cx<'_>, v: &Val<'_>) -> Option<Defaults> {
    let mut f = table_of(cx, "defaults", v, "[defaults]")?;
    let d = Defaults {
        domain: f
            .get("domain")
            .and_then(|v| read_domain(cx, v))
            .map(|(d, _)| d),
        log: f.get("log").and_then(|v| read_log(cx, v)),
        tolerance: f.get("tolerance").and_then(|v| read_tolerance(cx, v)),
    };
    f.finish(cx, &["domain", "log", "tolerance"], |key| {
        COMMON
            .contains(&key)
            .then(|| " ([defaults] holds only `domain`, `log` and `tolerance`)".to_string())
    });
    Some(d)
}

/// `[lo, hi]` for every variable, or `{ x = [lo, hi], ... }` per variable (others get the
/// built-in [-3, 3]). Also returns the per-variable names with where they are.
fn read_domain(cx: &mut Cx<'_>, v: &Val<'_>) -> Option<(Domain, Vec<(String, usize)>)> {
    match v.get_ref() {
        DeValue::Array(_) => interval(cx, "domain", v).map(|all| {
            (
                Domain {
                    all,
                    per_var: Vec::new(),
                },
                Vec::new(),
            )
        }),
        DeValue::Table(_) => {
            let mut f = table_of(cx, "domain", v, "`domain`")?;
            f.use_all();
            let mut domain = Domain::default();
            let mut keys = Vec::new();
            let mut ok = true;
            for (name, at, val) in f.entries() {
                if !is_identifier(name) {
                    cx.error(*at, format!("`{name}` is not a variable name"));
                    ok = false;
                    continue;
                }
                match interval(cx, &format!("domain.{name}"), val) {
                    Some(r) => {
                        domain.per_var.push((name.to_string(), r));
                        keys.push((name.to_string(), *at));
                    }
                    None => ok = false,
                }
            }
            ok.then_some((domain, keys))
        }
        other => {
            cx.error(
                v.span().start,
                format!(
                    "`domain` must be an interval like [-3, 3] or a table like {{ x = [-3, 3], y = [0.1, 5] }}, found {}",
                    type_name(other)
                ),
            );
            None
        }
    }
}

fn read_log(cx: &mut Cx<'_>, v: &Val<'_>) -> Option<LogBase> {
    let (s, at) = str_of(cx, "log", v)?;
    match s.as_str() {
        "ln" => Some(LogBase::Ln),
        "log10" => Some(LogBase::Log10),
        _ => {
            cx.error(
                at,
                format!("`log` must be \"ln\" or \"log10\", not \"{s}\""),
            );
            None
        }
    }
}

fn whole(cx: &mut Cx<'_>, key: &str, v: &Val<'_>) -> Option<i64> {
    match v.get_ref() {
        DeValue::Integer(_) => match number(v.get_ref()) {
            Some(x) if x.abs() < 9e15 => Some(x as i64),
            _ => {
                cx.error(v.span().start, format!("`{key}` is too large"));
                None
            }
        },
        other => {
            cx.error(
                v.span().start,
                format!("`{key}` must be a whole number, found {}", type_name(other)),
            );
            None
        }
    }
}

fn read_tolerance(cx: &mut Cx<'_>, v: &Val<'_>) -> Option<Tolerance> {
    const KEYS: &[&str] = &["abs", "rel", "sig_figs", "decimals"];
    let start = v.span().start;
    let mut f = table_of(cx, "tolerance", v, "`tolerance`")?;
    let present: Vec<&str> = KEYS.iter().copied().filter(|k| f.has(k)).collect();
    let mut out = None;
    for key in &present {
        let Some(val) = f.get(key) else { continue };
        let at = val.span().start;
        out = match *key {
            "abs" | "rel" => match num_of(cx, key, val) {
                Some((x, _)) if x > 0.0 && x.is_finite() => Some(if *key == "abs" {
                    Tolerance::Abs(x)
                } else {
                    Tolerance::Rel(x)
                }),
                Some(_) => {
                    cx.error(at, format!("`{key}` must be a positive number"));
                    None
                }
                None => None,
            },
            _ => match whole(cx, key, val) {
                Some(n) if *key == "sig_figs" && (1..=15).contains(&n) => {
                    Some(Tolerance::SigFigs(n as u32))
                }
                Some(n) if *key == "decimals" && (0..=15).contains(&n) => {
                    Some(Tolerance::Decimals(n as u32))
                }
                Some(_) => {
                    let range = if *key == "sig_figs" {
                        "1 to 15"
                    } else {
                        "0 to 15"
                    };
                    cx.error(at, format!("`{key}` must be {range}"));
                    None
                }
                None => None,
            },
        };
    }
    f.finish(cx, KEYS, |_| None);
    match present.len() {
        1 => out,
        0 => {
            cx.error(
                start,
                "`tolerance` needs one of `abs`, `rel`, `sig_figs` or `decimals`",
            );
            None
        }
        _ => {
            cx.error(
                start,
                format!(
                    "`tolerance` must give exactly one of `abs`, `rel`, `sig_figs` or `decimals`, not {}",
                    present
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            );
            None
        }
    }
}

fn check_id(cx: &mut Cx<'_>, id: String, at: usize, ids: &mut Vec<(String, Pos)>) -> String {
    if id.is_empty() {
        cx.error(at, "`id` is empty");
    } else if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        cx.error(
            at,
            format!("id `{id}` may use only lowercase letters, digits and `-`"),
        );
    } else {
        ids.push((id.clone(), cx.pos(at)));
    }
    id
}

/// A named list of numbers per key (`params` values are single numbers, `data` values lists).
struct Named<T> {
    name: String,
    at: usize,
    value: T,
}

fn check_name(cx: &mut Cx<'_>, what: &str, name: &str, at: usize) -> bool {
    if !is_identifier(name) {
        cx.error(
            at,
            format!("{what} `{name}` is not a valid name (letters, digits and `_`, starting with a letter)"),
        );
        false
    } else if RESERVED.contains(&name) {
        cx.error(
            at,
            format!("{what} cannot be called `{name}`: that is a constant of the answer language"),
        );
        false
    } else {
        true
    }
}

/// Every well-named parameter (so that formulas still see the names when a value is wrong;
/// the errors stop the item from loading anyway).
fn read_params(cx: &mut Cx<'_>, v: &Val<'_>) -> Vec<Named<f64>> {
    let Some(mut f) = table_of(cx, "params", v, "`params`") else {
        return Vec::new();
    };
    f.use_all();
    let mut out = Vec::new();
    for (name, at, val) in f.entries() {
        if !check_name(cx, "a parameter", name, *at) {
            continue;
        }
        let value = num_of(cx, &format!("params.{name}"), val).map_or(f64::NAN, |(x, _)| x);
        out.push(Named {
            name: name.to_string(),
            at: *at,
            value,
        });
    }
    out
}

/// Every well-named data column (kept even when its values are wrong, as for `params`).
fn read_data(cx: &mut Cx<'_>, v: &Val<'_>) -> Vec<Named<Vec<f64>>> {
    let Some(mut f) = table_of(cx, "data", v, "`data`") else {
        return Vec::new();
    };
    f.use_all();
    let mut out: Vec<Named<Vec<f64>>> = Vec::new();
    for (name, at, val) in f.entries() {
        if !check_name(cx, "a data column", name, *at) {
            continue;
        }
        let listed = num_list(cx, &format!("data.{name}"), val);
        let col = listed.clone().unwrap_or_default();
        if listed.is_none() {
            // Already reported.
        } else if col.is_empty() {
            cx.error(val.span().start, format!("data column `{name}` is empty"));
        } else if let Some(first) = out.first().filter(|f| !f.value.is_empty()) {
            if first.value.len() != col.len() {
                cx.error(
                    val.span().start,
                    format!(
                        "data column `{name}` has {} but `{}` has {}: columns must have equal lengths",
                        count(col.len(), "value"),
                        first.name,
                        first.value.len()
                    ),
                );
            }
        }
        out.push(Named {
            name: name.to_string(),
            at: *at,
            value: col,
        });
    }
    if f.entries().is_empty() {
        cx.error(v.span().start, "`data` has no columns");
    }
    out
}

fn read_point(cx: &mut Cx<'_>, key: &str, v: &Val<'_>) -> Option<Vec<Named<f64>>> {
    let mut f = table_of(cx, key, v, "the point")?;
    f.use_all();
    let mut out = Vec::new();
    let mut ok = true;
    for (name, at, val) in f.entries() {
        match num_of(cx, &format!("{key}.{name}"), val) {
            Some((x, _)) if x.is_finite() => out.push(Named {
                name: name.to_string(),
                at: *at,
                value: x,
            }),
            Some(_) => {
                cx.error(val.span().start, format!("`{key}.{name}` must be finite"));
                ok = false;
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// A list of variable names: valid, distinct, not a constant's name.
fn read_vars(cx: &mut Cx<'_>, key: &str, v: &Val<'_>) -> Option<Vec<(String, usize)>> {
    let names = str_list(cx, key, v)?;
    let mut ok = true;
    for (i, (name, at)) in names.iter().enumerate() {
        if !check_name(cx, "a variable", name, *at) {
            ok = false;
        } else if names[..i].iter().any(|(n, _)| n == name) {
            cx.error(*at, format!("`{name}` appears twice in `{key}`"));
            ok = false;
        }
    }
    if names.is_empty() {
        cx.error(v.span().start, format!("`{key}` is empty"));
        ok = false;
    }
    ok.then_some(names)
}

/// Everything an item's formulas are parsed with.
struct Env {
    params: Vec<(String, f64)>,
    data: Vec<(String, Vec<f64>)>,
    log: LogBase,
}

impl Env {
    fn names(&self) -> super::Names<'_> {
        super::Names::new(&self.params, &self.data, self.log)
    }

    fn scope<S: AsRef<str>>(&self, vars: &[S]) -> Scope {
        self.names().formulas(vars)
    }
}

/// Parses a formula; a parse error is reported at its column inside the formula. `Some(())`
/// when it reads.
fn parse(cx: &mut Cx<'_>, src: &Src, scope: &Scope, label: &str, hint: &str) -> Option<()> {
    // A plain decimal number always reads; answer keys and table cells are mostly numbers,
    // and skipping the parser for them keeps loading fast.
    if is_plain_number(&src.text) {
        return Some(());
    }
    match Expr::parse(&src.text, scope) {
        Ok(_) => Some(()),
        Err(e) => {
            let at = src.offset(cx, e.span.start);
            let hint = if e.kind == ParseErrorKind::UnknownName {
                hint
            } else {
                ""
            };
            cx.error(at, format!("in {label}: {}{hint}", e.message));
            None
        }
    }
}

/// `12`, `-0.25`, `2.000271e-8`: an optional minus, digits with an optional fraction, an
/// optional exponent.
fn is_plain_number(text: &str) -> bool {
    let t = text.trim();
    let t = t.strip_prefix('-').unwrap_or(t);
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// `1 number`, `2 numbers`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Checks that no two of variables, parameters and data columns share a name.
fn check_clashes(
    cx: &mut Cx<'_>,
    vars: &[String],
    params: &[Named<f64>],
    data: &[Named<Vec<f64>>],
) -> bool {
    let mut ok = true;
    for p in params {
        if vars.contains(&p.name) {
            cx.error(
                p.at,
                format!("parameter `{}` has the same name as a variable", p.name),
            );
            ok = false;
        }
    }
    for d in data {
        if vars.contains(&d.name) {
            cx.error(
                d.at,
                format!("data column `{}` has the same name as a variable", d.name),
            );
            ok = false;
        } else if params.iter().any(|p| p.name == d.name) {
            cx.error(
                d.at,
                format!("data column `{}` has the same name as a parameter", d.name),
            );
            ok = false;
        }
    }
    ok
}

/// Checks that `at` names exactly the variables.
fn check_point(cx: &mut Cx<'_>, key: &str, at_start: usize, point: &[Named<f64>], vars: &[String]) {
    for p in point {
        if !vars.contains(&p.name) {
            cx.error(
                p.at,
                format!("`{key}` names `{}`, which is not in `vars`", p.name),
            );
        }
    }
    for v in vars {
        if !point.iter().any(|p| &p.name == v) {
            cx.error(at_start, format!("`{key}` has no value for `{v}`"));
        }
    }
}

fn kind_fields(kind: &str) -> Option<&'static [&'static str]> {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(_, f)| *f)
}

fn read_exercise(
    cx: &mut Cx<'_>,
    v: &Val<'_>,
    defaults: &Defaults,
    ids: &mut Vec<(String, Pos)>,
) -> Option<(Exercise, ItemInfo)> {
    let start = v.span().start;
    let DeValue::Table(t) = v.get_ref() else {
        cx.error(
            start,
            format!(
                "each exercise must be a table, found {}",
                type_name(v.get_ref())
            ),
        );
        return None;
    };
    let errors_before = cx.errors();
    let mut info = ItemInfo::default();
    let mut f = Fields::new(t, start, "this [[exercise]]");
    let id = f
        .req_str(cx, "id")
        .map(|(id, at)| check_id(cx, id, at, ids));
    let kind_name = f.req_str(cx, "kind");
    let prompt = f.req_str(cx, "prompt").map(|(p, at)| {
        if p.trim().is_empty() {
            cx.error(at, "`prompt` is empty");
        }
        p
    });
    let title = f.opt_str(cx, "title");
    let hints: Vec<String> = f
        .get("hints")
        .and_then(|v| str_list(cx, "hints", v))
        .map(|h| h.into_iter().map(|(s, _)| s).collect())
        .unwrap_or_default();
    let solution = f.opt_str(cx, "solution");
    let own_domain = f.get("domain").map(|v| {
        info.set("domain", cx.pos(v.span().start));
        read_domain(cx, v)
    });
    let domain_given = own_domain.is_some() || defaults.domain.is_some();
    let (domain, domain_keys) = match own_domain {
        Some(Some((d, keys))) => (d, keys),
        Some(None) => (Domain::default(), Vec::new()),
        None => (defaults.domain.clone().unwrap_or_default(), Vec::new()),
    };
    let tolerance = f
        .get("tolerance")
        .and_then(|v| read_tolerance(cx, v))
        .or(defaults.tolerance)
        .unwrap_or_default();
    let log = f
        .get("log")
        .and_then(|v| read_log(cx, v))
        .or(defaults.log)
        .unwrap_or_default();
    let params = f
        .get("params")
        .map(|v| read_params(cx, v))
        .unwrap_or_default();
    let data = f.get("data").map(|v| read_data(cx, v)).unwrap_or_default();
    let answer_val = f.get("answer");
    let env = Env {
        params: params.iter().map(|p| (p.name.clone(), p.value)).collect(),
        data: data
            .iter()
            .map(|d| (d.name.clone(), d.value.clone()))
            .collect(),
        log,
    };

    let kind = match &kind_name {
        Some((k, at)) => match k.as_str() {
            "derivative" => read_derivative(cx, &mut f, &env, &domain_keys, &mut info),
            "gradient" | "jacobian" | "directional" => {
                read_vector_kind(cx, &mut f, k, &env, &mut info)
            }
            "value" => read_value(cx, &mut f, &env, &mut info),
            "extremum" => read_extremum(cx, &mut f, &env, domain_given, &mut info),
            "limit" => read_limit(cx, &mut f, &env, &mut info),
            "table" => read_table(cx, &mut f, &env, &mut info),
            other => {
                let names: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
                cx.error(
                    *at,
                    format!(
                        "unknown kind `{other}`{}; the kinds are {}",
                        suggestion(other, &names),
                        names.join(", ")
                    ),
                );
                None
            }
        },
        None => None,
    };

    if let Some(kind) = &kind {
        // Per-variable domains must name variables of this exercise.
        let vars = kind.vars();
        for (name, at) in &domain_keys {
            if !vars.contains(name) {
                cx.error(
                    *at,
                    format!("`domain` names `{name}`, which is not a variable of this exercise"),
                );
            }
        }
        check_clashes(cx, vars, &params, &data);
    }

    // Unknown fields: measured against this kind's fields when the kind is known.
    let kind_known = kind_name
        .as_ref()
        .and_then(|(k, _)| kind_fields(k))
        .map(|fields| (kind_name.as_ref().map(|(k, _)| k.clone()), fields));
    match kind_known {
        Some((Some(kname), fields)) => {
            let allowed: Vec<&str> = COMMON.iter().chain(fields.iter()).copied().collect();
            f.finish(cx, &allowed, |key| {
                let owners: Vec<&str> = KINDS
                    .iter()
                    .filter(|(_, fs)| fs.contains(&key))
                    .map(|(k, _)| *k)
                    .collect();
                if !owners.is_empty() {
                    Some(format!(
                        " (`{key}` is a field of {} exercises, not {kname} ones)",
                        owners.join(" and ")
                    ))
                } else if DESCENT_FIELDS.contains(&key) {
                    Some(format!(" (`{key}` is a [[descent]] field)"))
                } else {
                    None
                }
            });
        }
        _ => {
            let mut allowed: Vec<&str> = COMMON.to_vec();
            for (_, fields) in KINDS {
                allowed.extend(fields.iter().copied());
            }
            f.finish(cx, &allowed, |_| None);
        }
    }

    let kind = kind?;
    let mut ex = Exercise {
        id: id?,
        kind,
        prompt: prompt?,
        title,
        hints,
        solution,
        domain,
        tolerance,
        params: env.params,
        data: env.data,
        answer: None,
        log,
        pos: cx.pos(start),
    };
    if let Some(v) = answer_val {
        info.set("answer", cx.pos(v.span().start));
        ex.answer = read_answer(cx, v, &ex);
    }
    (cx.errors() == errors_before).then_some((ex, info))
}

fn names(list: &[(String, usize)]) -> Vec<String> {
    list.iter().map(|(n, _)| n.clone()).collect()
}

fn read_at(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    info: &mut ItemInfo,
) -> Option<Option<(Vec<Named<f64>>, usize)>> {
    match f.get("at") {
        None => Some(None),
        Some(v) => {
            info.set("at", cx.pos(v.span().start));
            read_point(cx, "at", v).map(|p| Some((p, v.span().start)))
        }
    }
}

fn point_of(p: &Option<(Vec<Named<f64>>, usize)>, vars: &[String]) -> Option<Vec<(String, f64)>> {
    // In `vars` order, so that the point can be passed to `Expr::eval` as it is.
    p.as_ref().map(|(pts, _)| {
        vars.iter()
            .filter_map(|v| pts.iter().find(|p| &p.name == v))
            .map(|p| (p.name.clone(), p.value))
            .collect()
    })
}

fn read_derivative(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    env: &Env,
    domain_keys: &[(String, usize)],
    info: &mut ItemInfo,
) -> Option<Kind> {
    let function = f.req_formula(cx, "function");
    if let Some(fun) = &function {
        info.set("function", cx.pos(fun.span.start));
    }
    let var: Option<Vec<(String, usize)>> = f.req(cx, "var").and_then(|v| match v.get_ref() {
        DeValue::String(s) => Some(vec![(s.to_string(), v.span().start)]),
        DeValue::Array(_) => {
            let list = str_list(cx, "var", v)?;
            if list.is_empty() {
                cx.error(v.span().start, "`var` is empty");
                return None;
            }
            Some(list)
        }
        other => {
            cx.error(
                v.span().start,
                format!(
                    "`var` must be a variable name or a list of them, found {}",
                    type_name(other)
                ),
            );
            None
        }
    });
    let order = match f.get("order") {
        None => Some((1u8, 0)),
        Some(v) => match number(v.get_ref()) {
            Some(x) if matches!(v.get_ref(), DeValue::Integer(_)) && (x == 1.0 || x == 2.0) => {
                Some((x as u8, v.span().start))
            }
            _ => {
                cx.error(v.span().start, "`order` must be 1 or 2");
                None
            }
        },
    };
    let at = read_at(cx, f, info)?;
    let (vars, defaulted) = match f.get("vars") {
        Some(v) => (names(&read_vars(cx, "vars", v)?), false),
        None => {
            let mut vars: Vec<String> = Vec::new();
            let from_var = var.iter().flatten().map(|(n, at)| (n, *at));
            let from_at = at
                .iter()
                .flat_map(|(p, _)| p.iter().map(|p| (&p.name, p.at)));
            let from_domain = domain_keys.iter().map(|(n, at)| (n, *at));
            let mut ok = true;
            for (name, pos) in from_var.chain(from_at).chain(from_domain) {
                if !vars.contains(name) {
                    ok &= check_name(cx, "a variable", name, pos);
                    vars.push(name.clone());
                }
            }
            if !ok {
                return None;
            }
            (vars, true)
        }
    };
    let var = var?;
    let (order, order_at) = order?;
    for (name, pos) in &var {
        if !vars.contains(name) {
            cx.error(
                *pos,
                format!("`var` names `{name}`, which is not in `vars`"),
            );
        }
    }
    if order == 2 && var.len() > 1 {
        cx.error(
            order_at,
            "`order = 2` goes with a single `var`; for a mixed partial list the variables in `var` instead",
        );
    }
    if let Some((p, at_start)) = &at {
        check_point(cx, "at", *at_start, p, &vars);
    }
    let hint = if defaulted {
        " (list every variable of the function in `vars`)"
    } else {
        ""
    };
    let function = function?;
    parse(cx, &function, &env.scope(&vars), "`function`", hint)?;
    Some(Kind::Derivative {
        function: function.text,
        at: point_of(&at, &vars),
        vars,
        var: names(&var),
        order,
    })
}

fn read_vector_kind(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    kind: &str,
    env: &Env,
    info: &mut ItemInfo,
) -> Option<Kind> {
    let functions: Option<Vec<Src>> = if kind == "jacobian" {
        f.req(cx, "functions").and_then(|v| {
            let list = formula_list(cx, "functions", v)?;
            if list.is_empty() {
                cx.error(v.span().start, "`functions` is empty");
                return None;
            }
            Some(list)
        })
    } else {
        f.req_formula(cx, "function").map(|s| vec![s])
    };
    for (i, fun) in functions.iter().flatten().enumerate() {
        let name = if kind == "jacobian" {
            format!("functions[{i}]")
        } else {
            "function".to_string()
        };
        info.set(name, cx.pos(fun.span.start));
    }
    let vars = f
        .req(cx, "vars")
        .and_then(|v| read_vars(cx, "vars", v))
        .map(|v| names(&v));
    let direction = if kind == "directional" {
        f.req(cx, "direction").and_then(|v| {
            info.set("direction", cx.pos(v.span().start));
            let list = formula_list(cx, "direction", v)?;
            Some((list, v.span().start))
        })
    } else {
        None
    };
    let at = read_at(cx, f, info)?;
    let vars = vars?;
    if let Some((p, at_start)) = &at {
        check_point(cx, "at", *at_start, p, &vars);
    }
    let functions = functions?;
    let scope = env.scope(&vars);
    let mut ok = true;
    for (i, fun) in functions.iter().enumerate() {
        let label = if kind == "jacobian" {
            format!("`functions[{i}]`")
        } else {
            "`function`".to_string()
        };
        ok &= parse(cx, fun, &scope, &label, "").is_some();
    }
    if kind == "directional" {
        let (dir, dir_at) = direction?;
        if dir.len() != vars.len() {
            cx.error(
                dir_at,
                format!(
                    "`direction` has {} but `vars` has {}",
                    count(dir.len(), "component"),
                    count(vars.len(), "variable")
                ),
            );
            ok = false;
        }
        let constant = env.scope::<&str>(&[]);
        for (i, d) in dir.iter().enumerate() {
            ok &= parse(cx, d, &constant, &format!("`direction[{i}]`"), "").is_some();
        }
        let at = point_of(&at, &vars);
        let function = functions.into_iter().next().map(|s| s.text)?;
        return ok.then(|| Kind::Directional {
            function,
            vars,
            direction: dir.into_iter().map(|d| d.text).collect(),
            at,
        });
    }
    let at = point_of(&at, &vars);
    if !ok {
        return None;
    }
    let mut functions: Vec<String> = functions.into_iter().map(|s| s.text).collect();
    Some(if kind == "jacobian" {
        Kind::Jacobian {
            functions,
            vars,
            at,
        }
    } else {
        Kind::Gradient {
            function: functions.remove(0),
            vars,
            at,
        }
    })
}

fn read_value(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    env: &Env,
    info: &mut ItemInfo,
) -> Option<Kind> {
    let value = f.req_formula(cx, "value")?;
    info.set("value", cx.pos(value.span.start));
    parse(
        cx,
        &value,
        &env.scope::<&str>(&[]),
        "`value`",
        " (a `value` has no variables; name constants in `params`)",
    )?;
    Some(Kind::Value { value: value.text })
}

fn read_extremum(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    env: &Env,
    domain_given: bool,
    info: &mut ItemInfo,
) -> Option<Kind> {
    let function = f.req_formula(cx, "function");
    if let Some(fun) = &function {
        info.set("function", cx.pos(fun.span.start));
    }
    let vars = f
        .req(cx, "vars")
        .and_then(|v| read_vars(cx, "vars", v))
        .map(|v| names(&v));
    let goal = f.req_str(cx, "goal").and_then(|(g, at)| match g.as_str() {
        "min" => Some(Goal::Min),
        "max" => Some(Goal::Max),
        other => {
            let hint = match other {
                "minimum" | "minimize" | "minimise" => " (did you mean \"min\"?)".to_string(),
                "maximum" | "maximize" | "maximise" => " (did you mean \"max\"?)".to_string(),
                _ => String::new(),
            };
            cx.error(at, format!("`goal` must be \"min\" or \"max\"{hint}"));
            None
        }
    });
    if !domain_given {
        cx.error(
            f.start,
            "an `extremum` exercise needs a `domain` (here or in [defaults]): the answer must lie in it",
        );
    }
    let (function, vars, goal) = (function?, vars?, goal?);
    parse(cx, &function, &env.scope(&vars), "`function`", "")?;
    Some(Kind::Extremum {
        function: function.text,
        vars,
        goal,
    })
}

fn read_limit(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    env: &Env,
    info: &mut ItemInfo,
) -> Option<Kind> {
    let function = f.req_formula(cx, "function");
    if let Some(fun) = &function {
        info.set("function", cx.pos(fun.span.start));
    }
    let vars = f
        .req(cx, "vars")
        .and_then(|v| read_vars(cx, "vars", v))
        .map(|v| names(&v));
    let along = f.req(cx, "along").and_then(|v| {
        info.set("along", cx.pos(v.span().start));
        formula_list(cx, "along", v).map(|l| (l, v.span().start))
    });
    let t0 = f.req_num(cx, "t0").and_then(|(t, at)| {
        if t.is_finite() {
            Some((t, at))
        } else {
            cx.error(at, "`t0` must be a finite number");
            None
        }
    });
    let (function, vars, (along, along_at), (t0, _)) = (function?, vars?, along?, t0?);
    let mut ok = parse(cx, &function, &env.scope(&vars), "`function`", "").is_some();
    if along.len() != vars.len() {
        cx.error(
            along_at,
            format!(
                "`along` has {} but `vars` has {}: give each variable as a formula in `t`",
                count(along.len(), "component"),
                count(vars.len(), "variable")
            ),
        );
        ok = false;
    }
    let t_scope = env.scope(&["t"]);
    for (i, a) in along.iter().enumerate() {
        ok &= parse(
            cx,
            a,
            &t_scope,
            &format!("`along[{i}]`"),
            " (the curve is written in `t`)",
        )
        .is_some();
    }
    ok.then(|| Kind::Limit {
        function: function.text,
        vars,
        along: along.into_iter().map(|a| a.text).collect(),
        t0,
    })
}

/// Names used in a formula, with their character offsets (identifier-shaped words; the
/// letters of a number such as `1e5` are not names).
fn words(text: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            if i < chars.len() && matches!(chars[i], 'e' | 'E') {
                let mut j = i + 1;
                if matches!(chars.get(j), Some('+' | '-')) {
                    j += 1;
                }
                if chars.get(j).is_some_and(|d| d.is_ascii_digit()) {
                    i = j;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((start, chars[start..i].iter().collect()));
        } else {
            i += 1;
        }
    }
    out
}

fn read_columns(
    cx: &mut Cx<'_>,
    key: &str,
    v: &Val<'_>,
    what: &'static str,
) -> Option<Vec<(TableColumn, Src, usize)>> {
    let items = list_of(
        cx,
        key,
        v,
        "tables like { name = \"z\", formula = \"w*x + b\" }",
    )?;
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(mut f) = table_of(cx, key, item, what) else {
            ok = false;
            continue;
        };
        let name = f.req_str(cx, "name");
        let formula = f.req_formula(cx, "formula");
        let label = f.opt_str(cx, "label");
        f.finish(cx, &["name", "formula", "label"], |_| None);
        match (name, formula) {
            (Some((name, at)), Some(src)) => out.push((
                TableColumn {
                    name,
                    formula: src.text.clone(),
                    label,
                },
                src,
                at,
            )),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_table(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    env: &Env,
    info: &mut ItemInfo,
) -> Option<Kind> {
    if !f.has("data") {
        cx.error(
            f.start,
            "missing field `data` in this [[exercise]]: a table is computed from its data columns",
        );
    }
    let columns = f.req(cx, "columns").and_then(|v| {
        info.set("columns", cx.pos(v.span().start));
        let cols = read_columns(cx, "columns", v, "this column")?;
        if cols.is_empty() {
            cx.error(v.span().start, "`columns` is empty");
            return None;
        }
        Some(cols)
    });
    let totals = match f.get("totals") {
        None => Some(Vec::new()),
        Some(v) => read_columns(cx, "totals", v, "this total"),
    };
    let (columns, totals) = (columns?, totals?);
    let mut ok = true;
    let mut seen: Vec<&str> = env.data.iter().map(|(n, _)| n.as_str()).collect();
    let data_count = seen.len();
    let all: Vec<&str> = columns.iter().map(|(c, _, _)| c.name.as_str()).collect();
    for (i, (col, src, at)) in columns.iter().enumerate() {
        if !check_name(cx, "a column", &col.name, *at) {
            ok = false;
            continue;
        }
        if seen.contains(&col.name.as_str()) || env.params.iter().any(|(p, _)| p == &col.name) {
            let what = if seen[..data_count].contains(&col.name.as_str()) {
                "a data column"
            } else if env.params.iter().any(|(p, _)| p == &col.name) {
                "a parameter"
            } else {
                "an earlier column"
            };
            cx.error(
                *at,
                format!("column `{}` has the same name as {what}", col.name),
            );
            ok = false;
            continue;
        }
        info.set(format!("columns.{}", col.name), cx.pos(src.span.start));
        let scope = env.names().row(&seen);
        let label = format!("column `{}`", col.name);
        match Expr::parse(&src.text, &scope) {
            Ok(_) => {}
            Err(e) => {
                // A name that is a later column (or this one) gets its own message.
                let later = words(&src.text)
                    .into_iter()
                    .find_map(|(ch, w)| all[i..].iter().position(|c| *c == w).map(|j| (ch, w, j)));
                match later {
                    Some((ch, w, 0)) => cx.error(
                        src.offset(cx, ch),
                        format!("in {label}: the column refers to itself (`{w}`)"),
                    ),
                    Some((ch, w, _)) => cx.error(
                        src.offset(cx, ch),
                        format!(
                            "in {label}: `{w}` is a later column; a formula may use data columns, parameters and earlier columns only (move `{w}` before `{}`)",
                            col.name
                        ),
                    ),
                    None => cx.error(
                        src.offset(cx, e.span.start),
                        format!("in {label}: {}", e.message),
                    ),
                }
                ok = false;
            }
        }
        seen.push(&col.name);
    }
    let computed: Vec<&str> = seen[data_count..].to_vec();
    let mut total_names: Vec<&str> = Vec::new();
    for (tot, src, at) in &totals {
        if !check_name(cx, "a total", &tot.name, *at) {
            ok = false;
            continue;
        }
        if seen.contains(&tot.name.as_str()) || total_names.contains(&tot.name.as_str()) {
            cx.error(
                *at,
                format!(
                    "total `{}` has the same name as a column or another total",
                    tot.name
                ),
            );
            ok = false;
            continue;
        }
        info.set(format!("totals.{}", tot.name), cx.pos(src.span.start));
        // A total sees whole columns (inside sum/prod/mean) and the totals before it.
        let scope = env.names().total(&total_names, &seen);
        if !is_plain_number(&src.text) {
            if let Err(e) = Expr::parse(&src.text, &scope) {
                let names = TableNames {
                    data: &seen[..data_count],
                    computed: &computed,
                    totals: &total_names,
                    params: &env.params,
                };
                let message = total_message(&e, &src.text, &names);
                cx.error(
                    src.offset(cx, e.span.start),
                    format!("in total `{}`: {message}", tot.name),
                );
                ok = false;
            }
        }
        total_names.push(&tot.name);
    }
    ok.then(|| Kind::Table {
        columns: columns.into_iter().map(|(c, _, _)| c).collect(),
        totals: totals.into_iter().map(|(c, _, _)| c).collect(),
    })
}

/// The names a table's formulas can see, by what they are, for messages.
struct TableNames<'a> {
    data: &'a [&'a str],
    computed: &'a [&'a str],
    totals: &'a [&'a str],
    params: &'a [(String, f64)],
}

impl TableNames<'_> {
    /// "data columns x, y; computed columns z, a; earlier totals L; parameters w, b".
    fn listing(&self) -> String {
        let mut parts = Vec::new();
        let mut add = |what: &str, names: Vec<&str>| {
            if !names.is_empty() {
                parts.push(format!("{what} {}", names.join(", ")));
            }
        };
        add("data columns", self.data.to_vec());
        add("computed columns", self.computed.to_vec());
        add("earlier totals", self.totals.to_vec());
        add(
            "parameters",
            self.params.iter().map(|(n, _)| n.as_str()).collect(),
        );
        parts.join("; ")
    }
}

/// The message for a total's formula that does not read: a column named outside an aggregate
/// or an unknown name is said in the table's own terms (data columns, computed columns,
/// earlier totals); anything else is the answer language's message.
fn total_message(e: &crate::math::ParseError, text: &str, names: &TableNames<'_>) -> String {
    let word: String = text
        .chars()
        .skip(e.span.start)
        .take(e.span.len().max(1))
        .collect();
    let what = if names.computed.contains(&word.as_str()) {
        "a computed column"
    } else {
        "a data column"
    };
    match e.kind {
        ParseErrorKind::ColumnOutsideAggregate => format!(
            "`{word}` is {what}: a total sees whole columns, so use it inside sum(...), \
             prod(...) or mean(...)"
        ),
        ParseErrorKind::UnknownName => format!(
            "`{word}` is not a name this total can use; it can use {} (columns inside \
             sum(...), prod(...) or mean(...))",
            names.listing()
        ),
        _ => e.message.clone(),
    }
}

/// An answer as written, with where each cell is.
enum RawAnswer {
    Scalar(Src),
    Vector(Vec<Src>),
    Matrix(Vec<Vec<Src>>),
    Table(Vec<(String, usize, RawEntry)>),
}

enum RawEntry {
    Column(Vec<Src>),
    Total(Src),
}

fn read_raw_answer(cx: &mut Cx<'_>, v: &Val<'_>) -> Option<RawAnswer> {
    match v.get_ref() {
        DeValue::Array(a) => {
            if !a.is_empty() && a.iter().all(|x| x.get_ref().is_array()) {
                let mut rows = Vec::new();
                for row in a.iter() {
                    rows.push(formula_list(cx, "answer", row)?);
                }
                Some(RawAnswer::Matrix(rows))
            } else {
                formula_list(cx, "answer", v).map(RawAnswer::Vector)
            }
        }
        DeValue::Table(_) => {
            let mut f = table_of(cx, "answer", v, "`answer`")?;
            f.use_all();
            let mut out = Vec::new();
            let mut ok = true;
            for (name, at, val) in f.entries() {
                let entry = match val.get_ref() {
                    DeValue::Array(_) => {
                        formula_list(cx, &format!("answer.{name}"), val).map(RawEntry::Column)
                    }
                    _ => formula_of(cx, &format!("answer.{name}"), val).map(RawEntry::Total),
                };
                match entry {
                    Some(e) => out.push((name.to_string(), *at, e)),
                    None => ok = false,
                }
            }
            ok.then_some(RawAnswer::Table(out))
        }
        _ => formula_of(cx, "answer", v).map(RawAnswer::Scalar),
    }
}

fn is_infinity(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "inf" | "+inf" | "-inf" | "infinity" | "-infinity" | "+infinity" | "∞" | "-∞" | "+∞"
    )
}

/// Reads `answer`, checks its shape against the kind, and parses every cell.
fn read_answer(cx: &mut Cx<'_>, v: &Val<'_>, ex: &Exercise) -> Option<Answer> {
    let at = v.span().start;
    let raw = read_raw_answer(cx, v)?;
    let scope = ex.answer_scope();
    let mut ok = true;
    let is_limit = matches!(ex.kind, Kind::Limit { .. });
    let cell = |cx: &mut Cx<'_>, src: &Src, label: String| -> bool {
        (is_limit && is_infinity(&src.text)) || parse(cx, src, &scope, &label, "").is_some()
    };
    let shape_err = |cx: &mut Cx<'_>, want: String| {
        cx.error(at, format!("`answer` must be {want}"));
    };
    let answer = match (&ex.kind, raw) {
        (Kind::Gradient { vars, at: pt, .. }, RawAnswer::Vector(v)) if v.len() == vars.len() => {
            let _ = pt;
            for (i, s) in v.iter().enumerate() {
                ok &= cell(cx, s, format!("`answer[{i}]`"));
            }
            Answer::Vector(v.into_iter().map(|s| s.text).collect())
        }
        (Kind::Extremum { vars, .. }, RawAnswer::Vector(v))
            if v.len() == vars.len() && vars.len() > 1 =>
        {
            for (i, s) in v.iter().enumerate() {
                ok &= cell(cx, s, format!("`answer[{i}]`"));
            }
            Answer::Vector(v.into_iter().map(|s| s.text).collect())
        }
        (
            Kind::Jacobian {
                functions, vars, ..
            },
            RawAnswer::Matrix(m),
        ) if m.len() == functions.len() && m.iter().all(|r| r.len() == vars.len()) => {
            for (i, row) in m.iter().enumerate() {
                for (j, s) in row.iter().enumerate() {
                    ok &= cell(cx, s, format!("`answer[{i}][{j}]`"));
                }
            }
            Answer::Matrix(
                m.into_iter()
                    .map(|r| r.into_iter().map(|s| s.text).collect())
                    .collect(),
            )
        }
        (Kind::Table { columns, totals }, RawAnswer::Table(entries)) => {
            let rows = ex.data.first().map(|(_, c)| c.len()).unwrap_or(0);
            let mut out = Vec::new();
            for (name, key_at, entry) in entries {
                let is_col = columns.iter().any(|c| c.name == name);
                let is_total = totals.iter().any(|c| c.name == name);
                match entry {
                    RawEntry::Column(cells) if is_col => {
                        if cells.len() != rows {
                            cx.error(
                                key_at,
                                format!(
                                    "`answer.{name}` has {} but the table has {}",
                                    count(cells.len(), "cell"),
                                    count(rows, "row")
                                ),
                            );
                            ok = false;
                        }
                        for (i, s) in cells.iter().enumerate() {
                            ok &= cell(cx, s, format!("`answer.{name}[{i}]`"));
                        }
                        out.push((
                            name,
                            TableEntry::Column(cells.into_iter().map(|s| s.text).collect()),
                        ));
                    }
                    RawEntry::Total(s) if is_total => {
                        ok &= cell(cx, &s, format!("`answer.{name}`"));
                        out.push((name, TableEntry::Total(s.text)));
                    }
                    RawEntry::Column(_) if is_total => {
                        cx.error(
                            key_at,
                            format!("`answer.{name}` is a total: give one value"),
                        );
                        ok = false;
                    }
                    RawEntry::Total(_) if is_col => {
                        cx.error(
                            key_at,
                            format!("`answer.{name}` is a column: give a list of {rows} values"),
                        );
                        ok = false;
                    }
                    _ => {
                        let names: Vec<&str> = columns
                            .iter()
                            .chain(totals.iter())
                            .map(|c| c.name.as_str())
                            .collect();
                        cx.error(
                            key_at,
                            format!(
                                "`answer` names `{name}`, which is not a computed column or total{}",
                                suggestion(&name, &names)
                            ),
                        );
                        ok = false;
                    }
                }
            }
            for c in columns.iter().chain(totals.iter()) {
                if !out.iter().any(|(n, _)| n == &c.name) {
                    cx.error(at, format!("`answer` has no entry for `{}`", c.name));
                    ok = false;
                }
            }
            Answer::Table(out)
        }
        (
            Kind::Derivative { .. }
            | Kind::Directional { .. }
            | Kind::Value { .. }
            | Kind::Limit { .. },
            RawAnswer::Scalar(s),
        ) => {
            ok &= cell(cx, &s, "`answer`".to_string());
            Answer::Scalar(s.text)
        }
        (Kind::Extremum { vars, .. }, RawAnswer::Scalar(s)) if vars.len() == 1 => {
            ok &= cell(cx, &s, "`answer`".to_string());
            Answer::Scalar(s.text)
        }
        (kind, _) => {
            let want = match kind {
                Kind::Gradient { vars, .. } => {
                    format!("a list of {} entries, one per variable", vars.len())
                }
                Kind::Jacobian {
                    functions, vars, ..
                } => format!(
                    "a matrix of {} rows (one per function) of {} entries (one per variable)",
                    functions.len(),
                    vars.len()
                ),
                Kind::Extremum { vars, .. } if vars.len() > 1 => {
                    format!("a point: a list of {} numbers", vars.len())
                }
                Kind::Table { .. } => {
                    "a table with a list of cells per computed column and one value per total"
                        .to_string()
                }
                _ => "a single formula or number".to_string(),
            };
            shape_err(cx, want);
            return None;
        }
    };
    ok.then_some(answer)
}

fn read_descent(
    cx: &mut Cx<'_>,
    v: &Val<'_>,
    defaults: &Defaults,
    ids: &mut Vec<(String, Pos)>,
) -> Option<(Descent, ItemInfo)> {
    let start = v.span().start;
    let DeValue::Table(t) = v.get_ref() else {
        cx.error(
            start,
            format!(
                "each descent example must be a table, found {}",
                type_name(v.get_ref())
            ),
        );
        return None;
    };
    let errors_before = cx.errors();
    let mut info = ItemInfo::default();
    let mut f = Fields::new(t, start, "this [[descent]]");
    let id = f
        .req_str(cx, "id")
        .map(|(id, at)| check_id(cx, id, at, ids));
    let title = f.req_str(cx, "title").map(|(t, _)| t);
    let notes = f.opt_str(cx, "notes");
    let function = f.req_formula(cx, "function");
    if let Some(fun) = &function {
        info.set("function", cx.pos(fun.span.start));
    }
    let vars = f
        .req(cx, "vars")
        .and_then(|v| read_vars(cx, "vars", v))
        .map(|v| names(&v));
    let start_pt = f.req(cx, "start").and_then(|v| {
        info.set("start", cx.pos(v.span().start));
        num_list(cx, "start", v).map(|p| (p, v.span().start))
    });
    let lr = f.req_num(cx, "learning_rate").and_then(|(x, at)| {
        if x > 0.0 && x.is_finite() {
            Some(x)
        } else {
            cx.error(at, "`learning_rate` must be a positive number");
            None
        }
    });
    let steps = f.req(cx, "steps").and_then(|v| {
        let n = whole(cx, "steps", v)?;
        if (1..=MAX_STEPS).contains(&n) {
            Some(n as usize)
        } else {
            cx.error(
                v.span().start,
                format!("`steps` must be between 1 and {MAX_STEPS}"),
            );
            None
        }
    });
    let momentum = match f.opt_num(cx, "momentum") {
        Some((m, _)) if (0.0..1.0).contains(&m) => Some(Some(m)),
        Some((_, at)) => {
            cx.error(at, "`momentum` must be at least 0 and less than 1");
            None
        }
        None if f.has("momentum") => None,
        None => Some(None),
    };
    let gradient = match f.get("gradient") {
        None => Some(None),
        Some(v) => {
            info.set("gradient", cx.pos(v.span().start));
            formula_list(cx, "gradient", v).map(|g| Some((g, v.span().start)))
        }
    };
    let data = f.get("data").map(|v| read_data(cx, v)).unwrap_or_default();
    let params = f
        .get("params")
        .map(|v| read_params(cx, v))
        .unwrap_or_default();
    let view_val = f.get("view");
    let stop = match f.get("stop") {
        None => Some(None),
        Some(v) => read_stop(cx, v).map(Some),
    };
    let log = f
        .get("log")
        .and_then(|v| read_log(cx, v))
        .or(defaults.log)
        .unwrap_or_default();
    f.finish(cx, DESCENT_FIELDS, |key| {
        (COMMON.contains(&key) || KINDS.iter().any(|(_, fs)| fs.contains(&key)))
            .then(|| format!(" (`{key}` is an [[exercise]] field)"))
    });

    let env = Env {
        params: params.iter().map(|p| (p.name.clone(), p.value)).collect(),
        data: data
            .iter()
            .map(|d| (d.name.clone(), d.value.clone()))
            .collect(),
        log,
    };
    let vars = vars?;
    check_clashes(cx, &vars, &params, &data);
    if let Some((p, at)) = &start_pt {
        if p.len() != vars.len() {
            cx.error(
                *at,
                format!(
                    "`start` has {} but `vars` has {}",
                    count(p.len(), "number"),
                    count(vars.len(), "variable")
                ),
            );
        }
    }
    let scope = env.scope(&vars);
    let function = function.and_then(|fun| {
        parse(cx, &fun, &scope, "`function`", "")?;
        Some(fun.text)
    });
    let gradient = gradient.and_then(|g| match g {
        None => Some(None),
        Some((list, at)) => {
            if list.len() != vars.len() {
                cx.error(
                    at,
                    format!(
                        "`gradient` has {} but `vars` has {}",
                        count(list.len(), "component"),
                        count(vars.len(), "variable")
                    ),
                );
                return None;
            }
            let mut ok = true;
            for (i, g) in list.iter().enumerate() {
                ok &= parse(cx, g, &scope, &format!("`gradient[{i}]`"), "").is_some();
            }
            ok.then(|| Some(list.into_iter().map(|g| g.text).collect()))
        }
    });
    let view = match view_val {
        None => Some(None),
        Some(v) => {
            info.set("view", cx.pos(v.span().start));
            read_view(cx, v, &vars).map(Some)
        }
    };
    let d = Descent {
        id: id?,
        title: title?,
        notes,
        function: function?,
        start: start_pt?.0,
        vars,
        learning_rate: lr?,
        steps: steps?,
        momentum: momentum?,
        gradient: gradient?,
        params: env.params,
        data: env.data,
        view: view?,
        stop_grad_norm: stop?,
        log,
        pos: cx.pos(start),
    };
    (cx.errors() == errors_before).then_some((d, info))
}

fn read_stop(cx: &mut Cx<'_>, v: &Val<'_>) -> Option<f64> {
    let mut f = table_of(cx, "stop", v, "`stop`")?;
    let g = f.req_num(cx, "grad_norm");
    f.finish(cx, &["grad_norm"], |_| None);
    let (g, at) = g?;
    if g > 0.0 && g.is_finite() {
        Some(g)
    } else {
        cx.error(at, "`grad_norm` must be a positive number");
        None
    }
}

/// `view = [[x0, x1], [y0, y1]]` in `vars` order, or `{ x = [x0, x1], y = [y0, y1] }`.
fn read_view(cx: &mut Cx<'_>, v: &Val<'_>, vars: &[String]) -> Option<Vec<(f64, f64)>> {
    let at = v.span().start;
    match v.get_ref() {
        DeValue::Array(a) => {
            let mut out = Vec::new();
            for item in a.iter() {
                out.push(interval(cx, "view", item)?);
            }
            if out.len() != vars.len() {
                cx.error(
                    at,
                    format!(
                        "`view` has {} but `vars` has {}",
                        count(out.len(), "interval"),
                        count(vars.len(), "variable")
                    ),
                );
                return None;
            }
            Some(out)
        }
        DeValue::Table(_) => {
            let mut f = table_of(cx, "view", v, "`view`")?;
            f.use_all();
            let mut ok = true;
            for (name, key_at, _) in f.entries() {
                if !vars.iter().any(|v| v == name) {
                    let names: Vec<&str> = vars.iter().map(|s| s.as_str()).collect();
                    cx.error(
                        *key_at,
                        format!(
                            "`view` names `{name}`, which is not in `vars`{}",
                            suggestion(name, &names)
                        ),
                    );
                    ok = false;
                }
            }
            let mut out = Vec::new();
            for var in vars {
                match f.entries().iter().find(|(n, _, _)| n == var) {
                    Some((_, _, val)) => match interval(cx, &format!("view.{var}"), val) {
                        Some(r) => out.push(r),
                        None => ok = false,
                    },
                    None => {
                        cx.error(at, format!("`view` has no interval for `{var}`"));
                        ok = false;
                    }
                }
            }
            ok.then_some(out)
        }
        other => {
            cx.error(
                at,
                format!(
                    "`view` must be a list of intervals like [[-1, 6]], found {}",
                    type_name(other)
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::reader::did_you_mean;
    use super::*;

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
            let parsed = Expr::parse(yes, &Scope::default());
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
