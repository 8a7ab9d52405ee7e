//! The loader's reading of randomised exercises: draw tables in `params`, derived parameters,
//! `where` conditions, numbers given as constant formulas (`at = { x = "a/2" }`), and the text
//! templates of titles, prompts, hints and solutions (and of descent examples' titles and
//! notes). The draws themselves (values, numbering, the generator) are [`crate::variants`]'.

use super::{Env, Named};
use crate::exercise::load::Severity;
use crate::exercise::reader::{
    interval_with, list_of, number, table_of, type_name, Cx, DrawnAs, Fields, Src, Val,
};
use crate::exercise::Kind;
use crate::math::symbolic::tidy;
use crate::math::{Expr, LogBase, Scope};
use crate::variants::draw::{
    count, excluded, int_values, range_values, split_condition, MAX_VALUES,
};
use crate::variants::template::{self, has_braces, Piece};
use crate::variants::{format_computed, format_value, Condition, Draws, Spec};
use toml::de::DeValue;

/// A `where` that holds for fewer than this share of the drawn values is an error.
pub(super) const MIN_ACCEPTANCE: f64 = 0.01;

/// A parameter as written: a number, a draw (its values without the `not` ones), or a formula
/// over earlier parameters.
#[derive(Clone, Debug)]
pub(super) enum RawParam {
    Fixed(f64),
    Draw(Vec<f64>),
    Derived(Src),
}

/// Reads one entry of `params`. `None` (with the error reported) when it does not read.
pub(super) fn read_param(cx: &mut Cx<'_>, name: &str, v: &Val<'_>) -> Option<RawParam> {
    let key = format!("params.{name}");
    match v.get_ref() {
        DeValue::String(s) => Some(RawParam::Derived(Src {
            text: s.to_string(),
            span: v.span(),
        })),
        DeValue::Table(_) => read_draw(cx, &key, v).map(RawParam::Draw),
        other => match number(other) {
            Some(x) if x.is_finite() => Some(RawParam::Fixed(x)),
            Some(_) => {
                cx.error(v.span().start, format!("`{key}` must be a finite number"));
                None
            }
            None => {
                cx.error(
                    v.span().start,
                    format!(
                        "`{key}` must be a number, a draw like {{ int = [2, 9] }} or a formula over earlier parameters, found {}",
                        type_name(other)
                    ),
                );
                None
            }
        },
    }
}

const DRAW_KEYS: &[&str] = &["int", "range", "choose", "step", "not"];

/// `{ int = [lo, hi], step? }`, `{ range = [lo, hi], step }`, `{ choose = [...] }`, each with
/// an optional `not = [...]`: the values that may be drawn.
fn read_draw(cx: &mut Cx<'_>, key: &str, v: &Val<'_>) -> Option<Vec<f64>> {
    let start = v.span().start;
    let mut f = table_of(cx, key, v, "the draw")?;
    let kinds: Vec<&str> = ["int", "range", "choose"]
        .into_iter()
        .filter(|k| f.has(k))
        .collect();
    let step = f.get("step");
    let not: Vec<f64> = match f.get("not") {
        None => Vec::new(),
        Some(n) => constants(cx, &format!("{key}.not"), n)?,
    };
    f.finish(cx, DRAW_KEYS, |_| None);
    let values = match kinds.as_slice() {
        ["int"] => int_draw(cx, key, v, step, &not)?,
        ["range"] => range_draw(cx, key, v, step, &not)?,
        ["choose"] => choose_draw(cx, key, v, step, &not)?,
        [] => {
            cx.error(
                start,
                format!("`{key}` must be a draw: `{{ int = [lo, hi] }}`, `{{ range = [lo, hi], step = s }}` or `{{ choose = [...] }}`"),
            );
            return None;
        }
        _ => {
            cx.error(
                start,
                format!("`{key}` must give exactly one of `int`, `range` or `choose`"),
            );
            return None;
        }
    };
    if values.is_empty() {
        cx.error(
            start,
            format!("`{key}` has no value left once `not` is taken out"),
        );
        return None;
    }
    Some(values)
}

