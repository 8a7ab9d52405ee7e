//! The bundled course's content, read straight from exercises/*.toml with the `toml` crate (so
//! these checks do not depend on the loader or the checker): the embedding list is complete and in
//! course order, every exercise teaches (hints, a worked solution, a reference answer), every kind
//! is used, the answers fixture covers exactly the course, and the numbers in the likelihood
//! tables and the descent notes are recomputed here from the data.

use gradtutor::exercise::bundled::FILES;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use toml::{Table, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The course files on disk, sorted by name (the numbered prefix is the course order).
fn course_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("exercises"))
        .expect("exercises/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn parse(path: &Path) -> Table {
    let src = std::fs::read_to_string(path).expect("readable file");
    src.parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn items(doc: &Table, key: &str) -> Vec<Table> {
    doc.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|v| v.as_table().expect("an item is a table").clone())
                .collect()
        })
        .unwrap_or_default()
}

fn exercises() -> Vec<Table> {
    course_files()
        .iter()
        .flat_map(|p| items(&parse(p), "exercise"))
        .collect()
}

fn descents() -> BTreeMap<String, Table> {
    course_files()
        .iter()
        .flat_map(|p| items(&parse(p), "descent"))
        .map(|d| (str_field(&d, "id"), d))
        .collect()
}

fn str_field(t: &Table, key: &str) -> String {
    t.get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("missing string `{key}` in {t:?}"))
        .to_string()
}

