//! The words of the findings: every [`Fact`] a rule states, rendered in
//! Japanese and English side by side, and a finding's message and expected
//! value in the language a report asks for. This is the only place the
//! findings' text is written.

use std::borrow::Cow;

use crate::fact::{
    Emptiness, Fact, FieldAlignment, Gap, KindPrices, NameSlot, Party, QuotingPattern,
    SegmentProblem, Shape,
};
use crate::finding::{Finding, Lang, Text};
use crate::spec::SummaryRow;

/// A fact in words: what was expected, and what is wrong where the rule's
/// title does not say it all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rendered {
    pub expected: Option<Text>,
    pub detail: Option<Text>,
}

fn expected(t: Text) -> Rendered {
    Rendered {
        expected: Some(t),
        detail: None,
    }
}

fn both(e: Text, d: Text) -> Rendered {
    Rendered {
        expected: Some(e),
        detail: Some(d),
    }
}

fn detail(d: Text) -> Rendered {
    Rendered {
        expected: None,
        detail: Some(d),
    }
}

fn party(p: Party) -> (&'static str, &'static str) {
    match p {
        Party::Sender => ("送信元", "sender"),
        Party::Receiver => ("送信先", "receiver"),
    }
}

/// What a value of a shape looks like.
pub fn shape(s: &Shape) -> Text {
    match s {
        Shape::Yyyymm => Text::same("YYYYMM"),
        Shape::RealDate => Text::new("実在する日付 YYYYMMDD", "a real date YYYYMMDD"),
        Shape::Hhmm { end } => Text::same(format!("HHMM ({})", time_range(*end))),
        Shape::HhmmOr { end, none } => Text::same(format!("HHMM ({}) / {none}", time_range(*end))),
        Shape::AsciiDigits => Text::new("半角数字", "ASCII digits"),
        Shape::Integer => Text::new(
            "整数（半角数字、負数は先頭に -）",
            "an integer (ASCII digits, '-' for negatives)",
        ),
        Shape::Decimal => Text::same("99.99"),
        Shape::Postal => Text::same("XXX-XXXX"),
        Shape::DailyRateDays => Text::new(
            "0/1 を31桁（日割でなければ空）",
            "31 characters of 0/1 (empty when not pro-rated)",
        ),
        Shape::OfficeNumber => Text::new(
            "10桁（3桁目のみ英大文字可）",
            "10 characters (only the 3rd may be a capital letter)",
        ),
        Shape::InsuredNumber => {
            Text::new("数字10桁 または H＋数字9桁", "10 digits, or H and 9 digits")
        }
        Shape::InsurerNumber => Text::new("6桁の数字", "6 digits"),
        Shape::TaisCode => Text::same("NNNNN-NNNNNN"),
        Shape::ServiceKindCode => Text::new(
            "標準仕様のサービス種類コード（2桁）",
            "a 2-character service kind code of the standard",
        ),
        Shape::ServiceCode => Text::new(
            "サービス種類2桁＋サービス項目4桁",
            "2-character kind and 4-character item",
        ),
        Shape::DateDigits { hint: Some(h) } => {
            Text::new(format!("YYYYMMDD（{h}）"), format!("YYYYMMDD ({h})"))
        }
        Shape::DateDigits { hint: None } => Text::same("YYYYMMDD"),
        Shape::TimeDigits { placeholder, hint } => match placeholder {
            Some(p) => Text::new(
                format!("HHMM（{hint}） / {p}"),
                format!("HHMM ({hint}) / {p}"),
            ),
            None => Text::new(format!("HHMM（{hint}）"), format!("HHMM ({hint})")),
        },
    }
}

/// The times an item takes: an end time may be 2400.
fn time_range(end: bool) -> &'static str {
    if end {
        "0000-2400"
    } else {
        "0000-2359"
    }
}

/// A price in hundredths of a yen as the file writes it: 1140 → `11.40`.
pub fn price(p: i64) -> String {
    format!("{}.{:02}", p / 100, p % 100)
}

/// `n / 100` written exactly, without trailing zeros: 1112640 → `11126.4`.
fn hundredths(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let n = n.unsigned_abs();
    match n % 100 {
        0 => format!("{sign}{}", n / 100),
        f if f % 10 == 0 => format!("{sign}{}.{}", n / 100, f / 10),
        f => format!("{sign}{}.{f:02}", n / 100),
    }
}

/// `a × b = exact → floor` (the arrow only when a fraction is dropped),
/// where `exact` is `product / 100`.
fn floored(lhs: String, product: i64, expected: i64) -> String {
    if product % 100 == 0 {
        format!("{lhs} = {expected}")
    } else {
        format!("{lhs} = {} → {expected}", hundredths(product))
    }
}

/// The words for "rounded down to the yen" after a computation, and for
/// the value the file has.
fn computed(calc: &str, floors: bool, found: i64) -> Text {
    let (fj, fe) = if floors && calc.contains('→') {
        ("（1円未満切り捨て）", " (fractions of a yen dropped)")
    } else {
        ("", "")
    };
    Text::new(
        format!("{calc}{fj}、記載 {found}"),
        format!("{calc}{fe}; the file has {found}"),
    )
}

fn summary_label(row: SummaryRow) -> (&'static str, &'static str) {
    match row {
        SummaryRow::GrandTotal => ("全合計", "全合計 (grand total)"),
        SummaryRow::SubtotalInLimit => ("区分支給対象種類別小計", "区分支給対象 subtotal"),
        SummaryRow::SubtotalOutOfLimit => ("区分支給対象外種類別小計", "区分支給対象外 subtotal"),
        SummaryRow::SubtotalOver30Days => ("30日超過分種類別小計", "30日超過分 subtotal"),
    }
}

fn kind_prices(k: &KindPrices) -> String {
    k.allowed
        .iter()
        .map(|p| price(*p))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// `No.9`, `No.16〜No.18` for a run of field numbers.
fn nos(run: (u16, u16), en: bool) -> String {
    match (run.0 == run.1, en) {
        (true, _) => format!("No.{}", run.0),
        (false, false) => format!("No.{}〜No.{}", run.0, run.1),
        (false, true) => format!("Nos.{}-{}", run.0, run.1),
    }
}

/// Consecutive numbers as runs.
fn runs(ns: &[u16]) -> Vec<(u16, u16)> {
    let mut out: Vec<(u16, u16)> = Vec::new();
    for &n in ns {
        match out.last_mut() {
            Some(r) if r.1 + 1 == n => r.1 = n,
            _ => out.push((n, n)),
        }
    }
    out
}

fn join_ja(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        _ => format!(
            "{} と {}",
            items[..items.len() - 1].join("、"),
            items[items.len() - 1]
        ),
    }
}

fn join_en(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        _ => format!(
            "{} and {}",
            items[..items.len() - 1].join(", "),
            items[items.len() - 1]
        ),
    }
}

