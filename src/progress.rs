//! What a student has done: per exercise id, attempts, solved, hints used, given up, the last
//! answer and a short history, kept in a TOML file. No terminal code.
//!
//! The file lives in the platform's data directory (`progress.toml` under
//! `ProjectDirs::from("", "", "gradtutor")`), or where `--progress FILE` / `GRADTUTOR_PROGRESS`
//! say. Writes are atomic: a temporary file in the same directory, then a rename. A file that
//! cannot be read or parsed is moved aside (`progress.toml.corrupt-<unix seconds>`) and the
//! student starts fresh; records of ids that no longer exist in the course are kept.

use crate::exercise::{answer_toml, Answer, Course};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// How many recent attempts are kept per exercise.
pub const HISTORY_CAP: usize = 20;

/// The version written into new files.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error("no data directory is known for this user; pass --progress FILE")]
    NoDataDir,
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot encode the progress file: {0}")]
    Encode(#[from] toml::ser::Error),
}

/// An answer as kept in the progress file, in the same shapes as a `grade` answers file:
/// a string, a list of strings, a list of lists, or a table of columns and totals.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedAnswer(pub Answer);

impl Serialize for SavedAnswer {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        answer_toml::serialize(&self.0, ser)
    }
}

impl<'de> Deserialize<'de> for SavedAnswer {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let value = toml::Value::deserialize(de)?;
        answer_toml::from_toml(&value)
            .map(SavedAnswer)
            .map_err(D::Error::custom)
    }
}

/// One submitted answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub answer: SavedAnswer,
    pub correct: bool,
    /// Unix seconds.
    #[serde(default)]
    pub at: u64,
}

/// Everything kept about one exercise (or one descent example's predictions).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Record {
    pub attempts: u32,
    pub solved: bool,
    pub hints_used: u32,
    pub gave_up: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_answer: Option<SavedAnswer>,
    /// Unix seconds of the last change.
    pub updated: u64,
    /// The most recent attempts, oldest first, at most [`HISTORY_CAP`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Attempt>,
}

/// Where a student is marked in lists: solved ✓, attempted ✗, new ·.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Solved,
    Attempted,
    New,
}

impl Mark {
    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Solved => "✓",
            Mark::Attempted => "✗",
            Mark::New => "·",
        }
    }
}

impl Record {
    pub fn mark(&self) -> Mark {
        if self.solved {
            Mark::Solved
        } else if self.attempts > 0 || self.gave_up || self.hints_used > 0 {
            Mark::Attempted
        } else {
            Mark::New
        }
    }
}

/// The whole file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    pub version: u32,
    /// The `source` of the set the student last worked in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_set: Option<String>,
    pub exercises: BTreeMap<String, Record>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: FORMAT_VERSION,
            last_set: None,
            exercises: BTreeMap::new(),
        }
    }
}

/// Per-set totals for summaries and the course list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetSummary {
    pub title: String,
    pub source: String,
    pub total: usize,
    pub solved: usize,
    /// Attempted (or hinted or given up) but not solved.
    pub attempted: usize,
    pub hints_used: u32,
    pub gave_up: usize,
}

