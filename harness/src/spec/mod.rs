//! Revision data: the standard's file layouts, codes and file-name grammar,
//! one folder per revision (`src/spec/<revision>/`), embedded in the binary;
//! and folders of the same form given on the command line (a draft of the
//! next revision), loaded and validated at run time.
//!
//! The rules never name a field by its number: they look fields up by
//! [`Role`] or [`FieldType`], so a revision with another layout needs only
//! its data folder. `build.rs` loads and validates every embedded folder
//! with the same code ([`schema`]) before the library is built; a folder
//! given on the command line is first validated against the published JSON
//! Schema (`src/spec/schema/`, [`json_schema`]) and then by the same checks
//! ([`folder`]).

use std::path::{Path, PathBuf};
use std::sync::{LazyLock, RwLock};

pub mod diff;
pub mod folder;
pub mod json_schema;
pub mod schema;
pub mod tariff;

pub use schema::*;

include!(concat!(env!("OUT_DIR"), "/embedded_spec.rs"));

static REVISIONS: LazyLock<Vec<Revision>> = LazyLock::new(|| {
    EMBEDDED
        .iter()
        .map(|(folder, files)| {
            // build.rs loaded and validated these very bytes with the same code.
            schema::load_revision(folder, files).unwrap_or_else(|e| {
                panic!(
                    "{}",
                    e.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            })
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
/// They are not part of a revision's data: every revision, embedded or a
/// folder given on the command line, is checked with these.
pub fn tariff() -> &'static tariff::Tariff {
    &TARIFF
}

/// A revision folder loaded from disk, for the rest of the process.
#[derive(Debug)]
pub struct Loaded {
    pub revision: Revision,
    /// The folder as given.
    pub dir: PathBuf,
    /// SHA-256 of its data ([`folder::FolderFiles::sha256`]).
    pub sha256: String,
    /// Its files as read, for `spec export`.
    pub files: folder::FolderFiles,
}

/// The folders loaded in this process, in the order they were given.
///
/// A loaded folder lives until the process ends: it is leaked to give a
/// `&'static Revision`, as the embedded ones are, because findings, file
/// results and detections hold `&'static` revisions throughout the library.
/// A process loads a handful of folders at most (one per `--spec` or
/// `--spec-dir`), so the memory is bounded by what the command line names.
static LOADED: RwLock<Vec<&'static Loaded>> = RwLock::new(Vec::new());

fn loaded() -> Vec<&'static Loaded> {
    LOADED.read().map(|l| l.clone()).unwrap_or_default()
}

/// Where a revision's data comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    /// A folder given on the command line, with the SHA-256 of its data.
    Folder {
        dir: &'static Path,
        sha256: &'static str,
    },
}

/// Where `rev`'s data comes from.
pub fn origin(rev: &Revision) -> Origin {
    loaded()
        .into_iter()
        .find(|l| std::ptr::eq(&l.revision, rev))
        .map_or(Origin::Embedded, |l| Origin::Folder {
            dir: &l.dir,
            sha256: &l.sha256,
        })
}

/// SHA-256 of a revision's data, embedded or loaded (its JSON files, as
/// `sha256sum *.json | sha256sum` in its folder).
pub fn revision_sha256(id: &str) -> Option<String> {
    if let Some((_, files)) = EMBEDDED.iter().find(|(folder, _)| *folder == id) {
        return Some(folder::files_sha256(
            files.iter().map(|(n, c)| (*n, c.as_bytes())),
        ));
    }
    loaded()
        .into_iter()
        .find(|l| l.revision.revision == id)
        .map(|l| l.sha256.clone())
}

/// The revision checked when none is asked for ([`DEFAULT_REVISION`];
/// build.rs makes sure it is embedded).
pub fn default_revision() -> &'static Revision {
    revision(DEFAULT_REVISION).unwrap_or_else(|| &REVISIONS[0])
}

/// The CSVバージョン values of every known revision's history (embedded and
/// loaded), by value.
pub fn csv_version_history() -> Vec<&'static CsvVersion> {
    let mut v: Vec<&CsvVersion> = Vec::new();
    for r in known() {
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

/// Every revision the process knows: the embedded ones, then the folders
/// loaded, in the order they were given.
pub fn known() -> Vec<&'static Revision> {
    REVISIONS
        .iter()
        .chain(loaded().into_iter().map(|l| &l.revision))
        .collect()
}

/// The revision of that id, embedded or loaded.
pub fn revision(id: &str) -> Option<&'static Revision> {
    REVISIONS.iter().find(|r| r.revision == id).or_else(|| {
        loaded()
            .into_iter()
            .find(|l| l.revision.revision == id)
            .map(|l| &l.revision)
    })
}

