//! SARIF fingerprints: code scanning tracks an alert by its
//! `partialFingerprints`, so a finding must keep its fingerprint across runs
//! and across edits elsewhere in the same file (a record added before it
//! moves its line, byte and record number), and two findings must not share
//! one.

mod common;

use std::collections::BTreeSet;

use careplan_conformance::report::{sarif, Options};
use careplan_conformance::{check_sources, CheckOptions, SourceFile, DEFAULT_MAX_FILE_SIZE};
use serde_json::Value;

const CASE: &str = "cases/field/date-april-31";
const UPPLAN: &str = "UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV";

fn opts() -> CheckOptions {
    CheckOptions {
        revision: None,
        follow_links: false,
        max_file_size: DEFAULT_MAX_FILE_SIZE,
        recursive: true,
        keep_records: false,
        consistency: true,
        keep_keys: false,
    }
}

/// The case's files, with `edit` applied to the bytes of its UPPLAN file.
fn sources(edit: impl Fn(Vec<u8>) -> Vec<u8>) -> Vec<SourceFile> {
    let dir = common::cases_tree().join(CASE);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join(&name)).unwrap();
            SourceFile {
                bytes: if name == UPPLAN { edit(bytes) } else { bytes },
                path: format!("{CASE}/{name}"),
                name,
            }
        })
        .collect()
}

/// The SARIF results of checking `files` as a folder.
fn results(files: &[SourceFile]) -> Vec<Value> {
    let run = check_sources(files, true, opts());
    let doc: Value = serde_json::from_str(&sarif::sarif(&run, &Options::default())).unwrap();
    doc["runs"][0]["results"].as_array().unwrap().clone()
}

fn fingerprint(r: &Value) -> String {
    r["partialFingerprints"][sarif::FINGERPRINT]
        .as_str()
        .expect("every result has a fingerprint")
        .to_string()
}

/// The results of one rule.
fn of_rule<'a>(results: &'a [Value], rule: &str) -> Vec<&'a Value> {
    results.iter().filter(|r| r["ruleId"] == rule).collect()
}

/// The file's lines (CRLF-ended records).
fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

#[test]
fn a_fingerprint_holds_across_runs_and_a_record_inserted_before_it() {
    let before = results(&sources(|b| b));
    let date = of_rule(&before, "FLD-DATE");
    assert_eq!(date.len(), 1);
    assert_eq!(date[0]["properties"]["record"], 2);
    // The same input: the same fingerprints.
    let again = results(&sources(|b| b));
    let fps = |rs: &[Value]| rs.iter().map(fingerprint).collect::<Vec<_>>();
    assert_eq!(fps(&before), fps(&again));
    // Another user's record copied to the top of the file: the finding is
    // now on record 3 at another byte, and keeps its fingerprint.
    let inserted = results(&sources(|b| {
        let l = lines(&b);
        let other = l
            .iter()
            .find(|r| r.windows(10).any(|w| w == b"H990000022"))
            .expect("a record of another user")
            .clone();
        [vec![other], l].concat().concat()
    }));
    let moved = of_rule(&inserted, "FLD-DATE");
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0]["properties"]["record"], 3);
    let region = |r: &Value| r["locations"][0]["physicalLocation"]["region"].clone();
    assert_ne!(region(moved[0]), region(date[0]));
    assert_eq!(fingerprint(moved[0]), fingerprint(date[0]));
}

#[test]
fn two_findings_alike_but_for_their_record_have_two_fingerprints() {
    // The same wrong date on another record of the same user and service,
    // and on a record of another user.
    let edited = results(&sources(|b| {
        let mut l = lines(&b);
        for r in [3, 5] {
            // サービス利用日: `,202504DD,`.
            let at = l[r]
                .windows(10)
                .position(|w| {
                    w.starts_with(b",202504")
                        && w[7..9].iter().all(u8::is_ascii_digit)
                        && w[9] == b','
                })
                .expect("a date field");
            l[r][at + 7..at + 9].copy_from_slice(b"31");
        }
        l.concat()
    }));
    let dates = of_rule(&edited, "FLD-DATE");
    assert_eq!(dates.len(), 3, "{dates:#?}");
    let fps: BTreeSet<String> = dates.iter().map(|r| fingerprint(r)).collect();
    assert_eq!(fps.len(), 3, "{fps:?}");
}

#[test]
fn no_two_results_of_the_bundled_cases_share_a_fingerprint() {
    // Every case in one run: files of one name in many folders, units with
    // several members missing (findings of no record), records repeated.
    let cases = common::cases_tree().join("cases");
    let run = careplan_conformance::check_with(&[cases], opts());
    let doc: Value = serde_json::from_str(&sarif::sarif(&run, &Options::default())).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let fps: BTreeSet<String> = results.iter().map(fingerprint).collect();
    assert!(results.len() > 1000, "{} results", results.len());
    assert_eq!(fps.len(), results.len());
}
