//! Round trips and golden models: every conforming case comes back byte for
//! byte, non-canonical files show exactly their differences, the stored
//! golden models match what the harness reads, and write → parse → write is
//! the identity for generated values.

mod common;

use std::process::Command;

use careplan_conformance::cases;
use careplan_conformance::cases::tree::Folder;
use careplan_conformance::model::golden;
use careplan_conformance::model::roundtrip::{roundtrip, Class};
use careplan_conformance::model::{self, FileModel, Record, Value};
use careplan_conformance::spec::{self, FieldType};

fn rev() -> &'static spec::Revision {
    spec::revision("4.1").unwrap()
}

fn roundtrip_dir(dir: &str) -> Vec<careplan_conformance::model::roundtrip::FileRoundtrip> {
    model::roundtrip_paths(
        &[common::cases_tree().join(dir)],
        None,
        true,
        careplan_conformance::finding::Lang::En,
    )
    .0
}

#[test]
fn every_conforming_case_round_trips_byte_for_byte() {
    let (all, errors) = cases::discover(&Folder::on_disk(common::root().join("cases")));
    assert!(errors.is_empty());
    let conforming: Vec<_> = all
        .iter()
        .filter(|c| c.manifest.conformant == Some(true))
        .collect();
    assert!(conforming.len() >= 10);
    for c in conforming {
        // The files the case checks, written out (a case may hold only edits).
        let dir = common::cases_tree().join(c.dir.strip_prefix(common::root()).unwrap());
        for f in model::roundtrip_paths(
            std::slice::from_ref(&dir),
            None,
            true,
            careplan_conformance::finding::Lang::En,
        )
        .0
        {
            if f.identical {
                continue;
            }
            // Conforming but not canonical: accepted by the rules, written
            // otherwise by the canonical writer.
            let quoting_exceptions = [
                // An empty free text may be written empty; canonical is "".
                ("structure.empty-free-text-unquoted-ok", 26),
                // A 課題ＮＯ may be quoted; canonical leaves numbers bare.
                ("yobo.sub-number-quoted", 5),
            ];
            if let Some((_, field)) = quoting_exceptions
                .iter()
                .find(|(id, _)| *id == c.manifest.id)
            {
                assert_eq!(f.differences.len(), 1, "{f:?}");
                assert_eq!(f.differences[0].class, Class::Quoting);
                assert_eq!(f.differences[0].field_no, Some(*field));
                continue;
            }
            if c.manifest.id == "structure.no-final-crlf-ok" {
                // How a file ends is not stated: accepted without a final
                // CRLF, which the canonical writer adds.
                assert_eq!(f.differences.len(), 1, "{f:?}");
                assert_eq!(f.differences[0].class, Class::LineEnd);
                assert_eq!(f.differences[0].before, "(none)");
                continue;
            }
            if c.manifest.id == "encoding.nec-selected-form-ok" {
                // 髙﨑 written in the NEC-selected rows come back in the IBM rows
                // Windows writes: reported, not a failure.
                assert!(!f.identical && f.equivalent, "{f:?}");
                assert_eq!(f.differences.len(), 1);
                assert_eq!(f.differences[0].class, Class::Ms932Form);
                assert_eq!(f.differences[0].field_no, Some(8));
                continue;
            }
            assert!(
                f.identical,
                "{} ({}) is not canonical: {:#?}",
                f.path, c.manifest.id, f.differences
            );
        }
    }
}

#[test]
fn non_canonical_files_show_exactly_their_differences() {
    let quoted = roundtrip_dir("cases/structure/quoted-date");
    assert_eq!(quoted.len(), 1);
    let d = &quoted[0].differences;
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0].class, d[0].record, d[0].field_no),
        (Class::Quoting, Some(1), Some(4))
    );
    assert_eq!(
        (d[0].before.as_str(), d[0].after.as_str()),
        ("\"20250325\"", "20250325")
    );

    let lf = roundtrip_dir("cases/structure/lf-line-ends");
    let d = &lf[0].differences;
    assert_eq!(d.len(), 2);
    assert!(d
        .iter()
        .all(|x| x.class == Class::LineEnd && x.before == "LF" && x.after == "CRLF"));
    assert_eq!(
        d.iter().map(|x| x.record).collect::<Vec<_>>(),
        [Some(1), Some(2)]
    );

    let unquoted = roundtrip_dir("cases/structure/free-text-unquoted");
    let d = &unquoted[0].differences;
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].class, d[0].field_no), (Class::Quoting, Some(9)));
    assert_eq!(d[0].field_name.as_deref(), Some("介護支援事業者名"));
    assert!(!unquoted[0].equivalent);
}

