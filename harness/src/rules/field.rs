//! The field level: one value against its layout row, and the rules that
//! read several fields of one record.
//!
//! Length decision: 項目長 is counted in MS932 bytes. For the digit, code,
//! date and identifier items that equals their character count; 整数 items
//! count digits without the sign; フリーテキスト has no length.

use crate::fact::{Fact, Shape};
use crate::rules::{Issue, Rec, RoleNeed};
use crate::spec::{
    FieldSpec, FieldType, FormatBasis, KindSpec, LengthKind, Required, RequiredOn, Revision, Role,
    SummaryRow,
};
use crate::values::{self, same, Office};

rules! {
    level: Field;
    FLD_REQUIRED = {
        id: "FLD-REQUIRED", severity: Error,
        spec_ref: "別紙 各レイアウト 必須欄（○）",
        title_ja: "必須項目が空です",
        title_en: "a required field is empty",
        doc: "An item marked ○ in the 必須 column is empty. Only marks read with confidence are errors; the marks whose position in the annex is uncertain are FLD-REQUIRED-UNCONFIRMED. The delete layouts (DLT1KYO, DLTPLAN, DLTJSK, DLTKIHON, DLTYOBO) say 項目は全て必須項目とする. 委託の有無 (UPKIHON, UPYOBO No.6) is required by its own note 「※地域包括支援センター及び居宅介護支援事業所のどちらの場合も記入」. On the 第7表 subtotal and total rows, an empty 回数／日数 (No.16) or ３０日超区分 (No.33) is FILE-SIKYU-SUMMARY-EMPTY instead: the annex defines those rows' content only for Nos.7, 13, 14 and 15.",
        fails: "202407,,0001234567,20250401",
        passes: "202407,131011,0001234567,20250401",
    }
    FLD_REQUIRED_UNCONFIRMED = {
        id: "FLD-REQUIRED-UNCONFIRMED", severity: Warning,
        spec_ref: "別紙 各レイアウト 必須欄（○）",
        title_ja: "必須と読める項目が空です（必須の印の位置が未確認のため警告）",
        title_en: "a field read as required is empty (the required mark is unconfirmed: warning)",
        doc: "Some ○ marks of the annex could not be placed on their row with certainty (see each field's note in `spec show`; the items are listed below, from the revision data). An empty value there is a warning until the mark is confirmed.",
        fails: "UPPLAN No.7 プラン担当者名 empty",
        passes: "UPPLAN No.7 プラン担当者名 \"鈴木一郎\"",
    }
    FLD_LENGTH = {
        id: "FLD-LENGTH", severity: Error,
        spec_ref: "別紙 各レイアウト 項目長",
        title_ja: "項目長が規定と一致しません",
        title_en: "the field's length differs from the layout",
        doc: "項目長 is counted in MS932 bytes, which for the digit, code and date items equals their characters; 整数 items count digits, not the sign; フリーテキスト (―) has no length. Fixed-format items (dates, codes, office numbers) must have exactly their length, the others at most. TAIS codes are checked by FLD-TAIS-FORMAT instead.",
        fails: "サービス回数 123 (at most 2)",
        passes: "サービス回数 1",
    }
    FLD_DIGITS = {
        id: "FLD-DIGITS", severity: Error,
        spec_ref: "別紙 各レイアウト 書式",
        title_ja: "数字以外の文字があります",
        title_en: "a numeric field contains something other than ASCII digits",
        doc: "Counts, numbers and identifiers whose printed format is digits (a code, 「回数」, 「１～99」, 「1 からの連番」) must be ASCII digits only: no sign, spaces, full-width digits or separators. Items read as numbers from their names only, without a printed format, are FLD-NUMBER-INFERRED (a warning).",
        fails: "サービス回数 １ (full-width)",
        passes: "サービス回数 1",
    }
    FLD_INTEGER = {
        id: "FLD-INTEGER", severity: Error,
        spec_ref: "別紙 第6表 No.8, 第7表 Nos.13-32 書式「整数」",
        title_ja: "整数の書式ではありません",
        title_en: "not an integer",
        doc: "整数 items are ASCII digits with an optional leading '-' (減算 units, e.g. 共生型 on the first day of the month, are negative). No '+', decimal point, thousands separator or spaces.",
        fails: "単位数 1,234 or 12.5",
        passes: "単位数 1234 or -50",
    }
    FLD_DECIMAL = {
        id: "FLD-DECIMAL", severity: Error,
        spec_ref: "別紙 第7表 No.23 単位数単価「99.99 形式で入力」",
        title_ja: "99.99 形式ではありません",
        title_en: "not in the 99.99 format",
        doc: "単位数単価 is written as up to two integer digits, a point and two decimals (10.00, 11.40). The placement of the '99.99' note on No.23 is a medium-confidence reading of the annex.",
        fails: "単位数単価 10.9 or 1140",
        passes: "単位数単価 10.90",
    }
    FLD_YYYYMM = {
        id: "FLD-YYYYMM", severity: Error,
        spec_ref: "別紙 各レイアウト 書式 YYYYMM",
        title_ja: "年月（YYYYMM）として正しくありません",
        title_en: "not a valid year and month (YYYYMM)",
        doc: "Six digits with a month 01-12. 000000 is accepted only where the standard prescribes it (UPHOSOKU No.63 for the plan set); whether it is used in the right file is FILE-HOSOKU-SET.",
        fails: "対象年月 202513",
        passes: "対象年月 202504",
    }
    FLD_DATE = {
        id: "FLD-DATE", severity: Error,
        spec_ref: "別紙 各レイアウト 書式 YYYYMMDD",
        title_ja: "年月日（YYYYMMDD）として実在しない日付です",
        title_en: "not a real calendar date (YYYYMMDD)",
        doc: "Eight digits forming a real date of the Gregorian calendar (leap years included). 00000000 is accepted only where the standard prescribes it (UPHOSOKU No.4 for the service-use set). A value that is not 8 digits at all (a 和暦 date such as 令和7年3月25, one with separators such as 2025/03/01) is said to be of the wrong shape rather than no real date, with the YYYYMMDD it names when it names one.",
        fails: "サービス利用日 20250431",
        passes: "サービス利用日 20250430",
    }
    FLD_TIME = {
        id: "FLD-TIME", severity: Error,
        spec_ref: "別紙 第6表 Nos.12-13「HHMM／9999」; 第3表 Nos.8, 9, 11, 12「HHMM」; 第3表 構成（時間軸 0:00～24:00）",
        title_ja: "時刻（HHMM）として正しくありません",
        title_en: "not a valid time (HHMM)",
        doc: "Four digits, hours 00-23 and minutes 00-59; an end time (第3表 Nos.9, 12 終了時間, 第6表 No.13 サービス終了時刻) may also be 2400, since HHMM is not bounded in the text and the form's own time axis (第3表 構成) runs to 「24:00」: a service ending at midnight. 2400 in a start item is FLD-TIME-2400 (a warning). 9999 (a service without a time) is allowed only where the layout prints HHMM／9999 (第6表 and 実績 Nos.12, 13); 第3表's times are plain HHMM.",
        fails: "サービス開始時刻 2500, 0960 or 9:00",
        passes: "サービス開始時刻 0900 or 9999; サービス終了時刻 2400",
    }
    FLD_DAILY_RATE_DAYS = {
        id: "FLD-DAILY-RATE-DAYS", severity: Error,
        spec_ref: "別紙 第6表 No.11 日割対象日",
        title_ja: "日割対象日が31桁の0/1ではありません",
        title_en: "日割対象日 is not 31 characters of 0 and 1",
        doc: "日割対象日 is 31 characters, one per day of the month, '1' where a pro-rated claim is possible (例: 1日～5日 → 1111100000000000000000000000000), and empty when the service is not pro-rated.",
        fails: "11111",
        passes: "1111100000000000000000000000000",
    }
    FLD_CODE = {
        id: "FLD-CODE", severity: Error,
        spec_ref: "別紙 各レイアウト 書式; 別紙【コード表】",
        title_ja: "コード表にない値です",
        title_en: "a value outside the field's code list",
        doc: "Coded items (性別, 認定状況区分, 要介護状態区分, 計画書区分, 生活援助中心型の算定理由, 保険対象区分, 曜日, ３０日超区分) take one of the listed values exactly as written, leading zeros included (要介護状態区分 06, not 6). A value that is the label of exactly one code (「要介護2」, 「女」) is said to be that label, with the code to write.",
        fails: "要介護状態区分 2",
        passes: "要介護状態区分 22",
    }
    FLD_POSTAL = {
        id: "FLD-POSTAL", severity: Error,
        spec_ref: "別紙 書式 XXX-XXXX",
        title_ja: "郵便番号が XXX-XXXX の形式ではありません",
        title_en: "a postal code not in the XXX-XXXX format",
        doc: "Three ASCII digits, a hyphen, four ASCII digits (8 characters).",
        fails: "1000001 or 100－0001",
        passes: "100-0001",
    }
    FLD_INSURED_NUMBER = {
        id: "FLD-INSURED-NUMBER", severity: Error,
        spec_ref: "別紙 各レイアウト 被保険者番号「被保険者番号／生保単独の場合は先頭H＋数字9桁」",
        title_ja: "被保険者番号が10桁の数字でも H＋数字9桁でもありません",
        title_en: "被保険者番号 is neither 10 digits nor H followed by 9 digits",
        doc: "被保険者番号 is 10 ASCII digits, or for 生活保護単独 an upper-case 'H' followed by 9 digits.",
        fails: "000123456 (9 digits) or h123456789",
        passes: "0001234567 or H123456789",
    }
    FLD_INSURER_NUMBER = {
        id: "FLD-INSURER-NUMBER", severity: Error,
        spec_ref: "別紙 各レイアウト 保険者番号（6桁）",
        title_ja: "保険者番号が6桁の数字でないか、検証番号が一致しません",
        title_en: "保険者番号 is not 6 digits or fails its check digit",
        doc: "Retired: it made a check-digit mismatch an error, which the text does not state (the annex's own example 123456 failed it). Split into FLD-INSURER-FORMAT (not 6 digits: error) and FLD-INSURER-CHECK-DIGIT (check digit: warning).",
        fails: "131012",
        passes: "131011",
    }
    FLD_INSURER_FORMAT = {
        id: "FLD-INSURER-FORMAT", severity: Error,
        spec_ref: "別紙 各レイアウト No.2 保険者番号（項目長 6、「要介護者が属する自治体のコード」）",
        title_ja: "保険者番号が6桁の数字ではありません",
        title_en: "保険者番号 is not 6 digits",
        doc: "保険者番号 is printed with a length of 6 and described as 「要介護者が属する自治体のコード」 (UPPLAN, UPJSK, UPSIKYU: 「保険者番号」): six ASCII digits. Whether the sixth is a check digit is FLD-INSURER-CHECK-DIGIT.",
        fails: "13101 or 13101A",
        passes: "131011, or the annex's example 123456",
    }
    FLD_INSURER_CHECK_DIGIT = {
        id: "FLD-INSURER-CHECK-DIGIT", severity: Warning,
        spec_ref: "保険者番号の付番（検証番号）: 標準仕様の規定ではない",
        title_ja: "保険者番号の検証番号が一致しません（標準仕様に規定がないため警告）",
        title_en: "保険者番号 fails its check digit (not stated by the standard: warning)",
        doc: "A real 保険者番号 is a 5-digit number and a check digit (weights 2,1,2,1,2 from the left, two-digit products summed as digits, check = (10 - sum mod 10) mod 10; e.g. 13101 → 131011, 43507 → 435073). The standard gives only the length, and its own examples (123456) do not follow the check digit, so a mismatch is a warning: it most often means a mistyped number.",
        fails: "131012 or 123456",
        passes: "131011",
    }
    FLD_OFFICE_NUMBER = {
        id: "FLD-OFFICE-NUMBER", severity: Error,
        spec_ref: "別紙 各レイアウト 事業者コード／事業所コード（10桁）",
        title_ja: "事業所番号が10桁の介護保険事業所番号ではありません",
        title_en: "an office-number field is not a 10-character 介護保険事業所番号",
        doc: "Office-number items (介護支援事業者コード, プラン担当業者コード, サービス事業者コード, 更新業者コード, 同意書受付業者 …) hold 10 characters: digits, except the 3rd (事業所区分), which may be a capital letter other than I, O and Q. 9999999999 is the standard's fixed value on 第7表 全合計 rows.",
        fails: "031040001",
        passes: "0310400015",
    }
    FLD_OFFICE_CHECK_DIGIT = {
        id: "FLD-OFFICE-CHECK-DIGIT", severity: Warning,
        spec_ref: "介護保険事業所番号の付番（検査数字）",
        title_ja: "事業所番号の検査数字が一致しません（未確認の規則のため警告）",
        title_en: "an office number fails its check digit (unconfirmed rule: warning)",
        doc: "The same check-digit rule as NAME-OFFICE-CHECK-DIGIT, on the office-number fields. The sentinel 9999999999 is not checked. A warning until the algorithm is confirmed on real numbers.",
        fails: "0310400010",
        passes: "0310400015",
    }
    FLD_SERVICE_KIND = {
        id: "FLD-SERVICE-KIND", severity: Error,
        spec_ref: "別紙 第6表 No.15, 第7表 No.9, 実績_削除 No.6, 利用者補足情報 Nos.20-52; 本文1.3, 1.4",
        title_ja: "サービス種類コードが正しくありません",
        title_en: "not a valid service kind code",
        doc: "A サービス種類コード (alone, or the first two characters of a サービスコード) is two characters, digits or capital letters, and one the standard lists (in or out of the linkage scope).",
        fails: "1A1111",
        passes: "111111",
    }
    FLD_SERVICE_KIND_SCOPE = {
        id: "FLD-SERVICE-KIND-SCOPE", severity: Error,
        spec_ref: "本文1.3, 1.4 連携対象サービス; 本文2.6「連携対象外のサービス種類のレコードは生成しない」",
        title_ja: "連携対象外のサービス種類のレコードです",
        title_en: "a record of a service kind outside the linkage scope",
        doc: "第6表・第7表・実績 must not contain records of service kinds outside the linkage scope (本文2.6), e.g. 33 特定施設入居者生活介護, 41 特定福祉用具販売, 42 住宅改修, 51-54 施設サービス.",
        fails: "サービスコード 331111",
        passes: "サービスコード 111111",
    }
    FLD_SERVICE_CODE = {
        id: "FLD-SERVICE-CODE", severity: Error,
        spec_ref: "別紙 第6表 No.15, 第7表 No.9 サービスコード",
        title_ja: "サービスコードの形式が正しくありません",
        title_en: "a サービスコード of the wrong shape",
        doc: "A サービスコード is 6 characters: the 2-character サービス種類 and a 4-character item (digits or capital letters). On 第7表 the summary rows use kind+AAAA, kind+EEEE, kind+ZZZZ and 999999; on 第6表 and 実績 these summary codes are not allowed, every record is a service.",
        fails: "11111 (5 characters), or 11AAAA on 第6表",
        passes: "111111",
    }
    FLD_TAIS_FORMAT = {
        id: "FLD-TAIS-FORMAT", severity: Warning,
        spec_ref: "別紙 第6表 Nos.16-17, 第7表 Nos.10-11（例:00001－000010）",
        title_ja: "TAISコード／福祉用具届出コードが NNNNN-NNNNNN の形式ではありません（形式未確認のため警告）",
        title_en: "a TAIS or notification code not in the NNNNN-NNNNNN format (format unconfirmed: warning)",
        doc: "The annex gives only a length of 12 and the example 00001－000010 printed with a full-width hyphen, which does not fit 12 bytes; TAIS describes its code as a 5-digit company code, a hyphen and a 6-digit product code. The harness expects ASCII NNNNN-NNNNNN and reports any other shape (a full-width hyphen included) as a warning until the format is confirmed.",
        fails: "00001－000010 (full-width hyphen)",
        passes: "00001-000010",
    }
    FLD_WELFARE_EQUIPMENT_CODE = {
        id: "FLD-WELFARE-EQUIPMENT-CODE", severity: Error,
        spec_ref: "別紙 第6表 Nos.16-17, 第7表 Nos.10-11",
        title_ja: "福祉用具貸与のレコードにTAISコードも福祉用具届出コードもありません",
        title_en: "a 福祉用具貸与 record with neither a TAIS code nor a 福祉用具届出コード",
        doc: "When the サービスコード is of kind 17 福祉用具貸与 or 67 介護予防福祉用具貸与, either the TAISコード or the 福祉用具届出コード must be filled. This applies to detail records, not to the 第7表 summary rows (17AAAA, 17EEEE, 17ZZZZ) or the 999999 total. The finding points at the TAISコード field.",
        fails: "171001 with TAIS and 届出コード empty",
        passes: "171001 with TAIS 00170-000123",
    }
    FLD_DETAIL_CODE = {
        id: "FLD-DETAIL-CODE", severity: Error,
        spec_ref: "別紙 第6表 No.19 明細判別コード",
        title_ja: "福祉用具貸与以外のレコードに明細判別コードがあります",
        title_en: "明細判別コード set on a record that is not 福祉用具貸与",
        doc: "明細判別コード numbers rental details of the same code and units (1, 2, 3 …); 「「17:福祉用具貸与」以外の場合は「Null（空）」とする」. A value on a record of any kind other than 17 and 67 is an error. On 67 介護予防福祉用具貸与 it is FLD-DETAIL-CODE-PREVENTIVE, a warning: the same layout serves the 介護予防 利用票 and the table's TAIS note names 17 and 67 together. 「明細判別コードを利用しない場合は「Null（空）」」 on 17 cannot be checked: whether the product uses it is not in the file.",
        fails: "111111 with 明細判別コード 1",
        passes: "111111 with 明細判別コード empty",
    }
    FLD_USE_DATE_MONTH = {
        id: "FLD-USE-DATE-MONTH", severity: Error,
        spec_ref: "別紙 第6表 No.5 対象年月, No.10 サービス利用日; 共通「1ファイル＝単月」",
        title_ja: "サービス利用日が対象年月の日ではありません",
        title_en: "サービス利用日 is not a day of the record's 対象年月",
        doc: "A service day of the 第6表 or 実績 belongs to the service month: サービス利用日 must fall in the month given by 対象年月 of the same record.",
        fails: "対象年月 202504, サービス利用日 20250501",
        passes: "対象年月 202504, サービス利用日 20250430",
    }
    FLD_UNUSED = {
        id: "FLD-UNUSED", severity: Warning,
        spec_ref: "別紙 各レイアウト 識別子「※使用しない」",
        title_ja: "使用しない項目に値があります",
        title_en: "a field marked ※使用しない has a value",
        doc: "識別子 is marked ※使用しない. The standard does not say it must be empty, but a value there is at best ignored; a warning.",
        fails: "...,0310400015,1",
        passes: "...,0310400015,",
    }
    FLD_FIXED_VALUE = {
        id: "FLD-FIXED-VALUE", severity: Warning,
        spec_ref: "別紙 第7表 No.34 事業所コード「9999999999を固定でセット」",
        title_ja: "固定値の項目に別の値があります（位置の読みが未確認のため警告）",
        title_en: "a field with a fixed value holds another (the reading is unconfirmed: warning)",
        doc: "The annex fixes some items to one value for every record. In 第7表 the note 「9999999999を固定でセット」 falls on No.34 事業所コード by the count of notes in the extraction (READINGS.md §B); until that reading is confirmed, another value there, empty included, is a warning.",
        fails: "第7表 No.34 empty",
        passes: "第7表 No.34 9999999999",
    }
    FLD_NUMBER_INFERRED = {
        id: "FLD-NUMBER-INFERRED", severity: Warning,
        spec_ref: "別紙 各レイアウト 書式（記載なし）: 利用者補足情報 Nos.19, 21-23 …, 56-58; 第6表 Nos.9, 22; 第7表 No.8; 介護予防サービス・支援計画書 Nos.43-48; 同（別表） Nos.5, 10, 14",
        title_ja: "数字と読める項目に数字以外があります（書式の記載がないため警告）",
        title_en: "an item read as a number holds something else (no format is printed: warning)",
        doc: "These items have a printed length but no printed format (or, in the 介護予防 別表, the 書式 column prints フリーテキスト by count): that they hold digits is read from their names (限度額, 単位数, 日数, 該当数, ＮＯ) or, for サテライト枝番, from 「事業所でサテライトを識別するために定めている固有の番号を記載、定めていない場合は、1 からの連番を記載」. Something other than ASCII digits there is a warning, not FLD-DIGITS. Their length is printed, so a longer value is FLD-LENGTH.",
        fails: "サテライト枝番 A1",
        passes: "サテライト枝番 1",
    }
    FLD_RANGE = {
        id: "FLD-RANGE", severity: Error,
        spec_ref: "別紙 居宅サービス計画2表 No.6「課題ＮＯ １～99」, No.8「課題に対する援助NO １～99」, No.13「目標に対する内容NO １～99」",
        title_ja: "番号が規定の範囲（１～99）の外です",
        title_en: "a number outside its printed range (1-99)",
        doc: "The 第2表 numbers are printed with their range, 1 to 99. 0 (or 00) is outside it; 100 is already FLD-LENGTH. The 介護予防 別表's numbers print no range and are not checked here.",
        fails: "課題ＮＯ 0",
        passes: "課題ＮＯ 1, 01 or 99",
    }
    FLD_TIME_2400 = {
        id: "FLD-TIME-2400", severity: Warning,
        spec_ref: "別紙 第3表 Nos.8, 11「HHMM」, 第6表 No.12「時間表示有りのサービス：HHMM」; 第3表 構成（時間軸 0:00～24:00）",
        title_ja: "開始の時刻が2400です（終了の時刻にのみ読める値のため警告）",
        title_en: "a start time of 2400 (a value read as an end time only: warning)",
        doc: "2400 is accepted as an end time (the form's time axis ends at 24:00). As a start it names the end of the day: a service starting at midnight is 0000 of the next day. The text does not bound HHMM, so this is a warning.",
        fails: "サービス開始時刻 2400",
        passes: "サービス開始時刻 0000; サービス終了時刻 2400",
    }
    FLD_TIME_9999_PAIR = {
        id: "FLD-TIME-9999-PAIR", severity: Warning,
        spec_ref: "別紙 第6表 No.12「時間表示有りのサービス：HHMM／時間表示の無いサービス：9999」, No.13「※サービス開始時刻と同様」",
        title_ja: "開始時刻と終了時刻の一方だけが9999です",
        title_en: "only one of the start and end times is 9999",
        doc: "A service is either shown with a time (HHMM in both items) or without one (9999 in both: No.13 is 「サービス開始時刻と同様」). A record with 9999 in one and a time in the other says both. A warning: the text does not say the two items agree in so many words.",
        fails: "サービス開始時刻 0900, サービス終了時刻 9999",
        passes: "0900 and 0930, or 9999 and 9999",
    }
    FLD_DAILY_RATE_OUT_OF_MONTH = {
        id: "FLD-DAILY-RATE-OUT-OF-MONTH", severity: Warning,
        spec_ref: "別紙 第6表 No.11「日割対象日は31桁で日割請求可能日については\"1\"を設定する。」",
        title_ja: "日割対象日が対象年月にない日に1を立てています",
        title_en: "日割対象日 marks a day the service month does not have",
        doc: "The 31 characters stand for the days of the record's 対象年月; a '1' is a day on which a pro-rated claim is possible. A '1' past the month's last day (the 31st of April, the 29th of February 2025) marks no day. A warning: the text does not say what the characters past the month's end hold.",
        fails: "対象年月 202504 with day 31 marked",
        passes: "対象年月 202504 with days 1-5 marked",
    }
    FLD_DAILY_RATE_ALL_ZERO = {
        id: "FLD-DAILY-RATE-ALL-ZERO", severity: Warning,
        spec_ref: "別紙 第6表 No.11「※日割り以外はNull（空）とする」",
        title_ja: "日割でない日割対象日が31個の0です（空とする規定）",
        title_en: "日割対象日 is 31 zeros where it is to be empty",
        doc: "A service that is not pro-rated leaves 日割対象日 empty (Null（空）). 31 zeros say the same thing in another way; a reader that tests for an empty value would take the record for a pro-rated one with no day. A warning.",
        fails: "0000000000000000000000000000000",
        passes: "(empty), or 1111100000000000000000000000000",
    }
    FLD_UNITS_EMPTY = {
        id: "FLD-UNITS-EMPTY", severity: Warning,
        spec_ref: "別紙 第6表 No.8 単位数「※率加減算で求められるサービスコードについては実績ファイル時は任意設定（単位数を計算できない場合は0を設定）とする」",
        title_ja: "予定の単位数が空です（実績ファイル時のみ任意とする規定のため警告）",
        title_en: "単位数 of a 予定 record is empty (optional only in the 実績 file: warning)",
        doc: "No ○ is printed for 単位数, but its note makes it optional only in the 実績 file (and only for rate-based codes, with 0 when it cannot be computed): in the 予定 (UPPLAN) it is expected. An empty value there is a warning.",
        fails: "UPPLAN 単位数 empty",
        passes: "UPPLAN 単位数 244 (or 0); UPJSK 単位数 empty",
    }
    FLD_DETAIL_CODE_PREVENTIVE = {
        id: "FLD-DETAIL-CODE-PREVENTIVE", severity: Warning,
        spec_ref: "別紙 第6表 No.19 明細判別コード「「17:福祉用具貸与」以外の場合は「Null（空）」とする」",
        title_ja: "介護予防福祉用具貸与のレコードに明細判別コードがあります（17以外は空とする規定のため警告）",
        title_en: "明細判別コード on a 介護予防福祉用具貸与 record (empty for kinds other than 17: warning)",
        doc: "By the letter, 67 介護予防福祉用具貸与 is 「17:福祉用具貸与」以外 and its 明細判別コード is empty. But the same layout serves the 介護予防 利用票 (本文3.1), whose rentals are numbered for the same reason, and the TAIS note of the same table names 17 and 67 together: a value on a 67 record is a warning, not FLD-DETAIL-CODE.",
        fails: "671001 with 明細判別コード 1",
        passes: "671001 with 明細判別コード empty",
    }
    FLD_DETAIL_CODE_SEQUENCE = {
        id: "FLD-DETAIL-CODE-SEQUENCE", severity: Warning,
        spec_ref: "別紙 第6表 No.19「…明細が異なる場合は、1 からの連番を記載（1,2,3,・・・）」",
        title_ja: "明細判別コードが1からの連番の値ではありません",
        title_en: "明細判別コード is not a number of a sequence from 1",
        doc: "The details of one rental are numbered 1, 2, 3 …; 0 is not such a number. (Two records numbered alike are FILE-DETAIL-CODE-DUPLICATE.) A warning.",
        fails: "171007 with 明細判別コード 0",
        passes: "171007 with 明細判別コード 1",
    }
    FLD_OUT_OF_LIMIT_UNITS = {
        id: "FLD-OUT-OF-LIMIT-UNITS", severity: Warning,
        spec_ref: "別紙 第7表 No.18 給付管理単位数「整数　区分支給限度外のサービスの場合はNull（空） 固定」",
        title_ja: "区分支給限度外のサービスの給付管理単位数が空ではありません",
        title_en: "給付管理単位数 is set on a service outside the 区分支給限度",
        doc: "On a detail row of a service outside the 区分支給限度基準額 (31 居宅療養管理指導, 34 介護予防居宅療養管理指導), 給付管理単位数 is Null（空） 固定. Services of other kinds that fall outside the limit code by code (some 加算) cannot be told without the サービスコード表 and are not checked. A warning: the reading of the drifted note is high but rests on the kind list.",
        fails: "311111 row with 給付管理単位数 500",
        passes: "311111 row with 給付管理単位数 empty",
    }
    FLD_PLAN2_OFFICE_NUMBER = {
        id: "FLD-PLAN2-OFFICE-NUMBER", severity: Warning,
        spec_ref: "別紙 居宅サービス計画2表 No.15 保険対象区分「Y:対象」, No.17 サービス事業者コード（項目長 10、書式の記載なし）; データ配置例",
        title_ja: "保険対象のサービスの事業者コードが10桁の介護保険事業所番号ではありません（書式の記載がないため警告）",
        title_en: "サービス事業者コード of an insured service is not a 10-character 介護保険事業所番号 (no format printed: warning)",
        doc: "No.17 has a length of 10 and no printed format; rows of services outside the insurance (家政婦, 医療 in the annex's example) may hold another number or none. On a row whose 保険対象区分 is Y the item names the provider, and the example fills it with a 10-character number: another shape there is a warning, a bad check digit FLD-OFFICE-CHECK-DIGIT.",
        fails: "保険対象区分 Y, サービス事業者コード 12345",
        passes: "保険対象区分 Y with 1371000025; 保険対象区分 empty with 12345",
    }
    FLD_LIMIT_SLOT_ORDER = {
        id: "FLD-LIMIT-SLOT-ORDER", severity: Error,
        spec_ref: "別紙 利用者補足情報 Nos.20-55「サービス種類別限度額管理が必要な場合は１枠から順番に設定する」",
        title_ja: "サービス種類別の限度額の枠が１枠から順に設定されていません",
        title_en: "the limit slots are not filled from slot 1 in order",
        doc: "The nine slots (サービス種類コード, 支給限度基準額, 合計単位数, 限度超単位数 each) are filled from slot 1 in order: a slot used (any of its items) while an earlier one is empty is reported at its サービス種類コード. Whether management by kind is needed at all cannot be seen in the file.",
        fails: "slot 1 empty, slot 2 = 15 / 100",
        passes: "slot 1 = 15 / 100, slots 2-9 empty",
    }
    FLD_LIMIT_SLOT_KIND = {
        id: "FLD-LIMIT-SLOT-KIND", severity: Error,
        spec_ref: "別紙 利用者補足情報 Nos.20, 24, … 52「短期入所療養介護の場合は22:短期入所療養介護（介護老人保健施設）を設定する」",
        title_ja: "限度額の枠の短期入所療養介護は22で設定します",
        title_en: "a limit slot for 短期入所療養介護 is set as 22",
        doc: "A slot for 短期入所療養介護 carries 22 whatever the facility: 23 (介護療養型医療施設等) and 2A (介護医療院) there are reported. The note says nothing of the 介護予防 kinds (25, 26, 2B), which are not checked.",
        fails: "１サービス種類コード 2A",
        passes: "１サービス種類コード 22",
    }
    FLD_CONDITIONAL_REQUIRED = {
        id: "FLD-CONDITIONAL-REQUIRED", severity: Error,
        spec_ref: "別紙 利用者基本情報 No.8「「03:その他」の場合は、「相談方法(その他の内容)」に内容を記載する。」, No.12「「02:入院又は入所中」の場合は、「本人の現況(状況補足)」に内容を記載する。」",
        title_ja: "選択した区分で記載すると定められた項目が空です",
        title_en: "an item a chosen code requires is empty",
        doc: "Where a note makes an item required by the value of another, the item must be filled: 相談方法 03:その他 → 相談方法(その他の内容), 利用者の現況 02:入院又は入所中 → 利用者の現況(状況補足). (The annex calls it 本人の現況(状況補足); the item is No.13.) Other layouts print no such condition (UP1KYO No.25 生活援助中心型の算定理由 3:その他 does not require No.26).",
        fails: "相談方法 03, 相談方法(その他の内容) empty",
        passes: "相談方法 03 with \"訪問\"; 相談方法 01 with it empty",
    }
}

