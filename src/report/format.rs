//! The class report written out: text for the terminal (aligned tables, counts with bars),
//! markdown for session notes, CSV (one row per student × exercise) and JSON for scripts.

use super::{ClassReport, ExerciseReport, Group};
use crate::grade::GradeVerdict;
use crate::text::plural;

/// The formats `gradtutor report --format` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Csv,
    Json,
}

impl Format {
    /// The report in this format.
    pub fn write(self, report: &ClassReport) -> String {
        match self {
            Format::Text => text(report),
            Format::Markdown => markdown(report),
            Format::Csv => csv(report),
            Format::Json => json(report),
        }
    }
}

/// The widest bar, in characters.
const BAR: usize = 20;

/// `n` of `max` as a bar of up to [`BAR`] blocks (at least one for any `n` above 0).
fn bar(n: usize, max: usize) -> String {
    if n == 0 || max == 0 {
        return String::new();
    }
    "█".repeat((n * BAR).div_ceil(max).clamp(1, BAR))
}

/// Columns padded to their widest cell (in characters), two spaces apart; `right[i]` aligns
/// column i to the right (numbers). Trailing spaces are trimmed.
fn table(header: &[&str], rows: &[Vec<String>], right: &[bool]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut out = String::from("  ");
        for (i, c) in cells.iter().enumerate() {
            let pad = " ".repeat(widths[i] - c.chars().count());
            if right.get(i).copied().unwrap_or(false) {
                out.push_str(&pad);
                out.push_str(c);
            } else {
                out.push_str(c);
                out.push_str(&pad);
            }
            out.push_str("  ");
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = line(header.to_vec());
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

/// "4 students, 3 exercises (1 submission skipped)".
fn headline(r: &ClassReport) -> String {
    let mut s = format!(
        "{}, {}",
        plural(r.students.len(), ("student", "students")),
        plural(r.exercises.len(), ("exercise", "exercises"))
    );
    if !r.skipped.is_empty() {
        s.push_str(&format!(
            " ({} skipped)",
            plural(r.skipped.len(), ("submission", "submissions"))
        ));
    }
    s
}

fn verdict_word(v: GradeVerdict) -> &'static str {
    match v {
        GradeVerdict::Correct => "correct",
        GradeVerdict::Incorrect => "incorrect",
        GradeVerdict::Invalid => "invalid",
        GradeVerdict::Unanswered => "unanswered",
    }
}

fn counts(e: &ExerciseReport) -> String {
    format!(
        "{} answered: {} correct, {} incorrect, {} invalid",
        e.answered, e.correct, e.incorrect, e.invalid
    )
}

/// The report for a terminal.
pub fn text(r: &ClassReport) -> String {
    let mut out = format!("Class report: {}\n", headline(r));
    out.push_str(&text_missed(r));
    out.push_str(&text_diagnoses(r));
    for e in &r.exercises {
        out.push_str(&format!("\n{}: {}\n", e.id, counts(e)));
        for (n, g) in e.groups.iter().enumerate() {
            out.push_str(&text_group(n + 1, g));
        }
    }
    out.push_str(&text_students(r));
    out.push_str(&text_skipped(r));
    out
}

/// The exercises to go over, with bars scaled to the class.
fn text_missed(r: &ClassReport) -> String {
    let class = r.students.len();
    let missed = r.exercises_missed();
    if missed.is_empty() {
        return String::new();
    }
    let rows: Vec<Vec<String>> = missed
        .iter()
        .map(|e| {
            vec![
                e.id.clone(),
                format!("{} of {class}", e.missed()),
                bar(e.missed(), class),
            ]
        })
        .collect();
    "\nWhat to go over: the exercises by how many students missed them\n".to_string()
        + &table(&["exercise", "missed", ""], &rows, &[false, true])
}

/// The diagnoses, with bars scaled to the most common.
fn text_diagnoses(r: &ClassReport) -> String {
    if r.diagnoses.is_empty() {
        return String::new();
    }
    let top = r.diagnoses.first().map_or(0, |d| d.students);
    let rows: Vec<Vec<String>> = r
        .diagnoses
        .iter()
        .map(|d| {
            vec![
                d.diagnosis.tag().to_string(),
                d.students.to_string(),
                d.exercises.to_string(),
                d.answers.to_string(),
                bar(d.students, top),
            ]
        })
        .collect();
    "\nMistakes: the diagnoses by how many students made them\n".to_string()
        + &table(
            &["diagnosis", "students", "exercises", "answers", ""],
            &rows,
            &[false, true, true, true],
        )
}

fn text_students(r: &ClassReport) -> String {
    let total = r.exercises.len();
    let rows: Vec<Vec<String>> = r
        .students
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                s.answered.to_string(),
                s.correct.to_string(),
                s.incorrect.to_string(),
                s.invalid.to_string(),
                format!("{}/{total}", s.correct),
                s.missed.join(", "),
            ]
        })
        .collect();
    "\nStudents\n".to_string()
        + &table(
            &[
                "student",
                "answered",
                "correct",
                "incorrect",
                "invalid",
                "score",
                "missed",
            ],
            &rows,
            &[false, true, true, true, true, true, false],
        )
}

