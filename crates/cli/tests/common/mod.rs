//! The real `asbcase` binary, run as a person at a terminal runs it.
#![allow(dead_code)]
use std::io::Write;
use std::process::{Command, Output, Stdio};

pub fn asbcase(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_asbcase"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("ASBCASE_CONFIG")
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap()
}

pub fn with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_asbcase"))
        .args(args)
        .env_remove("DATABASE_URL")
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

pub fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// A failure is one line naming the problem, a non-zero exit, and no panic.
pub fn assert_one_line_error(o: &Output, mentions: &str) {
    let err = text(&o.stderr);
    assert!(!o.status.success(), "should fail: {err}");
    assert!(err.contains(mentions), "error should mention {mentions:?}: {err}");
    let lines: Vec<_> = err.lines().filter(|l| l.starts_with("asbcase")).collect();
    assert_eq!(lines.len(), 1, "one line: {err}");
    assert!(!err.contains("panicked") && !err.contains("backtrace"), "{err}");
}

/// A new partnership with its council, through the CLI.
pub fn add_council(url: &str, partnership: &str, council: &str) {
    let o = asbcase(&[
        "organisation",
        "add",
        "--database-url",
        url,
        "--partnership",
        partnership,
        "--name",
        council,
        "--kind",
        "council",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
}

pub fn sqlite_url(dir: &tempfile::TempDir, name: &str) -> String {
    format!("sqlite://{}", dir.path().join(name).display())
}

/// Run the blocking CLI calls of a story off the test's runtime.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.unwrap()
}

/// `asbcase ARGS --database-url URL`.
pub fn run(url: &str, args: &[&str]) -> Output {
    asbcase(&[args, &["--database-url", url]].concat())
}

/// Run, expect success, and return what it printed.
pub fn ok(url: &str, args: &[&str]) -> String {
    let o = run(url, args);
    assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
    text(&o.stdout)
}