#[test]
fn a_changed_value_shows_a_character_diff_and_masks_personal_data() {
    let name = "UP1KYO_1371000017_43_1371000025_11_20250325093000.CSV";
    let p = common::root()
        .join("cases/conformant/plan-set-1-2-3-hosoku")
        .join(name);
    let original = std::fs::read(&p).unwrap();
    let sjis = |s: &str| encoding_rs::SHIFT_JIS.encode(s).0.into_owned();
    let replace = |data: &[u8], from: &[u8], to: &[u8]| {
        let i = data.windows(from.len()).position(|w| w == from).unwrap();
        [&data[..i], to, &data[i + from.len()..]].concat()
    };
    // An unassigned MS932 pair in free text (No.24) and in a staff name (No.8).
    let data = replace(
        &original,
        &sjis("転倒"),
        &[sjis("転").as_slice(), b"\x85\x9f"].concat(),
    );
    let data = replace(
        &data,
        &sjis("ケア子"),
        &[sjis("ケア").as_slice(), b"\x85\x9f"].concat(),
    );
    let r = roundtrip(
        name,
        name,
        &data,
        rev(),
        false,
        careplan_conformance::finding::Lang::En,
    );
    let d = &r.differences;
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!((d[0].class, d[0].field_no), (Class::Content, Some(8)));
    assert!(
        !d[0].before.contains('見') && !d[0].after.contains('見'),
        "{:?}",
        d[0]
    );
    assert_eq!(d[0].char_diff, None);
    assert!(d[0].masked);
    // 総合的な援助の方針 is health information: masked, without a
    // character diff; the undecodable byte masked as a whole.
    assert_eq!((d[1].class, d[1].field_no), (Class::Content, Some(24)));
    assert!(d[1].masked && d[1].char_diff.is_none(), "{:?}", d[1]);
    assert!(d[1].before.starts_with("\"①漢<** **>あ漢漢"), "{:?}", d[1]);
    // With --show-personal-data the name and the change are shown.
    let r = roundtrip(
        name,
        name,
        &data,
        rev(),
        true,
        careplan_conformance::finding::Lang::En,
    );
    assert!(r.differences[0].before.contains("見本"));
    let c = r.differences[1].char_diff.as_deref().unwrap();
    assert!(c.starts_with("①転[-\u{FFFD}-]{+?+}の予防"), "{c}");
    assert!(!r.differences[1].masked);
}

#[test]
fn a_non_canonical_integer_is_a_content_difference() {
    let name = "UPSIKYU_202504_1371000017_43_1371000025_11_20250325093000.CSV";
    let p = common::root()
        .join("cases/conformant/use-set-6-7-hosoku")
        .join(name);
    let data = std::fs::read(&p).unwrap();
    let text = String::from_utf8_lossy(&data).to_string();
    assert!(text.contains(",111111,,,\"\",244,"));
    let data = encoding_rs::SHIFT_JIS
        .encode(&encoding_rs::SHIFT_JIS.decode(&data).0.replacen(
            ",111111,,,\"\",244,",
            ",111111,,,\"\",0244,",
            1,
        ))
        .0
        .into_owned();
    let r = roundtrip(
        name,
        name,
        &data,
        rev(),
        false,
        careplan_conformance::finding::Lang::En,
    );
    assert_eq!(r.differences.len(), 1);
    let d = &r.differences[0];
    assert_eq!(
        (d.class, d.record, d.field_no),
        (Class::Content, Some(1), Some(13))
    );
    assert_eq!((d.before.as_str(), d.after.as_str()), ("0244", "244"));
}

#[test]
fn golden_models_match_what_the_harness_reads() {
    let (all, _) = cases::discover(&Folder::on_disk(common::root().join("cases")));
    let diffs = golden::check(
        &all,
        &Folder::on_disk(common::root().join("golden")),
        careplan_conformance::finding::Lang::En,
    )
    .unwrap();
    let shown: Vec<&str> = diffs.iter().map(|d| d.diff.as_str()).collect();
    assert!(
        diffs.is_empty(),
        "golden/ differs (run `careplan-conformance golden bless` after a deliberate change):\n{}",
        shown.join("\n")
    );
}

#[test]
fn a_changed_golden_value_fails_with_a_readable_diff() {
    let dir = common::root().join("target/test-scratch/golden-copy");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(common::root().join("golden")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    let target = dir.join("conformant.use-set-6-7-hosoku.json");
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.contains("\"time\": \"09:00\""));
    std::fs::write(
        &target,
        text.replacen("\"time\": \"09:00\"", "\"time\": \"09:15\"", 1),
    )
    .unwrap();
    let (all, _) = cases::discover(&Folder::on_disk(common::root().join("cases")));
    let diffs = golden::check(
        &all,
        &Folder::on_disk(&dir),
        careplan_conformance::finding::Lang::En,
    )
    .unwrap();
    assert_eq!(diffs.len(), 1);
    insta::assert_snapshot!(
        "golden_changed_value_diff",
        diffs[0].diff.replace(&dir.display().to_string(), "GOLDEN")
    );
}

