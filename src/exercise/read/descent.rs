//! One `[[descent]]`: a worked gradient-descent example.

use super::*;

/// Reads the `index`-th `[[descent]]`; `redraw` gives a randomised example's parameter
/// values when one of its variants is read again (`Descent::variant`).
pub(super) fn read_descent(
    cx: &mut Cx<'_>,
    v: &Val<'_>,
    defaults: &Defaults,
    ids: &mut Vec<(String, Pos)>,
    index: usize,
    redraw: Option<&[(String, f64)]>,
) -> Option<(Descent, ItemInfo)> {
    let start = v.span().start;
    let DeValue::Table(t) = v.get_ref() else {
        let found = type_name(v.get_ref());
        cx.error(
            start,
            format!("each descent example must be a table, found {found}"),
        );
        return None;
    };
    let errors_before = cx.errors();
    cx.parsed.clear();
    let mut info = ItemInfo::default();
    let mut f = Fields::new(t, start, "this [[descent]]");
    let head = read_head(cx, &mut f, ids, &mut info);
    let mut extras = read_extras(cx, &mut f, defaults, &mut info);
    let resolved = draws::resolve(
        cx,
        std::mem::take(&mut extras.raw_params),
        f.get("where"),
        extras.params_at.unwrap_or(start),
        head.id.as_deref(),
        extras.log,
        redraw,
    );
    let env = Env {
        params: values(&resolved.params),
        data: values(&extras.data),
        log: extras.log,
        prompt: String::new(),
    };
    let walk = read_numbers(cx, &head, &env, &mut info);
    let vars = head.vars?;
    check_clashes(cx, &vars, &resolved.params, &extras.data);
    check_start(cx, walk.start.as_ref(), &vars);
    let Formulas {
        function,
        gradient,
        view,
    } = read_formulas(cx, head.function, &extras, &vars, &env, &mut info);
    let subject = draws::Subject::of_descent(&vars, function.as_ref());
    let texts = draws::render_descent_texts(cx, &mut f, &env, &subject, head.title, head.notes);
    f.finish(cx, DESCENT_FIELDS, |key| {
        (COMMON.contains(&key) || KINDS.iter().any(|(_, fs)| fs.contains(&key)))
            .then(|| format!(" (`{key}` is an [[exercise]] field)"))
    });
    let (title, notes) = texts?;
    let mut d = Descent {
        id: head.id?,
        title: title?,
        notes,
        function: function?,
        start: walk.start?.0,
        vars,
        learning_rate: walk.learning_rate?,
        steps: head.steps?,
        momentum: head.momentum?,
        gradient: gradient?,
        params: env.params,
        data: env.data,
        view: view?,
        stop_grad_norm: extras.stop?,
        log: extras.log,
        pos: cx.pos(start),
        variant: None,
        parsed: ParsedFormulas::new(std::mem::take(&mut cx.parsed)),
    };
    if let Some((draws, number)) = resolved.draws {
        d.variant = Some(variant_of(cx, &d, draws, number, index));
    }
    (cx.errors() == errors_before).then_some((d, info))
}

/// Each name with its value.
fn values<T: Clone>(named: &[Named<T>]) -> Vec<(String, T)> {
    named
        .iter()
        .map(|p| (p.name.clone(), p.value.clone()))
        .collect()
}

/// A randomised example's variant as read: its number, its values and its draws.
fn variant_of(
    cx: &Cx<'_>,
    d: &Descent,
    draws: crate::variants::Draws,
    number: u32,
    index: usize,
) -> Variant {
    Variant {
        number,
        values: d.params.clone(),
        spec: Arc::new(VariantSpec {
            draws,
            source: cx.source.to_string(),
            text: Arc::from(cx.text),
            item: ItemKind::Descent,
            index,
        }),
    }
}

/// The function, a given gradient and the view, each read in the example's scope; each
/// `None` when it does not read (reported).
struct Formulas {
    function: Option<String>,
    gradient: Option<Option<Vec<String>>>,
    view: Option<Option<Vec<(f64, f64)>>>,
}

fn read_formulas(
    cx: &mut Cx<'_>,
    function: Option<Src>,
    extras: &Extras<'_, '_>,
    vars: &[String],
    env: &Env,
    info: &mut ItemInfo,
) -> Formulas {
    let scope = env.scope(vars);
    let function = function.and_then(|fun| {
        parse(cx, &fun, &scope, "`function`", "")?;
        Some(fun.text)
    });
    let gradient = extras.gradient.clone().and_then(|g| match g {
        None => Some(None),
        Some((list, at)) => read_gradient(cx, list, at, vars, &scope).map(Some),
    });
    let view = match extras.view_val {
        None => Some(None),
        Some(v) => {
            info.set("view", cx.pos(v.span().start));
            read_view(cx, v, vars).map(Some)
        }
    };
    Formulas {
        function,
        gradient,
        view,
    }
}