/// The MS932 byte length of a decoded value (1 for ASCII and half-width
/// katakana, 2 for everything else MS932 can hold).
pub fn ms932_len(v: &str) -> usize {
    v.chars()
        .map(|c| {
            if c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c) {
                1
            } else {
                2
            }
        })
        .sum()
}

fn all_digits(v: &str) -> bool {
    !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())
}

fn length_issue(f: &FieldSpec, len: usize, digits: bool) -> Option<Issue> {
    let want = f.length?;
    let bad = match f.length_kind {
        LengthKind::Fixed => len != usize::from(want),
        LengthKind::Max => len > usize::from(want),
        LengthKind::Free | LengthKind::Unknown => false,
    };
    bad.then(|| {
        Issue::new(&FLD_LENGTH).fact(Fact::Length {
            want,
            fixed: f.length_kind == LengthKind::Fixed,
            digits,
            actual: len,
        })
    })
}

/// Checks one non-header value against its layout row. A value that would
/// pass written in ASCII, or without the spaces around it, is said to be
/// written so: the fix is the spelling, not the value.
pub fn check_value(f: &FieldSpec, v: &str, kind: &KindSpec, rev: &Revision) -> Vec<Issue> {
    let mut out = check_spelled(f, v, kind, rev);
    // A date or time already said in its own notation needs no more.
    let hinted = out.iter().any(|i| {
        matches!(
            i.fact,
            Some(Fact::Shape(
                Shape::DateDigits { hint: Some(_) } | Shape::TimeDigits { .. }
            ))
        )
    });
    if out.is_empty() || hinted || f.ty == FieldType::FreeText {
        return out;
    }
    let padded = match f.length {
        Some(n)
            if f.length_kind == LengthKind::Fixed
                && f.ty != FieldType::Bitmap31
                && all_digits(v)
                && v.len() < usize::from(n) =>
        {
            (
                crate::fact::Respelling::LeadingZeros(n),
                format!("{v:0>width$}", width = usize::from(n)),
            )
        }
        _ => (crate::fact::Respelling::Spaces, v.to_string()),
    };
    let respelled = [
        (
            crate::fact::Respelling::FullWidth,
            values::to_ascii_width(v),
        ),
        (
            crate::fact::Respelling::Spaces,
            v.trim_matches([' ', '　']).to_string(),
        ),
        padded,
    ];
    for (how, other) in respelled {
        if other != v && !other.is_empty() && check_spelled(f, &other, kind, rev).is_empty() {
            for i in &mut out {
                if let Some(fact) = i.fact.take() {
                    i.fact = Some(Fact::Respelled {
                        how,
                        fact: Box::new(fact),
                    });
                }
            }
            break;
        }
    }
    out
}

