//! The file level: what the records of one file must agree on, and the
//! revision its name and content give.

use std::collections::{BTreeMap, BTreeSet};

use crate::fact::Fact;
use crate::finding::Position;
use crate::input::detect::Mismatch;
use crate::result::FileName;
use crate::rules::{Issue, RoleNeed};
use crate::spec::{FileFormat, KindSpec, Revision, Role, SummaryRow};

rules! {
    level: File;
    FILE_CSV_VERSION_UNKNOWN = {
        id: "FILE-CSV-VERSION-UNKNOWN", severity: Error,
        spec_ref: "別紙【CSVバージョン履歴】; 各レイアウト No.1",
        title_ja: "CSVバージョンが標準仕様のどの版の値でもありません",
        title_en: "the CSVバージョン is not a value of any revision",
        doc: "The CSVバージョン takes the values of the version history: 201910, 202003, 202208, 202504 (4.0, withdrawn) and 202407 (4.1). Other values, such as 202410 seen in real exports, are reported once per value and file, at the first record carrying it.",
        fails: "202410",
        passes: "202407",
    }
    FILE_CSV_VERSION_REVISION = {
        id: "FILE-CSV-VERSION-REVISION", severity: Error,
        spec_ref: "別紙【CSVバージョン履歴】; 各レイアウト No.1",
        title_ja: "CSVバージョンが検査対象の版の値ではありません",
        title_en: "the CSVバージョン is not the value of the revision checked",
        doc: "The file is checked against one revision (4.1 by default, whose value is 202407). A known value of another revision (202208, or 202504 which 4.1 replaced) means the file was written to another layout. Reported once per value and file.",
        fails: "202504",
        passes: "202407",
    }
    FILE_CSV_VERSION_MONTH = {
        id: "FILE-CSV-VERSION-MONTH", severity: Error,
        spec_ref: "各レイアウト No.1「新しいバージョンの適用年月となるサービス提供年月から適用する」; 別紙【CSVバージョン履歴】",
        title_ja: "CSVバージョンがサービス提供年月に合っていません",
        title_en: "the CSVバージョン does not fit the service month",
        doc: "A CSVバージョン applies from the service month of its edition until the next edition's: 202208 from 2023-01, 202407 (4.1) from 2025-04. A file whose name carries a service month must carry the version in force for that month: 202208 for 2025-06 is out of date, 202407 for 2025-03 too early. (The withdrawn 4.0 value 202504 is never in force.) Files without a service month in their name (第1表 and its set) are not checked: the standard does not say which month selects their version.",
        fails: "UPPLAN_202506_… with CSVバージョン 202208",
        passes: "UPPLAN_202506_… with CSVバージョン 202407",
    }
    FILE_REVISION_MISMATCH = {
        id: "FILE-REVISION-MISMATCH", severity: Error,
        spec_ref: "別紙 ファイル名規則（4.0以降はサービス種類コードを含む）; 別紙【CSVバージョン履歴】",
        title_ja: "ファイル名の書式と内容（CSVバージョン）の版が一致しません",
        title_en: "the file name's grammar and the content's CSVバージョン are of different revisions",
        doc: "Revision 3.2 names carry no service kind codes (UPPLAN_201912_0300000106_0311500011_…); 4.0 and later names do. When `check` picks the revision itself, a name of one revision's grammar with a CSVバージョン of another (a 3.2 name with 4.1 content, or the reverse) is reported, and the content is checked against the revision of its CSVバージョン.",
        fails: "UPPLAN_202504_1371000017_1371000025_20250325093000.CSV with CSVバージョン 202407",
        passes: "UPPLAN_202504_1371000017_43_1371000025_11_20250325093000.CSV with CSVバージョン 202407",
    }
    FILE_CSV_VERSION_MIXED = {
        id: "FILE-CSV-VERSION-MIXED", severity: Error,
        spec_ref: "各レイアウト No.1「1ファイル中に複数のCSVバージョンのレコードを混在させることはできない」",
        title_ja: "1ファイルに複数のCSVバージョンが混在しています",
        title_en: "more than one CSVバージョン in one file",
        doc: "All records of a file carry the same CSVバージョン. Each record whose value differs from the first record's is reported.",
        fails: "record 1: 202407, record 2: 202208",
        passes: "records 1 and 2: 202407",
    }
    FILE_MONTH_MISMATCH = {
        id: "FILE-MONTH-MISMATCH", severity: Error,
        spec_ref: "別紙 第6表・実績・削除・第7表 ファイル作成単位「１ファイル内は単月のサービス提供年月の情報のみ」",
        title_ja: "レコードの対象年月がファイル名の年月と一致しません",
        title_en: "the record's service month differs from the file name's month",
        doc: "第6表, 実績, their deletes and 第7表 hold one service month per file, the month in the file name. Each record whose 対象年月 (削除対象年月) differs from it is reported. (That the single month is the name's month is the natural reading of the naming rule, not a sentence of the standard.)",
        fails: "UPPLAN_202504_… with 対象年月 202505",
        passes: "UPPLAN_202504_… with 対象年月 202504",
    }
    FILE_HOSOKU_SET = {
        id: "FILE-HOSOKU-SET", severity: Error,
        spec_ref: "別紙 利用者補足情報 ファイル名（提供年月 000000）, No.4, No.63; 本文2.3",
        title_ja: "利用者補足情報の年月・作成日がファイル名の組（第1表側／第6表側）と一致しません",
        title_en: "UPHOSOKU's month and plan date do not match the set its name puts it in",
        doc: "UPHOSOKU travels in two sets. With 第1・2・3表 the name's month is 000000, No.63 対象年月 is 000000 and No.4 居宅サービス計画作成（変更）日 is a real date. With 第6表・第7表 the name's month is the service month, No.63 equals it and No.4 is 00000000. A record that mixes the two is reported at the field that disagrees.",
        fails: "UPHOSOKU_000000_… with No.63 = 202504",
        passes: "UPHOSOKU_000000_… with No.63 = 000000",
    }
    FILE_NUMBERING = {
        id: "FILE-NUMBERING", severity: Warning,
        spec_ref: "別紙 第2表（課題ＮＯ→援助目標ＮＯ→援助内容ＮＯ の優先順位でソートした順が帳票の出力順）; 介護予防サービス・支援計画書（別表）",
        title_ja: "計画の行が番号の順に並んでいません",
        title_en: "a plan's rows are not in the order of their numbers",
        doc: "第2表 rows are output in the order of 課題ＮＯ, 援助目標ＮＯ and 援助内容ＮＯ, and the 介護予防 別表 in the order of 課題ＮＯ, 支援計画ＮＯ and 利用サービスＮＯ, one row per combination. An empty number continues the number of the row above (the form prints a group's number once). A row whose numbers go back below the row above's is reported; the same numbers again are a continuation row (the standard allows printing the same values on every row). Whether numbers must also be consecutive is not stated and not checked. A warning: the order is for printing.",
        fails: "rows 1-1-1, 2-1-1, 1-2-1",
        passes: "rows 1-1-1, 1-1-2, 2-1-1",
    }
    FILE_SIKYU_TOTAL = {
        id: "FILE-SIKYU-TOTAL", severity: Error,
        spec_ref: "別紙 第7表 No.9「全合計＝ALL9（999999）固定（必須出力）」",
        title_ja: "第7表に利用者の全合計（999999）行がありません",
        title_en: "a user's 第7表 has no 全合計 (999999) row",
        doc: "Every user's 第7表 (保険者番号 + 被保険者番号 + 対象年月) ends with one 全合計 row whose サービスコード is 999999. The finding points at the user's first record.",
        fails: "detail rows only",
        passes: "detail rows, then 999999",
    }
    FILE_SIKYU_TOTAL_DUPLICATE = {
        id: "FILE-SIKYU-TOTAL-DUPLICATE", severity: Error,
        spec_ref: "別紙 第7表 No.9「全合計＝ALL9（999999）固定（必須出力）」",
        title_ja: "1人の利用者に全合計（999999）行が複数あります",
        title_en: "more than one 全合計 (999999) row for one user",
        doc: "The 全合計 row is the total of one user's 第7表; a second one for the same 保険者番号 + 被保険者番号 is reported at the second.",
        fails: "two 999999 rows for the same user",
        passes: "one 999999 row per user",
    }
    FILE_SIKYU_SUBTOTAL = {
        id: "FILE-SIKYU-SUBTOTAL", severity: Error,
        spec_ref: "別紙 第7表 No.9「区分支給対象種類別小計＝CD+'AAAA'（サービスコードが複数行の場合は必須）」",
        title_ja: "複数行あるサービス種類に区分支給対象種類別小計（AAAA）行がありません",
        title_en: "a service kind with several rows has no AAAA subtotal row",
        doc: "When a user's 第7表 has two or more detail rows of one service kind at one office (サービス事業所コード and サテライト枝番: a subtotal row carries its office's code), a kind+AAAA (区分支給対象種類別小計) row for that office is required. Kinds outside 区分支給限度基準額 (31 居宅療養管理指導, 34 介護予防居宅療養管理指導) have no such subtotal and are not checked. EEEE and ZZZZ subtotals are optional (任意出力) and never required. The standard gives no arithmetic between detail and summary rows, so the amounts on summary rows are not added up.",
        fails: "111111 and 111211 rows, no 11AAAA",
        passes: "111111, 111211, then 11AAAA",
    }
    FILE_SIKYU_SUMMARY_ROW = {
        id: "FILE-SIKYU-SUMMARY-ROW", severity: Error,
        spec_ref: "別紙 第7表 No.7「全合計の場合はALL９」, No.13「種類別小計及び全合計の場合は0 固定」, Nos.14-15「Null（空） 固定」",
        title_ja: "第7表の小計・合計行の固定値が正しくありません",
        title_en: "a 第7表 subtotal or total row without its fixed values",
        doc: "On kind+AAAA/EEEE/ZZZZ subtotal rows and the 999999 全合計 row, 単位数 (No.13) is 0 and 割引後率 / 割引後単位数 (Nos.14, 15) are empty; サービス事業所コード (No.7) is 9999999999 on the 全合計 row. 9999999999 elsewhere is FILE-SIKYU-SENTINEL-ON-DETAIL or FILE-SIKYU-SUBTOTAL-OFFICE.",
        fails: "999999 row with 単位数 1576",
        passes: "999999 row with 単位数 0",
    }
    FILE_SIKYU_SENTINEL_ON_DETAIL = {
        id: "FILE-SIKYU-SENTINEL-ON-DETAIL", severity: Error,
        spec_ref: "別紙 第7表 No.7「サービス事業所コード（10桁）／全合計の場合はALL９」",
        title_ja: "第7表の明細行のサービス事業所コードが9999999999です",
        title_en: "a 第7表 detail row has サービス事業所コード 9999999999",
        doc: "9999999999 is the fixed value of the 全合計 row. A detail row is a service of a real office and carries its 10-character office number.",
        fails: "111111 row with サービス事業所コード 9999999999",
        passes: "111111 row with 1371000025",
    }
    FILE_SIKYU_SUBTOTAL_OFFICE = {
        id: "FILE-SIKYU-SUBTOTAL-OFFICE", severity: Warning,
        spec_ref: "別紙 第7表 No.7「全合計の場合はALL９」",
        title_ja: "第7表の小計行のサービス事業所コードが9999999999です（規定が明示されていないため警告）",
        title_en: "a 第7表 subtotal row has サービス事業所コード 9999999999 (not stated: warning)",
        doc: "The annex gives 9999999999 for the 全合計 row only; it does not say what a kind+AAAA/EEEE/ZZZZ subtotal row carries in No.7. Read as the office's own number (subtotals are per office and kind); 9999999999 there is a warning.",
        fails: "11AAAA row with サービス事業所コード 9999999999",
        passes: "11AAAA row with 1371000025",
    }
    FILE_FINDINGS_LIMIT = {
        id: "FILE-FINDINGS-LIMIT", severity: Warning,
        spec_ref: "careplan-conformance の報告上限（1ファイル・1ルールあたり1000件）",
        title_ja: "同じルールの指摘が多すぎるため、1001件目以降を省略しました",
        title_en: "too many findings of one rule; those after the first 1000 are left out",
        doc: "Not a rule of the standard: a limit of the harness. A file that breaks one rule on every line (a file of blank lines, of commas, a wrong layout) would otherwise give millions of findings and exhaust memory. The first 1000 findings of each rule in a file are reported with their positions; this finding, at the 1001st, says how many more there were. The file already fails on the rule it names.",
        fails: "an UPPLAN of 1001 blank lines",
        passes: "an UPPLAN with 3 blank lines",
    }
}

