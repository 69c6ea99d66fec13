//! The field level: one value against its layout row, and the rules that
//! read several fields of one record.
//!
//! Length decision: 項目長 is counted in MS932 bytes. For the digit, code,
//! date and identifier items that equals their character count; 整数 items
//! count digits without the sign; フリーテキスト has no length.

use crate::fact::{Fact, Shape};
use crate::rules::{Issue, RoleNeed};
use crate::spec::{
    FieldSpec, FieldType, KindSpec, LengthKind, Required, Revision, Role, SummaryRow,
};
use crate::values::{self, Office};

rules! {
    level: Field;
    FLD_REQUIRED = {
        id: "FLD-REQUIRED", severity: Error,
        spec_ref: "別紙 各レイアウト 必須欄（○）",
        title_ja: "必須項目が空です",
        title_en: "a required field is empty",
        doc: "An item marked ○ in the 必須 column is empty. Only marks read with confidence are errors; the marks whose position in the annex is uncertain are FLD-REQUIRED-UNCONFIRMED. The delete layouts (DLT1KYO, DLTPLAN, DLTJSK) say 項目は全て必須項目とする.",
        fails: "202407,,0001234567,20250401",
        passes: "202407,131011,0001234567,20250401",
    }
    FLD_REQUIRED_UNCONFIRMED = {
        id: "FLD-REQUIRED-UNCONFIRMED", severity: Warning,
        spec_ref: "別紙 各レイアウト 必須欄（○）",
        title_ja: "必須と読める項目が空です（必須の印の位置が未確認のため警告）",
        title_en: "a field read as required is empty (the required mark is unconfirmed: warning)",
        doc: "Some ○ marks of the annex could not be placed on their row with certainty (see each field's note in `spec show`): UPHOSOKU Nos.5-8, UP1KYO Nos.8, 9, 13, 15, UP2KYO No.4, UP3KYO No.4, UPPLAN/UPJSK Nos.6, 7. An empty value there is a warning until the mark is confirmed.",
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
        doc: "Counts, numbers and identifiers written in digits must be ASCII digits only: no sign, spaces, full-width digits or separators.",
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
        spec_ref: "別紙 第6表 Nos.12-13「HHMM／9999」; 第3表 Nos.8, 9, 11, 12「HHMM」",
        title_ja: "時刻（HHMM）として正しくありません",
        title_en: "not a valid time (HHMM)",
        doc: "Four digits, hours 00-23 and minutes 00-59. 9999 (a service without a time) is allowed only where the layout prints HHMM／9999 (第6表 and 実績 Nos.12, 13); 第3表's times are plain HHMM.",
        fails: "サービス開始時刻 2400 or 9:00",
        passes: "サービス開始時刻 0900 or 9999",
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
        doc: "保険者番号 is 6 digits: a 5-digit number and a check digit (weights 2,1,2,1,2 from the left, two-digit products summed as digits, check = (10 - sum mod 10) mod 10; e.g. 13101 → 131011, 43507 → 435073).",
        fails: "131012",
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
        doc: "明細判別コード numbers rental details of the same code and units (1, 2, 3 …); for services other than 17 福祉用具貸与 it is Null（空）. The harness also accepts it on 67 介護予防福祉用具貸与, to which the same note about TAIS codes applies.",
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
        match f.required {
            Required::Yes => out.push(Issue::new(&FLD_REQUIRED)),
            Required::Unconfirmed => out.push(Issue::new(&FLD_REQUIRED_UNCONFIRMED)),
            Required::No => {}
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
        FieldType::Hhmm => {
            if !values::is_hhmm(v) {
                out.push(shape(
                    &FLD_TIME,
                    match values::time_hint(v) {
                        Some(hint) => Shape::TimeDigits {
                            placeholder: None,
                            hint,
                        },
                        None => Shape::Hhmm,
                    },
                ));
            }
        }
        // The placeholder of a service without a time (9999) is the
        // field's zero_value, accepted above.
        FieldType::HhmmOr9999 => {
            if !values::is_hhmm(v) {
                let none = f.zero_value.clone().unwrap_or_default();
                out.push(shape(
                    &FLD_TIME,
                    match values::time_hint(v) {
                        Some(hint) => Shape::TimeDigits {
                            placeholder: Some(none),
                            hint,
                        },
                        None => Shape::HhmmOr(none),
                    },
                ));
            }
        }
        FieldType::Digits | FieldType::Alnum => {
            let digits = f.ty == FieldType::Digits;
            if digits && !all_digits(v) {
                out.push(shape(&FLD_DIGITS, Shape::AsciiDigits));
            } else {
                out.extend(length_issue(f, ms932_len(v), digits));
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
            }
        }
        FieldType::Unspecified => out.extend(length_issue(f, ms932_len(v), false)),
        FieldType::OfficeNumber => match values::office_number(v) {
            Office::Malformed => out.push(shape(&FLD_OFFICE_NUMBER, Shape::OfficeNumber)),
            Office::BadCheckDigit(digit) => {
                out.push(Issue::new(&FLD_OFFICE_CHECK_DIGIT).fact(Fact::OfficeCheckDigit { digit }))
            }
            Office::Valid | Office::Sentinel => {}
        },
        FieldType::InsurerNumber => {
            let ok = v.len() == 6
                && all_digits(v)
                && values::insurer_check_digit(&v[..5]) == Some(u32::from(v.as_bytes()[5] - b'0'));
            if !ok {
                let fact = match values::insurer_check_digit(v.get(..5).unwrap_or("")) {
                    Some(digit) if v.len() == 6 && all_digits(v) => Fact::InsurerCheckDigit {
                        body: v[..5].to_string(),
                        digit,
                    },
                    _ => Fact::Shape(Shape::InsurerNumber),
                };
                out.push(Issue::new(&FLD_INSURER_NUMBER).fact(fact));
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

/// What the field rules read by role.
pub static NEEDS: &[&RoleNeed] = &[&SUMMARY_CODES, &WELFARE_EQUIPMENT, &DETAIL_CODE, &USE_DATE];

/// Rules that read several fields of one record. `value(role)` gives the
/// decoded value of the field with that role, when the layout has one.
pub fn check_record<'a>(
    kind: &KindSpec,
    rev: &Revision,
    value: impl Fn(Role) -> Option<&'a str>,
) -> Vec<(Role, Issue)> {
    let mut out = Vec::new();
    let code = value(Role::ServiceCode).unwrap_or("");
    let is_summary = rev.sikyu_summary_codes.classify(code).is_some();
    let service_kind = code.get(..2).unwrap_or("");
    let welfare = rev
        .service_kinds
        .welfare_equipment
        .iter()
        .any(|k| k == service_kind);

    if welfare && !is_summary && WELFARE_EQUIPMENT.applies_to(rev, kind) {
        let tais = value(Role::TaisCode).unwrap_or("");
        let notif = value(Role::NotificationCode).unwrap_or("");
        if tais.is_empty() && notif.is_empty() {
            out.push((
                Role::TaisCode,
                Issue::new(&FLD_WELFARE_EQUIPMENT_CODE).found("").fact(
                    Fact::WelfareEquipmentCode {
                        code: code.to_string(),
                    },
                ),
            ));
        }
    }
    if let Some(d) = value(Role::DetailCode).filter(|_| DETAIL_CODE.applies_to(rev, kind)) {
        if !d.is_empty() && !welfare && !code.is_empty() {
            out.push((
                Role::DetailCode,
                Issue::new(&FLD_DETAIL_CODE).fact(Fact::DetailCode {
                    code: code.to_string(),
                }),
            ));
        }
    }
    if let (Some(month), Some(day)) = (value(Role::ServiceMonth), value(Role::UseDate)) {
        if USE_DATE.applies_to(rev, kind)
            && values::is_yyyymm(month)
            && values::is_date(day)
            && !day.starts_with(month)
        {
            out.push((
                Role::UseDate,
                Issue::new(&FLD_USE_DATE_MONTH).fact(Fact::UseDateMonth {
                    month: month.to_string(),
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
        assert_eq!(ids("UPPLAN", 12, "2400"), ["FLD-TIME"]);
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
        assert_eq!(ids("UPPLAN", 2, "131012"), ["FLD-INSURER-NUMBER"]);
        assert!(ids("UPPLAN", 2, "131011").is_empty());
        assert_eq!(ids("UPPLAN", 20, "0311500010"), ["FLD-OFFICE-CHECK-DIGIT"]);
        assert_eq!(ids("UPPLAN", 20, "031150001"), ["FLD-OFFICE-NUMBER"]);
        assert_eq!(ids("UPPLAN", 16, "00001－000010"), ["FLD-TAIS-FORMAT"]);
        assert_eq!(ids("UPPLAN", 25, "1"), ["FLD-UNUSED"]);
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
