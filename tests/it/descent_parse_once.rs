//! A descent example's formulas are parsed once (issue 9): the loader's parses of `function`
//! and `gradient`, kept with the example, are what the walk evaluates — for every variant of
//! a randomised example, its own parses — and the computational graph screen is built from
//! the stepper's function, so nothing parses them again.

use gradtutor::descent::Stepper;
use gradtutor::exercise::{load_str, Descent};

const WALK: &str = r#"title = "Walks"

[[descent]]
id = "bowl"
title = "A bowl"
function = "x^2 + 3*y^2 + sum((x - u)^2)"
vars = ["x", "y"]
data = { u = [1, 2] }
start = [2, 1]
learning_rate = 0.1
steps = 10
gradient = ["2*x + sum(2*(x - u))", "6*y"]

[[descent]]
id = "drawn"
title = "Descent on {function} from {x0}"
function = "a*x^2"
vars = ["x"]
params = { a = { int = [1, 4] }, x0 = { choose = [-3, 3] } }
start = ["x0"]
learning_rate = 0.1
steps = 5
gradient = ["2*a*x"]
"#;

fn descents() -> Vec<Descent> {
    let (set, diags) = load_str("walks.toml", WALK);
    set.unwrap_or_else(|| panic!("does not load: {diags:?}"))
        .descents
}

/// The stepper of `d` evaluates the parses `d` was loaded with, function and gradient alike.
fn assert_walks_the_loaders_parses(d: &Descent) {
    let st = Stepper::new(d).expect("steps");
    assert!(
        d.parsed.holds(st.function()),
        "`{}` was parsed again",
        d.function
    );
    let given = st.gradient_exprs().expect("a given gradient");
    let texts = d.gradient.as_ref().expect("a given gradient");
    assert_eq!(given.len(), texts.len());
    for (g, text) in given.iter().zip(texts) {
        assert!(d.parsed.holds(g), "gradient `{text}` was parsed again");
    }
}

#[test]
fn the_walk_evaluates_the_loaders_parses() {
    let all = descents();
    assert_walks_the_loaders_parses(&all[0]);
    assert_walks_the_loaders_parses(&all[1]);
}

#[test]
fn each_variant_walks_its_own_parses() {
    let d = &descents()[1];
    let mut variants = d.variants().expect("randomised");
    let mut seen: Vec<Descent> = Vec::new();
    for n in 1..=6 {
        let v = variants.get(n).expect("reads");
        assert_walks_the_loaders_parses(&v);
        // Each variant is read (and parsed) afresh with its own values: no variant's walk
        // evaluates another variant's parse.
        let st = Stepper::new(&v).expect("steps");
        for other in &seen {
            assert!(!other.parsed.holds(st.function()), "variant {n}");
        }
        seen.push(v);
    }
}

#[test]
fn an_example_built_in_code_is_parsed_when_its_walk_is_set_up() {
    let mut d = descents().remove(0);
    d.parsed = Default::default();
    let st = Stepper::new(&d).expect("steps");
    assert!(d.parsed.is_empty());
    // f(2, 1) = 4 + 3 + (1 + 0) and ∇f(2, 1) = (4 + 2·(1 + 0), 6).
    assert_eq!(st.value(&[2.0, 1.0]), 8.0);
    assert_eq!(st.gradient(&[2.0, 1.0]), vec![6.0, 6.0]);
}