/// (保険者番号, 被保険者番号, service kind, office, サテライト枝番).
type SikyuKind = (String, String, String, String, String);

/// State carried from record to record of one file.
#[derive(Default)]
pub struct FileState {
    first_version: Option<String>,
    reported_versions: BTreeSet<String>,
    /// 第7表: per user (保険者番号, 被保険者番号; the month is one per file and
    /// checked by FILE-MONTH-MISMATCH), the first record's position and
    /// whether a 999999 row was seen.
    sikyu_users: BTreeMap<(String, String), (Position, bool, String)>,
    /// 第7表: per user, service kind, office and サテライト枝番 (subtotal rows
    /// carry the office's code, so a subtotal is per office), the first
    /// detail row, the number of detail rows and whether a kind+AAAA
    /// subtotal was seen.
    sikyu_kinds: BTreeMap<SikyuKind, (Position, u32, bool)>,
    /// Plans with numbered rows (第2表, 介護予防 別表): the last row's numbers.
    numbering: BTreeMap<(String, String, String), [Option<u32>; 3]>,
    /// Users and kinds with an AAAA subtotal carrying 9999999999 instead of
    /// an office (itself a warning): it stands for every office of the kind.
    sikyu_sentinel_subtotals: BTreeSet<(String, String, String)>,
    /// A 第7表 record whose fields could not all be placed (another number
    /// of fields than the layout): the rows of a user are not all known, so
    /// the subtotal and total rules say nothing.
    sikyu_partial: bool,
}

