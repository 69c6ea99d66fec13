//! The `cases/realworld/` group: mistakes real exporters make, each case
//! stating the diagnosis an exporter's author should read first. Beyond
//! what every case must (exactly its findings, pinned whole), a case of
//! this group pins the order of its first three findings: they are its
//! first three `[[expect]]` entries, in the order the report lists them.
//! The group also shows the alignment of shifted fields (a record with two
//! gaps) and the central system's verdict on its files.

use std::path::{Path, PathBuf};

use careplan_conformance::cases::{self, Case};
use careplan_conformance::fact::{Fact, FieldAlignment, Gap};
use careplan_conformance::finding::{Finding, Lang};
use careplan_conformance::verdict::{self, Message};
use careplan_conformance::{check_sources, CheckOptions, SourceFile, DEFAULT_MAX_FILE_SIZE};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate sits in the workspace")
        .join("cases")
}

fn group() -> Vec<Case> {
    let (found, errors) = cases::discover(&cases::tree::Folder::on_disk(root()));
    assert!(errors.is_empty(), "{}", errors.len());
    found
        .into_iter()
        .filter(|c| c.group.starts_with("realworld"))
        .collect()
}

fn case(id: &str) -> Case {
    group()
        .into_iter()
        .find(|c| c.manifest.id == id)
        .unwrap_or_else(|| panic!("no case {id}"))
}

/// The case's findings, in the order the report lists them.
fn findings(c: &Case) -> Vec<Finding> {
    let outcome = cases::run(c).unwrap().unwrap();
    outcome.files.into_iter().flat_map(|f| f.findings).collect()
}

/// The case's files checked as `check DIR` checks a folder.
fn run(c: &Case) -> careplan_conformance::result::Run {
    let sources: Vec<SourceFile> = cases::files(c)
        .unwrap()
        .into_iter()
        .map(|(name, bytes)| SourceFile {
            path: c.dir.join(&name).display().to_string(),
            name,
            bytes,
        })
        .collect();
    check_sources(
        &sources,
        true,
        CheckOptions {
            revision: None,
            follow_links: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            recursive: false,
            keep_records: false,
            consistency: true,
            keep_keys: false,
        },
    )
}

#[test]
fn the_group_holds_at_least_twenty_cases() {
    let n = group().len();
    assert!(n >= 20, "{n} cases");
}

