//! The fields of each kind of exercise but tables: derivatives, gradients, Jacobians,
//! directional derivatives, values, extrema and limits.

use super::*;

pub(super) fn read_derivative(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    env: &Env,
    info: &mut ItemInfo,
) -> Option<Kind> {
    let function = read_function(cx, f, info);
    let var = read_var(cx, f);
    let order = read_order(cx, f);
    let at = read_at(cx, f, env, info)?;
    let (vars, defaulted) = match f.get("vars") {
        Some(v) => (names(&read_vars(cx, "vars", v)?), false),
        None => (
            default_vars(cx, function.as_ref(), var.as_deref(), at.as_ref(), env)?,
            true,
        ),
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

pub(super) fn read_vector_kind(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    kind: &str,
    env: &Env,
    info: &mut ItemInfo,
) -> Option<Kind> {
    let functions = read_functions(cx, f, kind, info);
    let vars = read_required_vars(cx, f);
    let direction = if kind == "directional" {
        f.req(cx, "direction").and_then(|v| {
            info.set("direction", cx.pos(v.span().start));
            let list = formula_list(cx, "direction", v)?;
            Some((list, v.span().start))
        })
    } else {
        None
    };
    let at = read_at(cx, f, env, info)?;
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
        ok &= check_direction(cx, &dir, dir_at, &vars, env);
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

/// `var`: one variable name, or a list of them for a mixed partial.
fn read_var(cx: &mut Cx<'_>, f: &mut Fields<'_, '_>) -> Option<Vec<(String, usize)>> {
    f.req(cx, "var").and_then(|v| match v.get_ref() {
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
    })
}

/// `order`: 1 (the default) or 2, with where it is written.
fn read_order(cx: &mut Cx<'_>, f: &mut Fields<'_, '_>) -> Option<(u8, usize)> {
    match f.get("order") {
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
    }
}

/// The variables when `vars` is not written: the function's free names (not params or
/// constants) in order of first appearance, as SymPy's free symbols; then any `var` or `at`
/// name it does not use. When the prompt writes the function with exactly these variables,
/// `f(x, y)`, their order is the prompt's. (`domain` keys are not variables: one naming none is
/// a typo, reported later.)
fn default_vars(
    cx: &mut Cx<'_>,
    function: Option<&Src>,
    var: Option<&[(String, usize)]>,
    at: Option<&(Vec<Named<f64>>, usize)>,
    env: &Env,
) -> Option<Vec<String>> {
    let var_names: Vec<String> = var.into_iter().flatten().map(|(n, _)| n.clone()).collect();
    let free = function.map(|fun| {
        let names = math::free_names(&fun.text, &env.scope::<&str>(&[]), &var_names);
        (names.unwrap_or_default(), fun.span.start)
    });
    let from_function = free
        .iter()
        .flat_map(|(names, at)| names.iter().map(|n| (n, *at)));
    let mut vars: Vec<String> = Vec::new();
    let from_var = var.into_iter().flatten().map(|(n, at)| (n, *at));
    let from_at = at
        .into_iter()
        .flat_map(|(p, _)| p.iter().map(|p| (&p.name, p.at)));
    let mut ok = true;
    for (name, pos) in from_function.chain(from_var).chain(from_at) {
        if !vars.contains(name) {
            ok &= check_name(cx, "a variable", name, pos);
            vars.push(name.clone());
        }
    }
    ok.then_some(prompt_order(&env.prompt, vars))
}

/// `vars` in the order the prompt writes them in a function's arguments (`f(x, y) = y·x³`),
/// when it writes them all, each once; otherwise as they are.
fn prompt_order(prompt: &str, vars: Vec<String>) -> Vec<String> {
    if vars.len() < 2 {
        return vars;
    }
    let plain: Vec<String> = vars.iter().map(|v| crate::text::plain_name(v)).collect();
    for (_, args) in crate::text::signatures(prompt) {
        let order: Option<Vec<usize>> = args
            .iter()
            .map(|a| plain.iter().position(|v| *v == crate::text::plain_name(a)))
            .collect();
        let Some(order) = order else { continue };
        let mut seen = order.clone();
        seen.sort_unstable();
        seen.dedup();
        if order.len() == vars.len() && seen.len() == vars.len() {
            return order.into_iter().map(|i| vars[i].clone()).collect();
        }
    }
    vars
}

/// `function`, or every entry of a Jacobian's `functions`, with where each is.
fn read_functions(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    kind: &str,
    info: &mut ItemInfo,
) -> Option<Vec<Src>> {
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
    functions
}

/// A direction has one constant formula per variable.
fn check_direction(cx: &mut Cx<'_>, dir: &[Src], at: usize, vars: &[String], env: &Env) -> bool {
    let mut ok = true;
    if dir.len() != vars.len() {
        cx.error(
            at,
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
    ok
}

pub(super) fn read_value(
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
    let step = read_step(cx, f, env, info)?;
    Some(Kind::Value {
        value: value.text,
        step,
    })
}

/// `step = { function, from, rate, momentum?, velocity?, coordinate? }`: the step of gradient
/// descent whose result a `value` is. `None` inside when absent.
fn read_step(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    env: &Env,
    info: &mut ItemInfo,
) -> Option<Option<StepAsked>> {
    let Some(v) = f.get("step") else {
        return Some(None);
    };
    info.set("step", cx.pos(v.span().start));
    let mut t = table_of(cx, "step", v, "`step`")?;
    let constants = env.scope::<&str>(&[]);
    let function = t.req_formula(cx, "function");
    let from = t
        .req(cx, "from")
        .and_then(|p| read_point(cx, "step.from", p, &constants));
    let rate = t.req_num(cx, "rate");
    let momentum = t.opt_num(cx, "momentum");
    let velocity = t.get("velocity").map(|p| {
        (
            read_point(cx, "step.velocity", p, &constants),
            p.span().start,
        )
    });
    let coordinate = t
        .get("coordinate")
        .and_then(|c| str_of(cx, "step.coordinate", c));
    t.finish(
        cx,
        &[
            "function",
            "from",
            "rate",
            "momentum",
            "velocity",
            "coordinate",
        ],
        |_| None,
    );
    let (function, from, (rate, rate_at)) = (function?, from?, rate?);
    let vars: Vec<String> = from.iter().map(|p| p.name.clone()).collect();
    let mut ok = parse(cx, &function, &env.scope(&vars), "`step.function`", "").is_some();
    if !(rate.is_finite() && rate > 0.0) {
        cx.error(rate_at, "`step.rate` must be a positive number");
        ok = false;
    }
    if let Some((m, at)) = momentum {
        if !(0.0..1.0).contains(&m) {
            cx.error(at, "`step.momentum` must be at least 0 and less than 1");
            ok = false;
        }
    }
    let velocity = step_velocity(cx, velocity, momentum.is_some(), &vars)?;
    let coordinate = step_coordinate(cx, coordinate, &vars, v.span().start)?;
    ok.then(|| {
        Some(StepAsked {
            function: function.text,
            from: from.iter().map(|p| p.value).collect(),
            vars,
            rate,
            momentum: momentum.map(|m| m.0),
            velocity,
            coordinate,
        })
    })
}

/// `step.velocity`, in the order of `step.from` (zeros when absent); only with `momentum`.
fn step_velocity(
    cx: &mut Cx<'_>,
    velocity: Option<(Option<Vec<Named<f64>>>, usize)>,
    momentum: bool,
    vars: &[String],
) -> Option<Vec<f64>> {
    let Some((point, at)) = velocity else {
        return Some(vec![0.0; vars.len()]);
    };
    let point = point?;
    if !momentum {
        cx.error(at, "`step.velocity` needs `step.momentum`");
        return None;
    }
    let unknown: Vec<&Named<f64>> = point.iter().filter(|p| !vars.contains(&p.name)).collect();
    for p in &unknown {
        cx.error(
            p.at,
            format!(
                "`step.velocity` names `{}`, which is not in `step.from`",
                p.name
            ),
        );
    }
    let values: Vec<f64> = vars
        .iter()
        .map(|v| point.iter().find(|p| &p.name == v).map_or(0.0, |p| p.value))
        .collect();
    unknown.is_empty().then_some(values)
}

/// `step.coordinate`: which coordinate of the new point is asked; needed with two variables
/// or more.
fn step_coordinate(
    cx: &mut Cx<'_>,
    coordinate: Option<(String, usize)>,
    vars: &[String],
    step_at: usize,
) -> Option<usize> {
    match coordinate {
        Some((name, at)) => {
            let i = vars.iter().position(|v| *v == name);
            if i.is_none() {
                cx.error(
                    at,
                    format!("`step.coordinate` names `{name}`, which is not in `step.from`"),
                );
            }
            i
        }
        None if vars.len() > 1 => {
            cx.error(
                step_at,
                "`step` needs `coordinate`: which coordinate of the new point is asked",
            );
            None
        }
        None => Some(0),
    }
}

pub(super) fn read_extremum(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    env: &Env,
    info: &mut ItemInfo,
) -> Option<Kind> {
    let function = read_function(cx, f, info);
    let vars = read_required_vars(cx, f);
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
    // Without `domain`, the default domain (as for every kind).
    let boundary = f.opt_bool(cx, "boundary");
    let (function, vars, goal) = (function?, vars?, goal?);
    parse(cx, &function, &env.scope(&vars), "`function`", "")?;
    Some(Kind::Extremum {
        function: function.text,
        vars,
        goal,
        boundary,
    })
}

pub(super) fn read_limit(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    env: &Env,
    info: &mut ItemInfo,
) -> Option<Kind> {
    let function = read_function(cx, f, info);
    let vars = read_required_vars(cx, f);
    let along = f.req(cx, "along").and_then(|v| {
        info.set("along", cx.pos(v.span().start));
        formula_list(cx, "along", v).map(|l| (l, v.span().start))
    });
    let t0 = f.req(cx, "t0").and_then(|v| {
        let at = v.span().start;
        let t = draws::constant_of(cx, "t0", v, env)?;
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