/// The CSVバージョン of every CSV file (FILE-CSV-VERSION-*).
pub static CSV_VERSION: RoleNeed = RoleNeed {
    rule: &FILE_CSV_VERSION_UNKNOWN,
    applies: |_, k| k.format == FileFormat::Csv,
    roles: &[Role::CsvVersion],
};

/// 対象年月 against the name's month, where the name carries one.
pub static MONTH: RoleNeed = RoleNeed {
    rule: &FILE_MONTH_MISMATCH,
    applies: |_, k| k.month_segment && k.month_placeholder.is_none(),
    roles: &[Role::ServiceMonth],
};

/// UPHOSOKU's two sets: a kind whose names may carry the month placeholder.
pub static HOSOKU_SET: RoleNeed = RoleNeed {
    rule: &FILE_HOSOKU_SET,
    applies: |_, k| k.month_placeholder.is_some(),
    roles: &[Role::HosokuMonth, Role::PlanDate],
};

/// The 第7表's summary rows (FILE-SIKYU-*).
pub static SIKYU: RoleNeed = RoleNeed {
    rule: &FILE_SIKYU_TOTAL,
    applies: |_, k| k.summary_rows,
    roles: &[
        Role::InsurerNumber,
        Role::InsuredNumber,
        Role::ServiceMonth,
        Role::ServiceCode,
        Role::ServiceOffice,
        Role::Satellite,
        Role::Units,
        Role::DiscountRate,
        Role::DiscountedUnits,
    ],
};

