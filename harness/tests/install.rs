//! Installing the harness as the README says, and using it away from a
//! checkout.
//!
//! `cargo install --locked --path harness` into a temporary root (with the
//! test build's target folder and `--debug`, so that it reuses what `cargo
//! test` already compiled instead of building again), then every
//! `careplan-conformance …` command of the README's `sh` blocks run with the
//! installed binary in an empty folder outside the repository: the
//! placeholders get inputs the installed binary itself writes (a bundled
//! case's files, by `golden emit` or `run --emit`), except the reference
//! submission of `certify`, which is copied from `cases/certification/`
//! because it is not built in. Each command must exit as the README's exit
//! status table says and never fail on a missing file.
//!
//! And `cargo install --locked --git URL --tag TAG` from a local git
//! repository holding the work tree, whose `--version` names that commit
//! (in a target folder of its own under `target/install-from-git`, kept
//! between runs: the first builds every dependency, later ones the harness).
//!
//! They need cargo, bash and git: ignored on Windows (`common::trials`).

mod common;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::trials::{self, needs, SSH_KEYGEN, UNIX};

fn main() {
    let trials = vec![
        needs(
            &[&UNIX, &SSH_KEYGEN],
            "installed_from_the_path_every_readme_command_runs_in_an_empty_folder",
            installed_from_the_path_every_readme_command_runs_in_an_empty_folder,
        ),
        needs(
            &[&UNIX],
            "installed_from_a_git_tag_it_names_its_commit_and_passes_its_self_test",
            installed_from_a_git_tag_it_names_its_commit_and_passes_its_self_test,
        ),
    ];
    trials::run(trials, &[&UNIX, &SSH_KEYGEN]);
}

const BIN: &str = env!("CARGO_BIN_EXE_careplan-conformance");

fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// The target folder the tests were built in (`…/target`), which the
/// installs share so that nothing is compiled twice.
fn target_dir() -> PathBuf {
    Path::new(BIN)
        .parent()
        .and_then(Path::parent)
        .expect("the binary sits in target/<profile>/")
        .to_path_buf()
}

/// The folder of one test's folders.
fn base(test: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "careplan-conformance-install-{}-{test}",
        std::process::id()
    ))
}

