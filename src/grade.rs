//! Self-grading: an answers file (TOML, one key per exercise id) checked against the course.
//!
//! ```toml
//! poly-first = "12x^3 - 10x + 2"                  # an expression
//! sqrt-slope-at-4 = 0.25                          # a number (or a string: "1/4")
//! grad-paraboloid = ["2x", "2y"]                  # a vector
//! jacobian-1 = [["2xy", "x^2"], ["5", "cos(y)"]]  # a matrix, one row per function
//! likelihood-a = { z = [0, 3.5], L = 2.0e-8 }     # a table: columns and totals
//! ```

use crate::check::{check, CellVerdict, Diagnosis, ReadError, Status, Verdict};
use crate::exercise::{answer_toml, Answer, Course, Exercise};
use crate::validate::{student_valid_variant, variant_errors};
use crate::variants::first_variant;
use crate::variants::MAX_VARIANT;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

/// Answers files larger than this are refused.
pub const MAX_ANSWERS_BYTES: u64 = 10 * 1024 * 1024;

/// Why an answers file cannot be graded at all.
#[derive(Debug, thiserror::Error)]
pub enum AnswersError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path} is {size} bytes, more than the 10 MB an answers file may have; \
         an answers file is one short line per exercise"
    )]
    TooLarge { path: String, size: u64 },
    #[error("{path} is not a text file ({why}); an answers file is TOML text")]
    Binary { path: String, why: &'static str },
    #[error("{path}:{line}:{col}: {message}")]
    Syntax {
        path: String,
        line: usize,
        col: usize,
        message: String,
    },
}