/// The order of a plan's numbered rows.
pub static NUMBERING: RoleNeed = RoleNeed {
    rule: &FILE_NUMBERING,
    applies: |_, k| k.numbered_rows,
    roles: &[
        Role::InsurerNumber,
        Role::InsuredNumber,
        Role::PlanDate,
        Role::NumberLevel1,
        Role::NumberLevel2,
        Role::NumberLevel3,
    ],
};

/// What the file rules read by role.
pub static NEEDS: &[&RoleNeed] = &[&CSV_VERSION, &MONTH, &HOSOKU_SET, &SIKYU, &NUMBERING];

impl FileState {
    /// Checks one data record. `value(role)` gives a field's decoded value;
    /// each issue is returned with the role of the field it points at.
    pub fn record<'a>(
        &mut self,
        name: &FileName,
        kind: &KindSpec,
        rev: &Revision,
        pos_of: impl Fn(Role) -> Position,
        value: impl Fn(Role) -> Option<&'a str>,
    ) -> Vec<(Role, Issue)> {
        let mut out = Vec::new();
        if let Some(v) = value(Role::CsvVersion).filter(|_| CSV_VERSION.applies_to(rev, kind)) {
            let first = self.first_version.is_none();
            out.extend(
                self.csv_version(v, rev)
                    .into_iter()
                    .map(|i| (Role::CsvVersion, i)),
            );
            if first {
                // Only for the checked revision's own value: another value is
                // FILE-CSV-VERSION-REVISION already.
                if v == rev.csv_version {
                    out.extend(version_for_month(v, name).map(|i| (Role::CsvVersion, i)));
                }
            }
        }
        if let (Some(m), Some(name_month)) = (value(Role::ServiceMonth), name.month.as_deref()) {
            if m != name_month && !m.is_empty() && MONTH.applies_to(rev, kind) {
                out.push((
                    Role::ServiceMonth,
                    Issue::new(&FILE_MONTH_MISMATCH).fact(Fact::MonthMismatch {
                        name_month: name_month.to_string(),
                    }),
                ));
            }
        }
        // A rule across the fields of a record reads it only when every
        // field it needs was placed (a record with another number of
        // fields may leave some unplaced).
        let placed = |need: &RoleNeed| need.roles.iter().all(|r| value(*r).is_some());
        if NUMBERING.applies_to(rev, kind) && placed(&NUMBERING) {
            out.extend(self.numbering(&value));
        }
        if HOSOKU_SET.applies_to(rev, kind) && placed(&HOSOKU_SET) {
            out.extend(hosoku_set(name, kind, &value));
        }
        if SIKYU.applies_to(rev, kind) && !placed(&SIKYU) {
            self.sikyu_partial = true;
        } else if SIKYU.applies_to(rev, kind) {
            let key = (
                value(Role::InsurerNumber).unwrap_or("").to_string(),
                value(Role::InsuredNumber).unwrap_or("").to_string(),
            );
            let month = value(Role::ServiceMonth).unwrap_or("").to_string();
            let code = value(Role::ServiceCode).unwrap_or("");
            let summary = rev.sikyu_summary_codes.classify(code);
            let is_total = summary == Some(SummaryRow::GrandTotal);
            let e = self.sikyu_users.entry(key.clone()).or_insert((
                pos_of(Role::ServiceCode),
                false,
                month,
            ));
            if is_total && e.1 {
                out.push((
                    Role::ServiceCode,
                    Issue::new(&FILE_SIKYU_TOTAL_DUPLICATE).fact(Fact::SikyuTotalDuplicate),
                ));
            }
            e.1 |= is_total;
            if let Some(kind) = code.get(..2).filter(|_| code.len() == 6 && code.is_ascii()) {
                let office = value(Role::ServiceOffice).unwrap_or("").to_string();
                if summary == Some(SummaryRow::SubtotalInLimit)
                    && office == rev.sikyu_summary_codes.grand_total_office
                {
                    self.sikyu_sentinel_subtotals.insert((
                        key.0.clone(),
                        key.1.clone(),
                        kind.to_string(),
                    ));
                }
                let satellite = value(Role::Satellite).unwrap_or("").to_string();
                let k = self
                    .sikyu_kinds
                    .entry((key.0, key.1, kind.to_string(), office, satellite))
                    .or_insert((pos_of(Role::ServiceCode), 0, false));
                match summary {
                    None => k.1 += 1,
                    Some(SummaryRow::SubtotalInLimit) => k.2 = true,
                    Some(_) => {}
                }
            }
            out.extend(sikyu_row_values(summary, rev, &value));
        }
        out
    }

    /// Rows of one plan come in the order of their numbers (課題ＮＯ, then
    /// 目標／支援計画ＮＯ, then 内容／利用サービスＮＯ); an empty number
    /// continues the row above's (the form prints a group's number once).
    fn numbering<'a>(&mut self, value: &impl Fn(Role) -> Option<&'a str>) -> Vec<(Role, Issue)> {
        let key = (
            value(Role::InsurerNumber).unwrap_or("").to_string(),
            value(Role::InsuredNumber).unwrap_or("").to_string(),
            value(Role::PlanDate).unwrap_or("").to_string(),
        );
        let raw = [Role::NumberLevel1, Role::NumberLevel2, Role::NumberLevel3]
            .map(|r| value(r).unwrap_or(""));
        if raw
            .iter()
            .any(|v| !v.is_empty() && v.parse::<u32>().is_err())
        {
            return Vec::new();
        }
        let prev = self.numbering.get(&key).copied();
        let mut cur = [None; 3];
        let mut changed = false;
        for i in 0..3 {
            cur[i] = match raw[i].parse::<u32>().ok() {
                Some(n) => {
                    changed = true;
                    Some(n)
                }
                // An empty number below a changed one starts nothing new.
                None if !changed => prev.and_then(|p| p[i]),
                None => None,
            };
        }
        self.numbering.insert(key, cur);
        match prev {
            // The same numbers again are a continuation row (a second service
            // under one 援助内容, or numbers repeated on every row).
            Some(p) if cur < p => {
                let show = |t: [Option<u32>; 3]| {
                    t.iter()
                        .map(|x| x.map_or("-".to_string(), |n| n.to_string()))
                        .collect::<Vec<_>>()
                        .join("-")
                };
                vec![(
                    Role::NumberLevel1,
                    Issue::new(&FILE_NUMBERING)
                        .found(show(cur))
                        .fact(Fact::Numbering { previous: show(p) }),
                )]
            }
            _ => Vec::new(),
        }
    }

    fn csv_version(&mut self, v: &str, rev: &Revision) -> Vec<Issue> {
        let mut out = Vec::new();
        match &self.first_version {
            None => self.first_version = Some(v.to_string()),
            Some(first) if first != v => out.push(Issue::new(&FILE_CSV_VERSION_MIXED).fact(
                Fact::CsvVersionMixed {
                    first: first.clone(),
                },
            )),
            Some(_) => {}
        }
        if v != rev.csv_version && self.reported_versions.insert(v.to_string()) {
            match crate::spec::csv_version_history()
                .into_iter()
                .find(|h| h.value == v)
            {
                Some(known) => out.push(Issue::new(&FILE_CSV_VERSION_REVISION).fact(
                    Fact::CsvVersionOtherEdition {
                        expected: rev.csv_version.clone(),
                        revision: rev.revision.clone(),
                        found: v.to_string(),
                        edition: known.edition_ja.clone(),
                    },
                )),
                None => out.push(Issue::new(&FILE_CSV_VERSION_UNKNOWN).fact(
                    Fact::CsvVersionUnknown {
                        expected: rev.csv_version.clone(),
                        revision: rev.revision.clone(),
                    },
                )),
            }
        }
        out
    }

    /// Issues found once every record has been seen, each with the position
    /// it points at and the role of its field.
    pub fn finish(self, rev: &Revision) -> Vec<(Position, Role, Issue)> {
        let codes = &rev.sikyu_summary_codes;
        let mut out = Vec::new();
        if self.sikyu_partial {
            return out;
        }
        for ((insurer, insured, kind, _, _), (pos, details, has_subtotal)) in self.sikyu_kinds {
            let has_subtotal = has_subtotal
                || self
                    .sikyu_sentinel_subtotals
                    .contains(&(insurer, insured, kind.clone()));
            let outside_limit = rev.service_kinds.outside_limit.contains(&kind);
            if details >= 2 && !has_subtotal && !outside_limit {
                out.push((
                    pos,
                    Role::ServiceCode,
                    Issue::new(&FILE_SIKYU_SUBTOTAL).fact(Fact::SikyuSubtotal {
                        kind: kind.clone(),
                        rows: details,
                        subtotal: codes.subtotal_in_limit.clone(),
                    }),
                ));
            }
        }
        for (pos, has_total, month) in self.sikyu_users.into_values() {
            if !has_total {
                out.push((
                    pos,
                    Role::ServiceCode,
                    Issue::new(&FILE_SIKYU_TOTAL)
                        .found("")
                        .fact(Fact::SikyuTotal {
                            month,
                            total: codes.grand_total.clone(),
                        }),
                ));
            }
        }
        out
    }
}

