//! An [`ExerciseSet`] back to the file format, so that tools can write exercise files and a
//! loaded set survives a round trip.

use super::{
    Answer, Descent, Domain, Exercise, ExerciseSet, Goal, Kind, TableColumn, TableEntry, Tolerance,
};
use crate::math::LogBase;
use std::fmt::Write;

/// Writes a set in the exercise-file format; loading the result gives the same set back
/// (apart from `source` and positions).
///
/// Every exercise is written with its resolved values (`domain`, `tolerance`, `log`, and a
/// derivative's `vars`) and no `[defaults]` table; values equal to the built-in defaults are
/// left out. Formulas given as numbers in the original file are written as strings. A
/// hand-built [`Domain`] with both per-variable ranges and an `all` other than [-3, 3] cannot
/// be written in the format (a per-variable table leaves the others at [-3, 3]); its
/// per-variable ranges are kept.
pub fn to_toml(set: &ExerciseSet) -> String {
    let mut w = String::new();
    line(&mut w, "title", &string(&set.title));
    if let Some(d) = &set.description {
        line(&mut w, "description", &string(d));
    }
    if let Some(n) = set.order {
        line(&mut w, "order", &n.to_string());
    }
    for ex in &set.exercises {
        w.push_str("\n[[exercise]]\n");
        exercise(&mut w, ex);
    }
    for d in &set.descents {
        w.push_str("\n[[descent]]\n");
        descent(&mut w, d);
    }
    w
}

fn line(w: &mut String, key: &str, value: &str) {
    let _ = writeln!(w, "{} = {value}", bare(key));
}

/// A key, quoted when it is not a bare TOML key.
fn bare(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_string()
    } else {
        string(key)
    }
}

fn string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn float(x: f64) -> String {
    if x.is_nan() {
        "nan".to_string()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.to_string()
    } else {
        // Whole numbers as integers (`8`, not `8.0`): integers are read as numbers anyway.
        crate::text::exact(x)
    }
}

fn strings(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| string(s)).collect();
    format!("[{}]", parts.join(", "))
}

fn long_strings(items: &[String]) -> String {
    let mut out = String::from("[\n");
    for s in items {
        let _ = writeln!(out, "    {},", string(s));
    }
    out.push(']');
    out
}

