//! Table exercises: the likelihood table of the lectures, cell by cell.

use crate::check_support;

use check_support::*;
use gradtutor::check::{Diagnosis, Status};

fn likelihood() -> gradtutor::exercise::Exercise {
    exercise(
        r#"id = "likelihood-a"
kind = "table"
params = { w = 0.5, b = -4 }
data = { x = [8, 15, 19, 24, 27, 31, 35, 40], y = [0, 0, 0, 0, 1, 1, 1, 1] }
columns = [
  { name = "z", formula = "w*x + b" },
  { name = "a", formula = "sigmoid(z)" },
  { name = "p", formula = "a^y*(1 - a)^(1 - y)" },
]
totals = [
  { name = "L", formula = "prod(p)" },
  { name = "cost", formula = "-log10(prod(p))/8" },
]"#,
    )
}

const Z: [&str; 8] = ["0", "3.5", "5.5", "8", "9.5", "11.5", "13.5", "16"];
const A: [&str; 8] = ["0.5", "0.9707", "0.9959", "0.9997", "0.9999", "1", "1", "1"];
const P: [&str; 8] = [
    "0.5",
    "0.02931",
    "0.00407",
    "0.0003354",
    "0.9999",
    "1",
    "1",
    "1",
];

#[test]
fn the_table_rounded_to_four_significant_figures_is_right() {
    let ex = likelihood();
    let v = check_support::checker(&ex).check(&table(
        &[("z", &Z), ("a", &A), ("p", &P)],
        &[("L", "2.0e-8"), ("cost", "0.9624")],
    ));
    assert_eq!(v.status, Status::Correct, "{}", v.message);
    assert_eq!(v.message, "Correct: all 26 cells are right.");
    let cells = v.cells.expect("cells");
    assert_eq!(cells.len(), 26);
    assert_eq!(cells[0].cell, "z[1]");
    assert!(cells.iter().any(|c| c.cell == "cost"));
    // Constant expressions and the slides' truncated values are fine too.
    accepts(
        &ex,
        &table(
            &[
                (
                    "z",
                    &["0", "7/2", "11/2", "8", "19/2", "23/2", "27/2", "16"],
                ),
                (
                    "a",
                    &[
                        "1/2", "0.97068", "0.99592", "0.99966", "0.99992", "0.99998", "0.99999",
                        "0.99999",
                    ],
                ),
                ("p", &P),
            ],
            &[("L", "2.0003e-8"), ("cost", "0.96236")],
        ),
    );
}

#[test]
fn each_wrong_cell_is_named() {
    let ex = likelihood();
    let mut a = A;
    a[2] = "0.9979";
    let v = rejects(
        &ex,
        &table(
            &[("z", &Z), ("a", &a), ("p", &P)],
            &[("L", "2.0e-8"), ("cost", "0.9624")],
        ),
        None,
    );
    assert!(
        v.message.starts_with("1 of 26 cells is wrong: a[3]"),
        "{}",
        v.message
    );
    let cells = v.cells.expect("cells");
    let bad: Vec<String> = cells
        .iter()
        .filter(|c| c.verdict != Status::Correct)
        .map(|c| c.cell.to_string())
        .collect();
    assert_eq!(bad, ["a[3]"]);
}

#[test]
fn a_likelihood_of_zero_is_wrong() {
    let ex = likelihood();
    let v = rejects(
        &ex,
        &table(
            &[("z", &Z), ("a", &A), ("p", &P)],
            &[("L", "0"), ("cost", "0.9624")],
        ),
        None,
    );
    assert!(v.message.contains("L"), "{}", v.message);
}

#[test]
fn the_cost_with_the_natural_log() {
    let ex = likelihood();
    let v = rejects(
        &ex,
        &table(
            &[("z", &Z), ("a", &A), ("p", &P)],
            &[("L", "2.0e-8"), ("cost", "2.216")],
        ),
        Some(Diagnosis::LogBase),
    );
    assert!(v.message.contains("natural logarithms"), "{}", v.message);
}