/// Reads an answers file, refusing huge and binary files before parsing anything.
pub fn read_answers_file(path: &Path) -> Result<String, AnswersError> {
    let shown = path.display().to_string();
    let io = |source| AnswersError::Io {
        path: shown.clone(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > MAX_ANSWERS_BYTES {
        return Err(AnswersError::TooLarge {
            path: shown,
            size: meta.len(),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    if bytes.len() as u64 > MAX_ANSWERS_BYTES {
        return Err(AnswersError::TooLarge {
            path: shown,
            size: bytes.len() as u64,
        });
    }
    text_from_bytes(bytes, &shown)
}

/// The text of an answers file's bytes: no NUL bytes, valid UTF-8.
pub fn text_from_bytes(bytes: Vec<u8>, path: &str) -> Result<String, AnswersError> {
    if bytes.contains(&0) {
        return Err(AnswersError::Binary {
            path: path.to_string(),
            why: "it contains NUL bytes",
        });
    }
    String::from_utf8(bytes).map_err(|_| AnswersError::Binary {
        path: path.to_string(),
        why: "it is not valid UTF-8",
    })
}

/// One key of an answers file: the exercise id and the answer, or why the value is not one.
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerEntry {
    pub id: String,
    pub answer: Result<Answer, String>,
    /// The variant answered, for a randomised exercise (`id = { answer = …, variant = N }`).
    pub variant: Option<u32>,
}

/// The top-level `student = "name"` of an answers file: whose variants the entries without a
/// variant answer.
pub fn answers_student(text: &str) -> Option<String> {
    let table: toml::Table = text.parse().ok()?;
    table.get("student")?.as_str().map(str::to_string)
}

/// Parses an answers file's text (`path` is only for messages).
pub fn parse_answers(text: &str, path: &str) -> Result<Vec<AnswerEntry>, AnswersError> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
        AnswersError::Syntax {
            path: path.to_string(),
            line,
            col,
            message: e.message().trim().to_string(),
        }
    })?;
    Ok(table
        .into_iter()
        .filter(|(id, v)| !(id == "student" && v.is_str()))
        .map(|(id, v)| {
            let (answer, variant) = entry_from_toml(&v);
            AnswerEntry {
                answer,
                variant,
                id,
            }
        })
        .collect())
}

/// `ANSWER`, or `{ answer = ANSWER, variant = N }`.
fn entry_from_toml(v: &toml::Value) -> (Result<Answer, String>, Option<u32>) {
    let Some(t) = v.as_table().filter(|t| t.contains_key("answer")) else {
        return (answer_from_toml(v), None);
    };
    if let Some(other) = t.keys().find(|k| *k != "answer" && *k != "variant") {
        return (
            Err(format!(
                "`{other}` is not a key of an answer with its variant (write {{ answer = ..., variant = N }})"
            )),
            None,
        );
    }
    let variant = match t.get("variant") {
        None => None,
        Some(n) => match n.as_integer() {
            Some(n) if (1..=i64::from(MAX_VARIANT)).contains(&n) => Some(n as u32),
            _ => {
                return (
                    Err(format!(
                        "`variant` must be a whole number from 1 to {MAX_VARIANT}"
                    )),
                    None,
                )
            }
        },
    };
    let answer = t
        .get("answer")
        .map_or_else(|| Err("no answer".to_string()), answer_from_toml);
    (answer, variant)
}

/// The 1-based line and column (in characters) of byte offset `at`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

/// An answer from a TOML value (see [`crate::exercise::answer_toml`]), or why it is none.
pub fn answer_from_toml(v: &toml::Value) -> Result<Answer, String> {
    answer_toml::from_toml(v).map_err(|e| e.to_string())
}

/// The verdict of one exercise in a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GradeVerdict {
    Correct,
    Incorrect,
    /// Could not be read, or has the wrong shape.
    Invalid,
    /// No key for this exercise in the answers file.
    Unanswered,
}

impl From<Status> for GradeVerdict {
    fn from(s: Status) -> Self {
        match s {
            Status::Correct => GradeVerdict::Correct,
            Status::Incorrect => GradeVerdict::Incorrect,
            Status::Invalid => GradeVerdict::Invalid,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GradeResult {
    pub id: String,
    pub kind: String,
    /// The variant graded (null for a fixed exercise, or when none could be chosen).
    pub variant: Option<u32>,
    /// The parameters' values of the exercise graded (of that variant), `{name: number}`.
    pub params: serde_json::Map<String, serde_json::Value>,
    pub verdict: GradeVerdict,
    pub message: String,
    pub diagnosis: Option<Diagnosis>,
    pub cells: Option<Vec<CellVerdict>>,
    /// Where an unreadable expression went wrong (not in `grade --json`; the class report
    /// groups unreadable answers by it).
    #[serde(skip)]
    pub read_error: Option<ReadError>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub total: usize,
    pub correct: usize,
    pub incorrect: usize,
    pub invalid: usize,
    pub unanswered: usize,
}

/// A graded answers file: one result per loaded exercise, in course order. Serialises to the
/// `grade --json` shape (`results` and `summary`; `warnings` are for stderr only).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    pub results: Vec<GradeResult>,
    pub summary: Summary,
    #[serde(skip)]
    pub warnings: Vec<String>,
}

impl Report {
    /// Whether every loaded exercise was answered correctly.
    pub fn all_correct(&self) -> bool {
        self.summary.correct == self.summary.total
    }
}

/// Grades `answers` against every exercise of `course`. Keys that name no loaded exercise
/// become warnings.
pub fn grade(course: &Course, answers: &[AnswerEntry]) -> Report {
    grade_as(course, answers, None)
}

/// The parameters as JSON numbers (whole numbers without a fraction).
pub fn params_json(params: &[(String, f64)]) -> serde_json::Map<String, serde_json::Value> {
    params
        .iter()
        .map(|(n, x)| {
            let v = if x.fract() == 0.0 && x.abs() < 9e15 {
                serde_json::Value::from(*x as i64)
            } else {
                serde_json::Number::from_f64(*x).map_or(serde_json::Value::Null, Into::into)
            };
            (n.clone(), v)
        })
        .collect()
}

/// Validated variants by exercise id and variant number: the variant, or why it is not shown.
type Seen = Mutex<HashMap<(String, u32), Result<Exercise, String>>>;

/// The variants of randomised exercises looked at in one run, so that each is validated once:
/// a class's answers name the same few variants again and again (each student's, or the ones
/// their sheets give), and validating one ([`variant_errors`]: its question prepared, its
/// checker set up, its answer key judged) costs more than checking an answer. One per run of
/// `grade` or of the class report; it only ever holds what validation said, so sharing it
/// changes no verdict.
#[derive(Debug, Default)]
pub struct Variants {
    /// By exercise id and variant number: the variant, or why no student is shown it.
    named: Seen,
    /// By exercise id and the variant a student's search starts from: the first valid one.
    searched: Seen,
}

/// The map, even if a thread panicked while holding it (it only ever holds finished results).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `key`'s entry of `map`, computed by `f` the first time (outside the lock, so that other
/// exercises' workers are not held up; two workers may compute the same entry once each).
fn once(
    map: &Seen,
    key: (String, u32),
    f: impl FnOnce() -> Result<Exercise, String>,
) -> Result<Exercise, String> {
    if let Some(found) = lock(map).get(&key) {
        return found.clone();
    }
    let r = f();
    lock(map).insert(key, r.clone());
    r
}

impl Variants {
    /// How many variants were validated in the run (named ones and students' searches).
    pub fn validated(&self) -> usize {
        lock(&self.named).len() + lock(&self.searched).len()
    }

    /// Variant `n` of `ex`, when it passes validation (never one that fails it: no student is
    /// shown it).
    fn named(&self, ex: &Exercise, n: u32) -> Result<Exercise, String> {
        once(&self.named, (ex.id.clone(), n), || {
            let vex = ex.variant(n).map_err(|e| e.to_string())?;
            match variant_errors(&vex).first() {
                None => Ok(vex),
                Some(d) => Err(format!(
                    "variant {n} of `{}` fails validation, so no student is shown it: {}",
                    ex.id, d.message
                )),
            }
        })
    }

    /// `student`'s first valid variant of `ex`.
    fn students(&self, ex: &Exercise, student: &str) -> Result<Exercise, String> {
        let from = first_variant(student, &ex.id);
        once(&self.searched, (ex.id.clone(), from), || {
            student_valid_variant(ex, student)
                .map(|v| v.exercise)
                .map_err(|e| e.to_string())
        })
    }
}

/// Which exercise an entry answers: the variant it names (never one that fails validation:
/// no student is shown it), else the student's first valid variant, else (for a randomised
/// exercise) none, with the reason.
fn exercise_answered(
    ex: &Exercise,
    variant: Option<u32>,
    student: Option<&str>,
    variants: &Variants,
) -> Result<Exercise, String> {
    match (variant, student) {
        (Some(n), _) if ex.is_randomised() => variants.named(ex, n),
        (Some(_), _) => Err(format!(
            "`{}` is not randomised: answer it without a variant",
            ex.id
        )),
        (None, Some(s)) if ex.is_randomised() => variants.students(ex, s),
        (None, None) if ex.is_randomised() => Err(format!(
            "`{}` is randomised: give the variant answered (`{} = {{ answer = ..., variant = N }}`) or the student at the top of the file (`student = \"name\"`)",
            ex.id, ex.id
        )),
        (None, _) => Ok(ex.clone()),
    }
}

/// Grades `answers`, the entries without a variant as `student`'s variants.
pub fn grade_as(course: &Course, answers: &[AnswerEntry], student: Option<&str>) -> Report {
    let exercises: Vec<_> = course.exercises().collect();
    let by_id: std::collections::HashMap<&str, &AnswerEntry> =
        answers.iter().map(|a| (a.id.as_str(), a)).collect();
    let variants = Variants::default();
    let results = map_parallel(&exercises, |ex| {
        grade_entry(
            ex,
            by_id.get(ex.id.as_str()).copied(),
            student,
            &check,
            &variants,
        )
    });
    Report {
        summary: Summary::of(&results),
        results,
        warnings: unknown_ids(course, answers),
    }
}

/// A warning for every entry whose id names no loaded exercise, with the ids it may mean.
pub fn unknown_ids(course: &Course, answers: &[AnswerEntry]) -> Vec<String> {
    // A set of the ids, once: looking each answer's id up in the course would compare it with
    // every exercise's (half a million comparisons for 1,000 answers to 1,000 exercises).
    let known: std::collections::HashSet<&str> =
        course.exercises().map(|e| e.id.as_str()).collect();
    answers
        .iter()
        .filter(|entry| !known.contains(entry.id.as_str()))
        .map(|entry| {
            let close = close_ids(course, &entry.id);
            if close.is_empty() {
                format!(
                    "`{}` is not the id of any loaded exercise; ignored",
                    entry.id
                )
            } else {
                format!(
                    "`{}` is not the id of any loaded exercise; ignored (did you mean {}?)",
                    entry.id,
                    close.join(", ")
                )
            }
        })
        .collect()
}

impl Summary {
    /// The counts of each verdict among `results`.
    pub fn of(results: &[GradeResult]) -> Summary {
        let mut s = Summary {
            total: results.len(),
            ..Summary::default()
        };
        for r in results {
            match r.verdict {
                GradeVerdict::Correct => s.correct += 1,
                GradeVerdict::Incorrect => s.incorrect += 1,
                GradeVerdict::Invalid => s.invalid += 1,
                GradeVerdict::Unanswered => s.unanswered += 1,
            }
        }
        s
    }
}

/// Grades one exercise: `entry` (none when it was not answered), the variant it names or else
/// `student`'s, judged by `check` (given the exercise answered, a variant for a randomised one).
/// `check` is [`crate::check::check`] here; the class report passes one that keeps a checker per
/// variant, so that a class's answers to one exercise share one. `variants` remembers which
/// variants passed validation (one per run, shared by every entry).
pub fn grade_entry(
    ex: &Exercise,
    entry: Option<&AnswerEntry>,
    student: Option<&str>,
    check: &dyn Fn(&Exercise, &Answer) -> Verdict,
    variants: &Variants,
) -> GradeResult {
    let result = |variant, params, v: Verdict| GradeResult {
        id: ex.id.clone(),
        kind: ex.kind.name().to_string(),
        variant,
        params,
        verdict: v.status.into(),
        message: v.message,
        diagnosis: v.diagnosis,
        cells: v.cells,
        read_error: v.read_error,
    };
    let Some(entry) = entry else {
        let params = if ex.is_randomised() {
            serde_json::Map::new()
        } else {
            params_json(&ex.params)
        };
        let mut r = result(None, params, Verdict::invalid("no answer"));
        r.verdict = GradeVerdict::Unanswered;
        return r;
    };
    let answered = match exercise_answered(ex, entry.variant, student, variants) {
        Ok(e) => e,
        Err(why) => {
            let v = Verdict::invalid(format!("{why}."));
            return result(entry.variant, serde_json::Map::new(), v);
        }
    };
    let (variant, params) = (answered.variant_number(), params_json(&answered.params));
    let v = match &entry.answer {
        Err(why) => Verdict::invalid(format!("Could not read this answer: {why}.")),
        Ok(answer) => check(&answered, answer),
    };
    result(variant, params, v)
}

/// `f` over `items` on the available cores, results in order.
pub(crate) fn map_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    if threads <= 1 || items.len() < 16 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for h in handles {
            match h.join() {
                Ok(v) => out.extend(v),
                // A panic in a worker is a bug; re-raise it rather than lose results silently.
                Err(e) => std::panic::resume_unwind(e),
            }
        }
        out
    })
}