fn inline(entries: &[(String, String)]) -> String {
    if entries.is_empty() {
        return "{}".to_string();
    }
    let parts: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{} = {v}", bare(k)))
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

fn interval((lo, hi): (f64, f64)) -> String {
    format!("[{}, {}]", float(lo), float(hi))
}

fn point(p: &[(String, f64)]) -> String {
    let entries: Vec<(String, String)> = p.iter().map(|(k, x)| (k.clone(), float(*x))).collect();
    inline(&entries)
}

fn numbers(xs: &[f64]) -> String {
    let parts: Vec<String> = xs.iter().map(|x| float(*x)).collect();
    format!("[{}]", parts.join(", "))
}

fn params_and_data(w: &mut String, params: &[(String, f64)], data: &[(String, Vec<f64>)]) {
    if !params.is_empty() {
        line(w, "params", &point(params));
    }
    if !data.is_empty() {
        let entries: Vec<(String, String)> =
            data.iter().map(|(k, c)| (k.clone(), numbers(c))).collect();
        line(w, "data", &inline(&entries));
    }
}

fn columns(cols: &[TableColumn]) -> String {
    let mut out = String::from("[\n");
    for c in cols {
        let mut entries = vec![
            ("name".to_string(), string(&c.name)),
            ("formula".to_string(), string(&c.formula)),
        ];
        if let Some(l) = &c.label {
            entries.push(("label".to_string(), string(l)));
        }
        let _ = writeln!(out, "    {},", inline(&entries));
    }
    out.push(']');
    out
}

fn answer(a: &Answer) -> String {
    match a {
        Answer::Scalar(s) => string(s),
        Answer::Vector(v) => strings(v),
        Answer::Matrix(m) => {
            let rows: Vec<String> = m.iter().map(|r| strings(r)).collect();
            format!("[{}]", rows.join(", "))
        }
        Answer::Table(entries) => {
            let entries: Vec<(String, String)> = entries
                .iter()
                .map(|(k, e)| {
                    let v = match e {
                        TableEntry::Column(c) => strings(c),
                        TableEntry::Total(t) => string(t),
                    };
                    (k.clone(), v)
                })
                .collect();
            inline(&entries)
        }
    }
}

fn exercise(w: &mut String, ex: &Exercise) {
    line(w, "id", &string(&ex.id));
    line(w, "kind", &string(ex.kind.name()));
    // An exercise's texts are templates when read: their braces are written doubled.
    if let Some(t) = &ex.title {
        line(w, "title", &string(&literal(t)));
    }
    line(w, "prompt", &string(&literal(&ex.prompt)));
    kind_fields(w, &ex.kind);
    domain_and_tolerance(w, ex);
    log(w, ex.log);
    params_and_data(w, &ex.params, &ex.data);
    if !ex.hints.is_empty() {
        let hints: Vec<String> = ex.hints.iter().map(|h| literal(h)).collect();
        line(w, "hints", &long_strings(&hints));
    }
    if let Some(s) = &ex.solution {
        line(w, "solution", &string(&literal(s)));
    }
    if let Some(a) = &ex.answer {
        line(w, "answer", &answer(a));
    }
}

/// The fields of the exercise's kind, in the order the format reference lists them.
///
/// Long because it is one flat match with an arm per kind, each writing that kind's fields in
/// the reference's order; split up, the order of a kind's fields would be spread over functions.
fn kind_fields(w: &mut String, kind: &Kind) {
    match kind {
        Kind::Derivative {
            function,
            vars,
            var,
            order,
            at,
        } => {
            line(w, "function", &string(function));
            match var.as_slice() {
                [one] => line(w, "var", &string(one)),
                many => line(w, "var", &strings(many)),
            }
            line(w, "vars", &strings(vars));
            if *order != 1 {
                line(w, "order", &order.to_string());
            }
            if let Some(p) = at {
                line(w, "at", &point(p));
            }
        }
        Kind::Gradient { function, vars, at } => {
            line(w, "function", &string(function));
            line(w, "vars", &strings(vars));
            if let Some(p) = at {
                line(w, "at", &point(p));
            }
        }
        Kind::Jacobian {
            functions,
            vars,
            at,
        } => {
            line(w, "functions", &strings(functions));
            line(w, "vars", &strings(vars));
            if let Some(p) = at {
                line(w, "at", &point(p));
            }
        }
        Kind::Directional {
            function,
            vars,
            direction,
            at,
        } => {
            line(w, "function", &string(function));
            line(w, "vars", &strings(vars));
            line(w, "direction", &strings(direction));
            if let Some(p) = at {
                line(w, "at", &point(p));
            }
        }
        Kind::Value { value, step } => {
            line(w, "value", &string(value));
            if let Some(step) = step {
                line(w, "step", &step_table(step));
            }
        }
        Kind::Extremum {
            function,
            vars,
            goal,
            boundary,
        } => {
            line(w, "function", &string(function));
            line(w, "vars", &strings(vars));
            let g = match goal {
                Goal::Min => "min",
                Goal::Max => "max",
            };
            line(w, "goal", &string(g));
            if *boundary {
                line(w, "boundary", "true");
            }
        }
        Kind::Limit {
            function,
            vars,
            along,
            t0,
        } => {
            line(w, "function", &string(function));
            line(w, "vars", &strings(vars));
            line(w, "along", &strings(along));
            line(w, "t0", &float(*t0));
        }
        Kind::Graph {
            function,
            at,
            nodes,
            names,
            ask,
            ..
        } => graph_fields(w, function, at, nodes, names, ask),
        Kind::Table {
            columns: cols,
            totals,
        } => {
            // `data` is written below with the other common fields.
            line(w, "columns", &columns(cols));
            if !totals.is_empty() {
                line(w, "totals", &columns(totals));
            }
        }
    }
}

/// `{ function = "x^2", from = { x = 5 }, rate = 0.1, ... }`.
fn step_table(s: &super::StepAsked) -> String {
    let at = |values: &[f64]| -> Vec<(String, f64)> {
        s.vars.iter().cloned().zip(values.iter().copied()).collect()
    };
    let mut entries = vec![
        ("function".to_string(), string(&s.function)),
        ("from".to_string(), point(&at(&s.from))),
        ("rate".to_string(), float(s.rate)),
    ];
    if let Some(m) = s.momentum {
        entries.push(("momentum".to_string(), float(m)));
        if s.velocity.iter().any(|v| *v != 0.0) {
            entries.push(("velocity".to_string(), point(&at(&s.velocity))));
        }
    }
    if s.vars.len() > 1 {
        let name = s.vars.get(s.coordinate).cloned().unwrap_or_default();
        entries.push(("coordinate".to_string(), string(&name)));
    }
    inline(&entries)
}

/// A graph exercise's fields.
fn graph_fields(
    w: &mut String,
    function: &str,
    at: &[(String, f64)],
    nodes: &[String],
    names: &[(String, String)],
    ask: &[super::GraphAsk],
) {
    line(w, "function", &string(function));
    line(w, "at", &point(at));
    line(w, "nodes", &strings(nodes));
    if !names.is_empty() {
        let named: Vec<(String, String)> =
            names.iter().map(|(k, v)| (k.clone(), string(v))).collect();
        line(w, "names", &inline(&named));
    }
    let asked: Vec<String> = ask.iter().map(|a| a.name().to_string()).collect();
    line(w, "ask", &strings(&asked));
}

/// `domain` and `tolerance`, when they are not the defaults.
fn domain_and_tolerance(w: &mut String, ex: &Exercise) {
    if ex.domain != Domain::default() {
        if ex.domain.per_var.is_empty() {
            line(w, "domain", &interval(ex.domain.all));
        } else {
            let entries: Vec<(String, String)> = ex
                .domain
                .per_var
                .iter()
                .map(|(k, r)| (k.clone(), interval(*r)))
                .collect();
            line(w, "domain", &inline(&entries));
        }
    }
    if ex.tolerance != Tolerance::default() {
        let t = match ex.tolerance {
            Tolerance::Abs(x) => ("abs", float(x)),
            Tolerance::Rel(x) => ("rel", float(x)),
            Tolerance::SigFigs(n) => ("sig_figs", n.to_string()),
            Tolerance::Decimals(n) => ("decimals", n.to_string()),
        };
        line(w, "tolerance", &inline(&[(t.0.to_string(), t.1)]));
    }
}

fn log(w: &mut String, log: LogBase) {
    if log == LogBase::Log10 {
        line(w, "log", &string("log10"));
    }
}

fn descent(w: &mut String, d: &Descent) {
    line(w, "id", &string(&d.id));
    line(w, "title", &string(&literal(&d.title)));
    if let Some(n) = &d.notes {
        line(w, "notes", &string(&literal(n)));
    }
    line(w, "function", &string(&d.function));
    line(w, "vars", &strings(&d.vars));
    line(w, "start", &numbers(&d.start));
    line(w, "learning_rate", &float(d.learning_rate));
    line(w, "steps", &d.steps.to_string());
    if let Some(m) = d.momentum {
        line(w, "momentum", &float(m));
    }
    if let Some(g) = &d.gradient {
        line(w, "gradient", &strings(g));
    }
    params_and_data(w, &d.params, &d.data);
    if let Some(v) = &d.view {
        let parts: Vec<String> = v.iter().map(|r| interval(*r)).collect();
        line(w, "view", &format!("[{}]", parts.join(", ")));
    }
    if let Some(g) = d.stop_grad_norm {
        line(w, "stop", &inline(&[("grad_norm".to_string(), float(g))]));
    }
    log(w, d.log);
}

/// A text as a template that renders to it: braces doubled.
fn literal(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}