fn check_spelled(f: &FieldSpec, v: &str, kind: &KindSpec, rev: &Revision) -> Vec<Issue> {
    let mut out = Vec::new();
    if let Some(fixed) = f.fixed_value.as_deref() {
        if v != fixed {
            out.push(Issue::new(&FLD_FIXED_VALUE).fact(Fact::FixedValue {
                value: fixed.to_string(),
            }));
        }
        return out;
    }
    if v.is_empty() {
        // An item required on some rows only is judged with its record.
        match f.required {
            Required::Yes if f.required_on.is_none() => out.push(Issue::new(&FLD_REQUIRED)),
            Required::Unconfirmed => out.push(Issue::new(&FLD_REQUIRED_UNCONFIRMED)),
            Required::Yes | Required::No => {}
        }
        return out;
    }
    if f.zero_value.as_deref() == Some(v) {
        return out;
    }
    let shape = |rule, s: Shape| Issue::new(rule).fact(Fact::Shape(s));
    match f.ty {
        FieldType::FreeText => {}
        FieldType::Unused => out.push(Issue::new(&FLD_UNUSED).fact(Fact::Unused)),
        // CSVバージョン is judged per file (FILE-CSV-VERSION-*).
        FieldType::Yyyymm if f.role == Some(Role::CsvVersion) => {}
        FieldType::Yyyymm => {
            if !values::is_yyyymm(v) {
                out.push(shape(&FLD_YYYYMM, Shape::Yyyymm));
            }
        }
        FieldType::Yyyymmdd => {
            if !values::is_date(v) {
                // 8 digits that are no date, or not 8 digits at all.
                let eight = v.len() == 8 && all_digits(v);
                out.push(shape(
                    &FLD_DATE,
                    if eight {
                        Shape::RealDate
                    } else {
                        Shape::DateDigits {
                            hint: values::date_hint(v),
                        }
                    },
                ));
            }
        }
        // The placeholder of a service without a time (9999) is the
        // field's zero_value, accepted above.
        FieldType::Hhmm | FieldType::HhmmOr9999 => out.extend(time(f, v)),
        FieldType::Digits | FieldType::Alnum => {
            let digits = f.ty == FieldType::Digits;
            let inferred = f.format_basis == Some(FormatBasis::Inferred);
            let length = length_issue(f, ms932_len(v), digits);
            if digits && !all_digits(v) {
                if inferred {
                    out.push(Issue::new(&FLD_NUMBER_INFERRED).fact(Fact::NumberInferred));
                    out.extend(length);
                } else {
                    out.push(shape(&FLD_DIGITS, Shape::AsciiDigits));
                }
            } else if length.is_some() {
                out.extend(length);
            } else if let (Some([lo, hi]), Ok(n)) = (f.range, v.parse::<u32>()) {
                if n < lo || n > hi {
                    out.push(Issue::new(&FLD_RANGE).fact(Fact::Range { lo, hi }));
                }
            }
        }
        FieldType::Integer => {
            let body = v.strip_prefix('-').unwrap_or(v);
            if !all_digits(body) {
                out.push(shape(&FLD_INTEGER, Shape::Integer));
            } else {
                out.extend(length_issue(f, body.len(), true));
            }
        }
        FieldType::Decimal => {
            let ok = match v.split_once('.') {
                Some((i, d)) => all_digits(i) && i.len() <= 2 && all_digits(d) && d.len() == 2,
                None => false,
            };
            if !ok {
                out.push(shape(&FLD_DECIMAL, Shape::Decimal));
            }
        }
        FieldType::Code => {
            if let Some(codes) = &f.codes {
                if !codes.contains_key(v) {
                    // The label of exactly one code, where the code is wanted.
                    let fact = match crate::input::align::code_for_label(f, v) {
                        Some((code, label)) => Fact::CodeLabel { code, label },
                        None => Fact::Codes {
                            codes: codes.iter().map(|(k, n)| (k.clone(), n.clone())).collect(),
                        },
                    };
                    out.push(Issue::new(&FLD_CODE).fact(fact));
                }
            }
        }
        FieldType::Postal => {
            let b = v.as_bytes();
            let ok = b.len() == 8
                && b[3] == b'-'
                && b[..3].iter().chain(&b[4..]).all(u8::is_ascii_digit);
            if !ok {
                out.push(shape(&FLD_POSTAL, Shape::Postal));
            }
        }
        FieldType::Bitmap31 => {
            if v.len() != 31 || !v.bytes().all(|b| b == b'0' || b == b'1') {
                out.push(shape(&FLD_DAILY_RATE_DAYS, Shape::DailyRateDays));
            } else if !v.contains('1') {
                out.push(Issue::new(&FLD_DAILY_RATE_ALL_ZERO).fact(Fact::DailyRateAllZero));
            }
        }
        FieldType::Unspecified => out.extend(length_issue(f, ms932_len(v), false)),
        FieldType::OfficeNumber => out.extend(office(v)),
        FieldType::InsurerNumber => {
            if !(v.len() == 6 && all_digits(v)) {
                out.push(shape(&FLD_INSURER_FORMAT, Shape::InsurerNumber));
            } else if let Some(digit) = values::insurer_check_digit(&v[..5]) {
                if u32::from(v.as_bytes()[5] - b'0') != digit {
                    out.push(
                        Issue::new(&FLD_INSURER_CHECK_DIGIT).fact(Fact::InsurerCheckDigit {
                            body: v[..5].to_string(),
                            digit,
                        }),
                    );
                }
            }
        }
        FieldType::InsuredNumber => {
            if !values::is_insured_number(v) {
                out.push(shape(&FLD_INSURED_NUMBER, Shape::InsuredNumber));
            }
        }
        FieldType::ServiceKind => out.extend(service_kind(v, rev)),
        FieldType::ServiceCode => out.extend(service_code(v, kind, rev)),
        FieldType::TaisCode => {
            let b = v.as_bytes();
            let ok = b.len() == 12
                && b[5] == b'-'
                && b[..5].iter().chain(&b[6..]).all(u8::is_ascii_digit);
            if !ok {
                out.push(shape(&FLD_TAIS_FORMAT, Shape::TaisCode));
            }
        }
    }
    out
}

