//! A `table` exercise's computed columns and totals, each formula read in the names it may use.

use super::*;

pub(super) fn read_columns(
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

pub(super) fn read_table(
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
    let data: Vec<&str> = env.data.iter().map(|(n, _)| n.as_str()).collect();
    let (computed, columns_ok) = read_column_formulas(cx, &columns, &data, env, info);
    let totals_ok = read_total_formulas(cx, &totals, &data, &computed, env, info);
    let ok = columns_ok && totals_ok;
    ok.then(|| Kind::Table {
        columns: columns.into_iter().map(|(c, _, _)| c).collect(),
        totals: totals.into_iter().map(|(c, _, _)| c).collect(),
    })
}

/// The names a table's formulas can see, by what they are, for messages.
pub(super) struct TableNames<'a> {
    data: &'a [&'a str],
    computed: &'a [&'a str],
    totals: &'a [&'a str],
    params: &'a [(String, f64)],
}

impl TableNames<'_> {
    /// "data columns x, y; computed columns z, a; earlier totals L; parameters w, b" (the
    /// computed columns a column formula sees are the earlier ones).
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
pub(super) fn total_message(
    e: &crate::math::ParseError,
    text: &str,
    names: &TableNames<'_>,
) -> String {
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
        ParseErrorKind::UnknownName => {
            let inside = if inside_aggregate(text, e.span.start) {
                ""
            } else {
                " (columns inside sum(...), prod(...) or mean(...))"
            };
            format!(
                "`{word}` is not a name this total can use; it can use {}{inside}{}",
                names.listing(),
                params_hint(&word)
            )
        }
        _ => e.message.clone(),
    }
}

/// Whether the character at `pos` of `text` lies inside `sum(...)`, `prod(...)` or `mean(...)`.
fn inside_aggregate(text: &str, pos: usize) -> bool {
    let chars: Vec<char> = text.chars().take(pos).collect();
    let mut open: Vec<bool> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' | '[' | '{' => {
                let word: String = chars[..i]
                    .iter()
                    .rev()
                    .skip_while(|c| c.is_whitespace())
                    .take_while(|c| c.is_alphanumeric())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                open.push(matches!(word.as_str(), "sum" | "prod" | "mean"));
            }
            ')' | ']' | '}' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.contains(&true)
}

/// For an unknown `w` or `b` (`w1`, `b₀`): a weight or a bias is a parameter.
fn params_hint(word: &str) -> String {
    let mut chars = word.chars();
    let first = chars.next();
    let rest_digits = chars.all(|c| c.is_ascii_digit() || c == '_' || ('₀'..='₉').contains(&c));
    if matches!(first, Some('w' | 'b')) && rest_digits {
        format!(". A weight or a bias is a parameter: give its value in `params` (`params = {{ {word} = 0.5 }}`)")
    } else {
        String::new()
    }
}

/// Each computed column's name and formula: a formula may use the data columns, the
/// parameters and the earlier columns (a later column, or the column itself, gets its own
/// message). The names of the columns that read, and whether all did.
fn read_column_formulas<'c>(
    cx: &mut Cx<'_>,
    columns: &'c [(TableColumn, Src, usize)],
    data: &[&'c str],
    env: &Env,
    info: &mut ItemInfo,
) -> (Vec<&'c str>, bool) {
    let mut ok = true;
    let mut seen: Vec<&str> = data.to_vec();
    let all: Vec<&str> = columns.iter().map(|(c, _, _)| c.name.as_str()).collect();
    for (i, (col, src, at)) in columns.iter().enumerate() {
        if !check_name(cx, "a column", &col.name, *at) {
            ok = false;
            continue;
        }
        let is_param = env.params.iter().any(|(p, _)| p == &col.name);
        if seen.contains(&col.name.as_str()) || is_param {
            let what = if data.contains(&col.name.as_str()) {
                "a data column"
            } else if is_param {
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
        if let Err(e) = cx.parse_formula(&src.text, &env.names().row(&seen)) {
            let names = TableNames {
                data,
                computed: &seen[data.len()..],
                totals: &[],
                params: &env.params,
            };
            column_error(cx, &e, src, (&col.name, &all[i..]), &names);
            ok = false;
        }
        seen.push(&col.name);
    }
    (seen[data.len()..].to_vec(), ok)
}

/// A column formula that does not read; a name that is this or a later column (`rest[0]` is
/// this one) is said so.
fn column_error(
    cx: &mut Cx<'_>,
    e: &crate::math::ParseError,
    src: &Src,
    (name, rest): (&str, &[&str]),
    names: &TableNames<'_>,
) {
    let label = format!("column `{name}`");
    let later = words(&src.text)
        .into_iter()
        .find_map(|(ch, w)| rest.iter().position(|c| *c == w).map(|j| (ch, w, j)));
    match later {
        Some((ch, w, 0)) => cx.error(
            src.offset(cx, ch),
            format!("in {label}: the column refers to itself (`{w}`)"),
        ),
        Some((ch, w, _)) => cx.error(
            src.offset(cx, ch),
            format!(
                "in {label}: `{w}` is a later column; a formula may use data columns, parameters and earlier columns only (move `{w}` before `{name}`)"
            ),
        ),
        None if e.kind == ParseErrorKind::UnknownName => {
            let word: String = src
                .text
                .chars()
                .skip(e.span.start)
                .take(e.span.len().max(1))
                .collect();
            cx.error(
                src.offset(cx, e.span.start),
                format!(
                    "in {label}: `{word}` is not a name this column can use; it can use {}{}",
                    names.listing(),
                    params_hint(&word)
                ),
            )
        }
        None => cx.error(
            src.offset(cx, e.span.start),
            format!("in {label}: {}", e.message),
        ),
    }
}

/// Each total's name and formula: a total sees whole columns (inside sum/prod/mean) and the
/// totals before it. Whether all read.
fn read_total_formulas(
    cx: &mut Cx<'_>,
    totals: &[(TableColumn, Src, usize)],
    data: &[&str],
    computed: &[&str],
    env: &Env,
    info: &mut ItemInfo,
) -> bool {
    let mut ok = true;
    let seen: Vec<&str> = data.iter().chain(computed).copied().collect();
    let mut total_names: Vec<&str> = Vec::new();
    for (tot, src, at) in totals {
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
        let scope = env.names().total(&total_names, &seen);
        if !is_plain_number(&src.text) {
            if let Err(e) = cx.parse_formula(&src.text, &scope) {
                let names = TableNames {
                    data,
                    computed,
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
    ok
}
