//! One `[[exercise]]`: the common fields, then its kind's fields, then its answer key.

use super::*;

/// The fields every exercise has, read before its kind's.
struct Common {
    id: Option<String>,
    kind_name: Option<(String, usize)>,
    prompt: Option<String>,
    title: Option<String>,
    hints: Vec<String>,
    solution: Option<String>,
    domain: Domain,
    /// Per-variable domain names, with where they are.
    domain_keys: Vec<(String, usize)>,
    tolerance: Tolerance,
    log: LogBase,
    params: Vec<Named<f64>>,
    /// A randomised exercise's draws and the variant `params` holds.
    draws: Option<(crate::variants::Draws, u32)>,
    data: Vec<Named<Vec<f64>>>,
}

impl Common {
    /// What the kind's formulas are read with: the parameters' values, the data, the log.
    fn env(&self) -> Env {
        Env {
            params: self
                .params
                .iter()
                .map(|p| (p.name.clone(), p.value))
                .collect(),
            data: self
                .data
                .iter()
                .map(|d| (d.name.clone(), d.value.clone()))
                .collect(),
            log: self.log,
            prompt: self.prompt.clone().unwrap_or_default(),
        }
    }
}

/// Reads the `index`-th `[[exercise]]`; `redraw` gives a randomised exercise's parameter
/// values when one of its variants is read again ([`read_variant`]).
pub(super) fn read_exercise(
    cx: &mut Cx<'_>,
    v: &Val<'_>,
    defaults: &Defaults,
    ids: &mut Vec<(String, Pos)>,
    index: usize,
    redraw: Option<&[(String, f64)]>,
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
    cx.parsed.clear();
    let mut info = ItemInfo::default();
    let mut f = Fields::new(t, start, "this [[exercise]]");
    let c = read_common(cx, &mut f, defaults, ids, &mut info, redraw);
    let answer_val = f.get("answer");
    let env = c.env();
    let kind = read_kind(cx, &mut f, &c, &env, &mut info);
    if let Some(kind) = &kind {
        check_names(cx, kind, &c, &env);
    }
    let texts = [c.prompt, c.title, c.solution];
    let texts = match &kind {
        Some(k) => draws::render_texts(cx, &mut f, &env, k, texts, c.hints),
        None => Some((texts, c.hints)),
    };
    finish_fields(cx, f, c.kind_name.as_ref().map(|(k, _)| k.as_str()));

    let ([prompt, title, solution], hints) = texts?;
    let mut ex = Exercise {
        id: c.id?,
        kind: kind?,
        prompt: prompt?,
        title,
        hints,
        solution,
        domain: c.domain,
        tolerance: c.tolerance,
        params: env.params,
        data: env.data,
        answer: None,
        log: c.log,
        pos: cx.pos(start),
        variant: None,
        parsed: ParsedFormulas::default(),
    };
    ex.variant = c.draws.map(|(draws, number)| Variant {
        number,
        values: ex.params.clone(),
        spec: Arc::new(VariantSpec {
            draws,
            source: cx.source.to_string(),
            text: Arc::from(cx.text),
            item: ItemKind::Exercise,
            index,
        }),
    });
    if let Some(v) = answer_val {
        info.set("answer", cx.pos(v.span().start));
        ex.answer = read_answer(cx, v, &ex);
    }
    ex.parsed = ParsedFormulas::new(std::mem::take(&mut cx.parsed));
    (cx.errors() == errors_before).then_some((ex, info))
}

/// The common fields, with `[defaults]` filling in domain, tolerance and log.
fn read_common(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    defaults: &Defaults,
    ids: &mut Vec<(String, Pos)>,
    info: &mut ItemInfo,
    redraw: Option<&[(String, f64)]>,
) -> Common {
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
    let log = f
        .get("log")
        .and_then(|v| read_log(cx, v))
        .or(defaults.log)
        .unwrap_or_default();
    let resolved = resolve_params(cx, f, info, id.as_deref(), log, redraw);
    let (domain, domain_keys) = read_own_domain(cx, f, defaults, info, &resolved.params, log);
    Common {
        id,
        kind_name,
        prompt,
        title,
        hints,
        solution,
        domain,
        domain_keys,
        tolerance: f
            .get("tolerance")
            .and_then(|v| read_tolerance(cx, v))
            .or(defaults.tolerance)
            .unwrap_or_default(),
        log,
        params: resolved.params,
        draws: resolved.draws,
        data: f.get("data").map(|v| read_data(cx, v)).unwrap_or_default(),
    }
}

