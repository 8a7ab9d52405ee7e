//! The whole answer-language pipeline on arbitrary bytes: normalise, parse, evaluate (with and
//! without data), preview, strict, and read both back. Nothing may panic, and the preview and
//! the strict form must read back to the same values.
//!
//! Our evaluator is compared with meval's interpreter on every expression that parses: with
//! every power by `powf` (`with_powf`) the two agree bit for bit, NaN and infinity included,
//! with data and without, at ordinary and special points; and in that mode a batch gives each
//! point exactly what `eval` gives. (Integer powers by multiplication differ from `powf` in the
//! last bits, and the default mode's batches use vectorised `sin`, `cos`, `exp`, `ln`, `σ` and
//! `e^x` that differ from glibc's in the last bit; an ill-conditioned expression can amplify
//! either, so tests/it/evaluator.rs bounds them with fixed seeds. Here the default batch only
//! has to run.)
#![no_main]

// The answer language is self-contained: compiling its module directly keeps fuzz builds
// small and independent of the rest of the crate (the terminal UI, the CLI).
#[path = "../../src/math/mod.rs"]
#[allow(dead_code, unused_imports)]
mod math;

use libfuzzer_sys::fuzz_target;
use math::{prettify, Expr, LogBase, Scope};

fn scopes() -> [Scope; 4] {
    [
        Scope::new(&["x", "y"]),
        Scope::new(&["x", "y", "a", "b", "x1", "x_2", "alpha", "e"])
            .with_params(&[("w".to_string(), 0.5), ("c".to_string(), -2.0)])
            .with_log(LogBase::Log10),
        Scope::new(&["m", "c"]).with_columns(&["x", "y"]),
        Scope::new::<&str>(&[])
            .with_params(&[("σ".to_string(), f64::NAN), ("pi".to_string(), 3.0)]),
    ]
}

const POINTS: [f64; 5] = [0.0, 0.7, -1.3, 2.5, 1e-3];

/// Special values for the comparison with meval.
const SPECIAL: [f64; 6] = [
    -0.0,
    1e300,
    -1e-300,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
];

fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b
}

fn identical(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

/// Our evaluator against meval's own, and the batch against single points.
fn compare_with_meval(text: &str, expr: &Expr, n: usize, columns: &[Vec<f64>]) {
    let exact = expr.with_powf();
    let all: Vec<f64> = POINTS.iter().chain(&SPECIAL).copied().collect();
    let points: Vec<Vec<f64>> = (0..all.len())
        .map(|k| (0..n).map(|i| all[(k + 3 * i) % all.len()]).collect())
        .collect();
    for p in &points {
        let (ours, meval) = (exact.eval(p), expr.eval_reference(p));
        assert!(
            identical(ours, meval),
            "{text:?} at {p:?}: ours {ours:e}, meval {meval:e}"
        );
        let (ours, meval) = (
            exact.eval_data(p, columns),
            expr.eval_data_reference(p, columns),
        );
        assert!(
            identical(ours, meval),
            "{text:?} at {p:?} with data: ours {ours:e}, meval {meval:e}"
        );
    }
    let vars: Vec<Vec<f64>> = (0..n)
        .map(|i| points.iter().map(|p| p[i]).collect())
        .collect();
    let vars: Vec<&[f64]> = vars.iter().map(Vec::as_slice).collect();
    let mut out = vec![0.0; points.len()];
    expr.eval_batch(&vars, &mut out);
    expr.eval_data_batch(&vars, columns, &mut out);
    exact.eval_batch(&vars, &mut out);
    let mut with_data = vec![0.0; points.len()];
    exact.eval_data_batch(&vars, columns, &mut with_data);
    for (k, p) in points.iter().enumerate() {
        let one = exact.eval(p);
        assert!(
            identical(out[k], one),
            "{text:?} at {p:?}: batch {:e}, eval {one:e}",
            out[k]
        );
        let one = exact.eval_data(p, columns);
        assert!(
            identical(with_data[k], one),
            "{text:?} at {p:?}: data batch {:e}, eval_data {one:e}",
            with_data[k]
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let _ = prettify(&text);
    let scopes = scopes();
    let scope = &scopes[usize::from(pick) % scopes.len()];
    let _ = math::eval_constant(&text, scope);
    let expr = match Expr::parse(&text, scope) {
        Ok(e) => e,
        Err(e) => {
            // the caret must land inside the text (or just after it)
            let n = text.chars().count();
            assert!(
                e.span.start <= e.span.end && e.span.end <= n.max(1) + 1,
                "{text:?}: {e:?}"
            );
            assert!(!e.message.is_empty());
            let _ = e.caret(&text);
            return;
        }
    };
    let n = scope.vars.len();
    let columns = vec![vec![1.0, -2.0, 0.5]; scope.columns.len()];
    let preview = expr.preview();
    let strict = expr.strict();
    let from_preview = match Expr::parse(&preview, scope) {
        Ok(e) => e,
        Err(e) => panic!("preview {preview:?} of {text:?} does not parse: {e}"),
    };
    let from_strict = match Expr::parse(&strict, scope) {
        Ok(e) => e,
        Err(e) => panic!("strict {strict:?} of {text:?} does not parse: {e}"),
    };
    assert!(strict
        .chars()
        .all(|c| c.is_ascii() || c.is_alphabetic() || c == '₁' || c == '₂'));
    for (k, _) in POINTS.iter().enumerate() {
        let vars: Vec<f64> = (0..n).map(|i| POINTS[(k + i) % POINTS.len()]).collect();
        let v = expr.eval_data(&vars, &columns);
        let w = expr.eval(&vars);
        assert!(
            expr.has_aggregates() || same(v, w),
            "{text:?}: eval {w} vs eval_data {v}"
        );
        let p = from_preview.eval_data(&vars, &columns);
        assert!(
            same(v, p),
            "{text:?} = {v} but its preview {preview:?} = {p}"
        );
        let s = from_strict.eval_data(&vars, &columns);
        assert!(
            same(v, s),
            "{text:?} = {v} but its strict form {strict:?} = {s}"
        );
    }
    compare_with_meval(&text, &expr, n, &columns);
    // wrong arity never panics
    let _ = expr.eval(&[1.0; 9]);
    let _ = expr.eval_data(&[], &[]);
});
