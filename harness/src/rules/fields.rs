//! Field-level rules: one value against its layout row, and the rules that
//! read several fields of one record.
//!
//! Length decision: 項目長 is counted in MS932 bytes. For the digit, code,
//! date and identifier items that equals their character count; 整数 items
//! count digits without the sign; フリーテキスト has no length.

use crate::finding::Text;
use crate::rules::catalogue as cat;
use crate::rules::Issue;
use crate::spec::{FieldSpec, FieldType, KindSpec, LengthKind, Required, Revision, Role};
use crate::values::{self, Office};

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

fn length_issue(f: &FieldSpec, len: usize, unit: &str) -> Option<Issue> {
    let want = usize::from(f.length?);
    let bad = match f.length_kind {
        LengthKind::Fixed => len != want,
        LengthKind::Max => len > want,
        LengthKind::Free | LengthKind::Unknown => false,
    };
    if !bad {
        return None;
    }
    let (ja, en) = match f.length_kind {
        LengthKind::Fixed => (format!("{want}{unit}"), format!("exactly {want}")),
        _ => (format!("{want}{unit}以内"), format!("at most {want}")),
    };
    let unit_en = if unit == "桁" { "digits" } else { "bytes" };
    Some(
        Issue::new(&cat::FLD_LENGTH)
            .expected(Text::new(ja, format!("{en} {unit_en}")))
            .detail(Text::new(
                format!("項目長が{len}{unit}です"),
                format!("the value is {len} {unit_en} long"),
            )),
    )
}

