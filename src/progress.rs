//! What a student has done: per exercise id, attempts, solved, hints used, given up, the last
//! answer and a short history, kept in a TOML file. No terminal code.
//!
//! The file lives in the platform's data directory (`progress.toml` under
//! `ProjectDirs::from("", "", "gradtutor")`), or where `--progress FILE` / `GRADTUTOR_PROGRESS`
//! say. Writes are atomic: a temporary file in the same directory, then a rename. A file that
//! cannot be read or parsed is moved aside (`progress.toml.corrupt-<unix seconds>`) and the
//! student starts fresh; records of ids that no longer exist in the course are kept.
//!
//! Two tutors may have the same file open (two terminals). A save therefore never writes what
//! the store holds as it is: under a lock on the file's directory it re-reads the file and
//! merges into it the changes made since this store last read or wrote it ([`merge`]), per
//! exercise and per attempt, so no attempt made in either tutor is lost.

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
    /// The variant answered, for a randomised exercise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<u32>,
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
    /// The variant the student is on, for a randomised exercise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<u32>,
    /// A worked descent example that the student stepped through (at least one step).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub walked: bool,
}

impl Record {
    /// The latest answer with the variant it answered (the variant of the last attempt, or the
    /// current one when the history has been trimmed away).
    pub fn latest_answer(&self) -> Option<(&Answer, Option<u32>)> {
        match self.history.last() {
            Some(a) => Some((&a.answer.0, a.variant)),
            None => self.last_answer.as_ref().map(|a| (&a.0, self.variant)),
        }
    }

    /// In how many distinct variants this exercise was solved.
    pub fn variants_solved(&self) -> usize {
        let solved: std::collections::BTreeSet<u32> = self
            .history
            .iter()
            .filter(|a| a.correct)
            .filter_map(|a| a.variant)
            .collect();
        solved.len()
    }
}

/// Where a student is marked in lists: solved ✓, attempted ✗, new ·; a worked descent example
/// walked (stepped in) without a prediction is ↘.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Solved,
    Attempted,
    Walked,
    New,
}

impl Mark {
    /// Every mark, in the order a legend lists them.
    pub const ALL: [Mark; 4] = [Mark::Solved, Mark::Attempted, Mark::Walked, Mark::New];

    /// The mark's meaning in one word, for legends (`✓ solved`).
    pub fn name(self) -> &'static str {
        match self {
            Mark::Solved => "solved",
            Mark::Attempted => "attempted",
            Mark::Walked => "walked",
            Mark::New => "new",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Solved => "✓",
            Mark::Attempted => "✗",
            Mark::Walked => "↘",
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
        } else if self.walked {
            Mark::Walked
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
    /// The student key that randomised exercises draw this student's variants from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub student: Option<String>,
    pub exercises: BTreeMap<String, Record>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            version: FORMAT_VERSION,
            last_set: None,
            student: None,
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
    /// Worked descent examples in the set, and how many of them were walked or predicted.
    pub examples: usize,
    pub walked: usize,
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
        self.record_variant_attempt(id, answer, correct, at, None);
    }

    /// Records a submitted answer to a variant (`None` for a fixed exercise), which becomes
    /// the exercise's current variant.
    pub fn record_variant_attempt(
        &mut self,
        id: &str,
        answer: &Answer,
        correct: bool,
        at: u64,
        variant: Option<u32>,
    ) {
        let r = self.entry(id);
        if variant.is_some() {
            r.variant = variant;
        }
        r.attempts = r.attempts.saturating_add(1);
        r.solved |= correct;
        r.last_answer = Some(SavedAnswer(answer.clone()));
        r.history.push(Attempt {
            answer: SavedAnswer(answer.clone()),
            correct,
            at,
            variant,
        });
        if r.history.len() > HISTORY_CAP {
            let extra = r.history.len() - HISTORY_CAP;
            r.history.drain(..extra);
        }
        r.updated = at;
    }

    /// Moves an exercise on to another variant (the tutor's "another variant").
    pub fn set_variant(&mut self, id: &str, variant: u32, at: u64) {
        let r = self.entry(id);
        r.variant = Some(variant);
        r.updated = at;
    }