/// `{ int = [lo, hi], step? }`: whole ends, a whole step of at least 1.
fn int_draw(
    cx: &mut Cx<'_>,
    key: &str,
    v: &Val<'_>,
    step: Option<&Val<'_>>,
    not: &[f64],
) -> Option<Vec<f64>> {
    let start = v.span().start;
    let (lo, hi) = f_get_pair(cx, key, "int", v)?;
    let whole = |x: f64| x.fract() == 0.0 && x.abs() < 9e15;
    if !whole(lo) || !whole(hi) {
        cx.error(start, format!("`{key}.int` must be two whole numbers"));
        return None;
    }
    let step = match step {
        None => 1.0,
        Some(s) => match number(s.get_ref()) {
            Some(x) if x >= 1.0 && x.fract() == 0.0 => x,
            _ => {
                cx.error(
                    s.span().start,
                    format!("`{key}.step` must be a whole number of at least 1"),
                );
                return None;
            }
        },
    };
    not_too_many(cx, key, start, (lo, hi), step)?;
    Some(int_values(lo as i64, hi as i64, step as i64, not))
}

/// `{ range = [lo, hi], step }`: the step is required and positive.
fn range_draw(
    cx: &mut Cx<'_>,
    key: &str,
    v: &Val<'_>,
    step: Option<&Val<'_>>,
    not: &[f64],
) -> Option<Vec<f64>> {
    let start = v.span().start;
    let (lo, hi) = f_get_pair(cx, key, "range", v)?;
    let Some(s) = step else {
        cx.error(
            start,
            format!("`{key}` needs a `step` (`{{ range = [{}, {}], step = 0.5 }}`): students get readable numbers", format_value(lo), format_value(hi)),
        );
        return None;
    };
    let step = match number(s.get_ref()) {
        Some(x) if x > 0.0 && x.is_finite() => x,
        _ => {
            cx.error(
                s.span().start,
                format!("`{key}.step` must be a positive number"),
            );
            return None;
        }
    };
    not_too_many(cx, key, start, (lo, hi), step)?;
    Some(range_values(lo, hi, step, not))
}

/// `{ choose = [...] }`: a non-empty list of numbers or constant formulas, without a step.
fn choose_draw(
    cx: &mut Cx<'_>,
    key: &str,
    v: &Val<'_>,
    step: Option<&Val<'_>>,
    not: &[f64],
) -> Option<Vec<f64>> {
    if let Some(s) = step {
        cx.error(
            s.span().start,
            format!("`{key}`: `step` goes with `int` or `range`, not `choose`"),
        );
        return None;
    }
    let list = draw_field(v, "choose")?;
    let values = constants(cx, &format!("{key}.choose"), list)?;
    if values.is_empty() {
        cx.error(list.span().start, format!("`{key}.choose` is empty"));
        return None;
    }
    Some(values.into_iter().filter(|x| !excluded(*x, not)).collect())
}

/// `Some(())` when `[lo, hi]` by `step` lists at most [`MAX_VALUES`] values.
fn not_too_many(
    cx: &mut Cx<'_>,
    key: &str,
    at: usize,
    (lo, hi): (f64, f64),
    step: f64,
) -> Option<()> {
    if count(lo, hi, step) > MAX_VALUES as f64 {
        cx.error(at, format!("`{key}` has more than {MAX_VALUES} values"));
        return None;
    }
    Some(())
}

fn draw_field<'t, 'i>(v: &'t Val<'i>, key: &str) -> Option<&'t Val<'i>> {
    match v.get_ref() {
        DeValue::Table(t) => t.get(key),
        _ => None,
    }
}

/// `[lo, hi]` with lo ≤ hi.
fn f_get_pair(cx: &mut Cx<'_>, key: &str, field: &str, v: &Val<'_>) -> Option<(f64, f64)> {
    let list = draw_field(v, field)?;
    let at = list.span().start;
    let nums = constants(cx, &format!("{key}.{field}"), list)?;
    match nums.as_slice() {
        [lo, hi] if lo <= hi => Some((*lo, *hi)),
        _ => {
            cx.error(
                at,
                format!("`{key}.{field}` must be [low, high] with low ≤ high"),
            );
            None
        }
    }
}

