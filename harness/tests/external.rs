//! The harness's outputs as other programs read them: the JUnit reports of
//! `check`, `run`, `regress` and `certify` validated by xmllint against the
//! JUnit schema (`tests/data/junit.xsd`), the certificate's hashes against
//! sha256sum, and colour and the progress bar on a pseudo-terminal made by
//! util-linux `script`.
//!
//! Each test is ignored, with the reason, where its program is missing, and
//! fails instead in CI, where `.ci/run` installs them (`common::trials`).

mod common;

use std::path::Path;
use std::process::Command;

use common::trials::{self, needs, SCRIPT, SHA256SUM, XMLLINT};

fn main() {
    let trials = vec![
        needs(&[&XMLLINT], "junit_of_run_is_valid", junit_of_run_is_valid),
        needs(
            &[&XMLLINT],
            "junit_of_run_with_a_failing_and_an_ignored_case_is_valid",
            junit_of_run_with_a_failing_and_an_ignored_case_is_valid,
        ),
        needs(
            &[&XMLLINT],
            "junit_of_check_is_valid",
            junit_of_check_is_valid,
        ),
        needs(
            &[&XMLLINT],
            "junit_of_regress_is_valid",
            junit_of_regress_is_valid,
        ),
        needs(
            &[&XMLLINT],
            "junit_of_certify_is_valid",
            junit_of_certify_is_valid,
        ),
        needs(
            &[&SHA256SUM],
            "the_certificate_hashes_are_those_of_sha256sum",
            the_certificate_hashes_are_those_of_sha256sum,
        ),
        needs(
            &[&SCRIPT],
            "on_a_terminal_findings_are_coloured_unless_no_color_and_a_progress_bar_shows",
            on_a_terminal_findings_are_coloured_unless_no_color_and_a_progress_bar_shows,
        ),
    ];
    trials::run(trials, &[&XMLLINT, &SHA256SUM, &SCRIPT]);
}

const DATE: &str = "cases/field/date-april-31";
const UPPLAN: &str = "UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV";
const PROFILES: [&str; 5] = [
    "kyotaku-shien",
    "service-provider",
    "houkatsu",
    "kyotaku-itaku",
    "yobo-service",
];

fn exit(args: &[&str], cases_tree: bool) -> i32 {
    let o = if cases_tree {
        common::run_on_cases(args)
    } else {
        common::run(args)
    };
    o.status.code().unwrap_or(-1)
}

fn junit_of_run_is_valid() {
    let junit = common::scratch("xsd-run").join("junit.xml");
    assert_eq!(exit(&["run", "--junit", junit.to_str().unwrap()], false), 0);
    common::validate_junit(&junit);
}

/// A case at `to` with the files the bundled case `from` checks and
/// `manifest` as its case.toml.
fn copy_case(from: &str, to: &Path, manifest: &str) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(common::cases_tree().join(from)).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap() != "case.toml" {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(to.join("case.toml"), manifest).unwrap();
}

fn junit_of_run_with_a_failing_and_an_ignored_case_is_valid() {
    let dir = common::scratch("xsd-run-failing");
    let cases = dir.join("cases");
    copy_case(
        DATE,
        &cases.join("g1/wrong-expectation"),
        &format!("id = \"g1.wrong\"\ntitle = \"t\"\nrevision = \"4.1\"\nrole = \"r\"\n\n[[expect]]\nrule = \"FLD-TIME\"\nfile = \"{UPPLAN}\"\n"),
    );
    copy_case(
        "cases/conformant/delete-plan",
        &cases.join("g2/future-revision"),
        "id = \"g2.future\"\ntitle = \"t\"\nrevision = \"9.9\"\nrole = \"r\"\nconformant = true\n",
    );
    let (junit, pending) = (dir.join("junit.xml"), dir.join("pending"));
    let args = [
        "run",
        "--cases",
        cases.to_str().unwrap(),
        "--junit",
        junit.to_str().unwrap(),
        "--pending",
        pending.to_str().unwrap(),
    ];
    assert_eq!(exit(&args, false), 1);
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("<failure ") && xml.contains("<skipped "),
        "{xml}"
    );
    common::validate_junit(&junit);
}