/// A fresh folder outside the repository (under the system's temporary
/// folder), so that no `cases/` or `golden/` of the checkout is reachable.
fn outside(test: &str, name: &str) -> PathBuf {
    let d = base(test).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn describe(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Removes what `target` holds of the harness itself: its build script,
/// its outputs and its fingerprints.
fn forget_the_harness(target: &Path) {
    for sub in ["debug/build", "debug/.fingerprint", "debug/deps"] {
        let Ok(entries) = std::fs::read_dir(target.join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with("careplan-conformance-")
                || name.starts_with("careplan_conformance-")
            {
                let p = e.path();
                let _ = if p.is_dir() {
                    std::fs::remove_dir_all(&p)
                } else {
                    std::fs::remove_file(&p)
                };
            }
        }
    }
}

/// `cargo install ARGS --debug --root ROOT` with `target` as its target
/// folder.
fn install(args: &[&str], root: &Path, target: &Path, cargo_home: Option<&Path>) {
    let started = std::time::Instant::now();
    let mut cmd = Command::new(cargo());
    cmd.arg("install")
        .args(args)
        .args(["--debug", "--root"])
        .arg(root)
        .env("CARGO_TARGET_DIR", target)
        // Cargo hands the outer build's rustc-env to the tests it runs.
        .env_remove("CAREPLAN_CONFORMANCE_COMMIT");
    if let Some(h) = cargo_home {
        cmd.env("CARGO_HOME", h);
    }
    let o = cmd.output().expect("cargo runs");
    assert!(
        o.status.success(),
        "cargo install {args:?}: {}",
        describe(&o)
    );
    assert!(root.join("bin/careplan-conformance").is_file());
    eprintln!(
        "cargo install {args:?}: {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// Runs the installed binary in `dir`, found on PATH as a user has it.
fn installed(root: &Path, dir: &Path, args: &[String]) -> Output {
    let path = std::env::join_paths(std::iter::once(root.join("bin")).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    Command::new("careplan-conformance")
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("CAREPLAN_LANG")
        .output()
        .expect("the installed harness runs")
}

/// The `careplan-conformance …` lines of the README's `sh` blocks, without
/// their comments.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            in_sh = t == "```sh";
            continue;
        }
        if in_sh && t.starts_with("careplan-conformance") {
            let cmd = t.split(" #").next().unwrap().trim().to_string();
            out.push(cmd);
        }
    }
    out
}

/// A README command as words, with its placeholders given inputs prepared
/// in `dir` by the installed binary, and optional `[…]` parts left out.
fn prepare(cmd: &str, root: &Path, dir: &Path) -> Vec<String> {
    let mut words = Vec::new();
    let mut optional = false;
    for w in cmd.split_whitespace().skip(1) {
        if w.starts_with('[') {
            optional = true;
        }
        if !optional {
            words.push(w.to_string());
        }
        if w.ends_with(']') {
            optional = false;
        }
    }
    let run = |args: &[&str]| {
        let o = installed(
            root,
            dir,
            &args.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        );
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", describe(&o));
    };
    let export = || {
        if !dir.join("export").is_dir() {
            run(&[
                "golden",
                "emit",
                "--case",
                "conformant.use-set-6-7-hosoku",
                "--out",
                "export",
            ]);
        }
        "export".to_string()
    };
    words
        .into_iter()
        .map(|w| match w.as_str() {
            "EXPORT_DIR" => export(),
            "FILE" => {
                export();
                let mut files: Vec<_> = std::fs::read_dir(dir.join("export"))
                    .unwrap()
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect();
                files.sort();
                format!("export/{}", files[0])
            }
            "DIR" => "out".to_string(),
            "OUT" => "migrated".to_string(),
            "CORPUS" | "IN" => {
                run(&[
                    "run",
                    "--emit",
                    "corpus",
                    "--filter",
                    "rev32.conformant-use-set",
                ]);
                "corpus/rev32/conformant-use-set".to_string()
            }
            // The signing flow: a key made with ssh-keygen, the service
            // provider's reference submission, and a signed certificate
            // made first where `verify` and `registry` read one.
            "SUB" => {
                let sub = "cases/certification/reference/service-provider";
                copy_tree(&common::root().join(sub), &dir.join("SUB"));
                "SUB".to_string()
            }
            "association_key" | "association_key.pub" => {
                signing_key(dir);
                w
            }
            "certs/example/certificate.json" | "certs" => {
                signing_key(dir);
                if !dir.join("certs/example/certificate.json.sig").is_file() {
                    copy_tree(
                        &common::root().join("cases/certification/reference/service-provider"),
                        &dir.join("SUB"),
                    );
                    run(&[
                        "certify",
                        "--profile",
                        "service-provider",
                        "--submission",
                        "SUB",
                        "--out",
                        "certs/example",
                        "--sign-key",
                        "association_key",
                        "--vendor",
                        "例示ソフト株式会社",
                        "--product",
                        "例示ケア",
                        "--product-version",
                        "1.0",
                    ]);
                }
                w
            }
            w if w.starts_with("cases/certification/") => {
                copy_tree(&common::root().join(w), &dir.join(w));
                w.to_string()
            }
            // Any other word as written: a placeholder the test does not
            // know fails the command below as a missing file.
            w => w.to_string(),
        })
        .collect()
}

/// An ed25519 key pair `association_key` in `dir`, made as the README says.
fn signing_key(dir: &Path) {
    if dir.join("association_key").is_file() {
        return;
    }
    let o = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "association", "-f"])
        .arg(dir.join("association_key"))
        .output()
        .expect("ssh-keygen runs (the test needs openssh-client)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// The exit statuses the README's table allows a command that did what it
/// was asked (on a conforming export).
fn allowed(words: &[String]) -> &'static [i32] {
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    match w.as_slice() {
        // Blessing rewrites cases/ and golden/ of a checkout; the built-in
        // copy cannot be, and says so.
        ["golden", "bless", ..] => &[2],
        // 1 while something is left for a human, which a 3.2 set has.
        ["migrate", ..] => &[0, 1],
        _ => &[0],
    }
}

fn installed_from_the_path_every_readme_command_runs_in_an_empty_folder() {
    let root = outside("path", "root");
    install(
        &[
            "--locked",
            "--offline",
            "--path",
            common::root().join("harness").to_str().unwrap(),
        ],
        &root,
        &target_dir(),
        None,
    );
    let commands = readme_commands();
    assert!(commands.len() >= 15, "README commands: {commands:?}");
    for required in ["careplan-conformance --version", "careplan-conformance run"] {
        assert!(
            commands.iter().any(|c| c == required),
            "README documents `{required}`"
        );
    }
    for (i, cmd) in commands.iter().enumerate() {
        let dir = outside("path", &format!("cmd-{i}"));
        let words = prepare(cmd, &root, &dir);
        let o = installed(&root, &dir, &words);
        let code = o.status.code().unwrap_or(-1);
        assert!(
            allowed(&words).contains(&code),
            "README: `{cmd}` (as {words:?}) in an empty folder: {}",
            describe(&o)
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            !err.contains("os error"),
            "README: `{cmd}`: {}",
            describe(&o)
        );
        let out = String::from_utf8_lossy(&o.stdout);
        match words.first().map(String::as_str) {
            Some("run") if words.len() == 1 => {
                assert!(out.contains("cases (built in) のケース"), "{out}");
                assert!(out.contains("、不合格 0、"), "{out}");
                assert!(dir.join("reports/junit.xml").is_file());
            }
            Some("--version") => {
                for part in [
                    "commit: ",
                    "spec revisions: 3.2",
                    "scenario pack: ",
                    "built-in cases: ",
                ] {
                    assert!(out.contains(part), "--version: {out}");
                }
            }
            Some("golden") if words.get(1).map(String::as_str) == Some("bless") => {
                assert!(err.contains("cannot be rewritten"), "{err}");
            }
            Some("golden") if words.get(1).map(String::as_str) == Some("check") => {
                assert!(
                    out.contains("golden (built in) に保存されたとおりに読めます"),
                    "{out}"
                );
            }
            _ => {}
        }
    }
    // Outside a checkout, a mistyped case id gets the nearest ids.
    let dir = outside("path", "mistyped");
    let o = installed(
        &root,
        &dir,
        &[
            "golden",
            "emit",
            "--case",
            "conformant.use-set-6-7-hosku",
            "--out",
            "x",
        ]
        .map(String::from),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("did you mean conformant.use-set-6-7-hosoku"),
        "{}",
        describe(&o)
    );
    let _ = std::fs::remove_dir_all(base("path"));
}

#[cfg(unix)]
fn link(to: &Path, at: &Path) {
    std::os::unix::fs::symlink(to, at).unwrap();
}

#[cfg(not(unix))]
fn link(_: &Path, _: &Path) {
    unreachable!("the install tests need a Unix system");
}

/// Runs git in `dir`, away from the user's configuration.
fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .output()
        .expect("git runs");
    assert!(o.status.success(), "git {args:?}: {}", describe(&o));
    String::from_utf8(o.stdout).unwrap().trim().to_string()
}