/// An office number: its shape (error) and its check digit (warning).
fn office(v: &str) -> Option<Issue> {
    match values::office_number(v) {
        Office::Malformed => {
            Some(Issue::new(&FLD_OFFICE_NUMBER).fact(Fact::Shape(Shape::OfficeNumber)))
        }
        Office::BadCheckDigit(digit) => {
            Some(Issue::new(&FLD_OFFICE_CHECK_DIGIT).fact(Fact::OfficeCheckDigit { digit }))
        }
        Office::Valid | Office::Sentinel => None,
    }
}

/// A time item: HHMM, 0000-2359; an end time may be 2400 (the form's time
/// axis ends at 24:00), a start time of 2400 is a warning.
fn time(f: &FieldSpec, v: &str) -> Option<Issue> {
    if v == "2400" {
        return (!f.end_time).then(|| Issue::new(&FLD_TIME_2400).fact(Fact::Time2400));
    }
    if values::is_hhmm(v) {
        return None;
    }
    let none = f
        .zero_value
        .as_ref()
        .filter(|_| f.ty == FieldType::HhmmOr9999);
    // A time written in another notation (9:30, ９：３０) is said with the
    // HHMM it names.
    let shape = match (values::time_hint(v), none) {
        (Some(hint), _) => Shape::TimeDigits {
            placeholder: none.cloned(),
            hint,
        },
        (None, Some(none)) => Shape::HhmmOr {
            end: f.end_time,
            none: none.clone(),
        },
        (None, None) => Shape::Hhmm { end: f.end_time },
    };
    Some(Issue::new(&FLD_TIME).fact(Fact::Shape(shape)))
}

