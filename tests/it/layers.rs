//! The library's dependencies run one way (docs/architecture.md, "The layers"): a module may
//! use the modules below it and never one above it or beside it, and the tutor's screens never
//! see the app. This reads every source file under src/ and names the file and line of any
//! path that breaks the order, so the architecture stays what the page says.
//!
//! A path is `crate::m…` (also `use crate::{m::…, n::…}`) or a chain of `super::` that leaves
//! the file's top-level module. Comments are skipped: a doc link is not a dependency.

use std::fs;
use std::path::{Path, PathBuf};

/// Every top-level module of the library with its layer, bottom first. A module may use a
/// module of a lower layer; modules of the same layer do not use each other.
const LAYERS: &[(&str, u8)] = &[
    ("text", 0),
    ("math", 1),
    ("variants", 2),
    ("exercise", 3),
    ("question", 4),
    ("descent", 4),
    ("check", 5),
    ("validate", 6),
    ("progress", 6),
    ("grade", 7),
    ("report", 8),
    ("tui", 9),
];

/// The tutor's files that may name `App`: the app itself and the loop that drives it.
const APP_FILES: &[&str] = &["src/tui/app.rs", "src/tui/run.rs"];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, as `src/…` with `/` separators, with its text; the binary's
/// own files (`main.rs`, `cli/`) are left out: they sit on top and may use anything.
fn library_files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![src()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            for e in fs::read_dir(&p).expect("src/ reads").flatten() {
                stack.push(e.path());
            }
        } else if p.extension().is_some_and(|e| e == "rs") {
            let rel = p.strip_prefix(src()).expect("under src/");
            let name: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let name = format!("src/{}", name.join("/"));
            if name == "src/main.rs" || name.starts_with("src/cli/") {
                continue;
            }
            let text = fs::read_to_string(&p).expect("a source file reads");
            out.push((name, text));
        }
    }
    out.sort();
    out
}

/// The top-level module a file belongs to (`src/check/read.rs` → `check`), and how many
/// modules deep the file is (`src/grade.rs` 1, `src/check/mod.rs` 1, `src/check/read.rs` 2).
fn module_of(file: &str) -> (String, usize) {
    let parts: Vec<&str> = file.trim_start_matches("src/").split('/').collect();
    let top = parts[0].trim_end_matches(".rs").to_string();
    let last = parts[parts.len() - 1];
    let depth = if last == "mod.rs" {
        parts.len() - 1
    } else {
        parts.len()
    };
    (top, depth)
}

/// One line's code, without its `//` comment.
fn code(line: &str) -> &str {
    line.find("//").map_or(line, |i| &line[..i])
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn ident(s: &str) -> String {
    s.chars().take_while(|c| is_ident_char(*c)).collect()
}

/// The top-level modules a line names through `crate::`: one, or each of a `{…}` group (a group
/// that goes on over the next lines is read from `rest`, the lines after this one).
fn crate_paths(line: &str, rest: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in line.match_indices("crate::") {
        if line[..i].ends_with('$') {
            continue;
        }
        let after = &line[i + "crate::".len()..];
        let Some(group) = after.strip_prefix('{') else {
            out.push(ident(after));
            continue;
        };
        let mut text = group.to_string();
        for next in rest {
            if text.contains('}') {
                break;
            }
            text.push_str(code(next));
        }
        // The group's items at its top level: `check::{a, b}` and `exercise::Answer`.
        let mut depth = 0;
        let mut item = String::new();
        for c in text.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => out.push(ident(std::mem::take(&mut item).trim())),
                c => item.push(c),
            }
        }
        out.push(ident(item.trim()));
    }
    out.retain(|m| !m.is_empty());
    out
}

/// The top-level module a chain of `super::` reaches when it leaves the file's own top-level
/// module: `super::question` in `src/check/mod.rs`. `inline` is how many inline modules
/// (`mod tests { … }`) the line is in.
fn super_paths(line: &str, depth: usize, inline: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(k) = line[i..].find("super::") {
        let start = i + k;
        let before_ok = !line[..start].chars().next_back().is_some_and(is_ident_char);
        let mut end = start;
        let mut n = 0;
        while line[end..].starts_with("super::") {
            n += 1;
            end += "super::".len();
        }
        if before_ok && n >= depth + inline {
            out.push(ident(&line[end..]));
        }
        i = end;
    }
    out.retain(|m| !m.is_empty());
    out
}