/// Loaded exercise ids close to `id` (for "did you mean").
pub fn close_ids(course: &Course, id: &str) -> Vec<String> {
    let mut scored: Vec<(f64, &str)> = course
        .exercises()
        .map(|e| {
            let mut s = strsim::jaro_winkler(id, &e.id);
            if e.id.contains(id) || id.contains(e.id.as_str()) {
                s = s.max(0.9);
            }
            (s, e.id.as_str())
        })
        .filter(|(s, _)| *s >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(5)
        .map(|(_, id)| id.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_of_every_shape() {
        let text = r#"
a = "12x^3 - 10x + 2"
b = 0.25
c = ["2x", "2y"]
d = [["2xy", "x^2"], ["5", "cos(y)"]]
e = { z = [0, 3.5], L = 2.0e-8, cost = "0.96" }
f = true
g = 3
"#;
        use crate::exercise::TableEntry;
        let got = parse_answers(text, "answers.toml").unwrap();
        let get = |id: &str| got.iter().find(|e| e.id == id).unwrap().answer.clone();
        assert_eq!(get("a"), Ok(Answer::Scalar("12x^3 - 10x + 2".into())));
        assert_eq!(get("b"), Ok(Answer::Scalar("0.25".into())));
        assert_eq!(get("g"), Ok(Answer::Scalar("3".into())));
        assert_eq!(get("c"), Ok(Answer::Vector(vec!["2x".into(), "2y".into()])));
        assert!(matches!(get("d"), Ok(Answer::Matrix(m)) if m.len() == 2 && m[1][1] == "cos(y)"));
        match get("e") {
            Ok(Answer::Table(t)) => {
                assert!(t.contains(&("L".into(), TableEntry::Total("0.00000002".into()))));
                assert!(t.contains(&(
                    "z".into(),
                    TableEntry::Column(vec!["0".into(), "3.5".into()])
                )));
            }
            other => panic!("{other:?}"),
        }
        assert!(get("f").is_err());
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse_answers("a = 1\nb = [1, 2\n", "ans.toml").unwrap_err();
        match e {
            AnswersError::Syntax { line, .. } => assert!(line >= 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn binary_text_is_refused() {
        assert!(matches!(
            text_from_bytes(vec![b'a', 0, b'b'], "x"),
            Err(AnswersError::Binary { .. })
        ));
        assert!(matches!(
            text_from_bytes(vec![0xff, 0xfe], "x"),
            Err(AnswersError::Binary { .. })
        ));
        assert_eq!(text_from_bytes(b"a = 1".to_vec(), "x").unwrap(), "a = 1");
    }

    /// A class's answers name the same few variants again and again: each is validated once
    /// per run, and the verdicts are those of validating it for every answer.
    #[test]
    fn each_variant_a_class_answers_is_validated_once_with_the_same_verdicts() {
        let text = "title = \"t\"\n[[exercise]]\nprompt = \"?\"\nid = \"drawn\"\n\
                    kind = \"derivative\"\nparams = { a = { int = [2, 9] } }\n\
                    function = \"a*x^2\"\nvar = \"x\"\n";
        let (set, diags) = crate::exercise::load_str("t.toml", text);
        let ex = set
            .unwrap_or_else(|| panic!("{diags:?}"))
            .exercises
            .remove(0);
        let entry = |variant| AnswerEntry {
            id: "drawn".into(),
            answer: Ok(Answer::Scalar("4x".into())),
            variant,
        };
        let run = Variants::default();
        for k in 0..40u32 {
            let e = entry(Some(1 + k % 4));
            let r = grade_entry(&ex, Some(&e), None, &check, &run);
            let fresh = grade_entry(&ex, Some(&e), None, &check, &Variants::default());
            assert_eq!(r, fresh);
        }
        assert_eq!(run.validated(), 4);
        // A student's variant: searched once for the student, whatever the answer.
        for _ in 0..3 {
            let r = grade_entry(&ex, Some(&entry(None)), Some("ann"), &check, &run);
            assert_ne!(r.verdict, GradeVerdict::Invalid, "{}", r.message);
        }
        assert_eq!(run.validated(), 5);
    }

    #[test]
    fn floats_read_back_exactly() {
        for f in [2.000271e-8, 0.1, 1e300, -3.5e-300, 123456789.125] {
            let s = answer_toml::cell_text(&toml::Value::Float(f)).unwrap();
            assert_eq!(s.parse::<f64>().unwrap(), f);
        }
    }
}