/// What an alignment of a record's values to its layout found, in words.
fn field_alignment(found: usize, expected: usize, kind: &str, a: &FieldAlignment) -> Text {
    let head = Text::new(
        format!("項目数が{found}です"),
        format!("the record has {found} fields"),
    );
    match a {
        FieldAlignment::Prefix {
            checked,
            day_columns,
        } => {
            let k = *checked as usize;
            let (ja, en) = if k == 0 {
                (
                    "。レイアウトとの対応を推定できないため、このレコードの項目は検査していません".to_string(),
                    "; its values cannot be matched to the layout, so none of its fields is checked".to_string(),
                )
            } else if k >= expected {
                (
                    format!("。レイアウトとの対応を推定できないため、No.1〜No.{k} を位置どおりに検査し、残りの{}個の値は検査していません", found.saturating_sub(k)),
                    format!("; its values cannot be matched to the layout: Nos.1-{k} are checked where they stand, the other {} values are not checked", found.saturating_sub(k)),
                )
            } else {
                (
                    format!("。レイアウトとの対応を推定できないため、No.1〜No.{k} だけを位置どおりに検査しました（No.{} 以降は検査していません）", k + 1),
                    format!("; its values cannot be matched to the layout: only Nos.1-{k} are checked where they stand (from No.{} on nothing is checked)", k + 1),
                )
            };
            let (grid_ja, grid_en) = match day_columns {
                Some(d) => (
                    format!(
                        "。日ごとの列（{}個）があるようです。この表は1サービス利用日＝1レコードで、日付は No.{} {}に書きます（日ごとの列はありません）",
                        d.days, d.date_no, d.date_name
                    ),
                    format!(
                        "; it seems to hold {} day columns: this table has one record per service day, its date in No.{} {} (there are no day columns)",
                        d.days, d.date_no, d.date_name
                    ),
                ),
                None => (String::new(), String::new()),
            };
            Text::new(
                format!("{}{ja}{grid_ja}", head.ja),
                format!("{}{en}{grid_en}", head.en),
            )
        }
        FieldAlignment::Gaps {
            gaps,
            unchecked,
            layout_of,
        } => {
            let missing: Vec<u16> = gaps
                .iter()
                .filter_map(|g| match g {
                    Gap::Missing(n) => Some(*n),
                    _ => None,
                })
                .collect();
            let split: Vec<u16> = gaps
                .iter()
                .filter_map(|g| match g {
                    Gap::Split(n) => Some(*n),
                    _ => None,
                })
                .collect();
            if let [n] = split.as_slice() {
                return Text::new(
                    format!("{}。No.{n} の値がカンマを含み、ダブルクォートで囲まれていないため2つの項目に分かれています（No.{n} の値として検査します）", head.ja),
                    format!("{}: the value of No.{n} holds a comma and is not enclosed in double quotes, so it was read as two fields (it is checked as the value of No.{n})", head.en),
                );
            }
            let extras: Vec<(u16, u16)> = gaps
                .iter()
                .filter_map(|g| match g {
                    Gap::Extra { after, count } => Some((*after, *count)),
                    _ => None,
                })
                .collect();
            // How far each field after a gap moved: - for forward (values
            // missing before it), + for back (extra values before it).
            let mut shifts: Vec<(u16, u16, i32)> = Vec::new();
            let mut offset = 0i32;
            for no in 1..=expected as u16 {
                offset += extras
                    .iter()
                    .filter(|(after, _)| *after + 1 == no)
                    .map(|(_, c)| i32::from(*c))
                    .sum::<i32>();
                if missing.contains(&no) {
                    offset -= 1;
                    continue;
                }
                if offset == 0 {
                    continue;
                }
                match shifts.last_mut() {
                    Some(s) if s.2 == offset && s.1 + 1 == no => s.1 = no,
                    _ => shifts.push((no, no, offset)),
                }
            }
            // Fields missing after a run that was placed contribute no shift:
            // a run that ends with the layout ends "from there on".
            let last = expected as u16;
            let trailing_missing = missing
                .iter()
                .all(|n| (*n..=last).all(|x| missing.contains(&x)));
            let mut ja = Vec::new();
            let mut en = Vec::new();
            if let Some(r) = layout_of {
                ja.push(format!(
                    "{r}版の{kind}のレイアウト（{found}項目）で書かれているとみられます"
                ));
                en.push(format!(
                    "it appears to follow the revision {r} layout of {kind} ({found} fields)"
                ));
            }
            let miss_ja: Vec<String> = runs(&missing).iter().map(|r| nos(*r, false)).collect();
            let miss_en: Vec<String> = runs(&missing).iter().map(|r| nos(*r, true)).collect();
            let extra_ja: Vec<String> = extras
                .iter()
                .map(|(after, c)| {
                    if *after == 0 {
                        format!("No.1 の前に余分な値が{c}つ")
                    } else {
                        format!("No.{after} の後に余分な値が{c}つ")
                    }
                })
                .collect();
            let extra_en: Vec<String> = extras
                .iter()
                .map(|(after, c)| {
                    let v = if *c == 1 {
                        "value".to_string()
                    } else {
                        format!("{c} values")
                    };
                    if *after == 0 {
                        format!("an extra {v} before No.1")
                    } else {
                        format!("an extra {v} after No.{after}")
                    }
                })
                .collect();
            let trailing_extra = missing.is_empty() && extras.len() == 1 && extras[0].0 == last;
            if trailing_extra {
                let c = extras[0].1;
                ja.push(format!(
                    "末尾の No.{last} の後に余分な値が{c}つあると見られます（末尾のカンマが{c}つ多すぎます）"
                ));
                en.push(format!(
                    "there appear to be {c} extra value{} after the last field No.{last} ({c} trailing comma{} too many)",
                    if c == 1 { "" } else { "s" },
                    if c == 1 { "" } else { "s" }
                ));
            } else if !missing.is_empty() && trailing_missing && extras.is_empty() {
                ja.push(format!(
                    "末尾の {} がないと見られます（末尾のカンマが{}つ足りません）",
                    join_ja(&miss_ja),
                    missing.len()
                ));
                en.push(format!(
                    "the last field {} appears to be missing (the record lacks {} trailing comma{})",
                    join_en(&miss_en),
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" }
                ));
            } else {
                let shift_ja: Vec<String> = shifts
                    .iter()
                    .map(|(a, b, d)| {
                        let dir = if *d < 0 {
                            format!("{}つ前に", -d)
                        } else {
                            format!("{d}つ後ろに")
                        };
                        if *b == last {
                            format!("No.{a} 以降が{dir}")
                        } else if a == b {
                            format!("No.{a} が{dir}")
                        } else {
                            format!("No.{a}〜No.{b} が{dir}")
                        }
                    })
                    .collect();
                let shift_en: Vec<String> = shifts
                    .iter()
                    .map(|(a, b, d)| {
                        let dir = if *d < 0 {
                            format!("{} earlier", -d)
                        } else {
                            format!("{d} later")
                        };
                        if *b == last {
                            format!("from No.{a} on, values stand {dir}")
                        } else if a == b {
                            format!("No.{a} stands {dir}")
                        } else {
                            format!("Nos.{a}-{b} stand {dir}")
                        }
                    })
                    .collect();
                let what_ja = match (missing.is_empty(), extras.is_empty()) {
                    (false, true) => format!("{} がないと見られます", join_ja(&miss_ja)),
                    (true, false) => format!("{}あると見られます", join_ja(&extra_ja)),
                    _ => format!(
                        "{} がなく、{}あると見られます",
                        join_ja(&miss_ja),
                        join_ja(&extra_ja)
                    ),
                };
                let what_en = match (missing.is_empty(), extras.is_empty()) {
                    (false, true) => format!("{} appears to be missing", join_en(&miss_en)),
                    (true, false) => format!("there appears to be {}", join_en(&extra_en)),
                    _ => format!(
                        "{} appears to be missing and there appears to be {}",
                        join_en(&miss_en),
                        join_en(&extra_en)
                    ),
                };
                if shift_ja.is_empty() {
                    ja.push(what_ja);
                    en.push(what_en);
                } else {
                    ja.push(format!("{what_ja}（{}ずれています）", shift_ja.join("、")));
                    en.push(format!("{what_en} ({})", shift_en.join("; ")));
                }
            }
            ja.push("項目は推定した位置で検査します".to_string());
            en.push("the fields are checked at the positions inferred".to_string());
            if !unchecked.is_empty() {
                let u_ja: Vec<String> = runs(unchecked).iter().map(|r| nos(*r, false)).collect();
                let u_en: Vec<String> = runs(unchecked).iter().map(|r| nos(*r, true)).collect();
                ja.push(format!(
                    "{} は位置を確定できないため検査していません",
                    join_ja(&u_ja)
                ));
                en.push(format!(
                    "{} cannot be placed with certainty and {} not checked",
                    join_en(&u_en),
                    if unchecked.len() == 1 { "is" } else { "are" }
                ));
            }
            Text::new(
                format!("{}。{}", head.ja, ja.join("。")),
                format!("{}: {}", head.en, en.join("; ")),
            )
        }
    }
}