/// Every path in the library to another top-level module: (file, line number, the file's
/// module, the module it uses).
fn uses() -> Vec<(String, usize, String, String)> {
    let mut out = Vec::new();
    for (file, text) in library_files() {
        let (own, depth) = module_of(&file);
        let lines: Vec<&str> = text.lines().collect();
        // Indentations of the inline modules the current line is in.
        let mut open: Vec<usize> = Vec::new();
        for (n, raw) in lines.iter().enumerate() {
            let indent = raw.len() - raw.trim_start().len();
            if raw.trim() == "}" && open.last() == Some(&indent) {
                open.pop();
            }
            let line = code(raw);
            let mut used = crate_paths(line, &lines[n + 1..]);
            used.extend(super_paths(line, depth, open.len()));
            for m in used.into_iter().filter(|m| *m != own) {
                out.push((file.clone(), n + 1, own.clone(), m));
            }
            let t = line.trim_start();
            let t = t.strip_prefix("pub ").unwrap_or(t);
            if t.starts_with("mod ") && t.trim_end().ends_with('{') {
                open.push(indent);
            }
        }
    }
    out
}

#[test]
fn every_module_of_the_library_has_a_layer() {
    let lib = fs::read_to_string(src().join("lib.rs")).expect("src/lib.rs reads");
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';'))
        .collect();
    assert!(
        declared.len() >= LAYERS.len(),
        "src/lib.rs declares {declared:?}"
    );
    let missing: Vec<&&str> = declared.iter().filter(|m| layer(m).is_none()).collect();
    assert!(
        missing.is_empty(),
        "give {missing:?} a layer here and in docs/architecture.md"
    );
}

#[test]
fn no_module_uses_one_above_it_or_beside_it() {
    let all = uses();
    assert!(
        all.iter()
            .any(|(_, _, own, m)| own == "check" && m == "question"),
        "the reader finds the checker's use of the question"
    );
    let bad: Vec<String> = all
        .iter()
        .filter_map(|(file, line, own, m)| {
            let (Some(a), Some(b)) = (layer(own), layer(m)) else {
                return None;
            };
            (b >= a).then(|| format!("{file}:{line}: {own} uses {m}, a layer at or above it"))
        })
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_library_never_uses_the_command_line() {
    let bad: Vec<String> = uses()
        .into_iter()
        .filter(|(_, _, _, m)| m == "cli")
        .map(|(file, line, _, _)| format!("{file}:{line}: uses the command line"))
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_tutors_screens_never_see_the_app() {
    let mut bad = Vec::new();
    for (file, text) in library_files() {
        if !file.starts_with("src/tui/") || APP_FILES.contains(&file.as_str()) {
            continue;
        }
        for (n, raw) in text.lines().enumerate() {
            let line = code(raw);
            let names_app = line.match_indices("App").any(|(i, _)| {
                let before = line[..i].chars().next_back();
                let after = line[i + 3..].chars().next();
                !before.is_some_and(is_ident_char) && !after.is_some_and(is_ident_char)
            });
            if names_app || line.contains("app::") {
                bad.push(format!("{file}:{}: names the app", n + 1));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The reader itself, on lines written for it: what it must find, and what it must not.
#[test]
fn the_reader_finds_paths_in_every_spelling() {
    assert_eq!(crate_paths("use crate::check::Verdict;", &[]), ["check"]);
    assert_eq!(
        crate_paths("use crate::{check::{a, b}, exercise::Answer};", &[]),
        ["check", "exercise"]
    );
    assert_eq!(
        crate_paths("use crate::{", &["    check::Verdict,", "    grade,", "};"]),
        ["check", "grade"]
    );
    assert_eq!(
        crate_paths("let k = crate::variants::hash::fnv1a(b);", &[]),
        ["variants"]
    );
    assert!(crate_paths("macro: $crate::x", &[]).is_empty());
    assert_eq!(code("let a = 1; // crate::tui"), "let a = 1; ");
    // From src/check/mod.rs (depth 1), one `super::` reaches the crate's root.
    assert_eq!(
        super_paths("use super::question::Cell;", 1, 0),
        ["question"]
    );
    // From src/check/read.rs (depth 2), one `super::` stays in the checker…
    assert!(super_paths("use super::compare::rms;", 2, 0).is_empty());
    // …and so do two inside its `mod tests`.
    assert!(super_paths("super::super::compare::rms(t)", 2, 1).is_empty());
    assert_eq!(module_of("src/check/read.rs"), ("check".to_string(), 2));
    assert_eq!(module_of("src/check/mod.rs"), ("check".to_string(), 1));
    assert_eq!(module_of("src/grade.rs"), ("grade".to_string(), 1));
}
