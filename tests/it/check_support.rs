//! Shared helpers for the checker's tests: exercises written as TOML, answers as text.

use gradtutor::check::{check, Checker, Diagnosis, Status, Verdict};
use gradtutor::exercise::{load_str, Answer, Domain, Exercise, Kind, Pos, TableEntry, Tolerance};
use gradtutor::math::LogBase;

/// An exercise of `kind` built in code, every other field its default: what the property
/// tests make of a random function (the id decides the sample points).
pub fn exercise_of(id: &str, kind: Kind) -> Exercise {
    Exercise {
        id: id.to_string(),
        kind,
        prompt: String::new(),
        title: None,
        hints: Vec::new(),
        solution: None,
        domain: Domain::default(),
        tolerance: Tolerance::default(),
        params: Vec::new(),
        data: Vec::new(),
        answer: None,
        log: LogBase::Ln,
        pos: Pos::default(),
        variant: None,
        parsed: Default::default(),
    }
}

/// One exercise from the body of an `[[exercise]]` table (the header and a title are added).
pub fn exercise(body: &str) -> Exercise {
    let text = format!("title = \"test\"\n[[exercise]]\nprompt = \"?\"\n{body}\n");
    let (set, diags) = load_str("test.toml", &text);
    let set = set.unwrap_or_else(|| panic!("exercise does not load: {diags:?}\n{text}"));
    set.exercises
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no exercise in\n{text}"))
}

pub fn scalar(s: &str) -> Answer {
    Answer::Scalar(s.to_string())
}

pub fn vector(v: &[&str]) -> Answer {
    Answer::Vector(v.iter().map(|s| s.to_string()).collect())
}

pub fn matrix(m: &[&[&str]]) -> Answer {
    Answer::Matrix(
        m.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect(),
    )
}

pub fn table(cols: &[(&str, &[&str])], totals: &[(&str, &str)]) -> Answer {
    let mut t: Vec<(String, TableEntry)> = cols
        .iter()
        .map(|(n, c)| {
            (
                n.to_string(),
                TableEntry::Column(c.iter().map(|s| s.to_string()).collect()),
            )
        })
        .collect();
    t.extend(
        totals
            .iter()
            .map(|(n, v)| (n.to_string(), TableEntry::Total(v.to_string()))),
    );
    Answer::Table(t)
}

/// Asserts the answer is accepted, showing the verdict when it is not.
#[track_caller]
pub fn accepts(ex: &Exercise, answer: &Answer) {
    let v = check(ex, answer);
    assert_eq!(
        v.status,
        Status::Correct,
        "{} should accept {answer:?}: {}",
        ex.id,
        v.message
    );
}

/// Asserts the answer is rejected as incorrect with `diagnosis`, and returns the verdict.
#[track_caller]
pub fn rejects(ex: &Exercise, answer: &Answer, diagnosis: Option<Diagnosis>) -> Verdict {
    let v = check(ex, answer);
    assert_eq!(
        v.status,
        Status::Incorrect,
        "{} should reject {answer:?}: {}",
        ex.id,
        v.message
    );
    assert_eq!(
        v.diagnosis, diagnosis,
        "{} diagnosis for {answer:?}: {}",
        ex.id, v.message
    );
    assert!(!v.message.is_empty());
    v
}

/// Asserts the answer is refused as invalid, and returns the verdict.
#[track_caller]
pub fn invalid(ex: &Exercise, answer: &Answer) -> Verdict {
    let v = check(ex, answer);
    assert_eq!(
        v.status,
        Status::Invalid,
        "{} should refuse {answer:?}: {}",
        ex.id,
        v.message
    );
    v
}

/// A prepared checker, failing the test when the exercise cannot be prepared.
pub fn checker(ex: &Exercise) -> Checker {
    Checker::new(ex).unwrap_or_else(|e| panic!("{} cannot be prepared: {e}", ex.id))
}
