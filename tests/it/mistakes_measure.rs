//! The measurement of the library of mistakes (issue 16): a set of wrong answers as students type
//! them (tests/fixtures/mistakes/wrong-answers.toml), checked by the real checker. It reports the
//! share named correctly and the share misnamed (docs/checking.md records both) and holds the
//! targets: at least 90% named, none misnamed, and no wrong answer ever accepted.
//!
//! Run `cargo test --test it mistakes_measure -- --nocapture` to see the figures and every
//! answer left unnamed.

use crate::check_support::exercise;
use gradtutor::check::{Checker, Status};
use gradtutor::exercise::Answer;
use serde::Deserialize;

#[derive(Deserialize)]
struct Set {
    wrong: Vec<Wrong>,
}

#[derive(Deserialize)]
struct Wrong {
    function: String,
    #[serde(default)]
    by: Vec<String>,
    domain: Option<[f64; 2]>,
    answer: String,
    expect: String,
}

/// The tags the library of mistakes gives (and `wrong_order`, which (f′)² shares).
const LIBRARY: [&str; 11] = [
    "product_rule",
    "quotient_rule",
    "chain_rule",
    "power_rule",
    "elementary",
    "term_sign",
    "missing_term",
    "extra_term",
    "constant_not_dropped",
    "held_constant",
    "wrong_order",
];

/// What the measurement found.
pub struct Figures {
    pub total: usize,
    /// Answers a rule explains, and how many of them were named with that rule.
    pub explained: usize,
    pub named: usize,
    /// Answers named with another family than the expected one (or named when no rule
    /// explains them).
    pub misnamed: Vec<String>,
    pub unnamed: Vec<String>,
    pub accepted: Vec<String>,
}

pub fn measure() -> Figures {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/mistakes/wrong-answers.toml"
    );
    let text = std::fs::read_to_string(path).expect("the measurement set is readable");
    let set: Set = toml::from_str(&text).expect("the measurement set parses");
    let mut f = Figures {
        total: set.wrong.len(),
        explained: 0,
        named: 0,
        misnamed: Vec::new(),
        unnamed: Vec::new(),
        accepted: Vec::new(),
    };
    for (k, w) in set.wrong.iter().enumerate() {
        let var = match w.by.as_slice() {
            [] => "\"x\"".to_string(),
            [one] => format!("{one:?}"),
            many => format!(
                "[{}]",
                many.iter()
                    .map(|v| format!("{v:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let domain = w
            .domain
            .map(|[a, b]| format!("\ndomain = [{a:?}, {b:?}]"))
            .unwrap_or_default();
        let ex = exercise(&format!(
            "id = \"m{k}\"\nkind = \"derivative\"\nfunction = {:?}\nvar = {var}{domain}",
            w.function
        ));
        let checker = Checker::new(&ex).unwrap_or_else(|e| panic!("{}: {e}", w.function));
        let v = checker.check(&Answer::Scalar(w.answer.clone()));
        let what = format!(
            "d/d{} {} — {} (expected {}): {:?} {}",
            w.by.join(""),
            w.function,
            w.answer,
            w.expect,
            v.diagnosis.map(|d| d.tag()),
            v.message
        );
        if v.status == Status::Correct {
            f.accepted.push(what);
            continue;
        }
        let tag = v.diagnosis.map(|d| d.tag()).unwrap_or("none");
        if w.expect != "none" {
            f.explained += 1;
        }
        // `a|b`: two wrong rules give the same derivative; either names it truly
        if w.expect.split('|').any(|e| e == tag) {
            if w.expect != "none" {
                f.named += 1;
            }
        } else if LIBRARY.contains(&tag) {
            f.misnamed.push(what);
        } else if w.expect != "none" {
            f.unnamed.push(what);
        }
    }
    f
}

#[test]
fn the_measurement_set_is_named_at_90_percent_and_never_misnamed() {
    let f = measure();
    assert!(f.total >= 300, "the set has {} answers", f.total);
    let share = f.named as f64 / f.explained as f64;
    println!(
        "{} wrong answers, {} that a rule explains: {} named correctly ({:.1}%), {} misnamed ({:.1}%)",
        f.total,
        f.explained,
        f.named,
        100.0 * share,
        f.misnamed.len(),
        100.0 * f.misnamed.len() as f64 / f.total as f64
    );
    for u in &f.unnamed {
        println!("unnamed: {u}");
    }
    for m in &f.misnamed {
        println!("misnamed: {m}");
    }
    assert!(
        f.accepted.is_empty(),
        "wrong answers accepted:\n{}",
        f.accepted.join("\n")
    );
    assert!(
        f.misnamed.is_empty(),
        "misnamed:\n{}",
        f.misnamed.join("\n")
    );
    assert!(share >= 0.9, "only {:.1}% named", 100.0 * share);
}
