//! The fields every item shares: defaults, domain, log, tolerance, ids, names, params, data,
//! points and variables, and parsing a formula at its position.

use super::*;

pub(super) fn read_defaults(cx: &mut Cx<'_>, v: &Val<'_>) -> Option<Defaults> {
    let mut f = table_of(cx, "defaults", v, "[defaults]")?;
    let d = Defaults {
        domain: f
            .get("domain")
            .and_then(|v| read_domain(cx, v, &Scope::default()))
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
/// built-in [-3, 3]); each end a number or a formula over the constants of `scope` (an
/// exercise's parameters: `["a + 0.5", "a + 3"]`). Also returns the per-variable names with
/// where they are.
pub(super) fn read_domain(
    cx: &mut Cx<'_>,
    v: &Val<'_>,
    scope: &Scope,
) -> Option<(Domain, Vec<(String, usize)>)> {
    match v.get_ref() {
        DeValue::Array(_) => draws::interval_in(cx, "domain", v, scope).map(|all| {
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
                match draws::interval_in(cx, &format!("domain.{name}"), val, scope) {
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

pub(super) fn read_log(cx: &mut Cx<'_>, v: &Val<'_>) -> Option<LogBase> {
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

pub(super) fn whole(cx: &mut Cx<'_>, key: &str, v: &Val<'_>) -> Option<i64> {
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

pub(super) fn read_tolerance(cx: &mut Cx<'_>, v: &Val<'_>) -> Option<Tolerance> {
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

pub(super) fn check_id(
    cx: &mut Cx<'_>,
    id: String,
    at: usize,
    ids: &mut Vec<(String, Pos)>,
) -> String {
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
pub(super) struct Named<T> {
    pub(super) name: String,
    pub(super) at: usize,
    pub(super) value: T,
}

pub(super) fn check_name(cx: &mut Cx<'_>, what: &str, name: &str, at: usize) -> bool {
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
pub(super) fn read_params(cx: &mut Cx<'_>, v: &Val<'_>) -> Vec<Named<RawParam>> {
    let Some(mut f) = table_of(cx, "params", v, "`params`") else {
        return Vec::new();
    };
    f.use_all();
    let mut out = Vec::new();
    for (name, at, val) in f.entries() {
        if !check_name(cx, "a parameter", name, *at) {
            continue;
        }
        let value = draws::read_param(cx, name, val).unwrap_or(RawParam::Fixed(f64::NAN));
        out.push(Named {
            name: name.to_string(),
            at: *at,
            value,
        });
    }
    out
}

/// Every well-named data column (kept even when its values are wrong, as for `params`).
pub(super) fn read_data(cx: &mut Cx<'_>, v: &Val<'_>) -> Vec<Named<Vec<f64>>> {
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

/// A point: `{ x = 0, y = "pi/2" }`, each coordinate a number or a constant formula read in
/// `scope` (its params and constants, no variables).
pub(super) fn read_point(
    cx: &mut Cx<'_>,
    key: &str,
    v: &Val<'_>,
    scope: &Scope,
) -> Option<Vec<Named<f64>>> {
    let mut f = table_of(cx, key, v, "the point")?;
    f.use_all();
    let mut out = Vec::new();
    let mut ok = true;
    for (name, at, val) in f.entries() {
        let label = format!("{key}.{name}");
        let value = match val.get_ref() {
            DeValue::String(_) => formula_of(cx, &label, val)
                .and_then(|src| constant(cx, &src, scope, &label))
                .map(|x| (x, val.span().start)),
            _ => num_of(cx, &label, val),
        };
        match value {
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
pub(super) fn read_vars(cx: &mut Cx<'_>, key: &str, v: &Val<'_>) -> Option<Vec<(String, usize)>> {
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

/// The required `vars` list of a kind that has no default variables, as names.
pub(super) fn read_required_vars(cx: &mut Cx<'_>, f: &mut Fields<'_, '_>) -> Option<Vec<String>> {
    f.req(cx, "vars")
        .and_then(|v| read_vars(cx, "vars", v))
        .map(|v| names(&v))
}

/// The required `function`, with where it starts noted for the checks that run later.
pub(super) fn read_function(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    info: &mut ItemInfo,
) -> Option<Src> {
    let function = f.req_formula(cx, "function");
    if let Some(fun) = &function {
        info.set("function", cx.pos(fun.span.start));
    }
    function
}

/// Everything an item's formulas are parsed with.
pub(super) struct Env {
    pub(super) params: Vec<(String, f64)>,
    pub(super) data: Vec<(String, Vec<f64>)>,
    pub(super) log: LogBase,
    /// The item's prompt (empty for descent examples): it says in which order the function's
    /// variables are written, `f(x, y)`.
    pub(super) prompt: String,
}

impl Env {
    pub(super) fn names(&self) -> crate::exercise::Names<'_> {
        crate::exercise::Names::new(&self.params, &self.data, self.log)
    }

    pub(super) fn scope<S: AsRef<str>>(&self, vars: &[S]) -> Scope {
        self.names().formulas(vars)
    }
}

/// Parses a formula; a parse error is reported at its column inside the formula. `Some(())`
/// when it reads.
pub(super) fn parse(
    cx: &mut Cx<'_>,
    src: &Src,
    scope: &Scope,
    label: &str,
    hint: &str,
) -> Option<()> {
    // A plain decimal number always reads; answer keys and table cells are mostly numbers,
    // and skipping the parser for them keeps loading fast.
    if is_plain_number(&src.text) {
        return Some(());
    }
    match cx.parse_formula(&src.text, scope) {
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
pub(super) fn is_plain_number(text: &str) -> bool {
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
pub(super) fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Checks that no two of variables, parameters and data columns share a name.
pub(super) fn check_clashes(
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
pub(super) fn check_point(
    cx: &mut Cx<'_>,
    key: &str,
    at_start: usize,
    point: &[Named<f64>],
    vars: &[String],
) {
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

pub(super) fn kind_fields(kind: &str) -> Option<&'static [&'static str]> {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(_, f)| *f)
}

pub(super) fn names(list: &[(String, usize)]) -> Vec<String> {
    list.iter().map(|(n, _)| n.clone()).collect()
}

pub(super) fn read_at(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    env: &Env,
    info: &mut ItemInfo,
) -> Option<Option<(Vec<Named<f64>>, usize)>> {
    match f.get("at") {
        None => Some(None),
        Some(v) => {
            info.set("at", cx.pos(v.span().start));
            read_point(cx, "at", v, &env.scope::<&str>(&[])).map(|p| Some((p, v.span().start)))
        }
    }
}

/// The value of a constant formula (`"pi/2"`, `"sqrt(a)"`); a parse error is reported at its
/// column inside the formula.
fn constant(cx: &mut Cx<'_>, src: &Src, scope: &Scope, label: &str) -> Option<f64> {
    match cx.parse_formula(&src.text, scope) {
        Ok(e) => Some(e.eval(&[])),
        Err(e) => {
            let at = src.offset(cx, e.span.start);
            cx.error(at, format!("in `{label}`: {}", e.message));
            None
        }
    }
}

pub(super) fn point_of(
    p: &Option<(Vec<Named<f64>>, usize)>,
    vars: &[String],
) -> Option<Vec<(String, f64)>> {
    // In `vars` order, so that the point can be passed to `Expr::eval` as it is.
    p.as_ref().map(|(pts, _)| {
        vars.iter()
            .filter_map(|v| pts.iter().find(|p| &p.name == v))
            .map(|p| (p.name.clone(), p.value))
            .collect()
    })
}

/// Names used in a formula, with their character offsets (identifier-shaped words; the
/// letters of a number such as `1e5` are not names).
pub(super) fn words(text: &str) -> Vec<(usize, String)> {
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
