//! The progress file: where it goes, what survives a reload, and what happens to a bad file.

use gradtutor::exercise::Answer;
use gradtutor::progress::{Mark, Progress, Store};
use std::fs;

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_missing_file_is_a_fresh_start_and_saving_creates_it_atomically() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("deep").join("er").join("progress.toml");
    let opened = Store::open(&path);
    assert!(opened.notice.is_none());
    let mut store = opened.store;
    assert_eq!(store.progress, Progress::default());
    store
        .progress
        .record_attempt("a", &Answer::Scalar("2x".into()), true, 7);
    store.progress.last_set = Some("rules.toml".into());
    store.save().expect("saved");
    // Only the file itself: the temporary file was renamed over it.
    assert_eq!(names(path.parent().expect("parent")), ["progress.toml"]);
    let back = Store::open(&path);
    assert!(back.notice.is_none());
    assert_eq!(back.store.progress, store.progress);
}

#[test]
fn a_corrupt_file_is_moved_aside_with_a_message_and_kept_byte_for_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.toml");
    let bad = b"version = 1\n[exercises.a\nattempts = \xff\xfe";
    fs::write(&path, bad).expect("write");
    let mut opened = Store::open(&path);
    let notice = opened.notice.take().expect("a message");
    assert!(notice.contains("moved to"), "{notice}");
    assert_eq!(opened.store.progress, Progress::default());
    let files = names(dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].starts_with("progress.toml.corrupt-"), "{files:?}");
    assert_eq!(fs::read(dir.path().join(&files[0])).expect("read"), bad);
    // The fresh store saves normally next to the moved file.
    opened.store.save().expect("saved");
    assert_eq!(names(dir.path()).len(), 2);
}

#[test]
fn a_file_of_the_wrong_shape_is_corrupt_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.toml");
    fs::write(&path, "exercises = 3\n").expect("write");
    let opened = Store::open(&path);
    assert!(opened.notice.is_some_and(|n| n.contains("damaged")));
}

#[test]
fn records_of_ids_the_course_no_longer_has_are_kept_and_unknown_fields_do_not_break_loading() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.toml");
    fs::write(
        &path,
        r#"
version = 1
last_set = "rules.toml"

[exercises.retired-exercise]
attempts = 3
solved = true
hints_used = 1
gave_up = false
last_answer = ["2x", "2y"]
updated = 1700000000

[exercises.still-here]
attempts = 1
last_answer = { z = ["0", "3.5"], L = "2e-8" }
"#,
    )
    .expect("write");
    let opened = Store::open(&path);
    assert!(opened.notice.is_none(), "{:?}", opened.notice);
    let mut store = opened.store;
    assert_eq!(store.progress.mark("retired-exercise"), Mark::Solved);
    assert_eq!(store.progress.mark("still-here"), Mark::Attempted);
    store
        .progress
        .record_attempt("still-here", &Answer::Scalar("1".into()), true, 9);
    store.save().expect("saved");
    let back = Store::open(&path).store.progress;
    assert_eq!(back.mark("retired-exercise"), Mark::Solved);
    assert_eq!(back.record("retired-exercise").map(|r| r.attempts), Some(3));
    assert_eq!(back.mark("still-here"), Mark::Solved);
}

#[test]
fn an_in_memory_store_never_writes() {
    let mut store = Store::in_memory(Progress::default());
    assert!(store.path().is_none());
    store.save().expect("nothing to do");
}

/// How many answers each of the two writer processes records (and saves, one save each).
const WRITES: usize = 40;

/// One of the two processes of the test below (run by it; ignored in a normal run). Opens the
/// store as a tutor does, waits until the other process has opened it too, then records and
/// saves [`WRITES`] attempts, each on the shared exercise and on an exercise of its own.
#[test]
#[ignore = "a child process of two_processes_saving_at_once_lose_no_attempt"]
fn concurrent_writer_child() {
    let (Ok(path), Ok(me)) = (
        std::env::var("GRADTUTOR_TEST_WRITER_FILE"),
        std::env::var("GRADTUTOR_TEST_WRITER_ID"),
    ) else {
        panic!("run by two_processes_saving_at_once_lose_no_attempt only");
    };
    let path = std::path::PathBuf::from(path);
    let mut store = Store::open(&path).store;
    let dir = path.parent().expect("a directory");
    fs::write(dir.join(format!("ready-{me}")), "").expect("ready");
    while !(dir.join("ready-0").exists() && dir.join("ready-1").exists()) {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    for i in 0..WRITES {
        let answer = Answer::Scalar(format!("{me}-{i}"));
        store
            .progress
            .record_attempt("shared", &answer, false, i as u64);
        store
            .progress
            .record_attempt(&format!("own-{me}-{i}"), &answer, true, i as u64);
        store.save().expect("saved");
    }
}

/// Issue 15: two processes saving the same progress file at once (two tutors) each merge into
/// what the file holds, under a lock, so no attempt of either is lost.
#[test]
fn two_processes_saving_at_once_lose_no_attempt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("progress.toml");
    let children: Vec<_> = (0..2)
        .map(|me| {
            std::process::Command::new(std::env::current_exe().expect("the test binary"))
                .args([
                    "--exact",
                    "progress_store::concurrent_writer_child",
                    "--ignored",
                    "--test-threads=1",
                ])
                .env("GRADTUTOR_TEST_WRITER_FILE", &path)
                .env("GRADTUTOR_TEST_WRITER_ID", me.to_string())
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("a writer process starts")
        })
        .collect();
    for mut c in children {
        assert!(c.wait().expect("the writer ends").success());
    }
    let p = Store::open(&path).store.progress;
    let shared = p.record("shared").expect("the shared exercise");
    assert_eq!(shared.attempts as usize, 2 * WRITES);
    for me in 0..2 {
        for i in 0..WRITES {
            assert_eq!(
                p.mark(&format!("own-{me}-{i}")),
                Mark::Solved,
                "own-{me}-{i}"
            );
        }
    }
}
