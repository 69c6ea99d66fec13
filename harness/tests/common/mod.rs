//! Helpers shared by the integration tests: the repository root, running the
//! binary there, a scratch folder per test, and the JUnit schema check.
// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root, where `cases/`, `golden/` and `scenarios/` live.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs the binary in the workspace root.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// A fresh, empty directory under `target/test-scratch` for one test.
pub fn scratch(name: &str) -> PathBuf {
    let d = root()
        .join("target/test-scratch")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Validates a JUnit report against the JUnit schema with xmllint. Without
/// xmllint the check is skipped with a message, except in CI, where
/// `.ci/run` installs it.
pub fn validate_junit(xml: &Path) {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/junit.xsd");
    match Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(xml)
        .output()
    {
        Ok(o) => assert!(
            o.status.success(),
            "{} does not validate:\n{}",
            xml.display(),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "xmllint is required in CI (.ci/run installs libxml2-utils)"
            );
            eprintln!("skipped: xmllint (Debian package libxml2-utils) is not installed; JUnit schema not checked");
        }
    }
}