fn num(v: &Value) -> f64 {
    v.as_float()
        .or_else(|| v.as_integer().map(|i| i as f64))
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or_else(|| panic!("not a number: {v:?}"))
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array().expect("an array").iter().map(num).collect()
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

#[test]
fn every_course_file_is_embedded_in_course_order() {
    let on_disk: Vec<String> = course_files()
        .iter()
        .map(|p| {
            format!(
                "exercises/{}",
                p.file_name().expect("a file name").to_string_lossy()
            )
        })
        .collect();
    let embedded: Vec<String> = FILES.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(embedded, on_disk);
    for (name, text) in FILES {
        let disk = std::fs::read_to_string(root().join(name)).expect("readable file");
        assert_eq!(
            *text, disk,
            "{name}: the embedded copy differs from the file"
        );
    }
}

#[test]
fn every_exercise_has_hints_a_solution_and_an_answer() {
    let all = exercises();
    assert!(all.len() >= 60, "only {} exercises", all.len());
    let mut ids = BTreeSet::new();
    for ex in &all {
        let id = str_field(ex, "id");
        assert!(
            !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "bad id {id:?}"
        );
        assert!(ids.insert(id.clone()), "duplicate id {id}");
        let hints = ex.get("hints").and_then(Value::as_array);
        let n = hints.map_or(0, |h| h.len());
        assert!((2..=3).contains(&n), "{id}: {n} hints, want 2 or 3");
        for h in hints.into_iter().flatten() {
            assert!(
                h.as_str().is_some_and(|s| !s.trim().is_empty()),
                "{id}: empty hint"
            );
        }
        let solution = ex.get("solution").and_then(Value::as_str).unwrap_or("");
        assert!(solution.trim().len() > 10, "{id}: no worked solution");
        assert!(ex.contains_key("answer"), "{id}: no reference answer");
        assert!(
            !str_field(ex, "prompt").trim().is_empty(),
            "{id}: empty prompt"
        );
    }
}

#[test]
fn every_kind_and_derivative_form_is_used() {
    let all = exercises();
    let kinds: BTreeSet<String> = all.iter().map(|e| str_field(e, "kind")).collect();
    for k in [
        "derivative",
        "gradient",
        "jacobian",
        "directional",
        "value",
        "extremum",
        "limit",
        "table",
        "graph",
    ] {
        assert!(kinds.contains(k), "no exercise of kind {k}");
    }
    let derivs: Vec<&Table> = all
        .iter()
        .filter(|e| e.get("kind").and_then(Value::as_str) == Some("derivative"))
        .collect();
    assert!(
        derivs.iter().any(|e| e.contains_key("at")),
        "no derivative at a point"
    );
    assert!(
        derivs.iter().any(|e| !e.contains_key("at")),
        "no symbolic derivative"
    );
    assert!(
        derivs
            .iter()
            .any(|e| e.get("var").is_some_and(Value::is_array)),
        "no mixed partial"
    );
    assert!(
        derivs
            .iter()
            .any(|e| e.get("order").and_then(Value::as_integer) == Some(2)),
        "no second derivative"
    );
}

#[test]
fn the_answers_fixture_covers_exactly_the_course() {
    let ids: BTreeSet<String> = exercises().iter().map(|e| str_field(e, "id")).collect();
    let answers = parse(&root().join("tests/fixtures/course-answers.toml"));
    let keys: BTreeSet<String> = answers.keys().cloned().collect();
    let missing: Vec<&String> = ids.difference(&keys).collect();
    let extra: Vec<&String> = keys.difference(&ids).collect();
    assert!(missing.is_empty(), "no answer for {missing:?}");
    assert!(extra.is_empty(), "answers for unknown ids {extra:?}");
}

fn exercise(id: &str) -> Table {
    exercises()
        .into_iter()
        .find(|e| e.get("id").and_then(Value::as_str) == Some(id))
        .unwrap_or_else(|| panic!("no exercise {id}"))
}

/// Recomputes z, a = σ(z), P(Y = y), L = ∏P and −log10(L)/8 from the table's data and params and
/// compares them with its answer key, to 5 significant figures (the key has 7).
fn check_likelihood_table(id: &str, w_want: f64, b_want: f64) -> (f64, f64) {
    let ex = exercise(id);
    let params = ex["params"].as_table().expect("params");
    let (w, b) = (num(&params["w"]), num(&params["b"]));
    assert_eq!((w, b), (w_want, b_want), "{id}: params");
    let data = ex["data"].as_table().expect("data");
    assert_eq!(nums(&data["x"]), [8., 15., 19., 24., 27., 31., 35., 40.]);
    assert_eq!(nums(&data["y"]), [0., 0., 0., 0., 1., 1., 1., 1.]);
    let (xs, ys) = (nums(&data["x"]), nums(&data["y"]));
    let key = ex["answer"].as_table().expect("a table answer");
    let close = |got: f64, want: f64, what: &str| {
        assert!(
            (got - want).abs() <= 5e-6 * want.abs().max(1e-300),
            "{id}: {what} key {got}, computed {want}"
        );
    };
    let mut l = 1.0;
    for (i, (x, y)) in xs.iter().zip(&ys).enumerate() {
        let z = w * x + b;
        let a = sigmoid(z);
        let p = a.powf(*y) * (1.0 - a).powf(1.0 - y);
        l *= p;
        assert!((nums(&key["z"])[i] - z).abs() < 1e-12, "{id}: z[{i}]");
        close(nums(&key["a"])[i], a, &format!("a[{i}]"));
        close(nums(&key["p"])[i], p, &format!("p[{i}]"));
    }
    let cost = -l.log10() / 8.0;
    close(num(&key["L"]), l, "L");
    close(num(&key["cost"]), cost, "cost");
    (l, cost)
}

#[test]
fn likelihood_tables_match_a_full_precision_computation() {
    let (la, ca) = check_likelihood_table("likelihood-a", 0.5, -4.0);
    // The lecture's L = 2.0002713231e-8 and cost 0.96236 (base-10 log).
    assert!((la - 2.000_271_3e-8).abs() < 1e-15, "{la}");
    assert!((ca - 0.962_36).abs() < 5e-6, "{ca}");
    let (lb, cb) = check_likelihood_table("likelihood-b", 1.0, -25.0);
    assert!((lb - 0.640_675).abs() < 1e-6, "{lb}");
    assert!((cb - 0.024_17).abs() < 5e-6, "{cb}");
    // The cost in natural-log units is ln 10 times larger: the base-slip exercise's 2.216.
    assert!((ca * std::f64::consts::LN_10 - 2.215_924_7).abs() < 1e-6);
}

/// Plain or momentum gradient descent as issue 5 defines it (v ← αv − ε∇f, x ← x + v), returning
/// the point after each step, stopping on a non-finite or huge f or when |∇f| < 1e-6.
fn walk(
    f: impl Fn(&[f64]) -> f64,
    grad: impl Fn(&[f64]) -> Vec<f64>,
    start: &[f64],
    lr: f64,
    momentum: Option<f64>,
    steps: usize,
) -> (&'static str, Vec<Vec<f64>>) {
    let mut x = start.to_vec();
    let mut v = vec![0.0; x.len()];
    let mut path = vec![x.clone()];
    for _ in 0..steps {
        let g = grad(&x);
        for i in 0..x.len() {
            v[i] = momentum.unwrap_or(0.0) * v[i] - lr * g[i];
            x[i] += v[i];
        }
        path.push(x.clone());
        let fx = f(&x);
        if !fx.is_finite() || fx > 1e15 {
            return ("diverged", path);
        }
        if grad(&x).iter().map(|g| g * g).sum::<f64>().sqrt() < 1e-6 {
            return ("converged", path);
        }
    }
    ("max_steps", path)
}

struct Settings {
    start: Vec<f64>,
    lr: f64,
    momentum: Option<f64>,
    steps: usize,
}

fn settings(id: &str) -> Settings {
    let d = descents()
        .remove(id)
        .unwrap_or_else(|| panic!("no descent {id}"));
    Settings {
        start: nums(&d["start"]),
        lr: num(&d["learning_rate"]),
        momentum: d.get("momentum").map(num),
        steps: d["steps"].as_integer().expect("steps") as usize,
    }
}

fn rosenbrock(p: &[f64]) -> f64 {
    (1.0 - p[0]).powi(2) + 100.0 * (p[1] - p[0] * p[0]).powi(2)
}

fn rosenbrock_grad(p: &[f64]) -> Vec<f64> {
    let (x, y) = (p[0], p[1]);
    vec![
        -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
        200.0 * (y - x * x),
    ]
}

#[test]
fn the_descent_examples_required_by_the_course_are_there() {
    let all = descents();
    let s = settings("descent-parabola");
    assert_eq!((s.start, s.lr, s.steps), (vec![5.0], 0.1, 25));
    let s = settings("descent-paraboloid");
    assert_eq!((s.start, s.lr), (vec![2.9, -2.9], 0.025));
    let s = settings("descent-rosenbrock-lecture");
    assert_eq!((s.start, s.lr, s.momentum), (vec![0.1, 3.0], 0.01, None));
    assert_eq!(settings("descent-rosenbrock-momentum").momentum, Some(0.8));
    assert_eq!(settings("descent-logistic").start, vec![0.5, -4.0]);
    for id in [
        "descent-rosenbrock-small-step",
        "descent-linreg",
        "descent-lr-too-small",
        "descent-lr-good",
        "descent-lr-too-large",
    ] {
        assert!(all.contains_key(id), "no descent {id}");
    }
    for (id, d) in &all {
        let notes = d.get("notes").and_then(Value::as_str).unwrap_or("");
        assert!(
            notes.len() > 200,
            "{id}: the notes should teach, not just label"
        );
        assert!(d.contains_key("gradient"), "{id}: give the exact gradient");
        assert!(d.contains_key("stop"), "{id}: no stop rule");
    }
}

#[test]
fn rosenbrock_walks_do_what_their_notes_say() {
    let s = settings("descent-rosenbrock-lecture");
    let (status, path) = walk(
        rosenbrock,
        rosenbrock_grad,
        &s.start,
        s.lr,
        s.momentum,
        s.steps,
    );
    assert_eq!((status, path.len() - 1), ("diverged", 3));
    assert!((path[1][0] - 1.314).abs() < 1e-12 && (path[1][1] + 2.98).abs() < 1e-12);

    let s = settings("descent-rosenbrock-small-step");
    let (status, path) = walk(
        rosenbrock,
        rosenbrock_grad,
        &s.start,
        s.lr,
        s.momentum,
        s.steps,
    );
    let end = path.last().expect("a path");
    assert_eq!(status, "max_steps");
    assert!(
        (end[0] - 1.053).abs() < 5e-4 && (end[1] - 1.109).abs() < 5e-4,
        "{end:?}"
    );

    let s = settings("descent-rosenbrock-momentum");
    let (status, path) = walk(
        rosenbrock,
        rosenbrock_grad,
        &s.start,
        s.lr,
        s.momentum,
        s.steps,
    );
    let end = path.last().expect("a path");
    assert_eq!((status, path.len() - 1), ("converged", 2630));
    assert!(
        (end[0] - 1.0).abs() < 1e-5 && (end[1] - 1.0).abs() < 1e-5,
        "{end:?}"
    );
}

#[test]
fn regression_walks_do_what_their_notes_say() {
    // Logistic regression on the 8 examples, natural-log mean loss.
    let xs = [8., 15., 19., 24., 27., 31., 35., 40.];
    let ys = [0., 0., 0., 0., 1., 1., 1., 1.];
    let loss = |p: &[f64]| {
        xs.iter()
            .zip(&ys)
            .map(|(x, y)| {
                let a = sigmoid(p[0] * x + p[1]);
                -(y * a.ln() + (1.0 - y) * (1.0 - a).ln())
            })
            .sum::<f64>()
            / 8.0
    };
    let grad = |p: &[f64]| {
        let mut g = vec![0.0, 0.0];
        for (x, y) in xs.iter().zip(&ys) {
            let r = sigmoid(p[0] * x + p[1]) - y;
            g[0] += r * x / 8.0;
            g[1] += r / 8.0;
        }
        g
    };
    let s = settings("descent-logistic");
    assert!((loss(&s.start) - 2.215_924_7).abs() < 1e-6);
    let (status, path) = walk(loss, grad, &s.start, s.lr, s.momentum, s.steps);
    let end = path.last().expect("a path");
    assert_eq!(status, "max_steps");
    assert!(
        (end[1] + 4.854).abs() < 1e-3 && (loss(end) - 0.248).abs() < 1e-3,
        "{end:?}"
    );

    // Linear regression on the five points.
    let xs = [1., 2., 3., 4., 5.];
    let ys = [3.1, 4.9, 7.2, 8.8, 11.0];
    let j = |p: &[f64]| {
        xs.iter()
            .zip(&ys)
            .map(|(x, y)| (y - (p[0] * x + p[1])).powi(2))
            .sum::<f64>()
            / 5.0
    };
    let grad = |p: &[f64]| {
        let mut g = vec![0.0, 0.0];
        for (x, y) in xs.iter().zip(&ys) {
            let r = y - (p[0] * x + p[1]);
            g[0] += -2.0 * r * x / 5.0;
            g[1] += -2.0 * r / 5.0;
        }
        g
    };
    let s = settings("descent-linreg");
    assert!((j(&s.start) - 56.78).abs() < 1e-9);
    let (status, path) = walk(j, grad, &s.start, s.lr, s.momentum, s.steps);
    let end = path.last().expect("a path");
    assert_eq!((status, path.len() - 1), ("converged", 709));
    assert!(
        (end[0] - 1.97).abs() < 1e-5 && (end[1] - 1.09).abs() < 1e-5,
        "{end:?}"
    );
}

#[test]
fn the_three_learning_rates_do_what_their_notes_say() {
    let f = |p: &[f64]| 2.0 * (p[0] - 1.0).powi(2);
    let g = |p: &[f64]| vec![4.0 * (p[0] - 1.0)];
    let s = settings("descent-lr-too-small");
    let (status, path) = walk(f, g, &s.start, s.lr, s.momentum, s.steps);
    assert_eq!(status, "max_steps");
    assert!((path[40][0] - 1.586).abs() < 1e-3);
    let s = settings("descent-lr-good");
    let (status, path) = walk(f, g, &s.start, s.lr, s.momentum, s.steps);
    assert_eq!((status, path.len() - 1), ("converged", 11));
    assert!((path[3][0] - 1.024).abs() < 1e-12);
    let s = settings("descent-lr-too-large");
    let (_, path) = walk(f, g, &s.start, s.lr, s.momentum, s.steps);
    assert!((path[3][0] + 7.232).abs() < 1e-9);
    assert!((path[40][0] - 1.0).abs() > 2e6);
}
