//! The fields of a `graph` exercise: `function`, `at` (which also gives the variables, in its
//! order), `nodes`, the optional `names` table and `ask`. Whether each node is in the graph is
//! the prepared question's to say (`validate` reports it at `nodes`); here every formula must
//! read and every name must be well formed.

use super::*;

pub(super) fn read_graph(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    env: &Env,
    info: &mut ItemInfo,
) -> Option<Kind> {
    let function = read_function(cx, f, info);
    let at = read_at(cx, f, env, info);
    let vars: Option<Vec<String>> = at
        .as_ref()
        .map(|p| p.iter().map(|q| q.name.clone()).collect());
    let names = read_names(cx, f, vars.as_deref(), info)?;
    let nodes = read_nodes(cx, f, info);
    let ask = read_ask(cx, f, info);

    let vars = vars?;
    let scope = env.scope(&vars);
    let function = function?;
    parse(
        cx,
        &function,
        &scope,
        "`function`",
        " (give every variable a value in `at`)",
    )?;
    let nodes = nodes?;
    let ok = parse_names_and_nodes(cx, &names, &nodes, &scope);
    let ask = ask?;
    if !ok {
        return None;
    }
    let at = at?;
    Some(Kind::Graph {
        function: function.text,
        vars,
        at: at.iter().map(|p| (p.name.clone(), p.value)).collect(),
        nodes: nodes
            .into_iter()
            .map(|s| s.text.trim().to_string())
            .collect(),
        names: names.into_iter().map(|(n, src, _)| (n, src.text)).collect(),
        ask,
    })
}

/// `at`: the point, which also names the variables, in its order.
fn read_at(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    env: &Env,
    info: &mut ItemInfo,
) -> Option<Vec<Named<f64>>> {
    f.req(cx, "at").and_then(|v| {
        info.set("at", cx.pos(v.span().start));
        let p = read_point(cx, "at", v, &env.scope::<&str>(&[]))?;
        if p.is_empty() {
            cx.error(v.span().start, "`at` is empty: give every variable a value");
            return None;
        }
        let mut ok = true;
        for q in &p {
            ok &= check_name(cx, "a variable", &q.name, q.at);
        }
        ok.then_some(p)
    })
}

/// The optional `names` table: each a node's name (not a variable's) and its subexpression,
/// with where the name is written. `None` when `names` is not a table.
fn read_names(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    vars: Option<&[String]>,
    info: &mut ItemInfo,
) -> Option<Vec<(String, Src, usize)>> {
    let Some(v) = f.get("names") else {
        return Some(Vec::new());
    };
    info.set("names", cx.pos(v.span().start));
    let mut t = table_of(cx, "names", v, "`names`")?;
    t.use_all();
    let mut out = Vec::new();
    for (name, key_at, val) in t.entries() {
        if !check_name(cx, "a node's name", name, *key_at) {
            continue;
        }
        if vars.is_some_and(|vs| vs.iter().any(|v| v == name)) {
            cx.error(
                *key_at,
                format!("`names.{name}`: `{name}` is a variable; name a subexpression"),
            );
            continue;
        }
        if let Some(src) = formula_of(cx, &format!("names.{name}"), val) {
            out.push((name.to_string(), src, *key_at));
        }
    }
    Some(out)
}

/// `nodes`: the nodes asked about, at least one.
fn read_nodes(cx: &mut Cx<'_>, f: &mut Fields<'_, '_>, info: &mut ItemInfo) -> Option<Vec<Src>> {
    f.req(cx, "nodes").and_then(|v| {
        info.set("nodes", cx.pos(v.span().start));
        let list = formula_list(cx, "nodes", v)?;
        if list.is_empty() {
            cx.error(
                v.span().start,
                "`nodes` is empty: name the nodes to ask about",
            );
            return None;
        }
        Some(list)
    })
}

/// `ask`: "value", "adjoint" or both (both when it is left out), each once.
fn read_ask(cx: &mut Cx<'_>, f: &mut Fields<'_, '_>, info: &mut ItemInfo) -> Option<Vec<GraphAsk>> {
    let Some(v) = f.get("ask") else {
        return Some(vec![GraphAsk::Value, GraphAsk::Adjoint]);
    };
    info.set("ask", cx.pos(v.span().start));
    let list = str_list(cx, "ask", v)?;
    let mut out: Vec<GraphAsk> = Vec::new();
    let mut ok = true;
    for (word, at) in &list {
        let a = match word.as_str() {
            "value" => GraphAsk::Value,
            "adjoint" => GraphAsk::Adjoint,
            other => {
                cx.error(
                    *at,
                    format!(
                        "`ask` has `{other}`{}; ask for \"value\", \"adjoint\" or both",
                        suggestion(other, &["value", "adjoint"])
                    ),
                );
                ok = false;
                continue;
            }
        };
        if out.contains(&a) {
            cx.error(*at, format!("`ask` has `{word}` twice"));
            ok = false;
        }
        out.push(a);
    }
    if list.is_empty() {
        cx.error(
            v.span().start,
            "`ask` is empty: ask for \"value\", \"adjoint\" or both",
        );
        ok = false;
    }
    ok.then_some(out)
}

/// Every name's subexpression and every node that is not a name, parsed in the function's
/// scope; whether all read.
fn parse_names_and_nodes(
    cx: &mut Cx<'_>,
    names: &[(String, Src, usize)],
    nodes: &[Src],
    scope: &Scope,
) -> bool {
    let mut ok = true;
    for (name, src, _) in names {
        ok &= parse(cx, src, scope, &format!("`names.{name}`"), "").is_some();
    }
    for (i, src) in nodes.iter().enumerate() {
        if names.iter().any(|(n, _, _)| *n == src.text.trim()) {
            continue;
        }
        ok &= parse(
            cx,
            src,
            scope,
            &format!("`nodes[{i}]`"),
            " (a node is a name from `names` or a subexpression of `function`)",
        )
        .is_some();
    }
    ok
}
