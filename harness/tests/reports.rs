//! The machine-readable outputs of `check` for CI: SARIF (validated against
//! the SARIF 2.1.0 schema), GitHub annotations, JUnit, Markdown, and the CLI
//! options that shape them. (JUnit against its schema, and colour and the
//! progress bar on a terminal, are in external.rs.)

mod common;

use serde_json::Value;

const DATE: &str = "cases/field/date-april-31";
const PHONE: &str = "cases/field/phone-too-long";
const UPPLAN: &str = "UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV";

fn sarif_of(args: &[&str]) -> Value {
    let mut a = vec!["check", "--format", "sarif"];
    a.extend_from_slice(args);
    let o = common::run_on_cases(&a);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("SARIF is JSON")
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    // The schema is the OASIS SARIF 2.1.0 (rtm.5) JSON schema, as published
    // on schemastore.org.
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("harness/tests/data/sarif-2.1.0-rtm.5.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("the schema compiles");
    for args in [vec![DATE, PHONE], vec!["cases/conformant/delete-plan"]] {
        let mut a = vec!["check", "--format", "sarif"];
        a.extend(args.iter().copied());
        let o = common::run_on_cases(&a);
        let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    }
    // A schema violation is caught (the validator is not vacuous).
    let mut bad = sarif_of(&[DATE]);
    bad["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&bad));
}

#[test]
fn sarif_results_point_at_the_file_line_and_byte_with_the_rule_and_its_help() {
    let doc = sarif_of(&[DATE]);
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let r = &results[0];
    assert_eq!(r["ruleId"], "FLD-DATE");
    assert_eq!(r["level"], "error");
    let idx = r["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[idx]["id"], "FLD-DATE");
    assert!(rules[idx]["help"]["text"]
        .as_str()
        .unwrap()
        .contains(rules[idx]["properties"]["spec_ref"].as_str().unwrap()));
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        format!("{DATE}/{UPPLAN}").as_str()
    );
    assert_eq!(loc["region"]["startLine"], 2);
    assert_eq!(loc["region"]["byteOffset"], 231);
    assert_eq!(r["properties"]["record"], 2);
    assert_eq!(r["properties"]["field_no"], 10);
    assert_eq!(r["properties"]["found"], "20250431");
}

#[test]
fn sarif_masks_personal_data_unless_asked() {
    let masked = sarif_of(&[PHONE]);
    let r = &masked["runs"][0]["results"][0];
    assert_eq!(r["ruleId"], "FLD-LENGTH");
    assert_eq!(r["properties"]["masked"], true);
    let text = serde_json::to_string(&masked).unwrap();
    let shown = sarif_of(&["--show-personal-data", PHONE]);
    let raw = shown["runs"][0]["results"][0]["properties"]["found"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!raw.is_empty() && !text.contains(&raw), "{raw} leaks");
}

#[test]
fn github_format_prints_one_annotation_per_finding_and_the_totals() {
    let o = common::run_on_cases(&["check", "--format", "github", DATE, PHONE]);
    assert_eq!(o.status.code(), Some(1));
    let out = common::stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with(&format!(
            "::error file={DATE}/{UPPLAN},line=2,title=FLD-DATE ("
        )),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("::[FLD-DATE] "));
    assert!(lines[1].starts_with("::error file=cases/field/phone-too-long/UPHOSOKU_"));
    assert_eq!(
        lines[2],
        "::notice title=careplan-conformance::6ファイルを検査: エラー 2件、警告 0件"
    );
    // --max-findings keeps the annotations within what the job shows.
    let o = common::run_on_cases(&[
        "check",
        "--format",
        "github",
        "--max-findings",
        "1",
        DATE,
        PHONE,
    ]);
    let out = common::stdout(&o);
    assert_eq!(out.lines().filter(|l| l.starts_with("::error")).count(), 1);
    assert!(out.contains("（2件中 1件を表示: --max-findings）"), "{out}");
}

#[test]
fn extra_reports_are_written_in_the_same_run_and_are_deterministic() {
    let d = common::scratch("extra-reports");
    let out = d.join("nested/dir");
    let (junit, sarif, md, json) = (
        out.join("j.xml"),
        out.join("r.sarif"),
        out.join("s.md"),
        out.join("r.json"),
    );
    let args = |n: &str| {
        vec![
            "check".to_string(),
            "--quiet".into(),
            "--junit".into(),
            junit.with_extension(n).display().to_string(),
            "--timestamp".into(),
            "2026-01-01T00:00:00".into(),
            "--sarif".into(),
            sarif.display().to_string(),
            "--markdown".into(),
            md.display().to_string(),
            "--json".into(),
            json.display().to_string(),
            DATE.into(),
            "cases/conformant/delete-plan".into(),
        ]
    };
    let a1 = args("xml");
    let o = common::run_on_cases(&a1.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty(), "--quiet prints nothing");
    let first = std::fs::read(junit.with_extension("xml")).unwrap();
    let a2 = args("again");
    common::run_on_cases(&a2.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(first, std::fs::read(junit.with_extension("again")).unwrap());
    let x = String::from_utf8(first).unwrap();
    // One suite per folder, one case per file; the failing file carries its finding.
    assert_eq!(x.matches("<testsuite ").count(), 2, "{x}");
    assert!(x.contains(&format!(
        "<testcase name=\"{UPPLAN}\" classname=\"careplan.UPPLAN\" time=\"0\"><failure type=\"FLD-DATE\""
    )));
    assert!(
        x.contains("classname=\"careplan.DLTPLAN\" time=\"0\"/>"),
        "{x}"
    );
    // The Markdown summary is appended to (a job summary has other steps' text).
    let md_text = std::fs::read_to_string(&md).unwrap();
    assert_eq!(md_text.matches("## careplan-conformance: ❌").count(), 2);
    assert!(md_text.contains("| `FLD-DATE` | エラー | 1 |"));
    let j: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(j["summary"]["errors"], 1);
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(s["runs"][0]["results"].as_array().unwrap().len(), 1);
}

#[test]
fn an_unreadable_path_is_a_junit_error_and_a_sarif_notification() {
    let d = common::scratch("unreadable-path");
    let junit = d.join("j.xml");
    let o = common::run_on_cases(&[
        "check",
        "--format",
        "sarif",
        "--junit",
        junit.to_str().unwrap(),
        DATE,
        "cases/field/no-such-case",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let inv = &doc["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert!(inv["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("no-such-case"));
    let x = std::fs::read_to_string(&junit).unwrap();
    assert!(x.contains("<error type=\"io\""), "{x}");
}

#[test]
fn human_output_is_coloured_only_when_asked_or_on_a_terminal() {
    let plain = common::stdout(&common::run_on_cases(&["check", DATE]));
    assert!(!plain.contains('\x1b'), "piped output has no colour");
    let coloured = common::stdout(&common::run_on_cases(&["check", "--color", "always", DATE]));
    assert!(
        coloured.contains("\x1b[1;31m[FLD-DATE]\x1b[0m"),
        "{coloured}"
    );
    let never = common::stdout(&common::run_on_cases(&["check", "--color", "never", DATE]));
    assert_eq!(never, plain);
}

#[test]
fn max_findings_shortens_the_listing_but_not_the_totals() {
    let o = common::run_on_cases(&["check", "--lang", "en", "--max-findings", "1", DATE, PHONE]);
    let out = common::stdout(&o);
    // The listing, before the totals (the client verdict after them names
    // its causes too).
    let listing = out.split("\ncareplan-conformance ").next().unwrap();
    assert_eq!(listing.matches("[FLD-").count(), 1, "{out}");
    assert!(out.contains("… and 1 more (--max-findings 1)"), "{out}");
    assert!(out.contains("2 errors"), "{out}");
}

#[test]
fn shell_completions_are_printed_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _careplan__conformance"),
        ("zsh", "#compdef careplan-conformance"),
        ("fish", "complete -c careplan-conformance"),
    ] {
        let o = common::run_on_cases(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0));
        let out = common::stdout(&o);
        assert!(out.contains(marker), "{shell}: {out}");
        assert!(
            out.contains("max-findings"),
            "{shell} completes check's options"
        );
    }
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    for format in careplan_conformance::report::REPORTERS
        .iter()
        .map(|r| r.name())
    {
        // The JUnit timestamp is the current time unless given.
        let args = [
            "check",
            "--format",
            format,
            "--timestamp",
            "2026-01-01T00:00:00",
            DATE,
            PHONE,
            "cases/unit",
        ];
        let a = common::run_on_cases(&args);
        let b = common::run_on_cases(&args);
        assert!(!a.stdout.is_empty(), "{format}");
        assert_eq!(a.stdout, b.stdout, "{format} differs between two runs");
    }
}

#[test]
fn sarif_fingerprints_tell_findings_apart() {
    // A folder of units with members missing gives several findings of one
    // rule in one file without a record: they must not share a fingerprint.
    let doc = sarif_of(&["cases/unit"]);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let prints: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|r| {
            r["partialFingerprints"][careplan_conformance::report::sarif::FINGERPRINT]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(results.len() > 5);
    assert_eq!(prints.len(), results.len());
}

#[test]
fn a_file_of_huge_bad_records_gives_reports_of_bounded_size() {
    // 1 MB of NUL bytes: one record, one field, a thousand findings that
    // point at it. Found values are cut and record tables are limited, so
    // no report grows with the product of the two.
    let d = common::scratch("huge-record");
    std::fs::write(d.join(UPPLAN), vec![0u8; 1_000_000]).unwrap();
    // SARIF carries the rules' help, the same whatever the input: under the
    // default --lang ja each character of it is three bytes of UTF-8.
    for (format, limit) in [("html", 1_000_000), ("json", 200_000), ("sarif", 500_000)] {
        let o = common::run_on_cases(&["check", "--format", format, d.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{format}");
        assert!(
            o.stdout.len() < limit,
            "{format}: {} bytes for a 1 MB file",
            o.stdout.len()
        );
    }
    let o = common::run_on_cases(&["check", "--format", "json", d.to_str().unwrap()]);
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    for f in doc["findings"].as_array().unwrap() {
        if let Some(found) = f["found"].as_str() {
            assert!(found.chars().count() <= 200 + 20, "{found}");
        }
    }
}

#[test]
fn every_registered_file_option_writes_what_its_format_prints() {
    let d = common::scratch("file-options");
    let mut with_file = 0;
    for r in careplan_conformance::report::REPORTERS {
        // A fixed timestamp: the JUnit report stamps the current time, and
        // the two runs may fall in two seconds.
        let at = "2026-01-01T00:00:00";
        let printed = common::run(&["check", "--timestamp", at, "--format", r.name(), DATE]);
        let Some(_) = r.file_help() else {
            continue;
        };
        with_file += 1;
        let file = d.join(format!("report.{}", r.name()));
        let o = common::run(&[
            "check",
            "--timestamp",
            at,
            "--quiet",
            &format!("--{}", r.name()),
            file.to_str().unwrap(),
            DATE,
        ]);
        assert_eq!(o.status.code(), printed.status.code(), "{}", r.name());
        assert!(o.stdout.is_empty(), "{}: --quiet prints nothing", r.name());
        assert_eq!(
            std::fs::read(&file).unwrap(),
            printed.stdout,
            "--{} FILE differs from --format {}",
            r.name(),
            r.name()
        );
    }
    assert!(
        with_file >= 5,
        "only {with_file} formats can be written to a file"
    );
}