/// Current time in unix seconds (0 if the clock is before 1970).
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Progress {
    pub fn record(&self, id: &str) -> Option<&Record> {
        self.exercises.get(id)
    }

    pub fn mark(&self, id: &str) -> Mark {
        self.record(id).map_or(Mark::New, Record::mark)
    }

    fn entry(&mut self, id: &str) -> &mut Record {
        self.exercises.entry(id.to_string()).or_default()
    }

    /// Records a submitted answer. Solved stays solved.
    pub fn record_attempt(&mut self, id: &str, answer: &Answer, correct: bool, at: u64) {
        let r = self.entry(id);
        r.attempts = r.attempts.saturating_add(1);
        r.solved |= correct;
        r.last_answer = Some(SavedAnswer(answer.clone()));
        r.history.push(Attempt {
            answer: SavedAnswer(answer.clone()),
            correct,
            at,
        });
        if r.history.len() > HISTORY_CAP {
            let extra = r.history.len() - HISTORY_CAP;
            r.history.drain(..extra);
        }
        r.updated = at;
    }

    /// Records a checked answer whose text is not kept (a predicted descent step).
    pub fn record_result(&mut self, id: &str, correct: bool, at: u64) {
        let r = self.entry(id);
        r.attempts = r.attempts.saturating_add(1);
        r.solved |= correct;
        r.updated = at;
    }

    /// Records that `shown` hints of an exercise have now been revealed (never decreases).
    pub fn record_hints(&mut self, id: &str, shown: u32, at: u64) {
        let r = self.entry(id);
        if shown > r.hints_used {
            r.hints_used = shown;
            r.updated = at;
        }
    }

    /// Records that the solution was shown before the exercise was solved.
    pub fn record_gave_up(&mut self, id: &str, at: u64) {
        let r = self.entry(id);
        if !r.solved && !r.gave_up {
            r.gave_up = true;
            r.updated = at;
        }
    }

    /// Clears one id; returns whether it had a record.
    pub fn reset_id(&mut self, id: &str) -> bool {
        self.exercises.remove(id).is_some()
    }

    /// Clears everything.
    pub fn reset_all(&mut self) {
        *self = Progress::default();
    }

    /// Totals per set of a course, in course order (exercises only; descent predictions are
    /// kept per id but not counted here).
    pub fn summary(&self, course: &Course) -> Vec<SetSummary> {
        course
            .sets
            .iter()
            .map(|set| {
                let mut s = SetSummary {
                    title: set.title.clone(),
                    source: set.source.clone(),
                    total: set.exercises.len(),
                    ..SetSummary::default()
                };
                for r in set.exercises.iter().filter_map(|e| self.record(&e.id)) {
                    match r.mark() {
                        Mark::Solved => s.solved += 1,
                        Mark::Attempted => s.attempted += 1,
                        Mark::New => {}
                    }
                    s.hints_used = s.hints_used.saturating_add(r.hints_used);
                    s.gave_up += usize::from(r.gave_up);
                }
                s
            })
            .collect()
    }

    /// Ids with a record that the course does not have (kept, never dropped).
    pub fn unknown_ids<'a>(&'a self, course: &Course) -> Vec<&'a str> {
        self.exercises
            .keys()
            .filter(|id| course.exercise(id).is_none() && course.descent(id).is_none())
            .map(String::as_str)
            .collect()
    }
}

/// The default place for the progress file: the platform data directory.
pub fn default_path() -> Result<PathBuf, ProgressError> {
    directories::ProjectDirs::from("", "", "gradtutor")
        .map(|d| d.data_dir().join("progress.toml"))
        .ok_or(ProgressError::NoDataDir)
}

/// The progress and where it is saved.
#[derive(Clone, Debug, Default)]
pub struct Store {
    /// None: kept in memory only (tests, benchmarks).
    path: Option<PathBuf>,
    /// Set when the file exists but could not be moved aside: never overwrite it.
    read_only: bool,
    pub progress: Progress,
}

/// The result of opening a store: it always opens; `notice` says what happened to a bad file.
#[derive(Debug)]
pub struct Opened {
    pub store: Store,
    pub notice: Option<String>,
}

