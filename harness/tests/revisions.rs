//! Revisions as data: 3.2 beside 4.1, picked per file; the spec diff; the
//! corpus regression; and migration from 3.2 to 4.1.

mod common;

use common::{cases_tree as root, run_on_cases as run, scratch, stdout};

/// The rule IDs of `check --format json` output, in order.
fn rule_ids(v: &serde_json::Value) -> Vec<&str> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn a_conforming_3_2_set_passes_with_no_option_and_fails_with_4_1_names() {
    let o = run(&["check", "cases/rev32/conformant-use-set"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("版はファイルごとに判定（3.2版 3）"));
    let o = run(&[
        "check",
        "--format",
        "json",
        "cases/rev32/use-set-with-4.1-names",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules = rule_ids(&v);
    // 第6表 and 第7表 have fewer fields in 3.2: the content decides and the
    // name is what is wrong. 利用者補足情報 has as many fields in both: the
    // CSVバージョン in force for its month (202208 for 202303) decides, so
    // it too is told that its name is what is wrong, as the others are.
    assert_eq!(
        rules,
        [
            "FILE-REVISION-MISMATCH",
            "FILE-REVISION-MISMATCH",
            "FILE-REVISION-MISMATCH"
        ]
    );
    assert!(v["findings"][1]["message"]
        .as_str()
        .unwrap()
        .contains("ファイル名は4.1版の書式ですが、内容は3.2版（CSVバージョン 202208）です"));
    // Forced, the same 3.2 set is judged as 4.1 would.
    let o = run(&[
        "check",
        "--spec",
        "4.1",
        "--format",
        "json",
        "cases/rev32/conformant-use-set",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["summary"]["by_rule"]["NAME-SEGMENTS"].as_u64().unwrap() >= 3);
    assert_eq!(v["summary"]["revision"], "4.1");
}

#[test]
fn spec_diff_is_computed_from_the_data() {
    let o = run(&["spec", "diff", "3.2", "4.1"]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!("spec_diff_3_2_to_4_1", stdout(&o));
    let o = run(&["spec", "diff", "3.2", "4.1", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let up3 = v["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "UP3KYO")
        .unwrap();
    assert_eq!(up3["status"], "added");
    let o = run(&["spec", "show", "upplan", "--spec", "3.2"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("UPPLAN 第６表（サービス利用票）予定"));
    assert!(stdout(&o).contains("22 fields"));
    assert_eq!(
        run(&["spec", "show", "UP3KYO", "--spec", "3.2"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn regress_reports_per_file_and_folder_with_junit() {
    let dir = scratch("regress");
    let junit = dir.join("regress.xml");
    let o = run(&[
        "--lang",
        "en",
        "regress",
        "--from",
        "3.2",
        "--to",
        "4.1",
        "cases/rev32",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("regress 3.2 → 4.1 on cases/rev32\n"));
    assert!(out.contains("cases/rev32/conformant-use-set/UPPLAN_202303_1371000017_1371000025_20250325093000.CSV: pass → fail"), "{out}");
    assert!(out.contains("+ [NAME-SEGMENTS]"), "{out}");
    assert!(out.contains("pass → fail"));
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("<failure type=\"regression\" message=\"passes under 3.2, fails under 4.1\">")
    );
    // JSON for tools.
    let o = run(&[
        "--lang",
        "en",
        "regress",
        "--from",
        "3.2",
        "--to",
        "4.1",
        "cases/rev32/conformant-jisseki",
        "--junit",
        junit.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files"][0]["from_pass"], true);
    assert_eq!(v["files"][0]["to_pass"], false);
}

#[test]
fn migrate_rewrites_what_is_mechanical_and_lists_the_rest() {
    let out = scratch("migrate");
    let input = root().join("cases/rev32/late-version");
    let before: Vec<Vec<u8>> = std::fs::read_dir(&input)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    let o = run(&[
        "--lang",
        "en",
        "migrate",
        "--to",
        "4.1",
        input.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let text = stdout(&o);
    assert!(text.contains("UPPLAN_202506_1371000017_1371000025_20250325093000.CSV → UPPLAN_202506_1371000017_43_1371000025_11_20250325093000.CSV (8 records)"), "{text}");
    assert!(text.contains("inferred: office 1371000025 is kind 11"));
    assert!(text.contains("福祉用具貸与 171001 needs a TAISコード"));
    // The migrated set is 4.1 apart from what the list says a human must add.
    let o = run(&["check", "--format", "json", out.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: std::collections::BTreeSet<&str> = rule_ids(&v).into_iter().collect();
    assert_eq!(
        rules.into_iter().collect::<Vec<_>>(),
        ["FLD-WELFARE-EQUIPMENT-CODE"]
    );
    assert_eq!(v["summary"]["revisions"]["4.1"], 3);
    // The input is only read.
    let after: Vec<Vec<u8>> = std::fs::read_dir(&input)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(before, after);
    // A service month before 4.1 stays as it is.
    let out2 = scratch("migrate-early");
    let o = run(&[
        "--lang",
        "en",
        "migrate",
        "--to",
        "4.1",
        "cases/rev32/conformant-use-set",
        out2.to_str().unwrap(),
    ]);
    assert!(stdout(&o).contains("service month 202303 precedes revision 4.1"));
    assert!(stdout(&o).contains("0 files written"));
}

#[test]
fn migrate_never_overwrites_goes_back_or_takes_unknown_kinds() {
    let out = scratch("migrate-twice");
    let input = root().join("cases/rev32/late-version");
    let args = [
        "--lang",
        "en",
        "migrate",
        "--to",
        "4.1",
        input.to_str().unwrap(),
        out.to_str().unwrap(),
    ];
    run(&args);
    let o = run(&args);
    assert!(stdout(&o).contains("not overwritten"), "{}", stdout(&o));
    assert!(stdout(&o).contains("0 files written"));
    let o = run(&[
        "--lang",
        "en",
        "migrate",
        "--to",
        "3.2",
        "cases/conformant/delete-plan",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("moves files forward"));
    let o = run(&[
        "--lang",
        "en",
        "migrate",
        "--to",
        "4.1",
        "--kind",
        "1371000025=ZZ",
        input.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ZZ is not a service kind code"));
}
