//! The file level: what the records of one file must agree on, and the
//! revision its name and content give.

use std::collections::{BTreeMap, BTreeSet};

use crate::fact::Fact;
use crate::finding::Position;
use crate::input::detect::Mismatch;
use crate::result::FileName;
use crate::rules::{Issue, Rec, RoleNeed, Runs};
use crate::spec::{FileFormat, KindSpec, RequiredOn, Revision, Role, SummaryRow};

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
        doc: "Retired: it required rows to be stored in the order of their numbers, while 「課題ＮＯ、援助目標ＮＯ、援助内容ＮＯの優先順位でソートした際に、帳票に出力する際の順番になるようにする」 constrains the numbers (sorting by them gives the printed order), not the storage order; and it read an empty number as continuing the row above, which the annex's examples never do. Replaced by FILE-NUMBER-EMPTY and FILE-NUMBER-DUPLICATE.",
        fails: "rows 1-1-1, 2-1-1, 1-2-1",
        passes: "rows 1-1-1, 1-1-2, 2-1-1",
    }
    FILE_NUMBER_EMPTY = {
        id: "FILE-NUMBER-EMPTY", severity: Warning,
        spec_ref: "別紙 第2表「※ 課題ＮＯ、援助目標ＮＯ、援助内容ＮＯの優先順位でソートした際に、帳票に出力する際の順番になるようにする」, データ配置例; 介護予防サービス・支援計画書（別表）「…課題NOを同一にして支援計画NOに連番を入力する」「…支援計画NOを同一にして利用サービスNOに連番を入力する」",
        title_ja: "計画の行の番号（ＮＯ）が空です",
        title_en: "a plan row without its numbers",
        doc: "The rows of 第2表 and of the 介護予防 別表 are ordered by their three numbers: sorting by them gives the printed order. A row without one cannot be placed. The annex's examples number every row (第2表: 課題ＮＯ 1 1 1 1 2, 援助目標ＮＯ 1 1 1 2 1, 援助内容ＮＯ 1 2 3 1 1; 別表: 1 1 1 / 1 2 2 / 1 1 2), and the 別表 says 「課題NOを同一にして」 on every row of a 課題. A row whose group items are printed once (「印刷上は、1行目は項目値を出力し２行目は項目値は出力しない」) still carries its numbers. Reported once per row, at the first empty number. A warning: the numbers carry no ○.",
        fails: "a 第2表 row with 課題ＮＯ empty",
        passes: "rows 1-1-1, 1-1-2, 2-1-1, in any order",
    }
    FILE_NUMBER_DUPLICATE = {
        id: "FILE-NUMBER-DUPLICATE", severity: Warning,
        spec_ref: "別紙 第2表「※ 課題ＮＯ、援助目標ＮＯ、援助内容ＮＯの優先順位でソートした際に、帳票に出力する際の順番になるようにする」; 介護予防サービス・支援計画書（別表）「…利用サービスNOに連番を入力する」",
        title_ja: "同じ計画に同じ番号の組の行が2つあります",
        title_en: "two rows of one plan with the same numbers",
        doc: "Within one plan (保険者番号, 被保険者番号, 計画作成（変更）日), two rows with the same three numbers have no order between them when sorted, and in the 別表 two services under one 支援計画 are numbered 1, 2 (「利用サービスNOに連番を入力する」). Reported at the second row. A warning.",
        fails: "two rows 1-1-1 of one plan",
        passes: "rows 1-1-1 and 1-1-2",
    }
    FILE_SUB_NUMBER_SEQUENCE = {
        id: "FILE-SUB-NUMBER-SEQUENCE", severity: Warning,
        spec_ref: "別紙 介護予防サービス・支援計画書（別表） 記載例「※同一の課題NOに複数の支援計画を含める場合は、課題NOを同一にして支援計画NOに連番を入力する。」「※同一の支援計画NOに複数の利用サービスを含める場合は、支援計画NOを同一にして利用サービスNOに連番を入力する。」",
        title_ja: "支援計画ＮＯ・利用サービスＮＯが1からの連番ではありません",
        title_en: "支援計画ＮＯ or 利用サービスＮＯ do not run 1, 2, 3, …",
        doc: "Under one 課題ＮＯ the 支援計画ＮＯ run 1, 2, 3 …, and under one 支援計画ＮＯ the 利用サービスＮＯ likewise. Numbers that skip or do not start at 1 are reported at the group's first row. A warning: the sentences stand under 「■標準様式における記載例」. 第2表 prints no such sentence (only 「１～99」) and is not checked.",
        fails: "支援計画ＮＯ 1 and 3 under 課題ＮＯ 1",
        passes: "支援計画ＮＯ 1 and 2 under 課題ＮＯ 1",
    }
    FILE_SUB_CONTINUATION_FILLED = {
        id: "FILE-SUB-CONTINUATION-FILLED", severity: Warning,
        spec_ref: "別紙 介護予防サービス・支援計画書（別表） 記載例「課題の入力について、NO以外の項目は最初の行のみに内容を記載して2回目以降は空欄とする。」「支援計画の入力について、NO以外の項目は最初の行のみに内容を記載して2回目以降は空欄とする。」",
        title_ja: "同じ番号の2行目以降にNO以外の項目が記載されています",
        title_en: "a later row of a number repeats the items of its first row",
        doc: "In the 介護予防 別表 the items of a 課題 (Nos.6-9: 総合的課題 … 目標) are written on the first row of its 課題ＮＯ only, and those of a 支援計画 (Nos.11-13) on the first row of its 支援計画ＮＯ only; later rows leave them empty and keep the numbers. Reported once per row and level, at the first filled item. A warning (記載例). 第2表 is not checked: it allows repeating them (「各行で同じ内容を印刷する制御を行っている場合は集約する必要はない」).",
        fails: "a second row of 課題ＮＯ 1 with 総合的課題 filled",
        passes: "a second row of 課題ＮＯ 1 with Nos.6-9 empty",
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
        doc: "When a user's 第7表 has two or more detail rows of one service kind at one office (サービス事業所コード and サテライト枝番: a subtotal row carries its office's code), a kind+AAAA (区分支給対象種類別小計) row for that office is required. Kinds outside 区分支給限度基準額 (31 居宅療養管理指導, 34 介護予防居宅療養管理指導) have no such subtotal and are not checked. EEEE and ZZZZ subtotals are optional (任意出力) and never required. Whether a subtotal adds up is the consistency level's (CON-SIKYU-SUBTOTAL, CON-SIKYU-TOTAL).",
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
    FILE_SIKYU_SUMMARY_EMPTY = {
        id: "FILE-SIKYU-SUMMARY-EMPTY", severity: Warning,
        spec_ref: "別紙 第7表 No.16 回数／日数 ○, No.33 ３０日超区分 ○; No.9（種類別小計・全合計）; Nos.7, 13, 14, 15 の小計・合計行の注記",
        title_ja: "第7表の小計・合計行の必須項目が空です（小計・合計行の内容に規定がないため警告）",
        title_en: "a ○ item of a 第7表 subtotal or total row is empty (those rows' content is not stated: warning)",
        doc: "回数／日数 (No.16) and ３０日超区分 (No.33) are marked ○, but the annex defines what a subtotal or total row holds only for Nos.7, 13, 14 and 15, and the printed 別表 leaves 回数 blank on those rows. On a detail row an empty value is FLD-REQUIRED (error); on a subtotal or total row it is this warning.",
        fails: "11AAAA row with 回数／日数 empty",
        passes: "11AAAA row with 回数／日数 0",
    }
    FILE_JSK_SENDER = {
        id: "FILE-JSK-SENDER", severity: Warning,
        spec_ref: "別紙 第6表 No.20 サービス事業者コード「…介護サービス事業所からの送信ファイルの場合は実績の事業者コードを記載」; 本文5.1.2.1「実績票を送信する場合は提供票毎、サービス種類コード＋事業所番号毎にまとめ送信する。」; 5.1.2.2「削除はサービス種類毎に行う。」",
        title_ja: "サービス事業所が送る実績の事業所・サービス種類が送信元と異なります",
        title_en: "a 実績 a provider sends names another office or service kind than the sender",
        doc: "A provider sends its 実績 per office and service kind: in a UPJSK or DLTJSK whose sender is a service (not a plan-making kind), サービス事業者コード is the sender's office number and the service kind (of the サービスコード, or DLTJSK's サービス種類コード) the sender's kind. Reported once per differing value and file. Files relayed by a care manager (委託: 43 → 46) are not checked. A warning: the 本文 sentences describe the sending, not the fields.",
        fails: "UPJSK_…_1371000025_11_… with サービス事業者コード 1371000033",
        passes: "UPJSK_…_1371000025_11_… with サービス事業者コード 1371000025 and サービスコード 111111",
    }
    FILE_DETAIL_CODE_DUPLICATE = {
        id: "FILE-DETAIL-CODE-DUPLICATE", severity: Warning,
        spec_ref: "別紙 第6表 No.19「「17:福祉用具貸与」で、同一サービスコード、同一単位数の場合で明細が異なる場合は、1 からの連番を記載（1,2,3,・・・）」",
        title_ja: "同じサービスコード・単位数の福祉用具貸与に同じ明細判別コードが2つあります",
        title_en: "two 福祉用具貸与 records of one code and units with the same 明細判別コード",
        doc: "明細判別コード tells apart the details of one 福祉用具貸与 with the same サービスコード and 単位数 (例: 171007 手すり貸与 300単位, 居室分 1, 廊下分 2). Two such records of one user, provider and day with the same number cannot be told apart. Reported at the second. A warning.",
        fails: "two 171007 records, 300 units, 明細判別コード 1 and 1",
        passes: "明細判別コード 1 and 2",
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

/// A plan of numbered rows: 保険者番号, 被保険者番号, 計画作成（変更）日.
type Plan = (String, String, String);

/// State carried from record to record of one file.
#[derive(Default)]
pub struct FileState {
    first_version: Option<String>,
    reported_versions: BTreeSet<String>,
    /// 第7表: per user (保険者番号, 被保険者番号; the month is one per file and
    /// checked by FILE-MONTH-MISMATCH), the first record's position and
    /// whether a 999999 row was seen.
    sikyu_users: Runs<(String, String), (Position, bool, String)>,
    /// 第7表: per user, service kind, office and サテライト枝番 (subtotal rows
    /// carry the office's code, so a subtotal is per office), the first
    /// detail row, the number of detail rows and whether a kind+AAAA
    /// subtotal was seen.
    sikyu_kinds: Runs<SikyuKind, (Position, u32, bool)>,
    /// Users and kinds with an AAAA subtotal carrying 9999999999 instead of
    /// an office (itself a warning): it stands for every office of the kind.
    sikyu_sentinel_subtotals: BTreeSet<(String, String, String)>,
    /// Numbered rows: the first record of each plan and numbers.
    numbers: BTreeMap<(Plan, [u32; 3]), u32>,
    /// Numbered rows: the first record of each plan and number prefix (the
    /// level-1 number, the level-1 and -2 numbers), for the items written
    /// on a number's first row only.
    number_heads: BTreeMap<(Plan, Vec<u32>), u32>,
    /// Numbered rows: under each plan and number prefix, the numbers of the
    /// next level, and where the group starts.
    number_groups: BTreeMap<(Plan, Vec<u32>), (Position, BTreeSet<u32>)>,
    /// A numbered record whose numbers could not all be placed (another
    /// number of fields than the layout): the numbers under a number are
    /// not all known, so whether they run 1, 2, … is not said.
    numbers_partial: bool,
    /// 実績 sent by a provider: the offices and kinds already reported.
    jsk_reported: BTreeSet<(bool, String)>,
    /// 福祉用具貸与 details: the first record of each user, provider, code,
    /// units, day and 明細判別コード.
    detail_codes: BTreeMap<[String; 7], u32>,
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

/// A plan's numbered rows.
pub static NUMBERS: RoleNeed = RoleNeed {
    rule: &FILE_NUMBER_EMPTY,
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

/// 実績 and their deletes, as the provider that sends them.
pub static JSK_SENDER: RoleNeed = RoleNeed {
    rule: &FILE_JSK_SENDER,
    applies: |_, k| k.direction == "actual",
    roles: &[Role::ProviderOffice],
};

/// The details of one 福祉用具貸与.
pub static DETAIL_CODES: RoleNeed = RoleNeed {
    rule: &FILE_DETAIL_CODE_DUPLICATE,
    applies: |_, k| k.field_by_role(Role::DetailCode).is_some(),
    roles: &[
        Role::InsurerNumber,
        Role::InsuredNumber,
        Role::ProviderOffice,
        Role::ServiceCode,
        Role::Units,
        Role::UseDate,
        Role::DetailCode,
    ],
};

/// What the file rules read by role.
pub static NEEDS: &[&RoleNeed] = &[
    &CSV_VERSION,
    &MONTH,
    &HOSOKU_SET,
    &SIKYU,
    &NUMBERS,
    &JSK_SENDER,
    &DETAIL_CODES,
];

/// The numbering roles, outermost first.
const LEVELS: [Role; 3] = [Role::NumberLevel1, Role::NumberLevel2, Role::NumberLevel3];

impl FileState {
    /// Checks one data record. Each issue is returned with the No. of the
    /// field it points at; `pos_of(no)` is where field `no` starts.
    pub fn record(
        &mut self,
        name: &FileName,
        kind: &KindSpec,
        rev: &Revision,
        pos_of: impl Fn(u16) -> Position,
        rec: &Rec,
    ) -> Vec<(u16, Issue)> {
        let mut out = Vec::new();
        let at = |role: Role| rec.no_of(role);
        if let Some(v) = rec
            .role(Role::CsvVersion)
            .filter(|_| CSV_VERSION.applies_to(rev, kind))
        {
            let first = self.first_version.is_none();
            let no = at(Role::CsvVersion);
            out.extend(self.csv_version(v, rev).into_iter().map(|i| (no, i)));
            if first {
                // Only for the checked revision's own value: another value is
                // FILE-CSV-VERSION-REVISION already.
                if v == rev.csv_version {
                    out.extend(version_for_month(v, name).map(|i| (no, i)));
                }
            }
        }
        if let (Some(m), Some(name_month)) = (rec.role(Role::ServiceMonth), name.month.as_deref()) {
            if m != name_month && !m.is_empty() && MONTH.applies_to(rev, kind) {
                out.push((
                    at(Role::ServiceMonth),
                    Issue::new(&FILE_MONTH_MISMATCH).fact(Fact::MonthMismatch {
                        name_month: name_month.to_string(),
                    }),
                ));
            }
        }
        // A rule across the fields of a record reads it only when every
        // field it needs was placed (a record with another number of
        // fields may leave some unplaced).
        let placed = |need: &RoleNeed| rec.roles_placed(need.roles);
        if NUMBERS.applies_to(rev, kind) && !placed(&NUMBERS) {
            self.numbers_partial = true;
        } else if NUMBERS.applies_to(rev, kind) {
            out.extend(self.numbers(kind, &pos_of, rec));
        }
        if HOSOKU_SET.applies_to(rev, kind) && placed(&HOSOKU_SET) {
            out.extend(hosoku_set(name, kind, rec));
        }
        if JSK_SENDER.applies_to(rev, kind) && placed(&JSK_SENDER) {
            out.extend(self.jsk_sender(name, rev, rec));
        }
        if DETAIL_CODES.applies_to(rev, kind) && placed(&DETAIL_CODES) {
            out.extend(self.detail_code(rev, rec));
        }
        if SIKYU.applies_to(rev, kind) && !placed(&SIKYU) {
            self.sikyu_partial = true;
        } else if SIKYU.applies_to(rev, kind) {
            use crate::values::same;
            let insurer = rec.role(Role::InsurerNumber).unwrap_or("");
            let insured = rec.role(Role::InsuredNumber).unwrap_or("");
            let month = rec.role(Role::ServiceMonth).unwrap_or("");
            let code = rec.role(Role::ServiceCode).unwrap_or("");
            let summary = rev.sikyu_summary_codes.classify(code);
            let is_total = summary == Some(SummaryRow::GrandTotal);
            let code_pos = pos_of(at(Role::ServiceCode));
            let e = self.sikyu_users.entry(
                |k| same(&k.0, insurer) && same(&k.1, insured),
                || (insurer.to_string(), insured.to_string()),
                || (code_pos, false, month.to_string()),
            );
            if is_total && e.1 {
                out.push((
                    at(Role::ServiceCode),
                    Issue::new(&FILE_SIKYU_TOTAL_DUPLICATE).fact(Fact::SikyuTotalDuplicate),
                ));
            }
            e.1 |= is_total;
            if let Some(kind) = code.get(..2).filter(|_| code.len() == 6 && code.is_ascii()) {
                let office = rec.role(Role::ServiceOffice).unwrap_or("");
                if summary == Some(SummaryRow::SubtotalInLimit)
                    && office == rev.sikyu_summary_codes.grand_total_office
                {
                    self.sikyu_sentinel_subtotals.insert((
                        insurer.to_string(),
                        insured.to_string(),
                        kind.to_string(),
                    ));
                }
                let satellite = rec.role(Role::Satellite).unwrap_or("");
                // A kind's rows at one office come together, its subtotal
                // after them: most rows fall under the key of the row before.
                let k = self.sikyu_kinds.entry(
                    |k| {
                        same(&k.0, insurer)
                            && same(&k.1, insured)
                            && same(&k.2, kind)
                            && same(&k.3, office)
                            && same(&k.4, satellite)
                    },
                    || {
                        (
                            insurer.to_string(),
                            insured.to_string(),
                            kind.to_string(),
                            office.to_string(),
                            satellite.to_string(),
                        )
                    },
                    || (code_pos, 0, false),
                );
                match summary {
                    None => k.1 += 1,
                    Some(SummaryRow::SubtotalInLimit) => k.2 = true,
                    Some(_) => {}
                }
            }
            out.extend(sikyu_row_values(summary, kind, rev, rec));
        }
        out
    }

    /// A plan's numbered rows (第2表, 介護予防 別表): every row carries its
    /// three numbers, no two rows the same; in the 別表 the numbers under
    /// one number run 1, 2, … and a number's items go on its first row.
    fn numbers(
        &mut self,
        kind: &KindSpec,
        pos_of: &impl Fn(u16) -> Position,
        rec: &Rec,
    ) -> Vec<(u16, Issue)> {
        let mut out = Vec::new();
        let plan: Plan = (
            rec.role(Role::InsurerNumber).unwrap_or("").to_string(),
            rec.role(Role::InsuredNumber).unwrap_or("").to_string(),
            rec.role(Role::PlanDate).unwrap_or("").to_string(),
        );
        let raw = LEVELS.map(|r| rec.role(r).unwrap_or(""));
        if let Some(i) = raw.iter().position(|v| v.is_empty()) {
            let f = kind.field_by_role(LEVELS[i]);
            out.push((
                rec.no_of(LEVELS[i]),
                Issue::new(&FILE_NUMBER_EMPTY).fact(Fact::NumberEmpty {
                    level: f.map(|f| f.name.clone()).unwrap_or_default(),
                }),
            ));
            return out;
        }
        // A number that is not one is the field rules' finding.
        let Ok(n) = raw
            .iter()
            .map(|v| v.parse::<u32>())
            .collect::<Result<Vec<u32>, _>>()
        else {
            return out;
        };
        let nums = [n[0], n[1], n[2]];
        let record = rec.record();
        let show = |ns: &[u32]| ns.iter().map(u32::to_string).collect::<Vec<_>>().join("-");
        match self.numbers.get(&(plan.clone(), nums)) {
            Some(&first) => out.push((
                rec.no_of(LEVELS[0]),
                Issue::new(&FILE_NUMBER_DUPLICATE)
                    .found(show(&nums))
                    .fact(Fact::NumberDuplicate {
                        numbers: show(&nums),
                        first,
                    }),
            )),
            None => {
                self.numbers.insert((plan.clone(), nums), record);
            }
        }
        let Some(numbering) = &kind.numbering else {
            return out;
        };
        for level in 1..=2usize {
            let prefix = nums[..level].to_vec();
            let seq = numbering.sequence_levels.contains(&(level as u8 + 1));
            if seq {
                let group = self
                    .number_groups
                    .entry((plan.clone(), prefix.clone()))
                    .or_insert_with(|| (pos_of(rec.no_of(LEVELS[level])), BTreeSet::new()));
                group.1.insert(nums[level]);
            }
            let first = *self
                .number_heads
                .entry((plan.clone(), prefix.clone()))
                .or_insert(record);
            if first == record {
                continue;
            }
            let filled = numbering
                .first_row_only
                .iter()
                .filter(|f| usize::from(f.level) == level)
                .flat_map(|f| &f.nos)
                .find(|no| !rec.no(**no).is_empty());
            if let Some(&no) = filled {
                let f = kind.field_by_role(LEVELS[level - 1]);
                out.push((
                    no,
                    Issue::new(&FILE_SUB_CONTINUATION_FILLED).fact(Fact::SubContinuationFilled {
                        level: f.map(|f| f.name.clone()).unwrap_or_default(),
                        number: show(&prefix),
                        first,
                    }),
                ));
            }
        }
        out
    }

    /// A provider's 実績 carry its own office number and service kind.
    fn jsk_sender(&mut self, name: &FileName, rev: &Revision, rec: &Rec) -> Vec<(u16, Issue)> {
        let mut out = Vec::new();
        let (Some(office), Some(kind)) = (name.sender.as_deref(), name.sender_kind.as_deref())
        else {
            return out;
        };
        // Relayed by a care manager (委託), or from a kind the name does not
        // make a provider: not checked.
        if rev.service_kinds.plans(kind) {
            return out;
        }
        let record_office = rec.role(Role::ProviderOffice).unwrap_or("");
        let (kind_no, record_kind) = match rec.role(Role::ServiceKind) {
            Some(k) => (rec.no_of(Role::ServiceKind), k),
            None => (
                rec.no_of(Role::ServiceCode),
                rec.role(Role::ServiceCode)
                    .and_then(|c| c.get(..2))
                    .unwrap_or(""),
            ),
        };
        let checks = [
            (
                false,
                rec.no_of(Role::ProviderOffice),
                record_office,
                office,
            ),
            (true, kind_no, record_kind, kind),
        ];
        for (is_kind, no, found, sender) in checks {
            if !found.is_empty()
                && found != sender
                && self.jsk_reported.insert((is_kind, found.to_string()))
            {
                out.push((
                    no,
                    Issue::new(&FILE_JSK_SENDER)
                        .found(found)
                        .fact(Fact::JskSender {
                            kind: is_kind,
                            sender: sender.to_string(),
                        }),
                ));
            }
        }
        out
    }

    /// Two details of one 福祉用具貸与 with the same 明細判別コード.
    fn detail_code(&mut self, rev: &Revision, rec: &Rec) -> Option<(u16, Issue)> {
        let d = rec.role(Role::DetailCode).filter(|d| !d.is_empty())?;
        let code = rec.role(Role::ServiceCode).unwrap_or("");
        let kind = code.get(..2)?;
        if !rev
            .service_kinds
            .detail_code_kinds
            .iter()
            .any(|k| k == kind)
        {
            return None;
        }
        let key = [
            Role::InsurerNumber,
            Role::InsuredNumber,
            Role::ProviderOffice,
            Role::ServiceCode,
            Role::Units,
            Role::UseDate,
            Role::DetailCode,
        ]
        .map(|r| rec.role(r).unwrap_or("").to_string());
        let record = rec.record();
        match self.detail_codes.get(&key) {
            Some(&first) => Some((
                rec.no_of(Role::DetailCode),
                Issue::new(&FILE_DETAIL_CODE_DUPLICATE)
                    .found(d)
                    .fact(Fact::DetailCodeDuplicate { first }),
            )),
            None => {
                self.detail_codes.insert(key, record);
                None
            }
        }
    }

    fn csv_version(&mut self, v: &str, rev: &Revision) -> Vec<Issue> {
        let mut out = Vec::new();
        match &self.first_version {
            None => self.first_version = Some(v.to_string()),
            Some(first) if !crate::values::same(first, v) => out.push(
                Issue::new(&FILE_CSV_VERSION_MIXED).fact(Fact::CsvVersionMixed {
                    first: first.clone(),
                }),
            ),
            Some(_) => {}
        }
        if !crate::values::same(v, &rev.csv_version) && self.reported_versions.insert(v.to_string())
        {
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
    /// it points at and the No. of its field.
    pub fn finish(self, kind: &KindSpec, rev: &Revision) -> Vec<(Position, u16, Issue)> {
        let codes = &rev.sikyu_summary_codes;
        let code_no = kind.field_by_role(Role::ServiceCode).map_or(0, |f| f.no);
        let mut out = Vec::new();
        if self.sikyu_partial {
            return out;
        }
        // Only the kinds reported are sorted: a conforming 第7表 has none.
        let sentinels = &self.sikyu_sentinel_subtotals;
        let reported = |(insurer, insured, kind, _, _): &SikyuKind,
                        (_, details, has_subtotal): &(Position, u32, bool)| {
            *details >= 2
                && !has_subtotal
                && !rev.service_kinds.outside_limit.contains(kind)
                && !sentinels.contains(&(insurer.clone(), insured.clone(), kind.clone()))
        };
        for ((_, _, kind, _, _), (pos, details, _)) in self.sikyu_kinds.into_sorted_where(reported)
        {
            out.push((
                pos,
                code_no,
                Issue::new(&FILE_SIKYU_SUBTOTAL).fact(Fact::SikyuSubtotal {
                    kind,
                    rows: details,
                    subtotal: codes.subtotal_in_limit.clone(),
                }),
            ));
        }
        // Only the users reported are sorted.
        let reported =
            |_: &(String, String), (_, has_total, _): &(Position, bool, String)| !has_total;
        for (_, (pos, _, month)) in self.sikyu_users.into_sorted_where(reported) {
            out.push((
                pos,
                code_no,
                Issue::new(&FILE_SIKYU_TOTAL)
                    .found("")
                    .fact(Fact::SikyuTotal {
                        month,
                        total: codes.grand_total.clone(),
                    }),
            ));
        }
        // The numbers under one number run 1, 2, 3, … (介護予防 別表).
        let groups = if self.numbers_partial {
            BTreeMap::new()
        } else {
            self.number_groups
        };
        for ((_, prefix), (pos, found)) in groups {
            let runs = found.iter().copied().eq(1..=found.len() as u32);
            let level = prefix.len();
            if runs {
                continue;
            }
            let (Some(f), Some(parent)) = (
                kind.field_by_role(LEVELS[level]),
                kind.field_by_role(LEVELS[level - 1]),
            ) else {
                continue;
            };
            let list = found
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let parent = format!(
                "{} {}",
                parent.name,
                prefix
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join("-")
            );
            out.push((
                pos,
                f.no,
                Issue::new(&FILE_SUB_NUMBER_SEQUENCE)
                    .found(list.clone())
                    // Numbers the harness read and listed: masked only as
                    // the field's own values are.
                    .personal(f.personal)
                    .fact(Fact::SubNumberSequence {
                        level: f.name.clone(),
                        parent,
                        found: list,
                    }),
            ));
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
fn hosoku_set(name: &FileName, kind: &KindSpec, rec: &Rec) -> Vec<(u16, Issue)> {
    let mut out = Vec::new();
    let Some(name_month) = name.month.as_deref() else {
        return out;
    };
    let no_date = kind
        .field_by_role(Role::PlanDate)
        .and_then(|f| f.zero_value.as_deref())
        .unwrap_or_default();
    let month = rec.role(Role::HosokuMonth).unwrap_or("");
    let date = rec.role(Role::PlanDate).unwrap_or("");
    let plan_set = name.month_is_placeholder;
    let want_month = name_month;
    let date_ok = if plan_set {
        date != no_date
    } else {
        date == no_date
    };
    if !month.is_empty() && month != want_month {
        out.push((
            rec.no_of(Role::HosokuMonth),
            Issue::new(&FILE_HOSOKU_SET).fact(Fact::HosokuMonth {
                plan_set,
                month: want_month.to_string(),
            }),
        ));
    }
    if !date.is_empty() && !date_ok {
        out.push((
            rec.no_of(Role::PlanDate),
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
fn sikyu_row_values(
    summary: Option<SummaryRow>,
    kind: &KindSpec,
    rev: &Revision,
    rec: &Rec,
) -> Vec<(u16, Issue)> {
    let mut out = Vec::new();
    let sentinel = rev.sikyu_summary_codes.grand_total_office.as_str();
    let office = rec.role(Role::ServiceOffice).unwrap_or("");
    let is_total = summary == Some(SummaryRow::GrandTotal);
    if is_total && office != sentinel {
        out.push((
            rec.no_of(Role::ServiceOffice),
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
            rec.no_of(Role::ServiceOffice),
            Issue::new(rule).fact(Fact::SentinelOnTotalOnly {
                sentinel: sentinel.to_string(),
                total: rev.sikyu_summary_codes.grand_total.clone(),
            }),
        ));
    }
    if summary.is_none() {
        return out;
    }
    if rec.role(Role::Units).is_some_and(|u| u != "0") {
        out.push((
            rec.no_of(Role::Units),
            Issue::new(&FILE_SIKYU_SUMMARY_ROW).fact(Fact::SummaryUnitsZero),
        ));
    }
    for role in [Role::DiscountRate, Role::DiscountedUnits] {
        if rec.role(role).is_some_and(|v| !v.is_empty()) {
            out.push((
                rec.no_of(role),
                Issue::new(&FILE_SIKYU_SUMMARY_ROW).fact(Fact::SummaryEmpty),
            ));
        }
    }
    // Items marked ○ whose content the annex states for detail rows only.
    for f in &kind.fields {
        if f.required_on == Some(RequiredOn::DetailRows)
            && rec.is_placed(f.no)
            && rec.no(f.no).is_empty()
        {
            out.push((
                f.no,
                Issue::new(&FILE_SIKYU_SUMMARY_EMPTY).fact(Fact::SikyuSummaryEmpty),
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
