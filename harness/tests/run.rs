//! `careplan-conformance run`: the case suite as CI runs it, its JUnit report
//! checked against the JUnit schema, and its handling of broken suites.

mod common;

use std::path::Path;

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
        out.contains(&format!("ケース: 合格 {cases}、不合格 0、対象外 0")),
        "{out}"
    );
    assert!(out.contains(&format!("JUnit レポート: {}", a.display())));
    let xml = std::fs::read_to_string(&a).unwrap();
    assert_eq!(xml.matches("<testcase ").count(), cases);
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
        "--pending",
        dir.join("pending").to_str().unwrap(),
    ]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("FAIL    g1.wrong  期待が誤っている"), "{out}");
    assert!(out.contains("missing:    FLD-TIME UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV record 2 field 12"));
    assert!(out.contains("unexpected: "));
    assert!(out.contains("[FLD-DATE]"));
    assert!(out.contains("IGNORED g2.future"));
    assert!(out.contains("ケース: 合格 1、不合格 1、対象外 1"));
    // One word for a case not run, per case and in the totals.
    assert!(!out.to_lowercase().contains("skipped"), "{out}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("<testsuite id=\"0\" package=\"careplan-conformance\" name=\"g1\""));
    assert!(xml.contains("failures=\"1\""));
    assert!(xml.contains("<failure type=\"expectation\" message=\"指摘が case.toml と異なります: 不足 1件、余分 1件\">"), "{xml}");
    assert!(
        xml.contains("<skipped message=\"9.9版はこのハーネスに収録されていません\"/>"),
        "{xml}"
    );
    assert!(!xml.contains('\u{1b}'));
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
        common::scratch("malformed-report")
            .join("j.xml")
            .to_str()
            .unwrap(),
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

/// Runs the suite under `cases` with its reports in `dir`.
fn run_suite(dir: &Path, cases: &Path, more: &[&str]) -> std::process::Output {
    let mut args = vec![
        "run".to_string(),
        "--cases".into(),
        cases.display().to_string(),
        "--junit".into(),
        dir.join("j.xml").display().to_string(),
        "--pending".into(),
        dir.join("pending").display().to_string(),
    ];
    args.extend(more.iter().map(|s| s.to_string()));
    common::run(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

const DATE_CASE: &str = "id = \"g.date\"\ntitle = \"t\"\nrevision = \"4.1\"\nrole = \"r\"\n\n[[expect]]\nrule = \"FLD-DATE\"\nfile = \"UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV\"\nrecord = 2\nfield = 10\n";

#[test]
fn findings_are_pinned_whole_pending_until_blessed() {
    let dir = common::scratch("pinned");
    let cases = dir.join("cases");
    let case = cases.join("g/date");
    copy_case("cases/field/date-april-31", &case, DATE_CASE);
    // No findings.txt yet: the case fails, and the findings wait in pending/.
    let o = run_suite(&dir, &cases, &[]);
    let out = common::stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("no findings.txt yet"), "{out}");
    assert!(out.contains("+ FLD-DATE error | UPPLAN_"), "{out}");
    let pending = dir.join("pending/g.date/findings.txt");
    assert!(
        out.contains(&format!("pending: {}", pending.display())),
        "{out}"
    );
    let rendered = std::fs::read_to_string(&pending).unwrap();
    assert!(rendered.contains("found '20250431'"), "{rendered}");
    assert!(!case.join("findings.txt").exists());
    // --bless writes it; the case then passes.
    let o = run_suite(&dir, &cases, &["--bless"]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stdout(&o));
    assert_eq!(
        std::fs::read_to_string(case.join("findings.txt")).unwrap(),
        rendered
    );
    assert_eq!(run_suite(&dir, &cases, &[]).status.code(), Some(0));
    // Another found value at the same position: case.toml still matches,
    // the pinned findings do not, and the diff says what changed.
    let upplan = case.join("UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV");
    let data = std::fs::read(&upplan).unwrap();
    let text = data.windows(8).position(|w| w == b"20250431").unwrap();
    let mut changed = data.clone();
    changed[text..text + 8].copy_from_slice(b"20250432");
    std::fs::write(&upplan, changed).unwrap();
    let o = run_suite(&dir, &cases, &[]);
    let out = common::stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("findings:   differ from findings.txt"),
        "{out}"
    );
    assert!(
        out.contains("- FLD-DATE") && out.contains("found '20250431'"),
        "{out}"
    );
    assert!(
        out.contains("+ FLD-DATE") && out.contains("found '20250432'"),
        "{out}"
    );
    let xml = std::fs::read_to_string(dir.join("j.xml")).unwrap();
    assert!(
        xml.contains("message=\"指摘が findings.txt と異なります\""),
        "{xml}"
    );
}

