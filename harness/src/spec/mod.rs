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
}
