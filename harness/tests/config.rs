//! The configuration file, `careplan-conformance.toml`, as a vendor's CI
//! meets it: waived findings shown as waived in every output format and not
//! failing the run, an expired waiver failing it, an unused one reported,
//! the file found from a subfolder or given with `--config`, its language,
//! format and report files used unless the command line says otherwise,
//! and every mistake in it an error that says where.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const DATE_CASE: &str = "cases/field/date-april-31";
const PHONE_CASE: &str = "cases/field/phone-too-long";
const UPPLAN: &str = "UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV";
const REASON: &str = "旧システムの出力。9月の移行で直る";

/// A vendor's repository: `exports/legacy` holds a file with a wrong date
/// (FLD-DATE), `exports/new` one with a phone number too long (FLD-LENGTH),
/// `exports/ok` a conforming set, and the configuration `config` at its
/// root.
fn repo(name: &str, config: &str) -> PathBuf {
    let d = common::scratch(name);
    for (case, to) in [
        (DATE_CASE, "exports/legacy"),
        (PHONE_CASE, "exports/new"),
        ("cases/conformant/delete-plan", "exports/ok"),
    ] {
        let from = common::cases_tree().join(case);
        std::fs::create_dir_all(d.join(to)).unwrap();
        for e in std::fs::read_dir(&from).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), d.join(to).join(e.file_name())).unwrap();
        }
    }
    std::fs::write(d.join("careplan-conformance.toml"), config).unwrap();
    d
}