/// A CSVバージョン applies from the service month its edition names, until
/// the next one does (各レイアウト No.1「新しいバージョンの適用年月となるサービス
/// 提供年月から適用する」). Checked once per file, on files whose name
/// carries a service month.
fn version_for_month(v: &str, name: &FileName) -> Option<Issue> {
    let month = name
        .month
        .as_deref()
        .filter(|_| !name.month_is_placeholder)?;
    let in_force = crate::spec::csv_version_in_force(month)?;
    if in_force.value == v {
        return None;
    }
    let known = crate::spec::csv_version_history()
        .into_iter()
        .find(|h| h.value == v)?;
    Some(
        Issue::new(&FILE_CSV_VERSION_MONTH).fact(Fact::CsvVersionMonth {
            found: v.to_string(),
            month: month.to_string(),
            in_force: in_force.value.clone(),
            in_force_from: in_force.from_month.clone(),
            found_from: known.from_month.clone(),
            too_early: known.from_month.as_str() > month,
        }),
    )
}

/// UPHOSOKU goes with 第1表 (name month 000000, No.63 000000, No.4 a date) or
/// with 第6表 (name month YYYYMM, No.63 the same month, No.4 00000000): the
/// placeholders are the kind's `month_placeholder` and No.4's zero_value.
fn hosoku_set<'a>(
    name: &FileName,
    kind: &KindSpec,
    value: &impl Fn(Role) -> Option<&'a str>,
) -> Vec<(Role, Issue)> {
    let mut out = Vec::new();
    let Some(name_month) = name.month.as_deref() else {
        return out;
    };
    let no_date = kind
        .field_by_role(Role::PlanDate)
        .and_then(|f| f.zero_value.as_deref())
        .unwrap_or_default();
    let month = value(Role::HosokuMonth).unwrap_or("");
    let date = value(Role::PlanDate).unwrap_or("");
    let plan_set = name.month_is_placeholder;
    let want_month = name_month;
    let date_ok = if plan_set {
        date != no_date
    } else {
        date == no_date
    };
    if !month.is_empty() && month != want_month {
        out.push((
            Role::HosokuMonth,
            Issue::new(&FILE_HOSOKU_SET).fact(Fact::HosokuMonth {
                plan_set,
                month: want_month.to_string(),
            }),
        ));
    }
    if !date.is_empty() && !date_ok {
        out.push((
            Role::PlanDate,
            Issue::new(&FILE_HOSOKU_SET).fact(Fact::HosokuDate {
                plan_set,
                placeholder: no_date.to_string(),
            }),
        ));
    }
    out
}

