//! Helpers shared by the integration tests: the repository root, running the
//! binary there, a scratch folder per test, and the JUnit schema check.
// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

pub mod trials;

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
        .env_remove("CAREPLAN_LANG")
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

/// A copy of the repository's `cases/` folder in which every case holds the
/// files it checks (its own, or its base's with its edits applied), written
/// once per test binary under `target/test-scratch`. Commands that read case
/// files run there (`run_on_cases`), so that the paths they print
/// (`cases/field/…`) are the same as on the cases themselves.
pub fn cases_tree() -> &'static Path {
    static TREE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    TREE.get_or_init(|| {
        let d = root()
            .join("target/test-scratch")
            .join(format!("cases-tree-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        let cases = root().join("cases");
        if let Err(errors) = careplan_conformance::cases::emit(
            &careplan_conformance::cases::tree::Folder::on_disk(&cases),
            &d.join("cases"),
            None,
        ) {
            panic!(
                "the bundled cases cannot be written out:\n{}",
                errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        // What is not a case (the certification reference submissions) is
        // copied as it is.
        for e in walkdir::WalkDir::new(&cases).sort_by_file_name() {
            let e = e.unwrap();
            let in_case = e
                .path()
                .ancestors()
                .skip(1)
                .take_while(|a| a.starts_with(&cases))
                .any(|a| a.join("case.toml").is_file());
            if e.file_type().is_file() && !in_case && e.file_name() != "case.toml" {
                let to = d.join("cases").join(e.path().strip_prefix(&cases).unwrap());
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::copy(e.path(), to).unwrap();
            }
        }
        d
    })
}

/// Runs the binary in [`cases_tree`].
pub fn run_on_cases(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
        .args(args)
        .env_remove("CAREPLAN_LANG")
        .current_dir(cases_tree())
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

/// Validates a JUnit report against the JUnit schema with xmllint (a test
/// that calls this needs `trials::XMLLINT`).
pub fn validate_junit(xml: &Path) {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/junit.xsd");
    let o = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(xml)
        .output()
        .expect("xmllint (the Debian package libxml2-utils) runs");
    assert!(
        o.status.success(),
        "{} does not validate:\n{}",
        xml.display(),
        String::from_utf8_lossy(&o.stderr)
    );
}
