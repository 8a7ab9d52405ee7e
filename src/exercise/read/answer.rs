//! An exercise's `answer` key: its shape checked against the kind, each cell read as a formula.

use super::*;

/// An answer as written, with where each cell is.
pub(super) enum RawAnswer {
    Scalar(Src),
    Vector(Vec<Src>),
    Matrix(Vec<Vec<Src>>),
    Table(Vec<(String, usize, RawEntry)>),
}

pub(super) enum RawEntry {
    Column(Vec<Src>),
    Total(Src),
}

pub(super) fn read_raw_answer(cx: &mut Cx<'_>, v: &Val<'_>) -> Option<RawAnswer> {
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

pub(super) fn is_infinity(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "inf" | "+inf" | "-inf" | "infinity" | "-infinity" | "+infinity" | "∞" | "-∞" | "+∞"
    )
}

/// Reads `answer`, checks its shape against the kind, and parses every cell.
pub(super) fn read_answer(cx: &mut Cx<'_>, v: &Val<'_>, ex: &Exercise) -> Option<Answer> {
    let at = v.span().start;
    let raw = read_raw_answer(cx, v)?;
    let mut ok = true;
    let cell = cell_reader(ex);
    let answer = match (&ex.kind, raw) {
        (Kind::Gradient { vars, .. }, RawAnswer::Vector(v)) if v.len() == vars.len() => {
            read_vector(cx, v, &cell, &mut ok)
        }
        (Kind::Extremum { vars, .. }, RawAnswer::Vector(v))
            if v.len() == vars.len() && vars.len() > 1 =>
        {
            read_vector(cx, v, &cell, &mut ok)
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
            let names = TableNames {
                columns,
                totals,
                rows,
            };
            let (answer, all_ok) = read_table_answer(cx, at, &names, entries, &cell);
            ok &= all_ok;
            answer
        }
        (Kind::Graph { nodes, ask, .. }, RawAnswer::Table(entries)) => {
            let (answer, all_ok) = read_graph_answer(cx, at, (nodes, ask), entries, &cell);
            ok &= all_ok;
            answer
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
            cx.error(at, format!("`answer` must be {}", shape_wanted(kind)));
            return None;
        }
    };
    ok.then_some(answer)
}

/// How each cell of `ex`'s answer key is read: parsed in the answer's scope (a limit's may be
/// infinite), with a hint when an expression is given where the number at `at` is asked.
fn cell_reader(ex: &Exercise) -> impl Fn(&mut Cx<'_>, &Src, String) -> bool {
    let scope = ex.answer_scope();
    let is_limit = matches!(ex.kind, Kind::Limit { .. });
    let at_hint = expression_at_hint(ex);
    let function_scope = ex.function_scope();
    move |cx: &mut Cx<'_>, src: &Src, label: String| -> bool {
        // The usual case first: a plain number (never parsed), an infinite limit, or a formula
        // that reads in the answer's scope, whose parse is kept and is the only one.
        if is_plain_number(&src.text)
            || (is_limit && is_infinity(&src.text))
            || cx.parse_formula(&src.text, &scope).is_ok()
        {
            return true;
        }
        // It does not read. An expression where a number is asked (`at`), one that reads in
        // the function's scope: say so to the instructor.
        let hint = match &at_hint {
            Some(h) if crate::math::Expr::parse(&src.text, &function_scope).is_ok() => h.as_str(),
            _ => "",
        };
        parse(cx, src, &scope, &label, hint).is_some()
    }
}

