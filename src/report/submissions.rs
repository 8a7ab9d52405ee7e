//! Submissions: answers files (as `grade` reads them) and directories of them, each one
//! student's, or the reason it is skipped.

use crate::grade::{self, AnswerEntry, AnswersError};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One student's answers file.
#[derive(Clone, Debug, PartialEq)]
pub struct Submission {
    /// The file, as given (or found in a directory given).
    pub file: String,
    /// The file's top-level `student`, else its name without extension.
    pub name: String,
    /// The top-level `student`, when there is one: whose variants the entries without a variant
    /// answer (as `grade` reads it).
    pub student: Option<String>,
    pub entries: Vec<AnswerEntry>,
}

/// Why a submission was left out of the report.
#[derive(Debug, thiserror::Error)]
pub enum SubmissionError {
    /// Unreadable, too large, binary, or not TOML.
    #[error(transparent)]
    Answers(#[from] AnswersError),
    #[error("cannot list the directory {path}: {source}")]
    Directory {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A directory with no `.toml` file in it.
    #[error("{path} holds no answers file (*.toml)")]
    EmptyDirectory { path: String },
    /// Every key names an exercise that is not in the course.
    #[error(
        "{path}: none of its {count} answers names an exercise of the course (is it for another course? give it with --course)"
    )]
    NoKnownExercise { path: String, count: usize },
}

/// A submission left out, and why.
#[derive(Debug, Serialize)]
pub struct Skipped {
    pub file: String,
    #[serde(serialize_with = "as_text")]
    pub error: SubmissionError,
}

fn as_text<S: serde::Serializer>(e: &SubmissionError, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(e)
}

/// Reads every submission in `paths`: a file is one student's answers, a directory holds one per
/// `*.toml` file (in its subdirectories too), in name order. What cannot be read is skipped.
pub fn read_submissions(paths: &[PathBuf]) -> (Vec<Submission>, Vec<Skipped>) {
    let mut read = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        if path.is_dir() {
            match answers_files(path) {
                Ok(files) if files.is_empty() => skipped.push(Skipped {
                    file: path.display().to_string(),
                    error: SubmissionError::EmptyDirectory {
                        path: path.display().to_string(),
                    },
                }),
                Ok(files) => {
                    for f in files {
                        one(&f, &mut read, &mut skipped);
                    }
                }
                Err(source) => skipped.push(Skipped {
                    file: path.display().to_string(),
                    error: SubmissionError::Directory {
                        path: path.display().to_string(),
                        source,
                    },
                }),
            }
        } else {
            one(path, &mut read, &mut skipped);
        }
    }
    (read, skipped)
}

fn one(path: &Path, read: &mut Vec<Submission>, skipped: &mut Vec<Skipped>) {
    match read_submission(path) {
        Ok(s) => read.push(s),
        Err(error) => skipped.push(Skipped {
            file: path.display().to_string(),
            error,
        }),
    }
}

/// One answers file: refused when huge or binary (before parsing), then parsed as `grade` does.
pub fn read_submission(path: &Path) -> Result<Submission, SubmissionError> {
    let file = path.display().to_string();
    let text = grade::read_answers_file(path)?;
    let entries = grade::parse_answers(&text, &file)?;
    let student = grade::answers_student(&text);
    let name = student.clone().unwrap_or_else(|| {
        path.file_stem()
            .map_or_else(|| file.clone(), |s| s.to_string_lossy().into_owned())
    });
    Ok(Submission {
        file,
        name,
        student,
        entries,
    })
}

/// The `*.toml` files under `dir`, in path order.
fn answers_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}