/// The fixed values of 第7表 summary rows (kind+AAAA/EEEE/ZZZZ subtotals and
/// the 999999 全合計): 単位数 0, 割引後率 and 割引後単位数 empty, and
/// サービス事業所コード 9999999999 on the 全合計 row only.
fn sikyu_row_values<'a>(
    summary: Option<SummaryRow>,
    rev: &Revision,
    value: &impl Fn(Role) -> Option<&'a str>,
) -> Vec<(Role, Issue)> {
    let mut out = Vec::new();
    let sentinel = rev.sikyu_summary_codes.grand_total_office.as_str();
    let office = value(Role::ServiceOffice).unwrap_or("");
    let is_total = summary == Some(SummaryRow::GrandTotal);
    if is_total && office != sentinel {
        out.push((
            Role::ServiceOffice,
            Issue::new(&FILE_SIKYU_SUMMARY_ROW).fact(Fact::TotalRowOffice {
                sentinel: sentinel.to_string(),
            }),
        ));
    }
    if !is_total && office == sentinel {
        // A detail row is a service of a real office; what a subtotal row
        // carries in No.7 is not stated (READINGS.md §D): a warning there.
        let rule = if summary.is_some() {
            &FILE_SIKYU_SUBTOTAL_OFFICE
        } else {
            &FILE_SIKYU_SENTINEL_ON_DETAIL
        };
        out.push((
            Role::ServiceOffice,
            Issue::new(rule).fact(Fact::SentinelOnTotalOnly {
                sentinel: sentinel.to_string(),
                total: rev.sikyu_summary_codes.grand_total.clone(),
            }),
        ));
    }
    if summary.is_none() {
        return out;
    }
    if value(Role::Units).is_some_and(|u| u != "0") {
        out.push((
            Role::Units,
            Issue::new(&FILE_SIKYU_SUMMARY_ROW).fact(Fact::SummaryUnitsZero),
        ));
    }
    for role in [Role::DiscountRate, Role::DiscountedUnits] {
        if value(role).is_some_and(|v| !v.is_empty()) {
            out.push((
                role,
                Issue::new(&FILE_SIKYU_SUMMARY_ROW).fact(Fact::SummaryEmpty),
            ));
        }
    }
    out
}

