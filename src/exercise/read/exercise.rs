//! One `[[exercise]]`: the common fields, then its kind's fields, then its answer key.

use super::*;

pub(super) fn read_exercise(
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
            "derivative" => read_derivative(cx, &mut f, &env, &mut info),
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
        let used = vars_used(kind, &env);
        for (name, at) in &domain_keys {
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

/// The variables the function (or any of the functions) of `kind` uses; `None` when it has no
/// function or one does not read (that is reported where it is read).
fn vars_used(kind: &Kind, env: &Env) -> Option<Vec<String>> {
    let functions: Vec<&String> = match kind {
        Kind::Derivative { function, .. }
        | Kind::Gradient { function, .. }
        | Kind::Directional { function, .. }
        | Kind::Extremum { function, .. }
        | Kind::Limit { function, .. } => vec![function],
        Kind::Jacobian { functions, .. } => functions.iter().collect(),
        Kind::Value { .. } | Kind::Table { .. } => return None,
    };
    let vars = kind.vars();
    let scope = env.scope(vars);
    let mut used = vec![false; vars.len()];
    for f in functions {
        let e = Expr::parse(f, &scope).ok()?;
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
