//! The class report: what a whole class got wrong, grouped, before the session starts.
//!
//! CONTRACT: [`build`] takes the course and the students' submissions (answers files as `grade`
//! reads them, [`read_submissions`]) and gives a [`ClassReport`]: per exercise the counts and the
//! wrong answers grouped by what they mean, per student the counts and the exercises missed, and
//! for the class the diagnoses and the exercises ranked by how many students they concern.
//! [`format`] writes it as text, markdown, CSV or JSON (the JSON shape is issue 12's, pinned by
//! tests/it/report.rs).
//!
//! Pipeline:
//! 1. Each answer is graded through [`crate::grade::grade_entry`], exactly as `grade` grades it
//!    (the variant named, else the student's), with one [`Checker`] per exercise and variant
//!    shared by the whole class.
//! 2. A wrong answer's [`Fingerprint`] (its values where the checker judges it) is filed in a
//!    hash map under [`Checker::fingerprint_key`]; a new one looks under
//!    [`Checker::fingerprint_probes`] and joins the group whose answer the checker's own
//!    comparison finds equal ([`Checker::same_values`]). Linear in the number of answers: no
//!    answer is compared with every other.
//! 3. A randomised exercise's answers are grouped by value within each variant; across
//!    variants, the groups with one diagnosis are one group (the values differ per variant, the
//!    mistake does not). Unreadable answers are grouped by their error.

mod format;
mod group;
mod submissions;

pub use format::{csv, json, markdown, text, Format, CSV_COLUMNS};
pub use submissions::{read_submission, read_submissions, Skipped, Submission, SubmissionError};

