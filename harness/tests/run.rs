//! `careplan-conformance run`: the case suite as CI runs it, its JUnit report
//! checked against the JUnit schema, and its handling of broken suites.

mod common;

use std::path::Path;

fn copy_case(from: &str, to: &Path, manifest: &str) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(common::root().join(from)).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap() != "case.toml" {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(to.join("case.toml"), manifest).unwrap();
}

#[test]
fn the_bundled_suite_passes_and_its_junit_report_is_valid_and_stable() {
    let dir = common::scratch("bundled");
    let a = dir.join("a.xml");
    let b = dir.join("b.xml");
    let o = common::run(&["run", "--junit", a.to_str().unwrap()]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(0), "{out}");
    let cases = walkdir::WalkDir::new(common::root().join("cases"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "case.toml")
        .count();
    assert!(
        out.contains(&format!("cases: {cases} passed, 0 failed, 0 skipped")),
        "{out}"
    );
    assert!(out.contains(&format!("JUnit report: {}", a.display())));
    let xml = std::fs::read_to_string(&a).unwrap();
    assert_eq!(xml.matches("<testcase ").count(), cases);
    common::validate_junit(&a);
    common::run(&["run", "--junit", b.to_str().unwrap()]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn a_failing_and_an_ignored_case_are_reported_in_junit() {
    let dir = common::scratch("failing");
    let cases = dir.join("cases");
    copy_case(
        "cases/field/date-april-31",
        &cases.join("g1/wrong-expectation"),
        "id = \"g1.wrong\"\ntitle = \"期待が誤っている\"\nrevision = \"4.1\"\nrole = \"居宅介護支援\"\n\n[[expect]]\nrule = \"FLD-TIME\"\nfile = \"UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV\"\nrecord = 2\nfield = 12\n",
    );
    copy_case(
        "cases/conformant/delete-plan",
        &cases.join("g2/future-revision"),
        "id = \"g2.future\"\ntitle = \"未収録の版\"\nrevision = \"9.9\"\nrole = \"居宅介護支援\"\nconformant = true\n",
    );
    copy_case(
        "cases/conformant/delete-plan",
        &cases.join("g2/ok"),
        "id = \"g2.ok\"\ntitle = \"適合\"\nrevision = \"4.1\"\nrole = \"居宅介護支援\"\nconformant = true\n",
    );
    let junit = dir.join("junit.xml");
    let o = common::run(&[
        "run",
        "--cases",
        cases.to_str().unwrap(),
        "--junit",
        junit.to_str().unwrap(),
    ]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("FAIL    g1.wrong  期待が誤っている"), "{out}");
    assert!(out.contains("missing:    FLD-TIME UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV record 2 field 12"));
    assert!(out.contains("unexpected: "));
    assert!(out.contains("[FLD-DATE]"));
    assert!(out.contains("IGNORED g2.future"));
    assert!(out.contains("cases: 1 passed, 1 failed, 1 skipped"));
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("<testsuite id=\"0\" package=\"careplan-conformance\" name=\"g1\""));
    assert!(xml.contains("failures=\"1\""));
    assert!(xml.contains("<failure type=\"expectation\" message=\"findings differ from case.toml: 1 missing, 1 unexpected\">"));
    assert!(xml.contains("<skipped message=\"revision 9.9 is not embedded in this harness\"/>"));
    assert!(!xml.contains('\u{1b}'));
    common::validate_junit(&junit);
}

#[test]
fn a_malformed_manifest_is_rejected_with_its_path_and_reason() {
    let dir = common::scratch("malformed");
    let case = dir.join("g/bad");
    copy_case(
        "cases/conformant/delete-plan",
        &case,
        "id = \"g.bad\"\ntitle = \"t\"\nrevision = \"4.1\"\nrole = \"r\"\nconformant = true\nexpectd = 1\n",
    );
    let o = common::run(&[
        "run",
        "--cases",
        dir.to_str().unwrap(),
        "--junit",
        dir.join("j.xml").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("case.toml"), "{err}");
    assert!(err.contains("unknown field `expectd`"), "{err}");
}

#[test]
fn a_filter_that_matches_nothing_fails_the_run() {
    let o = common::run(&[
        "run",
        "--filter",
        "no-such-case-anywhere",
        "--junit",
        "target/test-scratch/none.xml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no case id contains 'no-such-case-anywhere'")
    );
    let o = common::run(&[
        "run",
        "--filter",
        "unit.",
        "--junit",
        "target/test-scratch/unit.xml",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("PASS    unit.serial-differs"));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("conformant."));
}

#[cfg(unix)]
#[test]
fn a_case_cannot_reach_files_outside_its_directory() {
    let dir = common::scratch("escape");
    let outside = dir.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    // A broken file outside the case; a link to it inside the case must not be followed.
    let bad = outside.join("UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV");
    std::fs::write(&bad, b"garbage\n").unwrap();
    let case = dir.join("cases/g/linked");
    copy_case(
        "cases/conformant/delete-plan",
        &case,
        "id = \"g.linked\"\ntitle = \"t\"\nrevision = \"4.1\"\nrole = \"r\"\nconformant = true\n",
    );
    std::os::unix::fs::symlink(
        &bad,
        case.join("UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV"),
    )
    .unwrap();
    // The same with the files checked one by one.
    let case2 = dir.join("cases/g/linked-alone");
    copy_case(
        "cases/conformant/delete-plan",
        &case2,
        "id = \"g.linked-alone\"\ntitle = \"t\"\nrevision = \"4.1\"\nrole = \"r\"\nunits = false\nconformant = true\n",
    );
    std::os::unix::fs::symlink(
        &bad,
        case2.join("UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV"),
    )
    .unwrap();
    let o = common::run(&[
        "run",
        "--cases",
        dir.join("cases").to_str().unwrap(),
        "--junit",
        dir.join("j.xml").to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}
