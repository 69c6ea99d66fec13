//! Revision data: the standard's file layouts, codes and file-name grammar,
//! one folder per revision (`src/spec/<revision>/`), embedded in the binary.
//!
//! The rules never name a field by its number: they look fields up by
//! [`Role`] or [`FieldType`], so a revision with another layout needs only
//! its data folder. `build.rs` loads and validates every folder with the
//! same code ([`schema`]) before the library is built.

use std::sync::LazyLock;

pub mod diff;
pub mod schema;
pub mod tariff;

pub use schema::*;

include!(concat!(env!("OUT_DIR"), "/embedded_spec.rs"));

static REVISIONS: LazyLock<Vec<Revision>> = LazyLock::new(|| {
    EMBEDDED
        .iter()
        .map(|(folder, files)| {
            // build.rs loaded and validated these very bytes with the same code.
            schema::load_revision(folder, files).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
});

static TARIFF: LazyLock<tariff::Tariff> = LazyLock::new(|| {
    // build.rs loaded and validated these very bytes with the same code.
    tariff::Tariff::load(
        include_str!("tariff/unit-prices.json"),
        include_str!("tariff/limits.json"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

/// The dated unit prices and 区分支給限度基準額 (`src/spec/tariff/`).
pub fn tariff() -> &'static tariff::Tariff {
    &TARIFF
}

/// The revision checked when none is asked for ([`DEFAULT_REVISION`];
/// build.rs makes sure it is embedded).
pub fn default_revision() -> &'static Revision {
    revision(DEFAULT_REVISION).unwrap_or_else(|| &REVISIONS[0])
}

/// The CSVバージョン values of every embedded revision's history, by value.
pub fn csv_version_history() -> Vec<&'static CsvVersion> {
    let mut v: Vec<&CsvVersion> = Vec::new();
    for r in revisions() {
        for h in &r.csv_version_history {
            if !v.iter().any(|x| x.value == h.value) {
                v.push(h);
            }
        }
    }
    v.sort_by(|a, b| a.from_month.cmp(&b.from_month).then(a.value.cmp(&b.value)));
    v
}

/// The CSVバージョン in force for a service month (YYYYMM): the latest one,
/// withdrawn values aside, whose first month is not after it.
pub fn csv_version_in_force(month: &str) -> Option<&'static CsvVersion> {
    csv_version_history()
        .into_iter()
        .filter(|h| !h.withdrawn && h.from_month.as_str() <= month)
        .max_by(|a, b| a.from_month.cmp(&b.from_month))
}

/// All embedded revisions, in folder order.
pub fn revisions() -> &'static [Revision] {
    &REVISIONS
}

pub fn revision(id: &str) -> Option<&'static Revision> {
    REVISIONS.iter().find(|r| r.revision == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revision_4_1_loads_all_its_kinds_with_their_field_counts() {
        let rev = revision("4.1").expect("4.1 is embedded");
        let counts: Vec<(&str, usize)> = rev
            .layouts
            .iter()
            .map(|k| (k.kind.as_str(), k.fields.len()))
            .collect();
        assert_eq!(
            counts,
            vec![
                ("UPHOSOKU", 63),
                ("UP1KYO", 28),
                ("DLT1KYO", 4),
                ("UP2KYO", 22),
                ("UP3KYO", 13),
                ("UPPLAN", 25),
                ("UPJSK", 25),
                ("DLTPLAN", 4),
                ("DLTJSK", 6),
                ("UPSIKYU", 37),
                ("UPKIHON", 71),
                ("UPKIHON_SUB1", 7),
                ("UPKIHON_SUB2", 11),
                ("UPKIHON_IMAGE", 0),
                ("DLTKIHON", 4),
                ("UPYOBO", 57),
                ("UPYOBO_SUB", 17),
                ("DLTYOBO", 4),
            ]
        );
        assert_eq!(rev.csv_version, "202407");
    }

    /// The files of an embedded folder, one of them replaced.
    fn folder_with(rev: &str, file: &str, edit: impl Fn(&str) -> String) -> Vec<(String, String)> {
        let (_, files) = EMBEDDED.iter().find(|(f, _)| *f == rev).unwrap();
        files
            .iter()
            .map(|(n, c)| {
                let c = if *n == file { edit(c) } else { c.to_string() };
                (n.to_string(), c)
            })
            .collect()
    }

    fn load(rev: &str, files: &[(String, String)]) -> Result<Revision, String> {
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, c)| (n.as_str(), c.as_str()))
            .collect();
        schema::load_revision(rev, &refs)
    }

    #[test]
    fn the_embedded_data_passes_the_checks_build_rs_makes() {
        assert_eq!(schema::validate(revisions()), Vec::<String>::new());
        assert_eq!(default_revision().revision, DEFAULT_REVISION);
    }

    #[test]
    fn a_folder_that_does_not_parse_or_breaks_a_check_is_refused_with_its_reason() {
        let broken = folder_with("4.1", "UP2KYO.json", |c| {
            c.replacen("\"no\": 2,", "\"no\": 3,", 1)
        });
        let e = load("4.1", &broken).unwrap_err();
        assert!(
            e.contains("spec/4.1/UP2KYO.json: field No.3 is at position 2"),
            "{e}"
        );
        let unknown = folder_with("4.1", "UPPLAN.json", |c| {
            c.replacen("\"personal\"", "\"persnal\"", 1)
        });
        let e = load("4.1", &unknown).unwrap_err();
        assert!(
            e.contains("spec/4.1/UPPLAN.json: unknown field `persnal`"),
            "{e}"
        );
        let stray = folder_with("4.1", "UPPLAN.json", |c| c.to_string());
        let mut stray = stray;
        stray.push(("UPPLN.json".into(), "{}".into()));
        assert!(load("4.1", &stray)
            .unwrap_err()
            .contains("UPPLN.json is not a kind"));
        let parent = folder_with("4.1", "revision.json", |c| {
            c.replacen("\"parent\": \"UP1KYO\"", "\"parent\": \"UP9KYO\"", 1)
        });
        let rev = load("4.1", &parent).unwrap();
        let problems = schema::validate(std::slice::from_ref(&rev));
        assert!(
            problems
                .iter()
                .any(|p| p.contains("send unit plan names UP9KYO")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_field_of_the_same_name_with_another_role_in_another_revision_fails() {
        let rev = |folder: &str, file: &str, edit: &dyn Fn(&str) -> String| {
            load(folder, &folder_with(folder, file, edit)).unwrap()
        };
        let same = |c: &str| c.to_string();
        // 3.2's 第2表 as it was: the same 課題ＮＯ, 援助目標ＮＯ and 援助内容ＮＯ
        // as 4.1, without their roles (and without numbered rows).
        let old_up2kyo = |c: &str| {
            c.replace(",\n   \"role\": \"number_level1\"", "")
                .replace(",\n   \"role\": \"number_level2\"", "")
                .replace(",\n   \"role\": \"number_level3\"", "")
                .replace(" \"numbered_rows\": true,\n", "")
        };
        let problems = schema::validate(&[
            rev("3.2", "UP2KYO.json", &old_up2kyo),
            rev("4.1", "UP2KYO.json", &same),
        ]);
        assert_eq!(
            problems,
            [
                "UP2KYO: (summary_rows, numbered_rows, month_placeholder) is (false, false, None) in 3.2 and (false, true, None) in 4.1",
                "UP2KYO: 課題ＮＯ has role None in 3.2 (No.6) and Some(NumberLevel1) in 4.1 (No.6)",
                "UP2KYO: 援助目標ＮＯ has role None in 3.2 (No.8) and Some(NumberLevel2) in 4.1 (No.8)",
                "UP2KYO: 援助内容ＮＯ has role None in 3.2 (No.13) and Some(NumberLevel3) in 4.1 (No.13)",
            ]
        );
        // The embedded folders agree.
        assert!(
            schema::revisions_agree(revision("3.2").unwrap(), revision("4.1").unwrap()).is_empty()
        );
    }

    #[test]
    fn prefixes_are_matched_longest_first() {
        let rev = revision("4.1").unwrap();
        let p = rev.all_prefixes();
        let sub = p.iter().position(|x| *x == "UPKIHON_SUB1").unwrap();
        let base = p.iter().position(|x| *x == "UPKIHON").unwrap();
        assert!(sub < base);
    }

    /// The service kinds of 本文1.3 and 1.4 (4.1), as printed, with their
    /// linkage scope (○ 連携対象 / 対象外): the names in the messages are these.
    const SERVICE_KINDS_4_1: &[(&str, &str, bool)] = &[
        ("11", "訪問介護", true),
        ("12", "訪問入浴介護", true),
        ("13", "訪問看護", true),
        ("14", "訪問リハビリテーション", true),
        ("15", "通所介護", true),
        ("16", "通所リハビリテーション", true),
        ("17", "福祉用具貸与", true),
        ("21", "短期入所生活介護", true),
        ("22", "短期入所療養介護（介護老人保健施設）", true),
        ("23", "短期入所療養介護（介護療養型医療施設等）", true),
        ("2A", "短期入所療養介護（介護医療院）", true),
        ("31", "居宅療養管理指導", true),
        ("71", "夜間対応型訪問介護", true),
        ("76", "定期巡回・随時対応型訪問介護看護", true),
        ("72", "認知症対応型通所介護", true),
        ("78", "地域密着型通所介護", true),
        ("73", "小規模多機能型居宅介護", true),
        ("68", "小規模多機能型居宅介護（短期利用）", true),
        ("77", "看護小規模多機能型居宅介護", true),
        ("79", "看護小規模多機能型居宅介護（短期利用）", true),
        ("33", "特定施設入居者生活介護", false),
        ("27", "特定施設入居者生活介護（短期利用）", true),
        ("36", "地域密着型特定施設入居者生活介護", false),
        ("28", "地域密着型特定施設入居者生活介護（短期利用）", true),
        ("32", "認知症対応型共同生活介護（短期利用以外）", false),
        ("38", "認知症対応型共同生活介護（短期利用）", true),
        ("41", "特定福祉用具販売", false),
        ("42", "住宅改修", false),
        ("51", "介護福祉施設サービス", false),
        ("52", "介護保健施設サービス", false),
        ("53", "介護療養施設サービス", false),
        ("54", "地域密着型介護老人福祉施設入所者生活介護", false),
        ("59", "特定介護サービス等", false),
        ("81", "市町村特別給付", false),
        ("62", "介護予防訪問入浴介護", true),
        ("63", "介護予防訪問看護", true),
        ("64", "介護予防訪問リハビリテーション", true),
        ("66", "介護予防通所リハビリテーション", true),
        ("67", "介護予防福祉用具貸与", true),
        ("24", "介護予防短期入所生活介護", true),
        ("25", "介護予防短期入所療養介護（介護老人保健施設）", true),
        (
            "26",
            "介護予防短期入所療養介護（介護療養型医療施設等）",
            true,
        ),
        ("2B", "介護予防短期入所療養介護（介護医療院）", true),
        ("34", "介護予防居宅療養管理指導", true),
        ("74", "介護予防認知症対応型通所介護", true),
        ("75", "介護予防小規模多機能型居宅介護", true),
        ("69", "介護予防小規模多機能型居宅介護（短期利用）", true),
        ("35", "介護予防特定施設入居者生活介護", false),
        (
            "37",
            "介護予防認知症対応型共同生活介護（短期利用以外）",
            false,
        ),
        ("39", "介護予防認知症対応型共同生活介護（短期利用）", true),
        ("44", "特定介護予防福祉用具販売", false),
        ("45", "介護予防住宅改修", false),
        ("A1", "訪問型サービス（みなし）", true),
        ("A2", "訪問型サービス（独自）", true),
        ("A3", "訪問型サービス（独自／定率）", true),
        ("A4", "訪問型サービス（独自／定額）", true),
        ("A5", "通所型サービス（みなし）", true),
        ("A6", "通所型サービス（独自）", true),
        ("A7", "通所型サービス（独自／定率）", true),
        ("A8", "通所型サービス（独自／定額）", true),
    ];

    #[test]
    fn service_kind_names_are_those_of_the_main_text() {
        let sk = &revision("4.1").unwrap().service_kinds;
        for (code, name, in_scope) in SERVICE_KINDS_4_1 {
            let table = if *in_scope {
                &sk.in_scope
            } else {
                &sk.out_of_scope
            };
            assert_eq!(table.get(*code).map(String::as_str), Some(*name), "{code}");
        }
        // Nothing else, but the care-management kinds, which 本文 does not list.
        assert_eq!(
            sk.in_scope.len() + sk.out_of_scope.len(),
            SERVICE_KINDS_4_1.len()
        );
        assert_eq!(
            sk.care_management.keys().collect::<Vec<_>>(),
            ["43", "46", "AF"]
        );
        assert_eq!(
            sk.remarks.get("13").map(String::as_str),
            Some("※定期巡回連携型も対象")
        );
        assert_eq!(sk.planning_kinds(), ["43", "46", "AF", "73", "75", "77"]);
    }
}