fn installed_from_a_git_tag_it_names_its_commit_and_passes_its_self_test() {
    // The repository, its CARGO_HOME and its target folder are kept under
    // the target folder between runs, and the commit is made with a fixed
    // date: the same work tree gives the same commit, which cargo has
    // already built.
    let work = target_dir().join("install-from-git");
    let upstream = work.join("upstream");
    let _ = std::fs::remove_dir_all(&upstream);
    std::fs::create_dir_all(&upstream).unwrap();
    let files = git(
        &common::root(),
        &["ls-files", "--cached", "--others", "--exclude-standard"],
    );
    for f in files.lines() {
        let from = common::root().join(f);
        if from.is_file() {
            let to = upstream.join(f);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&from, &to).unwrap();
        }
    }
    git(&upstream, &["init", "-q"]);
    git(&upstream, &["add", "-A"]);
    git(&upstream, &["commit", "-q", "-m", "release"]);
    let commit = git(&upstream, &["rev-parse", "HEAD"]);
    // The tag names the commit: cargo keeps the tags it fetched in its git
    // database, and would build a tag it saw before from its old commit.
    let tag = format!("v0.0.0-test-{}", &commit[..12]);
    git(&upstream, &["tag", "-a", &tag, "-m", &tag]);
    // Cargo's git checkouts go to a CARGO_HOME of the test's own, which
    // shares the user's registry (and its configuration) so that no crate
    // is fetched again.
    let real = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cargo"));
    let home = work.join("cargo-home");
    std::fs::create_dir_all(&home).unwrap();
    for name in ["registry", "config.toml", "config"] {
        if real.join(name).exists() && !home.join(name).exists() {
            link(&real.join(name), &home.join(name));
        }
    }
    let root = outside("git", "root");
    let url = format!("file://{}", upstream.display());
    // Cargo takes a git package's build script and library as fresh by its
    // package id alone, not by its files: what an earlier run built from
    // another commit is removed (the dependencies stay built).
    forget_the_harness(&work.join("target"));
    // A target folder of its own: the package from git is another package
    // than the work tree's, and building it in the tests' target folder
    // would put its binary where the other tests run theirs. It is kept
    // between runs, so that only the harness itself is compiled again.
    install(
        &[
            "--locked",
            "--git",
            &url,
            "--tag",
            &tag,
            "careplan-conformance",
        ],
        &root,
        &work.join("target"),
        Some(&home),
    );
    let dir = outside("git", "empty");
    let o = installed(&root, &dir, &["--version".to_string()]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains(&format!("commit: {commit}")),
        "{}",
        describe(&o)
    );
    let o = installed(&root, &dir, &["run".to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let _ = std::fs::remove_dir_all(base("git"));
}