/// The places of a name, in words.
fn slot_list(slots: &[NameSlot], en: bool) -> String {
    let names: Vec<String> = slots
        .iter()
        .map(|s| {
            let (ja, e) = match s {
                NameSlot::Month => ("年月（YYYYMM）", "the month (YYYYMM)"),
                NameSlot::Sender => (
                    "送信元の事業所番号（10桁）",
                    "the sender's office number (10)",
                ),
                NameSlot::SenderKind => (
                    "送信元のサービス種類コード（2桁）",
                    "the sender's service kind code (2)",
                ),
                NameSlot::Receiver => (
                    "送信先の事業所番号（10桁）",
                    "the receiver's office number (10)",
                ),
                NameSlot::ReceiverKind => (
                    "送信先のサービス種類コード（2桁）",
                    "the receiver's service kind code (2)",
                ),
                NameSlot::Timestamp => (
                    "作成日時（YYYYMMDDHHMMSS、14桁）",
                    "the timestamp (YYYYMMDDHHMMSS, 14)",
                ),
                NameSlot::Branch => ("枝番（4桁）", "the branch number (4)"),
            };
            if en {
                e.to_string()
            } else {
                ja.to_string()
            }
        })
        .collect();
    if en {
        join_en(&names)
    } else {
        names.join("と")
    }
}

/// A quoting departure said once per file: with the count and the fields
/// when it occurs more than once.
fn quoting_pattern(expected: Text, title: Text, fix: Text, p: &QuotingPattern) -> Rendered {
    if p.total <= 1 {
        return Rendered {
            expected: Some(expected),
            detail: None,
        };
    }
    // A writer that quotes every field names them all: the first few say it.
    const SHOWN: usize = 3;
    let mut ja: Vec<String> = p
        .fields
        .iter()
        .take(SHOWN)
        .map(|(no, name, n)| format!("No.{no} {name} {n}件"))
        .collect();
    let mut en: Vec<String> = p
        .fields
        .iter()
        .take(SHOWN)
        .map(|(no, name, n)| format!("No.{no} {name} ×{n}"))
        .collect();
    if p.fields.len() > SHOWN + 1 {
        let more = p.fields.len() - SHOWN;
        ja.push(format!("ほか{more}項目"));
        en.push(format!("{more} more fields"));
    } else {
        ja = p
            .fields
            .iter()
            .map(|(no, name, n)| format!("No.{no} {name} {n}件"))
            .collect();
        en = p
            .fields
            .iter()
            .map(|(no, name, n)| format!("No.{no} {name} ×{n}"))
            .collect();
    }
    both(
        expected,
        Text::new(
            format!(
                "{}（このファイルで計{}件: {}）。{}",
                title.ja,
                p.total,
                ja.join("、"),
                fix.ja
            ),
            format!(
                "{} ({} times in this file: {}); {}",
                title.en,
                p.total,
                en.join(", "),
                fix.en
            ),
        ),
    )
}