fn junit_of_check_is_valid() {
    let dir = common::scratch("xsd-check");
    // Findings, a conforming file, and a path that cannot be read (an error).
    for (name, paths, want) in [
        (
            "findings.xml",
            vec![DATE, "cases/conformant/delete-plan"],
            1,
        ),
        ("unreadable.xml", vec![DATE, "cases/field/no-such-case"], 2),
    ] {
        let junit = dir.join(name);
        let mut args = vec!["check", "--quiet", "--junit", junit.to_str().unwrap()];
        args.extend(paths);
        assert_eq!(exit(&args, true), want, "{name}");
        common::validate_junit(&junit);
    }
}

fn junit_of_regress_is_valid() {
    let junit = common::scratch("xsd-regress").join("regress.xml");
    let args = [
        "regress",
        "--from",
        "3.2",
        "--to",
        "4.1",
        "cases/rev32",
        "--junit",
        junit.to_str().unwrap(),
    ];
    exit(&args, true);
    assert!(std::fs::read_to_string(&junit)
        .unwrap()
        .contains("<failure type=\"regression\""));
    common::validate_junit(&junit);
}

/// Certifies a reference submission into `out`; the certificate.
fn certify(profile: &str, out: &Path) -> serde_json::Value {
    let sub = common::root()
        .join("cases/certification/reference")
        .join(profile);
    let o = common::run(&[
        "certify",
        "--profile",
        profile,
        "--submission",
        sub.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--generated-at",
        "2026-01-01T00:00:00Z",
    ]);
    assert_eq!(o.status.code(), Some(0), "{profile}");
    serde_json::from_str(&std::fs::read_to_string(out.join("certificate.json")).unwrap()).unwrap()
}

fn junit_of_certify_is_valid() {
    for profile in PROFILES {
        let out = common::scratch(&format!("xsd-certify-{profile}"));
        certify(profile, &out);
        common::validate_junit(&out.join("junit.xml"));
    }
}

fn the_certificate_hashes_are_those_of_sha256sum() {
    let profile = "service-provider";
    let sub = common::root()
        .join("cases/certification/reference")
        .join(profile);
    let cert = certify(profile, &common::scratch("sha"));
    let files = cert["files"].as_array().unwrap();
    assert!(files.len() >= 5);
    for f in files {
        let path = sub.join(f["path"].as_str().unwrap());
        let o = Command::new("sha256sum").arg(&path).output().unwrap();
        assert!(o.status.success(), "sha256sum {}", path.display());
        let line = String::from_utf8(o.stdout).unwrap();
        assert_eq!(
            line.split_whitespace().next().unwrap(),
            f["sha256"],
            "{}",
            path.display()
        );
    }
}

/// The harness's output on a pseudo-terminal made by util-linux `script`.
fn on_a_terminal(args: &str, no_color: Option<&str>) -> String {
    let bin = env!("CARGO_BIN_EXE_careplan-conformance");
    let mut c = Command::new("script");
    c.args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .current_dir(common::cases_tree())
        .env_remove("NO_COLOR");
    if let Some(v) = no_color {
        c.env("NO_COLOR", v);
    }
    let o = c.output().expect("util-linux script runs");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn on_a_terminal_findings_are_coloured_unless_no_color_and_a_progress_bar_shows() {
    let tty = on_a_terminal(&format!("check {DATE}"), None);
    assert!(tty.contains("\x1b[1;31m[FLD-DATE]\x1b[0m"), "{tty:?}");
    assert!(tty.contains("/3 files"), "progress bar: {tty:?}");
    let tty = on_a_terminal(&format!("check {DATE}"), Some("1"));
    assert!(
        tty.contains("[FLD-DATE]") && !tty.contains("\x1b[1;31m"),
        "{tty:?}"
    );
    // An empty NO_COLOR does not turn colour off (no-color.org).
    let tty = on_a_terminal(&format!("check {DATE}"), Some(""));
    assert!(tty.contains("\x1b[1;31m[FLD-DATE]"), "{tty:?}");
    // --quiet: no progress bar and no report.
    let tty = on_a_terminal(&format!("check --quiet {DATE}"), None);
    assert!(
        !tty.contains("files") && !tty.contains("FLD-DATE"),
        "{tty:?}"
    );
}
