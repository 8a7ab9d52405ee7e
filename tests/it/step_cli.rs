//! `gradtutor step`: every format, the divergent run, overrides, and usage errors (exit 2).

use std::process::{Command, Output};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/descent/walks.toml"
);

fn step(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .arg("step")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs()
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = step(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("valid JSON")
}

#[test]
fn table_lists_every_step_and_ends_with_the_status() {
    let o = step(&["fixture-parabola", FIXTURE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "fixture-parabola: x² from 5");
    assert!(lines[2].contains("∇f from finite differences"), "{out}");
    let head = lines
        .iter()
        .position(|l| l.split_whitespace().collect::<Vec<_>>() == ["n", "x", "f", "|∇f|"])
        .expect("a header row");
    // Rows 0..=25, then a blank line and the status.
    let rows: Vec<Vec<&str>> = lines[head + 1..head + 27]
        .iter()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows[0], ["0", "5", "25", "10"]);
    assert_eq!(rows[1], ["1", "4", "16", "8"]);
    assert_eq!(rows[25][0], "25");
    // x25 = 5·0.8^25 = 0.0188895 (6 significant figures).
    assert_eq!(rows[25][1], "0.0188895");
    assert_eq!(lines[head + 27], "");
    assert_eq!(
        lines[head + 28],
        "stopped after 25 steps: f = 0.0003568, |∇f| = 0.038"
    );
}

#[test]
fn csv_has_full_precision_rows() {
    let o = step(&["fixture-parabola", FIXTURE, "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("n,x,f,grad_x,grad_norm"));
    let rows: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').map(|c| c.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), 26);
    for r in &rows {
        let n = r[0] as i32;
        assert!(close(r[1], 5.0 * 0.8f64.powi(n), 1e-9), "{r:?}");
        assert!(close(r[3], 10.0 * 0.8f64.powi(n), 1e-8), "{r:?}");
        assert_eq!(r[4], r[3].abs());
    }
    // The status goes to stderr, so that stdout stays a clean CSV file.
    assert!(stderr(&o).contains("stopped after 25 steps"));
}

#[test]
fn json_has_the_documented_shape() {
    let v = json(&["fixture-parabola", FIXTURE, "--format", "json"]);
    assert_eq!(v["id"], "fixture-parabola");
    assert_eq!(v["status"], "max_steps");
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 26);
    assert_eq!(steps[0]["n"], 0);
    assert_eq!(steps[0]["x"], serde_json::json!([5.0]));
    assert_eq!(steps[0]["f"], 25.0);
    let x25 = steps[25]["x"][0].as_f64().unwrap();
    assert!(close(x25, 5.0 * 0.8f64.powi(25), 1e-9), "{x25}");
    let g = steps[25]["grad"][0].as_f64().unwrap();
    assert!(close(g, 2.0 * x25, 1e-8));
    assert!(steps[0].get("velocity").is_none());
}

#[test]
fn the_divergent_rosenbrock_run_exits_zero_in_every_format() {
    // Lecture settings, finite differences: f(x₃) ≈ 6.67e20 > 10¹²·f(x₀).
    let v = json(&["fixture-rosenbrock", FIXTURE, "--format", "json"]);
    assert_eq!(v["status"], "diverged");
    assert_eq!(v["diverged_at"], 3);
    assert_eq!(v["message"], "diverged at step 3: f = 6.7e20");
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 4);
    let f3 = steps[3]["f"].as_f64().unwrap();
    assert!(close(f3, 6.672346531410423e20, 1e-4), "{f3}");
    let x1 = steps[1]["x"].as_array().unwrap();
    assert!(close(x1[0].as_f64().unwrap(), 1.314, 1e-6));
    assert!(close(x1[1].as_f64().unwrap(), -2.98, 1e-6));

    let o = step(&["fixture-rosenbrock", FIXTURE]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert_eq!(out.lines().last(), Some("diverged at step 3: f = 6.7e20"));
    assert!(out.contains("6.67235e20"), "{out}");
    assert!(!out.to_lowercase().contains("nan") && !out.contains("inf"));

    let o = step(&["fixture-rosenbrock", FIXTURE, "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).lines().count(), 5);
    assert!(stderr(&o).contains("diverged at step 3"));
}

#[test]
fn momentum_runs_show_the_velocity() {
    // f = x², α = 0.5, ε = 0.1 from 1: v = −0.2, −0.26, then 0.5·(−0.26) − 0.1·1.08 = −0.238.
    let o = step(&["fixture-momentum", FIXTURE]);
    let out = stdout(&o);
    assert!(out.contains("momentum α = 0.5"), "{out}");
    let rows: Vec<Vec<&str>> = out
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("n "))
        .map(|l| l.split_whitespace().collect())
        .take(5)
        .collect();
    assert_eq!(rows[0], ["n", "x", "f", "|∇f|", "v_x"]);
    assert_eq!(rows[1], ["0", "1", "1", "2", "0"]);
    assert_eq!(rows[2][4], "-0.2");
    assert_eq!(rows[3][4], "-0.26");
    assert_eq!(rows[4][4], "-0.238");

    let v = json(&["fixture-momentum", FIXTURE, "--format", "json"]);
    assert_eq!(v["momentum"], 0.5);
    let v2 = v["steps"][2]["velocity"][0].as_f64().unwrap();
    assert!(close(v2, -0.26, 1e-8));
    let o = step(&["fixture-momentum", FIXTURE, "--format", "csv"]);
    assert!(stdout(&o).starts_with("n,x,f,grad_x,grad_norm,v_x\n"));
}

#[test]
fn the_log_loss_walk_reads_its_data() {
    // J(0.5, −4) on the 8 examples = 2.2159247388800756 (see tests/it/descent_engine.rs).
    let v = json(&["fixture-logistic", FIXTURE, "--format", "json"]);
    let f0 = v["steps"][0]["f"].as_f64().unwrap();
    assert!(close(f0, 2.2159247388800756, 1e-12), "{f0}");
    let w1 = v["steps"][1]["x"][0].as_f64().unwrap();
    assert!(close(w1, 0.5 - 0.01 * 7.684068519528065, 1e-9), "{w1}");
}

#[test]
fn overrides_change_the_walk() {
    // ε = 0.25 from 2: x1 = 2 − 0.25·4 = 1; one step only.
    let v = json(&[
        "fixture-parabola",
        FIXTURE,
        "--lr",
        "0.25",
        "--from",
        "2",
        "--steps",
        "1",
        "--format",
        "json",
    ]);
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert!(close(steps[1]["x"][0].as_f64().unwrap(), 1.0, 1e-9));
    assert_eq!(v["learning_rate"], 0.25);

    // A negative start needs no `=`: --from "-2.9, 2.9".
    let v = json(&[
        "fixture-rosenbrock",
        FIXTURE,
        "--from",
        "-1.5, 2",
        "--lr",
        "0.0001",
        "--momentum",
        "0.9",
        "--steps",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(v["steps"][0]["x"], serde_json::json!([-1.5, 2.0]));
    assert_eq!(v["momentum"], 0.9);
    assert_eq!(v["status"], "max_steps");
}

#[test]
fn usage_errors_exit_two_with_a_reason() {
    let o = step(&["fixture-parabol", FIXTURE]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean fixture-parabola"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty());

    let o = step(&["nothing-like-it", FIXTURE]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the examples are: fixture-parabola, fixture-rosenbrock"));

    let o = step(&["fixture-rosenbrock", FIXTURE, "--from", "1,2,3"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("type 2 numbers separated by commas (x, y), not 3"),
        "{}",
        stderr(&o)
    );

    for bad in [
        &["fixture-parabola", FIXTURE, "--lr", "0"][..],
        &["fixture-parabola", FIXTURE, "--lr", "-1"],
        &["fixture-parabola", FIXTURE, "--momentum", "1"],
        &["fixture-parabola", FIXTURE, "--from", "abc"],
        &["fixture-parabola", FIXTURE, "--format", "xml"],
        &["fixture-parabola", FIXTURE, "--steps", "-3"],
        &["fixture-parabola", "/nonexistent/walks.toml"],
        &[],
    ] {
        let o = step(bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty(), "{bad:?}");
    }
}

#[test]
fn the_bundled_course_is_the_default() {
    let o = step(&["descent-parabola", "--steps", "3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("descent-parabola: "));
}