fn service_kind(k: &str, rev: &Revision) -> Option<Issue> {
    let sk = &rev.service_kinds;
    let shape = k.len() == 2
        && k.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    if !shape || sk.name(k).is_none() {
        return Some(
            Issue::new(&FLD_SERVICE_KIND)
                .found(k)
                .fact(Fact::Shape(Shape::ServiceKindCode)),
        );
    }
    if let Some(n) = sk.out_of_scope.get(k) {
        return Some(
            Issue::new(&FLD_SERVICE_KIND_SCOPE)
                .found(k)
                .fact(Fact::ServiceKindScope {
                    kind: k.to_string(),
                    kind_name: n.clone(),
                }),
        );
    }
    None
}

fn service_code(v: &str, kind: &KindSpec, rev: &Revision) -> Vec<Issue> {
    let shape = v.len() == 6
        && v.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    if !shape {
        return vec![Issue::new(&FLD_SERVICE_CODE).fact(Fact::Shape(Shape::ServiceCode))];
    }
    let summary = rev.sikyu_summary_codes.classify(v);
    if summary.is_some() && !SUMMARY_CODES.applies_to(rev, kind) {
        return vec![Issue::new(&FLD_SERVICE_CODE).fact(Fact::SummaryCodeOutsideSikyu)];
    }
    if summary == Some(SummaryRow::GrandTotal) {
        return Vec::new();
    }
    // A kind the standard does not know, or one out of scope, is said of
    // the whole code.
    service_kind(&v[..2], rev)
        .map(|i| vec![i.found(v)])
        .unwrap_or_default()
}

