//! Randomised exercises and descent examples on arbitrary input: draw tables, `where`
//! conditions and text templates.
//!
//! The input is split at `\u{1}` into a `params` table body, a `where` list body, a prompt, a
//! hint and a function, and made into one `[[exercise]]` and one `[[descent]]` with the same
//! params, `where` and function (the descent's title is the prompt, its notes the hint; its
//! start and learning rate fixed) — the params and where bodies raw, so that any TOML the fuzzer
//! finds is read; the texts as TOML strings, so that every template is reached. Nothing may
//! panic, and for every variant of either that reads:
//! - reading the same variant twice gives the same values and texts (determinism);
//! - every `where` condition holds for its values;
//! - the first valid variant from it, when there is one, passes validation (for a descent
//!   example: its walk starts and does not diverge).
#![no_main]

use gradtutor::exercise::{load_str, Descent, Variant};
use gradtutor::validate::{
    descent_variant_errors, first_valid_descent_variant, first_valid_variant, variant_errors,
};
use libfuzzer_sys::fuzz_target;

/// A TOML basic string holding `s`.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn file(parts: &[&str]) -> String {
    let part = |i: usize, default: &str| parts.get(i).copied().unwrap_or(default).to_string();
    format!(
        "title = \"f\"\n\n[[exercise]]\nid = \"e\"\nkind = \"derivative\"\nvar = \"x\"\nparams = {{ {p} }}\nwhere = [{w}]\nprompt = {t}\nhints = [{h}]\nfunction = {f}\nanswer = \"a*x\"\n\n[[descent]]\nid = \"d\"\nvars = [\"x\"]\nparams = {{ {p} }}\nwhere = [{w}]\ntitle = {t}\nnotes = {h}\nfunction = {f}\nstart = [1]\nlearning_rate = 0.1\nsteps = 20\n",
        p = part(0, "a = { int = [1, 3] }"),
        w = part(1, ""),
        t = quoted(&part(2, "{function}")),
        h = quoted(&part(3, "{a}")),
        f = quoted(&part(4, "a*x^2/2")),
    )
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.len() > 600 {
        return;
    }
    let parts: Vec<&str> = text.split('\u{1}').collect();
    let toml = file(&parts);
    let (set, _) = load_str("fuzz.toml", &toml);
    let Some(set) = set else {
        return;
    };
    if let Some(d) = set.descents.first() {
        descent_variants(d, data[0]);
    }
    let Some(ex) = set.exercises.first() else {
        return;
    };
    let Some(v) = &ex.variant else {
        return;
    };
    let conditions = v.spec.draws.conditions();
    for n in [1u32, 2, 3, 1_000_000, 1 + u32::from(data[0]) * 3_001] {
        let (Ok(a), Ok(b)) = (ex.variant(n), ex.variant(n)) else {
            continue;
        };
        assert_eq!(a.params, b.params, "variant {n} drawn twice");
        assert_eq!((&a.prompt, &a.hints), (&b.prompt, &b.hints));
        let values: Vec<f64> = a.params.iter().map(|(_, x)| *x).collect();
        for c in conditions {
            assert!(c.holds(&values), "variant {n}: `{}` fails for {values:?}", c.text);
        }
    }
    if let Ok(found) = first_valid_variant(ex, 1 + u32::from(data[0])) {
        assert!(variant_errors(&found.exercise).is_empty());
    }
});

/// Whether every `where` condition of `v`'s draws holds for `params`.
fn holds(v: &Variant, params: &[(String, f64)]) -> bool {
    let values: Vec<f64> = params.iter().map(|(_, x)| *x).collect();
    v.spec.draws.conditions().iter().all(|c| c.holds(&values))
}

/// The descent example's variants: deterministic, `where` holds, the first valid one valid.
fn descent_variants(d: &Descent, byte: u8) {
    let Some(v) = &d.variant else {
        return;
    };
    for n in [1u32, 2, 3, 1_000_000, 1 + u32::from(byte) * 3_001] {
        let (Ok(a), Ok(b)) = (d.variant(n), d.variant(n)) else {
            continue;
        };
        assert_eq!(a.params, b.params, "descent variant {n} drawn twice");
        assert_eq!((&a.title, &a.notes), (&b.title, &b.notes));
        assert!(holds(v, &a.params), "descent variant {n}: {:?}", a.params);
    }
    if let Ok(found) = first_valid_descent_variant(d, 1 + u32::from(byte)) {
        assert!(descent_variant_errors(&found.descent).is_empty());
    }
}
