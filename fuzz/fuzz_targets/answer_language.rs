//! The whole answer-language pipeline on arbitrary bytes: normalise, parse, evaluate (with and
//! without data), preview, strict, and read both back. Nothing may panic, and the preview and
//! the strict form must read back to the same values.
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

fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b
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
    // wrong arity never panics
    let _ = expr.eval(&[1.0; 9]);
    let _ = expr.eval_data(&[], &[]);
});
