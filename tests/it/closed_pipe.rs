//! Every command run into a closed pipe (`gradtutor check … | head -1`) stops quietly, as Unix
//! tools do: no panic, nothing on stderr, and either killed by SIGPIPE (like `cat`) or a normal
//! exit code. Issue 15: `check … | head -1` panicked with "failed printing to stdout".

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

/// How many times each command is run: whether the reader is gone before the first write or
/// between two writes depends on scheduling, so one run proves little.
const RUNS: usize = 30;

fn repo(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(rel)
        .display()
        .to_string()
}

/// The commands a student or instructor pipes into `head`, each with output on stdout.
fn commands(progress: &Path) -> Vec<Vec<String>> {
    let course = repo("tests/fixtures/grade/course");
    let answers = repo("tests/fixtures/grade/answers-mixed.toml");
    let walks = repo("tests/fixtures/descent/walks.toml");
    let p = progress.display().to_string();
    [
        vec!["check", "poly-first", "3x^4", &course],
        vec!["check", "poly-first", "2 + 12x^3 - 10x", &course],
        vec!["grade", "--answers", &answers, &course],
        vec!["grade", "--answers", &answers, "--json", &course],
        vec!["validate", &course],
        vec!["validate", &repo("tests/fixtures/broken")],
        vec!["step", "fixture-rosenbrock", &walks],
        vec!["--progress", &p, "progress"],
        vec!["--help"],
        vec!["--version"],
    ]
    .into_iter()
    .map(|c| c.into_iter().map(String::from).collect())
    .collect()
}

/// What the command writes to stderr when its output is read to the end (grade's warnings).
fn usual_stderr(args: &[String]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gradtutor"))
        .args(args)
        .env_remove("GRADTUTOR_PROGRESS")
        .stdin(Stdio::null())
        .output()
        .expect("the gradtutor binary runs");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Quiet: no panic and no error on stderr (at most the start of what the command says there
/// anyway), and not the panic exit code 101.
#[track_caller]
fn assert_quiet(what: &str, status: ExitStatus, stderr: &[u8], usual: &str) {
    let err = String::from_utf8_lossy(stderr);
    assert!(
        usual.starts_with(&*err),
        "{what}: wrote to stderr ({status}):\n{err}"
    );
    assert_ne!(status.code(), Some(101), "{what}: panicked");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        // Killed by SIGPIPE as `cat` is, or an ordinary verdict exit code.
        assert!(
            status.signal() == Some(13) || matches!(status.code(), Some(0..=2)),
            "{what}: {status}"
        );
    }
}

fn tmp_progress() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("progress.toml");
    (dir, file)
}

#[test]
fn no_command_panics_when_its_reader_is_gone() {
    let (_dir, progress) = tmp_progress();
    for args in commands(&progress) {
        let usual = usual_stderr(&args);
        for _ in 0..RUNS {
            let mut child = Command::new(env!("CARGO_BIN_EXE_gradtutor"))
                .args(&args)
                .env_remove("GRADTUTOR_PROGRESS")
                .env("RUST_BACKTRACE", "0")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("the gradtutor binary runs");
            // Close the read end at once: the command's first write finds no reader.
            drop(child.stdout.take());
            let out = child.wait_with_output().expect("the command ends");
            assert_quiet(&args.join(" "), out.status, &out.stderr, &usual);
        }
    }
}

#[test]
fn piping_into_head_prints_the_first_line_and_nothing_else() {
    let (_dir, progress) = tmp_progress();
    let bin = env!("CARGO_BIN_EXE_gradtutor");
    for args in commands(&progress) {
        let usual = usual_stderr(&args);
        let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
        // stderr of gradtutor only (head's goes nowhere), through a real shell pipeline.
        let script = format!("'{bin}' {} 2>&3 | head -1 3>/dev/null", quoted.join(" "));
        for _ in 0..RUNS {
            let out = Command::new("sh")
                .arg("-c")
                .arg(format!("exec 3>&2; {script}"))
                .env_remove("GRADTUTOR_PROGRESS")
                .env("RUST_BACKTRACE", "0")
                .stdin(Stdio::null())
                .output()
                .expect("sh runs");
            let what = args.join(" ");
            assert_eq!(
                String::from_utf8_lossy(&out.stdout).lines().count(),
                1,
                "{what}"
            );
            // The shell reports head's status, which is 0; what matters is gradtutor's stderr.
            assert_quiet(&what, out.status, &out.stderr, &usual);
        }
    }
}