/// A fact in both languages.
pub fn render(fact: &Fact) -> Rendered {
    match fact {
        // ------------------------------------------------------------ name
        Fact::PrefixTakenFor { written, taken } => both(
            Text::same(taken.as_str()),
            Text::new(
                format!("ファイル名の接頭辞「{written}」は標準仕様にありません（{taken} の誤りとみなして内容を検査します）"),
                format!("the prefix '{written}' is not defined by the standard (the content is checked as {taken})"),
            ),
        ),
        Fact::PrefixUnknown {
            written,
            kinds,
            content,
        } => {
            let e = Text::new(
                format!("{} のいずれか", kinds.join(", ")),
                format!("one of {}", kinds.join(", ")),
            );
            match content {
                Some((kind, table)) => both(
                    e,
                    Text::new(
                        format!("{written} は標準のファイル種別ではありません。内容は {kind}（{table}）の形です（{kind} として内容を検査します）"),
                        format!("{written} is not a file kind of the standard; the content has the shape of {table} ({kind}) and is checked as {kind}"),
                    ),
                ),
                None => both(
                    e,
                    Text::new(
                        format!("{written} は標準のファイル種別ではありません。内容がどの種別の形か判断できないため、文字コードとCSVの構造だけを検査します"),
                        format!("{written} is not a file kind of the standard; the content resembles no kind clearly, so only its bytes and CSV structure are checked"),
                    ),
                ),
            }
        }
        Fact::Extensions { allowed, appended } => {
            let e = Text::same(
                allowed
                    .iter()
                    .map(|a| format!(".{a}"))
                    .collect::<Vec<_>>()
                    .join(" / "),
            );
            match appended {
                Some(x) => both(
                    e,
                    Text::new(
                        format!("ファイル名の .CSV の後に拡張子 .{x} が付いています（拡張子を表示しない設定で名前を変えたときなどに起こります）"),
                        format!("the file name has the extension .{x} after .CSV (as happens when a file is renamed with extensions hidden)"),
                    ),
                ),
                None => expected(e),
            }
        }
        Fact::NamePattern { pattern, problem } => both(
            Text::same(pattern.as_str()),
            match problem {
                SegmentProblem::Missing(slots) => Text::new(
                    format!("ファイル名に{}がありません", slot_list(slots, false)),
                    format!("the file name lacks {}", slot_list(slots, true)),
                ),
                SegmentProblem::EmptySlots(slots) => Text::new(
                    format!("ファイル名の{}が空です（'_' が連続しています）", slot_list(slots, false)),
                    format!("{} in the file name {} empty (two '_' in a row)", slot_list(slots, true), if slots.len() == 1 { "is" } else { "are" }),
                ),
                &SegmentProblem::Empty(at) => Text::new(
                    format!("ファイル名の{at}番目の項目が空です（'_' が連続しています）"),
                    format!("segment {at} of the file name is empty (two '_' in a row)"),
                ),
                &SegmentProblem::Count { found, expected } => Text::new(
                    format!("ファイル名の項目数が{found}です（接頭辞の後に{expected}個必要）"),
                    format!(
                        "the file name has {found} segments after the prefix, {expected} expected"
                    ),
                ),
            },
        ),
        Fact::NameMonth { placeholder } => expected(match placeholder {
            Some(p) => Text::new(
                format!("YYYYMM（第1表と送る場合は {p}）"),
                format!("YYYYMM ({p} when sent with table 1)"),
            ),
            None => Text::same("YYYYMM"),
        }),
        Fact::NameBranch => expected(Text::new("4桁の数字の枝番", "a 4-digit branch number")),
        Fact::NameOffice { party: p } => {
            let (ja, en) = party(*p);
            both(
                shape(&Shape::OfficeNumber),
                Text::new(
                    format!("{ja}事業所番号が10桁の介護保険事業所番号ではありません"),
                    format!("the {en} office number is not a 10-character 介護保険事業所番号"),
                ),
            )
        }
        Fact::NameOfficeCheckDigit { party: p, digit } => {
            let (ja, en) = party(*p);
            both(
                Text::new(format!("検査数字 {digit}"), format!("check digit {digit}")),
                Text::new(
                    format!("{ja}事業所番号の検査数字が一致しません（未確認の規則のため警告）"),
                    format!(
                        "the {en} office number fails its check digit (unconfirmed rule: warning)"
                    ),
                ),
            )
        }
        Fact::NameServiceKind { party: p } => {
            let (ja, en) = party(*p);
            both(
                shape(&Shape::ServiceKindCode),
                Text::new(
                    format!("{ja}サービス種類コードが正しくありません"),
                    format!("the {en} service kind code is not valid"),
                ),
            )
        }
        Fact::NameServiceKindScope {
            party: p,
            kind,
            kind_name,
        } => {
            let (ja, en) = party(*p);
            both(
                Text::new(
                    "連携対象のサービス種類",
                    "a service kind in the linkage scope",
                ),
                Text::new(
                    format!("{ja}サービス種類 {kind}（{kind_name}）は連携対象外です"),
                    format!(
                        "the {en} service kind {kind} ({kind_name}) is outside the linkage scope"
                    ),
                ),
            )
        }
        Fact::NameTimestamp => expected(Text::new(
            "実在する日時 YYYYMMDDHHMMSS（14桁）",
            "a real date and time YYYYMMDDHHMMSS (14 digits)",
        )),
        Fact::NameSameOffice => expected(Text::new(
            "送信元と異なる送信先",
            "a receiver other than the sender",
        )),
        Fact::NameDirection {
            plan_side,
            care_management,
        } => {
            let cm = care_management.join("/");
            expected(if *plan_side {
                Text::new(
                    format!("送信元は居宅介護支援事業所等（{cm}）、送信先はサービス事業所"),
                    format!("sender a plan-making kind ({cm}), receiver a service"),
                )
            } else {
                Text::new(
                    format!("送信元はサービス事業所、送信先は居宅介護支援事業所等（{cm}）"),
                    format!("sender a service, receiver a plan-making kind ({cm})"),
                )
            })
        }

        // -------------------------------------------------------- encoding
        Fact::Utf8Bom => both(
            Text::new("BOMなし", "no BOM"),
            Text::new("UTF-8のBOMがあります", "a UTF-8 byte order mark"),
        ),
        Fact::Utf16Bom => both(
            Text::new("BOMなしのMS932", "MS932 without a BOM"),
            Text::new(
                "UTF-16のBOMがあります。UTF-16のファイルは以降を検査できません",
                "a UTF-16 byte order mark; a UTF-16 file cannot be checked further",
            ),
        ),
        Fact::Utf8 => both(
            Text::same("MS932"),
            Text::new(
                "ファイルがUTF-8で書かれています。以降の検査はUTF-8として読んで行います",
                "the file is written in UTF-8; the rest of the checks read it as UTF-8",
            ),
        ),
        Fact::NotMs932 => expected(Text::new("MS932の文字", "an MS932 character")),
        Fact::Gaiji => expected(Text::new(
            "外字でないMS932の文字",
            "an MS932 character outside the user-defined area",
        )),
        Fact::Nul => expected(Text::new("NULを含まない文字", "text without NUL")),
        Fact::OtherFormat { format } => {
            let (ja, en) = match format.as_str() {
                "ZIP" => ("ZIP形式のファイル（Excel のブック .xlsx、または ZIP 圧縮ファイル）", "a ZIP container (an Excel workbook .xlsx, or a ZIP archive)"),
                "XLS" => ("Excel のブック（.xls）", "an Excel workbook (.xls)"),
                "PDF" => ("PDF", "a PDF"),
                "PNG" => ("PNG画像", "a PNG image"),
                "JPEG" => ("JPEG画像", "a JPEG image"),
                _ => ("CSV以外のファイル", "not a CSV file"),
            };
            both(
                Text::new("Shift-JIS（MS932）のCSVテキスト", "CSV text in Shift-JIS (MS932)"),
                Text::new(
                    format!("ファイルがCSVではなく{ja}です。CSVとして書き出したファイルを送ってください（内容は検査していません）"),
                    format!("the file is not CSV but {en}; send the file exported as CSV (its content is not checked)"),
                ),
            )
        }
        Fact::NotJpeg { at_start } => both(
            Text::new("JPEG（FF D8 FF … FF D9）", "a JPEG (FF D8 FF … FF D9)"),
            if *at_start {
                Text::new(
                    "JPEGの開始マーカー（FF D8 FF）で始まっていません",
                    "it does not start with the JPEG markers FF D8 FF",
                )
            } else {
                Text::new(
                    "JPEGの終了マーカー（FF D9）で終わっていません（途中で切れています）",
                    "it does not end with the JPEG end marker FF D9 (it is cut short)",
                )
            },
        ),

        // ------------------------------------------------------- structure
        Fact::TooLarge { limit } => expected(Text::new(
            format!("{limit}バイト以下"),
            format!("at most {limit} bytes"),
        )),
        Fact::Empty(e) => detail(match e {
            Emptiness::ZeroBytes => Text::new(
                "ファイルが空です（0バイト）",
                "the file is empty (0 bytes)",
            ),
            Emptiness::HeaderOnly => Text::new(
                "見出し行の他にデータレコードがありません",
                "no data record besides the header row",
            ),
            Emptiness::NoRecord => Text::new("データレコードがありません", "no data record"),
        }),
        Fact::StrayQuote => expected(Text::new("\"\"（二重化）", "\"\" (doubled)")),
        Fact::UnterminatedQuote => both(
            Text::new("閉じる \"", "a closing \""),
            Text::new(
                "ダブルクォートが閉じられないままファイルが終わっています。ここから後のレコードは検査できません",
                "the quoted field runs to the end of the file; the records from here on cannot be checked",
            ),
        ),
        Fact::LineEnd { found, more } => {
            let (more_ja, more_en) = if *more > 0 {
                (format!("（他{more}件）"), format!(" ({more} more)"))
            } else {
                (String::new(), String::new())
            };
            both(
                Text::same("CRLF"),
                Text::new(
                    format!("レコードの区切りが{found}です{more_ja}"),
                    format!("a record ends with {found}{more_en}"),
                ),
            )
        }
        Fact::HeaderRow => both(
            Text::new(
                "データレコードのみ（見出し行なし）",
                "data records only (no header row)",
            ),
            Text::new(
                "見出し行があります。見出し行を除いて書き出してください（このファイルのレコード番号は見出し行を1と数えているため、データの1件目はレコード2です）",
                "a header row; write the data records only (records of this file are numbered with the header row as record 1, so the first data record is record 2)",
            ),
        ),
        Fact::FieldCount {
            expected: n,
            kind,
            found,
            alignment,
        } => both(
            Text::new(format!("{n}項目（{kind}）"), format!("{n} fields ({kind})")),
            field_alignment(*found, *n, kind, alignment),
        ),
        Fact::FreeTextUnquoted(p) => quoting_pattern(
            Text::new("\"\" で囲んだ値", "a value enclosed in \"\""),
            Text::new(
                "フリーテキスト項目がダブルクォートで囲まれていません",
                "a free-text field is not enclosed in double quotes",
            ),
            Text::new(
                "フリーテキスト項目は値によらず \"\" で囲んでください",
                "enclose free-text fields in \"\" whatever their value",
            ),
            p,
        ),
        Fact::QuotedNonFreeText(p) => quoting_pattern(
            Text::new("\"\" で囲まない値", "a value without quotes"),
            Text::new(
                "フリーテキスト以外の項目がダブルクォートで囲まれています",
                "a field that is not free text is enclosed in double quotes",
            ),
            Text::new(
                "\"\" で囲むのはフリーテキスト項目だけです",
                "only free-text fields are enclosed in \"\"",
            ),
            p,
        ),

        // ----------------------------------------------------------- field
        Fact::FixedValue { value } => expected(Text::new(
            format!("{value}（固定値）"),
            format!("{value} (a fixed value)"),
        )),
        Fact::Unused => expected(Text::new("空", "empty")),
        Fact::Shape(s @ Shape::DateDigits { .. }) => both(
            shape(s),
            Text::new(
                "年月日が YYYYMMDD の8桁の数字で書かれていません（和暦や区切り文字は使えません）",
                "the date is not written as 8 digits YYYYMMDD (no era names, no separators)",
            ),
        ),
        Fact::Shape(s @ Shape::TimeDigits { .. }) => both(
            shape(s),
            Text::new(
                "時刻が HHMM の4桁の数字で書かれていません（: は使わず、時は2桁で書きます）",
                "the time is not written as 4 digits HHMM (no ':', two digits for the hour)",
            ),
        ),
        Fact::Shape(s) => expected(shape(s)),
        Fact::CodeLabel { code, label } => both(
            Text::new(format!("{code}（{label}）"), format!("{code} ({label})")),
            Text::new(
                format!("コードではなく名称が書かれています。「{label}」はコード {code} で書きます"),
                format!("a label where its code is wanted: 「{label}」 is written as code {code}"),
            ),
        ),
        Fact::Respelled { how, fact } => {
            let inner = render(fact);
            let zeros;
            let (ja, en) = match how {
                crate::fact::Respelling::LeadingZeros(n) => {
                    zeros = (
                        format!("桁が足りません。先頭の0が落ちた可能性があります（表計算ソフトで数値として扱うと落ちます）。{n}桁で書いてください"),
                        format!("digits are missing: leading zeros may have been lost (a spreadsheet drops them when it takes the value for a number); write {n} digits"),
                    );
                    (zeros.0.as_str(), zeros.1.as_str())
                }
                crate::fact::Respelling::FullWidth => (
                    "全角の数字・文字が使われています。半角で書いてください",
                    "full-width digits or letters are used; write them in ASCII",
                ),
                crate::fact::Respelling::Spaces => (
                    "値の前後に空白があります。空白を除いてください",
                    "the value has spaces before or after it; remove them",
                ),
            };
            let detail = match inner.detail {
                // What the rule says of the value as written, besides.
                Some(d) if matches!(**fact, Fact::Length { .. }) => Text::new(
                    format!("{ja}（{}）", d.ja),
                    format!("{en} ({})", d.en),
                ),
                _ => Text::new(ja, en),
            };
            Rendered {
                expected: inner.expected,
                detail: Some(detail),
            }
        }
        Fact::Length {
            want,
            fixed,
            digits,
            actual,
        } => {
            let unit = if *digits { "桁" } else { "バイト" };
            let unit_en = if *digits { "digits" } else { "bytes" };
            let (ja, en) = if *fixed {
                (format!("{want}{unit}"), format!("exactly {want}"))
            } else {
                (format!("{want}{unit}以内"), format!("at most {want}"))
            };
            both(
                Text::new(ja, format!("{en} {unit_en}")),
                Text::new(
                    format!("項目長が{actual}{unit}です"),
                    format!("the value is {actual} {unit_en} long"),
                ),
            )
        }
        Fact::Codes { codes } => expected(Text::same(
            codes
                .iter()
                .map(|(k, n)| format!("{k}:{n}"))
                .collect::<Vec<_>>()
                .join(" / "),
        )),
        Fact::OfficeCheckDigit { digit } => expected(Text::new(
            format!("検査数字 {digit}"),
            format!("check digit {digit}"),
        )),
        Fact::InsurerCheckDigit { body, digit } => expected(Text::new(
            format!("検証番号 {digit}（{body}{digit}）"),
            format!("check digit {digit} ({body}{digit})"),
        )),
        Fact::ServiceKindScope { kind, kind_name } => both(
            Text::new(
                "連携対象のサービス種類",
                "a service kind in the linkage scope",
            ),
            Text::new(
                format!("サービス種類 {kind}（{kind_name}）は連携対象外です"),
                format!("service kind {kind} ({kind_name}) is outside the linkage scope"),
            ),
        ),
        Fact::SummaryCodeOutsideSikyu => both(
            shape(&Shape::ServiceCode),
            Text::new(
                "第7表の小計・合計用のコードは第6表・実績では使えません",
                "the 第7表 subtotal and total codes are not services and do not belong in 第6表 or 実績",
            ),
        ),
        Fact::WelfareEquipmentCode { code } => both(
            Text::new(
                "TAISコード または 福祉用具届出コード",
                "a TAIS code or a 福祉用具届出コード",
            ),
            Text::new(
                format!("福祉用具貸与（{code}）のレコードにTAISコードも福祉用具届出コードもありません"),
                format!("the 福祉用具貸与 record ({code}) has neither a TAIS code nor a 福祉用具届出コード"),
            ),
        ),
        Fact::DetailCode { code } => both(
            Text::new("空（福祉用具貸与以外）", "empty (not 福祉用具貸与)"),
            Text::new(
                format!("サービスコード {code} は福祉用具貸与ではないため明細判別コードは空です"),
                format!("サービスコード {code} is not 福祉用具貸与, so 明細判別コード is empty"),
            ),
        ),
        Fact::UseDateMonth { month } => expected(Text::new(
            format!("{month}の日付"),
            format!("a date in {month}"),
        )),
        Fact::NumberInferred => expected(Text::new(
            "半角数字（書式の記載はなく、項目名から数字と読む）",
            "ASCII digits (no format is printed; read from the item's name)",
        )),
        Fact::Range { lo, hi } => expected(Text::new(
            format!("{lo}～{hi}"),
            format!("{lo} to {hi}"),
        )),
        Fact::Time2400 => both(
            Text::new("0000-2359（開始の時刻）", "0000-2359 (a start time)"),
            Text::new(
                "開始の時刻が2400です。2400は終了の時刻（24:00まで）としてのみ読めます",
                "a start time of 2400; 2400 reads as an end time (until 24:00) only",
            ),
        ),
        Fact::TimePair { none } => both(
            Text::new(
                format!("開始・終了とも HHMM、または両方 {none}"),
                format!("HHMM in both, or {none} in both"),
            ),
            Text::new(
                format!("開始時刻と終了時刻の一方だけが {none}（時間表示の無いサービス）です"),
                format!("only one of the start and end times is {none} (a service without a time)"),
            ),
        ),
        Fact::DailyRateOutOfMonth { month, days } => both(
            Text::new(
                format!("{month}の日（1～{days}日）にのみ1"),
                format!("1 on the days of {month} only (1-{days})"),
            ),
            Text::new(
                format!("対象年月 {month} は{days}日までですが、それより後の日に1があります"),
                format!("{month} has {days} days, but a later day is marked 1"),
            ),
        ),
        Fact::DailyRateAllZero => expected(Text::new(
            "空（日割り以外はNull）",
            "empty (Null when not pro-rated)",
        )),
        Fact::UnitsEmpty => expected(Text::new(
            "単位数（計算できない場合は0）",
            "the units (0 when they cannot be computed)",
        )),
        Fact::DetailCodePreventive { code } => both(
            Text::new("空（17:福祉用具貸与以外）", "empty (not 17 福祉用具貸与)"),
            Text::new(
                format!("サービスコード {code} は「17:福祉用具貸与」ではないため、明細判別コードは空とされています"),
                format!("サービスコード {code} is not 「17:福祉用具貸与」, for which the note leaves 明細判別コード empty"),
            ),
        ),
        Fact::DetailCodeSequence => expected(Text::new(
            "1からの連番（1,2,3,…）",
            "a number of a sequence from 1 (1, 2, 3, …)",
        )),
        Fact::OutOfLimitUnits { kind, kind_name } => both(
            Text::new("空（区分支給限度外のサービス）", "empty (a service outside the limit)"),
            Text::new(
                format!("{kind}（{kind_name}）は区分支給限度外のサービスのため、給付管理単位数はNull（空）固定です"),
                format!("{kind} ({kind_name}) is outside the 区分支給限度, so 給付管理単位数 is fixed empty"),
            ),
        ),
        Fact::LimitSlotOrder {
            slot,
            empty,
            empty_field,
        } => both(
            Text::new(
                format!("{empty}枠（{empty_field}）から順に設定"),
                format!("slots filled in order from slot {empty} ({empty_field})"),
            ),
            Text::new(
                format!("{slot}枠が設定されていますが、{empty}枠が空です"),
                format!("slot {slot} is set while slot {empty} is empty"),
            ),
        ),
        Fact::LimitSlotKind {
            instead,
            instead_name,
        } => expected(Text::new(
            format!("{instead}（{instead_name}）"),
            format!("{instead} ({instead_name})"),
        )),
        Fact::ConditionalRequired {
            if_no,
            if_name,
            code,
            code_name,
        } => both(
            Text::new("内容の記載", "a value"),
            Text::new(
                format!("No.{if_no} {if_name} が「{code}:{code_name}」のため、この項目に内容を記載します"),
                format!("No.{if_no} {if_name} is {code} ({code_name}), which requires this item"),
            ),
        ),

        // ------------------------------------------------------------ file
        Fact::MonthMismatch { name_month } => expected(Text::new(
            format!("ファイル名の年月 {name_month}"),
            format!("the file name's month {name_month}"),
        )),
        Fact::NumberEmpty { level } => both(
            Text::new("番号（各行に記載）", "a number (on every row)"),
            Text::new(
                format!("{level}が空です。番号の順で並べた順が帳票の順になるよう、各行に番号を記載します"),
                format!("{level} is empty; every row carries its numbers, so that sorting by them gives the printed order"),
            ),
        ),
        Fact::NumberDuplicate { numbers, first } => both(
            Text::new("他の行と異なる番号の組", "numbers no other row carries"),
            Text::new(
                format!("番号 {numbers} はレコード{first}と同じです。番号で並べたときの順が決まりません"),
                format!("the numbers {numbers} are those of record {first}; sorting by them leaves the order open"),
            ),
        ),
        Fact::SubNumberSequence {
            level,
            parent,
            found,
        } => both(
            Text::new("1からの連番", "1, 2, 3, …"),
            Text::new(
                format!("{parent} の{level}が {found} で、1からの連番ではありません"),
                format!("the {level} under {parent} are {found}, not 1, 2, 3, …"),
            ),
        ),
        Fact::SubContinuationFilled {
            level,
            number,
            first,
        } => both(
            Text::new("空（2行目以降）", "empty (on later rows)"),
            Text::new(
                format!("{level} {number} の2行目以降です。NO以外の項目は最初の行（レコード{first}）のみに記載します"),
                format!("a later row of {level} {number}: items other than the numbers go on its first row (record {first}) only"),
            ),
        ),
        Fact::SikyuSummaryEmpty => both(
            Text::new("値（必須の印のある項目）", "a value (the item is marked ○)"),
            Text::new(
                "小計・合計行の必須項目が空です。小計・合計行の内容はNo.7, 13, 14, 15についてのみ規定されています",
                "a ○ item of a subtotal or total row is empty; the annex defines those rows' content for Nos.7, 13, 14 and 15 only",
            ),
        ),
        Fact::JskSender { kind, sender } => {
            let (ja, en) = if *kind {
                ("サービス種類", "service kind")
            } else {
                ("事業所番号", "office number")
            };
            both(
                Text::new(
                    format!("ファイル名の送信元の{ja} {sender}"),
                    format!("the file name's sender {en} {sender}"),
                ),
                Text::new(
                    format!("サービス事業所が送る実績の{ja}が送信元（{sender}）と異なります。実績は事業所番号・サービス種類ごとにまとめて送ります"),
                    format!("the {en} of a 実績 a provider sends differs from the sender's ({sender}); 実績 go one file per office and service kind"),
                ),
            )
        }
        Fact::DetailCodeDuplicate { first } => both(
            Text::new("レコードごとに異なる番号", "a number of its own"),
            Text::new(
                format!("同じ利用者・事業者・サービスコード・単位数・利用日のレコード{first}と同じ明細判別コードです"),
                format!("the same 明細判別コード as record {first}, of the same user, provider, サービスコード, units and day"),
            ),
        ),
        Fact::CsvVersionMixed { first } => expected(Text::new(
            format!("1レコード目と同じ {first}"),
            format!("{first}, as in the first record"),
        )),
        Fact::CsvVersionOtherEdition {
            expected: e,
            revision,
            found,
            edition,
        } => both(
            Text::new(
                format!("{e}（{revision}版）"),
                format!("{e} (revision {revision})"),
            ),
            Text::new(
                format!("CSVバージョン {found} は{edition}の値です（検査対象は{revision}版）"),
                format!("CSVバージョン {found} belongs to another edition ({edition}); the file is checked against {revision}"),
            ),
        ),
        Fact::CsvVersionUnknown {
            expected: e,
            revision,
        } => expected(Text::new(
            format!("{e}（{revision}版）"),
            format!("{e} (revision {revision})"),
        )),
        Fact::CsvVersionMonth {
            found,
            month,
            in_force,
            in_force_from,
            found_from,
            too_early,
        } => both(
            Text::new(
                format!("{in_force}（{in_force_from} から適用）"),
                format!("{in_force} (applies from {in_force_from})"),
            ),
            if *too_early {
                Text::new(
                    format!("CSVバージョン {found} は サービス提供年月 {found_from} から適用されます（{month} には早い）"),
                    format!("CSVバージョン {found} applies from service month {found_from}, too early for {month}"),
                )
            } else {
                Text::new(
                    format!("サービス提供年月 {month} には CSVバージョン {in_force} が適用されます（{found} は古い）"),
                    format!("service month {month} falls under CSVバージョン {in_force}; {found} is out of date"),
                )
            },
        ),
        Fact::HosokuMonth { plan_set, month } => expected(if *plan_set {
            Text::new(
                format!("{month}（第1表と送るため）"),
                format!("{month} (sent with table 1)"),
            )
        } else {
            Text::new(
                format!("{month}（ファイル名の提供年月）"),
                format!("{month} (the file name's month)"),
            )
        }),
        Fact::HosokuDate {
            plan_set,
            placeholder,
        } => expected(if *plan_set {
            Text::new(
                "第1表の居宅サービス計画作成（変更）日",
                "the plan date of table 1",
            )
        } else {
            Text::new(
                format!("{placeholder}（第6表と送るため）"),
                format!("{placeholder} (sent with table 6)"),
            )
        }),
        Fact::SikyuSubtotal {
            kind,
            rows,
            subtotal,
        } => both(
            Text::new(
                format!("{kind}{subtotal} の区分支給対象種類別小計行"),
                format!("a {kind}{subtotal} subtotal row"),
            ),
            Text::new(
                format!("サービス種類 {kind} の明細が{rows}行ありますが、{kind}{subtotal}（区分支給対象種類別小計）がありません"),
                format!("service kind {kind} has {rows} detail rows but no {kind}{subtotal} subtotal"),
            ),
        ),
        Fact::SikyuTotal { month, total } => both(
            Text::new(
                format!("サービスコード {total} の全合計行"),
                format!("a 全合計 row with サービスコード {total}"),
            ),
            Text::new(
                format!("この利用者の第7表（対象年月 {month}）に全合計（{total}）行がありません"),
                format!("this user's 第7表 for {month} has no 全合計 ({total}) row"),
            ),
        ),
        Fact::SikyuTotalDuplicate => expected(Text::new(
            "利用者ごとに1行の全合計",
            "one 全合計 row per user",
        )),
        Fact::TotalRowOffice { sentinel } => expected(Text::new(
            format!("全合計行は {sentinel}"),
            format!("{sentinel} on the 全合計 row"),
        )),
        Fact::SentinelOnTotalOnly { sentinel, total } => expected(Text::new(
            format!("{sentinel} は全合計（{total}）行のみ"),
            format!("{sentinel} only on the 全合計 ({total}) row"),
        )),
        Fact::SummaryUnitsZero => expected(Text::new(
            "0（小計・合計行は0固定）",
            "0 (fixed on subtotal and total rows)",
        )),
        Fact::SummaryEmpty => expected(Text::new(
            "空（小計・合計行はNull固定）",
            "empty (fixed on subtotal and total rows)",
        )),
        Fact::FindingsLimit { rule, omitted, max } => both(
            Text::new(
                format!("1ファイル・1ルールあたり{max}件まで"),
                format!("at most {max} findings of one rule per file"),
            ),
            Text::new(
                format!("{rule} の指摘がさらに{omitted}件あります（最初の{max}件だけを報告）"),
                format!("{omitted} more findings of {rule} (only the first {max} are reported)"),
            ),
        ),
        Fact::RevisionKindAbsent {
            kind,
            content_revision: c,
            version: v,
            checked_as,
            checked_as_version,
        } => both(
            Text::same(checked_as_version.as_str()),
            Text::new(
                format!("{kind} は{c}版にないファイルですが、CSVバージョンは{c}版の {v} です。{checked_as}版として検査します"),
                format!("{kind} does not exist in revision {c} but its CSVバージョン is {v}; it is checked as revision {checked_as}"),
            ),
        ),
        Fact::RevisionNameGrammar {
            named,
            content_revision: c,
            version: v,
            pattern,
            in_force,
        } => both(
            Text::same(pattern.as_str()),
            match in_force {
                None => Text::new(
                    format!(
                        "ファイル名は{}版の書式ですが、内容は{c}版（CSVバージョン {v}）です。内容を{c}版として検査します",
                        named.join("・")
                    ),
                    format!(
                        "the name follows the grammar of revision {} but the content is revision {c} (CSVバージョン {v}); the content is checked as {c}",
                        named.join(", ")
                    ),
                ),
                Some(month) => Text::new(
                    format!(
                        "ファイル名と項目は{}版の書式ですが、CSVバージョンは{c}版の {v} で、サービス提供年月 {month} には{c}版が適用されます。ファイル名と項目を{c}版の書式にしてください（内容を{c}版として検査します）",
                        named.join("・")
                    ),
                    format!(
                        "the name and the fields follow revision {} but the CSVバージョン is revision {c}'s {v}, which is in force for service month {month}: write the name and the fields to revision {c} (the content is checked as {c})",
                        named.join(", ")
                    ),
                ),
            },
        ),

        // ------------------------------------------------------------ unit
        Fact::UnitSecondOfKind { kind, serial, unit } => both(
            Text::new(
                format!("{unit} の {kind} は一つのファイル"),
                format!("one {kind} file in {unit}"),
            ),
            Text::new(
                format!("同じ送信単位（連番 {serial}）に同じ年月の {kind} が2つあります。一つのファイルにまとめます"),
                format!("a second {kind} of the same month in the send unit with 連番 {serial}; they belong in one file"),
            ),
        ),
        Fact::UnitSharedSerial { kind, serial, unit } => both(
            Text::new("送信単位ごとに別の連番", "a 連番 of its own per send unit"),
            Text::new(
                format!("{kind} が送信単位 {unit} と同じ連番 {serial} です。連番ごとに処理されるため、両者の取込順が定まりません"),
                format!("the {kind} shares 連番 {serial} with the send unit {unit}; units are processed by 連番, so their order is left open"),
            ),
        ),
        Fact::UnitSerial {
            kind,
            found,
            serial,
        } => both(
            Text::same(serial.as_str()),
            Text::new(
                format!("{kind} の連番 {found} が同じ送信単位の他のファイル（連番 {serial}）と異なります"),
                format!("the {kind} carries 連番 {found} while the rest of its send unit carries {serial}"),
            ),
        ),
        Fact::UnitParties {
            kind,
            found,
            parties,
        } => both(
            Text::same(parties.as_str()),
            Text::new(
                format!("{kind} の送信元・送信先（{found}）が同じ連番の送信単位（{parties}）と異なります"),
                format!("the {kind}'s sender and receiver ({found}) differ from those of its send unit ({parties})"),
            ),
        ),
        Fact::UnitMissing {
            name,
            unit,
            serial,
            kind,
        } => both(
            Text::same(name.as_str()),
            Text::new(
                format!("送信単位 {unit}（連番 {serial}）に {kind} がありません"),
                format!("the send unit {unit} with 連番 {serial} has no {kind}"),
            ),
        ),
        Fact::UnitMisnamed {
            name,
            unit,
            serial,
            kind,
            file,
        } => both(
            Text::same(name.as_str()),
            Text::new(
                format!("送信単位 {unit}（連番 {serial}）の {kind} は {file} としてありますが、名前が規則どおりでないため送信単位に入りません。名前を {name} にしてください"),
                format!("the send unit {unit} with 連番 {serial} has its {kind} as {file}, whose name places it in no unit; name it {name}"),
            ),
        ),
        Fact::UnitMonth { month, found } => both(
            Text::new(format!("第6表と同じ {month}"), format!("{month}, as the UPPLAN")),
            Text::new(
                format!("ファイル名の年月 {found} が同じ送信単位の第6表（{month}）と異なります"),
                format!("the file name's month {found} differs from the unit's UPPLAN ({month})"),
            ),
        ),

        // -------------------------------------------------------- relation
        Fact::NoParent {
            parent_kind,
            key,
            parent_file,
        } => both(
                Text::new(
                    format!("{parent_kind} にある 保険者番号＋被保険者番号＋{key}"),
                    format!("a 保険者番号 + 被保険者番号 + {key} present in {parent_kind}"),
                ),
                Text::new(
                    format!("このレコードの紐づけキーに一致する {parent_kind} のレコードがありません（{parent_file}）"),
                    format!("no {parent_kind} record matches this record's key ({parent_file})"),
                ),
            ),
        Fact::ImageMissing => expected(Text::new(
            "同じ送信単位の家族構成画像ファイル",
            "a family-structure image file in the same send unit",
        )),
        Fact::ImageUnreferenced { parent_file } => expected(Text::new(
            format!("{parent_file} の家族構成 画像ファイル名に記載"),
            format!("named in 家族構成 画像ファイル名 of {parent_file}"),
        )),
        Fact::NoSikyu { file } => expected(Text::new(
            format!("{file} に同じ利用者・対象年月の第7表"),
            format!("第7表 rows for the same user and month in {file}"),
        )),

        // ----------------------------------------------------- consistency
        Fact::SikyuAmount {
            units,
            discounted,
            count,
            expected: e,
            found,
        } => {
            let u = if *discounted { "割引後単位数" } else { "単位数" };
            both(
                Text::same(e.to_string()),
                computed(&format!("{u} {units} × 回数 {count} = {e}"), false, *found),
            )
        }
        Fact::SikyuSplit {
            base,
            managed,
            over,
            expected: e,
            found,
        } => {
            let b = if *managed {
                "給付管理単位数"
            } else {
                "サービス単位金額"
            };
            both(
                Text::same(e.to_string()),
                computed(
                    &format!("{b} {base} − 区分支給限度基準超単位数 {over} = {e}"),
                    false,
                    *found,
                ),
            )
        }
        Fact::SikyuSum {
            row,
            code,
            field,
            terms,
            more,
            expected: e,
            found,
        } => {
            let (ja, en) = summary_label(*row);
            let mut sum_ja: Vec<String> = terms
                .iter()
                .map(|(r, v)| format!("{v}（レコード{r}）"))
                .collect();
            let mut sum_en: Vec<String> = terms
                .iter()
                .map(|(r, v)| format!("{v} (record {r})"))
                .collect();
            if *more > 0 {
                sum_ja.push(format!("ほか{more}行"));
                sum_en.push(format!("{more} more rows"));
            }
            let (sj, se) = if terms.is_empty() {
                ("0".to_string(), "0".to_string())
            } else {
                (sum_ja.join(" + "), sum_en.join(" + "))
            };
            both(
                Text::same(e.to_string()),
                Text::new(
                    format!("{ja}（{code}）の{field}: {sj} = {e}、記載 {found}"),
                    format!("{field} of the {en} ({code}): {se} = {e}; the file has {found}"),
                ),
            )
        }
        Fact::SikyuCost {
            units,
            price: p,
            expected: e,
            found,
        } => both(
            Text::same(e.to_string()),
            computed(
                &floored(format!("{units} × {}", price(*p)), units * p, *e),
                true,
                *found,
            ),
        ),
        Fact::SikyuClaim {
            cost,
            rate,
            expected: e,
            found,
        } => both(
            Text::same(e.to_string()),
            computed(
                &floored(format!("{cost} × {rate} / 100"), cost * rate, *e),
                true,
                *found,
            ),
        ),
        Fact::SikyuCopay {
            cost,
            claim,
            expected: e,
            found,
        } => both(
            Text::same(e.to_string()),
            computed(&format!("{cost} − {claim} = {e}"), false, *found),
        ),
        Fact::SikyuFullCopay {
            over,
            price: p,
            expected: e,
            found,
        } => both(
            Text::same(e.to_string()),
            computed(
                &floored(format!("{over} × {}", price(*p)), over * p, *e),
                true,
                *found,
            ),
        ),
        Fact::SikyuPrice {
            price: p,
            kinds,
            from_month,
            total_row,
        } => {
            let list_ja: Vec<String> = kinds
                .iter()
                .map(|k| format!("{} {}: {}", k.kind, k.name, kind_prices(k)))
                .collect();
            let e = Text::new(
                format!("{}（{from_month}からの単価）", list_ja.join("、")),
                format!("{} (prices from {from_month})", list_ja.join("; ")),
            );
            let names: Vec<String> = kinds.iter().map(|k| format!("{} {}", k.kind, k.name)).collect();
            both(
                e,
                if *total_row {
                    Text::new(
                        format!("全合計行の単位数単価 {} は、この利用者の {} の単価ではありません。単価はサービス種類ごとに異なるため、費用総額は種類ごとの行で計算します", price(*p), names.join("・")),
                        format!("the 全合計 row's 単位数単価 {} is not a price of this user's {}; prices differ by service kind, so 費用総額 is computed on each kind's row", price(*p), names.join(", ")),
                    )
                } else {
                    Text::new(
                        format!("単位数単価 {} は {} の地域区分別の単価のどれでもありません", price(*p), names.join("・")),
                        format!("単位数単価 {} is none of the prices by 地域区分 of {}", price(*p), names.join(", ")),
                    )
                },
            )
        }
        Fact::SikyuLimit {
            within,
            limit,
            level,
            level_name,
            from_hosoku,
            hosoku_file,
        } => both(
            if *from_hosoku {
                Text::new(
                    format!("{limit}以下（{hosoku_file} の区分支給限度基準額、{level} {level_name}）"),
                    format!("at most {limit} (区分支給限度基準額 of {hosoku_file}, {level} {level_name})"),
                )
            } else {
                Text::new(
                    format!("{limit}以下（{level} {level_name} の区分支給限度基準額）"),
                    format!("at most {limit} (区分支給限度基準額 of {level} {level_name})"),
                )
            },
            Text::new(
                format!("この利用者の区分支給限度基準内単位数の合計 {within} が区分支給限度基準額 {limit} を超えています"),
                format!("this user's 区分支給限度基準内単位数 add up to {within}, over the 区分支給限度基準額 {limit}"),
            ),
        ),
        Fact::HosokuLimit {
            level,
            level_name,
            national,
            from_month,
            found,
        } => both(
            Text::new(
                format!("{national}以上（{level} {level_name}、{from_month}からの基準額）"),
                format!("at least {national} ({level} {level_name}, the limit from {from_month})"),
            ),
            Text::new(
                format!("{level} {level_name} の区分支給限度基準額は {national} 単位です。記載 {found} はそれを下回ります（市町村の条例による上乗せは基準額を上回る方向のみ）"),
                format!("the 区分支給限度基準額 of {level} {level_name} is {national} units; {found} is below it (a municipality may only raise it)"),
            ),
        ),
        Fact::PlanCount {
            plan_total,
            plan_records,
            plan_file,
            found,
        } => both(
            Text::same(plan_total.to_string()),
            Text::new(
                format!("第6表（{plan_file}）の同じ利用者・事業所・サービスのサービス回数の合計は {plan_total}（{plan_records}レコード）、記載 {found}"),
                format!("the サービス回数 of the same user, office and service in 第6表 ({plan_file}) add up to {plan_total} ({plan_records} records); the file has {found}"),
            ),
        ),
    }
}