/// Checks one non-header value against its layout row.
pub fn check_value(f: &FieldSpec, v: &str, kind: &KindSpec, rev: &Revision) -> Vec<Issue> {
    let mut out = Vec::new();
    if let Some(fixed) = f.fixed_value.as_deref() {
        if v != fixed {
            out.push(Issue::new(&cat::FLD_FIXED_VALUE).expected(Text::new(
                format!("{fixed}（固定値）"),
                format!("{fixed} (a fixed value)"),
            )));
        }
        return out;
    }
    if v.is_empty() {
        match f.required {
            Required::Yes => out.push(Issue::new(&cat::FLD_REQUIRED)),
            Required::Unconfirmed => out.push(Issue::new(&cat::FLD_REQUIRED_UNCONFIRMED)),
            Required::No => {}
        }
        return out;
    }
    if f.zero_value.as_deref() == Some(v) {
        return out;
    }
    let fmt = |rule, expected: Text| Issue::new(rule).expected(expected);
    match f.ty {
        FieldType::FreeText => {}
        FieldType::Unused => {
            out.push(Issue::new(&cat::FLD_UNUSED).expected(Text::new("空", "empty")))
        }
        // CSVバージョン is judged per file (FILE-CSV-VERSION-*).
        FieldType::Yyyymm if f.role == Some(Role::CsvVersion) => {}
        FieldType::Yyyymm => {
            if !values::is_yyyymm(v) {
                out.push(fmt(&cat::FLD_YYYYMM, Text::same("YYYYMM")));
            }
        }
        FieldType::Yyyymmdd => {
            if !values::is_date(v) {
                out.push(fmt(
                    &cat::FLD_DATE,
                    Text::new("実在する日付 YYYYMMDD", "a real date YYYYMMDD"),
                ));
            }
        }
        FieldType::Hhmm => {
            if !values::is_hhmm(v) {
                out.push(fmt(&cat::FLD_TIME, Text::same("HHMM (0000-2359)")));
            }
        }
        FieldType::HhmmOr9999 => {
            if v != "9999" && !values::is_hhmm(v) {
                out.push(fmt(&cat::FLD_TIME, Text::same("HHMM (0000-2359) / 9999")));
            }
        }
        FieldType::Digits | FieldType::Alnum => {
            if f.ty == FieldType::Digits && !all_digits(v) {
                out.push(fmt(&cat::FLD_DIGITS, Text::new("半角数字", "ASCII digits")));
            } else {
                out.extend(length_issue(
                    f,
                    ms932_len(v),
                    if f.ty == FieldType::Digits {
                        "桁"
                    } else {
                        "バイト"
                    },
                ));
            }
        }
        FieldType::Integer => {
            let body = v.strip_prefix('-').unwrap_or(v);
            if !all_digits(body) {
                out.push(fmt(
                    &cat::FLD_INTEGER,
                    Text::new(
                        "整数（半角数字、負数は先頭に -）",
                        "an integer (ASCII digits, '-' for negatives)",
                    ),
                ));
            } else {
                out.extend(length_issue(f, body.len(), "桁"));
            }
        }
        FieldType::Decimal => {
            let ok = match v.split_once('.') {
                Some((i, d)) => all_digits(i) && i.len() <= 2 && all_digits(d) && d.len() == 2,
                None => false,
            };
            if !ok {
                out.push(fmt(&cat::FLD_DECIMAL, Text::same("99.99")));
            }
        }
        FieldType::Code => {
            if let Some(codes) = &f.codes {
                if !codes.contains_key(v) {
                    let list: Vec<String> = codes.iter().map(|(k, n)| format!("{k}:{n}")).collect();
                    out.push(fmt(&cat::FLD_CODE, Text::same(list.join(" / "))));
                }
            }
        }
        FieldType::Postal => {
            let b = v.as_bytes();
            let ok = b.len() == 8
                && b[3] == b'-'
                && b[..3].iter().chain(&b[4..]).all(u8::is_ascii_digit);
            if !ok {
                out.push(fmt(&cat::FLD_POSTAL, Text::same("XXX-XXXX")));
            }
        }
        FieldType::Bitmap31 => {
            if v.len() != 31 || !v.bytes().all(|b| b == b'0' || b == b'1') {
                out.push(fmt(
                    &cat::FLD_DAILY_RATE_DAYS,
                    Text::new(
                        "0/1 を31桁（日割でなければ空）",
                        "31 characters of 0/1 (empty when not pro-rated)",
                    ),
                ));
            }
        }
        FieldType::Unspecified => out.extend(length_issue(f, ms932_len(v), "バイト")),
        FieldType::OfficeNumber => match values::office_number(v) {
            Office::Malformed => out.push(fmt(
                &cat::FLD_OFFICE_NUMBER,
                Text::new(
                    "10桁（3桁目のみ英大文字可）",
                    "10 characters (only the 3rd may be a capital letter)",
                ),
            )),
            Office::BadCheckDigit(d) => out.push(fmt(
                &cat::FLD_OFFICE_CHECK_DIGIT,
                Text::new(format!("検査数字 {d}"), format!("check digit {d}")),
            )),
            Office::Valid | Office::Sentinel => {}
        },
        FieldType::InsurerNumber => {
            let ok = v.len() == 6
                && all_digits(v)
                && values::insurer_check_digit(&v[..5]) == Some(u32::from(v.as_bytes()[5] - b'0'));
            if !ok {
                let expected = match values::insurer_check_digit(v.get(..5).unwrap_or("")) {
                    Some(d) if v.len() == 6 && all_digits(v) => Text::new(
                        format!("検証番号 {d}（{}{d}）", &v[..5]),
                        format!("check digit {d} ({}{d})", &v[..5]),
                    ),
                    _ => Text::new("6桁の数字（検証番号付き）", "6 digits with a check digit"),
                };
                out.push(fmt(&cat::FLD_INSURER_NUMBER, expected));
            }
        }
        FieldType::InsuredNumber => {
            if !values::is_insured_number(v) {
                out.push(fmt(
                    &cat::FLD_INSURED_NUMBER,
                    Text::new("数字10桁 または H＋数字9桁", "10 digits, or H and 9 digits"),
                ));
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
                out.push(fmt(&cat::FLD_TAIS_FORMAT, Text::same("NNNNN-NNNNNN")));
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
            Issue::new(&cat::FLD_SERVICE_KIND)
                .found(k)
                .expected(Text::new(
                    "標準仕様のサービス種類コード（2桁）",
                    "a 2-character service kind code of the standard",
                )),
        );
    }
    if let Some(n) = sk.out_of_scope.get(k) {
        return Some(
            Issue::new(&cat::FLD_SERVICE_KIND_SCOPE)
                .found(k)
                .expected(Text::new(
                    "連携対象のサービス種類",
                    "a service kind in the linkage scope",
                ))
                .detail(Text::new(
                    format!("サービス種類 {k}（{n}）は連携対象外です"),
                    format!("service kind {k} ({n}) is outside the linkage scope"),
                )),
        );
    }
    None
}

/// The part of a 第7表 サービスコード that marks a summary row, if it is one.
pub fn sikyu_summary(code: &str, rev: &Revision) -> Option<&'static str> {
    let c = &rev.sikyu_summary_codes;
    if code == c.grand_total {
        return Some("grand_total");
    }
    let item = code.get(2..)?;
    if item == c.subtotal_in_limit {
        Some("subtotal_in_limit")
    } else if item == c.subtotal_out_of_limit {
        Some("subtotal_out_of_limit")
    } else if item == c.subtotal_over_30_days {
        Some("subtotal_over_30_days")
    } else {
        None
    }
}