#[test]
fn a_column_shifted_by_a_row() {
    let ex = likelihood();
    let shifted = ["0.9707", "0.9959", "0.9997", "0.9999", "1", "1", "1", "1"];
    let v = rejects(
        &ex,
        &table(
            &[("z", &Z), ("a", &shifted), ("p", &P)],
            &[("L", "2.0e-8"), ("cost", "0.9624")],
        ),
        Some(Diagnosis::RowShift),
    );
    assert!(v.message.contains("shifted by one row"), "{}", v.message);
}

#[test]
fn sign_and_rounding_in_cells() {
    let ex = likelihood();
    rejects(
        &ex,
        &table(
            &[("z", &Z), ("a", &A), ("p", &P)],
            &[("L", "2.0e-8"), ("cost", "-0.9624")],
        ),
        Some(Diagnosis::Sign),
    );
    rejects(
        &ex,
        &table(
            &[("z", &Z), ("a", &A), ("p", &P)],
            &[("L", "2.0e-8"), ("cost", "0.9630")],
        ),
        Some(Diagnosis::Rounded),
    );
}

#[test]
fn the_shape_of_a_table_answer() {
    let ex = likelihood();
    let v = invalid(
        &ex,
        &table(&[("z", &Z), ("a", &A)], &[("L", "2e-8"), ("cost", "1")]),
    );
    assert!(v.message.contains("missing: p"), "{}", v.message);
    let v = invalid(
        &ex,
        &table(
            &[("z", &Z[..7]), ("a", &A), ("p", &P)],
            &[("L", "2e-8"), ("cost", "1")],
        ),
    );
    assert_eq!(v.message, "The column z has 8 rows; you gave 7.");
    let v = invalid(
        &ex,
        &table(
            &[("z", &Z), ("a", &A), ("p", &P), ("q", &P)],
            &[("L", "2e-8"), ("cost", "1")],
        ),
    );
    assert!(
        v.message.contains("no column or total named q"),
        "{}",
        v.message
    );
    let v = invalid(&ex, &vector(&["1", "2"]));
    assert!(v.message.contains("asks for a table"), "{}", v.message);
    // The data columns may be copied into the answer; they are not graded.
    accepts(
        &ex,
        &table(
            &[
                ("x", &["8", "15", "19", "24", "27", "31", "35", "40"]),
                ("z", &Z),
                ("a", &A),
                ("p", &P),
            ],
            &[("L", "2.0e-8"), ("cost", "0.9624")],
        ),
    );
}

#[test]
fn an_unreadable_cell_is_pointed_at() {
    let ex = likelihood();
    let mut a = A;
    a[4] = "0.99.99";
    let v = invalid(
        &ex,
        &table(
            &[("z", &Z), ("a", &a), ("p", &P)],
            &[("L", "2.0e-8"), ("cost", "0.9624")],
        ),
    );
    let re = v.read_error.expect("read error");
    assert_eq!(
        re.cell.as_ref().map(|c| c.to_string()).as_deref(),
        Some("a[5]")
    );
    let cells = v.cells.expect("cells");
    assert!(cells
        .iter()
        .any(|c| c.cell == "a[5]" && c.verdict == Status::Invalid));
    assert!(cells
        .iter()
        .any(|c| c.cell == "cost" && c.verdict == Status::Correct));
}

#[test]
fn values_computed_from_rounded_earlier_cells_are_explained() {
    let ex = likelihood();
    // a[4] rounded to 0.9997 (4 figures, accepted), then p[4] = 1 − 0.9997 = 0.0003: two
    // figures lost in the subtraction, 11% off the true 0.0003354.
    let mut p = P;
    p[3] = "0.0003";
    let v = rejects(
        &ex,
        &table(
            &[("z", &Z), ("a", &A), ("p", &p)],
            &[("L", "2.0e-8"), ("cost", "0.9624")],
        ),
        Some(Diagnosis::Rounded),
    );
    // a[4] was right, so it is named as right, and p[4] is said to need more of its figures.
    assert!(
        v.message
            .contains("from your a[4] = 0.9997; it is right to 4 significant figures"),
        "{}",
        v.message
    );
    assert!(!v.message.contains("rounded too much"), "{}", v.message);
    // A likelihood multiplied out from p values rounded to 2 figures.
    let rough = ["0.5", "0.029", "0.0041", "0.00034", "1", "1", "1", "1"];
    let product: f64 = rough.iter().map(|s| s.parse::<f64>().unwrap()).product();
    let v = check_support::checker(&ex).check(&table(
        &[("z", &Z), ("a", &A), ("p", &rough)],
        &[("L", &format!("{product:e}")), ("cost", "0.9624")],
    ));
    let cells = v.cells.expect("cells");
    let l = cells.iter().find(|c| c.cell == "L").expect("L");
    assert_eq!(l.verdict, Status::Incorrect);
    assert!(
        l.message
            .contains("from your p[2] = 0.029, p[3] = 0.0041 and p[4] = 0.00034"),
        "{}",
        l.message
    );
    assert!(l.message.contains("rounded too much"), "{}", l.message);
}