/// The 第7表 subtotal and total codes belong to the kinds with summary rows.
pub static SUMMARY_CODES: RoleNeed = RoleNeed {
    rule: &FLD_SERVICE_CODE,
    applies: |_, k| k.summary_rows,
    roles: &[Role::ServiceCode],
};

/// A 福祉用具貸与 record needs a TAIS or 福祉用具届出コード, where the layout
/// has them.
pub static WELFARE_EQUIPMENT: RoleNeed = RoleNeed {
    rule: &FLD_WELFARE_EQUIPMENT_CODE,
    applies: |_, k| k.field_by_role(Role::TaisCode).is_some(),
    roles: &[Role::ServiceCode, Role::TaisCode, Role::NotificationCode],
};

/// 明細判別コード is for 福祉用具貸与 only.
pub static DETAIL_CODE: RoleNeed = RoleNeed {
    rule: &FLD_DETAIL_CODE,
    applies: |_, k| k.field_by_role(Role::DetailCode).is_some(),
    roles: &[Role::DetailCode, Role::ServiceCode],
};

/// サービス利用日 falls in 対象年月.
pub static USE_DATE: RoleNeed = RoleNeed {
    rule: &FLD_USE_DATE_MONTH,
    applies: |_, k| k.field_by_role(Role::UseDate).is_some(),
    roles: &[Role::UseDate, Role::ServiceMonth],
};

/// 日割対象日 against the days of 対象年月.
pub static DAILY_RATE: RoleNeed = RoleNeed {
    rule: &FLD_DAILY_RATE_OUT_OF_MONTH,
    applies: |_, k| k.fields.iter().any(|f| f.ty == FieldType::Bitmap31),
    roles: &[Role::ServiceMonth],
};

/// The 単位数 of a 予定 (the 第6表 sent by the plan side).
pub static PLAN_UNITS: RoleNeed = RoleNeed {
    rule: &FLD_UNITS_EMPTY,
    applies: |_, k| plan_use_slip(k),
    roles: &[Role::Units],
};

/// 給付管理単位数 on rows of services outside the limit (第7表).
pub static OUT_OF_LIMIT: RoleNeed = RoleNeed {
    rule: &FLD_OUT_OF_LIMIT_UNITS,
    applies: |_, k| k.summary_rows,
    roles: &[Role::ManagedUnits, Role::ServiceCode],
};

/// 第2表's サービス事業者コード on rows of insured services.
pub static PLAN2_OFFICE: RoleNeed = RoleNeed {
    rule: &FLD_PLAN2_OFFICE_NUMBER,
    applies: |_, k| k.field_by_role(Role::InsuranceFlag).is_some(),
    roles: &[Role::InsuranceFlag, Role::ProviderOffice],
};

/// What the field rules read by role.
pub static NEEDS: &[&RoleNeed] = &[
    &SUMMARY_CODES,
    &WELFARE_EQUIPMENT,
    &DETAIL_CODE,
    &USE_DATE,
    &DAILY_RATE,
    &PLAN_UNITS,
    &OUT_OF_LIMIT,
    &PLAN2_OFFICE,
];

/// A 第6表 written by the plan side (the 予定): a layout of service days
/// sent in the plan direction.
fn plan_use_slip(k: &KindSpec) -> bool {
    k.direction == "plan" && !k.summary_rows && k.field_by_role(Role::UseDate).is_some()
}

/// Rules that read several fields of one record. Each issue is returned
/// with the No. of the field it points at.
pub fn check_record(kind: &KindSpec, rev: &Revision, rec: &Rec) -> Vec<(u16, Issue)> {
    let mut out = Vec::new();
    let at = |role: Role| rec.no_of(role);
    let code = rec.role(Role::ServiceCode).unwrap_or("");
    let summary = rev.sikyu_summary_codes.classify(code);
    let is_summary = summary.is_some();
    let service_kind = code.get(..2).unwrap_or("");
    let sk = &rev.service_kinds;
    let welfare = sk.welfare_equipment.iter().any(|k| same(k, service_kind));

    // A rule across the fields of a record reads them only where the
    // record's values were placed (a record of another number of fields
    // may leave some unplaced).
    if welfare
        && !is_summary
        && WELFARE_EQUIPMENT.applies_to(rev, kind)
        && rec.roles_placed(&[Role::TaisCode, Role::NotificationCode])
    {
        let tais = rec.role(Role::TaisCode).unwrap_or("");
        let notif = rec.role(Role::NotificationCode).unwrap_or("");
        if tais.is_empty() && notif.is_empty() {
            out.push((
                at(Role::TaisCode),
                Issue::new(&FLD_WELFARE_EQUIPMENT_CODE).found("").fact(
                    Fact::WelfareEquipmentCode {
                        code: code.to_string(),
                    },
                ),
            ));
        }
    }
    if let Some(d) = rec
        .role(Role::DetailCode)
        .filter(|d| !d.is_empty() && !code.is_empty() && DETAIL_CODE.applies_to(rev, kind))
    {
        let code = code.to_string();
        if !welfare {
            out.push((
                at(Role::DetailCode),
                Issue::new(&FLD_DETAIL_CODE).fact(Fact::DetailCode { code }),
            ));
        } else if !sk.detail_code_kinds.iter().any(|k| same(k, service_kind)) {
            out.push((
                at(Role::DetailCode),
                Issue::new(&FLD_DETAIL_CODE_PREVENTIVE).fact(Fact::DetailCodePreventive { code }),
            ));
        } else if d.parse::<u64>() == Ok(0) {
            out.push((
                at(Role::DetailCode),
                Issue::new(&FLD_DETAIL_CODE_SEQUENCE).fact(Fact::DetailCodeSequence),
            ));
        }
    }
    if let (Some(month), Some(day)) = (rec.role(Role::ServiceMonth), rec.role(Role::UseDate)) {
        if USE_DATE.applies_to(rev, kind)
            && values::is_yyyymm(month)
            && values::is_date(day)
            && !day.starts_with(month)
        {
            out.push((
                at(Role::UseDate),
                Issue::new(&FLD_USE_DATE_MONTH).fact(Fact::UseDateMonth {
                    month: month.to_string(),
                }),
            ));
        }
    }
    if let (Some(f), Some(month)) = (
        kind.fields.iter().find(|f| f.ty == FieldType::Bitmap31),
        rec.role(Role::ServiceMonth)
            .filter(|m| values::is_yyyymm(m)),
    ) {
        let v = rec.no(f.no);
        let days = values::days_in_month(
            month[..4].parse().unwrap_or(0),
            month[4..].parse().unwrap_or(0),
        ) as usize;
        let shape_ok = v.len() == 31 && v.bytes().all(|b| b == b'0' || b == b'1');
        if shape_ok && v.bytes().skip(days).any(|b| b == b'1') {
            out.push((
                f.no,
                Issue::new(&FLD_DAILY_RATE_OUT_OF_MONTH).fact(Fact::DailyRateOutOfMonth {
                    month: month.to_string(),
                    days: days as u32,
                }),
            ));
        }
    }
    for [a, b] in &kind.time_pairs {
        let (fa, fb) = (
            &kind.fields[usize::from(*a) - 1],
            &kind.fields[usize::from(*b) - 1],
        );
        let (va, vb) = (rec.no(*a), rec.no(*b));
        let none = |f: &FieldSpec, v: &str| f.zero_value.as_deref() == Some(v);
        if !va.is_empty() && !vb.is_empty() && none(fa, va) != none(fb, vb) {
            out.push((
                *b,
                Issue::new(&FLD_TIME_9999_PAIR)
                    .found(format!("{va}/{vb}"))
                    .fact(Fact::TimePair {
                        none: fa.zero_value.clone().unwrap_or_default(),
                    }),
            ));
        }
    }
    if PLAN_UNITS.applies_to(rev, kind) && rec.role(Role::Units) == Some("") {
        out.push((
            at(Role::Units),
            Issue::new(&FLD_UNITS_EMPTY).fact(Fact::UnitsEmpty),
        ));
    }
    if OUT_OF_LIMIT.applies_to(rev, kind)
        && !is_summary
        && sk.outside_limit.iter().any(|k| same(k, service_kind))
        && rec.role(Role::ManagedUnits).is_some_and(|v| !v.is_empty())
    {
        out.push((
            at(Role::ManagedUnits),
            Issue::new(&FLD_OUT_OF_LIMIT_UNITS).fact(Fact::OutOfLimitUnits {
                kind: service_kind.to_string(),
                kind_name: sk.name(service_kind).unwrap_or_default().to_string(),
            }),
        ));
    }
    if PLAN2_OFFICE.applies_to(rev, kind) && rec.role(Role::InsuranceFlag) == Some(INSURED) {
        let field = kind.field_by_role(Role::ProviderOffice);
        let v = rec.role(Role::ProviderOffice).unwrap_or("");
        // A layout that types the item as an office number judges it itself.
        if !v.is_empty() && field.is_some_and(|f| f.ty != FieldType::OfficeNumber) {
            let issue = match office(v) {
                Some(i) if std::ptr::eq(i.rule, &FLD_OFFICE_NUMBER) => Some(
                    Issue::new(&FLD_PLAN2_OFFICE_NUMBER).fact(Fact::Shape(Shape::OfficeNumber)),
                ),
                other => other,
            };
            out.extend(issue.map(|i| (at(Role::ProviderOffice), i)));
        }
    }
    if let Some(ls) = kind
        .limit_slots
        .as_ref()
        .filter(|ls| rec.all_placed((0..ls.count).flat_map(|i| ls.slot(i))))
    {
        out.extend(limit_slots(ls, kind, rev, rec));
    }
    for c in &kind.conditional_required {
        if rec.all_placed([c.if_no, c.then_no])
            && rec.no(c.if_no) == c.equals
            && rec.no(c.then_no).is_empty()
        {
            let f = &kind.fields[usize::from(c.if_no) - 1];
            let code_name = f
                .codes
                .as_ref()
                .and_then(|codes| codes.get(&c.equals))
                .cloned()
                .unwrap_or_default();
            out.push((
                c.then_no,
                Issue::new(&FLD_CONDITIONAL_REQUIRED).fact(Fact::ConditionalRequired {
                    if_no: c.if_no,
                    if_name: f.name.clone(),
                    code: c.equals.clone(),
                    code_name,
                }),
            ));
        }
    }
    // Items whose ○ holds on detail rows (第7表 Nos.16, 33); summary rows
    // are FILE-SIKYU-SUMMARY-EMPTY.
    if !is_summary && rec.roles_placed(&[Role::ServiceCode]) {
        for f in &kind.fields {
            if f.required_on == Some(RequiredOn::DetailRows)
                && rec.is_placed(f.no)
                && rec.no(f.no).is_empty()
            {
                out.push((f.no, Issue::new(&FLD_REQUIRED)));
            }
        }
    }
    out
}