fn text_group(n: usize, g: &Group) -> String {
    let mark = if g.verdict == GradeVerdict::Invalid {
        "!"
    } else {
        "✗"
    };
    let what = match (g.verdict, g.diagnosis) {
        (GradeVerdict::Invalid, _) => "unreadable".to_string(),
        (_, Some(d)) => d.tag().to_string(),
        (_, None) => "no diagnosis".to_string(),
    };
    let forms: Vec<String> = g
        .answers
        .iter()
        .map(|f| {
            if f.count > 1 {
                format!("{}  (×{})", f.text, f.count)
            } else {
                f.text.clone()
            }
        })
        .collect();
    format!(
        "  {n}. {mark} {}, {what}\n     {}\n     {}\n     students: {}\n",
        plural(g.count, ("answer", "answers")),
        forms.join("\n     "),
        g.message,
        g.students.join(", ")
    )
}

fn text_skipped(r: &ClassReport) -> String {
    if r.skipped.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nSkipped\n");
    for s in &r.skipped {
        out.push_str(&format!("  {}\n", s.error));
    }
    out
}

/// Inline code in markdown: backticks enough to hold the text's own, `|` escaped for tables.
fn code(s: &str) -> String {
    if s.is_empty() {
        return "(empty)".to_string();
    }
    let ticks = if s.contains('`') { "``" } else { "`" };
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{}{pad}{ticks}", s.replace('|', "\\|"))
}

/// Plain text in markdown, with the characters that would start markup escaped.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '|' | '<' | '>' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The report for session notes.
pub fn markdown(r: &ClassReport) -> String {
    let mut out = format!("# Class report\n\n{}.\n", headline(r));
    let class = r.students.len();
    let missed = r.exercises_missed();
    if !missed.is_empty() {
        out.push_str(
            "\n## What to go over\n\n| exercise | students who missed it |\n| --- | ---: |\n",
        );
        for e in missed {
            out.push_str(&format!(
                "| {} | {} of {class} |\n",
                code(&e.id),
                e.missed()
            ));
        }
    }
    if !r.diagnoses.is_empty() {
        out.push_str(
            "\n## Mistakes\n\n| diagnosis | students | exercises | answers |\n| --- | ---: | ---: | ---: |\n",
        );
        for d in &r.diagnoses {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                code(d.diagnosis.tag()),
                d.students,
                d.exercises,
                d.answers
            ));
        }
    }
    out.push_str("\n## Exercises\n");
    for e in &r.exercises {
        out.push_str(&format!("\n### {}\n\n{}.\n", code(&e.id), counts(e)));
        if !e.groups.is_empty() {
            out.push('\n');
        }
        for (n, g) in e.groups.iter().enumerate() {
            let what = match (g.verdict, g.diagnosis) {
                (GradeVerdict::Invalid, _) => "unreadable".to_string(),
                (_, Some(d)) => code(d.tag()),
                (_, None) => "no diagnosis".to_string(),
            };
            let forms: Vec<String> = g
                .answers
                .iter()
                .map(|f| {
                    if f.count > 1 {
                        format!("{} (×{})", code(&f.text), f.count)
                    } else {
                        code(&f.text)
                    }
                })
                .collect();
            out.push_str(&format!(
                "{}. **{}**, {}: {}  \n   {}  \n   Students: {}\n",
                n + 1,
                plural(g.count, ("answer", "answers")),
                what,
                forms.join(", "),
                md(&g.message),
                md(&g.students.join(", "))
            ));
        }
    }
    out.push_str(&markdown_students(r));
    if !r.skipped.is_empty() {
        out.push_str("\n## Skipped\n\n");
        for s in &r.skipped {
            out.push_str(&format!("- {}\n", md(&s.error.to_string())));
        }
    }
    out
}

fn markdown_students(r: &ClassReport) -> String {
    let total = r.exercises.len();
    let mut out = String::from(
        "\n## Students\n\n| student | answered | correct | incorrect | invalid | score | missed |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | --- |\n",
    );
    for s in &r.students {
        let missed: Vec<String> = s.missed.iter().map(|m| code(m)).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {}/{total} | {} |\n",
            md(&s.name),
            s.answered,
            s.correct,
            s.incorrect,
            s.invalid,
            s.correct,
            missed.join(", ")
        ));
    }
    out
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or spaces at
/// its ends, quotes doubled.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 7] = [
    "student",
    "exercise",
    "variant",
    "answer",
    "verdict",
    "diagnosis",
    "group",
];

/// One row per student × exercise: student, exercise, variant, answer, verdict, diagnosis,
/// group (the number of the answer's group in its exercise, from 1, as in the other formats).
pub fn csv(r: &ClassReport) -> String {
    let mut out = CSV_COLUMNS.join(",") + "\n";
    for row in &r.rows {
        let cells = [
            field(&row.student),
            field(&row.exercise),
            row.variant.map(|v| v.to_string()).unwrap_or_default(),
            field(&row.answer),
            verdict_word(row.verdict).to_string(),
            row.diagnosis
                .map(|d| d.tag().to_string())
                .unwrap_or_default(),
            row.group.map(|g| g.to_string()).unwrap_or_default(),
        ];
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// The JSON of issue 12: `students`, `exercises` with their `groups`, `diagnoses`, `skipped`.
pub fn json(r: &ClassReport) -> String {
    // Every field is a string, a number, a list or a map of them: serialising cannot fail.
    serde_json::to_string_pretty(r).unwrap_or_default() + "\n"
}