#[test]
fn rounding_is_blamed_only_on_an_earlier_cell_rounded_beyond_the_tolerance() {
    let ex = likelihood();
    // As the issue found it: a[3] = 0.996 is right (✓), and p[3] = 1 − 0.996 = 0.004 is not.
    let mut a = A;
    a[2] = "0.996";
    let mut p = P;
    p[2] = "0.004";
    let v = check_support::checker(&ex).check(&table(
        &[("z", &Z), ("a", &a), ("p", &p)],
        &[("L", "2.0e-8"), ("cost", "0.9624")],
    ));
    let cells = v.cells.expect("cells");
    let a3 = cells.iter().find(|c| c.cell == "a[3]").expect("a[3]");
    assert_eq!(a3.verdict, Status::Correct);
    let p3 = cells.iter().find(|c| c.cell == "p[3]").expect("p[3]");
    assert_eq!(p3.verdict, Status::Incorrect);
    assert!(
        !p3.message.contains("your own earlier values"),
        "{}",
        p3.message
    );
    assert!(!p3.message.contains("rounded too much"), "{}", p3.message);
    assert!(
        p3.message.contains("a[3] = 0.996; it is right"),
        "{}",
        p3.message
    );
    // a[4] = 0.999 is rounded beyond the tolerance (the truth is 0.99966): it is named.
    let mut a = A;
    a[3] = "0.999";
    let mut p = P;
    p[3] = "0.001";
    let v = check_support::checker(&ex).check(&table(
        &[("z", &Z), ("a", &a), ("p", &p)],
        &[("L", "2.0e-8"), ("cost", "0.9624")],
    ));
    let cells = v.cells.expect("cells");
    let p4 = cells.iter().find(|c| c.cell == "p[4]").expect("p[4]");
    assert!(
        p4.message
            .contains("from your a[4] = 0.999, but it was rounded too much"),
        "{}",
        p4.message
    );
}

#[test]
fn a_cell_is_named_as_a_cell_and_quoted_as_typed() {
    let ex = likelihood();
    let mut a = A;
    a[1] = "0.97100";
    let v = check_support::checker(&ex).check(&table(
        &[("z", &Z), ("a", &a), ("p", &P)],
        &[("L", "2.0e-8"), ("cost", "0.9624")],
    ));
    let cells = v.cells.expect("cells");
    let a2 = cells.iter().find(|c| c.cell == "a[2]").expect("a[2]");
    assert_eq!(
        a2.message,
        "0.97100 is close to a[2], but not right to 4 significant figures: keep more digits"
    );
    assert!(!v.message.contains("in row"), "{}", v.message);
}

#[test]
fn a_total_may_use_an_earlier_total() {
    // As the lecture writes it: the cost from the likelihood total.
    let ex = exercise(
        r#"id = "likelihood-cost"
kind = "table"
params = { w = 0.5, b = -4 }
data = { x = [8, 15, 19, 24, 27, 31, 35, 40], y = [0, 0, 0, 0, 1, 1, 1, 1] }
columns = [
  { name = "z", formula = "w*x + b" },
  { name = "a", formula = "sigmoid(z)" },
  { name = "p", formula = "a^y*(1 - a)^(1 - y)" },
]
totals = [
  { name = "L", formula = "prod(p)" },
  { name = "cost", formula = "-log10(L)/8" },
]"#,
    );
    let v = check_support::checker(&ex).check(&table(
        &[("z", &Z), ("a", &A), ("p", &P)],
        &[("L", "2.0e-8"), ("cost", "0.9624")],
    ));
    assert_eq!(v.status, Status::Correct, "{}", v.message);
}