/// A list of numbers or constant formulas (`"1/2"`, `"pi/4"`).
fn constants(cx: &mut Cx<'_>, key: &str, v: &Val<'_>) -> Option<Vec<f64>> {
    let DeValue::Array(items) = v.get_ref() else {
        cx.error(
            v.span().start,
            format!("`{key}` must be a list, found {}", type_name(v.get_ref())),
        );
        return None;
    };
    let scope = Scope::default();
    let mut out = Vec::new();
    let mut ok = true;
    for item in items.iter() {
        match constant_in(cx, key, item, &scope) {
            Some(x) => out.push(x),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// A list of numbers or formulas over the parameters in `scope` (`start = ["x0", 0]`), each
/// evaluated; each must be finite.
pub(super) fn constant_list(
    cx: &mut Cx<'_>,
    key: &str,
    v: &Val<'_>,
    scope: &Scope,
) -> Option<Vec<f64>> {
    let items = list_of(cx, key, v, "numbers")?;
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items {
        match constant_in(cx, key, item, scope) {
            Some(x) => out.push(x),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// An interval `[lo, hi]` whose ends are numbers or formulas over the parameters in `scope`
/// (`domain = ["a + 0.5", "a + 3"]`), with lo < hi.
pub(super) fn interval_in(
    cx: &mut Cx<'_>,
    key: &str,
    v: &Val<'_>,
    scope: &Scope,
) -> Option<(f64, f64)> {
    interval_with(cx, key, v, |cx, key, v| constant_list(cx, key, v, scope))
}

/// A number, or a constant formula in `scope`, evaluated; it must be finite.
fn constant_in(cx: &mut Cx<'_>, key: &str, v: &Val<'_>, scope: &Scope) -> Option<f64> {
    match v.get_ref() {
        DeValue::String(s) => {
            let src = Src {
                text: s.to_string(),
                span: v.span(),
            };
            match Expr::parse(&src.text, scope) {
                Ok(e) => {
                    let x = e.eval(&[]);
                    if x.is_finite() {
                        Some(x)
                    } else {
                        cx.error(
                            v.span().start,
                            format!("`{key}`: {s} is not a finite number"),
                        );
                        None
                    }
                }
                Err(e) => {
                    let at = src.offset(cx, e.span.start);
                    cx.error(at, format!("in `{key}`: {}", e.message));
                    None
                }
            }
        }
        other => match number(other) {
            Some(x) if x.is_finite() => Some(x),
            _ => {
                cx.error(
                    v.span().start,
                    format!(
                        "`{key}` must hold numbers or formulas, found {}",
                        type_name(other)
                    ),
                );
                None
            }
        },
    }
}

/// A number, or a formula over the parameters (`at = { x = "a/2" }`), evaluated.
pub(super) fn constant_of(cx: &mut Cx<'_>, key: &str, v: &Val<'_>, env: &Env) -> Option<f64> {
    match v.get_ref() {
        DeValue::String(_) => constant_in(cx, key, v, &env.names().constants()),
        other => match number(other) {
            Some(x) if !x.is_nan() => Some(x),
            _ => {
                cx.error(
                    v.span().start,
                    format!(
                        "`{key}` must be a number or a formula over the parameters, found {}",
                        type_name(other)
                    ),
                );
                None
            }
        },
    }
}

/// What reading the params gave: each one's value (variant 1's for a randomised item, or
/// the values given for a variant being read again), and the draws when there are any.
pub(super) struct Resolved {
    pub params: Vec<Named<f64>>,
    pub draws: Option<(Draws, u32)>,
}

/// Every parameter's value in one variant, in file order.
type Values = Vec<(String, f64)>;

/// How many other variants are read when a randomised item's first variant does not, to tell
/// that variant's own errors from the item's ([`name_the_variant`]).
const OTHER_VARIANTS: usize = 5;

/// Turns the raw params into values. `redraw` gives the values of the variant being read
/// again (the draws are not rebuilt then). On a first reading of a randomised item, the
/// variant chosen is kept in `cx.drawn` for [`name_the_variant`].
pub(super) fn resolve(
    cx: &mut Cx<'_>,
    raw: Vec<Named<RawParam>>,
    where_val: Option<&Val<'_>>,
    params_at: usize,
    id: Option<&str>,
    log: LogBase,
    redraw: Option<&[(String, f64)]>,
) -> Resolved {
    let names: Vec<String> = raw.iter().map(|p| p.name.clone()).collect();
    let drawn = raw.iter().any(|p| matches!(p.value, RawParam::Draw(_)));
    let (specs, mut ok) = param_specs(cx, &raw, &names, log);
    let conditions = match where_val {
        None => Vec::new(),
        Some(w) => read_conditions(cx, w, drawn, &names, log).unwrap_or_else(|| {
            ok = false;
            Vec::new()
        }),
    };
    if let Some(given) = redraw {
        let params = named(&raw, |_, name| {
            given
                .iter()
                .find(|(n, _)| n == name)
                .map_or(f64::NAN, |(_, x)| *x)
        });
        return Resolved {
            params,
            draws: None,
        };
    }
    let unresolved = || Resolved {
        params: named(&raw, |_, _| f64::NAN),
        draws: None,
    };
    if !ok {
        return unresolved();
    }
    let at = where_val.map_or(params_at, |w| w.span().start);
    let Some((draws, number, values)) = draw_first(cx, specs, conditions, id, drawn, at) else {
        return unresolved();
    };
    if drawn {
        cx.drawn = Some(DrawnAs {
            id: id.unwrap_or_default().to_string(),
            number,
            others: (number + 1..number + 40)
                .filter_map(|n| draws.values(n))
                .take(OTHER_VARIANTS)
                .collect(),
            values: values.clone(),
        });
    }
    let params = named(&raw, |i, _| values.get(i).map_or(f64::NAN, |(_, x)| *x));
    Resolved {
        params,
        draws: drawn.then_some((draws, number)),
    }
}

/// Each parameter with the value `value(index, name)` gives it.
fn named(raw: &[Named<RawParam>], value: impl Fn(usize, &str) -> f64) -> Vec<Named<f64>> {
    raw.iter()
        .enumerate()
        .map(|(i, p)| Named {
            name: p.name.clone(),
            at: p.at,
            value: value(i, &p.name),
        })
        .collect()
}

/// Each parameter's [`Spec`], derived ones parsed over the parameters before them; `false`
/// when one does not read (reported) or has no value (a broken draw, already reported).
fn param_specs(
    cx: &mut Cx<'_>,
    raw: &[Named<RawParam>],
    names: &[String],
    log: LogBase,
) -> (Vec<(String, Spec)>, bool) {
    let mut specs: Vec<(String, Spec)> = Vec::new();
    let mut ok = true;
    for (i, p) in raw.iter().enumerate() {
        let spec = match &p.value {
            RawParam::Fixed(x) => Spec::Fixed(*x),
            RawParam::Draw(v) => Spec::Draw(v.clone()),
            RawParam::Derived(src) => {
                let scope = Scope::new(&names[..i]).with_log(log);
                match Expr::parse(&src.text, &scope) {
                    Ok(e) => Spec::Derived(Box::new(e)),
                    Err(e) => {
                        let at = src.offset(cx, e.span.start);
                        cx.error(
                            at,
                            format!(
                                "in `params.{}`: {} (a derived parameter uses only the parameters before it)",
                                p.name, e.message
                            ),
                        );
                        ok = false;
                        Spec::Fixed(f64::NAN)
                    }
                }
            }
        };
        specs.push((p.name.clone(), spec));
    }
    // A parameter already reported as wrong has no value: no variant can be drawn, and
    // saying so again would be a second message for one mistake.
    ok &= specs
        .iter()
        .all(|(_, s)| !matches!(s, Spec::Fixed(x) if !x.is_finite()));
    (specs, ok)
}

/// `where`, which needs drawn parameters.
fn read_conditions(
    cx: &mut Cx<'_>,
    w: &Val<'_>,
    drawn: bool,
    names: &[String],
    log: LogBase,
) -> Option<Vec<Condition>> {
    if !drawn {
        cx.error(
            w.span().start,
            "`where` needs drawn parameters (a draw such as `{ int = [2, 9] }` in `params`)",
        );
    }
    let read = read_where(cx, w, names, log);
    read.filter(|_| drawn)
}

/// The draws and the first variant (among the first 20) whose values satisfy `where`, with
/// those values; errors (reported at `at`) when `where` (almost) never holds.
fn draw_first(
    cx: &mut Cx<'_>,
    specs: Vec<(String, Spec)>,
    conditions: Vec<Condition>,
    id: Option<&str>,
    drawn: bool,
    at: usize,
) -> Option<(Draws, u32, Values)> {
    let draws = match Draws::new(specs, conditions, id.unwrap_or_default()) {
        Ok(d) => d,
        Err(e) => {
            cx.error(at, e.to_string());
            return None;
        }
    };
    if drawn && draws.acceptance() < MIN_ACCEPTANCE {
        let how = match draws.valid_combinations() {
            Some(v) => format!("{v} of {} combinations", draws.combinations()),
            None => "of the draws tried".to_string(),
        };
        cx.error(
            at,
            format!(
                "`where` almost never holds: it accepts {:.2}% of the drawn values ({how}); widen the draws or loosen the conditions",
                100.0 * draws.acceptance()
            ),
        );
    }
    let first = (1..=20).find_map(|n| draws.values(n).map(|v| (n, v)));
    let Some((number, values)) = first else {
        cx.error(at, "no variant among the first 20 satisfies `where`");
        return None;
    };
    Some((draws, number, values))
}

/// After a randomised item's first variant did not read (its errors are `cx.diags[before..]`):
/// each error that some other variant reads without is that variant's own, and says so —
/// `variant 1 of `id` (a = 3, n = 2): …` — so that the author knows a draw caused it.
/// `reread` reads the item again with other values into the `Cx` it is given.
pub(super) fn name_the_variant(
    cx: &mut Cx<'_>,
    before: usize,
    mut reread: impl FnMut(&mut Cx<'_>, &[(String, f64)]),
) {
    let Some(drawn) = cx.drawn.take() else {
        return;
    };
    let mut own = vec![false; cx.diags.len().saturating_sub(before)];
    for values in &drawn.others {
        let mut other = Cx::new(cx.source, cx.text);
        reread(&mut other, values);
        for (k, d) in cx.diags.iter().skip(before).enumerate() {
            let shared = other
                .diags
                .iter()
                .any(|o| o.pos == d.pos && o.message == d.message);
            own[k] |= d.severity == Severity::Error && !shared;
        }
    }
    let params: Vec<String> = drawn
        .values
        .iter()
        .map(|(n, x)| format!("{n} = {}", format_value(*x)))
        .collect();
    let label = format!(
        "variant {} of `{}` ({})",
        drawn.number,
        drawn.id,
        params.join(", ")
    );
    for (d, own) in cx.diags.iter_mut().skip(before).zip(own) {
        if own {
            d.message = format!("{label}: {}", d.message);
        }
    }
}

/// `where = ["a != n", "a*c > -20"]`: each `formula OP formula` over the parameters.
fn read_where(
    cx: &mut Cx<'_>,
    v: &Val<'_>,
    names: &[String],
    log: LogBase,
) -> Option<Vec<Condition>> {
    let DeValue::Array(items) = v.get_ref() else {
        cx.error(
            v.span().start,
            format!(
                "`where` must be a list of conditions like [\"a != n\"], found {}",
                type_name(v.get_ref())
            ),
        );
        return None;
    };
    let scope = Scope::new(names).with_log(log);
    let mut out = Vec::new();
    let mut ok = true;
    for item in items.iter() {
        let DeValue::String(s) = item.get_ref() else {
            cx.error(
                item.span().start,
                format!(
                    "each condition of `where` is a string like \"a != n\", found {}",
                    type_name(item.get_ref())
                ),
            );
            ok = false;
            continue;
        };
        let src = Src {
            text: s.to_string(),
            span: item.span(),
        };
        let Some((left, op, right, op_at)) = split_condition(&src.text) else {
            cx.error(
                item.span().start,
                format!("`{s}` is not a condition: write `formula OP formula` with OP one of <, <=, >, >=, ==, !="),
            );
            ok = false;
            continue;
        };
        let right_at = op_at + op_len(&src.text, op_at);
        let mut side = |text: &str, at: usize| match Expr::parse(text, &scope) {
            Ok(e) => Some(e),
            Err(e) => {
                let byte = src.offset(cx, at + e.span.start);
                cx.error(byte, format!("in `where`: {}", e.message));
                None
            }
        };
        let l = side(left, 0);
        let r = side(right, right_at);
        match (l, r) {
            (Some(left), Some(right)) => out.push(Condition {
                text: src.text.clone(),
                left,
                op,
                right,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// How many characters the operator at character `at` has.
fn op_len(text: &str, at: usize) -> usize {
    let rest: String = text.chars().skip(at).take(2).collect();
    if matches!(rest.as_str(), "<=" | ">=" | "==" | "!=") {
        2
    } else {
        1
    }
}

/// What an item's templates may name besides its parameters: its variables, which
/// `{= formula}` may use, and its function(s), which `{function}` writes.
pub(super) struct Subject<'a> {
    vars: &'a [String],
    functions: Vec<&'a String>,
    /// What the item is (`a value exercise`), said when `{function}` has nothing to write.
    what: String,
}

impl<'a> Subject<'a> {
    /// An exercise of this kind.
    pub(super) fn of_kind(kind: &'a Kind) -> Self {
        let functions: Vec<&String> = match kind {
            Kind::Derivative { function, .. }
            | Kind::Gradient { function, .. }
            | Kind::Directional { function, .. }
            | Kind::Extremum { function, .. }
            | Kind::Limit { function, .. }
            | Kind::Graph { function, .. } => vec![function],
            Kind::Jacobian { functions, .. } => functions.iter().collect(),
            Kind::Value { .. } | Kind::Table { .. } => Vec::new(),
        };
        Subject {
            vars: kind.vars(),
            functions,
            what: format!("a {} exercise", kind.name()),
        }
    }

    /// A descent example over `vars`; `function` is `None` when it does not read (reported).
    pub(super) fn of_descent(vars: &'a [String], function: Option<&'a String>) -> Self {
        Subject {
            vars,
            functions: function.into_iter().collect(),
            what: "this descent example".to_string(),
        }
    }
}

/// Renders a text's templates with the parameters' values; a text without braces is kept as
/// it is. Unknown names and unreadable formulas are reported at their line and column.
pub(super) fn render(
    cx: &mut Cx<'_>,
    src: &Src,
    label: &str,
    env: &Env,
    subject: &Subject<'_>,
) -> Option<String> {
    // Parameters without values (their error already reported: a `where` naming an unknown
    // name, a broken draw) would be substituted as NaN; the item does not load anyway, so its
    // texts are kept as written.
    if !has_braces(&src.text) || env.params.iter().any(|(_, x)| x.is_nan()) {
        return Some(src.text.clone());
    }
    let pieces = match template::parse(&src.text) {
        Ok(p) => p,
        Err(e) => {
            cx.error(src.offset(cx, e.at), format!("in {label}: {}", e.message));
            return None;
        }
    };
    let r = Renderer {
        src,
        label,
        env,
        subject,
        scope: env.scope(subject.vars),
    };
    let mut out = String::new();
    let mut ok = true;
    for piece in pieces {
        match r.piece(cx, piece) {
            Some(t) => out.push_str(&t),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// One text being rendered: each piece of it, errors reported in it.
struct Renderer<'r> {
    src: &'r Src,
    label: &'r str,
    env: &'r Env,
    subject: &'r Subject<'r>,
    /// The item's variables, parameters and data, as its formulas see them.
    scope: Scope,
}

impl Renderer<'_> {
    /// What one piece writes; `None` when it does not render (reported).
    fn piece(&self, cx: &mut Cx<'_>, piece: Piece) -> Option<String> {
        match piece {
            Piece::Text(t) => Some(t),
            Piece::Param { name, at } => self.param(cx, &name, at),
            Piece::Formula { src, at } => match Expr::parse(&src, &self.scope) {
                Ok(e) => Some(tidied(&e)),
                Err(e) => {
                    self.error(cx, at + e.span.start, e.message.to_string());
                    None
                }
            },
            Piece::Approx { src, at } => self.approx(cx, &src, at),
            Piece::Function { at } | Piece::Functions { at } => self.function(cx, at),
        }
    }

    fn error(&self, cx: &mut Cx<'_>, at: usize, message: String) {
        let byte = self.src.offset(cx, at);
        cx.error(byte, format!("in {}: {message}", self.label));
    }

    /// `{a}`: the parameter's value.
    fn param(&self, cx: &mut Cx<'_>, name: &str, at: usize) -> Option<String> {
        let params = &self.env.params;
        if let Some((_, x)) = params.iter().find(|(n, _)| n == name) {
            return Some(format_value(*x));
        }
        let known: Vec<String> = params.iter().map(|(n, _)| format!("`{n}`")).collect();
        let known = if known.is_empty() {
            "this exercise has no parameters".to_string()
        } else {
            format!("the parameters are {}", known.join(", "))
        };
        self.error(cx, at, format!("`{{{name}}}` names no parameter ({known})"));
        None
    }

    /// `{~ formula}`: its value, to 4 significant figures.
    fn approx(&self, cx: &mut Cx<'_>, f: &str, at: usize) -> Option<String> {
        let columns: Vec<Vec<f64>> = self.env.data.iter().map(|(_, c)| c.clone()).collect();
        match Expr::parse(f, &self.env.scope(&[] as &[&str])) {
            Ok(e) => match e.eval_data(&[], &columns) {
                x if x.is_finite() => Some(crate::text::num_sig(x, 4)),
                _ => {
                    self.error(cx, at, format!("`{f}` has no finite value"));
                    None
                }
            },
            Err(e) => {
                self.error(
                    cx,
                    at + e.span.start,
                    format!("{} (`{{~ formula}}` is a number)", e.message),
                );
                None
            }
        }
    }

    /// `{function}` (or `{functions}`): the item's function(s), tidied.
    fn function(&self, cx: &mut Cx<'_>, at: usize) -> Option<String> {
        if self.subject.functions.is_empty() {
            let what = &self.subject.what;
            self.error(cx, at, format!("{what} has no function to write"));
            return None;
        }
        // The loader's parse of each function (read before the texts, in the same scope).
        let written: Vec<String> = (self.subject.functions.iter())
            .filter_map(|f| cx.parse_formula(f, &self.scope).ok())
            .map(|e| tidied(&e))
            .collect();
        Some(if written.len() == 1 {
            written[0].clone()
        } else {
            format!("({})", written.join(", "))
        })
    }
}

/// A formula tidied and typeset; a number as `{a}` writes it, without arithmetic's noise.
fn tidied(e: &Expr) -> String {
    let t = tidy(e);
    match t.number {
        Some(x) => format_computed(x),
        None => t.pretty,
    }
}

/// Renders the text of the field `key` (its place in the file from `f`); `None` when it does
/// not render (reported).
fn render_field(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    key: &str,
    text: String,
    env: &Env,
    subject: &Subject<'_>,
) -> Option<String> {
    match f.get(key) {
        Some(v) if has_braces(&text) => {
            let src = Src {
                text,
                span: v.span(),
            };
            render(cx, &src, &format!("`{key}`"), env, subject)
        }
        _ => Some(text),
    }
}

/// Renders the templates of `prompt`, `title` and `solution` (in that order) and of `hints`;
/// `None` when one of them does not read (the errors are reported).
pub(super) fn render_texts(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    env: &Env,
    kind: &Kind,
    texts: [Option<String>; 3],
    hints: Vec<String>,
) -> Option<([Option<String>; 3], Vec<String>)> {
    let subject = Subject::of_kind(kind);
    let mut ok = true;
    let mut out: [Option<String>; 3] = [None, None, None];
    for (k, (key, text)) in ["prompt", "title", "solution"]
        .into_iter()
        .zip(texts)
        .enumerate()
    {
        out[k] = text.and_then(|t| {
            let r = render_field(cx, f, key, t, env, &subject);
            ok &= r.is_some();
            r
        });
    }
    let spans: Vec<std::ops::Range<usize>> = match f.get("hints").map(|v| v.get_ref()) {
        Some(DeValue::Array(items)) => items.iter().map(|i| i.span()).collect(),
        _ => Vec::new(),
    };
    let mut rendered = Vec::with_capacity(hints.len());
    for (i, h) in hints.into_iter().enumerate() {
        match spans.get(i) {
            Some(span) if has_braces(&h) => {
                let src = Src {
                    text: h,
                    span: span.clone(),
                };
                match render(cx, &src, &format!("`hints[{i}]`"), env, &subject) {
                    Some(r) => rendered.push(r),
                    None => ok = false,
                }
            }
            _ => rendered.push(h),
        }
    }
    ok.then_some((out, rendered))
}

/// Renders a descent example's `title` and `notes`; `None` when one of them does not read
/// (the errors are reported).
pub(super) fn render_descent_texts(
    cx: &mut Cx<'_>,
    f: &mut Fields<'_, '_>,
    env: &Env,
    subject: &Subject<'_>,
    title: Option<String>,
    notes: Option<String>,
) -> Option<(Option<String>, Option<String>)> {
    let title = title.map(|t| render_field(cx, f, "title", t, env, subject));
    let notes = notes.map(|n| render_field(cx, f, "notes", n, env, subject));
    match (title, notes) {
        (Some(None), _) | (_, Some(None)) => None,
        (t, n) => Some((t.flatten(), n.flatten())),
    }
}