#[test]
fn a_case_from_a_base_with_edits_is_checked_in_memory_and_can_be_written_out() {
    let dir = common::scratch("based");
    let cases = dir.join("cases");
    copy_case(
        "cases/conformant/use-set-6-7-hosoku",
        &cases.join("conformant/use-set"),
        "id = \"conformant.use-set\"\ntitle = \"t\"\nrevision = \"4.1\"\nrole = \"r\"\nconformant = true\n",
    );
    let edited = cases.join("field/date");
    std::fs::create_dir_all(&edited).unwrap();
    let manifest = DATE_CASE.replace(
        "role = \"r\"\n",
        "role = \"r\"\nbase = \"conformant/use-set\"\n\n[[edit]]\nfile = \"UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV\"\nrecord = 2\nfield = 10\nvalue = \"20250431\"\n",
    );
    std::fs::write(edited.join("case.toml"), &manifest).unwrap();
    let base_before =
        std::fs::read(cases.join(
            "conformant/use-set/UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV",
        ))
        .unwrap();
    let o = run_suite(&dir, &cases, &["--bless"]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stdout(&o));
    assert!(std::fs::read_to_string(edited.join("findings.txt"))
        .unwrap()
        .contains("found '20250431'"));
    // Nothing was written into the case tree but the findings file.
    let names: Vec<_> = std::fs::read_dir(&edited)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(
        std::fs::read(cases.join(
            "conformant/use-set/UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV"
        ))
        .unwrap(),
        base_before
    );
    // Written out, the files are those the case checks, under its path.
    let out = dir.join("emitted");
    let o = common::run(&[
        "run",
        "--cases",
        cases.to_str().unwrap(),
        "--emit",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(common::stdout(&o).contains("2 cases written under"));
    let emitted = std::fs::read(
        out.join("field/date/UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV"),
    )
    .unwrap();
    assert_eq!(emitted.len(), base_before.len());
    assert!(emitted.windows(8).any(|w| w == b"20250431"));
    assert!(!out.join("field/date/case.toml").exists());
    let checked = common::run(&["check", out.join("field/date").to_str().unwrap()]);
    assert!(common::stdout(&checked).contains("[FLD-DATE]"));
}

#[test]
fn a_bad_base_or_edit_is_a_manifest_error_with_its_line() {
    let dir = common::scratch("bad-edit");
    let cases = dir.join("cases");
    copy_case(
        "cases/conformant/delete-plan",
        &cases.join("conformant/delete-plan"),
        "id = \"conformant.delete-plan\"\ntitle = \"t\"\nrevision = \"4.1\"\nrole = \"r\"\nconformant = true\n",
    );
    let head = "title = \"t\"\nrevision = \"4.1\"\nrole = \"r\"\nconformant = true\n";
    let dp = "DLTPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV";
    for (id, rest, message) in [
        ("unknown-base", "base = \"conformant/no-such\"\n".to_string(), "line 6: unknown base `conformant/no-such`".to_string()),
        ("record", format!("base = \"conformant/delete-plan\"\n\n[[edit]]\nfile = \"{dp}\"\nrecord = 2\nfield = 1\nvalue = \"x\"\n"), "line 8: edit 1: record 2 is out of range: the file has 1 records".into()),
        ("field", format!("base = \"conformant/delete-plan\"\n\n[[edit]]\nfile = \"{dp}\"\nrecord = 1\nfield = 5\nvalue = \"x\"\n"), "line 8: edit 1: field No.5 is out of range: record 1 has 4 fields".into()),
        ("file", "base = \"conformant/delete-plan\"\n\n[[edit]]\nfile = \"X.CSV\"\ndelete = true\n".to_string(), "line 8: edit 1: no file `X.CSV` in the case".into()),
        ("cycle", "base = \"g/bad\"\n".to_string(), "line 6: base `g/bad` leads back to this case".into()),
        ("key", format!("base = \"conformant/delete-plan\"\n\n[[edit]]\nfile = \"{dp}\"\nrecrod = 1\n"), "unknown field `recrod`".into()),
    ] {
        let d = dir.join(format!("one-{id}"));
        copy_case(
            "cases/conformant/delete-plan",
            &d.join("conformant/delete-plan"),
            "id = \"conformant.delete-plan\"\ntitle = \"t\"\nrevision = \"4.1\"\nrole = \"r\"\nconformant = true\n",
        );
        std::fs::create_dir_all(d.join("g/bad")).unwrap();
        std::fs::write(d.join("g/bad/case.toml"), format!("id = \"g.{id}\"\n{head}{rest}")).unwrap();
        let o = run_suite(&dir, &d, &[]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{id}: {err}");
        assert!(err.contains("g/bad/case.toml"), "{id}: {err}");
        assert!(err.contains(&message), "{id}: {err}");
    }
}

#[test]
fn ids_that_are_paths_are_refused_and_nothing_is_written_outside() {
    let dir = common::scratch("id-paths");
    let outside = dir.join("outside");
    for (n, id) in [
        "../../outside/escape".to_string(),
        outside.join("escape").display().to_string(),
    ]
    .iter()
    .enumerate()
    {
        let cases = dir.join(format!("cases{n}"));
        copy_case(
            "cases/conformant/delete-plan",
            &cases.join("g/c"),
            &format!(
                "id = {id:?}\ntitle = \"t\"\nrevision = \"4.1\"\nrole = \"r\"\nconformant = true\n"
            ),
        );
        let o = run_suite(&dir, &cases, &[]);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("is not a name"));
        // golden bless names its files by id: refused before anything is written.
        let golden = dir.join(format!("golden{n}/deep"));
        let o = common::run(&[
            "golden",
            "bless",
            "--cases",
            cases.to_str().unwrap(),
            "--golden",
            golden.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("is not a name"));
    }
    assert!(!outside.exists());
    assert!(!dir.join("golden0").exists() && !dir.join("golden1").exists());
}

#[test]
fn an_outer_case_does_not_read_the_files_of_a_case_inside_it() {
    let dir = common::scratch("nested");
    let cases = dir.join("cases");
    let outer = cases.join("g/outer");
    copy_case(
        "cases/conformant/delete-plan",
        &outer,
        "id = \"g.outer\"\ntitle = \"t\"\nrevision = \"4.1\"\nrole = \"r\"\nconformant = true\n",
    );
    // A case inside it whose file is broken: its own finding, not the outer's.
    let inner = outer.join("inner");
    std::fs::create_dir_all(&inner).unwrap();
    std::fs::write(
        inner.join("DLTPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV"),
        b"202407,131011\r\n",
    )
    .unwrap();
    std::fs::write(
        inner.join("case.toml"),
        "id = \"g.outer.inner\"\ntitle = \"t\"\nrevision = \"4.1\"\nrole = \"r\"\n\n[[expect]]\nrule = \"CSV-FIELD-COUNT\"\nfile = \"DLTPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV\"\nrecord = 1\n",
    )
    .unwrap();
    let o = run_suite(&dir, &cases, &["--bless"]);
    let out = common::stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("PASS    g.outer  t"), "{out}");
    assert!(out.contains("PASS    g.outer.inner  t"), "{out}");
    // A folder that is not a case is an error, not silently skipped.
    std::fs::create_dir_all(outer.join("extra")).unwrap();
    let o = run_suite(&dir, &cases, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("folder `extra` is not part of the case"));
}

#[cfg(unix)]
#[test]
fn a_base_reached_through_a_link_is_not_read() {
    let dir = common::scratch("base-link");
    let outside = dir.join("outside/c");
    copy_case(
        "cases/conformant/delete-plan",
        &outside,
        "id = \"o.c\"\ntitle = \"t\"\nrevision = \"4.1\"\nrole = \"r\"\nconformant = true\n",
    );
    let cases = dir.join("cases");
    std::fs::create_dir_all(cases.join("g/c")).unwrap();
    std::os::unix::fs::symlink(dir.join("outside"), cases.join("linked")).unwrap();
    std::fs::write(
        cases.join("g/c/case.toml"),
        "id = \"g.c\"\ntitle = \"t\"\nrevision = \"4.1\"\nrole = \"r\"\nbase = \"linked/c\"\nconformant = true\n",
    )
    .unwrap();
    let o = run_suite(&dir, &cases, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("passes through a link"));
}