    /// The student key, created (from the time and the process) when there is none yet.
    pub fn student_key(&mut self) -> String {
        if let Some(k) = &self.student {
            return k.clone();
        }
        let seed = format!(
            "{}-{}-{:?}",
            now(),
            std::process::id(),
            std::time::Instant::now()
        );
        let key = format!("s-{:016x}", crate::variants::hash::fnv1a(seed.as_bytes()));
        self.student = Some(key.clone());
        key
    }

    /// Records a checked answer whose text is not kept (a predicted descent step).
    pub fn record_result(&mut self, id: &str, correct: bool, at: u64) {
        let r = self.entry(id);
        r.attempts = r.attempts.saturating_add(1);
        r.solved |= correct;
        r.updated = at;
    }

    /// Records that a worked descent example was stepped; returns whether this is news (the
    /// first time), so that the caller saves only then.
    pub fn record_walked(&mut self, id: &str, at: u64) -> bool {
        let r = self.entry(id);
        if r.walked {
            return false;
        }
        r.walked = true;
        r.updated = at;
        true
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

    /// Whether a worked descent example was walked (stepped) or a step of it predicted.
    pub fn walked(&self, id: &str) -> bool {
        self.record(id).is_some_and(|r| r.walked || r.attempts > 0)
    }

    /// Totals per set of a course, in course order: its exercises, and apart from them its
    /// worked descent examples with how many were walked or predicted.
    pub fn summary(&self, course: &Course) -> Vec<SetSummary> {
        course
            .sets
            .iter()
            .map(|set| {
                let mut s = SetSummary {
                    title: set.title.clone(),
                    source: set.source.clone(),
                    total: set.exercises.len(),
                    examples: set.descents.len(),
                    walked: set.descents.iter().filter(|d| self.walked(&d.id)).count(),
                    ..SetSummary::default()
                };
                for r in set.exercises.iter().filter_map(|e| self.record(&e.id)) {
                    match r.mark() {
                        Mark::Solved => s.solved += 1,
                        Mark::Attempted => s.attempted += 1,
                        Mark::Walked | Mark::New => {}
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
    /// The file as this store last read or wrote it: `progress` minus `base` is what was done
    /// here since, and is what a save merges into the file as it is now.
    base: Progress,
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
            base: progress.clone(),
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
            base: Progress::default(),
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
                                base: progress.clone(),
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

    /// Saves what was done here since the last save into the file as it is now (another tutor
    /// may have saved meanwhile): under a lock on the file's directory, re-reads the file,
    /// merges ([`merge`]) and writes the result atomically (temporary file in the same
    /// directory, then rename). `progress` then holds the merged result, other tutors' work
    /// included. A file that has become unreadable meanwhile is moved aside first.
    pub fn save(&mut self) -> Result<(), ProgressError> {
        let Some(path) = self.path.clone() else {
            return Ok(());
        };
        if self.read_only {
            return Ok(());
        }
        let failed = |source| ProgressError::Write {
            path: path.clone(),
            source,
        };
        let dir = parent_dir(&path);
        fs::create_dir_all(&dir).map_err(failed)?;
        let _lock = DirLock::acquire(&dir).map_err(failed)?;
        let on_disk = match fs::read(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Progress::default(),
            Err(e) => return Err(failed(e)),
            Ok(bytes) => match std::str::from_utf8(&bytes)
                .ok()
                .and_then(|text| toml::from_str::<Progress>(text).ok())
            {
                Some(p) => p,
                None => {
                    // Damaged since it was opened: keep it aside, and write what we know.
                    move_aside(&path).map_err(failed)?;
                    self.base.clone()
                }
            },
        };
        let merged = merge(&on_disk, &self.base, &self.progress);
        let text = toml::to_string(&merged)?;
        write_atomic(&path, text.as_bytes()).map_err(failed)?;
        self.progress = merged.clone();
        self.base = merged;
        Ok(())
    }
}

/// The latest answer to every attempted exercise, with its variant, and the student key, as an
/// answers file that `grade` reads: `student = "key"`, then `id = ANSWER` for a fixed exercise
/// and `id = { answer = ANSWER, variant = N }` for a randomised one.
pub fn export_answers(p: &Progress, key: &str) -> Result<String, ProgressError> {
    let mut out = toml::Table::new();
    out.insert("student".into(), toml::Value::String(key.to_string()));
    for (id, r) in &p.exercises {
        let Some((answer, variant)) = r.latest_answer() else {
            continue;
        };
        let value = toml::Value::try_from(SavedAnswer(answer.clone()))?;
        let entry = match variant {
            Some(n) => {
                let mut t = toml::Table::new();
                t.insert("answer".into(), value);
                t.insert("variant".into(), toml::Value::Integer(i64::from(n)));
                toml::Value::Table(t)
            }
            None => value,
        };
        out.insert(id.clone(), entry);
    }
    Ok(toml::to_string(&out)?)
}

/// The file as it is now (`disk`), with the changes that turned `base` into `mine` applied to
/// it: per exercise, an exercise changed only on one side is taken from that side; one changed
/// on both gets the other side's record plus this side's new attempts (counted and in the
/// history, in time order), solved if either solved it, the most hints either saw. A record
/// cleared here (`progress --reset`) keeps only what the other side did since.
pub fn merge(disk: &Progress, base: &Progress, mine: &Progress) -> Progress {
    let mut out = Progress {
        version: disk.version.max(mine.version),
        // The key first written stays: another tutor may have created one meanwhile.
        student: disk.student.clone().or_else(|| mine.student.clone()),
        last_set: if mine.last_set != base.last_set {
            mine.last_set.clone()
        } else {
            disk.last_set.clone()
        },
        exercises: BTreeMap::new(),
    };
    let ids: std::collections::BTreeSet<&String> = disk
        .exercises
        .keys()
        .chain(base.exercises.keys())
        .chain(mine.exercises.keys())
        .collect();
    for id in ids {
        let (d, b, m) = (
            disk.exercises.get(id),
            base.exercises.get(id),
            mine.exercises.get(id),
        );
        let merged = if m == b {
            d.cloned()
        } else if d == b {
            m.cloned()
        } else {
            match m {
                Some(m) => Some(apply(d.cloned().unwrap_or_default(), m, b)),
                // Cleared here and changed there: keep only what was done there since.
                None => d
                    .map(|d| apply(Record::default(), d, b))
                    .filter(|r| *r != Record::default()),
            }
        };
        if let Some(r) = merged {
            out.exercises.insert(id.clone(), r);
        }
    }
    out
}

/// `target` with what turned `base` into `changed`: the new attempts, a new solve, more hints,
/// a new give-up, and the last answer if it is newer.
fn apply(mut target: Record, changed: &Record, base: Option<&Record>) -> Record {
    let empty = Record::default();
    let base = base.unwrap_or(&empty);
    target.attempts = target
        .attempts
        .saturating_add(changed.attempts.saturating_sub(base.attempts));
    let solved_here = changed.solved && !base.solved;
    target.hints_used = target.hints_used.max(changed.hints_used);
    // The attempts in `changed` that `base` does not have, counted as a multiset (the same
    // answer may have been sent twice in one second).
    let mut old: Vec<&Attempt> = base.history.iter().collect();
    let mut added = false;
    for a in &changed.history {
        if let Some(k) = old.iter().position(|o| *o == a) {
            old.swap_remove(k);
        } else {
            target.solved |= a.correct;
            target.history.push(a.clone());
            added = true;
        }
    }
    target.solved |= solved_here;
    target.gave_up |= changed.gave_up && !base.gave_up && !target.solved;
    target.walked |= changed.walked;
    if added {
        target.history.sort_by_key(|a| a.at);
        if target.history.len() > HISTORY_CAP {
            let extra = target.history.len() - HISTORY_CAP;
            target.history.drain(..extra);
        }
    }
    if changed.updated >= target.updated && changed.updated > base.updated {
        if changed.last_answer.is_some() {
            target.last_answer = changed.last_answer.clone();
        }
        if changed.variant.is_some() {
            target.variant = changed.variant;
        }
        target.updated = changed.updated;
    }
    target
}

/// The directory a file is in (`.` for a bare name).
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// An exclusive advisory lock on a directory, held while a save reads, merges and writes, and
/// released when dropped (or by the kernel if the process dies). The directory is locked, not
/// the file, because a save replaces the file by renaming over it; and no lock file is left
/// behind. Other gradtutor processes wait up to [`LOCK_WAIT`] for it; past that the save fails
/// (the tutor says so) and the next save retries with everything, this change included.
struct DirLock {
    #[cfg(unix)]
    _dir: fs::File,
}

/// How long a save waits for another process's save to finish (which takes milliseconds).
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

impl DirLock {
    #[cfg(unix)]
    fn acquire(dir: &Path) -> io::Result<DirLock> {
        use rustix::fs::{flock, FlockOperation};
        let file = fs::File::open(dir)?;
        let start = std::time::Instant::now();
        loop {
            match flock(&file, FlockOperation::NonBlockingLockExclusive) {
                Ok(()) => return Ok(DirLock { _dir: file }),
                Err(e) if e == rustix::io::Errno::WOULDBLOCK && start.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                Err(e) if e == rustix::io::Errno::WOULDBLOCK => {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        "another gradtutor is still saving to this directory",
                    ))
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Elsewhere there is no lock: saves still merge, so only two saves within the same few
    /// milliseconds can lose an attempt.
    #[cfg(not(unix))]
    fn acquire(_dir: &Path) -> io::Result<DirLock> {
        Ok(DirLock {})
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
    let dir = parent_dir(path);
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

    fn scalar(s: &str) -> Answer {
        Answer::Scalar(s.into())
    }

    #[test]
    fn merging_keeps_every_attempt_of_both_sides() {
        let mut base = Progress::default();
        base.record_attempt("a", &scalar("1"), false, 1);
        base.record_hints("b", 1, 1);
        let (mut disk, mut mine) = (base.clone(), base.clone());
        disk.record_attempt("a", &scalar("there"), false, 3);
        disk.record_hints("b", 2, 3);
        disk.last_set = Some("there.toml".into());
        mine.record_attempt("a", &scalar("here"), true, 2);
        mine.record_attempt("c", &scalar("new"), false, 4);
        let m = merge(&disk, &base, &mine);
        let a = m.record("a").expect("a");
        assert_eq!(a.attempts, 3);
        assert!(a.solved);
        let order: Vec<&Answer> = a.history.iter().map(|h| &h.answer.0).collect();
        assert_eq!(order, [&scalar("1"), &scalar("here"), &scalar("there")]);
        assert_eq!(a.last_answer, Some(SavedAnswer(scalar("there"))));
        assert_eq!(m.record("b").map(|r| r.hints_used), Some(2));
        assert_eq!(m.record("c").map(|r| r.attempts), Some(1));
        assert_eq!(m.last_set.as_deref(), Some("there.toml"));
        // Merging again what is already in the file changes nothing.
        assert_eq!(merge(&m, &m, &m), m);
    }

    #[test]
    fn a_reset_on_one_side_keeps_only_what_the_other_did_since() {
        let mut base = Progress::default();
        base.record_attempt("a", &scalar("old"), true, 1);
        base.record_attempt("b", &scalar("old"), true, 1);
        let mut disk = base.clone();
        disk.record_attempt("a", &scalar("there"), false, 2);
        let mut mine = base.clone();
        mine.reset_all();
        let m = merge(&disk, &base, &mine);
        assert!(m.record("b").is_none());
        let a = m.record("a").expect("the attempt made there since");
        assert_eq!((a.attempts, a.solved, a.history.len()), (1, false, 1));
        // And the other way round: cleared there, answered here.
        let m = merge(&Progress::default(), &base, &disk);
        assert_eq!(
            m.record("a").map(|r| (r.attempts, r.solved)),
            Some((1, false))
        );
        assert!(m.record("b").is_none());
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
