//! Loading exercise files: TOML with spans, every problem reported, files with errors skipped.

use super::read::{read_file, FileOutcome};
use super::{Course, ExerciseSet, Pos};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Information for the instructor that needs no change (`validate`'s notes).
    Note,
    Warning,
    Error,
}

/// One problem in one file, at a line and column.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub source: String,
    pub pos: Pos,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.source, self.pos.line, self.pos.col, sev, self.message
        )
    }
}

/// What loading produced: the sets that loaded, every problem found, and the sets left out.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub course: Course,
    pub diagnostics: Vec<Diagnostic>,
    /// The files left out of the course for their errors, in the order they were given.
    pub left_out: Vec<LeftOut>,
}

/// A file left out of the course because it has errors: which set it is, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct LeftOut {
    pub source: String,
    /// The set's title, when it could be read.
    pub title: Option<String>,
    /// The file's first error.
    pub first: Diagnostic,
    /// How many errors the file has.
    pub errors: usize,
}

impl Loaded {
    /// Whether any diagnostic is an error (then at least one file was skipped).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// A path on the command line that could not be read at all. Its message names the path; the
/// reason is its `source` (print the chain, e.g. anyhow's `{:#}`, to see both).
#[derive(Debug, thiserror::Error)]
#[error("cannot read {}", path.display())]
pub struct LoadError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// One exercise file's name (as shown in messages) and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// Reads one file: the set when the file has no errors, and every problem found.
/// Duplicate ids are checked within this file only; [`load_paths`] checks across files.
pub fn load_str(source: &str, text: &str) -> (Option<ExerciseSet>, Vec<Diagnostic>) {
    let files = [SourceFile {
        name: source.to_string(),
        text: text.to_string(),
    }];
    let mut outcomes = read_items(&files);
    let Some(out) = outcomes.pop() else {
        return (None, Vec::new());
    };
    let ok = !out
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    (ok.then_some(out.set), out.diagnostics)
}

/// Reads every file and checks ids across all of them (the second use of an id is the error).
pub fn read_items(files: &[SourceFile]) -> Vec<FileOutcome> {
    let mut outcomes: Vec<FileOutcome> =
        files.iter().map(|f| read_file(&f.name, &f.text)).collect();
    let mut first: HashMap<String, (String, Pos)> = HashMap::new();
    for out in &mut outcomes {
        let source = out.set.source.clone();
        for (id, pos) in &out.ids {
            match first.get(id) {
                Some((src, p)) => out.diagnostics.push(Diagnostic {
                    source: source.clone(),
                    pos: *pos,
                    severity: Severity::Error,
                    message: format!(
                        "duplicate id `{id}`: already used at {src}:{}:{}",
                        p.line, p.col
                    ),
                }),
                None => {
                    first.insert(id.clone(), (source.clone(), *pos));
                }
            }
        }
    }
    for out in &mut outcomes {
        sort_diagnostics(&mut out.diagnostics);
    }
    outcomes
}

/// By position within a file (errors before warnings at the same place); stable otherwise.
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.pos.cmp(&b.pos).then(b.severity.cmp(&a.severity)));
}

/// Loads files that are already in memory: files with errors are reported and left out, and
/// the sets that load are put in course order ([`course_order`]).
pub fn load_sources(files: &[SourceFile]) -> Loaded {
    let mut loaded = Loaded::default();
    for out in read_items(files) {
        let ok = !out
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
        if ok {
            loaded.course.sets.push(out.set);
        } else {
            let errors: Vec<&Diagnostic> = out
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            if let Some(first) = errors.first() {
                loaded.left_out.push(LeftOut {
                    source: out.set.source.clone(),
                    title: Some(out.set.title.clone()).filter(|t| !t.trim().is_empty()),
                    first: (*first).clone(),
                    errors: errors.len(),
                });
            }
        }
        loaded.diagnostics.extend(out.diagnostics);
    }
    loaded.course.sets.sort_by(course_order);
    loaded
}

/// The order sets are listed in, whatever their files are called: by `order` (smallest first),
/// then sets without one by title, numbers in titles compared as numbers ("Week 2" before
/// "Week 10"), then by file name.
pub fn course_order(a: &ExerciseSet, b: &ExerciseSet) -> Ordering {
    let by_order = match (a.order, b.order) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    by_order
        .then_with(|| natural_cmp(&a.title, &b.title))
        .then_with(|| a.source.cmp(&b.source))
}

/// Compares texts as people sort titles: runs of digits by their value, the rest ignoring
/// case.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (m, n) = (digits(&mut a), digits(&mut b));
                let (m, n) = (m.trim_start_matches('0'), n.trim_start_matches('0'));
                let by_value = m.len().cmp(&n.len()).then_with(|| m.cmp(n));
                if by_value != Ordering::Equal {
                    return by_value;
                }
            }
            (Some(x), Some(y)) => {
                let by_char = x.to_lowercase().cmp(y.to_lowercase());
                if by_char != Ordering::Equal {
                    return by_char;
                }
                a.next();
                b.next();
            }
        }
    }
}

/// The run of ASCII digits at the front of `chars`, taken from it.
fn digits(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut out = String::new();
    while let Some(c) = chars.next_if(char::is_ascii_digit) {
        out.push(c);
    }
    out
}

/// The bundled course as files.
pub fn bundled_sources() -> Vec<SourceFile> {
    super::bundled::FILES
        .iter()
        .map(|(name, text)| SourceFile {
            name: (*name).to_string(),
            text: (*text).to_string(),
        })
        .collect()
}

/// The course embedded in the binary.
pub fn load_bundled() -> Loaded {
    load_sources(&bundled_sources())
}

/// Reads files and directories (every `*.toml` directly inside a directory, sorted by name).
/// A file that is not UTF-8 text counts as unreadable.
pub fn read_paths(paths: &[PathBuf]) -> Result<Vec<SourceFile>, LoadError> {
    let mut files = Vec::new();
    for path in paths {
        let err = |source| LoadError {
            path: path.clone(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(err)?;
        if meta.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(err)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(err(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no *.toml files in this directory",
                )));
            }
            for p in found {
                files.push(read_one(&p)?);
            }
        } else {
            files.push(read_one(path)?);
        }
    }
    Ok(files)
}

fn read_one(path: &Path) -> Result<SourceFile, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| LoadError {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"),
    })?;
    Ok(SourceFile {
        name: path.display().to_string(),
        text,
    })
}

/// Files and directories (every `*.toml` inside, sorted) given on the command line.
pub fn load_paths(paths: &[PathBuf]) -> Result<Loaded, LoadError> {
    Ok(load_sources(&read_paths(paths)?))
}