fn waiver(rule: &str, path: &str, expires: &str) -> String {
    format!("[[waiver]]\nrule = \"{rule}\"\npath = \"{path}\"\nreason = \"{REASON}\"\nexpires = {expires}\n\n")
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `check` in `dir` with a fixed day and time.
fn check(dir: &Path, today: &str, args: &[&str]) -> Output {
    let mut a = vec![
        "check",
        "--today",
        today,
        "--timestamp",
        "2026-06-01T09:00:00",
    ];
    a.extend_from_slice(args);
    run_in(dir, &a)
}

#[test]
fn a_waived_finding_is_shown_as_waived_in_every_format_and_fails_nothing() {
    let d = repo(
        "config-waived",
        &waiver("FLD-DATE", "exports/legacy/**", "2026-09-30"),
    );
    let today = "2026-06-01";
    // Human: the finding is listed as waived with its reason; no error.
    let o = check(&d, today, &["exports/legacy"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    let human = out(&o);
    assert!(
        human.contains(&format!(
            "exports/legacy/{UPPLAN}:2: [FLD-DATE] 免除: 年月日（YYYYMMDD）として実在しない日付です"
        )),
        "{human}"
    );
    assert!(
        human.contains(&format!("[免除: {REASON}（2026-09-30まで）]")),
        "{human}"
    );
    assert!(human.contains("エラー 0件"), "{human}");
    assert!(
        human.contains("免除（careplan-conformance.toml）: 指摘1件を免除、期限切れの免除 0件、未使用の免除 0件（2026-06-01時点）"),
        "{human}"
    );
    assert_eq!(err(&o), "");
    let o = run_in(
        &d,
        &["--lang", "en", "check", "--today", today, "exports/legacy"],
    );
    assert!(
        out(&o).contains("[FLD-DATE] waived: not a real calendar date"),
        "{}",
        out(&o)
    );
    assert!(out(&o).contains(&format!("[waived until 2026-09-30: {REASON}]")));

    // JSON: the finding carries its waiver; the totals leave it out.
    let o = check(&d, today, &["--format", "json", "exports/legacy"]);
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &j["findings"][0];
    assert_eq!(f["rule"], "FLD-DATE");
    assert_eq!(f["waived"]["reason"], REASON);
    assert_eq!(f["waived"]["expires"], "2026-09-30");
    assert_eq!(f["waived"]["file"], "careplan-conformance.toml");
    assert_eq!(f["waived"]["line"], 1);
    let s = &j["summary"];
    assert_eq!(
        (s["errors"].as_u64(), s["waived"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(s["exit_code"], 0);
    assert_eq!(s["waivers"]["as_of"], today);
    assert_eq!(s["waivers"]["list"][0]["state"], "applied");
    assert_eq!(s["waivers"]["list"][0]["findings"], 1);
    let upplan = s["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["file"] == UPPLAN)
        .unwrap();
    assert_eq!(
        (upplan["errors"].as_u64(), upplan["waived"].as_u64()),
        (Some(0), Some(1))
    );

    // SARIF: suppressed by the configuration, with the reason; valid.
    let o = check(&d, today, &["--format", "sarif", "exports/legacy"]);
    let sarif: Value = serde_json::from_slice(&o.stdout).unwrap();
    let r = &sarif["runs"][0]["results"][0];
    assert_eq!(r["ruleId"], "FLD-DATE");
    let sup = &r["suppressions"][0];
    assert_eq!(sup["kind"], "external");
    assert_eq!(sup["status"], "accepted");
    assert!(sup["justification"].as_str().unwrap().contains(REASON));
    assert_eq!(
        sup["location"]["physicalLocation"]["artifactLocation"]["uri"],
        "careplan-conformance.toml"
    );
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("harness/tests/data/sarif-2.1.0-rtm.5.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // GitHub: a notice, not an error annotation.
    let o = check(&d, today, &["--format", "github", "exports/legacy"]);
    let gh = out(&o);
    assert!(!gh.contains("::error"), "{gh}");
    assert!(
        gh.contains(&format!(
            "::notice file=exports/legacy/{UPPLAN},line=2,title=FLD-DATE"
        )),
        "{gh}"
    );
    assert!(gh.contains("エラー 0件、警告 0件、免除 1件"), "{gh}");

    // JUnit: the file passes; the waived finding is in its output.
    let o = check(&d, today, &["--format", "junit", "exports/legacy"]);
    let x = out(&o);
    assert!(!x.contains("<failure"), "{x}");
    assert!(x.contains("[FLD-DATE] 免除: "), "{x}");
    assert!(x.contains("classname=\"careplan.waiver\""), "{x}");

    // Markdown: a pass, with the waived column and the waiver's line.
    let o = check(&d, today, &["--format", "markdown", "exports/legacy"]);
    let md = out(&o);
    assert!(md.starts_with("## careplan-conformance: ✅"), "{md}");
    assert!(
        md.contains(&format!(
            "| `exports/legacy/{UPPLAN}` | UPPLAN | 8 | 0 | 0 | 1 |"
        )),
        "{md}"
    );
    assert!(md.contains("| `FLD-DATE` | エラー | 1 | 1 |"), "{md}");
    assert!(md.contains("[FLD-DATE] 免除: "), "{md}");

    // HTML: the finding is filtered as waived and says why; the waivers
    // are listed.
    let o = check(&d, today, &["--format", "html", "exports/legacy"]);
    let h = out(&o);
    assert!(
        h.contains("data-rule=\"FLD-DATE\" data-severity=\"waived\""),
        "{h}"
    );
    assert!(h.contains("value=\"waived\""));
    assert!(h.contains(&format!("[免除: {REASON}（2026-09-30まで）]")));
    assert!(h.contains("<code>careplan-conformance.toml:1</code>"));
    assert!(h.contains("1件を免除"));
}

#[test]
fn a_waiver_holds_through_its_last_day_and_an_expired_one_fails_the_run() {
    let d = repo(
        "config-expired",
        &format!(
            "# waivers\n\n{}",
            waiver("FLD-DATE", "exports/legacy/**", "2026-09-30")
        ),
    );
    let o = check(&d, "2026-09-30", &["exports/legacy"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let o = check(&d, "2026-10-01", &["exports/legacy"]);
    assert_eq!(o.status.code(), Some(1));
    // The finding is no longer waived, and standard error says which
    // waiver expired and why it was there.
    assert!(out(&o).contains("[FLD-DATE] 年月日"), "{}", out(&o));
    assert!(!out(&o).contains("免除: "), "{}", out(&o));
    assert!(out(&o).contains("エラー 1件"));
    assert_eq!(
        err(&o),
        format!("error: careplan-conformance.toml:3: FLD-DATE（exports/legacy/**）の免除は期限 2026-09-30 を過ぎています（理由: {REASON}）\n")
    );
    let o = run_in(
        &d,
        &[
            "--lang",
            "en",
            "check",
            "--today",
            "2026-10-01",
            "exports/legacy",
        ],
    );
    assert!(err(&o).contains(&format!(
        "error: careplan-conformance.toml:3: the waiver of FLD-DATE for 'exports/legacy/**' expired after 2026-09-30 (reason: {REASON})"
    )));
    // An expired waiver fails even a run without the finding it waived.
    let o = check(&d, "2026-10-01", &["exports/ok"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(out(&o).contains("エラー 0件"), "{}", out(&o));
    // In the reports.
    let o = check(&d, "2026-10-01", &["--format", "github", "exports/ok"]);
    assert!(out(&o).contains(
        "::error file=careplan-conformance.toml,line=3,title=careplan-conformance 免除 FLD-DATE::"
    ));
    let o = check(&d, "2026-10-01", &["--format", "json", "exports/ok"]);
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["summary"]["waivers"]["list"][0]["state"], "expired");
    assert_eq!(j["summary"]["exit_code"], 1);
    let o = check(&d, "2026-10-01", &["--format", "sarif", "exports/ok"]);
    let s: Value = serde_json::from_slice(&o.stdout).unwrap();
    let n = &s["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(n["level"], "error");
    assert_eq!(
        n["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
    let o = check(&d, "2026-10-01", &["--format", "junit", "exports/ok"]);
    assert!(
        out(&o).contains("<failure type=\"waiver-expired\""),
        "{}",
        out(&o)
    );
    let o = check(&d, "2026-10-01", &["--format", "markdown", "exports/ok"]);
    assert!(out(&o).starts_with("## careplan-conformance: ❌ 期限切れの免除があります"));
    let o = check(&d, "2026-10-01", &["--format", "html", "exports/ok"]);
    assert!(out(&o).contains("期限切れの免除があります"));
}

#[test]
fn a_waiver_that_matches_nothing_is_reported_as_unused() {
    let d = repo(
        "config-unused",
        &[
            waiver("FLD-DATE", "exports/legacy", "2026-09-30"),
            // Another rule in that folder, and the rule in another folder.
            waiver("FLD-LENGTH", "exports/legacy/**", "2026-09-30"),
            waiver("FLD-DATE", "exports/new/**", "2026-09-30"),
            // A second waiver of what the first already waives.
            waiver("FLD-DATE", "**/UPPLAN_*.CSV", "2026-09-30"),
        ]
        .concat(),
    );
    let o = check(&d, "2026-06-01", &["exports"]);
    // The phone number in exports/new is not waived: it still fails.
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("[FLD-LENGTH] 全角の数字・文字が使われています"),
        "{}",
        out(&o)
    );
    assert_eq!(
        err(&o),
        [
            "warning: careplan-conformance.toml:7: FLD-LENGTH（exports/legacy/**）の免除に当たる指摘がありません（未使用）\n",
            "warning: careplan-conformance.toml:13: FLD-DATE（exports/new/**）の免除に当たる指摘がありません（未使用）\n",
            "warning: careplan-conformance.toml:19: FLD-DATE（**/UPPLAN_*.CSV）の免除に当たる指摘がありません（未使用）\n",
        ]
        .concat()
    );
    let o = check(&d, "2026-06-01", &["--format", "github", "exports"]);
    assert!(out(&o).contains(
        "::warning file=careplan-conformance.toml,line=7,title=careplan-conformance 免除 FLD-LENGTH::"
    ));
    let o = check(&d, "2026-06-01", &["--format", "json", "exports"]);
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    let states: Vec<&str> = j["summary"]["waivers"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["applied", "unused", "unused", "unused"]);
}

#[test]
fn the_file_is_found_from_a_subfolder_or_given_and_globs_are_from_its_folder() {
    let d = repo(
        "config-found",
        &waiver("FLD-DATE", "exports/legacy/**", "2026-09-30"),
    );
    // From a subfolder, with paths relative to it: still waived.
    let o = check(
        &d.join("exports/legacy"),
        "2026-06-01",
        &["--format", "json", "."],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        j["findings"][0]["waived"]["file"],
        "../../careplan-conformance.toml"
    );
    // An absolute path names the same file.
    let abs = d.join("exports/legacy");
    let o = check(&d.join("exports"), "2026-06-01", &[abs.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    // --config names another file; the one found is then not read.
    std::fs::create_dir_all(d.join("ci")).unwrap();
    std::fs::write(
        d.join("ci/strict.toml"),
        waiver("FLD-DATE", "../exports/new/**", "2026-09-30").replace("../", ""),
    )
    .unwrap();
    let o = check(
        &d,
        "2026-06-01",
        &["--config", "ci/strict.toml", "exports/legacy"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        err(&o).contains("warning: ci/strict.toml:1: FLD-DATE（exports/new/**）"),
        "{}",
        err(&o)
    );
    // A missing --config file is an error.
    let o = check(
        &d,
        "2026-06-01",
        &["--config", "nowhere.toml", "exports/legacy"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).starts_with("error: nowhere.toml: "), "{}", err(&o));
}

#[test]
fn language_format_and_reports_come_from_the_file_unless_the_command_line_says() {
    let d = repo(
        "config-defaults",
        "lang = \"en\"\n\n[check]\nformat = \"json\"\nreports = { markdown = \"reports/summary.md\", sarif = \"reports/check.sarif\" }\n",
    );
    // From a subfolder: the reports go under the configuration's folder.
    let o = check(&d.join("exports"), "2026-06-01", &["legacy"]);
    assert_eq!(o.status.code(), Some(1));
    let j: Value = serde_json::from_slice(&o.stdout).expect("JSON, the configured format");
    assert_eq!(
        j["findings"][0]["message"],
        "not a real calendar date (YYYYMMDD)"
    );
    let md = std::fs::read_to_string(d.join("reports/summary.md")).unwrap();
    assert!(
        md.starts_with("## careplan-conformance: ❌ not conformant"),
        "{md}"
    );
    assert!(d.join("reports/check.sarif").is_file());
    // The command line wins: language, format, and a report it names.
    let o = check(
        &d,
        "2026-06-01",
        &[
            "--lang",
            "ja",
            "--format",
            "human",
            "--markdown",
            "mine.md",
            "exports/legacy",
        ],
    );
    assert!(out(&o).contains("[FLD-DATE] 年月日"), "{}", out(&o));
    let mine = std::fs::read_to_string(d.join("mine.md")).unwrap();
    assert!(
        mine.starts_with("## careplan-conformance: ❌ 不適合"),
        "{mine}"
    );
    // The language applies to every subcommand.
    let o = run_in(&d, &["explain", "NO-SUCH-RULE"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run_in(&d, &["scenarios", "--profile", "kyotaku-shien"]);
    assert!(out(&o).contains("required"), "{}", out(&o));
}

#[test]
fn a_mistake_in_the_file_stops_every_command_and_says_where() {
    let d = repo(
        "config-strict",
        "lang = \"ja\"\n\n[check]\nformat = \"json\"\nmax-findings = 3\n",
    );
    for args in [vec!["check", "exports"], vec!["rules"]] {
        let o = run_in(&d, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty());
        assert!(
            err(&o).starts_with(
                "error: careplan-conformance.toml:5:1: unknown field `max-findings`, expected"
            ),
            "{}",
            err(&o)
        );
    }
    std::fs::write(
        d.join("careplan-conformance.toml"),
        waiver("FLD-DAT", "exports", "2026-09-30"),
    )
    .unwrap();
    let o = run_in(&d, &["check", "exports"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).starts_with(
            "error: careplan-conformance.toml:2:8: no rule 'FLD-DAT' (did you mean FLD-DATE"
        ),
        "{}",
        err(&o)
    );
    // A bad --today is a usage error.
    std::fs::write(d.join("careplan-conformance.toml"), "").unwrap();
    let o = run_in(&d, &["check", "--today", "2026-02-30", "exports"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--today must be a date, YYYY-MM-DD, not '2026-02-30'"));
}
