//! `anonymize` on every bundled case: the copy checks exactly as the
//! original does (the same rules at the same positions), no personal value
//! of the original survives in it, and everything but those values is byte
//! for byte the same length and place.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use careplan_conformance::input::{decode, records::Records};
use careplan_conformance::{check_with, CheckOptions};

/// A finding by file name, rule and position.
type Found = (
    String,
    &'static str,
    Option<u32>,
    Option<u32>,
    Option<u16>,
    Option<u64>,
);

/// What a check found, by file name and position (paths differ between
/// the original and the copy).
fn findings(dir: &Path) -> BTreeSet<Found> {
    let run = check_with(
        &[dir.to_path_buf()],
        CheckOptions {
            revision: None,
            follow_links: false,
            max_file_size: careplan_conformance::DEFAULT_MAX_FILE_SIZE,
            recursive: false,
            keep_records: false,
            consistency: true,
            keep_keys: false,
        },
    );
    run.findings()
        .map(|f| {
            (
                f.file.clone(),
                f.rule.id,
                f.pos.record,
                f.pos.line,
                f.pos.field_no,
                f.pos.byte,
            )
        })
        .collect()
}

/// The folders under `root` that hold a file to check.
fn folders(root: &Path) -> Vec<PathBuf> {
    let mut out: BTreeSet<PathBuf> = BTreeSet::new();
    for e in walkdir::WalkDir::new(root) {
        let e = e.unwrap();
        if e.file_type().is_file() && e.file_name() != "case.toml" {
            out.insert(e.path().parent().unwrap().to_path_buf());
        }
    }
    out.into_iter().collect()
}

/// The values of a file's personal fields (records that line up with the
/// layout, a header row aside), long enough to be told apart: what must not
/// survive. A value that is the name of a file beside it (the family image
/// UPKIHON No.62 names) is a file name, kept as file names are.
fn personal_values(name: &str, data: &[u8], beside: &BTreeSet<String>) -> Vec<(u32, u16, String)> {
    let detected = careplan_conformance::input::detect::detect(name, data);
    let rev = detected.revision;
    let Some(layout) = careplan_conformance::input::filename::parse(name, rev)
        .0
        .kind
        .and_then(|k| rev.layout(&k))
    else {
        return Vec::new();
    };
    let sniffed = decode::sniff(data);
    if sniffed.bom == Some(decode::Bom::Utf16) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for rec in Records::new(data, sniffed.start) {
        if rec.field_count != layout.fields.len() {
            continue;
        }
        let values: Vec<String> = rec
            .fields
            .iter()
            .map(|f| decode::decode(&f.value(data), sniffed.encoding).0)
            .collect();
        if rec.number == 1 && careplan_conformance::rules::structure::is_header(&values, layout) {
            continue;
        }
        for (v, spec) in values.into_iter().zip(&layout.fields) {
            if beside.contains(&v) {
                continue;
            }
            let telling = v
                .chars()
                .filter(|c| c.is_alphanumeric() && !c.is_ascii_punctuation())
                .count();
            if spec.personal && spec.codes.is_none() && telling >= 4 {
                out.push((rec.number, spec.no, v));
            }
        }
    }
    out
}

#[test]
fn an_anonymized_copy_checks_as_the_original_and_keeps_no_personal_value() {
    let tree = common::cases_tree().join("cases");
    let out = common::scratch("anonymized");
    let o = common::run(&[
        "anonymize",
        "--seed",
        "20250325",
        tree.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!stdout.contains("note:"), "{stdout}");

    let mut compared = 0;
    let mut values = 0;
    let mut leaks = Vec::new();
    for dir in folders(&tree) {
        let copy = out.join(dir.strip_prefix(&tree).unwrap());
        let (a, b) = (findings(&dir), findings(&copy));
        assert_eq!(
            a.symmetric_difference(&b).collect::<Vec<_>>(),
            Vec::<&Found>::new(),
            "{} checks otherwise once anonymized",
            dir.display()
        );
        compared += 1;
        let beside: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            if !p.is_file() || name == "case.toml" {
                continue;
            }
            let Ok(after) = std::fs::read(copy.join(&name)) else {
                continue;
            };
            let before = std::fs::read(&p).unwrap();
            assert_eq!(before.len(), after.len(), "{name}");
            let enc = decode::sniff(&after).encoding;
            let text = decode::decode(&after, enc).0;
            for (rec, no, v) in personal_values(&name, &before, &beside) {
                values += 1;
                if text.contains(v.as_str()) {
                    leaks.push(format!(
                        "{}/{name} record {rec} No.{no}: {v}",
                        dir.display()
                    ));
                }
            }
        }
    }
    assert!(compared > 100, "{compared}");
    assert!(values > 500, "{values}");
    assert!(
        leaks.is_empty(),
        "{} values survive:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

#[test]
fn the_same_person_gets_the_same_fake_in_every_file_of_a_unit() {
    let src = common::root().join("cases/conformant/use-set-6-7-hosoku");
    let out = common::scratch("anonymized-unit");
    let o = common::run(&["anonymize", src.to_str().unwrap(), out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    // The 被保険者番号 of each file, before and after.
    let numbers = |dir: &Path| -> BTreeMap<String, Vec<String>> {
        let mut m = BTreeMap::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().is_some_and(|n| n == "case.toml") {
                continue;
            }
            let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
            let mut v: Vec<String> = text
                .lines()
                .filter_map(|l| l.split(',').nth(2).map(str::to_string))
                .collect();
            v.dedup();
            m.insert(p.file_name().unwrap().to_str().unwrap().to_string(), v);
        }
        m
    };
    let (before, after) = (numbers(&src), numbers(&out));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let mut map: BTreeMap<&String, &String> = BTreeMap::new();
    for (file, b) in &before {
        let a = &after[file];
        assert_eq!(a.len(), b.len());
        for (x, y) in b.iter().zip(a) {
            assert_ne!(x, y, "{file}: {x} kept");
            assert_eq!(*map.entry(x).or_insert(y), y, "{file}: {x} given two fakes");
        }
    }
    // Two people stay two.
    let fakes: BTreeSet<&&String> = map.values().collect();
    assert_eq!(fakes.len(), map.len());
    // Drawn anew each run: without a seed the fakes differ.
    let again = common::scratch("anonymized-unit-again");
    common::run(&["anonymize", src.to_str().unwrap(), again.to_str().unwrap()]);
    assert_ne!(numbers(&again), after);
}
