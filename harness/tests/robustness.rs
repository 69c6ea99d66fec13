//! Bad input never panics: every bundled case file, truncated at every
//! position and with bytes overwritten by a fixed pseudo-random sequence,
//! goes through the whole check. (Coverage-guided fuzzing goes further; this
//! keeps the property in the ordinary test run.)

use careplan_conformance::{check::check_bytes, spec};

mod common;

/// Every CSV file the bundled cases check (a case may hold only edits to
/// another case's files: they are written out by `common::cases_tree`).
fn case_files() -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(common::cases_tree().join("cases"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("csv"))
        })
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn truncation_at_every_byte_never_panics() {
    let rev = spec::revision("4.1").unwrap();
    for (name, data) in case_files().iter().take(12) {
        for n in 0..data.len() {
            let r = check_bytes(name, name, &data[..n], rev);
            assert!(r.records as usize <= n);
        }
    }
}

#[test]
fn overwritten_bytes_never_panic() {
    let rev = spec::revision("4.1").unwrap();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let interesting = [
        b'"', b',', b'\r', b'\n', 0x00, 0x80, 0x81, 0xF0, 0xFF, 0xEF, b'9',
    ];
    for (name, data) in case_files() {
        if data.is_empty() {
            continue;
        }
        for _ in 0..40 {
            let mut d = data.clone();
            for _ in 0..(next() % 4 + 1) {
                let i = (next() as usize) % d.len();
                d[i] = interesting[(next() as usize) % interesting.len()];
            }
            check_bytes(&name, &name, &d, rev);
        }
    }
}

const UPPLAN: &str = "UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV";

fn findings_of<'a>(
    r: &'a careplan_conformance::check::FileResult,
    rule: &str,
) -> Vec<&'a careplan_conformance::finding::Finding> {
    r.findings.iter().filter(|f| f.rule.id == rule).collect()
}

#[test]
fn a_record_of_commas_is_counted_not_kept() {
    // 70,000 fields: more than the splitter keeps, and more than a u16 field
    // No. can hold; the count is exact and the stray quote in the last field
    // has no field No. rather than a wrapped one.
    let rev = spec::revision("4.1").unwrap();
    let mut data = vec![b','; 69_999];
    data.extend_from_slice(b"x\"y\r\n");
    let r = check_bytes(UPPLAN, UPPLAN, &data, rev);
    let count = findings_of(&r, "CSV-FIELD-COUNT");
    assert_eq!(count.len(), 1);
    assert_eq!(count[0].found.as_deref(), Some("70000"));
    let stray = findings_of(&r, "CSV-STRAY-QUOTE");
    assert_eq!(stray.len(), 1);
    assert_eq!(stray[0].pos.byte, Some(70_000));
    assert_eq!(stray[0].pos.field_no, None);
}

#[test]
fn findings_of_one_rule_stop_at_the_limit_with_a_count() {
    // 5,000 stray quotes in one record, then 3,000 blank lines: each rule
    // reports its first findings and one FILE-FINDINGS-LIMIT says how many
    // more there were (stray quotes are kept up to 64 per record).
    let rev = spec::revision("4.1").unwrap();
    let mut data = b"x".to_vec();
    data.extend(std::iter::repeat_n(b'"', 5_000));
    data.extend_from_slice(b"\r\n");
    data.extend(std::iter::repeat_n(b'\n', 3_000));
    let r = check_bytes(UPPLAN, UPPLAN, &data, rev);
    assert_eq!(findings_of(&r, "CSV-STRAY-QUOTE").len(), 64);
    assert_eq!(findings_of(&r, "CSV-BLANK-LINE").len(), 1000);
    let limit = findings_of(&r, "FILE-FINDINGS-LIMIT");
    assert_eq!(limit.len(), 1);
    assert_eq!(limit[0].found.as_deref(), Some("CSV-BLANK-LINE ×2000"));
    // The 1001st blank line is record 1002 (record 1 is the quotes).
    assert_eq!(limit[0].pos.record, Some(1002));
}

#[test]
fn a_field_of_bad_bytes_keeps_a_bounded_number_of_issues() {
    use careplan_conformance::input::decode::{decode, Encoding, MAX_ISSUES_PER_FIELD};
    for bad in [0x00u8, 0xFF] {
        let (text, issues) = decode(&vec![bad; 100_000], Encoding::Ms932);
        assert_eq!(issues.len(), MAX_ISSUES_PER_FIELD, "byte {bad:#04X}");
        assert_eq!(issues[0].offset, 0);
        assert_eq!(text.chars().count(), 100_000, "every byte still decoded");
    }
}

/// The relation case `sikyu-user-not-in-plan` with `extra` more 第7表 rows
/// of the user the 第6表 lacks, their 被保険者番号 replaced by `insured`.
fn sikyu_with_extra_rows(name: &str, extra: usize, insured: &str) -> std::path::PathBuf {
    let src = common::cases_tree().join("cases/relation/sikyu-user-not-in-plan");
    let dir = std::env::temp_dir().join(format!(
        "careplan-conformance-robustness-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "CSV") {
            let mut data = std::fs::read(&p).unwrap();
            if p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("UPSIKYU")
            {
                // The last row (the user's 全合計), repeated.
                let body = &data[..data.len() - 2];
                let start = body.iter().rposition(|&b| b == b'\n').unwrap() + 1;
                let row = String::from_utf8_lossy(&data[start..]).replace("9900000033", insured);
                for _ in 0..extra {
                    data.extend_from_slice(row.as_bytes());
                }
            }
            std::fs::write(dir.join(p.file_name().unwrap()), data).unwrap();
        }
    }
    dir
}

fn count_rule(run: &careplan_conformance::report::Run, rule: &str) -> usize {
    run.findings().filter(|f| f.rule.id == rule).count()
}

#[test]
fn keys_with_errors_beyond_the_findings_limit_still_stay_out_of_relations() {
    // 1500 rows whose 被保険者番号 is malformed: the first 1000 findings are
    // kept, but no row with a bad key may be judged against the 第6表.
    let dir = sikyu_with_extra_rows("bad-keys", 1500, "99000000XY");
    let run = careplan_conformance::check_paths(
        std::slice::from_ref(&dir),
        spec::revision("4.1").unwrap(),
    );
    assert_eq!(count_rule(&run, "FLD-INSURED-NUMBER"), 1000);
    assert_eq!(
        count_rule(&run, "REL-NO-USE-SLIP"),
        2,
        "only the case's own two"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn relation_findings_stop_at_the_limit_with_a_count() {
    let dir = sikyu_with_extra_rows("many-relations", 1500, "9900000033");
    let run = careplan_conformance::check_paths(
        std::slice::from_ref(&dir),
        spec::revision("4.1").unwrap(),
    );
    assert_eq!(count_rule(&run, "REL-NO-USE-SLIP"), 1000);
    // The repeated 全合計 rows also break FILE-SIKYU-TOTAL-DUPLICATE, whose
    // findings are limited the same way.
    let limits: Vec<&str> = run
        .findings()
        .filter(|f| f.rule.id == "FILE-FINDINGS-LIMIT")
        .filter_map(|f| f.found.as_deref())
        .collect();
    assert!(limits.contains(&"REL-NO-USE-SLIP ×502"), "{limits:?}");
    std::fs::remove_dir_all(dir).unwrap();
}
