//! Shared helpers for the integration tests: isolated vaults with real Git repositories, and
//! running the real `hikitsugi` binary with a clean environment.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use hikitsugi::vault::Vault;

/// A temp folder that is a fresh vault (`hikitsugi init` semantics) with a repository-local
/// identity, so tests never depend on the developer's ~/.gitconfig.
pub fn vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().expect("temp dir");
    let vault = Vault::init(dir.path()).expect("init vault");
    set_identity(dir.path());
    (dir, vault)
}

pub fn set_identity(repo_dir: &Path) {
    let repo = git2::Repository::discover(repo_dir).expect("repo");
    let mut cfg = repo.config().expect("config");
    cfg.set_str("user.name", "テスト 太郎").expect("name");
    cfg.set_str("user.email", "taro@example.invalid")
        .expect("email");
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// Copies the sample vault `runbooks/` into a temp folder (without touching the project's repo).
pub fn sample_vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("runbooks"),
        dir.path(),
    );
    let vault = Vault::init(dir.path()).expect("init");
    set_identity(dir.path());
    hikitsugi::history::History::open(&vault)
        .expect("history")
        .commit_all("sample")
        .expect("commit");
    (dir, vault)
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.file_name() == ".hikitsugi" {
            continue;
        }
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("copy");
        }
    }
}

/// The `hikitsugi` binary with HOME pointed at an empty folder (no global Git identity).
pub struct Cli {
    pub home: tempfile::TempDir,
}

impl Cli {
    pub fn new() -> Cli {
        Cli {
            home: tempfile::tempdir().expect("home"),
        }
    }

    pub fn command(&self, vault: &Path) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_hikitsugi"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join(".config"))
            .env("XDG_DATA_HOME", self.home.path().join(".local/share"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("LANG", "C.UTF-8")
            .arg("--vault")
            .arg(vault);
        c
    }

    /// Runs with `args`, feeding `stdin`.
    pub fn run(&self, vault: &Path, args: &[&str], stdin: &[u8]) -> Output {
        let mut child = self
            .command(vault)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn hikitsugi");
        let written = child.stdin.take().expect("stdin").write_all(stdin);
        // A command that fails before reading its input (a bad vault, a bad path) closes it:
        // that is its answer, not the test's failure.
        if let Err(e) = written {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
        }
        child.wait_with_output().expect("wait")
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