/// The fields read before the parameters: what the example is and how it walks.
struct Head<'t, 'i> {
    id: Option<String>,
    title: Option<String>,
    notes: Option<String>,
    function: Option<Src>,
    vars: Option<Vec<String>>,
    start_val: Option<&'t Val<'i>>,
    lr_val: Option<&'t Val<'i>>,
    steps: Option<usize>,
    momentum: Option<Option<f64>>,
}

fn read_head<'t, 'i>(
    cx: &mut Cx<'_>,
    f: &mut Fields<'t, 'i>,
    ids: &mut Vec<(String, Pos)>,
    info: &mut ItemInfo,
) -> Head<'t, 'i> {
    let id = f
        .req_str(cx, "id")
        .map(|(id, at)| check_id(cx, id, at, ids));
    let title = f.req_str(cx, "title").map(|(t, _)| t);
    let notes = f.opt_str(cx, "notes");
    let function = read_function(cx, f, info);
    let vars = read_required_vars(cx, f);
    let start_val = f.req(cx, "start");
    let lr_val = f.req(cx, "learning_rate");
    let (steps, momentum) = read_walk(cx, f);
    Head {
        id,
        title,
        notes,
        function,
        vars,
        start_val,
        lr_val,
        steps,
        momentum,
    }
}

/// `start` and `learning_rate`, which may be formulas over the parameters (`start = ["x0"]`).
struct Numbers {
    /// The start point and where it is written.
    start: Option<(Vec<f64>, usize)>,
    learning_rate: Option<f64>,
}

fn read_numbers(cx: &mut Cx<'_>, head: &Head<'_, '_>, env: &Env, info: &mut ItemInfo) -> Numbers {
    let constants = env.names().constants();
    let start = head.start_val.and_then(|v| {
        info.set("start", cx.pos(v.span().start));
        draws::constant_list(cx, "start", v, &constants).map(|p| (p, v.span().start))
    });
    let learning_rate = head.lr_val.and_then(|v| {
        info.set("learning_rate", cx.pos(v.span().start));
        read_learning_rate(cx, v, env)
    });
    Numbers {
        start,
        learning_rate,
    }
}

/// The optional fields of a descent example, read before its formulas are checked.
struct Extras<'t, 'i> {
    gradient: Option<Option<(Vec<Src>, usize)>>,
    data: Vec<Named<Vec<f64>>>,
    raw_params: Vec<Named<RawParam>>,
    /// Where `params` is written.
    params_at: Option<usize>,
    view_val: Option<&'t Val<'i>>,
    stop: Option<Option<f64>>,
    log: LogBase,
}

fn read_extras<'t, 'i>(
    cx: &mut Cx<'_>,
    f: &mut Fields<'t, 'i>,
    defaults: &Defaults,
    info: &mut ItemInfo,
) -> Extras<'t, 'i> {
    let gradient = match f.get("gradient") {
        None => Some(None),
        Some(v) => {
            info.set("gradient", cx.pos(v.span().start));
            formula_list(cx, "gradient", v).map(|g| Some((g, v.span().start)))
        }
    };
    let data = f.get("data").map(|v| read_data(cx, v)).unwrap_or_default();
    let params_val = f.get("params");
    if let Some(v) = params_val {
        info.set("params", cx.pos(v.span().start));
    }
    let params_at = params_val.map(|v| v.span().start);
    let raw_params = params_val.map(|v| read_params(cx, v)).unwrap_or_default();
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
    Extras {
        gradient,
        data,
        raw_params,
        params_at,
        view_val,
        stop,
        log,
    }
}

/// The learning rate: a positive number, or a formula over the parameters that gives one.
fn read_learning_rate(cx: &mut Cx<'_>, v: &Val<'_>, env: &Env) -> Option<f64> {
    let x = draws::constant_of(cx, "learning_rate", v, env)?;
    if x > 0.0 && x.is_finite() {
        Some(x)
    } else {
        cx.error(v.span().start, "`learning_rate` must be a positive number");
        None
    }
}

/// The walk's settings: the number of steps and the momentum (each `None` when it is wrong,
/// reported; a missing momentum is `Some(None)`).
fn read_walk(cx: &mut Cx<'_>, f: &mut Fields<'_, '_>) -> (Option<usize>, Option<Option<f64>>) {
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
    (steps, momentum)
}

/// `start` has one number per variable.
fn check_start(cx: &mut Cx<'_>, start: Option<&(Vec<f64>, usize)>, vars: &[String]) {
    if let Some((p, at)) = start {
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
}

/// The given gradient: one formula per variable, each parsed in the example's scope.
fn read_gradient(
    cx: &mut Cx<'_>,
    list: Vec<Src>,
    at: usize,
    vars: &[String],
    scope: &Scope,
) -> Option<Vec<String>> {
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
        ok &= parse(cx, g, scope, &format!("`gradient[{i}]`"), "").is_some();
    }
    ok.then(|| list.into_iter().map(|g| g.text).collect())
}

pub(super) fn read_stop(cx: &mut Cx<'_>, v: &Val<'_>) -> Option<f64> {
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
pub(super) fn read_view(cx: &mut Cx<'_>, v: &Val<'_>, vars: &[String]) -> Option<Vec<(f64, f64)>> {
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