/// The folder of an embedded revision as `spec export` writes it: its JSON
/// files and READINGS.md, as the harness was built from them.
pub fn embedded_files(id: &str) -> Option<folder::FolderFiles> {
    let (_, files) = EMBEDDED.iter().find(|(folder, _)| *folder == id)?;
    Some(folder::FolderFiles {
        json: files
            .iter()
            .map(|(n, c)| (n.to_string(), c.as_bytes().to_vec()))
            .collect(),
        readings: EMBEDDED_READINGS
            .iter()
            .find(|(folder, _)| *folder == id)
            .map(|(_, t)| t.as_bytes().to_vec()),
    })
}

/// The files of a revision, embedded or loaded.
pub fn files_of(rev: &Revision) -> Option<folder::FolderFiles> {
    match loaded()
        .into_iter()
        .find(|l| std::ptr::eq(&l.revision, rev))
    {
        Some(l) => Some(l.files.clone()),
        None => embedded_files(&rev.revision),
    }
}

/// Reads and validates a revision folder without making it known: the
/// revision, its files and their hash, or every problem found. Besides the
/// checks of its own data, a field it shares (by name) with a known
/// revision keeps its role there.
pub fn read_dir(dir: &Path) -> Result<Loaded, Vec<Problem>> {
    let label = dir.display().to_string();
    let files = folder::read(dir, &label)?;
    let revision = folder::load(&label, &files.json)?;
    let mut problems = Vec::new();
    for other in known() {
        if other.revision != revision.revision {
            problems.extend(schema::revisions_agree(other, &revision));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Loaded {
        sha256: files.sha256(),
        revision,
        dir: dir.to_path_buf(),
        files,
    })
}

/// Makes a folder read by [`read_dir`] known to the process (to
/// [`revision`], [`known`] and so to detection), and returns its revision.
/// Its id may not be that of an embedded or already loaded revision with
/// other data; a folder with the same data as one (an export of 4.1 left
/// as it is) is that revision.
pub fn register(l: Loaded) -> Result<&'static Revision, Problem> {
    let id = l.revision.revision.clone();
    if let Some(existing) = revision(&id) {
        if revision_sha256(&id).as_deref() == Some(l.sha256.as_str()) {
            return Ok(existing);
        }
        let whose = match origin(existing) {
            Origin::Embedded => "an embedded revision".to_string(),
            Origin::Folder { dir, .. } => format!("the folder {}", dir.display()),
        };
        return Err(Problem::new(
            file_in(&l.revision.label, "revision.json"),
            "/revision",
            format!("{id:?} is the id of {whose}, with other data: give the draft an id of its own (e.g. \"{id}-draft\")"),
        ));
    }
    let mut all = LOADED.write().unwrap_or_else(|e| e.into_inner());
    // Leaked on purpose: see LOADED.
    let leaked: &'static Loaded = Box::leak(Box::new(l));
    all.push(leaked);
    Ok(&leaked.revision)
}

/// Reads, validates and registers a revision folder ([`read_dir`], [`register`]).
pub fn load_dir(dir: &Path) -> Result<&'static Revision, Vec<Problem>> {
    let l = read_dir(dir)?;
    register(l).map_err(|p| vec![p])
}

