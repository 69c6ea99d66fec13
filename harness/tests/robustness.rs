//! Bad input never panics: every bundled case file, truncated at every
//! position and with bytes overwritten by a fixed pseudo-random sequence,
//! goes through the whole check. (Coverage-guided fuzzing goes further; this
//! keeps the property in the ordinary test run.)

use std::path::Path;

use careplan_conformance::{check::check_bytes, spec};

fn case_files() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("cases");
    walkdir::WalkDir::new(root)
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
