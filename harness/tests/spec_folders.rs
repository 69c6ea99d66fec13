//! Revisions authored as data, outside the binary: a revision written out
//! as a folder, a draft of the next revision modelled in one and used
//! wherever a revision is named, and malformed drafts refused with a
//! message per problem, by the run-time checks and the published JSON
//! Schema alike.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{cases_tree, root, run_on_cases as run, scratch, stdout};
use serde_json::Value;

/// The harness in English, for the messages read in English here (the
/// Japanese are covered by the stored outputs and tests/lang.rs).
fn run_en(args: &[&str]) -> Output {
    let mut a = vec!["--lang", "en"];
    a.extend_from_slice(args);
    common::run_on_cases(&a)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `spec export REV DIR`, which must succeed.
fn export(rev: &str, dir: &Path) {
    let o = run(&["spec", "export", rev, s(dir)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn write_json(p: &Path, v: &Value) {
    let mut t = serde_json::to_string_pretty(v).unwrap();
    t.push('\n');
    std::fs::write(p, t).unwrap();
}

/// Edits one JSON file of a folder in place.
fn edit(dir: &Path, file: &str, f: impl FnOnce(&mut Value)) {
    let p = dir.join(file);
    let mut v = read_json(&p);
    f(&mut v);
    write_json(&p, &v);
}

fn field_index(kind: &Value, name: &str) -> usize {
    kind["fields"]
        .as_array()
        .unwrap()
        .iter()
        .position(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

/// The fictitious draft: 4.1 with a field appended to 第6表 (UPPLAN and
/// UPJSK, one layout), a code added to 第1表's 認定状況区分, and a new
/// CSVバージョン with its 適用年月.
fn draft(dir: &Path) -> PathBuf {
    let d = dir.join("draft-4.2");
    export("4.1", &d);
    edit(&d, "revision.json", |r| {
        r["revision"] = "4.2-draft".into();
        r["hansu"] = "202610".into();
        r["title_ja"] = "ケアプランデータ連携標準仕様 4.2版（案）".into();
        r["csv_version"] = "202610".into();
        r["applies_from_month"] = "202704".into();
        r["csv_version_history"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "value": "202610", "from_month": "202704", "edition_ja": "第4.2版（案）"
            }));
    });
    for kind in ["UPPLAN.json", "UPJSK.json"] {
        edit(&d, kind, |k| {
            k["fields"].as_array_mut().unwrap().push(serde_json::json!({
                "no": 26, "name": "サービス提供記録番号", "type": "alnum",
                "length": 20, "length_kind": "max", "required": "no",
                "privacy": "service"
            }));
        });
    }
    edit(&d, "UP1KYO.json", |k| {
        let i = field_index(k, "認定状況区分");
        k["fields"][i]["codes"]["3"] = "区分変更申請中".into();
    });
    d
}

#[test]
fn export_writes_the_files_the_harness_is_built_from() {
    let dir = scratch("spec-export");
    for rev in ["3.2", "4.1"] {
        let out = dir.join(rev);
        export(rev, &out);
        let src = root().join("harness/src/spec").join(rev);
        let names = |d: &Path| -> BTreeSet<String> {
            std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(names(&out), names(&src));
        assert!(names(&out).contains("READINGS.md"));
        for n in names(&src) {
            assert_eq!(
                std::fs::read(out.join(&n)).unwrap(),
                std::fs::read(src.join(&n)).unwrap(),
                "{rev}/{n}"
            );
        }
        let o = run_en(&["spec", "validate", s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stdout(&o).contains(&format!(": valid: revision {rev} ")));
    }
    // Never over what is there.
    let o = run(&["spec", "export", "4.1", s(&dir.join("4.1"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not empty"), "{}", stderr(&o));
    // An export left as it is, given as a folder, is the embedded revision.
    let o = run(&[
        "check",
        "--spec",
        s(&dir.join("4.1")),
        "cases/conformant/use-set-6-7-hosoku",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("標準仕様 4.1版（CSVバージョン 202407）"));
}

#[test]
fn a_draft_validates_and_its_diff_lists_exactly_its_changes() {
    let dir = scratch("spec-draft-diff");
    let d = draft(&dir);
    let o = run_en(&["spec", "validate", s(&d)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(
        ": valid: revision 4.2-draft (版数 202610, CSVバージョン 202610, applies from service month 202704), 18 file kinds, SHA-256 "
    ));

    let o = run_en(&["spec", "diff", "4.1", s(&d)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "spec diff 4.1 → 4.2-draft\n\
         CSVバージョン: 202407 → 202610 (applies from service month 202504 → 202704)\n\
         \n\
         ~ UP1KYO (居宅サービス計画1表): 28 → 28 fields\n  \
           ~ No.17→17 認定状況区分: codes +[3] -[]\n\
         \n\
         ~ UPPLAN (第６表（サービス利用票）予定): 25 → 26 fields\n  \
           + No.26 サービス提供記録番号 (alnum ≤20)\n\
         \n\
         ~ UPJSK (第６表実績情報): 25 → 26 fields\n  \
           + No.26 サービス提供記録番号 (alnum ≤20)\n"
    );

    // JSON, for tools: the same three kinds, nothing else.
    let o = run(&["spec", "diff", "4.1", s(&d), "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["csv_version"], serde_json::json!(["202407", "202610"]));
    assert_eq!(
        v["applies_from_month"],
        serde_json::json!(["202504", "202704"])
    );
    assert_eq!(v["file_name"], serde_json::json!([]));
    assert_eq!(v["send_units"], serde_json::json!([]));
    let kinds: Vec<(&str, Vec<&Value>)> = v["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["kind"].as_str().unwrap(),
                k["changes"].as_array().unwrap().iter().collect(),
            )
        })
        .collect();
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    assert_eq!(kinds[0].0, "UP1KYO");
    assert_eq!(
        kinds[0].1,
        [
            &serde_json::json!({"change": "codes", "from_no": 17, "to_no": 17,
            "name": "認定状況区分", "added": ["3"], "removed": []})
        ]
    );
    for (i, kind) in [(1, "UPPLAN"), (2, "UPJSK")] {
        assert_eq!(kinds[i].0, kind);
        assert_eq!(
            kinds[i].1,
            [&serde_json::json!({"change": "added", "no": 26,
                "name": "サービス提供記録番号", "detail": "alnum ≤20"})]
        );
    }

    // Markdown, as the standard's 更新履歴 words a revision.
    let o = run(&["spec", "diff", "4.1", s(&d), "--format", "markdown"]);
    assert_eq!(
        stdout(&o),
        "# ケアプランデータ連携標準仕様 更新内容（4.1 → 4.2-draft）\n\
         \n\
         | | 4.1 | 4.2-draft |\n\
         |---|---|---|\n\
         | CSVバージョン | 202407 | 202610 |\n\
         | 適用年月（サービス提供年月） | 202504 | 202704 |\n\
         \n\
         | No. | ファイル | 項目No. | 項目名 | 更新内容 |\n\
         |---|---|---|---|---|\n\
         | 1 | 全ファイル | 1 | CSVバージョン | バージョン年月を「202407」から「202610」に変更（サービス提供年月202704から適用） |\n\
         | 2 | 居宅サービス計画1表（UP1KYO） | 17 | 認定状況区分 | コード「3」を追加 |\n\
         | 3 | 第６表（サービス利用票）予定（UPPLAN） | 26 | サービス提供記録番号 | 項目を追加（alnum ≤20） |\n\
         | 4 | 第６表実績情報（UPJSK） | 26 | サービス提供記録番号 | 項目を追加（alnum ≤20） |\n"
    );
    let o = run(&[
        "--lang",
        "en",
        "spec",
        "diff",
        "4.1",
        s(&d),
        "--format",
        "markdown",
    ]);
    assert!(stdout(&o).contains(
        "| 3 | 第６表（サービス利用票）予定（UPPLAN） | 26 | サービス提供記録番号 | field added (alnum ≤20) |\n"
    ));
    // `spec show` reads the draft's layout.
    let o = run_en(&["spec", "show", "UPJSK", "--spec", s(&d)]);
    assert!(stdout(&o).contains("revision 4.2-draft (CSVバージョン 202610), 26 fields"));
    assert!(stdout(&o).contains("26   "), "{}", stdout(&o));
}

/// The case folders whose manifest names revision 4.1, as the cases tree
/// holds them (`cases/…`).
fn cases_of_4_1() -> Vec<String> {
    let mut v = Vec::new();
    for e in walkdir::WalkDir::new(root().join("cases")).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_name() != "case.toml" {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        if text.lines().any(|l| l.trim() == "revision = \"4.1\"") {
            let dir = e.path().parent().unwrap();
            v.push(
                dir.strip_prefix(root())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    v
}

#[test]
fn regress_on_the_bundled_cases_reports_the_field_count_change_of_every_upplan_and_upjsk_file_and_nothing_else(
) {
    let dir = scratch("spec-draft-regress");
    let d = draft(&dir);
    let junit = dir.join("regress.xml");
    let cases = cases_of_4_1();
    assert!(cases.len() > 100, "{}", cases.len());
    let mut args = vec![
        "regress".to_string(),
        "--from".into(),
        "4.1".into(),
        "--to".into(),
        s(&d).into(),
        "--junit".into(),
        s(&junit).into(),
        "--format".into(),
        "json".into(),
    ];
    args.extend(cases.iter().cloned());
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&argv);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    let (mut sixes, mut others) = (0, 0);
    for f in files {
        let path = f["path"].as_str().unwrap();
        let changed: Vec<&str> = f["by_rule"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        match f["kind"].as_str() {
            Some("UPPLAN" | "UPJSK") if f["records"].as_u64() > Some(0) => {
                sixes += 1;
                assert!(
                    changed.contains(&"CSV-FIELD-COUNT"),
                    "{path}: the field count of 第6表 changes: {changed:?}"
                );
            }
            _ => {
                others += 1;
                assert!(
                    f["appeared"].as_array().unwrap().is_empty()
                        && f["disappeared"].as_array().unwrap().is_empty(),
                    "{path}: nothing changes but 第6表's field count: {f:#}"
                );
            }
        }
    }
    assert!(
        sixes >= 50 && others >= 250,
        "{sixes} 第6表 files, {others} others"
    );
    // The CSVバージョン is said once, not on every file.
    assert_eq!(v["csv_version"]["from"], "202407");
    assert_eq!(v["csv_version"]["to"], "202610");

    // The human report: the impact first, then the details; JUnit as before.
    let mut human = args.clone();
    human.truncate(human.len() - cases.len() - 2);
    human.extend(cases.iter().cloned());
    let argv: Vec<&str> = human.iter().map(String::as_str).collect();
    let o = run_en(&argv);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("regress 4.1 → 4.2-draft on cases/"));
    assert!(lines[1].starts_with(
        "CSVバージョン 202407 → 202610: every file's CSVバージョン is judged as under 4.1, so that what follows is what the layouts change (under 4.2-draft, "
    ));
    let impact = lines
        .iter()
        .position(|l| l.starts_with("impact: "))
        .unwrap();
    let by_rule = lines.iter().position(|l| l.starts_with("by rule")).unwrap();
    let by_kind = lines.iter().position(|l| *l == "by kind:").unwrap();
    let details = lines.iter().position(|l| *l == "details:").unwrap();
    assert!(
        impact < by_rule && by_rule < by_kind && by_kind < details,
        "{out}"
    );
    let kinds: Vec<&str> = lines[by_kind + 1..details - 1]
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(kinds, ["UPJSK", "UPPLAN"], "{out}");
    assert!(lines[impact].contains("files") && lines[impact].contains("send units"));
    assert!(
        lines[impact].ends_with("records change verdict"),
        "{}",
        lines[impact]
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("passes under 4.1, fails under 4.2-draft"));
    // The report's schema validity (xmllint) is `junit_of_regress_is_valid`
    // in tests/external.rs: same writer, and ignored with the reason where
    // xmllint is missing rather than failing here.
}

/// The conforming 利用票 set, rewritten for the draft: the new CSVバージョン,
/// a service month the draft applies to, and 第6表's new field.
fn draft_use_set(dir: &Path) -> PathBuf {
    let src = cases_tree().join("cases/conformant/use-set-6-7-hosoku");
    let out = dir.join("use-set-4.2");
    std::fs::create_dir_all(&out).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".CSV") {
            continue;
        }
        let bytes = std::fs::read(e.path()).unwrap();
        let mut records = Vec::new();
        for rec in bytes.split(|b| *b == b'\n') {
            let rec = rec.strip_suffix(b"\r").unwrap_or(rec);
            if rec.is_empty() {
                continue;
            }
            // One record per line in these files (no free text spans lines).
            assert!(rec.starts_with(b"202407,"), "{name}");
            let mut r = b"202610".to_vec();
            r.extend_from_slice(&rec[6..]);
            // 対象年月 and the dates of 2025-04 move to 2027-04.
            let text = r
                .windows(6)
                .enumerate()
                .filter(|(_, w)| *w == b"202504")
                .map(|(i, _)| i)
                .collect::<Vec<_>>();
            for i in text {
                r[i..i + 6].copy_from_slice(b"202704");
            }
            if name.starts_with("UPPLAN_") {
                r.extend_from_slice(b",R000000001");
            }
            records.push(r);
        }
        let mut data = records.join(&b"\r\n"[..]);
        data.extend_from_slice(b"\r\n");
        std::fs::write(out.join(name.replace("_202504_", "_202704_")), data).unwrap();
    }
    out
}

#[test]
fn a_file_written_for_the_draft_passes_check_with_the_draft() {
    let dir = scratch("spec-draft-check");
    let d = draft(&dir);
    let set = draft_use_set(&dir);
    let o = run(&["check", "--spec", s(&d), "--format", "json", s(&set)]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"], serde_json::json!([]));
    assert_eq!(v["summary"]["revision"], "4.2-draft");
    assert_eq!(v["summary"]["files"].as_array().map(Vec::len), Some(3));
    // Given with --spec-dir, the draft is picked per file by its CSVバージョン.
    let o = run(&["check", "--spec-dir", s(&d), s(&set)]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("版はファイルごとに判定（4.2-draft版 3）"),
        "{}",
        stdout(&o)
    );
    // Against 4.1, 第6表 has a field too many.
    let o = run(&["check", "--spec", "4.1", "--format", "json", s(&set)]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["summary"]["by_rule"]["CSV-FIELD-COUNT"].as_u64().unwrap() >= 1);
    // The id of a folder given with --spec-dir is a revision id like the others.
    let o = run(&["check", "--spec-dir", s(&d), "--spec", "4.2-draft", s(&set)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&[
        "regress",
        "--spec-dir",
        s(&d),
        "--from",
        "4.1",
        "--to",
        "4.2-draft",
        s(&set),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// A draft with a duplicate field No., a length that is not a number, a
/// code field without its code table and a kind listed without its file.
fn malformed(dir: &Path) -> PathBuf {
    let d = draft(dir);
    let bad = dir.join("malformed");
    std::fs::rename(&d, &bad).unwrap();
    edit(&bad, "UPPLAN.json", |k| k["fields"][25]["no"] = 25.into());
    edit(&bad, "UPJSK.json", |k| {
        k["fields"][7]["length"] = "6".into()
    });
    edit(&bad, "UP1KYO.json", |k| {
        let i = field_index(k, "認定状況区分");
        k["fields"][i].as_object_mut().unwrap().remove("codes");
    });
    std::fs::remove_file(bad.join("DLTYOBO.json")).unwrap();
    bad
}

#[test]
fn a_malformed_draft_is_refused_with_a_message_per_problem_naming_the_file() {
    let dir = scratch("spec-draft-malformed");
    let bad = malformed(&dir);
    let b = s(&bad);
    let expected = [
        format!("error: {b}/UP1KYO.json: /fields/16: missing property `codes` (a field of type code carries its code table)"),
        format!("error: {b}/UPJSK.json: /fields/7/length: expected an integer or null, found string \"6\""),
        format!("error: {b}/UPPLAN.json: /fields/25/no: expected 26, found number 25"),
        format!("error: {b}: 3 problems; the revision folder is not used"),
    ];
    let set = cases_tree().join("cases/conformant/use-set-6-7-hosoku");
    for args in [
        vec!["spec", "validate", b],
        vec!["spec", "diff", "4.1", b],
        vec!["spec", "show", "UPPLAN", "--spec", b],
        vec!["check", "--spec", b, s(&set)],
        vec!["check", "--spec-dir", b, s(&set)],
        vec!["regress", "--from", "4.1", "--to", b, s(&set)],
        vec!["migrate", "--to", b, s(&set), s(&dir.join("migrated"))],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let lines: Vec<String> = stderr(&o).lines().map(str::to_string).collect();
        assert_eq!(lines, expected, "{args:?}");
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
    // Once the shape is right, what one file says of another is checked.
    edit(&bad, "UPPLAN.json", |k| k["fields"][25]["no"] = 26.into());
    edit(&bad, "UPJSK.json", |k| k["fields"][7]["length"] = 6.into());
    edit(&bad, "UP1KYO.json", |k| {
        let i = field_index(k, "認定状況区分");
        k["fields"][i]["type"] = "digits".into();
    });
    edit(&bad, "revision.json", |r| {
        r["send_units"][1]["each_parent_user_in"] = "UPJSK".into();
    });
    let o = run(&["spec", "validate", b]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).lines().collect::<Vec<_>>(),
        [
            format!("error: {b}/revision.json: /kinds/17: expected the file DLTYOBO.json in the folder for the kind DLTYOBO"),
            format!("error: {b}: 1 problem; the revision folder is not used"),
        ]
    );
    std::fs::copy(
        root().join("harness/src/spec/4.1/DLTYOBO.json"),
        bad.join("DLTYOBO.json"),
    )
    .unwrap();
    let o = run(&["spec", "validate", b]);
    assert_eq!(
        stderr(&o).lines().collect::<Vec<_>>(),
        [
            format!("error: {b}/revision.json: /send_units/1/each_parent_user_in: 4.2-draft: send unit use names UPJSK, which is not one of its members or not a kind of the revision"),
            format!("error: {b}: 1 problem; the revision folder is not used"),
        ]
    );
    // A draft may not take an embedded revision's id with other data.
    edit(&bad, "revision.json", |r| {
        r["send_units"][1]["each_parent_user_in"] = "UPSIKYU".into();
        r["revision"] = "4.1".into();
    });
    let o = run(&["check", "--spec", b, s(&set)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).lines().collect::<Vec<_>>(),
        [
            format!("error: {b}/revision.json: /revision: \"4.1\" is the id of an embedded revision, with other data: give the draft an id of its own (e.g. \"4.1-draft\")"),
            format!("error: {b}: 1 problem; the revision folder is not used"),
        ]
    );
    // A field whose role the rules read, dropped: they would pass silently.
    edit(&bad, "revision.json", |r| {
        r["revision"] = "4.2-draft".into()
    });
    edit(&bad, "UPPLAN.json", |k| {
        let i = field_index(k, "サービスコード");
        k["fields"][i].as_object_mut().unwrap().remove("role");
    });
    let o = run(&["spec", "validate", b]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("error: {b}/UPPLAN.json: /fields/14/role: UPPLAN: サービスコード has role Some(ServiceCode) in 4.1 (No.15) and None in 4.2-draft (No.15)")),
        "{err}"
    );
    // Nothing that is not a folder is taken for one.
    let o = run(&["check", "--spec", s(&bad.join("UPPLAN.json")), s(&set)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("a file, not a revision folder"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_certificate_against_a_draft_says_so_with_the_folders_hash() {
    let dir = scratch("spec-draft-certify");
    let d = draft(&dir);
    let pack = dir.join("pack");
    let copy = |from: &Path, to: &Path| {
        for e in walkdir::WalkDir::new(from) {
            let e = e.unwrap();
            let t = to.join(e.path().strip_prefix(from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&t).unwrap();
            } else {
                std::fs::copy(e.path(), &t).unwrap();
            }
        }
    };
    copy(&root().join("scenarios/4.1"), &pack);
    let toml = std::fs::read_to_string(pack.join("pack.toml")).unwrap();
    std::fs::write(
        pack.join("pack.toml"),
        toml.replace("revision = \"4.1\"", "revision = \"4.2-draft\""),
    )
    .unwrap();
    let out = dir.join("out");
    let args = |with_dir: bool| {
        let mut a = vec![
            "certify",
            "--pack",
            s(&pack),
            "--profile",
            "service-provider",
            "--submission",
            "cases/certification/reference/service-provider",
            "--out",
            s(&out),
            "--generated-at",
            "2026-01-01T00:00:00Z",
        ];
        if with_dir {
            a.extend(["--spec-dir", s(&d)]);
        }
        a
    };
    let o = run(&args(false));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("neither embedded nor given with --spec-dir"));
    let o = run(&args(true));
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));
    let cert = read_json(&out.join("certificate.json"));
    let hash = {
        let o = run(&["spec", "validate", s(&d)]);
        stdout(&o).trim().rsplit(' ').next().unwrap().to_string()
    };
    assert_eq!(cert["spec_revision"], "4.2-draft");
    assert_eq!(cert["revision_sha256"], hash.as_str());
    assert_eq!(cert["revision_source"], "folder");
    assert_eq!(cert["revision_folder"], s(&d));
    // The certificate's published schema knows the two keys.
    let published = read_json(&root().join("schemas/certificate.v1.json"));
    let v = jsonschema::draft202012::new(&published).expect("certificate.v1.json compiles");
    let errors: Vec<String> = v.iter_errors(&cert).map(|e| e.to_string()).collect();
    assert_eq!(errors, Vec::<String>::new());
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(summary.contains(&format!(
        "- 標準仕様のデータ: 組み込みではなく版のフォルダ {}（SHA-256 {hash}）",
        s(&d)
    )));
    // Certificates against the revision built in do not carry the keys.
    let o = common::run(&[
        "certify",
        "--profile",
        "service-provider",
        "--submission",
        "cases/certification/reference/service-provider",
        "--out",
        s(&dir.join("out-embedded")),
        "--generated-at",
        "2026-01-01T00:00:00Z",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cert = read_json(&dir.join("out-embedded/certificate.json"));
    assert!(cert.get("revision_source").is_none() && cert.get("revision_folder").is_none());
}

// ------------------------------------------------------------------ schema

fn schema(name: &str) -> Value {
    read_json(&root().join("harness/src/spec/schema").join(name))
}

/// The reference implementation's error locations for a document.
fn reference_pointers(validator: &jsonschema::Validator, doc: &Value) -> BTreeSet<String> {
    validator
        .iter_errors(doc)
        .map(|e| e.instance_path().to_string())
        .collect()
}

/// The run-time checks' error locations for a document.
fn run_time_pointers(schema: &Value, doc: &Value) -> BTreeSet<String> {
    careplan_conformance::spec::json_schema::validate(schema, doc)
        .into_iter()
        .map(|e| e.pointer)
        .collect()
}

#[test]
fn the_published_schema_and_the_run_time_checks_agree() {
    let (rs, ks) = (schema("revision.schema.json"), schema("kind.schema.json"));
    // The files the harness runs with are the published ones.
    let (lib_r, lib_k) = careplan_conformance::spec::json_schema::schemas();
    assert_eq!((&lib_r, &lib_k), (&rs, &ks));
    let rv = jsonschema::draft202012::new(&rs).expect("revision.schema.json compiles");
    let kv = jsonschema::draft202012::new(&ks).expect("kind.schema.json compiles");
    let validator = |file: &str| {
        if file == "revision.json" {
            (&rv, &rs)
        } else {
            (&kv, &ks)
        }
    };

    // Every embedded revision is valid under both.
    for rev in ["3.2", "4.1"] {
        let dir = root().join("harness/src/spec").join(rev);
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let doc = read_json(&p);
            let (v, sch) = validator(&name);
            assert_eq!(reference_pointers(v, &doc), BTreeSet::new(), "{rev}/{name}");
            assert_eq!(
                run_time_pointers(sch, &doc),
                BTreeSet::new(),
                "{rev}/{name}"
            );
        }
    }

    // Malformed drafts: both reject, at the same places.
    let base = root().join("harness/src/spec/4.1");
    type Edit = Box<dyn Fn(&mut Value)>;
    let drafts: Vec<(&str, &str, Edit)> = vec![
        (
            "a duplicate field No.",
            "UPPLAN.json",
            Box::new(|k| k["fields"][3]["no"] = 3.into()),
        ),
        (
            "a length that is not a number",
            "UPJSK.json",
            Box::new(|k| k["fields"][7]["length"] = "6".into()),
        ),
        (
            "a code table referenced but missing",
            "UP1KYO.json",
            Box::new(|k| {
                let i = field_index(k, "認定状況区分");
                k["fields"][i].as_object_mut().unwrap().remove("codes");
            }),
        ),
        (
            "a misspelt property",
            "UPSIKYU.json",
            Box::new(|k| {
                let f = k["fields"][2].as_object_mut().unwrap();
                let v = f.remove("length").unwrap();
                f.insert("lenght".into(), v);
            }),
        ),
        (
            "a value outside an enumeration",
            "UP2KYO.json",
            Box::new(|k| k["fields"][1]["length_kind"] = "fix".into()),
        ),
        (
            "a role that does not exist",
            "UPHOSOKU.json",
            Box::new(|k| k["fields"][1]["role"] = "insurer".into()),
        ),
        (
            "a field without a name",
            "DLTPLAN.json",
            Box::new(|k| {
                k["fields"][0].as_object_mut().unwrap().remove("name");
            }),
        ),
        (
            "a field without its privacy class (the former `personal` flag)",
            "UPYOBO.json",
            Box::new(|k| {
                let f = k["fields"][14].as_object_mut().unwrap();
                f.remove("privacy");
                f.insert("personal".into(), true.into());
            }),
        ),
        (
            "a privacy class that does not exist",
            "UPKIHON_SUB2.json",
            Box::new(|k| k["fields"][6]["privacy"] = "medical".into()),
        ),
        (
            "a negative length",
            "UP3KYO.json",
            Box::new(|k| k["fields"][0]["length"] = (-1).into()),
        ),
        (
            "a direction that does not exist",
            "DLTJSK.json",
            Box::new(|k| k["direction"] = "both".into()),
        ),
        (
            "a kind listed twice",
            "revision.json",
            Box::new(|r| r["kinds"].as_array_mut().unwrap().push("UPPLAN".into())),
        ),
        (
            "a history entry without its month",
            "revision.json",
            Box::new(|r| {
                r["csv_version_history"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("from_month");
            }),
        ),
        (
            "a relation key that does not exist",
            "revision.json",
            Box::new(|r| r["send_units"][0]["key"] = "plan".into()),
        ),
        (
            "a CSVバージョン that is a number",
            "revision.json",
            Box::new(|r| r["csv_version"] = 202610.into()),
        ),
    ];
    for (what, file, f) in &drafts {
        let mut doc = read_json(&base.join(file));
        f(&mut doc);
        let (v, sch) = validator(file);
        let reference = reference_pointers(v, &doc);
        let ours = run_time_pointers(sch, &doc);
        assert!(!reference.is_empty(), "{what}: the schema rejects it");
        assert_eq!(ours, reference, "{what} ({file}): the same places");
        // And the folder holding it is refused, naming the file.
        let problems = {
            let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&base)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .map(|p| {
                    let n = p.file_name().unwrap().to_string_lossy().into_owned();
                    let b = if n == *file {
                        serde_json::to_vec(&doc).unwrap()
                    } else {
                        std::fs::read(&p).unwrap()
                    };
                    (n, b)
                })
                .collect();
            files.sort();
            careplan_conformance::spec::folder::load("draft", &files).unwrap_err()
        };
        assert!(
            problems.iter().all(|p| p.file == format!("draft/{file}")),
            "{what}: {problems:?}"
        );
        let pointers: BTreeSet<String> = problems.iter().map(|p| p.pointer.clone()).collect();
        assert_eq!(pointers, reference, "{what}");
    }

    // What one file says of another is beyond any JSON Schema: the schema
    // says so, and the run-time checks make them.
    let description = rs["description"].as_str().unwrap();
    for check in [
        "every kind listed has its file and every .json file is a listed kind",
        "csv_version is in csv_version_history",
        "each send unit names only its own members",
        "a field that another revision also has (same name) keeps its role",
    ] {
        assert!(description.contains(check), "{check}");
    }
}
