//! Loading exercise files: TOML with spans, every problem reported, files with errors skipped.

use super::read::{read_file, FileOutcome};
use super::{Course, ExerciseSet, Pos};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
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
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.source, self.pos.line, self.pos.col, sev, self.message
        )
    }
}

/// What loading produced: the sets that loaded, and every problem found.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub course: Course,
    pub diagnostics: Vec<Diagnostic>,
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

/// Loads files that are already in memory, in order: files with errors are reported and left out.
pub fn load_sources(files: &[SourceFile]) -> Loaded {
    let mut loaded = Loaded::default();
    for out in read_items(files) {
        let ok = !out
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
        loaded.diagnostics.extend(out.diagnostics);
        if ok {
            loaded.course.sets.push(out.set);
        }
    }
    loaded
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