impl Store {
    /// A store that is never written (for tests and benchmarks).
    pub fn in_memory(progress: Progress) -> Store {
        Store {
            path: None,
            read_only: false,
            progress,
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Opens the file at `path`. A missing file is a fresh start; an unreadable or corrupt one
    /// is moved aside and reported in `notice`.
    pub fn open(path: &Path) -> Opened {
        let fresh = |read_only| Store {
            path: Some(path.to_path_buf()),
            read_only,
            progress: Progress::default(),
        };
        let problem = match fs::read(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Opened {
                    store: fresh(false),
                    notice: None,
                }
            }
            Err(e) => format!("could not be read ({e})"),
            Ok(bytes) => match std::str::from_utf8(&bytes) {
                Err(_) => "is not text".to_string(),
                Ok(text) => match toml::from_str::<Progress>(text) {
                    Ok(progress) => {
                        return Opened {
                            store: Store {
                                path: Some(path.to_path_buf()),
                                read_only: false,
                                progress,
                            },
                            notice: None,
                        }
                    }
                    Err(e) => format!("is damaged ({})", first_line(e.message())),
                },
            },
        };
        match move_aside(path) {
            Ok(aside) => Opened {
                store: fresh(false),
                notice: Some(format!(
                    "Your progress file {} {problem}; it was moved to {} and you start afresh.",
                    path.display(),
                    aside.display()
                )),
            },
            Err(e) => Opened {
                store: fresh(true),
                notice: Some(format!(
                    "Your progress file {} {problem} and could not be moved aside ({e}); \
                     progress will not be saved this session.",
                    path.display()
                )),
            },
        }
    }

    /// Writes the file atomically (temporary file in the same directory, then rename).
    pub fn save(&self) -> Result<(), ProgressError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if self.read_only {
            return Ok(());
        }
        let text = toml::to_string(&self.progress)?;
        write_atomic(path, text.as_bytes()).map_err(|source| ProgressError::Write {
            path: path.clone(),
            source,
        })
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s).trim()
}

fn move_aside(path: &Path) -> io::Result<PathBuf> {
    let stamp = now();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "progress.toml".to_string());
    let mut n = 0;
    loop {
        let suffix = if n == 0 {
            format!("{name}.corrupt-{stamp}")
        } else {
            format!("{name}.corrupt-{stamp}-{n}")
        };
        let aside = path.with_file_name(suffix);
        if !aside.exists() {
            fs::rename(path, &aside)?;
            return Ok(aside);
        }
        n += 1;
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "progress.toml".to_string());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::TableEntry;

    #[test]
    fn answers_round_trip_in_every_shape() {
        let shapes = [
            Answer::Scalar("3x^2".into()),
            Answer::Vector(vec!["2x".into(), "2y".into()]),
            Answer::Matrix(vec![
                vec!["2xy".into(), "x^2".into()],
                vec!["5".into(), "cos(y)".into()],
            ]),
            Answer::Table(vec![
                ("L".into(), TableEntry::Total("2.0e-8".into())),
                (
                    "z".into(),
                    TableEntry::Column(vec!["0".into(), "3.5".into()]),
                ),
            ]),
        ];
        let mut p = Progress::default();
        for (i, a) in shapes.iter().enumerate() {
            p.record_attempt(&format!("ex-{i}"), a, i % 2 == 0, 100 + i as u64);
        }
        let text = toml::to_string(&p).expect("serialises");
        let back: Progress = toml::from_str(&text).expect("parses back");
        assert_eq!(back, p, "{text}");
    }

    #[test]
    fn history_is_capped_and_solved_stays_solved() {
        let mut p = Progress::default();
        p.record_attempt("a", &Answer::Scalar("x".into()), true, 1);
        for i in 0..30 {
            p.record_attempt("a", &Answer::Scalar(format!("{i}")), false, 2 + i);
        }
        let r = p.record("a").expect("record");
        assert_eq!(r.attempts, 31);
        assert!(r.solved);
        assert_eq!(r.history.len(), HISTORY_CAP);
        assert_eq!(
            r.history[HISTORY_CAP - 1].answer.0,
            Answer::Scalar("29".into())
        );
        assert_eq!(r.mark(), Mark::Solved);
    }

    #[test]
    fn hints_never_decrease_and_giving_up_after_solving_does_not_count() {
        let mut p = Progress::default();
        p.record_hints("a", 2, 5);
        p.record_hints("a", 1, 6);
        assert_eq!(p.record("a").map(|r| r.hints_used), Some(2));
        assert_eq!(p.mark("a"), Mark::Attempted);
        p.record_attempt("b", &Answer::Scalar("1".into()), true, 1);
        p.record_gave_up("b", 2);
        assert_eq!(p.record("b").map(|r| r.gave_up), Some(false));
        p.record_gave_up("c", 2);
        assert_eq!(p.record("c").map(|r| r.gave_up), Some(true));
    }
}