/// `params` (numbers, formulas over earlier ones, or draws) and `where`, resolved to values:
/// a randomised exercise's variant (`redraw`'s values when one is read again).
fn resolve_params(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    info: &mut ItemInfo,
    id: Option<&str>,
    log: LogBase,
    redraw: Option<&[(String, f64)]>,
) -> draws::Resolved {
    let params_val = f.get("params");
    if let Some(v) = params_val {
        info.set("params", cx.pos(v.span().start));
    }
    let raw_params = params_val.map(|v| read_params(cx, v)).unwrap_or_default();
    let params_at = params_val.map_or(f.start, |v| v.span().start);
    draws::resolve(cx, raw_params, f.get("where"), params_at, id, log, redraw)
}

/// The exercise's own `domain`, else `[defaults]`'s. Its ends may be formulas over the
/// parameters, so it is read after them.
fn read_own_domain(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    defaults: &Defaults,
    info: &mut ItemInfo,
    params: &[Named<f64>],
    log: LogBase,
) -> (Domain, Vec<(String, usize)>) {
    let values: Vec<(String, f64)> = params.iter().map(|p| (p.name.clone(), p.value)).collect();
    let own_domain = f.get("domain").map(|v| {
        info.set("domain", cx.pos(v.span().start));
        read_domain(
            cx,
            v,
            &crate::exercise::Names::new(&values, &[], log).constants(),
        )
    });
    match own_domain {
        Some(Some((d, keys))) => (d, keys),
        Some(None) => (Domain::default(), Vec::new()),
        None => (defaults.domain.clone().unwrap_or_default(), Vec::new()),
    }
}

/// The kind's own fields, read by the kind's reader; an unknown kind with "did you mean".
fn read_kind(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    c: &Common,
    env: &Env,
    info: &mut ItemInfo,
) -> Option<Kind> {
    let (k, at) = c.kind_name.as_ref()?;
    match k.as_str() {
        "derivative" => read_derivative(cx, f, env, info),
        "gradient" | "jacobian" | "directional" => read_vector_kind(cx, f, k, env, info),
        "value" => read_value(cx, f, env, info),
        "extremum" => read_extremum(cx, f, env, info),
        "limit" => read_limit(cx, f, env, info),
        "table" => read_table(cx, f, env, info),
        "graph" => read_graph(cx, f, env, info),
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
    }
}

/// Per-variable domains must name variables of this exercise; variables, parameters and data
/// columns must not share names.
fn check_names(cx: &mut Cx<'_>, kind: &Kind, c: &Common, env: &Env) {
    let vars = kind.vars();
    let used = vars_used(cx, kind, env);
    for (name, at) in &c.domain_keys {
        if !vars.contains(name) {
            let names: Vec<&str> = vars.iter().map(String::as_str).collect();
            cx.error(
                *at,
                format!(
                    "`domain` names `{name}`, which is not a variable of this exercise{}",
                    suggestion(name, &names)
                ),
            );
        } else if used.as_ref().is_some_and(|u| !u.contains(name)) {
            cx.error(
                *at,
                format!("`domain` names `{name}`, which the function does not use"),
            );
        }
    }
    check_clashes(cx, vars, &c.params, &c.data);
}

/// The variables the function (or any of the functions) of `kind` uses; `None` when it has no
/// function or one does not read (that is reported where it is read).
fn vars_used(cx: &mut Cx<'_>, kind: &Kind, env: &Env) -> Option<Vec<String>> {
    let functions: Vec<&String> = match kind {
        Kind::Derivative { function, .. }
        | Kind::Gradient { function, .. }
        | Kind::Directional { function, .. }
        | Kind::Extremum { function, .. }
        | Kind::Limit { function, .. }
        | Kind::Graph { function, .. } => vec![function],
        Kind::Jacobian { functions, .. } => functions.iter().collect(),
        Kind::Value { .. } | Kind::Table { .. } => return None,
    };
    let vars = kind.vars();
    let scope = env.scope(vars);
    let mut used = vec![false; vars.len()];
    for f in functions {
        let e = cx.parse_formula(f, &scope).ok()?;
        for (i, u) in used.iter_mut().enumerate() {
            *u |= e.uses_var(i);
        }
    }
    Some(
        vars.iter()
            .zip(used)
            .filter(|(_, u)| *u)
            .map(|(v, _)| v.clone())
            .collect(),
    )
}

/// Unknown fields: measured against this kind's fields when the kind is known, saying which
/// kinds (or `[[descent]]`) a misplaced field belongs to.
fn finish_fields(cx: &mut Cx<'_>, f: Fields<'_, '_>, kind_name: Option<&str>) {
    let Some((kname, fields)) = kind_name.and_then(|k| kind_fields(k).map(|fs| (k, fs))) else {
        let mut allowed: Vec<&str> = COMMON.to_vec();
        for (_, fields) in KINDS {
            allowed.extend(fields.iter().copied());
        }
        f.finish(cx, &allowed, |_| None);
        return;
    };
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
