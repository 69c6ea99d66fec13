//! The binary as a vendor runs it: exit codes, output formats, masking, and
//! the rules / explain commands. Each test runs on the bundled cases.

mod common;

use std::path::PathBuf;
use std::process::Command;

#[test]
fn a_conforming_send_unit_exits_0_with_no_finding() {
    let o = common::run_on_cases(&["check", "cases/conformant/use-set-6-7-hosoku"]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stdout(&o));
    insta::assert_snapshot!("check_conformant_use_set", common::stdout(&o));
}

#[test]
fn a_finding_exits_1_and_names_file_line_rule_field_and_values() {
    let o = common::run_on_cases(&["check", "cases/field/date-april-31"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("check_date_april_31_ja", common::stdout(&o));
    let o = common::run_on_cases(&["--lang", "en", "check", "cases/field/date-april-31"]);
    insta::assert_snapshot!("check_date_april_31_en", common::stdout(&o));
}

#[test]
fn warnings_alone_exit_0() {
    let o = common::run_on_cases(&[
        "check",
        "cases/structure/quoted-date/UP1KYO_1371000017_43_1371000025_11_20250325093000.CSV",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(common::stdout(&o).contains("[CSV-QUOTED-NON-FREE-TEXT] 警告: "));
}

#[test]
fn json_output_carries_positions_and_a_summary() {
    let o = common::run_on_cases(&[
        "check",
        "--format",
        "json",
        "cases/structure/stray-quote/UP1KYO_1371000017_43_1371000025_11_20250325093000.CSV",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v["findings"];
    assert_eq!(f.as_array().unwrap().len(), 2);
    assert_eq!(f[0]["rule"], "CSV-STRAY-QUOTE");
    assert_eq!(f[0]["severity"], "error");
    assert_eq!(
        f[0]["file"],
        "UP1KYO_1371000017_43_1371000025_11_20250325093000.CSV"
    );
    assert_eq!(f[0]["record"], 1);
    // Free text No.22 of record 1 holds a line break, so No.24 is on line 2.
    assert_eq!(f[0]["line"], 2);
    assert_eq!(f[0]["field_no"], 24);
    assert_eq!(f[0]["field_name"], "総合的な援助の方針");
    assert_eq!(
        f[1]["byte"].as_u64().unwrap() - f[0]["byte"].as_u64().unwrap(),
        7
    );
    assert_eq!(v["summary"]["errors"], 2);
    assert_eq!(v["summary"]["revision"], "auto");
    assert_eq!(v["summary"]["revisions"]["4.1"], 1);
    assert_eq!(v["summary"]["files"][0]["revision"], "4.1");
    assert_eq!(v["summary"]["files_checked"], 1);
    assert_eq!(v["summary"]["files_checked_alone"], 1);
}

#[test]
fn a_lone_file_is_checked_alone_with_a_note() {
    let o = common::run_on_cases(&["check", "cases/conformant/plan-set-1-2-3-hosoku/UP1KYO_1371000017_43_1371000025_11_20250325093000.CSV"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(common::stdout(&o).contains("注: 単独で指定された1ファイルは単独で検査しました"));
    // The same file in its folder, without the rest of its unit, is incomplete.
    let o = common::run_on_cases(&["check", "cases/unit/plan-unit-missing-hosoku"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(common::stdout(&o).contains("[UNIT-MISSING-MEMBER]"));
    assert!(common::stdout(&o)
        .contains("UPHOSOKU_000000_1371000017_43_1371000025_11_20250325093000.CSV"));
}

#[test]
fn json_is_byte_identical_across_runs() {
    let a = common::run_on_cases(&["check", "--format", "json", "cases"]);
    let b = common::run_on_cases(&["check", "--format", "json", "cases"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn personal_data_is_masked_unless_asked() {
    let o = common::run_on_cases(&["check", "--format", "json", "cases/field/insured-9-digits"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"][0]["rule"], "FLD-INSURED-NUMBER");
    assert_eq!(v["findings"][0]["found"], "999999999");
    assert_eq!(v["findings"][0]["masked"], true);
    let o = common::run_on_cases(&[
        "check",
        "--format",
        "json",
        "--show-personal-data",
        "cases/field/insured-9-digits",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["findings"][0]["found"], "990000001");
    assert_eq!(v["findings"][0]["masked"], false);
}

#[test]
fn a_missing_path_exits_2_and_the_rest_is_still_checked() {
    let o = common::run_on_cases(&["check", "no/such/dir", "cases/conformant/delete-plan"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such/dir: no such file or directory"));
    assert!(common::stdout(&o).contains("1ファイル（1レコード）を検査"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(common::run_on_cases(&["check"]).status.code(), Some(2));
    assert_eq!(
        common::run_on_cases(&["chek", "cases"]).status.code(),
        Some(2)
    );
    assert_eq!(
        common::run_on_cases(&["check", "--spec", "9.9", "cases"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        common::run_on_cases(&["explain", "NO-SUCH-RULE"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn rules_lists_every_rule_and_explain_shows_examples() {
    let o = common::run_on_cases(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = common::stdout(&o);
    for r in careplan_conformance::rules::catalogue::ALL {
        assert!(out.contains(r.id), "{} missing from `rules`", r.id);
    }
    let o = common::run_on_cases(&["explain", "fld-date"]);
    let out = common::stdout(&o);
    assert!(out.starts_with("FLD-DATE（エラー、項目）\n"), "{out}");
    assert!(out.contains("誤り:  サービス利用日 20250431"));
    assert!(out.contains("正しい: サービス利用日 20250430"));
    let o = common::run_on_cases(&["--lang", "en", "explain", "fld-date"]);
    let out = common::stdout(&o);
    assert!(out.starts_with("FLD-DATE (error, field)\n"));
    assert!(out.contains("Fails:  サービス利用日 20250431"));
    assert!(out.contains("Passes: サービス利用日 20250430"));
}

#[test]
fn files_are_never_modified() {
    let dir = common::cases_tree().join("cases/encoding/utf8-with-bom");
    let before: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    common::run_on_cases(&["check", dir.to_str().unwrap()]);
    for (p, b) in before {
        assert_eq!(std::fs::read(&p).unwrap(), b, "{}", p.display());
    }
}

#[test]
fn roundtrip_reports_identical_files_and_differences_as_json() {
    let o = common::run_on_cases(&["roundtrip", "cases/conformant/delete-plan"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(common::stdout(&o).contains("同一（正規形）"));
    let o = common::run_on_cases(&[
        "roundtrip",
        "--format",
        "json",
        "cases/structure/lf-line-ends",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v["files"][0];
    assert_eq!(
        f["file"],
        "UP1KYO_1371000017_43_1371000025_11_20250325093000.CSV"
    );
    assert_eq!(f["identical"], false);
    assert_eq!(f["differences"].as_array().unwrap().len(), 2);
    assert_eq!(f["differences"][0]["class"], "line-end");
    assert_eq!(f["differences"][0]["record"], 1);
    // Only MS932 form differences: reported, exit 0.
    let o = common::run_on_cases(&["roundtrip", "cases/encoding/nec-selected-form-ok"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(common::stdout(&o).contains("[MS932の符号の違い、許容]"));
}

#[test]
fn an_empty_folder_is_a_usage_error_not_a_pass() {
    let d = common::scratch("empty");
    let o = common::run_on_cases(&["check", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no file to check here"));
}

#[cfg(unix)]
#[test]
fn links_inside_an_export_folder_are_followed_links_out_of_it_are_not() {
    let d = common::scratch("links");
    // The real files in one subfolder, links to them in another.
    let real = d.join("real");
    let linked = d.join("linked");
    std::fs::create_dir_all(&real).unwrap();
    std::fs::create_dir_all(&linked).unwrap();
    let src = common::cases_tree().join("cases/conformant/delete-plan");
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "CSV") {
            std::fs::copy(&p, real.join(p.file_name().unwrap())).unwrap();
            std::os::unix::fs::symlink(
                real.join(p.file_name().unwrap()),
                linked.join(p.file_name().unwrap()),
            )
            .unwrap();
        }
    }
    let o = common::run_on_cases(&["check", d.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The link and its target are one file, checked once.
    assert!(
        common::stdout(&o).contains("1ファイル（1レコード）を検査"),
        "{}",
        common::stdout(&o)
    );
    // A link to a file outside the folder checked is reported, not followed.
    let o = common::run_on_cases(&["check", linked.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("a link that leaves the folder being checked; not followed"));
    let fifo = d.join("fifo.CSV");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    // mkfifo is POSIX: a Unix system without it is broken, not a reason to skip.
    assert!(made, "mkfifo could not make a FIFO");
    {
        let o = common::run_on_cases(&["check", fifo.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("not a regular file"));
        // Found in a folder, it is reported too, and never opened (opening a
        // FIFO with no writer would block the run).
        let o = common::run_on_cases(&["check", d.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!("{}: not a regular file", fifo.display())),
            "{err}"
        );
    }
}

#[test]
fn the_same_folder_spelled_twice_is_checked_once() {
    let o = common::run_on_cases(&[
        "check",
        "cases/conformant/delete-plan",
        "./cases/conformant/delete-plan/",
    ]);
    assert!(
        common::stdout(&o).contains("1ファイル（1レコード）を検査"),
        "{}",
        common::stdout(&o)
    );
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
        .args(["check", "--format", "json", "cases"])
        .current_dir(common::cases_tree())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped here: the rest of the output meets a closed pipe.
    let out = child.wait_with_output().unwrap();
    assert_ne!(
        out.status.code(),
        Some(101),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn file_level_findings_point_at_their_field() {
    let o = common::run_on_cases(&["check", "--format", "json", "cases/file/sikyu-no-total"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "FILE-SIKYU-TOTAL")
        .unwrap();
    let path = common::cases_tree()
        .join("cases/file/sikyu-no-total")
        .join(f["file"].as_str().unwrap());
    let data = std::fs::read(path).unwrap();
    let rec = careplan_conformance::input::records::Records::new(&data, 0)
        .nth(3)
        .unwrap();
    assert_eq!(f["record"], 4);
    assert_eq!(f["field_no"], 9);
    assert_eq!(f["byte"].as_u64().unwrap() as usize, rec.fields[8].start);
}

#[test]
fn bytes_of_personal_fields_are_masked_in_encoding_findings() {
    let d = common::scratch("utf8");
    let name = "UPHOSOKU_202504_1371000017_43_1371000025_11_20250325093000.CSV";
    let src = std::fs::read(
        common::root()
            .join("cases/conformant/use-set-6-7-hosoku")
            .join(name),
    )
    .unwrap();
    let text = encoding_rs::SHIFT_JIS.decode(&src).0.into_owned();
    // UTF-8 content with one stray byte, so that it is not valid UTF-8 either.
    let mut bytes = text.into_bytes();
    bytes.insert(40, 0xFF);
    std::fs::write(d.join(name), &bytes).unwrap();
    let o = common::run_on_cases(&["check", "--format", "json", d.join(name).to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut seen = 0;
    for f in v["findings"].as_array().unwrap() {
        if f["rule"].as_str().unwrap().starts_with("ENC-")
            && [5, 6, 10, 11].contains(&f["field_no"].as_u64().unwrap_or(0))
        {
            seen += 1;
            assert_eq!(f["masked"], true, "{f}");
            assert!(!f["found"].as_str().unwrap().contains("E3"), "{f}");
        }
    }
    assert!(
        seen >= 4,
        "expected encoding findings in the name and address fields"
    );
}

#[test]
fn a_mistyped_path_or_subcommand_gets_a_suggestion() {
    let o = common::run_on_cases(&["check", "cases/conformnt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(
            "error: cases/conformnt: no such file or directory (did you mean cases/conformant?)"
        ),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // Nothing near: no suggestion.
    let o = common::run_on_cases(&["check", "cases/zzzzzzzzzzzz"]);
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("cases/zzzzzzzzzzzz: no such file or directory\n"));
    let o = common::run_on_cases(&["chek", "cases"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("a similar subcommand exists: 'check'"));
}

#[cfg(unix)]
#[test]
fn paths_are_shown_escaped_and_a_broken_link_is_named_as_such() {
    let d = common::scratch("odd-paths");
    // A name holding a line break and a workflow command: on stderr it must
    // stay on one line, so that a CI runner cannot read it as a command.
    let evil = d.join("UPPLAN_x\n::error file=evil.rb,line=1::injected\n.CSV");
    let made = Command::new("mkfifo")
        .arg(&evil)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    // mkfifo is POSIX: a Unix system without it is broken, not a reason to skip.
    assert!(made, "mkfifo could not make a FIFO");
    {
        let o = common::run_on_cases(&["check", "--format", "github", d.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            !err.lines().any(|l| l.starts_with("::")),
            "a line of stderr reads as a workflow command: {err}"
        );
        assert!(err.contains("UPPLAN_x\\n::error"), "{err}");
        std::fs::remove_file(&evil).unwrap();
    }
    let link = d.join("UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV");
    std::os::unix::fs::symlink(d.join("nowhere"), &link).unwrap();
    let o = common::run_on_cases(&["check", link.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("a link to something that does not exist") && !err.contains("did you mean"),
        "{err}"
    );
}

#[test]
fn check_refuses_a_malformed_junit_timestamp() {
    let o = common::run_on_cases(&[
        "check",
        "--format",
        "junit",
        "--timestamp",
        "garbage",
        "cases/conformant/delete-plan",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("--timestamp must be YYYY-MM-DDTHH:MM:SS, not 'garbage'"));
}

/// Only the command line prints: the library returns values and text, so
/// that it can be used from other programs and tested without a terminal.
#[test]
fn only_main_and_cli_print() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    for e in walkdir::WalkDir::new(&src).into_iter().flatten() {
        let rel = e.path().strip_prefix(&src).unwrap();
        if e.path().extension().is_none_or(|x| x != "rs")
            || rel.starts_with("cli")
            || rel == std::path::Path::new("main.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if [
                "print!(",
                "println!(",
                "eprint!(",
                "eprintln!(",
                "dbg!(",
                "stdout()",
                "stderr()",
            ]
            .iter()
            .any(|p| code.contains(p))
            {
                offenders.push(format!("{}:{}: {}", rel.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}

#[test]
fn the_consistency_level_can_be_turned_off() {
    let dir = "cases/consistency/limit-exceeded";
    let o = common::run_on_cases(&["check", dir]);
    assert_eq!(o.status.code(), Some(0), "warnings alone exit 0");
    let out = common::stdout(&o);
    assert!(
        out.contains("[CON-SIKYU-LIMIT] 警告: この利用者の区分支給限度基準内単位数の合計 17108 が区分支給限度基準額 16765 を超えています"),
        "{out}"
    );
    let o = common::run_on_cases(&["check", "--no-consistency", dir]);
    let out = common::stdout(&o);
    assert!(!out.contains("CON-"), "{out}");
    assert!(out.contains("エラー 0件、警告 0件"), "{out}");
}

#[test]
fn compare_plan_lists_plan_against_actual_per_user_day_and_service() {
    let dir = "cases/conformant/export-folder-several-units";
    let o = common::run_on_cases(&["--lang", "en", "check", "--compare-plan", "-", dir]);
    assert_eq!(o.status.code(), Some(0));
    let out = common::stdout(&o);
    let table = out
        .split_once("予定 (plan) against 実績 (actual)")
        .map(|(_, t)| t)
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        table,
        format!(
            ": {dir}\n\
             insurer\tinsured\tdate\toffice\tsatellite\tservice code\tTAIS\tnotification\tplan\tactual\tresult\n\
             131011\t9999999999\t20250401\t1371000025\t\t111111\t\t\t1\t1\tsame\n\
             131011\t9999999999\t20250408\t1371000025\t\t111111\t\t\t1\t1\tsame\n\
             131011\t9999999999\t20250415\t1371000025\t\t111111\t\t\t1\t1\tsame\n\
             131011\t9999999999\t20250422\t1371000025\t\t111111\t\t\t1\t0\tplan only\n\
             total: 3 same, 0 count differs, 1 plan only, 0 actual only (0 records not compared: a compared field carries a finding)\n\n"
        )
    );
    // Written to a file instead, in Japanese, with the 被保険者番号 shown when asked.
    let file = std::env::temp_dir().join(format!("careplan-compare-{}.tsv", std::process::id()));
    let o = common::run_on_cases(&[
        "check",
        "--show-personal-data",
        "--compare-plan",
        file.to_str().unwrap(),
        dir,
    ]);
    assert_eq!(o.status.code(), Some(0));
    let written = std::fs::read_to_string(&file).unwrap();
    let _ = std::fs::remove_file(&file);
    assert!(
        written.starts_with(&format!(
            "予定／実績の比較: {dir}\n保険者番号\t被保険者番号\t"
        )),
        "{written}"
    );
    assert!(
        written
            .contains("131011\t9900000011\t20250422\t1371000025\t\t111111\t\t\t1\t0\t予定のみ\n"),
        "{written}"
    );
    assert!(written.ends_with("計: 一致 3、回数違い 0、予定のみ 1、実績のみ 0（指摘のある項目を含むため比較しなかったレコード 0）\n\n"), "{written}");
    assert!(!common::stdout(&o).contains("予定／実績の比較"));
    // A folder without 実績 says so.
    let o = common::run_on_cases(&[
        "check",
        "--compare-plan",
        "-",
        "cases/conformant/use-set-6-7-hosoku",
    ]);
    assert!(common::stdout(&o).ends_with("予定（第6表）と実績の両方を含むフォルダがありません\n"));
}