/// FILE-REVISION-MISMATCH: the name and the content of a file point at
/// different revisions (see [`crate::input::detect`]).
pub fn revision_mismatch(m: &Mismatch) -> Issue {
    match m {
        Mismatch::KindAbsent {
            kind,
            content,
            version,
            checked_as,
        } => Issue::new(&FILE_REVISION_MISMATCH)
            .found(version.clone())
            .fact(Fact::RevisionKindAbsent {
                kind: kind.clone(),
                content_revision: content.revision.clone(),
                version: version.clone(),
                checked_as: checked_as.revision.clone(),
                checked_as_version: checked_as.csv_version.clone(),
            }),
        Mismatch::NameGrammar {
            name,
            named,
            content,
            version,
            pattern,
            in_force,
        } => Issue::new(&FILE_REVISION_MISMATCH)
            .found(name.clone())
            .fact(Fact::RevisionNameGrammar {
                named: named.iter().map(|r| r.revision.clone()).collect(),
                content_revision: content.revision.clone(),
                version: version.clone(),
                pattern: pattern.clone(),
                in_force: in_force.clone(),
            }),
    }
}

/// FILE-FINDINGS-LIMIT: `omitted` more findings of `rule` than the `max`
/// kept per rule and file.
pub fn findings_limit(rule: &str, omitted: u32, max: u32) -> Issue {
    Issue::new(&FILE_FINDINGS_LIMIT)
        .found(format!("{rule} ×{omitted}"))
        .fact(Fact::FindingsLimit {
            rule: rule.to_string(),
            omitted,
            max,
        })
}