/// The privacy decision of every field of every kind of every embedded
/// revision, as the Markdown table `PRIVACY.md` holds (a test keeps the two
/// the same).
pub fn privacy_table() -> String {
    let mut s = String::new();
    for rev in revisions() {
        for k in &rev.layouts {
            if k.fields.is_empty() {
                continue;
            }
            s.push_str(&format!(
                "\n### {} {} {}\n\n| No. | 項目名 | 型 | 区分 | マスク |\n|---|---|---|---|---|\n",
                rev.revision, k.kind, k.name_ja
            ));
            for f in &k.fields {
                let ty = serde_json::to_value(f.ty)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                s.push_str(&format!(
                    "| {} | {} | {ty} | {} | {} |\n",
                    f.no,
                    f.name,
                    f.privacy.as_str(),
                    if f.personal { "○" } else { "" }
                ));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table of `PRIVACY.md` (between its markers) is the data's:
    /// `UPDATE_PRIVACY=1 cargo test privacy_table` rewrites it.
    #[test]
    fn the_privacy_table_is_the_datas() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/spec/PRIVACY.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let (begin, end) = ("<!-- table: begin -->\n", "<!-- table: end -->");
        let (head, rest) = text.split_at(text.find(begin).expect("begin marker") + begin.len());
        let tail = &rest[rest.find(end).expect("end marker")..];
        let want = format!("{head}{}\n{tail}", privacy_table().trim_start());
        if std::env::var_os("UPDATE_PRIVACY").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        assert!(
            text == want,
            "PRIVACY.md does not list the data's decisions: UPDATE_PRIVACY=1 cargo test privacy_table"
        );
    }

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
        schema::load_revision(rev, &refs).map_err(|e| {
            e.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    fn lines(problems: Vec<Problem>) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_embedded_data_passes_the_checks_build_rs_makes() {
        assert_eq!(lines(schema::validate(revisions())), Vec::<String>::new());
        assert_eq!(default_revision().revision, DEFAULT_REVISION);
    }

    #[test]
    fn a_folder_that_does_not_parse_or_breaks_a_check_is_refused_with_its_reason() {
        let broken = folder_with("4.1", "UP2KYO.json", |c| {
            c.replacen("\"no\": 2,", "\"no\": 3,", 1)
        });
        let e = load("4.1", &broken).unwrap_err();
        assert_eq!(
            e,
            "spec/4.1/UP2KYO.json: /fields/1/no: expected 2 (numbers run 1..N in order), found 3"
        );
        // A No. given twice says where the other is.
        let twice = folder_with("4.1", "UP2KYO.json", |c| {
            c.replacen("\"no\": 3,", "\"no\": 2,", 1)
        });
        assert!(load("4.1", &twice).unwrap_err().ends_with(
            "spec/4.1/UP2KYO.json: /fields/2/no: expected 3 (numbers run 1..N in order), found 2; No.2 is also at /fields/1"
        ));
        let unknown = folder_with("4.1", "UPPLAN.json", |c| {
            c.replacen("\"privacy\"", "\"privcy\"", 1)
        });
        let e = load("4.1", &unknown).unwrap_err();
        assert!(
            e.contains("spec/4.1/UPPLAN.json: unknown field `privcy`"),
            "{e}"
        );
        let stray = folder_with("4.1", "UPPLAN.json", |c| c.to_string());
        let mut stray = stray;
        stray.push(("UPPLN.json".into(), "{}".into()));
        assert_eq!(
            load("4.1", &stray).unwrap_err(),
            "spec/4.1/UPPLN.json: not a kind listed in revision.json (/kinds)"
        );
        let parent = folder_with("4.1", "revision.json", |c| {
            c.replacen("\"parent\": \"UP1KYO\"", "\"parent\": \"UP9KYO\"", 1)
        });
        let rev = load("4.1", &parent).unwrap();
        let problems = lines(schema::validate(std::slice::from_ref(&rev)));
        assert!(
            problems.iter().any(|p| p.starts_with(
                "spec/4.1/revision.json: /send_units/0/parent: 4.1: send unit plan names UP9KYO"
            )),
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
        let problems = lines(schema::validate(&[
            rev("3.2", "UP2KYO.json", &old_up2kyo),
            rev("4.1", "UP2KYO.json", &same),
        ]));
        assert_eq!(
            problems,
            [
                "spec/4.1/UP2KYO.json: UP2KYO: (summary_rows, numbered_rows, month_placeholder) is (false, false, None) in 3.2 and (false, true, None) in 4.1",
                "spec/4.1/UP2KYO.json: /fields/5/role: UP2KYO: 課題ＮＯ has role None in 3.2 (No.6) and Some(NumberLevel1) in 4.1 (No.6)",
                "spec/4.1/UP2KYO.json: /fields/7/role: UP2KYO: 援助目標ＮＯ has role None in 3.2 (No.8) and Some(NumberLevel2) in 4.1 (No.8)",
                "spec/4.1/UP2KYO.json: /fields/12/role: UP2KYO: 援助内容ＮＯ has role None in 3.2 (No.13) and Some(NumberLevel3) in 4.1 (No.13)",
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