use crate::check::{Checker, Diagnosis, SetupError, Verdict};
use crate::exercise::{Answer, Course, Exercise, TableEntry};
use crate::grade::{self, map_parallel, GradeResult, GradeVerdict};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A class's report (serialises to the JSON shape of issue 12).
#[derive(Debug, Serialize)]
pub struct ClassReport {
    pub students: Vec<StudentReport>,
    /// The exercises anyone answered, in course order.
    pub exercises: Vec<ExerciseReport>,
    /// Diagnoses by how many students made them, most first.
    pub diagnoses: Vec<DiagnosisRank>,
    pub skipped: Vec<Skipped>,
    /// Answers to exercises the course does not have, duplicate names: for stderr.
    #[serde(skip)]
    pub warnings: Vec<String>,
    /// One row per student × exercise, students in submission order, exercises in course order.
    #[serde(skip)]
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StudentReport {
    pub name: String,
    pub answered: usize,
    pub correct: usize,
    pub incorrect: usize,
    pub invalid: usize,
    /// The exercises of the report answered wrongly or not readably, in course order.
    #[serde(skip)]
    pub missed: Vec<String>,
    /// The exercises of the report not answered.
    #[serde(skip)]
    pub unanswered: usize,
}

#[derive(Debug, Serialize)]
pub struct ExerciseReport {
    pub id: String,
    pub answered: usize,
    pub correct: usize,
    pub incorrect: usize,
    pub invalid: usize,
    /// Wrong and unreadable answers grouped, largest group first.
    pub groups: Vec<Group>,
    /// Whether its numbers are drawn per student.
    #[serde(skip)]
    pub randomised: bool,
}

impl ExerciseReport {
    /// How many students answered it wrongly or unreadably.
    pub fn missed(&self) -> usize {
        self.incorrect + self.invalid
    }
}

/// Answers that mean the same (or, unreadable, fail the same way).
#[derive(Debug, Serialize)]
pub struct Group {
    pub verdict: GradeVerdict,
    pub count: usize,
    pub diagnosis: Option<Diagnosis>,
    /// The checker's message for the most common form (for an unreadable answer, the error).
    pub message: String,
    /// The forms typed, most common first.
    pub answers: Vec<Form>,
    pub students: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Form {
    pub text: String,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct DiagnosisRank {
    pub diagnosis: Diagnosis,
    /// How many students made this mistake (in any exercise).
    pub students: usize,
    /// In how many exercises.
    pub exercises: usize,
    /// How many answers.
    pub answers: usize,
}

/// One student's answer to one exercise (a CSV row).
#[derive(Clone, Debug)]
pub struct Row {
    pub student: String,
    pub exercise: String,
    pub variant: Option<u32>,
    /// The answer as typed (empty when not answered).
    pub answer: String,
    pub verdict: GradeVerdict,
    pub diagnosis: Option<Diagnosis>,
    /// The number of its group in the exercise's `groups` (from 1), for a wrong answer.
    pub group: Option<usize>,
}

/// The report on `submissions` (already read; `skipped` are the ones that could not be).
pub fn build(course: &Course, submissions: Vec<Submission>, skipped: Vec<Skipped>) -> ClassReport {
    let mut warnings = Vec::new();
    let mut skipped = skipped;
    let students = admit(course, submissions, &mut skipped, &mut warnings);
    let answered: BTreeSet<&str> = students
        .iter()
        .flat_map(|s| s.entries.iter().map(|e| e.id.as_str()))
        .collect();
    let exercises: Vec<&Exercise> = course
        .exercises()
        .filter(|e| answered.contains(e.id.as_str()))
        .collect();
    let graded = map_parallel(&exercises, |ex| grade_exercise(ex, &students));
    let mut rows = Vec::with_capacity(students.len() * exercises.len());
    for s in 0..students.len() {
        rows.extend(graded.iter().map(|(_, r)| r[s].clone()));
    }
    let exercises: Vec<ExerciseReport> = graded.into_iter().map(|(e, _)| e).collect();
    ClassReport {
        students: student_reports(&students, &rows),
        diagnoses: rank_diagnoses(&rows),
        exercises,
        skipped,
        warnings,
        rows,
    }
}

/// The submissions that answer something in the course, each with a distinct name; warnings for
/// ids the course does not have and for names given twice.
fn admit(
    course: &Course,
    submissions: Vec<Submission>,
    skipped: &mut Vec<Skipped>,
    warnings: &mut Vec<String>,
) -> Vec<Submission> {
    let mut out: Vec<Submission> = Vec::with_capacity(submissions.len());
    let mut names: HashMap<String, usize> = HashMap::new();
    for mut s in submissions {
        let unknown = grade::unknown_ids(course, &s.entries);
        if !s.entries.is_empty() && unknown.len() == s.entries.len() {
            skipped.push(Skipped {
                error: SubmissionError::NoKnownExercise {
                    path: s.file.clone(),
                    count: unknown.len(),
                },
                file: s.file,
            });
            continue;
        }
        warnings.extend(unknown.into_iter().map(|w| format!("{}: {w}", s.file)));
        s.entries.retain(|e| course.exercise(&e.id).is_some());
        let seen = names.entry(s.name.clone()).or_insert(0);
        *seen += 1;
        if *seen > 1 {
            let renamed = format!("{} ({})", s.name, seen);
            warnings.push(format!(
                "{}: a second submission from `{}`; reported as `{renamed}`",
                s.file, s.name
            ));
            s.name = renamed;
        }
        out.push(s);
    }
    out
}

/// Grades every student's answer to `ex` with one checker per variant, and groups the wrong ones.
fn grade_exercise(ex: &Exercise, students: &[Submission]) -> (ExerciseReport, Vec<Row>) {
    let checkers: RefCell<HashMap<Option<u32>, Result<Checker, SetupError>>> =
        RefCell::new(HashMap::new());
    let check = |answered: &Exercise, answer: &Answer| -> Verdict {
        let mut cache = checkers.borrow_mut();
        let checker = cache
            .entry(answered.variant_number())
            .or_insert_with(|| Checker::new(answered));
        match checker {
            Ok(c) => c.check(answer),
            Err(e) => Verdict::cannot_check(e),
        }
    };
    // Each variant the class names is validated once, not once per answer.
    let variants = grade::Variants::default();
    let mut groups = group::Groups::new(ex.is_randomised());
    let mut rows = Vec::with_capacity(students.len());
    let mut report = ExerciseReport {
        id: ex.id.clone(),
        answered: 0,
        correct: 0,
        incorrect: 0,
        invalid: 0,
        groups: Vec::new(),
        randomised: ex.is_randomised(),
    };
    for (s, student) in students.iter().enumerate() {
        let entry = student.entries.iter().find(|e| e.id == ex.id);
        let result = grade::grade_entry(ex, entry, student.student.as_deref(), &check, &variants);
        let answer = entry.and_then(|e| e.answer.as_ref().ok());
        let typed = answer.map(answer_text).unwrap_or_default();
        match result.verdict {
            GradeVerdict::Correct => report.correct += 1,
            GradeVerdict::Incorrect => report.incorrect += 1,
            GradeVerdict::Invalid => report.invalid += 1,
            GradeVerdict::Unanswered => {}
        }
        if result.verdict != GradeVerdict::Unanswered {
            report.answered += 1;
        }
        let cache = checkers.borrow();
        let checker = cache.get(&result.variant).and_then(|c| c.as_ref().ok());
        groups.add(s, &student.name, &result, answer, &typed, checker);
        rows.push(row(&student.name, &result, typed));
    }
    let (list, member_group) = groups.finish();
    report.groups = list;
    for (s, g) in member_group {
        rows[s].group = Some(g);
    }
    (report, rows)
}

fn row(student: &str, r: &GradeResult, answer: String) -> Row {
    Row {
        student: student.to_string(),
        exercise: r.id.clone(),
        variant: r.variant,
        answer,
        verdict: r.verdict,
        diagnosis: r.diagnosis,
        group: None,
    }
}

/// An answer as a student typed it: a value as written, a list `[a, b]`, a matrix
/// `[[a, b], [c, d]]`, a table `{ z = [a, b], L = c }`.
pub fn answer_text(answer: &Answer) -> String {
    let list = |v: &[String]| format!("[{}]", v.join(", "));
    match answer {
        Answer::Scalar(s) => s.trim().to_string(),
        Answer::Vector(v) => list(v),
        Answer::Matrix(m) => format!(
            "[{}]",
            m.iter().map(|r| list(r)).collect::<Vec<_>>().join(", ")
        ),
        Answer::Table(entries) => format!(
            "{{ {} }}",
            entries
                .iter()
                .map(|(name, e)| match e {
                    TableEntry::Column(c) => format!("{name} = {}", list(c)),
                    TableEntry::Total(t) => format!("{name} = {t}"),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Per student: the counts and the exercises missed, from the rows.
fn student_reports(students: &[Submission], rows: &[Row]) -> Vec<StudentReport> {
    let per = rows.len().checked_div(students.len()).unwrap_or(0);
    students
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mine = &rows[i * per..(i + 1) * per];
            let count = |v: GradeVerdict| mine.iter().filter(|r| r.verdict == v).count();
            StudentReport {
                name: s.name.clone(),
                answered: mine.len() - count(GradeVerdict::Unanswered),
                correct: count(GradeVerdict::Correct),
                incorrect: count(GradeVerdict::Incorrect),
                invalid: count(GradeVerdict::Invalid),
                unanswered: count(GradeVerdict::Unanswered),
                missed: mine
                    .iter()
                    .filter(|r| {
                        matches!(r.verdict, GradeVerdict::Incorrect | GradeVerdict::Invalid)
                    })
                    .map(|r| r.exercise.clone())
                    .collect(),
            }
        })
        .collect()
}

/// The diagnoses of wrong answers, by how many students made them (then in how many exercises,
/// then by name).
fn rank_diagnoses(rows: &[Row]) -> Vec<DiagnosisRank> {
    type Seen<'a> = (BTreeSet<&'a str>, BTreeSet<&'a str>, usize);
    let mut by: BTreeMap<&'static str, (Diagnosis, Seen)> = BTreeMap::new();
    for r in rows {
        let Some(d) = r.diagnosis.filter(|_| r.verdict == GradeVerdict::Incorrect) else {
            continue;
        };
        let (_, (students, exercises, answers)) =
            by.entry(d.tag()).or_insert((d, Default::default()));
        students.insert(&r.student);
        exercises.insert(&r.exercise);
        *answers += 1;
    }
    let mut out: Vec<DiagnosisRank> = by
        .into_values()
        .map(|(diagnosis, (s, e, answers))| DiagnosisRank {
            diagnosis,
            students: s.len(),
            exercises: e.len(),
            answers,
        })
        .collect();
    out.sort_by(|a, b| {
        b.students
            .cmp(&a.students)
            .then(b.exercises.cmp(&a.exercises))
            .then(a.diagnosis.tag().cmp(b.diagnosis.tag()))
    });
    out
}

impl ClassReport {
    /// The exercises by how many students missed them, most first (those nobody missed left
    /// out): what to go over in the session.
    pub fn exercises_missed(&self) -> Vec<&ExerciseReport> {
        let mut v: Vec<&ExerciseReport> =
            self.exercises.iter().filter(|e| e.missed() > 0).collect();
        v.sort_by_key(|e| std::cmp::Reverse(e.missed()));
        v
    }
}