/// 保険対象区分 「Y:対象」: a row of a service the insurance covers.
const INSURED: &str = "Y";

/// The limit slots: filled from slot 1 in order, 短期入所療養介護 as 22.
fn limit_slots(
    ls: &crate::spec::LimitSlots,
    kind: &KindSpec,
    rev: &Revision,
    rec: &Rec,
) -> Vec<(u16, Issue)> {
    let mut out = Vec::new();
    let mut first_empty: Option<u16> = None;
    let mut reported = false;
    for i in 0..ls.count {
        let slot = ls.slot(i);
        let used = slot.clone().any(|no| !rec.no(no).is_empty());
        if !used {
            first_empty = first_empty.or(Some(i));
        } else if let Some(empty) = first_empty.filter(|_| !reported) {
            // One finding per record: the slots after it follow from it.
            reported = true;
            out.push((
                slot.start,
                Issue::new(&FLD_LIMIT_SLOT_ORDER)
                    .found(rec.no(slot.start))
                    .fact(Fact::LimitSlotOrder {
                        slot: i + 1,
                        empty: empty + 1,
                        empty_field: kind.fields[usize::from(ls.slot(empty).start) - 1]
                            .name
                            .clone(),
                    }),
            ));
        }
        let k = rec.no(slot.start);
        if let Some(instead) = ls.kind_instead.get(k) {
            out.push((
                slot.start,
                Issue::new(&FLD_LIMIT_SLOT_KIND).fact(Fact::LimitSlotKind {
                    instead: instead.clone(),
                    instead_name: rev
                        .service_kinds
                        .name(instead)
                        .unwrap_or_default()
                        .to_string(),
                }),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec;

    fn ids(kind: &str, no: u16, v: &str) -> Vec<&'static str> {
        let rev = spec::revision("4.1").unwrap();
        let k = rev.layout(kind).unwrap();
        let f = &k.fields[usize::from(no) - 1];
        check_value(f, v, k, rev)
            .iter()
            .map(|i| i.rule.id)
            .collect()
    }

    #[test]
    fn required_marks_have_two_strengths() {
        assert_eq!(ids("UPPLAN", 2, ""), ["FLD-REQUIRED"]);
        assert_eq!(ids("UPPLAN", 7, ""), ["FLD-REQUIRED-UNCONFIRMED"]);
        assert!(ids("UPPLAN", 9, "").is_empty());
    }

    #[test]
    fn formats() {
        assert_eq!(ids("UPPLAN", 10, "20250431"), ["FLD-DATE"]);
        assert!(ids("UPPLAN", 10, "20250430").is_empty());
        assert!(ids("UPPLAN", 12, "9999").is_empty());
        assert_eq!(ids("UP3KYO", 8, "9999"), ["FLD-TIME"]);
        assert_eq!(ids("UPPLAN", 11, "11111"), ["FLD-DAILY-RATE-DAYS"]);
        assert_eq!(ids("UPPLAN", 14, "123"), ["FLD-LENGTH"]);
        assert_eq!(ids("UPPLAN", 14, "１"), ["FLD-DIGITS"]);
        assert!(ids("UPPLAN", 8, "-25").is_empty());
        assert_eq!(ids("UPPLAN", 8, "1,234"), ["FLD-INTEGER"]);
        assert_eq!(ids("UPPLAN", 8, "1234567"), ["FLD-LENGTH"]);
        assert_eq!(ids("UPSIKYU", 23, "10.9"), ["FLD-DECIMAL"]);
        assert!(ids("UPSIKYU", 23, "11.40").is_empty());
        assert_eq!(ids("UP1KYO", 21, "2"), ["FLD-CODE"]);
        assert_eq!(ids("UP1KYO", 5, "1000001"), ["FLD-POSTAL"]);
        assert_eq!(ids("UPPLAN", 3, "h123456789"), ["FLD-INSURED-NUMBER"]);
        assert_eq!(ids("UPPLAN", 2, "13101"), ["FLD-INSURER-FORMAT"]);
        assert_eq!(ids("UPPLAN", 2, "13101A"), ["FLD-INSURER-FORMAT"]);
        assert_eq!(ids("UPPLAN", 2, "131012"), ["FLD-INSURER-CHECK-DIGIT"]);
        // The annex's own example: 6 digits, only the check digit is off.
        assert_eq!(ids("UP2KYO", 2, "123456"), ["FLD-INSURER-CHECK-DIGIT"]);
        assert!(ids("UPPLAN", 2, "131011").is_empty());
        assert_eq!(ids("UPPLAN", 20, "0311500010"), ["FLD-OFFICE-CHECK-DIGIT"]);
        assert_eq!(ids("UPPLAN", 20, "031150001"), ["FLD-OFFICE-NUMBER"]);
        assert_eq!(ids("UPPLAN", 16, "00001－000010"), ["FLD-TAIS-FORMAT"]);
        assert_eq!(ids("UPPLAN", 25, "1"), ["FLD-UNUSED"]);
    }

    #[test]
    fn an_end_time_may_be_2400_a_start_time_is_warned() {
        assert_eq!(ids("UPPLAN", 12, "2400"), ["FLD-TIME-2400"]);
        assert!(ids("UPPLAN", 13, "2400").is_empty());
        assert_eq!(ids("UPPLAN", 13, "2401"), ["FLD-TIME"]);
        assert_eq!(ids("UPPLAN", 13, "2500"), ["FLD-TIME"]);
        assert!(ids("UP3KYO", 9, "2400").is_empty());
        assert!(ids("UP3KYO", 12, "2400").is_empty());
        assert_eq!(ids("UP3KYO", 11, "2400"), ["FLD-TIME-2400"]);
    }

    #[test]
    fn items_without_a_printed_format_take_any_value_of_their_length() {
        // UPSIKYU No.35 入力者コード and UP2KYO No.17: length only.
        assert!(ids("UPSIKYU", 35, "A01").is_empty());
        assert_eq!(ids("UPSIKYU", 35, "12345678901"), ["FLD-LENGTH"]);
        assert!(ids("UP2KYO", 17, "XYZ").is_empty());
        // Numbers read from the name: another character is a warning.
        assert_eq!(ids("UPPLAN", 22, "A1"), ["FLD-NUMBER-INFERRED"]);
        assert_eq!(
            ids("UPPLAN", 22, "ABC"),
            ["FLD-NUMBER-INFERRED", "FLD-LENGTH"]
        );
        assert_eq!(ids("UPPLAN", 22, "123"), ["FLD-LENGTH"]);
        assert_eq!(ids("UPHOSOKU", 21, "１００"), ["FLD-NUMBER-INFERRED"]);
        assert_eq!(
            ids("UPHOSOKU", 21, "１２３４"),
            ["FLD-NUMBER-INFERRED", "FLD-LENGTH"]
        );
        // A printed format stays an error.
        assert_eq!(ids("UPPLAN", 14, "A"), ["FLD-DIGITS"]);
    }

    #[test]
    fn printed_ranges() {
        assert_eq!(ids("UP2KYO", 6, "0"), ["FLD-RANGE"]);
        assert_eq!(ids("UP2KYO", 13, "00"), ["FLD-RANGE"]);
        assert!(ids("UP2KYO", 8, "01").is_empty());
        assert!(ids("UP2KYO", 8, "99").is_empty());
        assert_eq!(ids("UP2KYO", 6, "100"), ["FLD-LENGTH"]);
        // The 介護予防 別表 prints none.
        assert!(ids("UPYOBO_SUB", 5, "0").is_empty());
    }

    #[test]
    fn daily_rate_zeros_and_required_items_of_some_rows() {
        assert_eq!(
            ids("UPPLAN", 11, &"0".repeat(31)),
            ["FLD-DAILY-RATE-ALL-ZERO"]
        );
        // 第7表 No.16 is judged with its record (detail or summary row).
        assert!(ids("UPSIKYU", 16, "").is_empty());
        // 委託の有無: 「どちらの場合も記入」.
        assert_eq!(ids("UPKIHON", 6, ""), ["FLD-REQUIRED"]);
        assert_eq!(ids("UPYOBO", 6, ""), ["FLD-REQUIRED"]);
    }

    /// The record rules on a record of `kind` given as comma-separated
    /// values (no quotes), as (field No., rule).
    fn record_ids(kind: &str, line: &str) -> Vec<(u16, &'static str)> {
        let rev = spec::revision("4.1").unwrap();
        let k = rev.layout(kind).unwrap();
        let values: Vec<crate::input::decode::Text> = line.split(',').map(Into::into).collect();
        assert_eq!(values.len(), k.fields.len(), "{kind}");
        check_record(k, rev, &Rec::new(k, &values, 1))
            .into_iter()
            .map(|(no, i)| (no, i.rule.id))
            .collect()
    }

    const PLAN: &str = "202407,131011,9900000011,20250325,202504,1371000017,見本,600,,20250401,,9999,9999,1,171001,00170-000123,,車いす,,1371000033,見本,,0,1371000017,";

    fn plan_with(edits: &[(usize, &str)]) -> String {
        let mut v: Vec<&str> = PLAN.split(',').collect();
        for (no, x) in edits {
            v[no - 1] = x;
        }
        v.join(",")
    }

    #[test]
    fn record_rules_of_the_use_slip() {
        assert!(record_ids("UPPLAN", PLAN).is_empty());
        assert_eq!(
            record_ids("UPPLAN", &plan_with(&[(13, "0930")])),
            [(13, "FLD-TIME-9999-PAIR")]
        );
        assert_eq!(
            record_ids("UPPLAN", &plan_with(&[(8, "")])),
            [(8, "FLD-UNITS-EMPTY")]
        );
        // Optional in the 実績.
        assert!(record_ids("UPJSK", &plan_with(&[(8, "")])).is_empty());
        let day31 = format!("{}1", "0".repeat(30));
        assert_eq!(
            record_ids("UPPLAN", &plan_with(&[(11, &day31)])),
            [(11, "FLD-DAILY-RATE-OUT-OF-MONTH")]
        );
        assert!(record_ids(
            "UPPLAN",
            &plan_with(&[(5, "202505"), (10, "20250501"), (11, &day31)])
        )
        .is_empty());
        // 明細判別コード: 17 numbered from 1, 67 a warning, others an error.
        assert!(record_ids("UPPLAN", &plan_with(&[(19, "2")])).is_empty());
        assert_eq!(
            record_ids("UPPLAN", &plan_with(&[(19, "0")])),
            [(19, "FLD-DETAIL-CODE-SEQUENCE")]
        );
        assert_eq!(
            record_ids("UPPLAN", &plan_with(&[(15, "671001"), (19, "1")])),
            [(19, "FLD-DETAIL-CODE-PREVENTIVE")]
        );
        assert_eq!(
            record_ids("UPPLAN", &plan_with(&[(15, "111111"), (16, ""), (19, "1")])),
            [(19, "FLD-DETAIL-CODE")]
        );
    }

    #[test]
    fn record_rules_of_other_layouts() {
        // 利用者補足情報: slots from 1 in order; 短期入所療養介護 as 22.
        let mut hosoku = vec![""; 63];
        let set = |h: &mut Vec<&str>, no: usize, v: &'static str| h[no - 1] = v;
        set(&mut hosoku, 24, "15");
        set(&mut hosoku, 25, "100");
        assert_eq!(
            record_ids("UPHOSOKU", &hosoku.join(",")),
            [(24, "FLD-LIMIT-SLOT-ORDER")]
        );
        set(&mut hosoku, 20, "2A");
        assert_eq!(
            record_ids("UPHOSOKU", &hosoku.join(",")),
            [(20, "FLD-LIMIT-SLOT-KIND")]
        );
        set(&mut hosoku, 20, "22");
        assert!(record_ids("UPHOSOKU", &hosoku.join(",")).is_empty());
        // 利用者基本情報: 03:その他 needs its content.
        let mut kihon = vec![""; 71];
        kihon[7] = "03";
        assert_eq!(
            record_ids("UPKIHON", &kihon.join(",")),
            [(9, "FLD-CONDITIONAL-REQUIRED")]
        );
        kihon[8] = "訪問";
        kihon[11] = "02";
        assert_eq!(
            record_ids("UPKIHON", &kihon.join(",")),
            [(13, "FLD-CONDITIONAL-REQUIRED")]
        );
        // 第2表: a Y row names its office.
        let mut plan2 = vec![""; 22];
        plan2[14] = "Y";
        plan2[16] = "12345";
        assert_eq!(
            record_ids("UP2KYO", &plan2.join(",")),
            [(17, "FLD-PLAN2-OFFICE-NUMBER")]
        );
        plan2[16] = "1371000020";
        assert_eq!(
            record_ids("UP2KYO", &plan2.join(",")),
            [(17, "FLD-OFFICE-CHECK-DIGIT")]
        );
        plan2[14] = "";
        plan2[16] = "12345";
        assert!(record_ids("UP2KYO", &plan2.join(",")).is_empty());
        // 第7表: 回数／日数 required on detail rows; 31 without 給付管理単位数.
        let mut sikyu = vec![""; 37];
        sikyu[8] = "311111";
        sikyu[17] = "500";
        sikyu[32] = "0";
        assert_eq!(
            record_ids("UPSIKYU", &sikyu.join(",")),
            [(18, "FLD-OUT-OF-LIMIT-UNITS"), (16, "FLD-REQUIRED")]
        );
        sikyu[8] = "11AAAA";
        sikyu[17] = "";
        assert!(record_ids("UPSIKYU", &sikyu.join(",")).is_empty());
    }

    #[test]
    fn zero_values_only_where_prescribed() {
        assert!(ids("UPHOSOKU", 4, "00000000").is_empty());
        assert!(ids("UPHOSOKU", 63, "000000").is_empty());
        assert_eq!(ids("UPPLAN", 5, "000000"), ["FLD-YYYYMM"]);
    }

    #[test]
    fn service_codes_and_scope() {
        assert!(ids("UPPLAN", 15, "111111").is_empty());
        assert_eq!(ids("UPPLAN", 15, "331111"), ["FLD-SERVICE-KIND-SCOPE"]);
        assert_eq!(ids("UPPLAN", 15, "X91111"), ["FLD-SERVICE-KIND"]);
        assert_eq!(ids("UPPLAN", 15, "11AAAA"), ["FLD-SERVICE-CODE"]);
        assert!(ids("UPSIKYU", 9, "11AAAA").is_empty());
        assert!(ids("UPSIKYU", 9, "999999").is_empty());
        assert_eq!(ids("DLTJSK", 6, "51"), ["FLD-SERVICE-KIND-SCOPE"]);
    }

    #[test]
    fn byte_lengths() {
        assert_eq!(ms932_len("03-1234-5678"), 12);
        assert_eq!(ms932_len("０３"), 4);
        assert_eq!(ms932_len("ｱｲ"), 2);
    }
}