#[test]
fn emitted_reference_files_are_canonical_and_conforming() {
    let out = common::root().join("target/test-scratch/emitted");
    let _ = std::fs::remove_dir_all(&out);
    let o = Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
        .args([
            "golden",
            "emit",
            "--case",
            "conformant.use-set-with-subtotal",
            "--out",
        ])
        .arg(&out)
        .current_dir(common::root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("3ファイルを書きました（正規形）"));
    for f in model::roundtrip_paths(
        std::slice::from_ref(&out),
        None,
        true,
        careplan_conformance::finding::Lang::En,
    )
    .0
    {
        assert!(f.identical, "{}", f.path);
    }
    let run = careplan_conformance::check_paths(&[out], rev());
    assert_eq!(run.findings().count(), 0);
}

#[test]
fn a_vendor_export_is_compared_field_by_field() {
    let o = Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
        .args([
            "golden",
            "compare",
            "--expected",
            "conformant.use-set-6-7-hosoku",
            "cases/field/date-april-31",
            "--cases",
        ])
        .arg(common::root().join("cases"))
        .current_dir(common::cases_tree())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(
        "golden_compare_date_april_31",
        String::from_utf8(o.stdout).unwrap()
    );
    // Fields that legitimately differ between products are not compared.
    let o = Command::new(env!("CARGO_BIN_EXE_careplan-conformance"))
        .args([
            "golden",
            "compare",
            "--expected",
            "conformant.jisseki",
            "cases/conformant/jisseki",
            "--cases",
        ])
        .arg(common::root().join("cases"))
        .current_dir(common::cases_tree())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
}

// ------------------------------------------------------------------ property

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len() as u64) as usize]
    }
}

/// Characters free text may hold: ASCII, half-width kana, kanji, MS932-only
/// characters (NEC row 13, IBM extensions), and the CSV specials.
const POOL: &[&str] = &[
    "a", "Z", "0", " ", ",", "\"", "\r\n", "\n", "ｱ", "ﾟ", "山", "田", "髙", "﨑", "①", "㈱", "№",
    "∵", "≒", "～", "－", "￥", "\\", "~", "ー", "　",
];

fn text(r: &mut Rng) -> String {
    let n = 1 + r.below(12);
    (0..n).map(|_| *r.pick(POOL)).collect()
}

fn code(r: &mut Rng, alphabet: &[u8], len: usize) -> String {
    (0..len).map(|_| *r.pick(alphabet) as char).collect()
}

fn value(r: &mut Rng, f: &spec::FieldSpec) -> Value {
    if r.below(5) == 0 {
        return Value::Empty;
    }
    match f.ty {
        FieldType::FreeText => Value::Text(text(r)),
        FieldType::Yyyymmdd => Value::Date {
            y: 1900 + r.below(200) as u16,
            m: 1 + r.below(12) as u8,
            d: 1 + r.below(28) as u8,
        },
        FieldType::Yyyymm => Value::Month {
            y: 1900 + r.below(200) as u16,
            m: 1 + r.below(12) as u8,
        },
        FieldType::HhmmOr9999 if r.below(3) == 0 => Value::NoTime,
        FieldType::Hhmm | FieldType::HhmmOr9999 => Value::Time {
            h: r.below(24) as u8,
            m: r.below(60) as u8,
        },
        FieldType::Integer => Value::Int(r.below(2_000_000) as i64 - 1_000_000),
        FieldType::Decimal => Value::Decimal(r.below(10_000) as i64),
        FieldType::Code => Value::Code(f.codes.as_ref().unwrap().keys().next().unwrap().clone()),
        FieldType::Digits => {
            let n = 1 + r.below(8) as usize;
            Value::Code(code(r, b"0123456789", n))
        }
        _ => {
            let n = 1 + r.below(12) as usize;
            Value::Code(code(r, b"0123456789ABCHZ-", n))
        }
    }
}

#[test]
fn write_parse_write_is_the_identity_for_generated_models() {
    let mut r = Rng(0x2545_F491_4F6C_DD1D);
    for layout in rev()
        .layouts
        .iter()
        .filter(|l| l.format == spec::FileFormat::Csv)
    {
        for _ in 0..60 {
            let records: Vec<Record> = (0..1 + r.below(4))
                .map(|_| Record::Fields(layout.fields.iter().map(|f| value(&mut r, f)).collect()))
                .collect();
            let m = FileModel {
                kind: layout.kind.clone(),
                records,
            };
            let (bytes, unencodable) = model::write(layout, &m);
            assert!(unencodable.is_empty(), "{unencodable:?}");
            let parsed = model::parse(&bytes, layout).model;
            assert_eq!(
                parsed,
                m,
                "{}: {}",
                layout.kind,
                String::from_utf8_lossy(&bytes)
            );
            let (again, _) = model::write(layout, &parsed);
            assert_eq!(again, bytes);
        }
    }
}