/// A fact as a report that masks personal data tells it: what the fact
/// says of the value itself (the date a 和暦 date names, the code a label
/// stands for) masked by character class, as the value is. The rest of
/// what a fact says comes from the layout and the rules.
fn masked(f: &Fact) -> Cow<'_, Fact> {
    use crate::finding::mask;
    match f {
        Fact::Shape(Shape::DateDigits { hint: Some(h) }) => {
            Cow::Owned(Fact::Shape(Shape::DateDigits {
                hint: Some(mask(h)),
            }))
        }
        Fact::Shape(Shape::TimeDigits { placeholder, hint }) => {
            Cow::Owned(Fact::Shape(Shape::TimeDigits {
                placeholder: placeholder.clone(),
                hint: mask(hint),
            }))
        }
        Fact::CodeLabel { code, label } => Cow::Owned(Fact::CodeLabel {
            code: mask(code),
            label: mask(label),
        }),
        Fact::Respelled { how, fact } => match masked(fact) {
            Cow::Borrowed(_) => Cow::Borrowed(f),
            Cow::Owned(inner) => Cow::Owned(Fact::Respelled {
                how: *how,
                fact: Box::new(inner),
            }),
        },
        _ => Cow::Borrowed(f),
    }
}

impl Finding {
    /// What is wrong, in words: the fact's account, or the rule's title.
    pub fn message(&self, lang: Lang) -> Cow<'static, str> {
        self.message_shown(lang, true)
    }

    /// What was expected, in words, when the rule says.
    pub fn expected(&self, lang: Lang) -> Option<String> {
        self.expected_shown(lang, true)
    }

    /// The fact as told with personal data shown or not: when the found
    /// value is masked, what the fact says of it is masked too.
    fn fact_shown(&self, show_personal: bool) -> Option<Cow<'_, Fact>> {
        let f = self.fact.as_ref()?;
        Some(if self.personal && !show_personal {
            masked(f)
        } else {
            Cow::Borrowed(f)
        })
    }

    /// [`Finding::message`] in a report that shows personal data or not.
    pub fn message_shown(&self, lang: Lang, show_personal: bool) -> Cow<'static, str> {
        match self
            .fact_shown(show_personal)
            .and_then(|f| render(&f).detail)
        {
            Some(t) => Cow::Owned(t.get(lang).to_string()),
            None => Cow::Borrowed(match lang {
                Lang::Ja => self.rule.title_ja,
                Lang::En => self.rule.title_en,
            }),
        }
    }

    /// [`Finding::expected`] in a report that shows personal data or not.
    pub fn expected_shown(&self, lang: Lang, show_personal: bool) -> Option<String> {
        let fact = self.fact_shown(show_personal)?;
        let e = render(&fact).expected?;
        Some(e.get(lang).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_says_the_same_values() {
        let r = render(&Fact::Length {
            want: 6,
            fixed: true,
            digits: true,
            actual: 5,
        });
        assert_eq!(r.expected, Some(Text::new("6桁", "exactly 6 digits")));
        assert_eq!(
            r.detail,
            Some(Text::new("項目長が5桁です", "the value is 5 digits long"))
        );
        let r = render(&Fact::LineEnd {
            found: "LF".into(),
            more: 2,
        });
        assert_eq!(
            r.detail,
            Some(Text::new(
                "レコードの区切りがLFです（他2件）",
                "a record ends with LF (2 more)"
            ))
        );
        assert_eq!(
            render(&Fact::NameDirection {
                plan_side: true,
                care_management: vec!["43".into(), "46".into(), "AF".into()],
            })
            .expected
            .unwrap()
            .en,
            "sender a plan-making kind (43/46/AF), receiver a service"
        );
    }
}

#[cfg(test)]
mod figures {
    use super::*;

    #[test]
    fn figures_are_written_exactly() {
        assert_eq!(price(1140), "11.40");
        assert_eq!(price(1000), "10.00");
        assert_eq!(hundredths(1_112_640), "11126.4");
        assert_eq!(hundredths(522_675), "5226.75");
        assert_eq!(hundredths(24_475_500), "244755");
        assert_eq!(
            floored("976 × 11.40".into(), 1_112_640, 11126),
            "976 × 11.40 = 11126.4 → 11126"
        );
        assert_eq!(
            floored("22050 × 11.10".into(), 24_475_500, 244_755),
            "22050 × 11.10 = 244755"
        );
        let r = render(&Fact::SikyuClaim {
            cost: 244_755,
            rate: 90,
            expected: 220_279,
            found: 220_280,
        });
        assert_eq!(
            r.detail.unwrap(),
            Text::new(
                "244755 × 90 / 100 = 220279.5 → 220279（1円未満切り捨て）、記載 220280",
                "244755 × 90 / 100 = 220279.5 → 220279 (fractions of a yen dropped); the file has 220280"
            )
        );
    }
}