/// A list answer key, each entry read with `cell`; `ok` turns false when one does not read.
fn read_vector(
    cx: &mut Cx<'_>,
    v: Vec<Src>,
    cell: &dyn Fn(&mut Cx<'_>, &Src, String) -> bool,
    ok: &mut bool,
) -> Answer {
    for (i, s) in v.iter().enumerate() {
        *ok &= cell(cx, s, format!("`answer[{i}]`"));
    }
    Answer::Vector(v.into_iter().map(|s| s.text).collect())
}

/// A graph exercise's answer key: one list of a number per node for each asked column
/// (`value`, `adjoint`), each cell read with `cell`. The answer, and whether all was well.
fn read_graph_answer(
    cx: &mut Cx<'_>,
    at: usize,
    (nodes, ask): (&[String], &[GraphAsk]),
    entries: Vec<(String, usize, RawEntry)>,
    cell: &dyn Fn(&mut Cx<'_>, &Src, String) -> bool,
) -> (Answer, bool) {
    let mut ok = true;
    let mut out = Vec::new();
    for (name, key_at, entry) in entries {
        if !ask.iter().any(|a| a.name() == name) {
            let asked: Vec<&str> = ask.iter().map(|a| a.name()).collect();
            cx.error(
                key_at,
                format!(
                    "`answer` names `{name}`; this exercise asks for {}",
                    asked.join(" and ")
                ),
            );
            ok = false;
            continue;
        }
        let cells = match entry {
            RawEntry::Column(cells) => cells,
            RawEntry::Total(one) => vec![one],
        };
        if cells.len() != nodes.len() {
            cx.error(
                key_at,
                format!(
                    "`answer.{name}` has {} but `nodes` has {}",
                    count(cells.len(), "value"),
                    count(nodes.len(), "node")
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
    for a in ask {
        if !out.iter().any(|(n, _)| n == a.name()) {
            cx.error(at, format!("`answer` has no entry for `{}`", a.name()));
            ok = false;
        }
    }
    (Answer::Table(out), ok)
}

/// For an exercise asked `at` a point, what to tell an instructor whose answer key is an
/// expression: the answer is the number at the point.
fn expression_at_hint(ex: &Exercise) -> Option<String> {
    let at = match &ex.kind {
        Kind::Derivative { at, .. }
        | Kind::Gradient { at, .. }
        | Kind::Jacobian { at, .. }
        | Kind::Directional { at, .. } => at.as_ref()?,
        _ => return None,
    };
    let names: Vec<String> = at.iter().map(|(n, _)| n.clone()).collect();
    let values: Vec<f64> = at.iter().map(|(_, v)| *v).collect();
    Some(format!(
        ". This exercise has `at`, so its answer is the number at {}, not an expression: write          the value there (an exact form such as `3*pi` is fine), or remove `at` to ask for the          expression",
        crate::text::point(&names, &values)
    ))
}

/// A table's computed columns and totals, and its number of rows.
struct TableNames<'a> {
    columns: &'a [TableColumn],
    totals: &'a [TableColumn],
    rows: usize,
}

/// A table's answer key: a list of one cell per row for each computed column, one value per
/// total, and nothing else; each cell read with `cell`. The answer, and whether all was well.
fn read_table_answer(
    cx: &mut Cx<'_>,
    at: usize,
    names: &TableNames<'_>,
    entries: Vec<(String, usize, RawEntry)>,
    cell: &dyn Fn(&mut Cx<'_>, &Src, String) -> bool,
) -> (Answer, bool) {
    let mut ok = true;
    let mut out = Vec::new();
    for (name, key_at, entry) in entries {
        let is_col = names.columns.iter().any(|c| c.name == name);
        let is_total = names.totals.iter().any(|c| c.name == name);
        match entry {
            RawEntry::Column(cells) if is_col => {
                if cells.len() != names.rows {
                    cx.error(
                        key_at,
                        format!(
                            "`answer.{name}` has {} but the table has {}",
                            count(cells.len(), "cell"),
                            count(names.rows, "row")
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
                    format!(
                        "`answer.{name}` is a column: give a list of {} values",
                        names.rows
                    ),
                );
                ok = false;
            }
            _ => {
                let known: Vec<&str> = names
                    .columns
                    .iter()
                    .chain(names.totals.iter())
                    .map(|c| c.name.as_str())
                    .collect();
                cx.error(
                    key_at,
                    format!(
                        "`answer` names `{name}`, which is not a computed column or total{}",
                        suggestion(&name, &known)
                    ),
                );
                ok = false;
            }
        }
    }
    for c in names.columns.iter().chain(names.totals.iter()) {
        if !out.iter().any(|(n, _)| n == &c.name) {
            cx.error(at, format!("`answer` has no entry for `{}`", c.name));
            ok = false;
        }
    }
    (Answer::Table(out), ok)
}

/// What the answer key of `kind` must look like, for a shape error.
fn shape_wanted(kind: &Kind) -> String {
    match kind {
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
            "a table with a list of cells per computed column and one value per total".to_string()
        }
        Kind::Graph { nodes, ask, .. } => format!(
            "a table with a list of {} numbers (one per node) for each of {}",
            nodes.len(),
            ask.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ")
        ),
        _ => "a single formula or number".to_string(),
    }
}