#[test]
fn each_case_pins_its_first_three_findings_in_order() {
    let mut failures = Vec::new();
    for c in group() {
        if c.manifest.conformant == Some(true) {
            continue;
        }
        let found = findings(&c);
        for (i, (e, f)) in c.manifest.expect.iter().zip(&found).take(3).enumerate() {
            let same = e.rule == f.rule.id
                && e.file == f.file
                && e.record.is_none_or(|r| Some(r) == f.pos.record)
                && e.field.is_none_or(|n| Some(n) == f.pos.field_no);
            if !same {
                failures.push(format!(
                    "{}: finding {} is {} {} {:?} {:?}, expected {e}",
                    c.manifest.id,
                    i + 1,
                    f.rule.id,
                    f.file,
                    f.pos.record,
                    f.pos.field_no
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_record_with_two_gaps_is_aligned_and_its_fields_checked_where_they_belong() {
    let found = findings(&case("realworld.field-shift-two-gaps"));
    let two = found
        .iter()
        .find(|f| f.pos.record == Some(2) && f.rule.id == "CSV-FIELD-COUNT")
        .expect("record 2 has a wrong count");
    let Some(Fact::FieldCount {
        alignment: FieldAlignment::Gaps { gaps, .. },
        ..
    }) = &two.fact
    else {
        panic!("{:?}", two.fact)
    };
    assert_eq!(gaps, &[Gap::Missing(9), Gap::Missing(11)]);
    assert_eq!(
        two.message(Lang::Ja),
        "項目数が23です。No.9 と No.11 がないと見られます（No.10 が1つ前に、No.12 以降が2つ前にずれています）。項目は推定した位置で検査します"
    );
    // The tenth value is No.12 サービス開始時刻, checked there.
    let time = found
        .iter()
        .find(|f| f.pos.record == Some(2) && f.rule.id == "FLD-TIME")
        .expect("the time of record 2 is checked at No.12");
    assert_eq!(time.pos.field_no, Some(12));
    assert!(time.pos.inferred);
    assert_eq!(
        time.expected(Lang::Ja).as_deref(),
        Some("HHMM（0900） / 9999")
    );
}

#[test]
fn a_file_without_its_receiver_is_neither_3_2_nor_told_to_change_its_version() {
    for id in [
        "realworld.name-without-receiver",
        "realworld.layout-3.2-name-without-receiver",
    ] {
        let found = findings(&case(id));
        assert!(
            found
                .iter()
                .all(|f| !f.rule.id.starts_with("FILE-CSV-VERSION")
                    && f.rule.id != "FILE-REVISION-MISMATCH"),
            "{id}"
        );
        assert_eq!(
            found[0].message(Lang::Ja),
            "ファイル名に送信先の事業所番号（10桁）と送信先のサービス種類コード（2桁）がありません"
        );
    }
}

fn lines(v: &verdict::Verdict) -> Vec<(Message, Vec<&'static str>)> {
    v.units
        .iter()
        .flat_map(|u| &u.lines)
        .chain(v.transmissions.iter().flat_map(|t| &t.lines))
        .map(|l| (l.message, l.causes.iter().map(|c| c.rule).collect()))
        .collect()
}

#[test]
fn the_verdict_names_the_clients_message_and_its_causes() {
    let v = verdict::of(&run(&case("realworld.name-without-receiver")));
    assert_eq!(lines(&v), [(Message::FileName, vec!["NAME-SEGMENTS"])]);
    let text = verdict::text(&v, Lang::Ja, 3).join("\n");
    assert!(text.contains("「添付ファイル名の形式に誤りがあります。標準仕様の送信単位に従ったファイルを添付してください。」が表示される可能性があります"), "{text}");
    assert!(text.contains("根拠: メッセージの文言と、どの誤りでどのメッセージが表示されるかは公開資料で確認できていません"), "{text}");

    let v = verdict::of(&run(&case("realworld.hosoku-without-month")));
    assert_eq!(
        lines(&v),
        [
            (Message::Combination, vec!["UNIT-MISSING-MEMBER"]),
            (Message::FileName, vec!["NAME-SEGMENTS"]),
        ]
    );

    let v = verdict::of(&run(&case("realworld.field-shift-two-gaps")));
    let l = lines(&v);
    assert_eq!(l.len(), 1);
    assert_eq!(l[0].0, Message::Format);
    assert_eq!(l[0].1.len(), 5);

    // Warnings predict nothing.
    let v = verdict::of(&run(&case("realworld.tais-full-width-hyphen")));
    assert!(v.is_empty());

    // The FAQ's documented case: the same 事業所番号, other kinds.
    let v = verdict::of(&run(&case("realworld.same-number-other-kind")));
    assert_eq!(lines(&v), [(Message::SameOffice, vec![])]);
    assert!(Message::SameOffice.documented());
    let text = verdict::text(&v, Lang::Ja, 3).join("\n");
    assert!(text.contains(verdict::FAQ_SAME_OFFICE), "{text}");
    assert!(!Message::Format.documented());
}

#[test]
fn a_transmission_is_judged_by_its_count_size_and_attachments() {
    let c = case("realworld.xlsx-and-txt-attachments");
    let v = verdict::of(&run(&c));
    assert_eq!(
        v.transmissions[0].lines[0].message,
        Message::NotCsv,
        "{:?}",
        v.transmissions
    );
    assert_eq!(v.transmissions[0].lines[0].causes[0].rule, "ENC-NOT-CSV");

    // 31 send units of one 実績 each, in one folder.
    let one = &cases::files(&case("realworld.minimal-quoting")).unwrap()[0];
    let sources: Vec<SourceFile> = (0..31)
        .map(|i| {
            let name = one.0.replace("093000", &format!("0930{i:02}"));
            SourceFile {
                path: format!("export/{name}"),
                name,
                bytes: one.1.clone(),
            }
        })
        .collect();
    let mut r = check_sources(
        &sources,
        true,
        CheckOptions {
            revision: None,
            follow_links: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            recursive: false,
            keep_records: false,
            consistency: true,
            keep_keys: false,
        },
    );
    let v = verdict::of(&r);
    let t = &v.transmissions[0];
    assert_eq!((t.files, t.lines[0].message), (31, Message::TooManyFiles));
    assert!(t.lines[0].text(Lang::Ja).contains("30ファイルまで"));
    assert!(Message::TooManyFiles.basis(Lang::Ja).contains("出典未確認"));
    // Over 10 MB (taken as 10,000,000 bytes) in all.
    r.files.truncate(2);
    r.files[0].bytes = 9_000_000;
    r.files[1].bytes = 1_000_001;
    let v = verdict::of(&r);
    assert_eq!(
        lines(&v)
            .into_iter()
            .filter(|l| l.0 == Message::TooLarge)
            .count(),
        1
    );
}