fn service_code(v: &str, kind: &KindSpec, rev: &Revision) -> Vec<Issue> {
    let shape = v.len() == 6
        && v.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    let expected = Text::new(
        "サービス種類2桁＋サービス項目4桁",
        "2-character kind and 4-character item",
    );
    if !shape {
        return vec![Issue::new(&cat::FLD_SERVICE_CODE).expected(expected)];
    }
    let summary = sikyu_summary(v, rev);
    let allows_summary = kind.kind == "UPSIKYU";
    if summary.is_some() && !allows_summary {
        return vec![Issue::new(&cat::FLD_SERVICE_CODE)
            .expected(expected)
            .detail(Text::new(
                "第7表の小計・合計用のコードは第6表・実績では使えません",
                "the 第7表 subtotal and total codes are not services and do not belong in 第6表 or 実績",
            ))];
    }
    if summary == Some("grand_total") {
        return Vec::new();
    }
    service_kind(&v[..2], rev)
        .map(|i| {
            let d = i.detail.clone();
            let mut i = i.found(v);
            i.detail = d;
            vec![i]
        })
        .unwrap_or_default()
}

/// Rules that read several fields of one record. `value(role)` gives the
/// decoded value of the field with that role, when the layout has one.
pub fn check_record<'a>(
    kind: &KindSpec,
    rev: &Revision,
    value: impl Fn(Role) -> Option<&'a str>,
) -> Vec<(Role, Issue)> {
    let mut out = Vec::new();
    let code = value(Role::ServiceCode).unwrap_or("");
    let is_summary = sikyu_summary(code, rev).is_some();
    let service_kind = code.get(..2).unwrap_or("");
    let welfare = rev
        .service_kinds
        .welfare_equipment
        .iter()
        .any(|k| k == service_kind);

    if welfare && !is_summary {
        let tais = value(Role::TaisCode);
        let notif = value(Role::NotificationCode);
        if tais.is_some() && tais.unwrap_or("").is_empty() && notif.unwrap_or("").is_empty() {
            out.push((
                Role::TaisCode,
                Issue::new(&cat::FLD_WELFARE_EQUIPMENT_CODE)
                    .found("")
                    .expected(Text::new("TAISコード または 福祉用具届出コード", "a TAIS code or a 福祉用具届出コード"))
                    .detail(Text::new(
                        format!("福祉用具貸与（{code}）のレコードにTAISコードも福祉用具届出コードもありません"),
                        format!("the 福祉用具貸与 record ({code}) has neither a TAIS code nor a 福祉用具届出コード"),
                    )),
            ));
        }
    }
    if let Some(d) = value(Role::DetailCode) {
        if !d.is_empty() && !welfare && !code.is_empty() {
            out.push((
                Role::DetailCode,
                Issue::new(&cat::FLD_DETAIL_CODE)
                    .expected(Text::new("空（福祉用具貸与以外）", "empty (not 福祉用具貸与)"))
                    .detail(Text::new(
                        format!("サービスコード {code} は福祉用具貸与ではないため明細判別コードは空です"),
                        format!("サービスコード {code} is not 福祉用具貸与, so 明細判別コード is empty"),
                    )),
            ));
        }
    }
    if let (Some(month), Some(day)) = (value(Role::ServiceMonth), value(Role::UseDate)) {
        if kind.fields.iter().any(|f| f.role == Some(Role::UseDate))
            && values::is_yyyymm(month)
            && values::is_date(day)
            && !day.starts_with(month)
        {
            out.push((
                Role::UseDate,
                Issue::new(&cat::FLD_USE_DATE_MONTH).expected(Text::new(
                    format!("{month}の日付"),
                    format!("a date in {month}"),
                )),
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
