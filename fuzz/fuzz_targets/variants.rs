//! Randomised exercises on arbitrary input: draw tables, `where` conditions and text templates.
//!
//! The input is split at `\u{1}` into a `params` table body, a `where` list body, a prompt, a
//! hint and a function, and made into one `[[exercise]]` (the params and where bodies raw, so
//! that any TOML the fuzzer finds is read; the texts as TOML strings, so that every template is
//! reached). Nothing may panic, and for every variant that reads:
//! - reading the same variant twice gives the same values, prompt and hints (determinism);
//! - every `where` condition holds for its values;
//! - the first valid variant from it, when there is one, passes validation.
#![no_main]

use gradtutor::exercise::load_str;
use gradtutor::validate::{first_valid_variant, variant_errors};
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
        "title = \"f\"\n\n[[exercise]]\nid = \"e\"\nkind = \"derivative\"\nvar = \"x\"\nparams = {{ {} }}\nwhere = [{}]\nprompt = {}\nhints = [{}]\nfunction = {}\nanswer = \"a*x\"\n",
        part(0, "a = { int = [1, 3] }"),
        part(1, ""),
        quoted(&part(2, "{function}")),
        quoted(&part(3, "{a}")),
        quoted(&part(4, "a*x^2/2")),
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
