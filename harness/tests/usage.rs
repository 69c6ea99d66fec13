//! What a user meets at the edges of the command line: a path that does not
//! exist, a report that cannot be written, `--max-findings 0`, full-width
//! text in a table, a mistyped rule ID, and the JUnit report's time.

mod common;

use std::path::Path;

const DATE: &str = "cases/field/date-april-31";

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_missing_path_prints_no_totals_of_nothing() {
    for lang in ["ja", "en"] {
        let o = common::run_on_cases(&["--lang", lang, "check", "/no/such/path"]);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(common::stdout(&o), "", "{lang}: nothing was checked");
        assert!(
            stderr(&o).contains("/no/such/path: no such file or directory"),
            "{}",
            stderr(&o)
        );
    }
    // With a file checked besides, the totals are printed, and a revision
    // picked per file is never shown with empty parentheses.
    let o = common::run_on_cases(&["check", "/no/such/path", DATE]);
    assert_eq!(o.status.code(), Some(2));
    let out = common::stdout(&o);
    assert!(out.contains("3ファイル（16レコード）を検査"), "{out}");
    assert!(!out.contains("（）"), "{out}");
}

#[test]
fn a_report_that_cannot_be_written_is_not_told_as_an_input_problem() {
    let d = common::scratch("unwritable-report");
    // A file where the report's folder would be.
    std::fs::write(d.join("blocker"), "").unwrap();
    let report = d.join("blocker/sub/r.json");
    let o = common::run_on_cases(&["check", "--json", report.to_str().unwrap(), DATE]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!(
            "error: the report --json {} cannot be written: cannot create the folder {}:",
            report.display(),
            d.join("blocker/sub").display()
        )),
        "{err}"
    );
    // The check itself ran and printed its findings.
    assert!(common::stdout(&o).contains("[FLD-DATE]"));
}

#[test]
fn max_findings_0_lists_none_and_says_how_many_are_left_out() {
    let o = common::run_on_cases(&["check", "--max-findings", "0", DATE]);
    let out = common::stdout(&o);
    // No finding is listed (the likely verdict of the central system's
    // client, after the totals, still names its cause).
    assert!(!out.lines().any(|l| l.starts_with(DATE)), "{out}");
    let (listed, _) = out
        .split_once("ケアプランデータ連携システムでの見込み")
        .unwrap();
    assert!(!listed.contains("[FLD-DATE]"), "{out}");
    assert!(out.starts_with("…ほか1件（--max-findings 0）\n"), "{out}");
    assert!(out.contains("エラー 1件"), "{out}");
    let o = common::run_on_cases(&["--lang", "en", "check", "--max-findings", "0", DATE]);
    assert!(common::stdout(&o).starts_with("… and 1 more (--max-findings 0)\n"));
    let o = common::run_on_cases(&["check", "--format", "markdown", "--max-findings", "0", DATE]);
    let md = common::stdout(&o);
    assert!(md.contains("指摘（1件中0件）"), "{md}");
    assert!(
        md.contains("```text\n…ほか1件（--max-findings 0）\n```"),
        "{md}"
    );
    let o = common::run_on_cases(&["check", "--format", "github", "--max-findings", "0", DATE]);
    let gh = common::stdout(&o);
    assert!(!gh.contains("::error"), "{gh}");
    assert!(gh.contains("（1件中 0件を表示: --max-findings）"), "{gh}");
}

/// The display column (full-width characters count two) at which `needle`
/// starts in `line`.
fn column(line: &str, needle: &str) -> usize {
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in {line}"));
    unicode_width::UnicodeWidthStr::width(&line[..at])
}

#[test]
fn the_scenarios_table_stays_aligned_after_full_width_text() {
    let profiles = common::stdout(&common::run(&["profiles", "--format", "json"]));
    let profiles: serde_json::Value = serde_json::from_str(&profiles).unwrap();
    let ids: Vec<&str> = profiles["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(ids.len() > 3);
    let pack = careplan_conformance::certify::pack::embedded("4.1").unwrap();
    let mut mixed = false;
    for lang in ["ja", "en"] {
        for id in &ids {
            let o = common::run(&["--lang", lang, "scenarios", "--profile", id]);
            assert_eq!(o.status.code(), Some(0));
            let out = common::stdout(&o);
            // The scenario lines: the title of each starts at one column.
            let cols: Vec<usize> = out
                .lines()
                .filter_map(|l| {
                    let sc = pack
                        .scenarios
                        .iter()
                        .find(|s| l.starts_with(&format!("{} ", s.meta.id)))?;
                    Some(column(l, &format!("  {}", sc.meta.title)))
                })
                .collect();
            assert!(cols.len() > 1, "{lang} {id}: {out}");
            assert!(cols.windows(2).all(|w| w[0] == w[1]), "{lang} {id}:\n{out}");
            mixed |= out.contains("取込（申告）") && out.contains("・出力 ");
        }
    }
    assert!(mixed, "a profile mixes columns of different widths");
}

#[test]
fn a_mistyped_rule_id_gets_the_nearest_ids() {
    let o = common::run(&["explain", "FLD-DAT"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("error: no rule 'FLD-DAT' (did you mean FLD-DATE"),
        "{}",
        stderr(&o)
    );
    let o = common::run(&["explain", "ZZZZZZZZZZ"]);
    assert!(!stderr(&o).contains("did you mean"), "{}", stderr(&o));
}

/// The `timestamp` of the first test suite of a JUnit report.
fn suite_timestamp(xml: &Path) -> String {
    let x = std::fs::read_to_string(xml).unwrap();
    let at = x.find(" timestamp=\"").expect("a timestamp") + 12;
    x[at..at + 19].to_string()
}

#[test]
fn check_junit_is_stamped_with_the_current_time_unless_fixed() {
    let d = common::scratch("junit-time");
    let xml = d.join("j.xml");
    let before = careplan_conformance::certify::now_utc();
    common::run_on_cases(&["check", "--quiet", "--junit", xml.to_str().unwrap(), DATE]);
    let after = careplan_conformance::certify::now_utc();
    let t = suite_timestamp(&xml);
    assert!(
        before[..19] <= *t && *t <= after[..19],
        "{before} <= {t} <= {after}"
    );
    common::run_on_cases(&[
        "check",
        "--quiet",
        "--junit",
        xml.to_str().unwrap(),
        "--timestamp",
        "2026-04-01T09:30:00",
        DATE,
    ]);
    assert_eq!(suite_timestamp(&xml), "2026-04-01T09:30:00");
}
